// A subquery of two columns compared as a value.
// expect: quarry: a subquery used as a value (compared, in in(...), columns(...) or arithmetic) reads exactly one column
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.find_all<cf::Book>(where(col<&cf::Book::price> > subquery<cf::Book>(columns(col<&cf::Book::price>, col<&cf::Book::id>))));
#else
  db.find_all<cf::Book>(where(col<&cf::Book::price> > subquery<cf::Book>(columns(max(col<&cf::Book::price>)))));
#endif
}

int main() { return 0; }
