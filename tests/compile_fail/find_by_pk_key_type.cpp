// A fraction as the key of an integer primary key.
// expect: quarry: find_by_pk<T>(key) takes a key of the primary key's type
#include "models.hpp"

void f(quarry::Database& db) {
#ifdef QUARRY_COMPILE_FAIL
  auto book = db.find_by_pk<cf::Book>(1.0);
#else
  auto book = db.find_by_pk<cf::Book>(std::int64_t{1});
#endif
  (void)book;
}

int main() { return 0; }
