#pragma once
/// The plain, non-template statement tree that typed queries lower into and the renderer reads.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <string>
#include <variant>
#include <vector>

#include "../config.hpp"
#include "../vector.hpp"
#include "value.hpp"

namespace quarry::sql {

enum class Op : std::uint8_t { eq, ne, lt, le, gt, ge, and_, or_, add, sub, mul, div, mod };

/// The SQL functions quarry knows (a function node's fn): each dialect spells each one
/// (Dialect::functions); named is a function the user names, called as name(args...).
enum class Fn : std::uint8_t {
  named, lower, upper, length, trim, coalesce, nullif, abs, round, round_to, ceil, floor, concat, substring,
  substring_for, now, current_date, year, month, day, hour, minute, second, cast_int, cast_double, cast_text,
  cast_decimal,
};

struct Select;

/// What the value at a path inside a JSON column is read as (a json_path node): the type of what
/// it is compared with.
enum class JsonAs : std::uint8_t { text, number, boolean };

/// One node of an expression.
struct Node {
  enum class Kind : std::uint8_t {
    column,       // name (qualified by table when table is set)
    param,        // value, bound
    slot,         // slot, bound at run time from a row (shapes)
    binary,       // op, args[0] op args[1]
    not_,         // NOT args[0]
    is_null,      // args[0] IS NULL
    is_not_null,  // args[0] IS NOT NULL
    in,           // args[0] IN (args[1..])
    not_in,
    between,      // args[0] BETWEEN args[1] AND args[2]
    not_between,
    like,         // args[0] LIKE args[1]
    not_like,
    ilike,        // case-insensitive LIKE on every dialect
    not_ilike,
    regexp,       // args[0] matches the regular expression args[1], found anywhere in it (case-sensitive)
    not_regexp,
    iregexp,      // the same, ignoring case
    not_iregexp,
    aggregate,    // name(args...), name is COUNT, SUM, MIN, MAX or AVG; distinct for COUNT(DISTINCT x)
    star,         // *
    exists,       // EXISTS (subquery)
    in_subquery,  // args[0] IN (subquery), the subquery of one column
    not_in_subquery,
    subquery,     // (subquery): the one value of its one column and row, NULL when it has no row
    random,       // a random number, new for each row: the dialect's RANDOM() (an order's key)
    function,     // fn(args...) as the dialect spells fn; name(args...) for Fn::named (an identifier)
    raw,          // name is SQL text inserted as is, each ? in it (outside quotes) one of args, in order
    json_path,    // the value at a path inside the JSON column args[0], read as json_as; args[1..] are
                  // the path's steps, params of text (an object's key) or int64 (an array's index)
  };
  Kind kind = Kind::param;
  Op op = Op::eq;
  bool distinct = false;
  Fn fn = Fn::named;  // of a function node
  JsonAs json_as = JsonAs::text;  // of a json_path node
  /// A condition quarry adds itself (a key, an association's key): always ANDed, never replaced
  /// by, nor replacing, a condition on its column when conditions merge column by column
  /// (sql/merge.hpp). The renderer does not read it.
  bool fixed = false;
  std::string name;
  std::string table;
  Value value;
  Slot slot;
  quarry::detail::Vector<Node> args;
  std::shared_ptr<const Select> subquery;  // of exists, in_subquery, not_in_subquery and subquery

  // Declared, and defined once in the compiled library (QUARRY_COMPILED): a file that builds
  // trees then compiles calls, not the copies of every member and of the value's variant.
  Node() = default;
  Node(const Node&);
  Node(Node&&) noexcept;
  Node& operator=(const Node&);
  Node& operator=(Node&&) noexcept;
  ~Node();

  // The factories from column to json_path are out of line ([[gnu::noinline]] on their
  // definitions below: GCC warns of an inline definition after a noinline declaration): the typed
  // layer calls them from a template per column and operator, and inlined there each copy would
  // be compiled again. A tree is built
  // once per query (the hot operations build none), so a call costs nothing that shows.
  static Node column(std::string name, std::string table = {});
  static Node param(Value v);
  static Node placeholder(Slot s);
  static Node unary(Kind k, Node a);
  static Node binary(Op op, Node a, Node b);
  static Node aggregate(std::string fn, quarry::detail::Vector<Node> args, bool distinct = false);
  static Node random();
  static Node function(Fn fn, quarry::detail::Vector<Node> args, std::string name = {});
  static Node raw(std::string text, quarry::detail::Vector<Node> args);
  static Node star();
  static Node json_path(Node column, quarry::detail::Vector<Value> steps);
  static Node exists(Select s);
  /// EXISTS (s), a IN (s) (k in_subquery or not_in_subquery), and (s) as a value: s is shared, as
  /// the typed subquery that lowers into these nodes holds it.
  static Node exists(std::shared_ptr<const Select> s);
  static Node in(Kind k, Node a, std::shared_ptr<const Select> s);
  static Node scalar(std::shared_ptr<const Select> s);
  /// n, marked as a condition quarry adds itself (fixed).
  static Node pinned(Node n);

  // What the typed layer's templates call, one per column, operator or value of a query: cheap to
  // call (a view, a number), so that building the strings and values, and destroying what the
  // call took, is compiled once here rather than at every call site.
  static Node column_named(std::string_view name);
  static Node int_param(std::int64_t v);
  static Node text_param(std::string_view v);
  static Node aggregate_of(std::string_view fn, Node arg, bool distinct = false);
};

#ifdef QUARRY_BODIES
// The typed layer's cheap calls (declared last in Node), each on one of the factories here.
[[gnu::noinline]] QUARRY_FUNC Node Node::column_named(std::string_view name) { return column(std::string(name)); }

[[gnu::noinline]] QUARRY_FUNC Node Node::int_param(std::int64_t v) { return param(Value{v}); }

[[gnu::noinline]] QUARRY_FUNC Node Node::text_param(std::string_view v) { return param(Value{std::string(v)}); }

[[gnu::noinline]] QUARRY_FUNC Node Node::aggregate_of(std::string_view fn, Node arg, bool distinct) {
  quarry::detail::Vector<Node> args;
  args.push_back(std::move(arg));
  return aggregate(std::string(fn), std::move(args), distinct);
}

[[gnu::noinline]] QUARRY_FUNC Node Node::column(std::string name, std::string table) {
  Node n;
  n.kind = Kind::column;
  n.name = std::move(name);
  n.table = std::move(table);
  return n;
}

[[gnu::noinline]] QUARRY_FUNC Node Node::param(Value v) {
  Node n;
  n.value = std::move(v);
  return n;
}

[[gnu::noinline]] QUARRY_FUNC Node Node::placeholder(Slot s) {
  Node n;
  n.kind = Kind::slot;
  n.slot = s;
  return n;
}

[[gnu::noinline]] QUARRY_FUNC Node Node::unary(Kind k, Node a) {
  Node n;
  n.kind = k;
  n.args.push_back(std::move(a));
  return n;
}

[[gnu::noinline]] QUARRY_FUNC Node Node::binary(Op op, Node a, Node b) {
  Node n;
  n.kind = Kind::binary;
  n.op = op;
  n.args.push_back(std::move(a));
  n.args.push_back(std::move(b));
  return n;
}

[[gnu::noinline]] QUARRY_FUNC Node Node::aggregate(std::string fn, quarry::detail::Vector<Node> args, bool distinct) {
  Node n;
  n.kind = Kind::aggregate;
  n.name = std::move(fn);
  n.args = std::move(args);
  n.distinct = distinct;
  return n;
}

[[gnu::noinline]] QUARRY_FUNC Node Node::random() {
  Node n;
  n.kind = Kind::random;
  return n;
}

[[gnu::noinline]] QUARRY_FUNC Node Node::function(Fn fn, quarry::detail::Vector<Node> args, std::string name) {
  Node n;
  n.kind = Kind::function;
  n.fn = fn;
  n.name = std::move(name);
  n.args = std::move(args);
  return n;
}

[[gnu::noinline]] QUARRY_FUNC Node Node::raw(std::string text, quarry::detail::Vector<Node> args) {
  Node n;
  n.kind = Kind::raw;
  n.name = std::move(text);
  n.args = std::move(args);
  return n;
}

[[gnu::noinline]] QUARRY_FUNC Node Node::star() {
  Node n;
  n.kind = Kind::star;
  return n;
}

[[gnu::noinline]] QUARRY_FUNC Node Node::json_path(Node column, quarry::detail::Vector<Value> steps) {
  Node n;
  n.kind = Kind::json_path;
  n.args.reserve(steps.size() + 1);
  n.args.push_back(std::move(column));
  for (auto& s : steps) n.args.push_back(param(std::move(s)));
  return n;
}

QUARRY_FUNC Node Node::pinned(Node n) {
  n.fixed = true;
  return n;
}
#endif  // QUARRY_BODIES

/// Whether name may be called as a function: an identifier (letters, digits, _, not starting with
/// a digit), or several joined by dots (schema.function). Nothing else is ever written as a name.
QUARRY_FUNC bool function_name(std::string_view name);
#ifdef QUARRY_BODIES
QUARRY_FUNC bool function_name(std::string_view name) {
  bool start = true;
  for (char c : name) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (c == '.' && !start) start = true;
    else if (letter || (!start && c >= '0' && c <= '9')) start = false;
    else return false;
  }
  return !start;
}
#endif  // QUARRY_BODIES

/// The ? of a raw SQL fragment that stand for its values: those outside '...', "..." and `...`
/// (a doubled quote stays inside). Calls at(position) for each; returns how many there are.
template <class F>
std::size_t raw_placeholders(std::string_view text, F&& at) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'' || c == '"' || c == '`') {
      for (++i; i < text.size(); ++i)
        if (text[i] == c && !(i + 1 < text.size() && text[i + 1] == c && ++i)) break;
    } else if (c == '?') {
      at(i);
      ++n;
    }
  }
  return n;
}
QUARRY_FUNC std::size_t raw_placeholders(std::string_view text);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::size_t raw_placeholders(std::string_view text) {
  return raw_placeholders(text, [](std::size_t) {});
}
#endif  // QUARRY_BODIES

/// Where an order puts NULLs: where the dialect does (PostgreSQL: as larger than any value;
/// SQLite and MySQL: as smaller), or first or last on every dialect.
enum class Nulls : std::uint8_t { dialect, first, last };

struct OrderTerm {
  Node expr;
  bool descending = false;
  Nulls nulls = Nulls::dialect;
};

struct PerGroup;

enum class LockMode : std::uint8_t { none, update, share };
enum class LockWait : std::uint8_t { wait, nowait, skip_locked };

struct Select {
  std::string table;
  /// FROM table AS alias, when set: a subquery on the table of the query around it, which refers to
  /// that query's columns by the table's own name.
  std::string alias;
  quarry::detail::Vector<Node> columns;  // empty means *
  bool distinct = false;
  std::optional<Node> where;
  quarry::detail::Vector<Node> group_by;
  std::optional<Node> having;
  quarry::detail::Vector<OrderTerm> order_by;
  std::optional<std::int64_t> limit, offset;
  LockMode lock = LockMode::none;
  LockWait lock_wait = LockWait::wait;
  /// When set, the rows are numbered and kept per group (an include's limit per parent, see
  /// PerGroup); limit and offset, when also set, apply to the rows kept.
  std::shared_ptr<const PerGroup> per_group;

  Select() = default;  // the special members are defined once, like Node's
  Select(const Select&);
  Select(Select&&) noexcept;
  Select& operator=(const Select&);
  Select& operator=(Select&&) noexcept;
  ~Select();
};

/// A limit per group (an include's limit per parent): the select's rows, grouped by partition_by,
/// numbered in its order_by within each group (ROW_NUMBER() OVER (PARTITION BY ... ORDER BY ...)),
/// and only those numbered offset + 1 to offset + limit kept, by number. The select's columns are
/// columns, read by name from the numbered rows. With join_on, the rows are numbered after an
/// inner join of join_table on join_on (the join rows of a belongs_to_many, numbered in their
/// targets' order): every column of such a select names its table.
struct PerGroup {
  quarry::detail::Vector<Node> partition_by;
  std::optional<std::int64_t> limit, offset;
  std::string join_table;
  std::optional<Node> join_on;
};

#ifdef QUARRY_BODIES
QUARRY_FUNC Node::Node(const Node&) = default;
QUARRY_FUNC Node::Node(Node&&) noexcept = default;
QUARRY_FUNC Node& Node::operator=(const Node&) = default;
QUARRY_FUNC Node& Node::operator=(Node&&) noexcept = default;
QUARRY_FUNC Node::~Node() = default;
QUARRY_FUNC Select::Select(const Select&) = default;
QUARRY_FUNC Select::Select(Select&&) noexcept = default;
QUARRY_FUNC Select& Select::operator=(const Select&) = default;
QUARRY_FUNC Select& Select::operator=(Select&&) noexcept = default;
QUARRY_FUNC Select::~Select() = default;

QUARRY_FUNC Node Node::exists(Select s) { return exists(std::make_shared<const Select>(std::move(s))); }
QUARRY_FUNC Node Node::exists(std::shared_ptr<const Select> s) {
  Node n;
  n.kind = Kind::exists;
  n.subquery = std::move(s);
  return n;
}
QUARRY_FUNC Node Node::in(Kind k, Node a, std::shared_ptr<const Select> s) {
  Node n;
  n.kind = k;
  n.args.push_back(std::move(a));
  n.subquery = std::move(s);
  return n;
}
QUARRY_FUNC Node Node::scalar(std::shared_ptr<const Select> s) {
  Node n;
  n.kind = Kind::subquery;
  n.subquery = std::move(s);
  return n;
}
#endif  // QUARRY_BODIES

struct ColumnType {
  TypeKind kind = TypeKind::text;
  int size = 0;  // VARCHAR(size); 0 is unbounded text
  int precision = 0, scale = 0;
  bool keyed = false;  // part of a key or index (MySQL cannot index an unbounded TEXT)
  /// An enumeration's names, in value order (static text: the model's own table of them).
  std::span<const std::string_view> labels = {};
  /// An enumeration's own type, where the dialect declares one (PostgreSQL's CREATE TYPE).
  std::string enum_type = {};
};

/// target AND n, or n alone when target is empty: how clauses and filters combine.
QUARRY_FUNC void and_into(std::optional<Node>& target, Node n);
#ifdef QUARRY_BODIES
QUARRY_FUNC void and_into(std::optional<Node>& target, Node n) {
  if (target) target = Node::binary(Op::and_, std::move(*target), std::move(n));
  else target = std::move(n);
}
#endif  // QUARRY_BODIES

/// Appends a copy of from to to: how group_by(...), order_by(...), columns(...) (into emptied
/// columns), a scope's parts and a default scope's or an include's order add to a query
/// (compiled once, rather than a range insert in every file that builds a query).
QUARRY_FUNC void append_into(quarry::detail::Vector<Node>& to, const quarry::detail::Vector<Node>& from);
QUARRY_FUNC void append_into(quarry::detail::Vector<OrderTerm>& to, const quarry::detail::Vector<OrderTerm>& from);
#ifdef QUARRY_BODIES
QUARRY_FUNC void append_into(quarry::detail::Vector<Node>& to, const quarry::detail::Vector<Node>& from) {
  to.insert(to.end(), from.begin(), from.end());
}
QUARRY_FUNC void append_into(quarry::detail::Vector<OrderTerm>& to, const quarry::detail::Vector<OrderTerm>& from) {
  to.insert(to.end(), from.begin(), from.end());
}
#endif  // QUARRY_BODIES

/// ON CONFLICT (...) DO UPDATE / ON DUPLICATE KEY UPDATE: on a clash, copy update_columns from the new row.
struct Upsert {
  std::vector<std::string> conflict_columns;
  std::vector<std::string> update_columns;  // empty: leave the existing row as it is
};

struct Insert {
  std::string table;
  std::vector<std::string> columns;
  quarry::detail::Vector<quarry::detail::Vector<Value>> rows;
  /// Instead of rows, for a shape: the slots of each row, one per column.
  quarry::detail::Vector<quarry::detail::Vector<Slot>> slot_rows;
  /// When set, the rows come as one array parameter per column of these types, unnested
  /// (PostgreSQL), and `rows` is empty; `slot_rows`, when set, holds one row: each array's slot.
  quarry::detail::Vector<ColumnType> arrays;
  std::optional<Upsert> upsert;
  std::vector<std::string> returning;

  Insert() = default;  // the special members are defined once, like Node's
  Insert(const Insert&);
  Insert(Insert&&) noexcept;
  Insert& operator=(const Insert&);
  Insert& operator=(Insert&&) noexcept;
  ~Insert();
};

#ifdef QUARRY_BODIES
QUARRY_FUNC Insert::Insert(const Insert&) = default;
QUARRY_FUNC Insert::Insert(Insert&&) noexcept = default;
QUARRY_FUNC Insert& Insert::operator=(const Insert&) = default;
QUARRY_FUNC Insert& Insert::operator=(Insert&&) noexcept = default;
QUARRY_FUNC Insert::~Insert() = default;
#endif  // QUARRY_BODIES

struct Assignment {
  std::string column;
  Node value;
  /// The scale of a DECIMAL(p, s) column that value, an expression, is assigned to; dialects whose
  /// columns keep any number (Dialect::exact_decimals false) round to it. -1: not such a case.
  int round_to = -1;
};

/// Appends {column, value, round_to} to out: what the typed set(...) lowers through, so that the
/// vector's growth and the column's string are compiled once with QUARRY_COMPILED, not per model.
QUARRY_FUNC void add_assignment(quarry::detail::Vector<Assignment>& out, std::string_view column, Node&& value,
                                int round_to);
#ifdef QUARRY_BODIES
QUARRY_FUNC void add_assignment(quarry::detail::Vector<Assignment>& out, std::string_view column, Node&& value,
                                int round_to) {
  out.push_back({std::string(column), std::move(value), round_to});
}
#endif  // QUARRY_BODIES

struct Update {
  std::string table;
  quarry::detail::Vector<Assignment> set;
  std::optional<Node> where;
  std::vector<std::string> returning;
};

struct Delete {
  std::string table;
  std::optional<Node> where;
  /// DELETE ... RETURNING these columns: the rows as they were (PostgreSQL, SQLite, MariaDB 10.5+).
  std::vector<std::string> returning = {};
};


struct ColumnDef {
  std::string name;
  ColumnType type;
  bool nullable = false;
  bool primary_key = false;  // sole primary key column (composite keys go to CreateTable::primary_key)
  bool auto_increment = false;
  bool unique = false;
  std::string check;
  std::optional<Value> default_value;
  bool default_now = false;          // DEFAULT CURRENT_TIMESTAMP (CURRENT_DATE on a date column)
  bool default_random_uuid = false;  // DEFAULT a random UUID, where the dialect has a way to write one
  std::string comment;               // COMMENT, where the dialect keeps one
};

/// A foreign key's action on delete or update of the referenced row (none: the dialect's default).
using quarry::detail::Action;
using quarry::detail::Deferrable;

struct ForeignKey {
  std::string name;
  std::vector<std::string> columns;
  std::string ref_table;
  std::vector<std::string> ref_columns;
  Action on_delete = Action::none, on_update = Action::none;
  Deferrable deferrable = Deferrable::no;  ///< rendered where Dialect::deferrable_constraints
};

/// The kinds of constraint that add_constraint adds to a table that exists (sql/constraint.hpp).
enum class ConstraintKind : std::uint8_t { unique, check, foreign_key, primary_key };

struct UniqueConstraint {
  std::string name;
  std::vector<std::string> columns;
};

/// CONSTRAINT name CHECK (condition), the condition SQL written as it is; unnamed ("") where the
/// database is to name it.
struct CheckConstraint {
  std::string name;
  std::string condition;
};

struct CreateTable {
  std::string table;
  std::vector<ColumnDef> columns;
  std::vector<std::string> primary_key;  // when more than one column
  std::vector<UniqueConstraint> uniques;
  std::vector<CheckConstraint> checks;
  std::vector<ForeignKey> foreign_keys;
  bool if_not_exists = true;
};

/// COMMENT ON COLUMN table.column IS 'text' (PostgreSQL: CommentSyntax::comment_on).
struct CommentOnColumn {
  std::string table, column, text;
};

struct DropTable {
  std::string table;
  bool if_exists = true;
};

/// The type of an enumeration column, where the dialect declares one (PostgreSQL): CREATE TYPE
/// name AS ENUM (labels...), doing nothing when it exists already.
struct CreateEnumType {
  std::string name;
  std::span<const std::string_view> labels;
};

struct DropEnumType {
  std::string name;
};

struct CreateIndex {
  std::string name;
  std::string table;
  std::vector<std::string> columns;
  bool unique = false;
  bool if_not_exists = true;
  std::vector<bool> descending{};  // per column; empty: all ascending
  std::string where{};             // a partial index's condition, SQL from the program ("": none)
  std::string method{};            // btree, hash, gin, ... ("": the dialect's default)
};

struct Truncate {
  std::string table;
};

/// ALTER TABLE table ADD COLUMN column (its definition as CREATE TABLE writes it).
struct AddColumn {
  std::string table;
  ColumnDef column;
};
/// ALTER TABLE table DROP COLUMN column.
struct DropColumn {
  std::string table, column;
};
/// A column's type and NULL made what column says (PostgreSQL: ALTER COLUMN ... TYPE, SET/DROP NOT
/// NULL; MySQL: MODIFY COLUMN with the whole definition). SQLite has none: its tables are rebuilt.
struct AlterColumn {
  std::string table;
  ColumnDef column;
};
/// ALTER TABLE from RENAME TO to.
struct RenameTable {
  std::string from, to;
};
/// ALTER TABLE table RENAME COLUMN from TO to.
struct RenameColumn {
  std::string table, from, to;
};
/// DROP INDEX name (ON table, where the dialect asks for it).
struct DropIndex {
  std::string table, name;
};

}  // namespace quarry::sql
