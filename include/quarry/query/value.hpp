#pragma once
// C++ values to bound parameters.

#include <string>
#include <string_view>
#include <type_traits>

#include "../config.hpp"
#include "../error.hpp"
#include "../model/names.hpp"  // type_name
#include "../model/traits.hpp"
#include "../sql/ast.hpp"  // Node: param_node
#include "../sql/value.hpp"

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: error messages
#endif

namespace quarry::detail {

/// A value of an enum stored by name that is no enumerator (static_cast<Role>(9)): nothing can
/// be written for it.
[[noreturn, gnu::cold]] QUARRY_FUNC void no_enumerator(std::string_view type, long long value);
#ifdef QUARRY_BODIES
[[noreturn, gnu::cold]] QUARRY_FUNC void no_enumerator(std::string_view type, long long value) {
  throw ConversionError(
      fmt::format("quarry: {} is no enumerator of {}, so it has no name to store; no SQL was sent", value, type));
}
#endif  // QUARRY_BODIES

/// The name an enum value of an enum stored by name is written as: static text, never copied.
template <class E>
std::string_view enum_text(E v) {
  std::string_view name = enum_name(v);
  if (name.empty()) [[unlikely]]
    no_enumerator(type_name<E>(), static_cast<long long>(v));
  return name;
}

template <class V>
sql::Value to_value(const V& v) {
  using T = std::remove_cvref_t<V>;
  if constexpr (is_optional_v<T>) {
    return v ? to_value(*v) : sql::Value{};
  } else if constexpr (has_codec<T>) {
    return to_value(Codec<T>::to_db(v));  // as the value it is stored as (model/codec.hpp)
  } else if constexpr (std::is_same_v<T, bool>) {
    return v;
  } else if constexpr (enum_by_name_v<T>) {
    return enum_text(v);  // static text: no copy, and it outlives any statement
  } else if constexpr (std::is_enum_v<T>) {
    return to_value(static_cast<std::underlying_type_t<T>>(v));
  } else if constexpr (std::is_integral_v<T>) {
    if constexpr (std::is_unsigned_v<T> && sizeof(T) == 8) return static_cast<std::uint64_t>(v);
    else return static_cast<std::int64_t>(v);
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<double>(v);
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return std::string(std::string_view(v));
  } else if constexpr (std::is_same_v<T, Blob> || std::is_same_v<T, Timestamp> || std::is_same_v<T, Date> ||
                       std::is_same_v<T, Decimal> || std::is_same_v<T, Uuid>) {
    return v;
  } else {
    static_assert(always_false<T>, "quarry: this type cannot be bound as a parameter");
    return {};
  }
}

[[noreturn, gnu::cold]] QUARRY_FUNC void refuse_in_query(const Date& d);
[[noreturn, gnu::cold]] QUARRY_FUNC void refuse_in_query(const Timestamp&);
#ifdef QUARRY_BODIES
[[noreturn, gnu::cold]] QUARRY_FUNC void refuse_in_query(const Date& d) {
  throw ConversionError(fmt::format("quarry: {}, which no backend stores as it is; no SQL was sent",
                                    d.ok() ? fmt::format("{} is outside the years 1 to 9999", format_date(d))
                                           : std::string("an impossible date (such as February 30)")));
}
[[noreturn, gnu::cold]] QUARRY_FUNC void refuse_in_query(const Timestamp&) {
  throw ConversionError("quarry: a timestamp outside the years 1 to 9999, which no backend stores as it is; "
                        "no SQL was sent");
}
#endif  // QUARRY_BODIES

/// to_value of a value given in a query (a where, in(...), between): a date or timestamp that no
/// backend stores as it is fails here, before any SQL, as it fails validation in a write.
template <class V>
void check_query_value(const V& v) {
  using T = std::remove_cvref_t<V>;
  using U = unwrap_optional_t<T>;
  if constexpr (std::is_same_v<U, Date> || std::is_same_v<U, Timestamp>) {
    const U* p = nullptr;
    if constexpr (is_optional_v<T>) p = v ? &*v : nullptr;
    else p = &v;
    if (p && !storable(*p)) refuse_in_query(*p);
  }
}
template <class V>
sql::Value to_query_value(const V& v) {
  check_query_value(v);
  return to_value(v);
}

/// The parameter node of a value given in a query: integers and text through Node's own
/// factories (a number, a view), anything else as its sql::Value.
template <class V>
sql::Node param_node(const V& v) {
  using T = std::remove_cvref_t<V>;
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool> && !(std::is_unsigned_v<T> && sizeof(T) == 8) &&
                !has_codec<T>) {
    return sql::Node::int_param(static_cast<std::int64_t>(v));
  } else if constexpr (std::is_convertible_v<const T&, std::string_view> && !has_codec<T>) {
    return sql::Node::text_param(std::string_view(v));
  } else {
    check_query_value(v);
    return sql::Node::param(to_value(v));
  }
}

/// Like to_value, but text is borrowed instead of copied: for values bound while their row is
/// alive (the statement has run before the row can change).
template <class V>
sql::Value to_param(const V& v) {
  using T = std::remove_cvref_t<V>;
  if constexpr (is_optional_v<T>) return v ? to_param(*v) : sql::Value{};
  else if constexpr (std::is_same_v<T, std::string>) return std::string_view(v);
  else return to_value(v);
}

}  // namespace quarry::detail
