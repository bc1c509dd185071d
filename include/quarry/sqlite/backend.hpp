#pragma once
/// The SQLite backend's implementation: its driver and the registration of its URL schemes.
/// <quarry/sqlite.hpp> includes it in header-only builds; with QUARRY_COMPILED it is compiled once,
/// in the quarry::sqlite library (see <quarry/config.hpp>), and no other file includes it.

#include "../config.hpp"
#include "../quarry.hpp"
#include "connection.hpp"

namespace quarry::sqlite {
QUARRY_FUNC bool register_backend() {
  return driver::register_driver("sqlite", driver::Driver{&open, &quarry::dialect::sqlite, &single_connection, SqliteConnection::options});
}
}  // namespace quarry::sqlite
