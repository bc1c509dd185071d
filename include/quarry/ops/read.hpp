#pragma once
/// The read path. Every SELECT that reads a model, whichever entry point it came from (find_all,
/// find_one, find_by_pk, reload, count and the aggregates, select into tuples, find_and_count_all,
/// each level of an include, the EXISTS of a required include, related and its counts), is built
/// by plan(): the clauses lowered to a sql::Select, then the filter stage. A feature that limits
/// what reads see (default scopes, soft delete) is one condition there (ModelInfo::filter), not
/// an edit in every read. Not templates, but for the typed front of rows().
///
///   auto s = ops::rows<Book>(where(col<&Book::price> < 30));   // SELECT ... WHERE price < ? AND <filter>

#include <optional>
#include <type_traits>
#include <utility>

#include "statements.hpp"

namespace quarry::ops {

/// The filter stage: what every read of info's model adds to its WHERE.
inline void filter(const ModelInfo& info, std::optional<sql::Node>& where) {
  if (info.filter) sql::and_into(where, *info.filter);
}

/// The plan of one read of info's table: s with its table set, every column unless it chose its
/// own, required (the EXISTS of required includes) and the filter stage ANDed into its WHERE.
inline sql::Select plan(const ModelInfo& info, sql::Select s, std::optional<sql::Node> required = std::nullopt) {
  s.table = info.table;
  if (s.columns.empty()) s.columns = detail::column_nodes(info);
  if (required) sql::and_into(s.where, std::move(*required));
  filter(info, s.where);
  return s;
}

/// The read shapes (ops/shapes.hpp): every row, and one row by key.
inline sql::Select all_rows(const ModelInfo& info) { return plan(info, shape::select_all(info)); }
inline sql::Select row_by_key(const ModelInfo& info) { return plan(info, shape::select_by_key(info)); }

/// COUNT(*) of info's rows that match where.
inline sql::Select count(const ModelInfo& info, std::optional<sql::Node> where) {
  sql::Select s;
  s.columns = {sql::Node::aggregate("COUNT", {sql::Node::star()})};
  s.where = std::move(where);
  return plan(info, std::move(s));
}

/// The where(...) clauses among clauses, ANDed (checking that each clause fits Allowed): the
/// condition of a count, and of a write by where.
template <class T, unsigned Allowed = query::c_where, class... C>
std::optional<sql::Node> where_of(const C&... clauses) {
  std::optional<sql::Node> out;
  [[maybe_unused]] auto one = [&](const auto& c) {
    using K = std::remove_cvref_t<decltype(c)>;
    if constexpr (query::check_clause<T, Allowed, K>() && K::kind == query::c_where &&
                  !std::is_same_v<K, query::EveryRow>)
      sql::and_into(out, c.node);
  };
  (one(clauses), ...);
  return out;
}

/// T's rows with typed clauses (where, order_by, limit, ...), and required.
template <class T, unsigned Allowed = query::find_clauses, class... C>
sql::Select rows(std::optional<sql::Node> required, const C&... clauses) {
  return plan(model_info<T>(), select_rows<T, Allowed>(clauses...), std::move(required));
}

}  // namespace quarry::ops
