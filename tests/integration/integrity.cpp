// No silent truncation or wrapping, on every dialect: what is written is what is stored, what is
// read fits its member or is an error naming the column, and LIKE escapes travel.
#include "fixture.hpp"

#include <limits>

using namespace quarry::dsl;

namespace integrity {

// Two views of one table: Wide writes values that Narrow's members cannot hold.
struct Wide {
  std::int64_t id{};
  std::int64_t small{};
  std::int64_t medium{};
  std::int64_t count{};
  std::int64_t huge{};
};
struct Narrow {
  std::int64_t id{};
  std::int8_t small{};
  std::int32_t medium{};
  std::uint32_t count{};
  std::uint64_t huge{};
};

// A double stored as an exact decimal.
struct Measure {
  std::int64_t id{};
  double ratio{};
};

// A parent that cannot be deleted while a child points at it.
struct Shelf {
  std::int64_t id{};
  std::string name;
};
struct Slot {
  std::int64_t id{};
  std::int64_t shelf_id{};
};

// A default with a backslash in it.
struct Label {
  std::int64_t id{};
  std::string text;
  std::string path;
};

}  // namespace integrity

template <>
struct quarry::Model<integrity::Wide> {
  static constexpr auto table = "ranges";
  static constexpr auto fields = quarry::fields(
      quarry::field<&integrity::Wide::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&integrity::Wide::small>(), quarry::field<&integrity::Wide::medium>(),
      quarry::field<&integrity::Wide::count>(), quarry::field<&integrity::Wide::huge>());
};
template <>
struct quarry::Model<integrity::Narrow> {
  static constexpr auto table = "ranges";
  static constexpr auto fields = quarry::fields(
      quarry::field<&integrity::Narrow::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&integrity::Narrow::small>(), quarry::field<&integrity::Narrow::medium>(),
      quarry::field<&integrity::Narrow::count>(), quarry::field<&integrity::Narrow::huge>());
};
template <>
struct quarry::Model<integrity::Measure> {
  static constexpr auto table = "measures";
  static constexpr auto fields =
      quarry::fields(quarry::field<&integrity::Measure::id>(quarry::primary_key, quarry::auto_increment),
                     quarry::field<&integrity::Measure::ratio>(quarry::decimal(14, 10)));
};
template <>
struct quarry::Model<integrity::Shelf> {
  static constexpr auto table = "shelves";
  static constexpr auto fields = quarry::fields(
      quarry::field<&integrity::Shelf::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&integrity::Shelf::name>(quarry::size(40)));
};
template <>
struct quarry::Model<integrity::Slot> {
  static constexpr auto table = "slots";
  static constexpr auto fields = quarry::fields(
      quarry::field<&integrity::Slot::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&integrity::Slot::shelf_id>(quarry::references<&integrity::Shelf::id>(quarry::on_delete::restrict)));
};
template <>
struct quarry::Model<integrity::Label> {
  static constexpr auto table = "labels";
  static constexpr auto fields = quarry::fields(
      quarry::field<&integrity::Label::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&integrity::Label::text>(quarry::size(40)),
      quarry::field<&integrity::Label::path>(quarry::size(40), quarry::default_value("C:\\temp\\'x'")));
};

using integrity::Narrow;
using integrity::Wide;
using test::Book;
using test::dec;
using test::Sample;

namespace {
/// The first field named in a ValidationError, or "" when f threw nothing.
template <class F>
std::string failing_field(F&& f) {
  try {
    f();
  } catch (const quarry::ValidationError& e) {
    REQUIRE(!e.errors().empty());
    return e.errors().front().field;
  }
  return "";
}
}  // namespace

TEST_CASE("text with a NUL byte: PostgreSQL refuses it naming the column, the others keep every byte",
          "[integrity][text]") {
  auto db = test::fresh();
  auto author = db.create(test::Author{.name = "Ada"});
  const std::string nul("in\0side", 7);
  Book plain{.title = "clean", .author_id = author.id, .price = dec("1.00")};
  Book bad = plain;
  bad.title = nul;
  if (test::on("postgres")) {
    CHECK(failing_field([&] { db.create(bad); }) == "title");
    auto saved = bad;
    CHECK(failing_field([&] { db.save(saved); }) == "title");
    auto stored = db.create(plain);
    auto changed = stored;
    changed.title = nul;
    CHECK(failing_field([&] { db.update(changed); }) == "title");
    CHECK(failing_field([&] { db.update<Book>(set(col<&Book::title> = nul), where(col<&Book::id> == stored.id)); }) ==
          "title");
    CHECK(failing_field([&] { db.find_all<Book>(where(col<&Book::title> == nul)); }) == "title");
    CHECK(failing_field([&] { db.bulk_create(std::vector<Book>{plain, bad}); }) == "[1].title");
    // nothing cut short was stored, and the connection still works
    auto all = db.find_all<Book>();
    REQUIRE(all.size() == 1);
    CHECK(all[0].title == "clean");
  } else {
    auto created = db.create(bad);
    auto back = db.find_by_pk<Book>(created.id);
    REQUIRE(back);
    CHECK(back->title == nul);
    CHECK(db.count<Book>(where(col<&Book::title> == nul)) == 1);
    auto more = db.bulk_create(std::vector<Book>{plain, bad});
    CHECK(db.count<Book>(where(col<&Book::title> == nul)) == 2);
    db.update<Book>(set(col<&Book::title> = nul + "!"), where(col<&Book::id> == more[0].id));
    CHECK(db.find_by_pk<Book>(more[0].id)->title == nul + "!");
  }
}

TEST_CASE("a value that does not fit its member is a RangeError naming the column, never wrapped",
          "[integrity][range]") {
  auto db = test::fresh();
  db.sync<Wide>({.force = true});
  auto read_back = [&](Wide w) -> std::string {
    db.truncate<Wide>();
    db.create(w);
    try {
      db.find_all<Narrow>();
    } catch (const quarry::RangeError& e) {
      CHECK(e.sql().find("SELECT") != std::string::npos);
      CHECK(std::string(e.what()).find("does not fit") != std::string::npos);
      return e.what();
    }
    return "";
  };
  CHECK(read_back({.small = 130}).find("column 'small' holds 130") != std::string::npos);
  CHECK(read_back({.small = -129}).find("column 'small' holds -129") != std::string::npos);
  CHECK(read_back({.medium = 5'000'000'000}).find("column 'medium' holds 5000000000") != std::string::npos);
  CHECK(read_back({.count = -1}).find("column 'count' holds -1") != std::string::npos);
  CHECK(read_back({.count = 4'294'967'296}).find("column 'count'") != std::string::npos);
  CHECK(read_back({.huge = -5}).find("column 'huge' holds -5") != std::string::npos);
  // at the edges, everything fits
  CHECK(read_back({.small = -128, .medium = std::numeric_limits<std::int32_t>::min(), .count = 4'294'967'295,
                   .huge = std::numeric_limits<std::int64_t>::max()}) == "");
  auto fine = db.find_all<Narrow>();
  REQUIRE(fine.size() == 1);
  CHECK(fine[0].small == -128);
  CHECK(fine[0].count == 4'294'967'295u);
  // raw queries read through the same checks, and the errors are quarry::Errors
  db.truncate<Wide>();
  db.create(Wide{.small = 300});
  CHECK_THROWS_AS(db.query<std::tuple<std::int8_t>>("SELECT small FROM ranges"), quarry::RangeError);
  CHECK_THROWS_AS(db.query<std::int16_t>("SELECT medium + 40000 FROM ranges"), quarry::RangeError);
  CHECK_THROWS_AS(db.query<std::tuple<std::string>>("SELECT NULL"), quarry::ConversionError);
  CHECK_THROWS_AS(db.query<quarry::Decimal>("SELECT 'twelve'"), quarry::ConversionError);
  CHECK_THROWS_AS(db.query<quarry::Uuid>("SELECT 'not-a-uuid'"), quarry::ConversionError);
  try {
    db.query<quarry::Decimal>("SELECT 'twelve' AS price");
    FAIL("an unparseable decimal was read");
  } catch (const quarry::Error& e) {
    CHECK(std::string(e.what()).find("column 'price'") != std::string::npos);
    CHECK(e.sql() == "SELECT 'twelve' AS price");
  }
}

TEST_CASE("PostgreSQL: infinity and times beyond the years 1 to 9999 are ConversionErrors, never wrapped",
          "[integrity][range]") {
  if (!test::on("postgres")) return;
  auto db = test::fresh();
  auto refused = [&](auto read, const char* sql) -> std::string {
    try {
      read(sql);
    } catch (const quarry::ConversionError& e) {
      CHECK(std::string(e.what()).find("column 'at'") != std::string::npos);
      return e.what();
    }
    FAIL(sql);
    return "";
  };
  auto timestamps = [&](const char* sql) { db.query<quarry::Timestamp>(sql); };
  auto dates = [&](const char* sql) { db.query<quarry::Date>(sql); };
  CHECK(refused(timestamps, "SELECT 'infinity'::timestamptz AS at").find("'infinity'") != std::string::npos);
  CHECK(refused(timestamps, "SELECT '-infinity'::timestamp AS at").find("'-infinity'") != std::string::npos);
  refused(timestamps, "SELECT '20000-01-01'::timestamptz AS at");
  refused(timestamps, "SELECT '0001-01-01 BC'::timestamptz AS at");
  CHECK(refused(dates, "SELECT 'infinity'::date AS at").find("'infinity'") != std::string::npos);
  refused(dates, "SELECT '10000-01-01'::date AS at");
  // the edges read as they are
  CHECK(db.query<quarry::Date>("SELECT '9999-12-31'::date") ==
        std::vector<quarry::Date>{std::chrono::year{9999} / 12 / 31});
  CHECK(db.query<quarry::Date>("SELECT '0001-01-01'::date") == std::vector<quarry::Date>{std::chrono::year{1} / 1 / 1});
}

TEST_CASE("SQLite: a REAL beyond int64 or text that is no number is an error, not a clamped or zero integer",
          "[integrity][range]") {
  if (!test::on("sqlite")) return;  // the servers' integer columns hold neither
  auto db = test::fresh();
  db.sync<Wide>({.force = true});
  auto row = db.create(Wide{.small = 1});
  db.execute("UPDATE ranges SET huge = 1e19 WHERE id = ?", row.id);
  CHECK_THROWS_AS(db.find_all<Wide>(), quarry::RangeError);
  CHECK_THROWS_AS(db.query<std::int64_t>("SELECT huge FROM ranges"), quarry::RangeError);
  db.execute("UPDATE ranges SET huge = 'lots' WHERE id = ?", row.id);
  CHECK_THROWS_AS(db.find_all<Wide>(), quarry::ConversionError);
  db.execute("UPDATE ranges SET huge = 0 WHERE id = ?", row.id);  // a real 0, and a real extreme, still read
  CHECK(db.find_all<Wide>().at(0).huge == 0);
  db.execute("UPDATE ranges SET huge = ? WHERE id = ?", std::numeric_limits<std::int64_t>::max(), row.id);
  CHECK(db.find_all<Wide>().at(0).huge == std::numeric_limits<std::int64_t>::max());
}

TEST_CASE("set(...), increment and decrement are checked like a created row", "[integrity][update]") {
  auto db = test::fresh();
  auto sample = db.create(Sample{.i8 = 1, .text = "x", .day = std::chrono::year{2024} / 1 / 31, .amount = dec("1")});
  auto by_id = where(col<&Sample::id> == sample.id);
  CHECK(failing_field([&] { db.update<Sample>(set(col<&Sample::i8> = 300), by_id); }) == "i8");
  CHECK(failing_field([&] { db.update<Sample>(set(col<&Sample::u16> = -1), by_id); }) == "u16");
  CHECK(failing_field([&] {
          db.update<Sample>(set(col<&Sample::day> = quarry::Date{std::chrono::year{2023} / 2 / 30}), by_id);
        }) == "day");
  CHECK(failing_field([&] {
          db.update<Sample>(set(col<&Sample::day> = quarry::Date{std::chrono::year{10000} / 1 / 1}), by_id);
        }) == "day");
  CHECK(failing_field([&] { db.update<Sample>(set(col<&Sample::amount> = dec("123456789012.5")), by_id); }) == "amount");
  CHECK(failing_field([&] { db.increment<Sample>(col<&Sample::i8>, 1000, by_id); }) == "i8");
  CHECK(failing_field([&] { db.decrement<Sample>(col<&Sample::u8>, 256, by_id); }) == "u8");
  CHECK(failing_field([&] { db.increment(sample, col<&Sample::i16>, 70000); }) == "i16");
  // an impossible date never reached the table: every row still reads
  auto back = db.find_by_pk<Sample>(sample.id);
  REQUIRE(back);
  CHECK(back->i8 == 1);
  CHECK(back->day == quarry::Date{std::chrono::year{2024} / 1 / 31});
  CHECK(failing_field([&] { db.create(Sample{.day = quarry::Date{std::chrono::year{0} / 1 / 1}}); }) == "day");
  // timestamps too: one that reads back as a year no parser takes would poison the table
  const quarry::Timestamp far{std::chrono::sys_days{std::chrono::year{10000} / 1 / 1}};
  CHECK(failing_field([&] { db.update<Sample>(set(col<&Sample::at> = far), by_id); }) == "at");
  CHECK(failing_field([&] { db.create(Sample{.at = far, .day = std::chrono::year{2024} / 1 / 1}); }) == "at");
  CHECK_THROWS_AS(db.count<Sample>(where(col<&Sample::at> < far)), quarry::ConversionError);
  // values that fit go through
  CHECK(db.update<Sample>(set(col<&Sample::i8> = 127), by_id) == 1);
  CHECK(db.increment<Sample>(col<&Sample::i8>, -27, by_id) == 1);
  CHECK(db.find_by_pk<Sample>(sample.id)->i8 == 100);
}

TEST_CASE("arithmetic on a decimal column stores the value at the column's scale", "[integrity][decimal]") {
  auto db = test::fresh();
  auto author = db.create(test::Author{.name = "Ada"});
  auto book = db.create(Book{.title = "Dune", .author_id = author.id, .price = dec("24.99")});
  db.update<Book>(set(col<&Book::price> = col<&Book::price> * dec("1.1")), where(col<&Book::id> == book.id));
  CHECK(db.find_by_pk<Book>(book.id)->price == dec("27.49"));
  CHECK(db.count<Book>(where(col<&Book::price> == dec("27.49"))) == 1);
  db.increment(book, col<&Book::price>, dec("0.005"));
  CHECK(book.price.to_string() == "27.50");
  CHECK(db.count<Book>(where(col<&Book::price> == dec("27.50"))) == 1);
}

TEST_CASE("a double declared decimal(p, s) stores the same value by create and by bulk_create",
          "[integrity][decimal]") {
  auto db = test::fresh();
  db.sync<integrity::Measure>({.force = true});
  auto one = db.create(integrity::Measure{.ratio = 0.1234567891});
  auto many = db.bulk_create(std::vector<integrity::Measure>(3, integrity::Measure{.ratio = 0.1234567891}));
  auto all = db.find_all<integrity::Measure>(order_by(col<&integrity::Measure::id>));
  REQUIRE(all.size() == 4);
  for (const auto& m : all) CHECK(m.ratio == 0.1234567891);
  CHECK(db.count<integrity::Measure>(where(col<&integrity::Measure::ratio> == 0.1234567891)) == 4);
  (void)one;
  (void)many;
}

TEST_CASE("starts_with, ends_with, contains and like escape %, _ and \\ alike on every dialect",
          "[integrity][like]") {
  auto db = test::fresh();
  auto author = db.create(test::Author{.name = "Ada"});
  for (std::string title : {"50% off", "500 off", "a_b", "axb", R"(back\slash)", R"(backXslash)", "end_b"})
    db.create(Book{.title = title, .author_id = author.id, .price = dec("1")});
  auto titles = [&](auto condition) {
    std::vector<std::string> out;
    for (const auto& b : db.find_all<Book>(where(condition), order_by(col<&Book::title>))) out.push_back(b.title);
    return out;
  };
  using V = std::vector<std::string>;
  CHECK(titles(col<&Book::title>.contains("%")) == V{"50% off"});
  CHECK(titles(col<&Book::title>.starts_with("50%")) == V{"50% off"});
  CHECK(titles(col<&Book::title>.starts_with("a_")) == V{"a_b"});
  CHECK(titles(col<&Book::title>.ends_with("_b")) == V{"a_b", "end_b"});
  CHECK(titles(col<&Book::title>.contains("\\")) == V{R"(back\slash)"});
  CHECK(titles(col<&Book::title>.like("a\\_%")) == V{"a_b"});
  CHECK(titles(col<&Book::title>.like(quarry::escape_like("back\\") + "%")) == V{R"(back\slash)"});
  CHECK(titles(col<&Book::title>.ilike("A\\_B")) == V{"a_b"});
  CHECK(titles(col<&Book::title>.like("a_b")) == V{"a_b", "axb"});  // unescaped: a wildcard
}

TEST_CASE("ON DELETE RESTRICT is a ForeignKeyConstraintError", "[integrity][errors]") {
  auto db = test::fresh();
  db.drop<integrity::Slot, integrity::Shelf>();
  db.sync<integrity::Shelf, integrity::Slot>();
  auto shelf = db.create(integrity::Shelf{.name = "top"});
  db.create(integrity::Slot{.shelf_id = shelf.id});
  CHECK_THROWS_AS(db.destroy(shelf), quarry::ForeignKeyConstraintError);
  CHECK(db.count<integrity::Shelf>() == 1);
}

TEST_CASE("a DEFAULT with a backslash and a quote is stored as written, whatever MySQL's sql_mode",
          "[integrity][ddl]") {
  auto db = test::fresh();
  auto check_default = [&](quarry::Session& s) {
    s.drop<integrity::Label>();
    s.sync<integrity::Label>();
    s.execute("INSERT INTO labels (text) VALUES (?)", std::string("plain"));
    auto paths = s.query<std::string>("SELECT path FROM labels");
    REQUIRE(paths.size() == 1);
    CHECK(paths[0] == "C:\\temp\\'x'");
  };
  check_default(db);
  if (test::on("mysql")) {
    // one connection, so that the session's sql_mode holds for every statement after it
    quarry::Database one{test::url(), {.pool = {.max = 1, .min = 1}}};
    one.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')");
    REQUIRE(one.query<std::string>("SELECT @@sql_mode")[0].find("NO_BACKSLASH_ESCAPES") != std::string::npos);
    check_default(one);
    // LIKE's escape reads the same in this mode
    CHECK(one.query<std::int64_t>("SELECT COUNT(*) FROM labels WHERE path LIKE ? ESCAPE CHAR(92)", R"(C:\\temp%)")[0] == 1);
    CHECK(one.find_all<integrity::Label>(where(col<&integrity::Label::path>.starts_with("C:\\temp\\"))).size() == 1);
    CHECK(one.find_all<integrity::Label>(where(col<&integrity::Label::path>.contains("_"))).empty());
  }
}
