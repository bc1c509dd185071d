#pragma once
/// Migrations and seeders: changes to a database written in C++, each with an up and a down,
/// applied in the order of their names (a timestamp first) and recorded in a table of the
/// database. Sequelize's db:migrate, db:migrate:undo, db:migrate:undo:all, db:migrate:status.
///
///   const std::vector<quarry::Migration> migrations{{
///       .name = "20261203120000-create-users",
///       .up = [](quarry::Session& db) { db.create_table<User>(); },
///       .down = [](quarry::Session& db) { db.drop_table("users"); },
///   }};
///   quarry::Migrator migrator{db, migrations};
///   migrator.migrate();                                  // the pending ones, in order
///   migrator.undo();                                     // the last one applied
///   for (const auto& m : migrator.status()) ...          // applied and pending, as data

#include <algorithm>  // sort
#include <chrono>
#include <cstdint>
#include <exception>  // throw_with_nested
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>  // sleep_for, while another process holds the lock
#include <utility>
#include <vector>

#include <fmt/core.h>  // fmt::format: error messages

#include "../error.hpp"
#include "../session/session.hpp"

namespace quarry {

/// One migration: its name, whose leading timestamp orders it ("20261203120000-create-users"),
/// and what it does and undoes. up and down receive a Session whose every operation (the schema
/// operations, and reads and writes of rows) runs on the migration's connection, in its
/// transaction where the dialect has transactional DDL.
struct Migration {
  std::string name;
  std::function<void(Session&)> up;
  std::function<void(Session&)> down = {};
  /// Recorded with the migration when it is applied and compared by status() (say, a hash of the
  /// migration's source that its author or a generator writes in); "" records none.
  std::string checksum = {};
};

/// One seeder: the same shape as a migration, recorded in a table of its own (quarry_seeders).
using Seeder = Migration;

namespace detail {
inline std::vector<Migration>& migration_registry() {
  static std::vector<Migration> registry;
  return registry;
}
inline std::vector<Seeder>& seeder_registry() {
  static std::vector<Seeder> registry;
  return registry;
}
}  // namespace detail

/// Adds m to registered_migrations(): what a migration's own source file does (a generated one
/// does), so that the files linked into the migration program are its migrations.
///
///   [[maybe_unused]] const bool registered = quarry::register_migration({.name = ..., .up = ..., .down = ...});
inline bool register_migration(Migration m) {
  detail::migration_registry().push_back(std::move(m));
  return true;
}
/// Adds s to registered_seeders().
inline bool register_seeder(Seeder s) {
  detail::seeder_registry().push_back(std::move(s));
  return true;
}
/// The migrations that the program's files registered (in no order: Migrator sorts them).
inline std::vector<Migration> registered_migrations() { return detail::migration_registry(); }
inline std::vector<Seeder> registered_seeders() { return detail::seeder_registry(); }

/// One migration as status() reports it: known to the program, recorded in the table, or both.
struct MigrationStatus {
  std::string name;
  bool applied = false;
  std::optional<Timestamp> applied_at;  ///< when it was recorded (UTC)
  std::optional<std::string> checksum;  ///< as recorded
  bool known = true;     ///< false: recorded in the table, but the program has no migration of that name
  bool changed = false;  ///< recorded with a checksum other than the program's migration has
};

struct MigratorOptions {
  /// The table that records what was applied; "" is quarry_migrations (quarry_seeders for Seeders).
  std::string table = {};
  /// Whether the runs change tables. On SQLite they then run with foreign keys off, which a
  /// table rebuild needs (ON DELETE CASCADE does not fire in them); seeders only change rows and
  /// keep foreign keys as the connection has them (Seeders and the command line's seed set false).
  bool changes_tables = true;
  /// How long to wait for another process that is migrating the same database: then a MigrationLockError.
  std::chrono::milliseconds lock_timeout = std::chrono::seconds{60};
};

/// Applies and reverts migrations, one process at a time: each run holds a lock of the database
/// (PostgreSQL an advisory lock, MySQL/MariaDB GET_LOCK, SQLite its write lock) from start to end.
class Migrator {
 public:
  Migrator(Session& db, std::vector<Migration> migrations, MigratorOptions options = {})
      : db_(&db), migrations_(std::move(migrations)), options_(std::move(options)) {
    if (options_.table.empty()) options_.table = "quarry_migrations";
    std::sort(migrations_.begin(), migrations_.end(), [](const Migration& a, const Migration& b) { return a.name < b.name; });
    for (std::size_t i = 0; i < migrations_.size(); ++i) {
      if (migrations_[i].name.empty()) throw ConfigError("quarry: a migration has no name");
      if (i > 0 && migrations_[i].name == migrations_[i - 1].name)
        throw ConfigError("quarry: two migrations are named " + migrations_[i].name);
      if (!migrations_[i].up) throw ConfigError(fmt::format("quarry: migration {} has no up", migrations_[i].name));
    }
  }

  /// Applies the pending migrations in name order, all of them or up to and including `to`;
  /// returns the names applied. A migration that fails is a MigrationError (the database's own
  /// error nested in it): the ones before it stay applied.
  std::vector<std::string> migrate(std::string_view to = {}) {
    std::size_t last = to.empty() ? migrations_.size() : index_of(to) + 1;
    std::vector<std::string> done;
    locked([&](driver::Connection& c) {
      auto applied = recorded(c);
      for (std::size_t i = 0; i < last; ++i) {
        const auto& m = migrations_[i];
        if (find(applied, m.name)) continue;
        run_one(c, m, true);
        done.push_back(m.name);
      }
    });
    return done;
  }

  /// Reverts the last migration applied (by name); returns its name, or none when none is applied.
  std::optional<std::string> undo() {
    std::optional<std::string> done;
    locked([&](driver::Connection& c) {
      auto applied = recorded(c);
      if (applied.empty()) return;
      run_one(c, known(applied.back().name), false);
      done = applied.back().name;
    });
    return done;
  }

  /// Reverts the applied migrations, last first: all of them, or down to and including `to`;
  /// returns the names reverted.
  std::vector<std::string> undo_all(std::string_view to = {}) {
    if (!to.empty()) index_of(to);
    std::vector<std::string> done;
    locked([&](driver::Connection& c) {
      auto applied = recorded(c);
      for (std::size_t i = applied.size(); i-- > 0;) {
        if (!to.empty() && applied[i].name < to) break;
        run_one(c, known(applied[i].name), false);
        done.push_back(applied[i].name);
      }
    });
    return done;
  }

  /// Every migration the program has and every one the table records, in name order.
  std::vector<MigrationStatus> status() {
    std::vector<MigrationStatus> out;
    std::vector<MigrationStatus> applied;
    if (has_table()) {
      auto lease = db_->lease();
      applied = recorded(*lease);
    }
    std::size_t a = 0;
    for (const auto& m : migrations_) {
      for (; a < applied.size() && applied[a].name < m.name; ++a) out.push_back(applied[a]);  // unknown ones
      if (a < applied.size() && applied[a].name == m.name) {
        out.push_back(applied[a++]);
        out.back().known = true;
        out.back().changed = !m.checksum.empty() && out.back().checksum && *out.back().checksum != m.checksum;
      } else {
        out.push_back({m.name, false, std::nullopt, std::nullopt, true, false});
      }
    }
    for (; a < applied.size(); ++a) out.push_back(applied[a]);
    return out;
  }

  const std::vector<Migration>& migrations() const noexcept { return migrations_; }
  const std::string& table() const noexcept { return options_.table; }

 private:
  const sql::Dialect& dialect() const { return db_->dialect(); }
  exec::Executor& exec() { return db_->shared_->exec; }

  std::size_t index_of(std::string_view name) const {
    for (std::size_t i = 0; i < migrations_.size(); ++i)
      if (migrations_[i].name == name) return i;
    throw ConfigError("quarry: there is no migration named " + std::string(name));
  }
  const Migration& known(const std::string& name) const {
    for (const auto& m : migrations_)
      if (m.name == name) return m;
    throw SchemaError(fmt::format(
        "quarry: {} is recorded in {} as applied, but this program has no migration of that name, so it cannot be "
        "reverted",
        name, options_.table));
  }
  static bool find(const std::vector<MigrationStatus>& applied, const std::string& name) {
    for (const auto& a : applied)
      if (a.name == name) return true;
    return false;
  }

  bool has_table() {
    for (const auto& t : db_->tables())
      if (t == options_.table) return true;
    return false;
  }

  /// What the table records, in name order (all marked unknown; status() marks the known ones).
  std::vector<MigrationStatus> recorded(driver::Connection& c) {
    sql::Select s;
    s.table = options_.table;
    s.columns = {sql::Node::column("name"), sql::Node::column("applied_at"), sql::Node::column("checksum")};
    std::vector<MigrationStatus> out;
    exec().run(c, sql::render(dialect(), s), [&](driver::Statement& st) {
      auto& r = out.emplace_back();
      r.applied = true;
      r.known = false;
      ops::read_value(st, 0, r.name);
      Timestamp at{};
      ops::read_value(st, 1, at);
      r.applied_at = at;
      ops::read_value(st, 2, r.checksum);
    });
    std::sort(out.begin(), out.end(), [](const MigrationStatus& a, const MigrationStatus& b) { return a.name < b.name; });
    return out;
  }

  /// CREATE TABLE IF NOT EXISTS of the table that records what was applied (Sequelize's SequelizeMeta).
  void ensure_table(driver::Connection& c) {
    sql::CreateTable t;
    t.table = options_.table;
    sql::ColumnDef name{.name = "name", .type = {.kind = TypeKind::text, .size = 255, .keyed = true}};
    name.primary_key = true;
    sql::ColumnDef at{.name = "applied_at", .type = {.kind = TypeKind::timestamp}};
    sql::ColumnDef checksum{.name = "checksum", .type = {.kind = TypeKind::text, .size = 255}, .nullable = true};
    t.columns = {std::move(name), std::move(at), std::move(checksum)};
    exec().run_plain(c, sql::render(dialect(), t).sql);
  }

  /// Runs m's up (recording it) or down (forgetting it): in one transaction where DDL is
  /// transactional; elsewhere the record follows a down or up that succeeded.
  void run_one(driver::Connection& c, const Migration& m, bool up) {
    if (!up && !m.down)
      throw ConfigError(fmt::format("quarry: migration {} has no down, so it cannot be reverted", m.name));
    const auto& d = dialect();
    auto body = [&] {
      detail::HookSession<void> session(db_->shared_, c);
      (up ? m.up : m.down)(session);
      if (d.transactions == sql::TransactionSyntax::sqlite) check_foreign_keys(c, m);
      if (up) {
        sql::Insert ins;
        ins.table = options_.table;
        ins.columns = {"name", "applied_at", "checksum"};
        ins.rows = {{m.name, now(), m.checksum.empty() ? sql::Value{sql::Null{}} : sql::Value{m.checksum}}};
        exec().run(c, sql::render(d, ins), [](driver::Statement&) {});
      } else {
        sql::Delete del{options_.table, sql::Node::binary(sql::Op::eq, sql::Node::column("name"), sql::Node::param(m.name))};
        exec().run(c, sql::render(d, del), [](driver::Statement&) {});
      }
      return 0;
    };
    try {
      if (d.transactional_ddl) exec().atomically(c, body);
      else body();
    } catch (const std::exception& e) {
      const char* undone = d.transactional_ddl ? ", and all it did was rolled back: "
                                               : "; it is not recorded as changed, but what its DDL made before the "
                                                 "failure stays (MySQL commits each DDL statement): ";
      std::string what =
          fmt::format("quarry: {} {} failed{}{}", up ? "migration" : "undoing migration", m.name, undone, e.what());
      const auto* error = dynamic_cast<const Error*>(&e);
      std::throw_with_nested(MigrationError(m.name, what, error ? error->info() : ErrorInfo{}));
    }
  }

  /// SQLite runs migrations with foreign keys off (a table rebuild needs it): before each one is
  /// recorded, no row may point at a row that is not there.
  void check_foreign_keys(driver::Connection& c, const Migration& m) {
    bool broken = false;
    exec().run(c, sql::Rendered{"PRAGMA foreign_key_check", {}, {}}, [&](driver::Statement&) { broken = true; });
    if (broken)
      throw SchemaError(fmt::format(
          "quarry: after migration {}, rows point at rows that are not there (PRAGMA foreign_key_check)", m.name));
  }

  /// Runs body(connection) holding the lock of the table's name for the whole run.
  void locked(const std::function<void(driver::Connection&)>& body) {
    auto lease = db_->lease();
    driver::Connection& c = *lease;
    if (c.transaction_depth != 0)
      throw TransactionError("quarry: migrations run in transactions of their own; run them outside a transaction");
    acquire(c);
    try {
      ensure_table(c);
      body(c);
      release(c, false);
    } catch (...) {
      release(c, true);
      throw;
    }
  }

  /// The lock's key on PostgreSQL: a 64-bit FNV-1a hash of "quarry:" and the table's name.
  std::int64_t lock_key() const {
    std::uint64_t h = 14695981039346656037ull;
    for (char ch : "quarry:" + options_.table) h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
    return static_cast<std::int64_t>(h);
  }

  bool try_lock(driver::Connection& c) {
    const auto& d = dialect();
    bool got = false;
    if (d.transactions == sql::TransactionSyntax::postgres) {
      sql::Rendered r{sql::translate_placeholders(d, "SELECT pg_try_advisory_lock(?)"), {lock_key()}, {}};
      exec().run(c, r, [&](driver::Statement& st) { ops::read_value(st, 0, got); });
    } else {  // MySQL/MariaDB: GET_LOCK is server-wide, so its name has the database's
      sql::Rendered r{"SELECT GET_LOCK(CONCAT(COALESCE(DATABASE(), ''), ?), 0)", {"." + options_.table}, {}};
      std::optional<std::int64_t> v;
      exec().run(c, r, [&](driver::Statement& st) { ops::read_value(st, 0, v); });
      got = v && *v == 1;
    }
    return got;
  }

  [[noreturn]] void lock_timed_out() const {
    throw MigrationLockError(fmt::format(
        "quarry: another process has been migrating this database ({}) for longer than lock_timeout ({} ms); nothing "
        "was changed. Try again, or raise MigratorOptions::lock_timeout",
        options_.table, options_.lock_timeout.count()));
  }

  std::int64_t pragma(driver::Connection& c, const std::string& text) {
    std::int64_t v = 0;
    exec().run(c, sql::Rendered{text, {}, {}}, [&](driver::Statement& st) { ops::read_value(st, 0, v); });
    return v;
  }

  void acquire(driver::Connection& c) {
    if (dialect().transactions == sql::TransactionSyntax::sqlite) {
      // the write lock of the database, for the whole run; each migration is a savepoint in it
      keys_on_ = pragma(c, "PRAGMA foreign_keys") != 0;
      busy_timeout_ = pragma(c, "PRAGMA busy_timeout");
      if (options_.changes_tables) exec().run_plain(c, "PRAGMA foreign_keys = OFF");  // in effect only outside a transaction
      exec().run_plain(c, "PRAGMA busy_timeout = " + std::to_string(options_.lock_timeout.count()));
      try {
        exec().run_plain(c, "BEGIN IMMEDIATE");
      } catch (const TimeoutError&) {
        restore_sqlite(c);
        lock_timed_out();
      } catch (...) {
        restore_sqlite(c);
        throw;
      }
      c.transaction_depth = 1;
      return;
    }
    auto deadline = std::chrono::steady_clock::now() + options_.lock_timeout;
    while (!try_lock(c)) {
      auto left = deadline - std::chrono::steady_clock::now();
      if (left <= std::chrono::steady_clock::duration::zero()) lock_timed_out();
      std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds{50}));
    }
  }

  void restore_sqlite(driver::Connection& c) noexcept {
    try {
      exec().run_plain(c, "PRAGMA busy_timeout = " + std::to_string(busy_timeout_));
      if (keys_on_) exec().run_plain(c, "PRAGMA foreign_keys = ON");
    } catch (...) {
      c.transaction_depth = -1;  // the pool closes it rather than lend it out half-restored
    }
  }

  /// Lets the lock go. On SQLite that commits what the run applied (after a failure too: the
  /// failed migration's savepoint is rolled back already, the ones before it stay).
  void release(driver::Connection& c, bool failing) {
    const auto& d = dialect();
    try {
      if (d.transactions == sql::TransactionSyntax::sqlite) {
        if (c.transaction_depth == 1) {
          exec().run_plain(c, "COMMIT");
          c.transaction_depth = 0;
        } else {  // a part could not be undone on its own: undo the run
          c.transaction_depth = 0;
          exec().run_plain(c, "ROLLBACK");
        }
        restore_sqlite(c);
      } else if (d.transactions == sql::TransactionSyntax::postgres) {
        sql::Rendered r{sql::translate_placeholders(d, "SELECT pg_advisory_unlock(?)"), {lock_key()}, {}};
        exec().run(c, r, [](driver::Statement&) {});
      } else {
        sql::Rendered r{"SELECT RELEASE_LOCK(CONCAT(COALESCE(DATABASE(), ''), ?))", {"." + options_.table}, {}};
        exec().run(c, r, [](driver::Statement&) {});
      }
    } catch (...) {
      c.transaction_depth = -1;  // closed, not pooled: a session lock goes with its connection
      if (!failing) throw;
    }
  }

  Session* db_;
  std::vector<Migration> migrations_;
  MigratorOptions options_;
  bool keys_on_ = false;
  std::int64_t busy_timeout_ = 0;
};

/// Seeders, recorded in quarry_seeders: seed() runs the pending ones, seed_undo() reverts the
/// last, seed_undo_all() all of them (or down to one). Sequelize's db:seed:all, db:seed:undo,
/// db:seed:undo:all (with seederStorage "sequelize").
class Seeders {
 public:
  Seeders(Session& db, std::vector<Seeder> seeders, MigratorOptions options = {})
      : run_(db, std::move(seeders), with_table(std::move(options))) {}
  std::vector<std::string> seed(std::string_view to = {}) { return run_.migrate(to); }
  std::optional<std::string> seed_undo() { return run_.undo(); }
  std::vector<std::string> seed_undo_all(std::string_view to = {}) { return run_.undo_all(to); }
  std::vector<MigrationStatus> status() { return run_.status(); }

 private:
  static MigratorOptions with_table(MigratorOptions o) {
    if (o.table.empty()) o.table = "quarry_seeders";
    o.changes_tables = false;
    return o;
  }
  Migrator run_;
};

}  // namespace quarry
