#pragma once
/// Every operation, available on a Database (each borrows a pooled connection) and on a
/// Transaction (all run on its one pinned connection).
///
///   auto ada   = db.create(Author{.name = "Ada"});
///   auto cheap = db.find_all<Book>(where(col<&Book::price> < 30), order_by(col<&Book::title>));
///   db.update<Book>(set(col<&Book::price> = col<&Book::price> * 2), where(col<&Book::id> == 1));

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../query/dsl.hpp"
#include "../query/include.hpp"
#include "../ops/statements.hpp"
#include "../ops/read.hpp"
#include "../ops/write.hpp"
#include "../ops/bind.hpp"
#include "../ops/hydrate.hpp"
#include "../ops/shapes.hpp"
#include "../driver/registry.hpp"
#include "../exec/executor.hpp"
#include "../sql/render.hpp"
#include "context.hpp"
#include "pool.hpp"

namespace quarry {

/// What a Database takes besides its URL: quarry::Database db{url, {.pool = {.max = 20}}}.
struct DatabaseOptions {
  PoolOptions pool{};
  Logger logger{};
  bool log_values = false;  ///< pass bound values to the logger (off: they may be secrets)
  /// What db.create(...) and the rest do while a transaction of this Database is open on the
  /// calling thread: join it (the default) or throw TransactionError (see transactions.md).
  TransactionContext transaction_context = TransactionContext::join;
};

struct SyncOptions {
  bool force = false;  ///< drop the tables first
};

struct TransactionOptions {
  sql::Isolation isolation = sql::Isolation::default_level;
  bool read_only = false;
};
using sql::Isolation;

/// rows of a page and the count of every row that matched, whatever the limit.
template <class T>
struct PageOf {
  std::int64_t count = 0;
  std::vector<T> rows;
};

class Transaction;

namespace detail {
struct Shared {
  driver::Url url;
  driver::Driver driver;
  std::unique_ptr<Pool> pool;
  exec::Executor exec;  ///< runs and logs every statement
  TransactionContext context = TransactionContext::join;
};

template <class T>
void read_key(driver::Statement& st, int column, T& row) {
  for_each_field<T>([&](const auto& f) {
    if (f.options.auto_increment) ops::read_value(st, column, f.get(row));
  });
}

template <class T>
void set_key(T& row, std::int64_t id) {
  for_each_field<T>([&](const auto& f) {
    using V = unwrap_optional_t<typename std::remove_cvref_t<decltype(f)>::value_type>;
    if constexpr (std::is_integral_v<V>)
      if (f.options.auto_increment) f.get(row) = static_cast<V>(id);
  });
}

/// The field indexes of T's primary key, in field order.
template <class T>
consteval auto primary_key_indexes() {
  constexpr std::size_t n = [] {
    std::size_t k = 0;
    for_each_field<T>([&](const auto& f) { k += f.options.primary_key; });
    return k;
  }();
  std::array<std::size_t, n> out{};
  std::size_t k = 0, i = 0;
  for_each_field<T>([&](const auto& f) {
    if (f.options.primary_key) out[k++] = i;
    ++i;
  });
  return out;
}

template <class T, std::size_t I>
using field_value_t = typename std::tuple_element_t<I, std::remove_cvref_t<decltype(model_fields<T>)>>::value_type;
}  // namespace detail

class Session {
 public:
  virtual ~Session() = default;

  const sql::Dialect& dialect() const noexcept { return *shared_->driver.dialect; }

  // ---- reading ------------------------------------------------------------------------------

  // find_all, select and update with clauses are kept out of their callers ([[gnu::noinline]]):
  // a function that runs many different queries would otherwise take in every one of them and
  // cost the optimizer more than the calls cost at run time (bench/compile).

  /// Every row that matches: find_all<Book>(where(...), order_by(...), limit(n), offset(n)),
  /// with associations loaded by include<&Book::author>(...).
  template <class T, class... C>
  [[gnu::noinline]] std::vector<T> find_all(const C&... clauses) {
    std::vector<T> out;
    if constexpr (detail::ModelCheck<T>::ok) {
      auto lease = this->lease();
      find_all_into<T>(lease, out, clauses...);
    }
    return out;
  }

  /// The first row that matches, if any.
  template <class T, class... C>
  std::optional<T> find_one(const C&... clauses) {
    auto lease = this->lease();
    return find_one_on<T>(lease, clauses...);
  }

  /// The row with this primary key (one value per key column, in field order), then any
  /// include<...>(...) clauses: find_by_pk<Author>(id, include<&Author::books>()).
  template <class T, class... A>
  std::optional<T> find_by_pk(const A&... args) {
    if constexpr (detail::ModelCheck<T>::ok) {
      constexpr std::size_t keys = detail::primary_key_indexes<T>().size();
      static_assert(sizeof...(A) >= keys,
                    "quarry: find_by_pk<T>(...) takes one value per primary key column, in field order");
      if constexpr (sizeof...(A) == keys && keys > 0) {  // the common case: one prepared shape, no AST
        static_assert(key_types_match<T, A...>(), "quarry: find_by_pk<T>(key) takes a key of the primary key's type");
        auto lease = this->lease();
        driver::Statement& by_key = shaped<ops::SelectByKey<T>>(lease);
        ops::ArgValues<A...> key{{args...}, by_key};
        std::optional<T> out;
        run(lease, by_key, key.binds(), [&](driver::Statement& st) { ops::read_row(st, out.emplace()); });
        return out;
      } else if constexpr (sizeof...(A) > keys) {
        auto all = std::forward_as_tuple(args...);
        auto lease = this->lease();
        return [&]<std::size_t... I, std::size_t... J>(std::index_sequence<I...>, std::index_sequence<J...>) {
          query::Where<T> by_key{key_condition<T>(std::get<I>(all)...)};
          return find_one_on<T>(lease, by_key, std::get<keys + J>(all)...);
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
      const T* one = &row;
      return run_shape<ops::SelectByKey<T>, T>(lease, {&one, 1},
                                               [&](driver::Statement& st) { ops::read_row(st, row); }) > 0;
    }
    return false;
  }

  /// COUNT(*) of the rows that match.
  template <class T, class... C>
  std::int64_t count(const C&... clauses) {
    if constexpr (detail::ModelCheck<T>::ok) {
      auto lease = this->lease();
      return count_on<T>(lease, where_of<T>(clauses...));
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
        run(lease, sql::render(lease->dialect(), ops::plan(ops::model_info<T>(), std::move(s))),
            [&](driver::Statement& st) { ops::read_tuple(st, out.emplace_back()); });
      }
    }
    return out;
  }

  /// The rows of one page and the count of all that match: limit and offset apply to rows only.
  /// Both come from one connection.
  template <class T, class... C>
  PageOf<T> find_and_count_all(const C&... clauses) {
    PageOf<T> page;
    if constexpr (detail::ModelCheck<T>::ok) {
      auto lease = this->lease();
      page.rows = find_all_on<T>(lease, clauses...);
      auto where = where_of<T, query::find_clauses>(clauses...);
      if (auto required = required_filter<T>(clauses...))
        where = where ? sql::Node::binary(sql::Op::and_, std::move(*where), std::move(*required)) : std::move(required);
      page.count = count_on<T>(lease, std::move(where));
    }
    return page;
  }

  // ---- writing ------------------------------------------------------------------------------

  /// Inserts row and returns it with its generated key and timestamps.
  template <class T>
  T create(T row) {
    if constexpr (detail::ModelCheck<T>::ok) {
      auto lease = this->lease();
      write(lease, row, ops::Write::insert);
    }
    return row;
  }

  /// Inserts many rows in as few statements as the dialect's parameter limit allows, all or
  /// none; returns them with their generated keys.
  template <class T>
  std::vector<T> bulk_create(std::vector<T> rows) {
    if constexpr (detail::ModelCheck<T>::ok) {
      if (rows.empty()) return rows;
      std::vector<T*> all;
      all.reserve(rows.size());
      for (auto& r : rows) all.push_back(&r);
      auto lease = this->lease();
      write<T>(lease, all, ops::Write::insert);
    }
    return rows;
  }

  /// Inserts row if its auto-increment key is unset, else updates it by key (inserting it when
  /// no row has that key). Maintains timestamps; row receives its key.
  template <class T>
  void save(T& row) {
    if constexpr (detail::ModelCheck<T>::ok) {
      const auto& info = ops::model_info<T>();
      auto lease = this->lease();
      if (info.auto_increment && ops::key_unset(row)) {
        write(lease, row, ops::Write::insert);
        return;
      }
      T* one = &row;
      ops::Undo<T> undo(std::span<T* const>(&one, 1));  // the update and the insert after it, as one
      // no savepoint needed: an update that matched nothing changed nothing
      if (!has_update_columns(info) || write(lease, row, ops::Write::update) == 0) write(lease, row, ops::Write::insert);
      undo.done();
    }
  }

  /// Writes every column of row but its key and created_at, by its key; false when no row has
  /// that key. Maintains updated_at.
  template <class T>
  bool update(T& row) {
    if constexpr (detail::ModelCheck<T>::ok) {
      const auto& info = ops::model_info<T>();
      if (!has_update_columns(info))
        throw ConfigError("quarry: update(row) of " + info.table + ", whose every column is part of its key");
      auto lease = this->lease();
      return write(lease, row, ops::Write::update) > 0;
    }
    return false;
  }

  /// UPDATE ... SET ... WHERE ...; returns the rows changed. Maintains updated_at.
  ///   update<Book>(set(col<&Book::price> = 10), where(col<&Book::id> == 1))
  template <class T, class M, class... C>
  [[gnu::noinline]] std::int64_t update(const query::Set<M>& assignments, const C&... clauses) {
    static_assert((query::c_where & (0u | ... | C::kind)) != 0,
                  "quarry: update<T>(set(...)) needs where(...); to change every row say so with "
                  "quarry::dsl::every_row");
    if constexpr (detail::ModelCheck<T>::ok && query::check_clause<T, query::c_set, query::Set<M>>()) {
      const auto& info = ops::model_info<T>();
      return update_where(info, assignments.assignments, where_of<T>(clauses...));
    }
    return 0;
  }

  /// Deletes row by its key; false if it was not there.
  template <class T>
  bool destroy(const T& row) {
    if constexpr (detail::ModelCheck<T>::ok) {
      auto lease = this->lease();
      return write(lease, row, ops::Write::destroy) > 0;
    }
    return false;
  }

  /// DELETE ... WHERE ...; returns the rows deleted. Every row only with every_row.
  template <class T, class... C>
  std::int64_t destroy(const C&... clauses) {
    static_assert((query::c_where & (0u | ... | C::kind)) != 0,
                  "quarry: destroy<T>(...) needs where(...); to delete every row use truncate<T>() or every_row");
    if constexpr (detail::ModelCheck<T>::ok) {
      sql::Delete del{ops::model_info<T>().table, where_of<T>(clauses...)};
      auto lease = this->lease();
      return run(lease, sql::render(lease->dialect(), del), [](driver::Statement&) {});
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
  template <class T, class M>
  std::pair<T, bool> find_or_create(const query::Where<M>& where, T defaults) {
    if constexpr (detail::ModelCheck<T>::ok) {
      auto lease = this->lease();
      return atomically(lease, [&]() -> std::pair<T, bool> {
        if (auto found = find_one_on<T>(lease, where)) return {std::move(*found), false};
        try {
          atomically(lease, [&] { return write(lease, defaults, ops::Write::insert); });
          return {std::move(defaults), true};
        } catch (const UniqueConstraintError&) {  // created meanwhile by someone else
          // a locking read sees the latest committed row even under REPEATABLE READ (MariaDB's default)
          auto found = lease->dialect().row_locks ? find_one_on<T>(lease, where, query::for_share())
                                                  : find_one_on<T>(lease, where);
          if (found) return {std::move(*found), false};
          throw;
        }
      });
    }
    return {std::move(defaults), false};
  }

  /// Inserts row, or on a clash with its primary key (or with conflict_on(...)) updates the
  /// existing row's other columns; returns the row as stored.
  template <class T, class... C>
  T upsert(T row, const C&... conflict) {
    static_assert(sizeof...(C) <= 1, "quarry: upsert(row, conflict_on(...)) takes at most one conflict_on");
    if constexpr (detail::ModelCheck<T>::ok && (query::check_clause<T, query::c_conflict, C>() && ...)) {
      const auto& info = ops::model_info<T>();
      T* one = &row;
      ops::prepare(std::span<T* const>(&one, 1), ops::Write::upsert).done();  // row is the caller's copy
      bool omit = info.auto_increment && ops::key_unset(row);
      std::vector<std::string> target;
      if constexpr (sizeof...(C) == 1) target = (conflict.columns, ...);
      else if (!omit) target = info.primary_key_columns();
      else target = default_conflict(info);
      if (target.empty())
        throw ConfigError("quarry: upsert of a row without a key needs conflict_on(...) naming a unique column");
      auto lease = this->lease();
      const auto& d = lease->dialect();
      auto ins = ops::upsert_row(row, target, omit, d.returning);
      T out{};
      bool read = false;
      run(lease, sql::render(d, ins), [&](driver::Statement& st) { ops::read_row(st, out); read = true; });
      if (!read) out = std::move(row);
      return out;
    }
    return row;
  }

  /// Deletes every row of T (TRUNCATE where the dialect has it).
  template <class T>
  void truncate() {
    if constexpr (detail::ModelCheck<T>::ok) {
      auto lease = this->lease();
      run(lease, sql::render(lease->dialect(), sql::Truncate{ops::model_info<T>().table}), [](driver::Statement&) {});
    }
  }

  // ---- associations (defined in eager.hpp) ------------------------------------------------------

  /// The rows associated with owner through member M (a vector for has_many/belongs_to_many,
  /// an optional for has_one/belongs_to), with optional where/order_by/limit/include clauses.
  template <auto M, class Owner, class... C>
  auto related(const Owner& owner, const C&... clauses);
  /// How many rows are associated with owner through M.
  template <auto M, class Owner, class... C>
  std::int64_t count_related(const Owner& owner, const C&... clauses);
  /// Whether target is associated with owner through M.
  template <auto M, class Owner, class Target>
  bool has_related(const Owner& owner, const Target& target);
  /// Associates an existing target with owner (sets the foreign key, or inserts the join row;
  /// through carries the join row's own columns).
  template <auto M, class Owner, class Target, class... Through>
  void add_related(Owner& owner, Target& target, const Through&... through);
  /// Ends the association (the foreign key becomes NULL, or the join row is deleted).
  template <auto M, class Owner, class Target>
  void remove_related(Owner& owner, Target& target);
  /// Makes targets exactly the rows associated with owner through M, all or nothing.
  template <auto M, class Owner, class Target>
  void set_related(Owner& owner, std::vector<Target>& targets);
  /// Creates target already associated with owner; returns it with its key.
  template <auto M, class Owner, class Target, class... Through>
  Target create_related(Owner& owner, Target target, const Through&... through);

  // ---- raw SQL --------------------------------------------------------------------------------

  /// Raw SQL with '?' placeholders on every dialect, values bound:
  ///   query<Book>("SELECT * FROM books WHERE price < ?", 30)          columns matched by name
  ///   query<std::tuple<std::string, std::int64_t>>("SELECT title, id FROM books")   by position
  template <class R, class... A>
  std::vector<R> query(std::string_view sql_text, const A&... args) {
    std::vector<R> out;
    std::vector<int> mapping;
    auto lease = this->lease();
    sql::Rendered r{sql::translate_placeholders(lease->dialect(), sql_text), {detail::to_value(args)...}};
    run(lease, r, [&](driver::Statement& st) {
      if constexpr (model<R>) {
        ops::read_row_by_name(st, out.emplace_back(), mapping);
      } else if constexpr (requires { std::tuple_size<R>::value; }) {
        ops::read_tuple(st, out.emplace_back());
      } else {
        R value{};  // a local first: std::vector<bool> has no references to give
        ops::read_value(st, 0, value);
        out.push_back(std::move(value));
      }
    });
    return out;
  }

  /// Raw SQL that returns no rows; returns the rows changed.
  template <class... A>
  std::int64_t execute(std::string_view sql_text, const A&... args) {
    auto lease = this->lease();
    sql::Rendered r{sql::translate_placeholders(lease->dialect(), sql_text), {detail::to_value(args)...}};
    return run(lease, r, [](driver::Statement&) {});
  }

  // ---- schema (defined in schema/sync.hpp) -----------------------------------------------------

  /// CREATE TABLE IF NOT EXISTS for each model, in foreign-key order, with their indexes.
  template <class... T>
  void sync(SyncOptions options = {});
  /// DROP TABLE IF EXISTS for each model, dependents first.
  template <class... T>
  void drop();

 protected:
  explicit Session(std::shared_ptr<detail::Shared> shared) : shared_(std::move(shared)) {}
  Session(Session&&) noexcept = default;

  /// A connection for one operation: borrowed from the pool, or the transaction's own.
  virtual Pool::Lease lease() = 0;

  using RowFn = exec::RowFn;

  // Running statements is the executor's (exec/executor.hpp); these hand it the lease's
  // connection.
  std::int64_t run(Pool::Lease& lease, const sql::Rendered& r, RowFn on_row) {
    return shared_->exec.run(*lease, r, on_row);
  }
  driver::Statement& prepared(Pool::Lease& lease, const std::string& sql) { return shared_->exec.prepared(*lease, sql); }
  template <class Shape>
  driver::Statement& shaped(Pool::Lease& lease) {
    return shared_->exec.shaped<Shape>(*lease);
  }
  std::int64_t run(Pool::Lease& lease, driver::Statement& st, std::span<const sql::Value> params, RowFn on_row) {
    return shared_->exec.run(*lease, st, driver::Binds::of(params), on_row);
  }
  std::int64_t run(Pool::Lease& lease, driver::Statement& st, const driver::Binds& binds, RowFn on_row) {
    return shared_->exec.run(*lease, st, binds, on_row);
  }
  void run_plain(Pool::Lease& lease, const std::string& sql_text) { shared_->exec.run_plain(*lease, sql_text); }
  template <class F>
  auto atomically(Pool::Lease& lease, F&& f) {
    return shared_->exec.atomically(*lease, std::forward<F>(f));
  }

  /// Runs Shape with the values of rows, bound as the statement's slots say.
  template <class Shape, class T, class OnRow>
  std::int64_t run_shape(Pool::Lease& lease, std::span<const T* const> rows, OnRow on_row) {
    driver::Statement& st = shaped<Shape>(lease);
    ops::RowValues<T> values{rows, st.slots, st.constants};
    return run(lease, st, values.binds(), on_row);
  }

  std::shared_ptr<detail::Shared> shared_;

 private:
  template <class T, class... C>
  std::vector<T> find_all_on(Pool::Lease& lease, const C&... clauses) {
    std::vector<T> out;
    find_all_into<T>(lease, out, clauses...);
    return out;
  }

  template <class T, class... C>
  void find_all_into(Pool::Lease& lease, std::vector<T>& out, const C&... clauses) {
    auto read = [&](driver::Statement& st) {
      if (out.empty()) out.reserve(st.buffered_rows());
      ops::read_row(st, out.emplace_back());
    };
    if constexpr (sizeof...(C) == 0) {  // every row: one prepared shape
      driver::Statement& all = shaped<ops::SelectAll<T>>(lease);
      run(lease, all, ops::constant_binds(all), read);
    } else {
      run(lease, sql::render(lease->dialect(), ops::rows<T>(required_filter<T>(clauses...), clauses...)), read);
      if constexpr ((query::is_include<C> || ...)) {
        std::vector<T*> rows;
        rows.reserve(out.size());
        for (auto& r : out) rows.push_back(&r);
        load_includes(lease, rows, clauses...);
      }
    }
  }

  // The parts of the typed operations that do not depend on the model or the clauses: plain
  // functions, compiled once per translation unit instead of once per model and query.

  /// UPDATE info's table SET set (and updated_at) WHERE where; returns the rows changed.
  std::int64_t update_where(const ops::ModelInfo& info, const std::vector<sql::Assignment>& set,
                            std::optional<sql::Node> where) {
    sql::Update u;
    u.table = info.table;
    u.set = set;
    ops::prepare_where(info, u);
    u.where = std::move(where);
    auto lease = this->lease();
    return run(lease, sql::render(lease->dialect(), u), [](driver::Statement&) {});
  }

  std::int64_t count_rows(Pool::Lease& lease, const ops::ModelInfo& info, std::optional<sql::Node> where) {
    std::int64_t n = 0;
    run(lease, sql::render(lease->dialect(), ops::count(info, std::move(where))),
        [&](driver::Statement& st) { ops::read_value(st, 0, n); });
    return n;
  }

  template <class T>
  std::int64_t count_on(Pool::Lease& lease, std::optional<sql::Node> where) {
    return count_rows(lease, ops::model_info<T>(), std::move(where));
  }

  template <class T, class... C>
  std::optional<T> find_one_on(Pool::Lease& lease, const C&... clauses) {
    auto rows = find_all_on<T>(lease, clauses..., query::limit(1));
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }

  // eager loading, defined in eager.hpp
  template <class T, class... C>
  std::optional<sql::Node> required_filter(const C&... clauses);
  template <class T, class... C>
  void load_includes(Pool::Lease& lease, std::vector<T*>& owners, const C&... clauses);
  template <class T, class Inc>
  void load_include(Pool::Lease& lease, std::vector<T*>& owners, const Inc& include);
  template <class Target, class K>
  void fetch_in(Pool::Lease& lease, std::vector<Target>& out, const std::string& column, const std::vector<K>& keys,
                const std::optional<sql::Node>& where, const std::vector<sql::OrderTerm>& order);

  template <class T>
  void insert_one(Pool::Lease& lease, T& row) {
    const auto& info = ops::model_info<T>();
    bool omit = info.auto_increment && ops::key_unset(row);
    const auto& d = lease->dialect();
    bool returning = omit && d.returning && !d.insert_id;
    const T* one = &row;
    std::span<const T* const> rows(&one, 1);
    auto read = [&](driver::Statement& st) { detail::read_key(st, 0, row); };
    if (!omit) run_shape<ops::InsertRow<T, false, false>>(lease, rows, read);
    else if (returning) run_shape<ops::InsertRow<T, true, true>>(lease, rows, read);
    else run_shape<ops::InsertRow<T, true, false>>(lease, rows, read);
    if (omit && !returning) detail::set_key(row, lease->last_insert_id());
  }

  static bool has_update_columns(const ops::ModelInfo& info) {
    return info.columns.size() > info.primary_key.size() + (info.created_at ? 1 : 0);
  }

  /// The write path's second half: prepares rows for a write of kind (ops::prepare: stamps,
  /// validation) and runs it, all rows or none. When it fails, the rows are as they were.
  /// Returns the rows changed.
  template <class T>
  std::int64_t write(Pool::Lease& lease, std::span<T* const> rows, ops::Write kind) {
    return write_rows(lease, rows, kind, false);
  }
  /// The write path for one row.
  template <class T>
  std::int64_t write(Pool::Lease& lease, T& row, ops::Write kind) {
    T* one = &row;
    return write_rows(lease, std::span<T* const>(&one, 1), kind, true);
  }
  template <class T>
  std::int64_t write_rows(Pool::Lease& lease, std::span<T* const> rows, ops::Write kind, bool single) {
    auto undo = ops::prepare(rows, kind, !single);
    std::int64_t changed = 0;
    auto one_by_one = [&](auto run_one) {
      if (single) return run_one(*rows[0]);
      return atomically(lease, [&] {
        std::int64_t n = 0;
        for (T* r : rows) n += run_one(*r);
        return n;
      });
    };
    switch (kind) {
      case ops::Write::insert:
        if constexpr (!std::is_const_v<T>) {
          if (single) {
            insert_one(lease, *rows[0]);
            changed = 1;
          } else {
            changed = insert_rows(lease, rows);
          }
        }
        break;
      case ops::Write::update:
        changed = one_by_one([&](const T& r) {
          const T* p = &r;
          return run_shape<ops::UpdateByKey<std::remove_const_t<T>>, std::remove_const_t<T>>(lease, {&p, 1}, [](driver::Statement&) {});
        });
        break;
      case ops::Write::destroy:
        changed = one_by_one([&](const T& r) {
          const T* p = &r;
          return run_shape<ops::DeleteByKey<std::remove_const_t<T>>, std::remove_const_t<T>>(lease, {&p, 1}, [](driver::Statement&) {});
        });
        break;
      default:  // upsert and change run their own statements after ops::prepare
        break;
    }
    undo.done();
    return changed;
  }

  /// Inserts many rows, all or none: those whose auto-increment key is unset get theirs from the
  /// database; the others keep theirs.
  template <class T>
  std::int64_t insert_rows(Pool::Lease& lease, std::span<T* const> rows) {
    const auto& info = ops::model_info<T>();
    std::vector<T*> keyed, unkeyed;
    for (T* r : rows) (info.auto_increment && ops::key_unset(*r) ? unkeyed : keyed).push_back(r);
    atomically(lease, [&] {
      insert_many(lease, keyed, false);
      insert_many(lease, unkeyed, true);
      return 0;
    });
    return static_cast<std::int64_t>(rows.size());
  }

  /// Inserts rows in chunks below the dialect's parameter limit; omit_key: the database assigns
  /// the auto-increment key, read back and matched to the rows.
  template <class T>
  void insert_many(Pool::Lease& lease, const std::vector<T*>& rows, bool omit_key) {
    if (rows.empty()) return;
    const auto& info = ops::model_info<T>();
    const auto& d = lease->dialect();
    if (omit_key && !d.returning) {  // one by one, each reading its id
      for (auto* r : rows) insert_one(lease, *r);
      return;
    }
    std::vector<std::int64_t> ids;
    driver::Statement* ran = nullptr;  // the statement whose keys keys_back reads, for its error
    auto keys_back = [&](std::size_t at, std::size_t n) {  // the generated keys, matched to rows[at, at + n)
      if (ids.size() != n)
        throw DatabaseError("quarry: the insert returned " + std::to_string(ids.size()) + " keys for " +
                            std::to_string(n) + " rows", {ran->sql(), std::string(d.name), 0, {}, {}});
      // keys are assigned in row order within one statement; sorted, they match the rows
      std::sort(ids.begin(), ids.end());
      for (std::size_t i = 0; i < n; ++i) detail::set_key(*rows[at + i], ids[i]);
      ids.clear();
    };
    auto read = [&](driver::Statement& st) { ops::read_value(st, 0, ids.emplace_back()); };
    if (d.array_param) {  // one array per column: one statement for many rows, nothing per value to bind
      // 1000 rows per statement: measured on PostgreSQL 15 with 100k rows of four columns,
      // 1000 ran 1.3 to 1.5 times as fast as 2000, 10000 or 50000, and fewer rows paid for
      // their round trips (250: half the speed); it also bounds the memory of the arrays
      constexpr std::size_t chunk = 1000;
      for (std::size_t at = 0; at < rows.size(); at += chunk) {
        std::size_t n = std::min(chunk, rows.size() - at);
        ran = omit_key ? &shaped<ops::InsertArrays<T, true>>(lease) : &shaped<ops::InsertArrays<T, false>>(lease);
        auto params = ops::array_params<T>(std::span<T* const>(rows.data() + at, n), ran->slots, d, at);
        run(lease, *ran, params, read);
        if (omit_key) keys_back(at, n);
      }
      return;
    }
    // keys the database tells without RETURNING, where it assigns consecutive ones
    const bool computed_keys = omit_key && lease->consecutive_keys();
    const bool returning = omit_key && !computed_keys;
    const std::size_t chunk = ops::chunk_rows(d, info.columns.size() - (omit_key ? 1 : 0));
    for (std::size_t at = 0; at < rows.size(); at += chunk) {
      std::size_t n = std::min(chunk, rows.size() - at);
      std::span<const sql::Slot> slots;
      sql::Rendered last;  // the last, smaller chunk's statement, rendered as it comes
      if (n == chunk) {  // a full chunk: one prepared shape
        if (returning) ran = &shaped<ops::InsertChunk<T, true, true>>(lease);
        else if (omit_key) ran = &shaped<ops::InsertChunk<T, true, false>>(lease);
        else ran = &shaped<ops::InsertChunk<T, false, false>>(lease);
        slots = ran->slots;
      } else {
        last = sql::render(d, ops::shape::insert(info, n, omit_key, returning));
        ran = &prepared(lease, last.sql);
        slots = last.slots;
      }
      // the values straight from the rows, bound one by one: no list of them in between
      ops::RowValues<T> values{{rows.data() + at, n}, slots};
      run(lease, *ran, values.binds(), read);
      if (returning) {
        keys_back(at, n);
      } else if (computed_keys) {
        auto [first, step] = lease->inserted_keys(n);
        for (std::size_t i = 0; i < n; ++i) detail::set_key(*rows[at + i], first + static_cast<std::int64_t>(i) * step);
      }
    }
  }

  template <class E, class... C>
  auto aggregate(const E& e, const C&... clauses) {
    using T = query::model_of<E>;
    using V = query::value_of<E>;
    auto rows = select<T>(query::columns(e), clauses...);
    return rows.empty() ? V{} : std::get<0>(rows.front());
  }

  template <class T, class... K>
  static consteval bool key_types_match() {
    constexpr auto pk = detail::primary_key_indexes<T>();
    return [&]<std::size_t... J>(std::index_sequence<J...>) {
      return (detail::comparable<detail::field_value_t<T, pk[J]>, K>() && ...);
    }(std::make_index_sequence<pk.size()>{});
  }

  template <class T, class... K>
  sql::Node key_condition(const K&... key) {
    constexpr auto pk = detail::primary_key_indexes<T>();
    static_assert(sizeof...(K) == pk.size(),
                  "quarry: find_by_pk<T>(...) takes one value per primary key column, in field order");
    if constexpr (sizeof...(K) != pk.size()) {
      return {};
    } else {
      static_assert(key_types_match<T, K...>(), "quarry: find_by_pk<T>(key) takes a key of the primary key's type");
      // the key shape's condition with its slots filled: the key columns are written once
      const auto& info = ops::model_info<T>();
      std::vector<sql::Value> values(info.columns.size());
      [&]<std::size_t... J>(std::index_sequence<J...>) {
        ((values[pk[J]] = detail::to_value(key)), ...);
      }(std::make_index_sequence<pk.size()>{});
      auto cond = ops::shape::key_condition(info);
      ops::detail::fill_slots(cond, values);
      return cond;
    }
  }

  /// The where(...) clauses among clauses, joined by AND (checking each clause fits Allowed).
  template <class T, unsigned Allowed = query::c_where, class... C>
  std::optional<sql::Node> where_of(const C&... clauses) {
    std::optional<sql::Node> out;
    [[maybe_unused]] auto one = [&](const auto& c) {
      using K = std::remove_cvref_t<decltype(c)>;
      if constexpr (query::check_clause<T, Allowed, K>() && K::kind == query::c_where &&
                    !std::is_same_v<K, query::EveryRow>)
        sql::and_into(out, c.node);
    };
    (one(clauses), ...);
    return out;
  }

  template <class T, class A>
  void change_by(T& row, const A& assignment) {
    if constexpr (detail::ModelCheck<T>::ok) {
      const auto& info = ops::model_info<T>();
      T* one = &row;
      auto undo = ops::prepare(std::span<T* const>(&one, 1), ops::Write::change);
      sql::Update u;
      u.table = info.table;
      u.set.push_back(assignment.lower());
      ops::prepare_where(info, u);
      u.where = ops::key_condition(row);
      auto lease = this->lease();
      run(lease, sql::render(lease->dialect(), u), [](driver::Statement&) {});
      run_shape<ops::SelectByKey<T>, T>(lease, {&one, 1}, [&](driver::Statement& st) { ops::read_row(st, row); });
      undo.done();
    }
  }

  static std::vector<std::string> default_conflict(const ops::ModelInfo& info) {
    if (!info.unique_keys.empty()) return info.unique_keys.front();
    return {};
  }
};

}  // namespace quarry
