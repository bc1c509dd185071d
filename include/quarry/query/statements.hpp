#pragma once
/// The statements each operation sends, built as plain AST from typed arguments. The session
/// layer renders and runs them; tests/sql renders them without a server.

#include <span>
#include <string>
#include <vector>

#include "clauses.hpp"
#include "table.hpp"

namespace quarry::query {

namespace detail {
inline std::vector<sql::Node> column_nodes(const ModelInfo& info) {
  std::vector<sql::Node> out;
  out.reserve(info.columns.size());
  for (const auto& c : info.columns) out.push_back(sql::Node::column(c));
  return out;
}
}  // namespace detail

inline constexpr unsigned find_clauses = c_where | c_order | c_limit | c_offset | c_lock | c_distinct | c_include;

/// SELECT every column of T, with the given clauses.
template <class T, unsigned Allowed = find_clauses, class... C>
sql::Select select_rows(const C&... clauses) {
  const auto& info = model_info<T>();
  sql::Select s;
  s.table = info.table;
  s.columns = detail::column_nodes(info);
  apply_clauses<T, Allowed>(s, clauses...);
  return s;
}

/// INSERT of rows of T. When omit_key, the auto-increment key is left to the database and,
/// where the dialect allows, returned.
template <class T>
sql::Insert insert_rows(std::span<const T> rows, bool omit_key, bool returning) {
  const auto& info = model_info<T>();
  sql::Insert ins;
  ins.table = info.table;
  for (std::size_t i = 0; i < info.columns.size(); ++i)
    if (!(omit_key && info.auto_increment == i)) ins.columns.push_back(info.columns[i]);
  ins.rows.reserve(rows.size());
  for (const auto& r : rows) ins.rows.push_back(row_values(r, omit_key));
  if (omit_key && returning) ins.returning = {info.columns[*info.auto_increment]};
  return ins;
}

/// UPDATE of every column of row but its key and created_at, by its key.
template <class T>
sql::Update update_row(const T& row) {
  const auto& info = model_info<T>();
  sql::Update u;
  u.table = info.table;
  auto values = row_values(row, false);
  for (std::size_t i = 0; i < info.columns.size(); ++i) {
    bool key = std::find(info.primary_key.begin(), info.primary_key.end(), i) != info.primary_key.end();
    if (key || info.created_at == i) continue;
    u.set.push_back({info.columns[i], sql::Node::param(std::move(values[i]))});
  }
  u.where = key_condition(row);
  return u;
}

/// DELETE of row, by its key.
template <class T>
sql::Delete delete_row(const T& row) {
  return {model_info<T>().table, key_condition(row)};
}

/// INSERT ... ON CONFLICT/ON DUPLICATE KEY: on a clash with conflict, updates every other column
/// (but created_at) from row.
template <class T>
sql::Insert upsert_row(const T& row, std::vector<std::string> conflict, bool omit_key, bool returning) {
  const auto& info = model_info<T>();
  sql::Insert ins = insert_rows<T>(std::span<const T>(&row, 1), omit_key, false);
  sql::Upsert up;
  up.conflict_columns = std::move(conflict);
  for (std::size_t i = 0; i < info.columns.size(); ++i) {
    const auto& c = info.columns[i];
    bool key = std::find(info.primary_key.begin(), info.primary_key.end(), i) != info.primary_key.end();
    bool target = std::find(up.conflict_columns.begin(), up.conflict_columns.end(), c) != up.conflict_columns.end();
    if (!key && !target && info.created_at != i) up.update_columns.push_back(c);
  }
  ins.upsert = std::move(up);
  if (returning) ins.returning = info.columns;
  return ins;
}

template <class T>
sql::CreateTable create_table() { return model_info<T>().create; }

template <class T>
sql::DropTable drop_table() { return {model_info<T>().table, true}; }

}  // namespace quarry::query
