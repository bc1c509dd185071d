// Enums stored by name and defaults that apply (docs/models.md#enums, #defaults): the Express
// guide's User, whose role is an enum admin/member defaulting to member, and its Post, with a
// random public id and a publication day given by the insert when the program gives none.
//
//   08-enums-defaults sqlite:enums.db        (or a postgres:// or mysql:// URL)

#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

enum class Role { admin, member };         // stored as 'admin' / 'member'
enum class Status : std::uint8_t { draft, published, archived };

struct Post {
  std::int64_t id{};
  std::int64_t user_id{};
  std::string title{};
  Status status = Status::draft;
  quarry::Uuid public_id{};                // not given: a random UUID
  quarry::Date published_on{};             // not given: today (UTC)
};
struct User {
  std::int64_t id{};
  std::string name{};
  std::string email{};
  Role role = Role::member;                // not given: member (as in User{}), so admin is kept
  std::int32_t credits{};                  // not given: 0, which becomes 100
  std::vector<Post> posts{};
  quarry::Timestamp created_at{}, updated_at{};
};

template <>
struct quarry::Model<User> {  // table "users", key `id`, timestamps: by convention
  static constexpr auto fields = quarry::fields(
      quarry::field<&User::name>(quarry::size(60)), quarry::field<&User::email>(quarry::unique, quarry::size(200)),
      quarry::field<&User::role>(quarry::default_value(Role::member)),
      quarry::field<&User::credits>(quarry::default_value(100)));
  static constexpr auto validate = quarry::validators(quarry::rules<&User::email>(quarry::is_email));
  static constexpr auto associations = quarry::associations(quarry::has_many<&User::posts, &Post::user_id>());
};
template <>
struct quarry::Model<Post> {
  static constexpr auto fields = quarry::fields(
      quarry::field<&Post::status>(quarry::default_value(Status::draft)),
      quarry::field<&Post::public_id>(quarry::default_random_uuid, quarry::unique),
      quarry::field<&Post::published_on>(quarry::default_now));
};

int main(int argc, char** argv) {
  using namespace quarry::dsl;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATABASE-URL\n", argv[0]);
    return 2;
  }
  quarry::Database db{argv[1]};
  db.sync<User, Post>({.force = true});
  int failures = 0;
  auto expect = [&](bool ok, const char* what) {
    std::printf("%s %s\n", ok ? "ok:  " : "FAIL:", what);
    failures += ok ? 0 : 1;
  };

  auto ann = db.create(User{.name = "Ann", .email = "ann@example.com", .role = Role::admin});
  auto bob = db.create(User{.name = "Bob", .email = "bob@example.com"});
  expect(ann.role == Role::admin && bob.role == Role::member, "a role given is kept; none given is member");
  expect(bob.credits == 100, "credits not given: the default 100, in the row create returned");

  // The column holds names that any other program reads, and queries bind names.
  auto roles = db.query<std::tuple<std::string, std::string>>("SELECT name, role FROM users ORDER BY id");
  for (const auto& [name, role] : roles) std::printf("       %s: %s\n", name.c_str(), role.c_str());
  expect(std::get<1>(roles.at(0)) == "admin", "stored as 'admin', not 0");
  expect(db.count<User>(where(col<&User::role> == Role::member)) == 1, "where role = 'member'");

  auto posts = db.bulk_create(std::vector<Post>{{.user_id = ann.id, .title = "Hello"},
                                                {.user_id = ann.id, .title = "Notes", .status = Status::published}});
  auto today = quarry::Date{std::chrono::floor<std::chrono::days>(quarry::now())};
  expect(posts[0].public_id != quarry::Uuid{} && posts[0].public_id != posts[1].public_id,
         "each post got a random public id");
  expect(posts[1].published_on == today, "and today as its publication day");
  std::printf("       %s: %s\n", posts[0].title.c_str(), posts[0].public_id.to_string().c_str());

  auto with = db.find_all<User>(where(col<&User::id> == ann.id), include<&User::posts>());
  expect(with.size() == 1 && with[0].posts.size() == 2 && with[0].posts[1].status == Status::published,
         "read back: the status by name, through an include");
  expect(db.count<Post>(where(col<&Post::status>.in({Status::draft, Status::archived}))) == 1, "in(...) of names");

  // A value that is no enumerator is refused before any SQL.
  try {
    db.create(User{.name = "Eve", .email = "eve@example.com", .role = static_cast<Role>(5)});
    expect(false, "a role that is no enumerator is refused");
  } catch (const quarry::ValidationError& e) {
    std::printf("       %s\n", e.what());
    expect(true, "a role that is no enumerator is refused");
  }

  db.drop<User, Post>();
  return failures == 0 ? 0 : 1;
}
