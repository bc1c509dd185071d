// SQLite's transaction types and deferrable foreign keys, on every database where they exist.
#include "fixture.hpp"

using namespace quarry::dsl;
using test::Author;

namespace deferring {
struct Parent {
  std::string code{};
  std::string name{};
};
struct LateChild {  // its foreign key is checked at commit
  std::int64_t id{};
  std::string parent_code{};
};
struct EagerChild {  // checked at each statement
  std::int64_t id{};
  std::string parent_code{};
};
struct FlexChild {  // checked at each statement unless the transaction defers it
  std::int64_t id{};
  std::string parent_code{};
};
}  // namespace deferring

using deferring::EagerChild;
using deferring::FlexChild;
using deferring::LateChild;
using deferring::Parent;

template <>
struct quarry::Model<Parent> {
  static constexpr auto table = "deferring_parents";
  static constexpr auto fields = quarry::fields(quarry::field<&Parent::code>(quarry::primary_key, quarry::size(20)),
                                                quarry::field<&Parent::name>());
};
template <>
struct quarry::Model<LateChild> {
  static constexpr auto table = "deferring_late_children";
  static constexpr auto fields = quarry::fields(
      quarry::field<&LateChild::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&LateChild::parent_code>(quarry::size(20),
                                             quarry::references<&Parent::code>(quarry::deferrable::initially_deferred)));
};
template <>
struct quarry::Model<EagerChild> {
  static constexpr auto table = "deferring_eager_children";
  static constexpr auto fields =
      quarry::fields(quarry::field<&EagerChild::id>(quarry::primary_key, quarry::auto_increment),
                     quarry::field<&EagerChild::parent_code>(quarry::size(20), quarry::references<&Parent::code>()));
};
template <>
struct quarry::Model<FlexChild> {
  static constexpr auto table = "deferring_flex_children";
  static constexpr auto fields = quarry::fields(
      quarry::field<&FlexChild::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&FlexChild::parent_code>(quarry::size(20),
                                             quarry::references<&Parent::code>(quarry::deferrable::initially_immediate)));
};

namespace {
quarry::Database fresh_deferring() {
  auto db = test::fresh();
  db.sync<Parent, LateChild, EagerChild, FlexChild>({.force = true});
  return db;
}
}  // namespace

TEST_CASE("a deferred foreign key lets a transaction insert a child before its parent", "[transactions][deferrable]") {
  auto db = fresh_deferring();
  if (test::on("mysql") || test::on("mariadb")) {  // no deferrable constraints: each statement is checked
    CHECK_THROWS_AS(db.transaction([](quarry::Transaction& tx) { tx.create(LateChild{.parent_code = "p1"}); }),
                    quarry::ForeignKeyConstraintError);
    CHECK_THROWS_AS(db.transaction([] {}, {.defer_constraints = true}), quarry::UnsupportedError);
    CHECK(db.count<LateChild>() == 0);
    return;
  }
  db.transaction([](quarry::Transaction& tx) {
    tx.create(LateChild{.parent_code = "p1"});
    tx.create(Parent{.code = "p1", .name = "late"});
  });
  CHECK(db.count<LateChild>() == 1);

  // not deferrable: the child alone is refused at once
  CHECK_THROWS_AS(db.transaction([](quarry::Transaction& tx) {
    tx.create(EagerChild{.parent_code = "p2"});
    tx.create(Parent{.code = "p2"});
  }), quarry::ForeignKeyConstraintError);
  CHECK(db.count<EagerChild>() == 0);

  // initially immediate: refused at once, unless the transaction defers it
  CHECK_THROWS_AS(db.transaction([](quarry::Transaction& tx) {
    tx.create(FlexChild{.parent_code = "p3"});
    tx.create(Parent{.code = "p3"});
  }), quarry::ForeignKeyConstraintError);
  db.transaction([](quarry::Transaction& tx) {
    tx.create(FlexChild{.parent_code = "p3"});
    tx.create(Parent{.code = "p3"});
  }, {.defer_constraints = true});
  CHECK(db.count<FlexChild>() == 1);

  // deferred is not skipped: a parent that never comes fails the commit, and nothing is kept
  CHECK_THROWS_AS(db.transaction([](quarry::Transaction& tx) { tx.create(LateChild{.parent_code = "nobody"}); }),
                  quarry::ForeignKeyConstraintError);
  CHECK(db.count<LateChild>() == 1);
  CHECK(db.count<Parent>() == 2);
}

TEST_CASE("SQLite transaction types: immediate and exclusive take the write lock at begin", "[transactions][sqlite]") {
  auto db = test::fresh();
  using quarry::TransactionType;
  if (!test::on("sqlite") || test::url() == "sqlite::memory:") {
    // elsewhere the type asks for nothing: rows are locked as they are written
    for (auto type : {TransactionType::deferred, TransactionType::immediate, TransactionType::exclusive})
      db.transaction([](quarry::Transaction& tx) { tx.create(Author{.name = "Ada"}); tx.destroy<Author>(where(col<&Author::name> == "Ada")); },
                     {.type = type});
    CHECK(db.count<Author>() == 0);
    return;
  }
  // a second connection that does not wait for the lock
  auto url = test::url();
  quarry::Database other{url + (url.find('?') == std::string::npos ? "?" : "&") + "busy_timeout=0"};
  {
    auto tx = db.begin({.type = TransactionType::deferred});  // no lock until its first write
    other.create(Author{.name = "Outside"});
    tx.create(Author{.name = "Inside"});
    tx.commit();
  }
  for (auto type : {TransactionType::immediate, TransactionType::exclusive}) {
    auto tx = db.begin({.type = type});  // the write lock, before anything is written
    CHECK_THROWS_AS(other.create(Author{.name = "Blocked"}), quarry::TimeoutError);
    tx.rollback();
  }
  other.create(Author{.name = "After"});
  CHECK(db.count<Author>() == 3);
}
