#pragma once
/// The one renderer: AST + Dialect -> SQL text with placeholders and the values to bind.
///
///   sql::Rendered r = sql::render(quarry::dialect::postgres, select);   // r.sql, r.params

#include <span>
#include <cctype>
#include <charconv>  // to_chars
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../config.hpp"
#include "../error.hpp"
#include "../vector.hpp"
#include "ast.hpp"
#include "dialect.hpp"

#ifdef QUARRY_BODIES
#include <algorithm>
#include <fmt/core.h>  // fmt::format: error messages (the SQL text is appended by hand)
#endif

namespace quarry::sql {

/// The renderer's entry points, declared here and defined below (header-only) or once in the
/// quarry::core library (QUARRY_COMPILED, see <quarry/config.hpp>); each is documented where it
/// is defined.
QUARRY_FUNC Rendered render(const Dialect& d, const Select& s);
QUARRY_FUNC Rendered render(const Dialect& d, const Insert& s);
QUARRY_FUNC Rendered render(const Dialect& d, const Update& s);
QUARRY_FUNC Rendered render(const Dialect& d, const Delete& s);
QUARRY_FUNC Rendered render(const Dialect& d, const CreateTable& s);
QUARRY_FUNC Rendered render(const Dialect& d, const CommentOnColumn& s);
QUARRY_FUNC Rendered render(const Dialect& d, const DropTable& s);
QUARRY_FUNC Rendered render(const Dialect& d, const CreateEnumType& s);
QUARRY_FUNC Rendered render(const Dialect& d, const DropEnumType& s);
QUARRY_FUNC Rendered render(const Dialect& d, const CreateIndex& s);
QUARRY_FUNC Rendered render(const Dialect& d, const AddColumn& s);
QUARRY_FUNC Rendered render(const Dialect& d, const DropColumn& s);
QUARRY_FUNC std::vector<std::string> render_alter(const Dialect& d, const AlterColumn& s);
/// A column's definition as CREATE TABLE writes it ("title" VARCHAR(200) NOT NULL ...).
QUARRY_FUNC std::string column_definition(const Dialect& d, const ColumnDef& c);
QUARRY_FUNC Rendered render(const Dialect& d, const DropIndex& s);
QUARRY_FUNC Rendered render(const Dialect& d, const RenameTable& s);
QUARRY_FUNC Rendered render(const Dialect& d, const RenameColumn& s);
QUARRY_FUNC Rendered render(const Dialect& d, const Truncate& s);
QUARRY_FUNC std::vector<std::string> begin_transaction(const Dialect& d, Isolation isolation, bool read_only,
                                                       TransactionType type = TransactionType::default_type,
                                                       bool defer_constraints = false);
QUARRY_FUNC std::vector<std::string> end_transaction(const Dialect& d, bool read_only);
QUARRY_FUNC std::string placeholder_column(std::string_view sql, std::size_t index);
QUARRY_FUNC std::string translate_placeholders(const Dialect& d, std::string_view sql);
QUARRY_FUNC std::string translate_named(const Dialect& d, std::string_view sql, std::vector<std::string>& names);
QUARRY_FUNC bool refers_outside(const Select& s);

/// The name of the derived table that a subquery is written as where the dialect refuses it as
/// it is (Dialect::derived_subqueries).
inline constexpr std::string_view derived_table = "quarry_sub";

#ifdef QUARRY_BODIES

namespace detail {

class Renderer;
inline void select_into(Renderer& r, const Select& s);

/// Whether s refers to a select around it, whose tables are scopes (sql::refers_outside).
inline bool refers_outside(const Select& s, std::vector<std::string_view>& scopes) {
  scopes.push_back(s.alias.empty() ? std::string_view(s.table) : std::string_view(s.alias));
  auto outside = [&](auto& self, const Node& n) -> bool {
    if (n.kind == Node::Kind::column && !n.table.empty() &&
        std::find(scopes.begin(), scopes.end(), std::string_view(n.table)) == scopes.end())
      return true;
    for (const auto& a : n.args)
      if (self(self, a)) return true;
    return n.subquery && refers_outside(*n.subquery, scopes);
  };
  auto any = [&](const auto& nodes) {
    for (const auto& n : nodes)
      if (outside(outside, n)) return true;
    return false;
  };
  bool found = any(s.columns) || (s.where && outside(outside, *s.where)) || any(s.group_by) ||
               (s.having && outside(outside, *s.having));
  for (const auto& o : s.order_by) found = found || outside(outside, o.expr);
  scopes.pop_back();
  return found;
}

class Renderer {
 public:
  /// The precedence of x IS NULL, that of the comparisons: expr(x, is_null_precedence) writes x
  /// as an IS NULL's argument.
  static constexpr int is_null_precedence = 4;
  explicit Renderer(const Dialect& d) : d_(d) { out_.reserve(160); }  // most statements: one allocation

  Rendered take() && { return {std::move(out_), std::move(params_), std::move(slots_)}; }

  Renderer& raw(std::string_view s) {
    out_ += s;
    return *this;
  }
  Renderer& ident(std::string_view name) {
    out_ += d_.quote_open;
    if (name.find(d_.quote_close) == std::string_view::npos) [[likely]] {  // the usual name, in one append
      out_.append(name);
      out_ += d_.quote_close;
      return *this;
    }
    for (char c : name) {
      if (c == d_.quote_close) out_ += c;  // doubled, so a name can never end the quote
      out_ += c;
    }
    out_ += d_.quote_close;
    return *this;
  }
  template <class List>
  Renderer& idents(const List& names) {
    bool first = true;
    for (const auto& n : names) {
      if (!first) out_ += ", ";
      ident(n);
      first = false;
    }
    return *this;
  }
  Renderer& param(Value v) {
    params_.push_back(std::move(v));
    if (!slots_.empty()) slots_.emplace_back();
    return placeholder();
  }
  Renderer& slot(Slot s) {
    if (slots_.empty()) slots_.resize(params_.size());  // the values before it are no slots
    params_.emplace_back();
    slots_.push_back(s);
    return placeholder();
  }
  Renderer& placeholder() {
    if (d_.placeholder == Placeholder::dollar) {
      char digits[24] = {'$'};
      auto end = std::to_chars(digits + 1, digits + sizeof digits, params_.size()).ptr;
      out_.append(digits, static_cast<std::size_t>(end - digits));
    } else {
      out_ += '?';
    }
    return *this;
  }
  /// A literal in DDL (DEFAULT), where no placeholder is allowed; strings are quoted and escaped.
  Renderer& literal(const Value& v) {
    if (std::holds_alternative<std::string>(v) || std::holds_alternative<std::string_view>(v)) {
      std::string_view s = std::holds_alternative<std::string>(v) ? std::string_view(std::get<std::string>(v))
                                                                  : std::get<std::string_view>(v);
      if (d_.backslash_in_literals && s.find('\\') != std::string_view::npos) {
        // 'a', CHAR(92), 'b': the same text whether the session reads \ as an escape or not
        out_ += "(CONCAT(";
        for (auto at = s.find('\\');; at = s.find('\\')) {
          quoted(s.substr(0, at));
          if (at == std::string_view::npos) break;
          out_ += ", CHAR(92 USING utf8mb4), ";
          s.remove_prefix(at + 1);
        }
        out_ += "))";
      } else {
        quoted(s);
      }
    } else if (auto* b = std::get_if<bool>(&v)) {
      out_ += *b ? "TRUE" : "FALSE";
    } else if (auto* d = std::get_if<double>(&v)) {
      out_ += double_text(*d);
    } else {
      out_ += describe(v);
    }
    return *this;
  }

  /// A column's type as the dialect names it; an enumeration as the dialect declares one: its
  /// own type's name (PostgreSQL), ENUM('a', 'b') (MySQL), or the type_name the dialect gives
  /// (SQLite's TEXT, whose CHECK the column adds).
  Renderer& type(const ColumnType& t) {
    if (t.kind != TypeKind::enumeration || d_.enums == EnumSyntax::check) return raw(d_.type_name(t));
    if (d_.enums == EnumSyntax::named_type) return ident(t.enum_type);
    out_ += "ENUM(";
    labels(t.labels);
    out_ += ')';
    return *this;
  }
  /// An enumeration's names as literals, 'a', 'b'.
  Renderer& labels(std::span<const std::string_view> names) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i) out_ += ", ";
      literal(Value{names[i]});
    }
    return *this;
  }

  /// A string literal where the grammar takes nothing but a literal (a column's COMMENT): ' doubled,
  /// and \ doubled where the dialect reads it as an escape (MySQL, whose sessions quarry opens
  /// without NO_BACKSLASH_ESCAPES).
  Renderer& plain_literal(std::string_view s) {
    out_ += '\'';
    for (char c : s) {
      if (c == '\'' || (c == '\\' && d_.backslash_in_literals)) out_ += c;
      out_ += c;
    }
    out_ += '\'';
    return *this;
  }

  /// 'text', with ' doubled: the same on every dialect.
  void quoted(std::string_view s) {
    out_ += '\'';
    for (char c : s) {
      if (c == '\'') out_ += '\'';
      out_ += c;
    }
    out_ += '\'';
  }

  void expr(const Node& n, int parent = 0) {
    using K = Node::Kind;
    int prec = precedence(n);
    bool paren = prec <= parent && prec < 9;
    if (paren) out_ += '(';
    switch (n.kind) {
      case K::column:
        if (!n.table.empty()) ident(n.table).raw(".");
        ident(n.name);
        break;
      case K::param: param(n.value); break;
      case K::slot: slot(n.slot); break;
      case K::star: out_ += '*'; break;
      case K::random: out_ += dialect().random; break;
      case K::function: function(n); break;
      case K::json_path: json_path(n); break;
      case K::raw: raw_fragment(n); break;
      case K::binary: binary(n, prec); break;
      case K::not_:
        out_ += "NOT ";
        expr(n.args[0], 8);  // NOT (a = b), for the reader
        break;
      case K::is_null:
      case K::is_not_null:
        expr(n.args[0], prec);
        out_ += n.kind == K::is_null ? " IS NULL" : " IS NOT NULL";
        break;
      case K::in:
      case K::not_in:
        if (n.args.size() == 1) {  // an empty list: nothing is in it
          out_ += n.kind == K::in ? "1 = 0" : "1 = 1";
          break;
        }
        if (d_.list_param) {  // one array: the same statement for every number of values
          Value array;
          if (const char* cast = d_.list_param(std::span(n.args).subspan(1), array)) {
            expr(n.args[0], prec);
            out_ += n.kind == K::in ? " = ANY(" : " <> ALL(";
            param(std::move(array));
            out_.append(cast).append(1, ')');
            break;
          }
        }
        expr(n.args[0], prec);
        out_ += n.kind == K::in ? " IN (" : " NOT IN (";
        for (std::size_t i = 1; i < n.args.size(); ++i) {
          if (i > 1) out_ += ", ";
          expr(n.args[i]);
        }
        out_ += ')';
        break;
      case K::between:
      case K::not_between:
        expr(n.args[0], prec);
        out_ += n.kind == K::between ? " BETWEEN " : " NOT BETWEEN ";
        expr(n.args[1], prec);
        out_ += " AND ";
        expr(n.args[2], prec);
        break;
      case K::like:
      case K::not_like:
        expr(n.args[0], prec);
        out_ += n.kind == K::like ? " LIKE " : " NOT LIKE ";
        expr(n.args[1], prec);
        out_ += d_.like_escape;
        break;
      case K::ilike:
      case K::not_ilike:
        if (d_.native_ilike) {
          expr(n.args[0], prec);
          out_ += n.kind == K::ilike ? " ILIKE " : " NOT ILIKE ";
          expr(n.args[1], prec);
        } else {
          out_ += "LOWER(";
          expr(n.args[0]);
          out_ += n.kind == K::ilike ? ") LIKE LOWER(" : ") NOT LIKE LOWER(";
          expr(n.args[1]);
          out_ += ')';
        }
        out_ += d_.like_escape;
        break;
      case K::regexp:
      case K::not_regexp:
      case K::iregexp:
      case K::not_iregexp: {
        const RegexpSyntax& s = n.kind == K::regexp || n.kind == K::not_regexp ? d_.regexp : d_.iregexp;
        expr(n.args[0], prec);
        out_ += n.kind == K::regexp || n.kind == K::iregexp ? s.match : s.not_match;
        out_ += s.before;
        expr(n.args[1], s.before.empty() ? prec : 0);  // inside CONCAT(..) or (.. || ..) it stands alone
        out_ += s.after;
        break;
      }
      case K::exists:
        out_ += "EXISTS ";
        subquery(*n.subquery, false);
        break;
      case K::in_subquery:
      case K::not_in_subquery:
        expr(n.args[0], prec);
        out_ += n.kind == K::in_subquery ? " IN " : " NOT IN ";
        subquery(*n.subquery, true);
        break;
      case K::subquery: subquery(*n.subquery, false); break;
      case K::aggregate:
        out_ += n.name;
        out_ += '(';
        if (n.distinct) out_ += "DISTINCT ";
        for (std::size_t i = 0; i < n.args.size(); ++i) {
          if (i) out_ += ", ";
          expr(n.args[i]);
        }
        out_ += ')';
        break;
    }
    if (paren) out_ += ')';
  }

  void exprs(const quarry::detail::Vector<Node>& list) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (i) out_ += ", ";
      expr(list[i]);
    }
  }

  const Dialect& dialect() const { return d_; }

  /// The table the UPDATE or DELETE being rendered writes (Dialect::derived_subqueries).
  void writes(std::string_view table) { target_ = table; }

  /// (s), as a subquery of IN (...) when in_list; a derived table where the dialect refuses s as it
  /// is (Dialect::derived_subqueries) and s does not refer to the query around it.
  void subquery(const Select& s, bool in_list) {
    bool limited = s.limit || s.offset;  // (an offset alone is written with a LIMIT too)
    bool derived = d_.derived_subqueries && ((in_list && limited) || (!target_.empty() && s.table == target_)) &&
                   !sql::refers_outside(s);
    out_ += '(';
    if (derived) {  // materialized before the statement runs: it reads what was there before
      std::string_view target = std::exchange(target_, {});
      out_ += "SELECT /*+ NO_MERGE(";
      ident(derived_table);
      out_ += ") */ * FROM (";
      select_into(*this, s);
      out_ += ") AS ";
      ident(derived_table);
      target_ = target;
    } else {
      select_into(*this, s);
    }
    out_ += ')';
  }
 private:
  // Higher binds tighter. A child is parenthesized when it binds no tighter than its parent,
  // and AND inside OR is parenthesized too, for the reader.
  static int precedence(const Node& n) {
    using K = Node::Kind;
    switch (n.kind) {
      case K::is_null:
      case K::is_not_null: return is_null_precedence;
      case K::binary:
        switch (n.op) {
          case Op::or_: return 1;
          case Op::and_: return 2;
          case Op::add:
          case Op::sub: return 5;
          case Op::mul:
          case Op::div:
          case Op::mod: return 6;
          default: return 4;
        }
      case K::not_: return 3;
      case K::column:
      case K::param:
      case K::slot:
      case K::star:
      case K::random:
      case K::exists:
      case K::subquery:
      case K::function:
      case K::json_path:
      case K::aggregate: return 9;
      case K::raw: return 0;  // always in parentheses: the text is not read
      default: return 4;
    }
  }

  /// fn(args...) as the dialect spells it (Functions), or name(args...) for a named function
  /// whose name is an identifier (checked here too, so that no other text is ever written).
  void function(const Node& n) {
    if (n.fn == Fn::named) {
      if (!function_name(n.name))
        throw QueryError(fmt::format("quarry: fn(\"{}\", ...): a function's name is letters, digits and _, or "
                                     "schema.name; anything else is never written into SQL",
                                     n.name));
      out_ += n.name;
      out_ += '(';
      exprs(n.args);
      out_ += ')';
      return;
    }
    expand(d_.functions.of(n.fn), [&](char c) {
      if (c == '*' || c == '|') {
        for (std::size_t k = 0; k < n.args.size(); ++k) {
          if (k) out_ += c == '*' ? ", " : " || ";
          expr(n.args[k], c == '*' ? 0 : 8);  // a || operand binds tighter than arithmetic
        }
      } else {
        auto k = static_cast<std::size_t>(c - '0');
        if (k >= n.args.size())
          throw QueryError(
              fmt::format("quarry: a function node of the SQL tree has too few arguments ({})", n.args.size()));
        expr(n.args[k]);
      }
    });
  }

  /// Writes a dialect's SQL template t (Functions, JsonSyntax): its text as is, and for each @c
  /// in it what at(c) writes.
  template <class At>
  void expand(std::string_view t, At&& at) {
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (t[i] != '@' || i + 1 == t.size()) out_ += t[i];
      else at(t[++i]);
    }
  }

  /// The value at a path inside a JSON column, as the dialect reads it (JsonSyntax): the column,
  /// then the path's steps, each bound.
  void json_path(const Node& n) {
    const JsonSyntax& j = d_.json;
    std::string_view t = n.json_as == JsonAs::number ? j.number : n.json_as == JsonAs::boolean ? j.boolean : j.text;
    expand(t, [&](char c) {
      if (c == '0') {
        expr(n.args.at(0));
      } else if (j.path_text) {
        param(json_path_text(n));
      } else {
        for (std::size_t k = 1; k < n.args.size(); ++k) {
          if (k > 1) out_ += ", ";
          const Value& step = n.args[k].value;
          if (auto* index = std::get_if<std::int64_t>(&step)) param(std::to_string(*index));
          else param(step);
        }
      }
    });
  }
  /// A path as one text: $."plan"."tier", $."tags"[0].
  std::string json_path_text(const Node& n) const {
    std::string path = "$";
    for (std::size_t k = 1; k < n.args.size(); ++k) {
      const Value& step = n.args[k].value;
      if (auto* index = std::get_if<std::int64_t>(&step)) {
        path.append("[").append(std::to_string(*index)).append("]");
        continue;
      }
      const auto* key = std::get_if<std::string>(&step);
      if (!key) throw QueryError("quarry: a step of a JSON path is neither a key nor an index");
      path += ".\"";
      for (char c : *key) {
        if (c == '"' || c == '\\') {
          if (!d_.json.key_escapes)
            throw QueryError(fmt::format(
                "quarry: the key '{}' of a JSON path holds \" or \\, which a path on {} cannot spell; no SQL was sent",
                *key, d_.name));
          path += '\\';
        }
        path += c;
      }
      path += '"';
    }
    return path;
  }

  /// A raw fragment: its text as is, each of its ? replaced by one of its values or expressions
  /// in order (so that PostgreSQL's $n follow the statement's own numbering).
  void raw_fragment(const Node& n) {
    std::string_view text = n.name;
    std::size_t from = 0, k = 0;
    std::size_t count = raw_placeholders(text, [&](std::size_t at) {
      out_.append(text.substr(from, at - from));
      if (k < n.args.size()) expr(n.args[k], 8);  // a binary argument in parentheses
      ++k;
      from = at + 1;
    });
    if (count != n.args.size())
      throw QueryError(fmt::format(
          "quarry: sql(\"{}\", ...) has {} placeholders (?) and {} values; give one value for each ?", text, count,
          n.args.size()));
    out_.append(text.substr(from));
  }
  void binary(const Node& n, int prec) {
    static constexpr std::string_view ops[] = {" = ", " <> ", " < ", " <= ", " > ", " >= ", " AND ",
                                               " OR ", " + ", " - ", " * ", " / ", " % "};
    // same associative operator on the left: no parentheses (a AND b AND c)
    const Node& l = n.args[0];
    bool flat_left = l.kind == Node::Kind::binary && l.op == n.op &&
                     (n.op == Op::and_ || n.op == Op::or_ || n.op == Op::add || n.op == Op::mul);
    expr(l, flat_left ? prec - 1 : (n.op == Op::or_ ? 2 : prec));
    out_ += ops[static_cast<int>(n.op)];
    const Node& r = n.args[1];
    bool flat_right = r.kind == Node::Kind::binary && r.op == n.op && (n.op == Op::and_ || n.op == Op::or_);
    expr(r, flat_right ? prec - 1 : (n.op == Op::or_ ? 2 : prec));
  }

  const Dialect& d_;
  std::string_view target_;
  std::string out_;
  std::vector<Value> params_;
  quarry::detail::Vector<Slot> slots_;
};

inline std::string_view action_sql(Action a) {
  switch (a) {
    case Action::no_action: return "NO ACTION";
    case Action::restrict: return "RESTRICT";
    case Action::cascade: return "CASCADE";
    case Action::set_null: return "SET NULL";
    case Action::set_default: return "SET DEFAULT";
    case Action::none: break;
  }
  return {};
}

inline void returning(Renderer& r, const std::vector<std::string>& cols) {
  if (cols.empty()) return;
  if (!r.dialect().returning)
    throw UnsupportedError(fmt::format("quarry: {} has no RETURNING clause", r.dialect().name));
  r.raw(" RETURNING ").idents(cols);
}

}  // namespace detail

namespace detail {
/// The keys of an ORDER BY (or of a window's), after lead; NULLS FIRST/LAST where the dialect has
/// them, else x IS NULL as a key before x.
inline void order_terms(Renderer& r, std::string_view lead, const quarry::detail::Vector<OrderTerm>& terms) {
  const Dialect& d = r.dialect();
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const OrderTerm& o = terms[i];
    r.raw(i ? ", " : lead);
    if (o.nulls != Nulls::dialect && !d.nulls_order) {  // x IS NULL is 1 for NULLs: DESC puts them first
      r.expr(o.expr, Renderer::is_null_precedence);  // as an is_null node renders its argument
      r.raw(o.nulls == Nulls::first ? " IS NULL DESC, " : " IS NULL ASC, ");
    }
    r.expr(o.expr);
    r.raw(o.descending ? " DESC" : " ASC");
    if (o.nulls != Nulls::dialect && d.nulls_order) r.raw(o.nulls == Nulls::first ? " NULLS FIRST" : " NULLS LAST");
  }
}

/// A select with a limit per group (PerGroup): its rows numbered by ROW_NUMBER() in a derived
/// table, the outer select keeping its columns, by name, of the rows in the numbers asked for.
inline void per_group_into(Renderer& r, const Select& s, const PerGroup& g) {
  if (!s.group_by.empty() || s.having) throw UnsupportedError("quarry: a limit per group takes no GROUP BY");
  static constexpr std::string_view number = "quarry_row";
  r.raw(s.distinct ? "SELECT DISTINCT " : "SELECT ");
  if (s.columns.empty()) r.raw("*");
  for (std::size_t i = 0; i < s.columns.size(); ++i) {
    if (s.columns[i].kind != Node::Kind::column)
      throw UnsupportedError("quarry: a limit per group reads columns only, by name");
    r.raw(i ? ", " : "").ident(s.columns[i].name);
  }
  r.raw(" FROM (SELECT ");
  if (s.columns.empty()) r.raw("*");
  else r.exprs(s.columns);
  r.raw(", ROW_NUMBER() OVER (PARTITION BY ");
  r.exprs(g.partition_by);
  order_terms(r, " ORDER BY ", s.order_by);
  r.raw(") AS ").ident(number).raw(" FROM ").ident(s.table);
  if (g.join_on) {
    r.raw(" JOIN ").ident(g.join_table).raw(" ON ");
    r.expr(*g.join_on);
  }
  if (s.where) {
    r.raw(" WHERE ");
    r.expr(*s.where);
  }
  r.raw(") AS ").ident("quarry_rows");
  if (g.offset) r.raw(" WHERE ").ident(number).raw(" > ").param(*g.offset);
  if (g.limit) {
    r.raw(g.offset ? " AND " : " WHERE ").ident(number).raw(" <= ");
    r.param(g.offset ? *g.offset + *g.limit : *g.limit);
  }
  r.raw(" ORDER BY ").ident(number);
}

inline void select_into(Renderer& r, const Select& s) {
  const Dialect& d = r.dialect();
  if (s.per_group) {
    per_group_into(r, s, *s.per_group);
  } else {
    r.raw(s.distinct ? "SELECT DISTINCT " : "SELECT ");
    if (s.columns.empty()) r.raw("*");
    else r.exprs(s.columns);
    r.raw(" FROM ").ident(s.table);
    if (!s.alias.empty()) r.raw(" AS ").ident(s.alias);
    if (s.where) {
      r.raw(" WHERE ");
      r.expr(*s.where);
    }
    if (!s.group_by.empty()) {
      r.raw(" GROUP BY ");
      r.exprs(s.group_by);
    }
    if (s.having) {
      r.raw(" HAVING ");
      r.expr(*s.having);
    }
    order_terms(r, " ORDER BY ", s.order_by);
  }
  if (s.limit) r.raw(" LIMIT ").param(*s.limit);
  else if (s.offset && !d.offset_without_limit.empty()) r.raw(" LIMIT ").raw(d.offset_without_limit);
  if (s.offset) r.raw(" OFFSET ").param(*s.offset);
  if (s.lock != LockMode::none) {
    if (!d.row_locks)
      throw UnsupportedError(fmt::format(
          "quarry: {} has no row locks (FOR UPDATE/FOR SHARE); it locks the whole database on write", d.name));
    r.raw(s.lock == LockMode::update ? std::string_view{" FOR UPDATE"} : d.share_lock);
    if (s.lock_wait != LockWait::wait) {
      if (!d.skip_locked)
        throw UnsupportedError(fmt::format("quarry: {} has no NOWAIT/SKIP LOCKED", d.name));
      r.raw(s.lock_wait == LockWait::nowait ? " NOWAIT" : " SKIP LOCKED");
    }
  }
}
}  // namespace detail

QUARRY_FUNC Rendered render(const Dialect& d, const Select& s) {
  detail::Renderer r{d};
  detail::select_into(r, s);
  return std::move(r).take();
}

QUARRY_FUNC Rendered render(const Dialect& d, const Insert& s) {
  detail::Renderer r{d};
  r.raw("INSERT INTO ").ident(s.table);
  if (!s.arrays.empty()) {  // one array per column: SELECT * FROM unnest($1::type[], ...)
    r.raw(" (").idents(s.columns).raw(") SELECT * FROM unnest(");
    for (std::size_t i = 0; i < s.arrays.size(); ++i) {
      if (i) r.raw(", ");
      if (s.slot_rows.empty()) r.param(Null{});
      else r.slot(s.slot_rows.at(0).at(i));
      r.raw("::").type(s.arrays[i]).raw("[]");
    }
    r.raw(")");
  } else if (s.columns.empty()) {
    r.raw(d.upsert == UpsertSyntax::on_duplicate_key ? " () VALUES ()" : " DEFAULT VALUES");
  } else {
    r.raw(" (").idents(s.columns).raw(") VALUES ");
    for (std::size_t i = 0; i < s.rows.size(); ++i) {
      r.raw(i ? ", (" : "(");
      for (std::size_t j = 0; j < s.rows[i].size(); ++j) {
        if (j) r.raw(", ");
        r.param(s.rows[i][j]);
      }
      r.raw(")");
    }
    for (std::size_t i = 0; i < s.slot_rows.size(); ++i) {
      r.raw(i || !s.rows.empty() ? ", (" : "(");
      for (std::size_t j = 0; j < s.slot_rows[i].size(); ++j) {
        if (j) r.raw(", ");
        r.slot(s.slot_rows[i][j]);
      }
      r.raw(")");
    }
  }
  if (s.upsert) {
    const auto& u = *s.upsert;
    if (d.upsert == UpsertSyntax::on_conflict) {
      r.raw(" ON CONFLICT (").idents(u.conflict_columns).raw(")");
      if (u.update_columns.empty()) {
        r.raw(" DO NOTHING");
      } else {
        r.raw(" DO UPDATE SET ");
        for (std::size_t i = 0; i < u.update_columns.size(); ++i) {
          if (i) r.raw(", ");
          r.ident(u.update_columns[i]).raw(" = excluded.").ident(u.update_columns[i]);
        }
      }
    } else {
      r.raw(" ON DUPLICATE KEY UPDATE ");
      if (u.update_columns.empty()) {  // a no-op assignment keeps the existing row
        r.ident(u.conflict_columns.at(0)).raw(" = ").ident(u.conflict_columns.at(0));
      }
      for (std::size_t i = 0; i < u.update_columns.size(); ++i) {
        if (i) r.raw(", ");
        r.ident(u.update_columns[i]).raw(" = VALUES(").ident(u.update_columns[i]).raw(")");
      }
    }
  }
  detail::returning(r, s.returning);
  return std::move(r).take();
}

QUARRY_FUNC Rendered render(const Dialect& d, const Update& s) {
  detail::Renderer r{d};
  r.writes(s.table);
  r.raw("UPDATE ").ident(s.table).raw(" SET ");
  for (std::size_t i = 0; i < s.set.size(); ++i) {
    if (i) r.raw(", ");
    r.ident(s.set[i].column).raw(" = ");
    if (s.set[i].round_to >= 0 && !d.exact_decimals) {  // stored as the column's scale says, as elsewhere
      r.raw("ROUND(");
      r.expr(s.set[i].value);
      r.raw(", " + std::to_string(s.set[i].round_to) + ")");
    } else {
      r.expr(s.set[i].value);
    }
  }
  if (s.where) {
    r.raw(" WHERE ");
    r.expr(*s.where);
  }
  if (!s.returning.empty() && !d.update_returning)
    throw UnsupportedError(fmt::format("quarry: {} has no UPDATE ... RETURNING", d.name));
  detail::returning(r, s.returning);
  return std::move(r).take();
}

QUARRY_FUNC Rendered render(const Dialect& d, const Delete& s) {
  detail::Renderer r{d};
  r.writes(s.table);
  r.raw("DELETE FROM ").ident(s.table);
  if (s.where) {
    r.raw(" WHERE ");
    r.expr(*s.where);
  }
  detail::returning(r, s.returning);
  return std::move(r).take();
}

namespace detail {
/// A column's definition as CREATE TABLE and ADD COLUMN write it: name, type, NOT NULL, DEFAULT,
/// key, checks, comment.
inline void column_definition(Renderer& r, const ColumnDef& c) {
  const Dialect& d = r.dialect();
  r.ident(c.name).raw(" ").type(c.type);
  if (!c.nullable) r.raw(" NOT NULL");
  if (c.default_now) r.raw(" DEFAULT ").raw(c.type.kind == TypeKind::date ? d.current_date : d.current_timestamp);
  else if (c.default_random_uuid && !d.random_uuid.empty()) r.raw(" DEFAULT ").raw(d.random_uuid);
  else if (c.default_value) r.raw(" DEFAULT ").literal(*c.default_value);
  if (c.primary_key) r.raw(" PRIMARY KEY");
  if (c.auto_increment) r.raw(d.auto_increment(c));
  if (c.unique) r.raw(" UNIQUE");
  if (!c.check.empty()) r.raw(" CHECK (").raw(c.check).raw(")");
  if (c.type.kind == TypeKind::enumeration && d.enums == EnumSyntax::check)
    r.raw(" CHECK (").ident(c.name).raw(" IN (").labels(c.type.labels).raw("))");
  if (!c.comment.empty() && d.comments == CommentSyntax::inline_column) r.raw(" COMMENT ").plain_literal(c.comment);
}
}  // namespace detail

QUARRY_FUNC std::string column_definition(const Dialect& d, const ColumnDef& c) {
  detail::Renderer r{d};
  detail::column_definition(r, c);
  return std::move(r).take().sql;
}

QUARRY_FUNC Rendered render(const Dialect& d, const CreateTable& s) {
  detail::Renderer r{d};
  r.raw(s.if_not_exists ? "CREATE TABLE IF NOT EXISTS " : "CREATE TABLE ").ident(s.table).raw(" (");
  for (std::size_t i = 0; i < s.columns.size(); ++i) {
    if (i) r.raw(", ");
    detail::column_definition(r, s.columns[i]);
  }
  if (!s.primary_key.empty()) r.raw(", PRIMARY KEY (").idents(s.primary_key).raw(")");
  for (const auto& u : s.uniques) r.raw(", CONSTRAINT ").ident(u.name).raw(" UNIQUE (").idents(u.columns).raw(")");
  for (const auto& c : s.checks) {
    r.raw(", ");
    if (!c.name.empty()) r.raw("CONSTRAINT ").ident(c.name).raw(" ");
    r.raw("CHECK (").raw(c.condition).raw(")");
  }
  for (const auto& f : s.foreign_keys) {
    r.raw(", CONSTRAINT ").ident(f.name).raw(" FOREIGN KEY (").idents(f.columns).raw(") REFERENCES ");
    r.ident(f.ref_table).raw(" (").idents(f.ref_columns).raw(")");
    if (f.on_delete != Action::none) r.raw(" ON DELETE ").raw(detail::action_sql(f.on_delete));
    if (f.on_update != Action::none) r.raw(" ON UPDATE ").raw(detail::action_sql(f.on_update));
    if (f.deferrable != Deferrable::no && d.deferrable_constraints)  // MySQL has none: checked at once
      r.raw(f.deferrable == Deferrable::initially_deferred ? " DEFERRABLE INITIALLY DEFERRED"
                                                           : " DEFERRABLE INITIALLY IMMEDIATE");
  }
  r.raw(")").raw(d.table_options);
  return std::move(r).take();
}

QUARRY_FUNC Rendered render(const Dialect& d, const CommentOnColumn& s) {
  if (d.comments != CommentSyntax::comment_on)
    throw UnsupportedError(fmt::format("quarry: {} has no COMMENT ON COLUMN", d.name));
  detail::Renderer r{d};
  r.raw("COMMENT ON COLUMN ").ident(s.table).raw(".").ident(s.column).raw(" IS ").plain_literal(s.text);
  return std::move(r).take();
}

QUARRY_FUNC Rendered render(const Dialect& d, const DropTable& s) {
  detail::Renderer r{d};
  r.raw(s.if_exists ? "DROP TABLE IF EXISTS " : "DROP TABLE ").ident(s.table);
  return std::move(r).take();
}

/// CREATE TYPE ... AS ENUM, which has no IF NOT EXISTS: in a DO block that does nothing when the
/// type exists already, so that sync stays idempotent (PostgreSQL only: EnumSyntax::named_type).
QUARRY_FUNC Rendered render(const Dialect& d, const CreateEnumType& s) {
  if (d.enums != EnumSyntax::named_type)
    throw UnsupportedError(fmt::format("quarry: {} declares no enum types of its own", d.name));
  detail::Renderer body{d};
  body.raw("BEGIN CREATE TYPE ").ident(s.name).raw(" AS ENUM (").labels(s.labels);
  body.raw("); EXCEPTION WHEN duplicate_object THEN NULL; END");
  std::string text = std::move(body).take().sql;
  std::string tag = "$quarry$";  // a dollar quote that the body does not hold
  for (int n = 1; text.find(tag) != std::string::npos; ++n) tag = "$quarry" + std::to_string(n) + "$";
  return {"DO " + tag + " " + text + " " + tag, {}, {}};
}

QUARRY_FUNC Rendered render(const Dialect& d, const DropEnumType& s) {
  if (d.enums != EnumSyntax::named_type)
    throw UnsupportedError(fmt::format("quarry: {} declares no enum types of its own", d.name));
  detail::Renderer r{d};
  r.raw("DROP TYPE IF EXISTS ").ident(s.name);
  return std::move(r).take();
}

QUARRY_FUNC Rendered render(const Dialect& d, const CreateIndex& s) {
  std::string method, lower;  // upper case (MySQL writes it so), lower case (PostgreSQL's names)
  for (char c : s.method) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
      throw UnsupportedError(fmt::format("quarry: index {}: '{}' is no index method", s.name, s.method));
    method += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  bool default_method = method.empty() || method == "BTREE";
  if (d.index_methods == IndexMethods::none && !default_method)
    throw UnsupportedError(fmt::format("quarry: index {}: {} has btree indexes only, not {}", s.name, d.name, s.method));
  if (d.index_methods == IndexMethods::after_columns && !default_method && method != "HASH")
    throw UnsupportedError(
        fmt::format("quarry: index {}: {} has btree and hash indexes, not {}", s.name, d.name, s.method));
  if (!s.where.empty() && !d.partial_indexes)
    throw UnsupportedError(fmt::format(
        "quarry: index {}: {} has no partial indexes (where(...)); index every row, or leave this index out here",
        s.name, d.name));
  detail::Renderer r{d};
  r.raw(s.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ").raw(s.if_not_exists ? "IF NOT EXISTS " : "");
  r.ident(s.name).raw(" ON ").ident(s.table);
  if (d.index_methods == IndexMethods::before_columns && !lower.empty()) r.raw(" USING ").raw(lower);
  r.raw(" (");
  for (std::size_t i = 0; i < s.columns.size(); ++i) {
    if (i) r.raw(", ");
    r.ident(s.columns[i]);
    if (i < s.descending.size() && s.descending[i]) r.raw(" DESC");
  }
  r.raw(")");
  if (d.index_methods == IndexMethods::after_columns && !method.empty()) r.raw(" USING ").raw(method);
  if (!s.where.empty()) r.raw(" WHERE ").raw(s.where);
  return std::move(r).take();
}

QUARRY_FUNC Rendered render(const Dialect& d, const AddColumn& s) {
  detail::Renderer r{d};
  r.raw("ALTER TABLE ").ident(s.table).raw(" ADD COLUMN ");
  detail::column_definition(r, s.column);
  return std::move(r).take();
}

QUARRY_FUNC Rendered render(const Dialect& d, const DropColumn& s) {
  detail::Renderer r{d};
  r.raw("ALTER TABLE ").ident(s.table).raw(" DROP COLUMN ").ident(s.column);
  return std::move(r).take();
}

QUARRY_FUNC std::vector<std::string> render_alter(const Dialect& d, const AlterColumn& s) {
  const ColumnDef& c = s.column;
  if (d.alter == AlterSyntax::alter_column) {
    detail::Renderer type{d};
    type.raw("ALTER TABLE ").ident(s.table).raw(" ALTER COLUMN ").ident(c.name).raw(" TYPE ").type(c.type);
    type.raw(" USING ").ident(c.name).raw("::").type(c.type);
    detail::Renderer null{d};
    null.raw("ALTER TABLE ").ident(s.table).raw(" ALTER COLUMN ").ident(c.name).raw(c.nullable ? " DROP NOT NULL" : " SET NOT NULL");
    if (c.auto_increment)  // an identity column has no default of its own to set or drop
      return {std::move(type).take().sql, std::move(null).take().sql};
    detail::Renderer fallback{d};
    fallback.raw("ALTER TABLE ").ident(s.table).raw(" ALTER COLUMN ").ident(c.name);
    if (c.default_now) fallback.raw(" SET DEFAULT ").raw(c.type.kind == TypeKind::date ? d.current_date : d.current_timestamp);
    else if (c.default_random_uuid && !d.random_uuid.empty()) fallback.raw(" SET DEFAULT ").raw(d.random_uuid);
    else if (c.default_value) fallback.raw(" SET DEFAULT ").literal(*c.default_value);
    else fallback.raw(" DROP DEFAULT");
    return {std::move(type).take().sql, std::move(null).take().sql, std::move(fallback).take().sql};
  }
  if (d.alter == AlterSyntax::modify_column) {
    detail::Renderer r{d};
    r.raw("ALTER TABLE ").ident(s.table).raw(" MODIFY COLUMN ");
    ColumnDef plain = c;
    plain.primary_key = plain.unique = false;  // kept as they are: MODIFY would add them again
    detail::column_definition(r, plain);
    return {std::move(r).take().sql};
  }
  throw UnsupportedError(fmt::format(
      "quarry: {} cannot change the type or NULL of column {}.{} in place; its table must be rebuilt", d.name,
      s.table, c.name));
}

QUARRY_FUNC Rendered render(const Dialect& d, const DropIndex& s) {
  detail::Renderer r{d};
  r.raw("DROP INDEX ").ident(s.name);
  if (d.alter == AlterSyntax::modify_column) r.raw(" ON ").ident(s.table);  // MySQL names indexes per table
  return std::move(r).take();
}

QUARRY_FUNC Rendered render(const Dialect& d, const RenameTable& s) {
  detail::Renderer r{d};
  r.raw("ALTER TABLE ").ident(s.from).raw(" RENAME TO ").ident(s.to);
  return std::move(r).take();
}

QUARRY_FUNC Rendered render(const Dialect& d, const RenameColumn& s) {
  detail::Renderer r{d};
  r.raw("ALTER TABLE ").ident(s.table).raw(" RENAME COLUMN ").ident(s.from).raw(" TO ").ident(s.to);
  return std::move(r).take();
}

QUARRY_FUNC Rendered render(const Dialect& d, const Truncate& s) {
  detail::Renderer r{d};
  r.raw(d.truncate ? "TRUNCATE TABLE " : "DELETE FROM ").ident(s.table);
  return std::move(r).take();
}

/// The statements that open a transaction. type matters on SQLite only (see TransactionType);
/// defer_constraints checks the deferrable foreign keys at commit (SET CONSTRAINTS ALL DEFERRED on
/// PostgreSQL, PRAGMA defer_foreign_keys on SQLite, which both end with the transaction), and is
/// an UnsupportedError where the dialect has no deferrable constraints (MySQL).
QUARRY_FUNC std::vector<std::string> begin_transaction(const Dialect& d, Isolation isolation, bool read_only,
                                                       TransactionType type, bool defer_constraints) {
  static constexpr std::string_view levels[] = {"", "READ UNCOMMITTED", "READ COMMITTED", "REPEATABLE READ",
                                                "SERIALIZABLE"};
  static constexpr std::string_view begins[] = {"", "BEGIN DEFERRED", "BEGIN IMMEDIATE", "BEGIN EXCLUSIVE"};
  std::string level(levels[static_cast<int>(isolation)]);
  if (defer_constraints && !d.deferrable_constraints)
    throw UnsupportedError(fmt::format(
        "quarry: {} checks foreign keys at each statement and cannot defer them to the commit; "
        "insert the referenced rows first",
        d.name));
  switch (d.transactions) {
    case TransactionSyntax::sqlite: {  // one writer at a time: by default the write lock up front, never mid-transaction
      std::vector<std::string> out;
      if (type != TransactionType::default_type) out.emplace_back(begins[static_cast<int>(type)]);
      else out.emplace_back(read_only ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE");
      if (read_only) out.emplace_back("PRAGMA query_only = ON");
      if (defer_constraints) out.emplace_back("PRAGMA defer_foreign_keys = ON");
      return out;
    }
    case TransactionSyntax::postgres: {
      std::vector<std::string> out{"BEGIN" + (level.empty() ? "" : " ISOLATION LEVEL " + level) +
                                   (read_only ? " READ ONLY" : "")};
      if (defer_constraints) out.emplace_back("SET CONSTRAINTS ALL DEFERRED");
      return out;
    }
    case TransactionSyntax::mysql: {
      std::vector<std::string> out;
      if (!level.empty()) out.push_back("SET TRANSACTION ISOLATION LEVEL " + level);
      out.push_back(read_only ? "START TRANSACTION READ ONLY" : "START TRANSACTION");
      return out;
    }
  }
  return {"BEGIN"};
}

/// What restores the connection after a transaction ends (committed or rolled back).
QUARRY_FUNC std::vector<std::string> end_transaction(const Dialect& d, bool read_only) {
  if (d.transactions == TransactionSyntax::sqlite && read_only) return {"PRAGMA query_only = OFF"};
  return {};
}

/// The column that placeholder `index` (from 0) of sql is compared with or written into, for a
/// message about its value: `"col" = $1` and other comparisons, `"col" IN ($1, $2)`, and the
/// column list of an INSERT ... VALUES. "parameter N" where the SQL does not tell. Only on error
/// paths: it reads the text, not an AST.
QUARRY_FUNC std::string placeholder_column(std::string_view sql, std::size_t index) {
  std::string fallback = "parameter " + std::to_string(index + 1);
  // where the placeholder is, outside quotes: $N (not followed by a digit), else the index-th '?'
  std::size_t at = std::string_view::npos, seen = 0;
  std::string dollar = "$" + std::to_string(index + 1);
  for (std::size_t p = 0; p < sql.size() && at == std::string_view::npos; ++p) {
    char c = sql[p];
    if (c == '\'' || c == '"' || c == '`') {  // to the closing quote ('' and "" stay inside)
      for (++p; p < sql.size(); ++p)
        if (sql[p] == c && !(p + 1 < sql.size() && sql[p + 1] == c && ++p)) break;
    } else if (c == '?' && seen++ == index) {
      at = p;
    } else if (sql.substr(p, dollar.size()) == dollar &&
               !(p + dollar.size() < sql.size() && std::isdigit(static_cast<unsigned char>(sql[p + dollar.size()])))) {
      at = p;
    }
  }
  if (at == std::string_view::npos) return fallback;
  auto skip_space = [&](std::size_t& p) { while (p > 0 && sql[p - 1] == ' ') --p; };
  // a quoted identifier ending just before p ("col" or `col`), or "" when there is none
  auto ident_before = [&](std::size_t p) -> std::string {
    skip_space(p);
    if (p == 0 || (sql[p - 1] != '"' && sql[p - 1] != '`')) return {};
    char q = sql[p - 1];
    std::string name;
    for (std::size_t k = p - 1; k-- > 0;) {
      if (sql[k] == q) {
        if (k > 0 && sql[k - 1] == q) { name.insert(name.begin(), q); --k; continue; }
        return name;
      }
      name.insert(name.begin(), sql[k]);
    }
    return {};
  };
  std::size_t p = at;
  skip_space(p);
  // `"col" IN ($1, $2)`: back to the list's '('
  std::size_t list = p;
  while (list > 0 && sql[list - 1] != '(' && sql[list - 1] != ')' && sql[list - 1] != '=') --list;
  if (list > 0 && sql[list - 1] == '(') {
    std::size_t before = list - 1;
    skip_space(before);
    if (before >= 2 && sql.substr(before - 2, 2) == "IN") {
      auto name = ident_before(before >= 6 && sql.substr(before - 6, 6) == "NOT IN" ? before - 6 : before - 2);
      if (!name.empty()) return name;
    }
    // INSERT INTO "t" ("a", "b") VALUES ($1, $2), ...: the position within the row
    auto values = sql.rfind("VALUES", list);
    auto into = sql.find("INSERT INTO ");
    if (values != std::string_view::npos && into != std::string_view::npos && into < values) {
      std::size_t position = 0;
      for (std::size_t k = list; k < at; ++k) position += sql[k] == ',';
      auto open = into + 12;  // after the table's name
      if (open < sql.size() && (sql[open] == '"' || sql[open] == '`')) {
        char q = sql[open];
        for (++open; open < sql.size(); ++open)
          if (sql[open] == q && !(open + 1 < sql.size() && sql[open + 1] == q && ++open)) break;
      }
      open = sql.find('(', open);
      std::size_t column = 0;
      for (std::size_t k = open; open != std::string_view::npos && k < values; ++k) {
        if (sql[k] != '"' && sql[k] != '`') continue;
        auto close = sql.find(sql[k], k + 1);
        while (close != std::string_view::npos && close + 1 < sql.size() && sql[close + 1] == sql[k])
          close = sql.find(sql[k], close + 2);
        if (close == std::string_view::npos) break;
        if (column++ == position) {
          std::string name(sql.substr(k + 1, close - k - 1));
          std::string doubled(2, sql[k]);
          for (auto d = name.find(doubled); d != std::string::npos; d = name.find(doubled, d + 1)) name.erase(d, 1);
          return name.empty() ? fallback : name;
        }
        k = close;
      }
    }
  }
  // `"col" = $1`, `"col" >= $1`, `"col" LIKE $1`, `"col" ~ $1`: back over the operator to the column
  std::size_t op = p;
  while (op > 0 && std::string_view("=<>!").find(sql[op - 1]) != std::string_view::npos) --op;
  if (op == p)
    for (std::string_view word :
         {"NOT ILIKE", "NOT LIKE", "ILIKE", "LIKE", "NOT REGEXP", "REGEXP", "!~*", "~*", "!~", "~"})
      if (op >= word.size() && sql.substr(op - word.size(), word.size()) == word) {
        op -= word.size();
        break;
      }
  if (op != p) {
    auto name = ident_before(op);
    if (!name.empty()) return name;
  }
  return fallback;
}

/// Whether subquery s refers to a query around it: a column in it (or in a subquery inside it)
/// qualified by a table that is neither s's own (its alias, when it has one) nor that of a
/// subquery inside it.
QUARRY_FUNC bool refers_outside(const Select& s) {
  std::vector<std::string_view> scopes;
  return detail::refers_outside(s, scopes);
}

namespace detail {
/// Walks raw SQL: calls skip(from, end) for each quoted string (also PostgreSQL's E'...' with
/// backslash escapes and $tag$...$tag$), quoted identifier ("..." and `...`) and comment (-- and
/// /* */), and code(i) for each other character, which returns where to go on. Where the
/// dialect's literals may hold backslash escapes (MySQL), '...' and "..." do, and # starts a
/// comment too. An unterminated quote or comment runs to the end.
template <class Skip, class Code>
void scan_raw(const Dialect& d, std::string_view sql, Skip&& skip, Code&& code) {
  auto after_word = [&](std::size_t i) {
    return i > 0 && (std::isalnum(static_cast<unsigned char>(sql[i - 1])) || sql[i - 1] == '_');
  };
  const bool mysql = d.backslash_in_literals;
  for (std::size_t i = 0; i < sql.size();) {
    char c = sql[i];
    std::size_t end = i;  // past a part to skip, when it is one
    bool escape_string = (c == 'E' || c == 'e') && i + 1 < sql.size() && sql[i + 1] == '\'' && !after_word(i);
    if (c == '\'' || c == '"' || c == '`' || escape_string) {
      std::size_t j = i + (escape_string ? 2 : 1);
      char quote = escape_string ? '\'' : c;
      bool backslash = escape_string || (mysql && c != '`');
      while (j < sql.size()) {
        if (backslash && sql[j] == '\\') { j += 2; continue; }
        if (sql[j] == quote) {
          if (j + 1 < sql.size() && sql[j + 1] == quote) { j += 2; continue; }
          break;
        }
        ++j;
      }
      end = j + 1;
    } else if ((c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') || (mysql && c == '#')) {
      auto nl = sql.find('\n', i);
      end = nl == std::string_view::npos ? sql.size() : nl + 1;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      auto close = sql.find("*/", i + 2);
      end = close == std::string_view::npos ? sql.size() : close + 2;
    } else if (c == '$' && d.placeholder == Placeholder::dollar && !after_word(i)) {
      auto close = sql.find('$', i + 1);  // $tag$ ... $tag$, where tag may be empty
      auto tag = close == std::string_view::npos ? std::string_view{} : sql.substr(i, close - i + 1);
      bool is_tag = !tag.empty() && std::all_of(tag.begin() + 1, tag.end() - 1, [](char t) {
        return std::isalnum(static_cast<unsigned char>(t)) || t == '_';
      }) && !(tag.size() > 2 && std::isdigit(static_cast<unsigned char>(tag[1])));
      if (is_tag) {
        auto stop = sql.find(tag, close + 1);
        end = stop == std::string_view::npos ? sql.size() : stop + tag.size();
      }
    }
    if (end > i) {
      end = std::min(end, sql.size());
      skip(i, end);
      i = end;
    } else {
      i = code(i);
    }
  }
}
}  // namespace detail

/// Raw SQL is written with '?' on every dialect; this numbers them for dialects that use $n.
/// Quoted strings (also E'...' with backslash escapes and $tag$...$tag$), quoted identifiers
/// and comments (-- and /* */) are left alone.
QUARRY_FUNC std::string translate_placeholders(const Dialect& d, std::string_view sql) {
  if (d.placeholder == Placeholder::question) return std::string(sql);
  std::string out;
  out.reserve(sql.size() + 8);
  int n = 0;
  detail::scan_raw(
      d, sql, [&](std::size_t from, std::size_t end) { out.append(sql.substr(from, end - from)); },
      [&](std::size_t i) {
        if (sql[i] == '?') out += "$" + std::to_string(++n);
        else out += sql[i];
        return i + 1;
      });
  return out;
}

/// Raw SQL with :name placeholders, written with the dialect's own: ? (SQLite, MySQL), or $n
/// (PostgreSQL, where a name used again is the same $n). names gets the name of each placeholder,
/// in order. A name is a letter or _ and then letters, digits and _, after a ':' outside quotes,
/// quoted identifiers and comments (as translate_placeholders skips them) that follows no letter,
/// digit, _ or ':' and is no '::' (so that PostgreSQL's x::type, MySQL's @v := 1 and a[lo:hi]
/// stay as they are). A ? outside quotes is a QueryError: one statement takes names or ?, not both.
QUARRY_FUNC std::string translate_named(const Dialect& d, std::string_view sql, std::vector<std::string>& names) {
  std::string out;
  out.reserve(sql.size() + 8);
  names.clear();
  auto name_char = [](char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!first && c >= '0' && c <= '9');
  };
  detail::scan_raw(
      d, sql, [&](std::size_t from, std::size_t end) { out.append(sql.substr(from, end - from)); },
      [&](std::size_t i) -> std::size_t {
        char c = sql[i];
        if (c == '?')
          throw QueryError(fmt::format(
              "quarry: raw SQL with quarry::Named takes :name placeholders, and this one has a ? at offset {}; "
              "name that value too",
              i));
        if (c != ':') {
          out += c;
          return i + 1;
        }
        if (i + 1 < sql.size() && sql[i + 1] == ':') {  // a cast, x::type (and any run of colons)
          std::size_t j = i;
          while (j < sql.size() && sql[j] == ':') out += sql[j++];
          return j;
        }
        bool after = i > 0 && (name_char(sql[i - 1], false) || sql[i - 1] == ':');
        if (after || i + 1 == sql.size() || !name_char(sql[i + 1], true)) {
          out += c;
          return i + 1;
        }
        std::size_t j = i + 1;
        while (j < sql.size() && name_char(sql[j], false)) ++j;
        std::string name(sql.substr(i + 1, j - i - 1));
        if (d.placeholder == Placeholder::dollar) {
          auto at = std::find(names.begin(), names.end(), name);
          auto number = static_cast<std::size_t>(at - names.begin()) + 1;
          if (at == names.end()) names.push_back(std::move(name));
          out += "$" + std::to_string(number);
        } else {
          names.push_back(std::move(name));
          out += '?';
        }
        return j;
      });
  return out;
}

#endif  // QUARRY_BODIES

}  // namespace quarry::sql
