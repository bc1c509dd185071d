// A floating-point expression assigned to an integer column: stored as a fraction, read back cut off.
// expect: quarry: set(...) assigns a fraction
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.update<cf::Book>(set(col<&cf::Book::author_id> = col<&cf::Book::author_id> * 1.5), every_row);
#else
  db.update<cf::Book>(set(col<&cf::Book::author_id> = col<&cf::Book::author_id> * 2), every_row);
#endif
}

int main() { return 0; }
