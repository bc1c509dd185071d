#pragma once
/// Typed expressions. Each one carries its model and value type for the compiler, and its
/// lowered sql::Node for the renderer; nothing below this header is a template.
///
///   using namespace quarry::dsl;
///   col<&Book::price> < 30 && col<&Book::title>.like("N%")
///   col<&Book::price> = col<&Book::price> * quarry::Decimal("1.1")     // in set(...)

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "../model/model.hpp"
#include "../model/transforms.hpp"
#include "../sql/ast.hpp"
#include "../vector.hpp"
#include "checks.hpp"
#include "value.hpp"

namespace quarry::query {

/// The model tag of an expression that uses columns of more than one model.
struct Mixed {};
/// The model tag of outer<&O::member>, a column of the query around a subquery (on O), and of
/// expressions of such columns alone.
template <class O> struct Outer {};
/// The model tag of an expression of a subquery on M that refers to the query around it, on O:
/// where(col<&Book::author_id> == outer<&Author::id>) in subquery<Book>(...).
template <class M, class O> struct Correlated {};

/// A model tag as its own model (void, a model or Mixed) and the model of the query around a
/// subquery that it refers to (void when none).
template <class M> struct model_parts { using own = M; using outer = void; };
template <class O> struct model_parts<Outer<O>> { using own = void; using outer = O; };
template <class M, class O> struct model_parts<Correlated<M, O>> { using own = M; using outer = O; };

template <class A, class B>
using merge_one = std::conditional_t<std::is_void_v<A>, B,
                                     std::conditional_t<std::is_void_v<B> || std::is_same_v<A, B>, A, Mixed>>;
template <class Own, class O>
using with_outer = std::conditional_t<
    std::is_void_v<O>, Own,
    std::conditional_t<std::is_same_v<Own, Mixed> || std::is_same_v<O, Mixed>, Mixed,
                       std::conditional_t<std::is_void_v<Own>, Outer<O>, Correlated<Own, O>>>>;

/// The model of two expressions together: void, one model, Mixed, or with outer references.
template <class A, class B>
using merge_models = with_outer<merge_one<typename model_parts<A>::own, typename model_parts<B>::own>,
                                merge_one<typename model_parts<A>::outer, typename model_parts<B>::outer>>;

/// Whether model tag M refers to the query around a subquery (outer<...>).
template <class M>
inline constexpr bool refers_outer = !std::is_void_v<typename model_parts<M>::outer>;

/// The model of several expressions together: void, one model, or Mixed.
template <class... M> struct merge_all { using type = void; };
template <class A, class... R> struct merge_all<A, R...> {
  using type = merge_models<A, typename merge_all<R...>::type>;
};
template <class... M> using merge_all_t = typename merge_all<M...>::type;

template <class D> struct ExprBase;

/// Whether E is a quarry expression (a column, or built from columns and values).
template <class E>
concept expression = requires {
  typename std::remove_cvref_t<E>::model_type;
  typename std::remove_cvref_t<E>::value_type;
} && std::is_base_of_v<ExprBase<std::remove_cvref_t<E>>, std::remove_cvref_t<E>>;

/// An expression of model M with value type T; Aggregate: it holds COUNT, SUM, AVG, MIN or MAX,
/// so it belongs in having(...), never in where(...).
template <class M, class T, bool Aggregate = false>
struct Expr : ExprBase<Expr<M, T, Aggregate>> {
  using model_type = M;
  using value_type = T;
  static constexpr bool aggregate = Aggregate;
  sql::Node node;
  Expr() = default;
  explicit Expr(sql::Node n) : node(std::move(n)) {}
  sql::Node lower() const { return node; }
};

template <auto M>
consteval bool check_column() {
  using C = detail::class_of<M>;
  if constexpr (!detail::is_model<C>) {
    // the model's own check: its one message, shared with the operation that reads C
    return detail::check_model<C>();
  } else {
    static_assert(detail::is_field_v<M>,
                  "quarry: this member is not a field of its Model<T>; add quarry::field<&T::member>() to "
                  "Model<T>::fields, or query another member");
    return detail::is_field_v<M>;
  }
}

template <class L, class R> struct Assign;
template <class M> struct JsonPath;

/// What an assignment or a comparison keeps of a plain value until it is lowered: its own copy,
/// text as a std::string, so that a set(...) or where(...) kept in a variable outlives the text it
/// was made from (an expression keeps itself).
template <class V>
using kept_t = std::conditional_t<std::is_convertible_v<const std::decay_t<V>&, std::string_view> &&
                                      !std::is_same_v<std::decay_t<V>, std::string>,
                                  std::string, std::decay_t<const V>>;

/// A subquery on model T (ops::subquery<T>(...)), of the columns of types V... (none: SELECT *),
/// that refers to the query around it on model O (void: to none), planned through the read path.
/// As an expression, a subquery of one column is that column's value (docs/queries.md,
/// "Subqueries"): of its type when it always has one row (OneRow: one aggregate such as
/// count(), and no group_by, having, limit or offset), else std::optional of it (NULL when no
/// row matches).
template <class T, class O, bool OneRow, class... V> struct Subquery;
template <class E> inline constexpr bool is_subquery = false;
template <class T, class O, bool OneRow, class... V>
inline constexpr bool is_subquery<Subquery<T, O, OneRow, V...>> = true;
/// Whether E is a subquery that cannot stand for a value: none or several columns.
template <class E> inline constexpr bool not_one_column = false;
template <class T, class O, bool OneRow, class... V>
inline constexpr bool not_one_column<Subquery<T, O, OneRow, V...>> = sizeof...(V) != 1;

/// The one error of a subquery of no or several columns where a value goes; true if none of E is.
template <class... E>
consteval bool check_one_column() {
  constexpr bool ok = !(not_one_column<std::remove_cvref_t<E>> || ...);
  static_assert(ok, "quarry: a subquery used as a value (compared, in in(...), columns(...) or arithmetic) reads "
                    "exactly one column; give subquery<T>(...) columns(one column or aggregate), as in "
                    "subquery<Book>(columns(count()), where(...))");
  return ok;
}

/// A column of a model: col<&Book::title>.
template <auto M>
struct Column : ExprBase<Column<M>> {
  static_assert(std::is_member_object_pointer_v<decltype(M)>,
                "quarry: col<...> takes a pointer to a data member, as in col<&Book::title>");
  /// Whether M is a field of a model, with its one message where it is not. clang checks when
  /// col<M> is named and reports the user's line. g++ reports a check made there at col's own
  /// definition in dsl.hpp, never the user's line (it keeps no context for a variable template),
  /// so on g++ the check waits for the column's first use (lowered, assigned), which is on the
  /// user's line.
  static constexpr bool valid = check_column<M>();
#ifdef __clang__
  static_assert(valid || !valid);  // runs the check when col<M> is named
#endif
  using model_type = detail::class_of<M>;
  using value_type = detail::member_type<M>;
  static constexpr bool aggregate = false;
  static constexpr auto member = M;
  auto lower() const {  // deduced: instantiated at once, so g++'s trace of the check reaches the user's line
    if constexpr (valid) return sql::Node::column_named(detail::column_name<M>());
    else return sql::Node{};
  }

  /// col<&Book::price> = value_or_expression, inside set(...).
  template <class V>
  Assign<Column, kept_t<V>> operator=(const V& v) const { return {*this, kept_t<V>(v)}; }

  /// The value at a key (or an array's index) inside a JSON column: col<&User::meta>["plan"]["tier"].
  template <class K>
  JsonPath<model_type> operator[](const K& step) const {
    constexpr bool ok = quarry::detail::is_json_codec<detail::unwrap_optional_t<value_type>>();
    static_assert(ok, "quarry: col<&T::member>[\"key\"] reads a path inside a JSON column, and this member is not one; "
                      "make it a nlohmann::json (with <quarry/json.hpp> included), or compare the column itself");
    if constexpr (ok) return JsonPath<model_type>{{}, lower(), {}}[step];
    else return {};
  }
};

/// The value at a path inside a JSON column: col<&User::meta>["plan"]["tier"] == "pro",
/// col<&User::meta>["seats"] > 5, col<&User::meta>["tags"][0] == "new". Compared with text, a
/// number or a bool, it is read as that type, the same on every dialect; a path that is absent or
/// holds a JSON null is NULL (.is_null()). docs/json.md, "JSON columns".
template <class M>
struct JsonPath : ExprBase<JsonPath<M>> {
  using model_type = M;
  using value_type = quarry::detail::JsonScalar;
  static constexpr bool aggregate = false;
  sql::Node column;
  quarry::detail::Vector<sql::Value> steps;

  /// One step further: a key (text) or an array's index (an integer).
  template <class K>
  JsonPath operator[](const K& step) const {
    constexpr bool key = std::is_convertible_v<const K&, std::string_view>;
    constexpr bool index = std::is_integral_v<K> && !std::is_same_v<K, bool>;
    static_assert(key || index, "quarry: a step of a JSON path is a key (text) or an array's index (an integer)");
    JsonPath out = *this;
    if constexpr (key) out.steps.emplace_back(std::string(std::string_view(step)));
    else if constexpr (index) out.steps.emplace_back(static_cast<std::int64_t>(step));
    return out;
  }
  /// The value read as one type, for order_by(...), columns(...) and arithmetic (a comparison
  /// picks the type of what it is compared with by itself): NULL where the path is absent.
  Expr<M, std::optional<std::string>> as_text() const { return Expr<M, std::optional<std::string>>{lower_as(sql::JsonAs::text)}; }
  Expr<M, std::optional<double>> as_number() const { return Expr<M, std::optional<double>>{lower_as(sql::JsonAs::number)}; }
  Expr<M, std::optional<bool>> as_bool() const { return Expr<M, std::optional<bool>>{lower_as(sql::JsonAs::boolean)}; }

  sql::Node lower() const { return lower_as(sql::JsonAs::text); }
  sql::Node lower_as(sql::JsonAs as) const {
    sql::Node n = sql::Node::json_path(column, steps);
    n.json_as = as;
    return n;
  }
};
template <class E> inline constexpr bool is_json_path = false;
template <class M> inline constexpr bool is_json_path<JsonPath<M>> = true;

template <class E>
struct model_of_impl { using type = void; };
template <class E>
  requires expression<E>
struct model_of_impl<E> { using type = typename std::remove_cvref_t<E>::model_type; };
template <class E>
using model_of = typename model_of_impl<E>::type;

template <class E>
struct value_of_impl { using type = std::remove_cvref_t<E>; };
template <class E>
  requires expression<E>
struct value_of_impl<E> { using type = typename std::remove_cvref_t<E>::value_type; };
template <class E>
using value_of = typename value_of_impl<E>::type;

/// Whether E is an expression that holds an aggregate (count() > 1).
template <class E>
inline constexpr bool has_aggregate = [] {
  if constexpr (expression<E>) return std::remove_cvref_t<E>::aggregate;
  else return false;
}();
template <class... E>
inline constexpr bool any_aggregate = (has_aggregate<E> || ...);

template <class E>
auto to_node(const E& e) {  // deduced, as Column::lower: a bad column is reported from the user's expression
  if constexpr (expression<E>) return sql::Node(e.lower());
  else return detail::param_node(e);
}

/// to_node of e where it meets a value of type Other: a JSON path is read as Other's type (a
/// number, a boolean, else text).
template <class Other, class E>
auto to_node_as(const E& e) {
  if constexpr (is_json_path<E>) {
    constexpr auto c = detail::category<Other>();
    return e.lower_as(c == detail::Category::number || c == detail::Category::decimal ? sql::JsonAs::number
                      : c == detail::Category::boolean                               ? sql::JsonAs::boolean
                                                                                     : sql::JsonAs::text);
  } else {
    return to_node(e);
  }
}

template <class L, class R>
struct Assign {
  /// The column's model, and the value's when it is an expression (a column of another model
  /// there is one too; a subquery adds the model it refers to through outer<...>).
  using model_type = merge_models<detail::class_of<L::member>, model_of<R>>;
  static constexpr bool valid = [] {
    using C = detail::unwrap_optional_t<typename L::value_type>;
    using V = detail::unwrap_optional_t<value_of<R>>;
    if constexpr (!L::valid) {
      return false;  // the column's own message
    } else if constexpr (std::is_same_v<R, std::nullopt_t>) {
      constexpr bool ok = detail::is_optional_v<typename L::value_type>;
      static_assert(ok, "quarry: set(col<&T::member> = std::nullopt) writes NULL into a column whose member is not a "
                        "std::optional (NOT NULL); make the member std::optional<...>, or assign a value");
      return ok;
    } else if constexpr (!check_one_column<R>()) {
      return false;
    } else if constexpr (quarry::detail::has_codec<C> && std::is_same_v<C, V>) {
      return true;  // a value of a codec's type (a nlohmann::json into a JSON column)
    } else if constexpr (std::is_integral_v<C> && !std::is_same_v<C, bool> &&
                         (std::is_floating_point_v<V> || std::is_same_v<V, Decimal>)) {
      static_assert(detail::always_false<R>,
                    "quarry: set(...) assigns a fraction (a floating-point or quarry::Decimal value or expression) "
                    "to an integer column, which would store it and read it back cut off; compute an integer, "
                    "or make the member a double or quarry::Decimal");
      return false;
    } else {
      constexpr bool ok = detail::comparable<typename L::value_type, value_of<R>>();
      static_assert(ok, "quarry: this value cannot be assigned to the column; assign a value of the column's own kind");
      return ok;
    }
  }();
  static_assert(valid || !valid);  // runs the check (and its one message) when the assignment is written
  using column_type = L;
  using kept_type = R;
  L column;
  R value;
  sql::Assignment lower() const {
    if constexpr (!valid) return {};
    else return {std::string(detail::column_name<L::member>()), value_node(), round_to()};
  }
  /// Appends to out what lower() returns (nothing when the assignment is not valid: its
  /// static_assert has failed already). set(...) lowers its assignments so: no Assignment is
  /// built in the caller, whose code is per model.
  void lower_into(quarry::detail::Vector<sql::Assignment>& out) const {
    if constexpr (valid) sql::add_assignment(out, detail::column_name<L::member>(), value_node(), round_to());
  }
  /// The value as a node: NULL, a plain value as written (through its on_write transforms), or
  /// the expression.
  sql::Node value_node() const {
    if constexpr (std::is_same_v<R, std::nullopt_t>) return sql::Node::param(sql::Null{});
    else if constexpr (!expression<R> && quarry::detail::writes_through<L::member>)  // its on_write transforms
      return detail::param_node(quarry::detail::written_value<L::member>(value));
    else return query::to_node(value);
  }
  /// An expression into a decimal column is rounded at the column's scale on every dialect: that
  /// scale, else -1.
  static constexpr int round_to() {
    if constexpr (expression<R> && quarry::detail::is_field_v<L::member>)
      if (quarry::detail::field_of<L::member>().options.precision > 0)
        return quarry::detail::field_of<L::member>().options.scale;
    return -1;
  }
  /// Adds why a plain value cannot be written into the column (range, size, date, decimal fit),
  /// as validate() does for a created row's values.
  void check(std::vector<FieldError>& errors) const {
    if constexpr (valid && !expression<R> && !std::is_same_v<R, std::nullopt_t>) {
      if constexpr (quarry::detail::writes_through<L::member>) {  // the value as it will be written
        auto v = quarry::detail::written_value<L::member>(value);
        detail::check_value(quarry::detail::field_of<L::member>(), v, errors);
        quarry::detail::check_declared_for<L::member>(v, errors);
      } else {
        detail::check_value(quarry::detail::field_of<L::member>(), value, errors);
        quarry::detail::check_declared_for<L::member>(value, errors);
      }
    }
  }
};

/// Whether A is col<&T::member> = value (what set(...) takes).
template <class A>
inline constexpr bool is_assignment = false;
template <class L, class R>
inline constexpr bool is_assignment<Assign<L, R>> = true;

template <class T>
inline constexpr bool is_numeric_v = detail::category<T>() == detail::Category::number ||
                                     detail::category<T>() == detail::Category::decimal;

/// The value type of a + b: Decimal if either is, double if either is floating, else int64.
template <class A, class B>
using arithmetic_result = std::conditional_t<
    std::is_same_v<detail::unwrap_optional_t<A>, Decimal> || std::is_same_v<detail::unwrap_optional_t<B>, Decimal>,
    Decimal,
    std::conditional_t<std::is_floating_point_v<detail::unwrap_optional_t<A>> ||
                           std::is_floating_point_v<detail::unwrap_optional_t<B>>,
                       double, std::int64_t>>;

template <class E> inline constexpr bool is_column = false;
template <auto M> inline constexpr bool is_column<Column<M>> = true;

/// col<&T::member> op value, with a plain value: kept typed until it is lowered, so that a write
/// by where can bind it into a statement prepared once per shape (exec::update_shaped) instead of
/// building and rendering a tree on every call. Anywhere else it is lowered as any expression.
template <sql::Op O, class L, class V>
struct Comparison : ExprBase<Comparison<O, L, V>> {
  using model_type = typename L::model_type;
  using value_type = bool;
  using column_type = L;
  using kept_type = V;
  static constexpr bool aggregate = false;
  static constexpr sql::Op op = O;
  L column;
  V value;
  sql::Node lower() const { return sql::Node::binary(O, column.lower(), query::to_node(value)); }
};
template <class E> inline constexpr bool is_comparison = false;
template <sql::Op O, class L, class V> inline constexpr bool is_comparison<Comparison<O, L, V>> = true;

template <sql::Op op, class L, class R>
auto compare(const L& l, const R& r) {
  using LT = value_of<L>;
  using RT = value_of<R>;
  using M = merge_models<model_of<L>, model_of<R>>;
  if constexpr (!check_one_column<L, R>()) {
    return Expr<M, bool>{};
  } else if constexpr (std::is_null_pointer_v<LT> || std::is_null_pointer_v<RT> || std::is_same_v<RT, std::nullopt_t>) {
    static_assert(detail::always_false<L>, "quarry: comparing with NULL is never true in SQL; use .is_null() or "
                                           ".is_not_null()");
    return Expr<M, bool>{};
  } else {
    constexpr bool json = detail::category<LT>() == detail::Category::json ||
                          detail::category<RT>() == detail::Category::json;
    static_assert(!json, "quarry: a JSON column is compared by a path inside it, as in "
                         "col<&T::meta>[\"plan\"] == \"pro\"; or test it with .is_null()");
    constexpr bool ok = json || detail::comparable<LT, RT>();
    static_assert(ok, "quarry: these types cannot be compared; compare a column with a value or column of its own "
                      "kind: numbers with numbers, text with text, quarry::Decimal with Decimal or integers, "
                      "an enum with the same enum");
    if constexpr (ok && !json && is_column<L> && !expression<R>) {
      if constexpr (L::valid) {
        detail::check_query_value(r);  // a date no backend stores fails here, as a lowered value does
        return Comparison<op, L, kept_t<R>>{{}, l, kept_t<R>(r)};
      } else {
        return Expr<M, bool>{};  // the column's own message
      }
    } else if constexpr (ok && !json) {
      return Expr<M, bool, any_aggregate<L, R>>{sql::Node::binary(op, to_node_as<RT>(l), to_node_as<LT>(r))};
    } else {
      return Expr<M, bool, any_aggregate<L, R>>{};
    }
  }
}

template <class L, class R>
auto arithmetic_checked(sql::Op op, const L& l, const R& r) {
  using LT = value_of<L>;
  using RT = value_of<R>;
  using M = merge_models<model_of<L>, model_of<R>>;
  constexpr bool ok = is_numeric_v<LT> && is_numeric_v<RT> && detail::comparable<LT, RT>();
  static_assert(ok, "quarry: arithmetic takes numbers (or quarry::Decimal with Decimal or integers) on both sides");
  using T = arithmetic_result<LT, RT>;
  if constexpr (ok) return Expr<M, T, any_aggregate<L, R>>{sql::Node::binary(op, to_node(l), to_node(r))};
  else return Expr<M, T, any_aggregate<L, R>>{};
}

template <class L, class R>
auto arithmetic(sql::Op op, const L& l, const R& r) {
  using M = merge_models<model_of<L>, model_of<R>>;
  if constexpr (!check_one_column<L, R>()) return Expr<M, std::int64_t>{};
  else return arithmetic_checked(op, l, r);
}

template <class L, class R>
auto logical(sql::Op op, const L& l, const R& r) {
  constexpr bool ok = std::is_same_v<detail::unwrap_optional_t<value_of<L>>, bool> &&
                      std::is_same_v<detail::unwrap_optional_t<value_of<R>>, bool>;
  static_assert(ok, "quarry: && and || join conditions; both sides must be comparisons or bool columns");
  return Expr<merge_models<model_of<L>, model_of<R>>, bool, any_aggregate<L, R>>{
      ok ? sql::Node::binary(op, to_node(l), to_node(r)) : sql::Node{}};
}

template <class L, class R>
concept either_expression = expression<L> || expression<R>;

template <class L, class R> requires either_expression<L, R>
auto operator==(const L& l, const R& r) { return compare<sql::Op::eq>(l, r); }
template <class L, class R> requires either_expression<L, R>
auto operator!=(const L& l, const R& r) { return compare<sql::Op::ne>(l, r); }
template <class L, class R> requires either_expression<L, R>
auto operator<(const L& l, const R& r) { return compare<sql::Op::lt>(l, r); }
template <class L, class R> requires either_expression<L, R>
auto operator<=(const L& l, const R& r) { return compare<sql::Op::le>(l, r); }
template <class L, class R> requires either_expression<L, R>
auto operator>(const L& l, const R& r) { return compare<sql::Op::gt>(l, r); }
template <class L, class R> requires either_expression<L, R>
auto operator>=(const L& l, const R& r) { return compare<sql::Op::ge>(l, r); }
template <class L, class R> requires either_expression<L, R>
auto operator&&(const L& l, const R& r) { return logical(sql::Op::and_, l, r); }
template <class L, class R> requires either_expression<L, R>
auto operator||(const L& l, const R& r) { return logical(sql::Op::or_, l, r); }
template <class L, class R> requires either_expression<L, R>
auto operator+(const L& l, const R& r) { return arithmetic(sql::Op::add, l, r); }
template <class L, class R> requires either_expression<L, R>
auto operator-(const L& l, const R& r) { return arithmetic(sql::Op::sub, l, r); }
template <class L, class R> requires either_expression<L, R>
auto operator*(const L& l, const R& r) { return arithmetic(sql::Op::mul, l, r); }
template <class L, class R> requires either_expression<L, R>
auto operator/(const L& l, const R& r) { return arithmetic(sql::Op::div, l, r); }
template <class L, class R> requires either_expression<L, R>
auto operator%(const L& l, const R& r) { return arithmetic(sql::Op::mod, l, r); }
template <class E> requires expression<E>
auto operator!(const E& e) {
  static_assert(std::is_same_v<detail::unwrap_optional_t<value_of<E>>, bool>,
                "quarry: ! negates a condition; apply it to a comparison or a bool column");
  return Expr<model_of<E>, bool, has_aggregate<E>>{sql::Node::unary(sql::Node::Kind::not_, e.lower())};
}

/// text with \, % and _ escaped by a backslash, for a like() pattern that matches them literally
/// (every dialect reads \ as LIKE's escape):
///   col<&Book::title>.like(quarry::escape_like(prefix) + "%")
inline std::string escape_like(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 4);
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  return out;
}

/// Methods every expression has: like, regexp, in, between, is_null...
template <class D>
struct ExprBase {
  auto is_null() const { return unary(sql::Node::Kind::is_null); }
  auto is_not_null() const { return unary(sql::Node::Kind::is_not_null); }

  template <class P> auto like(const P& pattern) const { return text_op(sql::Node::Kind::like, pattern); }
  template <class P> auto not_like(const P& pattern) const { return text_op(sql::Node::Kind::not_like, pattern); }
  /// Case-insensitive LIKE on every dialect (ILIKE on PostgreSQL, LOWER(..) LIKE LOWER(..) elsewhere).
  template <class P> auto ilike(const P& pattern) const { return text_op(sql::Node::Kind::ilike, pattern); }
  template <class P> auto not_ilike(const P& pattern) const { return text_op(sql::Node::Kind::not_ilike, pattern); }

  /// A match of the regular expression anywhere in the text, case-sensitive whatever the column's
  /// collation (Sequelize's Op.regexp, Op.notRegexp); iregexp ignores case (Op.iRegexp,
  /// Op.notIRegexp). The pattern is bound; its flavour is the database's (docs/queries.md):
  ///   col<&Book::title>.regexp("^[A-Z][a-z]+s$"),  col<&Book::isbn>.not_iregexp("x$")
  template <class P> auto regexp(const P& pattern) const { return regexp_op(sql::Node::Kind::regexp, pattern); }
  template <class P> auto not_regexp(const P& pattern) const { return regexp_op(sql::Node::Kind::not_regexp, pattern); }
  template <class P> auto iregexp(const P& pattern) const { return regexp_op(sql::Node::Kind::iregexp, pattern); }
  template <class P> auto not_iregexp(const P& pattern) const {
    return regexp_op(sql::Node::Kind::not_iregexp, pattern);
  }

  /// Text that begins with, ends with or contains text, matched literally: %, _ and \ in it are
  /// no wildcards, the same on every dialect (Sequelize's Op.startsWith, Op.endsWith, Op.substring).
  template <class P> auto starts_with(const P& text) const { return literal_op(text, "", "%"); }
  template <class P> auto ends_with(const P& text) const { return literal_op(text, "%", ""); }
  template <class P> auto contains(const P& text) const { return literal_op(text, "%", "%"); }

  /// in({values...}), in(a range of values), or in(subquery<T>(columns(one column), ...)): IN (SELECT ...).
  template <class V> auto in(std::initializer_list<V> values) const { return list_op(sql::Node::Kind::in, values); }
  template <class R> auto in(const R& values) const {
    if constexpr (is_subquery<R>) return subquery_op(sql::Node::Kind::in_subquery, values);
    else return list_op(sql::Node::Kind::in, values);
  }
  template <class V> auto not_in(std::initializer_list<V> values) const {
    return list_op(sql::Node::Kind::not_in, values);
  }
  template <class R> auto not_in(const R& values) const {
    if constexpr (is_subquery<R>) return subquery_op(sql::Node::Kind::not_in_subquery, values);
    else return list_op(sql::Node::Kind::not_in, values);
  }

  template <class A, class B> auto between(const A& lo, const B& hi) const {
    return range_op(sql::Node::Kind::between, lo, hi);
  }
  template <class A, class B> auto not_between(const A& lo, const B& hi) const {
    return range_op(sql::Node::Kind::not_between, lo, hi);
  }

 private:
  const D& self() const { return static_cast<const D&>(*this); }
  auto unary(sql::Node::Kind k) const {
    return Expr<typename D::model_type, bool, D::aggregate>{sql::Node::unary(k, self().lower())};
  }

  template <class P>
  static constexpr bool text_operands = (detail::category<typename D::value_type>() == detail::Category::text ||
                                         detail::category<typename D::value_type>() == detail::Category::json_scalar) &&
                                        detail::category<value_of<P>>() == detail::Category::text;
  template <class P>
  auto text_op(sql::Node::Kind k, const P& pattern) const {
    static_assert(text_operands<P>, "quarry: like/ilike compare text columns with text patterns");
    return pattern_node<text_operands<P>>(k, pattern);
  }
  template <class P>
  auto regexp_op(sql::Node::Kind k, const P& pattern) const {
    static_assert(text_operands<P>, "quarry: regexp/iregexp/not_regexp/not_iregexp take a text column (a "
                                    "std::string member) and a text pattern; match text columns only, and "
                                    "compare others with ==, < or in(...)");
    return pattern_node<text_operands<P>>(k, pattern);
  }
  /// column k pattern, where ok (else an empty node: the caller's message was the one error)
  template <bool ok, class P>
  auto pattern_node(sql::Node::Kind k, const P& pattern) const {
    sql::Node n = sql::Node::unary(k, self().lower());
    if constexpr (ok) n.args.push_back(query::to_node(pattern));
    return Expr<merge_models<typename D::model_type, model_of<P>>, bool, D::aggregate>{std::move(n)};
  }
  template <class P>
  auto literal_op(const P& text, std::string_view before, std::string_view after) const {
    static_assert(!expression<P> && detail::category<P>() == detail::Category::text,
                  "quarry: starts_with/ends_with/contains take a text value; for a pattern from a column use like()");
    if constexpr (!expression<P> && detail::category<P>() == detail::Category::text)
      return text_op(sql::Node::Kind::like, std::string(before) + escape_like(std::string_view(text)) + std::string(after));
    else
      return Expr<typename D::model_type, bool, D::aggregate>{};
  }
  template <class R>
  auto list_op(sql::Node::Kind k, const R& values) const {
    using M = typename D::model_type;
    using V = std::remove_cvref_t<decltype(*std::begin(values))>;
    constexpr bool ok = detail::comparable<typename D::value_type, V>();
    static_assert(ok, "quarry: in(...) needs values of the column's own kind");
    sql::Node n = sql::Node::unary(k, query::to_node_as<V>(self()));
    if constexpr (ok)
      for (const auto& v : values) n.args.push_back(sql::Node::param(detail::to_query_value(v)));
    return Expr<M, bool, D::aggregate>{std::move(n)};
  }
  template <class S>
  auto subquery_op(sql::Node::Kind k, const S& sub) const {
    using M = merge_models<typename D::model_type, typename S::model_type>;
    if constexpr (!check_one_column<S>()) {
      return Expr<M, bool, D::aggregate>{};
    } else {
      constexpr bool ok = detail::comparable<typename D::value_type, typename S::value_type>();
      static_assert(ok, "quarry: in(subquery<T>(...)) and not_in(...) need a subquery whose one column is of this "
                        "column's own kind (numbers with numbers, text with text, ...); select a matching column "
                        "in the subquery's columns(...)");
      if constexpr (ok) return Expr<M, bool, D::aggregate>{sql::Node::in(k, self().lower(), sub.select)};
      else return Expr<M, bool, D::aggregate>{};
    }
  }
  template <class A, class B>
  auto range_op(sql::Node::Kind k, const A& lo, const B& hi) const {
    using M = typename D::model_type;
    constexpr bool ok = detail::comparable<typename D::value_type, value_of<A>>() &&
                        detail::comparable<typename D::value_type, value_of<B>>();
    static_assert(ok, "quarry: between(lo, hi) needs bounds of the column's own kind");
    sql::Node n = sql::Node::unary(k, query::to_node_as<value_of<A>>(self()));
    if constexpr (ok) {
      n.args.push_back(query::to_node(lo));
      n.args.push_back(query::to_node(hi));
    }
    return Expr<merge_models<M, merge_models<model_of<A>, model_of<B>>>, bool, any_aggregate<D, A, B>>{std::move(n)};
  }
};

/// Aggregates. Their value types say what comes back: COUNT an int64, SUM/MIN/MAX/AVG an
/// std::optional, because they are NULL over no rows.
inline Expr<void, std::int64_t, true> count() { return Expr<void, std::int64_t, true>{sql::Node::aggregate_of("COUNT", sql::Node::star())}; }
template <class E> requires expression<E>
auto count(const E& e) { return Expr<model_of<E>, std::int64_t, true>{sql::Node::aggregate_of("COUNT", e.lower())}; }
template <class E> requires expression<E>
auto count_distinct(const E& e) {
  return Expr<model_of<E>, std::int64_t, true>{sql::Node::aggregate_of("COUNT", e.lower(), true)};
}
template <class E> requires expression<E>
auto sum(const E& e) {
  using T = detail::unwrap_optional_t<value_of<E>>;
  static_assert(is_numeric_v<T>, "quarry: sum() takes a numeric column");
  using R = std::conditional_t<std::is_integral_v<T>, std::int64_t, std::conditional_t<std::is_same_v<T, Decimal>, Decimal, double>>;
  return Expr<model_of<E>, std::optional<R>, true>{sql::Node::aggregate_of("SUM", e.lower())};
}
template <class E> requires expression<E>
auto avg(const E& e) {
  using T = detail::unwrap_optional_t<value_of<E>>;
  static_assert(is_numeric_v<T>, "quarry: avg() takes a numeric column");
  using R = std::conditional_t<std::is_same_v<T, Decimal>, Decimal, double>;
  return Expr<model_of<E>, std::optional<R>, true>{sql::Node::aggregate_of("AVG", e.lower())};
}
template <class E> requires expression<E>
auto min(const E& e) {
  return Expr<model_of<E>, std::optional<detail::unwrap_optional_t<value_of<E>>>, true>{sql::Node::aggregate_of("MIN", e.lower())};
}
template <class E> requires expression<E>
auto max(const E& e) {
  return Expr<model_of<E>, std::optional<detail::unwrap_optional_t<value_of<E>>>, true>{sql::Node::aggregate_of("MAX", e.lower())};
}

}  // namespace quarry::query
