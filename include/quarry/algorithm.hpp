#pragma once
/// The few algorithms quarry's templates and inline functions use, in quarry::detail, so that
/// no file that includes quarry needs <algorithm>: with C++20's ranges it is about 200 M of
/// clang's instructions (4% of a file that only includes quarry with QUARRY_COMPILED), while
/// quarry's templates need a search, a sort of a vector, and a minimum. Compiled code (the
/// bodies, under QUARRY_BODIES) uses <algorithm> as usual.

#include <cstddef>
#include <utility>
#include <vector>

namespace quarry::detail {

template <class T>
constexpr const T& min(const T& a, const T& b) {
  return b < a ? b : a;
}
template <class T>
constexpr const T& max(const T& a, const T& b) {
  return a < b ? b : a;
}

template <class It, class Pred>
constexpr bool any_of(It first, It last, Pred pred) {
  for (; first != last; ++first)
    if (pred(*first)) return true;
  return false;
}
template <class It, class Pred>
constexpr bool all_of(It first, It last, Pred pred) {
  for (; first != last; ++first)
    if (!pred(*first)) return false;
  return true;
}
template <class It, class Pred>
constexpr bool none_of(It first, It last, Pred pred) {
  return !detail::any_of(first, last, pred);
}

/// Whether range holds an element equal to value.
template <class Range, class V>
constexpr bool contains(const Range& range, const V& value) {
  for (const auto& x : range)
    if (x == value) return true;
  return false;
}

/// The first position in the sorted [first, last) whose element is not less than value
/// (less(element, value)); random-access iterators.
template <class It, class V, class Less>
constexpr It lower_bound(It first, It last, const V& value, Less less) {
  auto count = last - first;
  while (count > 0) {
    auto half = count / 2;
    It mid = first + half;
    if (less(*mid, value)) {
      first = mid + 1;
      count -= half + 1;
    } else {
      count = half;
    }
  }
  return first;
}

/// Sorts v by less, keeping the order of equal elements: insertion sort of runs of 16, then
/// merges, each pass moving into a second vector of the same size (one allocation).
template <class V, class Less>
void stable_sort(V& v, Less less) {
  using T = typename V::value_type;
  constexpr std::size_t run = 16;
  const std::size_t n = v.size();
  for (std::size_t lo = 0; lo < n; lo += run) {
    const std::size_t hi = detail::min(lo + run, n);
    for (std::size_t i = lo + 1; i < hi; ++i) {
      if (!less(v[i], v[i - 1])) continue;
      T x = std::move(v[i]);
      std::size_t j = i;
      for (; j > lo && less(x, v[j - 1]); --j) v[j] = std::move(v[j - 1]);
      v[j] = std::move(x);
    }
  }
  if (n <= run) return;
  V out;
  out.reserve(n);
  for (std::size_t width = run; width < n; width *= 2) {
    out.clear();
    for (std::size_t lo = 0; lo < n; lo += 2 * width) {
      const std::size_t mid = detail::min(lo + width, n), hi = detail::min(lo + 2 * width, n);
      std::size_t i = lo, j = mid;
      while (i < mid && j < hi) out.push_back(std::move(less(v[j], v[i]) ? v[j++] : v[i++]));  // ties: the left
      while (i < mid) out.push_back(std::move(v[i++]));
      while (j < hi) out.push_back(std::move(v[j++]));
    }
    v.swap(out);
  }
}

/// Sorts v by < and keeps each value once.
template <class V>
void sort_unique(V& v) {
  using T = typename V::value_type;
  detail::stable_sort(v, [](const T& a, const T& b) { return a < b; });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (kept == 0 || v[kept - 1] < v[i]) {
      if (kept != i) v[kept] = std::move(v[i]);
      ++kept;
    }
  while (v.size() > kept) v.pop_back();
}

}  // namespace quarry::detail
