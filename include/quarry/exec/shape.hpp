#pragma once
/// Running a shape (ops/shapes.hpp): its statement, prepared once per connection, with the values
/// of rows bound as the statement's own slots say. The reads by key, the inserts of one row, and
/// the updates and deletes by key all run this way.
///
///   exec::run_shape<ops::SelectByKey<Book>>(ex, conn, rows, [&](driver::Statement& st) { ops::read_row(st, book); });

#include <cstdint>
#include <span>

#include "../driver/connection.hpp"
#include "../ops/bind.hpp"
#include "../ops/shapes.hpp"
#include "executor.hpp"

namespace quarry::exec {

/// Runs Shape with the values of rows, calling on_row for each row; returns the rows read, or
/// else the rows changed.
template <class Shape, class T, class OnRow>
std::int64_t run_shape(Executor& ex, driver::Connection& c, std::span<const T* const> rows, OnRow on_row) {
  driver::Statement& st = ex.shaped<Shape>(c);
  ops::RowValues<T> values{rows, st.slots, st.constants};
  return ex.run(c, st, values.binds(), on_row);
}

}  // namespace quarry::exec
