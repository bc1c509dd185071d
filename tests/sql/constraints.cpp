// Constraints added to and dropped from a table that exists (sql/constraint.hpp): the SQL of
// each kind on PostgreSQL and MySQL, and the CREATE TABLE text through which SQLite rebuilds a
// table with one constraint more or less.

#include <catch2/catch.hpp>

#include <quarry/sql/constraint.hpp>

#include "models.hpp"

using namespace golden;

namespace constraints_test {
sql::AddConstraint add(sql::ConstraintKind kind, std::vector<std::string> columns) {
  return {"books", "books_c", kind, std::move(columns), {}, {}};
}
}  // namespace constraints_test

TEST_CASE("constraints: ADD CONSTRAINT of each kind", "[sql][constraints]") {
  using constraints_test::add;
  using K = sql::ConstraintKind;
  CHECK(sql::render(dialect::postgres, add(K::unique, {"title", "author_id"})).sql ==
        R"(ALTER TABLE "books" ADD CONSTRAINT "books_c" UNIQUE ("title", "author_id"))");
  CHECK(sql::render(dialect::mysql, add(K::primary_key, {"id"})).sql ==
        "ALTER TABLE `books` ADD CONSTRAINT `books_c` PRIMARY KEY (`id`)");
  auto check = add(K::check, {});
  check.check = "stock >= 0";
  CHECK(sql::render(dialect::mysql, check).sql == "ALTER TABLE `books` ADD CONSTRAINT `books_c` CHECK (stock >= 0)");
  auto fk = add(K::foreign_key, {"author_id"});
  fk.references = {{}, {}, "authors", {"id"}, quarry::detail::Action::cascade, quarry::detail::Action::none};
  CHECK(sql::render(dialect::postgres, fk).sql ==
        R"(ALTER TABLE "books" ADD CONSTRAINT "books_c" FOREIGN KEY ("author_id") REFERENCES "authors" ("id") ON DELETE CASCADE)");
  CHECK(sql::constraint_definition(dialect::sqlite, fk) ==
        R"(CONSTRAINT "books_c" FOREIGN KEY ("author_id") REFERENCES "authors" ("id") ON DELETE CASCADE)");
  CHECK_THROWS_AS(sql::render(dialect::sqlite, fk), quarry::UnsupportedError);
}

TEST_CASE("constraints: DROP CONSTRAINT, and MySQL's statement of each kind", "[sql][constraints]") {
  using K = sql::ConstraintKind;
  CHECK(sql::render(dialect::postgres, sql::DropConstraint{"books", "books_c", K::unique}).sql ==
        R"(ALTER TABLE "books" DROP CONSTRAINT "books_c")");
  CHECK(sql::render(dialect::mysql, sql::DropConstraint{"books", "books_c", K::unique}).sql ==
        "ALTER TABLE `books` DROP INDEX `books_c`");
  CHECK(sql::render(dialect::mysql, sql::DropConstraint{"books", "books_c", K::foreign_key}).sql ==
        "ALTER TABLE `books` DROP FOREIGN KEY `books_c`");
  CHECK(sql::render(dialect::mysql, sql::DropConstraint{"books", "books_c", K::primary_key}).sql ==
        "ALTER TABLE `books` DROP PRIMARY KEY");
  CHECK(sql::render(dialect::mysql, sql::DropConstraint{"books", "books_c", K::check}).sql ==
        "ALTER TABLE `books` DROP CONSTRAINT `books_c`");
}

TEST_CASE("constraints: a CREATE TABLE's text split into its items, quotes, comments and parentheses kept whole",
          "[sql][constraints]") {
  auto t = sql::split_table("CREATE TABLE \"a (b\" (id INTEGER PRIMARY KEY, -- a, comment\n"
                            "  note TEXT DEFAULT 'x, (y', n NUMERIC(10, 2) CHECK (n > 0),\n"
                            "  CONSTRAINT [my key] UNIQUE (note, n), /* one, more */ CONSTRAINT \"c\"\"q\" CHECK (1)"
                            ") WITHOUT ROWID");
  REQUIRE(t);
  CHECK(t->head == "CREATE TABLE \"a (b\" ");
  CHECK(t->tail == ") WITHOUT ROWID");
  REQUIRE(t->items.size() == 5);
  CHECK(t->items[0] == "id INTEGER PRIMARY KEY");
  CHECK(t->items[1] == "-- a, comment\n  note TEXT DEFAULT 'x, (y'");
  CHECK(t->items[2] == "n NUMERIC(10, 2) CHECK (n > 0)");
  CHECK(sql::names_constraint(t->items[3], "MY KEY"));
  CHECK(!sql::names_constraint(t->items[3], "my"));
  CHECK(sql::names_constraint(t->items[4], "c\"q"));
  CHECK(!sql::names_constraint(t->items[2], "n"));
  CHECK(sql::names_constraint("constraint books_c check (x)", "books_c"));
  CHECK(!sql::names_constraint("constraints_x TEXT", "x"));
  // the item that defines a column, for change_column's rebuild: bare or quoted, any case, never
  // a table constraint
  CHECK(sql::defines_column(t->items[0], "id"));
  CHECK(sql::defines_column(t->items[1], "NOTE"));
  CHECK(!sql::defines_column(t->items[1], "not"));
  CHECK(sql::defines_column("\"a b\" TEXT", "a b"));
  CHECK(sql::defines_column("`x` INT", "x"));
  CHECK(sql::defines_column("[y] INT", "y"));
  CHECK(sql::defines_column("\"check\" INTEGER", "check"));  // quoted: a column named check
  CHECK(!sql::defines_column("CHECK (n > 0)", "check"));
  CHECK(!sql::defines_column("PRIMARY KEY (a, b)", "primary"));
  CHECK(!sql::defines_column("UNIQUE(a)", "unique"));
  CHECK(!sql::defines_column(t->items[3], "constraint"));
  CHECK(!sql::defines_column("\"open TEXT", "open"));
  // an enumeration's labels: MySQL's type text, SQLite's CHECK as quarry writes it
  CHECK(sql::enum_type_labels("ENUM('admin', 'member')") == std::vector<std::string>{"admin", "member"});
  CHECK(sql::enum_type_labels("enum('it''s','x, y')") == std::vector<std::string>{"it's", "x, y"});
  CHECK(!sql::enum_type_labels("VARCHAR(20)"));
  CHECK(!sql::enum_type_labels("ENUM('open"));
  CHECK(!sql::enum_type_labels("ENUM('a') NOT NULL"));
  CHECK(sql::check_labels(R"("role" TEXT NOT NULL DEFAULT 'member' CHECK ("role" IN ('admin', 'member')))", "role") ==
        std::vector<std::string>{"admin", "member"});
  CHECK(sql::check_labels(R"("a""b" TEXT CHECK ("a""b" IN ('x')))", "a\"b") == std::vector<std::string>{"x"});
  CHECK(!sql::check_labels(R"("role" TEXT CHECK (length(role) > 0))", "role"));
  CHECK(!sql::check_labels(R"("role" TEXT CHECK ("other" IN ('x')))", "role"));
  t->items.erase(t->items.begin() + 3);
  CHECK(t->joined() == "CREATE TABLE \"a (b\" (id INTEGER PRIMARY KEY, -- a, comment\n  note TEXT DEFAULT 'x, (y', "
                       "n NUMERIC(10, 2) CHECK (n > 0), /* one, more */ CONSTRAINT \"c\"\"q\" CHECK (1)) WITHOUT ROWID");
  // a -- comment at the end of the last item keeps its line break, so the ) stays outside it
  auto last = sql::split_table("CREATE TABLE t (a INTEGER -- the last\n)");
  REQUIRE(last);
  CHECK(last->items == std::vector<std::string>{"a INTEGER -- the last\n"});
  last->items.push_back("CONSTRAINT \"k\" CHECK (a > 0)");
  auto again = sql::split_table(last->joined());
  REQUIRE(again);
  CHECK(again->items.size() == 2);
  CHECK(!sql::split_table("CREATE TABLE t (a TEXT DEFAULT 'open"));
  CHECK(!sql::split_table("CREATE TABLE t (a (b)"));
  CHECK(!sql::split_table("CREATE TABLE t a) (b"));
}

TEST_CASE("constraints: the checks of an item of a table's text, and a condition unwrapped", "[sql][constraints]") {
  auto checks = sql::item_checks(R"("qty" INTEGER NOT NULL DEFAULT 2 CHECK (qty >= 0) CONSTRAINT "c" CHECK ( (qty < 10) ))");
  REQUIRE(checks.size() == 2);
  CHECK(checks[0].name.empty());
  CHECK(checks[0].condition == "qty >= 0");
  CHECK(checks[1].name == "c");
  CHECK(checks[1].condition == "qty < 10");
  auto quoted = sql::item_checks("CONSTRAINT [a b] CHECK (note <> 'CHECK (x)') -- CHECK (y)\n");
  REQUIRE(quoted.size() == 1);
  CHECK(quoted[0].name == "a b");
  CHECK(quoted[0].condition == "note <> 'CHECK (x)'");
  CHECK(sql::item_checks(R"("check" INTEGER DEFAULT (1))").empty());
  CHECK(sql::item_checks("checked INTEGER NOT NULL").empty());
  auto other = sql::item_checks("a INT CONSTRAINT nn NOT NULL CHECK (a > 0)");  // the name was NOT NULL's
  REQUIRE(other.size() == 1);
  CHECK(other[0].name.empty());
  CHECK(sql::item_checks("a INTEGER CHECK (a > '0)").empty());  // a quote not closed
  CHECK(sql::unwrapped(" ((a) + (b)) ") == "(a) + (b)");
  CHECK(sql::unwrapped("(a) + (b)") == "(a) + (b)");
  CHECK(sql::unwrapped("((price >= (0)::numeric))") == "price >= (0)::numeric");
}
