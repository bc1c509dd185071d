// Conditions and order through associations on every dialect: has<M>(cond) and via<M>(value) on
// has_many, belongs_to, has_one and belongs_to_many, with parents that have many matching
// children, so that limit, offset and the count of find_and_count_all show that no parent is
// multiplied; the include of the same association still loads its own rows.
#include "fixture.hpp"

using namespace quarry::dsl;

namespace through_it {
struct Item;
struct Label {  // a default scope: the active ones
  std::int64_t id{};
  std::string name{};
  bool active{};
};
struct Manager {
  std::int64_t id{};
  std::int64_t shop_id{};
  std::string name{};
};
struct Shop {
  std::int64_t id{};
  std::string name{};
  std::vector<Item> items;
  std::vector<Label> labels;
  std::optional<Manager> manager{};
};
struct Item {
  std::int64_t id{};
  std::int64_t shop_id{};
  std::string colour{};
  std::int32_t price{};
  std::optional<quarry::Timestamp> deleted_at{};  // soft delete
  std::optional<Shop> shop{};
};
struct ShopLabel {
  std::int64_t shop_id{};
  std::int64_t label_id{};
};
struct Folder {  // an association of a model with itself
  std::int64_t id{};
  std::optional<std::int64_t> parent_id{};
  std::string name{};
  std::vector<Folder> children;
};
}  // namespace through_it

template <> struct quarry::Model<through_it::Shop> {
  static constexpr auto table = "th_shops";
  static constexpr auto associations = quarry::associations(
      quarry::has_many<&through_it::Shop::items, &through_it::Item::shop_id>(),
      quarry::belongs_to_many<&through_it::Shop::labels, &through_it::ShopLabel::shop_id, &through_it::ShopLabel::label_id>(),
      quarry::has_one<&through_it::Shop::manager, &through_it::Manager::shop_id>());
};
template <> struct quarry::Model<through_it::Item> {
  static constexpr auto table = "th_items";
  static constexpr auto associations =
      quarry::associations(quarry::belongs_to<&through_it::Item::shop, &through_it::Item::shop_id>());
};
template <> struct quarry::Model<through_it::Manager> {
  static constexpr auto table = "th_managers";
};
template <> struct quarry::Model<through_it::Label> {
  static constexpr auto table = "th_labels";
  static auto default_scope() { return where(col<&through_it::Label::active> == true); }
};
template <> struct quarry::Model<through_it::ShopLabel> {
  static constexpr auto table = "th_shop_labels";
  static constexpr auto fields = quarry::fields(quarry::field<&through_it::ShopLabel::shop_id>(quarry::primary_key),
                                                quarry::field<&through_it::ShopLabel::label_id>(quarry::primary_key));
};

template <> struct quarry::Model<through_it::Folder> {
  static constexpr auto table = "th_folders";
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&through_it::Folder::children, &through_it::Folder::parent_id>());
};

namespace through_it {
using names = std::vector<std::string>;

/// Shops s1 to s6. Red items: s1 three (of five), s2 four, s4 one that is soft-deleted, s6 one;
/// s3 two blue ones, s5 none. Managers of s2 (zed) and s1 (amy). Labels: s1 and s2 "big", s3
/// "old" (inactive: outside Label's default scope), s2 "new".
quarry::Database stock() {
  auto db = test::fresh();
  db.sync<Shop, Item, Manager, Label, ShopLabel>({.force = true});
  std::vector<Shop> s;
  for (const char* n : {"s1", "s2", "s3", "s4", "s5", "s6"}) s.push_back(db.create(Shop{.name = n}));
  auto item = [&](std::size_t shop, const char* colour, std::int32_t price) {
    return db.create(Item{.shop_id = s[shop].id, .colour = colour, .price = price});
  };
  item(0, "red", 10), item(0, "red", 70), item(0, "red", 30), item(0, "blue", 90), item(0, "green", 5);
  item(1, "red", 20), item(1, "red", 40), item(1, "red", 60), item(1, "red", 80);
  item(2, "blue", 15), item(2, "blue", 25);
  db.destroy(item(3, "red", 99));
  item(5, "red", 50);
  db.create(Manager{.shop_id = s[1].id, .name = "zed"});
  db.create(Manager{.shop_id = s[0].id, .name = "amy"});
  auto big = db.create(Label{.name = "big", .active = true});
  auto old = db.create(Label{.name = "old", .active = false});
  auto fresh = db.create(Label{.name = "new", .active = true});
  db.add_related<&Shop::labels>(s[0], big);
  db.add_related<&Shop::labels>(s[1], big);
  db.add_related<&Shop::labels>(s[1], fresh);
  db.add_related<&Shop::labels>(s[2], old);
  return db;
}

names shop_names(const std::vector<Shop>& shops) {
  names out;
  for (const auto& s : shops) out.push_back(s.name);
  return out;
}

TEST_CASE("through: has<M>(cond) on a has_many keeps each parent once, with limit, offset and count",
          "[query][through]") {
  auto db = stock();
  auto red = has<&Shop::items>(col<&Item::colour> == "red");
  auto by_name = order_by(col<&Shop::name>);
  CHECK(shop_names(db.find_all<Shop>(where(red), by_name)) == names{"s1", "s2", "s6"});  // s4's red one is deleted
  CHECK(db.count<Shop>(where(red)) == 3);                                                // a join would say 8
  auto page = db.find_and_count_all<Shop>(where(red), by_name, limit(2), offset(1));
  CHECK(page.count == 3);
  CHECK(shop_names(page.rows) == names{"s2", "s6"});
  CHECK(shop_names(db.find_all<Shop>(where(!red), by_name)) == names{"s3", "s4", "s5"});
  CHECK(shop_names(db.find_all<Shop>(where(has<&Shop::items>()), by_name)) == names{"s1", "s2", "s3", "s6"});
  CHECK(shop_names(db.find_all<Shop>(where(has<&Shop::items>(col<&Item::colour> == "red", with_deleted())), by_name)) ==
        names{"s1", "s2", "s4", "s6"});
  // beside a condition on the shop's own columns, and with a cheap red item
  CHECK(shop_names(db.find_all<Shop>(
            where(col<&Shop::name> != "s1" && has<&Shop::items>(col<&Item::colour> == "red" && col<&Item::price> < 30)),
            by_name)) == names{"s2"});
}

TEST_CASE("through: the include of the same association loads its own rows, whatever the parents' where",
          "[query][through]") {
  auto db = stock();
  auto red = has<&Shop::items>(col<&Item::colour> == "red");
  auto page = db.find_and_count_all<Shop>(where(red), order_by(col<&Shop::name>), limit(1),
                                          include<&Shop::items>(order_by(col<&Item::price>)));
  CHECK(page.count == 3);
  REQUIRE(page.rows.size() == 1);
  CHECK(page.rows[0].items.size() == 5);  // every item of s1, not only its red ones
  auto only_red = db.find_all<Shop>(where(red), order_by(col<&Shop::name>), limit(1),
                                    include<&Shop::items>(where(col<&Item::colour> == "red"), order_by(col<&Item::price>)));
  REQUIRE(only_red.size() == 1);
  REQUIRE(only_red[0].items.size() == 3);
  CHECK(only_red[0].items[2].price == 70);
}

TEST_CASE("through: order by via<M>(aggregate) of a has_many, a value per parent", "[query][through]") {
  auto db = stock();
  // by the dearest item, shops without one last (s4's only item is deleted); ties by name
  auto dearest = via<&Shop::items>(max(col<&Item::price>));
  auto by_dearest = order_by(desc(dearest).nulls_last(), col<&Shop::name>);
  CHECK(shop_names(db.find_all<Shop>(by_dearest, limit(4))) == names{"s1", "s2", "s6", "s3"});
  auto page = db.find_and_count_all<Shop>(by_dearest, limit(2), offset(3));
  CHECK(page.count == 6);
  CHECK(shop_names(page.rows) == names{"s3", "s4"});
  // by the number of items, in a where and an order, and read as a column
  auto items = via<&Shop::items>(count());
  CHECK(shop_names(db.find_all<Shop>(where(items >= 2), order_by(desc(items)))) == names{"s1", "s2", "s3"});
  auto rows = db.select<Shop>(columns(col<&Shop::name>, items, dearest), order_by(col<&Shop::name>), limit(2), offset(3));
  using Row = std::tuple<std::string, std::int64_t, std::optional<std::int32_t>>;
  CHECK(rows == std::vector<Row>{{"s4", 0, std::nullopt}, {"s5", 0, std::nullopt}});
}

TEST_CASE("through: belongs_to, has_one and belongs_to_many", "[query][through]") {
  auto db = stock();
  auto by_name = order_by(col<&Shop::name>);
  // belongs_to: items by their shop's name
  CHECK(db.count<Item>(where(has<&Item::shop>(col<&Shop::name> == "s2"))) == 4);
  auto shop_name = via<&Item::shop>(col<&Shop::name>);
  CHECK(db.count<Item>(where(shop_name.in({"s1", "s3"}))) == 7);
  std::vector<std::int32_t> prices;
  for (const auto& i : db.find_all<Item>(order_by(desc(shop_name), col<&Item::price>), limit(3))) prices.push_back(i.price);
  CHECK(prices == std::vector<std::int32_t>{50, 15, 25});
  // has_one: shops by their manager's name, shops without one last
  CHECK(shop_names(db.find_all<Shop>(order_by(asc(via<&Shop::manager>(col<&Manager::name>)).nulls_last(), col<&Shop::name>),
                                     limit(3))) == names{"s1", "s2", "s3"});
  CHECK(shop_names(db.find_all<Shop>(where(has<&Shop::manager>()), by_name)) == names{"s1", "s2"});
  // belongs_to_many, through the join table; s3's label is outside Label's default scope
  CHECK(shop_names(db.find_all<Shop>(where(has<&Shop::labels>(col<&Label::name> == "big")), by_name)) ==
        names{"s1", "s2"});
  CHECK(shop_names(db.find_all<Shop>(where(has<&Shop::labels>()), by_name)) == names{"s1", "s2"});
  CHECK(shop_names(db.find_all<Shop>(where(has<&Shop::labels>(unscoped())), by_name)) == names{"s1", "s2", "s3"});
  auto page = db.find_and_count_all<Shop>(where(has<&Shop::labels>()), order_by(desc(via<&Shop::labels>(count())), col<&Shop::name>),
                                          limit(1), include<&Shop::labels>());
  CHECK(page.count == 2);
  REQUIRE(page.rows.size() == 1);
  CHECK(page.rows[0].name == "s2");
  CHECK(page.rows[0].labels.size() == 2);
  // nested: shops with an item whose shop is s3
  CHECK(shop_names(db.find_all<Shop>(where(has<&Shop::items>(has<&Item::shop>(col<&Shop::name> == "s3"))))) ==
        names{"s3"});
  // in a destroy: the shops with no (live) item and no label at all
  CHECK(db.destroy<Shop>(where(!has<&Shop::items>() && !has<&Shop::labels>(unscoped()))) == 2);
  CHECK(db.count<Shop>() == 4);
}

TEST_CASE("through: an association of a model with itself, nested, and required on its include", "[query][through]") {
  auto db = test::fresh();
  db.sync<Folder>({.force = true});
  auto folder = [&](const char* name, std::optional<std::int64_t> parent) {
    return db.create(Folder{.parent_id = parent, .name = name}).id;
  };
  auto a = folder("a", std::nullopt);
  folder("c", folder("b", a));
  folder("e", folder("d", std::nullopt));
  folder("f", std::nullopt);
  auto names_of = [](const std::vector<Folder>& folders) {
    names out;
    for (const auto& f : folders) out.push_back(f.name);
    return out;
  };
  auto by_name = order_by(col<&Folder::name>);
  CHECK(names_of(db.find_all<Folder>(where(has<&Folder::children>()), by_name)) == names{"a", "b", "d"});
  CHECK(names_of(db.find_all<Folder>(where(has<&Folder::children>(has<&Folder::children>())), by_name)) == names{"a"});
  CHECK(names_of(db.find_all<Folder>(where(has<&Folder::children>(col<&Folder::name> == "e")), by_name)) == names{"d"});
  auto kept = db.find_all<Folder>(include<&Folder::children>(required), by_name);
  REQUIRE(names_of(kept) == names{"a", "b", "d"});
  CHECK(names_of(kept[1].children) == names{"c"});
  CHECK(db.count<Folder>(where(via<&Folder::children>(count()) == 0)) == 3);
}

}  // namespace through_it
