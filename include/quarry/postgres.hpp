#pragma once
/// The PostgreSQL backend: include it to open postgres:// and postgresql:// URLs; link quarry::postgres.
///
///   quarry::Database db{"postgres://app:secret@db.example:5432/shop?sslmode=require"};
///   URL options: connect_timeout=s (10), sslmode, sslrootcert, sslcert, sslkey, application_name,
///   target_session_attrs, options, keepalives, keepalives_idle, tcp_user_timeout; host=/dir for a unix socket

#include "config.hpp"
#include "quarry.hpp"
#ifdef QUARRY_COMPILED
namespace quarry::postgres {
bool register_backend();  // in the quarry::postgres library
}
#else
#include "postgres/backend.hpp"
#endif

namespace quarry::postgres {
/// Registers the backend's URL schemes at static initialization, in every program that includes
/// this header.
inline const bool registered = register_backend();
}  // namespace quarry::postgres
