#pragma once
/// Eager loading: include<&Author::books>(where(...), order_by(...), required, include<&Book::reviews>())
/// on find_all, find_one, find_by_pk and find_and_count_all. Each level is one more query
/// (WHERE key IN (...)), never a join, so limit, offset and counts on the parent stay exact.

#include <tuple>

#include "../model/association.hpp"
#include "clauses.hpp"

namespace quarry::query {

/// Leaves out the parents that have no matching associated row, as an inner join would.
struct Required {
  static constexpr unsigned kind = c_required;
  using model_type = void;
};

template <auto Member, class... Options>
struct Include {
  static constexpr unsigned kind = c_include;
  using model_type = detail::class_of<Member>;  // the model the association is declared on
  static constexpr auto member = Member;
  std::tuple<Options...> options;

  static constexpr bool required = (std::is_same_v<Options, Required> || ...);
};

template <auto Member, class... Options>
Include<Member, Options...> include(const Options&... options) {
  return {{options...}};
}

/// The clauses an include<...>(...) takes, on its target model.
inline constexpr unsigned include_clauses = c_where | c_order | c_include | c_required | c_unscoped | c_deleted | c_pick;

template <class C> inline constexpr bool is_include = false;
template <auto M, class... O> inline constexpr bool is_include<Include<M, O...>> = true;

}  // namespace quarry::query

namespace quarry::dsl {
using query::include;
inline constexpr query::Required required{};
}  // namespace quarry::dsl
