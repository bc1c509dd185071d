// A member that is not an association in create(row, include<...>()).
// expect: quarry: create(row, include<&T::member>()) takes a member of the created model T that Model<T>::associations declares
#include <quarry/quarry.hpp>

namespace cfn {
struct Item {
  std::int64_t id{};
  std::int64_t shelf_id{};
  std::string name{};
};
struct Shelf {
  std::int64_t id{};
  std::string name{};
  std::vector<Item> items{};
};
}  // namespace cfn

template <>
struct quarry::Model<cfn::Shelf> {
  static constexpr auto associations = quarry::associations(quarry::has_many<&cfn::Shelf::items, &cfn::Item::shelf_id>());
};

int main() {
  using namespace quarry::dsl;
  quarry::Database db{"sqlite::memory:"};
#ifdef QUARRY_COMPILE_FAIL
  auto shelf = db.create(cfn::Shelf{.name = "top"}, include<&cfn::Shelf::name>());
#else
  auto shelf = db.create(cfn::Shelf{.name = "top"}, include<&cfn::Shelf::items>());
#endif
  return shelf.id == 0 ? 1 : 0;
}
