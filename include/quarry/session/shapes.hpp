#pragma once
// Statements whose SQL depends only on the model and the dialect: every column of T, by key,
// insert of one row, update and delete by key. Their text is rendered once per connection and
// the statement is found by number (driver.hpp), so the hot operations build no AST and render
// nothing per call. Only the values change: InsertValues, KeyValues, UpdateValues and ArgValues
// bind them straight from the row or the arguments (Binds).
//
// A Binds points at the *Values object it came from, so binds() is for named objects only: the
// object must outlive the run.

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "../query/statements.hpp"
#include "../driver/statement.hpp"
#include "../sql/render.hpp"

namespace quarry::detail {

template <class T>
struct SelectAll {
  static std::string sql(const sql::Dialect& d) { return sql::render(d, query::select_rows<T>()).sql; }
};

template <class T>
struct SelectByKey {
  static std::string sql(const sql::Dialect& d) {
    auto s = query::select_rows<T>();
    s.where = query::key_condition(T{});
    return sql::render(d, s).sql;
  }
};

template <class T, bool OmitKey, bool Returning>
struct InsertRow {
  static std::string sql(const sql::Dialect& d) {
    T row{};
    return sql::render(d, query::insert_rows<T>(std::span<const T>(&row, 1), OmitKey, Returning)).sql;
  }
};

/// Rows per multi-row INSERT of bulk_create: large enough that per-statement costs vanish, small
/// enough for every dialect's parameter limit and for the statement to stay in the caches. On
/// MariaDB (users of 4 columns, one core) 100 rows ran at 1.09 of 1000-row statements, 250 at
/// 1.06, 500 at 1.04 and 5000 at 0.86; SQLite did not care.
inline std::size_t chunk_rows(const sql::Dialect& d, std::size_t per_row) {
  return std::max<std::size_t>(1, std::min<std::size_t>(250, d.max_params / std::max<std::size_t>(1, per_row)));
}

/// INSERT of chunk_rows rows at once (bulk_create); a smaller last chunk is rendered as it comes.
template <class T, bool OmitKey, bool Returning>
struct InsertChunk {
  static std::string sql(const sql::Dialect& d) {
    const auto& info = query::model_info<T>();
    std::vector<T> rows(chunk_rows(d, info.columns.size() - (OmitKey ? 1 : 0)));
    return sql::render(d, query::insert_rows<T>(std::span<const T>(rows), OmitKey, Returning)).sql;
  }
};

/// INSERT of rows sent as one array per column (dialects with array_element): the same SQL
/// for any number of rows.
template <class T, bool OmitKey>
struct InsertArrays {
  static std::string sql(const sql::Dialect& d) {
    const auto& info = query::model_info<T>();
    sql::Insert ins;
    ins.table = info.table;
    for (std::size_t i = 0; i < info.columns.size(); ++i) {
      if (OmitKey && info.auto_increment == i) continue;
      ins.columns.push_back(info.columns[i]);
      ins.arrays.push_back(info.create.columns[i].type);
    }
    if (OmitKey) ins.returning = {info.columns[*info.auto_increment]};
    return sql::render(d, ins).sql;
  }
};

/// For dialects whose text cannot hold a NUL byte: the row's index and the column in a
/// ValidationError, before anything is sent.
template <class F, class V>
void no_nul_in(const F& f, const V& v, std::size_t row) {
  if constexpr (is_optional_v<V>) {
    if (v) no_nul_in(f, *v, row);
  } else if (v.find('\0') != std::string::npos) {
    throw ValidationError({{"[" + std::to_string(row) + "]." + std::string(f.column_name()),
                            "holds a NUL byte, which PostgreSQL text cannot store (keep binary data in a "
                            "quarry::Blob member); nothing was sent"}});
  }
}

/// The parameters of InsertArrays: per column, its values in rows as one array; at is the index
/// of rows[0] among all the rows inserted, for errors.
template <class T>
std::vector<sql::Value> array_params(std::span<T* const> rows, bool omit_key, const sql::Dialect& d, std::size_t at = 0) {
  const auto& info = query::model_info<T>();
  std::vector<sql::Value> out, column(rows.size());
  std::size_t index = 0;
  for_each_field<T>([&](const auto& f) {
    auto i = index++;
    if (omit_key && f.options.auto_increment) return;
    using V = unwrap_optional_t<typename std::remove_cvref_t<decltype(f)>::value_type>;
    if constexpr (std::is_same_v<V, std::string>)
      if (!d.text_nul)
        for (std::size_t r = 0; r < rows.size(); ++r) no_nul_in(f, f.get(*rows[r]), at + r);
    for (std::size_t r = 0; r < rows.size(); ++r) column[r] = to_param(f.get(*rows[r]));
    out.push_back(d.array_param(info.create.columns[i].type, column));
  });
  return out;
}

template <class T>
struct UpdateByKey {
  static std::string sql(const sql::Dialect& d) { return sql::render(d, query::update_row(T{})).sql; }
};

template <class T>
struct DeleteByKey {
  static std::string sql(const sql::Dialect& d) { return sql::render(d, query::delete_row(T{})).sql; }
};

/// Binds one field's value straight from the row: text, integers and timestamps through the
/// typed calls, anything else as its sql::Value (the same value to_param makes, holding nothing
/// that the row does not: the driver copies what it binds from such a value).
template <class V>
void bind_field(driver::Binder& to, std::size_t i, const V& v) {
  if constexpr (is_optional_v<V>) {
    if (v) bind_field(to, i, *v);
    else to.bind_null(i);
  } else if constexpr (std::is_same_v<V, std::string>) {
    to.bind_string(i, v);
  } else if constexpr (std::is_same_v<V, Timestamp>) {
    to.bind_timestamp(i, v);
  } else if constexpr (std::is_same_v<V, Blob>) {
    to.bind_blob(i, v);
  } else if constexpr (std::is_convertible_v<const V&, std::string_view>) {
    to.bind_text(i, std::string_view(v));  // borrowed from the row, which outlives the run
  } else if constexpr (std::is_integral_v<V> && !std::is_same_v<V, bool> && !(std::is_unsigned_v<V> && sizeof(V) == 8)) {
    to.bind_int64(i, static_cast<std::int64_t>(v));
  } else {
    to.bind_value(i, to_param(v));
  }
}

/// The values of an insert of rows (InsertRow, InsertChunk): every field of each row in order,
/// without the auto-increment key when omitted.
template <class T>
struct InsertValues {
  std::span<const T* const> rows;
  bool omit_key;

  driver::Binds binds() const&& = delete;  // it would point at a temporary
  driver::Binds binds() const& {
    std::size_t per_row = field_count<T> - (omit_key ? 1 : 0);
    return {rows.size() * per_row, this, [](const void* c, driver::Binder& to) {
              const auto& self = *static_cast<const InsertValues*>(c);
              std::size_t i = 0;
              for (const T* row : self.rows)
                for_each_field<T>([&](const auto& f) {
                  if (!(self.omit_key && f.options.auto_increment)) bind_field(to, i++, f.get(*row));
                });
            }};
  }
};

template <class T>
constexpr std::size_t key_count() {
  std::size_t n = 0;
  for_each_field<T>([&](const auto& f) { n += f.options.primary_key ? 1 : 0; });
  return n;
}

/// The values of SelectByKey<T> and DeleteByKey<T>: the key fields in order.
template <class T>
struct KeyValues {
  const T& row;

  driver::Binds binds() const&& = delete;  // it would point at a temporary
  driver::Binds binds() const& {
    return {key_count<T>(), this, [](const void* c, driver::Binder& to) {
              const T& row = static_cast<const KeyValues*>(c)->row;
              std::size_t i = 0;
              for_each_field<T>([&](const auto& f) {
                if (f.options.primary_key) bind_field(to, i++, f.get(row));
              });
            }};
  }
};

/// The values of SelectByKey<T> from find_by_pk's arguments, one per key column, in order.
template <class... A>
struct ArgValues {
  std::tuple<const A&...> args;

  driver::Binds binds() const&& = delete;  // it would point at a temporary
  driver::Binds binds() const& {
    return {sizeof...(A), this, [](const void* c, driver::Binder& to) {
              const auto& args = static_cast<const ArgValues*>(c)->args;
              [&]<std::size_t... I>(std::index_sequence<I...>) {
                (bind_field(to, I, std::get<I>(args)), ...);
              }(std::index_sequence_for<A...>{});
            }};
  }
};

/// The values of UpdateByKey<T>: the fields that are neither key nor created_at, then the key.
template <class T>
struct UpdateValues {
  const T& row;

  driver::Binds binds() const&& = delete;  // it would point at a temporary
  driver::Binds binds() const& {
    std::size_t set = 0;
    for_each_field<T>([&](const auto& f) { set += !f.options.primary_key && f.options.role != Role::created_at; });
    return {set + key_count<T>(), this, [](const void* c, driver::Binder& to) {
              const T& row = static_cast<const UpdateValues*>(c)->row;
              std::size_t i = 0;
              for_each_field<T>([&](const auto& f) {
                if (!f.options.primary_key && f.options.role != Role::created_at) bind_field(to, i++, f.get(row));
              });
              for_each_field<T>([&](const auto& f) {
                if (f.options.primary_key) bind_field(to, i++, f.get(row));
              });
            }};
  }
};

}  // namespace quarry::detail
