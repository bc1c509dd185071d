#pragma once
/// The PostgreSQL backend: include it to open postgres:// and postgresql:// URLs; link quarry::postgres.
///
///   quarry::Database db{"postgres://app:secret@db.example:5432/shop?sslmode=require"};
///   URL options: connect_timeout=s (10), sslmode, sslrootcert, sslcert, sslkey, application_name,
///   target_session_attrs, options, keepalives, keepalives_idle, tcp_user_timeout; host=/dir for a unix socket

#include "quarry.hpp"
#include "postgres/connection.hpp"

namespace quarry::postgres {
inline const bool registered = driver::register_driver("postgres", driver::Driver{&open, &quarry::dialect::postgres, nullptr, PostgresConnection::options}) &&
                               driver::register_driver("postgresql", driver::Driver{&open, &quarry::dialect::postgres, nullptr, PostgresConnection::options});
}  // namespace quarry::postgres
