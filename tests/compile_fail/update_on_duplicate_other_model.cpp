// update_on_duplicate(...) naming a column of another model than the rows'.
// expect: quarry: this clause uses a column of another model
#include "models.hpp"

void f(quarry::Database& db, std::vector<cf::Book> rows) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.bulk_create(rows, update_on_duplicate(col<&cf::Author::name>));
#else
  db.bulk_create(rows, update_on_duplicate(col<&cf::Book::title>), quarry::individual_hooks);
#endif
}

int main() { return 0; }
