// sql::split_table, sql::names_constraint and sql::defines_column (sql/constraint.hpp) read the CREATE TABLE text that
// SQLite keeps, through which add_constraint and remove_constraint rebuild a table: any text,
// quotes left open, comments, parentheses out of balance. Oracles: nothing crashes; what splits
// joins to text that splits into the same parts again (a -- comment at an item's end included),
// each item without spaces around it; a
// constraint item written for any name, its quotes doubled, is found by that name, and an item
// that does not begin with CONSTRAINT is never one; a column's definition is found by its name,
// a constraint item never; an enumeration's labels, as quarry writes them in a CHECK or as MySQL
// spells an ENUM type, read back as they were; the checks of any item read without a crash, and
// a named check written for any name and any literal reads back as it was; a default that
// PostgreSQL reports for any text ('...'::text) compares as that text.

#include <cstdint>
#include <string>
#include <string_view>

#include <quarry/schema/diff.hpp>
#include <quarry/sql/constraint.hpp>

#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes in(data, size);
  std::string name = in.text(40);
  std::string text = in.rest();
  fuzz::story = "text: " + text + "\nname: " + name;

  if (auto t = quarry::sql::split_table(text)) {
    for (const auto& item : t->items) {
      FUZZ_CHECK(item.empty() || (item.front() != ' ' && item.back() != ' '));
      (void)quarry::sql::names_constraint(item, name);
      (void)quarry::sql::defines_column(item, name);
      (void)quarry::sql::check_labels(item, name);
      for (const auto& check : quarry::sql::item_checks(item))
        FUZZ_CHECK(quarry::sql::unwrapped(check.condition) == check.condition);
    }
    auto again = quarry::sql::split_table(t->joined());
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(again->head == t->head && again->tail == t->tail && again->items == t->items);
  }

  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  quoted += '"';
  FUZZ_CHECK(quarry::sql::names_constraint("CONSTRAINT " + quoted + " CHECK (1)", name));
  auto table = quarry::sql::split_table("CREATE TABLE t (a TEXT, CONSTRAINT " + quoted + " UNIQUE (a))");
  FUZZ_CHECK(table.has_value() && table->items.size() == 2);
  FUZZ_CHECK(quarry::sql::names_constraint(table->items[1], name));
  FUZZ_CHECK(!quarry::sql::names_constraint(table->items[0], name));
  // a column definition written for any name, quoted, is found by that name; a constraint never is
  FUZZ_CHECK(name.empty() || quarry::sql::defines_column(quoted + " TEXT NOT NULL", name));
  // labels written as quarry writes them read back as they were, from any text
  std::string literal = "'";
  for (char c : text) literal += c == '\'' ? std::string("''") : std::string(1, c);
  literal += "'";
  auto labels = quarry::sql::check_labels(quoted + " TEXT CHECK (" + quoted + " IN (" + literal + ", 'x'))", name);
  FUZZ_CHECK(labels && labels->size() == 2 && (*labels)[0] == text && (*labels)[1] == "x");
  auto in_type = quarry::sql::enum_type_labels("ENUM(" + literal + ")");
  FUZZ_CHECK(in_type && in_type->size() == 1 && (*in_type)[0] == text);
  (void)quarry::sql::enum_type_labels(text);
  FUZZ_CHECK(!quarry::sql::defines_column(table->items[1], name));
  (void)quarry::sql::item_checks(text);
  auto unwrapped = quarry::sql::unwrapped(text);
  FUZZ_CHECK(quarry::sql::unwrapped(unwrapped) == unwrapped);
  auto checks = quarry::sql::item_checks("CONSTRAINT " + quoted + " CHECK (note <> " + literal + ")");
  FUZZ_CHECK(checks.size() == 1 && checks[0].name == name && checks[0].condition == "note <> " + literal);
  (void)quarry::schema::detail::live_default_form(text, quarry::TypeKind::int32);
  FUZZ_CHECK(quarry::schema::detail::live_default_form(literal + "::text", quarry::TypeKind::text) == "'" + text);
  return 0;
}
