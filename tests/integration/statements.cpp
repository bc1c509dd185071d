// The statement cache of a connection: least recently used statements make room, one at a
// time, and on PostgreSQL the server keeps no more prepared statements than the cache.
#include "fixture.hpp"
#include "instrumented.hpp"

#include <string>

namespace {
std::string select(int n) { return "SELECT " + std::to_string(n); }
}  // namespace

TEST_CASE("a full statement cache drops its least recently used statement, one at a time", "[statements]") {
  test::Instrumented conn(test::open_connection());
  conn.cache_limit = 4;
  for (int n = 1; n <= 4; ++n) test::run_on(conn, select(n));  // full
  test::run_on(conn, select(5));                                // makes room: 1 goes, and only 1
  for (int n : {2, 3, 4, 5}) test::run_on(conn, select(n));
  for (int n = 2; n <= 5; ++n) CHECK(conn.prepared[select(n)] == 1);
  test::run_on(conn, select(1));  // prepared again; 2 makes room for it now
  CHECK(conn.prepared[select(1)] == 2);

  // a statement in steady use stays while many others pass through
  for (int n = 100; n < 160; ++n) {
    test::run_on(conn, select(n));
    test::run_on(conn, "SELECT 0");
  }
  CHECK(conn.prepared["SELECT 0"] == 1);
  for (int n = 100; n < 160; ++n) CHECK(conn.prepared[select(n)] == 1);
}

TEST_CASE("PostgreSQL keeps no more prepared statements than the cache, in a transaction too", "[statements]") {
  if (!test::on("postgres")) return;
  auto conn = test::open_connection();
  conn->cache_limit = 8;
  auto on_server = [&] { return test::run_on(*conn, "SELECT count(*) FROM pg_prepared_statements"); };
  for (int n = 0; n < 100; ++n) test::run_on(*conn, select(n));
  CHECK(on_server() <= 8);

  conn->execute("BEGIN");  // statements prepared and dropped inside a transaction are deallocated too
  for (int n = 100; n < 200; ++n) test::run_on(*conn, select(n));
  CHECK(on_server() <= 8);
  conn->execute("COMMIT");
  CHECK(on_server() <= 8);

  // a statement in steady use keeps its name on the server
  auto name = [&] {
    return test::run_on(*conn, "SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT 0'");
  };
  test::run_on(*conn, "SELECT 0");
  for (int n = 200; n < 240; ++n) {
    test::run_on(*conn, select(n));
    test::run_on(*conn, "SELECT 0");
  }
  CHECK(name() == 1);
  CHECK(on_server() <= 8);

  // statements deallocated behind quarry's back: the names it then fails to deallocate are
  // dropped from its list, and new statements still prepare
  conn->execute("DEALLOCATE ALL");
  for (int n = 300; n < 320; ++n) CHECK(test::run_on(*conn, select(n)) == n);
  CHECK(on_server() <= 8);
}

TEST_CASE("a transaction that runs many distinct statements leaves the server no more than its cache", "[statements][transactions]") {
  if (!test::on("postgres")) return;
  auto db = test::fresh({.pool = {.max = 1}});
  db.transaction([](quarry::Transaction& tx) {
    auto before = tx.query<std::int64_t>("SELECT count(*) FROM pg_prepared_statements").at(0);
    for (int n = 0; n < 600; ++n) tx.query<std::int64_t>(select(n));
    auto after = tx.query<std::int64_t>("SELECT count(*) FROM pg_prepared_statements").at(0);
    CHECK(after - before <= 512);  // bounded by the cache of 512 statements, not by the 600 run
  });
}
