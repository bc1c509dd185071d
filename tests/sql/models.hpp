#pragma once
// Models and helpers shared by the golden SQL tests: one model per DDL feature, and
// render_all(), which renders a statement for all three dialects at once.

#include <cstdint>
#include <optional>
#include <string>

#include <quarry/dialect/mysql.hpp>
#include <quarry/dialect/postgres.hpp>
#include <quarry/dialect/sqlite.hpp>
#include <quarry/query/dsl.hpp>
#include <quarry/ops/statements.hpp>
#include <quarry/sql/render.hpp>

namespace golden {

struct Author {
  std::int64_t id{};
  std::string name;
};

struct Book {
  std::int64_t id{};
  std::string title;
  std::int64_t author_id{};
  std::optional<quarry::Decimal> price;
  std::int32_t stock{};
  double rating{};
  bool in_print{};
  std::optional<std::string> subtitle;
  quarry::Timestamp created_at{}, updated_at{};
};

enum class Color : std::uint8_t { red = 1, green = 2, blue = 3 };

/// One member of every storable type, each once plain and the text once optional.
struct Everything {
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
  std::string text;
  std::string code;
  quarry::Blob data;
  quarry::Timestamp at{};
  quarry::Date day{};
  quarry::Decimal amount;
  quarry::Decimal exact;
  quarry::Uuid key;
  Color color{};
  std::optional<std::string> note;
  std::optional<std::int32_t> maybe;
};

/// Composite primary key, table-level unique key, index and check.
struct Enrollment {
  std::int64_t student_id{};
  std::int64_t course_id{};
  std::int32_t seat{};
  std::optional<std::int32_t> grade;
};

/// Column defaults of every kind.
struct Setting {
  std::int32_t id{};
  std::string name;
  bool enabled{};
  std::int64_t level{};
  std::string quote;
  quarry::Timestamp seen{};
  std::optional<std::string> note;
};

/// A nullable foreign key with both actions.
struct Review {
  std::int64_t id{};
  std::optional<std::int64_t> book_id;
  std::string body;
};

/// Text columns that are keyed only through a table-level unique key or index, or a
/// foreign key: MySQL cannot key an unbounded LONGTEXT.
struct Country {
  std::string code;
  std::string name;
};
struct City {
  std::int64_t id{};
  std::string country_code;
  std::string name;
  std::string district;
};

/// A floating-point default that std::to_string would round to six decimals.
struct Gauge {
  std::int64_t id{};
  double ratio{};
};

/// Names with the quote characters of every dialect in them.
struct Weird {
  std::int64_t id{};
  std::string name;
};

}  // namespace golden

// Color keeps its underlying integer (the option an enum has): its columns are integers and
// golden::Everything's color binds 3 for blue. Role is stored by name.
template <>
struct quarry::Enum<golden::Color> {
  static constexpr bool as_integer = true;
};

template <>
struct quarry::Model<golden::Author> {
  static constexpr auto table = "authors";
  static constexpr auto fields =
      quarry::fields(quarry::field<&golden::Author::id>(quarry::primary_key, quarry::auto_increment),
                     quarry::field<&golden::Author::name>(quarry::size(100), quarry::unique));
};

template <>
struct quarry::Model<golden::Book> {
  static constexpr auto table = "books";
  static constexpr auto fields = quarry::fields(
      quarry::field<&golden::Book::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&golden::Book::title>(quarry::size(200), quarry::index),
      quarry::field<&golden::Book::author_id>(
          quarry::references<&golden::Author::id>(quarry::on_delete::cascade, quarry::on_update::restrict)),
      quarry::field<&golden::Book::price>(quarry::decimal(10, 2), quarry::check("price >= 0")),
      quarry::field<&golden::Book::stock>(quarry::default_value(0)),
      quarry::field<&golden::Book::rating>(), quarry::field<&golden::Book::in_print>(),
      quarry::field<&golden::Book::subtitle>(),
      quarry::timestamps<&golden::Book::created_at, &golden::Book::updated_at>());
};

template <>
struct quarry::Model<golden::Everything> {
  static constexpr auto table = "everything";
  static constexpr auto fields = quarry::fields(
      quarry::field<&golden::Everything::id>(quarry::primary_key), quarry::field<&golden::Everything::i8>(),
      quarry::field<&golden::Everything::i16>(), quarry::field<&golden::Everything::i32>(),
      quarry::field<&golden::Everything::i64>(), quarry::field<&golden::Everything::u8>(),
      quarry::field<&golden::Everything::u16>(), quarry::field<&golden::Everything::u32>(),
      quarry::field<&golden::Everything::u64>(), quarry::field<&golden::Everything::flag>(),
      quarry::field<&golden::Everything::f32>(), quarry::field<&golden::Everything::f64>(),
      quarry::field<&golden::Everything::text>(), quarry::field<&golden::Everything::code>(quarry::size(12)),
      quarry::field<&golden::Everything::data>(), quarry::field<&golden::Everything::at>(),
      quarry::field<&golden::Everything::day>(), quarry::field<&golden::Everything::amount>(),
      quarry::field<&golden::Everything::exact>(quarry::decimal(12, 4)),
      quarry::field<&golden::Everything::key>(), quarry::field<&golden::Everything::color>(),
      quarry::field<&golden::Everything::note>(), quarry::field<&golden::Everything::maybe>());
};

template <>
struct quarry::Model<golden::Enrollment> {
  static constexpr auto table = "enrollments";
  static constexpr auto fields =
      quarry::fields(quarry::field<&golden::Enrollment::student_id>(quarry::primary_key),
                     quarry::field<&golden::Enrollment::course_id>(quarry::primary_key),
                     quarry::field<&golden::Enrollment::seat>(),
                     quarry::field<&golden::Enrollment::grade>(quarry::check("grade BETWEEN 0 AND 100")));
  static constexpr auto constraints =
      quarry::constraints(quarry::unique_key<&golden::Enrollment::course_id, &golden::Enrollment::seat>,
                          quarry::index_key<&golden::Enrollment::seat, &golden::Enrollment::grade>,
                          quarry::check("seat > 0"));
};

template <>
struct quarry::Model<golden::Setting> {
  static constexpr auto table = "settings";
  static constexpr auto fields = quarry::fields(
      quarry::field<&golden::Setting::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&golden::Setting::name>(quarry::size(50), quarry::default_value("new")),
      quarry::field<&golden::Setting::enabled>(quarry::default_value(true)),
      quarry::field<&golden::Setting::level>(quarry::default_value(-3)),
      quarry::field<&golden::Setting::quote>(quarry::size(20), quarry::default_value("it's a\\b")),
      quarry::field<&golden::Setting::seen>(quarry::default_now),
      quarry::field<&golden::Setting::note>(quarry::column("remark")));
};

template <>
struct quarry::Model<golden::Review> {
  static constexpr auto table = "reviews";
  static constexpr auto fields = quarry::fields(
      quarry::field<&golden::Review::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&golden::Review::book_id>(
          quarry::references<&golden::Book::id>(quarry::on_delete::set_null, quarry::on_update::cascade)),
      quarry::field<&golden::Review::body>());
};

template <>
struct quarry::Model<golden::Country> {
  static constexpr auto table = "countries";
  static constexpr auto fields = quarry::fields(quarry::field<&golden::Country::code>(quarry::primary_key),
                                                quarry::field<&golden::Country::name>());
};

template <>
struct quarry::Model<golden::City> {
  static constexpr auto table = "cities";
  static constexpr auto fields =
      quarry::fields(quarry::field<&golden::City::id>(quarry::primary_key, quarry::auto_increment),
                     quarry::field<&golden::City::country_code>(quarry::references<&golden::Country::code>()),
                     quarry::field<&golden::City::name>(), quarry::field<&golden::City::district>());
  static constexpr auto constraints =
      quarry::constraints(quarry::unique_key<&golden::City::country_code, &golden::City::name>,
                          quarry::index_key<&golden::City::district>);
};

template <>
struct quarry::Model<golden::Gauge> {
  static constexpr auto table = "gauges";
  static constexpr auto fields = quarry::fields(quarry::field<&golden::Gauge::id>(quarry::primary_key),
                                                quarry::field<&golden::Gauge::ratio>(quarry::default_value(0.1234567)));
};

template <>
struct quarry::Model<golden::Weird> {
  static constexpr auto table = "we\"ird`s";
  static constexpr auto fields =
      quarry::fields(quarry::field<&golden::Weird::id>(quarry::primary_key),
                     quarry::field<&golden::Weird::name>(quarry::column("na\"me`x")));
};

namespace golden {

namespace sql = quarry::sql;
namespace dialect = quarry::dialect;

/// One statement rendered for each dialect.
struct Rendered3 {
  sql::Rendered sqlite, postgres, mysql;

  /// The bound values do not depend on the dialect, only the placeholders do.
  bool same_params() const { return sqlite.params == postgres.params && sqlite.params == mysql.params; }
};

template <class Statement>
Rendered3 render_all(const Statement& s) {
  return {sql::render(dialect::sqlite, s), sql::render(dialect::postgres, s), sql::render(dialect::mysql, s)};
}

}  // namespace golden
