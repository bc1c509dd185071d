// add_constraint and remove_constraint (Sequelize's addConstraint, removeConstraint) on tables
// that hold rows, on every dialect: unique, check and foreign key constraints added, enforced and
// removed; one that the rows break is refused with nothing changed; SQLite's rebuilds keep the
// rows and the table's other indexes.

#include "fixture.hpp"

#include <algorithm>

namespace constraint_ops {

namespace schema = quarry::schema;

quarry::Database fresh() {
  auto db = test::fresh();
  for (const char* t : {"c_items", "c_parents"})
    if (auto all = db.tables(); std::find(all.begin(), all.end(), t) != all.end()) db.drop_table(t);
  db.execute("CREATE TABLE c_parents (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL)");
  db.execute("CREATE TABLE c_items (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER, stock INTEGER NOT NULL, "
             "code VARCHAR(20) NOT NULL)");
  db.execute("CREATE INDEX c_items_stock ON c_items (stock)");
  db.execute("INSERT INTO c_parents (id, name) VALUES (1, 'one'), (2, 'two')");
  db.execute("INSERT INTO c_items (id, parent_id, stock, code) VALUES (1, 1, 5, 'a'), (2, 1, 0, 'b'), (3, 2, 7, 'c')");
  return db;
}

std::int64_t items(quarry::Database& db) { return db.query<std::int64_t>("SELECT COUNT(*) FROM c_items").at(0); }

bool has_index(quarry::Database& db, std::string_view name) {
  auto all = db.describe_indexes("c_items");
  return std::any_of(all.begin(), all.end(), [&](const auto& i) { return i.name == name; });
}

TEST_CASE("schema operations: a unique and a check constraint added to a table with rows, then removed",
          "[schema][operations][constraints]") {
  auto db = fresh();
  db.add_constraint("c_items", schema::unique_constraint({"code"}));
  CHECK_THROWS_AS(db.execute("INSERT INTO c_items (id, parent_id, stock, code) VALUES (4, 1, 1, 'a')"),
                  quarry::UniqueConstraintError);
  db.add_constraint("c_items", schema::check_constraint("c_items_stock_check", "stock >= 0"));
  CHECK_THROWS_AS(db.execute("INSERT INTO c_items (id, parent_id, stock, code) VALUES (4, 1, -1, 'd')"),
                  quarry::CheckConstraintError);
  CHECK(items(db) == 3);
  CHECK(has_index(db, "c_items_stock"));  // a SQLite rebuild made it again

  // one that the rows break: refused, and the table as it was
  CHECK_THROWS_AS(db.add_constraint("c_items", schema::check_constraint("c_items_big", "stock > 3")),
                  quarry::CheckConstraintError);
  db.execute("INSERT INTO c_items (id, parent_id, stock, code) VALUES (4, 1, 1, 'd')");
  CHECK(items(db) == 4);
  // the name is taken: the server says so, or quarry before a SQLite rebuild
  CHECK_THROWS_AS(db.add_constraint("c_items", schema::check_constraint("c_items_stock_check", "stock < 100")),
                  quarry::Error);
  CHECK(db.query<std::int64_t>("SELECT COUNT(*) FROM c_items WHERE stock < 0").at(0) == 0);

  db.remove_constraint("c_items", "c_items_stock_check");
  db.execute("INSERT INTO c_items (id, parent_id, stock, code) VALUES (5, 1, -1, 'e')");
  db.remove_constraint("c_items", "c_items_code_key");
  db.execute("INSERT INTO c_items (id, parent_id, stock, code) VALUES (6, 1, 1, 'a')");
  CHECK(items(db) == 6);
  CHECK(has_index(db, "c_items_stock"));
  try {
    db.remove_constraint("c_items", "c_items_code_key");
    FAIL("a constraint that is not there was removed");
  } catch (const quarry::SchemaError& e) {
    CHECK(std::string(e.what()).find("has no constraint c_items_code_key") != std::string::npos);
  }
}

TEST_CASE("schema operations: a foreign key added to a table with rows, enforced with its action, then removed",
          "[schema][operations][constraints]") {
  auto db = fresh();
  db.add_constraint("c_items", schema::foreign_key_constraint(
                                   {"parent_id"}, {.table = "c_parents", .columns = {"id"},
                                                   .on_delete = schema::Action::cascade}));
  auto keys = db.describe_foreign_keys("c_items");
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].references == "c_parents");
  CHECK(keys[0].on_delete == schema::Action::cascade);
  CHECK(has_index(db, "c_items_stock"));
  CHECK_THROWS_AS(db.execute("INSERT INTO c_items (id, parent_id, stock, code) VALUES (9, 99, 1, 'z')"),
                  quarry::ForeignKeyConstraintError);
  db.execute("DELETE FROM c_parents WHERE id = 2");  // its item goes with it
  CHECK(items(db) == 2);

  db.remove_constraint("c_items", "c_items_parent_id_fkey");
  CHECK(db.describe_foreign_keys("c_items").empty());
  db.execute("INSERT INTO c_items (id, parent_id, stock, code) VALUES (9, 99, 1, 'z')");
  CHECK(items(db) == 3);

  // rows that point nowhere: the key is refused (SQLite: by the check after its rebuild), nothing changes
  auto orphans = [&] { db.add_constraint("c_items", schema::foreign_key_constraint({"parent_id"}, {"c_parents", {"id"}})); };
  if (test::on("sqlite")) CHECK_THROWS_AS(orphans(), quarry::SchemaError);
  else CHECK_THROWS_AS(orphans(), quarry::ForeignKeyConstraintError);
  CHECK(db.describe_foreign_keys("c_items").empty());
  CHECK(items(db) == 3);
}

}  // namespace constraint_ops
