// in(...) of a subquery whose column is of another kind than the column tested.
// expect: quarry: in(subquery<T>(...)) and not_in(...) need a subquery whose one column is of this column's own kind
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.find_all<cf::Author>(where(col<&cf::Author::id>.in(subquery<cf::Book>(columns(col<&cf::Book::title>)))));
#else
  db.find_all<cf::Author>(where(col<&cf::Author::id>.in(subquery<cf::Book>(columns(col<&cf::Book::author_id>)))));
#endif
}

int main() { return 0; }
