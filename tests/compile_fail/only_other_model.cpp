// A member of another model in only<...> (partial rows) on a find of this one.
// expect: quarry: this clause uses a column of another model
#include "models.hpp"

int main() {
  using namespace quarry::dsl;
  quarry::Database db{"sqlite::memory:"};
#ifdef QUARRY_COMPILE_FAIL
  auto rows = db.find_all<cf::Book>(only<&cf::Author::name>());
#else
  auto rows = db.find_all<cf::Book>(only<&cf::Book::title>());
#endif
  return rows.empty() ? 0 : 1;
}
