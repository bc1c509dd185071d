// The one pool: limits, timeouts, stats, broken connections, many threads.
#include "fixture.hpp"

#include <atomic>
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
  auto db = test::fresh({.pool = {.max = 1}});
  quarry::Database admin{test::url()};
  db.create(Author{.name = "Ada"});
  auto id = backend_id(db);
  kill(admin, id);
  std::this_thread::sleep_for(std::chrono::milliseconds{200});
  CHECK(db.count<Author>() == 1);  // validated on borrow: the dead one is dropped, a new one opened
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

TEST_CASE("acquire waits, then times out with PoolTimeoutError", "[pool]") {
  auto db = test::fresh({.pool = {.max = 1, .acquire_timeout = std::chrono::milliseconds{200}}});
  auto tx = db.begin();  // holds the only connection
  auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(db.count<Author>(), quarry::PoolTimeoutError);
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
