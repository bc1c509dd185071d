#pragma once
/// The write path, first half: what every write does before it runs, whichever entry point it
/// came from (create, save, update of a row, bulk_create, upsert, find_or_create, destroy of a
/// row, increment/decrement of a row, and the association helpers add, set, remove and
/// create_related). One function prepares rows (prepare): stamp the timestamps, then the hooks
/// around validation. One prepares writes by where (prepare_where): updated_at, and the count of
/// a versioned model's version, in the SET. exec/write.hpp runs what was prepared (exec::write),
/// and checks the version of an update by key.
///
/// A write that fails leaves the caller's rows as they were: prepare returns an Undo that puts
/// back what it stamped unless the write completed (Undo::done).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <utility>  // as_const
#include <vector>

#include "../config.hpp"
#include "../error.hpp"
#include "../model/transforms.hpp"
#include "../vector.hpp"
#include "hooks.hpp"
#include "model_info.hpp"
#include "row.hpp"
#include "statements.hpp"  // shape::next_version

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: error messages
#endif

namespace quarry::ops {

/// What a write does to a row.
enum class Write : std::uint8_t {
  insert,   // create, bulk_create, the insert of save and find_or_create, association rows
  update,   // update(row), the update of save, association helpers that move a foreign key
  upsert,   // upsert
  destroy,  // destroy(row): a soft delete on a model with deleted_at, else a delete
  change,   // increment/decrement of a row: its SET is an expression, the row is read back
  force_destroy,  // destroy(row, force): a delete, also on a model with deleted_at
  restore,  // restore(row): deleted_at back to NULL
};

/// Whether a write of kind w writes none of the row's values (destroy and restore): it runs only
/// its before-hook, and no stamps, defaults or validation.
constexpr bool keyed_only(Write w) { return w == Write::destroy || w == Write::force_destroy || w == Write::restore; }

/// The hooks that run before and after a write of kind w on each row, besides the save hooks
/// (insert and update) and the validate hooks (every kind but destroy, restore and change).
constexpr HookKind before_hook(Write w) {
  switch (w) {
    case Write::insert: return HookKind::before_create;
    case Write::update: return HookKind::before_update;
    case Write::upsert: return HookKind::before_upsert;
    case Write::restore: return HookKind::before_restore;
    default: return HookKind::before_destroy;
  }
}
constexpr HookKind after_hook(Write w) {
  return static_cast<HookKind>(static_cast<std::uint8_t>(before_hook(w)) + 1);
}
/// Whether a write of kind w runs the save hooks too (create and update do, as in Sequelize).
constexpr bool saves(Write w) { return w == Write::insert || w == Write::update; }

namespace detail {
/// The indexes of T's fields that prepare stamps: Timestamp members with role created_at or
/// updated_at.
template <class T>
consteval auto stamped_fields() {
  constexpr std::size_t n = [] {
    std::size_t k = 0;
    quarry::detail::for_each_field<T>([&](const auto& f) {
      using V = typename std::remove_cvref_t<decltype(f)>::value_type;
      k += std::is_same_v<V, Timestamp> && f.options.role != quarry::detail::Role::plain;
    });
    return k;
  }();
  std::array<std::size_t, n> out{};
  std::size_t k = 0;
  quarry::detail::for_each_field_indexed<T>([&](const auto& f, std::size_t i) {
    using V = typename std::remove_cvref_t<decltype(f)>::value_type;
    if (std::is_same_v<V, Timestamp> && f.options.role != quarry::detail::Role::plain) out[k++] = i;
  });
  return out;
}

/// How many fields prepare stamps on a row of T: none on a const row (destroy(row) takes one).
template <class T>
inline constexpr std::size_t stamped_count = std::is_const_v<T> ? 0 : stamped_fields<std::remove_const_t<T>>().size();

/// Calls f(member) for each stamped member of row, with whether a write of kind sets it.
template <class T, class F>
void for_each_stamped(T& row, Write kind, F&& f) {
  quarry::detail::for_each_field<T>([&](const auto& field) {
    if constexpr (std::is_same_v<typename std::remove_cvref_t<decltype(field)>::value_type, Timestamp>) {
      if (field.options.role == quarry::detail::Role::plain) return;
      bool creating = kind == Write::insert || kind == Write::upsert;
      bool sets = field.options.role == quarry::detail::Role::updated_at ||
                  (creating && field.options.role == quarry::detail::Role::created_at);
      f(field.get(row), sets);
    }
  });
}
}  // namespace detail

namespace detail {
/// Which defaults prepare gave each row (fill_defaults), for a model that declares any.
struct NoFills {};
struct Fills {
  std::uint64_t first = 0;
  quarry::detail::Vector<std::uint64_t> rest;
};
}  // namespace detail

/// What prepare changed on the caller's rows, put back when the write does not complete.
/// Models without timestamps or defaults keep nothing; one row keeps its stamps and defaults in
/// place, with no allocation.
template <class T>
class Undo {
 public:
  using Stamps = std::array<Timestamp, detail::stamped_count<T>>;
  static constexpr bool with_fills = detail::default_count<T> > 0;

  Undo() = default;
  Undo(std::span<T* const> rows) : rows_(rows) {  // NOLINT: implicit
    if constexpr (detail::stamped_count<T> > 0) {
      if (rows.size() > 1) rest_.resize(rows.size() - 1);
      for (std::size_t i = 0; i < rows.size(); ++i) {
        auto& s = i == 0 ? first_ : rest_[i - 1];
        std::size_t k = 0;
        detail::for_each_stamped(*rows[i], Write::insert, [&](Timestamp& t, bool) { s[k++] = t; });
      }
    }
  }
  Undo(Undo&& o) noexcept : rows_(o.rows_), first_(o.first_), rest_(std::move(o.rest_)), fills_(std::move(o.fills_)) {
    o.rows_ = {};
  }
  Undo& operator=(Undo&&) = delete;
  ~Undo() {
    if constexpr (detail::stamped_count<T> > 0) {
      for (std::size_t i = 0; i < rows_.size(); ++i) {
        const auto& s = i == 0 ? first_ : rest_[i - 1];
        std::size_t k = 0;
        detail::for_each_stamped(*rows_[i], Write::insert, [&](Timestamp& t, bool) { t = s[k++]; });
      }
    }
    if constexpr (with_fills) {
      for (std::size_t i = 0; i < rows_.size(); ++i) {
        auto filled = i == 0 ? fills_.first : (i - 1 < fills_.rest.size() ? fills_.rest[i - 1] : 0);
        if (filled) unfill_defaults(*rows_[i], filled);
      }
    }
  }
  /// Row i was given the defaults filled (fill_defaults): put back with the rest.
  void filled(std::size_t i, std::uint64_t filled) {
    if constexpr (with_fills) {
      if (i == 0) {
        fills_.first = filled;
        return;
      }
      if (fills_.rest.empty()) fills_.rest.resize(rows_.size() - 1);
      fills_.rest[i - 1] = filled;
    }
  }
  /// The write completed: the rows keep what it gave them.
  void done() noexcept { rows_ = {}; }

 private:
  std::span<T* const> rows_;
  Stamps first_{};
  quarry::detail::Vector<Stamps> rest_;
  [[no_unique_address]] std::conditional_t<with_fills, detail::Fills, detail::NoFills> fills_;
};

/// A caller's value (a row whose foreign key a helper moves, a vector of them) copied, and put
/// back unless the write that changes it completes: for the association helpers, which change
/// more than prepare stamps.
template <class V>
class Restore {
 public:
  explicit Restore(V& value) : value_(&value), saved_(value) {}
  Restore(const Restore&) = delete;
  Restore& operator=(const Restore&) = delete;
  ~Restore() {
    if (value_) *value_ = std::move(saved_);
  }
  void done() noexcept { value_ = nullptr; }

 private:
  V* value_;
  V saved_;
};

namespace detail {
/// The failures of row i, added to out with the row's index before each field ("[3].email").
QUARRY_FUNC void add_row_errors(std::vector<FieldError>& out, std::size_t i, const ValidationError& e);
#ifdef QUARRY_BODIES
QUARRY_FUNC void add_row_errors(std::vector<FieldError>& out, std::size_t i, const ValidationError& e) {
  for (const auto& fe : e.errors()) out.push_back({fmt::format("[{}].{}", i, fe.field), fe.message, fe.column, fe.validator});
}
#endif  // QUARRY_BODIES
}  // namespace detail

/// Validates rows: a ValidationError listing every failure, each with its row's index when indexed.
template <class T>
void validate_rows(std::span<T* const> rows, bool indexed) {
  if (!indexed) {
    for (T* r : rows) validate(*r);
    return;
  }
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    try {
      validate(*rows[i]);
    } catch (const ValidationError& e) {
      detail::add_row_errors(errors, i, e);
    }
  }
  if (!errors.empty()) throw ValidationError(std::move(errors));
}

namespace detail {
/// prepare's validation with the before-hooks around it (out of line: a write without hooks
/// compiles and runs none of it).
template <class T>
[[gnu::noinline]] void validate_hooked(std::span<T* const> rows, Write kind, bool indexed,
                                       const Hooks<std::remove_const_t<T>>& hooks) {
  for (T* r : rows) hooks.template row<HookKind::before_validate>(*r);
  validate_rows(rows, indexed);
  const HookKind before = before_hook(kind);
  bool changes = hooks.any(before) || (saves(kind) && hooks.template any<HookKind::before_save>());
  for (T* r : rows) {
    hooks.template row<HookKind::after_validate>(*r);
    hooks.row(before, *r);
    if (saves(kind)) hooks.template row<HookKind::before_save>(*r);
  }
  if (changes) {  // what the hooks made of the rows is what is written
    if constexpr (quarry::detail::transforms_on<std::remove_const_t<T>, quarry::detail::Way::write>())
      for (T* r : rows) quarry::detail::apply_transforms<quarry::detail::Way::write>(*r);
    validate_rows(rows, indexed);
  }
}
}  // namespace detail

/// Prepares rows for a write of kind: gives an insert's (or upsert's) rows the declared defaults
/// of the members they were not given (fill_defaults), stamps created_at (inserts) and updated_at
/// (every write but destroy and change) with one time, applies the on_write transforms of
/// Model<T>::transforms, then validates every row. Throws ValidationError listing every
/// failing field, with the row's index first ("[2].title") when indexed (bulk_create); the rows
/// are then as they were. The Undo puts them back if what follows fails too.
///
/// With hooks (per row when not indexed, or when hooks.individual): before_validate, the
/// validation, after_validate, then before_create, before_update or before_upsert and
/// before_save; when one of those ran, the rows are validated again, as they will be written.
/// destroy runs before_destroy only, restore before_restore only.
template <class T>
[[nodiscard, gnu::always_inline]] inline Undo<T> prepare(std::span<T* const> rows, Write kind, bool indexed = false,
                                                                const Hooks<std::remove_const_t<T>>& hooks = {}) {
  Undo<T> undo(rows);
  const bool per_row = hooks.active() && (!indexed || hooks.individual);
  if (keyed_only(kind)) {
    if (per_row)
      for (T* r : rows) {
        if (kind == Write::restore) hooks.template row<HookKind::before_restore>(*r);
        else hooks.template row<HookKind::before_destroy>(std::as_const(*r));  // a row to delete is read only
      }
    return undo;
  }
  // a change's SET is an expression of the stored value, its updated_at comes from
  // prepare_where, and the row is read back after it
  if (kind == Write::change) return undo;
  if constexpr (!std::is_const_v<T>) {
    if constexpr (detail::stamped_count<T> > 0 || detail::default_count<T> > 0) {
      auto now = quarry::now();
      if constexpr (detail::default_count<T> > 0)
        if (kind == Write::insert || kind == Write::upsert)
          for (std::size_t i = 0; i < rows.size(); ++i) undo.filled(i, fill_defaults(*rows[i], now));
      for (T* r : rows)
        detail::for_each_stamped(*r, kind, [&](Timestamp& t, bool sets) {
          if (sets) t = now;
        });
    }
    if constexpr (quarry::detail::transforms_on<T, quarry::detail::Way::write>())  // Model<T>'s on_write
      for (T* r : rows) quarry::detail::apply_transforms<quarry::detail::Way::write>(*r);
    if (per_row) [[unlikely]] {
      detail::validate_hooked(rows, kind, indexed, hooks);
      return undo;
    }
    validate_rows(rows, indexed);
  }
  return undo;
}

/// Prepares an UPDATE by where (update<T>(set(...), where(...)), increment of a row or by
/// where, the helpers that unlink rows): updated_at joins its SET unless it sets updated_at
/// itself, and a versioned model's version counts up unless it sets the version itself.
/// (stamp: the value updated_at gets, a placeholder in a shape)
QUARRY_FUNC void prepare_where(const ModelInfo& info, sql::Update& u, sql::Node stamp);
#ifdef QUARRY_BODIES
QUARRY_FUNC void prepare_where(const ModelInfo& info, sql::Update& u, sql::Node stamp) {
  auto sets = [&](std::size_t field) {
    for (const auto& a : u.set)
      if (a.column == info.columns[field]) return true;
    return false;
  };
  if (info.updated_at && !sets(*info.updated_at)) u.set.push_back({info.columns[*info.updated_at], std::move(stamp)});
  if (info.version && !sets(*info.version)) u.set.push_back(shape::next_version(info));
}
#endif  // QUARRY_BODIES
QUARRY_FUNC void prepare_where(const ModelInfo& info, sql::Update& u);
#ifdef QUARRY_BODIES
QUARRY_FUNC void prepare_where(const ModelInfo& info, sql::Update& u) {
  prepare_where(info, u, info.updated_at ? sql::Node::param(quarry::now()) : sql::Node{});
}
#endif  // QUARRY_BODIES

}  // namespace quarry::ops
