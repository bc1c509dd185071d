// Soft delete and optimistic locking (docs/soft-delete.md, docs/locking.md): a user destroyed
// by mistake is only hidden and comes back with restore; a post edited in two places at once
// keeps the first edit and refuses the stale one; a tracked row's save writes only what changed.
//
//   10-soft-delete-locking sqlite:lifecycle.db        (or a postgres:// or mysql:// URL)

#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace quarry::dsl;

struct Post;
struct User {
  std::int64_t id{};
  std::string name{};
  std::optional<quarry::Timestamp> deleted_at{};  // Sequelize: paranoid: true
  std::vector<Post> posts;
};
struct Post {
  std::int64_t id{};
  std::int64_t user_id{};
  std::string title{};
  std::int64_t version{};  // Sequelize: version: true
};

template <>
struct quarry::Model<User> {
  static constexpr auto associations = quarry::associations(quarry::has_many<&User::posts, &Post::user_id>());
};

int main(int argc, char** argv) {
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

  auto ann = db.create(User{.name = "Ann"});
  auto bob = db.create(User{.name = "Bob"});
  auto post = db.create(Post{.user_id = ann.id, .title = "Hello"});

  // Soft delete: destroy sets deleted_at, and reads leave Bob out.
  expect(db.destroy(bob), "Bob is destroyed (UPDATE ... SET deleted_at)");
  expect(db.count<User>() == 1, "reads see Ann only");
  expect(db.count<User>(with_deleted()) == 2, "with_deleted() sees both (Sequelize: paranoid: false)");
  auto gone = db.find_one<User>(only_deleted());
  expect(gone && gone->name == "Bob" && gone->deleted_at.has_value(), "only_deleted() finds Bob, with the time");
  expect(db.restore(*gone) && db.count<User>() == 2, "restore brings him back");
  expect(db.destroy(*gone, quarry::force) && db.count<User>(with_deleted()) == 1, "force really deletes");

  // Optimistic locking: two copies of one post, as two requests would read it.
  auto first = *db.find_by_pk<Post>(post.id);
  auto second = *db.find_by_pk<Post>(post.id);
  first.title = "Hello, world";
  db.save(first);
  expect(first.version == 1, "the first save counts the version up");
  second.title = "Hi";
  try {
    db.save(second);
    expect(false, "the stale save is refused");
  } catch (const quarry::OptimisticLockError& e) {
    std::printf("      (%s)\n", e.what());
    expect(db.find_by_pk<Post>(post.id)->title == "Hello, world", "the stale save is refused, the first edit kept");
  }
  expect(db.reload(second) && second.version == 1, "after a reload, the second editor sees version 1");

  // Change tracking (docs/models.md#change-tracking): save writes the columns that changed.
  auto mine = quarry::track(*db.find_by_pk<User>(ann.id));
  auto theirs = quarry::track(*db.find_by_pk<User>(ann.id));
  mine->name = "Ann Smith";
  expect(mine.changed() == std::vector<std::string_view>{"name"} && mine.previous<&User::name>() == "Ann",
         "changed() and previous() tell what differs from the row as read");
  expect(db.save(mine), "UPDATE users SET name = ? WHERE id = ?: the name only");
  expect(!db.save(theirs), "the other copy changed nothing: nothing is written");
  expect(db.find_by_pk<User>(ann.id)->name == "Ann Smith", "and Ann's new name stays");

  auto with_posts = db.find_all<User>(include<&User::posts>());
  expect(with_posts.size() == 1 && with_posts[0].posts.size() == 1, "Ann and her post");

  db.drop<User, Post>();  // the tables go, so that other programs on this database start clean
  return failures == 0 ? 0 : 1;
}
