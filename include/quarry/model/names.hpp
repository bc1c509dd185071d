#pragma once
// Compile-time names of members and types, read from the compiler's own function signature.
// GCC prints "[with auto M = &Book::title; ...]", Clang "[M = &Book::title]".

#include <string_view>

namespace quarry::detail {

template <auto M>
consteval std::string_view signature_of() { return __PRETTY_FUNCTION__; }

template <class T>
consteval std::string_view signature_of_type() { return __PRETTY_FUNCTION__; }

/// "title" for &Book::title.
template <auto M>
consteval std::string_view member_name() {
  constexpr std::string_view s = signature_of<M>();
  constexpr auto body = s.substr(0, s.find_first_of(";]", s.find("M = ")));
  return body.substr(body.rfind("::") + 2);
}

/// "Book" for Book, "app::Book" for app::Book (used in messages only).
template <class T>
consteval std::string_view type_name() {
  constexpr std::string_view s = signature_of_type<T>();
  constexpr auto start = s.find("T = ") + 4;
  return s.substr(start, s.find_first_of(";]", start) - start);
}

}  // namespace quarry::detail
