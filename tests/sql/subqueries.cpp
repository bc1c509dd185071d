// Subqueries in SQL: in(...) and not_in(...) of a subquery, exists(...), scalar subqueries compared
// and read as columns, correlated by outer<...> (qualified by table, and an alias for a subquery on
// the query's own model), the read path's filter stage inside them, their parameters numbered in
// statement order, and MySQL's derived tables where it refuses a subquery as it is.

#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include <quarry/ops/subquery.hpp>

#include "models.hpp"

using namespace golden;
using namespace quarry::dsl;
namespace ops = quarry::ops;
namespace query = quarry::query;

namespace golden {
struct Memo {  // soft delete by convention, and a default scope
  std::int64_t id{};
  std::int64_t author_id{};
  bool pinned{};
  std::optional<quarry::Timestamp> deleted_at;
};
}  // namespace golden

template <>
struct quarry::Model<golden::Memo> {
  static auto default_scope() { return where(col<&golden::Memo::pinned> == true); }
};

namespace {

constexpr unsigned sub_select_clauses = query::find_clauses | query::c_group | query::c_having | query::c_columns;

/// What select<T>(columns(...), clauses...) sends: the read path's plan of the clauses.
template <class T, class... C>
Rendered3 sub_select(const C&... clauses) {
  sql::Select s;
  REQUIRE(query::apply_clauses<T, sub_select_clauses>(s, clauses...));
  return render_all(ops::plan(ops::model_info<T>(), std::move(s)));
}

/// What destroy<T>(where(...)) sends (without soft delete).
template <class T, class... C>
Rendered3 sub_delete(const C&... clauses) {
  return render_all(sql::Delete{ops::model_info<T>().table, ops::write_where<T>(clauses...)});
}

}  // namespace

TEST_CASE("subqueries: in(...) and not_in(...) of a subquery's one column", "[sql][subqueries]") {
  auto r = render_all(ops::rows<Author>(
      std::nullopt, where(col<&Author::id>.in(subquery<Book>(columns(col<&Book::author_id>), where(col<&Book::stock> > 0))))));
  CHECK(r.sqlite.sql ==
        R"(SELECT "id", "name" FROM "authors" WHERE "id" IN (SELECT "author_id" FROM "books" WHERE "stock" > ?))");
  CHECK(r.postgres.sql ==
        R"(SELECT "id", "name" FROM "authors" WHERE "id" IN (SELECT "author_id" FROM "books" WHERE "stock" > $1))");
  CHECK(r.mysql.sql ==
        "SELECT `id`, `name` FROM `authors` WHERE `id` IN (SELECT `author_id` FROM `books` WHERE `stock` > ?)");
  CHECK(r.sqlite.params == std::vector<sql::Value>{std::int64_t{0}});
  auto n = render_all(ops::rows<Author>(
      std::nullopt, where(col<&Author::id>.not_in(subquery<Book>(columns(col<&Book::author_id>))) || col<&Author::id> == 1)));
  CHECK(n.postgres.sql ==
        R"(SELECT "id", "name" FROM "authors" WHERE "id" NOT IN (SELECT "author_id" FROM "books") OR "id" = $1)");
  CHECK(n.mysql.sql == "SELECT `id`, `name` FROM `authors` WHERE `id` NOT IN (SELECT `author_id` FROM `books`) OR `id` = ?");
  // a subquery's column of a type comparable with the column's, as == allows: an int32 for an int64
  auto s = render_all(ops::rows<Author>(std::nullopt, where(col<&Author::id>.in(subquery<Book>(columns(col<&Book::stock>))))));
  CHECK(s.sqlite.sql == R"(SELECT "id", "name" FROM "authors" WHERE "id" IN (SELECT "stock" FROM "books"))");
}

TEST_CASE("subqueries: exists(...) and !exists(...), correlated by outer<...>", "[sql][subqueries]") {
  auto has_books = exists(subquery<Book>(where(col<&Book::author_id> == outer<&Author::id>)));
  static_assert(std::is_same_v<decltype(has_books), query::Expr<Author, bool>>);  // a condition on Author
  auto r = render_all(ops::rows<Author>(std::nullopt, where(has_books)));
  CHECK(r.sqlite.sql ==
        R"(SELECT "id", "name" FROM "authors" WHERE EXISTS (SELECT * FROM "books" WHERE "author_id" = "authors"."id"))");
  CHECK(r.postgres.sql ==
        R"(SELECT "id", "name" FROM "authors" WHERE EXISTS (SELECT * FROM "books" WHERE "author_id" = "authors"."id"))");
  CHECK(r.mysql.sql ==
        "SELECT `id`, `name` FROM `authors` WHERE EXISTS (SELECT * FROM `books` WHERE `author_id` = `authors`.`id`)");
  auto none = render_all(ops::rows<Author>(
      std::nullopt, where(col<&Author::name> != "x" &&
                          !exists(subquery<Book>(where(col<&Book::author_id> == outer<&Author::id> && col<&Book::stock> > 2))))));
  CHECK(none.postgres.sql == R"(SELECT "id", "name" FROM "authors" WHERE "name" <> $1 AND NOT EXISTS (SELECT * FROM )"
                             R"("books" WHERE "author_id" = "authors"."id" AND "stock" > $2))");
  CHECK(none.sqlite.params == std::vector<sql::Value>{std::string("x"), std::int64_t{2}});
  // uncorrelated: a condition of no model, true or false for every row alike
  static_assert(std::is_same_v<decltype(exists(subquery<Book>())), query::Expr<void, bool>>);
  CHECK(render_all(ops::count(ops::model_info<Author>(), where(exists(subquery<Book>())).node)).mysql.sql ==
        "SELECT COUNT(*) FROM `authors` WHERE EXISTS (SELECT * FROM `books`)");
}

TEST_CASE("subqueries: a scalar subquery compared, of R when it always has one row, else std::optional<R>",
          "[sql][subqueries]") {
  auto avg_price = subquery<Book>(columns(avg(col<&Book::price>)));
  static_assert(std::is_same_v<decltype(avg_price)::value_type, std::optional<quarry::Decimal>>);  // AVG's own NULL
  static_assert(std::is_same_v<decltype(subquery<Book>(columns(count())))::value_type, std::int64_t>);
  static_assert(std::is_same_v<decltype(subquery<Book>(columns(col<&Book::title>)))::value_type,
                               std::optional<std::string>>);  // no row: NULL
  static_assert(std::is_same_v<decltype(subquery<Book>(columns(count()), group_by(col<&Book::author_id>)))::value_type,
                               std::optional<std::int64_t>>);  // no group: no row
  static_assert(std::is_same_v<decltype(subquery<Book>(columns(count()), limit(1)))::value_type,
                               std::optional<std::int64_t>>);
  auto r = render_all(ops::rows<Book>(std::nullopt, where(col<&Book::price> > avg_price), only<&Book::title>()));
  CHECK(r.sqlite.sql == R"(SELECT "id", "title" FROM "books" WHERE "price" > (SELECT AVG("price") FROM "books"))");
  CHECK(r.postgres.sql == R"(SELECT "id", "title" FROM "books" WHERE "price" > (SELECT AVG("price") FROM "books"))");
  CHECK(r.mysql.sql == "SELECT `id`, `title` FROM `books` WHERE `price` > (SELECT AVG(`price`) FROM `books`)");
  // arithmetic with it, on the left of a comparison
  auto twice = render_all(ops::rows<Author>(
      std::nullopt, where(subquery<Book>(columns(count()), where(col<&Book::author_id> == outer<&Author::id>)) * 2 >= 4),
      only<&Author::id>()));
  CHECK(twice.postgres.sql == R"(SELECT "id" FROM "authors" WHERE (SELECT COUNT(*) FROM "books" WHERE "author_id" = )"
                              R"("authors"."id") * $1 >= $2)");
}

TEST_CASE("subqueries: a scalar subquery as a column of select<T>(columns(...)), correlated", "[sql][subqueries]") {
  auto books = subquery<Book>(columns(count()), where(col<&Book::author_id> == outer<&Author::id>));
  auto latest = subquery<Book>(columns(col<&Book::title>), where(col<&Book::author_id> == outer<&Author::id>),
                               order_by(desc(col<&Book::created_at>)), limit(1));
  auto cols = columns(col<&Author::name>, books, latest);
  static_assert(std::is_same_v<decltype(cols)::row_type, std::tuple<std::string, std::int64_t, std::optional<std::string>>>);
  auto r = sub_select<Author>(cols, order_by(desc(books)));
  CHECK(r.sqlite.sql == R"(SELECT "name", (SELECT COUNT(*) FROM "books" WHERE "author_id" = "authors"."id"), )"
                        R"((SELECT "title" FROM "books" WHERE "author_id" = "authors"."id" ORDER BY "created_at" DESC )"
                        R"(LIMIT ?) FROM "authors" ORDER BY (SELECT COUNT(*) FROM "books" WHERE "author_id" = )"
                        R"("authors"."id") DESC)");
  CHECK(r.postgres.sql == R"(SELECT "name", (SELECT COUNT(*) FROM "books" WHERE "author_id" = "authors"."id"), )"
                          R"((SELECT "title" FROM "books" WHERE "author_id" = "authors"."id" ORDER BY "created_at" DESC )"
                          R"(LIMIT $1) FROM "authors" ORDER BY (SELECT COUNT(*) FROM "books" WHERE "author_id" = )"
                          R"("authors"."id") DESC)");
  CHECK(r.mysql.sql == "SELECT `name`, (SELECT COUNT(*) FROM `books` WHERE `author_id` = `authors`.`id`), "
                       "(SELECT `title` FROM `books` WHERE `author_id` = `authors`.`id` ORDER BY `created_at` DESC "
                       "LIMIT ?) FROM `authors` ORDER BY (SELECT COUNT(*) FROM `books` WHERE `author_id` = "
                       "`authors`.`id`) DESC");
}

TEST_CASE("subqueries: a subquery on the query's own model reads its table under an alias", "[sql][subqueries]") {
  // books dearer than their author's average
  auto r = render_all(ops::rows<Book>(
      std::nullopt,
      where(col<&Book::price> >
            subquery<Book>(columns(avg(col<&Book::price>)), where(col<&Book::author_id> == outer<&Book::author_id>))),
      only<&Book::id>()));
  CHECK(r.sqlite.sql == R"(SELECT "id" FROM "books" WHERE "price" > (SELECT AVG("price") FROM "books" AS "books_sub" )"
                        R"(WHERE "author_id" = "books"."author_id"))");
  CHECK(r.postgres.sql == R"(SELECT "id" FROM "books" WHERE "price" > (SELECT AVG("price") FROM "books" AS "books_sub" )"
                          R"(WHERE "author_id" = "books"."author_id"))");
  CHECK(r.mysql.sql == "SELECT `id` FROM `books` WHERE `price` > (SELECT AVG(`price`) FROM `books` AS `books_sub` "
                       "WHERE `author_id` = `books`.`author_id`)");
  // uncorrelated on the same model: no alias needed
  auto plain = render_all(ops::rows<Book>(std::nullopt, where(col<&Book::price> > subquery<Book>(columns(avg(col<&Book::price>)))),
                                          only<&Book::id>()));
  CHECK(plain.sqlite.sql == R"(SELECT "id" FROM "books" WHERE "price" > (SELECT AVG("price") FROM "books"))");
}

TEST_CASE("subqueries: the filter stage applies inside: default scope and soft delete, unless told",
          "[sql][subqueries]") {
  auto r = render_all(ops::rows<Author>(
      std::nullopt, where(exists(subquery<Memo>(where(col<&Memo::author_id> == outer<&Author::id>))))));
  CHECK(r.postgres.sql == R"(SELECT "id", "name" FROM "authors" WHERE EXISTS (SELECT * FROM "memos" WHERE )"
                          R"("author_id" = "authors"."id" AND "pinned" = $1 AND "deleted_at" IS NULL))");
  auto all = render_all(ops::rows<Author>(
      std::nullopt,
      where(col<&Author::id>.in(subquery<Memo>(columns(col<&Memo::author_id>), unscoped(), with_deleted())))));
  CHECK(all.postgres.sql == R"(SELECT "id", "name" FROM "authors" WHERE "id" IN (SELECT "author_id" FROM "memos"))");
  auto gone = render_all(ops::rows<Author>(
      std::nullopt, where(col<&Author::id>.in(subquery<Memo>(columns(col<&Memo::author_id>), only_deleted())))));
  CHECK(gone.mysql.sql == "SELECT `id`, `name` FROM `authors` WHERE `id` IN (SELECT `author_id` FROM `memos` WHERE "
                          "`pinned` = ? AND `deleted_at` IS NOT NULL)");
}

TEST_CASE("subqueries: parameters in statement order, $n on PostgreSQL, twice for MySQL's NULLs order",
          "[sql][subqueries]") {
  auto books = [](std::int32_t stock) {
    return subquery<Book>(columns(count()), where(col<&Book::author_id> == outer<&Author::id> && col<&Book::stock> > stock));
  };
  sql::Select s = ops::rows<Author>(std::nullopt, where(col<&Author::name> != "a" && books(1) > 2 && col<&Author::id> < 9),
                                    order_by(asc(books(3)).nulls_last()), limit(4));
  auto r = render_all(s);
  CHECK(r.postgres.sql == R"(SELECT "id", "name" FROM "authors" WHERE "name" <> $1 AND (SELECT COUNT(*) FROM "books" )"
                          R"(WHERE "author_id" = "authors"."id" AND "stock" > $2) > $3 AND "id" < $4 ORDER BY (SELECT )"
                          R"(COUNT(*) FROM "books" WHERE "author_id" = "authors"."id" AND "stock" > $5) ASC NULLS LAST )"
                          R"(LIMIT $6)");
  CHECK(r.postgres.params == std::vector<sql::Value>{std::string("a"), std::int64_t{1}, std::int64_t{2}, std::int64_t{9},
                                                     std::int64_t{3}, std::int64_t{4}});
  CHECK(r.mysql.sql == "SELECT `id`, `name` FROM `authors` WHERE `name` <> ? AND (SELECT COUNT(*) FROM `books` WHERE "
                       "`author_id` = `authors`.`id` AND `stock` > ?) > ? AND `id` < ? ORDER BY (SELECT COUNT(*) FROM "
                       "`books` WHERE `author_id` = `authors`.`id` AND `stock` > ?) IS NULL ASC, (SELECT COUNT(*) FROM "
                       "`books` WHERE `author_id` = `authors`.`id` AND `stock` > ?) ASC LIMIT ?");
  CHECK(r.mysql.params == std::vector<sql::Value>{std::string("a"), std::int64_t{1}, std::int64_t{2}, std::int64_t{9},
                                                  std::int64_t{3}, std::int64_t{3}, std::int64_t{4}});
  // a subquery inside a subquery
  auto nested = render_all(ops::rows<Author>(
      std::nullopt,
      where(col<&Author::id>.in(subquery<Book>(
          columns(col<&Book::author_id>),
          where(col<&Book::stock> > 5 && col<&Book::id>.in(subquery<Review>(columns(col<&Review::book_id>),
                                                                           where(col<&Review::body> == "good")))))) &&
            col<&Author::name> == "b")));
  CHECK(nested.postgres.sql == R"(SELECT "id", "name" FROM "authors" WHERE "id" IN (SELECT "author_id" FROM "books" )"
                               R"(WHERE "stock" > $1 AND "id" IN (SELECT "book_id" FROM "reviews" WHERE "body" = $2)) )"
                               R"(AND "name" = $3)");
}

TEST_CASE("subqueries: MySQL takes a LIMIT inside IN (...) as a derived table", "[sql][subqueries]") {
  auto r = render_all(ops::rows<Author>(
      std::nullopt, where(col<&Author::id>.in(subquery<Book>(columns(col<&Book::author_id>),
                                                              order_by(desc(col<&Book::price>)), limit(3)))),
      only<&Author::id>()));
  CHECK(r.sqlite.sql == R"(SELECT "id" FROM "authors" WHERE "id" IN (SELECT "author_id" FROM "books" ORDER BY "price" DESC LIMIT ?))");
  CHECK(r.postgres.sql ==
        R"(SELECT "id" FROM "authors" WHERE "id" IN (SELECT "author_id" FROM "books" ORDER BY "price" DESC LIMIT $1))");
  CHECK(r.mysql.sql == "SELECT `id` FROM `authors` WHERE `id` IN (SELECT /*+ NO_MERGE(`quarry_sub`) */ * FROM "
                       "(SELECT `author_id` FROM `books` ORDER BY `price` DESC LIMIT ?) AS `quarry_sub`)");
  auto skip = render_all(ops::rows<Author>(
      std::nullopt, where(col<&Author::id>.not_in(subquery<Book>(columns(col<&Book::author_id>), offset(1)))),
      only<&Author::id>()));
  CHECK(skip.mysql.sql == "SELECT `id` FROM `authors` WHERE `id` NOT IN (SELECT /*+ NO_MERGE(`quarry_sub`) */ * FROM "
                          "(SELECT `author_id` FROM `books` LIMIT 18446744073709551615 OFFSET ?) AS `quarry_sub`)");
  // no LIMIT: as it is; and a scalar subquery may have one
  CHECK(render_all(ops::rows<Author>(std::nullopt,
                                     where(col<&Author::name> == subquery<Book>(columns(col<&Book::title>), limit(1))),
                                     only<&Author::id>()))
            .mysql.sql == "SELECT `id` FROM `authors` WHERE `name` = (SELECT `title` FROM `books` LIMIT ?)");
}

TEST_CASE("subqueries: in UPDATE and DELETE; MySQL reads the written table through a derived table",
          "[sql][subqueries]") {
  auto avg_price = subquery<Book>(columns(avg(col<&Book::price>)));
  auto d = sub_delete<Book>(where(col<&Book::price> < avg_price));
  CHECK(d.sqlite.sql == R"(DELETE FROM "books" WHERE "price" < (SELECT AVG("price") FROM "books"))");
  CHECK(d.postgres.sql == R"(DELETE FROM "books" WHERE "price" < (SELECT AVG("price") FROM "books"))");
  CHECK(d.mysql.sql == "DELETE FROM `books` WHERE `price` < (SELECT /*+ NO_MERGE(`quarry_sub`) */ * FROM "
                       "(SELECT AVG(`price`) FROM `books`) AS `quarry_sub`)");
  // another table: as it is
  auto other = sub_delete<Author>(where(!exists(subquery<Book>(where(col<&Book::author_id> == outer<&Author::id>)))));
  CHECK(other.mysql.sql == "DELETE FROM `authors` WHERE NOT EXISTS (SELECT * FROM `books` WHERE `author_id` = "
                           "`authors`.`id`)");
  // correlated with the written table (under its alias): as it is, which MariaDB runs (MySQL 8 refuses it)
  auto self = sub_delete<Book>(where(exists(subquery<Book>(where(col<&Book::author_id> == outer<&Book::author_id> &&
                                                                 col<&Book::price> > outer<&Book::price>)))));
  CHECK(self.mysql.sql == "DELETE FROM `books` WHERE EXISTS (SELECT * FROM `books` AS `books_sub` WHERE `author_id` = "
                          "`books`.`author_id` AND `price` > `books`.`price`)");
  // SET from a subquery, correlated, and a where with one on the written table
  sql::Update u;
  u.table = "authors";
  u.set = set(col<&Author::name> = coalesce(subquery<Book>(columns(max(col<&Book::title>)),
                                                           where(col<&Book::author_id> == outer<&Author::id>)),
                                            col<&Author::name>))
              .assignments;
  u.where = where(col<&Author::id>.in(subquery<Author>(columns(col<&Author::id>), where(col<&Author::name> == "z")))).node;
  auto up = render_all(u);
  CHECK(up.postgres.sql == R"(UPDATE "authors" SET "name" = COALESCE((SELECT MAX("title") FROM "books" WHERE )"
                           R"("author_id" = "authors"."id"), "name") WHERE "id" IN (SELECT "id" FROM "authors" WHERE )"
                           R"("name" = $1))");
  CHECK(up.mysql.sql == "UPDATE `authors` SET `name` = COALESCE((SELECT MAX(`title`) FROM `books` WHERE `author_id` = "
                        "`authors`.`id`), `name`) WHERE `id` IN (SELECT /*+ NO_MERGE(`quarry_sub`) */ * FROM (SELECT "
                        "`id` FROM `authors` WHERE `name` = ?) AS `quarry_sub`)");
}

TEST_CASE("subqueries: which subqueries refer to the query around them", "[sql][subqueries]") {
  auto refers = [](const auto& sub) { return sql::refers_outside(*sub.select); };
  CHECK_FALSE(refers(subquery<Book>(where(col<&Book::stock> > 1))));
  CHECK(refers(subquery<Book>(where(col<&Book::author_id> == outer<&Author::id>))));
  CHECK(refers(subquery<Book>(where(col<&Book::author_id> == outer<&Book::author_id>))));  // books_sub's outside
  // a reference from a subquery inside it to this one's table is no reference outside
  CHECK_FALSE(refers(subquery<Author>(where(exists(subquery<Book>(where(col<&Book::author_id> == outer<&Author::id>)))))));
}

TEST_CASE("subqueries: set(...) from a subquery is a clause of the model it refers to", "[sql][subqueries]") {
  auto from_books = set(col<&Author::name> = subquery<Book>(columns(max(col<&Book::title>)),
                                                            where(col<&Book::author_id> == outer<&Author::id>)));
  static_assert(std::is_same_v<decltype(from_books)::model_type, Author>);
  static_assert(std::is_same_v<decltype(set(col<&Author::name> = subquery<Book>(columns(max(col<&Book::title>)))))::model_type,
                               Author>);
  // a value from a column of another model is one too, which update<Author> refuses
  static_assert(std::is_same_v<decltype(set(col<&Author::name> = col<&Book::title>))::model_type, query::Mixed>);
}
