#pragma once
/// subquery<T>(clauses...): a typed subquery on model T, planned through the read path (its
/// default scope and soft delete apply, as in every read), for exists(...), in(...), not_in(...),
/// comparisons, columns(...) and set(...) (query/subquery.hpp; docs/queries.md, "Subqueries").
///
///   db.find_all<Author>(where(exists(subquery<Book>(where(col<&Book::author_id> == outer<&Author::id>)))));
///   db.find_all<Book>(where(col<&Book::price> > subquery<Book>(columns(avg(col<&Book::price>)))));

#include <memory>
#include <string>
#include <tuple>
#include <type_traits>

#include "../query/subquery.hpp"
#include "read.hpp"

namespace quarry::ops {

/// The clauses a subquery takes.
inline constexpr unsigned subquery_clauses = query::c_where | query::c_order | query::c_limit | query::c_offset |
                                             query::c_group | query::c_having | query::c_distinct | query::c_columns |
                                             query::c_unscoped | query::c_deleted;

namespace detail {

/// The one error of a clause that a subquery on T cannot take; true when it can.
template <class T, class C>
consteval bool check_subquery_clause() {
  if constexpr (!requires { C::kind; typename C::model_type; } || (C::kind & ~subquery_clauses) != 0) {
    static_assert(quarry::detail::always_false<C>,
                  "quarry: subquery<T>(...) takes columns(...), where(...), order_by(...), group_by(...), having(...), "
                  "limit(n), offset(n), distinct(), unscoped(), with_deleted() and only_deleted()");
    return false;
  } else {
    using Parts = query::model_parts<typename C::model_type>;
    constexpr bool own = std::is_void_v<typename Parts::own> || std::is_same_v<typename Parts::own, T>;
    static_assert(own, "quarry: subquery<T>(...) uses a column of another model; a subquery on T uses T's own "
                       "columns, and those of the query around it as outer<&Outer::member>");
    constexpr bool one_outer = !std::is_same_v<typename Parts::outer, query::Mixed>;
    static_assert(!own || one_outer, "quarry: a subquery's outer<...> columns are of one model: the query around it");
    return own && one_outer;
  }
}

/// C::kind and C::model_type, or 0 and void for an argument that is no clause (its one error is
/// check_subquery_clause's).
template <class C> consteval unsigned kind_of() {
  if constexpr (requires { C::kind; }) return C::kind;
  else return 0;
}
template <class C> struct clause_model { using type = void; };
template <class C> requires requires { typename C::model_type; } struct clause_model<C> { using type = typename C::model_type; };

/// The model that clauses C refer to through outer<...>: void, one model, or Mixed.
template <class... C> struct outer_of { using type = void; };
template <class C, class... R> struct outer_of<C, R...> {
  using type = query::merge_one<typename query::model_parts<typename clause_model<C>::type>::outer,
                                typename outer_of<R...>::type>;
};

template <class... C> struct columns_among { using type = void; };
template <class C, class... R>
struct columns_among<C, R...>
    : std::conditional_t<query::is_scope<C> || kind_of<C>() != query::c_columns, columns_among<R...>,
                         std::type_identity<C>> {};

/// The Subquery type of a subquery on T referring to O, of columns clause Cols (void: none), whose
/// rows are one when Once (no group_by, having, limit or offset) and its columns are aggregates.
template <class T, class O, bool Once, class Cols> struct subquery_type { using type = query::Subquery<T, O, false>; };
template <class T, class O, bool Once, bool A, class M, class... V>
struct subquery_type<T, O, Once, query::ColumnsOf<A, M, V...>> {
  using type = query::Subquery<T, O, Once && A, V...>;
};

template <class T, class C>
void subquery_clause(sql::Select& s, const C& c) {
  if constexpr (query::is_scope<C>)
    std::apply([&](const auto&... p) { (subquery_clause<T>(s, p), ...); }, c.parts);
  else if constexpr (C::kind == query::c_where && !std::is_same_v<C, query::EveryRow>)
    query::condition_into<T>(s.where, c.lower());  // (its model may carry outer references)
  else
    query::apply_clause(s, c);
}

}  // namespace detail

/// subquery<T>(columns(...), where(...), ...): SELECT columns FROM T's table WHERE ..., with T's
/// default scope (unless unscoped()) and only its live rows on a model with deleted_at (unless
/// with_deleted() or only_deleted()). Without columns(...) it reads * (for exists(...)). Its where
/// may use outer<&Outer::member>, the columns of the query around it; a subquery on the model of
/// that query reads its table under the alias <table>_sub, so that the two stay apart.
template <class T, class... C>
auto subquery(const C&... clauses) {
  constexpr unsigned kinds = (0u | ... | detail::kind_of<C>());
  using O = typename detail::outer_of<C...>::type;
  using Sub = typename detail::subquery_type<
      T, O, (kinds & (query::c_group | query::c_having | query::c_limit | query::c_offset)) == 0,
      typename detail::columns_among<C...>::type>::type;
  Sub out;
  constexpr bool ok = quarry::detail::ModelCheck<T>::ok && (detail::check_subquery_clause<T, C>() && ...);
  if constexpr (ok) {
    static_assert(((detail::kind_of<C>() == query::c_columns) + ... + 0) <= 1,
                  "quarry: subquery<T>(...) takes one columns(...)");
    sql::Select s;
    (detail::subquery_clause<T>(s, clauses), ...);
    if (s.columns.empty()) s.columns = {sql::Node::star()};
    const auto& info = model_info<T>();
    if constexpr (std::is_same_v<O, T>) s.alias = info.table + "_sub";
    out.select = std::make_shared<const sql::Select>(plan(info, std::move(s), std::nullopt, visibility<T, C...>()));
  }
  return out;
}

}  // namespace quarry::ops

namespace quarry::dsl {
using ops::subquery;
}  // namespace quarry::dsl
