#include <catch2/catch.hpp>

#include "user_names.hpp"

#include <string_view>
#include <utility>

// A user's own Role, Action, Check, Size, Options, Page, Statement, Connection, Url... at
// global scope are the ones a Model<T> specialization sees (user_names.hpp); these tests show the
// models built there are what they say.

TEST_CASE("a user's Statement, Connection and Url are not shadowed inside Model<T>", "[model]") {
  const auto& info = quarry::ops::model_info<Invoice>();
  CHECK(info.columns == std::vector<std::string>{"id", "url", "state"});
  CHECK(std::is_same_v<decltype(std::declval<quarry::Database&>().url()), const quarry::driver::Url&>);
}

TEST_CASE("a user's Role, Action, Check, Size, Options and Page are not shadowed inside Model<T>", "[model]") {
  const auto& info = quarry::ops::model_info<Account>();
  CHECK(info.table == "accounts");
  CHECK(info.columns == std::vector<std::string>{"id", "name", "role", "last_action", "page_size"});
  CHECK(info.primary_key == quarry::detail::Vector<std::size_t>{0});
  const auto table = quarry::schema::table<Account>();
  const auto& name = table.create.columns[1];
  CHECK(name.type.size == 40);
  const auto& page_size = table.create.columns[4];
  REQUIRE(table.create.checks.size() == 1);  // a named constraint of the table
  CHECK(table.create.checks[0].condition == "page_size >= 0");
  REQUIRE(page_size.default_value);
  CHECK(*page_size.default_value == quarry::sql::Value{std::int64_t{20}});
  CHECK_FALSE(table.create.columns[2].nullable);  // Role
  CHECK(table.create.columns[3].nullable);        // std::optional<Action>
}

TEST_CASE("quarry's own options and pages are DatabaseOptions and PageOf<T>", "[model]") {
  CHECK(std::is_constructible_v<quarry::Database, std::string_view, quarry::DatabaseOptions>);
  CHECK(std::is_same_v<decltype(std::declval<quarry::Database&>().find_and_count_all<Account>()),
                       quarry::PageOf<Account>>);
}
