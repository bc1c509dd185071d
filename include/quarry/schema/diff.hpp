#pragma once
/// The difference between the models and the live database, as steps, and sync with alter, which
/// applies them: tables and columns added, columns dropped, a column's type or NULL changed,
/// indexes added and dropped. Each step says whether it can lose data (destructive) and carries
/// the statements that make it on this database.
///
///   for (const auto& step : db.diff<Author, Book>()) std::puts(step.description.c_str());
///   db.sync<Author, Book>({.alter = true});                            // the additive steps
///   db.sync<Author, Book>({.alter = true, .allow_destructive = true}); // and the others

#include <array>
#include <cstdint>
#include <cstdlib>  // strtod
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "../config.hpp"
#include "../error.hpp"
#include "../session/session.hpp"
#include "../vector.hpp"
#include "ddl.hpp"
#include "introspect.hpp"

#ifdef QUARRY_BODIES
#include <algorithm>
#include <fmt/core.h>  // fmt::format: the steps' descriptions
#endif

namespace quarry {

namespace schema {

/// A table as the database has it (Session::describe_table, describe_indexes,
/// describe_foreign_keys, describe_checks).
struct LiveTable {
  std::string name;
  std::vector<ColumnInfo> columns;
  std::vector<IndexInfo> indexes;
  std::vector<ForeignKeyInfo> foreign_keys{};
  std::vector<CheckInfo> checks{};
};

/// The steps that make the live tables what the model tables declare (defined below, or once in
/// the quarry::core library with QUARRY_COMPILED): tables, columns (type, NULL, default,
/// enumeration labels), indexes and unique keys, foreign keys (compared by what they are:
/// columns, target, actions) and checks (by name: sync names each by its condition's hash).
/// Tables of the database that no model names are left alone. On SQLite the steps of a table
/// that ALTER TABLE cannot make are merged into one rebuild of it, unless merge_rebuilds is false
/// (a generated migration: there each step is a schema operation, which rebuilds the table
/// itself).
QUARRY_FUNC std::vector<Step> diff_tables(const sql::Dialect& d, const std::vector<Table>& models,
                                          const std::vector<LiveTable>& live, bool merge_rebuilds = true);
QUARRY_FUNC std::vector<std::string> rebuild_statements(const sql::Dialect& d, const Table& t, const LiveTable& live);

namespace detail {
/// The end of SQLite's rebuild of table, once its new form next exists: columns (every one when
/// none are named) copied into next, table dropped, next renamed to table.
QUARRY_FUNC std::vector<std::string> swap_in(const sql::Dialect& d, std::string_view table, std::string_view next,
                                             const std::vector<std::string>& columns = {});
/// PostgreSQL: what makes column c's enum type, which has the labels have, have c's labels.
/// Labels only added: ALTER TYPE ... ADD VALUE, each where c has it. Otherwise (a label dropped
/// or moved) the type made again: the old one renamed, the new one created, the column cast to
/// it through its text (a row holding a dropped label fails it), its default set again, the old
/// type dropped.
QUARRY_FUNC std::vector<std::string> enum_statements(const sql::Dialect& d, std::string_view table,
                                                     const sql::ColumnDef& c, const std::vector<std::string>& have);

// What the diff and a generated migration (generate.hpp) look up; no SQL is rendered here.
QUARRY_FUNC const LiveTable* find_live(const std::vector<LiveTable>& live, const std::string& name);
#ifdef QUARRY_BODIES
QUARRY_FUNC const LiveTable* find_live(const std::vector<LiveTable>& live, const std::string& name) {
  for (const auto& t : live)
    if (t.name == name) return &t;
  return nullptr;
}
#endif  // QUARRY_BODIES
QUARRY_FUNC const ColumnInfo* find_column(const LiveTable& t, const std::string& name);
#ifdef QUARRY_BODIES
QUARRY_FUNC const ColumnInfo* find_column(const LiveTable& t, const std::string& name) {
  for (const auto& c : t.columns)
    if (c.name == name) return &c;
  return nullptr;
}
#endif  // QUARRY_BODIES

/// n of "VARCHAR(n)", or -1.
QUARRY_FUNC int varchar_size(std::string_view type);
#ifdef QUARRY_BODIES
QUARRY_FUNC int varchar_size(std::string_view type) {
  if (!type.starts_with("VARCHAR(") || !type.ends_with(")")) return -1;
  int n = 0;
  for (char ch : type.substr(8, type.size() - 9)) {
    if (ch < '0' || ch > '9') return -1;
    n = n * 10 + (ch - '0');
  }
  return n;
}
#endif  // QUARRY_BODIES

/// Whether labels are have, in the same order.
QUARRY_FUNC bool same_labels(std::span<const std::string_view> labels, const std::vector<std::string>& have);
#ifdef QUARRY_BODIES
QUARRY_FUNC bool same_labels(std::span<const std::string_view> labels, const std::vector<std::string>& have) {
  if (labels.size() != have.size()) return false;
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (labels[i] != have[i]) return false;
  return true;
}
#endif  // QUARRY_BODIES
QUARRY_FUNC bool has_label(std::span<const std::string_view> labels, std::string_view label);
#ifdef QUARRY_BODIES
QUARRY_FUNC bool has_label(std::span<const std::string_view> labels, std::string_view label) {
  for (auto l : labels)
    if (l == label) return true;
  return false;
}
#endif  // QUARRY_BODIES
QUARRY_FUNC bool numeric_kind(TypeKind k);
#ifdef QUARRY_BODIES
QUARRY_FUNC bool numeric_kind(TypeKind k) {
  switch (k) {
    case TypeKind::text: case TypeKind::blob: case TypeKind::timestamp: case TypeKind::date: case TypeKind::uuid:
    case TypeKind::enumeration: case TypeKind::json: return false;
    default: return true;
  }
}
#endif  // QUARRY_BODIES
/// Whether a default of a column of kind k is compared by value; otherwise by presence (a
/// timestamp's or a JSON document's literal is spelled in too many ways).
QUARRY_FUNC bool compares_default(TypeKind k);
#ifdef QUARRY_BODIES
QUARRY_FUNC bool compares_default(TypeKind k) {
  return numeric_kind(k) || k == TypeKind::text || k == TypeKind::enumeration;
}
#endif  // QUARRY_BODIES
QUARRY_FUNC std::optional<double> number_in(std::string_view text);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::optional<double> number_in(std::string_view text) {
  if (text.empty() || text.find_first_not_of("0123456789+-.eE") != std::string_view::npos) return std::nullopt;
  std::string copy(text);
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return v;
}
#endif  // QUARRY_BODIES
QUARRY_FUNC std::string text_form(std::string text, TypeKind k);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string text_form(std::string text, TypeKind k) {
  if (numeric_kind(k))
    if (auto n = number_in(text)) return "=" + sql::double_text(*n);
  return "'" + text;
}
#endif  // QUARRY_BODIES
/// A default as the diff compares it, the model's (default_form) and the database's
/// (live_default_form) alike: "" for none, "now", "uuid", "key" (a sequence's next value), "="
/// and a number as double_text writes it, "'" and a text's characters, "?" and an expression.
/// PostgreSQL's casts ('-1'::integer), parentheses, MariaDB's NULL for none and the spellings
/// of the current time (now(), current_timestamp(6), curdate()) fall away.
QUARRY_FUNC std::string default_form(const sql::Dialect& d, const sql::ColumnDef& c);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string default_form(const sql::Dialect& d, const sql::ColumnDef& c) {
  if (c.default_now) return "now";
  if (c.default_random_uuid) return d.random_uuid.empty() ? "" : "uuid";
  if (!c.default_value) return "";
  const sql::Value& v = *c.default_value;
  if (auto b = std::get_if<bool>(&v)) return *b ? "=1" : "=0";
  if (auto i = std::get_if<std::int64_t>(&v)) return "=" + sql::double_text(static_cast<double>(*i));
  if (auto u = std::get_if<std::uint64_t>(&v)) return "=" + sql::double_text(static_cast<double>(*u));
  if (auto f = std::get_if<double>(&v)) return "=" + sql::double_text(*f);
  if (auto s = std::get_if<std::string>(&v)) return text_form(*s, c.type.kind);
  if (auto s = std::get_if<std::string_view>(&v)) return text_form(std::string(*s), c.type.kind);
  if (std::holds_alternative<sql::Null>(v)) return "";
  return "?";
}
#endif  // QUARRY_BODIES
QUARRY_FUNC std::string live_default_form(const std::optional<std::string>& reported, TypeKind k);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string live_default_form(const std::optional<std::string>& reported, TypeKind k) {
  if (!reported) return "";
  std::string_view text = *reported;
  for (;;) {  // (x), then x::type
    text = sql::unwrapped(text);
    std::size_t cast = std::string_view::npos;
    for (std::size_t i = 0; i < text.size() && cast == std::string_view::npos; ++i) {
      if (text[i] == '\'' || text[i] == '"') {
        i = sql::detail::quote_end(text, i);
        if (i == std::string_view::npos) break;
      } else if (text[i] == '(') {
        i = sql::detail::paren_end(text, i);
        if (i == std::string_view::npos) break;
      } else if (text.substr(i, 2) == "::") {
        cast = i;
      }
    }
    if (cast == std::string_view::npos) break;
    text = text.substr(0, cast);
  }
  if (text.size() >= 2 && text.front() == '\'' && sql::detail::quote_end(text, 0) == text.size() - 1) {
    std::string out;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
      out += text[i];
      if (text[i] == '\'' && text[i + 1] == '\'') ++i;  // '' is one quote
    }
    return text_form(std::move(out), k);
  }
  std::string lower = driver::detail::lowercase(text);
  if (lower.empty() || lower == "null") return "";
  // MySQL 8 reports a text's default without its quotes (MariaDB and the others with them)
  if ((k == TypeKind::text || k == TypeKind::enumeration) && text.find('(') == std::string_view::npos &&
      lower != "current_timestamp" && lower != "current_date")
    return "'" + std::string(text);
  if (lower == "true") return "=1";
  if (lower == "false") return "=0";
  if (auto n = number_in(lower)) return "=" + sql::double_text(*n);
  for (std::string_view now : {"current_timestamp", "current_date", "now()", "curdate", "utc_", "localtimestamp"})
    if (lower.find(now) != std::string::npos) return "now";
  if (lower.find("uuid") != std::string::npos || lower.find("random") != std::string::npos) return "uuid";
  if (lower.starts_with("nextval(")) return "key";
  return "?" + lower;
}
#endif  // QUARRY_BODIES
/// Whether column c of the model and live, its column in the database, have the same default.
QUARRY_FUNC bool same_default(const sql::Dialect& d, const sql::ColumnDef& c, const ColumnInfo& live);
#ifdef QUARRY_BODIES
QUARRY_FUNC bool same_default(const sql::Dialect& d, const sql::ColumnDef& c, const ColumnInfo& live) {
  if (c.primary_key || c.auto_increment) return true;  // a sequence, an identity: the database's own
  std::string want = default_form(d, c), have = live_default_form(live.default_value, c.type.kind);
  if (!compares_default(c.type.kind)) return want.empty() == have.empty();
  return want == have;
}
#endif  // QUARRY_BODIES
/// A default's text in a step's description.
QUARRY_FUNC std::string default_text(const std::string& form);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string default_text(const std::string& form) {
  if (form.empty()) return "no default";
  if (form == "now" || form == "uuid" || form == "key") return "DEFAULT " + form;
  if (form[0] == '\'') return "DEFAULT '" + form.substr(1) + "'";
  return "DEFAULT " + form.substr(1);
}
#endif  // QUARRY_BODIES

/// Whether a foreign key the model declares (want) and one of the database (have) are the same:
/// columns, target and actions (an action left unset reads back as the dialect's own).
QUARRY_FUNC bool same_action(const sql::Dialect& d, Action want, Action have);
#ifdef QUARRY_BODIES
QUARRY_FUNC bool same_action(const sql::Dialect& d, Action want, Action have) {
  auto plain = [&](Action a) {
    if (a == Action::none) a = d.introspection.unset_action;
    if (d.introspection.unset_action == Action::restrict && a == Action::no_action) a = Action::restrict;  // MySQL: the same
    return a;
  };
  return plain(want) == plain(have);
}
#endif  // QUARRY_BODIES
QUARRY_FUNC bool same_key(const sql::Dialect& d, const sql::ForeignKey& want, const ForeignKeyInfo& have);
#ifdef QUARRY_BODIES
QUARRY_FUNC bool same_key(const sql::Dialect& d, const sql::ForeignKey& want, const ForeignKeyInfo& have) {
  return want.columns == have.columns && want.ref_table == have.references && want.ref_columns == have.referenced_columns &&
         same_action(d, want.on_delete, have.on_delete) && same_action(d, want.on_update, have.on_update);
}
#endif  // QUARRY_BODIES
/// A foreign key as the database has it, as the model would declare it (to add it back): an
/// action that is the dialect's own is none.
QUARRY_FUNC sql::ForeignKey key_of(const sql::Dialect& d, const ForeignKeyInfo& k);
#ifdef QUARRY_BODIES
QUARRY_FUNC sql::ForeignKey key_of(const sql::Dialect& d, const ForeignKeyInfo& k) {
  auto declared = [&](Action a) { return same_action(d, Action::none, a) ? Action::none : a; };
  return {k.name, k.columns, k.references, k.referenced_columns, declared(k.on_delete), declared(k.on_update)};
}
#endif  // QUARRY_BODIES
/// (author_id) -> authors (id) on delete cascade: a foreign key in a step's description.
/// (an action that is the dialect's own, unset, is not written)
QUARRY_FUNC std::string key_text(const sql::Dialect& d, const std::vector<std::string>& columns,
                                 const std::string& table, const std::vector<std::string>& referenced,
                                 Action on_delete, Action on_update);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string key_text(const sql::Dialect& d, const std::vector<std::string>& columns,
                                 const std::string& table, const std::vector<std::string>& referenced,
                                 Action on_delete, Action on_update) {
  std::string out = "(";
  for (std::size_t i = 0; i < columns.size(); ++i) out.append(i ? ", " : "").append(columns[i]);
  out += ") -> " + table + " (";
  for (std::size_t i = 0; i < referenced.size(); ++i) out.append(i ? ", " : "").append(referenced[i]);
  out += ")";
  auto action = [&](Action a) -> std::string_view {
    if (same_action(d, Action::none, a)) return {};
    switch (a) {
      case Action::cascade: return "cascade";
      case Action::set_null: return "set null";
      case Action::set_default: return "set default";
      case Action::restrict: return "restrict";
      default: return {};
    }
  };
  if (!action(on_delete).empty()) out.append(" on delete ").append(action(on_delete));
  if (!action(on_update).empty()) out.append(" on update ").append(action(on_update));
  return out;
}
#endif  // QUARRY_BODIES

/// ENUM('a', 'b'): an enumeration's labels in a step's description.
QUARRY_FUNC std::string enum_text(std::span<const std::string_view> labels);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string enum_text(std::span<const std::string_view> labels) {
  std::string out = "ENUM(";
  for (std::size_t i = 0; i < labels.size(); ++i) out.append(i ? ", '" : "'").append(labels[i]).append("'");
  return out + ")";
}
#endif  // QUARRY_BODIES

struct WantedIndex {
  std::vector<std::string> columns;
  bool unique = false;
  const sql::CreateIndex* create = nullptr;  // how the model creates it (none: a UNIQUE of CREATE TABLE)
};

QUARRY_FUNC quarry::detail::Vector<WantedIndex> wanted_indexes(const Table& t);
#ifdef QUARRY_BODIES
QUARRY_FUNC quarry::detail::Vector<WantedIndex> wanted_indexes(const Table& t) {
  quarry::detail::Vector<WantedIndex> out;
  for (const auto& i : t.indexes) out.push_back({i.columns, i.unique, &i});
  for (const auto& u : t.create.uniques) out.push_back({u.columns, true, nullptr});
  for (const auto& c : t.create.columns)
    if (c.unique) out.push_back({{c.name}, true, nullptr});
  return out;
}
#endif  // QUARRY_BODIES
}  // namespace detail

#ifdef QUARRY_BODIES
namespace detail {
QUARRY_FUNC std::vector<std::string> swap_in(const sql::Dialect& d, std::string_view table, std::string_view next,
                                             const std::vector<std::string>& columns) {
  std::vector<std::string> out;
  sql::detail::Renderer copy{d};
  copy.raw("INSERT INTO ").ident(next);
  if (columns.empty()) copy.raw(" SELECT *");
  else copy.raw(" (").idents(columns).raw(") SELECT ").idents(columns);
  copy.raw(" FROM ").ident(table);
  out.push_back(std::move(copy).take().sql);
  out.push_back(sql::render(d, sql::DropTable{std::string(table), false}).sql);
  sql::detail::Renderer rename{d};
  rename.raw("ALTER TABLE ").ident(next).raw(" RENAME TO ").ident(table);
  out.push_back(std::move(rename).take().sql);
  return out;
}

QUARRY_FUNC std::vector<std::string> enum_statements(const sql::Dialect& d, std::string_view table,
                                                     const sql::ColumnDef& c, const std::vector<std::string>& have) {
  std::vector<std::string> out;
  const auto& labels = c.type.labels;
  const std::string& type = c.type.enum_type;
  std::size_t kept = 0;  // how many of have appear in labels, in their order
  for (auto l : labels)
    if (kept < have.size() && l == have[kept]) ++kept;
  if (kept == have.size() && !have.empty()) {
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (std::find(have.begin(), have.end(), labels[i]) != have.end()) continue;
      sql::detail::Renderer r{d};
      r.raw("ALTER TYPE ").ident(type).raw(" ADD VALUE ").literal(sql::Value{labels[i]});
      if (i > 0) r.raw(" AFTER ").literal(sql::Value{labels[i - 1]});  // there already, or added just before
      else r.raw(" BEFORE ").literal(sql::Value{std::string_view(have.front())});
      out.push_back(std::move(r).take().sql);
    }
    return out;
  }
  std::string old = type + "_quarry_old";
  auto alter = [&] {
    sql::detail::Renderer r{d};
    r.raw("ALTER TABLE ").ident(table).raw(" ALTER COLUMN ").ident(c.name);
    return r;
  };
  out.push_back(std::move(alter().raw(" DROP DEFAULT")).take().sql);
  sql::detail::Renderer rename{d};
  rename.raw("ALTER TYPE ").ident(type).raw(" RENAME TO ").ident(old);
  out.push_back(std::move(rename).take().sql);
  sql::detail::Renderer create{d};
  create.raw("CREATE TYPE ").ident(type).raw(" AS ENUM (").labels(labels).raw(")");
  out.push_back(std::move(create).take().sql);
  out.push_back(std::move(alter().raw(" TYPE ").ident(type).raw(" USING ").ident(c.name).raw("::text::").ident(type)).take().sql);
  if (c.default_value) out.push_back(std::move(alter().raw(" SET DEFAULT ").literal(*c.default_value)).take().sql);
  sql::detail::Renderer drop{d};
  drop.raw("DROP TYPE ").ident(old);
  out.push_back(std::move(drop).take().sql);
  return out;
}


/// A column's type as introspection spells it ("" where it is not compared: enumerations).
inline std::string expected_type(const sql::Dialect& d, const sql::ColumnDef& c) {
  if (c.type.kind == TypeKind::enumeration) return {};
  return d.type_name(c.type);
}




/// Whether live index i is what the model wants: the same columns in the same order and
/// directions, uniqueness and (on PostgreSQL, whose methods are real) method; a partial index
/// by the same name too, since the database keeps its condition in a form of its own.
inline bool same_index(const sql::Dialect& d, const WantedIndex& w, const IndexInfo& i) {
  if (i.columns != w.columns || i.unique != w.unique) return false;
  std::vector<bool> want(w.columns.size(), false), have = i.descending;
  if (w.create)
    for (std::size_t k = 0; k < w.create->descending.size() && k < want.size(); ++k) want[k] = w.create->descending[k];
  have.resize(i.columns.size(), false);
  if (want != have) return false;
  std::string where = w.create ? w.create->where : std::string();
  if (where.empty() != i.where.empty()) return false;
  if (!where.empty() && w.create->name != i.name) return false;
  if (d.index_methods == sql::IndexMethods::before_columns) {
    std::string method = w.create && !w.create->method.empty() ? driver::detail::lowercase(w.create->method) : "btree";
    if (method != (i.method.empty() ? "btree" : i.method)) return false;
  }
  return true;
}

/// Whether live index i is one the database keeps for a foreign key of t (MySQL indexes the
/// columns of each foreign key itself).
inline bool foreign_key_index(const Table& t, const IndexInfo& i) {
  if (i.unique) return false;
  for (const auto& f : t.create.foreign_keys)
    if (f.columns == i.columns) return true;
  return false;
}

inline std::string column_text(const sql::Dialect& d, const sql::ColumnDef& c) {
  std::string type = expected_type(d, c);
  return (type.empty() ? std::string("ENUM") : type) + (c.nullable ? " NULL" : " NOT NULL");
}

inline std::string list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace detail

/// SQLite's procedure for a change ALTER TABLE cannot make (sqlite.org/lang_altertable.html,
/// "Making Other Kinds Of Table Schema Changes"): the table as the model declares it under a new
/// name, the rows of the columns both have copied into it, the old table dropped, the new one
/// renamed, its indexes made. Run in a transaction with foreign keys off (Session::sync), then
/// checked with PRAGMA foreign_key_check.
QUARRY_FUNC std::vector<std::string> rebuild_statements(const sql::Dialect& d, const Table& t, const LiveTable& live) {
  std::vector<std::string> out;
  sql::CreateTable next = t.create;
  next.table = t.create.table + "_quarry_new";
  next.if_not_exists = false;
  out.push_back(sql::render(d, next).sql);
  std::vector<std::string> common;
  for (const auto& c : t.create.columns)
    if (detail::find_column(live, c.name)) common.push_back(c.name);
  for (auto& s : detail::swap_in(d, t.create.table, next.table, common)) out.push_back(std::move(s));
  for (const auto& index : t.indexes) out.push_back(sql::render(d, index).sql);
  return out;
}

QUARRY_FUNC std::vector<Step> diff_tables(const sql::Dialect& d, const std::vector<Table>& models,
                                          const std::vector<LiveTable>& live, bool merge_rebuilds) {
  std::vector<Step> out;
  for (const auto& t : models) {
    const std::string& name = t.create.table;
    const LiveTable* have = detail::find_live(live, name);
    if (!have) {
      Step s{StepKind::add_table, name, name, false, "add table " + name, create_statements(d, {t})};
      out.push_back(std::move(s));
      continue;
    }
    // columns the model has
    for (const auto& c : t.create.columns) {
      const ColumnInfo* live_column = detail::find_column(*have, c.name);
      if (!live_column) {
        Step s{StepKind::add_column, name, c.name, false,
               fmt::format("add column {}.{} {}", name, c.name, detail::column_text(d, c)), {}};
        bool has_default = c.default_value || c.default_now || c.default_random_uuid || c.auto_increment;
        if (!c.nullable && !has_default) {
          s.destructive = true;  // fails, or fills the rows with a value nobody chose
          s.description += " (NOT NULL without a default: the rows already there get none)";
        }
        if (d.alter == sql::AlterSyntax::rebuild && (c.primary_key || c.default_now || c.default_random_uuid)) {
          s.description += fmt::format(" (needs a table rebuild on {})", d.name);
        } else {
          if (d.enums == sql::EnumSyntax::named_type && c.type.kind == TypeKind::enumeration)
            s.sql.push_back(sql::render(d, sql::CreateEnumType{c.type.enum_type, c.type.labels}).sql);
          sql::ColumnDef added = c;
          if (d.alter == sql::AlterSyntax::rebuild) added.unique = false;  // SQLite adds no UNIQUE column: an index below
          s.sql.push_back(sql::render(d, sql::AddColumn{name, added}).sql);
          if (d.alter == sql::AlterSyntax::rebuild && c.unique)
            s.sql.push_back(sql::render(d, sql::CreateIndex{constraint_name(name, {c.name}, NameKind::unique_key), name,
                                                            {c.name}, true, true}).sql);
        }
        out.push_back(std::move(s));
        continue;
      }
      std::string want = detail::expected_type(d, c);
      bool type_differs = !want.empty() && want != live_column->type &&
                          !(c.type.kind == TypeKind::json && live_column->type == d.json.reported_as);
      bool null_differs = c.nullable != live_column->nullable;
      // an enumeration's labels, where the database's could be read
      bool enumeration = c.type.kind == TypeKind::enumeration && !live_column->labels.empty();
      bool labels_differ = enumeration && !detail::same_labels(c.type.labels, live_column->labels);
      bool label_dropped = false;
      if (labels_differ)
        for (const auto& l : live_column->labels) label_dropped = label_dropped || !detail::has_label(c.type.labels, l);
      bool default_differs = !detail::same_default(d, c, *live_column);
      if (!type_differs && !null_differs && !labels_differ && !default_differs) continue;
      std::string from_text = live_column->type;
      if (enumeration) {
        std::vector<std::string_view> have(live_column->labels.begin(), live_column->labels.end());
        from_text = detail::enum_text(have);
      }
      std::string to_text = labels_differ ? detail::enum_text(c.type.labels) + (c.nullable ? " NULL" : " NOT NULL")
                                          : detail::column_text(d, c);
      if (default_differs)
        to_text += fmt::format(" ({} -> {})",
                               detail::default_text(detail::live_default_form(live_column->default_value, c.type.kind)),
                               detail::default_text(detail::default_form(d, c)));
      Step s{StepKind::alter_column, name, c.name, false,
             fmt::format("alter column {}.{}: {}{} -> {}", name, c.name, from_text,
                         live_column->nullable ? " NULL" : " NOT NULL", to_text),
             {}};
      int from = detail::varchar_size(live_column->type), to = detail::varchar_size(want);
      bool widened = !type_differs || (from >= 0 && to > from);
      // narrower or other type, a label dropped, or NOT NULL added
      s.destructive = !widened || label_dropped || (null_differs && !c.nullable);
      if (d.alter == sql::AlterSyntax::rebuild) {
        s.description += fmt::format(" (needs a table rebuild on {})", d.name);
      } else if (d.alter == sql::AlterSyntax::alter_column) {  // PostgreSQL: a statement for each change
        auto alter = sql::render_alter(d, sql::AlterColumn{name, c});  // type, NULL, default
        if (labels_differ && d.enums == sql::EnumSyntax::named_type) s.sql = detail::enum_statements(d, name, c, live_column->labels);
        // a default of the old type may not cast to the new one: dropped first, set after
        bool reset = type_differs && live_column->default_value && alter.size() > 2;
        if (reset) {
          sql::ColumnDef plain = c;
          plain.default_value.reset();
          plain.default_now = plain.default_random_uuid = false;
          s.sql.push_back(sql::render_alter(d, sql::AlterColumn{name, plain})[2]);  // DROP DEFAULT
        }
        if (type_differs) s.sql.push_back(std::move(alter[0]));
        if (null_differs) s.sql.push_back(std::move(alter[1]));
        if ((default_differs || reset) && alter.size() > 2) s.sql.push_back(std::move(alter[2]));
      } else {
        s.sql = sql::render_alter(d, sql::AlterColumn{name, c});
      }
      out.push_back(std::move(s));
    }
    // indexes: added where the model has one the table lacks, dropped where the table has one
    // the model does not (compared by what they index, not by names: detail::same_index)
    auto wanted = detail::wanted_indexes(t);
    for (const auto& w : wanted) {
      bool found = false;
      for (const auto& i : have->indexes) found = found || detail::same_index(d, w, i);
      // a unique column added above brings its key with it (a second one would be a duplicate on MySQL)
      if (!w.create && w.columns.size() == 1 && !detail::find_column(*have, w.columns[0]))
        for (const auto& c : t.create.columns) found = found || (c.name == w.columns[0] && c.unique);
      if (found) continue;
      sql::CreateIndex create = w.create ? *w.create
                                         : sql::CreateIndex{constraint_name(name, w.columns, NameKind::unique_key), name,
                                                            w.columns, true, true};
      Step s{StepKind::add_index, name, create.name, false,
             fmt::format("{} {} on {} ({})", w.unique ? "add unique index" : "add index", create.name, name,
                         detail::list(w.columns)),
             {}};
      for (const auto& i : have->indexes)
        if (i.name == create.name) {  // an index of that name indexes something else: replaced
          s.destructive = true;
          s.description = fmt::format("replace index {} on {} ({}) by ({})", create.name, name, detail::list(i.columns),
                                      detail::list(w.columns));
          s.sql.push_back(sql::render(d, sql::DropIndex{name, i.name}).sql);
        }
      s.sql.push_back(sql::render(d, create).sql);
      out.push_back(std::move(s));
    }
    for (const auto& i : have->indexes) {
      bool found = false;
      for (const auto& w : wanted) found = found || detail::same_index(d, w, i);
      for (const auto& s : out)  // replaced above
        found = found || (s.kind == StepKind::add_index && s.table == name && s.name == i.name);
      if (found || detail::foreign_key_index(t, i)) continue;
      out.push_back({StepKind::drop_index, name, i.name, true,
                     fmt::format("drop index {} on {} ({})", i.name, name, detail::list(i.columns)),
                     {sql::render(d, sql::DropIndex{name, i.name}).sql}});
    }
    // foreign keys: compared by what they are (SQLite keeps no names); one of the model's name
    // that is something else is replaced
    using K = sql::ConstraintKind;
    bool rebuilds = d.alter == sql::AlterSyntax::rebuild;  // SQLite: no statements, a rebuild
    for (const auto& f : t.create.foreign_keys) {
      bool found = false;
      for (const auto& k : have->foreign_keys) found = found || detail::same_key(d, f, k);
      if (found) continue;
      Step s{StepKind::add_constraint, name, f.name, false,
             fmt::format("add foreign key {} on {} {}", f.name, name,
                         detail::key_text(d, f.columns, f.ref_table, f.ref_columns, f.on_delete, f.on_update)),
             {}};
      for (const auto& k : have->foreign_keys)
        if (k.name == f.name) {  // replaces one of its name, dropped by a step of its own (below)
          s.destructive = true;  // it needs that drop: the two are applied, or left out, together
          s.description += " (replacing the one of that name)";
        }
      if (!rebuilds) s.sql.push_back(sql::render(d, sql::AddConstraint{name, f.name, K::foreign_key, f.columns, {}, f}).sql);
      out.push_back(std::move(s));
    }
    for (const auto& k : have->foreign_keys) {
      bool found = false;
      for (const auto& f : t.create.foreign_keys) found = found || detail::same_key(d, f, k);
      if (found) continue;
      Step s{StepKind::drop_constraint, name, k.name, true,
             fmt::format("drop foreign key {} on {} {}", k.name, name,
                         detail::key_text(d, k.columns, k.references, k.referenced_columns, k.on_delete, k.on_update)),
             {}};
      if (!rebuilds) s.sql.push_back(sql::render(d, sql::DropConstraint{name, k.name, K::foreign_key}).sql);
      out.push_back(std::move(s));
    }
    // checks: by name, which holds the hash of the condition (check_name)
    for (const auto& k : t.create.checks) {
      bool found = false;
      for (const auto& c : have->checks) found = found || sql::detail::same_name(c.name, k.name);
      if (found) continue;
      Step s{StepKind::add_constraint, name, k.name, false,
             fmt::format("add check {} on {} ({})", k.name, name, k.condition), {}};
      if (!rebuilds) s.sql.push_back(sql::render(d, sql::AddConstraint{name, k.name, K::check, {}, k.condition}).sql);
      out.push_back(std::move(s));
    }
    for (const auto& c : have->checks) {
      bool found = false;
      for (const auto& k : t.create.checks) found = found || sql::detail::same_name(c.name, k.name);
      if (found) continue;
      Step s{StepKind::drop_constraint, name, c.name, true,
             fmt::format("drop check {} on {} ({})", c.name.empty() ? "(unnamed)" : c.name, name, c.condition), {}};
      if (!rebuilds) s.sql.push_back(sql::render(d, sql::DropConstraint{name, c.name, K::check}).sql);
      out.push_back(std::move(s));
    }
    // columns the table has and the model does not
    for (const auto& c : have->columns) {
      bool modeled = false;
      for (const auto& m : t.create.columns) modeled = modeled || m.name == c.name;
      if (modeled) continue;
      out.push_back({StepKind::drop_column, name, c.name, true,
                     fmt::format("drop column {}.{} {}", name, c.name, c.type),
                     {sql::render(d, sql::DropColumn{name, c.name}).sql}});
    }
  }
  // tables of the database that no model names (live_tables was asked for them): dropped,
  // each after the tables among them that reference it
  std::vector<const LiveTable*> others;
  for (const auto& l : live) {
    bool modeled = false;
    for (const auto& t : models) modeled = modeled || t.create.table == l.name;
    if (!modeled) others.push_back(&l);
  }
  while (!others.empty()) {
    std::size_t next = 0;  // one no other remaining table references (the first, in a cycle)
    for (std::size_t i = others.size(); i-- > 0;) {
      bool referenced = false;
      for (const auto* o : others)
        for (const auto& k : o->foreign_keys) referenced = referenced || (o != others[i] && k.references == others[i]->name);
      if (!referenced) next = i;
    }
    const LiveTable& gone = *others[next];
    Step s{StepKind::drop_table, gone.name, gone.name, true,
           fmt::format("drop table {} ({} columns)", gone.name, gone.columns.size()),
           {sql::render(d, sql::DropTable{gone.name, false}).sql}};
    if (d.enums == sql::EnumSyntax::named_type)  // the enum types sync made for it (a shared one stays)
      for (const auto& c : gone.columns)
        if (!c.labels.empty() && c.type == ops::detail::enum_type_name(gone.name, c.name))
          s.sql.push_back(sql::render(d, sql::DropEnumType{c.type}).sql);
    out.push_back(std::move(s));
    others.erase(others.begin() + static_cast<std::ptrdiff_t>(next));
  }
  // SQLite: a table with a change that ALTER TABLE cannot make is rebuilt, all its steps in one
  if (d.alter == sql::AlterSyntax::rebuild && merge_rebuilds) {
    for (const auto& t : models) {
      bool rebuild = false;
      for (const auto& s : out) rebuild = rebuild || (s.table == t.create.table && s.sql.empty());
      if (!rebuild) continue;
      const LiveTable* have = detail::find_live(live, t.create.table);
      Step r{StepKind::rebuild_table, t.create.table, t.create.table, false,
             fmt::format("rebuild table {}:", t.create.table), {}};
      std::vector<Step> rest;
      for (auto& s : out) {
        if (s.table != t.create.table) {
          rest.push_back(std::move(s));
          continue;
        }
        r.destructive = r.destructive || s.destructive;
        r.description += "\n    " + s.description;
      }
      out = std::move(rest);
      r.sql = rebuild_statements(d, t, *have);
      out.push_back(std::move(r));
    }
  }
  // the order they run in: tables, constraints dropped (MySQL changes no column a foreign key
  // uses, nor drops an index one needs), columns added and changed, indexes dropped, columns
  // dropped, indexes added, then constraints (a new index or key may be on a new column, and a
  // foreign key finds the index or key it needs made)
  auto rank = [](StepKind k) {
    switch (k) {
      case StepKind::add_table: return 0;
      case StepKind::rebuild_table: return 1;
      case StepKind::drop_constraint: return 2;  // before a column it uses changes (MySQL) or goes
      case StepKind::add_column: return 3;
      case StepKind::alter_column: return 4;
      case StepKind::drop_index: return 5;
      case StepKind::drop_column:
      case StepKind::drop_table: return 6;
      case StepKind::add_index: return 7;
      case StepKind::add_constraint: return 8;  // after the indexes and keys it may need
    }
    return 9;
  };
  std::vector<Step> sorted;
  for (int r = 0; r <= 8; ++r)
    for (auto& s : out)
      if (rank(s.kind) == r) sorted.push_back(std::move(s));
  return sorted;
}
#endif  // QUARRY_BODIES

/// What a diff compares the models with: the live form of those of tables the database has
/// (the others it lacks: diff_tables adds them) and, with other_tables, of every other table of
/// the database but those named in keep (diff_tables drops them).
QUARRY_FUNC std::vector<LiveTable> live_tables(Session& db, const std::vector<Table>& tables, bool other_tables = false,
                                               const std::vector<std::string>& keep = {});
#ifdef QUARRY_BODIES
QUARRY_FUNC std::vector<LiveTable> live_tables(Session& db, const std::vector<Table>& tables, bool other_tables,
                                               const std::vector<std::string>& keep) {
  auto describe = [&](const std::string& name) -> LiveTable {
    return {name, db.describe_table(name), db.describe_indexes(name), db.describe_foreign_keys(name),
            db.describe_checks(name)};
  };
  std::vector<LiveTable> live;
  for (const auto& e : db.tables()) {
    bool modeled = false, kept = false;
    for (const auto& t : tables) modeled = modeled || e == t.create.table;
    for (const auto& k : keep) kept = kept || e == k;
    if (modeled || (other_tables && !kept)) live.push_back(describe(e));
  }
  return live;
}
#endif  // QUARRY_BODIES

}  // namespace schema

template <class... T>
std::vector<schema::Step> Session::diff(SyncOptions options) {
  static_assert(sizeof...(T) > 0, "quarry: diff<...>() takes the models to compare, as in db.diff<Author, Book>()");
  if constexpr ((detail::ModelCheck<T>::ok && ...)) {
    const auto models = schema::detail::facts_of<T...>();
    return diff_models(models, options);
  } else {
    return {};
  }
}

#ifdef QUARRY_BODIES
QUARRY_FUNC std::vector<schema::Step> Session::diff_models(std::span<const schema::detail::ModelFacts> models,
                                                           const SyncOptions& options) {
  auto tables = schema::detail::build_tables(models);
  auto keep = options.keep_tables;
  keep.insert(keep.end(), {"quarry_migrations", "quarry_seeders"});
  return schema::diff_tables(dialect(), tables, schema::live_tables(*this, tables, options.drop_other_tables, keep));
}
#endif  // QUARRY_BODIES

}  // namespace quarry
