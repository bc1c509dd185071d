#pragma once
/// The SQLite backend: include it to open sqlite: URLs; link quarry::sqlite.
///
///   quarry::Database db{"sqlite:books.db"};        // or sqlite::memory:, sqlite:///abs/path.db
///   URL options: busy_timeout=ms (5000), journal_mode=wal, foreign_keys=off, mode=ro|rw|rwc

#include "quarry.hpp"
#include "sqlite/connection.hpp"

namespace quarry::sqlite {
inline const bool registered = driver::register_driver("sqlite", driver::Driver{&open, &quarry::dialect::sqlite, &single_connection, SqliteConnection::options});
}  // namespace quarry::sqlite
