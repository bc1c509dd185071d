#pragma once
/// Running eager loading: the plans of ops/eager.hpp, one level at a time. After the parent rows
/// are read, each include<...>(...) sends one SELECT ... WHERE key IN (...) per chunk of keys (two
/// for belongs_to_many: the join rows, then the targets), and the rows are matched to their
/// owners by key in C++; then the includes nested in it, on the rows it read.
///
///   exec::load_includes(ex, conn, authors, include<&Author::books>(order_by(col<&Book::title>)));

#include <iterator>  // next
#include <map>
#include <optional>
#include <span>
#include <string>
#include <tuple>  // apply
#include <type_traits>
#include <utility>
#include <vector>

#include "../algorithm.hpp"  // quarry::detail's algorithms: no <algorithm>
#include "../driver/connection.hpp"
#include "../model/association.hpp"
#include "../ops/eager.hpp"
#include "../ops/hydrate.hpp"
#include "../ops/read.hpp"
#include "../query/include.hpp"
#include "../query/value.hpp"  // to_value
#include "../sql/render.hpp"
#include "../vector.hpp"
#include "executor.hpp"

namespace quarry::exec {

/// Runs one query per chunk of keys, calling on_row for each row: build(chunk) makes each chunk's
/// SELECT, and a chunk holds as many keys as the dialect's parameter limit leaves room for beside
/// extra, the other parameters of the statement.
template <class K, class Build, class OnRow>
void fetch_chunks(Executor& ex, driver::Connection& c, const std::vector<K>& keys, std::size_t extra, Build&& build,
                  OnRow&& on_row) {
  const auto& d = c.dialect();
  std::size_t chunk = d.max_params > extra + 64 ? d.max_params - extra - 64 : 1;
  std::span<const K> all(keys);
  for (std::size_t at = 0; at < keys.size(); at += chunk)
    ex.run(c, sql::render(d, build(all.subspan(at, quarry::detail::min(chunk, keys.size() - at)))), on_row);
}

/// Reads rows into out, one query per chunk of keys (fetch_chunks), of the fields Fields marks.
template <class Row, const auto& Fields = quarry::detail::read_by_default<Row>, class K, class Build>
void fetch_chunks(Executor& ex, driver::Connection& c, std::vector<Row>& out, const std::vector<K>& keys,
                  std::size_t extra, Build&& build) {
  fetch_chunks(ex, c, keys, extra, build,
               [&](driver::Statement& st) { ops::read_fields<Fields>(st, out.emplace_back()); });
}

/// Calls on_row for each row of Target whose column is one of keys (and that matches where), in
/// order: one SELECT ... WHERE column IN (...) per chunk of keys that the dialect's parameter
/// limit allows, each built by the read path (with what its filter stage adds, as v says), of the
/// fields Fields marks (ops::include_fields; by default all but the hidden ones). With per (an
/// include's limit per parent), the rows of each key numbered in order, and only those kept.
template <class Target, const auto& Fields = quarry::detail::read_by_default<Target>, class K, class OnRow>
void fetch_in_rows(Executor& ex, driver::Connection& c, const std::string& column, const std::vector<K>& keys,
                   const std::optional<sql::Node>& where, const quarry::detail::Vector<sql::OrderTerm>& order,
                   ops::Visibility v, ops::PerParent per, OnRow&& on_row) {
  if (keys.empty()) return;
  const auto& info = ops::model_info<Target>();
  std::size_t extra = (where ? ops::count_params(*where) : 0) + (info.filter ? ops::count_params(*info.filter) : 0) +
                      (v.scoped && info.default_scope ? ops::count_params(*info.default_scope) : 0) +
                      (per.limit ? 1 : 0) + (per.offset ? 1 : 0);
  for (const auto& o : order) extra += ops::count_params(o.expr);
  fetch_chunks(ex, c, keys, extra, [&](std::span<const K> chunk) {
    return ops::select_in<Target>(column, chunk, where, order, v, Fields.data(), per);
  }, on_row);
}

/// The same rows read into out.
template <class Target, const auto& Fields = quarry::detail::read_by_default<Target>, class K>
void fetch_in(Executor& ex, driver::Connection& c, std::vector<Target>& out, const std::string& column,
              const std::vector<K>& keys, const std::optional<sql::Node>& where,
              const quarry::detail::Vector<sql::OrderTerm>& order, ops::Visibility v = {}, ops::PerParent per = {}) {
  fetch_in_rows<Target, Fields>(ex, c, column, keys, where, order, v, per,
                                [&](driver::Statement& st) { ops::read_fields<Fields>(st, out.emplace_back()); });
}

/// Loads include inc into each of owners (rows of T), then the includes nested in it, one level
/// at a time: the keys of this level's rows, one fetch_in of the targets (two for
/// belongs_to_many: the join rows, then the targets), then matched to their owners by key.
template <class T, class Inc>
void load_include(Executor& ex, driver::Connection& c, std::vector<T*>& owners, const Inc& inc) {
  constexpr auto assoc = quarry::detail::association_of<Inc::member>();
  using A = std::remove_cvref_t<decltype(assoc)>;
  using Keys = quarry::detail::AssociationKeys<A>;
  using Target = typename A::target;
  if constexpr (Keys::keys_valid) {
    auto parts = ops::include_parts<Target>(inc);
    if (parts.order.empty()) parts.order = ops::default_order<Target>(parts.visible);
    if constexpr (Inc::per_parent) parts.order = ops::with_key_last<Target>(std::move(parts.order));
    // a required include nested in this one keeps only the rows of this level that have a match
    if (auto nested_filter = ops::nested_required<Target>(inc))
      parts.where = ops::and_all(std::move(parts.where), std::move(nested_filter));
    // the association's own scope (scope_value<...>(v)), on its rows and on which owners have them
    if (auto scope = ops::target_scope<A>()) sql::and_into(parts.where, std::move(*scope));
    std::vector<Target> targets;
    auto nested = [&] {
      std::vector<Target*> pointers;
      pointers.reserve(targets.size());
      for (auto& t : targets) pointers.push_back(&t);
      std::apply([&](const auto&... o) {
        [[maybe_unused]] auto one = [&](const auto& clause) {
          if constexpr (query::is_include<std::remove_cvref_t<decltype(clause)>>)
            load_include<Target>(ex, c, pointers, clause);
        };
        (one(o), ...);
      }, inc.options);
    };

    if constexpr (A::kind == AssociationKind::has_many || A::kind == AssociationKind::has_one) {
      using K = quarry::detail::unwrap_optional_t<quarry::detail::member_type<Keys::owner_key>>;
      // the owners by key, sorted (an owner's place among those of its key kept), and the keys once each
      std::vector<std::pair<K, T*>> by_key;
      by_key.reserve(owners.size());
      for (T* o : owners) {
        if constexpr (A::kind == AssociationKind::has_many) (o->*A::member).clear();
        else (o->*A::member).reset();
        const auto& k = o->*Keys::owner_key;
        if (ops::has_key(k) && ops::owner_in_scope<A>(*o)) by_key.emplace_back(ops::key_value(k), o);
      }
      quarry::detail::stable_sort(by_key, [](const auto& a, const auto& b) { return a.first < b.first; });
      std::vector<K> keys;
      keys.reserve(by_key.size());
      for (const auto& [k, o] : by_key)
        if (keys.empty() || keys.back() < k) keys.push_back(k);
      // a row to the owners of its key: a copy each, moved into the last. Rows of one owner often
      // come one after another (inserted together, read in key order): the last owners found are
      // tried first.
      auto hit = by_key.end();
      auto give = [&](Target& t) {
        const auto& fk = t.*Keys::target_key;
        if (!ops::has_key(fk)) return;
        const K& key = ops::key_value(fk);
        auto it = hit != by_key.end() && hit->first == key
                      ? hit
                      : quarry::detail::lower_bound(by_key.begin(), by_key.end(), key,
                                         [](const auto& entry, const auto& k) { return entry.first < k; });
        hit = it;
        for (; it != by_key.end() && !(key < it->first); ++it) {
          bool last = std::next(it) == by_key.end() || key < std::next(it)->first;
          auto& member = it->second->*A::member;
          if constexpr (A::kind == AssociationKind::has_many) {
            if (last) member.push_back(std::move(t));
            else member.push_back(t);
          } else if (!member) {
            if (last) member = std::move(t);
            else member = t;
          }
        }
      };
      // partial rows: the targets' picks, and the key they are matched by
      constexpr const auto& fields = ops::include_fields<Target, Keys::target_key, Inc>;
      std::string column(quarry::detail::column_name<Keys::target_key>());
      if constexpr (query::has_nested_include<Inc>) {  // this level's rows first, to load theirs
        fetch_in<Target, fields>(ex, c, targets, column, keys, parts.where, parts.order, parts.visible,
                                 parts.per_parent);
        nested();
        for (auto& t : targets) give(t);
      } else {  // each row straight to its owners
        fetch_in_rows<Target, fields>(ex, c, column, keys, parts.where, parts.order, parts.visible, parts.per_parent,
                                      [&](driver::Statement& st) {
                                        Target t;
                                        ops::read_fields<fields>(st, t);
                                        give(t);
                                      });
      }
    } else if constexpr (A::kind == AssociationKind::belongs_to) {
      using K = quarry::detail::unwrap_optional_t<quarry::detail::member_type<Keys::target_key>>;
      std::vector<K> keys;
      for (T* o : owners) {
        (o->*A::member).reset();
        const auto& fk = o->*Keys::owner_key;
        if (ops::has_key(fk) && ops::owner_in_scope<A>(*o)) keys.push_back(ops::key_value(fk));
      }
      quarry::detail::sort_unique(keys);
      // partial rows: the targets' picks, and the key they are matched by
      fetch_in<Target, ops::include_fields<Target, Keys::target_key, Inc>>(
          ex, c, targets, std::string(quarry::detail::column_name<Keys::target_key>()), keys, parts.where, parts.order,
          parts.visible);
      nested();
      std::map<K, const Target*> index;
      for (const auto& t : targets) index.emplace(ops::key_value(t.*Keys::target_key), &t);
      for (T* o : owners) {
        const auto& fk = o->*Keys::owner_key;
        if (!ops::has_key(fk) || !ops::owner_in_scope<A>(*o)) continue;
        if (auto it = index.find(ops::key_value(fk)); it != index.end()) (o->*A::member) = *it->second;
      }
    } else {  // belongs_to_many: the join rows, then the targets
      using Through = quarry::detail::class_of<A::foreign_key>;
      using K = quarry::detail::unwrap_optional_t<quarry::detail::member_type<Keys::owner_key>>;
      using TK = quarry::detail::unwrap_optional_t<quarry::detail::member_type<Keys::target_key>>;
      std::map<K, std::vector<T*>> by_key;
      for (T* o : owners) {
        (o->*A::member).clear();
        by_key[ops::key_value(o->*Keys::owner_key)].push_back(o);
      }
      std::vector<K> keys;
      for (const auto& [k, v] : by_key) keys.push_back(k);
      std::vector<Through> links;
      if constexpr (Inc::per_parent) {  // the links to the targets each owner keeps, numbered in their order
        fetch_chunks(ex, c, links, keys, ops::count_params(ops::links_in<Inc::member, K>({}, parts)),
                     [&](std::span<const K> chunk) { return ops::links_in<Inc::member>(chunk, parts); });
      } else {
        fetch_in(ex, c, links, std::string(quarry::detail::column_name<A::foreign_key>()), keys, std::nullopt,
                 ops::default_order<Through>());
      }
      std::vector<TK> target_keys;
      for (const auto& l : links)
        if (ops::has_key(l.*A::other_key)) target_keys.push_back(ops::key_value(l.*A::other_key));
      quarry::detail::sort_unique(target_keys);
      fetch_in<Target, ops::include_fields<Target, Keys::target_key, Inc>>(
          ex, c, targets, std::string(quarry::detail::column_name<Keys::target_key>()), target_keys, parts.where,
          parts.order, parts.visible);
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
        quarry::detail::stable_sort(list, [](const auto& a, const auto& b) { return a < b; });
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

/// Loads every include<...>(...) among clauses into owners, rows of T.
template <class T, class... C>
void load_includes(Executor& ex, driver::Connection& c, std::vector<T*>& owners, const C&... clauses) {
  [[maybe_unused]] auto one = [&](const auto& clause) {
    if constexpr (query::is_include<std::remove_cvref_t<decltype(clause)>>) load_include<T>(ex, c, owners, clause);
  };
  (one(clauses), ...);
}

}  // namespace quarry::exec
