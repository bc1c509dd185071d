// A model's validate lists the rules of another model's member.
// expect: quarry: Model<T>::validate lists rules<&Other::member> of another model
#include "models.hpp"

struct Member {
  std::int64_t id{};
  std::string name{};
};
template <>
struct quarry::Model<Member> {
#ifdef QUARRY_COMPILE_FAIL
  static constexpr auto validate = quarry::validators(quarry::rules<&cf::Author::name>(quarry::not_empty));
#else
  static constexpr auto validate = quarry::validators(quarry::rules<&Member::name>(quarry::not_empty));
#endif
};

int main() {
  quarry::ops::validate(Member{1, "ann"});
  return 0;
}
