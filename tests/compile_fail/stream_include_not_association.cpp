// An include of a member that is not an association, in a stream.
// expect: quarry: include<&T::member>() in a read of T takes an association of Model<T>::associations
#include <quarry/quarry.hpp>

namespace cfs {
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
}  // namespace cfs

template <>
struct quarry::Model<cfs::Shelf> {
  static constexpr auto associations = quarry::associations(quarry::has_many<&cfs::Shelf::items, &cfs::Item::shelf_id>());
};

void f(quarry::Database& db) {
  using namespace quarry::dsl;
  std::size_t n = 0;
#ifdef QUARRY_COMPILE_FAIL
  for (const auto& shelf : db.stream<cfs::Shelf>(include<&cfs::Shelf::name>(), batch(100))) n += shelf.items.size();
#else
  for (const auto& shelf : db.stream<cfs::Shelf>(include<&cfs::Shelf::items>(), batch(100))) n += shelf.items.size();
#endif
  (void)n;
}

int main() { return 0; }
