#pragma once
/// Streaming: a query's rows read as they come, in constant memory, instead of into one vector.
/// RowCursor runs a statement through driver::Statement::run_streamed (a cursor on PostgreSQL,
/// unbuffered rows or a read-only cursor on MariaDB, stepping on SQLite) and hands out one row at
/// a time; each_row reads them into one T, and Batches into batches of T whose includes load per
/// batch. The session's each, stream and each_batch (session/session.hpp) are built on these.
///
///   exec::each_row<Book>(ex, conn, exec::rows_per_fetch, false, [&](Book& b) { total += b.stock; }, where(...));

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../driver/connection.hpp"
#include "../model/model.hpp"
#include "../ops/eager.hpp"
#include "../ops/hydrate.hpp"
#include "../ops/read.hpp"
#include "../query/include.hpp"
#include "../sql/render.hpp"
#include "eager.hpp"
#include "executor.hpp"

namespace quarry::exec {

/// What a stream reads at a time unless the query's batch(n) says: rows per fetch, for a stream
/// without includes (on PostgreSQL, bench/ c' read fastest with FETCH 2000 to 5000, some 5%
/// slower with 1000, half as fast with 10000); parents whose includes load together, and
/// each_batch's rows per batch.
inline constexpr std::size_t rows_per_fetch = 3000, parents_per_batch = 1000;

/// The batch(n) among clauses, else the default: parents_per_batch with includes, else
/// rows_per_fetch.
template <class... C>
std::size_t batch_of(const C&... clauses) {
  std::size_t n = (query::is_include<C> || ...) ? parents_per_batch : rows_per_fetch;
  [[maybe_unused]] auto one = [&](const auto& c) {
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(c)>, query::Batch>) n = static_cast<std::size_t>(c.n);
  };
  (one(clauses), ...);
  return n;
}

/// The streaming cursor: r run on c by the executor's rules (prepared from the connection's cache,
/// a network failure marks the connection broken, logged once when it ends, with the rows read),
/// its rows read one at a time by next(). Ending early (destroyed before the last row, or by an
/// exception) finishes the statement: the backend drains the rest or closes its cursor, so the
/// connection can run the next statement. Not a template.
class RowCursor {
 public:
  /// shared: other statements may run on c between two rows (driver::Statement::run_streamed).
  RowCursor(Executor& ex, driver::Connection& c, sql::Rendered r, std::size_t batch, bool shared)
      : ex_(ex),
        c_(c),
        r_(std::move(r)),
        params_(r_.params.data(), r_.params.size()),  // (a span's range constructor costs every file)
        binds_(driver::Binds::of(params_)) {
    if (ex_.logger) start_ = std::chrono::steady_clock::now();
    st_ = &ex_.prepared(c_, r_.sql);
    st_->in_use = true;
    try {
      st_->execute_streamed(binds_, batch, shared);
      // a transaction the backend began for the stream (PostgreSQL's cursor): what runs on the
      // connection meanwhile (a hook's writes) nests in it with savepoints instead of ending it
      if (c_.transaction_depth == 0 && c_.in_transaction()) {
        c_.transaction_depth = 1;
        adopted_ = true;
      }
    } catch (const ConnectionError& e) {
      c_.broken = true;
      end(&e);
      throw;
    } catch (const Error& e) {
      end(&e);
      throw;
    } catch (...) {
      end(nullptr);
      throw;
    }
  }
  RowCursor(const RowCursor&) = delete;
  RowCursor& operator=(const RowCursor&) = delete;
  ~RowCursor() {
    try {
      end(nullptr);
    } catch (...) {  // the logger threw: nothing to do about it here
    }
  }

  /// Moves to the next row; false after the last one (the statement is finished then). (Inline
  /// in the loop of each(): a call per row is about 16 instructions more on SQLite's c'.)
  [[gnu::always_inline]] bool next() {
    if (done_) return false;
    try {
      if (st_->next()) [[likely]] {
        ++rows_;
        return true;
      }
    } catch (const ConnectionError& e) {
      c_.broken = true;
      end(&e);
      throw;
    } catch (const Error& e) {
      end(&e);
      throw;
    }
    end(nullptr);
    return false;
  }

  /// The statement, on the current row.
  driver::Statement& statement() noexcept { return *st_; }

 private:
  void end(const Error* error) {
    if (done_) return;
    done_ = true;
    st_->finish();  // (ends the transaction the backend began, if it did)
    st_->in_use = false;
    if (adopted_) {
      if (c_.transaction_depth != 1) c_.broken = true;  // a nested part could not be undone
      c_.transaction_depth = 0;
    }
    if (ex_.logger) ex_.log_run(*st_, binds_, start_, rows_, error);
  }

  Executor& ex_;
  driver::Connection& c_;
  sql::Rendered r_;
  std::span<const sql::Value> params_;  // r_'s values, for binds_
  driver::Binds binds_;
  driver::Statement* st_ = nullptr;
  std::chrono::steady_clock::time_point start_{};
  std::int64_t rows_ = 0;
  bool done_ = false, adopted_ = false;
};

namespace detail {
/// The SELECT of a stream of T: its clauses, and the EXISTS of its required includes.
template <class T, class... C>
sql::Rendered stream_select(const sql::Dialect& d, const C&... clauses) {
  return sql::render(d, ops::rows<T, query::stream_clauses>(ops::required_filter<T>(clauses...), clauses...));
}

/// Reads the current row into row: the columns the clauses read (every field but the hidden
/// ones, or only<...>'s).
template <class T, class... C>
[[gnu::always_inline]] inline void read_streamed(driver::Statement& st, T& row) {
  if constexpr (ops::fields_read<T, C...> == quarry::detail::read_by_default<T>) ops::read_row(st, row);
  else ops::read_fields<ops::fields_read<T, C...>>(st, row);
}
}  // namespace detail

/// Calls on_row(row) for each row of T that matches clauses (no includes: see Batches), in
/// constant memory: one T, refilled for each row (its members that the query reads are
/// overwritten; a model with hidden fields, or a read of some fields only, starts from T{}).
template <class T, class F, class... C>
void each_row(Executor& ex, driver::Connection& c, std::size_t batch, bool shared, F&& on_row, const C&... clauses) {
  RowCursor cursor(ex, c, detail::stream_select<T>(c.dialect(), clauses...), batch, shared);
  constexpr bool refill = ops::fields_read<T, C...> == quarry::detail::read_by_default<T> &&
                          !quarry::detail::has_hidden_v<T>;
  T row{};
  while (cursor.next()) {
    if constexpr (!refill) row = T{};
    detail::read_streamed<T, C...>(cursor.statement(), row);
    on_row(row);
  }
}

/// The rows of T that match clauses, read a batch at a time: next(out) fills out with up to
/// batch rows and loads the includes among the clauses for them (one query per include level
/// and batch). The clauses are kept, so that a Batches may outlive the call that made it.
template <class T, class... C>
class Batches {
 public:
  Batches(Executor& ex, driver::Connection& c, std::size_t batch, bool shared, const C&... clauses)
      : ex_(ex),
        c_(c),
        batch_(batch == 0 ? 1 : batch),
        clauses_(clauses...),
        cursor_(ex, c, detail::stream_select<T>(c.dialect(), clauses...), batch_, shared) {}

  /// Replaces out's rows with the next batch; false when there were none left.
  bool next(std::vector<T>& out) {
    out.clear();
    while (out.size() < batch_ && cursor_.next()) detail::read_streamed<T, C...>(cursor_.statement(), out.emplace_back());
    if (out.empty()) return false;
    if constexpr ((query::is_include<C> || ...)) {
      owners_.clear();
      for (auto& r : out) owners_.push_back(&r);
      std::apply([&](const auto&... c) { exec::load_includes(ex_, c_, owners_, c...); }, clauses_);
    }
    return true;
  }

  std::size_t batch() const noexcept { return batch_; }

 private:
  Executor& ex_;
  driver::Connection& c_;
  std::size_t batch_;
  std::tuple<C...> clauses_;
  RowCursor cursor_;
  std::vector<T*> owners_;
};

}  // namespace quarry::exec
