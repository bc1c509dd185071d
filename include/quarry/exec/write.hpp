#pragma once
/// Running the write path: rows prepared by ops::prepare (stamps, validation), then their
/// statement run: the insert shape with the key read back, bulk inserts in chunks or as one
/// array per column, the update (version checked), soft delete, restore or delete by key, an
/// upsert, or a change of a row read back after it. Rows are written all or none, and a write
/// that fails leaves the caller's rows as they were (ops::Undo, ops::Restore).
///
///   exec::write(ex, conn, book, ops::Write::insert);   // book gets its key and timestamps

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <typeinfo>  // a model's type for the hooks registered on a Database
#include <utility>
#include <vector>

#include "../algorithm.hpp"  // quarry::detail's algorithms: no <algorithm>
#include "../config.hpp"
#include "../driver/connection.hpp"
#include "../error.hpp"
#include "../model/model.hpp"
#include "../ops/bind.hpp"
#include "../ops/hydrate.hpp"
#include "../ops/hooks.hpp"
#include "../ops/model_info.hpp"
#include "../ops/read.hpp"  // plan
#include "../ops/row.hpp"
#include "../ops/shapes.hpp"
#include "../ops/statements.hpp"
#include "../ops/write.hpp"
#include "../query/clauses.hpp"
#include "../sql/render.hpp"
#include "../vector.hpp"
#include "executor.hpp"
#include "read.hpp"
#include "shape.hpp"

#ifdef QUARRY_BODIES
#include <algorithm>
#include <unordered_map>  // match_values
#include <fmt/core.h>  // fmt::format: error messages
#endif

namespace quarry::exec {

namespace detail {
/// How many rows a write reads back by key per statement (the emulation of RETURNING, the keys
/// of an insert on duplicate): a bound on a statement's parameters and on the depth of a
/// composite key's condition.
inline constexpr std::size_t returning_chunk = 500;

/// Reads the auto-increment key of row from column of st (a RETURNING).
template <class T>
void read_key(driver::Statement& st, int column, T& row) {
  quarry::detail::for_each_field<T>([&](const auto& f) {
    if (f.options.auto_increment) ops::read_value(st, column, f.get(row));
  });
}

/// Sets the auto-increment key of row to id (a key the database assigned).
template <class T>
void set_key(T& row, std::int64_t id) {
  quarry::detail::for_each_field<T>([&](const auto& f) {
    using V = quarry::detail::unwrap_optional_t<typename std::remove_cvref_t<decltype(f)>::value_type>;
    if constexpr (std::is_integral_v<V>)
      if (f.options.auto_increment) f.get(row) = static_cast<V>(id);
  });
}
/// The values of SoftDeleteByKey: the key slots from row, the deleted_at slot bound to at.
template <class T>
struct SoftDeleteValues {
  const T& row;
  std::span<const sql::Slot> slots;
  Timestamp at;

  driver::Binds binds() const&& = delete;  // it would point at a temporary
  driver::Binds binds() const& {
    return {slots.size(), this, [](const void* c, driver::Binder& to) {
              const auto& self = *static_cast<const SoftDeleteValues*>(c);
              for (std::size_t i = 0; i < self.slots.size(); ++i) {
                const auto& slot = self.slots[i];
                if (slot.role == sql::SlotRole::value) to.bind(i, self.at);
                else ops::detail::member_binders<T>[slot.field](to, i, self.row);
              }
            }};
  }
};

/// An update by key of a versioned row matched nothing: another writer changed (or deleted) it
/// since it was read. The message names the table and key columns, never values.
[[noreturn, gnu::cold]] void stale_version(const ops::ModelInfo& info);
#ifdef QUARRY_BODIES
[[noreturn, gnu::cold, gnu::noinline]] QUARRY_FUNC void stale_version(const ops::ModelInfo& info) {
  std::string key;
  for (const auto& k : info.primary_key_columns()) key += (key.empty() ? "" : ", ") + k;
  throw OptimisticLockError(fmt::format("quarry: the row of {} with this {} was changed or deleted since it was read "
                                        "(its {} no longer matches); nothing was written: reload it and try again",
                                        info.table, key, info.columns[*info.version]));
}
#endif  // QUARRY_BODIES

/// Runs body in a transaction (a savepoint inside one) when after-hooks run, so that they are
/// part of the write; else as it is.
template <class F>
auto hooked_atomically(Executor& ex, driver::Connection& c, bool after_hooks, F&& body) {
  if (after_hooks) return ex.atomically(c, body);
  return body();
}

/// Whether a write of kind runs after-hooks: per row (single, or individual_hooks), or
/// bulk_create's.
template <class Row>
bool has_after(const ops::Hooks<Row>& hooks, ops::Write kind, bool single) {
  if (kind == ops::Write::change) return false;
  if (!single && kind == ops::Write::insert && hooks.template any<HookKind::after_bulk_create>()) return true;
  if (!single && !hooks.individual) return false;
  return hooks.any(ops::after_hook(kind)) || (ops::saves(kind) && hooks.template any<HookKind::after_save>());
}

/// The after-hooks of a write that ran: per row (after_create, after_update, after_upsert or
/// after_destroy, then after_save) when single or individual, then after_bulk_create.
template <class T>
void after_write(const ops::Hooks<std::remove_const_t<T>>& hooks, std::span<T* const> rows, ops::Write kind, bool single) {
  if (kind == ops::Write::change) return;
  if (single || hooks.individual) {
    const HookKind after = ops::after_hook(kind);
    for (T* r : rows) {
      if (kind == ops::Write::destroy || kind == ops::Write::force_destroy)
        hooks.template row<HookKind::after_destroy>(std::as_const(*r));  // a deleted row is read only
      else
        hooks.row(after, *r);
      if constexpr (!std::is_const_v<T>)
        if (ops::saves(kind)) hooks.template row<HookKind::after_save>(*r);
    }
  }
  if constexpr (!std::is_const_v<T>)
    if (!single && kind == ops::Write::insert) hooks.template rows<HookKind::after_bulk_create>(rows);
}
}  // namespace detail

/// Whether info's model has a column that an update by key writes (not all are key or created_at).
QUARRY_FUNC bool has_update_columns(const ops::ModelInfo& info);
#ifdef QUARRY_BODIES
QUARRY_FUNC bool has_update_columns(const ops::ModelInfo& info) {
  return info.columns.size() > info.primary_key.size() + (info.created_at ? 1 : 0);
}
#endif  // QUARRY_BODIES

namespace detail {
/// How many of rows (at most chunk) one multi-row INSERT takes: chunk, or fewer where the
/// dialect bounds the bytes of a statement's values and the rows' text and blobs would pass it
/// (at least one row: a row that passes alone is the server's to refuse).
template <class T>
std::size_t rows_that_fit(const sql::Dialect& d, std::span<T* const> rows, std::size_t chunk) {
  std::size_t n = quarry::detail::min(chunk, rows.size());
  if (d.max_statement_bytes == 0) return n;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < n; ++i) {
    bytes += ops::value_bytes(*rows[i]);
    if (bytes > d.max_statement_bytes) return quarry::detail::max<std::size_t>(i, 1);
  }
  return n;
}
}  // namespace detail

/// Inserts one row: the database assigns its auto-increment key when it is unset, read back by
/// RETURNING or from the client library.
template <class T>
void insert_one(Executor& ex, driver::Connection& c, T& row) {
  const auto& info = ops::model_info<T>();
  bool omit = info.auto_increment && ops::key_unset(row);
  const auto& d = c.dialect();
  bool returning = omit && d.returning && !d.insert_id;
  const T* one = &row;
  std::span<const T* const> rows(&one, 1);
  auto read = [&](driver::Statement& st) { detail::read_key(st, 0, row); };
  // only RETURNING gives rows: the others run as writes (Statement::execute_write)
  if (!omit) run_shape<ops::InsertRow<T, false, false>>(ex, c, rows, no_rows);
  else if (returning) run_shape<ops::InsertRow<T, true, true>>(ex, c, rows, read);
  else run_shape<ops::InsertRow<T, true, false>>(ex, c, rows, no_rows);
  if (omit && !returning) detail::set_key(row, c.last_insert_id());
}

namespace detail {
/// The keys an insert of n rows returned, sorted: keys are assigned in row order within one
/// statement, so that sorted they match the rows (a DatabaseError when there are not n).
QUARRY_FUNC void sort_keys(quarry::detail::Vector<std::int64_t>& ids, std::size_t n, const driver::Statement& ran,
                           const sql::Dialect& d);
#ifdef QUARRY_BODIES
QUARRY_FUNC void sort_keys(quarry::detail::Vector<std::int64_t>& ids, std::size_t n, const driver::Statement& ran,
                           const sql::Dialect& d) {
  if (ids.size() != n)
    throw DatabaseError(fmt::format("quarry: the insert returned {} keys for {} rows", ids.size(), n),
                        {ran.sql(), std::string(d.name), 0, {}, {}});
  std::sort(ids.begin(), ids.end());
}
#endif  // QUARRY_BODIES

/// Appends the key in the first column of st's row to ids. (Out of line with QUARRY_COMPILED, as
/// the other non-template steps of insert_many: in the template each would be compiled in every
/// file that includes this header, used or not.)
QUARRY_FUNC void append_key(driver::Statement& st, quarry::detail::Vector<std::int64_t>& ids);
#ifdef QUARRY_BODIES
QUARRY_FUNC void append_key(driver::Statement& st, quarry::detail::Vector<std::int64_t>& ids) {
  ops::read_value(st, 0, ids.emplace_back());
}
#endif  // QUARRY_BODIES

/// The indexes in info's columns of the columns named, in their order (fewer when one is not a column).
QUARRY_FUNC quarry::detail::Vector<std::size_t> column_indexes(const ops::ModelInfo& info,
                                                               const std::vector<std::string>& names);
#ifdef QUARRY_BODIES
QUARRY_FUNC quarry::detail::Vector<std::size_t> column_indexes(const ops::ModelInfo& info,
                                                               const std::vector<std::string>& names) {
  quarry::detail::Vector<std::size_t> out;
  for (const auto& name : names)
    for (std::size_t i = 0; i < info.columns.size(); ++i)
      if (info.columns[i] == name) out.push_back(i);
  return out;
}
#endif  // QUARRY_BODIES
}  // namespace detail

/// Inserts rows in chunks below the dialect's parameter limit; omit_key: the database assigns
/// the auto-increment key, read back and matched to the rows.
template <class T>
void insert_many(Executor& ex, driver::Connection& c, const std::vector<T*>& rows, bool omit_key) {
  if (rows.empty()) return;
  const auto& info = ops::model_info<T>();
  const auto& d = c.dialect();
  if (omit_key && !d.returning) {  // one by one, each reading its id
    for (auto* r : rows) exec::insert_one(ex, c, *r);
    return;
  }
  quarry::detail::Vector<std::int64_t> ids;
  driver::Statement* ran = nullptr;  // the statement whose keys keys_back reads, for its error
  auto keys_back = [&](std::size_t at, std::size_t n) {  // the generated keys, matched to rows[at, at + n)
    detail::sort_keys(ids, n, *ran, d);
    for (std::size_t i = 0; i < n; ++i) detail::set_key(*rows[at + i], ids[i]);
    ids.clear();
  };
  auto read = [&](driver::Statement& st) { detail::append_key(st, ids); };
  if (d.array_param) {  // one array per column: one statement for many rows, nothing per value to bind
    // 1000 rows per statement: measured on PostgreSQL 15 with 100k rows of four columns,
    // 1000 ran 1.3 to 1.5 times as fast as 2000, 10000 or 50000, and fewer rows paid for
    // their round trips (250: half the speed); it also bounds the memory of the arrays
    constexpr std::size_t chunk = 1000;
    for (std::size_t at = 0; at < rows.size(); at += chunk) {
      std::size_t n = quarry::detail::min(chunk, rows.size() - at);
      ran = omit_key ? &ex.shaped<ops::InsertArrays<T, true>>(c) : &ex.shaped<ops::InsertArrays<T, false>>(c);
      auto params = ops::array_params<T>(std::span<T* const>(rows.data() + at, n), ran->slots, d, at);
      ex.run(c, *ran, driver::Binds::of(params), read);
      if (omit_key) keys_back(at, n);
    }
    return;
  }
  // keys the database tells without RETURNING, where it assigns consecutive ones
  const bool computed_keys = omit_key && c.consecutive_keys();
  const bool returning = omit_key && !computed_keys;
  const std::size_t chunk = ops::chunk_rows(d, info.columns.size() - (omit_key ? 1 : 0));
  for (std::size_t at = 0, n = 0; at < rows.size(); at += n) {
    n = detail::rows_that_fit(d, std::span<T* const>(rows).subspan(at), chunk);
    std::span<const sql::Slot> slots;
    sql::Rendered last;  // the last, smaller chunk's statement, rendered as it comes
    if (n == chunk) {  // a full chunk: one prepared shape
      if (returning) ran = &ex.shaped<ops::InsertChunk<T, true, true>>(c);
      else if (omit_key) ran = &ex.shaped<ops::InsertChunk<T, true, false>>(c);
      else ran = &ex.shaped<ops::InsertChunk<T, false, false>>(c);
      slots = {ran->slots.data(), ran->slots.size()};
    } else {
      last = sql::render(d, ops::shape::insert(info, n, omit_key, returning));
      ran = &ex.prepared(c, last.sql);
      slots = {last.slots.data(), last.slots.size()};
    }
    // the values straight from the rows, bound one by one: no list of them in between
    ops::RowValues<T> values{{rows.data() + at, n}, slots};
    ex.run(c, *ran, values.binds(), returning ? RowFn(read) : no_rows);  // no rows: a write (execute_write)
    if (returning) {
      keys_back(at, n);
    } else if (computed_keys) {
      auto [first, step] = c.inserted_keys(n);
      for (std::size_t i = 0; i < n; ++i) detail::set_key(*rows[at + i], first + static_cast<std::int64_t>(i) * step);
    }
  }
}

namespace detail {
/// For each of the count lists of values from wanted, the index in stored of the first list equal
/// to it, or no_match: how keys_by_conflict pairs the rows given with the rows read back. (Not a
/// template: its hash map is compiled once.)
inline constexpr std::size_t no_match = static_cast<std::size_t>(-1);
QUARRY_FUNC quarry::detail::Vector<std::size_t> match_values(
    const quarry::detail::Vector<sql::Value>* wanted, std::size_t count,
    const quarry::detail::Vector<quarry::detail::Vector<sql::Value>>& stored);
#ifdef QUARRY_BODIES
QUARRY_FUNC quarry::detail::Vector<std::size_t> match_values(
    const quarry::detail::Vector<sql::Value>* wanted, std::size_t count,
    const quarry::detail::Vector<quarry::detail::Vector<sql::Value>>& stored) {
  auto text_of = [](const quarry::detail::Vector<sql::Value>& v) {  // a bucket; == decides
    std::string t;
    for (const auto& x : v) t += sql::describe(x) + '\x1f';
    return t;
  };
  std::unordered_multimap<std::string, std::size_t> by_values;
  for (std::size_t i = 0; i < stored.size(); ++i) by_values.emplace(text_of(stored[i]), i);
  quarry::detail::Vector<std::size_t> out(count, no_match);
  for (std::size_t i = 0; i < count; ++i) {
    auto [first, last] = by_values.equal_range(text_of(wanted[i]));
    for (auto it = first; it != last; ++it)
      if (stored[it->second] == wanted[i]) {
        out[i] = it->second;
        break;
      }
  }
  return out;
}
#endif  // QUARRY_BODIES

/// The rows of T whose conflict columns (on_duplicate.conflict_columns) hold values as rows do,
/// read back after an insert on duplicate, and each of rows whose auto-increment key is unset given
/// the key of the stored row with its values there. A row with a NULL there (which clashes with
/// nothing, and matches nothing) keeps its key unset.
template <class T>
void keys_by_conflict(Executor& ex, driver::Connection& c, const std::vector<T*>& rows,
                      const std::vector<std::string>& conflict) {
  const auto& info = ops::model_info<T>();
  const quarry::detail::Vector<std::size_t> fields = column_indexes(info, conflict);
  if (fields.size() != conflict.size()) return;  // (the caller checked the names)
  auto values_of = [&](const T& r) {
    auto all = ops::row_values(r, false);
    quarry::detail::Vector<sql::Value> out;
    for (auto f : fields) out.push_back(std::move(all[f]));
    return out;
  };
  std::vector<T*> wanted;
  quarry::detail::Vector<quarry::detail::Vector<sql::Value>> wanted_values;
  for (T* r : rows) {
    auto v = values_of(*r);
    if (quarry::detail::none_of(v.begin(), v.end(), [](const sql::Value& x) { return std::holds_alternative<sql::Null>(x); })) {
      wanted.push_back(r);
      wanted_values.push_back(std::move(v));
    }
  }
  for (std::size_t at = 0; at < wanted.size(); at += returning_chunk) {
    std::size_t n = quarry::detail::min(returning_chunk, wanted.size() - at);
    // (c1 = ? AND c2 = ?) OR ...: the stored rows with these values
    std::optional<sql::Node> any;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& v = wanted_values[at + i];
      std::optional<sql::Node> all;
      for (std::size_t k = 0; k < fields.size(); ++k)
        sql::and_into(all, sql::Node::binary(sql::Op::eq, sql::Node::column(info.columns[fields[k]]),
                                             sql::Node::param(v[k])));
      any = any ? sql::Node::binary(sql::Op::or_, std::move(*any), std::move(*all)) : std::move(all);
    }
    sql::Select s;
    s.where = std::move(any);
    std::vector<T> stored;
    ex.run(c, sql::render(c.dialect(), ops::plan(info, std::move(s), std::nullopt, {false, query::Deleted::with})),
           [&](driver::Statement& st) { ops::read_row(st, stored.emplace_back()); });
    quarry::detail::Vector<quarry::detail::Vector<sql::Value>> stored_values;
    stored_values.reserve(stored.size());
    for (const auto& r : stored) stored_values.push_back(values_of(r));
    const quarry::detail::Vector<std::size_t> match = match_values(wanted_values.data() + at, n, stored_values);
    for (std::size_t i = 0; i < n; ++i) {
      if (match[i] == no_match) continue;
      T* row = wanted[at + i];
      const T& found = stored[match[i]];
      quarry::detail::for_each_field<T>([&](const auto& f) {
        if constexpr (std::is_integral_v<
                          quarry::detail::unwrap_optional_t<typename std::remove_cvref_t<decltype(f)>::value_type>>)
          if (f.options.auto_increment) f.get(*row) = f.get(found);
      });
    }
  }
}
}  // namespace detail

/// Inserts rows, all or none, as INSERT ... ON CONFLICT (...) DO NOTHING or DO UPDATE SET ...
/// (PostgreSQL, SQLite; on_duplicate.conflict_columns the target) or INSERT ... ON DUPLICATE KEY
/// UPDATE (MySQL: a clash with any unique key; ignoring is `first conflict column = itself`, not
/// INSERT IGNORE, which would turn other errors into warnings too): bulk_create(rows,
/// ignore_duplicates) and update_on_duplicate(...). Rows whose auto-increment key is unset get
/// the key of the row stored with their conflict columns' values (inserted, or the one they clashed
/// with), read back after the insert; their other members stay as given.
template <class T>
std::int64_t insert_on_duplicate(Executor& ex, driver::Connection& c, std::span<T* const> rows,
                                 const sql::Upsert& on_duplicate) {
  const auto& info = ops::model_info<T>();
  const auto& d = c.dialect();
  std::vector<T*> keyed, unkeyed;
  for (T* r : rows) (info.auto_increment && ops::key_unset(*r) ? unkeyed : keyed).push_back(r);
  // rows without a key cannot clash on it: when the target holds it, they go in as bulk_create
  // inserts them, their keys read back as it reads them
  const bool on_key = info.auto_increment &&
                      quarry::detail::contains(on_duplicate.conflict_columns, info.columns[*info.auto_increment]);
  return ex.atomically(c, [&] {
    if (on_key) exec::insert_many(ex, c, unkeyed, true);
    for (bool omit_key : {false, true}) {
      if (omit_key && on_key) break;
      const auto& part = omit_key ? unkeyed : keyed;
      const std::size_t chunk = ops::chunk_rows(d, info.columns.size() - (omit_key ? 1 : 0));
      for (std::size_t at = 0, n = 0; at < part.size(); at += n) {
        n = detail::rows_that_fit(d, std::span<T* const>(part).subspan(at), chunk);
        auto r = sql::render(d, ops::shape::insert_on_conflict(info, n, omit_key, on_duplicate));
        ops::RowValues<T> values{{part.data() + at, n}, {r.slots.data(), r.slots.size()}};
        ex.run(c, ex.prepared(c, r.sql), values.binds(), no_rows);
      }
    }
    if (!unkeyed.empty() && !on_key) detail::keys_by_conflict(ex, c, unkeyed, on_duplicate.conflict_columns);
    return static_cast<std::int64_t>(rows.size());
  });
}

/// Inserts many rows, all or none: those whose auto-increment key is unset get theirs from the
/// database; the others keep theirs.
template <class T>
std::int64_t insert_rows(Executor& ex, driver::Connection& c, std::span<T* const> rows) {
  const auto& info = ops::model_info<T>();
  std::vector<T*> keyed, unkeyed;
  for (T* r : rows) (info.auto_increment && ops::key_unset(*r) ? unkeyed : keyed).push_back(r);
  ex.atomically(c, [&] {
    exec::insert_many(ex, c, keyed, false);
    exec::insert_many(ex, c, unkeyed, true);
    return 0;
  });
  return static_cast<std::int64_t>(rows.size());
}

namespace detail {
/// write_rows' statements, between prepare and the after-hooks: inlined into the path of a
/// write without hooks, which then pays for no call of its own.
template <class T>
[[gnu::always_inline]] inline std::int64_t run_write(Executor& ex, driver::Connection& c, std::span<T* const> rows,
                                                     ops::Write kind, bool single,
                                                     const ops::Hooks<std::remove_const_t<T>>& hooks,
                                                     const std::remove_const_t<T>* before,
                                                     const sql::Upsert* on_duplicate = nullptr) {
  using Row = std::remove_const_t<T>;
  const bool bulk = !single && kind == ops::Write::insert;
  if constexpr (!std::is_const_v<T>)
    if (bulk && hooks.active()) hooks.template rows<HookKind::before_bulk_create>(rows);
  auto undo = ops::prepare(rows, kind, !single, hooks);
  std::int64_t changed = 0;
  auto one_by_one = [&](auto run_one) {
    if (single) return run_one(*rows[0]);
    return ex.atomically(c, [&] {
      std::int64_t n = 0;
      for (T* r : rows) n += run_one(*r);
      return n;
    });
  };
  switch (kind) {
    case ops::Write::insert:
      if constexpr (!std::is_const_v<T>) {
        if (single) {
          exec::insert_one(ex, c, *rows[0]);
          changed = 1;
        } else if (on_duplicate) [[unlikely]] {
          changed = exec::insert_on_duplicate(ex, c, rows, *on_duplicate);
        } else {
          changed = exec::insert_rows(ex, c, rows);
        }
      }
      break;
    case ops::Write::update:
      if (before) [[unlikely]] {  // a tracked row: the columns that differ from its snapshot
        changed = ex.run(c, sql::render(c.dialect(), ops::update_changed(*rows[0], *before)), no_rows);
        if constexpr (ops::versioned_v<Row>)
          if (changed == 0) detail::stale_version(ops::model_info<Row>());
      } else {
        changed = one_by_one([&](const T& r) {
          const Row* p = &r;
          auto n = run_shape<ops::UpdateByKey<Row>, Row>(ex, c, {&p, 1}, no_rows);
          if constexpr (ops::versioned_v<Row>)
            if (n == 0) detail::stale_version(ops::model_info<Row>());
          return n;
        });
      }
      // every row matched its version: the caller's rows now hold the version written
      if constexpr (ops::versioned_v<Row> && !std::is_const_v<T>)
        for (T* r : rows) ++ops::version_of(*r);
      break;
    case ops::Write::destroy:
    case ops::Write::force_destroy:
      if constexpr (ops::soft_deletes_v<Row>) {
        if (kind == ops::Write::destroy) {  // a soft delete: deleted_at = now
          const Timestamp at = quarry::now();
          changed = one_by_one([&](T& r) {
            driver::Statement& st = ex.shaped<ops::SoftDeleteByKey<Row>>(c);
            detail::SoftDeleteValues<Row> values{r, st.slots, at};
            auto n = ex.run(c, st, values.binds(), no_rows);
            if constexpr (!std::is_const_v<T>)  // the caller's row, deleted as the database's is
              if (n > 0) ops::deleted_at_of(r) = at;
            return n;
          });
          break;
        }
      }
      changed = one_by_one([&](const T& r) {
        const Row* p = &r;
        return run_shape<ops::DeleteByKey<Row>, Row>(ex, c, {&p, 1}, no_rows);
      });
      break;
    case ops::Write::restore:
      if constexpr (ops::soft_deletes_v<Row> && !std::is_const_v<T>) {
        changed = one_by_one([&](T& r) {
          const Row* p = &r;
          auto n = run_shape<ops::RestoreByKey<Row>, Row>(ex, c, {&p, 1}, no_rows);
          if (n > 0) ops::deleted_at_of(r).reset();
          return n;
        });
      }
      break;
    default:  // upsert and change run their own statements after ops::prepare
      break;
  }
  if (hooks.active() && changed > 0) [[unlikely]]
    detail::after_write(hooks, rows, kind, single);
  undo.done();
  return changed;
}

/// write_rows with hooks: the caller's row is kept to be put back, and the write runs in a
/// transaction when after-hooks run.
template <class T>
[[gnu::noinline]] std::int64_t write_hooked(Executor& ex, driver::Connection& c, std::span<T* const> rows,
                                            ops::Write kind, bool single,
                                            const ops::Hooks<std::remove_const_t<T>>& hooks,
                                            const std::remove_const_t<T>* before,
                                            const sql::Upsert* on_duplicate = nullptr) {
  using Row = std::remove_const_t<T>;
  // a hook may change the row (a hashed password), and the key read back may be rolled back
  // with the after-hooks: a write that fails leaves the caller's row as it was (bulk_create's
  // rows are the caller's copies)
  std::optional<ops::Restore<Row>> restore;
  if constexpr (!std::is_const_v<T>)
    if (single) restore.emplace(*rows[0]);
  auto run = [&] { return detail::run_write(ex, c, rows, kind, single, hooks, before, on_duplicate); };
  auto n = detail::hooked_atomically(ex, c, detail::has_after(hooks, kind, single), run);
  if (restore) restore->done();
  return n;
}
}  // namespace detail

/// The write path's second half: prepares rows for a write of kind (ops::prepare: stamps, hooks,
/// validation), runs it, all rows or none, then runs the after-hooks. When it fails, the rows are
/// as they were. Returns the rows changed. single: one row, whose validation errors name no index.
/// before: a tracked row's snapshot; its update then writes only the columns that differ.
/// on_duplicate: an insert of many rows runs as insert_on_duplicate (bulk_create's options).
///
/// With after-hooks, the write and its hooks run in one transaction (a savepoint inside one
/// already open), so that what a hook writes through its context commits with the row, or not at
/// all; without, no transaction is opened for them.
template <class T>
std::int64_t write_rows(Executor& ex, driver::Connection& c, std::span<T* const> rows, ops::Write kind, bool single,
                        const ops::Hooks<std::remove_const_t<T>>& hooks = {},
                        const std::remove_const_t<T>* before = nullptr, const sql::Upsert* on_duplicate = nullptr) {
  if (hooks.active()) [[unlikely]] return detail::write_hooked(ex, c, rows, kind, single, hooks, before, on_duplicate);
  return detail::run_write(ex, c, rows, kind, single, hooks, before, on_duplicate);
}

/// The write path for rows, all or none.
template <class T>
std::int64_t write(Executor& ex, driver::Connection& c, std::span<T* const> rows, ops::Write kind,
                   const ops::Hooks<std::remove_const_t<T>>& hooks = {}, const sql::Upsert* on_duplicate = nullptr) {
  return exec::write_rows(ex, c, rows, kind, false, hooks, nullptr, on_duplicate);
}
/// The write path for one row.
template <class T>
std::int64_t write(Executor& ex, driver::Connection& c, T& row, ops::Write kind,
                   const ops::Hooks<std::remove_const_t<T>>& hooks = {}) {
  T* one = &row;
  return exec::write_rows(ex, c, std::span<T* const>(&one, 1), kind, true, hooks);
}

namespace detail {
/// The update by key of a save, and the insert when no row has the key, undone as one: the row
/// is found by its own key, or by before's (a tracked row's snapshot; only the columns that
/// differ from it are written). No savepoint needed: an update that matched nothing changed
/// nothing.
template <class T>
void update_or_insert(Executor& ex, driver::Connection& c, T& row, const ops::Hooks<T>& hooks, const T* before) {
  const auto& info = ops::model_info<T>();
  T* one = &row;
  std::span<T* const> rows(&one, 1);
  ops::Undo<T> undo(rows);
  if constexpr (ops::versioned_v<T>) {
    try {
      exec::write_rows(ex, c, rows, ops::Write::update, true, hooks, before);
    } catch (const OptimisticLockError&) {
      // stale, unless no row has the key at all (a new row with a key of its own): then insert
      if (exec::count(ex, c, info, ops::key_condition(before ? *before : row), {false, query::Deleted::with}) > 0)
        throw;
      exec::write(ex, c, row, ops::Write::insert, hooks);
    }
  } else if ((!before && !has_update_columns(info)) ||
             exec::write_rows(ex, c, rows, ops::Write::update, true, hooks, before) == 0) {
    exec::write(ex, c, row, ops::Write::insert, hooks);
  }
  undo.done();
}
}  // namespace detail

/// Inserts row if its auto-increment key is unset (or its generated key, ops::key_to_generate),
/// else updates it by key, inserting it when no row has that key.
template <class T>
void save(Executor& ex, driver::Connection& c, T& row, const ops::Hooks<T>& hooks = {}) {
  const auto& info = ops::model_info<T>();
  if ((info.auto_increment && ops::key_unset(row)) || ops::key_to_generate(row)) {
    exec::write(ex, c, row, ops::Write::insert, hooks);
    return;
  }
  detail::update_or_insert<T>(ex, c, row, hooks, nullptr);
}

/// Saves a tracked row (row, with before its snapshot): inserts it whole when its auto-increment
/// key is unset; writes nothing and returns false when no field differs from before; else updates
/// the columns that differ, and updated_at, where the key is before's, through the write path
/// (hooks, validation), inserting the row when no row has that key, as save does. The caller
/// takes row as its new snapshot when this returns true.
template <class T>
bool save_changes(Executor& ex, driver::Connection& c, T& row, const T& before, const ops::Hooks<T>& hooks = {}) {
  const auto& info = ops::model_info<T>();
  if (info.auto_increment && ops::key_unset(row)) {
    exec::write(ex, c, row, ops::Write::insert, hooks);
    return true;
  }
  auto differs = quarry::detail::differing_fields(row, before);
  if (!quarry::detail::contains(differs, true)) return false;
  detail::update_or_insert(ex, c, row, hooks, &before);
  return true;
}

/// UPDATE info's table SET set (and updated_at, and version + 1) WHERE where; returns the rows
/// changed. Not a template: compiled once, not per model.
QUARRY_FUNC std::int64_t update_where(Executor& ex, driver::Connection& c, const ops::ModelInfo& info,
                                      quarry::detail::Vector<sql::Assignment> set, std::optional<sql::Node> where);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::int64_t update_where(Executor& ex, driver::Connection& c, const ops::ModelInfo& info,
                                      quarry::detail::Vector<sql::Assignment> set, std::optional<sql::Node> where) {
  sql::Update u;
  u.table = info.table;
  u.set = std::move(set);
  ops::prepare_where(info, u);
  u.where = std::move(where);
  return ex.run(c, sql::render(c.dialect(), u), no_rows);
}
#endif  // QUARRY_BODIES

/// UPDATE info's table SET its deleted_at = value WHERE where: a soft delete (value now) or a
/// restore (value NULL) by where. Not a template.
QUARRY_FUNC std::int64_t set_deleted_where(Executor& ex, driver::Connection& c, const ops::ModelInfo& info,
                                           sql::Value value, std::optional<sql::Node> where);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::int64_t set_deleted_where(Executor& ex, driver::Connection& c, const ops::ModelInfo& info,
                                           sql::Value value, std::optional<sql::Node> where) {
  sql::Update u;
  u.table = info.table;
  u.set.push_back({info.columns[*info.deleted_at], sql::Node::param(std::move(value))});
  u.where = std::move(where);
  return ex.run(c, sql::render(c.dialect(), u), no_rows);
}
#endif  // QUARRY_BODIES

namespace detail {
/// No where: what a write that reads no rows for individual hooks passes as the rows it would
/// read (constant, so that no call builds an empty node of its own).
inline constinit const std::optional<sql::Node> no_where{};

/// The rows of T that where matches, as they are now: what individual_hooks runs each row's
/// hooks on, in a write by where. where holds the scope and which rows (live or soft-deleted)
/// already, as the write itself sees them.
template <class T>
std::vector<T> rows_where(Executor& ex, driver::Connection& c, const std::optional<sql::Node>& where) {
  sql::Select s;
  s.where = where;
  std::vector<T> out;
  ex.run(c, sql::render(c.dialect(), ops::plan(ops::model_info<T>(), std::move(s), std::nullopt,
                                               {false, query::Deleted::with})),
         [&](driver::Statement& st) { ops::read_row(st, out.emplace_back()); });
  return out;
}

/// The one skeleton of a write by where of Kind (update, destroy or restore) with T's hooks:
/// run() is its statement, called once, after where was read (it may move where). The bulk
/// hooks around it (before_bulk_update and after_bulk_update, or ..._destroy; restore has
/// none); with individual_hooks (Individual: the query said so, known at compile time, so that
/// the reads it takes are compiled only where asked for), the row hooks of Kind on each row
/// that matches, read before the write (what before_update changes is not written), the
/// after-hooks on each row read back after it (destroy's: as read before).
template <class T, ops::Write Kind, bool Individual, class Run>
std::int64_t hooked_where(Executor& ex, driver::Connection& c, const std::optional<sql::Node>& where,
                          const ops::Hooks<T>& hooks, Run run) {
  if (!hooks.active()) return run();
  constexpr HookKind before = ops::before_hook(Kind), after = ops::after_hook(Kind);
  constexpr bool bulk = Kind != ops::Write::restore;
  // (restore has no bulk hooks: these name destroy's, never run)
  [[maybe_unused]] constexpr HookKind before_bulk =
      Kind == ops::Write::update ? HookKind::before_bulk_update : HookKind::before_bulk_destroy;
  constexpr HookKind after_bulk = Kind == ops::Write::update ? HookKind::after_bulk_update : HookKind::after_bulk_destroy;
  constexpr bool destroys = Kind == ops::Write::destroy;
  bool each = false;
  if constexpr (Individual) each = hooks.template any<before>() || hooks.template any<after>();
  const bool after_hooks = (bulk && hooks.template any<after_bulk>()) || (each && hooks.template any<after>());
  return detail::hooked_atomically(ex, c, after_hooks, [&]() -> std::int64_t {
    if constexpr (bulk) hooks.template bulk<before_bulk>();
    std::int64_t n = 0;
    if constexpr (Individual) {
      std::vector<T> rows;
      if (each) rows = detail::rows_where<T>(ex, c, where);
      for (auto& r : rows) {
        if constexpr (destroys) hooks.template row<before>(std::as_const(r));
        else hooks.template row<before>(r);
      }
      n = run();
      for (auto& r : rows) {
        if constexpr (destroys) hooks.template row<after>(std::as_const(r));
        else if (exec::reload(ex, c, r)) hooks.template row<after>(r);
      }
    } else {
      n = run();
    }
    if constexpr (bulk) hooks.template bulk<after_bulk>();
    return n;
  });
}
}  // namespace detail

/// update<T>(set(...), where(col<&T::k> op value)) of plain values (ops::updates_by_shape): the
/// statement of its shape, prepared once per connection, with the values bound from the typed set
/// and where, instead of a tree built and rendered per call; the SQL, stamps and bulk hooks are
/// update_where's.
template <class T, class S, class W>
std::int64_t update_shaped(Executor& ex, driver::Connection& c, const S& set, const W& where,
                           const ops::Hooks<T>& hooks) {
  using Shape = ops::UpdateWhere<T, S, W>;
  static_assert(Shape::stamp == std::tuple_size_v<decltype(set.parts)>,
                "the shape's slots and SetWhereValues read the same layout: the set's values, the stamp, the where's");
  return detail::hooked_where<T, ops::Write::update, false>(ex, c, detail::no_where, hooks, [&] {
    driver::Statement& st = ex.shaped<Shape>(c);
    ops::SetWhereValues<decltype(set.parts), decltype(where.condition.value)> values{set.parts, where.condition.value, st};
    return ex.run(c, st, values.binds(), no_rows);
  });
}

namespace detail {
/// update_where of a model that declares no hooks, with those registered on the Database, if any
/// (global; ctx the operation's context): hooked_where's bulk path, compiled once for every model.
QUARRY_FUNC std::int64_t update_where_registered(Executor& ex, driver::Connection& c, const ops::ModelInfo& info,
                                                 const std::type_info& type,
                                                 quarry::detail::Vector<sql::Assignment>&& set,
                                                 std::optional<sql::Node>&& where,
                                                 const quarry::detail::GlobalHooks* global, Session* ctx);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::int64_t update_where_registered(Executor& ex, driver::Connection& c, const ops::ModelInfo& info,
                                                 const std::type_info& type,
                                                 quarry::detail::Vector<sql::Assignment>&& set,
                                                 std::optional<sql::Node>&& where,
                                                 const quarry::detail::GlobalHooks* global, Session* ctx) {
  if (!global) return exec::update_where(ex, c, info, std::move(set), std::move(where));
  return hooked_atomically(ex, c, global->has(HookKind::after_bulk_update), [&] {
    ops::detail::run_global(*global, HookKind::before_bulk_update, info.table, type, nullptr, false, 0, *ctx);
    auto n = exec::update_where(ex, c, info, std::move(set), std::move(where));
    ops::detail::run_global(*global, HookKind::after_bulk_update, info.table, type, nullptr, false, 0, *ctx);
    return n;
  });
}
#endif  // QUARRY_BODIES
}  // namespace detail

/// update_where with T's hooks (detail::hooked_where): before_bulk_update and after_bulk_update;
/// with individual_hooks, before_update and after_update on each row too. A model that declares
/// no hooks, without individual_hooks, takes detail::update_where_registered instead.
template <class T, bool Individual = false>
std::int64_t update_where(Executor& ex, driver::Connection& c, quarry::detail::Vector<sql::Assignment>&& set,
                          std::optional<sql::Node>&& where, const ops::Hooks<T>& hooks) {
  const auto& info = ops::model_info<T>();
  if constexpr (!Individual && !ops::Hooks<T>::declared)  // the common case: no code of T's own
    return detail::update_where_registered(ex, c, info, typeid(T), std::move(set), std::move(where), hooks.global,
                                           hooks.ctx);
  else
    return detail::hooked_where<T, ops::Write::update, Individual>(
        ex, c, where, hooks, [&] { return exec::update_where(ex, c, info, std::move(set), std::move(where)); });
}

/// The destroy of T's rows that where matches, with T's hooks (detail::hooked_where):
/// before_bulk_destroy and after_bulk_destroy; with individual_hooks, before_destroy and
/// after_destroy on each row too. On a model with deleted_at it sets deleted_at to now, unless
/// Force; else it deletes.
template <class T, bool Individual = false, bool Force = false>
std::int64_t destroy_where(Executor& ex, driver::Connection& c, std::optional<sql::Node> where, const ops::Hooks<T>& hooks) {
  const auto& info = ops::model_info<T>();
  return detail::hooked_where<T, ops::Write::destroy, Individual>(ex, c, where, hooks, [&]() -> std::int64_t {
    if constexpr (ops::soft_deletes_v<T> && !Force)
      return exec::set_deleted_where(ex, c, info, quarry::now(), std::move(where));
    sql::Delete del{info.table, std::move(where)};
    return ex.run(c, sql::render(c.dialect(), del), no_rows);
  });
}

/// The restore of T's soft-deleted rows that where matches (where says deleted_at IS NOT NULL):
/// deleted_at back to NULL; with individual_hooks, before_restore and after_restore on each row.
template <class T, bool Individual = false>
std::int64_t restore_where(Executor& ex, driver::Connection& c, std::optional<sql::Node> where, const ops::Hooks<T>& hooks) {
  const auto& info = ops::model_info<T>();
  return detail::hooked_where<T, ops::Write::restore, Individual>(
      ex, c, where, hooks, [&] { return exec::set_deleted_where(ex, c, info, sql::Null{}, std::move(where)); });
}

namespace detail {
/// The rows of T that where matches (which holds the scope and the soft-delete filter already),
/// every column a read reads, locked until the transaction ends where the dialect locks rows
/// (FOR UPDATE): what the emulation of RETURNING then writes by key.
template <class T>
std::vector<T> locked_rows(Executor& ex, driver::Connection& c, std::optional<sql::Node> where) {
  sql::Select s;
  s.where = std::move(where);
  s = ops::plan(ops::model_info<T>(), std::move(s), std::nullopt, {false, query::Deleted::with});
  if (c.dialect().row_locks) s.lock = sql::LockMode::update;
  std::vector<T> out;
  ex.run(c, sql::render(c.dialect(), s), [&](driver::Statement& st) { ops::read_row(st, out.emplace_back()); });
  return out;
}

/// Calls f(chunk) for rows in chunks of returning_chunk.
template <class T, class F>
void by_chunks(const std::vector<T>& rows, F&& f) {
  for (std::size_t at = 0; at < rows.size(); at += returning_chunk)
    f(std::span<const T>(rows).subspan(at, quarry::detail::min(returning_chunk, rows.size() - at)));
}
}  // namespace detail

/// Runs u, an UPDATE of T's table with its whole SET, and appends the rows it changed, as they are
/// after it, to out (in no particular order); returns how many. By UPDATE ... RETURNING where
/// the dialect has it; else (MySQL and MariaDB) in one transaction: the rows that match locked
/// (SELECT ... FOR UPDATE), updated by their keys, then read again by their keys.
template <class T>
std::int64_t update_returning(Executor& ex, driver::Connection& c, sql::Update u, std::vector<T>& out) {
  const auto& info = ops::model_info<T>();
  const auto& d = c.dialect();
  auto read = [&](driver::Statement& st) { ops::read_row(st, out.emplace_back()); };
  if (d.update_returning) {
    u.returning = ops::returning_columns(info);
    return ex.run(c, sql::render(d, u), read);
  }
  return ex.atomically(c, [&]() -> std::int64_t {
    std::size_t before = out.size();
    auto rows = detail::locked_rows<T>(ex, c, std::move(u.where));
    detail::by_chunks(rows, [&](std::span<const T> chunk) {
      u.where = ops::keys_condition(chunk);
      ex.run(c, sql::render(d, u), no_rows);
      sql::Select again;
      again.where = ops::keys_condition(chunk);
      ex.run(c, sql::render(d, ops::plan(info, std::move(again), std::nullopt, {false, query::Deleted::with})), read);
    });
    return static_cast<std::int64_t>(out.size() - before);
  });
}

/// Deletes the rows of T that where matches and appends them, as they were, to out (in no
/// particular order); returns how many. By DELETE ... RETURNING where the server has it; else
/// (MySQL 8) in one transaction: the rows that match read and locked (SELECT ... FOR UPDATE),
/// then deleted by their keys.
template <class T>
std::int64_t delete_returning(Executor& ex, driver::Connection& c, std::optional<sql::Node> where, std::vector<T>& out) {
  const auto& info = ops::model_info<T>();
  const auto& d = c.dialect();
  if (c.delete_returning()) {
    sql::Delete del{info.table, std::move(where), ops::returning_columns(info)};
    return ex.run(c, sql::render(d, del), [&](driver::Statement& st) { ops::read_row(st, out.emplace_back()); });
  }
  return ex.atomically(c, [&]() -> std::int64_t {
    auto rows = detail::locked_rows<T>(ex, c, std::move(where));
    detail::by_chunks(rows, [&](std::span<const T> chunk) {
      ex.run(c, sql::render(d, sql::Delete{info.table, ops::keys_condition(chunk)}), no_rows);
    });
    for (auto& r : rows) out.push_back(std::move(r));
    return static_cast<std::int64_t>(rows.size());
  });
}

/// update_where that gives back the rows it changed, as they are after it (update_returning),
/// with the same hooks, stamps and version count.
template <class T, bool Individual = false>
std::vector<T> update_where_returning(Executor& ex, driver::Connection& c, quarry::detail::Vector<sql::Assignment> set,
                                      std::optional<sql::Node> where, const ops::Hooks<T>& hooks) {
  const auto& info = ops::model_info<T>();
  std::vector<T> out;
  detail::hooked_where<T, ops::Write::update, Individual>(ex, c, where, hooks, [&] {
    sql::Update u;
    u.table = info.table;
    u.set = std::move(set);
    ops::prepare_where(info, u);
    u.where = std::move(where);
    return exec::update_returning(ex, c, std::move(u), out);
  });
  return out;
}

/// destroy_where that gives back the rows it destroyed: as they were (a delete), or as they are
/// after it, deleted_at set (a soft delete).
template <class T, bool Individual = false, bool Force = false>
std::vector<T> destroy_where_returning(Executor& ex, driver::Connection& c, std::optional<sql::Node> where,
                                       const ops::Hooks<T>& hooks) {
  const auto& info = ops::model_info<T>();
  std::vector<T> out;
  detail::hooked_where<T, ops::Write::destroy, Individual>(ex, c, where, hooks, [&]() -> std::int64_t {
    if constexpr (ops::soft_deletes_v<T> && !Force) {
      sql::Update u;
      u.table = info.table;
      u.set.push_back({info.columns[*info.deleted_at], sql::Node::param(quarry::now())});
      u.where = std::move(where);
      return exec::update_returning(ex, c, std::move(u), out);
    }
    return exec::delete_returning(ex, c, std::move(where), out);
  });
  return out;
}

/// Sets one column of row by assignment, an expression of the stored value (increment,
/// decrement), in the database, then reads row back.
template <class T>
void change(Executor& ex, driver::Connection& c, T& row, sql::Assignment assignment) {
  const auto& info = ops::model_info<T>();
  T* one = &row;
  auto undo = ops::prepare(std::span<T* const>(&one, 1), ops::Write::change);
  sql::Update u;
  u.table = info.table;
  u.set.push_back(std::move(assignment));
  ops::prepare_where(info, u);
  u.where = ops::key_condition(row);
  ex.run(c, sql::render(c.dialect(), u), no_rows);
  run_shape<ops::SelectByKey<T>, T>(ex, c, {&one, 1}, [&](driver::Statement& st) { ops::read_row(st, row); });
  undo.done();
}

/// Runs the upsert of row, prepared already (ops::prepare), on a clash with target; returns the
/// row as stored (read back where the dialect returns it, else row itself).
template <class T>
T upsert(Executor& ex, driver::Connection& c, T& row, const std::vector<std::string>& target) {
  const auto& info = ops::model_info<T>();
  bool omit = info.auto_increment && ops::key_unset(row);
  const auto& d = c.dialect();
  auto ins = ops::upsert_row(row, target, omit, d.returning);
  T out{};
  bool read = false;
  ex.run(c, sql::render(d, ins), [&](driver::Statement& st) { ops::read_every_field(st, out); read = true; });
  if (!read) out = std::move(row);
  return out;
}

/// The first row of T matching where, or defaults inserted, all in one transaction (or
/// savepoint); .second tells whether it was inserted.
template <class T, class W>
std::pair<T, bool> find_or_create(Executor& ex, driver::Connection& c, const W& where, T& defaults,
                                  const ops::Hooks<T>& hooks = {}) {
  return ex.atomically(c, [&]() -> std::pair<T, bool> {
    if (auto found = exec::find_one<T>(ex, c, where)) return {std::move(*found), false};
    try {
      ex.atomically(c, [&] { return exec::write(ex, c, defaults, ops::Write::insert, hooks); });
      return {std::move(defaults), true};
    } catch (const UniqueConstraintError&) {  // created meanwhile by someone else
      // a locking read sees the latest committed row even under REPEATABLE READ (MariaDB's default)
      auto found = c.dialect().row_locks ? exec::find_one<T>(ex, c, where, query::for_share())
                                         : exec::find_one<T>(ex, c, where);
      if (found) return {std::move(*found), false};
      throw;
    }
  });
}

}  // namespace quarry::exec
