#pragma once
// The raw SQLite contender: sqlite3 as an expert writes it. Persistent prepared statements, one
// transaction where the workload has one, columns read straight into the structs. Timestamps are
// stored as the text 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC), the form quarry uses, formatted and
// parsed by hand.

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

#include "common.hpp"

namespace bench {

class RawSqlite {
 public:
  explicit RawSqlite(const quarry::driver::Url& url) {
    if (sqlite3_open_v2(url.database.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
      fail("open");
    exec("PRAGMA foreign_keys = ON");
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawSqlite() {
    for (auto& [sql, s] : statements_) sqlite3_finalize(s);
    sqlite3_close(db_);
  }
  RawSqlite(const RawSqlite&) = delete;
  RawSqlite& operator=(const RawSqlite&) = delete;

  std::int64_t insert_users(std::span<const User> rows) {
    exec("BEGIN IMMEDIATE");
    auto* s = prepare("INSERT INTO users (name, email, age, created_at) VALUES (?, ?, ?, ?)");
    std::int64_t sum = 0;
    for (const auto& u : rows) {
      bind_user(s, 1, u);
      step_done(s);
      sum += sqlite3_last_insert_rowid(db_);
    }
    exec("COMMIT");
    return sum;
  }

  std::int64_t bulk_users(std::span<const User> rows) {
    exec("BEGIN IMMEDIATE");
    std::int64_t sum = 0;
    for (std::size_t at = 0; at < rows.size(); at += chunk) {
      std::size_t n = std::min(chunk, rows.size() - at);
      auto* s = prepare(multi_insert(n));
      for (std::size_t i = 0; i < n; ++i) bind_user(s, static_cast<int>(i * 4 + 1), rows[at + i]);
      step_done(s);
      // AUTOINCREMENT keys of one statement are consecutive, ending at the last rowid
      auto last = sqlite3_last_insert_rowid(db_);
      for (std::size_t i = 0; i < n; ++i) sum += last - static_cast<std::int64_t>(n - 1 - i);
    }
    exec("COMMIT");
    return sum;
  }

  std::vector<User> select_users() {
    auto* s = prepare("SELECT id, name, email, age, created_at FROM users");
    std::vector<User> out;
    while (sqlite3_step(s) == SQLITE_ROW) read_user(s, out.emplace_back());
    sqlite3_reset(s);
    return out;
  }

  // c'. the same rows stepped through one by one into one User; returns the sum of age + email length
  std::int64_t each_user() {
    auto* s = prepare("SELECT id, name, email, age, created_at FROM users");
    std::int64_t sum = 0;
    User u;
    while (sqlite3_step(s) == SQLITE_ROW) {
      read_user(s, u);
      sum += u.age + static_cast<std::int64_t>(u.email.size());
    }
    sqlite3_reset(s);
    return sum;
  }

  std::int64_t lookup_users(std::span<const std::int64_t> ids) {
    auto* s = prepare("SELECT id, name, email, age, created_at FROM users WHERE id = ?");
    std::int64_t sum = 0;
    User u;
    for (auto id : ids) {
      sqlite3_bind_int64(s, 1, id);
      if (sqlite3_step(s) == SQLITE_ROW) {
        read_user(s, u);
        sum += u.age;
      }
      sqlite3_reset(s);
    }
    return sum;
  }

  std::int64_t update_worlds(std::span<const std::pair<std::int64_t, std::int64_t>> pairs) {
    exec("BEGIN IMMEDIATE");
    auto* s = prepare("UPDATE world SET random_number = ? WHERE id = ?");
    std::int64_t changed = 0;
    for (auto [id, number] : pairs) {
      sqlite3_bind_int64(s, 1, number);
      sqlite3_bind_int64(s, 2, id);
      step_done(s);
      changed += sqlite3_changes(db_);
    }
    exec("COMMIT");
    return changed;
  }

  std::vector<Author> authors_with_books() {
    auto* a = prepare("SELECT id, name FROM authors");
    std::vector<Author> out;
    std::unordered_map<std::int64_t, std::size_t> at;
    while (sqlite3_step(a) == SQLITE_ROW) {
      auto& author = out.emplace_back();
      author.id = sqlite3_column_int64(a, 0);
      author.name.assign(text(a, 1));
      at.emplace(author.id, out.size() - 1);
    }
    sqlite3_reset(a);
    // the books of those authors by their keys, a placeholder each, as quarry's include sends it
    std::string sql = "SELECT id, author_id, title FROM books WHERE author_id IN (";
    for (std::size_t i = 0; i < out.size(); ++i) sql += i ? ", ?" : "?";
    sql += ") ORDER BY id";
    auto* b = prepare(sql);
    for (std::size_t i = 0; i < out.size(); ++i) sqlite3_bind_int64(b, static_cast<int>(i + 1), out[i].id);
    while (sqlite3_step(b) == SQLITE_ROW) {
      auto it = at.find(sqlite3_column_int64(b, 1));
      if (it == at.end()) continue;
      out[it->second].books.push_back({sqlite3_column_int64(b, 0), it->first, std::string(text(b, 2))});
    }
    sqlite3_reset(b);
    return out;
  }

  World te_single(std::int64_t id) {
    if (!world_by_id_) world_by_id_ = prepare("SELECT id, random_number FROM world WHERE id = ?");
    auto* s = world_by_id_;
    sqlite3_bind_int64(s, 1, id);
    World w{};
    if (sqlite3_step(s) == SQLITE_ROW) w = {sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1)};
    sqlite3_reset(s);
    return w;
  }

  std::vector<World> te_queries(std::span<const std::int64_t> ids) {
    std::vector<World> out;
    out.reserve(ids.size());
    for (auto id : ids) out.push_back(te_single(id));
    return out;
  }

  std::vector<World> te_updates(std::span<const std::int64_t> ids, std::span<const std::int64_t> numbers) {
    auto worlds = te_queries(ids);
    auto* s = prepare("UPDATE world SET random_number = ? WHERE id = ?");
    for (std::size_t i = 0; i < worlds.size(); ++i) {
      worlds[i].random_number = numbers[i];
      sqlite3_bind_int64(s, 1, worlds[i].random_number);
      sqlite3_bind_int64(s, 2, worlds[i].id);
      step_done(s);
    }
    return worlds;
  }

  std::vector<Fortune> te_fortunes() {
    auto* s = prepare("SELECT id, message FROM fortune");
    std::vector<Fortune> out;
    while (sqlite3_step(s) == SQLITE_ROW) out.push_back({sqlite3_column_int64(s, 0), std::string(text(s, 1))});
    sqlite3_reset(s);
    out.push_back({0, "Additional fortune added at request time."});
    std::sort(out.begin(), out.end(), [](const Fortune& a, const Fortune& b) { return a.message < b.message; });
    return out;
  }

 private:
  static constexpr std::size_t chunk = 500;  // rows per multi-row INSERT (2000 parameters)

  [[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "raw sqlite: %s: %s\n", what, sqlite3_errmsg(db_));
    std::exit(1);
  }
  void exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
  }
  sqlite3_stmt* prepare(const std::string& sql) {
    auto& s = statements_[sql];
    if (!s && sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
      fail(sql.c_str());
    return s;
  }
  void step_done(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE) fail("step");
    sqlite3_reset(s);
  }
  static std::string multi_insert(std::size_t rows) {
    std::string sql = "INSERT INTO users (name, email, age, created_at) VALUES ";
    for (std::size_t i = 0; i < rows; ++i) sql += i ? ", (?, ?, ?, ?)" : "(?, ?, ?, ?)";
    return sql;
  }

  void bind_user(sqlite3_stmt* s, int first, const User& u) {
    sqlite3_bind_text(s, first, u.name.data(), static_cast<int>(u.name.size()), SQLITE_STATIC);
    sqlite3_bind_text(s, first + 1, u.email.data(), static_cast<int>(u.email.size()), SQLITE_STATIC);
    sqlite3_bind_int(s, first + 2, u.age);
    char buf[26];
    format_time(u.created_at, buf);
    sqlite3_bind_text(s, first + 3, buf, sizeof buf, SQLITE_TRANSIENT);
  }
  static void read_user(sqlite3_stmt* s, User& u) {
    u.id = sqlite3_column_int64(s, 0);
    u.name.assign(text(s, 1));
    u.email.assign(text(s, 2));
    u.age = sqlite3_column_int(s, 3);
    u.created_at = parse_time(text(s, 4));
  }
  static std::string_view text(sqlite3_stmt* s, int i) {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
    return {p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(s, i))};
  }

  static void format_time(quarry::Timestamp t, char (&buf)[26]) {
    using namespace std::chrono;
    auto day = floor<days>(t);
    year_month_day date{day};
    auto us = (t - day).count();
    auto put = [&](int at, long long v, int width) {
      for (int i = at + width - 1; i >= at; --i, v /= 10) buf[i] = static_cast<char>('0' + v % 10);
    };
    put(0, static_cast<int>(date.year()), 4);
    put(5, static_cast<unsigned>(date.month()), 2);
    put(8, static_cast<unsigned>(date.day()), 2);
    put(11, us / 3'600'000'000LL, 2);
    put(14, us / 60'000'000LL % 60, 2);
    put(17, us / 1'000'000LL % 60, 2);
    put(20, us % 1'000'000LL, 6);
    buf[4] = buf[7] = '-';
    buf[10] = ' ';
    buf[13] = buf[16] = ':';
    buf[19] = '.';
  }
  static quarry::Timestamp parse_time(std::string_view s) {
    using namespace std::chrono;
    auto num = [&](std::size_t at, std::size_t width) {
      long long v = 0;
      for (std::size_t i = at; i < at + width && i < s.size(); ++i) v = v * 10 + (s[i] - '0');
      return v;
    };
    sys_days date{year_month_day{year{static_cast<int>(num(0, 4))}, month{static_cast<unsigned>(num(5, 2))},
                                 day{static_cast<unsigned>(num(8, 2))}}};
    return date + hours{num(11, 2)} + minutes{num(14, 2)} + seconds{num(17, 2)} + microseconds{num(20, 6)};
  }

  sqlite3* db_ = nullptr;
  sqlite3_stmt* world_by_id_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace bench
