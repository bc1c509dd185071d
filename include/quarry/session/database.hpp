#pragma once
/// A Database: a URL, its pool, its logger. Transactions pin one of its connections.
///
///   quarry::Database db{"sqlite:books.db"};
///   db.transaction([&](quarry::Transaction& tx) { tx.create(Book{...}); });   // commit, or rollback on throw
///   auto tx = db.begin(); tx.update<Book>(...); tx.commit();                    // rolled back if not committed

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "eager.hpp"
#include "session.hpp"

namespace quarry {

/// A transaction on one pinned connection. Nested transactions are savepoints.
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
        if (owned_) owned_->mark_broken();
      }
    }
  }

  /// Commits (or, nested, releases the savepoint into the enclosing transaction). If that
  /// fails, what is left is rolled back and the connection goes back to the pool (closed if its
  /// state is unknown) before the error is rethrown; an enclosing transaction goes on.
  void commit() {
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
    owned_.reset();  // the connection goes back to the pool now, not when this object dies
  }

  /// Rolls back (or, nested, back to the savepoint). If that fails, the connection still goes
  /// back to the pool at once (closed if its state is unknown) before the error is rethrown.
  void rollback() {
    check("rollback");
    bool lost = conn_->transaction_depth == -1;
    if (conn_->transaction_depth < depth_ && !(lost && depth_ == 1)) {
      // the enclosing transaction ended first (the savepoint went with it), or only the
      // outermost transaction can undo what a failed nested operation left
      state_ = State::rolled_back;
      owned_.reset();
      return;
    }
    Pool::Lease l(*conn_);
    if (depth_ == 1) end_with(l, "ROLLBACK");
    else end_with(l, "ROLLBACK TO SAVEPOINT " + savepoint(), "RELEASE SAVEPOINT " + savepoint());
    conn_->transaction_depth = depth_ - 1;
    state_ = State::rolled_back;
    restore(l);
    owned_.reset();
  }

  /// A nested transaction (a savepoint): rolled back alone, or released into this one.
  Transaction begin() {
    check("begin");
    check_not_lost();
    if (conn_->transaction_depth != depth_)
      throw TransactionError("quarry: this transaction already has an open nested transaction");
    Transaction nested(shared_, owned_, *conn_, depth_ + 1);
    Pool::Lease l(*conn_);
    run_plain(l, "SAVEPOINT " + nested.savepoint());
    conn_->transaction_depth = depth_ + 1;
    nested.state_ = State::active;
    return nested;
  }

  /// Runs fn(nested) in a savepoint: released when fn returns, rolled back when it throws.
  template <class F>
  decltype(auto) transaction(F&& fn) {
    Transaction nested = begin();
    return finish(nested, std::forward<F>(fn));
  }

  bool active() const noexcept { return state_ == State::active; }

 private:
  friend class Database;
  enum class State { pending, active, committed, rolled_back, failed, moved };

  Transaction(std::shared_ptr<detail::Shared> shared, std::shared_ptr<Pool::Lease> owned, driver::Connection& conn, int depth)
      : Session(std::move(shared)), owned_(std::move(owned)), conn_(&conn), depth_(depth) {}

  Pool::Lease lease() override {
    check("use");
    check_not_lost();
    if (conn_->transaction_depth != depth_)
      throw TransactionError("quarry: this transaction has an open nested transaction; use that one until it ends");
    return Pool::Lease(*conn_);
  }

  void check(const char* what) const {
    switch (state_) {
      case State::active: return;
      case State::committed:
        throw TransactionError(std::string("quarry: cannot ") + what + " a transaction that was committed; begin a new one");
      case State::rolled_back:
        throw TransactionError(std::string("quarry: cannot ") + what + " a transaction that was rolled back; begin a new one");
      default:
        throw TransactionError(std::string("quarry: cannot ") + what + " a transaction that has ended");
    }
  }

  void check_not_lost() const {
    if (conn_->transaction_depth == -1)
      throw TransactionError("quarry: a nested operation of this transaction failed and could not be undone on its "
                             "own; the transaction can only be rolled back");
  }

  std::string savepoint() const { return "quarry_tx_" + std::to_string(depth_); }

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
  void end_failed(Pool::Lease& l, bool broken) noexcept {
    state_ = State::failed;
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
    if (broken && owned_) owned_->mark_broken();
    owned_.reset();
  }

  /// Undoes what begin() set on the connection beyond the transaction itself.
  void restore(Pool::Lease& l) {
    if (depth_ != 1) return;
    try {
      for (const auto& s : sql::end_transaction(conn_->dialect(), read_only_)) run_plain(l, s);
    } catch (...) {
      conn_->transaction_depth = -1;  // the pool closes it rather than lend it out half-restored
    }
  }

  template <class F>
  static decltype(auto) finish(Transaction& tx, F&& fn) {
    if constexpr (std::is_void_v<std::invoke_result_t<F, Transaction&>>) {
      std::forward<F>(fn)(tx);
      if (tx.active()) tx.commit();
    } else {
      decltype(auto) result = std::forward<F>(fn)(tx);
      if (tx.active()) tx.commit();
      return result;
    }
  }

  std::shared_ptr<Pool::Lease> owned_;  // shared by nested transactions: the connection stays out of the pool while any lives
  driver::Connection* conn_;
  int depth_;
  State state_ = State::pending;
  bool read_only_ = false;
};

class Database : public Session {
 public:
  /// Opens url; throws ConfigError for a bad URL or a scheme whose backend header is not
  /// included, ConnectionError when the database cannot be reached.
  explicit Database(std::string_view url, Options options = {}) : Session(make_shared(url, std::move(options))) {
    auto first = shared_->pool->acquire();  // connect now, so a wrong URL fails here and not later
  }

  /// Runs fn(tx) in a transaction: committed when fn returns, rolled back (and the exception
  /// rethrown) when it throws.
  template <class F>
  decltype(auto) transaction(F&& fn, TransactionOptions options = {}) {
    Transaction tx = begin(options);
    return Transaction::finish(tx, std::forward<F>(fn));
  }

  /// A transaction that rolls back when destroyed unless commit() was called.
  Transaction begin(TransactionOptions options = {}) {
    auto owned = std::make_shared<Pool::Lease>(shared_->pool->acquire());
    driver::Connection& conn = **owned;
    Transaction tx(shared_, std::move(owned), conn, 1);
    tx.read_only_ = options.read_only;
    Pool::Lease l(conn);
    try {
      for (const auto& s : sql::begin_transaction(conn.dialect(), options.isolation, options.read_only))
        run_plain(l, s);
    } catch (...) {
      conn.transaction_depth = -1;  // half begun: the pool closes it rather than lend it out again
      throw;
    }
    conn.transaction_depth = 1;
    tx.state_ = Transaction::State::active;
    return tx;
  }

  PoolStats pool_stats() const { return shared_->pool->stats(); }
  const driver::Url& url() const noexcept { return shared_->url; }

  /// Replaces the logger (nullptr to stop logging). Set it before sharing the Database between threads.
  void on_log(Logger logger, bool with_values = false) {
    shared_->logger = std::move(logger);
    shared_->log_values = with_values;
  }

 protected:
  Pool::Lease lease() override { return shared_->pool->acquire(); }

 private:
  static std::shared_ptr<detail::Shared> make_shared(std::string_view text, Options options) {
    auto shared = std::make_shared<detail::Shared>();
    shared->url = driver::Url::parse(text);
    shared->driver = driver::find_driver(shared->url);
    shared->logger = std::move(options.logger);
    shared->log_values = options.log_values;
    if (shared->driver.single_connection && shared->driver.single_connection(shared->url)) {
      options.pool.max = 1;
      options.pool.min = 1;
      options.pool.max_lifetime = std::chrono::milliseconds{0};
    }
    driver::Url url = shared->url;
    auto open = shared->driver.open;
    shared->pool = std::make_unique<Pool>([url, open] { return open(url); }, options.pool);
    return shared;
  }
};

}  // namespace quarry
