#pragma once
/// Subqueries as typed expressions: ops::subquery<T>(clauses...) builds one (through the read
/// path); here are the type it gives, outer<&Outer::member> for a column of the query around it,
/// and exists(...).
///
///   col<&Author::id>.in(subquery<Book>(columns(col<&Book::author_id>), where(col<&Book::stock> > 0)))
///   exists(subquery<Book>(where(col<&Book::author_id> == outer<&Author::id>)))
///   col<&Book::price> > subquery<Book>(columns(avg(col<&Book::price>)))

#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "expr.hpp"

namespace quarry::query {

/// The value type of a subquery that is no value (none or several columns): nothing compares with it.
struct NotOneColumn {};

template <bool OneRow, class... V> struct scalar_value { using type = NotOneColumn; };
template <bool OneRow, class V> struct scalar_value<OneRow, V> {
  using type = std::conditional_t<OneRow, V, std::optional<detail::unwrap_optional_t<V>>>;
};

template <class T, class O, bool OneRow, class... V>
struct Subquery : ExprBase<Subquery<T, O, OneRow, V...>> {
  /// What it adds to the query it stands in: the model it refers to (outer<...>), or void.
  using model_type = O;
  using value_type = typename scalar_value<OneRow, V...>::type;
  static constexpr bool aggregate = false;
  /// The planned SELECT (shared by every node that lowers it).
  std::shared_ptr<const sql::Select> select;
  sql::Node lower() const { return sql::Node::scalar(select); }
};

/// outer<&Author::id>: inside a subquery, the column of the query around it (qualified by its
/// table, so that it never means the subquery's own column of that name).
template <auto M>
struct OuterColumn : ExprBase<OuterColumn<M>> {
  using model_type = Outer<detail::class_of<M>>;
  using value_type = detail::member_type<M>;
  static constexpr bool aggregate = false;
  auto lower() const {  // deduced, as Column::lower: the column's own check reports the user's line
    sql::Node n = Column<M>{}.lower();
    if constexpr (Column<M>::valid) n.table = std::string(quarry::detail::table_name<detail::class_of<M>>());
    return n;
  }
};

/// exists(subquery<T>(where(...))): whether the subquery has a row; !exists(...) for NOT EXISTS.
template <class S>
auto exists(const S& sub) {
  static_assert(is_subquery<S>, "quarry: exists(...) takes a subquery, as in "
                                "exists(subquery<Book>(where(col<&Book::author_id> == outer<&Author::id>)))");
  if constexpr (is_subquery<S>) return Expr<typename S::model_type, bool>{sql::Node::exists(sub.select)};
  else return Expr<void, bool>{};
}

}  // namespace quarry::query
