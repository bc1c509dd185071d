// A hook whose parameters do not fit its kind: before_create takes the row, not a const one and
// an int.
// expect: quarry: a before_create hook of Model<T>::hooks must be callable as fn(T& row, quarry::Session& db) or fn(T& row)
#include "models.hpp"

struct User {
  std::int64_t id{};
  std::string password{};
};
template <>
struct quarry::Model<User> {
#ifdef QUARRY_COMPILE_FAIL
  static constexpr auto hooks = quarry::hooks(quarry::before_create([](const User&, int) {}));
#else
  static constexpr auto hooks = quarry::hooks(quarry::before_create([](User& u, quarry::Session&) { u.password += "!"; }));
#endif
};

void create(quarry::Database& db) { db.create(User{.password = "p"}); }

int main() { return 0; }
