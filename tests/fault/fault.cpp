// Faults injected into a server of the fault suite's own (never the integration suite's): a crash
// in the middle of a transaction, a server that stops answering, a query killed while its rows
// stream, a deadlock between two threads; and TLS, which this server offers.
// QUARRY_FAULT_SCRIPT is the server's script (tests/servers/postgres.sh or mariadb.sh) and
// QUARRY_FAULT_DIR the directory it started the server in.
#include <catch2/catch.hpp>

#include <signal.h>     // kill, SIGKILL, SIGSTOP, SIGCONT
#include <sys/types.h>  // pid_t

#include <barrier>
#include <chrono>
#include <cstdio>  // popen
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <tuple>
#include <vector>

#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/quarry.hpp>

namespace {

using namespace std::chrono_literals;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  if (!v) throw std::runtime_error(std::string(name) + " is not set; ctest sets it (tests/CMakeLists.txt)");
  return v;
}
std::string dir() { return env("QUARRY_FAULT_DIR"); }
std::string script() { return env("QUARRY_FAULT_SCRIPT"); }
bool postgres() { return script().find("postgres") != std::string::npos; }

/// The server's URL with options added.
std::string url(const std::string& options = "socket_timeout=5&connect_timeout=5") {
  std::ifstream in(dir() + "/url");
  std::string line;
  std::getline(in, line);
  REQUIRE(!line.empty());
  return options.empty() ? line : line + "?" + options;
}

/// Runs the server script with command (restart, pid) and returns what it printed.
std::string server(const std::string& command) {
  std::string line = "bash '" + script() + "' " + command + " '" + dir() + "'";
  FILE* out = ::popen(line.c_str(), "r");
  REQUIRE(out);
  std::string text;
  char buf[256];
  while (std::fgets(buf, sizeof buf, out)) text += buf;
  int rc = ::pclose(out);
  INFO(line << ": " << text);
  REQUIRE(rc == 0);
  return text;
}

/// The parent and the state of a process, from /proc; nullopt when it is gone.
std::optional<std::pair<pid_t, char>> proc_stat(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(in, text)) return std::nullopt;
  auto close = text.rfind(')');  // the command name may hold spaces and parentheses
  if (close == std::string::npos || close + 4 >= text.size()) return std::nullopt;
  char state = text[close + 2];
  pid_t parent = static_cast<pid_t>(std::atol(text.c_str() + close + 4));
  return std::pair{parent, state};
}

/// The server's processes: MariaDB's one, or PostgreSQL's postmaster and its children.
std::vector<pid_t> server_processes() {
  auto main = static_cast<pid_t>(std::stol(server("pid")));
  std::vector<pid_t> out{main};
  if (!postgres()) return out;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    auto name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    auto pid = static_cast<pid_t>(std::stol(name));
    if (auto stat = proc_stat(pid); stat && stat->first == main) out.push_back(pid);
  }
  return out;
}

/// Kills the server's processes and waits (10 s at most) until they are gone.
void crash_server() {
  auto pids = server_processes();
  for (pid_t pid : pids) ::kill(pid, SIGKILL);
  for (pid_t pid : pids) {
    for (int i = 0; i < 200; ++i) {
      auto stat = proc_stat(pid);
      if (!stat || stat->second == 'Z') break;  // a zombie holds no socket
      std::this_thread::sleep_for(50ms);
    }
  }
}

/// The first thread of the process that still runs, or 0 when every one is stopped ('T', or 't'
/// under a debugger) or gone ('Z', 'X', or no such process: a zombie holds no socket).
pid_t running_thread(pid_t pid) {
  std::error_code ec;
  std::filesystem::directory_iterator task("/proc/" + std::to_string(pid) + "/task", ec), end;
  for (; !ec && task != end; task.increment(ec)) {
    std::ifstream in(task->path() / "stat");
    std::string text;
    if (!std::getline(in, text)) continue;
    auto close = text.rfind(')');
    if (close == std::string::npos || close + 2 >= text.size()) continue;
    char state = text[close + 2];
    if (state != 'T' && state != 't' && state != 'Z' && state != 'X')
      return static_cast<pid_t>(std::atol(task->path().filename().c_str()));
  }
  return 0;
}

/// Stops the server's processes while it lives, and always continues them, also when a check fails.
/// kill() only queues SIGSTOP: until one thread takes it, the others still run and may answer a
/// query, so this waits (10 s at most in all) until every thread of every process is stopped,
/// and says which one is not when that runs out.
class Stopped {
 public:
  Stopped() : pids_(server_processes()) {
    for (pid_t pid : pids_) ::kill(pid, SIGSTOP);
    try {
      auto deadline = std::chrono::steady_clock::now() + 10s;
      for (pid_t pid : pids_) {
        pid_t thread = 0;
        while ((thread = running_thread(pid)) != 0 && std::chrono::steady_clock::now() < deadline)
          std::this_thread::sleep_for(10ms);
        if (thread != 0) WARN("thread " << thread << " of server process " << pid << " did not stop within 10 s");
      }
    } catch (...) {  // no destructor runs for a constructor that throws
      resume();
      throw;
    }
  }
  ~Stopped() { resume(); }
  Stopped(const Stopped&) = delete;
  Stopped& operator=(const Stopped&) = delete;

 private:
  void resume() noexcept {
    for (pid_t pid : pids_) ::kill(pid, SIGCONT);
  }
  std::vector<pid_t> pids_;
};

/// Runs fn on another thread, joined at the end of the scope.
class Background {
 public:
  template <class F>
  explicit Background(F&& fn) : thread_(std::forward<F>(fn)) {}
  ~Background() { thread_.join(); }

 private:
  std::thread thread_;
};

/// Waits (10 s at most) until another session runs a statement holding marker for at least
/// min_ms; its id (MariaDB's connection id, PostgreSQL's backend pid), or 0.
std::int64_t running(quarry::Database& admin, const std::string& marker, int min_ms) {
  for (int i = 0; i < 200; ++i) {
    std::vector<std::int64_t> ids;
    if (postgres()) {
      ids = admin.query<std::int64_t>(
          "SELECT pid FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND "
          "query LIKE ? AND now() - query_start >= make_interval(secs => ?)",
          "%" + marker + "%", min_ms / 1000.0);
    } else {
      ids = admin.query<std::int64_t>(
          "SELECT ID FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND INFO LIKE ? AND TIME_MS >= ?",
          "%" + marker + "%", min_ms);
    }
    if (!ids.empty()) return ids.front();
    std::this_thread::sleep_for(50ms);
  }
  return 0;
}

}  // namespace

TEST_CASE("a server killed in the middle of a transaction: ConnectionError, its writes gone, then it works again",
          "[fault]") {
  quarry::Database db{url()};
  db.execute("DROP TABLE IF EXISTS fault_rows");
  db.execute("CREATE TABLE fault_rows (id INT PRIMARY KEY, note VARCHAR(20))");
  // what was committed before the crash must outlive it: the servers run with lazy flushing
  if (!postgres()) db.execute("SET GLOBAL innodb_flush_log_at_trx_commit = 1");
  db.execute("INSERT INTO fault_rows VALUES (1, 'committed')");
  if (postgres()) db.execute("CHECKPOINT");
  {
    auto tx = db.begin();
    tx.execute("INSERT INTO fault_rows VALUES (2, 'uncommitted')");
    crash_server();
    CHECK_THROWS_AS(tx.execute("INSERT INTO fault_rows VALUES (3, 'after the crash')"), quarry::ConnectionError);
    CHECK_THROWS_AS(tx.commit(), quarry::ConnectionError);
  }
  CHECK_THROWS_AS(db.query<std::int64_t>("SELECT 1"), quarry::ConnectionError);  // nothing listens
  server("restart");
  CHECK(db.query<std::string>("SELECT note FROM fault_rows ORDER BY id") == std::vector<std::string>{"committed"});
  db.execute("INSERT INTO fault_rows VALUES (2, 'again')");
  CHECK(db.query<std::int64_t>("SELECT COUNT(*) FROM fault_rows") == std::vector<std::int64_t>{2});
  if (!postgres()) db.execute("SET GLOBAL innodb_flush_log_at_trx_commit = 0");
}

TEST_CASE("a server that stops answering: ConnectionError after socket_timeout, then it works again", "[fault]") {
  // two Databases, each with a connection open before the server stops: one to read, one to write
  quarry::Database reader{url("socket_timeout=2&connect_timeout=2")}, writer{url("socket_timeout=2&connect_timeout=2")};
  CHECK(reader.query<std::int64_t>("SELECT 1") == std::vector<std::int64_t>{1});
  // prepared before the server stops, so that the write below is the statement's values
  CHECK(writer.query<std::int64_t>("SELECT LENGTH(?)", std::string("warm")) == std::vector<std::int64_t>{4});
  {
    Stopped stopped;
    // a read: the statement is sent, and no answer comes
    try {
      reader.query<std::int64_t>("SELECT 2");
      FAIL("no error");
    } catch (const quarry::ConnectionError& e) {
      if (postgres()) CHECK_THAT(e.what(), Catch::Contains("socket_timeout"));
      else CHECK(e.native_code() == 2013);  // CR_SERVER_LOST
    }
    // a write: more than the sockets' buffers take (loopback's may grow to 32 MB)
    std::string big(64 << 20, 'x');
    CHECK_THROWS_AS(writer.query<std::int64_t>("SELECT LENGTH(?)", big), quarry::ConnectionError);
    // a new connection: connect_timeout
    CHECK_THROWS_AS(reader.query<std::int64_t>("SELECT 3"), quarry::ConnectionError);
  }
  // answering again: the broken connections were closed, and new ones work
  CHECK(reader.query<std::int64_t>("SELECT 4") == std::vector<std::int64_t>{4});
  CHECK(writer.query<std::int64_t>("SELECT LENGTH(?)", std::string(1000, 'y')) == std::vector<std::int64_t>{1000});
}

TEST_CASE("a statement cancelled while it runs or streams is a TimeoutError with the server's code", "[fault]") {
  quarry::Database db{url(), {.pool = {.max = 1}}}, admin{url()};
  const std::string marker = "fault_cancel_marker";
  if (postgres()) {
    std::int64_t cancelled = 0;
    {
      Background killer([&] {
        if (auto pid = running(admin, marker, 200)) cancelled = admin.query<bool>("SELECT pg_cancel_backend(?)", pid).at(0) ? 1 : 0;
      });
      try {
        db.query<std::string>("SELECT '" + marker + "' FROM pg_sleep(20)");
        FAIL("not cancelled");
      } catch (const quarry::TimeoutError& e) {
        CHECK(e.sqlstate() == "57014");
        CHECK_THAT(e.what(), Catch::Contains("cancel"));
      }
    }
    CHECK(cancelled);
  } else {
    // 20 kB rows, one every 50 ms: rows are on their way when the KILL comes
    std::string stream = "SELECT seq, SLEEP(0.05), REPEAT('x', 20000), '" + marker + "' FROM seq_1_to_400";
    using Row = std::tuple<std::int64_t, std::int64_t, std::string, std::string>;
    {
      Background killer([&] {
        if (auto id = running(admin, marker, 300)) admin.execute("KILL QUERY " + std::to_string(id));
      });
      try {
        db.query<Row>(stream);
        FAIL("not killed");
      } catch (const quarry::TimeoutError& e) {
        CHECK(e.native_code() == 1317);  // ER_QUERY_INTERRUPTED
        CHECK_FALSE(e.native_message().empty());
      }
    }
    // max_statement_time while the rows stream (the pool's one connection takes the setting)
    db.execute("SET SESSION max_statement_time = 0.3");
    try {
      db.query<Row>(stream);
      FAIL("no timeout");
    } catch (const quarry::TimeoutError& e) {
      CHECK(e.native_code() == 1969);  // ER_STATEMENT_TIMEOUT
    }
    db.execute("SET SESSION max_statement_time = 0");
  }
  // the connection is good afterwards
  CHECK(db.query<std::int64_t>("SELECT 4") == std::vector<std::int64_t>{4});
}

TEST_CASE("a connection killed while it streams is a ConnectionError, and the Database goes on", "[fault]") {
  quarry::Database db{url(), {.pool = {.max = 1}}}, admin{url()};
  const std::string marker = "fault_terminate_marker";
  std::string sql = postgres() ? "SELECT '" + marker + "' FROM pg_sleep(20)"
                               : "SELECT REPEAT('x', 20000), SLEEP(0.05), '" + marker + "' FROM seq_1_to_400";
  {
    Background killer([&] {
      if (auto id = running(admin, marker, 300)) {
        if (postgres()) admin.query<bool>("SELECT pg_terminate_backend(?)", id);
        else admin.execute("KILL CONNECTION " + std::to_string(id));
      }
    });
    try {
      if (postgres()) db.query<std::string>(sql);
      else db.query<std::tuple<std::string, std::int64_t, std::string>>(sql);
      FAIL("not killed");
    } catch (const quarry::ConnectionError& e) {
      // MariaDB: ER_CONNECTION_KILLED, or the client's CR_SERVER_LOST when the socket closed first
      if (!postgres()) CHECK((e.native_code() == 1927 || e.native_code() == 2013));
    }
  }
  CHECK(db.query<std::int64_t>("SELECT 5") == std::vector<std::int64_t>{5});
}

TEST_CASE("two threads that lock rows in opposite order: one gets DeadlockError, the other commits", "[fault]") {
  quarry::Database db{url()};
  db.execute("DROP TABLE IF EXISTS fault_locks");
  db.execute("CREATE TABLE fault_locks (id INT PRIMARY KEY, n INT NOT NULL)");
  db.execute("INSERT INTO fault_locks VALUES (1, 0), (2, 0)");
  std::barrier both(2);
  enum class Outcome { none, committed, deadlock, other };
  Outcome outcome[2] = {Outcome::none, Outcome::none};
  auto worker = [&](int me) {
    int first = me == 0 ? 1 : 2, second = me == 0 ? 2 : 1;
    try {
      db.transaction([&](quarry::Transaction& tx) {
        tx.execute("UPDATE fault_locks SET n = n + 1 WHERE id = ?", first);
        both.arrive_and_wait();
        tx.execute("UPDATE fault_locks SET n = n + 1 WHERE id = ?", second);
      });
      outcome[me] = Outcome::committed;
    } catch (const quarry::DeadlockError&) {
      outcome[me] = Outcome::deadlock;
    } catch (...) {
      outcome[me] = Outcome::other;
    }
  };
  {
    Background a([&] { worker(0); }), b([&] { worker(1); });
  }
  CHECK(((outcome[0] == Outcome::committed && outcome[1] == Outcome::deadlock) ||
         (outcome[0] == Outcome::deadlock && outcome[1] == Outcome::committed)));
  // the winner's two updates, and nothing of the loser's
  CHECK(db.query<std::int64_t>("SELECT SUM(n) FROM fault_locks") == std::vector<std::int64_t>{2});
}

TEST_CASE("TLS on a server that offers it: each sslmode does what it says", "[fault][tls]") {
  auto ca = dir() + "/ca.pem";
  auto tls = [&](const std::string& options) -> bool {
    quarry::Database db{url(options)};
    if (postgres()) return db.query<bool>("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").at(0);
    return !db.query<std::string>("SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS "
                                  "WHERE VARIABLE_NAME = 'SSL_CIPHER'")
                .at(0)
                .empty();
  };
  CHECK_FALSE(tls("sslmode=disable"));
  CHECK(tls("sslmode=require"));
  CHECK(tls("sslmode=verify-ca&sslrootcert=" + ca));
  CHECK(tls("sslmode=verify-full&sslrootcert=" + ca));  // the certificate names 127.0.0.1
  // a certificate authority that did not sign the server's certificate
  auto other = dir() + "/other-ca.pem";
  {
    std::ifstream system_ca("/etc/ssl/certs/ca-certificates.crt");
    std::ofstream out(other);
    out << system_ca.rdbuf();
  }
  for (const char* mode : {"verify-ca", "verify-full"}) {
    INFO(mode);
    CHECK_THROWS_AS(tls(std::string("sslmode=") + mode + "&sslrootcert=" + other), quarry::ConnectionError);
  }
}
