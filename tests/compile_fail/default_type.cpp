// A default whose type does not fit its member: text for an enum member.
// expect: quarry: default_value(v) does not fit this member
#include "models.hpp"

enum class Level { low, high };
struct Job {
  std::int64_t id{};
  Level level = Level::low;
};
template <>
struct quarry::Model<Job> {
#ifdef QUARRY_COMPILE_FAIL
  static constexpr auto fields = quarry::fields(quarry::field<&Job::level>(quarry::default_value("low")));
#else
  static constexpr auto fields = quarry::fields(quarry::field<&Job::level>(quarry::default_value(Level::low)));
#endif
};

int main() {
  Job job;
  quarry::ops::fill_defaults(job, quarry::now());
  return job.level == Level::low ? 0 : 1;
}
