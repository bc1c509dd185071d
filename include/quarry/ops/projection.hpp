#pragma once
/// Partial rows: which fields of a model a read reads, as a mask in field order computed at
/// compile time from the query's clauses. The read path's plan selects those columns, and
/// ops::read_fields reads them with the mask as a template argument, so a row costs the same
/// whether or not the query picked its columns: no test per row or per field.
///
///   constexpr auto& mask = ops::fields_read<User, decltype(only<&User::name>())>;   // id and name

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>

#include "../model/association.hpp"
#include "../query/clauses.hpp"
#include "../query/include.hpp"

namespace quarry::ops {

namespace detail {
template <class T>
using Mask = std::array<bool, quarry::detail::field_count<T>>;

/// Sets mask[field of M] to on, for each M (members of T; others are left to check_clause).
template <class T, auto M>
constexpr void mark_one(Mask<T>& mask, bool on) {
  if constexpr (std::is_same_v<quarry::detail::class_of<M>, T>)
    if constexpr (quarry::detail::is_field_v<M>) mask[quarry::detail::field_index<M>()] = on;
}
template <class T, auto... M>
constexpr void mark(Mask<T>& mask, bool on) {
  (mark_one<T, M>(mask, on), ...);
}
template <class T, query::PickKind K, auto... M>
constexpr void apply_pick_members(Mask<T>& mask, query::PickKind kind, bool& only_seen, const query::Pick<K, M...>*) {
  if (K != kind) return;
  if (K == query::PickKind::only && !only_seen) {
    mask = {};
    only_seen = true;
  }
  mark<T, M...>(mask, K != query::PickKind::except);
}
template <class T, class C>
constexpr void apply_pick(Mask<T>& mask, query::PickKind kind, bool& only_seen) {
  if constexpr (query::is_pick<C>) apply_pick_members<T>(mask, kind, only_seen, static_cast<const C*>(nullptr));
}

/// Marks the key of T that include C matches its rows by (the owner's side).
template <class T, class C>
constexpr void mark_include_key(Mask<T>& mask) {
  if constexpr (query::is_include<C>) {
    using A = std::remove_cvref_t<decltype(quarry::detail::association_of<C::member>())>;
    using Keys = quarry::detail::AssociationKeys<A>;
    if constexpr (Keys::keys_valid && std::is_same_v<quarry::detail::class_of<Keys::owner_key>, T>)
      mark<T, Keys::owner_key>(mask, true);
  }
}
}  // namespace detail

/// The fields of T that a read with clauses C reads: by default every field but the hidden ones;
/// only<...> (those alone), with_hidden<...> (those too) and except<...> (all but those) change
/// that, in this order; the primary key and the keys that includes among C match rows by are
/// always read.
template <class T, class... C>
consteval detail::Mask<T> pick_fields() {
  detail::Mask<T> mask = quarry::detail::read_by_default<T>;
  [[maybe_unused]] bool only_seen = false;
  for ([[maybe_unused]] auto kind : {query::PickKind::only, query::PickKind::with_hidden, query::PickKind::except})
    (detail::apply_pick<T, C>(mask, kind, only_seen), ...);
  for (std::size_t i = 0; i < mask.size(); ++i)
    if (quarry::detail::field_options<T>[i].primary_key) mask[i] = true;
  (detail::mark_include_key<T, C>(mask), ...);
  return mask;
}

template <class T, class... C>
inline constexpr detail::Mask<T> fields_read = pick_fields<T, C...>();

namespace detail {
/// The fields of an include's target rows: its options' picks, plus the key they are matched
/// to their owners by (Key, a member of Target).
template <class Target, auto Key, class Inc> struct IncludeFields;
template <class Target, auto Key, auto M, class... O>
struct IncludeFields<Target, Key, query::Include<M, O...>> {
  static constexpr Mask<Target> value = [] {
    auto mask = pick_fields<Target, O...>();
    mark<Target, Key>(mask, true);
    return mask;
  }();
};
}  // namespace detail

/// The fields read into an include's target rows (Target's, matched by its member Key).
template <class Target, auto Key, class Inc>
inline constexpr detail::Mask<Target> include_fields = detail::IncludeFields<Target, Key, Inc>::value;

}  // namespace quarry::ops
