// Models shared by the compile-fail cases.
#pragma once
#include <quarry/quarry.hpp>

namespace cf {
struct Author {
  std::int64_t id{};
  std::string name{};
};
struct Book {
  std::int64_t id{};
  std::string title{};
  std::int64_t author_id{};
  quarry::Decimal price{};
  std::string isbn{};  // deliberately not a field
};
}  // namespace cf

template <>
struct quarry::Model<cf::Author> {
  static constexpr auto table = "authors";
  static constexpr auto fields = quarry::fields(quarry::field<&cf::Author::id>(quarry::primary_key),
                                                quarry::field<&cf::Author::name>());
};
template <>
struct quarry::Model<cf::Book> {
  static constexpr auto table = "books";
  static constexpr auto fields = quarry::fields(
      quarry::field<&cf::Book::id>(quarry::primary_key, quarry::auto_increment), quarry::field<&cf::Book::title>(),
      quarry::field<&cf::Book::author_id>(quarry::references<&cf::Author::id>()),
      quarry::field<&cf::Book::price>(quarry::decimal(10, 2)));
};
