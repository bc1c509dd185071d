#pragma once
/// Eager loading: include<&Author::books>(where(...), order_by(...), required, include<&Book::reviews>())
/// on find_all, find_one, find_by_pk and find_and_count_all. Each level is one more query
/// (WHERE key IN (...)), never a join, so limit, offset and counts on the parent stay exact.
/// limit(n) and offset(n) in a has_many's or belongs_to_many's include count per parent:
/// include<&Author::books>(order_by(desc(col<&Book::created_at>)), limit(3)) reads each author's
/// three latest books, still in one query per level (ROW_NUMBER() per owner).

#include <tuple>

#include "../model/association.hpp"
#include "clauses.hpp"

namespace quarry::query {

/// Leaves out the parents that have no matching associated row, as an inner join would.
struct Required {
  static constexpr unsigned kind = c_required;
  using model_type = void;
};

/// The kinds of clause C (0 for what is no clause: its own error says so).
template <class C>
consteval unsigned kind_of() {
  if constexpr (requires { C::kind; }) return C::kind;
  else return 0;
}

/// Whether an include's options carry limit(n) or offset(n) (also inside a scope(...)).
template <class... Options>
inline constexpr bool limits_per_parent = (((kind_of<Options>() & (c_limit | c_offset)) != 0) || ...);

template <auto Member, class... Options>
struct Include {
  static constexpr unsigned kind = c_include;
  using model_type = detail::class_of<Member>;  // the model the association is declared on
  static constexpr auto member = Member;
  std::tuple<Options...> options;

  static constexpr bool required = (std::is_same_v<Options, Required> || ...);
  /// Whether limit(n) or offset(n) among the options count rows per parent.
  static constexpr bool per_parent = limits_per_parent<Options...>;
};

template <auto Member, class... Options>
Include<Member, Options...> include(const Options&... options) {
  return {{options...}};
}

/// The clauses an include<...>(...) takes, on its target model. limit(n) and offset(n) count per
/// parent (a has_many's or belongs_to_many's rows of each owner), in the include's order.
inline constexpr unsigned include_clauses =
    c_where | c_order | c_limit | c_offset | c_include | c_required | c_unscoped | c_deleted | c_pick;

template <class C> inline constexpr bool is_include = false;
template <auto M, class... O> inline constexpr bool is_include<Include<M, O...>> = true;

/// Whether include I has includes of its own among its options.
template <class I> inline constexpr bool has_nested_include = false;
template <auto M, class... O>
inline constexpr bool has_nested_include<Include<M, O...>> = (is_include<O> || ...);

}  // namespace quarry::query

namespace quarry::dsl {
using query::include;
inline constexpr query::Required required{};
}  // namespace quarry::dsl
