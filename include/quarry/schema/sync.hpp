#pragma once
/// sync and drop: tables created referenced-first and dropped dependents-first.
///
///   db.sync<Author, Book>();                    // CREATE TABLE IF NOT EXISTS, in foreign-key order
///   db.sync<Author, Book>({.force = true});     // drop and recreate
///   db.sync<Author, Book>({.alter = true});     // add what is missing (schema/diff.hpp)

#include <array>
#include <string>
#include <vector>

#include "../config.hpp"
#include "../session/session.hpp"
#include "ddl.hpp"
#include "diff.hpp"  // sync with alter diffs first

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: error messages
#endif

namespace quarry {

template <class... T>
void Session::sync(SyncOptions options) {
  static_assert(sizeof...(T) > 0, "quarry: sync<...>() takes the models to create, as in db.sync<Author, Book>()");
  if constexpr ((detail::ModelCheck<T>::ok && ...)) {
    const auto models = schema::detail::facts_of<T...>();
    sync_models(models, options);
  }
}

#ifdef QUARRY_BODIES
QUARRY_FUNC void Session::sync_models(std::span<const schema::detail::ModelFacts> models, const SyncOptions& options) {
  if (options.alter && !options.force) {
    auto steps = diff_models(models, options);
    std::string refused, impossible;
    for (const auto& s : steps) {
      if (s.destructive && !options.allow_destructive) refused += "\n  " + s.description;
      if (s.sql.empty()) impossible += "\n  " + s.description;
    }
    if (!refused.empty())
      throw SchemaError("quarry: sync with alter would lose data; nothing was changed. Allow it with "
                        "{.alter = true, .allow_destructive = true}, or change the models:" + refused);
    if (!impossible.empty())
      throw UnsupportedError(fmt::format(
          "quarry: sync with alter cannot make these changes on {}; nothing was changed:{}", dialect().name,
          impossible));
    apply_steps(steps);
    return;
  }
  auto tables = schema::detail::build_tables(models);
  auto lease = this->lease();
  auto statements = schema::create_statements(lease->dialect(), tables, options.force);
  atomically(lease, [&] {
    for (const auto& s : statements) run_plain(lease, s);
    return 0;
  });
}

QUARRY_FUNC void Session::drop_models(std::span<const schema::detail::ModelFacts> models) {
  auto tables = schema::detail::build_tables(models);  // dependents of associations first
  auto lease = this->lease();
  auto statements = schema::drop_statements(lease->dialect(), tables);
  atomically(lease, [&] {
    for (const auto& s : statements) run_plain(lease, s);
    return 0;
  });
}

QUARRY_FUNC void Session::apply_steps(const std::vector<schema::Step>& steps) {
  bool rebuild = false;
  for (const auto& s : steps) rebuild = rebuild || s.kind == schema::StepKind::rebuild_table;
  auto lease = this->lease();
  // the rows of a pragma on this connection, and the first one's first column, a number (read
  // only when asked: foreign_key_check's rows begin with a table's name)
  auto pragma = [&](const char* text, bool read_first = false) {
    std::int64_t rows = 0, first = 0;
    shared_->exec.run(*lease, sql::Rendered{text, {}, {}}, [&](driver::Statement& st) {
      if (rows++ == 0 && read_first) ops::read_value(st, 0, first);
    });
    return std::pair{rows, first};
  };
  auto apply = [&] {
    atomically(lease, [&] {  // where DDL is transactional (PostgreSQL, SQLite), all or nothing
      for (const auto& s : steps)
        for (const auto& statement : s.sql) run_plain(lease, statement);
      if (rebuild && pragma("PRAGMA foreign_key_check").first > 0)
        throw SchemaError("quarry: after rebuilding a table, rows point at rows that are not there "
                          "(PRAGMA foreign_key_check); nothing was changed");
      return 0;
    });
  };
  if (!rebuild) return apply();
  // SQLite drops the old table in a rebuild: with foreign keys on, that would delete or unlink
  // the rows that point at it, and the pragma that turns them off does nothing in a transaction
  // (a migration turns them off before its transaction begins: then the rebuild runs in it)
  bool keys_on = pragma("PRAGMA foreign_keys", true).second != 0;  // as the connection has it (a URL option)
  if (!keys_on) return apply();
  if (lease->transaction_depth > 0)
    throw UnsupportedError("quarry: rebuilding a SQLite table (sync with alter, change_column) cannot be done inside "
                           "a transaction (foreign keys must be off); run it outside one, or in a migration");
  run_plain(lease, "PRAGMA foreign_keys = OFF");
  try {
    apply();
  } catch (...) {
    if (keys_on) run_plain(lease, "PRAGMA foreign_keys = ON");
    throw;
  }
  if (keys_on) run_plain(lease, "PRAGMA foreign_keys = ON");
}
#endif  // QUARRY_BODIES

template <class... T>
void Session::drop() {
  static_assert(sizeof...(T) > 0, "quarry: drop<...>() takes the models to drop, as in db.drop<Author, Book>()");
  if constexpr ((detail::ModelCheck<T>::ok && ...)) {
    const auto models = schema::detail::facts_of<T...>();
    drop_models(models);
  }
}

}  // namespace quarry
