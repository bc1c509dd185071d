// Migrations and seeders (schema/migrate.hpp) on every database: the Express guide's users
// migration up and down, status as data, migrate up to a name and undo down to one, a failing
// migration, two Databases migrating at once, the lock's timeout, seeders recorded apart.

#include "fixture.hpp"

#include <quarry/migrate.hpp>

#include <atomic>
#include <chrono>
#include <exception>  // exception_ptr, rethrow_if_nested
#include <functional>  // ref
#include <thread>

namespace migrations {
enum class Role { admin, member };
struct User {  // the Express guide's users: its migration's own view of the table
  std::int64_t id{};
  std::string name{};
  std::string email{};
  Role role = Role::member;
  quarry::Timestamp created_at{}, updated_at{};
};
struct WideUser {  // User with longer names: a later migration's view of the same table
  std::int64_t id{};
  std::string name{};
  std::string email{};
  Role role = Role::member;
  quarry::Timestamp created_at{}, updated_at{};
};
struct Post {
  std::int64_t id{};
  std::int64_t user_id{};
  std::string title{};
};
}  // namespace migrations

template <>
struct quarry::Model<migrations::User> {
  static constexpr auto table = "mig_users";
  static constexpr auto fields = quarry::fields(
      quarry::field<&migrations::User::name>(quarry::size(100)),
      quarry::field<&migrations::User::email>(quarry::size(200), quarry::unique),
      quarry::field<&migrations::User::role>(quarry::default_value(migrations::Role::member)),
      quarry::timestamps<&migrations::User::created_at, &migrations::User::updated_at>());
};
template <>
struct quarry::Model<migrations::WideUser> {
  static constexpr auto table = "mig_users";
  static constexpr auto fields = quarry::fields(
      quarry::field<&migrations::WideUser::name>(quarry::size(300)),
      quarry::field<&migrations::WideUser::email>(quarry::size(200), quarry::unique),
      quarry::field<&migrations::WideUser::role>(quarry::default_value(migrations::Role::member)),
      quarry::timestamps<&migrations::WideUser::created_at, &migrations::WideUser::updated_at>());
};
template <>
struct quarry::Model<migrations::Post> {
  static constexpr auto table = "mig_posts";
  static constexpr auto fields = quarry::fields(quarry::field<&migrations::Post::title>(quarry::size(100)));
};

namespace migrations {

/// A database with none of this file's tables, nor the tables that record migrations and seeders.
quarry::Database clean() {
  auto db = test::fresh();
  db.drop<Post, User>();
  db.execute("DROP TABLE IF EXISTS quarry_migrations");
  db.execute("DROP TABLE IF EXISTS quarry_seeders");
  return db;
}

bool has_table(quarry::Session& db, std::string_view name) {
  for (const auto& t : db.tables())
    if (t == name) return true;
  return false;
}

const quarry::Migration create_users{
    .name = "20261203120000-create-users",
    .up =
        [](quarry::Session& db) {
          // described column by column, as the guide's migration does: it stays what it was
          // when the model changes
          using namespace quarry::schema;
          db.create_table("mig_users", {
              column("id", bigint()).primary_key().auto_increment(),
              column("name", string(100)).not_null(),
              column("email", string(200)).not_null().unique(),
              column("role", enumeration({"admin", "member"})).not_null().default_value("member"),
              column("created_at", timestamp()).not_null(),
              column("updated_at", timestamp()).not_null(),
          });
        },
    .down = [](quarry::Session& db) { db.drop_table("mig_users"); },
    .checksum = "v1",
};
const quarry::Migration create_posts{
    .name = "20261203130000-create-posts",
    .up = [](quarry::Session& db) { db.create_table<Post>(); },
    .down = [](quarry::Session& db) { db.drop_table("mig_posts"); },
};
const quarry::Migration index_names{
    .name = "20261203140000-index-user-names",
    .up = [](quarry::Session& db) { db.add_index("mig_users", {"name"}); },
    .down = [](quarry::Session& db) { db.remove_index("mig_users", "mig_users_name"); },
};

std::vector<std::string> applied(const std::vector<quarry::MigrationStatus>& status) {
  std::vector<std::string> out;
  for (const auto& s : status)
    if (s.applied) out.push_back(s.name);
  return out;
}

TEST_CASE("migrations: the users migration up, status, down, status", "[migrations]") {
  auto db = clean();
  quarry::Migrator migrator{db, {create_users}};
  auto before = migrator.status();
  REQUIRE(before.size() == 1);
  CHECK(!before[0].applied);
  CHECK(before[0].known);

  CHECK(migrator.migrate() == std::vector<std::string>{create_users.name});
  std::vector<std::string> columns;
  for (const auto& c : db.describe_table("mig_users")) columns.push_back(c.name);
  CHECK(columns == std::vector<std::string>{"id", "name", "email", "role", "created_at", "updated_at"});
  CHECK(db.diff<User>().empty());  // the table the model declares
  auto user = db.create(User{.name = "Ada", .email = "ada@example.com"});
  CHECK(db.find_by_pk<User>(user.id)->role == Role::member);
  CHECK_THROWS_AS(db.create(User{.name = "Bob", .email = "ada@example.com"}), quarry::UniqueConstraintError);

  auto after = migrator.status();
  REQUIRE(after.size() == 1);
  CHECK(after[0].applied);
  CHECK(after[0].applied_at.has_value());
  CHECK(after[0].checksum == std::optional<std::string>("v1"));
  CHECK(!after[0].changed);
  CHECK(migrator.migrate().empty());  // nothing pending: nothing runs twice

  // a program whose migration of that name now carries another checksum: status says so
  auto edited = create_users;
  edited.checksum = "v2";
  CHECK(quarry::Migrator{db, {edited}}.status()[0].changed);

  CHECK(migrator.undo() == std::optional<std::string>(create_users.name));
  CHECK(!has_table(db, "mig_users"));
  auto undone = migrator.status();
  REQUIRE(undone.size() == 1);
  CHECK(!undone[0].applied);
  CHECK(migrator.undo() == std::nullopt);  // nothing left to revert
}

TEST_CASE("migrations: up to a name, down to a name, names the program does not know", "[migrations]") {
  auto db = clean();
  quarry::Migrator migrator{db, {index_names, create_posts, create_users}};  // ordered by name, not as given
  CHECK(migrator.migrate(create_posts.name) == std::vector<std::string>{create_users.name, create_posts.name});
  CHECK(applied(migrator.status()) == std::vector<std::string>{create_users.name, create_posts.name});
  CHECK(db.describe_indexes("mig_users").size() == 1);  // the email's unique key only
  CHECK(migrator.migrate() == std::vector<std::string>{index_names.name});
  CHECK(db.describe_indexes("mig_users").size() == 2);
  CHECK_THROWS_AS(migrator.migrate("20990101000000-no-such"), quarry::ConfigError);

  CHECK(migrator.undo_all(create_posts.name) == std::vector<std::string>{index_names.name, create_posts.name});
  CHECK(applied(migrator.status()) == std::vector<std::string>{create_users.name});
  CHECK(!has_table(db, "mig_posts"));
  CHECK(has_table(db, "mig_users"));

  // recorded, but not in this program: status reports it, undo refuses to guess its down
  quarry::Migrator older{db, {create_users}};
  CHECK(older.migrate().empty());
  quarry::Migrator newer{db, {create_users, create_posts}};
  newer.migrate();
  auto status = older.status();
  REQUIRE(status.size() == 2);
  CHECK(status[1].name == create_posts.name);
  CHECK(status[1].applied);
  CHECK(!status[1].known);
  CHECK_THROWS_AS(older.undo(), quarry::SchemaError);

  CHECK(newer.undo_all() == std::vector<std::string>{create_posts.name, create_users.name});
  CHECK(applied(newer.status()).empty());
  CHECK(!has_table(db, "mig_users"));
}

TEST_CASE("migrations: a failing migration leaves the record right", "[migrations]") {
  auto db = clean();
  const quarry::Migration broken{
      .name = "20261203130000-posts-then-fail",
      .up =
          [](quarry::Session& s) {
            s.create_table<Post>();
            s.execute("INSERT INTO mig_users (name, email, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                      "Ada", "ada@example.com", "admin", quarry::now(), quarry::now());
            s.execute("INSERT INTO mig_no_such_table (x) VALUES (1)");
          },
      .down = [](quarry::Session& s) { s.drop_table("mig_posts"); },
  };
  quarry::Migrator migrator{db, {create_users, broken}};
  try {
    migrator.migrate();
    FAIL("the migration should have failed");
  } catch (const quarry::MigrationError& e) {
    CHECK(e.name() == broken.name);
    CHECK(std::string(e.what()).find(broken.name) != std::string::npos);
    CHECK_THROWS_AS(std::rethrow_if_nested(e), quarry::DatabaseError);  // what the server said, nested
  }
  CHECK(applied(migrator.status()) == std::vector<std::string>{create_users.name});  // the one before stays
  if (db.dialect().transactional_ddl) {
    CHECK(!has_table(db, "mig_posts"));  // rolled back with the rest of it
    CHECK(db.count<User>() == 0);
  } else {
    CHECK(has_table(db, "mig_posts"));  // MySQL committed its CREATE TABLE: the docs say so
    db.drop_table("mig_posts");
  }
  CHECK(migrator.undo_all() == std::vector<std::string>{create_users.name});
}

TEST_CASE("migrations: two Databases migrating at once apply each migration once", "[migrations]") {
  if (test::on("sqlite::memory:") || test::url().find(":memory:") != std::string::npos) {
    WARN("skipped on an in-memory SQLite database: two Databases there are two databases; the file URL runs it");
    return;
  }
  auto db = clean();
  std::atomic<int> runs{0};
  auto slow = [&](std::string name) {
    return quarry::Migration{
        .name = std::move(name),
        .up = [&runs](quarry::Session& s) {
          ++runs;
          std::this_thread::sleep_for(std::chrono::milliseconds(100));  // long enough for the other to wait
          (void)s;
        },
        .down = [](quarry::Session&) {},
    };
  };
  std::vector<quarry::Migration> list{slow("20261203120000-a"), slow("20261203120001-b"), slow("20261203120002-c")};
  std::vector<std::string> first, second;
  std::exception_ptr failed, failed_too;  // one per thread
  auto run = [&](std::vector<std::string>& out, std::exception_ptr& error) {
    try {
      quarry::Database other{test::url()};
      out = quarry::Migrator{other, list}.migrate();
    } catch (...) {
      error = std::current_exception();
    }
  };
  std::thread a(run, std::ref(first), std::ref(failed)), b(run, std::ref(second), std::ref(failed_too));
  a.join();
  b.join();
  if (failed) std::rethrow_exception(failed);
  if (failed_too) std::rethrow_exception(failed_too);
  CHECK(runs.load() == 3);
  CHECK(first.size() + second.size() == 3);
  CHECK((first.empty() || second.empty()));  // the lock is held for the whole run
  CHECK(applied(quarry::Migrator{db, list}.status()).size() == 3);
  CHECK(db.query<std::tuple<std::int64_t>>("SELECT COUNT(*) FROM quarry_migrations") ==
        std::vector<std::tuple<std::int64_t>>{{3}});

  // a third that cannot get the lock in time: a typed error, nothing changed
  std::atomic<bool> inside{false}, go{false};
  quarry::Migration holding{.name = "20261203120003-d", .up = [&](quarry::Session&) {
                              inside = true;
                              for (int i = 0; i < 500 && !go; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
                            }};
  list.push_back(holding);
  std::thread holder([&] {
    try {
      quarry::Database other{test::url()};
      quarry::Migrator{other, list}.migrate();
    } catch (...) {
      failed = std::current_exception();
    }
  });
  while (!inside) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  quarry::Database waiting{test::url()};
  CHECK_THROWS_AS((quarry::Migrator{waiting, list, {.lock_timeout = std::chrono::milliseconds(200)}}.migrate()),
                  quarry::MigrationLockError);
  go = true;
  holder.join();
  if (failed) std::rethrow_exception(failed);
  CHECK(applied(quarry::Migrator{db, list}.status()).size() == 4);
}

TEST_CASE("migrations: change_column in a migration, a table rebuild on SQLite, keeps the rows", "[migrations]") {
  auto db = clean();
  const quarry::Migration widen{
      .name = "20261203160000-widen-user-names",
      .up = [](quarry::Session& s) { s.change_column<&WideUser::name>(); },
      .down = [](quarry::Session& s) { s.change_column<&User::name>(); },
  };
  quarry::Migrator migrator{db, {create_users, widen}};
  migrator.migrate(create_users.name);
  db.create(User{.name = "Ada", .email = "ada@example.com", .role = Role::admin});
  CHECK(migrator.migrate() == std::vector<std::string>{widen.name});
  auto type_of_name = [&] {
    for (const auto& c : db.describe_table("mig_users"))
      if (c.name == "name") return c.type;
    return std::string();
  };
  CHECK(type_of_name().find("300") != std::string::npos);
  CHECK(db.describe_indexes("mig_users").size() == 1);  // the email's unique key, kept by a rebuild
  auto rows = db.find_all<User>();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].role == Role::admin);
  CHECK(migrator.undo() == std::optional<std::string>(widen.name));
  CHECK(type_of_name().find("100") != std::string::npos);
  CHECK(db.count<User>() == 1);
  migrator.undo_all();
}

TEST_CASE("seeders: the same shape, recorded apart", "[migrations][seeders]") {
  auto db = clean();
  quarry::Migrator{db, {create_users}}.migrate();
  quarry::Seeders seeders{db,
                          {quarry::Seeder{
                              .name = "20261203150000-demo-users",
                              .up =
                                  [](quarry::Session& s) {
                                    s.create(User{.name = "Ada", .email = "ada@example.com", .role = Role::admin});
                                    s.create(User{.name = "Bob", .email = "bob@example.com"});
                                  },
                              .down = [](quarry::Session& s) { s.execute("DELETE FROM mig_users WHERE email LIKE ?", "%@example.com"); },
                          }}};
  CHECK(seeders.seed() == std::vector<std::string>{"20261203150000-demo-users"});
  CHECK(db.count<User>() == 2);
  CHECK(seeders.seed().empty());
  CHECK(applied(seeders.status()) == std::vector<std::string>{"20261203150000-demo-users"});
  CHECK(applied(quarry::Migrator{db, {create_users}}.status()) == std::vector<std::string>{create_users.name});
  CHECK(db.query<std::tuple<std::int64_t>>("SELECT COUNT(*) FROM quarry_seeders") ==
        std::vector<std::tuple<std::int64_t>>{{1}});
  CHECK(seeders.seed_undo() == std::optional<std::string>("20261203150000-demo-users"));
  CHECK(db.count<User>() == 0);
  CHECK(applied(seeders.status()).empty());
  quarry::Migrator{db, {create_users}}.undo_all();
}

}  // namespace migrations
