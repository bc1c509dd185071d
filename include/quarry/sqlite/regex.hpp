#pragma once
/// The matcher behind SQLite's regexp(): whether a pattern is found anywhere in a text, in time
/// proportional to the text's length times the size of the pattern written out (at most
/// `max_steps` parts), and memory bounded by that size alone, whatever the pattern. Patterns
/// come from users (a search box's text sent to `.regexp(p)`), so none may take the process's
/// memory, stack or minutes: the C library's regcomp and regexec did, on patterns of a few
/// dozen bytes ((){9999}: 1.5 GB; \b forty times: 190 MB; 12 000 nested groups: a stack
/// overflow) and on texts ([ab]*a[ab]{2000}c over 1000 bytes: 800 MB). The worst case that
/// remains is time: a pattern of 10 000 parts that all stay alive (.* 2500 times) takes about
/// 20 microseconds a byte of text, and SQLite cannot interrupt one call of the function.
///
/// The pattern is parsed into a small tree, which is written out as a program of byte sets,
/// splits, jumps and assertions (counted repeats as copies) and run as a Thompson automaton:
/// every position of the text carries the set of program steps it may be at, never more than one
/// of each, so there is no backtracking. A boolean search needs no submatch, so the set is all
/// there is.
///
/// The syntax is POSIX extended with what the other dialects read the same way: literals and
/// `\x` for a character x; `.` (any byte); bracket expressions with ranges, [:class:], [.c.] and
/// [=c=], and \d \s \w \D \S \W in them or outside; anchors ^ $, and \b \B \< \> \` \' (word
/// boundaries and text ends); groups, |, and repeats * + ? {n} {n,} {n,m} {,m} {,}, each lazy
/// form read as the greedy one (a boolean match is the same); \n \t \r \f \v and \0 (NUL), in
/// brackets too, where \ escapes as in PCRE (POSIX reads it as itself). A `{` that does not
/// start a repeat is itself, as in PostgreSQL and PCRE; a ) with no ( is an error, as there.
/// Bytes, not characters, as in the C locale: `.` is any byte (NUL too), one byte of a UTF-8
/// character, and case folding is ASCII's, applied after a range is read ((?i)[A-z] holds _,
/// as in PCRE; glibc folds the range's ends first).
/// Refused, with the reason: back-references (\1), a repeat of a repeat (a**, a{2}{3}) or of an
/// anchor, a repeat with nothing before it, {n,m} with m < n, brackets or groups left open,
/// groups nested more than `max_depth` deep (the parser recurses once per group), and patterns
/// of more than `max_steps` parts once the repeats are written out (((a{30}){30}){30}), each
/// character, class, anchor, group or repeat one; the parser stops at the first part past it,
/// so compiling a pattern of any length takes bounded memory too.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "../config.hpp"
#include "../vector.hpp"

namespace quarry::sqlite::detail {

class Regex {
 public:
  static constexpr std::size_t max_steps = 10'000;
  static constexpr int max_depth = 100;

  /// Compiles pattern (icase: ASCII letters match either case); false with why, a message that
  /// starts "invalid regular expression", when it is invalid or over the limits.
  bool compile(std::string_view pattern, bool icase, const char*& why) {
    *this = Regex();  // a Regex may be compiled again
    Parser parser{pattern, icase, *this};
    int root = parser.alternation(0);
    if (root >= 0 && parser.at < pattern.size()) {  // only a ) stops an alternation at depth 0
      parser.fail("invalid regular expression: a ) with no ( before it");
      root = -1;
    }
    if (root < 0) {
      why = parser.why ? parser.why : too_long;  // no reason: a node past the limit was refused
      return false;
    }
    if (size(root) > max_steps) {
      why = too_long;
      return false;
    }
    program_.reserve(size(root) + 1);
    emit(root);
    program_.push_back(Step{Op::match, Assert::begin, 0, 0});
    quarry::detail::Vector<Node>().swap(nodes_);  // the tree is not needed any more
    mark_.assign(program_.size(), 0);
    return true;
  }

  /// Whether the pattern matches anywhere in text (false before a compile that succeeded).
  bool search(std::string_view text) {
    if (program_.empty()) return false;
    const auto* t = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    current_.clear();
    next_generation();  // the marks of position 0
    for (std::size_t pos = 0;; ++pos) {
      // current_: the steps that read a byte, reached at pos; a match may also start here
      if (follow(0, t, n, pos, current_)) return true;
      if (pos == n) return false;
      const unsigned char c = t[pos];
      following_.clear();
      next_generation();  // the marks of position pos + 1
      for (int s : current_) {
        const Step& step = program_[static_cast<std::size_t>(s)];
        if (sets_[static_cast<std::size_t>(step.x)].has(c) && follow(s + 1, t, n, pos + 1, following_))
          return true;
      }
      current_.swap(following_);
    }
  }

 private:
  struct ByteSet {
    std::uint64_t bits[4] = {};
    void add(unsigned c) { bits[c >> 6] |= std::uint64_t{1} << (c & 63); }
    void add(unsigned first, unsigned last) {
      for (unsigned c = first; c <= last; ++c) add(c);
    }
    bool has(unsigned c) const { return (bits[c >> 6] >> (c & 63)) & 1; }
    void invert() {
      for (auto& b : bits) b = ~b;
    }
    void merge(const ByteSet& other) {
      for (int i = 0; i < 4; ++i) bits[i] |= other.bits[i];
    }
    void fold() {  // ASCII letters in either case
      for (unsigned c = 'a'; c <= 'z'; ++c)
        if (has(c) || has(c - 32)) add(c), add(c - 32);
    }
  };
  enum class Assert : unsigned char { begin, end, boundary, not_boundary, word_start, word_end };
  enum class Kind : unsigned char { set, assert_, concat, alternation, repeat };
  struct Node {
    Kind kind = Kind::set;
    Assert assertion = Assert::begin;
    int set = 0;                       // set: the index in sets_
    int min = 0, max = 0;              // repeat: max < 0 for no bound
    quarry::detail::Vector<int> kids;  // concat, alternation: the parts; repeat: the one repeated
    std::size_t steps = 0;             // the work of writing it out: its program steps and its
                                       // nodes (at most max_steps + 1)
  };
  enum class Op : unsigned char { set, split, jump, assert_, match };
  struct Step {
    Op op;
    Assert assertion;
    int x, y;  // set: the set; split: both targets; jump: x
  };

  static bool word(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }
  static bool holds(Assert a, const unsigned char* t, std::size_t n, std::size_t pos) {
    const bool before = pos > 0 && word(t[pos - 1]), after = pos < n && word(t[pos]);
    switch (a) {
      case Assert::begin: return pos == 0;
      case Assert::end: return pos == n;
      case Assert::boundary: return before != after;
      case Assert::not_boundary: return before == after;
      case Assert::word_start: return !before && after;
      case Assert::word_end: return before && !after;
    }
    return false;
  }

  /// Adds the steps reachable from step `from` at pos without reading a byte to `out` (the
  /// ones that read a byte; each once per position); true when the match step is among them.
  bool follow(int from, const unsigned char* t, std::size_t n, std::size_t pos, quarry::detail::Vector<int>& out) {
    stack_.clear();
    stack_.push_back(from);
    while (!stack_.empty()) {
      const int s = stack_.back();
      stack_.pop_back();
      auto& mark = mark_[static_cast<std::size_t>(s)];
      if (mark == generation_) continue;
      mark = generation_;
      const Step& step = program_[static_cast<std::size_t>(s)];
      switch (step.op) {
        case Op::match: return true;
        case Op::set: out.push_back(s); break;
        case Op::jump: stack_.push_back(step.x); break;
        case Op::split:
          stack_.push_back(step.y);
          stack_.push_back(step.x);
          break;
        case Op::assert_:
          if (holds(step.assertion, t, n, pos)) stack_.push_back(s + 1);
          break;
      }
    }
    return false;
  }
  void next_generation() {
    if (++generation_ == 0) {  // wrapped: start the marks over
      for (auto& m : mark_) m = 0;
      generation_ = 1;
    }
  }

  // --- the tree ---
  static constexpr const char* too_long =
      "invalid regular expression: longer than SQLite's matcher takes once its repeats are written out "
      "(10000 parts, each character, class, anchor, group or repeat one; ((a{30}){30}){30} has 27000)";
  /// A node of the tree; none past max_steps + 1 of them, since each is at least one part of
  /// what is written out (the parser stops at the first that is not added).
  int add(Node node) {
    if (nodes_.size() > max_steps) return -1;
    nodes_.push_back(std::move(node));
    return static_cast<int>(nodes_.size() - 1);
  }
  std::size_t size(int node) const { return nodes_[static_cast<std::size_t>(node)].steps; }
  static std::size_t capped(std::size_t steps) { return steps > max_steps ? max_steps + 1 : steps; }
  int set_node(const ByteSet& set) {
    sets_.push_back(set);
    Node node;
    node.kind = Kind::set;
    node.set = static_cast<int>(sets_.size() - 1);
    node.steps = 1;
    return add(std::move(node));
  }
  int assert_node(Assert a) {
    Node node;
    node.kind = Kind::assert_;
    node.assertion = a;
    node.steps = 1;
    return add(std::move(node));
  }
  int list_node(Kind kind, quarry::detail::Vector<int> kids) {
    Node node;
    node.kind = kind;
    std::size_t steps = 1;
    for (int k : kids) steps = capped(steps + size(k) + (kind == Kind::alternation ? 2 : 0));
    node.kids = std::move(kids);
    node.steps = steps;
    return add(std::move(node));
  }
  int repeat_node(int kid, int min, int max) {
    Node node;
    node.kind = Kind::repeat;
    node.min = min;
    node.max = max;
    // min copies; then a loop (a split, a copy, a jump) or max - min optional copies (a split each)
    const std::size_t one = size(kid), fixed = static_cast<std::size_t>(min);
    const std::size_t optional = max < 0 ? 0 : static_cast<std::size_t>(max - min);
    node.steps = capped(one * fixed + (max < 0 ? one + 2 : optional * (one + 1)) + 1);
    node.kids.push_back(kid);
    return add(std::move(node));
  }

  // --- writing the program ---
  int here() const { return static_cast<int>(program_.size()); }
  void emit(int index) {
    const Node& node = nodes_[static_cast<std::size_t>(index)];
    switch (node.kind) {
      case Kind::set: program_.push_back(Step{Op::set, Assert::begin, node.set, 0}); break;
      case Kind::assert_: program_.push_back(Step{Op::assert_, node.assertion, 0, 0}); break;
      case Kind::concat:
        for (int k : node.kids) emit(k);
        break;
      case Kind::alternation: {
        quarry::detail::Vector<int> jumps;
        for (std::size_t i = 0; i < node.kids.size(); ++i) {
          if (i + 1 == node.kids.size()) {
            emit(node.kids[i]);
            break;
          }
          const int split = here();
          program_.push_back(Step{Op::split, Assert::begin, split + 1, 0});
          emit(node.kids[i]);
          jumps.push_back(here());
          program_.push_back(Step{Op::jump, Assert::begin, 0, 0});
          program_[static_cast<std::size_t>(split)].y = here();
        }
        for (int j : jumps) program_[static_cast<std::size_t>(j)].x = here();
        break;
      }
      case Kind::repeat: {
        const int kid = node.kids[0];
        for (int i = 0; i < node.min; ++i) emit(kid);
        if (node.max < 0) {  // then any number more: a loop
          const int split = here();
          program_.push_back(Step{Op::split, Assert::begin, split + 1, 0});
          emit(kid);
          program_.push_back(Step{Op::jump, Assert::begin, split, 0});
          program_[static_cast<std::size_t>(split)].y = here();
          break;
        }
        quarry::detail::Vector<int> splits;  // up to max - min more, each one skipping the rest
        for (int i = node.min; i < node.max; ++i) {
          splits.push_back(here());
          program_.push_back(Step{Op::split, Assert::begin, here() + 1, 0});
          emit(kid);
        }
        for (int s : splits) program_[static_cast<std::size_t>(s)].y = here();
        break;
      }
    }
  }

  // --- the parser ---
  struct Parser {
    std::string_view in;
    bool icase;
    Regex& re;
    std::size_t at = 0;
    const char* why = nullptr;

    int fail(const char* reason) {
      if (!why) why = reason;
      return -1;
    }
    bool more() const { return at < in.size(); }
    char peek() const { return in[at]; }

    int alternation(int depth) {
      quarry::detail::Vector<int> branches;
      for (;;) {
        int branch = sequence(depth);
        if (branch < 0) return -1;
        branches.push_back(branch);
        if (!more() || peek() != '|') break;
        ++at;
      }
      return branches.size() == 1 ? branches[0] : re.list_node(Kind::alternation, std::move(branches));
    }
    int sequence(int depth) {
      quarry::detail::Vector<int> items;
      while (more() && peek() != '|' && peek() != ')') {  // a ) at depth 0: compile() says so
        int item = atom(depth);
        if (item < 0) return -1;
        item = repeats(item);
        if (item < 0) return -1;
        items.push_back(item);
      }
      return re.list_node(Kind::concat, std::move(items));
    }
    /// {n}, {n,}, {n,m}, {,m} at `at` (a {): the counts and where it ends, or false when the
    /// brace is no repeat (and so a character).
    bool interval(int& min, int& max, std::size_t& end) const {
      std::size_t j = at + 1;
      auto number = [&](int& out) {
        const std::size_t start = j;
        long value = 0;
        for (; j < in.size() && in[j] >= '0' && in[j] <= '9'; ++j)
          if ((value = value * 10 + (in[j] - '0')) > 100'000) value = 100'000;  // past any limit
        out = static_cast<int>(value);
        return j > start;
      };
      const bool has_min = number(min);
      if (!has_min) min = 0;
      max = min;
      if (j < in.size() && in[j] == ',') {
        ++j;
        if (!number(max)) {
          max = -1;  // {n,}, and {,} as {0,} (as the C library reads it)
        }
      } else if (!has_min) {
        return false;
      }
      if (j >= in.size() || in[j] != '}') return false;
      end = j;
      return true;
    }
    int repeats(int item) {
      bool repeated = false;
      while (more()) {
        const char c = peek();
        int min = 0, max = 0;
        std::size_t end = at;
        if (c == '*') max = -1;
        else if (c == '+') min = 1, max = -1;
        else if (c == '?') max = 1;
        else if (c != '{' || !interval(min, max, end)) break;
        if (repeated) return fail("invalid regular expression: a repeat of a repeat (a** or a{2}{3}) is not supported");
        if (re.nodes_[static_cast<std::size_t>(item)].kind == Kind::assert_)
          return fail("invalid regular expression: an anchor (^, $, \\b...) cannot repeat");
        if (max >= 0 && max < min) return fail("invalid regular expression: a repeat {n,m} with m less than n");
        at = end + 1;
        if (more() && peek() == '?') ++at;  // lazy: the same boolean match as greedy
        item = re.repeat_node(item, min, max);
        repeated = true;
      }
      return item;
    }
    int atom(int depth) {
      const char c = in[at++];
      ByteSet set;
      switch (c) {
        case '(': {
          if (depth + 1 > max_depth) return fail("invalid regular expression: groups nested more than 100 deep");
          int inner = alternation(depth + 1);
          if (inner < 0) return -1;
          if (!more() || peek() != ')') return fail("invalid regular expression: a ( is not closed");
          ++at;
          return inner;
        }
        case '*':
        case '+':
        case '?':
          return fail("invalid regular expression: a repeat (*, + or ?) with nothing before it");
        case '{': {
          int min = 0, max = 0;
          std::size_t end = 0;
          --at;
          const bool repeat = interval(min, max, end);
          ++at;
          if (repeat) return fail("invalid regular expression: a repeat {n,m} with nothing before it");
          return literal('{');
        }
        case '^': return re.assert_node(Assert::begin);
        case '$': return re.assert_node(Assert::end);
        case '.':
          set.invert();
          return re.set_node(set);
        case '[': return bracket();
        case '\\': return escape();
        default: return literal(static_cast<unsigned char>(c));
      }
    }
    int literal(unsigned char c) {
      ByteSet set;
      set.add(c);
      if (icase) set.fold();
      return re.set_node(set);
    }
    /// \d \s \w and their negations into set; false for another letter
    static bool shorthand(char e, ByteSet& set) {
      ByteSet s;
      switch (e | 0x20) {
        case 'd': named_class("digit", s); break;
        case 's': named_class("space", s); break;
        case 'w': named_class("alnum", s), s.add('_'); break;
        default: return false;
      }
      if (e >= 'A' && e <= 'Z') s.invert();
      set.merge(s);
      return true;
    }
    static int control(char e) {  // \n \t \r \f \v \0, or -1
      switch (e) {
        case 'n': return '\n';
        case 't': return '\t';
        case 'r': return '\r';
        case 'f': return '\f';
        case 'v': return '\v';
        case '0': return 0;
        default: return -1;
      }
    }
    int escape() {
      if (!more()) return fail("invalid regular expression: a \\ at the end");
      const char e = in[at++];
      if (e >= '1' && e <= '9')
        return fail("invalid regular expression: back-references (\\1) are not supported on SQLite");
      switch (e) {
        case 'b': return re.assert_node(Assert::boundary);
        case 'B': return re.assert_node(Assert::not_boundary);
        case '<': return re.assert_node(Assert::word_start);
        case '>': return re.assert_node(Assert::word_end);
        case '`': return re.assert_node(Assert::begin);
        case '\'': return re.assert_node(Assert::end);
        default: break;
      }
      ByteSet set;
      if (shorthand(e, set)) return re.set_node(set);
      const int c = control(e);
      return literal(static_cast<unsigned char>(c >= 0 ? c : e));
    }
    /// A POSIX class name ([:alpha:]) into set; false when it is none.
    static bool named_class(std::string_view name, ByteSet& set) {
      ByteSet s;
      if (name == "alpha") s.add('a', 'z'), s.add('A', 'Z');
      else if (name == "digit") s.add('0', '9');
      else if (name == "alnum") s.add('0', '9'), s.add('a', 'z'), s.add('A', 'Z');
      else if (name == "upper") s.add('A', 'Z');
      else if (name == "lower") s.add('a', 'z');
      else if (name == "space") s.add(' '), s.add('\t', '\r');
      else if (name == "blank") s.add(' '), s.add('\t');
      else if (name == "punct") s.add('!', '/'), s.add(':', '@'), s.add('[', '`'), s.add('{', '~');
      else if (name == "print") s.add(' ', '~');
      else if (name == "graph") s.add('!', '~');
      else if (name == "cntrl") s.add(0, 31), s.add(127);
      else if (name == "xdigit") s.add('0', '9'), s.add('a', 'f'), s.add('A', 'F');
      else return false;
      set.merge(s);
      return true;
    }
    static constexpr int added = -1, failed = -2;
    /// One item of a bracket expression, at `at`: the character it is, or `added` when it is a
    /// class it added to set ([:alpha:], \d \s \w \D \S \W, and [=c=], which POSIX lets no range
    /// start or end at), or `failed`. [.c.] is c; \ escapes a character (\] \- \^ \\) or is
    /// \n \t \r \f \v \0.
    int bracket_item(ByteSet& set) {
      const char c = in[at++];
      if (c == '[' && more() && (peek() == ':' || peek() == '.' || peek() == '=')) {
        const char kind = in[at];
        const char close[3] = {kind, ']', '\0'};
        const std::size_t end = in.find(close, at + 1);
        const char* error = nullptr;
        const std::string_view name = in.substr(at + 1, end - at - 1);
        if (end == std::string_view::npos)
          error = "invalid regular expression: a bracket expression ([...]) is not closed";
        else if (kind == ':' && !named_class(name, set))
          error = "invalid regular expression: an unknown class in [[:...:]]";
        else if (kind != ':' && name.size() != 1)
          error = "invalid regular expression: [.x.] and [=x=] take one character on SQLite";
        if (error) {
          fail(error);
          return failed;
        }
        at = end + 2;
        if (kind == ':') return added;
        if (kind == '.') return static_cast<unsigned char>(name[0]);
        set.add(static_cast<unsigned char>(name[0]));
        return added;
      }
      if (c == '\\' && more()) {
        const char e = in[at++];
        if (shorthand(e, set)) return added;
        const int ctl = control(e);
        return ctl >= 0 ? ctl : static_cast<unsigned char>(e);
      }
      return static_cast<unsigned char>(c);
    }
    /// A bracket expression after its [: items (bracket_item), ] first being itself, and ranges
    /// a-z between two characters (- first or last is itself).
    int bracket() {
      ByteSet set;
      bool negate = false;
      if (more() && peek() == '^') negate = true, ++at;
      for (bool first = true;; first = false) {
        if (!more()) return fail("invalid regular expression: a bracket expression ([...]) is not closed");
        if (peek() == ']' && !first) {
          ++at;
          break;
        }
        const int start = bracket_item(set);
        if (start == failed) return -1;
        if (start == added) continue;
        if (at + 1 < in.size() && in[at] == '-' && in[at + 1] != ']') {  // a range: start-end
          ++at;
          ByteSet ignored;
          const int end = bracket_item(ignored);
          if (end == failed) return -1;
          if (end == added) return fail("invalid regular expression: a range's end must be one character");
          if (end < start) return fail("invalid regular expression: a range's end comes before its start (z-a)");
          set.add(static_cast<unsigned>(start), static_cast<unsigned>(end));
          continue;
        }
        set.add(static_cast<unsigned>(start));
      }
      if (icase) set.fold();
      if (negate) set.invert();
      return re.set_node(set);
    }
  };

  quarry::detail::Vector<Node> nodes_;
  quarry::detail::Vector<ByteSet> sets_;
  quarry::detail::Vector<Step> program_;
  // the search's own state, kept between calls (a compiled pattern serves one statement at a time)
  quarry::detail::Vector<unsigned> mark_;  // the generation a step was last reached in
  unsigned generation_ = 0;
  quarry::detail::Vector<int> current_, following_, stack_;
};

}  // namespace quarry::sqlite::detail
