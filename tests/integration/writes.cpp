// Writes a Sequelize user expects: update and destroy that give back the rows they wrote,
// bulk_create that ignores or updates duplicates, find_or_build, and raw SQL with :name values.
#include "fixture.hpp"
#include "instrumented.hpp"

#include <algorithm>

using namespace quarry::dsl;
using test::Author;
using test::Book;
using test::dec;

namespace writes {
struct Item {
  std::int64_t id{};
  std::string name{};
  std::int32_t stock{};
  std::int64_t version{};                         // by convention: counted up by every update
  std::optional<quarry::Timestamp> deleted_at{};  // by convention: soft delete
  quarry::Timestamp created_at{}, updated_at{};
};

/// The rows by id, for comparisons that do not depend on the order a database returns them in.
template <class T>
std::vector<T> by_id(std::vector<T> rows) {
  std::sort(rows.begin(), rows.end(), [](const T& a, const T& b) { return a.id < b.id; });
  return rows;
}

quarry::Database items() {
  auto db = test::fresh();
  db.sync<Item>({.force = true});
  for (const char* name : {"a", "b", "c", "d"}) db.create(Item{.name = name, .stock = 2});
  return db;
}
}  // namespace writes

template <>
struct quarry::Model<writes::Item> {
  static constexpr auto fields = quarry::fields(quarry::field<&writes::Item::name>(quarry::size(50), quarry::unique));
};

using writes::Item;

TEST_CASE("update_returning gives back the rows it changed, as stored after it", "[writes][returning]") {
  auto db = writes::items();
  auto before = db.find_all<Item>(order_by(col<&Item::id>));
  auto changed = writes::by_id(db.update_returning<Item>(set(col<&Item::stock> = col<&Item::stock> - 1),
                                                          where(col<&Item::name> < "c")));
  REQUIRE(changed.size() == 2);
  CHECK(changed[0].name == "a");
  CHECK(changed[1].name == "b");
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(changed[i].id == before[i].id);
    CHECK(changed[i].stock == 1);
    CHECK(changed[i].version == before[i].version + 1);  // counted up, as update(set, where) does
    CHECK(changed[i].updated_at >= before[i].updated_at);
    CHECK(changed[i].created_at == before[i].created_at);
    auto stored = db.find_by_pk<Item>(changed[i].id);
    CHECK(stored->stock == 1);
    CHECK(stored->updated_at == changed[i].updated_at);
  }
  CHECK(db.find_one<Item>(where(col<&Item::name> == "c"))->stock == 2);
  // a where on the column it changes: the rows that matched before
  auto last = db.update_returning<Item>(set(col<&Item::stock> = 0), where(col<&Item::stock> == 1));
  CHECK(last.size() == 2);
  CHECK(db.update_returning<Item>(set(col<&Item::stock> = 5), where(col<&Item::name> == "none")).empty());
  CHECK(db.update_returning<Item>(set(col<&Item::stock> = 7), every_row).size() == 4);
}

TEST_CASE("update_returning leaves soft-deleted rows alone unless asked, and runs in a transaction",
          "[writes][returning]") {
  auto db = writes::items();
  CHECK(db.destroy<Item>(where(col<&Item::name> == "a")) == 1);
  CHECK(db.update_returning<Item>(set(col<&Item::stock> = 9), every_row).size() == 3);
  auto all = db.update_returning<Item>(set(col<&Item::stock> = 8), every_row, with_deleted());
  CHECK(all.size() == 4);
  db.transaction([&] {
    auto rows = db.update_returning<Item>(set(col<&Item::stock> = 1), where(col<&Item::name> == "b"));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].stock == 1);
  });
  CHECK(db.find_one<Item>(where(col<&Item::name> == "b"))->stock == 1);
  CHECK_THROWS_AS(db.transaction([&] {
    db.update_returning<Item>(set(col<&Item::stock> = 100), where(col<&Item::name> == "c"));
    throw std::runtime_error("undo");
  }), std::runtime_error);
  CHECK(db.find_one<Item>(where(col<&Item::name> == "c"))->stock == 8);
}

TEST_CASE("destroy_returning gives back the rows it destroyed", "[writes][returning]") {
  auto db = writes::items();
  // a soft delete: the rows as they are after it, deleted_at set
  auto soft = db.destroy_returning<Item>(where(col<&Item::name> == "a"));
  REQUIRE(soft.size() == 1);
  CHECK(soft[0].name == "a");
  CHECK(soft[0].deleted_at.has_value());
  CHECK(db.count<Item>() == 3);
  // force: deleted, the rows as they were
  auto gone = writes::by_id(db.destroy_returning<Item>(where(col<&Item::name> <= "b"), quarry::force));
  REQUIRE(gone.size() == 2);
  CHECK(gone[0].name == "a");
  CHECK(gone[0].deleted_at.has_value());
  CHECK(gone[1].name == "b");
  CHECK_FALSE(gone[1].deleted_at.has_value());
  CHECK(db.count<Item>(with_deleted()) == 2);
  // a model without deleted_at
  auto ada = db.create(Author{.name = "Ada"});
  db.bulk_create(std::vector<Book>{{.title = "x", .author_id = ada.id, .price = dec("1")},
                                   {.title = "y", .author_id = ada.id, .price = dec("2")}});
  auto books = db.destroy_returning<Book>(where(col<&Book::price> > 1));
  REQUIRE(books.size() == 1);
  CHECK(books[0].title == "y");
  CHECK(books[0].price == dec("2"));
  CHECK(db.count<Book>() == 1);
  CHECK(db.destroy_returning<Book>(where(col<&Book::title> == "none")).empty());
}

TEST_CASE("update_returning and destroy_returning emulated by key, as on MySQL 8, give the same rows",
          "[writes][returning]") {
  test::InstrumentedDriver instrumented;
  test::Instrumented::emulate_returning() = true;  // the emulation on every database
  auto db = writes::items();
  auto changed = writes::by_id(db.update_returning<Item>(set(col<&Item::stock> = col<&Item::stock> + 1),
                                                          where(col<&Item::name> >= "b")));
  REQUIRE(changed.size() == 3);
  CHECK(changed[0].name == "b");
  CHECK(changed[2].name == "d");
  CHECK(changed[0].stock == 3);
  CHECK(changed[0].version == 1);
  auto soft = db.destroy_returning<Item>(where(col<&Item::name> == "b"));
  REQUIRE(soft.size() == 1);
  CHECK(soft[0].deleted_at.has_value());
  auto gone = writes::by_id(db.destroy_returning<Item>(where(col<&Item::stock> > 2), quarry::force));
  REQUIRE(gone.size() == 3);
  CHECK(gone[0].name == "b");
  CHECK(gone[1].stock == 3);
  CHECK(db.count<Item>(with_deleted()) == 1);
  CHECK(db.destroy_returning<Item>(where(col<&Item::name> == "none"), quarry::force).empty());

  // a composite key: the rows found again by (a = ? AND b = ?) OR ...
  using test::Membership;
  db.bulk_create(std::vector<Membership>{{.group_id = 1, .user_id = 1, .role = "a", .rank = 1},
                                         {.group_id = 1, .user_id = 2, .role = "a", .rank = 2},
                                         {.group_id = 2, .user_id = 1, .role = "b", .rank = 1}});
  auto roles = db.update_returning<Membership>(set(col<&Membership::role> = "z"), where(col<&Membership::rank> == 1));
  REQUIRE(roles.size() == 2);
  CHECK(roles[0].role == "z");
  CHECK(roles[0].user_id == 1);
  auto left = db.destroy_returning<Membership>(where(col<&Membership::role> == "z"));
  CHECK(left.size() == 2);
  CHECK(db.count<Membership>() == 1);
}

TEST_CASE("update_returning and destroy_returning run the hooks update and destroy run", "[writes][returning][hooks]") {
  auto db = writes::items();
  std::vector<std::string> seen;
  auto record = [&seen](const char* what) {
    return [&seen, what](const quarry::HookEvent&, quarry::Session&) { seen.push_back(what); };
  };
  db.add_hook(quarry::before_bulk_update, record("before_bulk_update"));
  db.add_hook(quarry::after_bulk_update, record("after_bulk_update"));
  db.add_hook(quarry::after_update, record("after_update"));
  db.add_hook(quarry::before_bulk_destroy, record("before_bulk_destroy"));
  auto rows = db.update_returning<Item>(set(col<&Item::stock> = 3), where(col<&Item::name> < "c"),
                                        quarry::individual_hooks);
  CHECK(rows.size() == 2);
  CHECK(seen == std::vector<std::string>{"before_bulk_update", "after_update", "after_update", "after_bulk_update"});
  seen.clear();
  CHECK(db.destroy_returning<Item>(where(col<&Item::name> == "d")).size() == 1);
  CHECK(seen == std::vector<std::string>{"before_bulk_destroy"});
}

TEST_CASE("bulk_create with ignore_duplicates keeps the stored rows and gives every row its key", "[writes][bulk]") {
  auto db = test::fresh();
  auto ada = db.create(Author{.name = "Ada", .email = "ada@example.com"});
  auto rows = db.bulk_create(std::vector<Author>{{.name = "Bob"}, {.name = "Ada", .email = "new@example.com"},
                                                 {.name = "Cy"}},
                             quarry::ignore_duplicates);
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].id == ada.id);  // the key of the row it clashed with
  CHECK(rows[0].id > 0);
  CHECK(rows[2].id > 0);
  CHECK(rows[0].id != rows[2].id);
  CHECK(db.find_by_pk<Author>(rows[0].id)->name == "Bob");
  CHECK(db.find_by_pk<Author>(rows[2].id)->name == "Cy");
  CHECK(db.find_by_pk<Author>(ada.id)->email == "ada@example.com");  // left as it was
  CHECK(db.count<Author>() == 3);
  // rows with keys clash on the key by default
  auto keyed = db.bulk_create(std::vector<Author>{{.id = ada.id, .name = "Other"}}, quarry::ignore_duplicates);
  CHECK(keyed[0].id == ada.id);
  CHECK(db.find_by_pk<Author>(ada.id)->name == "Ada");
  // rows without a key cannot clash on it: inserted, with their keys
  auto fresh = db.bulk_create(std::vector<Author>{{.name = "Di"}, {.id = ada.id, .name = "Ed"}},
                              quarry::ignore_duplicates, conflict_on(col<&Author::id>));
  CHECK(fresh[0].id > 0);
  CHECK(fresh[1].id == ada.id);
  CHECK(db.find_by_pk<Author>(fresh[0].id)->name == "Di");
  CHECK(db.find_by_pk<Author>(ada.id)->name == "Ada");
  // a clash that the conflict does not name is still an error (one on the key here); MySQL's
  // ON DUPLICATE KEY takes a clash with any unique key
  if (!test::on("mysql"))
      CHECK_THROWS_AS(db.bulk_create(std::vector<Author>{{.id = ada.id, .name = "Zed"}}, quarry::ignore_duplicates,
                                   conflict_on(col<&Author::name>)),
                    quarry::UniqueConstraintError);
}

TEST_CASE("bulk_create with update_on_duplicate updates the chosen columns of the stored rows", "[writes][bulk]") {
  auto db = test::fresh();
  auto ada = db.create(Author{.name = "Ada"});
  auto old = db.create(Book{.title = "Old", .author_id = ada.id, .price = dec("1"), .stock = 4, .isbn = "i-1"});
  auto rows = db.bulk_create(
      std::vector<Book>{{.title = "New", .author_id = ada.id, .price = dec("2"), .stock = 9, .isbn = "i-1"},
                        {.title = "Other", .author_id = ada.id, .price = dec("3"), .isbn = "i-2"}},
      update_on_duplicate(col<&Book::price>, col<&Book::stock>), conflict_on(col<&Book::isbn>));
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].id == old.id);
  CHECK(rows[1].id > old.id);
  auto stored = *db.find_by_pk<Book>(old.id);
  CHECK(stored.title == "Old");  // not named: as stored
  CHECK(stored.price == dec("2"));
  CHECK(stored.stock == 9);
  CHECK(db.count<Book>() == 2);
  // updated_at is updated with the columns named
  auto again = db.bulk_create(std::vector<Author>{{.name = "Ada", .email = "a@x"}},
                              update_on_duplicate(col<&Author::email>));
  auto ada_now = *db.find_by_pk<Author>(ada.id);
  CHECK(again[0].id == ada.id);
  CHECK(ada_now.email == "a@x");
  CHECK(ada_now.updated_at >= ada.updated_at);
  CHECK(ada_now.created_at == ada.created_at);
}

TEST_CASE("find_or_build finds a row, or builds one without saving it", "[writes]") {
  auto db = test::fresh();
  auto [built, was_built] = db.find_or_build(where(col<&Author::name> == "Ada"), Author{.name = "Ada"});
  CHECK(was_built);
  CHECK(built.id == 0);
  CHECK(db.count<Author>() == 0);
  auto [with_where, with_built] =
      db.find_or_build(where(col<&Author::name> == "Bo" && col<&Author::email> == "bo@x"), Author{.name = "x"});
  CHECK(with_built);
  CHECK(with_where.name == "Bo");  // the where's values go into the row built
  CHECK(with_where.email == "bo@x");
  auto ada = db.create(built);
  auto [found, found_built] = db.find_or_build(where(col<&Author::name> == "Ada"), Author{.name = "Ada"});
  CHECK_FALSE(found_built);
  CHECK(found.id == ada.id);
}

TEST_CASE("raw SQL with :name values on every dialect", "[writes][raw][named]") {
  auto db = test::fresh();
  auto ada = db.create(Author{.name = "Ada"});
  db.create(Book{.title = "A", .author_id = ada.id, .price = dec("5.50")});
  db.create(Book{.title = "B:c", .author_id = ada.id, .price = dec("50")});

  auto books = db.query<Book>("SELECT * FROM books WHERE price < :max AND author_id = :author ORDER BY title",
                              quarry::Named{{"max", 30}, {"author", ada.id}});
  REQUIRE(books.size() == 1);
  CHECK(books[0].title == "A");
  // a name used twice, and a ':' inside quotes
  auto titles = db.query<std::string>("SELECT title FROM books WHERE title = :t OR (title <> :t AND title = 'B:c') "
                                      "ORDER BY title",
                                      quarry::Named{{"t", "A"}});
  CHECK(titles == std::vector<std::string>{"A", "B:c"});
  CHECK(db.execute("UPDATE books SET stock = :n WHERE title = :title", {{"n", 3}, {"title", "A"}}) == 1);
  CHECK(db.find_one<Book>(where(col<&Book::title> == "A"))->stock == 3);
  // the value is bound, never spliced into the SQL
  CHECK(db.query<std::int64_t>("SELECT COUNT(*) FROM books WHERE title = :t", quarry::Named{{"t", "x' OR '1'='1"}}) ==
        std::vector<std::int64_t>{0});
  if (test::on("postgres"))
    CHECK(db.query<std::int64_t>("SELECT :n::bigint + 1", quarry::Named{{"n", 41}}) == std::vector<std::int64_t>{42});
  CHECK_THROWS_AS((db.query<Book>("SELECT * FROM books WHERE title = :title", quarry::Named{{"name", "A"}})),
                  quarry::QueryError);
}

namespace writes {
struct PacketNote {  // a model by convention: table packet_notes, body an unbounded text column
  std::int64_t id{};
  std::string body;
};
}  // namespace writes

TEST_CASE("a write that fails leaves its statement ready for the next, logged or not", "[writes][errors]") {
  for (bool logged : {false, true}) {
    CAPTURE(logged);
    auto db = writes::items();
    int entries = 0;
    if (logged) db.on_log([&](const quarry::LogEntry&) { ++entries; });
    auto a = *db.find_one<Item>(where(col<&Item::name> == "a"));
    // by where (a shape): the unique name clashes, then the same statement runs again
    CHECK_THROWS_AS(db.update<Item>(set(col<&Item::name> = "b"), where(col<&Item::id> == a.id)),
                    quarry::UniqueConstraintError);
    CHECK(db.update<Item>(set(col<&Item::name> = "z"), where(col<&Item::id> == a.id)) == 1);
    CHECK(db.update<Item>(set(col<&Item::stock> = 7), where(col<&Item::stock> == 2)) == 4);  // the count of rows changed
    CHECK(db.update<Item>(set(col<&Item::stock> = 7), where(col<&Item::id> == -1)) == 0);
    // by row (the update-by-key shape)
    a = *db.find_by_pk<Item>(a.id);
    a.name = "c";
    CHECK_THROWS_AS(db.update(a), quarry::UniqueConstraintError);
    a.name = "y";
    CHECK(db.update(a));
    CHECK(db.find_by_pk<Item>(a.id)->name == "y");
    CHECK(db.destroy(a));
    CHECK_FALSE(db.destroy(a));
    CHECK(db.count<Item>() == 3);
    CHECK((entries > 0) == logged);
  }
}

TEST_CASE("bulk_create splits rows whose text would pass the server's packet limit", "[writes][bulk]") {
  // 1100 rows of 20 KiB: a 1000-row statement would carry 20 MB of values, more than MariaDB's
  // default max_allowed_packet (16 MiB) lets through (the server drops the connection)
  auto db = test::fresh();
  db.sync<writes::PacketNote>({.force = true});
  std::vector<writes::PacketNote> notes(1100);
  for (std::size_t i = 0; i < notes.size(); ++i) notes[i].body.assign(20 * 1024, static_cast<char>('a' + i % 26));
  auto stored = db.bulk_create(std::move(notes));
  REQUIRE(stored.size() == 1100);
  CHECK(db.count<writes::PacketNote>() == 1100);
  for (std::size_t i : {std::size_t{0}, std::size_t{499}, std::size_t{1000}, std::size_t{1099}}) {
    auto back = db.find_by_pk<writes::PacketNote>(stored[i].id);  // each row's key is its own
    REQUIRE(back);
    CHECK(back->body.size() == 20 * 1024);
    CHECK(back->body[0] == static_cast<char>('a' + i % 26));
  }
  db.drop<writes::PacketNote>();
}
