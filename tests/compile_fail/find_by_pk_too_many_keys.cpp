// More keys than the primary key has columns (Book's key is its id alone).
// expect: quarry: find_by_pk<T>(...) got more keys than Model<T>'s primary key has columns
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  auto book = db.find_by_pk<cf::Book>(1, 2);
#else
  auto book = db.find_by_pk<cf::Book>(1, only<&cf::Book::title>());
#endif
  (void)book;
}

int main() { return 0; }
