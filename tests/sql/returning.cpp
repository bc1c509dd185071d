// Writes a Sequelize user expects: UPDATE and DELETE ... RETURNING, the statements that emulate
// them by key, bulk inserts on duplicate, and raw SQL's :name placeholders.

#include <catch2/catch.hpp>

#include <quarry/query/named.hpp>

#include "models.hpp"

using namespace golden;
using namespace quarry::dsl;
namespace ops = quarry::ops;

TEST_CASE("returning: UPDATE ... RETURNING every column a read reads", "[sql][returning]") {
  sql::Update u;
  u.table = "authors";
  u.set = set(col<&Author::name> = "Ada").lower();
  u.where = where(col<&Author::id> > 2).lower();
  u.returning = ops::returning_columns(ops::model_info<Author>());
  CHECK(sql::render(dialect::sqlite, u).sql == R"(UPDATE "authors" SET "name" = ? WHERE "id" > ? RETURNING "id", "name")");
  CHECK(sql::render(dialect::postgres, u).sql ==
        R"(UPDATE "authors" SET "name" = $1 WHERE "id" > $2 RETURNING "id", "name")");
  // MariaDB and MySQL have none: update_returning emulates it, and the renderer refuses it
  CHECK_THROWS_AS(sql::render(dialect::mysql, u), quarry::UnsupportedError);
}

TEST_CASE("returning: DELETE ... RETURNING, MariaDB's too", "[sql][returning]") {
  sql::Delete del{"authors", where(col<&Author::name> == "Ada").lower(), ops::returning_columns(ops::model_info<Author>())};
  auto r = render_all(del);
  CHECK(r.sqlite.sql == R"(DELETE FROM "authors" WHERE "name" = ? RETURNING "id", "name")");
  CHECK(r.postgres.sql == R"(DELETE FROM "authors" WHERE "name" = $1 RETURNING "id", "name")");
  CHECK(r.mysql.sql == "DELETE FROM `authors` WHERE `name` = ? RETURNING `id`, `name`");
  CHECK(render_all(sql::Delete{"authors", std::nullopt}).mysql.sql == "DELETE FROM `authors`");
}

TEST_CASE("returning: the emulation writes and reads rows again by their keys", "[sql][returning]") {
  std::vector<Author> rows{{.id = 3, .name = "a"}, {.id = 5, .name = "b"}};
  sql::Update u;
  u.table = "authors";
  u.set = set(col<&Author::name> = "x").lower();
  u.where = ops::keys_condition(std::span<const Author>(rows));
  auto r = render_all(u);
  CHECK(r.mysql.sql == "UPDATE `authors` SET `name` = ? WHERE `id` IN (?, ?)");
  CHECK(r.sqlite.sql == R"(UPDATE "authors" SET "name" = ? WHERE "id" IN (?, ?))");
  CHECK(std::get<std::int64_t>(r.mysql.params[2]) == 5);

  std::vector<Enrollment> pairs{{.student_id = 1, .course_id = 2}, {.student_id = 3, .course_id = 4}};
  sql::Delete del{"enrollments", ops::keys_condition(std::span<const Enrollment>(pairs))};
  CHECK(render_all(del).mysql.sql ==
        "DELETE FROM `enrollments` WHERE (`student_id` = ? AND `course_id` = ?) OR (`student_id` = ? AND `course_id` = ?)");
}

TEST_CASE("returning: bulk inserts on duplicate, ignoring or updating chosen columns", "[sql][bulk]") {
  sql::Insert ins = ops::shape::insert(ops::model_info<Author>(), 2, true, false);
  ins.upsert = sql::Upsert{{"name"}, {}};
  auto ignore = render_all(ins);
  CHECK(ignore.sqlite.sql == R"(INSERT INTO "authors" ("name") VALUES (?), (?) ON CONFLICT ("name") DO NOTHING)");
  CHECK(ignore.postgres.sql == R"(INSERT INTO "authors" ("name") VALUES ($1), ($2) ON CONFLICT ("name") DO NOTHING)");
  // not INSERT IGNORE, which turns other errors (a NULL, a missing foreign key) into warnings too
  CHECK(ignore.mysql.sql == "INSERT INTO `authors` (`name`) VALUES (?), (?) ON DUPLICATE KEY UPDATE `name` = `name`");

  sql::Insert up = ops::shape::insert(ops::model_info<Book>(), 1, false, false);
  up.upsert = sql::Upsert{{"id"}, {"title", "price", "updated_at"}};
  auto update = render_all(up);
  CHECK(update.postgres.sql ==
        R"(INSERT INTO "books" ("id", "title", "author_id", "price", "stock", "rating", "in_print", "subtitle", )"
        R"("created_at", "updated_at") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT ("id") DO UPDATE )"
        R"(SET "title" = excluded."title", "price" = excluded."price", "updated_at" = excluded."updated_at")");
  CHECK(update.mysql.sql.ends_with(
      "ON DUPLICATE KEY UPDATE `title` = VALUES(`title`), `price` = VALUES(`price`), `updated_at` = VALUES(`updated_at`)"));
  CHECK(update_on_duplicate(col<&Book::title>, col<&Book::price>).columns == std::vector<std::string>{"title", "price"});
}

TEST_CASE("find_or_build: the row built takes the values the where sets equal", "[sql][find_or_build]") {
  Book b{.title = "default", .stock = 1};
  ops::assign_equalities(b, where(col<&Book::title> == "Dune" && col<&Book::price> == 5 &&
                                  col<&Book::subtitle> == "One" && col<&Book::rating> > 2 &&
                                  (col<&Book::stock> == 7 || col<&Book::stock> == 8)).lower());
  CHECK(b.title == "Dune");
  CHECK(b.price == quarry::Decimal("5"));
  CHECK(b.subtitle == "One");
  CHECK(b.rating == 0);  // not an equality
  CHECK(b.stock == 1);   // inside an OR
  ops::assign_equalities(b, where(col<&Book::subtitle>.is_null()).lower());
  CHECK(b.subtitle == "One");  // IS NULL is no equality with a value
}

namespace returning_test {
std::string named_sql(const sql::Dialect& d, std::string_view text, std::vector<std::string>* names = nullptr) {
  std::vector<std::string> got;
  auto out = sql::translate_named(d, text, got);
  if (names) *names = got;
  return out;
}
}  // namespace returning_test

using returning_test::named_sql;

TEST_CASE("named: :name becomes the dialect's placeholder, a name used again one $n", "[sql][raw][named]") {
  std::vector<std::string> names;
  const char* text = "SELECT * FROM t WHERE a = :a AND b IN (:b, :a) AND c = ':a'";
  CHECK(named_sql(dialect::sqlite, text, &names) == "SELECT * FROM t WHERE a = ? AND b IN (?, ?) AND c = ':a'");
  CHECK(names == std::vector<std::string>{"a", "b", "a"});
  CHECK(named_sql(dialect::mysql, text) == "SELECT * FROM t WHERE a = ? AND b IN (?, ?) AND c = ':a'");
  CHECK(named_sql(dialect::postgres, text, &names) == "SELECT * FROM t WHERE a = $1 AND b IN ($2, $1) AND c = ':a'");
  CHECK(names == std::vector<std::string>{"a", "b"});
}

TEST_CASE("named: casts, assignments, slices, quotes and comments are no names", "[sql][raw][named]") {
  std::vector<std::string> names;
  CHECK(named_sql(dialect::postgres, "SELECT :x::int, a::text, b[lo:hi], c[1:2] FROM t", &names) ==
        "SELECT $1::int, a::text, b[lo:hi], c[1:2] FROM t");
  CHECK(names == std::vector<std::string>{"x"});
  CHECK(named_sql(dialect::mysql, "SET @v := :v") == "SET @v := ?");
  CHECK(named_sql(dialect::postgres, R"(SELECT "a:b", E'\':c', $$ :d $$, $t$ :e $t$ -- :f)" "\n:g /* :h */") ==
        R"(SELECT "a:b", E'\':c', $$ :d $$, $t$ :e $t$ -- :f)" "\n$1 /* :h */");
  CHECK(named_sql(dialect::mysql, "SELECT `:a`, 'it\\'s :b', \"x :c\" # :d\n, :e") ==
        "SELECT `:a`, 'it\\'s :b', \"x :c\" # :d\n, ?");
  CHECK(named_sql(dialect::sqlite, "SELECT ':' || :_1a, :, ::") == "SELECT ':' || ?, :, ::");
  CHECK_THROWS_AS(named_sql(dialect::sqlite, "SELECT :a, ?"), quarry::QueryError);
  CHECK(named_sql(dialect::sqlite, "SELECT '?', :a") == "SELECT '?', ?");
}

TEST_CASE("named: values in placeholder order; a missing, unused or repeated name is an error", "[sql][raw][named]") {
  auto r = quarry::Named{{"max", 30}, {"t", "x"}}.render(dialect::sqlite, "SELECT :t, :max, :t");
  CHECK(r.sql == "SELECT ?, ?, ?");
  REQUIRE(r.params.size() == 3);
  CHECK(std::get<std::string>(r.params[0]) == "x");
  CHECK(std::get<std::int64_t>(r.params[1]) == 30);
  CHECK(std::get<std::string>(r.params[2]) == "x");
  auto pg = quarry::Named{{"max", 30}, {"t", "x"}}.render(dialect::postgres, "SELECT :t, :max, :t");
  CHECK(pg.sql == "SELECT $1, $2, $1");
  CHECK(pg.params.size() == 2);
  auto render = [](const quarry::Named& values, std::string_view text) { return values.render(dialect::sqlite, text); };
  CHECK_THROWS_WITH(render({{"a", 1}}, "SELECT :a, :b"), Catch::Contains(":b") && Catch::Contains("no value"));
  CHECK_THROWS_WITH(render({{"a", 1}, {"b", 2}}, "SELECT :a"),
                    Catch::Contains(":b") && Catch::Contains("no such placeholder"));
  CHECK_THROWS_AS(render({{"a", 1}, {"a", 2}}, "SELECT :a"), quarry::QueryError);
  CHECK(quarry::Named{}.render(dialect::postgres, "SELECT 1").params.empty());
}
