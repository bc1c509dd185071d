// SQL functions on every dialect: the same rows and values from lower, upper, trim, length,
// coalesce, nullif, abs, round, ceil, floor, concat, substring, now, current_date, extract and
// cast, in where, order_by, columns, group_by, having and set; fn<R>(...) and sql<R>(...).

#include "fixture.hpp"

#include <chrono>
#include <cstdlib>  // llabs

using namespace quarry::dsl;
using test::Author;
using test::Book;
using test::Sample;
using test::dec;

namespace {
quarry::Database fn_shelf() {
  auto db = test::fresh();
  auto ada = db.create(Author{.name = "Ada", .email = "ada@x"});
  auto bob = db.create(Author{.name = "Bob"});
  db.create(Book{.title = "Notes", .author_id = ada.id, .price = dec("29.99"), .stock = 3, .isbn = "1"});
  db.create(Book{.title = "Engines", .author_id = ada.id, .price = dec("45.00"), .stock = 0});
  db.create(Book{.title = "notebook", .author_id = bob.id, .price = dec("12.50"), .stock = 7, .isbn = "2"});
  db.create(Book{.title = "Numbers", .author_id = bob.id, .price = dec("30.00"), .stock = 3});
  return db;
}

std::vector<std::string> fn_titles(const std::vector<Book>& books) {
  std::vector<std::string> out;
  for (const auto& b : books) out.push_back(b.title);
  return out;
}
using FnNames = std::vector<std::string>;
}  // namespace

TEST_CASE("functions: lower, upper, trim and length in where, order_by and columns", "[query][functions]") {
  auto db = fn_shelf();
  CHECK(fn_titles(db.find_all<Book>(where(lower(col<&Book::title>) == "notes"))) == FnNames{"Notes"});
  CHECK(fn_titles(db.find_all<Book>(where(upper(col<&Book::title>).like("NOTE%")), order_by(col<&Book::title>))) ==
        FnNames{"Notes", "notebook"});
  CHECK(fn_titles(db.find_all<Book>(order_by(desc(length(col<&Book::title>)), col<&Book::title>))) ==
        FnNames{"notebook", "Engines", "Numbers", "Notes"});
  auto rows = db.select<Book>(columns(upper(col<&Book::title>), length(col<&Book::title>)),
                              where(col<&Book::title> == "Notes"));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == std::tuple<std::string, std::int64_t>{"NOTES", 5});
  // characters, not bytes, on every dialect (MySQL's LENGTH would say 9)
  db.create(Book{.title = "  Ünïcödé  ", .author_id = 1, .price = dec("1"), .stock = 1});
  auto n = db.select<Book>(columns(length(col<&Book::title>), length(trim(col<&Book::title>))),
                           where(col<&Book::stock> == 1));
  REQUIRE(n.size() == 1);
  CHECK(n[0] == std::tuple<std::int64_t, std::int64_t>{11, 7});
  // set: a column from a function of itself
  CHECK(db.update<Book>(set(col<&Book::title> = trim(col<&Book::title>)), where(col<&Book::stock> == 1)) == 1);
  CHECK(db.count<Book>(where(col<&Book::title> == "Ünïcödé")) == 1);
  CHECK(db.update<Book>(set(col<&Book::title> = upper(col<&Book::title>)), where(col<&Book::title> == "Notes")) == 1);
  CHECK(db.count<Book>(where(col<&Book::title> == "NOTES")) == 1);
}

TEST_CASE("functions: coalesce and nullif", "[query][functions]") {
  auto db = fn_shelf();
  auto rows = db.select<Book>(columns(coalesce(col<&Book::isbn>, "none"), nullif(col<&Book::stock>, 0)),
                              order_by(col<&Book::title>));
  using Row = std::tuple<std::string, std::optional<std::int32_t>>;
  CHECK(rows == std::vector<Row>{{"none", std::nullopt}, {"1", 3}, {"none", 3}, {"2", 7}});
  CHECK(db.count<Book>(where(coalesce(col<&Book::isbn>, "none") == "none")) == 2);
  CHECK(db.count<Book>(where(nullif(col<&Book::stock>, 3).is_null())) == 2);
  // a function of an aggregate, as a grouped column
  auto sums = db.select<Book>(columns(col<&Book::author_id>, coalesce(max(col<&Book::isbn>), "-")),
                              group_by(col<&Book::author_id>), order_by(col<&Book::author_id>));
  REQUIRE(sums.size() == 2);
  CHECK(std::get<1>(sums[0]) == "1");
  CHECK(std::get<1>(sums[1]) == "2");
}

TEST_CASE("functions: abs, round, ceil and floor of integers, doubles and decimals", "[query][functions]") {
  auto db = fn_shelf();
  auto by_title = order_by(col<&Book::title>);
  CHECK(fn_titles(db.find_all<Book>(where(abs(col<&Book::stock> - 5) == 2), by_title)) ==
        FnNames{"Notes", "Numbers", "notebook"});
  auto rows = db.select<Book>(columns(round(col<&Book::price>), round(col<&Book::price>, 1), ceil(col<&Book::price>),
                                     floor(col<&Book::price>)),
                              by_title);
  using Row = std::tuple<quarry::Decimal, quarry::Decimal, quarry::Decimal, quarry::Decimal>;
  CHECK(rows == std::vector<Row>{{dec("45"), dec("45"), dec("45"), dec("45")},
                                 {dec("30"), dec("30"), dec("30"), dec("29")},
                                 {dec("30"), dec("30"), dec("30"), dec("30")},
                                 {dec("13"), dec("12.5"), dec("13"), dec("12")}});
  db.create(Sample{.f64 = -2.7, .at = quarry::now(), .day = std::chrono::year{2020} / 1 / 1, .amount = dec("-3.4567")});
  auto d = db.select<Sample>(columns(abs(col<&Sample::f64>), round(col<&Sample::f64>), ceil(col<&Sample::f64>),
                                     floor(col<&Sample::f64>), round(col<&Sample::amount>, 2), abs(col<&Sample::amount>)));
  REQUIRE(d.size() == 1);
  CHECK(std::get<0>(d[0]) == Approx(2.7));
  CHECK(std::get<1>(d[0]) == -3.0);
  CHECK(std::get<2>(d[0]) == -2.0);
  CHECK(std::get<3>(d[0]) == -3.0);
  CHECK(std::get<4>(d[0]) == dec("-3.46"));
  CHECK(std::get<5>(d[0]) == dec("3.4567"));
  // a double rounded to digits (through NUMERIC on PostgreSQL) and an integer's ceil stay what they were
  auto more = db.select<Sample>(columns(round(col<&Sample::f64>, 1), round(col<&Sample::f64> * 100, -1),
                                        ceil(col<&Sample::i32>), floor(col<&Sample::maybe_amount>)));
  REQUIRE(more.size() == 1);
  static_assert(std::is_same_v<decltype(more)::value_type, std::tuple<double, double, std::int32_t, std::optional<quarry::Decimal>>>);
  CHECK(std::get<0>(more[0]) == Approx(-2.7));
  CHECK(std::get<1>(more[0]) == Approx(-270.0));
  CHECK(std::get<2>(more[0]) == 0);
  CHECK_FALSE(std::get<3>(more[0]).has_value());
  // set: a decimal rounded in place
  CHECK(db.update<Book>(set(col<&Book::price> = round(col<&Book::price>)), where(col<&Book::title> == "Notes")) == 1);
  CHECK(db.find_one<Book>(where(col<&Book::title> == "Notes"))->price == dec("30"));
}

TEST_CASE("functions: concat and substring", "[query][functions]") {
  auto db = fn_shelf();
  auto rows = db.select<Book>(columns(concat(col<&Book::title>, "-", col<&Book::isbn>), substring(col<&Book::title>, 2, 3),
                                     substring(col<&Book::title>, 3)),
                              order_by(col<&Book::title>));
  using Row = std::tuple<std::optional<std::string>, std::string, std::string>;
  // NULL in, NULL out on every dialect
  CHECK(rows == std::vector<Row>{{std::nullopt, "ngi", "gines"},
                                 {"Notes-1", "ote", "tes"},
                                 {std::nullopt, "umb", "mbers"},
                                 {"notebook-2", "ote", "tebook"}});
  CHECK(fn_titles(db.find_all<Book>(where(concat(col<&Book::title>, "!") == "Notes!"))) == FnNames{"Notes"});
  CHECK(fn_titles(db.find_all<Book>(where(substring(col<&Book::title>, 1, 3) == "Not"))) == FnNames{"Notes"});
}

TEST_CASE("functions: now, current_date and extract, in UTC", "[query][functions]") {
  auto db = test::fresh();
  using namespace std::chrono;
  quarry::Timestamp past = sys_days{year{2021} / 3 / 4} + hours{5} + minutes{6} + seconds{7} + microseconds{890123};
  quarry::Timestamp future = sys_days{year{2100} / 1 / 1};
  db.create(Sample{.text = "past", .at = past, .day = year{2020} / 2 / 29});
  db.create(Sample{.text = "future", .at = future, .day = year{2100} / 12 / 31});
  CHECK(db.count<Sample>(where(col<&Sample::at> < now())) == 1);
  CHECK(db.count<Sample>(where(col<&Sample::at> > now())) == 1);
  CHECK(db.count<Sample>(where(col<&Sample::day> < current_date())) == 1);
  auto clock = db.select<Sample>(columns(now(), current_date()), where(col<&Sample::text> == "past"));
  REQUIRE(clock.size() == 1);
  auto drift = duration_cast<seconds>(std::get<0>(clock[0]) - quarry::now()).count();
  CHECK(std::llabs(drift) < 300);  // the server's clock is this machine's
  auto today = year_month_day{floor<days>(system_clock::now())};
  auto days_off = (sys_days{std::get<1>(clock[0])} - sys_days{today}).count();
  CHECK((days_off == 0 || days_off == -1));  // -1 only across midnight
  using quarry::DatePart;
  auto parts = db.select<Sample>(
      columns(extract(DatePart::year, col<&Sample::at>), extract(DatePart::month, col<&Sample::at>),
              extract(DatePart::day, col<&Sample::at>), extract(DatePart::hour, col<&Sample::at>),
              extract(DatePart::minute, col<&Sample::at>), extract(DatePart::second, col<&Sample::at>),
              extract(DatePart::year, col<&Sample::day>), extract(DatePart::month, col<&Sample::day>),
              extract(DatePart::day, col<&Sample::day>)),
      where(col<&Sample::text> == "past"));
  REQUIRE(parts.size() == 1);
  CHECK(parts[0] == std::tuple<std::int64_t, std::int64_t, std::int64_t, std::int64_t, std::int64_t, std::int64_t,
                               std::int64_t, std::int64_t, std::int64_t>{2021, 3, 4, 5, 6, 7, 2020, 2, 29});
  auto years = db.select<Sample>(columns(extract(DatePart::year, col<&Sample::at>), count()),
                                 group_by(extract(DatePart::year, col<&Sample::at>)),
                                 order_by(extract(DatePart::year, col<&Sample::at>)));
  CHECK(years == std::vector<std::tuple<std::int64_t, std::int64_t>>{{2021, 1}, {2100, 1}});
  CHECK(db.count<Sample>(where(extract(DatePart::month, col<&Sample::day>) == 2)) == 1);
}

TEST_CASE("functions: cast to an integer, a double, text and a decimal", "[query][functions]") {
  auto db = fn_shelf();
  auto rows = db.select<Book>(columns(cast<std::string>(col<&Book::stock>), cast<double>(col<&Book::stock>),
                                     cast<std::int64_t>(col<&Book::price>), cast<quarry::Decimal>(col<&Book::stock>)),
                              where(col<&Book::title> == "Engines"));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == std::tuple<std::string, double, std::int64_t, quarry::Decimal>{"0", 0.0, 45, dec("0")});
  CHECK(fn_titles(db.find_all<Book>(where(cast<std::string>(col<&Book::stock>) == "7"))) == FnNames{"notebook"});
}

TEST_CASE("functions: fn<R> calls a function by name, its arguments bound", "[query][functions]") {
  auto db = fn_shelf();
  CHECK(fn_titles(db.find_all<Book>(where(fn<std::string>("replace", col<&Book::title>, "o", "0") == "N0tes"))) ==
        FnNames{"Notes"});
  auto rows = db.select<Book>(columns(fn<std::string>("lower", col<&Book::title>)), order_by(fn<std::string>("lower", col<&Book::title>)));
  CHECK(rows.size() == 4);
  CHECK(std::get<0>(rows[0]) == "engines");
  CHECK_THROWS_AS(db.find_all<Book>(where(fn<bool>("x); DROP TABLE books; --", 1))), quarry::QueryError);
  CHECK(db.count<Book>() == 4);
  // a function the database does not have is its error
  CHECK_THROWS_AS(db.find_all<Book>(where(fn<std::int64_t>("no_such_function_q", col<&Book::stock>) == 1)),
                  quarry::DatabaseError);
}

TEST_CASE("functions: sql<R> raw fragments with bound values", "[query][functions]") {
  auto db = fn_shelf();
  auto ada = db.find_one<Author>(where(col<&Author::name> == "Ada"));
  REQUIRE(ada);
  // the fragment's ? follow the statement's own numbering ($2, $3 on PostgreSQL)
  CHECK(fn_titles(db.find_all<Book>(where(col<&Book::author_id> == ada->id &&
                                          quarry::dsl::sql<bool>("stock > ? AND stock < ?", 2, 5)))) ==
        FnNames{"Notes"});
  auto rows = db.select<Book>(columns(col<&Book::title>, quarry::dsl::sql<std::int64_t>("stock * ?", 10)),
                              where(col<&Book::title> == "notebook"));
  CHECK(rows == std::vector<std::tuple<std::string, std::int64_t>>{{"notebook", 70}});
  CHECK(db.update<Book>(set(col<&Book::stock> = quarry::dsl::sql<std::int64_t>("stock + ?", 1)),
                        where(col<&Book::title> == "Engines")) == 1);
  CHECK(db.find_one<Book>(where(col<&Book::title> == "Engines"))->stock == 1);
  CHECK_THROWS_AS(quarry::dsl::sql<bool>("stock = ?"), quarry::QueryError);
}
