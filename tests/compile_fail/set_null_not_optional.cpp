// std::nullopt assigned to a column whose member is not a std::optional (NOT NULL).
// expect: quarry: set(col<&T::member> = std::nullopt) writes NULL into a column whose member is not a std::optional
#include "models.hpp"

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.update<cf::Book>(set(col<&cf::Book::title> = std::nullopt), every_row);
#else
  db.update<cf::Book>(set(col<&cf::Book::title> = ""), every_row);
#endif
}

int main() { return 0; }
