#pragma once
/// Hydration: the columns of the current row read straight into struct members and tuples,
/// through the statement's one family of typed reads; no map and no variant per row.
///
///   ops::read_row(st, out.emplace_back());   // columns in field order into a Book

#include <array>
#include <cstddef>
#include <exception>
#include <memory>  // construct_at
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>  // in_range
#include <vector>

#include "../config.hpp"
#include "../driver/statement.hpp"
#include "../model/model.hpp"
#include "../model/transforms.hpp"
#include "../query/checks.hpp"  // integer_range
#include "../vector.hpp"

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: the messages of the cold error paths
#endif

namespace quarry::ops {

namespace detail {
// The messages of the cold paths below, formatted out of line (no fmt in the templates).
[[noreturn, gnu::cold]] QUARRY_FUNC void no_such_label(driver::Statement& st, int i, std::string_view text,
                                                       std::string_view type,
                                                       std::span<const std::string_view> labels);
[[noreturn, gnu::cold]] QUARRY_FUNC void codec_failed(driver::Statement& st, int i, std::string_view shown,
                                                      std::string_view type, const char* what);

#ifdef QUARRY_BODIES
[[noreturn, gnu::cold]] QUARRY_FUNC void no_such_label(driver::Statement& st, int i, std::string_view text,
                                                       std::string_view type,
                                                       std::span<const std::string_view> labels) {
  std::string names;
  for (std::size_t k = 0; k < labels.size(); ++k) names.append(k ? ", " : "").append(labels[k]);
  st.not_convertible(i, text, fmt::format("an enumerator of {} ({})", type, names));
}

[[noreturn, gnu::cold]] QUARRY_FUNC void codec_failed(driver::Statement& st, int i, std::string_view shown,
                                                      std::string_view type, const char* what) {
  st.not_convertible(i, shown, fmt::format("what the codec of {} reads ({})", type, what));
}
#endif  // QUARRY_BODIES

[[noreturn]] inline void null_into_non_optional(driver::Statement& st, int i) { st.null_into_non_optional(i); }

template <class I>
[[noreturn, gnu::cold, gnu::noinline]] void integer_out_of_range(driver::Statement& st, int i, std::int64_t n) {
  st.value_out_of_range(i, std::to_string(n), quarry::detail::integer_range<I>());
}

/// n as an integer member of type I: a RangeError naming the column when it does not fit (130
/// into an std::int8_t, a negative into an unsigned), never a wrapped number. The error is built
/// out of line, so that a read that fits saves no registers for it.
template <class I>
I fit_integer(driver::Statement& st, int i, std::int64_t n) {
  if constexpr (sizeof(I) < sizeof(std::int64_t) || std::is_unsigned_v<I>) {
    if (!std::in_range<I>(n)) [[unlikely]]
      integer_out_of_range<I>(st, i, n);
  }
  return static_cast<I>(n);
}

/// Column i holds text that names no enumerator of E: a ConversionError naming the column and the
/// names it could hold.
template <class E>
[[noreturn, gnu::cold, gnu::noinline]] void no_such_enumerator(driver::Statement& st, int i, std::string_view text) {
  no_such_label(st, i, text, quarry::detail::type_name<E>(), quarry::detail::EnumNames<E>::labels);
}

/// The value of column i, read as stored, into out through its codec (model/codec.hpp); a codec
/// that throws is a ConversionError naming the column and what the codec said.
template <class V, class S>
[[gnu::noinline]] void decode(driver::Statement& st, int i, S& stored, V& out) {
  try {
    out = Codec<V>::from_db(stored);  // an lvalue: still there for the message should it throw
  } catch (const quarry::Error&) {
    throw;
  } catch (const std::exception& e) {
    std::string shown;
    if constexpr (std::is_same_v<S, std::string>) shown = stored;
    codec_failed(st, i, shown, quarry::detail::type_name<V>(), e.what());
  }
}

/// Reads column i into out through the statement's one family of typed reads; false for NULL
/// (out is then left as it was). Inlined into read_row with the reads of the cells, whatever
/// the compiler's estimate (a call per column cost 27 instructions a row of bench/ c on
/// MariaDB); with QUARRY_COMPILED, into read_value_shared for a column that is not a number.
template <class V>
[[gnu::always_inline]] inline bool read_into(driver::Statement& st, int i, V& out) {
  if constexpr (quarry::detail::has_codec<V>) {
    quarry::detail::stored_t<V> stored{};
    if (!read_into(st, i, stored)) return false;
    decode(st, i, stored, out);
    return true;
  } else if constexpr (std::is_same_v<V, std::string>) {
    std::string_view text;
    if (!st.read(i, text)) return false;
    if (out.capacity() == std::string().capacity()) {
      // out holds nothing on the heap (a fresh row's string; libstdc++, libc++ and MSVC give a
      // string on the heap more capacity than the inline one): the new string is built over it,
      // with no move and no release (54 instructions fewer a row of bench/ c on MariaDB, two
      // strings a row); should the allocation fail, out is an empty string again
      try {
        std::construct_at(&out, text);
      } catch (...) {
        std::construct_at(&out);
        throw;
      }
    } else if (text.size() > out.capacity()) {
      out = std::string(text);  // a string of its size, not one grown by assign's rule
    } else {  // clear and append: cheaper than assign's general replace (about 25 instructions)
      out.clear();
      out.append(text);
    }
    return true;
  } else if constexpr (std::is_same_v<V, bool> || std::is_same_v<V, double> || std::is_same_v<V, Blob> ||
                       std::is_same_v<V, Timestamp> || std::is_same_v<V, Date> || std::is_same_v<V, Decimal> ||
                       std::is_same_v<V, Uuid> || std::is_same_v<V, std::uint64_t> ||
                       std::is_same_v<V, std::int64_t>) {
    return st.read(i, out);
  } else if constexpr (quarry::detail::enum_by_name_v<V>) {
    std::string_view text;
    if (!st.read(i, text)) return false;
    auto v = quarry::detail::EnumNames<V>::value(text);
    if (!v) [[unlikely]]
      no_such_enumerator<V>(st, i, text);
    out = *v;
    return true;
  } else if constexpr (std::is_enum_v<V>) {
    std::int64_t n = 0;
    if (!st.read(i, n)) return false;
    out = static_cast<V>(fit_integer<std::underlying_type_t<V>>(st, i, n));
    return true;
  } else if constexpr (std::is_integral_v<V> && std::is_unsigned_v<V> && sizeof(V) == 8) {
    std::uint64_t n = 0;
    if (!st.read(i, n)) return false;
    out = static_cast<V>(n);
    return true;
  } else if constexpr (std::is_integral_v<V>) {
    std::int64_t n = 0;
    if (!st.read(i, n)) return false;
    out = fit_integer<V>(st, i, n);
    return true;
  } else if constexpr (std::is_floating_point_v<V>) {
    double d = 0;
    if (!st.read(i, d)) return false;
    out = static_cast<V>(d);
    return true;
  } else {
    static_assert(quarry::detail::always_false<V>, "quarry: this type cannot be read from a column");
    return false;
  }
}
}  // namespace detail

/// Reads column i into out: NULL into a std::optional resets it, into anything else is a
/// ConversionError naming the column.
template <class V>
[[gnu::always_inline]] inline void read_value(driver::Statement& st, int i, V& out) {
  if constexpr (quarry::detail::is_optional_v<V>) {
    if (!out) out.emplace();
    if (!detail::read_into(st, i, *out)) out.reset();
  } else {
    if (!detail::read_into(st, i, out)) [[unlikely]]
      detail::null_into_non_optional(st, i);
  }
}

namespace detail {
/// read_value, once per column type: what a model's readers (read_row, read_fields,
/// read_row_by_name, read_tuple) call for a field that is not a number or bool with
/// QUARRY_COMPILED, compiled once in the library for the common types. Header-only, every field's
/// read is inlined into its model's reader: the backends' virtual reads are then visible to the
/// compiler too (g++ devirtualizes them), and bench/ c and c' rest on that. With the compiled
/// libraries only driver::Statement's inline cell fast paths are, and a reader per type instead
/// of code per field makes bench/compile's typical file smaller and faster to compile, for a few
/// percent of c and c' (docs/performance.md, Build cost).
template <class V>
[[gnu::noinline]] void read_value_shared(driver::Statement& st, int i, V& out) {
  read_value(st, i, out);
}

#ifdef QUARRY_COMPILED
inline constexpr bool shared_readers = true;
#else
inline constexpr bool shared_readers = false;
#endif

/// How a model's readers read one field (see read_value_shared).
template <class V>
[[gnu::always_inline]] inline void read_field(driver::Statement& st, int i, V& out) {
  if constexpr (!shared_readers || std::is_arithmetic_v<V>) read_value(st, i, out);
  else read_value_shared(st, i, out);
}

#ifdef QUARRY_COMPILED
// The readers of the common column types, compiled in the library (QUARRY_IMPLEMENTATION).
#define QUARRY_SHARED_READERS(X)                                                                                \
  X(std::string) X(std::optional<std::string>) X(Timestamp) X(std::optional<Timestamp>) X(Date)                 \
  X(std::optional<Date>) X(Decimal) X(std::optional<Decimal>) X(Blob) X(std::optional<Blob>) X(Uuid)            \
  X(std::optional<Uuid>) X(std::optional<std::int64_t>) X(std::optional<std::int32_t>) X(std::optional<bool>)   \
  X(std::optional<double>)
#define QUARRY_READER(V) extern template void read_value_shared<V>(driver::Statement&, int, V&);
QUARRY_SHARED_READERS(QUARRY_READER)
#undef QUARRY_READER
#ifdef QUARRY_IMPLEMENTATION
#define QUARRY_READER(V) template void read_value_shared<V>(driver::Statement&, int, V&);
QUARRY_SHARED_READERS(QUARRY_READER)
#undef QUARRY_READER
#endif
#undef QUARRY_SHARED_READERS
#endif  // QUARRY_COMPILED

/// A decimal read back at its declared scale (SQLite hands back 30 for 30.00).
template <class V>
void fit_scale(V& v, const quarry::detail::FieldOptions& o) {
  if constexpr (std::is_same_v<V, Decimal>) {
    if (o.precision > 0 && v.scale() != o.scale) v = v.rescaled(o.scale);
  } else if constexpr (std::is_same_v<V, std::optional<Decimal>>) {
    if (v) fit_scale(*v, o);
  }
}
}  // namespace detail

namespace detail {
template <class T>
inline constexpr auto every_field = [] {
  std::array<bool, quarry::detail::field_count<T>> m{};
  for (auto& b : m) b = true;
  return m;
}();
}  // namespace detail

/// Reads the row's columns, starting at column `first`, into the fields of a T that Mask marks
/// (a constexpr std::array<bool, field count> in field order, ops::fields_read), in field order;
/// the other members are left as they are. The mask is a template argument: what a row costs
/// does not depend on it. (A reference to a named constant, not the array's value: GCC 12 takes
/// some std::array values that differ for the same template argument.)
template <const auto& Mask, class T>
void read_fields(driver::Statement& st, T& out, int first = 0) {
  int i = first;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    [[maybe_unused]] auto one = [&]<std::size_t K>(std::integral_constant<std::size_t, K>) {
      if constexpr (Mask[K]) {
        const auto& f = quarry::detail::get<K>(quarry::detail::model_fields<T>);
        detail::read_field(st, i++, f.get(out));
        detail::fit_scale(f.get(out), f.options);
      }
    };
    (one(std::integral_constant<std::size_t, I>{}), ...);
  }(std::make_index_sequence<quarry::detail::field_count<T>>{});
  quarry::detail::apply_transforms<quarry::detail::Way::read>(out);  // Model<T>'s on_read: none, no code
}

/// Reads the row's columns, in field order starting at column `first`, into a T: every field
/// but the hidden ones, what a read that names no columns selects.
template <class T>
void read_row(driver::Statement& st, T& out, int first = 0) {
  if constexpr (quarry::detail::has_hidden_v<T>) {
    read_fields<quarry::detail::read_by_default<T>>(st, out, first);
  } else {  // every field: the loop every read of such a model ran before partial rows existed
    int i = first;
    quarry::detail::for_each_field<T>([&](const auto& f) {
      detail::read_field(st, i++, f.get(out));
      detail::fit_scale(f.get(out), f.options);
    });
    quarry::detail::apply_transforms<quarry::detail::Way::read>(out);  // Model<T>'s on_read: none, no code
  }
}

/// Reads every field of T, the hidden ones too (an upsert's RETURNING of every column).
template <class T>
void read_every_field(driver::Statement& st, T& out) {
  read_fields<detail::every_field<T>>(st, out);
}

/// Reads a row whose columns are named (raw SQL): each column that names a field fills it.
template <class T>
void read_row_by_name(driver::Statement& st, T& out, quarry::detail::Vector<int>& mapping) {
  if (mapping.empty()) {
    mapping.assign(quarry::detail::field_count<T>, -1);
    int n = st.column_count();
    std::size_t fi = 0;
    quarry::detail::for_each_field<T>([&](const auto& f) {
      for (int c = 0; c < n; ++c)
        if (st.column_name(c) == f.column_name()) mapping[fi] = c;
      ++fi;
    });
  }
  std::size_t fi = 0;
  quarry::detail::for_each_field<T>([&](const auto& f) {
    if (mapping[fi] >= 0) {
      detail::read_field(st, mapping[fi], f.get(out));
      detail::fit_scale(f.get(out), f.options);
    }
    ++fi;
  });
  quarry::detail::apply_transforms<quarry::detail::Way::read>(out);
}

/// Reads the row's columns, in order, into the members of a tuple.
template <class Tuple>
void read_tuple(driver::Statement& st, Tuple& out) {
  std::apply([&](auto&... v) {
    int i = 0;
    (detail::read_field(st, i++, v), ...);
  }, out);
}

}  // namespace quarry::ops
