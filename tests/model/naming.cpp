#include <catch2/catch.hpp>

#include <quarry/quarry.hpp>

// The rest of a model's definition, without a server: snake_case column names, timestamps off,
// alone or on members of other names, hidden fields and comments as options.

namespace naming {
struct Person {  // by convention, snake_case
  std::int64_t id{};
  std::string firstName;
  std::string HTTPStatus;
  std::string already_snake;
  std::string nickName;
  quarry::Timestamp createdAt{};
  quarry::Timestamp updatedAt{};
};
struct Listed {  // the explicit style, snake_case
  std::int64_t postId{};
  std::string bodyText;
};
struct NoStamps {
  std::int64_t id{};
  quarry::Timestamp created_at{}, updated_at{};
};
struct OnlyUpdated {
  std::int64_t id{};
  quarry::Timestamp updated_at{};
};
struct Renamed {
  std::int64_t id{};
  quarry::Timestamp created_at{};  // a plain column: the role is on `born`
  quarry::Timestamp born{};
  quarry::Timestamp touched{};
};
struct CamelNoNaming {
  std::int64_t id{};
  quarry::Timestamp createdAt{};
};
}  // namespace naming

template <>
struct quarry::Model<naming::Person> {
  static constexpr auto naming = quarry::snake_case;
  static constexpr auto fields = quarry::fields(quarry::field<&naming::Person::nickName>(quarry::column("alias")));
};
template <>
struct quarry::Model<naming::Listed> {
  static constexpr auto table = "listed";
  static constexpr auto naming = quarry::snake_case;
  static constexpr auto fields = quarry::fields(
      quarry::field<&naming::Listed::postId>(quarry::primary_key, quarry::comment("the post")),
      quarry::field<&naming::Listed::bodyText>(quarry::hidden));
};
template <>
struct quarry::Model<naming::NoStamps> {
  static constexpr bool timestamps = false;
};
template <>
struct quarry::Model<naming::Renamed> {
  static constexpr auto fields = quarry::fields(quarry::field<&naming::Renamed::born>(quarry::created_at),
                                                quarry::field<&naming::Renamed::touched>(quarry::updated_at));
};

namespace ops = quarry::ops;

TEST_CASE("naming: snake_case of member names", "[model][naming]") {
  auto snake = [](std::string_view s) {
    std::string out(quarry::detail::snake_case_of(s, nullptr), '\0');
    quarry::detail::snake_case_of(s, out.data());
    return out;
  };
  CHECK(snake("firstName") == "first_name");
  CHECK(snake("HTTPStatus") == "http_status");
  CHECK(snake("already_snake") == "already_snake");
  CHECK(snake("userID") == "user_id");
  CHECK(snake("line2Total") == "line2_total");
  CHECK(snake("id") == "id");
  STATIC_REQUIRE(quarry::detail::convention_table<naming::Person>.view() == "people");
}

TEST_CASE("naming: Model<T>::naming = snake_case names the columns, an explicit column(...) wins", "[model][naming]") {
  const auto& info = ops::model_info<naming::Person>();
  CHECK(info.columns == std::vector<std::string>{"id", "first_name", "http_status", "already_snake", "alias",
                                                 "created_at", "updated_at"});
  // the conventions read the snake_case names: createdAt and updatedAt are the timestamps
  REQUIRE(info.created_at);
  REQUIRE(info.updated_at);
  CHECK(*info.created_at == 5);
  CHECK(*info.updated_at == 6);
  STATIC_REQUIRE(quarry::detail::column_name<&naming::Person::firstName>() == "first_name");
  CHECK(quarry::dsl::col<&naming::Person::firstName>.lower().name == "first_name");

  const auto& listed = ops::model_info<naming::Listed>();
  CHECK(listed.columns == std::vector<std::string>{"post_id", "body_text"});
  CHECK(listed.hidden == quarry::detail::Vector<std::size_t>{1});
  CHECK(ops::detail::field_descs<naming::Listed>[0].options.comment == "the post");

  // without naming, a camelCase member is its own column, and no timestamp
  const auto& camel = ops::model_info<naming::CamelNoNaming>();
  CHECK(camel.columns == std::vector<std::string>{"id", "createdAt"});
  CHECK_FALSE(camel.created_at);
}

TEST_CASE("timestamps: off, one alone, or on members of other names", "[model][timestamps]") {
  const auto& none = ops::model_info<naming::NoStamps>();
  CHECK_FALSE(none.created_at);
  CHECK_FALSE(none.updated_at);
  CHECK(none.columns.size() == 3);  // still columns

  const auto& one = ops::model_info<naming::OnlyUpdated>();
  CHECK_FALSE(one.created_at);
  REQUIRE(one.updated_at);
  CHECK(one.columns[*one.updated_at] == "updated_at");

  const auto& renamed = ops::model_info<naming::Renamed>();
  REQUIRE(renamed.created_at);
  REQUIRE(renamed.updated_at);
  CHECK(renamed.columns[*renamed.created_at] == "born");
  CHECK(renamed.columns[*renamed.updated_at] == "touched");
}
