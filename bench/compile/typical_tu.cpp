// A typical translation unit: 10 models (models.hpp) and 30 distinct queries, for measuring
// compile time and memory (bench/compile/measure.sh). It is compiled, not run. With
// -DQUARRY_TU_CORE_ONLY it leaves out the backend header, as the files of a program do when one
// other file includes it; with -DQUARRY_TU_CONVENTIONS its models are in the short form.
#include <quarry/quarry.hpp>
#ifndef QUARRY_TU_CORE_ONLY
#include <quarry/sqlite.hpp>
#endif

#include <cstdio>

#include "models.hpp"

using namespace quarry::dsl;
using namespace shop;

int run(quarry::Database& db) {
  std::size_t n = 0;
  db.sync<Customer, Address, Product, Category, Supplier, Warehouse, Stock, Invoice, Payment, Shipment>();
  n += db.find_all<Customer>(where(col<&Customer::rank> > 0 && col<&Customer::active>), order_by(desc(col<&Customer::amount>)), limit(10)).size();
  n += static_cast<std::size_t>(db.update<Customer>(set(col<&Customer::amount> = col<&Customer::amount> * quarry::Decimal("1.1")), where(col<&Customer::name>.like("a%") || col<&Customer::note>.is_null())));
  n += db.select<Customer>(columns(col<&Customer::owner_id>, count(), sum(col<&Customer::amount>)), group_by(col<&Customer::owner_id>), having(count() > 0)).size();
  n += db.find_all<Address>(where(col<&Address::rank> > 1 && col<&Address::active>), order_by(desc(col<&Address::amount>)), limit(10)).size();
  n += static_cast<std::size_t>(db.update<Address>(set(col<&Address::amount> = col<&Address::amount> * quarry::Decimal("1.1")), where(col<&Address::name>.like("a%") || col<&Address::note>.is_null())));
  n += db.select<Address>(columns(col<&Address::owner_id>, count(), sum(col<&Address::amount>)), group_by(col<&Address::owner_id>), having(count() > 1)).size();
  n += db.find_all<Product>(where(col<&Product::rank> > 2 && col<&Product::active>), order_by(desc(col<&Product::amount>)), limit(10)).size();
  n += static_cast<std::size_t>(db.update<Product>(set(col<&Product::amount> = col<&Product::amount> * quarry::Decimal("1.1")), where(col<&Product::name>.like("a%") || col<&Product::note>.is_null())));
  n += db.select<Product>(columns(col<&Product::owner_id>, count(), sum(col<&Product::amount>)), group_by(col<&Product::owner_id>), having(count() > 2)).size();
  n += db.find_all<Category>(where(col<&Category::rank> > 3 && col<&Category::active>), order_by(desc(col<&Category::amount>)), limit(10)).size();
  n += static_cast<std::size_t>(db.update<Category>(set(col<&Category::amount> = col<&Category::amount> * quarry::Decimal("1.1")), where(col<&Category::name>.like("a%") || col<&Category::note>.is_null())));
  n += db.select<Category>(columns(col<&Category::owner_id>, count(), sum(col<&Category::amount>)), group_by(col<&Category::owner_id>), having(count() > 3)).size();
  n += db.find_all<Supplier>(where(col<&Supplier::rank> > 4 && col<&Supplier::active>), order_by(desc(col<&Supplier::amount>)), limit(10)).size();
  n += static_cast<std::size_t>(db.update<Supplier>(set(col<&Supplier::amount> = col<&Supplier::amount> * quarry::Decimal("1.1")), where(col<&Supplier::name>.like("a%") || col<&Supplier::note>.is_null())));
  n += db.select<Supplier>(columns(col<&Supplier::owner_id>, count(), sum(col<&Supplier::amount>)), group_by(col<&Supplier::owner_id>), having(count() > 4)).size();
  n += db.find_all<Warehouse>(where(col<&Warehouse::rank> > 5 && col<&Warehouse::active>), order_by(desc(col<&Warehouse::amount>)), limit(10)).size();
  n += static_cast<std::size_t>(db.update<Warehouse>(set(col<&Warehouse::amount> = col<&Warehouse::amount> * quarry::Decimal("1.1")), where(col<&Warehouse::name>.like("a%") || col<&Warehouse::note>.is_null())));
  n += db.select<Warehouse>(columns(col<&Warehouse::owner_id>, count(), sum(col<&Warehouse::amount>)), group_by(col<&Warehouse::owner_id>), having(count() > 5)).size();
  n += db.find_all<Stock>(where(col<&Stock::rank> > 6 && col<&Stock::active>), order_by(desc(col<&Stock::amount>)), limit(10)).size();
  n += static_cast<std::size_t>(db.update<Stock>(set(col<&Stock::amount> = col<&Stock::amount> * quarry::Decimal("1.1")), where(col<&Stock::name>.like("a%") || col<&Stock::note>.is_null())));
  n += db.select<Stock>(columns(col<&Stock::owner_id>, count(), sum(col<&Stock::amount>)), group_by(col<&Stock::owner_id>), having(count() > 6)).size();
  n += db.find_all<Invoice>(where(col<&Invoice::rank> > 7 && col<&Invoice::active>), order_by(desc(col<&Invoice::amount>)), limit(10)).size();
  n += static_cast<std::size_t>(db.update<Invoice>(set(col<&Invoice::amount> = col<&Invoice::amount> * quarry::Decimal("1.1")), where(col<&Invoice::name>.like("a%") || col<&Invoice::note>.is_null())));
  n += db.select<Invoice>(columns(col<&Invoice::owner_id>, count(), sum(col<&Invoice::amount>)), group_by(col<&Invoice::owner_id>), having(count() > 7)).size();
  n += db.find_all<Payment>(where(col<&Payment::rank> > 8 && col<&Payment::active>), order_by(desc(col<&Payment::amount>)), limit(10)).size();
  n += static_cast<std::size_t>(db.update<Payment>(set(col<&Payment::amount> = col<&Payment::amount> * quarry::Decimal("1.1")), where(col<&Payment::name>.like("a%") || col<&Payment::note>.is_null())));
  n += db.select<Payment>(columns(col<&Payment::owner_id>, count(), sum(col<&Payment::amount>)), group_by(col<&Payment::owner_id>), having(count() > 8)).size();
  n += db.find_all<Shipment>(where(col<&Shipment::rank> > 9 && col<&Shipment::active>), order_by(desc(col<&Shipment::amount>)), limit(10)).size();
  n += static_cast<std::size_t>(db.update<Shipment>(set(col<&Shipment::amount> = col<&Shipment::amount> * quarry::Decimal("1.1")), where(col<&Shipment::name>.like("a%") || col<&Shipment::note>.is_null())));
  n += db.select<Shipment>(columns(col<&Shipment::owner_id>, count(), sum(col<&Shipment::amount>)), group_by(col<&Shipment::owner_id>), having(count() > 9)).size();
  return static_cast<int>(n);
}

int main(int argc, char**) {
  if (argc > 100) {  // never: the program exists to be compiled
    quarry::Database db{"sqlite::memory:"};
    return run(db);
  }
  std::puts("compiled");
  return 0;
}
