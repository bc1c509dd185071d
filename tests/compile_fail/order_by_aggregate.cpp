// An aggregate as the order of a read of rows: without grouped rows, it has nothing to count by
// (PostgreSQL refuses it; SQLite folds every row into one).
// expect: quarry: order_by(...) of an aggregate such as count() or sum(...) needs grouped rows
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  auto books = db.find_all<cf::Book>(order_by(desc(count())));
#else
  auto books = db.find_all<cf::Book>(order_by(desc(col<&cf::Book::price>)));
  auto by_size = db.select<cf::Book>(columns(col<&cf::Book::author_id>, count()), group_by(col<&cf::Book::author_id>),
                                     order_by(desc(count())));
  (void)by_size;
#endif
  (void)books;
}

int main() { return 0; }
