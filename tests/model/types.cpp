#include <catch2/catch.hpp>

#include <quarry/types.hpp>

#include <set>
#include <string>
#include <string_view>
#if __has_include(<unistd.h>) && __has_include(<sys/wait.h>)
#include <sys/wait.h>
#include <unistd.h>
#endif

using quarry::Decimal;

TEST_CASE("Decimal parses, prints and compares exactly", "[types]") {
  CHECK(Decimal("29.99").to_string() == "29.99");
  CHECK(Decimal("-0.50").to_string() == "-0.50");
  CHECK(Decimal("007").to_string() == "7");
  CHECK(Decimal(".5").to_string() == "0.5");
  CHECK(Decimal(-42).to_string() == "-42");
  CHECK(Decimal("123456789012345678901234567890.123456789").to_string() == "123456789012345678901234567890.123456789");
  CHECK(Decimal("1.5e-05").to_string() == "0.000015");
  CHECK(Decimal("2.5E+3").to_string() == "2500");
  CHECK(Decimal("30") == Decimal("30.00"));
  CHECK(Decimal("-0") == Decimal("0"));
  CHECK(Decimal("0.1") < Decimal("0.10000001"));
  CHECK(Decimal("-2") < Decimal("-1.5"));
  CHECK(Decimal("10") > Decimal("9.99"));
  CHECK_THROWS_AS(Decimal("12a"), quarry::ConversionError);
  CHECK_THROWS_AS(Decimal(""), quarry::ConversionError);
  CHECK_THROWS_AS(Decimal("1e"), quarry::ConversionError);
}

TEST_CASE("Decimal rescales with half away from zero", "[types]") {
  CHECK(Decimal("32.989").rescaled(2).to_string() == "32.99");
  CHECK(Decimal("0.005").rescaled(2).to_string() == "0.01");
  CHECK(Decimal("-0.005").rescaled(2).to_string() == "-0.01");
  CHECK(Decimal("9.995").rescaled(2).to_string() == "10.00");
  CHECK(Decimal("30").rescaled(2).to_string() == "30.00");
  CHECK(Decimal("1.234").rescaled(0).to_string() == "1");
}

TEST_CASE("Uuid parses and prints", "[types]") {
  auto u = quarry::Uuid::parse("123E4567-e89b-12d3-a456-426614174000");
  CHECK(u.to_string() == "123e4567-e89b-12d3-a456-426614174000");
  CHECK_THROWS_AS(quarry::Uuid::parse("123e4567"), quarry::ConversionError);
  CHECK_THROWS_AS(quarry::Uuid::parse("123e4567-e89b-12d3-a456-42661417400g"), quarry::ConversionError);
  auto r = quarry::Uuid::random();
  CHECK(r.to_string()[14] == '4');
  CHECK(r != quarry::Uuid::random());
}

TEST_CASE("random UUIDs are version 4, variant 1, distinct, and distinct again in a forked child", "[types]") {
  std::set<std::string> seen;
  int wrong_version = 0, wrong_variant = 0;
  for (int i = 0; i < 20000; ++i) {
    auto text = quarry::Uuid::random().to_string();
    wrong_version += text[14] != '4';
    wrong_variant += std::string_view("89ab").find(text[19]) == std::string_view::npos;
    seen.insert(text);
  }
  CHECK(wrong_version == 0);
  CHECK(wrong_variant == 0);
  CHECK(seen.size() == 20000);
#if __has_include(<unistd.h>) && __has_include(<sys/wait.h>)
  // A child must not repeat its parent's sequence: its generator is seeded again after fork.
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto u = quarry::Uuid::random();
    auto written = ::write(pipe_fds[1], u.bytes.data(), u.bytes.size());
    ::_exit(written == 16 ? 0 : 1);
  }
  auto mine = quarry::Uuid::random();
  quarry::Uuid theirs;
  CHECK(::read(pipe_fds[0], theirs.bytes.data(), theirs.bytes.size()) == 16);
  int status = 0;
  ::waitpid(child, &status, 0);
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
  CHECK(theirs != mine);
#endif
}

TEST_CASE("timestamps and dates format and parse in UTC", "[types]") {
  using namespace std::chrono;
  quarry::Timestamp t = sys_days{year{2024} / 2 / 29} + hours{13} + minutes{5} + seconds{9} + microseconds{7};
  CHECK(quarry::detail::format_timestamp(t) == "2024-02-29 13:05:09.000007");
  CHECK(quarry::detail::parse_timestamp("2024-02-29 13:05:09.000007") == t);
  CHECK(quarry::detail::parse_timestamp("2024-02-29T13:05:09.000007Z") == t);
  CHECK(quarry::detail::parse_timestamp("2024-02-29 15:05:09.000007+02") == t);
  CHECK(quarry::detail::parse_timestamp("2024-02-29 08:35:09.000007-04:30") == t);
  CHECK(quarry::detail::parse_timestamp("2024-02-29 13:05:09") == t - microseconds{7});
  CHECK(quarry::detail::parse_timestamp("1969-12-31 23:59:59.5") == sys_days{year{1970} / 1 / 1} - milliseconds{500});
  CHECK_FALSE(quarry::detail::parse_timestamp("2024-02-30 00:00:00"));
  CHECK_FALSE(quarry::detail::parse_timestamp("yesterday"));
  CHECK(quarry::detail::format_date(year{7} / 1 / 2) == "0007-01-02");
  CHECK(quarry::detail::parse_date("2023-12-31") == quarry::Date{year{2023} / 12 / 31});
}

TEST_CASE("the form quarry writes is read by the fast path, and anything else is left to the general one", "[types]") {
  using namespace std::chrono;
  auto fast = [](std::string_view s) -> std::optional<quarry::Timestamp> {
    quarry::Timestamp t;
    if (s.size() != 26 || !quarry::detail::parse_written_timestamp(s.data(), t)) return std::nullopt;
    return t;
  };
  for (const char* s : {"2026-12-04 15:44:43.123456", "0001-01-01 00:00:00.000000", "9999-12-31 23:59:59.999999",
                        "2024-02-29 13:05:09.000007", "1969-12-31 23:59:59.500000", "2023-04-30 12:00:00.000001"}) {
    INFO(s);
    REQUIRE(fast(s));
    CHECK(fast(s) == quarry::detail::parse_any_timestamp(s));
    CHECK(quarry::detail::format_timestamp(*fast(s)) == s);
  }
  // a separator, a digit, a field or a day that is wrong: refused here (the general path decides)
  for (const char* s : {"2026-12-04T15:44:43.123456", "2026/12-04 15:44:43.123456", "2026-12-04 15-44:43.123456",
                        "2026-12-04 15:44:43,123456", "2026-12-04 15:44:43.12345Z", "2026-1a-04 15:44:43.123456",
                        "2026-12-04 15:44:43.12345:", "0000-01-01 00:00:00.000000", "2026-13-04 15:44:43.123456",
                        "2026-00-04 15:44:43.123456", "2026-12-00 15:44:43.123456", "2026-12-32 15:44:43.123456",
                        "2023-02-29 00:00:00.000000", "2024-04-31 00:00:00.000000", "2026-12-04 24:00:00.000000",
                        "2026-12-04 23:60:00.000000", "2026-12-04 23:59:60.000000", "2026-12-04 23:59:59.00000\xff"}) {
    INFO(s);
    CHECK_FALSE(fast(s));
  }
  CHECK(quarry::detail::parse_timestamp("2026-12-04T15:44:43.123456") == fast("2026-12-04 15:44:43.123456"));
}

TEST_CASE("dates of the years 1 to 9999 format and parse back; others are refused", "[types]") {
  using namespace std::chrono;
  for (int y : {1, 2, 99, 999, 1000, 1969, 1970, 2000, 2024, 9999})
    for (unsigned m : {1u, 2u, 12u})
      for (unsigned d : {1u, 28u, 29u, 31u}) {
        quarry::Date date{year{y}, month{m}, day{d}};
        if (!date.ok()) continue;
        CHECK(quarry::detail::storable(date));
        CHECK(quarry::detail::parse_date(quarry::detail::format_date(date)) == date);
      }
  CHECK_FALSE(quarry::detail::storable(quarry::Date{year{0} / 1 / 1}));
  CHECK_FALSE(quarry::detail::storable(quarry::Date{year{10000} / 1 / 1}));
  CHECK_FALSE(quarry::detail::storable(quarry::Date{year{2023} / 2 / 29}));
  CHECK_FALSE(quarry::detail::parse_date("0000-01-01"));
  CHECK_FALSE(quarry::detail::parse_date("-001-01-01"));
  CHECK_FALSE(quarry::detail::parse_date("+999-01-01"));
  CHECK_FALSE(quarry::detail::parse_date("2023-02-30"));
  CHECK_FALSE(quarry::detail::parse_date("2023-1-010"));
}

TEST_CASE("days since 1970 agree with the calendar on every day of the years 1 to 9999", "[types]") {
  using namespace std::chrono;
  long wrong = 0;
  for (int y = 1; y <= 9999; ++y)
    for (unsigned m = 1; m <= 12; ++m)
      for (unsigned d = 1; d <= 31; ++d) {
        year_month_day date{year{y}, month{m}, day{d}};
        if (date.ok() && quarry::detail::days_since_epoch(static_cast<unsigned>(y), m, d) !=
                             sys_days{date}.time_since_epoch().count())
          ++wrong;
      }
  CHECK(wrong == 0);
  static_assert(quarry::detail::days_since_epoch(1970, 1, 1) == 0);
  static_assert(quarry::detail::days_since_epoch(1969, 12, 31) == -1);
}

TEST_CASE("timestamps and decimal exponents take only well-formed fields", "[types]") {
  using quarry::detail::parse_timestamp;
  CHECK_FALSE(parse_timestamp("2024-01-01 46:29:59"));
  CHECK_FALSE(parse_timestamp("2024-01-01 -1:00:00"));
  CHECK_FALSE(parse_timestamp("2024-01-01T10:60:00"));
  CHECK_FALSE(parse_timestamp("2024-01-01 10:00:00+01:99"));
  CHECK_FALSE(parse_timestamp("2024-01-01 10:00:00+01:00garbage"));
  CHECK_FALSE(parse_timestamp("9999-12-31 23:00:00-05:00"));  // 10000-01-01 in UTC
  CHECK_FALSE(parse_timestamp("0000-01-01 00:00:00.000000"));
  CHECK_FALSE(parse_timestamp("2024-02-29 23:59:59.-01:00"));  // a '.' with no digit
  CHECK(parse_timestamp("2024-01-01 10:00:00+0130") == parse_timestamp("2024-01-01 08:30:00"));
  CHECK_THROWS_AS(Decimal("1e--5"), quarry::ConversionError);
  CHECK_THROWS_AS(Decimal("1e+-5"), quarry::ConversionError);
  CHECK_THROWS_AS(Decimal("1e--2147483648"), quarry::ConversionError);
  CHECK(Decimal("1e-3").to_string() == "0.001");
  CHECK(Decimal("25E2").to_string() == "2500");
}
