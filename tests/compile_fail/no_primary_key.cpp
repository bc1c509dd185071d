// A Model<T> with no primary key.
// expect: quarry: Model<T> has no primary key
#include "models.hpp"

struct Tag {
  std::int64_t id{};
  std::string label{};
};
template <>
struct quarry::Model<Tag> {
  static constexpr auto table = "tags";
#ifdef QUARRY_COMPILE_FAIL
  static constexpr auto fields = quarry::fields(quarry::field<&Tag::id>(), quarry::field<&Tag::label>());
#else
  static constexpr auto fields = quarry::fields(quarry::field<&Tag::id>(quarry::primary_key), quarry::field<&Tag::label>());
#endif
};

int main() { return quarry::ops::model_info<Tag>().table == "tags" ? 0 : 1; }
