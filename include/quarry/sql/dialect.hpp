#pragma once
/// A dialect is data: how it quotes, numbers placeholders, names types and spells the
/// few statements that differ. The renderer reads it; the three definitions live in dialect/.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "ast.hpp"

namespace quarry::sql {

enum class Placeholder : std::uint8_t { question, dollar };  // ? or $1, $2, ...
enum class UpsertSyntax : std::uint8_t { on_conflict, on_duplicate_key };
enum class TransactionSyntax : std::uint8_t {
  sqlite,    // BEGIN IMMEDIATE / BEGIN DEFERRED; always serializable
  postgres,  // BEGIN ISOLATION LEVEL ... READ ONLY
  mysql,     // SET TRANSACTION ISOLATION LEVEL ...; START TRANSACTION READ ONLY
};
/// How an enumeration column (an enum stored by name) is declared.
enum class EnumSyntax : std::uint8_t {
  check,       // TEXT CHECK ("col" IN ('a', 'b')): SQLite
  inline_type, // ENUM('a', 'b'): MySQL
  named_type,  // CREATE TYPE "enum_t_col" AS ENUM ('a', 'b') before the table: PostgreSQL
};

/// How a column's comment is written (field<...>(quarry::comment("..."))).
enum class CommentSyntax : std::uint8_t {
  none,        // not at all: SQLite keeps no comments
  inline_column, // COMMENT '...' in the column's definition: MySQL
  comment_on,  // COMMENT ON COLUMN "t"."c" IS '...' after the CREATE TABLE: PostgreSQL
};

/// How a regular-expression match is written: x, then match (or not_match), then the pattern
/// between before and after.
struct RegexpSyntax {
  std::string_view match, not_match;     // the operators, with their spaces
  std::string_view before{}, after{};     // around the pattern
};

enum class Isolation : std::uint8_t { default_level, read_uncommitted, read_committed, repeatable_read, serializable };
/// When a SQLite transaction takes its locks (BEGIN DEFERRED, IMMEDIATE or EXCLUSIVE); the others
/// lock rows as they are written, and take it as no request at all. default_type: IMMEDIATE,
/// or DEFERRED for a read-only transaction.
enum class TransactionType : std::uint8_t { default_type, deferred, immediate, exclusive };

struct Dialect {
  std::string_view name;
  char quote_open = '"', quote_close = '"';
  Placeholder placeholder = Placeholder::question;
  bool returning = true;          // INSERT/UPDATE ... RETURNING
  bool native_ilike = false;      // ILIKE; else LOWER(a) LIKE LOWER(b)
  bool truncate = true;           // TRUNCATE TABLE; else DELETE FROM
  bool row_locks = true;          // FOR UPDATE / FOR SHARE
  bool skip_locked = true;        // SKIP LOCKED and NOWAIT
  std::string_view share_lock = " FOR SHARE";  // with its leading space
  bool nulls_order = true;  // ORDER BY ... NULLS FIRST / NULLS LAST; else a key (x IS NULL) before x
  bool update_returning = true;                 // UPDATE ... RETURNING
  bool exact_decimals = true;  // a DECIMAL(p, s) column stores values rounded to s digits (SQLite's keeps any number)
  bool text_nul = true;        // text values may hold NUL bytes (PostgreSQL's cannot)
  /// Whether a backslash in a string literal may be an escape, depending on the session (MySQL's
  /// sql_mode NO_BACKSLASH_ESCAPES): then literals spell it without writing one.
  bool backslash_in_literals = false;
  /// What follows every LIKE pattern, so that \ escapes %, _ and itself the same way on every
  /// dialect whatever the session's settings.
  std::string_view like_escape = " ESCAPE '\\'";
  /// regexp()/not_regexp() and iregexp()/not_iregexp(), case-sensitive and not whatever the
  /// column's collation: PostgreSQL's operators here.
  RegexpSyntax regexp{" ~ ", " !~ "};
  RegexpSyntax iregexp{" ~* ", " !~* "};
  bool insert_id = false;  // a one-row insert reads its new key from the client library, cheaper than RETURNING
  std::string_view offset_without_limit;  // what LIMIT takes when only OFFSET is given ("" when not needed)
  UpsertSyntax upsert = UpsertSyntax::on_conflict;
  TransactionSyntax transactions = TransactionSyntax::postgres;
  /// Foreign keys may be DEFERRABLE (checked at commit): PostgreSQL and SQLite, not MySQL.
  bool deferrable_constraints = true;
  std::size_t max_params = 32766;  // bound parameters in one statement
  std::string_view current_timestamp = "CURRENT_TIMESTAMP";
  std::string_view current_date = "CURRENT_DATE";
  std::string_view random = "RANDOM()";  // a random number per row
  /// A DEFAULT expression that gives a random (version 4) UUID as the column stores it; "" where
  /// the dialect has none (quarry fills such defaults in itself either way).
  std::string_view random_uuid;
  EnumSyntax enums = EnumSyntax::check;
  std::string_view table_options;  // appended to CREATE TABLE
  std::string (*type_name)(const ColumnType&) = nullptr;
  std::string (*auto_increment)(const ColumnDef&) = nullptr;  // column definition suffix, after the type
  /// One column's values as a single array parameter of that column's type; set where bulk
  /// inserts send one array per column (INSERT ... SELECT * FROM unnest(...)) instead of a
  /// parameter per value.
  Value (*array_param)(const ColumnType& type, std::span<const Value> values) = nullptr;
  CommentSyntax comments = CommentSyntax::none;
};

}  // namespace quarry::sql
