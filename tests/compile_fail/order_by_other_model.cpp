// A column of another model in the order of a read.
// expect: quarry: order_by(...) uses a column of another model
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  auto books = db.find_all<cf::Book>(order_by(col<&cf::Author::name>));
#else
  auto books = db.find_all<cf::Book>(order_by(col<&cf::Book::title>));
#endif
  (void)books;
}

int main() { return 0; }
