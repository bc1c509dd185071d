// Connecting: what a wrong password, an unreachable server and an unknown database say.
#include "fixture.hpp"

#include <chrono>

namespace {
/// The suite's URL with one part replaced.
std::string with(const std::string& part, const std::string& value) {
  quarry::driver::Url u = quarry::driver::Url::parse(test::url());
  std::string auth = u.user + (part == "password" ? ":" + value : (u.password.empty() ? "" : ":" + u.password));
  std::string port = part == "port" ? value : std::to_string(u.port.value_or(0));
  std::string db = part == "database" ? value : u.database;
  return u.scheme + "://" + auth + "@" + u.host + ":" + port + "/" + db + "?connect_timeout=3";
}

template <class F>
std::string connect_error(F&& open) {
  auto start = std::chrono::steady_clock::now();
  try {
    open();
  } catch (const quarry::ConnectionError& e) {
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds{5});  // within the connect timeout
    return e.what();
  }
  FAIL("no ConnectionError");
  return {};
}
}  // namespace

TEST_CASE("connection errors say which: password, host or database", "[connect]") {
  if (test::on("sqlite")) return;  // SQLite opens files: see errors.cpp
  auto wrong_password = connect_error([] { quarry::Database db{with("password", "not-the-password")}; });
  CHECK_THAT(wrong_password, Catch::Contains("authentication failed"));
  CHECK_THAT(wrong_password, !Catch::Contains("not-the-password"));

  // a port nothing listens on
  int closed = 1;
  auto unreachable = connect_error([&] { quarry::Database db{with("port", std::to_string(closed))}; });
  CHECK_THAT(unreachable, Catch::Contains("unreachable"));

  auto unknown = connect_error([] { quarry::Database db{with("database", "no_such_db")}; });
  CHECK_THAT(unknown, Catch::Contains("unknown database"));
}

namespace {
/// The suite's URL with one more option.
std::string with_option(const std::string& option) {
  return test::url() + (test::url().find('?') == std::string::npos ? "?" : "&") + option;
}

template <class F>
std::string config_error(F&& open) {
  try {
    open();
  } catch (const quarry::ConfigError& e) {
    return e.what();
  }
  FAIL("no ConfigError");
  return {};
}
}  // namespace

TEST_CASE("an unknown URL option is a ConfigError on every backend, named without its value", "[connect]") {
  auto misspelt = config_error([] { quarry::Database db{with_option("conect_timeout=3")}; });
  CHECK_THAT(misspelt, Catch::Contains("unknown") && Catch::Contains("'conect_timeout'"));
  // a password put where it does not belong is not repeated
  auto secret = config_error([] { quarry::Database db{with_option("password=hunter2")}; });
  CHECK_THAT(secret, Catch::Contains("'password'") && !Catch::Contains("hunter2"));
}

TEST_CASE("every backend declares its URL options and refuses any other before it connects", "[connect]") {
  // nothing listens at these addresses and the directory does not exist: a ConfigError (not a
  // ConnectionError) shows the options were checked first
  for (std::string url : {"sqlite:///nonexistent-dir/x.db", "postgres://app:hunter2@127.0.0.1:1/db",
                          "mysql://app:hunter2@127.0.0.1:1/db", "mariadb://app:hunter2@127.0.0.1:1/db"}) {
    INFO(url);
    auto driver = quarry::driver::find_driver(quarry::driver::Url::parse(url));
    REQUIRE_FALSE(driver.options.empty());
    auto what = config_error([&] { quarry::Database db{url + "?colour=blue"}; });
    CHECK_THAT(what, Catch::Contains("unknown " + std::string(driver.dialect->name) + " URL option 'colour'"));
    CHECK_THAT(what, !Catch::Contains("hunter2") && !Catch::Contains("blue"));
    // the message lists what the backend takes: its spec
    for (const auto& option : driver.options) CHECK_THAT(what, Catch::Contains(std::string(option.name)));
  }
}

TEST_CASE("a malformed option value is a ConfigError on every backend", "[connect]") {
  std::vector<std::string> bad;
  if (test::on("sqlite")) {
    bad = {"busy_timeout=soon", "busy_timeout=-5", "mode=sideways", "journal_mode=wall", "foreign_keys=maybe"};
  } else {
    bad = {"connect_timeout=soon", "connect_timeout=-1", "connect_timeout=1.5", "connect_timeout=",
           "socket_timeout=never", "socket_timeout=-3", "sslmode=sometimes"};
    if (test::on("postgres")) bad.insert(bad.end(), {"keepalives=2", "target_session_attrs=whichever"});
    else bad.insert(bad.end(), {"charset=utf8;drop", "read_timeout=x"});
  }
  for (const auto& option : bad) {
    INFO(option);
    auto name = option.substr(0, option.find('='));
    auto what = config_error([&] { quarry::Database db{with_option(option)}; });
    CHECK_THAT(what, Catch::Contains("option " + name + " must be"));
  }
  // the well-formed values connect
  if (!test::on("sqlite")) {
    quarry::Database db{with_option("connect_timeout=5&socket_timeout=0")};
    CHECK(db.query<std::int64_t>("SELECT 1") == std::vector<std::int64_t>{1});
  }
}

TEST_CASE("TLS modes that require TLS refuse a server without it", "[connect][tls]") {
  if (test::on("sqlite")) return;
  // the suite's servers have no TLS
  std::vector<std::string> modes = {"sslmode=require", "sslmode=verify-ca&sslrootcert=/nonexistent/ca.pem",
                                    "sslmode=verify-full"};
  if (test::on("mysql")) modes.push_back("sslmode=required");
  for (const auto& mode : modes) {
    INFO(mode);
    try {
      quarry::Database db{with_option(mode)};
      FAIL("connected without TLS");
    } catch (const quarry::ConnectionError& e) {
      std::string what = e.what();
      CHECK_THAT(what, Catch::Contains("TLS") || Catch::Contains("SSL"));
      CHECK_THAT(what, !Catch::Contains(quarry::driver::Url::parse(test::url()).password));
    }
  }
}

TEST_CASE("sslmode=disable connects without TLS", "[connect][tls]") {
  if (test::on("sqlite")) return;
  // words are taken in any case, and reach the client library as it spells them
  quarry::Database db{with_option("sslmode=DISABLE")};
  if (test::on("postgres")) {
    CHECK(db.query<bool>("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == std::vector<bool>{false});
  } else {
    CHECK(db.query<std::string>("SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS "
                                "WHERE VARIABLE_NAME = 'SSL_CIPHER'") == std::vector<std::string>{""});
  }
}
