// An association whose foreign key is not a field of its model.
// expect: quarry: the association's foreign key is not a field of its model
#include "models.hpp"

struct Crate {
  std::int64_t id{};
  std::vector<struct Bottle> bottles;
};
struct Bottle {
  std::int64_t id{};
  std::int64_t crate_id{};
  std::int64_t box_id{};  // not a field
};
template <>
struct quarry::Model<Bottle> {
  static constexpr auto table = "bottles";
  static constexpr auto fields = quarry::fields(quarry::field<&Bottle::id>(quarry::primary_key),
                                                quarry::field<&Bottle::crate_id>());
};
template <>
struct quarry::Model<Crate> {
  static constexpr auto table = "crates";
  static constexpr auto fields = quarry::fields(quarry::field<&Crate::id>(quarry::primary_key));
#ifdef QUARRY_COMPILE_FAIL
  static constexpr auto associations = quarry::associations(quarry::has_many<&Crate::bottles, &Bottle::box_id>());
#else
  static constexpr auto associations = quarry::associations(quarry::has_many<&Crate::bottles, &Bottle::crate_id>());
#endif
};

int main() {
  using A = std::remove_cvref_t<decltype(quarry::detail::association_of<&Crate::bottles>())>;
  return quarry::detail::AssociationKeys<A>::keys_valid ? 0 : 1;
}
