// The operations that run at the speed of the raw C client libraries (docs/performance.md): each
// is a statement prepared once per connection, its values bound straight from the row.
//
//   04-fast-paths sqlite:fast.db        (or a postgres:// or mysql:// URL)

#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include <cstdio>
#include <string>
#include <vector>

struct Reading {
  std::int64_t id{};
  std::string sensor{};
  std::int64_t value{};
  quarry::Timestamp taken_at{};
};

// Table "readings" and the key `id` by convention; only the sensor's size differs.
template <>
struct quarry::Model<Reading> {
  static constexpr auto fields = quarry::fields(quarry::field<&Reading::sensor>(quarry::size(40)));
};

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATABASE-URL\n", argv[0]);
    return 2;
  }
  quarry::Database db{argv[1]};
  db.sync<Reading>({.force = true});
  auto now = std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());

  // bulk_create: 1000-row statements on SQLite and MySQL (fewer when long text would pass MySQL's
  // packet limit), one array per column on PostgreSQL;
  // every row comes back with the key the database gave it
  std::vector<Reading> rows;
  for (int i = 0; i < 2000; ++i) rows.push_back({0, "s" + std::to_string(i % 7), i, now});
  rows = db.bulk_create(std::move(rows));

  // one at a time, in one transaction: the INSERT is prepared once for all of them
  db.transaction([&](quarry::Transaction& tx) {
    for (int i = 0; i < 100; ++i) rows.push_back(tx.create(Reading{0, "late", i, now}));
  });

  // by key, and updates of whole rows by key
  auto first = db.find_by_pk<Reading>(rows.front().id);
  db.transaction([&](quarry::Transaction& tx) {
    for (std::size_t i = 0; i < rows.size(); i += 10) {
      rows[i].value += 1000;
      tx.update(rows[i]);  // true when the row was there
    }
  });

  // every row, read straight into the structs
  auto all = db.find_all<Reading>();
  std::int64_t sum = 0;
  for (const auto& r : all) sum += r.value;
  std::int64_t expected = 0;
  for (const auto& r : rows) expected += r.value;

  std::printf("%zu rows; first #%lld from sensor %s; sum of values %lld\n", all.size(),
              static_cast<long long>(first ? first->id : 0), first ? first->sensor.c_str() : "-",
              static_cast<long long>(sum));
  db.drop<Reading>();
  // what was written is what is read back, keys included
  return all.size() == rows.size() && sum == expected && first && first->id == rows.front().id ? 0 : 1;
}
