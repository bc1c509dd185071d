#pragma once
// Eager loading and association helpers: Session members that need associations. They run the
// plans of ops/eager.hpp: each include level is one query per chunk of keys (WHERE key IN
// (...)), grouped by the typed key.

#include <algorithm>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "../model/association.hpp"
#include "../ops/eager.hpp"
#include "../query/include.hpp"
#include "session.hpp"

namespace quarry {

template <class T, class... C>
std::optional<sql::Node> Session::required_filter(const C&... clauses) {
  return ops::required_filter<T>(clauses...);
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
  std::size_t extra = (where ? ops::count_params(*where) : 0) + (info.filter ? ops::count_params(*info.filter) : 0);
  std::size_t chunk = d.max_params > extra + 64 ? d.max_params - extra - 64 : 1;
  for (std::size_t at = 0; at < keys.size(); at += chunk) {
    sql::Select s;
    sql::Node in = sql::Node::unary(sql::Node::Kind::in, sql::Node::column(column));
    for (std::size_t i = at; i < std::min(keys.size(), at + chunk); ++i)
      in.args.push_back(sql::Node::param(detail::to_value(keys[i])));
    s.where = ops::and_all(std::move(in), where);
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
    auto parts = ops::include_parts<Target>(inc);
    if (parts.order.empty()) parts.order = ops::default_order<Target>();
    // a required include nested in this one keeps only the rows of this level that have a match
    if (auto nested_filter = ops::nested_required<Target>(inc))
      parts.where = ops::and_all(std::move(parts.where), std::move(nested_filter));
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
        if (ops::has_key(k)) by_key[ops::key_value(k)].push_back(o);
      }
      std::vector<K> keys;
      keys.reserve(by_key.size());
      for (const auto& [k, v] : by_key) keys.push_back(k);
      fetch_in(lease, targets, std::string(detail::column_name<Keys::target_key>()), keys, parts.where, parts.order);
      nested();
      for (auto& t : targets) {
        const auto& fk = t.*Keys::target_key;
        if (!ops::has_key(fk)) continue;
        auto it = by_key.find(ops::key_value(fk));
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
        if (ops::has_key(fk)) keys.push_back(ops::key_value(fk));
      }
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      fetch_in(lease, targets, std::string(detail::column_name<Keys::target_key>()), keys, parts.where, parts.order);
      nested();
      std::map<K, const Target*> index;
      for (const auto& t : targets) index.emplace(ops::key_value(t.*Keys::target_key), &t);
      for (T* o : owners) {
        const auto& fk = o->*Keys::owner_key;
        if (!ops::has_key(fk)) continue;
        if (auto it = index.find(ops::key_value(fk)); it != index.end()) (o->*A::member) = *it->second;
      }
    } else {  // belongs_to_many: the join rows, then the targets
      using Through = detail::class_of<A::foreign_key>;
      using K = detail::unwrap_optional_t<detail::member_type<Keys::owner_key>>;
      using TK = detail::unwrap_optional_t<detail::member_type<Keys::target_key>>;
      std::map<K, std::vector<T*>> by_key;
      for (T* o : owners) {
        (o->*A::member).clear();
        by_key[ops::key_value(o->*Keys::owner_key)].push_back(o);
      }
      std::vector<K> keys;
      for (const auto& [k, v] : by_key) keys.push_back(k);
      std::vector<Through> links;
      fetch_in(lease, links, std::string(detail::column_name<A::foreign_key>()), keys, std::nullopt,
               ops::default_order<Through>());
      std::vector<TK> target_keys;
      for (const auto& l : links)
        if (ops::has_key(l.*A::other_key)) target_keys.push_back(ops::key_value(l.*A::other_key));
      std::sort(target_keys.begin(), target_keys.end());
      target_keys.erase(std::unique(target_keys.begin(), target_keys.end()), target_keys.end());
      fetch_in(lease, targets, std::string(detail::column_name<Keys::target_key>()), target_keys, parts.where,
               parts.order);
      nested();
      std::map<TK, std::size_t> position;
      for (std::size_t i = 0; i < targets.size(); ++i) position.emplace(ops::key_value(targets[i].*Keys::target_key), i);
      std::map<K, std::vector<std::pair<std::size_t, std::size_t>>> per_owner;  // (target, link) in target order
      for (std::size_t li = 0; li < links.size(); ++li) {
        const auto& l = links[li];
        if (!ops::has_key(l.*A::foreign_key) || !ops::has_key(l.*A::other_key)) continue;
        auto p = position.find(ops::key_value(l.*A::other_key));
        if (p != position.end()) per_owner[ops::key_value(l.*A::foreign_key)].push_back({p->second, li});
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

template <auto M, class Owner, class... C>
auto Session::related(const Owner& owner, const C&... clauses) {
  using R = ops::Related<M>;
  using Target = typename R::Target;
  static_assert(std::is_same_v<Owner, typename R::Owner>, "quarry: related<&T::member>(owner) takes a T");
  query::Where<Target> cond{R::condition(owner)};
  if constexpr (R::A::kind == AssociationKind::has_many || R::A::kind == AssociationKind::belongs_to_many)
    return find_all<Target>(cond, clauses...);
  else return find_one<Target>(cond, clauses...);
}

template <auto M, class Owner, class... C>
std::int64_t Session::count_related(const Owner& owner, const C&... clauses) {
  using R = ops::Related<M>;
  return count<typename R::Target>(query::Where<typename R::Target>{R::condition(owner)}, clauses...);
}

template <auto M, class Owner, class Target>
bool Session::has_related(const Owner& owner, const Target& target) {
  using R = ops::Related<M>;
  static_assert(std::is_same_v<Target, typename R::Target>, "quarry: has_related<M>(owner, target) takes a target of M");
  return count<Target>(query::Where<Target>{sql::Node::binary(sql::Op::and_, R::condition(owner), R::is_target(target))}) > 0;
}

template <auto M, class Owner, class Target, class... Through>
void Session::add_related(Owner& owner, Target& target, const Through&... through) {
  using R = ops::Related<M>;
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
  using R = ops::Related<M>;
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
  using R = ops::Related<M>;
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
          return ops::key_value(l.*A::other_key) == ops::key_value(t.*R::Keys::target_key);
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
  using R = ops::Related<M>;
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
