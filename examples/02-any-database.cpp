// The same program on whichever database it is given: SQLite, PostgreSQL or MySQL/MariaDB.
//
//   02-any-database sqlite:shop.db
//   02-any-database postgres://user:password@127.0.0.1:5432/shop
//   02-any-database mysql://user:password@127.0.0.1:3306/shop

#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include <cstdio>
#include <string>

struct Customer {
  std::int64_t id{};
  std::string email{};
  quarry::Timestamp created_at{}, updated_at{};
};
struct Order {
  std::int64_t id{};
  std::int64_t customer_id{};
  quarry::Decimal total{};
  bool paid{};
};

// Conventions give the tables ("customers", "orders"), the keys and Customer's timestamps;
// Model<T> adds only the options.
template <>
struct quarry::Model<Customer> {
  static constexpr auto fields = quarry::fields(quarry::field<&Customer::email>(quarry::size(200), quarry::unique));
};
template <>
struct quarry::Model<Order> {
  static constexpr auto fields = quarry::fields(
      quarry::field<&Order::customer_id>(quarry::references<&Customer::id>(quarry::on_delete::cascade)),
      quarry::field<&Order::total>(quarry::decimal(12, 2)));
};

int main(int argc, char** argv) {
  using namespace quarry::dsl;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATABASE-URL\n", argv[0]);
    return 2;
  }
  quarry::Database db{argv[1], {.pool = {.max = 4}}};
  std::printf("connected to %s (%s)\n", db.url().redacted.c_str(), std::string(db.dialect().name).c_str());
  db.sync<Customer, Order>({.force = true});

  // Writes that belong together go in one transaction: both orders or neither.
  auto ada = db.transaction([](quarry::Transaction& tx) {
    auto customer = tx.create(Customer{.email = "ada@example.com"});
    tx.bulk_create(std::vector<Order>{{.customer_id = customer.id, .total = quarry::Decimal("4200.00")},
                                      {.customer_id = customer.id, .total = quarry::Decimal("19.90"), .paid = true}});
    return customer;
  });
  std::printf("customer #%lld with %lld orders\n", static_cast<long long>(ada.id),
              static_cast<long long>(db.count<Order>(where(col<&Order::customer_id> == ada.id))));

  // A unique violation is a typed error, and nothing is half-written.
  try {
    db.create(Customer{.email = "ada@example.com"});
  } catch (const quarry::UniqueConstraintError& e) {
    std::printf("duplicate email refused (%s)\n", e.constraint().empty() ? "unique" : e.constraint().c_str());
  }

  auto big = db.find_all<Order>(where(col<&Order::total> > 3000 && !col<&Order::paid>), order_by(desc(col<&Order::total>)));
  for (const auto& o : big) std::printf("unpaid order #%lld: %s\n", static_cast<long long>(o.id), o.total.to_string().c_str());
  std::printf("sum of orders: %s\n", db.sum(col<&Order::total>)->to_string().c_str());

  auto stats = db.pool_stats();
  std::printf("pool: %zu open, %zu idle\n", stats.size, stats.idle);
  db.drop<Customer, Order>();
  return 0;
}
