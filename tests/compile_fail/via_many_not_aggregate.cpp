// via<M>(value) of a has_many that is no aggregate: many values per parent.
// expect: quarry: via<&T::member>(value) of a has_many or belongs_to_many has many rows per parent
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
  db.find_all<cft::Shelf>(order_by(via<&cft::Shelf::items>(col<&cft::Item::name>)));
#else
  db.find_all<cft::Shelf>(order_by(via<&cft::Shelf::items>(max(col<&cft::Item::name>))));
#endif
}

int main() { return 0; }
