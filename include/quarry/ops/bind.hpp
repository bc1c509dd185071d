#pragma once
/// Parameter binding derived from the statement's own slots. A shape's values are bound straight
/// from the rows (RowValues), placeholder by placeholder as the rendered statement's slots say
/// (Statement::slots), so their order is written once, by the statement itself; find_by_pk's
/// arguments bind the same way (ArgValues), and bulk inserts on dialects with array parameters
/// send one array per slot (array_params).
///
///   ops::RowValues<Book> values{rows, st.slots, st.constants};
///   executor.run(conn, st, values.binds(), on_row);
///
/// A Binds points at the *Values object it came from, so binds() is for named objects only: the
/// object must outlive the run.

#include <array>
#include <optional>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../config.hpp"
#include "../driver/statement.hpp"
#include "../error.hpp"
#include "../model/model.hpp"
#include "../query/value.hpp"  // to_param
#include "../sql/dialect.hpp"
#include "model_info.hpp"
#include "../vector.hpp"

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: error messages
#endif

namespace quarry::ops {

namespace detail {
[[noreturn, gnu::cold]] QUARRY_FUNC void nul_in_text(std::size_t row, std::string_view column);

/// For dialects whose text cannot hold a NUL byte: the row's index and the column in a
/// ValidationError, before anything is sent.
template <class F, class V>
void no_nul_in(const F& f, const V& v, std::size_t row) {
  if constexpr (quarry::detail::is_optional_v<V>) {
    if (v) no_nul_in(f, *v, row);
  } else if (v.find('\0') != std::string::npos) {
    nul_in_text(row, f.column_name());
  }
}

#ifdef QUARRY_BODIES
[[noreturn, gnu::cold]] QUARRY_FUNC void nul_in_text(std::size_t row, std::string_view column) {
  throw ValidationError({{fmt::format("[{}].{}", row, column),
                          "holds a NUL byte, which PostgreSQL text cannot store (keep binary data in a "
                          "quarry::Blob member); nothing was sent"}});
}
#endif  // QUARRY_BODIES

/// Field I of rows as one array parameter of the dialect; column is room for the values (one per
/// row, reused from column to column); at is the index of rows[0] among all the rows inserted,
/// for errors.
template <class T, std::size_t I>
sql::Value array_of(std::span<T* const> rows, quarry::detail::Vector<sql::Value>& column, const sql::Dialect& d,
                    std::size_t at) {
  const auto& f = quarry::detail::get<I>(quarry::detail::model_fields<T>);
  using V = quarry::detail::unwrap_optional_t<typename std::remove_cvref_t<decltype(f)>::value_type>;
  if constexpr (std::is_same_v<V, std::string>)
    if (!d.text_nul)
      for (std::size_t r = 0; r < rows.size(); ++r) no_nul_in(f, f.get(*rows[r]), at + r);
  for (std::size_t r = 0; r < rows.size(); ++r) column[r] = quarry::detail::to_param(f.get(*rows[r]));
  return d.array_param(model_info<T>().types[I], column);
}

}  // namespace detail

/// The parameters of InsertArrays: one array per slot of the statement, in its order.
template <class T>
quarry::detail::Vector<sql::Value> array_params(std::span<T* const> rows, std::span<const sql::Slot> slots,
                                                const sql::Dialect& d, std::size_t at = 0) {
  using Array =
      sql::Value (*)(std::span<T* const>, quarry::detail::Vector<sql::Value>&, const sql::Dialect&, std::size_t);
  static constexpr auto arrays = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<Array, sizeof...(I)>{&detail::array_of<T, I>...};
  }(std::make_index_sequence<quarry::detail::field_count<T>>{});
  quarry::detail::Vector<sql::Value> out, column(rows.size());
  out.reserve(slots.size());
  for (const auto& slot : slots) out.push_back(arrays[slot.field](rows, column, d, at));
  return out;
}

/// Binds one field's value straight from the row through the Binder's typed call for its type
/// (Binder::bind): no sql::Value in between, and text, blobs and decimals borrowed from the row,
/// which outlives the run. Only what a member may be beyond a value's own types is mapped here.
template <class V>
void bind_field(driver::Binder& to, std::size_t i, const V& v) {
  if constexpr (quarry::detail::is_optional_v<V>) {
    if (v) bind_field(to, i, *v);
    else to.bind_null(i);
  } else if constexpr (quarry::detail::has_codec<V>) {
    using S = quarry::detail::stored_t<V>;
    static_assert(quarry::detail::codec_storable_v<S>,
                  "quarry: Codec<T>::to_db returns a type a codec cannot store; return std::string, an integer, "
                  "a double or a bool");
    if constexpr (std::is_same_v<S, std::string>) to.bind_made_text(i, Codec<V>::to_db(v));  // the binder keeps a copy
    else bind_field(to, i, Codec<V>::to_db(v));
  } else if constexpr (quarry::detail::enum_by_name_v<V>) {
    to.bind(i, quarry::detail::enum_text(v));  // the enumerator's name, static text
  } else if constexpr (std::is_enum_v<V>) {
    bind_field(to, i, static_cast<std::underlying_type_t<V>>(v));
  } else if constexpr (std::is_same_v<V, bool> || std::is_same_v<V, std::string>) {
    to.bind(i, v);
  } else if constexpr (std::is_integral_v<V> && std::is_unsigned_v<V> && sizeof(V) == 8) {
    to.bind(i, static_cast<std::uint64_t>(v));
  } else if constexpr (std::is_integral_v<V>) {
    to.bind(i, static_cast<std::int64_t>(v));
  } else if constexpr (std::is_floating_point_v<V>) {
    to.bind(i, static_cast<double>(v));
  } else if constexpr (std::is_convertible_v<const V&, std::string_view>) {
    to.bind(i, std::string_view(v));
  } else {
    to.bind(i, v);  // Timestamp, Date, Blob, Decimal, Uuid
  }
}

namespace detail {
/// Binds field I of row into placeholder i.
template <class T, std::size_t I>
void bind_member(driver::Binder& to, std::size_t i, const T& row) {
  bind_field(to, i, quarry::detail::get<I>(quarry::detail::model_fields<T>).get(row));
}

/// bind_member of each field of T, by field index: what a slot's field number selects.
template <class T>
inline constexpr auto member_binders = []<std::size_t... I>(std::index_sequence<I...>) {
  return std::array<void (*)(driver::Binder&, std::size_t, const T&), sizeof...(I)>{&bind_member<T, I>...};
}(std::make_index_sequence<quarry::detail::field_count<T>>{});

}  // namespace detail

/// The values of a shape's run: placeholder i binds field slots[i].field of rows[slots[i].row],
/// or constants[i] where it is no slot (a read filter's value). The slots and constants are the
/// statement's own (Statement::slots, Statement::constants), so nothing here repeats their order.
template <class T>
struct RowValues {
  std::span<const T* const> rows;
  std::span<const sql::Slot> slots;
  std::span<const sql::Value> constants = {};

  driver::Binds binds() const&& = delete;  // it would point at a temporary
  driver::Binds binds() const& {
    return {slots.size(), this, [](const void* c, driver::Binder& to) {
              const auto& self = *static_cast<const RowValues*>(c);
              if (self.constants.empty()) {  // every placeholder a slot: the common case
                for (std::size_t i = 0; i < self.slots.size(); ++i) {
                  const auto& slot = self.slots[i];
                  detail::member_binders<T>[slot.field](to, i, *self.rows[slot.row]);
                }
                return;
              }
              for (std::size_t i = 0; i < self.slots.size(); ++i) {
                const auto& slot = self.slots[i];
                if (slot.role == sql::SlotRole::none) to.bind_value(i, self.constants[i]);
                else detail::member_binders<T>[slot.field](to, i, *self.rows[slot.row]);
              }
            }};
  }
};

/// The values of a shape with no row: its constants only (SelectAll of a filtered model).
inline driver::Binds constant_binds(const driver::Statement& st) {
  return {st.constants.size(), &st, [](const void* c, driver::Binder& to) {
            const auto& constants = static_cast<const driver::Statement*>(c)->constants;
            for (std::size_t i = 0; i < constants.size(); ++i) to.bind_value(i, constants[i]);
          }};
}

/// The values of SelectByKey<T> from find_by_pk's arguments: the key slots in order, one per
/// argument (find_by_pk checks the count and types at compile time), and the statement's
/// constants where it has them.
template <class... A>
struct ArgValues {
  std::tuple<const A&...> args;
  const driver::Statement& st;

  driver::Binds binds() const&& = delete;  // it would point at a temporary
  driver::Binds binds() const& {
    if (!st.constants.empty()) return with_constants();
    return {sizeof...(A), this, [](const void* c, driver::Binder& to) {
              const auto& args = static_cast<const ArgValues*>(c)->args;
              [&]<std::size_t... I>(std::index_sequence<I...>) {
                (bind_field(to, I, std::get<I>(args)), ...);
              }(std::index_sequence_for<A...>{});
            }};
  }

 private:
  driver::Binds with_constants() const {
    return {st.slots.size(), this, [](const void* c, driver::Binder& to) {
              const auto& self = *static_cast<const ArgValues*>(c);
              using Bind = void (*)(driver::Binder&, std::size_t, const std::tuple<const A&...>&);
              static constexpr auto by_arg = []<std::size_t... I>(std::index_sequence<I...>) {
                return std::array<Bind, sizeof...(A)>{
                    +[](driver::Binder& b, std::size_t at, const std::tuple<const A&...>& t) { bind_field(b, at, std::get<I>(t)); }...};
              }(std::index_sequence_for<A...>{});
              std::size_t arg = 0;
              for (std::size_t i = 0; i < self.st.slots.size(); ++i) {
                if (self.st.slots[i].role == sql::SlotRole::none) to.bind_value(i, self.st.constants[i]);
                else by_arg.at(arg++)(to, i, self.args);
              }
            }};
  }
};

/// The values of an UpdateWhere shape (ops/shapes.hpp) from the typed set(...) (Set: the list of
/// its assignments) and where(...): slot field i < its size binds the i-th assignment's value,
/// field size the time of the update (updated_at), size + 1 the where's value; the statement's
/// constants where it has them (a version's + 1).
template <class Set, class V>
struct SetWhereValues {
  const Set& set;
  const V& condition;
  const driver::Statement& st;

  driver::Binds binds() const&& = delete;  // it would point at a temporary
  driver::Binds binds() const& {
    return {st.slots.size(), this, [](const void* c, driver::Binder& to) {
              const auto& self = *static_cast<const SetWhereValues*>(c);
              constexpr std::size_t stamp = std::tuple_size_v<Set>;
              using Bind = void (*)(driver::Binder&, std::size_t, const Set&);
              static constexpr auto assigned = []<std::size_t... I>(std::index_sequence<I...>) {
                return std::array<Bind, stamp>{+[](driver::Binder& b, std::size_t at, const Set& t) {
                  const auto& v = quarry::detail::get<I>(t).value;
                  if constexpr (std::is_same_v<std::remove_cvref_t<decltype(v)>, std::nullopt_t>) b.bind_null(at);
                  else bind_field(b, at, v);
                }...};
              }(std::make_index_sequence<stamp>{});
              for (std::size_t i = 0; i < self.st.slots.size(); ++i) {
                const auto& slot = self.st.slots[i];
                if (slot.role == sql::SlotRole::none) to.bind_value(i, self.st.constants[i]);
                else if (slot.field < stamp) assigned[slot.field](to, i, self.set);
                else if (slot.field == stamp) to.bind(i, quarry::now());
                else bind_field(to, i, self.condition);
              }
            }};
  }
};

}  // namespace quarry::ops
