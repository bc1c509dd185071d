// Reading a large result in constant memory (docs/queries.md, Streaming): each<T> calls a
// function for each row as it arrives, stream<T> is a range to loop over and leave when done,
// each_batch<T> hands over batches in key order with no connection held in between. Includes
// load per batch of parents. The same rows on every dialect.
//
//   14-streaming sqlite:streaming.db        (or a postgres:// or mysql:// URL)

#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

using namespace quarry::dsl;

struct Reading;
struct Sensor {
  std::int64_t id{};
  std::string place{};
  std::vector<Reading> readings{};
};
struct Reading {
  std::int64_t id{};
  std::int64_t sensor_id{};
  std::int32_t celsius{};
  bool checked{};
};

template <>
struct quarry::Model<Sensor> {
  static constexpr auto associations = quarry::associations(quarry::has_many<&Sensor::readings, &Reading::sensor_id>());
};

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATABASE-URL\n", argv[0]);
    return 2;
  }
  quarry::Database db{argv[1]};
  db.sync<Sensor, Reading>({.force = true});
  int failures = 0;
  auto expect = [&](bool ok, const char* what) {
    std::printf("%s %s\n", ok ? "ok:  " : "FAIL:", what);
    failures += ok ? 0 : 1;
  };

  // 20 sensors with 500 readings each: 10,000 rows
  std::vector<Reading> readings;
  for (int s = 0; s < 20; ++s) {
    auto sensor = db.create(Sensor{.place = "room " + std::to_string(s)});
    for (int r = 0; r < 500; ++r) readings.push_back({.sensor_id = sensor.id, .celsius = (s + r) % 40});
  }
  db.bulk_create(std::move(readings));

  // Sequelize has no streaming: findAll({ limit, offset }) in a loop, a query per page
  std::int64_t total = 0, rows = 0;
  db.each<Reading>([&](const Reading& r) {
    total += r.celsius;
    ++rows;
  }, where(col<&Reading::celsius> >= 0), batch(1000));
  expect(rows == 10000, "each<Reading> reads every row, one at a time");

  int hot = 0;
  for ([[maybe_unused]] const Reading& r :
       db.stream<Reading>(where(col<&Reading::celsius> > 35), order_by(col<&Reading::id>))) {
    if (++hot == 10) break;  // the query ends here; the connection is ready for the next one
  }
  expect(hot == 10 && db.count<Sensor>() == 20, "a stream left early leaves its connection usable");

  // includes load a batch of parents at a time (here 5 sensors, one query for their readings)
  std::size_t with_readings = 0;
  db.each<Sensor>([&](const Sensor& s) { with_readings += s.readings.size() == 500; },
                  include<&Sensor::readings>(), batch(5));
  expect(with_readings == 20, "each<Sensor> with include<&Sensor::readings> loads them per batch");

  // in a transaction the stream and the writes beside it share its connection
  db.transaction([&] {
    db.each<Reading>([&](const Reading& r) {
      if (r.celsius > 38) db.update<Reading>(set(col<&Reading::checked> = true), where(col<&Reading::id> == r.id));
    });
  });
  expect(db.count<Reading>(where(col<&Reading::checked> == true)) == 240, "each in a transaction writes beside it");

  // batches by key: each a query of its own, nothing held while the batch is worked on
  std::int64_t batches = 0;
  db.each_batch<Reading>([&](std::vector<Reading>& page) {
    ++batches;
    for (auto& r : page) r.checked = false;
    db.bulk_create(std::vector<Sensor>{{.place = "batch " + std::to_string(batches)}});
  }, where(col<&Reading::checked> == true), batch(100));
  expect(batches == 3, "each_batch<Reading> reads 240 rows in batches of 100");

  std::printf("%lld readings, %lld degrees in all\n", static_cast<long long>(rows), static_cast<long long>(total));
  return failures == 0 ? 0 : 1;
}
