// A model's default scope carries a limit: it decides which rows exist and their order, nothing else.
// expect: quarry: Model<T>::default_scope() must return where(...), order_by(...) or
#include "models.hpp"

struct Lamp {
  std::int64_t id{};
  bool lit{};
};
template <>
struct quarry::Model<Lamp> {
#ifdef QUARRY_COMPILE_FAIL
  static auto default_scope() {
    return quarry::dsl::scope(quarry::dsl::where(quarry::dsl::col<&Lamp::lit> == true), quarry::dsl::limit(3));
  }
#else
  static auto default_scope() {
    return quarry::dsl::scope(quarry::dsl::where(quarry::dsl::col<&Lamp::lit> == true),
                              quarry::dsl::order_by(quarry::dsl::col<&Lamp::id>));
  }
#endif
};

int main() { return quarry::ops::model_info<Lamp>().default_order.empty() ? 1 : 0; }
