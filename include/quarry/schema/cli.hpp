#pragma once
/// A migration program's command line, Sequelize CLI's commands for the program's own
/// migrations and models (docs/migrations.md):
///
///   int main(int argc, char** argv) {
///     return quarry::migration_main<Author, Book>(argc, argv);  // the files' registered migrations
///   }
///
///   ./migrate migrate                          apply the pending migrations (--to NAME: up to it)
///   ./migrate migrate:undo                     revert the last one applied
///   ./migrate migrate:undo:all                 revert all (--to NAME: down to it)
///   ./migrate migrate:status                   applied and pending, one per line
///   ./migrate migration:generate add-age       write migrations/<timestamp>-add-age.cpp from the models
///   ./migrate migration:check                  exit 1 when the models and the database differ
///   ./migrate seed | seed:undo | seed:undo:all
///
/// The database is --url URL or the environment variable DATABASE_URL. Exit codes: 0 done,
/// 1 the database is not what was asked (check found differences, or migrations are pending),
/// 2 the command line is wrong, 3 the database or a migration failed.

#include <chrono>   // system_clock: a generated migration's timestamp
#include <cstdlib>  // getenv
#include <ctime>    // gmtime_r, strftime
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>  // runtime_error
#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>     // fmt::format: what the commands print
#include <fmt/ostream.h>  // fmt::print to a std::ostream

#include "../driver/url.hpp"  // Url::redact: a URL typed where a command was meant
#include "../error.hpp"
#include "../session/database.hpp"
#include "diff.hpp"
#include "generate.hpp"
#include "migrate.hpp"

namespace quarry {

/// What a migration program knows: its migrations and seeders (by default, those its files
/// registered), where migration:generate writes, and where the database URL comes from.
struct MigrationProgram {
  std::vector<Migration> migrations = registered_migrations();
  std::vector<Seeder> seeders = registered_seeders();
  /// The folder migration:generate writes into (relative to the working directory); --dir overrides it.
  std::string directory = "migrations";
  /// The environment variable that holds the database URL when --url is not given.
  std::string url_variable = "DATABASE_URL";
  DatabaseOptions database = {};
  /// The migrations' table (quarry_migrations unless set) and how long to wait for another process.
  MigratorOptions migrator = {};
  /// The seeders' table.
  std::string seeders_table = "quarry_seeders";
  /// Whether the program's models are all of the database's tables, so that migration:generate
  /// and migration:check count a table no model names as one to drop (destructive); --all-tables
  /// sets it for one run. The migrations' and seeders' tables are never counted, nor keep_tables.
  bool all_tables = false;
  std::vector<std::string> keep_tables = {};
};

namespace schema::detail {

/// The exit codes of the migration program.
enum Exit : int { done = 0, differs = 1, usage = 2, failed = 3 };

inline constexpr std::string_view help_text = R"(Usage: {0} COMMAND [options]

Commands:
  migrate                  apply the pending migrations, in order (--to NAME: up to and including it)
  migrate:undo             revert the last migration applied
  migrate:undo:all         revert the applied migrations, last first (--to NAME: down to and including it)
  migrate:status           list the migrations: up (applied) or down (pending)
  migration:generate NAME  write a migration whose up makes the database what the models declare
                           (--destructive: also the steps that lose data, else written commented out;
                           migration:create is the same command, as Sequelize CLI names it)
  migration:check          exit 1 when the models and the database (after the applied migrations) differ
                           (--all-tables, for both: a table no model names is one to drop)
  seed                     run the pending seeders (--to NAME: up to and including it)
  seed:undo                revert the last seeder run
  seed:undo:all            revert every seeder run (--to NAME: down to and including it)

Options:
  --url URL       the database (default: the environment variable {1})
  --to NAME       where migrate, undo:all and seed stop
  --dir DIR       where migration:generate writes (default: {2})
  --destructive   migration:generate writes destructive steps uncommented
  --all-tables    the models are all of the database's tables: the others are to be dropped
  -h, --help      this text

Exit codes: 0 done; 1 the database differs from the models, migrations are pending, or a
generated migration would not sort last; 2 a wrong command line; 3 the database or a migration failed.
)";

/// A wrong command line (exit code 2).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Arguments {
  std::string command, name, url, to, dir;
  bool destructive = false, help = false, url_given = false, all_tables = false;
};

/// A word of the command line as a message shows it: a URL given where a command was meant
/// keeps its password out.
inline std::string shown(std::string_view word) {
  return word.find(':') != std::string_view::npos && word.find('@') != std::string_view::npos
             ? driver::Url::redact(word)
             : std::string(word);
}

/// The command line parsed; a UsageError says what is wrong.
inline Arguments parse(const std::vector<std::string>& args) {
  Arguments a;
  std::vector<std::string> words;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](std::string_view option, std::string& into) {
      if (arg == option) {
        if (i + 1 >= args.size()) throw UsageError(fmt::format("quarry: {} needs a value", option));
        into = args[++i];
        return true;
      }
      if (arg.starts_with(std::string(option) + "=")) {
        into = arg.substr(option.size() + 1);
        return true;
      }
      return false;
    };
    if (arg == "-h" || arg == "--help") a.help = true;
    else if (arg == "--destructive") a.destructive = true;
    else if (arg == "--all-tables") a.all_tables = true;
    else if (value("--url", a.url)) {
      if (a.url.empty()) throw UsageError("quarry: --url is empty");  // never DATABASE_URL instead
      a.url_given = true;
    } else if (value("--to", a.to) || value("--dir", a.dir)) continue;
    else if (arg.starts_with("-")) throw UsageError(fmt::format("quarry: unknown option {}", shown(arg)));
    else words.push_back(arg);
  }
  if (a.help || (!words.empty() && words[0] == "help")) {
    a.help = true;
    return a;
  }
  if (words.empty()) throw UsageError("quarry: no command given");
  a.command = words[0];
  if (a.command == "migration:generate" || a.command == "migration:create") {
    if (words.size() != 2) throw UsageError("quarry: migration:generate takes the new migration's name, as in add-age");
    a.name = words[1];
    for (char ch : a.name)
      if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
        throw UsageError(
            fmt::format("quarry: a migration's name is letters, digits, - and _ (it names a file): {}", shown(a.name)));
  } else if (words.size() > 1) {
    throw UsageError(fmt::format("quarry: {} takes no argument {}", shown(a.command), shown(words[1])));
  }
  return a;
}

/// Whether name begins with a timestamp of 14 digits, as a generated migration's does (names
/// that do not are the author's own: they are not compared with the new one's).
inline bool timestamped(std::string_view name) {
  if (name.size() < 14) return false;
  for (char c : name.substr(0, 14))
    if (c < '0' || c > '9') return false;
  return true;
}

/// YYYYMMDDHHMMSS, UTC: the prefix that orders a generated migration.
inline std::string timestamp_now() {
  auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &utc);
  return buf;
}

inline void print_status(std::ostream& out, const std::vector<MigrationStatus>& status) {
  for (const auto& s : status) {
    fmt::print(out, "{:<5}{}", s.applied ? "up" : "down", s.name);
    if (!s.known) fmt::print(out, "  (recorded, but this program has no such migration)");
    if (s.changed) fmt::print(out, "  (changed since it was applied)");
    fmt::print(out, "\n");
  }
}

/// The names of the program's migrations that the database has not applied.
inline std::vector<std::string> pending(Migrator& m) {
  std::vector<std::string> out;
  for (const auto& s : m.status())
    if (!s.applied && s.known) out.push_back(s.name);
  return out;
}

/// e's message and those of the errors nested in it, one per line.
inline void print_error(std::ostream& err, const std::exception& e, int depth = 0) {
  fmt::print(err, "{}{}\n", depth ? "  because: " : "", e.what());
  try {
    std::rethrow_if_nested(e);
  } catch (const std::exception& inner) {
    print_error(err, inner, depth + 1);
  } catch (...) {
  }
}

}  // namespace schema::detail

/// Runs one command of args (the command line without the program's name) on the program's
/// migrations and the models Models; prints to out and err and returns the exit code.
template <class... Models>
int run_migration_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                          MigrationProgram program = {}, std::string_view program_name = "migrate") {
  schema::detail::Arguments a;
  try {
    a = schema::detail::parse(args);
  } catch (const schema::detail::UsageError& e) {
    fmt::print(err, "{}\nSee {} --help\n", e.what(), program_name);
    return schema::detail::usage;
  }
  if (a.help) {
    fmt::print(out, fmt::runtime(schema::detail::help_text), program_name, program.url_variable, program.directory);
    return schema::detail::done;
  }
  static const char* const commands[] = {"migrate",         "migrate:undo", "migrate:undo:all", "migrate:status",
                                         "migration:generate", "migration:create", "migration:check", "seed",
                                         "seed:undo",       "seed:undo:all"};
  bool known = false;
  for (const char* c : commands) known = known || a.command == c;
  if (!known) {
    fmt::print(err, "quarry: unknown command {}\nSee {} --help\n", schema::detail::shown(a.command), program_name);
    return schema::detail::usage;
  }
  if (a.command == "migration:check" && sizeof...(Models) == 0) {
    fmt::print(err, "quarry: migration:check compares the models, and this program names none: "
                    "quarry::migration_main<Author, Book>(argc, argv)\n");
    return schema::detail::usage;
  }
  if (!a.url_given) {
    const char* env = std::getenv(program.url_variable.c_str());
    if (env) a.url = env;
  }
  if (a.url.empty()) {
    fmt::print(err, "quarry: no database: give --url URL or set {}\nSee {} --help\n", program.url_variable, program_name);
    return schema::detail::usage;
  }
  try {
    Database db{a.url, program.database};
    bool seeds = a.command.starts_with("seed");
    Migrator migrator{db, seeds ? program.seeders : program.migrations, [&] {
                        MigratorOptions o = program.migrator;
                        if (seeds) {
                          o.table = program.seeders_table;
                          o.changes_tables = false;  // rows only: foreign keys stay on (SQLite)
                        }
                        return o;
                      }()};
    const char* what = seeds ? "seeder" : "migration";
    if (a.command == "migrate" || a.command == "seed") {
      auto applied = migrator.migrate(a.to);
      for (const auto& name : applied) fmt::print(out, "applied {}\n", name);
      if (applied.empty()) fmt::print(out, "no pending {}s\n", what);
      return schema::detail::done;
    }
    if (a.command == "migrate:undo" || a.command == "seed:undo") {
      if (auto name = migrator.undo()) fmt::print(out, "reverted {}\n", *name);
      else fmt::print(out, "no {} is applied\n", what);
      return schema::detail::done;
    }
    if (a.command == "migrate:undo:all" || a.command == "seed:undo:all") {
      auto reverted = migrator.undo_all(a.to);
      for (const auto& name : reverted) fmt::print(out, "reverted {}\n", name);
      if (reverted.empty()) fmt::print(out, "no {} is applied\n", what);
      return schema::detail::done;
    }
    if (a.command == "migrate:status") {
      schema::detail::print_status(out, migrator.status());
      return schema::detail::done;
    }
    // migration:generate and migration:check compare the models with the database as the
    // applied migrations left it: pending ones first
    if (auto waiting = schema::detail::pending(migrator); !waiting.empty()) {
      fmt::print(err, "quarry: {} migration(s) are pending; run migrate first, then {}:\n", waiting.size(), a.command);
      for (const auto& name : waiting) fmt::print(err, "  {}\n", name);
      return schema::detail::differs;
    }
    std::vector<schema::Table> models;
    if constexpr (sizeof...(Models) > 0) models = schema::tables<Models...>();
    auto keep = program.keep_tables;
    keep.push_back(program.migrator.table.empty() ? std::string("quarry_migrations") : program.migrator.table);
    keep.push_back(program.seeders_table);
    auto live = schema::live_tables(db, models, program.all_tables || a.all_tables, keep);
    const sql::Dialect& d = db.dialect();
    if (a.command == "migration:check") {
      auto steps = schema::diff_tables(d, models, live);
      if (steps.empty()) {
        fmt::print(out, "the models and the database agree\n");
        return schema::detail::done;
      }
      fmt::print(out, "the models and the database differ; migration:generate NAME writes a migration of:\n");
      for (const auto& s : steps) fmt::print(out, "  {}{}\n", s.description, s.destructive ? " (destructive)" : "");
      return schema::detail::differs;
    }
    // migration:generate
    auto steps = schema::diff_tables(d, models, live, false);
    std::string name = schema::detail::timestamp_now() + "-" + a.name;
    for (const auto& m : migrator.migrations())
      if (m.name >= name && schema::detail::timestamped(m.name)) {  // within the same second, or a clock behind
        fmt::print(err, "quarry: migration {} would not come after {}, the program's last; try again in a second\n",
                   name, m.name);
        return schema::detail::differs;
      }
    auto generated = schema::migration_source(d, name, steps, models, live, a.destructive);
    std::filesystem::path dir = a.dir.empty() ? program.directory : a.dir;
    std::filesystem::create_directories(dir);
    auto path = dir / (name + ".cpp");
    {
      std::ofstream file(path);
      file << generated.source;
      if (!file.flush()) {
        fmt::print(err, "quarry: could not write {}\n", path.string());
        return schema::detail::failed;
      }
    }
    fmt::print(out, "wrote {}: {} step(s)", path.string(), generated.steps);
    if (generated.left_out) fmt::print(out, ", {} destructive one(s) commented out (--destructive writes them)", generated.left_out);
    fmt::print(out, "\n");
    if (steps.empty()) fmt::print(out, "the models and the database agree: its up and down are yours to write\n");
    for (const auto& n : generated.notes) fmt::print(out, "  to do by hand: {}\n", n);
    return schema::detail::done;
  } catch (const std::exception& e) {
    schema::detail::print_error(err, e);
    return schema::detail::failed;
  }
}

/// The migration program's main: runs argv's command (run_migration_command) with std::cout and std::cerr.
template <class... Models>
int migration_main(int argc, char** argv, MigrationProgram program = {}) {
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  std::string name = argc > 0 ? std::filesystem::path(argv[0]).filename().string() : "migrate";
  return run_migration_command<Models...>(args, std::cout, std::cerr, std::move(program), name);
}

}  // namespace quarry
