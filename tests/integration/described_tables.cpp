// create_table and add_column described column by column (schema::column), as a migration
// writes them so that it stays what it was when the model changes, on every dialect: the
// Express guide's users table described by hand is the table sync makes of its model (the diff
// is empty), its default, unique key and enumeration hold, a foreign key and a composite key
// described by hand are enforced, and a column added by hand keeps the rows.

#include "fixture.hpp"

#include <algorithm>

namespace described_tables {

namespace schema = quarry::schema;

enum class Role { admin, member };
struct User {  // the model the hand-described table must match
  std::int64_t id{};
  std::string name{};
  std::string email{};
  Role role = Role::member;
  quarry::Timestamp created_at{}, updated_at{};
};

}  // namespace described_tables

template <>
struct quarry::Model<described_tables::User> {
  static constexpr auto table = "d_users";
  static constexpr auto fields = quarry::fields(
      quarry::field<&described_tables::User::name>(quarry::size(100)),
      quarry::field<&described_tables::User::email>(quarry::size(200), quarry::unique),
      quarry::field<&described_tables::User::role>(quarry::default_value(described_tables::Role::member)),
      quarry::timestamps<&described_tables::User::created_at, &described_tables::User::updated_at>());
};

namespace described_tables {

quarry::Database fresh() {
  auto db = test::fresh();
  for (const char* t : {"d_memberships", "d_posts", "d_users"})
    if (auto all = db.tables(); std::find(all.begin(), all.end(), t) != all.end()) db.drop_table(t);
  if (db.dialect().enums == quarry::sql::EnumSyntax::named_type) db.execute("DROP TYPE IF EXISTS enum_d_users_role");
  return db;
}

void create_users(quarry::Session& db) {
  using namespace quarry::schema;
  db.create_table("d_users", {
      column("id", bigint()).primary_key().auto_increment(),
      column("name", string(100)).not_null(),
      column("email", string(200)).not_null().unique(),
      column("role", enumeration({"admin", "member"})).not_null().default_value("member"),
      column("created_at", timestamp()).not_null(),
      column("updated_at", timestamp()).not_null(),
  });
}

TEST_CASE("described tables: the users table by hand is the table sync makes of its model", "[schema][operations]") {
  auto db = fresh();
  create_users(db);
  auto steps = db.diff<User>();
  for (const auto& s : steps) UNSCOPED_INFO(s.description);
  CHECK(steps.empty());

  auto ada = db.create(User{.name = "Ada", .email = "ada@example.com", .role = Role::admin});
  db.execute("INSERT INTO d_users (name, email, created_at, updated_at) VALUES (?, ?, ?, ?)", std::string("Bob"),
             std::string("bob@example.com"), ada.created_at, ada.created_at);
  auto bob = db.find_one<User>(quarry::dsl::where(quarry::dsl::col<&User::email> == "bob@example.com"));
  REQUIRE(bob);
  CHECK(bob->role == Role::member);  // the default described by hand
  CHECK(bob->id > ada.id);
  CHECK_THROWS_AS(db.create(User{.name = "Eve", .email = "ada@example.com"}), quarry::UniqueConstraintError);
  CHECK_THROWS_AS(db.execute("INSERT INTO d_users (name, email, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                             std::string("Eve"), std::string("eve@example.com"), std::string("owner"), ada.created_at,
                             ada.created_at),
                  quarry::Error);  // not one of the enumeration's labels
  auto columns = db.describe_table("d_users");
  REQUIRE(columns.size() == 6);
  CHECK(columns[0].primary_key);
  CHECK_FALSE(columns[1].nullable);
}

TEST_CASE("described tables: foreign keys, a composite key, checks and a column added by hand",
          "[schema][operations]") {
  auto db = fresh();
  create_users(db);
  using namespace quarry::schema;
  db.create_table("d_posts", {
      column("id", integer()).primary_key().auto_increment(),
      column("user_id", bigint()).not_null().references({"d_users", {"id"}, Action::cascade}),
      column("title", string(50)).not_null(),
      column("stock", integer()).not_null().default_value(0).check("stock >= 0"),
      column("price", decimal(8, 2)),
      column("active", boolean()).not_null().default_value(true),
      column("rating", double_precision()).not_null().default_value(2.5),
  });
  db.create_table("d_memberships",
                  {column("user_id", bigint()).not_null(), column("team", string(30)).not_null(),
                   column("since", date())},
                  {primary_key_constraint({"user_id", "team"}),
                   foreign_key_constraint({"user_id"}, {"d_users", {"id"}, Action::cascade})});

  auto ada = db.create(User{.name = "Ada", .email = "ada@example.com"});
  db.execute("INSERT INTO d_posts (user_id, title) VALUES (?, 'one'), (?, 'two')", ada.id, ada.id);
  db.execute("INSERT INTO d_memberships (user_id, team) VALUES (?, 'red')", ada.id);
  CHECK_THROWS_AS(db.execute("INSERT INTO d_memberships (user_id, team) VALUES (?, 'red')", ada.id),
                  quarry::UniqueConstraintError);
  CHECK_THROWS_AS(db.execute("INSERT INTO d_posts (user_id, title) VALUES (?, 'three')", ada.id + 100),
                  quarry::ForeignKeyConstraintError);
  CHECK_THROWS_AS(db.execute("INSERT INTO d_posts (user_id, title, stock) VALUES (?, 'four', -1)", ada.id),
                  quarry::CheckConstraintError);
  CHECK(db.query<std::int64_t>("SELECT COUNT(*) FROM d_posts WHERE active AND rating = 2.5").at(0) == 2);
  auto fks = db.describe_foreign_keys("d_posts");
  REQUIRE(fks.size() == 1);
  CHECK(fks[0].references == "d_users");

  // a column added by hand, with a default, to a table with rows; then one with a foreign key
  db.add_column("d_posts", column("views", bigint()).not_null().default_value(7));
  CHECK(db.query<std::int64_t>("SELECT SUM(views) FROM d_posts").at(0) == 14);
  db.add_column("d_posts", column("editor_id", bigint()).references({"d_users", {"id"}, Action::set_null}));
  CHECK_THROWS_AS(db.execute("UPDATE d_posts SET editor_id = ?", ada.id + 100), quarry::ForeignKeyConstraintError);
  db.execute("UPDATE d_posts SET editor_id = ?", ada.id);
  db.add_column("d_posts", column("slug", string(40)).unique());
  db.execute("UPDATE d_posts SET slug = title");
  CHECK_THROWS_AS(db.execute("UPDATE d_posts SET slug = 'same'"), quarry::UniqueConstraintError);

  // the cascade described by hand: the user's posts and memberships go with it
  db.destroy<User>(quarry::dsl::where(quarry::dsl::col<&User::id> == ada.id));
  CHECK(db.query<std::int64_t>("SELECT COUNT(*) FROM d_posts").at(0) == 0);
  CHECK(db.query<std::int64_t>("SELECT COUNT(*) FROM d_memberships").at(0) == 0);
}

}  // namespace described_tables
