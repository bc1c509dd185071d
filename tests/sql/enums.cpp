// Enums by name and defaults, without a server: the DDL of an enum column on each dialect (a type
// of its own on PostgreSQL, ENUM on MySQL, TEXT with a CHECK on SQLite), the names bound by where
// clauses and by bulk arrays, the literal of each kind of default, and the names read at compile
// time.

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models.hpp"

#include <quarry/ops/bind.hpp>
#include <quarry/ops/row.hpp>
#include <quarry/schema/ddl.hpp>

using namespace golden;
using namespace quarry::dsl;
namespace schema = quarry::schema;

namespace named {
enum class Level { low, mid, high };
enum class Odd : std::int16_t { minus = -3, zero = 0, sixty = 60 };
enum class Quoted { a, b };
enum Plain { first_plain, second_plain };
struct Task {
  std::int64_t id{};
  std::string title;
  Level level = Level::mid;
  std::optional<Level> was;
  Quoted quoted = Quoted::a;
  std::int32_t weight{};
  quarry::Uuid ref{};
  quarry::Date due{};
  quarry::Timestamp seen{};
  quarry::Decimal cost;
};
}  // namespace named

template <>
struct quarry::Enum<named::Quoted> {
  static constexpr std::pair<named::Quoted, std::string_view> names[] = {{named::Quoted::b, "it's b"},
                                                                         {named::Quoted::a, "A"}};
};

template <>
struct quarry::Model<named::Task> {
  static constexpr auto fields = quarry::fields(
      quarry::field<&named::Task::level>(quarry::default_value(named::Level::mid)),
      quarry::field<&named::Task::weight>(quarry::default_value(5)),
      quarry::field<&named::Task::ref>(quarry::default_random_uuid),
      quarry::field<&named::Task::due>(quarry::default_now), quarry::field<&named::Task::seen>(quarry::default_now),
      quarry::field<&named::Task::cost>(quarry::default_value("1.50")));
};

using named::Level;
using named::Task;

TEST_CASE("enums: names read at compile time, and the range looked at", "[sql][enums]") {
  using quarry::detail::enum_name;
  using quarry::detail::EnumNames;
  STATIC_REQUIRE(enum_name(Level::high) == "high");
  STATIC_REQUIRE(enum_name(static_cast<Level>(3)).empty());
  STATIC_REQUIRE(EnumNames<Level>::consecutive);
  STATIC_REQUIRE(EnumNames<named::Odd>::count == 3);  // -3 and 60: inside -8 to 63
  STATIC_REQUIRE(!EnumNames<named::Odd>::consecutive);
  STATIC_REQUIRE(enum_name(named::Odd::minus) == "minus");
  STATIC_REQUIRE(enum_name(named::Odd::sixty) == "sixty");
  STATIC_REQUIRE(enum_name(named::second_plain) == "second_plain");  // an unscoped enum: no prefix
  STATIC_REQUIRE(EnumNames<named::Quoted>::labels[0] == "A");           // given by hand, in value order
  STATIC_REQUIRE(*EnumNames<named::Quoted>::value("it's b") == named::Quoted::b);
  STATIC_REQUIRE(!EnumNames<named::Quoted>::value("a"));
  STATIC_REQUIRE(quarry::detail::type_kind<Level>() == quarry::TypeKind::enumeration);
  STATIC_REQUIRE(quarry::detail::type_kind<std::optional<Level>>() == quarry::TypeKind::enumeration);
  STATIC_REQUIRE(quarry::detail::type_kind<golden::Color>() == quarry::TypeKind::uint8);  // Enum<Color>::as_integer
}

TEST_CASE("enums: the DDL of an enum column on each dialect", "[sql][enums][ddl]") {
  auto tables = schema::tables<Task>();
  auto sqlite = schema::create_statements(dialect::sqlite, tables);
  auto postgres = schema::create_statements(dialect::postgres, tables);
  auto mysql = schema::create_statements(dialect::mysql, tables);
  REQUIRE(sqlite.size() == 1);
  CHECK(sqlite[0].find(R"("level" TEXT NOT NULL DEFAULT 'mid' CHECK ("level" IN ('low', 'mid', 'high')))") !=
        std::string::npos);
  CHECK(sqlite[0].find(R"("was" TEXT CHECK ("was" IN ('low', 'mid', 'high')))") != std::string::npos);
  CHECK(sqlite[0].find(R"("quoted" TEXT NOT NULL CHECK ("quoted" IN ('A', 'it''s b')))") != std::string::npos);

  REQUIRE(postgres.size() == 4);  // a type per enum column, then the table
  CHECK(postgres[0] ==
        R"(DO $quarry$ BEGIN CREATE TYPE "enum_tasks_level" AS ENUM ('low', 'mid', 'high'); )"
        R"(EXCEPTION WHEN duplicate_object THEN NULL; END $quarry$)");
  CHECK(postgres[1].find(R"(CREATE TYPE "enum_tasks_was" AS ENUM)") != std::string::npos);
  CHECK(postgres[2].find(R"(CREATE TYPE "enum_tasks_quoted" AS ENUM ('A', 'it''s b'))") != std::string::npos);
  CHECK(postgres[3].find(R"("level" "enum_tasks_level" NOT NULL DEFAULT 'mid')") != std::string::npos);
  CHECK(postgres[3].find(R"("was" "enum_tasks_was",)") != std::string::npos);

  REQUIRE(mysql.size() == 1);
  CHECK(mysql[0].find("`level` ENUM('low', 'mid', 'high') NOT NULL DEFAULT 'mid'") != std::string::npos);
  CHECK(mysql[0].find("`quoted` ENUM('A', 'it''s b') NOT NULL") != std::string::npos);

  // force and drop remove the types after the table (PostgreSQL)
  auto forced = schema::create_statements(dialect::postgres, tables, true);
  REQUIRE(forced.size() == 8);
  CHECK(forced[0] == R"(DROP TABLE IF EXISTS "tasks")");
  CHECK(forced[1] == R"(DROP TYPE IF EXISTS "enum_tasks_level")");
  CHECK(schema::drop_statements(dialect::sqlite, tables) == std::vector<std::string>{R"(DROP TABLE IF EXISTS "tasks")"});

  // a dollar quote the labels do not hold
  std::string_view odd[] = {"$quarry$"};
  auto r = sql::render(dialect::postgres, sql::CreateEnumType{"t", odd});
  CHECK(r.sql == R"(DO $quarry1$ BEGIN CREATE TYPE "t" AS ENUM ('$quarry$'); )"
                 R"(EXCEPTION WHEN duplicate_object THEN NULL; END $quarry1$)");
  CHECK_THROWS_AS(sql::render(dialect::sqlite, sql::CreateEnumType{"t", odd}), quarry::UnsupportedError);
}

TEST_CASE("defaults: the DDL of each kind on each dialect", "[sql][defaults][ddl]") {
  auto table = schema::table<Task>();
  auto sqlite = sql::render(dialect::sqlite, table.create).sql;
  auto postgres = sql::render(dialect::postgres, table.create).sql;
  auto mysql = sql::render(dialect::mysql, table.create).sql;
  CHECK(sqlite.find(R"("weight" INTEGER NOT NULL DEFAULT 5)") != std::string::npos);
  CHECK(sqlite.find(R"("due" DATE NOT NULL DEFAULT CURRENT_DATE)") != std::string::npos);
  CHECK(sqlite.find(R"("seen" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)") != std::string::npos);
  CHECK(sqlite.find(R"("ref" UUID NOT NULL DEFAULT (lower(hex(randomblob(4))))") != std::string::npos);
  CHECK(sqlite.find(R"("cost" NUMERIC NOT NULL DEFAULT '1.50')") != std::string::npos);
  CHECK(postgres.find(R"("ref" UUID NOT NULL DEFAULT gen_random_uuid())") != std::string::npos);
  CHECK(postgres.find(R"("due" DATE NOT NULL DEFAULT CURRENT_DATE)") != std::string::npos);
  CHECK(mysql.find("`ref` CHAR(36) NOT NULL DEFAULT (UUID())") != std::string::npos);
  CHECK(mysql.find("`due` DATE NOT NULL DEFAULT (CURRENT_DATE)") != std::string::npos);
  CHECK(mysql.find("`seen` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)") != std::string::npos);
}

TEST_CASE("enums: where clauses and bulk arrays bind the names", "[sql][enums][where]") {
  sql::Select s;
  s.table = "tasks";
  REQUIRE(quarry::query::apply_clauses<Task, quarry::query::find_clauses>(
      s, where(col<&Task::level> == Level::high && col<&Task::was>.in({Level::low, Level::mid}))));
  auto r = render_all(s);
  CHECK(r.sqlite.sql == R"(SELECT * FROM "tasks" WHERE "level" = ? AND "was" IN (?, ?))");
  // PostgreSQL: the names as one array literal, read as the enum's own array type
  CHECK(r.postgres.sql == R"(SELECT * FROM "tasks" WHERE "level" = $1 AND "was" = ANY($2))");
  REQUIRE(r.sqlite.params.size() == 3);
  CHECK(std::get<std::string_view>(r.sqlite.params[0]) == "high");  // static text: no copy
  CHECK(std::get<std::string_view>(r.sqlite.params[2]) == "mid");
  CHECK(r.sqlite.params == r.mysql.params);
  CHECK(std::get<std::string>(r.postgres.params[1]) == R"({"low","mid"})");
  CHECK_THROWS_AS(quarry::detail::to_query_value(static_cast<Level>(5)), quarry::ConversionError);

  // PostgreSQL's bulk insert: one text array per enum column, cast to the column's type
  const auto& info = quarry::ops::model_info<Task>();
  auto bulk = sql::render(dialect::postgres, quarry::ops::shape::insert_arrays(info, true));
  CHECK(bulk.sql.find(R"($2::"enum_tasks_level"[], $3::"enum_tasks_was"[])") != std::string::npos);
  Task a{.title = "a", .level = Level::high}, b{.title = "b", .was = Level::low};
  Task* rows[] = {&a, &b};
  auto params = quarry::ops::array_params<Task>(rows, bulk.slots, dialect::postgres);
  CHECK(std::get<std::string>(params.at(1)) == R"({"high","mid"})");
  CHECK(std::get<std::string>(params.at(2)) == R"({NULL,"low"})");
}

TEST_CASE("defaults: fill_defaults gives what was not given, and unfill_defaults takes it back",
          "[sql][defaults]") {
  auto now = quarry::now();
  Task t{.title = "t", .level = Level::low};
  auto filled = quarry::ops::fill_defaults(t, now);
  CHECK(filled != 0);
  CHECK(t.level == Level::low);  // given: Task{} holds mid
  CHECK(t.weight == 5);
  CHECK(t.ref != quarry::Uuid{});
  CHECK(t.seen == now);
  CHECK(t.due == quarry::Date{std::chrono::floor<std::chrono::days>(now)});
  CHECK(t.cost == quarry::Decimal{"1.50"});
  quarry::ops::unfill_defaults(t, filled);
  CHECK(t.weight == 0);
  CHECK(t.ref == quarry::Uuid{});
  CHECK(t.seen == quarry::Timestamp{});
  CHECK(t.cost == quarry::Decimal{});

  Task given{.title = "g", .weight = 2, .cost = quarry::Decimal{"0.10"}};
  quarry::ops::fill_defaults(given, now);
  CHECK(given.weight == 2);
  CHECK(given.cost == quarry::Decimal{"0.10"});
  STATIC_REQUIRE(quarry::ops::detail::default_count<golden::Author> == 0);  // nothing to do, nothing paid
}
