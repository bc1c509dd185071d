// The write path and the read path: every write entry point stamps and validates through one
// preparation (the association helpers too), a failed write leaves the caller's row as it was,
// and a read filter reaches every read entry point, includes and their EXISTS included.
#include "fixture.hpp"

#include <chrono>

using namespace quarry::dsl;

namespace paths {
struct Player;
struct Team {
  std::int64_t id{};
  std::string name{};
  quarry::Timestamp created_at{}, updated_at{};
  std::vector<Player> players;
};
struct Player {
  std::int64_t id{};
  std::string name{};
  std::optional<std::int64_t> team_id{};
  quarry::Timestamp created_at{}, updated_at{};
  std::optional<Team> team{};
};

struct Memo;
struct Drawer {
  std::int64_t id{};
  std::string name{};
  std::vector<Memo> memos;
};
struct Memo {
  std::int64_t id{};
  std::string title{};
  std::int64_t drawer_id{};
  bool archived{};
  std::int32_t stars{};
};
struct Pin {
  std::int64_t id{};
  std::int64_t memo_id{};
  std::optional<Memo> memo{};
};
}  // namespace paths

template <>
struct quarry::Model<paths::Team> {
  static constexpr auto fields = quarry::fields(quarry::field<&paths::Team::name>(quarry::size(20), quarry::unique));
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&paths::Team::players, &paths::Player::team_id>());
};
template <>
struct quarry::Model<paths::Player> {
  static constexpr auto fields = quarry::fields(quarry::field<&paths::Player::name>(quarry::size(20)));
  static constexpr auto associations =
      quarry::associations(quarry::belongs_to<&paths::Player::team, &paths::Player::team_id>());
};
template <>
struct quarry::Model<paths::Drawer> {
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&paths::Drawer::memos, &paths::Memo::drawer_id>());
};
template <>
struct quarry::Model<paths::Pin> {
  static constexpr auto associations = quarry::associations(quarry::belongs_to<&paths::Pin::memo, &paths::Pin::memo_id>());
};

// The read path's filter stage, registered for Memo the internal way (default scopes and soft
// delete will fill it from Model<T>): no read sees an archived memo.
template <>
struct quarry::ops::ReadFilter<paths::Memo> {
  static std::optional<quarry::sql::Node> condition() {
    return quarry::dsl::where(quarry::dsl::col<&paths::Memo::archived> == false).lower();
  }
};

using paths::Memo;
using paths::Pin;
using paths::Player;
using paths::Drawer;
using paths::Team;

namespace {
quarry::Database fresh_paths() {
  quarry::Database db{test::url()};
  db.sync<Team, Player, Drawer, Memo, Pin>({.force = true});
  return db;
}

const quarry::Timestamp long_ago{std::chrono::sys_days{std::chrono::year{2001} / 1 / 1}};

/// Sets every player's updated_at back to long_ago, in the database only.
void age_players(quarry::Database& db) { db.execute("UPDATE players SET updated_at = ?", long_ago); }
}  // namespace

TEST_CASE("write path: set_related stamps updated_at on the rows it links and unlinks, and validates them",
          "[paths][write]") {
  auto db = fresh_paths();
  auto red = db.create(Team{.name = "red"});
  auto ann = db.create(Player{.name = "ann"});
  auto bob = db.create(Player{.name = "bob"});
  age_players(db);

  std::vector<Player> both{*db.find_by_pk<Player>(ann.id), *db.find_by_pk<Player>(bob.id)};
  REQUIRE(both[0].updated_at == long_ago);
  db.set_related<&Team::players>(red, both);
  for (const auto& p : db.find_all<Player>()) {
    CHECK(p.team_id == red.id);
    CHECK(p.updated_at > long_ago);
  }
  CHECK(both[0].updated_at > long_ago);  // the caller's rows are stamped as written
  CHECK(both[0].updated_at == db.find_by_pk<Player>(ann.id)->updated_at);

  age_players(db);
  std::vector<Player> only_ann{*db.find_by_pk<Player>(ann.id)};
  db.set_related<&Team::players>(red, only_ann);  // bob is unlinked: his foreign key becomes NULL
  auto unlinked = *db.find_by_pk<Player>(bob.id);
  CHECK_FALSE(unlinked.team_id.has_value());
  CHECK(unlinked.updated_at > long_ago);

  // a target that fails validation: nothing changes, and the caller's rows are as they were
  std::vector<Player> bad{*db.find_by_pk<Player>(ann.id), unlinked};
  bad[1].name = std::string(30, 'x');
  auto before = bad;
  CHECK_THROWS_AS(db.set_related<&Team::players>(red, bad), quarry::ValidationError);
  CHECK_FALSE(bad[1].team_id.has_value());
  CHECK(bad[0].updated_at == before[0].updated_at);
  CHECK(bad[1].updated_at == before[1].updated_at);
  CHECK(db.count<Player>(where(col<&Player::team_id> == red.id)) == 1);
  CHECK(db.find_by_pk<Player>(bob.id)->name == "bob");
}

TEST_CASE("write path: add, remove and create_related validate and stamp, and leave the caller's rows as they "
          "were when they fail",
          "[paths][write]") {
  auto db = fresh_paths();
  auto red = db.create(Team{.name = "red"});
  auto cy = db.create(Player{.name = "cy"});
  age_players(db);
  cy.updated_at = long_ago;

  db.add_related<&Team::players>(red, cy);
  CHECK(cy.team_id == red.id);
  CHECK(cy.updated_at > long_ago);
  CHECK(db.find_by_pk<Player>(cy.id)->updated_at == cy.updated_at);

  age_players(db);
  cy.updated_at = long_ago;
  db.remove_related<&Team::players>(red, cy);
  CHECK_FALSE(cy.team_id.has_value());
  CHECK(db.find_by_pk<Player>(cy.id)->updated_at > long_ago);

  // has_many: the new target is validated
  CHECK_THROWS_AS(db.create_related<&Team::players>(red, Player{.name = std::string(30, 'y')}), quarry::ValidationError);
  CHECK(db.count<Player>() == 1);

  // belongs_to: the owner, whose foreign key moves, is validated too; on failure the new team is
  // rolled back and the owner keeps its key and stamps
  cy.name = std::string(30, 'z');
  auto before = cy;
  CHECK_THROWS_AS(db.create_related<&Player::team>(cy, Team{.name = "blue"}), quarry::ValidationError);
  CHECK(cy.team_id == before.team_id);
  CHECK(cy.updated_at == before.updated_at);
  CHECK(db.count<Team>() == 1);
  CHECK_THROWS_AS(db.add_related<&Player::team>(cy, red), quarry::ValidationError);
  CHECK(cy.team_id == before.team_id);
  CHECK(cy.updated_at == before.updated_at);

  cy.name = "cy";
  age_players(db);
  cy.updated_at = long_ago;
  auto blue = db.create_related<&Player::team>(cy, Team{.name = "blue"});
  CHECK(cy.team_id == blue.id);
  CHECK(cy.updated_at > long_ago);
  CHECK(db.find_by_pk<Player>(cy.id)->updated_at == cy.updated_at);
}

TEST_CASE("write path: a write that fails leaves the caller's row unstamped", "[paths][write]") {
  auto db = fresh_paths();
  auto red = db.create(Team{.name = "red"});
  db.create(Team{.name = "blue"});

  Team t = red;
  t.name = std::string(30, 'x');  // fails validation
  CHECK_THROWS_AS(db.update(t), quarry::ValidationError);
  CHECK(t.updated_at == red.updated_at);
  CHECK_THROWS_AS(db.save(t), quarry::ValidationError);
  CHECK(t.updated_at == red.updated_at);

  t.name = "blue";  // passes validation, fails in the database
  CHECK_THROWS_AS(db.update(t), quarry::UniqueConstraintError);
  CHECK(t.updated_at == red.updated_at);

  Team again{.name = "red"};  // save of a new row that the database refuses
  CHECK_THROWS_AS(db.save(again), quarry::UniqueConstraintError);
  CHECK(again.id == 0);
  CHECK(again.created_at == quarry::Timestamp{});
  CHECK(again.updated_at == quarry::Timestamp{});

  auto cy = db.create(Player{.name = "cy"});
  auto stamped = cy.updated_at;
  cy.team_id = 999999;  // no such team: the foreign key refuses it
  CHECK_THROWS_AS(db.save(cy), quarry::ForeignKeyConstraintError);
  CHECK(cy.updated_at == stamped);
}

TEST_CASE("read path: a read filter applies on every read entry point, includes and their EXISTS included",
          "[paths][read]") {
  auto db = fresh_paths();
  auto open = db.create(Drawer{.name = "open"});
  auto attic = db.create(Drawer{.name = "attic"});  // only archived memos
  auto a = db.create(Memo{.title = "a", .drawer_id = open.id, .stars = 2});
  auto b = db.create(Memo{.title = "b", .drawer_id = open.id, .stars = 3});
  auto old = db.create(Memo{.title = "old", .drawer_id = open.id, .archived = true, .stars = 50});
  auto dust = db.create(Memo{.title = "dust", .drawer_id = attic.id, .archived = true, .stars = 40});
  auto pin_a = db.create(Pin{.memo_id = a.id});
  auto pin_old = db.create(Pin{.memo_id = old.id});
  REQUIRE(db.query<std::int64_t>("SELECT COUNT(*) FROM memos") == std::vector<std::int64_t>{4});

  auto titles = [](const std::vector<Memo>& memos) {
    std::vector<std::string> out;
    for (const auto& m : memos) out.push_back(m.title);
    std::sort(out.begin(), out.end());
    return out;
  };
  using Titles = std::vector<std::string>;

  CHECK(titles(db.find_all<Memo>()) == Titles{"a", "b"});
  CHECK(titles(db.find_all<Memo>(where(col<&Memo::stars> > 1))) == Titles{"a", "b"});
  CHECK_FALSE(db.find_one<Memo>(where(col<&Memo::title> == "old")).has_value());
  CHECK(db.find_one<Memo>(where(col<&Memo::title> == "a")).has_value());
  CHECK_FALSE(db.find_by_pk<Memo>(old.id).has_value());
  CHECK(db.find_by_pk<Memo>(b.id).has_value());
  CHECK_FALSE(db.reload(old));
  CHECK(db.reload(a));

  CHECK(db.count<Memo>() == 2);
  CHECK(db.count<Memo>(where(col<&Memo::stars> >= 3)) == 1);
  CHECK(db.sum(col<&Memo::stars>) == 5);
  CHECK(db.max(col<&Memo::stars>) == 3);
  auto page = db.find_and_count_all<Memo>(limit(1));
  CHECK(page.count == 2);
  CHECK(page.rows.size() == 1);
  auto tuples = db.select<Memo>(columns(col<&Memo::title>), order_by(col<&Memo::title>));
  CHECK(tuples == std::vector<std::tuple<std::string>>{{"a"}, {"b"}});

  // includes: each level, and the EXISTS of a required include
  auto drawers = db.find_all<Drawer>(include<&Drawer::memos>(), order_by(col<&Drawer::id>));
  REQUIRE(drawers.size() == 2);
  CHECK(titles(drawers[0].memos) == Titles{"a", "b"});
  CHECK(drawers[1].memos.empty());
  auto with_memos = db.find_all<Drawer>(include<&Drawer::memos>(required));
  REQUIRE(with_memos.size() == 1);
  CHECK(with_memos[0].id == open.id);
  CHECK(db.count<Drawer>() == 2);
  auto by_key = db.find_by_pk<Drawer>(open.id, include<&Drawer::memos>());
  REQUIRE(by_key);
  CHECK(titles(by_key->memos) == Titles{"a", "b"});
  auto pins = db.find_all<Pin>(include<&Pin::memo>(), order_by(col<&Pin::id>));
  REQUIRE(pins.size() == 2);
  CHECK(pins[0].id == pin_a.id);
  CHECK(pins[0].memo.has_value());
  CHECK(pins[1].id == pin_old.id);
  CHECK_FALSE(pins[1].memo.has_value());
  CHECK(db.find_all<Pin>(include<&Pin::memo>(required)).size() == 1);

  // the association helpers' reads
  CHECK(titles(db.related<&Drawer::memos>(open)) == Titles{"a", "b"});
  CHECK(db.related<&Drawer::memos>(attic).empty());
  CHECK(db.count_related<&Drawer::memos>(open) == 2);
  CHECK(db.has_related<&Drawer::memos>(open, a));
  CHECK_FALSE(db.has_related<&Drawer::memos>(attic, dust));
  CHECK_FALSE(db.related<&Pin::memo>(pin_old).has_value());

  // in a transaction too, and the filter holds for values it binds on every dialect's shapes
  db.transaction([&](quarry::Transaction& tx) {
    CHECK(titles(tx.find_all<Memo>()) == Titles{"a", "b"});
    CHECK_FALSE(tx.find_by_pk<Memo>(dust.id).has_value());
  });
  db.increment(a, col<&Memo::stars>, 1);
  CHECK(a.stars == 3);
}
