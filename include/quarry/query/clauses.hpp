#pragma once
/// Clauses of a query: where, order_by, limit, offset, group_by, having, distinct, row locks,
/// set (for updates), columns (for projections), scope(...) and unscoped() (docs/scopes.md),
/// with_deleted() and only_deleted() (docs/soft-delete.md).
/// Each checks at compile time that it uses only the queried model's columns.

#include <cstdint>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>  // index_sequence
#include <vector>

#include "../config.hpp"
#include "../sql/merge.hpp"
#include "../vector.hpp"
#include "expr.hpp"

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: error messages
#endif

namespace quarry::query {

enum Clause : unsigned {
  c_where = 1, c_order = 2, c_limit = 4, c_offset = 8, c_group = 16, c_having = 32, c_distinct = 64, c_lock = 128,
  c_set = 256, c_columns = 512, c_conflict = 1024, c_include = 2048, c_required = 4096, c_hooks = 8192,
  c_unscoped = 16384, c_deleted = 32768, c_force = 65536, c_pick = 131072, c_duplicates = 262144, c_batch = 524288,
};

/// The clauses a find takes (find_all, find_one, related, ...).
inline constexpr unsigned find_clauses =
    c_where | c_order | c_limit | c_offset | c_lock | c_distinct | c_include | c_unscoped | c_deleted | c_pick;
/// The clauses a stream takes (each, stream): a find's, and batch(n).
inline constexpr unsigned stream_clauses = find_clauses | c_batch;
/// The clauses each_batch takes: it orders and pages by the primary key itself.
inline constexpr unsigned key_batch_clauses = stream_clauses & ~(c_order | c_limit | c_offset);

/// where(...): its condition lowered, or (E: a Comparison, col<&T::member> op value) kept typed
/// until lower() is called, so that a write by where can bind it into a shape (exec::update_shaped).
template <class M, class E = void> struct Where {
  static constexpr unsigned kind = c_where;
  using model_type = M;
  using condition_type = E;
  E condition;
  sql::Node lower() const { return condition.lower(); }
};
template <class M> struct Where<M, void> {
  static constexpr unsigned kind = c_where;
  using model_type = M;
  sql::Node node;
  const sql::Node& lower() const { return node; }
};
template <class M> struct Having { static constexpr unsigned kind = c_having; using model_type = M; sql::Node node; };
template <class M> struct GroupBy {
  static constexpr unsigned kind = c_group;
  using model_type = M;
  quarry::detail::Vector<sql::Node> nodes;
};
/// (aggregate: a key is one, such as count(); only a query that may group takes it)
template <class M, bool Aggregate = false> struct OrderBy {
  static constexpr unsigned kind = c_order;
  static constexpr bool aggregate = Aggregate;
  using model_type = M;
  quarry::detail::Vector<sql::OrderTerm> terms;
};
/// One key of an order: asc(x) or desc(x), and where its NULLs go on every dialect, as in
/// desc(col<&Book::price>).nulls_last() (Sequelize's [['price', 'DESC NULLS LAST']]).
template <class M, bool Aggregate = false> struct Ordered {
  static constexpr bool aggregate = Aggregate;
  using model_type = M;
  sql::OrderTerm term;
  Ordered nulls_first() const { return with(sql::Nulls::first); }
  Ordered nulls_last() const { return with(sql::Nulls::last); }

 private:
  Ordered with(sql::Nulls n) const {
    Ordered out = *this;
    out.term.nulls = n;
    return out;
  }
};
/// every_row: an update or destroy of every row, said out loud instead of a where(...).
struct EveryRow { static constexpr unsigned kind = c_where; using model_type = void; };
/// individual_hooks: a bulk operation runs the per-row hooks too (Sequelize's individualHooks).
struct IndividualHooks { static constexpr unsigned kind = c_hooks; using model_type = void; };
struct Limit { static constexpr unsigned kind = c_limit; using model_type = void; std::int64_t n; };
struct Offset { static constexpr unsigned kind = c_offset; using model_type = void; std::int64_t n; };
struct Distinct { static constexpr unsigned kind = c_distinct; using model_type = void; };
/// batch(n): a stream's rows per fetch, and parents per query of its includes (docs/queries.md).
struct Batch { static constexpr unsigned kind = c_batch; using model_type = void; std::int64_t n; };
struct Lock {
  static constexpr unsigned kind = c_lock;
  using model_type = void;
  sql::LockMode mode;
  sql::LockWait wait = sql::LockWait::wait;
  /// Fail at once instead of waiting for a locked row.
  Lock nowait() const { return {mode, sql::LockWait::nowait}; }
  /// Leave locked rows out instead of waiting for them.
  Lock skip_locked() const { return {mode, sql::LockWait::skip_locked}; }
};
/// unscoped(): this query leaves out its model's default scope (Model<T>::default_scope()).
struct Unscoped { static constexpr unsigned kind = c_unscoped; using model_type = void; };
/// Which rows of a model with deleted_at a query reads: the live ones (the default), every row
/// (with_deleted()), or the soft-deleted ones only (only_deleted()).
enum class Deleted : std::uint8_t { hidden, with, only };
struct WithDeleted { static constexpr unsigned kind = c_deleted; using model_type = void; };
struct OnlyDeleted { static constexpr unsigned kind = c_deleted; using model_type = void; };
/// force: destroy really deletes, also on a model with deleted_at (Sequelize's force: true).
struct Force { static constexpr unsigned kind = c_force; using model_type = void; };
/// A named scope's clauses, applied together (scope(...)); its kind is every kind it carries.
template <class M, class... C> struct Scope {
  static constexpr unsigned kind = (0u | ... | C::kind);
  using model_type = M;
  std::tuple<C...> parts;
};
template <class C> inline constexpr bool is_scope = false;
template <class M, class... C> inline constexpr bool is_scope<Scope<M, C...>> = true;
/// set(...): its assignments kept typed until lower() is called, so that an update can bind
/// their values into a shape (exec::update_shaped) instead of lowering them on every call.
template <class M, class... A> struct Set {
  static constexpr unsigned kind = c_set;
  using model_type = M;
  quarry::detail::FieldList<A...> parts;  // (a light list, as a model's fields: no std::tuple per set)
  quarry::detail::Vector<sql::Assignment> lower() const {
    quarry::detail::Vector<sql::Assignment> out;
    out.reserve(sizeof...(A));
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (quarry::detail::get<I>(parts).lower_into(out), ...);
    }(std::index_sequence_for<A...>{});
    return out;
  }
};
template <class M, class... T> struct Columns {
  static constexpr unsigned kind = c_columns;
  using model_type = M;
  using row_type = std::tuple<T...>;
  quarry::detail::Vector<sql::Node> nodes;
};
/// What columns(...) gives: Columns, and whether every column is an aggregate (so that a
/// subquery of it without group_by has exactly one row).
template <bool Aggregates, class M, class... T> struct ColumnsOf : Columns<M, T...> {
  static constexpr bool aggregates = Aggregates;
};
/// Which columns a find reads into its rows (partial rows): only these, all but these, or also
/// these hidden ones. The members are checked to be fields of the queried model; ops::fields_read
/// turns them into the mask of fields read, keys included.
enum class PickKind : std::uint8_t { only, except, with_hidden };
template <PickKind K, auto... M> struct Pick {
  static constexpr unsigned kind = c_pick;
  using model_type = merge_all_t<detail::class_of<M>...>;
  static constexpr PickKind pick = K;
};
template <class C> inline constexpr bool is_pick = false;
template <PickKind K, auto... M> inline constexpr bool is_pick<Pick<K, M...>> = true;

template <PickKind K, auto... M>
constexpr Pick<K, M...> pick() {
  static_assert(sizeof...(M) > 0, "quarry: only<...>, except<...> and with_hidden<...> name at least one member");
  static_assert((detail::is_field_v<M> && ...),
                "quarry: only<...>, except<...> and with_hidden<...> take fields of the queried model, as in "
                "only<&User::id, &User::name>(); an association is read with include<...>()");
  return {};
}

/// only<&User::id, &User::name>(): read only these columns (and the keys); the others stay as T{}
/// has them. Sequelize's attributes: ['id', 'name'].
template <auto... M> constexpr Pick<PickKind::only, M...> only() { return pick<PickKind::only, M...>(); }
/// except<&User::bio>(): read every column but these (the keys are read anyway). Sequelize's
/// attributes: { exclude: ['bio'] }.
template <auto... M> constexpr Pick<PickKind::except, M...> except() { return pick<PickKind::except, M...>(); }
/// with_hidden<&User::password_hash>(): read these hidden columns too. Sequelize's
/// attributes: { include: ['passwordHash'] } over a scope that excludes it.
template <auto... M> constexpr Pick<PickKind::with_hidden, M...> with_hidden() {
  return pick<PickKind::with_hidden, M...>();
}

template <class M> struct ConflictOn {
  static constexpr unsigned kind = c_conflict;
  using model_type = M;
  std::vector<std::string> columns;
};

/// ignore_duplicates: bulk_create leaves out the rows that clash with a stored row's key
/// (Sequelize's bulkCreate(rows, { ignoreDuplicates: true })).
struct IgnoreDuplicates { static constexpr unsigned kind = c_duplicates; using model_type = void; };
/// update_on_duplicate(col<&T::a>, ...): bulk_create updates these columns of the stored row that a
/// row clashes with (Sequelize's bulkCreate(rows, { updateOnDuplicate: ['a'] })).
template <class M> struct UpdateOnDuplicate {
  static constexpr unsigned kind = c_duplicates;
  using model_type = M;
  std::vector<std::string> columns;
};

/// The one error of a where(...) that cannot be: its first line says what to write instead.
template <class E>
consteval bool check_where() {
  if constexpr (!expression<E>) {
    static_assert(expression<E>,
                  "quarry: where(...) got a plain value, not a condition on columns: a comparison of a row's "
                  "member (where(book.author_id == id)) runs in C++ before the query; compare a column, as in "
                  "where(col<&Book::author_id> == id)");
    return false;
  } else if constexpr (!std::is_same_v<detail::unwrap_optional_t<value_of<E>>, bool>) {
    static_assert(detail::always_false<E>,
                  "quarry: where(...) takes a condition: a comparison, a bool column, or conditions joined by && and ||");
    return false;
  } else {
    static_assert(!has_aggregate<E>,
                  "quarry: where(...) cannot test an aggregate such as count() or sum(...): rows are filtered "
                  "before they are grouped; put the condition in having(...), after group_by(...)");
    return !has_aggregate<E>;
  }
}

template <class E>
auto where(const E& condition) {
  if constexpr (!check_where<E>()) return Where<model_of<E>>{};
  else if constexpr (is_comparison<E>) return Where<model_of<E>, E>{condition};
  else return Where<model_of<E>>{to_node(condition)};
}
template <class E>
auto having(const E& condition) {
  static_assert(std::is_same_v<detail::unwrap_optional_t<value_of<E>>, bool>,
                "quarry: having(...) takes a condition, such as count() > 1");
  return Having<model_of<E>>{to_node(condition)};
}
template <class E> inline constexpr bool is_ordered = false;
template <class M, bool A> inline constexpr bool is_ordered<Ordered<M, A>> = true;

/// The one error of order_by(keys...), asc(key) or desc(key) with a key that is no column or
/// expression: an int, a row's member (book.title), a member pointer.
template <bool Ok>
consteval bool check_order_keys() {
  static_assert(Ok, "quarry: order_by(...), asc(...) and desc(...) take columns or expressions of the queried "
                    "model, as in order_by(desc(col<&Book::price>), col<&Book::title>); a row's member (book.title), "
                    "a member pointer or a plain value is no column");
  return Ok;
}

template <class E>
auto asc(const E& e) {
  if constexpr (check_order_keys<expression<E>>()) return Ordered<model_of<E>, has_aggregate<E>>{{e.lower(), false}};
  else return Ordered<void>{};
}
template <class E>
auto desc(const E& e) {
  if constexpr (check_order_keys<expression<E>>()) return Ordered<model_of<E>, has_aggregate<E>>{{e.lower(), true}};
  else return Ordered<void>{};
}

/// random_order(): the rows in a new random order each time, as order_by(random_order()) (with
/// limit(n): n random rows). RANDOM() on SQLite and PostgreSQL, RAND() on MySQL; Sequelize's
/// order: sequelize.random().
inline Ordered<void> random_order() { return {{sql::Node::random(), false}}; }

template <class E> sql::OrderTerm order_term(const E& e) {
  if constexpr (expression<E>) return {e.lower(), false};
  else return e.term;
}
template <class E>
using order_model = typename E::model_type;
template <class E> consteval bool order_aggregate() {
  if constexpr (expression<E>) return has_aggregate<E>;
  else return E::aggregate;
}

/// order_by(desc(col<&Book::price>), col<&Book::title>): several keys, ascending unless desc(...).
template <class... E>
auto order_by(const E&... keys) {
  static_assert(sizeof...(E) > 0, "quarry: order_by(...) needs at least one column");
  if constexpr (check_order_keys<((expression<E> || is_ordered<E>) && ...)>())
    return OrderBy<merge_all_t<order_model<E>...>, (order_aggregate<E>() || ...)>{{order_term(keys)...}};
  else
    return OrderBy<void>{};
}

/// The clauses a scope(...) may carry.
inline constexpr unsigned scope_clauses = c_where | c_order | c_limit | c_offset | c_distinct;

/// scope(where(...), order_by(...)): clauses that apply together, what a named scope of
/// Model<T> returns (docs/scopes.md).
template <class... C>
auto scope(const C&... clauses) {
  static_assert(((requires { C::kind; } && (C::kind & ~scope_clauses) == 0) && ...),
                "quarry: scope(...) takes where(...), order_by(...), limit(n), offset(n) and distinct(); "
                "pass include<...>() and unscoped() to the query itself");
  return Scope<merge_all_t<typename C::model_type...>, C...>{{clauses...}};
}
inline Unscoped unscoped() { return {}; }

/// Whether a query with these clauses keeps its model's default scope (no unscoped() among them).
template <class... C>
inline constexpr bool keeps_default_scope = !(std::is_same_v<C, Unscoped> || ...);

/// with_deleted(): this query reads soft-deleted rows too; only_deleted(): only those.
inline WithDeleted with_deleted() { return {}; }
inline OnlyDeleted only_deleted() { return {}; }

/// Which rows a query with these clauses reads (the last of with_deleted() and only_deleted()
/// wins).
template <class... C>
inline constexpr Deleted deleted_rows = [] {
  Deleted d = Deleted::hidden;
  ((std::is_same_v<C, WithDeleted> ? void(d = Deleted::with)
                                   : std::is_same_v<C, OnlyDeleted> ? void(d = Deleted::only) : void()), ...);
  return d;
}();
/// Whether force is among the clauses.
template <class... C>
inline constexpr bool forced = (std::is_same_v<C, Force> || ...);

/// limit(n) or offset(n) with a negative n.
[[noreturn, gnu::cold]] QUARRY_FUNC void negative_row_count(const char* clause, std::int64_t n);
#ifdef QUARRY_BODIES
[[noreturn, gnu::cold]] QUARRY_FUNC void negative_row_count(const char* clause, std::int64_t n) {
  throw RangeError(fmt::format(
      "quarry: {}({}): a number of rows is 0 or more (a negative one would read every row on SQLite)", clause, n));
}
#endif  // QUARRY_BODIES
template <class I>
inline constexpr bool row_count_type = std::is_integral_v<I> && !std::is_same_v<I, bool>;

/// n rows as clause C (Limit or Offset); a negative n is a RangeError, thrown here, before any SQL.
template <class C, class I>
C row_count(const char* clause, I n) {
  static_assert(row_count_type<I>, "quarry: limit(n) and offset(n) take an integer number of rows");
  if constexpr (std::is_signed_v<I>)
    if (n < 0) [[unlikely]] negative_row_count(clause, n);
  return {static_cast<std::int64_t>(n)};
}
/// limit(n): at most n rows.
template <class I> Limit limit(I n) { return row_count<Limit>("limit", n); }
/// offset(n): skips n rows.
template <class I> Offset offset(I n) { return row_count<Offset>("offset", n); }
/// batch(n): each, stream and each_batch read n rows at a time (at least 1).
template <class I> Batch batch(I n) {
  auto b = row_count<Batch>("batch", n);
  if (b.n == 0) b.n = 1;
  return b;
}
inline Distinct distinct() { return {}; }
inline Lock for_update() { return {sql::LockMode::update}; }
inline Lock for_share() { return {sql::LockMode::share}; }

/// The one error of group_by(...) or columns(...) with an argument that is no column or
/// expression (a row's member, a member pointer, a plain value).
template <bool Ok>
consteval bool check_column_args() {
  static_assert(Ok, "quarry: group_by(...) and columns(...) take columns or expressions of the queried model, as in "
                    "columns(col<&Book::author_id>, count()); a row's member (book.title), a member pointer or a "
                    "plain value is no column");
  return Ok;
}

template <class... E>
auto group_by(const E&... keys) {
  if constexpr (check_column_args<(expression<E> && ...)>()) return GroupBy<merge_all_t<model_of<E>...>>{{keys.lower()...}};
  else return GroupBy<void>{};
}

/// set(col<&Book::price> = 0, col<&Book::title> = "x") for update<T>(...).
template <class... A>
auto set(const A&... assignments) {
  static_assert(sizeof...(A) > 0, "quarry: set(...) needs at least one assignment, as in set(col<&T::x> = v)");
  constexpr bool assignments_only = (is_assignment<A> && ...);
  static_assert(assignments_only,
                "quarry: set(...) takes assignments, col<&T::member> = value, one per column; col<&T::member> == "
                "value is a comparison (it belongs in where(...))");
  if constexpr (assignments_only) {
    std::vector<FieldError> errors;  // values that no created row could hold fail here, before any SQL
    (assignments.check(errors), ...);
    if (!errors.empty()) throw ValidationError(std::move(errors));
    return Set<merge_all_t<typename A::model_type...>, A...>{quarry::detail::make_list(assignments...)};
  } else {
    return Set<void>{};
  }
}

/// columns(col<&Book::title>, count()) for select<T>(...): each row comes back as a std::tuple.
template <class... E>
auto columns(const E&... e) {
  static_assert(sizeof...(E) > 0, "quarry: columns(...) needs at least one column or aggregate");
  if constexpr (check_column_args<(expression<E> && ...)>() && check_one_column<E...>())
    return ColumnsOf<(has_aggregate<E> && ...), merge_all_t<model_of<E>...>, value_of<E>...>{{{e.lower()...}}};
  else
    return ColumnsOf<false, void, int>{};  // (a row type that reads, so that the one error stays one)
}

/// conflict_on(col<&User::email>) for upsert: the unique key whose clash turns the insert into an update.
template <auto... M>
auto conflict_on(const Column<M>&... columns) {
  return ConflictOn<merge_all_t<detail::class_of<M>...>>{{columns.lower().name...}};
}

/// update_on_duplicate(col<&Book::title>, col<&Book::price>) for bulk_create: on a clash, these
/// columns of the stored row take the new row's values (and updated_at, when the model has one).
template <auto... M>
auto update_on_duplicate(const Column<M>&... columns) {
  static_assert(sizeof...(M) > 0, "quarry: update_on_duplicate(...) names at least one column; to keep the stored "
                                  "rows as they are, pass ignore_duplicates");
  return UpdateOnDuplicate<merge_all_t<detail::class_of<M>...>>{{columns.lower().name...}};
}

/// Checks that clause C fits an operation (allowed) on model T; fires one message.
template <class T, unsigned Allowed, class C>
consteval bool check_clause(const char* /*operation*/ = nullptr) {
  if constexpr (!requires { C::kind; }) {
    static_assert(detail::always_false<C>, "quarry: this argument is not a clause; pass where(...), order_by(...), "
                                           "limit(n), offset(n), group_by(...), having(...) and the like");
    return false;
  } else if constexpr ((C::kind & Allowed) == 0) {
    static_assert(detail::always_false<C>, "quarry: this clause does not apply to this operation; see the "
                                           "operation's documentation for the clauses it takes");
    return false;
  } else if constexpr (refers_outer<typename C::model_type>) {
    constexpr bool in_subquery = !refers_outer<typename C::model_type>;  // (short in the error)
    static_assert(in_subquery, "quarry: outer<...> is a column of the query around a subquery; use it in "
                               "subquery<T>(where(...)) only");
    return false;
  } else {
    using M = typename C::model_type;
    constexpr bool same = std::is_void_v<M> || std::is_same_v<M, T>;
    if constexpr (C::kind == c_order) {
      static_assert(same, "quarry: order_by(...) uses a column of another model; a query on Model<T> orders by T's "
                          "own columns (an included model's order goes in its include<...>(order_by(...)))");
      if constexpr (same && C::aggregate && (Allowed & c_group) == 0) {
        static_assert(!C::aggregate, "quarry: order_by(...) of an aggregate such as count() or sum(...) needs "
                                     "grouped rows; order rows by their columns, or group with "
                                     "select<T>(columns(...), group_by(...), order_by(...))");
        return false;
      }
    } else
      static_assert(same, "quarry: this clause uses a column of another model; a query on Model<T> may only use "
                          "T's own fields");
    return same;
  }
}

/// Adds condition node of a query on M to out: ANDed, or merged column by column when M's model
/// says Model<M>::where_merge = quarry::last_per_column (sql/merge.hpp).
template <class M>
void condition_into(std::optional<sql::Node>& out, const sql::Node& node) {
  if constexpr (quarry::detail::where_merge_of<M>() == quarry::detail::WhereMerge::last_per_column)
    sql::merge_by_column(out, node);
  else
    sql::and_into(out, node);
}

/// Whether one of C is a where(...) that keeps its comparison typed (Where<M, E>).
template <class C> inline constexpr bool is_kept_where = false;
template <class M, class E> inline constexpr bool is_kept_where<Where<M, E>> = !std::is_void_v<E>;
template <class... C> concept keeps_where = (is_kept_where<C> || ...);

/// c as the operations compile it: a where(...) that keeps its comparison typed lowered, so that
/// every comparison on a model shares one instantiation of an operation (the operations take
/// their clauses' types as template arguments), anything else as it is.
template <class C>
decltype(auto) eager(const C& c) {
  if constexpr (is_kept_where<C>) return Where<typename C::model_type>{c.lower()};
  else return (c);
}

/// Adds the where(...) of c, or of the parts of a scope c, to out (condition_into).
template <class C>
void where_into(std::optional<sql::Node>& out, const C& c) {
  if constexpr (is_scope<C>) std::apply([&](const auto&... p) { (where_into(out, p), ...); }, c.parts);
  else if constexpr (C::kind == c_where && !std::is_same_v<C, EveryRow>)
    condition_into<typename C::model_type>(out, c.lower());
}

/// Appends the order_by(...) terms of c, or of the parts of a scope c, to out.
template <class C>
void order_into(quarry::detail::Vector<sql::OrderTerm>& out, const C& c) {
  if constexpr (is_scope<C>) std::apply([&](const auto&... p) { (order_into(out, p), ...); }, c.parts);
  else if constexpr (C::kind == c_order) sql::append_into(out, c.terms);
}

template <class C>
void apply_clause(sql::Select& s, const C& c) {
  if constexpr (is_scope<C>) std::apply([&](const auto&... p) { (apply_clause(s, p), ...); }, c.parts);
  else if constexpr (std::is_same_v<C, EveryRow> || C::kind == c_include || C::kind == c_unscoped ||
                     C::kind == c_deleted || C::kind == c_pick)
    return;  // includes load separately; the filter stage reads unscoped() and with_deleted(), the plan the picks
  else if constexpr (C::kind == c_where) condition_into<typename C::model_type>(s.where, c.lower());
  else if constexpr (C::kind == c_having) sql::and_into(s.having, c.node);
  else if constexpr (C::kind == c_group) sql::append_into(s.group_by, c.nodes);
  else if constexpr (C::kind == c_order) sql::append_into(s.order_by, c.terms);
  else if constexpr (C::kind == c_limit) s.limit = c.n;
  else if constexpr (C::kind == c_offset) s.offset = c.n;
  else if constexpr (C::kind == c_distinct) s.distinct = true;
  else if constexpr (C::kind == c_lock) { s.lock = c.mode; s.lock_wait = c.wait; }
  else if constexpr (C::kind == c_columns) {
    s.columns.clear();  // (columns(...) replaces them; clear, then the one copy compiled once)
    sql::append_into(s.columns, c.nodes);
  }
}

/// Applies every clause to s after checking it; returns false (and has reported) if one does not fit.
template <class T, unsigned Allowed, class... C>
bool apply_clauses(sql::Select& s, const C&... clauses) {
  constexpr bool ok = (check_clause<T, Allowed, C>() && ...);
  if constexpr (ok) (apply_clause(s, clauses), ...);
  return ok;
}

}  // namespace quarry::query
