// A nested include of a member that is not an association, in a read.
// expect: quarry: include<&T::member>() in a read of T takes an association of Model<T>::associations
#include <quarry/quarry.hpp>

namespace cfr {
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
}  // namespace cfr

template <>
struct quarry::Model<cfr::Shelf> {
  static constexpr auto associations = quarry::associations(quarry::has_many<&cfr::Shelf::items, &cfr::Item::shelf_id>());
};

void f(quarry::Database& db) {
  using namespace quarry::dsl;
#ifdef QUARRY_COMPILE_FAIL
  auto shelf = db.find_by_pk<cfr::Shelf>(std::int64_t{1}, include<&cfr::Shelf::items>(include<&cfr::Item::name>()));
#else
  auto shelf = db.find_by_pk<cfr::Shelf>(std::int64_t{1}, include<&cfr::Shelf::items>(order_by(col<&cfr::Item::name>)));
#endif
  (void)shelf;
}

int main() { return 0; }
