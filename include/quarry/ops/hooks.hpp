#pragma once
/// The hooks stage of the write path and the read path: Hooks<T> runs the hooks Model<T> declares
/// and those registered on the Database (model/hooks.hpp), with the context of the operation.
///
/// A model that declares no hook, on a Database with none registered, gets a Hooks<T> with no
/// context and no registry: each of its calls is then one test of a null pointer, and nothing
/// else (no call through a std::function, no allocation, no lookup).

#include <cstddef>
#include <span>
#include <type_traits>
#include <typeinfo>
#include <utility>  // as_const

#include "../model/hooks.hpp"
#include "model_info.hpp"

namespace quarry::ops {

/// The hooks of model T for one operation: those Model<T> declares, those registered on the
/// Database (global, null when none are), and whether bulk operations run the per-row ones
/// (individual_hooks). ctx is the operation's context: a Session on its connection.
template <class T>
struct Hooks {
  static_assert(!std::is_const_v<T>);
  Session* ctx = nullptr;
  const quarry::detail::GlobalHooks* global = nullptr;
  bool individual = false;

  /// Whether Model<T> declares hooks at all (known at compile time).
  static constexpr bool declared = quarry::detail::declares_hooks<T>;
  template <HookKind K>
  static constexpr bool declares = quarry::detail::declares_hook<T, K>();

  /// Whether any hook may run: Model<T> declares some, or some are registered.
  bool active() const noexcept {
    if constexpr (declared) return true;
    else return global != nullptr;
  }
  /// Whether some hook of kind K runs.
  template <HookKind K>
  bool any() const noexcept {
    if constexpr (declares<K>) return true;
    else return global && global->has(K);
  }
  bool any(HookKind k) const noexcept {
    if (global && global->has(k)) return true;
    if constexpr (declared) return declared_any(k);
    else return false;
  }

  /// Runs the hooks of kind K on one row (const for destroy's).
  template <HookKind K, class R>
  void row(R& r) const {
    if constexpr (declares<K>) quarry::detail::run_declared<T, K>(*ctx, r);
    if (global) [[unlikely]]
      run_global(K, const_cast<T*>(&r), std::is_const_v<R>, 1);
  }
  /// Runs the hooks of kind k on one row, k known at run time only (one of a write's kinds).
  template <class R>
  void row(HookKind k, R& r) const {
    if (k == HookKind::before_destroy) return row<HookKind::before_destroy>(std::as_const(r));
    if (k == HookKind::after_destroy) return row<HookKind::after_destroy>(std::as_const(r));
    if constexpr (!std::is_const_v<R>) {  // a const row is destroy's
      switch (k) {
        case HookKind::before_validate: return row<HookKind::before_validate>(r);
        case HookKind::after_validate: return row<HookKind::after_validate>(r);
        case HookKind::before_create: return row<HookKind::before_create>(r);
        case HookKind::after_create: return row<HookKind::after_create>(r);
        case HookKind::before_update: return row<HookKind::before_update>(r);
        case HookKind::after_update: return row<HookKind::after_update>(r);
        case HookKind::before_save: return row<HookKind::before_save>(r);
        case HookKind::after_save: return row<HookKind::after_save>(r);
        case HookKind::before_upsert: return row<HookKind::before_upsert>(r);
        case HookKind::after_upsert: return row<HookKind::after_upsert>(r);
        default: return;
      }
    }
  }
  /// Runs the hooks of kind K (bulk_create's) on rows.
  template <HookKind K>
  void rows(std::span<T* const> rs) const {
    if constexpr (declares<K>) quarry::detail::run_declared<T, K>(*ctx, rs);
    if (global) [[unlikely]]
      run_global(K, nullptr, false, rs.size());
  }
  /// Runs the hooks of kind K (bulk update's and destroy's), which take no row.
  template <HookKind K>
  void bulk() const {
    if constexpr (declares<K>) quarry::detail::run_declared<T, K>(*ctx);
    if (global) [[unlikely]]
      run_global(K, nullptr, false, 0);
  }

 private:
  static bool declared_any(HookKind k) noexcept {
    using L = std::remove_cvref_t<decltype(Model<T>::hooks)>;
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return ((std::tuple_element_t<I, L>::kind == k) || ...);
    }(std::make_index_sequence<std::tuple_size_v<L>>{});
  }

  [[gnu::noinline]] void run_global(HookKind k, T* r, bool read_only, std::size_t n) const {
    const auto& each = global->of(k);
    if (each.empty()) return;
    HookEvent e(k, model_info<T>().table, typeid(T), r, read_only, n);
    for (const auto& f : each) f(e, *ctx);
  }
};

}  // namespace quarry::ops
