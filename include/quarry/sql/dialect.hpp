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

/// How a column's type and NULL change in place (sync with alter, AlterColumn).
enum class AlterSyntax : std::uint8_t {
  rebuild,        // not at all: the table is rebuilt (SQLite)
  alter_column,   // ALTER COLUMN c TYPE t, SET/DROP NOT NULL: PostgreSQL
  modify_column,  // MODIFY COLUMN with the whole definition: MySQL, MariaDB
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

/// How each SQL function of the typed layer is spelled (Fn): SQL text in which @0, @1, ... stand
/// for the arguments, @* for all of them joined by ", " and @| for all of them joined by " || ".
/// The defaults are PostgreSQL's.
struct Functions {
  std::string_view lower = "LOWER(@0)", upper = "UPPER(@0)", length = "LENGTH(@0)", trim = "TRIM(@0)";
  std::string_view coalesce = "COALESCE(@*)", nullif = "NULLIF(@0, @1)", abs = "ABS(@0)";
  std::string_view round = "ROUND(@0)";
  /// ROUND(double precision, integer) does not exist on PostgreSQL: through NUMERIC, half away from zero
  std::string_view round_to = "ROUND(CAST(@0 AS NUMERIC), @1)";
  std::string_view ceil = "CEIL(@0)", floor = "FLOOR(@0)";
  std::string_view concat = "(@|)";  // NULL when any part is NULL, as MySQL's CONCAT
  std::string_view substring = "SUBSTR(@0, @1)", substring_for = "SUBSTR(@0, @1, @2)";
  std::string_view now = "CURRENT_TIMESTAMP", current_date = "CURRENT_DATE";  // the session is in UTC
  std::string_view year = "CAST(EXTRACT(YEAR FROM @0) AS BIGINT)", month = "CAST(EXTRACT(MONTH FROM @0) AS BIGINT)",
                   day = "CAST(EXTRACT(DAY FROM @0) AS BIGINT)", hour = "CAST(EXTRACT(HOUR FROM @0) AS BIGINT)",
                   minute = "CAST(EXTRACT(MINUTE FROM @0) AS BIGINT)",
                   second = "CAST(FLOOR(EXTRACT(SECOND FROM @0)) AS BIGINT)";  // whole seconds, not rounded
  std::string_view cast_int = "CAST(@0 AS BIGINT)", cast_double = "CAST(@0 AS DOUBLE PRECISION)",
                   cast_text = "CAST(@0 AS TEXT)", cast_decimal = "CAST(@0 AS NUMERIC)";

  /// The spelling of f ("" for Fn::named, which is written as its own name).
  constexpr std::string_view of(Fn f) const {
    switch (f) {
      case Fn::named: return {};
      case Fn::lower: return lower;
      case Fn::upper: return upper;
      case Fn::length: return length;
      case Fn::trim: return trim;
      case Fn::coalesce: return coalesce;
      case Fn::nullif: return nullif;
      case Fn::abs: return abs;
      case Fn::round: return round;
      case Fn::round_to: return round_to;
      case Fn::ceil: return ceil;
      case Fn::floor: return floor;
      case Fn::concat: return concat;
      case Fn::substring: return substring;
      case Fn::substring_for: return substring_for;
      case Fn::now: return now;
      case Fn::current_date: return current_date;
      case Fn::year: return year;
      case Fn::month: return month;
      case Fn::day: return day;
      case Fn::hour: return hour;
      case Fn::minute: return minute;
      case Fn::second: return second;
      case Fn::cast_int: return cast_int;
      case Fn::cast_double: return cast_double;
      case Fn::cast_text: return cast_text;
      case Fn::cast_decimal: return cast_decimal;
    }
    return {};
  }
};

enum class IndexMethods : std::uint8_t { none, before_columns, after_columns };

enum class Isolation : std::uint8_t { default_level, read_uncommitted, read_committed, repeatable_read, serializable };
/// When a SQLite transaction takes its locks (BEGIN DEFERRED, IMMEDIATE or EXCLUSIVE); the others
/// lock rows as they are written, and take it as no request at all. default_type: IMMEDIATE,
/// or DEFERRED for a read-only transaction.
enum class TransactionType : std::uint8_t { default_type, deferred, immediate, exclusive };

/// How the value at a path inside a JSON column is read (a json_path node): text, number and
/// boolean are SQL in which @0 stands for the column and @p for the path. The path is bound: as
/// one argument per step (PostgreSQL's jsonb_extract_path_text(col, 'plan', 'tier'), an index as
/// its digits), or as one path text ('$."plan"."tier"', '$."tags"[0]'), whose keys are quoted,
/// " and \ in them escaped where the dialect can (key_escapes; elsewhere such a key is refused).
/// A path to a JSON null reads as NULL. The defaults are PostgreSQL's.
struct JsonSyntax {
  bool path_text = false;
  bool key_escapes = true;
  std::string_view text = "jsonb_extract_path_text(@0, @p)";
  std::string_view number = "CAST(jsonb_extract_path_text(@0, @p) AS NUMERIC)";
  std::string_view boolean = "(jsonb_extract_path_text(@0, @p) = 'true')";
  /// The type introspection may also report for a JSON column (MariaDB's JSON is a LONGTEXT
  /// with a CHECK), so that it compares equal with the column sync created.
  std::string_view reported_as;
};

/// How a dialect reads its own schema (schema/introspect.hpp). tables: the SQL of the tables of
/// the current database (PostgreSQL: of the current schema), one column, the name, in order.
/// columns: the SQL of one table's columns, its one ? the table's name, in their order, each row
/// (name, type, nullable, default, part of the primary key); the type as the dialect reports it,
/// which column_type (when set) turns into what type_name writes, so that a column of a model
/// compares equal with the column that sync created for it.
/// indexes: the SQL of one table's indexes but its primary key's, one row per column of each,
/// (index name, unique, column, descending, a partial index's condition or '', the method in
/// lower case), by index name and then the column's place in it. foreign_keys:
/// one table's foreign keys, one row per column, (name, column, referenced table, referenced
/// column, ON UPDATE action, ON DELETE action), the actions as SQL spells them (NO ACTION,
/// CASCADE...), by name and then place; SQLite keeps no names, and numbers its keys instead ("0",
/// "1", ...).
struct Introspection {
  std::string_view tables;
  std::string_view columns;
  std::string (*column_type)(std::string_view reported) = nullptr;
  std::string_view indexes;
  std::string_view foreign_keys;
  /// Where enumerations are types of their own (PostgreSQL): a table's enumeration columns and
  /// their labels, one row each (column, label), in column and label order.
  std::string_view enum_labels;
  /// Where a table's definition is kept as its text (SQLite: its CREATE TABLE), by table name.
  std::string_view table_text;
  /// A table's checks, one row each (name, condition as the database keeps it), where a catalog
  /// lists them; none where they are read from the table's text (SQLite).
  std::string_view checks{};
  /// What a foreign key declared without an action reads back as (MySQL: RESTRICT, the same as
  /// its NO ACTION); elsewhere NO ACTION.
  Action unset_action = Action::no_action;
};

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
  /// MySQL refuses a LIMIT (or OFFSET) in a subquery of IN (...), and a subquery that reads the table an
  /// UPDATE or DELETE writes (error 1093): where set, such a subquery, unless it refers to the
  /// query around it, is written as a derived table, which the server materializes first:
  /// (SELECT * FROM (subquery) AS quarry_sub).
  bool derived_subqueries = false;
  std::size_t max_params = 32766;  // bound parameters in one statement
  /// About how many bytes of values one statement may carry (0: no limit that matters): a
  /// multi-row INSERT takes fewer rows when its rows' text and blobs would pass it.
  std::size_t max_statement_bytes = 0;
  std::string_view current_timestamp = "CURRENT_TIMESTAMP";
  std::string_view current_date = "CURRENT_DATE";
  std::string_view random = "RANDOM()";  // a random number per row
  Functions functions{};
  /// A DEFAULT expression that gives a random (version 4) UUID as the column stores it; "" where
  /// the dialect has none (quarry fills such defaults in itself either way).
  std::string_view random_uuid;
  JsonSyntax json{};
  EnumSyntax enums = EnumSyntax::check;
  std::string_view table_options;  // appended to CREATE TABLE
  std::string (*type_name)(const ColumnType&) = nullptr;
  std::string (*auto_increment)(const ColumnDef&) = nullptr;  // column definition suffix, after the type
  /// One column's values as a single array parameter of that column's type; set where bulk
  /// inserts send one array per column (INSERT ... SELECT * FROM unnest(...)) instead of a
  /// parameter per value.
  Value (*array_param)(const ColumnType& type, std::span<const Value> values) = nullptr;
  /// An IN list of bound values as one array parameter (`x = ANY($1)`, `x <> ALL($1)`), so that
  /// a new number of values is not a new statement: set where the server takes arrays. Makes
  /// the array of items (param nodes) in out and returns the cast that follows its placeholder
  /// ("" where the server infers the array's type from the other side), or nullptr when these
  /// values go as a list.
  const char* (*list_param)(std::span<const Node> items, Value& out) = nullptr;
  CommentSyntax comments = CommentSyntax::none;
  AlterSyntax alter = AlterSyntax::rebuild;
  /// DDL runs inside a transaction and is rolled back with it (PostgreSQL, SQLite); MySQL and
  /// MariaDB commit before and after each DDL statement.
  bool transactional_ddl = true;
  Introspection introspection{};
  /// Partial indexes (CREATE INDEX ... WHERE): PostgreSQL and SQLite, not MySQL.
  bool partial_indexes = true;
  /// How CREATE INDEX names its method: not at all (btree only), PostgreSQL's ON t USING m (...)
  /// (any method), or MySQL's (...) USING BTREE|HASH.
  IndexMethods index_methods = IndexMethods::none;
  /// A constraint is dropped by a statement of its kind (MySQL, MariaDB: DROP INDEX, DROP FOREIGN
  /// KEY, DROP PRIMARY KEY; DROP CONSTRAINT for a check), not by DROP CONSTRAINT alone.
  bool constraints_dropped_by_kind = false;
};

}  // namespace quarry::sql
