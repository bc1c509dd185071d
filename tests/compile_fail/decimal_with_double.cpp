// An exact decimal column compared with a floating-point value.
// expect: quarry: these types cannot be compared
#include "models.hpp"

int main() {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  auto condition = col<&cf::Book::price> < 29.99;
#else
  auto condition = col<&cf::Book::price> < quarry::Decimal("29.99");
#endif
  return where(condition).lower().args.size() == 2 ? 0 : 1;
}
