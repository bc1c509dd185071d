// limit(n) in the include of a belongs_to (or has_one): at most one row per parent, nothing to limit.
// expect: quarry: limit(n) and offset(n) in include<&T::member>(...) count rows per parent
#include <quarry/quarry.hpp>

namespace cfl {
struct Item;
struct Shelf {
  std::int64_t id{};
  std::string name{};
  std::vector<Item> items;
};
struct Item {
  std::int64_t id{};
  std::int64_t shelf_id{};
  std::optional<Shelf> shelf{};
};
}  // namespace cfl

template <>
struct quarry::Model<cfl::Shelf> {
  static constexpr auto associations = quarry::associations(quarry::has_many<&cfl::Shelf::items, &cfl::Item::shelf_id>());
};
template <>
struct quarry::Model<cfl::Item> {
  static constexpr auto associations = quarry::associations(quarry::belongs_to<&cfl::Item::shelf, &cfl::Item::shelf_id>());
};

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  auto items = db.find_all<cfl::Item>(include<&cfl::Item::shelf>(limit(1)));
#else
  auto items = db.find_all<cfl::Item>(include<&cfl::Item::shelf>());
  auto shelves = db.find_all<cfl::Shelf>(include<&cfl::Shelf::items>(limit(1), offset(1)));
  (void)shelves;
#endif
  (void)items;
}

int main() { return 0; }
