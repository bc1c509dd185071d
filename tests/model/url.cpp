#include <catch2/catch.hpp>

#include <quarry/session/url.hpp>

using quarry::Url;

TEST_CASE("sqlite URLs", "[url]") {
  CHECK(Url::parse("sqlite::memory:").database == ":memory:");
  CHECK(Url::parse("sqlite:books.db").database == "books.db");
  CHECK(Url::parse("sqlite:data/books.db").database == "data/books.db");
  CHECK(Url::parse("sqlite:///var/lib/app/books.db").database == "/var/lib/app/books.db");
  auto u = Url::parse("SQLite:books.db?busy_timeout=100&journal_mode=wal");
  CHECK(u.scheme == "sqlite");
  CHECK(u.option("busy_timeout") == "100");
  CHECK(u.option("journal_mode") == "wal");
  CHECK(u.option("missing", "x") == "x");
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
  auto w = Url::parse("postgresql://me@/db?host=/run/postgresql");
  CHECK(w.host == "/run/postgresql");
  CHECK_FALSE(w.port);
  CHECK(Url::parse("mariadb://u@h/db?socket=/tmp/my.sock").host == "/tmp/my.sock");
}

TEST_CASE("bad URLs say what is wrong, without the password", "[url]") {
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

TEST_CASE("a password with an unencoded '/' is still hidden", "[url]") {
  CHECK_THROWS_WITH(Url::parse("postgres://u:pa/ss@h/db"), !Catch::Contains("pa/ss") && Catch::Contains("u:***@h"));
}
