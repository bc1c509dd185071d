// Scopes: a model's default scope applies to every read of it (includes, their EXISTS and counts
// too) and to writes by where, unless the query says unscoped(); named scopes compose with each
// other and with where clauses (conditions ANDed, orders in the order given, the last limit wins).
#include "fixture.hpp"

#include <algorithm>

using namespace quarry::dsl;

namespace scopes {
struct Product;
struct Deal;
struct Shop {
  std::int64_t id{};
  std::string name{};
  bool open{};
  std::vector<Product> products;
  std::vector<Deal> deals;
};
struct Deal {  // Sequelize's merge: the last condition on a column wins; a default order
  std::int64_t id{};
  std::string name{};
  std::int64_t shop_id{};
  std::int32_t price{};
  bool active{};
};
struct Product {  // defined after Deal: its std::optional<Shop> needs Shop's members complete
  std::int64_t id{};
  std::string name{};
  std::int64_t shop_id{};
  std::int32_t price{};
  bool active{};
  std::optional<Shop> shop{};
};
struct Leaflet {  // no scopes: its reads are as before
  std::int64_t id{};
  std::string text{};
};
}  // namespace scopes

template <>
struct quarry::Model<scopes::Shop> {
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&scopes::Shop::products, &scopes::Product::shop_id>(),
                           quarry::has_many<&scopes::Shop::deals, &scopes::Deal::shop_id>());
  static auto default_scope() { return where(col<&scopes::Shop::open> == true); }
};
template <>
struct quarry::Model<scopes::Product> {
  static constexpr auto associations =
      quarry::associations(quarry::belongs_to<&scopes::Product::shop, &scopes::Product::shop_id>());
  static auto default_scope() { return where(col<&scopes::Product::active> == true); }
  // named scopes: static functions that return where(...) or scope(...)
  static auto cheap() { return where(col<&scopes::Product::price> < 10); }
  static auto priced_over(std::int32_t n) {
    return scope(where(col<&scopes::Product::price> > n), order_by(desc(col<&scopes::Product::price>)));
  }
  static auto first(std::int64_t n) { return scope(order_by(col<&scopes::Product::name>), limit(n)); }
};

template <>
struct quarry::Model<scopes::Deal> {
  static constexpr auto where_merge = quarry::last_per_column;
  static auto default_scope() {
    return scope(where(col<&scopes::Deal::active> == true), order_by(desc(col<&scopes::Deal::price>)));
  }
  static auto cheap() { return where(col<&scopes::Deal::price> < 10); }
};

using scopes::Deal;
using Deals = quarry::Model<Deal>;
using scopes::Leaflet;
using scopes::Product;
using scopes::Shop;
using Products = quarry::Model<Product>;

namespace {
struct Stock {
  quarry::Database db{test::url()};
  Shop open_shop, closed_shop;
  Product pen, ink, lamp, old_pen, ghost;

  Stock() {
    db.sync<Shop, Product, Deal, Leaflet>({.force = true});
    open_shop = db.create(Shop{.name = "open", .open = true});
    closed_shop = db.create(Shop{.name = "closed", .open = false});
    pen = db.create(Product{.name = "pen", .shop_id = open_shop.id, .price = 2, .active = true});
    ink = db.create(Product{.name = "ink", .shop_id = open_shop.id, .price = 8, .active = true});
    lamp = db.create(Product{.name = "lamp", .shop_id = open_shop.id, .price = 40, .active = true});
    old_pen = db.create(Product{.name = "old pen", .shop_id = open_shop.id, .price = 1, .active = false});
    ghost = db.create(Product{.name = "ghost", .shop_id = closed_shop.id, .price = 5, .active = false});
  }
};

template <class R>
std::vector<std::string> names(const std::vector<R>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.name);
  return out;
}
std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}
using Names = std::vector<std::string>;
}  // namespace

TEST_CASE("scopes: the default scope applies to every read, counts and includes too", "[scopes]") {
  Stock s;
  auto& db = s.db;
  REQUIRE(db.query<std::int64_t>("SELECT COUNT(*) FROM products") == std::vector<std::int64_t>{5});

  CHECK(sorted(names(db.find_all<Product>())) == Names{"ink", "lamp", "pen"});
  CHECK(sorted(names(db.find_all<Product>(where(col<&Product::price> < 6)))) == Names{"pen"});
  CHECK_FALSE(db.find_one<Product>(where(col<&Product::name> == "old pen")).has_value());
  CHECK_FALSE(db.find_by_pk<Product>(s.old_pen.id).has_value());
  CHECK(db.find_by_pk<Product>(s.pen.id).has_value());
  CHECK(db.count<Product>() == 3);
  CHECK(db.count<Product>(where(col<&Product::price> < 6)) == 1);
  CHECK(db.sum(col<&Product::price>) == 50);
  CHECK(db.min(col<&Product::price>) == 2);
  auto page = db.find_and_count_all<Product>(limit(1));
  CHECK(page.count == 3);
  CHECK(page.rows.size() == 1);
  CHECK(db.select<Product>(columns(col<&Product::name>), order_by(col<&Product::name>)) ==
        std::vector<std::tuple<std::string>>{{"ink"}, {"lamp"}, {"pen"}});

  // includes: each model's own default scope, at every level and in the EXISTS of required
  auto shops = db.find_all<Shop>(include<&Shop::products>());
  REQUIRE(shops.size() == 1);
  CHECK(shops[0].id == s.open_shop.id);
  CHECK(sorted(names(shops[0].products)) == Names{"ink", "lamp", "pen"});
  auto bought = db.find_all<Product>(include<&Product::shop>(), order_by(col<&Product::id>));
  REQUIRE(bought.size() == 3);
  CHECK(bought[0].shop.has_value());
  CHECK(db.count<Shop>() == 1);
  CHECK(db.related<&Shop::products>(s.open_shop).size() == 3);
  CHECK(db.count_related<&Shop::products>(s.open_shop) == 3);
  CHECK(db.related<&Shop::products>(s.closed_shop).empty());
  CHECK_FALSE(db.has_related<&Shop::products>(s.closed_shop, s.ghost));

  // reload reads by key through the scope: a row out of it is gone for reload as for find_by_pk
  CHECK(db.reload(s.pen));
  CHECK_FALSE(db.reload(s.old_pen));
}

TEST_CASE("scopes: unscoped() leaves out the query's own default scope, not its includes'", "[scopes]") {
  Stock s;
  auto& db = s.db;
  CHECK(sorted(names(db.find_all<Product>(unscoped()))) == Names{"ghost", "ink", "lamp", "old pen", "pen"});
  CHECK(db.count<Product>(unscoped()) == 5);
  CHECK(db.count<Product>(unscoped(), where(col<&Product::price> < 6)) == 3);
  CHECK(db.find_by_pk<Product>(s.old_pen.id, unscoped()).has_value());
  CHECK(db.find_one<Product>(where(col<&Product::name> == "ghost"), unscoped()).has_value());
  CHECK(db.sum(col<&Product::price>, unscoped()) == 56);
  CHECK(db.find_and_count_all<Product>(unscoped(), limit(2)).count == 5);
  CHECK(db.select<Product>(columns(col<&Product::name>), unscoped()).size() == 5);

  // the parent unscoped: every shop; each include keeps the products' default scope ...
  auto shops = db.find_all<Shop>(unscoped(), include<&Shop::products>(), order_by(col<&Shop::id>));
  REQUIRE(shops.size() == 2);
  CHECK(sorted(names(shops[0].products)) == Names{"ink", "lamp", "pen"});
  CHECK(shops[1].products.empty());
  // ... unless the include says unscoped() too
  shops = db.find_all<Shop>(unscoped(), include<&Shop::products>(unscoped()), order_by(col<&Shop::id>));
  REQUIRE(shops.size() == 2);
  CHECK(sorted(names(shops[0].products)) == Names{"ink", "lamp", "old pen", "pen"});
  CHECK(names(shops[1].products) == Names{"ghost"});
  // a required include with unscoped(): its EXISTS sees the inactive products
  CHECK(db.find_all<Shop>(unscoped(), include<&Shop::products>(required)).size() == 1);
  CHECK(db.find_all<Shop>(unscoped(), include<&Shop::products>(required, unscoped())).size() == 2);
  // belongs_to: the closed shop of the ghost is left out unless its include is unscoped
  auto ghost = db.find_all<Product>(unscoped(), where(col<&Product::id> == s.ghost.id), include<&Product::shop>());
  REQUIRE(ghost.size() == 1);
  CHECK_FALSE(ghost[0].shop.has_value());
  ghost = db.find_all<Product>(unscoped(), where(col<&Product::id> == s.ghost.id), include<&Product::shop>(unscoped()));
  REQUIRE(ghost.size() == 1);
  CHECK(ghost[0].shop.has_value());
  CHECK(db.related<&Shop::products>(s.closed_shop, unscoped()).size() == 1);
  CHECK(db.count_related<&Shop::products>(s.closed_shop, unscoped()) == 1);
}

TEST_CASE("scopes: named scopes compose with each other, with where and with the default scope", "[scopes]") {
  Stock s;
  auto& db = s.db;
  CHECK(sorted(names(db.find_all<Product>(Products::cheap()))) == Names{"ink", "pen"});
  // conditions ANDed: cheap and over 5 -> ink only
  CHECK(names(db.find_all<Product>(Products::cheap(), Products::priced_over(5))) == Names{"ink"});
  // a scope's order comes first, then the query's; its where ANDed with the query's
  CHECK(names(db.find_all<Product>(Products::priced_over(1))) == Names{"lamp", "ink", "pen"});
  CHECK(names(db.find_all<Product>(Products::priced_over(1), where(col<&Product::price> < 30))) ==
        Names{"ink", "pen"});
  // limit: the last one given wins
  CHECK(names(db.find_all<Product>(Products::first(2))) == Names{"ink", "lamp"});
  CHECK(names(db.find_all<Product>(Products::first(2), limit(3))) == Names{"ink", "lamp", "pen"});
  // with unscoped(): the named scope alone (Sequelize's Model.scope('cheap'))
  CHECK(sorted(names(db.find_all<Product>(unscoped(), Products::cheap()))) == Names{"ghost", "ink", "old pen", "pen"});
  // counts take scopes that carry only conditions
  CHECK(db.count<Product>(Products::cheap()) == 2);
  CHECK(db.count<Product>(unscoped(), Products::cheap()) == 4);
  // in includes too
  auto shops = db.find_all<Shop>(include<&Shop::products>(Products::cheap(), order_by(col<&Product::name>)));
  REQUIRE(shops.size() == 1);
  CHECK(names(shops[0].products) == Names{"ink", "pen"});
  shops = db.find_all<Shop>(include<&Shop::products>(Products::priced_over(5)));
  REQUIRE(shops.size() == 1);
  CHECK(names(shops[0].products) == Names{"lamp", "ink"});
}

TEST_CASE("scopes: writes by where keep the default scope, writes of a row by its key do not", "[scopes]") {
  Stock s;
  auto& db = s.db;
  CHECK(db.update<Product>(set(col<&Product::price> = 3), every_row) == 3);
  CHECK(db.count<Product>(unscoped(), where(col<&Product::price> == 3)) == 3);
  CHECK(db.update<Product>(set(col<&Product::price> = 4), where(col<&Product::price> < 6), unscoped()) == 5);
  CHECK(db.increment<Product>(col<&Product::price>, 1, Products::cheap()) == 3);
  CHECK(db.find_by_pk<Product>(s.old_pen.id, unscoped())->price == 4);

  // a row by its key: not scoped
  s.old_pen.name = "older pen";
  CHECK(db.update(s.old_pen));
  CHECK(db.find_by_pk<Product>(s.old_pen.id, unscoped())->name == "older pen");

  CHECK(db.destroy<Product>(where(col<&Product::price> > 0)) == 3);
  CHECK(db.count<Product>(unscoped()) == 2);
  CHECK(db.destroy<Product>(every_row, unscoped()) == 2);
  CHECK(db.count<Product>(unscoped()) == 0);
}

TEST_CASE("scopes: a model without scopes reads as before, and its rows are all there", "[scopes]") {
  Stock s;
  auto& db = s.db;
  db.create(Leaflet{.text = "a"});
  db.create(Leaflet{.text = "b"});
  CHECK(db.find_all<Leaflet>().size() == 2);
  CHECK(db.count<Leaflet>() == 2);
  CHECK(db.count<Leaflet>(unscoped()) == 2);
  CHECK(quarry::ops::model_info<Leaflet>().default_scope == std::nullopt);
}

TEST_CASE("scopes: last_per_column merges conditions column by column, as Sequelize does", "[scopes]") {
  Stock s;
  auto& db = s.db;
  const std::vector<std::tuple<std::string, std::int32_t, bool>> deals{
      {"pen", 2, true}, {"ink", 8, true}, {"lamp", 40, true}, {"old pen", 1, false}, {"old lamp", 30, false}};
  for (const auto& [name, price, active] : deals)
    db.create(Deal{.name = name, .shop_id = s.open_shop.id, .price = price, .active = active});

  // the default scope: its condition and its order
  CHECK(names(db.find_all<Deal>()) == Names{"lamp", "ink", "pen"});
  CHECK(db.find_one<Deal>()->name == "lamp");
  // a condition on active replaces the default scope's (Sequelize: findAll({ where: { active: false } }))
  CHECK(names(db.find_all<Deal>(where(col<&Deal::active> == false))) == Names{"old lamp", "old pen"});
  CHECK(db.count<Deal>(where(col<&Deal::active> == false)) == 2);
  // a condition on another column is ANDed with the default scope
  CHECK(names(db.find_all<Deal>(where(col<&Deal::price> > 5))) == Names{"lamp", "ink"});
  // the named scope's price < 10, replaced by the query's price > 5 given after it
  CHECK(names(db.find_all<Deal>(Deals::cheap(), where(col<&Deal::price> > 5))) == Names{"lamp", "ink"});
  CHECK(names(db.find_all<Deal>(where(col<&Deal::price> > 5), Deals::cheap())) == Names{"ink", "pen"});
  // the query's own order replaces the default scope's
  CHECK(names(db.find_all<Deal>(order_by(col<&Deal::name>))) == Names{"ink", "lamp", "pen"});
  CHECK(sorted(names(db.find_all<Deal>(unscoped()))) == Names{"ink", "lamp", "old lamp", "old pen", "pen"});

  // includes: the default scope's order and conditions, merged the same way
  auto shops = db.find_all<Shop>(include<&Shop::deals>());
  REQUIRE(shops.size() == 1);
  CHECK(names(shops[0].deals) == Names{"lamp", "ink", "pen"});
  shops = db.find_all<Shop>(include<&Shop::deals>(where(col<&Deal::active> == false)));
  REQUIRE(shops.size() == 1);
  CHECK(names(shops[0].deals) == Names{"old lamp", "old pen"});

  // what quarry adds itself is never merged away: related's association, find_by_pk's key
  CHECK(db.related<&Shop::deals>(s.open_shop, where(col<&Deal::shop_id> != s.open_shop.id)).empty());
  CHECK(db.count_related<&Shop::deals>(s.open_shop, where(col<&Deal::shop_id> != s.open_shop.id)) == 0);
  CHECK(names(db.related<&Shop::deals>(s.open_shop)) == Names{"lamp", "ink", "pen"});
  auto lamp = db.find_one<Deal>();
  REQUIRE(lamp);
  CHECK_FALSE(db.find_by_pk<Deal>(lamp->id, where(col<&Deal::id> != lamp->id)).has_value());

  // writes by where: the same merge
  CHECK(db.update<Deal>(set(col<&Deal::price> = 0), where(col<&Deal::active> == false)) == 2);
  CHECK(db.count<Deal>(unscoped(), where(col<&Deal::price> == 0)) == 2);
  CHECK(db.destroy<Deal>(where(col<&Deal::price> < 10)) == 2);
  CHECK(db.count<Deal>(unscoped()) == 3);
}
