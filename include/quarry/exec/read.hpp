#pragma once
/// Running the read path: the plans of ops/read.hpp rendered for the connection's dialect and run
/// by the executor, their rows read straight into structs, tuples or counts (ops/hydrate.hpp), then
/// the includes among the clauses loaded (exec/eager.hpp). Every row of a model, and one row by
/// key, run as prepared shapes instead: nothing is built or rendered per call.
///
///   auto cheap = exec::find_all<Book>(ex, conn, where(col<&Book::price> < 30), limit(10));

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../config.hpp"
#include "../driver/connection.hpp"
#include "../model/model.hpp"
#include "../ops/bind.hpp"
#include "../ops/eager.hpp"
#include "../ops/hydrate.hpp"
#include "../ops/read.hpp"
#include "../ops/shapes.hpp"
#include "../query/include.hpp"
#include "../sql/render.hpp"
#include "../vector.hpp"
#include "eager.hpp"
#include "executor.hpp"
#include "shape.hpp"

namespace quarry::exec {

namespace detail {
/// Room for the n rows a statement already holds, in an out that holds none yet: a fresh vector's
/// reserve, swapped in. The compiler sees that it has no rows to move, so T's relocation is
/// compiled once per model (emplace_back's growth) rather than twice; out.reserve(n) cost g++
/// about 36 M instructions more per model (bench/compile's typical file). Same allocation.
template <class T>
void reserve_rows(std::vector<T>& out, std::size_t n) {
  if (out.empty() && out.capacity() < n) {
    std::vector<T> fresh;
    fresh.reserve(n);
    out.swap(fresh);
  }
}
}  // namespace detail

/// Appends the rows of T that match clauses (where, order_by, limit, offset, include...) to out.
/// (Allowed: the clause kinds the caller took, checked again here.)
template <class T, unsigned Allowed = query::find_clauses, class... C>
void find_all_into(Executor& ex, driver::Connection& c, std::vector<T>& out, const C&... clauses) {
  auto read = [&](driver::Statement& st) {
    detail::reserve_rows(out, st.buffered_rows());
    ops::read_row(st, out.emplace_back());
  };
  if constexpr (sizeof...(C) == 0) {  // every row: one prepared shape
    driver::Statement& all = ex.shaped<ops::SelectAll<T>>(c);
    ex.run(c, all, ops::constant_binds(all), read);
  } else {
    // the columns of fields_read<T, C...> (partial rows), read by a reader made for them
    auto read_picked = [&](driver::Statement& st) {
      detail::reserve_rows(out, st.buffered_rows());
      if constexpr (ops::fields_read<T, C...> == quarry::detail::read_by_default<T>) ops::read_row(st, out.emplace_back());
      else ops::read_fields<ops::fields_read<T, C...>>(st, out.emplace_back());
    };
    ex.run(c, sql::render(c.dialect(), ops::rows<T, Allowed>(ops::required_filter<T>(clauses...), clauses...)),
           read_picked);
    if constexpr ((query::is_include<C> || ...)) {
      std::vector<T*> rows;
      rows.reserve(out.size());
      for (auto& r : out) rows.push_back(&r);
      exec::load_includes(ex, c, rows, clauses...);
    }
  }
}

/// The rows of T that match clauses.
template <class T, class... C>
std::vector<T> find_all(Executor& ex, driver::Connection& c, const C&... clauses) {
  std::vector<T> out;
  exec::find_all_into<T>(ex, c, out, clauses...);
  return out;
}

/// The first row of T that matches clauses, if any.
template <class T, class... C>
std::optional<T> find_one(Executor& ex, driver::Connection& c, const C&... clauses) {
  auto rows = exec::find_all<T>(ex, c, clauses..., query::limit(1));
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

/// The row of T with this key (one value per key column, in field order; the caller checks the
/// count and types): the prepared shape, bound from the arguments.
template <class T, class... K>
std::optional<T> find_by_key(Executor& ex, driver::Connection& c, const K&... key) {
  driver::Statement& by_key = ex.shaped<ops::SelectByKey<T>>(c);
  ops::ArgValues<K...> values{{key...}, by_key};
  std::optional<T> out;
  ex.run(c, by_key, values.binds(), [&](driver::Statement& st) { ops::read_row(st, out.emplace()); });
  return out;
}

/// Reads row again, by its key; false if it is gone.
template <class T>
bool reload(Executor& ex, driver::Connection& c, T& row) {
  const T* one = &row;
  return run_shape<ops::SelectByKey<T>, T>(ex, c, {&one, 1}, [&](driver::Statement& st) { ops::read_row(st, row); }) > 0;
}

/// COUNT(*) of info's rows that match where (and what the filter stage adds, as v says). Not a
/// template: compiled once, not per model.
QUARRY_FUNC std::int64_t count(Executor& ex, driver::Connection& c, const ops::ModelInfo& info,
                               std::optional<sql::Node> where, ops::Visibility v = {});
#ifdef QUARRY_BODIES
QUARRY_FUNC std::int64_t count(Executor& ex, driver::Connection& c, const ops::ModelInfo& info,
                               std::optional<sql::Node> where, ops::Visibility v) {
  std::int64_t n = 0;
  ex.run(c, sql::render(c.dialect(), ops::count(info, std::move(where), v)),
         [&](driver::Statement& st) { ops::read_value(st, 0, n); });
  return n;
}
#endif  // QUARRY_BODIES

/// Appends the rows of s, a SELECT of chosen columns and aggregates of info's table, to out
/// (with what the filter stage adds, as v says).
template <class... V>
void select_into(Executor& ex, driver::Connection& c, const ops::ModelInfo& info, sql::Select&& s,
                 std::vector<std::tuple<V...>>& out, ops::Visibility v = {}) {
  ex.run(c, sql::render(c.dialect(), ops::plan(info, std::move(s), std::nullopt, v)),
         [&](driver::Statement& st) { ops::read_tuple(st, out.emplace_back()); });
}

/// The rows of raw SQL: into a model by column name, into a tuple by position, or the first
/// column's value.
template <class R>
std::vector<R> query_rows(Executor& ex, driver::Connection& c, const sql::Rendered& r) {
  std::vector<R> out;
  quarry::detail::Vector<int> mapping;
  ex.run(c, r, [&](driver::Statement& st) {
    if constexpr (model<R>) {
      ops::read_row_by_name(st, out.emplace_back(), mapping);
    } else if constexpr (requires { std::tuple_size<R>::value; }) {
      ops::read_tuple(st, out.emplace_back());
    } else {
      R value{};  // a local first: std::vector<bool> has no references to give
      ops::read_value(st, 0, value);
      out.push_back(std::move(value));
    }
  });
  return out;
}

}  // namespace quarry::exec
