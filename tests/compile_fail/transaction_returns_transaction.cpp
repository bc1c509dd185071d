// A transaction body that returns the transaction, which ends before the caller could use it.
// expect: quarry: transaction(fn) returns what fn returns, and this fn returns a quarry::Transaction or Session
#include "models.hpp"

void f(quarry::Database& db) {
#ifdef QUARRY_COMPILE_FAIL
  auto& tx = db.transaction([](quarry::Transaction& t) -> quarry::Transaction& { return t; });
  (void)tx;
#else
  auto books = db.transaction([](quarry::Transaction& t) { return t.find_all<cf::Book>(); });
  (void)books;
#endif
}

int main() { return 0; }
