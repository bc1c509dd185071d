#include <catch2/catch.hpp>

#include <quarry/driver/registry.hpp>
#include <quarry/driver/url.hpp>

using quarry::driver::Url;

namespace {
/// The message of the ConfigError that parsing text throws, or "" when it parses.
std::string parse_error(const std::string& text) {
  try {
    Url::parse(text);
  } catch (const quarry::ConfigError& e) {
    return e.what();
  }
  return {};
}
}  // namespace

TEST_CASE("sqlite URLs", "[url]") {
  CHECK(Url::parse("sqlite::memory:").database == ":memory:");
  CHECK(Url::parse("sqlite::memory:").redacted == "sqlite::memory:");
  CHECK(Url::parse("sqlite:books.db").database == "books.db");
  CHECK(Url::parse("sqlite:data/books.db").database == "data/books.db");
  CHECK(Url::parse("sqlite:///var/lib/app/books.db").database == "/var/lib/app/books.db");
  CHECK(Url::parse("sqlite:///var/lib/app/books.db").redacted == "sqlite:///var/lib/app/books.db");
  CHECK(Url::parse("sqlite:me@home.db").database == "me@home.db");
  CHECK(Url::parse("sqlite:notes#1.db").database == "notes#1.db");
  auto u = Url::parse("SQLite:books.db?busy_timeout=100&journal_mode=wal");
  CHECK(u.scheme == "sqlite");
  CHECK(u.option("busy_timeout") == "100");
  CHECK(u.option("journal_mode") == "wal");
  CHECK(u.option("missing", "x") == "x");
  CHECK(u.redacted == "SQLite:books.db?busy_timeout=100&journal_mode=wal");
}

TEST_CASE("network URLs", "[url]") {
  auto u = Url::parse("postgres://app:p%40ss%3Aw0rd@db.example:6543/shop%20db?sslmode=disable&connect_timeout=3");
  CHECK(u.scheme == "postgres");
  CHECK(u.user == "app");
  CHECK(u.password == "p@ss:w0rd");
  CHECK(u.host == "db.example");
  CHECK(u.port == 6543);
  CHECK(u.database == "shop db");
  CHECK(u.option("sslmode") == "disable");
  CHECK(u.redacted == "postgres://app:***@db.example:6543/shop%20db?sslmode=disable&connect_timeout=3");

  auto v = Url::parse("mysql://root@[::1]:3307/test");
  CHECK(v.host == "::1");
  CHECK(v.port == 3307);
  CHECK(v.redacted == "mysql://root@[::1]:3307/test");
  CHECK(Url::parse("mysql://root:pw@[::1]:3307/test").redacted == "mysql://root:***@[::1]:3307/test");
  auto w = Url::parse("postgresql://me@/db?host=/run/postgresql");
  CHECK(w.host == "/run/postgresql");
  CHECK_FALSE(w.port);
  CHECK(w.redacted == "postgresql://me@/db?host=/run/postgresql");
  CHECK(Url::parse("mariadb://u@h/db?socket=/tmp/my.sock").host == "/tmp/my.sock");
  CHECK(Url::parse("postgres://h:5432/db").redacted == "postgres://h:5432/db");
}

TEST_CASE("bad URLs say what is wrong", "[url]") {
  CHECK_THROWS_AS(Url::parse(""), quarry::ConfigError);
  CHECK_THROWS_WITH(Url::parse("books.db"), Catch::Contains("expected scheme"));
  CHECK_THROWS_WITH(Url::parse("sqlite:"), Catch::Contains("no database file"));
  CHECK_THROWS_WITH(Url::parse("postgres://u:secret@h:99999/db"),
                    Catch::Contains("port") && !Catch::Contains("secret"));
  CHECK_THROWS_WITH(Url::parse("postgres://u:secret@h:54x2/db"), Catch::Contains("port"));
  CHECK_THROWS_WITH(Url::parse("postgres://u@h/db%zz"), Catch::Contains("hex"));
  CHECK_THROWS_WITH(Url::parse("postgres://u@h/db?novalue"), Catch::Contains("key=value"));
  CHECK_THROWS_WITH(Url::parse("postgres:/h/db"), Catch::Contains("postgres://"));
  CHECK_THROWS_WITH(Url::parse("po stgres://h/db"), Catch::Contains("scheme"));
}

// Characters a password may hold as they are: ':', '@' and '#' ('#' starts no fragment; quarry's
// URLs have none). The user info ends at the last '@' before the host.
TEST_CASE("a password with unencoded ':', '@' or '#' parses and is hidden", "[url]") {
  auto a = Url::parse("postgres://u:p@ss@h/db");
  CHECK(a.user == "u");
  CHECK(a.password == "p@ss");
  CHECK(a.host == "h");
  CHECK(a.redacted == "postgres://u:***@h/db");
  auto b = Url::parse("mysql://u:pa#ss@h:3306/db");
  CHECK(b.password == "pa#ss");
  CHECK(b.host == "h");
  CHECK(b.port == 3306);
  CHECK(b.redacted == "mysql://u:***@h:3306/db");
  auto c = Url::parse("postgres://u:a:b:c@h/db");
  CHECK(c.password == "a:b:c");
  CHECK(c.redacted == "postgres://u:***@h/db");
  auto d = Url::parse("postgres://u:@h/db");
  CHECK(d.password.empty());
  CHECK(d.redacted == "postgres://u:***@h/db");
  // a user name with an '@' (as cloud services hand out) before a password that has one too
  auto e = Url::parse("postgres://app@server:p@ss#1@server.example/db");
  CHECK(e.user == "app@server");
  CHECK(e.password == "p@ss#1");
  CHECK(e.host == "server.example");
  CHECK(e.redacted == "postgres://app@server:***@server.example/db");
}

TEST_CASE("no malformed URL shows its password", "[url]") {
  struct Case {
    const char* url;
    const char* password;
    const char* says;
  };
  const Case cases[] = {
      {"postgres://u:pa/ss@h/db", "pa/ss", "%2F"},            // '/' ends the host part: an '@' after it
      {"postgres://u:pa?ss@h/db", "pa?ss", "%3F"},            // '?' starts the options
      {"postgres://u:1234?x=sEcr@h/db", "sEcr", "%3F"},       // would parse, with the password as an option
      {"postgres://u:pw/x?y@h/db", "pw/x?y", "%2F"},
      {"postgres:/user:sEcr@host/db", "sEcr", "postgres://"},  // one slash
      {"mysql:user:sEcr@host", "sEcr", "mysql://"},            // none
      {"user:sEcr@host/db", "sEcr", "user://"},                // no scheme: "user" taken for one
      {"po stgres://u:sEcr@h/db", "sEcr", "scheme"},
      {"postgres://u:sEcr@h:99999/db", "sEcr", "port"},
      {"postgres://u:sEcr@h:x/db", "sEcr", "port"},
      {"postgres://user:sEcr/db", "sEcr", "port"},             // no '@': the "port" may be a password
      {"postgres://user:sEcr", "sEcr", "port"},
      {"postgres://u:sE%zzcr@h/db", "sE%zzcr", "hex"},         // a bad escape in the password
      {"postgres://u:sEcr%4@h/db", "sEcr", "hex"},
      {"postgres://u:sEcr@[::1/db", "sEcr", "']'"},            // IPv6 host errors
      {"postgres://u:sEcr@[::1]x/db", "sEcr", "IPv6"},
      {"postgres://u:sEcr@h/db?sEcrvalue", "sEcrvalue", "key=value"},  // the pair is not echoed
      {"postgres://u:sEcr@h/db?a=1&password", "sEcr", "key=value"},
      {"postgres://u@h/db?k%zz=sEcr", "sEcr", "hex"},
      {"sqlite://u:sEcr@h/db", "sEcr", "SQLite"},              // a password in a file URL
      {"sqlite:u:sEcr@h", "sEcr", "SQLite"},
      {"sqlite:db?mode=x:sEcr@h", "sEcr", "SQLite"},
      {"mysql://u:sEcr@h/db?application_name=a@b", "sEcr", "%40"},
  };
  for (const auto& c : cases) {
    INFO(c.url);
    std::string message = parse_error(c.url);
    CHECK_THAT(message, Catch::StartsWith("quarry: invalid database URL"));
    CHECK_THAT(message, !Catch::Contains(c.password) && Catch::Contains(c.says));
  }
}

TEST_CASE("redacted hides option values that name a password", "[url]") {
  CHECK(Url::parse("postgres://u@h/db?password=hunter2&sslmode=disable").redacted ==
        "postgres://u@h/db?password=***&sslmode=disable");
  CHECK(Url::parse("mysql://u@h/db?a=1&sslPassword=hunter2").redacted == "mysql://u@h/db?a=1&sslPassword=***");
  CHECK_THAT(parse_error("postgres://u@h/db?password=hunter2&bad"), !Catch::Contains("hunter2"));
}

TEST_CASE("a scheme without a driver is named without the password", "[url]") {
  auto url = Url::parse("postgre://u:sEcr@h/db");
  CHECK(url.redacted == "postgre://u:***@h/db");
  std::string message;
  try {
    quarry::driver::find_driver(url);
  } catch (const quarry::ConfigError& e) {
    message = e.what();
  }
  CHECK_THAT(message, Catch::Contains("no driver for 'postgre:'") && !Catch::Contains("sEcr"));
}
