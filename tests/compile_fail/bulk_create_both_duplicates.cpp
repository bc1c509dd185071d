// bulk_create told both to ignore a clash and to update on it.
// expect: quarry: bulk_create(rows, ...) takes ignore_duplicates or update_on_duplicate(...), not both
#include "models.hpp"

void f(quarry::Database& db, std::vector<cf::Book> rows) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.bulk_create(rows, quarry::ignore_duplicates, update_on_duplicate(col<&cf::Book::title>));
#else
  db.bulk_create(rows, update_on_duplicate(col<&cf::Book::title>), conflict_on(col<&cf::Book::id>));
#endif
}

int main() { return 0; }
