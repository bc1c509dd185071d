#pragma once
/// Schema operations one at a time, the C++ form of Sequelize's QueryInterface: tables created,
/// dropped and renamed, columns added (as a model declares them), removed, changed and renamed,
/// indexes added and removed. Each is one statement rendered by the dialect (a SQLite column
/// change is a rebuild of its table), run on the database, also inside a transaction.
///
///   db.add_column<&Book::isbn>();                           // ALTER TABLE "books" ADD COLUMN "isbn" ...
///   db.rename_column("books", "title", "name");
///   db.add_index("books", {"author_id", "title"}, {.unique = true});
///   db.add_constraint("books", quarry::schema::check_constraint("books_stock_check", "stock >= 0"));
///   db.remove_constraint("books", "books_stock_check");

#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>  // fmt::format: error messages

#include "../error.hpp"
#include "../sql/constraint.hpp"
#include "../session/session.hpp"
#include "ddl.hpp"
#include "diff.hpp"

namespace quarry {

namespace schema {

/// UNIQUE (columns), named as sync names a unique key when name is "".
inline Constraint unique_constraint(std::vector<std::string> columns, std::string name = {}) {
  return {.kind = sql::ConstraintKind::unique, .name = std::move(name), .columns = std::move(columns)};
}
/// CHECK (condition), a condition in SQL, written as it is.
inline Constraint check_constraint(std::string name, std::string condition) {
  return {.kind = sql::ConstraintKind::check, .name = std::move(name), .check = std::move(condition)};
}
/// FOREIGN KEY (columns) REFERENCES table (referenced), with actions.
struct References {
  std::string table;
  std::vector<std::string> columns;
  Action on_delete = Action::none, on_update = Action::none;
};
inline Constraint foreign_key_constraint(std::vector<std::string> columns, References to, std::string name = {}) {
  return {.kind = sql::ConstraintKind::foreign_key, .name = std::move(name), .columns = std::move(columns),
          .references = std::move(to.table), .referenced_columns = std::move(to.columns), .on_delete = to.on_delete,
          .on_update = to.on_update};
}
/// PRIMARY KEY (columns), for a table that has none.
inline Constraint primary_key_constraint(std::vector<std::string> columns, std::string name = {}) {
  return {.kind = sql::ConstraintKind::primary_key, .name = std::move(name), .columns = std::move(columns)};
}

}  // namespace schema

namespace schema::detail {
/// Member M's column in its model's table, as sync would create it.
template <auto M>
sql::ColumnDef column_of(const Table& t) {
  std::string_view name = quarry::detail::column_name<M>();
  for (const auto& c : t.create.columns)
    if (c.name == name) return c;
  throw ConfigError(fmt::format("quarry: {} is not a column of table {}", name, t.create.table));
}
}  // namespace schema::detail

template <class T>
void Session::create_table() {
  if constexpr (detail::ModelCheck<T>::ok) {
    auto t = schema::table<T>();
    t.create.if_not_exists = false;
    for (auto& index : t.indexes) index.if_not_exists = false;
    apply_steps({{schema::StepKind::add_table, t.create.table, t.create.table, false, "create table " + t.create.table,
                  schema::create_statements(dialect(), {t})}});
  }
}

inline void Session::drop_table(std::string_view table) {
  run_ddl(sql::render(dialect(), sql::DropTable{std::string(table), false}).sql);
}

inline void Session::rename_table(std::string_view from, std::string_view to) {
  run_ddl(sql::render(dialect(), sql::RenameTable{std::string(from), std::string(to)}).sql);
}

template <auto M>
void Session::add_column() {
  using T = detail::class_of<M>;
  if constexpr (detail::ModelCheck<T>::ok) {
    auto t = schema::table<T>();
    auto c = schema::detail::column_of<M>(t);
    const auto& d = dialect();
    std::vector<std::string> statements;
    if (d.enums == sql::EnumSyntax::named_type && c.type.kind == TypeKind::enumeration)
      statements.push_back(sql::render(d, sql::CreateEnumType{c.type.enum_type, c.type.labels}).sql);
    bool unique_apart = d.alter == sql::AlterSyntax::rebuild && c.unique;  // SQLite adds no UNIQUE column
    if (unique_apart) c.unique = false;
    statements.push_back(sql::render(d, sql::AddColumn{t.create.table, c}).sql);
    if (unique_apart)
      statements.push_back(sql::render(d, sql::CreateIndex{schema::constraint_name(t.create.table, {c.name},
                                                                                   schema::NameKind::unique_key),
                                                           t.create.table, {c.name}, true, false}).sql);
    apply_steps({{schema::StepKind::add_column, t.create.table, c.name, false, "add column " + c.name, statements}});
  }
}

inline void Session::remove_column(std::string_view table, std::string_view column) {
  run_ddl(sql::render(dialect(), sql::DropColumn{std::string(table), std::string(column)}).sql);
}

template <auto M>
void Session::change_column() {
  using T = detail::class_of<M>;
  if constexpr (detail::ModelCheck<T>::ok) {
    auto t = schema::table<T>();
    auto c = schema::detail::column_of<M>(t);
    const auto& d = dialect();
    if (d.alter == sql::AlterSyntax::rebuild) {
      schema::LiveTable live{t.create.table, describe_table(t.create.table), {}};
      apply_steps({{schema::StepKind::rebuild_table, t.create.table, t.create.table, true,
                    "rebuild table " + t.create.table, schema::rebuild_statements(d, t, live)}});
    } else {
      apply_steps({{schema::StepKind::alter_column, t.create.table, c.name, true, "change column " + c.name,
                    sql::render_alter(d, sql::AlterColumn{t.create.table, c})}});
    }
  }
}

inline void Session::rename_column(std::string_view table, std::string_view from, std::string_view to) {
  run_ddl(sql::render(dialect(), sql::RenameColumn{std::string(table), std::string(from), std::string(to)}).sql);
}

inline void Session::add_index(std::string_view table, std::vector<std::string> columns, schema::IndexOptions options) {
  std::string name = !options.name.empty() ? options.name
                                           : schema::constraint_name(table, columns, options.unique ? schema::NameKind::unique_key
                                                                                                    : schema::NameKind::index);
  run_ddl(sql::render(dialect(), sql::CreateIndex{std::move(name), std::string(table), std::move(columns), options.unique,
                                                  false, std::move(options.descending), std::move(options.where),
                                                  std::move(options.method)}).sql);
}

inline void Session::remove_index(std::string_view table, std::string_view name) {
  run_ddl(sql::render(dialect(), sql::DropIndex{std::string(table), std::string(name)}).sql);
}

namespace schema::detail {
/// SQLite's procedure for a change ALTER TABLE cannot make, on a table known only by its text:
/// the new table from text (its name replaced), the rows copied, the old table dropped, the new
/// one renamed, its indexes and triggers made again.
QUARRY_FUNC std::vector<std::string> rebuild_from_text(const sql::Dialect& d, std::string_view table, sql::TableText text,
                                                       const std::vector<std::string>& indexes_and_triggers);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::vector<std::string> rebuild_from_text(const sql::Dialect& d, std::string_view table, sql::TableText text,
                                                       const std::vector<std::string>& indexes_and_triggers) {
  std::string next = std::string(table) + "_quarry_new";
  sql::detail::Renderer head{d};
  head.raw("CREATE TABLE ").ident(next).raw(" ");
  text.head = std::move(head).take().sql;
  std::vector<std::string> out{text.joined()};
  for (auto& s : swap_in(d, table, next)) out.push_back(std::move(s));
  out.insert(out.end(), indexes_and_triggers.begin(), indexes_and_triggers.end());
  return out;
}
#endif  // QUARRY_BODIES

/// SQLite: the text of table's CREATE TABLE, split, and the statements of its indexes and triggers.
inline std::pair<sql::TableText, std::vector<std::string>> sqlite_table_text(Session& db, std::string_view table) {
  auto texts = db.query<std::string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", std::string(table));
  if (texts.empty()) throw SchemaError(fmt::format("quarry: the database has no table {}", table));
  auto split = sql::split_table(texts[0]);
  if (!split) throw SchemaError(fmt::format("quarry: the definition of table {} could not be read", table));
  auto others = db.query<std::string>("SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND "
                                      "tbl_name = ? AND sql IS NOT NULL ORDER BY type, name",
                                      std::string(table));
  return {std::move(*split), std::move(others)};
}
}  // namespace schema::detail

inline void Session::add_constraint(std::string_view table, schema::Constraint c) {
  const auto& d = dialect();
  using K = sql::ConstraintKind;
  std::string name = c.name;
  if (name.empty() && c.kind == K::check)
    throw ConfigError("quarry: add_constraint: a check constraint needs a name (check_constraint(name, condition))");
  if (name.empty())
    name = c.kind == K::primary_key ? std::string(table) + "_pkey"
                                    : schema::constraint_name(table, c.columns, c.kind == K::unique ? schema::NameKind::unique_key
                                                                                                    : schema::NameKind::foreign_key);
  sql::AddConstraint add{std::string(table), name, c.kind, std::move(c.columns), std::move(c.check),
                         sql::ForeignKey{{}, {}, std::move(c.references), std::move(c.referenced_columns), c.on_delete,
                                         c.on_update}};
  std::string what = fmt::format("add constraint {} to {}", name, table);
  if (d.alter != sql::AlterSyntax::rebuild)
    return apply_steps({{schema::StepKind::add_constraint, std::string(table), name, false, what,
                         {sql::render(d, add).sql}}});
  if (c.kind == K::unique)  // the same guarantee, and SQLite adds it without a rebuild
    return apply_steps({{schema::StepKind::add_constraint, std::string(table), name, false, what,
                         {sql::render(d, sql::CreateIndex{name, std::string(table), add.columns, true, false}).sql}}});
  auto [text, others] = schema::detail::sqlite_table_text(*this, table);
  for (const auto& item : text.items)
    if (sql::names_constraint(item, name))
      throw SchemaError(fmt::format("quarry: table {} has a constraint {} already", table, name));
  text.items.push_back(sql::constraint_definition(d, add));
  apply_steps({{schema::StepKind::rebuild_table, std::string(table), name, false, what + " (a table rebuild)",
                schema::detail::rebuild_from_text(d, table, std::move(text), others)}});
}

inline void Session::remove_constraint(std::string_view table, std::string_view name) {
  const auto& d = dialect();
  std::string what = fmt::format("remove constraint {} of {}", name, table);
  auto none = [&] {
    return SchemaError(fmt::format("quarry: table {} has no constraint {}; nothing was changed", table, name));
  };
  if (d.alter == sql::AlterSyntax::rebuild) {
    auto indexes = query<std::string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name = ?",
                                      std::string(table), std::string(name));
    if (!indexes.empty())  // a unique key that add_constraint made
      return apply_steps({{schema::StepKind::drop_index, std::string(table), std::string(name), true, what,
                           {sql::render(d, sql::DropIndex{std::string(table), std::string(name)}).sql}}});
    auto [text, others] = schema::detail::sqlite_table_text(*this, table);
    auto kept = text.items.size();
    std::erase_if(text.items, [&](const std::string& item) { return sql::names_constraint(item, name); });
    if (kept == text.items.size()) throw none();
    return apply_steps({{schema::StepKind::rebuild_table, std::string(table), std::string(name), true,
                         what + " (a table rebuild)", schema::detail::rebuild_from_text(d, table, std::move(text), others)}});
  }
  sql::DropConstraint drop{std::string(table), std::string(name)};
  if (d.constraints_dropped_by_kind) {
    auto kinds = query<std::string>("SELECT CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS WHERE "
                                    "CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?",
                                    std::string(table), std::string(name));
    if (kinds.empty()) throw none();
    const std::string& k = kinds[0];
    drop.kind = k == "UNIQUE" ? sql::ConstraintKind::unique
                : k == "FOREIGN KEY" ? sql::ConstraintKind::foreign_key
                : k == "PRIMARY KEY" ? sql::ConstraintKind::primary_key
                                     : sql::ConstraintKind::check;
  } else {
    auto found = query<std::int64_t>("SELECT COUNT(*) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
                                     "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() "
                                     "AND t.relname = ? AND c.conname = ?",
                                     std::string(table), std::string(name));
    if (found.empty() || found[0] == 0) throw none();
  }
  apply_steps({{schema::StepKind::drop_constraint, std::string(table), std::string(name), true, what,
                {sql::render(d, drop).sql}}});
}

}  // namespace quarry
