// A query on a struct that is no model (it has a constructor), with a where on one of its
// columns: the model's message, once, not one more for the column.
// expect: quarry: this type has no model
#include "models.hpp"

struct Sealed {
#ifdef QUARRY_COMPILE_FAIL
  Sealed() = default;
#endif
  std::int64_t id{};
  std::string name{};
};

void f(quarry::Database& db) {
  using namespace quarry::dsl;
  db.find_all<Sealed>(where(col<&Sealed::name> == "x"));
}

int main() { return 0; }
