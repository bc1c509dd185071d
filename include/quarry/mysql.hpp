#pragma once
/// The MySQL/MariaDB backend: include it to open mysql: and mariadb: URLs; link quarry::mysql.
///
///   quarry::Database db{"mysql://app:secret@127.0.0.1:3306/shop"};   // or mariadb://...
///   quarry::Database local{"mariadb://app@/shop?socket=/run/mysqld/mysqld.sock"};
///   URL options: connect_timeout=s (10), read_timeout=s, write_timeout=s, charset=utf8mb4,
///                sslmode=disable|required
/// RETURNING needs MariaDB 10.5 or later.

#include "config.hpp"
#include "quarry.hpp"
#ifdef QUARRY_COMPILED
namespace quarry::mysql {
bool register_backend();  // in the quarry::mysql library
}
#else
#include "mysql/backend.hpp"
#endif

namespace quarry::mysql {
/// Registers the backend's URL schemes at static initialization, in every program that includes
/// this header.
inline const bool registered = register_backend();
}  // namespace quarry::mysql
