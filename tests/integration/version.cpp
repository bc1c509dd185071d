// Optimistic locking (Sequelize's version: true): every update and save of a row by its key checks
// the row's version and counts it up; a stale row raises OptimisticLockError and writes nothing.
// Two writers are two Database handles on the same database (one handle on SQLite in memory,
// whose every handle is a database of its own).
#include "fixture.hpp"

#include <memory>

using namespace quarry::dsl;

namespace locking {
struct Page {
  std::int64_t id{};
  std::string title{};
  std::int32_t hits{};
  std::int64_t version{};  // by convention: the optimistic lock
};
struct Ledger {  // the lock declared on a member of another name, and a key of its own
  std::int64_t code{};
  std::string owner{};
  std::int32_t revision{};
};
}  // namespace locking

template <>
struct quarry::Model<locking::Ledger> {
  static constexpr auto fields = quarry::fields(quarry::field<&locking::Ledger::code>(quarry::primary_key),
                                                quarry::field<&locking::Ledger::revision>(quarry::optimistic_lock));
};

using locking::Ledger;
using locking::Page;

namespace {
struct Writers {
  quarry::Database db{test::url()};
  std::unique_ptr<quarry::Database> second;
  Writers() {
    db.sync<Page, Ledger>({.force = true});
    if (test::url() != "sqlite::memory:") second = std::make_unique<quarry::Database>(test::url());
  }
  /// The other writer: a second handle, with a connection of its own.
  quarry::Database& other() { return second ? *second : db; }
};
}  // namespace

TEST_CASE("version: insert starts at the member's value, each save and update counts it up", "[version]") {
  Writers w;
  auto& db = w.db;
  auto p = db.create(Page{.title = "home"});
  CHECK(p.version == 0);
  CHECK(db.create(Page{.title = "five", .version = 5}).version == 5);

  p.title = "Home";
  db.save(p);
  CHECK(p.version == 1);
  p.hits = 3;
  CHECK(db.update(p));
  CHECK(p.version == 2);
  auto stored = *db.find_by_pk<Page>(p.id);
  CHECK(stored.version == 2);
  CHECK(stored.title == "Home");
  CHECK(stored.hits == 3);

  // an update by where counts it up too, on every row it changes
  CHECK(db.update<Page>(set(col<&Page::hits> = 10), where(col<&Page::id> == p.id)) == 1);
  CHECK(db.find_by_pk<Page>(p.id)->version == 3);
  // increment of a row: in the database, and the row read back with its new version
  db.increment(p, col<&Page::hits>, 1);
  CHECK(p.hits == 11);
  CHECK(p.version == 4);
}

TEST_CASE("version: a stale save throws OptimisticLockError and leaves the row as the other writer left it",
          "[version]") {
  Writers w;
  auto& db = w.db;
  auto& other = w.other();
  auto created = db.create(Page{.title = "draft"});

  auto mine = *db.find_by_pk<Page>(created.id);
  auto theirs = *other.find_by_pk<Page>(created.id);
  theirs.title = "theirs";
  other.save(theirs);
  CHECK(theirs.version == 1);

  mine.title = "mine";
  mine.hits = 99;
  try {
    db.save(mine);
    FAIL("a stale save went through");
  } catch (const quarry::OptimisticLockError& e) {
    std::string what = e.what();
    CHECK(what.find("pages") != std::string::npos);  // the table and key are named...
    CHECK(what.find("id") != std::string::npos);
    CHECK(what.find("mine") == std::string::npos);   // ...never a value
  }
  CHECK(mine.version == 0);  // the caller's row is as it was
  CHECK(mine.title == "mine");
  auto stored = *other.find_by_pk<Page>(created.id);
  CHECK(stored.title == "theirs");
  CHECK(stored.hits == 0);
  CHECK(stored.version == 1);

  CHECK_THROWS_AS(db.update(mine), quarry::OptimisticLockError);
  CHECK(db.find_by_pk<Page>(created.id)->title == "theirs");

  // after a reload the save goes through
  REQUIRE(db.reload(mine));
  mine.title = "mine";
  db.save(mine);
  CHECK(mine.version == 2);
  CHECK(other.find_by_pk<Page>(created.id)->title == "mine");

  // a write by where of the other writer makes the row stale too
  other.update<Page>(set(col<&Page::hits> = 1), where(col<&Page::id> == created.id));
  mine.title = "again";
  CHECK_THROWS_AS(db.save(mine), quarry::OptimisticLockError);
  CHECK(other.find_by_pk<Page>(created.id)->title == "mine");

  // a row deleted meanwhile: stale too
  auto gone = *db.find_by_pk<Page>(created.id);
  other.destroy(gone);
  CHECK_THROWS_AS(db.update(gone), quarry::OptimisticLockError);
}

TEST_CASE("version: in a transaction, a stale save rolls back with it", "[version]") {
  Writers w;
  auto& db = w.db;
  auto a = db.create(Page{.title = "a"});
  auto b = db.create(Page{.title = "b"});
  auto stale_b = b;
  b.title = "B";
  db.save(b);

  CHECK_THROWS_AS(db.transaction([&](quarry::Transaction& tx) {
                    a.title = "A";
                    tx.save(a);
                    stale_b.title = "lost";
                    tx.save(stale_b);
                  }),
                  quarry::OptimisticLockError);
  CHECK(db.find_by_pk<Page>(a.id)->title == "a");
  CHECK(db.find_by_pk<Page>(a.id)->version == 0);
  CHECK(db.find_by_pk<Page>(b.id)->title == "B");
}

TEST_CASE("version: declared on another member, with a key of the program's own", "[version]") {
  Writers w;
  auto& db = w.db;
  auto& other = w.other();
  Ledger l{.code = 7, .owner = "ann", .revision = 0};
  db.save(l);  // no row has the key: inserted
  CHECK(l.revision == 0);
  REQUIRE(db.find_by_pk<Ledger>(std::int64_t{7}));

  auto theirs = *other.find_by_pk<Ledger>(std::int64_t{7});
  theirs.owner = "bob";
  other.save(theirs);
  CHECK(theirs.revision == 1);

  l.owner = "eve";
  CHECK_THROWS_AS(db.save(l), quarry::OptimisticLockError);  // the key is there: stale, not inserted
  auto stored = *db.find_by_pk<Ledger>(std::int64_t{7});
  CHECK(stored.owner == "bob");
  CHECK(stored.revision == 1);
}

TEST_CASE("version: a tracked save checks and counts up the version too", "[version][tracking]") {
  Writers w;
  auto p = w.db.create(Page{.title = "home"});
  auto mine = quarry::track(*w.db.find_by_pk<Page>(p.id));
  auto theirs = quarry::track(*w.other().find_by_pk<Page>(p.id));

  theirs->hits = 7;
  CHECK(w.other().save(theirs));
  CHECK(theirs->version == 1);
  CHECK(theirs.changed().empty());

  mine->title = "Home";  // another column, but the row is stale: nothing is written
  CHECK_THROWS_AS(w.db.save(mine), quarry::OptimisticLockError);
  CHECK(mine->version == 0);
  CHECK(mine.changed() == std::vector<std::string_view>{"title"});
  auto stored = *w.db.find_by_pk<Page>(p.id);
  CHECK(stored.title == "home");
  CHECK(stored.hits == 7);
  CHECK(stored.version == 1);

  auto fresh = quarry::track(stored);
  fresh->title = "Home";
  CHECK(w.db.save(fresh));
  CHECK(fresh->version == 2);
  CHECK_FALSE(w.db.save(fresh));  // nothing changed: no write, the version stays
  CHECK(w.db.find_by_pk<Page>(p.id)->version == 2);
}
