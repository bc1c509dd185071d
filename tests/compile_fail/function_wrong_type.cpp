// A text function (lower) on a column that is not text.
// expect: quarry: lower() takes a text column or value
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.find_all<cf::Book>(where(lower(col<&cf::Book::price>) == "10"));
#else
  db.find_all<cf::Book>(where(lower(col<&cf::Book::title>) == "10"));
#endif
}

int main() { return 0; }
