#pragma once
/// Codecs: a member of a type of the program's own, stored as one of quarry's value types
/// (Sequelize's custom data types). Specialize quarry::Codec<T> with to_db and from_db; kind is
/// the column's type when it is not the stored value's own (TypeKind::json: a JSON document,
/// which <quarry/json.hpp> declares for nlohmann::json):
///
///   template <> struct quarry::Codec<Email> {
///     static std::string to_db(const Email& e) { return e.address; }        // stored as text
///     static Email from_db(std::string text) { return Email{std::move(text)}; }
///   };
///
/// to_db returns text (std::string) or a number (an integer, double or bool); from_db takes
/// it back and may throw (its message names the column in a ConversionError). A codec's values
/// compare only with values of its own type (a JSON column compares with none: compare a path
/// inside it, docs/json.md). A model that has no such member pays nothing.

#include <concepts>
#include <string>
#include <type_traits>
#include <utility>

#include "../types.hpp"

namespace quarry {

/// How a type of the program's own is stored (see above). Not defined: a type has a codec only
/// where the program or a component of quarry specializes it.
template <class T> struct Codec;

namespace detail {

/// Whether T has a codec: Codec<T> is specialized with to_db and from_db.
template <class T>
concept has_codec = requires(const T& v) { Codec<T>::to_db(v); } &&
                    requires(std::remove_cvref_t<decltype(Codec<T>::to_db(std::declval<const T&>()))>& stored) {
                      { Codec<T>::from_db(stored) } -> std::convertible_to<T>;
                    };

/// The type a value of T is stored as (Codec<T>::to_db's result).
template <class T>
using stored_t = std::remove_cvref_t<decltype(Codec<T>::to_db(std::declval<const T&>()))>;

/// Whether a codec stores one of the types it may: text, an integer, a double or a bool (values
/// that a driver binds by value or as text it keeps for the run).
template <class S>
inline constexpr bool codec_storable_v = std::is_same_v<S, std::string> || std::is_arithmetic_v<S>;

/// Whether Codec<T> names the column's type itself (static constexpr TypeKind kind).
template <class T>
concept codec_names_kind = requires { { Codec<T>::kind } -> std::convertible_to<TypeKind>; };

/// Whether T is stored as a JSON document.
template <class T>
consteval bool is_json_codec() {
  if constexpr (codec_names_kind<T>) return Codec<T>::kind == TypeKind::json;
  else return false;
}

/// The value type of a path inside a JSON column (col<&T::meta>["plan"]): it compares with
/// text, numbers and booleans, and is read as the type of what it is compared with.
struct JsonScalar {};

}  // namespace detail
}  // namespace quarry
