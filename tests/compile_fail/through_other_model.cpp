// A column of the model that declares the association inside has<M>(...): it goes beside it.
// expect: quarry: has<&T::member>(...) and via<&T::member>(...) use the associated model's columns only
#include <quarry/quarry.hpp>

namespace cft {
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
}  // namespace cft

template <>
struct quarry::Model<cft::Shelf> {
  static constexpr auto associations = quarry::associations(quarry::has_many<&cft::Shelf::items, &cft::Item::shelf_id>());
};

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  db.find_all<cft::Shelf>(where(has<&cft::Shelf::items>(col<&cft::Item::name> == "x" && col<&cft::Shelf::name> == "y")));
#else
  db.find_all<cft::Shelf>(where(has<&cft::Shelf::items>(col<&cft::Item::name> == "x") && col<&cft::Shelf::name> == "y"));
#endif
}

int main() { return 0; }
