// A member that is not a field in except<...> (partial rows).
// expect: quarry: only<...>, except<...> and with_hidden<...> take fields of the queried model
#include "models.hpp"

int main() {
  using namespace quarry::dsl;
  quarry::Database db{"sqlite::memory:"};
#ifdef QUARRY_COMPILE_FAIL
  auto rows = db.find_all<cf::Book>(except<&cf::Book::isbn>());
#else
  auto rows = db.find_all<cf::Book>(except<&cf::Book::price>());
#endif
  return rows.empty() ? 0 : 1;
}
