// INSERT: one row and many, with and without the auto-increment key, RETURNING the key,
// and the bound value of every member type.

#include <catch2/catch.hpp>

#include <array>
#include <span>
#include <vector>

#include "models.hpp"

using namespace golden;
namespace ops = quarry::ops;

namespace {

const quarry::Timestamp created{std::chrono::microseconds{1'700'000'000'000'001}};
const quarry::Timestamp updated{std::chrono::microseconds{1'700'000'123'000'000}};

}  // namespace

TEST_CASE("insert: one row, the key left to the database and returned", "[sql][insert]") {
  Author ada{.id = 0, .name = "Ada"};
  auto r = render_all(ops::insert_rows<Author>(std::span<const Author>(&ada, 1), true, true));
  CHECK(r.sqlite.sql == R"(INSERT INTO "authors" ("name") VALUES (?) RETURNING "id")");
  CHECK(r.postgres.sql == R"(INSERT INTO "authors" ("name") VALUES ($1) RETURNING "id")");
  CHECK(r.mysql.sql == "INSERT INTO `authors` (`name`) VALUES (?) RETURNING `id`");
  REQUIRE(r.sqlite.params.size() == 1);
  CHECK(std::get<std::string>(r.sqlite.params[0]) == "Ada");
  CHECK(r.same_params());
}

TEST_CASE("insert: one row without RETURNING", "[sql][insert]") {
  Author ada{.id = 0, .name = "Ada"};
  auto r = render_all(ops::insert_rows<Author>(std::span<const Author>(&ada, 1), true, false));
  CHECK(r.sqlite.sql == R"(INSERT INTO "authors" ("name") VALUES (?))");
  CHECK(r.postgres.sql == R"(INSERT INTO "authors" ("name") VALUES ($1))");
  CHECK(r.mysql.sql == "INSERT INTO `authors` (`name`) VALUES (?)");
  REQUIRE(r.sqlite.params.size() == 1);
}

TEST_CASE("insert: one row with its own key", "[sql][insert]") {
  Author ada{.id = 42, .name = "Ada"};
  auto r = render_all(ops::insert_rows<Author>(std::span<const Author>(&ada, 1), false, false));
  CHECK(r.sqlite.sql == R"(INSERT INTO "authors" ("id", "name") VALUES (?, ?))");
  CHECK(r.postgres.sql == R"(INSERT INTO "authors" ("id", "name") VALUES ($1, $2))");
  CHECK(r.mysql.sql == "INSERT INTO `authors` (`id`, `name`) VALUES (?, ?)");
  REQUIRE(r.sqlite.params.size() == 2);
  CHECK(std::get<std::int64_t>(r.sqlite.params[0]) == 42);
  CHECK(std::get<std::string>(r.sqlite.params[1]) == "Ada");
  CHECK(r.same_params());
}

TEST_CASE("insert: several rows in one statement, returning their keys", "[sql][insert]") {
  std::array<Author, 3> rows{Author{0, "Ada"}, Author{0, "Grace"}, Author{0, "Edsger"}};
  auto r = render_all(ops::insert_rows<Author>(std::span<const Author>(rows), true, true));
  CHECK(r.sqlite.sql == R"(INSERT INTO "authors" ("name") VALUES (?), (?), (?) RETURNING "id")");
  CHECK(r.postgres.sql == R"(INSERT INTO "authors" ("name") VALUES ($1), ($2), ($3) RETURNING "id")");
  CHECK(r.mysql.sql == "INSERT INTO `authors` (`name`) VALUES (?), (?), (?) RETURNING `id`");
  REQUIRE(r.sqlite.params.size() == 3);
  CHECK(std::get<std::string>(r.sqlite.params[0]) == "Ada");
  CHECK(std::get<std::string>(r.sqlite.params[1]) == "Grace");
  CHECK(std::get<std::string>(r.sqlite.params[2]) == "Edsger");
  CHECK(r.same_params());
}

TEST_CASE("insert: several rows of many columns, optionals bound as NULL", "[sql][insert]") {
  std::vector<Book> rows{
      Book{.id = 0, .title = "Dune", .author_id = 7, .price = quarry::Decimal("9.99"), .stock = 3, .rating = 4.5,
           .in_print = true, .subtitle = std::nullopt, .created_at = created, .updated_at = updated},
      Book{.id = 0, .title = "Emma", .author_id = 8, .price = std::nullopt, .stock = 0, .rating = 3.25,
           .in_print = false, .subtitle = "A Novel", .created_at = created, .updated_at = updated},
  };
  auto r = render_all(ops::insert_rows<Book>(std::span<const Book>(rows), true, true));
  CHECK(r.sqlite.sql ==
        R"(INSERT INTO "books" ("title", "author_id", "price", "stock", "rating", "in_print", "subtitle", )"
        R"("created_at", "updated_at") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "id")");
  CHECK(r.postgres.sql ==
        R"(INSERT INTO "books" ("title", "author_id", "price", "stock", "rating", "in_print", "subtitle", )"
        R"("created_at", "updated_at") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9), )"
        R"(($10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING "id")");
  CHECK(r.mysql.sql ==
        "INSERT INTO `books` (`title`, `author_id`, `price`, `stock`, `rating`, `in_print`, `subtitle`, "
        "`created_at`, `updated_at`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING `id`");
  const auto& p = r.sqlite.params;
  REQUIRE(p.size() == 18);
  CHECK(std::get<std::string>(p[0]) == "Dune");
  CHECK(std::get<std::int64_t>(p[1]) == 7);
  CHECK(std::get<quarry::Decimal>(p[2]).to_string() == "9.99");
  CHECK(std::get<std::int64_t>(p[3]) == 3);
  CHECK(std::get<double>(p[4]) == 4.5);
  CHECK(std::get<bool>(p[5]) == true);
  CHECK(std::holds_alternative<sql::Null>(p[6]));
  CHECK(std::get<quarry::Timestamp>(p[7]) == created);
  CHECK(std::get<quarry::Timestamp>(p[8]) == updated);
  CHECK(std::get<std::string>(p[9]) == "Emma");
  CHECK(std::get<std::int64_t>(p[10]) == 8);
  CHECK(std::holds_alternative<sql::Null>(p[11]));
  CHECK(std::get<std::int64_t>(p[12]) == 0);
  CHECK(std::get<double>(p[13]) == 3.25);
  CHECK(std::get<bool>(p[14]) == false);
  CHECK(std::get<std::string>(p[15]) == "A Novel");
  CHECK(r.same_params());
}

TEST_CASE("insert: every member type binds as its own kind of value", "[sql][insert]") {
  using namespace std::chrono;
  Everything e;
  e.id = 1;
  e.i8 = -8;
  e.i16 = -16;
  e.i32 = -32;
  e.i64 = -64;
  e.u8 = 255;
  e.u16 = 65535;
  e.u32 = 4'294'967'295u;
  e.u64 = 18'446'744'073'709'551'615u;
  e.flag = true;
  e.f32 = 0.5f;
  e.f64 = -2.25;
  e.text = "text";
  e.code = "AB-12";
  e.data = {std::byte{0}, std::byte{0xff}, std::byte{'\''}};
  e.at = sys_days{year{2024} / 2 / 29} + hours{13} + microseconds{5};
  e.day = year{1999} / 12 / 31;
  e.amount = quarry::Decimal("-12345678901234567890.0123456789");
  e.exact = quarry::Decimal("0.0001");
  e.key = quarry::Uuid::parse("123e4567-e89b-12d3-a456-426614174000");
  e.color = Color::green;
  e.note = std::nullopt;
  e.maybe = 9;

  auto r = render_all(ops::insert_rows<Everything>(std::span<const Everything>(&e, 1), false, false));
  CHECK(r.sqlite.sql ==
        R"(INSERT INTO "everything" ("id", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "flag", "f32", )"
        R"("f64", "text", "code", "data", "at", "day", "amount", "exact", "key", "color", "note", "maybe") )"
        R"(VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))");
  CHECK(r.postgres.sql ==
        R"(INSERT INTO "everything" ("id", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "flag", "f32", )"
        R"("f64", "text", "code", "data", "at", "day", "amount", "exact", "key", "color", "note", "maybe") )"
        R"(VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, )"
        R"($22, $23))");
  CHECK(r.mysql.sql ==
        "INSERT INTO `everything` (`id`, `i8`, `i16`, `i32`, `i64`, `u8`, `u16`, `u32`, `u64`, `flag`, `f32`, "
        "`f64`, `text`, `code`, `data`, `at`, `day`, `amount`, `exact`, `key`, `color`, `note`, `maybe`) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const auto& p = r.sqlite.params;
  REQUIRE(p.size() == 23);
  CHECK(std::get<std::int64_t>(p[0]) == 1);
  CHECK(std::get<std::int64_t>(p[1]) == -8);
  CHECK(std::get<std::int64_t>(p[2]) == -16);
  CHECK(std::get<std::int64_t>(p[3]) == -32);
  CHECK(std::get<std::int64_t>(p[4]) == -64);
  CHECK(std::get<std::int64_t>(p[5]) == 255);
  CHECK(std::get<std::int64_t>(p[6]) == 65535);
  CHECK(std::get<std::int64_t>(p[7]) == 4'294'967'295);
  CHECK(std::get<std::uint64_t>(p[8]) == 18'446'744'073'709'551'615u);
  CHECK(std::get<bool>(p[9]) == true);
  CHECK(std::get<double>(p[10]) == 0.5);
  CHECK(std::get<double>(p[11]) == -2.25);
  CHECK(std::get<std::string>(p[12]) == "text");
  CHECK(std::get<std::string>(p[13]) == "AB-12");
  CHECK(std::get<quarry::Blob>(p[14]) == e.data);
  CHECK(std::get<quarry::Timestamp>(p[15]) == e.at);
  CHECK(std::get<quarry::Date>(p[16]) == e.day);
  CHECK(std::get<quarry::Decimal>(p[17]).to_string() == "-12345678901234567890.0123456789");
  CHECK(std::get<quarry::Decimal>(p[18]).to_string() == "0.0001");
  CHECK(std::get<quarry::Uuid>(p[19]).to_string() == "123e4567-e89b-12d3-a456-426614174000");
  CHECK(std::get<std::int64_t>(p[20]) == 2);
  CHECK(std::holds_alternative<sql::Null>(p[21]));
  CHECK(std::get<std::int64_t>(p[22]) == 9);
  CHECK(r.same_params());
}

TEST_CASE("insert: a row with no columns to write takes every default", "[sql][insert]") {
  sql::Insert ins;
  ins.table = "counters";
  ins.rows = {{}};
  auto r = render_all(ins);
  CHECK(r.sqlite.sql == R"(INSERT INTO "counters" DEFAULT VALUES)");
  CHECK(r.postgres.sql == R"(INSERT INTO "counters" DEFAULT VALUES)");
  CHECK(r.mysql.sql == "INSERT INTO `counters` () VALUES ()");
  CHECK(r.sqlite.params.empty());

  ins.returning = {"id"};
  auto ret = render_all(ins);
  CHECK(ret.sqlite.sql == R"(INSERT INTO "counters" DEFAULT VALUES RETURNING "id")");
  CHECK(ret.postgres.sql == R"(INSERT INTO "counters" DEFAULT VALUES RETURNING "id")");
  CHECK(ret.mysql.sql == "INSERT INTO `counters` () VALUES () RETURNING `id`");
}

TEST_CASE("insert: values never appear in the SQL text", "[sql][insert][security]") {
  const std::string evil = "x'); DROP TABLE books; --";
  Author a{.id = 0, .name = evil};
  auto r = render_all(ops::insert_rows<Author>(std::span<const Author>(&a, 1), true, false));
  CHECK(r.sqlite.sql == R"(INSERT INTO "authors" ("name") VALUES (?))");
  CHECK(r.postgres.sql == R"(INSERT INTO "authors" ("name") VALUES ($1))");
  CHECK(r.mysql.sql == "INSERT INTO `authors` (`name`) VALUES (?)");
  for (const auto* one : {&r.sqlite, &r.postgres, &r.mysql}) {
    CHECK(one->sql.find("DROP") == std::string::npos);
    REQUIRE(one->params.size() == 1);
    CHECK(std::get<std::string>(one->params[0]) == evil);
  }
}

TEST_CASE("insert: quote characters in table and column names are doubled", "[sql][insert][security]") {
  Weird w{.id = 1, .name = "n"};
  auto r = render_all(ops::insert_rows<Weird>(std::span<const Weird>(&w, 1), false, false));
  CHECK(r.sqlite.sql == R"(INSERT INTO "we""ird`s" ("id", "na""me`x") VALUES (?, ?))");
  CHECK(r.postgres.sql == R"(INSERT INTO "we""ird`s" ("id", "na""me`x") VALUES ($1, $2))");
  CHECK(r.mysql.sql == R"(INSERT INTO `we"ird``s` (`id`, `na"me``x`) VALUES (?, ?))");
}
