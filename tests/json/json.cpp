// <quarry/json.hpp>: every value type both ways, key styles, hidden fields, associations nested,
// and request bodies (unknown keys, mass assignment, every bad value at once). No database.
#include <catch2/catch.hpp>

#include <quarry/json.hpp>

#include <cstdint>
#include <functional>  // failures
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace json_test {

enum class Role { member, admin };
enum class Level : std::int16_t { low = 1, high = 300 };

struct Every {
  std::int64_t id{};
  bool flag{};
  std::int8_t i8{};
  std::int16_t i16{};
  std::int32_t i32{};
  std::int64_t i64{};
  std::uint8_t u8{};
  std::uint32_t u32{};
  std::uint64_t u64{};
  char letter{};  // a number, as nlohmann writes a char
  float f32{};
  double f64{};
  std::string text{};
  std::optional<std::string> maybe_text{};
  quarry::Blob blob{};
  quarry::Timestamp at{};
  quarry::Date day{};
  quarry::Decimal amount{};
  std::optional<quarry::Decimal> maybe_amount{};
  quarry::Uuid key{};
  Role role{};
  Level level{Level::low};
  std::optional<std::int64_t> maybe_int{};
};

struct Post;
struct User {
  std::int64_t id{};
  std::string display_name{};
  std::string email{};
  std::string password_hash{};
  Role role{};
  quarry::Timestamp created_at{}, updated_at{};
  std::vector<Post> posts;
};
struct Post {
  std::int64_t id{};
  std::string title{};
  std::int64_t user_id{};
  quarry::One<User> user{};
};

struct Course {
  std::int64_t id{};
  std::string title{};
};
struct Enrollment {
  std::int64_t id{};
  std::int64_t student_id{};
  std::int64_t course_id{};
  std::optional<std::string> grade{};
};
struct Student {
  std::int64_t id{};
  std::string name{};
  std::vector<quarry::Linked<Course, Enrollment>> courses{};
};

struct Camel {
  std::int64_t id{};
  std::string first_name{};
  quarry::Timestamp created_at{}, updated_at{};
};

// A model with a to_json and from_json of its own (found by argument-dependent lookup, as
// nlohmann's NLOHMANN_DEFINE_TYPE_* macros write them): they win over quarry's.
struct Own {
  std::int64_t id{};
  std::string name{};
};
void to_json(nlohmann::json& j, const Own& o) { j = {{"own", o.name}}; }
void from_json(const nlohmann::json& j, Own& o) { o.name = j.at("own").get<std::string>(); }

quarry::Blob bytes(std::string_view s) {
  quarry::Blob out;
  for (char c : s) out.push_back(static_cast<std::byte>(c));
  return out;
}

}  // namespace json_test

template <>
struct quarry::Enum<json_test::Level> {
  static constexpr bool as_integer = true;
};
template <>
struct quarry::Model<json_test::User> {
  static constexpr auto fields = quarry::fields(quarry::field<&json_test::User::password_hash>(quarry::hidden));
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&json_test::User::posts, &json_test::Post::user_id>());
};
template <>
struct quarry::Model<json_test::Post> {
  static constexpr auto associations =
      quarry::associations(quarry::belongs_to<&json_test::Post::user, &json_test::Post::user_id>());
};
template <>
struct quarry::Model<json_test::Student> {
  static constexpr auto associations = quarry::associations(quarry::belongs_to_many<
      &json_test::Student::courses, &json_test::Enrollment::student_id, &json_test::Enrollment::course_id>());
};
template <>
struct quarry::Model<json_test::Camel> {
  static constexpr quarry::JsonOptions json_options{.keys = quarry::JsonKeys::camel_case};
};

namespace json_test {
using nlohmann::json;
using namespace std::chrono;

/// The failing fields of a ValidationError, as "field: message" lines.
std::vector<std::string> failures(const std::function<void()>& f) {
  std::vector<std::string> out;
  try {
    f();
  } catch (const quarry::ValidationError& e) {
    for (const auto& x : e.errors()) out.push_back(x.field + ": " + x.message);
  }
  return out;
}
}  // namespace json_test

namespace json_test {

TEST_CASE("json: every value type to JSON", "[json]") {
  Every e{};
  e.id = 7;
  e.flag = true;
  e.i8 = -128;
  e.i16 = 32767;
  e.i32 = -5;
  e.i64 = std::numeric_limits<std::int64_t>::max();
  e.u8 = 255;
  e.u32 = 4000000000u;
  e.u64 = std::numeric_limits<std::uint64_t>::max();
  e.f32 = 1.5f;
  e.f64 = 0.1;
  e.text = std::string("a\0b", 3);
  e.blob = bytes("hello!?");
  e.at = quarry::Timestamp{sys_days{2024y / 3 / 1}} + hours{12} + minutes{30} + microseconds{1};
  e.day = 2024y / 2 / 29;
  e.amount = quarry::Decimal("-123456789012345678901234567890.123456789");
  e.key = quarry::Uuid::parse("123e4567-e89b-12d3-a456-426614174000");
  e.role = Role::admin;
  e.level = Level::high;
  json j = e;
  CHECK(j["id"] == 7);
  CHECK(j["flag"] == true);
  CHECK(j["i8"] == -128);
  CHECK(j["i16"] == 32767);
  CHECK(j["i64"].get<std::int64_t>() == std::numeric_limits<std::int64_t>::max());
  CHECK(j["u64"].get<std::uint64_t>() == std::numeric_limits<std::uint64_t>::max());
  CHECK(j["f64"] == 0.1);
  CHECK(j["letter"] == 0);
  CHECK(j["text"].get<std::string>() == std::string("a\0b", 3));
  CHECK(j["maybe_text"].is_null());
  CHECK(j["blob"] == "aGVsbG8hPw==");
  CHECK(j["at"] == "2024-03-01T12:30:00.000001Z");
  CHECK(j["day"] == "2024-02-29");
  CHECK(j["amount"] == "-123456789012345678901234567890.123456789");
  CHECK(j["maybe_amount"].is_null());
  CHECK(j["key"] == "123e4567-e89b-12d3-a456-426614174000");
  CHECK(j["role"] == "admin");
  CHECK(j["level"] == 300);  // an enum stored as its integer is written as one
  CHECK(j["maybe_int"].is_null());
  CHECK(j.dump().find(R"("i64":9223372036854775807)") != std::string::npos);
  CHECK(j.dump().find(R"("text":"a\u0000b")") != std::string::npos);
}

TEST_CASE("json: every value type from JSON, and back to the same JSON", "[json]") {
  json body = {{"flag", true},
               {"i8", -128},
               {"i16", 32767},
               {"i32", -5},
               {"i64", std::numeric_limits<std::int64_t>::min()},
               {"u8", 255},
               {"u32", 4000000000u},
               {"u64", std::numeric_limits<std::uint64_t>::max()},
               {"f32", 1.5},
               {"letter", 65},
               {"f64", -2.25},
               {"text", std::string("x\0y", 3)},
               {"maybe_text", "here"},
               {"blob", "AAEC/w=="},
               {"at", "1969-07-20T20:17:40.123456Z"},
               {"day", "0001-01-01"},
               {"amount", "0.000000000000000000000000001"},
               {"maybe_amount", 29.99},
               {"key", "123E4567-E89B-12D3-A456-426614174000"},
               {"role", "admin"},
               {"level", 300},
               {"maybe_int", nullptr}};
  auto e = quarry::from_json<Every>(body);
  CHECK(e.flag);
  CHECK(e.i8 == -128);
  CHECK(e.i64 == std::numeric_limits<std::int64_t>::min());
  CHECK(e.u64 == std::numeric_limits<std::uint64_t>::max());
  CHECK(e.f32 == 1.5f);
  CHECK(e.letter == 'A');
  CHECK(e.text == std::string("x\0y", 3));
  CHECK(e.maybe_text == "here");
  CHECK(e.blob == quarry::Blob{std::byte{0}, std::byte{1}, std::byte{2}, std::byte{255}});
  CHECK(e.at == quarry::Timestamp{sys_days{1969y / 7 / 20}} + hours{20} + minutes{17} + seconds{40} + microseconds{123456});
  CHECK(e.day == 1y / 1 / 1);
  CHECK(e.amount.to_string() == "0.000000000000000000000000001");
  CHECK(e.maybe_amount->to_string() == "29.99");
  CHECK(e.key.to_string() == "123e4567-e89b-12d3-a456-426614174000");
  CHECK(e.role == Role::admin);
  CHECK(e.level == Level::high);
  CHECK(!e.maybe_int);

  json out = e;
  CHECK(out["at"] == "1969-07-20T20:17:40.123456Z");
  CHECK(out["blob"] == "AAEC/w==");
  CHECK(out["i64"] == std::numeric_limits<std::int64_t>::min());
  CHECK(out["amount"] == "0.000000000000000000000000001");
  // j.get<T>() is from_json<T>(j): a body may not set the key
  CHECK(failures([&] { (void)out.get<Every>(); }) == std::vector<std::string>{"id: may not be set"});
  out.erase("id");
  auto again = out.get<Every>();
  CHECK(again.text == e.text);
  CHECK(again.blob == e.blob);
  CHECK(again.at == e.at);
  CHECK(again.amount == e.amount);
}

TEST_CASE("json: base64 of every length, and what is not base64", "[json]") {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    auto encoded = quarry::detail::base64_encode(bytes(s));
    CHECK(quarry::detail::base64_decode(encoded) == bytes(s));
  }
  CHECK(quarry::detail::base64_encode(bytes("foobar")) == "Zm9vYmFy");
  CHECK(quarry::detail::base64_encode(bytes("fo")) == "Zm8=");
  for (std::string bad : {"Zm8", "Zm9v!mFy", "Z===", "Zm=v", "Zm9v YmFy", "=Zm8"})
    CHECK_FALSE(quarry::detail::base64_decode(bad));
}

TEST_CASE("json: big integers and decimals, exact by default and as the other kind on request", "[json]") {
  Every e{};
  e.i64 = (std::int64_t{1} << 53) + 1;
  e.u64 = std::numeric_limits<std::uint64_t>::max();
  e.i32 = 5;
  e.day = 2024y / 1 / 1;
  e.at = quarry::Timestamp{sys_days{2024y / 1 / 1}};
  e.amount = quarry::Decimal("29.90");
  e.maybe_amount = quarry::Decimal("1234567890.1234567");  // 17 significant digits: no double holds it
  json plain = e;
  CHECK(plain["i64"] == 9007199254740993);
  CHECK(plain["amount"] == "29.90");
  json js = quarry::to_json(e, {.decimals_as_numbers = true, .big_integers_as_strings = true});
  CHECK(js["i64"] == "9007199254740993");
  CHECK(js["u64"] == "18446744073709551615");
  CHECK(js["i32"] == 5);
  CHECK(js["amount"].is_number_float());
  CHECK(js.dump().find(R"("amount":29.9)") != std::string::npos);
  CHECK(js["maybe_amount"] == "1234567890.1234567");
  e.amount = quarry::Decimal("-42");
  CHECK(quarry::to_json(e, {.decimals_as_numbers = true})["amount"] == -42);
  // and read back: integers given as strings, decimals given as numbers
  auto back = quarry::from_json<Every>(js, {.trusted = true});
  CHECK(back.i64 == (std::int64_t{1} << 53) + 1);
  CHECK(back.u64 == std::numeric_limits<std::uint64_t>::max());
  CHECK(back.amount == quarry::Decimal("29.9"));
}

TEST_CASE("json: wrong types and values are reported together, each by field", "[json]") {
  json body = {{"flag", "yes"},
               {"i8", 128},
               {"u8", -1},
               {"i32", 1.5},
               {"u64", "-3"},
               {"text", 5},
               {"blob", "not base64!"},
               {"at", "2024-02-30T00:00:00Z"},
               {"day", "2024-01-01T00:00:00Z"},
               {"amount", "12,5"},
               {"key", "xyz"},
               {"role", "root"},
               {"i64", nullptr},
               {"f64", "1.0"},
               {"nickname", "x"}};
  auto got = failures([&] { quarry::from_json<Every>(body); });
  std::vector<std::string> expected = {
      "amount: is not a decimal number",
      "at: is not an ISO 8601 timestamp",
      "blob: is not base64",
      "day: is not a date YYYY-MM-DD",
      "f64: is not a number (got string)",
      "flag: is not a boolean (got string)",
      "i32: is not an integer (got number)",
      "i64: may not be null",
      "i8: is out of range",
      "key: is not a UUID",
      "nickname: is not a field",
      "role: is not one of member, admin",
      "text: is not a string (got number)",
      "u64: is out of range",
      "u8: is out of range",
  };
  CHECK(got == expected);  // nlohmann's objects keep their keys sorted
  CHECK(failures([] { quarry::from_json<Every>(json::array()); }) == std::vector<std::string>{": is not a JSON object (got array)"});
  CHECK(failures([] { quarry::from_json<Every>(json{{"i64", 9223372036854775807ull + 1}}); }) ==
        std::vector<std::string>{"i64: is out of range"});
  // the error names the column and the kind of failure
  try {
    quarry::from_json<Every>(json{{"id", 5}, {"zzz", 1}});
    FAIL("no error");
  } catch (const quarry::ValidationError& e) {
    REQUIRE(e.errors().size() == 2);
    CHECK(e.errors()[0].validator == "not_allowed");
    CHECK(e.errors()[0].column == "id");
    CHECK(e.errors()[1].validator == "unknown_key");
  }
}

TEST_CASE("json: keys as members or camelCase, by option or by the model's own defaults", "[json]") {
  User u{.id = 1, .display_name = "Ada", .email = "ada@example.com"};
  json members = u;
  CHECK(members.contains("display_name"));
  CHECK(members.contains("created_at"));
  json camel = quarry::to_json(u, {.keys = quarry::JsonKeys::camel_case});
  CHECK(camel.contains("displayName"));
  CHECK(camel.contains("createdAt"));
  CHECK(!camel.contains("display_name"));

  Camel c{.id = 2, .first_name = "Bo"};
  json own = c;  // Model<Camel>::json_options
  CHECK(own == json{{"id", 2}, {"firstName", "Bo"}, {"createdAt", "1970-01-01T00:00:00.000000Z"},
                    {"updatedAt", "1970-01-01T00:00:00.000000Z"}});
  CHECK(quarry::from_json<Camel>(json{{"firstName", "Cy"}}).first_name == "Cy");
  CHECK(failures([] { quarry::from_json<Camel>(json{{"first_name", "Cy"}}); }) ==
        std::vector<std::string>{"first_name: is not a field"});
  CHECK(quarry::from_json<Camel>(json{{"first_name", "Cy"}}, {.keys = quarry::JsonKeys::members}).first_name == "Cy");
}

TEST_CASE("json: hidden fields never appear unless asked", "[json]") {
  User u{.id = 1, .display_name = "Ada", .password_hash = "secret-hash"};
  json j = u;
  CHECK(!j.contains("password_hash"));
  CHECK(j.dump().find("secret-hash") == std::string::npos);
  CHECK(quarry::to_json(u, {.hidden = true})["password_hash"] == "secret-hash");
  // nested rows too
  Post p{.id = 3, .title = "t", .user_id = 1, .user = u};
  CHECK(!json(p)["user"].contains("password_hash"));
  // and a body may not set one
  CHECK(failures([] { quarry::from_json<User>(json{{"password_hash", "x"}}); }) ==
        std::vector<std::string>{"password_hash: may not be set"});
}

TEST_CASE("json: no mass assignment of the key, maintained fields or what the program leaves out", "[json]") {
  json body = {{"id", 99}, {"display_name", "Eve"}, {"email", "eve@example.com"}, {"role", "admin"},
               {"created_at", "2000-01-01T00:00:00Z"}};
  CHECK(failures([&] { quarry::from_json<User>(body); }) ==
        std::vector<std::string>{"created_at: may not be set", "id: may not be set"});
  // only the fields the program lists; the others reported, or ignored
  constexpr auto allowed = quarry::members<&User::display_name, &User::email>;
  CHECK(failures([&] { quarry::from_json<User>(body, {.fields = allowed}); }) ==
        std::vector<std::string>{"created_at: may not be set", "id: may not be set", "role: may not be set"});
  auto u = quarry::from_json<User>(body, {.fields = allowed, .ignore_unknown = true});
  CHECK(u.id == 0);
  CHECK(u.role == Role::member);
  CHECK(u.created_at == quarry::Timestamp{});
  CHECK(u.display_name == "Eve");
  CHECK(u.email == "eve@example.com");
  // allowed on purpose
  constexpr auto with_key = quarry::members<&User::id, &User::display_name>;
  CHECK(quarry::from_json<User>(json{{"id", 5}}, {.fields = with_key}).id == 5);
  std::string_view bogus[] = {"nope"};
  CHECK_THROWS_WITH(quarry::from_json<User>(json::object(), {.fields = bogus}), Catch::Contains("'nope', which is no field"));
}

TEST_CASE("json: loaded associations nest: arrays, objects or null, join rows under their model", "[json]") {
  User ada{.id = 1, .display_name = "Ada"};
  ada.posts = {Post{.id = 10, .title = "One", .user_id = 1}, Post{.id = 11, .title = "Two", .user_id = 1}};
  json j = ada;
  REQUIRE(j["posts"].is_array());
  CHECK(j["posts"].size() == 2);
  CHECK(j["posts"][1]["title"] == "Two");
  CHECK(j["posts"][0]["user"].is_null());  // a One<T> not loaded

  Post p{.id = 10, .title = "One", .user_id = 1, .user = User{.id = 1, .display_name = "Ada"}};
  json pj = p;
  CHECK(pj["user"]["display_name"] == "Ada");
  CHECK(pj["user"]["posts"] == json::array());

  Student s{.id = 1, .name = "Sam"};
  s.courses.push_back({Course{.id = 4, .title = "Math"}, Enrollment{.id = 9, .student_id = 1, .course_id = 4, .grade = "A"}});
  json sj = s;
  CHECK(sj == json::parse(R"({"id":1,"name":"Sam","courses":[{"id":4,"title":"Math",
        "Enrollment":{"id":9,"student_id":1,"course_id":4,"grade":"A"}}]})"));
  // options reach the nested rows
  json camel = quarry::to_json(s, {.keys = quarry::JsonKeys::camel_case});
  CHECK(camel["courses"][0]["Enrollment"]["studentId"] == 1);

  std::vector<User> users{ada, User{.id = 2, .display_name = "Bo"}};
  json all = users;
  CHECK(all.size() == 2);
  CHECK(all[1]["posts"] == json::array());
  CHECK(quarry::to_json(users, {.keys = quarry::JsonKeys::camel_case})[1]["displayName"] == "Bo");

  // JSON the program wrote itself reads back whole with trusted (the associations' keys passed over)
  auto back = quarry::from_json<User>(quarry::to_json(ada, {.hidden = true}), {.trusted = true});
  CHECK(back.id == 1);
  CHECK(back.display_name == "Ada");
  CHECK(back.posts.empty());
  CHECK(failures([&] { quarry::from_json<User>(j, {.trusted = true}); }).empty());
}

TEST_CASE("json: timestamps before 1970 and dates at the ends of the range", "[json]") {
  Every e{};
  e.at = quarry::Timestamp{sys_days{1900y / 1 / 1}} - microseconds{1};
  e.day = 9999y / 12 / 31;
  json j = e;
  CHECK(j["at"] == "1899-12-31T23:59:59.999999Z");
  CHECK(j["day"] == "9999-12-31");
  auto back = quarry::from_json<Every>(json{{"at", j["at"]}, {"day", j["day"]}});
  CHECK(back.at == e.at);
  CHECK(back.day == e.day);
  // an offset is applied; no zone is read as UTC
  CHECK(quarry::from_json<Every>(json{{"at", "2024-01-01T02:00:00+02:00"}}).at ==
        quarry::Timestamp{sys_days{2024y / 1 / 1}});
  CHECK(quarry::from_json<Every>(json{{"at", "2024-01-01T00:00:00"}}).at == quarry::Timestamp{sys_days{2024y / 1 / 1}});
}

TEST_CASE("json: a model's own to_json and from_json win; quarry::to_json still gives quarry's", "[json]") {
  json j = Own{.id = 1, .name = "x"};
  CHECK(j == json{{"own", "x"}});
  CHECK(j.get<Own>().name == "x");
  CHECK(quarry::to_json(Own{.id = 1, .name = "x"}) == json{{"id", 1}, {"name", "x"}});
}

}  // namespace json_test
