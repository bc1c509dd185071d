// quarry against hand-written code on the raw C API of the database (sqlite3, libpq, MariaDB
// Connector/C), on the same workloads, in the same process run, alternating which goes first,
// over several rounds. Prints operations per second for each, the median, and quarry/raw per
// round; writes the same figures as tab-separated lines for the report (bench/report.cpp).
//
//   quarry_bench URL [rows] [rounds] [--tsv FILE] [--only a,b,...] [--faults]
//     --faults: also print, for each contender, the medians over its timed runs of the client's
//     minor page faults and its user and system CPU time in ms: what the client itself spends,
//     apart from the servers' processes (SQLite's work is the client's), and what a heap that
//     has to grow again costs
//     URL: sqlite:/tmp/bench.db, postgres://user:pw@127.0.0.1:5432/db, mysql://user:pw@127.0.0.1:3306/db
//     rows: 100000 by default (a, b, c, d use rows; e rows/10; f 1k authors; g a 10k world)
//   quarry_bench --memory CONTENDER URL [rows]    (internal: runs c, or c' for CONTENDER.stream, once;
//                                                   the parent reads peak RSS)
//
// Workloads: see common.hpp. Every timed part is run once per contender per round, on tables
// that are set up identically (untimed) before each run, after one untimed round.

#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include <sys/resource.h>  // getrusage: --faults
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common.hpp"
#include "raw_mysql.hpp"
#include "raw_postgres.hpp"
#include "raw_sqlite.hpp"

namespace bench {
namespace {

using namespace quarry::dsl;

double seconds_of(const std::function<void()>& f) {
  auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// What this process has used so far: minor page faults, and CPU time (user and system, in
/// seconds), which leaves out the servers' processes.
struct Usage {
  double faults = 0, user = 0, system = 0;
  static Usage now() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return {static_cast<double>(u.ru_minflt), s(u.ru_utime), s(u.ru_stime)};
  }
  Usage operator-(const Usage& o) const { return {faults - o.faults, user - o.user, system - o.system}; }
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string dialect_of(const quarry::driver::Url& url) {
  if (url.scheme == "sqlite") return "sqlite";
  if (url.scheme == "postgres" || url.scheme == "postgresql") return "postgres";
  return "mysql";
}

// What a check sum must equal for both contenders: a workload that silently did less would show.
void expect_same(const char* workload, std::int64_t quarry_sum, std::int64_t raw_sum) {
  if (quarry_sum != raw_sum) {
    std::fprintf(stderr, "%s: quarry and raw disagree (%lld vs %lld)\n", workload, static_cast<long long>(quarry_sum),
                 static_cast<long long>(raw_sum));
    std::exit(1);
  }
}

struct Sizes {
  int rows = 100000;
  int updates() const { return std::max(1, rows / 10); }
  int authors = 1000, books_per_author = 10, world = 10000;
  // TechEmpower requests per timed run, scaled with rows
  int requests(int full) const { return std::max(1, static_cast<int>(static_cast<long long>(full) * rows / 100000)); }
};

/// One workload: untimed setup before each contender's run, then the two timed runs, each
/// returning a check sum and counting `ops` operations.
struct Workload {
  std::string name, label;
  int ops;
  std::function<void()> setup;
  std::function<std::int64_t()> quarry, raw;
};

template <class Raw>
int run(const std::string& url_text, const Sizes& size, int rounds, const std::string& tsv_path,
        const std::string& only, bool faults) {
  auto url = quarry::driver::Url::parse(url_text);
  const std::string dialect = dialect_of(url);
  // One connection each, opened again before each workload, so that each starts both contenders
  // on a new server session instead of on what their earlier workloads left behind. A server
  // process keeps what its earlier statements did to its heap: f's query of books ran in 2.8 ms
  // in a PostgreSQL backend that had made large allocations before, 6.3 ms in a new one (psql),
  // and after b the raw code's backend ran it in 2.4 ms, quarry's in 5.0 ms, which made f after
  // b 0.58 to 0.66 in whole runs against about 1.0 alone (docs/performance.md).
  std::optional<quarry::Database> db;
  std::optional<Raw> raw;
  auto connect = [&] {
    db.reset();
    raw.reset();
    db.emplace(url_text, quarry::DatabaseOptions{.pool = {.max = 1}});
    raw.emplace(url);
  };
  db.emplace(url_text, quarry::DatabaseOptions{.pool = {.max = 1}});
  db->sync<World, User, Author, Book, Fortune>({.force = true});  // before the raw code prepares on them

  auto users = make_users(size.rows);
  std::vector<std::int64_t> user_ids;
  Random random{42};
  for (int i = 0; i < size.rows; ++i) user_ids.push_back(random.next(size.rows));
  std::vector<std::pair<std::int64_t, std::int64_t>> updates;
  for (int i = 0; i < size.updates(); ++i) updates.emplace_back(random.next(size.world), random.next(10000));

  std::vector<User> bulk_input, bulk_output;
  auto fresh_users = [&] {
    db->drop<User>();
    db->sync<User>();
  };
  auto seed_world = [&] {
    db->truncate<World>();
    std::vector<World> w;
    for (int i = 1; i <= size.world; ++i) w.push_back({i, Random(static_cast<std::uint64_t>(i)).next(10000)});
    db->bulk_create(std::move(w));
  };
  bool seeded_rest = false;
  auto seed_rest = [&] {  // authors, books and fortunes: read only, seeded once
    if (seeded_rest) return;
    seeded_rest = true;
    std::vector<Author> authors;
    for (int i = 1; i <= size.authors; ++i) authors.push_back({0, "author " + std::to_string(i), {}});
    authors = db->bulk_create(std::move(authors));
    std::vector<Book> books;
    for (const auto& a : authors)
      for (int j = 1; j <= size.books_per_author; ++j)
        books.push_back({0, a.id, "book " + std::to_string(j) + " of " + a.name});
    db->bulk_create(std::move(books));
    db->bulk_create(make_fortunes());
  };
  bool users_seeded = false;
  auto seed_users = [&] {  // for c and d; b leaves the same rows behind, so this is mostly a no-op
    if (users_seeded && db->count<User>() == size.rows) return;
    fresh_users();
    auto copy = users;
    db->bulk_create(std::move(copy));
    users_seeded = true;
  };

  // each TechEmpower request picks its own ids, the same sequence for both contenders
  auto te_ids = [&](int request, int n) {
    Random r{static_cast<std::uint64_t>(request) + 1000};
    std::vector<std::int64_t> ids(static_cast<std::size_t>(n));
    for (auto& id : ids) id = r.next(size.world);
    return ids;
  };
  const int single = size.requests(20000), multi = size.requests(2000), fortunes = size.requests(20000);

  std::vector<Workload> workloads = {
      {"a", "a. insert one by one in a transaction", size.rows, fresh_users,
       [&] {
         std::int64_t sum = 0;
         db->transaction([&](quarry::Transaction& tx) {
           for (const auto& u : users) sum += tx.create(u).id;
         });
         return sum;
       },
       [&] { return raw->insert_users(users); }},
      {"b", "b. bulk_create", size.rows,
       [&] {
         fresh_users();
         bulk_input = users;  // bulk_create takes its rows by value: the copy is made here, untimed
         bulk_output.clear();
       },
       [&] {
         bulk_output = db->bulk_create(std::move(bulk_input));  // kept, as raw keeps its input: neither frees rows
         std::int64_t sum = 0;
         for (const auto& u : bulk_output) sum += u.id;
         return sum;
       },
       [&] { return raw->bulk_users(users); }},
      {"c", "c. select all into structs", size.rows, seed_users,
       [&] { return static_cast<std::int64_t>(db->find_all<User>().size()); },
       [&] { return static_cast<std::int64_t>(raw->select_users().size()); }},
      {"c.stream", "c'. the same rows streamed, each into one struct", size.rows, seed_users,
       [&] {
         std::int64_t sum = 0;
         db->each<User>([&](const User& u) { sum += u.age + static_cast<std::int64_t>(u.email.size()); });
         return sum;
       },
       [&] { return raw->each_user(); }},
      {"d", "d. lookups by primary key", size.rows, seed_users,
       [&] {
         std::int64_t sum = 0;
         for (auto id : user_ids)
           if (auto u = db->find_by_pk<User>(id)) sum += u->age;
         return sum;
       },
       [&] { return raw->lookup_users(user_ids); }},
      {"e", "e. updates by primary key in a transaction", size.updates(), seed_world,
       [&] {
         std::int64_t changed = 0;
         db->transaction([&](quarry::Transaction& tx) {
           for (auto [id, number] : updates) {
             World w{id, number};
             changed += tx.update(w);
           }
         });
         return changed;
       },
       [&] { return raw->update_worlds(updates); }},
      {"e.dsl", "e'. the same through update<World>(set(...), where(...))", size.updates(), seed_world,
       [&] {
         std::int64_t changed = 0;
         db->transaction([&](quarry::Transaction& tx) {
           for (auto [id, number] : updates)
             changed += tx.update<World>(set(col<&World::random_number> = number), where(col<&World::id> == id));
         });
         return changed;
       },
       [&] { return raw->update_worlds(updates); }},
      {"f", "f. find_all with include (1k authors, 10 books each)", size.authors, seed_rest,
       [&] {
         std::int64_t books = 0;
         for (const auto& a : db->find_all<Author>(include<&Author::books>())) books += static_cast<std::int64_t>(a.books.size());
         return books;
       },
       [&] {
         std::int64_t books = 0;
         for (const auto& a : raw->authors_with_books()) books += static_cast<std::int64_t>(a.books.size());
         return books;
       }},
      {"g.single", "g. TechEmpower single query", single, [&] { seed_world(); seed_rest(); },
       [&] {
         std::int64_t sum = 0;
         for (int r = 0; r < single; ++r) sum += db->find_by_pk<World>(te_ids(r, 1)[0])->random_number;
         return sum;
       },
       [&] {
         std::int64_t sum = 0;
         for (int r = 0; r < single; ++r) sum += raw->te_single(te_ids(r, 1)[0]).random_number;
         return sum;
       }},
      {"g.queries", "g. TechEmpower 20 queries", multi, [] {},
       [&] {
         std::int64_t sum = 0;
         for (int r = 0; r < multi; ++r) {
           std::vector<World> worlds;
           for (auto id : te_ids(r, 20)) worlds.push_back(*db->find_by_pk<World>(id));
           for (const auto& w : worlds) sum += w.random_number;
         }
         return sum;
       },
       [&] {
         std::int64_t sum = 0;
         for (int r = 0; r < multi; ++r)
           for (const auto& w : raw->te_queries(te_ids(r, 20))) sum += w.random_number;
         return sum;
       }},
      {"g.updates", "g. TechEmpower 20 updates", multi, seed_world,
       [&] {
         std::int64_t sum = 0;
         for (int r = 0; r < multi; ++r) {
           auto numbers = te_ids(r + 500000, 20);
           std::vector<World> worlds;
           for (auto id : te_ids(r, 20)) worlds.push_back(*db->find_by_pk<World>(id));
           for (std::size_t i = 0; i < worlds.size(); ++i) {
             worlds[i].random_number = numbers[i];
             db->update(worlds[i]);
           }
           for (const auto& w : worlds) sum += w.random_number;
         }
         return sum;
       },
       [&] {
         std::int64_t sum = 0;
         for (int r = 0; r < multi; ++r)
           for (const auto& w : raw->te_updates(te_ids(r, 20), te_ids(r + 500000, 20))) sum += w.random_number;
         return sum;
       }},
      {"g.fortunes", "g. TechEmpower fortunes", fortunes, [] {},
       [&] {
         std::int64_t sum = 0;
         for (int r = 0; r < fortunes; ++r) {
           auto all = db->find_all<Fortune>();
           all.push_back({0, "Additional fortune added at request time."});
           std::sort(all.begin(), all.end(), [](const Fortune& a, const Fortune& b) { return a.message < b.message; });
           sum += all.front().id;
         }
         return sum;
       },
       [&] {
         std::int64_t sum = 0;
         for (int r = 0; r < fortunes; ++r) sum += raw->te_fortunes().front().id;
         return sum;
       }},
  };

  std::ofstream tsv;
  if (!tsv_path.empty()) tsv.open(tsv_path, std::ios::app);
  tsv.setf(std::ios::fixed);
  tsv.precision(1);
  auto selected = [&](const std::string& name) {
    if (only.empty()) return true;
    std::string list = "," + only + ",";
    return list.find("," + name + ",") != std::string::npos || list.find("," + name.substr(0, 1) + ",") != std::string::npos;
  };

  std::printf("%s: %d rows, %d rounds; ops per second (median), quarry/raw median over the rounds and each round\n",
              dialect.c_str(), size.rows, rounds);
  for (auto& w : workloads) {
    if (!selected(w.name)) continue;
    std::vector<double> q, r, ratio;
    std::vector<Usage> q_use, r_use;
    // One untimed round first, each contender once: the first timed run of a workload used to pay
    // for what runs first in a process (statements prepared, caches and the heap grown, the
    // server's buffers): over the runs in bench/results, round 0 strayed more than 10% from the
    // other rounds' median in 24% of the workloads, rounds 1 to 4 in 10 to 15%.
    connect();
    w.setup();
    std::int64_t warm_q = w.quarry();
    w.setup();
    std::int64_t warm_r = w.raw();
    if (w.name != "a" && w.name != "b") expect_same(w.name.c_str(), warm_q, warm_r);
    for (int round = 0; round < rounds; ++round) {
      std::int64_t q_sum = 0, r_sum = 0;
      double q_s = 0, r_s = 0;
      auto time_quarry = [&] {
        w.setup();
        auto before = Usage::now();
        q_s = seconds_of([&] { q_sum = w.quarry(); });
        q_use.push_back(Usage::now() - before);
      };
      auto time_raw = [&] {
        w.setup();
        auto before = Usage::now();
        r_s = seconds_of([&] { r_sum = w.raw(); });
        r_use.push_back(Usage::now() - before);
      };
      if (round % 2 == 0) { time_quarry(); time_raw(); } else { time_raw(); time_quarry(); }
      if (w.name != "a" && w.name != "b") expect_same(w.name.c_str(), q_sum, r_sum);
      q.push_back(w.ops / q_s);
      r.push_back(w.ops / r_s);
      ratio.push_back(r_s / q_s);
      if (tsv.is_open()) {
        tsv << "result\t" << dialect << '\t' << w.name << "\tquarry\t" << round << '\t' << q.back() << '\n';
        tsv << "result\t" << dialect << '\t' << w.name << "\traw\t" << round << '\t' << r.back() << '\n';
      }
    }
    std::printf("  %-56s quarry %10.0f  raw %10.0f  quarry/raw %5.2f  rounds:", w.label.c_str(), median(q), median(r),
                median(ratio));
    for (double x : ratio) std::printf(" %.2f", x);
    if (faults) {
      auto show = [](const char* who, const std::vector<Usage>& u) {
        std::vector<double> f, user, system;
        for (const auto& x : u) f.push_back(x.faults), user.push_back(x.user * 1e3), system.push_back(x.system * 1e3);
        std::printf("  %s: %.0f faults, %.1f ms user, %.1f ms system", who, median(f), median(user), median(system));
      };
      show("quarry", q_use);
      show("raw", r_use);
    }
    std::printf("\n");
    std::fflush(stdout);
  }
  return 0;
}

/// Runs c (or c', for a contender that ends in ".stream") once, alone in this process, and prints
/// this process's peak resident memory (KiB).
template <class Raw>
int memory_probe(const std::string& contender, const std::string& url_text) {
  std::int64_t n = 0;
  if (contender == "quarry") {
    quarry::Database db{url_text, {.pool = {.max = 1}}};
    n = static_cast<std::int64_t>(db.find_all<User>().size());
  } else if (contender == "quarry.stream") {
    quarry::Database db{url_text, {.pool = {.max = 1}}};
    db.each<User>([&](const User& u) { n += u.age; });
  } else if (contender == "raw.stream") {
    Raw raw{quarry::driver::Url::parse(url_text)};
    n = raw.each_user();
  } else {
    Raw raw{quarry::driver::Url::parse(url_text)};
    n = static_cast<std::int64_t>(raw.select_users().size());
  }
  std::ifstream status("/proc/self/status");  // VmHWM: the peak of this program image, since exec
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) std::printf("%ld\n", std::atol(line.c_str() + 6));
  return n > 0 ? 0 : 1;
}

/// Peak RSS (KiB) of a child process that runs c once through contender.
long peak_memory_of(const std::string& self, const std::string& contender, const std::string& url) {
  // glibc's default malloc, as a program that sets nothing has it (run.sh fixes its thresholds
  // for the timed runs, which would keep freed memory in the peak)
  std::string command = "env -u GLIBC_TUNABLES '" + self + "' --memory " + contender + " '" + url + "'";
  FILE* child = popen(command.c_str(), "r");
  if (!child) return -1;
  long kib = -1;
  if (std::fscanf(child, "%ld", &kib) != 1) kib = -1;
  return pclose(child) == 0 ? kib : -1;
}

template <class Raw>
int main_for(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() >= 3 && args[0] == "--memory") return memory_probe<Raw>(args[1], args[2]);
  std::string tsv, only;
  bool faults = false;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--tsv" && i + 1 < args.size()) tsv = args[++i];
    else if (args[i] == "--only" && i + 1 < args.size()) only = args[++i];
    else if (args[i] == "--faults") faults = true;
    else positional.push_back(args[i]);
  }
  Sizes size;
  if (positional.size() > 1) size.rows = std::atoi(positional[1].c_str());
  int rounds = positional.size() > 2 ? std::atoi(positional[2].c_str()) : 5;
  int rc = run<Raw>(positional[0], size, rounds, tsv, only, faults);
  if (rc == 0 && (only.empty() || only.find('c') != std::string::npos)) {
    // c's table is in place: the users seeded by the last run
    std::string self = "/proc/self/exe";
    char path[4096];
    auto len = readlink(self.c_str(), path, sizeof path - 1);
    if (len > 0) self.assign(path, static_cast<std::size_t>(len));
    auto dialect = dialect_of(quarry::driver::Url::parse(positional[0]));
    for (std::string workload : {"c", "c.stream"}) {
      std::string suffix = workload == "c" ? "" : ".stream";
      long q = peak_memory_of(self, "quarry" + suffix, positional[0]), r = peak_memory_of(self, "raw" + suffix, positional[0]);
      std::printf("  peak memory of %s alone: quarry %ld KiB, raw %ld KiB, quarry/raw %.2f\n", workload.c_str(), q, r,
                  r > 0 ? static_cast<double>(q) / static_cast<double>(r) : 0.0);
      if (!tsv.empty()) {
        std::ofstream out(tsv, std::ios::app);
        out << "memory\t" << dialect << '\t' << workload << "\tquarry\t" << q << "\nmemory\t" << dialect << '\t'
            << workload << "\traw\t" << r << '\n';
      }
    }
  }
  return rc;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: quarry_bench URL [rows] [rounds] [--tsv FILE] [--only a,b,...] [--faults]\n");
    return 2;
  }
  std::string url = std::string(argv[1]) == "--memory" && argc > 3 ? argv[3] : argv[1];
  try {
    auto scheme = bench::dialect_of(quarry::driver::Url::parse(url));
    if (scheme == "sqlite") return bench::main_for<bench::RawSqlite>(argc, argv);
    if (scheme == "postgres") return bench::main_for<bench::RawPostgres>(argc, argv);
    return bench::main_for<bench::RawMysql>(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "quarry_bench: %s\n", e.what());
    return 1;
  }
}
