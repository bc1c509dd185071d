#pragma once
// The raw PostgreSQL contender: libpq by hand. Every statement is prepared once and kept; parameters
// and results use the binary format (no number or timestamp is printed or parsed), and rows are
// decoded straight into the structs of common.hpp. Any failure prints the server's message and exits.

#include <libpq-fe.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "common.hpp"

namespace bench {

class RawPostgres {
 public:
  explicit RawPostgres(const quarry::driver::Url& url) {
    // empty values are ignored by libpq, so its defaults apply; a host starting with '/' is a socket dir
    std::string port = url.port ? std::to_string(*url.port) : std::string();
    const char* keys[] = {"host", "port", "user", "password", "dbname", "client_encoding", nullptr};
    const char* values[] = {url.host.c_str(),     port.c_str(),          url.user.c_str(), url.password.c_str(),
                            url.database.c_str(), "UTF8", nullptr};
    conn_ = PQconnectdbParams(keys, values, 0);
    if (PQstatus(conn_) != CONNECTION_OK) fail("connect");

    const Oid user_types[] = {varchar_oid, varchar_oid, int4_oid, timestamptz_oid};
    const Oid int8_types[] = {int8_oid, int8_oid};
    prepare("insert_user", "INSERT INTO users (name, email, age, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            4, user_types);
    prepare("select_users", "SELECT id, name, email, age, created_at FROM users", 0, nullptr);
    prepare("lookup_user", "SELECT id, name, email, age, created_at FROM users WHERE id = $1", 1, int8_types);
    prepare("update_world", "UPDATE world SET random_number = $1 WHERE id = $2", 2, int8_types);
    prepare("select_world", "SELECT id, random_number FROM world WHERE id = $1", 1, int8_types);
    prepare("select_authors", "SELECT id, name FROM authors", 0, nullptr);
    const Oid int8_array[] = {int8_array_oid};
    prepare("select_books", "SELECT id, author_id, title FROM books WHERE author_id = ANY($1) ORDER BY id", 1,
            int8_array);
    prepare("select_fortunes", "SELECT id, message FROM fortune", 0, nullptr);
    formats_.assign(bulk_chunk * 4, 1);  // every parameter binary; also serves as resultFormat array
  }
  ~RawPostgres() { PQfinish(conn_); }
  RawPostgres(const RawPostgres&) = delete;
  RawPostgres& operator=(const RawPostgres&) = delete;

  // a. one INSERT ... RETURNING id per row, in one transaction
  std::int64_t insert_users(std::span<const User> rows) {
    command("BEGIN");
    std::int64_t sum = 0;
    char age[4], at[8];
    const char* values[] = {nullptr, nullptr, age, at};
    int lengths[] = {0, 0, 4, 8};
    for (const User& u : rows) {
      values[0] = u.name.data(), lengths[0] = static_cast<int>(u.name.size());
      values[1] = u.email.data(), lengths[1] = static_cast<int>(u.email.size());
      put4(age, u.age);
      put8(at, to_pg(u.created_at));
      Result r = run("insert_user", 4, values, lengths);
      sum += get8(PQgetvalue(r.get(), 0, 0));
    }
    command("COMMIT");
    return sum;
  }

  // b. INSERT ... VALUES (...), ... RETURNING id, bulk_chunk rows per statement, in one transaction.
  // The full-chunk statement and each remainder size are prepared on first use and kept.
  std::int64_t bulk_users(std::span<const User> rows) {
    command("BEGIN");
    std::int64_t sum = 0;
    std::vector<const char*> values(bulk_chunk * 4);
    std::vector<int> lengths(bulk_chunk * 4);
    std::vector<char> scalars(bulk_chunk * 12);  // per row: int4 age, int8 created_at
    for (std::size_t start = 0; start < rows.size(); start += bulk_chunk) {
      std::size_t n = std::min(bulk_chunk, rows.size() - start);
      for (std::size_t i = 0; i < n; ++i) {
        const User& u = rows[start + i];
        char* p = scalars.data() + 12 * i;
        put4(p, u.age);
        put8(p + 4, to_pg(u.created_at));
        values[4 * i] = u.name.data(), lengths[4 * i] = static_cast<int>(u.name.size());
        values[4 * i + 1] = u.email.data(), lengths[4 * i + 1] = static_cast<int>(u.email.size());
        values[4 * i + 2] = p, lengths[4 * i + 2] = 4;
        values[4 * i + 3] = p + 4, lengths[4 * i + 3] = 8;
      }
      Result r = run(bulk_statement(n).c_str(), static_cast<int>(4 * n), values.data(), lengths.data());
      for (int i = 0, count = PQntuples(r.get()); i < count; ++i) sum += get8(PQgetvalue(r.get(), i, 0));
    }
    command("COMMIT");
    return sum;
  }

  // c.
  std::vector<User> select_users() {
    Result r = run("select_users", 0, nullptr, nullptr);
    int count = PQntuples(r.get());
    std::vector<User> out;
    out.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) out.push_back(user(r.get(), i));
    return out;
  }

  // c'. the same rows in libpq's single-row mode (one result per row, nothing held but the
  // row), each into one User; returns the sum of age + email length
  std::int64_t each_user() {
    if (!PQsendQueryPrepared(conn_, "select_users", 0, nullptr, nullptr, nullptr, 1) || !PQsetSingleRowMode(conn_))
      fail("select_users", nullptr);
    std::int64_t sum = 0;
    User u;
    while (PGresult* row = PQgetResult(conn_)) {
      Result r{row};
      auto status = PQresultStatus(row);
      if (status == PGRES_SINGLE_TUPLE) {
        u.id = get8(PQgetvalue(row, 0, 0));
        u.name.assign(PQgetvalue(row, 0, 1), static_cast<std::size_t>(PQgetlength(row, 0, 1)));
        u.email.assign(PQgetvalue(row, 0, 2), static_cast<std::size_t>(PQgetlength(row, 0, 2)));
        u.age = get4(PQgetvalue(row, 0, 3));
        u.created_at = quarry::Timestamp{std::chrono::microseconds{get8(PQgetvalue(row, 0, 4)) + pg_epoch_us}};
        sum += u.age + static_cast<std::int64_t>(u.email.size());
      } else if (status != PGRES_TUPLES_OK) {
        fail("select_users", row);
      }
    }
    return sum;
  }

  // d.
  std::int64_t lookup_users(std::span<const std::int64_t> ids) {
    std::int64_t sum = 0;
    for (std::int64_t id : ids) {
      char key[8];
      put8(key, id);
      Result r = lookup("lookup_user", key, id);
      sum += user(r.get(), 0).age;
    }
    return sum;
  }

  // e. one transaction; the count is that of rows matched, as PostgreSQL reports it
  std::int64_t update_worlds(std::span<const std::pair<std::int64_t, std::int64_t>> pairs) {
    command("BEGIN");
    std::int64_t changed = 0;
    for (const auto& [id, number] : pairs) changed += update_world(id, number);
    command("COMMIT");
    return changed;
  }

  // f. two queries: every author, then the books of those authors by their keys, sent as one binary
  // int8[] (as quarry's include sends them), grouped in memory by author id
  std::vector<Author> authors_with_books() {
    std::vector<Author> out;
    std::unordered_map<std::int64_t, std::size_t> index;
    {
      Result r = run("select_authors", 0, nullptr, nullptr);
      int count = PQntuples(r.get());
      out.reserve(static_cast<std::size_t>(count));
      index.reserve(static_cast<std::size_t>(count));
      for (int i = 0; i < count; ++i) {
        std::int64_t id = get8(PQgetvalue(r.get(), i, 0));
        index.emplace(id, out.size());
        out.push_back({id, text(r.get(), i, 1), {}});
      }
    }
    // array_recv's format: dimensions, has nulls, element type, length, lower bound, then each
    // element's length and bytes
    std::string keys(20 + out.size() * 12, '\0');
    char* p = keys.data();
    put4(p, 1), put4(p + 4, 0), put4(p + 8, int8_oid), put4(p + 12, static_cast<std::int32_t>(out.size())), put4(p + 16, 1);
    p += 20;
    for (const Author& a : out) put4(p, 8), put8(p + 4, a.id), p += 12;
    const char* values[] = {keys.data()};
    const int lengths[] = {static_cast<int>(keys.size())};
    Result r = run("select_books", 1, values, lengths);
    for (int i = 0, count = PQntuples(r.get()); i < count; ++i) {
      Book b{get8(PQgetvalue(r.get(), i, 0)), get8(PQgetvalue(r.get(), i, 1)), text(r.get(), i, 2)};
      auto it = index.find(b.author_id);
      if (it != index.end()) out[it->second].books.push_back(std::move(b));
    }
    return out;
  }

  // g.
  World te_single(std::int64_t id) {
    char key[8];
    put8(key, id);
    Result r = lookup("select_world", key, id);
    return {get8(PQgetvalue(r.get(), 0, 0)), get8(PQgetvalue(r.get(), 0, 1))};
  }

  std::vector<World> te_queries(std::span<const std::int64_t> ids) {
    std::vector<World> out;
    out.reserve(ids.size());
    for (std::int64_t id : ids) out.push_back(te_single(id));
    return out;
  }

  // read every world, then one UPDATE per world; no transaction (TechEmpower allows either)
  std::vector<World> te_updates(std::span<const std::int64_t> ids, std::span<const std::int64_t> numbers) {
    std::vector<World> out = te_queries(ids);
    for (std::size_t i = 0; i < out.size(); ++i) out[i].random_number = numbers[i];
    for (const World& w : out) update_world(w.id, w.random_number);
    return out;
  }

  std::vector<Fortune> te_fortunes() {
    Result r = run("select_fortunes", 0, nullptr, nullptr);
    int count = PQntuples(r.get());
    std::vector<Fortune> out;
    out.reserve(static_cast<std::size_t>(count) + 1);
    for (int i = 0; i < count; ++i) out.push_back({get8(PQgetvalue(r.get(), i, 0)), text(r.get(), i, 1)});
    out.push_back({0, "Additional fortune added at request time."});
    std::sort(out.begin(), out.end(), [](const Fortune& a, const Fortune& b) { return a.message < b.message; });
    return out;
  }

 private:
  static constexpr std::size_t bulk_chunk = 1000;  // rows per multi-row INSERT: 4000 parameters
  static constexpr Oid int4_oid = 23, int8_oid = 20, varchar_oid = 1043, timestamptz_oid = 1184, int8_array_oid = 1016;
  // timestamptz on the wire: microseconds since 2000-01-01 00:00:00 UTC
  static constexpr std::int64_t pg_epoch_us = 946'684'800'000'000;

  struct Clear {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
  };
  using Result = std::unique_ptr<PGresult, Clear>;

  [[noreturn]] void fail(const char* what, const PGresult* r = nullptr) const {
    std::fprintf(stderr, "raw postgres: %s: %s\n", what, r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
    std::exit(1);
  }

  void prepare(const char* name, const char* sql, int params, const Oid* types) {
    Result r{PQprepare(conn_, name, sql, params, types)};
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) fail(sql, r.get());
  }

  void command(const char* sql) {
    Result r{PQexec(conn_, sql)};
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) fail(sql, r.get());
  }

  // executes a prepared statement: binary parameters, binary results
  Result run(const char* name, int params, const char* const* values, const int* lengths) {
    Result r{PQexecPrepared(conn_, name, params, values, lengths, formats_.data(), 1)};
    auto status = PQresultStatus(r.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) fail(name, r.get());
    return r;
  }

  Result lookup(const char* name, const char* key, std::int64_t id) {
    int length = 8;
    Result r = run(name, 1, &key, &length);
    if (PQntuples(r.get()) != 1) {
      std::fprintf(stderr, "raw postgres: %s: no row with id %lld\n", name, static_cast<long long>(id));
      std::exit(1);
    }
    return r;
  }

  std::int64_t update_world(std::int64_t id, std::int64_t number) {
    char buf[16];
    put8(buf, number);
    put8(buf + 8, id);
    const char* values[] = {buf, buf + 8};
    const int lengths[] = {8, 8};
    Result r = run("update_world", 2, values, lengths);
    return std::strtoll(PQcmdTuples(r.get()), nullptr, 10);
  }

  const std::string& bulk_statement(std::size_t rows) {
    auto [it, fresh] = bulk_names_.try_emplace(rows, "bulk_users_" + std::to_string(rows));
    if (fresh) {
      std::string sql = "INSERT INTO users (name, email, age, created_at) VALUES ";
      std::vector<Oid> types;
      for (std::size_t i = 0; i < rows; ++i) {
        auto p = [&](std::size_t k) { return "$" + std::to_string(4 * i + k); };
        sql += (i ? ", (" : "(") + p(1) + ", " + p(2) + ", " + p(3) + ", " + p(4) + ")";
        types.insert(types.end(), {varchar_oid, varchar_oid, int4_oid, timestamptz_oid});
      }
      sql += " RETURNING id";
      prepare(it->second.c_str(), sql.c_str(), static_cast<int>(types.size()), types.data());
    }
    return it->second;
  }

  static User user(const PGresult* r, int i) {
    return {get8(PQgetvalue(r, i, 0)), text(r, i, 1), text(r, i, 2), get4(PQgetvalue(r, i, 3)),
            quarry::Timestamp{std::chrono::microseconds{get8(PQgetvalue(r, i, 4)) + pg_epoch_us}}};
  }
  static std::string text(const PGresult* r, int i, int column) {
    return {PQgetvalue(r, i, column), static_cast<std::size_t>(PQgetlength(r, i, column))};
  }
  static std::int64_t to_pg(quarry::Timestamp t) { return t.time_since_epoch().count() - pg_epoch_us; }

  // network byte order
  static std::uint64_t big64(std::uint64_t v) { return std::endian::native == std::endian::big ? v : __builtin_bswap64(v); }
  static std::uint32_t big32(std::uint32_t v) { return std::endian::native == std::endian::big ? v : __builtin_bswap32(v); }
  static void put8(char* p, std::int64_t v) {
    std::uint64_t u = big64(static_cast<std::uint64_t>(v));
    std::memcpy(p, &u, 8);
  }
  static void put4(char* p, std::int32_t v) {
    std::uint32_t u = big32(static_cast<std::uint32_t>(v));
    std::memcpy(p, &u, 4);
  }
  static std::int64_t get8(const char* p) {
    std::uint64_t u;
    std::memcpy(&u, p, 8);
    return static_cast<std::int64_t>(big64(u));
  }
  static std::int32_t get4(const char* p) {
    std::uint32_t u;
    std::memcpy(&u, p, 4);
    return static_cast<std::int32_t>(big32(u));
  }

  PGconn* conn_ = nullptr;
  std::vector<int> formats_;                               // all 1: binary
  std::unordered_map<std::size_t, std::string> bulk_names_;  // rows per statement -> prepared name
};

}  // namespace bench
