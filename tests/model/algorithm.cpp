#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <quarry/algorithm.hpp>

// quarry::detail's algorithms (what the templates use instead of <algorithm>), against the
// standard ones on the same input.

namespace {
struct Entry {  // a key and where it came from: stability shows in the second
  int key = 0;
  std::size_t at = 0;
  bool operator==(const Entry&) const = default;
};
}  // namespace

TEST_CASE("detail::stable_sort sorts as std::stable_sort does, equal keys in their order", "[algorithm]") {
  std::mt19937 random(20261205);
  for (std::size_t n : {0u, 1u, 2u, 15u, 16u, 17u, 31u, 32u, 33u, 100u, 1000u, 4097u}) {
    for (int spread : {1, 3, 50, 1 << 20}) {
      std::vector<Entry> v;
      for (std::size_t i = 0; i < n; ++i) v.push_back({static_cast<int>(random() % static_cast<unsigned>(spread)), i});
      auto expected = v;
      std::stable_sort(expected.begin(), expected.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
      quarry::detail::stable_sort(v, [](const Entry& a, const Entry& b) { return a.key < b.key; });
      INFO("n " << n << ", keys below " << spread);
      CHECK(v == expected);
    }
  }
}

TEST_CASE("detail::stable_sort moves: move-only elements, strings", "[algorithm]") {
  std::vector<std::pair<std::string, std::unique_ptr<int>>> v;
  for (int i = 0; i < 40; ++i) v.emplace_back(std::string(30, static_cast<char>('z' - i % 26)), std::make_unique<int>(i));
  quarry::detail::stable_sort(v, [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 1; i < v.size(); ++i) {
    REQUIRE(v[i - 1].first <= v[i].first);
    if (v[i - 1].first == v[i].first) CHECK(*v[i - 1].second < *v[i].second);
  }
}

TEST_CASE("detail::sort_unique keeps each value once, sorted", "[algorithm]") {
  std::mt19937 random(7);
  for (std::size_t n : {0u, 1u, 5u, 16u, 17u, 200u, 3000u}) {
    std::vector<std::int64_t> v;
    for (std::size_t i = 0; i < n; ++i) v.push_back(static_cast<std::int64_t>(random() % 97) - 40);
    auto expected = v;
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    quarry::detail::sort_unique(v);
    CHECK(v == expected);
  }
  std::vector<std::string> names{"b", "a", "c", "a", "b", ""};
  quarry::detail::sort_unique(names);
  CHECK(names == std::vector<std::string>{"", "a", "b", "c"});
}

TEST_CASE("detail::lower_bound, contains, any_of, all_of, none_of, min, max", "[algorithm]") {
  const std::vector<int> v{1, 3, 3, 3, 7, 9};
  auto less = [](int a, int b) { return a < b; };
  for (int x = 0; x <= 10; ++x)
    CHECK(quarry::detail::lower_bound(v.begin(), v.end(), x, less) - v.begin() ==
          std::lower_bound(v.begin(), v.end(), x) - v.begin());
  const std::vector<int> none;
  CHECK(quarry::detail::lower_bound(none.begin(), none.end(), 1, less) == none.end());

  CHECK(quarry::detail::contains(v, 7));
  CHECK_FALSE(quarry::detail::contains(v, 4));
  CHECK_FALSE(quarry::detail::contains(none, 0));
  CHECK(quarry::detail::contains(std::vector<std::string>{"id", "name"}, std::string("name")));

  auto odd = [](int x) { return x % 2 != 0; };
  CHECK(quarry::detail::all_of(v.begin(), v.end(), odd));
  CHECK(quarry::detail::any_of(v.begin(), v.end(), [](int x) { return x > 8; }));
  CHECK(quarry::detail::none_of(v.begin(), v.end(), [](int x) { return x > 9; }));
  CHECK(quarry::detail::all_of(none.begin(), none.end(), odd));  // as std's: true on nothing
  CHECK_FALSE(quarry::detail::any_of(none.begin(), none.end(), odd));

  CHECK(quarry::detail::min(2, 5) == 2);
  CHECK(quarry::detail::max(2, 5) == 5);
  std::pair<int, int> a{1, 1}, b{1, 2};  // equal under <: the first, as std::min and std::max
  CHECK(&quarry::detail::min(a, a) == &a);
  CHECK(quarry::detail::max<std::size_t>(0, 1) == 1);
  CHECK(quarry::detail::min(a, b) == a);
}
