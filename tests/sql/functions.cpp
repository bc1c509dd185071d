// SQL functions in typed expressions: each function's SQL on every dialect, in where, order_by,
// columns, group_by and set; fn<R>(...) with a checked name and sql<R>(...) with its ? numbered
// in the statement's own order.

#include <catch2/catch.hpp>

#include <string>

#include "models.hpp"

using namespace golden;
using namespace quarry::dsl;
namespace query = quarry::query;

namespace {

constexpr unsigned fn_clauses = query::find_clauses | query::c_group | query::c_having | query::c_columns;

/// SELECT e FROM books, for one expression e.
template <class E>
Rendered3 fn_one(const E& e) {
  sql::Select s;
  s.table = "books";
  REQUIRE(query::apply_clauses<Book, fn_clauses>(s, columns(e)));
  return render_all(s);
}

template <class... C>
Rendered3 fn_books(const C&... clauses) {
  sql::Select s;
  s.table = "books";
  REQUIRE(query::apply_clauses<Book, fn_clauses>(s, clauses...));
  return render_all(s);
}

/// The three renderings without their SELECT and FROM, to keep the golden strings short.
struct FnThree {
  std::string sqlite, postgres, mysql;
};
FnThree fn_bare(const Rendered3& r) {
  auto cut = [](const std::string& s) {
    auto from = s.rfind(" FROM ");
    return s.substr(7, from - 7);
  };
  return {cut(r.sqlite.sql), cut(r.postgres.sql), cut(r.mysql.sql)};
}

}  // namespace


TEST_CASE("functions: lower, upper, trim and length of text", "[sql][functions]") {
  auto r = fn_bare(fn_one(lower(col<&Book::title>)));
  CHECK(r.sqlite == R"(LOWER("title"))");
  CHECK(r.postgres == R"(LOWER("title"))");
  CHECK(r.mysql == "LOWER(`title`)");
  CHECK(fn_bare(fn_one(upper(col<&Book::subtitle>))).mysql == "UPPER(`subtitle`)");
  CHECK(fn_bare(fn_one(trim(col<&Book::title>))).postgres == R"(TRIM("title"))");
  auto n = fn_bare(fn_one(length(col<&Book::title>)));
  CHECK(n.sqlite == R"(LENGTH("title"))");
  CHECK(n.postgres == R"(LENGTH("title"))");
  CHECK(n.mysql == "CHAR_LENGTH(`title`)");  // LENGTH counts bytes there
  static_assert(std::is_same_v<decltype(lower(col<&Book::title>))::value_type, std::string>);
  static_assert(std::is_same_v<decltype(upper(col<&Book::subtitle>))::value_type, std::optional<std::string>>);
  static_assert(std::is_same_v<decltype(length(col<&Book::title>))::value_type, std::int64_t>);
  static_assert(std::is_same_v<decltype(length(col<&Book::subtitle>))::value_type, std::optional<std::int64_t>>);
}

TEST_CASE("functions: coalesce and nullif", "[sql][functions]") {
  auto r = fn_one(coalesce(col<&Book::subtitle>, col<&Book::title>, "none"));
  CHECK(fn_bare(r).sqlite == R"(COALESCE("subtitle", "title", ?))");
  CHECK(fn_bare(r).postgres == R"(COALESCE("subtitle", "title", $1))");
  CHECK(fn_bare(r).mysql == "COALESCE(`subtitle`, `title`, ?)");
  CHECK(std::get<std::string>(r.sqlite.params.at(0)) == "none");
  static_assert(std::is_same_v<decltype(coalesce(col<&Book::subtitle>, "x"))::value_type, std::string>);
  static_assert(std::is_same_v<decltype(coalesce(col<&Book::title>, col<&Book::subtitle>))::value_type, std::optional<std::string>>);
  static_assert(std::is_same_v<decltype(coalesce(col<&Book::price>, 0))::value_type, quarry::Decimal>);
  static_assert(std::is_same_v<decltype(coalesce(col<&Book::stock>, 1.5))::value_type, double>);
  auto n = fn_one(nullif(col<&Book::stock>, 0));
  CHECK(fn_bare(n).postgres == R"(NULLIF("stock", $1))");
  CHECK(fn_bare(n).mysql == "NULLIF(`stock`, ?)");
  static_assert(std::is_same_v<decltype(nullif(col<&Book::stock>, 0))::value_type, std::optional<std::int32_t>>);
}

TEST_CASE("functions: abs, round, ceil and floor keep the number's type", "[sql][functions]") {
  CHECK(fn_bare(fn_one(abs(col<&Book::stock>))).sqlite == R"(ABS("stock"))");
  auto r = fn_bare(fn_one(round(col<&Book::rating>)));
  CHECK(r.sqlite == R"(ROUND("rating"))");
  CHECK(r.postgres == R"(ROUND("rating"))");
  CHECK(r.mysql == "ROUND(`rating`)");
  auto to = fn_one(round(col<&Book::price>, 1));
  CHECK(fn_bare(to).sqlite == R"(ROUND("price", ?))");
  CHECK(fn_bare(to).postgres == R"(ROUND(CAST("price" AS NUMERIC), $1))");  // no ROUND(double precision, int)
  CHECK(fn_bare(to).mysql == "ROUND(`price`, ?)");
  auto c = fn_bare(fn_one(ceil(col<&Book::rating>)));
  CHECK(c.sqlite == R"(CEIL("rating"))");
  CHECK(c.postgres == R"(CEIL("rating"))");
  CHECK(c.mysql == "CEIL(`rating`)");
  CHECK(fn_bare(fn_one(floor(col<&Book::rating>))).mysql == "FLOOR(`rating`)");
  static_assert(std::is_same_v<decltype(abs(col<&Book::stock>))::value_type, std::int32_t>);
  static_assert(std::is_same_v<decltype(round(col<&Book::price>, 1))::value_type, std::optional<quarry::Decimal>>);
  static_assert(std::is_same_v<decltype(ceil(col<&Book::rating>))::value_type, double>);
  static_assert(std::is_same_v<decltype(floor(col<&Book::price>))::value_type, std::optional<quarry::Decimal>>);
}

TEST_CASE("functions: concat and substring", "[sql][functions]") {
  auto r = fn_one(concat(col<&Book::title>, ": ", col<&Book::subtitle>));
  CHECK(fn_bare(r).sqlite == R"(("title" || ? || "subtitle"))");
  CHECK(fn_bare(r).postgres == R"(("title" || $1 || "subtitle"))");
  CHECK(fn_bare(r).mysql == "CONCAT(`title`, ?, `subtitle`)");
  static_assert(std::is_same_v<decltype(concat(col<&Book::title>, "x"))::value_type, std::string>);
  static_assert(std::is_same_v<decltype(concat(col<&Book::title>, col<&Book::subtitle>))::value_type, std::optional<std::string>>);
  auto s = fn_one(substring(col<&Book::title>, 2, 3));
  CHECK(fn_bare(s).sqlite == R"(SUBSTR("title", ?, ?))");
  CHECK(fn_bare(s).postgres == R"(SUBSTR("title", $1, $2))");
  CHECK(fn_bare(s).mysql == "SUBSTR(`title`, ?, ?)");
  CHECK(fn_bare(fn_one(substring(col<&Book::title>, 2))).postgres == R"(SUBSTR("title", $1))");
}

TEST_CASE("functions: now, current_date and extract, in UTC as timestamps are stored", "[sql][functions]") {
  auto r = fn_books(where(col<&Book::created_at> < now()));
  CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "created_at" < STRFTIME('%Y-%m-%d %H:%M:%f000', 'now'))");
  CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "created_at" < CURRENT_TIMESTAMP)");
  CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `created_at` < UTC_TIMESTAMP(6)");
  auto d = fn_bare(fn_one(current_date()));
  CHECK(d.sqlite == "CURRENT_DATE");
  CHECK(d.postgres == "CURRENT_DATE");
  CHECK(d.mysql == "UTC_DATE()");
  auto y = fn_bare(fn_one(extract(quarry::DatePart::year, col<&Book::created_at>)));
  CHECK(y.sqlite == R"(CAST(STRFTIME('%Y', "created_at") AS INTEGER))");
  CHECK(y.postgres == R"(CAST(EXTRACT(YEAR FROM "created_at") AS BIGINT))");
  CHECK(y.mysql == "EXTRACT(YEAR FROM `created_at`)");
  auto s = fn_bare(fn_one(extract(quarry::DatePart::second, col<&Book::created_at>)));
  CHECK(s.sqlite == R"(CAST(STRFTIME('%S', "created_at") AS INTEGER))");
  CHECK(s.postgres == R"(CAST(FLOOR(EXTRACT(SECOND FROM "created_at")) AS BIGINT))");
  CHECK(s.mysql == "EXTRACT(SECOND FROM `created_at`)");
  CHECK(fn_bare(fn_one(extract(quarry::DatePart::month, col<&Book::created_at>))).mysql == "EXTRACT(MONTH FROM `created_at`)");
  CHECK(fn_bare(fn_one(extract(quarry::DatePart::day, col<&Book::created_at>))).sqlite ==
        R"(CAST(STRFTIME('%d', "created_at") AS INTEGER))");
  CHECK(fn_bare(fn_one(extract(quarry::DatePart::hour, col<&Book::created_at>))).postgres ==
        R"(CAST(EXTRACT(HOUR FROM "created_at") AS BIGINT))");
  CHECK(fn_bare(fn_one(extract(quarry::DatePart::minute, col<&Book::created_at>))).sqlite ==
        R"(CAST(STRFTIME('%M', "created_at") AS INTEGER))");
  static_assert(std::is_same_v<decltype(now())::value_type, quarry::Timestamp>);
  static_assert(std::is_same_v<decltype(current_date())::value_type, quarry::Date>);
}

TEST_CASE("functions: cast to an integer, a double, text and a decimal", "[sql][functions]") {
  auto i = fn_bare(fn_one(cast<std::int64_t>(col<&Book::rating>)));
  CHECK(i.sqlite == R"(CAST("rating" AS INTEGER))");
  CHECK(i.postgres == R"(CAST("rating" AS BIGINT))");
  CHECK(i.mysql == "CAST(`rating` AS SIGNED)");
  auto f = fn_bare(fn_one(cast<double>(col<&Book::stock>)));
  CHECK(f.sqlite == R"(CAST("stock" AS REAL))");
  CHECK(f.postgres == R"(CAST("stock" AS DOUBLE PRECISION))");
  CHECK(f.mysql == "CAST(`stock` AS DOUBLE)");
  auto t = fn_bare(fn_one(cast<std::string>(col<&Book::stock>)));
  CHECK(t.sqlite == R"(CAST("stock" AS TEXT))");
  CHECK(t.postgres == R"(CAST("stock" AS TEXT))");
  CHECK(t.mysql == "CAST(`stock` AS CHAR)");
  auto d = fn_bare(fn_one(cast<quarry::Decimal>(col<&Book::rating>)));
  CHECK(d.sqlite == R"(CAST("rating" AS NUMERIC))");
  CHECK(d.postgres == R"(CAST("rating" AS NUMERIC))");
  CHECK(d.mysql == "CAST(`rating` AS DECIMAL(65, 30))");
  static_assert(std::is_same_v<decltype(cast<std::string>(col<&Book::price>))::value_type, std::optional<std::string>>);
}

TEST_CASE("functions: in where, order_by, group_by, having and set", "[sql][functions]") {
  auto r = fn_books(where(lower(col<&Book::title>) == "dune"), order_by(desc(length(col<&Book::title>))));
  CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE LOWER("title") = ? ORDER BY LENGTH("title") DESC)");
  CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE LOWER("title") = $1 ORDER BY LENGTH("title") DESC)");
  CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE LOWER(`title`) = ? ORDER BY CHAR_LENGTH(`title`) DESC");
  auto g = fn_books(columns(upper(col<&Book::title>), count()), group_by(upper(col<&Book::title>)),
                 having(max(length(col<&Book::title>)) > 3));
  CHECK(g.postgres.sql == R"(SELECT UPPER("title"), COUNT(*) FROM "books" GROUP BY UPPER("title") )"
                          R"(HAVING MAX(LENGTH("title")) > $1)");
  auto set_clause = set(col<&Book::title> = trim(col<&Book::title>), col<&Book::stock> = abs(col<&Book::stock>));
  sql::Update u;
  u.table = "books";
  u.set = set_clause.lower();
  auto s = render_all(u);
  CHECK(s.sqlite.sql == R"(UPDATE "books" SET "title" = TRIM("title"), "stock" = ABS("stock"))");
  CHECK(s.mysql.sql == "UPDATE `books` SET `title` = TRIM(`title`), `stock` = ABS(`stock`)");
}

TEST_CASE("functions: a function of an aggregate is an aggregate", "[sql][functions]") {
  static_assert(decltype(abs(sum(col<&Book::stock>)))::aggregate);
  static_assert(!decltype(abs(col<&Book::stock>))::aggregate);
  static_assert(decltype(coalesce(sum(col<&Book::stock>), 0))::aggregate);
  auto r = fn_books(columns(col<&Book::author_id>, coalesce(sum(col<&Book::stock>), 0)), group_by(col<&Book::author_id>));
  CHECK(r.mysql.sql == "SELECT `author_id`, COALESCE(SUM(`stock`), ?) FROM `books` GROUP BY `author_id`");
}

TEST_CASE("functions: fn<R> calls a function by its name, arguments bound", "[sql][functions]") {
  auto r = fn_books(where(fn<double>("similarity", col<&Book::title>, "dune") > 0.3));
  CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE similarity("title", ?) > ?)");
  CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE similarity("title", $1) > $2)");
  CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE similarity(`title`, ?) > ?");
  CHECK(fn_bare(fn_one(fn<std::string>("public.my_fn"))).postgres == "public.my_fn()");
  CHECK(fn_bare(fn_one(fn<std::int64_t>("f2", fn<std::int64_t>("g", col<&Book::stock>)))).mysql == "f2(g(`stock`))");
  for (std::string bad : {"", "drop table x; --", "a b", "1abc", "a.", ".a", "a..b", "f(", "\"f\"", "f'"})
    CHECK_THROWS_AS(fn<int>(bad), quarry::QueryError);
  sql::Select s;  // a node built by hand is checked when rendered too
  s.table = "books";
  s.columns.push_back(sql::Node::function(sql::Fn::named, {}, "x); DROP TABLE books; --"));
  CHECK_THROWS_AS(sql::render(quarry::dialect::postgres, s), quarry::QueryError);
}

TEST_CASE("functions: sql<R> raw fragments, their ? numbered in the statement's order", "[sql][functions]") {
  auto r = fn_books(where(col<&Book::stock> > 1 && quarry::dsl::sql<bool>("\"rating\" BETWEEN ? AND ?", 2, 4)),
                 limit(5));
  CHECK(r.sqlite.sql == R"(SELECT * FROM "books" WHERE "stock" > ? AND ("rating" BETWEEN ? AND ?) LIMIT ?)");
  CHECK(r.postgres.sql == R"(SELECT * FROM "books" WHERE "stock" > $1 AND ("rating" BETWEEN $2 AND $3) LIMIT $4)");
  CHECK(r.mysql.sql == "SELECT * FROM `books` WHERE `stock` > ? AND (\"rating\" BETWEEN ? AND ?) LIMIT ?");
  CHECK(r.same_params());
  REQUIRE(r.postgres.params.size() == 4);
  CHECK(std::get<std::int64_t>(r.postgres.params[2]) == 4);
  // a ? inside quotes is text; arguments may be expressions, in parentheses where they are binary
  auto q = fn_bare(fn_one(quarry::dsl::sql<std::string>("'?' || ? || ?", col<&Book::title>, col<&Book::stock> + 1)));
  CHECK(q.postgres == R"(('?' || "title" || ("stock" + $1)))");
  CHECK_THROWS_AS(quarry::dsl::sql<bool>("a = ? AND b = ?", 1), quarry::QueryError);
  CHECK_THROWS_AS(quarry::dsl::sql<bool>("a = 1", 1), quarry::QueryError);
}

TEST_CASE("functions: every function on every dialect", "[sql][functions]") {
  using quarry::DatePart;
  auto t = col<&Book::title>;
  auto r = col<&Book::rating>;
  auto at = col<&Book::created_at>;
  auto check = [](const FnThree& got, const char* sqlite, const char* postgres, const char* mysql) {
    CHECK(got.sqlite == sqlite);
    CHECK(got.postgres == postgres);
    CHECK(got.mysql == mysql);
  };
  check(fn_bare(fn_one(lower(t))), R"(LOWER("title"))", R"(LOWER("title"))", "LOWER(`title`)");
  check(fn_bare(fn_one(upper(t))), R"(UPPER("title"))", R"(UPPER("title"))", "UPPER(`title`)");
  check(fn_bare(fn_one(trim(t))), R"(TRIM("title"))", R"(TRIM("title"))", "TRIM(`title`)");
  check(fn_bare(fn_one(length(t))), R"(LENGTH("title"))", R"(LENGTH("title"))", "CHAR_LENGTH(`title`)");
  check(fn_bare(fn_one(coalesce(col<&Book::subtitle>, t))), R"(COALESCE("subtitle", "title"))",
        R"(COALESCE("subtitle", "title"))", "COALESCE(`subtitle`, `title`)");
  check(fn_bare(fn_one(nullif(t, col<&Book::subtitle>))), R"(NULLIF("title", "subtitle"))",
        R"(NULLIF("title", "subtitle"))", "NULLIF(`title`, `subtitle`)");
  check(fn_bare(fn_one(abs(r))), R"(ABS("rating"))", R"(ABS("rating"))", "ABS(`rating`)");
  check(fn_bare(fn_one(round(r))), R"(ROUND("rating"))", R"(ROUND("rating"))", "ROUND(`rating`)");
  check(fn_bare(fn_one(round(r, col<&Book::stock>))), R"(ROUND("rating", "stock"))",
        R"(ROUND(CAST("rating" AS NUMERIC), "stock"))", "ROUND(`rating`, `stock`)");
  check(fn_bare(fn_one(ceil(r))), R"(CEIL("rating"))", R"(CEIL("rating"))", "CEIL(`rating`)");
  check(fn_bare(fn_one(floor(r))), R"(FLOOR("rating"))", R"(FLOOR("rating"))", "FLOOR(`rating`)");
  check(fn_bare(fn_one(concat(t, col<&Book::subtitle>))), R"(("title" || "subtitle"))", R"(("title" || "subtitle"))",
        "CONCAT(`title`, `subtitle`)");
  check(fn_bare(fn_one(substring(t, col<&Book::stock>))), R"(SUBSTR("title", "stock"))", R"(SUBSTR("title", "stock"))",
        "SUBSTR(`title`, `stock`)");
  check(fn_bare(fn_one(substring(t, col<&Book::stock>, col<&Book::author_id>))), R"(SUBSTR("title", "stock", "author_id"))",
        R"(SUBSTR("title", "stock", "author_id"))", "SUBSTR(`title`, `stock`, `author_id`)");
  check(fn_bare(fn_one(now())), "STRFTIME('%Y-%m-%d %H:%M:%f000', 'now')", "CURRENT_TIMESTAMP", "UTC_TIMESTAMP(6)");
  check(fn_bare(fn_one(current_date())), "CURRENT_DATE", "CURRENT_DATE", "UTC_DATE()");
  check(fn_bare(fn_one(extract(DatePart::year, at))), R"(CAST(STRFTIME('%Y', "created_at") AS INTEGER))",
        R"(CAST(EXTRACT(YEAR FROM "created_at") AS BIGINT))", "EXTRACT(YEAR FROM `created_at`)");
  check(fn_bare(fn_one(extract(DatePart::month, at))), R"(CAST(STRFTIME('%m', "created_at") AS INTEGER))",
        R"(CAST(EXTRACT(MONTH FROM "created_at") AS BIGINT))", "EXTRACT(MONTH FROM `created_at`)");
  check(fn_bare(fn_one(extract(DatePart::day, at))), R"(CAST(STRFTIME('%d', "created_at") AS INTEGER))",
        R"(CAST(EXTRACT(DAY FROM "created_at") AS BIGINT))", "EXTRACT(DAY FROM `created_at`)");
  check(fn_bare(fn_one(extract(DatePart::hour, at))), R"(CAST(STRFTIME('%H', "created_at") AS INTEGER))",
        R"(CAST(EXTRACT(HOUR FROM "created_at") AS BIGINT))", "EXTRACT(HOUR FROM `created_at`)");
  check(fn_bare(fn_one(extract(DatePart::minute, at))), R"(CAST(STRFTIME('%M', "created_at") AS INTEGER))",
        R"(CAST(EXTRACT(MINUTE FROM "created_at") AS BIGINT))", "EXTRACT(MINUTE FROM `created_at`)");
  check(fn_bare(fn_one(extract(DatePart::second, at))), R"(CAST(STRFTIME('%S', "created_at") AS INTEGER))",
        R"(CAST(FLOOR(EXTRACT(SECOND FROM "created_at")) AS BIGINT))", "EXTRACT(SECOND FROM `created_at`)");
  check(fn_bare(fn_one(cast<std::int64_t>(t))), R"(CAST("title" AS INTEGER))", R"(CAST("title" AS BIGINT))",
        "CAST(`title` AS SIGNED)");
  check(fn_bare(fn_one(cast<double>(t))), R"(CAST("title" AS REAL))", R"(CAST("title" AS DOUBLE PRECISION))",
        "CAST(`title` AS DOUBLE)");
  check(fn_bare(fn_one(cast<std::string>(r))), R"(CAST("rating" AS TEXT))", R"(CAST("rating" AS TEXT))",
        "CAST(`rating` AS CHAR)");
  check(fn_bare(fn_one(cast<quarry::Decimal>(r))), R"(CAST("rating" AS NUMERIC))", R"(CAST("rating" AS NUMERIC))",
        "CAST(`rating` AS DECIMAL(65, 30))");
  check(fn_bare(fn_one(fn<double>("ln", r))), R"(ln("rating"))", R"(ln("rating"))", "ln(`rating`)");
  check(fn_bare(fn_one(quarry::dsl::sql<double>("? * 2", r))), R"(("rating" * 2))", R"(("rating" * 2))",
        "(`rating` * 2)");
  // nested: the inner function is an argument like any other
  check(fn_bare(fn_one(length(lower(trim(t))))), R"(LENGTH(LOWER(TRIM("title"))))", R"(LENGTH(LOWER(TRIM("title"))))",
        "CHAR_LENGTH(LOWER(TRIM(`title`)))");
}
