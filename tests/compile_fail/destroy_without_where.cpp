// A destroy that would delete every row without saying so.
// expect: quarry: destroy<T>(...) needs where(...)
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.destroy<cf::Book>();
#else
  db.destroy<cf::Book>(where(col<&cf::Book::id> == 1));
#endif
}

int main() { return 0; }
