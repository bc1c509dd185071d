// A member pointer where columns(...) takes a column.
// expect: quarry: group_by(...) and columns(...) take columns or expressions of the queried model
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  auto titles = db.select<cf::Book>(columns(&cf::Book::title));
#else
  auto titles = db.select<cf::Book>(columns(col<&cf::Book::title>));
#endif
  (void)titles;
}

int main() { return 0; }
