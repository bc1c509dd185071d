#pragma once
/// URL options as data: each driver lists the options it takes, and check_options() refuses an
/// unknown option or a malformed value with ConfigError before anything connects.
///
///   inline constexpr quarry::OptionSpec spec[] = {{"connect_timeout", quarry::OptionKind::seconds},
///                                                 {"sslmode", quarry::OptionKind::choice, "disable,require"}};
///   quarry::check_options(url, spec, "mysql");
///   int timeout = quarry::option_number(url, "connect_timeout", 10);

#include <climits>  // INT_MAX
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "../config.hpp"
#include "../error.hpp"
#include "../types.hpp"  // parse_int
#include "url.hpp"

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: error messages
#endif

namespace quarry::driver {

/// What an option's value must be.
enum class OptionKind : std::uint8_t {
  seconds,       ///< whole seconds, 0 or more (at most 2147483, so that milliseconds fit an int)
  milliseconds,  ///< whole milliseconds, 0 or more
  choice,        ///< one of OptionSpec::choices, in any case
  name,          ///< letters, digits and '_': a character set, say
  text,          ///< anything: a path, a name given to the server
};

/// One option a backend takes.
struct OptionSpec {
  std::string_view name;
  OptionKind kind = OptionKind::text;
  std::string_view choices{};  ///< for a choice: the values, separated by ','
};

namespace detail {

QUARRY_FUNC std::string lowercase(std::string_view s);
QUARRY_FUNC bool is_choice(std::string_view value, std::string_view choices);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string lowercase(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

QUARRY_FUNC bool is_choice(std::string_view value, std::string_view choices) {
  auto v = lowercase(value);
  while (!choices.empty()) {
    auto comma = choices.find(',');
    if (choices.substr(0, comma) == v) return true;
    if (comma == std::string_view::npos) break;
    choices.remove_prefix(comma + 1);
  }
  return false;
}
#endif  // QUARRY_BODIES

/// "a, b or c" from "a,b,c".
QUARRY_FUNC std::string choice_list(std::string_view choices);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string choice_list(std::string_view choices) {
  std::string out;
  while (!choices.empty()) {
    auto comma = choices.find(',');
    bool last = comma == std::string_view::npos;
    if (!out.empty()) out += last ? " or " : ", ";
    out += choices.substr(0, comma);
    if (last) break;
    choices.remove_prefix(comma + 1);
  }
  return out;
}
#endif  // QUARRY_BODIES

/// A whole number from 0 to max, or -1.
QUARRY_FUNC int whole_number(std::string_view text, int max);
#ifdef QUARRY_BODIES
QUARRY_FUNC int whole_number(std::string_view text, int max) {
  int value = 0;
  if (text.empty() || text[0] == '-' || text[0] == '+' || !quarry::detail::parse_int(text, value) || value > max) return -1;
  return value;
}
#endif  // QUARRY_BODIES

}  // namespace detail

/// Checks every option of url against a backend's spec. An unknown option is named without its
/// value (a misplaced password must not reach a message or a log); a malformed value is shown.
QUARRY_FUNC void check_options(const Url& url, std::span<const OptionSpec> spec, std::string_view backend);
#ifdef QUARRY_BODIES
QUARRY_FUNC void check_options(const Url& url, std::span<const OptionSpec> spec, std::string_view backend) {
  for (const auto& option : url.options) {
    const std::string &key = option.first, &value = option.second;  // not a structured binding: lambdas capture these
    const OptionSpec* found = nullptr;
    for (const auto& s : spec)
      if (s.name == key) found = &s;
    if (!found) {
      std::string known;
      for (const auto& s : spec) known += (known.empty() ? "" : ", ") + std::string(s.name);
      throw ConfigError(fmt::format("quarry: unknown {} URL option '{}'; the options are {}", backend, key, known));
    }
    auto bad = [&](const std::string& what) {
      return ConfigError(fmt::format("quarry: {} option {} must be {}, not '{}'", backend, key, what, value));
    };
    switch (found->kind) {
      case OptionKind::seconds:
        if (detail::whole_number(value, INT_MAX / 1000) < 0) throw bad("whole seconds (0 or more)");
        break;
      case OptionKind::milliseconds:
        if (detail::whole_number(value, INT_MAX) < 0) throw bad("whole milliseconds (0 or more)");
        break;
      case OptionKind::choice:
        if (!detail::is_choice(value, found->choices)) throw bad(detail::choice_list(found->choices));
        break;
      case OptionKind::name:
        if (value.empty()) throw bad("a name (letters, digits, _)");
        for (char c : value)
          if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            throw bad("a name (letters, digits, _)");
        break;
      case OptionKind::text: break;
    }
  }
}
#endif  // QUARRY_BODIES

/// A checked seconds or milliseconds option, or fallback when the URL does not set it.
QUARRY_FUNC int option_number(const Url& url, const std::string& key, int fallback);
#ifdef QUARRY_BODIES
QUARRY_FUNC int option_number(const Url& url, const std::string& key, int fallback) {
  auto it = url.options.find(key);
  if (it == url.options.end()) return fallback;
  return detail::whole_number(it->second, INT_MAX);
}
#endif  // QUARRY_BODIES

/// A checked choice option in lowercase, or fallback when the URL does not set it.
QUARRY_FUNC std::string option_choice(const Url& url, const std::string& key, std::string fallback);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string option_choice(const Url& url, const std::string& key, std::string fallback) {
  auto it = url.options.find(key);
  return it == url.options.end() ? fallback : detail::lowercase(it->second);
}
#endif  // QUARRY_BODIES

}  // namespace quarry::driver
