// A subquery correlated to one model (outer<&Author::id>) in a query on another.
// expect: quarry: this clause uses a column of another model
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
  auto books = subquery<cf::Book>(where(col<&cf::Book::author_id> == outer<&cf::Author::id>));
#ifdef QUARRY_COMPILE_FAIL
  db.find_all<cf::Book>(where(exists(books)));
#else
  db.find_all<cf::Author>(where(exists(books)));
#endif
}

int main() { return 0; }
