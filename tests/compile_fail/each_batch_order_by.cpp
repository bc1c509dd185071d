// each_batch orders and pages by the primary key itself: an order_by of its own does not compile.
// expect: quarry: each_batch<T>(...) orders by T's primary key and pages with a limit of its own
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
  std::size_t n = 0;
#ifdef QUARRY_COMPILE_FAIL
  db.each_batch<cf::Book>([&](std::vector<cf::Book>& books) { n += books.size(); }, order_by(col<&cf::Book::title>));
#else
  db.each_batch<cf::Book>([&](std::vector<cf::Book>& books) { n += books.size(); }, where(col<&cf::Book::title> != ""));
#endif
  (void)n;
}

int main() { return 0; }
