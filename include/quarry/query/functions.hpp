#pragma once
/// SQL functions in typed expressions: each takes columns, values or other expressions and
/// gives an expression of the type its result has, usable in where, order_by, columns,
/// group_by, having and set; each dialect spells it (sql::Functions, docs/queries.md).
///
///   where(lower(col<&User::email>) == "ada@example.com")
///   columns(extract(quarry::DatePart::year, col<&Book::created_at>), count())
///   set(col<&Book::title> = trim(col<&Book::title>))
///   fn<double>("similarity", col<&Book::title>, "engines")       // a function quarry does not know
///   sql<bool>("\"stock\" % ? = 0", 2)                               // raw SQL, values bound

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "../config.hpp"
#include "../vector.hpp"
#include "expr.hpp"

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: error messages
#endif

namespace quarry {
/// The part of a date or timestamp that extract(part, e) reads.
enum class DatePart : std::uint8_t { year, month, day, hour, minute, second };
}  // namespace quarry

namespace quarry::query::functions {

namespace detail {
using quarry::detail::Category;
template <class E> using plain = quarry::detail::unwrap_optional_t<std::decay_t<value_of<E>>>;
template <class E> inline constexpr bool nullable = quarry::detail::is_optional_v<std::decay_t<value_of<E>>>;
template <class E> inline constexpr Category category_of = quarry::detail::category<value_of<E>>();
template <class E> inline constexpr bool text = category_of<E> == Category::text;
template <class E>
inline constexpr bool number = category_of<E> == Category::number || category_of<E> == Category::decimal;
template <class E> inline constexpr bool integer = category_of<E> == Category::number && std::is_integral_v<plain<E>>;
template <class T, bool Optional> using maybe = std::conditional_t<Optional, std::optional<T>, T>;
/// A value type as a result holds it: text as std::string.
template <class E>
using result_of = std::conditional_t<text<E>, std::string, plain<E>>;

/// The expression f(args...) of type T.
template <class T, class... A>
using Result = Expr<merge_all_t<model_of<A>...>, T, any_aggregate<A...>>;
template <class T, class... A>
Result<T, A...> call(sql::Fn f, const A&... a) {
  quarry::detail::Vector<sql::Node> args;
  args.reserve(sizeof...(A));
  (args.push_back(query::to_node(a)), ...);
  return Result<T, A...>{sql::Node::function(f, std::move(args))};
}

/// The common type of coalesce's arguments: the one type when they share it, else the type
/// arithmetic gives numbers (int64, double or Decimal), else the first's.
template <class A, class B>
using common = std::conditional_t<
    std::is_same_v<A, B>, A,
    std::conditional_t<quarry::detail::category<A>() == Category::text, std::string,
                       std::conditional_t<(quarry::detail::category<A>() == Category::number ||
                                           quarry::detail::category<A>() == Category::decimal) &&
                                              (quarry::detail::category<B>() == Category::number ||
                                               quarry::detail::category<B>() == Category::decimal),
                                          arithmetic_result<A, B>, A>>>;
template <class... T> struct common_all;
template <class T> struct common_all<T> { using type = T; };
template <class A, class B, class... R> struct common_all<A, B, R...> {
  using type = typename common_all<common<A, B>, R...>::type;
};
template <class... A> struct last { using type = void; };
template <class A> struct last<A> { using type = A; };
template <class A, class... R> requires(sizeof...(R) > 0) struct last<A, R...> : last<R...> {};
template <class... A> inline constexpr bool last_nullable = nullable<typename last<A...>::type>;
template <class E>
inline constexpr bool temporal = category_of<E> == Category::timestamp || category_of<E> == Category::date;
template <class T>
inline constexpr bool cast_target = std::is_same_v<T, std::int64_t> || std::is_same_v<T, double> ||
                                    std::is_same_v<T, std::string> || std::is_same_v<T, Decimal>;
template <class T>
inline constexpr sql::Fn cast_fn = std::is_same_v<T, std::int64_t> ? sql::Fn::cast_int
                                   : std::is_same_v<T, double>     ? sql::Fn::cast_double
                                   : std::is_same_v<T, std::string> ? sql::Fn::cast_text
                                                                    : sql::Fn::cast_decimal;
[[noreturn, gnu::cold]] QUARRY_FUNC void bad_function_name(std::string_view name);
[[noreturn, gnu::cold]] QUARRY_FUNC void bad_placeholders(std::string_view text, std::size_t found, std::size_t values);
#ifdef QUARRY_BODIES
[[noreturn, gnu::cold]] QUARRY_FUNC void bad_function_name(std::string_view name) {
  throw QueryError(fmt::format("quarry: fn(\"{}\", ...): a function's name is letters, digits and _, or schema.name; "
                               "anything else is never written into SQL",
                               name));
}
[[noreturn, gnu::cold]] QUARRY_FUNC void bad_placeholders(std::string_view text, std::size_t found, std::size_t values) {
  throw QueryError(fmt::format(
      "quarry: sql(\"{}\", ...) has {} placeholders (?) and {} values; give one value for each ?", text, found, values));
}
#endif  // QUARRY_BODIES
}  // namespace detail

/// lower(e), upper(e), trim(e): text in, text out (trim takes spaces off both ends).
template <class E>
auto lower(const E& e) {
  static_assert(detail::text<E>, "quarry: lower() takes a text column or value (a std::string member), as in "
                                 "lower(col<&User::email>)");
  using T = detail::maybe<std::string, detail::nullable<E>>;
  if constexpr (detail::text<E>) return detail::call<T>(sql::Fn::lower, e);
  else return detail::Result<T, E>{};
}
template <class E>
auto upper(const E& e) {
  static_assert(detail::text<E>, "quarry: upper() takes a text column or value (a std::string member), as in "
                                 "upper(col<&User::name>)");
  using T = detail::maybe<std::string, detail::nullable<E>>;
  if constexpr (detail::text<E>) return detail::call<T>(sql::Fn::upper, e);
  else return detail::Result<T, E>{};
}
template <class E>
auto trim(const E& e) {
  static_assert(detail::text<E>, "quarry: trim() takes a text column or value (a std::string member), as in "
                                 "trim(col<&User::name>)");
  using T = detail::maybe<std::string, detail::nullable<E>>;
  if constexpr (detail::text<E>) return detail::call<T>(sql::Fn::trim, e);
  else return detail::Result<T, E>{};
}
/// length(e): the number of characters of text (CHAR_LENGTH on MySQL, whose LENGTH counts bytes).
template <class E>
auto length(const E& e) {
  static_assert(detail::text<E>, "quarry: length() takes a text column or value (a std::string member) and counts "
                                 "its characters");
  using T = detail::maybe<std::int64_t, detail::nullable<E>>;
  if constexpr (detail::text<E>) return detail::call<T>(sql::Fn::length, e);
  else return detail::Result<T, E>{};
}

/// abs(e), round(e), ceil(e), floor(e): a number of the type it was (an integer stays one, a
/// double a double, a quarry::Decimal a Decimal). round(e, digits) rounds to digits after the point.
template <class E>
auto abs(const E& e) {
  static_assert(detail::number<E>, "quarry: abs() takes a numeric column or value (an integer, floating-point or "
                                   "quarry::Decimal member)");
  using T = detail::maybe<detail::plain<E>, detail::nullable<E>>;
  if constexpr (detail::number<E>) return detail::call<T>(sql::Fn::abs, e);
  else return detail::Result<T, E>{};
}
template <class E>
auto round(const E& e) {
  static_assert(detail::number<E>, "quarry: round() takes a numeric column or value (an integer, floating-point or "
                                   "quarry::Decimal member)");
  using T = detail::maybe<detail::plain<E>, detail::nullable<E>>;
  if constexpr (detail::number<E>) return detail::call<T>(sql::Fn::round, e);
  else return detail::Result<T, E>{};
}
template <class E, class N>
auto round(const E& e, const N& digits) {
  constexpr bool ok = detail::number<E> && detail::integer<N>;
  static_assert(ok, "quarry: round(e, digits) takes a numeric column or value and an integer number of digits");
  using T = detail::maybe<detail::plain<E>, detail::nullable<E> || detail::nullable<N>>;
  if constexpr (ok) return detail::call<T>(sql::Fn::round_to, e, digits);
  else return detail::Result<T, E, N>{};
}
template <class E>
auto ceil(const E& e) {
  static_assert(detail::number<E>, "quarry: ceil() takes a numeric column or value (an integer, floating-point or "
                                   "quarry::Decimal member)");
  using T = detail::maybe<detail::plain<E>, detail::nullable<E>>;
  if constexpr (detail::number<E>) return detail::call<T>(sql::Fn::ceil, e);
  else return detail::Result<T, E>{};
}
template <class E>
auto floor(const E& e) {
  static_assert(detail::number<E>, "quarry: floor() takes a numeric column or value (an integer, floating-point or "
                                   "quarry::Decimal member)");
  using T = detail::maybe<detail::plain<E>, detail::nullable<E>>;
  if constexpr (detail::number<E>) return detail::call<T>(sql::Fn::floor, e);
  else return detail::Result<T, E>{};
}

/// coalesce(a, b, ...): the first that is not NULL, of the arguments' common type; optional
/// unless the last argument is not.
template <class A, class B, class... R>
auto coalesce(const A& a, const B& b, const R&... rest) {
  constexpr bool ok = quarry::detail::comparable<value_of<A>, value_of<B>>() &&
                      (quarry::detail::comparable<value_of<A>, value_of<R>>() && ...);
  static_assert(ok, "quarry: coalesce(a, b, ...) takes columns or values of one kind (numbers with numbers, text "
                    "with text, ...); give a fallback of the column's own kind");
  using C = typename detail::common_all<detail::result_of<A>, detail::result_of<B>, detail::result_of<R>...>::type;
  using T = detail::maybe<C, detail::last_nullable<A, B, R...>>;
  if constexpr (ok) return detail::call<T>(sql::Fn::coalesce, a, b, rest...);
  else return detail::Result<T, A, B, R...>{};
}
/// nullif(a, b): NULL where a equals b, else a.
template <class A, class B>
auto nullif(const A& a, const B& b) {
  constexpr bool ok = quarry::detail::comparable<value_of<A>, value_of<B>>();
  static_assert(ok, "quarry: nullif(a, b) compares a with b of its own kind (numbers with numbers, text with text, "
                    "...)");
  using T = std::optional<detail::result_of<A>>;
  if constexpr (ok) return detail::call<T>(sql::Fn::nullif, a, b);
  else return detail::Result<T, A, B>{};
}

/// concat(a, b, ...): texts joined; NULL when any of them is NULL, on every dialect (|| on SQLite
/// and PostgreSQL, CONCAT on MySQL).
template <class A, class B, class... R>
auto concat(const A& a, const B& b, const R&... rest) {
  constexpr bool ok = detail::text<A> && detail::text<B> && (detail::text<R> && ...);
  static_assert(ok, "quarry: concat(a, b, ...) joins text columns or values; make a number text first with "
                    "cast<std::string>(e)");
  using T = detail::maybe<std::string, detail::nullable<A> || detail::nullable<B> || (detail::nullable<R> || ...)>;
  if constexpr (ok) return detail::call<T>(sql::Fn::concat, a, b, rest...);
  else return detail::Result<T, A, B, R...>{};
}

/// substring(s, from), substring(s, from, count): the characters of s from position from (1 is
/// the first; give 1 or more: dialects differ below) to the end, or count of them.
template <class S, class F>
auto substring(const S& s, const F& from) {
  constexpr bool ok = detail::text<S> && detail::integer<F>;
  static_assert(ok, "quarry: substring(s, from[, count]) takes a text column or value and integer positions "
                    "(1 is the first character)");
  using T = detail::maybe<std::string, detail::nullable<S> || detail::nullable<F>>;
  if constexpr (ok) return detail::call<T>(sql::Fn::substring, s, from);
  else return detail::Result<T, S, F>{};
}
template <class S, class F, class N>
auto substring(const S& s, const F& from, const N& count) {
  constexpr bool ok = detail::text<S> && detail::integer<F> && detail::integer<N>;
  static_assert(ok, "quarry: substring(s, from[, count]) takes a text column or value and integer positions "
                    "(1 is the first character)");
  using T = detail::maybe<std::string, detail::nullable<S> || detail::nullable<F> || detail::nullable<N>>;
  if constexpr (ok) return detail::call<T>(sql::Fn::substring_for, s, from, count);
  else return detail::Result<T, S, F, N>{};
}

/// now(): the database's current time, in UTC, as timestamps are stored; current_date(): its
/// date in UTC.
inline Expr<void, Timestamp> now() { return detail::call<Timestamp>(sql::Fn::now); }
inline Expr<void, Date> current_date() { return detail::call<Date>(sql::Fn::current_date); }

/// extract(quarry::DatePart::year, e): a part of a timestamp or date as an integer (seconds:
/// whole ones; of a date, hour, minute and second are 0).
template <class E>
auto extract(DatePart part, const E& e) {
  static_assert(detail::temporal<E>, "quarry: extract(part, e) takes a quarry::Timestamp or quarry::Date column or "
                                     "value");
  using T = detail::maybe<std::int64_t, detail::nullable<E>>;
  if constexpr (detail::temporal<E>)
    return detail::call<T>(static_cast<sql::Fn>(static_cast<int>(sql::Fn::year) + static_cast<int>(part)), e);
  else return detail::Result<T, E>{};
}

/// cast<T>(e): e as a std::int64_t, double, std::string or quarry::Decimal (CAST(e AS BIGINT),
/// SIGNED on MySQL, ...).
template <class T, class E>
auto cast(const E& e) {
  constexpr bool ok = detail::cast_target<T> && detail::category_of<E> != detail::Category::none &&
                      detail::category_of<E> != detail::Category::blob;
  static_assert(ok, "quarry: cast<T>(e) gives a std::int64_t, double, std::string or quarry::Decimal, of a column "
                    "or value that is no blob");
  using R = detail::maybe<T, detail::nullable<E>>;
  if constexpr (ok) return detail::call<R>(detail::cast_fn<T>, e);
  else return detail::Result<R, E>{};
}

/// fn<R>("name", args...): a function quarry does not know, called as name(args...), its result
/// read as R. The name must be an identifier (or schema.name): anything else is a QueryError,
/// never SQL; the arguments are columns, expressions or values, which are bound.
template <class R, class... A>
auto fn(std::string_view name, const A&... args) {
  constexpr bool ok = ((expression<A> || quarry::detail::category<A>() != quarry::detail::Category::none) && ...);
  static_assert(ok, "quarry: fn<R>(\"name\", args...) takes columns, expressions or values (numbers, text, "
                    "quarry::Decimal, dates, ...) as its arguments");
  if (!sql::function_name(name)) detail::bad_function_name(name);
  quarry::detail::Vector<sql::Node> nodes;
  if constexpr (ok) {
    nodes.reserve(sizeof...(A));
    (nodes.push_back(query::to_node(args)), ...);
  }
  return detail::Result<R, A...>{sql::Node::function(sql::Fn::named, std::move(nodes), std::string(name))};
}

/// sql<R>("raw SQL", args...): text written into the statement as is, each ? in it (outside
/// quotes) one of args, bound in order (numbered $n on PostgreSQL). The text must come from the
/// program, never from user input: it is not checked. A ? count that differs from the values is
/// a QueryError.
template <class R, class... A>
auto sql(std::string_view text, const A&... args) {
  constexpr bool ok = ((expression<A> || quarry::detail::category<A>() != quarry::detail::Category::none) && ...);
  static_assert(ok, "quarry: sql<R>(\"text\", args...) takes columns, expressions or values (numbers, text, "
                    "quarry::Decimal, dates, ...) for its ?");
  if (auto n = sql::raw_placeholders(text); n != sizeof...(A)) detail::bad_placeholders(text, n, sizeof...(A));
  quarry::detail::Vector<sql::Node> nodes;
  if constexpr (ok) {
    nodes.reserve(sizeof...(A));
    (nodes.push_back(query::to_node(args)), ...);
  }
  return detail::Result<R, A...>{sql::Node::raw(std::string(text), std::move(nodes))};
}

}  // namespace quarry::query::functions
