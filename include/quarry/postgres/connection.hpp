#pragma once
// The PostgreSQL driver on libpq: the only place <libpq-fe.h> is included.

#include <libpq-fe.h>
#include <sys/socket.h>  // shutdown: a connection whose server stopped answering is closed

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>  // in_range, exchange
#include <vector>

#include <fmt/core.h>  // fmt::format: the messages of the cold error paths (never SQL text)

#include "../dialect/postgres.hpp"
#include "../dialect/postgres_binary.hpp"
#include "../driver/arena.hpp"
#include "../driver/connection.hpp"
#include "../driver/errors.hpp"
#include "../driver/socket.hpp"
#include "../driver/options.hpp"
#include "../sql/render.hpp"  // placeholder_column
#include "../vector.hpp"

namespace quarry::postgres {

namespace detail {

inline std::string field(const PGresult* r, int code) {
  const char* v = r ? PQresultErrorField(r, code) : nullptr;
  return v ? v : "";
}

/// "Key (a, b)=(...) already exists." -> {"a", "b"}; the values are not kept.
inline std::vector<std::string> key_columns(const std::string& detail) {
  std::vector<std::string> out;
  auto open = detail.find("Key (");
  if (open == std::string::npos) return out;
  auto close = detail.find(")=", open);
  if (close == std::string::npos) return out;
  std::string_view list(detail.data() + open + 5, close - open - 5);
  while (!list.empty()) {
    auto comma = list.find(", ");
    out.emplace_back(list.substr(0, comma));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 2);
  }
  return out;
}

/// What a failed result says (or a broken connection, when result is null).
inline driver::NativeError classify(PGconn* conn, const PGresult* result) {
  driver::NativeError e;
  e.sqlstate = field(result, PG_DIAG_SQLSTATE);
  e.message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (e.message.empty()) {
    e.message = conn ? PQerrorMessage(conn) : "no connection";
    while (!e.message.empty() && (e.message.back() == '\n' || e.message.back() == ' ')) e.message.pop_back();
  }
  const std::string& state = e.sqlstate;
  using K = driver::ErrorKind;
  if (state.rfind("23", 0) == 0) {
    e.constraint = field(result, PG_DIAG_CONSTRAINT_NAME);
    if (state == "23505") {
      e.kind = K::unique;
      e.columns = key_columns(field(result, PG_DIAG_MESSAGE_DETAIL));
    } else if (state == "23503") {
      e.kind = K::foreign_key;
    } else if (state == "23502") {
      e.kind = K::not_null;
      e.constraint.clear();
      if (std::string column = field(result, PG_DIAG_COLUMN_NAME); !column.empty()) e.columns.push_back(column);
    } else if (state == "23514") {
      e.kind = K::check;
    } else {
      e.kind = K::constraint;
    }
  } else if (state == "40001" || state == "40P01") {
    e.kind = K::deadlock;
  } else if (state == "57014" || state == "55P03") {
    e.kind = K::timeout;
  } else if (state.empty() || state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03" ||
             (conn && PQstatus(conn) == CONNECTION_BAD)) {
    e.kind = K::connection;
  }
  return e;
}

[[noreturn]] inline void throw_error(PGconn* conn, const PGresult* result, const std::string& sql) {
  driver::throw_native(classify(conn, result), "postgres", sql);
}

namespace oid = dialect::pg_binary::oid;
using dialect::pg_binary::decodable;
using dialect::pg_binary::text_as_is;

struct ResultDeleter {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

/// Waits until the connection's socket can be read (or written, with write) for at most
/// timeout_ms (-1: no limit); false when that time passed in silence.
inline bool wait_socket(PGconn* conn, bool write, int timeout_ms) {
  return driver::wait_socket(PQsocket(conn), write, timeout_ms);
}

/// The server did not answer within socket_timeout: closes the connection (its socket is shut,
/// so that libpq marks it bad and nothing waits on it again) and throws ConnectionError.
[[noreturn]] inline void no_answer(PGconn* conn, int timeout_ms, const std::string& sql) {
  if (int fd = PQsocket(conn); fd >= 0) ::shutdown(fd, SHUT_RDWR);
  PQconsumeInput(conn);  // reads the end of the stream: the connection is now CONNECTION_BAD
  driver::NativeError e;
  e.kind = driver::ErrorKind::connection;
  e.message =
      fmt::format("the server did not answer within socket_timeout ({} s); the connection is closed", timeout_ms / 1000);
  driver::throw_native(std::move(e), "postgres", sql);
}

/// After a PQsend* call: sends what is queued and waits for the results, each wait bounded by
/// timeout_ms (-1: none). Returns the first failed result, else the last (as PQexec does), or
/// null when the connection broke (PQerrorMessage says why).
inline Result finish(PGconn* conn, int timeout_ms, const std::string& sql) {
  for (int rc; (rc = PQflush(conn)) != 0;) {  // non-blocking mode: the socket may not take it all at once
    if (rc < 0) return nullptr;
    if (!wait_socket(conn, true, timeout_ms)) no_answer(conn, timeout_ms, sql);
    if (!PQconsumeInput(conn)) return nullptr;
  }
  auto ok = [](const PGresult* r) {
    auto status = PQresultStatus(r);
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
  };
  Result kept;
  for (;;) {
    while (PQisBusy(conn)) {
      if (!wait_socket(conn, false, timeout_ms)) no_answer(conn, timeout_ms, sql);
      if (!PQconsumeInput(conn)) break;  // PQgetResult reports the broken connection
    }
    Result r{PQgetResult(conn)};
    if (!r) break;
    auto status = PQresultStatus(r.get());
    if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) return r;  // not used here
    if (!kept || ok(kept.get())) kept = std::move(r);  // a failure is kept over the results after it
  }
  return kept;
}

/// Results still owed by the server for an earlier PQsend* call are read and dropped first.
inline void drain(PGconn* conn, int timeout_ms, const std::string& sql) {
  if (PQtransactionStatus(conn) == PQTRANS_ACTIVE) finish(conn, timeout_ms, sql);
}

// PQexec, PQprepare, PQdescribePrepared and PQexecPrepared with every wait bounded by timeout_ms.
inline Result exec(PGconn* conn, int timeout_ms, const std::string& sql) {
  drain(conn, timeout_ms, sql);
  if (!PQsendQuery(conn, sql.c_str())) return nullptr;
  return finish(conn, timeout_ms, sql);
}
inline Result prepare(PGconn* conn, int timeout_ms, const std::string& name, const std::string& sql) {
  drain(conn, timeout_ms, sql);
  if (!PQsendPrepare(conn, name.c_str(), sql.c_str(), 0, nullptr)) return nullptr;
  return finish(conn, timeout_ms, sql);
}
inline Result describe_prepared(PGconn* conn, int timeout_ms, const std::string& name, const std::string& sql) {
  if (!PQsendDescribePrepared(conn, name.c_str())) return nullptr;
  return finish(conn, timeout_ms, sql);
}
inline Result exec_params(PGconn* conn, int timeout_ms, const std::string& text, int count, const Oid* types,
                          const char* const* values, const int* lengths, const int* formats, int result_format,
                          const std::string& sql) {
  drain(conn, timeout_ms, sql);
  if (!PQsendQueryParams(conn, text.c_str(), count, types, values, lengths, formats, result_format)) return nullptr;
  return finish(conn, timeout_ms, sql);
}
inline Result exec_prepared(PGconn* conn, int timeout_ms, const std::string& name, const std::string& sql, int count,
                            const char* const* values, const int* lengths, const int* formats, int result_format) {
  drain(conn, timeout_ms, sql);
  if (!PQsendQueryPrepared(conn, name.c_str(), count, values, lengths, formats, result_format)) return nullptr;
  return finish(conn, timeout_ms, sql);
}

/// The prepared statements a connection no longer uses: their names wait here and are
/// deallocated with the connection's next PREPARE, in the same round trip, or with the session.
using Dropped = std::vector<std::string>;

/// What prepare_pipelined learnt: the DESCRIBE of the statement, or the first failure.
struct Prepared {
  Result described;        // PGRES_COMMAND_OK when the statement was prepared
  Result failed;           // the first failure, if any
  std::size_t freed = 0;   // names at the front of dropped that are gone from the server now
  bool parsed = false;     // the statement exists on the server (also when its DESCRIBE failed)
  bool drop_failed = false;
};

/// In one round trip (a pipeline): DEALLOCATE of up to 64 dropped names, PREPARE name AS sql,
/// DESCRIBE name. Every wait is bounded by timeout_ms (-1: none), as in finish().
inline Prepared prepare_pipelined(PGconn* conn, int timeout_ms, const Dropped& dropped, std::size_t drops,
                                  const std::string& name, const std::string& sql) {
  Prepared out;
  drain(conn, timeout_ms, sql);
  if (!PQenterPipelineMode(conn)) return out;  // out.failed null: the connection's error message says why
  bool sent = true;
  std::string deallocate;
  for (std::size_t i = 0; i < drops && sent; ++i) {
    deallocate.assign("DEALLOCATE ").append(dropped[i]);
    sent = PQsendQueryParams(conn, deallocate.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0);
  }
  sent = sent && PQsendPrepare(conn, name.c_str(), sql.c_str(), 0, nullptr) && PQsendDescribePrepared(conn, name.c_str()) &&
         PQpipelineSync(conn);
  for (int rc; sent && (rc = PQflush(conn)) != 0;) {
    if (rc < 0) sent = false;
    else if (!wait_socket(conn, true, timeout_ms)) no_answer(conn, timeout_ms, sql);
    else if (!PQconsumeInput(conn)) sent = false;
  }
  auto next = [&]() -> Result {  // the next result; null between two commands' results
    while (PQisBusy(conn)) {
      if (!wait_socket(conn, false, timeout_ms)) no_answer(conn, timeout_ms, sql);
      if (!PQconsumeInput(conn)) break;
    }
    return Result{PQgetResult(conn)};
  };
  // each command: one result, then null; then the sync's PGRES_PIPELINE_SYNC
  for (std::size_t i = 0; sent && i < drops + 2; ++i) {
    Result r = next();
    if (!r || PQstatus(conn) == CONNECTION_BAD) {
      sent = false;
      break;
    }
    auto status = PQresultStatus(r.get());
    bool ok = status == PGRES_COMMAND_OK;
    if (i < drops) {
      if (ok || status == PGRES_FATAL_ERROR) out.freed = i + 1;  // a failed one did not exist
      out.drop_failed = out.drop_failed || !ok;
    } else if (i == drops) {
      out.parsed = ok;
    } else if (ok) {
      out.described = std::move(r);
    }
    if (!ok && !out.failed) out.failed = std::move(r);
    next();  // the null that ends this command's results
  }
  if (sent) {
    Result sync = next();
    sent = sync && PQresultStatus(sync.get()) == PGRES_PIPELINE_SYNC;
  }
  if (!sent || !PQexitPipelineMode(conn)) {  // the connection broke: its error message says why
    out.failed.reset();
    out.described.reset();
  }
  return out;
}

inline int hex_value(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 0;
}

}  // namespace detail

class PostgresStatement final : public driver::Statement {
 public:
  /// timeout_ms bounds each wait for the server (-1: no bound). dropped: the connection's list
  /// of statements to deallocate, which this one joins when it is destroyed.
  PostgresStatement(PGconn* conn, std::string sql, std::string name, int timeout_ms = -1,
                    detail::Dropped* dropped = nullptr)
      : driver::Statement(std::move(sql)), conn_(conn), name_(std::move(name)), timeout_ms_(timeout_ms), dropped_(dropped) {
    prepare();
  }
  /// No round trip: the name is deallocated with the connection's next PREPARE (inside a
  /// transaction too), or with the session when the connection closes.
  ~PostgresStatement() override {
    if (!prepared_ || !dropped_) return;
    try {
      dropped_->push_back(std::move(name_));
    } catch (...) {  // out of memory: the statement stays on the server until the session ends
    }
  }

  void start(std::size_t count) override {
    if (count != static_cast<std::size_t>(param_count_)) wrong_count(static_cast<std::size_t>(param_count_), count, "postgres");
    arena_.clear();
    values_.assign(count, nullptr);  // a parameter left unbound is NULL, never the last run's
    lengths_.resize(count);           // every bind sets its length and format
    formats_.resize(count);
    scalars_.resize(count);
  }

  void bind_null(std::size_t i) override { set(i, nullptr, 0, 0); }
  void bind_bool(std::size_t i, bool v) override {
    if (param_type(i) == detail::oid::boolean) return binary(i, v ? 1 : 0, 1);
    keep(i, v ? "true" : "false");
  }
  void bind_int64(std::size_t i, std::int64_t v) override {
    switch (param_type(i)) {  // binary where the server's type for the parameter holds v
      case detail::oid::int8: return binary(i, static_cast<std::uint64_t>(v), 8);
      case detail::oid::int4:
        if (std::in_range<std::int32_t>(v)) return binary(i, static_cast<std::uint64_t>(v), 4);
        break;
      case detail::oid::int2:
        if (std::in_range<std::int16_t>(v)) return binary(i, static_cast<std::uint64_t>(v), 2);
        break;
      default: break;
    }
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    keep(i, {buf, end});
  }
  void bind_uint64(std::size_t i, std::uint64_t v) override {
    if (v <= static_cast<std::uint64_t>(INT64_MAX)) return bind_int64(i, static_cast<std::int64_t>(v));
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    keep(i, {buf, end});
  }
  void bind_double(std::size_t i, double v) override {
    if (param_type(i) == detail::oid::float8) return binary(i, std::bit_cast<std::uint64_t>(v), 8);
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    keep(i, {buf, end});
  }
  void bind_text(std::size_t i, std::string_view v) override {
    no_nul(i, v);
    keep(i, v);  // text parameters end at their NUL: a copy that has one
  }
  void bind_made_text(std::size_t i, std::string_view v) override { bind_text(i, v); }  // a copy already
  void bind_string(std::size_t i, const std::string& v) override {
    no_nul(i, v);
    set(i, v.c_str(), v.size(), 0);
  }
  void bind_timestamp(std::size_t i, Timestamp v) override {
    if (auto t = param_type(i); t == detail::oid::timestamptz || t == detail::oid::timestamp)
      return binary(i, static_cast<std::uint64_t>(dialect::pg_binary::micros(v)), 8);
    char buf[40];
    auto n = quarry::detail::format_timestamp_to(v, buf);
    keep(i, {buf, n}, "+00");
  }
  void bind_blob(std::size_t i, const Blob& v) override {
    set(i, v.empty() ? "" : reinterpret_cast<const char*>(v.data()), v.size(), 1);  // binary: sent as it is
  }
  void bind_date(std::size_t i, Date v) override {
    if (param_type(i) == detail::oid::date) return binary(i, static_cast<std::uint64_t>(dialect::pg_binary::days(v)), 4);
    keep(i, quarry::detail::format_date(v));
  }
  void bind_decimal(std::size_t i, const Decimal& v) override { keep(i, v.to_string()); }
  void bind_uuid(std::size_t i, const Uuid& v) override { keep(i, v.to_string()); }

  void run() override {
    if (!prepared_) [[unlikely]] prepare();  // a re-prepare that failed (prepare_again): its name is gone
    if (!exec() && !(changed_under_us() && PQtransactionStatus(conn_) == PQTRANS_IDLE && prepare_again() && exec())) {
      detail::Result failed = std::move(result_);
      detail::throw_error(conn_, failed.get(), sql());
    }
    rows_ = PQntuples(result_.get());
    row_ = -1;
  }

  /// Through a cursor: DECLARE ... NO SCROLL CURSOR FOR the statement's SQL with the values
  /// bound, then FETCH batch rows at a time (in binary, as run()'s results) as next() needs them.
  /// The connection is free between two fetches, so shared changes nothing. A cursor lives in a
  /// transaction: the connection's own, or else one begun here and ended by finish().
  void run_streamed(std::size_t batch, bool /*shared*/) override {
    if (!prepared_) [[unlikely]] prepare();
    own_transaction_ = PQtransactionStatus(conn_) == PQTRANS_IDLE;
    if (own_transaction_) plain("BEGIN");
    cursor_ = true;  // from here, finish() ends what was begun, also when the DECLARE fails
    batch_ = std::max<std::size_t>(batch, 1);
    last_batch_ = false;
    result_ = detail::exec_params(conn_, timeout_ms_, "DECLARE " + name_ + " NO SCROLL CURSOR FOR " + sql(),
                                  static_cast<int>(values_.size()), param_types_.data(), values_.data(),
                                  lengths_.data(), formats_.data(), 0, sql());
    if (!result_ || PQresultStatus(result_.get()) != PGRES_COMMAND_OK) {
      detail::Result failed = std::move(result_);
      detail::throw_error(conn_, failed.get(), sql());
    }
    result_.reset();
    rows_ = 0;
    row_ = -1;
  }

  bool next() override {
    if (++row_ >= rows_ && !(cursor_ && fetch())) return false;  // a cursor's next batch, if any
    if (!int_columns_.empty()) decode_cells();
    return true;
  }
  std::size_t buffered_rows() const noexcept override { return cursor_ ? 0 : static_cast<std::size_t>(rows_); }
  void finish() noexcept override {
    result_.reset();
    rows_ = 0;
    row_ = -1;
    if (cursor_) [[unlikely]] close_cursor();
  }
  std::int64_t affected_rows() override {
    if (!result_ || PQresultStatus(result_.get()) == PGRES_TUPLES_OK) return 0;
    const char* n = PQcmdTuples(result_.get());
    return n && *n ? std::strtoll(n, nullptr, 10) : 0;
  }

  std::string_view dialect_name() const noexcept override { return "postgres"; }
  int column_count() override { return result_ ? PQnfields(result_.get()) : 0; }
  std::string_view column_name(int i) override { return PQfname(result_.get(), i); }
  bool is_null(int i) override { return PQgetisnull(result_.get(), row_, i); }
  bool read_int64(int i, std::int64_t& out) override {
    std::string_view raw;
    if (!present(i, raw)) return false;
    out = int64_of(i, raw);
    return true;
  }
  bool read_uint64(int i, std::uint64_t& out) override {
    std::string_view raw;
    if (!present(i, raw)) return false;
    out = uint64_of(i, raw);
    return true;
  }
  bool read_double(int i, double& out) override {
    std::string_view raw;
    if (!present(i, raw)) return false;
    out = double_of(i, raw);
    return true;
  }
  bool read_bool(int i, bool& out) override {
    std::string_view raw;
    if (!present(i, raw)) return false;
    out = bool_of(i, raw);
    return true;
  }
  bool read_text(int i, std::string_view& out) override {
    std::string_view raw;
    if (!present(i, raw)) return false;
    out = text_of(i, raw);
    return true;
  }
  bool read_blob(int i, Blob& out) override {
    std::string_view raw;
    if (!present(i, raw)) return false;
    blob_of(raw, out);
    return true;
  }
  bool read_timestamp(int i, Timestamp& out) override {
    std::string_view raw;
    if (!present(i, raw)) return false;
    out = timestamp_of(i, raw);
    return true;
  }
  bool read_date(int i, Date& out) override {
    std::string_view raw;
    if (!present(i, raw)) return false;
    out = date_of(i, raw);
    return true;
  }
  bool read_uuid(int i, Uuid& out) override {
    std::string_view raw;
    if (!present(i, raw)) return false;
    out = uuid_of(i, raw);
    return true;
  }

 private:
  /// Prepares the statement and learns its parameters and result columns, in one round trip
  /// that also deallocates the statements the connection dropped since its last PREPARE (not
  /// while the transaction is aborted: they would fail).
  void prepare() {
    static const detail::Dropped none;
    const auto& dropped = dropped_ ? *dropped_ : none;
    std::size_t drops = PQtransactionStatus(conn_) == PQTRANS_INERROR ? 0 : std::min<std::size_t>(dropped.size(), 64);
    auto p = detail::prepare_pipelined(conn_, timeout_ms_, dropped, drops, name_, this->sql());
    if (dropped_) dropped_->erase(dropped_->begin(), dropped_->begin() + static_cast<std::ptrdiff_t>(p.freed));
    if (p.drop_failed && PQtransactionStatus(conn_) == PQTRANS_IDLE) {
      // a name was deallocated behind quarry's back (DEALLOCATE ALL, DISCARD ALL): it is off the
      // list now, and outside a transaction nothing else was harmed, so try again
      if (p.parsed) dropped_->push_back(name_);
      prepare();
      return;
    }
    if (p.parsed && !p.described && dropped_) dropped_->push_back(name_);  // the constructor throws: no destructor
    if (!p.described) detail::throw_error(conn_, p.failed.get(), this->sql());
    prepared_ = true;
    const PGresult* d = p.described.get();
    param_count_ = PQnparams(d);
    param_types_.resize(static_cast<std::size_t>(param_count_));
    for (int i = 0; i < param_count_; ++i) param_types_[static_cast<std::size_t>(i)] = PQparamtype(d, i);
    // rows come in binary when every column has a type decoded here: no text to parse
    int columns = PQnfields(d);
    binary_ = columns > 0;
    for (int i = 0; i < columns; ++i) binary_ = binary_ && detail::decodable(PQftype(d, i));
    // the columns' types, once: a prepared statement's result types cannot change (the server
    // refuses to run it after DDL that would change them; see changed_under_us)
    types_.clear();
    if (binary_)
      for (int i = 0; i < columns; ++i) types_.push_back(PQftype(d, i));
    make_cells();
  }

  /// The integer columns of a binary result as cells (driver::Statement::Cell): next() decodes
  /// them, so that reading one is a load, not a virtual call that asks libpq and switches on the
  /// type (half the client's instructions of a row of two integers and a text).
  void make_cells() {
    int_columns_.clear();
    cell_list_.assign(types_.size(), Cell{});
    int_values_.assign(types_.size(), 0);
    int_nulls_.assign(types_.size(), 0);
    for (std::size_t i = 0; i < types_.size(); ++i) {
      if (types_[i] != detail::oid::int8 && types_[i] != detail::oid::int4 && types_[i] != detail::oid::int2) continue;
      int_columns_.push_back(static_cast<int>(i));
      cell_list_[i] = {Cell::Kind::int64, &int_nulls_[i], &int_values_[i], nullptr, 0};
    }
    if (int_columns_.empty()) cell_list_.clear();
    cells_ = cell_list_;
  }
  /// The current row's integers into their cells.
  void decode_cells() {
    const PGresult* r = result_.get();
    for (int i : int_columns_) {
      auto at = static_cast<std::size_t>(i);
      int length = PQgetlength(r, row_, i);
      int_nulls_[at] = length == 0;  // a binary integer has bytes: none is NULL
      if (length == 0) continue;
      const char* v = PQgetvalue(r, row_, i);
      std::string_view raw(v, static_cast<std::size_t>(length));
      int_values_[at] = types_[at] == detail::oid::int8   ? dialect::pg_binary::int8(raw)
                        : types_[at] == detail::oid::int4 ? dialect::pg_binary::int4(raw)
                                                          : dialect::pg_binary::int2(raw);
    }
  }

  /// Runs the statement with the bound values; false when it failed (the error is in result_).
  bool exec() {
    result_ = detail::exec_prepared(conn_, timeout_ms_, name_, sql(), static_cast<int>(values_.size()), values_.data(),
                                    lengths_.data(), formats_.data(), binary_ ? 1 : 0);
    auto status = result_ ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR;
    return status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
  }

  /// The next batch of a cursor's rows (run_streamed); false after its last row.
  bool fetch() {
    if (last_batch_) return false;
    result_.reset();
    result_ = detail::exec_params(conn_, timeout_ms_, "FETCH " + std::to_string(batch_) + " FROM " + name_, 0, nullptr,
                                  nullptr, nullptr, nullptr, binary_ ? 1 : 0, sql());
    if (!result_ || PQresultStatus(result_.get()) != PGRES_TUPLES_OK) {
      detail::Result failed = std::move(result_);
      rows_ = 0;
      detail::throw_error(conn_, failed.get(), sql());
    }
    rows_ = PQntuples(result_.get());
    row_ = 0;
    last_batch_ = static_cast<std::size_t>(rows_) < batch_;
    return rows_ > 0;
  }

  /// Ends a cursor: CLOSE in the connection's transaction (unless an error aborted it, which
  /// closes it at its end anyway), or the end of the transaction begun for it. A failure here
  /// leaves the connection to the pool's check (a transaction left open is rolled back there).
  void close_cursor() noexcept {
    cursor_ = false;
    bool own = std::exchange(own_transaction_, false);
    try {
      auto status = PQtransactionStatus(conn_);
      if (own) plain(status == PQTRANS_INTRANS ? "COMMIT" : "ROLLBACK");
      else if (status == PQTRANS_INTRANS) plain("CLOSE " + name_);
    } catch (...) {
    }
  }

  /// Runs text without values or rows, as PostgresConnection::execute does.
  void plain(const std::string& text) {
    detail::Result r = detail::exec(conn_, timeout_ms_, text);
    auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK) detail::throw_error(conn_, r.get(), text);
  }

  /// Whether the last run failed because DDL changed the result's columns since the statement
  /// was prepared ("cached plan must not change result type").
  bool changed_under_us() const {
    const char* state = result_ ? PQresultErrorField(result_.get(), PG_DIAG_SQLSTATE) : nullptr;
    return state && std::string_view(state) == "0A000";
  }

  /// Outside a transaction: prepares the statement again for the table as it is now.
  bool prepare_again() {
    if (!dropped_) return false;
    dropped_->push_back(name_);  // deallocated in the same round trip as the new PREPARE
    prepared_ = false;
    prepare();
    return true;
  }

  /// PostgreSQL's text cannot hold a NUL byte, and libpq would send text cut short at it: an
  /// error naming the column before anything is sent, never a shorter value stored.
  void no_nul(std::size_t i, std::string_view text) {
    if (std::memchr(text.data(), 0, text.size())) [[unlikely]]
      nul_in_text(i);
  }
  [[noreturn, gnu::cold, gnu::noinline]] void nul_in_text(std::size_t i) {
    throw ValidationError({{sql::placeholder_column(sql(), i),
                            "holds a NUL byte, which PostgreSQL text cannot store (keep binary data in a "
                            "quarry::Blob member); nothing was sent"}});
  }

  /// The type the server gave parameter i when it prepared the statement (0: not known).
  Oid param_type(std::size_t i) const noexcept { return i < param_types_.size() ? param_types_[i] : 0; }

  /// A value sent in binary: bytes bytes of v, big-endian, in the parameter's own slot.
  void binary(std::size_t i, std::uint64_t v, int bytes) {
    dialect::pg_binary::put_big_endian(scalars_[i].data(), v, bytes);
    set(i, scalars_[i].data(), static_cast<std::size_t>(bytes), 1);
  }

  void set(std::size_t i, const char* value, std::size_t length, int format) {
    values_[i] = value;
    lengths_[i] = static_cast<int>(length);
    formats_[i] = format;
  }

  /// Text made for a value, kept in the arena until the next run: libpq reads it up to its NUL.
  void keep(std::size_t i, std::string_view text, std::string_view suffix = {}) {
    auto t = arena_.keep(text, suffix);
    set(i, t.data(), t.size(), 0);
  }

  // The reads: a value's length tells whether it can be NULL (only an empty one can), so a
  // present value costs two calls into libpq, not three.
  bool present(int i, std::string_view& raw) {
    raw = bytes(i);
    return !(raw.empty() && PQgetisnull(result_.get(), row_, i));
  }

  // Each kind of value decoded from its bytes (raw is bytes(i)): binary where the result came
  // in binary (see decodable), else text.
  std::string_view text_of(int i, std::string_view raw) {
    if (!binary_) return raw;
    if (detail::text_as_is(type(i))) return raw;
    switch (type(i)) {
      case detail::oid::jsonb: return raw.empty() ? raw : raw.substr(1);  // a version byte (1), then the text
      case detail::oid::boolean: return dialect::pg_binary::boolean(raw) ? "t" : "f";
      case detail::oid::float4: case detail::oid::float8: {
        char buf[32];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, double_of(i, raw));
        text_out_.assign(buf, end);
        return text_out_;
      }
      case detail::oid::timestamp: case detail::oid::timestamptz:
        text_out_ = quarry::detail::format_timestamp(timestamp_of(i, raw));
        return text_out_;
      case detail::oid::date: text_out_ = quarry::detail::format_date(date_of(i, raw)); return text_out_;
      case detail::oid::uuid: text_out_ = uuid_of(i, raw).to_string(); return text_out_;
      default: text_out_ = std::to_string(int64_of(i, raw)); return text_out_;
    }
  }
  std::int64_t int64_of(int i, std::string_view raw) {
    if (binary_) {
      switch (type(i)) {
        case detail::oid::int2: return dialect::pg_binary::int2(raw);
        case detail::oid::int4: return dialect::pg_binary::int4(raw);
        case detail::oid::int8: return dialect::pg_binary::int8(raw);
        case detail::oid::boolean: return dialect::pg_binary::boolean(raw);
        case detail::oid::float4: case detail::oid::float8: {
          double d = double_of(i, raw);
          if (!(d >= -0x1p63 && d < 0x1p63)) value_out_of_range(i, std::to_string(d), "std::int64_t");
          return static_cast<std::int64_t>(d);
        }
        default: break;  // text: parsed below
      }
    }
    if (raw == "t" || raw == "f") return raw == "t";
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
    if (ec == std::errc{} && p == raw.data() + raw.size()) return v;
    if (ec == std::errc::result_out_of_range) value_out_of_range(i, raw, "std::int64_t");
    double d = 0;  // numeric or float text, such as 15.00: its whole part, where it has one that fits
    auto [q, dec] = std::from_chars(raw.data(), raw.data() + raw.size(), d);
    if (dec != std::errc{} || q != raw.data() + raw.size() || raw.empty()) not_convertible(i, raw, "a number");
    if (!(d >= -0x1p63 && d < 0x1p63)) value_out_of_range(i, raw, "std::int64_t");
    return static_cast<std::int64_t>(d);
  }
  std::uint64_t uint64_of(int i, std::string_view raw) {
    if (binary_ && !detail::text_as_is(type(i))) {
      auto v = int64_of(i, raw);
      if (v < 0) value_out_of_range(i, std::to_string(v), "std::uint64_t");
      return static_cast<std::uint64_t>(v);
    }
    std::uint64_t v = 0;
    auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
    if (ec == std::errc{} && p == raw.data() + raw.size()) return v;
    if (ec == std::errc::result_out_of_range || raw.starts_with('-')) value_out_of_range(i, raw, "std::uint64_t");
    not_convertible(i, raw, "a whole number");
  }
  double double_of(int i, std::string_view raw) {
    if (binary_) {
      switch (type(i)) {
        case detail::oid::float4: return dialect::pg_binary::float4(raw);
        case detail::oid::float8: return dialect::pg_binary::float8(raw);
        case detail::oid::int2: case detail::oid::int4: case detail::oid::int8: case detail::oid::boolean:
          return static_cast<double>(int64_of(i, raw));
        default: break;
      }
    }
    if (raw == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (raw == "Infinity") return std::numeric_limits<double>::infinity();
    if (raw == "-Infinity") return -std::numeric_limits<double>::infinity();
    return std::strtod(raw.data(), nullptr);
  }
  bool bool_of(int i, std::string_view raw) {
    if (binary_ && !detail::text_as_is(type(i))) return int64_of(i, raw) != 0;
    return raw == "t" || raw == "true" || raw == "1";
  }
  void blob_of(std::string_view raw, Blob& out) const {
    if (binary_) {  // bytea in binary: the bytes themselves
      auto* p = reinterpret_cast<const std::byte*>(raw.data());
      out.assign(p, p + raw.size());
      return;
    }
    out.clear();
    if (raw.size() >= 2 && raw[0] == '\\' && raw[1] == 'x') {  // bytea in hex output: \x0a0b...
      out.reserve((raw.size() - 2) / 2);
      for (std::size_t k = 2; k + 1 < raw.size(); k += 2)
        out.push_back(static_cast<std::byte>(detail::hex_value(raw[k]) * 16 + detail::hex_value(raw[k + 1])));
    } else {
      for (char c : raw) out.push_back(static_cast<std::byte>(c));
    }
  }
  Timestamp timestamp_of(int i, std::string_view raw) {
    if (binary_ && (type(i) == detail::oid::timestamptz || type(i) == detail::oid::timestamp)) {  // µs since 2000
      if (auto t = dialect::pg_binary::timestamp(raw)) return *t;
      not_convertible(i, dialect::pg_binary::unstorable(raw), "a timestamp of the years 1 to 9999");
    }
    if (binary_ && type(i) == detail::oid::date) return Timestamp{std::chrono::sys_days{date_of(i, raw)}};
    return timestamp_from(i, text_of(i, raw));
  }
  Date date_of(int i, std::string_view raw) {
    if (binary_ && type(i) == detail::oid::date) {
      if (auto d = dialect::pg_binary::date(raw)) return *d;
      not_convertible(i, dialect::pg_binary::unstorable(raw), "a date of the years 1 to 9999");
    }
    return date_from(i, text_of(i, raw));
  }
  Uuid uuid_of(int i, std::string_view raw) {
    if (binary_ && type(i) == detail::oid::uuid) return dialect::pg_binary::uuid(raw);
    return uuid_from(i, text_of(i, raw));
  }

  std::string_view bytes(int i) const {
    return {PQgetvalue(result_.get(), row_, i), static_cast<std::size_t>(PQgetlength(result_.get(), row_, i))};
  }
  Oid type(int i) const { return static_cast<std::size_t>(i) < types_.size() ? types_[static_cast<std::size_t>(i)] : 0; }

  PGconn* conn_;
  std::string name_;
  int timeout_ms_;  // socket_timeout
  detail::Dropped* dropped_;  // the connection's, which outlives its statements
  bool prepared_ = false;     // exists on the server: deallocated after this object
  int param_count_ = 0;
  bool binary_ = false;     // results in binary format (see decodable)
  std::vector<Oid> types_;  // of the result's columns, when binary
  quarry::detail::Vector<int> int_columns_;  // those of an integer type, decoded by next() into cells
  std::vector<Cell> cell_list_;  // what cells_ shows
  quarry::detail::Vector<std::int64_t> int_values_;
  quarry::detail::Vector<char> int_nulls_;
  std::vector<Oid> param_types_;  // as the server inferred them (PQparamtype)
  std::vector<std::array<char, 8>> scalars_;  // the bytes of the parameters sent in binary
  std::string text_out_;    // read_text of a binary column that is not text
  driver::TextArena arena_;  // text made for the values of this run
  std::vector<const char*> values_;
  quarry::detail::Vector<int> lengths_, formats_;
  detail::Result result_;
  int rows_ = 0, row_ = -1;
  // run_streamed: a cursor of the statement's name is open, in a transaction begun for it when
  // own_transaction_; batch_ rows a fetch, the last one fetched when last_batch_
  bool cursor_ = false, own_transaction_ = false, last_batch_ = false;
  std::size_t batch_ = 0;
};

class PostgresConnection final : public driver::Connection {
 public:
  /// The URL options; any other is a ConfigError. All but socket_timeout go to libpq.
  static constexpr driver::OptionSpec options[] = {
      {"connect_timeout", driver::OptionKind::seconds},
      {"socket_timeout", driver::OptionKind::seconds},
      {"application_name", driver::OptionKind::text},
      {"sslmode", driver::OptionKind::choice, "disable,allow,prefer,require,verify-ca,verify-full"},
      {"sslrootcert", driver::OptionKind::text},
      {"sslcert", driver::OptionKind::text},
      {"sslkey", driver::OptionKind::text},
      {"target_session_attrs", driver::OptionKind::choice, "any,read-write,read-only,primary,standby,prefer-standby"},
      {"options", driver::OptionKind::text},
      {"keepalives", driver::OptionKind::choice, "0,1"},
      {"keepalives_idle", driver::OptionKind::seconds},
      {"tcp_user_timeout", driver::OptionKind::milliseconds},
      {"host", driver::OptionKind::text},
      {"socket", driver::OptionKind::text},
  };

  explicit PostgresConnection(const driver::Url& url) {
    driver::check_options(url, options, "postgres");
    int socket_timeout = driver::option_number(url, "socket_timeout", 30);
    timeout_ms_ = socket_timeout > 0 ? socket_timeout * 1000 : -1;
    std::vector<std::pair<std::string, std::string>> params;
    auto add = [&](const char* key, std::string value) {
      if (!value.empty()) params.emplace_back(key, std::move(value));
    };
    add("host", url.host.empty() ? "localhost" : url.host);
    add("port", url.port ? std::to_string(*url.port) : "");
    add("user", url.user);
    add("password", url.password);
    add("dbname", url.database);
    add("connect_timeout", url.option("connect_timeout", "10"));
    add("client_encoding", "UTF8");
    add("application_name", url.option("application_name", "quarry"));
    for (const char* key : {"sslmode", "target_session_attrs", "keepalives"})  // words, taken in any case
      add(key, driver::option_choice(url, key, ""));
    for (const char* key : {"sslrootcert", "sslcert", "sslkey", "options", "keepalives_idle", "tcp_user_timeout"})
      add(key, url.option(key));
    std::vector<const char*> keys, values;
    for (const auto& [k, v] : params) {
      keys.push_back(k.c_str());
      values.push_back(v.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    conn_ = PQconnectdbParams(keys.data(), values.data(), 0);
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
      driver::NativeError e;
      e.message = conn_ ? PQerrorMessage(conn_) : "out of memory";
      while (!e.message.empty() && (e.message.back() == '\n' || e.message.back() == ' ')) e.message.pop_back();
      PQfinish(conn_);
      conn_ = nullptr;
      driver::throw_connect_failed("PostgreSQL", "postgres", url,
                                   reason(e.message, driver::option_choice(url, "sslmode", "prefer")), e);
    }
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);  // NOTICEs are not errors; keep stderr clean
    PQsetnonblocking(conn_, 1);  // sends wait in poll() too, bounded by socket_timeout (see detail::finish)
    try {
      execute("SET TIME ZONE 'UTC'");  // timestamps are UTC whatever the server's or session's zone
    } catch (...) {
      PQfinish(conn_);
      conn_ = nullptr;
      throw;
    }
  }
  ~PostgresConnection() override {
    clear_cache();  // no DEALLOCATE is sent: closing the session frees its prepared statements
    PQfinish(conn_);
  }

  const sql::Dialect& dialect() const noexcept override { return quarry::dialect::postgres; }

  void execute(const std::string& sql) override {
    detail::Result r = detail::exec(conn_, timeout_ms_, sql);
    auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) detail::throw_error(conn_, r.get(), sql);
  }

  std::unique_ptr<driver::Statement> prepare(const std::string& sql) override {
    return std::make_unique<PostgresStatement>(conn_, sql, "quarry_" + std::to_string(++statements_), timeout_ms_,
                                               &dropped_);
  }

  /// Cheap: no round trip. An idle connection has nothing to read; a terminated one has the
  /// server's FATAL message and then end of file. Reading until the socket is quiet tells.
  bool alive() noexcept override {
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) return false;
    for (int round = 0; round < 4; ++round) {
      auto state = driver::idle_state(PQsocket(conn_));
      if (state == driver::Idle::quiet) return true;
      if (state == driver::Idle::closed) return false;
      if (!PQconsumeInput(conn_) || PQstatus(conn_) != CONNECTION_OK) return false;
    }
    return false;  // still talking while idle: not a state to lend out
  }

  bool transaction_aborted() noexcept override { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }
  bool in_transaction() noexcept override {
    auto status = PQtransactionStatus(conn_);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
  }

  std::int64_t last_insert_id() override {
    throw UnsupportedError("quarry: PostgreSQL returns generated keys with RETURNING, not a last insert id");
  }

 private:
  /// Why libpq could not connect, from its message. TLS is the reason only where sslmode asks
  /// for it and libpq says TLS itself failed: a pg_hba.conf refusal also names SSL ("SSL off",
  /// "SSL encryption"), and is a refusal.
  static driver::ConnectReason reason(const std::string& message, std::string_view sslmode) {
    auto has = [&](std::string_view s) { return message.find(s) != std::string::npos; };
    if (has("password authentication failed") || has("no password supplied") || has("authentication failed"))
      return driver::ConnectReason::authentication;
    if (has("does not exist") && has("database")) return driver::ConnectReason::unknown_database;
    if (has("Connection refused") || has("timeout expired") || has("could not translate host name") ||
        has("No route to host") || has("Network is unreachable") || has("No such file or directory"))
      return driver::ConnectReason::unreachable;
    bool tls_required = sslmode == "require" || sslmode == "verify-ca" || sslmode == "verify-full";
    if (tls_required && (has("server does not support SSL") || has("SSL error") || has("SSL SYSCALL") ||
                         has("certificate") || has("could not establish SSL")))
      return driver::ConnectReason::tls;
    return driver::ConnectReason::refused;
  }

  PGconn* conn_ = nullptr;
  int timeout_ms_ = -1;  // socket_timeout: the longest wait for the server to take or send anything
  std::uint64_t statements_ = 0;
  detail::Dropped dropped_;  // statements to deallocate with the next PREPARE
};

inline std::unique_ptr<driver::Connection> open(const driver::Url& url) { return std::make_unique<PostgresConnection>(url); }

}  // namespace quarry::postgres
