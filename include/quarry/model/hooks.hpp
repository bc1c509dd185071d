#pragma once
/// Hooks: functions that run before and after a write, or after a read, of a model's rows
/// (Sequelize's `hooks: { beforeCreate(user) {...} }`). Declared in Model<T>, for one model:
///
///   template <> struct quarry::Model<User> {
///     static constexpr auto hooks = quarry::hooks(
///         quarry::before_save(&hash_password),                      // fn(User&, quarry::Session&) or fn(User&)
///         quarry::after_create([](User& u, quarry::Session& db) {   // db runs in the write's transaction
///           db.create(Audit{.what = "user " + std::to_string(u.id)});
///         }));
///   };
///
/// or registered at run time on a Database, for every model (db.add_hook, session/database.hpp).
/// A hook runs on the connection and in the transaction of the operation that called it; a
/// model that declares none, with no hook registered, pays nothing for them.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <typeinfo>  // HookEvent::row
#include <utility>
#include <vector>

#include "../function.hpp"  // quarry::detail::Function: its hooks and callbacks, without <functional>
#include "../vector.hpp"

namespace quarry {

template <class T> struct Model;
class Session;

/// When a hook runs. restore's hooks are declared for soft delete, which calls them when it
/// brings rows back.
enum class HookKind : std::uint8_t {
  before_validate, after_validate,
  before_create, after_create,
  before_update, after_update,
  before_save, after_save,
  before_destroy, after_destroy,
  before_upsert, after_upsert,
  before_restore, after_restore,
  before_bulk_create, after_bulk_create,
  before_bulk_update, after_bulk_update,
  before_bulk_destroy, after_bulk_destroy,
  after_find,
};
/// What a hook registered on a Database (for every model) is told: which hook, the model's
/// table, the row (row<User>() is null for another model's row, and for a bulk hook), and the
/// number of rows of a bulk_create.
class HookEvent {
 public:
  HookEvent(HookKind kind, std::string_view table, const std::type_info& type, void* row, bool read_only,
            std::size_t rows) noexcept
      : kind(kind), table(table), rows(rows), type_(&type), row_(row), read_only_(read_only) {}

  HookKind kind;
  std::string_view table;
  std::size_t rows;  ///< the rows of a bulk_create; 1 for a row's hook; 0 for bulk update and destroy

  /// The row, when this hook is about one row of T; row<const T>() also for destroy's, whose
  /// row is not to be changed.
  template <class T>
  T* row() const noexcept {
    if (!row_ || *type_ != typeid(std::remove_const_t<T>)) return nullptr;
    if constexpr (!std::is_const_v<T>)
      if (read_only_) return nullptr;
    return static_cast<T*>(row_);
  }
  /// Whether the model is T, for every hook of it, bulk ones too.
  template <class T>
  bool is() const noexcept {
    return *type_ == typeid(T);
  }

 private:
  const std::type_info* type_;
  void* row_;
  bool read_only_;
};

/// A hook for every model: fn(event, db), db running in the operation's transaction.
using GlobalHook = quarry::detail::Function<void(const HookEvent&, Session&)>;

namespace detail {

inline constexpr std::size_t hook_kinds = static_cast<std::size_t>(HookKind::after_find) + 1;

/// One declared hook: when it runs (K) and what it calls.
template <HookKind K, class F>
struct HookOf {
  static constexpr HookKind kind = K;
  F fn;
};
template <class H> struct is_hook : std::false_type {};
template <HookKind K, class F> struct is_hook<HookOf<K, F>> : std::true_type {};

/// What quarry::before_create and the rest are: before_create(fn) declares a hook in Model<T>,
/// and db.add_hook(quarry::before_create, fn) registers one for every model.
template <HookKind K>
struct HookName {
  static constexpr HookKind kind = K;
  template <class F>
  constexpr HookOf<K, F> operator()(F fn) const {
    return {fn};
  }
};

/// The hooks registered on a Database, by kind. Empty unless some are: the write path then
/// reads `any` once per operation.
struct GlobalHooks {
  std::array<quarry::detail::Vector<GlobalHook>, hook_kinds> by_kind;
  bool any = false;
  bool has(HookKind k) const noexcept { return !by_kind[static_cast<std::size_t>(k)].empty(); }
  const quarry::detail::Vector<GlobalHook>& of(HookKind k) const noexcept {
    return by_kind[static_cast<std::size_t>(k)];
  }
};

/// Whether Model<T> declares hooks (static constexpr auto hooks = quarry::hooks(...)).
template <class T>
concept declares_hooks = requires { Model<T>::hooks; };

/// Whether Model<T> declares a hook of kind K.
template <class T, HookKind K>
consteval bool declares_hook() {
  if constexpr (!declares_hooks<T>) {
    return false;
  } else {
    using L = std::remove_cvref_t<decltype(Model<T>::hooks)>;
    return []<std::size_t... I>(std::index_sequence<I...>) {
      return ((std::tuple_element_t<I, L>::kind == K) || ...);
    }(std::make_index_sequence<std::tuple_size_v<L>>{});
  }
}

enum class HookShape : std::uint8_t { row, const_row, rows, none };

/// What a hook of kind K is called with: a row, a row not to be changed (destroy), the rows of a
/// bulk_create, or nothing but the context (bulk update and destroy).
constexpr HookShape hook_shape(HookKind k) {
  switch (k) {
    case HookKind::before_destroy: case HookKind::after_destroy: return HookShape::const_row;
    case HookKind::before_bulk_create: case HookKind::after_bulk_create: return HookShape::rows;
    case HookKind::before_bulk_update: case HookKind::after_bulk_update:
    case HookKind::before_bulk_destroy: case HookKind::after_bulk_destroy: return HookShape::none;
    default: return HookShape::row;
  }
}

template <class T, HookShape S> struct HookArg { using type = T&; };
template <class T> struct HookArg<T, HookShape::const_row> { using type = const T&; };
template <class T> struct HookArg<T, HookShape::rows> { using type = std::span<T* const>; };

/// Whether fn can be a hook of kind K on T: fn(arg, Session&) or fn(arg); fn(Session&) or fn()
/// for bulk update and destroy.
template <class T, HookKind K, class F>
consteval bool hook_callable() {
  constexpr HookShape s = hook_shape(K);
  if constexpr (s == HookShape::none) {
    return std::is_invocable_v<const F&, Session&> || std::is_invocable_v<const F&>;
  } else {
    using A = typename HookArg<T, s>::type;
    return std::is_invocable_v<const F&, A, Session&> || std::is_invocable_v<const F&, A>;
  }
}

template <class T, HookKind K, class F>
consteval bool check_hook() {
  constexpr bool ok = hook_callable<T, K, F>();
  // one message per kind, naming it (a static_assert's text must be a literal)
  if constexpr (K == HookKind::before_validate)
    static_assert(ok,
                  "quarry: a before_validate hook of Model<T>::hooks must be callable as fn(T& row, quarry::Session& db)"
                  " or fn(T& row); change its parameters");
  else if constexpr (K == HookKind::after_validate)
    static_assert(ok,
                  "quarry: an after_validate hook of Model<T>::hooks must be callable as fn(T& row, quarry::Session& db)"
                  " or fn(T& row); change its parameters");
  else if constexpr (K == HookKind::before_create)
    static_assert(ok,
                  "quarry: a before_create hook of Model<T>::hooks must be callable as fn(T& row, quarry::Session& db)"
                  " or fn(T& row); change its parameters");
  else if constexpr (K == HookKind::after_create)
    static_assert(ok,
                  "quarry: an after_create hook of Model<T>::hooks must be callable as fn(T& row, quarry::Session& db)"
                  " or fn(T& row); change its parameters");
  else if constexpr (K == HookKind::before_update)
    static_assert(ok,
                  "quarry: a before_update hook of Model<T>::hooks must be callable as fn(T& row, quarry::Session& db)"
                  " or fn(T& row); change its parameters");
  else if constexpr (K == HookKind::after_update)
    static_assert(ok,
                  "quarry: an after_update hook of Model<T>::hooks must be callable as fn(T& row, quarry::Session& db)"
                  " or fn(T& row); change its parameters");
  else if constexpr (K == HookKind::before_save)
    static_assert(ok,
                  "quarry: a before_save hook of Model<T>::hooks must be callable as fn(T& row, quarry::Session& db)"
                  " or fn(T& row); change its parameters");
  else if constexpr (K == HookKind::after_save)
    static_assert(ok,
                  "quarry: an after_save hook of Model<T>::hooks must be callable as fn(T& row, quarry::Session& db)"
                  " or fn(T& row); change its parameters");
  else if constexpr (K == HookKind::before_destroy)
    static_assert(ok,
                  "quarry: a before_destroy hook of Model<T>::hooks"
                  " must be callable as fn(const T& row, quarry::Session& db)"
                  " or fn(const T& row); change its parameters");
  else if constexpr (K == HookKind::after_destroy)
    static_assert(ok,
                  "quarry: an after_destroy hook of Model<T>::hooks"
                  " must be callable as fn(const T& row, quarry::Session& db)"
                  " or fn(const T& row); change its parameters");
  else if constexpr (K == HookKind::before_upsert)
    static_assert(ok,
                  "quarry: a before_upsert hook of Model<T>::hooks must be callable as fn(T& row, quarry::Session& db)"
                  " or fn(T& row); change its parameters");
  else if constexpr (K == HookKind::after_upsert)
    static_assert(ok,
                  "quarry: an after_upsert hook of Model<T>::hooks must be callable as fn(T& row, quarry::Session& db)"
                  " or fn(T& row); change its parameters");
  else if constexpr (K == HookKind::before_restore)
    static_assert(ok,
                  "quarry: a before_restore hook of Model<T>::hooks must be callable as fn(T& row, quarry::Session& db)"
                  " or fn(T& row); change its parameters");
  else if constexpr (K == HookKind::after_restore)
    static_assert(ok,
                  "quarry: an after_restore hook of Model<T>::hooks must be callable as fn(T& row, quarry::Session& db)"
                  " or fn(T& row); change its parameters");
  else if constexpr (K == HookKind::before_bulk_create)
    static_assert(ok,
                  "quarry: a before_bulk_create hook of Model<T>::hooks"
                  " must be callable as fn(std::span<T* const> rows, quarry::Session& db)"
                  " or fn(std::span<T* const> rows); change its parameters");
  else if constexpr (K == HookKind::after_bulk_create)
    static_assert(ok,
                  "quarry: an after_bulk_create hook of Model<T>::hooks"
                  " must be callable as fn(std::span<T* const> rows, quarry::Session& db)"
                  " or fn(std::span<T* const> rows); change its parameters");
  else if constexpr (K == HookKind::before_bulk_update)
    static_assert(ok,
                  "quarry: a before_bulk_update hook of Model<T>::hooks must be callable as fn(quarry::Session& db)"
                  " or fn(); change its parameters");
  else if constexpr (K == HookKind::after_bulk_update)
    static_assert(ok,
                  "quarry: an after_bulk_update hook of Model<T>::hooks must be callable as fn(quarry::Session& db)"
                  " or fn(); change its parameters");
  else if constexpr (K == HookKind::before_bulk_destroy)
    static_assert(ok,
                  "quarry: a before_bulk_destroy hook of Model<T>::hooks must be callable as fn(quarry::Session& db)"
                  " or fn(); change its parameters");
  else if constexpr (K == HookKind::after_bulk_destroy)
    static_assert(ok,
                  "quarry: an after_bulk_destroy hook of Model<T>::hooks must be callable as fn(quarry::Session& db)"
                  " or fn(); change its parameters");
  else
    static_assert(ok,
                  "quarry: an after_find hook of Model<T>::hooks must be callable as fn(T& row, quarry::Session& db)"
                  " or fn(T& row); change its parameters");
  return ok;
}

/// The hooks Model<T> declares: a std::tuple, empty when it declares none.
template <class T> struct HookList { using type = std::tuple<>; };
template <class T> requires declares_hooks<T> struct HookList<T> {
  using type = std::remove_cvref_t<decltype(Model<T>::hooks)>;
};

template <class T, std::size_t I>
using hook_at = std::tuple_element_t<I, typename HookList<T>::type>;

/// Whether every hook Model<T> declares has a signature that fits its kind (one message for each
/// one that does not); true for a model that declares none. (A variable template over indices:
/// it is one short line in an error's trace.) Every hook is checked, with no short circuit, so
/// that each one that does not fit is reported.
template <class T, class I = std::make_index_sequence<std::tuple_size_v<typename HookList<T>::type>>>
inline constexpr bool hooks_fit = true;
template <class T, std::size_t... I>
inline constexpr bool hooks_fit<T, std::index_sequence<I...>> =
    (0 + ... + int(check_hook<T, hook_at<T, I>::kind, decltype(hook_at<T, I>::fn)>())) == int(sizeof...(I));

/// Calls each hook of kind K that Model<T> declares, in order, with arg (nothing for bulk update
/// and destroy) and the context db.
template <class T, HookKind K, class... A>
void run_declared(Session& db, A&&... arg) {
  if constexpr (declares_hook<T, K>() && hooks_fit<T>) {
    std::apply(
        [&](const auto&... h) {
          auto one = [&](const auto& each) {
            if constexpr (std::remove_cvref_t<decltype(each)>::kind == K) {
              if constexpr (std::is_invocable_v<decltype(each.fn) const&, A..., Session&>) each.fn(arg..., db);
              else each.fn(arg...);
            }
          };
          (one(h), ...);
        },
        Model<T>::hooks);
  }
}

}  // namespace detail

// ---- how users spell them ----

inline constexpr detail::HookName<HookKind::before_validate> before_validate{};
inline constexpr detail::HookName<HookKind::after_validate> after_validate{};
inline constexpr detail::HookName<HookKind::before_create> before_create{};
inline constexpr detail::HookName<HookKind::after_create> after_create{};
inline constexpr detail::HookName<HookKind::before_update> before_update{};
inline constexpr detail::HookName<HookKind::after_update> after_update{};
inline constexpr detail::HookName<HookKind::before_save> before_save{};
inline constexpr detail::HookName<HookKind::after_save> after_save{};
inline constexpr detail::HookName<HookKind::before_destroy> before_destroy{};
inline constexpr detail::HookName<HookKind::after_destroy> after_destroy{};
inline constexpr detail::HookName<HookKind::before_upsert> before_upsert{};
inline constexpr detail::HookName<HookKind::after_upsert> after_upsert{};
inline constexpr detail::HookName<HookKind::before_restore> before_restore{};
inline constexpr detail::HookName<HookKind::after_restore> after_restore{};
inline constexpr detail::HookName<HookKind::before_bulk_create> before_bulk_create{};
inline constexpr detail::HookName<HookKind::after_bulk_create> after_bulk_create{};
inline constexpr detail::HookName<HookKind::before_bulk_update> before_bulk_update{};
inline constexpr detail::HookName<HookKind::after_bulk_update> after_bulk_update{};
inline constexpr detail::HookName<HookKind::before_bulk_destroy> before_bulk_destroy{};
inline constexpr detail::HookName<HookKind::after_bulk_destroy> after_bulk_destroy{};
inline constexpr detail::HookName<HookKind::after_find> after_find{};

/// The list of a model's hooks: Model<T>::hooks. Several hooks of one kind run in the order given.
template <class... H>
constexpr auto hooks(H... h) {
  static_assert((detail::is_hook<H>::value && ...),
                "quarry: hooks(...) takes before_create(fn), after_save(fn) and the like, one per hook");
  return std::tuple<H...>{h...};
}

}  // namespace quarry
