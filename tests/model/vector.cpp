#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <quarry/vector.hpp>

// quarry::detail::Vector (the growable array of quarry's internal types) against std::vector on
// the same operations, then what std::vector guarantees and a hand-written one easily gets
// wrong: exceptions, elements that alias the Vector itself, move-only and incomplete types.

using quarry::detail::Vector;

namespace {

template <class T>
bool same(const Vector<T>& v, const std::vector<T>& s) {
  if (v.size() != s.size() || v.empty() != s.empty() || v.capacity() < v.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!(v[i] == s[i])) return false;
  return true;
}

/// Counts the live objects, and throws from the copy that `copies_left` runs out at. Its move
/// may throw too (it is not noexcept), so a Vector must copy it when it grows, as std::vector does.
struct Fragile {
  static inline int live = 0;
  static inline int copies_left = -1;  // -1: never throw
  int value = 0;
  Fragile(int v = 0) : value(v) { ++live; }  // NOLINT: converts, for brevity
  Fragile(const Fragile& o) : value(o.value) {
    if (copies_left == 0) throw std::runtime_error("copy");
    if (copies_left > 0) --copies_left;
    ++live;
  }
  Fragile(Fragile&& o) : value(o.value) { ++live; }  // NOLINT: may throw, on purpose
  Fragile& operator=(const Fragile&) = default;
  Fragile& operator=(Fragile&&) = default;
  ~Fragile() { --live; }
  bool operator==(const Fragile& o) const { return value == o.value; }
};

struct Tree {  // an element type that is incomplete where its Vector is declared
  int value = 0;
  Vector<Tree> children;
};

struct alignas(64) Wide {
  int value = 0;
};

}  // namespace

TEST_CASE("detail::Vector does what std::vector does over random operations", "[vector]") {
  std::mt19937 random(20261206);
  auto pick = [&](std::size_t n) { return n ? static_cast<std::size_t>(random() % n) : 0; };
  for (int round = 0; round < 200; ++round) {
    Vector<std::string> v;
    std::vector<std::string> s;
    for (int step = 0; step < 60; ++step) {
      const std::string x = "item " + std::to_string(random() % 1000) + std::string(pick(30), 'x');
      switch (pick(12)) {
        case 0: v.push_back(x); s.push_back(x); break;
        case 1: v.emplace_back(3, 'e'); s.emplace_back(3, 'e'); break;
        case 2:
          if (!s.empty()) { v.pop_back(); s.pop_back(); }
          break;
        case 3: {
          const std::size_t at = pick(s.size() + 1);
          v.insert(v.begin() + at, x);
          s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), x);
          break;
        }
        case 4: {
          const std::size_t at = pick(s.size() + 1), n = pick(4);
          std::vector<std::string> more(n, x);
          v.insert(v.begin() + at, more.begin(), more.end());
          s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), more.begin(), more.end());
          break;
        }
        case 5: {
          const std::size_t from = pick(s.size() + 1), to = from + pick(s.size() - from + 1);
          v.erase(v.begin() + from, v.begin() + to);
          s.erase(s.begin() + static_cast<std::ptrdiff_t>(from), s.begin() + static_cast<std::ptrdiff_t>(to));
          break;
        }
        case 6: {
          const std::size_t n = pick(12);
          v.resize(n);
          s.resize(n);
          break;
        }
        case 7: v.resize(pick(12), x); s.resize(v.size(), x); break;
        case 8: {  // appends a part of itself
          const std::size_t from = pick(s.size() + 1), to = from + pick(s.size() - from + 1);
          v.append(v.begin() + from, v.begin() + to);
          std::vector<std::string> part(s.begin() + static_cast<std::ptrdiff_t>(from),
                                        s.begin() + static_cast<std::ptrdiff_t>(to));
          s.insert(s.end(), part.begin(), part.end());
          break;
        }
        case 9: {
          Vector<std::string> copy = v;
          v = std::move(copy);
          break;
        }
        case 10: {
          const std::size_t at = pick(s.size() + 1);
          v.insert(v.begin() + at, std::string(x));  // moved in
          s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), x);
          break;
        }
        default: v.reserve(pick(40)); break;
      }
      REQUIRE(same(v, s));
    }
  }
}

TEST_CASE("detail::Vector: an element of itself as the value to add, when it has to grow", "[vector]") {
  Vector<std::string> v{"first, long enough not to fit in a short string", "b"};
  v.reserve(2);
  REQUIRE(v.size() == v.capacity());
  v.push_back(v[0]);
  CHECK(v[2] == v[0]);
  v.emplace_back(v[1]);
  CHECK(v.back() == "b");
  v.resize(v.capacity() + 1, v[0]);
  CHECK(v.back() == v[0]);
  v.assign(3, v[1]);
  CHECK(same(v, std::vector<std::string>{"b", "b", "b"}));
  v.append(v.begin(), v.end());
  CHECK(v.size() == 6);
}

TEST_CASE("detail::Vector: a copy that throws leaves the Vector as it was, and nothing leaks", "[vector]") {
  Fragile::live = 0;
  {
    const Fragile four(4);
    const std::vector<Fragile> more{4, 5};
    // true when the operation, on a Vector of 1, 2, 3 at full capacity, threw at each of its
    // first `copies` copies and left the Vector as it was
    auto fails = [&](int copies, auto&& op) {
      for (int at = 0; at < copies; ++at) {
        Vector<Fragile> v{1, 2, 3};
        REQUIRE(v.capacity() == 3);
        const int before = Fragile::live;
        Fragile::copies_left = at;
        try {
          op(v);
        } catch (const std::runtime_error&) {
          Fragile::copies_left = -1;
          INFO("copy " << at);
          CHECK(same(v, std::vector<Fragile>{1, 2, 3}));
          CHECK(Fragile::live == before);
          continue;
        }
        Fragile::copies_left = -1;
        return false;
      }
      return true;
    };
    CHECK(fails(4, [&](auto& v) { v.push_back(four); }));  // grows: the new element, then the three copied
    CHECK(fails(5, [&](auto& v) { v.append(more.begin(), more.end()); }));
    CHECK(fails(7, [&](auto& v) { v.resize(6, four); }));
    CHECK(fails(5, [&](auto& v) { v.insert(v.begin() + 1, more.begin(), more.end()); }));
    const Vector<Fragile> longer{4, 5, 6, 7};
    CHECK(fails(4, [&](auto& v) { v = longer; }));  // more than its capacity: a new array
    CHECK(fails(3, [&](auto& v) { v.reserve(10); }));
    CHECK(!fails(4, [&](auto& v) { v.reserve(10); }));  // a fourth copy is never made: it went through
  }
  CHECK(Fragile::live == 0);
}

TEST_CASE("detail::Vector holds move-only and incomplete types, and aligns wide ones", "[vector]") {
  Vector<std::unique_ptr<int>> owned;
  for (int i = 0; i < 20; ++i) owned.emplace_back(std::make_unique<int>(i));
  CHECK(quarry::detail::erase_if(owned, [](const auto& p) { return *p % 2 == 1; }) == 10);
  REQUIRE(owned.size() == 10);
  CHECK(*owned[9] == 18);
  Vector<std::unique_ptr<int>> moved = std::move(owned);
  CHECK(owned.empty());  // NOLINT: a moved-from Vector is empty
  CHECK(moved.size() == 10);

  Tree root{1, {{2, {}}, {3, {{4, {}}}}}};
  Tree copy = root;
  CHECK(copy.children[1].children[0].value == 4);

  Vector<Wide> wide(9);
  for (const auto& w : wide) CHECK(reinterpret_cast<std::uintptr_t>(&w) % 64 == 0);

  Vector<int> ints{1, 2, 3, 2};
  CHECK(quarry::detail::erase(ints, 2) == 2);
  CHECK(ints == Vector<int>{1, 3});
  CHECK(ints.at(1) == 3);
  CHECK_THROWS_AS(ints.at(2), std::out_of_range);
  Vector<std::size_t> sized(3, 7);  // a count and a value, not a range
  CHECK(sized == Vector<std::size_t>{7, 7, 7});
  sized.assign(2, 1);
  CHECK(sized == Vector<std::size_t>{1, 1});
}
