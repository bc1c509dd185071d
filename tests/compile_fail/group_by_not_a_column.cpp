// A row's member where group_by takes a column.
// expect: quarry: group_by(...) and columns(...) take columns or expressions of the queried model
#include "models.hpp"

void f(quarry::Database& db, [[maybe_unused]] const cf::Book& book) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  auto counts = db.select<cf::Book>(columns(col<&cf::Book::author_id>, count()), group_by(book.author_id));
#else
  auto counts = db.select<cf::Book>(columns(col<&cf::Book::author_id>, count()), group_by(col<&cf::Book::author_id>));
#endif
  (void)counts;
}

int main() { return 0; }
