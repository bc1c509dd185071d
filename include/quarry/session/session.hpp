#pragma once
/// Every operation, available on a Database (each borrows a pooled connection) and on a
/// Transaction (all run on its one pinned connection). Each checks its model and arguments at
/// compile time, takes a connection and hands it, with the executor, to the runner in exec/.
///
///   auto ada   = db.create(Author{.name = "Ada"});
///   auto cheap = db.find_all<Book>(where(col<&Book::price> < 30), order_by(col<&Book::title>));
///   db.update<Book>(set(col<&Book::price> = col<&Book::price> * 2), where(col<&Book::id> == 1));

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>  // default_sentinel_t, input_iterator_tag
#include <memory>
#include <optional>
#include <string_view>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../algorithm.hpp"  // quarry::detail's algorithms: no <algorithm>
#include "../config.hpp"
#include "../function.hpp"  // quarry::detail::Function: its hooks and callbacks, without <functional>
#include "../query/dsl.hpp"
#include "../query/include.hpp"
#include "../query/named.hpp"
#include "../model/hooks.hpp"
#include "../model/tracked.hpp"
#include "../ops/eager.hpp"
#include "../ops/hooks.hpp"
#include "../ops/read.hpp"
#include "../ops/statements.hpp"
#include "../ops/write.hpp"
#include "../driver/registry.hpp"
#include "../exec/associations.hpp"
#include "../exec/executor.hpp"
#include "../exec/read.hpp"
#include "../exec/stream.hpp"
#include "../exec/write.hpp"
#include "../sql/render.hpp"
#include "../vector.hpp"
#include "context.hpp"
#include "pool.hpp"

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: error messages
#endif

namespace quarry {

class Session;

/// What runs on a connection the pool opens (DatabaseOptions::after_connect): fn(db), with db a
/// Session whose every operation runs on that connection.
using ConnectHook = quarry::detail::Function<void(Session&)>;

/// What a Database takes besides its URL: quarry::Database db{url, {.pool = {.max = 20}}}.
struct DatabaseOptions {
  PoolOptions pool{};
  Logger logger{};
  bool log_values = false;  ///< pass bound values to the logger (off: they may be secrets)
  /// What db.create(...) and the rest do while a transaction of this Database is open on the
  /// calling thread: join it (the default) or throw TransactionError (see transactions.md).
  TransactionContext transaction_context = TransactionContext::join;
  /// Runs on each new connection before the pool first lends it (Sequelize's
  /// `hooks: { afterConnect }`), to set up its session:
  ///   .after_connect = [](quarry::Session& c) { c.execute("SET search_path TO app"); }
  /// When it throws, the connection is closed, never pooled, and the caller gets ConnectionError.
  ConnectHook after_connect{};
};

namespace schema {
namespace detail {
struct ModelFacts;  // schema/ddl.hpp
}  // namespace detail

/// One column of a table as the database has it (Session::describe_table): its type spelled as
/// quarry's DDL spells it on that dialect, and its default as the database reports it (text, or
/// none).
struct ColumnInfo {
  std::string name;
  std::string type;
  bool nullable = true;
  std::optional<std::string> default_value;
  bool primary_key = false;
  /// An enumeration's labels, in order, on every dialect (PostgreSQL's enum type, MySQL's
  /// ENUM(...), the CHECK (... IN (...)) of SQLite's TEXT); none for other columns.
  std::vector<std::string> labels{};
};
/// One index of a table but its primary key's (Session::describe_indexes): a UNIQUE constraint's
/// too, its columns in order.
struct IndexInfo {
  std::string name;
  std::vector<std::string> columns;
  bool unique = false;
  std::vector<bool> descending{};  ///< per column
  std::string where{};   ///< a partial index's condition as the database keeps it ("": none)
  std::string method{};  ///< btree, hash, gin, ... in lower case
};
/// What a foreign key does on update or delete of the row it references: no_action, restrict,
/// cascade, set_null, set_default (none is never read back).
using Action = quarry::detail::Action;
/// One foreign key of a table (Session::describe_foreign_keys). SQLite keeps no names: there a
/// key's name is its number ("0", "1", ...).
struct ForeignKeyInfo {
  std::string name;
  std::vector<std::string> columns;
  std::string references;  // the referenced table
  std::vector<std::string> referenced_columns;
  Action on_update = Action::no_action, on_delete = Action::no_action;
};

/// One check of a table (Session::describe_checks): its name ("" where SQLite keeps none) and
/// its condition as the database keeps it (PostgreSQL and MariaDB rewrite it: price >= 0 reads
/// back as (price >= (0)::numeric) and `price` >= 0).
struct CheckInfo {
  std::string name;
  std::string condition;
};

/// What one step of a diff (Session::diff) changes.
enum class StepKind : std::uint8_t {
  add_table, add_column, alter_column, drop_index, drop_column, add_index, rebuild_table, add_constraint, drop_constraint,
  drop_table,
};
/// One step between the models and the database: what it changes, whether it can lose data
/// (dropping a column or an index, narrowing a type, NOT NULL on a column that may hold NULLs, a
/// NOT NULL column added without a default), and the statements that make it here (none where
/// the dialect cannot: a change SQLite makes only by rebuilding the table).
struct Step {
  StepKind kind = StepKind::add_table;
  std::string table;
  std::string name;  ///< the table, column or index
  bool destructive = false;
  std::string description;  ///< "add column books.isbn VARCHAR(20) NULL"
  std::vector<std::string> sql;
};
/// A constraint for Session::add_constraint (Sequelize's addConstraint options), made by
/// unique_constraint, check_constraint, foreign_key_constraint or primary_key_constraint
/// (schema/operations.hpp).
class Column;  // a column described by hand (schema/operations.hpp)
struct Constraint {
  sql::ConstraintKind kind = sql::ConstraintKind::unique;
  std::string name{};  ///< "" names it as sync would (table_columns_key, table_columns_fkey, table_pkey)
  std::vector<std::string> columns{};
  std::string check{};  ///< a check's condition, SQL
  std::string references{};  ///< a foreign key's referenced table
  std::vector<std::string> referenced_columns{};
  Action on_delete = Action::none, on_update = Action::none;
};
/// add_index's options: a name of its own ("" names it as sync does), whether it is unique,
/// which columns are in descending order, a partial index's condition (SQL; PostgreSQL and
/// SQLite) and the method (btree, hash, gin, ... on PostgreSQL; btree or hash on MySQL).
struct IndexOptions {
  std::string name;
  bool unique = false;
  std::vector<bool> descending{};
  std::string where{};
  std::string method{};
};
}  // namespace schema

struct SyncOptions {
  bool force = false;  ///< drop the tables first
  /// Make existing tables what the models declare (Session::diff): add missing columns and
  /// indexes, widen columns, drop NOT NULL. The destructive steps only with allow_destructive;
  /// otherwise a SchemaError lists them and nothing changes.
  bool alter = false;
  bool allow_destructive = false;
  /// With alter: the models given are all of the database's; each other table is dropped (a
  /// destructive step), but those of keep_tables and quarry's own (quarry_migrations,
  /// quarry_seeders).
  bool drop_other_tables = false;
  std::vector<std::string> keep_tables{};
};

struct TransactionOptions {
  sql::Isolation isolation = sql::Isolation::default_level;
  bool read_only = false;
  /// SQLite's BEGIN DEFERRED, IMMEDIATE or EXCLUSIVE (Sequelize's `type: Transaction.TYPES.X`);
  /// ignored elsewhere, where rows are locked as they are written.
  sql::TransactionType type = sql::TransactionType::default_type;
  /// Check deferrable foreign keys at commit (Sequelize's `deferrable: Deferrable.SET_DEFERRED`):
  /// SET CONSTRAINTS ALL DEFERRED on PostgreSQL, PRAGMA defer_foreign_keys on SQLite (every
  /// foreign key); UnsupportedError on MySQL.
  bool defer_constraints = false;
};
using sql::Isolation;
using sql::TransactionType;

/// rows of a page and the count of every row that matched, whatever the limit.
template <class T>
struct PageOf {
  std::int64_t count = 0;
  std::vector<T> rows;
};

class Transaction;

namespace detail {
// ConfigErrors of Session's templates, formatted out of line (no fmt in the templates).
[[noreturn, gnu::cold]] QUARRY_FUNC void update_of_key_only(std::string_view table);
[[noreturn, gnu::cold]] QUARRY_FUNC void bulk_create_needs_conflict(std::string_view table);

#ifdef QUARRY_BODIES
[[noreturn, gnu::cold]] QUARRY_FUNC void update_of_key_only(std::string_view table) {
  throw ConfigError(fmt::format("quarry: update(row) of {}, whose every column is part of its key", table));
}

[[noreturn, gnu::cold]] QUARRY_FUNC void bulk_create_needs_conflict(std::string_view table) {
  throw ConfigError(fmt::format("quarry: bulk_create of {} rows without a key, on duplicate, needs "
                                "conflict_on(...) naming a unique column",
                                table));
}
#endif  // QUARRY_BODIES

struct Shared {
  driver::Url url;
  driver::Driver driver;
  std::unique_ptr<Pool> pool;
  exec::Executor exec;  ///< runs and logs every statement
  TransactionContext context = TransactionContext::join;
  GlobalHooks hooks;  ///< registered by Database::add_hook, for every model
  ConnectHook after_connect;  ///< DatabaseOptions::after_connect
};

/// The context a hook gets (below Session).
template <class Tag>
class HookSession;

/// The field indexes of T's primary key, in field order.
template <class T>
consteval auto primary_key_indexes() {
  constexpr const auto& options = field_options<T>;
  constexpr std::size_t n = [] {
    std::size_t k = 0;
    for (const auto& o : options) k += o.primary_key;
    return k;
  }();
  std::array<std::size_t, n> out{};
  std::size_t k = 0;
  for (std::size_t i = 0; i < options.size(); ++i)
    if (options[i].primary_key) out[k++] = i;
  return out;
}

template <class T, std::size_t I>
using field_value_t = typename std::tuple_element_t<I, std::remove_cvref_t<decltype(model_fields<T>)>>::value_type;

/// How many of the arguments come before the first clause: find_by_pk's keys.
template <class... A>
consteval std::size_t leading_values() {
  std::size_t n = 0;
  bool keys = true;
  ((keys = keys && !requires { A::kind; }, n += keys), ...);
  return n;
}

/// Whether a key of type K finds a row by a key column of type C: a value of the column's kind,
/// and no fraction for an integer column (which would never match, or match a row cut off).
template <class C, class K>
consteval bool key_fits() {
  using V = unwrap_optional_t<std::decay_t<K>>;
  using U = unwrap_optional_t<C>;
  if constexpr (std::is_integral_v<U> && (std::is_floating_point_v<V> || std::is_same_v<V, Decimal>)) return false;
  else return comparable<C, K>();
}

/// The one error of find_by_pk<T>(keys..., clauses...): one key per primary key column, in field
/// order, each of its column's kind.
template <class T, class... A>
consteval bool check_find_keys() {
  constexpr auto pk = primary_key_indexes<T>();
  constexpr std::size_t given = leading_values<A...>();
  if constexpr (given > pk.size()) {
    static_assert(always_false<T>,
                  "quarry: find_by_pk<T>(...) got more keys than Model<T>'s primary key has columns; pass one value "
                  "per primary key column, in field order, then include<...>() or only<...>() clauses");
    return false;
  } else if constexpr (given < pk.size()) {
    static_assert(always_false<T>,
                  "quarry: find_by_pk<T>(...) takes one value per primary key column, in field order");
    return false;
  } else {
    constexpr bool fit = [&]<std::size_t... J>(std::index_sequence<J...>) {
      return (key_fits<field_value_t<T, pk[J]>, std::tuple_element_t<J, std::tuple<A...>>>() && ...);
    }(std::make_index_sequence<pk.size()>{});
    static_assert(fit, "quarry: find_by_pk<T>(key) takes a key of the primary key's type: an integer for an "
                       "integer key (no fraction), text for a text key, in field order");
    return fit;
  }
}

/// Whether the clauses of a read of T fit it (Allowed kinds, T's own columns) and each include
/// names an association of T, its options in turn fitting the association's target: one quarry:
/// error for each clause that does not, from the read itself, before anything else uses it.
/// One function per clause and nesting level, so that an error's trace stays short.
template <class T, unsigned Allowed, class C>
consteval bool reads_with_one(const C*);
template <class T, unsigned Allowed, auto M, class... O>
consteval bool reads_with_one(const query::Include<M, O...>*);

template <class T, unsigned Allowed, class C>
consteval bool reads_with_one(const C*) {
  return query::check_clause<T, Allowed, C>();
}
template <class T, unsigned Allowed, auto M, class... O>
consteval bool reads_with_one(const query::Include<M, O...>*) {
  if constexpr (!is_association_of<T, M>()) {
    static_assert(is_association_of<T, M>(),
                  "quarry: include<&T::member>() in a read of T takes an association of Model<T>::associations "
                  "(nested: of the included model); declare it there, or include another member");
    return false;
  } else {
    using A = std::remove_cvref_t<decltype(association_of<M>())>;
    constexpr bool many = A::kind == AssociationKind::has_many || A::kind == AssociationKind::belongs_to_many;
    if constexpr (query::limits_per_parent<O...> && !many) {
      static_assert(many, "quarry: limit(n) and offset(n) in include<&T::member>(...) count rows per parent, and a "
                          "has_one or belongs_to has at most one; drop them from this include (a limit per parent "
                          "is for has_many and belongs_to_many)");
      return false;
    } else {
      return (reads_with_one<typename A::target, query::include_clauses>(static_cast<const O*>(nullptr)) && ...);
    }
  }
}

template <class T, unsigned Allowed, class... C>
consteval bool reads_with(const std::tuple<C...>* = nullptr) {
  return (reads_with_one<T, Allowed>(static_cast<const C*>(nullptr)) && ...);
}

/// std::tuple of A... without its first N: the clauses after find_by_pk's keys.
template <std::size_t N, class... A>
struct drop_first { using type = std::tuple<A...>; };
template <std::size_t N, class A0, class... A>
  requires(N > 0)
struct drop_first<N, A0, A...> : drop_first<N - 1, A...> {};

/// Whether create(row, includes...) names associations of T only, and nested include<...>()
/// only inside them: one quarry: error for the first that does not.
template <class T, class... Inc>
consteval bool creates_with();

template <class T, class Inc>
consteval bool creates_with_one() {
  if constexpr (!query::is_include<Inc>) {
    static_assert(always_false<Inc>,
                  "quarry: create(row, ...) takes include<&T::member>(...) after the row, one for each association "
                  "to insert with it; where(...), order_by(...) and required are for reads");
    return false;
  } else if constexpr (!is_association_of<T, Inc::member>()) {
    static_assert(always_false<Inc>,
                  "quarry: create(row, include<&T::member>()) takes a member of the created model T that "
                  "Model<T>::associations declares; declare this member's association there, or name another");
    return false;
  } else {
    using Target = typename std::remove_cvref_t<decltype(association_of<Inc::member>())>::target;
    return []<class... O>(const std::tuple<O...>*) { return creates_with<Target, O...>(); }(
        static_cast<const decltype(Inc::options)*>(nullptr));
  }
}

template <class T, class... Inc>
consteval bool creates_with() {
  return (creates_with_one<T, Inc>() && ...);
}

/// Whether bulk_create's options fit T: individual_hooks, one of ignore_duplicates and
/// update_on_duplicate(...), and conflict_on(...) only beside one of them; one quarry: error for
/// the first that does not.
template <class T, class... O>
consteval bool bulk_options() {
  constexpr unsigned allowed = query::c_hooks | query::c_duplicates | query::c_conflict;
  if constexpr (!((requires { O::kind; } && (O::kind & ~allowed) == 0) && ...)) {
    static_assert(always_false<T>, "quarry: bulk_create(rows, ...) takes after the rows only quarry::individual_hooks, "
                                   "quarry::ignore_duplicates, update_on_duplicate(...) and conflict_on(...)");
    return false;
  } else if constexpr ((0 + ... + (O::kind == query::c_duplicates)) > 1) {
    static_assert(always_false<T>, "quarry: bulk_create(rows, ...) takes ignore_duplicates or update_on_duplicate(...), "
                                   "not both; update_on_duplicate(...) leaves the columns it does not name as stored");
    return false;
  } else if constexpr ((0 + ... + (O::kind == query::c_conflict)) > 0 &&
                       (0 + ... + (O::kind == query::c_duplicates)) == 0) {
    static_assert(always_false<T>, "quarry: conflict_on(...) in bulk_create(rows, ...) says which clash "
                                   "ignore_duplicates or update_on_duplicate(...) handles; pass one of them with it");
    return false;
  } else {
    return (query::check_clause<T, allowed, O>() && ...);
  }
}

/// Whether fn takes a row of T, as each<T>(fn, ...) calls it: one quarry: error when not.
template <class T, class F>
consteval bool each_fn() {
  constexpr bool ok = std::is_invocable_v<F&, T&>;
  static_assert(ok, "quarry: each<T>(fn, clauses...) calls fn(row) with a T& for each row; pass a callable that "
                    "takes a T&, a const T& or a T");
  return ok;
}

/// Whether each_batch<T>(fn, clauses...) fits: fn takes a batch, T has a one-column primary key
/// to page by, and the clauses leave the order and the paging to it; one quarry: error for the
/// first that does not, then the clauses' own checks.
template <class T, class F, class... C>
consteval bool batches_by_key() {
  constexpr bool takes_batch = std::is_invocable_v<F&, std::vector<T>&>;
  constexpr bool one_key = primary_key_indexes<T>().size() == 1;
  constexpr bool own_paging = ((requires { C::kind; } && (C::kind & (query::c_order | query::c_limit |
                                                                      query::c_offset)) != 0) || ...);
  if constexpr (!takes_batch) {
    static_assert(takes_batch, "quarry: each_batch<T>(fn, clauses...) calls fn(rows) with a std::vector<T>& of each "
                               "batch; pass a callable that takes a std::vector<T>& or a std::span<T>");
    return false;
  } else if constexpr (!one_key) {
    static_assert(one_key, "quarry: each_batch<T>(...) pages by T's primary key, which must be one column; for a "
                           "model with a composite key or none, read with each<T>(...) or stream<T>(...)");
    return false;
  } else if constexpr (own_paging) {
    static_assert(!own_paging, "quarry: each_batch<T>(...) orders by T's primary key and pages with a limit of its "
                               "own; drop order_by(...), limit(n) and offset(n) here (each<T>(...) and "
                               "stream<T>(...) take them)");
    return false;
  } else {
    return reads_with<T, query::key_batch_clauses, C...>();
  }
}

}  // namespace detail

template <class T, class... C>
class Stream;

class Session {
 public:
  virtual ~Session() = default;

  const sql::Dialect& dialect() const noexcept { return *shared_->driver.dialect; }

  // ---- reading ------------------------------------------------------------------------------

  // find_all, select and update with clauses are kept out of their callers ([[gnu::noinline]]):
  // a function that runs many different queries would otherwise take in every one of them and
  // cost the optimizer more than the calls cost at run time (bench/compile).

  // A where(col<&T::member> op value) keeps its comparison typed (query::Where<M, E>) for an
  // update to bind it into a prepared shape. The operations below take it lowered
  // (query::eager), so that every comparison on a model shares one instantiation of them.
  template <class T, class... C> requires query::keeps_where<C...>
  std::vector<T> find_all(const C&... c) { return find_all<T>(query::eager(c)...); }
  template <class T, class F, class... C> requires query::keeps_where<C...>
  void each(F&& fn, const C&... c) { each<T>(std::forward<F>(fn), query::eager(c)...); }
  template <class T, class F, class... C> requires query::keeps_where<C...>
  void each_batch(F&& fn, const C&... c) { each_batch<T>(std::forward<F>(fn), query::eager(c)...); }
  template <class T, class... C> requires query::keeps_where<C...>
  std::optional<T> find_one(const C&... c) { return find_one<T>(query::eager(c)...); }
  template <class T, class... C> requires query::keeps_where<C...>
  std::int64_t count(const C&... c) { return count<T>(query::eager(c)...); }
  template <class T, class M, class... V, class... C> requires query::keeps_where<C...>
  std::vector<std::tuple<V...>> select(const query::Columns<M, V...>& cols, const C&... c) {
    return select<T>(cols, query::eager(c)...);
  }
  template <class T, class... C> requires query::keeps_where<C...>
  PageOf<T> find_and_count_all(const C&... c) { return find_and_count_all<T>(query::eager(c)...); }
  template <class T, class... C> requires query::keeps_where<C...>
  std::int64_t destroy(const C&... c) { return destroy<T>(query::eager(c)...); }
  template <class T, class... C> requires query::keeps_where<C...>
  std::vector<T> destroy_returning(const C&... c) { return destroy_returning<T>(query::eager(c)...); }
  template <class T, class... C> requires query::keeps_where<C...>
  std::int64_t restore(const C&... c) { return restore<T>(query::eager(c)...); }
  template <class T, class M, class... A, class... C> requires query::keeps_where<C...>
  std::vector<T> update_returning(const query::Set<M, A...>& assignments, const C&... c) {
    return update_returning<T>(assignments, query::eager(c)...);
  }
  template <auto M, class Owner, class... C> requires query::keeps_where<C...>
  auto related(const Owner& owner, const C&... c) { return related<M>(owner, query::eager(c)...); }
  template <auto M, class Owner, class... C> requires query::keeps_where<C...>
  std::int64_t count_related(const Owner& owner, const C&... c) { return count_related<M>(owner, query::eager(c)...); }

  /// Every row that matches: find_all<Book>(where(...), order_by(...), limit(n), offset(n)),
  /// with associations loaded by include<&Book::author>(...).
  template <class T, class... C>
  [[gnu::noinline]] std::vector<T> find_all(const C&... clauses) {
    std::vector<T> out;
    if constexpr (detail::ModelCheck<T>::ok && detail::reads_with<T, query::find_clauses, C...>()) {
      auto lease = this->lease();
      exec::find_all_into<T>(shared_->exec, *lease, out, clauses...);
      found<T>(lease, out.data(), out.size());
    }
    return out;
  }

  /// Calls fn(row) for each row that matches, reading the rows as they come instead of into one
  /// vector, so that memory stays the same whatever their count (docs/queries.md, Streaming).
  /// Takes find_all's clauses and batch(n): rows per fetch (3000 unless given), or with includes
  /// parents per query of the includes, which load a batch at a time (1000 unless given). fn gets one T refilled for each row
  /// (a batch's rows with includes); it may throw to stop, which ends the query cleanly.
  ///   db.each<Book>([&](const Book& b) { total += b.stock; }, where(col<&Book::stock> > 0));
  template <class T, class F, class... C>
  [[gnu::noinline]] void each(F&& fn, const C&... clauses) {
    if constexpr (detail::ModelCheck<T>::ok && detail::each_fn<T, F>() &&
                  detail::reads_with<T, query::stream_clauses, C...>()) {
      auto lease = this->lease();
      std::size_t batch = exec::batch_of(clauses...);
      bool shared = streams_shared<T, C...>(*lease);
      if constexpr ((query::is_include<C> || ...)) {
        exec::Batches<T, C...> rows(shared_->exec, *lease, batch, shared, clauses...);
        std::vector<T> out;
        while (rows.next(out)) {
          found<T>(lease, out.data(), out.size());
          for (auto& r : out) fn(r);
        }
      } else {
        exec::each_row<T>(shared_->exec, *lease, batch, shared, [&](T& row) {
          found<T>(lease, &row, 1);
          fn(row);
        }, clauses...);
      }
    }
  }

  /// The rows that match, as an input range that reads them as they come (as each does): it
  /// holds its connection, and the query open, until it is destroyed; a loop may leave it early.
  ///   for (const Book& b : db.stream<Book>(where(col<&Book::stock> > 0), batch(500))) ...
  /// (A Stream<T, C...>; when a clause does not fit, after its one error, an empty range that
  /// instantiates nothing more.)
  template <class T, class... C>
  auto stream(const C&... clauses);

  /// Calls fn(rows) with each batch of the rows that match, in the order of the primary key:
  /// each batch is a query of its own (WHERE key > the last batch's last key ORDER BY key LIMIT
  /// n, with batch(n), 1000 unless given), so no connection is held while fn runs, and fn may
  /// write the rows it got (Rails' find_in_batches). Includes load per batch.
  ///   db.each_batch<Book>([&](std::vector<Book>& books) { ... }, where(...), batch(500));
  template <class T, class F, class... C>
  [[gnu::noinline]] void each_batch(F&& fn, const C&... clauses) {
    if constexpr (detail::ModelCheck<T>::ok && detail::batches_by_key<T, F, C...>()) {
      constexpr auto key = quarry::detail::single_primary_key<T>();
      const std::string column(quarry::detail::column_name<key>());
      const auto n = exec::batch_of(query::batch(exec::parents_per_batch), clauses...);  // (the caller's batch(n) wins)
      const query::Limit limit{static_cast<std::int64_t>(n)};
      const query::OrderBy<T> order{{sql::OrderTerm{sql::Node::column(column), false}}};
      auto read = [&](const auto&... after) {
        std::vector<T> out;
        auto lease = this->lease();
        exec::find_all_into<T, query::stream_clauses>(shared_->exec, *lease, out, clauses..., after..., order, limit);
        found<T>(lease, out.data(), out.size());
        return out;
      };
      for (auto rows = read(); !rows.empty();) {
        const auto last = rows.back().*key;
        const bool full = rows.size() == static_cast<std::size_t>(limit.n);
        fn(rows);
        if (!full) break;
        rows = read(query::Where<T>{sql::Node::binary(sql::Op::gt, sql::Node::column(column),
                                                      sql::Node::param(quarry::detail::to_value(last)))});
      }
    }
  }

  /// The first row that matches, if any.
  template <class T, class... C>
  std::optional<T> find_one(const C&... clauses) {
    if constexpr (detail::ModelCheck<T>::ok && detail::reads_with<T, query::find_clauses, C...>()) {
      auto lease = this->lease();
      auto row = exec::find_one<T>(shared_->exec, *lease, clauses...);
      if (row) found<T>(lease, &*row, 1);
      return row;
    }
    return std::nullopt;
  }

  /// The row with this primary key (one value per key column, in field order), then any
  /// include<...>(...) and only<...>, except<...>, with_hidden<...> clauses:
  /// find_by_pk<Author>(id, include<&Author::books>()).
  template <class T, class... A>
  std::optional<T> find_by_pk(const A&... args) {
    constexpr std::size_t keys = detail::leading_values<A...>();
    if constexpr (detail::ModelCheck<T>::ok && detail::check_find_keys<T, A...>() &&
                  detail::reads_with<T, query::find_clauses>(
                      static_cast<const typename detail::drop_first<keys, A...>::type*>(nullptr))) {
      if constexpr (sizeof...(A) == keys) {  // the common case: one prepared shape, no AST
        auto lease = this->lease();
        auto row = exec::find_by_key<T>(shared_->exec, *lease, args...);
        if (row) found<T>(lease, &*row, 1);
        return row;
      } else {
        auto all = std::forward_as_tuple(args...);
        auto lease = this->lease();
        return [&]<std::size_t... I, std::size_t... J>(std::index_sequence<I...>, std::index_sequence<J...>) {
          query::Where<T> by_key{sql::Node::pinned(key_condition<T>(std::get<I>(all)...))};
          auto row = exec::find_one<T>(shared_->exec, *lease, by_key, std::get<keys + J>(all)...);
          if (row) found<T>(lease, &*row, 1);
          return row;
        }(std::make_index_sequence<keys>{}, std::make_index_sequence<sizeof...(A) - keys>{});
      }
    }
    return std::nullopt;
  }

  /// Reads row again from the database, by its key; false if it is gone.
  template <class T>
  bool reload(T& row) {
    if constexpr (detail::ModelCheck<T>::ok) {
      auto lease = this->lease();
      return exec::reload(shared_->exec, *lease, row);
    }
    return false;
  }

  /// COUNT(*) of the rows that match.
  template <class T, class... C>
  std::int64_t count(const C&... clauses) {
    if constexpr (detail::ModelCheck<T>::ok) {
      auto lease = this->lease();
      return exec::count(shared_->exec, *lease, ops::model_info<T>(), ops::where_of<T>(clauses...),
                         ops::visibility<T, C...>());
    }
    return 0;
  }

  /// Aggregates of one column: sum(col<&Book::price>, where(...)); NULL (nullopt) over no rows.
  template <class E, class... C> auto sum(const E& e, const C&... c) { return aggregate(query::sum(e), c...); }
  template <class E, class... C> auto avg(const E& e, const C&... c) { return aggregate(query::avg(e), c...); }
  template <class E, class... C> auto min(const E& e, const C&... c) { return aggregate(query::min(e), c...); }
  template <class E, class... C> auto max(const E& e, const C&... c) { return aggregate(query::max(e), c...); }

  /// Chosen columns and aggregates as tuples:
  ///   select<Book>(columns(col<&Book::author>, count()), group_by(col<&Book::author>), having(count() > 1))
  template <class T, class M, class... V, class... C>
  [[gnu::noinline]] std::vector<std::tuple<V...>> select(const query::Columns<M, V...>& cols, const C&... clauses) {
    std::vector<std::tuple<V...>> out;
    constexpr unsigned allowed = query::find_clauses | query::c_group | query::c_having | query::c_columns;
    if constexpr (detail::ModelCheck<T>::ok && query::check_clause<T, allowed, query::Columns<M, V...>>()) {
      sql::Select s;
      query::apply_clause(s, cols);
      if (query::apply_clauses<T, allowed>(s, clauses...)) {
        auto lease = this->lease();
        exec::select_into(shared_->exec, *lease, ops::model_info<T>(), std::move(s), out, ops::visibility<T, C...>());
      }
    }
    return out;
  }

  /// The rows of one page and the count of all that match: limit and offset apply to rows only.
  /// Both come from one connection.
  template <class T, class... C>
  PageOf<T> find_and_count_all(const C&... clauses) {
    PageOf<T> page;
    if constexpr (detail::ModelCheck<T>::ok && detail::reads_with<T, query::find_clauses, C...>()) {
      auto lease = this->lease();
      page.rows = exec::find_all<T>(shared_->exec, *lease, clauses...);
      found<T>(lease, page.rows.data(), page.rows.size());
      auto where = ops::where_of<T, query::find_clauses>(clauses...);
      if (auto required = ops::required_filter<T>(clauses...))
        where = where ? sql::Node::binary(sql::Op::and_, std::move(*where), std::move(*required)) : std::move(required);
      page.count = exec::count(shared_->exec, *lease, ops::model_info<T>(), std::move(where), ops::visibility<T, C...>());
    }
    return page;
  }

  // ---- writing ------------------------------------------------------------------------------

  /// Inserts row and returns it with its generated key and timestamps.
  template <class T>
  T create(T row) {
    if constexpr (detail::ModelCheck<T>::ok) {
      auto lease = this->lease();
      hooked<T>(lease, false, [&](const ops::Hooks<T>& h) { exec::write(shared_->exec, *lease, row, ops::Write::insert, h); });
    }
    return row;
  }

  /// Inserts row with the associated rows its members hold, for each association the includes
  /// name (Sequelize's create(values, { include: [...] })), all in one transaction (a savepoint
  /// inside an open one): belongs_to targets first, then row, then has_one and has_many targets
  /// with their foreign key set, belongs_to_many targets and a join row for each. Every row passes
  /// the write path of its model (defaults, stamps, transforms, hooks, validation). Returns row
  /// with every key set; on failure nothing is written and row is not returned.
  ///   auto ada = db.create(Author{.name = "Ada", .books = {{.title = "Notes"}}}, include<&Author::books>());
  template <class T, class I, class... Is>
  T create(T row, const I& first, const Is&... more) {
    if constexpr (detail::ModelCheck<T>::ok && detail::creates_with<T, I, Is...>()) {
      auto lease = this->lease();
      auto insert = [&, hooks = hooks_of(lease)]<class R>(R& r) {
        exec::detail::write_hooked(shared_->exec, *lease, r, ops::Write::insert, hooks);
      };
      shared_->exec.atomically(*lease, [&] {
        exec::create_with(row, insert, first, more...);
        return 0;
      });
    }
    return row;
  }

  /// Inserts many rows in as few statements as the dialect's parameter limit allows, all or
  /// none; returns them with their generated keys. Runs before_bulk_create and after_bulk_create;
  /// bulk_create(rows, quarry::individual_hooks) runs each row's hooks too.
  ///
  /// bulk_create(rows, quarry::ignore_duplicates) leaves out the rows that clash with a stored
  /// row, and bulk_create(rows, update_on_duplicate(col<&T::a>, ...)) updates those columns (and
  /// updated_at) of the stored row instead; conflict_on(...) names the clash, by default the
  /// primary key, or the first unique key when a row has no key yet (see docs/queries.md).
  /// Then a row whose auto-increment key was unset gets the key of the row stored with its
  /// conflict columns' values, whether it was inserted or clashed.
  template <class T, class... O>
  std::vector<T> bulk_create(std::vector<T> rows, const O&... options) {
    if constexpr (detail::ModelCheck<T>::ok && detail::bulk_options<T, O...>()) {
      if (rows.empty()) return rows;
      std::vector<T*> all;
      all.reserve(rows.size());
      for (auto& r : rows) all.push_back(&r);
      constexpr bool individual = (std::is_same_v<O, query::IndividualHooks> || ...);
      constexpr bool on_duplicate = ((O::kind == query::c_duplicates) || ...);
      auto lease = this->lease();
      if constexpr (!on_duplicate) {
        hooked<T>(lease, individual, [&](const ops::Hooks<T>& h) {
          exec::write<T>(shared_->exec, *lease, all, ops::Write::insert, h);
        });
      } else {
        auto up = duplicates<T>(rows, options...);
        hooked<T>(lease, individual, [&](const ops::Hooks<T>& h) {
          exec::write<T>(shared_->exec, *lease, all, ops::Write::insert, h, &up);
        });
      }
    }
    return rows;
  }

  /// Inserts row if its auto-increment key is unset, else updates it by key (inserting it when
  /// no row has that key). Maintains timestamps; row receives its key.
  template <class T>
  void save(T& row) {
    if constexpr (detail::ModelCheck<T>::ok) {
      auto lease = this->lease();
      hooked<T>(lease, false, [&](const ops::Hooks<T>& h) { exec::save(shared_->exec, *lease, row, h); });
    }
  }

  /// Saves a tracked row (quarry::track): writes only the columns that differ from its snapshot,
  /// and updated_at, where the key is the snapshot's; nothing, and false, when nothing differs.
  /// A row whose auto-increment key is unset is inserted whole. Once written, the row is its own
  /// snapshot again (changed() is empty). See docs/models.md, "Change tracking".
  template <class T>
  bool save(Tracked<T>& tracked) {
    if constexpr (detail::ModelCheck<T>::ok) {
      auto lease = this->lease();
      bool wrote = hooked<T>(lease, false, [&](const ops::Hooks<T>& h) {
        return exec::save_changes(shared_->exec, *lease, *tracked, tracked.snapshot(), h);
      });
      if (wrote) tracked.reset();
      return wrote;
    }
    return false;
  }

  /// Writes every column of row but its key and created_at, by its key; false when no row has
  /// that key. Maintains updated_at. A versioned model's row must hold the stored version:
  /// else OptimisticLockError, and nothing is written; on success row.version counts up.
  template <class T>
  bool update(T& row) {
    if constexpr (detail::ModelCheck<T>::ok) {
      const auto& info = ops::model_info<T>();
      if (!exec::has_update_columns(info))
        detail::update_of_key_only(info.table);
      auto lease = this->lease();
      return hooked<T>(lease, false, [&](const ops::Hooks<T>& h) {
        return exec::write(shared_->exec, *lease, row, ops::Write::update, h) > 0;
      });
    }
    return false;
  }

  /// UPDATE ... SET ... WHERE ...; returns the rows changed. Maintains updated_at (and counts
  /// up version). Runs before_bulk_update and after_bulk_update; with individual_hooks,
  /// before_update and after_update on each row too. On a model with deleted_at it changes the
  /// live rows only, unless with_deleted() or only_deleted().
  ///   update<Book>(set(col<&Book::price> = 10), where(col<&Book::id> == 1))
  template <class T, class M, class... A, class... C>
  [[gnu::noinline]] std::int64_t update(const query::Set<M, A...>& assignments, const C&... clauses) {
    static_assert((query::c_where & (0u | ... | C::kind)) != 0,
                  "quarry: update<T>(set(...)) needs where(...); to change every row say so with "
                  "quarry::dsl::every_row");
    using S = query::Set<M, A...>;
    constexpr unsigned allowed = query::c_where | query::c_unscoped | query::c_hooks | query::c_deleted;
    if constexpr (detail::ModelCheck<T>::ok && query::check_clause<T, query::c_set, S>()) {
      if constexpr (ops::updates_by_shape<T, S, C...> && (query::check_clause<T, allowed, C>() && ...)) {
        // plain values and one comparison: a statement prepared once, the values bound (exec::update_shaped)
        auto lease = this->lease();
        return hooked<T>(lease, false, [&](const ops::Hooks<T>& h) {
          return exec::update_shaped<T>(shared_->exec, *lease, assignments, clauses..., h);
        });
      } else {
        return update_tree<T>(assignments.lower(), query::eager(clauses)...);
      }
    }
    return 0;
  }

  /// Deletes row by its key; false if it was not there. On a model with deleted_at it sets
  /// deleted_at to now instead (a soft delete; false if it was deleted already), in the
  /// database and in row, unless destroy(row, quarry::force).
  template <class T, class... O>
  bool destroy(T& row, const O&... force) {
    return destroy_row<std::remove_const_t<T>>(row, force...);
  }
  template <class T, class... O>
  bool destroy(const T& row, const O&... force) {
    return destroy_row<T>(row, force...);
  }

  /// DELETE ... WHERE ...; returns the rows deleted. Every row only with every_row. Runs
  /// before_bulk_destroy and after_bulk_destroy; with individual_hooks, before_destroy and
  /// after_destroy on each row too. On a model with deleted_at it sets deleted_at to now on the
  /// live rows that match instead, unless quarry::force is among the clauses (then it deletes
  /// every row that matches, soft-deleted or not, as Sequelize's destroy({force: true})).
  template <class T, class... C>
  std::int64_t destroy(const C&... clauses) {
    static_assert((query::c_where & (0u | ... | C::kind)) != 0,
                  "quarry: destroy<T>(...) needs where(...); to delete every row use truncate<T>() or every_row");
    if constexpr (detail::ModelCheck<T>::ok) {
      auto where = ops::write_where<T, query::c_where | query::c_unscoped | query::c_hooks | query::c_force>(clauses...);
      auto lease = this->lease();
      return hooked<T>(lease, (std::is_same_v<C, query::IndividualHooks> || ...), [&](const ops::Hooks<T>& h) {
        return exec::destroy_where<T, (std::is_same_v<C, query::IndividualHooks> || ...), query::forced<C...>>(
            shared_->exec, *lease, std::move(where), h);
      });
    }
    return 0;
  }

  /// update<T>(set(...), where(...)) that gives back the rows it changed, as they are after it
  /// (in no particular order), instead of their count: Sequelize's update(values, { where,
  /// returning: true }). Stamps, version, default scope, soft delete and hooks as update does.
  /// UPDATE ... RETURNING on PostgreSQL and SQLite; on MySQL and MariaDB, which have none, one
  /// transaction locks the rows that match (SELECT ... FOR UPDATE), updates them by key and reads
  /// them again.
  ///   auto repriced = db.update_returning<Book>(set(col<&Book::price> = 10), where(col<&Book::stock> == 0));
  template <class T, class M, class... A, class... C>
  [[gnu::noinline]] std::vector<T> update_returning(const query::Set<M, A...>& assignments, const C&... clauses) {
    static_assert((query::c_where & (0u | ... | C::kind)) != 0,
                  "quarry: update_returning<T>(set(...)) needs where(...); to change every row say so with "
                  "quarry::dsl::every_row");
    if constexpr (detail::ModelCheck<T>::ok && query::check_clause<T, query::c_set, query::Set<M, A...>>()) {
      auto where = ops::write_where<T, query::c_where | query::c_unscoped | query::c_hooks | query::c_deleted>(clauses...);
      auto lease = this->lease();
      return hooked<T>(lease, (std::is_same_v<C, query::IndividualHooks> || ...), [&](const ops::Hooks<T>& h) {
        return exec::update_where_returning<T, (std::is_same_v<C, query::IndividualHooks> || ...)>(
            shared_->exec, *lease, assignments.lower(), std::move(where), h);
      });
    }
    return {};
  }

  /// destroy<T>(where(...)) that gives back the rows it destroyed instead of their count: as they
  /// were when deleted, or, soft-deleted (a model with deleted_at, without force), as they are
  /// after it. Scope, soft delete, force and hooks as destroy does. DELETE ... RETURNING on
  /// PostgreSQL, SQLite and MariaDB 10.5+; on MySQL 8, which has none, one transaction reads and
  /// locks the rows that match, then deletes them by key.
  ///   auto gone = db.destroy_returning<Book>(where(col<&Book::stock> == 0));
  template <class T, class... C>
  std::vector<T> destroy_returning(const C&... clauses) {
    static_assert((query::c_where & (0u | ... | C::kind)) != 0,
                  "quarry: destroy_returning<T>(...) needs where(...); to delete every row say so with every_row");
    if constexpr (detail::ModelCheck<T>::ok) {
      auto where = ops::write_where<T, query::c_where | query::c_unscoped | query::c_hooks | query::c_force>(clauses...);
      auto lease = this->lease();
      return hooked<T>(lease, (std::is_same_v<C, query::IndividualHooks> || ...), [&](const ops::Hooks<T>& h) {
        return exec::destroy_where_returning<T, (std::is_same_v<C, query::IndividualHooks> || ...),
                                             query::forced<C...>>(shared_->exec, *lease, std::move(where), h);
      });
    }
    return {};
  }

  /// Brings back a soft-deleted row (a model with deleted_at): deleted_at = NULL, by its key;
  /// false if no soft-deleted row has that key. Runs before_restore and after_restore.
  template <class T>
  bool restore(T& row) {
    static_assert(ops::soft_deletes_v<T>,
                  "quarry: restore(row) brings back soft-deleted rows, and this model has none; give it a "
                  "std::optional<quarry::Timestamp> deleted_at member (or quarry::soft_delete on one)");
    if constexpr (detail::ModelCheck<T>::ok && ops::soft_deletes_v<T>) {
      auto lease = this->lease();
      return hooked<T>(lease, false, [&](const ops::Hooks<T>& h) {
        return exec::write(shared_->exec, *lease, row, ops::Write::restore, h) > 0;
      });
    }
    return false;
  }

  /// Brings back the soft-deleted rows that match: restore<User>(where(...)); returns how many.
  /// With individual_hooks, runs before_restore and after_restore on each.
  template <class T, class... C>
  std::int64_t restore(const C&... clauses) {
    static_assert(ops::soft_deletes_v<T>,
                  "quarry: restore<T>(...) brings back soft-deleted rows, and this model has none; give it a "
                  "std::optional<quarry::Timestamp> deleted_at member (or quarry::soft_delete on one)");
    static_assert((query::c_where & (0u | ... | C::kind)) != 0,
                  "quarry: restore<T>(...) needs where(...); to restore every row say so with "
                  "quarry::dsl::every_row");
    if constexpr (detail::ModelCheck<T>::ok && ops::soft_deletes_v<T>) {
      auto where = ops::write_where<T, query::c_where | query::c_unscoped | query::c_hooks | query::c_deleted>(
          clauses..., query::only_deleted());
      auto lease = this->lease();
      return hooked<T>(lease, (std::is_same_v<C, query::IndividualHooks> || ...), [&](const ops::Hooks<T>& h) {
        return exec::restore_where<T, (std::is_same_v<C, query::IndividualHooks> || ...)>(shared_->exec, *lease,
                                                                                       std::move(where), h);
      });
    }
    return 0;
  }

  /// column = column + by for the rows that match; returns the rows changed.
  template <class T, auto M, class V, class... C>
  std::int64_t increment(const query::Column<M>& column, const V& by, const C&... clauses) {
    detail::check_for<M>(by);
    return update<T>(query::set(column = column + by), clauses...);
  }
  template <class T, auto M, class V, class... C>
  std::int64_t decrement(const query::Column<M>& column, const V& by, const C&... clauses) {
    detail::check_for<M>(by);
    return update<T>(query::set(column = column - by), clauses...);
  }
  /// column = column + by for this row, in the database (safe against concurrent changes),
  /// then row is read back.
  template <class T, auto M, class V>
  void increment(T& row, const query::Column<M>& column, const V& by) {
    static_assert(std::is_same_v<detail::class_of<M>, T>,
                  "quarry: increment(row, col<...>, n) takes a column of the row's own model");
    detail::check_for<M>(by);
    change_by(row, column = column + by);
  }
  template <class T, auto M, class V>
  void decrement(T& row, const query::Column<M>& column, const V& by) {
    static_assert(std::is_same_v<detail::class_of<M>, T>,
                  "quarry: decrement(row, col<...>, n) takes a column of the row's own model");
    detail::check_for<M>(by);
    change_by(row, column = column - by);
  }

  /// The first row matching where, or defaults created; .second tells whether it was created.
  template <class T, class M, class E>
  std::pair<T, bool> find_or_create(const query::Where<M, E>& where, T defaults) {
    if constexpr (detail::ModelCheck<T>::ok) {
      auto lease = this->lease();
      return hooked<T>(lease, false, [&](const ops::Hooks<T>& h) {
        return exec::find_or_create<T>(shared_->exec, *lease, where, defaults, h);
      });
    }
    return {std::move(defaults), false};
  }

  /// The first row matching where, or a row built and not saved: defaults, with each member that
  /// where sets equal to a value (col<&T::m> == v, ANDed) set to it. .second tells whether it was
  /// built (Sequelize's findOrBuild). Nothing is written either way; save(row) or create(row)
  /// stores a built row.
  ///   auto [user, built] = db.find_or_build(where(col<&User::email> == e), User{.name = "new"});
  template <class T, class M, class E>
  std::pair<T, bool> find_or_build(const query::Where<M, E>& where, T defaults) {
    if (auto found = find_one<T>(where)) return {std::move(*found), false};
    ops::assign_equalities(defaults, where.lower());
    return {std::move(defaults), true};
  }

  /// Inserts row, or on a clash with its primary key (or with conflict_on(...)) updates the
  /// existing row's other columns; returns the row as stored.
  template <class T, class... C>
  T upsert(T row, const C&... conflict) {
    static_assert(sizeof...(C) <= 1, "quarry: upsert(row, conflict_on(...)) takes at most one conflict_on");
    if constexpr (detail::ModelCheck<T>::ok && (query::check_clause<T, query::c_conflict, C>() && ...)) {
      auto lease = this->lease();
      return hooked<T>(lease, false, [&](const ops::Hooks<T>& h) {
        auto run = [&] {
          T* one = &row;
          ops::prepare(std::span<T* const>(&one, 1), ops::Write::upsert, false, h).done();  // row is the caller's copy
          std::vector<std::string> target;
          if constexpr (sizeof...(C) == 1) target = (conflict.columns, ...);
          else target = default_conflict(ops::model_info<T>(), ops::key_unset(row));
          if (target.empty())
            throw ConfigError("quarry: upsert of a row without a key needs conflict_on(...) naming a unique column");
          T out = exec::upsert(shared_->exec, *lease, row, target);
          if (h.active()) h.template row<HookKind::after_upsert>(out);
          return out;
        };
        // with after_upsert, the upsert and its hooks run in one transaction
        if (h.template any<HookKind::after_upsert>()) return shared_->exec.atomically(*lease, run);
        return run();
      });
    }
    return row;
  }

  /// Deletes every row of T (TRUNCATE where the dialect has it).
  template <class T>
  void truncate() {
    if constexpr (detail::ModelCheck<T>::ok) {
      auto lease = this->lease();
      run(lease, sql::render(lease->dialect(), sql::Truncate{ops::model_info<T>().table}));
    }
  }

  // ---- associations ------------------------------------------------------------------------------

  /// The rows associated with owner through member M (a vector for has_many/belongs_to_many,
  /// an optional for has_one/belongs_to), with optional where/order_by/limit/include clauses.
  template <auto M, class Owner, class... C>
  auto related(const Owner& owner, const C&... clauses) {
    static_assert(std::is_same_v<Owner, typename ops::Related<M>::Owner>, "quarry: related<&T::member>(owner) takes a T");
    auto lease = this->lease();
    return exec::related<M>(shared_->exec, *lease, owner, clauses...);
  }
  /// How many rows are associated with owner through M.
  template <auto M, class Owner, class... C>
  std::int64_t count_related(const Owner& owner, const C&... clauses) {
    auto lease = this->lease();
    return exec::count_related<M>(shared_->exec, *lease, owner, clauses...);
  }
  /// Whether target is associated with owner through M.
  template <auto M, class Owner, class Target>
  bool has_related(const Owner& owner, const Target& target) {
    static_assert(std::is_same_v<Target, typename ops::Related<M>::Target>,
                  "quarry: has_related<M>(owner, target) takes a target of M");
    auto lease = this->lease();
    return exec::has_related<M>(shared_->exec, *lease, owner, target);
  }
  /// Associates an existing target with owner (sets the foreign key, or inserts the join row;
  /// through carries the join row's own columns).
  template <auto M, class Owner, class Target, class... Through>
  void add_related(Owner& owner, Target& target, const Through&... through) {
    using A = typename ops::Related<M>::A;
    static_assert(std::is_same_v<Target, typename ops::Related<M>::Target>,
                  "quarry: add_related<M>(owner, target) takes a target of M");
    if constexpr (A::kind == AssociationKind::belongs_to_many) {
      using Link = detail::class_of<A::foreign_key>;
      static_assert(sizeof...(Through) <= 1 && (std::is_same_v<Through, Link> && ...),
                    "quarry: add_related on belongs_to_many takes at most one join row of the join model");
    }
    auto lease = this->lease();
    exec::add_related<M>(shared_->exec, *lease, owner, target, hooks_of(lease), through...);
  }
  /// Ends the association (the foreign key becomes NULL, or the join row is deleted).
  template <auto M, class Owner, class Target>
  void remove_related(Owner& owner, Target& target) {
    static_assert(exec::removable<M>(),
                  "quarry: remove_related needs a nullable (std::optional) foreign key; destroy the row instead");
    if constexpr (exec::removable<M>()) {
      auto lease = this->lease();
      exec::remove_related<M>(shared_->exec, *lease, owner, target, hooks_of(lease));
    }
  }
  /// Makes targets exactly the rows associated with owner through M, all or nothing.
  template <auto M, class Owner, class Target>
  void set_related(Owner& owner, std::vector<Target>& targets) {
    constexpr auto kind = ops::Related<M>::A::kind;
    static_assert(kind == AssociationKind::has_many || kind == AssociationKind::belongs_to_many,
                  "quarry: set_related takes a has_many or belongs_to_many member; use add_related for one row");
    auto lease = this->lease();
    exec::set_related<M>(shared_->exec, *lease, owner, targets, hooks_of(lease));
  }
  /// Creates target already associated with owner; returns it with its key.
  template <auto M, class Owner, class Target, class... Through>
  Target create_related(Owner& owner, Target target, const Through&... through) {
    static_assert(std::is_same_v<Target, typename ops::Related<M>::Target>,
                  "quarry: create_related<M>(owner, target) takes a target of M");
    auto lease = this->lease();
    return exec::create_related<M>(shared_->exec, *lease, owner, target, hooks_of(lease), through...);
  }

  // ---- raw SQL --------------------------------------------------------------------------------

  /// Raw SQL with '?' placeholders on every dialect, values bound:
  ///   query<Book>("SELECT * FROM books WHERE price < ?", 30)          columns matched by name
  ///   query<std::tuple<std::string, std::int64_t>>("SELECT title, id FROM books")   by position
  template <class R, class... A>
  std::vector<R> query(std::string_view sql_text, const A&... args) {
    auto lease = this->lease();
    sql::Rendered r{sql::translate_placeholders(lease->dialect(), sql_text), {detail::to_value(args)...}};
    return exec::query_rows<R>(shared_->exec, *lease, r);
  }

  /// Raw SQL with :name placeholders on every dialect, values bound by name (Sequelize's
  /// replacements): query<Book>("SELECT * FROM books WHERE price < :max", quarry::Named{{"max", 30}}).
  /// A name may appear more than once; one that has no value, or a value whose name does not
  /// appear, is a QueryError before any SQL is sent.
  template <class R>
  std::vector<R> query(std::string_view sql_text, const Named& args) {
    auto lease = this->lease();
    return exec::query_rows<R>(shared_->exec, *lease, args.render(lease->dialect(), sql_text));
  }
  /// execute(sql, quarry::Named{...}): raw SQL with :name placeholders that returns no rows.
  std::int64_t execute(std::string_view sql_text, const Named& args) {
    auto lease = this->lease();
    return run(lease, args.render(lease->dialect(), sql_text));
  }

  /// Raw SQL that returns no rows; returns the rows changed.
  template <class... A>
  std::int64_t execute(std::string_view sql_text, const A&... args) {
    auto lease = this->lease();
    sql::Rendered r{sql::translate_placeholders(lease->dialect(), sql_text), {detail::to_value(args)...}};
    return run(lease, r);
  }

  // ---- schema (defined in schema/sync.hpp) -----------------------------------------------------

  /// CREATE TABLE IF NOT EXISTS for each model, in foreign-key order, with their indexes.
  template <class... T>
  void sync(SyncOptions options = {});
  /// DROP TABLE IF EXISTS for each model, dependents first.
  template <class... T>
  void drop();
  /// The steps that would make the database's tables what the models declare (defined in
  /// schema/diff.hpp), in the order sync with alter runs them (with options.drop_other_tables,
  /// the drops of the database's other tables too).
  template <class... T>
  std::vector<schema::Step> diff(SyncOptions options = {});

  // ---- schema operations (defined in schema/operations.hpp): Sequelize's QueryInterface -------

  /// CREATE TABLE of T as sync creates it, with its indexes (an error when it exists).
  template <class T>
  void create_table();
  /// CREATE TABLE described column by column (schema::column), with table constraints (a
  /// composite primary key, uniques, checks, foreign keys) besides: what a migration writes so
  /// that it stays what it was when the model changes. On PostgreSQL, its enumerations' types
  /// first.
  void create_table(std::string_view table, std::vector<schema::Column> columns,
                    std::vector<schema::Constraint> constraints);
  /// (two overloads, not a default argument: one would compile the constraints' vector
  /// destructor in every file that includes this one)
  void create_table(std::string_view table, std::vector<schema::Column> columns);
  /// DROP TABLE table (an error when there is none).
  void drop_table(std::string_view table);
  void rename_table(std::string_view from, std::string_view to);
  /// ADD COLUMN of member M's column as its model declares it (PostgreSQL: its enum type first).
  template <auto M>
  void add_column();
  /// ADD COLUMN described by hand (schema::column); its foreign key, if any, added after it.
  void add_column(std::string_view table, schema::Column column);
  void remove_column(std::string_view table, std::string_view column);
  /// Makes member M's column's type and NULL what its model declares; on SQLite, by rebuilding
  /// the model's table (as sync with alter does).
  template <auto M>
  void change_column();
  /// Makes table's column what column describes (its keys stay as they are): type and NULL on
  /// PostgreSQL (and an enumeration's labels), the whole definition on MySQL, and on SQLite by
  /// rebuilding the table from its own definition with that column's replaced. What a
  /// generated migration writes for a changed column.
  void change_column(std::string_view table, schema::Column column);
  void rename_column(std::string_view table, std::string_view from, std::string_view to);
  /// CREATE INDEX on table's columns; by default named as sync names them (table_columns).
  void add_index(std::string_view table, std::vector<std::string> columns, schema::IndexOptions options = {});
  void remove_index(std::string_view table, std::string_view name);
  /// ALTER TABLE ... ADD CONSTRAINT (Sequelize's addConstraint); SQLite, which cannot, rebuilds
  /// the table with it (a unique key is a unique index there). A SchemaError when rows break it.
  void add_constraint(std::string_view table, schema::Constraint constraint);
  /// Drops table's constraint name, whatever its kind (Sequelize's removeConstraint); a
  /// SchemaError when the table has none of that name.
  void remove_constraint(std::string_view table, std::string_view name);

  // ---- reading the schema (defined in schema/introspect.hpp) ----------------------------------

  /// The tables of the database (on PostgreSQL, of the current schema), by name, in byte order.
  std::vector<std::string> tables();
  /// The columns of table, in order; a QueryError when there is no such table.
  std::vector<schema::ColumnInfo> describe_table(std::string_view table);
  /// The indexes of table but its primary key's, by name (none for a table that is not there).
  std::vector<schema::IndexInfo> describe_indexes(std::string_view table);
  /// The foreign keys of table, by name (none for a table that is not there).
  std::vector<schema::ForeignKeyInfo> describe_foreign_keys(std::string_view table);
  /// The checks of table, by name, but those the database makes of a column's type (SQLite's
  /// enumeration labels, MariaDB's JSON validity: describe_table reports them as the column's).
  std::vector<schema::CheckInfo> describe_checks(std::string_view table);

 protected:
  friend class Migrator;  // runs migrations on one connection of its own (schema/migrate.hpp)
  explicit Session(std::shared_ptr<detail::Shared> shared) : shared_(std::move(shared)) {}
  Session(Session&&) noexcept = default;

  /// A connection for one operation: borrowed from the pool, or the transaction's own.
  virtual Pool::Lease lease() = 0;

  // Running statements is the executor's (exec/executor.hpp); these hand it the lease's
  // connection.

  /// Runs r, which returns no rows; returns the rows changed.
  std::int64_t run(Pool::Lease& lease, const sql::Rendered& r) {
    return shared_->exec.run(*lease, r, [](driver::Statement&) {});
  }
  void run_plain(Pool::Lease& lease, const std::string& sql_text) { shared_->exec.run_plain(*lease, sql_text); }
  /// Runs a diff's steps on one connection, all or nothing where DDL is transactional; a SQLite
  /// rebuild with foreign keys off around it (defined in schema/sync.hpp).
  void apply_steps(const std::vector<schema::Step>& steps);
  /// sync, diff and drop of models given as plain data (schema::detail::model_facts): what the
  /// templates above call, compiled once (defined in schema/sync.hpp and schema/diff.hpp).
  void sync_models(std::span<const schema::detail::ModelFacts> models, const SyncOptions& options);
  std::vector<schema::Step> diff_models(std::span<const schema::detail::ModelFacts> models, const SyncOptions& options);
  void drop_models(std::span<const schema::detail::ModelFacts> models);
  /// ADD COLUMN c to table (schema/operations.hpp): add_column's one way, described or modeled.
  void add_column_def(std::string_view table, sql::ColumnDef c);
  /// Runs one DDL statement as it is (no placeholders to translate).
  void run_ddl(const std::string& sql_text) {
    auto lease = this->lease();
    run_plain(lease, sql_text);
  }
  template <class F>
  auto atomically(Pool::Lease& lease, F&& f) {
    return shared_->exec.atomically(*lease, std::forward<F>(f));
  }

  std::shared_ptr<detail::Shared> shared_;

  /// update<T>(set, clauses) that is no shape: the set lowered, the clauses as query::eager
  /// gives them, so that the updates of a model share this instantiation.
  template <class T, class... C>
  [[gnu::noinline]] std::int64_t update_tree(quarry::detail::Vector<sql::Assignment> set, const C&... clauses) {
    auto where = ops::write_where<T, query::c_where | query::c_unscoped | query::c_hooks | query::c_deleted>(clauses...);
    auto lease = this->lease();
    return hooked<T>(lease, (std::is_same_v<C, query::IndividualHooks> || ...), [&](const ops::Hooks<T>& h) {
      return exec::update_where<T, (std::is_same_v<C, query::IndividualHooks> || ...)>(shared_->exec, *lease,
                                                                                      std::move(set), std::move(where), h);
    });
  }

  /// Calls f(hooks) with the hooks of T for an operation on lease's connection. A model that
  /// declares none, on a Database with none registered, gets hooks with no context and no
  /// registry (one test of a flag here, per operation); else a context bound to the connection.
  template <class T, class F>
  decltype(auto) hooked(Pool::Lease& lease, bool individual, F&& f) {
    ops::Hooks<T> hooks;
    HookContext<std::conditional_t<true, void, T>> ctx;  // HookSession is complete only below
    if (ops::Hooks<T>::declared || shared_->hooks.any) [[unlikely]] {
      open_hooks(ctx, lease);
      hooks = {&*ctx, shared_->hooks.any ? &shared_->hooks : nullptr, individual};
    }
    return f(hooks);  // one call: f is instantiated and inlined once
  }

  /// The hooks of any model on lease's connection, for an operation that writes rows of several
  /// models (the association helpers): hooks_of(lease)(std::type_identity<R>{}, individual, fn).
  struct HooksOf {
    Session* self;
    Pool::Lease* lease;
    template <class R, class F>
    decltype(auto) operator()(std::type_identity<R>, bool individual, F&& fn) const {
      return self->template hooked<R>(*lease, individual, fn);
    }
  };
  HooksOf hooks_of(Pool::Lease& lease) { return {this, &lease}; }

  /// Whether a stream of T with clauses C must leave its connection free between rows (see
  /// driver::Statement::run_streamed): its includes load per batch on it, after_find hooks may
  /// run statements on it, and in a transaction the caller's own statements run on it too.
  template <class T, class... C>
  bool streams_shared(const driver::Connection& c) const noexcept {
    return (query::is_include<C> || ...) || ops::Hooks<T>::template declares<HookKind::after_find> ||
           shared_->hooks.any || c.transaction_depth != 0;
  }

  template <class T, class... C>
  friend class Stream;

  /// Runs the after_find hooks on the count rows just read at rows (a pointer and a count, not a
  /// std::span: its range constructor is one more instantiation per model and caller).
  template <class T>
  void found(Pool::Lease& lease, T* rows, std::size_t count) {
    if constexpr (!ops::Hooks<T>::template declares<HookKind::after_find>) {
      // only hooks registered on the Database can run: through one function compiled once
      if (shared_->hooks.any && shared_->hooks.has(HookKind::after_find)) [[unlikely]]
        found_global<std::conditional_t<true, void, T>>(lease, ops::model_info<T>().table, typeid(T), rows, count,
                                                        sizeof(T));
    } else {
      hooked<T>(lease, false, [&](const ops::Hooks<T>& h) {
        for (std::size_t i = 0; i < count; ++i) h.template row<HookKind::after_find>(rows[i]);
      });
    }
  }

 private:
  /// destroy(row): R is T, or const T when the caller's row is const (then its deleted_at is
  /// not set).
  template <class T, class R, class... O>
  bool destroy_row(R& row, const O&...) {
    static_assert(sizeof...(O) <= 1 && (std::is_same_v<O, query::Force> && ...),
                  "quarry: destroy(row, ...) takes nothing after the row but quarry::force");
    if constexpr (detail::ModelCheck<T>::ok) {
      auto lease = this->lease();
      constexpr auto kind = sizeof...(O) == 1 ? ops::Write::force_destroy : ops::Write::destroy;
      return hooked<T>(lease, false, [&](const ops::Hooks<T>& h) {
        return exec::write(shared_->exec, *lease, row, kind, h) > 0;
      });
    }
    return false;
  }

  /// The context hooks get, made only when some hook may run (see hooked). Tag is always void.
  template <class Tag>
  using HookContext = std::optional<detail::HookSession<Tag>>;
  /// Makes ctx a Session on lease's connection: compiled once (Tag is always void), not once
  /// per model and operation.
  template <class Tag>
  [[gnu::noinline]] void open_hooks(HookContext<Tag>& ctx, Pool::Lease& lease) {
    ctx.emplace(shared_, *lease);
  }
  /// The after_find hooks registered on the Database, on count rows of stride bytes from first:
  /// compiled once too (Tag is always void).
  template <class Tag>
  [[gnu::noinline]] void found_global(Pool::Lease& lease, std::string_view table, const std::type_info& type,
                                      void* first, std::size_t count, std::size_t stride) {
    HookContext<Tag> ctx;
    open_hooks(ctx, lease);
    for (std::size_t i = 0; i < count; ++i)
      ops::detail::run_global(shared_->hooks, HookKind::after_find, table, type, static_cast<char*>(first) + i * stride,
                              false, 1, *ctx);
  }

  template <class E, class... C>
  auto aggregate(const E& e, const C&... clauses) {
    using T = query::model_of<E>;
    using V = query::value_of<E>;
    auto rows = select<T>(query::columns(e), clauses...);
    return rows.empty() ? V{} : std::get<0>(rows.front());
  }

  template <class T, class A>
  void change_by(T& row, const A& assignment) {
    if constexpr (detail::ModelCheck<T>::ok) {
      auto lease = this->lease();
      exec::change(shared_->exec, *lease, row, assignment.lower());
    }
  }

  /// The key condition of find_by_pk, its slots filled (check_find_keys has checked them).
  template <class T, class... K>
  sql::Node key_condition(const K&... key) {
    constexpr auto pk = detail::primary_key_indexes<T>();
    // the key shape's condition with its slots filled: the key columns are written once
    const auto& info = ops::model_info<T>();
    quarry::detail::Vector<sql::Value> values(info.columns.size());
    [&]<std::size_t... J>(std::index_sequence<J...>) {
      ((values[pk[J]] = detail::to_value(key)), ...);
    }(std::make_index_sequence<pk.size()>{});
    auto cond = ops::shape::key_condition(info);
    ops::detail::fill_slots(cond, values);
    return cond;
  }

  /// What bulk_create's options say to do on a clash (sql::Upsert): the conflict_on(...) columns or
  /// default_conflict's, and update_on_duplicate(...)'s columns with updated_at (none: ignore).
  template <class T, class... O>
  static sql::Upsert duplicates(const std::vector<T>& rows, const O&... options) {
    const auto& info = ops::model_info<T>();
    sql::Upsert up;
    bool given = false;
    [[maybe_unused]] auto one = [&]<class X>(const X& o) {
      if constexpr (X::kind == query::c_conflict) {
        up.conflict_columns = o.columns;
        given = true;
      } else if constexpr (X::kind == query::c_duplicates && !std::is_same_v<X, query::IgnoreDuplicates>) {
        up.update_columns = o.columns;
      }
    };
    (one(options), ...);
    if (!up.update_columns.empty() && info.updated_at) {
      const auto& stamp = info.columns[*info.updated_at];
      if (!quarry::detail::contains(up.update_columns, stamp))
        up.update_columns.push_back(stamp);
    }
    if (!given) {
      bool unkeyed = quarry::detail::any_of(rows.begin(), rows.end(), [](const T& r) { return ops::key_unset(r); });
      up.conflict_columns = default_conflict(info, unkeyed);
      if (up.conflict_columns.empty())
        detail::bulk_create_needs_conflict(info.table);
    }
    return up;
  }

  /// What an upsert without conflict_on(...) clashes with: the primary key when the row has one,
  /// else the model's first unique column set (none: the caller says so).
  static std::vector<std::string> default_conflict(const ops::ModelInfo& info, bool key_unset) {
    if (!(info.auto_increment && key_unset)) return info.primary_key_columns();
    if (!info.unique_keys.empty()) return info.unique_keys.front();
    return {};
  }
};

namespace detail {
/// What a hook's Session is: every operation runs on the connection of the operation that called
/// the hook, so in its transaction too.
template <class Tag>
class HookSession final : public Session {
 public:
  HookSession(std::shared_ptr<Shared> shared, driver::Connection& conn) : Session(std::move(shared)), conn_(&conn) {}

 protected:
  Pool::Lease lease() override { return Pool::Lease(*conn_); }

 private:
  driver::Connection* conn_;
};
}  // namespace detail

/// The rows of T that match a query, as an input range read as it goes (Session::stream): rows
/// come batch(n) at a time, includes loaded per batch. It holds its connection (the
/// transaction's, in one) and the query open until it is destroyed; leaving a loop early is
/// fine. Movable, not copyable; a std::ranges::input_range (views such as take apply).
///   for (const Book& b : db.stream<Book>(where(col<&Book::stock> > 0))) total += b.stock;
template <class T, class... C>
class Stream {
  struct State {
    State(Session& s, Pool::Lease l, std::size_t batch, bool shared, const C&... clauses)
        : session(s), lease(std::move(l)), rows(s.shared_->exec, *lease, batch, shared, clauses...) {}
    /// The next row: the next of the batch, else the next batch's first.
    void advance() {
      if (++at < buffer.size()) return;
      next_batch();
    }
    void next_batch() {
      at = 0;
      done = !rows.next(buffer);
      if (!done) session.found<T>(lease, buffer.data(), buffer.size());
    }
    Session& session;
    Pool::Lease lease;  // (destroyed after rows: the query ends before the connection goes back)
    exec::Batches<T, C...> rows;
    std::vector<T> buffer;
    std::size_t at = 0;
    bool started = false, done = false;
  };

 public:
  class iterator {
   public:
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using iterator_concept = std::input_iterator_tag;
    iterator() = default;
    T& operator*() const { return s_->buffer[s_->at]; }
    T* operator->() const { return &s_->buffer[s_->at]; }
    iterator& operator++() {
      s_->advance();
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& i, std::default_sentinel_t) noexcept { return !i.s_ || i.s_->done; }

   private:
    friend class Stream;
    explicit iterator(State* s) : s_(s) {}
    State* s_ = nullptr;
  };

  Stream() = default;
  /// Runs the query (the rows are read from begin()).
  Stream(Session& session, Pool::Lease lease, std::size_t batch, bool shared, const C&... clauses)
      : state_(std::make_unique<State>(session, std::move(lease), batch, shared, clauses...)) {}

  /// The current row: the first one on the first call.
  iterator begin() {
    if (state_ && !state_->started) {
      state_->started = true;
      state_->next_batch();
    }
    return iterator(state_.get());
  }
  std::default_sentinel_t end() const noexcept { return {}; }

 private:
  std::unique_ptr<State> state_;
};

template <class T, class... C>
auto Session::stream(const C&... clauses) {
  if constexpr (detail::ModelCheck<T>::ok && detail::reads_with<T, query::stream_clauses, C...>()) {
    auto lease = this->lease();
    bool shared = streams_shared<T, C...>(*lease);
    return Stream<T, C...>(*this, std::move(lease), exec::batch_of(clauses...), shared, clauses...);
  } else {
    return std::span<T>{};
  }
}

}  // namespace quarry
