// A transform whose function does not take the member's value: email is a std::string, the
// function takes an int.
// expect: quarry: the function of on_write<&T::member>(fn) or on_read<&T::member>(fn) does not fit the member's type
#include "models.hpp"

struct Person {
  std::int64_t id{};
  std::string email{};
};
template <>
struct quarry::Model<Person> {
#ifdef QUARRY_COMPILE_FAIL
  static constexpr auto transforms = quarry::transforms(quarry::on_write<&Person::email>([](int& n) { ++n; }));
#else
  static constexpr auto transforms = quarry::transforms(quarry::on_write<&Person::email>([](std::string& s) { s += "!"; }));
#endif
};

void create(quarry::Database& db) { db.create(Person{.email = "p"}); }

int main() { return 0; }
