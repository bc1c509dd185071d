#pragma once
/// The transaction in context: while a transaction is open on a thread, `db.` calls of its
/// Database on that thread run in it (or, with TransactionContext::refuse, throw).
///
///   quarry::Database db{"sqlite:books.db"};                                  // joins by default
///   db.transaction([&] { db.create(Book{...}); });                           // runs in the transaction
///   quarry::Database strict{"sqlite:books.db", {.transaction_context = quarry::TransactionContext::refuse}};

#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>
#include <utility>
#include <vector>

#include "../function.hpp"  // quarry::detail::Function: its hooks and callbacks, without <functional>
#include "../vector.hpp"
#include "pool.hpp"

namespace quarry {

/// What a Database's own operations (`db.create(...)`) do while a transaction of that Database
/// is open on the calling thread (DatabaseOptions::transaction_context).
enum class TransactionContext : std::uint8_t {
  join,    ///< run in it, in its innermost open savepoint (Sequelize v7's default, with CLS)
  refuse,  ///< throw TransactionError: every call inside a transaction names the Transaction
};

namespace detail {

struct Shared;
struct Pinned;

/// One outermost transaction open on a thread, found by the Database it belongs to. Each thread
/// keeps its own list, newest first; savepoints need no entry of their own, because the
/// connection's transaction_depth already says which level is innermost.
///
/// Two owners hold a scope: the list of the thread that opened the transaction, and the
/// transaction's connection (Pinned). The transaction may end on another thread (a Transaction
/// moved there, or a coroutine resumed there), which cannot touch this thread's list: it only
/// marks the scope ended, and this thread drops it when it next looks.
struct TxScope {
  const Shared* db = nullptr;
  driver::Connection* conn = nullptr;
  std::weak_ptr<Pinned> pinned;  ///< what a savepoint opened through db.begin() shares
  TxScope* outer = nullptr;      ///< the next (older) scope of the same thread
  std::atomic<bool> ended{false};
  std::atomic<bool> away{false};  ///< the transaction was used on another thread
  std::atomic<int> owners{2};
};

/// The newest scope of this thread, or null: the one lookup every `db.` call makes. Plain and
/// constant-initialized, so reading it is one load, with no initialization guard.
inline constinit thread_local TxScope* tx_scopes = nullptr;

inline void let_go(TxScope* s) noexcept {
  if (s->owners.fetch_sub(1, std::memory_order_acq_rel) == 1) delete s;
}

/// Drops this thread's scopes when the thread exits with transactions it opened still open
/// elsewhere (their transactions then drop the last hold).
struct TxScopesAtExit {
  TxScopesAtExit() noexcept {}  // user-provided: the one object is made on first use
  ~TxScopesAtExit() {
    while (TxScope* s = tx_scopes) {
      tx_scopes = s->outer;
      let_go(s);
    }
  }
};

inline TxScope* find_scope(const Shared* db) noexcept;

/// Puts a transaction just begun on this thread into the context.
QUARRY_FUNC TxScope* enter_scope(const Shared* db, driver::Connection& conn, const std::shared_ptr<Pinned>& pinned);
#ifdef QUARRY_BODIES
QUARRY_FUNC TxScope* enter_scope(const Shared* db, driver::Connection& conn, const std::shared_ptr<Pinned>& pinned) {
  static thread_local TxScopesAtExit at_exit;
  (void)at_exit;
  find_scope(nullptr);  // drops the scopes of transactions that ended on other threads
  auto* s = new TxScope;
  s->db = db;
  s->conn = &conn;
  s->pinned = pinned;
  s->outer = tx_scopes;
  tx_scopes = s;
  return s;
}
#endif  // QUARRY_BODIES

/// Whether s is in this thread's list.
inline bool in_this_thread(const TxScope* s) noexcept {
  for (const TxScope* t = tx_scopes; t; t = t->outer)
    if (t == s) return true;
  return false;
}

/// The transaction has ended: on this thread, its scope leaves the list at once (wherever it
/// is in it: transactions of two Databases may end in any order); elsewhere it is marked.
QUARRY_FUNC void leave_scope(TxScope* s) noexcept;
#ifdef QUARRY_BODIES
QUARRY_FUNC void leave_scope(TxScope* s) noexcept {
  s->ended.store(true, std::memory_order_release);
  for (TxScope** link = &tx_scopes; *link; link = &(*link)->outer) {
    if (*link == s) {
      *link = s->outer;
      let_go(s);
      return;
    }
  }
}
#endif  // QUARRY_BODIES

/// The scope of db's open transaction on this thread, or null; drops scopes that ended elsewhere.
inline TxScope* find_scope(const Shared* db) noexcept {
  for (TxScope** link = &tx_scopes; *link;) {
    TxScope* s = *link;
    if (s->ended.load(std::memory_order_acquire)) {
      *link = s->outer;
      let_go(s);
      continue;
    }
    if (s->db == db) return s;
    link = &s->outer;
  }
  return nullptr;
}

/// The connection a transaction holds, shared by it and its savepoints (it stays out of the pool
/// while any of them lives), and its scope in the context of the thread that opened it.
struct Pinned {
  explicit Pinned(Pool::Lease l) : lease(std::move(l)) {}
  Pinned(const Pinned&) = delete;
  Pinned& operator=(const Pinned&) = delete;
  ~Pinned() {
    if (scope) let_go(scope);
  }
  Pool::Lease lease;
  TxScope* scope = nullptr;

  /// Transaction::after_commit and after_rollback: each with the depth of the transaction (or
  /// savepoint) it was given to. Released savepoints hand theirs to the enclosing level.
  struct Callback {
    int depth;
    quarry::detail::Function<void()> fn;
  };
  quarry::detail::Vector<Callback> on_commit, on_rollback;

  /// A savepoint at depth was released: its callbacks now belong to the level that encloses it.
  void released(int depth) noexcept;
  /// The level at depth ended (committed when depth is 1 and committed is true, else rolled
  /// back): the callbacks to run now, taken out of the lists; those that will never run dropped.
  quarry::detail::Vector<quarry::detail::Function<void()>> ended(int depth, bool committed);
};
#ifdef QUARRY_BODIES
QUARRY_FUNC void Pinned::released(int depth) noexcept {
  for (auto* list : {&on_commit, &on_rollback})
    for (auto& c : *list)
      if (c.depth >= depth) c.depth = depth - 1;
}
QUARRY_FUNC quarry::detail::Vector<quarry::detail::Function<void()>> Pinned::ended(int depth, bool committed) {
  quarry::detail::Vector<quarry::detail::Function<void()>> run;
  auto take = [&](quarry::detail::Vector<Callback>& list, bool keep) {
    quarry::detail::Vector<Callback> rest;
    for (auto& c : list) {
      if (c.depth < depth) rest.push_back(std::move(c));
      else if (keep) run.push_back(std::move(c.fn));
    }
    list = std::move(rest);
  };
  take(on_commit, committed);
  take(on_rollback, !committed);
  return run;
}
#endif  // QUARRY_BODIES

/// Runs the callbacks of a transaction that ended, each once, in the order they were given; the
/// first exception one throws is rethrown after the rest have run.
QUARRY_FUNC void run_callbacks(quarry::detail::Vector<quarry::detail::Function<void()>> fns);
#ifdef QUARRY_BODIES
QUARRY_FUNC void run_callbacks(quarry::detail::Vector<quarry::detail::Function<void()>> fns) {
  std::exception_ptr first;
  for (auto& f : fns) {
    try {
      f();
    } catch (...) {
      if (!first) first = std::current_exception();
    }
  }
  if (first) std::rethrow_exception(first);
}
#endif  // QUARRY_BODIES

}  // namespace detail
}  // namespace quarry
