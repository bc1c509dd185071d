// after_connect on every database: it runs on each new connection before the pool lends it, can
// set the session up, and a connection whose hook throws fails with ConnectionError, unpooled.
#include "fixture.hpp"

#include <atomic>
#include <future>

namespace {
bool one_connection() { return test::url() == "sqlite::memory:"; }  // the one in-memory connection is the database

/// Sets a session variable of the dialect to 4321 on c.
void set_variable(quarry::Session& c) {
  if (test::on("postgres")) c.execute("SET application_name = 'quarry_4321'");
  else if (test::on("sqlite")) c.execute("PRAGMA cache_size = -4321");
  else c.execute("SET SESSION group_concat_max_len = 4321");
}
/// The session variable as this connection sees it.
std::string variable(quarry::Session& c) {
  const char* sql = test::on("postgres") ? "SELECT current_setting('application_name')"
                    : test::on("sqlite") ? "SELECT CAST(cache_size AS TEXT) FROM pragma_cache_size()"
                                         : "SELECT CAST(@@session.group_concat_max_len AS CHAR)";
  auto rows = c.query<std::tuple<std::string>>(sql);
  REQUIRE(rows.size() == 1);
  return std::get<0>(rows[0]);
}
const char* expected() { return test::on("postgres") ? "quarry_4321" : test::on("sqlite") ? "-4321" : "4321"; }
}  // namespace

TEST_CASE("after_connect sets up every new connection before it is lent", "[connect][after_connect]") {
  test::fresh();  // a SQLite file is made anew
  std::atomic<int> runs{0};
  quarry::Database db{test::url(), {.after_connect = [&](quarry::Session& c) {
                                      ++runs;
                                      set_variable(c);
                                    }}};
  CHECK(runs == 1);  // the Database connects at once
  CHECK(variable(db) == expected());
  if (!one_connection()) {
    auto tx = db.begin();  // holds the first connection: the other thread gets a second one
    auto other = std::async(std::launch::async, [&] { return variable(db); }).get();
    CHECK(other == expected());
    CHECK(variable(tx) == expected());
    CHECK(runs == 2);
  }
  CHECK(static_cast<std::uint64_t>(runs.load()) == db.pool_stats().created);
}

TEST_CASE("after_connect that throws fails the connect with ConnectionError, unpooled", "[connect][after_connect]") {
  test::fresh();
  try {
    quarry::Database db{test::url(), {.after_connect = [](quarry::Session& c) {
                                        c.execute("SELECT no_such_column FROM no_such_table");
                                      }}};
    FAIL("the Database connected although after_connect failed");
  } catch (const quarry::ConnectionError& e) {
    CHECK_THAT(e.what(), Catch::Contains("after_connect failed on a new connection"));
    CHECK_FALSE(e.sql().empty());  // what the failing statement was, from the server's error
  }
  if (one_connection()) return;

  std::atomic<int> runs{0};
  quarry::Database db{test::url(), {.after_connect = [&](quarry::Session&) {
                                      if (++runs > 1) throw std::runtime_error("no second connection today");
                                    }}};
  auto tx = db.begin();
  auto second = std::async(std::launch::async, [&] { return db.count<test::Author>(); });
  CHECK_THROWS_AS(second.get(), quarry::ConnectionError);
  CHECK(db.pool_stats().size == 1);  // the failed connection was closed, not pooled
  CHECK(db.pool_stats().created == 1);
  tx.commit();
  CHECK(db.count<test::Author>() == 0);  // the first connection is still good
}
