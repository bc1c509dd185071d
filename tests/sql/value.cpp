// sql::Value: a std::variant subclass whose special members are compiled once; what code written
// for the plain variant does with it still compiles and behaves the same.

#include <catch2/catch.hpp>

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <quarry/quarry.hpp>

using quarry::sql::Null;
using quarry::sql::Value;

static_assert(std::is_nothrow_move_constructible_v<Value> && std::is_nothrow_move_assignable_v<Value>,
              "a std::vector<Value> moves its elements when it grows");
static_assert(std::is_same_v<decltype(std::declval<Value&>() = 1), Value&>);
static_assert(std::is_same_v<decltype(std::declval<Value&>() = std::string()), Value&>);
static_assert(std::is_assignable_v<Value&, quarry::sql::ValueVariant>);
// as a std::variant of both std::string and std::string_view: text is one or the other, said
// explicitly, and no pointer becomes a bool
static_assert(!std::is_constructible_v<Value, const char*> && !std::is_constructible_v<Value, const char (&)[4]>);
static_assert(!std::is_constructible_v<Value, int*> && !std::is_assignable_v<Value&, const char*>);
static_assert(!std::is_constructible_v<Value, unsigned>);  // int64 or uint64: ambiguous, as for the variant

TEST_CASE("value: constructed, assigned and read as a std::variant", "[sql][value]") {
  Value v;
  CHECK(std::holds_alternative<Null>(v));
  v = std::int64_t{7};
  CHECK(std::get<std::int64_t>(v) == 7);
  v = std::string("text");
  CHECK(std::get<std::string>(v) == "text");
  v = {};
  CHECK(std::holds_alternative<Null>(v));
  v = 2.5;
  REQUIRE(std::get_if<double>(&v));
  CHECK(*std::get_if<double>(&v) == 2.5);
  CHECK(std::visit([](const auto& x) { return std::is_same_v<std::decay_t<decltype(x)>, double>; }, v));

  Value copy = v, moved = Value{std::string("moved")};
  CHECK(copy == v);
  CHECK(std::get<std::string>(moved) == "moved");
  copy = moved;
  CHECK(copy == moved);
  copy = std::move(moved);
  CHECK(std::get<std::string>(copy) == "moved");

  std::vector<Value> values{std::int64_t{1}, std::string("two"), Null{}, true};
  values.resize(100);  // grows by moving
  CHECK(std::get<std::string>(values[1]) == "two");
  CHECK(std::get<bool>(values[3]));
  CHECK(quarry::sql::describe(values[1]) == "'two'");
}
