#pragma once
/// The PostgreSQL backend's implementation: its driver and the registration of its URL schemes.
/// <quarry/postgres.hpp> includes it in header-only builds; with QUARRY_COMPILED it is compiled once,
/// in the quarry::postgres library (see <quarry/config.hpp>), and no other file includes it.

#include "../config.hpp"
#include "../quarry.hpp"
#include "connection.hpp"

namespace quarry::postgres {
QUARRY_FUNC bool register_backend() {
  return driver::register_driver("postgres", driver::Driver{&open, &quarry::dialect::postgres, nullptr, PostgresConnection::options}) &&
         driver::register_driver("postgresql", driver::Driver{&open, &quarry::dialect::postgres, nullptr, PostgresConnection::options});
}
}  // namespace quarry::postgres
