#pragma once
/// Enums by name: an enum member is stored as the name of its enumerator ('admin', 'member'),
/// read at compile time from the compiler's own signature of a template that takes the value.
/// quarry::Enum<E> changes that for one enum:
///
///   enum class Role { admin, member };                        // stored as 'admin', 'member'
///   template <> struct quarry::Enum<Legacy> {                 // stored as its underlying integer
///     static constexpr bool as_integer = true;
///   };
///   template <> struct quarry::Enum<Color> {                  // names of your own
///     static constexpr std::pair<Color, std::string_view> names[] = {{Color::red, "Red"}, {Color::blue, "Blue"}};
///   };
///
/// Without names of your own, the values -8 to 63 are looked at (0 to 63 for an unsigned
/// underlying type); Enum<E>::min and Enum<E>::max change that range (at most 1024 values).

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

namespace quarry {

/// How enum E is stored; specialize it to change that (see above). Every member is optional:
/// as_integer, names, min and max.
template <class E> struct Enum {};

namespace detail {

template <auto V>
consteval std::string_view enumerator_signature() { return __PRETTY_FUNCTION__; }

constexpr bool enum_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// "admin" for Role::admin, "" for a value that is no enumerator. GCC prints "[with auto V =
/// Role::admin; ...]" or "V = (Role)5", Clang "[V = Role::admin]" or "[V = (Role)5]": the last
/// identifier, unless it is the number of a cast.
template <auto V>
consteval std::string_view enumerator_name() {
  constexpr std::string_view s = enumerator_signature<V>();
  constexpr std::size_t from = s.find("V = ") + 4;
  constexpr std::size_t end = s.find_first_of(";]", from);
  std::size_t begin = end;
  while (begin > from && enum_name_char(s[begin - 1])) --begin;
  if (begin == end || (s[begin] >= '0' && s[begin] <= '9')) return {};
  return s.substr(begin, end - begin);
}

template <class E>
concept enum_as_integer = requires {
  { Enum<E>::as_integer } -> std::convertible_to<bool>;
} && Enum<E>::as_integer;

template <class E>
concept enum_names_given = requires { std::size(Enum<E>::names); };

/// Whether enum E is stored by its enumerators' names (every enum, unless Enum<E>::as_integer).
template <class E>
inline constexpr bool enum_by_name_v = std::is_enum_v<E> && !enum_as_integer<E>;

inline constexpr long long enum_scan_min = -8, enum_scan_max = 63, enum_scan_limit = 1024;

/// The first and last value looked at for E's names.
template <class E>
consteval std::array<long long, 2> enum_range() {
  using U = std::underlying_type_t<E>;
  long long lo = enum_scan_min, hi = enum_scan_max;
  if constexpr (requires { Enum<E>::min; }) lo = Enum<E>::min;
  if constexpr (requires { Enum<E>::max; }) hi = Enum<E>::max;
  if (std::is_unsigned_v<U> && lo < 0) lo = 0;
  if (static_cast<long double>(hi) > static_cast<long double>(std::numeric_limits<U>::max()))
    hi = static_cast<long long>(std::numeric_limits<U>::max());
  if constexpr (std::is_signed_v<U>)
    if (lo < static_cast<long long>(std::numeric_limits<U>::min())) lo = std::numeric_limits<U>::min();
  return {lo, hi};
}

template <class E, long long First, std::size_t... I>
consteval auto names_from(std::index_sequence<I...>) {
  using U = std::underlying_type_t<E>;
  return std::array<std::string_view, sizeof...(I)>{
      enumerator_name<static_cast<E>(static_cast<U>(First + static_cast<long long>(I)))>()...};
}

/// The names of E's values over its range, "" where a value is no enumerator.
template <class E>
consteval auto scanned_names() {
  constexpr auto range = enum_range<E>();
  constexpr long long n = range[1] - range[0] + 1;
  static_assert(n > 0 && n <= enum_scan_limit,
                "quarry: quarry::Enum<E>::min and max must span 1 to 1024 values; give the names in "
                "quarry::Enum<E>::names instead");
  if constexpr (n > 0 && n <= enum_scan_limit)
    return names_from<E, range[0]>(std::make_index_sequence<static_cast<std::size_t>(n)>{});
  else
    return std::array<std::string_view, 0>{};
}

template <class E>
struct EnumEntry {
  E value;
  std::string_view name;
};

/// E's enumerators, by ascending value: the names given in Enum<E>::names, or those found.
template <class E>
consteval auto enum_entries() {
  if constexpr (enum_names_given<E>) {
    constexpr std::size_t n = std::size(Enum<E>::names);
    std::array<EnumEntry<E>, n> out{};
    std::size_t k = 0;
    for (const auto& [value, name] : Enum<E>::names) out[k++] = {static_cast<E>(value), std::string_view(name)};
    for (std::size_t i = 1; i < n; ++i)  // insertion sort: n is small and this runs once per enum
      for (std::size_t j = i; j > 0 && out[j].value < out[j - 1].value; --j) std::swap(out[j], out[j - 1]);
    return out;
  } else {
    constexpr auto scanned = scanned_names<E>();
    constexpr std::size_t n = [&] {
      std::size_t k = 0;
      for (auto name : scanned) k += !name.empty();
      return k;
    }();
    std::array<EnumEntry<E>, n> out{};
    std::size_t k = 0;
    for (std::size_t i = 0; i < scanned.size(); ++i)
      if (!scanned[i].empty())
        out[k++] = {static_cast<E>(static_cast<std::underlying_type_t<E>>(enum_range<E>()[0] + static_cast<long long>(i))),
                    scanned[i]};
    return out;
  }
}

/// Whether names given by hand can be written into SQL and read back: each not empty, without a
/// backslash (which MySQL may read as an escape), and each name and value once.
template <std::size_t N, class E>
consteval bool enum_entries_ok(const std::array<EnumEntry<E>, N>& entries) {
  for (std::size_t i = 0; i < N; ++i) {
    if (entries[i].name.empty() || entries[i].name.find('\\') != std::string_view::npos) return false;
    for (std::size_t j = 0; j < i; ++j)
      if (entries[j].name == entries[i].name || entries[j].value == entries[i].value) return false;
  }
  return true;
}

/// b - a for enum values a <= b, without overflow whatever their underlying type.
template <class E>
constexpr std::uint64_t enum_distance(E a, E b) noexcept {
  using U = std::underlying_type_t<E>;
  return static_cast<std::uint64_t>(static_cast<U>(b)) - static_cast<std::uint64_t>(static_cast<U>(a));
}

/// Whether V is no enum stored by name, or one with names; reports one without. (A function, not
/// EnumNames: a failed static_assert inside a class would leave it incomplete on clang, and every
/// later use of it would fail again.)
template <class V>
consteval bool enum_names_found() {
  if constexpr (!enum_by_name_v<V>) {
    return true;
  } else {
    constexpr bool found = enum_entries<V>().size() > 0;
    static_assert(found,
                  "quarry: no enumerator of this enum was found among the values -8 to 63, so it cannot be stored "
                  "by name; give its names in quarry::Enum<E>::names, widen the range with quarry::Enum<E>::min "
                  "and max, or store it as its integer with quarry::Enum<E>::as_integer = true");
    return found;
  }
}

/// E's names as tables: value to name in constant time where the values are consecutive (0, 1,
/// 2... as most enums are), else by binary search; name to value by comparing names.
template <class E>
struct EnumNames {
  static constexpr auto entries = (void(enum_names_found<E>()), enum_entries<E>());
  static constexpr std::size_t count = entries.size();
  static_assert(enum_entries_ok(entries),
                "quarry: quarry::Enum<E>::names must give each value and each name once, and no name may be "
                "empty or hold a backslash");
  /// The names in ascending value order: the labels of the column type.
  static constexpr auto labels = [] {
    std::array<std::string_view, count> out{};
    for (std::size_t i = 0; i < count; ++i) out[i] = entries[i].name;
    return out;
  }();
  static constexpr bool consecutive = [] {
    for (std::size_t i = 1; i < count; ++i)
      if (enum_distance(entries[0].value, entries[i].value) != i) return false;
    return true;
  }();

  /// The name of v, or "" when v is no enumerator.
  static constexpr std::string_view name(E v) noexcept {
    if constexpr (count == 0) {
      return {};
    } else if constexpr (consecutive) {
      if (v < entries[0].value || v > entries[count - 1].value) return {};
      return entries[static_cast<std::size_t>(enum_distance(entries[0].value, v))].name;
    } else {
      std::size_t lo = 0, hi = count;
      while (lo < hi) {
        std::size_t mid = (lo + hi) / 2;
        if (entries[mid].value < v) lo = mid + 1;
        else hi = mid;
      }
      return lo < count && entries[lo].value == v ? entries[lo].name : std::string_view{};
    }
  }
  /// The value named name, or nullopt.
  static constexpr std::optional<E> value(std::string_view name) noexcept {
    // the length and first character rule out most names without a call to compare the rest
    for (const auto& e : entries)
      if (e.name.size() == name.size() && !name.empty() && e.name[0] == name[0] && e.name == name) return e.value;
    return std::nullopt;
  }
};

/// The name of v ("" when it is no enumerator), for an enum stored by name.
template <class E>
constexpr std::string_view enum_name(E v) noexcept { return EnumNames<E>::name(v); }

/// The labels of an enum stored by name, in value order; none for any other type.
template <class V>
constexpr const std::string_view* enum_labels_data() {
  if constexpr (enum_by_name_v<V>) return EnumNames<V>::labels.data();
  else return nullptr;
}
template <class V>
constexpr std::size_t enum_labels_size() {
  if constexpr (enum_by_name_v<V>) return EnumNames<V>::count;
  else return 0;
}

}  // namespace detail
}  // namespace quarry
