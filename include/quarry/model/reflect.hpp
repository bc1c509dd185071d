#pragma once
// Reading a plain aggregate's members without a list of them (the techniques of Boost.PFR):
// - their number: the most initializers T{...} accepts, each one convertible to anything;
// - their addresses: structured bindings of an object that is declared but never defined, so
//   that nothing is constructed and every address is a constant;
// - their names: the compiler's own signature of a template that takes such an address.
// Limits: an aggregate with no base class, no C array, bit-field or reference member, and at most
// 64 members (docs/models.md lists them).

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

namespace quarry::detail {

/// Converts to any member type; only ever named in unevaluated operands.
struct any_member {
  template <class U> operator U() const noexcept;
};

template <class T, class Seq> inline constexpr bool brace_constructible = false;
template <class T, std::size_t... I>
inline constexpr bool brace_constructible<T, std::index_sequence<I...>> =
    requires { T{(static_cast<void>(I), any_member{})...}; };

inline constexpr std::size_t max_members = 64;

/// The number of members of aggregate T (max_members + 1 when there are more).
template <class T, std::size_t N = 0>
consteval std::size_t count_members() {
  if constexpr (N > max_members) return N;
  else if constexpr (brace_constructible<T, std::make_index_sequence<N + 1>>) return count_members<T, N + 1>();
  else return N;
}

template <class T>
inline constexpr std::size_t aggregate_size = count_members<T>();

/// Bind<N>::apply(object, visit) calls visit with the N members of object, by reference.
template <std::size_t N> struct Bind {};
template <> struct Bind<0> {
  template <class Object, class Visit>
  static constexpr decltype(auto) apply(Object&, Visit&& visit) { return visit(); }
};
#define QUARRY_BIND(N, ...)                                                        \
  template <> struct Bind<N> {                                                     \
    template <class Object, class Visit>                                           \
    static constexpr decltype(auto) apply(Object& object, Visit&& visit) {         \
      auto& [__VA_ARGS__] = object;                                                \
      return visit(__VA_ARGS__);                                                   \
    }                                                                              \
  };
QUARRY_BIND(1, a)
QUARRY_BIND(2, a, b)
QUARRY_BIND(3, a, b, c)
QUARRY_BIND(4, a, b, c, d)
QUARRY_BIND(5, a, b, c, d, e)
QUARRY_BIND(6, a, b, c, d, e, f)
QUARRY_BIND(7, a, b, c, d, e, f, g)
QUARRY_BIND(8, a, b, c, d, e, f, g, h)
QUARRY_BIND(9, a, b, c, d, e, f, g, h, i)
QUARRY_BIND(10, a, b, c, d, e, f, g, h, i, j)
QUARRY_BIND(11, a, b, c, d, e, f, g, h, i, j, k)
QUARRY_BIND(12, a, b, c, d, e, f, g, h, i, j, k, l)
QUARRY_BIND(13, a, b, c, d, e, f, g, h, i, j, k, l, m)
QUARRY_BIND(14, a, b, c, d, e, f, g, h, i, j, k, l, m, n)
QUARRY_BIND(15, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o)
QUARRY_BIND(16, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p)
QUARRY_BIND(17, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q)
QUARRY_BIND(18, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r)
QUARRY_BIND(19, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s)
QUARRY_BIND(20, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t)
QUARRY_BIND(21, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u)
QUARRY_BIND(22, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v)
QUARRY_BIND(23, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w)
QUARRY_BIND(24, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x)
QUARRY_BIND(25, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y)
QUARRY_BIND(26, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z)
QUARRY_BIND(27, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A)
QUARRY_BIND(28, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B)
QUARRY_BIND(29, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C)
QUARRY_BIND(30, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D)
QUARRY_BIND(31, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E)
QUARRY_BIND(32, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F)
QUARRY_BIND(33, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G)
QUARRY_BIND(34, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H)
QUARRY_BIND(35, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I)
QUARRY_BIND(36, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J)
QUARRY_BIND(37, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K)
QUARRY_BIND(38, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L)
QUARRY_BIND(39, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M)
QUARRY_BIND(40, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N)
QUARRY_BIND(41, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O)
QUARRY_BIND(42, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P)
QUARRY_BIND(43, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q)
QUARRY_BIND(44, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R)
QUARRY_BIND(45, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S)
QUARRY_BIND(46, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T)
QUARRY_BIND(47, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U)
QUARRY_BIND(48, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U, V)
QUARRY_BIND(49, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W)
QUARRY_BIND(50, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X)
QUARRY_BIND(51, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y)
QUARRY_BIND(52, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z)
QUARRY_BIND(53, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z, a0)
QUARRY_BIND(54, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z, a0, a1)
QUARRY_BIND(55, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z, a0, a1, a2)
QUARRY_BIND(56, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z, a0, a1, a2, a3)
QUARRY_BIND(57, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z, a0, a1, a2, a3, a4)
QUARRY_BIND(58, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z, a0, a1, a2, a3, a4, a5)
QUARRY_BIND(59, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z, a0, a1, a2, a3, a4, a5, a6)
QUARRY_BIND(60, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z, a0, a1, a2, a3, a4, a5, a6, a7)
QUARRY_BIND(61, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z, a0, a1, a2, a3, a4, a5, a6, a7, a8)
QUARRY_BIND(62, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9)
QUARRY_BIND(63, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, b0)
QUARRY_BIND(64, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, A, B, C, D, E, F, G, H,
            I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, b0, b1)
#undef QUARRY_BIND

/// References to the members of one object, picked by position (lighter than a std::tuple).
template <std::size_t I, class V> struct Ref { V& value; };
template <class Seq, class... V> struct Refs;
template <std::size_t... I, class... V>
struct Refs<std::index_sequence<I...>, V...> : Ref<I, V>... {};
template <std::size_t I, class V>
constexpr V& ref_at(const Ref<I, V>& r) noexcept { return r.value; }

template <class T>
constexpr auto tie_members(T& object) noexcept {
  return Bind<aggregate_size<std::remove_const_t<T>>>::apply(object, [](auto&... m) {
    return Refs<std::index_sequence_for<decltype(m)...>, std::remove_reference_t<decltype(m)>...>{{m}...};
  });
}

/// The I-th member of object.
template <std::size_t I, class T>
constexpr auto& member_at(T& object) noexcept { return ref_at<I>(tie_members(object)); }

/// The type of T's I-th member.
template <class T, std::size_t I>
using member_type_at = std::remove_cvref_t<decltype(member_at<I>(std::declval<T&>()))>;

template <class T> struct Fake { const T value; };
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wundefined-var-template"
#pragma clang diagnostic ignored "-Wundefined-internal"
#endif
/// Never defined: only the addresses of its members are taken, in constant expressions.
template <class T> extern const Fake<T> fake_object;
template <class T>
constexpr const T& fake() noexcept { return fake_object<T>.value; }
#if defined(__clang__)
#pragma clang diagnostic pop
#endif

/// The address of T's i-th member inside the fake object.
template <class T>
consteval const void* member_address(std::size_t i) {
  return Bind<aggregate_size<T>>::apply(fake<T>(), [i](const auto&... m) {
    const void* all[] = {static_cast<const void*>(&m)..., nullptr};
    return all[i];
  });
}

/// The position of member M among its class's members (counted through the fake object's addresses).
template <class T, auto M>
consteval std::size_t member_index() {
  const void* target = &(fake<T>().*M);
  return Bind<aggregate_size<T>>::apply(fake<T>(), [target](const auto&... m) {
    std::size_t i = 0, found = sizeof...(m);
    ((static_cast<const void*>(&m) == target ? (found = i, ++i) : ++i), ...);
    return found;
  });
}

// Clang 14 takes no pointer to a subobject as a template argument, but a struct that holds one.
struct Address { const void* p; };

template <Address A>
consteval std::string_view signature_of_address() { return __PRETTY_FUNCTION__; }

constexpr bool identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// The name of T's I-th member: the last identifier of the address in the signature, which GCC
/// prints as "A = {(const void*)(& fake_object<Book>...Book::title)}; ...", Clang as
/// "A = {&fake_object.value.title}]".
template <class T, std::size_t I>
consteval std::string_view member_name_at() {
  constexpr std::string_view s = signature_of_address<Address{member_address<T>(I)}>();
  std::size_t end = s.find_first_of(";]", s.find("A = "));
  while (end > 0 && !identifier_char(s[end - 1])) --end;
  std::size_t begin = end;
  while (begin > 0 && identifier_char(s[begin - 1])) --begin;
  return s.substr(begin, end - begin);
}

}  // namespace quarry::detail
