#pragma once
/// Migrations written from the models: the steps between the models and the database (diff.hpp)
/// as the C++ source of a migration, its up the steps and its down their reverse, each one a
/// schema operation with the columns described by hand (operations.hpp), so that the file means
/// the same thing after the models change again and on every dialect.
///
///   auto source = quarry::schema::migration_source("20261204120000-add-age", steps, models, live, d);
///   // db.add_column("users", column("age", integer()));  ...  db.remove_column("users", "age");
///
/// A destructive step (a dropped column or index, a narrowed type) is written commented out,
/// with a warning, unless asked for.

#include <algorithm>  // find
#include <chrono>
#include <cstdint>  // INT32_MIN, INT32_MAX
#include <cmath>   // isnan, isinf: a default that is not a number
#include <cstdio>  // sscanf: DECIMAL(p,s)
#include <limits>
#include <optional>
#include <utility>  // pair
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <fmt/core.h>  // fmt::format: the source text

#include "../sql/ast.hpp"
#include "../types.hpp"
#include "ddl.hpp"
#include "diff.hpp"

namespace quarry::schema {

struct GeneratedMigration {
  std::string source;                ///< the whole .cpp file
  std::size_t steps = 0;             ///< steps written
  std::size_t left_out = 0;          ///< destructive steps written commented out
  std::vector<std::string> notes{};  ///< what the file could not say exactly (also comments in it)
};

namespace detail {

/// text as a C++ string literal.
inline std::string cpp_string(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20) out += fmt::format("\\x{:02x}\"\"", static_cast<unsigned char>(ch));
        else out += ch;
    }
  }
  return out + "\"";
}

inline std::string cpp_strings(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + cpp_string(items[i]);
  return out + "}";
}

/// A column type as the schema functions spell it: integer(), string(200), enumeration({...}).
inline std::string cpp_type(const sql::ColumnType& t) {
  switch (t.kind) {
    case TypeKind::boolean: return "boolean()";
    case TypeKind::int8: return "tinyint()";
    case TypeKind::int16: return "smallint()";
    case TypeKind::int32: return "integer()";
    case TypeKind::int64: return "bigint()";
    case TypeKind::uint8: return "unsigned_tinyint()";
    case TypeKind::uint16: return "unsigned_smallint()";
    case TypeKind::uint32: return "unsigned_integer()";
    case TypeKind::uint64: return "unsigned_bigint()";
    case TypeKind::float32: return "real()";
    case TypeKind::float64: return "double_precision()";
    case TypeKind::decimal: return fmt::format("decimal({}, {})", t.precision, t.scale);
    case TypeKind::text: return t.size > 0 ? fmt::format("string({})", t.size) : std::string("text()");
    case TypeKind::blob: return "blob()";
    case TypeKind::timestamp: return "timestamp()";
    case TypeKind::date: return "date()";
    case TypeKind::uuid: return "uuid()";
    case TypeKind::json: return "json()";
    case TypeKind::enumeration: {
      std::vector<std::string> labels(t.labels.begin(), t.labels.end());
      return "enumeration(" + cpp_strings(labels) + ")";
    }
  }
  return "text()";
}

/// A default value as C++ that default_value takes; nullopt for one it cannot write (a blob).
inline std::optional<std::string> cpp_value(const sql::Value& v) {
  using namespace std::chrono;
  return std::visit(
      [](const auto& x) -> std::optional<std::string> {
        using X = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<X, bool>) return x ? "true" : "false";
        else if constexpr (std::is_same_v<X, std::int64_t>) {
          if (x == std::numeric_limits<std::int64_t>::min()) return "std::numeric_limits<std::int64_t>::min()";
          return x >= INT32_MIN && x <= INT32_MAX ? fmt::format("{}", x) : fmt::format("std::int64_t{{{}}}", x);
        }
        else if constexpr (std::is_same_v<X, std::uint64_t>) return fmt::format("std::uint64_t{{{}}}", x);
        else if constexpr (std::is_same_v<X, double>) {
          if (std::isnan(x)) return "std::numeric_limits<double>::quiet_NaN()";
          if (std::isinf(x)) return x > 0 ? "std::numeric_limits<double>::infinity()" : "-std::numeric_limits<double>::infinity()";
          std::string text = sql::double_text(x);
          return text.find_first_of(".e") == std::string::npos ? text + ".0" : text;
        }
        else if constexpr (std::is_same_v<X, std::string> || std::is_same_v<X, std::string_view>) return cpp_string(x);
        else if constexpr (std::is_same_v<X, Decimal>) return "quarry::Decimal(" + cpp_string(x.to_string()) + ")";
        else if constexpr (std::is_same_v<X, Uuid>) return "quarry::Uuid::parse(" + cpp_string(x.to_string()) + ")";
        else if constexpr (std::is_same_v<X, Timestamp>)
          return fmt::format("quarry::Timestamp{{std::chrono::microseconds{{{}}}}}", x.time_since_epoch().count());
        else if constexpr (std::is_same_v<X, Date>)
          return fmt::format("quarry::Date{{std::chrono::year{{{}}}, std::chrono::month{{{}}}, std::chrono::day{{{}}}}}",
                             static_cast<int>(x.year()), static_cast<unsigned>(x.month()), static_cast<unsigned>(x.day()));
        else return std::nullopt;  // Null, Blob
      },
      v);
}

inline const char* cpp_action(Action a) {
  switch (a) {
    case Action::none: return "Action::none";
    case Action::no_action: return "Action::no_action";
    case Action::restrict: return "Action::restrict";
    case Action::cascade: return "Action::cascade";
    case Action::set_null: return "Action::set_null";
    case Action::set_default: return "Action::set_default";
  }
  return "Action::none";
}

/// {"authors", {"id"}, on_delete, on_update}: the References of a foreign key.
inline std::string cpp_references(const sql::ForeignKey& f) {
  std::string out = fmt::format("{{{}, {}", cpp_string(f.ref_table), cpp_strings(f.ref_columns));
  if (f.on_delete != Action::none || f.on_update != Action::none) out += std::string(", ") + cpp_action(f.on_delete);
  if (f.on_update != Action::none) out += std::string(", ") + cpp_action(f.on_update);
  return out + "}";
}

/// check_constraint("name", "condition") for a check of that name and condition.
inline std::string cpp_check(const std::string& name, const std::string& condition) {
  return fmt::format("check_constraint({}, {})", cpp_string(name), cpp_string(condition));
}

/// db.add_constraint(table, foreign_key_constraint(...)) adding key.
inline std::string cpp_add_key(const std::string& table, const sql::ForeignKey& key) {
  return fmt::format("db.add_constraint({}, foreign_key_constraint({}, {}, {}));", cpp_string(table),
                     cpp_strings(key.columns), cpp_references(key), cpp_string(key.name));
}

/// The foreign key of t that is column's alone and named as sync names it: written as the
/// column's references(...).
inline const sql::ForeignKey* own_key(const Table& t, const std::string& column) {
  for (const auto& f : t.create.foreign_keys)
    if (f.columns.size() == 1 && f.columns[0] == column && f.ref_columns.size() == 1 &&
        f.name == constraint_name(t.create.table, {column}, NameKind::foreign_key))
      return &f;
  return nullptr;
}

/// column("name", type()).not_null()...: c as a column described by hand; notes gets what it
/// cannot say.
inline std::string cpp_column(const sql::ColumnDef& c, const sql::ForeignKey* key, bool in_composite_key,
                              std::vector<std::string>& notes) {
  std::string out = fmt::format("column({}, {})", cpp_string(c.name), cpp_type(c.type));
  if (c.primary_key || in_composite_key) out += ".primary_key()";
  else if (!c.nullable) out += ".not_null()";
  if (c.auto_increment) out += ".auto_increment()";
  if (c.unique) out += ".unique()";
  if (c.default_now) out += ".default_now()";
  else if (c.default_random_uuid) out += ".default_random_uuid()";
  else if (c.default_value) {
    if (auto v = cpp_value(*c.default_value)) out += ".default_value(" + *v + ")";
    else if (!std::holds_alternative<sql::Null>(*c.default_value))
      notes.push_back(fmt::format("the default of column {} (a blob) is not written: add it by hand", c.name));
  }
  if (!c.check.empty()) out += ".check(" + cpp_string(c.check) + ")";
  if (!c.comment.empty()) out += ".comment(" + cpp_string(c.comment) + ")";
  if (key) {
    out += ".references(" + cpp_references(*key) + ")";
    if (key->deferrable != sql::Deferrable::no)
      notes.push_back(fmt::format("the foreign key of column {} is DEFERRABLE in the models; a column's references() "
                                  "makes it at each statement: add it with add_constraint by hand if it must be deferred",
                                  c.name));
  }
  return out;
}

/// The type of a live column from its text as introspection spells it on d (the inverse of
/// Dialect::type_name); nullopt where no type of quarry's is spelled so.
inline std::optional<sql::ColumnType> type_named(const sql::Dialect& d, std::string_view text) {
  // where two types are spelled alike, the first is taken (SQLite's INTEGER is integer())
  const TypeKind kinds[] = {TypeKind::int32,  TypeKind::int64,  TypeKind::int16,     TypeKind::int8,
                            TypeKind::uint8,  TypeKind::uint16, TypeKind::uint32,    TypeKind::uint64,
                            TypeKind::boolean, TypeKind::float64, TypeKind::float32, TypeKind::text,
                            TypeKind::blob,   TypeKind::timestamp, TypeKind::date,   TypeKind::uuid,
                            TypeKind::json};
  for (TypeKind k : kinds) {
    sql::ColumnType t{.kind = k};
    if (d.type_name(t) == text || (k == TypeKind::json && text == d.json.reported_as)) return t;
  }
  int n = detail::varchar_size(text);
  if (n >= 0) return sql::ColumnType{.kind = TypeKind::text, .size = n};
  unsigned p = 0, s = 0;
  if (text.starts_with("DECIMAL(") || text.starts_with("NUMERIC(")) {
    if (std::sscanf(std::string(text.substr(8)).c_str(), "%u,%u", &p, &s) == 2)
      return sql::ColumnType{.kind = TypeKind::decimal, .precision = static_cast<int>(p), .scale = static_cast<int>(s)};
  }
  return std::nullopt;
}

/// A live column as a column described by hand (its default is not known as a value: a note);
/// with key, a primary key column is written as one (of a composite key, when composite).
inline std::optional<std::string> cpp_live_column(const sql::Dialect& d, const std::string& table, const ColumnInfo& c,
                                                  std::vector<std::string>& notes, bool key = false,
                                                  bool composite = false) {
  std::vector<std::string_view> labels(c.labels.begin(), c.labels.end());
  auto type = labels.empty() ? type_named(d, c.type)
                             : std::optional<sql::ColumnType>(sql::ColumnType{.kind = TypeKind::enumeration, .labels = labels});
  if (!type) {
    notes.push_back(fmt::format("column {}.{} has a type quarry does not describe ({}): write it by hand", table,
                                c.name, c.type));
    return std::nullopt;
  }
  sql::ColumnDef def{.name = c.name, .type = *type, .nullable = c.nullable};
  def.primary_key = key && c.primary_key && !composite;
  if (c.primary_key)
    notes.push_back(fmt::format("column {}.{} is (part of) the primary key: check that its down keeps the key and any "
                                "AUTO_INCREMENT, which the database's description does not say",
                                table, c.name));
  // the default as the diff reads it (casts, quotes and the spellings of now() undone)
  std::string form = c.default_value && !c.primary_key ? live_default_form(c.default_value, def.type.kind) : "";
  if (form == "now") {
    def.default_now = true;
  } else if (form == "uuid") {
    def.default_random_uuid = true;
  } else if (!form.empty() && form[0] == '\'') {
    def.default_value = sql::Value(form.substr(1));
  } else if (!form.empty() && form[0] == '=' && def.type.kind == TypeKind::boolean) {
    def.default_value = sql::Value(form != "=0");
  } else if (auto n = form.empty() || form[0] != '=' ? std::nullopt : number_in(form.substr(1))) {
    bool whole = *n == static_cast<double>(static_cast<std::int64_t>(*n)) && form.find_first_of(".eE") == std::string::npos;
    def.default_value = whole ? sql::Value(static_cast<std::int64_t>(*n)) : sql::Value(*n);
  } else if (!form.empty()) {
    notes.push_back(fmt::format("column {}.{} had the default {}: add it by hand where the down needs it", table,
                                c.name, *c.default_value));
  }
  return cpp_column(def, nullptr, key && c.primary_key && composite, notes);
}

/// add_index's call for index: db.add_index("t", {"a", "b"}, {.name = "t_a_b", .unique = true}).
inline std::string cpp_add_index(const std::string& table, const std::string& name, const std::vector<std::string>& columns,
                                 bool unique, const std::vector<bool>& descending, const std::string& where,
                                 const std::string& method) {
  std::string options = ".name = " + cpp_string(name);
  if (unique) options += ", .unique = true";
  bool any_descending = false;
  for (bool b : descending) any_descending = any_descending || b;
  if (any_descending) {
    options += ", .descending = {";
    for (std::size_t i = 0; i < descending.size(); ++i) options += std::string(i ? ", " : "") + (descending[i] ? "true" : "false");
    options += "}";
  }
  if (!where.empty()) options += ", .where = " + cpp_string(where);
  if (!method.empty()) options += ", .method = " + cpp_string(method);
  return fmt::format("db.add_index({}, {}, {{{}}});", cpp_string(table), cpp_strings(columns), options);
}

inline const Table* find_model(const std::vector<Table>& models, const std::string& name) {
  for (const auto& t : models)
    if (t.create.table == name) return &t;
  return nullptr;
}

/// The index the model wants that a step adds: a CREATE INDEX of the model's, or a unique key
/// (of the table, or of one column) made as an index of its name.
inline std::optional<sql::CreateIndex> wanted_index(const Table& t, const std::string& name) {
  for (const auto& i : t.indexes)
    if (i.name == name) return i;
  for (const auto& w : wanted_indexes(t))
    if (!w.create && constraint_name(t.create.table, w.columns, NameKind::unique_key) == name)
      return sql::CreateIndex{name, t.create.table, w.columns, true, false};
  return std::nullopt;
}

/// One step as the statements of up and of down (down's run in reverse order of the steps).
struct StepSource {
  std::vector<std::string> up, down;
};

inline StepSource step_source(const sql::Dialect& d, const Step& s, const std::vector<Table>& models,
                              const std::vector<LiveTable>& live, std::vector<std::string>& notes) {
  StepSource out;
  const Table* model = find_model(models, s.table);
  const LiveTable* have = find_live(live, s.table);
  auto model_column = [&](const std::string& name) -> const sql::ColumnDef* {
    if (model)
      for (const auto& c : model->create.columns)
        if (c.name == name) return &c;
    return nullptr;
  };
  auto live_column = [&](const std::string& name) -> const ColumnInfo* { return have ? find_column(*have, name) : nullptr; };
  auto live_index = [&](const std::string& name) -> const IndexInfo* {
    if (have)
      for (const auto& i : have->indexes)
        if (i.name == name) return &i;
    return nullptr;
  };
  auto cant = [&](std::string why) {
    out.up.push_back("// " + why);
    notes.push_back(std::move(why));
  };
  switch (s.kind) {
    case StepKind::add_table: {
      if (!model) break;
      const auto& t = *model;
      std::string text = fmt::format("db.create_table({}, {{", cpp_string(t.create.table));
      for (const auto& c : t.create.columns) {
        bool composite = std::find(t.create.primary_key.begin(), t.create.primary_key.end(), c.name) !=
                         t.create.primary_key.end();
        text += "\n    " + cpp_column(c, own_key(t, c.name), composite, notes) + ",";
      }
      std::vector<std::string> constraints;
      for (const auto& u : t.create.uniques)
        constraints.push_back(fmt::format("unique_constraint({}, {})", cpp_strings(u.columns), cpp_string(u.name)));
      for (const auto& f : t.create.foreign_keys)
        if (!(f.columns.size() == 1 && own_key(t, f.columns[0]) == &f))
          constraints.push_back(fmt::format("foreign_key_constraint({}, {}, {})", cpp_strings(f.columns),
                                            cpp_references(f), cpp_string(f.name)));
      for (const auto& check : t.create.checks)
        constraints.push_back(cpp_check(check.name, check.condition));
      text += "\n}";
      if (!constraints.empty()) {
        text += ", {";
        for (const auto& k : constraints) text += "\n    " + k + ",";
        text += "\n}";
      }
      text += ");";
      out.up.push_back(std::move(text));
      for (const auto& i : t.indexes)
        out.up.push_back(cpp_add_index(t.create.table, i.name, i.columns, i.unique, i.descending, i.where, i.method));
      out.down.push_back(fmt::format("db.drop_table({});", cpp_string(t.create.table)));
      break;
    }
    case StepKind::add_column: {
      const sql::ColumnDef* c = model_column(s.name);
      if (!c) break;
      // its foreign key and checks are steps of their own (add_constraint), after it; their
      // downs run before this one's, so that the column is dropped without them
      out.up.push_back(fmt::format("db.add_column({}, {});", cpp_string(s.table), cpp_column(*c, nullptr, false, notes)));
      out.down.push_back(fmt::format("db.remove_column({}, {});", cpp_string(s.table), cpp_string(s.name)));
      break;
    }
    case StepKind::alter_column: {
      const sql::ColumnDef* c = model_column(s.name);
      const ColumnInfo* was = live_column(s.name);
      if (!c) break;
      sql::ColumnDef plain = *c;  // a key or a check is not changed by change_column
      plain.unique = false;
      out.up.push_back(fmt::format("db.change_column({}, {});", cpp_string(s.table), cpp_column(plain, nullptr, false, notes)));
      if (auto back = was ? cpp_live_column(d, s.table, *was, notes) : std::nullopt)
        out.down.push_back(fmt::format("db.change_column({}, {});", cpp_string(s.table), *back));
      else
        out.down.push_back(fmt::format("// column {}.{} as it was: write it by hand", s.table, s.name));
      break;
    }
    case StepKind::add_index: {
      auto i = model ? wanted_index(*model, s.name) : std::nullopt;
      if (!i) {
        cant(fmt::format("index {} on {}: not found in the models", s.name, s.table));
        break;
      }
      if (const IndexInfo* replaced = live_index(s.name)) {  // an index of that name that indexes something else
        out.up.push_back(fmt::format("db.remove_index({}, {});", cpp_string(s.table), cpp_string(s.name)));
        out.down.push_back(cpp_add_index(s.table, replaced->name, replaced->columns, replaced->unique,
                                         replaced->descending, replaced->where, replaced->method));
      }
      out.up.push_back(cpp_add_index(s.table, i->name, i->columns, i->unique, i->descending, i->where, i->method));
      out.down.insert(out.down.begin(), fmt::format("db.remove_index({}, {});", cpp_string(s.table), cpp_string(s.name)));
      break;
    }
    case StepKind::drop_index: {
      out.up.push_back(fmt::format("db.remove_index({}, {});", cpp_string(s.table), cpp_string(s.name)));
      if (const IndexInfo* i = live_index(s.name))
        out.down.push_back(cpp_add_index(s.table, i->name, i->columns, i->unique, i->descending, i->where, i->method));
      break;
    }
    case StepKind::drop_column: {
      out.up.push_back(fmt::format("db.remove_column({}, {});", cpp_string(s.table), cpp_string(s.name)));
      const ColumnInfo* was = live_column(s.name);
      if (auto back = was ? cpp_live_column(d, s.table, *was, notes) : std::nullopt)
        out.down.push_back(fmt::format("db.add_column({}, {});", cpp_string(s.table), *back));
      else
        out.down.push_back(fmt::format("// column {}.{} as it was: write it by hand", s.table, s.name));
      break;
    }
    case StepKind::add_constraint: {
      const sql::ForeignKey* key = nullptr;
      const sql::CheckConstraint* check = nullptr;
      if (model) {
        for (const auto& f : model->create.foreign_keys)
          if (f.name == s.name) key = &f;
        for (const auto& k : model->create.checks)
          if (k.name == s.name) check = &k;
      }
      auto remove = fmt::format("db.remove_constraint({}, {});", cpp_string(s.table), cpp_string(s.name));
      if (key) {  // (one it replaces is dropped by a step of its own, before; its down adds it back)
        out.up.push_back(cpp_add_key(s.table, *key));
        out.down.push_back(remove);
      } else if (check) {
        out.up.push_back(fmt::format("db.add_constraint({}, {});", cpp_string(s.table), cpp_check(check->name, check->condition)));
        out.down.push_back(remove);
      } else {
        cant(fmt::format("constraint {} of {}: not found in the models", s.name, s.table));
      }
      break;
    }
    case StepKind::drop_constraint: {
      const ForeignKeyInfo* key = nullptr;
      const CheckInfo* check = nullptr;
      if (have) {
        for (const auto& k : have->foreign_keys)
          if (k.name == s.name) key = &k;
        for (const auto& k : have->checks)
          if (k.name == s.name) check = &k;
      }
      if ((!key && !check) || s.name.empty() || (key && d.alter == sql::AlterSyntax::rebuild)) {
        cant(fmt::format("{}: {} keeps no name for it to remove it by; write it by hand", s.description, d.name));
        break;
      }
      out.up.push_back(fmt::format("db.remove_constraint({}, {});", cpp_string(s.table), cpp_string(s.name)));
      if (key)
        out.down.push_back(cpp_add_key(s.table, key_of(d, *key)));
      else
        out.down.push_back(fmt::format("db.add_constraint({}, {});", cpp_string(s.table), cpp_check(check->name, check->condition)));
      break;
    }
    case StepKind::drop_table: {
      out.up.push_back(fmt::format("db.drop_table({});", cpp_string(s.table)));
      if (!have) break;
      // down: the table made again as the database describes it, then its indexes
      std::size_t keys = 0;
      for (const auto& c : have->columns) keys += c.primary_key ? 1 : 0;
      std::string text = fmt::format("db.create_table({}, {{", cpp_string(s.table));
      bool whole = true;
      for (const auto& c : have->columns) {
        if (auto column = cpp_live_column(d, s.table, c, notes, true, keys > 1)) text += "\n    " + *column + ",";
        else whole = false;
      }
      text += "\n}";
      std::vector<std::string> constraints;
      for (const auto& k : have->foreign_keys)  // SQLite's numbers are no names: named as sync names keys
        constraints.push_back(fmt::format("foreign_key_constraint({}, {}, {})", cpp_strings(k.columns),
                                          cpp_references(key_of(d, k)),
                                          cpp_string(d.alter == sql::AlterSyntax::rebuild ? std::string() : k.name)));
      for (const auto& k : have->checks)
        constraints.push_back(cpp_check(k.name, k.condition));
      if (!constraints.empty()) {
        text += ", {";
        for (const auto& k : constraints) text += "\n    " + k + ",";
        text += "\n}";
      }
      text += ");";
      if (!whole) {
        out.down.push_back(fmt::format("// table {} as it was: write it by hand (see the notes)", s.table));
        break;
      }
      out.down.push_back(std::move(text));
      for (const auto& i : have->indexes)
        if (!(d.alter != sql::AlterSyntax::rebuild && d.constraints_dropped_by_kind && !i.unique &&
              [&] {  // MySQL's own index of a foreign key: made again with the key
                for (const auto& k : have->foreign_keys)
                  if (k.columns == i.columns) return true;
                return false;
              }()))
          out.down.push_back(cpp_add_index(s.table,
                                           i.name.starts_with("sqlite_autoindex_")  // SQLite's own name of a UNIQUE
                                               ? constraint_name(s.table, i.columns, NameKind::unique_key)
                                               : i.name,
                                           i.columns, i.unique, i.descending, i.where, i.method));
      break;
    }
    case StepKind::rebuild_table: cant("a step the generator does not write: " + s.description); break;
  }
  return out;
}

/// What a step does, in words that are the same on every dialect (a diff's own description
/// spells types as the database does).
inline std::string neutral_description(const Step& s) {
  switch (s.kind) {
    case StepKind::add_table: return "create table " + s.table;
    case StepKind::add_column: return fmt::format("add column {}.{}", s.table, s.name);
    case StepKind::alter_column: return fmt::format("change column {}.{}", s.table, s.name);
    case StepKind::drop_column: return fmt::format("drop column {}.{}", s.table, s.name);
    default: break;
  }
  std::string out = s.description;  // indexes: named, with their columns
  for (auto& ch : out)
    if (ch == '\n') ch = ' ';
  return out;
}

inline std::string indented(const std::string& statement, bool commented) {
  std::string out;
  std::size_t start = 0;
  while (start <= statement.size()) {
    auto end = statement.find('\n', start);
    if (end == std::string::npos) end = statement.size();
    out += std::string("      ") + (commented ? "// " : "") + statement.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

}  // namespace detail

/// The source of a migration named name whose up makes steps and whose down reverses them, for
/// a file of a migration program (it registers itself with register_migration). steps are a
/// diff's, not merged into rebuilds (diff_tables with merge_rebuilds = false); models and live
/// are what it compared. A destructive step is written commented out unless destructive.
inline GeneratedMigration migration_source(const sql::Dialect& d, const std::string& name, const std::vector<Step>& steps,
                                           const std::vector<Table>& models, const std::vector<LiveTable>& live,
                                           bool destructive) {
  GeneratedMigration out;
  std::string up, down;
  std::vector<std::string> downs;  // each step's down, in the order of the steps
  bool up_runs = false, down_runs = false;  // whether up and down run a statement (or only comment)
  std::vector<std::pair<std::string, std::string>> left_columns;  // columns whose add_column is left out
  for (const auto& s : steps) {
    auto text = detail::step_source(d, s, models, live, out.notes);
    bool commented = s.destructive && !destructive;
    if (commented && s.kind == StepKind::add_column) left_columns.emplace_back(s.table, s.name);
    auto left_out = [&](const std::string& column) {
      return std::find(left_columns.begin(), left_columns.end(), std::pair<std::string, std::string>(s.table, column)) !=
             left_columns.end();
    };
    // an index, a foreign key or a check on a column left out is left out with it
    if (const Table* t = detail::find_model(models, s.table); t && !commented) {
      if (s.kind == StepKind::add_index)
        if (auto index = detail::wanted_index(*t, s.name))
          for (const auto& column : index->columns) commented = commented || left_out(column);
      if (s.kind == StepKind::add_constraint) {
        for (const auto& f : t->create.foreign_keys)
          if (f.name == s.name)
            for (const auto& column : f.columns) commented = commented || left_out(column);
        for (const auto& c : t->create.columns)
          commented = commented || (left_out(c.name) && s.name.starts_with(s.table + "_" + c.name + "_check_"));
      }
    }
    std::string description = detail::neutral_description(s);
    const char* why = !commented ? ""
                      : s.destructive ? " (destructive: left out; remove the // to apply it)"
                                      : " (left out with its column; remove the // to apply it)";
    up += fmt::format("      // {}{}\n", description, why);
    std::string back;
    for (const auto& statement : text.up) {
      up += detail::indented(statement, commented);
      up_runs = up_runs || (!commented && !statement.starts_with("//"));
    }
    for (const auto& statement : text.down) {
      back += detail::indented(statement, commented);
      down_runs = down_runs || (!commented && !statement.starts_with("//"));
    }
    downs.push_back(std::move(back));
    ++out.steps;
    if (commented) ++out.left_out;
  }
  for (std::size_t i = downs.size(); i-- > 0;) down += downs[i];
  std::string notes;
  for (const auto& n : out.notes) notes += "// - " + n + "\n";
  if (!notes.empty()) notes = "//\n// To do by hand:\n" + notes;
  std::string warning = out.left_out == 0 ? std::string()
                                          : fmt::format("//\n// WARNING: {} step(s) are written commented out: they lose "
                                                        "data, or need one that does. Apply them only on purpose.\n",
                                                        out.left_out);
  if (steps.empty()) up = down = "      // the models and the database agreed: write the changes by hand\n";
  out.source = fmt::format(R"(// Migration {0}, written by migration:generate from the difference between the models
// and the database ({1}). Review it, then build the migration program and run `migrate`.
{2}{3}
#include <quarry/migrate.hpp>

namespace {{
using namespace quarry::schema;

[[maybe_unused]] const bool registered = quarry::register_migration({{
    .name = {4},
    .up = [](quarry::Session&{7}) {{
{5}    }},
    .down = [](quarry::Session&{8}) {{
{6}    }},
}});
}}  // namespace
)",
                           name, d.name, warning, notes, detail::cpp_string(name), up, down, up_runs ? " db" : "",
                           down_runs ? " db" : "");
  return out;
}

}  // namespace quarry::schema
