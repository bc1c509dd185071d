// A where(...) that compares a row's member instead of a column: C++ compares it before the
// query and would bind the bool.
// expect: quarry: where(...) got a plain value, not a condition on columns
#include "models.hpp"

void f(quarry::Database& db, const cf::Book& book) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.find_all<cf::Book>(where(book.author_id == 1));
#else
  db.find_all<cf::Book>(where(col<&cf::Book::author_id> == book.author_id));
#endif
}

int main() { return 0; }
