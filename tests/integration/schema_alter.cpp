// db.diff<T...>() and sync with alter: a model that gains, changes and loses columns and indexes,
// its table following it on every dialect, with its rows kept, and nothing to do the second time.

#include "fixture.hpp"

#include <algorithm>

using namespace quarry::dsl;

namespace evolve {
// three versions of one model, each on the table "gadgets"
struct V1 {
  std::int64_t id{};
  std::string name{};
  std::string label{};
};
struct V2 {  // + a nullable column with an index, + a column with a default, label widened
  std::int64_t id{};
  std::string name{};
  std::string label{};
  std::optional<std::string> serial{};
  std::int32_t stock{};
};
struct V3 {  // - label (destructive), + a column with a default
  std::int64_t id{};
  std::string name{};
  std::optional<std::string> serial{};
  std::int32_t stock{};
  std::int32_t weight{};
};
struct V4 {  // V1 + a NOT NULL column without a default: the rows there would get none
  std::int64_t id{};
  std::string name{};
  std::string label{};
  std::int32_t rank{};
};
}  // namespace evolve

template <>
struct quarry::Model<evolve::V1> {
  static constexpr auto table = "gadgets";
  static constexpr auto fields = quarry::fields(quarry::field<&evolve::V1::name>(quarry::size(50)),
                                                quarry::field<&evolve::V1::label>(quarry::size(20)));
};
template <>
struct quarry::Model<evolve::V2> {
  static constexpr auto table = "gadgets";
  static constexpr auto fields = quarry::fields(
      quarry::field<&evolve::V2::name>(quarry::size(50)), quarry::field<&evolve::V2::label>(quarry::size(80)),
      quarry::field<&evolve::V2::serial>(quarry::size(30), quarry::index), quarry::field<&evolve::V2::stock>(quarry::default_value(7)));
};
template <>
struct quarry::Model<evolve::V3> {
  static constexpr auto table = "gadgets";
  static constexpr auto fields = quarry::fields(quarry::field<&evolve::V3::name>(quarry::size(50)),
                                                quarry::field<&evolve::V3::serial>(quarry::size(30), quarry::index),
                                                quarry::field<&evolve::V3::stock>(quarry::default_value(7)),
                                                quarry::field<&evolve::V3::weight>(quarry::default_value(1)));
};
template <>
struct quarry::Model<evolve::V4> {
  static constexpr auto table = "gadgets";
  static constexpr auto fields = quarry::fields(quarry::field<&evolve::V4::name>(quarry::size(50)),
                                                quarry::field<&evolve::V4::label>(quarry::size(20)));
};

namespace {
using evolve::V1;
using evolve::V2;
using evolve::V3;

std::vector<std::string> described(const std::vector<quarry::schema::Step>& steps) {
  std::vector<std::string> out;
  for (const auto& s : steps) out.push_back(s.description);
  return out;
}

TEST_CASE("diff and sync with alter: a table follows its model, keeping its rows", "[schema][alter]") {
  auto db = test::fresh();
  db.drop<V1>();
  // no table yet: one step, the table
  auto first = db.diff<V1>();
  REQUIRE(first.size() == 1);
  CHECK(first[0].kind == quarry::schema::StepKind::add_table);
  db.sync<V1>({.alter = true});
  CHECK(db.diff<V1>().empty());  // right after sync, nothing differs
  db.create(V1{.name = "lamp", .label = "L-1"});
  db.create(V1{.name = "fan", .label = "F-1"});

  auto steps = db.diff<V2>();
  INFO(Catch::Detail::stringify(described(steps)));
  auto kinds = [&] {
    std::vector<quarry::schema::StepKind> out;
    for (const auto& s : steps) out.push_back(s.kind);
    return out;
  }();
  using K = quarry::schema::StepKind;
  for (const auto& s : steps) CHECK(!s.destructive);
  if (test::on("sqlite")) {  // a column's type changes only by rebuilding the table: one step, all in it
    REQUIRE(kinds == std::vector<K>{K::rebuild_table});
    CHECK(steps[0].description.find("alter column gadgets.label") != std::string::npos);
    // a row that points at the table survives the rebuild (the old table is dropped with foreign keys off)
    db.execute("CREATE TABLE gadget_parts (id INTEGER PRIMARY KEY, gadget_id INTEGER REFERENCES gadgets (id) "
               "ON DELETE CASCADE)");
    db.execute("INSERT INTO gadget_parts (gadget_id) SELECT id FROM gadgets");
  } else {
    CHECK(std::count(kinds.begin(), kinds.end(), K::add_column) == 2);
    CHECK(std::count(kinds.begin(), kinds.end(), K::add_index) == 1);
    CHECK(std::count(kinds.begin(), kinds.end(), K::alter_column) == 1);
  }
  db.sync<V2>({.alter = true});
  CHECK(db.diff<V2>().empty());
  db.sync<V2>({.alter = true});  // the second time changes nothing: no second index
  CHECK(db.describe_indexes("gadgets").size() == 1);
  auto rows = db.find_all<V2>(order_by(col<&V2::name>));
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].name == "fan");
  CHECK(rows[0].label == "F-1");
  CHECK(rows[0].stock == 7);  // the default, given to the rows already there
  CHECK(!rows[0].serial);
  db.create(V2{.name = "desk", .label = std::string(60, 'x'), .serial = "S-9"});  // the wider label fits
  CHECK(db.count<V2>(where(col<&V2::serial> == "S-9")) == 1);
  if (test::on("sqlite")) {
    CHECK(db.query<std::int64_t>("SELECT count(*) FROM gadget_parts").at(0) == 2);
    CHECK(db.query<std::int64_t>("PRAGMA foreign_keys").at(0) == 1);  // on again
    db.execute("DROP TABLE gadget_parts");
  }

  // V3 drops a column: refused unless allowed, and then nothing changes
  auto third = db.diff<V3>();
  CHECK(std::any_of(third.begin(), third.end(), [](const auto& s) { return s.kind == K::drop_column && s.destructive; }));
  try {
    db.sync<V3>({.alter = true});
    FAIL("sync dropped a column without being allowed to");
  } catch (const quarry::SchemaError& e) {
    CHECK(std::string(e.what()).find("drop column gadgets.label") != std::string::npos);
  }
  CHECK(db.describe_table("gadgets").size() == 5);
  db.sync<V3>({.alter = true, .allow_destructive = true});
  CHECK(db.diff<V3>().empty());
  CHECK(db.count<V3>() == 3);
  CHECK(db.count<V3>(where(col<&V3::weight> == 1)) == 3);
}

TEST_CASE("diff: the steps carry the statements that make them", "[schema][alter]") {
  auto db = test::fresh();
  db.drop<V1>();
  db.sync<V1>();
  auto strict = db.diff<evolve::V4>();  // NOT NULL without a default: destructive, so refused
  REQUIRE(strict.size() == 1);
  CHECK(strict[0].destructive);
  CHECK_THROWS_AS(db.sync<evolve::V4>({.alter = true}), quarry::SchemaError);
  auto steps = db.diff<V2>();
  for (const auto& s : steps) {
    INFO(s.description);
    CHECK(!s.sql.empty());
  }
  if (test::on("sqlite")) return;  // one rebuild step there
  auto add = std::find_if(steps.begin(), steps.end(), [](const auto& s) { return s.name == "serial"; });
  REQUIRE(add != steps.end());
  CHECK(add->description == "add column gadgets.serial VARCHAR(30) NULL");
  CHECK(add->sql.back().find("ADD COLUMN") != std::string::npos);
}
}  // namespace

namespace ops_models {
struct Shelf {
  std::int64_t id{};
  std::string name{};
  std::optional<std::string> code{};
  std::int32_t size{};
};
}  // namespace ops_models
template <>
struct quarry::Model<ops_models::Shelf> {
  static constexpr auto fields = quarry::fields(quarry::field<&ops_models::Shelf::name>(quarry::size(40)),
                                                quarry::field<&ops_models::Shelf::code>(quarry::size(12), quarry::unique),
                                                quarry::field<&ops_models::Shelf::size>(quarry::default_value(3)));
};

TEST_CASE("schema operations: tables, columns and indexes one at a time", "[schema][operations]") {
  using ops_models::Shelf;
  auto db = test::fresh();
  for (const char* t : {"shelves", "racks"})
    if (auto all = db.tables(); std::find(all.begin(), all.end(), t) != all.end()) db.drop_table(t);
  db.create_table<Shelf>();
  CHECK_THROWS_AS(db.create_table<Shelf>(), quarry::DatabaseError);  // it exists
  db.create(Shelf{.name = "top", .code = "T"});
  db.remove_column("shelves", "size");  // (SQLite drops no column with a key or index of its own)
  CHECK(db.describe_table("shelves").size() == 3);
  db.add_column<&Shelf::size>();  // as the model declares it: its default fills the row there
  CHECK(db.describe_table("shelves").size() == 4);
  CHECK(db.find_all<Shelf>().at(0).size == 3);
  db.create(Shelf{.name = "middle", .code = "M"});
  CHECK_THROWS_AS(db.create(Shelf{.name = "again", .code = "M"}), quarry::UniqueConstraintError);
  db.add_index("shelves", {"name", "size"});
  auto indexes = db.describe_indexes("shelves");
  CHECK(std::any_of(indexes.begin(), indexes.end(), [](const auto& i) { return i.name == "shelves_name_size"; }));
  db.remove_index("shelves", "shelves_name_size");
  indexes = db.describe_indexes("shelves");
  CHECK(std::none_of(indexes.begin(), indexes.end(), [](const auto& i) { return i.name == "shelves_name_size"; }));
  // renamed there and back, then made what the model says (SQLite: a rebuild of the table)
  db.rename_column("shelves", "name", "title");
  CHECK(db.describe_table("shelves")[1].name == "title");
  db.rename_column("shelves", "title", "name");
  db.change_column<&Shelf::name>();
  CHECK(db.diff<Shelf>().empty());
  CHECK(db.count<Shelf>() == 2);
  db.rename_table("shelves", "racks");
  auto all = db.tables();
  CHECK(std::find(all.begin(), all.end(), "racks") != all.end());
  CHECK(std::find(all.begin(), all.end(), "shelves") == all.end());
  db.drop_table("racks");
  CHECK_THROWS_AS(db.drop_table("racks"), quarry::DatabaseError);
}

// Indexes as models declare them: named, descending, unique and partial, with a method.
namespace declared_indexes {
struct Ordered {
  std::int64_t id{};
  std::int64_t author_id{};
  quarry::Timestamp published_at{};
};
struct Reordered {  // the same index name over the same columns, both ascending now
  std::int64_t id{};
  std::int64_t author_id{};
  quarry::Timestamp published_at{};
};
struct Partial {
  std::int64_t id{};
  std::string slug{};
  std::optional<quarry::Timestamp> deleted_at{};  // soft delete
};
struct Hashed {
  std::int64_t id{};
  std::string status{};
};
}  // namespace declared_indexes

template <>
struct quarry::Model<declared_indexes::Ordered> {
  static constexpr auto table = "articles";
  static constexpr bool timestamps = false;
  static constexpr auto constraints = quarry::constraints(
      quarry::index_key<&declared_indexes::Ordered::author_id, quarry::descending<&declared_indexes::Ordered::published_at>>
          .named("articles_recent"));
};
template <>
struct quarry::Model<declared_indexes::Reordered> {
  static constexpr auto table = "articles";
  static constexpr bool timestamps = false;
  static constexpr auto constraints = quarry::constraints(
      quarry::index_key<&declared_indexes::Reordered::author_id, &declared_indexes::Reordered::published_at>.named(
          "articles_recent"));
};
template <>
struct quarry::Model<declared_indexes::Partial> {
  static constexpr auto table = "slugs";
  static constexpr bool timestamps = false;
  static constexpr auto fields = quarry::fields(quarry::field<&declared_indexes::Partial::slug>(quarry::size(100)));
  static constexpr auto constraints =
      quarry::constraints(quarry::index_key<&declared_indexes::Partial::slug>.unique().where("deleted_at IS NULL"));
};
template <>
struct quarry::Model<declared_indexes::Hashed> {
  static constexpr auto table = "statuses";
  static constexpr bool timestamps = false;
  static constexpr auto fields = quarry::fields(quarry::field<&declared_indexes::Hashed::status>(quarry::size(20)));
  static constexpr auto constraints =
      quarry::constraints(quarry::index_key<&declared_indexes::Hashed::status>.using_method("hash"));
};

namespace declared_indexes {
namespace {

TEST_CASE("declared indexes: a name, directions, partial and unique, a method; read back and diffed", "[schema][index]") {
  auto db = test::fresh();
  db.drop<Ordered>();
  db.drop<Partial>();
  db.drop<Hashed>();

  db.sync<Ordered>({.alter = true});
  auto indexes = db.describe_indexes("articles");
  REQUIRE(indexes.size() == 1);
  CHECK(indexes[0].name == "articles_recent");
  CHECK(indexes[0].columns == std::vector<std::string>{"author_id", "published_at"});
  CHECK(indexes[0].descending == std::vector<bool>{false, true});
  CHECK(indexes[0].where.empty());
  CHECK(indexes[0].method == "btree");
  CHECK(db.diff<Ordered>().empty());
  db.sync<Ordered>({.alter = true});
  CHECK(db.describe_indexes("articles").size() == 1);

  // the same name over other directions: the index is replaced, which drops one, so only when allowed
  auto steps = db.diff<Reordered>();
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].kind == quarry::schema::StepKind::add_index);
  CHECK(steps[0].destructive);
  CHECK(steps[0].description.find("replace index articles_recent") != std::string::npos);
  CHECK_THROWS_AS(db.sync<Reordered>({.alter = true}), quarry::SchemaError);
  CHECK(db.describe_indexes("articles").at(0).descending == std::vector<bool>{false, true});
  db.sync<Reordered>({.alter = true, .allow_destructive = true});
  indexes = db.describe_indexes("articles");
  REQUIRE(indexes.size() == 1);
  CHECK(indexes[0].descending == std::vector<bool>{false, false});
  CHECK(db.diff<Reordered>().empty());

  // a partial unique index: unique among the rows not deleted (none on MySQL: an error, and nothing made)
  if (test::on("mysql")) {
    CHECK_THROWS_AS(db.sync<Partial>(), quarry::UnsupportedError);
    auto tables = db.tables();
    CHECK(std::find(tables.begin(), tables.end(), "slugs") == tables.end());
  } else {
    db.sync<Partial>({.alter = true});
    indexes = db.describe_indexes("slugs");
    REQUIRE(indexes.size() == 1);
    CHECK(indexes[0].unique);
    CHECK(indexes[0].where.find("deleted_at IS NULL") != std::string::npos);
    auto first = db.create(Partial{.slug = "hello"});
    CHECK_THROWS_AS(db.create(Partial{.slug = "hello"}), quarry::UniqueConstraintError);
    db.destroy(first);  // soft: deleted_at set, so the slug is free again
    db.create(Partial{.slug = "hello"});
    CHECK(db.count<Partial>() == 1);
    CHECK(db.diff<Partial>().empty());
    db.sync<Partial>({.alter = true});
    CHECK(db.describe_indexes("slugs").size() == 1);
  }

  // a method: PostgreSQL's hash; MySQL's InnoDB takes HASH and makes a btree; SQLite has btrees only
  if (test::on("sqlite")) {
    CHECK_THROWS_AS(db.sync<Hashed>(), quarry::UnsupportedError);
  } else {
    db.sync<Hashed>({.alter = true});
    indexes = db.describe_indexes("statuses");
    REQUIRE(indexes.size() == 1);
    CHECK(indexes[0].method == (test::on("postgres") ? "hash" : "btree"));
    CHECK(db.diff<Hashed>().empty());
    db.sync<Hashed>({.alter = true});
    CHECK(db.describe_indexes("statuses").size() == 1);
  }
  // add_index takes the same options
  db.add_index("articles", {"published_at"}, {.name = "articles_newest", .descending = {true}});
  indexes = db.describe_indexes("articles");
  auto newest = std::find_if(indexes.begin(), indexes.end(), [](const auto& i) { return i.name == "articles_newest"; });
  REQUIRE(newest != indexes.end());
  CHECK(newest->descending == std::vector<bool>{true});
}

}  // namespace
}  // namespace declared_indexes
