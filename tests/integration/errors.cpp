#include "fixture.hpp"

using namespace quarry::dsl;
using test::Author;
using test::Book;
using test::dec;

TEST_CASE("a unique violation names its columns and loses nothing", "[errors]") {
  auto db = test::fresh();
  db.create(Author{.name = "Ada"});
  try {
    db.create(Author{.name = "Ada"});
    FAIL("no exception");
  } catch (const quarry::UniqueConstraintError& e) {
    CHECK(e.columns() == std::vector<std::string>{"name"});
    CHECK(e.sql().find("INSERT INTO") != std::string::npos);
    CHECK(e.sql().find("Ada") == std::string::npos);  // values travel apart from the SQL
    CHECK(e.dialect() == db.dialect().name);
    CHECK((e.native_code() != 0 || !e.sqlstate().empty()));  // PostgreSQL has a SQLSTATE, the others a number
    CHECK_FALSE(e.native_message().empty());
  }
  CHECK(db.count<Author>() == 1);
}

TEST_CASE("foreign keys are enforced", "[errors]") {
  auto db = test::fresh();
  CHECK_THROWS_AS(db.create(Book{.title = "Orphan", .author_id = 42, .price = dec("1")}),
                  quarry::ForeignKeyConstraintError);
  auto ada = db.create(Author{.name = "Ada"});
  db.create(Book{.title = "A", .author_id = ada.id, .price = dec("1")});
  CHECK(db.destroy(ada));
  CHECK(db.count<Book>() == 0);  // on_delete cascade
}

TEST_CASE("not null and check constraints", "[errors]") {
  auto db = test::fresh();
  auto ada = db.create(Author{.name = "Ada"});
  CHECK_THROWS_AS(db.execute("INSERT INTO authors (name, created_at, updated_at) VALUES (?, ?, ?)",
                             std::optional<std::string>{}, quarry::now(), quarry::now()),
                  quarry::NotNullConstraintError);
  CHECK_THROWS_AS(db.create(Book{.title = "Negative", .author_id = ada.id, .price = dec("-1")}),
                  quarry::CheckConstraintError);
  CHECK(db.count<Book>() == 0);
}

namespace {
/// The error f throws, which must be an E.
template <class E, class F>
std::optional<E> thrown(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e;
  } catch (const std::exception& e) {
    FAIL("another exception: " << e.what());
  }
  FAIL("no exception");
  return std::nullopt;
}

/// What every error built from a server's answer carries, whatever its kind.
void check_built(const quarry::Error& e, const quarry::Database& db) {
  INFO(e.what());
  CHECK(e.dialect() == db.dialect().name);
  CHECK_FALSE(e.sql().empty());
  CHECK_FALSE(e.native_message().empty());
  std::string label = e.native_code() != 0 ? std::to_string(e.native_code()) : e.sqlstate();
  CHECK(std::string(e.what()) == "quarry: " + e.native_message() + " (" + e.dialect() + " " + label + ")");
}
}  // namespace

TEST_CASE("every constraint kind is classified and built the same way on each dialect", "[errors]") {
  auto db = test::fresh();
  auto ada = db.create(Author{.name = "Ada"});

  auto unique = thrown<quarry::UniqueConstraintError>([&] { db.create(Author{.name = "Ada"}); });
  REQUIRE(unique);
  check_built(*unique, db);
  CHECK(unique->columns() == std::vector<std::string>{"name"});

  auto foreign = thrown<quarry::ForeignKeyConstraintError>(
      [&] { db.create(Book{.title = "Orphan", .author_id = ada.id + 1000, .price = dec("1")}); });
  REQUIRE(foreign);
  check_built(*foreign, db);
  if (!test::on("sqlite")) CHECK_FALSE(foreign->constraint().empty());  // SQLite does not name the key

  auto not_null = thrown<quarry::NotNullConstraintError>([&] {
    db.execute("INSERT INTO authors (name, created_at, updated_at) VALUES (?, ?, ?)", std::optional<std::string>{},
               quarry::now(), quarry::now());
  });
  REQUIRE(not_null);
  check_built(*not_null, db);
  CHECK(not_null->columns() == std::vector<std::string>{"name"});

  auto check = thrown<quarry::CheckConstraintError>(
      [&] { db.create(Book{.title = "Negative", .author_id = ada.id, .price = dec("-1")}); });
  REQUIRE(check);
  check_built(*check, db);
  CHECK_FALSE(check->constraint().empty());

  auto syntax = thrown<quarry::DatabaseError>([&] { db.execute("SELEC 1"); });
  REQUIRE(syntax);
  check_built(*syntax, db);
  CHECK(db.count<Book>() == 0);
}

TEST_CASE("validation reports every failing field before anything is sent", "[errors]") {
  auto db = test::fresh();
  int statements = 0;
  db.on_log([&](const quarry::LogEntry&) { ++statements; });
  try {
    db.create(Author{.name = std::string(101, 'a'), .email = std::string(201, 'b')});
    FAIL("no exception");
  } catch (const quarry::ValidationError& e) {
    REQUIRE(e.errors().size() == 2);
    CHECK(e.errors()[0].field == "name");
    CHECK(e.errors()[1].field == "email");
  }
  CHECK(statements == 0);
  // 100 characters of 4 bytes each still fit size(100)
  std::string emoji;
  for (int i = 0; i < 100; ++i) emoji += "\xF0\x9F\x98\x80";
  CHECK_NOTHROW(db.create(Author{.name = emoji}));
  auto ada = db.find_one<Author>(where(col<&Author::name> == emoji));
  REQUIRE(ada);
  CHECK_THROWS_AS(db.create(Book{.title = "Big", .author_id = ada->id, .price = dec("123456789.00")}),
                  quarry::ValidationError);
}

TEST_CASE("a failed bulk_create leaves the database as it was", "[errors]") {
  auto db = test::fresh();
  auto ada = db.create(Author{.name = "Ada"});
  db.create(Book{.title = "Existing", .author_id = ada.id, .price = dec("1"), .isbn = "dup"});
  std::vector<Book> rows;
  for (int i = 0; i < 3000; ++i) rows.push_back(Book{.title = "T", .author_id = ada.id, .price = dec("1")});
  rows.back().isbn = "dup";  // the last chunk clashes
  CHECK_THROWS_AS(db.bulk_create(rows), quarry::UniqueConstraintError);
  CHECK(db.count<Book>() == 1);

  rows.back().isbn = std::nullopt;
  rows[5].title = std::string(300, 'x');
  rows[9].price = dec("-1");
  try {
    db.bulk_create(rows);
    FAIL("no exception");
  } catch (const quarry::ValidationError& e) {
    REQUIRE(e.errors().size() == 1);
    CHECK(e.errors()[0].field == "[5].title");
  }
  CHECK(db.count<Book>() == 1);
}

TEST_CASE("a failed save or update leaves the row as it was", "[errors]") {
  auto db = test::fresh();
  auto ada = db.create(Author{.name = "Ada"});
  auto bob = db.create(Author{.name = "Bob"});
  bob.name = "Ada";
  CHECK_THROWS_AS(db.save(bob), quarry::UniqueConstraintError);
  CHECK(db.find_by_pk<Author>(bob.id)->name == "Bob");
  CHECK_THROWS_AS(db.update<Author>(set(col<&Author::name> = "Ada"), where(col<&Author::id> == bob.id)),
                  quarry::UniqueConstraintError);
  CHECK(db.find_by_pk<Author>(ada.id)->name == "Ada");
}

TEST_CASE("a cached query reads right after its table is made again with other column types", "[errors]") {
  auto db = test::fresh();
  auto make = [&](const char* type, const char* value) {
    db.execute("DROP TABLE IF EXISTS shifting");
    db.execute(std::string("CREATE TABLE shifting (id INTEGER PRIMARY KEY, v ") + type + ")");
    db.execute(std::string("INSERT INTO shifting (id, v) VALUES (1, ") + value + ")");  // a constant of the test
  };
  const char* select = "SELECT id, v FROM shifting";
  make("INTEGER", "5");
  auto before = db.query<std::tuple<std::int64_t, std::int64_t>>(select);
  REQUIRE(before.size() == 1);
  CHECK(std::get<1>(before[0]) == 5);
  // the same text finds the statement prepared for the old table
  make("VARCHAR(20)", "'seven'");
  auto after = db.query<std::tuple<std::int64_t, std::string>>(select);
  REQUIRE(after.size() == 1);
  CHECK(std::get<1>(after[0]) == "seven");
  db.execute("DROP TABLE shifting");
}

TEST_CASE("bad SQL is a DatabaseError carrying the SQL", "[errors]") {
  auto db = test::fresh();
  try {
    db.execute("SELECT nonsense FROM nowhere WHERE x = ?", 1);
    FAIL("no exception");
  } catch (const quarry::DatabaseError& e) {
    CHECK(e.sql().find("nowhere") != std::string::npos);
    CHECK_FALSE(e.native_message().empty());
  }
  // the connection is still good afterwards
  CHECK(db.count<Author>() == 0);
}

TEST_CASE("bad URLs and unknown schemes are ConfigErrors", "[errors]") {
  CHECK_THROWS_AS(quarry::Database{""}, quarry::ConfigError);
  CHECK_THROWS_AS(quarry::Database{"no scheme"}, quarry::ConfigError);
  CHECK_THROWS_AS(quarry::Database{"sqlite:"}, quarry::ConfigError);
  CHECK_THROWS_AS(quarry::Database{"sqlite:x.db?busy_timeout=soon"}, quarry::ConfigError);
  CHECK_THROWS_AS(quarry::Database{"sqlite:x.db?mode=sideways"}, quarry::ConfigError);
  CHECK_THROWS_WITH(quarry::Database{"oracle://scott:tiger@host/db"},
                    Catch::Contains("no driver for 'oracle:'") && !Catch::Contains("tiger"));
  CHECK_THROWS_AS(quarry::Database{"sqlite:///nonexistent-dir/sub/x.db"}, quarry::ConnectionError);
  CHECK_THROWS_AS(quarry::Database{"sqlite:missing.db?mode=rw"}, quarry::ConnectionError);
}
