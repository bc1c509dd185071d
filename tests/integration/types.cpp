#include "fixture.hpp"

#include <limits>

using namespace quarry::dsl;
using test::Sample;

namespace {
quarry::Blob bytes(std::initializer_list<int> values) {
  quarry::Blob out;
  for (int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

Sample round_trip(quarry::Database& db, Sample s) {
  auto created = db.create(s);
  auto back = db.find_by_pk<Sample>(created.id);
  REQUIRE(back);
  return *back;
}
}  // namespace

TEST_CASE("every type survives a round trip", "[types]") {
  auto db = test::fresh();
  using std::chrono::sys_days;
  Sample s{
      .i8 = -128, .i16 = -32768, .i32 = std::numeric_limits<std::int32_t>::min(),
      .i64 = std::numeric_limits<std::int64_t>::min(), .u8 = 255, .u16 = 65535,
      .u32 = std::numeric_limits<std::uint32_t>::max(), .u64 = std::numeric_limits<std::int64_t>::max(),
      .flag = true, .f32 = 1.5f, .f64 = 3.141592653589793,
      .text = "plain \xF0\x9F\x98\x80 \xE2\x82\xAC \"quoted\" 'single' \\ back",
      .maybe_text = "",
      .blob = bytes({0, 1, 0, 255, 0}),
      .at = quarry::Timestamp{sys_days{std::chrono::year{2024} / 2 / 29}} + std::chrono::hours{23} +
            std::chrono::minutes{59} + std::chrono::seconds{59} + std::chrono::microseconds{999'999},
      .day = std::chrono::year{1999} / 12 / 31,
      .amount = quarry::Decimal("-12345678901.2345"),
      .maybe_amount = std::nullopt,
      .key = quarry::Uuid::parse("123e4567-e89b-12d3-a456-426614174000"),
      .color = test::Color::blue,
      .maybe_int = std::nullopt,
  };
  auto back = round_trip(db, s);
  CHECK(back.i8 == s.i8);
  CHECK(back.i16 == s.i16);
  CHECK(back.i32 == s.i32);
  CHECK(back.i64 == s.i64);
  CHECK(back.u8 == s.u8);
  CHECK(back.u16 == s.u16);
  CHECK(back.u32 == s.u32);
  CHECK(back.u64 == s.u64);
  CHECK(back.flag);
  CHECK(back.f32 == s.f32);
  CHECK(back.f64 == s.f64);
  CHECK(back.text == s.text);
  REQUIRE(back.maybe_text);
  CHECK(back.maybe_text->empty());  // empty string is not NULL
  CHECK(back.blob == s.blob);
  CHECK(back.at == s.at);
  CHECK(back.day == s.day);
  CHECK(back.amount == s.amount);
  CHECK(back.amount.to_string() == "-12345678901.2345");
  CHECK_FALSE(back.maybe_amount);
  CHECK(back.key == s.key);
  CHECK(back.color == test::Color::blue);
  CHECK_FALSE(back.maybe_int);

  s.i64 = std::numeric_limits<std::int64_t>::max();
  s.maybe_text = std::nullopt;
  s.maybe_amount = quarry::Decimal("0.001");
  s.maybe_int = 0;
  s.blob = {};
  s.text = std::string(100'000, 'x');
  s.flag = false;
  back = round_trip(db, s);
  CHECK(back.i64 == std::numeric_limits<std::int64_t>::max());
  CHECK_FALSE(back.maybe_text);
  CHECK(back.maybe_amount == quarry::Decimal("0.001"));
  CHECK(back.maybe_int == 0);
  CHECK(back.blob.empty());
  CHECK(back.text.size() == 100'000);
  CHECK_FALSE(back.flag);
}

TEST_CASE("rows of text of any length and NULLs read back in order, row after row", "[types]") {
  // One result whose text grows past its column buffer, shrinks and grows again, with NULLs
  // between: each row reads its own value, whatever the row before left in the buffers.
  auto db = test::fresh();
  const std::size_t lengths[] = {3, 1000, 0, 5, 70'000, 300, 2};
  std::vector<Sample> rows;
  for (std::size_t k = 0; k < std::size(lengths); ++k) {
    Sample s;
    s.day = std::chrono::year{2000} / 1 / 1;
    s.text = std::string(lengths[k], static_cast<char>('a' + k));
    if (k % 2) s.maybe_text = std::string(lengths[std::size(lengths) - 1 - k], static_cast<char>('A' + k));
    if (k % 3) s.maybe_int = -static_cast<std::int64_t>(k) * 1'000'000'007;
    s.i64 = static_cast<std::int64_t>(k) - 3;
    s.i32 = static_cast<std::int32_t>(k) * -70'000;
    rows.push_back(db.create(s));
  }
  auto back = db.find_all<Sample>(order_by(col<&Sample::id>));
  REQUIRE(back.size() == rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    CAPTURE(k);
    CHECK(back[k].text == rows[k].text);
    CHECK(back[k].maybe_text == rows[k].maybe_text);
    CHECK(back[k].maybe_int == rows[k].maybe_int);
    CHECK(back[k].i64 == rows[k].i64);
    CHECK(back[k].i32 == rows[k].i32);
  }
  // the same rows through raw SQL: the columns by position, into a tuple
  auto pairs = db.query<std::tuple<std::optional<std::string>, std::optional<std::int64_t>>>(
      "SELECT nullable_text, maybe_int FROM samples ORDER BY id");
  REQUIRE(pairs.size() == rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    CAPTURE(k);
    CHECK(std::get<0>(pairs[k]) == rows[k].maybe_text);
    CHECK(std::get<1>(pairs[k]) == rows[k].maybe_int);
  }
}

TEST_CASE("a read into a row that holds strings already replaces them whole", "[types]") {
  // the strings a read fills may hold text inline or on the heap, shorter or longer than the new
  auto db = test::fresh();
  auto row = db.create(Sample{.text = std::string(40, 'a'), .maybe_text = "short", .day = std::chrono::year{2000} / 1 / 1});
  const std::string held[] = {"", "tiny", std::string(15, 'b'), std::string(16, 'c'), std::string(39, 'd'),
                              std::string(41, 'e'), std::string(1000, 'f')};
  for (const auto& h : held) {
    CAPTURE(h.size());
    Sample s = row;
    s.text = h;
    s.maybe_text = h;
    REQUIRE(db.reload(s));
    CHECK(s.text == std::string(40, 'a'));
    CHECK(s.maybe_text == "short");
  }
}

TEST_CASE("MariaDB BIT and unsigned columns read as numbers and as their bytes", "[types]") {
  if (!test::on("mysql") && !test::on("mariadb")) return;
  auto db = test::fresh();
  db.execute("DROP TABLE IF EXISTS bits");
  db.execute("CREATE TABLE bits (id INTEGER PRIMARY KEY, b BIT(16), u BIGINT UNSIGNED, s INTEGER)");
  db.execute("INSERT INTO bits VALUES (1, b'0000000100000010', 18446744073709551615, -5), (2, NULL, 7, NULL)");
  auto numbers = db.query<std::tuple<std::optional<std::int64_t>, std::uint64_t, std::optional<std::string>>>(
      "SELECT b, u, s FROM bits ORDER BY id");
  REQUIRE(numbers.size() == 2);
  CHECK(std::get<0>(numbers[0]) == 258);
  CHECK(std::get<1>(numbers[0]) == std::numeric_limits<std::uint64_t>::max());
  CHECK(std::get<2>(numbers[0]) == "-5");  // an integer column read as text
  CHECK_FALSE(std::get<0>(numbers[1]));
  CHECK(std::get<1>(numbers[1]) == 7);
  CHECK_FALSE(std::get<2>(numbers[1]));
  auto raw = db.query<std::string>("SELECT b FROM bits WHERE id = 1");
  REQUIRE(raw.size() == 1);
  CHECK(raw[0] == std::string("\x01\x02", 2));  // the bits, big-endian
  // an unsigned value above the int64 range is a RangeError naming the column, never wrapped
  CHECK_THROWS_AS(db.query<std::int64_t>("SELECT u FROM bits WHERE id = 1"), quarry::RangeError);
  db.execute("DROP TABLE bits");
}

TEST_CASE("MariaDB integers of every width read back whole, as any number and as text", "[types]") {
  if (!test::on("mysql") && !test::on("mariadb")) return;
  auto db = test::fresh();
  db.execute("DROP TABLE IF EXISTS widths");
  db.execute("CREATE TABLE widths (id INTEGER PRIMARY KEY, t TINYINT, s SMALLINT, m MEDIUMINT, i INT, y YEAR, "
             "tu TINYINT UNSIGNED, su SMALLINT UNSIGNED, mu MEDIUMINT UNSIGNED, iu INT UNSIGNED)");
  db.execute("INSERT INTO widths VALUES (1, -128, -32768, -8388608, -2147483648, 1901, 255, 65535, 16777215, 4294967295), "
             "(2, 127, 32767, 8388607, 2147483647, 2155, 0, 0, 0, 0), (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
  using N = std::optional<std::int64_t>;
  auto rows = db.query<std::tuple<N, N, N, N, N, N, N, N, N>>("SELECT t, s, m, i, y, tu, su, mu, iu FROM widths ORDER BY id");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == std::tuple<N, N, N, N, N, N, N, N, N>{-128, -32768, -8388608, -2147483648LL, 1901, 255, 65535,
                                                         16777215, 4294967295LL});
  CHECK(rows[1] == std::tuple<N, N, N, N, N, N, N, N, N>{127, 32767, 8388607, 2147483647, 2155, 0, 0, 0, 0});
  CHECK(rows[2] == std::tuple<N, N, N, N, N, N, N, N, N>{});
  // into members of their own width, and of other kinds
  auto exact = db.query<std::tuple<std::int8_t, std::int16_t, std::int32_t, std::uint8_t, std::uint16_t, std::uint32_t>>(
      "SELECT t, s, i, tu, su, iu FROM widths WHERE id = 1");
  CHECK(exact == std::vector{std::tuple<std::int8_t, std::int16_t, std::int32_t, std::uint8_t, std::uint16_t, std::uint32_t>{
                     -128, -32768, std::numeric_limits<std::int32_t>::min(), 255, 65535, 4294967295u}});
  auto other = db.query<std::tuple<std::uint64_t, double, std::string, std::string, bool, double>>(
      "SELECT iu, iu, iu, i, t, i FROM widths WHERE id = 1");
  CHECK(other == std::vector{std::tuple<std::uint64_t, double, std::string, std::string, bool, double>{
                     4294967295u, 4294967295.0, "4294967295", "-2147483648", true, -2147483648.0}});
  // a value that does not fit its member is a RangeError, never wrapped
  CHECK_THROWS_AS(db.query<std::int32_t>("SELECT iu FROM widths WHERE id = 1"), quarry::RangeError);
  CHECK_THROWS_AS(db.query<std::uint32_t>("SELECT i FROM widths WHERE id = 1"), quarry::RangeError);
  CHECK_THROWS_AS(db.query<std::int8_t>("SELECT s FROM widths WHERE id = 1"), quarry::RangeError);
  db.execute("DROP TABLE widths");
}

TEST_CASE("timestamps of every kind of day read back as they were", "[types]") {
  // the first days of a month, the days after the 28th, leap days and the ends of the years
  auto db = test::fresh();
  using namespace std::chrono;
  std::vector<quarry::Timestamp> times;
  for (int y : {1000, 1969, 1970, 2023, 2024, 9999})
    for (unsigned m : {1u, 2u, 3u, 12u})
      for (unsigned d : {1u, 28u, 29u, 30u, 31u}) {
        year_month_day date{year{y}, month{m}, day{d}};
        if (date.ok()) times.push_back(sys_days{date} + hours{23} + minutes{59} + seconds{59} + microseconds{d * 1000 + m});
      }
  times.push_back(quarry::Timestamp{sys_days{year{1970} / 1 / 1}});
  std::vector<Sample> rows;
  for (auto t : times) rows.push_back(db.create(Sample{.text = "t", .at = t, .day = year_month_day{floor<days>(t)}}));
  auto back = db.find_all<Sample>(order_by(col<&Sample::id>));
  REQUIRE(back.size() == times.size());
  for (std::size_t k = 0; k < times.size(); ++k) {
    CAPTURE(k);
    CHECK(back[k].at == times[k]);
    CHECK(back[k].day == year_month_day{floor<days>(times[k])});
  }
  if (!test::on("mysql") && !test::on("mariadb")) return;
  // a DATE column read into a Timestamp: midnight of that day
  auto midnights = db.query<quarry::Timestamp>("SELECT day FROM samples ORDER BY id");
  REQUIRE(midnights.size() == times.size());
  for (std::size_t k = 0; k < times.size(); ++k) CHECK(midnights[k] == floor<days>(times[k]));
}

TEST_CASE("values of each type compare in queries", "[types]") {
  auto db = test::fresh();
  auto t0 = quarry::Timestamp{std::chrono::sys_days{std::chrono::year{2020} / 1 / 1}};
  for (int i = 0; i < 3; ++i)
    db.create(Sample{.i64 = i, .flag = i == 1, .text = "t" + std::to_string(i),
                     .at = t0 + std::chrono::microseconds{i}, .day = std::chrono::year{2020} / 1 / (i + 1),
                     .amount = quarry::Decimal(i), .key = quarry::Uuid::random(),
                     .color = i == 2 ? test::Color::green : test::Color::red});
  CHECK(db.count<Sample>(where(col<&Sample::at> > t0)) == 2);
  CHECK(db.count<Sample>(where(col<&Sample::at> == t0 + std::chrono::microseconds{1})) == 1);
  CHECK(db.count<Sample>(where(col<&Sample::day> >= quarry::Date{std::chrono::year{2020} / 1 / 2})) == 2);
  CHECK(db.count<Sample>(where(col<&Sample::flag> == true)) == 1);
  CHECK(db.count<Sample>(where(col<&Sample::flag>)) == 1);
  CHECK(db.count<Sample>(where(col<&Sample::color> == test::Color::red)) == 2);
  CHECK(db.count<Sample>(where(col<&Sample::amount> > quarry::Decimal("0.5"))) == 2);
}

TEST_CASE("decimals are exact and keep their scale", "[types]") {
  auto db = test::fresh();
  auto ada = db.create(test::Author{.name = "Ada"});
  db.create(test::Book{.title = "A", .author_id = ada.id, .price = quarry::Decimal("0.10")});
  db.create(test::Book{.title = "B", .author_id = ada.id, .price = quarry::Decimal("0.20")});
  auto sum = db.sum(col<&test::Book::price>);
  REQUIRE(sum);
  CHECK(*sum == quarry::Decimal("0.3"));
  auto a = db.find_one<test::Book>(where(col<&test::Book::title> == "A"));
  CHECK(a->price.to_string() == "0.10");
}

TEST_CASE("in and not_in lists of each type match the same rows on every dialect", "[types][where]") {
  auto db = test::fresh();
  auto t0 = quarry::Timestamp{std::chrono::sys_days{std::chrono::year{2020} / 1 / 1}};
  std::vector<quarry::Uuid> keys;
  // SQLite stores integers up to 2^63-1
  const std::uint64_t big = test::on("sqlite") ? 1u << 20 : std::numeric_limits<std::uint64_t>::max();
  for (int i = 0; i < 3; ++i) {
    keys.push_back(quarry::Uuid::random());
    db.create(Sample{.i8 = static_cast<std::int8_t>(i), .i32 = 10 * i, .i64 = i, .u32 = static_cast<std::uint32_t>(i),
                     .u64 = i == 2 ? big : static_cast<std::uint64_t>(i),
                     .flag = i == 1, .f32 = 0.5f * static_cast<float>(i), .f64 = 1.5 * i,
                     .text = "t" + std::to_string(i) + (i == 2 ? "\"q\\" : ""),
                     .maybe_text = i == 0 ? std::nullopt : std::optional<std::string>("m" + std::to_string(i)),
                     .at = t0 + std::chrono::microseconds{i}, .day = std::chrono::year{2020} / 1 / (i + 1),
                     .amount = quarry::Decimal(i), .key = keys.back(),
                     .color = i == 2 ? test::Color::blue : test::Color::red,
                     .maybe_int = i == 0 ? std::nullopt : std::optional<std::int64_t>(i)});
  }
  CHECK(db.count<Sample>(where(col<&Sample::i8>.in({0, 2}))) == 2);
  CHECK(db.count<Sample>(where(col<&Sample::i32>.in({10, 20, 30}))) == 2);
  CHECK(db.count<Sample>(where(col<&Sample::i64>.not_in({1}))) == 2);
  CHECK(db.count<Sample>(where(col<&Sample::u32>.in({2u}))) == 1);
  // an unsigned beyond int64 cannot go as int8: a list, on every dialect
  CHECK(db.count<Sample>(where(col<&Sample::u64>.in({big, std::uint64_t{1}}))) == 2);
  CHECK(db.count<Sample>(where(col<&Sample::u64>.in({std::uint64_t{0}, std::uint64_t{1}}))) == 2);
  CHECK(db.count<Sample>(where(col<&Sample::flag>.in({true}))) == 1);
  CHECK(db.count<Sample>(where(col<&Sample::f32>.in({0.5f, 1.0f}))) == 2);
  CHECK(db.count<Sample>(where(col<&Sample::f64>.in({1.5, 3.0}))) == 2);
  CHECK(db.count<Sample>(where(col<&Sample::text>.in({"t0", "t2\"q\\", "t1\"", "{x}", "NULL"}))) == 2);
  CHECK(db.count<Sample>(where(col<&Sample::text>.not_in({"t0", "t2\"q\\"}))) == 1);
  CHECK(db.count<Sample>(where(col<&Sample::amount>.in({quarry::Decimal("1"), quarry::Decimal("2.0")}))) == 2);
  CHECK(db.count<Sample>(where(col<&Sample::key>.in({keys[0], keys[2]}))) == 2);
  CHECK(db.count<Sample>(where(col<&Sample::color>.in({test::Color::blue, test::Color::green}))) == 1);
  CHECK(db.count<Sample>(where(col<&Sample::color>.not_in({test::Color::blue}))) == 2);
  CHECK(db.count<Sample>(where(col<&Sample::at>.in({t0, t0 + std::chrono::microseconds{2}}))) == 2);
  CHECK(db.count<Sample>(where(col<&Sample::day>.in({quarry::Date{std::chrono::year{2020} / 1 / 2}}))) == 1);
  // NULL in a list: IN finds the others, NOT IN finds nothing (x <> NULL is never true)
  CHECK(db.count<Sample>(where(col<&Sample::maybe_text>.in({std::optional<std::string>{}, std::optional<std::string>("m1")}))) == 1);
  CHECK(db.count<Sample>(where(col<&Sample::maybe_text>.not_in({std::optional<std::string>{}, std::optional<std::string>("m1")}))) == 0);
  CHECK(db.count<Sample>(where(col<&Sample::maybe_int>.in({std::optional<std::int64_t>{}, std::optional<std::int64_t>(2)}))) == 1);
  CHECK(db.count<Sample>(where(col<&Sample::maybe_int>.in({std::optional<std::int64_t>{}}))) == 0);
  CHECK(db.count<Sample>(where(col<&Sample::maybe_int>.not_in({std::optional<std::int64_t>{}}))) == 0);
}

TEST_CASE("PostgreSQL: an in list of any length is one prepared statement", "[types][where][statements]") {
  if (!test::on("postgres")) return;
  auto db = test::fresh({.pool = {.max = 1}});
  for (int i = 0; i < 50; ++i)
    db.create(Sample{.i64 = i, .text = "t" + std::to_string(i), .day = std::chrono::year{2020} / 1 / 1});
  db.transaction([](quarry::Transaction& tx) {
    auto prepared = [&] { return tx.query<std::int64_t>("SELECT count(*) FROM pg_prepared_statements").at(0); };
    std::vector<std::int64_t> ints;
    std::vector<std::string> texts;
    auto before = prepared();
    for (int n = 1; n <= 40; ++n) {
      ints.push_back(n - 1);
      texts.push_back("t" + std::to_string(n - 1));
      CHECK(tx.count<Sample>(where(col<&Sample::i64>.in(ints))) == n);
      CHECK(tx.count<Sample>(where(col<&Sample::text>.not_in(texts))) == 50 - n);
    }
    CHECK(prepared() - before <= 2);  // the two statements, whatever the lengths
  });
}

namespace {
/// update<Sample>(set(col<M> = value), where(...)) of plain values runs as a prepared shape with
/// the values bound from the query (exec::update_shaped); count(where(col<M> == value)) lowers
/// its condition to a tree. Both must bind value alike on every dialect.
template <auto M, class V>
void set_and_match(quarry::Database& db, std::int64_t id, const V& value) {
  CHECK(db.update<Sample>(set(col<M> = value), where(col<&Sample::id> == id)) == 1);
  CHECK(db.count<Sample>(where(col<M> == value)) == 1);
  CHECK(db.update<Sample>(set(col<&Sample::i32> = 77), where(col<M> == value)) == 1);
  auto back = db.find_by_pk<Sample>(id);
  REQUIRE(back);
  CHECK((*back).*M == value);
  CHECK(back->i32 == 77);
  db.update<Sample>(set(col<&Sample::i32> = 0), where(col<&Sample::id> == id));
}
}  // namespace

TEST_CASE("update by set(...) of values and one comparison binds every type as a tree does", "[types][update]") {
  auto db = test::fresh();
  using std::chrono::sys_days;
  auto row = db.create(
      Sample{.text = "t", .day = std::chrono::year{2000} / 1 / 1, .amount = quarry::Decimal("1"), .color = test::Color::red});
  db.create(Sample{.text = "other", .day = std::chrono::year{2000} / 1 / 2, .amount = quarry::Decimal("2"),
                   .color = test::Color::green});
  set_and_match<&Sample::i8>(db, row.id, std::int8_t{-5});
  set_and_match<&Sample::i16>(db, row.id, std::int16_t{-3000});
  set_and_match<&Sample::i64>(db, row.id, std::int64_t{-9'000'000'000});
  set_and_match<&Sample::u8>(db, row.id, std::uint8_t{200});
  set_and_match<&Sample::u16>(db, row.id, std::uint16_t{60000});
  set_and_match<&Sample::u32>(db, row.id, std::uint32_t{4'000'000'000u});
  set_and_match<&Sample::u64>(db, row.id, std::uint64_t{4'000'000'000'000});
  set_and_match<&Sample::flag>(db, row.id, true);
  set_and_match<&Sample::f32>(db, row.id, 1.5f);
  set_and_match<&Sample::f64>(db, row.id, 2.25);
  set_and_match<&Sample::text>(db, row.id, std::string("a text longer than a small-string buffer"));
  set_and_match<&Sample::maybe_text>(db, row.id, std::optional<std::string>("maybe"));
  set_and_match<&Sample::blob>(db, row.id, bytes({0, 7, 0, 255}));
  set_and_match<&Sample::at>(db, row.id,
                             quarry::Timestamp{sys_days{std::chrono::year{2023} / 5 / 6}} + std::chrono::microseconds{123'456});
  set_and_match<&Sample::day>(db, row.id, quarry::Date{std::chrono::year{1999} / 12 / 31});
  set_and_match<&Sample::amount>(db, row.id, quarry::Decimal("12.5"));
  set_and_match<&Sample::key>(db, row.id, quarry::Uuid::parse("123e4567-e89b-12d3-a456-426614174000"));
  set_and_match<&Sample::color>(db, row.id, test::Color::blue);
  set_and_match<&Sample::maybe_int>(db, row.id, std::optional<std::int64_t>(42));

  // text given as a pointer or a view is kept by the query, NULL written by std::nullopt
  std::string name = "viewed";
  CHECK(db.update<Sample>(set(col<&Sample::text> = std::string_view(name)), where(col<&Sample::id> == row.id)) == 1);
  CHECK(db.update<Sample>(set(col<&Sample::maybe_int> = std::nullopt), where(col<&Sample::text> == name.c_str())) == 1);
  CHECK_FALSE(db.find_by_pk<Sample>(row.id)->maybe_int);

  // the same prepared statement, value after value, and each operator
  for (std::int32_t v : {1, 2, 3}) CHECK(db.update<Sample>(set(col<&Sample::i32> = v), where(col<&Sample::id> == row.id)) == 1);
  CHECK(db.find_by_pk<Sample>(row.id)->i32 == 3);
  CHECK(db.update<Sample>(set(col<&Sample::u8> = std::uint8_t{1}), where(col<&Sample::id> != row.id)) == 1);
  CHECK(db.update<Sample>(set(col<&Sample::u8> = std::uint8_t{2}), where(col<&Sample::id> > row.id)) == 1);
  CHECK(db.update<Sample>(set(col<&Sample::u8> = std::uint8_t{3}), where(col<&Sample::id> >= row.id)) == 2);
  CHECK(db.update<Sample>(set(col<&Sample::u8> = std::uint8_t{4}), where(col<&Sample::id> < row.id)) == 0);
  CHECK(db.update<Sample>(set(col<&Sample::u8> = std::uint8_t{5}), where(col<&Sample::id> <= row.id)) == 1);
  CHECK(db.count<Sample>(where(col<&Sample::u8> == 5)) == 1);

  // a date no backend stores, in the where: refused before any SQL, as in a tree
  auto far = quarry::Date{std::chrono::year{10000} / 1 / 1};
  CHECK_THROWS_AS(db.update<Sample>(set(col<&Sample::i32> = 9), where(col<&Sample::day> == far)), quarry::ConversionError);
  CHECK(db.count<Sample>(where(col<&Sample::i32> == 9)) == 0);
}
