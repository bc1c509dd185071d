// The shapes: statements built from a model's lowered data, each placeholder a slot that says
// which field of which row it binds. Their SQL is the same as that of the statements built from
// a row's values, and their slots are in placeholder order.

#include <catch2/catch.hpp>

#include <array>
#include <span>
#include <vector>

#include "models.hpp"

using namespace golden;
namespace ops = quarry::ops;
namespace shape = quarry::ops::shape;
using quarry::sql::Slot;
using quarry::sql::SlotRole;

namespace {

Slot value(std::uint32_t field, std::uint32_t row = 0) { return {field, row, SlotRole::value}; }
Slot key(std::uint32_t field) { return {field, 0, SlotRole::key}; }

/// Every dialect lists the same slots, and only slots.
void same_slots(const Rendered3& r, const quarry::detail::Vector<Slot>& expected) {
  CHECK(r.sqlite.slots == expected);
  CHECK(r.postgres.slots == expected);
  CHECK(r.mysql.slots == expected);
  CHECK(r.sqlite.params.size() == expected.size());
  for (const auto& p : r.sqlite.params) CHECK(std::holds_alternative<quarry::sql::Null>(p));
}

}  // namespace

TEST_CASE("shapes: insert of one row, its key left to the database", "[sql][shapes]") {
  const auto& info = ops::model_info<Book>();
  auto r = render_all(shape::insert(info, 1, true, true));
  Book b{};
  auto by_row = render_all(ops::insert_rows<Book>(std::span<const Book>(&b, 1), true, true));
  CHECK(r.sqlite.sql == by_row.sqlite.sql);
  CHECK(r.postgres.sql == by_row.postgres.sql);
  CHECK(r.mysql.sql == by_row.mysql.sql);
  CHECK(r.postgres.sql ==
        R"(INSERT INTO "books" ("title", "author_id", "price", "stock", "rating", "in_print", "subtitle", )"
        R"("created_at", "updated_at") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING "id")");
  same_slots(r, {value(1), value(2), value(3), value(4), value(5), value(6), value(7), value(8), value(9)});
}

TEST_CASE("shapes: insert of several rows with their own keys", "[sql][shapes]") {
  const auto& info = ops::model_info<Author>();
  auto r = render_all(shape::insert(info, 3, false, false));
  std::array<Author, 3> rows{};
  auto by_row = render_all(ops::insert_rows<Author>(std::span<const Author>(rows), false, false));
  CHECK(r.sqlite.sql == by_row.sqlite.sql);
  CHECK(r.postgres.sql == by_row.postgres.sql);
  CHECK(r.mysql.sql == by_row.mysql.sql);
  CHECK(r.mysql.sql == "INSERT INTO `authors` (`id`, `name`) VALUES (?, ?), (?, ?), (?, ?)");
  same_slots(r, {value(0, 0), value(1, 0), value(0, 1), value(1, 1), value(0, 2), value(1, 2)});
}

TEST_CASE("shapes: insert as one array per column", "[sql][shapes]") {
  const auto& info = ops::model_info<Author>();
  auto r = sql::render(dialect::postgres, shape::insert_arrays(info, true));
  CHECK(r.sql == R"(INSERT INTO "authors" ("name") SELECT * FROM unnest($1::VARCHAR(100)[]) RETURNING "id")");
  CHECK(r.slots == quarry::detail::Vector<Slot>{{1, 0, SlotRole::array}});
}

TEST_CASE("shapes: find by key, a single and a composite key", "[sql][shapes]") {
  auto r = render_all(shape::select_by_key(ops::model_info<Author>()));
  CHECK(r.sqlite.sql == R"(SELECT "id", "name" FROM "authors" WHERE "id" = ?)");
  CHECK(r.postgres.sql == R"(SELECT "id", "name" FROM "authors" WHERE "id" = $1)");
  same_slots(r, {key(0)});

  auto c = render_all(shape::select_by_key(ops::model_info<Enrollment>()));
  CHECK(c.postgres.sql ==
        R"(SELECT "student_id", "course_id", "seat", "grade" FROM "enrollments" WHERE "student_id" = $1 AND "course_id" = $2)");
  same_slots(c, {key(0), key(1)});
}

TEST_CASE("shapes: update by key sets all but the key and created_at, then binds the key", "[sql][shapes]") {
  const auto& info = ops::model_info<Book>();
  auto r = render_all(shape::update_by_key(info));
  Book b{};
  auto by_row = render_all(ops::update_row(b));
  CHECK(r.sqlite.sql == by_row.sqlite.sql);
  CHECK(r.postgres.sql == by_row.postgres.sql);
  CHECK(r.mysql.sql == by_row.mysql.sql);
  // title, author_id, price, stock, rating, in_print, subtitle, updated_at; then id
  same_slots(r, {value(1), value(2), value(3), value(4), value(5), value(6), value(7), value(9), key(0)});
}

TEST_CASE("shapes: delete by key", "[sql][shapes]") {
  auto r = render_all(shape::delete_by_key(ops::model_info<Enrollment>()));
  CHECK(r.mysql.sql == "DELETE FROM `enrollments` WHERE `student_id` = ? AND `course_id` = ?");
  same_slots(r, {key(0), key(1)});
}

TEST_CASE("shapes: values and slots in one statement keep their places", "[sql][shapes]") {
  quarry::sql::Select s = shape::select_by_key(ops::model_info<Author>());
  quarry::sql::and_into(s.where, quarry::sql::Node::binary(quarry::sql::Op::ne, quarry::sql::Node::column("name"),
                                                           quarry::sql::Node::param(std::string("x"))));
  s.limit = 1;
  auto r = sql::render(dialect::postgres, s);
  CHECK(r.sql == R"(SELECT "id", "name" FROM "authors" WHERE "id" = $1 AND "name" <> $2 LIMIT $3)");
  CHECK(r.slots == quarry::detail::Vector<Slot>{key(0), Slot{}, Slot{}});
  REQUIRE(r.params.size() == 3);
  CHECK(std::get<std::string>(r.params[1]) == "x");
  CHECK(std::get<std::int64_t>(r.params[2]) == 1);
  // a statement of values alone has no slots
  CHECK(sql::render(dialect::postgres, ops::select_rows<Author>()).slots.empty());
}
