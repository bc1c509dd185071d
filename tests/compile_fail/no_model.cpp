// A struct without a Model<T> used as a model.
// expect: quarry: this type has no model
#include "models.hpp"

struct Loose {
  std::int64_t id{};
};
#ifndef QUARRY_COMPILE_FAIL
template <>
struct quarry::Model<Loose> {
  static constexpr auto table = "loose";
  static constexpr auto fields = quarry::fields(quarry::field<&Loose::id>(quarry::primary_key));
};
#endif

int main() { return quarry::query::select_rows<Loose>().table == "loose" ? 0 : 1; }
