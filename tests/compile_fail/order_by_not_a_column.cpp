// A row's member where order_by takes a column.
// expect: quarry: order_by(...), asc(...) and desc(...) take columns or expressions of the queried model
#include "models.hpp"

void f(quarry::Database& db, [[maybe_unused]] const cf::Book& book) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  auto books = db.find_all<cf::Book>(order_by(book.title));
#else
  auto books = db.find_all<cf::Book>(order_by(col<&cf::Book::title>));
#endif
  (void)books;
}

int main() { return 0; }
