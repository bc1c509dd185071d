#pragma once
/// Database URLs:
///   sqlite::memory:   sqlite:relative/path.db   sqlite:///absolute/path.db   sqlite:books.db?busy_timeout=2000
///   postgres://user:p%40ss@host:5432/db?sslmode=disable    mysql://user@host/db?charset=utf8mb4
///   postgres://user@/db?host=/run/postgresql               (unix socket directory)

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "../error.hpp"

namespace quarry {

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

  std::string option(const std::string& key, std::string fallback = {}) const {
    auto it = options.find(key);
    return it == options.end() ? fallback : it->second;
  }

  /// Throws ConfigError naming what is wrong.
  static Url parse(std::string_view text) {
    Url url;
    url.redacted = redact(text);
    auto fail = [&](const std::string& why) -> ConfigError {
      return ConfigError("quarry: invalid database URL '" + url.redacted + "': " + why);
    };
    auto colon = text.find(':');
    if (text.empty() || colon == std::string_view::npos || colon == 0)
      throw fail("expected scheme:..., as in sqlite:app.db or postgres://user@host/db");
    url.scheme = lower(text.substr(0, colon));
    for (char c : url.scheme)
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
        throw fail("the scheme has a character that no scheme has");
    std::string_view rest = text.substr(colon + 1);

    auto query = rest.find('?');
    if (query != std::string_view::npos) {
      parse_options(rest.substr(query + 1), url, fail);
      rest = rest.substr(0, query);
    }

    if (url.scheme == "sqlite") {
      if (rest.starts_with("//")) rest.remove_prefix(2);  // sqlite:///abs keeps its leading '/'
      url.database = decode(rest, fail);
      if (url.database.empty()) throw fail("no database file; use sqlite::memory: or sqlite:path/to/file.db");
      return url;
    }

    if (!rest.starts_with("//")) throw fail("expected " + url.scheme + "://[user[:password]@]host[:port]/database");
    rest.remove_prefix(2);
    auto slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) url.database = decode(rest.substr(slash + 1), fail);

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
      auto after = authority.substr(close + 1);
      if (!after.empty()) {
        if (after[0] != ':') throw fail("unexpected text after the IPv6 host");
        port = after.substr(1);
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

 private:
  static std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  static std::string redact(std::string_view text) {
    std::string out(text);
    auto scheme_end = out.find("://");
    if (scheme_end == std::string::npos) return out;
    auto end = out.find('?', scheme_end);
    auto at = out.rfind('@', end == std::string::npos ? std::string::npos : end);  // the last '@': a password may hold '/'
    if (at == std::string::npos || at < scheme_end) return out;
    auto colon = out.find(':', scheme_end + 3);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
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
      if (eq == std::string_view::npos || eq == 0) throw fail("option '" + std::string(pair) + "' is not key=value");
      url.options[decode(pair.substr(0, eq), fail)] = decode(pair.substr(eq + 1), fail);
    }
  }
};

}  // namespace quarry
