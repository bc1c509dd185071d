#pragma once
/// PostgreSQL's binary format, both ways, in one place: the values of a result read in binary
/// (the driver decodes them), the parameters the driver sends in binary where the server's
/// type for them is one of these, and the arrays of a bulk insert sent in binary (the
/// dialect's array_param encodes them), with the same type OIDs, byte order and epoch. No client header:
/// it is bytes in and bytes out.
///
///   auto n = pg_binary::int64(raw);                          // an int8 column's 8 bytes
///   sql::Value array = pg_binary::array(pg_binary::oid::int8, values);

#include <algorithm>  // any_of, max
#include <bit>        // bit_cast, endian
#include <chrono>
#include <cstdint>
#include <cstring>  // memcpy
#include <optional>
#include <span>
#include <string_view>

#include "../sql/ast.hpp"    // ColumnType
#include "../sql/value.hpp"

namespace quarry::dialect::pg_binary {

/// Type OIDs (pg_type.dat).
namespace oid {
inline constexpr unsigned boolean = 16, bytea = 17, name = 19, int8 = 20, int2 = 21, int4 = 23, text = 25,
                          float4 = 700, float8 = 701, bpchar = 1042, varchar = 1043, date = 1082, timestamp = 1114,
                          timestamptz = 1184, uuid = 2950, json = 114, jsonb = 3802;
}

/// Whether a result column of this type is read in binary: the driver decodes it below.
inline bool decodable(unsigned type) {
  switch (type) {
    case oid::boolean: case oid::bytea: case oid::name: case oid::int8: case oid::int2: case oid::int4:
    case oid::text: case oid::float4: case oid::float8: case oid::bpchar: case oid::varchar: case oid::date:
    case oid::timestamp: case oid::timestamptz: case oid::uuid: case oid::json: case oid::jsonb: return true;
    default: return false;  // numeric and the rest: text
  }
}
/// Whether a value of this type has its text as its binary bytes.
inline bool text_as_is(unsigned type) {
  return type == oid::text || type == oid::varchar || type == oid::bpchar || type == oid::name || type == oid::bytea ||
         type == oid::json;
}

/// Timestamps count microseconds, dates days, from 2000-01-01.
inline constexpr std::chrono::sys_days epoch{std::chrono::year{2000} / 1 / 1};

// Decoding: a value shorter than its type reads as zero.

/// A big-endian integer of the wire.
template <class U>
U big_endian(std::string_view raw) {
  if (raw.size() < sizeof(U)) return 0;
  U v;
  std::memcpy(&v, raw.data(), sizeof(U));
  if constexpr (std::endian::native == std::endian::big) return v;
  else if constexpr (sizeof(U) == 8) return __builtin_bswap64(v);
  else if constexpr (sizeof(U) == 4) return __builtin_bswap32(v);
  else return __builtin_bswap16(v);
}
inline std::int16_t int2(std::string_view raw) { return static_cast<std::int16_t>(big_endian<std::uint16_t>(raw)); }
inline std::int32_t int4(std::string_view raw) { return static_cast<std::int32_t>(big_endian<std::uint32_t>(raw)); }
inline std::int64_t int8(std::string_view raw) { return static_cast<std::int64_t>(big_endian<std::uint64_t>(raw)); }
inline float float4(std::string_view raw) { return std::bit_cast<float>(big_endian<std::uint32_t>(raw)); }
inline double float8(std::string_view raw) { return std::bit_cast<double>(big_endian<std::uint64_t>(raw)); }
inline bool boolean(std::string_view raw) { return !raw.empty() && raw[0] != 0; }
/// timestamp and timestamptz: microseconds since the epoch; nullopt for what quarry does not
/// store (infinity, -infinity, a time outside the years 1 to 9999), with no overflow on the way.
inline std::optional<Timestamp> timestamp(std::string_view raw) {
  using std::chrono::microseconds;
  constexpr auto first = std::chrono::duration_cast<microseconds>(std::chrono::sys_days{std::chrono::year{1} / 1 / 1} - epoch);
  constexpr auto end = std::chrono::duration_cast<microseconds>(std::chrono::sys_days{std::chrono::year{10000} / 1 / 1} - epoch);
  microseconds since{int8(raw)};
  if (since < first || since >= end) return std::nullopt;
  return Timestamp{epoch} + since;
}
/// date: days since the epoch; nullopt for infinity, -infinity and dates outside the years 1 to 9999.
inline std::optional<Date> date(std::string_view raw) {
  using std::chrono::sys_days, std::chrono::year;
  constexpr auto first = (sys_days{year{1} / 1 / 1} - epoch).count();
  constexpr auto last = (sys_days{year{9999} / 12 / 31} - epoch).count();
  auto since = int4(raw);  // checked as a count: year_month_day's year would wrap first
  if (since < first || since > last) return std::nullopt;
  return Date{epoch + std::chrono::days{since}};
}
/// How an unstorable timestamp or date reads in an error: PostgreSQL's infinities by name.
inline std::string_view unstorable(std::string_view raw) {
  bool positive = !raw.empty() && (static_cast<unsigned char>(raw[0]) & 0x80) == 0;
  bool infinite = raw.size() == 8 ? (int8(raw) == INT64_MAX || int8(raw) == INT64_MIN)
                                  : (int4(raw) == INT32_MAX || int4(raw) == INT32_MIN);
  if (infinite) return positive ? "infinity" : "-infinity";
  return "a value outside the years 1 to 9999";
}
inline Uuid uuid(std::string_view raw) {
  Uuid u;
  std::copy_n(raw.data(), std::min<std::size_t>(16, raw.size()), reinterpret_cast<char*>(u.bytes.data()));
  return u;
}

// Encoding: what the server's *_recv functions read.

/// v as a big-endian integer of bytes bytes, written at out.
inline void put_big_endian(void* out, std::uint64_t v, int bytes) {
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  // the low bytes of v, which big-endian order puts last
  std::memcpy(out, reinterpret_cast<const unsigned char*>(&v) + (8 - bytes), static_cast<std::size_t>(bytes));
}
/// A timestamp(tz) on the wire: microseconds from the epoch.
inline std::int64_t micros(Timestamp t) { return (t - Timestamp{epoch}).count(); }
/// A date on the wire: days from the epoch.
inline std::int64_t days(Date d) { return static_cast<std::int64_t>((std::chrono::sys_days{d} - epoch).count()); }

// Arrays: what array_recv reads.

/// The element type OID of a binary array of this column type, or 0 where the array goes as text.
inline unsigned element_oid(const sql::ColumnType& t) {
  switch (t.kind) {
    case TypeKind::boolean: return oid::boolean;
    case TypeKind::int8: case TypeKind::int16: case TypeKind::uint8: return oid::int2;
    case TypeKind::int32: case TypeKind::uint16: return oid::int4;
    case TypeKind::int64: case TypeKind::uint32: return oid::int8;
    case TypeKind::float32: return oid::float4;
    case TypeKind::float64: return oid::float8;
    case TypeKind::text: return t.size > 0 ? oid::varchar : oid::text;
    case TypeKind::blob: return oid::bytea;
    case TypeKind::timestamp: return oid::timestamptz;
    case TypeKind::date: return oid::date;
    case TypeKind::uuid: return oid::uuid;
    default: return 0;  // numeric: text
  }
}

/// values as one binary array of element type element (an element_oid other than 0).
inline Blob array(unsigned element, std::span<const sql::Value> values) {
  Blob out;
  out.reserve(20 + values.size() * 16);
  auto grow = [&](std::size_t n) {  // room for n more bytes, written in place
    if (out.size() + n > out.capacity()) out.reserve(std::max(out.capacity() * 2, out.size() + n));
    out.resize(out.size() + n);
    return out.data() + out.size() - n;
  };
  auto put = [&](std::uint64_t v, int bytes) { put_big_endian(grow(static_cast<std::size_t>(bytes)), v, bytes); };
  auto put_bytes = [&](const void* p, std::size_t n) {
    put(n, 4);
    if (n) std::memcpy(grow(n), p, n);
  };
  bool nulls = std::any_of(values.begin(), values.end(), [](const sql::Value& v) { return v.index() == 0; });
  put(1, 4);  // dimensions
  put(nulls ? 1 : 0, 4);
  put(element, 4);
  put(values.size(), 4);
  put(1, 4);  // lower bound
  for (const auto& v : values) {
    if (v.index() == 0) {
      put(0xFFFFFFFFu, 4);  // -1: NULL
      continue;
    }
    switch (element) {
      case oid::boolean: put(1, 4); put(std::get<bool>(v) ? 1 : 0, 1); break;
      case oid::int2: case oid::int4: case oid::int8: {
        int width = element == oid::int2 ? 2 : element == oid::int4 ? 4 : 8;
        auto n = std::holds_alternative<std::int64_t>(v) ? static_cast<std::uint64_t>(std::get<std::int64_t>(v))
                                                          : std::get<std::uint64_t>(v);
        put(static_cast<std::uint64_t>(width), 4);
        put(n, width);
        break;
      }
      case oid::float4: put(4, 4); put(std::bit_cast<std::uint32_t>(static_cast<float>(std::get<double>(v))), 4); break;
      case oid::float8: put(8, 4); put(std::bit_cast<std::uint64_t>(std::get<double>(v)), 8); break;
      case oid::varchar: case oid::text: {
        std::string_view t = std::holds_alternative<std::string>(v) ? std::string_view(std::get<std::string>(v))
                                                                    : std::get<std::string_view>(v);
        put_bytes(t.data(), t.size());
        break;
      }
      case oid::bytea: { const auto& b = std::get<Blob>(v); put_bytes(b.data(), b.size()); break; }
      case oid::timestamptz:
        put(8, 4);
        put(static_cast<std::uint64_t>(micros(std::get<Timestamp>(v))), 8);
        break;
      case oid::date:
        put(4, 4);
        put(static_cast<std::uint64_t>(days(std::get<Date>(v))), 4);
        break;
      case oid::uuid: put_bytes(std::get<Uuid>(v).bytes.data(), 16); break;
    }
  }
  return out;
}

}  // namespace quarry::dialect::pg_binary
