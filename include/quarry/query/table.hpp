#pragma once
/// A model lowered once into plain data: its table, columns, keys and DDL. Everything after
/// this point works on ModelInfo, not on templates.

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "../error.hpp"
#include "../model/model.hpp"
#include "../sql/ast.hpp"
#include "checks.hpp"
#include "value.hpp"

namespace quarry::query {

struct ModelInfo {
  std::string table;
  std::vector<std::string> columns;       // in field order
  std::vector<std::size_t> primary_key;   // field indexes
  std::optional<std::size_t> auto_increment, created_at, updated_at;
  sql::CreateTable create;
  std::vector<sql::CreateIndex> indexes;
  std::vector<std::string> references;    // tables this one has foreign keys to
  /// What every read of the model adds to its WHERE: the read path's filter stage (ops/read.hpp).
  std::optional<sql::Node> filter;

  std::vector<std::string> primary_key_columns() const {
    std::vector<std::string> out;
    for (auto i : primary_key) out.push_back(columns[i]);
    return out;
  }
};

namespace detail {

inline std::string constraint_name(const std::string& table, const std::vector<std::string>& cols,
                                   std::string_view suffix) {
  std::string out = table;
  for (const auto& c : cols) out.append(1, '_').append(c);
  if (!suffix.empty()) out.append(1, '_').append(suffix);
  return out;
}

inline sql::Value default_to_value(const quarry::detail::DefaultValue& d) {
  switch (d.kind) {
    case quarry::detail::DefaultValue::Kind::integer: return static_cast<std::int64_t>(d.integer);
    case quarry::detail::DefaultValue::Kind::real: return d.real;
    case quarry::detail::DefaultValue::Kind::text: return std::string(d.text);
    case quarry::detail::DefaultValue::Kind::boolean: return d.integer != 0;
    default: return sql::Null{};
  }
}

template <auto... M>
std::vector<std::string> column_names() {
  return {std::string(quarry::detail::column_name<M>())...};
}

template <class T, auto... M>
void add_table_constraint(ModelInfo& info, quarry::detail::UniqueKey<M...>) {
  static_assert((std::is_same_v<quarry::detail::class_of<M>, T> && ...),
                "quarry: unique_key<...> lists a member of another model");
  auto cols = column_names<M...>();
  info.create.uniques.push_back({constraint_name(info.table, cols, "key"), cols});
}
template <class T, auto... M>
void add_table_constraint(ModelInfo& info, quarry::detail::IndexKey<M...>) {
  static_assert((std::is_same_v<quarry::detail::class_of<M>, T> && ...),
                "quarry: index_key<...> lists a member of another model");
  auto cols = column_names<M...>();
  info.indexes.push_back({constraint_name(info.table, cols, ""), info.table, cols, false, true});
}
template <class T>
void add_table_constraint(ModelInfo& info, quarry::detail::Check c) {
  info.create.checks.emplace_back(c.sql);
}

/// One field as plain data: everything build_model_info needs, with no template left in it.
struct FieldDesc {
  std::string_view column;
  TypeKind kind = TypeKind::text;
  bool nullable = false;
  quarry::detail::FieldOptions options;
};

template <class T>
inline constexpr auto field_descs = []<std::size_t... I>(std::index_sequence<I...>) {
  constexpr const auto& fs = quarry::detail::model_fields<T>;
  using Fs = std::remove_cvref_t<decltype(fs)>;
  return std::array<FieldDesc, sizeof...(I)>{FieldDesc{std::get<I>(fs).column_name(), std::tuple_element_t<I, Fs>::kind,
                                                       std::tuple_element_t<I, Fs>::nullable, std::get<I>(fs).options}...};
}(std::make_index_sequence<quarry::detail::field_count<T>>{});

/// Columns, keys, indexes and foreign keys of a table from its fields (not a template: compiled
/// once, whatever the number of models).
inline ModelInfo build_columns(std::string_view table, std::span<const FieldDesc> fields) {
  ModelInfo info;
  info.table = std::string(table);
  info.create.table = info.table;
  std::size_t pk_count = 0;
  for (const auto& f : fields) pk_count += f.options.primary_key ? 1 : 0;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto& o = fields[i].options;
    std::string name(fields[i].column);
    info.columns.push_back(name);
    if (o.primary_key) info.primary_key.push_back(i);
    if (o.auto_increment) info.auto_increment = i;
    if (o.role == quarry::detail::Role::created_at) info.created_at = i;
    if (o.role == quarry::detail::Role::updated_at) info.updated_at = i;

    sql::ColumnDef c;
    c.name = name;
    c.type = {fields[i].kind, o.size, o.precision, o.scale, o.primary_key || o.unique || o.index};
    // decimal(p, s) on a double: an exact column in the database, read into a double
    if (o.precision > 0) c.type.kind = TypeKind::decimal;
    c.nullable = fields[i].nullable;
    c.primary_key = o.primary_key && pk_count == 1;
    c.auto_increment = o.auto_increment;
    c.unique = o.unique && !o.primary_key;
    c.check = std::string(o.check);
    if (o.default_value.kind == quarry::detail::DefaultValue::Kind::current_timestamp) c.default_now = true;
    else if (o.default_value.kind != quarry::detail::DefaultValue::Kind::none)
      c.default_value = default_to_value(o.default_value);
    info.create.columns.push_back(std::move(c));

    if (o.index && !o.unique && !o.primary_key)
      info.indexes.push_back({constraint_name(info.table, {name}, ""), info.table, {name}, false, true});
    if (o.reference.table) {
      sql::ForeignKey fk;
      fk.columns = {name};
      fk.ref_table = std::string(o.reference.table());
      fk.ref_columns = {std::string(o.reference.column())};
      fk.name = constraint_name(info.table, fk.columns, "fkey");
      fk.on_delete = o.reference.on_delete;
      fk.on_update = o.reference.on_update;
      if (std::find(info.references.begin(), info.references.end(), fk.ref_table) == info.references.end())
        info.references.push_back(fk.ref_table);
      info.create.foreign_keys.push_back(std::move(fk));
    }
  }
  if (pk_count > 1)
    for (auto i : info.primary_key) info.create.primary_key.push_back(info.columns[i]);
  return info;
}

/// Marks every column in a key or index as indexable (MySQL cannot index an unbounded TEXT).
inline void mark_keyed_columns(ModelInfo& info) {
  auto mark_keyed = [&](const std::vector<std::string>& names) {
    for (auto& c : info.create.columns)
      if (std::find(names.begin(), names.end(), c.name) != names.end()) c.type.keyed = true;
  };
  for (const auto& u : info.create.uniques) mark_keyed(u.columns);
  for (const auto& x : info.indexes) mark_keyed(x.columns);
  for (const auto& f : info.create.foreign_keys) mark_keyed(f.columns);
}

template <class T>
ModelInfo build_model_info() {
  ModelInfo info = build_columns(quarry::detail::table_name<T>(), field_descs<T>);
  if constexpr (requires { Model<T>::constraints; })
    std::apply([&](const auto&... c) { (add_table_constraint<T>(info, c), ...); }, Model<T>::constraints);
  mark_keyed_columns(info);
  return info;
}

}  // namespace detail

/// The condition every read of T adds to its WHERE (ModelInfo::filter), or none. Internal: the
/// read path's filter stage, which default scopes and soft delete will fill from Model<T>.
template <class T>
struct ReadFilter {
  static std::optional<sql::Node> condition() { return std::nullopt; }
};

/// The lowered description of T, built on first use.
template <class T>
const ModelInfo& model_info() {
  static const ModelInfo info = [] {
    ModelInfo built = detail::build_model_info<T>();
    built.filter = ReadFilter<T>::condition();
    return built;
  }();
  return info;
}

/// The values of a row in field order; skip_auto leaves out the auto-increment key.
template <class T>
std::vector<sql::Value> row_values(const T& row, bool skip_auto) {
  std::vector<sql::Value> out;
  out.reserve(quarry::detail::field_count<T>);
  quarry::detail::for_each_field<T>([&](const auto& f) {
    if (skip_auto && f.options.auto_increment) return;
    out.push_back(quarry::detail::to_value(f.get(row)));
  });
  return out;
}

/// Whether the auto-increment key of row is unset (zero), so that the database must assign it.
template <class T>
bool key_unset(const T& row) {
  bool unset = false;
  quarry::detail::for_each_field<T>([&](const auto& f) {
    if constexpr (std::is_integral_v<quarry::detail::unwrap_optional_t<typename std::remove_cvref_t<decltype(f)>::value_type>>)
      if (f.options.auto_increment) {
        const auto& v = f.get(row);
        if constexpr (quarry::detail::is_optional_v<std::remove_cvref_t<decltype(v)>>) unset = !v || *v == 0;
        else unset = v == 0;
      }
  });
  return unset;
}

/// Checks a row before it is written: string lengths against size(n), decimals against
/// decimal(p, s), dates against what every backend stores. Throws ValidationError listing every
/// failing field.
template <class T>
void validate(const T& row) {
  std::vector<FieldError> errors;
  quarry::detail::for_each_field<T>([&](const auto& f) { quarry::detail::check_value(f, f.get(row), errors); });
  if (!errors.empty()) throw ValidationError(std::move(errors));
}

}  // namespace quarry::query
