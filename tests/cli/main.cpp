// A migration program as a user writes one (schema/cli.hpp), for tests/cli/run.sh: the Express
// guide's users, a hand-written migration that creates them (create_users.cpp), and whatever
// migration the test generated from a later model and compiled in (the build tree's
// generated_migration.cpp). QUARRY_CLI_MODELS=aged makes the models the later ones: a column
// and an index more.

#include <quarry/migrate.hpp>
#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/sqlite.hpp>

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace cli_test {
enum class Role { admin, member };
struct User {
  std::int64_t id{};
  std::string name{};
  std::string email{};
  Role role = Role::member;
  quarry::Timestamp created_at{}, updated_at{};
};
struct AgedUser {
  std::int64_t id{};
  std::string name{};
  std::string email{};
  Role role = Role::member;
  std::optional<std::int32_t> age{};
  quarry::Timestamp created_at{}, updated_at{};
};
}  // namespace cli_test

template <>
struct quarry::Model<cli_test::User> {
  using U = cli_test::User;
  static constexpr auto table = "cli_gen_users";
  static constexpr auto fields = quarry::fields(quarry::field<&U::name>(quarry::size(100)),
                                                quarry::field<&U::email>(quarry::size(200), quarry::unique),
                                                quarry::field<&U::role>(quarry::default_value(cli_test::Role::member)),
                                                quarry::timestamps<&U::created_at, &U::updated_at>());
};
template <>
struct quarry::Model<cli_test::AgedUser> {
  using U = cli_test::AgedUser;
  static constexpr auto table = "cli_gen_users";
  static constexpr auto fields = quarry::fields(quarry::field<&U::name>(quarry::size(100)),
                                                quarry::field<&U::email>(quarry::size(200), quarry::unique),
                                                quarry::field<&U::role>(quarry::default_value(cli_test::Role::member)),
                                                quarry::field<&U::age>(quarry::index),
                                                quarry::timestamps<&U::created_at, &U::updated_at>());
};

int main(int argc, char** argv) {
  quarry::MigrationProgram program;
  program.migrator.table = "cli_gen_migrations";
  // the test's own commands: a database without this program's tables, and the users table as
  // the database describes it
  if (argc == 2 && std::string_view(argv[1]) == "reset") {
    quarry::Database db{std::getenv("DATABASE_URL")};
    db.execute("DROP TABLE IF EXISTS cli_gen_users");
    db.execute("DROP TABLE IF EXISTS cli_gen_migrations");
    return 0;
  }
  if (argc == 2 && std::string_view(argv[1]) == "schema") {
    quarry::Database db{std::getenv("DATABASE_URL")};
    for (const auto& c : db.describe_table("cli_gen_users"))
      std::printf("column %s %s%s\n", c.name.c_str(), c.type.c_str(), c.nullable ? " NULL" : " NOT NULL");
    for (const auto& i : db.describe_indexes("cli_gen_users")) {
      std::printf("index %s%s", i.name.c_str(), i.unique ? " unique" : "");
      for (const auto& c : i.columns) std::printf(" %s", c.c_str());
      std::printf("\n");
    }
    return 0;
  }
  const char* models = std::getenv("QUARRY_CLI_MODELS");
  if (models && std::string_view(models) == "aged")
    return quarry::migration_main<cli_test::AgedUser>(argc, argv, std::move(program));
  return quarry::migration_main<cli_test::User>(argc, argv, std::move(program));
}
