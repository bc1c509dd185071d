// decimal(p, s) with more digits after the point than in all.
// expect: quarry: a field's decimal(p, s) cannot be
#include "models.hpp"

struct Price {
  std::int64_t id{};
  quarry::Decimal amount{};
};
template <>
struct quarry::Model<Price> {
#ifdef QUARRY_COMPILE_FAIL
  static constexpr auto fields = quarry::fields(quarry::field<&Price::amount>(quarry::decimal(2, 10)));
#else
  static constexpr auto fields = quarry::fields(quarry::field<&Price::amount>(quarry::decimal(10, 2)));
#endif
};

void f(quarry::Database& db) { db.create(Price{}); }

int main() { return 0; }
