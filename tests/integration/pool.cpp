// The one pool: limits, timeouts, stats, broken connections, many threads.
#include "fixture.hpp"
#include "instrumented.hpp"

#include <atomic>
#include <future>
#include <mutex>
#include <thread>

using namespace quarry::dsl;
using test::Author;

namespace {
/// The server's id for the connection this session runs on.
std::int64_t backend_id(quarry::Session& s) {
  if (test::on("postgres")) return s.query<std::int64_t>("SELECT pg_backend_pid()").at(0);
  return s.query<std::int64_t>("SELECT CONNECTION_ID()").at(0);
}
/// Kills a connection from another one, as an administrator would.
void kill(quarry::Database& admin, std::int64_t id) {
  if (test::on("postgres")) admin.query<bool>("SELECT pg_terminate_backend(?)", id);
  else admin.execute("KILL " + std::to_string(id));  // an id the server gave, not user input
}
}  // namespace

TEST_CASE("a connection the server killed is replaced, and the next operation succeeds", "[pool]") {
  if (test::on("sqlite")) return;  // SQLite has no server to kill connections
  auto db = test::fresh({.pool = {.max = 1, .validate_after = std::chrono::milliseconds{100}}});
  quarry::Database admin{test::url()};
  db.create(Author{.name = "Ada"});
  auto id = backend_id(db);
  kill(admin, id);
  std::this_thread::sleep_for(std::chrono::milliseconds{200});
  CHECK(db.count<Author>() == 1);  // idle past validate_after, so validated on borrow: replaced
  CHECK(backend_id(db) != id);
  CHECK(db.pool_stats().destroyed >= 1);

  // killed while lent out: the operation fails with ConnectionError, the pool heals
  std::int64_t id2 = 0;
  CHECK_THROWS_AS(db.transaction([&](quarry::Transaction& tx) {
    id2 = backend_id(tx);
    kill(admin, id2);
    std::this_thread::sleep_for(std::chrono::milliseconds{200});
    tx.count<Author>();
  }), quarry::ConnectionError);
  CHECK(db.count<Author>() == 1);
  CHECK(backend_id(db) != id2);
}

TEST_CASE("a connection handed back within validate_after is lent unchecked: killed meanwhile, one operation fails "
          "and the pool heals", "[pool]") {
  if (test::on("sqlite")) return;
  auto db = test::fresh({.pool = {.max = 1, .validate_after = std::chrono::minutes{1}}});
  quarry::Database admin{test::url()};
  db.create(Author{.name = "Ada"});
  auto id = backend_id(db);
  kill(admin, id);
  std::this_thread::sleep_for(std::chrono::milliseconds{200});
  CHECK_THROWS_AS(db.count<Author>(), quarry::ConnectionError);  // not checked: it came back a moment ago
  CHECK(db.count<Author>() == 1);                                // the broken one was closed, not lent again
  CHECK(backend_id(db) != id);
}

TEST_CASE("acquire waits, then times out with PoolTimeoutError", "[pool]") {
  auto db = test::fresh({.pool = {.max = 1, .acquire_timeout = std::chrono::milliseconds{200}}});
  auto tx = db.begin();  // holds the only connection
  auto start = std::chrono::steady_clock::now();
  // from another thread: on this one, db. calls run in tx (see context.cpp)
  CHECK_THROWS_AS(std::async(std::launch::async, [&] { return db.count<Author>(); }).get(), quarry::PoolTimeoutError);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds{150});
  CHECK(db.pool_stats().timeouts == 1);
  CHECK(db.pool_stats().in_use == 1);
  tx.rollback();
  CHECK(db.count<Author>() == 0);
  CHECK(db.pool_stats().in_use == 0);
}

TEST_CASE("idle connections and old ones are closed and replaced", "[pool]") {
  if (test::url() == "sqlite::memory:") return;  // the one in-memory connection is the database
  quarry::Database db{test::url(), {.pool = {.max = 2, .idle_timeout = std::chrono::milliseconds{50}}}};
  db.sync<Author>();
  auto created = db.pool_stats().created;
  std::this_thread::sleep_for(std::chrono::milliseconds{120});
  db.count<Author>();
  auto stats = db.pool_stats();
  CHECK(stats.created == created + 1);
  CHECK(stats.destroyed >= 1);
  CHECK(stats.size == 1);
  CHECK(stats.idle == 1);

  quarry::Database young{test::url(), {.pool = {.max = 1, .max_lifetime = std::chrono::milliseconds{50}}}};
  std::this_thread::sleep_for(std::chrono::milliseconds{80});
  young.count<Author>();
  CHECK(young.pool_stats().created == 2);
}

TEST_CASE("16 threads on a pool of 4: every row accounted for", "[pool][threads]") {
  auto db = test::fresh({.pool = {.max = 4, .acquire_timeout = std::chrono::seconds{60}}});
  constexpr int threads = 16, per_thread = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      try {
        for (int i = 0; i < per_thread; ++i) {
          auto name = "t" + std::to_string(t) + "-" + std::to_string(i);
          if (i % 4 == 0) {
            db.transaction([&](quarry::Transaction& tx) {
              auto a = tx.create(Author{.name = name});
              tx.update<Author>(set(col<&Author::email> = name + "@x"), where(col<&Author::id> == a.id));
            });
          } else {
            db.create(Author{.name = name});
          }
          db.find_all<Author>(where(col<&Author::name>.like("t" + std::to_string(t) + "-%")));
          if (i % 5 == 0) db.count<Author>();
        }
      } catch (const std::exception& e) {
        ++failures;
        FAIL_CHECK(e.what());
      }
    });
  for (auto& th : pool) th.join();
  CHECK(failures == 0);
  CHECK(db.count<Author>() == threads * per_thread);
  CHECK(db.count<Author>(where(col<&Author::email>.is_not_null())) == threads * ((per_thread + 3) / 4));
  auto stats = db.pool_stats();
  CHECK(stats.size <= 4);
  CHECK(stats.in_use == 0);
  CHECK(stats.waiting == 0);
}

TEST_CASE("idle connections expire under steady light traffic too", "[pool]") {
  if (test::url() == "sqlite::memory:") return;  // the one in-memory connection is the database
  quarry::Database db{test::url(), {.pool = {.max = 2, .idle_timeout = std::chrono::milliseconds{100}}}};
  {
    auto a = db.begin({.read_only = true});  // read-only: SQLite lets two of them run at once
    // two connections open; both idle once these end (b on another thread: on this one it would
    // be a savepoint of a)
    std::async(std::launch::async, [&] { auto b = db.begin({.read_only = true}); }).get();
  }
  REQUIRE(db.pool_stats().size == 2);
  // one operation at a time: each reuses the newest connection, and the other one expires
  for (int i = 0; i < 200 && db.pool_stats().size > 1; ++i) {
    db.query<std::int64_t>("SELECT 1");
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  CHECK(db.pool_stats().size == 1);
  CHECK(db.pool_stats().destroyed == 1);
}

namespace {
/// Waits (boundedly) until n callers wait in the pool.
void until_waiting(quarry::Database& db, std::size_t n) {
  for (int i = 0; i < 2000 && db.pool_stats().waiting < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds{5});
  REQUIRE(db.pool_stats().waiting == n);
}
}  // namespace

TEST_CASE("waiters are served first come, first served", "[pool][threads]") {
  auto db = test::fresh({.pool = {.max = 1, .acquire_timeout = std::chrono::seconds{30}}});
  std::mutex m;
  std::vector<std::string> order;
  auto served = [&](std::string who) {
    db.transaction([&](quarry::Transaction&) {
      std::lock_guard lock(m);
      order.push_back(std::move(who));
    });
  };

  // a caller that arrives when a connection comes back does not overtake one that waited for it
  {
    auto tx = db.begin();
    std::thread waiter([&] { served("waiter"); });
    until_waiting(db, 1);
    tx.rollback();
    served("newcomer");
    waiter.join();
  }
  CHECK(order == std::vector<std::string>{"waiter", "newcomer"});

  // several waiters, in the order they came
  order.clear();
  {
    auto tx = db.begin();
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
      threads.emplace_back([&, i] { served(std::to_string(i)); });
      until_waiting(db, static_cast<std::size_t>(i) + 1);
    }
    tx.rollback();
    for (auto& t : threads) t.join();
  }
  CHECK(order == std::vector<std::string>{"0", "1", "2", "3"});
  CHECK(db.pool_stats().waiting == 0);
}

namespace {
/// Tells whether another thread can take the pool's lock at that moment (it waits for it at
/// most 5 s): the pool must not hold it while a connection talks to its server.
struct LockProbe {
  quarry::Pool* pool = nullptr;
  int checks = 0, blocked = 0;
  std::vector<std::future<quarry::PoolStats>> pending;
  void check() {
    if (!pool) return;
    ++checks;
    auto f = std::async(std::launch::async, [p = pool] { return p->stats(); });
    if (f.wait_for(std::chrono::seconds{5}) != std::future_status::ready) ++blocked;
    pending.push_back(std::move(f));  // not waited for here: that could wait for our own caller
  }
};

/// A statement that talks to no server; its destructor is where a driver would.
class ProbeStatement final : public quarry::driver::Statement {
 public:
  ProbeStatement(std::string sql, LockProbe& probe) : Statement(std::move(sql)), probe_(probe) {}
  ~ProbeStatement() override { probe_.check(); }
  void bind_null(std::size_t) override {}
  void bind_bool(std::size_t, bool) override {}
  void bind_int64(std::size_t, std::int64_t) override {}
  void bind_uint64(std::size_t, std::uint64_t) override {}
  void bind_double(std::size_t, double) override {}
  void bind_text(std::size_t, std::string_view) override {}
  void bind_made_text(std::size_t, std::string_view) override {}
  void bind_blob(std::size_t, const quarry::Blob&) override {}
  void bind_timestamp(std::size_t, quarry::Timestamp) override {}
  void bind_date(std::size_t, quarry::Date) override {}
  void bind_decimal(std::size_t, const quarry::Decimal&) override {}
  void bind_uuid(std::size_t, const quarry::Uuid&) override {}
  void start(std::size_t) override {}
  void run() override {}
  bool next() override { return false; }
  void finish() noexcept override {}
  std::int64_t affected_rows() override { return 0; }
  int column_count() override { return 0; }
  std::string_view column_name(int) override { return {}; }
  bool is_null(int) override { return true; }
  bool read_int64(int, std::int64_t&) override { return false; }
  bool read_double(int, double&) override { return false; }
  bool read_text(int, std::string_view&) override { return false; }
  bool read_blob(int, quarry::Blob&) override { return false; }

 private:
  LockProbe& probe_;
};

/// A real connection whose ROLLBACK and close are probed.
class Probed final : public quarry::driver::Connection {
 public:
  Probed(std::unique_ptr<quarry::driver::Connection> real, LockProbe& probe) : real_(std::move(real)), probe_(probe) {}
  ~Probed() override {
    probe_.check();
    clear_cache();
  }
  const quarry::sql::Dialect& dialect() const noexcept override { return real_->dialect(); }
  void execute(const std::string& sql) override {
    if (sql == "ROLLBACK") probe_.check();
    real_->execute(sql);
  }
  std::unique_ptr<quarry::driver::Statement> prepare(const std::string& sql) override {
    return std::make_unique<ProbeStatement>(sql, probe_);
  }
  bool alive() noexcept override { return real_->alive(); }
  std::int64_t last_insert_id() override { return 0; }
  bool in_transaction() noexcept override { return real_->in_transaction(); }

 private:
  std::unique_ptr<quarry::driver::Connection> real_;
  LockProbe& probe_;
};
}  // namespace

TEST_CASE("the pool talks to no server while it holds its lock", "[pool][threads]") {
  LockProbe probe;
  quarry::Pool pool([&] { return std::make_unique<Probed>(test::open_connection(), probe); },
                    {.max = 2, .idle_timeout = std::chrono::milliseconds{50}});
  probe.pool = &pool;
  {
    auto lease = pool.acquire();
    lease->execute("BEGIN");  // left open: the pool rolls it back
    auto& cached = lease->statement("SELECT 1");
    cached.in_use = true;
    lease->statement("SELECT 1");  // a one-off beside the one being read: dropped when handed back
    cached.in_use = false;
  }
  CHECK(probe.checks == 2);  // the ROLLBACK and the one-off statement
  {
    auto lease = pool.acquire();
    lease.mark_broken();
  }
  CHECK(probe.checks >= 3);  // closed
  {
    auto a = pool.acquire();
    auto b = pool.acquire();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds{100});
  auto before = probe.checks;
  { auto lease = pool.acquire(); }  // both idle ones expired: swept and closed
  CHECK(probe.checks >= before + 2);
  before = probe.checks;
  pool.clear();
  CHECK(probe.checks > before);
  CHECK(pool.stats().size == 0);
  CHECK(probe.blocked == 0);
  for (auto& f : probe.pending) f.get();
  probe.pool = nullptr;
}
