#pragma once
/// One exception hierarchy for every backend, after Sequelize's:
///
///   try { db.create(book); }
///   catch (const quarry::UniqueConstraintError& e) { e.columns(); e.sql(); e.native_code(); }
///   catch (const quarry::Error& e) { ... }   // every quarry error

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config.hpp"

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: messages (fmt is quarry::core's one dependency)
#endif

namespace quarry {

/// What the server (or client library) said, and about which statement.
struct ErrorInfo {
  std::string sql;             ///< the statement, with placeholders (values never appear here)
  std::string dialect;         ///< "sqlite", "postgres" or "mysql"
  long native_code = 0;        ///< SQLite extended result code, MySQL errno; 0 where the server gives none
  std::string sqlstate;        ///< PostgreSQL/MySQL SQLSTATE; empty for SQLite
  std::string native_message;  ///< the server's own message
};

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what, ErrorInfo info = {});
  const std::string& sql() const noexcept { return info_.sql; }
  const std::string& dialect() const noexcept { return info_.dialect; }
  long native_code() const noexcept { return info_.native_code; }
  const std::string& sqlstate() const noexcept { return info_.sqlstate; }
  const std::string& native_message() const noexcept { return info_.native_message; }
  const ErrorInfo& info() const noexcept { return info_; }

 private:
  ErrorInfo info_;
};

#ifdef QUARRY_BODIES
QUARRY_FUNC Error::Error(const std::string& what, ErrorInfo info) : std::runtime_error(what), info_(std::move(info)) {}
#endif  // QUARRY_BODIES

/// A bad URL, an unknown scheme, an option that makes no sense.
class ConfigError : public Error { using Error::Error; };
/// The server could not be reached, refused the login, or the connection broke.
class ConnectionError : public Error { using Error::Error; };
/// No pooled connection became free within the acquire timeout.
class PoolTimeoutError : public Error { using Error::Error; };
/// A transaction used after commit/rollback, or another misuse of one.
class TransactionError : public Error { using Error::Error; };
/// An update or destroy of a versioned row that someone else changed first.
class OptimisticLockError : public Error { using Error::Error; };

/// A value that cannot become what it should: text that is no decimal, UUID, date or number, a
/// NULL read into a member that is not a std::optional. Thrown by quarry itself (the server said
/// nothing); when it comes from reading a row, sql() is the statement and the message names the
/// column.
class ConversionError : public Error { using Error::Error; };
/// A number that does not fit the member it is read into (130 into an std::int8_t, -1 into an
/// unsigned): never wrapped.
class RangeError : public ConversionError { using ConversionError::ConversionError; };

/// The dialect has no such feature (a row lock SQLite lacks, say).
class UnsupportedError : public Error { using Error::Error; };
/// The database's tables differ from the models in ways sync may not change without asking
/// (SyncOptions::allow_destructive): the message lists each step.
class SchemaError : public Error { using Error::Error; };
/// A migration's (or seeder's) up or down failed (schema/migrate.hpp): name() says which, the
/// message what became of it, and the error it failed with is nested (std::rethrow_if_nested).
class MigrationError : public SchemaError {
 public:
  MigrationError(std::string name, const std::string& what, ErrorInfo info = {})
      : SchemaError(what, std::move(info)), name_(std::move(name)) {}
  const std::string& name() const noexcept { return name_; }

 private:
  std::string name_;
};

/// A query that cannot be written as asked, found before any SQL is sent: a function name for
/// fn<R>(...) that is no identifier, a raw fragment sql<R>(...) whose ? do not match its values.
class QueryError : public Error { using Error::Error; };

/// One field that failed validation and why.
struct FieldError {
  std::string field;      ///< the member ("email"), with the row's index first in bulk_create ("[2].email")
  std::string message;    ///< what is wrong ("is not an email address")
  std::string column{};   ///< the column, where the failure is a field's
  std::string validator{};  ///< which check failed: "is_email", "len", "satisfies", "row_rule"; "" for what the column cannot hold
};

namespace detail {
/// Appends a FieldError to errors: what the validators and value checks call (templates all), so
/// that the vector's growth is compiled once with QUARRY_COMPILED, not in every file.
QUARRY_FUNC void add_error(std::vector<FieldError>& errors, std::string_view field, std::string message,
                           std::string_view column = {}, std::string_view validator = {});
#ifdef QUARRY_BODIES
QUARRY_FUNC void add_error(std::vector<FieldError>& errors, std::string_view field, std::string message,
                           std::string_view column, std::string_view validator) {
  errors.push_back(FieldError{std::string(field), std::move(message), std::string(column), std::string(validator)});
}
#endif  // QUARRY_BODIES
}  // namespace detail

/// Every failing field of a row, found before anything was sent to the database.
class ValidationError : public Error {
 public:
  explicit ValidationError(std::vector<FieldError> errors) : Error(describe(errors)), errors_(std::move(errors)) {}
  const std::vector<FieldError>& errors() const noexcept { return errors_; }

 private:
  static std::string describe(const std::vector<FieldError>& errors);
  std::vector<FieldError> errors_;
};

#ifdef QUARRY_BODIES
QUARRY_FUNC std::string ValidationError::describe(const std::vector<FieldError>& errors) {
  std::string out = "validation failed:";
  for (const auto& e : errors) out += fmt::format(" {}: {};", e.field, e.message);
  out.pop_back();
  return out;
}
#endif  // QUARRY_BODIES

/// The server rejected a statement.
class DatabaseError : public Error { using Error::Error; };
/// A lock or busy wait ran out (SQLite busy, lock wait timeout, statement timeout).
class TimeoutError : public DatabaseError { using DatabaseError::DatabaseError; };
/// Another process held the migration lock longer than MigratorOptions::lock_timeout
/// (schema/migrate.hpp); nothing was changed.
class MigrationLockError : public TimeoutError { using TimeoutError::TimeoutError; };
/// The server chose this transaction as a deadlock or serialization victim; retrying may succeed.
class DeadlockError : public DatabaseError { using DatabaseError::DatabaseError; };

/// A constraint was violated; the columns and constraint name are filled where the server says them.
class ConstraintError : public DatabaseError {
 public:
  ConstraintError(const std::string& what, ErrorInfo info, std::vector<std::string> columns = {},
                  std::string constraint = {})
      : DatabaseError(what, std::move(info)), columns_(std::move(columns)), constraint_(std::move(constraint)) {}
  const std::vector<std::string>& columns() const noexcept { return columns_; }
  const std::string& constraint() const noexcept { return constraint_; }

 private:
  std::vector<std::string> columns_;
  std::string constraint_;
};
class UniqueConstraintError : public ConstraintError { using ConstraintError::ConstraintError; };
class ForeignKeyConstraintError : public ConstraintError { using ConstraintError::ConstraintError; };
class NotNullConstraintError : public ConstraintError { using ConstraintError::ConstraintError; };
class CheckConstraintError : public ConstraintError { using ConstraintError::ConstraintError; };

}  // namespace quarry
