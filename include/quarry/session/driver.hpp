#pragma once
/// The driver interface each backend implements: a Connection prepares Statements, a Statement
/// binds values, runs, and reads columns straight into C++ values. Backends register a scheme.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "../error.hpp"
#include "../sql/dialect.hpp"
#include "../sql/value.hpp"
#include "url.hpp"

namespace quarry {

/// Takes a statement's values one at a time, by position from 0: a Statement, or the list a log
/// shows. The typed calls serve values read straight from a row (no sql::Value on the way);
/// bind_value takes any other. Text is borrowed until the statement has run.
class Binder {
 public:
  virtual void bind_null(std::size_t i) = 0;
  virtual void bind_int64(std::size_t i, std::int64_t v) = 0;
  virtual void bind_text(std::size_t i, const std::string& v) = 0;
  virtual void bind_timestamp(std::size_t i, Timestamp v) = 0;
  virtual void bind_blob(std::size_t i, const Blob& v) = 0;
  /// v itself, and what it holds, must outlive the run.
  virtual void bind_value(std::size_t i, const sql::Value& v) = 0;

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
  explicit ValueList(std::size_t count) : values(count) {}
  void bind_null(std::size_t i) override { values[i] = sql::Null{}; }
  void bind_int64(std::size_t i, std::int64_t v) override { values[i] = v; }
  void bind_text(std::size_t i, const std::string& v) override { values[i] = std::string_view(v); }
  void bind_timestamp(std::size_t i, Timestamp v) override { values[i] = v; }
  void bind_blob(std::size_t i, const Blob& v) override { values[i] = v; }
  void bind_value(std::size_t i, const sql::Value& v) override { values[i] = v; }
  std::vector<sql::Value> values;
};

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
  virtual bool next() = 0;
  /// Releases the result; the statement can be executed again.
  virtual void finish() noexcept = 0;
  /// Rows changed by the last execute (0 for a query).
  virtual std::int64_t affected_rows() = 0;
  /// How many rows the result holds when the client library has it all already (0: unknown).
  virtual std::size_t buffered_rows() const noexcept { return 0; }

  virtual int column_count() = 0;
  virtual std::string_view column_name(int i) = 0;
  virtual bool is_null(int i) = 0;
  virtual std::int64_t get_int64(int i) = 0;
  /// A negative value is a RangeError, never a wrapped number.
  virtual std::uint64_t get_uint64(int i) {
    auto v = get_int64(i);
    if (v < 0) value_out_of_range(i, std::to_string(v), "std::uint64_t");
    return static_cast<std::uint64_t>(v);
  }
  virtual double get_double(int i) = 0;
  virtual bool get_bool(int i) { return get_int64(i) != 0; }
  /// Valid until the next call on this statement.
  virtual std::string_view get_text(int i) = 0;
  virtual Blob get_blob(int i) = 0;
  virtual Timestamp get_timestamp(int i) {
    auto t = detail::parse_timestamp(get_text(i));
    if (!t) not_convertible(i, get_text(i), "a timestamp");
    return *t;
  }
  virtual Date get_date(int i) {
    auto d = detail::parse_date(get_text(i));
    if (!d) not_convertible(i, get_text(i), "a date of the years 1 to 9999");
    return *d;
  }
  virtual Decimal get_decimal(int i) {
    try {
      return Decimal(get_text(i));
    } catch (const ConversionError&) {
      not_convertible(i, get_text(i), "a decimal number");
    }
  }

  /// NULL check and read in one call (false for NULL), for the hot loop of reading rows; a
  /// backend overrides them where it can tell NULL from the value itself.
  virtual bool read_int64(int i, std::int64_t& out) {
    if (is_null(i)) return false;
    out = get_int64(i);
    return true;
  }
  virtual bool read_text(int i, std::string_view& out) {
    if (is_null(i)) return false;
    out = get_text(i);
    return true;
  }
  virtual bool read_timestamp(int i, Timestamp& out) {
    if (is_null(i)) return false;
    out = get_timestamp(i);
    return true;
  }
  virtual Uuid get_uuid(int i) {
    try {
      return Uuid::parse(get_text(i));
    } catch (const ConversionError&) {
      not_convertible(i, get_text(i), "a UUID");
    }
  }

  /// "sqlite", "postgres" or "mysql", for the errors a statement raises.
  virtual std::string_view dialect_name() const noexcept { return {}; }

  /// Column i holds value, which a member of type `type` cannot hold: a RangeError naming both.
  [[noreturn, gnu::cold, gnu::noinline]] void value_out_of_range(int i, std::string_view value, std::string_view type) {
    throw RangeError("quarry: column '" + std::string(column_name(i)) + "' holds " + std::string(value) +
                         ", which does not fit its member's type " + std::string(type) + "; nothing was wrapped",
                     {sql_, std::string(dialect_name()), 0, {}, {}});
  }
  /// Column i holds text that is not `what`: a ConversionError naming the column.
  [[noreturn, gnu::cold, gnu::noinline]] void not_convertible(int i, std::string_view value, std::string_view what) {
    auto shown = value.size() > 64 ? std::string(value.substr(0, 64)) + "..." : std::string(value);
    throw ConversionError("quarry: column '" + std::string(column_name(i)) + "' holds '" + shown + "', which is not " +
                              std::string(what),
                          {sql_, std::string(dialect_name()), 0, {}, {}});
  }
  /// A NULL in column i, whose member is not a std::optional.
  [[noreturn, gnu::cold, gnu::noinline]] void null_into_non_optional(int i) {
    throw ConversionError("quarry: column '" + std::string(column_name(i)) +
                              "' is NULL but its member is not a std::optional",
                          {sql_, std::string(dialect_name()), 0, {}, {}});
  }

  const std::string& sql() const noexcept { return sql_; }
  bool in_use = false;

 protected:
  /// For start(): the statement has placeholders placeholders, but count values came.
  [[noreturn]] void wrong_count(std::size_t placeholders, std::size_t count, const char* dialect) const {
    throw DatabaseError("quarry: the statement has " + std::to_string(placeholders) + " placeholders but " +
                            std::to_string(count) + " values were given",
                        {sql_, dialect, 0, {}, {}});
  }

 private:
  std::string sql_;
};

/// One connection to a database. Used by one thread at a time (the pool sees to that).
class Connection {
 public:
  virtual ~Connection() = default;
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  virtual const sql::Dialect& dialect() const noexcept = 0;
  /// Runs SQL without parameters or rows: BEGIN, SAVEPOINT, DDL.
  virtual void execute(const std::string& sql) = 0;
  virtual std::unique_ptr<Statement> prepare(const std::string& sql) = 0;
  /// Whether the connection still works; cheap where the client library allows.
  virtual bool alive() noexcept = 0;
  /// The id generated by the last single-row insert, for dialects without RETURNING.
  virtual std::int64_t last_insert_id() = 0;
  /// Whether a multi-row INSERT gives its rows consecutive auto-increment keys, so that
  /// inserted_keys() can tell them without RETURNING.
  virtual bool consecutive_keys() { return false; }
  /// After a multi-row INSERT of `rows` rows: the first row's key and the step between keys.
  virtual std::pair<std::int64_t, std::int64_t> inserted_keys(std::size_t rows) {
    (void)rows;
    return {last_insert_id(), 1};
  }
  /// Whether an error has aborted the open transaction (PostgreSQL), so that COMMIT would
  /// silently roll back.
  virtual bool transaction_aborted() noexcept { return false; }
  /// Whether the server has a transaction open on this connection (whoever opened it).
  virtual bool in_transaction() noexcept { return false; }

  /// The prepared statement for sql, from this connection's cache (a fresh one when the cached
  /// one is still being read, as in a nested query). A full cache (cache_limit) drops its least
  /// recently used statement to make room, one at a time.
  Statement& statement(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      it->second.used = ++uses_;
      if (!it->second.statement->in_use) return *it->second.statement;
      return extra(sql);
    }
    if (cache_.size() >= cache_limit) evict_one();
    auto prepared = prepare(sql);
    return *cache_.emplace(sql, Cached{std::move(prepared), ++uses_}).first->second.statement;
  }
  /// The prepared statement of a shape: SQL that depends only on a model and the dialect (insert
  /// a row, find by key...). It is rendered and prepared once per connection, then found by the
  /// shape's number instead of by its text.
  Statement& statement(std::size_t shape, std::string (*render)(const sql::Dialect&)) {
    if (shape < shaped_.size() && shaped_[shape]) {
      if (!shaped_[shape]->in_use) return *shaped_[shape];
      return extra(shaped_[shape]->sql());
    }
    if (shape >= shaped_.size()) shaped_.resize(shape + 1);
    shaped_[shape] = prepare(render(dialect()));
    return *shaped_[shape];
  }

  /// Drops finished one-off statements.
  void release_extra() noexcept {
    std::erase_if(extra_, [](const auto& s) { return !s->in_use; });
  }

  /// Destroys every prepared statement; a driver calls it before closing its handle.
  void clear_cache() noexcept {
    extra_.clear();
    cache_.clear();
    shaped_.clear();
  }

  std::size_t cache_limit = 512;  ///< statements kept by text (shapes are not counted: they are few)
  int transaction_depth = 0;  ///< 0 outside a transaction, 1 in one, more in savepoints
  std::chrono::steady_clock::time_point created = std::chrono::steady_clock::now();

 private:
  struct Cached {
    std::unique_ptr<Statement> statement;
    std::uint64_t used = 0;  // when last looked up: uses_ at the time
  };

  /// A one-off statement for sql, beside the cached one that is being read. Finished one-offs
  /// go first, so a transaction that nests queries keeps no more than it reads at once.
  Statement& extra(const std::string& sql) {
    std::erase_if(extra_, [](const auto& s) { return !s->in_use; });
    extra_.push_back(prepare(sql));
    return *extra_.back();
  }

  /// Drops the least recently used statement that is not being read. The scan runs only on a
  /// miss, which prepares a statement anyway (a round trip on a server); a hit stays a lookup
  /// and a store, with no allocation.
  void evict_one() {
    auto oldest = cache_.end();
    for (auto it = cache_.begin(); it != cache_.end(); ++it)
      if (!it->second.statement->in_use && (oldest == cache_.end() || it->second.used < oldest->second.used))
        oldest = it;
    if (oldest != cache_.end()) cache_.erase(oldest);
  }

  std::unordered_map<std::string, Cached> cache_;
  std::uint64_t uses_ = 0;
  std::vector<std::unique_ptr<Statement>> extra_;
  std::vector<std::unique_ptr<Statement>> shaped_;  // by shape number
};

namespace detail {
inline std::size_t next_shape() {
  static std::atomic<std::size_t> next{0};
  return next++;
}
}  // namespace detail

/// The number of a statement shape; Shape is a type with `static std::string sql(const sql::Dialect&)`.
template <class Shape>
std::size_t shape_number() {
  static const std::size_t n = detail::next_shape();
  return n;
}

struct PoolOptions;

/// A backend: its dialect, how to open a connection for a URL, and what its database bears.
struct Driver {
  std::unique_ptr<Connection> (*open)(const Url&) = nullptr;
  const sql::Dialect* dialect = nullptr;
  /// Fits the pool to what the database bears (one connection for an in-memory SQLite database).
  void (*adjust_pool)(const Url&, PoolOptions&) = nullptr;
};

namespace detail {
inline std::map<std::string, Driver, std::less<>>& drivers() {
  static std::map<std::string, Driver, std::less<>> registry;
  return registry;
}
inline std::mutex& drivers_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace detail

/// Called by each backend header (<quarry/sqlite.hpp>, ...) for its schemes.
inline bool register_driver(std::string_view scheme, Driver driver) {
  std::lock_guard lock(detail::drivers_mutex());
  detail::drivers()[std::string(scheme)] = driver;
  return true;
}

inline Driver find_driver(const Url& url) {
  std::lock_guard lock(detail::drivers_mutex());
  auto it = detail::drivers().find(url.scheme);
  if (it == detail::drivers().end()) {
    std::string known;
    for (const auto& [scheme, driver] : detail::drivers()) known += (known.empty() ? "" : ", ") + scheme + ":";
    throw ConfigError("quarry: no driver for '" + url.scheme + ":' URLs; include the backend's header (such as "
                      "<quarry/sqlite.hpp>) and link its target (quarry::sqlite); registered here: " +
                      (known.empty() ? "none" : known));
  }
  return it->second;
}

}  // namespace quarry
