#pragma once
// A user's own types with the short names that quarry uses for its options, its Database and its
// driver interface, declared at global scope as a user would. A Model<T> specialization is in
// namespace quarry, and unqualified lookup there searches quarry before the global namespace, so
// each of these names must be the user's inside one: quarry declares none of them directly in
// namespace quarry (its own are in quarry::detail and quarry::driver, or named otherwise, such as
// quarry::DatabaseOptions and quarry::PageOf<T>).

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

#include <quarry/quarry.hpp>

enum class Role { reader, editor, admin };
enum class Action { none, approve, reject };
struct Check {
  int number = 0;
};
struct Size {
  int width = 0, height = 0;
};
struct Options {
  bool verbose = false;
};
struct Page {
  int number = 0;
};
struct Field {
  int position = 0;
};
struct Association {
  int members = 0;
};
enum class Statement { draft, sent };
struct Connection {
  int id = 0;
};
struct Url {
  const char* text = "";
};
struct Binder {};
struct Driver {};
struct Function {};  // a model of stored functions, say: quarry's callable type is detail::Function
struct Comment {  // a blog's comments: quarry::comment("...") is a function, its type in quarry::detail
  std::int64_t id = 0;
};
enum class Naming { formal, casual };

// The explicit style: every field listed.
struct Invoice {
  std::int64_t id{};
  std::string url{};
  int state{};
};

template <>
struct quarry::Model<Invoice> {
  static_assert(std::is_enum_v<Statement>, "the user's Statement, not quarry's");
  static_assert(std::is_same_v<decltype(Connection::id), int>, "the user's Connection, not quarry's");
  static_assert(std::is_same_v<decltype(Url::text), const char*>, "the user's Url, not quarry's");
  static_assert(std::is_empty_v<Binder> && std::is_empty_v<Driver>, "the user's Binder and Driver");
  static_assert(std::is_empty_v<Function>, "the user's Function, not quarry's");
  static constexpr auto table = "invoices";
  static constexpr auto fields = quarry::fields(
      quarry::field<&Invoice::id>(quarry::primary_key, quarry::auto_increment), quarry::field<&Invoice::url>(),
      quarry::field<&Invoice::state>(quarry::default_value(static_cast<int>(Statement::sent))));
};

// By convention (table "accounts", every member a field, `id` the key), with members of the
// user's Role and Action enums, and a Model<T> that gives two fields options.
struct Account {
  std::int64_t id{};
  std::string name{};
  Role role = Role::reader;
  std::optional<Action> last_action{};
  std::int32_t page_size{};
};

template <>
struct quarry::Model<Account> {
  static_assert(std::is_same_v<Role, ::Role> && Role::admin != Role::reader, "the user's Role, not quarry's");
  static_assert(std::is_same_v<Action, ::Action> && Action::approve != Action::reject, "the user's Action");
  static_assert(std::is_same_v<Check, ::Check> && std::is_same_v<Size, ::Size>, "the user's Check and Size");
  static_assert(std::is_same_v<Options, ::Options> && std::is_same_v<Page, ::Page>, "the user's Options and Page");
  static_assert(std::is_same_v<Field, ::Field> && std::is_same_v<Association, ::Association>,
                "the user's Field and Association");
  static_assert(std::is_same_v<Statement, ::Statement> && std::is_same_v<Connection, ::Connection> &&
                    std::is_same_v<Url, ::Url>,
                "the user's Statement, Connection and Url");
  static_assert(std::is_same_v<Comment, ::Comment> && std::is_same_v<decltype(Comment::id), std::int64_t>,
                "the user's Comment, not quarry's");
  static_assert(std::is_same_v<Naming, ::Naming> && Naming::formal != Naming::casual, "the user's Naming");
  static constexpr Size name_size{40, 1};
  static constexpr Page first_page{20};
  static constexpr auto fields = quarry::fields(
      quarry::field<&Account::name>(quarry::size(name_size.width)),
      quarry::field<&Account::page_size>(quarry::default_value(first_page.number), quarry::check("page_size >= 0")));
};
