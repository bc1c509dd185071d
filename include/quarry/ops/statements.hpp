#pragma once
/// The statements each operation sends, built as plain AST from a model's lowered data (the
/// shapes) and from typed arguments. The session renders and runs them; tests/sql renders them
/// without a server.
///
///   sql::Insert ins = ops::shape::insert(ops::model_info<Book>(), 1, true, true);

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "../algorithm.hpp"  // quarry::detail's algorithms: no <algorithm>
#include "../config.hpp"
#include "../model/tracked.hpp"  // differing_fields
#include "../query/clauses.hpp"
#include "../vector.hpp"
#include "model_info.hpp"
#include "row.hpp"

#ifdef QUARRY_BODIES
#include <algorithm>
#endif

namespace quarry::ops {

namespace detail {
/// The columns a read of info's model reads: those of the fields that `fields` marks (a mask in
/// field order), or, when it is null, every column but the hidden ones.
QUARRY_FUNC quarry::detail::Vector<sql::Node> column_nodes(const ModelInfo& info, const bool* fields = nullptr);
#ifdef QUARRY_BODIES
QUARRY_FUNC quarry::detail::Vector<sql::Node> column_nodes(const ModelInfo& info, const bool* fields) {
  quarry::detail::Vector<sql::Node> out;
  out.reserve(info.columns.size());
  for (std::size_t i = 0; i < info.columns.size(); ++i)
    if (fields ? fields[i] : !info.is_hidden(i)) out.push_back(sql::Node::column(info.columns[i]));
  return out;
}
#endif  // QUARRY_BODIES
}  // namespace detail

/// The shapes: statements whose SQL depends only on the model (and the dialect that renders
/// them), built from its lowered data with a slot for each placeholder. They are rendered once
/// per connection, and their values are bound from rows by those slots (ops/bind.hpp):
/// the order of the values is written here only. Not templates.
namespace shape {

QUARRY_FUNC bool is_key(const ModelInfo& info, std::size_t field);
#ifdef QUARRY_BODIES
QUARRY_FUNC bool is_key(const ModelInfo& info, std::size_t field) {
  return std::find(info.primary_key.begin(), info.primary_key.end(), field) != info.primary_key.end();
}
#endif  // QUARRY_BODIES
QUARRY_FUNC sql::Slot slot(std::size_t field, sql::SlotRole role, std::size_t row = 0);
#ifdef QUARRY_BODIES
QUARRY_FUNC sql::Slot slot(std::size_t field, sql::SlotRole role, std::size_t row) {
  return {static_cast<std::uint32_t>(field), static_cast<std::uint32_t>(row), role};
}
#endif  // QUARRY_BODIES

/// "k1" = ? AND "k2" = ?: the key fields in order.
QUARRY_FUNC sql::Node key_condition(const ModelInfo& info);
#ifdef QUARRY_BODIES
QUARRY_FUNC sql::Node key_condition(const ModelInfo& info) {
  std::optional<sql::Node> cond;
  for (auto i : info.primary_key)
    sql::and_into(cond, sql::Node::binary(sql::Op::eq, sql::Node::column(info.columns[i]),
                                          sql::Node::placeholder(slot(i, sql::SlotRole::key))));
  return sql::Node::pinned(std::move(*cond));
}
#endif  // QUARRY_BODIES

/// SELECT every column (but the hidden ones).
QUARRY_FUNC sql::Select select_all(const ModelInfo& info);
#ifdef QUARRY_BODIES
QUARRY_FUNC sql::Select select_all(const ModelInfo& info) {
  sql::Select s;
  s.table = info.table;
  s.columns = detail::column_nodes(info);
  return s;
}
#endif  // QUARRY_BODIES

/// SELECT every column, by key.
QUARRY_FUNC sql::Select select_by_key(const ModelInfo& info);
#ifdef QUARRY_BODIES
QUARRY_FUNC sql::Select select_by_key(const ModelInfo& info) {
  auto s = select_all(info);
  s.where = key_condition(info);
  return s;
}
#endif  // QUARRY_BODIES

/// INSERT of `rows` rows: every field of each (without the auto-increment key when omit_key,
/// which is then RETURNING'd when returning).
QUARRY_FUNC sql::Insert insert(const ModelInfo& info, std::size_t rows, bool omit_key, bool returning);
#ifdef QUARRY_BODIES
QUARRY_FUNC sql::Insert insert(const ModelInfo& info, std::size_t rows, bool omit_key, bool returning) {
  sql::Insert ins;
  ins.table = info.table;
  quarry::detail::Vector<std::size_t> fields;
  for (std::size_t i = 0; i < info.columns.size(); ++i)
    if (!(omit_key && info.auto_increment == i)) {
      ins.columns.push_back(info.columns[i]);
      fields.push_back(i);
    }
  ins.slot_rows.resize(rows);
  for (std::size_t r = 0; r < rows; ++r)
    for (auto i : fields) ins.slot_rows[r].push_back(slot(i, sql::SlotRole::value, r));
  if (omit_key && returning) ins.returning = {info.columns[*info.auto_increment]};
  return ins;
}
#endif  // QUARRY_BODIES

/// insert(info, rows, omit_key, false) with on_duplicate's ON CONFLICT / ON DUPLICATE KEY UPDATE.
QUARRY_FUNC sql::Insert insert_on_conflict(const ModelInfo& info, std::size_t rows, bool omit_key,
                                           const sql::Upsert& on_duplicate);
#ifdef QUARRY_BODIES
QUARRY_FUNC sql::Insert insert_on_conflict(const ModelInfo& info, std::size_t rows, bool omit_key,
                                           const sql::Upsert& on_duplicate) {
  sql::Insert ins = insert(info, rows, omit_key, false);
  ins.upsert = on_duplicate;
  return ins;
}
#endif  // QUARRY_BODIES

/// INSERT of any number of rows as one array per column (dialects with array parameters).
QUARRY_FUNC sql::Insert insert_arrays(const ModelInfo& info, bool omit_key);
#ifdef QUARRY_BODIES
QUARRY_FUNC sql::Insert insert_arrays(const ModelInfo& info, bool omit_key) {
  sql::Insert ins;
  ins.table = info.table;
  ins.slot_rows.resize(1);
  for (std::size_t i = 0; i < info.columns.size(); ++i) {
    if (omit_key && info.auto_increment == i) continue;
    ins.columns.push_back(info.columns[i]);
    ins.arrays.push_back(info.types[i]);
    ins.slot_rows[0].push_back(slot(i, sql::SlotRole::array));
  }
  if (omit_key) ins.returning = {info.columns[*info.auto_increment]};
  return ins;
}
#endif  // QUARRY_BODIES

/// "version" = "version" + 1 (a versioned model's SET).
QUARRY_FUNC sql::Assignment next_version(const ModelInfo& info);
#ifdef QUARRY_BODIES
QUARRY_FUNC sql::Assignment next_version(const ModelInfo& info) {
  const auto& column = info.columns[*info.version];
  return {column, sql::Node::binary(sql::Op::add, sql::Node::column(column), sql::Node::param(std::int64_t{1}))};
}
#endif  // QUARRY_BODIES

/// UPDATE of every field but the key, created_at and the hidden fields (a row read without them
/// must not blank them), by key. A versioned model's version is not
/// set from the row but counted up, and the row's version must match: ... WHERE key AND
/// "version" = ? (docs/locking.md).
QUARRY_FUNC sql::Update update_by_key(const ModelInfo& info);
#ifdef QUARRY_BODIES
QUARRY_FUNC sql::Update update_by_key(const ModelInfo& info) {
  sql::Update u;
  u.table = info.table;
  for (std::size_t i = 0; i < info.columns.size(); ++i)
    if (!is_key(info, i) && info.created_at != i && info.version != i && !info.is_hidden(i))
      u.set.push_back({info.columns[i], sql::Node::placeholder(slot(i, sql::SlotRole::value))});
  u.where = key_condition(info);
  if (info.version) {
    u.set.push_back(next_version(info));
    sql::and_into(u.where, sql::Node::binary(sql::Op::eq, sql::Node::column(info.columns[*info.version]),
                                             sql::Node::placeholder(slot(*info.version, sql::SlotRole::key))));
  }
  return u;
}
#endif  // QUARRY_BODIES

/// DELETE by key.
inline sql::Delete delete_by_key(const ModelInfo& info) { return {info.table, key_condition(info)}; }

/// The soft delete of a row, for a model with deleted_at: UPDATE ... SET "deleted_at" = ? WHERE
/// key AND "deleted_at" IS NULL (the time is bound in place of the row's deleted_at).
QUARRY_FUNC sql::Update soft_delete_by_key(const ModelInfo& info);
#ifdef QUARRY_BODIES
QUARRY_FUNC sql::Update soft_delete_by_key(const ModelInfo& info) {
  sql::Update u;
  u.table = info.table;
  const auto field = *info.deleted_at;
  u.set.push_back({info.columns[field], sql::Node::placeholder(slot(field, sql::SlotRole::value))});
  u.where = key_condition(info);
  sql::and_into(u.where, *deleted_condition(info, query::Deleted::hidden));
  return u;
}
#endif  // QUARRY_BODIES

/// The restore of a soft-deleted row: UPDATE ... SET "deleted_at" = NULL WHERE key AND
/// "deleted_at" IS NOT NULL.
QUARRY_FUNC sql::Update restore_by_key(const ModelInfo& info);
#ifdef QUARRY_BODIES
QUARRY_FUNC sql::Update restore_by_key(const ModelInfo& info) {
  sql::Update u;
  u.table = info.table;
  u.set.push_back({info.columns[*info.deleted_at], sql::Node::param(sql::Null{})});
  u.where = key_condition(info);
  sql::and_into(u.where, *deleted_condition(info, query::Deleted::only));
  return u;
}
#endif  // QUARRY_BODIES

}  // namespace shape

/// SELECT every column of T, with the given clauses.
template <class T, unsigned Allowed = query::find_clauses, class... C>
sql::Select select_rows(const C&... clauses) {
  sql::Select s = shape::select_all(model_info<T>());
  query::apply_clauses<T, Allowed>(s, clauses...);
  return s;
}

// The same statements for given rows, their values bound as parameters: each is its shape with
// every slot filled from the rows, so that which columns a statement writes, and in what order,
// is decided once, by the shape.

namespace detail {
/// n with each slot replaced by the value of its field in values (a row's values in field order).
QUARRY_FUNC void fill_slots(sql::Node& n, const quarry::detail::Vector<sql::Value>& values);
#ifdef QUARRY_BODIES
QUARRY_FUNC void fill_slots(sql::Node& n, const quarry::detail::Vector<sql::Value>& values) {
  if (n.kind == sql::Node::Kind::slot) {
    n = sql::Node::param(values.at(n.slot.field));
    return;
  }
  for (auto& a : n.args) fill_slots(a, values);
}
#endif  // QUARRY_BODIES
}  // namespace detail

/// The primary key of a row as a condition: "id" = ? (AND ... for composite keys).
template <class T>
sql::Node key_condition(const T& row) {
  const auto& info = model_info<T>();
  // only the key fields' values: the slots ask for no other
  quarry::detail::Vector<sql::Value> keys(info.columns.size());
  std::size_t i = 0;
  quarry::detail::for_each_field<T>([&](const auto& f) {
    if (f.options.primary_key) keys[i] = quarry::detail::to_value(f.get(row));
    ++i;
  });
  auto cond = shape::key_condition(info);
  detail::fill_slots(cond, keys);
  return cond;
}

/// INSERT of rows of T. When omit_key, the auto-increment key is left to the database and,
/// where the dialect allows, returned.
template <class T>
sql::Insert insert_rows(std::span<const T> rows, bool omit_key, bool returning) {
  sql::Insert ins = shape::insert(model_info<T>(), rows.size(), omit_key, returning);
  ins.rows.resize(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    auto values = row_values(rows[r], false);
    for (const auto& slot : ins.slot_rows[r]) ins.rows[r].push_back(std::move(values[slot.field]));
  }
  ins.slot_rows.clear();
  return ins;
}

/// UPDATE of every column of row but its key, created_at and hidden fields, by its key (and version).
template <class T>
sql::Update update_row(const T& row) {
  sql::Update u = shape::update_by_key(model_info<T>());
  auto values = row_values(row, false);
  for (auto& a : u.set) detail::fill_slots(a.value, values);
  detail::fill_slots(*u.where, values);
  return u;
}

/// UPDATE of the columns of row that differ from before, and of updated_at, where the key is
/// before's: a tracked row's save. A changed key is written too. A versioned model's version is
/// counted up and must still be before's.
template <class T>
sql::Update update_changed(const T& row, const T& before) {
  const auto& info = model_info<T>();
  auto changed = quarry::detail::differing_fields(row, before);
  if (info.updated_at) changed[*info.updated_at] = true;
  auto values = row_values(row, false);
  sql::Update u;
  u.table = info.table;
  for (std::size_t i = 0; i < info.columns.size(); ++i)
    if (changed[i] && info.version != i) u.set.push_back({info.columns[i], sql::Node::param(std::move(values[i]))});
  u.where = key_condition(before);
  if (info.version) {  // counted up, and checked against the snapshot's (docs/locking.md)
    u.set.push_back(shape::next_version(info));
    sql::and_into(u.where, sql::Node::binary(sql::Op::eq, sql::Node::column(info.columns[*info.version]),
                                             sql::Node::param(row_values(before, false)[*info.version])));
  }
  return u;
}

/// The columns a write's RETURNING reads (update_returning, destroy_returning): those a read that
/// names none reads, every one but the hidden, in field order, as ops::read_row reads them.
QUARRY_FUNC std::vector<std::string> returning_columns(const ModelInfo& info);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::vector<std::string> returning_columns(const ModelInfo& info) {
  std::vector<std::string> out;
  out.reserve(info.columns.size());
  for (std::size_t i = 0; i < info.columns.size(); ++i)
    if (!info.is_hidden(i)) out.push_back(info.columns[i]);
  return out;
}
#endif  // QUARRY_BODIES

/// The condition that matches rows by their primary keys: "id" IN (?, ...) for a one-column key,
/// ("a" = ? AND "b" = ?) OR ... for a composite one. rows is not empty.
template <class T>
sql::Node keys_condition(std::span<const T> rows) {
  if (model_info<T>().primary_key.size() == 1) {
    sql::Node in;
    in.kind = sql::Node::Kind::in;
    for (const T& r : rows) {
      auto k = key_condition(r);  // "id" = ?
      if (in.args.empty()) in.args.push_back(std::move(k.args[0]));
      in.args.push_back(std::move(k.args[1]));
    }
    return sql::Node::pinned(std::move(in));
  }
  std::optional<sql::Node> any;
  for (const T& r : rows) {
    auto k = key_condition(r);
    any = any ? sql::Node::binary(sql::Op::or_, std::move(*any), std::move(k)) : std::move(k);
  }
  return sql::Node::pinned(std::move(*any));
}

/// DELETE of row, by its key.
template <class T>
sql::Delete delete_row(const T& row) {
  return {model_info<T>().table, key_condition(row)};
}

/// INSERT ... ON CONFLICT/ON DUPLICATE KEY: on a clash with conflict, updates every other column
/// (but created_at and version) from row.
template <class T>
sql::Insert upsert_row(const T& row, std::vector<std::string> conflict, bool omit_key, bool returning) {
  const auto& info = model_info<T>();
  sql::Insert ins = insert_rows<T>(std::span<const T>(&row, 1), omit_key, false);
  sql::Upsert up;
  up.conflict_columns = std::move(conflict);
  for (std::size_t i = 0; i < info.columns.size(); ++i) {
    const auto& c = info.columns[i];
    bool target = quarry::detail::contains(up.conflict_columns, c);
    if (!shape::is_key(info, i) && !target && info.created_at != i && info.version != i) up.update_columns.push_back(c);
  }
  ins.upsert = std::move(up);
  if (returning) ins.returning = info.columns;
  return ins;
}

}  // namespace quarry::ops
