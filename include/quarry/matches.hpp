#pragma once
/// matches(pattern) and not_matches(pattern): validators of text by an ECMAScript regular
/// expression, found anywhere in the value (Sequelize's `is` and `not`). In their own header
/// because they bring <regex>, which a translation unit that does not use them need not compile.
///
///   #include <quarry/matches.hpp>
///   quarry::rules<&User::handle>(quarry::matches("^[a-z0-9_]+$"), quarry::not_matches("admin", quarry::icase))

#include <map>
#include <mutex>
#include <regex>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/core.h>  // fmt::format: error messages

#include "error.hpp"
#include "model/validators.hpp"

namespace quarry {

/// Matches regardless of case.
inline constexpr struct icase_t {} icase;

namespace detail {
/// The compiled pattern, kept for the life of the program (a model declares a handful).
inline const std::regex& compiled_pattern(std::string_view pattern, bool icase) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, bool>, std::regex, std::less<>> cache;
  std::lock_guard lock(mutex);
  auto key = std::pair<std::string, bool>(pattern, icase);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  auto flags = std::regex::ECMAScript | (icase ? std::regex::icase : std::regex::flag_type{});
  try {
    return cache.emplace(std::move(key), std::regex(pattern.begin(), pattern.end(), flags)).first->second;
  } catch (const std::regex_error& e) {
    throw ConfigError(fmt::format("quarry: matches(\"{}\") is not a valid regular expression: {}", pattern, e.what()));
  }
}

template <bool Match>
struct Matches : Rule<Matches<Match>> {
  static constexpr std::string_view name = Match ? "matches" : "not_matches";
  std::string_view pattern;
  bool icase = false;
  template <class V> static consteval bool applies() {
    static_assert(is_text_v<V>, "quarry: matches(pattern) and not_matches(pattern) apply to std::string members");
    return is_text_v<V>;
  }
  bool test(std::string_view v) const {
    return std::regex_search(v.begin(), v.end(), compiled_pattern(pattern, icase)) == Match;
  }
  std::string message() const {
    return this->message_or((Match ? "must match " : "must not match ") + std::string(pattern));
  }
};
}  // namespace detail

/// The pattern is found in the value.
constexpr detail::Matches<true> matches(std::string_view pattern) {
  detail::Matches<true> m{};
  m.pattern = pattern;
  return m;
}
constexpr detail::Matches<true> matches(std::string_view pattern, icase_t) {
  auto m = matches(pattern);
  m.icase = true;
  return m;
}
/// The pattern is not found in the value.
constexpr detail::Matches<false> not_matches(std::string_view pattern) {
  detail::Matches<false> m{};
  m.pattern = pattern;
  return m;
}
constexpr detail::Matches<false> not_matches(std::string_view pattern, icase_t) {
  auto m = not_matches(pattern);
  m.icase = true;
  return m;
}

}  // namespace quarry
