// Enums stored by name and declared defaults that apply, on every database: an enum column holds
// its enumerators' names (a type of its own on PostgreSQL, ENUM on MySQL, TEXT with a CHECK on
// SQLite), queries bind names, and an insert gives each member the program did not give its
// declared default (docs/models.md#enums and #defaults).
#include "fixture.hpp"

#include <chrono>

using namespace quarry::dsl;

namespace enums {
enum class Rank { cadet, captain, admiral };
enum class Tint : std::uint8_t { red = 1, blue = 2 };  // names of its own, below
enum class OldRank { cadet };                           // an older program's view of the same column

struct Pilot {
  std::int64_t id{};
  std::string name{};
  Rank rank = Rank::cadet;                 // not given: still cadet, as in Pilot{}
  std::optional<Rank> former{};
  Tint tint = Tint::red;
  std::int32_t level{};                    // default 3: a level of 0 is "not given"
  std::optional<std::int32_t> quota{};     // default 10: std::nullopt is "not given", 0 is a value
  quarry::Uuid badge{};                    // a random UUID
  quarry::Date joined{};                   // today
  quarry::Timestamp seen{};                // now
  std::string motto{};
};

struct OldPilot {
  std::int64_t id{};
  OldRank rank{};
};
}  // namespace enums

template <>
struct quarry::Enum<enums::Tint> {
  static constexpr std::pair<enums::Tint, std::string_view> names[] = {{enums::Tint::red, "Red"},
                                                                      {enums::Tint::blue, "Deep blue"}};
};

template <>
struct quarry::Model<enums::Pilot> {
  static constexpr auto fields = quarry::fields(
      quarry::field<&enums::Pilot::name>(quarry::size(40)),
      quarry::field<&enums::Pilot::rank>(quarry::default_value(enums::Rank::cadet)),
      quarry::field<&enums::Pilot::tint>(quarry::default_value(enums::Tint::red)),
      quarry::field<&enums::Pilot::level>(quarry::default_value(3)),
      quarry::field<&enums::Pilot::quota>(quarry::default_value(10)),
      quarry::field<&enums::Pilot::badge>(quarry::default_random_uuid),
      quarry::field<&enums::Pilot::joined>(quarry::default_now),
      quarry::field<&enums::Pilot::seen>(quarry::default_now),
      quarry::field<&enums::Pilot::motto>(quarry::default_value("per aspera")));
};

template <>
struct quarry::Model<enums::OldPilot> {
  static constexpr auto table = "pilots";
  static constexpr auto fields = quarry::fields(quarry::field<&enums::OldPilot::id>(quarry::primary_key),
                                                quarry::field<&enums::OldPilot::rank>());
};

using enums::Pilot;
using enums::Rank;
using enums::Tint;

namespace {
quarry::Database fresh_pilots() {
  quarry::Database db{test::url()};
  db.sync<Pilot>({.force = true});
  return db;
}

quarry::Date today() { return quarry::Date{std::chrono::floor<std::chrono::days>(quarry::now())}; }
}  // namespace

TEST_CASE("enums: stored by their enumerators' names", "[enums]") {
  auto db = fresh_pilots();
  auto ann = db.create(Pilot{.name = "ann", .rank = Rank::admiral, .former = Rank::captain, .tint = Tint::blue});
  auto bob = db.create(Pilot{.name = "bob", .rank = Rank::captain});

  // the column holds the names, as text any other program reads
  auto stored = db.query<std::tuple<std::string, std::optional<std::string>, std::string>>(
      "SELECT rank, former, tint FROM pilots WHERE name = ?", std::string("ann"));
  REQUIRE(stored.size() == 1);
  CHECK(std::get<0>(stored[0]) == "admiral");
  CHECK(std::get<1>(stored[0]) == std::optional<std::string>("captain"));
  CHECK(std::get<2>(stored[0]) == "Deep blue");  // a name given by hand

  auto back = db.find_by_pk<Pilot>(ann.id);
  REQUIRE(back);
  CHECK(back->rank == Rank::admiral);
  CHECK(back->former == Rank::captain);
  CHECK(back->tint == Tint::blue);
  CHECK_FALSE(db.find_by_pk<Pilot>(bob.id)->former);

  // where, in and not in bind the names
  CHECK(db.count<Pilot>(where(col<&Pilot::rank> == Rank::captain)) == 1);
  CHECK(db.count<Pilot>(where(col<&Pilot::rank> != Rank::cadet)) == 2);
  CHECK(db.count<Pilot>(where(col<&Pilot::rank>.in({Rank::admiral, Rank::cadet}))) == 1);
  CHECK(db.count<Pilot>(where(col<&Pilot::former> == Rank::captain)) == 1);
  CHECK(db.count<Pilot>(where(col<&Pilot::tint> == Tint::blue)) == 1);
  CHECK(db.query<std::int64_t>("SELECT COUNT(*) FROM pilots WHERE rank = ?", Rank::admiral)[0] == 1);

  // update by where and save write names too
  db.update<Pilot>(set(col<&Pilot::rank> = Rank::cadet), where(col<&Pilot::name> == "bob"));
  CHECK(db.find_by_pk<Pilot>(bob.id)->rank == Rank::cadet);
  bob.rank = Rank::admiral;
  db.save(bob);
  CHECK(db.count<Pilot>(where(col<&Pilot::rank> == Rank::admiral)) == 2);
}

TEST_CASE("enums: bulk_create and upsert write names", "[enums]") {
  auto db = fresh_pilots();
  std::vector<Pilot> crew;
  for (int i = 0; i < 30; ++i)
    crew.push_back({.name = "p" + std::to_string(i), .rank = static_cast<Rank>(i % 3),
                    .former = i % 2 ? std::optional<Rank>(Rank::captain) : std::nullopt});
  db.bulk_create(crew);
  CHECK(db.count<Pilot>(where(col<&Pilot::rank> == Rank::admiral)) == 10);
  CHECK(db.count<Pilot>(where(col<&Pilot::former> == Rank::captain)) == 15);
  auto all = db.find_all<Pilot>(order_by(col<&Pilot::id>));
  REQUIRE(all.size() == 30);
  for (int i = 0; i < 30; ++i) CHECK(all[static_cast<std::size_t>(i)].rank == static_cast<Rank>(i % 3));

  auto up = all[0];
  up.rank = Rank::admiral;
  db.upsert(up);
  CHECK(db.find_by_pk<Pilot>(up.id)->rank == Rank::admiral);
}

TEST_CASE("enums: a value that is no enumerator is refused before any SQL", "[enums]") {
  auto db = fresh_pilots();
  Pilot bad{.name = "bad", .rank = static_cast<Rank>(7)};
  try {
    db.create(bad);
    FAIL("created a pilot whose rank has no name");
  } catch (const quarry::ValidationError& e) {
    REQUIRE(e.errors().size() == 1);
    CHECK(e.errors()[0].field == "rank");
    CHECK(e.errors()[0].message.find("no enumerator of") != std::string::npos);
  }
  CHECK(db.count<Pilot>() == 0);
  CHECK_THROWS_AS(db.count<Pilot>(where(col<&Pilot::rank> == static_cast<Rank>(7))), quarry::ConversionError);
  CHECK_THROWS_AS(db.update<Pilot>(set(col<&Pilot::rank> = static_cast<Rank>(9)), where(col<&Pilot::id> == 1)),
                  quarry::ValidationError);
}

TEST_CASE("enums: the column refuses other names, and an unknown name read back is a ConversionError",
          "[enums]") {
  auto db = fresh_pilots();
  // the column's type (PostgreSQL), ENUM (MySQL, strict) or CHECK (SQLite) refuses what is no name
  CHECK_THROWS_AS(db.execute("INSERT INTO pilots (name, rank, tint, level, badge, joined, seen, motto) VALUES "
                             "('x', 'general', 'Red', 1, '00000000-0000-4000-8000-000000000000', '2024-01-01', "
                             "'2024-01-01 00:00:00', 'm')"),
                  quarry::DatabaseError);

  // a program with an older enum reads a name it does not know: a clear error, never a wrong value
  db.create(Pilot{.name = "cap", .rank = Rank::captain});
  try {
    db.find_all<enums::OldPilot>();
    FAIL("read 'captain' into an enum that has no such name");
  } catch (const quarry::ConversionError& e) {
    std::string what = e.what();
    CHECK(what.find("'rank'") != std::string::npos);
    CHECK(what.find("'captain'") != std::string::npos);
    CHECK(what.find("OldRank (cadet)") != std::string::npos);
  }
}

TEST_CASE("enums: sync creates the column's type once, drop removes it", "[enums]") {
  auto db = fresh_pilots();
  db.sync<Pilot>();  // again, without force: nothing to create, no error
  db.create(Pilot{.name = "ann"});
  CHECK(db.count<Pilot>() == 1);
  if (test::on("postgres")) {
    auto types = [&] {
      return db.query<std::int64_t>(
          "SELECT COUNT(*) FROM pg_type WHERE typname IN ('enum_pilots_rank', 'enum_pilots_former', 'enum_pilots_tint')")[0];
    };
    CHECK(types() == 3);
    auto labels = db.query<std::string>(
        "SELECT enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'enum_pilots_rank' "
        "ORDER BY e.enumsortorder");
    CHECK(labels == std::vector<std::string>{"cadet", "captain", "admiral"});
    db.drop<Pilot>();
    CHECK(types() == 0);
  } else {
    db.drop<Pilot>();
  }
  db.sync<Pilot>();
  CHECK(db.count<Pilot>() == 0);
}

TEST_CASE("defaults: an insert gives every member that was not given its declared default", "[defaults]") {
  auto db = fresh_pilots();
  auto before = quarry::now();
  auto ann = db.create(Pilot{.name = "ann"});
  // the caller's row holds what was written
  CHECK(ann.rank == Rank::cadet);
  CHECK(ann.level == 3);
  CHECK(ann.quota == 10);
  CHECK(ann.badge != quarry::Uuid{});
  CHECK((ann.badge.bytes[6] >> 4) == 4);  // version 4
  CHECK(ann.joined == today());
  CHECK(ann.seen >= before);
  CHECK(ann.seen <= quarry::now());
  CHECK(ann.motto == "per aspera");

  auto back = db.find_by_pk<Pilot>(ann.id);
  REQUIRE(back);
  CHECK(back->level == 3);
  CHECK(back->quota == 10);
  CHECK(back->badge == ann.badge);
  CHECK(back->joined == ann.joined);
  CHECK(back->seen == ann.seen);  // never 1970
  CHECK(back->motto == "per aspera");

  // what the program gave is kept: a value other than the one in Pilot{}, and any value of a
  // std::optional, 0 included
  auto bob = db.create(Pilot{.name = "bob", .rank = Rank::admiral, .level = 7, .quota = 0, .motto = "ad astra"});
  CHECK(bob.rank == Rank::admiral);
  CHECK(bob.level == 7);
  CHECK(bob.quota == 0);
  CHECK(db.find_by_pk<Pilot>(bob.id)->quota == 0);
  CHECK(db.find_by_pk<Pilot>(bob.id)->motto == "ad astra");

  // an update writes what the row holds: defaults apply to inserts only
  bob.level = 0;
  db.save(bob);
  CHECK(db.find_by_pk<Pilot>(bob.id)->level == 0);
}

TEST_CASE("defaults: bulk_create, upsert and find_or_create give them per row", "[defaults]") {
  auto db = fresh_pilots();
  std::vector<Pilot> crew(25);
  for (std::size_t i = 0; i < crew.size(); ++i) crew[i].name = "p" + std::to_string(i);
  crew[3].level = 9;
  auto made = db.bulk_create(crew);
  REQUIRE(made.size() == 25);
  for (const auto& p : made) {
    CHECK(p.badge != quarry::Uuid{});
    CHECK(p.seen > quarry::Timestamp{});
    CHECK(p.quota == 10);
  }
  CHECK(made[3].level == 9);
  CHECK(made[4].level == 3);
  CHECK(made[0].badge != made[1].badge);
  CHECK(db.count<Pilot>(where(col<&Pilot::level> == 3)) == 24);
  CHECK(db.count<Pilot>(where(col<&Pilot::seen> < quarry::Timestamp{std::chrono::sys_days{std::chrono::year{2000} / 1 / 1}})) == 0);

  auto found = db.find_or_create<Pilot>(where(col<&Pilot::name> == "new"), Pilot{.name = "new"});
  CHECK(found.second);
  CHECK(found.first.level == 3);
  CHECK(db.find_by_pk<Pilot>(found.first.id)->badge == found.first.badge);

  auto up = db.upsert(Pilot{.id = 1000, .name = "up"});
  CHECK(up.motto == "per aspera");
  CHECK(db.find_by_pk<Pilot>(std::int64_t{1000})->level == 3);
}

TEST_CASE("defaults: a write that fails leaves the row as it was given", "[defaults]") {
  auto db = fresh_pilots();
  Pilot long_name{.name = std::string(41, 'x')};
  CHECK_THROWS_AS(db.save(long_name), quarry::ValidationError);
  CHECK(long_name.level == 0);
  CHECK(long_name.badge == quarry::Uuid{});
  CHECK(long_name.seen == quarry::Timestamp{});
  CHECK_FALSE(long_name.quota);
  CHECK(long_name.motto.empty());

  CHECK_THROWS_AS(db.bulk_create(std::vector<Pilot>{{.name = "ok"}, {.name = std::string(41, 'y')}}),
                  quarry::ValidationError);
  CHECK(db.count<Pilot>() == 0);
}

TEST_CASE("defaults: the DDL's DEFAULT gives other programs' inserts the same values", "[defaults]") {
  auto db = fresh_pilots();
  db.execute("INSERT INTO pilots (name) VALUES (?)", std::string("raw"));
  auto raw = db.find_all<Pilot>();
  REQUIRE(raw.size() == 1);
  CHECK(raw[0].rank == Rank::cadet);  // DEFAULT 'cadet': the enumerator by name
  CHECK(raw[0].level == 3);
  CHECK(raw[0].quota == 10);
  CHECK(raw[0].badge != quarry::Uuid{});
  CHECK(raw[0].joined >= quarry::Date{std::chrono::year{2020} / 1 / 1});
  CHECK(raw[0].seen > quarry::Timestamp{std::chrono::sys_days{std::chrono::year{2020} / 1 / 1}});
  CHECK(raw[0].motto == "per aspera");
  CHECK(raw[0].tint == Tint::red);
}
