#pragma once
// Eager loading and association helpers: Session members that need associations. Each
// include level is one query per chunk of keys (WHERE key IN (...)), grouped by the typed key.

#include <algorithm>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "../model/association.hpp"
#include "../query/include.hpp"
#include "session.hpp"

namespace quarry {

namespace detail {

inline std::size_t count_params(const sql::Node& n) {
  std::size_t c = n.kind == sql::Node::Kind::param || n.kind == sql::Node::Kind::slot ? 1 : 0;
  for (const auto& a : n.args) c += count_params(a);
  if (n.subquery && n.subquery->where) c += count_params(*n.subquery->where);
  return c;
}

template <class V>
const auto& key_value(const V& v) {
  if constexpr (is_optional_v<V>) return *v;
  else return v;
}
template <class V>
bool has_key(const V& v) {
  if constexpr (is_optional_v<V>) return v.has_value();
  else return true;
}

inline sql::Node and_all(std::optional<sql::Node> a, std::optional<sql::Node> b) {
  if (!a) return *b;
  if (!b) return *a;
  return sql::Node::binary(sql::Op::and_, std::move(*a), std::move(*b));
}

/// where and order_by of an include, checked against its target model.
struct IncludeParts {
  std::optional<sql::Node> where;
  std::vector<sql::OrderTerm> order;
};

template <class Target, class Inc>
IncludeParts include_parts(const Inc& inc) {
  IncludeParts parts;
  std::apply([&](const auto&... o) {
    [[maybe_unused]] auto one = [&](const auto& c) {
      using C = std::remove_cvref_t<decltype(c)>;
      if constexpr (query::check_clause<Target, query::c_where | query::c_order | query::c_include | query::c_required, C>()) {
        if constexpr (C::kind == query::c_where && !std::is_same_v<C, query::EveryRow>)
          parts.where = parts.where ? sql::Node::binary(sql::Op::and_, std::move(*parts.where), c.node) : c.node;
        else if constexpr (C::kind == query::c_order)
          parts.order.insert(parts.order.end(), c.terms.begin(), c.terms.end());
      }
    };
    (one(o), ...);
  }, inc.options);
  return parts;
}

template <class T>
std::vector<sql::OrderTerm> default_order() {
  if constexpr (primary_key_indexes<T>().size() == 1)
    return {{sql::Node::column(std::string(column_name<single_primary_key<T>()>())), false}};
  else return {};
}

template <auto M>
sql::Node qualified() {
  return sql::Node::column(std::string(column_name<M>()), std::string(table_name<class_of<M>>()));
}

/// EXISTS (...) that holds when a row of T has a match for include inc (for required includes).
template <class T, class Inc>
sql::Node exists_for(const Inc& inc);

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
  constexpr auto assoc = association_of<Inc::member>();
  using A = std::remove_cvref_t<decltype(assoc)>;
  using Keys = AssociationKeys<A>;
  using Target = typename A::target;
  if constexpr (!Keys::keys_valid) {
    return {};
  } else {
    auto parts = include_parts<Target>(inc);
    auto nested = nested_required<Target>(inc);
    std::optional<sql::Node> filter;
    if (parts.where || nested) filter = and_all(std::move(parts.where), std::move(nested));
    sql::Select target;
    target.columns = {sql::Node::star()};
    if constexpr (A::kind == AssociationKind::belongs_to_many) {
      using Through = class_of<A::foreign_key>;
      target.where = and_all(sql::Node::binary(sql::Op::eq, qualified<Keys::target_key>(), qualified<A::other_key>()),
                             std::move(filter));
      sql::Select through;
      through.columns = {sql::Node::star()};
      through.where = sql::Node::binary(
          sql::Op::and_, sql::Node::binary(sql::Op::eq, qualified<A::foreign_key>(), qualified<Keys::owner_key>()),
          sql::Node::exists(ops::plan(ops::model_info<Target>(), std::move(target))));
      return sql::Node::exists(ops::plan(ops::model_info<Through>(), std::move(through)));
    } else {
      target.where = and_all(sql::Node::binary(sql::Op::eq, qualified<Keys::target_key>(), qualified<Keys::owner_key>()),
                             std::move(filter));
      return sql::Node::exists(ops::plan(ops::model_info<Target>(), std::move(target)));
    }
  }
}

}  // namespace detail

template <class T, class... C>
std::optional<sql::Node> Session::required_filter(const C&... clauses) {
  std::optional<sql::Node> out;
  [[maybe_unused]] auto one = [&](const auto& c) {
    using K = std::remove_cvref_t<decltype(c)>;
    if constexpr (query::is_include<K>)
      if constexpr (K::required)
        out = out ? sql::Node::binary(sql::Op::and_, std::move(*out), detail::exists_for<T>(c)) : detail::exists_for<T>(c);
  };
  (one(clauses), ...);
  return out;
}

template <class T, class... C>
void Session::load_includes(Pool::Lease& lease, std::vector<T*>& owners, const C&... clauses) {
  [[maybe_unused]] auto one = [&](const auto& c) {
    if constexpr (query::is_include<std::remove_cvref_t<decltype(c)>>) load_include<T>(lease, owners, c);
  };
  (one(clauses), ...);
}

template <class Target, class K>
void Session::fetch_in(Pool::Lease& lease, std::vector<Target>& out, const std::string& column,
                       const std::vector<K>& keys, const std::optional<sql::Node>& where,
                       const std::vector<sql::OrderTerm>& order) {
  if (keys.empty()) return;
  const auto& d = lease->dialect();
  const auto& info = ops::model_info<Target>();
  std::size_t extra = (where ? detail::count_params(*where) : 0) + (info.filter ? detail::count_params(*info.filter) : 0);
  std::size_t chunk = d.max_params > extra + 64 ? d.max_params - extra - 64 : 1;
  for (std::size_t at = 0; at < keys.size(); at += chunk) {
    sql::Select s;
    sql::Node in = sql::Node::unary(sql::Node::Kind::in, sql::Node::column(column));
    for (std::size_t i = at; i < std::min(keys.size(), at + chunk); ++i)
      in.args.push_back(sql::Node::param(detail::to_value(keys[i])));
    s.where = detail::and_all(std::move(in), where);
    s.order_by = order;
    run(lease, sql::render(d, ops::plan(info, std::move(s))),
        [&](driver::Statement& st) { ops::read_row(st, out.emplace_back()); });
  }
}

template <class T, class Inc>
void Session::load_include(Pool::Lease& lease, std::vector<T*>& owners, const Inc& inc) {
  constexpr auto assoc = detail::association_of<Inc::member>();
  using A = std::remove_cvref_t<decltype(assoc)>;
  using Keys = detail::AssociationKeys<A>;
  using Target = typename A::target;
  if constexpr (Keys::keys_valid) {
    auto parts = detail::include_parts<Target>(inc);
    if (parts.order.empty()) parts.order = detail::default_order<Target>();
    // a required include nested in this one keeps only the rows of this level that have a match
    if (auto nested_filter = detail::nested_required<Target>(inc))
      parts.where = detail::and_all(std::move(parts.where), std::move(nested_filter));
    std::vector<Target> targets;
    auto nested = [&] {
      std::vector<Target*> pointers;
      pointers.reserve(targets.size());
      for (auto& t : targets) pointers.push_back(&t);
      std::apply([&](const auto&... o) {
        [[maybe_unused]] auto one = [&](const auto& c) {
          if constexpr (query::is_include<std::remove_cvref_t<decltype(c)>>) load_include<Target>(lease, pointers, c);
        };
        (one(o), ...);
      }, inc.options);
    };

    if constexpr (A::kind == AssociationKind::has_many || A::kind == AssociationKind::has_one) {
      using K = detail::unwrap_optional_t<detail::member_type<Keys::owner_key>>;
      std::map<K, std::vector<T*>> by_key;
      for (T* o : owners) {
        (o->*A::member) = {};
        const auto& k = o->*Keys::owner_key;
        if (detail::has_key(k)) by_key[detail::key_value(k)].push_back(o);
      }
      std::vector<K> keys;
      keys.reserve(by_key.size());
      for (const auto& [k, v] : by_key) keys.push_back(k);
      fetch_in(lease, targets, std::string(detail::column_name<Keys::target_key>()), keys, parts.where, parts.order);
      nested();
      for (auto& t : targets) {
        const auto& fk = t.*Keys::target_key;
        if (!detail::has_key(fk)) continue;
        auto it = by_key.find(detail::key_value(fk));
        if (it == by_key.end()) continue;
        for (std::size_t i = 0; i < it->second.size(); ++i) {
          bool last = i + 1 == it->second.size();
          auto& member = it->second[i]->*A::member;
          if constexpr (A::kind == AssociationKind::has_many) {
            if (last) member.push_back(std::move(t));
            else member.push_back(t);
          } else if (!member) {
            if (last) member = std::move(t);
            else member = t;
          }
        }
      }
    } else if constexpr (A::kind == AssociationKind::belongs_to) {
      using K = detail::unwrap_optional_t<detail::member_type<Keys::target_key>>;
      std::vector<K> keys;
      for (T* o : owners) {
        (o->*A::member).reset();
        const auto& fk = o->*Keys::owner_key;
        if (detail::has_key(fk)) keys.push_back(detail::key_value(fk));
      }
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      fetch_in(lease, targets, std::string(detail::column_name<Keys::target_key>()), keys, parts.where, parts.order);
      nested();
      std::map<K, const Target*> index;
      for (const auto& t : targets) index.emplace(detail::key_value(t.*Keys::target_key), &t);
      for (T* o : owners) {
        const auto& fk = o->*Keys::owner_key;
        if (!detail::has_key(fk)) continue;
        if (auto it = index.find(detail::key_value(fk)); it != index.end()) (o->*A::member) = *it->second;
      }
    } else {  // belongs_to_many: the join rows, then the targets
      using Through = detail::class_of<A::foreign_key>;
      using K = detail::unwrap_optional_t<detail::member_type<Keys::owner_key>>;
      using TK = detail::unwrap_optional_t<detail::member_type<Keys::target_key>>;
      std::map<K, std::vector<T*>> by_key;
      for (T* o : owners) {
        (o->*A::member).clear();
        by_key[detail::key_value(o->*Keys::owner_key)].push_back(o);
      }
      std::vector<K> keys;
      for (const auto& [k, v] : by_key) keys.push_back(k);
      std::vector<Through> links;
      fetch_in(lease, links, std::string(detail::column_name<A::foreign_key>()), keys, std::nullopt,
               detail::default_order<Through>());
      std::vector<TK> target_keys;
      for (const auto& l : links)
        if (detail::has_key(l.*A::other_key)) target_keys.push_back(detail::key_value(l.*A::other_key));
      std::sort(target_keys.begin(), target_keys.end());
      target_keys.erase(std::unique(target_keys.begin(), target_keys.end()), target_keys.end());
      fetch_in(lease, targets, std::string(detail::column_name<Keys::target_key>()), target_keys, parts.where,
               parts.order);
      nested();
      std::map<TK, std::size_t> position;
      for (std::size_t i = 0; i < targets.size(); ++i) position.emplace(detail::key_value(targets[i].*Keys::target_key), i);
      std::map<K, std::vector<std::pair<std::size_t, std::size_t>>> per_owner;  // (target, link) in target order
      for (std::size_t li = 0; li < links.size(); ++li) {
        const auto& l = links[li];
        if (!detail::has_key(l.*A::foreign_key) || !detail::has_key(l.*A::other_key)) continue;
        auto p = position.find(detail::key_value(l.*A::other_key));
        if (p != position.end()) per_owner[detail::key_value(l.*A::foreign_key)].push_back({p->second, li});
      }
      for (auto& [k, list] : per_owner) {
        std::sort(list.begin(), list.end());
        auto owners_of = by_key.find(k);
        if (owners_of == by_key.end()) continue;
        for (T* o : owners_of->second)
          for (auto [ti, li] : list) {
            if constexpr (std::is_void_v<typename A::linked_through>) (o->*A::member).push_back(targets[ti]);
            else (o->*A::member).push_back({targets[ti], links[li]});
          }
      }
    }
  }
}

namespace detail {
template <auto M>
struct Related {
  using A = std::remove_cvref_t<decltype(association_of<M>())>;
  using Keys = AssociationKeys<A>;
  using Target = typename A::target;
  using Owner = typename A::owner;
  static constexpr bool ok = Keys::keys_valid;

  /// The condition on Target that selects the rows associated with owner.
  static sql::Node condition(const Owner& owner) {
    if constexpr (A::kind == AssociationKind::belongs_to_many) {
      using Through = class_of<A::foreign_key>;
      sql::Select link;
      link.columns = {sql::Node::star()};
      link.where = sql::Node::binary(
          sql::Op::and_, sql::Node::binary(sql::Op::eq, qualified<A::other_key>(), qualified<Keys::target_key>()),
          sql::Node::binary(sql::Op::eq, qualified<A::foreign_key>(), sql::Node::param(to_value(owner.*Keys::owner_key))));
      return sql::Node::exists(ops::plan(ops::model_info<Through>(), std::move(link)));
    } else {
      // has_one/has_many: target.fk = owner.key; belongs_to: target.key = owner.fk
      return sql::Node::binary(sql::Op::eq, sql::Node::column(std::string(column_name<Keys::target_key>())),
                               sql::Node::param(to_value(owner.*Keys::owner_key)));
    }
  }
  static sql::Node is_target(const Target& t) {
    constexpr auto key = single_primary_key<Target>();
    return sql::Node::binary(sql::Op::eq, sql::Node::column(std::string(column_name<key>())), sql::Node::param(to_value(t.*key)));
  }
};
}  // namespace detail

template <auto M, class Owner, class... C>
auto Session::related(const Owner& owner, const C&... clauses) {
  using R = detail::Related<M>;
  using Target = typename R::Target;
  static_assert(std::is_same_v<Owner, typename R::Owner>, "quarry: related<&T::member>(owner) takes a T");
  query::Where<Target> cond{R::condition(owner)};
  if constexpr (R::A::kind == AssociationKind::has_many || R::A::kind == AssociationKind::belongs_to_many)
    return find_all<Target>(cond, clauses...);
  else return find_one<Target>(cond, clauses...);
}

template <auto M, class Owner, class... C>
std::int64_t Session::count_related(const Owner& owner, const C&... clauses) {
  using R = detail::Related<M>;
  return count<typename R::Target>(query::Where<typename R::Target>{R::condition(owner)}, clauses...);
}

template <auto M, class Owner, class Target>
bool Session::has_related(const Owner& owner, const Target& target) {
  using R = detail::Related<M>;
  static_assert(std::is_same_v<Target, typename R::Target>, "quarry: has_related<M>(owner, target) takes a target of M");
  return count<Target>(query::Where<Target>{sql::Node::binary(sql::Op::and_, R::condition(owner), R::is_target(target))}) > 0;
}

template <auto M, class Owner, class Target, class... Through>
void Session::add_related(Owner& owner, Target& target, const Through&... through) {
  using R = detail::Related<M>;
  using A = typename R::A;
  static_assert(std::is_same_v<Target, typename R::Target>, "quarry: add_related<M>(owner, target) takes a target of M");
  if constexpr (A::kind == AssociationKind::belongs_to_many) {
    using Link = detail::class_of<A::foreign_key>;
    static_assert(sizeof...(Through) <= 1 && (std::is_same_v<Through, Link> && ...),
                  "quarry: add_related on belongs_to_many takes at most one join row of the join model");
    Link link{through...};
    link.*A::foreign_key = owner.*R::Keys::owner_key;
    link.*A::other_key = target.*R::Keys::target_key;
    create(std::move(link));
  } else if constexpr (A::kind == AssociationKind::belongs_to) {
    ops::Restore keep(owner);
    owner.*R::Keys::owner_key = target.*R::Keys::target_key;
    save(owner);
    keep.done();
  } else {
    ops::Restore keep(target);
    target.*R::Keys::target_key = owner.*R::Keys::owner_key;
    save(target);
    keep.done();
  }
}

template <auto M, class Owner, class Target>
void Session::remove_related(Owner& owner, Target& target) {
  using R = detail::Related<M>;
  using A = typename R::A;
  if constexpr (A::kind == AssociationKind::belongs_to_many) {
    using Link = detail::class_of<A::foreign_key>;
    auto cond = sql::Node::binary(
        sql::Op::and_,
        sql::Node::binary(sql::Op::eq, sql::Node::column(std::string(detail::column_name<A::foreign_key>())),
                          sql::Node::param(detail::to_value(owner.*R::Keys::owner_key))),
        sql::Node::binary(sql::Op::eq, sql::Node::column(std::string(detail::column_name<A::other_key>())),
                          sql::Node::param(detail::to_value(target.*R::Keys::target_key))));
    destroy<Link>(query::Where<Link>{std::move(cond)});
  } else {
    constexpr auto fk = [] {
      if constexpr (A::kind == AssociationKind::belongs_to) return R::Keys::owner_key;
      else return R::Keys::target_key;
    }();
    using FkOwner = detail::class_of<fk>;
    static_assert(detail::is_optional_v<detail::member_type<fk>>,
                  "quarry: remove_related needs a nullable (std::optional) foreign key; destroy the row instead");
    if constexpr (std::is_same_v<FkOwner, Owner>) {
      ops::Restore keep(owner);
      (owner.*fk).reset();
      save(owner);
      keep.done();
    } else {
      ops::Restore keep(target);
      (target.*fk).reset();
      save(target);
      keep.done();
    }
  }
}

template <auto M, class Owner, class Target>
void Session::set_related(Owner& owner, std::vector<Target>& targets) {
  using R = detail::Related<M>;
  using A = typename R::A;
  static_assert(A::kind == AssociationKind::has_many || A::kind == AssociationKind::belongs_to_many,
                "quarry: set_related takes a has_many or belongs_to_many member; use add_related for one row");
  constexpr auto target_pk = detail::single_primary_key<Target>();
  auto lease = this->lease();
  const auto& d = lease->dialect();
  constexpr auto kept_column = [] {
    if constexpr (A::kind == AssociationKind::belongs_to_many) return detail::column_name<A::other_key>();
    else return detail::column_name<target_pk>();
  }();
  auto keep = sql::Node::unary(sql::Node::Kind::not_in, sql::Node::column(std::string(kept_column)));
  for (const auto& t : targets) keep.args.push_back(sql::Node::param(detail::to_value(t.*target_pk)));
  ops::Restore before(targets);
  atomically(lease, [&] {
    if constexpr (A::kind == AssociationKind::belongs_to_many) {
      using Link = detail::class_of<A::foreign_key>;
      auto mine = sql::Node::binary(sql::Op::eq, sql::Node::column(std::string(detail::column_name<A::foreign_key>())),
                                    sql::Node::param(detail::to_value(owner.*R::Keys::owner_key)));
      sql::Delete del{std::string(detail::table_name<Link>()), sql::Node::binary(sql::Op::and_, mine, keep)};
      run(lease, sql::render(d, del), [](driver::Statement&) {});
      auto existing = find_all_on<Link>(lease, query::Where<Link>{mine});
      for (auto& t : targets) {
        bool linked = std::any_of(existing.begin(), existing.end(), [&](const Link& l) {
          return detail::key_value(l.*A::other_key) == detail::key_value(t.*R::Keys::target_key);
        });
        if (linked) continue;
        Link link{};
        link.*A::foreign_key = owner.*R::Keys::owner_key;
        link.*A::other_key = t.*R::Keys::target_key;
        write(lease, link, ops::Write::insert);
      }
    } else {
      constexpr auto fk = R::Keys::target_key;
      auto mine = sql::Node::binary(sql::Op::eq, sql::Node::column(std::string(detail::column_name<fk>())),
                                    sql::Node::param(detail::to_value(owner.*R::Keys::owner_key)));
      if constexpr (detail::is_optional_v<detail::member_type<fk>>) {
        sql::Update unlink{std::string(detail::table_name<Target>()),
                           {{std::string(detail::column_name<fk>()), sql::Node::param(sql::Null{})}},
                           sql::Node::binary(sql::Op::and_, mine, keep), {}};
        ops::prepare_where(ops::model_info<Target>(), unlink);
        run(lease, sql::render(d, unlink), [](driver::Statement&) {});
      } else {
        sql::Delete drop{std::string(detail::table_name<Target>()), sql::Node::binary(sql::Op::and_, mine, keep)};
        run(lease, sql::render(d, drop), [](driver::Statement&) {});  // a NOT NULL key cannot be unset: the rows go
      }
      std::vector<Target*> rows;
      rows.reserve(targets.size());
      for (auto& t : targets) {
        t.*fk = owner.*R::Keys::owner_key;
        rows.push_back(&t);
      }
      if (!rows.empty()) write<Target>(lease, rows, ops::Write::update);
    }
    return 0;
  });
  before.done();
}

template <auto M, class Owner, class Target, class... Through>
Target Session::create_related(Owner& owner, Target target, const Through&... through) {
  using R = detail::Related<M>;
  using A = typename R::A;
  static_assert(std::is_same_v<Target, typename R::Target>, "quarry: create_related<M>(owner, target) takes a target of M");
  auto lease = this->lease();
  return atomically(lease, [&] {
    if constexpr (A::kind == AssociationKind::has_many || A::kind == AssociationKind::has_one) {
      target.*R::Keys::target_key = owner.*R::Keys::owner_key;
      write(lease, target, ops::Write::insert);
    } else if constexpr (A::kind == AssociationKind::belongs_to) {
      write(lease, target, ops::Write::insert);
      ops::Restore keep(owner);
      owner.*R::Keys::owner_key = target.*R::Keys::target_key;
      write(lease, owner, ops::Write::update);
      keep.done();
    } else {
      using Link = detail::class_of<A::foreign_key>;
      write(lease, target, ops::Write::insert);
      Link link{through...};
      link.*A::foreign_key = owner.*R::Keys::owner_key;
      link.*A::other_key = target.*R::Keys::target_key;
      write(lease, link, ops::Write::insert);
    }
    return target;
  });
}

}  // namespace quarry
