#pragma once
/// Database URLs:
///   sqlite::memory:   sqlite:relative/path.db   sqlite:///absolute/path.db   sqlite:books.db?busy_timeout=2000
///   postgres://user:p%40ss@host:5432/db?sslmode=disable    mysql://user@host/db?charset=utf8mb4
///   postgres://user@/db?host=/run/postgresql               (unix socket directory)
///
/// A network URL's user info ends at the last '@', which must come before the first '/' or '?'
/// after the host: a password may hold ':', '@' and '#' as they are, but '/', '?' and '%' only
/// percent-encoded, and an '@' anywhere after the host is an error. '#' is an ordinary character
/// (there are no fragments). So the password is always the text from the first ':' after "//" to
/// the last '@', and that is what `redacted` hides, also in a URL that does not parse.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "../config.hpp"
#include "../error.hpp"

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: error messages
#endif

namespace quarry::driver {

struct Url {
  std::string scheme;    ///< "sqlite", "postgres", "postgresql", "mysql", "mariadb"
  std::string user;
  std::string password;  ///< percent-decoded
  std::string host;      ///< empty for the default; a path (starting with '/') for a unix socket
  std::optional<std::uint16_t> port;
  std::string database;  ///< database name, or for SQLite the file path or ":memory:"
  std::map<std::string, std::string> options;

  /// The URL as given, with the password hidden: safe for messages and logs.
  std::string redacted;

  std::string option(const std::string& key, std::string fallback = {}) const;

  /// Throws ConfigError naming what is wrong; its message holds `redacted`, never a piece of the
  /// URL that could be the password.
  static Url parse(std::string_view text);

  /// text with its password hidden, as `redacted` holds it (also for a word that may be a URL).
  /// Works on any text, also one that does not parse, and errs on the side of hiding: after "//"
  /// (or after "sqlite:"), the text from the first ':' to the last '@'; without '@', a port that is
  /// not a number; after any other scheme without "//", all of it; the value of an option whose
  /// name speaks of a password, and an option that is not key=value.
  static std::string redact(std::string_view text);

 private:
  static std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  template <class Fail>
  static std::string decode(std::string_view s, Fail& fail) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '%') { out += s[i]; continue; }
      auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
      int hi = i + 2 < s.size() ? hex(s[i + 1]) : -1, lo = i + 2 < s.size() ? hex(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) throw fail("a '%' is not followed by two hex digits");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    return out;
  }
  template <class Fail>
  static void parse_options(std::string_view q, Url& url, Fail& fail) {
    while (!q.empty()) {
      auto amp = q.find('&');
      auto pair = q.substr(0, amp);
      q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
      if (pair.empty()) continue;
      auto eq = pair.find('=');
      // the pair itself is not shown: it could be the tail of a password with an unencoded '?'
      if (eq == std::string_view::npos || eq == 0) throw fail("an option is not key=value (?key=value&key=value)");
      url.options[decode(pair.substr(0, eq), fail)] = decode(pair.substr(eq + 1), fail);
    }
  }
};

#ifdef QUARRY_BODIES
QUARRY_FUNC std::string Url::option(const std::string& key, std::string fallback) const {
  auto it = options.find(key);
  return it == options.end() ? fallback : it->second;
}

QUARRY_FUNC Url Url::parse(std::string_view text) {
  Url url;
  url.redacted = redact(text);
  auto fail = [&](const std::string& why) -> ConfigError {
    return ConfigError(fmt::format("quarry: invalid database URL '{}': {}", url.redacted, why));
  };
  auto colon = text.find(':');
  if (text.empty() || colon == std::string_view::npos || colon == 0)
    throw fail("expected scheme:..., as in sqlite:app.db or postgres://user@host/db");
  url.scheme = lower(text.substr(0, colon));
  for (char c : url.scheme)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
      throw fail("the scheme has a character that no scheme has");
  std::string_view rest = text.substr(colon + 1);

  if (url.scheme == "sqlite") {
    // user:password@ in a file URL is a network URL given the wrong scheme: its password must
    // not become a file name that an error message shows
    if (auto c = rest.find(':'); c != std::string_view::npos && rest.find('@', c) != std::string_view::npos)
      throw fail("a SQLite URL names a file and has no user or password; in a file name write ':' as %3A "
                 "and '@' as %40");
    auto query = rest.find('?');
    if (query != std::string_view::npos) {
      parse_options(rest.substr(query + 1), url, fail);
      rest = rest.substr(0, query);
    }
    if (rest.starts_with("//")) rest.remove_prefix(2);  // sqlite:///abs keeps its leading '/'
    url.database = decode(rest, fail);
    if (url.database.empty()) throw fail("no database file; use sqlite::memory: or sqlite:path/to/file.db");
    return url;
  }

  if (!rest.starts_with("//"))
    throw fail(fmt::format("expected {}://[user[:password]@]host[:port]/database", url.scheme));
  rest.remove_prefix(2);
  auto end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, end);
  std::string_view after = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  if (after.find('@') != std::string_view::npos)
    throw fail("an '@' after the host; percent-encode a password's '/' as %2F and '?' as %3F, and an '@' "
               "in the database name or an option as %40");
  if (auto query = after.find('?'); query != std::string_view::npos) {
    parse_options(after.substr(query + 1), url, fail);
    after = after.substr(0, query);
  }
  if (!after.empty()) url.database = decode(after.substr(1), fail);

  auto at = authority.rfind('@');
  if (at != std::string_view::npos) {
    auto userinfo = authority.substr(0, at);
    auto sep = userinfo.find(':');
    url.user = decode(userinfo.substr(0, sep), fail);
    if (sep != std::string_view::npos) url.password = decode(userinfo.substr(sep + 1), fail);
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority, port;
  if (authority.starts_with('[')) {  // [::1]:5432
    auto close = authority.find(']');
    if (close == std::string_view::npos) throw fail("an IPv6 host misses its ']'");
    host = authority.substr(1, close - 1);
    auto tail = authority.substr(close + 1);
    if (!tail.empty()) {
      if (tail[0] != ':') throw fail("unexpected text after the IPv6 host");
      port = tail.substr(1);
    }
  } else if (auto pc = authority.rfind(':'); pc != std::string_view::npos) {
    host = authority.substr(0, pc);
    port = authority.substr(pc + 1);
  }
  url.host = decode(host, fail);
  if (!port.empty() || authority.ends_with(':')) {
    unsigned value = 0;
    if (port.empty() || port.size() > 5) throw fail("the port must be a number from 1 to 65535");
    for (char c : port) {
      if (c < '0' || c > '9') throw fail("the port must be a number from 1 to 65535");
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) throw fail("the port must be a number from 1 to 65535");
    url.port = static_cast<std::uint16_t>(value);
  }
  if (auto h = url.options.find("host"); h != url.options.end() && url.host.empty()) url.host = h->second;
  if (auto s = url.options.find("socket"); s != url.options.end()) url.host = s->second;
  return url;
}

QUARRY_FUNC std::string Url::redact(std::string_view text) {
  constexpr auto npos = std::string_view::npos;
  auto colon = text.find(':');
  if (colon == npos) return std::string(text);
  std::string out(text.substr(0, colon + 1));
  std::string_view rest = text.substr(colon + 1);
  bool sqlite = lower(text.substr(0, colon)) == "sqlite";
  if (rest.starts_with("//")) {
    out += "//";
    rest.remove_prefix(2);
  } else if (!sqlite) {
    if (!rest.empty()) out += "***";  // postgres:/u:pw@h, mysql:u:pw@h: no telling where a password ends
    return out;
  }
  if (auto at = rest.rfind('@'), pc = rest.find(':'); at != npos && pc < at) {
    out.append(rest.substr(0, pc + 1)).append("***");
    rest.remove_prefix(at);
  } else if (!sqlite) {  // u:pw/db: a "port" that is no number may be a password
    auto authority = rest.substr(0, rest.find_first_of("/?"));
    auto host = at != npos && at < authority.size() ? at + 1 : 0;
    if (pc = authority.find(':', host); pc != npos && authority[host] != '[' &&
                                         authority.find_first_not_of("0123456789", pc + 1) != npos) {
      out.append(rest.substr(0, pc + 1)).append("***");
      rest.remove_prefix(authority.size());
    }
  }
  auto query = rest.find('?');
  out.append(rest.substr(0, query));
  if (query == npos) return out;
  out += '?';
  rest.remove_prefix(query + 1);
  for (bool first = true; ; first = false) {
    auto amp = rest.find('&');
    auto pair = rest.substr(0, amp);
    if (!first) out += '&';
    auto eq = pair.find('=');
    std::string key = lower(pair.substr(0, eq));
    bool secret = key.find("pass") != npos || key.find("pwd") != npos || key.find("secret") != npos ||
                  key.find('%') != npos;  // an encoded name could spell any of those
    if (eq != npos && secret) out.append(pair.substr(0, eq + 1)).append("***");
    else if (eq == npos && !pair.empty()) out += "***";  // not key=value: no telling what it is
    else out.append(pair);
    if (amp == npos) break;
    rest.remove_prefix(amp + 1);
  }
  return out;
}
#endif  // QUARRY_BODIES

}  // namespace quarry::driver
