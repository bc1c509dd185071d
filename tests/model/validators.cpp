// Declared validators: each built-in accepts and refuses what Sequelize's (validator.js's) does
// for the common cases, reports its message (or the one msg() gives), skips nulls, and runs
// from ops::validate (every row write) and from set(...) values.
#include <catch2/catch.hpp>

#include <quarry/matches.hpp>
#include <quarry/quarry.hpp>

namespace v {
struct Account {
  std::int64_t id{};
  std::string email{};
  std::optional<std::string> website{};
  std::int32_t age{};
  std::string handle{};
  std::optional<std::string> phone{};
  quarry::Decimal balance{};
  quarry::Date born{};
  std::string role{};
};
struct Plain {
  std::int64_t id{};
  std::string name{};
};
}  // namespace v

template <>
struct quarry::Model<v::Account> {
  static constexpr auto fields = quarry::fields(quarry::field<&v::Account::email>(quarry::column("email_address")));
  static constexpr auto validate = quarry::validators(
      quarry::rules<&v::Account::email>(quarry::is_email, quarry::len(6, 40)),
      quarry::rules<&v::Account::website>(quarry::is_url),
      quarry::rules<&v::Account::age>(quarry::min(18), quarry::max(130).msg("is not a human age")),
      quarry::rules<&v::Account::handle>(quarry::matches("^[a-z_]+$"), quarry::not_in("admin", "root"),
                                         quarry::satisfies([](const std::string& h) { return h.size() != 4; },
                                                           "must not have four letters")),
      quarry::rules<&v::Account::balance>(quarry::min(0), quarry::max(1000.5)),
      quarry::rules<&v::Account::born>(quarry::is_after("1900-01-01"), quarry::is_before("2030-01-01")),
      quarry::rules<&v::Account::role>(quarry::is_in("admin", "member")),
      quarry::row_rule(
          "contact", [](const v::Account& a) { return !a.email.empty() || a.phone.has_value(); },
          "needs an email or a phone"));
};

namespace {
v::Account good() {
  return {.email = "ann@example.com", .website = std::nullopt, .age = 30, .handle = "ann_b",
          .phone = std::nullopt, .balance = quarry::Decimal("10.25"), .born = quarry::Date{std::chrono::year{1990} / 5 / 1},
          .role = "member"};
}

std::vector<quarry::FieldError> failures(const v::Account& a) {
  try {
    quarry::ops::validate(a);
  } catch (const quarry::ValidationError& e) {
    return e.errors();
  }
  return {};
}

/// Whether validator r accepts text s.
template <class R>
bool accepts(const R& r, std::string_view s) {
  return !quarry::detail::failure_of(r, std::string(s));
}
}  // namespace

TEST_CASE("validators: text checks accept and refuse as Sequelize's do", "[model][validators]") {
  for (auto s : {"ann@example.com", "a.b+tag@mail.example.org", "x_y@sub.domain.io", "o'neil@example.ie"})
    CHECK(accepts(quarry::is_email, s));
  for (auto s : {"", "ann", "ann@", "@example.com", "ann@example", "ann@@example.com", "a..b@example.com",
                 ".ann@example.com", "ann @example.com", "ann@exa_mple.com", "ann@-example.com", "ann@example.c"})
    CHECK_FALSE(accepts(quarry::is_email, s));

  for (auto s : {"http://example.com", "https://example.com/a/b?c=d#e", "example.com", "ftp://files.example.org:21/x",
                 "http://localhost:8080", "http://192.168.0.1/", "https://[::1]:443/", "http://user:pw@example.com"})
    CHECK(accepts(quarry::is_url, s));
  for (auto s : {"", "not a url", "http://", "mailto:ann@example.com", "javascript:alert(1)", "http://example",
                 "http://example.com:99999", "gopher://example.com", "http://exa mple.com"})
    CHECK_FALSE(accepts(quarry::is_url, s));

  for (auto s : {"192.168.0.1", "0.0.0.0", "255.255.255.255"}) {
    CHECK(accepts(quarry::is_ipv4, s));
    CHECK(accepts(quarry::is_ip, s));
    CHECK_FALSE(accepts(quarry::is_ipv6, s));
  }
  for (auto s : {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.a", ""}) CHECK_FALSE(accepts(quarry::is_ipv4, s));
  for (auto s : {"::1", "::", "2001:db8::8a2e:370:7334", "2001:0db8:0000:0000:0000:ff00:0042:8329", "::ffff:192.0.2.1",
                 "fe80::1%eth0"}) {
    CHECK(accepts(quarry::is_ipv6, s));
    CHECK(accepts(quarry::is_ip, s));
  }
  for (auto s : {"2001:db8:::1", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", ":1", "1::2::3", "1.2.3.4::"})
    CHECK_FALSE(accepts(quarry::is_ipv6, s));

  CHECK(accepts(quarry::is_uuid, "123e4567-e89b-12d3-a456-426614174000"));
  CHECK_FALSE(accepts(quarry::is_uuid, "123e4567e89b12d3a456426614174000"));
  CHECK_FALSE(accepts(quarry::is_uuid, "123e4567-e89b-12d3-a456-42661417400g"));

  CHECK(accepts(quarry::is_alpha, "abcXYZ"));
  CHECK_FALSE(accepts(quarry::is_alpha, "abc1"));
  CHECK_FALSE(accepts(quarry::is_alpha, ""));
  CHECK(accepts(quarry::is_alphanumeric, "abc123"));
  CHECK_FALSE(accepts(quarry::is_alphanumeric, "abc 123"));

  for (auto s : {"3", "-3.5", "+0.25", ".5", "007"}) CHECK(accepts(quarry::is_numeric, s));
  for (auto s : {"", "3.", "1e5", "abc", "1.2.3", "-"}) CHECK_FALSE(accepts(quarry::is_numeric, s));
  for (auto s : {"0", "-12", "+7", "1234567890123"}) CHECK(accepts(quarry::is_int, s));
  for (auto s : {"012", "1.0", "", "-", "1 "}) CHECK_FALSE(accepts(quarry::is_int, s));
  CHECK(accepts(quarry::is_decimal, "12.50"));
  CHECK_FALSE(accepts(quarry::is_decimal, "12,50"));

  CHECK(accepts(quarry::is_lowercase, "abc 1"));
  CHECK_FALSE(accepts(quarry::is_lowercase, "aBc"));
  CHECK(accepts(quarry::is_uppercase, "ABC 1"));
  CHECK_FALSE(accepts(quarry::is_uppercase, "AbC"));
  CHECK(accepts(quarry::not_empty, " x "));
  CHECK_FALSE(accepts(quarry::not_empty, ""));
  CHECK_FALSE(accepts(quarry::not_empty, " \t\n"));

  CHECK(accepts(quarry::contains("@"), "a@b"));
  CHECK_FALSE(accepts(quarry::contains("@"), "ab"));
  CHECK(accepts(quarry::not_contains("<"), "ab"));
  CHECK_FALSE(accepts(quarry::not_contains("<"), "a<b"));
  CHECK(accepts(quarry::matches("^a", quarry::icase), "Abc"));
  CHECK_FALSE(accepts(quarry::matches("^a"), "Abc"));
  CHECK(accepts(quarry::not_matches("[0-9]"), "abc"));
  CHECK_FALSE(accepts(quarry::not_matches("[0-9]"), "ab1"));

  CHECK(accepts(quarry::is_date, "2024-05-01"));
  CHECK(accepts(quarry::is_date, "2024-05-01T12:30:00Z"));
  CHECK_FALSE(accepts(quarry::is_date, "2024-02-30"));
  CHECK_FALSE(accepts(quarry::is_date, "yesterday"));
  CHECK(accepts(quarry::is_after("2024-01-01"), "2024-01-02"));
  CHECK_FALSE(accepts(quarry::is_after("2024-01-01"), "2024-01-01"));  // the bound itself is not after it
  CHECK(accepts(quarry::is_before("2024-01-01T00:00:00Z"), "2023-12-31T23:59:59Z"));
  CHECK_FALSE(accepts(quarry::is_before("2024-01-01"), "not a date"));

  CHECK(accepts(quarry::len(2, 3), "ab"));
  CHECK(accepts(quarry::len(2, 3), "\xC3\xA9\xC3\xA9\xC3\xA9"));  // three characters, six bytes
  CHECK_FALSE(accepts(quarry::len(2, 3), "abcd"));
  CHECK_FALSE(accepts(quarry::len(2, 3), "a"));
  CHECK(accepts(quarry::is_in("a", "b"), "b"));
  CHECK_FALSE(accepts(quarry::is_in("a", "b"), "c"));
}

TEST_CASE("validators: numbers and moments, with exact bounds", "[model][validators]") {
  using quarry::detail::failure_of;
  CHECK_FALSE(failure_of(quarry::min(18), std::int32_t{18}));
  CHECK(failure_of(quarry::min(18), std::int32_t{17}) == "must be at least 18");
  CHECK_FALSE(failure_of(quarry::max(10), std::uint64_t{10}));
  CHECK(failure_of(quarry::max(10), std::uint64_t{18446744073709551615u}));  // no wrap-around
  CHECK(failure_of(quarry::min(-1), std::uint32_t{0}) == std::nullopt);
  CHECK(failure_of(quarry::max(0.5), 0.75) == "must be at most 0.5");
  CHECK_FALSE(failure_of(quarry::max(0.5), quarry::Decimal("0.5")));
  CHECK(failure_of(quarry::max(0.5), quarry::Decimal("0.50000000000000000001")));
  CHECK(failure_of(quarry::min(0), std::numeric_limits<double>::quiet_NaN()));  // NaN is not at least 0
  CHECK(failure_of(quarry::is_in(1, 2, 3), std::int64_t{4}) == "must be one of 1, 2, 3");
  CHECK_FALSE(failure_of(quarry::not_in(1, 2, 3), std::int64_t{4}));

  const quarry::Date day{std::chrono::year{2024} / 1 / 1};
  CHECK(failure_of(quarry::is_after("2024-01-01"), day) == "must be after 2024-01-01");
  CHECK_FALSE(failure_of(quarry::is_before("2024-01-01T00:00:01Z"), quarry::Timestamp{std::chrono::sys_days{day}}));
}

TEST_CASE("validators: a row reports every failure with member, column, validator and message", "[model][validators]") {
  CHECK(failures(good()).empty());

  auto a = good();
  a.email = "nope";
  a.age = 200;
  a.handle = "root";
  a.balance = quarry::Decimal("-1");
  a.role = "owner";
  auto errors = failures(a);
  REQUIRE(errors.size() == 7);
  CHECK(errors[0].field == "email");
  CHECK(errors[0].column == "email_address");
  CHECK(errors[0].validator == "is_email");
  CHECK(errors[0].message == "is not an email address");
  CHECK(errors[1].validator == "len");
  CHECK(errors[1].message == "must be between 6 and 40 characters long");
  CHECK(errors[2].field == "age");
  CHECK(errors[2].validator == "max");
  CHECK(errors[2].message == "is not a human age");  // msg() replaces the validator's own
  CHECK(errors[3].field == "handle");
  CHECK(errors[3].validator == "not_in");
  CHECK(errors[3].message == "must not be one of admin, root");
  CHECK(errors[4].validator == "satisfies");
  CHECK(errors[4].message == "must not have four letters");
  CHECK(errors[5].field == "balance");
  CHECK(errors[5].message == "must be at least 0");
  CHECK(errors[6].field == "role");
  CHECK(errors[6].message == "must be one of admin, member");

  try {
    quarry::ops::validate(a);
    FAIL("no exception");
  } catch (const quarry::ValidationError& e) {
    CHECK(std::string(e.what()).starts_with("validation failed: email: is not an email address; email: must be"));
  }
}

TEST_CASE("validators: nulls pass, the row's own rule runs, and what a column cannot hold comes first",
          "[model][validators]") {
  auto a = good();
  a.website = std::nullopt;  // no value: is_url is not asked
  CHECK(failures(a).empty());
  a.website = "not a url";
  auto errors = failures(a);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "website");
  CHECK(errors[0].validator == "is_url");

  a = good();
  a.email.clear();
  errors = failures(a);
  REQUIRE(errors.size() == 3);  // is_email, len, then the row's rule
  CHECK(errors[2].field == "contact");
  CHECK(errors[2].validator == "row_rule");
  CHECK(errors[2].message == "needs an email or a phone");
  CHECK(errors[2].column.empty());
  a.phone = "555-0100";
  CHECK(failures(a).size() == 2);

  a = good();
  a.born = quarry::Date{std::chrono::year{1850} / 1 / 1};
  errors = failures(a);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "must be after 1900-01-01");
}

TEST_CASE("validators: set(...) values meet the member's rules", "[model][validators]") {
  using namespace quarry::dsl;
  auto errors_of = [](const auto& assignment) {
    std::vector<quarry::FieldError> errors;
    assignment.check(errors);
    return errors;
  };
  CHECK(errors_of(col<&v::Account::email> = "bob@example.com").empty());
  auto errors = errors_of(col<&v::Account::email> = "bob");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].validator == "is_email");
  CHECK(errors[1].validator == "len");
  errors = errors_of(col<&v::Account::age> = 12);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "must be at least 18");
  CHECK(errors_of(col<&v::Account::website> = std::nullopt).empty());
  CHECK(errors_of(col<&v::Account::age> = col<&v::Account::age> + 1).empty());  // an expression: the database's value
}

TEST_CASE("validators: a model without them pays nothing", "[model][validators]") {
  using v::Plain;
  static_assert(!quarry::detail::declares_validators<Plain>);
  static_assert(quarry::detail::declares_validators<v::Account>);
  CHECK_NOTHROW(quarry::ops::validate(Plain{1, "x"}));
}

TEST_CASE("validators: a bad pattern is a ConfigError when first used", "[model][validators]") {
  CHECK_THROWS_AS(accepts(quarry::matches("(unclosed"), "x"), quarry::ConfigError);
}
