#include "fixture.hpp"

using namespace quarry::dsl;
using test::Author;

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
  // a row locked by one transaction is skipped by another
  auto holder = db.begin();
  holder.find_all<Author>(for_update());
  db.transaction([](quarry::Transaction& tx) { CHECK(tx.find_all<Author>(for_update().skip_locked()).empty()); });
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
