// Streaming: each, stream and each_batch read every row a find_all reads, in constant memory,
// leave the connection usable however the loop ends, run in a transaction, and load includes
// per batch of parents; a million rows read with the client's heap staying the same size.
#include "fixture.hpp"

#include <malloc.h>  // mallinfo2: the heap in use

#include <algorithm>
#include <ranges>
#include <stdexcept>

using namespace quarry::dsl;

namespace streaming_it {
struct Tune;
struct Band {
  std::int64_t id{};
  std::string name{};
  std::vector<Tune> tunes;
};
struct Tune {
  std::int64_t id{};
  std::int64_t band_id{};
  std::string title{};
  std::int32_t plays{};
};
/// A row whose after_find hook writes (find_or_create runs all or nothing: a savepoint inside a
/// transaction, else one of its own).
struct Visit {
  std::int64_t id{};
  std::string page{};
};
struct VisitLog {
  std::int64_t id{};
  std::int64_t visit_id{};
};
/// The rows of the large reads, made by the server itself.
struct Line {
  std::int64_t id{};
  std::int64_t n{};
  std::string label{};
};
}  // namespace streaming_it

template <> struct quarry::Model<streaming_it::Band> {
  static constexpr auto table = "st_bands";
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&streaming_it::Band::tunes, &streaming_it::Tune::band_id>());
};
template <> struct quarry::Model<streaming_it::Tune> {
  static constexpr auto table = "st_tunes";
};
template <> struct quarry::Model<streaming_it::VisitLog> {
  static constexpr auto table = "st_visit_logs";
};
template <> struct quarry::Model<streaming_it::Visit> {
  static constexpr auto table = "st_visits";
  static constexpr auto hooks = quarry::hooks(quarry::after_find([](streaming_it::Visit& v, quarry::Session& db) {
    using namespace quarry::dsl;
    db.find_or_create(where(col<&streaming_it::VisitLog::visit_id> == v.id), streaming_it::VisitLog{.visit_id = v.id});
  }));
};
template <> struct quarry::Model<streaming_it::Line> {
  static constexpr auto table = "st_lines";
  static constexpr auto fields = quarry::fields(quarry::field<&streaming_it::Line::label>(quarry::size(40)));
};

namespace streaming_it {

/// A Database whose pool has one connection: a statement after a stream runs on the very
/// connection the stream used.
quarry::Database fresh_st() {
  auto db = test::fresh({.pool = {.max = 1}});
  db.sync<Band, Tune, Line, Visit, VisitLog>({.force = true});
  return db;
}

/// Ten bands, band k with k tunes (k plays each).
void seed(quarry::Database& db) {
  for (int k = 1; k <= 10; ++k) {
    auto band = db.create(Band{.name = "band" + std::to_string(100 + k)});
    std::vector<Tune> tunes;
    for (int t = 0; t < k; ++t)
      tunes.push_back({.band_id = band.id, .title = band.name + "/" + std::to_string(t), .plays = k});
    if (!tunes.empty()) db.bulk_create(tunes);
  }
}

std::vector<std::string> names(const std::vector<Band>& bands) {
  std::vector<std::string> out;
  for (const auto& b : bands) out.push_back(b.name + ":" + std::to_string(b.tunes.size()));
  return out;
}

/// The rows first..last of st_lines (n = first, ..., last), made by the server itself: no row
/// travels from the client.
void generate_lines(quarry::Database& db, std::int64_t first, std::int64_t last) {
  auto from = std::to_string(first), to = std::to_string(last);
  if (test::on("postgres"))
    db.execute("INSERT INTO st_lines (n, label) SELECT g, 'line ' || g FROM generate_series(" + from + ", " + to + ") g");
  else if (test::on("mysql"))  // MariaDB's sequence engine: the table seq_1_to_N holds 1..N
    db.execute("INSERT INTO st_lines (n, label) SELECT seq, CONCAT('line ', seq) FROM seq_" + from + "_to_" + to);
  else
    db.execute("WITH RECURSIVE g(x) AS (SELECT " + from + " UNION ALL SELECT x + 1 FROM g WHERE x < " + to +
               ") INSERT INTO st_lines (n, label) SELECT x, 'line ' || x FROM g");
}

/// The heap the program has in use now (glibc's count of allocated bytes).
std::size_t heap_in_use() { return mallinfo2().uordblks; }

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool sanitized = true;  // their allocators keep glibc's statistics empty
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif
#else
constexpr bool sanitized = false;
#endif

/// Reads every line with each<Line>, checking their sum; returns the most heap in use above
/// what it was before the read, sampled every 1000 rows.
std::size_t peak_while_each(quarry::Database& db, std::int64_t n) {
  std::size_t before = heap_in_use(), peak = before;
  std::int64_t rows = 0, sum = 0;
  db.each<Line>([&](const Line& l) {
    sum += l.n;
    if (++rows % 1000 == 0) peak = std::max(peak, heap_in_use());
  });
  CHECK(rows == n);
  CHECK(sum == n * (n + 1) / 2);
  return peak - before;
}


TEST_CASE("each and stream read the rows find_all reads, with its clauses", "[streaming]") {
  auto db = fresh_st();
  seed(db);
  auto where_some = where(col<&Tune::plays> >= 3);
  auto order = order_by(desc(col<&Tune::plays>), col<&Tune::title>);
  auto expected = db.find_all<Tune>(where_some, order, limit(20), offset(2));
  REQUIRE(expected.size() == 20);

  std::vector<Tune> seen;
  db.each<Tune>([&](const Tune& t) { seen.push_back(t); }, where_some, order, limit(20), offset(2), batch(3));
  REQUIRE(seen.size() == expected.size());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    CHECK(seen[i].id == expected[i].id);
    CHECK(seen[i].title == expected[i].title);
  }

  std::vector<std::int64_t> ids;
  for (const Tune& t : db.stream<Tune>(where_some, order, limit(20), offset(2), batch(7))) ids.push_back(t.id);
  REQUIRE(ids.size() == expected.size());
  for (std::size_t i = 0; i < ids.size(); ++i) CHECK(ids[i] == expected[i].id);

  // a range: views apply (clang 14 compiles no view of libstdc++ 12's, not even of a std::vector)
  static_assert(std::ranges::input_range<decltype(db.stream<Tune>())>);
#ifndef __clang__
  std::vector<std::string> titles;
  for (const Tune& t : db.stream<Tune>(where_some, order, offset(2), batch(2)) | std::views::take(3))
    titles.push_back(t.title);
  CHECK(titles == std::vector<std::string>{expected[0].title, expected[1].title, expected[2].title});
#endif

  // some columns only: the others stay as a T{} has them, row after row
  db.each<Tune>([&](const Tune& t) {
    CHECK(t.title.empty());
    CHECK(t.plays >= 3);
  }, only<&Tune::plays>(), where_some);

  // no rows
  int none = 0;
  db.each<Tune>([&](const Tune&) { ++none; }, where(col<&Tune::plays> > 100));
  for ([[maybe_unused]] const Tune& t : db.stream<Tune>(where(col<&Tune::plays> > 100))) ++none;
  CHECK(none == 0);
}

TEST_CASE("leaving a stream early, or by an exception, leaves its connection usable", "[streaming]") {
  auto db = fresh_st();
  seed(db);
  generate_lines(db, 1, 5000);
  // the one pooled connection runs each statement after the stream: nothing of it is left
  for (int round = 0; round < 2; ++round) {
    int read = 0;
    for (const Line& l : db.stream<Line>(order_by(col<&Line::n>), batch(100))) {
      CHECK(l.n == read + 1);
      if (++read == 150) break;
    }
    CHECK(read == 150);
    CHECK(db.count<Tune>() == 55);

    read = 0;
    CHECK_THROWS_AS(db.each<Line>([&](const Line&) {
      if (++read == 10) throw std::runtime_error("enough");
    }), std::runtime_error);
    CHECK(read == 10);
    CHECK(db.count<Line>() == 5000);

    // a stream never begun, and one moved from
    {
      auto s = db.stream<Line>(where(col<&Line::n> > 10));
      auto moved = std::move(s);
    }
    CHECK(db.find_all<Band>(where(col<&Band::name> == "band101")).size() == 1);
  }
  // in a transaction too: the rest of it runs on as if no stream had been
  db.transaction([&] {
    int read = 0;
    for ([[maybe_unused]] const Line& l : db.stream<Line>(batch(10)))
      if (++read == 25) break;
    CHECK_THROWS_AS(db.each<Line>([&](const Line&) { throw std::runtime_error("stop"); }), std::runtime_error);
    db.create(Band{.name = "after"});
  });
  CHECK(db.count<Band>() == 11);
  // an error of the query itself: the connection still serves
  CHECK_THROWS_AS(db.each<Line>([](const Line&) {}, where(sql<bool>("no_such_column = 1"))), quarry::DatabaseError);
  CHECK(db.count<Band>() == 11);
}

TEST_CASE("a stream is logged once, when it ends, with the rows it read", "[streaming]") {
  auto db = fresh_st();
  seed(db);
  std::vector<std::pair<std::string, std::int64_t>> log;
  db.on_log([&](const quarry::LogEntry& e) {
    if (std::string_view(e.sql).find("st_tunes") != std::string_view::npos) log.emplace_back(e.sql, e.rows);
  });
  db.each<Tune>([](const Tune&) {}, batch(4));
  REQUIRE(log.size() == 1);
  CHECK(log[0].first.rfind("SELECT", 0) == 0);
  CHECK(log[0].second == 55);
  int read = 0;
  for ([[maybe_unused]] const Tune& t : db.stream<Tune>(batch(4)))
    if (++read == 6) break;
  REQUIRE(log.size() == 2);
  CHECK(log[1].second == 8);  // two batches of four were read when the loop left
}

TEST_CASE("a stream in a transaction reads its rows and writes beside them", "[streaming]") {
  auto db = fresh_st();
  seed(db);
  db.transaction([&] {
    db.create(Band{.name = "unsaved"});  // seen by the stream: the same transaction
    int bands = 0;
    for (Band& b : db.stream<Band>(order_by(col<&Band::id>), batch(4))) {
      ++bands;
      b.name += "!";
      db.save(b);  // a write on the stream's own connection, between two fetches
    }
    CHECK(bands == 11);
    std::int64_t plays = 0;
    db.each<Tune>([&](const Tune& t) {
      plays += t.plays;
      db.update<Tune>(set(col<&Tune::plays> = col<&Tune::plays> + 1), where(col<&Tune::id> == t.id));
    }, batch(5));
    CHECK(plays == 385);  // the sum of k * k for k = 1..10
  });
  CHECK(db.count<Band>(where(col<&Band::name> == "unsaved!")) == 1);
  CHECK(db.sum(col<&Tune::plays>) == 385 + 55);
}

TEST_CASE("after_find hooks run on streamed rows, and may write beside the stream", "[streaming]") {
  auto db = fresh_st();
  std::vector<Visit> visits;
  for (int i = 0; i < 30; ++i) visits.push_back({.page = "/p" + std::to_string(i)});
  db.bulk_create(visits);
  int read = 0;
  db.each<Visit>([&](const Visit&) { ++read; }, batch(7));
  CHECK(read == 30);
  CHECK(db.count<VisitLog>() == 30);
  for ([[maybe_unused]] const Visit& v : db.stream<Visit>(batch(4))) ++read;
  CHECK(read == 60);
  CHECK(db.count<VisitLog>() == 30);  // found, not created again
  db.transaction([&] {
    db.execute("DELETE FROM st_visit_logs");
    db.each<Visit>([&](const Visit&) { ++read; }, batch(8));
  });
  CHECK(read == 90);
  CHECK(db.count<VisitLog>() == 30);
}

TEST_CASE("includes load per batch of parents", "[streaming]") {
  auto db = fresh_st();
  seed(db);
  auto expected = names(db.find_all<Band>(include<&Band::tunes>(order_by(col<&Tune::title>)), order_by(col<&Band::name>)));
  for (int n : {1, 3, 10, 1000}) {
    std::vector<Band> seen;
    db.each<Band>([&](Band& b) { seen.push_back(std::move(b)); }, include<&Band::tunes>(order_by(col<&Tune::title>)),
                  order_by(col<&Band::name>), batch(n));
    CHECK(names(seen) == expected);
    std::vector<Band> streamed;
    for (Band& b : db.stream<Band>(include<&Band::tunes>(), order_by(col<&Band::name>), batch(n)))
      streamed.push_back(std::move(b));
    CHECK(names(streamed) == expected);
  }
  // a required include: bands with a tune played 9 times or more
  std::vector<std::string> played;
  db.each<Band>([&](const Band& b) { played.push_back(b.name); },
                include<&Band::tunes>(required, where(col<&Tune::plays> >= 9)), order_by(col<&Band::name>), batch(1));
  CHECK(played == std::vector<std::string>{"band109", "band110"});
}

TEST_CASE("each_batch reads batches by primary key, writing between them", "[streaming]") {
  auto db = fresh_st();
  seed(db);
  std::vector<std::size_t> sizes;
  std::int64_t last = 0;
  db.each_batch<Tune>([&](std::vector<Tune>& tunes) {
    sizes.push_back(tunes.size());
    for (auto& t : tunes) {
      CHECK(t.id > last);  // in key order, across batches too
      last = t.id;
      t.plays = 0;
    }
    db.bulk_create(std::vector<Band>{{.name = "from batch " + std::to_string(sizes.size())}});
    for (auto& t : tunes) db.save(t);  // no connection is held while fn runs
  }, batch(20));
  CHECK(sizes == std::vector<std::size_t>{20, 20, 15});
  CHECK(db.sum(col<&Tune::plays>) == 0);

  // with a where, includes, and a batch that divides the rows exactly
  std::vector<std::string> seen;
  db.each_batch<Band>([&](std::span<Band> bands) {
    for (auto& b : bands) seen.push_back(b.name + ":" + std::to_string(b.tunes.size()));
  }, where(col<&Band::name>.starts_with("band")), include<&Band::tunes>(), batch(5));
  CHECK(seen.size() == 10);
  CHECK(seen.front() == "band101:1");
  CHECK(seen.back() == "band110:10");
}

/// The rows of the large read: a million where it says something new (g++'s builds, on SQLite in
/// memory, PostgreSQL and MariaDB); 100k on a SQLite file and in clang's build, which read the
/// same way; 20k under the sanitizers, whose allocators keep no statistics to check.
std::int64_t large_read() {
  if (sanitized) return 20'000;
#ifdef __clang__
  return 100'000;
#else
  return test::url().find(":memory:") == std::string::npos && test::on("sqlite") ? 100'000 : 1'000'000;
#endif
}

TEST_CASE("a million rows stream with the heap staying the same size", "[streaming][million]") {
  auto db = fresh_st();
  const std::int64_t large = large_read(), small = large / 10;
  generate_lines(db, 1, small);
  std::size_t small_peak = peak_while_each(db, small);
  // stream<T> too, with its batches
  std::int64_t rows = 0;
  std::size_t before = heap_in_use(), stream_peak = before;
  for (const Line& l : db.stream<Line>(batch(500))) {
    rows += l.n > 0;
    if (rows % 1000 == 0) stream_peak = std::max(stream_peak, heap_in_use());
  }
  CHECK(rows == small);
  generate_lines(db, small + 1, large);
  std::size_t large_peak = peak_while_each(db, large);
  if constexpr (!sanitized) {
    INFO("heap above the start: " << small_peak << " bytes at " << small << " rows, " << large_peak << " at "
                                  << large << "; " << stream_peak - before << " through stream<T> at " << small);
    // a find_all of a million of these rows holds some 50 MB; a stream holds a batch's rows,
    // whatever their count
    CHECK(large_peak < 4'000'000);
    CHECK(large_peak <= small_peak + 256 * 1024);
    CHECK(stream_peak - before < 4'000'000);
  }
  db.execute("DROP TABLE st_lines");  // (faster than deleting a million rows)
}

}  // namespace streaming_it
