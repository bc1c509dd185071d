// outer<...> in a query's own where, outside any subquery.
// expect: quarry: outer<...> is a column of the query around a subquery
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.find_all<cf::Book>(where(col<&cf::Book::author_id> == outer<&cf::Author::id>));
#else
  db.find_all<cf::Author>(where(exists(subquery<cf::Book>(where(col<&cf::Book::author_id> == outer<&cf::Author::id>)))));
#endif
}

int main() { return 0; }
