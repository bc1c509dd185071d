// A struct without a Model<T> used as a model, whose members cannot be read (a plain aggregate
// would be a model by convention).
// expect: quarry: this type has no model
#include "models.hpp"

struct Loose {
  explicit Loose(std::int64_t i = 0) : id(i) {}
  std::int64_t id{};
};
#ifndef QUARRY_COMPILE_FAIL
template <>
struct quarry::Model<Loose> {
  static constexpr auto table = "loose";
  static constexpr auto fields = quarry::fields(quarry::field<&Loose::id>(quarry::primary_key));
};
#endif

int main() { return quarry::ops::select_rows<Loose>().table == "loose" ? 0 : 1; }
