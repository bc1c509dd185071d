#pragma once
// The MySQL/MariaDB driver on MariaDB Connector/C: the only place <mysql.h> is included.
// Statements are server-side prepared and use the binary protocol. A SELECT's rows are read as
// they arrive (nothing is copied first, and a connection reads one such result at a time); other
// results, such as INSERT ... RETURNING, are stored client side (mysql_stmt_store_result).

#include <mysql.h>

#include <algorithm>  // clamp
#include <charconv>  // from_chars, to_chars
#include <chrono>
#include <cstddef>  // offsetof
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>  // call_once
#include <span>
#include <string>
#include <string_view>
#include <type_traits>  // is_same_v
#include <variant>
#include <vector>

#include <fmt/core.h>  // fmt::format: the messages of the cold error paths (never SQL text)

#include "../dialect/mysql.hpp"
#include "../driver/arena.hpp"
#include "../driver/connection.hpp"
#include "../driver/errors.hpp"
#include "../driver/socket.hpp"
#include "../driver/options.hpp"
#include "../vector.hpp"

namespace quarry::mysql {

namespace detail {

/// The text between marker and the next `close` after it ("" when marker is absent).
inline std::string quoted_after(std::string_view msg, std::string_view marker, char close) {
  auto at = msg.find(marker);
  if (at == std::string_view::npos) return {};
  auto rest = msg.substr(at + marker.size());
  return std::string(rest.substr(0, rest.find(close)));
}

/// The key of "Duplicate entry '...' for key 'x'"; MySQL 8 writes 'table.x'. The value may
/// itself hold the marker, so the last one counts.
inline std::string duplicate_key(std::string_view msg) {
  auto at = msg.rfind("for key '");
  if (at == std::string_view::npos) return {};
  auto key = msg.substr(at + 9);
  if (!key.empty() && key.back() == '\'') key.remove_suffix(1);
  if (auto dot = key.find('.'); dot != std::string_view::npos && dot + 1 < key.size()) key.remove_prefix(dot + 1);
  return std::string(key);
}

/// The columns of "FOREIGN KEY (`a`, `b`)" in a foreign key error.
inline std::vector<std::string> foreign_key_columns(std::string_view msg) {
  std::vector<std::string> out;
  auto at = msg.find("FOREIGN KEY (");
  if (at == std::string_view::npos) return out;
  auto list = msg.substr(at + 13);
  list = list.substr(0, list.find(')'));
  while (true) {
    auto open = list.find('`');
    if (open == std::string_view::npos) break;
    auto close = list.find('`', open + 1);
    if (close == std::string_view::npos) break;
    out.emplace_back(list.substr(open + 1, close - open - 1));
    list.remove_prefix(close + 1);
  }
  return out;
}

/// What a MySQL errno (server or client library) means.
inline driver::NativeError classify(unsigned code, const char* sqlstate, std::string msg) {
  driver::NativeError e;
  e.code = static_cast<long>(code);
  e.sqlstate = sqlstate ? sqlstate : "";
  e.message = std::move(msg);
  using K = driver::ErrorKind;
  switch (code) {
    case 1062: {  // ER_DUP_ENTRY
      e.kind = K::unique;
      e.constraint = duplicate_key(e.message);
      if (!e.constraint.empty() && e.constraint != "PRIMARY") e.columns.push_back(e.constraint);
      break;
    }
    case 1216:  // ER_NO_REFERENCED_ROW, ER_ROW_IS_REFERENCED: the older forms of the two below
    case 1217:
    case 1451:  // ER_ROW_IS_REFERENCED_2
    case 1452:  // ER_NO_REFERENCED_ROW_2
      e.kind = K::foreign_key;
      e.columns = foreign_key_columns(e.message);
      e.constraint = quoted_after(e.message, "CONSTRAINT `", '`');
      break;
    case 1048:  // ER_BAD_NULL_ERROR
      e.kind = K::not_null;
      e.columns = {quoted_after(e.message, "Column '", '\'')};
      break;
    case 4025:  // MariaDB: CONSTRAINT `x` failed for `db`.`table`
      e.kind = K::check;
      e.constraint = quoted_after(e.message, "CONSTRAINT `", '`');
      break;
    case 3819:  // MySQL: Check constraint 'x' is violated.
      e.kind = K::check;
      e.constraint = quoted_after(e.message, "onstraint '", '\'');
      break;
    case 1213: e.kind = K::deadlock; break;  // ER_LOCK_DEADLOCK
    case 1205:  // ER_LOCK_WAIT_TIMEOUT
    case 3024:  // MySQL max_execution_time exceeded
    case 1317:  // ER_QUERY_INTERRUPTED
    case 1969:  // MariaDB max_statement_time exceeded
      e.kind = K::timeout;
      break;
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
    case 2055:  // CR_SERVER_LOST_EXTENDED
    case 1927:  // ER_CONNECTION_KILLED
    case 4031:  // MariaDB: disconnected by the server for inactivity
      e.kind = K::connection;
      break;
    default: break;
  }
  return e;
}

[[noreturn]] inline void throw_error(unsigned code, const char* sqlstate, std::string msg, const std::string& sql) {
  driver::throw_native(classify(code, sqlstate, std::move(msg)), "mysql", sql);
}

[[noreturn]] inline void throw_error(MYSQL_STMT* stmt, const std::string& sql) {
  throw_error(mysql_stmt_errno(stmt), mysql_stmt_sqlstate(stmt), mysql_stmt_error(stmt), sql);
}

/// A statement sent while another statement's rows are still being read on the connection.
[[noreturn]] inline void busy(const std::string& sql) {
  throw DatabaseError("quarry: a MySQL connection reads one result at a time, and another statement's rows are "
                      "still being read; finish reading them first",
                      {sql, "mysql", 0, {}, {}});
}

[[noreturn]] inline void throw_error(MYSQL* db, const std::string& sql) {
  throw_error(mysql_errno(db), mysql_sqlstate(db), mysql_error(db), sql);
}

inline MYSQL_TIME to_mysql_time(Timestamp t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<microseconds> hms{t - day};
  MYSQL_TIME out{};
  out.year = static_cast<unsigned>(static_cast<int>(ymd.year()));
  out.month = static_cast<unsigned>(ymd.month());
  out.day = static_cast<unsigned>(ymd.day());
  out.hour = static_cast<unsigned>(hms.hours().count());
  out.minute = static_cast<unsigned>(hms.minutes().count());
  out.second = static_cast<unsigned>(hms.seconds().count());
  out.second_part = static_cast<unsigned long>(hms.subseconds().count());
  out.time_type = MYSQL_TIMESTAMP_DATETIME;
  return out;
}

inline MYSQL_TIME to_mysql_time(Date d) {
  MYSQL_TIME out{};
  out.year = static_cast<unsigned>(static_cast<int>(d.year()));
  out.month = static_cast<unsigned>(d.month());
  out.day = static_cast<unsigned>(d.day());
  out.time_type = MYSQL_TIMESTAMP_DATE;
  return out;
}

inline Date to_date(const MYSQL_TIME& t) {
  return Date{std::chrono::year{static_cast<int>(t.year)}, std::chrono::month{t.month}, std::chrono::day{t.day}};
}

inline void library_init() {
  static std::once_flag once;
  std::call_once(once, [] { mysql_library_init(0, nullptr, nullptr); });
}

}  // namespace detail

class MysqlStatement;
/// Which statement of a connection is reading its rows off the wire, if any.
struct Streaming {
  MysqlStatement* owner = nullptr;
};

class MysqlStatement final : public driver::Statement {
 public:
  MysqlStatement(MYSQL* db, std::string sql, Streaming& streaming)
      : driver::Statement(std::move(sql)), db_(db), streaming_(&streaming) {
    auto first = this->sql().find_first_not_of(" \t\n(");
    streams_ = first != std::string::npos && this->sql().size() - first >= 6 &&
               std::equal(this->sql().begin() + static_cast<std::ptrdiff_t>(first),
                          this->sql().begin() + static_cast<std::ptrdiff_t>(first) + 6, "SELECT",
                          [](char a, char b) { return (a & ~0x20) == b; });
    stmt_ = mysql_stmt_init(db);
    if (!stmt_) detail::throw_error(db, this->sql());
    if (mysql_stmt_prepare(stmt_, this->sql().data(), this->sql().size()) != 0) {
      auto code = mysql_stmt_errno(stmt_);
      std::string state = mysql_stmt_sqlstate(stmt_), msg = mysql_stmt_error(stmt_);
      mysql_stmt_close(stmt_);
      stmt_ = nullptr;
      detail::throw_error(code, state.c_str(), std::move(msg), this->sql());
    }
  }
  ~MysqlStatement() override {
    if (streaming_->owner == this) streaming_->owner = nullptr;
    mysql_stmt_close(stmt_);
    if (cursor_stmt_) mysql_stmt_close(cursor_stmt_);  // (either handle, when destroyed in a cursor's read)
  }

  void start(std::size_t count) override {
    finish();
    if (streaming_->owner) detail::busy(sql());
    if (auto n = static_cast<std::size_t>(mysql_stmt_param_count(stmt_)); count != n) wrong_count(n, count, "mysql");
    binds_.resize(count);  // each bind_* call fills its bind whole
    slots_.resize(count);
    arena_.clear();
  }

  void bind_null(std::size_t i) override { fresh(i).buffer_type = MYSQL_TYPE_NULL; }
  void bind_bool(std::size_t i, bool v) override { scalar(i, MYSQL_TYPE_TINY).tiny = v ? 1 : 0; }
  void bind_int64(std::size_t i, std::int64_t v) override { scalar(i, MYSQL_TYPE_LONGLONG).number = v; }
  void bind_uint64(std::size_t i, std::uint64_t v) override {
    scalar(i, MYSQL_TYPE_LONGLONG).number = static_cast<long long>(v);
    binds_[i].is_unsigned = true;
  }
  void bind_double(std::size_t i, double v) override { scalar(i, MYSQL_TYPE_DOUBLE).real = v; }
  void bind_text(std::size_t i, std::string_view v) override { text(i, MYSQL_TYPE_STRING, v.data(), v.size()); }
  void bind_string(std::size_t i, const std::string& v) override {  // one virtual call, not two
    text(i, MYSQL_TYPE_STRING, v.data(), v.size());
  }
  void bind_made_text(std::size_t i, std::string_view v) override {
    auto t = arena_.keep(v);
    text(i, MYSQL_TYPE_STRING, t.data(), t.size());
  }
  void bind_timestamp(std::size_t i, Timestamp v) override {
    scalar(i, MYSQL_TYPE_DATETIME).time = detail::to_mysql_time(v);
  }
  void bind_blob(std::size_t i, const Blob& v) override {
    text(i, MYSQL_TYPE_BLOB, reinterpret_cast<const char*>(v.data()), v.size());
  }
  void bind_date(std::size_t i, Date v) override { scalar(i, MYSQL_TYPE_DATE).time = detail::to_mysql_time(v); }
  void bind_decimal(std::size_t i, const Decimal& v) override {
    auto t = arena_.keep(v.to_string());
    text(i, MYSQL_TYPE_NEWDECIMAL, t.data(), t.size());
  }
  void bind_uuid(std::size_t i, const Uuid& v) override {
    auto t = arena_.keep(v.to_string());
    text(i, MYSQL_TYPE_STRING, t.data(), t.size());
  }

  void run() override {
    if (!binds_.empty() && mysql_stmt_bind_param(stmt_, binds_.data())) detail::throw_error(stmt_, sql());
    if (mysql_stmt_execute(stmt_)) detail::throw_error(stmt_, sql());
    if (mysql_stmt_field_count(stmt_) == 0) return;
    if (streams_ && bind_result()) {  // rows are fetched as they arrive
      has_result_ = true;
      streaming_->owner = this;
      return;
    }
    if (!bind_result() || mysql_stmt_store_result(stmt_)) {
      // The server may fail after sending the columns (INSERT ... RETURNING on a duplicate key).
      // mysql_stmt_free_result would then leave the statement waiting for rows that never come
      // (Connector/C 3.3), so the next execute hangs; mysql_stmt_reset puts it back to prepared.
      auto code = mysql_stmt_errno(stmt_);
      std::string state = mysql_stmt_sqlstate(stmt_), msg = mysql_stmt_error(stmt_);
      mysql_stmt_reset(stmt_);
      detail::throw_error(code, state.c_str(), std::move(msg), sql());
    }
    has_result_ = true;
  }

  /// Not shared: as run(), whose SELECT reads its rows off the wire as they come, the connection
  /// busy until finish(). Shared: through a read-only server-side cursor, on a second handle of
  /// the statement kept for it (a handle that has had a cursor does not run without one again,
  /// Connector/C 3.3). The server keeps the result (in a temporary table) and sends batch rows a
  /// fetch; other statements may run on the connection between two fetches.
  void run_streamed(std::size_t batch, bool shared) override {
    if (!shared || !streams_) return run();
    if (!cursor_stmt_) cursor_stmt_ = cursor_handle();
    unsigned long prefetch = static_cast<unsigned long>(std::max<std::size_t>(batch, 1));
    mysql_stmt_attr_set(cursor_stmt_, STMT_ATTR_PREFETCH_ROWS, &prefetch);
    std::swap(stmt_, cursor_stmt_);  // back in finish()
    in_cursor_ = true;
    if (!binds_.empty() && mysql_stmt_bind_param(stmt_, binds_.data())) detail::throw_error(stmt_, sql());
    if (mysql_stmt_execute(stmt_)) detail::throw_error(stmt_, sql());
    if (!bind_result()) detail::throw_error(stmt_, sql());
    has_result_ = true;
  }

  bool next() override {
    if (!has_result_) return false;
    int rc = mysql_stmt_fetch(stmt_);
    if (rc == 0) return true;
    if (rc == MYSQL_NO_DATA) return false;
    if (rc == MYSQL_DATA_TRUNCATED) {
      refetch_truncated();
      return true;
    }
    // An error that arrives with the rows (KILL QUERY, max_statement_time, a lost connection) is
    // set on the connection's handle, not on the statement's (Connector/C 3.3).
    if (mysql_stmt_errno(stmt_) == 0 && mysql_errno(db_) != 0) detail::throw_error(db_, sql());
    detail::throw_error(stmt_, sql());
  }

  void finish() noexcept override {
    if (has_result_) mysql_stmt_free_result(stmt_);  // reads and drops any rows not fetched
    has_result_ = false;
    if (streaming_->owner == this) streaming_->owner = nullptr;
    if (in_cursor_) [[unlikely]] {
      mysql_stmt_reset(stmt_);  // closes the cursor on the server
      std::swap(stmt_, cursor_stmt_);
      in_cursor_ = false;
    }
  }

  std::int64_t affected_rows() override {
    return has_result_ ? 0 : static_cast<std::int64_t>(mysql_stmt_affected_rows(stmt_));
  }
  int column_count() override { return static_cast<int>(columns_.size()); }
  std::string_view column_name(int i) override { return columns_[index(i)].name; }
  bool is_null(int i) override { return columns_[index(i)].null != 0; }

  // The reads: the NULL flag and the value of the common kinds in one call.
  bool read_int64(int i, std::int64_t& out) override {
    auto& c = columns_[index(i)];
    if (c.null) return false;
    out = c.kind == Kind::integer && (c.narrow || !c.is_unsigned) ? integer(c) : int64_at(i);
    return true;
  }
  bool read_uint64(int i, std::uint64_t& out) override {
    if (columns_[index(i)].null) return false;
    out = uint64_at(i);
    return true;
  }
  bool read_double(int i, double& out) override {
    if (columns_[index(i)].null) return false;
    out = double_at(i);
    return true;
  }
  bool read_bool(int i, bool& out) override {
    if (columns_[index(i)].null) return false;
    out = bool_at(i);
    return true;
  }
  bool read_text(int i, std::string_view& out) override {
    auto& c = columns_[index(i)];
    if (c.null) return false;
    out = c.kind == Kind::bytes ? bytes(c) : text_at(i);
    return true;
  }
  bool read_blob(int i, Blob& out) override {
    if (columns_[index(i)].null) return false;
    auto text = text_at(i);
    auto* p = reinterpret_cast<const std::byte*>(text.data());
    out.assign(p, p + text.size());
    return true;
  }
  bool read_timestamp(int i, Timestamp& out) override {
    auto& c = columns_[index(i)];
    if (c.null) return false;
    out = c.kind == Kind::time ? timestamp(c) : timestamp_at(i);
    return true;
  }
  bool read_date(int i, Date& out) override {
    if (columns_[index(i)].null) return false;
    out = date_at(i);
    return true;
  }

  MYSQL_STMT* handle() const noexcept { return stmt_; }
  std::string_view dialect_name() const noexcept override { return "mysql"; }

 private:
  std::int64_t int64_at(int i) {
    auto& c = columns_[index(i)];
    switch (c.kind) {
      case Kind::integer:
        if (c.is_unsigned && integer(c) < 0) [[unlikely]]  // BIGINT UNSIGNED above 2^63 - 1
          value_out_of_range(i, std::to_string(static_cast<std::uint64_t>(integer(c))), "std::int64_t");
        return integer(c);
      case Kind::real: return whole(i, c.real);
      case Kind::bytes: {
        auto text = bytes(c);
        if (c.bits) return static_cast<std::int64_t>(bit_value(text));
        std::int64_t v = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec == std::errc{} && p == text.data() + text.size()) return v;
        if (ec == std::errc::result_out_of_range) value_out_of_range(i, text, "std::int64_t");
        return whole(i, number(c, text));  // a decimal such as SUM() gives
      }
      case Kind::time: break;
    }
    return static_cast<std::int64_t>(not_a_number(c));
  }

  std::uint64_t uint64_at(int i) {
    auto& c = columns_[index(i)];
    if (c.kind == Kind::bytes) {
      auto text = bytes(c);
      if (c.bits) return bit_value(text);
      std::uint64_t v = 0;
      if (auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
          ec == std::errc{} && p == text.data() + text.size())
        return v;
    }
    if (c.kind == Kind::integer && c.is_unsigned) return static_cast<std::uint64_t>(integer(c));
    if (c.kind == Kind::real && c.real >= 0x1p63 && c.real < 0x1p64) return static_cast<std::uint64_t>(c.real);
    auto v = int64_at(i);
    if (v < 0) value_out_of_range(i, std::to_string(v), "std::uint64_t");  // never wrapped
    return static_cast<std::uint64_t>(v);
  }

  double double_at(int i) {
    auto& c = columns_[index(i)];
    switch (c.kind) {
      case Kind::integer:
        return c.is_unsigned ? static_cast<double>(static_cast<std::uint64_t>(integer(c)))
                             : static_cast<double>(integer(c));
      case Kind::real: return c.real;
      case Kind::bytes: return c.bits ? static_cast<double>(bit_value(bytes(c))) : number(c, bytes(c));
      case Kind::time: break;
    }
    return not_a_number(c);
  }

  bool bool_at(int i) {
    auto& c = columns_[index(i)];
    if (c.kind == Kind::real) return c.real != 0;
    return int64_at(i) != 0;
  }

  std::string_view text_at(int i) {
    auto& c = columns_[index(i)];
    switch (c.kind) {
      case Kind::bytes: return bytes(c);
      case Kind::integer:
        text_ = c.is_unsigned ? std::to_string(static_cast<std::uint64_t>(integer(c))) : std::to_string(integer(c));
        return text_;
      case Kind::real: {
        char buf[32];
        auto [p, ec] = std::to_chars(buf, buf + sizeof buf, c.real);
        text_.assign(buf, ec == std::errc{} ? static_cast<std::size_t>(p - buf) : 0);
        return text_;
      }
      case Kind::time:
        text_ = c.time.time_type == MYSQL_TIMESTAMP_DATE ? quarry::detail::format_date(detail::to_date(c.time))
                                                          : quarry::detail::format_timestamp(timestamp(c));
        return text_;
    }
    return {};
  }

  Timestamp timestamp_at(int i) {
    auto& c = columns_[index(i)];
    if (c.kind == Kind::time) return timestamp(c);
    if (c.kind == Kind::integer) return Timestamp{std::chrono::seconds{integer(c)}};  // UNIX_TIMESTAMP()
    return timestamp_from(i, text_at(i));
  }

  Date date_at(int i) {
    auto& c = columns_[index(i)];
    if (c.kind != Kind::time) return date_from(i, text_at(i));
    auto d = detail::to_date(c.time);
    if (!quarry::detail::storable(d)) bad_time(c);
    return d;
  }

  enum class Kind : std::uint8_t { integer, real, time, bytes };

  /// One result column: the buffer it is fetched into and what the library says about it.
  struct Column {
    Kind kind = Kind::bytes;
    bool is_unsigned = false;
    bool narrow = false;  // an integer of 32 bits or fewer, fetched into narrow
    bool bits = false;  // BIT(n): big-endian bytes
    std::string_view name;  // into the statement's metadata
    enum_field_types type = MYSQL_TYPE_NULL;  // as bound
    unsigned int flags = 0;
    std::int64_t wide = 0;  // an integer column's value, as the library writes a long long
    std::int32_t narrow_value = 0;  // or as it writes a long (unsigned when the column is)
    double real = 0;
    MYSQL_TIME time{};
    quarry::detail::Vector<char> buffer;  // grows when a value is truncated
    unsigned long length = 0;
    my_bool null = 0, error = 0;
  };

  /// What a parameter's bind points at: the value as the protocol wants it.
  union Slot {
    MYSQL_TIME time;
    long long number;
    double real;
    signed char tiny;
  };

  std::size_t index(int i) const {
    if (static_cast<std::size_t>(i) < columns_.size()) [[likely]] return static_cast<std::size_t>(i);
    out_of_range(i);
  }
  [[noreturn, gnu::cold, gnu::noinline]] void out_of_range(int i) const {
    throw DatabaseError(
        fmt::format("quarry: column {} is out of range; the result has {} columns", i, columns_.size()),
        {sql(), "mysql", 0, {}, {}});
  }

  /// An integer column's value (an unsigned one of 64 bits as its bits).
  static std::int64_t integer(const Column& c) {
    if (!c.narrow) return c.wide;
    return c.is_unsigned ? static_cast<std::int64_t>(static_cast<std::uint32_t>(c.narrow_value)) : c.narrow_value;
  }

  static std::string_view bytes(const Column& c) {
    if (c.null) return {};  // the library leaves length as the last value had it
    return {c.buffer.data(), std::min<std::size_t>(c.length, c.buffer.size())};
  }

  static std::uint64_t bit_value(std::string_view big_endian) {
    std::uint64_t v = 0;
    for (char ch : big_endian) v = (v << 8) | static_cast<unsigned char>(ch);
    return v;
  }

  double number(const Column& c, std::string_view text) {
    double v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || p != text.data() + text.size() || text.empty()) return not_a_number(c);
    return v;
  }

  [[noreturn]] double not_a_number(const Column& c) {
    auto shown = c.kind == Kind::bytes ? std::string(bytes(c)) : std::string(text_at(static_cast<int>(&c - columns_.data())));
    not_convertible(static_cast<int>(&c - columns_.data()), shown, "a number");
  }

  /// A double as a whole number, when int64 can hold it (a RangeError else, not undefined behaviour).
  std::int64_t whole(int i, double v) {
    if (!(v >= -0x1p63 && v < 0x1p63)) value_out_of_range(i, std::to_string(v), "std::int64_t");
    return static_cast<std::int64_t>(v);
  }

  [[noreturn]] void bad_time(const Column& c) {
    not_convertible(static_cast<int>(&c - columns_.data()), "a zero or invalid date", "a date of the years 1 to 9999");
  }

  Timestamp timestamp(const Column& c) {
    using namespace std::chrono;
    const MYSQL_TIME& t = c.time;
    auto d = detail::to_date(t);
    // the days 1 to 28 of a month of the years 1 to 9999 exist: the full check only for the others
    // (11 instructions a row of bench/ c)
    bool plain = t.year - 1 < 9999 && t.month - 1 < 12 && t.day - 1 < 28;
    if (!plain && !quarry::detail::storable(d)) bad_time(c);
    return Timestamp{sys_days{d}} + hours{t.hour} + minutes{t.minute} + seconds{t.second} +
           microseconds{t.second_part};
  }

  MYSQL_BIND& fresh(std::size_t i) { return binds_[i] = MYSQL_BIND{}; }

  /// A value held in the parameter's own slot (a union: each member starts at its address).
  Slot& scalar(std::size_t i, enum_field_types type) {
    auto& b = fresh(i);
    b.buffer_type = type;
    b.buffer = &slots_[i];
    return slots_[i];
  }

  /// Text without a length pointer: the library sends buffer_length bytes.
  void text(std::size_t i, enum_field_types type, const char* data, std::size_t size) {
    static char empty = 0;  // a zero-length value still needs a buffer, or it would be sent as NULL
    auto& b = fresh(i);
    b.buffer_type = type;
    b.buffer = size ? const_cast<char*>(data) : &empty;
    b.buffer_length = static_cast<unsigned long>(size);
  }


  /// A second handle of the statement, prepared to read through a read-only cursor.
  MYSQL_STMT* cursor_handle() {
    MYSQL_STMT* h = mysql_stmt_init(db_);
    if (!h) detail::throw_error(db_, sql());
    unsigned long type = CURSOR_TYPE_READ_ONLY;
    if (mysql_stmt_attr_set(h, STMT_ATTR_CURSOR_TYPE, &type) || mysql_stmt_prepare(h, sql().data(), sql().size())) {
      auto code = mysql_stmt_errno(h);
      std::string state = mysql_stmt_sqlstate(h), msg = mysql_stmt_error(h);
      mysql_stmt_close(h);
      detail::throw_error(code, state.c_str(), std::move(msg), sql());
    }
    return h;
  }

  /// Points one bind per column at a buffer of the column's kind, once, and again when a column's
  /// type has changed (the server prepares again after DDL); false when the library refuses,
  /// with the reason in mysql_stmt_error.
  bool bind_result() {
    // the statement's own fields, not a copy: after each execute the library has brought their
    // types up to date in place (a changed column count fails the execute instead)
    auto n = mysql_stmt_field_count(stmt_);
    MYSQL_FIELD* fields = n ? mariadb_stmt_fetch_fields(stmt_) : nullptr;
    if (!fields) return false;
    if (fields == bound_fields_ && n == columns_.size() && same_types(fields)) return true;  // bound already
    bound_fields_ = nullptr;
    cells_ = {};
    columns_.resize(n);
    result_binds_.assign(n, MYSQL_BIND{});
    for (unsigned i = 0; i < n; ++i) {
      const MYSQL_FIELD& f = fields[i];
      Column& c = columns_[i];
      MYSQL_BIND& b = result_binds_[i];
      c.name = std::string_view(f.name, f.name_length);
      c.type = f.type;
      c.flags = f.flags;
      c.is_unsigned = (f.flags & UNSIGNED_FLAG) != 0;
      c.bits = f.type == MYSQL_TYPE_BIT;
      c.narrow = false;
      c.null = c.error = 0;
      c.length = 0;
      b.is_null = &c.null;
      b.error = &c.error;
      b.length = &c.length;
      switch (f.type) {
        case MYSQL_TYPE_TINY:
        case MYSQL_TYPE_SHORT:
        case MYSQL_TYPE_INT24:
        case MYSQL_TYPE_LONG:
        case MYSQL_TYPE_YEAR:
          // into 32 bits: the library copies an INT as it is, where into 64 bits it converts
          // (11 instructions fewer a row of bench/ c in the library, 7 in all)
          c.kind = Kind::integer;
          c.narrow = true;
          b.buffer_type = MYSQL_TYPE_LONG;
          b.buffer = &c.narrow_value;
          b.is_unsigned = c.is_unsigned;
          break;
        case MYSQL_TYPE_LONGLONG:
          c.kind = Kind::integer;
          b.buffer_type = MYSQL_TYPE_LONGLONG;
          b.buffer = &c.wide;
          b.is_unsigned = c.is_unsigned;
          break;
        case MYSQL_TYPE_FLOAT:
        case MYSQL_TYPE_DOUBLE:
          c.kind = Kind::real;
          b.buffer_type = MYSQL_TYPE_DOUBLE;
          b.buffer = &c.real;
          break;
        case MYSQL_TYPE_DATE:
        case MYSQL_TYPE_NEWDATE:
        case MYSQL_TYPE_DATETIME:
        case MYSQL_TYPE_TIMESTAMP:
          c.kind = Kind::time;
          b.buffer_type = f.type == MYSQL_TYPE_DATE || f.type == MYSQL_TYPE_NEWDATE ? MYSQL_TYPE_DATE
                                                                                     : MYSQL_TYPE_DATETIME;
          b.buffer = &c.time;
          break;
        default: {  // text, blobs, decimals, JSON, TIME, BIT, ...: their bytes
          c.kind = Kind::bytes;
          if (c.buffer.empty()) c.buffer.resize(std::clamp<std::size_t>(f.length + 1, 16, 256));
          b.buffer_type = MYSQL_TYPE_STRING;
          b.buffer = c.buffer.data();
          b.buffer_length = static_cast<unsigned long>(c.buffer.size());
          break;
        }
      }
    }
    if (mysql_stmt_bind_result(stmt_, result_binds_.data()) != 0) return false;
    bound_fields_ = fields;
    cells_ = make_cells();
    return true;
  }

  /// The cells of the columns just bound: a signed integer or bytes is read without a virtual
  /// call, the other kinds through read_*.
  std::span<const Cell> make_cells() {
    static_assert(std::is_same_v<my_bool, char>,
                  "quarry: the MySQL driver expects Connector/C's my_bool to be a char");
    using Civil = driver::Statement::CivilTime;
    static_assert(offsetof(MYSQL_TIME, year) == offsetof(Civil, year) &&
                      offsetof(MYSQL_TIME, month) == offsetof(Civil, month) &&
                      offsetof(MYSQL_TIME, day) == offsetof(Civil, day) &&
                      offsetof(MYSQL_TIME, hour) == offsetof(Civil, hour) &&
                      offsetof(MYSQL_TIME, minute) == offsetof(Civil, minute) &&
                      offsetof(MYSQL_TIME, second) == offsetof(Civil, second) &&
                      offsetof(MYSQL_TIME, second_part) == offsetof(Civil, microsecond) &&
                      sizeof(MYSQL_TIME::second_part) == sizeof(Civil::microsecond) && sizeof(MYSQL_TIME) >= sizeof(Civil),
                  "quarry: the MySQL driver expects Connector/C's MYSQL_TIME to begin as Statement::CivilTime");
    cell_list_.assign(columns_.size(), Cell{});
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      const Column& c = columns_[i];
      Cell& cell = cell_list_[i];
      cell.null = &c.null;
      if (c.kind == Kind::integer && c.narrow) {
        cell.kind = c.is_unsigned ? Cell::Kind::uint32 : Cell::Kind::int32;
        cell.value = &c.narrow_value;
      } else if (c.kind == Kind::integer && !c.is_unsigned) {
        cell.kind = Cell::Kind::int64;
        cell.value = &c.wide;
      } else if (c.kind == Kind::time) {
        cell.kind = Cell::Kind::civil;
        cell.value = &c.time;
      } else if (c.kind == Kind::bytes) {
        cell.kind = Cell::Kind::text;
        cell.value = c.buffer.data();
        cell.length = &c.length;
        cell.capacity = c.buffer.size();
      }
    }
    return cell_list_;
  }

  bool same_types(const MYSQL_FIELD* fields) const noexcept {
    for (std::size_t i = 0; i < columns_.size(); ++i)
      if (fields[i].type != columns_[i].type || fields[i].flags != columns_[i].flags) return false;
    return true;
  }

  /// Fetches again, into larger buffers, the columns the last fetch cut short; later rows use
  /// the larger buffers too.
  void refetch_truncated() {
    bool grown = false;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      Column& c = columns_[i];
      if (c.kind != Kind::bytes || c.null || c.length <= c.buffer.size()) continue;
      c.buffer.resize(std::max<std::size_t>(c.length, c.buffer.size() * 2));
      MYSQL_BIND& b = result_binds_[i];
      b.buffer = c.buffer.data();
      b.buffer_length = static_cast<unsigned long>(c.buffer.size());
      cell_list_[i].value = c.buffer.data();
      cell_list_[i].capacity = c.buffer.size();
      MYSQL_BIND once = b;
      if (mysql_stmt_fetch_column(stmt_, &once, static_cast<unsigned>(i), 0)) detail::throw_error(stmt_, sql());
      grown = true;
    }
    if (grown && mysql_stmt_bind_result(stmt_, result_binds_.data())) detail::throw_error(stmt_, sql());
  }

  MYSQL* db_;
  MYSQL_STMT* stmt_ = nullptr;
  const MYSQL_FIELD* bound_fields_ = nullptr;  // the fields result_binds_ were made for
  std::vector<MYSQL_BIND> binds_, result_binds_;
  quarry::detail::Vector<Slot> slots_;
  driver::TextArena arena_;  // text of values that are not text in C++, until the next start()
  std::vector<Column> columns_;
  std::vector<Cell> cell_list_;  // what cells_ shows
  std::string text_;  // read_text of a column that is not text
  Streaming* streaming_;
  bool streams_ = false;  // a SELECT: rows are fetched off the wire, not stored first
  bool has_result_ = false;
  MYSQL_STMT* cursor_stmt_ = nullptr;  // run_streamed's handle (shared), made on first use
  bool in_cursor_ = false;  // stmt_ is the cursor's handle until finish()
};

class MysqlConnection final : public driver::Connection {
 public:
  /// The URL options; any other is a ConfigError.
  static constexpr driver::OptionSpec options[] = {
      {"connect_timeout", driver::OptionKind::seconds},
      {"socket_timeout", driver::OptionKind::seconds},
      {"read_timeout", driver::OptionKind::seconds},
      {"write_timeout", driver::OptionKind::seconds},
      {"charset", driver::OptionKind::name},
      {"sslmode", driver::OptionKind::choice, "disable,prefer,require,required,verify-ca,verify-full"},
      {"sslrootcert", driver::OptionKind::text},
      {"sslcert", driver::OptionKind::text},
      {"sslkey", driver::OptionKind::text},
      {"socket", driver::OptionKind::text},
      {"host", driver::OptionKind::text},
  };

  explicit MysqlConnection(const driver::Url& url) {
    // every option is checked before the handle exists, so a bad one leaks nothing
    driver::check_options(url, options, "mysql");
    auto connect_timeout = static_cast<unsigned>(driver::option_number(url, "connect_timeout", 10));
    auto socket_timeout = driver::option_number(url, "socket_timeout", 30);
    auto read_timeout = static_cast<unsigned>(driver::option_number(url, "read_timeout", socket_timeout));
    auto write_timeout = static_cast<unsigned>(driver::option_number(url, "write_timeout", socket_timeout));
    std::string charset = url.option("charset", "utf8mb4");
    std::string sslmode = driver::option_choice(url, "sslmode", "disable");
    if (sslmode == "required") sslmode = "require";
    std::string rootcert = url.option("sslrootcert"), cert = url.option("sslcert"), key = url.option("sslkey");
    if (sslmode == "verify-ca" && rootcert.empty())
      throw ConfigError("quarry: mysql sslmode=verify-ca needs sslrootcert, the file of the certificate authority "
                        "that signed the server's certificate");

    detail::library_init();
    db_ = mysql_init(nullptr);
    if (!db_) throw ConnectionError("quarry: cannot connect to MySQL: out of memory", {{}, "mysql", 0, {}, {}});
    mysql_options(db_, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
    if (read_timeout) mysql_options(db_, MYSQL_OPT_READ_TIMEOUT, &read_timeout);
    if (write_timeout) mysql_options(db_, MYSQL_OPT_WRITE_TIMEOUT, &write_timeout);
    mysql_options(db_, MYSQL_SET_CHARSET_NAME, charset.c_str());
    // TLS: Connector/C 3.3 uses it when any TLS option is set, and goes on in clear text when the
    // server offers none unless it verifies the certificate; so disable sets none, and the other
    // modes (but prefer) are checked once connected
    my_bool tls = sslmode != "disable";
    mysql_options(db_, MYSQL_OPT_SSL_ENFORCE, &tls);
    my_bool verify = sslmode == "verify-full";  // chain and host name, and no login without TLS
    mysql_options(db_, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);  // said even when off: newer clients verify by default
    if (tls) {
      if (!rootcert.empty()) mysql_options(db_, MYSQL_OPT_SSL_CA, rootcert.c_str());  // the chain is verified
      if (!cert.empty()) mysql_options(db_, MYSQL_OPT_SSL_CERT, cert.c_str());
      if (!key.empty()) mysql_options(db_, MYSQL_OPT_SSL_KEY, key.c_str());
    }
    if (sslmode == "require" || sslmode == "verify-ca") {
      // the login may run before quarry can see that TLS is missing (a server, or a man in the
      // middle, that offers none): only login methods that never reveal the password to such a
      // peer are allowed, not the clear-text ones or an RSA key the peer would supply
      mysql_options(db_, MARIADB_OPT_RESTRICTED_AUTH, "mysql_native_password,client_ed25519");
    }

    bool socket = url.host.starts_with('/');
    const char* host = url.host.empty() || socket ? nullptr : url.host.c_str();
    if (!mysql_real_connect(db_, host, url.user.empty() ? nullptr : url.user.c_str(), url.password.c_str(),
                            url.database.empty() ? nullptr : url.database.c_str(), url.port.value_or(0),
                            socket ? url.host.c_str() : nullptr, CLIENT_FOUND_ROWS)) {
      auto e = detail::classify(mysql_errno(db_), mysql_sqlstate(db_), mysql_error(db_));
      mysql_close(db_);
      db_ = nullptr;
      auto reason = driver::ConnectReason::refused;
      if (e.code == 1045) reason = driver::ConnectReason::authentication;
      else if (e.code == 2002 || e.code == 2003 || e.code == 2005 || e.code == 2006 || e.code == 2013)
        reason = driver::ConnectReason::unreachable;
      else if (e.code == 1049) reason = driver::ConnectReason::unknown_database;
      else if (e.code == 2026) reason = driver::ConnectReason::tls;
      driver::throw_connect_failed("MySQL", "mysql", url, reason, e);
    }
    if (tls && sslmode != "prefer" && !mysql_get_ssl_cipher(db_)) {
      mysql_close(db_);
      db_ = nullptr;
      driver::NativeError e;
      e.code = 2026;
      e.sqlstate = "HY000";
      e.message = "the server does not offer TLS; the connection was closed before any statement";
      driver::throw_connect_failed("MySQL", "mysql", url, driver::ConnectReason::tls, e);
    }
    try {
      // one round trip: UTC for DATETIME/TIMESTAMP, strict writes, byte-wise comparison
      std::string names = charset == "utf8mb4" ? "NAMES utf8mb4 COLLATE utf8mb4_bin" : "NAMES " + charset;
      execute("SET " + names +
              ", time_zone = '+00:00', SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
              "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
    } catch (...) {
      mysql_close(db_);
      db_ = nullptr;
      throw;
    }
  }
  ~MysqlConnection() override {
    clear_cache();  // statements first, while their handle is open
    mysql_close(db_);
  }

  const sql::Dialect& dialect() const noexcept override { return quarry::dialect::mysql; }

  void execute(const std::string& sql) override {
    if (streaming_.owner) detail::busy(sql);
    if (mysql_real_query(db_, sql.data(), sql.size())) detail::throw_error(db_, sql);
    for (;;) {
      if (MYSQL_RES* res = mysql_store_result(db_)) mysql_free_result(res);
      else if (mysql_field_count(db_) != 0) detail::throw_error(db_, sql);
      int more = mysql_next_result(db_);
      if (more > 0) detail::throw_error(db_, sql);
      if (more < 0) break;
    }
  }

  std::unique_ptr<driver::Statement> prepare(const std::string& sql) override {
    return std::make_unique<MysqlStatement>(db_, sql, streaming_);
  }

  /// No round trip: an idle connection with something to read was closed or killed by the server.
  bool in_transaction() noexcept override { return db_ && (db_->server_status & SERVER_STATUS_IN_TRANS); }

  bool alive() noexcept override {
    if (!db_) return false;
    return driver::idle_state(mysql_get_socket(db_)) == driver::Idle::quiet;
  }

  std::int64_t last_insert_id() override { return static_cast<std::int64_t>(mysql_insert_id(db_)); }
  /// InnoDB gives a multi-row INSERT consecutive keys (auto_increment_increment apart) unless
  /// innodb_autoinc_lock_mode is 2; both are read once per connection.
  bool consecutive_keys() override {
    if (!key_step_) {
      key_step_ = 0;
      if (mysql_query(db_, "SELECT @@innodb_autoinc_lock_mode, @@auto_increment_increment") == 0) {
        if (MYSQL_RES* res = mysql_store_result(db_)) {
          if (MYSQL_ROW row = mysql_fetch_row(res); row && row[0] && row[1] && std::string_view(row[0]) != "2")
            key_step_ = std::atoll(row[1]);
          mysql_free_result(res);
        }
      }
    }
    return *key_step_ > 0;
  }
  /// The first key of the last INSERT (what MySQL reports for a multi-row insert) and the step.
  std::pair<std::int64_t, std::int64_t> inserted_keys(std::size_t) override {
    return {static_cast<std::int64_t>(mysql_insert_id(db_)), key_step_.value_or(1)};
  }

  /// MariaDB 10.5 and later; MySQL 8 has no DELETE ... RETURNING (quarry emulates it there).
  bool delete_returning() override { return mariadb_connection(db_) && mysql_get_server_version(db_) >= 100500; }

  MYSQL* handle() const noexcept { return db_; }

 private:
  MYSQL* db_ = nullptr;
  Streaming streaming_;
  std::optional<std::int64_t> key_step_;  // auto_increment_increment, 0 when keys may not be consecutive
};

inline std::unique_ptr<driver::Connection> open(const driver::Url& url) { return std::make_unique<MysqlConnection>(url); }

}  // namespace quarry::mysql
