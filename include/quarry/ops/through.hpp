#pragma once
/// Conditions and values through an association, on the rows of the model that declares it:
/// has<&Author::books>(cond) is EXISTS of an author's books that match cond, and
/// via<&Author::books>(max(col<&Book::created_at>)) the value of one aggregate over them (any
/// value of a has_one's or belongs_to's one row), as correlated subqueries planned through the
/// read path (the associated model's default scope and soft delete apply). Never a join: each
/// parent stays one row, so limit, offset and counts stay exact (docs/queries.md, "Conditions
/// and order through associations").
///
///   db.find_all<Author>(where(has<&Author::books>(col<&Book::title>.like("D%"))),
///                       order_by(desc(via<&Author::books>(max(col<&Book::created_at>)))), limit(10));
///   db.find_all<Book>(where(via<&Book::author>(col<&Author::name>) == "Ada"));

#include <cstddef>
#include <memory>  // make_shared
#include <optional>
#include <type_traits>

#include "../model/association.hpp"
#include "../query/expr.hpp"
#include "eager.hpp"  // linked_rows, default_order
#include "read.hpp"

namespace quarry::ops {

namespace detail {

/// The one error of M where has<M>/via<M> takes an association; true when M is one.
template <auto M>
consteval bool check_through_member() {
  constexpr bool ok = [] {
    if constexpr (!std::is_member_object_pointer_v<decltype(M)>) return false;
    else return quarry::detail::is_association_of<quarry::detail::class_of<M>, M>();
  }();
  static_assert(ok, "quarry: has<&T::member>(...) and via<&T::member>(...) take a member that Model<T>::associations "
                    "declares; declare its association there, or name another member");
  return ok;
}

/// The one error of an argument of has<M>(...) or via<M>(...) on Target that is neither its one
/// expression (of Target's columns) nor unscoped(), with_deleted() or only_deleted().
template <class Target, class E>
consteval bool check_through_arg() {
  if constexpr (query::expression<E>) {
    using Parts = query::model_parts<typename E::model_type>;
    constexpr bool own = (std::is_void_v<typename Parts::own> || std::is_same_v<typename Parts::own, Target>) &&
                         std::is_void_v<typename Parts::outer>;
    static_assert(own, "quarry: has<&T::member>(...) and via<&T::member>(...) use the associated model's columns "
                       "only; test T's own columns beside it, joined by && or ||");
    return own;
  } else {
    constexpr bool ok = requires { E::kind; } && (query::kind_of<E>() & ~(query::c_unscoped | query::c_deleted)) == 0;
    static_assert(ok, "quarry: has<&T::member>(...) and via<&T::member>(...) take one condition or value on the "
                      "associated model, and unscoped(), with_deleted() or only_deleted()");
    return ok;
  }
}

template <class... A>
inline constexpr std::size_t expressions_among = (std::size_t{0} + ... + (query::expression<A> ? 1 : 0));

/// The first expression among the arguments (the caller has counted one).
template <class A, class... R>
const auto& first_expression(const A& a, const R&... r) {
  if constexpr (query::expression<A>) return a;
  else return first_expression(r...);
}

template <class E>
consteval bool check_has_condition() {
  constexpr bool ok = std::is_same_v<quarry::detail::unwrap_optional_t<query::value_of<E>>, bool> &&
                      !query::has_aggregate<E>;
  static_assert(ok, "quarry: has<&T::member>(cond) takes a condition on the associated rows (a comparison, a bool "
                    "column, conditions joined by && and ||; no aggregate), as in "
                    "has<&Author::books>(col<&Book::title> == \"Dune\")");
  return ok;
}

template <auto M>
using association_t = std::remove_cvref_t<decltype(quarry::detail::association_of<M>())>;

/// The value type of via<M>(e): an aggregate's own (it always has a row); else e's, NULL when there
/// is no associated row.
template <class E>
using via_value = std::conditional_t<query::has_aggregate<E>, query::value_of<E>,
                                     std::optional<quarry::detail::unwrap_optional_t<query::value_of<E>>>>;

}  // namespace detail

/// has<&Author::books>(cond): whether the row has an associated row that matches cond (of the
/// associated model's columns), as EXISTS (SELECT * FROM books WHERE author_id = authors.id AND
/// cond); has<&Author::books>() without a condition; !has<...>(...) for none. Any association
/// kind; belongs_to_many through its join model. The associated model's default scope and soft
/// delete apply, unless unscoped(), with_deleted() or only_deleted() follow the condition. A
/// condition on the model that declares the association: where(...) takes it as any other.
template <auto M, class... A>
auto has(const A&... args) {
  if constexpr (!detail::check_through_member<M>()) {
    return query::Expr<void, bool>{};
  } else {
    using Owner = quarry::detail::class_of<M>;
    using Assoc = detail::association_t<M>;
    using Target = typename Assoc::target;
    constexpr bool args_ok = (detail::check_through_arg<Target, A>() && ...);
    static_assert(!args_ok || detail::expressions_among<A...> <= 1,
                  "quarry: has<&T::member>(...) takes one condition; join several with && or ||");
    if constexpr (!args_ok || detail::expressions_among<A...> > 1 ||
                  !quarry::detail::AssociationKeys<Assoc>::keys_valid) {
      return query::Expr<Owner, bool>{};
    } else if constexpr (detail::expressions_among<A...> == 0) {
      return query::Expr<Owner, bool>{sql::Node::exists(
          detail::linked_rows<Assoc>({sql::Node::star()}, std::nullopt, visibility<Target, A...>()))};
    } else {
      const auto& cond = detail::first_expression(args...);
      using E = std::remove_cvref_t<decltype(cond)>;
      if constexpr (!detail::check_has_condition<E>()) return query::Expr<Owner, bool>{};
      else
        return query::Expr<Owner, bool>{sql::Node::exists(
            detail::linked_rows<Assoc>({sql::Node::star()}, query::to_node(cond), visibility<Target, A...>()))};
    }
  }
}

/// via<&Book::author>(col<&Author::name>): a value of the associated rows as a value of the row,
/// for where(...), order_by(...) and columns(...): (SELECT name FROM authors WHERE id =
/// books.author_id). A has_one or belongs_to gives its one row's value, of std::optional type
/// (NULL without a row; a has_one's first row by key). A has_many or belongs_to_many has many
/// rows per parent, so its value is an aggregate over them:
/// via<&Author::books>(max(col<&Book::created_at>)), count(), min, sum, avg. The associated
/// model's default scope and soft delete apply, unless unscoped(), with_deleted() or
/// only_deleted() follow the value.
template <auto M, class... A>
auto via(const A&... args) {
  if constexpr (!detail::check_through_member<M>()) {
    return query::Expr<void, bool>{};
  } else {
    using Owner = quarry::detail::class_of<M>;
    using Assoc = detail::association_t<M>;
    using Target = typename Assoc::target;
    constexpr bool args_ok = (detail::check_through_arg<Target, A>() && ...);
    static_assert(!args_ok || detail::expressions_among<A...> == 1,
                  "quarry: via<&T::member>(value) takes one value of the associated model, as in "
                  "via<&Book::author>(col<&Author::name>) or via<&Author::books>(max(col<&Book::created_at>))");
    if constexpr (!args_ok || detail::expressions_among<A...> != 1) {
      return query::Expr<Owner, bool>{};
    } else {
      const auto& e = detail::first_expression(args...);
      using E = std::remove_cvref_t<decltype(e)>;
      using R = detail::via_value<E>;
      constexpr bool many = Assoc::kind == AssociationKind::has_many || Assoc::kind == AssociationKind::belongs_to_many;
      static_assert(!many || query::has_aggregate<E>,
                    "quarry: via<&T::member>(value) of a has_many or belongs_to_many has many rows per parent; give "
                    "one value over them: an aggregate such as max(col<...>), min(...), count(), sum(...) or avg(...)");
      if constexpr ((many && !query::has_aggregate<E>) || !quarry::detail::AssociationKeys<Assoc>::keys_valid) {
        return query::Expr<Owner, R>{};
      } else {
        constexpr Visibility v = visibility<Target, A...>();
        auto s = detail::linked_rows<Assoc>({query::to_node(e)}, std::nullopt, v);
        if constexpr (Assoc::kind == AssociationKind::has_one && !query::has_aggregate<E>) {
          s.order_by = default_order<Target>(v);  // of several rows, the one include<...>() keeps
          s.limit = 1;
        }
        return query::Expr<Owner, R>{sql::Node::scalar(std::make_shared<const sql::Select>(std::move(s)))};
      }
    }
  }
}

}  // namespace quarry::ops

namespace quarry::dsl {
using ops::has;
using ops::via;
}  // namespace quarry::dsl
