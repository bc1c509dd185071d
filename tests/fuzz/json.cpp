// Request bodies as a web service gets them: any bytes parsed as JSON (or, when they are no JSON,
// each field given them as a string) through quarry::from_json. The only error is a
// ValidationError (never one of nlohmann's); a row that is read writes JSON that reads back as
// the same JSON; base64 decodes what it encodes.

#include <quarry/json.hpp>

#include "fuzz.hpp"

namespace fuzz_json {
enum class Kind { plain, special };
struct Row {
  std::int64_t id{};
  bool flag{};
  std::int8_t i8{};
  std::uint16_t u16{};
  std::int64_t i64{};
  std::uint64_t u64{};
  double f64{};
  std::string text{};
  std::optional<std::string> maybe_text{};
  quarry::Blob blob{};
  quarry::Timestamp at{};
  quarry::Date day{std::chrono::year{2000} / 1 / 1};
  quarry::Decimal amount{};
  std::optional<quarry::Decimal> maybe_amount{};
  quarry::Uuid key{};
  Kind kind{};
  std::optional<std::int32_t> maybe_int{};
};
}  // namespace fuzz_json

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using fuzz_json::Row;
  using nlohmann::json;
  std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::story = "input: " + text;
  json body = json::parse(text, nullptr, false);
  if (body.is_discarded()) {
    body = json::object();
    quarry::detail::for_each_field<Row>([&](const auto& f) { body[std::string(f.member_name())] = text; });
  }
  for (bool trusted : {false, true}) {
    try {
      Row row = quarry::from_json<Row>(body, {.trusted = trusted});
      json written = quarry::to_json(row, {.hidden = true});
      fuzz::story += "\nwritten: " + written.dump(-1, ' ', false, json::error_handler_t::replace);
      json again = quarry::to_json(quarry::from_json<Row>(written, {.trusted = true}), {.hidden = true});
      FUZZ_CHECK(again == written);
    } catch (const quarry::ValidationError& e) {
      FUZZ_CHECK(!e.errors().empty());
    }
  }
  if (auto blob = quarry::detail::base64_decode(text)) {
    auto encoded = quarry::detail::base64_encode(*blob);
    FUZZ_CHECK(encoded.size() == text.size());
    FUZZ_CHECK(quarry::detail::base64_decode(encoded) == blob);
  }
  quarry::Blob bytes;
  for (auto c : text) bytes.push_back(static_cast<std::byte>(c));
  FUZZ_CHECK(quarry::detail::base64_decode(quarry::detail::base64_encode(bytes)) == bytes);
  return 0;
}
