// A transaction body that takes neither the Transaction nor nothing.
// expect: quarry: transaction(fn) takes fn(quarry::Transaction&) or fn()
#include "models.hpp"

void f(quarry::Database& db) {
#ifdef QUARRY_COMPILE_FAIL
  db.transaction([](int) {});
#else
  db.transaction([] {});
  db.transaction([](quarry::Transaction&) {});
#endif
}

int main() { return 0; }
