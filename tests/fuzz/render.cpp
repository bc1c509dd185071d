// The renderer on trees built from the input, on all three dialects: no value's text ever reaches
// the SQL (each value is a parameter, and the parameters are exactly the values put in), there
// are as many placeholders as parameters ($1, $2, ... in order on PostgreSQL), and every name
// comes out quoted by the dialect, whatever quote characters it holds.

#include <algorithm>
#include <deque>
#include <iterator>  // size
#include <memory>    // make_shared
#include <set>

#include <quarry/dialect/mysql.hpp>
#include <quarry/dialect/postgres.hpp>
#include <quarry/dialect/sqlite.hpp>
#include <quarry/sql/render.hpp>

#include "fuzz.hpp"

namespace {

using namespace quarry;
using sql::Node;
using K = sql::Node::Kind;

/// Builds statements from the input and remembers every name and value it put in them.
struct Builder {
  fuzz::Bytes& in;
  std::set<std::string> names;
  std::vector<sql::Value> values;  // in no particular order
  std::vector<sql::Value> doubled;  // those of an order key with nulls first/last: twice on MySQL
  std::deque<std::string> borrowed;  // what the string_view values point into
  // the items of each IN list, which a dialect may send as one array
  quarry::detail::Vector<quarry::detail::Vector<Node>> lists;
  int budget = 48;                   // nodes in all

  std::string name() {
    static constexpr std::string_view common[] = {"id", "name", "books", "a\"b", "a`b", "a``b", "x\"\"", "?", "$1",
                                                  "SELECT", "", "\\", "'"};
    std::string n = in.flag() ? std::string(common[in.pick(std::size(common))]) : in.text(10);
    names.insert(n);
    return n;
  }
  std::vector<std::string> name_list(std::size_t max, std::size_t min = 0) {
    std::vector<std::string> out(min + in.pick(max - min + 1));
    for (auto& n : out) n = name();
    return out;
  }
  /// A value of every kind, each with text that cannot occur in SQL the renderer writes.
  sql::Value value() {
    sql::Value v;
    std::uint64_t r = in.u64() % 1'000'000;
    switch (in.pick(12)) {
      case 0: v = sql::Null{}; break;
      case 1: v = in.flag(); break;
      case 2: v = static_cast<std::int64_t>(7'300'000'000'000 + r) * (in.flag() ? -1 : 1); break;
      case 3: v = std::uint64_t{9'300'000'000'000'000'000ULL} + r; break;
      case 4: v = 7'300'000.0 + static_cast<double>(r) / 8; break;
      case 5: v = "qVALq" + in.text(8); break;
      case 6: {
        Blob b;
        for (char c : "qVALq" + in.text(8)) b.push_back(static_cast<std::byte>(c));
        v = std::move(b);
        break;
      }
      case 7: v = Timestamp{std::chrono::sys_days{std::chrono::year{2020} / 1 / 1}} + std::chrono::microseconds{r}; break;
      case 8: v = Date{std::chrono::year{1000 + static_cast<int>(r % 8000)} / 1 / 1}; break;
      case 9: v = Decimal{"7300000." + std::to_string(r)}; break;
      case 10: {
        Uuid u;
        for (auto& b : u.bytes) b = in.byte();
        v = u;
        break;
      }
      default: v = std::string_view(borrowed.emplace_back("qVALq" + in.text(8))); break;
    }
    values.push_back(v);
    return v;
  }
  Node column() { return in.flag() ? Node::column(name()) : Node::column(name(), name()); }

  Node expr(int depth = 0) {
    if (--budget <= 0 || depth > 5) return in.flag() ? column() : Node::param(value());
    switch (in.pick(20)) {
      case 0: return column();
      case 1: return Node::param(value());
      case 2: {
        auto op = static_cast<sql::Op>(in.pick(13));
        auto a = expr(depth + 1);
        return Node::binary(op, std::move(a), expr(depth + 1));
      }
      case 3: return Node::unary(K::not_, expr(depth + 1));
      case 4: return Node::unary(in.flag() ? K::is_null : K::is_not_null, expr(depth + 1));
      case 5: {
        auto before = values.size(), doubled_before = doubled.size(), lists_before = lists.size();
        Node n = Node::unary(in.flag() ? K::in : K::not_in, expr(depth + 1));
        for (std::size_t i = in.pick(5); i > 0; --i) n.args.push_back(expr(depth + 1));
        if (n.args.size() == 1) {  // x IN (): 1 = 0, without x
          values.resize(before);
          doubled.resize(doubled_before);
          lists.resize(lists_before);
        } else {
          lists.emplace_back(n.args.begin() + 1, n.args.end());
        }
        return n;
      }
      case 6: {
        Node n = Node::unary(in.flag() ? K::between : K::not_between, expr(depth + 1));
        n.args.push_back(expr(depth + 1));
        n.args.push_back(expr(depth + 1));
        return n;
      }
      case 7: {
        static constexpr K likes[] = {K::like, K::not_like, K::ilike, K::not_ilike};
        Node n = Node::unary(likes[in.pick(4)], expr(depth + 1));
        n.args.push_back(expr(depth + 1));
        return n;
      }
      case 8: {
        static constexpr std::string_view fns[] = {"COUNT", "SUM", "MIN", "MAX", "AVG"};
        quarry::detail::Vector<Node> args;
        args.push_back(in.flag() ? Node::star() : expr(depth + 1));
        return Node::aggregate(std::string(fns[in.pick(5)]), std::move(args), in.flag());
      }
      case 9: return Node::exists(select(depth + 1));
      case 10: return Node::random();
      case 11: {
        static constexpr K regexps[] = {K::regexp, K::not_regexp, K::iregexp, K::not_iregexp};
        Node n = Node::unary(regexps[in.pick(4)], expr(depth + 1));
        n.args.push_back(expr(depth + 1));
        return n;
      }
      case 12: {  // a function, of the arguments its spelling takes; named ones with the fuzz's own names
        static constexpr int arity[] = {-1, 1, 1, 1, 1, -1, 2, 1, 1, 2, 1, 1, -1, 2, 3, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        auto f = static_cast<sql::Fn>(in.pick(std::size(arity)));
        int n = arity[static_cast<int>(f)];
        if (n < 0) n = 1 + static_cast<int>(in.pick(4));
        quarry::detail::Vector<Node> args;
        for (int i = 0; i < n; ++i) args.push_back(expr(depth + 1));
        std::string name = f == sql::Fn::named ? (in.flag() ? "qfn" : "qschema.qfn") : "";
        return Node::function(f, std::move(args), std::move(name));
      }
      case 13: {  // a raw fragment: text from the program, one value or expression per ?
        static constexpr std::string_view texts[] = {"?", "? + ?", "ABS(?)", "1", "? IS NULL OR ? = ?"};
        std::string_view text = texts[in.pick(std::size(texts))];
        quarry::detail::Vector<Node> args(sql::raw_placeholders(text));
        for (auto& a : args) a = expr(depth + 1);
        return Node::raw(std::string(text), std::move(args));
      }
      case 14: {  // x IN (SELECT ...), x NOT IN (SELECT ...)
        auto a = expr(depth + 1);
        return Node::in(in.flag() ? K::in_subquery : K::not_in_subquery, std::move(a),
                        std::make_shared<const sql::Select>(select(depth + 1)));
      }
      case 15: return Node::scalar(std::make_shared<const sql::Select>(select(depth + 1)));  // (SELECT ...)
      default: {  // comparisons and and/or, the common case
        auto op = static_cast<sql::Op>(in.pick(8));
        auto a = expr(depth + 1);
        return Node::binary(op, std::move(a), expr(depth + 1));
      }
    }
  }
  quarry::detail::Vector<Node> exprs(std::size_t max, int depth) {
    quarry::detail::Vector<Node> out(in.pick(max + 1));
    for (auto& n : out) n = expr(depth + 1);
    return out;
  }
  std::optional<Node> maybe_expr(int depth) {
    if (!in.flag()) return std::nullopt;
    return expr(depth + 1);
  }
  std::optional<std::int64_t> maybe_count() {
    if (!in.flag()) return std::nullopt;
    auto n = static_cast<std::int64_t>(7'300'000'000'000 + in.u64() % 1'000'000);
    values.emplace_back(n);
    return n;
  }

  sql::Select select(int depth = 0) {
    sql::Select s;
    s.table = name();
    if (depth > 0 && in.flag()) s.alias = name();  // a subquery on the table of the query around it
    s.columns = exprs(3, depth);
    s.distinct = in.flag();
    s.where = maybe_expr(depth);
    s.group_by = exprs(2, depth);
    s.having = maybe_expr(depth);
    for (std::size_t i = in.pick(3); i > 0; --i) {
      auto before = values.size(), doubled_before = doubled.size();
      sql::OrderTerm o{expr(depth + 1), in.flag(), static_cast<sql::Nulls>(in.pick(3))};
      if (o.nulls != sql::Nulls::dialect) {  // the key is written twice: all it binds, twice
        std::vector<sql::Value> again(values.begin() + static_cast<std::ptrdiff_t>(before), values.end());
        again.insert(again.end(), doubled.begin() + static_cast<std::ptrdiff_t>(doubled_before), doubled.end());
        doubled.insert(doubled.end(), again.begin(), again.end());
      }
      s.order_by.push_back(std::move(o));
    }
    s.limit = maybe_count();
    s.offset = maybe_count();
    s.lock = static_cast<sql::LockMode>(in.pick(3));
    s.lock_wait = static_cast<sql::LockWait>(in.pick(3));
    if (in.flag()) {  // a limit per group: its bound is offset + limit
      sql::PerGroup g;
      g.partition_by.push_back(expr(depth + 1));
      g.offset = maybe_count();
      if (in.flag()) {
        auto n = static_cast<std::int64_t>(7'300'000'000'000 + in.u64() % 1'000'000);
        g.limit = n;
        values.emplace_back(g.offset ? *g.offset + n : n);
      }
      if (in.flag()) {
        g.join_table = name();
        g.join_on = expr(depth + 1);
      }
      names.insert("quarry_row");
      names.insert("quarry_rows");
      s.per_group = std::make_shared<const sql::PerGroup>(std::move(g));
    }
    return s;
  }
  sql::Insert insert() {
    sql::Insert s;
    s.table = name();
    s.columns = name_list(4);
    if (!s.columns.empty())
      for (std::size_t i = 1 + in.pick(3); i > 0; --i) {
        auto& row = s.rows.emplace_back();
        for (std::size_t j = 0; j < s.columns.size(); ++j) row.push_back(value());
      }
    if (in.flag()) s.upsert = sql::Upsert{name_list(2, 1), name_list(2)};  // a conflict target, as upsert requires
    if (in.flag()) s.returning = name_list(2, 1);
    return s;
  }
  sql::Update update() {
    sql::Update s;
    s.table = name();
    for (std::size_t i = 1 + in.pick(3); i > 0; --i) {
      auto column = name();
      s.set.push_back({column, expr(1)});
    }
    s.where = maybe_expr(0);
    if (in.flag()) s.returning = name_list(2, 1);
    return s;
  }
  sql::Delete remove() {
    sql::Delete s;
    s.table = name();
    s.where = maybe_expr(0);
    return s;
  }
};

bool word_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

/// What may stand in SQL text outside quoted names: keywords, the few numbers the renderer writes
/// itself (1 = 0 for an empty IN list, LIMIT -1 or 18446744073709551615 for OFFSET alone, CHAR(92)
/// for MySQL's LIKE escape), punctuation, and as literals LIKE's escape character and a regexp's
/// case flag ((?i) or (?-i), before the pattern on MySQL and SQLite).
const std::set<std::string, std::less<>> keywords = {
    "SELECT", "DISTINCT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "ASC", "DESC", "LIMIT", "OFFSET",
    "FOR", "UPDATE", "SHARE", "LOCK", "IN", "MODE", "NOWAIT", "SKIP", "LOCKED", "AND", "OR", "NOT", "IS", "NULL",
    "BETWEEN", "LIKE", "ILIKE", "LOWER", "EXISTS", "COUNT", "SUM", "MIN", "MAX", "AVG", "INSERT", "INTO",
    "VALUES", "DEFAULT", "ON", "CONFLICT", "DO", "NOTHING", "SET", "excluded", "DUPLICATE", "KEY", "RETURNING",
    "DELETE", "ESCAPE", "CHAR", "ANY", "ALL", "NULLS", "FIRST", "LAST", "RANDOM", "RAND", "REGEXP", "CONCAT",
    // the functions' spellings (sql::Functions), and the fuzz's own named functions
    "UPPER", "LENGTH", "CHAR_LENGTH", "TRIM", "COALESCE", "NULLIF", "ABS", "ROUND", "CAST", "AS", "NUMERIC", "CEIL",
    "FLOOR", "SUBSTR", "CURRENT_TIMESTAMP", "CURRENT_DATE", "UTC_TIMESTAMP", "UTC_DATE", "STRFTIME", "EXTRACT", "YEAR",
    "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "BIGINT", "INTEGER", "DOUBLE", "PRECISION", "REAL", "TEXT", "SIGNED",
    "DECIMAL", "qfn", "qschema", "ROW_NUMBER", "OVER", "PARTITION", "JOIN",
    // a subquery MySQL refuses as it is, written as a derived table (Dialect::derived_subqueries)
    "NO_MERGE"};
const std::set<std::string, std::less<>> numbers = {"0", "1", "18446744073709551615", "92", "6", "65", "30"};
constexpr std::string_view punctuation = " (),.=<>+-*/%~!|";  // also /*+ ... */, a hint of MySQL's

void check(const sql::Dialect& d, const sql::Rendered& r, const Builder& b) {
  fuzz::story = std::string(d.name) + ": " + r.sql;
  std::size_t placeholders = 0;
  std::set<std::string> quoted;
  const std::string& s = r.sql;
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == d.quote_open) {  // a name: up to the closing quote that is not doubled
      std::string name;
      std::size_t j = i + 1;
      for (;; ++j) {
        FUZZ_CHECK(j < s.size());  // the quote is closed
        if (s[j] == d.quote_close) {
          if (j + 1 < s.size() && s[j + 1] == d.quote_close) { name += s[j++]; continue; }
          break;
        }
        name += s[j];
      }
      quoted.insert(name);
      i = j + 1;
    } else if (c == '\'') {  // the literals: LIKE's escape character, a backslash; a regexp's case flag
      std::size_t j = s.find('\'', i + 1);
      FUZZ_CHECK(j != std::string::npos);
      std::string_view text = std::string_view(s).substr(i + 1, j - i - 1);
      std::string_view before = std::string_view(s).substr(0, i);
      if (text == "(?i)" || text == "(?-i)") {
        FUZZ_CHECK(before.ends_with("REGEXP CONCAT(") || before.ends_with("REGEXP ("));
      } else if (before.ends_with("STRFTIME(")) {  // SQLite's now() and extract(): their formats
        static const std::set<std::string, std::less<>> formats = {"%Y-%m-%d %H:%M:%f000", "%Y", "%m", "%d", "%H",
                                                                   "%M", "%S"};
        FUZZ_CHECK(formats.contains(text));
      } else if (text == "now") {
        FUZZ_CHECK(before.ends_with("STRFTIME('%Y-%m-%d %H:%M:%f000', "));
      } else {
        FUZZ_CHECK(text == "\\" || text == "\\\\");
        FUZZ_CHECK(before.ends_with("ESCAPE ") || before.ends_with("ESCAPE E"));
      }
      i = j + 1;
    } else if (word_char(c)) {
      std::size_t j = i;
      while (j < s.size() && word_char(s[j])) ++j;
      std::string_view word = std::string_view(s).substr(i, j - i);
      FUZZ_CHECK(keywords.contains(word) || (word == "E" && j < s.size() && s[j] == '\''));  // E'\\'
      i = j;
    } else if (digit(c)) {
      std::size_t j = i;
      while (j < s.size() && digit(s[j])) ++j;
      FUZZ_CHECK(numbers.contains(s.substr(i, j - i)));
      i = j;
    } else if (d.list_param && s.compare(i, 8, "::int8[]") == 0) {  // = ANY($n::int8[]), an IN list's array
      FUZZ_CHECK(i > 0 && digit(s[i - 1]));
      i += 8;
    } else if (c == '?' && d.placeholder == sql::Placeholder::question) {
      ++placeholders;
      ++i;
    } else if (c == '$' && d.placeholder == sql::Placeholder::dollar) {
      std::size_t j = i + 1;
      while (j < s.size() && digit(s[j])) ++j;
      FUZZ_CHECK(s.substr(i + 1, j - i - 1) == std::to_string(++placeholders));  // $1, $2, ... in order
      i = j;
    } else {
      FUZZ_CHECK(punctuation.find(c) != std::string_view::npos);
      ++i;
    }
  }
  FUZZ_CHECK(placeholders == r.params.size());
  for (const auto& name : quoted)
    FUZZ_CHECK(b.names.contains(name) || (d.derived_subqueries && name == sql::derived_table));
  // the parameters are the values put in, no more, no fewer
  auto key = [](const sql::Value& v) {
    return std::to_string(v.index() == 11 ? 5 : v.index()) + ":" + sql::describe(v);  // a borrowed string is a string
  };
  std::vector<std::string> want, got;
  for (const auto& v : b.values) want.push_back(key(v));
  if (d.list_param)  // a list of values that goes as one array (PostgreSQL): the array stands for them
    for (const auto& items : b.lists) {
      sql::Value array;
      if (!d.list_param(items, array)) continue;
      for (const auto& item : items) {
        auto it = std::find(want.begin(), want.end(), key(item.value));
        FUZZ_CHECK(it != want.end());
        want.erase(it);
      }
      want.push_back(key(array));
    }
  if (!d.nulls_order)  // the order key before the key: (x IS NULL)
    for (const auto& v : b.doubled) want.push_back(key(v));
  for (const auto& v : r.params) got.push_back(key(v));
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  FUZZ_CHECK(want == got);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes in(data, size);
  Builder b{in};
  std::size_t kind = in.pick(4);
  sql::Select select;
  sql::Insert insert;
  sql::Update update;
  sql::Delete remove;
  switch (kind) {
    case 0: select = b.select(); break;
    case 1: insert = b.insert(); break;
    case 2: update = b.update(); break;
    default: remove = b.remove(); break;
  }
  for (const sql::Dialect* d : {&dialect::sqlite, &dialect::postgres, &dialect::mysql}) {
    sql::Rendered r;
    try {
      switch (kind) {
        case 0: r = sql::render(*d, select); break;
        case 1: r = sql::render(*d, insert); break;
        case 2: r = sql::render(*d, update); break;
        default: r = sql::render(*d, remove); break;
      }
    } catch (const quarry::UnsupportedError&) {  // row locks on SQLite, UPDATE ... RETURNING on MySQL, a limit
                                                 // per group of what is no column
      continue;
    }
    check(*d, r, b);
    // the column an error names for a parameter: one of the statement's own quoted names, or
    // "parameter N"; never anything from a value
    for (std::size_t i = 0; i < r.params.size(); ++i) {
      auto name = sql::placeholder_column(r.sql, i);
      if (name == "parameter " + std::to_string(i + 1)) continue;
      std::string quoted(1, d->quote_open);
      for (char c : name) {
        if (c == d->quote_close) quoted += c;
        quoted += c;
      }
      quoted += d->quote_close;
      fuzz::story = r.sql + "\nparameter " + std::to_string(i + 1) + " named " + name;
      FUZZ_CHECK(r.sql.find(quoted) != std::string::npos);
    }
  }
  // and on arbitrary text, it ends
  std::string text = in.text(64);
  (void)sql::placeholder_column(text, in.pick(8));
  return 0;
}
