// Reading the schema back: db.tables() and db.describe_table(name) on every dialect, each
// column's type spelled as quarry's own DDL spells it, so that right after sync a model's
// columns and the table's compare equal (issue 13's diff starts from here).

#include "fixture.hpp"

#include <algorithm>

using test::Author;
using test::Book;
using test::Membership;
using test::Sample;

namespace {
/// Each column of T's table as described equals what sync made of T's fields: name, type (in the
/// dialect's spelling), and whether it is part of the primary key.
template <class T>
void same_as_model(quarry::Database& db) {
  const auto& info = quarry::ops::model_info<T>();
  auto columns = db.describe_table(info.table);
  INFO("table " << info.table);
  REQUIRE(columns.size() == info.columns.size());
  for (std::size_t i = 0; i < columns.size(); ++i) {
    INFO("column " << info.columns[i]);
    CHECK(columns[i].name == info.columns[i]);
    CHECK(columns[i].type == db.dialect().type_name(info.types[i]));
    bool key = std::find(info.primary_key.begin(), info.primary_key.end(), i) != info.primary_key.end();
    CHECK(columns[i].primary_key == key);
  }
}
}  // namespace

TEST_CASE("introspection: the tables of the database, by name", "[schema][introspect]") {
  auto db = test::fresh();
  auto tables = db.tables();
  CHECK(std::is_sorted(tables.begin(), tables.end()));
  for (const char* t : {"authors", "books", "samples", "memberships"})
    CHECK(std::find(tables.begin(), tables.end(), t) != tables.end());
  db.execute("CREATE TABLE introspect_scratch (id INTEGER PRIMARY KEY)");
  auto more = db.tables();
  CHECK(std::find(more.begin(), more.end(), "introspect_scratch") != more.end());
  db.execute("DROP TABLE introspect_scratch");
  auto after = db.tables();
  CHECK(std::find(after.begin(), after.end(), "introspect_scratch") == after.end());
}

TEST_CASE("introspection: right after sync, each table's columns are its model's", "[schema][introspect]") {
  auto db = test::fresh();
  same_as_model<Author>(db);
  same_as_model<Book>(db);
  same_as_model<Sample>(db);  // every type quarry maps
  same_as_model<Membership>(db);  // a composite primary key
}

TEST_CASE("introspection: nullability and defaults as the database has them", "[schema][introspect]") {
  auto db = test::fresh();
  auto authors = db.describe_table("authors");
  auto column = [](const std::vector<quarry::schema::ColumnInfo>& cs, std::string_view name) {
    return *std::find_if(cs.begin(), cs.end(), [&](const auto& c) { return c.name == name; });
  };
  CHECK_FALSE(column(authors, "name").nullable);
  CHECK(column(authors, "email").nullable);
  CHECK_FALSE(column(authors, "id").nullable);
  auto books = db.describe_table("books");
  auto stock = column(books, "stock");
  REQUIRE(stock.default_value.has_value());
  CHECK(*stock.default_value == "0");
  CHECK_FALSE(column(books, "title").default_value.has_value());
}

TEST_CASE("introspection: a table that is not there is a QueryError naming it", "[schema][introspect]") {
  auto db = test::fresh();
  CHECK_THROWS_WITH(db.describe_table("no_such_table"), Catch::Contains("no_such_table"));
  CHECK_THROWS_AS(db.describe_table("no_such_table"), quarry::QueryError);
}

TEST_CASE("introspection: indexes and unique constraints, their columns in order", "[schema][introspect]") {
  auto db = test::fresh();
  auto columns_of = [](const std::vector<quarry::schema::IndexInfo>& indexes) {
    std::vector<std::pair<std::vector<std::string>, bool>> out;
    for (const auto& i : indexes) out.emplace_back(i.columns, i.unique);
    std::sort(out.begin(), out.end());
    return out;
  };
  using Cols = std::vector<std::pair<std::vector<std::string>, bool>>;
  // books: title (index), isbn (unique); on MySQL also author_id, the index InnoDB makes for a
  // foreign key that has none
  if (test::on("mysql"))
    CHECK(columns_of(db.describe_indexes("books")) == Cols{{{"author_id"}, false}, {{"isbn"}, true}, {{"title"}, false}});
  else
    CHECK(columns_of(db.describe_indexes("books")) == Cols{{{"isbn"}, true}, {{"title"}, false}});
  // memberships: unique (group_id, rank) and index (role, rank), in their columns' order; the
  // primary key (group_id, user_id) is no index here
  CHECK(columns_of(db.describe_indexes("memberships")) == Cols{{{"group_id", "rank"}, true}, {{"role", "rank"}, false}});
  for (const auto& i : db.describe_indexes("books")) CHECK_FALSE(i.name.empty());
  CHECK(db.describe_indexes("no_such_table").empty());
}

TEST_CASE("introspection: foreign keys, their columns, the table they reference and their actions",
          "[schema][introspect]") {
  auto db = test::fresh();
  auto keys = db.describe_foreign_keys("books");
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].columns == std::vector<std::string>{"author_id"});
  CHECK(keys[0].references == "authors");
  CHECK(keys[0].referenced_columns == std::vector<std::string>{"id"});
  CHECK(keys[0].on_delete == quarry::schema::Action::cascade);
  CHECK(keys[0].on_update != quarry::schema::Action::cascade);
  if (!test::on("sqlite")) CHECK_FALSE(keys[0].name.empty());
  CHECK(db.describe_foreign_keys("authors").empty());
}
