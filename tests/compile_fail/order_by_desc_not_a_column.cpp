// A plain value in desc(...) (desc(1) for "the first column").
// expect: quarry: order_by(...), asc(...) and desc(...) take columns or expressions of the queried model
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  auto books = db.find_all<cf::Book>(order_by(desc(1)));
#else
  auto books = db.find_all<cf::Book>(order_by(desc(col<&cf::Book::id>)));
#endif
  (void)books;
}

int main() { return 0; }
