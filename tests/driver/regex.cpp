// sqlite/regex.hpp: the matcher behind SQLite's regexp(). Without a database: what it finds,
// what it refuses and why, and that the patterns which took the C library gigabytes, minutes or
// its stack compile and answer. (integration/queries.cpp runs the same syntax on every dialect.)

#include <catch2/catch.hpp>

#include <quarry/sqlite/regex.hpp>

#include <string>

namespace regex_test {

using quarry::sqlite::detail::Regex;

/// 1 found, 0 not found, -1 refused (why then holds the reason)
int found(const std::string& pattern, const std::string& text, bool icase = false) {
  Regex re;
  const char* why = nullptr;
  if (!re.compile(pattern, icase, why)) {
    REQUIRE(why != nullptr);
    CHECK(std::string(why).rfind("invalid regular expression: ", 0) == 0);
    return -1;
  }
  return re.search(text) ? 1 : 0;
}

std::string refusal(const std::string& pattern) {
  Regex re;
  const char* why = nullptr;
  return re.compile(pattern, false, why) ? std::string() : std::string(why);
}

std::string times(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST_CASE("regexp: POSIX extended syntax, found anywhere in the text", "[regexp]") {
  struct Case {
    const char* pattern;
    const char* text;
    int expected;
  };
  const Case cases[] = {
      {"", "", 1}, {"", "x", 1}, {"abc", "xxabcxx", 1}, {"abc", "abx", 0}, {"^a.*z$", "abcz", 1},
      {"^a.*z$", "abcza", 0}, {"a$", "ba", 1}, {"^$", "", 1}, {"^$", "x", 0}, {"a|b|", "zzz", 1},
      {"(a|b)+c", "xbac", 1}, {"(a|b)+c", "xc", 0}, {"colou?r", "color", 1}, {"a{3}", "aa", 0},
      {"a{3}", "aaa", 1}, {"a{2,}", "a", 0}, {"a{2,}", "aaa", 1}, {"^a{1,2}$", "aaa", 0}, {"a{,2}b", "b", 1},
      {"^a{0}$", "", 1}, {"x{a", "x{a", 1}, {"^x{,}$", "xxx", 1}, {"a\\{2}", "a{2}", 1},  // { as itself
      {"o+?k", "notebook", 1}, {"a*?b", "b", 1}, {"a{2}?", "a", 0},                      // lazy is greedy
      {"(a*)*b", "aaab", 1}, {"(a|)+$", "aaa", 1}, {"(^)+a", "a", 1}, {"()", "", 1},
      {"\\bcat\\b", "a cat.", 1}, {"\\bcat\\b", "concat", 0}, {"\\Bcat", "concat", 1}, {"\\<c", "a cat", 1},
      {"t\\>", "cat!", 1}, {"\\`a", "ba", 0}, {"a\\'", "ba", 1},
      {"\\d+\\s\\w", "12 x", 1}, {"\\D", "123", 0}, {"\\S", " \t", 0}, {"\\W", "a_1", 0},
      {"[[:digit:]]{3}", "ab123", 1}, {"[^[:alpha:]]", "abc", 0}, {"[[:upper:]]", "abc", 0},
      {"[\\d]", "5", 1}, {"[\\D]", "5", 0}, {"[a\\]]", "]", 1}, {"[]a]", "]", 1}, {"[^]a]", "]", 0},
      {"[a-]", "-", 1}, {"[\\-+]\\+", "C++", 1}, {"^[\\^E]n", "Engines", 1}, {"[\\]\\(]2", "(2nd", 1},
      {"[a-c]", "b", 1}, {"[a-c]", "d", 0}, {"[[.a.]-[.c.]]", "b", 1}, {"[[=e=]]", "e", 1},
      {"\\.", "a", 0}, {"\\.", ".", 1}, {"a\\nb", "a\nb", 1}, {"a.b", "a\nb", 1}, {"[^x]", "\n", 1},
      {"[[=a=]-z]", "-", 1}, {"[[=a=]-z]", "m", 0},  // an equivalence class starts no range
      {"É", "Émile", 1}, {"^.mile$", "Émile", 0}, {"^..mile$", "Émile", 1},  // bytes, as in the C locale
  };
  for (const auto& c : cases) {
    INFO(c.pattern << " in " << c.text);
    CHECK(found(c.pattern, c.text) == c.expected);
  }
  // NUL bytes are text like any other
  CHECK(found("a\\0b", std::string("a\0b", 3)) == 1);
  CHECK(found("a.b", std::string("a\0b", 3)) == 1);
  // (?i) is the caller's (regexp_function): icase folds ASCII letters only
  CHECK(found("(A|B)+Z", "xxabz", true) == 1);
  CHECK(found("(A|B)+Z", "xxabz") == 0);
  CHECK(found("[[:upper:]]", "abc", true) == 1);
  CHECK(found("[^a]", "A", true) == 0);
  CHECK(found("é", "É", true) == 0);
}

TEST_CASE("regexp: what is refused, and why", "[regexp]") {
  struct Case {
    std::string pattern;
    const char* why;
  };
  const Case cases[] = {
      {"(o)\\1", "back-references"},
      {"o**", "a repeat of a repeat"},
      {"a{2}{3}", "a repeat of a repeat"},
      {"a*??", "a repeat of a repeat"},  // a lazy ? once, then a repeat
      {"^*", "an anchor"},
      {"\\b+", "an anchor"},
      {"*a", "with nothing before it"},
      {"a|+", "with nothing before it"},
      {"{2}a", "with nothing before it"},
      {"a{2,1}", "m less than n"},
      {"(", "a ( is not closed"},
      {"a)", "a ) with no ("},
      {"[a-", "is not closed"},
      {"[[:alpha:", "is not closed"},
      {"[[:nope:]]", "an unknown class"},
      {"[[.ab.]]", "one character"},
      {"[z-a]", "comes before its start"},
      {"[a-\\d]", "one character"},
      {"a\\", "a \\ at the end"},
      {"((o{30}){30}){30}", "10000 parts"},
      {".{10001}", "10000 parts"},
      {times("a", 10'001), "10000 parts"},
      {"(){99999}", "10000 parts"},
      {times("(", 101) + times(")", 101), "nested more than 100 deep"},
      {"([ab]){0}" + times("[ab]", 20'000), "10000 parts"},  // stopped as it parses
      {"(" + times("[ab]", 20'000) + "){0}", "10000 parts"},
      {"[!-[:digit:]]", "one character"},
  };
  for (const auto& c : cases) {
    INFO(c.pattern.substr(0, 40));
    CHECK_THAT(refusal(c.pattern), Catch::Contains(c.why));
  }
  CHECK(refusal(times("(", 100) + "a" + times(")", 100)).empty());
  CHECK(refusal(".{9000}").empty());
  CHECK(refusal(times("a", 9'000)).empty());
}

TEST_CASE("regexp: the patterns that took the C library gigabytes, minutes or its stack", "[regexp]") {
  // regcomp: (){,5151} 2 GB (the fuzzer's), (){9999,} over a minute, ^(){,300} 300 MB, \b forty
  // times 190 MB, 12 000 nested groups or 8000 empty branches a stack overflow; regexec:
  // [ab]*a[ab]{2000}c over 1000 bytes 800 MB. Here each takes a few KB and is linear in the text.
  const std::string text = times("ab", 5'000);
  CHECK(found("(){,4000}", text) == 1);
  CHECK(found("(){4000,}x", text) == 0);
  CHECK(found("^(){,300}a", text) == 1);
  CHECK(found(times("\\b", 1'000) + "ab", text) == 1);
  CHECK(found("(" + times("|", 3'000) + ")b", text) == 1);
  CHECK(found(times("(", 100) + "ba" + times(")", 100), text) == 1);
  CHECK(found("[ab]*a[ab]{2000}c", text) == 0);
  CHECK(found("(a|b)*a(a|b){20}c", text) == 0);
  CHECK(found(times("(x*)*", 100) + "b", text) == 1);
}

}  // namespace regex_test
