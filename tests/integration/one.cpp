// quarry::One<T>: has_one and belongs_to members declared while T is incomplete, so that a model
// refers to itself (an employee's manager) and two models each hold the other.
#include "fixture.hpp"

using namespace quarry::dsl;

namespace one {
struct Employee {
  std::int64_t id{};
  std::string name{};
  std::optional<std::int64_t> manager_id{};
  quarry::One<Employee> manager;       // belongs_to itself
  std::vector<Employee> reports;       // has_many itself
  quarry::One<Employee> assistant{};   // has_one itself (assistant_of below)
  std::optional<std::int64_t> assistant_of{};
};

struct Passport;
struct Citizen {
  std::int64_t id{};
  std::string name{};
  quarry::One<Passport> passport;  // has_one, while Passport is incomplete
};
struct Passport {
  std::int64_t id{};
  std::string number{};
  std::int64_t citizen_id{};
  quarry::One<Citizen> citizen;  // belongs_to, the other direction
};
}  // namespace one

template <>
struct quarry::Model<one::Employee> {
  static constexpr auto associations = std::tuple(
      quarry::belongs_to<&one::Employee::manager, &one::Employee::manager_id>(quarry::on_delete::set_null),
      quarry::has_many<&one::Employee::reports, &one::Employee::manager_id>(),
      quarry::has_one<&one::Employee::assistant, &one::Employee::assistant_of>());
};
template <>
struct quarry::Model<one::Citizen> {
  static constexpr auto associations = std::tuple(quarry::has_one<&one::Citizen::passport, &one::Passport::citizen_id>());
};
template <>
struct quarry::Model<one::Passport> {
  static constexpr auto associations = std::tuple(quarry::belongs_to<&one::Passport::citizen, &one::Passport::citizen_id>());
};

namespace {
using one::Citizen;
using one::Employee;
using one::Passport;

TEST_CASE("One<T>: a row that holds one like std::optional, copied deeply", "[associations][one]") {
  quarry::One<Employee> none;
  CHECK(!none);
  CHECK(none == std::nullopt);
  CHECK_THROWS_AS(none.value(), std::bad_optional_access);
  quarry::One<Employee> ada = Employee{.name = "Ada"};
  REQUIRE(ada.has_value());
  CHECK(ada->name == "Ada");
  auto copy = ada;  // its own row
  copy->name = "Grace";
  CHECK(ada->name == "Ada");
  CHECK((*copy).name == "Grace");
  copy = none;
  CHECK(!copy);
  copy = std::move(ada);
  CHECK(!ada);
  CHECK(copy->name == "Ada");
  copy.emplace(Employee{.name = "Barbara"});
  CHECK(copy.value().name == "Barbara");
  copy.reset();
  CHECK(copy == std::nullopt);
  copy = Employee{.name = "Hedy"};
  CHECK(copy->name == "Hedy");
}

TEST_CASE("One<T>: a model that refers to itself, loaded in both directions", "[associations][one]") {
  auto db = test::fresh();
  db.sync<Employee>({.force = true});
  auto boss = db.create(Employee{.name = "Boss"});
  auto ada = db.create(Employee{.name = "Ada", .manager_id = boss.id});
  auto bob = db.create(Employee{.name = "Bob", .manager_id = boss.id});
  db.create(Employee{.name = "Cy", .manager_id = ada.id, .assistant_of = boss.id});

  auto staff = db.find_all<Employee>(include<&Employee::manager>(), include<&Employee::reports>(order_by(col<&Employee::name>)),
                                     include<&Employee::assistant>(), order_by(col<&Employee::name>));
  REQUIRE(staff.size() == 4);
  CHECK(staff[0].name == "Ada");
  REQUIRE(staff[0].manager);
  CHECK(staff[0].manager->name == "Boss");
  REQUIRE(staff[0].reports.size() == 1);
  CHECK(staff[0].reports[0].name == "Cy");
  CHECK(staff[1].name == "Bob");
  CHECK(staff[1].reports.empty());
  CHECK(staff[2].name == "Boss");
  CHECK(!staff[2].manager);
  REQUIRE(staff[2].reports.size() == 2);
  CHECK(staff[2].reports[1].name == bob.name);
  REQUIRE(staff[2].assistant);
  CHECK(staff[2].assistant->name == "Cy");

  // nested: Cy's manager's manager
  auto cy = db.find_one<Employee>(where(col<&Employee::name> == "Cy"), include<&Employee::manager>(include<&Employee::manager>()));
  REQUIRE(cy);
  REQUIRE(cy->manager);
  REQUIRE(cy->manager->manager);
  CHECK(cy->manager->manager->name == "Boss");

  // the helpers take the member as for std::optional
  auto mine = db.related<&Employee::manager>(*cy);
  REQUIRE(mine);
  CHECK(mine->name == "Ada");
  CHECK(db.count_related<&Employee::reports>(boss) == 2);
}

TEST_CASE("One<T>: two models that each hold the other, created together and read both ways", "[associations][one]") {
  auto db = test::fresh();
  db.sync<Citizen, Passport>({.force = true});
  auto ada = db.create(Citizen{.name = "Ada", .passport = Passport{.number = "P-1"}}, include<&Citizen::passport>());
  REQUIRE(ada.passport);
  CHECK(ada.passport->citizen_id == ada.id);
  CHECK(ada.passport->id != 0);
  auto p2 = db.create(Passport{.number = "P-2", .citizen = Citizen{.name = "Bob"}}, include<&Passport::citizen>());
  REQUIRE(p2.citizen);
  CHECK(p2.citizen_id == p2.citizen->id);

  auto citizens = db.find_all<Citizen>(include<&Citizen::passport>(include<&Passport::citizen>()), order_by(col<&Citizen::name>));
  REQUIRE(citizens.size() == 2);
  REQUIRE(citizens[1].passport);
  CHECK(citizens[1].passport->number == "P-2");
  REQUIRE(citizens[1].passport->citizen);
  CHECK(citizens[1].passport->citizen->name == "Bob");
  auto passports = db.find_all<Passport>(include<&Passport::citizen>(), order_by(col<&Passport::number>));
  REQUIRE(passports.size() == 2);
  REQUIRE(passports[0].citizen);
  CHECK(passports[0].citizen->name == "Ada");
}
}  // namespace
