#pragma once
/// Transforms: a function applied to a member's value on its way into the database, and one on
/// its way out (Sequelize's setters and getters: `set(v) { this.setDataValue('email',
/// v.trim().toLowerCase()) }`). Declared in Model<T>, per member:
///
///   template <> struct quarry::Model<User> {
///     static constexpr auto transforms = quarry::transforms(
///         quarry::on_write<&User::email>(&normalize_email),   // fn(std::string&), or fn(std::string) -> std::string
///         quarry::on_read<&User::name>([](std::string& s) { trim(s); }));
///   };
///
/// on_write runs on every write of a row (create, save, update, upsert, bulk_create, the
/// association helpers), before validation, and on the plain values of set(...) in an update by
/// where; the row keeps the value it wrote. on_read runs on every row read into a T, includes
/// too. For a std::optional member, fn may take the optional itself, or the value inside it (it
/// then runs only when there is one). A model that declares no transforms pays nothing.

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "traits.hpp"

namespace quarry {

template <class T> struct Model;

namespace detail {

enum class Way : unsigned char { write, read };

/// Whether fn can transform a value of type V: fn(V&) changing it in place, or fn(V) returning
/// what replaces it.
template <class V, class F>
consteval bool transform_fits_exactly() {
  if constexpr (std::is_invocable_v<const F&, V&>)  // in place: it takes a V& (a void fn(V) would change nothing)
    if constexpr (std::is_void_v<std::invoke_result_t<const F&, V&>>) return !std::is_invocable_v<const F&, V&&>;
  if constexpr (std::is_invocable_v<const F&, V&&>)
    if constexpr (!std::is_void_v<std::invoke_result_t<const F&, V&&>>) return std::is_invocable_r_v<V, const F&, V&&>;
  return false;
}
/// ... or, for a std::optional member, of the value inside it.
template <class V, class F>
consteval bool transform_fits() {
  if constexpr (transform_fits_exactly<V, F>()) return true;
  else if constexpr (is_optional_v<V>) return transform_fits_exactly<typename V::value_type, F>();
  else return false;
}

/// Applies fn to v (v is a fitting value: transform_fits<V, F>()).
template <class V, class F>
void apply_transform(const F& fn, V& v) {
  if constexpr (!transform_fits_exactly<V, F>()) {
    if (v) apply_transform(fn, *v);  // the value inside a std::optional, when there is one
  } else if constexpr (std::is_invocable_v<const F&, V&>) {
    if constexpr (std::is_void_v<std::invoke_result_t<const F&, V&>>) fn(v);
    else v = fn(std::move(v));
  } else {
    v = fn(std::move(v));
  }
}

/// One declared transform: of member M, on the way W.
template <auto M, Way W, class F>
struct Transform {
  static constexpr auto member = M;
  static constexpr Way way = W;
  F fn;
};
/// What a transform whose function does not fit becomes, after its one error: nothing.
template <auto M, Way W>
struct Transform<M, W, void> {
  static constexpr auto member = M;
  static constexpr Way way = W;
};

template <class T> struct is_transform : std::false_type {};
template <auto M, Way W, class F> struct is_transform<Transform<M, W, F>> : std::true_type {};

template <auto M, Way W, class F>
constexpr auto make_transform(F fn) {
  static_assert(std::is_member_object_pointer_v<decltype(M)>,
                "quarry: on_write<...> and on_read<...> take a pointer to a data member, as in "
                "quarry::on_write<&User::email>(fn)");
  if constexpr (!std::is_member_object_pointer_v<decltype(M)>) {
    return Transform<M, W, void>{};
  } else {
    constexpr bool ok = transform_fits<member_type<M>, F>();
    static_assert(ok, "quarry: the function of on_write<&T::member>(fn) or on_read<&T::member>(fn) does not fit "
                      "the member's type; take the member's value: fn(V&) changing it in place, or fn(V) "
                      "returning the new value");
    if constexpr (ok) return Transform<M, W, F>{fn};
    else return Transform<M, W, void>{};
  }
}

/// Whether Model<T> declares transforms (static constexpr auto transforms = quarry::transforms(...)).
template <class T>
concept declares_transforms = requires { Model<T>::transforms; };

/// Whether the declared transform E is on the way W (and of member M, when M is given).
template <class E, Way W, auto M>
consteval bool transform_matches() {
  if constexpr (E::way != W) return false;
  else if constexpr (std::is_null_pointer_v<decltype(M)>) return true;
  else if constexpr (!std::is_same_v<std::remove_cv_t<decltype(E::member)>, std::remove_cv_t<decltype(M)>>) return false;
  else return E::member == M;
}

/// Whether Model<T> declares a transform on the way W (of member M, when M is given).
template <class T, Way W, auto M = nullptr>
consteval bool transforms_on() {
  if constexpr (!declares_transforms<T>) {
    return false;
  } else {
    using L = std::remove_cvref_t<decltype(Model<T>::transforms)>;
    return []<std::size_t... I>(std::index_sequence<I...>) {
      return (transform_matches<std::tuple_element_t<I, L>, W, M>() || ...);
    }(std::make_index_sequence<std::tuple_size_v<L>>{});
  }
}

/// Applies the transforms of Model<T> on the way W to row, in the order declared. Nothing (not
/// even a call) for a model that declares none on that way.
template <Way W, class T>
void apply_transforms([[maybe_unused]] T& row) {
  if constexpr (transforms_on<T, W>()) {
    std::apply(
        [&](const auto&... each) {
          auto one = [&](const auto& t) {
            using E = std::remove_cvref_t<decltype(t)>;
            static_assert(std::is_same_v<class_of<E::member>, T>,
                          "quarry: Model<T>::transforms lists on_write<&Other::member> or on_read<&Other::member> of "
                          "another model; list each member's transforms in its own model's transforms");
            if constexpr (E::way == W && std::is_same_v<class_of<E::member>, T> && requires { t.fn; })
              apply_transform(t.fn, row.*E::member);
          };
          (one(each), ...);
        },
        Model<T>::transforms);
  }
}

/// Whether a plain value given to set(...) for member M is transformed before it is written.
template <auto M>
inline constexpr bool writes_through = transforms_on<class_of<M>, Way::write, M>();

/// v as member M holds it, after M's on_write transforms: for the plain values of set(...).
template <auto M, class V>
member_type<M> written_value(const V& v) {
  member_type<M> out(v);
  std::apply(
      [&](const auto&... each) {
        auto one = [&](const auto& t) {
          using E = std::remove_cvref_t<decltype(t)>;
          if constexpr (E::way == Way::write && std::is_same_v<std::remove_cv_t<decltype(E::member)>,
                                                               std::remove_cv_t<decltype(M)>> &&
                        requires { t.fn; })
            if (E::member == M) apply_transform(t.fn, out);
        };
        (one(each), ...);
      },
      Model<class_of<M>>::transforms);
  return out;
}

}  // namespace detail

// ---- how users spell them ----

/// fn runs on member M's value before each write of a row (and on a set(...) value of M).
template <auto M, class F>
constexpr auto on_write(F fn) {
  return detail::make_transform<M, detail::Way::write>(fn);
}
/// fn runs on member M's value as each row is read.
template <auto M, class F>
constexpr auto on_read(F fn) {
  return detail::make_transform<M, detail::Way::read>(fn);
}

/// The list of a model's transforms: Model<T>::transforms. Several of one member run in order.
template <class... X>
constexpr auto transforms(X... x) {
  static_assert((detail::is_transform<X>::value && ...),
                "quarry: transforms(...) takes on_write<&T::member>(fn) and on_read<&T::member>(fn)");
  return std::tuple<X...>{x...};
}

}  // namespace quarry
