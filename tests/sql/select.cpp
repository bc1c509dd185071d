// SELECT: every where operator, the parentheses of and/or/not, ordering, limit and offset,
// distinct, row locks, and the guarantee that values travel as parameters only.

#include <catch2/catch.hpp>

#include <vector>

#include <quarry/dialect/postgres_binary.hpp>

#include "models.hpp"

using namespace golden;
using namespace quarry::dsl;
namespace query = quarry::query;
namespace ops = quarry::ops;

namespace {

constexpr unsigned every_clause = query::find_clauses | query::c_group | query::c_having | query::c_columns;

/// SELECT * FROM books with the given clauses (no column list, so the golden strings stay short).
template <class... C>
Rendered3 books(const C&... clauses) {
  sql::Select s;
  s.table = "books";
  REQUIRE(query::apply_clauses<Book, every_clause>(s, clauses...));
  return render_all(s);
}

template <class... C>
sql::Select books_select(const C&... clauses) {
  sql::Select s;
  s.table = "books";
  query::apply_clauses<Book, every_clause>(s, clauses...);
  return s;
}

}  // namespace

TEST_CASE("select: every column of the model, in field order", "[sql][select]") {
  auto r = render_all(ops::select_rows<Book>());
  CHECK(r.sqlite.sql ==
        R"(SELECT "id", "title", "author_id", "price", "stock", "rating", "in_print", "subtitle", "created_at", )"
        R"("updated_at" FROM "books")");
  CHECK(r.postgres.sql ==
        R"(SELECT "id", "title", "author_id", "price", "stock", "rating", "in_print", "subtitle", "created_at", )"
        R"("updated_at" FROM "books")");
  CHECK(r.mysql.sql ==
        "SELECT `id`, `title`, `author_id`, `price`, `stock`, `rating`, `in_print`, `subtitle`, `created_at`, "
        "`updated_at` FROM `books`");
  CHECK(r.sqlite.params.empty());
  CHECK(r.postgres.params.empty());
  CHECK(r.mysql.params.empty());
}

TEST_CASE("select: a renamed column is selected by its column name", "[sql][select]") {
  auto r = render_all(ops::select_rows<Setting>(where(col<&Setting::note>.is_not_null())));
  CHECK(r.sqlite.sql ==
        R"(SELECT "id", "name", "enabled", "level", "quote", "seen", "remark" FROM "settings" WHERE "remark" IS NOT NULL)");
  CHECK(r.postgres.sql ==
        R"(SELECT "id", "name", "enabled", "level", "quote", "seen", "remark" FROM "settings" WHERE "remark" IS NOT NULL)");
  CHECK(r.mysql.sql ==
        "SELECT `id`, `name`, `enabled`, `level`, `quote`, `seen`, `remark` FROM `settings` WHERE `remark` IS NOT NULL");
}

TEST_CASE("select: where with each comparison operator", "[sql][select][where]") {
  SECTION("=") {
    auto r = books(where(col<&Book::author_id> == 7));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "author_id" = ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "author_id" = $1)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `author_id` = ?");
    REQUIRE(r.sqlite.params.size() == 1);
    CHECK(std::get<std::int64_t>(r.sqlite.params[0]) == 7);
    CHECK(r.same_params());
  }
  SECTION("<>") {
    auto r = books(where(col<&Book::stock> != 0));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "stock" <> ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "stock" <> $1)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `stock` <> ?");
    REQUIRE(r.sqlite.params.size() == 1);
    CHECK(std::get<std::int64_t>(r.sqlite.params[0]) == 0);
    CHECK(r.same_params());
  }
  SECTION("<") {
    auto r = books(where(col<&Book::price> < 30));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "price" < ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "price" < $1)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `price` < ?");
    REQUIRE(r.sqlite.params.size() == 1);
    CHECK(std::get<std::int64_t>(r.sqlite.params[0]) == 30);
    CHECK(r.same_params());
  }
  SECTION("<=") {
    auto r = books(where(col<&Book::rating> <= 4.5));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "rating" <= ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "rating" <= $1)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `rating` <= ?");
    REQUIRE(r.sqlite.params.size() == 1);
    CHECK(std::get<double>(r.sqlite.params[0]) == 4.5);
    CHECK(r.same_params());
  }
  SECTION(">") {
    auto r = books(where(col<&Book::stock> > 10));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "stock" > ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "stock" > $1)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `stock` > ?");
    REQUIRE(r.sqlite.params.size() == 1);
    CHECK(std::get<std::int64_t>(r.sqlite.params[0]) == 10);
    CHECK(r.same_params());
  }
  SECTION(">=") {
    auto r = books(where(col<&Book::price> >= quarry::Decimal("9.99")));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "price" >= ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "price" >= $1)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `price` >= ?");
    REQUIRE(r.sqlite.params.size() == 1);
    CHECK(std::get<quarry::Decimal>(r.sqlite.params[0]).to_string() == "9.99");
    CHECK(r.same_params());
  }
  SECTION("a bool value") {
    auto r = books(where(col<&Book::in_print> == true));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "in_print" = ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "in_print" = $1)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `in_print` = ?");
    REQUIRE(r.sqlite.params.size() == 1);
    CHECK(std::get<bool>(r.sqlite.params[0]) == true);
    CHECK(r.same_params());
  }
  SECTION("a bool column as the whole condition") {
    auto r = books(where(col<&Book::in_print>));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "in_print")");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "in_print")");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `in_print`");
    CHECK(r.sqlite.params.empty());
  }
  SECTION("a text value") {
    auto r = books(where(col<&Book::title> == "Dune"));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "title" = ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "title" = $1)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `title` = ?");
    REQUIRE(r.sqlite.params.size() == 1);
    CHECK(std::get<std::string>(r.sqlite.params[0]) == "Dune");
    CHECK(r.same_params());
  }
}

TEST_CASE("select: where with typed values of every kind binds them as they are", "[sql][select][where]") {
  using namespace std::chrono;
  const quarry::Timestamp at{microseconds{1'700'000'000'123'456}};
  const quarry::Date day = year{2024} / 2 / 29;
  const auto key = quarry::Uuid::parse("123e4567-e89b-12d3-a456-426614174000");
  sql::Select s;
  s.table = "everything";
  REQUIRE(query::apply_clauses<Everything, query::find_clauses>(
      s, where(col<&Everything::u64> == std::uint64_t{18'446'744'073'709'551'615u} && col<&Everything::at> >= at &&
               col<&Everything::day> < day && col<&Everything::key> == key &&
               col<&Everything::color> == Color::blue && col<&Everything::maybe> != 5)));
  auto r = render_all(s);
  CHECK(r.sqlite.sql ==
        R"(SELECT * FROM "everything" WHERE "u64" = ? AND "at" >= ? AND "day" < ? AND "key" = ? AND "color" = ? )"
        R"(AND "maybe" <> ?)");
  CHECK(r.postgres.sql ==
        R"(SELECT * FROM "everything" WHERE "u64" = $1 AND "at" >= $2 AND "day" < $3 AND "key" = $4 AND )"
        R"("color" = $5 AND "maybe" <> $6)");
  CHECK(r.mysql.sql ==
        "SELECT * FROM `everything` WHERE `u64` = ? AND `at` >= ? AND `day` < ? AND `key` = ? AND `color` = ? "
        "AND `maybe` <> ?");
  REQUIRE(r.sqlite.params.size() == 6);
  CHECK(std::get<std::uint64_t>(r.sqlite.params[0]) == 18'446'744'073'709'551'615u);
  CHECK(std::get<quarry::Timestamp>(r.sqlite.params[1]) == at);
  CHECK(std::get<quarry::Date>(r.sqlite.params[2]) == day);
  CHECK(std::get<quarry::Uuid>(r.sqlite.params[3]) == key);
  CHECK(std::get<std::int64_t>(r.sqlite.params[4]) == 3);  // an enum binds its underlying value
  CHECK(std::get<std::int64_t>(r.sqlite.params[5]) == 5);
  CHECK(r.same_params());
}

TEST_CASE("select: in and not in", "[sql][select][where]") {
  SECTION("in a list") {
    auto r = books(where(col<&Book::author_id>.in({1, 2, 3})));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "author_id" IN (?, ?, ?))");
    // PostgreSQL: one binary int8[] array, so that every number of values is one statement
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "author_id" = ANY($1::int8[]))");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `author_id` IN (?, ?, ?)");
    REQUIRE(r.sqlite.params.size() == 3);
    CHECK(std::get<std::int64_t>(r.sqlite.params[0]) == 1);
    CHECK(std::get<std::int64_t>(r.sqlite.params[1]) == 2);
    CHECK(std::get<std::int64_t>(r.sqlite.params[2]) == 3);
    CHECK(r.sqlite.params == r.mysql.params);
    REQUIRE(r.postgres.params.size() == 1);
    std::vector<sql::Value> keys{std::int64_t{1}, std::int64_t{2}, std::int64_t{3}};
    CHECK(std::get<quarry::Blob>(r.postgres.params[0]) == quarry::dialect::pg_binary::array(20, keys));
  }
  SECTION("not in a vector") {
    std::vector<std::string> titles{"A", "B"};
    auto r = books(where(col<&Book::title>.not_in(titles)));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "title" NOT IN (?, ?))");
    // PostgreSQL: one array literal, its type the column's
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "title" <> ALL($1))");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `title` NOT IN (?, ?)");
    REQUIRE(r.sqlite.params.size() == 2);
    CHECK(std::get<std::string>(r.sqlite.params[0]) == "A");
    CHECK(std::get<std::string>(r.sqlite.params[1]) == "B");
    CHECK(r.sqlite.params == r.mysql.params);
    REQUIRE(r.postgres.params.size() == 1);
    CHECK(std::get<std::string>(r.postgres.params[0]) == R"({"A","B"})");
  }
  SECTION("PostgreSQL: values that make no one array go as a list") {
    auto t = quarry::Timestamp{std::chrono::seconds{0}};
    auto times = books(where(col<&Book::created_at>.in({t, t})));  // times: a list, as the column's type reads them
    CHECK(times.postgres.sql == R"(SELECT * FROM "books" WHERE "created_at" IN ($1, $2))");
    auto big = books(where(col<&Book::author_id>.in({std::uint64_t{1}, std::uint64_t{1} << 63})));  // beyond int8
    CHECK(big.postgres.sql == R"(SELECT * FROM "books" WHERE "author_id" IN ($1, $2))");
    auto nulls = books(where(col<&Book::subtitle>.in({std::optional<std::string>{}, std::optional<std::string>{}})));
    CHECK(nulls.postgres.sql == R"(SELECT * FROM "books" WHERE "subtitle" = ANY($1))");
    CHECK(std::get<std::string>(nulls.postgres.params[0]) == "{NULL,NULL}");
    auto flags = books(where(col<&Book::in_print>.in({true, false}) && col<&Book::rating>.not_in({0.5})));
    CHECK(flags.postgres.sql == R"(SELECT * FROM "books" WHERE "in_print" = ANY($1) AND "rating" <> ALL($2))");
    CHECK(std::get<std::string>(flags.postgres.params[0]) == "{t,f}");
    CHECK(std::get<std::string>(flags.postgres.params[1]) == R"({"0.5"})");
  }
  SECTION("in an empty list matches nothing") {
    auto r = books(where(col<&Book::author_id>.in(std::vector<std::int64_t>{})));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE 1 = 0)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE 1 = 0)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE 1 = 0");
    CHECK(r.sqlite.params.empty());
    CHECK(r.postgres.params.empty());
    CHECK(r.mysql.params.empty());
  }
  SECTION("not in an empty list matches everything") {
    auto r = books(where(col<&Book::author_id>.not_in(std::vector<std::int64_t>{})));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE 1 = 1)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE 1 = 1)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE 1 = 1");
    CHECK(r.sqlite.params.empty());
  }
  SECTION("an empty list inside a larger condition keeps the rest and the numbering") {
    auto r = books(where((col<&Book::stock> > 1 && col<&Book::author_id>.in(std::vector<std::int64_t>{})) ||
                         col<&Book::stock> < 9));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE ("stock" > ? AND 1 = 0) OR "stock" < ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE ("stock" > $1 AND 1 = 0) OR "stock" < $2)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE (`stock` > ? AND 1 = 0) OR `stock` < ?");
    REQUIRE(r.sqlite.params.size() == 2);
    CHECK(std::get<std::int64_t>(r.sqlite.params[0]) == 1);
    CHECK(std::get<std::int64_t>(r.sqlite.params[1]) == 9);
  }
}

TEST_CASE("select: between and not between", "[sql][select][where]") {
  SECTION("between") {
    auto r = books(where(col<&Book::stock>.between(1, 10)));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "stock" BETWEEN ? AND ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "stock" BETWEEN $1 AND $2)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `stock` BETWEEN ? AND ?");
    REQUIRE(r.sqlite.params.size() == 2);
    CHECK(std::get<std::int64_t>(r.sqlite.params[0]) == 1);
    CHECK(std::get<std::int64_t>(r.sqlite.params[1]) == 10);
    CHECK(r.same_params());
  }
  SECTION("not between, joined with AND") {
    auto r = books(where(col<&Book::price>.not_between(quarry::Decimal("5"), quarry::Decimal("7.50")) &&
                         col<&Book::stock> > 0));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "price" NOT BETWEEN ? AND ? AND "stock" > ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "price" NOT BETWEEN $1 AND $2 AND "stock" > $3)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `price` NOT BETWEEN ? AND ? AND `stock` > ?");
    REQUIRE(r.sqlite.params.size() == 3);
    CHECK(std::get<quarry::Decimal>(r.sqlite.params[0]).to_string() == "5");
    CHECK(std::get<quarry::Decimal>(r.sqlite.params[1]).to_string() == "7.50");
    CHECK(std::get<std::int64_t>(r.sqlite.params[2]) == 0);
    CHECK(r.same_params());
  }
}

TEST_CASE("select: like, not like, ilike and not ilike", "[sql][select][where]") {
  SECTION("like") {
    auto r = books(where(col<&Book::title>.like("N%")));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "title" LIKE ? ESCAPE '\')");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "title" LIKE $1 ESCAPE E'\\')");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `title` LIKE ? ESCAPE CHAR(92)");
    REQUIRE(r.sqlite.params.size() == 1);
    CHECK(std::get<std::string>(r.sqlite.params[0]) == "N%");
    CHECK(r.same_params());
  }
  SECTION("not like") {
    auto r = books(where(col<&Book::title>.not_like("%draft%")));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "title" NOT LIKE ? ESCAPE '\')");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "title" NOT LIKE $1 ESCAPE E'\\')");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `title` NOT LIKE ? ESCAPE CHAR(92)");
    REQUIRE(r.sqlite.params.size() == 1);
    CHECK(std::get<std::string>(r.sqlite.params[0]) == "%draft%");
  }
  SECTION("ilike: ILIKE on PostgreSQL, LOWER(..) LIKE LOWER(..) elsewhere") {
    auto r = books(where(col<&Book::title>.ilike("dune%")));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE LOWER("title") LIKE LOWER(?) ESCAPE '\')");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "title" ILIKE $1 ESCAPE E'\\')");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE LOWER(`title`) LIKE LOWER(?) ESCAPE CHAR(92)");
    REQUIRE(r.sqlite.params.size() == 1);
    CHECK(std::get<std::string>(r.sqlite.params[0]) == "dune%");
    CHECK(r.same_params());
  }
  SECTION("not ilike, on an optional column, after another condition") {
    auto r = books(where(col<&Book::stock> > 0 && col<&Book::subtitle>.not_ilike("%VOL%")));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "stock" > ? AND LOWER("subtitle") NOT LIKE LOWER(?) ESCAPE '\')");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "stock" > $1 AND "subtitle" NOT ILIKE $2 ESCAPE E'\\')");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `stock` > ? AND LOWER(`subtitle`) NOT LIKE LOWER(?) ESCAPE CHAR(92)");
    REQUIRE(r.sqlite.params.size() == 2);
    CHECK(std::get<std::string>(r.sqlite.params[1]) == "%VOL%");
  }
}

TEST_CASE("select: regexp, not regexp, iregexp and not iregexp, case decided whatever the collation",
          "[sql][select][where]") {
  SECTION("regexp: ~ on PostgreSQL, REGEXP with (?-i) on MySQL, REGEXP on SQLite") {
    auto r = books(where(col<&Book::title>.regexp("^[A-Z]+$")));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "title" REGEXP ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "title" ~ $1)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `title` REGEXP CONCAT('(?-i)', ?)");
    REQUIRE(r.sqlite.params.size() == 1);
    CHECK(std::get<std::string>(r.sqlite.params[0]) == "^[A-Z]+$");
    CHECK(r.same_params());
  }
  SECTION("not regexp") {
    auto r = books(where(col<&Book::title>.not_regexp("d.ne")));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "title" NOT REGEXP ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "title" !~ $1)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `title` NOT REGEXP CONCAT('(?-i)', ?)");
    CHECK(r.same_params());
  }
  SECTION("iregexp: ~* on PostgreSQL, a leading (?i) on MySQL and SQLite") {
    auto r = books(where(col<&Book::title>.iregexp("^dune")));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "title" REGEXP ('(?i)' || ?))");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "title" ~* $1)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `title` REGEXP CONCAT('(?i)', ?)");
    REQUIRE(r.sqlite.params.size() == 1);
    CHECK(std::get<std::string>(r.sqlite.params[0]) == "^dune");
    CHECK(r.same_params());
  }
  SECTION("not iregexp, on an optional column, after another condition, and negated") {
    auto r = books(where(col<&Book::stock> > 0 && !col<&Book::subtitle>.not_iregexp("vol\\.? [0-9]")));
    CHECK(r.sqlite.sql ==
          R"(SELECT * FROM "books" WHERE "stock" > ? AND NOT ("subtitle" NOT REGEXP ('(?i)' || ?)))");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "stock" > $1 AND NOT ("subtitle" !~* $2))");
    CHECK(r.mysql.sql ==
          "SELECT * FROM `books` WHERE `stock` > ? AND NOT (`subtitle` NOT REGEXP CONCAT('(?i)', ?))");
    REQUIRE(r.sqlite.params.size() == 2);
    CHECK(std::get<std::string>(r.sqlite.params[1]) == "vol\\.? [0-9]");
  }
  SECTION("a pattern from another column binds nothing") {
    auto r = books(where(col<&Book::title>.iregexp(col<&Book::subtitle>)));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "title" REGEXP ('(?i)' || "subtitle"))");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "title" ~* "subtitle")");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `title` REGEXP CONCAT('(?i)', `subtitle`)");
    CHECK(r.sqlite.params.empty());
  }
  SECTION("an error about a pattern's value names its column where the operator stands before it") {
    auto r = books(where(col<&Book::title>.regexp("a") || col<&Book::title>.not_regexp("b") ||
                         col<&Book::subtitle>.iregexp("c") || col<&Book::subtitle>.not_iregexp("d")));
    for (std::size_t i = 0; i < 4; ++i)
      CHECK(sql::placeholder_column(r.postgres.sql, i) == (i < 2 ? "title" : "subtitle"));
    CHECK(sql::placeholder_column(r.sqlite.sql, 1) == "title");
    CHECK(sql::placeholder_column(r.mysql.sql, 0) == "parameter 1");  // inside CONCAT(...)
  }
}

TEST_CASE("select: is null and is not null", "[sql][select][where]") {
  auto r = books(where(col<&Book::subtitle>.is_null() || col<&Book::price>.is_not_null()));
  CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "subtitle" IS NULL OR "price" IS NOT NULL)");
  CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "subtitle" IS NULL OR "price" IS NOT NULL)");
  CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `subtitle` IS NULL OR `price` IS NOT NULL");
  CHECK(r.sqlite.params.empty());
  CHECK(r.postgres.params.empty());
  CHECK(r.mysql.params.empty());
}

TEST_CASE("select: a column compared with another column binds nothing", "[sql][select][where]") {
  auto r = books(where(col<&Book::created_at> < col<&Book::updated_at> && col<&Book::stock> >= col<&Book::author_id>));
  CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "created_at" < "updated_at" AND "stock" >= "author_id")");
  CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "created_at" < "updated_at" AND "stock" >= "author_id")");
  CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `created_at` < `updated_at` AND `stock` >= `author_id`");
  CHECK(r.sqlite.params.empty());
  CHECK(r.postgres.params.empty());
  CHECK(r.mysql.params.empty());
}

TEST_CASE("select: and, or and not take the parentheses their meaning needs", "[sql][select][where]") {
  auto a = col<&Book::stock> == 1;
  auto b = col<&Book::stock> == 2;
  auto c = col<&Book::stock> == 3;
  auto d = col<&Book::stock> == 4;

  SECTION("a AND b AND c: flat") {
    auto r = books(where(a && b && c));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "stock" = ? AND "stock" = ? AND "stock" = ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "stock" = $1 AND "stock" = $2 AND "stock" = $3)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `stock` = ? AND `stock` = ? AND `stock` = ?");
  }
  SECTION("a OR b OR c: flat") {
    auto r = books(where(a || b || c));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "stock" = ? OR "stock" = ? OR "stock" = ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "stock" = $1 OR "stock" = $2 OR "stock" = $3)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `stock` = ? OR `stock` = ? OR `stock` = ?");
  }
  SECTION("(a OR b) AND c: the OR is grouped") {
    auto r = books(where((a || b) && c));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE ("stock" = ? OR "stock" = ?) AND "stock" = ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE ("stock" = $1 OR "stock" = $2) AND "stock" = $3)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE (`stock` = ? OR `stock` = ?) AND `stock` = ?");
  }
  SECTION("a AND (b OR c): the OR is grouped") {
    auto r = books(where(a && (b || c)));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "stock" = ? AND ("stock" = ? OR "stock" = ?))");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "stock" = $1 AND ("stock" = $2 OR "stock" = $3))");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `stock` = ? AND (`stock` = ? OR `stock` = ?)");
  }
  SECTION("a OR b AND c: AND inside OR is grouped for the reader") {
    auto r = books(where(a || (b && c)));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "stock" = ? OR ("stock" = ? AND "stock" = ?))");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "stock" = $1 OR ("stock" = $2 AND "stock" = $3))");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `stock` = ? OR (`stock` = ? AND `stock` = ?)");
  }
  SECTION("(a OR b) AND (c OR d)") {
    auto r = books(where((a || b) && (c || d)));
    CHECK(r.sqlite.sql ==
          R"(SELECT * FROM "books" WHERE ("stock" = ? OR "stock" = ?) AND ("stock" = ? OR "stock" = ?))");
    CHECK(r.postgres.sql ==
          R"(SELECT * FROM "books" WHERE ("stock" = $1 OR "stock" = $2) AND ("stock" = $3 OR "stock" = $4))");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE (`stock` = ? OR `stock` = ?) AND (`stock` = ? OR `stock` = ?)");
    REQUIRE(r.sqlite.params.size() == 4);
    for (std::size_t i = 0; i < 4; ++i) CHECK(std::get<std::int64_t>(r.sqlite.params[i]) == std::int64_t(i + 1));
    CHECK(r.same_params());
  }
  SECTION("NOT of a comparison") {
    auto r = books(where(!a));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE NOT ("stock" = ?))");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE NOT ("stock" = $1))");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE NOT (`stock` = ?)");
  }
  SECTION("NOT (a AND b)") {
    auto r = books(where(!(a && b)));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE NOT ("stock" = ? AND "stock" = ?))");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE NOT ("stock" = $1 AND "stock" = $2))");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE NOT (`stock` = ? AND `stock` = ?)");
  }
  SECTION("NOT (a OR b) AND c") {
    auto r = books(where(!(a || b) && c));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE NOT ("stock" = ? OR "stock" = ?) AND "stock" = ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE NOT ("stock" = $1 OR "stock" = $2) AND "stock" = $3)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE NOT (`stock` = ? OR `stock` = ?) AND `stock` = ?");
  }
  SECTION("NOT of a bool column, of IS NULL and of LIKE") {
    auto r = books(where(!col<&Book::in_print> || !col<&Book::subtitle>.is_null() || !col<&Book::title>.like("A%")));
    CHECK(r.sqlite.sql ==
          R"(SELECT * FROM "books" WHERE NOT "in_print" OR NOT ("subtitle" IS NULL) OR NOT ("title" LIKE ? ESCAPE '\'))");
    CHECK(r.postgres.sql ==
          R"(SELECT * FROM "books" WHERE NOT "in_print" OR NOT ("subtitle" IS NULL) OR NOT ("title" LIKE $1 ESCAPE E'\\'))");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE NOT `in_print` OR NOT (`subtitle` IS NULL) OR NOT (`title` LIKE ? ESCAPE CHAR(92))");
  }
  SECTION("two where clauses are joined by AND, each keeping its own grouping") {
    auto r = books(where(a), where(b || c));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "stock" = ? AND ("stock" = ? OR "stock" = ?))");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "stock" = $1 AND ("stock" = $2 OR "stock" = $3))");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `stock` = ? AND (`stock` = ? OR `stock` = ?)");
    REQUIRE(r.sqlite.params.size() == 3);
    CHECK(std::get<std::int64_t>(r.sqlite.params[2]) == 3);
  }
}

TEST_CASE("select: arithmetic in a condition", "[sql][select][where]") {
  SECTION("operators of different precedence need no parentheses") {
    auto r = books(where(col<&Book::stock> + 5 > col<&Book::author_id> * 2));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "stock" + ? > "author_id" * ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "stock" + $1 > "author_id" * $2)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `stock` + ? > `author_id` * ?");
    REQUIRE(r.sqlite.params.size() == 2);
    CHECK(std::get<std::int64_t>(r.sqlite.params[0]) == 5);
    CHECK(std::get<std::int64_t>(r.sqlite.params[1]) == 2);
  }
  SECTION("a sum multiplied keeps its parentheses") {
    auto r = books(where((col<&Book::stock> + 1) * 2 < 10));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE ("stock" + ?) * ? < ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE ("stock" + $1) * $2 < $3)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE (`stock` + ?) * ? < ?");
  }
  SECTION("a difference on the right of a minus keeps its parentheses") {
    auto r = books(where(col<&Book::stock> - (col<&Book::author_id> - 1) >= 0));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "stock" - ("author_id" - ?) >= ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "stock" - ("author_id" - $1) >= $2)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `stock` - (`author_id` - ?) >= ?");
  }
  SECTION("division and modulo") {
    auto r = books(where(col<&Book::stock> % 2 == 0 || col<&Book::rating> / 2.0 > 1.5));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "stock" % ? = ? OR "rating" / ? > ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "stock" % $1 = $2 OR "rating" / $3 > $4)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `stock` % ? = ? OR `rating` / ? > ?");
    REQUIRE(r.sqlite.params.size() == 4);
    CHECK(std::get<double>(r.sqlite.params[2]) == 2.0);
    CHECK(std::get<double>(r.sqlite.params[3]) == 1.5);
  }
}

TEST_CASE("select: order by several columns", "[sql][select][order]") {
  auto r = books(order_by(desc(col<&Book::price>), col<&Book::title>, asc(col<&Book::id>)));
  CHECK(r.sqlite.sql == R"(SELECT * FROM "books" ORDER BY "price" DESC, "title" ASC, "id" ASC)");
  CHECK(r.postgres.sql == R"(SELECT * FROM "books" ORDER BY "price" DESC, "title" ASC, "id" ASC)");
  CHECK(r.mysql.sql == "SELECT * FROM `books` ORDER BY `price` DESC, `title` ASC, `id` ASC");
  CHECK(r.sqlite.params.empty());

  SECTION("two order_by clauses append their keys") {
    auto r2 = books(order_by(desc(col<&Book::stock>)), order_by(col<&Book::id>));
    CHECK(r2.sqlite.sql == R"(SELECT * FROM "books" ORDER BY "stock" DESC, "id" ASC)");
    CHECK(r2.postgres.sql == R"(SELECT * FROM "books" ORDER BY "stock" DESC, "id" ASC)");
    CHECK(r2.mysql.sql == "SELECT * FROM `books` ORDER BY `stock` DESC, `id` ASC");
  }
}

TEST_CASE("select: nulls first and last, native or by an IS NULL key before the column", "[sql][select][order]") {
  auto r = books(order_by(desc(col<&Book::price>).nulls_last(), asc(col<&Book::subtitle>).nulls_first()));
  CHECK(r.sqlite.sql == R"(SELECT * FROM "books" ORDER BY "price" DESC NULLS LAST, "subtitle" ASC NULLS FIRST)");
  CHECK(r.postgres.sql == R"(SELECT * FROM "books" ORDER BY "price" DESC NULLS LAST, "subtitle" ASC NULLS FIRST)");
  CHECK(r.mysql.sql ==
        "SELECT * FROM `books` ORDER BY `price` IS NULL ASC, `price` DESC, `subtitle` IS NULL DESC, `subtitle` ASC");

  SECTION("an expression with values binds them once per appearance, in order") {
    auto r2 = books(order_by(asc(col<&Book::stock> * 2).nulls_first()));
    CHECK(r2.postgres.sql == R"(SELECT * FROM "books" ORDER BY "stock" * $1 ASC NULLS FIRST)");
    CHECK(r2.mysql.sql == "SELECT * FROM `books` ORDER BY `stock` * ? IS NULL DESC, `stock` * ? ASC");
    CHECK(r2.mysql.params.size() == 2);
  }
}

TEST_CASE("select: random order, by the dialect's own function", "[sql][select][order]") {
  auto r = books(order_by(random_order()), limit(3));
  CHECK(r.sqlite.sql == R"(SELECT * FROM "books" ORDER BY RANDOM() ASC LIMIT ?)");
  CHECK(r.postgres.sql == R"(SELECT * FROM "books" ORDER BY RANDOM() ASC LIMIT $1)");
  CHECK(r.mysql.sql == "SELECT * FROM `books` ORDER BY RAND() ASC LIMIT ?");
}

TEST_CASE("select: limit and offset", "[sql][select][limit]") {
  SECTION("a negative count is a RangeError, before any SQL; unsigned and narrow counts are taken") {
    int n = -1;
    CHECK_THROWS_AS(limit(n), quarry::RangeError);
    CHECK_THROWS_WITH(limit(n), Catch::Matchers::Contains("quarry: limit(-1)"));
    CHECK_THROWS_AS(offset(std::int64_t{-5}), quarry::RangeError);
    CHECK_THROWS_WITH(offset(std::int64_t{-5}), Catch::Matchers::Contains("quarry: offset(-5)"));
    CHECK(limit(std::size_t{7}).n == 7);
    CHECK(offset(short{0}).n == 0);
  }
  SECTION("limit") {
    auto r = books(limit(10));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" LIMIT ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" LIMIT $1)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` LIMIT ?");
    REQUIRE(r.sqlite.params.size() == 1);
    CHECK(std::get<std::int64_t>(r.sqlite.params[0]) == 10);
    CHECK(r.same_params());
  }
  SECTION("limit and offset come after where's values") {
    auto r = books(offset(20), where(col<&Book::stock> > 3), limit(10), order_by(col<&Book::id>));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "stock" > ? ORDER BY "id" ASC LIMIT ? OFFSET ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "stock" > $1 ORDER BY "id" ASC LIMIT $2 OFFSET $3)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `stock` > ? ORDER BY `id` ASC LIMIT ? OFFSET ?");
    REQUIRE(r.sqlite.params.size() == 3);
    CHECK(std::get<std::int64_t>(r.sqlite.params[0]) == 3);
    CHECK(std::get<std::int64_t>(r.sqlite.params[1]) == 10);
    CHECK(std::get<std::int64_t>(r.sqlite.params[2]) == 20);
    CHECK(r.same_params());
  }
  SECTION("offset without limit: SQLite and MySQL need a LIMIT that means 'all'") {
    auto r = books(offset(5));
    CHECK(r.sqlite.sql == R"(SELECT * FROM "books" LIMIT -1 OFFSET ?)");
    CHECK(r.postgres.sql == R"(SELECT * FROM "books" OFFSET $1)");
    CHECK(r.mysql.sql == "SELECT * FROM `books` LIMIT 18446744073709551615 OFFSET ?");
    REQUIRE(r.sqlite.params.size() == 1);
    CHECK(std::get<std::int64_t>(r.sqlite.params[0]) == 5);
    CHECK(r.same_params());
  }
  SECTION("the full statement of a typed find") {
    auto r = render_all(ops::select_rows<Author>(where(col<&Author::name>.like("A%")), order_by(desc(col<&Author::id>)),
                                                   limit(2), offset(4)));
    CHECK(r.sqlite.sql == R"(SELECT "id", "name" FROM "authors" WHERE "name" LIKE ? ESCAPE '\' ORDER BY "id" DESC LIMIT ? OFFSET ?)");
    CHECK(r.postgres.sql ==
          R"(SELECT "id", "name" FROM "authors" WHERE "name" LIKE $1 ESCAPE E'\\' ORDER BY "id" DESC LIMIT $2 OFFSET $3)");
    CHECK(r.mysql.sql == "SELECT `id`, `name` FROM `authors` WHERE `name` LIKE ? ESCAPE CHAR(92) ORDER BY `id` DESC LIMIT ? OFFSET ?");
    REQUIRE(r.sqlite.params.size() == 3);
    CHECK(std::get<std::string>(r.sqlite.params[0]) == "A%");
    CHECK(std::get<std::int64_t>(r.sqlite.params[1]) == 2);
    CHECK(std::get<std::int64_t>(r.sqlite.params[2]) == 4);
  }
}

TEST_CASE("select: distinct", "[sql][select]") {
  auto r = books(distinct(), columns(col<&Book::author_id>, col<&Book::in_print>), where(col<&Book::stock> > 0));
  CHECK(r.sqlite.sql == R"(SELECT DISTINCT "author_id", "in_print" FROM "books" WHERE "stock" > ?)");
  CHECK(r.postgres.sql == R"(SELECT DISTINCT "author_id", "in_print" FROM "books" WHERE "stock" > $1)");
  CHECK(r.mysql.sql == "SELECT DISTINCT `author_id`, `in_print` FROM `books` WHERE `stock` > ?");

  auto all = render_all(ops::select_rows<Author>(distinct()));
  CHECK(all.sqlite.sql == R"(SELECT DISTINCT "id", "name" FROM "authors")");
  CHECK(all.postgres.sql == R"(SELECT DISTINCT "id", "name" FROM "authors")");
  CHECK(all.mysql.sql == "SELECT DISTINCT `id`, `name` FROM `authors`");
}

TEST_CASE("select: row locks", "[sql][select][lock]") {
  SECTION("for update") {
    auto s = books_select(where(col<&Book::id> == 1), for_update());
    CHECK(sql::render(dialect::postgres, s).sql == R"(SELECT * FROM "books" WHERE "id" = $1 FOR UPDATE)");
    CHECK(sql::render(dialect::mysql, s).sql == "SELECT * FROM `books` WHERE `id` = ? FOR UPDATE");
    CHECK_THROWS_AS(sql::render(dialect::sqlite, s), quarry::UnsupportedError);
    CHECK(std::get<std::int64_t>(sql::render(dialect::postgres, s).params.at(0)) == 1);
  }
  SECTION("for update nowait") {
    auto s = books_select(where(col<&Book::id> == 1), for_update().nowait());
    CHECK(sql::render(dialect::postgres, s).sql == R"(SELECT * FROM "books" WHERE "id" = $1 FOR UPDATE NOWAIT)");
    CHECK(sql::render(dialect::mysql, s).sql == "SELECT * FROM `books` WHERE `id` = ? FOR UPDATE NOWAIT");
    CHECK_THROWS_AS(sql::render(dialect::sqlite, s), quarry::UnsupportedError);
  }
  SECTION("for update skip locked, after limit") {
    auto s = books_select(order_by(col<&Book::id>), limit(5), for_update().skip_locked());
    CHECK(sql::render(dialect::postgres, s).sql ==
          R"(SELECT * FROM "books" ORDER BY "id" ASC LIMIT $1 FOR UPDATE SKIP LOCKED)");
    CHECK(sql::render(dialect::mysql, s).sql == "SELECT * FROM `books` ORDER BY `id` ASC LIMIT ? FOR UPDATE SKIP LOCKED");
    CHECK_THROWS_AS(sql::render(dialect::sqlite, s), quarry::UnsupportedError);
  }
  SECTION("for share: LOCK IN SHARE MODE on MySQL") {
    auto s = books_select(where(col<&Book::id> == 1), for_share());
    CHECK(sql::render(dialect::postgres, s).sql == R"(SELECT * FROM "books" WHERE "id" = $1 FOR SHARE)");
    CHECK(sql::render(dialect::mysql, s).sql == "SELECT * FROM `books` WHERE `id` = ? LOCK IN SHARE MODE");
    CHECK_THROWS_AS(sql::render(dialect::sqlite, s), quarry::UnsupportedError);
  }
  SECTION("for share nowait") {
    auto s = books_select(where(col<&Book::id> == 1), for_share().nowait());
    CHECK(sql::render(dialect::postgres, s).sql == R"(SELECT * FROM "books" WHERE "id" = $1 FOR SHARE NOWAIT)");
    CHECK(sql::render(dialect::mysql, s).sql == "SELECT * FROM `books` WHERE `id` = ? LOCK IN SHARE MODE NOWAIT");
    CHECK_THROWS_AS(sql::render(dialect::sqlite, s), quarry::UnsupportedError);
  }
  SECTION("for share skip locked") {
    auto s = books_select(for_share().skip_locked());
    CHECK(sql::render(dialect::postgres, s).sql == R"(SELECT * FROM "books" FOR SHARE SKIP LOCKED)");
    CHECK(sql::render(dialect::mysql, s).sql == "SELECT * FROM `books` LOCK IN SHARE MODE SKIP LOCKED");
    CHECK_THROWS_AS(sql::render(dialect::sqlite, s), quarry::UnsupportedError);
  }
  SECTION("a typed find with a lock") {
    auto s = ops::select_rows<Author>(where(col<&Author::id> == 3), for_update());
    CHECK(sql::render(dialect::postgres, s).sql == R"(SELECT "id", "name" FROM "authors" WHERE "id" = $1 FOR UPDATE)");
    CHECK(sql::render(dialect::mysql, s).sql == "SELECT `id`, `name` FROM `authors` WHERE `id` = ? FOR UPDATE");
    CHECK_THROWS_AS(sql::render(dialect::sqlite, s), quarry::UnsupportedError);
  }
}

TEST_CASE("select: values never appear in the SQL text", "[sql][select][security]") {
  const std::string evil = "x'; DROP TABLE books; --";
  auto r = books(where(col<&Book::title> == evil || col<&Book::subtitle>.like(evil) ||
                       col<&Book::title>.in({evil, std::string("\"; --")})));
  CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "title" = ? OR "subtitle" LIKE ? ESCAPE '\' OR "title" IN (?, ?))");
  CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "title" = $1 OR "subtitle" LIKE $2 ESCAPE E'\\' OR "title" = ANY($3))");
  CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `title` = ? OR `subtitle` LIKE ? ESCAPE CHAR(92) OR `title` IN (?, ?)");
  for (const auto* one : {&r.sqlite, &r.postgres, &r.mysql}) {
    CHECK(one->sql.find("DROP") == std::string::npos);
    // the only literal is LIKE's escape character, the dialect's own
    auto text = one->sql;
    for (std::string_view escape : {" ESCAPE '\\'", " ESCAPE E'\\\\'"})
      if (auto at = text.find(escape); at != std::string::npos) text.erase(at, escape.size());
    CHECK(text.find('\'') == std::string::npos);
    CHECK(std::get<std::string>(one->params[0]) == evil);
    CHECK(std::get<std::string>(one->params[1]) == evil);
    if (one == &r.postgres) {  // the list as one array literal, each element quoted, " and \ escaped
      REQUIRE(one->params.size() == 3);
      CHECK(std::get<std::string>(one->params[2]) == R"({"x'; DROP TABLE books; --","\"; --"})");
      continue;
    }
    REQUIRE(one->params.size() == 4);
    CHECK(std::get<std::string>(one->params[2]) == evil);
    CHECK(std::get<std::string>(one->params[3]) == "\"; --");
  }
}

TEST_CASE("select: quote characters in names are escaped by doubling", "[sql][select][security]") {
  auto r = render_all(ops::select_rows<Weird>(where(col<&Weird::name> == "a"), order_by(col<&Weird::name>)));
  CHECK(r.sqlite.sql == R"(SELECT "id", "na""me`x" FROM "we""ird`s" WHERE "na""me`x" = ? ORDER BY "na""me`x" ASC)");
  CHECK(r.postgres.sql == R"(SELECT "id", "na""me`x" FROM "we""ird`s" WHERE "na""me`x" = $1 ORDER BY "na""me`x" ASC)");
  CHECK(r.mysql.sql == R"(SELECT `id`, `na"me``x` FROM `we"ird``s` WHERE `na"me``x` = ? ORDER BY `na"me``x` ASC)");
  REQUIRE(r.sqlite.params.size() == 1);
  CHECK(std::get<std::string>(r.sqlite.params[0]) == "a");

  sql::Select s;
  s.table = "t\"; DROP TABLE x; --";
  s.columns = {sql::Node::column("c`); DROP TABLE y; --", "t\"")};
  auto h = render_all(s);
  CHECK(h.sqlite.sql == R"(SELECT "t"""."c`); DROP TABLE y; --" FROM "t""; DROP TABLE x; --")");
  CHECK(h.postgres.sql == R"(SELECT "t"""."c`); DROP TABLE y; --" FROM "t""; DROP TABLE x; --")");
  CHECK(h.mysql.sql == R"(SELECT `t"`.`c``); DROP TABLE y; --` FROM `t"; DROP TABLE x; --`)");
}

TEST_CASE("select: starts_with, ends_with and contains match %, _ and \\ literally", "[sql][select][where]") {
  auto r = books(where(col<&Book::title>.starts_with("50%_a\\b") || col<&Book::title>.ends_with("_x") ||
                       col<&Book::title>.contains("100%")));
  CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "title" LIKE ? ESCAPE '\' OR "title" LIKE ? ESCAPE '\' )"
                        R"(OR "title" LIKE ? ESCAPE '\')");
  CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "title" LIKE $1 ESCAPE E'\\' OR "title" LIKE $2 ESCAPE E'\\' )"
                          R"(OR "title" LIKE $3 ESCAPE E'\\')");
  CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `title` LIKE ? ESCAPE CHAR(92) OR `title` LIKE ? ESCAPE CHAR(92) "
                       "OR `title` LIKE ? ESCAPE CHAR(92)");
  REQUIRE(r.sqlite.params.size() == 3);
  CHECK(std::get<std::string>(r.sqlite.params[0]) == R"(50\%\_a\\b%)");
  CHECK(std::get<std::string>(r.sqlite.params[1]) == R"(%\_x)");
  CHECK(std::get<std::string>(r.sqlite.params[2]) == R"(%100\%%)");
  CHECK(r.same_params());
  CHECK(quarry::escape_like("a%b_c\\d") == R"(a\%b\_c\\d)");
}

TEST_CASE("placeholder_column names the column a parameter belongs to", "[sql][errors]") {
  using quarry::sql::placeholder_column;
  CHECK(placeholder_column(R"(INSERT INTO "t" ("a", "b""c") VALUES ($1, $2), ($3, $4))", 3) == "b\"c");
  CHECK(placeholder_column(R"(INSERT INTO "t" ("a", "b") VALUES ($1, $2), ($3, $4))", 2) == "a");
  CHECK(placeholder_column("INSERT INTO `t` (`a`, `b`) VALUES (?, ?)", 1) == "b");
  CHECK(placeholder_column(R"(UPDATE "t" SET "a" = $1, "b" = $2 WHERE "id" = $3)", 1) == "b");
  CHECK(placeholder_column(R"(UPDATE "t" SET "a" = $1, "b" = $2 WHERE "id" = $3)", 2) == "id");
  CHECK(placeholder_column(R"(SELECT * FROM "t" WHERE "x" >= $1 AND "y" IN ($2, $3))", 2) == "y");
  CHECK(placeholder_column(R"(SELECT * FROM "t" WHERE "x" NOT LIKE $10 ESCAPE E'\\')", 9) == "x");
  CHECK(placeholder_column(R"(SELECT * FROM "t" WHERE "x" = $1 OR "z" = $10)", 0) == "x");
  CHECK(placeholder_column("INSERT INTO `((` (`x?`, `b`) VALUES (?, ?)", 1) == "b");  // quoted '?' and '(' are names
  CHECK(placeholder_column(R"(SELECT * FROM "t" WHERE "a" = '$1' AND "b" = $1)", 0) == "b");
  CHECK(placeholder_column("SELECT lower($1)", 0) == "parameter 1");
  CHECK(placeholder_column("SELECT 1", 4) == "parameter 5");
}
