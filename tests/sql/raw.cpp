// Raw SQL: '?' placeholders numbered for PostgreSQL, and the statements that open a transaction.

#include <catch2/catch.hpp>

#include "models.hpp"

using namespace golden;
using quarry::sql::Isolation;
using quarry::sql::translate_placeholders;

TEST_CASE("raw: SQLite and MySQL keep '?' as it is", "[sql][raw]") {
  const char* text = "SELECT * FROM t WHERE a = ? AND b IN (?, ?) AND c = '?'";
  CHECK(translate_placeholders(dialect::sqlite, text) == text);
  CHECK(translate_placeholders(dialect::mysql, text) == text);
}

TEST_CASE("raw: PostgreSQL numbers each '?' as $n", "[sql][raw]") {
  CHECK(translate_placeholders(dialect::postgres, "SELECT * FROM t WHERE a = ? AND b IN (?, ?)") ==
        "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)");
  CHECK(translate_placeholders(dialect::postgres, "SELECT 1") == "SELECT 1");
  CHECK(translate_placeholders(dialect::postgres, "") == "");
  CHECK(translate_placeholders(dialect::postgres, "?") == "$1");
  CHECK(translate_placeholders(dialect::postgres, "VALUES (?,?,?,?,?,?,?,?,?,?,?)") ==
        "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)");
}

TEST_CASE("raw: PostgreSQL leaves '?' inside quotes and comments alone", "[sql][raw]") {
  SECTION("a quoted string") {
    CHECK(translate_placeholders(dialect::postgres, "SELECT * FROM t WHERE note = '?' AND a = ?") ==
          "SELECT * FROM t WHERE note = '?' AND a = $1");
  }
  SECTION("a quoted string with a doubled quote in it") {
    CHECK(translate_placeholders(dialect::postgres, "SELECT 'it''s ?', ? FROM t WHERE x = '' AND y = ?") ==
          "SELECT 'it''s ?', $1 FROM t WHERE x = '' AND y = $2");
  }
  SECTION("a quoted identifier") {
    CHECK(translate_placeholders(dialect::postgres, R"(SELECT "what?" FROM "t""?" WHERE a = ?)") ==
          R"(SELECT "what?" FROM "t""?" WHERE a = $1)");
  }
  SECTION("a line comment") {
    CHECK(translate_placeholders(dialect::postgres, "SELECT ? -- why? because\nFROM t WHERE a = ?") ==
          "SELECT $1 -- why? because\nFROM t WHERE a = $2");
    CHECK(translate_placeholders(dialect::postgres, "SELECT ? -- last?") == "SELECT $1 -- last?");
  }
  SECTION("a block comment") {
    CHECK(translate_placeholders(dialect::postgres, "SELECT /* a? b? */ ? FROM t") == "SELECT /* a? b? */ $1 FROM t");
  }
  SECTION("an escape string, with a backslash-escaped quote in it") {
    CHECK(translate_placeholders(dialect::postgres, R"(SELECT E'it\'s ?', ? FROM t)") == R"(SELECT E'it\'s ?', $1 FROM t)");
  }
  SECTION("a dollar-quoted string") {
    CHECK(translate_placeholders(dialect::postgres, "SELECT $$ a ? b $$, ? FROM t") == "SELECT $$ a ? b $$, $1 FROM t");
    CHECK(translate_placeholders(dialect::postgres, "SELECT $fn$ it's ? $fn$, ?") == "SELECT $fn$ it's ? $fn$, $1");
  }
  SECTION("an unterminated string runs to the end") {
    CHECK(translate_placeholders(dialect::postgres, "SELECT ? WHERE a = 'open ?") == "SELECT $1 WHERE a = 'open ?");
  }
}

TEST_CASE("raw: begin_transaction on SQLite takes the write lock up front unless read-only", "[sql][transaction]") {
  using V = std::vector<std::string>;
  CHECK(sql::begin_transaction(dialect::sqlite, Isolation::default_level, false) == V{"BEGIN IMMEDIATE"});
  CHECK(sql::begin_transaction(dialect::sqlite, Isolation::default_level, true) ==
        V{"BEGIN DEFERRED", "PRAGMA query_only = ON"});
  CHECK(sql::begin_transaction(dialect::sqlite, Isolation::serializable, false) == V{"BEGIN IMMEDIATE"});
  CHECK(sql::begin_transaction(dialect::sqlite, Isolation::read_committed, true) ==
        V{"BEGIN DEFERRED", "PRAGMA query_only = ON"});
}

TEST_CASE("raw: begin_transaction on PostgreSQL", "[sql][transaction]") {
  using V = std::vector<std::string>;
  CHECK(sql::begin_transaction(dialect::postgres, Isolation::default_level, false) == V{"BEGIN"});
  CHECK(sql::begin_transaction(dialect::postgres, Isolation::default_level, true) == V{"BEGIN READ ONLY"});
  CHECK(sql::begin_transaction(dialect::postgres, Isolation::read_uncommitted, false) ==
        V{"BEGIN ISOLATION LEVEL READ UNCOMMITTED"});
  CHECK(sql::begin_transaction(dialect::postgres, Isolation::read_committed, false) ==
        V{"BEGIN ISOLATION LEVEL READ COMMITTED"});
  CHECK(sql::begin_transaction(dialect::postgres, Isolation::repeatable_read, false) ==
        V{"BEGIN ISOLATION LEVEL REPEATABLE READ"});
  CHECK(sql::begin_transaction(dialect::postgres, Isolation::serializable, true) ==
        V{"BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY"});
}

TEST_CASE("raw: begin_transaction on MySQL sets the level before it starts", "[sql][transaction]") {
  using V = std::vector<std::string>;
  CHECK(sql::begin_transaction(dialect::mysql, Isolation::default_level, false) == V{"START TRANSACTION"});
  CHECK(sql::begin_transaction(dialect::mysql, Isolation::default_level, true) == V{"START TRANSACTION READ ONLY"});
  CHECK(sql::begin_transaction(dialect::mysql, Isolation::read_committed, false) ==
        V{"SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "START TRANSACTION"});
  CHECK(sql::begin_transaction(dialect::mysql, Isolation::serializable, true) ==
        V{"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "START TRANSACTION READ ONLY"});
  CHECK(sql::begin_transaction(dialect::mysql, Isolation::read_uncommitted, false) ==
        V{"SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED", "START TRANSACTION"});
  CHECK(sql::begin_transaction(dialect::mysql, Isolation::repeatable_read, false) ==
        V{"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", "START TRANSACTION"});
}

TEST_CASE("raw: a transaction's type on SQLite, and its constraints deferred", "[sql][transaction]") {
  using V = std::vector<std::string>;
  using quarry::sql::TransactionType;
  CHECK(sql::begin_transaction(dialect::sqlite, Isolation::default_level, false, TransactionType::deferred) ==
        V{"BEGIN DEFERRED"});
  CHECK(sql::begin_transaction(dialect::sqlite, Isolation::default_level, false, TransactionType::immediate) ==
        V{"BEGIN IMMEDIATE"});
  CHECK(sql::begin_transaction(dialect::sqlite, Isolation::default_level, false, TransactionType::exclusive) ==
        V{"BEGIN EXCLUSIVE"});
  CHECK(sql::begin_transaction(dialect::sqlite, Isolation::default_level, true, TransactionType::immediate) ==
        V{"BEGIN IMMEDIATE", "PRAGMA query_only = ON"});
  CHECK(sql::begin_transaction(dialect::sqlite, Isolation::default_level, false, TransactionType::default_type, true) ==
        V{"BEGIN IMMEDIATE", "PRAGMA defer_foreign_keys = ON"});
  // the type asks nothing of the others
  CHECK(sql::begin_transaction(dialect::postgres, Isolation::default_level, false, TransactionType::exclusive) ==
        V{"BEGIN"});
  CHECK(sql::begin_transaction(dialect::mysql, Isolation::default_level, false, TransactionType::immediate) ==
        V{"START TRANSACTION"});
  CHECK(sql::begin_transaction(dialect::postgres, Isolation::serializable, false, TransactionType::default_type, true) ==
        V{"BEGIN ISOLATION LEVEL SERIALIZABLE", "SET CONSTRAINTS ALL DEFERRED"});
  CHECK_THROWS_AS(sql::begin_transaction(dialect::mysql, Isolation::default_level, false, TransactionType::default_type, true),
                  quarry::UnsupportedError);
}
