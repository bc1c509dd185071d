#pragma once
/// The SQLite dialect: no client header here, so its SQL is testable without a database.

#include <string>

#include "../sql/dialect.hpp"

namespace quarry::dialect {

namespace detail {
QUARRY_FUNC std::string sqlite_type(const sql::ColumnType& t);
QUARRY_FUNC std::string sqlite_auto_increment(const sql::ColumnDef&);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string sqlite_type(const sql::ColumnType& t) {
  switch (t.kind) {
    case TypeKind::boolean: return "BOOLEAN";
    case TypeKind::int8: case TypeKind::int16: case TypeKind::int32: case TypeKind::int64:
    case TypeKind::uint8: case TypeKind::uint16: case TypeKind::uint32: case TypeKind::uint64:
      return "INTEGER";  // exactly INTEGER, so that an INTEGER PRIMARY KEY is the rowid
    case TypeKind::float32: case TypeKind::float64: return "REAL";
    case TypeKind::text: return t.size > 0 ? "VARCHAR(" + std::to_string(t.size) + ")" : "TEXT";
    case TypeKind::blob: return "BLOB";
    case TypeKind::timestamp: return "TIMESTAMP";  // text 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC
    case TypeKind::date: return "DATE";
    // NUMERIC affinity keeps 15 significant digits exactly; decimal(p, s) with p > 15 is kept as
    // text, exact but compared as text
    case TypeKind::decimal:
      if (t.precision == 0) return "NUMERIC";
      return t.precision > 15 ? "TEXT" : "NUMERIC(" + std::to_string(t.precision) + ", " + std::to_string(t.scale) + ")";
    case TypeKind::uuid: return "UUID";  // NUMERIC affinity, but UUID text never looks like a number
    case TypeKind::enumeration: return "TEXT";  // with a CHECK of its names (EnumSyntax::check)
    case TypeKind::json: return "TEXT";  // exactly TEXT: a declared JSON would have NUMERIC affinity, '5' read back as 5
  }
  return "TEXT";
}
QUARRY_FUNC std::string sqlite_auto_increment(const sql::ColumnDef&) { return " AUTOINCREMENT"; }
#endif  // QUARRY_BODIES
}  // namespace detail

inline constexpr sql::Dialect sqlite{
    .name = "sqlite",
    .quote_open = '"',
    .quote_close = '"',
    .placeholder = sql::Placeholder::question,
    .returning = true,  // since SQLite 3.35
    .native_ilike = false,
    .truncate = false,
    .row_locks = false,
    .skip_locked = false,
    .share_lock = "",
    .exact_decimals = false,  // NUMERIC affinity keeps whatever number comes
    // x REGEXP p calls regexp(p, x), which the driver defines (ECMAScript); a leading (?i) there
    // ignores case, as on MariaDB
    .regexp = {" REGEXP ", " NOT REGEXP "},
    .iregexp = {" REGEXP ", " NOT REGEXP ", "('(?i)' || ", ")"},
    .insert_id = true,  // sqlite3_last_insert_rowid: RETURNING costs an extra pass
    .offset_without_limit = "-1",
    .upsert = sql::UpsertSyntax::on_conflict,
    .transactions = sql::TransactionSyntax::sqlite,
    .max_params = 32766,
    .current_timestamp = "CURRENT_TIMESTAMP",
    .current_date = "CURRENT_DATE",
    // timestamps are stored as text 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC: now() in the same form, so
    // that it compares with them as text; CEIL and FLOOR are SQLite's math functions (3.35+, when
    // compiled in, as Debian's and the default build are)
    .functions = {.round_to = "ROUND(@0, @1)",
                  .now = "STRFTIME('%Y-%m-%d %H:%M:%f000', 'now')",
                  .year = "CAST(STRFTIME('%Y', @0) AS INTEGER)",
                  .month = "CAST(STRFTIME('%m', @0) AS INTEGER)",
                  .day = "CAST(STRFTIME('%d', @0) AS INTEGER)",
                  .hour = "CAST(STRFTIME('%H', @0) AS INTEGER)",
                  .minute = "CAST(STRFTIME('%M', @0) AS INTEGER)",
                  .second = "CAST(STRFTIME('%S', @0) AS INTEGER)",
                  .cast_int = "CAST(@0 AS INTEGER)",
                  .cast_double = "CAST(@0 AS REAL)"},
    // version 4: random hex digits, '4' and one of 8, 9, a, b where RFC 4122 puts them
    .random_uuid = "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
                   "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || "
                   "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))",
    // json_extract gives a JSON string as text, a number as a number, true and false as 1 and 0;
    // SQLite's paths have no escapes inside a quoted key
    .json = {.path_text = true,
             .key_escapes = false,
             .text = "json_extract(@0, @p)",
             .number = "json_extract(@0, @p)",
             .boolean = "json_extract(@0, @p)"},
    .enums = sql::EnumSyntax::check,
    .table_options = "",
    .type_name = &detail::sqlite_type,
    .auto_increment = &detail::sqlite_auto_increment,
    // the declared types, as CREATE TABLE wrote them
    .introspection = {"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                      "ORDER BY name",
                      "SELECT name, type, \"notnull\" = 0, dflt_value, pk > 0 FROM pragma_table_info(?) ORDER BY cid",
                      nullptr,
                      // a partial index's condition: what its CREATE INDEX has after WHERE
                      "SELECT il.name, il.\"unique\", ii.name, ii.\"desc\", CASE WHEN il.partial THEN "
                      "substr(m.sql, instr(upper(m.sql), ' WHERE ') + 7) ELSE '' END, 'btree' "
                      "FROM pragma_index_list(?) il, pragma_index_xinfo(il.name) ii "
                      "LEFT JOIN sqlite_master m ON m.type = 'index' AND m.name = il.name "
                      "WHERE il.origin <> 'pk' AND ii.key ORDER BY il.name, ii.seqno",
                      "SELECT CAST(id AS TEXT), \"from\", \"table\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?) "
                      "ORDER BY id, seq",
                      "",  // an enumeration's labels are in its column's CHECK, in the table's text
                      "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?"},
};

}  // namespace quarry::dialect
