// A regular-expression match on a column that is not text.
// expect: quarry: regexp/iregexp/not_regexp/not_iregexp take a text column
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.find_all<cf::Book>(where(col<&cf::Book::price>.iregexp("^1[0-9]")));
#else
  db.find_all<cf::Book>(where(col<&cf::Book::title>.iregexp("^1[0-9]")));
#endif
}

int main() { return 0; }
