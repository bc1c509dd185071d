// An association of another model in include<...>() of a read.
// expect: quarry: include<&T::member>() in a read of T takes an association of Model<T>::associations
#include <quarry/quarry.hpp>

namespace cfo {
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
}  // namespace cfo

template <>
struct quarry::Model<cfo::Shelf> {
  static constexpr auto associations = quarry::associations(quarry::has_many<&cfo::Shelf::items, &cfo::Item::shelf_id>());
};

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  auto items = db.find_all<cfo::Item>(include<&cfo::Shelf::items>());
#else
  auto shelves = db.find_all<cfo::Shelf>(include<&cfo::Shelf::items>());
  (void)shelves;
  auto items = db.find_one<cfo::Item>(where(col<&cfo::Item::shelf_id> == 1));
#endif
  (void)items;
}

int main() { return 0; }
