#pragma once
/// A bound parameter value: what travels beside the SQL text, never inside it.

#include <charconv>  // to_chars
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "../types.hpp"

namespace quarry::sql {

using Null = std::monostate;
/// The last alternative, std::string_view, is text borrowed from a row that outlives the
/// statement (inserts and updates of whole rows); everything else owns its value.
using Value = std::variant<Null, bool, std::int64_t, std::uint64_t, double, std::string, Blob, Timestamp, Date,
                           Decimal, Uuid, std::string_view>;

/// The shortest text that reads back as the same double: how a double travels as text on every
/// path (a bound parameter, an array element, a DEFAULT, a log).
inline std::string double_text(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, ec == std::errc{} ? end : buf);
}

/// Text for logs: strings quoted, blobs by size. Never used to build SQL.
inline std::string describe(const Value& v) {
  struct Visitor {
    std::string operator()(Null) const { return "NULL"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(std::uint64_t u) const { return std::to_string(u); }
    std::string operator()(double d) const { return double_text(d); }
    std::string operator()(const std::string& s) const { return "'" + s + "'"; }
    std::string operator()(std::string_view s) const { return "'" + std::string(s) + "'"; }
    std::string operator()(const Blob& b) const { return "<" + std::to_string(b.size()) + " bytes>"; }
    std::string operator()(Timestamp t) const { return "'" + detail::format_timestamp(t) + "'"; }
    std::string operator()(Date d) const { return "'" + detail::format_date(d) + "'"; }
    std::string operator()(const Decimal& d) const { return d.to_string(); }
    std::string operator()(const Uuid& u) const { return "'" + u.to_string() + "'"; }
  };
  return std::visit(Visitor{}, v);
}

}  // namespace quarry::sql
