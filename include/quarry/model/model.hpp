#pragma once
/// Access to a model's descriptors, with the checks that make a bad Model<T> fail once, readably.
///
///   template <> struct quarry::Model<Book> {
///     static constexpr auto table  = "books";
///     static constexpr auto fields = quarry::fields(quarry::field<&Book::id>(quarry::primary_key), ...);
///   };

#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "field.hpp"

namespace quarry {

namespace detail {

template <class T>
concept specialized_model = requires {
  { Model<T>::table } -> std::convertible_to<std::string_view>;
  Model<T>::fields;
};

template <class T, class Tuple> struct all_fields_of;
template <class T, class... F> struct all_fields_of<T, std::tuple<F...>> {
  static constexpr bool value = (std::is_same_v<typename F::model_type, T> && ...);
};

template <class T, class... F>
constexpr std::size_t count_primary_keys(const std::tuple<F...>& t) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return (std::size_t{0} + ... + (std::get<I>(t).options.primary_key ? 1u : 0u));
  }(std::index_sequence_for<F...>{});
}

/// Whether two member pointers are the same member (false when their types differ).
template <auto A, auto B> inline constexpr bool same_member_v = false;
template <auto A> inline constexpr bool same_member_v<A, A> = true;

/// How many of the fields F... describe member M.
template <auto M, class... F>
inline constexpr std::size_t member_count = (std::size_t{0} + ... + (same_member_v<F::member, M> ? 1u : 0u));

template <class... F>
constexpr bool distinct_members(const std::tuple<F...>&) {
  return ((member_count<F::member, F...> == 1) && ...);
}

/// Every check of a Model<T>, each firing on its own and only if the ones before it passed.
template <class T>
struct ModelCheck {
  static constexpr bool specialized = specialized_model<T>;
  static_assert(specialized,
                "quarry: this type has no model; declare template <> struct quarry::Model<T> with a table name "
                "and quarry::fields(...)");

  static constexpr auto fields() {
    if constexpr (specialized) return Model<T>::fields;
    else return std::tuple<>{};
  }

  static constexpr bool own_fields = !specialized || all_fields_of<T, std::remove_cvref_t<decltype(fields())>>::value;
  static_assert(own_fields, "quarry: Model<T>::fields lists a member of another struct; list only T's own members");

  static constexpr bool distinct = !specialized || !own_fields || distinct_members(fields());
  static_assert(distinct, "quarry: Model<T>::fields lists the same member twice; list each member once");

  static constexpr bool has_primary_key = !specialized || !own_fields || count_primary_keys<T>(fields()) > 0;
  static_assert(has_primary_key,
                "quarry: Model<T> has no primary key; add quarry::primary_key to the field that identifies a row, "
                "as in quarry::field<&T::id>(quarry::primary_key, quarry::auto_increment)");

  static constexpr bool ok = specialized && own_fields && distinct && has_primary_key;
};

/// The fields tuple of T (empty when Model<T> is unusable, so that only the check above reports).
template <class T>
inline constexpr auto model_fields = ModelCheck<T>::fields();

template <class T>
inline constexpr std::size_t field_count = std::tuple_size_v<std::remove_cvref_t<decltype(model_fields<T>)>>;

// (index sequences rather than std::apply, whose noexcept and invoke machinery costs compile time
// for every model and every callback)
template <class T, class F>
constexpr void for_each_field(F&& f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (f(std::get<I>(model_fields<T>)), ...);
  }(std::make_index_sequence<field_count<T>>{});
}

/// Calls f(field, index) for each field.
template <class T, class F>
constexpr void for_each_field_indexed(F&& f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (f(std::get<I>(model_fields<T>), I), ...);
  }(std::make_index_sequence<field_count<T>>{});
}

template <auto M, class... F>
consteval std::size_t index_of_member(const std::tuple<F...>*) {
  constexpr bool hit[] = {same_member_v<F::member, M>..., false};
  for (std::size_t i = 0; i < sizeof...(F); ++i)
    if (hit[i]) return i;
  return sizeof...(F);
}

/// The index of member M in its model's fields, or field_count when it is not a field.
template <auto M>
consteval std::size_t field_index() {
  return index_of_member<M>(static_cast<const std::remove_cvref_t<decltype(model_fields<class_of<M>>)>*>(nullptr));
}

template <auto M>
inline constexpr bool is_field_v = specialized_model<class_of<M>> && field_index<M>() < field_count<class_of<M>>;

/// The descriptor of member M (call only when is_field_v<M>).
template <auto M>
constexpr const auto& field_of() {
  return std::get<field_index<M>()>(model_fields<class_of<M>>);
}

template <auto M>
consteval std::string_view column_name() {
  if constexpr (is_field_v<M>) return field_of<M>().column_name();
  else return member_name<M>();
}

template <class T>
constexpr std::string_view table_name() {
  if constexpr (specialized_model<T>) return Model<T>::table;
  else return "";
}

template <class T> std::string_view model_table() { return table_name<T>(); }
template <auto M> std::string_view model_column() { return column_name<M>(); }

}  // namespace detail

/// A type with a complete, valid quarry::Model<T>.
template <class T>
concept model = detail::specialized_model<T>;

}  // namespace quarry
