// An aggregate in a where(...): rows are filtered before they are grouped.
// expect: quarry: where(...) cannot test an aggregate
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.select<cf::Book>(columns(col<&cf::Book::author_id>, count()), group_by(col<&cf::Book::author_id>), where(count() > 1));
#else
  db.select<cf::Book>(columns(col<&cf::Book::author_id>, count()), group_by(col<&cf::Book::author_id>), having(count() > 1));
#endif
}

int main() { return 0; }
