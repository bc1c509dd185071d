// A column of another model in a subquery's where, not named as the query around it.
// expect: quarry: subquery<T>(...) uses a column of another model
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.find_all<cf::Author>(where(exists(subquery<cf::Book>(where(col<&cf::Book::author_id> == col<&cf::Author::id>)))));
#else
  db.find_all<cf::Author>(where(exists(subquery<cf::Book>(where(col<&cf::Book::author_id> == outer<&cf::Author::id>)))));
#endif
}

int main() { return 0; }
