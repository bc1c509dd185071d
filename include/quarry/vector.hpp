#pragma once
/// quarry::detail::Vector<T>: the growable array of the types only quarry sees: the SQL tree
/// (a node's arguments, a select's columns, groups and order, an insert's rows, an update's
/// assignments), statements' slots and values, ModelInfo's key and hidden fields, the pool's
/// idle connections and waiters, the hooks, the statement caches, transaction callbacks and the
/// drivers' buffers. It does what std::vector does for them (the operations quarry uses, the
/// same growth, the same exception guarantees) with a fraction of the templates: std::vector's
/// allocator traits and out-of-line growth, instantiated once per element type, were 5% of
/// clang's instructions for a file that only includes quarry (QUARRY_COMPILED, 2026-12-06;
/// docs/performance.md).
/// What the public API takes or returns (rows, strings, errors' fields, Blob, introspection
/// results, migrations, a rendered query's parameters, the DDL as data of schema::table<T>())
/// stays std::vector. A new internal type uses Vector; a type users see uses std::vector.
///
/// Iterators are pointers, so <algorithm>'s functions and range-for work on it as on std::vector.
/// A Vector may be declared with an incomplete element type (sql::Node holds its arguments in one).

#include <cstddef>
#include <initializer_list>
#include <new>
#include <type_traits>
#include <utility>

#include "config.hpp"

#ifdef QUARRY_BODIES
#include <stdexcept>  // index_out_of_range, too_long
#endif

namespace quarry::detail {

/// What Vector::at throws for an index past the end (out of line: the cold path of every call).
[[noreturn]] QUARRY_FUNC void index_out_of_range();
#ifdef QUARRY_BODIES
[[noreturn]] QUARRY_FUNC void index_out_of_range() { throw std::out_of_range("quarry: index out of range"); }
#endif  // QUARRY_BODIES
/// What a Vector throws when asked for more elements than memory can address.
[[noreturn]] QUARRY_FUNC void too_long();
#ifdef QUARRY_BODIES
[[noreturn]] QUARRY_FUNC void too_long() { throw std::length_error("quarry: a list longer than memory can hold"); }
#endif  // QUARRY_BODIES

/// An iterator, as the range operations of Vector take (not a count and a value): they walk the
/// range twice, to count it and to copy it, so it must be a forward iterator (quarry passes
/// pointers and std::vector's iterators).
template <class It>
concept ForwardIterator = !std::is_integral_v<It> && requires(It i) {
  *i;
  ++i;
  i != i;
};

template <class T>
class Vector {
 public:
  using value_type = T;
  using size_type = std::size_t;
  using difference_type = std::ptrdiff_t;
  using reference = T&;
  using const_reference = const T&;
  using pointer = T*;
  using const_pointer = const T*;
  using iterator = T*;
  using const_iterator = const T*;

  Vector() noexcept = default;
  Vector(std::initializer_list<T> init) { append(init.begin(), init.end()); }
  // (delegating: the destructor then frees the array when an element throws as it is made)
  explicit Vector(size_type n) : Vector() { resize(n); }
  Vector(size_type n, const T& value) : Vector() { resize(n, value); }
  template <ForwardIterator It>
  Vector(It first, It last) {
    append(first, last);
  }
  Vector(const Vector& other) { append(other.begin(), other.end()); }
  Vector(Vector&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)),
        capacity_(std::exchange(other.capacity_, 0)) {}
  ~Vector() {
    destroy(data_, data_ + size_);
    release(data_);
  }

  /// Copies into the storage the Vector has when it is large enough, as std::vector does (and
  /// with its guarantee then: an element that throws as it is copied leaves the others valid).
  Vector& operator=(const Vector& other) {
    if (this != &other) assign(other.begin(), other.end());
    return *this;
  }
  Vector& operator=(Vector&& other) noexcept {
    Vector(std::move(other)).swap(*this);
    return *this;
  }
  Vector& operator=(std::initializer_list<T> init) {
    assign(init.begin(), init.end());
    return *this;
  }
  /// Copies [first, last) into the storage the Vector has when it is large enough, as operator=
  /// does. The range may be a part of this Vector: it then fits, and each element is assigned
  /// from one at or after its own position.
  template <ForwardIterator It>
  void assign(It first, It last) {
    if (count(first, last) > capacity_) {
      Vector(first, last).swap(*this);
      return;
    }
    size_type i = 0;
    for (; i < size_ && first != last; ++i, ++first) data_[i] = *first;
    truncate(i);
    for (; first != last; ++first) emplace_back(*first);
  }
  /// n copies of value, in the storage the Vector has when it is large enough.
  void assign(size_type n, const T& value) {
    const T copy(value);  // value may be an element
    clear();
    resize_with(n, copy);
  }

  void swap(Vector& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  size_type size() const noexcept { return size_; }
  size_type capacity() const noexcept { return capacity_; }
  T* data() noexcept { return data_; }
  const T* data() const noexcept { return data_; }
  T* begin() noexcept { return data_; }
  T* end() noexcept { return data_ + size_; }
  const T* begin() const noexcept { return data_; }
  const T* end() const noexcept { return data_ + size_; }
  const T* cbegin() const noexcept { return data_; }
  const T* cend() const noexcept { return data_ + size_; }
  T& operator[](size_type i) noexcept { return data_[i]; }
  const T& operator[](size_type i) const noexcept { return data_[i]; }
  T& at(size_type i) {
    if (i >= size_) index_out_of_range();
    return data_[i];
  }
  const T& at(size_type i) const {
    if (i >= size_) index_out_of_range();
    return data_[i];
  }
  T& front() noexcept { return data_[0]; }
  const T& front() const noexcept { return data_[0]; }
  T& back() noexcept { return data_[size_ - 1]; }
  const T& back() const noexcept { return data_[size_ - 1]; }

  /// Room for n elements without another allocation; strong guarantee.
  void reserve(size_type n) {
    if (n > capacity_) reallocate(n);
  }

  template <class... A>
  T& emplace_back(A&&... args) {
    if (size_ == capacity_) return grow_emplace(std::forward<A>(args)...);
    T* p = ::new (static_cast<void*>(data_ + size_)) T(std::forward<A>(args)...);
    ++size_;
    return *p;
  }
  void push_back(const T& value) { emplace_back(value); }
  void push_back(T&& value) { emplace_back(std::move(value)); }
  void pop_back() noexcept { data_[--size_].~T(); }

  void clear() noexcept {
    destroy(data_, data_ + size_);
    size_ = 0;
  }
  /// Shrinks, or grows with value-initialized elements or copies of value (strong guarantee).
  void resize(size_type n) { resize_with(n); }
  void resize(size_type n, const T& value) {
    if (n <= capacity_) return resize_with(n, value);
    const T copy(value);  // value may be an element, and the elements are about to move
    resize_with(n, copy);
  }

  /// Appends [first, last) (forward iterators); on an exception the Vector is as it was. The
  /// range may be a part of this Vector.
  template <ForwardIterator It>
  void append(It first, It last) {
    const size_type n = count(first, last);
    if (size_ + n > capacity_) {
      return grow_adding(n, [&](T* at, size_type& built) {
        for (; first != last; ++first, ++built) ::new (static_cast<void*>(at + built)) T(*first);
      });
    }
    const size_type old = size_;
    try {
      for (; first != last; ++first) emplace_back(*first);
    } catch (...) {
      truncate(old);
      throw;
    }
  }

  /// Inserts before pos: appends, then rotates the new elements into place. An exception while
  /// the new elements are copied leaves the Vector as it was; one from an element's move or swap
  /// while they rotate leaves it valid, as std::vector's insert does.
  template <ForwardIterator It>
  T* insert(const T* pos, It first, It last) {
    const size_type at = static_cast<size_type>(pos - data_), old = size_;
    append(first, last);
    rotate_back(at, old);
    return data_ + at;
  }
  T* insert(const T* pos, const T& value) { return insert(pos, &value, &value + 1); }
  T* insert(const T* pos, T&& value) {
    const size_type at = static_cast<size_type>(pos - data_), old = size_;
    emplace_back(std::move(value));
    rotate_back(at, old);
    return data_ + at;
  }

  T* erase(const T* first, const T* last) {
    T* to = data_ + (first - data_);
    if (first == last) return to;
    T* from = data_ + (last - data_);
    T* out = to;
    for (T* i = from; i != end(); ++i, ++out) *out = std::move(*i);
    truncate(static_cast<size_type>(out - data_));
    return to;
  }
  T* erase(const T* pos) { return erase(pos, pos + 1); }

  friend bool operator==(const Vector& a, const Vector& b) {
    if (a.size_ != b.size_) return false;
    for (size_type i = 0; i < a.size_; ++i)
      if (!(a.data_[i] == b.data_[i])) return false;
    return true;
  }

 private:
  template <class It>
  static size_type count(It first, It last) {
    size_type n = 0;
    for (; first != last; ++first) ++n;
    return n;
  }
  static void destroy(T* first, T* last) noexcept {
    if constexpr (!std::is_trivially_destructible_v<T>)
      for (; first != last; ++first) first->~T();
  }
  static T* allocate(size_type n) {
    if (n > static_cast<size_type>(-1) / 2 / sizeof(T)) too_long();
    if constexpr (alignof(T) > __STDCPP_DEFAULT_NEW_ALIGNMENT__)
      return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{alignof(T)}));
    else
      return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  static void release(T* p) noexcept {
    if (!p) return;
    if constexpr (alignof(T) > __STDCPP_DEFAULT_NEW_ALIGNMENT__)
      ::operator delete(p, std::align_val_t{alignof(T)});
    else
      ::operator delete(p);
  }
  /// std::vector's growth: double, or what is needed when that is more.
  size_type grow_to(size_type needed) const noexcept {
    return 2 * capacity_ > needed ? 2 * capacity_ : needed;
  }
  template <class... A>
  void resize_with(size_type n, const A&... value) {
    if (n <= size_) return truncate(n);
    if (n > capacity_) reallocate(grow_to(n));
    const size_type old = size_;
    try {
      while (size_ < n) emplace_back(value...);
    } catch (...) {
      truncate(old);
      throw;
    }
  }
  /// Moves the elements from `from` on to position `at`, the ones between after them.
  void rotate_back(size_type at, size_type from) {
    if (at == from || from == size_) return;  // at the end: nothing to move
    auto reverse = [](T* a, T* b) {
      for (; a < b && a < --b; ++a) std::swap(*a, *b);
    };
    reverse(data_ + at, data_ + from);
    reverse(data_ + from, data_ + size_);
    reverse(data_ + at, data_ + size_);
  }
  void truncate(size_type n) noexcept {
    destroy(data_ + n, data_ + size_);
    size_ = n;
  }
  void reallocate_empty(size_type n) {
    data_ = allocate(n);
    capacity_ = n;
  }
  /// Moves the elements into `to` (copies them when moving may throw and copying is possible,
  /// as std::vector does); on an exception `to` holds nothing, and *this is unchanged unless a
  /// move-only element threw as it moved.
  void relocate(T* to) {
    size_type i = 0;
    try {
      for (; i < size_; ++i) ::new (static_cast<void*>(to + i)) T(std::move_if_noexcept(data_[i]));
    } catch (...) {
      destroy(to, to + i);
      throw;
    }
  }
  void adopt(T* to, size_type n) noexcept {
    destroy(data_, data_ + size_);
    release(data_);
    data_ = to;
    capacity_ = n;
  }
  void reallocate(size_type n) {
    T* to = allocate(n);
    try {
      relocate(to);
    } catch (...) {
      release(to);
      throw;
    }
    adopt(to, n);
  }
  template <class... A>
  T& grow_emplace(A&&... args) {
    grow_adding(1, [&](T* at, size_type& built) {
      ::new (static_cast<void*>(at)) T(std::forward<A>(args)...);
      built = 1;
    });
    return data_[size_ - 1];
  }
  /// Grows to hold n elements more, which add(at, built) makes at the end of the new array
  /// (counting them in built) before the old ones move over: what it copies may be elements of
  /// this Vector. On an exception the Vector is as it was.
  template <class Add>
  void grow_adding(size_type n, Add add) {
    const size_type capacity = grow_to(size_ + n);
    T* to = allocate(capacity);
    size_type built = 0;
    try {
      add(to + size_, built);
      relocate(to);
    } catch (...) {
      destroy(to + size_, to + size_ + built);
      release(to);
      throw;
    }
    adopt(to, capacity);
    size_ += n;
  }

  T* data_ = nullptr;
  size_type size_ = 0;
  size_type capacity_ = 0;
};

/// std::erase_if and std::erase for a Vector: remove the elements that match, keeping the
/// order of the others; the number removed.
template <class T, class Pred>
std::size_t erase_if(Vector<T>& v, Pred pred) {
  T* out = v.begin();
  for (T* i = v.begin(); i != v.end(); ++i) {
    if (pred(*i)) continue;
    if (out != i) *out = std::move(*i);
    ++out;
  }
  const std::size_t removed = static_cast<std::size_t>(v.end() - out);
  v.erase(out, v.end());
  return removed;
}
template <class T, class U>
std::size_t erase(Vector<T>& v, const U& value) {
  return detail::erase_if(v, [&](const T& x) { return x == value; });
}

}  // namespace quarry::detail
