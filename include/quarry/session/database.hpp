#pragma once
/// A Database: a URL, its pool, its logger. Transactions pin one of its connections, and while
/// one is open on a thread, the Database's own operations on that thread run in it.
///
///   quarry::Database db{"sqlite:books.db"};
///   db.transaction([&](quarry::Transaction& tx) { tx.create(Book{...}); });   // commit, or rollback on throw
///   db.transaction([&] { db.create(Book{...}); });                              // the same: db. joins it
///   auto tx = db.begin(); tx.update<Book>(...); tx.commit();                    // rolled back if not committed

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "../function.hpp"  // quarry::detail::Function: its hooks and callbacks, without <functional>
#include "../config.hpp"
#include "../vector.hpp"
#include "session.hpp"

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: error messages (SQL text is not built with it)
#endif

namespace quarry {

/// A transaction on one pinned connection. Nested transactions are savepoints. From begin to
/// its end it is the context of the thread that opened it (see context.hpp): moving the object
/// keeps that; using it on another thread makes that thread's `db.` calls throw instead.
class Transaction : public Session {
 public:
  Transaction(Transaction&& other) noexcept
      : Session(std::move(other)), owned_(std::move(other.owned_)), conn_(other.conn_), depth_(other.depth_),
        state_(other.state_), read_only_(other.read_only_) {
    other.state_ = State::moved;
  }
  Transaction& operator=(Transaction&&) = delete;

  /// Rolls back unless committed or rolled back already.
  ~Transaction() override {
    if (state_ == State::active) {
      try {
        rollback();
      } catch (...) {  // a destructor must not throw; the connection is closed instead of reused
        if (owned_) owned_->lease.mark_broken();
        hand_back();
      }
    }
  }

  /// Commits (or, nested, releases the savepoint into the enclosing transaction). If that
  /// fails, what is left is rolled back and the connection goes back to the pool (closed if its
  /// state is unknown) before the error is rethrown; an enclosing transaction goes on.
  void commit();

  /// Calls fn once the transaction has committed (the outermost one: a savepoint's wait for the
  /// transaction it is part of); never when it rolls back. Sequelize's t.afterCommit(fn).
  void after_commit(quarry::detail::Function<void()> fn);
  /// Calls fn once the transaction (or this savepoint) has rolled back, also when a failure or
  /// the destructor rolled it back; never when it commits.
  void after_rollback(quarry::detail::Function<void()> fn);

  /// Rolls back (or, nested, back to the savepoint). If that fails, the connection still goes
  /// back to the pool at once (closed if its state is unknown) before the error is rethrown.
  void rollback();

  /// A nested transaction (a savepoint): rolled back alone, or released into this one.
  Transaction begin();

  /// Runs fn(nested), or fn(), in a savepoint: released when fn returns, rolled back when it throws.
  template <class F>
  decltype(auto) transaction(F&& fn) {
    if constexpr (check_body<F>()) {
      Transaction nested = begin();
      return finish(nested, std::forward<F>(fn));
    } else if constexpr (body<F>) {
      return rejected<body_result<F>>();
    }
  }

  bool active() const noexcept { return state_ == State::active; }

 private:
  friend class Database;
  enum class State { pending, active, committed, rolled_back, failed, moved };

  /// What transaction(fn) runs: fn(tx), or fn() for a body that reaches the transaction by `db.`.
  template <class F>
  static constexpr bool body = std::is_invocable_v<F, Transaction&> || std::is_invocable_v<F>;

  /// The one error of db.transaction(fn) or tx.transaction(fn) with a body it cannot call, or
  /// whose result (returned by transaction) would not outlive the transaction.
  template <class F>
  static consteval bool check_body() {
    if constexpr (!body<F>) {
      static_assert(body<F>, "quarry: transaction(fn) takes fn(quarry::Transaction&) or fn(); take the Transaction "
                             "by reference, not by value");
      return false;
    } else {
      constexpr bool ok = !std::is_base_of_v<Session, std::remove_cvref_t<body_result<F>>>;
      static_assert(ok, "quarry: transaction(fn) returns what fn returns, and this fn returns a quarry::Transaction "
                        "or Session, which ends with the transaction; return the values you need, and end a nested "
                        "transaction inside fn");
      return ok;
    }
  }

  Transaction(std::shared_ptr<detail::Shared> shared, std::shared_ptr<detail::Pinned> owned, driver::Connection& conn, int depth)
      : Session(std::move(shared)), owned_(std::move(owned)), conn_(&conn), depth_(depth) {}

  /// A savepoint at depth on conn, which the transaction owned pins.
  static Transaction open_savepoint(std::shared_ptr<detail::Shared> shared, std::shared_ptr<detail::Pinned> owned,
                                    driver::Connection& conn, int depth);

  Pool::Lease lease() override {
    check("use");
    if (conn_->transaction_depth != depth_) [[unlikely]]
      throw_not_innermost();
    return Pool::Lease(*conn_);
  }
  [[noreturn, gnu::cold]] void throw_not_innermost() const;

  void check(const char* what) {
    if (state_ != State::active) [[unlikely]]
      throw_ended(what);
    if (auto* scope = owned_->scope; scope && scope != detail::tx_scopes) [[unlikely]]
      note_thread(*scope);
  }
  [[noreturn, gnu::cold]] void throw_ended(const char* what) const;

  /// Used on a thread other than the one it is the context of: from now on, that thread's db.
  /// calls throw rather than join it (they would race with this thread) or run outside it.
  static void note_thread(detail::TxScope& scope) noexcept;

  void check_not_lost() const;

  std::string savepoint() const;

  /// Runs the statements that end this level (COMMIT, RELEASE, ROLLBACK...); when one fails,
  /// end_failed hands the connection back before the error is rethrown.
  template <class... S>
  void end_with(Pool::Lease& l, const S&... statements) {
    try {
      (run_plain(l, statements), ...);
    } catch (const ConnectionError&) {
      end_failed(l, true);
      throw;
    } catch (...) {
      end_failed(l, false);
      throw;
    }
  }

  /// After COMMIT, RELEASE or a rollback failed: undoes what is left, then lets the connection
  /// go. An outermost transaction's connection goes back to the pool now, or is closed when
  /// the connection broke or its transaction state cannot be told. A nested transaction is
  /// rolled back to its savepoint, so the enclosing one goes on; if even that fails, the
  /// enclosing one can only be rolled back (it must not commit what this one left).
  void end_failed(Pool::Lease& l, bool broken) noexcept;

  /// Lets the connection go (back to the pool once no savepoint holds it either); the
  /// outermost transaction also leaves its thread's context, restoring the enclosing one.
  void hand_back() noexcept;

  /// Undoes what begin() set on the connection beyond the transaction itself.
  void restore(Pool::Lease& l);

  template <class F>
  static decltype(auto) call(F&& fn, Transaction& tx) {
    if constexpr (std::is_invocable_v<F, Transaction&>) return std::forward<F>(fn)(tx);
    else return std::forward<F>(fn)();
  }

  template <class F>
  using body_result = decltype(call(std::declval<F>(), std::declval<Transaction&>()));
  /// What a transaction(fn) that check_body rejected returns, so that the caller's use of its
  /// result adds no second error; declared only, as such a program is never built.
  template <class R>
  static R rejected();

  template <class F>
  static decltype(auto) finish(Transaction& tx, F&& fn) {
    if constexpr (std::is_void_v<decltype(call(std::forward<F>(fn), tx))>) {
      call(std::forward<F>(fn), tx);
      if (tx.active()) tx.commit();
    } else {
      decltype(auto) result = call(std::forward<F>(fn), tx);
      if (tx.active()) tx.commit();
      return result;
    }
  }

  std::shared_ptr<detail::Pinned> owned_;  // shared by nested transactions: the connection stays out of the pool while any lives
  driver::Connection* conn_;
  int depth_;
  State state_ = State::pending;
  bool read_only_ = false;
};
#ifdef QUARRY_BODIES
QUARRY_FUNC void Transaction::commit() {
  check("commit");
  if (conn_->transaction_depth == -1) {
    rollback();
    throw TransactionError("quarry: a nested operation failed and could not be undone on its own, so this "
                           "transaction was rolled back, not committed");
  }
  if (conn_->transaction_depth != depth_)
    throw TransactionError("quarry: commit of a transaction while a nested one is still open; finish that first");
  if (conn_->transaction_aborted()) {
    rollback();  // COMMIT would roll back without a word (a savepoint could not be released): say so instead
    throw TransactionError("quarry: a statement of this transaction failed, so it was rolled back, not committed");
  }
  Pool::Lease l(*conn_);
  if (depth_ == 1) end_with(l, "COMMIT");
  else end_with(l, "RELEASE SAVEPOINT " + savepoint());
  conn_->transaction_depth = depth_ - 1;
  state_ = State::committed;
  restore(l);
  quarry::detail::Vector<quarry::detail::Function<void()>> callbacks;
  if (depth_ == 1) callbacks = owned_->ended(1, true);
  else owned_->released(depth_);
  hand_back();  // the connection goes back to the pool now, not when this object dies
  detail::run_callbacks(std::move(callbacks));
}
QUARRY_FUNC void Transaction::after_commit(quarry::detail::Function<void()> fn) {
  check("use");
  owned_->on_commit.push_back({depth_, std::move(fn)});
}
QUARRY_FUNC void Transaction::after_rollback(quarry::detail::Function<void()> fn) {
  check("use");
  owned_->on_rollback.push_back({depth_, std::move(fn)});
}
QUARRY_FUNC void Transaction::rollback() {
  check("rollback");
  bool lost = conn_->transaction_depth == -1;
  if (conn_->transaction_depth < depth_ && !(lost && depth_ == 1)) {
    // the enclosing transaction ended first (the savepoint went with it), or only the
    // outermost transaction can undo what a failed nested operation left
    state_ = State::rolled_back;
    hand_back();
    return;
  }
  Pool::Lease l(*conn_);
  if (depth_ == 1) end_with(l, "ROLLBACK");
  else end_with(l, "ROLLBACK TO SAVEPOINT " + savepoint(), "RELEASE SAVEPOINT " + savepoint());
  conn_->transaction_depth = depth_ - 1;
  state_ = State::rolled_back;
  restore(l);
  auto callbacks = owned_->ended(depth_, false);
  hand_back();
  detail::run_callbacks(std::move(callbacks));
}
QUARRY_FUNC Transaction Transaction::begin() {
  check("begin");
  check_not_lost();
  if (conn_->transaction_depth != depth_)
    throw TransactionError("quarry: this transaction already has an open nested transaction");
  return open_savepoint(shared_, owned_, *conn_, depth_ + 1);
}
QUARRY_FUNC Transaction Transaction::open_savepoint(std::shared_ptr<detail::Shared> shared, std::shared_ptr<detail::Pinned> owned,
                                    driver::Connection& conn, int depth) {
  Transaction nested(std::move(shared), std::move(owned), conn, depth);
  Pool::Lease l(conn);
  nested.run_plain(l, "SAVEPOINT " + nested.savepoint());
  conn.transaction_depth = depth;
  nested.state_ = State::active;
  return nested;
}
[[noreturn, gnu::cold, gnu::noinline]] QUARRY_FUNC void Transaction::throw_not_innermost() const {
  check_not_lost();
  throw TransactionError("quarry: this transaction has an open nested transaction; use that one until it ends");
}
[[noreturn, gnu::cold, gnu::noinline]] QUARRY_FUNC void Transaction::throw_ended(const char* what) const {
  switch (state_) {
    case State::committed:
      throw TransactionError(fmt::format("quarry: cannot {} a transaction that was committed; begin a new one", what));
    case State::rolled_back:
      throw TransactionError(
          fmt::format("quarry: cannot {} a transaction that was rolled back; begin a new one", what));
    default:
      throw TransactionError(fmt::format("quarry: cannot {} a transaction that has ended", what));
  }
}
QUARRY_FUNC void Transaction::note_thread(detail::TxScope& scope) noexcept {
  if (!scope.ended.load(std::memory_order_relaxed) && !detail::in_this_thread(&scope))
    scope.away.store(true, std::memory_order_release);
}
QUARRY_FUNC void Transaction::check_not_lost() const {
  if (conn_->transaction_depth == -1)
    throw TransactionError("quarry: a nested operation of this transaction failed and could not be undone on its "
                           "own; the transaction can only be rolled back");
}
QUARRY_FUNC std::string Transaction::savepoint() const { return "quarry_tx_" + std::to_string(depth_); }
QUARRY_FUNC void Transaction::end_failed(Pool::Lease& l, bool broken) noexcept {
  state_ = State::failed;
  quarry::detail::Vector<quarry::detail::Function<void()>> callbacks;
  if (owned_) {
    try {
      callbacks = owned_->ended(depth_, false);  // what this level did is undone, or will be
    } catch (...) {
    }
  }
  if (depth_ == 1) {
    if (!broken && conn_->in_transaction()) {
      try {
        run_plain(l, "ROLLBACK");
      } catch (...) {
        broken = true;
      }
    }
    conn_->transaction_depth = broken ? -1 : 0;
    if (!broken) restore(l);
  } else {
    bool undone = false;
    if (!broken) {
      try {
        run_plain(l, "ROLLBACK TO SAVEPOINT " + savepoint());
        run_plain(l, "RELEASE SAVEPOINT " + savepoint());
        undone = true;
      } catch (const ConnectionError&) {
        broken = true;
      } catch (...) {
      }
    }
    conn_->transaction_depth = undone ? depth_ - 1 : -1;
  }
  if (broken && owned_) owned_->lease.mark_broken();
  hand_back();
  try {
    detail::run_callbacks(std::move(callbacks));
  } catch (...) {  // the failure that ended the transaction is what the caller is told
  }
}
QUARRY_FUNC void Transaction::hand_back() noexcept {
  if (owned_ && depth_ == 1 && owned_->scope) detail::leave_scope(owned_->scope);
  owned_.reset();
}
QUARRY_FUNC void Transaction::restore(Pool::Lease& l) {
  if (depth_ != 1) return;
  try {
    for (const auto& s : sql::end_transaction(conn_->dialect(), read_only_)) run_plain(l, s);
  } catch (...) {
    conn_->transaction_depth = -1;  // the pool closes it rather than lend it out half-restored
  }
}
#endif  // QUARRY_BODIES

class Database : public Session {
 public:
  /// Opens url; throws ConfigError for a bad URL or a scheme whose backend header is not
  /// included, ConnectionError when the database cannot be reached.
  explicit Database(std::string_view url, DatabaseOptions options = {});

  /// Runs fn(tx), or fn(), in a transaction: committed when fn returns, rolled back (and the
  /// exception rethrown) when it throws. Inside, this thread's `db.` calls run in it too (see
  /// DatabaseOptions::transaction_context); called inside a transaction already open on this thread, it
  /// opens a savepoint of that one.
  template <class F>
  decltype(auto) transaction(F&& fn, TransactionOptions options = {}) {
    if constexpr (Transaction::check_body<F>()) {
      Transaction tx = begin(options);
      return Transaction::finish(tx, std::forward<F>(fn));
    } else if constexpr (Transaction::body<F>) {
      return Transaction::rejected<Transaction::body_result<F>>();
    }
  }

  /// A transaction that rolls back when destroyed unless commit() was called; inside one already
  /// open on this thread, a savepoint of it.
  Transaction begin(TransactionOptions options = {});

  PoolStats pool_stats() const { return shared_->pool->stats(); }
  const driver::Url& url() const noexcept { return shared_->url; }

  /// Registers fn(event, db) to run as hook kind for every model (Sequelize's
  /// sequelize.addHook), after the hooks a Model<T> declares:
  ///   db.add_hook(quarry::before_create, [](const quarry::HookEvent& e, quarry::Session& s) {
  ///     if (auto* u = e.row<User>()) u->email = lower(u->email);
  ///   });
  /// Register hooks before sharing the Database between threads.
  template <HookKind K>
  void add_hook(detail::HookName<K>, GlobalHook fn) {
    shared_->hooks.by_kind[static_cast<std::size_t>(K)].push_back(std::move(fn));
    shared_->hooks.any = true;
  }

  /// Replaces the logger (nullptr to stop logging). Set it before sharing the Database between threads.
  void on_log(Logger logger, bool with_values = false) {
    shared_->exec.logger = std::move(logger);
    shared_->exec.log_values = with_values;
  }

 protected:
  /// A pooled connection, or, inside a transaction open on this thread, that transaction's.
  Pool::Lease lease() override {
    if (detail::tx_scopes == nullptr) [[likely]] return shared_->pool->acquire();
    if (auto* scope = scope_here()) return Pool::Lease(*scope->conn);
    return shared_->pool->acquire();
  }

 private:
  /// The transaction of this Database open on this thread, if any, when db. calls may join it.
  detail::TxScope* scope_here();

  /// db.begin() inside a transaction open on this thread: a savepoint of its innermost level.
  Transaction begin_nested(detail::TxScope& scope, const TransactionOptions& options);

  static std::shared_ptr<detail::Shared> make_shared(std::string_view text, DatabaseOptions options);

  /// Runs after_connect on a new connection; what it throws becomes a ConnectionError (the
  /// connection is then closed by the caller's unwinding, never pooled).
  [[gnu::noinline]] static void set_up(std::shared_ptr<detail::Shared> shared, driver::Connection& conn) {
    const auto& hook = shared->after_connect;
    detail::HookSession<void> session(std::move(shared), conn);
    try {
      hook(session);
    } catch (const Error& e) {
      throw ConnectionError(std::string("quarry: after_connect failed on a new connection: ") + e.what(), e.info());
    } catch (const std::exception& e) {
      throw ConnectionError(std::string("quarry: after_connect failed on a new connection: ") + e.what());
    }
  }
};

#ifdef QUARRY_BODIES
QUARRY_FUNC Database::Database(std::string_view url, DatabaseOptions options)
    : Session(make_shared(url, std::move(options))) {
  auto first = shared_->pool->acquire();  // connect now, so a wrong URL fails here and not later
}

QUARRY_FUNC Transaction Database::begin(TransactionOptions options) {
  if (detail::tx_scopes) [[unlikely]] {
    if (auto* scope = scope_here()) return begin_nested(*scope, options);
  }
  auto owned = std::make_shared<detail::Pinned>(shared_->pool->acquire());
  driver::Connection& conn = *owned->lease;
  Transaction tx(shared_, std::move(owned), conn, 1);
  tx.read_only_ = options.read_only;
  Pool::Lease l(conn);
  try {
    for (const auto& s : sql::begin_transaction(conn.dialect(), options.isolation, options.read_only, options.type,
                                                options.defer_constraints))
      run_plain(l, s);
  } catch (...) {
    conn.transaction_depth = -1;  // half begun: the pool closes it rather than lend it out again
    throw;
  }
  conn.transaction_depth = 1;
  tx.state_ = Transaction::State::active;
  tx.owned_->scope = detail::enter_scope(shared_.get(), conn, tx.owned_);
  return tx;
}

QUARRY_FUNC detail::TxScope* Database::scope_here() {
  auto* scope = detail::find_scope(shared_.get());
  if (!scope) return nullptr;
  if (shared_->context == TransactionContext::refuse)
    throw TransactionError("quarry: a transaction of this Database is open on this thread, and its "
                           "transaction_context is refuse: call this on the Transaction (tx.), not on db.");
  if (scope->away.load(std::memory_order_acquire))
    throw TransactionError("quarry: the transaction this thread opened on this Database is now used on another "
                           "thread, so db. calls here can neither join it nor run outside it; use the Transaction, "
                           "or end it first");
  if (scope->conn->transaction_depth == -1)
    throw TransactionError("quarry: a nested operation of the transaction open on this thread failed and could "
                           "not be undone on its own; the transaction can only be rolled back");
  return scope;
}

QUARRY_FUNC Transaction Database::begin_nested(detail::TxScope& scope, const TransactionOptions& options) {
  if (options.isolation != Isolation::default_level || options.read_only ||
      options.type != TransactionType::default_type || options.defer_constraints)
    throw TransactionError("quarry: a transaction begun inside one open on this thread is a savepoint of it and "
                           "takes no isolation level, read_only, type or defer_constraints; give those to the "
                           "outermost transaction");
  auto pinned = scope.pinned.lock();  // alive: the transaction has not ended (scope_here checked)
  return Transaction::open_savepoint(shared_, std::move(pinned), *scope.conn, scope.conn->transaction_depth + 1);
}

QUARRY_FUNC std::shared_ptr<detail::Shared> Database::make_shared(std::string_view text, DatabaseOptions options) {
  auto shared = std::make_shared<detail::Shared>();
  shared->url = driver::Url::parse(text);
  shared->driver = driver::find_driver(shared->url);
  shared->exec.logger = std::move(options.logger);
  shared->exec.log_values = options.log_values;
  shared->exec.dialect = shared->driver.dialect->name;
  shared->context = options.transaction_context;
  if (shared->driver.single_connection && shared->driver.single_connection(shared->url)) {
    options.pool.max = 1;
    options.pool.min = 1;
    options.pool.max_lifetime = std::chrono::milliseconds{0};
  }
  driver::Url url = shared->url;
  auto open = shared->driver.open;
  shared->after_connect = std::move(options.after_connect);
  if (shared->after_connect) {
    std::weak_ptr<detail::Shared> weak = shared;  // the pool belongs to shared: no cycle
    shared->pool = std::make_unique<Pool>(
        [url, open, weak] {
          auto conn = open(url);
          set_up(weak.lock(), *conn);
          return conn;
        },
        options.pool);
  } else {
    shared->pool = std::make_unique<Pool>([url, open] { return open(url); }, options.pool);
  }
  return shared;
}
#endif  // QUARRY_BODIES

}  // namespace quarry
