// The types MySQL and MariaDB report in information_schema.COLUMNS, spelled as quarry's DDL
// spells them (dialect/mysql.hpp), so that a synced model compares equal with its table.

#include <catch2/catch.hpp>

#include <quarry/dialect/mysql.hpp>

#include <string>

TEST_CASE("introspection: MySQL's reported column types in the spelling of quarry's DDL", "[sql][introspect]") {
  auto spell = quarry::dialect::mysql.introspection.column_type;
  REQUIRE(spell != nullptr);
  CHECK(spell("bigint(20)") == "BIGINT");
  CHECK(spell("bigint") == "BIGINT");  // MySQL 8.0.19 and later report no display width
  CHECK(spell("bigint(20) unsigned") == "BIGINT UNSIGNED");
  CHECK(spell("int(11)") == "INT");
  CHECK(spell("int(10) unsigned") == "INT UNSIGNED");
  CHECK(spell("smallint(6)") == "SMALLINT");
  CHECK(spell("tinyint(4)") == "TINYINT");
  CHECK(spell("tinyint(1)") == "BOOLEAN");
  CHECK(spell("tinyint(3) unsigned") == "TINYINT UNSIGNED");
  CHECK(spell("varchar(255)") == "VARCHAR(255)");
  CHECK(spell("char(36)") == "CHAR(36)");
  CHECK(spell("decimal(10,2)") == "DECIMAL(10, 2)");
  CHECK(spell("datetime(6)") == "DATETIME(6)");
  CHECK(spell("longtext") == "LONGTEXT");
  CHECK(spell("longblob") == "LONGBLOB");
  CHECK(spell("double") == "DOUBLE");
  // an enumeration's names keep their case, their commas and their doubled quotes
  CHECK(spell("enum('Draft','a,b','it''s')") == "ENUM('Draft', 'a,b', 'it''s')");
  CHECK(spell("enum('a', 'b')") == "ENUM('a', 'b')");
}
