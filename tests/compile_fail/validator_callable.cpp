// A custom validator whose callable does not take the member's value.
// expect: quarry: satisfies(fn, message) takes a callable of the member's value
#include "models.hpp"

struct Member {
  std::int64_t id{};
  std::int32_t age{};
};
template <>
struct quarry::Model<Member> {
#ifdef QUARRY_COMPILE_FAIL
  static constexpr auto validate = quarry::validators(
      quarry::rules<&Member::age>(quarry::satisfies([](const std::string& s) { return !s.empty(); }, "empty")));
#else
  static constexpr auto validate =
      quarry::validators(quarry::rules<&Member::age>(quarry::satisfies([](int a) { return a % 2 == 0; }, "odd")));
#endif
};

int main() {
  quarry::ops::validate(Member{1, 30});
  return 0;
}
