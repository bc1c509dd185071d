// Raw SQL's :name placeholders (sql::translate_named, quarry::Named) on any text: it never crashes
// and throws nothing but QueryError (a ? outside quotes). On SQLite and MySQL each :name becomes
// one ? and nothing else changes (the lengths and the ? counts add up); on PostgreSQL each name
// is one $n, numbered in order of first use. Every name is an identifier that the text holds after
// a ':'. quarry::Named with exactly the names used binds one value per placeholder; without one
// of them it is a QueryError.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <quarry/dialect/mysql.hpp>
#include <quarry/dialect/postgres.hpp>
#include <quarry/dialect/sqlite.hpp>
#include <quarry/query/named.hpp>

#include "fuzz.hpp"

namespace {

bool identifier(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

void check(const quarry::sql::Dialect& d, const std::string& text) {
  fuzz::story = std::string(d.name) + ": " + text;
  std::vector<std::string> names;
  std::string out;
  try {
    out = quarry::sql::translate_named(d, text, names);
  } catch (const quarry::QueryError& e) {
    FUZZ_CHECK(std::string_view(e.what()).starts_with("quarry: "));
    FUZZ_CHECK(text.find('?') != std::string::npos);
    return;
  }
  for (const auto& n : names) {
    FUZZ_CHECK(identifier(n));
    FUZZ_CHECK(text.find(":" + n) != std::string::npos);
  }
  std::size_t questions_in = std::count(text.begin(), text.end(), '?');
  std::size_t questions_out = std::count(out.begin(), out.end(), '?');
  if (d.placeholder == quarry::sql::Placeholder::question) {
    std::size_t named_length = 0;
    for (const auto& n : names) named_length += n.size() + 1;
    FUZZ_CHECK(questions_out == questions_in + names.size());
    FUZZ_CHECK(out.size() + named_length == text.size() + names.size());
  } else {
    FUZZ_CHECK(questions_out == questions_in);
    for (std::size_t i = 0; i < names.size(); ++i)
      for (std::size_t k = 0; k < i; ++k) FUZZ_CHECK(names[k] != names[i]);
    if (!names.empty()) FUZZ_CHECK(out.find("$" + std::to_string(names.size())) != std::string::npos);
  }

  // the values of exactly these names: one per placeholder, in their order
  std::vector<std::string> distinct;
  for (const auto& n : names)
    if (std::find(distinct.begin(), distinct.end(), n) == distinct.end()) distinct.push_back(n);
  if (distinct.size() > 3) return;  // (quarry::Named is a list written by hand)
  std::vector<quarry::NamedValue> values;
  for (std::size_t i = 0; i < distinct.size(); ++i) values.emplace_back(distinct[i], static_cast<std::int64_t>(i));
  auto make = [&](std::size_t count) {
    switch (count) {
      case 0: return quarry::Named{};
      case 1: return quarry::Named{values[0]};
      case 2: return quarry::Named{values[0], values[1]};
      default: return quarry::Named{values[0], values[1], values[2]};
    }
  };
  auto r = make(values.size()).render(d, text);
  FUZZ_CHECK(r.sql == out);
  FUZZ_CHECK(r.params.size() == (d.placeholder == quarry::sql::Placeholder::question ? names.size() : distinct.size()));
  if (!values.empty()) {
    bool refused = false;
    try {
      make(values.size() - 1).render(d, text);
    } catch (const quarry::QueryError&) {
      refused = true;
    }
    FUZZ_CHECK(refused);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  check(quarry::dialect::sqlite, text);
  check(quarry::dialect::postgres, text);
  check(quarry::dialect::mysql, text);
  return 0;
}
