#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <quarry/function.hpp>

// quarry::detail::Function, the type behind Logger, GlobalHook, ConnectHook and the transaction
// callbacks: what std::function does for them, from any callable, std::function included.

namespace {
struct Event {
  int n = 0;
};
int plus_one(int x) { return x + 1; }
}  // namespace

TEST_CASE("Function: empty, from a lambda, copied, moved, reset", "[function]") {
  quarry::detail::Function<void(const Event&, std::string&)> f;
  CHECK_FALSE(f);
  CHECK(f == nullptr);
  int total = 0;
  f = [&](const Event& e, std::string& s) {
    total += e.n;
    s += "x";
  };
  REQUIRE(f);
  std::string s;
  f(Event{2}, s);
  CHECK(total == 2);
  CHECK(s == "x");

  auto copy = f;  // both call the same captured reference
  copy(Event{3}, s);
  CHECK(total == 5);
  f(Event{1}, s);
  CHECK(total == 6);

  auto moved = std::move(copy);
  CHECK_FALSE(copy);  // NOLINT: the moved-from state is empty
  CHECK(moved);
  moved = nullptr;
  CHECK_FALSE(moved);
}

TEST_CASE("Function: a copy has its own state, as std::function's", "[function]") {
  int start = 0;
  quarry::detail::Function<int()> counter = [start]() mutable { return ++start; };
  CHECK(counter() == 1);
  CHECK(counter() == 2);
  auto other = counter;
  CHECK(other() == 3);
  CHECK(counter() == 3);
}

TEST_CASE("Function: function pointers and std::function convert, empty ones to an empty Function", "[function]") {
  quarry::detail::Function<int(int)> p = plus_one;
  CHECK(p(1) == 2);
  quarry::detail::Function<int(int)> by_address = &plus_one;
  CHECK(by_address(2) == 3);
  int (*null_pointer)(int) = nullptr;
  CHECK_FALSE(quarry::detail::Function<int(int)>(null_pointer));

  std::function<int(int)> sf;
  CHECK_FALSE(quarry::detail::Function<int(int)>(sf));
  sf = [](int x) { return x * 2; };
  quarry::detail::Function<int(int)> from_std = sf;
  CHECK(from_std(4) == 8);

  std::function<int(int)> back = from_std;  // and back into a std::function
  CHECK(back(5) == 10);
}

TEST_CASE("Function: results and arguments by value, move-only results", "[function]") {
  quarry::detail::Function<std::unique_ptr<int>()> make = [] { return std::make_unique<int>(7); };
  CHECK(*make() == 7);
  std::string seen;
  quarry::detail::Function<void(std::string)> take = [&](std::string v) { seen = std::move(v); };
  take(std::string(40, 'v'));
  CHECK(seen == std::string(40, 'v'));
}

TEST_CASE("Function: calling an empty one throws, naming quarry", "[function]") {
  quarry::detail::Function<void()> empty;
  CHECK_THROWS_WITH(empty(), "quarry: an empty hook, logger or callback was called");
  CHECK_THROWS_AS(empty(), std::logic_error);
}

namespace {
struct Counter {
  int n = 0;
  void bump() { ++n; }
  int value() const { return n; }
};
// What converts: callables called as f(args...); not a pointer to member (std::function's
// std::invoke would call it; a lambda does here), not a callable of another signature.
using Bump = quarry::detail::Function<void(Counter&)>;
static_assert(!std::is_convertible_v<void (Counter::*)(), Bump>);
static_assert(!std::is_convertible_v<int Counter::*, quarry::detail::Function<int(const Counter&)>>);
static_assert(!std::is_convertible_v<int (*)(int), Bump>);
static_assert(std::is_convertible_v<void (*)(Counter&), Bump>);
static_assert(std::is_convertible_v<std::function<void(Counter&)>, Bump>);
}  // namespace

TEST_CASE("Function: a pointer to member goes through a lambda", "[function]") {
  Counter c;
  Bump bump = [](Counter& x) { x.bump(); };
  bump(c);
  bump(c);
  CHECK(c.value() == 2);
}
