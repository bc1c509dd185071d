// with_deleted() on a model that has no deleted_at: there are no soft-deleted rows to read.
// expect: quarry: with_deleted() and only_deleted() read soft-deleted rows, and this model has none
#include "models.hpp"

struct Diary {
  std::int64_t id{};
  std::optional<quarry::Timestamp> deleted_at{};
};

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.find_all<cf::Book>(with_deleted());
#else
  db.find_all<Diary>(with_deleted());
#endif
}

int main() { return 0; }
