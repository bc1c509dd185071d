// The migration program's command line (schema/cli.hpp) on every database, in process: help and
// usage errors, migrate, status, undo, undo:all, seed, migration:check against the models, and
// migration:generate's file (tests/cli compiles one and applies it); change_column described by
// hand, which a generated migration writes for a changed column.

#include "fixture.hpp"

#include <quarry/migrate.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace migration_cli {
enum class Role { admin, member };
struct User {  // the Express guide's users, as the hand-written migration below creates them
  std::int64_t id{};
  std::string name{};
  std::string email{};
  Role role = Role::member;
  quarry::Timestamp created_at{}, updated_at{};
};
struct AgedUser {  // a later User: a column and an index more
  std::int64_t id{};
  std::string name{};
  std::string email{};
  Role role = Role::member;
  std::optional<std::int32_t> age{};
  quarry::Timestamp created_at{}, updated_at{};
};
struct WideUser {  // a later User: longer names
  std::int64_t id{};
  std::string name{};
  std::string email{};
  Role role = Role::member;
  quarry::Timestamp created_at{}, updated_at{};
};
struct LevelUser {  // a later User: a NOT NULL column without a default (destructive), and its index
  std::int64_t id{};
  std::string name{};
  std::string email{};
  Role role = Role::member;
  std::int32_t level{};
  quarry::Timestamp created_at{}, updated_at{};
};
struct NamelessUser {  // a later User without its name: a destructive step
  std::int64_t id{};
  std::string email{};
  Role role = Role::member;
  quarry::Timestamp created_at{}, updated_at{};
};
}  // namespace migration_cli

template <>
struct quarry::Model<migration_cli::User> {
  using U = migration_cli::User;
  static constexpr auto table = "cli_users";
  static constexpr auto fields = quarry::fields(quarry::field<&U::name>(quarry::size(100)),
                                                quarry::field<&U::email>(quarry::size(200), quarry::unique),
                                                quarry::field<&U::role>(quarry::default_value(migration_cli::Role::member)),
                                                quarry::timestamps<&U::created_at, &U::updated_at>());
};
template <>
struct quarry::Model<migration_cli::AgedUser> {
  using U = migration_cli::AgedUser;
  static constexpr auto table = "cli_users";
  static constexpr auto fields = quarry::fields(quarry::field<&U::name>(quarry::size(100)),
                                                quarry::field<&U::email>(quarry::size(200), quarry::unique),
                                                quarry::field<&U::role>(quarry::default_value(migration_cli::Role::member)),
                                                quarry::field<&U::age>(quarry::index),
                                                quarry::timestamps<&U::created_at, &U::updated_at>());
};
template <>
struct quarry::Model<migration_cli::WideUser> {
  using U = migration_cli::WideUser;
  static constexpr auto table = "cli_users";
  static constexpr auto fields = quarry::fields(quarry::field<&U::name>(quarry::size(300)),
                                                quarry::field<&U::email>(quarry::size(200), quarry::unique),
                                                quarry::field<&U::role>(quarry::default_value(migration_cli::Role::member)),
                                                quarry::timestamps<&U::created_at, &U::updated_at>());
};
template <>
struct quarry::Model<migration_cli::LevelUser> {
  using U = migration_cli::LevelUser;
  static constexpr auto table = "cli_users";
  static constexpr auto fields = quarry::fields(quarry::field<&U::name>(quarry::size(100)),
                                                quarry::field<&U::email>(quarry::size(200), quarry::unique),
                                                quarry::field<&U::role>(quarry::default_value(migration_cli::Role::member)),
                                                quarry::field<&U::level>(quarry::index),
                                                quarry::timestamps<&U::created_at, &U::updated_at>());
};
template <>
struct quarry::Model<migration_cli::NamelessUser> {
  using U = migration_cli::NamelessUser;
  static constexpr auto table = "cli_users";
  static constexpr auto fields = quarry::fields(quarry::field<&U::email>(quarry::size(200), quarry::unique),
                                                quarry::field<&U::role>(quarry::default_value(migration_cli::Role::member)),
                                                quarry::timestamps<&U::created_at, &U::updated_at>());
};

namespace migration_cli {

const quarry::Migration create_users{
    .name = "20261203120000-create-users",
    .up =
        [](quarry::Session& db) {
          using namespace quarry::schema;
          db.create_table("cli_users", {
              column("id", bigint()).primary_key().auto_increment(),
              column("name", string(100)).not_null(),
              column("email", string(200)).not_null().unique(),
              column("role", enumeration({"admin", "member"})).not_null().default_value("member"),
              column("created_at", timestamp()).not_null(),
              column("updated_at", timestamp()).not_null(),
          });
        },
    .down = [](quarry::Session& db) { db.drop_table("cli_users"); },
};
const quarry::Seeder first_user{
    .name = "20261203150000-first-user",
    .up = [](quarry::Session& db) { db.create(User{.name = "Ada", .email = "ada@example.com"}); },
    .down = [](quarry::Session& db) { db.execute("DELETE FROM cli_users WHERE email = 'ada@example.com'"); },
};

/// The suite's database; in memory, a file instead (each command opens the database anew).
std::string url() {
  auto u = test::url();
  if (u == "sqlite::memory:") return "sqlite://" + (std::filesystem::temp_directory_path() / "quarry_cli_test.db").string();
  return u;
}

/// The database the commands run on.
quarry::Database database() { return quarry::Database{url()}; }

quarry::MigrationProgram program() {
  quarry::MigrationProgram p;
  p.migrations = {create_users};
  p.seeders = {first_user};
  p.migrator.table = "cli_migrations";
  return p;
}

struct Result {
  int code;
  std::string out, err;
};

template <class... M>
Result run(std::vector<std::string> args, quarry::MigrationProgram p = program()) {
  if (!args.empty() && !args[0].starts_with("-")) args.push_back("--url=" + url());
  std::ostringstream out, err;
  int code = quarry::run_migration_command<M...>(args, out, err, std::move(p), "migrate");
  return {code, out.str(), err.str()};
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The one file in dir, read (and removed, with dir).
std::string generated(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
  REQUIRE(files.size() == 1);
  CHECK(files[0].extension() == ".cpp");
  auto text = read(files[0]);
  std::filesystem::remove_all(dir);
  return text;
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

TEST_CASE("migration CLI: help, and a wrong command line is exit code 2 with what is wrong", "[migrations][cli]") {
  auto help = run({"--help"});
  CHECK(help.code == 0);
  CHECK(contains(help.out, "migrate:undo:all"));
  CHECK(contains(help.out, "DATABASE_URL"));

  auto none = run({});
  CHECK(none.code == 2);
  CHECK(contains(none.err, "no command"));
  auto unknown = run({"frobnicate"});
  CHECK(unknown.code == 2);
  CHECK(contains(unknown.err, "unknown command frobnicate"));
  CHECK(run({"migrate", "--bogus"}).code == 2);
  std::ostringstream out, err;
  CHECK(quarry::run_migration_command<>({"migrate", "--url"}, out, err, program()) == 2);
  CHECK(contains(err.str(), "--url needs a value"));
  CHECK(run({"migration:generate"}).code == 2);
  CHECK(run({"migration:generate", "no spaces"}).code == 2);
  CHECK(run({"migration:check"}).code == 2);  // no models to compare

  // a URL typed where the command goes is shown without its password; an empty --url is wrong
  auto typed = run({"postgres://u:hunter2@127.0.0.1/db"});
  CHECK(typed.code == 2);
  CHECK(!contains(typed.err, "hunter2"));
  auto extra = run({"migrate", "postgres://u:hunter2@127.0.0.1/db"});
  CHECK(extra.code == 2);
  CHECK(!contains(extra.err, "hunter2"));
  std::ostringstream out4, err4;
  CHECK(quarry::run_migration_command<>({"migrate", "--url="}, out4, err4, program()) == 2);
  CHECK(contains(err4.str(), "--url is empty"));
  CHECK(run({"help"}).code == 0);

  auto p = program();
  p.url_variable = "QUARRY_CLI_TEST_UNSET_URL";
  std::ostringstream out2, err2;
  CHECK(quarry::run_migration_command<migration_cli::User>({"migrate"}, out2, err2, p) == 2);
  CHECK(contains(err2.str(), "QUARRY_CLI_TEST_UNSET_URL"));

  // a database that is not there: exit code 3, and the message keeps the password out
  std::ostringstream out3, err3;
  CHECK(quarry::run_migration_command<>({"migrate", "--url=postgres://u:hunter2@127.0.0.1:1/none?connect_timeout=2"}, out3,
                                  err3, program()) == 3);
  CHECK(!err3.str().empty());
  CHECK(!contains(err3.str(), "hunter2"));
}

TEST_CASE("migration CLI: migrate, status, check, generate, undo, seed", "[migrations][cli]") {
  {
    auto db = database();
    db.execute("DROP TABLE IF EXISTS cli_users");
    db.execute("DROP TABLE IF EXISTS cli_migrations");
    db.execute("DROP TABLE IF EXISTS quarry_seeders");
  }
  auto status = run({"migrate:status"});
  CHECK(status.code == 0);
  CHECK(status.out == "down 20261203120000-create-users\n");

  auto pending = run<AgedUser>({"migration:check"});
  CHECK(pending.code == 1);  // pending migrations: migrate first
  CHECK(contains(pending.err, "20261203120000-create-users"));

  auto up = run({"migrate"});
  CHECK(up.code == 0);
  CHECK(up.out == "applied 20261203120000-create-users\n");
  CHECK(run({"migrate:status"}).out == "up   20261203120000-create-users\n");
  CHECK(run({"migrate"}).out == "no pending migrations\n");

  // the hand-written migration made the table the model declares
  auto agree = run<User>({"migration:check"});
  CHECK(agree.code == 0);
  CHECK(agree.out == "the models and the database agree\n");
  // --all-tables: a table no model names is one to drop (the migrations' table never is); the
  // table made on a Database of the test's own (in memory, that would be another database)
  if (test::url().rfind("sqlite::memory:", 0) != 0) {
    quarry::Database db{test::url()};
    db.execute("DROP TABLE IF EXISTS cli_extra");
    db.execute("CREATE TABLE cli_extra (id INTEGER PRIMARY KEY)");
    auto all = run<User>({"migration:check", "--all-tables"});
    CHECK(all.code == 1);
    CHECK(contains(all.out, "drop table cli_extra (1 columns) (destructive)"));
    CHECK(!contains(all.out, "drop table cli_migrations"));
    db.execute("DROP TABLE cli_extra");
  }

  auto differs = run<AgedUser>({"migration:check"});
  CHECK(differs.code == 1);
  CHECK(contains(differs.out, "add column cli_users.age"));
  CHECK(contains(differs.out, "add index cli_users_age"));

  auto dir = std::filesystem::temp_directory_path() / "quarry_cli_generated";
  std::filesystem::remove_all(dir);
  auto gen = run<AgedUser>({"migration:generate", "add-age", "--dir", dir.string()});
  CHECK(gen.code == 0);
  CHECK(contains(gen.out, "-add-age.cpp: 2 step(s)"));
  auto source = generated(dir);
  INFO(source);
  CHECK(contains(source, "#include <quarry/migrate.hpp>"));
  CHECK(contains(source, "quarry::register_migration({"));
  CHECK(contains(source, R"(db.add_column("cli_users", column("age", integer()));)"));
  CHECK(contains(source, R"(db.add_index("cli_users", {"age"}, {.name = "cli_users_age"});)"));
  // down reverses up: the index first, then the column
  auto remove_index = source.find(R"(db.remove_index("cli_users", "cli_users_age");)");
  auto remove_column = source.find(R"(db.remove_column("cli_users", "age");)");
  CHECK(remove_index != std::string::npos);
  CHECK(remove_column != std::string::npos);
  CHECK(remove_index < remove_column);
  CHECK(!contains(source, "WARNING"));

  // a changed column: change_column with the model's column, and back with the table's
  auto wide = run<WideUser>({"migration:generate", "widen-names", "--dir", dir.string()});
  CHECK(wide.code == 0);
  auto widen = generated(dir);
  INFO(widen);
  CHECK(contains(widen, R"(db.change_column("cli_users", column("name", string(300)).not_null());)"));
  CHECK(contains(widen, R"(db.change_column("cli_users", column("name", string(100)).not_null());)"));

  // a destructive step is written commented out, with a warning, unless asked for
  auto drop = run<NamelessUser>({"migration:generate", "drop-names", "--dir", dir.string()});
  CHECK(drop.code == 0);
  CHECK(contains(drop.out, "1 destructive one(s) commented out"));
  auto dropped = generated(dir);
  INFO(dropped);
  CHECK(contains(dropped, "WARNING"));
  CHECK(contains(dropped, R"(// db.remove_column("cli_users", "name");)"));
  CHECK(contains(dropped, R"(// db.add_column("cli_users", column("name", string(100)).not_null());)"));
  CHECK(run<NamelessUser>({"migration:generate", "drop-names", "--dir", dir.string(), "--destructive"}).code == 0);
  auto written = generated(dir);
  CHECK(contains(written, "\n      db.remove_column(\"cli_users\", \"name\");"));

  // an index on a column whose add_column is left out is left out with it
  auto level = run<LevelUser>({"migration:generate", "add-level", "--dir", dir.string()});
  CHECK(level.code == 0);
  auto leveled = generated(dir);
  INFO(leveled);
  CHECK(contains(leveled, R"(      // db.add_column("cli_users", column("level", integer()).not_null());)"));
  CHECK(contains(leveled, R"(      // db.add_index("cli_users", {"level"}, {.name = "cli_users_level"});)"));
  CHECK(contains(leveled, "left out with its column"));

  // nothing to do: a skeleton whose up and down are the author's
  auto empty = run<User>({"migration:generate", "backfill", "--dir", dir.string()});
  CHECK(empty.code == 0);
  CHECK(contains(empty.out, "the models and the database agree"));
  auto skeleton = generated(dir);
  CHECK(contains(skeleton, ".up = [](quarry::Session&) {"));

  // what a generated migration does for a changed column, on every dialect
  {
    using namespace quarry::schema;
    auto db = database();
    db.create(User{.name = "Ada", .email = "ada@example.com"});
    db.change_column("cli_users", column("name", string(300)).not_null());
    CHECK(db.diff<WideUser>().empty());
    db.change_column("cli_users", column("name", string(100)).not_null());
    CHECK(db.diff<User>().empty());
    CHECK(db.count<User>() == 1);  // the rows stay (SQLite: across a rebuild)
    CHECK_THROWS_AS(db.change_column("cli_users", column("nope", text())), quarry::Error);
    // a column changed by hand keeps its keys (SQLite: its UNIQUE, across the rebuild)
    db.change_column("cli_users", column("email", string(250)).not_null());
    CHECK_THROWS_AS(db.create(User{.name = "Ada again", .email = "ada@example.com"}), quarry::UniqueConstraintError);
    db.change_column("cli_users", column("email", string(200)).not_null());
    CHECK(db.diff<User>().empty());
    // a column with a default that is not a constant (SQLite: a rebuild), the rows kept and filled
    db.add_column("cli_users", column("seen_at", timestamp()).not_null().default_now());
    CHECK(db.count<User>() == 1);
    CHECK(db.query<std::int64_t>("SELECT COUNT(*) FROM cli_users WHERE seen_at IS NOT NULL") == std::vector<std::int64_t>{1});
    db.remove_column("cli_users", "seen_at");
    CHECK(db.diff<User>().empty());
    db.execute("DELETE FROM cli_users");
  }

  auto seed = run({"seed"});
  CHECK(seed.code == 0);
  CHECK(seed.out == "applied 20261203150000-first-user\n");
  CHECK(database().count<User>() == 1);
  CHECK(run({"seed:undo"}).out == "reverted 20261203150000-first-user\n");
  CHECK(database().count<User>() == 0);
  CHECK(run({"seed:undo:all"}).out == "no seeder is applied\n");

  CHECK(run({"migrate:undo"}).out == "reverted 20261203120000-create-users\n");
  CHECK(run({"migrate:status"}).out == "down 20261203120000-create-users\n");
  CHECK(run({"migrate"}).code == 0);
  auto all = run({"migrate:undo:all"});
  CHECK(all.code == 0);
  CHECK(all.out == "reverted 20261203120000-create-users\n");
  CHECK(run({"migrate:undo:all"}).out == "no migration is applied\n");
}

}  // namespace migration_cli
