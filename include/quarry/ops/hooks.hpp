#pragma once
/// The hooks stage of the write path and the read path: Hooks<T> runs the hooks Model<T> declares
/// and those registered on the Database (model/hooks.hpp), with the context of the operation.
///
/// A model that declares no hook, on a Database with none registered, gets a Hooks<T> with no
/// context and no registry: each of its calls is then one test of a null pointer, and nothing
/// else (no call through a quarry::detail::Function, no allocation, no lookup).

#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>  // as_const

#include "../config.hpp"
#include "../model/hooks.hpp"
#include "model_info.hpp"

namespace quarry::ops {

namespace detail {
/// Runs the hooks registered on the Database for kind k: one function for every model, compiled
/// once.
QUARRY_FUNC void run_global(const quarry::detail::GlobalHooks& global, HookKind k, std::string_view table,
                            const std::type_info& type, void* row, bool read_only, std::size_t rows, Session& ctx);
#ifdef QUARRY_BODIES
QUARRY_FUNC void run_global(const quarry::detail::GlobalHooks& global, HookKind k, std::string_view table,
                            const std::type_info& type, void* row, bool read_only, std::size_t rows, Session& ctx) {
  const auto& each = global.of(k);
  if (each.empty()) return;
  HookEvent e(k, table, type, row, read_only, rows);
  for (const auto& f : each) f(e, ctx);
}
#endif  // QUARRY_BODIES
}  // namespace detail

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
    if constexpr (declared) return declared_kind(k);
    else return false;
  }

  /// Runs the hooks of kind K on one row (const for destroy's).
  template <HookKind K, class R>
  void row(R& r) const {
    if constexpr (declares<K>) quarry::detail::run_declared<T, K>(*ctx, r);
    if (global) [[unlikely]]
      detail::run_global(*global, K, model_info<T>().table, typeid(T), const_cast<T*>(&r), std::is_const_v<R>, 1, *ctx);
  }
  /// Runs the hooks of kind k on one row, k known at run time only (one of a write's kinds).
  template <class R>
  void row(HookKind k, R& r) const {
    if constexpr (declared) {
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((k == static_cast<HookKind>(I) ? (declared_row<static_cast<HookKind>(I)>(r), 0) : 0), ...);
      }(std::make_index_sequence<quarry::detail::hook_kinds>{});
    }
    if (global) [[unlikely]]
      detail::run_global(*global, k, model_info<T>().table, typeid(T), const_cast<T*>(&r), std::is_const_v<R>, 1, *ctx);
  }
  /// Runs the hooks of kind K (bulk_create's) on rows.
  template <HookKind K>
  void rows(std::span<T* const> rs) const {
    if constexpr (declares<K>) quarry::detail::run_declared<T, K>(*ctx, rs);
    if (global) [[unlikely]]
      detail::run_global(*global, K, model_info<T>().table, typeid(T), nullptr, false, rs.size(), *ctx);
  }
  /// Runs the hooks of kind K (bulk update's and destroy's), which take no row.
  template <HookKind K>
  void bulk() const {
    if constexpr (declares<K>) quarry::detail::run_declared<T, K>(*ctx);
    if (global) [[unlikely]]
      detail::run_global(*global, K, model_info<T>().table, typeid(T), nullptr, false, 0, *ctx);
  }

 private:
  static bool declared_kind(HookKind k) noexcept {
    using L = std::remove_cvref_t<decltype(Model<T>::hooks)>;
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return ((std::tuple_element_t<I, L>::kind == k) || ...);
    }(std::make_index_sequence<std::tuple_size_v<L>>{});
  }

  /// The declared hooks of kind K on r, when they take a row of r's constness (destroy's take
  /// a const row, the others a row they may change).
  template <HookKind K, class R>
  void declared_row(R& r) const {
    constexpr auto shape = quarry::detail::hook_shape(K);
    if constexpr (declares<K> && shape == quarry::detail::HookShape::const_row)
      quarry::detail::run_declared<T, K>(*ctx, std::as_const(r));
    else if constexpr (declares<K> && shape == quarry::detail::HookShape::row && !std::is_const_v<R>)
      quarry::detail::run_declared<T, K>(*ctx, r);
  }
};

}  // namespace quarry::ops
