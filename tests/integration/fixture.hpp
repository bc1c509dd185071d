#pragma once
// The integration suite runs unchanged on every database: QUARRY_TEST_URL names it.

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <fstream>

#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

namespace test {

struct Author {
  std::int64_t id{};
  std::string name{};
  std::optional<std::string> email{};
  quarry::Timestamp created_at{}, updated_at{};
};

struct Book {
  std::int64_t id{};
  std::string title{};
  std::int64_t author_id{};
  quarry::Decimal price{};
  std::int32_t stock{};
  std::optional<std::string> isbn{};
};

enum class Color : std::int16_t { red = 1, green = 2, blue = 300 };

struct Sample {
  std::int64_t id{};
  std::int8_t i8{};
  std::int16_t i16{};
  std::int32_t i32{};
  std::int64_t i64{};
  std::uint8_t u8{};
  std::uint16_t u16{};
  std::uint32_t u32{};
  std::uint64_t u64{};
  bool flag{};
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
  Color color{};
  std::optional<std::int64_t> maybe_int{};
};

// A composite primary key and a composite unique key.
struct Membership {
  std::int64_t group_id{};
  std::int64_t user_id{};
  std::string role{};
  std::int32_t rank{};
};

}  // namespace test

// Stored as its underlying integer (blue is 300, outside the values whose names quarry looks for,
// and a Sample made as {} holds 0, no enumerator): the option an enum has. tests/integration/enums.cpp
// stores enums by name.
template <>
struct quarry::Enum<test::Color> {
  static constexpr bool as_integer = true;
};

template <>
struct quarry::Model<test::Author> {
  static constexpr auto table = "authors";
  static constexpr auto fields = quarry::fields(
      quarry::field<&test::Author::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&test::Author::name>(quarry::size(100), quarry::unique),
      quarry::field<&test::Author::email>(quarry::size(200)),
      quarry::timestamps<&test::Author::created_at, &test::Author::updated_at>());
};

template <>
struct quarry::Model<test::Book> {
  static constexpr auto table = "books";
  static constexpr auto fields = quarry::fields(
      quarry::field<&test::Book::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&test::Book::title>(quarry::size(200), quarry::index),
      quarry::field<&test::Book::author_id>(quarry::references<&test::Author::id>(quarry::on_delete::cascade)),
      quarry::field<&test::Book::price>(quarry::decimal(10, 2), quarry::check("price >= 0")),
      quarry::field<&test::Book::stock>(quarry::default_value(0)),
      quarry::field<&test::Book::isbn>(quarry::size(20), quarry::unique));
};

template <>
struct quarry::Model<test::Sample> {
  static constexpr auto table = "samples";
  static constexpr auto fields = quarry::fields(
      quarry::field<&test::Sample::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&test::Sample::i8>(), quarry::field<&test::Sample::i16>(), quarry::field<&test::Sample::i32>(),
      quarry::field<&test::Sample::i64>(), quarry::field<&test::Sample::u8>(), quarry::field<&test::Sample::u16>(),
      quarry::field<&test::Sample::u32>(), quarry::field<&test::Sample::u64>(), quarry::field<&test::Sample::flag>(),
      quarry::field<&test::Sample::f32>(), quarry::field<&test::Sample::f64>(), quarry::field<&test::Sample::text>(),
      quarry::field<&test::Sample::maybe_text>(quarry::column("nullable_text")),
      quarry::field<&test::Sample::blob>(), quarry::field<&test::Sample::at>(), quarry::field<&test::Sample::day>(),
      quarry::field<&test::Sample::amount>(quarry::decimal(15, 4)),
      quarry::field<&test::Sample::maybe_amount>(quarry::decimal(8, 3)), quarry::field<&test::Sample::key>(),
      quarry::field<&test::Sample::color>(), quarry::field<&test::Sample::maybe_int>());
};

template <>
struct quarry::Model<test::Membership> {
  static constexpr auto table = "memberships";
  static constexpr auto fields = quarry::fields(
      quarry::field<&test::Membership::group_id>(quarry::primary_key),
      quarry::field<&test::Membership::user_id>(quarry::primary_key),
      quarry::field<&test::Membership::role>(quarry::size(20)), quarry::field<&test::Membership::rank>());
  static constexpr auto constraints = quarry::constraints(
      quarry::unique_key<&test::Membership::group_id, &test::Membership::rank>,
      quarry::index_key<&test::Membership::role, &test::Membership::rank>);
};

namespace test {

/// QUARRY_TEST_URL, or the first line of the file QUARRY_TEST_URL_FILE (written by the server
/// scripts, which choose a free port at run time).
inline std::string url() {
  static const std::string cached = [] {
    if (const char* file = std::getenv("QUARRY_TEST_URL_FILE")) {
      std::ifstream in(file);
      std::string line;
      if (!std::getline(in, line) || line.empty()) throw std::runtime_error(std::string("no URL in ") + file);
      return line;
    }
    const char* u = std::getenv("QUARRY_TEST_URL");
    return std::string(u ? u : "sqlite::memory:");
  }();
  return cached;
}

inline bool on(std::string_view dialect) { return url().rfind(dialect, 0) == 0; }

/// A Database on the suite's URL with every test table dropped and created again.
inline quarry::Database fresh(quarry::DatabaseOptions options = {}) {
  static bool first = true;
  if (first) {
    first = false;
    if (const char* f = std::getenv("QUARRY_TEST_FRESH_FILE")) std::remove(f);
  }
  quarry::Database db{url(), std::move(options)};
  db.sync<Author, Book, Sample, Membership>({.force = true});
  return db;
}

inline quarry::Decimal dec(const char* s) { return quarry::Decimal(s); }

/// The names of every author, in order.
inline std::vector<std::string> author_names(quarry::Session& s) {
  using namespace quarry::dsl;
  std::vector<std::string> out;
  for (auto& [name] : s.select<Author>(columns(col<&Author::name>), order_by(col<&Author::name>))) out.push_back(name);
  return out;
}

}  // namespace test
