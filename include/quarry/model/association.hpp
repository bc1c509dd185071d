#pragma once
/// Associations between models, declared in Model<T>::associations:
///
///   quarry::has_many<&Author::books, &Book::author_id>()           // vector<Book> by books.author_id
///   quarry::has_one<&User::profile, &Profile::user_id>()           // optional<Profile> or One<Profile>
///   quarry::belongs_to<&Post::author, &Post::author_id>()          // optional<User> or One<User>, by posts.author_id
///   quarry::belongs_to_many<&Student::courses, &Enrollment::student_id, &Enrollment::course_id>()
///
/// Two associations to the same model (a post's author and its editor) are told apart by their
/// members. Options: on_delete/on_update actions, and the key on the other side
/// (has_many<&A::books, &Book::author_code, &A::code>() when it is not the primary key).

#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>  // exchange, swap
#include <vector>

#include "model.hpp"

namespace quarry {

enum class AssociationKind : std::uint8_t { has_one, has_many, belongs_to, belongs_to_many };

/// An element of a belongs_to_many member that also carries the join row (an enrollment's grade).
template <class Target, class Through>
struct Linked {
  Target target{};
  Through through{};
};

/// A has_one or belongs_to member that can be declared while T is incomplete: an associated row
/// or none, like std::optional<T>, but held on the heap. With it a model can refer to itself (an
/// employee's manager) and two models can each hold the other (a user's profile, a profile's
/// user), which std::optional cannot, since it needs T complete where the member is declared.
/// It copies its row when copied; it compares equal when both hold no row or equal rows.
///
///   struct Employee { std::int64_t id{}; std::optional<std::int64_t> manager_id; quarry::One<Employee> manager; };
template <class T>
class One {
 public:
  One() noexcept = default;
  One(std::nullopt_t) noexcept {}  // NOLINT: implicit, as std::optional's
  One(const T& row) : row_(new T(row)) {}  // NOLINT: implicit, as std::optional's
  One(T&& row) : row_(new T(std::move(row))) {}  // NOLINT
  One(const One& other) : row_(other.row_ ? new T(*other.row_) : nullptr) {}
  One(One&& other) noexcept : row_(std::exchange(other.row_, nullptr)) {}
  One& operator=(const One& other) {
    if (this != &other) *this = other.row_ ? One(*other.row_) : One();
    return *this;
  }
  One& operator=(One&& other) noexcept {
    std::swap(row_, other.row_);
    other.reset();
    return *this;
  }
  One& operator=(std::nullopt_t) noexcept {
    reset();
    return *this;
  }
  One& operator=(const T& row) {
    if (row_) *row_ = row;
    else row_ = new T(row);
    return *this;
  }
  One& operator=(T&& row) {
    if (row_) *row_ = std::move(row);
    else row_ = new T(std::move(row));
    return *this;
  }
  ~One() { delete row_; }

  bool has_value() const noexcept { return row_ != nullptr; }
  explicit operator bool() const noexcept { return row_ != nullptr; }
  T& operator*() & noexcept { return *row_; }
  const T& operator*() const& noexcept { return *row_; }
  T* operator->() noexcept { return row_; }
  const T* operator->() const noexcept { return row_; }
  /// The row; std::bad_optional_access when there is none.
  T& value() & {
    if (!row_) throw std::bad_optional_access();
    return *row_;
  }
  const T& value() const& {
    if (!row_) throw std::bad_optional_access();
    return *row_;
  }
  template <class... A>
  T& emplace(A&&... args) {
    reset();
    row_ = new T{std::forward<A>(args)...};
    return *row_;
  }
  void reset() noexcept {
    delete row_;
    row_ = nullptr;
  }

  friend bool operator==(const One& a, const One& b)
    requires requires(const T& x) { x == x; }
  {
    return a.row_ == b.row_ || (a.row_ && b.row_ && *a.row_ == *b.row_);
  }
  friend bool operator==(const One& a, std::nullopt_t) noexcept { return !a.row_; }

 private:
  T* row_ = nullptr;
};

namespace detail {
template <class T> struct vector_element { using type = void; };
template <class T> struct vector_element<std::vector<T>> { using type = T; };
template <class T> struct optional_element { using type = void; };
template <class T> struct optional_element<std::optional<T>> { using type = T; };
template <class T> struct optional_element<One<T>> { using type = T; };
template <class T> struct linked_parts { using target = T; using through = void; };
template <class T, class U> struct linked_parts<Linked<T, U>> { using target = T; using through = U; };

/// The member pointer of T's single primary key.
template <class T>
consteval auto single_primary_key() {
  constexpr std::size_t index = [] {
    std::size_t found = 0, i = 0, count = 0;
    for_each_field<T>([&](const auto& f) {
      if (f.options.primary_key) found = i, ++count;
      ++i;
    });
    return count == 1 ? found : field_count<T>;
  }();
  static_assert(index < field_count<T>,
                "quarry: this association needs a single-column primary key on the other model; name the key "
                "explicitly as the association's last template argument");
  if constexpr (index >= field_count<T>) {
    return nullptr;
  } else {
    using F = std::remove_cvref_t<decltype(quarry::detail::get<index>(model_fields<T>))>;
    if constexpr (requires { F::member; }) return F::member;
    else return &T::id;  // a key found by the conventions is always the member called id
  }
}

template <auto Key, class T>
consteval auto key_or_primary() {
  if constexpr (std::is_null_pointer_v<decltype(Key)>) return single_primary_key<T>();
  else return Key;
}

template <auto A, auto B>
inline constexpr bool same_key_type = std::is_member_object_pointer_v<decltype(A)> &&
                                      std::is_member_object_pointer_v<decltype(B)> &&
    std::is_same_v<unwrap_optional_t<member_type<A>>, unwrap_optional_t<member_type<B>>>;

/// One association. Owner is the model that declares it; Target the model its member holds.
/// has_one/has_many: ForeignKey is on Target, Key on Owner. belongs_to: ForeignKey is on
/// Owner, Key on Target. belongs_to_many: ForeignKey and Other are the join model's keys to
/// Owner and Target.
/// One value of an association's scope: its rows (or, where the member is the declaring model's,
/// its owners) have member M equal to value, and linking a row sets it (scope_value below).
template <auto M, class V>
struct ScopeValue {
  static constexpr auto member = M;
  V value;
};
template <class T> inline constexpr bool is_scope_value = false;
template <auto M, class V> inline constexpr bool is_scope_value<ScopeValue<M, V>> = true;
/// No foreign key in the DDL for this association (Sequelize's constraints: false).
struct NoConstraint {};

template <AssociationKind Kind, auto Member, auto ForeignKey, auto Other, auto KeyArg, class Scope = std::tuple<>>
struct Association {
  static constexpr AssociationKind kind = Kind;
  static constexpr auto member = Member;
  using owner = detail::class_of<Member>;
  using member_value = detail::member_type<Member>;
  using element = std::conditional_t<Kind == AssociationKind::has_many || Kind == AssociationKind::belongs_to_many,
                                     typename detail::vector_element<member_value>::type,
                                     typename detail::optional_element<member_value>::type>;
  using target = typename detail::linked_parts<element>::target;
  using linked_through = typename detail::linked_parts<element>::through;
  static constexpr auto foreign_key = ForeignKey;
  static constexpr auto other_key = Other;
  static constexpr auto key_arg = KeyArg;

  Action on_delete = Action::none;
  Action on_update = Action::none;
  Deferrable deferrable = Deferrable::no;
  bool constraint = true;  // a foreign key in the DDL
  Scope scope{};           // ScopeValue...: the association's scope
};

template <class A>
consteval bool check_association() {
  using Owner = typename A::owner;
  using Target = typename A::target;
  constexpr auto K = A::kind;
  if constexpr (std::is_void_v<typename A::element>) {
    static_assert(always_false<A>, "quarry: has_many and belongs_to_many need a std::vector<T> member, has_one and "
                                   "belongs_to a std::optional<T> or quarry::One<T> member");
    return false;
  } else if constexpr (!is_model<Target>) {
    static_assert(always_false<A>, "quarry: the associated type has no quarry::Model<T>; declare its Model");
    return false;
  } else if constexpr (K == AssociationKind::has_one || K == AssociationKind::has_many) {
    static_assert(std::is_same_v<class_of<A::foreign_key>, Target>,
                  "quarry: has_one/has_many take a foreign key member of the associated model, as in "
                  "has_many<&Author::books, &Book::author_id>()");
    return std::is_same_v<class_of<A::foreign_key>, Target>;
  } else if constexpr (K == AssociationKind::belongs_to) {
    static_assert(std::is_same_v<class_of<A::foreign_key>, Owner>,
                  "quarry: belongs_to takes a foreign key member of the declaring model, as in "
                  "belongs_to<&Book::author, &Book::author_id>()");
    return std::is_same_v<class_of<A::foreign_key>, Owner>;
  } else {
    static_assert(std::is_same_v<class_of<A::foreign_key>, class_of<A::other_key>>,
                  "quarry: belongs_to_many takes two members of the same join model, as in "
                  "belongs_to_many<&Student::courses, &Enrollment::student_id, &Enrollment::course_id>()");
    constexpr bool linked_ok = std::is_void_v<typename A::linked_through> ||
                               std::is_same_v<typename A::linked_through, class_of<A::foreign_key>>;
    static_assert(linked_ok, "quarry: a Linked<Target, Through> member must name the join model as Through");
    return linked_ok && std::is_same_v<class_of<A::foreign_key>, class_of<A::other_key>>;
  }
}

template <class A, auto ForeignKey, auto Key>
consteval bool check_keys() {
  if constexpr (!is_field_v<ForeignKey>) {
    static_assert(is_field_v<ForeignKey>,
                  "quarry: the association's foreign key is not a field of its model; add it to that Model's fields");
    return false;
  } else if constexpr (!is_field_v<Key>) {
    static_assert(is_field_v<Key>, "quarry: the association's key is not a field of its model; add it to the fields");
    return false;
  } else {
    static_assert(same_key_type<ForeignKey, Key>,
                  "quarry: the foreign key and the key it points at must have the same type; change one of them");
    return same_key_type<ForeignKey, Key>;
  }
}
}  // namespace detail

namespace detail {
template <class X>
constexpr auto scope_part(const X& x) {
  if constexpr (is_scope_value<X>) return std::tuple<X>{x};
  else return std::tuple<>{};
}
}  // namespace detail

template <AssociationKind Kind, auto Member, auto ForeignKey, auto Other, auto KeyArg, class... A>
constexpr auto make_association(A... actions) {
  using Scope = decltype(std::tuple_cat(detail::scope_part(actions)...));
  using Assoc = detail::Association<Kind, Member, ForeignKey, Other, KeyArg, Scope>;
  Assoc a{};
  a.scope = std::tuple_cat(detail::scope_part(actions)...);
  [[maybe_unused]] auto one = [&a](auto x) {
    using X = decltype(x);
    if constexpr (std::is_same_v<X, detail::OnDelete>) a.on_delete = x.action;
    else if constexpr (std::is_same_v<X, detail::OnUpdate>) a.on_update = x.action;
    else if constexpr (std::is_same_v<X, detail::DeferrableOption>) a.deferrable = x.mode;
    else if constexpr (std::is_same_v<X, detail::NoConstraint>) a.constraint = false;
    else if constexpr (detail::is_scope_value<X>) {
      using Owner = typename Assoc::owner;
      using Target = typename Assoc::target;
      using On = detail::class_of<X::member>;
      constexpr bool side = std::is_same_v<On, Target> || (std::is_same_v<On, Owner> && Kind != AssociationKind::belongs_to_many);
      static_assert(side, "quarry: scope_value<&T::member>(v) of an association names a member of the associated "
                          "model (its rows), or of the declaring model (which of its rows have one; not on "
                          "belongs_to_many)");
    } else {
      static_assert(detail::always_false<X>, "quarry: an association takes on_delete::X, on_update::X, deferrable::X, "
                                             "scope_value<&T::member>(v) and no_constraint");
    }
  };
  (one(actions), ...);
  return a;
}

/// A value that the rows of an association have, as Sequelize's association scope: has_many<
/// &Post::comments, &Comment::commentable_id>(scope_value<&Comment::commentable>("post")) reads,
/// counts and links only the comments whose commentable is "post", and sets it on the comments it
/// links or creates. A member of the declaring model says which of its rows have the association
/// (a comment's post only where its commentable is "post"). With no_constraint, the polymorphic
/// associations of docs/associations.md.
template <auto M, class V>
constexpr detail::ScopeValue<M, V> scope_value(V value) {
  static_assert(std::is_member_object_pointer_v<decltype(M)> &&
                    std::is_assignable_v<detail::member_type<M>&, const V&>,
                "quarry: scope_value<&T::member>(v) takes a member of a model and a value it can hold");
  return {value};
}
/// No foreign key in the DDL for this association: a column that points at several tables by a
/// type column beside it (a polymorphic association) can have none.
inline constexpr detail::NoConstraint no_constraint{};

template <auto Member, auto ForeignKey, auto Key = nullptr, class... A>
constexpr auto has_many(A... a) { return make_association<AssociationKind::has_many, Member, ForeignKey, nullptr, Key>(a...); }
template <auto Member, auto ForeignKey, auto Key = nullptr, class... A>
constexpr auto has_one(A... a) { return make_association<AssociationKind::has_one, Member, ForeignKey, nullptr, Key>(a...); }
template <auto Member, auto ForeignKey, auto Key = nullptr, class... A>
constexpr auto belongs_to(A... a) { return make_association<AssociationKind::belongs_to, Member, ForeignKey, nullptr, Key>(a...); }
template <auto Member, auto ThroughOwnerKey, auto ThroughTargetKey, class... A>
constexpr auto belongs_to_many(A... a) {
  return make_association<AssociationKind::belongs_to_many, Member, ThroughOwnerKey, ThroughTargetKey, nullptr>(a...);
}

/// The list of a model's associations.
template <class... A>
constexpr auto associations(A... a) { return std::tuple{a...}; }

namespace detail {
template <class T>
constexpr auto model_associations() {
  if constexpr (requires { Model<T>::associations; }) return Model<T>::associations;
  else return std::tuple<>{};
}

/// The index of Member's association among its model's associations; their count when Member
/// has none.
template <auto Member>
consteval std::size_t association_index() {
  constexpr auto all = model_associations<class_of<Member>>();
  std::size_t found = std::tuple_size_v<decltype(all)>, i = 0;
  std::apply([&](const auto&... a) {
    [[maybe_unused]] auto one = [&](const auto& x) {  // unused for a model with no associations
      using X = std::remove_cvref_t<decltype(x)>;
      if constexpr (std::is_same_v<std::remove_cv_t<decltype(X::member)>, decltype(Member)>)
        if (X::member == Member && found == std::tuple_size_v<decltype(all)>) found = i;
      ++i;
    };
    (one(a), ...);
  }, all);
  return found;
}

/// Whether Member is a member of T that Model<T>::associations declares.
template <class T, auto Member>
consteval bool is_association_of() {
  if constexpr (!std::is_member_object_pointer_v<decltype(Member)>) return false;
  else if constexpr (!std::is_same_v<class_of<Member>, T>) return false;
  else return association_index<Member>() < std::tuple_size_v<decltype(model_associations<T>())>;
}

/// The association of Member in its model's associations (a compile error when there is none).
template <auto Member>
constexpr auto association_of() {
  using T = class_of<Member>;
  constexpr auto all = model_associations<T>();
  constexpr std::size_t index = association_index<Member>();
  static_assert(index < std::tuple_size_v<decltype(all)>,
                "quarry: this member is not an association of its Model<T>; add it to Model<T>::associations");
  if constexpr (index < std::tuple_size_v<decltype(all)>) return std::get<index>(all);
  else return Association<AssociationKind::has_many, Member, nullptr, nullptr, nullptr>{};
}

/// The resolved keys of association A: where each side's key lives.
template <class A>
struct AssociationKeys {
  static constexpr bool valid = check_association<A>();
  using Owner = typename A::owner;
  using Target = typename A::target;
  // has_one/has_many: owner_key on Owner, target_key (the foreign key) on Target.
  // belongs_to: owner_key (the foreign key) on Owner, target_key on Target.
  // belongs_to_many: owner_key/target_key are the keys of Owner/Target; the join model's
  // through_owner/through_target point at them.
  static constexpr auto owner_key = [] {
    if constexpr (!valid) return nullptr;
    else if constexpr (A::kind == AssociationKind::belongs_to) return A::foreign_key;
    else if constexpr (A::kind == AssociationKind::belongs_to_many) return single_primary_key<Owner>();
    else return key_or_primary<A::key_arg, Owner>();
  }();
  static constexpr auto target_key = [] {
    if constexpr (!valid) return nullptr;
    else if constexpr (A::kind == AssociationKind::has_one || A::kind == AssociationKind::has_many) return A::foreign_key;
    else if constexpr (A::kind == AssociationKind::belongs_to_many) return single_primary_key<Target>();
    else return key_or_primary<A::key_arg, Target>();
  }();
  static constexpr bool keys_valid = [] {
    if constexpr (!valid) return false;
    else if constexpr (A::kind == AssociationKind::belongs_to_many)
      return check_keys<A, A::foreign_key, owner_key>() && check_keys<A, A::other_key, target_key>();
    else if constexpr (A::kind == AssociationKind::belongs_to) return check_keys<A, owner_key, target_key>();
    else return check_keys<A, target_key, owner_key>();  // has_one/has_many: the foreign key is the target's
  }();
};
}  // namespace detail

}  // namespace quarry
