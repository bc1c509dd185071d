// Soft delete (Sequelize's paranoid: true): destroy of a model with deleted_at sets it instead of
// deleting; every read leaves those rows out (includes, their EXISTS, counts, aggregates,
// related) unless with_deleted() or only_deleted(); restore brings them back; force deletes.
#include "fixture.hpp"

#include <algorithm>

using namespace quarry::dsl;

namespace paranoid {
struct Entry;
struct Diary {
  std::int64_t id{};
  std::string owner{};
  std::optional<quarry::Timestamp> deleted_at{};  // by convention: soft delete
  std::vector<Entry> entries;
};
struct Entry {
  std::int64_t id{};
  std::int64_t diary_id{};
  std::string text{};
  std::int32_t words{};
  std::optional<quarry::Timestamp> deleted_at{};
};
struct Sticker {  // soft delete declared on a member of another name, with hooks
  std::int64_t id{};
  std::string label{};
  std::optional<quarry::Timestamp> peeled_at{};
};
struct Magazine {
  std::int64_t id{};
  std::string title{};
};
struct Subscription;
struct Reader {
  std::int64_t id{};
  std::string name{};
  std::vector<Magazine> magazines{};
};
struct Subscription {  // a join model that soft-deletes, one row per pair
  std::int64_t reader_id{};
  std::int64_t magazine_id{};
  std::optional<quarry::Timestamp> deleted_at{};
};
struct Calls {
  int before_destroy = 0, after_destroy = 0, before_restore = 0, after_restore = 0, bulk_destroy = 0;
};
inline Calls calls;
}  // namespace paranoid

template <>
struct quarry::Model<paranoid::Diary> {
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&paranoid::Diary::entries, &paranoid::Entry::diary_id>());
};
template <>
struct quarry::Model<paranoid::Sticker> {
  static constexpr auto fields = quarry::fields(quarry::field<&paranoid::Sticker::peeled_at>(quarry::soft_delete));
  static constexpr auto hooks = quarry::hooks(
      quarry::before_destroy([](const paranoid::Sticker&) { ++paranoid::calls.before_destroy; }),
      quarry::after_destroy([](const paranoid::Sticker&) { ++paranoid::calls.after_destroy; }),
      quarry::before_restore([](paranoid::Sticker& s) {
        ++paranoid::calls.before_restore;
        s.label += " (restored)";  // not written: restore sets deleted_at only
      }),
      quarry::after_restore([](paranoid::Sticker&) { ++paranoid::calls.after_restore; }),
      quarry::after_bulk_destroy([] { ++paranoid::calls.bulk_destroy; }));
};

template <>
struct quarry::Model<paranoid::Subscription> {
  static constexpr auto fields = quarry::fields(quarry::field<&paranoid::Subscription::reader_id>(quarry::primary_key),
                                                quarry::field<&paranoid::Subscription::magazine_id>(quarry::primary_key));
};
template <>
struct quarry::Model<paranoid::Reader> {
  static constexpr auto associations = quarry::associations(
      quarry::belongs_to_many<&paranoid::Reader::magazines, &paranoid::Subscription::reader_id,
                              &paranoid::Subscription::magazine_id>());
};

using paranoid::Diary;
using paranoid::Entry;
using paranoid::Sticker;

namespace {
quarry::Database fresh_diaries() {
  quarry::Database db{test::url()};
  db.sync<Diary, Entry, Sticker>({.force = true});
  paranoid::calls = {};
  return db;
}

std::vector<std::string> texts(std::vector<Entry> rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.text);
  std::sort(out.begin(), out.end());
  return out;
}
using Strings = std::vector<std::string>;
}  // namespace

TEST_CASE("soft delete: destroy(row) sets deleted_at, and reads leave the row out", "[softdelete]") {
  auto db = fresh_diaries();
  auto d = db.create(Diary{.owner = "ann"});
  auto a = db.create(Entry{.diary_id = d.id, .text = "a", .words = 3});
  auto b = db.create(Entry{.diary_id = d.id, .text = "b", .words = 5});
  CHECK_FALSE(a.deleted_at.has_value());

  auto before = quarry::now();
  CHECK(db.destroy(a));
  // the caller's row is deleted as the database's is (Sequelize's instance gets deletedAt too)
  REQUIRE(a.deleted_at.has_value());
  CHECK(*a.deleted_at >= before);
  CHECK_FALSE(db.destroy(a));  // deleted already: nothing to do

  // every read leaves it out
  CHECK(texts(db.find_all<Entry>()) == Strings{"b"});
  CHECK(texts(db.find_all<Entry>(where(col<&Entry::words> > 0))) == Strings{"b"});
  CHECK_FALSE(db.find_by_pk<Entry>(a.id).has_value());
  CHECK_FALSE(db.find_one<Entry>(where(col<&Entry::text> == "a")).has_value());
  CHECK(db.count<Entry>() == 1);
  CHECK(db.sum(col<&Entry::words>) == 5);
  auto page = db.find_and_count_all<Entry>(limit(10));
  CHECK(page.count == 1);
  CHECK(page.rows.size() == 1);
  Entry stale = a;
  CHECK_FALSE(db.reload(stale));

  // ... unless asked: with_deleted() reads every row, only_deleted() the deleted ones
  CHECK(texts(db.find_all<Entry>(with_deleted())) == Strings{"a", "b"});
  CHECK(texts(db.find_all<Entry>(only_deleted())) == Strings{"a"});
  CHECK(db.count<Entry>(with_deleted()) == 2);
  CHECK(db.count<Entry>(only_deleted(), where(col<&Entry::words> > 4)) == 0);
  CHECK(db.sum(col<&Entry::words>, with_deleted()) == 8);
  CHECK(db.find_and_count_all<Entry>(only_deleted()).count == 1);
  auto gone = db.find_one<Entry>(only_deleted());
  REQUIRE(gone);
  REQUIRE(gone->deleted_at.has_value());
  CHECK(*gone->deleted_at >= before - std::chrono::seconds(1));
  CHECK(gone->id == a.id);
  CHECK(b.id != a.id);

  // the row is still there, as raw SQL sees it
  CHECK(db.query<std::int64_t>("SELECT COUNT(*) FROM entries").front() == 2);
}

TEST_CASE("soft delete: includes, their EXISTS and related leave deleted rows out", "[softdelete]") {
  auto db = fresh_diaries();
  auto ann = db.create(Diary{.owner = "ann"});
  auto bob = db.create(Diary{.owner = "bob"});
  auto a = db.create(Entry{.diary_id = ann.id, .text = "a"});
  db.create(Entry{.diary_id = ann.id, .text = "b"});
  auto c = db.create(Entry{.diary_id = bob.id, .text = "c"});
  db.destroy(a);
  db.destroy(c);

  auto diaries = db.find_all<Diary>(include<&Diary::entries>(), order_by(col<&Diary::id>));
  REQUIRE(diaries.size() == 2);
  CHECK(texts(diaries[0].entries) == Strings{"b"});
  CHECK(diaries[1].entries.empty());

  auto all = db.find_all<Diary>(include<&Diary::entries>(with_deleted()), order_by(col<&Diary::id>));
  CHECK(texts(all[0].entries) == Strings{"a", "b"});
  CHECK(texts(all[1].entries) == Strings{"c"});
  auto only = db.find_all<Diary>(include<&Diary::entries>(only_deleted()), order_by(col<&Diary::id>));
  CHECK(texts(only[0].entries) == Strings{"a"});

  // required: bob's only entry is deleted, so bob has none
  auto with_entries = db.find_all<Diary>(include<&Diary::entries>(required));
  REQUIRE(with_entries.size() == 1);
  CHECK(with_entries[0].owner == "ann");
  CHECK(db.find_all<Diary>(include<&Diary::entries>(required, with_deleted())).size() == 2);
  CHECK(db.find_and_count_all<Diary>(include<&Diary::entries>(required)).count == 1);

  CHECK(texts(db.related<&Diary::entries>(ann)) == Strings{"b"});
  CHECK(db.count_related<&Diary::entries>(bob) == 0);
  CHECK(db.count_related<&Diary::entries>(bob, with_deleted()) == 1);

  // a deleted parent is left out of reads, its children are not deleted with it
  db.destroy(bob);
  CHECK(db.count<Diary>() == 1);
  CHECK(db.count<Entry>(with_deleted(), where(col<&Entry::diary_id> == bob.id)) == 1);
}

TEST_CASE("soft delete: destroy by where, force, and update of the live rows only", "[softdelete]") {
  auto db = fresh_diaries();
  auto d = db.create(Diary{.owner = "ann"});
  for (int i = 0; i < 4; ++i) db.create(Entry{.diary_id = d.id, .text = "e" + std::to_string(i), .words = i});

  CHECK(db.destroy<Entry>(where(col<&Entry::words> >= 2)) == 2);
  CHECK(db.count<Entry>() == 2);
  CHECK(db.destroy<Entry>(where(col<&Entry::words> >= 2)) == 0);  // deleted already
  CHECK(db.count<Entry>(only_deleted()) == 2);

  // update by where: the live rows, unless with_deleted()
  CHECK(db.update<Entry>(set(col<&Entry::text> = "live"), every_row) == 2);
  CHECK(db.update<Entry>(set(col<&Entry::words> = 9), every_row, with_deleted()) == 4);
  CHECK(db.count<Entry>(only_deleted(), where(col<&Entry::words> == 9)) == 2);

  // force: deletes, soft-deleted rows too
  auto live = db.find_all<Entry>(order_by(col<&Entry::id>));
  REQUIRE(live.size() == 2);
  CHECK(db.destroy(live[0], quarry::force));
  CHECK(db.count<Entry>(with_deleted()) == 3);
  CHECK(db.destroy<Entry>(where(col<&Entry::words> == 9), quarry::force) == 3);
  CHECK(db.count<Entry>(with_deleted()) == 0);
  CHECK(db.query<std::int64_t>("SELECT COUNT(*) FROM entries").front() == 0);
}

TEST_CASE("soft delete: restore brings rows back, with its hooks", "[softdelete]") {
  auto db = fresh_diaries();
  auto d = db.create(Diary{.owner = "ann"});
  auto a = db.create(Entry{.diary_id = d.id, .text = "a"});
  auto b = db.create(Entry{.diary_id = d.id, .text = "b"});
  db.destroy(a);
  db.destroy(b);

  auto gone = *db.find_one<Entry>(only_deleted(), where(col<&Entry::id> == a.id));
  REQUIRE(gone.deleted_at.has_value());
  CHECK(db.restore(gone));
  CHECK_FALSE(gone.deleted_at.has_value());  // the caller's row as stored
  CHECK_FALSE(db.restore(gone));             // it is not deleted
  CHECK(texts(db.find_all<Entry>()) == Strings{"a"});
  CHECK_FALSE(db.find_by_pk<Entry>(a.id)->deleted_at.has_value());

  CHECK(db.restore<Entry>(where(col<&Entry::text> == "b")) == 1);
  CHECK(db.restore<Entry>(every_row) == 0);
  CHECK(db.count<Entry>() == 2);

  // hooks: destroy's run on a soft delete, restore's on a restore
  auto s = db.create(Sticker{.label = "star"});
  auto t = db.create(Sticker{.label = "moon"});
  CHECK(db.destroy(s));
  CHECK(paranoid::calls.before_destroy == 1);
  CHECK(paranoid::calls.after_destroy == 1);
  CHECK(db.count<Sticker>() == 1);
  auto peeled = *db.find_one<Sticker>(only_deleted());
  REQUIRE(peeled.peeled_at.has_value());
  CHECK(db.restore(peeled));
  CHECK(paranoid::calls.before_restore == 1);
  CHECK(paranoid::calls.after_restore == 1);
  CHECK(peeled.label == "star (restored)");                     // the hook changed the caller's row...
  CHECK(db.find_by_pk<Sticker>(s.id)->label == "star");         // ...and restore wrote deleted_at only

  CHECK(db.destroy<Sticker>(every_row, quarry::individual_hooks) == 2);
  CHECK(paranoid::calls.before_destroy == 3);
  CHECK(paranoid::calls.after_destroy == 3);
  CHECK(paranoid::calls.bulk_destroy == 1);
  CHECK(db.restore<Sticker>(where(col<&Sticker::id> == t.id), quarry::individual_hooks) == 1);
  CHECK(paranoid::calls.before_restore == 2);
  CHECK(paranoid::calls.after_restore == 2);
  CHECK(db.count<Sticker>() == 1);

  // force deletes, with destroy's hooks
  paranoid::calls = {};
  auto again = *db.find_by_pk<Sticker>(t.id);
  CHECK(db.destroy(again, quarry::force));
  CHECK(paranoid::calls.before_destroy == 1);
  CHECK(paranoid::calls.after_destroy == 1);
  CHECK(db.count<Sticker>(with_deleted()) == 1);
}

TEST_CASE("soft delete: in a transaction, a rolled-back destroy leaves the row live", "[softdelete]") {
  auto db = fresh_diaries();
  auto d = db.create(Diary{.owner = "ann"});
  {
    auto tx = db.begin();
    CHECK(tx.destroy(d));
    CHECK(tx.count<Diary>() == 0);
    CHECK(tx.count<Diary>(with_deleted()) == 1);
  }  // rolled back
  CHECK(db.count<Diary>() == 1);
}

TEST_CASE("soft delete: set_related relinks a target whose join row was soft-deleted, without a duplicate",
          "[softdelete][associations]") {
  using paranoid::Magazine;
  using paranoid::Reader;
  using paranoid::Subscription;
  quarry::Database db{test::url()};
  db.sync<Magazine, Reader, Subscription>({.force = true});
  auto kim = db.create(Reader{.name = "Kim"});
  auto news = db.create(Magazine{.title = "News"});
  auto arts = db.create(Magazine{.title = "Arts"});
  db.add_related<&Reader::magazines>(kim, news);
  auto link = db.find_one<Subscription>(where(col<&Subscription::magazine_id> == news.id));
  REQUIRE(link);
  db.destroy(*link);  // soft: the row stays, reads no longer see it
  CHECK(db.count_related<&Reader::magazines>(kim) == 0);
  CHECK(db.count<Subscription>(with_deleted()) == 1);

  std::vector<Magazine> both{news, arts};
  db.set_related<&Reader::magazines>(kim, both);  // the hidden row would collide with a new one
  CHECK(db.count_related<&Reader::magazines>(kim) == 2);
  CHECK(db.count<Subscription>(with_deleted()) == 2);
  CHECK(db.count<Subscription>(only_deleted()) == 0);

  std::vector<Magazine> arts_only{arts};
  db.set_related<&Reader::magazines>(kim, arts_only);
  auto left = db.related<&Reader::magazines>(kim);
  REQUIRE(left.size() == 1);
  CHECK(left[0].title == "Arts");
  CHECK(db.count<Subscription>(with_deleted()) == 1);
}
