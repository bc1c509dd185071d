#pragma once
// The SQLite driver: the only place <sqlite3.h> is included.

#include <sqlite3.h>

#include <charconv>  // from_chars
#include <climits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>  // fmt::format: the messages of the cold error paths (never SQL text)

#include "../dialect/sqlite.hpp"
#include "../driver/arena.hpp"
#include "../driver/connection.hpp"
#include "../driver/errors.hpp"
#include "../driver/options.hpp"
#include "../vector.hpp"
#include "regex.hpp"  // the regexp() function behind x REGEXP p

namespace quarry::sqlite {

namespace detail {

inline std::vector<std::string> columns_after(std::string_view msg, std::string_view marker) {
  std::vector<std::string> out;
  auto at = msg.find(marker);
  if (at == std::string_view::npos) return out;
  auto list = msg.substr(at + marker.size());
  while (!list.empty()) {
    auto comma = list.find(", ");
    auto item = list.substr(0, comma);
    auto dot = item.find('.');
    out.emplace_back(dot == std::string_view::npos ? item : item.substr(dot + 1));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 2);
  }
  return out;
}

/// What SQLite's extended result code means.
inline driver::NativeError classify(sqlite3* db, int rc) {
  int code = db ? sqlite3_extended_errcode(db) : rc;
  if ((code & 0xff) != (rc & 0xff)) code = rc;
  driver::NativeError e;
  e.message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  e.code = code;
  using K = driver::ErrorKind;
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      e.kind = K::unique;
      e.columns = columns_after(e.message, "failed: ");
      return e;
    case SQLITE_CONSTRAINT_FOREIGNKEY: e.kind = K::foreign_key; return e;
    case SQLITE_CONSTRAINT_TRIGGER:  // ON DELETE/UPDATE RESTRICT runs as a trigger that raises this
      if (e.message.find("FOREIGN KEY constraint failed") != std::string::npos) {
        e.kind = K::foreign_key;
        return e;
      }
      break;
    case SQLITE_CONSTRAINT_NOTNULL:
      e.kind = K::not_null;
      e.columns = columns_after(e.message, "failed: ");
      return e;
    case SQLITE_CONSTRAINT_CHECK: {
      e.kind = K::check;
      auto at = e.message.find("failed: ");
      if (at != std::string::npos) e.constraint = e.message.substr(at + 8);
      return e;
    }
    default: break;
  }
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT: e.kind = K::constraint; break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: e.kind = K::timeout; break;
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
    case SQLITE_IOERR: e.kind = K::connection; break;
    default: break;
  }
  return e;
}

[[noreturn]] inline void throw_error(sqlite3* db, int rc, const std::string& sql) {
  driver::throw_native(classify(db, rc), "sqlite", sql);
}

/// regexp(pattern, text), which SQLite's `text REGEXP pattern` calls and which SQLite itself lacks:
/// whether the pattern is found anywhere in text, by quarry's own matcher (sqlite/regex.hpp: time
/// linear in the text, memory bounded by the pattern, whatever either holds). A leading (?i)
/// ignores case and (?-i) does not, as on MariaDB. NULL where either is NULL; an invalid pattern
/// is the statement's error. The compiled pattern is kept for the rest of the run while the
/// pattern is a constant (bound or literal), so a scan compiles it once.
inline void regexp_function(sqlite3_context* ctx, int, sqlite3_value** args) noexcept {
  if (sqlite3_value_type(args[0]) == SQLITE_NULL || sqlite3_value_type(args[1]) == SQLITE_NULL) return;
  try {
    auto* re = static_cast<Regex*>(sqlite3_get_auxdata(ctx, 0));
    std::unique_ptr<Regex> compiled;
    if (!re) {
      auto* p = reinterpret_cast<const char*>(sqlite3_value_text(args[0]));
      if (!p) return sqlite3_result_error_nomem(ctx);
      std::string_view pattern(p, static_cast<std::size_t>(sqlite3_value_bytes(args[0])));
      bool icase = false;
      for (bool on; (on = pattern.starts_with("(?i)")) || pattern.starts_with("(?-i)");) {
        icase = on;
        pattern.remove_prefix(on ? 4 : 5);
      }
      compiled = std::make_unique<Regex>();
      const char* why = nullptr;
      if (!compiled->compile(pattern, icase, why)) return sqlite3_result_error(ctx, why, -1);
      re = compiled.get();
    }
    auto* t = reinterpret_cast<const char*>(sqlite3_value_text(args[1]));
    if (!t) return sqlite3_result_error_nomem(ctx);
    const bool found = re->search({t, static_cast<std::size_t>(sqlite3_value_bytes(args[1]))});  // NULs included
    sqlite3_result_int(ctx, found ? 1 : 0);
    // last: SQLite may free it at once, and owns it from here
    if (compiled) sqlite3_set_auxdata(ctx, 0, compiled.release(), [](void* r) { delete static_cast<Regex*>(r); });
  } catch (...) {
    sqlite3_result_error_nomem(ctx);
  }
}

}  // namespace detail

class SqliteStatement final : public driver::Statement {
 public:
  SqliteStatement(sqlite3* db, std::string sql) : driver::Statement(std::move(sql)), db_(db) {
    int rc = sqlite3_prepare_v3(db_, this->sql().c_str(), static_cast<int>(this->sql().size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (rc != SQLITE_OK) detail::throw_error(db_, rc, this->sql());
    if (!stmt_) throw DatabaseError("quarry: the SQL text holds no statement", {this->sql(), "sqlite", 0, {}, {}});
    // both follow from the SQL text alone, so they are asked once rather than on every run
    params_ = static_cast<std::size_t>(sqlite3_bind_parameter_count(stmt_));
    readonly_ = sqlite3_stmt_readonly(stmt_) != 0;
  }
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void start(std::size_t count) override {
    if (stepped_) {
      sqlite3_reset(stmt_);
      stepped_ = false;
    }
    if (count != params_) wrong_count(params_, count, "sqlite");
    arena_.clear();
  }

  void run() override {
    stepped_ = true;
    step();
    pending_ = true;
  }

  std::int64_t execute_write(const driver::Binds& binds) override {
    start(binds.count);
    binds.bind(binds.context, *this);
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) rc = sqlite3_reset(stmt_);  // a row nobody reads (RETURNING): the write completes
    if (rc != SQLITE_DONE && rc != SQLITE_OK) [[unlikely]] {
      sqlite3_reset(stmt_);
      detail::throw_error(db_, rc, sql());
    }
    changes_ = sqlite3_changes64(db_);
    sqlite3_reset(stmt_);
    has_row_ = pending_ = false;
    return affected_rows();
  }

  void bind_null(std::size_t i) override { check(sqlite3_bind_null(stmt_, index(i))); }
  void bind_bool(std::size_t i, bool v) override { bind_int64(i, v ? 1 : 0); }
  void bind_int64(std::size_t i, std::int64_t v) override { check(sqlite3_bind_int64(stmt_, index(i), v)); }
  void bind_uint64(std::size_t i, std::uint64_t v) override {
    if (v > static_cast<std::uint64_t>(LLONG_MAX))
      throw DatabaseError(fmt::format("quarry: SQLite stores integers up to 2^63-1; {} does not fit", v),
                          {sql(), "sqlite", 0, {}, {}});
    bind_int64(i, static_cast<std::int64_t>(v));
  }
  void bind_double(std::size_t i, double v) override { check(sqlite3_bind_double(stmt_, index(i), v)); }
  void bind_text(std::size_t i, std::string_view v) override { text(i, v); }
  void bind_string(std::size_t i, const std::string& v) override { text(i, v); }  // one virtual call, not two
  void bind_made_text(std::size_t i, std::string_view v) override { text(i, arena_.keep(v)); }
  void bind_timestamp(std::size_t i, Timestamp v) override {
    char buf[40];
    text(i, arena_.keep({buf, quarry::detail::format_timestamp_to(v, buf)}));
  }
  void bind_blob(std::size_t i, const Blob& v) override {
    check(v.empty() ? sqlite3_bind_zeroblob(stmt_, index(i), 0)
                    : sqlite3_bind_blob64(stmt_, index(i), v.data(), v.size(), SQLITE_STATIC));
  }
  void bind_date(std::size_t i, Date v) override { text(i, arena_.keep(quarry::detail::format_date(v))); }
  void bind_decimal(std::size_t i, const Decimal& v) override { text(i, arena_.keep(v.to_string())); }
  void bind_uuid(std::size_t i, const Uuid& v) override { text(i, arena_.keep(v.to_string())); }

  bool next() override {
    if (pending_) {
      pending_ = false;
      return has_row_;
    }
    if (!has_row_) return false;
    step();
    return has_row_;
  }

  void finish() noexcept override {
    sqlite3_reset(stmt_);
    has_row_ = pending_ = stepped_ = false;
  }

  std::int64_t affected_rows() override { return readonly_ ? 0 : changes_; }
  std::string_view dialect_name() const noexcept override { return "sqlite"; }
  int column_count() override { return sqlite3_column_count(stmt_); }
  std::string_view column_name(int i) override { return sqlite3_column_name(stmt_, i); }
  bool is_null(int i) override { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
  bool read_int64(int i, std::int64_t& out) override {
    auto v = sqlite3_column_int64(stmt_, i);  // 0 for NULL: only then (and at the clamps) is the type asked
    if (v != 0 && v != INT64_MAX && v != INT64_MIN) [[likely]] {
      out = v;
      return true;
    }
    if (sqlite3_column_type(stmt_, i) == SQLITE_NULL) return false;  // out is left as it was
    out = odd_int64(i, v);
    return true;
  }
  bool read_double(int i, double& out) override {
    if (sqlite3_column_type(stmt_, i) == SQLITE_NULL) return false;
    out = sqlite3_column_double(stmt_, i);
    return true;
  }
  bool read_text(int i, std::string_view& out) override {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));  // NULL only for NULL (or no memory)
    if (!p) return sqlite3_column_type(stmt_, i) != SQLITE_NULL ? (out = {}, true) : false;
    out = {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i))};
    return true;
  }
  bool read_blob(int i, Blob& out) override {
    if (sqlite3_column_type(stmt_, i) == SQLITE_NULL) return false;
    auto* p = static_cast<const std::byte*>(sqlite3_column_blob(stmt_, i));
    out.assign(p, p + sqlite3_column_bytes(stmt_, i));
    return true;
  }
  bool read_timestamp(int i, Timestamp& out) override {
    // the text first: what quarry stores; the column's type is asked only when that is not it
    if (text_timestamp(i, out)) return true;
    switch (sqlite3_column_type(stmt_, i)) {
      case SQLITE_NULL: return false;
      case SQLITE_INTEGER:  // unix seconds, as strftime('%s') gives
        out = Timestamp{std::chrono::seconds{sqlite3_column_int64(stmt_, i)}};
        return true;
      default:  // a ConversionError that says what the column holds
        out = timestamp_from(i, column_text(i));
        return true;
    }
  }

 private:
  /// sqlite3_column_int64 gives 0 for text that is no number and clamps a REAL beyond int64 to its
  /// ends: those are told apart from a real 0 or extreme here (a ConversionError, a RangeError).
  std::int64_t odd_int64(int i, std::int64_t v) {
    switch (sqlite3_column_type(stmt_, i)) {
      case SQLITE_FLOAT: {
        double d = sqlite3_column_double(stmt_, i);
        if (!(d >= -0x1p63 && d < 0x1p63)) value_out_of_range(i, sql::double_text(d), "std::int64_t");
        return v;
      }
      case SQLITE_TEXT: case SQLITE_BLOB: {
        auto text = column_text(i);
        std::int64_t parsed = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
        if (ec == std::errc::result_out_of_range) value_out_of_range(i, text, "std::int64_t");
        if (ec != std::errc{} || text.empty()) not_convertible(i, text, "a number");
        return v;
      }
      default: return v;
    }
  }

  std::string_view column_text(int i) {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return {p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i))};
  }

  bool text_timestamp(int i, Timestamp& out) {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    if (!p) return false;
    auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i));
    if (n == 26 && quarry::detail::parse_written_timestamp(p, out)) return true;  // what quarry writes
    auto t = quarry::detail::parse_any_timestamp({p, n});  // (not parse_timestamp: the fast path again)
    if (t) out = *t;
    return t.has_value();
  }

  void step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
      has_row_ = true;
    } else if (rc == SQLITE_DONE) {
      has_row_ = false;
      changes_ = sqlite3_changes64(db_);
    } else {
      has_row_ = false;
      sqlite3_reset(stmt_);
      detail::throw_error(db_, rc, sql());
    }
  }

  int index(std::size_t i) const noexcept { return static_cast<int>(i) + 1; }
  void check(int rc) {
    if (rc != SQLITE_OK) detail::throw_error(db_, rc, sql());
  }
  void text(std::size_t i, std::string_view v) {
    check(sqlite3_bind_text64(stmt_, index(i), v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8));
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  driver::TextArena arena_;  // text of values that are not text in C++, until the next start()
  std::int64_t changes_ = 0;
  std::size_t params_ = 0;  // placeholders in the SQL
  bool readonly_ = false;   // writes nothing (a SELECT): its changes count is none of its own
  bool has_row_ = false, pending_ = false, stepped_ = false;
};

class SqliteConnection final : public driver::Connection {
 public:
  /// The URL options; any other is a ConfigError.
  static constexpr driver::OptionSpec options[] = {
      {"mode", driver::OptionKind::choice, "ro,rw,rwc"},
      {"busy_timeout", driver::OptionKind::milliseconds},
      {"journal_mode", driver::OptionKind::choice, "delete,truncate,persist,memory,wal,off"},
      {"foreign_keys", driver::OptionKind::choice, "on,off"},
  };

  explicit SqliteConnection(const driver::Url& url) {
    // every option is checked before the file is opened, so a bad one opens (and leaks) nothing
    driver::check_options(url, options, "sqlite");
    std::string mode = driver::option_choice(url, "mode", "rwc");
    int flags = SQLITE_OPEN_NOMUTEX;
    if (mode == "ro") flags |= SQLITE_OPEN_READONLY;
    else if (mode == "rw") flags |= SQLITE_OPEN_READWRITE;
    else flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int timeout = driver::option_number(url, "busy_timeout", 5000);
    std::string journal = driver::option_choice(url, "journal_mode", "");
    std::string foreign_keys = driver::option_choice(url, "foreign_keys", "on");

    int rc = sqlite3_open_v2(url.database.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      driver::NativeError e;
      e.message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      e.code = rc;
      sqlite3_close_v2(db_);
      db_ = nullptr;
      auto reason = (rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_PERM || (rc & 0xff) == SQLITE_READONLY
                        ? driver::ConnectReason::cannot_open
                        : driver::ConnectReason::refused;
      driver::throw_connect_failed("SQLite", "sqlite", url, reason, e);
    }
    try {
      sqlite3_extended_result_codes(db_, 1);
      // a misspelt "column" is an error, not a string literal
      sqlite3_db_config(db_, SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
      sqlite3_db_config(db_, SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
      sqlite3_busy_timeout(db_, timeout);
      rc = sqlite3_create_function_v2(db_, "regexp", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                      nullptr, &detail::regexp_function, nullptr, nullptr, nullptr);
      if (rc != SQLITE_OK) detail::throw_error(db_, rc, "regexp()");
      execute(foreign_keys == "off" ? "PRAGMA foreign_keys = OFF" : "PRAGMA foreign_keys = ON");
      execute("PRAGMA case_sensitive_like = ON");  // LIKE as on PostgreSQL and MySQL (utf8mb4_bin)
      if (!journal.empty()) execute("PRAGMA journal_mode = " + journal);
    } catch (...) {
      sqlite3_close_v2(db_);
      db_ = nullptr;
      throw;
    }
  }
  ~SqliteConnection() override { sqlite3_close_v2(db_); }  // statements are finalized after; close_v2 waits

  const sql::Dialect& dialect() const noexcept override { return quarry::dialect::sqlite; }

  void execute(const std::string& sql) override {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    sqlite3_free(err);
    if (rc != SQLITE_OK) detail::throw_error(db_, rc, sql);
  }

  std::unique_ptr<driver::Statement> prepare(const std::string& sql) override {
    return std::make_unique<SqliteStatement>(db_, sql);
  }

  bool alive() noexcept override { return db_ != nullptr; }
  bool in_transaction() noexcept override { return db_ && !sqlite3_get_autocommit(db_); }
  std::int64_t last_insert_id() override { return sqlite3_last_insert_rowid(db_); }
  /// AUTOINCREMENT keys are one more than the largest ever used, row after row, and the insert
  /// holds the write lock: one statement's keys are consecutive, ending at the last rowid.
  bool consecutive_keys() override { return true; }
  std::pair<std::int64_t, std::int64_t> inserted_keys(std::size_t rows) override {
    return {sqlite3_last_insert_rowid(db_) - static_cast<std::int64_t>(rows) + 1, 1};
  }

  sqlite3* handle() const noexcept { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

inline std::unique_ptr<driver::Connection> open(const driver::Url& url) {
  return std::make_unique<SqliteConnection>(url);
}

/// An in-memory database lives in its one connection.
inline bool single_connection(const driver::Url& url) { return url.database == ":memory:"; }

}  // namespace quarry::sqlite
