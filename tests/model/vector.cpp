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

/// Counts the live objects, and throws from the copy that `copies_left` runs out at. When its
/// move may throw (NoexceptMove false), a Vector must copy it as it grows, as std::vector does.
inline int live = 0;
inline int copies_left = -1;  // -1: never throw
template <bool NoexceptMove>
struct Fragile {
  int value = 0;
  Fragile(int v = 0) : value(v) { ++live; }  // NOLINT: converts, for brevity
  Fragile(const Fragile& o) : value(o.value) {
    if (copies_left == 0) throw std::runtime_error("copy");
    if (copies_left > 0) --copies_left;
    ++live;
  }
  Fragile(Fragile&& o) noexcept(NoexceptMove) : value(o.value) { ++live; }
  Fragile& operator=(const Fragile&) = default;
  Fragile& operator=(Fragile&&) = default;
  ~Fragile() { --live; }
  bool operator==(const Fragile& o) const { return value == o.value; }
};

/// True when `op`, on a Vector of 1, 2, 3 at full capacity, threw at each of its first `copies`
/// copies and left the Vector as it was, with no object leaked.
template <class F, class Op>
bool fails(int copies, Op op) {
  for (int at = 0; at < copies; ++at) {
    Vector<F> v{1, 2, 3};
    REQUIRE(v.capacity() == 3);
    const int before = live;
    copies_left = at;
    try {
      op(v);
    } catch (const std::runtime_error&) {
      copies_left = -1;
      INFO("copy " << at);
      CHECK(same(v, std::vector<F>{1, 2, 3}));
      CHECK(live == before);
      continue;
    }
    copies_left = -1;
    return false;
  }
  return true;
}

/// Every growing operation, with the number of copies it makes of F (fewer when F's move is
/// noexcept: the elements move to the new array rather than being copied).
template <class F>
void throwing_copies(int relocated) {
  const F four(4);
  const std::vector<F> more{4, 5};
  const Vector<F> longer{4, 5, 6, 7};
  CHECK(fails<F>(1 + relocated, [&](auto& v) { v.push_back(four); }));  // the new element, then the three
  CHECK(fails<F>(2 + relocated, [&](auto& v) { v.append(more.begin(), more.end()); }));
  CHECK(fails<F>(4 + relocated, [&](auto& v) { v.resize(6, four); }));  // value's copy first, three more after
  CHECK(fails<F>(2 + relocated, [&](auto& v) { v.insert(v.begin() + 1, more.begin(), more.end()); }));
  CHECK(fails<F>(1 + relocated, [&](auto& v) { v.insert(v.begin(), four); }));
  CHECK(fails<F>(4, [&](auto& v) { v = longer; }));  // more than its capacity: a new array
  CHECK(fails<F>(relocated, [&](auto& v) { v.reserve(10); }));
  CHECK(!fails<F>(relocated + 1, [&](auto& v) { v.reserve(10); }));  // there is no copy more: it went through
  // a constructor that throws: its elements and its array are freed (LeakSanitizer sees the array)
  const int before = live;
  for (int at = 0; at < 3; ++at) {
    copies_left = at;
    CHECK_THROWS_AS(Vector<F>(3, four), std::runtime_error);
    copies_left = at < 2 ? at : -1;
    if (at < 2) CHECK_THROWS_AS(Vector<F>(more.begin(), more.end()), std::runtime_error);
    copies_left = -1;
    CHECK(live == before);
  }
}

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
      switch (pick(13)) {
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
        case 11: {  // from another container, shorter or longer than this one
          std::vector<std::string> other(pick(10), x);
          for (auto& e : other) e += std::to_string(pick(10));
          v.assign(other.begin(), other.end());
          s.assign(other.begin(), other.end());
          break;
        }
        default: v.reserve(pick(40)); break;
      }
      REQUIRE(same(v, s));
    }
  }
}

TEST_CASE("detail::Vector: an element of itself as the value to add, when it has to grow", "[vector]") {
  // long strings, on the heap: a use after the element moved or was destroyed shows under ASan
  const std::string a = "first, long enough not to fit in a short string";
  const std::string b = "second, long enough not to fit in a short string";
  Vector<std::string> v{a, b};
  REQUIRE(v.size() == v.capacity());
  v.push_back(v[0]);
  CHECK(same(v, std::vector<std::string>{a, b, a}));
  v.emplace_back(v[1]);
  REQUIRE(v.size() == v.capacity());
  v.emplace_back(v[1]);
  CHECK(same(v, std::vector<std::string>{a, b, a, b, b}));
  v.resize(v.capacity() + 1, v[0]);
  CHECK(v.back() == a);
  v.insert(v.begin(), v[1]);
  CHECK(v[0] == b);
  CHECK(v[1] == a);
  v.assign(3, v[2]);  // v[2] is destroyed as the Vector is cleared
  CHECK(same(v, std::vector<std::string>{b, b, b}));
  v.append(v.begin(), v.begin() + 2);
  CHECK(v.size() == 5);
  v.assign(v.begin() + 1, v.begin() + 3);
  CHECK(same(v, std::vector<std::string>{b, b}));
}

TEST_CASE("detail::Vector's assignments: into its own storage, from itself, from a list", "[vector]") {
  const std::string a = "first, long enough not to fit in a short string";
  Vector<std::string> v{a, a, a, a};
  const std::string* storage = v.data();
  const Vector<std::string> two{"x", "y"};
  v = two;  // fits: the same array, the two extra elements destroyed
  CHECK(v.data() == storage);
  CHECK(same(v, std::vector<std::string>{"x", "y"}));
  const Vector<std::string> three{"p", "q", a};
  v = three;  // still fits: two assigned, one copied in
  CHECK(v.data() == storage);
  CHECK(same(v, std::vector<std::string>{"p", "q", a}));
  const std::vector<std::string> list{a, "r"};
  v.assign(list.begin(), list.end());  // assign(first, last) reuses the array as operator= does
  CHECK(v.data() == storage);
  CHECK(same(v, list));
  v = three;
  const auto& self = v;
  v = self;
  CHECK(same(v, std::vector<std::string>{"p", "q", a}));
  v = {"one"};
  CHECK(same(v, std::vector<std::string>{"one"}));
  v = Vector<std::string>{};
  CHECK(v.empty());
}

TEST_CASE("detail::Vector: a copy that throws leaves the Vector as it was, and nothing leaks", "[vector]") {
  live = 0;
  throwing_copies<Fragile<false>>(3);  // relocating copies the three elements
  CHECK(live == 0);
  throwing_copies<Fragile<true>>(0);  // relocating moves them
  CHECK(live == 0);
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
  for (int i = 0; i < 40; ++i) wide.push_back({i});  // grows, each array aligned
  for (const auto& w : wide) CHECK(reinterpret_cast<std::uintptr_t>(&w) % 64 == 0);
  CHECK(wide.back().value == 39);

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
