// A foreign key whose type differs from the key it references.
// expect: quarry: a foreign key must have the type of the key it references
#include "models.hpp"

struct Review {
  std::int64_t id{};
  std::string book_id{};
  std::int64_t book_ref{};
};
template <>
struct quarry::Model<Review> {
  static constexpr auto table = "reviews";
  static constexpr auto fields = quarry::fields(
      quarry::field<&Review::id>(quarry::primary_key),
#ifdef QUARRY_COMPILE_FAIL
      quarry::field<&Review::book_id>(quarry::references<&cf::Book::id>()),
#else
      quarry::field<&Review::book_id>(),
#endif
      quarry::field<&Review::book_ref>(quarry::references<&cf::Book::id>()));
};

int main() { return quarry::schema::table<Review>().create.foreign_keys.empty() ? 1 : 0; }
