#pragma once
/// Field descriptors: what a member is in the database.
///
///   quarry::field<&Book::id>(quarry::primary_key, quarry::auto_increment)
///   quarry::field<&Book::title>(quarry::size(200), quarry::index)
///   quarry::field<&Book::author_id>(quarry::references<&Author::id>(quarry::on_delete::cascade))
///   quarry::field<&Book::price>(quarry::decimal(10, 2), quarry::check("price >= 0"))

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>  // in_range

#include "names.hpp"
#include "traits.hpp"

namespace quarry {

template <class T> struct Model;  // specialized by the user for each model

namespace detail {
/// A model's field descriptors, in order: what quarry::fields(...) returns. Not a std::tuple: a
/// tuple of a model's nine or so descriptors costs the compiler its constructors' constraints in
/// every file that declares the model; this is an aggregate of one base per field, read by
/// detail::get<I>(list) and std::tuple_size_v.
template <std::size_t I, class F> struct ListItem { F value; };
template <class Seq, class... F> struct List;
template <std::size_t... I, class... F>
struct List<std::index_sequence<I...>, F...> : ListItem<I, F>... {};
template <class... F> using FieldList = List<std::index_sequence_for<F...>, F...>;

template <std::size_t I, class F> constexpr const F& get(const ListItem<I, F>& item) noexcept { return item.value; }
template <std::size_t I, class F> constexpr F& get(ListItem<I, F>& item) noexcept { return item.value; }
template <std::size_t I, class F> F list_item_type(const ListItem<I, F>*);  // declared only: its type
template <class... F> constexpr FieldList<F...> make_list(const F&... f) { return {{f}...}; }
}  // namespace detail
}  // namespace quarry

template <std::size_t... I, class... F>
struct std::tuple_size<quarry::detail::List<std::index_sequence<I...>, F...>>
    : std::integral_constant<std::size_t, sizeof...(F)> {};
template <std::size_t K, std::size_t... I, class... F>
struct std::tuple_element<K, quarry::detail::List<std::index_sequence<I...>, F...>> {
  using type = decltype(quarry::detail::list_item_type<K>(
      static_cast<const quarry::detail::List<std::index_sequence<I...>, F...>*>(nullptr)));
};

namespace quarry {

// The types that carry options are in detail: a Model<T> specialization is in namespace quarry,
// so a name declared here would hide a user's own type of that name (Role, Size, Check...)
// inside it. Users spell the options as quarry::size(200), quarry::on_delete::cascade.
namespace detail {
struct OnDelete { Action action; };
struct OnUpdate { Action action; };
struct DeferrableOption { Deferrable mode; };
}  // namespace detail
namespace on_delete {
inline constexpr detail::OnDelete no_action{detail::Action::no_action}, restrict{detail::Action::restrict},
    cascade{detail::Action::cascade}, set_null{detail::Action::set_null}, set_default{detail::Action::set_default};
}
namespace on_update {
inline constexpr detail::OnUpdate no_action{detail::Action::no_action}, restrict{detail::Action::restrict},
    cascade{detail::Action::cascade}, set_null{detail::Action::set_null}, set_default{detail::Action::set_default};
}
/// A foreign key checked at commit (initially_deferred), or at each statement unless a transaction
/// defers it (initially_immediate, with TransactionOptions::defer_constraints): Sequelize's
/// Deferrable.INITIALLY_DEFERRED and INITIALLY_IMMEDIATE. PostgreSQL and SQLite; MariaDB has no
/// deferrable constraints and checks each statement.
namespace deferrable {
inline constexpr detail::DeferrableOption initially_immediate{detail::Deferrable::initially_immediate},
    initially_deferred{detail::Deferrable::initially_deferred};
}

namespace detail {
/// A column's declared default: written into the DDL, and given by every insert to a member that
/// was not given a value (ops::fill_defaults). An enumerator keeps its value in integer and its
/// name in text.
struct DefaultValue {
  enum class Kind : std::uint8_t { none, integer, real, text, boolean, current_timestamp, random_uuid, enumerator };
  Kind kind = Kind::none;
  long long integer = 0;
  double real = 0;
  std::string_view text;
};

/// default_value(v) before it meets its member, which checks that a V fits it.
template <class V>
struct Default {
  DefaultValue value;
};

/// The role a field plays for the operations: a maintained timestamp, the soft-delete column
/// (deleted_at), or the optimistic-lock counter (version).
enum class Role : std::uint8_t { plain, created_at, updated_at, deleted_at, version };

struct Reference {
  std::string_view (*table)() = nullptr;  // resolved late: the target's Model may be defined after this one
  std::string_view (*column)() = nullptr;
  Action on_delete = Action::none;
  Action on_update = Action::none;
  Deferrable deferrable = Deferrable::no;
};

/// Every option of a field, flattened into one literal so that nothing downstream is a template.
struct FieldOptions {
  std::string_view column;
  bool primary_key = false, auto_increment = false, unique = false, index = false;
  int size = 0, precision = 0, scale = 0;
  std::string_view check;
  DefaultValue default_value;
  Reference reference;
  Role role = Role::plain;
  bool hidden = false;        // left out of every read that does not name it (docs/querying.md)
  std::string_view comment;   // COMMENT of the column in the DDL, where the dialect has one
};
}  // namespace detail

inline constexpr struct primary_key_t {} primary_key;
inline constexpr struct auto_increment_t {} auto_increment;
inline constexpr struct unique_t {} unique;
inline constexpr struct index_t {} index;
/// A default of the current time (quarry::Timestamp) or day in UTC (quarry::Date).
inline constexpr struct default_now_t {} default_now;
/// A default of a random (version 4) quarry::Uuid.
inline constexpr struct default_random_uuid_t {} default_random_uuid;
/// This std::optional<quarry::Timestamp> member is the model's deleted_at (docs/soft-delete.md):
/// destroy sets it instead of deleting, and reads leave out the rows where it is set.
inline constexpr struct soft_delete_t {} soft_delete;
/// This integer member is the model's version (docs/locking.md): every update of a row by its key
/// checks it and adds one.
inline constexpr struct optimistic_lock_t {} optimistic_lock;
/// A column that reads leave out unless they name it (only<...>, with_hidden<...>), and that
/// save and update(row) do not write: a password hash (Sequelize's defaultScope attributes exclude).
inline constexpr struct hidden_t {} hidden;
/// The member that plays the role of created_at or updated_at, whatever its name:
/// field<&Post::published>(quarry::created_at). Sequelize's createdAt: 'published'.
inline constexpr struct created_at_t {} created_at;
inline constexpr struct updated_at_t {} updated_at;

namespace detail {
struct Size { int n; };
struct DecimalSpec { int precision, scale; };
struct ColumnName { std::string_view name; };
struct Check { std::string_view sql; };
struct Comment { std::string_view text; };
/// How a model names the columns of members that give no column(...): as the member is called, or
/// in snake_case (firstName -> first_name; Sequelize's underscored).
enum class Naming : std::uint8_t { as_declared, snake_case };
/// How the conditions of a query on a model combine (docs/scopes.md): all ANDed, or column by
/// column, the last condition on a column replacing the earlier ones (Sequelize's default).
enum class WhereMerge : std::uint8_t { and_all, last_per_column };
}  // namespace detail

/// Model<T>::naming = quarry::snake_case: columns in snake_case for camelCase members.
inline constexpr detail::Naming snake_case = detail::Naming::snake_case;
/// Model<T>::where_merge = quarry::last_per_column: a condition on a column replaces the earlier
/// conditions of the default scope, named scopes and where(...) on that column (Sequelize's
/// whereMergeStrategy 'overwrite'); by default all conditions are ANDed.
inline constexpr detail::WhereMerge last_per_column = detail::WhereMerge::last_per_column;

/// VARCHAR(n); strings longer than n characters fail validation before they reach the database.
constexpr detail::Size size(int n) { return {n}; }
/// DECIMAL(precision, scale).
constexpr detail::DecimalSpec decimal(int precision, int scale) { return {precision, scale}; }
/// Overrides the column name, which otherwise is the member's name.
constexpr detail::ColumnName column(std::string_view name) { return {name}; }
/// A CHECK constraint, as SQL text written by the programmer (never user input).
constexpr detail::Check check(std::string_view sql) { return {sql}; }
/// A comment on the column: COMMENT in the DDL on PostgreSQL and MySQL (SQLite has none).
constexpr detail::Comment comment(std::string_view text) { return {text}; }
/// A default: DEFAULT v in the DDL, and the value every insert gives the member when the program
/// gave none (see docs/models.md#defaults). v has the member's type: a bool, an integer, a number,
/// text, or an enumerator of the member's enum (written as its name).
template <class V>
constexpr detail::Default<V> default_value(V v) {
  using Kind = detail::DefaultValue::Kind;
  if constexpr (std::is_same_v<V, bool>) return {{Kind::boolean, v ? 1 : 0, 0, {}}};
  else if constexpr (detail::enum_by_name_v<V>)
    return {{Kind::enumerator, static_cast<long long>(v), 0, detail::enum_name(v)}};
  else if constexpr (std::is_enum_v<V>) return {{Kind::enumerator, static_cast<long long>(v), 0, {}}};
  else if constexpr (std::is_integral_v<V>) return {{Kind::integer, static_cast<long long>(v), 0, {}}};
  else if constexpr (std::is_floating_point_v<V>) return {{Kind::real, 0, static_cast<double>(v), {}}};
  else if constexpr (std::is_convertible_v<V, std::string_view>) return {{Kind::text, 0, 0, std::string_view{v}}};
  else return {};  // fits no member: apply_option says so
}

namespace detail {
template <auto Target>
struct References {
  Reference ref;
};

template <class T> std::string_view model_table();
template <auto M> std::string_view model_column();
}  // namespace detail

/// A foreign key to the member Target of another model: references<&Author::id>(on_delete::cascade),
/// optionally deferrable::initially_deferred.
template <auto Target, class... A>
constexpr detail::References<Target> references(A... actions) {
  static_assert(std::is_member_object_pointer_v<decltype(Target)>,
                "quarry: references<...> takes a pointer to a member, as in quarry::references<&Author::id>()");
  detail::References<Target> r{{&detail::model_table<detail::class_of<Target>>, &detail::model_column<Target>, {}, {}}};
  [[maybe_unused]] auto one = [&r](auto a) {
    if constexpr (std::is_same_v<decltype(a), detail::OnDelete>) r.ref.on_delete = a.action;
    else if constexpr (std::is_same_v<decltype(a), detail::OnUpdate>) r.ref.on_update = a.action;
    else if constexpr (std::is_same_v<decltype(a), detail::DeferrableOption>) r.ref.deferrable = a.mode;
    else static_assert(detail::always_false<decltype(a)>,
                       "quarry: references<...>() takes on_delete::X, on_update::X and deferrable::X");
  };
  (one(actions), ...);
  return r;
}

namespace detail {
/// The descriptor of one member.
template <auto M>
struct Field {
  static_assert(std::is_member_object_pointer_v<decltype(M)>,
                "quarry: field<...> takes a pointer to a data member, as in quarry::field<&Book::title>()");
  using model_type = detail::class_of<M>;
  using value_type = detail::member_type<M>;
  static constexpr auto member = M;
  static constexpr TypeKind kind = detail::type_kind<value_type>();
  static constexpr bool nullable = detail::is_optional_v<value_type>;

  detail::FieldOptions options;

  constexpr std::string_view column_name() const {
    return options.column.empty() ? detail::member_name<M>() : options.column;
  }
  static constexpr std::string_view member_name() { return detail::member_name<M>(); }
  /// The member in a row: f.get(book) is book.title for field<&Book::title>.
  static constexpr value_type& get(model_type& row) noexcept { return row.*M; }
  static constexpr const value_type& get(const model_type& row) noexcept { return row.*M; }
};

template <auto M> constexpr void apply_option(FieldOptions& o, primary_key_t) { o.primary_key = true; }
template <auto M> constexpr void apply_option(FieldOptions& o, auto_increment_t) {
  static_assert(can_auto_increment_v<member_type<M>>,
                "quarry: auto_increment needs an integer member no wider than std::int64_t (PostgreSQL has no "
                "unsigned 64-bit identity); use std::int64_t");
  o.auto_increment = true;
}
template <auto M> constexpr void apply_option(FieldOptions& o, unique_t) { o.unique = true; }
template <auto M> constexpr void apply_option(FieldOptions& o, index_t) { o.index = true; }
template <auto M> constexpr void apply_option(FieldOptions& o, Size s) {
  static_assert(std::is_same_v<unwrap_optional_t<member_type<M>>, std::string>,
                "quarry: size(n) applies to std::string members only");
  o.size = s.n;
}
template <auto M> constexpr void apply_option(FieldOptions& o, DecimalSpec d) {
  using V = unwrap_optional_t<member_type<M>>;
  static_assert(std::is_same_v<V, Decimal> || std::is_floating_point_v<V>,
                "quarry: decimal(p, s) applies to quarry::Decimal (exact) or floating-point members");
  o.precision = d.precision;
  o.scale = d.scale;
}
template <auto M> constexpr void apply_option(FieldOptions& o, ColumnName c) { o.column = c.name; }
template <auto M> constexpr void apply_option(FieldOptions& o, Check c) { o.check = c.sql; }
template <auto M> constexpr void apply_option(FieldOptions& o, Comment c) { o.comment = c.text; }
template <auto M> constexpr void apply_option(FieldOptions& o, hidden_t) { o.hidden = true; }
template <auto M> constexpr void apply_option(FieldOptions& o, created_at_t) {
  static_assert(std::is_same_v<member_type<M>, Timestamp>, "quarry: quarry::created_at takes a quarry::Timestamp member");
  o.role = Role::created_at;
}
template <auto M> constexpr void apply_option(FieldOptions& o, updated_at_t) {
  static_assert(std::is_same_v<member_type<M>, Timestamp>, "quarry: quarry::updated_at takes a quarry::Timestamp member");
  o.role = Role::updated_at;
}
/// Whether a default_value of type V fits a member of type U (std::optional removed).
template <class U, class V>
inline constexpr bool default_fits_v = [] {
  constexpr bool integer = std::is_integral_v<V> && !std::is_same_v<V, bool>;
  constexpr bool text = std::is_convertible_v<V, std::string_view>;
  if constexpr (std::is_same_v<U, bool>) return std::is_same_v<V, bool>;
  else if constexpr (std::is_enum_v<U>) return std::is_same_v<U, V>;
  else if constexpr (std::is_integral_v<U>) return integer;
  else if constexpr (std::is_floating_point_v<U>) return integer || std::is_floating_point_v<V>;
  else if constexpr (std::is_same_v<U, std::string>) return text;
  else if constexpr (std::is_same_v<U, Decimal>) return integer || text;
  else return false;
}();

// Called only when a default's value is wrong, which makes the constant evaluation of fields(...)
// fail here, with this name in the error.
inline void quarry_default_value_is_outside_the_members_range() {}
inline void quarry_default_value_is_not_a_decimal_number() {}
inline void quarry_default_value_is_no_named_enumerator() {}

constexpr bool decimal_text(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  std::size_t digits = 0, dots = 0;
  for (char c : s) {
    if (c == '.') ++dots;
    else if (c >= '0' && c <= '9') ++digits;
    else return false;
  }
  return digits > 0 && dots <= 1;
}

template <auto M, class V> constexpr void apply_option(FieldOptions& o, Default<V> d) {
  using U = unwrap_optional_t<member_type<M>>;
  static_assert(default_fits_v<U, V>,
                "quarry: default_value(v) does not fit this member; give a value of the member's own type: true "
                "or false for bool, an integer for an integer, a number for float or double, text for "
                "std::string, an integer or text for quarry::Decimal, an enumerator of its own enum for an enum "
                "(a quarry::Timestamp or quarry::Date takes quarry::default_now, a quarry::Uuid "
                "quarry::default_random_uuid)");
  if constexpr (default_fits_v<U, V>) {
    if constexpr (std::is_integral_v<U> && !std::is_same_v<U, bool> && std::is_integral_v<V>)
      if (!std::in_range<U>(d.value.integer)) quarry_default_value_is_outside_the_members_range();
    if constexpr (std::is_same_v<U, Decimal> && std::is_convertible_v<V, std::string_view>)
      if (!decimal_text(d.value.text)) quarry_default_value_is_not_a_decimal_number();
    if constexpr (enum_by_name_v<U>)
      if (d.value.text.empty()) quarry_default_value_is_no_named_enumerator();
    o.default_value = d.value;
  }
}
template <auto M> constexpr void apply_option(FieldOptions& o, default_now_t) {
  using U = unwrap_optional_t<member_type<M>>;
  static_assert(std::is_same_v<U, Timestamp> || std::is_same_v<U, Date>,
                "quarry: default_now applies to quarry::Timestamp and quarry::Date members only");
  o.default_value.kind = DefaultValue::Kind::current_timestamp;
}
template <auto M> constexpr void apply_option(FieldOptions& o, default_random_uuid_t) {
  static_assert(std::is_same_v<unwrap_optional_t<member_type<M>>, Uuid>,
                "quarry: default_random_uuid applies to quarry::Uuid members only");
  o.default_value.kind = DefaultValue::Kind::random_uuid;
}
template <auto M> constexpr void apply_option(FieldOptions& o, soft_delete_t) {
  static_assert(std::is_same_v<member_type<M>, std::optional<Timestamp>>,
                "quarry: soft_delete applies to a std::optional<quarry::Timestamp> member (NULL while the row "
                "lives); change the member's type");
  o.role = Role::deleted_at;
}
template <auto M> constexpr void apply_option(FieldOptions& o, optimistic_lock_t) {
  using V = member_type<M>;
  static_assert(std::is_integral_v<V> && !std::is_same_v<V, bool>,
                "quarry: optimistic_lock applies to an integer member (not std::optional, not bool), as in "
                "std::int64_t version; change the member's type");
  o.role = Role::version;
}
template <auto M, auto Target> constexpr void apply_option(FieldOptions& o, References<Target> r) {
  static_assert(std::is_same_v<unwrap_optional_t<member_type<M>>, unwrap_optional_t<member_type<Target>>>,
                "quarry: a foreign key must have the type of the key it references; change the member's type");
  o.reference = r.ref;
}
}  // namespace detail

/// Describes one member: field<&Book::title>(quarry::size(200), quarry::index).
template <auto M, class... Options>
constexpr detail::Field<M> field(Options... options) {
  static_assert(detail::storable_v<detail::unwrap_optional_t<detail::member_type<M>>>,
                "quarry: this member's type cannot be stored; use an integer, bool, float, double, std::string, "
                "quarry::Blob, quarry::Timestamp, quarry::Date, quarry::Decimal, quarry::Uuid, an enum, "
                "or std::optional of one");
  detail::Field<M> f{};
  (detail::apply_option<M>(f.options, options), ...);
  return f;
}

/// created_at and updated_at, maintained by create, save and update.
template <auto CreatedAt, auto UpdatedAt>
constexpr auto timestamps() {
  static_assert(std::is_same_v<detail::member_type<CreatedAt>, Timestamp> &&
                    std::is_same_v<detail::member_type<UpdatedAt>, Timestamp>,
                "quarry: timestamps<...> takes two quarry::Timestamp members");
  detail::Field<CreatedAt> c{};
  detail::Field<UpdatedAt> u{};
  c.options.role = detail::Role::created_at;
  u.options.role = detail::Role::updated_at;
  return detail::make_list(c, u);
}

namespace detail {
/// How many fields an argument of fields(...) holds: one, or a list of them (timestamps<...>).
template <class F> struct field_group {
  static constexpr bool list = false;
  static constexpr std::size_t size = 1;
};
template <std::size_t... I, class... F> struct field_group<List<std::index_sequence<I...>, F...>> {
  static constexpr bool list = true;
  static constexpr std::size_t size = sizeof...(F);
};

template <std::size_t J, class G>
constexpr const auto& group_get(const G& g) {
  if constexpr (field_group<G>::list) return detail::get<J>(g);
  else return g;
}

/// The arguments of fields(...) by position, lighter to instantiate than a std::tuple of references.
template <std::size_t I, class T> struct Arg { const T& value; };
template <class Seq, class... T> struct Args;
template <std::size_t... I, class... T> struct Args<std::index_sequence<I...>, T...> : Arg<I, T>... {};
template <std::size_t I, class T> constexpr const T& arg(const Arg<I, T>& a) { return a.value; }

/// Where the k-th field of fields(F...) comes from: {argument, position inside it}.
template <class... F>
inline constexpr auto field_sources = [] {
  constexpr std::size_t sizes[] = {field_group<F>::size..., 0};
  std::array<std::array<std::size_t, 2>, (std::size_t{0} + ... + field_group<F>::size)> out{};
  std::size_t k = 0;
  for (std::size_t g = 0; g < sizeof...(F); ++g)
    for (std::size_t j = 0; j < sizes[g]; ++j) out[k++] = {g, j};
  return out;
}();
}  // namespace detail

/// The list of a model's fields (flattened by hand: std::tuple_cat costs more to compile).
template <class... F>
constexpr auto fields(F... f) {
  if constexpr (!(detail::field_group<F>::list || ...)) {
    return detail::make_list(f...);
  } else {
    const detail::Args<std::index_sequence_for<F...>, F...> args{{f}...};
    constexpr const auto& at = detail::field_sources<F...>;
    return [&]<std::size_t... K>(std::index_sequence<K...>) {
      return detail::make_list(detail::group_get<at[K][1]>(detail::arg<at[K][0]>(args))...);
    }(std::make_index_sequence<at.size()>{});
  }
}

namespace detail {
template <auto... M> struct UniqueKey {};
/// A member of an index in descending order (quarry::descending<&T::member>).
template <auto M> struct Descending { static constexpr auto member = M; };
template <class K> inline constexpr bool is_descending_v = false;
template <auto M> inline constexpr bool is_descending_v<Descending<M>> = true;
/// The member of an index's key K: K itself, or the member of descending<K>.
template <auto K>
constexpr auto key_member() {
  if constexpr (is_descending_v<std::remove_cv_t<decltype(K)>>) return std::remove_cv_t<decltype(K)>::member;
  else return K;
}

/// An index of the model, with what CREATE INDEX can say beyond its columns: its own name,
/// uniqueness, a condition (a partial index) and the method (PostgreSQL's USING).
template <auto... M> struct IndexKey {
  std::string_view name_{}, where_{}, method_{};
  bool unique_ = false;
  /// Its name, instead of <table>_<columns>_idx.
  constexpr IndexKey named(std::string_view n) const { auto k = *this; k.name_ = n; return k; }
  /// A unique index (partial ones too: unique among the rows the condition keeps).
  constexpr IndexKey unique() const { auto k = *this; k.unique_ = true; return k; }
  /// A partial index: only the rows where this SQL condition holds (PostgreSQL, SQLite).
  constexpr IndexKey where(std::string_view sql) const { auto k = *this; k.where_ = sql; return k; }
  /// The index method: btree, hash, gin, gist, brin, spgist on PostgreSQL; btree or hash on
  /// MySQL/MariaDB; btree only on SQLite.
  constexpr IndexKey using_method(std::string_view m) const { auto k = *this; k.method_ = m; return k; }
};
}  // namespace detail
/// A constraint over several columns: quarry::unique_key<&Enrollment::student_id, &Enrollment::course_id>.
template <auto... M> inline constexpr detail::UniqueKey<M...> unique_key{};
/// An index over one or more columns, in order, each ascending unless descending<&T::m>:
///   quarry::index_key<&Post::author_id, quarry::descending<&Post::published_at>>
///       .named("posts_recent").where("deleted_at IS NULL")
template <auto... M> inline constexpr detail::IndexKey<M...> index_key{};
/// An index column in descending order, inside index_key<...>.
template <auto M> inline constexpr detail::Descending<M> descending{};

/// Table-level constraints: composite unique keys and indexes, and CHECKs.
template <class... C>
constexpr auto constraints(C... c) {
  return std::tuple{c...};
}

}  // namespace quarry
