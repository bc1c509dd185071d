#pragma once
/// Schema operations one at a time, the C++ form of Sequelize's QueryInterface: tables created,
/// dropped and renamed, columns added (as a model declares them), removed, changed and renamed,
/// indexes added and removed. Each is one statement rendered by the dialect (a SQLite column
/// change is a rebuild of its table), run on the database, also inside a transaction.
///
///   db.add_column<&Book::isbn>();                           // ALTER TABLE "books" ADD COLUMN "isbn" ...
///   db.rename_column("books", "title", "name");
///   db.add_index("books", {"author_id", "title"}, {.unique = true});

#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>  // fmt::format: error messages

#include "../error.hpp"
#include "../session/session.hpp"
#include "ddl.hpp"
#include "diff.hpp"

namespace quarry {

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

}  // namespace quarry
