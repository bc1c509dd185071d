// soft_delete on a member that cannot be NULL while the row lives.
// expect: quarry: soft_delete applies to a std::optional<quarry::Timestamp> member
#include "models.hpp"

struct Diary {
  std::int64_t id{};
  quarry::Timestamp removed{};
  std::optional<quarry::Timestamp> hidden{};
};
template <>
struct quarry::Model<Diary> {
#ifdef QUARRY_COMPILE_FAIL
  static constexpr auto fields = quarry::fields(quarry::field<&Diary::removed>(quarry::soft_delete));
#else
  static constexpr auto fields = quarry::fields(quarry::field<&Diary::hidden>(quarry::soft_delete));
#endif
};

int main() { return quarry::ops::model_info<Diary>().deleted_at ? 0 : 1; }
