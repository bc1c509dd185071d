// A JSON column compared as a whole (its text differs between servers for equal documents).
// expect: quarry: a JSON column is compared by a path inside it
#include "models.hpp"

namespace cf {
struct Document {  // a JSON document type of the program's own (nlohmann::json with <quarry/json.hpp>)
  std::string text;
};
struct Profile {
  std::int64_t id{};
  Document meta{};
};
}  // namespace cf
template <>
struct quarry::Codec<cf::Document> {
  static constexpr quarry::TypeKind kind = quarry::TypeKind::json;
  static std::string to_db(const cf::Document& d) { return d.text; }
  static cf::Document from_db(const std::string& text) { return {text}; }
};

int main() {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  auto condition = col<&cf::Profile::meta> == cf::Document{R"({"plan":"pro"})"};
#else
  auto condition = col<&cf::Profile::meta>["plan"] == "pro";
#endif
  return where(condition).lower().args.size() == 2 ? 0 : 1;
}
