#pragma once
// How a C++ member type maps to storage, and which types may be compared with which.

#include <concepts>  // equality_comparable
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "../types.hpp"
#include "codec.hpp"
#include "enums.hpp"

namespace quarry::detail {

template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};
template <class T> inline constexpr bool is_optional_v = is_optional<T>::value;

template <class T> struct unwrap_optional { using type = T; };
template <class T> struct unwrap_optional<std::optional<T>> { using type = T; };
template <class T> using unwrap_optional_t = typename unwrap_optional<std::remove_cvref_t<T>>::type;

template <class T> struct member_pointer;
template <class C, class V> struct member_pointer<V C::*> {
  using class_type = C;
  using value_type = V;
};
template <auto M> using class_of = typename member_pointer<std::remove_cv_t<decltype(M)>>::class_type;
template <auto M> using member_type = typename member_pointer<std::remove_cv_t<decltype(M)>>::value_type;

template <class T> inline constexpr bool always_false = false;

/// Whether two values of a member are the same (change tracking): ==, or for a codec's type
/// without one, the values it stores.
template <class V>
bool same_value(const V& a, const V& b) {
  if constexpr (std::equality_comparable<V>) return a == b;
  else if constexpr (is_optional_v<V>) return a.has_value() == b.has_value() && (!a || same_value(*a, *b));
  else return Codec<V>::to_db(a) == Codec<V>::to_db(b);
}

/// Whether a member of type V (or std::optional<V>) can be an auto-increment key: an integer no
/// wider than std::int64_t (PostgreSQL has no unsigned 64-bit identity).
template <class V, class U = unwrap_optional_t<V>>
inline constexpr bool can_auto_increment_v =
    std::is_integral_v<U> && !std::is_same_v<U, bool> && !(std::is_unsigned_v<U> && sizeof(U) == 8);

/// Whether T can be a model member (after std::optional is removed).
template <class T>
inline constexpr bool storable_v =
    std::is_arithmetic_v<T> || std::is_enum_v<T> || std::is_same_v<T, std::string> || std::is_same_v<T, Blob> ||
    std::is_same_v<T, Timestamp> || std::is_same_v<T, Date> || std::is_same_v<T, Decimal> || std::is_same_v<T, Uuid> ||
    has_codec<T>;

template <class T>
consteval TypeKind integer_kind() {
  if constexpr (std::is_signed_v<T>) {
    if constexpr (sizeof(T) == 1) return TypeKind::int8;
    else if constexpr (sizeof(T) == 2) return TypeKind::int16;
    else if constexpr (sizeof(T) == 4) return TypeKind::int32;
    else return TypeKind::int64;
  } else {
    if constexpr (sizeof(T) == 1) return TypeKind::uint8;
    else if constexpr (sizeof(T) == 2) return TypeKind::uint16;
    else if constexpr (sizeof(T) == 4) return TypeKind::uint32;
    else return TypeKind::uint64;
  }
}

/// The storage kind of a member type (std::optional removed); an enum is stored by name, or as its
/// underlying integer when quarry::Enum<E>::as_integer says so.
template <class V>
consteval TypeKind type_kind() {
  using T = unwrap_optional_t<V>;
  if constexpr (std::is_same_v<T, bool>) return TypeKind::boolean;
  else if constexpr (enum_by_name_v<T>) return TypeKind::enumeration;
  else if constexpr (std::is_enum_v<T>) return integer_kind<std::underlying_type_t<T>>();
  else if constexpr (std::is_integral_v<T>) return integer_kind<T>();
  else if constexpr (std::is_same_v<T, float>) return TypeKind::float32;
  else if constexpr (std::is_floating_point_v<T>) return TypeKind::float64;
  else if constexpr (std::is_same_v<T, std::string>) return TypeKind::text;
  else if constexpr (std::is_same_v<T, Blob>) return TypeKind::blob;
  else if constexpr (std::is_same_v<T, Timestamp>) return TypeKind::timestamp;
  else if constexpr (std::is_same_v<T, Date>) return TypeKind::date;
  else if constexpr (std::is_same_v<T, Decimal>) return TypeKind::decimal;
  else if constexpr (std::is_same_v<T, Uuid>) return TypeKind::uuid;
  else if constexpr (codec_names_kind<T>) return Codec<T>::kind;
  else if constexpr (has_codec<T>) return type_kind<stored_t<T>>();
  else return TypeKind::text;  // unreachable for storable types; Field<> reports the error
}

/// What a value means in a comparison; two values compare when their categories agree.
enum class Category { none, number, decimal, boolean, text, blob, timestamp, date, uuid, enumeration, codec, json,
                      json_scalar };

template <class V>
consteval Category category() {
  using T = unwrap_optional_t<std::decay_t<V>>;
  if constexpr (std::is_same_v<T, bool>) return Category::boolean;
  else if constexpr (std::is_same_v<T, JsonScalar>) return Category::json_scalar;
  // first: a codec's type may convert to anything (nlohmann::json converts to std::string_view)
  else if constexpr (is_json_codec<T>()) return Category::json;  // compared by a path inside it (query/json.hpp)
  else if constexpr (has_codec<T>) return Category::codec;
  else if constexpr (std::is_enum_v<T>) return Category::enumeration;
  else if constexpr (std::is_arithmetic_v<T>) return Category::number;
  else if constexpr (std::is_same_v<T, Decimal>) return Category::decimal;
  else if constexpr (std::is_convertible_v<T, std::string_view>) return Category::text;
  else if constexpr (std::is_same_v<T, Blob>) return Category::blob;
  else if constexpr (std::is_same_v<T, Timestamp>) return Category::timestamp;
  else if constexpr (std::is_same_v<T, Date>) return Category::date;
  else if constexpr (std::is_same_v<T, Uuid>) return Category::uuid;
  else return Category::none;
}

/// Whether a column of type A may be compared with (or assigned) a value of type B.
template <class A, class B>
consteval bool comparable() {
  constexpr Category a = category<A>(), b = category<B>();
  if constexpr (a == Category::none || b == Category::none || a == Category::json || b == Category::json) return false;
  else if constexpr (a == Category::json_scalar || b == Category::json_scalar)  // a path inside a JSON column
    return [](Category c) {
      return c == Category::json_scalar || c == Category::text || c == Category::number || c == Category::decimal ||
             c == Category::boolean;
    }(a == Category::json_scalar ? b : a);
  else if constexpr (a == Category::enumeration || b == Category::enumeration || a == Category::codec ||
                     b == Category::codec)
    return std::is_same_v<unwrap_optional_t<std::decay_t<A>>, unwrap_optional_t<std::decay_t<B>>>;
  else if constexpr (a == Category::decimal || b == Category::decimal)
    // exact stays exact: a decimal meets decimals and integers, never a float
    return (a == Category::decimal || std::is_integral_v<unwrap_optional_t<std::decay_t<A>>>) &&
           (b == Category::decimal || std::is_integral_v<unwrap_optional_t<std::decay_t<B>>>);
  else return a == b;
}

}  // namespace quarry::detail
