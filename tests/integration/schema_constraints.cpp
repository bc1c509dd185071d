// The diff of what a column's table holds besides its columns and indexes: foreign keys (added,
// replaced with other actions, dropped), checks (named by their condition, so that a changed one
// is seen on every dialect) and the defaults of existing columns; read back by describe_checks
// and describe_foreign_keys, applied by sync with alter, and nothing to do the second time.

#include "fixture.hpp"

#include <algorithm>

using namespace quarry::dsl;

namespace keyed {
struct Shelf {
  std::int64_t id{};
  std::string name{};
};
// the versions of one model, each on the table "k_items":
// 1: no key, no check; defaults 1 and 'none'
// 2: + a key (on delete cascade), a column's check and the table's; qty's default 2, note's none
// 3: the key on delete set null, the column's check changed, the table's dropped
template <int Version>
struct Item {
  std::int64_t id{};
  std::string name{};
  std::optional<std::int64_t> shelf_id{};
  std::int32_t qty{};
  std::string note{};
  double price{};
  bool active{};
};
using V1 = Item<1>;
using V2 = Item<2>;
using V3 = Item<3>;
}  // namespace keyed

template <>
struct quarry::Model<keyed::Shelf> {
  static constexpr auto table = "k_shelves";
  static constexpr bool timestamps = false;
  static constexpr auto fields = quarry::fields(quarry::field<&keyed::Shelf::name>(quarry::size(40)));
};
template <>
struct quarry::Model<keyed::V1> {
  static constexpr auto table = "k_items";
  static constexpr bool timestamps = false;
  static constexpr auto fields = quarry::fields(
      quarry::field<&keyed::V1::name>(quarry::size(40)), quarry::field<&keyed::V1::qty>(quarry::default_value(1)),
      quarry::field<&keyed::V1::note>(quarry::size(20), quarry::default_value("none")),
      quarry::field<&keyed::V1::price>(quarry::default_value(1.5)),
      quarry::field<&keyed::V1::active>(quarry::default_value(true)));
};
template <>
struct quarry::Model<keyed::V2> {
  static constexpr auto table = "k_items";
  static constexpr bool timestamps = false;
  static constexpr auto fields = quarry::fields(
      quarry::field<&keyed::V2::name>(quarry::size(40)),
      quarry::field<&keyed::V2::shelf_id>(quarry::references<&keyed::Shelf::id>(quarry::on_delete::cascade)),
      quarry::field<&keyed::V2::qty>(quarry::default_value(2), quarry::check("qty >= 0")),
      quarry::field<&keyed::V2::note>(quarry::size(20)), quarry::field<&keyed::V2::price>(quarry::default_value(1.5)),
      quarry::field<&keyed::V2::active>(quarry::default_value(true)));
  static constexpr auto constraints = quarry::constraints(quarry::check("price < 1000"));
};
template <>
struct quarry::Model<keyed::V3> {
  static constexpr auto table = "k_items";
  static constexpr bool timestamps = false;
  static constexpr auto fields = quarry::fields(
      quarry::field<&keyed::V3::name>(quarry::size(40)),
      quarry::field<&keyed::V3::shelf_id>(quarry::references<&keyed::Shelf::id>(quarry::on_delete::set_null)),
      quarry::field<&keyed::V3::qty>(quarry::default_value(2), quarry::check("qty >= 1")),
      quarry::field<&keyed::V3::note>(quarry::size(20)), quarry::field<&keyed::V3::price>(quarry::default_value(1.5)),
      quarry::field<&keyed::V3::active>(quarry::default_value(true)));
};

namespace keyed {
using K = quarry::schema::StepKind;

std::string described(const std::vector<quarry::schema::Step>& steps) {
  std::string out;
  for (const auto& s : steps) out += s.description + (s.destructive ? " [destructive]\n" : "\n");
  return out;
}
std::size_t count(const std::vector<quarry::schema::Step>& steps, K kind) {
  return static_cast<std::size_t>(std::count_if(steps.begin(), steps.end(), [&](const auto& s) { return s.kind == kind; }));
}
std::vector<std::string> check_names(quarry::Database& db) {
  std::vector<std::string> out;
  for (const auto& c : db.describe_checks("k_items")) out.push_back(c.name);
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("diff and sync with alter: foreign keys, checks and defaults of a table that exists", "[schema][alter]") {
  auto db = test::fresh();
  db.drop<V1>();
  db.drop<Shelf>();
  db.sync<Shelf, V1>();
  CHECK(db.diff<Shelf, V1>().empty());  // right after sync: the defaults read back as the model has them
  CHECK(db.describe_checks("k_items").empty());
  auto shelf = db.create(Shelf{.name = "top"});
  db.create(V1{.name = "cup", .shelf_id = shelf.id, .qty = 3, .note = "blue"});
  db.create(V1{.name = "jar", .shelf_id = shelf.id, .qty = 4, .note = "red"});

  // V2: additive only; the key, two checks, two defaults
  auto steps = db.diff<Shelf, V2>();
  INFO(described(steps));
  for (const auto& s : steps) CHECK(!s.destructive);
  if (test::on("sqlite")) {  // SQLite changes none of these in place: one rebuild, all in it
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].kind == K::rebuild_table);
  } else {
    CHECK(count(steps, K::add_constraint) == 3);
    CHECK(count(steps, K::alter_column) == 2);
  }
  CHECK(described(steps).find("add foreign key k_items_shelf_id_fkey on k_items (shelf_id) -> k_shelves (id)") !=
        std::string::npos);
  CHECK(described(steps).find("(DEFAULT 1 -> DEFAULT 2)") != std::string::npos);
  CHECK(described(steps).find("(DEFAULT 'none' -> no default)") != std::string::npos);
  db.sync<Shelf, V2>({.alter = true});
  INFO(described(db.diff<Shelf, V2>()));
  CHECK(db.diff<Shelf, V2>().empty());
  db.sync<Shelf, V2>({.alter = true});  // the second time changes nothing
  CHECK(db.diff<Shelf, V2>().empty());
  CHECK(db.count<V2>() == 2);  // the rows kept

  auto column_check = quarry::schema::check_name("k_items", "qty", "qty >= 0");
  auto table_check = quarry::schema::check_name("k_items", "", "price < 1000");
  std::vector<std::string> want{column_check, table_check};
  std::sort(want.begin(), want.end());
  CHECK(check_names(db) == want);
  auto keys = db.describe_foreign_keys("k_items");
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].columns == std::vector<std::string>{"shelf_id"});
  CHECK(keys[0].references == "k_shelves");
  CHECK(keys[0].on_delete == quarry::schema::Action::cascade);

  // the checks hold, the defaults are the new ones, the key cascades
  CHECK_THROWS_AS(db.create(V2{.name = "bad", .qty = -1}), quarry::ConstraintError);
  CHECK_THROWS_AS(db.create(V2{.name = "dear", .price = 5000}), quarry::ConstraintError);
  db.execute("INSERT INTO k_items (name, shelf_id, note) VALUES ('pot', ?, 'green')", shelf.id);
  auto pot = db.find_one<V2>(where(col<&V2::name> == "pot"));
  REQUIRE(pot);
  CHECK(pot->qty == 2);
  CHECK(pot->price == 1.5);
  CHECK(pot->active);

  // V3: the key replaced and the table's check dropped are destructive; the column's changed check
  // is a new one (its name holds its condition) beside the old, dropped
  auto third = db.diff<Shelf, V3>();
  INFO(described(third));
  CHECK(std::any_of(third.begin(), third.end(), [](const auto& s) { return s.destructive; }));
  if (!test::on("sqlite")) {
    // a key replaced: dropped first, added last, both destructive (applied or left out together)
    CHECK(described(third).find("drop foreign key k_items_shelf_id_fkey on k_items (shelf_id) -> k_shelves (id) on "
                                "delete cascade [destructive]") != std::string::npos);
    CHECK(described(third).find("add foreign key k_items_shelf_id_fkey on k_items (shelf_id) -> k_shelves (id) on "
                                "delete set null (replacing the one of that name) [destructive]") != std::string::npos);
    CHECK(third.front().kind == K::drop_constraint);
    CHECK(described(third).find("drop check " + table_check) != std::string::npos);
    CHECK(described(third).find("add check " + quarry::schema::check_name("k_items", "qty", "qty >= 1")) !=
          std::string::npos);
  }
  try {
    db.sync<Shelf, V3>({.alter = true});
    FAIL("sync replaced a foreign key without being allowed to");
  } catch (const quarry::SchemaError&) {
  }
  CHECK(check_names(db) == want);  // nothing changed
  db.sync<Shelf, V3>({.alter = true, .allow_destructive = true});
  CHECK(db.diff<Shelf, V3>().empty());
  CHECK(check_names(db) == std::vector<std::string>{quarry::schema::check_name("k_items", "qty", "qty >= 1")});
  CHECK(db.count<V3>() == 3);
  db.destroy<Shelf>(where(col<&Shelf::id> == shelf.id));
  CHECK(db.count<V3>(where(col<&V3::shelf_id>.is_null())) == 3);  // set null, not cascade
  // 0 passed the old check and fails the new one
  CHECK_THROWS_AS(db.execute("INSERT INTO k_items (name, note, qty) VALUES ('none', 'x', 0)"), quarry::ConstraintError);

  // back to V1: the key and the check dropped, the defaults back
  db.sync<Shelf, V1>({.alter = true, .allow_destructive = true});
  CHECK(db.diff<Shelf, V1>().empty());
  CHECK(db.describe_checks("k_items").empty());
  CHECK(db.describe_foreign_keys("k_items").empty());
  db.drop<V1>();
  db.drop<Shelf>();
}

TEST_CASE("describe_checks: named and unnamed checks of a table made by hand", "[schema][introspect]") {
  auto db = test::fresh();
  db.execute("DROP TABLE IF EXISTS k_hand");
  db.execute("CREATE TABLE k_hand (id INTEGER PRIMARY KEY, a INTEGER CHECK (a > 0), b INTEGER, "
             "CONSTRAINT k_hand_order CHECK (b > a))");
  auto checks = db.describe_checks("k_hand");
  REQUIRE(checks.size() == 2);
  bool named = false, unnamed = false;
  for (const auto& c : checks) {
    INFO(c.name << ": " << c.condition);
    if (c.name == "k_hand_order") named = c.condition.find('b') != std::string::npos;
    else unnamed = c.condition.find('a') != std::string::npos && c.condition.find('0') != std::string::npos;
  }
  CHECK(named);
  CHECK(unnamed);  // SQLite: name ""; PostgreSQL: k_hand_a_check; MariaDB: a
  db.remove_constraint("k_hand", "k_hand_order");
  CHECK(db.describe_checks("k_hand").size() == 1);
  db.execute("DROP TABLE k_hand");
}

}  // namespace keyed

namespace keyed {
TEST_CASE("sync with alter and drop_other_tables: the tables no model names are dropped, dependents first",
          "[schema][alter]") {
  auto db = test::fresh();
  db.drop<Shelf>();
  for (const char* t : {"k_orphan_a", "k_orphan_b", "k_kept"}) db.execute(std::string("DROP TABLE IF EXISTS ") + t);
  db.sync<Shelf>();
  auto keep = db.tables();  // the other tests' tables stay
  keep.push_back("k_kept");
  db.execute("CREATE TABLE k_orphan_b (id INTEGER PRIMARY KEY)");
  db.execute("CREATE TABLE k_orphan_a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES k_orphan_b (id))");
  db.execute("CREATE TABLE k_kept (id INTEGER PRIMARY KEY)");
  CHECK(db.diff<Shelf>().empty());  // other tables are left alone unless asked
  quarry::SyncOptions all{.alter = true, .drop_other_tables = true, .keep_tables = keep};
  auto steps = db.diff<Shelf>(all);
  INFO(described(steps));
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].kind == K::drop_table);
  CHECK(steps[0].table == "k_orphan_a");  // it references k_orphan_b: dropped first
  CHECK(steps[1].table == "k_orphan_b");
  CHECK(steps[0].destructive);
  CHECK_THROWS_AS(db.sync<Shelf>(all), quarry::SchemaError);
  auto tables = db.tables();
  CHECK(std::find(tables.begin(), tables.end(), "k_orphan_a") != tables.end());  // nothing changed
  all.allow_destructive = true;
  db.sync<Shelf>(all);
  tables = db.tables();
  CHECK(std::find(tables.begin(), tables.end(), "k_orphan_a") == tables.end());
  CHECK(std::find(tables.begin(), tables.end(), "k_orphan_b") == tables.end());
  CHECK(std::find(tables.begin(), tables.end(), "k_kept") != tables.end());
  CHECK(db.diff<Shelf>(all).empty());
  db.execute("DROP TABLE k_kept");
  db.drop<Shelf>();
}
}  // namespace keyed
