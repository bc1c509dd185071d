#pragma once
// A real connection to the suite's database with a thin layer in front: it counts what is
// prepared, and lets a test make a statement it names fail once before it reaches the server.

#include "fixture.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace test {

class Instrumented final : public quarry::driver::Connection {
 public:
  explicit Instrumented(std::unique_ptr<quarry::driver::Connection> real)
      : real_(std::move(real)), dialect_(real_->dialect()) {
    if (max_params() > 0) dialect_.max_params = max_params();
    if (emulate_returning()) dialect_.update_returning = false;
  }
  ~Instrumented() override { clear_cache(); }  // the statements belong to real_'s handle

  /// SQL texts whose next execute() throws DatabaseError without reaching the server, each once.
  static std::vector<std::string>& fail_once() {
    static std::vector<std::string> texts;
    return texts;
  }

  /// When not 0, the dialect of the connections opened from now on allows this many parameters
  /// per statement (to test what splits a list of keys into chunks, without that many rows).
  static std::size_t& max_params() {
    static std::size_t n = 0;
    return n;
  }

  /// When set, the connections opened from now on take no UPDATE ... RETURNING and no DELETE ...
  /// RETURNING, as MySQL 8 takes none: update_returning and destroy_returning emulate them.
  static bool& emulate_returning() {
    static bool on = false;
    return on;
  }

  /// How many times each SQL text was prepared on this connection.
  std::map<std::string, int> prepared;

  const quarry::sql::Dialect& dialect() const noexcept override { return dialect_; }
  void execute(const std::string& sql) override {
    auto& fail = fail_once();
    if (auto it = std::find(fail.begin(), fail.end(), sql); it != fail.end()) {
      fail.erase(it);
      throw quarry::DatabaseError("quarry: injected failure of " + sql, {sql, "test", 0, {}, "injected"});
    }
    real_->execute(sql);
  }
  std::unique_ptr<quarry::driver::Statement> prepare(const std::string& sql) override {
    ++prepared[sql];
    return real_->prepare(sql);
  }
  bool alive() noexcept override { return real_->alive(); }
  std::int64_t last_insert_id() override { return real_->last_insert_id(); }
  bool consecutive_keys() override { return real_->consecutive_keys(); }
  std::pair<std::int64_t, std::int64_t> inserted_keys(std::size_t rows) override { return real_->inserted_keys(rows); }
  bool transaction_aborted() noexcept override { return real_->transaction_aborted(); }
  bool in_transaction() noexcept override { return real_->in_transaction(); }
  bool delete_returning() override { return !emulate_returning() && real_->delete_returning(); }

 private:
  std::unique_ptr<quarry::driver::Connection> real_;
  quarry::sql::Dialect dialect_;
};

/// A connection to the suite's database, not pooled.
inline std::unique_ptr<quarry::driver::Connection> open_connection() {
  auto u = quarry::driver::Url::parse(url());
  return quarry::driver::find_driver(u).open(u);
}

/// While it lives, a Database opened on the suite's URL gets Instrumented connections.
class InstrumentedDriver {
 public:
  InstrumentedDriver() : scheme_(quarry::driver::Url::parse(url()).scheme) {
    real() = quarry::driver::find_driver(quarry::driver::Url::parse(url()));
    quarry::driver::register_driver(scheme_, {&open, real().dialect, real().single_connection, real().options});
  }
  ~InstrumentedDriver() {
    quarry::driver::register_driver(scheme_, real());
    Instrumented::fail_once().clear();
    Instrumented::max_params() = 0;
    Instrumented::emulate_returning() = false;
  }
  InstrumentedDriver(const InstrumentedDriver&) = delete;
  InstrumentedDriver& operator=(const InstrumentedDriver&) = delete;

 private:
  static quarry::driver::Driver& real() {
    static quarry::driver::Driver driver;
    return driver;
  }
  static std::unique_ptr<quarry::driver::Connection> open(const quarry::driver::Url& u) {
    return std::make_unique<Instrumented>(real().open(u));
  }
  std::string scheme_;
};

/// Runs sql (no parameters) on conn and reads every row; returns the first column of the last.
inline std::int64_t run_on(quarry::driver::Connection& conn, const std::string& sql) {
  auto& st = conn.statement(sql);
  st.execute(quarry::driver::Binds{});
  std::int64_t last = 0;
  while (st.next()) {
    last = 0;
    if (st.column_count() > 0) st.read(0, last);
  }
  st.finish();
  return last;
}

}  // namespace test
