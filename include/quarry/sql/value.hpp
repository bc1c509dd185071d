#pragma once
/// A bound parameter value: what travels beside the SQL text, never inside it.

#include <charconv>  // to_chars
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>  // forward
#include <variant>
#include <vector>

#include "../config.hpp"
#include "../types.hpp"
#include "../vector.hpp"

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: describe's text for logs
#endif

namespace quarry::sql {

using Null = std::monostate;
/// The last alternative, std::string_view, is text borrowed from a row that outlives the
/// statement (inserts and updates of whole rows); everything else owns its value.
using ValueVariant = std::variant<Null, bool, std::int64_t, std::uint64_t, double, std::string, Blob, Timestamp,
                                  Date, Decimal, Uuid, std::string_view>;

namespace detail {
/// The alternative of ValueVariant that its converting constructor takes a T into (P0608: the
/// best of the alternatives that T converts to without narrowing), as an overload set; Value's
/// converting constructor names it, so that what it calls is one of the constructors below.
template <class A, class T>
concept takes_without_narrowing = requires(T&& t) { std::type_identity_t<A[]>{std::forward<T>(t)}; };
template <class A>
struct Alternative {
  template <class T>
    requires takes_without_narrowing<A, T>
  static A pick(A, std::type_identity<T>);
};
template <class V>
struct Alternatives;
template <class... A>
struct Alternatives<std::variant<A...>> : Alternative<A>... {
  using Alternative<A>::pick...;
};
template <class T>
using alternative_for = decltype(Alternatives<ValueVariant>::pick(std::declval<T>(), std::type_identity<T>{}));
}  // namespace detail

/// A std::variant (std::get, std::get_if, std::holds_alternative, std::visit and == take it as
/// one) whose construction, copies, moves and destruction are declared here and defined once:
/// the variant's visitation tables behind them were a tenth of what including quarry costs a
/// file, and with QUARRY_COMPILED they are compiled in the library alone (a constructor of the
/// variant itself, defined in a file, would name its destructor there: hence a constructor per
/// alternative instead of the variant's inherited ones). Unlike a std::variant it has no
/// std::variant_size or std::hash, and std::visit takes it from libstdc++ 11.3 and libc++ 13
/// (P2162); ValueVariant is the plain variant where one is needed.
struct Value : ValueVariant {
  Value() noexcept;
  Value(Null) noexcept;
  Value(bool v) noexcept;
  Value(std::int64_t v) noexcept;
  Value(std::uint64_t v) noexcept;
  Value(double v) noexcept;
  Value(std::string&& v) noexcept;
  Value(const std::string& v);
  Value(Blob&& v) noexcept;
  Value(const Blob& v);
  Value(Timestamp v) noexcept;
  Value(Date v) noexcept;
  Value(Decimal&& v) noexcept;
  Value(const Decimal& v);
  Value(Uuid v) noexcept;
  Value(std::string_view v) noexcept;
  Value(const ValueVariant& v);
  Value(ValueVariant&& v) noexcept;
  /// Any other T as the variant takes it: the alternative its converting constructor would pick
  /// (Value(7) holds an int64, Value(2.5f) a double), converted, then one of the above.
  template <class T>
    requires(!std::is_same_v<std::remove_cvref_t<T>, Value> &&
             !std::is_same_v<std::remove_cvref_t<T>, detail::alternative_for<T>>)
  Value(T&& v) noexcept(std::is_nothrow_constructible_v<detail::alternative_for<T>, T>)
      : Value(detail::alternative_for<T>(std::forward<T>(v))) {}
  /// What the variant takes in no alternative (a pointer, a string literal: std::string or
  /// std::string_view, unsigned) does not compile, rather than become a bool through Value(bool).
  template <class T>
    requires(!std::is_base_of_v<ValueVariant, std::remove_cvref_t<T>> && !requires { typename detail::alternative_for<T>; })
  Value(T&&) = delete;
  /// An alternative's value, as a std::variant takes it (v = 7, v = "text"s, v = Null{}).
  template <class T>
    requires(!std::is_same_v<std::remove_cvref_t<T>, Value> && std::is_constructible_v<Value, T>)
  Value& operator=(T&& v) noexcept(std::is_nothrow_constructible_v<Value, T>) {
    return *this = Value(std::forward<T>(v));
  }
  Value(const Value& other);
  Value(Value&& other) noexcept;
  Value& operator=(const Value& other);
  Value& operator=(Value&& other) noexcept;
  ~Value();
};
#ifdef QUARRY_BODIES
QUARRY_FUNC Value::Value() noexcept = default;
QUARRY_FUNC Value::Value(Null) noexcept {}
QUARRY_FUNC Value::Value(bool v) noexcept : ValueVariant(std::in_place_type<bool>, v) {}
QUARRY_FUNC Value::Value(std::int64_t v) noexcept : ValueVariant(std::in_place_type<std::int64_t>, v) {}
QUARRY_FUNC Value::Value(std::uint64_t v) noexcept : ValueVariant(std::in_place_type<std::uint64_t>, v) {}
QUARRY_FUNC Value::Value(double v) noexcept : ValueVariant(std::in_place_type<double>, v) {}
QUARRY_FUNC Value::Value(std::string&& v) noexcept : ValueVariant(std::in_place_type<std::string>, std::move(v)) {}
QUARRY_FUNC Value::Value(const std::string& v) : ValueVariant(std::in_place_type<std::string>, v) {}
QUARRY_FUNC Value::Value(Blob&& v) noexcept : ValueVariant(std::in_place_type<Blob>, std::move(v)) {}
QUARRY_FUNC Value::Value(const Blob& v) : ValueVariant(std::in_place_type<Blob>, v) {}
QUARRY_FUNC Value::Value(Timestamp v) noexcept : ValueVariant(std::in_place_type<Timestamp>, v) {}
QUARRY_FUNC Value::Value(Date v) noexcept : ValueVariant(std::in_place_type<Date>, v) {}
QUARRY_FUNC Value::Value(Decimal&& v) noexcept : ValueVariant(std::in_place_type<Decimal>, std::move(v)) {}
QUARRY_FUNC Value::Value(const Decimal& v) : ValueVariant(std::in_place_type<Decimal>, v) {}
QUARRY_FUNC Value::Value(Uuid v) noexcept : ValueVariant(std::in_place_type<Uuid>, v) {}
QUARRY_FUNC Value::Value(std::string_view v) noexcept : ValueVariant(std::in_place_type<std::string_view>, v) {}
QUARRY_FUNC Value::Value(const ValueVariant& v) : ValueVariant(v) {}
QUARRY_FUNC Value::Value(ValueVariant&& v) noexcept : ValueVariant(std::move(v)) {}
QUARRY_FUNC Value::Value(const Value& other) = default;
QUARRY_FUNC Value::Value(Value&& other) noexcept = default;
QUARRY_FUNC Value& Value::operator=(const Value& other) = default;
QUARRY_FUNC Value& Value::operator=(Value&& other) noexcept = default;
QUARRY_FUNC Value::~Value() = default;
#endif  // QUARRY_BODIES

/// The shortest text that reads back as the same double: how a double travels as text on every
/// path (a bound parameter, an array element, a DEFAULT, a log).
inline std::string double_text(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, ec == std::errc{} ? end : buf);
}

/// Text for logs: strings quoted, blobs by size. Never used to build SQL.
QUARRY_FUNC std::string describe(const Value& v);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string describe(const Value& v) {
  struct Visitor {
    std::string operator()(Null) const { return "NULL"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(std::uint64_t u) const { return std::to_string(u); }
    std::string operator()(double d) const { return double_text(d); }
    std::string operator()(const std::string& s) const { return fmt::format("'{}'", s); }
    std::string operator()(std::string_view s) const { return fmt::format("'{}'", s); }
    std::string operator()(const Blob& b) const { return fmt::format("<{} bytes>", b.size()); }
    std::string operator()(Timestamp t) const { return fmt::format("'{}'", quarry::detail::format_timestamp(t)); }
    std::string operator()(Date d) const { return fmt::format("'{}'", quarry::detail::format_date(d)); }
    std::string operator()(const Decimal& d) const { return d.to_string(); }
    std::string operator()(const Uuid& u) const { return fmt::format("'{}'", u.to_string()); }
  };
  return std::visit(Visitor{}, v);
}
#endif  // QUARRY_BODIES

/// What a placeholder binds in a statement rendered once per model (a shape: insert a row, find
/// or update by key...): field `field` (its index in the model) of row `row` of the rows given at
/// run time. The renderer lists the slots in placeholder order (Rendered::slots), so the order of
/// a shape's values is written once, by the statement itself, and its binding is derived from it.
enum class SlotRole : std::uint8_t {
  none,   // not a slot: a value of Rendered::params
  value,  // the field's value: a column inserted or set
  key,    // the field's value as a key: WHERE "id" = ?
  array,  // the field's values of every row as one array (Insert::arrays)
};
struct Slot {
  std::uint32_t field = 0;
  std::uint32_t row = 0;
  SlotRole role = SlotRole::none;
  friend bool operator==(const Slot&, const Slot&) = default;
};

/// SQL text with its placeholders, and the values to bind to them in order. When a placeholder
/// is a slot, `slots` has one entry per placeholder (role none for those that are values) and the
/// params of the slots are NULL; otherwise `slots` is empty.
struct Rendered {
  std::string sql;
  std::vector<Value> params;
  quarry::detail::Vector<Slot> slots{};
};

}  // namespace quarry::sql
