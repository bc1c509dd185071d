#pragma once
/// What the write path reads from a row of a model: its values in field order, whether the
/// database must assign its key, and its validation.
///
///   ops::validate(book);   // throws ValidationError listing every failing field

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../error.hpp"
#include "../model/model.hpp"
#include "../query/checks.hpp"  // check_value
#include "../query/value.hpp"   // to_value

namespace quarry::ops {

/// The values of a row in field order; skip_auto leaves out the auto-increment key.
template <class T>
std::vector<sql::Value> row_values(const T& row, bool skip_auto) {
  std::vector<sql::Value> out;
  out.reserve(quarry::detail::field_count<T>);
  quarry::detail::for_each_field<T>([&](const auto& f) {
    if (skip_auto && f.options.auto_increment) return;
    out.push_back(quarry::detail::to_value(f.get(row)));
  });
  return out;
}

/// Whether the auto-increment key of row is unset (zero), so that the database must assign it.
template <class T>
bool key_unset(const T& row) {
  bool unset = false;
  quarry::detail::for_each_field<T>([&](const auto& f) {
    if constexpr (std::is_integral_v<quarry::detail::unwrap_optional_t<typename std::remove_cvref_t<decltype(f)>::value_type>>)
      if (f.options.auto_increment) {
        const auto& v = f.get(row);
        if constexpr (quarry::detail::is_optional_v<std::remove_cvref_t<decltype(v)>>) unset = !v || *v == 0;
        else unset = v == 0;
      }
  });
  return unset;
}

/// Whether validate can ever reject a row of T (decided at compile time from its fields and
/// Model<T>::validate): a model whose rows always fit pays nothing for validation.
template <class T>
inline constexpr bool validates_v = quarry::detail::declares_validators<T> || [] {
  return []<std::size_t... I>(std::index_sequence<I...>) {
    return (quarry::detail::may_reject_own(std::get<I>(quarry::detail::model_fields<T>)) || ...);
  }(std::make_index_sequence<quarry::detail::field_count<T>>{});
}();

/// Checks a row before it is written: string lengths against size(n), decimals against
/// decimal(p, s), dates against what every backend stores, then the validators its Model<T>
/// declares (Model<T>::validate). Throws ValidationError listing every failure.
template <class T>
void validate([[maybe_unused]] const T& row) {
  if constexpr (validates_v<T>) {
    std::vector<FieldError> errors;
    quarry::detail::for_each_field<T>([&](const auto& f) { quarry::detail::check_value(f, f.get(row), errors); });
    quarry::detail::check_declared(row, errors);
    if (!errors.empty()) throw ValidationError(std::move(errors));
  }
}

}  // namespace quarry::ops
