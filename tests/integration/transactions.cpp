#include "fixture.hpp"
#include "instrumented.hpp"

#include <chrono>
#include <future>
#include <thread>

using namespace quarry::dsl;
using test::Author;
using test::Instrumented;

TEST_CASE("a managed transaction commits, or rolls back and rethrows", "[transactions]") {
  auto db = test::fresh();
  auto id = db.transaction([](quarry::Transaction& tx) { return tx.create(Author{.name = "Ada"}).id; });
  CHECK(db.find_by_pk<Author>(id));

  CHECK_THROWS_AS(db.transaction([](quarry::Transaction& tx) {
    tx.create(Author{.name = "Bob"});
    throw std::runtime_error("changed my mind");
  }), std::runtime_error);
  CHECK(db.count<Author>() == 1);
}

TEST_CASE("an unmanaged transaction rolls back unless committed", "[transactions]") {
  auto db = test::fresh();
  {
    auto tx = db.begin();
    tx.create(Author{.name = "Ada"});
    CHECK(tx.count<Author>() == 1);
  }
  CHECK(db.count<Author>() == 0);
  auto tx = db.begin();
  tx.create(Author{.name = "Ada"});
  tx.commit();
  CHECK(db.count<Author>() == 1);
  CHECK_THROWS_AS(tx.commit(), quarry::TransactionError);
  CHECK_THROWS_AS(tx.count<Author>(), quarry::TransactionError);
}

TEST_CASE("nested transactions are savepoints", "[transactions]") {
  auto db = test::fresh();
  db.transaction([](quarry::Transaction& tx) {
    tx.create(Author{.name = "Ada"});
    CHECK_THROWS(tx.transaction([](quarry::Transaction& inner) {
      inner.create(Author{.name = "Bob"});
      inner.create(Author{.name = "Ada"});  // unique violation: only the savepoint is rolled back
    }));
    tx.transaction([](quarry::Transaction& inner) { inner.create(Author{.name = "Cy"}); });
  });
  auto names = db.select<Author>(columns(col<&Author::name>), order_by(col<&Author::name>));
  REQUIRE(names.size() == 2);
  CHECK(std::get<0>(names[0]) == "Ada");
  CHECK(std::get<0>(names[1]) == "Cy");
}

TEST_CASE("a failing bulk_create inside a transaction rolls back only itself", "[transactions]") {
  auto db = test::fresh();
  db.transaction([](quarry::Transaction& tx) {
    tx.create(Author{.name = "Ada"});
    CHECK_THROWS_AS(tx.bulk_create(std::vector<Author>{{.name = "Bob"}, {.name = "Bob"}}),
                    quarry::UniqueConstraintError);
    CHECK(tx.count<Author>() == 1);
  });
  CHECK(db.count<Author>() == 1);
}

TEST_CASE("isolation levels and read-only transactions", "[transactions]") {
  auto db = test::fresh();
  db.create(Author{.name = "Ada"});
  for (auto level : {quarry::Isolation::read_committed, quarry::Isolation::repeatable_read,
                     quarry::Isolation::serializable}) {
    auto n = db.transaction([](quarry::Transaction& tx) { return tx.count<Author>(); }, {.isolation = level});
    CHECK(n == 1);
  }
  CHECK(db.transaction([](quarry::Transaction& tx) { return tx.count<Author>(); }, {.read_only = true}) == 1);
  CHECK_THROWS_AS(db.transaction([](quarry::Transaction& tx) { tx.create(Author{.name = "Bob"}); },
                                 {.read_only = true}),
                  quarry::DatabaseError);
  CHECK(db.count<Author>() == 1);
  db.create(Author{.name = "Cy"});  // the connection is writable again afterwards
  CHECK(db.count<Author>() == 2);
}

TEST_CASE("row locks where the dialect has them", "[transactions]") {
  auto db = test::fresh();
  db.create(Author{.name = "Ada"});
  if (test::on("sqlite")) {
    CHECK_THROWS_AS(db.find_all<Author>(for_update()), quarry::UnsupportedError);
    return;
  }
  db.transaction([](quarry::Transaction& tx) {
    CHECK(tx.find_all<Author>(where(col<&Author::name> == "Ada"), for_update()).size() == 1);
    CHECK(tx.find_all<Author>(for_share()).size() == 1);
    CHECK(tx.find_all<Author>(for_update().skip_locked()).size() == 1);
    CHECK(tx.find_all<Author>(for_update().nowait()).size() == 1);
  });
  // a row locked by one transaction is skipped by another (on another thread: on this one,
  // db.transaction would be a savepoint of holder)
  auto holder = db.begin();
  holder.find_all<Author>(for_update());
  auto skipped = std::async(std::launch::async, [&] {
    return db.transaction([](quarry::Transaction& tx) { return tx.find_all<Author>(for_update().skip_locked()); });
  }).get();
  CHECK(skipped.empty());
  holder.rollback();
}

TEST_CASE("a transaction whose statement failed is not silently committed", "[transactions]") {
  auto db = test::fresh();
  bool threw = false;
  try {
    db.transaction([](quarry::Transaction& tx) {
      tx.create(Author{.name = "Ada"});
      try {
        tx.create(Author{.name = "Ada"});  // unique violation, caught by the caller
      } catch (const quarry::UniqueConstraintError&) {
      }
    });
  } catch (const quarry::TransactionError&) {
    threw = true;  // PostgreSQL: the failed statement aborted the transaction
  }
  // either it committed what succeeded (SQLite, MySQL) or it said it did not (PostgreSQL)
  CHECK(db.count<Author>() == (threw ? 0 : 1));
  CHECK(threw == test::on("postgres"));
}

TEST_CASE("a savepoint that outlives its transaction, or fails, does not leak", "[transactions]") {
  auto db = test::fresh({.pool = {.max = 1}});
  {
    auto tx = db.begin();
    auto inner = tx.begin();
    inner.create(Author{.name = "Ada"});
    tx.rollback();  // the enclosing transaction ends first
    CHECK_NOTHROW(inner.rollback());
  }
  CHECK(db.count<Author>() == 0);
  CHECK(db.pool_stats().in_use == 0);

  db.transaction([](quarry::Transaction& tx) {
    tx.create(Author{.name = "Ada"});
    try {
      tx.transaction([](quarry::Transaction& inner) {
        try {
          inner.create(Author{.name = "Ada"});  // a unique violation, caught and swallowed
        } catch (const quarry::UniqueConstraintError&) {
        }
      });
    } catch (const quarry::TransactionError&) {  // PostgreSQL: the savepoint was rolled back
    }
    tx.create(Author{.name = "Bob"});  // the outer transaction goes on either way
  });
  CHECK(db.count<Author>() == 2);

  db.execute("BEGIN");  // a transaction opened by hand is rolled back before the next user
  db.create(Author{.name = "Cy"});  // so this commits at once
  CHECK(db.count<Author>() == 3);
  if (test::url() != "sqlite::memory:") {
    quarry::Database other{test::url()};
    CHECK(other.count<Author>() == 3);  // visible from another connection: not inside a transaction
  }
}

TEST_CASE("a failed commit rolls back and returns the connection at once", "[transactions][pool]") {
  test::InstrumentedDriver instrumented;
  auto db = test::fresh({.pool = {.max = 1, .acquire_timeout = std::chrono::seconds{2}}});
  auto tx = db.begin();
  tx.create(Author{.name = "Ada"});
  Instrumented::fail_once() = {"COMMIT"};
  CHECK_THROWS_AS(tx.commit(), quarry::DatabaseError);
  CHECK_FALSE(tx.active());
  auto stats = db.pool_stats();
  CHECK(stats.in_use == 0);     // back in the pool while tx still exists
  CHECK(stats.destroyed == 0);  // rolled back and kept: an in-memory SQLite database lives on
  CHECK(db.count<Author>() == 0);
  CHECK_THROWS_AS(tx.commit(), quarry::TransactionError);
}

TEST_CASE("a failed rollback still returns the connection at once", "[transactions][pool]") {
  test::InstrumentedDriver instrumented;
  auto db = test::fresh({.pool = {.max = 1, .acquire_timeout = std::chrono::seconds{2}}});
  auto tx = db.begin();
  tx.create(Author{.name = "Ada"});
  Instrumented::fail_once() = {"ROLLBACK"};
  CHECK_THROWS_AS(tx.rollback(), quarry::DatabaseError);
  CHECK_FALSE(tx.active());
  CHECK(db.pool_stats().in_use == 0);
  CHECK(db.pool_stats().destroyed == 0);  // the second ROLLBACK worked: nothing is left open
  CHECK(db.count<Author>() == 0);

  {  // the same from the destructor
    auto dropped = db.begin();
    dropped.create(Author{.name = "Bob"});
    Instrumented::fail_once() = {"ROLLBACK"};
  }
  CHECK(db.pool_stats().in_use == 0);
  CHECK(db.pool_stats().destroyed == 0);
  CHECK(db.count<Author>() == 0);
}

TEST_CASE("a failed RELEASE of a savepoint leaves the outer transaction usable", "[transactions]") {
  test::InstrumentedDriver instrumented;
  auto db = test::fresh({.pool = {.max = 1, .acquire_timeout = std::chrono::seconds{2}}});
  auto tx = db.begin();
  tx.create(Author{.name = "Ada"});
  {
    auto inner = tx.begin();
    inner.create(Author{.name = "Bob"});
    Instrumented::fail_once() = {"RELEASE SAVEPOINT quarry_tx_2"};
    CHECK_THROWS_AS(inner.commit(), quarry::DatabaseError);
    CHECK_FALSE(inner.active());
  }
  tx.create(Author{.name = "Cy"});  // the outer transaction goes on, without Bob: his commit failed
  CHECK(tx.count<Author>() == 2);
  auto again = tx.begin();          // and can nest again
  again.create(Author{.name = "Dee"});
  again.commit();
  tx.commit();
  CHECK(test::author_names(db) == std::vector<std::string>{"Ada", "Cy", "Dee"});
  CHECK(db.pool_stats().in_use == 0);
}

TEST_CASE("what a failed nested operation left, and could not undo, is never committed", "[transactions]") {
  test::InstrumentedDriver instrumented;
  auto db = test::fresh({.pool = {.max = 1, .acquire_timeout = std::chrono::seconds{2}}});

  // bulk_create's savepoint is released, fails, and cannot be rolled back either
  auto tx = db.begin();
  tx.create(Author{.name = "Ada"});
  Instrumented::fail_once() = {"RELEASE SAVEPOINT quarry_1", "ROLLBACK TO SAVEPOINT quarry_1"};
  CHECK_THROWS_AS(tx.bulk_create(std::vector<Author>{{.name = "Bob"}, {.name = "Cy"}}), quarry::DatabaseError);
  CHECK_THROWS_AS(tx.count<Author>(), quarry::TransactionError);  // it can only be rolled back
  CHECK_THROWS_AS(tx.commit(), quarry::TransactionError);         // which commit() does, and says
  CHECK_FALSE(tx.active());
  CHECK(db.pool_stats().in_use == 0);
  CHECK(db.count<Author>() == 0);

  // the same inside a nested transaction: the outermost one is the one that can undo it
  auto outer = db.begin();
  outer.create(Author{.name = "Ada"});
  {
    auto inner = outer.begin();
    Instrumented::fail_once() = {"RELEASE SAVEPOINT quarry_2", "ROLLBACK TO SAVEPOINT quarry_2"};
    CHECK_THROWS_AS(inner.bulk_create(std::vector<Author>{{.name = "Bob"}}), quarry::DatabaseError);
    CHECK_THROWS_AS(inner.commit(), quarry::TransactionError);
  }
  CHECK_THROWS_AS(outer.create(Author{.name = "Cy"}), quarry::TransactionError);
  outer.rollback();
  CHECK(db.count<Author>() == 0);
  CHECK(db.pool_stats().destroyed == 0);  // rolled back for real: the connection was kept

  // a savepoint that fails to release but rolls back leaves the transaction as it was
  db.transaction([](quarry::Transaction& t) {
    t.create(Author{.name = "Ada"});
    Instrumented::fail_once() = {"RELEASE SAVEPOINT quarry_1"};
    CHECK_THROWS_AS(t.bulk_create(std::vector<Author>{{.name = "Bob"}}), quarry::DatabaseError);
    t.create(Author{.name = "Cy"});
  });
  CHECK(test::author_names(db) == std::vector<std::string>{"Ada", "Cy"});
}

TEST_CASE("a commit the database refuses ends the transaction at once", "[transactions][pool]") {
  if (!test::on("sqlite") && !test::on("postgres")) return;  // MySQL has no deferred constraints
  auto db = test::fresh({.pool = {.max = 1, .acquire_timeout = std::chrono::seconds{2}}});
  db.execute("DROP TABLE IF EXISTS deferred_kids");
  db.execute("DROP TABLE IF EXISTS deferred_parents");
  db.execute("CREATE TABLE deferred_parents (id INTEGER PRIMARY KEY)");
  db.execute("CREATE TABLE deferred_kids (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES deferred_parents (id) "
             "DEFERRABLE INITIALLY DEFERRED)");
  auto tx = db.begin();
  tx.execute("INSERT INTO deferred_kids (id, parent_id) VALUES (1, 42)");  // checked at COMMIT
  CHECK_THROWS_AS(tx.commit(), quarry::ConstraintError);
  CHECK_FALSE(tx.active());
  CHECK(db.pool_stats().in_use == 0);
  CHECK(db.pool_stats().destroyed == 0);
  CHECK(db.query<std::int64_t>("SELECT count(*) FROM deferred_kids").at(0) == 0);
  db.execute("DROP TABLE deferred_kids");
  db.execute("DROP TABLE deferred_parents");
}

TEST_CASE("a transaction whose connection died hands it back at once, closed", "[transactions][pool]") {
  if (test::on("sqlite")) return;  // SQLite has no server to kill connections
  auto db = test::fresh({.pool = {.max = 2, .acquire_timeout = std::chrono::seconds{2}}});
  quarry::Database admin{test::url()};
  auto backend = [](quarry::Session& s) {
    return s.query<std::int64_t>(test::on("postgres") ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()").at(0);
  };
  auto kill = [&](std::int64_t id) {
    if (test::on("postgres")) admin.query<bool>("SELECT pg_terminate_backend(?)", id);
    else admin.execute("KILL " + std::to_string(id));  // an id the server gave, not user input
    std::this_thread::sleep_for(std::chrono::milliseconds{200});
  };
  for (bool committing : {true, false}) {
    auto tx = db.begin();
    tx.create(Author{.name = committing ? "Ada" : "Bob"});
    auto destroyed = db.pool_stats().destroyed;
    kill(backend(tx));
    if (committing) CHECK_THROWS_AS(tx.commit(), quarry::ConnectionError);
    else CHECK_THROWS_AS(tx.rollback(), quarry::ConnectionError);
    CHECK_FALSE(tx.active());
    CHECK(db.pool_stats().in_use == 0);  // closed now, not when tx dies
    CHECK(db.pool_stats().destroyed == destroyed + 1);
  }
  CHECK(db.count<Author>() == 0);
}
