// Rows and values printed with fmt (<quarry/format.hpp>) and quarry::to_string.

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/chrono.h>  // fmt's own formatting of standard time types: quarry's specializations win
#include <fmt/ranges.h>  // and of vectors

#include <quarry/format.hpp>

namespace printing {
enum class Plan { free, pro };
enum class Level : std::int16_t { low = 1, high = 9 };
struct Account;
struct Club {
  std::int64_t id{};
  std::string name{};
  std::vector<Account> accounts;  // no {}: clang 14 needs Account complete for it
};
struct Account {
  std::int64_t id{};
  std::string email{};
  std::string password_hash{};  // hidden
  std::int8_t tier{};
  std::uint8_t flags{};
  bool active{};
  double score{};
  std::optional<std::string> nickname{};
  Plan plan{};
  Level level{};
  quarry::Decimal balance{};
  quarry::Uuid key{};
  quarry::Blob avatar{};
  std::optional<quarry::Date> born{};
  quarry::Timestamp created_at{};
  std::int64_t club_id{};
  std::optional<std::int64_t> mentor_id{};
  std::optional<Club> club{};
  quarry::One<Account> mentor{};
};
struct Course {
  std::int64_t id{};
  std::string title{};
};
struct Enrollment {
  std::int64_t student_id{}, course_id{};
  int grade{};
};
struct Student {
  std::int64_t id{};
  std::string name{};
  std::vector<quarry::Linked<Course, Enrollment>> courses{};
};
}  // namespace printing

template <>
struct quarry::Enum<printing::Level> {
  static constexpr bool as_integer = true;
};
template <>
struct quarry::Model<printing::Club> {
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&printing::Club::accounts, &printing::Account::club_id>());
};
template <>
struct quarry::Model<printing::Account> {
  static constexpr bool timestamps = false;
  static constexpr auto fields = quarry::fields(quarry::field<&printing::Account::password_hash>(quarry::hidden));
  static constexpr auto associations =
      quarry::associations(quarry::belongs_to<&printing::Account::club, &printing::Account::club_id>(),
                           quarry::belongs_to<&printing::Account::mentor, &printing::Account::mentor_id>());
};
template <>
struct quarry::Model<printing::Enrollment> {
  static constexpr auto fields = quarry::fields(quarry::field<&printing::Enrollment::student_id>(quarry::primary_key),
                                                quarry::field<&printing::Enrollment::course_id>(quarry::primary_key));
};
template <>
struct quarry::Model<printing::Student> {
  static constexpr auto associations = quarry::associations(
      quarry::belongs_to_many<&printing::Student::courses, &printing::Enrollment::student_id,
                              &printing::Enrollment::course_id>());
};

namespace printing {
using namespace std::chrono;

TEST_CASE("quarry::to_string and fmt print the value types alike", "[format]") {
  quarry::Timestamp t = sys_days{year{2026} / 12 / 3} + hours{9} + minutes{30} + microseconds{250};
  CHECK(quarry::to_string(t) == "2026-12-03T09:30:00.000250Z");
  CHECK(fmt::format("{}", t) == "2026-12-03T09:30:00.000250Z");
  quarry::Timestamp early = sys_days{year{1969} / 12 / 31} + hours{23} + microseconds{999'999};
  CHECK(fmt::format("{}", early) == "1969-12-31T23:00:00.999999Z");
  CHECK(fmt::format("{}", quarry::Timestamp{}) == "1970-01-01T00:00:00.000000Z");
  quarry::Date d = year{1} / 1 / 1;
  CHECK(quarry::to_string(d) == "0001-01-01");
  CHECK(fmt::format("{}", quarry::Date{year{2024} / 2 / 29}) == "2024-02-29");
  CHECK(fmt::format("{}", quarry::Decimal("-0.50")) == "-0.50");
  CHECK(fmt::format("{}", quarry::Decimal("123456789012345678901234567890.123456789")) ==
        "123456789012345678901234567890.123456789");
  auto u = quarry::Uuid::parse("123E4567-E89B-12D3-A456-426614174000");
  CHECK(fmt::format("{}", u) == "123e4567-e89b-12d3-a456-426614174000");
  CHECK(quarry::to_string(quarry::Blob{std::byte{0}, std::byte{0xff}, std::byte{0x10}}) == "\\x00ff10");
  CHECK(fmt::format("{}", quarry::Blob{}) == "\\x");
  // a width, fill and alignment apply to the whole text, as to a string's
  CHECK(fmt::format("[{:>12}]", quarry::Decimal("9.99")) == "[        9.99]");
  CHECK(fmt::format("[{:*<12}]", quarry::Date{year{2026} / 1 / 2}) == "[2026-01-02**]");
  // fmt's own formatters of the standard types still serve the types quarry does not name
  CHECK(fmt::format("{}", std::vector<int>{1, 2}) == "[1, 2]");
}

TEST_CASE("a row prints its fields by name and its loaded associations, never a hidden field", "[format]") {
  Account a{.id = 7,
            .email = "ann@example.com",
            .password_hash = "$argon2id$secret",
            .tier = -3,
            .flags = 200,
            .active = true,
            .score = 2.5,
            .plan = Plan::pro,
            .level = Level::high,
            .balance = quarry::Decimal("10.50"),
            .key = quarry::Uuid::parse("123e4567-e89b-12d3-a456-426614174000"),
            .avatar = {std::byte{1}, std::byte{0xab}},
            .born = quarry::Date{year{1990} / 5 / 17},
            .created_at = sys_days{year{2026} / 12 / 3},
            .club_id = 2};
  std::string text = fmt::format("{}", a);
  CHECK(text ==
        "Account{id: 7, email: \"ann@example.com\", tier: -3, flags: 200, active: true, score: 2.5, "
        "nickname: null, plan: pro, level: 9, balance: 10.50, key: 123e4567-e89b-12d3-a456-426614174000, "
        "avatar: \\x01ab, born: 1990-05-17, created_at: 2026-12-03T00:00:00.000000Z, club_id: 2, "
        "mentor_id: null, club: null, mentor: null}");
  CHECK(text.find("secret") == std::string::npos);

  // text is quoted and escaped; an enum value that is no enumerator prints its number
  a.nickname = "say \"hi\"\n";
  a.plan = static_cast<Plan>(5);
  text = fmt::format("{}", a);
  CHECK(text.find(R"(nickname: "say \"hi\"\n")") != std::string::npos);
  CHECK(text.find("plan: 5,") != std::string::npos);

  // belongs_to and One<T> as the row, has_many as a list
  Account mentor{.id = 1, .email = "m@example.com", .club_id = 2};
  a.mentor = mentor;
  a.club = Club{.id = 2, .name = "Chess", .accounts = {}};
  text = fmt::format("{}", a);
  CHECK(text.find("club: Club{id: 2, name: \"Chess\", accounts: []}") != std::string::npos);
  CHECK(text.find("mentor: Account{id: 1, email: \"m@example.com\", tier: 0,") != std::string::npos);
  Club club{.id = 2, .name = "Chess", .accounts = {mentor, mentor}};
  text = fmt::format("{}", club);
  CHECK(text.starts_with("Club{id: 2, name: \"Chess\", accounts: [Account{id: 1, "));
  CHECK(text.ends_with("mentor: null}]}"));
  CHECK(text.find("}, Account{id: 1,") != std::string::npos);
}

TEST_CASE("a belongs_to_many element prints its join row after via", "[format]") {
  Student s{.id = 1, .name = "Ada", .courses = {{Course{.id = 4, .title = "Algebra"}, Enrollment{1, 4, 17}}}};
  CHECK(fmt::format("{}", s) ==
        "Student{id: 1, name: \"Ada\", courses: [Course{id: 4, title: \"Algebra\"} via "
        "Enrollment{student_id: 1, course_id: 4, grade: 17}]}");
  CHECK(fmt::format("{}", Student{.id = 2, .name = "Bo"}) == "Student{id: 2, name: \"Bo\", courses: []}");
}

}  // namespace printing
