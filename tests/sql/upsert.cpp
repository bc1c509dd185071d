// Upsert: ON CONFLICT ... DO UPDATE SET x = excluded.x (SQLite, PostgreSQL) and
// ON DUPLICATE KEY UPDATE x = VALUES(x) (MySQL).

#include <catch2/catch.hpp>

#include "models.hpp"

using namespace golden;
namespace ops = quarry::ops;

namespace {
const quarry::Timestamp upsert_stamp{std::chrono::microseconds{1'600'000'000'000'000}};
}

TEST_CASE("upsert: on a clash with the key, every other column but created_at is updated", "[sql][upsert]") {
  Book b{.id = 3, .title = "Dune", .author_id = 7, .price = quarry::Decimal("9.99"), .stock = 1, .rating = 4.5,
         .in_print = true, .subtitle = "Book One", .created_at = upsert_stamp, .updated_at = upsert_stamp};
  auto r = render_all(ops::upsert_row(b, {"id"}, false, false));
  CHECK(r.sqlite.sql ==
        R"(INSERT INTO "books" ("id", "title", "author_id", "price", "stock", "rating", "in_print", "subtitle", )"
        R"("created_at", "updated_at") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("id") DO UPDATE SET )"
        R"("title" = excluded."title", "author_id" = excluded."author_id", "price" = excluded."price", )"
        R"("stock" = excluded."stock", "rating" = excluded."rating", "in_print" = excluded."in_print", )"
        R"("subtitle" = excluded."subtitle", "updated_at" = excluded."updated_at")");
  CHECK(r.postgres.sql ==
        R"(INSERT INTO "books" ("id", "title", "author_id", "price", "stock", "rating", "in_print", "subtitle", )"
        R"("created_at", "updated_at") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT ("id") DO UPDATE SET )"
        R"("title" = excluded."title", "author_id" = excluded."author_id", "price" = excluded."price", )"
        R"("stock" = excluded."stock", "rating" = excluded."rating", "in_print" = excluded."in_print", )"
        R"("subtitle" = excluded."subtitle", "updated_at" = excluded."updated_at")");
  CHECK(r.mysql.sql ==
        "INSERT INTO `books` (`id`, `title`, `author_id`, `price`, `stock`, `rating`, `in_print`, `subtitle`, "
        "`created_at`, `updated_at`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
        "`title` = VALUES(`title`), `author_id` = VALUES(`author_id`), `price` = VALUES(`price`), "
        "`stock` = VALUES(`stock`), `rating` = VALUES(`rating`), `in_print` = VALUES(`in_print`), "
        "`subtitle` = VALUES(`subtitle`), `updated_at` = VALUES(`updated_at`)");
  const auto& p = r.sqlite.params;
  REQUIRE(p.size() == 10);
  CHECK(std::get<std::int64_t>(p[0]) == 3);
  CHECK(std::get<std::string>(p[1]) == "Dune");
  CHECK(std::get<std::string>(p[7]) == "Book One");
  CHECK(std::get<quarry::Timestamp>(p[8]) == upsert_stamp);
  CHECK(r.same_params());
}

TEST_CASE("upsert: on a composite unique key, the key left to the database", "[sql][upsert]") {
  City c{.id = 0, .country_code = "FR", .name = "Paris", .district = "IDF"};
  auto r = render_all(ops::upsert_row(c, {"country_code", "name"}, true, false));
  CHECK(r.sqlite.sql ==
        R"(INSERT INTO "cities" ("country_code", "name", "district") VALUES (?, ?, ?) )"
        R"(ON CONFLICT ("country_code", "name") DO UPDATE SET "district" = excluded."district")");
  CHECK(r.postgres.sql ==
        R"(INSERT INTO "cities" ("country_code", "name", "district") VALUES ($1, $2, $3) )"
        R"(ON CONFLICT ("country_code", "name") DO UPDATE SET "district" = excluded."district")");
  CHECK(r.mysql.sql ==
        "INSERT INTO `cities` (`country_code`, `name`, `district`) VALUES (?, ?, ?) "
        "ON DUPLICATE KEY UPDATE `district` = VALUES(`district`)");
  REQUIRE(r.sqlite.params.size() == 3);
  CHECK(std::get<std::string>(r.sqlite.params[0]) == "FR");
  CHECK(std::get<std::string>(r.sqlite.params[1]) == "Paris");
  CHECK(std::get<std::string>(r.sqlite.params[2]) == "IDF");
  CHECK(r.same_params());
}

TEST_CASE("upsert: nothing left to update keeps the existing row, and RETURNING every column", "[sql][upsert]") {
  Author a{.id = 0, .name = "Ada"};
  auto r = render_all(ops::upsert_row(a, {"name"}, true, true));
  CHECK(r.sqlite.sql == R"(INSERT INTO "authors" ("name") VALUES (?) ON CONFLICT ("name") DO NOTHING RETURNING "id", "name")");
  CHECK(r.postgres.sql ==
        R"(INSERT INTO "authors" ("name") VALUES ($1) ON CONFLICT ("name") DO NOTHING RETURNING "id", "name")");
  CHECK(r.mysql.sql ==
        "INSERT INTO `authors` (`name`) VALUES (?) ON DUPLICATE KEY UPDATE `name` = `name` RETURNING `id`, `name`");
  REQUIRE(r.sqlite.params.size() == 1);
  CHECK(std::get<std::string>(r.sqlite.params[0]) == "Ada");
  CHECK(r.same_params());
}

TEST_CASE("upsert: with RETURNING after the update", "[sql][upsert]") {
  Setting s{.id = 0, .name = "theme", .enabled = true, .level = 2, .quote = "q", .seen = upsert_stamp, .note = "n"};
  auto r = render_all(ops::upsert_row(s, {"name"}, true, true));
  CHECK(r.sqlite.sql ==
        R"(INSERT INTO "settings" ("name", "enabled", "level", "quote", "seen", "remark") VALUES (?, ?, ?, ?, ?, ?) )"
        R"(ON CONFLICT ("name") DO UPDATE SET "enabled" = excluded."enabled", "level" = excluded."level", )"
        R"("quote" = excluded."quote", "seen" = excluded."seen", "remark" = excluded."remark" )"
        R"(RETURNING "id", "name", "enabled", "level", "quote", "seen", "remark")");
  CHECK(r.postgres.sql ==
        R"(INSERT INTO "settings" ("name", "enabled", "level", "quote", "seen", "remark") )"
        R"(VALUES ($1, $2, $3, $4, $5, $6) )"
        R"(ON CONFLICT ("name") DO UPDATE SET "enabled" = excluded."enabled", "level" = excluded."level", )"
        R"("quote" = excluded."quote", "seen" = excluded."seen", "remark" = excluded."remark" )"
        R"(RETURNING "id", "name", "enabled", "level", "quote", "seen", "remark")");
  CHECK(r.mysql.sql ==
        "INSERT INTO `settings` (`name`, `enabled`, `level`, `quote`, `seen`, `remark`) VALUES (?, ?, ?, ?, ?, ?) "
        "ON DUPLICATE KEY UPDATE `enabled` = VALUES(`enabled`), `level` = VALUES(`level`), "
        "`quote` = VALUES(`quote`), `seen` = VALUES(`seen`), `remark` = VALUES(`remark`) "
        "RETURNING `id`, `name`, `enabled`, `level`, `quote`, `seen`, `remark`");
  REQUIRE(r.sqlite.params.size() == 6);
  CHECK(std::get<std::string>(r.sqlite.params[0]) == "theme");
  CHECK(std::get<bool>(r.sqlite.params[1]) == true);
  CHECK(std::get<std::int64_t>(r.sqlite.params[2]) == 2);
  CHECK(std::get<std::string>(r.sqlite.params[5]) == "n");
}

TEST_CASE("upsert: quote characters in names are doubled", "[sql][upsert][security]") {
  Weird w{.id = 1, .name = "n"};
  auto r = render_all(ops::upsert_row(w, {"id"}, false, false));
  CHECK(r.sqlite.sql ==
        R"(INSERT INTO "we""ird`s" ("id", "na""me`x") VALUES (?, ?) ON CONFLICT ("id") DO UPDATE SET )"
        R"("na""me`x" = excluded."na""me`x")");
  CHECK(r.postgres.sql ==
        R"(INSERT INTO "we""ird`s" ("id", "na""me`x") VALUES ($1, $2) ON CONFLICT ("id") DO UPDATE SET )"
        R"("na""me`x" = excluded."na""me`x")");
  CHECK(r.mysql.sql ==
        R"(INSERT INTO `we"ird``s` (`id`, `na"me``x`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `na"me``x` = VALUES(`na"me``x`))");
}
