// A struct that is not an aggregate, with a Model<T> that states only what differs: its members
// cannot be read.
// expect: quarry: this type has no model: it is not a plain aggregate
#include "models.hpp"

#ifdef QUARRY_COMPILE_FAIL
struct Sealed {
  Sealed() = default;
  std::int64_t id{};
  std::string name{};
};
#else
struct Sealed {
  std::int64_t id{};
  std::string name{};
};
#endif
template <>
struct quarry::Model<Sealed> {
  static constexpr auto fields = quarry::fields(quarry::field<&Sealed::name>(quarry::size(20)));
};

int main() { return quarry::ops::select_rows<Sealed>().table == "sealeds" ? 0 : 1; }
