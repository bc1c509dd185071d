#pragma once
/// Vocabulary types that models use for their members, shared by every layer.
///
///   quarry::Timestamp created = quarry::now();      // UTC, microseconds
///   quarry::Decimal price{"29.99"};                 // exact, never a double
///   quarry::Uuid key = quarry::Uuid::random();

#include <array>
#include <bit>  // std::endian
#include <charconv>  // from_chars
#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstdio>  // snprintf
#include <cstring>  // memcpy
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "error.hpp"  // ConversionError

#ifdef QUARRY_BODIES
#include <algorithm>
#include <fmt/core.h>  // fmt::format: error messages
#endif

// Uuid::random's seed comes from the operating system: getentropy where there is one, else
// std::random_device (<random> is heavy to compile, so it is included only where it is needed).
#if __has_include(<unistd.h>)
#include <unistd.h>  // getentropy, getpid
#if defined(__APPLE__)
#include <sys/random.h>
#endif
#define QUARRY_DETAIL_GETENTROPY 1
#else
#include <random>
#endif

namespace quarry {

/// A UTC point in time at microsecond precision.
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;
/// A calendar date without time zone.
using Date = std::chrono::year_month_day;
/// Binary data; may hold NUL bytes.
using Blob = std::vector<std::byte>;

/// The current time, truncated to what every backend stores (microseconds).
inline Timestamp now() { return std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now()); }

/// An exact decimal number kept as its digits, so no value ever passes through a double.
///
///   quarry::Decimal a{"10.50"}, b{3};   a > b;   a.to_string() == "10.50"
class Decimal {
 public:
  Decimal() = default;
  /// Throws ConversionError when text is not a decimal number.
  explicit Decimal(std::string_view text) { parse(text); }
  template <class I>
    requires(std::is_integral_v<I> && !std::is_same_v<I, bool>)
  Decimal(I value) : Decimal(std::string_view{std::to_string(value)}) {}  // NOLINT: implicit by design

  /// Digits with a '.' before the last scale() of them and a leading '-' when negative.
  std::string to_string() const;
  int scale() const { return scale_; }
  bool is_zero() const { return digits_.find_first_not_of('0') == std::string::npos; }

  /// The same value with exactly `scale` fractional digits, rounding half away from zero.
  Decimal rescaled(int scale) const;

  friend bool operator==(const Decimal& a, const Decimal& b) { return compare(a, b) == 0; }
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) { return compare(a, b) <=> 0; }

 private:
  void parse(std::string_view text);
  void trim_leading() {
    auto whole = digits_.size() - static_cast<std::size_t>(scale_);
    std::size_t zeros = 0;
    while (zeros + 1 < whole && digits_[zeros] == '0') ++zeros;
    digits_.erase(0, zeros);
    if (digits_.size() == static_cast<std::size_t>(scale_)) digits_.insert(digits_.begin(), '0');
  }
  static int compare_magnitude(const Decimal& a, const Decimal& b) {
    int scale = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
    std::string x = a.rescaled(scale).digits_, y = b.rescaled(scale).digits_;
    if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
    return x.compare(y) < 0 ? -1 : (x == y ? 0 : 1);
  }
  static int compare(const Decimal& a, const Decimal& b) {
    bool an = a.negative_ && !a.is_zero(), bn = b.negative_ && !b.is_zero();
    if (an != bn) return an ? -1 : 1;
    int m = compare_magnitude(a, b);
    return an ? -m : m;
  }

  std::string digits_ = "0";
  int scale_ = 0;
  bool negative_ = false;
};

#ifdef QUARRY_BODIES
QUARRY_FUNC std::string Decimal::to_string() const {
  std::string out = negative_ && !is_zero() ? "-" : "";
  auto whole = digits_.size() - static_cast<std::size_t>(scale_);
  out.append(digits_, 0, whole);
  if (scale_ > 0) out.append(1, '.').append(digits_, whole, std::string::npos);
  return out;
}

QUARRY_FUNC Decimal Decimal::rescaled(int scale) const {
  Decimal out = *this;
  if (scale >= scale_) {
    out.digits_.append(static_cast<std::size_t>(scale - scale_), '0');
  } else {
    auto drop = static_cast<std::size_t>(scale_ - scale);
    bool round_up = out.digits_[out.digits_.size() - drop] >= '5';
    out.digits_.resize(out.digits_.size() - drop);
    for (auto i = out.digits_.size(); round_up && i-- > 0;) {
      if (out.digits_[i] == '9') { out.digits_[i] = '0'; } else { ++out.digits_[i]; round_up = false; }
    }
    if (round_up) out.digits_.insert(out.digits_.begin(), '1');
  }
  out.scale_ = scale;
  out.trim_leading();
  return out;
}

QUARRY_FUNC void Decimal::parse(std::string_view text) {
  auto bad = [&] { throw ConversionError(fmt::format("quarry: '{}' is not a decimal number", text)); };
  std::string_view s = text;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) { negative_ = s[0] == '-'; s.remove_prefix(1); }
  int exponent = 0;  // 1.5e-05, as SQLite prints small REALs
  if (auto e = s.find_first_of("eE"); e != std::string_view::npos) {
    auto exp = s.substr(e + 1);
    bool minus = !exp.empty() && exp[0] == '-';
    if (!exp.empty() && (exp[0] == '+' || exp[0] == '-')) exp.remove_prefix(1);
    // one sign, then at most three digits: no overflow to guard against
    if (exp.empty() || exp.size() > 3 || !std::all_of(exp.begin(), exp.end(), [](char c) { return c >= '0' && c <= '9'; }))
      bad();
    std::from_chars(exp.data(), exp.data() + exp.size(), exponent);
    if (exponent > 400) bad();
    if (minus) exponent = -exponent;
    s = s.substr(0, e);
  }
  auto dot = s.find('.');
  std::string_view whole = s.substr(0, dot), frac = dot == s.npos ? std::string_view{} : s.substr(dot + 1);
  if (whole.empty() && frac.empty()) bad();
  for (char c : whole) if (c < '0' || c > '9') bad();
  for (char c : frac) if (c < '0' || c > '9') bad();
  digits_.assign(whole.empty() ? "0" : whole);
  digits_.append(frac);
  scale_ = static_cast<int>(frac.size()) - exponent;
  if (scale_ < 0) {
    digits_.append(static_cast<std::size_t>(-scale_), '0');
    scale_ = 0;
  }
  if (digits_.size() < static_cast<std::size_t>(scale_) + 1)
    digits_.insert(0, static_cast<std::size_t>(scale_) + 1 - digits_.size(), '0');
  trim_leading();
}
#endif  // QUARRY_BODIES

namespace detail {
/// 64 random bits from this thread's xoshiro256** generator (Blackman and Vigna), seeded with 256
/// bits from the operating system on first use and again after a fork.
QUARRY_FUNC std::uint64_t random_u64();
#ifdef QUARRY_BODIES
QUARRY_FUNC std::uint64_t random_u64() {
  struct State {
    std::uint64_t s[4]{};
    long pid = -1;
  };
  thread_local State st;
#ifdef QUARRY_DETAIL_GETENTROPY
  if (long pid = static_cast<long>(::getpid()); pid != st.pid) {
    if (::getentropy(st.s, sizeof st.s) != 0) throw Error("quarry: the operating system gave no random bytes for a UUID");
    st.pid = pid;
  }
#else
  if (st.pid != 0) {
    std::random_device rd;
    for (auto& w : st.s) w = (std::uint64_t{rd()} << 32) ^ rd();
    st.pid = 0;
  }
#endif
  auto rotl = [](std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
  auto& s = st.s;
  std::uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}
#endif  // QUARRY_BODIES
}  // namespace detail

/// A 128-bit UUID, stored as text (36 characters) or the backend's own uuid type.
struct Uuid {
  std::array<std::uint8_t, 16> bytes{};

  /// Parses "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (either case); throws ConversionError.
  static Uuid parse(std::string_view text);
  /// A random (version 4) UUID: 122 random bits from a per-thread generator (xoshiro256**)
  /// whose 256-bit state is seeded from the operating system, and seeded again in a forked child.
  static Uuid random();
  std::string to_string() const;
  friend auto operator<=>(const Uuid&, const Uuid&) = default;

 private:
  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
};

#ifdef QUARRY_BODIES
QUARRY_FUNC Uuid Uuid::parse(std::string_view text) {
  Uuid out;
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '-' && (i == 8 || i == 13 || i == 18 || i == 23)) continue;
    int v = hex(text[i]);
    if (v < 0 || n >= 32) n = 99;
    if (n >= 32) break;
    out.bytes[n / 2] = static_cast<std::uint8_t>(out.bytes[n / 2] | (n % 2 ? v : v << 4));
    ++n;
  }
  if (n != 32 || text.size() != 36) throw ConversionError(fmt::format("quarry: '{}' is not a UUID", text));
  return out;
}

QUARRY_FUNC Uuid Uuid::random() {
  Uuid out;
  for (std::size_t i = 0; i < 16; i += 8) {
    auto r = detail::random_u64();
    for (std::size_t j = 0; j < 8; ++j) out.bytes[i + j] = static_cast<std::uint8_t>(r >> (j * 8));
  }
  out.bytes[6] = static_cast<std::uint8_t>((out.bytes[6] & 0x0f) | 0x40);
  out.bytes[8] = static_cast<std::uint8_t>((out.bytes[8] & 0x3f) | 0x80);
  return out;
}

QUARRY_FUNC std::string Uuid::to_string() const {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 0xf];
  }
  return out;
}
#endif  // QUARRY_BODIES

/// How a member's type is stored; each dialect maps it to a column type.
enum class TypeKind : std::uint8_t {
  boolean, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64,
  text, blob, timestamp, date, decimal, uuid,
  enumeration,  // an enum stored by its enumerators' names (model/enums.hpp)
  json,         // a JSON document: JSONB on PostgreSQL, JSON on MySQL and MariaDB, TEXT on SQLite
};

namespace detail {

/// What happens to referencing rows when the referenced row is deleted or its key changes
/// (quarry::on_delete::cascade); in detail, so that a user's own Action is not hidden inside a
/// Model<T> specialization.
enum class Action : std::uint8_t { none, no_action, restrict, cascade, set_null, set_default };
/// When a foreign key is checked: at each statement (no), or where the dialect has deferrable
/// constraints, at commit unless asked sooner (initially_deferred), or at each statement unless a
/// transaction defers it (initially_immediate).
enum class Deferrable : std::uint8_t { no, initially_immediate, initially_deferred };

inline bool parse_int(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

/// "YYYY-MM-DD" for a storable date (parse_date reads it back as it was).
QUARRY_FUNC std::string format_date(Date d);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string format_date(Date d) {
  char buf[16];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                        static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return std::string(buf, static_cast<std::size_t>(n));
}
#endif  // QUARRY_BODIES

/// Whether d is a day that every backend stores and reads back as it was: a real date (not
/// February 30) of the years 1 to 9999.
constexpr bool storable(Date d) noexcept {
  return d.ok() && d.year() >= std::chrono::year{1} && d.year() <= std::chrono::year{9999};
}

/// The days from 1970-01-01 to a day of the years 1 to 9999 (month 1 to 12, day 1 to 31), in
/// unsigned arithmetic and inline: year_month_day's own conversion is a call (27 instructions).
[[gnu::always_inline]] constexpr std::int64_t days_since_epoch(unsigned year, unsigned month, unsigned day) noexcept {
  unsigned y = year - (month <= 2);  // a year that starts in March
  unsigned era = y / 400, of_era = y % 400;
  unsigned of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  unsigned of_eras = of_era * 365 + of_era / 4 - of_era / 100 + of_year;
  return static_cast<std::int64_t>(era) * 146097 + of_eras - 719468;
}

/// Whether t falls on a storable day, in UTC: what format_timestamp writes and parse_timestamp reads back.
constexpr bool storable(Timestamp t) noexcept {
  using namespace std::chrono;
  constexpr Timestamp first{sys_days{year{1} / 1 / 1}}, end{sys_days{year{9999} / 12 / 31} + days{1}};
  return t >= first && t < end;
}

/// "YYYY-MM-DD" (what format_date writes, also followed by a time): a storable date, else nullopt.
QUARRY_FUNC std::optional<Date> parse_date(std::string_view s);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::optional<Date> parse_date(std::string_view s) {
  int y, m, d;
  auto digits = [](std::string_view part) {
    return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (s.size() < 10 || s[4] != '-' || s[7] != '-' || !digits(s.substr(0, 4)) || !digits(s.substr(5, 2)) ||
      !digits(s.substr(8, 2)) || !parse_int(s.substr(0, 4), y) || !parse_int(s.substr(5, 2), m) ||
      !parse_int(s.substr(8, 2), d))
    return std::nullopt;
  Date out{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)}, std::chrono::day{static_cast<unsigned>(d)}};
  if (!storable(out)) return std::nullopt;
  return out;
}
#endif  // QUARRY_BODIES

/// "YYYY-MM-DD HH:MM:SS.ffffff" in UTC: sorts as text, readable on every backend.
QUARRY_FUNC std::size_t format_timestamp_to(Timestamp t, char (&buf)[40]);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::size_t format_timestamp_to(Timestamp t, char (&buf)[40]) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day date{day};
  int y = static_cast<int>(date.year());
  if (y < 0 || y > 9999) {  // rare: the general path
    hh_mm_ss<microseconds> hms{t - day};
    int n = std::snprintf(buf, sizeof buf, "%s %02d:%02d:%02d.%06lld", format_date(date).c_str(),
                          static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                          static_cast<int>(hms.seconds().count()), static_cast<long long>(hms.subseconds().count()));
    return static_cast<std::size_t>(std::min(n, static_cast<int>(sizeof buf) - 1));
  }
  // digits by hand, two at a time from a table: this runs for every timestamp bound as text
  // (SQLite's), where snprintf would dominate; a short path, so that a loop of inserts keeps the
  // database's own code in the instruction cache
  static constexpr auto pairs = [] {
    std::array<char, 200> p{};
    for (int i = 0; i < 100; ++i) {
      p[2 * i] = static_cast<char>('0' + i / 10);
      p[2 * i + 1] = static_cast<char>('0' + i % 10);
    }
    return p;
  }();
  auto put2 = [&](int at, unsigned v) { std::memcpy(buf + at, &pairs[2 * v], 2); };
  const auto us = static_cast<std::uint64_t>((t - day).count());  // of the day: below 86400e6
  const auto second = static_cast<unsigned>(us / 1'000'000), micro = static_cast<unsigned>(us % 1'000'000);
  put2(0, static_cast<unsigned>(y) / 100);
  put2(2, static_cast<unsigned>(y) % 100);
  buf[4] = '-';
  put2(5, static_cast<unsigned>(date.month()));
  buf[7] = '-';
  put2(8, static_cast<unsigned>(date.day()));
  buf[10] = ' ';
  put2(11, second / 3600);
  buf[13] = ':';
  put2(14, second / 60 % 60);
  buf[16] = ':';
  put2(17, second % 60);
  buf[19] = '.';
  put2(20, micro / 10000);
  put2(22, micro / 100 % 100);
  put2(24, micro % 100);
  return 26;
}
#endif  // QUARRY_BODIES

QUARRY_FUNC std::string format_timestamp(Timestamp t);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string format_timestamp(Timestamp t) {
  char buf[40];
  return std::string(buf, format_timestamp_to(t, buf));
}
#endif  // QUARRY_BODIES

/// Two decimal digits at `at`; bad gets a bit set when either is not a digit.
inline unsigned two_digits(const char* at, unsigned& bad) {
  unsigned hi = static_cast<unsigned>(at[0]) - '0', lo = static_cast<unsigned>(at[1]) - '0';
  bad |= (hi > 9) | (lo > 9);
  return hi * 10 + lo;
}

/// The 8 bytes at p as one little-endian word: one load.
inline std::uint64_t load8(const char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

/// "YYYY-MM-DD HH:MM:SS.ffffff", the form quarry writes, read eight characters at a time: each
/// word XORed with the form ('0' for a digit, the separator itself), after which every digit is
/// its value and every separator 0; then w * 10 + (w >> 8) holds in each byte the two-digit number
/// that starts there (at most 99: no byte carries into the next), so that each field is a byte or
/// two of it (154 instructions a call where fields combined digit by digit took 175, callgrind,
/// bench/ c' on SQLite, one a row). False for anything else (the general parser decides then).
inline bool parse_written_timestamp(const char* p, Timestamp& out) noexcept {
  constexpr std::uint64_t high = 0x8080808080808080, add = 0x7676767676767676;  // a byte above 9 -> high bit
  std::uint64_t a = load8(p) ^ load8("0000-00-"), b = load8(p + 8) ^ load8("00 00:00"),
                c = load8(p + 16) ^ load8(":00.0000");
  unsigned e0 = static_cast<unsigned char>(p[24]) ^ '0', e1 = static_cast<unsigned char>(p[25]) ^ '0';
  constexpr auto separators = [](const char(&form)[9]) {  // 0xFF at each byte that is no digit
    std::uint64_t m = 0;
    for (int i = 0; i < 8; ++i) m |= std::uint64_t(form[i] == '0' ? 0 : 0xFF) << (8 * i);
    return m;
  };
  constexpr std::uint64_t sep_a = separators("0000-00-"), sep_b = separators("00 00:00"), sep_c = separators(":00.0000");
  if ((((a + add) | a | (b + add) | b | (c + add) | c) & high) || (a & sep_a) || (b & sep_b) || (c & sep_c) ||
      e0 > 9 || e1 > 9)
    return false;
  const std::uint64_t pa = a * 10 + (a >> 8), pb = b * 10 + (b >> 8), pc = c * 10 + (c >> 8);
  auto at = [](std::uint64_t w, int i) { return static_cast<unsigned>(w >> (8 * i)) & 0xFF; };
  unsigned y = at(pa, 0) * 100 + at(pa, 2), mo = at(pa, 5), dd = at(pb, 0), h = at(pb, 3), mi = at(pb, 6),
           sec = at(pc, 1), us = (at(pc, 4) * 100 + at(pc, 6)) * 100 + e0 * 10 + e1;
  if (y < 1 || mo - 1 >= 12 || dd - 1 >= 31 || h >= 24 || mi >= 60 || sec >= 60) return false;
  if (dd > 28 && !std::chrono::year_month_day{std::chrono::year{static_cast<int>(y)}, std::chrono::month{mo},
                                              std::chrono::day{dd}}.ok())
    return false;
  out = Timestamp{std::chrono::microseconds{(days_since_epoch(y, mo, dd) * 86400 + (h * 60 + mi) * 60 + sec) *
                                                1'000'000 + us}};
  return true;
}

/// parse_timestamp without the fast path for what quarry writes (the fuzz target compares them).
QUARRY_FUNC std::optional<Timestamp> parse_any_timestamp(std::string_view s);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::optional<Timestamp> parse_any_timestamp(std::string_view s) {
  using namespace std::chrono;
  auto date = parse_date(s);
  if (!date) return std::nullopt;
  auto rest = s.substr(10);
  Timestamp out = sys_days{*date};
  if (rest.empty()) return out;
  // two digits, exactly: from_chars alone would take "-1"
  auto field = [](std::string_view two, int& v, int limit) {
    unsigned bad = 0;
    v = static_cast<int>(two_digits(two.data(), bad));
    return !bad && v < limit;
  };
  int h, m, sec;
  if (rest.size() < 9 || (rest[0] != ' ' && rest[0] != 'T') || rest[3] != ':' || rest[6] != ':' ||
      !field(rest.substr(1, 2), h, 24) || !field(rest.substr(4, 2), m, 60) || !field(rest.substr(7, 2), sec, 60))
    return std::nullopt;
  out += hours{h} + minutes{m} + seconds{sec};
  rest.remove_prefix(9);
  if (!rest.empty() && rest[0] == '.') {
    rest.remove_prefix(1);
    if (rest.empty() || rest[0] < '0' || rest[0] > '9') return std::nullopt;  // a '.' takes a digit
    long long frac = 0;
    int digits = 0;
    while (!rest.empty() && rest[0] >= '0' && rest[0] <= '9') {
      if (digits < 6) { frac = frac * 10 + (rest[0] - '0'); ++digits; }
      rest.remove_prefix(1);
    }
    while (digits++ < 6) frac *= 10;
    out += microseconds{frac};
  }
  if (rest.empty() || rest == "Z") return out;
  if (rest[0] != '+' && rest[0] != '-') return std::nullopt;
  int sign = rest[0] == '-' ? -1 : 1, oh = 0, om = 0;
  rest.remove_prefix(1);
  if (rest.size() < 2 || !field(rest.substr(0, 2), oh, 24)) return std::nullopt;  // +HH, +HHMM or +HH:MM
  rest.remove_prefix(2);
  if (!rest.empty() && rest[0] == ':') rest.remove_prefix(1);
  if (!rest.empty() && (rest.size() != 2 || !field(rest, om, 60))) return std::nullopt;
  out -= sign * (hours{oh} + minutes{om});
  // in UTC, still a day of the years 1 to 9999: what format_timestamp writes and this reads back
  if (!storable(year_month_day{floor<days>(out)})) return std::nullopt;
  return out;
}
#endif  // QUARRY_BODIES

/// Accepts "YYYY-MM-DD[ T]HH:MM:SS[.f{1,9}][Z|+HH[:MM]|-HH[:MM]]"; a time zone offset is applied.
inline std::optional<Timestamp> parse_timestamp(std::string_view s) {
  if (Timestamp t; s.size() == 26 && parse_written_timestamp(s.data(), t)) return t;
  return parse_any_timestamp(s);
}

}  // namespace detail

/// The text of a value, as quarry prints it (<quarry/format.hpp> gives fmt the same):
/// a Timestamp in ISO 8601, UTC, with microseconds ("2026-12-03T09:30:00.000250Z"), a Date as
/// "2026-12-03", a Decimal with its digits ("10.50"), a Uuid in lower case, a Blob in hex after
/// \x ("\x00ff10", as PostgreSQL writes bytea).
QUARRY_FUNC std::string to_string(Timestamp t);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string to_string(Timestamp t) {
  char buf[40];
  std::size_t n = detail::format_timestamp_to(t, buf);
  if (n > 10 && buf[10] == ' ') buf[10] = 'T';
  std::string out(buf, n);
  out += 'Z';
  return out;
}
#endif  // QUARRY_BODIES
inline std::string to_string(Date d) { return detail::format_date(d); }
inline std::string to_string(const Decimal& d) { return d.to_string(); }
inline std::string to_string(const Uuid& u) { return u.to_string(); }
inline std::string to_string(const Blob& b) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + 2 * b.size());
  for (std::byte x : b) {
    auto v = static_cast<unsigned>(x);
    out += digits[v >> 4];
    out += digits[v & 0xf];
  }
  return out;
}

}  // namespace quarry
