#pragma once
/// The read path. Every SELECT that reads a model, whichever entry point it came from (find_all,
/// find_one, find_by_pk, reload, count and the aggregates, select into tuples, find_and_count_all,
/// each level of an include, the EXISTS of a required include, related and its counts, and each
/// subquery<T>(...) of ops/subquery.hpp), is built
/// by plan(): the clauses lowered to a sql::Select, then the filter stage. A feature that limits
/// what reads see is one condition there, not an edit in every read: the model's default scope
/// (ModelInfo::default_scope, left out when the query says unscoped()) and ModelInfo::filter
/// ("deleted_at" IS NULL on a model with soft delete, unless with_deleted() or only_deleted()).
/// Not templates, but for the typed front of rows().
///
///   auto s = ops::rows<Book>(where(col<&Book::price> < 30));   // SELECT ... WHERE price < ? AND <filter>

#include <optional>
#include <type_traits>
#include <utility>

#include "../config.hpp"
#include "projection.hpp"
#include "statements.hpp"

namespace quarry::ops {

/// What a read sees besides its own clauses: its model's default scope (unless unscoped()), and
/// which rows of a model with deleted_at (with_deleted(), only_deleted()).
struct Visibility {
  bool scoped = true;
  query::Deleted deleted = query::Deleted::hidden;
};

/// The Visibility that a query on T with clauses C asks for; with_deleted() and only_deleted()
/// only on a model with deleted_at.
template <class T, class... C>
consteval Visibility visibility() {
  constexpr auto deleted = query::deleted_rows<C...>;
  constexpr bool fits = deleted == query::Deleted::hidden || soft_deletes_v<T>;  // (short in the error)
  static_assert(fits,
                "quarry: with_deleted() and only_deleted() read soft-deleted rows, and this model has none; give it "
                "a std::optional<quarry::Timestamp> deleted_at member (or quarry::soft_delete on one), or drop the "
                "clause");
  return {query::keeps_default_scope<C...>, deleted};
}

/// The filter stage: what every read of info's model adds to its WHERE: its default scope when
/// scoped (the query did not say unscoped()), and its filter, with the soft-deleted rows left
/// out, kept, or kept alone as v says.
QUARRY_FUNC void filter(const ModelInfo& info, std::optional<sql::Node>& where, Visibility v = {});
#ifdef QUARRY_BODIES
QUARRY_FUNC void filter(const ModelInfo& info, std::optional<sql::Node>& where, Visibility v) {
  if (v.scoped) info.scope_into(where);
  if (v.deleted == query::Deleted::hidden) {
    if (info.filter) sql::and_into(where, *info.filter);
    return;
  }
  if (info.base_filter) sql::and_into(where, *info.base_filter);
  if (auto deleted = deleted_condition(info, v.deleted)) sql::and_into(where, std::move(*deleted));
}
#endif  // QUARRY_BODIES

/// The plan of one read of info's table: s with its table set; the projection: the columns of
/// the fields that `fields` marks (a mask in field order, ops::fields_read) when given, else every
/// column but the hidden ones unless s chose its own; required (the EXISTS of required includes)
/// and the filter stage ANDed into its WHERE.
/// plan_into changes s in place. (s and required by reference, not by value: a caller that moves
/// its own into them then compiles no second object to destroy after the call, which in the typed
/// layer is code per model.)
QUARRY_FUNC void plan_into(const ModelInfo& info, sql::Select& s, std::optional<sql::Node>&& required = std::nullopt,
                           Visibility v = {}, const bool* fields = nullptr);
QUARRY_FUNC sql::Select plan(const ModelInfo& info, sql::Select&& s, std::optional<sql::Node>&& required = std::nullopt,
                             Visibility v = {}, const bool* fields = nullptr);
#ifdef QUARRY_BODIES
QUARRY_FUNC void plan_into(const ModelInfo& info, sql::Select& s, std::optional<sql::Node>&& required, Visibility v,
                           const bool* fields) {
  s.table = info.table;
  if (fields) s.columns = detail::column_nodes(info, fields);
  else if (s.columns.empty()) s.columns = detail::column_nodes(info);
  if (required) sql::and_into(s.where, std::move(*required));
  filter(info, s.where, v);
}
QUARRY_FUNC sql::Select plan(const ModelInfo& info, sql::Select&& s, std::optional<sql::Node>&& required,
                             Visibility v, const bool* fields) {
  plan_into(info, s, std::move(required), v, fields);
  return std::move(s);
}
#endif  // QUARRY_BODIES

/// The order stage of a read of rows: one that gives no order takes its default scope's (when v
/// says scoped), except with distinct(): PostgreSQL wants a DISTINCT's order among the columns
/// read. (An include level that gives none falls back to its key after this: ops::default_order.)
QUARRY_FUNC void order(const ModelInfo& info, sql::Select& s, Visibility v = {});
#ifdef QUARRY_BODIES
QUARRY_FUNC void order(const ModelInfo& info, sql::Select& s, Visibility v) {
  if (v.scoped && s.order_by.empty() && !s.distinct) s.order_by = info.default_order;
}
#endif  // QUARRY_BODIES

/// The read shapes (ops/shapes.hpp): every row, and one row by key.
QUARRY_FUNC sql::Select all_rows(const ModelInfo& info);
#ifdef QUARRY_BODIES
QUARRY_FUNC sql::Select all_rows(const ModelInfo& info) {
  auto s = plan(info, shape::select_all(info));
  order(info, s);
  return s;
}
#endif  // QUARRY_BODIES
inline sql::Select row_by_key(const ModelInfo& info) { return plan(info, shape::select_by_key(info)); }

/// COUNT(*) of info's rows that match where.
QUARRY_FUNC sql::Select count(const ModelInfo& info, std::optional<sql::Node> where, Visibility v = {});
#ifdef QUARRY_BODIES
QUARRY_FUNC sql::Select count(const ModelInfo& info, std::optional<sql::Node> where, Visibility v) {
  sql::Select s;
  s.columns = {sql::Node::aggregate("COUNT", {sql::Node::star()})};
  s.where = std::move(where);
  return plan(info, std::move(s), std::nullopt, v);
}
#endif  // QUARRY_BODIES

/// The where(...) clauses among clauses, those of scopes included, ANDed (checking that each
/// clause fits Allowed): the condition of a count, and of a write by where.
template <class T, unsigned Allowed = query::c_where | query::c_unscoped | query::c_deleted, class... C>
std::optional<sql::Node> where_of(const C&... clauses) {
  std::optional<sql::Node> out;
  [[maybe_unused]] auto one = [&](const auto& c) {
    if constexpr (query::check_clause<T, Allowed, std::remove_cvref_t<decltype(c)>>()) query::where_into(out, c);
  };
  (one(clauses), ...);
  return out;
}

/// The condition of a write by where (update<T>(set, ...), destroy<T>(...), restore<T>(...)):
/// where_of, the default scope unless the clauses say unscoped(), as Sequelize's update and
/// destroy, and on a model with deleted_at its live rows only, unless the clauses say
/// with_deleted() or only_deleted() (force: every row).
template <class T, unsigned Allowed = query::c_where | query::c_unscoped | query::c_deleted, class... C>
std::optional<sql::Node> write_where(const C&... clauses) {
  constexpr Visibility v = visibility<T, C...>();
  auto out = where_of<T, Allowed>(clauses...);
  if constexpr (v.scoped) model_info<T>().scope_into(out);
  if constexpr (soft_deletes_v<T>) {
    constexpr auto rows = query::forced<C...> ? query::Deleted::with : v.deleted;
    if (auto deleted = deleted_condition(model_info<T>(), rows)) sql::and_into(out, std::move(*deleted));
  }
  return out;
}

/// T's rows with typed clauses (where, order_by, limit, scopes, unscoped, only<...> ...), and
/// required; the columns of fields_read<T, C...>, which ops::read_fields<fields_read<T, C...>>
/// reads.
template <class T, unsigned Allowed = query::find_clauses, class... C>
sql::Select rows(std::optional<sql::Node> required, const C&... clauses) {
  // (no mask when it is the default one: select_rows chose those columns already)
  constexpr bool picked = fields_read<T, C...> != quarry::detail::read_by_default<T>;
  constexpr Visibility v = visibility<T, C...>();
  const auto& info = model_info<T>();
  auto s = select_rows<T, Allowed>(clauses...);
  plan_into(info, s, std::move(required), v, picked ? fields_read<T, C...>.data() : nullptr);
  order(info, s, v);
  return s;
}

}  // namespace quarry::ops
