// UPDATE (by key and by condition, with arithmetic in SET), DELETE and TRUNCATE.

#include <catch2/catch.hpp>

#include <limits>

#include <quarry/ops/shapes.hpp>

#include "models.hpp"

using namespace golden;
using namespace quarry::dsl;
namespace ops = quarry::ops;

namespace {

/// What Session::update<Book>(set(...), where(...)) builds, without the updated_at stamp.
template <class S, class W>
sql::Update update_books(const S& assignments, const W& condition) {
  sql::Update u;
  u.table = ops::model_info<Book>().table;
  u.set = assignments.lower();
  u.where = condition.lower();
  return u;
}

const quarry::Timestamp stamp{std::chrono::microseconds{1'700'000'000'000'000}};

/// A floating member stored in a DECIMAL column.
struct Reading {
  std::int64_t id{};
  double value{};
};

}  // namespace

template <>
struct quarry::Model<Reading> {
  static constexpr auto fields = quarry::fields(quarry::field<&Reading::value>(quarry::decimal(6, 2)));
};

TEST_CASE("update: a row by its key, every column but the key and created_at", "[sql][update]") {
  Book b{.id = 5, .title = "Dune", .author_id = 7, .price = quarry::Decimal("10.00"), .stock = 2, .rating = 4.0,
         .in_print = true, .subtitle = std::nullopt, .created_at = stamp, .updated_at = stamp};
  auto r = render_all(ops::update_row(b));
  CHECK(r.sqlite.sql ==
        R"(UPDATE "books" SET "title" = ?, "author_id" = ?, "price" = ?, "stock" = ?, "rating" = ?, "in_print" = ?, )"
        R"("subtitle" = ?, "updated_at" = ? WHERE "id" = ?)");
  CHECK(r.postgres.sql ==
        R"(UPDATE "books" SET "title" = $1, "author_id" = $2, "price" = $3, "stock" = $4, "rating" = $5, )"
        R"("in_print" = $6, "subtitle" = $7, "updated_at" = $8 WHERE "id" = $9)");
  CHECK(r.mysql.sql ==
        "UPDATE `books` SET `title` = ?, `author_id` = ?, `price` = ?, `stock` = ?, `rating` = ?, `in_print` = ?, "
        "`subtitle` = ?, `updated_at` = ? WHERE `id` = ?");
  const auto& p = r.sqlite.params;
  REQUIRE(p.size() == 9);
  CHECK(std::get<std::string>(p[0]) == "Dune");
  CHECK(std::get<std::int64_t>(p[1]) == 7);
  CHECK(std::get<quarry::Decimal>(p[2]).to_string() == "10.00");
  CHECK(std::get<std::int64_t>(p[3]) == 2);
  CHECK(std::get<double>(p[4]) == 4.0);
  CHECK(std::get<bool>(p[5]) == true);
  CHECK(std::holds_alternative<sql::Null>(p[6]));
  CHECK(std::get<quarry::Timestamp>(p[7]) == stamp);
  CHECK(std::get<std::int64_t>(p[8]) == 5);
  CHECK(r.same_params());
}

TEST_CASE("update: a tracked row's changed columns and updated_at, where the key is the snapshot's",
          "[sql][update][tracking]") {
  Book before{.id = 5, .title = "Dune", .author_id = 7, .price = quarry::Decimal("10.00"), .stock = 2,
              .created_at = stamp, .updated_at = stamp};
  Book now = before;
  now.stock = 3;
  now.price = quarry::Decimal("10.0");  // equal as a number: not a change
  auto r = render_all(ops::update_changed(now, before));
  CHECK(r.sqlite.sql == R"(UPDATE "books" SET "stock" = ?, "updated_at" = ? WHERE "id" = ?)");
  CHECK(r.postgres.sql == R"(UPDATE "books" SET "stock" = $1, "updated_at" = $2 WHERE "id" = $3)");
  CHECK(r.mysql.sql == "UPDATE `books` SET `stock` = ?, `updated_at` = ? WHERE `id` = ?");
  const auto& p = r.sqlite.params;
  REQUIRE(p.size() == 3);
  CHECK(std::get<std::int64_t>(p[0]) == 3);
  CHECK(std::get<std::int64_t>(p[2]) == 5);
  CHECK(r.same_params());

  now.id = 6;  // a changed key is written, and the row is found by the one it had
  CHECK(render_all(ops::update_changed(now, before)).sqlite.sql ==
        R"(UPDATE "books" SET "id" = ?, "stock" = ?, "updated_at" = ? WHERE "id" = ?)");
  CHECK(quarry::detail::differing_fields(before, before) == std::array<bool, quarry::detail::field_count<Book>>{});
}

TEST_CASE("update: a row with a composite key", "[sql][update]") {
  Enrollment e{.student_id = 1, .course_id = 2, .seat = 3, .grade = 90};
  auto r = render_all(ops::update_row(e));
  CHECK(r.sqlite.sql == R"(UPDATE "enrollments" SET "seat" = ?, "grade" = ? WHERE "student_id" = ? AND "course_id" = ?)");
  CHECK(r.postgres.sql ==
        R"(UPDATE "enrollments" SET "seat" = $1, "grade" = $2 WHERE "student_id" = $3 AND "course_id" = $4)");
  CHECK(r.mysql.sql == "UPDATE `enrollments` SET `seat` = ?, `grade` = ? WHERE `student_id` = ? AND `course_id` = ?");
  REQUIRE(r.sqlite.params.size() == 4);
  CHECK(std::get<std::int64_t>(r.sqlite.params[0]) == 3);
  CHECK(std::get<std::int64_t>(r.sqlite.params[1]) == 90);
  CHECK(std::get<std::int64_t>(r.sqlite.params[2]) == 1);
  CHECK(std::get<std::int64_t>(r.sqlite.params[3]) == 2);
  CHECK(r.same_params());
}

TEST_CASE("update: arithmetic in SET, price = price * 1.1", "[sql][update]") {
  SECTION("an exact decimal factor") {
    auto u = update_books(set(col<&Book::price> = col<&Book::price> * quarry::Decimal("1.1")),
                          where(col<&Book::price> < 30));
    auto r = render_all(u);
    // SQLite's NUMERIC keeps any number: the result is rounded to the column's scale, as the
    // DECIMAL(10, 2) of the other dialects stores it
    CHECK(r.sqlite.sql == R"(UPDATE "books" SET "price" = ROUND("price" * ?, 2) WHERE "price" < ?)");
    CHECK(r.postgres.sql == R"(UPDATE "books" SET "price" = "price" * $1 WHERE "price" < $2)");
    CHECK(r.mysql.sql == "UPDATE `books` SET `price` = `price` * ? WHERE `price` < ?");
    REQUIRE(r.sqlite.params.size() == 2);
    CHECK(std::get<quarry::Decimal>(r.sqlite.params[0]).to_string() == "1.1");
    CHECK(std::get<std::int64_t>(r.sqlite.params[1]) == 30);
    CHECK(r.same_params());
  }
  SECTION("a floating-point factor") {
    auto u = update_books(set(col<&Book::rating> = col<&Book::rating> * 1.1), where(col<&Book::id> == 4));
    auto r = render_all(u);
    CHECK(r.sqlite.sql == R"(UPDATE "books" SET "rating" = "rating" * ? WHERE "id" = ?)");
    CHECK(r.postgres.sql == R"(UPDATE "books" SET "rating" = "rating" * $1 WHERE "id" = $2)");
    CHECK(r.mysql.sql == "UPDATE `books` SET `rating` = `rating` * ? WHERE `id` = ?");
    REQUIRE(r.sqlite.params.size() == 2);
    CHECK(std::get<double>(r.sqlite.params[0]) == 1.1);
    CHECK(std::get<std::int64_t>(r.sqlite.params[1]) == 4);
  }
  SECTION("several assignments: an increment, NULL, a value, another column") {
    auto u = update_books(set(col<&Book::stock> = col<&Book::stock> + 1, col<&Book::subtitle> = std::nullopt,
                              col<&Book::title> = "New", col<&Book::author_id> = col<&Book::stock> - (col<&Book::id> - 2)),
                          where(col<&Book::id>.in({1, 2}) || col<&Book::stock> == 0));
    auto r = render_all(u);
    CHECK(r.sqlite.sql ==
          R"(UPDATE "books" SET "stock" = "stock" + ?, "subtitle" = ?, "title" = ?, "author_id" = "stock" - ("id" - ?) )"
          R"(WHERE "id" IN (?, ?) OR "stock" = ?)");
    CHECK(r.postgres.sql ==
          R"(UPDATE "books" SET "stock" = "stock" + $1, "subtitle" = $2, "title" = $3, )"
          R"("author_id" = "stock" - ("id" - $4) WHERE "id" = ANY($5::int8[]) OR "stock" = $6)");
    CHECK(r.mysql.sql ==
          "UPDATE `books` SET `stock` = `stock` + ?, `subtitle` = ?, `title` = ?, `author_id` = `stock` - (`id` - ?) "
          "WHERE `id` IN (?, ?) OR `stock` = ?");
    const auto& p = r.sqlite.params;
    REQUIRE(p.size() == 7);
    CHECK(std::get<std::int64_t>(p[0]) == 1);
    CHECK(std::holds_alternative<sql::Null>(p[1]));
    CHECK(std::get<std::string>(p[2]) == "New");
    CHECK(std::get<std::int64_t>(p[3]) == 2);
    CHECK(std::get<std::int64_t>(p[4]) == 1);
    CHECK(std::get<std::int64_t>(p[5]) == 2);
    CHECK(std::get<std::int64_t>(p[6]) == 0);
    CHECK(r.sqlite.params == r.mysql.params);  // PostgreSQL: the list as one array
  }
}

TEST_CASE("update: plain values and one comparison are one shape, with the tree's SQL", "[sql][update][shape]") {
  auto s = set(col<&Book::title> = "New", col<&Book::subtitle> = std::nullopt, col<&Book::stock> = 3);
  auto w = where(col<&Book::id> >= std::int64_t{4});
  using Shape = ops::UpdateWhere<Book, decltype(s), decltype(w)>;
  static_assert(ops::updates_by_shape<Book, decltype(s), decltype(w)>);

  sql::Update tree = update_books(s, w);  // what update_where renders, updated_at stamped
  ops::prepare_where(ops::model_info<Book>(), tree);
  auto r = render_all(tree);
  for (const auto* d : {&quarry::dialect::sqlite, &quarry::dialect::postgres, &quarry::dialect::mysql}) {
    auto shaped = Shape::render(*d);
    CHECK(shaped.sql == sql::render(*d, tree).sql);
    // a slot per placeholder: the three values, updated_at's stamp, the where's value
    REQUIRE(shaped.slots.size() == 5);
    for (std::uint32_t i = 0; i < 5; ++i) CHECK(shaped.slots[i].field == i);
  }
  CHECK(r.sqlite.sql == R"(UPDATE "books" SET "title" = ?, "subtitle" = ?, "stock" = ?, "updated_at" = ? WHERE "id" >= ?)");
  CHECK(r.postgres.sql ==
        R"(UPDATE "books" SET "title" = $1, "subtitle" = $2, "stock" = $3, "updated_at" = $4 WHERE "id" >= $5)");

  SECTION("updated_at set by the query is not stamped again") {
    auto own = set(col<&Book::updated_at> = stamp, col<&Book::stock> = 1);
    using Own = ops::UpdateWhere<Book, decltype(own), decltype(w)>;
    auto shaped = Own::render(quarry::dialect::sqlite);
    CHECK(shaped.sql == R"(UPDATE "books" SET "updated_at" = ?, "stock" = ? WHERE "id" >= ?)");
    REQUIRE(shaped.slots.size() == 3);
    CHECK(shaped.slots[2].field == 3);  // the where's value, after the stamp's unused field
  }
  SECTION("anything else is lowered and rendered per call") {
    auto arithmetic = set(col<&Book::stock> = col<&Book::stock> + 1);
    static_assert(!ops::updates_by_shape<Book, decltype(arithmetic), decltype(w)>);
    auto two = where(col<&Book::id> == 1 && col<&Book::stock> == 0);
    static_assert(!ops::updates_by_shape<Book, decltype(s), decltype(two)>);
    auto in = where(col<&Book::id>.in({1, 2}));
    static_assert(!ops::updates_by_shape<Book, decltype(s), decltype(in)>);
    static_assert(!ops::updates_by_shape<Book, decltype(s), decltype(w), quarry::query::IndividualHooks>);
    static_assert(!ops::updates_by_shape<Book, decltype(s), quarry::query::EveryRow>);
  }
  SECTION("text kept by a where or set outlives what it was made from") {
    auto kept = [] {
      std::string name = "a title longer than any small-string buffer";
      return std::pair{where(col<&Book::title> == name.c_str()), set(col<&Book::title> = std::string_view(name))};
    }();
    auto n = sql::render(quarry::dialect::sqlite, update_books(kept.second, kept.first));
    REQUIRE(n.params.size() == 2);
    CHECK(std::get<std::string>(n.params[0]) == "a title longer than any small-string buffer");
    CHECK(std::get<std::string>(n.params[1]) == "a title longer than any small-string buffer");
  }
}

TEST_CASE("update: every row, and RETURNING", "[sql][update]") {
  sql::Update u;
  u.table = "books";
  u.set = set(col<&Book::in_print> = false).lower();
  auto r = render_all(u);
  CHECK(r.sqlite.sql == R"(UPDATE "books" SET "in_print" = ?)");
  CHECK(r.postgres.sql == R"(UPDATE "books" SET "in_print" = $1)");
  CHECK(r.mysql.sql == "UPDATE `books` SET `in_print` = ?");
  REQUIRE(r.sqlite.params.size() == 1);
  CHECK(std::get<bool>(r.sqlite.params[0]) == false);

  u.where = where(col<&Book::stock> == 0).lower();
  u.returning = {"id", "title"};
  CHECK(sql::render(dialect::sqlite, u).sql == R"(UPDATE "books" SET "in_print" = ? WHERE "stock" = ? RETURNING "id", "title")");
  CHECK(sql::render(dialect::postgres, u).sql ==
        R"(UPDATE "books" SET "in_print" = $1 WHERE "stock" = $2 RETURNING "id", "title")");
}

TEST_CASE("delete: a row by its key", "[sql][delete]") {
  Book b{.id = 9, .title = "", .author_id = 0, .price = {}, .stock = 0, .rating = 0, .in_print = false,
         .subtitle = {}, .created_at = {}, .updated_at = {}};
  auto r = render_all(ops::delete_row(b));
  CHECK(r.sqlite.sql == R"(DELETE FROM "books" WHERE "id" = ?)");
  CHECK(r.postgres.sql == R"(DELETE FROM "books" WHERE "id" = $1)");
  CHECK(r.mysql.sql == "DELETE FROM `books` WHERE `id` = ?");
  REQUIRE(r.sqlite.params.size() == 1);
  CHECK(std::get<std::int64_t>(r.sqlite.params[0]) == 9);
  CHECK(r.same_params());

  Enrollment e{.student_id = 4, .course_id = 6, .seat = 1, .grade = std::nullopt};
  auto c = render_all(ops::delete_row(e));
  CHECK(c.sqlite.sql == R"(DELETE FROM "enrollments" WHERE "student_id" = ? AND "course_id" = ?)");
  CHECK(c.postgres.sql == R"(DELETE FROM "enrollments" WHERE "student_id" = $1 AND "course_id" = $2)");
  CHECK(c.mysql.sql == "DELETE FROM `enrollments` WHERE `student_id` = ? AND `course_id` = ?");
  REQUIRE(c.sqlite.params.size() == 2);
  CHECK(std::get<std::int64_t>(c.sqlite.params[0]) == 4);
  CHECK(std::get<std::int64_t>(c.sqlite.params[1]) == 6);
}

TEST_CASE("delete: rows by a condition, and every row", "[sql][delete]") {
  sql::Delete del{"books", where((col<&Book::stock> == 0 && !col<&Book::in_print>) || col<&Book::subtitle>.is_null()).lower()};
  auto r = render_all(del);
  CHECK(r.sqlite.sql == R"(DELETE FROM "books" WHERE ("stock" = ? AND NOT "in_print") OR "subtitle" IS NULL)");
  CHECK(r.postgres.sql == R"(DELETE FROM "books" WHERE ("stock" = $1 AND NOT "in_print") OR "subtitle" IS NULL)");
  CHECK(r.mysql.sql == "DELETE FROM `books` WHERE (`stock` = ? AND NOT `in_print`) OR `subtitle` IS NULL");
  REQUIRE(r.sqlite.params.size() == 1);
  CHECK(std::get<std::int64_t>(r.sqlite.params[0]) == 0);

  auto all = render_all(sql::Delete{"books", std::nullopt});
  CHECK(all.sqlite.sql == R"(DELETE FROM "books")");
  CHECK(all.postgres.sql == R"(DELETE FROM "books")");
  CHECK(all.mysql.sql == "DELETE FROM `books`");
  CHECK(all.sqlite.params.empty());
}

TEST_CASE("truncate: TRUNCATE TABLE, or DELETE FROM on SQLite", "[sql][truncate]") {
  auto r = render_all(sql::Truncate{"books"});
  CHECK(r.sqlite.sql == R"(DELETE FROM "books")");
  CHECK(r.postgres.sql == R"(TRUNCATE TABLE "books")");
  CHECK(r.mysql.sql == "TRUNCATE TABLE `books`");
  CHECK(r.sqlite.params.empty());
  CHECK(r.postgres.params.empty());
  CHECK(r.mysql.params.empty());

  auto w = render_all(sql::Truncate{"a\"b`c"});
  CHECK(w.sqlite.sql == R"(DELETE FROM "a""b`c")");
  CHECK(w.postgres.sql == R"(TRUNCATE TABLE "a""b`c")");
  CHECK(w.mysql.sql == R"(TRUNCATE TABLE `a"b``c`)");
}

TEST_CASE("update and delete: values never appear in the SQL text", "[sql][update][delete][security]") {
  const std::string evil = "x'; DROP TABLE books; --";
  auto u = render_all(update_books(set(col<&Book::title> = evil), where(col<&Book::subtitle> == evil)));
  CHECK(u.sqlite.sql == R"(UPDATE "books" SET "title" = ? WHERE "subtitle" = ?)");
  CHECK(u.postgres.sql == R"(UPDATE "books" SET "title" = $1 WHERE "subtitle" = $2)");
  CHECK(u.mysql.sql == "UPDATE `books` SET `title` = ? WHERE `subtitle` = ?");
  for (const auto* one : {&u.sqlite, &u.postgres, &u.mysql}) {
    CHECK(one->sql.find("DROP") == std::string::npos);
    REQUIRE(one->params.size() == 2);
    CHECK(std::get<std::string>(one->params[0]) == evil);
    CHECK(std::get<std::string>(one->params[1]) == evil);
  }
}

TEST_CASE("update: values in set(...) are checked like a created row's, before any SQL", "[sql][update][validation]") {
  using golden::Everything;
  auto fields_of = [](const quarry::ValidationError& e) {
    std::vector<std::string> out;
    for (const auto& f : e.errors()) out.push_back(f.field + ": " + f.message);
    return out;
  };
  SECTION("every failing value at once: range, size, date, decimal fit") {
    try {
      (void)set(col<&Everything::i8> = 300, col<&Everything::u16> = -1, col<&Everything::code> = std::string(13, 'x'),
                col<&Everything::day> = quarry::Date{std::chrono::year{2023} / 2 / 30},
                col<&Everything::exact> = quarry::Decimal("123456789.5"), col<&Everything::i32> = 5'000'000'000LL);
      FAIL("set(...) accepted values its columns cannot hold");
    } catch (const quarry::ValidationError& e) {
      auto got = fields_of(e);
      REQUIRE(got.size() == 6);
      CHECK(got[0] == "i8: is 300, outside std::int8_t (-128 to 127)");
      CHECK(got[1] == "u16: is -1, outside std::uint16_t (0 to 65535)");
      CHECK(got[2] == "code: is longer than 12 characters");
      CHECK(got[3] == "day: is not a valid date");
      CHECK(got[4] == "exact: does not fit decimal(12, 4)");
      CHECK(got[5] == "i32: is 5000000000, outside std::int32_t (-2147483648 to 2147483647)");
    }
  }
  SECTION("dates outside the years 1 to 9999") {
    CHECK_THROWS_AS(set(col<&Everything::day> = quarry::Date{std::chrono::year{10000} / 1 / 1}), quarry::ValidationError);
    CHECK_THROWS_AS(set(col<&Everything::day> = quarry::Date{std::chrono::year{0} / 12 / 31}), quarry::ValidationError);
    // in a where, where no field names it, the value itself is refused
    CHECK_THROWS_AS(where(col<&Everything::day> == quarry::Date{std::chrono::year{-5} / 1 / 1}), quarry::ConversionError);
  }
  SECTION("a floating member in a decimal column: NaN and the infinities are refused, finite values fitted") {
    for (double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                       -std::numeric_limits<double>::infinity()}) {
      try {
        (void)set(col<&Reading::value> = bad);
        FAIL("set(...) accepted " << bad << " for a decimal column");
      } catch (const quarry::ValidationError& e) {
        auto got = fields_of(e);
        REQUIRE(got.size() == 1);
        CHECK(got[0] == "value: is not a finite number, which decimal columns cannot hold");
      }
    }
    CHECK_NOTHROW(set(col<&Reading::value> = 9999.99));
    CHECK_NOTHROW(set(col<&Reading::value> = -0.0));
    CHECK_THROWS_AS(set(col<&Reading::value> = 10000.5), quarry::ValidationError);
  }
  SECTION("values that fit pass, at the edges too") {
    CHECK_NOTHROW(set(col<&Everything::i8> = -128, col<&Everything::u16> = 65535, col<&Everything::code> = "twelve chars",
                      col<&Everything::day> = quarry::Date{std::chrono::year{9999} / 12 / 31},
                      col<&Everything::exact> = quarry::Decimal("12345678.99994"), col<&Everything::i32> = 2147483647));
    CHECK_NOTHROW(set(col<&Everything::note> = std::nullopt));
  }
}
