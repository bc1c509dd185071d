#pragma once
/// The shapes: statements whose SQL depends only on the model and the dialect (every column of
/// T, by key, insert of one row or of a chunk of rows, update and delete by key). Each is built
/// from the model's lowered data (ops::shape, ops/statements.hpp) with a slot for each
/// placeholder, rendered once per connection and found by number (driver/connection.hpp), so the
/// hot operations build no AST and render nothing per call. Their values are bound by the slots
/// (ops/bind.hpp).
///
///   driver::Statement& st = executor.shaped<ops::SelectByKey<Book>>(conn);

#include <cstddef>

#include "../config.hpp"
#include "../query/clauses.hpp"
#include "../sql/render.hpp"
#include "read.hpp"
#include "statements.hpp"
#include "write.hpp"  // prepare_where

#ifdef QUARRY_BODIES
#include <algorithm>
#endif

namespace quarry::ops {

/// Rows per multi-row INSERT of bulk_create: large enough that per-statement costs vanish, small
/// enough for every dialect's parameter limit. On MariaDB (users of 4 columns, client and server
/// on one core) 1000 rows ran at 0.997 of the raw code's 1000-row statements against 0.94 for
/// 250 (six alternating pairs, 2026-12-05; two earlier A/Bs leaned the same way): each statement
/// is a round trip, and each round trip two context switches that cool the client's caches.
/// 5000 ran slower; SQLite did not care.
QUARRY_FUNC std::size_t chunk_rows(const sql::Dialect& d, std::size_t per_row);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::size_t chunk_rows(const sql::Dialect& d, std::size_t per_row) {
  return std::max<std::size_t>(1, std::min<std::size_t>(1000, d.max_params / std::max<std::size_t>(1, per_row)));
}
#endif  // QUARRY_BODIES

/// A shape: the statement that Build makes from T's lowered data (and Args), rendered for a
/// dialect. Each distinct type is one shape number (driver::shape_number).
template <class T, auto Build, auto... Args>
struct Shape {
  static sql::Rendered render(const sql::Dialect& d) {
    return sql::render(d, Build(model_info<T>(), Args...));
  }
};

/// The read shapes come from the read path (ops/read.hpp), filter stage included.
template <class T>
using SelectAll = Shape<T, &ops::all_rows>;
template <class T>
using SelectByKey = Shape<T, &ops::row_by_key>;
template <class T, bool OmitKey, bool Returning>
using InsertRow = Shape<T, &ops::shape::insert, std::size_t{1}, OmitKey, Returning>;
/// INSERT of rows sent as one array per column (dialects with array parameters): the same SQL
/// for any number of rows.
template <class T, bool OmitKey>
using InsertArrays = Shape<T, &ops::shape::insert_arrays, OmitKey>;
template <class T>
using UpdateByKey = Shape<T, &ops::shape::update_by_key>;
template <class T>
using DeleteByKey = Shape<T, &ops::shape::delete_by_key>;
/// The soft delete and the restore of a row by key (models with deleted_at).
template <class T>
using SoftDeleteByKey = Shape<T, &ops::shape::soft_delete_by_key>;
template <class T>
using RestoreByKey = Shape<T, &ops::shape::restore_by_key>;

/// INSERT of chunk_rows rows at once (bulk_create), as many as the dialect's parameter limit
/// allows; a smaller last chunk is rendered as it comes.
template <class T, bool OmitKey, bool Returning>
struct InsertChunk {
  static sql::Rendered render(const sql::Dialect& d) {
    const auto& info = model_info<T>();
    auto rows = chunk_rows(d, info.columns.size() - (OmitKey ? 1 : 0));
    return sql::render(d, ops::shape::insert(info, rows, OmitKey, Returning));
  }
};

namespace detail {
/// col<&T::member> = value into set(...) of an update by shape: a plain value (or NULL) into a
/// member of T with no on_write transform.
template <class T, class A>
consteval bool plain_assignment() {
  constexpr auto member = A::column_type::member;
  return std::is_same_v<quarry::detail::class_of<member>, T> && !query::expression<typename A::kept_type> &&
         !quarry::detail::writes_through<member>;
}
template <class T, class C> inline constexpr bool one_comparison = false;
template <class T, sql::Op O, class L, class V>
inline constexpr bool one_comparison<T, query::Where<T, query::Comparison<O, L, V>>> = true;
}  // namespace detail

/// Whether update<T>(S, C...) is one shape (UpdateWhere): set(...) of plain values, and one
/// where(col<&T::member> op value), on a model with no default scope and no deleted_at, whose
/// where would add to the condition. Known at compile time; anything else is lowered and rendered.
template <class T, class S, class... C> inline constexpr bool updates_by_shape = false;
template <class T, class... A, class C>
inline constexpr bool updates_by_shape<T, query::Set<T, A...>, C> =
    (detail::plain_assignment<T, A>() && ...) && detail::one_comparison<T, C> && !soft_deletes_v<T> &&
    !requires { Model<T>::default_scope(); };

/// update<T>(set(col<&T::a> = value, ...), where(col<&T::k> op value)) as a shape: the SQL that
/// update_where writes for it, with a placeholder for each value: slot field i < sizeof...(A) is
/// the i-th assignment's, `stamp` updated_at's time (prepare_where), `condition` the where's.
template <class T, class S, class C> struct UpdateWhere;
template <class T, class... A, sql::Op O, class L, class V>
struct UpdateWhere<T, query::Set<T, A...>, query::Where<T, query::Comparison<O, L, V>>> {
  static constexpr std::size_t stamp = sizeof...(A), condition = stamp + 1;
  static sql::Rendered render(const sql::Dialect& d) {
    const auto& info = model_info<T>();
    sql::Update u;
    u.table = info.table;
    std::size_t i = 0;
    (u.set.push_back({std::string(quarry::detail::column_name<A::column_type::member>()),
                      sql::Node::placeholder(shape::slot(i++, sql::SlotRole::value))}),
     ...);
    prepare_where(info, u, sql::Node::placeholder(shape::slot(stamp, sql::SlotRole::value)));
    u.where = sql::Node::binary(O, L{}.lower(), sql::Node::placeholder(shape::slot(condition, sql::SlotRole::value)));
    return sql::render(d, u);
  }
};

}  // namespace quarry::ops
