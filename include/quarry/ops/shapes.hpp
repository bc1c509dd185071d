#pragma once
/// The shapes: statements whose SQL depends only on the model and the dialect (every column of
/// T, by key, insert of one row or of a chunk of rows, update and delete by key). Each is built
/// from the model's lowered data (ops::shape, ops/statements.hpp) with a slot for each
/// placeholder, rendered once per connection and found by number (driver/connection.hpp), so the
/// hot operations build no AST and render nothing per call. Their values are bound by the slots
/// (ops/bind.hpp).
///
///   driver::Statement& st = executor.shaped<ops::SelectByKey<Book>>(conn);

#include <algorithm>
#include <cstddef>

#include "../sql/render.hpp"
#include "read.hpp"
#include "statements.hpp"

namespace quarry::ops {

/// Rows per multi-row INSERT of bulk_create: large enough that per-statement costs vanish, small
/// enough for every dialect's parameter limit and for the statement to stay in the caches. On
/// MariaDB (users of 4 columns, one core) 100 rows ran at 1.09 of 1000-row statements, 250 at
/// 1.06, 500 at 1.04 and 5000 at 0.86; SQLite did not care.
inline std::size_t chunk_rows(const sql::Dialect& d, std::size_t per_row) {
  return std::max<std::size_t>(1, std::min<std::size_t>(250, d.max_params / std::max<std::size_t>(1, per_row)));
}

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

}  // namespace quarry::ops
