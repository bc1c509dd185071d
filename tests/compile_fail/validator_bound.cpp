// min(n) declared for a text member, where len(min, max) was meant.
// expect: quarry: min(n) and max(n) apply to number members
#include "models.hpp"

struct Member {
  std::int64_t id{};
  std::string name{};
};
template <>
struct quarry::Model<Member> {
#ifdef QUARRY_COMPILE_FAIL
  static constexpr auto validate = quarry::validators(quarry::rules<&Member::name>(quarry::min(3)));
#else
  static constexpr auto validate = quarry::validators(quarry::rules<&Member::name>(quarry::len(3, 50)));
#endif
};

int main() {
  quarry::ops::validate(Member{1, "ann"});
  return 0;
}
