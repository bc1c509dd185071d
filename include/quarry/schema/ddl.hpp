#pragma once
/// The DDL of models: CREATE TABLE (columns, defaults, checks, keys, declared foreign keys), the
/// indexes, and the foreign keys and indexes that associations imply. Built when sync or drop
/// asks for it, never by queries; every constraint and index is named by constraint_name.
///
///   auto book = quarry::schema::table<Book>();                  // Book's table as its model declares it
///   auto all = quarry::schema::tables<Author, Book>();          // what sync creates, referenced first
///   for (const auto& sql : quarry::schema::create_statements(quarry::dialect::postgres, all)) ...

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../algorithm.hpp"  // quarry::detail::contains
#include "../config.hpp"
#include "../model/association.hpp"
#include "../ops/model_info.hpp"
#include "../sql/ast.hpp"
#include "../sql/render.hpp"
#include "../vector.hpp"

namespace quarry::schema {

/// One table's DDL as plain data.
struct Table {
  sql::CreateTable create;
  std::vector<sql::CreateIndex> indexes;
  std::vector<std::string> references;  // the tables its foreign keys point to, each once
};

enum class NameKind : std::uint8_t { index, unique_key, foreign_key };

/// The name of every constraint and index quarry creates: the table, its columns, and a suffix
/// by kind: books_title (an index), enrollments_course_id_seat_key, books_author_id_fkey.
QUARRY_FUNC std::string constraint_name(std::string_view table, const std::vector<std::string>& columns, NameKind kind);
/// The name of a check quarry creates: books_price_check_1c9a04e2 (a column's), books_check_...
/// (the table's; column ""), the last part eight hex digits of the condition's text (FNV-1a), so
/// that a condition changed in the model is a check of another name to the diff on every
/// dialect, whatever text the database keeps of a condition (PostgreSQL and MariaDB rewrite it).
QUARRY_FUNC std::string check_name(std::string_view table, std::string_view column, std::string_view condition);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string constraint_name(std::string_view table, const std::vector<std::string>& columns, NameKind kind) {
  std::string out(table);
  for (const auto& c : columns) out.append(1, '_').append(c);
  if (kind == NameKind::unique_key) out += "_key";
  else if (kind == NameKind::foreign_key) out += "_fkey";
  return out;
}
QUARRY_FUNC std::string check_name(std::string_view table, std::string_view column, std::string_view condition) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char ch : condition) hash = (hash ^ ch) * 16777619u;
  std::string out(table);
  if (!column.empty()) out.append(1, '_').append(column);
  if (out.size() > 48) out.resize(48);  // 63 in all, PostgreSQL's longest name (MySQL's is 64)
  out += "_check_";
  for (int shift = 28; shift >= 0; shift -= 4) out += "0123456789abcdef"[(hash >> shift) & 0xf];
  return out;
}
#endif

namespace detail {

/// A foreign key that an association implies: on which table and column, to what.
struct ImpliedKey {
  std::string table, column, ref_table, ref_column;
  sql::Action on_delete = sql::Action::none, on_update = sql::Action::none;
  sql::Deferrable deferrable = sql::Deferrable::no;
};

/// What the DDL of one model is built from, as plain data: its fields and constraints, and the
/// foreign keys its associations imply (on its own table or another).
struct ModelFacts {
  std::string_view table;
  std::span<const ops::detail::FieldDesc> fields;
  std::span<const ops::detail::ConstraintDesc> constraints;
  quarry::detail::Vector<ImpliedKey> implied;
};

/// The DDL of one model's table from its facts, and of several models' tables with the keys
/// their associations imply, referenced tables first (defined below, or once in the quarry::core
/// library with QUARRY_COMPILED).
QUARRY_FUNC Table build_table(const ModelFacts& m);
QUARRY_FUNC std::vector<Table> build_tables(std::span<const ModelFacts> models);

#ifdef QUARRY_BODIES
/// A declared default as the literal of the DDL; an enumerator as its name where the column
/// stores names, else as its integer.
inline sql::Value default_to_value(const quarry::detail::DefaultValue& d, TypeKind column) {
  using Kind = quarry::detail::DefaultValue::Kind;
  switch (d.kind) {
    case Kind::integer: return static_cast<std::int64_t>(d.integer);
    case Kind::real: return d.real;
    case Kind::text: return std::string(d.text);
    case Kind::boolean: return d.integer != 0;
    case Kind::enumerator:
      if (column == TypeKind::enumeration) return std::string(d.text);
      return static_cast<std::int64_t>(d.integer);
    default: return sql::Null{};
  }
}

inline void add_reference(Table& t, const std::string& table) {
  if (!quarry::detail::contains(t.references, table)) t.references.push_back(table);
}

/// Marks every column in a key or index as keyed (MySQL cannot index an unbounded TEXT).
inline void mark_keyed(Table& t, const std::vector<std::string>& names) {
  for (auto& c : t.create.columns)
    if (quarry::detail::contains(names, c.name)) c.type.keyed = true;
}

/// A model's table as it declares it: columns, keys, checks, declared foreign keys and indexes.
QUARRY_FUNC Table build_table(const ModelFacts& m) {
  Table t;
  t.create.table = std::string(m.table);
  const auto& fields = m.fields;
  std::size_t pk_count = 0;
  for (const auto& f : fields) pk_count += f.options.primary_key ? 1 : 0;
  for (const auto& f : fields) {
    const auto& o = f.options;
    sql::ColumnDef c;
    c.name = std::string(f.column);
    c.type = ops::detail::column_type(f, m.table);
    c.nullable = f.nullable;
    c.primary_key = o.primary_key && pk_count == 1;
    c.auto_increment = o.auto_increment;
    c.unique = o.unique && !o.primary_key;
    if (!o.check.empty())  // a named table constraint, which the diff can find again
      t.create.checks.push_back({check_name(m.table, f.column, o.check), std::string(o.check)});
    c.comment = std::string(o.comment);
    using Default = quarry::detail::DefaultValue::Kind;
    if (o.default_value.kind == Default::current_timestamp) c.default_now = true;
    else if (o.default_value.kind == Default::random_uuid) c.default_random_uuid = true;
    else if (o.default_value.kind != Default::none) c.default_value = default_to_value(o.default_value, c.type.kind);
    std::vector<std::string> own{c.name};
    if (o.primary_key && pk_count > 1) t.create.primary_key.push_back(c.name);
    t.create.columns.push_back(std::move(c));

    if (o.index && !o.unique && !o.primary_key)
      t.indexes.push_back({constraint_name(m.table, own, NameKind::index), t.create.table, own, false, true});
    if (o.reference.table) {
      sql::ForeignKey fk;
      fk.name = constraint_name(m.table, own, NameKind::foreign_key);
      fk.columns = own;
      fk.ref_table = std::string(o.reference.table());
      fk.ref_columns = {std::string(o.reference.column())};
      fk.on_delete = o.reference.on_delete;
      fk.on_update = o.reference.on_update;
      fk.deferrable = o.reference.deferrable;
      add_reference(t, fk.ref_table);
      t.create.foreign_keys.push_back(std::move(fk));
    }
  }
  for (const auto& k : m.constraints) {
    std::vector<std::string> cols(k.columns.begin(), k.columns.end());
    switch (k.kind) {
      case ops::detail::ConstraintDesc::Kind::unique:
        t.create.uniques.push_back({constraint_name(m.table, cols, NameKind::unique_key), cols});
        break;
      case ops::detail::ConstraintDesc::Kind::index: {
        sql::CreateIndex x{k.name.empty() ? constraint_name(m.table, cols, k.unique ? NameKind::unique_key : NameKind::index)
                                          : std::string(k.name),
                           t.create.table, cols, k.unique, true};
        for (bool d : k.descending) x.descending.push_back(d);
        if (!quarry::detail::contains(x.descending, true)) x.descending.clear();
        x.where = std::string(k.where);
        x.method = std::string(k.method);
        t.indexes.push_back(std::move(x));
        break;
      }
      case ops::detail::ConstraintDesc::Kind::check:
        t.create.checks.push_back({check_name(m.table, "", k.check), std::string(k.check)});
        break;
    }
  }
  for (const auto& u : t.create.uniques) mark_keyed(t, u.columns);
  for (const auto& x : t.indexes) mark_keyed(t, x.columns);
  for (const auto& f : t.create.foreign_keys) mark_keyed(t, f.columns);
  return t;
}

/// Whether a foreign key, an index or a key of t already leads with column.
inline bool declared_key(const Table& t, const std::string& column) {
  for (const auto& f : t.create.foreign_keys)
    if (f.columns.size() == 1 && f.columns.front() == column) return true;
  return false;
}
inline bool indexed(const Table& t, const std::string& column) {
  for (const auto& x : t.indexes)
    if (!x.columns.empty() && x.columns.front() == column) return true;
  return false;
}
inline bool leading_key(const Table& t, const std::string& column) {
  if (!t.create.primary_key.empty() && t.create.primary_key.front() == column) return true;
  for (const auto& c : t.create.columns)
    if (c.name == column && (c.primary_key || c.unique)) return true;
  return false;
}

/// Adds to the tables the foreign keys that associations imply, unless declared, and an index on
/// each such column unless an index or a key already leads with it.
inline void add_implied_keys(std::vector<Table>& tables, const quarry::detail::Vector<ImpliedKey>& keys) {
  for (const auto& k : keys) {
    Table* t = nullptr;
    for (auto& x : tables)
      if (!t && x.create.table == k.table) t = &x;
    if (!t) continue;
    const std::vector<std::string> own{k.column};
    if (!declared_key(*t, k.column)) {
      t->create.foreign_keys.push_back({constraint_name(k.table, own, NameKind::foreign_key), own, k.ref_table,
                                        {k.ref_column}, k.on_delete, k.on_update, k.deferrable});
      add_reference(*t, k.ref_table);
      mark_keyed(*t, own);
    }
    if (!indexed(*t, k.column) && !leading_key(*t, k.column))
      t->indexes.push_back({constraint_name(k.table, own, NameKind::index), k.table, own, false, true});
  }
}

/// Orders tables so that each comes after the tables it references (among those given).
inline std::vector<Table> dependency_order(std::vector<Table> tables) {
  const std::size_t n = tables.size();
  quarry::detail::Vector<std::size_t> order;
  quarry::detail::Vector<char> done(n, 0);
  while (order.size() < n) {
    std::size_t next = n;
    for (std::size_t i = 0; i < n && next == n; ++i) {
      if (done[i]) continue;
      bool ready = true;  // each table it references is itself, placed already, or not given
      for (const auto& r : tables[i].references) {
        if (r == tables[i].create.table) continue;
        bool given = false, placed = false;
        for (std::size_t j = 0; j < n; ++j)
          if (tables[j].create.table == r) {
            given = true;
            placed = placed || done[j];
          }
        if (given && !placed) ready = false;
      }
      if (ready) next = i;
    }
    if (next == n)  // a cycle: take the first left; the database reports what it must
      for (next = 0; done[next];) ++next;
    done[next] = true;
    order.push_back(next);
  }
  std::vector<Table> out;
  out.reserve(n);
  for (auto i : order) out.push_back(std::move(tables[i]));
  return out;
}

/// The tables of several models with what their associations imply, referenced tables first.
QUARRY_FUNC std::vector<Table> build_tables(std::span<const ModelFacts> models) {
  std::vector<Table> tables;
  tables.reserve(models.size());
  for (const auto& m : models) tables.push_back(build_table(m));
  for (const auto& m : models) add_implied_keys(tables, m.implied);
  return dependency_order(std::move(tables));
}
#endif  // QUARRY_BODIES

template <auto FK, auto Key>
ImpliedKey implied_key(sql::Action on_delete, sql::Action on_update, bool many_to_many,
                       sql::Deferrable deferrable = sql::Deferrable::no) {
  using quarry::detail::class_of;
  bool nullable = quarry::detail::is_optional_v<quarry::detail::member_type<FK>>;
  // Sequelize's defaults: SET NULL where the key may be NULL (else CASCADE), CASCADE on update;
  // a join row goes with either side
  sql::Action del = on_delete != sql::Action::none ? on_delete
                                                  : (many_to_many || !nullable ? sql::Action::cascade : sql::Action::set_null);
  sql::Action upd = on_update != sql::Action::none ? on_update : sql::Action::cascade;
  return {std::string(quarry::detail::table_name<class_of<FK>>()), std::string(quarry::detail::column_name<FK>()),
          std::string(quarry::detail::table_name<class_of<Key>>()), std::string(quarry::detail::column_name<Key>()),
          del, upd, deferrable};
}

/// Adds the foreign keys association a implies to out.
template <class A>
void add_implied(const A& a, quarry::detail::Vector<ImpliedKey>& out) {
  using Keys = quarry::detail::AssociationKeys<A>;
  if (!a.constraint) return;  // no_constraint
  if constexpr (Keys::keys_valid) {
    if constexpr (A::kind == AssociationKind::belongs_to_many) {
      out.push_back(implied_key<A::foreign_key, Keys::owner_key>(a.on_delete, a.on_update, true, a.deferrable));
      out.push_back(implied_key<A::other_key, Keys::target_key>(a.on_delete, a.on_update, true, a.deferrable));
    } else if constexpr (A::kind == AssociationKind::belongs_to) {
      out.push_back(implied_key<Keys::owner_key, Keys::target_key>(a.on_delete, a.on_update, false, a.deferrable));
    } else {
      out.push_back(implied_key<Keys::target_key, Keys::owner_key>(a.on_delete, a.on_update, false, a.deferrable));
    }
  }
}

/// The foreign keys T's associations imply.
template <class T>
quarry::detail::Vector<ImpliedKey> implied_keys() {
  quarry::detail::Vector<ImpliedKey> out;
  if constexpr (requires { Model<T>::associations; }) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (add_implied(std::get<I>(Model<T>::associations), out), ...);
    }(std::make_index_sequence<std::tuple_size_v<std::remove_cvref_t<decltype(Model<T>::associations)>>>{});
  }
  return out;
}

/// The one template step: T's fields, constraints and associations as plain data.
template <class T>
ModelFacts model_facts() {
  constexpr const auto& fields = ops::detail::field_descs<T>;
  constexpr const auto& constraints = ops::detail::constraint_descs<T>;
  // (pointer and size: a span from a std::array<X, N> is one more instantiation for each N)
  return {quarry::detail::table_name<T>(), {fields.data(), fields.size()}, {constraints.data(), constraints.size()},
          implied_keys<T>()};
}

/// The facts of the models given, in order: what tables<...>, sync, diff and drop build from.
template <class... T>
std::array<ModelFacts, sizeof...(T)> facts_of() {
  return {model_facts<T>()...};
}

}  // namespace detail

/// T's table as its model declares it (the keys its associations imply are added by tables<...>).
template <class T>
Table table() {
  return detail::build_table(detail::model_facts<T>());
}

/// The tables of the models given, as sync creates them: with the foreign keys and indexes that
/// their associations imply, each table after the tables it references.
template <class... T>
std::vector<Table> tables() {
  const auto models = detail::facts_of<T...>();
  return detail::build_tables(models);
}

/// DROP TABLE IF EXISTS of T's table.
template <class T>
sql::DropTable drop_table() {
  return {std::string(quarry::detail::table_name<T>()), true};
}

/// What drop and sync run for the tables (defined below, or once in the quarry::core library
/// with QUARRY_COMPILED).
QUARRY_FUNC std::vector<std::string> drop_statements(const sql::Dialect& d, const std::vector<Table>& tables);
QUARRY_FUNC std::vector<std::string> create_statements(const sql::Dialect& d, const std::vector<Table>& tables,
                                                       bool force = false);

#ifdef QUARRY_BODIES
/// What drop runs: DROP TABLE IF EXISTS of each table, dependents first, each followed by
/// DROP TYPE IF EXISTS of its enum columns' types where the dialect declares them (PostgreSQL).
QUARRY_FUNC std::vector<std::string> drop_statements(const sql::Dialect& d, const std::vector<Table>& tables) {
  std::vector<std::string> out;
  for (std::size_t i = tables.size(); i-- > 0;) {
    out.push_back(sql::render(d, sql::DropTable{tables[i].create.table, true}).sql);
    if (d.enums == sql::EnumSyntax::named_type)
      for (const auto& c : tables[i].create.columns)
        if (c.type.kind == TypeKind::enumeration) out.push_back(sql::render(d, sql::DropEnumType{c.type.enum_type}).sql);
  }
  return out;
}

/// What sync runs, in order: when force, what drop runs; then for each table, referenced
/// tables first, the types of its enum columns where the dialect declares them (PostgreSQL:
/// CREATE TYPE, skipped when the type exists), CREATE TABLE and CREATE INDEX.
QUARRY_FUNC std::vector<std::string> create_statements(const sql::Dialect& d, const std::vector<Table>& tables,
                                                       bool force) {
  std::vector<std::string> out;
  if (force) out = drop_statements(d, tables);
  for (const auto& t : tables) {
    if (d.enums == sql::EnumSyntax::named_type)
      for (const auto& c : t.create.columns)
        if (c.type.kind == TypeKind::enumeration)
          out.push_back(sql::render(d, sql::CreateEnumType{c.type.enum_type, c.type.labels}).sql);
    out.push_back(sql::render(d, t.create).sql);
    if (d.comments == sql::CommentSyntax::comment_on)
      for (const auto& c : t.create.columns)
        if (!c.comment.empty()) out.push_back(sql::render(d, sql::CommentOnColumn{t.create.table, c.name, c.comment}).sql);
    for (const auto& index : t.indexes) out.push_back(sql::render(d, index).sql);
  }
  return out;
}
#endif  // QUARRY_BODIES

}  // namespace quarry::schema
