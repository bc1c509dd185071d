// each<T>(fn) calls fn with a T&: a function of another model's row does not compile.
// expect: quarry: each<T>(fn, clauses...) calls fn(row) with a T& for each row
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
  std::size_t n = 0;
#ifdef QUARRY_COMPILE_FAIL
  db.each<cf::Book>([&](const cf::Author& a) { n += a.name.size(); }, where(col<&cf::Book::title> != ""));
#else
  db.each<cf::Book>([&](const cf::Book& b) { n += b.title.size(); }, where(col<&cf::Book::title> != ""));
#endif
  (void)n;
}

int main() { return 0; }
