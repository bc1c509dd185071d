// A member that is not a field, used in a query.
// expect: quarry: this member is not a field of its Model<T>
#include "models.hpp"

int main() {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  auto condition = col<&cf::Book::isbn> == "978-0";
#else
  auto condition = col<&cf::Book::title> == "978-0";
#endif
  return where(condition).lower().args.size() == 2 ? 0 : 1;
}
