// quarry against hand-written sqlite3 on the same workloads, in the same process, alternating,
// several rounds; prints rows per second for each, the median, and quarry/raw per round.
//
//   quarry_bench [rows] [rounds]        (default 100000 rows, 5 rounds; SQLite file in /tmp)
//
// Workloads (issue 5): a. insert one by one in one transaction; c. select all into structs;
// d. lookups by primary key; e. updates by primary key in one transaction.

#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <unistd.h>
#include <vector>

struct World {
  std::int64_t id{};
  std::int64_t random_number{};
};
template <>
struct quarry::Model<World> {
  static constexpr auto table = "world";
  static constexpr auto fields =
      quarry::fields(quarry::field<&World::id>(quarry::primary_key), quarry::field<&World::random_number>());
};

namespace {
using clock_type = std::chrono::steady_clock;

double seconds_of(const std::function<void()>& f) {
  auto start = clock_type::now();
  f();
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

/// The raw contender: prepared statements and one transaction where the workload has one, as
/// an expert would write them.
struct Raw {
  sqlite3* db = nullptr;
  explicit Raw(const std::string& path) {
    check(sqlite3_open(path.c_str(), &db), db, "open");
  }
  ~Raw() { sqlite3_close(db); }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    check(sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr), db, sql);
    return s;
  }
  void exec(const char* sql) { check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql); }

  void insert(int n) {
    exec("BEGIN IMMEDIATE");
    auto* s = prepare("INSERT INTO world (id, random_number) VALUES (?, ?)");
    for (int i = 1; i <= n; ++i) {
      sqlite3_bind_int64(s, 1, i);
      sqlite3_bind_int64(s, 2, i * 7 % 10000);
      check(sqlite3_step(s), db, "insert");
      sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    exec("COMMIT");
  }
  std::size_t select_all() {
    std::vector<World> rows;
    auto* s = prepare("SELECT id, random_number FROM world");
    while (sqlite3_step(s) == SQLITE_ROW) rows.push_back({sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1)});
    sqlite3_finalize(s);
    return rows.size();
  }
  std::int64_t lookups(int n) {
    std::int64_t sum = 0;
    auto* s = prepare("SELECT id, random_number FROM world WHERE id = ?");
    for (int i = 1; i <= n; ++i) {
      sqlite3_bind_int64(s, 1, i);
      if (sqlite3_step(s) == SQLITE_ROW) {
        World w{sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1)};
        sum += w.random_number;
      }
      sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    return sum;
  }
  void updates(int n) {
    exec("BEGIN IMMEDIATE");
    auto* s = prepare("UPDATE world SET random_number = ? WHERE id = ?");
    for (int i = 1; i <= n; ++i) {
      sqlite3_bind_int64(s, 1, i * 13 % 10000);
      sqlite3_bind_int64(s, 2, i);
      check(sqlite3_step(s), db, "update");
      sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    exec("COMMIT");
  }
};

struct Result {
  std::vector<double> quarry, raw;  // rows per second, per round
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void report(const char* name, const Result& r) {
  std::printf("%-34s quarry %10.0f rows/s   raw %10.0f rows/s   quarry/raw %5.2f   rounds:", name,
              median(r.quarry), median(r.raw), median(r.quarry) / median(r.raw));
  for (std::size_t i = 0; i < r.quarry.size(); ++i) std::printf(" %.2f", r.quarry[i] / r.raw[i]);
  std::printf("\n");
}
}  // namespace

int main(int argc, char** argv) {
  using namespace quarry::dsl;
  const int rows = argc > 1 ? std::atoi(argv[1]) : 100000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  const std::string path = "/tmp/quarry-bench-" + std::to_string(::getpid()) + ".db";
  quarry::Database db{"sqlite://" + path, {.pool = {.max = 1}}};
  Raw raw{path};
  Result a, c, d, e;
  for (int round = 0; round < rounds; ++round) {
    auto fresh = [&] { db.sync<World>({.force = true}); };
    fresh();
    a.quarry.push_back(rows / seconds_of([&] {
      db.transaction([&](quarry::Transaction& tx) {
        for (int i = 1; i <= rows; ++i) tx.create(World{.id = i, .random_number = i * 7 % 10000});
      });
    }));
    fresh();
    a.raw.push_back(rows / seconds_of([&] { raw.insert(rows); }));
    c.quarry.push_back(rows / seconds_of([&] { db.find_all<World>(); }));
    c.raw.push_back(rows / seconds_of([&] { raw.select_all(); }));
    d.quarry.push_back(rows / seconds_of([&] {
      for (int i = 1; i <= rows; ++i) db.find_by_pk<World>(std::int64_t{i});
    }));
    d.raw.push_back(rows / seconds_of([&] { raw.lookups(rows); }));
    int updates = rows / 10;
    e.quarry.push_back(updates / seconds_of([&] {
      db.transaction([&](quarry::Transaction& tx) {
        for (int i = 1; i <= updates; ++i)
          tx.update<World>(set(col<&World::random_number> = i * 13 % 10000), where(col<&World::id> == i));
      });
    }));
    e.raw.push_back(updates / seconds_of([&] { raw.updates(updates); }));
  }
  std::printf("SQLite, %d rows, %d rounds, client and database in one process\n", rows, rounds);
  report("a. insert one by one in a tx", a);
  report("c. select all into structs", c);
  report("d. lookups by primary key", d);
  report("e. updates by primary key in a tx", e);
  std::remove(path.c_str());
  return 0;
}
