#pragma once
/// Constraints added to and dropped from a table that exists (Sequelize's addConstraint and
/// removeConstraint): ALTER TABLE ... ADD CONSTRAINT and its inverse as each dialect spells
/// them, and the items of a CREATE TABLE statement's text, through which SQLite, which cannot
/// alter a table's constraints, gets a rebuilt table with one constraint more or less.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>  // pair
#include <vector>

#include "../config.hpp"
#include "../error.hpp"
#include "../vector.hpp"
#include "ast.hpp"
#include "dialect.hpp"
#include "render.hpp"

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: error messages
#endif

namespace quarry::sql {

/// ALTER TABLE table ADD CONSTRAINT name, one of: UNIQUE (columns), CHECK (check), FOREIGN KEY
/// (columns) REFERENCES references.ref_table (references.ref_columns) with its actions, PRIMARY
/// KEY (columns).
struct AddConstraint {
  std::string table;
  std::string name;
  ConstraintKind kind = ConstraintKind::unique;
  std::vector<std::string> columns{};
  std::string check{};        ///< a check's condition: SQL text, written as it is
  ForeignKey references{};    ///< a foreign key's target and actions (name and columns are the above)
};

/// The constraint name of table (of kind kind: MySQL drops each kind with its own statement).
struct DropConstraint {
  std::string table;
  std::string name;
  ConstraintKind kind = ConstraintKind::unique;
};

/// CONSTRAINT name ... alone: the item SQLite's rebuilt table gets.
QUARRY_FUNC std::string constraint_definition(const Dialect& d, const AddConstraint& c);
/// ALTER TABLE ... ADD CONSTRAINT; none on SQLite, which rebuilds the table instead.
QUARRY_FUNC Rendered render(const Dialect& d, const AddConstraint& s);
/// ALTER TABLE ... DROP CONSTRAINT name; on MySQL and MariaDB, the statement of its kind (DROP
/// INDEX for a unique key, DROP FOREIGN KEY, DROP PRIMARY KEY; DROP CONSTRAINT for a check).
QUARRY_FUNC Rendered render(const Dialect& d, const DropConstraint& s);

#ifdef QUARRY_BODIES
namespace detail {
/// CONSTRAINT name and what follows it, as ADD CONSTRAINT and a table's definition write it.
inline void constraint_definition(Renderer& r, const AddConstraint& c) {
  r.raw("CONSTRAINT ").ident(c.name);
  switch (c.kind) {
    case ConstraintKind::unique: r.raw(" UNIQUE (").idents(c.columns).raw(")"); break;
    case ConstraintKind::primary_key: r.raw(" PRIMARY KEY (").idents(c.columns).raw(")"); break;
    case ConstraintKind::check: r.raw(" CHECK (").raw(c.check).raw(")"); break;
    case ConstraintKind::foreign_key: {
      const ForeignKey& f = c.references;
      r.raw(" FOREIGN KEY (").idents(c.columns).raw(") REFERENCES ").ident(f.ref_table).raw(" (");
      r.idents(f.ref_columns).raw(")");
      if (f.on_delete != Action::none) r.raw(" ON DELETE ").raw(action_sql(f.on_delete));
      if (f.on_update != Action::none) r.raw(" ON UPDATE ").raw(action_sql(f.on_update));
      break;
    }
  }
}
}  // namespace detail

QUARRY_FUNC std::string constraint_definition(const Dialect& d, const AddConstraint& c) {
  detail::Renderer r{d};
  detail::constraint_definition(r, c);
  return std::move(r).take().sql;
}

QUARRY_FUNC Rendered render(const Dialect& d, const AddConstraint& s) {
  if (d.alter == AlterSyntax::rebuild)
    throw UnsupportedError(fmt::format("quarry: {} adds a constraint to a table only by rebuilding it", d.name));
  detail::Renderer r{d};
  r.raw("ALTER TABLE ").ident(s.table).raw(" ADD ");
  detail::constraint_definition(r, s);
  return std::move(r).take();
}

QUARRY_FUNC Rendered render(const Dialect& d, const DropConstraint& s) {
  if (d.alter == AlterSyntax::rebuild)
    throw UnsupportedError(fmt::format("quarry: {} drops a constraint of a table only by rebuilding it", d.name));
  detail::Renderer r{d};
  r.raw("ALTER TABLE ").ident(s.table);
  if (!d.constraints_dropped_by_kind || s.kind == ConstraintKind::check) r.raw(" DROP CONSTRAINT ").ident(s.name);
  else if (s.kind == ConstraintKind::unique) r.raw(" DROP INDEX ").ident(s.name);
  else if (s.kind == ConstraintKind::foreign_key) r.raw(" DROP FOREIGN KEY ").ident(s.name);
  else r.raw(" DROP PRIMARY KEY");
  return std::move(r).take();
}
#endif  // QUARRY_BODIES

/// The text of a CREATE TABLE statement in three parts: what comes before its first '(' (the
/// head), the items between it and the matching ')' (columns and table constraints, split at the
/// commas outside parentheses, quotes and comments, each without the spaces around it, a line
/// break that ends it kept, as it may end a -- comment), and
/// what follows (the tail: ") WITHOUT ROWID", ")").
struct TableText {
  std::string head;
  std::vector<std::string> items;
  std::string tail;

  std::string joined() const {
    std::string out = head + "(";
    for (std::size_t i = 0; i < items.size(); ++i) out.append(i ? ", " : "").append(items[i]);
    return out + tail;
  }
};

/// text split as TableText; nullopt when it has no balanced parentheses outside quotes.
QUARRY_FUNC std::optional<TableText> split_table(std::string_view text);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::optional<TableText> split_table(std::string_view text) {
  TableText out;
  std::size_t open = std::string_view::npos, start = 0;
  int depth = 0;
  auto trimmed = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t' || s.front() == '\r'))
      s.remove_prefix(1);
    // a line break at the end stays: it may end a -- comment
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      char close = c == '[' ? ']' : c;
      for (++i; i < text.size(); ++i)
        if (text[i] == close && !(close != ']' && i + 1 < text.size() && text[i + 1] == close && ++i)) break;
      if (i >= text.size()) return std::nullopt;
    } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      i = text.find('\n', i);
      if (i == std::string_view::npos) i = text.size();
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      i = text.find("*/", i + 2);
      if (i == std::string_view::npos) return std::nullopt;
      ++i;
    } else if (c == '(') {
      if (depth++ == 0 && open == std::string_view::npos) {
        open = i;
        start = i + 1;
      }
    } else if (c == ')') {
      if (--depth < 0) return std::nullopt;
      if (depth == 0 && open != std::string_view::npos && out.tail.empty() && out.head.empty()) {
        out.items.push_back(trimmed(text.substr(start, i - start)));
        out.head = std::string(text.substr(0, open));
        out.tail = std::string(text.substr(i));
        return out;
      }
    } else if (c == ',' && depth == 1) {
      out.items.push_back(trimmed(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  return std::nullopt;
}
#endif  // QUARRY_BODIES

namespace detail {
/// a and b equal ignoring ASCII case, as SQLite compares names.
QUARRY_FUNC bool same_name(std::string_view a, std::string_view b);
#ifdef QUARRY_BODIES
QUARRY_FUNC bool same_name(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}
#endif  // QUARRY_BODIES
inline bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
/// item without the spaces and comments before its first word.
QUARRY_FUNC std::string_view skip_space(std::string_view item);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string_view skip_space(std::string_view item) {
  for (;;) {
    while (!item.empty() && space(item.front())) item.remove_prefix(1);
    if (item.starts_with("--")) {
      auto end = item.find('\n');
      item.remove_prefix(end == std::string_view::npos ? item.size() : end);
    } else if (item.starts_with("/*")) {
      auto end = item.find("*/");
      item.remove_prefix(end == std::string_view::npos ? item.size() : end + 2);
    } else {
      return item;
    }
  }
}
#endif  // QUARRY_BODIES
/// The name item begins with, bare or quoted ("", ``, []), and whether it was quoted; nullopt
/// when a quote is not closed.
QUARRY_FUNC std::optional<std::pair<std::string, bool>> first_name(std::string_view item);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::optional<std::pair<std::string, bool>> first_name(std::string_view item) {
  if (item.empty()) return std::pair{std::string(), false};
  std::string found;
  if (char q = item.front(); q == '"' || q == '`' || q == '[') {
    char close = q == '[' ? ']' : q;
    std::size_t i = 1;
    for (; i < item.size(); ++i) {
      if (item[i] == close) {
        if (close != ']' && i + 1 < item.size() && item[i + 1] == close) {
          found += close;
          ++i;
          continue;
        }
        break;
      }
      found += item[i];
    }
    if (i >= item.size()) return std::nullopt;
    return std::pair{std::move(found), true};
  }
  std::size_t end = 0;
  while (end < item.size() && !space(item[end]) && item[end] != '(') ++end;
  return std::pair{std::string(item.substr(0, end)), false};
}
#endif  // QUARRY_BODIES
}  // namespace detail

/// Whether item is the table constraint name: CONSTRAINT name ..., the name bare or quoted
/// ("", ``, []) and compared ignoring ASCII case, as SQLite compares names.
QUARRY_FUNC bool names_constraint(std::string_view item, std::string_view name);
#ifdef QUARRY_BODIES
QUARRY_FUNC bool names_constraint(std::string_view item, std::string_view name) {
  item = detail::skip_space(item);
  if (item.size() < 11 || !detail::same_name(item.substr(0, 10), "constraint") ||
      !(detail::space(item[10]) || item[10] == '"' || item[10] == '`' || item[10] == '['))
    return false;
  item.remove_prefix(10);
  while (!item.empty() && detail::space(item.front())) item.remove_prefix(1);
  if (item.empty()) return false;
  auto found = detail::first_name(item);
  return found && detail::same_name(found->first, name);
}
#endif  // QUARRY_BODIES

namespace detail {
/// The string literals of a list, 'a', 'b', up to the ')' that closes it ('' in one is a quote),
/// with s moved past that ')'; nullopt when s is not such a list.
QUARRY_FUNC std::optional<std::vector<std::string>> literal_list(std::string_view& s);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::optional<std::vector<std::string>> literal_list(std::string_view& s) {
  std::vector<std::string> out;
  for (;;) {
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    if (s.empty() || s.front() != '\'') return std::nullopt;
    std::string text;
    std::size_t i = 1;
    for (;; ++i) {
      if (i >= s.size()) return std::nullopt;
      if (s[i] == '\'') {
        if (i + 1 < s.size() && s[i + 1] == '\'') {
          text += '\'';
          ++i;
          continue;
        }
        break;
      }
      text += s[i];
    }
    out.push_back(std::move(text));
    s.remove_prefix(i + 1);
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    if (s.empty()) return std::nullopt;
    char next = s.front();
    s.remove_prefix(1);
    if (next == ')') return out;
    if (next != ',') return std::nullopt;
  }
}
#endif  // QUARRY_BODIES
}  // namespace detail

/// The labels of an ENUM('a', 'b') type as MySQL's introspection spells it; nullopt for any
/// other type.
QUARRY_FUNC std::optional<std::vector<std::string>> enum_type_labels(std::string_view type);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::optional<std::vector<std::string>> enum_type_labels(std::string_view type) {
  if (type.size() < 5 || !detail::same_name(type.substr(0, 5), "enum(")) return std::nullopt;
  type.remove_prefix(5);
  auto labels = detail::literal_list(type);
  if (!labels || !type.empty()) return std::nullopt;
  return labels;
}
#endif  // QUARRY_BODIES

/// The labels of the CHECK ("column" IN ('a', 'b')) that SQLite's definition of an enumeration
/// column carries (as quarry writes it), in its definition item; nullopt when it has none.
QUARRY_FUNC std::optional<std::vector<std::string>> check_labels(std::string_view item, std::string_view column);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::optional<std::vector<std::string>> check_labels(std::string_view item, std::string_view column) {
  std::string quoted = "\"";
  for (char c : column) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  quoted += '"';
  std::string pattern = "CHECK (" + quoted + " IN (";
  auto at = item.find(pattern);
  if (at == std::string_view::npos) return std::nullopt;
  item.remove_prefix(at + pattern.size());
  return detail::literal_list(item);
}
#endif  // QUARRY_BODIES

/// Whether item is a table constraint (it begins with a bare CONSTRAINT, PRIMARY, UNIQUE, CHECK
/// or FOREIGN), not a column's definition.
QUARRY_FUNC bool constraint_item(std::string_view item);
#ifdef QUARRY_BODIES
QUARRY_FUNC bool constraint_item(std::string_view item) {
  auto found = detail::first_name(detail::skip_space(item));
  if (!found || found->second) return false;
  for (std::string_view keyword : {"constraint", "primary", "unique", "check", "foreign"})
    if (detail::same_name(found->first, keyword)) return true;
  return false;
}
#endif  // QUARRY_BODIES

/// Whether keyword (a word in capitals) is in item outside its quotes and parentheses: what a
/// column's definition says of it (PRIMARY, UNIQUE, AUTOINCREMENT), not of a name or a check.
QUARRY_FUNC bool has_keyword(std::string_view item, std::string_view keyword);
#ifdef QUARRY_BODIES
QUARRY_FUNC bool has_keyword(std::string_view item, std::string_view keyword) {
  int depth = 0;
  for (std::size_t i = 0; i < item.size(); ++i) {
    char c = item[i];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      char close = c == '[' ? ']' : c;
      auto end = item.find(close, i + 1);
      if (end == std::string_view::npos) return false;
      i = end;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (depth == 0 && (i == 0 || detail::space(item[i - 1])) && detail::same_name(item.substr(i, keyword.size()), keyword) &&
               (i + keyword.size() == item.size() || detail::space(item[i + keyword.size()]))) {
      return true;
    }
  }
  return false;
}
#endif  // QUARRY_BODIES

namespace detail {
QUARRY_FUNC bool word_char(char c);
#ifdef QUARRY_BODIES
QUARRY_FUNC bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}
#endif  // QUARRY_BODIES
/// Where the quote at text[at] ends (its closing character; a doubled one inside is one), or npos.
QUARRY_FUNC std::size_t quote_end(std::string_view text, std::size_t at);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::size_t quote_end(std::string_view text, std::size_t at) {
  char close = text[at] == '[' ? ']' : text[at];
  for (std::size_t i = at + 1; i < text.size(); ++i)
    if (text[i] == close) {
      if (close != ']' && i + 1 < text.size() && text[i + 1] == close) ++i;
      else return i;
    }
  return std::string_view::npos;
}
#endif  // QUARRY_BODIES
/// Where the parenthesis opened at text[at] closes (outside quotes), or npos.
QUARRY_FUNC std::size_t paren_end(std::string_view text, std::size_t at);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::size_t paren_end(std::string_view text, std::size_t at) {
  int depth = 0;
  for (std::size_t i = at; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      i = quote_end(text, i);
      if (i == std::string_view::npos) return i;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}
#endif  // QUARRY_BODIES
}  // namespace detail

/// text without the spaces around it and the parentheses that enclose all of it: what
/// PostgreSQL's ((price >= 0)) and a table's text's ( price >= 0 ) hold.
QUARRY_FUNC std::string_view unwrapped(std::string_view text);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::string_view unwrapped(std::string_view text) {
  for (;;) {
    while (!text.empty() && detail::space(text.front())) text.remove_prefix(1);
    while (!text.empty() && detail::space(text.back())) text.remove_suffix(1);
    if (text.size() < 2 || text.front() != '(' || detail::paren_end(text, 0) != text.size() - 1) return text;
    text = text.substr(1, text.size() - 2);
  }
}
#endif  // QUARRY_BODIES

/// A check that an item of a table's text declares.
struct ItemCheck {
  std::string name;  ///< of the CONSTRAINT before it; "" when unnamed
  std::string condition;
};

/// The checks of item, a column's definition or a table constraint of a table's text (SQLite's
/// CREATE TABLE): each CHECK (condition), with the name of a CONSTRAINT name before it; none
/// where a quote or a parenthesis is not closed.
QUARRY_FUNC quarry::detail::Vector<ItemCheck> item_checks(std::string_view item);
#ifdef QUARRY_BODIES
QUARRY_FUNC quarry::detail::Vector<ItemCheck> item_checks(std::string_view item) {
  quarry::detail::Vector<ItemCheck> out;
  std::string name;  // of a CONSTRAINT just read
  auto word_at = [&](std::size_t at, std::string_view word) {
    return (at == 0 || !detail::word_char(item[at - 1])) && detail::same_name(item.substr(at, word.size()), word) &&
           (at + word.size() == item.size() || !detail::word_char(item[at + word.size()]));
  };
  auto skip_spaces = [&](std::size_t at) {
    while (at < item.size() && detail::space(item[at])) ++at;
    return at;
  };
  for (std::size_t i = 0; i < item.size();) {
    char c = item[i];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      i = detail::quote_end(item, i);
      if (i == std::string_view::npos) return {};
      ++i;
    } else if (c == '-' && item.substr(i, 2) == "--") {
      i = item.find('\n', i);
      if (i == std::string_view::npos) break;
    } else if (c == '(') {
      i = detail::paren_end(item, i);
      if (i == std::string_view::npos) return {};
      ++i;
    } else if (word_at(i, "constraint")) {
      i = skip_spaces(i + 10);
      auto found = detail::first_name(item.substr(i));
      if (!found) return {};
      name = found->first;
      i = found->second ? detail::quote_end(item, i) + 1 : i + found->first.size();
    } else if (word_at(i, "check")) {
      i = skip_spaces(i + 5);
      if (i >= item.size() || item[i] != '(') continue;
      auto end = detail::paren_end(item, i);
      if (end == std::string_view::npos) return {};
      out.push_back({std::move(name), std::string(unwrapped(item.substr(i, end - i + 1)))});
      name.clear();
      i = end + 1;
    } else {
      ++i;
      if (detail::word_char(c)) {  // past the rest of a word: CHECK is a word of its own
        while (i < item.size() && detail::word_char(item[i])) ++i;
        name.clear();  // CONSTRAINT name NOT NULL: the name was another constraint's
      }
    }
  }
  return out;
}
#endif  // QUARRY_BODIES

/// Whether item is the definition of column name (not a table constraint: a bare CONSTRAINT,
/// PRIMARY, UNIQUE, CHECK or FOREIGN begins one of those).
QUARRY_FUNC bool defines_column(std::string_view item, std::string_view name);
#ifdef QUARRY_BODIES
QUARRY_FUNC bool defines_column(std::string_view item, std::string_view name) {
  auto found = detail::first_name(detail::skip_space(item));
  if (!found || found->first.empty()) return false;
  if (!found->second)
    for (std::string_view keyword : {"constraint", "primary", "unique", "check", "foreign"})
      if (detail::same_name(found->first, keyword)) return false;
  return detail::same_name(found->first, name);
}
#endif  // QUARRY_BODIES

}  // namespace quarry::sql
