#pragma once
/// The one connection pool every backend shares.
///
///   quarry::Database db{"postgres://app@db/app", {.pool = {.max = 16, .acquire_timeout = 5s}}};
///   db.pool_stats().in_use;

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "../function.hpp"  // quarry::detail::Function: its hooks and callbacks, without <functional>
#include "../config.hpp"
#include "../error.hpp"
#include "../vector.hpp"

#ifdef QUARRY_BODIES
#include <algorithm>
#include <condition_variable>
#include <fmt/core.h>  // fmt::format: error messages
#endif
#include "../driver/connection.hpp"

namespace quarry {

struct PoolOptions {
  std::size_t max = 10;                                  ///< connections at most
  std::size_t min = 0;                                   ///< idle connections kept however long unused
  std::chrono::milliseconds acquire_timeout{30'000};     ///< then PoolTimeoutError
  std::chrono::milliseconds idle_timeout{10'000};        ///< an idle connection is closed after this
  std::chrono::milliseconds max_lifetime{0};             ///< a connection is replaced after this (0: never)
  bool validate = true;                                  ///< check a connection is alive before lending it
  /// ...when it has been idle this long: one handed back moments ago is lent as it is, which
  /// saves a system call on every operation (a connection the server closed within this window
  /// fails its operation with ConnectionError instead, and is replaced)
  std::chrono::milliseconds validate_after{500};
};

struct PoolStats {
  std::size_t size = 0, idle = 0, in_use = 0, waiting = 0;
  std::uint64_t created = 0, destroyed = 0, timeouts = 0;
};

class Pool {
 public:
  using Factory = quarry::detail::Function<std::unique_ptr<driver::Connection>()>;

  /// A borrowed connection, returned to the pool on destruction (or a pinned one, not owned).
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<driver::Connection> c) : pool_(pool), owned_(std::move(c)), conn_(owned_.get()) {}
    explicit Lease(driver::Connection& pinned) : conn_(&pinned) {}
    Lease(Lease&& o) noexcept : pool_(o.pool_), owned_(std::move(o.owned_)), conn_(o.conn_), broken_(o.broken_) {
      o.pool_ = nullptr;
      o.conn_ = nullptr;
    }
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_ && owned_) pool_->give_back(std::move(owned_), broken_);
    }
    driver::Connection& operator*() const noexcept { return *conn_; }
    driver::Connection* operator->() const noexcept { return conn_; }
    /// The connection failed at the network level: the pool closes it instead of lending it again.
    void mark_broken() noexcept {
      broken_ = true;
      if (conn_) conn_->broken = true;
    }

   private:
    Pool* pool_ = nullptr;
    std::unique_ptr<driver::Connection> owned_;
    driver::Connection* conn_ = nullptr;
    bool broken_ = false;
  };

  Pool(Factory factory, PoolOptions options);
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  /// A connection: an idle one (the most recently returned), a new one while fewer than max
  /// are open, or else the first one handed back, in the order the callers came.
  Lease acquire();

  PoolStats stats() const;
  const PoolOptions& options() const noexcept { return options_; }

  /// Closes every idle connection; those lent out are closed when they come back.
  void clear();

 private:
  struct Idle {
    std::unique_ptr<driver::Connection> conn;
    std::chrono::steady_clock::time_point since;
  };
  /// A caller waiting in acquire(); it lives on that caller's stack (defined with the bodies).
  struct Waiter;

  bool expired(const Idle& e, std::chrono::steady_clock::time_point now) const;

  /// Under the lock: moves every expired idle connection to closing, oldest first, so that
  /// those behind the one in steady use expire too.
  void sweep(std::chrono::steady_clock::time_point now, quarry::detail::Vector<Idle>& closing);

  /// Under the lock: wakes the first waiter if there is something for it.
  void pass_on() noexcept;
  void leave(const Waiter& me) noexcept;

  void give_back(std::unique_ptr<driver::Connection>&& conn, bool broken) noexcept;  // (&&: no second pointer to destroy in every caller)

  Factory factory_;
  PoolOptions options_;
  mutable std::mutex mutex_;
  quarry::detail::Vector<Idle> idle_;         // in the order they came back: the oldest first
  quarry::detail::Vector<Waiter*> waiters_;   // by ticket: first come, first served
  std::uint64_t next_ticket_ = 0;
  std::size_t size_ = 0;
  std::uint64_t created_ = 0, destroyed_ = 0, timeouts_ = 0;
};
#ifdef QUARRY_BODIES
QUARRY_FUNC Pool::Pool(Factory factory, PoolOptions options) : factory_(std::move(factory)), options_(options) {
  if (options_.max == 0) throw ConfigError("quarry: pool max must be at least 1");
  if (options_.min > options_.max) throw ConfigError("quarry: pool min is larger than pool max");
  idle_.reserve(options_.max);
}
QUARRY_FUNC PoolStats Pool::stats() const {
  std::lock_guard lock(mutex_);
  return {size_, idle_.size(), size_ - idle_.size(), waiters_.size(), created_, destroyed_, timeouts_};
}
QUARRY_FUNC bool Pool::expired(const Idle& e, std::chrono::steady_clock::time_point now) const {
  if (options_.max_lifetime.count() > 0 && now - e.conn->created > options_.max_lifetime) return true;
  return size_ > options_.min && options_.idle_timeout.count() > 0 && now - e.since > options_.idle_timeout;
}
QUARRY_FUNC void Pool::leave(const Waiter& me) noexcept { quarry::detail::erase(waiters_, &me); }

/// A caller waiting in acquire(); it lives on that caller's stack.
struct Pool::Waiter {
  explicit Waiter(std::uint64_t t) : ticket(t) {}
  std::uint64_t ticket;
  std::condition_variable ready;
};

QUARRY_FUNC Pool::Lease Pool::acquire() {
  using clock = std::chrono::steady_clock;
  auto now = clock::now();
  const auto deadline = now + options_.acquire_timeout;
  quarry::detail::Vector<Idle> closing;  // expired connections, closed outside the lock
  std::unique_lock lock(mutex_);
  const std::uint64_t ticket = next_ticket_++;
  std::optional<Waiter> me;  // made only when this caller has to wait
  bool queued = false;
  for (;; now = clock::now()) {
    sweep(now, closing);
    if (!closing.empty()) {
      lock.unlock();
      closing.clear();
      lock.lock();
      pass_on();  // room for a new connection: the first waiter may be another caller
      continue;
    }
    bool first = queued ? waiters_.front() == &*me : waiters_.empty() || waiters_.front()->ticket > ticket;
    if (first && !idle_.empty()) {
      if (queued) leave(*me);
      queued = false;
      Idle entry = std::move(idle_.back());  // not expired: swept just now
      idle_.pop_back();
      pass_on();
      bool check = options_.validate && now - entry.since >= options_.validate_after;
      lock.unlock();
      if (!check || entry.conn->alive()) return Lease(this, std::move(entry.conn));
      entry.conn.reset();  // closed outside the lock
      lock.lock();
      --size_;
      ++destroyed_;
      pass_on();
      continue;  // this caller keeps its place: its ticket is older than those who came since
    }
    if (first && size_ < options_.max) {
      if (queued) leave(*me);
      queued = false;
      ++size_;
      pass_on();
      lock.unlock();
      try {
        auto conn = factory_();
        std::lock_guard relock(mutex_);
        ++created_;
        return Lease(this, std::move(conn));
      } catch (...) {
        std::lock_guard relock(mutex_);
        --size_;
        pass_on();
        throw;
      }
    }
    if (now >= deadline) {
      if (queued) leave(*me);
      pass_on();
      ++timeouts_;
      throw PoolTimeoutError(fmt::format(
          "quarry: no connection became free within {} ms (pool max {}, all in use); is a transaction holding one "
          "while this thread waits?",
          options_.acquire_timeout.count(), options_.max));
    }
    if (!queued) {  // in ticket order: behind every caller that came earlier, ahead of later ones
      auto at = std::find_if(waiters_.begin(), waiters_.end(), [&](const Waiter* w) { return w->ticket > ticket; });
      if (!me) me.emplace(ticket);
      waiters_.insert(at, &*me);
      queued = true;
    }
    me->ready.wait_until(lock, deadline);
  }
}

QUARRY_FUNC void Pool::clear() {
  quarry::detail::Vector<Idle> closing;  // destroyed after the lock is released: closing talks to the server
  std::lock_guard lock(mutex_);
  closing.swap(idle_);
  idle_.reserve(options_.max);
  size_ -= closing.size();
  destroyed_ += closing.size();
  pass_on();
}

QUARRY_FUNC void Pool::sweep(std::chrono::steady_clock::time_point now, quarry::detail::Vector<Idle>& closing) {
  for (auto it = idle_.begin(); it != idle_.end();) {
    if (!expired(*it, now)) {
      ++it;
      continue;
    }
    closing.push_back(std::move(*it));
    it = idle_.erase(it);
    --size_;
    ++destroyed_;
  }
}

QUARRY_FUNC void Pool::pass_on() noexcept {
  if (!waiters_.empty() && (!idle_.empty() || size_ < options_.max)) waiters_.front()->ready.notify_one();
}

QUARRY_FUNC void Pool::give_back(std::unique_ptr<driver::Connection>&& conn, bool broken) noexcept {
  // Everything that may talk to the server happens before the lock is taken.
  // A transaction opened by raw SQL and left open is rolled back before the next borrower
  // (closing the connection instead would lose an in-memory SQLite database).
  broken = broken || conn->broken;
  if (!broken && conn->transaction_depth == 0 && conn->in_transaction()) {
    try {
      conn->execute("ROLLBACK");
    } catch (...) {
      broken = true;
    }
  }
  bool discard = broken || conn->transaction_depth != 0 || conn->in_transaction();
  if (discard) conn.reset();
  else conn->release_extra();
  quarry::detail::Vector<Idle> closing;  // destroyed after the lock below is released
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (discard) {
    --size_;
    ++destroyed_;
  } else {
    idle_.push_back({std::move(conn), now});
  }
  sweep(now, closing);
  pass_on();
}
#endif  // QUARRY_BODIES

}  // namespace quarry
