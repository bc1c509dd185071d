#pragma once
/// The MySQL/MariaDB backend's implementation: its driver and the registration of its URL schemes.
/// <quarry/mysql.hpp> includes it in header-only builds; with QUARRY_COMPILED it is compiled once,
/// in the quarry::mysql library (see <quarry/config.hpp>), and no other file includes it.

#include "../config.hpp"
#include "../quarry.hpp"
#include "connection.hpp"

namespace quarry::mysql {
QUARRY_FUNC bool register_backend() {
  return driver::register_driver("mysql", driver::Driver{&open, &quarry::dialect::mysql, nullptr, MysqlConnection::options}) &&
         driver::register_driver("mariadb", driver::Driver{&open, &quarry::dialect::mysql, nullptr, MysqlConnection::options});
}
}  // namespace quarry::mysql
