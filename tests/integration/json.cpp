// Rows read with their includes turned to JSON, and request bodies turned into created rows, on
// every dialect (<quarry/json.hpp>): the seed walk-throughs' student printed as JSON, orders with
// their user nested, a user with nested posts, and User.create(req.body).
#include "fixture.hpp"

#include <quarry/json.hpp>

using namespace quarry::dsl;

namespace json_it {
using nlohmann::json;
enum class UserRole { member, admin };
struct Post;
struct User {
  std::int64_t id{};
  std::string name{};
  std::string email{};
  std::string password_hash{};
  UserRole role = UserRole::member;
  quarry::Timestamp created_at{}, updated_at{};
  std::vector<Post> posts;
};
struct Post {
  std::int64_t id{};
  std::int64_t user_id{};
  std::string title{};
  std::optional<std::string> body{};
};
struct Order {
  std::int64_t id{};
  std::int64_t user_id{};
  quarry::Decimal total{};
  quarry::Date placed_on{};
  quarry::Uuid reference{};
  quarry::One<User> user{};
};
struct Course {
  std::int64_t id{};
  std::string title{};
};
struct Enrollment {
  std::int64_t student_id{};
  std::int64_t course_id{};
  std::optional<std::string> grade{};
};
struct Student {
  std::int64_t id{};
  std::string name{};
  quarry::Date born{};
  quarry::Blob photo{};
  std::vector<quarry::Linked<Course, Enrollment>> courses{};
};
}  // namespace json_it

template <> struct quarry::Model<json_it::User> {
  static constexpr auto table = "json_users";
  static constexpr auto fields = quarry::fields(quarry::field<&json_it::User::email>(quarry::size(200), quarry::unique),
                                                quarry::field<&json_it::User::password_hash>(quarry::hidden));
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&json_it::User::posts, &json_it::Post::user_id>());
};
template <> struct quarry::Model<json_it::Post> {
  static constexpr auto table = "json_posts";
};
template <> struct quarry::Model<json_it::Order> {
  static constexpr auto table = "json_orders";
  static constexpr auto fields = quarry::fields(quarry::field<&json_it::Order::total>(quarry::decimal(10, 2)));
  static constexpr auto associations =
      quarry::associations(quarry::belongs_to<&json_it::Order::user, &json_it::Order::user_id>());
};
template <> struct quarry::Model<json_it::Course> {
  static constexpr auto table = "json_courses";
};
template <> struct quarry::Model<json_it::Enrollment> {
  static constexpr auto table = "json_enrollments";
  static constexpr auto fields = quarry::fields(quarry::field<&json_it::Enrollment::student_id>(quarry::primary_key),
                                                quarry::field<&json_it::Enrollment::course_id>(quarry::primary_key),
                                                quarry::field<&json_it::Enrollment::grade>(quarry::size(2)));
};
template <> struct quarry::Model<json_it::Student> {
  static constexpr auto table = "json_students";
  static constexpr auto associations = quarry::associations(quarry::belongs_to_many<
      &json_it::Student::courses, &json_it::Enrollment::student_id, &json_it::Enrollment::course_id>());
};

namespace json_it {
quarry::Database fresh() {
  auto db = test::fresh();
  db.sync<User, Post, Order, Course, Enrollment, Student>({.force = true});
  return db;
}

/// An ISO 8601 UTC timestamp with microseconds, as to_json writes it.
bool iso_utc(const json& j) {
  if (!j.is_string()) return false;
  auto s = j.get<std::string>();
  return s.size() == 27 && s[10] == 'T' && s[19] == '.' && s.back() == 'Z';
}
}  // namespace json_it

namespace json_it {

TEST_CASE("json: a student printed as JSON, with courses and each enrollment's grade", "[json]") {
  auto db = json_it::fresh();
  using std::chrono::year;
  auto kim = db.create(Student{.name = "Kim", .born = year{1969} / 7 / 20, .photo = {std::byte{0}, std::byte{0xff}}});
  auto math = db.create(Course{.title = "Math"});
  auto art = db.create(Course{.title = "Art"});
  db.add_related<&Student::courses>(kim, math, Enrollment{.grade = "A"});
  db.add_related<&Student::courses>(kim, art);

  auto found = db.find_by_pk<Student>(kim.id, include<&Student::courses>(order_by(col<&Course::title>)));
  REQUIRE(found);
  json j = *found;  // student.toJSON()
  json expected = {
      {"id", kim.id},
      {"name", "Kim"},
      {"born", "1969-07-20"},
      {"photo", "AP8="},
      {"courses",
       {{{"id", art.id}, {"title", "Art"}, {"Enrollment", {{"student_id", kim.id}, {"course_id", art.id}, {"grade", nullptr}}}},
        {{"id", math.id}, {"title", "Math"}, {"Enrollment", {{"student_id", kim.id}, {"course_id", math.id}, {"grade", "A"}}}}}},
  };
  CHECK(j == expected);
  INFO(j.dump(2));
  CHECK(json::parse(j.dump(2)) == expected);  // JSON.stringify(student, null, 2) and back
}

TEST_CASE("json: orders with their user nested, exact totals and no password hash", "[json]") {
  auto db = json_it::fresh();
  auto ann = db.create(User{.name = "Ann", .email = "ann@example.com", .password_hash = "ann-secret"});
  auto ben = db.create(User{.name = "Ben", .email = "ben@example.com", .password_hash = "ben-secret"});
  using std::chrono::year;
  auto ref = quarry::Uuid::parse("00000000-0000-4000-8000-000000000001");
  db.create(Order{.user_id = ann.id, .total = quarry::Decimal("3500.00"), .placed_on = year{2024} / 1 / 31, .reference = ref});
  db.create(Order{.user_id = ben.id, .total = quarry::Decimal("99999999.99"), .placed_on = year{2024} / 2 / 29,
                  .reference = quarry::Uuid::random()});

  auto orders = db.find_all<Order>(include<&Order::user>(), order_by(col<&Order::id>));
  json j = orders;  // JSON.stringify(orders, null, 2)
  INFO(j.dump(2));
  REQUIRE(j.size() == 2);
  CHECK(quarry::Decimal(j[0]["total"].get<std::string>()) == quarry::Decimal("3500.00"));
  CHECK(quarry::Decimal(j[1]["total"].get<std::string>()) == quarry::Decimal("99999999.99"));
  CHECK(j[0]["placed_on"] == "2024-01-31");
  CHECK(j[0]["reference"] == "00000000-0000-4000-8000-000000000001");
  CHECK(j[0]["user"]["name"] == "Ann");
  CHECK(j[0]["user"]["role"] == "member");
  CHECK(iso_utc(j[0]["user"]["created_at"]));
  CHECK(j[0]["user"]["posts"] == json::array());
  CHECK(j[1]["user"]["email"] == "ben@example.com");
  CHECK(j.dump().find("secret") == std::string::npos);
  // a hidden column read on purpose is still left out of the JSON unless it asks too
  auto with_hash = db.find_all<Order>(include<&Order::user>(with_hidden<&User::password_hash>()), order_by(col<&Order::id>));
  CHECK(json(with_hash).dump().find("secret") == std::string::npos);
  CHECK(quarry::to_json(with_hash, {.hidden = true})[1]["user"]["password_hash"] == "ben-secret");
  auto camel = quarry::to_json(orders, {.keys = quarry::JsonKeys::camel_case, .decimals_as_numbers = true});
  CHECK(camel[0]["placedOn"] == "2024-01-31");
  CHECK(camel[0]["user"]["createdAt"] == j[0]["user"]["created_at"]);
  CHECK(camel[1]["total"] == 99999999.99);
}

TEST_CASE("json: a body becomes a created user, read back with nested posts", "[json]") {
  auto db = json_it::fresh();
  // User.create(req.body, {fields: ['name', 'email']})
  constexpr auto fields = quarry::members<&User::name, &User::email>;
  auto body = json::parse(R"({"name": "Ada", "email": "ada@example.com"})");
  auto ada = db.create(quarry::from_json<User>(body, {.fields = fields}));
  CHECK(ada.id > 0);
  CHECK(ada.role == UserRole::member);
  db.create(Post{.user_id = ada.id, .title = "First", .body = "hello"});
  db.create(Post{.user_id = ada.id, .title = "Second"});

  auto found = db.find_by_pk<User>(ada.id, include<&User::posts>(order_by(col<&Post::id>)));
  REQUIRE(found);
  json j = *found;  // res.json(user)
  INFO(j.dump(2));
  CHECK(j["id"] == ada.id);
  CHECK(j["name"] == "Ada");
  CHECK(!j.contains("password_hash"));
  CHECK(iso_utc(j["created_at"]));
  CHECK(j["created_at"] == json(ada)["created_at"]);  // what create stamped, to the microsecond
  REQUIRE(j["posts"].size() == 2);
  CHECK(j["posts"][0]["title"] == "First");
  CHECK(j["posts"][0]["body"] == "hello");
  CHECK(j["posts"][1]["body"].is_null());
  CHECK(j["posts"][1]["user_id"] == ada.id);

  // a body that tries to set what it may not, with bad values: every failure at once, nothing created
  auto evil = json::parse(R"({"id": 1, "name": 5, "email": "eve@example.com", "role": "admin",
                              "password_hash": "x", "created_at": "2000-01-01T00:00:00Z", "isAdmin": true})");
  try {
    db.create(quarry::from_json<User>(evil, {.fields = fields}));
    FAIL("no ValidationError");
  } catch (const quarry::ValidationError& e) {
    std::vector<std::string> got;
    for (const auto& f : e.errors()) got.push_back(f.field + ": " + f.message);
    CHECK(got == std::vector<std::string>{"created_at: may not be set", "id: may not be set", "isAdmin: is not a field",
                                          "name: is not a string (got number)", "password_hash: may not be set",
                                          "role: may not be set"});
  }
  CHECK(db.count<User>() == 1);
}

TEST_CASE("json: every value type read from the database gives the JSON of the row that was written", "[json]") {
  auto db = test::fresh();
  using std::chrono::sys_days;
  using std::chrono::year;
  test::Sample s{.i8 = -128, .i16 = -32768, .i32 = 7, .i64 = std::numeric_limits<std::int64_t>::min(), .u8 = 255,
                 .u16 = 65535, .u32 = 4000000000u, .u64 = std::numeric_limits<std::int64_t>::max(), .flag = true,
                 .f32 = 1.5f, .f64 = 0.25, .text = "caf\xC3\xA9 \"q\"", .maybe_text = std::nullopt,
                 .blob = {std::byte{0}, std::byte{1}, std::byte{255}},
                 .at = quarry::Timestamp{sys_days{year{1960} / 1 / 1}} + std::chrono::microseconds{7},
                 .day = year{2000} / 2 / 29, .amount = quarry::Decimal("-12345678901.2345"),
                 .maybe_amount = quarry::Decimal("1.500"), .key = quarry::Uuid::random(), .color = test::Color::blue,
                 .maybe_int = 9007199254740993};
  auto created = db.create(s);
  auto back = db.find_by_pk<test::Sample>(created.id);
  REQUIRE(back);
  json written = created, read = *back;
  INFO(read.dump(2));
  CHECK(read == written);
  CHECK(read["at"] == "1960-01-01T00:00:00.000007Z");
  CHECK(read["maybe_int"] == 9007199254740993);
  CHECK(read["amount"] == "-12345678901.2345");
  CHECK(read["maybe_amount"] == "1.500");
}

}  // namespace json_it
