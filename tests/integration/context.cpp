// The transaction in context: while a transaction is open on a thread, db. calls of that
// Database on that thread run in it, or, with TransactionContext::refuse, throw.
#include "fixture.hpp"

#include <chrono>
#include <functional>
#include <future>
#include <optional>
#include <stdexcept>
#include <thread>

using namespace quarry::dsl;
using test::Author;

namespace ctx {
struct Item;
struct Shelf {
  std::int64_t id{};
  std::string label{};
  quarry::Timestamp created_at{}, updated_at{};
  std::vector<Item> items;
};
struct Item {
  std::int64_t id{};
  std::int64_t shelf_id{};
  std::string name{};
};
}  // namespace ctx

template <> struct quarry::Model<ctx::Shelf> {
  static constexpr auto table = "ctx_shelves";
  static constexpr auto fields = quarry::fields(
      quarry::field<&ctx::Shelf::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&ctx::Shelf::label>(quarry::size(50)),
      quarry::timestamps<&ctx::Shelf::created_at, &ctx::Shelf::updated_at>());
  static constexpr auto associations = quarry::associations(quarry::has_many<&ctx::Shelf::items, &ctx::Item::shelf_id>());
};
template <> struct quarry::Model<ctx::Item> {
  static constexpr auto table = "ctx_items";
  static constexpr auto fields = quarry::fields(
      quarry::field<&ctx::Item::id>(quarry::primary_key, quarry::auto_increment), quarry::field<&ctx::Item::shelf_id>(),
      quarry::field<&ctx::Item::name>(quarry::size(50)));
};

namespace {
/// Short waits: a db. call that wrongly waits for a connection or a lock fails the test soon.
quarry::DatabaseOptions quick(quarry::DatabaseOptions options = {}) {
  options.pool.acquire_timeout = std::chrono::seconds{3};
  return options;
}


/// Runs f on a thread of its own and returns what it returned (or rethrows what it threw).
template <class F>
auto on_other_thread(F f) {
  return std::async(std::launch::async, std::move(f)).get();
}
}  // namespace

TEST_CASE("db. inside db.transaction(fn) runs in it: a throw leaves nothing", "[transactions][context]") {
  auto db = test::fresh(quick());
  CHECK_THROWS_AS(db.transaction([&] {
    auto ada = db.create(Author{.name = "Ada"});
    CHECK(db.find_by_pk<Author>(ada.id));  // the transaction's own, uncommitted row
    CHECK(db.count<Author>() == 1);
    throw std::runtime_error("changed my mind");
  }), std::runtime_error);
  CHECK(db.count<Author>() == 0);

  // the same with the body that takes the Transaction, mixing tx. and db.
  CHECK_THROWS_AS(db.transaction([&](quarry::Transaction& tx) {
    tx.create(Author{.name = "Ada"});
    db.create(Author{.name = "Bob"});
    CHECK(tx.count<Author>() == 2);
    CHECK(test::author_names(db) == std::vector<std::string>{"Ada", "Bob"});
    throw std::runtime_error("changed my mind");
  }), std::runtime_error);
  CHECK(db.count<Author>() == 0);

  // and committed when the body returns, with its value
  auto id = db.transaction([&] { return db.create(Author{.name = "Cy"}).id; });
  CHECK(db.find_by_pk<Author>(id));
  CHECK(db.pool_stats().in_use == 0);
}

TEST_CASE("db. while a RAII transaction is open runs in it", "[transactions][context]") {
  auto db = test::fresh(quick());
  {
    auto tx = db.begin();
    db.create(Author{.name = "Ada"});
    CHECK(tx.count<Author>() == 1);  // written in tx
    db.bulk_create(std::vector<Author>{{.name = "Bob"}, {.name = "Cy"}});
    db.update<Author>(set(col<&Author::email> = std::string("x@example.com")), where(col<&Author::name> == "Bob"));
    CHECK(tx.count<Author>(where(col<&Author::email> == std::string("x@example.com"))) == 1);
  }  // destroyed without commit: rolled back
  CHECK(db.count<Author>() == 0);

  auto tx = db.begin();
  db.create(Author{.name = "Ada"});
  tx.rollback();
  CHECK(db.count<Author>() == 0);
  db.create(Author{.name = "Bob"});  // tx has ended: this commits on its own
  CHECK_THROWS_AS(tx.count<Author>(), quarry::TransactionError);

  auto kept = db.begin();
  db.create(Author{.name = "Cy"});
  kept.commit();
  CHECK(test::author_names(db) == std::vector<std::string>{"Bob", "Cy"});
  CHECK(db.pool_stats().in_use == 0);
}

TEST_CASE("db. in a transaction on a pool of one runs in it instead of waiting", "[transactions][context][pool]") {
  auto db = test::fresh(quick({.pool = {.max = 1}}));
  auto tx = db.begin();
  db.create(Author{.name = "Ada"});
  CHECK(db.find_all<Author>().size() == 1);
  CHECK(db.pool_stats().in_use == 1);
  CHECK(db.pool_stats().timeouts == 0);
  db.transaction([&] { db.create(Author{.name = "Bob"}); });  // a savepoint, not a second connection
  CHECK(db.pool_stats().timeouts == 0);
  tx.rollback();
  CHECK(db.count<Author>() == 0);
  CHECK(db.pool_stats().in_use == 0);
}

TEST_CASE("db.transaction inside a transaction is a savepoint of it", "[transactions][context]") {
  auto db = test::fresh(quick());
  db.transaction([&] {
    db.create(Author{.name = "Ada"});
    CHECK_THROWS_AS(db.transaction([&] {
      db.create(Author{.name = "Bob"});
      db.create(Author{.name = "Ada"});  // unique violation: only the savepoint is rolled back
    }), quarry::UniqueConstraintError);
    db.transaction([&](quarry::Transaction& inner) { inner.create(Author{.name = "Cy"}); });
    CHECK(test::author_names(db) == std::vector<std::string>{"Ada", "Cy"});

    {  // the same unmanaged; while it is open, db. calls run in it, the innermost
      auto inner = db.begin();
      db.create(Author{.name = "Dee"});
      CHECK(db.count<Author>() == 3);
      inner.rollback();
    }
    CHECK(db.count<Author>() == 2);  // and afterwards in the enclosing one again
    db.create(Author{.name = "Eve"});

    // a savepoint takes no options of its own
    CHECK_THROWS_AS(db.begin({.read_only = true}), quarry::TransactionError);
  });
  CHECK(test::author_names(db) == std::vector<std::string>{"Ada", "Cy", "Eve"});
  CHECK(db.pool_stats().in_use == 0);
}

TEST_CASE("with transaction_context refuse, db. inside a transaction throws and writes nothing",
          "[transactions][context]") {
  auto db = test::fresh(quick({.transaction_context = quarry::TransactionContext::refuse}));
  db.transaction([&](quarry::Transaction& tx) {
    try {
      db.create(Author{.name = "Ada"});
      FAIL("db.create ran inside the transaction");
    } catch (const quarry::TransactionError& e) {
      CHECK(std::string(e.what()).find("tx.") != std::string::npos);
    }
    CHECK_THROWS_AS(db.count<Author>(), quarry::TransactionError);
    CHECK_THROWS_AS(db.find_by_pk<Author>(std::int64_t{1}), quarry::TransactionError);
    CHECK_THROWS_AS(db.transaction([] {}), quarry::TransactionError);
    CHECK_THROWS_AS(db.begin(), quarry::TransactionError);
    CHECK(tx.count<Author>() == 0);  // the Transaction itself works
    tx.create(Author{.name = "Bob"});
  });
  CHECK(test::author_names(db) == std::vector<std::string>{"Bob"});
  db.create(Author{.name = "Cy"});  // outside a transaction, db. works as ever
  CHECK(db.count<Author>() == 2);
}

TEST_CASE("another thread's db. calls do not join this thread's transaction", "[transactions][context]") {
  if (test::url() == "sqlite::memory:") return;  // one connection: the other thread would wait for it
  auto db = test::fresh(quick());
  auto tx = db.begin();
  db.create(Author{.name = "Ada"});
  if (test::on("sqlite")) {
    // the other thread reads outside the transaction: nothing is committed yet (SQLite has one writer)
    CHECK(on_other_thread([&] { return db.count<Author>(); }) == 0);
  } else {
    CHECK(on_other_thread([&] { return db.create(Author{.name = "Bob"}).id; }) > 0);  // commits at once
    CHECK(on_other_thread([&] { return test::author_names(db); }) == std::vector<std::string>{"Bob"});
  }
  CHECK(db.count<Author>() == (test::on("sqlite") ? 1 : 2));  // this thread: in tx, which sees all
  tx.rollback();
  CHECK(test::author_names(db) == (test::on("sqlite") ? std::vector<std::string>{} : std::vector<std::string>{"Bob"}));
}

TEST_CASE("another Database's calls do not join a transaction of this one", "[transactions][context]") {
  auto db = test::fresh(quick());
  quarry::Database other{"sqlite::memory:"};
  other.sync<Author>();
  CHECK_THROWS_AS(db.transaction([&] {
    db.create(Author{.name = "Ada"});
    other.create(Author{.name = "Bob"});  // other's own connection: committed at once
    throw std::runtime_error("changed my mind");
  }), std::runtime_error);
  CHECK(db.count<Author>() == 0);
  CHECK(other.count<Author>() == 1);

  // transactions of two Databases open on one thread, ended out of order
  auto a = db.begin();
  auto b = other.begin();
  db.create(Author{.name = "Cy"});
  other.create(Author{.name = "Dee"});
  a.rollback();  // the older one ends first
  CHECK(other.count<Author>() == 2);  // still in b
  db.create(Author{.name = "Eve"});   // on its own: a has ended
  b.rollback();
  CHECK(test::author_names(db) == std::vector<std::string>{"Eve"});
  CHECK(test::author_names(other) == std::vector<std::string>{"Bob"});
}

TEST_CASE("the context follows a moved Transaction on its thread, and ends with it", "[transactions][context]") {
  auto db = test::fresh(quick({.pool = {.max = 1}}));
  std::optional<quarry::Transaction> held;
  held.emplace(db.begin());  // moved into the optional
  db.create(Author{.name = "Ada"});
  CHECK(held->count<Author>() == 1);
  quarry::Transaction moved = std::move(*held);
  held.reset();  // the moved-from object dies: the transaction goes on
  db.create(Author{.name = "Bob"});
  CHECK(moved.count<Author>() == 2);
  moved.rollback();
  CHECK(db.count<Author>() == 0);

  // a savepoint that outlives its enclosing transaction
  {
    auto outer = db.begin();
    auto inner = db.begin();
    db.create(Author{.name = "Cy"});
    outer.rollback();
    CHECK_NOTHROW(inner.rollback());
    CHECK(db.count<Author>() == 0);  // both have ended: db. borrows from the pool again
  }
  CHECK(db.pool_stats().in_use == 0);

  // a callback made inside the transaction and called after it ended runs outside it
  std::function<void()> later;
  db.transaction([&] { later = [&] { db.create(Author{.name = "Dee"}); }; });
  later();
  CHECK(test::author_names(db) == std::vector<std::string>{"Dee"});
}

TEST_CASE("a Transaction used on another thread: db. on the opening thread refuses", "[transactions][context]") {
  auto db = test::fresh(quick());
  auto tx = db.begin();
  db.create(Author{.name = "Ada"});
  std::promise<void> used, checked;
  auto worker = std::async(std::launch::async, [&, tx = std::move(tx)]() mutable {
    struct Signal {
      std::promise<void>& p;
      ~Signal() { p.set_value(); }
    };
    {
      Signal signal{used};  // also when create throws: the main thread must not wait forever
      tx.create(Author{.name = "Bob"});
    }
    checked.get_future().wait();
    auto n = tx.count<Author>();
    tx.commit();
    return n;
  });
  used.get_future().wait();
  CHECK_THROWS_AS(db.count<Author>(), quarry::TransactionError);  // neither joins nor runs outside
  CHECK_THROWS_AS(db.transaction([] {}), quarry::TransactionError);
  checked.set_value();
  CHECK(worker.get() == 2);
  CHECK(test::author_names(db) == std::vector<std::string>{"Ada", "Bob"});  // ended on the worker: db. is free again
  CHECK(db.pool_stats().in_use == 0);

  // moved to a thread that ends it without this thread noticing in between
  auto gone = db.begin();
  db.create(Author{.name = "Cy"});
  std::thread([g = std::move(gone)]() mutable { g.rollback(); }).join();
  db.create(Author{.name = "Dee"});
  CHECK(test::author_names(db) == std::vector<std::string>{"Ada", "Bob", "Dee"});
}

TEST_CASE("eager loading and association helpers through db. run in the transaction", "[transactions][context]") {
  auto db = test::fresh(quick({.pool = {.max = 1}}));
  db.sync<ctx::Shelf, ctx::Item>({.force = true});
  CHECK_THROWS_AS(db.transaction([&] {
    auto shelf = db.create(ctx::Shelf{.label = "a"});
    db.create_related<&ctx::Shelf::items>(shelf, ctx::Item{.name = "one"});
    auto loose = db.create(ctx::Item{.name = "two"});
    db.add_related<&ctx::Shelf::items>(shelf, loose);
    auto loaded = db.find_by_pk<ctx::Shelf>(shelf.id, include<&ctx::Shelf::items>(order_by(col<&ctx::Item::name>)));
    REQUIRE(loaded);
    REQUIRE(loaded->items.size() == 2);
    CHECK(loaded->items[1].name == "two");
    CHECK(db.related<&ctx::Shelf::items>(shelf).size() == 2);
    CHECK(db.count_related<&ctx::Shelf::items>(shelf) == 2);
    throw std::runtime_error("changed my mind");
  }), std::runtime_error);
  CHECK(db.count<ctx::Shelf>() == 0);
  CHECK(db.count<ctx::Item>() == 0);
  CHECK(db.pool_stats().timeouts == 0);
}
