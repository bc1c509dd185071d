// An id that the conventions make an auto-increment key, of a type that cannot auto increment.
// expect: quarry: T::id is a std::uint64_t, which cannot auto increment
#include "models.hpp"

struct Event {
#ifdef QUARRY_COMPILE_FAIL
  std::uint64_t id{};
#else
  std::int64_t id{};
#endif
  std::string name{};
};

int main() { return quarry::ops::model_info<Event>().table == "events" ? 0 : 1; }
