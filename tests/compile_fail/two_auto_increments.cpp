// A second auto_increment field beside the id that is one by convention.
// expect: quarry: Model<T> has more than one quarry::auto_increment field
#include "models.hpp"

struct Ticket {
  std::int64_t id{};
  std::int64_t number{};
};
template <>
struct quarry::Model<Ticket> {
#ifdef QUARRY_COMPILE_FAIL
  static constexpr auto fields = quarry::fields(quarry::field<&Ticket::number>(quarry::auto_increment));
#else
  static constexpr auto fields = quarry::fields(quarry::field<&Ticket::number>(quarry::unique));
#endif
};

void f(quarry::Database& db) { db.create(Ticket{}); }

int main() { return 0; }
