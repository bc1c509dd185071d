#pragma once
/// Rows and values printed with fmt: quarry's value types and every model.
///
///   #include <quarry/format.hpp>
///   fmt::print("{}\n", book);
///   // Book{id: 7, title: "Dune", price: 9.99, published: 1965-08-01, author: Author{id: 3, name: "Frank Herbert"}}
///   fmt::print("{:>30}|\n", quarry::now());   // the value types take a width and an alignment, as text does
///
/// A row prints its fields by member name, in the model's order, then its associations as they
/// were loaded: has_many and belongs_to_many as [...] (a Linked element with its join row after
/// "via"), belongs_to and has_one as the row or null. Hidden fields (a password hash) are left out,
/// so that a row can go to a log. Text is quoted and escaped, enums print their names, an empty
/// optional prints null; Timestamp, Date, Decimal, Uuid and Blob print as quarry::to_string says.
///
/// Timestamp, Date and Blob are names of standard types (sys_time<microseconds>, year_month_day,
/// vector<byte>): this header's formatters are explicit specializations for exactly those types,
/// which take precedence over <fmt/chrono.h> and <fmt/ranges.h>. Include it wherever such a value
/// is formatted, or fmt's own formatting of the standard type applies there.

#include <string_view>
#include <type_traits>

#include <fmt/format.h>

#include "model/association.hpp"
#include "model/enums.hpp"
#include "model/names.hpp"
#include "types.hpp"

namespace quarry::detail {

/// A value type's text, formatted as a string (width, fill and alignment apply to all of it).
template <class V>
struct TextFormatter : fmt::formatter<std::string_view> {
  auto format(const V& v, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(quarry::to_string(v), ctx);
  }
};

/// "Book" for app::Book, "Pair<A, B>" for Pair<A, B>: the name without its namespaces.
template <class T>
constexpr std::string_view short_type_name() {
  constexpr std::string_view full = type_name<T>();
  constexpr auto open = full.find('<');
  constexpr auto colons = full.substr(0, open).rfind("::");
  return colons == std::string_view::npos ? full : full.substr(colons + 2);
}

template <class It, class V>
It print_value(It out, const V& v);

template <class It, class T>
It print_row(It out, const T& row) {
  out = fmt::format_to(out, "{}{{", short_type_name<T>());
  bool first = true;
  auto name = [&](std::string_view n) {
    out = fmt::format_to(out, "{}{}: ", first ? "" : ", ", n);
    first = false;
  };
  for_each_field<T>([&](const auto& f) {
    if (f.options.hidden) return;
    name(f.member_name());
    out = print_value(out, f.get(row));
  });
  std::apply([&](const auto&... a) {
    (((void)name(member_name<std::remove_cvref_t<decltype(a)>::member>()),
      out = print_value(out, row.*(std::remove_cvref_t<decltype(a)>::member))),
     ...);
  }, model_associations<T>());
  *out++ = '}';
  return out;
}

template <class It, class V>
It print_value(It out, const V& v) {
  if constexpr (!std::is_void_v<typename optional_element<V>::type>) {  // optional, One
    if (!v) return fmt::format_to(out, "null");
    return print_value(out, *v);
  } else if constexpr (!std::is_void_v<typename vector_element<V>::type> && !std::is_same_v<V, Blob>) {
    *out++ = '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out = fmt::format_to(out, ", ");
      out = print_value(out, v[i]);
    }
    *out++ = ']';
    return out;
  } else if constexpr (!std::is_void_v<typename linked_parts<V>::through>) {  // Linked
    out = print_row(out, v.target);
    out = fmt::format_to(out, " via ");
    return print_row(out, v.through);
  } else if constexpr (std::is_same_v<V, bool>) {
    return fmt::format_to(out, "{}", v);
  } else if constexpr (std::is_integral_v<V>) {  // int8_t and uint8_t as numbers, not characters
    if constexpr (std::is_signed_v<V>) return fmt::format_to(out, "{}", static_cast<long long>(v));
    else return fmt::format_to(out, "{}", static_cast<unsigned long long>(v));
  } else if constexpr (std::is_enum_v<V>) {
    if constexpr (enum_by_name_v<V>) {
      std::string_view n = EnumNames<V>::name(v);
      if (!n.empty()) return fmt::format_to(out, "{}", n);
    }
    return fmt::format_to(out, "{}", static_cast<long long>(static_cast<std::underlying_type_t<V>>(v)));
  } else if constexpr (is_json_codec<V>()) {
    return fmt::format_to(out, "{}", Codec<V>::to_db(v));  // the document itself, not quoted as text
  } else if constexpr (has_codec<V>) {
    return print_value(out, Codec<V>::to_db(v));  // as it is stored
  } else if constexpr (std::is_convertible_v<const V&, std::string_view>) {
    return fmt::format_to(out, "{:?}", std::string_view(v));
  } else if constexpr (is_model<V>) {
    return print_row(out, v);
  } else {
    return fmt::format_to(out, "{}", v);  // doubles, and the value types by the formatters below
  }
}

}  // namespace quarry::detail

template <>
struct fmt::formatter<quarry::Timestamp> : quarry::detail::TextFormatter<quarry::Timestamp> {};
template <>
struct fmt::formatter<quarry::Date> : quarry::detail::TextFormatter<quarry::Date> {};
template <>
struct fmt::formatter<quarry::Decimal> : quarry::detail::TextFormatter<quarry::Decimal> {};
template <>
struct fmt::formatter<quarry::Uuid> : quarry::detail::TextFormatter<quarry::Uuid> {};
template <>
struct fmt::formatter<quarry::Blob> : quarry::detail::TextFormatter<quarry::Blob> {};

/// Every model: its fields by name and its loaded associations ("{}" only).
template <class T>
  requires quarry::detail::is_model<T>
struct fmt::formatter<T> {
  constexpr auto parse(fmt::format_parse_context& ctx) {
    auto it = ctx.begin();
    if (it != ctx.end() && *it != '}') throw fmt::format_error("quarry: a row is formatted with {} and no format spec");
    return it;
  }
  auto format(const T& row, fmt::format_context& ctx) const { return quarry::detail::print_row(ctx.out(), row); }
};
