// A comparison where set(...) takes an assignment.
// expect: quarry: set(...) takes assignments
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.update<cf::Book>(set(col<&cf::Book::title> == "x"), every_row);
#else
  db.update<cf::Book>(set(col<&cf::Book::title> = "x"), every_row);
#endif
}

int main() { return 0; }
