#pragma once
/// Reading a live database's schema: its tables, and each table's columns as the database has
/// them, with each column's type spelled as quarry's own DDL spells it for that dialect (the
/// Dialect's Introspection), so that right after sync a model's columns and the table's compare
/// equal. Sequelize: queryInterface.showAllTables() and describeTable(name).
///
///   for (const auto& t : db.tables()) ...                   // "authors", "books"
///   auto columns = db.describe_table("books");              // id INTEGER pk, title VARCHAR(200) ...

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "../config.hpp"
#include "../error.hpp"
#include "../session/session.hpp"
#include "../sql/constraint.hpp"  // the labels in MySQL's ENUM(...) and SQLite's CHECK

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: error messages
#endif

namespace quarry {

#ifdef QUARRY_BODIES
QUARRY_FUNC std::vector<std::string> Session::tables() { return query<std::string>(dialect().introspection.tables); }

QUARRY_FUNC std::vector<schema::ColumnInfo> Session::describe_table(std::string_view table) {
  const sql::Dialect* d = &dialect();  // static storage
  using Row = std::tuple<std::string, std::string, bool, std::optional<std::string>, bool>;
  std::vector<schema::ColumnInfo> out;
  for (auto& [name, type, nullable, default_value, key] : query<Row>(d->introspection.columns, std::string(table))) {
    if (d->introspection.column_type) type = d->introspection.column_type(type);
    out.push_back({std::move(name), std::move(type), nullable, std::move(default_value), key, {}});
  }
  if (out.empty())
    throw QueryError(fmt::format("quarry: describe_table(\"{}\"): the database has no such table", table));
  // an enumeration's labels, wherever the dialect keeps them
  auto column = [&](std::string_view name) -> schema::ColumnInfo* {
    for (auto& c : out)
      if (c.name == name) return &c;
    return nullptr;
  };
  switch (d->enums) {
    case sql::EnumSyntax::named_type:
      for (auto& [name, label] : query<std::tuple<std::string, std::string>>(d->introspection.enum_labels, std::string(table)))
        if (auto* c = column(name)) c->labels.push_back(std::move(label));
      break;
    case sql::EnumSyntax::inline_type:
      for (auto& c : out)
        if (auto labels = sql::enum_type_labels(c.type)) c.labels = std::move(*labels);
      break;
    case sql::EnumSyntax::check:
      for (const auto& text : query<std::string>(d->introspection.table_text, std::string(table)))
        if (auto split = sql::split_table(text))
          for (const auto& item : split->items)
            for (auto& c : out)
              if (sql::defines_column(item, c.name))
                if (auto labels = sql::check_labels(item, c.name)) c.labels = std::move(*labels);
      break;
  }
  return out;
}
#endif  // QUARRY_BODIES

namespace schema::detail {
/// A foreign key's action as SQL spells it (NO ACTION, CASCADE, SET NULL, RESTRICT, SET DEFAULT).
QUARRY_FUNC Action action_named(std::string_view sql);
#ifdef QUARRY_BODIES
QUARRY_FUNC Action action_named(std::string_view sql) {
  if (sql == "CASCADE") return Action::cascade;
  if (sql == "SET NULL") return Action::set_null;
  if (sql == "RESTRICT") return Action::restrict;
  if (sql == "SET DEFAULT") return Action::set_default;
  return Action::no_action;
}
#endif  // QUARRY_BODIES
}  // namespace schema::detail

#ifdef QUARRY_BODIES
QUARRY_FUNC std::vector<schema::IndexInfo> Session::describe_indexes(std::string_view table) {
  std::vector<schema::IndexInfo> out;
  using Row = std::tuple<std::string, bool, std::string, bool, std::string, std::string>;  // one column of an index
  for (auto& [name, unique, column, descending, where, method] :
       query<Row>(dialect().introspection.indexes, std::string(table))) {
    if (out.empty() || out.back().name != name)
      out.push_back({std::move(name), {}, unique, {}, std::move(where), std::move(method)});
    out.back().columns.push_back(std::move(column));
    out.back().descending.push_back(descending);
  }
  return out;
}

QUARRY_FUNC std::vector<schema::ForeignKeyInfo> Session::describe_foreign_keys(std::string_view table) {
  std::vector<schema::ForeignKeyInfo> out;
  using Row = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;  // one column
  for (auto& [name, column, references, referenced, on_update, on_delete] :
       query<Row>(dialect().introspection.foreign_keys, std::string(table))) {
    if (out.empty() || out.back().name != name)
      out.push_back({std::move(name), {}, std::move(references), {}, schema::detail::action_named(on_update),
                     schema::detail::action_named(on_delete)});
    out.back().columns.push_back(std::move(column));
    out.back().referenced_columns.push_back(std::move(referenced));
  }
  return out;
}

QUARRY_FUNC std::vector<schema::CheckInfo> Session::describe_checks(std::string_view table) {
  const sql::Dialect& d = dialect();
  std::vector<schema::CheckInfo> out;
  if (!d.introspection.checks.empty()) {
    for (auto& [name, text] : query<std::tuple<std::string, std::string>>(d.introspection.checks, std::string(table))) {
      std::string_view condition = text;
      if (condition.starts_with("CHECK ")) condition.remove_prefix(6);  // PostgreSQL's whole definition
      if (condition.ends_with(" NOT VALID")) condition.remove_suffix(10);
      condition = sql::unwrapped(condition);
      if (condition == fmt::format("json_valid(`{}`)", name)) continue;  // MariaDB's JSON column
      bool seen = false;  // MariaDB: another table's check of the same name (its names are per table)
      for (const auto& c : out) seen = seen || c.name == name;
      if (!seen) out.push_back({std::move(name), std::string(condition)});
    }
    return out;
  }
  // in the table's text (SQLite), but the CHECK ("column" IN (...)) of an enumeration's labels
  for (const auto& text : query<std::string>(d.introspection.table_text, std::string(table)))
    if (auto split = sql::split_table(text))
      for (const auto& item : split->items) {
        std::string labels;  // how an enumeration column's check begins
        if (!sql::constraint_item(item))
          if (auto column = sql::detail::first_name(sql::detail::skip_space(item)))
            labels = "\"" + column->first + "\" IN (";
        for (auto& [name, condition] : sql::item_checks(item))
          if (labels.empty() || !condition.starts_with(labels)) out.push_back({std::move(name), std::move(condition)});
      }
  return out;
}
#endif  // QUARRY_BODIES

}  // namespace quarry
