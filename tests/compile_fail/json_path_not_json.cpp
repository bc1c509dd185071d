// A path inside a column that holds no JSON document.
// expect: reads a path inside a JSON column, and this member is not one
#include "models.hpp"

int main() {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  auto condition = col<&cf::Book::title>["en"] == "Dune";
#else
  auto condition = col<&cf::Book::title> == "Dune";
#endif
  return where(condition).lower().args.size() == 2 ? 0 : 1;
}
