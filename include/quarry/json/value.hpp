#pragma once
// One member's value to and from JSON: what each type of a model's fields becomes, and what a
// request body may give for it. Reading never throws: a value that does not fit is a message.

#include <charconv>  // from_chars
#include <cmath>     // isfinite
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <limits>
#include <utility>  // cmp_less_equal

#include <fmt/core.h>  // fmt::format: what a value is not
#include <nlohmann/json.hpp>

#include "../model/codec.hpp"
#include "../model/enums.hpp"
#include "../model/names.hpp"  // type_name
#include "../model/traits.hpp"
#include "../types.hpp"
#include "column.hpp"
#include "options.hpp"

namespace quarry::detail {

inline constexpr char base64_digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// RFC 4648 base64, with padding.
inline std::string base64_encode(const Blob& data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto byte = [&](std::size_t k) { return static_cast<unsigned>(data[k]); };
  for (; i + 3 <= data.size(); i += 3) {
    unsigned v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    for (int s = 18; s >= 0; s -= 6) out += base64_digits[(v >> s) & 63];
  }
  if (std::size_t rest = data.size() - i; rest > 0) {
    unsigned v = byte(i) << 16 | (rest == 2 ? byte(i + 1) << 8 : 0u);
    out += base64_digits[(v >> 18) & 63];
    out += base64_digits[(v >> 12) & 63];
    out += rest == 2 ? base64_digits[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

/// RFC 4648 base64 with padding, strictly (no whitespace, no missing padding); nullopt otherwise.
inline std::optional<Blob> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  Blob out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    std::size_t pad = last ? (text[i + 3] == '=') + (text[i + 2] == '=' && text[i + 3] == '=') : 0;
    unsigned v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      int d = k < 4 - pad ? value(text[i + k]) : 0;
      if (d < 0) return std::nullopt;
      v = v << 6 | static_cast<unsigned>(d);
    }
    out.push_back(static_cast<std::byte>(v >> 16));
    if (pad < 2) out.push_back(static_cast<std::byte>(v >> 8 & 0xff));
    if (pad < 1) out.push_back(static_cast<std::byte>(v & 0xff));
  }
  return out;
}

/// "created_at" -> "createdAt" (a name without underscores stays as it is).
inline std::string camel_case(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool upper = false;
  for (char c : name) {
    if (c == '_' && !out.empty()) {
      upper = true;
    } else {
      out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
      upper = false;
    }
  }
  return out;
}

inline std::string json_key(std::string_view member, JsonKeys keys) {
  return keys == JsonKeys::camel_case ? camel_case(member) : std::string(member);
}

inline constexpr std::int64_t json_safe_integer = (std::int64_t{1} << 53) - 1;

/// An integer of type V (char too, which std::in_range does not take) widened for comparisons.
template <class V>
using wide_integer = std::conditional_t<std::is_signed_v<V>, long long, unsigned long long>;

/// Whether x fits integer type V.
template <class V, class X>
constexpr bool fits_integer(X x) {
  using W = wide_integer<V>;
  return std::cmp_greater_equal(x, static_cast<W>(std::numeric_limits<V>::min())) &&
         std::cmp_less_equal(x, static_cast<W>(std::numeric_limits<V>::max()));
}

/// A whole string of decimal digits (with a leading '-') as an integer of type I; nullopt when it
/// is none or does not fit.
template <class I>
std::optional<I> integer_text(std::string_view s) {
  I out{};
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc{} || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return out;
}

/// The JSON of one member's value.
template <class V>
nlohmann::json json_value(const V& v, const JsonOptions& o) {
  if constexpr (is_optional_v<V>) {
    return v ? json_value(*v, o) : nlohmann::json(nullptr);
  } else if constexpr (std::is_same_v<V, nlohmann::json>) {
    return v;  // a JSON column: the document itself, nested
  } else if constexpr (std::is_same_v<V, nlohmann::ordered_json>) {
    return nlohmann::json(v);  // nlohmann converts between its JSON types
  } else if constexpr (has_codec<V>) {
    return json_value(Codec<V>::to_db(v), o);  // as it is stored
  } else if constexpr (std::is_same_v<V, bool>) {
    return v;
  } else if constexpr (enum_by_name_v<V>) {
    auto name = enum_name(v);
    if (name.empty()) return static_cast<std::underlying_type_t<V>>(v);  // a value that is no enumerator
    return std::string(name);
  } else if constexpr (std::is_enum_v<V>) {
    return static_cast<std::underlying_type_t<V>>(v);
  } else if constexpr (std::is_integral_v<V>) {
    auto w = static_cast<wide_integer<V>>(v);
    if (o.big_integers_as_strings && !(std::cmp_less_equal(w, json_safe_integer) && std::cmp_greater_equal(w, -json_safe_integer)))
      return std::to_string(w);
    return v;
  } else if constexpr (std::is_floating_point_v<V>) {
    return static_cast<double>(v);  // NaN and infinities are written as null
  } else if constexpr (std::is_same_v<V, std::string>) {
    return v;
  } else if constexpr (std::is_same_v<V, Blob>) {
    return base64_encode(v);
  } else if constexpr (std::is_same_v<V, Timestamp>) {
    return quarry::to_string(v);  // "2024-03-01T12:30:00.000001Z": ISO 8601 in UTC, with microseconds
  } else if constexpr (std::is_same_v<V, Date>) {
    return format_date(v);
  } else if constexpr (std::is_same_v<V, Decimal>) {
    std::string text = v.to_string();
    if (o.decimals_as_numbers) {
      if (v.scale() == 0)
        if (auto i = integer_text<std::int64_t>(text)) return *i;
      // significant digits: from the first that is not zero to the last
      std::size_t count = 0;
      bool started = false;
      for (char c : text) {
        if (c < '0' || c > '9') continue;
        started = started || c != '0';
        count += started;
      }
      double d = 0;  // from_chars: the C locale's '.', whatever the program's locale
      if (count <= 15 && std::from_chars(text.data(), text.data() + text.size(), d).ec == std::errc{})
        return d;  // the shortest text of that double is the decimal again
    }
    return text;
  } else if constexpr (std::is_same_v<V, Uuid>) {
    return v.to_string();
  } else {
    static_assert(always_false<V>, "quarry: this member's type has no JSON form");
  }
}

/// The name of a JSON value's type, for messages.
inline const char* json_type(const nlohmann::json& j) { return j.type_name(); }

/// Reads j into out; an error message ("is not a string") when it does not fit, and out unchanged.
template <class V>
std::optional<std::string> read_json_value(const nlohmann::json& j, V& out) {
  using std::string;
  if constexpr (is_optional_v<V>) {
    if (j.is_null()) {
      out.reset();
      return std::nullopt;
    }
    typename V::value_type inner{};
    if (auto why = read_json_value(j, inner)) return why;
    out = std::move(inner);
    return std::nullopt;
  } else if constexpr (std::is_same_v<V, nlohmann::json> || std::is_same_v<V, nlohmann::ordered_json>) {
    out = j;  // a JSON column takes any document, null too
    return std::nullopt;
  } else if constexpr (has_codec<V>) {
    stored_t<V> stored{};
    if (auto why = read_json_value(j, stored)) return why;
    try {
      out = Codec<V>::from_db(stored);
    } catch (const std::exception& e) {
      return fmt::format("is not a value of {} ({})", type_name<V>(), e.what());
    }
    return std::nullopt;
  } else {
    if (j.is_null()) return string("may not be null");
    if constexpr (std::is_same_v<V, bool>) {
      if (!j.is_boolean()) return fmt::format("is not a boolean (got {})", json_type(j));
      out = j.get<bool>();
    } else if constexpr (enum_by_name_v<V>) {
      auto bad = [] {
        string names;
        for (auto label : EnumNames<V>::labels) names += (names.empty() ? "" : ", ") + string(label);
        return "is not one of " + names;
      };
      if (!j.is_string()) return bad();
      auto value = EnumNames<V>::value(j.get_ref<const string&>());
      if (!value) return bad();
      out = *value;
    } else if constexpr (std::is_enum_v<V>) {
      std::underlying_type_t<V> raw{};
      if (auto why = read_json_value(j, raw)) return why;
      out = static_cast<V>(raw);
    } else if constexpr (std::is_integral_v<V>) {
      std::optional<V> value;
      if (j.is_number_unsigned()) {
        auto u = j.get<std::uint64_t>();
        if (fits_integer<V>(u)) value = static_cast<V>(u);
        else return string("is out of range");
      } else if (j.is_number_integer()) {
        auto i = j.get<std::int64_t>();
        if (fits_integer<V>(i)) value = static_cast<V>(i);
        else return string("is out of range");
      } else if (j.is_string()) {  // what to_json writes for big integers as strings
        const auto& s = j.get_ref<const string&>();
        if (!integer_text<long long>(s) && !integer_text<unsigned long long>(s)) return string("is not an integer");
        value = integer_text<V>(s);
        if (!value) return string("is out of range");
      } else {
        return fmt::format("is not an integer (got {})", json_type(j));
      }
      out = *value;
    } else if constexpr (std::is_floating_point_v<V>) {
      if (!j.is_number()) return fmt::format("is not a number (got {})", json_type(j));
      out = static_cast<V>(j.get<double>());
    } else if constexpr (std::is_same_v<V, std::string>) {
      if (!j.is_string()) return fmt::format("is not a string (got {})", json_type(j));
      out = j.get_ref<const string&>();
    } else if constexpr (std::is_same_v<V, Blob>) {
      if (!j.is_string()) return fmt::format("is not a base64 string (got {})", json_type(j));
      auto blob = base64_decode(j.get_ref<const string&>());
      if (!blob) return string("is not base64");
      out = std::move(*blob);
    } else if constexpr (std::is_same_v<V, Timestamp>) {
      if (!j.is_string()) return fmt::format("is not an ISO 8601 timestamp (got {})", json_type(j));
      auto t = parse_timestamp(j.get_ref<const string&>());
      if (!t) return string("is not an ISO 8601 timestamp");
      out = *t;
    } else if constexpr (std::is_same_v<V, Date>) {
      if (!j.is_string()) return fmt::format("is not a date YYYY-MM-DD (got {})", json_type(j));
      const auto& s = j.get_ref<const string&>();
      auto d = s.size() == 10 ? parse_date(s) : std::nullopt;
      if (!d) return string("is not a date YYYY-MM-DD");
      out = *d;
    } else if constexpr (std::is_same_v<V, Decimal>) {
      string text;
      if (j.is_string()) text = j.get_ref<const string&>();
      else if (j.is_number_integer()) text = j.dump();
      else if (j.is_number_float() && std::isfinite(j.get<double>())) text = j.dump();  // its shortest text
      else return fmt::format("is not a decimal number (got {})", json_type(j));
      try {
        out = Decimal(text);
      } catch (const ConversionError&) {
        return string("is not a decimal number");
      }
    } else if constexpr (std::is_same_v<V, Uuid>) {
      if (!j.is_string()) return fmt::format("is not a UUID (got {})", json_type(j));
      try {
        out = Uuid::parse(j.get_ref<const string&>());
      } catch (const ConversionError&) {
        return string("is not a UUID");
      }
    } else {
      static_assert(always_false<V>, "quarry: this member's type has no JSON form");
    }
    return std::nullopt;
  }
}

}  // namespace quarry::detail
