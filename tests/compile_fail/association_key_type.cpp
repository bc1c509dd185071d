// An association whose foreign key does not have the type of the key it points at.
// expect: quarry: the foreign key and the key it points at must have the same type
#include "models.hpp"

struct Shelf {
  std::int64_t id{};
  std::vector<struct Item> items;
};
struct Item {
  std::int64_t id{};
  std::int32_t shelf_id{};
  std::int64_t shelf_ref{};
};
template <>
struct quarry::Model<Item> {
  static constexpr auto table = "items";
  static constexpr auto fields = quarry::fields(quarry::field<&Item::id>(quarry::primary_key),
                                                quarry::field<&Item::shelf_id>(), quarry::field<&Item::shelf_ref>());
};
template <>
struct quarry::Model<Shelf> {
  static constexpr auto table = "shelves";
  static constexpr auto fields = quarry::fields(quarry::field<&Shelf::id>(quarry::primary_key));
#ifdef QUARRY_COMPILE_FAIL
  static constexpr auto associations = quarry::associations(quarry::has_many<&Shelf::items, &Item::shelf_id>());
#else
  static constexpr auto associations = quarry::associations(quarry::has_many<&Shelf::items, &Item::shelf_ref>());
#endif
};

int main() {
  using namespace quarry::dsl;
  auto select = quarry::ops::select_rows<Shelf>(include<&Shelf::items>());
  return quarry::detail::AssociationKeys<std::remove_cvref_t<decltype(quarry::detail::association_of<&Shelf::items>())>>::keys_valid && select.table == "shelves" ? 0 : 1;
}
