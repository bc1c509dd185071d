// PostgreSQL's binary format: what a bulk insert encodes as an array, the driver's decoding of
// a result reads back as the same values (one codec, both directions).

#include <catch2/catch.hpp>

#include <quarry/dialect/postgres.hpp>
#include <quarry/dialect/postgres_binary.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace pg = quarry::dialect::pg_binary;
using quarry::sql::Value;

namespace {
/// The elements of a one-dimensional binary array, each as its bytes (nullopt for NULL); they
/// point into array.
std::vector<std::optional<std::string_view>> elements(const quarry::Blob& array, unsigned& element_oid) {
  std::string_view raw(reinterpret_cast<const char*>(array.data()), array.size());
  REQUIRE(raw.size() >= 20);
  CHECK(pg::int4(raw.substr(0, 4)) == 1);  // dimensions
  element_oid = static_cast<unsigned>(pg::int4(raw.substr(8, 4)));
  auto count = static_cast<std::size_t>(pg::int4(raw.substr(12, 4)));
  CHECK(pg::int4(raw.substr(16, 4)) == 1);  // lower bound
  raw.remove_prefix(20);
  std::vector<std::optional<std::string_view>> out;
  for (std::size_t i = 0; i < count; ++i) {
    REQUIRE(raw.size() >= 4);
    auto length = pg::int4(raw.substr(0, 4));
    raw.remove_prefix(4);
    if (length < 0) {
      out.emplace_back(std::nullopt);
      continue;
    }
    REQUIRE(raw.size() >= static_cast<std::size_t>(length));
    out.emplace_back(raw.substr(0, static_cast<std::size_t>(length)));
    raw.remove_prefix(static_cast<std::size_t>(length));
  }
  CHECK(raw.empty());
  return out;
}

quarry::sql::ColumnType of(quarry::TypeKind kind) {
  quarry::sql::ColumnType t;
  t.kind = kind;
  return t;
}

quarry::Blob encoded(quarry::TypeKind kind, const std::vector<Value>& values) {
  Value v = quarry::dialect::postgres.array_param(of(kind), values);
  REQUIRE(std::holds_alternative<quarry::Blob>(v));
  return std::get<quarry::Blob>(v);
}
}  // namespace

TEST_CASE("postgres binary: integers, doubles and booleans read back as they were sent", "[sql][postgres]") {
  unsigned oid = 0;
  auto ints_bytes = encoded(quarry::TypeKind::int64, {Value{std::int64_t{-5}}, Value{}, Value{INT64_MAX}});
  auto ints = elements(ints_bytes, oid);
  CHECK(oid == pg::oid::int8);
  REQUIRE(ints.size() == 3);
  CHECK(pg::int8(*ints[0]) == -5);
  CHECK_FALSE(ints[1]);
  CHECK(pg::int8(*ints[2]) == INT64_MAX);

  auto small_bytes = encoded(quarry::TypeKind::int16, {Value{std::int64_t{-300}}});
  auto small = elements(small_bytes, oid);
  CHECK(oid == pg::oid::int2);
  CHECK(pg::int2(*small[0]) == -300);

  auto reals_bytes = encoded(quarry::TypeKind::float64, {Value{0.1}, Value{-2.5e300}});
  auto reals = elements(reals_bytes, oid);
  CHECK(oid == pg::oid::float8);
  CHECK(pg::float8(*reals[0]) == 0.1);
  CHECK(pg::float8(*reals[1]) == -2.5e300);

  auto flags_bytes = encoded(quarry::TypeKind::boolean, {Value{true}, Value{false}});
  auto flags = elements(flags_bytes, oid);
  CHECK(oid == pg::oid::boolean);
  CHECK(pg::boolean(*flags[0]));
  CHECK_FALSE(pg::boolean(*flags[1]));
}

TEST_CASE("postgres binary: timestamps, dates and UUIDs read back as they were sent", "[sql][postgres]") {
  using namespace std::chrono;
  unsigned oid = 0;
  quarry::Timestamp before_2000 = quarry::Timestamp{sys_days{year{1969} / 7 / 20}} + hours{20} + microseconds{17};
  quarry::Timestamp after_2000 = quarry::Timestamp{sys_days{year{2026} / 12 / 1}} + seconds{1};
  auto stamps_bytes = encoded(quarry::TypeKind::timestamp, {Value{before_2000}, Value{after_2000}});
  auto stamps = elements(stamps_bytes, oid);
  CHECK(oid == pg::oid::timestamptz);
  CHECK(pg::timestamp(*stamps[0]) == before_2000);
  CHECK(pg::timestamp(*stamps[1]) == after_2000);

  quarry::Date day{year{1999} / 12 / 31}, later{year{9999} / 12 / 31};
  auto dates_bytes = encoded(quarry::TypeKind::date, {Value{day}, Value{later}});
  auto dates = elements(dates_bytes, oid);
  CHECK(oid == pg::oid::date);
  CHECK(pg::date(*dates[0]) == day);
  CHECK(pg::date(*dates[1]) == later);

  auto id = quarry::Uuid::parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
  auto uuids_bytes = encoded(quarry::TypeKind::uuid, {Value{id}});
  auto uuids = elements(uuids_bytes, oid);
  CHECK(oid == pg::oid::uuid);
  CHECK(pg::uuid(*uuids[0]).bytes == id.bytes);
}

TEST_CASE("postgres binary: text goes as its bytes, numeric columns as a text array", "[sql][postgres]") {
  unsigned oid = 0;
  auto texts_bytes = encoded(quarry::TypeKind::text, {Value{std::string("a\"b")}, Value{std::string_view("")}});
  auto texts = elements(texts_bytes, oid);
  CHECK(oid == pg::oid::text);
  CHECK(*texts[0] == "a\"b");
  CHECK(texts[1]->empty());
  CHECK(pg::decodable(pg::oid::text));
  CHECK(pg::text_as_is(pg::oid::varchar));
  CHECK_FALSE(pg::decodable(1700));  // numeric: read as text

  std::vector<Value> decimals{Value{quarry::Decimal("1.50")}, Value{}};
  Value numeric = quarry::dialect::postgres.array_param(of(quarry::TypeKind::decimal), decimals);
  REQUIRE(std::holds_alternative<std::string>(numeric));
  CHECK(std::get<std::string>(numeric) == "{\"1.50\",NULL}");
}
