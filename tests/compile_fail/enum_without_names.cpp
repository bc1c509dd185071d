// An enum stored by name with no enumerator among the values quarry looks at.
// expect: quarry: no enumerator of this enum was found among the values -8 to 63
#include "models.hpp"

#ifdef QUARRY_COMPILE_FAIL
enum class Flags : std::uint32_t { big = 1024 };
#else
enum class Flags : std::uint32_t { small = 1, big = 1024 };
#endif
struct Setting {
  std::int64_t id{};
  Flags flags = Flags::big;
};

int main() {
  quarry::ops::validate(Setting{1, Flags::big});
  return 0;
}
