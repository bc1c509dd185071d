// The text validators (model/validators.hpp) read untrusted input: what a web form sends. Each
// is checked against an independent oracle: the C library's inet_pton for IP addresses,
// quarry::Uuid::parse for UUIDs, and the definitions of the simpler ones; none may crash.

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include <quarry/model/validators.hpp>

#include "fuzz.hpp"

namespace {
namespace d = quarry::detail;

bool c_ipv4(const std::string& s) {
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1;
}
bool c_ipv6(const std::string& s) {
  unsigned char buf[16];
  return inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

void addresses(const std::string& s) {
  bool nul = s.find('\0') != std::string::npos;  // the C functions stop at a NUL byte
  if (!nul) {
    FUZZ_CHECK(d::text_is_ipv4(s) == c_ipv4(s));
    if (s.find('%') == std::string::npos) FUZZ_CHECK(d::text_is_ipv6(s) == c_ipv6(s));
  }
  FUZZ_CHECK(d::text_is_ip(s) == (d::text_is_ipv4(s) || d::text_is_ipv6(s)));
}

void texts(const std::string& s) {
  if (d::text_is_uuid(s)) {
    try {
      (void)quarry::Uuid::parse(s);
    } catch (const std::exception&) {
      FUZZ_CHECK(!"is_uuid accepted what Uuid::parse refuses");
    }
  }
  if (d::text_is_int(s)) FUZZ_CHECK(d::text_is_numeric(s));
  if (d::text_is_lowercase(s) && d::text_is_uppercase(s))
    FUZZ_CHECK(std::none_of(s.begin(), s.end(), d::ascii_alpha));  // a letter has one case
  if (d::text_is_alpha(s)) FUZZ_CHECK(d::text_is_alphanumeric(s));
  if (d::text_is_alphanumeric(s)) FUZZ_CHECK(d::text_not_empty(s));
  if (d::text_is_email(s)) {
    auto at = s.rfind('@');
    FUZZ_CHECK(at != std::string::npos && at > 0 && s.size() <= 254);
    FUZZ_CHECK(d::text_is_domain(std::string_view(s).substr(at + 1)));
    FUZZ_CHECK(std::none_of(s.begin(), s.end(), [](char c) { return d::ascii_space(c) || c == '\0'; }));
  }
  if (d::text_is_url(s)) FUZZ_CHECK(std::none_of(s.begin(), s.end(), [](char c) { return d::ascii_space(c); }));
  if (d::text_is_date(s)) FUZZ_CHECK(d::moment_of(s).has_value());
  FUZZ_CHECK(d::code_points(s) <= s.size());
}

void bounds(fuzz::Bytes& in) {
  auto v = static_cast<std::int64_t>(in.u64()), b = static_cast<std::int64_t>(in.u64());
  FUZZ_CHECK(!quarry::detail::failure_of(quarry::min(b), v) == (v >= b));
  FUZZ_CHECK(!quarry::detail::failure_of(quarry::max(b), v) == (v <= b));
  auto u = in.u64();
  FUZZ_CHECK(!quarry::detail::failure_of(quarry::max(b), u) == (b >= 0 && u <= static_cast<std::uint64_t>(b)));
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size);
  fuzz::Bytes in(data, size);
  fuzz::story = "text: " + s;
  addresses(s);
  texts(s);
  bounds(in);
  return 0;
}
