// A function of an aggregate (coalesce(sum(...), 0)) is an aggregate, and where(...) cannot test one.
// expect: quarry: where(...) cannot test an aggregate
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.find_all<cf::Book>(where(coalesce(sum(col<&cf::Book::author_id>), 0) > 1));
#else
  db.select<cf::Book>(columns(col<&cf::Book::title>), group_by(col<&cf::Book::title>),
                      having(coalesce(sum(col<&cf::Book::author_id>), 0) > 1));
#endif
}

int main() { return 0; }
