#pragma once
/// The backends a program has: each backend header (<quarry/sqlite.hpp>, ...) registers its URL
/// schemes at static initialization, and a Database finds its driver by the URL's scheme.

#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include "../config.hpp"
#include "../error.hpp"
#include "../sql/dialect.hpp"
#include "connection.hpp"
#include "options.hpp"
#include "url.hpp"

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: error messages
#endif

namespace quarry::driver {

/// A backend: its dialect, how to open a connection for a URL, the URL options it takes, and
/// what its database bears.
struct Driver {
  /// Opens a connection; it checks the URL's options against `options` (check_options) first.
  std::unique_ptr<Connection> (*open)(const Url&) = nullptr;
  const sql::Dialect* dialect = nullptr;
  /// Whether the database lives in its one connection (an in-memory SQLite database): the pool
  /// then keeps exactly that one, for good. Null: never.
  bool (*single_connection)(const Url&) = nullptr;
  /// Every URL option the backend takes; any other is a ConfigError.
  std::span<const OptionSpec> options{};
};

/// Called by each backend header (<quarry/sqlite.hpp>, ...) for its schemes.
QUARRY_FUNC bool register_driver(std::string_view scheme, Driver driver);

QUARRY_FUNC Driver find_driver(const Url& url);

#ifdef QUARRY_BODIES
namespace detail {
inline std::map<std::string, Driver, std::less<>>& drivers() {
  static std::map<std::string, Driver, std::less<>> registry;
  return registry;
}
inline std::mutex& drivers_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace detail

QUARRY_FUNC bool register_driver(std::string_view scheme, Driver driver) {
  std::lock_guard lock(detail::drivers_mutex());
  detail::drivers()[std::string(scheme)] = driver;
  return true;
}

QUARRY_FUNC Driver find_driver(const Url& url) {
  std::lock_guard lock(detail::drivers_mutex());
  auto it = detail::drivers().find(url.scheme);
  if (it == detail::drivers().end()) {
    std::string known;
    for (const auto& [scheme, driver] : detail::drivers()) known += (known.empty() ? "" : ", ") + scheme + ":";
    throw ConfigError(fmt::format("quarry: no driver for '{}:' URLs; include the backend's header (such as "
                                  "<quarry/sqlite.hpp>) and link its target (quarry::sqlite); registered here: {}",
                                  url.scheme, known.empty() ? "none" : known));
  }
  return it->second;
}
#endif  // QUARRY_BODIES

}  // namespace quarry::driver
