// Nothing is silently cut, wrapped or lost: values that no column could hold are refused before
// any SQL, values that do not fit a member are refused when read, and text searched for is text
// (docs/errors.md).
//
//   05-integrity sqlite:integrity.db        (or a postgres:// or mysql:// URL)

#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

struct Product {
  std::int64_t id{};
  std::string name{};
  std::int16_t stock{};
  quarry::Decimal price{};
  quarry::Date available_from{};
};

template <>
struct quarry::Model<Product> {  // table "products" and the key `id` by convention
  static constexpr auto fields = quarry::fields(quarry::field<&Product::name>(quarry::size(20)),
                                                quarry::field<&Product::price>(quarry::decimal(6, 2)));
};

// The same table seen through a report that reads stock into one byte: too small for some rows.
// It names its table and lists its fields: the explicit style.
struct StockByte {
  std::int64_t id{};
  std::int8_t stock{};
};

template <>
struct quarry::Model<StockByte> {
  static constexpr auto table = "products";
  static constexpr auto fields = quarry::fields(quarry::field<&StockByte::id>(quarry::primary_key),
                                                quarry::field<&StockByte::stock>());
};

// socket_timeout bounds every wait on a server that stops answering (PostgreSQL and MySQL)
static std::string with_socket_timeout(std::string url) {
  if (url.starts_with("sqlite:")) return url;
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "socket_timeout=10";
}

int main(int argc, char** argv) {
  using namespace quarry::dsl;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATABASE-URL\n", argv[0]);
    return 2;
  }
  quarry::Database db{with_socket_timeout(argv[1])};
  db.sync<Product>({.force = true});
  int failures = 0;
  auto expect = [&](bool ok, const char* what) {
    std::printf("%s %s\n", ok ? "ok:  " : "FAIL:", what);
    failures += ok ? 0 : 1;
  };

  auto pen = db.create(Product{.name = "100% cotton pen", .stock = 200, .price = quarry::Decimal("2.50"),
                               .available_from = std::chrono::year{2026} / 3 / 1});
  db.create(Product{.name = "1000 pens", .stock = 90, .price = quarry::Decimal("99.00"),
                    .available_from = std::chrono::year{2026} / 1 / 1});

  // A row that no column could hold is refused as a whole, every failing field listed, nothing sent.
  try {
    db.create(Product{.name = "a name far too long for twenty characters", .stock = 1,
                      .price = quarry::Decimal("12345.00"), .available_from = std::chrono::year{2026} / 2 / 30});
    expect(false, "an impossible row is refused");
  } catch (const quarry::ValidationError& e) {
    std::printf("       %s\n", e.what());
    expect(e.errors().size() == 3, "an impossible row is refused, with all three faults named");
  }

  // Values in set(...), increment and decrement are checked like a created row's.
  try {
    db.update<Product>(set(col<&Product::stock> = 40000), where(col<&Product::id> == pen.id));
    expect(false, "a stock beyond std::int16_t is refused in set()");
  } catch (const quarry::ValidationError& e) {
    std::printf("       %s\n", e.what());
    expect(true, "a stock beyond std::int16_t is refused in set()");
  }
  try {
    db.increment<Product>(col<&Product::stock>, 100000, where(col<&Product::id> == pen.id));
    expect(false, "an increment beyond std::int16_t is refused");
  } catch (const quarry::ValidationError&) {
    expect(true, "an increment beyond std::int16_t is refused");
  }
  expect(db.find_by_pk<Product>(pen.id)->stock == 200, "and the row is as it was");

  // A value read into a member that cannot hold it is an error naming the column, never wrapped.
  try {
    auto bytes = db.find_all<StockByte>(order_by(col<&StockByte::id>));
    expect(false, "200 is not read into std::int8_t");
  } catch (const quarry::RangeError& e) {
    std::printf("       %s\n", e.what());
    expect(true, "200 is not read into std::int8_t");
  }
  auto small = db.find_all<StockByte>(where(col<&StockByte::stock> < 100));
  expect(small.size() == 1 && small[0].stock == 90, "the rows that fit read as they are");

  // starts_with, ends_with and contains search for the text given: '%' and '_' are no wildcards.
  auto percent = db.find_all<Product>(where(col<&Product::name>.starts_with("100%")));
  expect(percent.size() == 1 && percent[0].id == pen.id, "starts_with(\"100%\") finds the pen, not the 1000 pens");
  expect(db.count<Product>(where(col<&Product::name>.contains("_"))) == 0, "contains(\"_\") matches no name");

  db.drop<Product>();
  return failures == 0 ? 0 : 1;
}
