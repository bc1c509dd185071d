#pragma once
// What a value must be to be written into a column, checked before any SQL is sent: for each field
// of a row (validate) and for the plain values given to set(...), increment and decrement, so
// that no write path stores what a created row could not hold.

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>  // in_range
#include <vector>

#include "../config.hpp"
#include "../error.hpp"
#include "../model/model.hpp"
#include "../model/validators.hpp"
#include "../sql/value.hpp"

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: the messages
#endif

namespace quarry::detail {

/// Whether v is neither infinite nor NaN (both give NaN for v - v), without <cmath>: that header
/// and its special functions cost every file that includes quarry, for this one test.
template <class F>
constexpr bool is_finite(F v) {
  return v - v == F{0};
}

/// Whether d fits DECIMAL(precision, scale) once rounded to scale digits.
inline bool fits_decimal(const Decimal& d, int precision, int scale) {
  auto text = d.rescaled(scale).to_string();
  if (text[0] == '-') text.erase(0, 1);
  auto whole = text.substr(0, text.find('.'));
  std::size_t whole_digits = whole == "0" ? 0 : whole.size();
  return whole_digits <= static_cast<std::size_t>(precision - scale);
}

template <class I>
constexpr std::string_view integer_name() {
  if constexpr (std::is_signed_v<I>) {
    if constexpr (sizeof(I) == 1) return "std::int8_t";
    else if constexpr (sizeof(I) == 2) return "std::int16_t";
    else if constexpr (sizeof(I) == 4) return "std::int32_t";
    else return "std::int64_t";
  } else {
    if constexpr (sizeof(I) == 1) return "std::uint8_t";
    else if constexpr (sizeof(I) == 2) return "std::uint16_t";
    else if constexpr (sizeof(I) == 4) return "std::uint32_t";
    else return "std::uint64_t";
  }
}

// The texts of check_value's rejections, formatted out of line: the templates pass plain numbers
// and names, so a file that only instantiates them needs no fmt (see QUARRY_COMPILED).
QUARRY_FUNC std::string integer_range_text(std::string_view type, long long min, unsigned long long max);
QUARRY_FUNC std::string decimal_misfit(int precision, int scale);
QUARRY_FUNC std::string longer_than(int size);
QUARRY_FUNC std::string no_enumerator_text(long long value, std::string_view type);
QUARRY_FUNC std::string outside_text(std::string_view value, std::string_view range);

/// "std::int8_t (-128 to 127)".
template <class I>
std::string integer_range() {
  return integer_range_text(integer_name<I>(), std::numeric_limits<I>::min(), std::numeric_limits<I>::max());
}

/// Adds to errors why v cannot be written into the column of field f, if it cannot. V is the
/// value's own type, which may differ from the member's (an int given for an std::int8_t).
template <class F, class V>
void check_value(const F& f, const V& v, std::vector<FieldError>& errors) {
  using M = unwrap_optional_t<typename F::value_type>;
  const auto& o = f.options;
  auto fail = [&](std::string message) {
    quarry::detail::add_error(errors, f.member_name(), std::move(message), f.column_name());
  };
  auto decimal_fit = [&](const Decimal& d) {
    if (o.precision > 0 && !fits_decimal(d, o.precision, o.scale))
      fail(decimal_misfit(o.precision, o.scale));
  };
  if constexpr (is_optional_v<V>) {
    if (v) check_value(f, *v, errors);
  } else if constexpr (has_codec<V>) {
    // a codec's value: its codec alone knows what it may hold
  } else if constexpr (std::is_same_v<V, Date>) {
    if (!v.ok()) fail("is not a valid date");
    else if (!storable(v)) fail("is outside the years 1 to 9999");
  } else if constexpr (std::is_same_v<V, Timestamp>) {
    if (!storable(v)) fail("is outside the years 1 to 9999");
  } else if constexpr (std::is_convertible_v<const V&, std::string_view>) {
    std::string_view s(v);
    // bytes never undercount characters: most strings are decided without counting
    if (o.size > 0 && s.size() > static_cast<std::size_t>(o.size) && code_points(s) > static_cast<std::size_t>(o.size))
      fail(longer_than(o.size));
  } else if constexpr (std::is_same_v<V, Decimal>) {
    decimal_fit(v);
  } else if constexpr (enum_by_name_v<V>) {
    if (enum_name(v).empty())
      fail(no_enumerator_text(static_cast<long long>(v), type_name<V>()));
  } else if constexpr (std::is_integral_v<V> && !std::is_same_v<V, bool>) {
    // a member's own value always fits it: only a value of another type is range-checked
    if constexpr (!std::is_same_v<V, M> && std::is_integral_v<M> && !std::is_same_v<M, bool>) {
      if (!std::in_range<M>(v)) fail(outside_text(std::to_string(v), integer_range<M>()));
    }
    if (o.precision > 0) decimal_fit(Decimal(v));
  } else if constexpr (std::is_floating_point_v<V>) {
    if constexpr (std::is_integral_v<M> && !std::is_same_v<M, bool>) {
      // the bounds as doubles: min is exact; max + 1 is a power of two, exact too
      if (!(v >= static_cast<double>(std::numeric_limits<M>::min()) &&
            v < 2.0 * static_cast<double>(std::numeric_limits<M>::max() / 2 + 1)))
        fail(outside_text(sql::double_text(static_cast<double>(v)), integer_range<M>()));
    }
    if (o.precision > 0) {
      if (!is_finite(v)) fail("is not a finite number, which decimal columns cannot hold");
      else decimal_fit(Decimal(sql::double_text(static_cast<double>(v))));
    }
  }
}

/// Whether check_value can ever reject a member's own value in field f: a length, a decimal's
/// digits, a date's years or an enum value with no name. An int64 member of an int64 column,
/// say, always fits.
template <class F>
constexpr bool may_reject_own(const F& f) {
  using M = unwrap_optional_t<typename F::value_type>;
  if constexpr (has_codec<M>) return false;
  else if constexpr (std::is_same_v<M, Date> || std::is_same_v<M, Timestamp> || enum_by_name_v<M>) return true;
  else if constexpr (std::is_convertible_v<const M&, std::string_view>) return f.options.size > 0;
  else if constexpr (std::is_same_v<M, Decimal> || (std::is_arithmetic_v<M> && !std::is_same_v<M, bool>))
    return f.options.precision > 0;
  else return false;
}

/// Calls f(each) for each validator Model<T>::validate declares, in order; nothing for a model
/// that declares none.
template <class T, class F>
void for_each_declared(F&& f) {
  if constexpr (declares_validators<T>) std::apply([&](const auto&... each) { (f(each), ...); }, Model<T>::validate);
}

/// Adds a FieldError for each declared validator of member M (Model<T>::validate) that v fails:
/// for the plain values of set(...), which no row carries.
template <auto M, class V>
void check_declared_for(const V& v, std::vector<FieldError>& errors) {
  for_each_declared<class_of<M>>([&](const auto& each) {
    using R = std::remove_cvref_t<decltype(each)>;
    if constexpr (is_member_rules<R>::value) {
      if constexpr (std::is_same_v<std::remove_cv_t<decltype(R::member)>, std::remove_cv_t<decltype(M)>>)
        if (R::member == M) each.check(v, column_name<M>(), errors);
    }
  });
}

/// Whether each rules<&X::member> of validator list L is of T's own members (a row rule is T's).
template <class T, class V> struct own_rule : std::true_type {};
template <class T, auto M, class... R> struct own_rule<T, MemberRules<M, R...>> : std::is_same<class_of<M>, T> {};
template <class T, class L> struct own_rules : std::true_type {};
template <class T, class... V>
struct own_rules<T, std::tuple<V...>> : std::bool_constant<(own_rule<T, V>::value && ...)> {};

/// Adds a FieldError for each declared validator of T (Model<T>::validate) that row fails: the
/// members' rules, then the row's.
template <class T>
void check_declared(const T& row, std::vector<FieldError>& errors) {
  if constexpr (declares_validators<T>) {
    // checked here rather than in the loop below, so that the error's trace is two lines
    constexpr bool own = own_rules<T, std::remove_cvref_t<decltype(Model<T>::validate)>>::value;
    static_assert(own, "quarry: Model<T>::validate lists rules<&Other::member> of another model; list each "
                       "member's rules in its own model's validate");
  }
  for_each_declared<T>([&](const auto& each) {
    using R = std::remove_cvref_t<decltype(each)>;
    if constexpr (is_member_rules<R>::value) {
      if constexpr (std::is_same_v<class_of<R::member>, T>) each.check(row.*R::member, column_name<R::member>(), errors);
    }
  });
  for_each_declared<T>([&](const auto& each) {
    if constexpr (is_row_rule<std::remove_cvref_t<decltype(each)>>::value) each.check_row(row, errors);
  });
}

/// Throws ValidationError when v could not be written into the column of member M (the amount of
/// an increment, say).
template <auto M, class V>
void check_for(const V& v) {
  if constexpr (is_field_v<M>) {
    std::vector<FieldError> errors;
    check_value(field_of<M>(), v, errors);
    if (!errors.empty()) throw ValidationError(std::move(errors));
  }
}

#ifdef QUARRY_BODIES
QUARRY_FUNC std::string integer_range_text(std::string_view type, long long min, unsigned long long max) {
  return fmt::format("{} ({} to {})", type, min, max);
}
QUARRY_FUNC std::string decimal_misfit(int precision, int scale) {
  return fmt::format("does not fit decimal({}, {})", precision, scale);
}
QUARRY_FUNC std::string longer_than(int size) { return fmt::format("is longer than {} characters", size); }
QUARRY_FUNC std::string no_enumerator_text(long long value, std::string_view type) {
  return fmt::format("is {}, no enumerator of {}, so it has no name to store", value, type);
}
QUARRY_FUNC std::string outside_text(std::string_view value, std::string_view range) {
  return fmt::format("is {}, outside {}", value, range);
}
#endif  // QUARRY_BODIES

}  // namespace quarry::detail
