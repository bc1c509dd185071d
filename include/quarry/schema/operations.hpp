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

#include <memory>  // shared_ptr: an enumeration's labels
#include <optional>
#include <string>
#include <string_view>
#include <tuple>  // drop_enum_types' rows
#include <type_traits>  // default_value's kinds of value
#include <vector>

#include "../config.hpp"
#include "../error.hpp"
#include "../sql/constraint.hpp"
#include "../session/session.hpp"
#include "ddl.hpp"
#include "diff.hpp"

#ifdef QUARRY_BODIES
#include <algorithm>
#include <fmt/core.h>  // fmt::format: error messages
#endif

namespace quarry {

namespace schema {

/// UNIQUE (columns), named as sync names a unique key when name is "".
QUARRY_FUNC Constraint unique_constraint(std::vector<std::string> columns, std::string name = {});
#ifdef QUARRY_BODIES
QUARRY_FUNC Constraint unique_constraint(std::vector<std::string> columns, std::string name) {
  return {.kind = sql::ConstraintKind::unique, .name = std::move(name), .columns = std::move(columns)};
}
#endif  // QUARRY_BODIES
/// CHECK (condition), a condition in SQL, written as it is; name "" names it as sync names a
/// table's check (check_name: table_check_ and the condition's hash).
QUARRY_FUNC Constraint check_constraint(std::string name, std::string condition);
#ifdef QUARRY_BODIES
QUARRY_FUNC Constraint check_constraint(std::string name, std::string condition) {
  return {.kind = sql::ConstraintKind::check, .name = std::move(name), .check = std::move(condition)};
}
#endif  // QUARRY_BODIES
/// FOREIGN KEY (columns) REFERENCES table (referenced), with actions.
struct References {
  std::string table;
  std::vector<std::string> columns;
  Action on_delete = Action::none, on_update = Action::none;
};
QUARRY_FUNC Constraint foreign_key_constraint(std::vector<std::string> columns, References to, std::string name = {});
#ifdef QUARRY_BODIES
QUARRY_FUNC Constraint foreign_key_constraint(std::vector<std::string> columns, References to, std::string name) {
  return {.kind = sql::ConstraintKind::foreign_key, .name = std::move(name), .columns = std::move(columns),
          .references = std::move(to.table), .referenced_columns = std::move(to.columns), .on_delete = to.on_delete,
          .on_update = to.on_update};
}
#endif  // QUARRY_BODIES
/// PRIMARY KEY (columns), for a table that has none.
QUARRY_FUNC Constraint primary_key_constraint(std::vector<std::string> columns, std::string name = {});
#ifdef QUARRY_BODIES
QUARRY_FUNC Constraint primary_key_constraint(std::vector<std::string> columns, std::string name) {
  return {.kind = sql::ConstraintKind::primary_key, .name = std::move(name), .columns = std::move(columns)};
}
#endif  // QUARRY_BODIES

/// A column's type for a column described by hand (schema::column), with Sequelize's names
/// beside: integer() is INTEGER, bigint() BIGINT, string(n) STRING(n), text() TEXT, ...
class Type {
 public:
  explicit Type(sql::ColumnType t) : type_(std::move(t)) {}
  /// An enumeration of labels: a type of its own on PostgreSQL (enum_<table>_<column>, as sync
  /// names it), ENUM(...) on MySQL, TEXT with a CHECK on SQLite.
  explicit Type(std::vector<std::string> labels);
  const sql::ColumnType& column_type() const { return type_; }

 private:
  struct Labels {  // the labels' text, owned here: ColumnType holds views of it
    std::vector<std::string> text;
    std::vector<std::string_view> views;
  };
  sql::ColumnType type_;
  std::shared_ptr<Labels> labels_;  // shared: a copied Type's views stay valid
};
#ifdef QUARRY_BODIES
QUARRY_FUNC Type::Type(std::vector<std::string> labels) : labels_(std::make_shared<Labels>()) {
  labels_->text = std::move(labels);
  for (const auto& l : labels_->text) labels_->views.emplace_back(l);
  type_.kind = TypeKind::enumeration;
  type_.labels = labels_->views;
}
#endif  // QUARRY_BODIES
inline Type boolean() { return Type({.kind = TypeKind::boolean}); }
inline Type tinyint() { return Type({.kind = TypeKind::int8}); }  ///< SMALLINT where there is no TINYINT
inline Type smallint() { return Type({.kind = TypeKind::int16}); }
inline Type integer() { return Type({.kind = TypeKind::int32}); }
inline Type bigint() { return Type({.kind = TypeKind::int64}); }
/// Sequelize's TINYINT.UNSIGNED and the rest: UNSIGNED on MySQL, the next wider signed type
/// elsewhere (NUMERIC(20, 0) for unsigned_bigint on PostgreSQL).
inline Type unsigned_tinyint() { return Type({.kind = TypeKind::uint8}); }
inline Type unsigned_smallint() { return Type({.kind = TypeKind::uint16}); }
inline Type unsigned_integer() { return Type({.kind = TypeKind::uint32}); }
inline Type unsigned_bigint() { return Type({.kind = TypeKind::uint64}); }
inline Type real() { return Type({.kind = TypeKind::float32}); }            ///< Sequelize's FLOAT
inline Type double_precision() { return Type({.kind = TypeKind::float64}); }  ///< Sequelize's DOUBLE
QUARRY_FUNC Type decimal(int precision, int scale);
#ifdef QUARRY_BODIES
QUARRY_FUNC Type decimal(int precision, int scale) {
  return Type({.kind = TypeKind::decimal, .precision = precision, .scale = scale});
}
#endif  // QUARRY_BODIES
inline Type string(int size = 255) { return Type({.kind = TypeKind::text, .size = size}); }  ///< VARCHAR(size)
inline Type text() { return Type({.kind = TypeKind::text}); }
inline Type blob() { return Type({.kind = TypeKind::blob}); }
inline Type timestamp() { return Type({.kind = TypeKind::timestamp}); }  ///< Sequelize's DATE
inline Type date() { return Type({.kind = TypeKind::date}); }            ///< Sequelize's DATEONLY
inline Type uuid() { return Type({.kind = TypeKind::uuid}); }
inline Type json() { return Type({.kind = TypeKind::json}); }
inline Type enumeration(std::vector<std::string> labels) { return Type(std::move(labels)); }

/// A column described by hand, for a migration that must not change when the model does
/// (Sequelize's attributes of createTable and addColumn). NULL is allowed unless said:
///
///   db.create_table("users", {
///       column("id", bigint()).primary_key().auto_increment(),
///       column("email", string(200)).not_null().unique(),
///       column("role", enumeration({"admin", "member"})).not_null().default_value("member"),
///       column("team_id", bigint()).references({"teams", {"id"}, schema::Action::cascade}),
///   });
class Column {
 public:
  Column(std::string name, Type type) : type_(std::move(type)) {
    def_.name = std::move(name);
    def_.type = type_.column_type();
    def_.nullable = true;
  }
  Column& not_null() { def_.nullable = false; return *this; }
  Column& primary_key() { def_.primary_key = true; def_.nullable = false; return *this; }
  Column& auto_increment() { def_.auto_increment = true; return *this; }
  Column& unique() { def_.unique = true; return *this; }
  /// DEFAULT v: a bool, a number, text, or any other value quarry stores (a Decimal, a Date).
  template <class V>
  Column& default_value(V v) {
    if constexpr (std::is_same_v<V, bool>) def_.default_value = sql::Value(v);
    else if constexpr (std::is_integral_v<V>) def_.default_value = sql::Value(static_cast<std::int64_t>(v));
    else if constexpr (std::is_floating_point_v<V>) def_.default_value = sql::Value(static_cast<double>(v));
    else if constexpr (std::is_convertible_v<V, std::string_view>)
      def_.default_value = sql::Value(std::string(std::string_view(v)));
    else def_.default_value = sql::Value(std::move(v));
    return *this;
  }
  Column& default_now() { def_.default_now = true; return *this; }
  Column& default_random_uuid() { def_.default_random_uuid = true; return *this; }
  /// CHECK (condition), SQL written as it is.
  Column& check(std::string condition) { def_.check = std::move(condition); return *this; }
  Column& comment(std::string text) { def_.comment = std::move(text); return *this; }
  /// A foreign key to to.table (to.columns: its one referenced column), with its actions.
  Column& references(References to) { references_ = std::move(to); return *this; }

  const sql::ColumnDef& definition() const { return def_; }
  /// The column as table gets it: its enumeration's type named as sync names it, and keyed
  /// when a key or a foreign key covers it (MySQL indexes no unbounded TEXT).
  sql::ColumnDef definition_in(std::string_view table) const {
    sql::ColumnDef c = def_;
    if (c.type.kind == TypeKind::enumeration) c.type.enum_type = ops::detail::enum_type_name(table, c.name);
    if (c.primary_key || c.unique || references_) c.type.keyed = true;
    return c;
  }
  const std::optional<References>& reference() const { return references_; }

 private:
  Type type_;  // owns an enumeration's labels, which def_.type views
  sql::ColumnDef def_;
  std::optional<References> references_;
};
inline Column column(std::string name, Type type) { return Column(std::move(name), std::move(type)); }

}  // namespace schema

namespace schema::detail {
/// The column called name in a model's table, as sync would create it.
QUARRY_FUNC sql::ColumnDef column_named(const Table& t, std::string_view name);
#ifdef QUARRY_BODIES
QUARRY_FUNC sql::ColumnDef column_named(const Table& t, std::string_view name) {
  for (const auto& c : t.create.columns)
    if (c.name == name) return c;
  throw ConfigError(fmt::format("quarry: {} is not a column of table {}", name, t.create.table));
}
#endif  // QUARRY_BODIES

/// Member M's column in its model's table, as sync would create it.
template <auto M>
sql::ColumnDef column_of(const Table& t) {
  return column_named(t, quarry::detail::column_name<M>());
}
}  // namespace schema::detail

namespace schema::detail {
/// The name of a constraint given none, as sync names it: table_columns_key, table_columns_fkey,
/// table_pkey, table_check_ and the hash of its condition (check_name).
QUARRY_FUNC std::string constraint_name_of(std::string_view table, const Constraint& c);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string constraint_name_of(std::string_view table, const Constraint& c) {
  switch (c.kind) {
    case sql::ConstraintKind::unique: return constraint_name(table, c.columns, NameKind::unique_key);
    case sql::ConstraintKind::foreign_key: return constraint_name(table, c.columns, NameKind::foreign_key);
    case sql::ConstraintKind::primary_key: return std::string(table) + "_pkey";
    case sql::ConstraintKind::check: return check_name(table, "", c.check);
  }
  return {};
}
#endif  // QUARRY_BODIES

/// The table that create_table makes of columns described by hand and table constraints.
QUARRY_FUNC Table described_table(std::string_view table, const std::vector<Column>& columns,
                                  std::vector<Constraint> constraints);
/// ADD COLUMN c to table, with what it needs around it: on PostgreSQL its enumeration's type
/// first; on SQLite, which adds no UNIQUE column, a unique index after.
QUARRY_FUNC std::vector<std::string> add_column_statements(const sql::Dialect& d, std::string_view table, sql::ColumnDef c);

#ifdef QUARRY_BODIES
QUARRY_FUNC Table described_table(std::string_view table, const std::vector<Column>& columns,
                                  std::vector<Constraint> constraints) {
  using K = sql::ConstraintKind;
  Table t;
  t.create.table = std::string(table);
  t.create.if_not_exists = false;
  std::size_t keys = 0;  // columns marked primary_key: more than one make one composite key
  for (const auto& column : columns) keys += column.definition().primary_key ? 1 : 0;
  for (const auto& column : columns) {
    sql::ColumnDef c = column.definition_in(table);
    if (c.primary_key && keys > 1) {
      c.primary_key = false;
      t.create.primary_key.push_back(c.name);
    }
    if (const auto& to = column.reference()) {
      if (to->columns.size() != 1)
        throw ConfigError(fmt::format("quarry: create_table {}: column {} references {} by {} columns; a column "
                                      "references one (a composite key: foreign_key_constraint)",
                                      table, c.name, to->table, to->columns.size()));
      t.create.foreign_keys.push_back({constraint_name(table, {c.name}, NameKind::foreign_key), {c.name},
                                       to->table, to->columns, to->on_delete, to->on_update});
      add_reference(t, to->table);
    }
    t.create.columns.push_back(std::move(c));
  }
  for (auto& k : constraints) {
    std::string name = k.name;
    switch (k.kind) {
      case K::primary_key: t.create.primary_key = std::move(k.columns); break;
      case K::check:
        if (name.empty()) name = constraint_name_of(table, k);
        t.create.checks.push_back({std::move(name), std::move(k.check)});
        break;
      case K::unique:
        if (name.empty()) name = constraint_name_of(table, k);
        t.create.uniques.push_back({std::move(name), std::move(k.columns)});
        break;
      case K::foreign_key:
        if (name.empty()) name = constraint_name_of(table, k);
        t.create.foreign_keys.push_back({std::move(name), std::move(k.columns), k.references,
                                         std::move(k.referenced_columns), k.on_delete, k.on_update});
        add_reference(t, k.references);
        break;
    }
  }
  for (const auto& u : t.create.uniques) mark_keyed(t, u.columns);
  for (const auto& f : t.create.foreign_keys) mark_keyed(t, f.columns);
  mark_keyed(t, t.create.primary_key);
  return t;
}

QUARRY_FUNC std::vector<std::string> add_column_statements(const sql::Dialect& d, std::string_view table, sql::ColumnDef c) {
  std::vector<std::string> statements;
  if (d.enums == sql::EnumSyntax::named_type && c.type.kind == TypeKind::enumeration)
    statements.push_back(sql::render(d, sql::CreateEnumType{c.type.enum_type, c.type.labels}).sql);
  bool unique_apart = d.alter == sql::AlterSyntax::rebuild && c.unique;  // SQLite adds no UNIQUE column
  if (unique_apart) c.unique = false;
  std::string name = c.name;
  statements.push_back(sql::render(d, sql::AddColumn{std::string(table), std::move(c)}).sql);
  if (unique_apart)
    statements.push_back(sql::render(d, sql::CreateIndex{constraint_name(table, {name}, NameKind::unique_key),
                                                         std::string(table), {name}, true, false}).sql);
  return statements;
}
#endif  // QUARRY_BODIES
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

#ifdef QUARRY_BODIES
QUARRY_FUNC void Session::create_table(std::string_view table, std::vector<schema::Column> columns,
                                       std::vector<schema::Constraint> constraints) {
  auto t = schema::detail::described_table(table, columns, std::move(constraints));
  apply_steps({{schema::StepKind::add_table, t.create.table, t.create.table, false, "create table " + t.create.table,
                schema::create_statements(dialect(), {t})}});
}

QUARRY_FUNC void Session::create_table(std::string_view table, std::vector<schema::Column> columns) {
  create_table(table, std::move(columns), {});
}

QUARRY_FUNC void Session::add_column(std::string_view table, schema::Column column) {
  add_column_def(table, column.definition_in(table));
  if (const auto& to = column.reference())
    add_constraint(table, schema::foreign_key_constraint({column.definition().name}, *to));
}
#endif  // QUARRY_BODIES

namespace schema::detail {
/// PostgreSQL: DROP TYPE of the enum types that sync made for table's columns (named
/// enum_<table>_<column>), of every column or of column alone, for after the table or the column
/// is dropped (a type of another name may be shared: it stays). None elsewhere.
QUARRY_FUNC std::vector<std::string> drop_enum_types(Session& db, std::string_view table, std::string_view column = {});
#ifdef QUARRY_BODIES
QUARRY_FUNC std::vector<std::string> drop_enum_types(Session& db, std::string_view table, std::string_view column) {
  std::vector<std::string> out;
  const auto& d = db.dialect();
  if (d.enums != sql::EnumSyntax::named_type) return out;
  using Row = std::tuple<std::string, std::string>;
  for (auto& [name, type] : db.query<Row>(
           "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
           "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid "
           "WHERE t.typtype = 'e' AND n.nspname = current_schema() AND c.relname = ? AND a.attnum > 0 "
           "AND NOT a.attisdropped ORDER BY a.attnum",
           std::string(table)))
    if ((column.empty() || name == column) && type == ops::detail::enum_type_name(table, name))
      out.push_back(sql::render(d, sql::DropEnumType{type}).sql);
  return out;
}
#endif  // QUARRY_BODIES
}  // namespace schema::detail

#ifdef QUARRY_BODIES
QUARRY_FUNC void Session::drop_table(std::string_view table) {
  std::vector<std::string> statements{sql::render(dialect(), sql::DropTable{std::string(table), false}).sql};
  for (auto& s : schema::detail::drop_enum_types(*this, table)) statements.push_back(std::move(s));
  apply_steps({{schema::StepKind::drop_table, std::string(table), std::string(table), true,
                fmt::format("drop table {}", table), std::move(statements)}});
}

QUARRY_FUNC void Session::rename_table(std::string_view from, std::string_view to) {
  run_ddl(sql::render(dialect(), sql::RenameTable{std::string(from), std::string(to)}).sql);
}
#endif  // QUARRY_BODIES

template <auto M>
void Session::add_column() {
  using T = detail::class_of<M>;
  if constexpr (detail::ModelCheck<T>::ok) {
    auto t = schema::table<T>();
    add_column_def(t.create.table, schema::detail::column_of<M>(t));
  }
}

#ifdef QUARRY_BODIES
QUARRY_FUNC void Session::remove_column(std::string_view table, std::string_view column) {
  const auto& d = dialect();
  std::vector<std::string> statements;
  if (d.alter == sql::AlterSyntax::rebuild)  // SQLite drops no indexed column: its indexes first, as the others do
    for (const auto& index : describe_indexes(table))
      if (std::find(index.columns.begin(), index.columns.end(), column) != index.columns.end() &&
          !index.name.starts_with("sqlite_autoindex_"))
        statements.push_back(sql::render(d, sql::DropIndex{std::string(table), index.name}).sql);
  statements.push_back(sql::render(d, sql::DropColumn{std::string(table), std::string(column)}).sql);
  for (auto& s : schema::detail::drop_enum_types(*this, table, column)) statements.push_back(std::move(s));
  apply_steps({{schema::StepKind::drop_column, std::string(table), std::string(column), true,
                fmt::format("remove column {}.{}", table, column), std::move(statements)}});
}
#endif  // QUARRY_BODIES

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

#ifdef QUARRY_BODIES
QUARRY_FUNC void Session::rename_column(std::string_view table, std::string_view from, std::string_view to) {
  run_ddl(sql::render(dialect(), sql::RenameColumn{std::string(table), std::string(from), std::string(to)}).sql);
}

QUARRY_FUNC void Session::add_index(std::string_view table, std::vector<std::string> columns,
                                    schema::IndexOptions options) {
  std::string name = !options.name.empty() ? options.name
                                           : schema::constraint_name(table, columns, options.unique ? schema::NameKind::unique_key
                                                                                                    : schema::NameKind::index);
  run_ddl(sql::render(dialect(), sql::CreateIndex{std::move(name), std::string(table), std::move(columns), options.unique,
                                                  false, std::move(options.descending), std::move(options.where),
                                                  std::move(options.method)}).sql);
}

QUARRY_FUNC void Session::remove_index(std::string_view table, std::string_view name) {
  run_ddl(sql::render(dialect(), sql::DropIndex{std::string(table), std::string(name)}).sql);
}
#endif  // QUARRY_BODIES

namespace schema::detail {
/// SQLite's procedure for a change ALTER TABLE cannot make, on a table known only by its text:
/// the new table from text (its name replaced), the rows copied (of columns, or of every column),
/// the old table dropped, the new one renamed, its indexes and triggers made again.
QUARRY_FUNC std::vector<std::string> rebuild_from_text(const sql::Dialect& d, std::string_view table, sql::TableText text,
                                                       const std::vector<std::string>& indexes_and_triggers,
                                                       const std::vector<std::string>& columns = {});
#ifdef QUARRY_BODIES
QUARRY_FUNC std::vector<std::string> rebuild_from_text(const sql::Dialect& d, std::string_view table, sql::TableText text,
                                                       const std::vector<std::string>& indexes_and_triggers,
                                                       const std::vector<std::string>& columns) {
  std::string next = std::string(table) + "_quarry_new";
  sql::detail::Renderer head{d};
  head.raw("CREATE TABLE ").ident(next).raw(" ");
  text.head = std::move(head).take().sql;
  std::vector<std::string> out{text.joined()};
  for (auto& s : swap_in(d, table, next, columns)) out.push_back(std::move(s));
  out.insert(out.end(), indexes_and_triggers.begin(), indexes_and_triggers.end());
  return out;
}
#endif  // QUARRY_BODIES

/// SQLite: the text of table's CREATE TABLE, split, and the statements of its indexes and triggers.
QUARRY_FUNC std::pair<sql::TableText, std::vector<std::string>> sqlite_table_text(Session& db, std::string_view table);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::pair<sql::TableText, std::vector<std::string>> sqlite_table_text(Session& db, std::string_view table) {
  auto texts = db.query<std::string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", std::string(table));
  if (texts.empty()) throw SchemaError(fmt::format("quarry: the database has no table {}", table));
  auto split = sql::split_table(texts[0]);
  if (!split) throw SchemaError(fmt::format("quarry: the definition of table {} could not be read", table));
  auto others = db.query<std::string>("SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND "
                                      "tbl_name = ? AND sql IS NOT NULL ORDER BY type, name",
                                      std::string(table));
  return {std::move(*split), std::move(others)};
}
#endif  // QUARRY_BODIES
}  // namespace schema::detail

#ifdef QUARRY_BODIES
QUARRY_FUNC void Session::add_column_def(std::string_view table, sql::ColumnDef c) {
  const auto& d = dialect();
  std::string what = fmt::format("add column {}.{}", table, c.name);
  if (d.alter != sql::AlterSyntax::rebuild || !(c.primary_key || c.default_now || c.default_random_uuid))
    return apply_steps({{schema::StepKind::add_column, std::string(table), c.name, false, what,
                         schema::detail::add_column_statements(d, table, std::move(c))}});
  // SQLite adds no column with a key or a default that is not a constant: the table rebuilt from
  // its own definition with the column's after the other columns, the rows of those copied
  std::vector<std::string> columns;
  for (const auto& live : describe_table(table)) columns.push_back(live.name);
  auto [text, others] = schema::detail::sqlite_table_text(*this, table);
  std::size_t at = 0;
  for (std::size_t i = 0; i < text.items.size(); ++i)
    if (!sql::constraint_item(text.items[i])) at = i + 1;
  text.items.insert(text.items.begin() + static_cast<std::ptrdiff_t>(at), sql::column_definition(d, c));
  apply_steps({{schema::StepKind::rebuild_table, std::string(table), c.name, false, what + " (a table rebuild)",
                schema::detail::rebuild_from_text(d, table, std::move(text), others, columns)}});
}

QUARRY_FUNC void Session::change_column(std::string_view table, schema::Column column) {
  const auto& d = dialect();
  sql::ColumnDef c = column.definition_in(table);
  c.unique = false;  // a key stays as it is: add_constraint and remove_constraint change keys
  std::string what = fmt::format("change column {}.{}", table, c.name);
  if (d.alter != sql::AlterSyntax::rebuild) {
    std::vector<std::string> statements;
    auto alter = sql::render_alter(d, sql::AlterColumn{std::string(table), c});
    if (d.enums == sql::EnumSyntax::named_type && c.type.kind == TypeKind::enumeration) {
      schema::ColumnInfo was;  // the column there, with the labels of its enum type when it has one
      for (auto& live : describe_table(table))
        if (live.name == c.name) was = std::move(live);
      const auto& have = was.labels;
      if (!have.empty()) {  // the type there: its labels changed, then NULL, then the default if it changed
        statements = schema::detail::enum_statements(d, table, c, have);
        statements.push_back(std::move(alter[1]));
        if (!schema::detail::same_default(d, c, was)) statements.push_back(std::move(alter[2]));
        return apply_steps({{schema::StepKind::alter_column, std::string(table), c.name, true, what, std::move(statements)}});
      }
      statements.push_back(sql::render(d, sql::CreateEnumType{c.type.enum_type, c.type.labels}).sql);
    }
    for (auto& s : alter) statements.push_back(std::move(s));
    return apply_steps({{schema::StepKind::alter_column, std::string(table), c.name, true, what, std::move(statements)}});
  }
  // SQLite: the table rebuilt from its own text with the column's definition replaced, so that
  // every other column, key, check and index stays as the database has it
  auto [text, others] = schema::detail::sqlite_table_text(*this, table);
  bool found = false;
  for (auto& item : text.items)
    if (!found && sql::defines_column(item, c.name)) {
      sql::ColumnDef kept = c;  // with the keys the column's own definition had
      kept.primary_key = kept.primary_key || sql::has_keyword(item, "PRIMARY");
      kept.unique = column.definition().unique || sql::has_keyword(item, "UNIQUE");
      kept.auto_increment = kept.auto_increment || sql::has_keyword(item, "AUTOINCREMENT");
      item = sql::column_definition(d, kept);
      found = true;
    }
  if (!found) throw SchemaError(fmt::format("quarry: table {} has no column {}; nothing was changed", table, c.name));
  apply_steps({{schema::StepKind::rebuild_table, std::string(table), c.name, true, what + " (a table rebuild)",
                schema::detail::rebuild_from_text(d, table, std::move(text), others)}});
}

QUARRY_FUNC void Session::add_constraint(std::string_view table, schema::Constraint c) {
  const auto& d = dialect();
  using K = sql::ConstraintKind;
  std::string name = c.name;
  if (name.empty()) name = schema::detail::constraint_name_of(table, c);
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

QUARRY_FUNC void Session::remove_constraint(std::string_view table, std::string_view name) {
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
#endif  // QUARRY_BODIES

}  // namespace quarry
