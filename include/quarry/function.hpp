#pragma once
/// quarry::detail::Function<R(A...)>: a copyable callable of one signature, the type of quarry's hooks,
/// logger, connect hook and transaction callbacks. It is what std::function is to them, and
/// any callable converts to it (a lambda, a function pointer, a std::function), but it does not
/// need <functional>, which in libstdc++ brings <unordered_map> and the algorithms into every
/// file that includes quarry.
///
///   quarry::detail::Function<void(const quarry::LogEntry&)> log = [](const auto& e) { ... };
///   if (log) log(entry);
///
/// The callable is kept on the heap, copied with the Function and called through one pointer.
/// An empty Function is false: one made by default, from nullptr, or from a callable that
/// converts to false (a null function pointer, an empty std::function). Calling it throws
/// std::logic_error.

#include <cstddef>
#include <type_traits>
#include <utility>

#include "config.hpp"

#ifdef QUARRY_BODIES
#include <stdexcept>  // empty_function_called
#endif

/// (In quarry::detail: a name declared in namespace quarry is found first, inside a user's
/// Model<T> specialization, over a model of the user's own called Function.)

namespace quarry::detail {

template <class Signature>
class Function;

/// What calling an empty Function throws (out of line: the one cold path of every call).
[[noreturn]] QUARRY_FUNC void empty_function_called();
#ifdef QUARRY_BODIES
[[noreturn]] QUARRY_FUNC void empty_function_called() {
  throw std::logic_error("quarry: an empty hook, logger or callback was called");
}
#endif  // QUARRY_BODIES

template <class R, class... A>
class Function<R(A...)> {
 public:
  Function() noexcept = default;
  Function(std::nullptr_t) noexcept {}  // NOLINT: converts, as std::function's does

  /// (A pointer to member does not convert: unlike std::function, a Function calls its target
  /// as f(args...), without std::invoke; wrap it in a lambda.)
  template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, Function> && !std::is_member_pointer_v<std::decay_t<F>> &&
             std::is_invocable_r_v<R, std::decay_t<F>&, A...> && std::is_copy_constructible_v<std::decay_t<F>>)
  Function(F&& f) {  // NOLINT: converts, as std::function's does
    using Target = std::decay_t<F>;
    // a function pointer, a std::function (a function itself is never null)
    if constexpr (!std::is_function_v<std::remove_reference_t<F>> && std::is_constructible_v<bool, const Target&>)
      if (!static_cast<bool>(f)) return;
    target_ = new Target(std::forward<F>(f));
    ops_ = &ops_of<Target>;
  }

  Function(const Function& other) : target_(other.ops_ ? other.ops_->clone(other.target_) : nullptr), ops_(other.ops_) {}
  Function(Function&& other) noexcept
      : target_(std::exchange(other.target_, nullptr)), ops_(std::exchange(other.ops_, nullptr)) {}
  Function& operator=(const Function& other) {
    if (this != &other) Function(other).swap(*this);
    return *this;
  }
  Function& operator=(Function&& other) noexcept {
    Function(std::move(other)).swap(*this);
    return *this;
  }
  Function& operator=(std::nullptr_t) noexcept {
    Function().swap(*this);
    return *this;
  }
  ~Function() {
    if (ops_) ops_->destroy(target_);
  }

  void swap(Function& other) noexcept {
    std::swap(target_, other.target_);
    std::swap(ops_, other.ops_);
  }

  explicit operator bool() const noexcept { return ops_ != nullptr; }
  friend bool operator==(const Function& f, std::nullptr_t) noexcept { return !f; }

  /// Calls the callable (as std::function does, as a non-const object).
  R operator()(A... args) const {
    if (!ops_) [[unlikely]]
      empty_function_called();
    return ops_->call(target_, std::forward<A>(args)...);
  }

 private:
  struct Ops {
    R (*call)(void* target, A&&... args);
    void* (*clone)(const void* target);
    void (*destroy)(void* target) noexcept;
  };
  // (Named functions, not lambdas, in the table: compilers disagree on how to mangle a lambda in
  // a static data member template's initializer.)
  template <class Target>
  static R call_target(void* t, A&&... args) {
    if constexpr (std::is_void_v<R>) (*static_cast<Target*>(t))(std::forward<A>(args)...);
    else return (*static_cast<Target*>(t))(std::forward<A>(args)...);
  }
  template <class Target>
  static void* clone_target(const void* t) {
    return new Target(*static_cast<const Target*>(t));
  }
  template <class Target>
  static void destroy_target(void* t) noexcept {
    delete static_cast<Target*>(t);
  }
  template <class Target>
  static constexpr Ops ops_of{&call_target<Target>, &clone_target<Target>, &destroy_target<Target>};

  void* target_ = nullptr;
  const Ops* ops_ = nullptr;
};

}  // namespace quarry::detail
