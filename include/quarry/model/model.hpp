#pragma once
/// Access to a model's descriptors, with the checks that make a bad Model<T> fail once, readably.
///
///   struct Book { std::int64_t id{}; std::string title; };  // a model as it is: table "books"
///   template <> struct quarry::Model<Book> {                 // only what differs from the conventions
///     static constexpr auto fields = quarry::fields(quarry::field<&Book::title>(quarry::size(200)));
///   };

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "conventions.hpp"
#include "field.hpp"
#include "hooks.hpp"

namespace quarry {

namespace detail {

template <class T>
concept listed_table = requires {
  { Model<T>::table } -> std::convertible_to<std::string_view>;
};
template <class T>
concept listed_fields = requires { Model<T>::fields; };

/// Whether the conventions can read T's members: a struct that is an aggregate, and not a value
/// type of its own (quarry::Uuid) or a tuple.
template <class T>
concept reflectable = std::is_class_v<T> && std::is_aggregate_v<T> && !std::is_union_v<T> && !storable_v<T> &&
                      !requires { std::tuple_size<T>::value; };

template <class T, class L> struct all_fields_of;
template <class T, std::size_t... I, class... F> struct all_fields_of<T, List<std::index_sequence<I...>, F...>> {
  static constexpr bool value = (std::is_same_v<typename F::model_type, T> && ...);
};

/// The fields' options in one array: the checks below loop over it, one instantiation per
/// list of fields rather than one fold each.
template <std::size_t... I, class... F>
constexpr std::array<FieldOptions, sizeof...(F)> options_of(const List<std::index_sequence<I...>, F...>& l) {
  return {static_cast<const ListItem<I, F>&>(l).value.options...};
}

template <class T, class L>
constexpr std::size_t count_primary_keys(const L& t) {
  std::size_t n = 0;
  for (const auto& o : detail::options_of(t)) n += o.primary_key ? 1u : 0u;
  return n;
}

/// How many of the fields auto increment.
template <class T, class L>
constexpr std::size_t count_auto_increments(const L& t) {
  std::size_t n = 0;
  for (const auto& o : detail::options_of(t)) n += o.auto_increment ? 1u : 0u;
  return n;
}

/// Whether every decimal(p, s) of the fields has 1 <= p <= 1000 and 0 <= s <= p.
template <class L>
constexpr bool decimals_fit(const L& t) {
  for (const auto& o : detail::options_of(t))
    if (o.precision != 0 && (o.precision < 1 || o.precision > 1000 || o.scale < 0 || o.scale > o.precision))
      return false;
  return true;
}

/// Whether two member pointers are the same member (false when their types differ).
template <auto A, auto B> inline constexpr bool same_member_v = false;
template <auto A> inline constexpr bool same_member_v<A, A> = true;

/// How many of the fields F... describe member M.
template <auto M, class... F>
inline constexpr std::size_t member_count = (std::size_t{0} + ... + (same_member_v<F::member, M> ? 1u : 0u));

template <std::size_t... I, class... F>
constexpr bool distinct_members(const List<std::index_sequence<I...>, F...>&) {
  return ((member_count<F::member, F...> == 1) && ...);
}

/// A Model<T>::fields written as a std::tuple of fields (quarry::fields(...) returns a FieldList),
/// as a list.
template <class... F>
constexpr FieldList<F...> as_field_list(const std::tuple<F...>& t) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return make_list(std::get<I>(t)...);
  }(std::index_sequence_for<F...>{});
}
template <class L>
constexpr const L& as_field_list(const L& l) {
  return l;
}

/// The fields a Model<T> lists (none when it lists none).
template <class T>
constexpr auto listed() {
  if constexpr (listed_fields<T>) return as_field_list(Model<T>::fields);
  else return FieldList<>{};
}

template <class T>
using listed_t = std::remove_cvref_t<decltype(listed<T>())>;

/// How many of T's members the conventions make fields.
template <class T>
consteval std::size_t convention_field_count() {
  return []<std::size_t... I>(std::index_sequence<I...>) {
    return (std::size_t{0} + ... + (convention_field_v<member_type_at<T, I>> ? 1u : 0u));
  }(std::make_index_sequence<aggregate_size<T>>{});
}

/// Whether Model<T> is the explicit style: it gives a table, and its fields name a primary key or
/// every member. Its fields are then exactly the ones it lists, in that order, and no convention
/// applies (members it leaves out are not stored).
template <class T>
consteval bool explicit_style() {
  if constexpr (!listed_table<T> || !listed_fields<T>) return false;
  else if constexpr (count_primary_keys<T>(listed<T>()) > 0 || !reflectable<T>) return true;
  else if constexpr (aggregate_size<T> > max_members) return true;
  else return std::tuple_size_v<listed_t<T>> == convention_field_count<T>();
}

/// Where the conventions find T's fields.
template <class T>
struct Conventions {
  static constexpr std::size_t members = aggregate_size<T>;
  static constexpr std::size_t count = convention_field_count<T>();
  /// The member index of each field, in member order.
  static constexpr auto field_members = [] {
    std::array<std::size_t, count> out{};
    std::size_t k = 0;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((convention_field_v<member_type_at<T, I>> ? void(out[k++] = I) : void()), ...);
    }(std::make_index_sequence<members>{});
    return out;
  }();
  /// For each member, the position of the field Model<T> lists for it (the list's size when none).
  static constexpr auto listed_at = [] {
    std::array<std::size_t, members + 1> out{};
    for (auto& x : out) x = std::tuple_size_v<listed_t<T>>;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      ((out[member_index<T, std::tuple_element_t<K, listed_t<T>>::member>()] = K), ...);
    }(std::make_index_sequence<std::tuple_size_v<listed_t<T>>>{});
    return out;
  }();
};

/// How Model<T> names its columns (Model<T>::naming), by default as the members are called.
template <class T>
consteval Naming naming_of() {
  if constexpr (requires { Model<T>::naming; }) {
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(Model<T>::naming)>, Naming>,
                  "quarry: Model<T>::naming takes quarry::snake_case");
    return Model<T>::naming;
  } else {
    return Naming::as_declared;
  }
}

/// How the conditions of a query on T combine (Model<T>::where_merge), by default all ANDed.
template <class T>
consteval WhereMerge where_merge_of() {
  if constexpr (requires { Model<T>::where_merge; }) {
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(Model<T>::where_merge)>, WhereMerge>,
                  "quarry: Model<T>::where_merge takes quarry::last_per_column");
    return Model<T>::where_merge;
  } else {
    return WhereMerge::and_all;
  }
}

/// Whether Model<T> keeps the timestamps of the conventions (Model<T>::timestamps = false turns
/// them off, as Sequelize's timestamps: false).
template <class T>
consteval bool timestamps_of() {
  if constexpr (requires { Model<T>::timestamps; }) {
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(Model<T>::timestamps)>, bool>,
                  "quarry: Model<T>::timestamps takes true or false");
    return Model<T>::timestamps;
  } else {
    return true;
  }
}

/// Whether a field Model<T> lists has this role.
template <class T, class L>
constexpr bool lists_role(const L& t, Role role) {
  for (const auto& o : detail::options_of(t))
    if (o.role == role) return true;
  return false;
}

/// Which timestamps the conventions give T's members by name: none with Model<T>::timestamps =
/// false, and not a role Model<T> gives a member of its own choosing (once per model).
template <class T>
struct ConventionStamps {
  static constexpr bool created = timestamps_of<T>() && !lists_role<T>(listed<T>(), Role::created_at);
  static constexpr bool updated = timestamps_of<T>() && !lists_role<T>(listed<T>(), Role::updated_at);
};

/// The name of T's I-th member as its model names columns.
template <class T, std::size_t I>
constexpr std::string_view named_member() {
  if constexpr (naming_of<T>() == Naming::snake_case) return snake_column<MemberField<T, I>>.view();
  else return member_name_at<T, I>();
}

/// The field for T's I-th member: the one Model<T> lists, with what it keeps of the conventions,
/// or the conventions' own.
template <class T, std::size_t I>
constexpr auto convention_field() {
  constexpr bool keyed = count_primary_keys<T>(listed<T>()) == 0;  // a key of its own: `id` is no key
  constexpr FieldOptions options = convention_options<member_type_at<T, I>>(
      named_member<T, I>(), keyed, ConventionStamps<T>::created, ConventionStamps<T>::updated);
  constexpr std::size_t k = Conventions<T>::listed_at[I];
  if constexpr (k < std::tuple_size_v<listed_t<T>>) {
    auto f = detail::get<k>(listed<T>());
    f.options = merge_options(f.options, options);
    return f;
  } else {
    return MemberField<T, I>{options};
  }
}

template <class T>
constexpr auto convention_fields() {
  return []<std::size_t... J>(std::index_sequence<J...>) {
    return make_list(convention_field<T, Conventions<T>::field_members[J]>()...);
  }(std::make_index_sequence<Conventions<T>::count>{});
}

/// The fields with the columns Model<T>::naming gives the members that name no column(...).
template <class T, class L>
constexpr L named(L fields) {
  if constexpr (naming_of<T>() != Naming::as_declared) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((detail::get<I>(fields).options.column.empty()
            ? void(detail::get<I>(fields).options.column = snake_column<std::tuple_element_t<I, L>>.view())
            : void()),
       ...);
    }(std::make_index_sequence<std::tuple_size_v<L>>{});
  }
  return fields;
}

/// Whether a field is an `id` that the conventions made a key but that cannot auto increment (an
/// unsigned 64-bit integer, of whichever spelling, optional or not).
template <std::size_t... I, class... F>
constexpr bool unsigned_64_id(const List<std::index_sequence<I...>, F...>& fields) {
  return ((!requires { F::member; } && std::is_integral_v<unwrap_optional_t<typename F::value_type>> &&
           !can_auto_increment_v<typename F::value_type> && detail::get<I>(fields).options.primary_key) ||
          ...);
}

/// What the checks of a Model<T> find, each only if the ones before it passed; no messages here.
template <class T>
struct ModelFacts {
  static constexpr bool explicit_model = explicit_style<T>();
  static constexpr bool specialized = explicit_model || reflectable<T>;
  static constexpr bool readable = [] {
    if constexpr (!specialized || explicit_model) return true;
    else return aggregate_size<T> <= max_members;
  }();
  static constexpr bool own_fields = !specialized || !readable || all_fields_of<T, listed_t<T>>::value;
  static constexpr bool distinct = !specialized || !readable || !own_fields || distinct_members(listed<T>());
  static constexpr bool usable = specialized && readable && own_fields && distinct;

  static constexpr auto fields() {
    if constexpr (!usable) return FieldList<>{};
    else if constexpr (explicit_model) return named<T>(listed<T>());
    else return named<T>(convention_fields<T>());
  }

  static constexpr bool key_type = [] {
    if constexpr (!usable || explicit_model) return true;
    else return !unsigned_64_id(fields());
  }();
  static constexpr bool has_primary_key = !usable || !key_type || count_primary_keys<T>(fields()) > 0;
  static constexpr bool one_auto_increment = !usable || !key_type || count_auto_increments<T>(fields()) <= 1;
  static constexpr bool decimals = !usable || !key_type || decimals_fit(fields());
};

/// Whether each enum that a field of T stores by name has names. (A variable template over
/// indices: it is one short line in an error's trace.)
template <class T, std::size_t I>
using field_value_at =
    unwrap_optional_t<typename std::tuple_element_t<I, decltype(ModelFacts<T>::fields())>::value_type>;
template <class T, class I = std::make_index_sequence<std::tuple_size_v<decltype(ModelFacts<T>::fields())>>>
inline constexpr bool enums_named = true;
template <class T, std::size_t... I>
inline constexpr bool enums_named<T, std::index_sequence<I...>> =
    (enum_names_found<field_value_at<T, I>>() && ...);

/// The first check of Model<T> that fails, as its one error (none when all pass); whether T is a
/// usable model. A function, not the class above: a failed static_assert inside a class would
/// leave it incomplete on clang, and every later use of it would fail again.
template <class T>
consteval bool check_model() {
  using F = ModelFacts<T>;
  if constexpr (!F::specialized) {
    static_assert(F::specialized,
                  "quarry: this type has no model: it is not a plain aggregate (it has a constructor, private "
                  "members or virtual functions), so its members cannot be read; make it a plain struct, or declare "
                  "template <> struct quarry::Model<T> with a table and quarry::fields(...) listing every field");
  } else if constexpr (!F::readable) {
    static_assert(F::readable,
                  "quarry: this struct has more than 64 members, more than quarry reads by itself; declare "
                  "template <> struct quarry::Model<T> with a table and quarry::fields(...) listing every field");
  } else if constexpr (!F::own_fields) {
    static_assert(F::own_fields, "quarry: Model<T>::fields lists a member of another struct; list only T's own members");
  } else if constexpr (!F::distinct) {
    static_assert(F::distinct, "quarry: Model<T>::fields lists the same member twice; list each member once");
  } else if constexpr (!F::key_type) {
    static_assert(F::key_type,
                  "quarry: T::id is a std::uint64_t, which cannot auto increment (PostgreSQL has no unsigned 64-bit "
                  "identity); make it std::int64_t, or list quarry::field<&T::id>(quarry::primary_key) in "
                  "Model<T>::fields to assign keys yourself");
  } else if constexpr (!F::has_primary_key) {
    static_assert(F::has_primary_key,
                  "quarry: Model<T> has no primary key; add quarry::primary_key to the field that identifies a row, "
                  "as in quarry::field<&T::id>(quarry::primary_key, quarry::auto_increment), or call that member id");
  } else if constexpr (!F::one_auto_increment) {
    static_assert(F::one_auto_increment,
                  "quarry: Model<T> has more than one quarry::auto_increment field (an id is one by convention); "
                  "a table has one auto-increment column, its key: take auto_increment off the others");
  } else if constexpr (!F::decimals) {
    static_assert(F::decimals,
                  "quarry: a field's decimal(p, s) cannot be: p is the number of digits in all (1 to 1000; MySQL "
                  "takes up to 65) and s those after the point (0 to p), as in decimal(10, 2)");
  } else {
    // the hooks' signatures and the enums' names here, so that an error in one is a few steps
    // from the user's line
    return hooks_fit<T> && enums_named<T>;
  }
  return false;
}

/// Every check of a Model<T>: ok when T is a usable model; naming ok (or model_fields<T>) reports
/// the first check that fails, once. (No static_assert in the class to run them: each step between
/// the user's line and the failed check is one more note in the error.)
template <class T>
struct ModelCheck : ModelFacts<T> {
  static constexpr bool ok = check_model<T>();
};

/// Whether T is a model: the explicit style, or a struct the conventions can read.
template <class T>
concept is_model = explicit_style<T>() || reflectable<T>;

/// The field list of T (empty when Model<T> is unusable, so that only the check above reports).
template <class T>
inline constexpr auto model_fields = (void(ModelCheck<T>::ok), ModelCheck<T>::fields());

template <class T>
inline constexpr std::size_t field_count = std::tuple_size_v<std::remove_cvref_t<decltype(model_fields<T>)>>;

// (index sequences rather than std::apply, whose noexcept and invoke machinery costs compile time
// for every model and every callback)
template <class T, class F>
constexpr void for_each_field(F&& f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (f(detail::get<I>(model_fields<T>)), ...);
  }(std::make_index_sequence<field_count<T>>{});
}

/// Calls f(field, index) for each field.
template <class T, class F>
constexpr void for_each_field_indexed(F&& f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (f(detail::get<I>(model_fields<T>), I), ...);
  }(std::make_index_sequence<field_count<T>>{});
}

/// Each field's options, in field order, in one array: what a compile-time pass that reads only
/// the options loops over, as a plain loop, instead of instantiating its callback for each field.
template <class T>
inline constexpr auto field_options = options_of(model_fields<T>);

/// Whether descriptor F describes member M: by member pointer, or by address for a member found
/// by reflection.
template <auto M, class F>
inline constexpr bool describes_v = same_member_v<F::member, M>;
template <auto M, class T, std::size_t I>
inline constexpr bool describes_v<M, MemberField<T, I>> = I == member_index<T, M>();

template <auto M, std::size_t... I, class... F>
consteval std::size_t index_of_member(const List<std::index_sequence<I...>, F...>*) {
  constexpr bool hit[] = {describes_v<M, F>..., false};
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
inline constexpr bool is_field_v = is_model<class_of<M>> && field_index<M>() < field_count<class_of<M>>;

/// The descriptor of member M (call only when is_field_v<M>).
template <auto M>
constexpr const auto& field_of() {
  return detail::get<field_index<M>()>(model_fields<class_of<M>>);
}

/// Which of T's fields a read reads when it names none: every field but the hidden ones (a mask
/// in field order; ops::read_fields takes it as a template argument, so nothing is tested per row).
template <class T>
inline constexpr auto read_by_default = [] {
  std::array<bool, field_count<T>> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = !field_options<T>[i].hidden;
  return out;
}();

/// Whether any field of T is hidden.
template <class T>
inline constexpr bool has_hidden_v = [] {
  bool any = false;
  for (bool read : read_by_default<T>) any = any || !read;
  return any;
}();

template <auto M>
consteval std::string_view column_name() {
  if constexpr (is_field_v<M>) return field_of<M>().column_name();
  else return member_name<M>();
}

template <class T>
constexpr std::string_view table_name() {
  if constexpr (listed_table<T>) return Model<T>::table;
  else if constexpr (reflectable<T>) return convention_table<T>.view();
  else return "";
}

template <class T> std::string_view model_table() { return table_name<T>(); }
template <auto M> std::string_view model_column() { return column_name<M>(); }

}  // namespace detail

/// A model: a plain aggregate (read by the conventions), or a type with an explicit quarry::Model<T>.
template <class T>
concept model = detail::is_model<T>;

}  // namespace quarry
