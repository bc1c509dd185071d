#pragma once
/// Declared validators: what a value must be beyond what its column can hold, checked on every
/// write before any SQL is sent (Sequelize's `validate: { isEmail: true }`).
///
///   template <> struct quarry::Model<User> {
///     static constexpr auto validate = quarry::validators(
///         quarry::rules<&User::email>(quarry::is_email, quarry::len(3, 200)),
///         quarry::rules<&User::age>(quarry::min(0), quarry::max(150).msg("is not a human age")),
///         quarry::row_rule("contact", [](const User& u) { return u.email || u.phone; },
///                          "needs an email or a phone number"));
///   };
///
/// A null (an empty std::optional) passes every validator, as in Sequelize: make the member
/// non-optional to require a value. A validator that cannot apply to a member's type does not
/// compile. The patterns of matches/not_matches need <quarry/matches.hpp>, which brings <regex>.

#include <charconv>
#include <array>
#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../algorithm.hpp"  // quarry::detail's algorithms: no <algorithm>
#include "../config.hpp"
#include "../error.hpp"
#include "../types.hpp"
#include "names.hpp"
#include "traits.hpp"

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: the messages of len(min, max) and contains(text)
#endif

namespace quarry {

template <class T> struct Model;

namespace detail {

// ---- what the text validators test: plain functions, compiled once ----

constexpr bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool ascii_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool ascii_hex(char c) { return ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
constexpr bool ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Declared here and defined with the bodies (compiled once in quarry::core with QUARRY_COMPILED):
// a validator refers to its test by address, so the files that declare models parse no test.
QUARRY_FUNC std::size_t code_points(std::string_view s);
QUARRY_FUNC bool text_is_domain(std::string_view s);
QUARRY_FUNC bool text_is_email(std::string_view s);
QUARRY_FUNC bool text_is_ipv4(std::string_view s);
QUARRY_FUNC bool text_is_ipv6(std::string_view s);
QUARRY_FUNC bool text_is_url(std::string_view s);
QUARRY_FUNC bool text_is_uuid(std::string_view s);
QUARRY_FUNC bool text_is_numeric(std::string_view s);
QUARRY_FUNC bool text_is_int(std::string_view s);
QUARRY_FUNC bool text_is_alpha(std::string_view s);
QUARRY_FUNC bool text_is_alphanumeric(std::string_view s);
QUARRY_FUNC bool text_is_lowercase(std::string_view s);
QUARRY_FUNC bool text_is_uppercase(std::string_view s);
QUARRY_FUNC bool text_not_empty(std::string_view s);
QUARRY_FUNC std::optional<Timestamp> moment_of(std::string_view s);
QUARRY_FUNC bool text_is_date(std::string_view s);
QUARRY_FUNC bool text_is_ip(std::string_view s);

#ifdef QUARRY_BODIES
QUARRY_FUNC std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

/// A domain name of at least two labels: letters, digits and hyphens (not at a label's ends),
/// labels of 1 to 63 characters, a top-level label of letters (or punycode) of two or more.
QUARRY_FUNC bool text_is_domain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  if (s.back() == '.') s.remove_suffix(1);
  std::size_t labels = 0;
  std::string_view last;
  while (!s.empty()) {
    auto dot = s.find('.');
    auto label = s.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!ascii_alpha(c) && !ascii_digit(c) && c != '-' && static_cast<unsigned char>(c) < 0x80) return false;
    ++labels;
    last = label;
    s = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
    if (dot != std::string_view::npos && s.empty()) return false;
  }
  if (labels < 2 || last.size() < 2) return false;
  bool punycode = last.starts_with("xn--");
  for (char c : last)
    if (!punycode && !ascii_alpha(c) && static_cast<unsigned char>(c) < 0x80) return false;
  return true;
}

/// An email address as forms accept it: a local part of at most 64 characters (letters, digits
/// and !#$%&'*+-/=?^_`{|}~, dot-separated, no leading, trailing or double dot) and a domain.
QUARRY_FUNC bool text_is_email(std::string_view s) {
  if (s.size() > 254) return false;
  auto at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  auto local = s.substr(0, at);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
  constexpr std::string_view special = "!#$%&'*+-/=?^_`{|}~.";
  for (char c : local)
    if (!ascii_alpha(c) && !ascii_digit(c) && special.find(c) == std::string_view::npos &&
        static_cast<unsigned char>(c) < 0x80)
      return false;
  return text_is_domain(s.substr(at + 1));
}

/// Dotted-quad IPv4: four numbers 0 to 255, without leading zeros.
QUARRY_FUNC bool text_is_ipv4(std::string_view s) {
  int parts = 0;
  while (parts < 4) {
    std::size_t n = 0;
    int value = 0;
    while (n < s.size() && ascii_digit(s[n]) && n < 3) value = value * 10 + (s[n++] - '0');
    if (n == 0 || value > 255 || (n > 1 && s[0] == '0')) return false;
    s.remove_prefix(n);
    ++parts;
    if (parts < 4) {
      if (s.empty() || s[0] != '.') return false;
      s.remove_prefix(1);
    }
  }
  return s.empty();
}

/// IPv6 in its text forms: eight groups of 1 to 4 hex digits, one "::" for a run of zeros, and
/// an IPv4 tail ("::ffff:192.0.2.1"); a zone ("%eth0") is allowed after a link-local address.
QUARRY_FUNC bool text_is_ipv6(std::string_view s) {
  if (auto zone = s.find('%'); zone != std::string_view::npos) {
    if (zone + 1 == s.size()) return false;
    s = s.substr(0, zone);
  }
  if (s.size() < 2) return false;
  auto gap = s.find("::");
  if (gap != std::string_view::npos && s.find("::", gap + 1) != std::string_view::npos) return false;
  int groups = 0;
  bool v4_tail = false;
  auto count = [&](std::string_view part) {  // the groups of part, separated by single colons
    if (part.empty()) return true;
    while (true) {
      auto colon = part.find(':');
      auto group = part.substr(0, colon);
      if (colon == std::string_view::npos && group.find('.') != std::string_view::npos) {
        if (!text_is_ipv4(group)) return false;
        groups += 2;
        v4_tail = true;
        return true;
      }
      if (group.empty() || group.size() > 4) return false;
      for (char c : group)
        if (!ascii_hex(c)) return false;
      ++groups;
      if (colon == std::string_view::npos) return true;
      part.remove_prefix(colon + 1);
    }
  };
  if (gap == std::string_view::npos) return count(s) && groups == 8;
  auto head = s.substr(0, gap), tail = s.substr(gap + 2);
  if (head.find('.') != std::string_view::npos) return false;  // the IPv4 part comes last
  if (!count(head)) return false;
  bool ok = count(tail);
  (void)v4_tail;
  return ok && groups <= 7;
}

/// A URL with an http, https or ftp scheme (or none), a host (a domain, localhost, or an IP
/// address, IPv6 in brackets), an optional port, then anything without spaces.
QUARRY_FUNC bool text_is_url(std::string_view s) {
  if (s.empty() || s.size() > 2083) return false;
  for (char c : s)
    if (ascii_space(c) || c == '<' || c == '>') return false;
  bool scheme = false;
  if (auto at = s.find("://"); at != std::string_view::npos) {
    auto name = s.substr(0, at);
    if (name != "http" && name != "https" && name != "ftp") return false;
    s.remove_prefix(at + 3);
    scheme = true;
  }
  auto end = s.find_first_of("/?#");
  auto authority = s.substr(0, end);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {  // user:pass@, after a scheme only
    if (!scheme) return false;
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority, port;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return false;
    host = authority.substr(1, close - 1);
    auto rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return false;
      port = rest.substr(1);
      if (port.empty()) return false;
    }
    if (!text_is_ipv6(host)) return false;
  } else {
    if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      if (port.empty()) return false;
    }
    if (host != "localhost" && !text_is_ipv4(host) && !text_is_domain(host)) return false;
  }
  if (port.size() > 5) return false;
  long number = 0;
  for (char c : port) {
    if (!ascii_digit(c)) return false;
    number = number * 10 + (c - '0');
  }
  return number <= 65535;
}

/// 8-4-4-4-12 hex digits, any version.
QUARRY_FUNC bool text_is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !ascii_hex(s[i])) return false;
  }
  return true;
}

/// An optional sign, then digits with at most one decimal point, at least one digit after it
/// when there is one ("3", "-3.5", ".5"; not "3." or "1e5").
QUARRY_FUNC bool text_is_numeric(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  auto point = s.find('.');
  auto whole = s.substr(0, point), fraction = point == std::string_view::npos ? std::string_view{} : s.substr(point + 1);
  if (point != std::string_view::npos && fraction.empty()) return false;
  if (whole.empty() && fraction.empty()) return false;
  return detail::all_of(whole.begin(), whole.end(), ascii_digit) &&
         detail::all_of(fraction.begin(), fraction.end(), ascii_digit);
}

/// An optional sign, then a whole number without leading zeros ("0", "-12"; not "012").
QUARRY_FUNC bool text_is_int(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (s.empty() || (s.size() > 1 && s[0] == '0')) return false;
  return detail::all_of(s.begin(), s.end(), ascii_digit);
}

QUARRY_FUNC bool text_is_alpha(std::string_view s) { return !s.empty() && detail::all_of(s.begin(), s.end(), ascii_alpha); }
QUARRY_FUNC bool text_is_alphanumeric(std::string_view s) {
  return !s.empty() && detail::all_of(s.begin(), s.end(), [](char c) { return ascii_alpha(c) || ascii_digit(c); });
}
QUARRY_FUNC bool text_is_lowercase(std::string_view s) {
  return detail::none_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}
QUARRY_FUNC bool text_is_uppercase(std::string_view s) {
  return detail::none_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}
QUARRY_FUNC bool text_not_empty(std::string_view s) { return !detail::all_of(s.begin(), s.end(), ascii_space); }

/// A date or a time in quarry's text forms ("2024-05-01", "2024-05-01 12:00:00", ISO 8601 with T
/// and Z or an offset), as parse_timestamp reads them.
/// The moment a date's or a timestamp's text names (a date is its midnight, UTC).
QUARRY_FUNC std::optional<Timestamp> moment_of(std::string_view s) {
  if (s.size() == 10) {
    auto d = parse_date(s);
    if (d && d->ok()) return Timestamp{std::chrono::sys_days{*d}};
    return std::nullopt;
  }
  return parse_timestamp(s);
}
QUARRY_FUNC bool text_is_date(std::string_view s) { return moment_of(s).has_value(); }

QUARRY_FUNC bool text_is_ip(std::string_view s) { return text_is_ipv4(s) || text_is_ipv6(s); }
#endif  // QUARRY_BODIES

// ---- the validators ----

template <class V> inline constexpr bool is_text_v = std::is_same_v<V, std::string>;
template <class V>
inline constexpr bool is_number_v = (std::is_integral_v<V> && !std::is_same_v<V, bool>) || std::is_floating_point_v<V> ||
                                    std::is_same_v<V, Decimal>;
template <class V> inline constexpr bool is_moment_v = std::is_same_v<V, Date> || std::is_same_v<V, Timestamp>;

/// What every validator has: the message that replaces its own, set with msg("...").
template <class Self>
struct Rule {
  std::string_view custom_message;
  /// The message to report instead of the validator's own.
  constexpr Self msg(std::string_view m) const {
    Self s = static_cast<const Self&>(*this);
    s.custom_message = m;
    return s;
  }
  std::string message_or(std::string own) const { return custom_message.empty() ? own : std::string(custom_message); }
};

/// A validator of text by a plain function: is_email, is_url, is_ip, ...
template <bool (*Test)(std::string_view), class Tag>
struct TextRule : Rule<TextRule<Test, Tag>> {
  static constexpr std::string_view name = Tag::name;
  template <class V> static consteval bool applies() {
    static_assert(is_text_v<V>, "quarry: this text validator (is_email, is_url, is_ip, is_uuid, is_alpha, "
                                "is_alphanumeric, is_numeric, is_int, is_decimal, is_lowercase, is_uppercase, "
                                "not_empty, is_date) applies to std::string members only; use min/max for numbers");
    return is_text_v<V>;
  }
  bool test(std::string_view v) const { return Test(v); }
  std::string message() const { return this->message_or(std::string(Tag::message)); }
};

#define QUARRY_TEXT_RULE(id, fn, text)                          \
  struct id##_tag {                                             \
    static constexpr std::string_view name = #id;              \
    static constexpr std::string_view message = text;          \
  };                                                            \
  using id##_t = TextRule<&fn, id##_tag>;
QUARRY_TEXT_RULE(is_email, text_is_email, "is not an email address")
QUARRY_TEXT_RULE(is_url, text_is_url, "is not a URL")
QUARRY_TEXT_RULE(is_ipv4, text_is_ipv4, "is not an IPv4 address")
QUARRY_TEXT_RULE(is_ipv6, text_is_ipv6, "is not an IPv6 address")
QUARRY_TEXT_RULE(is_ip, text_is_ip, "is not an IP address")
QUARRY_TEXT_RULE(is_uuid, text_is_uuid, "is not a UUID")
QUARRY_TEXT_RULE(is_alpha, text_is_alpha, "must contain only letters")
QUARRY_TEXT_RULE(is_alphanumeric, text_is_alphanumeric, "must contain only letters and digits")
QUARRY_TEXT_RULE(is_numeric, text_is_numeric, "is not a number")
QUARRY_TEXT_RULE(is_int, text_is_int, "is not a whole number")
QUARRY_TEXT_RULE(is_decimal, text_is_numeric, "is not a decimal number")
QUARRY_TEXT_RULE(is_lowercase, text_is_lowercase, "must be lowercase")
QUARRY_TEXT_RULE(is_uppercase, text_is_uppercase, "must be uppercase")
QUARRY_TEXT_RULE(not_empty, text_not_empty, "must not be empty")
QUARRY_TEXT_RULE(is_date, text_is_date, "is not a date")
#undef QUARRY_TEXT_RULE

/// len(min, max): characters (UTF-8 code points) of text, bytes of a Blob, both bounds included.
struct Len : Rule<Len> {
  static constexpr std::string_view name = "len";
  std::size_t min = 0, max = 0;
  template <class V> static consteval bool applies() {
    static_assert(is_text_v<V> || std::is_same_v<V, Blob>,
                  "quarry: len(min, max) applies to std::string (characters) and quarry::Blob (bytes) members");
    return is_text_v<V> || std::is_same_v<V, Blob>;
  }
  template <class V> bool test(const V& v) const {
    std::size_t n;
    if constexpr (std::is_same_v<V, Blob>) n = v.size();
    else n = code_points(v);
    return n >= min && n <= max;
  }
  std::string message() const;
};
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string Len::message() const {
  if (min == max) return message_or(fmt::format("must be {} characters long", min));
  if (min == 0) return message_or(fmt::format("must be at most {} characters long", max));
  return message_or(fmt::format("must be between {} and {} characters long", min, max));
}
#endif  // QUARRY_BODIES

/// min(n) and max(n) of a number; A is the bound's type.
template <class A, bool Lower>
struct Bound : Rule<Bound<A, Lower>> {
  static constexpr std::string_view name = Lower ? "min" : "max";
  A bound{};
  template <class V> static consteval bool applies() {
    static_assert(is_number_v<V>, "quarry: min(n) and max(n) apply to number members (integers, floating point, "
                                  "quarry::Decimal); use len(min, max) for the length of text");
    return is_number_v<V>;
  }
  template <class V> bool test(const V& v) const {
    std::partial_ordering order = std::partial_ordering::unordered;
    if constexpr (std::is_same_v<V, Decimal>) order = v <=> Decimal(bound_text());
    else if constexpr (std::is_integral_v<V> && std::is_integral_v<A>)
      order = std::cmp_less(v, bound) ? std::partial_ordering::less
              : std::cmp_equal(v, bound) ? std::partial_ordering::equivalent : std::partial_ordering::greater;
    else order = static_cast<double>(v) <=> static_cast<double>(bound);
    return Lower ? order != std::partial_ordering::less && order != std::partial_ordering::unordered
                 : order != std::partial_ordering::greater && order != std::partial_ordering::unordered;
  }
  std::string bound_text() const {
    if constexpr (std::is_integral_v<A>) return std::to_string(bound);
    else {
      char buf[400];  // the shortest fixed form that reads back as the bound: 0.5, 1000000
      auto end = std::to_chars(buf, buf + sizeof buf, static_cast<double>(bound), std::chars_format::fixed).ptr;
      return std::string(buf, end);
    }
  }
  std::string message() const { return this->message_or((Lower ? "must be at least " : "must be at most ") + bound_text()); }
};

/// is_in(...) and not_in(...): text or whole numbers.
template <class E, std::size_t N, bool In>
struct Among : Rule<Among<E, N, In>> {
  static constexpr std::string_view name = In ? "is_in" : "not_in";
  std::array<E, N> values{};
  template <class V> static consteval bool applies() {
    constexpr bool ok = std::is_same_v<E, std::string_view> ? is_text_v<V>
                                                            : (std::is_integral_v<V> && !std::is_same_v<V, bool>);
    static_assert(ok, "quarry: is_in(...) and not_in(...) take values of the member's kind: strings for a "
                      "std::string member, whole numbers for an integer member");
    return ok;
  }
  template <class V> bool test(const V& v) const {
    bool found;
    if constexpr (std::is_same_v<E, std::string_view>) found = detail::contains(values, std::string_view(v));
    else found = detail::any_of(values.begin(), values.end(), [&](E e) { return std::cmp_equal(e, v); });
    return found == In;
  }
  std::string message() const {
    std::string list;
    for (const auto& e : values) {
      if (!list.empty()) list += ", ";
      if constexpr (std::is_same_v<E, std::string_view>) list += std::string(e);
      else list += std::to_string(e);
    }
    return this->message_or((In ? "must be one of " : "must not be one of ") + list);
  }
};

QUARRY_FUNC std::string contains_message(bool has, std::string_view part);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string contains_message(bool has, std::string_view part) {
  return fmt::format("{} \"{}\"", has ? "must contain" : "must not contain", part);
}
#endif  // QUARRY_BODIES

/// contains(text) and not_contains(text).
template <bool Has>
struct Contains : Rule<Contains<Has>> {
  static constexpr std::string_view name = Has ? "contains" : "not_contains";
  std::string_view part;
  template <class V> static consteval bool applies() {
    static_assert(is_text_v<V>, "quarry: contains(text) and not_contains(text) apply to std::string members");
    return is_text_v<V>;
  }
  bool test(std::string_view v) const { return (v.find(part) != std::string_view::npos) == Has; }
  std::string message() const {
    return this->message_or(contains_message(Has, part));
  }
};

/// is_after(moment) and is_before(moment): a Date, a Timestamp, or text that is one; the bound is
/// excluded. The moment is written as text ("2024-01-01", "2024-01-01T12:00:00Z").
template <bool After>
struct Moment : Rule<Moment<After>> {
  static constexpr std::string_view name = After ? "is_after" : "is_before";
  std::string_view moment;
  template <class V> static consteval bool applies() {
    static_assert(is_moment_v<V> || is_text_v<V>,
                  "quarry: is_after and is_before apply to quarry::Date, quarry::Timestamp and std::string members");
    return is_moment_v<V> || is_text_v<V>;
  }
  template <class V> bool test(const V& v) const {
    auto bound = moment_of(moment);
    std::optional<Timestamp> t;
    if constexpr (std::is_same_v<V, Date>) t = Timestamp{std::chrono::sys_days{v}};
    else if constexpr (std::is_same_v<V, Timestamp>) t = v;
    else t = moment_of(v);
    if (!bound || !t) return false;
    return After ? *t > *bound : *t < *bound;
  }
  std::string message() const { return this->message_or((After ? "must be after " : "must be before ") + std::string(moment)); }
};

/// satisfies(fn, message): fn(value) returns true when the value is good; or satisfies(fn) with
/// fn returning a std::string, empty when the value is good and the message otherwise.
template <class F>
struct Satisfies : Rule<Satisfies<F>> {
  static constexpr std::string_view name = "satisfies";
  F fn;
  std::string_view text;
  template <class V> static consteval bool applies() {
    constexpr bool ok = std::is_invocable_r_v<bool, const F&, const V&> ||
                        std::is_invocable_r_v<std::string, const F&, const V&>;
    static_assert(ok, "quarry: satisfies(fn, message) takes a callable of the member's value returning bool, or "
                      "returning std::string (empty when the value is good)");
    return ok;
  }
  template <class V> std::optional<std::string> failure(const V& v) const {
    if constexpr (std::is_same_v<std::invoke_result_t<const F&, const V&>, bool>) {
      if (fn(v)) return std::nullopt;
      return this->message_or(text.empty() ? std::string("is not valid") : std::string(text));
    } else {
      std::string why = fn(v);
      if (why.empty()) return std::nullopt;
      return this->message_or(std::move(why));
    }
  }
};

template <class R> struct RuleTraits { static constexpr bool rule = false; };
template <class S> requires std::is_base_of_v<Rule<S>, S> struct RuleTraits<S> { static constexpr bool rule = true; };

/// The reason a value fails rule r, if it does.
template <class R, class V>
std::optional<std::string> failure_of(const R& r, const V& v) {
  if constexpr (requires { r.failure(v); }) return r.failure(v);
  else if (r.test(v)) return std::nullopt;
  else return r.message();
}

/// The validators of one member (rules<M>(...)).
template <auto M, class... R>
struct MemberRules {
  static constexpr auto member = M;
  std::tuple<R...> rules;

  /// Adds a FieldError for each validator that v fails; an empty optional passes.
  template <class V>
  void check(const V& v, std::string_view column, std::vector<FieldError>& errors) const {
    if constexpr (is_optional_v<V>) {
      if (v) check(*v, column, errors);
    } else {
      std::apply([&](const auto&... r) { (add(r, v, column, errors), ...); }, rules);
    }
  }

 private:
  template <class Each, class V>
  static void add(const Each& r, const V& v, std::string_view column, std::vector<FieldError>& errors) {
    using Member = unwrap_optional_t<member_type<M>>;
    std::optional<std::string> why;
    if constexpr (std::is_same_v<V, Member>) why = failure_of(r, v);
    else why = failure_of(r, static_cast<Member>(v));  // a set(...) value as the member would hold it
    if (why)
      add_error(errors, member_name<M>(), std::move(*why), column, Each::name);
  }
};

/// A validator of a whole row (row_rule(name, fn, message)): the name is reported as the field.
template <class F>
struct RowRule {
  std::string_view name;
  F fn;
  std::string_view message;

  template <class T>
  void check_row(const T& row, std::vector<FieldError>& errors) const {
    if constexpr (std::is_same_v<std::invoke_result_t<const F&, const T&>, bool>) {
      if (!fn(row)) add_error(errors, name, message.empty() ? "is not valid" : std::string(message), {}, "row_rule");
    } else {
      std::string why = fn(row);
      if (!why.empty()) add_error(errors, name, std::move(why), {}, "row_rule");
    }
  }
};

template <class T> struct is_member_rules : std::false_type {};
template <auto M, class... R> struct is_member_rules<MemberRules<M, R...>> : std::true_type {};
template <class T> struct is_row_rule : std::false_type {};
template <class F> struct is_row_rule<RowRule<F>> : std::true_type {};

/// The validators a Model<T> declares (static constexpr auto validate = quarry::validators(...)).
template <class T>
concept declares_validators = requires { Model<T>::validate; };
}  // namespace detail

// ---- how users spell them ----

inline constexpr detail::is_email_t is_email{};
inline constexpr detail::is_url_t is_url{};
inline constexpr detail::is_ip_t is_ip{};
inline constexpr detail::is_ipv4_t is_ipv4{};
inline constexpr detail::is_ipv6_t is_ipv6{};
inline constexpr detail::is_uuid_t is_uuid{};
inline constexpr detail::is_alpha_t is_alpha{};
inline constexpr detail::is_alphanumeric_t is_alphanumeric{};
inline constexpr detail::is_numeric_t is_numeric{};
inline constexpr detail::is_int_t is_int{};
inline constexpr detail::is_decimal_t is_decimal{};
inline constexpr detail::is_lowercase_t is_lowercase{};
inline constexpr detail::is_uppercase_t is_uppercase{};
inline constexpr detail::not_empty_t not_empty{};
inline constexpr detail::is_date_t is_date{};

/// Between min and max characters (both included); len(n, n) for exactly n.
constexpr detail::Len len(std::size_t min, std::size_t max) {
  detail::Len l{};
  l.min = min;
  l.max = max;
  return l;
}
/// At least n (n itself passes).
template <class A>
  requires std::is_arithmetic_v<A>
constexpr detail::Bound<A, true> min(A n) {
  detail::Bound<A, true> b{};
  b.bound = n;
  return b;
}
/// At most n (n itself passes).
template <class A>
  requires std::is_arithmetic_v<A>
constexpr detail::Bound<A, false> max(A n) {
  detail::Bound<A, false> b{};
  b.bound = n;
  return b;
}

namespace detail {
template <bool In, class First, class... Rest>
constexpr auto among(First first, Rest... rest) {
  using E = std::conditional_t<std::is_convertible_v<First, std::string_view>, std::string_view, long long>;
  Among<E, 1 + sizeof...(Rest), In> a{};
  a.values = {static_cast<E>(first), static_cast<E>(rest)...};
  return a;
}
}  // namespace detail

/// One of these values: is_in("admin", "member"), is_in(1, 2, 3).
template <class... V> constexpr auto is_in(V... values) { return detail::among<true>(values...); }
/// None of these values.
template <class... V> constexpr auto not_in(V... values) { return detail::among<false>(values...); }

/// Contains this text.
constexpr detail::Contains<true> contains(std::string_view part) {
  detail::Contains<true> c{};
  c.part = part;
  return c;
}
/// Does not contain this text.
constexpr detail::Contains<false> not_contains(std::string_view part) {
  detail::Contains<false> c{};
  c.part = part;
  return c;
}
/// Later than this moment ("2024-01-01" or "2024-01-01T12:00:00Z").
constexpr detail::Moment<true> is_after(std::string_view moment) {
  detail::Moment<true> m{};
  m.moment = moment;
  return m;
}
/// Earlier than this moment.
constexpr detail::Moment<false> is_before(std::string_view moment) {
  detail::Moment<false> m{};
  m.moment = moment;
  return m;
}
/// A validator of your own: fn(value) returns true when the value is good (then message is
/// reported), or a std::string that is empty when the value is good and the message otherwise.
template <class F>
constexpr detail::Satisfies<F> satisfies(F fn, std::string_view message = {}) {
  detail::Satisfies<F> s{{}, fn, message};
  return s;
}

/// The validators of member M: rules<&User::email>(quarry::is_email, quarry::len(3, 200)).
template <auto M, class... R>
constexpr auto rules(R... r) {
  static_assert(std::is_member_object_pointer_v<decltype(M)>,
                "quarry: rules<...> takes a pointer to a data member, as in quarry::rules<&User::email>(...)");
  static_assert((detail::RuleTraits<R>::rule && ...),
                "quarry: rules<M>(...) takes validators: is_email, len(min, max), min(n), is_in(...), satisfies(fn), ...");
  using V = detail::unwrap_optional_t<detail::member_type<M>>;
  if constexpr ((R::template applies<V>() && ...)) return detail::MemberRules<M, R...>{{r...}};
  else return detail::MemberRules<M>{};
}

/// A validator of the whole row: fn(row) returns true when the row is good, or a std::string that
/// is empty when it is good; name is reported as the field ("coordinates").
template <class F>
constexpr detail::RowRule<F> row_rule(std::string_view name, F fn, std::string_view message = {}) {
  return {name, fn, message};
}

/// The list of a model's validators: Model<T>::validate.
template <class... V>
constexpr auto validators(V... v) {
  static_assert(((detail::is_member_rules<V>::value || detail::is_row_rule<V>::value) && ...),
                "quarry: validators(...) takes rules<&T::member>(...) and row_rule(name, fn, message)");
  return std::tuple<V...>{v...};
}

}  // namespace quarry
