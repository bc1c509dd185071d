// Url::parse on arbitrary bytes, and on scheme://user:PASSWORD@rest built from them: the password
// (it holds a marker) never shows in `redacted`, in a ConfigError, or in the no-driver message,
// and when the URL parses it is in `password` and in no other field.

#include <quarry/driver/registry.hpp>
#include <quarry/driver/url.hpp>

#include "fuzz.hpp"

namespace {

constexpr std::string_view marker = "Pw9xQ";

bool has(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

/// Parses text; every error must be a ConfigError that starts with "quarry: " and shows the URL
/// only as redacted. Returns the messages, which the caller checks for the marker.
std::string messages_of(const std::string& text, std::optional<quarry::driver::Url>& parsed) {
  std::string out;
  try {
    parsed = quarry::driver::Url::parse(text);
    out += parsed->redacted;
    try {
      quarry::driver::find_driver(*parsed);  // none is registered here: it throws, naming the scheme
      FUZZ_CHECK(!"find_driver found a driver");
    } catch (const quarry::ConfigError& e) {
      FUZZ_CHECK(std::string_view(e.what()).starts_with("quarry: no driver for '"));
      out += '\n';
      out += e.what();
    }
  } catch (const quarry::ConfigError& e) {
    FUZZ_CHECK(std::string_view(e.what()).starts_with("quarry: invalid database URL '"));
    out += e.what();
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // any bytes: no crash, no undefined behaviour, no exception but ConfigError
  std::optional<quarry::driver::Url> any;
  fuzz::story = "arbitrary input";
  messages_of(std::string(reinterpret_cast<const char*>(data), size), any);

  fuzz::Bytes in(data, size);
  static constexpr std::string_view schemes[] = {"postgres", "postgresql", "mysql", "mariadb", "sqlite", "SQLite",
                                                  "Postgres", "x"};
  static constexpr std::string_view separators[] = {"://", "://", "://", ":/", ":", "://["};
  std::string scheme = in.flag() ? std::string(schemes[in.pick(std::size(schemes))]) : in.text(6);
  std::string separator(separators[in.pick(std::size(separators))]);
  std::string user = in.text(12);
  std::string password = in.text(6) + std::string(marker) + in.text(6);
  std::string rest = in.rest();
  std::string outside = scheme + separator + user + rest;
  if (has(outside, marker)) return 0;  // the marker only in the password
  std::string text = scheme + separator + user + ":" + password + "@" + rest;
  fuzz::story = "url: " + text;

  std::optional<quarry::driver::Url> url;
  std::string messages = messages_of(text, url);
  fuzz::story += "\nmessages: " + messages;
  FUZZ_CHECK(!has(messages, marker));
  if (url && !has(outside, "%")) {
    // it parsed: the password is where the drivers keep it secret, and nowhere else
    fuzz::story += "\npassword: " + url->password;
    bool sqlite = url->scheme == "sqlite";
    FUZZ_CHECK(!sqlite);  // user:password@ in a SQLite URL is an error
    FUZZ_CHECK(has(url->password, marker));
    FUZZ_CHECK(!has(url->user, marker) && !has(url->host, marker) && !has(url->database, marker));
    for (const auto& [key, value] : url->options) FUZZ_CHECK(!has(key, marker) && !has(value, marker));
  }
  return 0;
}
