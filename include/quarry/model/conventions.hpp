#pragma once
// What a plain aggregate is as a model when Model<T> does not say otherwise: the table is the
// type's name in snake_case and English plural (Book -> books, BookReview -> book_reviews,
// Person -> people); every member whose type can be stored is a field named after it; an integer
// `id` is the primary key with auto increment; Timestamps `created_at` and `updated_at` are
// maintained; a std::optional<Timestamp> `deleted_at` makes destroy soft, and an integer `version`
// locks updates optimistically. model.hpp merges these with the fields a Model<T> lists.

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "field.hpp"
#include "names.hpp"
#include "reflect.hpp"
#include "traits.hpp"

namespace quarry::detail {

/// The first c in s from `from` on, or npos. (string_view::find of a char is memchr, which GCC
/// cannot evaluate at compile time under -fsanitize=undefined.)
constexpr std::size_t find_char(std::string_view s, char c, std::size_t from = 0) {
  for (std::size_t i = from; i < s.size(); ++i)
    if (s[i] == c) return i;
  return std::string_view::npos;
}

/// "Book" for app::Book, app::Book<int>, Outer<int>::Book or f<int>()::Book: the last name,
/// without the namespaces, classes or functions around it, or its own template arguments.
constexpr std::string_view base_name(std::string_view s) {
  if (!s.empty() && s.back() == '>') {  // its own template arguments, matched from the end
    int depth = 0;
    for (std::size_t i = s.size(); i-- > 0;) {
      if (s[i] == '>') ++depth;
      else if (s[i] == '<' && --depth == 0) {
        s = s.substr(0, i);
        break;
      }
    }
  }
  // the part after the last "::" outside <...> and (...)
  std::size_t start = 0;
  int depth = 0;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    char c = s[i];
    if (c == '<' || c == '(') ++depth;
    else if (c == '>' || c == ')') --depth;
    else if (depth == 0 && c == ':' && s[i + 1] == ':') start = i + 2;
  }
  return s.substr(start);
}

constexpr bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// A small table of irregular plurals, as "one many" pairs (one string: cheaper to compile than an
// array of pairs); the rules below cover the rest.
inline constexpr char irregular_plurals[] =
    "person people child children man men woman women mouse mice goose geese foot feet tooth teeth ox oxen "
    "leaf leaves life lives knife knives wife wives half halves shelf shelves wolf wolves thief thieves "
    "calf calves datum data criterion criteria analysis analyses crisis crises sheep sheep fish fish "
    "series series species species news news equipment equipment information information data data "
    "metadata metadata ";

/// Writes name in snake_case into out (when out is not null; at most `room` characters); returns
/// its length: BookReview -> book_review, HTTPRequest -> http_request, firstName -> first_name.
constexpr std::size_t snake_case_of(std::string_view name, char* out, std::size_t room = std::size_t(-1)) {
  std::size_t n = 0;
  char last = 0;
  auto put = [&](char c) {
    if (out && n < room) out[n] = c;
    ++n;
    last = c;
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (is_upper(c)) {
      bool boundary = i > 0 && (is_lower_or_digit(name[i - 1]) ||
                                (is_upper(name[i - 1]) && i + 1 < name.size() && is_lower_or_digit(name[i + 1])));
      if (boundary && last != '_') put('_');
      c = static_cast<char>(c - 'A' + 'a');
    }
    put(c);
  }
  return n;
}

/// Writes the table name of a type named `type` into out (when out is not null); returns its length.
/// snake_case (BookReview -> book_review, HTTPRequest -> http_request), then the last word in the
/// plural: irregular words from the table, -y after a consonant -> -ies, -s/-x/-z/-ch/-sh -> -es,
/// else -s. (A template only so that a program without models by convention does not compile it.)
template <class = void>
constexpr std::size_t table_name_of(std::string_view type, char* out) {
  char snake[256]{};
  std::size_t n = snake_case_of(type, snake, sizeof snake - 2);
  if (n > sizeof snake - 2) n = sizeof snake - 2;
  std::string_view all(snake, n);
  auto underscore = all.rfind('_');
  std::size_t word_at = underscore == std::string_view::npos ? 0 : underscore + 1;
  std::string_view word = all.substr(word_at);

  std::size_t keep = n;      // characters of snake kept
  std::string_view suffix;   // then this
  bool irregular = false;
  std::string_view pairs(irregular_plurals, sizeof irregular_plurals - 1);
  for (std::size_t at = 0; at < pairs.size() && !irregular;) {
    auto space = find_char(pairs, ' ', at), end = find_char(pairs, ' ', space + 1);
    if (pairs.substr(at, space - at) == word) {
      keep = word_at;
      suffix = pairs.substr(space + 1, end - space - 1);
      irregular = true;
    }
    at = end + 1;
  }
  if (!irregular) {
    auto ends = [&](std::string_view tail) { return word.size() >= tail.size() && word.substr(word.size() - tail.size()) == tail; };
    char before_last = word.size() >= 2 ? word[word.size() - 2] : 'a';
    bool vowel = before_last == 'a' || before_last == 'e' || before_last == 'i' || before_last == 'o' || before_last == 'u';
    if (ends("y") && word.size() >= 2 && !vowel) {
      keep = n - 1;
      suffix = "ies";
    } else if (ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh")) {
      suffix = "es";
    } else {
      suffix = "s";
    }
  }
  if (out) {
    for (std::size_t i = 0; i < keep; ++i) out[i] = snake[i];
    for (std::size_t i = 0; i < suffix.size(); ++i) out[keep + i] = suffix[i];
  }
  return keep + suffix.size();
}

template <std::size_t N>
struct FixedName {
  char data[N + 1]{};
  constexpr std::string_view view() const { return {data, N}; }
};

template <class T>
inline constexpr auto convention_table = [] {
  constexpr std::string_view name = base_name(type_name<T>());
  FixedName<table_name_of(name, nullptr)> out{};
  table_name_of(name, out.data);
  return out;
}();

/// Whether V is one of nlohmann's JSON types, known by its name (the core never includes
/// nlohmann/json).
template <class V>
consteval bool nlohmann_json_type() {
  constexpr std::string_view name = type_name<V>();
  return name.starts_with("nlohmann::") && name.find("basic_json<") != std::string_view::npos;
}
/// Whether a member of type V is a field by convention: its type maps to a column type. A JSON
/// document where <quarry/json.hpp> is not included is an error, never a member left out.
template <class V>
consteval bool convention_field() {
  using U = unwrap_optional_t<V>;
  if constexpr (storable_v<U>) {
    return true;
  } else {
    static_assert(!nlohmann_json_type<U>(),
                  "quarry: a model has a nlohmann::json member, which is a JSON column only where <quarry/json.hpp> "
                  "is included; include it before the model (and link quarry::json)");
    return false;
  }
}
template <class V>
inline constexpr bool convention_field_v = convention_field<V>();

/// The column name of descriptor F in snake_case (Model<T>::naming = quarry::snake_case).
template <class F>
inline constexpr auto snake_column = [] {
  constexpr std::string_view name = F::member_name();
  FixedName<snake_case_of(name, nullptr)> out{};
  snake_case_of(name, out.data);
  return out;
}();

/// The options the conventions give a member called `name` (its column name by the model's
/// naming) of type V; keyed is false when the Model<T> names a primary key of its own, so that
/// `id` is then no key; created and updated are false when the Model<T> gives that timestamp role
/// to a member of its own choosing, or says timestamps = false.
template <class V>
constexpr FieldOptions convention_options(std::string_view name, bool keyed = true, bool created = true,
                                          bool updated = true) {
  using U = unwrap_optional_t<V>;
  FieldOptions o{};
  if (keyed && name == "id") {
    if constexpr (std::is_integral_v<U> && !std::is_same_v<U, bool>) {
      o.primary_key = true;
      o.auto_increment = can_auto_increment_v<U>;
    } else if constexpr (std::is_same_v<U, Uuid>) {
      o.primary_key = true;
    }
  }
  if constexpr (std::is_same_v<V, Timestamp>) {
    if (created && name == "created_at") o.role = Role::created_at;
    if (updated && name == "updated_at") o.role = Role::updated_at;
  }
  if constexpr (std::is_same_v<V, std::optional<Timestamp>>)
    if (name == "deleted_at") o.role = Role::deleted_at;
  if constexpr (std::is_integral_v<V> && !std::is_same_v<V, bool>)
    if (name == "version") o.role = Role::version;
  return o;
}

/// What a field a Model<T> lists keeps from the conventions: the key of `id` unless it names a key
/// itself, the role of created_at, updated_at, deleted_at or version unless it has one.
constexpr FieldOptions merge_options(FieldOptions listed, const FieldOptions& convention) {
  if (!listed.primary_key) {
    listed.primary_key = convention.primary_key;
    listed.auto_increment = listed.auto_increment || convention.auto_increment;
  }
  if (listed.role == Role::plain) listed.role = convention.role;
  return listed;
}

/// The descriptor of a member found by reflection: like Field<M>, without a member pointer.
template <class T, std::size_t I>
struct MemberField {
  using model_type = T;
  using value_type = member_type_at<T, I>;
  static constexpr std::size_t index = I;  // among all of T's members
  static constexpr TypeKind kind = type_kind<value_type>();
  static constexpr bool nullable = is_optional_v<value_type>;

  FieldOptions options;

  constexpr std::string_view column_name() const { return options.column.empty() ? member_name() : options.column; }
  static constexpr std::string_view member_name() { return member_name_at<T, I>(); }
  static constexpr value_type& get(T& row) noexcept { return member_at<I>(row); }
  static constexpr const value_type& get(const T& row) noexcept { return member_at<I>(row); }
};

}  // namespace quarry::detail
