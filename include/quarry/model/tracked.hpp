#pragma once
/// Change tracking: a row together with its values as read (or as last saved), so that saving it
/// writes only the columns that changed, and nothing when nothing did.
///
///   auto user = quarry::track(*db.find_by_pk<User>(1));
///   user->email = "ada@example.com";
///   user.changed();                  // {"email"}
///   user.previous<&User::email>();   // the email as read
///   db.save(user);                   // UPDATE users SET email = ?, updated_at = ? WHERE id = ?

#include <array>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "model.hpp"

namespace quarry {

namespace detail {
/// Which fields of row differ from before, in field order: the one comparison behind changed(),
/// a tracked save's "nothing to write" and the columns its UPDATE sets.
template <class T>
std::array<bool, field_count<T>> differing_fields(const T& row, const T& before) {
  std::array<bool, field_count<T>> out{};
  std::size_t i = 0;
  for_each_field<T>([&](const auto& f) { out[i++] = !same_value(f.get(row), f.get(before)); });
  return out;
}
}  // namespace detail

/// A row of T and its snapshot: the values it had when it was tracked or last saved. The row is
/// reached with `*` and `->`; the snapshot only through changed() and previous().
template <class T>
class Tracked {
  static_assert(detail::is_model<T>, "quarry: Tracked<T> needs a model T: a plain aggregate or a Model<T>");

 public:
  Tracked() = default;
  /// Tracks row as it is now: a row just read, or one to insert.
  explicit Tracked(T row) : row_(std::move(row)), before_(row_) {}

  T& operator*() noexcept { return row_; }
  const T& operator*() const noexcept { return row_; }
  T* operator->() noexcept { return &row_; }
  const T* operator->() const noexcept { return &row_; }
  T& get() noexcept { return row_; }
  const T& get() const noexcept { return row_; }

  /// The members whose value differs from the snapshot, by member name, in field order; empty
  /// when nothing changed (Sequelize's `changed()`).
  std::vector<std::string_view> changed() const {
    std::vector<std::string_view> out;
    auto differs = detail::differing_fields(row_, before_);
    std::size_t i = 0;
    detail::for_each_field<T>([&](const auto& f) {
      if (differs[i++]) out.push_back(f.member_name());
    });
    return out;
  }

  /// Whether member M differs from the snapshot (Sequelize's `changed('email')`).
  template <auto M>
  bool changed() const {
    static_assert(is_member_of_t<M>, "quarry: Tracked<T>::changed<&T::member>() names a member of another type");
    return !detail::same_value(row_.*M, before_.*M);
  }

  /// Member M as it was when tracked or last saved (Sequelize's `previous('email')`).
  template <auto M>
  const auto& previous() const {
    static_assert(is_member_of_t<M>, "quarry: Tracked<T>::previous<&T::member>() names a member of another type");
    return before_.*M;
  }

  /// The row as it was when tracked or last saved.
  const T& snapshot() const noexcept { return before_; }

  /// Takes the row's values as the saved ones: changed() is empty afterwards. save() does this
  /// once the row is written.
  void reset() { before_ = row_; }

 private:
  template <auto M>
  static consteval bool member_of_t() {
    if constexpr (std::is_member_object_pointer_v<decltype(M)>)
      return std::is_same_v<detail::class_of<M>, T>;
    else
      return false;
  }
  template <auto M>
  static constexpr bool is_member_of_t = member_of_t<M>();

  T row_{};
  T before_{};
};

/// Tracks row: `auto user = quarry::track(*db.find_by_pk<User>(1));`.
template <class T>
Tracked<T> track(T row) {
  return Tracked<T>(std::move(row));
}

/// Tracks each of rows.
template <class T>
std::vector<Tracked<T>> track(std::vector<T> rows) {
  std::vector<Tracked<T>> out;
  out.reserve(rows.size());
  for (auto& r : rows) out.emplace_back(std::move(r));
  return out;
}

}  // namespace quarry
