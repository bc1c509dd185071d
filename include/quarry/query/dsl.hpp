#pragma once
/// The names a query is written with: `using namespace quarry::dsl;`.
///
///   db.find_all<Book>(where(col<&Book::price> < 30), order_by(desc(col<&Book::price>)), limit(10));

#include "clauses.hpp"
#include "functions.hpp"
#include "subquery.hpp"

namespace quarry::dsl {

/// The column of member M: col<&Book::title>.
template <auto M>
inline constexpr query::Column<M> col{};

/// Inside a subquery, the column of member M of the query around it: outer<&Author::id>
/// (subquery<T>(...) itself comes with <quarry/ops/subquery.hpp>, in <quarry/quarry.hpp>).
template <auto M>
inline constexpr query::OuterColumn<M> outer{};

inline constexpr query::EveryRow every_row{};

using query::asc;
using query::avg;
using query::batch;
using query::columns;
using query::conflict_on;
using query::count;
using query::count_distinct;
using query::desc;
using query::distinct;
using query::escape_like;
using query::except;
using query::exists;
using query::for_share;
using query::for_update;
using query::group_by;
using query::having;
using query::limit;
using query::max;
using query::min;
using query::offset;
using query::only;
using query::order_by;
using query::random_order;
using query::scope;
using query::set;
using query::sum;
using query::unscoped;
using query::update_on_duplicate;
using query::with_deleted;
using query::only_deleted;
using query::where;
using query::with_hidden;

using query::functions::abs;
using query::functions::cast;
using query::functions::ceil;
using query::functions::coalesce;
using query::functions::concat;
using query::functions::current_date;
using query::functions::extract;
using query::functions::floor;
using query::functions::fn;
using query::functions::length;
using query::functions::lower;
using query::functions::now;
using query::functions::nullif;
using query::functions::round;
using query::functions::sql;
using query::functions::substring;
using query::functions::trim;
using query::functions::upper;

}  // namespace quarry::dsl

namespace quarry {
using query::escape_like;
/// bulk_create(rows, individual_hooks), update<T>(set(...), where(...), individual_hooks),
/// destroy<T>(where(...), individual_hooks): run each row's hooks too, not only the bulk ones.
inline constexpr query::IndividualHooks individual_hooks{};
/// destroy(row, force), destroy<T>(where(...), force): delete, also on a model with deleted_at.
inline constexpr query::Force force{};
/// bulk_create(rows, ignore_duplicates): rows that clash with a stored row's key are left out.
inline constexpr query::IgnoreDuplicates ignore_duplicates{};
}  // namespace quarry
