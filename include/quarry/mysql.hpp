#pragma once
/// The MySQL/MariaDB backend: include it to open mysql: and mariadb: URLs; link quarry::mysql.
///
///   quarry::Database db{"mysql://app:secret@127.0.0.1:3306/shop"};   // or mariadb://...
///   quarry::Database local{"mariadb://app@/shop?socket=/run/mysqld/mysqld.sock"};
///   URL options: connect_timeout=s (10), read_timeout=s, write_timeout=s, charset=utf8mb4,
///                sslmode=disable|required
/// RETURNING needs MariaDB 10.5 or later.

#include "quarry.hpp"
#include "mysql/connection.hpp"

namespace quarry::mysql {
inline const bool registered = driver::register_driver("mysql", driver::Driver{&open, &quarry::dialect::mysql, nullptr, MysqlConnection::options}) &&
                               driver::register_driver("mariadb", driver::Driver{&open, &quarry::dialect::mysql, nullptr, MysqlConnection::options});
}  // namespace quarry::mysql
