// The regexp() function of the SQLite driver (sqlite/connection.hpp) reads untrusted patterns:
// a search box's text sent to `.regexp(p)`. Whatever the pattern and the text (NUL bytes in it, a
// bracket left open, a backslash at the end), it answers 0, 1 or an "invalid regular expression"
// error, and never crashes or leaks. Oracle: a pattern of letters and digits only is found exactly
// where std::string_view::find finds it (ignoring ASCII case after a leading (?i)).

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
    if (!std::isalnum(c)) return false;
  return true;
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
    bool expected = icase ? lowered(text).find(lowered(pattern)) != std::string::npos
                          : text.find(pattern) != std::string::npos;
    FUZZ_CHECK((*found == 1) == expected);
  }
  return 0;
}
