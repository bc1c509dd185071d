// Partial rows and the rest of a model's definition, as SQL: the columns a read selects (only,
// except, with_hidden, hidden fields, keys always), the UPDATE of a row without its hidden
// columns, snake_case column names, and column comments in the DDL of each dialect.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "models.hpp"

#include <quarry/ops/read.hpp>
#include <quarry/ops/shapes.hpp>
#include <quarry/schema/ddl.hpp>

using namespace golden;
using namespace quarry::dsl;
namespace ops = quarry::ops;
namespace schema = quarry::schema;

namespace picked {
struct Account {
  std::int64_t id{};
  std::string userName;
  std::string passwordHash;
  std::string note;
  quarry::Timestamp createdAt{}, updatedAt{};
};
struct Plain {  // no naming, no hidden field: every read as before
  std::int64_t id{};
  std::string firstName;
};
}  // namespace picked

template <>
struct quarry::Model<picked::Account> {
  static constexpr auto naming = quarry::snake_case;
  static constexpr auto fields = quarry::fields(
      quarry::field<&picked::Account::passwordHash>(quarry::hidden),
      quarry::field<&picked::Account::note>(quarry::column("remark"), quarry::comment("it's a\\b")));
};

using picked::Account;
using picked::Plain;

TEST_CASE("partial rows: the columns a read selects", "[sql][partial]") {
  auto every = render_all(ops::rows<Account>(std::nullopt));
  CHECK(every.postgres.sql == R"(SELECT "id", "user_name", "remark", "created_at", "updated_at" FROM "accounts")");
  auto only_name = render_all(ops::rows<Account>(std::nullopt, only<&Account::userName>()));
  CHECK(only_name.sqlite.sql == R"(SELECT "id", "user_name" FROM "accounts")");
  CHECK(only_name.mysql.sql == "SELECT `id`, `user_name` FROM `accounts`");
  auto except_note = render_all(ops::rows<Account>(std::nullopt, except<&Account::note, &Account::id>()));
  CHECK(except_note.postgres.sql == R"(SELECT "id", "user_name", "created_at", "updated_at" FROM "accounts")");
  auto hash = render_all(ops::rows<Account>(std::nullopt, with_hidden<&Account::passwordHash>(),
                                            where(col<&Account::userName> == "ada")));
  CHECK(hash.postgres.sql == R"(SELECT "id", "user_name", "password_hash", "remark", "created_at", "updated_at" )"
                             R"(FROM "accounts" WHERE "user_name" = $1)");
  auto only_hash = render_all(ops::rows<Account>(std::nullopt, only<&Account::passwordHash>()));
  CHECK(only_hash.postgres.sql == R"(SELECT "id", "password_hash" FROM "accounts")");
  // only<...> twice: the union; except<...> after only<...>
  auto both = render_all(ops::rows<Account>(std::nullopt, only<&Account::note>(), only<&Account::createdAt>(),
                                            except<&Account::note>()));
  CHECK(both.postgres.sql == R"(SELECT "id", "created_at" FROM "accounts")");
}

TEST_CASE("partial rows: the fields read, keys and include keys included", "[sql][partial]") {
  constexpr auto& mask = ops::fields_read<Account, decltype(only<&Account::note>())>;
  STATIC_REQUIRE(mask == std::array<bool, 6>{true, false, false, true, false, false});
  STATIC_REQUIRE(quarry::detail::read_by_default<Account> == std::array<bool, 6>{true, true, false, true, true, true});
  STATIC_REQUIRE(ops::fields_read<Plain> == std::array<bool, 2>{true, true});
}

TEST_CASE("hidden fields: the shapes leave them out of reads and of the UPDATE of a row", "[sql][partial]") {
  const auto& info = ops::model_info<Account>();
  auto all = render_all(ops::all_rows(info));
  CHECK(all.sqlite.sql == R"(SELECT "id", "user_name", "remark", "created_at", "updated_at" FROM "accounts")");
  auto by_key = render_all(ops::row_by_key(info));
  CHECK(by_key.postgres.sql ==
        R"(SELECT "id", "user_name", "remark", "created_at", "updated_at" FROM "accounts" WHERE "id" = $1)");
  auto update = render_all(ops::shape::update_by_key(info));
  CHECK(update.postgres.sql == R"(UPDATE "accounts" SET "user_name" = $1, "remark" = $2, "updated_at" = $3 WHERE "id" = $4)");
  auto insert = render_all(ops::shape::insert(info, 1, true, true));  // an insert writes them
  CHECK(insert.postgres.sql == R"(INSERT INTO "accounts" ("user_name", "password_hash", "remark", "created_at", )"
                               R"("updated_at") VALUES ($1, $2, $3, $4, $5) RETURNING "id")");
  // a model without hidden fields: as before
  auto plain = render_all(ops::all_rows(ops::model_info<Plain>()));
  CHECK(plain.sqlite.sql == R"(SELECT "id", "firstName" FROM "plains")");
}

TEST_CASE("naming: snake_case columns, their timestamps, comments in the DDL", "[sql][ddl][partial]") {
  auto r = render_all(schema::table<Account>().create);
  CHECK(r.sqlite.sql == R"(CREATE TABLE IF NOT EXISTS "accounts" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, )"
                        R"("user_name" TEXT NOT NULL, "password_hash" TEXT NOT NULL, "remark" TEXT NOT NULL, )"
                        R"("created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL))");
  CHECK(r.mysql.sql == "CREATE TABLE IF NOT EXISTS `accounts` (`id` BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT, "
                       "`user_name` LONGTEXT NOT NULL, `password_hash` LONGTEXT NOT NULL, "
                       "`remark` LONGTEXT NOT NULL COMMENT 'it''s a\\\\b', `created_at` DATETIME(6) NOT NULL, "
                       "`updated_at` DATETIME(6) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
  auto pg = schema::create_statements(quarry::dialect::postgres, {schema::table<Account>()});
  REQUIRE(pg.size() == 2);
  CHECK(pg[1] == R"(COMMENT ON COLUMN "accounts"."remark" IS 'it''s a\b')");
  auto lite = schema::create_statements(quarry::dialect::sqlite, {schema::table<Account>()});
  CHECK(lite.size() == 1);  // SQLite keeps no comments
  const auto& info = ops::model_info<Account>();
  REQUIRE(info.created_at);
  REQUIRE(info.updated_at);
  CHECK(info.columns[*info.created_at] == "created_at");
  CHECK(info.columns[*info.updated_at] == "updated_at");
  CHECK(info.hidden == quarry::detail::Vector<std::size_t>{2});
}
