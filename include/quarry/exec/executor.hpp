#pragma once
/// Running statements: the synchronous executor. Every statement quarry sends passes through
/// here: prepared (from the connection's cache, by text or by shape number), bound, stepped row
/// by row, finished, and logged, with its error when it failed. A connection that fails at the
/// network level is marked broken (driver::Connection::broken), so the pool closes it instead of
/// lending it again. atomically() runs a part all or nothing. Nothing here knows a model: the
/// runners beside it (exec/read.hpp, write.hpp, eager.hpp, associations.hpp) build the statement
/// from the plans of ops/ and hand it over.
///
///   exec.run(conn, sql::render(d, select), [&](driver::Statement& st) { ops::read_row(st, out.emplace_back()); });

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "../config.hpp"
#include "../function.hpp"  // quarry::detail::Function: its hooks and callbacks, without <functional>
#include "../driver/connection.hpp"
#include "../driver/statement.hpp"
#include "../error.hpp"
#include "../sql/render.hpp"

namespace quarry {

/// What the logging callback receives for each statement.
struct LogEntry {
  std::string_view sql;
  std::span<const sql::Value> params;  ///< empty unless DatabaseOptions::log_values
  std::chrono::microseconds duration;
  std::int64_t rows;                   ///< rows read, or rows changed for a write
  std::string_view dialect;
  /// What the statement failed with (its message, SQL, server code...), or null when it ran.
  const Error* error = nullptr;
};
using Logger = quarry::detail::Function<void(const LogEntry&)>;

}  // namespace quarry

namespace quarry::exec {

/// What run() calls for each row: a borrowed callable, so that run() itself is not a template
/// (compiled once per program instead of once per operation and model).
class RowFn {
 public:
  /// No callable: the statement returns no rows (an UPDATE, a DELETE), so run() reads none.
  constexpr RowFn() noexcept = default;
  template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, RowFn> && std::is_invocable_v<F&, driver::Statement&>)
  RowFn(F&& f) noexcept  // NOLINT: implicit, for run(conn, r, [&](driver::Statement& st) {...})
      : object_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
        call_([](void* o, driver::Statement& st) { (*static_cast<std::remove_reference_t<F>*>(o))(st); }) {}
  void operator()(driver::Statement& st) const { call_(object_, st); }
  explicit operator bool() const noexcept { return call_ != nullptr; }

 private:
  void* object_ = nullptr;
  void (*call_)(void*, driver::Statement&) = nullptr;
};

/// For a statement that returns no rows: run() returns the rows it changed.
inline constexpr RowFn no_rows{};

/// Runs statements on a connection and logs them. One per Database, shared by its
/// transactions.
struct Executor {
  Logger logger;
  bool log_values = false;  ///< pass bound values to the logger (off: they may be secrets)
  std::string_view dialect;

  /// Runs r, calling on_row for each row; returns the rows read, or else the rows changed.
  std::int64_t run(driver::Connection& c, const sql::Rendered& r, RowFn on_row);

  /// The prepared statement for sql on c (from its cache). A statement that cannot be prepared
  /// is logged with its error.
  driver::Statement& prepared(driver::Connection& c, const std::string& sql);

  /// The prepared statement of Shape on c (see ops/shapes.hpp).
  template <class Shape>
  driver::Statement& shaped(driver::Connection& c) {
    if (driver::Statement* st = c.ready(driver::shape_number<Shape>())) [[likely]]
      return *st;
    return prepare_shape<Shape>(c);
  }

 private:
  template <class Shape>
  [[gnu::noinline]] driver::Statement& prepare_shape(driver::Connection& c) {
    try {
      return c.statement(driver::shape_number<Shape>(), &Shape::render);
    } catch (const ConnectionError& e) {
      c.broken = true;
      log_failed(Shape::render(c.dialect()).sql, e);
      throw;
    } catch (const Error& e) {
      log_failed(Shape::render(c.dialect()).sql, e);
      throw;
    }
  }

 public:
  /// Runs a prepared statement with the values binds binds, calling on_row for each row. A
  /// failure is logged too, with its error.
  std::int64_t run(driver::Connection& c, driver::Statement& st, const driver::Binds& binds, RowFn on_row);

  /// Runs SQL without parameters or rows (BEGIN, DDL), logged like the rest.
  void run_plain(driver::Connection& c, const std::string& sql_text);

  /// One part run all or nothing (see atomically): begun when made, committed by commit(), and
  /// rolled back when destroyed before that. Not a template, so that each caller of atomically
  /// compiles only its own body and two calls.
  class Atomic {
   public:
    Atomic(Executor& ex, driver::Connection& c);
    Atomic(const Atomic&) = delete;
    Atomic& operator=(const Atomic&) = delete;
    void commit();
    ~Atomic();

   private:
    Executor& ex_;
    driver::Connection& c_;
    const int depth_;
    std::string savepoint_;
    bool done_ = false;
  };

  /// Runs f all or nothing: in a transaction of its own, or a savepoint inside the current one.
  /// When even the undo fails, the connection's transaction_depth becomes -1: the enclosing
  /// transaction can then only be rolled back, and a pooled connection is closed.
  template <class F>
  auto atomically(driver::Connection& c, F&& f) {
    Atomic part(*this, c);
    auto result = f();
    part.commit();
    return result;
  }

  /// Hands one statement to the logger, if there is one.
  void log(std::string_view sql_text, std::span<const sql::Value> params, std::chrono::steady_clock::time_point start,
           std::int64_t rows, const Error* error = nullptr);

  /// Logs a statement that failed before it ran (it could not be prepared).
  void log_failed(std::string_view sql_text, const Error& error);

  /// Logs a run of st: its values only when they are logged.
  void log_run(driver::Statement& st, const driver::Binds& binds, std::chrono::steady_clock::time_point start,
               std::int64_t rows, const Error* error);
};

#ifdef QUARRY_BODIES
QUARRY_FUNC std::int64_t Executor::run(driver::Connection& c, const sql::Rendered& r, RowFn on_row) {
  return run(c, prepared(c, r.sql), driver::Binds::of(r.params), on_row);
}

QUARRY_FUNC driver::Statement& Executor::prepared(driver::Connection& c, const std::string& sql) {
  try {
    return c.statement(sql);
  } catch (const ConnectionError& e) {
    c.broken = true;
    log_failed(sql, e);
    throw;
  } catch (const Error& e) {
    log_failed(sql, e);
    throw;
  }
}

QUARRY_FUNC std::int64_t Executor::run(driver::Connection& c, driver::Statement& st, const driver::Binds& binds,
                                       RowFn on_row) {
  if (!on_row && !logger) [[likely]] {  // a write, not logged: one call into the driver
    st.in_use = true;
    try {
      std::int64_t rows = st.execute_write(binds);
      st.in_use = false;
      return rows;
    } catch (const ConnectionError&) {
      st.in_use = false;
      c.broken = true;
      throw;
    } catch (...) {
      st.in_use = false;
      throw;
    }
  }
  bool timed = static_cast<bool>(logger);
  auto start = timed ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
  std::int64_t rows = 0;
  try {
    st.in_use = true;
    struct Finish {
      driver::Statement& st;
      bool rows;  // execute_write finishes st itself
      ~Finish() {
        if (rows) st.finish();
        st.in_use = false;
      }
    } finish{st, static_cast<bool>(on_row)};
    if (!on_row) {
      rows = st.execute_write(binds);  // as unlogged: the same count, whatever the statement
    } else {
      st.execute(binds);
      while (st.next()) {
        on_row(st);
        ++rows;
      }
      if (rows == 0) rows = st.affected_rows();
    }
  } catch (const ConnectionError& e) {
    c.broken = true;
    if (timed) log_run(st, binds, start, rows, &e);
    throw;
  } catch (const Error& e) {
    if (timed) log_run(st, binds, start, rows, &e);
    throw;
  }
  if (timed) log_run(st, binds, start, rows, nullptr);
  return rows;
}

QUARRY_FUNC void Executor::run_plain(driver::Connection& c, const std::string& sql_text) {
  auto start = std::chrono::steady_clock::now();
  try {
    c.execute(sql_text);
  } catch (const ConnectionError& e) {
    c.broken = true;
    log(sql_text, {}, start, 0, &e);
    throw;
  } catch (const Error& e) {
    log(sql_text, {}, start, 0, &e);
    throw;
  }
  log(sql_text, {}, start, 0);
}

QUARRY_FUNC void Executor::log(std::string_view sql_text, std::span<const sql::Value> params,
                               std::chrono::steady_clock::time_point start, std::int64_t rows, const Error* error) {
  if (!logger) return;
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
  logger(LogEntry{sql_text, log_values ? params : std::span<const sql::Value>{}, us, rows, dialect, error});
}

[[gnu::noinline]] QUARRY_FUNC void Executor::log_failed(std::string_view sql_text, const Error& error) {
  if (logger) log(sql_text, {}, std::chrono::steady_clock::now(), 0, &error);
}

[[gnu::noinline]] QUARRY_FUNC void Executor::log_run(driver::Statement& st, const driver::Binds& binds,
                                                     std::chrono::steady_clock::time_point start, std::int64_t rows,
                                                     const Error* error) {
  if (log_values) {
    driver::ValueList values(binds.count);
    binds.bind(binds.context, values);
    log(st.sql(), values.values, start, rows, error);
  } else {
    log(st.sql(), {}, start, rows, error);
  }
}

QUARRY_FUNC Executor::Atomic::Atomic(Executor& ex, driver::Connection& c)
    : ex_(ex), c_(c), depth_(c.transaction_depth) {
  if (depth_ == 0) {
    for (const auto& s : sql::begin_transaction(c.dialect(), sql::Isolation::default_level, false)) ex.run_plain(c, s);
  } else {
    savepoint_ = "quarry_" + std::to_string(depth_);
    ex.run_plain(c, "SAVEPOINT " + savepoint_);
  }
  c.transaction_depth = depth_ + 1;
}

QUARRY_FUNC void Executor::Atomic::commit() {
  if (c_.transaction_depth != depth_ + 1)  // a nested part could not be undone: undo all of it
    throw TransactionError("quarry: a nested operation failed and could not be undone on its own, so the "
                           "enclosing one was rolled back");
  ex_.run_plain(c_, savepoint_.empty() ? "COMMIT" : "RELEASE SAVEPOINT " + savepoint_);
  c_.transaction_depth = depth_;
  done_ = true;
}

QUARRY_FUNC Executor::Atomic::~Atomic() {
  if (done_) return;
  c_.transaction_depth = depth_;  // rolling back to the start undoes whatever a nested part left
  try {
    if (savepoint_.empty()) {
      ex_.run_plain(c_, "ROLLBACK");
    } else {
      ex_.run_plain(c_, "ROLLBACK TO SAVEPOINT " + savepoint_);
      ex_.run_plain(c_, "RELEASE SAVEPOINT " + savepoint_);
    }
  } catch (...) {
    // the connection is in an unknown state: let no enclosing transaction commit what the
    // part left (it can only roll back, which may still save the connection), and close it
    // when no transaction encloses this one
    if (depth_ == 0) c_.broken = true;
    c_.transaction_depth = -1;
  }
}
#endif  // QUARRY_BODIES

}  // namespace quarry::exec
