#pragma once
/// What a backend implements for one prepared statement: a Statement binds values, runs, and
/// reads columns straight into C++ values. Binder is the side that takes values, also for a log.

#include <chrono>
#include <cstdint>
#include <cstring>  // memcpy
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "../config.hpp"
#include "../error.hpp"
#include "../sql/value.hpp"
#include "../vector.hpp"

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: the messages of the cold error paths
#endif

namespace quarry::driver {

/// Takes a statement's values one at a time, by position from 0: a Statement, or the list a log
/// shows. A backend implements the typed calls; bind_value is the one place where an sql::Value
/// becomes a typed call, for every backend. Text and blobs are borrowed until the statement has
/// run.
class Binder {
 public:
  virtual void bind_null(std::size_t i) = 0;
  virtual void bind_bool(std::size_t i, bool v) = 0;
  virtual void bind_int64(std::size_t i, std::int64_t v) = 0;
  virtual void bind_uint64(std::size_t i, std::uint64_t v) = 0;
  virtual void bind_double(std::size_t i, double v) = 0;
  /// Text that need not end in a NUL byte.
  virtual void bind_text(std::size_t i, std::string_view v) = 0;
  /// A std::string's text, which ends in a NUL byte: a backend whose client library reads text
  /// up to its NUL (libpq) takes it as it is, without a copy.
  virtual void bind_string(std::size_t i, const std::string& v) { bind_text(i, v); }
  /// Text made for this run only (a codec's value, model/codec.hpp), which dies when the call
  /// returns: the binder keeps its own copy until the run ends.
  virtual void bind_made_text(std::size_t i, std::string_view v) = 0;
  virtual void bind_blob(std::size_t i, const Blob& v) = 0;
  virtual void bind_timestamp(std::size_t i, Timestamp v) = 0;
  virtual void bind_date(std::size_t i, Date v) = 0;
  virtual void bind_decimal(std::size_t i, const Decimal& v) = 0;
  virtual void bind_uuid(std::size_t i, const Uuid& v) = 0;

  /// The typed call for each type a value can have: what bind_value dispatches to, and what a
  /// row's members are bound with (ops/bind.hpp), so the mapping is written once.
  void bind(std::size_t i, sql::Null) { bind_null(i); }
  void bind(std::size_t i, bool v) { bind_bool(i, v); }
  void bind(std::size_t i, std::int64_t v) { bind_int64(i, v); }
  void bind(std::size_t i, std::uint64_t v) { bind_uint64(i, v); }
  void bind(std::size_t i, double v) { bind_double(i, v); }
  void bind(std::size_t i, const std::string& v) { bind_string(i, v); }
  void bind(std::size_t i, std::string_view v) { bind_text(i, v); }
  void bind(std::size_t i, const Blob& v) { bind_blob(i, v); }
  void bind(std::size_t i, Timestamp v) { bind_timestamp(i, v); }
  void bind(std::size_t i, Date v) { bind_date(i, v); }
  void bind(std::size_t i, const Decimal& v) { bind_decimal(i, v); }
  void bind(std::size_t i, const Uuid& v) { bind_uuid(i, v); }

  /// v, and what it holds, must outlive the run.
  void bind_value(std::size_t i, const sql::Value& v);

 protected:
  ~Binder() = default;
};

/// The values of one run of a statement, bound by a function instead of held in a list: count
/// of them, and bind(context, to) binds each.
struct Binds {
  std::size_t count = 0;
  const void* context = nullptr;
  void (*bind)(const void* context, Binder& to) = [](const void*, Binder&) {};  // none

  /// The values of a list; params (the span itself) must outlive the Binds.
  static Binds of(const std::span<const sql::Value>& params) {
    return {params.size(), &params, [](const void* c, Binder& to) {
              const auto& list = *static_cast<const std::span<const sql::Value>*>(c);
              for (std::size_t i = 0; i < list.size(); ++i) to.bind_value(i, list[i]);
            }};
  }
};

/// The values as a list (for the log).
class ValueList final : public Binder {
 public:
  explicit ValueList(std::size_t count);
  void bind_null(std::size_t i) override;
  void bind_bool(std::size_t i, bool v) override;
  void bind_int64(std::size_t i, std::int64_t v) override;
  void bind_uint64(std::size_t i, std::uint64_t v) override;
  void bind_double(std::size_t i, double v) override;
  void bind_text(std::size_t i, std::string_view v) override;
  void bind_made_text(std::size_t i, std::string_view v) override;
  void bind_blob(std::size_t i, const Blob& v) override;
  void bind_timestamp(std::size_t i, Timestamp v) override;
  void bind_date(std::size_t i, Date v) override;
  void bind_decimal(std::size_t i, const Decimal& v) override;
  void bind_uuid(std::size_t i, const Uuid& v) override;
  quarry::detail::Vector<sql::Value> values;
};

#ifdef QUARRY_BODIES
QUARRY_FUNC void Binder::bind_value(std::size_t i, const sql::Value& v) {
  std::visit([&](const auto& x) { bind(i, x); }, v);
}
QUARRY_FUNC ValueList::ValueList(std::size_t count) : values(count) {}
QUARRY_FUNC void ValueList::bind_null(std::size_t i) { values[i] = sql::Null{}; }
QUARRY_FUNC void ValueList::bind_bool(std::size_t i, bool v) { values[i] = v; }
QUARRY_FUNC void ValueList::bind_int64(std::size_t i, std::int64_t v) { values[i] = v; }
QUARRY_FUNC void ValueList::bind_uint64(std::size_t i, std::uint64_t v) { values[i] = v; }
QUARRY_FUNC void ValueList::bind_double(std::size_t i, double v) { values[i] = v; }
QUARRY_FUNC void ValueList::bind_text(std::size_t i, std::string_view v) { values[i] = v; }
QUARRY_FUNC void ValueList::bind_made_text(std::size_t i, std::string_view v) { values[i] = std::string(v); }
QUARRY_FUNC void ValueList::bind_blob(std::size_t i, const Blob& v) { values[i] = v; }
QUARRY_FUNC void ValueList::bind_timestamp(std::size_t i, Timestamp v) { values[i] = v; }
QUARRY_FUNC void ValueList::bind_date(std::size_t i, Date v) { values[i] = v; }
QUARRY_FUNC void ValueList::bind_decimal(std::size_t i, const Decimal& v) { values[i] = v; }
QUARRY_FUNC void ValueList::bind_uuid(std::size_t i, const Uuid& v) { values[i] = v; }
#endif  // QUARRY_BODIES

/// One prepared statement. execute() binds and runs it (or start(), the bind_* calls, run());
/// next() moves to the next row.
class Statement : public Binder {
 public:
  explicit Statement(std::string sql) : sql_(std::move(sql)) {}
  virtual ~Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  /// Makes ready to bind count values: every placeholder, each once, before run().
  virtual void start(std::size_t count) = 0;
  /// Runs with the values bound since start().
  virtual void run() = 0;
  void execute(const Binds& binds) {
    start(binds.count);
    binds.bind(binds.context, *this);
    run();
  }
  void execute(std::span<const sql::Value> params) { execute(Binds::of(params)); }
  /// execute() of a statement whose rows nobody reads (a write): then affected_rows(), and the
  /// statement finished, also when it throws. One virtual call where a write's run takes five: a
  /// backend that steps its rows itself (SQLite) runs it in place, with the code of a write
  /// together (a loop of updates is as much the instruction cache's work as the CPU's).
  virtual std::int64_t execute_write(const Binds& binds) {
    struct Finish {
      Statement& st;
      ~Finish() { st.finish(); }
    } finish{*this};
    execute(binds);
    return affected_rows();
  }
  /// Runs like run(), but a query's rows come from the server a batch at a time instead of as
  /// one result held whole, so the client holds about batch rows at any time (exec/stream.hpp).
  /// shared: other statements may run on the connection between two next() calls, as an
  /// include's queries or a transaction's writes do (a server-side cursor where the backend needs
  /// one); else the connection may be busy with this result until finish(). The default is run():
  /// for a backend that steps through its rows with the connection free anyway (SQLite).
  virtual void run_streamed(std::size_t batch, bool shared) {
    (void)batch;
    (void)shared;
    run();
  }
  void execute_streamed(const Binds& binds, std::size_t batch, bool shared) {
    start(binds.count);
    binds.bind(binds.context, *this);
    run_streamed(batch, shared);
  }
  virtual bool next() = 0;
  /// Releases the result, also one read only in part (a streamed one is drained or its cursor
  /// closed); the statement can be executed again.
  virtual void finish() noexcept = 0;
  /// Rows changed by the last execute (0 for a query).
  virtual std::int64_t affected_rows() = 0;
  /// How many rows the result holds when the client library has it all already (0: unknown).
  virtual std::size_t buffered_rows() const noexcept { return 0; }

  virtual int column_count() = 0;
  virtual std::string_view column_name(int i) = 0;
  virtual bool is_null(int i) = 0;

  /// Reads column i of the current row into out: false for NULL (out is then left as it was).
  /// One family of calls, one virtual call per column, nothing allocated for numbers, text and
  /// timestamps (a Blob's bytes and a Decimal's digits are);
  /// a value that does not fit out is a RangeError, text that is not what out holds a
  /// ConversionError, each naming the column. Text is valid until the next call on the statement.
  [[gnu::always_inline]] bool read(int i, std::int64_t& out) {
    if (static_cast<std::size_t>(i) < cells_.size()) {
      const Cell& c = cells_[i];
      if (c.kind == Cell::Kind::int64 || c.kind == Cell::Kind::int32 || c.kind == Cell::Kind::uint32) {
        if (*c.null) return false;
        if (c.kind == Cell::Kind::int64) out = *static_cast<const std::int64_t*>(c.value);
        else if (c.kind == Cell::Kind::int32) out = *static_cast<const std::int32_t*>(c.value);
        else out = *static_cast<const std::uint32_t*>(c.value);
        return true;
      }
    }
    return read_int64(i, out);
  }
  bool read(int i, std::uint64_t& out) { return read_uint64(i, out); }
  bool read(int i, double& out) { return read_double(i, out); }
  bool read(int i, bool& out) { return read_bool(i, out); }
  [[gnu::always_inline]] bool read(int i, std::string_view& out) {
    if (static_cast<std::size_t>(i) < cells_.size() && cells_[i].kind == Cell::Kind::text) {
      const Cell& c = cells_[i];
      if (*c.null) return false;
      out = {static_cast<const char*>(c.value), *c.length < c.capacity ? *c.length : c.capacity};
      return true;
    }
    return read_text(i, out);
  }
  bool read(int i, Blob& out) { return read_blob(i, out); }
  [[gnu::always_inline]] bool read(int i, Timestamp& out) {
    if (static_cast<std::size_t>(i) < cells_.size() && cells_[i].kind == Cell::Kind::civil) {
      const Cell& c = cells_[i];
      if (*c.null) return false;
      CivilTime t;
      std::memcpy(&t, c.value, sizeof t);
      // the days 1 to 28 of a month of the years 1 to 9999 exist; read_timestamp checks the others
      if (t.year - 1 < 9999 && t.month - 1 < 12 && t.day - 1 < 28) [[likely]] {
        // (the sum in microseconds as plain integers: <chrono>'s operator+ of each unit is an
        // instantiation of its own in every file)
        const std::int64_t seconds =
            quarry::detail::days_since_epoch(t.year, t.month, t.day) * 86400 + (t.hour * 60 + t.minute) * 60 + t.second;
        out = Timestamp{std::chrono::microseconds{seconds * 1000000 + static_cast<std::int64_t>(t.microsecond)}};
        return true;
      }
    }
    return read_timestamp(i, out);
  }
  bool read(int i, Date& out) { return read_date(i, out); }
  bool read(int i, Decimal& out) { return read_decimal(i, out); }
  bool read(int i, Uuid& out) { return read_uuid(i, out); }

  /// Where a backend that fetches each row into buffers of its own, bound once per result, keeps
  /// a column's value: read() of a signed integer or of text is then a load, not a virtual call
  /// (with fit_integer's error moved out of line, 72 instructions fewer a row of bench/ c on
  /// MariaDB), and of a timestamp a computation in place, in plain integers. A backend without them
  /// reads every column through read_*; the reads above cost it one comparison each.
  struct Cell {
    enum class Kind : std::uint8_t { other, int64, int32, uint32, text, civil };
    Kind kind = Kind::other;  // other: read through read_*
    const char* null = nullptr;  // nonzero when the current row's value is NULL
    // int64, int32, uint32: an integer of that type; text: its first byte; civil: a CivilTime's bytes
    const void* value = nullptr;
    const unsigned long* length = nullptr;  // text: its length, of which at most capacity bytes are there
    std::size_t capacity = 0;
  };

  /// A civil cell's date and time of day, in UTC, as its bytes lie (MariaDB's MYSQL_TIME begins
  /// so); read into a Timestamp without a virtual call (the backend's read_timestamp checks a
  /// day after the 28th).
  struct CivilTime {
    unsigned year, month, day, hour, minute, second;
    unsigned long microsecond;
  };

  // What a backend implements: the NULL check and the read in one call. The defaults read
  // through read_int64 or read_text; a backend overrides them where it can do better.
  virtual bool read_int64(int i, std::int64_t& out) = 0;
  /// A negative value is a RangeError, never a wrapped number.
  virtual bool read_uint64(int i, std::uint64_t& out) {
    std::int64_t v = 0;
    if (!read_int64(i, v)) return false;
    if (v < 0) value_out_of_range(i, std::to_string(v), "std::uint64_t");
    out = static_cast<std::uint64_t>(v);
    return true;
  }
  virtual bool read_double(int i, double& out) = 0;
  virtual bool read_bool(int i, bool& out) {
    std::int64_t v = 0;
    if (!read_int64(i, v)) return false;
    out = v != 0;
    return true;
  }
  virtual bool read_text(int i, std::string_view& out) = 0;
  virtual bool read_blob(int i, Blob& out) = 0;
  virtual bool read_timestamp(int i, Timestamp& out) {
    std::string_view text;
    if (!read_text(i, text)) return false;
    out = timestamp_from(i, text);
    return true;
  }
  virtual bool read_date(int i, Date& out) {
    std::string_view text;
    if (!read_text(i, text)) return false;
    out = date_from(i, text);
    return true;
  }
  virtual bool read_decimal(int i, Decimal& out) {
    std::string_view text;
    if (!read_text(i, text)) return false;
    out = decimal_from(i, text);
    return true;
  }
  virtual bool read_uuid(int i, Uuid& out) {
    std::string_view text;
    if (!read_text(i, text)) return false;
    out = uuid_from(i, text);
    return true;
  }

  /// "sqlite", "postgres" or "mysql", for the errors a statement raises.
  virtual std::string_view dialect_name() const noexcept { return {}; }

  /// Column i holds value, which a member of type `type` cannot hold: a RangeError naming both.
  [[noreturn, gnu::cold]] void value_out_of_range(int i, std::string_view value, std::string_view type);
  /// Column i holds text that is not `what`: a ConversionError naming the column.
  [[noreturn, gnu::cold]] void not_convertible(int i, std::string_view value, std::string_view what);
  /// A NULL in column i, whose member is not a std::optional.
  [[noreturn, gnu::cold]] void null_into_non_optional(int i);

  const std::string& sql() const noexcept { return sql_; }
  bool in_use = false;
  /// For a shape (Connection::statement by number): what each placeholder binds, in order.
  quarry::detail::Vector<sql::Slot> slots;
  /// For a shape with placeholders that are no slots (a read filter's values): the value of each
  /// placeholder, by position (NULL where a slot is); empty when every placeholder is a slot.
  std::vector<sql::Value> constants;

 protected:
  // Column i's text as a value: a ConversionError naming the column when it is not one.
  Timestamp timestamp_from(int i, std::string_view text) {
    auto t = quarry::detail::parse_timestamp(text);
    if (!t) not_convertible(i, text, "a timestamp");
    return *t;
  }
  Date date_from(int i, std::string_view text) {
    auto d = quarry::detail::parse_date(text);
    if (!d) not_convertible(i, text, "a date of the years 1 to 9999");
    return *d;
  }
  Decimal decimal_from(int i, std::string_view text) {
    try {
      return Decimal(text);
    } catch (const ConversionError&) {
      not_convertible(i, text, "a decimal number");
    }
  }
  Uuid uuid_from(int i, std::string_view text) {
    try {
      return Uuid::parse(text);
    } catch (const ConversionError&) {
      not_convertible(i, text, "a UUID");
    }
  }

  /// The cells of the current result, one per column, or none; a backend sets them again
  /// whenever what they point at moves.
  std::span<const Cell> cells_;

  /// For start(): the statement has placeholders placeholders, but count values came.
  [[noreturn]] void wrong_count(std::size_t placeholders, std::size_t count, const char* dialect) const;

 private:
  std::string sql_;
};

#ifdef QUARRY_BODIES
// The cold error paths (their messages' fmt::format is compiled once, with QUARRY_COMPILED).
[[gnu::noinline]] QUARRY_FUNC void Statement::value_out_of_range(int i, std::string_view value, std::string_view type) {
  throw RangeError(fmt::format("quarry: column '{}' holds {}, which does not fit its member's type {}; nothing was "
                               "wrapped",
                               column_name(i), value, type),
                   {sql_, std::string(dialect_name()), 0, {}, {}});
}

[[gnu::noinline]] QUARRY_FUNC void Statement::not_convertible(int i, std::string_view value, std::string_view what) {
  throw ConversionError(fmt::format("quarry: column '{}' holds '{}{}', which is not {}", column_name(i),
                                    value.substr(0, 64), value.size() > 64 ? "..." : "", what),
                        {sql_, std::string(dialect_name()), 0, {}, {}});
}

[[gnu::noinline]] QUARRY_FUNC void Statement::null_into_non_optional(int i) {
  throw ConversionError(
      fmt::format("quarry: column '{}' is NULL but its member is not a std::optional", column_name(i)),
      {sql_, std::string(dialect_name()), 0, {}, {}});
}

QUARRY_FUNC void Statement::wrong_count(std::size_t placeholders, std::size_t count, const char* dialect) const {
  throw DatabaseError(
      fmt::format("quarry: the statement has {} placeholders but {} values were given", placeholders, count),
      {sql_, dialect, 0, {}, {}});
}
#endif  // QUARRY_BODIES

}  // namespace quarry::driver
