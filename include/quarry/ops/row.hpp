#pragma once
/// What the write path reads from a row of a model: its values in field order, whether the
/// database must assign its key, the defaults an insert gives it, and its validation.
///
///   ops::fill_defaults(user, quarry::now());   // role = member, joined_at = now: what was not given
///   ops::validate(book);                      // throws ValidationError listing every failing field

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>  // in_range, swap
#include <variant>
#include <vector>

#include "../error.hpp"
#include "../model/model.hpp"
#include "../query/checks.hpp"  // check_value
#include "../query/value.hpp"   // to_value
#include "../vector.hpp"

namespace quarry::ops {

/// The values of a row in field order; skip_auto leaves out the auto-increment key.
template <class T>
quarry::detail::Vector<sql::Value> row_values(const T& row, bool skip_auto) {
  quarry::detail::Vector<sql::Value> out;
  out.reserve(quarry::detail::field_count<T>);
  quarry::detail::for_each_field<T>([&](const auto& f) {
    if (skip_auto && f.options.auto_increment) return;
    out.push_back(quarry::detail::to_value(f.get(row)));
  });
  return out;
}

/// About how many bytes row's values take on the wire: each text and blob member its size, any
/// other member 8 (a codec's member counts as 8 too: its text is made only when it is bound).
/// What keeps a multi-row INSERT under a server's packet limit (sql::Dialect::max_statement_bytes).
template <class T>
std::size_t value_bytes(const T& row) {
  std::size_t n = 0;
  quarry::detail::for_each_field<T>([&](const auto& f) {
    const auto& v = f.get(row);
    using V = std::remove_cvref_t<decltype(v)>;
    if constexpr (std::is_same_v<V, std::string> || std::is_same_v<V, Blob>) n += v.size() + 8;
    else if constexpr (std::is_same_v<V, std::optional<std::string>> || std::is_same_v<V, std::optional<Blob>>)
      n += (v ? v->size() : 0) + 8;
    else n += 8;
  });
  return n;
}

namespace detail {
/// Sets member m to v when v holds a value of m's kind (what a where(...) compared m's column
/// with); returns whether it did. (V is sql::Value, a parameter so that the variant's lookups below
/// are compiled where this is used, not in every file: clang compiles a constexpr function as soon
/// as a template's non-dependent code names it.)
template <class M, class V = sql::Value>
bool assign_value(M& m, const V& v) {
  auto text = [&]() -> std::optional<std::string_view> {
    if (auto* s = std::get_if<std::string>(&v)) return std::string_view(*s);
    if (auto* s = std::get_if<std::string_view>(&v)) return *s;
    return std::nullopt;
  };
  if constexpr (quarry::detail::is_optional_v<M>) {
    if (std::holds_alternative<sql::Null>(v)) {
      m.reset();
      return true;
    }
    typename M::value_type inner{};
    if (!assign_value(inner, v)) return false;
    m = std::move(inner);
    return true;
  } else if constexpr (std::is_same_v<M, bool>) {
    if (auto* b = std::get_if<bool>(&v)) return m = *b, true;
  } else if constexpr (quarry::detail::enum_by_name_v<M>) {
    if (auto name = text())
      if (auto e = quarry::detail::EnumNames<M>::value(*name)) return m = *e, true;
  } else if constexpr (std::is_enum_v<M>) {
    if (auto* i = std::get_if<std::int64_t>(&v)) return m = static_cast<M>(*i), true;
  } else if constexpr (std::is_integral_v<M>) {
    // (in_range takes no char: its signed or unsigned twin)
    using N = std::conditional_t<std::is_signed_v<M>, std::make_signed_t<M>, std::make_unsigned_t<M>>;
    if (auto* i = std::get_if<std::int64_t>(&v); i && std::in_range<N>(*i)) return m = static_cast<M>(*i), true;
    if (auto* u = std::get_if<std::uint64_t>(&v); u && std::in_range<N>(*u)) return m = static_cast<M>(*u), true;
  } else if constexpr (std::is_floating_point_v<M>) {
    if (auto* d = std::get_if<double>(&v)) return m = static_cast<M>(*d), true;
    if (auto* i = std::get_if<std::int64_t>(&v)) return m = static_cast<M>(*i), true;
  } else if constexpr (std::is_same_v<M, std::string>) {
    if (auto t = text()) return m = std::string(*t), true;
  } else if constexpr (std::is_same_v<M, Decimal>) {
    if (auto* d = std::get_if<Decimal>(&v)) return m = *d, true;
    if (auto* i = std::get_if<std::int64_t>(&v)) return m = Decimal(*i), true;
  } else if constexpr (std::is_same_v<M, Blob> || std::is_same_v<M, Timestamp> || std::is_same_v<M, Date> ||
                       std::is_same_v<M, Uuid>) {
    if (auto* x = std::get_if<M>(&v)) return m = *x, true;
  }
  return false;
}
}  // namespace detail

/// Sets each member of row that where tests for equality with a value (col<&T::m> == v, in the
/// conditions ANDed at its top) to that value: the row find_or_build builds, as Sequelize's
/// findOrBuild builds its row from the where's attributes. Other conditions are left out.
template <class T>
void assign_equalities(T& row, const sql::Node& where) {
  using K = sql::Node::Kind;
  if (where.kind != K::binary) return;
  if (where.op == sql::Op::and_) {
    assign_equalities(row, where.args[0]);
    assign_equalities(row, where.args[1]);
    return;
  }
  if (where.op != sql::Op::eq) return;
  const sql::Node* column = &where.args[0];
  const sql::Node* value = &where.args[1];
  if (column->kind != K::column) std::swap(column, value);
  if (column->kind != K::column || value->kind != K::param) return;
  quarry::detail::for_each_field<T>([&](const auto& f) {
    if (f.column_name() == column->name) ops::detail::assign_value(f.get(row), value->value);
  });
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

/// Whether validate can ever reject a row of T (decided at compile time from its fields and
/// Model<T>::validate): a model whose rows always fit pays nothing for validation.
template <class T>
inline constexpr bool validates_v = quarry::detail::declares_validators<T> || [] {
  return []<std::size_t... I>(std::index_sequence<I...>) {
    return (quarry::detail::may_reject_own(quarry::detail::get<I>(quarry::detail::model_fields<T>)) || ...);
  }(std::make_index_sequence<quarry::detail::field_count<T>>{});
}();

namespace detail {
/// Whether an insert gives field f its declared default: a default is declared, and the field is
/// neither a maintained timestamp (stamped instead) nor an auto-increment key.
constexpr bool fills(const quarry::detail::FieldOptions& o) {
  return o.default_value.kind != quarry::detail::DefaultValue::Kind::none && o.role == quarry::detail::Role::plain &&
         !o.auto_increment;
}

/// The indexes of T's fields that an insert may give a default, in field order.
template <class T>
consteval auto default_fields() {
  constexpr const auto& options = quarry::detail::field_options<T>;
  constexpr std::size_t n = [] {
    std::size_t k = 0;
    for (const auto& o : options) k += fills(o);
    return k;
  }();
  std::array<std::size_t, n> out{};
  std::size_t k = 0;
  for (std::size_t i = 0; i < options.size(); ++i)
    if (fills(options[i])) out[k++] = i;
  return out;
}

/// How many fields an insert may give a default on a row of T: none on a const row.
template <class T>
inline constexpr std::size_t default_count = std::is_const_v<T> ? 0 : default_fields<std::remove_const_t<T>>().size();

/// A row as T{} makes it: what a member holds when the program did not give it a value.
template <class T>
const T& blank_row() {
  static const T blank{};
  return blank;
}

/// The declared default d as a value of U (a member's type, std::optional removed); the option
/// checked at compile time that d's kind fits U.
template <class U>
U default_of(const quarry::detail::DefaultValue& d, Timestamp now) {
  using Kind = quarry::detail::DefaultValue::Kind;
  if constexpr (std::is_same_v<U, Timestamp>) return now;
  else if constexpr (std::is_same_v<U, Date>) return Date{std::chrono::floor<std::chrono::days>(now)};
  else if constexpr (std::is_same_v<U, Uuid>) return Uuid::random();
  else if constexpr (std::is_same_v<U, bool>) return d.integer != 0;
  else if constexpr (std::is_enum_v<U> || std::is_integral_v<U>) return static_cast<U>(d.integer);
  else if constexpr (std::is_floating_point_v<U>) return d.kind == Kind::real ? static_cast<U>(d.real) : static_cast<U>(d.integer);
  else if constexpr (std::is_same_v<U, std::string>) return std::string(d.text);
  else if constexpr (std::is_same_v<U, Decimal>) return d.kind == Kind::text ? Decimal(d.text) : Decimal(d.integer);
  else return U{};  // no default fits the rest (Blob)
}
}  // namespace detail

/// Gives each member of row that has a declared default and was not given a value its default:
/// the value, now (quarry::Timestamp, or today in UTC for a quarry::Date), or a random
/// quarry::Uuid. A member was not given a value when it still holds what it holds in a row made
/// as T{} (0, "", false, the epoch, the nil UUID, std::nullopt, or its default member
/// initializer). Returns which of the defaults (by their place in detail::default_fields<T>) it
/// gave, for unfill_defaults. Nothing for a model that declares no default.
template <class T>
std::uint64_t fill_defaults(T& row, Timestamp now) {
  std::uint64_t filled = 0;
  if constexpr (detail::default_count<T> > 0) {
    static_assert(detail::default_count<T> <= 64, "quarry: a model may declare at most 64 defaults");
    constexpr auto fields = detail::default_fields<T>();
    const T& blank = detail::blank_row<T>();
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      ([&] {
        const auto& f = quarry::detail::get<fields[K]>(quarry::detail::model_fields<T>);
        using V = typename std::remove_cvref_t<decltype(f)>::value_type;
        auto& member = f.get(row);
        if (!(member == f.get(blank))) return;
        member = V{detail::default_of<quarry::detail::unwrap_optional_t<V>>(f.options.default_value, now)};
        filled |= std::uint64_t{1} << K;
      }(), ...);
    }(std::make_index_sequence<fields.size()>{});
  }
  return filled;
}

/// Puts back the members fill_defaults gave a default (filled, as it returned): each to what it
/// held, its value in T{}.
template <class T>
void unfill_defaults(T& row, std::uint64_t filled) {
  if constexpr (detail::default_count<T> > 0) {
    constexpr auto fields = detail::default_fields<T>();
    const T& blank = detail::blank_row<T>();
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      ((filled >> K & 1 ? void(quarry::detail::get<fields[K]>(quarry::detail::model_fields<T>).get(row) =
                                   quarry::detail::get<fields[K]>(quarry::detail::model_fields<T>).get(blank))
                        : void()),
       ...);
    }(std::make_index_sequence<fields.size()>{});
  }
}

/// Whether row's primary key is one that an insert generates (a field of the key with
/// default_random_uuid) and it still holds its value in T{}: save then inserts the row, as it
/// does one whose auto-increment key is unset. False, at compile time, for other models.
template <class T>
bool key_to_generate([[maybe_unused]] const T& row) {
  bool out = false;
  if constexpr (detail::default_count<T> > 0) {
    quarry::detail::for_each_field<T>([&](const auto& f) {
      using V = typename std::remove_cvref_t<decltype(f)>::value_type;
      if constexpr (std::is_same_v<quarry::detail::unwrap_optional_t<V>, Uuid>)
        if (f.options.primary_key && f.options.default_value.kind == quarry::detail::DefaultValue::Kind::random_uuid)
          out = out || f.get(row) == f.get(detail::blank_row<T>());
    });
  }
  return out;
}

/// Checks a row before it is written: string lengths against size(n), decimals against
/// decimal(p, s), dates against what every backend stores, then the validators its Model<T>
/// declares (Model<T>::validate). Throws ValidationError listing every failure.
template <class T>
void validate([[maybe_unused]] const T& row) {
  if constexpr (quarry::detail::ModelCheck<T>::ok && validates_v<T>) {
    std::vector<FieldError> errors;
    quarry::detail::for_each_field<T>([&](const auto& f) { quarry::detail::check_value(f, f.get(row), errors); });
    quarry::detail::check_declared(row, errors);
    if (!errors.empty()) throw ValidationError(std::move(errors));
  }
}

}  // namespace quarry::ops
