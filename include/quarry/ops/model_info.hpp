#pragma once
/// A model lowered once into plain data: its table, columns, keys and roles, what queries and
/// writes need. Everything after this point works on ModelInfo, not on templates. The DDL is not
/// here: schema/ddl.hpp builds it from the same plain data, when sync or drop asks for it.
///
///   const ops::ModelInfo& info = ops::model_info<Book>();   // info.table == "books"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../config.hpp"
#include "../model/model.hpp"
#include "../query/clauses.hpp"  // Where, of a default scope
#include "../sql/ast.hpp"
#include "../sql/merge.hpp"
#include "../vector.hpp"

namespace quarry::ops {

struct ModelInfo {
  std::string table;
  std::vector<std::string> columns;       // in field order
  quarry::detail::Vector<sql::ColumnType> types;     // in field order (the arrays of a bulk insert have these types)
  quarry::detail::Vector<std::size_t> primary_key;   // field indexes
  std::optional<std::size_t> auto_increment, created_at, updated_at;
  /// The soft-delete column (docs/soft-delete.md) and the optimistic-lock counter (docs/locking.md).
  std::optional<std::size_t> deleted_at, version;
  /// The hidden fields (field<...>(quarry::hidden)): reads leave them out unless they name them,
  /// and save and update(row) do not write them.
  quarry::detail::Vector<std::size_t> hidden;
  /// The unique column sets: each unique field alone, in field order, then each unique_key<...>.
  /// The first is upsert's conflict target when none is given.
  std::vector<std::vector<std::string>> unique_keys;
  /// What every read of the model adds to its WHERE: the read path's filter stage (ops/read.hpp).
  /// For a model with deleted_at, that includes "deleted_at" IS NULL.
  std::optional<sql::Node> filter;
  /// filter without "deleted_at" IS NULL: what a read with with_deleted() or only_deleted() keeps.
  std::optional<sql::Node> base_filter;
  /// Model<T>::default_scope(), lowered: what the filter stage adds too, unless a query says
  /// unscoped(); also the condition of writes by where (docs/scopes.md).
  std::optional<sql::Node> default_scope;
  /// Model<T>::where_merge = quarry::last_per_column: a query's conditions replace the default
  /// scope's on the same column instead of being ANDed with them (sql/merge.hpp).
  bool merge_by_column = false;
  /// The order_by(...) of Model<T>::default_scope(): the order of a read that gives none of its
  /// own (find_all, find_one, each include level), unless unscoped().
  quarry::detail::Vector<sql::OrderTerm> default_order;

  ModelInfo() = default;  // the special members are defined once, like sql::Node's
  ModelInfo(const ModelInfo&);
  ModelInfo(ModelInfo&&) noexcept;
  ModelInfo& operator=(const ModelInfo&);
  ModelInfo& operator=(ModelInfo&&) noexcept;
  ~ModelInfo();

  /// Adds the default scope to where: ANDed, or under it column by column (merge_by_column).
  void scope_into(std::optional<sql::Node>& where) const;

  bool is_hidden(std::size_t field) const {
    for (auto h : hidden)
      if (h == field) return true;
    return false;
  }
  std::vector<std::string> primary_key_columns() const;
};

#ifdef QUARRY_BODIES
QUARRY_FUNC void ModelInfo::scope_into(std::optional<sql::Node>& where) const {
  if (!default_scope) return;
  if (merge_by_column) sql::merge_under(where, *default_scope);
  else sql::and_into(where, *default_scope);
}

QUARRY_FUNC std::vector<std::string> ModelInfo::primary_key_columns() const {
  std::vector<std::string> out;
  for (auto i : primary_key) out.push_back(columns[i]);
  return out;
}

QUARRY_FUNC ModelInfo::ModelInfo(const ModelInfo&) = default;
QUARRY_FUNC ModelInfo::ModelInfo(ModelInfo&&) noexcept = default;
QUARRY_FUNC ModelInfo& ModelInfo::operator=(const ModelInfo&) = default;
QUARRY_FUNC ModelInfo& ModelInfo::operator=(ModelInfo&&) noexcept = default;
QUARRY_FUNC ModelInfo::~ModelInfo() = default;
#endif  // QUARRY_BODIES

namespace detail {

/// One field as plain data, with no template left in it: what ModelInfo and the DDL are built from.
struct FieldDesc {
  std::string_view column;
  TypeKind kind = TypeKind::text;
  bool nullable = false;
  quarry::detail::FieldOptions options;
  /// An enum stored by name: its names, in value order (the enum's static table of them).
  std::span<const std::string_view> labels = {};
};

template <class F>
constexpr FieldDesc field_desc(const F& f) {
  using V = quarry::detail::unwrap_optional_t<typename F::value_type>;
  return {f.column_name(), F::kind, F::nullable, f.options,
          {quarry::detail::enum_labels_data<V>(), quarry::detail::enum_labels_size<V>()}};
}

template <class T>
inline constexpr auto field_descs = []<std::size_t... I>(std::index_sequence<I...>) {
  constexpr const auto& fs = quarry::detail::model_fields<T>;
  return std::array<FieldDesc, sizeof...(I)>{field_desc(quarry::detail::get<I>(fs))...};
}(std::make_index_sequence<quarry::detail::field_count<T>>{});

/// One entry of Model<T>::constraints as plain data.
struct ConstraintDesc {
  enum class Kind : std::uint8_t { unique, index, check } kind = Kind::check;
  std::span<const std::string_view> columns;  // of a unique key or an index
  std::string_view check;                     // the SQL of a check
  // an index's options (index_key<...>.named(...).unique().where(...).using_method(...))
  std::span<const bool> descending{};  // per column
  std::string_view name{}, where{}, method{};
  bool unique = false;
};

template <auto... M>
inline constexpr std::array<std::string_view, sizeof...(M)> key_columns{quarry::detail::column_name<M>()...};
template <auto... K>
inline constexpr std::array<bool, sizeof...(K)> key_descending{quarry::detail::is_descending_v<std::remove_cv_t<decltype(K)>>...};

template <class T, auto... M>
constexpr ConstraintDesc constraint_desc(quarry::detail::UniqueKey<M...>) {
  static_assert((std::is_same_v<quarry::detail::class_of<M>, T> && ...),
                "quarry: unique_key<...> lists a member of another model");
  return {ConstraintDesc::Kind::unique, key_columns<M...>, {}};
}
template <class T, auto... K>
constexpr ConstraintDesc constraint_desc(quarry::detail::IndexKey<K...> k) {
  static_assert(sizeof...(K) > 0, "quarry: index_key<...> lists the members it indexes, as in index_key<&T::a, &T::b>");
  static_assert((std::is_member_object_pointer_v<decltype(quarry::detail::key_member<K>())> && ...),
                "quarry: index_key<...> takes members (&T::member) and descending<&T::member>");
  static_assert((std::is_same_v<quarry::detail::class_of<quarry::detail::key_member<K>()>, T> && ...),
                "quarry: index_key<...> lists a member of another model");
  return {ConstraintDesc::Kind::index, key_columns<quarry::detail::key_member<K>()...>, {}, key_descending<K...>,
          k.name_, k.where_, k.method_, k.unique_};
}
template <class T>
constexpr ConstraintDesc constraint_desc(quarry::detail::Check c) {
  return {ConstraintDesc::Kind::check, {}, c.sql};
}

template <class T>
inline constexpr auto constraint_descs = [] {
  if constexpr (requires { Model<T>::constraints; })
    return std::apply([](const auto&... c) { return std::array<ConstraintDesc, sizeof...(c)>{constraint_desc<T>(c)...}; },
                      Model<T>::constraints);
  else
    return std::array<ConstraintDesc, 0>{};
}();

/// The name of the type of an enum column where the dialect declares one (PostgreSQL), one per
/// column, as Sequelize names it: enum_<table>_<column> (enum_users_role). sync creates it before
/// the table and drops it after.
QUARRY_FUNC std::string enum_type_name(std::string_view table, std::string_view column);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string enum_type_name(std::string_view table, std::string_view column) {
  std::string out = "enum_";
  out.append(table).append(1, '_').append(column);
  return out;
}
#endif  // QUARRY_BODIES

/// The column type of a field of table. keyed is what the field's own options say; keys and
/// indexes over several columns are the DDL's business.
QUARRY_FUNC sql::ColumnType column_type(const FieldDesc& f, std::string_view table);
#ifdef QUARRY_BODIES
QUARRY_FUNC sql::ColumnType column_type(const FieldDesc& f, std::string_view table) {
  const auto& o = f.options;
  sql::ColumnType t;
  t.kind = f.kind;
  t.size = o.size;
  t.precision = o.precision;
  t.scale = o.scale;
  t.keyed = o.primary_key || o.unique || o.index;
  // decimal(p, s) on a double: an exact column in the database, read into a double
  if (o.precision > 0) t.kind = TypeKind::decimal;
  if (t.kind == TypeKind::enumeration) {
    t.labels = f.labels;
    t.enum_type = enum_type_name(table, f.column);
  }
  return t;
}
#endif  // QUARRY_BODIES

/// Table, columns, keys and roles from the fields and constraints (not a template: compiled once,
/// whatever the number of models).
QUARRY_FUNC ModelInfo build_model_info(std::string_view table, std::span<const FieldDesc> fields,
                                       std::span<const ConstraintDesc> constraints);
#ifdef QUARRY_BODIES
QUARRY_FUNC ModelInfo build_model_info(std::string_view table, std::span<const FieldDesc> fields,
                                       std::span<const ConstraintDesc> constraints) {
  ModelInfo info;
  info.table = std::string(table);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto& o = fields[i].options;
    info.columns.emplace_back(fields[i].column);
    info.types.push_back(column_type(fields[i], table));
    if (o.primary_key) info.primary_key.push_back(i);
    if (o.auto_increment) info.auto_increment = i;
    if (o.role == quarry::detail::Role::created_at) info.created_at = i;
    if (o.role == quarry::detail::Role::updated_at) info.updated_at = i;
    if (o.role == quarry::detail::Role::deleted_at) info.deleted_at = i;
    if (o.role == quarry::detail::Role::version) info.version = i;
    if (o.unique && !o.primary_key) info.unique_keys.push_back({info.columns.back()});
    if (o.hidden) info.hidden.push_back(i);
  }
  for (const auto& c : constraints)
    if (c.kind == ConstraintDesc::Kind::unique) info.unique_keys.emplace_back(c.columns.begin(), c.columns.end());
  return info;
}
#endif  // QUARRY_BODIES

/// The index of T's field with role R, or field_count<T> when none has it; two fields with one
/// role fail to compile, once.
template <class T, quarry::detail::Role R>
consteval std::size_t role_field() {
  std::size_t at = quarry::detail::field_count<T>, n = 0;
  for (std::size_t i = 0; i < quarry::detail::field_options<T>.size(); ++i)
    if (quarry::detail::field_options<T>[i].role == R) {
      at = i;
      ++n;
    }
  return n <= 1 ? at : quarry::detail::field_count<T>;
}
template <class T, quarry::detail::Role R>
consteval std::size_t role_count() {
  std::size_t n = 0;
  for (const auto& o : quarry::detail::field_options<T>) n += o.role == R;
  return n;
}
template <class T>
struct RoleCheck {
  static_assert(role_count<T, quarry::detail::Role::deleted_at>() <= 1,
                "quarry: Model<T> has two deleted_at fields (a member named deleted_at and one given "
                "quarry::soft_delete); keep one, or rename the member");
  static_assert(role_count<T, quarry::detail::Role::version>() <= 1,
                "quarry: Model<T> has two version fields (a member named version and one given "
                "quarry::optimistic_lock); keep one, or rename the member");
  static constexpr std::size_t deleted_at = role_field<T, quarry::detail::Role::deleted_at>();
  static constexpr std::size_t version = role_field<T, quarry::detail::Role::version>();
};
}  // namespace detail

/// Whether T soft-deletes (has a deleted_at field) and whether it is versioned (has a version
/// field): known at compile time, so that a model without them compiles none of their code.
template <class T>
inline constexpr bool soft_deletes_v = detail::RoleCheck<T>::deleted_at < quarry::detail::field_count<T>;
template <class T>
inline constexpr bool versioned_v = detail::RoleCheck<T>::version < quarry::detail::field_count<T>;

/// The deleted_at and version members of a row (call only when T has them).
template <class T>
constexpr auto& deleted_at_of(T& row) {
  return quarry::detail::get<detail::RoleCheck<T>::deleted_at>(quarry::detail::model_fields<T>).get(row);
}
template <class T>
constexpr auto& version_of(T& row) {
  return quarry::detail::get<detail::RoleCheck<T>::version>(quarry::detail::model_fields<T>).get(row);
}

/// What the filter stage adds for the rows a read asks for: live rows ("deleted_at" IS NULL),
/// soft-deleted ones (IS NOT NULL), or every row (none). None for a model without deleted_at.
QUARRY_FUNC std::optional<sql::Node> deleted_condition(const ModelInfo& info, query::Deleted d);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::optional<sql::Node> deleted_condition(const ModelInfo& info, query::Deleted d) {
  if (!info.deleted_at || d == query::Deleted::with) return std::nullopt;
  return sql::Node::unary(d == query::Deleted::only ? sql::Node::Kind::is_not_null : sql::Node::Kind::is_null,
                          sql::Node::column(info.columns[*info.deleted_at]));
}
#endif  // QUARRY_BODIES

/// A condition every read of T adds to its WHERE (ModelInfo::filter), or none. Internal: the read
/// path's filter stage, which soft delete fills from Model<T> besides it.
/// A specialization declares `static std::optional<sql::Node> condition();`.
template <class T>
struct ReadFilter {
  using primary = ReadFilter;  // (this template only: a specialization names a condition)
  static std::optional<sql::Node> condition() { return std::nullopt; }
};

namespace detail {
/// Model<T>::default_scope(), lowered: its conditions and its order.
struct DefaultScope {
  std::optional<sql::Node> where;
  quarry::detail::Vector<sql::OrderTerm> order;
};

/// Whether C is a clause a default scope of T may be: where(...) or order_by(...) on T's own
/// fields, or scope(...) of those.
template <class T, class C>
consteval bool default_scope_clause() {
  if constexpr (requires { C::kind; typename C::model_type; })
    return std::is_same_v<typename C::model_type, T> && (C::kind & ~(query::c_where | query::c_order)) == 0;
  else
    return false;
}

template <class T>
DefaultScope default_scope_of() {
  DefaultScope out;
  if constexpr (requires { Model<T>::default_scope(); }) {
    using C = decltype(Model<T>::default_scope());
    constexpr bool own = default_scope_clause<T, C>();
    static_assert(own, "quarry: Model<T>::default_scope() must return where(...), order_by(...) or "
                       "scope(where(...), order_by(...)) on T's own fields; a condition on another model's column "
                       "belongs in that model's default_scope()");
    if constexpr (own) {
      const auto scope = Model<T>::default_scope();
      query::where_into(out.where, scope);
      query::order_into(out.order, scope);
    }
  }
  return out;
}
}  // namespace detail

namespace detail {
/// What a model adds to its lowered description besides its fields and constraints: its read
/// filter and default scope, as functions (none when it declares none), so that a model's own
/// code is one call, and the rest is compiled once.
struct ModelExtras {
  std::optional<sql::Node> (*filter)() = nullptr;
  DefaultScope (*scope)() = nullptr;
  bool merge_by_column = false;
};

/// T's extras: a function only for what T declares (if constexpr: nothing is instantiated for
/// what it does not).
template <class T>
consteval ModelExtras extras_of() {
  ModelExtras e;
  if constexpr (!requires { requires std::is_same_v<typename ReadFilter<T>::primary, ReadFilter<T>>; })
    e.filter = &ReadFilter<T>::condition;
  if constexpr (requires { Model<T>::default_scope(); }) e.scope = &default_scope_of<T>;
  e.merge_by_column = quarry::detail::where_merge_of<T>() == quarry::detail::WhereMerge::last_per_column;
  return e;
}

QUARRY_FUNC ModelInfo lowered_model(std::string_view table, std::span<const FieldDesc> fields,
                                    std::span<const ConstraintDesc> constraints, const ModelExtras& extras);
#ifdef QUARRY_BODIES
QUARRY_FUNC ModelInfo lowered_model(std::string_view table, std::span<const FieldDesc> fields,
                                    std::span<const ConstraintDesc> constraints, const ModelExtras& extras) {
  ModelInfo built = build_model_info(table, fields, constraints);
  if (extras.filter) built.base_filter = extras.filter();
  built.filter = built.base_filter;
  if (auto live = deleted_condition(built, query::Deleted::hidden)) sql::and_into(built.filter, std::move(*live));
  if (extras.scope) {
    auto scope = extras.scope();
    built.default_scope = std::move(scope.where);
    built.default_order = std::move(scope.order);
  }
  built.merge_by_column = extras.merge_by_column;
  return built;
}
#endif  // QUARRY_BODIES
}  // namespace detail

/// The lowered description of T, built on first use.
template <class T>
const ModelInfo& model_info() {
  (void)quarry::detail::ModelCheck<T>::ok;  // a model that fails its checks is reported from here, in few notes
  constexpr const auto& fields = detail::field_descs<T>;
  constexpr const auto& constraints = detail::constraint_descs<T>;
  constexpr detail::ModelExtras extras = detail::extras_of<T>();
  // (pointer and size: a span from a std::array<X, N> is one more instantiation for each N)
  static const ModelInfo info = detail::lowered_model(quarry::detail::table_name<T>(), {fields.data(), fields.size()},
                                                      {constraints.data(), constraints.size()}, extras);
  return info;
}

}  // namespace quarry::ops
