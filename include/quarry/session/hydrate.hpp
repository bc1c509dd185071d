#pragma once
// Reading columns of the current row straight into struct members and tuples.

#include <string>
#include <tuple>
#include <type_traits>
#include <utility>  // in_range
#include <vector>

#include "../model/model.hpp"
#include "../query/checks.hpp"
#include "driver.hpp"

namespace quarry::detail {

[[noreturn]] inline void null_into_non_optional(Statement& st, int i) { st.null_into_non_optional(i); }

/// n as an integer member of type I: a RangeError naming the column when it does not fit (130
/// into an std::int8_t, a negative into an unsigned), never a wrapped number.
template <class I>
I fit_integer(Statement& st, int i, std::int64_t n) {
  if constexpr (sizeof(I) < sizeof(std::int64_t) || std::is_unsigned_v<I>) {
    if (!std::in_range<I>(n)) [[unlikely]]
      st.value_out_of_range(i, std::to_string(n), integer_range<I>());
  }
  return static_cast<I>(n);
}

template <class V>
void read_value(Statement& st, int i, V& out) {
  using U = unwrap_optional_t<V>;
  // integers and strings: the NULL check and the read in one call
  if constexpr (std::is_same_v<U, std::string>) {
    std::string_view text;
    if (!st.read_text(i, text)) {
      if constexpr (is_optional_v<V>) out.reset();
      else null_into_non_optional(st, i);
    } else if constexpr (is_optional_v<V>) {
      out.emplace(text);
    } else {
      out.assign(text);
    }
  } else if constexpr (std::is_same_v<U, Timestamp>) {
    Timestamp t;
    if (st.read_timestamp(i, t)) out = t;
    else if constexpr (is_optional_v<V>) out.reset();
    else null_into_non_optional(st, i);
  } else if constexpr (std::is_integral_v<U> && !std::is_same_v<U, bool> && !(std::is_unsigned_v<U> && sizeof(U) == 8)) {
    std::int64_t n = 0;
    if (st.read_int64(i, n)) out = fit_integer<U>(st, i, n);
    else if constexpr (is_optional_v<V>) out.reset();
    else null_into_non_optional(st, i);
  } else if constexpr (is_optional_v<V>) {
    if (st.is_null(i)) {
      out.reset();
    } else {
      if (!out) out.emplace();
      read_value(st, i, *out);
    }
  } else {
    if (st.is_null(i)) null_into_non_optional(st, i);
    if constexpr (std::is_same_v<V, bool>) out = st.get_bool(i);
    else if constexpr (std::is_enum_v<V>) out = static_cast<V>(fit_integer<std::underlying_type_t<V>>(st, i, st.get_int64(i)));
    else if constexpr (std::is_integral_v<V> && std::is_unsigned_v<V> && sizeof(V) == 8) out = st.get_uint64(i);
    else if constexpr (std::is_integral_v<V>) out = fit_integer<V>(st, i, st.get_int64(i));
    else if constexpr (std::is_floating_point_v<V>) out = static_cast<V>(st.get_double(i));
    else if constexpr (std::is_same_v<V, std::string>) out.assign(st.get_text(i));
    else if constexpr (std::is_same_v<V, Blob>) out = st.get_blob(i);
    else if constexpr (std::is_same_v<V, Timestamp>) out = st.get_timestamp(i);
    else if constexpr (std::is_same_v<V, Date>) out = st.get_date(i);
    else if constexpr (std::is_same_v<V, Decimal>) out = st.get_decimal(i);
    else if constexpr (std::is_same_v<V, Uuid>) out = st.get_uuid(i);
    else static_assert(always_false<V>, "quarry: this type cannot be read from a column");
  }
}

/// A decimal read back at its declared scale (SQLite hands back 30 for 30.00).
template <class V>
void fit_scale(V& v, const FieldOptions& o) {
  if constexpr (std::is_same_v<V, Decimal>) {
    if (o.precision > 0 && v.scale() != o.scale) v = v.rescaled(o.scale);
  } else if constexpr (std::is_same_v<V, std::optional<Decimal>>) {
    if (v) fit_scale(*v, o);
  }
}

/// Reads the row's columns, in field order starting at column `first`, into a T.
template <class T>
void read_row(Statement& st, T& out, int first = 0) {
  int i = first;
  for_each_field<T>([&](const auto& f) {
    read_value(st, i++, f.get(out));
    fit_scale(f.get(out), f.options);
  });
}

/// Reads a row whose columns are named (raw SQL): each column that names a field fills it.
template <class T>
void read_row_by_name(Statement& st, T& out, std::vector<int>& mapping) {
  if (mapping.empty()) {
    mapping.assign(field_count<T>, -1);
    int n = st.column_count();
    std::size_t fi = 0;
    for_each_field<T>([&](const auto& f) {
      for (int c = 0; c < n; ++c)
        if (st.column_name(c) == f.column_name()) mapping[fi] = c;
      ++fi;
    });
  }
  std::size_t fi = 0;
  for_each_field<T>([&](const auto& f) {
    if (mapping[fi] >= 0) {
      read_value(st, mapping[fi], f.get(out));
      fit_scale(f.get(out), f.options);
    }
    ++fi;
  });
}

template <class Tuple>
void read_tuple(Statement& st, Tuple& out) {
  std::apply([&](auto&... v) {
    int i = 0;
    (read_value(st, i++, v), ...);
  }, out);
}

}  // namespace quarry::detail
