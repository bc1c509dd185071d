// A nested transaction body that takes the Transaction by value.
// expect: quarry: transaction(fn) takes fn(quarry::Transaction&) or fn()
#include "models.hpp"

void f(quarry::Database& db) {
#ifdef QUARRY_COMPILE_FAIL
  db.transaction([](quarry::Transaction& tx) { tx.transaction([](quarry::Transaction) {}); });
#else
  db.transaction([](quarry::Transaction& tx) { tx.transaction([](quarry::Transaction&) {}); });
#endif
}

int main() { return 0; }
