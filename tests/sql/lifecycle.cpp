// Soft delete and optimistic locking in SQL: a model with deleted_at reads its live rows only
// ("deleted_at" IS NULL in every read), soft-deletes and restores by UPDATE; a model with a
// version checks it in every update by key and counts it up; a model with neither sends exactly
// the SQL it sent before.

#include <catch2/catch.hpp>

#include <optional>

#include <quarry/ops/read.hpp>
#include <quarry/ops/write.hpp>

#include "models.hpp"

using namespace golden;
using namespace quarry::dsl;
namespace ops = quarry::ops;
namespace shape = quarry::ops::shape;

namespace golden {
struct Note {  // deleted_at and version by convention
  std::int64_t id{};
  std::string text;
  std::optional<quarry::Timestamp> deleted_at;
  std::int32_t version{};
};
struct Ticket {  // the roles declared on members of other names
  std::int64_t id{};
  std::string title;
  std::optional<quarry::Timestamp> removed;
  std::int64_t revision{};
};
}  // namespace golden

template <>
struct quarry::Model<golden::Ticket> {
  static constexpr auto fields = quarry::fields(quarry::field<&golden::Ticket::removed>(quarry::soft_delete),
                                                quarry::field<&golden::Ticket::revision>(quarry::optimistic_lock));
};

static_assert(ops::soft_deletes_v<Note> && ops::versioned_v<Note>);
static_assert(ops::soft_deletes_v<Ticket> && ops::versioned_v<Ticket>);
static_assert(!ops::soft_deletes_v<Book> && !ops::versioned_v<Book>);

TEST_CASE("lifecycle: a model without deleted_at or version sends the SQL it sent before", "[sql][lifecycle]") {
  const auto& info = ops::model_info<Book>();
  CHECK_FALSE(info.deleted_at.has_value());
  CHECK_FALSE(info.version.has_value());
  CHECK_FALSE(info.filter.has_value());
  const std::string columns =
      R"("id", "title", "author_id", "price", "stock", "rating", "in_print", "subtitle", "created_at", "updated_at")";
  CHECK(render_all(ops::all_rows(info)).postgres.sql == "SELECT " + columns + R"( FROM "books")");
  CHECK(render_all(ops::row_by_key(info)).postgres.sql == "SELECT " + columns + R"( FROM "books" WHERE "id" = $1)");
  CHECK(render_all(ops::count(info, std::nullopt)).postgres.sql == R"(SELECT COUNT(*) FROM "books")");
  CHECK(render_all(shape::update_by_key(info)).postgres.sql ==
        R"(UPDATE "books" SET "title" = $1, "author_id" = $2, "price" = $3, "stock" = $4, "rating" = $5, )"
        R"("in_print" = $6, "subtitle" = $7, "updated_at" = $8 WHERE "id" = $9)");
  CHECK(render_all(shape::delete_by_key(info)).postgres.sql == R"(DELETE FROM "books" WHERE "id" = $1)");
  auto w = ops::write_where<Book>(where(col<&Book::stock> == 0));
  REQUIRE(w);
  CHECK(render_all(quarry::sql::Delete{"books", w}).postgres.sql == R"(DELETE FROM "books" WHERE "stock" = $1)");
  quarry::sql::Update u{"books", {{"stock", quarry::sql::Node::param(std::int64_t{1})}}, w};
  ops::prepare_where(info, u);
  CHECK(render_all(u).postgres.sql == R"(UPDATE "books" SET "stock" = $1, "updated_at" = $2 WHERE "stock" = $3)");
}

TEST_CASE("lifecycle: a model with deleted_at reads its live rows, or every row, or the deleted ones",
          "[sql][lifecycle]") {
  const auto& info = ops::model_info<Note>();
  REQUIRE(info.deleted_at == 2u);
  auto all = render_all(ops::all_rows(info));
  CHECK(all.sqlite.sql == R"(SELECT "id", "text", "deleted_at", "version" FROM "notes" WHERE "deleted_at" IS NULL)");
  CHECK(all.mysql.sql == "SELECT `id`, `text`, `deleted_at`, `version` FROM `notes` WHERE `deleted_at` IS NULL");
  CHECK(render_all(ops::row_by_key(info)).postgres.sql ==
        R"(SELECT "id", "text", "deleted_at", "version" FROM "notes" WHERE "id" = $1 AND "deleted_at" IS NULL)");
  CHECK(render_all(ops::count(info, std::nullopt)).postgres.sql ==
        R"(SELECT COUNT(*) FROM "notes" WHERE "deleted_at" IS NULL)");

  auto q = render_all(ops::rows<Note>(std::nullopt, where(col<&Note::id> > 3)));
  CHECK(q.postgres.sql ==
        R"(SELECT "id", "text", "deleted_at", "version" FROM "notes" WHERE "id" > $1 AND "deleted_at" IS NULL)");
  auto with = render_all(ops::rows<Note>(std::nullopt, where(col<&Note::id> > 3), with_deleted()));
  CHECK(with.postgres.sql == R"(SELECT "id", "text", "deleted_at", "version" FROM "notes" WHERE "id" > $1)");
  auto only = render_all(ops::rows<Note>(std::nullopt, only_deleted()));
  CHECK(only.postgres.sql ==
        R"(SELECT "id", "text", "deleted_at", "version" FROM "notes" WHERE "deleted_at" IS NOT NULL)");
  CHECK(render_all(ops::count(info, std::nullopt, {.deleted = quarry::query::Deleted::with})).postgres.sql ==
        R"(SELECT COUNT(*) FROM "notes")");

  // the roles on members of other names, declared
  const auto& tickets = ops::model_info<Ticket>();
  CHECK(tickets.deleted_at == 2u);
  CHECK(tickets.version == 3u);
  CHECK(render_all(ops::count(tickets, std::nullopt)).postgres.sql ==
        R"(SELECT COUNT(*) FROM "tickets" WHERE "removed" IS NULL)");
}

TEST_CASE("lifecycle: destroy of a model with deleted_at is an UPDATE, restore sets it back to NULL",
          "[sql][lifecycle]") {
  const auto& info = ops::model_info<Note>();
  auto soft = render_all(shape::soft_delete_by_key(info));
  CHECK(soft.postgres.sql == R"(UPDATE "notes" SET "deleted_at" = $1 WHERE "id" = $2 AND "deleted_at" IS NULL)");
  CHECK(soft.mysql.sql == "UPDATE `notes` SET `deleted_at` = ? WHERE `id` = ? AND `deleted_at` IS NULL");
  CHECK(soft.sqlite.slots == quarry::detail::Vector<quarry::sql::Slot>{{2, 0, quarry::sql::SlotRole::value},
                                                            {0, 0, quarry::sql::SlotRole::key}});
  auto back = render_all(shape::restore_by_key(info));
  CHECK(back.postgres.sql == R"(UPDATE "notes" SET "deleted_at" = $1 WHERE "id" = $2 AND "deleted_at" IS NOT NULL)");
  CHECK(std::holds_alternative<quarry::sql::Null>(back.postgres.params.at(0)));
  // force: the delete by key as it is
  CHECK(render_all(shape::delete_by_key(info)).postgres.sql == R"(DELETE FROM "notes" WHERE "id" = $1)");

  // by where: the live rows, unless force; restore: the deleted ones
  auto live = ops::write_where<Note>(where(col<&Note::text> == "x"));
  CHECK(render_all(quarry::sql::Delete{"notes", live}).postgres.sql ==
        R"(DELETE FROM "notes" WHERE "text" = $1 AND "deleted_at" IS NULL)");
  auto forced = ops::write_where<Note, quarry::query::c_where | quarry::query::c_force>(where(col<&Note::text> == "x"),
                                                                                        quarry::force);
  CHECK(render_all(quarry::sql::Delete{"notes", forced}).postgres.sql == R"(DELETE FROM "notes" WHERE "text" = $1)");
  auto gone = ops::write_where<Note>(every_row, only_deleted());
  CHECK(render_all(quarry::sql::Delete{"notes", gone}).postgres.sql ==
        R"(DELETE FROM "notes" WHERE "deleted_at" IS NOT NULL)");
}

TEST_CASE("lifecycle: an update by key of a versioned model checks the version and counts it up",
          "[sql][lifecycle]") {
  const auto& info = ops::model_info<Note>();
  REQUIRE(info.version == 3u);
  auto u = render_all(shape::update_by_key(info));
  CHECK(u.postgres.sql ==
        R"(UPDATE "notes" SET "text" = $1, "deleted_at" = $2, "version" = "version" + $3 WHERE "id" = $4 AND )"
        R"("version" = $5)");
  CHECK(u.mysql.sql ==
        "UPDATE `notes` SET `text` = ?, `deleted_at` = ?, `version` = `version` + ? WHERE `id` = ? AND `version` = ?");
  CHECK(u.sqlite.params.at(2) == quarry::sql::Value{std::int64_t{1}});
  CHECK(u.sqlite.slots.at(4) == quarry::sql::Slot{3, 0, quarry::sql::SlotRole::key});

  // the statement of a row's values binds its version in the WHERE
  Note n{.id = 4, .text = "t", .deleted_at = std::nullopt, .version = 7};
  auto by_row = render_all(ops::update_row(n));
  CHECK(by_row.postgres.sql == u.postgres.sql);
  CHECK(by_row.sqlite.params.at(4) == quarry::sql::Value{std::int64_t{7}});

  // by where: version + 1 joins the SET; an upsert leaves the version as stored
  quarry::sql::Update w{"notes", {{"text", quarry::sql::Node::param(std::string("y"))}}, std::nullopt};
  ops::prepare_where(info, w);
  CHECK(render_all(w).postgres.sql == R"(UPDATE "notes" SET "text" = $1, "version" = "version" + $2)");
  auto up = ops::upsert_row(n, {"id"}, false, false);
  CHECK(up.upsert->update_columns == std::vector<std::string>{"text", "deleted_at"});
}
