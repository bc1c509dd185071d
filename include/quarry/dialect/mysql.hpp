#pragma once
/// The MySQL/MariaDB dialect: no client header here, so its SQL is testable without a server.
/// RETURNING is MariaDB's (10.5+); InnoDB with utf8mb4 so that 4-byte characters fit.

#include <string>
#include <string_view>

#include "../sql/dialect.hpp"

namespace quarry::dialect {

namespace detail {
QUARRY_FUNC std::string mysql_type(const sql::ColumnType& t);
QUARRY_FUNC std::string mysql_auto_increment(const sql::ColumnDef&);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string mysql_type(const sql::ColumnType& t) {
  switch (t.kind) {
    case TypeKind::boolean: return "BOOLEAN";
    case TypeKind::int8: return "TINYINT";
    case TypeKind::int16: return "SMALLINT";
    case TypeKind::int32: return "INT";
    case TypeKind::int64: return "BIGINT";
    case TypeKind::uint8: return "TINYINT UNSIGNED";
    case TypeKind::uint16: return "SMALLINT UNSIGNED";
    case TypeKind::uint32: return "INT UNSIGNED";
    case TypeKind::uint64: return "BIGINT UNSIGNED";
    case TypeKind::float32: return "FLOAT";
    case TypeKind::float64: return "DOUBLE";
    case TypeKind::text:
      if (t.size > 0) return "VARCHAR(" + std::to_string(t.size) + ")";
      return t.keyed ? "VARCHAR(255)" : "LONGTEXT";  // a key cannot cover an unbounded TEXT
    case TypeKind::blob: return "LONGBLOB";
    case TypeKind::timestamp: return "DATETIME(6)";  // always written and read as UTC
    case TypeKind::date: return "DATE";
    case TypeKind::decimal:
      if (t.precision == 0) return "DECIMAL(65, 30)";  // the widest MySQL has
      return "DECIMAL(" + std::to_string(t.precision) + ", " + std::to_string(t.scale) + ")";
    case TypeKind::uuid: return "CHAR(36)";
    case TypeKind::enumeration: return "LONGTEXT";  // the renderer writes ENUM(...) (EnumSyntax::inline_type)
    case TypeKind::json: return "JSON";  // MariaDB: a LONGTEXT with CHECK (JSON_VALID(...))
  }
  return "LONGTEXT";
}
QUARRY_FUNC std::string mysql_auto_increment(const sql::ColumnDef&) { return " AUTO_INCREMENT"; }
#endif  // QUARRY_BODIES
}  // namespace detail

namespace detail {
/// A column type as information_schema.COLUMNS reports it (bigint(20) unsigned, tinyint(1),
/// decimal(10,2), enum('a','b')) as mysql_type writes it (BIGINT UNSIGNED, BOOLEAN, DECIMAL(10,
/// 2), ENUM('a', 'b')): upper case outside quotes, no display width on integers (MariaDB and
/// MySQL before 8.0.19 report one), BOOLEAN for tinyint(1), a space after each comma.
QUARRY_FUNC std::string mysql_column_type(std::string_view reported);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string mysql_column_type(std::string_view reported) {
  std::string out;
  out.reserve(reported.size() + 8);
  char quote = 0;
  for (std::size_t i = 0; i < reported.size(); ++i) {
    char c = reported[i];
    if (quote) {
      out += c;
      if (c == quote && !(i + 1 < reported.size() && reported[i + 1] == quote)) quote = 0;
      else if (c == quote) out += reported[++i];  // a doubled quote stays inside
      continue;
    }
    if (c == '\'' || c == '"') quote = c;
    if (c == ',' && !(i + 1 < reported.size() && reported[i + 1] == ' ')) {
      out += ", ";
      continue;
    }
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  if (out == "TINYINT(1)") return "BOOLEAN";
  for (std::string_view integer : {"TINYINT(", "SMALLINT(", "MEDIUMINT(", "INT(", "BIGINT("}) {
    if (out.starts_with(integer)) {
      auto close = out.find(')');
      if (close != std::string::npos) out.erase(integer.size() - 1, close + 2 - integer.size());
      break;
    }
  }
  return out;
}
#endif  // QUARRY_BODIES
}  // namespace detail

inline constexpr sql::Dialect mysql{
    .name = "mysql",
    .quote_open = '`',
    .quote_close = '`',
    .placeholder = sql::Placeholder::question,
    .returning = true,  // MariaDB 10.5+
    .native_ilike = false,
    .truncate = true,
    .row_locks = true,
    .skip_locked = true,
    .share_lock = " LOCK IN SHARE MODE",
    .nulls_order = false,
    .update_returning = false,  // MariaDB returns rows from INSERT and DELETE only
    .backslash_in_literals = true,   // unless NO_BACKSLASH_ESCAPES, which a session may set
    .like_escape = " ESCAPE CHAR(92)",  // '\\' in either sql_mode, as no literal can say
    // REGEXP ignores case under a case-insensitive collation; the pattern's own flag decides instead
    // (PCRE on MariaDB, ICU on MySQL 8 both read a leading (?i) and (?-i))
    .regexp = {" REGEXP ", " NOT REGEXP ", "CONCAT('(?-i)', ", ")"},
    .iregexp = {" REGEXP ", " NOT REGEXP ", "CONCAT('(?i)', ", ")"},
    .insert_id = true,          // the OK packet carries it; RETURNING would send a result set
    .offset_without_limit = "18446744073709551615",
    .upsert = sql::UpsertSyntax::on_duplicate_key,
    .transactions = sql::TransactionSyntax::mysql,
    .deferrable_constraints = false,  // foreign keys are checked at each statement
    .derived_subqueries = true,       // LIMIT inside IN (...); UPDATE/DELETE reading their own table (MySQL 8)
    .max_params = 65535,
    // a statement's values travel in one packet, which max_allowed_packet bounds (16 MiB by
    // default on MariaDB 10.2+, 64 MiB on MySQL 8): half the smaller default
    .max_statement_bytes = std::size_t{8} << 20,
    .current_timestamp = "CURRENT_TIMESTAMP(6)",
    .current_date = "(CURRENT_DATE)",  // an expression default: MariaDB 10.2+, MySQL 8.0.13+
    .random = "RAND()",
    // LENGTH counts bytes on MySQL; CONCAT is NULL when any part is, as || is elsewhere; UTC_*
    // whatever the session's time zone, as timestamps are stored
    .functions = {.length = "CHAR_LENGTH(@0)",
                  .round_to = "ROUND(@0, @1)",
                  .concat = "CONCAT(@*)",
                  .now = "UTC_TIMESTAMP(6)",
                  .current_date = "UTC_DATE()",
                  .year = "EXTRACT(YEAR FROM @0)",
                  .month = "EXTRACT(MONTH FROM @0)",
                  .day = "EXTRACT(DAY FROM @0)",
                  .hour = "EXTRACT(HOUR FROM @0)",
                  .minute = "EXTRACT(MINUTE FROM @0)",
                  .second = "EXTRACT(SECOND FROM @0)",
                  .cast_int = "CAST(@0 AS SIGNED)",
                  .cast_double = "CAST(@0 AS DOUBLE)",
                  .cast_text = "CAST(@0 AS CHAR)",
                  .cast_decimal = "CAST(@0 AS DECIMAL(65, 30))"},
    .random_uuid = "(UUID())",         // MySQL's UUID() is time-based; quarry's own inserts send a random one
    // JSON_VALUE: a JSON null is NULL (JSON_UNQUOTE(JSON_EXTRACT(...)) gives 'null'); numbers as
    // DECIMAL, exact beyond 2^53; MariaDB's JSON_VALUE gives true as '1', so booleans by their text
    .json = {.path_text = true,
             .text = "JSON_VALUE(@0, @p)",
             .number = "CAST(JSON_VALUE(@0, @p) AS DECIMAL(65, 30))",
             .boolean = "(NULLIF(JSON_UNQUOTE(JSON_EXTRACT(@0, @p)), 'null') = 'true')",
             .reported_as = "LONGTEXT"},
    .enums = sql::EnumSyntax::inline_type,
    .table_options = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
    .type_name = &detail::mysql_type,
    .auto_increment = &detail::mysql_auto_increment,
    .comments = sql::CommentSyntax::inline_column,
    .alter = sql::AlterSyntax::modify_column,
    .transactional_ddl = false,  // each DDL statement commits
    .introspection = {"SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                      "AND TABLE_TYPE = 'BASE TABLE' ORDER BY CAST(TABLE_NAME AS BINARY)",
                      "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE = 'YES', COLUMN_DEFAULT, COLUMN_KEY = 'PRI' "
                      "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? "
                      "ORDER BY ORDINAL_POSITION",
                      &detail::mysql_column_type,
                      "SELECT INDEX_NAME, NON_UNIQUE = 0, COLUMN_NAME, COLLATION <=> 'D', '', LOWER(INDEX_TYPE) "
                      "FROM information_schema.STATISTICS "
                      "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME <> 'PRIMARY' "
                      "ORDER BY CAST(INDEX_NAME AS BINARY), SEQ_IN_INDEX",
                      "SELECT k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, "
                      "r.UPDATE_RULE, r.DELETE_RULE FROM information_schema.KEY_COLUMN_USAGE k "
                      "JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA "
                      "AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME "
                      "WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL "
                      "ORDER BY CAST(k.CONSTRAINT_NAME AS BINARY), k.ORDINAL_POSITION",
                      "",   // an enumeration's labels are in its column's type, ENUM('a', 'b')
                      "",
                      // (MySQL 8's CHECK_CONSTRAINTS has no TABLE_NAME; MariaDB names checks per
                      // table, so that two tables' checks of one name and two conditions both match)
                      "SELECT DISTINCT tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE FROM information_schema.TABLE_CONSTRAINTS tc "
                      "JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA "
                      "AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME WHERE tc.TABLE_SCHEMA = DATABASE() "
                      "AND tc.TABLE_NAME = ? AND tc.CONSTRAINT_TYPE = 'CHECK' ORDER BY CAST(tc.CONSTRAINT_NAME AS BINARY)",
                      sql::Action::restrict},
    .partial_indexes = false,
    .index_methods = sql::IndexMethods::after_columns,
    .constraints_dropped_by_kind = true,
};

}  // namespace quarry::dialect
