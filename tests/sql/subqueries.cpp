// Subqueries in SQL: in(...) and not_in(...) of a subquery, exists(...), scalar subqueries compared
// and read as columns, correlated by outer<...> (qualified by table, and an alias for a subquery on
// the query's own model), the read path's filter stage inside them, their parameters numbered in
// statement order, and MySQL's derived tables where it refuses a subquery as it is. Then the same
// through associations: has<M>(cond) and via<M>(value) on each kind of association.

#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include <quarry/ops/subquery.hpp>
#include <quarry/ops/through.hpp>
#include <quarry/query/include.hpp>

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
  CHECK(render_all(ops::count(ops::model_info<Author>(), where(exists(subquery<Book>())).lower())).mysql.sql ==
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
              .lower();
  u.where = where(col<&Author::id>.in(subquery<Author>(columns(col<&Author::id>), where(col<&Author::name> == "z")))).lower();
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

// Conditions and values through associations: has<M>(cond) and via<M>(value), for each kind.
namespace through {
struct Novel;
struct Tag {  // a default scope
  std::int64_t id{};
  std::string name;
  bool visible{};
};
struct Bio {
  std::int64_t id{};
  std::int64_t writer_id{};
  std::string text;
};
struct Writer {
  std::int64_t id{};
  std::string name;
  std::vector<Novel> novels;
  std::vector<Tag> tags;
  std::optional<Bio> bio{};
};
struct Novel {  // soft delete by convention
  std::int64_t id{};
  std::string title;
  std::int64_t writer_id{};
  std::int32_t pages{};
  std::optional<quarry::Timestamp> deleted_at;
  std::optional<Writer> writer{};
};
struct WriterTag {
  std::int64_t writer_id{};
  std::int64_t tag_id{};
};
struct Folder {  // an association of a model with itself
  std::int64_t id{};
  std::optional<std::int64_t> parent_id;
  std::string name;
  std::vector<Folder> children;
};
}  // namespace through

template <>
struct quarry::Model<through::Writer> {
  static constexpr auto associations = quarry::associations(
      quarry::has_many<&through::Writer::novels, &through::Novel::writer_id>(),
      quarry::belongs_to_many<&through::Writer::tags, &through::WriterTag::writer_id, &through::WriterTag::tag_id>(),
      quarry::has_one<&through::Writer::bio, &through::Bio::writer_id>());
};
template <>
struct quarry::Model<through::Novel> {
  static constexpr auto associations =
      quarry::associations(quarry::belongs_to<&through::Novel::writer, &through::Novel::writer_id>());
};
template <>
struct quarry::Model<through::Tag> {
  static auto default_scope() { return where(col<&through::Tag::visible> == true); }
};
template <>
struct quarry::Model<through::WriterTag> {
  static constexpr auto fields = quarry::fields(quarry::field<&through::WriterTag::writer_id>(quarry::primary_key),
                                                quarry::field<&through::WriterTag::tag_id>(quarry::primary_key));
};
template <>
struct quarry::Model<through::Folder> {
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&through::Folder::children, &through::Folder::parent_id>());
};

namespace through {

TEST_CASE("through: has<M>(cond) on a has_many is EXISTS of its rows, soft delete inside", "[sql][subqueries]") {
  auto dune = has<&Writer::novels>(col<&Novel::title> == "Dune");
  static_assert(std::is_same_v<decltype(dune), query::Expr<Writer, bool>>);  // a condition on the writer
  auto r = render_all(ops::rows<Writer>(std::nullopt, where(dune && col<&Writer::name> != "x"),
                                        order_by(col<&Writer::id>), limit(2), offset(4)));
  CHECK(r.sqlite.sql == R"(SELECT "id", "name" FROM "writers" WHERE EXISTS (SELECT * FROM "novels" WHERE )"
                        R"("writer_id" = "writers"."id" AND "title" = ? AND "deleted_at" IS NULL) AND "name" <> ? )"
                        R"(ORDER BY "id" ASC LIMIT ? OFFSET ?)");
  CHECK(r.postgres.sql == R"(SELECT "id", "name" FROM "writers" WHERE EXISTS (SELECT * FROM "novels" WHERE )"
                          R"("writer_id" = "writers"."id" AND "title" = $1 AND "deleted_at" IS NULL) AND "name" <> $2 )"
                          R"(ORDER BY "id" ASC LIMIT $3 OFFSET $4)");
  CHECK(r.mysql.sql == "SELECT `id`, `name` FROM `writers` WHERE EXISTS (SELECT * FROM `novels` WHERE "
                       "`writer_id` = `writers`.`id` AND `title` = ? AND `deleted_at` IS NULL) AND `name` <> ? "
                       "ORDER BY `id` ASC LIMIT ? OFFSET ?");
  CHECK(r.postgres.params == std::vector<sql::Value>{std::string("Dune"), std::string("x"), std::int64_t{2}, std::int64_t{4}});
  // none, any, and every row of the associated model (with_deleted())
  auto none = render_all(ops::rows<Writer>(std::nullopt, where(!has<&Writer::novels>(col<&Novel::pages> > 100))));
  CHECK(none.postgres.sql == R"(SELECT "id", "name" FROM "writers" WHERE NOT EXISTS (SELECT * FROM "novels" WHERE )"
                             R"("writer_id" = "writers"."id" AND "pages" > $1 AND "deleted_at" IS NULL))");
  auto any = render_all(ops::rows<Writer>(std::nullopt, where(has<&Writer::novels>(with_deleted()))));
  CHECK(any.mysql.sql == "SELECT `id`, `name` FROM `writers` WHERE EXISTS (SELECT * FROM `novels` WHERE "
                         "`writer_id` = `writers`.`id`)");
  // the count of find_and_count_all: the same EXISTS
  auto n = render_all(ops::count(ops::model_info<Writer>(), where(dune).lower()));
  CHECK(n.sqlite.sql == R"(SELECT COUNT(*) FROM "writers" WHERE EXISTS (SELECT * FROM "novels" WHERE )"
                        R"("writer_id" = "writers"."id" AND "title" = ? AND "deleted_at" IS NULL))");
}

TEST_CASE("through: belongs_to and has_one, as conditions and as values", "[sql][subqueries]") {
  auto by_ada = render_all(ops::rows<Novel>(std::nullopt, where(has<&Novel::writer>(col<&Writer::name>.like("A%"))),
                                            only<&Novel::title>()));
  CHECK(by_ada.postgres.sql == R"(SELECT "id", "title" FROM "novels" WHERE EXISTS (SELECT * FROM "writers" WHERE )"
                               R"("id" = "novels"."writer_id" AND "name" LIKE $1 ESCAPE E'\\') AND "deleted_at" IS NULL)");
  auto name = via<&Novel::writer>(col<&Writer::name>);
  static_assert(std::is_same_v<decltype(name), query::Expr<Novel, std::optional<std::string>>>);  // NULL: no writer
  auto by_name = render_all(ops::rows<Novel>(std::nullopt, where(name == "Ada"), order_by(desc(name), col<&Novel::id>),
                                             only<&Novel::title>()));
  CHECK(by_name.sqlite.sql == R"(SELECT "id", "title" FROM "novels" WHERE (SELECT "name" FROM "writers" WHERE "id" = )"
                              R"("novels"."writer_id") = ? AND "deleted_at" IS NULL ORDER BY (SELECT "name" FROM )"
                              R"("writers" WHERE "id" = "novels"."writer_id") DESC, "id" ASC)");
  // a has_one's first row by key, as its include keeps
  auto bio = render_all(ops::rows<Writer>(std::nullopt, order_by(asc(via<&Writer::bio>(col<&Bio::text>)).nulls_last())));
  CHECK(bio.postgres.sql == R"(SELECT "id", "name" FROM "writers" ORDER BY (SELECT "text" FROM "bios" WHERE )"
                            R"("writer_id" = "writers"."id" ORDER BY "id" ASC LIMIT $1) ASC NULLS LAST)");
  CHECK(bio.mysql.sql == "SELECT `id`, `name` FROM `writers` ORDER BY (SELECT `text` FROM `bios` WHERE `writer_id` = "
                         "`writers`.`id` ORDER BY `id` ASC LIMIT ?) IS NULL ASC, (SELECT `text` FROM `bios` WHERE "
                         "`writer_id` = `writers`.`id` ORDER BY `id` ASC LIMIT ?) ASC");
}

TEST_CASE("through: via<M>(aggregate) of a has_many orders each parent by one value", "[sql][subqueries]") {
  auto count_of = via<&Writer::novels>(count());
  static_assert(std::is_same_v<decltype(count_of), query::Expr<Writer, std::int64_t>>);  // 0 without rows
  auto longest = via<&Writer::novels>(max(col<&Novel::pages>));
  static_assert(std::is_same_v<decltype(longest), query::Expr<Writer, std::optional<std::int32_t>>>);
  auto r = render_all(ops::rows<Writer>(std::nullopt, where(count_of >= 2), order_by(desc(longest), col<&Writer::id>),
                                        limit(3)));
  CHECK(r.postgres.sql == R"(SELECT "id", "name" FROM "writers" WHERE (SELECT COUNT(*) FROM "novels" WHERE )"
                          R"("writer_id" = "writers"."id" AND "deleted_at" IS NULL) >= $1 ORDER BY (SELECT )"
                          R"(MAX("pages") FROM "novels" WHERE "writer_id" = "writers"."id" AND "deleted_at" IS NULL) )"
                          R"(DESC, "id" ASC LIMIT $2)");
  CHECK(r.mysql.sql == "SELECT `id`, `name` FROM `writers` WHERE (SELECT COUNT(*) FROM `novels` WHERE `writer_id` = "
                       "`writers`.`id` AND `deleted_at` IS NULL) >= ? ORDER BY (SELECT MAX(`pages`) FROM `novels` "
                       "WHERE `writer_id` = `writers`.`id` AND `deleted_at` IS NULL) DESC, `id` ASC LIMIT ?");
}

TEST_CASE("through: belongs_to_many through its join model, the target's default scope inside", "[sql][subqueries]") {
  auto r = render_all(ops::rows<Writer>(std::nullopt, where(has<&Writer::tags>(col<&Tag::name> == "sf")),
                                        order_by(via<&Writer::tags>(min(col<&Tag::name>)))));
  CHECK(r.postgres.sql == R"(SELECT "id", "name" FROM "writers" WHERE EXISTS (SELECT * FROM "tags" WHERE "id" IN )"
                          R"((SELECT "tag_id" FROM "writer_tags" WHERE "writer_id" = "writers"."id") AND "name" = $1 )"
                          R"(AND "visible" = $2) ORDER BY (SELECT MIN("name") FROM "tags" WHERE "id" IN (SELECT )"
                          R"("tag_id" FROM "writer_tags" WHERE "writer_id" = "writers"."id") AND "visible" = $3) ASC)");
  auto all = render_all(ops::rows<Writer>(std::nullopt, where(has<&Writer::tags>(col<&Tag::name> == "sf", unscoped()))));
  CHECK(all.mysql.sql == "SELECT `id`, `name` FROM `writers` WHERE EXISTS (SELECT * FROM `tags` WHERE `id` IN (SELECT "
                         "`tag_id` FROM `writer_tags` WHERE `writer_id` = `writers`.`id`) AND `name` = ?)");
}

TEST_CASE("through: nested, and an association of a model with itself under an alias", "[sql][subqueries]") {
  auto r = render_all(ops::rows<Folder>(std::nullopt, where(has<&Folder::children>(col<&Folder::name> == "x"))));
  CHECK(r.sqlite.sql == R"(SELECT "id", "parent_id", "name" FROM "folders" WHERE EXISTS (SELECT * FROM "folders" )"
                        R"(AS "folders_sub" WHERE "parent_id" = "folders"."id" AND "name" = ?))");
  // grandchildren: each level under an alias of its own, the inner one's link renamed to the outer alias
  auto deep = render_all(ops::rows<Folder>(std::nullopt, where(has<&Folder::children>(has<&Folder::children>())),
                                           only<&Folder::id>()));
  CHECK(deep.sqlite.sql == R"(SELECT "id" FROM "folders" WHERE EXISTS (SELECT * FROM "folders" AS "folders_sub2" WHERE )"
                           R"("parent_id" = "folders"."id" AND EXISTS (SELECT * FROM "folders" AS "folders_sub" WHERE )"
                           R"("parent_id" = "folders_sub2"."id")))");
  // a required include of such an association: the same EXISTS
  auto required_child = ops::required_filter<Folder>(include<&Folder::children>(where(col<&Folder::name> == "x"), required));
  REQUIRE(required_child);
  CHECK(render_all(ops::rows<Folder>(required_child, only<&Folder::id>())).mysql.sql ==
        "SELECT `id` FROM `folders` WHERE EXISTS (SELECT * FROM `folders` AS `folders_sub` WHERE `parent_id` = "
        "`folders`.`id` AND `name` = ?)");
  auto nested = render_all(ops::rows<Writer>(
      std::nullopt, where(has<&Writer::novels>(has<&Novel::writer>(col<&Writer::name> == "y")))));
  CHECK(nested.sqlite.sql == R"(SELECT "id", "name" FROM "writers" WHERE EXISTS (SELECT * FROM "novels" WHERE )"
                             R"("writer_id" = "writers"."id" AND EXISTS (SELECT * FROM "writers" WHERE "id" = )"
                             R"("novels"."writer_id" AND "name" = ?) AND "deleted_at" IS NULL))");
}

}  // namespace through
