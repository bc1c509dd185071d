#pragma once
/// How rows become JSON and JSON becomes rows (<quarry/json.hpp>). Nothing here needs
/// nlohmann/json, so a model header can declare its own JSON defaults:
///
///   template <> struct quarry::Model<User> {
///     static constexpr quarry::JsonOptions json_options{.keys = quarry::JsonKeys::camel_case};
///   };

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

#include "../model/model.hpp"

namespace quarry {

/// The keys of a row's JSON object: the members' names (created_at), or Sequelize's camelCase
/// (createdAt).
enum class JsonKeys : std::uint8_t { members, camel_case };

/// What quarry::to_json writes. The defaults are exact in every JSON reader that keeps 64-bit
/// integers (nlohmann, Python, Go): Decimals as strings ("29.99"), integers as numbers.
struct JsonOptions {
  JsonKeys keys = JsonKeys::members;
  /// Decimals as JSON numbers where a double holds them exactly (15 significant digits), and as
  /// strings beyond that (never rounded); by default always strings.
  bool decimals_as_numbers = false;
  /// Integers beyond +-(2^53 - 1), which JavaScript's Number rounds, as strings; by default numbers.
  bool big_integers_as_strings = false;
  /// The hidden fields too (a password hash); by default they never appear.
  bool hidden = false;
};

/// What quarry::from_json accepts.
struct FromJsonOptions {
  /// The members a body may set, as quarry::members<&User::name, &User::email>. Empty: every
  /// field but the primary key, the maintained ones (created_at, updated_at, deleted_at, version)
  /// and the hidden ones. A member like a user's role is set by a program, never by a body: leave
  /// it out of this list.
  std::span<const std::string_view> fields{};
  /// Keys that name no field, or a field the body may not set: ignored instead of reported.
  bool ignore_unknown = false;
  /// JSON the program wrote itself (to_json's, read back), not a request body: every field may
  /// be set, the key and the maintained ones too, and the keys of associations are passed over.
  bool trusted = false;
  /// The key style of the body; by default the model's (Model<T>::json_options), else member names.
  std::optional<JsonKeys> keys{};
};

namespace detail {
template <auto M>
consteval std::string_view permitted_member() {
  static_assert(is_field_v<M>, "quarry: members<...> names a member that is not a field of its model; list only fields, or add quarry::field<&T::member>() to Model<T>::fields");
  return member_name<M>();
}
}  // namespace detail

namespace detail {
template <auto First, auto... M>
consteval bool one_model() {
  return (std::is_same_v<class_of<First>, class_of<M>> && ...);
}
template <auto... M>
consteval std::array<std::string_view, sizeof...(M)> permitted_members() {
  if constexpr (sizeof...(M) > 0)
    static_assert(one_model<M...>(), "quarry: members<...> takes fields of one model, as in quarry::members<&User::name, &User::email>");
  return {permitted_member<M>()...};
}
}  // namespace detail

/// The names of members, for FromJsonOptions::fields: quarry::members<&User::name, &User::email>.
template <auto... M>
inline constexpr std::array<std::string_view, sizeof...(M)> members = detail::permitted_members<M...>();

namespace detail {
/// Model<T>::json_options, or the defaults.
template <class T>
constexpr JsonOptions json_options_of() {
  if constexpr (requires { Model<T>::json_options; }) {
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(Model<T>::json_options)>, JsonOptions>,
                  "quarry: Model<T>::json_options takes a quarry::JsonOptions, as in "
                  "quarry::JsonOptions{.keys = quarry::JsonKeys::camel_case}");
    return Model<T>::json_options;
  } else {
    return {};
  }
}
}  // namespace detail

}  // namespace quarry
