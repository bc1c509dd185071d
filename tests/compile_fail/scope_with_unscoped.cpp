// A named scope that carries unscoped(), which scope(...) does not take.
// expect: quarry: scope(...) takes where(...), order_by(...), limit(n), offset(n) and distinct()
#include "models.hpp"

int main() {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  auto s = scope(where(col<&cf::Book::title> == "Ada"), unscoped());
#else
  auto s = scope(where(col<&cf::Book::title> == "Ada"), limit(2));
#endif
  auto select = quarry::ops::select_rows<cf::Book>(s);
  return select.where ? 0 : 1;
}
