#pragma once
/// How a driver reports a failure. The driver classifies what its client library said (a
/// NativeError); throw_native builds the exception and its message, the same way for every
/// backend. A failed connect is described by throw_connect_failed, which never sees a password.
///
///   driver::NativeError e;
///   e.kind = driver::ErrorKind::unique, e.message = msg, e.code = 1062;
///   driver::throw_native(std::move(e), "mysql", sql);   // UniqueConstraintError

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/core.h>  // fmt::format: the messages

#include "../error.hpp"
#include "url.hpp"

namespace quarry::driver {

/// What went wrong, as far as quarry's exceptions tell it apart.
enum class ErrorKind : std::uint8_t {
  unique,       ///< UniqueConstraintError
  foreign_key,  ///< ForeignKeyConstraintError
  not_null,     ///< NotNullConstraintError
  check,        ///< CheckConstraintError
  constraint,   ///< ConstraintError: another constraint
  deadlock,     ///< DeadlockError: a deadlock or serialization victim
  timeout,      ///< TimeoutError: a lock wait, busy wait or statement timeout ran out
  connection,   ///< ConnectionError: the connection is lost or unusable
  other,        ///< DatabaseError
};

/// A failure as the client library told it, classified by the driver.
struct NativeError {
  ErrorKind kind = ErrorKind::other;
  std::string message;   ///< the server's (or client library's) own words
  std::string sqlstate;  ///< empty where the backend has none
  long code = 0;         ///< the native code; 0 where there is none
  std::string constraint;
  std::vector<std::string> columns;
};

/// Throws the exception for e, about the statement sql, with the message
/// "quarry: <message> (<dialect> <code, else SQLSTATE, else 'connection'>)".
[[noreturn, gnu::cold]] inline void throw_native(NativeError e, std::string_view dialect, const std::string& sql) {
  std::string label = e.code != 0 ? std::to_string(e.code) : !e.sqlstate.empty() ? e.sqlstate : "connection";
  std::string what = fmt::format("quarry: {} ({} {})", e.message, dialect, label);
  ErrorInfo info{sql, std::string(dialect), e.code, std::move(e.sqlstate), std::move(e.message)};
  switch (e.kind) {
    case ErrorKind::unique:
      throw UniqueConstraintError(what, std::move(info), std::move(e.columns), std::move(e.constraint));
    case ErrorKind::foreign_key:
      throw ForeignKeyConstraintError(what, std::move(info), std::move(e.columns), std::move(e.constraint));
    case ErrorKind::not_null:
      throw NotNullConstraintError(what, std::move(info), std::move(e.columns), std::move(e.constraint));
    case ErrorKind::check:
      throw CheckConstraintError(what, std::move(info), std::move(e.columns), std::move(e.constraint));
    case ErrorKind::constraint:
      throw ConstraintError(what, std::move(info), std::move(e.columns), std::move(e.constraint));
    case ErrorKind::deadlock: throw DeadlockError(what, std::move(info));
    case ErrorKind::timeout: throw TimeoutError(what, std::move(info));
    case ErrorKind::connection: throw ConnectionError(what, std::move(info));
    case ErrorKind::other: break;
  }
  throw DatabaseError(what, std::move(info));
}

/// Why a connect failed, as far as the client library's answer tells.
enum class ConnectReason : std::uint8_t {
  authentication,    ///< wrong user or password
  unknown_database,  ///< the server has no such database
  unreachable,       ///< nothing answered at that address
  tls,               ///< TLS was required and failed, or the server offers none
  cannot_open,       ///< a database file that cannot be opened (or created)
  refused,           ///< anything else the server refused
};

/// Throws ConnectionError for a failed connect: "quarry: cannot connect to <backend> at <where>
/// as <user>: <reason>: <what the client library said>". The URL's password is never read here.
[[noreturn, gnu::cold]] inline void throw_connect_failed(std::string_view backend, std::string_view dialect,
                                                         const Url& url, ConnectReason reason,
                                                         const NativeError& native) {
  std::string where, why;
  if (url.scheme == "sqlite") where = fmt::format("'{}'", url.database);
  else if (url.host.starts_with('/')) where = url.host;  // a unix socket
  else if (url.port) where = fmt::format("{}:{}", url.host.empty() ? "localhost" : url.host, *url.port);
  else where = url.host.empty() ? "localhost" : url.host;
  switch (reason) {
    case ConnectReason::authentication: why = "authentication failed (wrong user or password)"; break;
    case ConnectReason::unknown_database: why = fmt::format("unknown database '{}'", url.database); break;
    case ConnectReason::unreachable: why = "server unreachable"; break;
    case ConnectReason::tls: why = fmt::format("TLS failed (sslmode={})", url.option("sslmode")); break;
    case ConnectReason::cannot_open: why = "the database file cannot be opened"; break;
    case ConnectReason::refused: why = "connection refused by the server"; break;
  }
  std::string as;  // a SQLite file is opened by no user
  if (url.scheme != "sqlite") as = fmt::format(" as {}", url.user.empty() ? "the default user" : url.user);
  std::string what =
      fmt::format("quarry: cannot connect to {} at {}{}: {}: {}", backend, where, as, why, native.message);
  throw ConnectionError(what, {{}, std::string(dialect), native.code, native.sqlstate, native.message});
}

}  // namespace quarry::driver
