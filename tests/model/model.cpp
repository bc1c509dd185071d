#include <catch2/catch.hpp>

#include <quarry/quarry.hpp>

namespace m {
struct Post {
  std::int64_t id{};
  std::string title{};
  std::optional<std::string> body{};
  std::int32_t score{};
  quarry::Timestamp created_at{}, updated_at{};
};
}  // namespace m

template <>
struct quarry::Model<m::Post> {
  static constexpr auto table = "posts";
  static constexpr auto fields = quarry::fields(
      quarry::field<&m::Post::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&m::Post::title>(quarry::size(80), quarry::column("headline")),
      quarry::field<&m::Post::body>(), quarry::field<&m::Post::score>(quarry::default_value(10), quarry::index),
      quarry::timestamps<&m::Post::created_at, &m::Post::updated_at>());
};

TEST_CASE("column names come from member names, and can be overridden", "[model]") {
  static_assert(quarry::detail::member_name<&m::Post::body>() == "body");
  static_assert(quarry::detail::column_name<&m::Post::title>() == "headline");
  static_assert(quarry::detail::is_field_v<&m::Post::score>);
  static_assert(quarry::detail::field_index<&m::Post::created_at>() == 4);
  const auto& info = quarry::ops::model_info<m::Post>();
  CHECK(info.table == "posts");
  CHECK(info.columns == std::vector<std::string>{"id", "headline", "body", "score", "created_at", "updated_at"});
  CHECK(info.auto_increment == 0u);
  CHECK(info.created_at == 4u);
  CHECK(info.updated_at == 5u);
  const auto table = quarry::schema::table<m::Post>();
  CHECK(table.create.columns[2].nullable);
  CHECK_FALSE(table.create.columns[1].nullable);
  REQUIRE(table.indexes.size() == 1);
  CHECK(table.indexes[0].name == "posts_score");
}

TEST_CASE("models stay aggregates", "[model]") {
  static_assert(std::is_aggregate_v<m::Post>);
  m::Post p{.title = "hello", .score = 3};
  CHECK(p.title == "hello");
  CHECK_FALSE(p.body);
}

TEST_CASE("validation checks sizes and decimals before anything is sent", "[model]") {
  m::Post ok{.title = std::string(80, 'x')};
  CHECK_NOTHROW(quarry::ops::validate(ok));
  m::Post bad{.title = std::string(81, 'x')};
  try {
    quarry::ops::validate(bad);
    FAIL("no exception");
  } catch (const quarry::ValidationError& e) {
    REQUIRE(e.errors().size() == 1);
    CHECK(e.errors()[0].field == "title");
    CHECK(e.errors()[0].message == "is longer than 80 characters");
  }
  // size counts characters, not bytes: 80 two-byte characters fit, 81 do not
  std::string e_acute = "\xC3\xA9";
  m::Post wide{};
  for (int i = 0; i < 80; ++i) wide.title += e_acute;
  CHECK_NOTHROW(quarry::ops::validate(wide));
  wide.title += e_acute;
  CHECK_THROWS_AS(quarry::ops::validate(wide), quarry::ValidationError);
}
