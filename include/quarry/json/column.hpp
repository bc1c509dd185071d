#pragma once
/// JSON columns: a member of type nlohmann::json (or nlohmann::ordered_json) is a JSON document,
/// JSONB on PostgreSQL, JSON on MySQL and MariaDB, TEXT on SQLite, written as its compact text
/// and parsed again as it is read; a path inside it is compared in where(...):
///
///   struct User { std::int64_t id{}; std::string name; nlohmann::json meta; };
///   db.find_all<User>(where(col<&User::meta>["plan"]["tier"] == "pro"));
///
/// A std::optional<nlohmann::json> member is NULL when empty; a plain one always holds a
/// document, JSON null among them.

#include <string>
#include <string_view>

#include <fmt/core.h>  // fmt::format: error messages
#include <nlohmann/json.hpp>

#include "../error.hpp"
#include "../model/codec.hpp"

namespace quarry::detail {

/// The codec of a nlohmann JSON type J: its compact text; text that is not UTF-8 inside it is a
/// ConversionError before anything is sent, never an exception of nlohmann's.
template <class J>
struct JsonCodec {
  static constexpr TypeKind kind = TypeKind::json;
  static std::string to_db(const J& j) {
    try {
      return j.dump();
    } catch (const nlohmann::json::exception& e) {
      throw ConversionError(fmt::format("quarry: a JSON document cannot be written: {}; no SQL was sent", e.what()));
    }
  }
  static J from_db(std::string_view text) { return J::parse(text); }  // a parse error names the column (ops/hydrate.hpp)
};

}  // namespace quarry::detail

template <>
struct quarry::Codec<nlohmann::json> : quarry::detail::JsonCodec<nlohmann::json> {};
template <>
struct quarry::Codec<nlohmann::ordered_json> : quarry::detail::JsonCodec<nlohmann::ordered_json> {};
