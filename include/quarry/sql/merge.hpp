#pragma once
/// Merging conditions column by column: the rule of a model whose Model<T>::where_merge is
/// quarry::last_per_column (Sequelize's default whereMergeStrategy, 'overwrite'; docs/scopes.md).
/// A condition is split into its conjuncts (the operands of its top-level ANDs). A conjunct that
/// tests exactly one column belongs to that column; a later condition that has a conjunct on a
/// column replaces every earlier conjunct on it. Conjuncts on several columns or on none (an OR
/// across columns, an EXISTS) belong to no column: they are always kept, as with plain AND. So do
/// the conditions quarry adds itself (Node::fixed: a find_by_pk's key, related's association, the
/// keys an include level reads).
///
///   where(age >= 18 && active)  then  where(age > 30)   ->   active AND age > 30

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "../config.hpp"
#include "../vector.hpp"
#include "ast.hpp"

namespace quarry::sql {

namespace detail {

/// The conjuncts of n, in order: n itself, or the operands of its top-level ANDs.
QUARRY_FUNC void conjuncts(Node n, quarry::detail::Vector<Node>& out);
#ifdef QUARRY_BODIES
QUARRY_FUNC void conjuncts(Node n, quarry::detail::Vector<Node>& out) {
  if (n.kind == Node::Kind::binary && n.op == Op::and_ && !n.fixed) {
    conjuncts(std::move(n.args[0]), out);
    conjuncts(std::move(n.args[1]), out);
  } else {
    out.push_back(std::move(n));
  }
}
#endif  // QUARRY_BODIES

/// The column n tests, when it tests exactly one (a subquery's columns do not count): found is
/// false when it tests none, several is true when it tests more than one.
struct ColumnOf {
  const Node* column = nullptr;
  bool several = false;
};

inline bool same_column(const Node& a, const Node& b) { return a.name == b.name && a.table == b.table; }

QUARRY_FUNC void column_of(const Node& n, ColumnOf& out);
#ifdef QUARRY_BODIES
QUARRY_FUNC void column_of(const Node& n, ColumnOf& out) {
  if (out.several) return;
  if (n.kind == Node::Kind::column) {
    if (!out.column) out.column = &n;
    else if (!same_column(*out.column, n)) out.several = true;
    return;
  }
  for (const auto& a : n.args) column_of(a, out);
}
#endif  // QUARRY_BODIES

/// The one column conjunct n belongs to, or null (also for a fixed one).
QUARRY_FUNC const Node* key_of(const Node& n);
#ifdef QUARRY_BODIES
QUARRY_FUNC const Node* key_of(const Node& n) {
  if (n.fixed) return nullptr;
  ColumnOf c;
  column_of(n, c);
  return c.several ? nullptr : c.column;
}
#endif  // QUARRY_BODIES

/// The conjuncts as one condition (ANDed left to right), or none.
QUARRY_FUNC std::optional<Node> and_of(quarry::detail::Vector<Node>& parts);
#ifdef QUARRY_BODIES
QUARRY_FUNC std::optional<Node> and_of(quarry::detail::Vector<Node>& parts) {
  std::optional<Node> out;
  for (auto& p : parts) and_into(out, std::move(p));
  return out;
}
#endif  // QUARRY_BODIES

/// Whether any conjunct of `over` belongs to column.
QUARRY_FUNC bool tests_column(const quarry::detail::Vector<Node>& over, const Node& column);
#ifdef QUARRY_BODIES
QUARRY_FUNC bool tests_column(const quarry::detail::Vector<Node>& over, const Node& column) {
  for (const auto& o : over)
    if (const Node* k = key_of(o); k && same_column(*k, column)) return true;
  return false;
}
#endif  // QUARRY_BODIES

/// The conjuncts of base that no conjunct of over replaces; replaced is set when one was dropped.
QUARRY_FUNC quarry::detail::Vector<Node> kept(const Node& base, const quarry::detail::Vector<Node>& over,
                                              bool& replaced);
#ifdef QUARRY_BODIES
QUARRY_FUNC quarry::detail::Vector<Node> kept(const Node& base, const quarry::detail::Vector<Node>& over,
                                              bool& replaced) {
  quarry::detail::Vector<Node> parts, out;
  conjuncts(base, parts);
  for (auto& p : parts) {
    const Node* k = key_of(p);
    if (k && tests_column(over, *k)) replaced = true;
    else out.push_back(std::move(p));
  }
  return out;
}
#endif  // QUARRY_BODIES

}  // namespace detail

/// target, merged with a later condition n column by column: target's conjuncts on a column that
/// n tests are dropped, then n is ANDed in. When nothing is dropped, the same as and_into.
QUARRY_FUNC void merge_by_column(std::optional<Node>& target, Node n);
#ifdef QUARRY_BODIES
QUARRY_FUNC void merge_by_column(std::optional<Node>& target, Node n) {
  if (!target) {
    target = std::move(n);
    return;
  }
  quarry::detail::Vector<Node> over;
  detail::conjuncts(n, over);
  bool replaced = false;
  auto keep = detail::kept(*target, over, replaced);
  if (!replaced) return and_into(target, std::move(n));
  target = detail::and_of(keep);
  and_into(target, std::move(n));
}
#endif  // QUARRY_BODIES

/// target, merged over an earlier condition base column by column (a default scope under a
/// query's conditions): base's conjuncts on a column that target tests are dropped, the rest
/// ANDed after target. When nothing is dropped, the same as and_into(target, base).
QUARRY_FUNC void merge_under(std::optional<Node>& target, const Node& base);
#ifdef QUARRY_BODIES
QUARRY_FUNC void merge_under(std::optional<Node>& target, const Node& base) {
  if (!target) {
    target = base;
    return;
  }
  quarry::detail::Vector<Node> over;
  detail::conjuncts(*target, over);
  bool replaced = false;
  auto keep = detail::kept(base, over, replaced);
  if (auto rest = detail::and_of(keep)) and_into(target, std::move(*rest));
}
#endif  // QUARRY_BODIES

}  // namespace quarry::sql
