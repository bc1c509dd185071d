// Aggregates and projections: count/sum/min/max/avg, columns(...), group by and having.

#include <catch2/catch.hpp>

#include <type_traits>

#include "models.hpp"

using namespace golden;
using namespace quarry::dsl;
namespace query = quarry::query;
namespace ops = quarry::ops;

namespace {

constexpr unsigned projection_clauses = query::find_clauses | query::c_group | query::c_having | query::c_columns;

/// What Session::select<Book>(columns(...), clauses...) sends.
template <class Cols, class... C>
Rendered3 project_books(const Cols& cols, const C&... clauses) {
  sql::Select s;
  s.table = ops::model_info<Book>().table;
  query::apply_clause(s, cols);
  REQUIRE(query::apply_clauses<Book, projection_clauses>(s, clauses...));
  return render_all(s);
}

}  // namespace

TEST_CASE("aggregates: count(*)", "[sql][aggregate]") {
  auto r = project_books(columns(count()));
  CHECK(r.sqlite.sql == R"(SELECT COUNT(*) FROM "books")");
  CHECK(r.postgres.sql == R"(SELECT COUNT(*) FROM "books")");
  CHECK(r.mysql.sql == "SELECT COUNT(*) FROM `books`");
  CHECK(r.sqlite.params.empty());

  auto w = project_books(columns(count()), where(col<&Book::author_id> == 2));
  CHECK(w.sqlite.sql == R"(SELECT COUNT(*) FROM "books" WHERE "author_id" = ?)");
  CHECK(w.postgres.sql == R"(SELECT COUNT(*) FROM "books" WHERE "author_id" = $1)");
  CHECK(w.mysql.sql == "SELECT COUNT(*) FROM `books` WHERE `author_id` = ?");
  REQUIRE(w.sqlite.params.size() == 1);
  CHECK(std::get<std::int64_t>(w.sqlite.params[0]) == 2);
  CHECK(w.same_params());
}

TEST_CASE("aggregates: count, count distinct, sum, min, max and avg of columns", "[sql][aggregate]") {
  auto r = project_books(columns(count(col<&Book::subtitle>), count_distinct(col<&Book::author_id>),
                                 sum(col<&Book::price>), min(col<&Book::rating>), max(col<&Book::created_at>),
                                 avg(col<&Book::stock>)));
  CHECK(r.sqlite.sql ==
        R"(SELECT COUNT("subtitle"), COUNT(DISTINCT "author_id"), SUM("price"), MIN("rating"), MAX("created_at"), )"
        R"(AVG("stock") FROM "books")");
  CHECK(r.postgres.sql ==
        R"(SELECT COUNT("subtitle"), COUNT(DISTINCT "author_id"), SUM("price"), MIN("rating"), MAX("created_at"), )"
        R"(AVG("stock") FROM "books")");
  CHECK(r.mysql.sql ==
        "SELECT COUNT(`subtitle`), COUNT(DISTINCT `author_id`), SUM(`price`), MIN(`rating`), MAX(`created_at`), "
        "AVG(`stock`) FROM `books`");
  CHECK(r.sqlite.params.empty());
  CHECK(r.postgres.params.empty());
  CHECK(r.mysql.params.empty());
}

TEST_CASE("aggregates: the row type of a projection", "[sql][aggregate]") {
  using Row = decltype(columns(col<&Book::title>, count(), sum(col<&Book::stock>), sum(col<&Book::price>),
                               avg(col<&Book::stock>), avg(col<&Book::price>), min(col<&Book::title>),
                               max(col<&Book::subtitle>)))::row_type;
  STATIC_REQUIRE(std::is_same_v<Row, std::tuple<std::string, std::int64_t, std::optional<std::int64_t>,
                                                std::optional<quarry::Decimal>, std::optional<double>,
                                                std::optional<quarry::Decimal>, std::optional<std::string>,
                                                std::optional<std::string>>>);
}

TEST_CASE("aggregates: group by, having, order by an aggregate", "[sql][aggregate][group]") {
  auto r = project_books(columns(col<&Book::author_id>, count(), sum(col<&Book::price>)),
                         where(col<&Book::in_print> == true), group_by(col<&Book::author_id>),
                         having(count() > 1 && sum(col<&Book::price>) >= 100), order_by(desc(count())), limit(5));
  CHECK(r.sqlite.sql ==
        R"(SELECT "author_id", COUNT(*), SUM("price") FROM "books" WHERE "in_print" = ? GROUP BY "author_id" )"
        R"(HAVING COUNT(*) > ? AND SUM("price") >= ? ORDER BY COUNT(*) DESC LIMIT ?)");
  CHECK(r.postgres.sql ==
        R"(SELECT "author_id", COUNT(*), SUM("price") FROM "books" WHERE "in_print" = $1 GROUP BY "author_id" )"
        R"(HAVING COUNT(*) > $2 AND SUM("price") >= $3 ORDER BY COUNT(*) DESC LIMIT $4)");
  CHECK(r.mysql.sql ==
        "SELECT `author_id`, COUNT(*), SUM(`price`) FROM `books` WHERE `in_print` = ? GROUP BY `author_id` "
        "HAVING COUNT(*) > ? AND SUM(`price`) >= ? ORDER BY COUNT(*) DESC LIMIT ?");
  REQUIRE(r.sqlite.params.size() == 4);
  CHECK(std::get<bool>(r.sqlite.params[0]) == true);
  CHECK(std::get<std::int64_t>(r.sqlite.params[1]) == 1);
  CHECK(std::get<std::int64_t>(r.sqlite.params[2]) == 100);
  CHECK(std::get<std::int64_t>(r.sqlite.params[3]) == 5);
  CHECK(r.same_params());
}

TEST_CASE("aggregates: group by several columns, having with OR", "[sql][aggregate][group]") {
  auto r = project_books(columns(col<&Book::author_id>, col<&Book::in_print>, max(col<&Book::rating>)),
                         group_by(col<&Book::author_id>, col<&Book::in_print>),
                         having(max(col<&Book::rating>) > 4.0 || count() < 3),
                         order_by(col<&Book::author_id>, desc(max(col<&Book::rating>))));
  CHECK(r.sqlite.sql ==
        R"(SELECT "author_id", "in_print", MAX("rating") FROM "books" GROUP BY "author_id", "in_print" )"
        R"(HAVING MAX("rating") > ? OR COUNT(*) < ? ORDER BY "author_id" ASC, MAX("rating") DESC)");
  CHECK(r.postgres.sql ==
        R"(SELECT "author_id", "in_print", MAX("rating") FROM "books" GROUP BY "author_id", "in_print" )"
        R"(HAVING MAX("rating") > $1 OR COUNT(*) < $2 ORDER BY "author_id" ASC, MAX("rating") DESC)");
  CHECK(r.mysql.sql ==
        "SELECT `author_id`, `in_print`, MAX(`rating`) FROM `books` GROUP BY `author_id`, `in_print` "
        "HAVING MAX(`rating`) > ? OR COUNT(*) < ? ORDER BY `author_id` ASC, MAX(`rating`) DESC");
  REQUIRE(r.sqlite.params.size() == 2);
  CHECK(std::get<double>(r.sqlite.params[0]) == 4.0);
  CHECK(std::get<std::int64_t>(r.sqlite.params[1]) == 3);
  CHECK(r.same_params());
}

TEST_CASE("aggregates: a projection through select_rows replaces the column list", "[sql][aggregate]") {
  auto s = ops::select_rows<Book, projection_clauses>(columns(col<&Book::title>, col<&Book::price> * 2),
                                                        where(col<&Book::stock> < 1), distinct());
  auto r = render_all(s);
  CHECK(r.sqlite.sql == R"(SELECT DISTINCT "title", "price" * ? FROM "books" WHERE "stock" < ?)");
  CHECK(r.postgres.sql == R"(SELECT DISTINCT "title", "price" * $1 FROM "books" WHERE "stock" < $2)");
  CHECK(r.mysql.sql == "SELECT DISTINCT `title`, `price` * ? FROM `books` WHERE `stock` < ?");
  REQUIRE(r.sqlite.params.size() == 2);
  CHECK(std::get<std::int64_t>(r.sqlite.params[0]) == 2);
  CHECK(std::get<std::int64_t>(r.sqlite.params[1]) == 1);
}

TEST_CASE("aggregates: two having clauses are joined by AND, like two where clauses", "[sql][aggregate][group]") {
  auto r = project_books(columns(col<&Book::author_id>), group_by(col<&Book::author_id>), having(count() > 1),
                         having(sum(col<&Book::stock>) < 50));
  CHECK(r.sqlite.sql ==
        R"(SELECT "author_id" FROM "books" GROUP BY "author_id" HAVING COUNT(*) > ? AND SUM("stock") < ?)");
  CHECK(r.postgres.sql ==
        R"(SELECT "author_id" FROM "books" GROUP BY "author_id" HAVING COUNT(*) > $1 AND SUM("stock") < $2)");
  CHECK(r.mysql.sql == "SELECT `author_id` FROM `books` GROUP BY `author_id` HAVING COUNT(*) > ? AND SUM(`stock`) < ?");
  REQUIRE(r.sqlite.params.size() == 2);
  CHECK(std::get<std::int64_t>(r.sqlite.params[0]) == 1);
  CHECK(std::get<std::int64_t>(r.sqlite.params[1]) == 50);
}
