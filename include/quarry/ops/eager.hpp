#pragma once
/// Eager loading as plans: what each include level reads, built as plain AST from the typed
/// include<...>(...) clauses, with no connection. An include's where and order_by (include_parts),
/// the EXISTS that a required include adds to its parent's WHERE (exists_for, required_filter),
/// and the condition that selects the rows associated with one owner (Related). Every SELECT here
/// goes through the read path (ops::plan), so the filter stage applies at every level. exec/eager.hpp
/// runs these plans: one query per include level and chunk of keys.
///
///   auto required = ops::required_filter<Author>(include<&Author::books>(required));   // EXISTS (...)

#include <cstddef>
#include <cstdint>
#include <memory>  // make_shared
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../algorithm.hpp"  // quarry::detail's algorithms: no <algorithm>
#include "../model/association.hpp"
#include "../query/include.hpp"
#include "../query/value.hpp"  // to_value
#include "../vector.hpp"
#include "read.hpp"

#ifdef QUARRY_BODIES
#include <algorithm>
#endif

namespace quarry::ops {

/// The number of parameters in n or s (a chunk of keys must leave room for them), those of
/// subqueries included.
inline std::size_t count_params(const sql::Select& s);
inline std::size_t count_params(const sql::Node& n) {
  std::size_t c = n.kind == sql::Node::Kind::param || n.kind == sql::Node::Kind::slot ? 1 : 0;
  for (const auto& a : n.args) c += count_params(a);
  if (n.subquery) c += count_params(*n.subquery);
  return c;
}
inline std::size_t count_params(const sql::Select& s) {
  std::size_t c = (s.limit ? 1 : 0) + (s.offset ? 1 : 0);
  for (const auto& n : s.columns) c += count_params(n);
  if (s.where) c += count_params(*s.where);
  for (const auto& n : s.group_by) c += count_params(n);
  if (s.having) c += count_params(*s.having);
  for (const auto& o : s.order_by) c += count_params(o.expr);
  if (const auto& g = s.per_group) {  // an include's limit per parent: its bounds, its window's keys
    c += (g->limit ? 1 : 0) + (g->offset ? 1 : 0);
    for (const auto& n : g->partition_by) c += count_params(n);
    if (g->join_on) c += count_params(*g->join_on);
  }
  return c;
}

/// A key member's value, and whether it has one (a std::optional key may be unset).
template <class V>
const auto& key_value(const V& v) {
  if constexpr (quarry::detail::is_optional_v<V>) return *v;
  else return v;
}
template <class V>
bool has_key(const V& v) {
  if constexpr (quarry::detail::is_optional_v<V>) return v.has_value();
  else return true;
}

/// a AND b, or the one of them that is set (at least one must be).
inline sql::Node and_all(std::optional<sql::Node> a, std::optional<sql::Node> b) {
  if (!a) return *b;
  if (!b) return *a;
  return sql::Node::binary(sql::Op::and_, std::move(*a), std::move(*b));
}

/// An include's limit(n) and offset(n): rows per parent.
struct PerParent {
  std::optional<std::int64_t> limit, offset;
  explicit operator bool() const { return limit || offset; }
};

/// where and order_by of an include (its scopes' too), checked against its target model, and
/// what the filter stage adds to its target's rows: the default scope unless unscoped(), the
/// live rows unless with_deleted() or only_deleted() among its options; its limit per parent.
struct IncludeParts {
  std::optional<sql::Node> where;
  quarry::detail::Vector<sql::OrderTerm> order;
  Visibility visible;
  PerParent per_parent;
};

/// Sets the limit(n) or offset(n) of c, or of the parts of a scope c, into per.
template <class C>
void per_parent_into(PerParent& per, const C& c) {
  if constexpr (query::is_scope<C>) std::apply([&](const auto&... p) { (per_parent_into(per, p), ...); }, c.parts);
  else if constexpr (C::kind == query::c_limit) per.limit = c.n;
  else if constexpr (C::kind == query::c_offset) per.offset = c.n;
}

template <class Target, class Inc>
IncludeParts include_parts(const Inc& inc) {
  IncludeParts parts;
  std::apply([&](const auto&... o) {
    [[maybe_unused]] auto one = [&](const auto& c) {
      using C = std::remove_cvref_t<decltype(c)>;
      if constexpr (query::check_clause<Target, query::include_clauses, C>()) {
        query::where_into(parts.where, c);
        query::order_into(parts.order, c);
        per_parent_into(parts.per_parent, c);
      }
    };
    (one(o), ...);
    parts.visible = visibility<Target, std::remove_cvref_t<decltype(o)>...>();
  }, inc.options);
  return parts;
}

/// The order of an include level that gives none: its default scope's (unless v says unscoped()),
/// as the order stage of a read (ops::order), else by the target's key, when it has one column.
template <class T>
quarry::detail::Vector<sql::OrderTerm> default_order(Visibility v = {}) {
  if (const auto& scoped = model_info<T>().default_order; v.scoped && !scoped.empty()) return scoped;
  if constexpr (quarry::detail::count_primary_keys<T>(quarry::detail::model_fields<T>) == 1)
    return {{sql::Node::column(std::string(quarry::detail::column_name<quarry::detail::single_primary_key<T>()>())), false}};
  else return {};
}

/// order, then each column of info's primary key that it does not order by yet: the order that
/// numbers each parent's rows under a limit per parent, so that ties never decide which rows are kept.
QUARRY_FUNC quarry::detail::Vector<sql::OrderTerm> with_key_last(const ModelInfo& info,
                                                                 quarry::detail::Vector<sql::OrderTerm> order);
#ifdef QUARRY_BODIES
QUARRY_FUNC quarry::detail::Vector<sql::OrderTerm> with_key_last(const ModelInfo& info,
                                                                 quarry::detail::Vector<sql::OrderTerm> order) {
  for (auto i : info.primary_key) {
    const std::string& key = info.columns[i];
    bool ordered = std::any_of(order.begin(), order.end(), [&](const sql::OrderTerm& o) {
      return o.expr.kind == sql::Node::Kind::column && o.expr.name == key && o.expr.table.empty();
    });
    if (!ordered) order.push_back({sql::Node::column(key), false});
  }
  return order;
}
#endif  // QUARRY_BODIES
template <class T>
quarry::detail::Vector<sql::OrderTerm> with_key_last(quarry::detail::Vector<sql::OrderTerm> order) {
  return with_key_last(model_info<T>(), std::move(order));
}

/// n with each column that names no table named as one of table: a condition on one table of a join.
/// (A raw fragment's text is not read: its columns stay as written.)
inline void qualify(sql::Node& n, const std::string& table) {
  if (n.kind == sql::Node::Kind::column && n.table.empty()) n.table = table;
  for (auto& a : n.args) qualify(a, table);
}

/// select_in's part that is not a template (below): in, the column's IN (keys), already built.
QUARRY_FUNC sql::Select select_in(const ModelInfo& info, const std::string& column, sql::Node in,
                                  const std::optional<sql::Node>& where,
                                  const quarry::detail::Vector<sql::OrderTerm>& order, Visibility v, const bool* fields,
                                  PerParent per);
#ifdef QUARRY_BODIES
QUARRY_FUNC sql::Select select_in(const ModelInfo& info, const std::string& column, sql::Node in,
                                  const std::optional<sql::Node>& where,
                                  const quarry::detail::Vector<sql::OrderTerm>& order, Visibility v, const bool* fields,
                                  PerParent per) {
  sql::Select s;
  in.fixed = true;  // the keys this level reads: never merged away (sql/merge.hpp)
  s.where = and_all(std::move(in), where);
  s.order_by = order;
  if (per)
    s.per_group = std::make_shared<const sql::PerGroup>(
        sql::PerGroup{{sql::Node::column(column)}, per.limit, per.offset, {}, std::nullopt});
  return plan(info, std::move(s), std::nullopt, v, fields);
}
#endif  // QUARRY_BODIES
/// The read of one chunk of an include level: Target's rows whose column is one of keys and that
/// match where, in order, by the read path (with what its filter stage adds, as v says), of the
/// fields that fields marks. With per (an include's limit per parent): the rows of each key
/// numbered in order, and only those that per keeps.
template <class Target, class K>
sql::Select select_in(const std::string& column, std::span<const K> keys, const std::optional<sql::Node>& where,
                      const quarry::detail::Vector<sql::OrderTerm>& order, Visibility v, const bool* fields,
                      PerParent per = {}) {
  sql::Node in = sql::Node::unary(sql::Node::Kind::in, sql::Node::column(column));
  in.args.reserve(keys.size() + 1);
  for (const auto& k : keys) in.args.push_back(sql::Node::param(quarry::detail::to_value(k)));
  return select_in(model_info<Target>(), column, std::move(in), where, order, v, fields, per);
}

namespace detail {
template <auto M>
sql::Node qualified() {
  return sql::Node::column(std::string(quarry::detail::column_name<M>()),
                           std::string(quarry::detail::table_name<quarry::detail::class_of<M>>()));
}
}  // namespace detail

/// A belongs_to_many include with a limit per parent, for one chunk of owner keys: the join rows
/// of those owners, each owner's numbered in its targets' order (parts.order, ties by the
/// target's key), joined to the targets that parts.where and the targets' filter stage keep, and
/// only those that parts.per_parent keeps: the links to the targets that each owner keeps.
template <auto Member, class K>
sql::Select links_in(std::span<const K> keys, const IncludeParts& parts) {
  using A = std::remove_cvref_t<decltype(quarry::detail::association_of<Member>())>;
  using Keys = quarry::detail::AssociationKeys<A>;
  using Target = typename A::target;
  using Through = quarry::detail::class_of<A::foreign_key>;
  const auto& target = model_info<Target>();
  const auto& through = model_info<Through>();
  sql::Select t;  // the targets' conditions, their own and the filter stage's
  t.where = parts.where;
  t = plan(target, std::move(t), std::nullopt, parts.visible);
  sql::Select s = plan(through, {}, std::nullopt, {}, quarry::detail::read_by_default<Through>.data());
  for (auto& c : s.columns) qualify(c, through.table);
  if (s.where) qualify(*s.where, through.table);
  if (t.where) qualify(*t.where, target.table);
  sql::Node in = sql::Node::unary(sql::Node::Kind::in, detail::qualified<A::foreign_key>());
  in.fixed = true;
  in.args.reserve(keys.size() + 1);
  for (const auto& k : keys) in.args.push_back(sql::Node::param(quarry::detail::to_value(k)));
  std::optional<sql::Node> where = std::move(in);
  if (s.where) sql::and_into(where, std::move(*s.where));
  if (t.where) sql::and_into(where, std::move(*t.where));
  s.where = std::move(where);
  s.order_by = with_key_last<Target>(parts.order);
  for (auto& o : s.order_by) qualify(o.expr, target.table);
  s.per_group = std::make_shared<const sql::PerGroup>(sql::PerGroup{
      {detail::qualified<A::foreign_key>()}, parts.per_parent.limit, parts.per_parent.offset, target.table,
      sql::Node::binary(sql::Op::eq, detail::qualified<A::other_key>(), detail::qualified<Keys::target_key>())});
  return s;
}

namespace detail {

/// The number k of the alias <table>_sub<k> ("<table>_sub" is 1) of the deepest select on table
/// under such an alias in s or n, at any depth; 0 when there is none.
inline int alias_depth(const sql::Select& s, const std::string& table);
inline int alias_depth(const sql::Node& n, const std::string& table) {
  int d = 0;
  for (const auto& a : n.args) d = quarry::detail::max(d, alias_depth(a, table));
  if (n.subquery) d = quarry::detail::max(d, alias_depth(*n.subquery, table));
  return d;
}
inline int alias_depth(const sql::Select& s, const std::string& table) {
  int d = 0;
  std::string base = table + "_sub";
  if (s.table == table && s.alias.compare(0, base.size(), base) == 0)
    d = s.alias.size() == base.size() ? 1 : std::stoi(s.alias.substr(base.size()));
  for (const auto& c : s.columns) d = quarry::detail::max(d, alias_depth(c, table));
  if (s.where) d = quarry::detail::max(d, alias_depth(*s.where, table));
  if (s.having) d = quarry::detail::max(d, alias_depth(*s.having, table));
  for (const auto& o : s.order_by) d = quarry::detail::max(d, alias_depth(o.expr, table));
  return d;
}

/// n with each column qualified by table `from` qualified by `to` instead, in its subqueries too
/// (copied), except inside a subquery that reads `from` under its own name, where that name is
/// the subquery's own row.
inline void requalify(sql::Node& n, const std::string& from, const std::string& to) {
  if (n.kind == sql::Node::Kind::column && n.table == from) n.table = to;
  for (auto& a : n.args) requalify(a, from, to);
  if (n.subquery && !(n.subquery->table == from && n.subquery->alias.empty())) {
    sql::Select s = *n.subquery;
    for (auto& c : s.columns) requalify(c, from, to);
    if (s.where) requalify(*s.where, from, to);
    if (s.having) requalify(*s.having, from, to);
    for (auto& o : s.order_by) requalify(o.expr, from, to);
    n.subquery = std::make_shared<const sql::Select>(std::move(s));
  }
}

/// A condition that no row meets (1 = 0): an owner outside its association's scope has no rows.
inline sql::Node never() { return sql::Node::unary(sql::Node::Kind::in, sql::Node::param(std::int64_t{1})); }

}  // namespace detail

/// Calls fn(v, on_target) for each scope_value of association A: on_target tells a member of
/// its target from one of the declaring model (a std::bool_constant, for if constexpr).
template <class A, class F>
void for_each_scope(F&& fn) {
  std::apply([&](const auto&... values) {
    (fn(values, std::bool_constant<std::is_same_v<quarry::detail::class_of<std::remove_cvref_t<decltype(values)>::member>,
                                                  typename A::target>>{}),
     ...);
  }, quarry::detail::association_of<A::member>().scope);
}
/// A scope value as its member's type binds it.
template <class V>
sql::Node scope_param(const V& v) {
  return sql::Node::param(quarry::detail::to_value(quarry::detail::member_type<V::member>(v.value)));
}

/// Association A's scope (its scope_value<&M>(v) options) on its target's rows: each member of
/// the target equal to its value, as the member's type binds it; none when it has none.
template <class A>
std::optional<sql::Node> target_scope() {
  std::optional<sql::Node> out;
  for_each_scope<A>([&](const auto& v, auto on_target) {
    using V = std::remove_cvref_t<decltype(v)>;
    if constexpr (on_target)
      sql::and_into(out, sql::Node::binary(sql::Op::eq,
                                           sql::Node::column(std::string(quarry::detail::column_name<V::member>())),
                                           scope_param(v)));
  });
  return out;
}

/// Whether owner is in association A's scope: each member of the declaring model that the scope
/// names holds its value (a comment's post only where its commentable is "post").
template <class A>
bool owner_in_scope(const typename A::owner& owner) {
  bool in = true;
  for_each_scope<A>([&](const auto& v, auto on_target) {
    using V = std::remove_cvref_t<decltype(v)>;
    if constexpr (!on_target) in = in && owner.*V::member == quarry::detail::member_type<V::member>(v.value);
  });
  return in;
}

/// Sets association A's scope on the rows it links: its values into target's members, and into
/// owner's where the scope names the declaring model's.
template <class A>
void link_scope(typename A::owner& owner, typename A::target& target) {
  for_each_scope<A>([&](const auto& v, auto on_target) {
    using V = std::remove_cvref_t<decltype(v)>;
    if constexpr (on_target) target.*V::member = v.value;
    else owner.*V::member = v.value;
  });
}

namespace detail {

/// The scope of association A on the declaring model's row, in a subquery on A's target: its
/// members qualified by the declaring model's table, so that they mean the row around it.
template <class A>
std::optional<sql::Node> owner_scope() {
  std::optional<sql::Node> out;
  for_each_scope<A>([&](const auto& v, auto on_target) {
    using V = std::remove_cvref_t<decltype(v)>;
    if constexpr (!on_target) sql::and_into(out, sql::Node::binary(sql::Op::eq, qualified<V::member>(), scope_param(v)));
  });
  return out;
}

/// The condition on association A's target rows, in a subquery on them, that links them to the
/// row of the query around it (an owner's), whose key is qualified by its table: has_one and
/// has_many target.fk = owner.key, belongs_to target.key = owner.fk, belongs_to_many target.key
/// IN (the join model's rows of the owner, through the read path).
template <class A>
sql::Node link_to_owner() {
  using Keys = quarry::detail::AssociationKeys<A>;
  auto target_key = sql::Node::column(std::string(quarry::detail::column_name<Keys::target_key>()));
  if constexpr (A::kind == AssociationKind::belongs_to_many) {
    using Through = quarry::detail::class_of<A::foreign_key>;
    sql::Select link;
    link.columns = {sql::Node::column(std::string(quarry::detail::column_name<A::other_key>()))};
    link.where = sql::Node::binary(sql::Op::eq,
                                   sql::Node::column(std::string(quarry::detail::column_name<A::foreign_key>())),
                                   qualified<Keys::owner_key>());
    std::optional<sql::Node> out = sql::Node::in(
        sql::Node::Kind::in_subquery, std::move(target_key),
        std::make_shared<const sql::Select>(plan(model_info<Through>(), std::move(link))));
    if (auto scope = target_scope<A>()) sql::and_into(out, std::move(*scope));
    return std::move(*out);
  } else {
    std::optional<sql::Node> out = sql::Node::binary(sql::Op::eq, std::move(target_key), qualified<Keys::owner_key>());
    if (auto scope = target_scope<A>()) sql::and_into(out, std::move(*scope));
    if (auto scope = owner_scope<A>()) sql::and_into(out, std::move(*scope));
    return std::move(*out);
  }
}

/// SELECT columns FROM association A's target WHERE its link to the owner AND condition, through
/// the read path as v says: the rows of the owner of the query around it (required includes,
/// has<M>, via<M>). On an association of a model with itself the target is read under an alias,
/// <table>_sub, or <table>_sub<k> past the aliases of that table in condition, whose references
/// to the target's row, written with its table's name, are renamed to it: the owner's key keeps
/// the name, so that it still means the row around it.
template <class A>
sql::Select linked_rows(quarry::detail::Vector<sql::Node> columns, std::optional<sql::Node> condition, Visibility v) {
  using Target = typename A::target;
  const auto& info = model_info<Target>();
  sql::Select s;
  s.columns = std::move(columns);
  if constexpr (std::is_same_v<Target, typename A::owner>) {
    int depth = condition ? alias_depth(*condition, info.table) : 0;
    for (const auto& c : s.columns) depth = quarry::detail::max(depth, alias_depth(c, info.table));
    s.alias = info.table + "_sub" + (depth > 0 ? std::to_string(depth + 1) : std::string());
    for (auto& c : s.columns) requalify(c, info.table, s.alias);
    if (condition) requalify(*condition, info.table, s.alias);
  }
  s.where = and_all(link_to_owner<A>(), std::move(condition));
  return plan(info, std::move(s), std::nullopt, v);
}

}  // namespace detail

/// EXISTS (...) that holds when a row of T has a match for include inc (for required includes).
template <class T, class Inc>
sql::Node exists_for(const Inc& inc);

/// The EXISTS of the required includes nested in inc, on its target's rows.
template <class Target, class Inc>
std::optional<sql::Node> nested_required(const Inc& inc) {
  std::optional<sql::Node> out;
  std::apply([&](const auto&... o) {
    [[maybe_unused]] auto one = [&](const auto& c) {
      using C = std::remove_cvref_t<decltype(c)>;
      if constexpr (query::is_include<C>)
        if constexpr (C::required) out = out ? sql::Node::binary(sql::Op::and_, std::move(*out), exists_for<Target>(c))
                                             : exists_for<Target>(c);
    };
    (one(o), ...);
  }, inc.options);
  return out;
}

template <class T, class Inc>
sql::Node exists_for(const Inc& inc) {
  constexpr auto assoc = quarry::detail::association_of<Inc::member>();
  using A = std::remove_cvref_t<decltype(assoc)>;
  using Keys = quarry::detail::AssociationKeys<A>;
  using Target = typename A::target;
  if constexpr (!Keys::keys_valid) {
    return {};
  } else {
    auto parts = include_parts<Target>(inc);
    auto nested = nested_required<Target>(inc);
    std::optional<sql::Node> filter;
    if (parts.where || nested) filter = and_all(std::move(parts.where), std::move(nested));
    return sql::Node::exists(detail::linked_rows<A>({sql::Node::star()}, std::move(filter), parts.visible));
  }
}

/// The EXISTS of the required includes among a read's clauses, ANDed, or none.
template <class T, class... C>
std::optional<sql::Node> required_filter(const C&... clauses) {
  std::optional<sql::Node> out;
  [[maybe_unused]] auto one = [&](const auto& c) {
    using K = std::remove_cvref_t<decltype(c)>;
    if constexpr (query::is_include<K>)
      if constexpr (K::required)
        out = out ? sql::Node::binary(sql::Op::and_, std::move(*out), exists_for<T>(c)) : exists_for<T>(c);
  };
  (one(clauses), ...);
  return out;
}

/// The association of member M as conditions on its target's rows (related, count_related,
/// has_related).
template <auto M>
struct Related {
  using A = std::remove_cvref_t<decltype(quarry::detail::association_of<M>())>;
  using Keys = quarry::detail::AssociationKeys<A>;
  using Target = typename A::target;
  using Owner = typename A::owner;
  static constexpr bool ok = Keys::keys_valid;

  /// The condition on Target that selects the rows associated with owner (and in the
  /// association's scope).
  static sql::Node condition(const Owner& owner) {
    if (!owner_in_scope<A>(owner)) return detail::never();
    std::optional<sql::Node> out = link(owner);
    if (auto scope = target_scope<A>()) sql::and_into(out, std::move(*scope));
    return std::move(*out);
  }
  static sql::Node link(const Owner& owner) {
    if constexpr (A::kind == AssociationKind::belongs_to_many) {
      using Through = quarry::detail::class_of<A::foreign_key>;
      sql::Select link;
      link.columns = {sql::Node::star()};
      link.where = sql::Node::binary(
          sql::Op::and_,
          sql::Node::binary(sql::Op::eq, detail::qualified<A::other_key>(), detail::qualified<Keys::target_key>()),
          sql::Node::binary(sql::Op::eq, detail::qualified<A::foreign_key>(),
                            sql::Node::param(quarry::detail::to_value(owner.*Keys::owner_key))));
      return sql::Node::exists(plan(model_info<Through>(), std::move(link)));
    } else {
      // has_one/has_many: target.fk = owner.key; belongs_to: target.key = owner.fk
      return sql::Node::binary(sql::Op::eq,
                               sql::Node::column(std::string(quarry::detail::column_name<Keys::target_key>())),
                               sql::Node::param(quarry::detail::to_value(owner.*Keys::owner_key)));
    }
  }
  static sql::Node is_target(const Target& t) {
    constexpr auto key = quarry::detail::single_primary_key<Target>();
    return sql::Node::binary(sql::Op::eq, sql::Node::column(std::string(quarry::detail::column_name<key>())),
                             sql::Node::param(quarry::detail::to_value(t.*key)));
  }
};

}  // namespace quarry::ops
