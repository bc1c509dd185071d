// driver::TextArena: text a driver keeps for one run of a statement.

#include <catch2/catch.hpp>

#include <quarry/driver/arena.hpp>

#include <cstring>
#include <string>
#include <vector>

TEST_CASE("text kept in the arena stays where it is until clear, and ends in a NUL", "[driver][arena]") {
  quarry::driver::TextArena arena;
  std::vector<std::string_view> kept;
  std::vector<std::string> expected;
  for (int i = 0; i < 2000; ++i) {  // many blocks' worth, and one value larger than any block so far
    std::string text = i == 1000 ? std::string(100000, 'x') : "value-" + std::to_string(i);
    kept.push_back(arena.keep(text, i % 2 ? "+00" : ""));
    expected.push_back(text + (i % 2 ? "+00" : ""));
  }
  for (std::size_t i = 0; i < kept.size(); ++i) {
    INFO(i);
    REQUIRE(kept[i] == expected[i]);
    CHECK(kept[i].data()[kept[i].size()] == '\0');  // libpq reads text up to its NUL
    CHECK(std::strlen(kept[i].data()) == kept[i].size());
  }
  auto empty = arena.keep("");
  CHECK(empty.empty());
  CHECK(*empty.data() == '\0');
}

TEST_CASE("after clear the arena reuses its memory: the next run's text lands where the last one's did",
          "[driver][arena]") {
  quarry::driver::TextArena arena;
  auto first = arena.keep("2026-12-01 10:00:00.000000");
  auto second = arena.keep("12.50");
  arena.clear();
  auto again = arena.keep("2027-01-01 00:00:00.000000");
  CHECK(again.data() == first.data());
  CHECK(again == "2027-01-01 00:00:00.000000");
  CHECK(arena.keep("3.75").data() == second.data());
}
