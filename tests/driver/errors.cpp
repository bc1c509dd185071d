// driver/errors.hpp: one place builds every backend's exceptions and connect failures.

#include <catch2/catch.hpp>

#include <quarry/driver/errors.hpp>

#include <string>
#include <type_traits>
#include <vector>

using quarry::driver::ErrorKind;
using quarry::driver::NativeError;

namespace {
NativeError native(ErrorKind kind, long code, std::string sqlstate = {}) {
  NativeError e;
  e.kind = kind;
  e.code = code;
  e.sqlstate = std::move(sqlstate);
  e.message = "what the server said";
  e.constraint = "books_price_check";
  e.columns = {"price"};
  return e;
}

template <class E>
void throws_as(ErrorKind kind) {
  INFO(static_cast<int>(kind));
  try {
    quarry::driver::throw_native(native(kind, 0, "23514"), "postgres", "INSERT INTO books VALUES ($1)");
  } catch (const E& e) {
    CHECK(std::string(e.what()) == "quarry: what the server said (postgres 23514)");
    CHECK(e.sql() == "INSERT INTO books VALUES ($1)");
    CHECK(e.dialect() == "postgres");
    CHECK(e.sqlstate() == "23514");
    CHECK(e.native_message() == "what the server said");
    if constexpr (std::is_base_of_v<quarry::ConstraintError, E>) {
      CHECK(e.constraint() == "books_price_check");
      CHECK(e.columns() == std::vector<std::string>{"price"});
    }
    return;
  } catch (const std::exception& e) {
    FAIL("another exception: " << e.what());
  }
  FAIL("nothing thrown");
}
}  // namespace

TEST_CASE("throw_native: each kind becomes its exception, with one message form", "[driver][errors]") {
  throws_as<quarry::UniqueConstraintError>(ErrorKind::unique);
  throws_as<quarry::ForeignKeyConstraintError>(ErrorKind::foreign_key);
  throws_as<quarry::NotNullConstraintError>(ErrorKind::not_null);
  throws_as<quarry::CheckConstraintError>(ErrorKind::check);
  throws_as<quarry::ConstraintError>(ErrorKind::constraint);
  throws_as<quarry::DeadlockError>(ErrorKind::deadlock);
  throws_as<quarry::TimeoutError>(ErrorKind::timeout);
  throws_as<quarry::ConnectionError>(ErrorKind::connection);
  throws_as<quarry::DatabaseError>(ErrorKind::other);
  // the native code where there is one, else the SQLSTATE, else "connection"
  CHECK_THROWS_WITH(quarry::driver::throw_native(native(ErrorKind::unique, 1062, "23000"), "mysql", "x"),
                    "quarry: what the server said (mysql 1062)");
  CHECK_THROWS_WITH(quarry::driver::throw_native(native(ErrorKind::connection, 0), "postgres", "x"),
                    "quarry: what the server said (postgres connection)");
}

TEST_CASE("throw_connect_failed: where, as whom, why, and never the password", "[driver][errors]") {
  auto message = [](const std::string& url, quarry::driver::ConnectReason reason) {
    NativeError e;
    e.message = "the client library's words";
    try {
      quarry::driver::throw_connect_failed("PostgreSQL", "postgres", quarry::driver::Url::parse(url), reason, e);
    } catch (const quarry::ConnectionError& c) {
      CHECK(c.dialect() == "postgres");
      CHECK(c.native_message() == "the client library's words");
      return std::string(c.what());
    }
    FAIL("no ConnectionError");
    return std::string();
  };
  using R = quarry::driver::ConnectReason;
  CHECK(message("postgres://app:s3cr3t@db.example:5433/shop", R::authentication) ==
        "quarry: cannot connect to PostgreSQL at db.example:5433 as app: authentication failed (wrong user or "
        "password): the client library's words");
  CHECK(message("postgres://db.example/shop", R::unknown_database) ==
        "quarry: cannot connect to PostgreSQL at db.example as the default user: unknown database 'shop': the "
        "client library's words");
  CHECK(message("postgres://app:s3cr3t@/shop?host=/run/postgresql", R::unreachable) ==
        "quarry: cannot connect to PostgreSQL at /run/postgresql as app: server unreachable: the client "
        "library's words");
  CHECK(message("postgres://app:s3cr3t@h/shop?sslmode=verify-full", R::tls).find("TLS failed (sslmode=verify-full)") !=
        std::string::npos);
  for (auto reason : {R::authentication, R::unknown_database, R::unreachable, R::tls, R::cannot_open, R::refused})
    CHECK(message("postgres://app:s3cr3t@h:1/shop", reason).find("s3cr3t") == std::string::npos);

  try {
    NativeError e;
    e.message = "unable to open database file";
    e.code = 14;
    quarry::driver::throw_connect_failed("SQLite", "sqlite", quarry::driver::Url::parse("sqlite:///no/such/dir/x.db"),
                                         R::cannot_open, e);
  } catch (const quarry::ConnectionError& c) {
    CHECK(std::string(c.what()) == "quarry: cannot connect to SQLite at '/no/such/dir/x.db': the database file "
                                   "cannot be opened: unable to open database file");
    CHECK(c.native_code() == 14);
  }
}
