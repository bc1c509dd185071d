#pragma once
/// Running the association helpers: the reads of one owner's associated rows (the conditions of
/// ops::Related, run by the read path's runners) and the writes that link, unlink and create
/// them. Every row they write passes the write path (exec/write.hpp); the writes by where that
/// unlink rows get updated_at from ops::prepare_where; a caller's row whose foreign key a helper
/// moves is put back when the write fails (ops::Restore). create_with inserts a row with the
/// associated rows its includes name (create with include).
///
///   exec::add_related<&Author::books>(ex, conn, ada, book, exec::NoHooks{});   // book.author_id = ada.id, saved

#include <cstdint>
#include <string>
#include <tuple>  // apply
#include <type_traits>
#include <utility>
#include <vector>

#include "../algorithm.hpp"  // quarry::detail's algorithms: no <algorithm>
#include "../driver/connection.hpp"
#include "../model/association.hpp"
#include "../ops/eager.hpp"
#include "../ops/model_info.hpp"
#include "../ops/read.hpp"
#include "../ops/write.hpp"
#include "../query/clauses.hpp"
#include "../query/value.hpp"  // to_value
#include "../sql/render.hpp"
#include "executor.hpp"
#include "read.hpp"
#include "write.hpp"

namespace quarry::exec {

/// The foreign key that remove_related<M> unsets: the owner's (belongs_to) or the target's
/// (has_one, has_many). Not for belongs_to_many, whose join row goes instead.
template <auto M>
constexpr auto unlinked_key() {
  using R = ops::Related<M>;
  if constexpr (R::A::kind == AssociationKind::belongs_to) return R::Keys::owner_key;
  else return R::Keys::target_key;
}

/// Whether remove_related<M> can end an association: its join row is deleted, or its foreign key
/// can be NULL.
template <auto M>
constexpr bool removable() {
  if constexpr (ops::Related<M>::A::kind == AssociationKind::belongs_to_many) return true;
  else return quarry::detail::is_optional_v<quarry::detail::member_type<unlinked_key<M>()>>;
}

/// The rows associated with owner through M: a vector for has_many and belongs_to_many, an
/// optional for has_one and belongs_to.
template <auto M, class Owner, class... C>
auto related(Executor& ex, driver::Connection& c, const Owner& owner, const C&... clauses) {
  using R = ops::Related<M>;
  using Target = typename R::Target;
  query::Where<Target> cond{sql::Node::pinned(R::condition(owner))};
  if constexpr (R::A::kind == AssociationKind::has_many || R::A::kind == AssociationKind::belongs_to_many)
    return exec::find_all<Target>(ex, c, cond, clauses...);
  else return exec::find_one<Target>(ex, c, cond, clauses...);
}

/// How many rows are associated with owner through M (and match the where(...) among clauses).
template <auto M, class Owner, class... C>
std::int64_t count_related(Executor& ex, driver::Connection& c, const Owner& owner, const C&... clauses) {
  using R = ops::Related<M>;
  using Target = typename R::Target;
  return exec::count(ex, c, ops::model_info<Target>(),
                     ops::where_of<Target>(query::Where<Target>{sql::Node::pinned(R::condition(owner))}, clauses...),
                     ops::visibility<Target, C...>());
}

/// Whether target is associated with owner through M.
template <auto M, class Owner, class Target>
bool has_related(Executor& ex, driver::Connection& c, const Owner& owner, const Target& target) {
  using R = ops::Related<M>;
  return exec::count(ex, c, ops::model_info<Target>(),
                     sql::Node::pinned(sql::Node::binary(sql::Op::and_, R::condition(owner), R::is_target(target)))) > 0;
}

/// Where an association helper gets the hooks of each model it writes: hooks_of(type, individual,
/// fn) calls fn with the hooks of the model `type` names (a session passes its own; NoHooks gives
/// none). Each write of a helper then runs the hooks that the same write by the program would:
/// a save runs the save and update hooks of its row's model, an inserted join row its model's
/// create hooks, a write by where the bulk hooks.
struct NoHooks {
  template <class R, class F>
  decltype(auto) operator()(std::type_identity<R>, bool, F&& fn) const {
    return fn(ops::Hooks<R>{});
  }
};

namespace detail {
/// save(row) with the hooks of row's model.
template <class R, class HooksOf>
void save_hooked(Executor& ex, driver::Connection& c, R& row, const HooksOf& hooks_of) {
  hooks_of(std::type_identity<R>{}, false, [&](const ops::Hooks<R>& h) { exec::save(ex, c, row, h); });
}
/// The delete of the rows of Link (join rows) that where matches, with its model's bulk destroy
/// hooks (a delete, also when Link soft-deletes: a join row that is gone is unlinked).
template <class Link, class HooksOf>
void destroy_links(Executor& ex, driver::Connection& c, sql::Node where, const HooksOf& hooks_of) {
  hooks_of(std::type_identity<Link>{}, false, [&](const ops::Hooks<Link>& h) {
    exec::destroy_where<Link, false, true>(ex, c, std::optional<sql::Node>(std::move(where)), h);
  });
}
/// The insert or update (kind) of row with the hooks of row's model.
template <class R, class HooksOf>
void write_hooked(Executor& ex, driver::Connection& c, R& row, ops::Write kind, const HooksOf& hooks_of) {
  hooks_of(std::type_identity<R>{}, false, [&](const ops::Hooks<R>& h) { exec::write(ex, c, row, kind, h); });
}
}  // namespace detail

/// Links target to owner: sets the foreign key (on owner for belongs_to, else on target) and
/// saves that row, or inserts the join row (through: its own columns), each with its model's
/// hooks (hooks_of).
template <auto M, class Owner, class Target, class HooksOf = NoHooks, class... Through>
void add_related(Executor& ex, driver::Connection& c, Owner& owner, Target& target, HooksOf&& hooks_of,
                 const Through&... through) {
  using R = ops::Related<M>;
  using A = typename R::A;
  if constexpr (A::kind == AssociationKind::belongs_to_many) {
    using Link = quarry::detail::class_of<A::foreign_key>;
    Link link{through...};
    link.*A::foreign_key = owner.*R::Keys::owner_key;
    link.*A::other_key = target.*R::Keys::target_key;
    detail::write_hooked(ex, c, link, ops::Write::insert, hooks_of);
  } else if constexpr (A::kind == AssociationKind::belongs_to) {
    ops::Restore keep(owner);
    owner.*R::Keys::owner_key = target.*R::Keys::target_key;
    ops::link_scope<A>(owner, target);
    detail::save_hooked(ex, c, owner, hooks_of);
    keep.done();
  } else {
    ops::Restore keep(target);
    target.*R::Keys::target_key = owner.*R::Keys::owner_key;
    ops::link_scope<A>(owner, target);
    detail::save_hooked(ex, c, target, hooks_of);
    keep.done();
  }
}

/// Ends the association: deletes the join row (with the join model's bulk destroy hooks), or sets
/// the foreign key to NULL and saves its row (with its model's hooks); removable<M>() says which
/// can.
template <auto M, class Owner, class Target, class HooksOf = NoHooks>
void remove_related(Executor& ex, driver::Connection& c, Owner& owner, Target& target, HooksOf&& hooks_of = {}) {
  using R = ops::Related<M>;
  using A = typename R::A;
  if constexpr (A::kind == AssociationKind::belongs_to_many) {
    using Link = quarry::detail::class_of<A::foreign_key>;
    auto cond = sql::Node::binary(
        sql::Op::and_,
        sql::Node::binary(sql::Op::eq, sql::Node::column(std::string(quarry::detail::column_name<A::foreign_key>())),
                          sql::Node::param(quarry::detail::to_value(owner.*R::Keys::owner_key))),
        sql::Node::binary(sql::Op::eq, sql::Node::column(std::string(quarry::detail::column_name<A::other_key>())),
                          sql::Node::param(quarry::detail::to_value(target.*R::Keys::target_key))));
    detail::destroy_links<Link>(ex, c, std::move(cond), hooks_of);
  } else {
    constexpr auto fk = unlinked_key<M>();
    if constexpr (std::is_same_v<quarry::detail::class_of<fk>, Owner>) {
      ops::Restore keep(owner);
      (owner.*fk).reset();
      detail::save_hooked(ex, c, owner, hooks_of);
      keep.done();
    } else {
      ops::Restore keep(target);
      (target.*fk).reset();
      detail::save_hooked(ex, c, target, hooks_of);
      keep.done();
    }
  }
}

/// Makes targets exactly the rows associated with owner through M (has_many, belongs_to_many),
/// all or nothing: the others are unlinked (their join rows deleted, their foreign key set to
/// NULL, or, when it cannot be NULL, the rows deleted), then targets are linked.
template <auto M, class Owner, class Target, class HooksOf = NoHooks>
void set_related(Executor& ex, driver::Connection& c, Owner& owner, std::vector<Target>& targets,
                 HooksOf&& hooks_of = {}) {
  using R = ops::Related<M>;
  using A = typename R::A;
  constexpr auto target_pk = quarry::detail::single_primary_key<Target>();
  constexpr auto kept_column = [] {
    if constexpr (A::kind == AssociationKind::belongs_to_many) return quarry::detail::column_name<A::other_key>();
    else return quarry::detail::column_name<target_pk>();
  }();
  auto keep = sql::Node::unary(sql::Node::Kind::not_in, sql::Node::column(std::string(kept_column)));
  for (const auto& t : targets) keep.args.push_back(sql::Node::param(quarry::detail::to_value(t.*target_pk)));
  ops::Restore before(targets);
  ex.atomically(c, [&] {
    if constexpr (A::kind == AssociationKind::belongs_to_many) {
      using Link = quarry::detail::class_of<A::foreign_key>;
      auto mine = sql::Node::binary(sql::Op::eq,
                                    sql::Node::column(std::string(quarry::detail::column_name<A::foreign_key>())),
                                    sql::Node::param(quarry::detail::to_value(owner.*R::Keys::owner_key)));
      detail::destroy_links<Link>(ex, c, sql::Node::binary(sql::Op::and_, mine, keep), hooks_of);
      // the links that stay: those a read sees (live, in the join model's default scope)
      auto existing = exec::find_all<Link>(ex, c, query::Where<Link>{mine});
      std::vector<Target*> unlinked;
      for (auto& t : targets) {
        bool linked = quarry::detail::any_of(existing.begin(), existing.end(), [&](const Link& l) {
          return ops::key_value(l.*A::other_key) == ops::key_value(t.*R::Keys::target_key);
        });
        if (!linked) unlinked.push_back(&t);
      }
      // a join row that a read does not see (soft-deleted, out of scope) but that links one of
      // them goes first: the new one would duplicate it
      if (!unlinked.empty() && (ops::soft_deletes_v<Link> || ops::model_info<Link>().default_scope)) {
        auto hidden = sql::Node::unary(sql::Node::Kind::in,
                                       sql::Node::column(std::string(quarry::detail::column_name<A::other_key>())));
        for (const Target* t : unlinked) hidden.args.push_back(sql::Node::param(quarry::detail::to_value(t->*R::Keys::target_key)));
        detail::destroy_links<Link>(ex, c, sql::Node::binary(sql::Op::and_, mine, std::move(hidden)), hooks_of);
      }
      for (Target* t : unlinked) {
        Link link{};
        link.*A::foreign_key = owner.*R::Keys::owner_key;
        link.*A::other_key = t->*R::Keys::target_key;
        detail::write_hooked(ex, c, link, ops::Write::insert, hooks_of);
      }
    } else {
      constexpr auto fk = R::Keys::target_key;
      auto mine = R::condition(owner);  // the foreign key, and the association's scope
      // the others: a write by where, with Target's bulk hooks
      std::optional<sql::Node> others = sql::Node::binary(sql::Op::and_, mine, keep);
      hooks_of(std::type_identity<Target>{}, false, [&](const ops::Hooks<Target>& h) {
        if constexpr (quarry::detail::is_optional_v<quarry::detail::member_type<fk>>)
          exec::update_where<Target>(ex, c, {{std::string(quarry::detail::column_name<fk>()), sql::Node::param(sql::Null{})}},
                                     std::move(others), h);
        else  // a NOT NULL key cannot be unset: the rows go
          exec::destroy_where<Target, false, true>(ex, c, std::move(others), h);
      });
      std::vector<Target*> rows;
      rows.reserve(targets.size());
      for (auto& t : targets) {
        t.*fk = owner.*R::Keys::owner_key;
        ops::link_scope<A>(owner, t);
        rows.push_back(&t);
      }
      // the targets: saved each, with Target's hooks on each row (as a save of each would)
      if (!rows.empty())
        hooks_of(std::type_identity<Target>{}, true, [&](const ops::Hooks<Target>& h) {
          exec::write<Target>(ex, c, rows, ops::Write::update, h);
        });
    }
    return 0;
  });
  before.done();
}

/// Inserts target already associated with owner, all or nothing: with owner's key in its foreign
/// key, or then owner's foreign key set to it (belongs_to), or then the join row inserted
/// (through: its own columns). Returns target with its key.
template <auto M, class Owner, class Target, class HooksOf = NoHooks, class... Through>
Target create_related(Executor& ex, driver::Connection& c, Owner& owner, Target& target, HooksOf&& hooks_of,
                      const Through&... through) {
  using R = ops::Related<M>;
  using A = typename R::A;
  return ex.atomically(c, [&] {
    if constexpr (A::kind == AssociationKind::has_many || A::kind == AssociationKind::has_one) {
      target.*R::Keys::target_key = owner.*R::Keys::owner_key;
      ops::link_scope<A>(owner, target);
      detail::write_hooked(ex, c, target, ops::Write::insert, hooks_of);
    } else if constexpr (A::kind == AssociationKind::belongs_to) {
      detail::write_hooked(ex, c, target, ops::Write::insert, hooks_of);
      ops::Restore keep(owner);
      owner.*R::Keys::owner_key = target.*R::Keys::target_key;
      ops::link_scope<A>(owner, target);
      detail::write_hooked(ex, c, owner, ops::Write::update, hooks_of);
      keep.done();
    } else {
      using Link = quarry::detail::class_of<A::foreign_key>;
      detail::write_hooked(ex, c, target, ops::Write::insert, hooks_of);
      Link link{through...};
      link.*A::foreign_key = owner.*R::Keys::owner_key;
      link.*A::other_key = target.*R::Keys::target_key;
      detail::write_hooked(ex, c, link, ops::Write::insert, hooks_of);
    }
    return target;
  });
}

namespace detail {
/// Whether T's key is one that quarry or the database generates (auto increment, or a random
/// UUID default): only then can a row tell whether it is stored yet.
template <class T>
consteval bool generated_key() {
  bool out = false;
  quarry::detail::for_each_field<T>([&](const auto& f) {
    if (f.options.primary_key && (f.options.auto_increment ||
                                  f.options.default_value.kind == quarry::detail::DefaultValue::Kind::random_uuid))
      out = true;
  });
  return out;
}

/// Whether create(row, include<...>) links target as a row already stored instead of inserting
/// it: its key is generated and set (save would update it). Only belongs_to and belongs_to_many
/// targets are linked so, since linking them writes nothing to them.
template <class T>
bool stored(const T& target) {
  if constexpr (!generated_key<T>()) return false;
  else return !((ops::model_info<T>().auto_increment && ops::key_unset(target)) || ops::key_to_generate(target));
}

template <class T, class Insert, class Inc>
void create_target(T& target, Insert& insert, const Inc& inc);

/// The part of include inc that comes before its owner's row: a belongs_to target inserted (or
/// taken as stored) and its key copied into the owner's foreign key.
template <class Owner, class Insert, class Inc>
void create_before(Owner& owner, Insert& insert, const Inc& inc) {
  constexpr auto assoc = quarry::detail::association_of<Inc::member>();
  using A = std::remove_cvref_t<decltype(assoc)>;
  using Keys = quarry::detail::AssociationKeys<A>;
  if constexpr (A::kind == AssociationKind::belongs_to) {
    if (auto& target = owner.*A::member) {
      if (!detail::stored(*target)) detail::create_target(*target, insert, inc);
      owner.*Keys::owner_key = (*target).*Keys::target_key;
      ops::link_scope<A>(owner, *target);
    }
  }
}

/// The part of include inc that comes after its owner's row: has_one and has_many targets with
/// the owner's key in their foreign key, belongs_to_many targets (unless stored) and then a join
/// row for each (a Linked element's own join row, which receives the keys).
template <class Owner, class Insert, class Inc>
void create_after(Owner& owner, Insert& insert, const Inc& inc) {
  constexpr auto assoc = quarry::detail::association_of<Inc::member>();
  using A = std::remove_cvref_t<decltype(assoc)>;
  using Keys = quarry::detail::AssociationKeys<A>;
  if constexpr (A::kind == AssociationKind::has_one) {
    if (auto& target = owner.*A::member) {
      (*target).*Keys::target_key = owner.*Keys::owner_key;
      ops::link_scope<A>(owner, *target);
      detail::create_target(*target, insert, inc);
    }
  } else if constexpr (A::kind == AssociationKind::has_many) {
    for (auto& target : owner.*A::member) {
      target.*Keys::target_key = owner.*Keys::owner_key;
      ops::link_scope<A>(owner, target);
      detail::create_target(target, insert, inc);
    }
  } else if constexpr (A::kind == AssociationKind::belongs_to_many) {
    using Link = quarry::detail::class_of<A::foreign_key>;
    for (auto& element : owner.*A::member) {
      auto link_to = [&](auto& target, Link& link) {
        if (!detail::stored(target)) detail::create_target(target, insert, inc);
        link.*A::foreign_key = owner.*Keys::owner_key;
        link.*A::other_key = target.*Keys::target_key;
        insert(link);
      };
      if constexpr (std::is_void_v<typename A::linked_through>) {
        Link link{};
        link_to(element, link);
      } else {
        link_to(element.target, element.through);
      }
    }
  }
}
}  // namespace detail

/// Inserts row and the associated rows in its members that includes name (create(row,
/// include<...>(...)), Sequelize's create with include), nested includes recursively, with every
/// key set: belongs_to targets first, then row, then has_one and has_many targets, belongs_to_many
/// targets and their join rows. insert(r) writes one row of any model through the write path,
/// with that model's hooks. Not atomic by itself: the caller runs it in a transaction.
template <class T, class Insert, class... Inc>
void create_with(T& row, Insert& insert, const Inc&... includes) {
  (detail::create_before(row, insert, includes), ...);
  insert(row);
  (detail::create_after(row, insert, includes), ...);
}

namespace detail {
template <class T, class Insert, class Inc>
void create_target(T& target, Insert& insert, const Inc& inc) {
  std::apply([&](const auto&... nested) { exec::create_with(target, insert, nested...); }, inc.options);
}
}  // namespace detail

}  // namespace quarry::exec
