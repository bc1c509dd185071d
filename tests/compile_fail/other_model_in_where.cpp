// A column of another model in a where on this one.
// expect: quarry: this clause uses a column of another model
#include "models.hpp"

int main() {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  auto select = quarry::ops::select_rows<cf::Book>(where(col<&cf::Author::name> == "Ada"));
#else
  auto select = quarry::ops::select_rows<cf::Book>(where(col<&cf::Book::title> == "Ada"));
#endif
  return select.where ? 0 : 1;
}
