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

TEST_CASE("a failing statement reaches the logger with its error", "[logging]") {
  struct Seen {
    std::string sql;
    std::string what;
    bool unique = false;
    std::int64_t values = 0;
  };
  std::vector<Seen> failed;
  std::size_t succeeded = 0;
  auto db = test::fresh({.logger = [&](const quarry::LogEntry& e) {
                           if (!e.error) {
                             ++succeeded;
                             return;
                           }
                           CHECK(e.error->sql() == e.sql);
                           CHECK(e.dialect == e.error->dialect());
                           failed.push_back({std::string(e.sql), e.error->what(),
                                             dynamic_cast<const quarry::UniqueConstraintError*>(e.error) != nullptr,
                                             static_cast<std::int64_t>(e.params.size())});
                         },
                         .log_values = true});
  db.create(Author{.name = "Ada"});
  CHECK(failed.empty());
  CHECK(succeeded > 0);

  // a run the server refuses: the unique name, through the insert of a row
  CHECK_THROWS_AS(db.create(Author{.name = "Ada"}), quarry::UniqueConstraintError);
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].sql.find("INSERT INTO") == 0);
  CHECK(failed[0].unique);
  CHECK(failed[0].values > 0);  // with its values, as asked
  CHECK_THAT(failed[0].what, Catch::Contains("quarry:"));

  // a statement that cannot even be prepared
  failed.clear();
  CHECK_THROWS_AS(db.query<std::int64_t>("SELECT no_such_column FROM authors"), quarry::DatabaseError);
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].sql.find("no_such_column") != std::string::npos);
  CHECK_FALSE(failed[0].unique);

  // and raw SQL that returns no rows
  failed.clear();
  CHECK_THROWS_AS(db.execute("DROP TABLE no_such_table"), quarry::DatabaseError);
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].sql == "DROP TABLE no_such_table");
}
