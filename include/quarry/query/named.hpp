#pragma once
/// Raw SQL with named placeholders, Sequelize's replacements: each :name is bound as a parameter,
/// never spliced into the text.
///
///   db.query<Book>("SELECT * FROM books WHERE price < :max AND author_id = :author",
///                  quarry::Named{{"max", 30}, {"author", ada.id}});

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../config.hpp"
#include "../error.hpp"
#include "../sql/render.hpp"
#include "value.hpp"

#ifdef QUARRY_BODIES
#include <fmt/core.h>  // fmt::format: error messages
#endif

namespace quarry {

/// One value of quarry::Named: {"name", value}, the value of any type a query binds.
struct NamedValue {
  std::string name;
  sql::Value value;
  template <class V>
  NamedValue(std::string_view n, const V& v) : name(n), value(detail::to_value(v)) {}
};

/// The values of raw SQL's :name placeholders, by name: quarry::Named{{"a", 1}, {"b", "x"}}.
/// A name may be used more than once in the SQL; each name given must be used, and each used
/// given (else QueryError, before any SQL is sent).
class Named {
 public:
  Named(std::initializer_list<NamedValue> values);

  /// The SQL with the dialect's placeholders (sql::translate_named), and the values in their
  /// order.
  sql::Rendered render(const sql::Dialect& d, std::string_view text) const;

 private:
  std::vector<NamedValue> values_;
};
#ifdef QUARRY_BODIES
QUARRY_FUNC Named::Named(std::initializer_list<NamedValue> values) : values_(values) {}
QUARRY_FUNC sql::Rendered Named::render(const sql::Dialect& d, std::string_view text) const {
  std::vector<std::string> names;
  sql::Rendered r{sql::translate_named(d, text, names), {}, {}};
  std::vector<bool> used(values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i)
    for (std::size_t k = 0; k < i; ++k)
      if (values_[k].name == values_[i].name)
        throw QueryError(fmt::format("quarry: quarry::Named gives :{} twice; give each name once", values_[i].name));
  r.params.reserve(names.size());
  for (const auto& name : names) {
    std::size_t i = 0;
    while (i < values_.size() && values_[i].name != name) ++i;
    if (i == values_.size())
      throw QueryError(fmt::format("quarry: the raw SQL has :{}, and quarry::Named gives no value for it", name));
    used[i] = true;
    r.params.push_back(values_[i].value);
  }
  for (std::size_t i = 0; i < values_.size(); ++i)
    if (!used[i])
      throw QueryError(fmt::format(
          "quarry: quarry::Named gives :{}, and the raw SQL has no such placeholder (outside quotes and comments)",
          values_[i].name));
  return r;
}
#endif  // QUARRY_BODIES

}  // namespace quarry
