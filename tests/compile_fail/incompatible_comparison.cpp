// A column compared with a value of an incompatible type.
// expect: quarry: these types cannot be compared
#include "models.hpp"

int main() {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  auto condition = col<&cf::Book::title> < 42;
#else
  auto condition = col<&cf::Book::title> < "42";
#endif
  return where(condition).lower().args.size() == 2 ? 0 : 1;
}
