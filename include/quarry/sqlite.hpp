#pragma once
/// The SQLite backend: include it to open sqlite: URLs; link quarry::sqlite.
///
///   quarry::Database db{"sqlite:books.db"};        // or sqlite::memory:, sqlite:///abs/path.db
///   URL options: busy_timeout=ms (5000), journal_mode=wal, foreign_keys=off, mode=ro|rw|rwc

#include "config.hpp"
#include "quarry.hpp"
#ifdef QUARRY_COMPILED
namespace quarry::sqlite {
bool register_backend();  // in the quarry::sqlite library
}
#else
#include "sqlite/backend.hpp"
#endif

namespace quarry::sqlite {
/// Registers the backend's URL schemes at static initialization, in every program that includes
/// this header.
inline const bool registered = register_backend();
}  // namespace quarry::sqlite
