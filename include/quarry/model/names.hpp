#pragma once
// Compile-time names of members and types, read from the compiler's own function signature.
// GCC prints "[with auto M = &Book::title; ...]", Clang "[M = &Book::title]".

#include <cstddef>
#include <string_view>

namespace quarry::detail {

template <auto M>
consteval std::string_view signature_of() { return __PRETTY_FUNCTION__; }

template <class T>
consteval std::string_view signature_of_type() { return __PRETTY_FUNCTION__; }

// The text around the argument is the same for every argument, so where it begins and how much
// follows it are read once, from a probe, instead of searched for in each signature (constant
// evaluation reads a string a character at a time, and every field of every model is named so).
struct NameProbe {
  int member;
};
struct SignatureFrame {
  std::size_t prefix, suffix;  // characters before the argument, and after it
};
consteval SignatureFrame frame_of(std::string_view probe, std::string_view marker) {
  const std::size_t prefix = probe.find(marker) + marker.size();
  return {prefix, probe.size() - probe.find_first_of(";]", prefix)};
}
inline constexpr SignatureFrame member_frame = frame_of(signature_of<&NameProbe::member>(), "M = ");
inline constexpr SignatureFrame type_frame = frame_of(signature_of_type<NameProbe>(), "T = ");

/// "title" for &Book::title.
template <auto M>
consteval std::string_view member_name() {
  constexpr std::string_view s = signature_of<M>();
  constexpr std::string_view body = s.substr(member_frame.prefix, s.size() - member_frame.prefix - member_frame.suffix);
  return body.substr(body.rfind("::") + 2);
}

/// "Book" for Book, "app::Book" for app::Book (used in messages only).
template <class T>
consteval std::string_view type_name() {
  constexpr std::string_view s = signature_of_type<T>();
  return s.substr(type_frame.prefix, s.size() - type_frame.prefix - type_frame.suffix);
}

}  // namespace quarry::detail
