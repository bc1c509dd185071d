// An update that would change every row without saying so.
// expect: quarry: update<T>(set(...)) needs where(...)
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.update<cf::Book>(set(col<&cf::Book::title> = "x"));
#else
  db.update<cf::Book>(set(col<&cf::Book::title> = "x"), every_row);
#endif
}

int main() { return 0; }
