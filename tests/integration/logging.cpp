#include "fixture.hpp"

using namespace quarry::dsl;
using test::Author;

TEST_CASE("the logger sees each statement with its duration and row count", "[logging]") {
  std::vector<std::string> sql;
  std::vector<std::int64_t> rows;
  std::vector<std::size_t> values;
  std::vector<std::string> dialects;
  auto db = test::fresh({.logger = [&](const quarry::LogEntry& e) {
    sql.emplace_back(e.sql);
    rows.push_back(e.rows);
    values.push_back(e.params.size());
    dialects.emplace_back(e.dialect);
    CHECK(e.duration.count() >= 0);
  }});
  for (const auto& d : dialects) CHECK(d == db.dialect().name);
  sql.clear(), rows.clear(), values.clear();
  db.create(Author{.name = "Ada"});
  db.create(Author{.name = "Bob"});
  db.find_all<Author>();
  REQUIRE(sql.size() == 3);
  CHECK(sql[0].find("INSERT INTO") == 0);
  CHECK(sql[2].find("SELECT") == 0);
  CHECK(rows[2] == 2);
  CHECK(values[0] == 0);  // bound values only when asked for

  std::vector<std::string> seen;
  db.on_log([&](const quarry::LogEntry& e) {
    for (const auto& v : e.params) seen.push_back(quarry::sql::describe(v));
  }, true);
  db.update<Author>(set(col<&Author::email> = "a@x"), where(col<&Author::name> == "Ada"));
  CHECK(std::find(seen.begin(), seen.end(), "'Ada'") != seen.end());
  CHECK(std::find(seen.begin(), seen.end(), "'a@x'") != seen.end());
  // values bound straight from a row (insert, update by key) are shown too
  seen.clear();
  auto cy = db.create(Author{.name = "Cy"});
  CHECK(std::find(seen.begin(), seen.end(), "'Cy'") != seen.end());
  seen.clear();
  cy.name = "Cyd";
  CHECK(db.update(cy));
  CHECK(std::find(seen.begin(), seen.end(), "'Cyd'") != seen.end());
  CHECK(std::find(seen.begin(), seen.end(), std::to_string(cy.id)) != seen.end());
}
