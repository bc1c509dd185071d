// The regexp() function of the SQLite driver (sqlite/connection.hpp, its matcher sqlite/regex.hpp)
// reads untrusted patterns: a search box's text sent to `.regexp(p)`. Whatever the pattern and the
// text (NUL bytes in it, a bracket left open, a backslash at the end), it answers 0, 1 or an
// "invalid regular expression" error, and never crashes, leaks or takes more than the limits'
// memory. Oracle: a pattern of letters, digits and dots only is found exactly where a plain
// search finds it, a dot matching any byte (ignoring ASCII case after a leading (?i)).

#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include "fuzz.hpp"

namespace {

bool plain(std::string_view p) {
  for (unsigned char c : p)
    if (!std::isalnum(c) && c != '.') return false;
  return true;
}

/// Whether p (letters, digits and dots, which match any byte) is found in text.
bool contains(std::string_view text, std::string_view p) {
  for (std::size_t at = 0; at + p.size() <= text.size(); ++at) {
    std::size_t i = 0;
    while (i < p.size() && (p[i] == '.' || p[i] == text[at + i])) ++i;
    if (i == p.size()) return true;
  }
  return false;
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static quarry::Database db{"sqlite::memory:"};
  fuzz::Bytes in(data, size);
  bool icase = in.flag();
  std::string pattern = in.text(64);
  std::string text = in.rest();
  std::string sent = icase ? "(?i)" + pattern : pattern;
  fuzz::story = "pattern: " + sent + "\ntext: " + text;
  std::optional<std::int64_t> found;
  try {
    auto rows = db.query<std::optional<std::int64_t>>("SELECT ? REGEXP ?", text, sent);
    FUZZ_CHECK(rows.size() == 1);
    found = rows[0];
    FUZZ_CHECK(found && (*found == 0 || *found == 1));
  } catch (const quarry::DatabaseError& e) {
    FUZZ_CHECK(std::string_view(e.what()).find("regular expression") != std::string_view::npos);
    FUZZ_CHECK(!plain(pattern));
    return 0;
  }
  if (plain(pattern)) {
    bool expected = icase ? contains(lowered(text), lowered(pattern)) : contains(text, pattern);
    FUZZ_CHECK((*found == 1) == expected);
  }
  return 0;
}
