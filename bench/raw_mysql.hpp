#pragma once
// The raw MariaDB contender: MariaDB Connector/C by hand. Every statement is prepared once on the
// server and kept, with its parameters and result columns bound once to fixed buffers of this
// object (binary protocol: no number or date is printed or parsed); each fetch fills the buffers and
// the row is copied straight into the structs of common.hpp. Any failure prints the message and exits.

#include <mysql.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "common.hpp"

namespace bench {

class RawMysql {
 public:
  explicit RawMysql(const quarry::driver::Url& url) {
    db_ = mysql_init(nullptr);
    if (!db_) fail("mysql_init");
    mysql_options(db_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    bool socket = url.host.starts_with('/');
    // CLIENT_FOUND_ROWS: an UPDATE reports the rows matched, as PostgreSQL and the ORM's driver do
    if (!mysql_real_connect(db_, url.host.empty() || socket ? nullptr : url.host.c_str(), url.user.c_str(),
                            url.password.c_str(), url.database.c_str(), url.port.value_or(0),
                            socket ? url.host.c_str() : nullptr, CLIENT_FOUND_ROWS))
      fail("connect");

    // Bulk ids (b): InnoDB gives the rows of one multi-row INSERT consecutive ids (auto_increment_increment
    // apart) unless innodb_autoinc_lock_mode is 2, so the first id, which the OK packet carries, gives
    // them all without a result set. Measured faster than INSERT ... RETURNING id on MariaDB 10.11.
    query("SELECT @@innodb_autoinc_lock_mode, @@auto_increment_increment");
    MYSQL_RES* res = mysql_store_result(db_);
    MYSQL_ROW row = res ? mysql_fetch_row(res) : nullptr;
    if (!row) fail("reading innodb_autoinc_lock_mode");
    bool interleaved = std::atoi(row[0]) == 2;
    id_step_ = std::atoll(row[1]);
    mysql_free_result(res);
    if (interleaved) {
      std::fprintf(stderr, "raw mysql: innodb_autoinc_lock_mode = 2 does not promise consecutive ids\n");
      std::exit(1);
    }

    const char* user_columns = "SELECT id, name, email, age, created_at FROM users";
    std::vector<MYSQL_BIND> user_out = {
        bind(MYSQL_TYPE_LONGLONG, &user_.id),
        bind(MYSQL_TYPE_STRING, user_.name, sizeof user_.name, &user_.name_length),
        bind(MYSQL_TYPE_STRING, user_.email, sizeof user_.email, &user_.email_length),
        bind(MYSQL_TYPE_LONG, &user_.age),
        bind(MYSQL_TYPE_DATETIME, &user_.created_at),
    };
    insert_user_ = prepare("INSERT INTO users (name, email, age, created_at) VALUES (?, ?, ?, ?)",
                           {user_out.begin() + 1, user_out.end()}, {});
    select_users_ = prepare(user_columns, {}, user_out);
    lookup_user_ = prepare(std::string(user_columns) + " WHERE id = ?", {bind(MYSQL_TYPE_LONGLONG, &key_)}, user_out);

    std::vector<MYSQL_BIND> world_out = {bind(MYSQL_TYPE_LONGLONG, &world_.id),
                                         bind(MYSQL_TYPE_LONGLONG, &world_.random_number)};
    select_world_ = prepare("SELECT id, random_number FROM world WHERE id = ?", {bind(MYSQL_TYPE_LONGLONG, &key_)},
                            world_out);
    update_world_ = prepare("UPDATE world SET random_number = ? WHERE id = ?",
                            {bind(MYSQL_TYPE_LONGLONG, &world_.random_number), bind(MYSQL_TYPE_LONGLONG, &world_.id)}, {});

    select_authors_ = prepare("SELECT id, name FROM authors", {},
                              {bind(MYSQL_TYPE_LONGLONG, &row_.id),
                               bind(MYSQL_TYPE_STRING, row_.text, sizeof row_.text, &row_.text_length)});
    select_fortunes_ = prepare("SELECT id, message FROM fortune", {},
                               {bind(MYSQL_TYPE_LONGLONG, &row_.id),
                                bind(MYSQL_TYPE_STRING, row_.text, sizeof row_.text, &row_.text_length)});
  }
  ~RawMysql() {
    for (MYSQL_STMT* s : {insert_user_, select_users_, lookup_user_, select_world_, update_world_, select_authors_,
                          select_fortunes_})
      mysql_stmt_close(s);
    for (auto& [count, b] : books_of_) mysql_stmt_close(b.statement);
    for (auto& [rows, s] : bulk_) mysql_stmt_close(s);
    mysql_close(db_);
  }
  RawMysql(const RawMysql&) = delete;
  RawMysql& operator=(const RawMysql&) = delete;

  // a. one INSERT per row, in one transaction; the id from the OK packet
  std::int64_t insert_users(std::span<const User> rows) {
    query("START TRANSACTION");
    std::int64_t sum = 0;
    for (const User& u : rows) {
      user_.name_length = copy(user_.name, u.name);
      user_.email_length = copy(user_.email, u.email);
      user_.age = u.age;
      user_.created_at = to_mysql(u.created_at);
      execute(insert_user_);
      sum += static_cast<std::int64_t>(mysql_stmt_insert_id(insert_user_));
    }
    query("COMMIT");
    return sum;
  }

  // b. multi-row INSERT, bulk_chunk rows per statement, in one transaction. The full-chunk statement
  // and each remainder size are prepared on first use and kept; the parameters point into the rows.
  std::int64_t bulk_users(std::span<const User> rows) {
    query("START TRANSACTION");
    std::int64_t sum = 0;
    std::vector<MYSQL_BIND> params(bulk_chunk * 4);
    std::vector<MYSQL_TIME> times(bulk_chunk);
    for (std::size_t start = 0; start < rows.size(); start += bulk_chunk) {
      std::size_t n = std::min(bulk_chunk, rows.size() - start);
      for (std::size_t i = 0; i < n; ++i) {
        const User& u = rows[start + i];
        times[i] = to_mysql(u.created_at);
        // a string parameter without a length pointer is buffer_length bytes long
        params[4 * i] = bind(MYSQL_TYPE_STRING, const_cast<char*>(u.name.data()), u.name.size());
        params[4 * i + 1] = bind(MYSQL_TYPE_STRING, const_cast<char*>(u.email.data()), u.email.size());
        params[4 * i + 2] = bind(MYSQL_TYPE_LONG, const_cast<std::int32_t*>(&u.age));
        params[4 * i + 3] = bind(MYSQL_TYPE_DATETIME, &times[i]);
      }
      MYSQL_STMT* s = bulk_statement(n);
      if (mysql_stmt_bind_param(s, params.data())) fail(s);
      execute(s);
      auto count = static_cast<std::int64_t>(n);
      sum += count * static_cast<std::int64_t>(mysql_stmt_insert_id(s)) + id_step_ * count * (count - 1) / 2;
    }
    query("COMMIT");
    return sum;
  }

  // c. unbuffered: each row is decoded as it arrives, with no client-side copy of the whole result
  std::vector<User> select_users() {
    execute(select_users_);
    std::vector<User> out;
    while (fetch(select_users_)) out.push_back(user());
    return out;
  }

  // c'. the same rows fetched off the wire one by one (no mysql_stmt_store_result), each into one
  // User; returns the sum of age + email length
  std::int64_t each_user() {
    execute(select_users_);
    std::int64_t sum = 0;
    User u;
    while (fetch(select_users_)) {
      u.id = user_.id;
      u.name.assign(user_.name, user_.name_length);
      u.email.assign(user_.email, user_.email_length);
      u.age = user_.age;
      u.created_at = from_mysql(user_.created_at);
      sum += u.age + static_cast<std::int64_t>(u.email.size());
    }
    return sum;
  }

  // d.
  std::int64_t lookup_users(std::span<const std::int64_t> ids) {
    std::int64_t sum = 0;
    for (std::int64_t id : ids) {
      lookup(lookup_user_, id);
      sum += user().age;
    }
    return sum;
  }

  // e. one transaction
  std::int64_t update_worlds(std::span<const std::pair<std::int64_t, std::int64_t>> pairs) {
    query("START TRANSACTION");
    std::int64_t changed = 0;
    for (const auto& [id, number] : pairs) changed += update_world({id, number});
    query("COMMIT");
    return changed;
  }

  // f. two queries: every author, then every book (all authors are loaded, so no key list is needed),
  // grouped in memory by author id
  std::vector<Author> authors_with_books() {
    std::vector<Author> out;
    std::unordered_map<std::int64_t, std::size_t> index;
    execute(select_authors_);
    while (fetch(select_authors_)) {
      index.emplace(row_.id, out.size());
      out.push_back({row_.id, {row_.text, row_.text_length}, {}});
    }
    // the books of those authors by their keys, a placeholder each, as quarry's include sends them;
    // a statement per number of keys, its parameters bound once to the keys' buffer
    auto& [books, keys] = books_of(out.size());
    for (std::size_t i = 0; i < out.size(); ++i) keys[i] = out[i].id;
    execute(books);
    while (fetch(books)) {
      auto it = index.find(row_.other);
      if (it != index.end()) out[it->second].books.push_back({row_.id, row_.other, {row_.text, row_.text_length}});
    }
    return out;
  }

  // g.
  World te_single(std::int64_t id) {
    lookup(select_world_, id);
    return world_;
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
    for (const World& w : out) update_world(w);
    return out;
  }

  std::vector<Fortune> te_fortunes() {
    std::vector<Fortune> out;
    execute(select_fortunes_);
    while (fetch(select_fortunes_)) out.push_back({row_.id, {row_.text, row_.text_length}});
    out.push_back({0, "Additional fortune added at request time."});
    std::sort(out.begin(), out.end(), [](const Fortune& a, const Fortune& b) { return a.message < b.message; });
    return out;
  }

 private:
  static constexpr std::size_t bulk_chunk = 1000;  // rows per multi-row INSERT: 4000 parameters

  // Bound buffers. utf8mb4 takes up to 4 bytes a character: varchar(100) 400, varchar(200) 800,
  // varchar(2048) 8192 bytes.
  struct UserBuffers {
    std::int64_t id;
    char name[400];
    unsigned long name_length;
    char email[800];
    unsigned long email_length;
    std::int32_t age;
    MYSQL_TIME created_at;
  };
  struct RowBuffers {  // authors, books, fortunes: an id, another id, a text
    std::int64_t id, other;
    char text[8192];
    unsigned long text_length;
  };

  [[noreturn]] void fail(const char* what) const {
    std::fprintf(stderr, "raw mysql: %s: %s\n", what, db_ ? mysql_error(db_) : "out of memory");
    std::exit(1);
  }
  [[noreturn]] static void fail(MYSQL_STMT* s) {
    std::fprintf(stderr, "raw mysql: %s\n", mysql_stmt_error(s));
    std::exit(1);
  }

  static MYSQL_BIND bind(enum_field_types type, void* buffer, unsigned long capacity = 0,
                         unsigned long* length = nullptr) {
    MYSQL_BIND b{};
    b.buffer_type = type;
    b.buffer = buffer;
    b.buffer_length = capacity;
    b.length = length;
    return b;
  }

  MYSQL_STMT* prepare(const std::string& sql, std::vector<MYSQL_BIND> params, std::vector<MYSQL_BIND> results) {
    MYSQL_STMT* s = mysql_stmt_init(db_);
    if (!s) fail("mysql_stmt_init");
    if (mysql_stmt_prepare(s, sql.data(), sql.size())) fail(s);
    if (!params.empty() && mysql_stmt_bind_param(s, params.data())) fail(s);
    if (!results.empty() && mysql_stmt_bind_result(s, results.data())) fail(s);
    return s;
  }

  void query(const char* sql) {
    if (mysql_query(db_, sql)) fail(sql);
  }
  static void execute(MYSQL_STMT* s) {
    if (mysql_stmt_execute(s)) fail(s);
  }
  // true with a row in the bound buffers; false at the end (a truncated column is an error too)
  static bool fetch(MYSQL_STMT* s) {
    int rc = mysql_stmt_fetch(s);
    if (rc == MYSQL_NO_DATA) return false;
    if (rc != 0) {
      if (rc == MYSQL_DATA_TRUNCATED) std::fprintf(stderr, "raw mysql: a column was longer than its buffer\n");
      fail(s);
    }
    return true;
  }
  // one row by key into the bound buffers; reads the end of the result too, so the statement is ready again
  void lookup(MYSQL_STMT* s, std::int64_t id) {
    key_ = id;
    execute(s);
    if (!fetch(s)) {
      std::fprintf(stderr, "raw mysql: no row with id %lld\n", static_cast<long long>(id));
      std::exit(1);
    }
    while (fetch(s)) {
    }
  }

  std::int64_t update_world(World w) {
    world_ = w;
    execute(update_world_);
    return static_cast<std::int64_t>(mysql_stmt_affected_rows(update_world_));
  }

  MYSQL_STMT*& bulk_statement(std::size_t rows) {
    MYSQL_STMT*& s = bulk_[rows];
    if (!s) {
      std::string sql = "INSERT INTO users (name, email, age, created_at) VALUES ";
      for (std::size_t i = 0; i < rows; ++i) sql += i ? ", (?, ?, ?, ?)" : "(?, ?, ?, ?)";
      s = prepare(sql, {}, {});
    }
    return s;
  }

  User user() const {
    return {user_.id, {user_.name, user_.name_length}, {user_.email, user_.email_length}, user_.age,
            from_mysql(user_.created_at)};
  }

  template <std::size_t N>
  static unsigned long copy(char (&to)[N], const std::string& from) {
    if (from.size() > N) {
      std::fprintf(stderr, "raw mysql: a string of %zu bytes is longer than its column\n", from.size());
      std::exit(1);
    }
    std::memcpy(to, from.data(), from.size());
    return static_cast<unsigned long>(from.size());
  }

  // DATETIME(6) holds UTC
  static MYSQL_TIME to_mysql(quarry::Timestamp t) {
    using namespace std::chrono;
    auto day = floor<days>(t);
    year_month_day ymd{day};
    hh_mm_ss time{t - day};
    MYSQL_TIME m{};
    m.year = static_cast<unsigned>(static_cast<int>(ymd.year()));
    m.month = static_cast<unsigned>(ymd.month());
    m.day = static_cast<unsigned>(ymd.day());
    m.hour = static_cast<unsigned>(time.hours().count());
    m.minute = static_cast<unsigned>(time.minutes().count());
    m.second = static_cast<unsigned>(time.seconds().count());
    m.second_part = static_cast<unsigned long>(time.subseconds().count());
    m.time_type = MYSQL_TIMESTAMP_DATETIME;
    return m;
  }
  static quarry::Timestamp from_mysql(const MYSQL_TIME& m) {
    using namespace std::chrono;
    sys_days day = year{static_cast<int>(m.year)} / static_cast<int>(m.month) / static_cast<int>(m.day);
    return day + hours{m.hour} + minutes{m.minute} + seconds{m.second} +
           microseconds{static_cast<std::int64_t>(m.second_part)};
  }

  struct BooksOf {
    MYSQL_STMT* statement = nullptr;
    std::vector<std::int64_t> keys;
  };
  BooksOf& books_of(std::size_t n) {
    auto& b = books_of_[n];
    if (b.statement) return b;
    std::string sql = "SELECT id, author_id, title FROM books WHERE author_id IN (";
    for (std::size_t i = 0; i < n; ++i) sql += i ? ", ?" : "?";
    sql += ") ORDER BY id";
    b.keys.resize(n);
    std::vector<MYSQL_BIND> params;
    for (auto& k : b.keys) params.push_back(bind(MYSQL_TYPE_LONGLONG, &k));
    b.statement = prepare(sql, std::move(params),
                          {bind(MYSQL_TYPE_LONGLONG, &row_.id), bind(MYSQL_TYPE_LONGLONG, &row_.other),
                           bind(MYSQL_TYPE_STRING, row_.text, sizeof row_.text, &row_.text_length)});
    return b;
  }

  MYSQL* db_ = nullptr;
  std::int64_t id_step_ = 1;  // auto_increment_increment
  MYSQL_STMT *insert_user_ = nullptr, *select_users_ = nullptr, *lookup_user_ = nullptr, *select_world_ = nullptr,
             *update_world_ = nullptr, *select_authors_ = nullptr,
             *select_fortunes_ = nullptr;
  std::unordered_map<std::size_t, MYSQL_STMT*> bulk_;  // rows per statement -> prepared statement
  std::unordered_map<std::size_t, BooksOf> books_of_;  // f: keys per statement -> its statement and keys
  std::int64_t key_ = 0;
  World world_;
  UserBuffers user_{};
  RowBuffers row_{};
};

}  // namespace bench
