// A text validator declared for a number member.
// expect: quarry: this text validator (is_email
#include "models.hpp"

struct Member {
  std::int64_t id{};
  std::string email{};
  std::int32_t age{};
};
template <>
struct quarry::Model<Member> {
#ifdef QUARRY_COMPILE_FAIL
  static constexpr auto validate = quarry::validators(quarry::rules<&Member::age>(quarry::is_email));
#else
  static constexpr auto validate = quarry::validators(quarry::rules<&Member::email>(quarry::is_email));
#endif
};

int main() {
  quarry::ops::validate(Member{1, "ann@example.com", 30});
  return 0;
}
