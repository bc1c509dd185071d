// The statement cache of a connection: least recently used statements make room, one at a time.
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
