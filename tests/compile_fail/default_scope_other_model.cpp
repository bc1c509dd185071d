// A model's default scope is a condition on another model's column.
// expect: quarry: Model<T>::default_scope() must return where(...), order_by(...) or
#include "models.hpp"

struct Lamp {
  std::int64_t id{};
  bool lit{};
};
template <>
struct quarry::Model<Lamp> {
#ifdef QUARRY_COMPILE_FAIL
  static auto default_scope() { return quarry::dsl::where(quarry::dsl::col<&cf::Author::name> == "Ada"); }
#else
  static auto default_scope() { return quarry::dsl::where(quarry::dsl::col<&Lamp::lit> == true); }
#endif
};

int main() { return quarry::ops::model_info<Lamp>().default_scope ? 0 : 1; }
