#pragma once
/// Rows to JSON with their loaded associations, and request bodies to rows.
///
///   nlohmann::json j = user;                                          // the model's defaults
///   auto k = quarry::to_json(user, {.keys = quarry::JsonKeys::camel_case});
///   auto row = quarry::from_json<User>(body, {.fields = quarry::members<&User::name, &User::email>});

#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include <fmt/core.h>  // fmt::format: error messages
#include <nlohmann/json.hpp>

#include "../error.hpp"
#include "../model/association.hpp"
#include "../model/model.hpp"
#include "options.hpp"
#include "value.hpp"

namespace quarry {

namespace detail {

/// The options a row of T is written with: the caller's, or else T's own defaults.
template <class T>
JsonOptions options_for(const JsonOptions* given) {
  return given ? *given : json_options_of<T>();
}

template <class T>
nlohmann::json row_json(const T& row, const JsonOptions* given);

/// One element of an association: a row, or a row and its join row (Linked) under the join
/// model's name, as Sequelize nests it ("Enrollment": {...}).
template <class E>
nlohmann::json element_json(const E& element, const JsonOptions* given) {
  if constexpr (requires { element.through; }) {
    nlohmann::json out = row_json(element.target, given);
    using Through = std::remove_cvref_t<decltype(element.through)>;
    out[std::string(base_name(type_name<Through>()))] = row_json(element.through, given);
    return out;
  } else {
    return row_json(element, given);
  }
}

template <class A, class T>
void association_json(nlohmann::json& out, const T& row, const JsonOptions& o, const JsonOptions* given) {
  const auto& value = row.*A::member;
  nlohmann::json& slot = out[json_key(member_name<A::member>(), o.keys)];
  if constexpr (A::kind == AssociationKind::has_many || A::kind == AssociationKind::belongs_to_many) {
    slot = nlohmann::json::array();
    for (const auto& element : value) slot.push_back(element_json(element, given));
  } else {
    slot = value ? element_json(*value, given) : nlohmann::json(nullptr);
  }
}

template <class T>
nlohmann::json row_json(const T& row, const JsonOptions* given) {
  const JsonOptions o = options_for<T>(given);
  nlohmann::json out = nlohmann::json::object();
  for_each_field<T>([&](const auto& f) {
    if (f.options.hidden && !o.hidden) return;
    out[json_key(f.member_name(), o.keys)] = json_value(f.get(row), o);
  });
  using Associations = decltype(model_associations<T>());
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (association_json<std::tuple_element_t<I, Associations>>(out, row, o, given), ...);
  }(std::make_index_sequence<std::tuple_size_v<Associations>>{});
  return out;
}

/// Whether a body may set field f: it is in fields, or, when fields is empty, it is no key, no
/// maintained field and not hidden.
template <class F>
bool body_may_set(const F& f, const FromJsonOptions& o) {
  if (o.trusted) return true;
  if (o.fields.empty())
    return !f.options.primary_key && !f.options.auto_increment && f.options.role == Role::plain && !f.options.hidden;
  for (auto name : o.fields)
    if (name == f.member_name()) return true;
  return false;
}

/// Whether key names one of T's associations.
template <class T>
bool is_association_key(const std::string& key, JsonKeys keys) {
  using Associations = decltype(model_associations<T>());
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return ((json_key(member_name<std::tuple_element_t<I, Associations>::member>(), keys) == key) || ...);
  }(std::make_index_sequence<std::tuple_size_v<Associations>>{});
}

}  // namespace detail

/// The JSON object of a row: its fields (not the hidden ones) and its associations (arrays for
/// has_many and belongs_to_many, an object or null for has_one and belongs_to), with every row's
/// own defaults (Model<T>::json_options).
template <model T>
nlohmann::json to_json(const T& row) {
  return detail::row_json(row, nullptr);
}

/// The same with these options, for the row and every row nested in it.
template <model T>
nlohmann::json to_json(const T& row, const JsonOptions& options) {
  return detail::row_json(row, &options);
}

/// An array of rows (`nlohmann::json j = rows;` is the same with the defaults).
template <model T>
nlohmann::json to_json(const std::vector<T>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& row : rows) out.push_back(detail::row_json(row, nullptr));
  return out;
}
template <model T>
nlohmann::json to_json(const std::vector<T>& rows, const JsonOptions& options) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& row : rows) out.push_back(detail::row_json(row, &options));
  return out;
}

/// A T from a request body, for create: each key sets the field it names (Sequelize's
/// create(req.body, {fields})). Throws ValidationError naming every key that is unknown or may
/// not be set (unless ignore_unknown) and every value that does not fit its field, all at once;
/// never an exception of nlohmann's. Keys not given leave the field as T{} has it.
template <model T>
T from_json(const nlohmann::json& body, const FromJsonOptions& options = {}) {
  using namespace detail;
  if (!body.is_object())
    throw ValidationError({FieldError{"", fmt::format("is not a JSON object (got {})", body.type_name()), {}, "json"}});
  const JsonKeys keys = options.keys.value_or(json_options_of<T>().keys);
  for (auto name : options.fields) {
    bool known = false;
    for_each_field<T>([&](const auto& f) { known = known || f.member_name() == name; });
    if (!known)
      throw Error(fmt::format("quarry: from_json<{}>: FromJsonOptions::fields names '{}', which is no field; use "
                              "quarry::members<&T::member, ...>",
                              type_name<T>(), name));
  }
  T row{};
  std::vector<FieldError> errors;
  for (auto it = body.begin(); it != body.end(); ++it) {  // (clang 14 captures no structured binding)
    const std::string& key = it.key();
    const nlohmann::json& value = it.value();
    bool matched = false;
    for_each_field<T>([&](const auto& f) {
      if (matched || json_key(f.member_name(), keys) != key) return;
      matched = true;
      if (!body_may_set(f, options)) {
        if (!options.ignore_unknown)
          errors.push_back({std::string(f.member_name()), "may not be set", std::string(f.column_name()), "not_allowed"});
        return;
      }
      if (auto why = read_json_value(value, f.get(row)))
        errors.push_back({std::string(f.member_name()), std::move(*why), std::string(f.column_name()), ""});
    });
    if (!matched && !options.ignore_unknown && !(options.trusted && is_association_key<T>(key, keys)))
      errors.push_back({key, "is not a field", {}, "unknown_key"});
  }
  if (!errors.empty()) throw ValidationError(std::move(errors));
  return row;
}

}  // namespace quarry

namespace quarry::detail::json_adl {
// Only what argument-dependent lookup finds: a model's own to_json or from_json, which then wins.
void to_json() = delete;
void from_json() = delete;
template <class T>
concept own_to_json = requires(nlohmann::json& j, const T& v) { to_json(j, v); };
template <class T>
concept own_from_json = requires(const nlohmann::json& j, T& v) { from_json(j, v); };
}  // namespace quarry::detail::json_adl

namespace nlohmann {
/// quarry's customization point: every model converts to and from nlohmann::json
/// (`nlohmann::json j = book;`, `j.get<Book>()`) with its defaults, unless it has a to_json or
/// from_json of its own. j.get<T>() is quarry::from_json<T>(j): a request body's rules.
template <class T>
  // any_member first: the counting of a model's members tries it as a nlohmann::json member's value
  requires(std::is_class_v<T> && !std::is_same_v<T, quarry::detail::any_member> && quarry::model<T> && !quarry::detail::json_adl::own_to_json<T> &&
           !quarry::detail::json_adl::own_from_json<T>)
struct adl_serializer<T, void> {
  static void to_json(json& j, const T& row) { j = quarry::to_json(row); }
  static void from_json(const json& j, T& row) { row = quarry::from_json<T>(j); }
};
}  // namespace nlohmann
