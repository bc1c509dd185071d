// Scopes in SQL: the default scope is one more condition of every read shape and query, gone
// with unscoped(); a named scope's clauses land where the same clauses given one by one would;
// a model without a default scope reads with exactly the SQL it had before.

#include <catch2/catch.hpp>

#include <optional>

#include <quarry/ops/read.hpp>

#include "models.hpp"

using namespace golden;
using namespace quarry::dsl;
namespace ops = quarry::ops;

namespace golden {
struct Lamp {
  std::int64_t id{};
  std::int32_t watts{};
  bool lit{};
};
}  // namespace golden

template <>
struct quarry::Model<golden::Lamp> {
  static auto default_scope() { return where(col<&golden::Lamp::lit> == true); }
  static auto bright(std::int32_t over) {
    return scope(where(col<&golden::Lamp::watts> > over), order_by(desc(col<&golden::Lamp::watts>)));
  }
};

using Lamps = quarry::Model<Lamp>;

TEST_CASE("scopes: a model without a default scope reads with the SQL it had", "[sql][scopes]") {
  const auto& info = ops::model_info<Author>();
  CHECK_FALSE(info.default_scope.has_value());
  CHECK(render_all(ops::all_rows(info)).postgres.sql == R"(SELECT "id", "name" FROM "authors")");
  CHECK(render_all(ops::row_by_key(info)).postgres.sql == R"(SELECT "id", "name" FROM "authors" WHERE "id" = $1)");
  CHECK(render_all(ops::rows<Author>(std::nullopt, limit(2))).postgres.sql ==
        R"(SELECT "id", "name" FROM "authors" LIMIT $1)");
  CHECK(render_all(ops::count(info, std::nullopt)).postgres.sql == R"(SELECT COUNT(*) FROM "authors")");
  CHECK_FALSE(ops::write_where<Author>(every_row).has_value());
}

TEST_CASE("scopes: the default scope is a condition of every read shape and query, unless unscoped()",
          "[sql][scopes]") {
  const auto& info = ops::model_info<Lamp>();
  auto all = render_all(ops::all_rows(info));
  CHECK(all.sqlite.sql == R"(SELECT "id", "watts", "lit" FROM "lamps" WHERE "lit" = ?)");
  CHECK(all.mysql.sql == "SELECT `id`, `watts`, `lit` FROM `lamps` WHERE `lit` = ?");
  CHECK(all.sqlite.params == std::vector<quarry::sql::Value>{true});
  CHECK(render_all(ops::row_by_key(info)).postgres.sql ==
        R"(SELECT "id", "watts", "lit" FROM "lamps" WHERE "id" = $1 AND "lit" = $2)");
  CHECK(render_all(ops::count(info, std::nullopt)).postgres.sql == R"(SELECT COUNT(*) FROM "lamps" WHERE "lit" = $1)");
  CHECK(render_all(ops::count(info, std::nullopt, {.scoped = false})).postgres.sql == R"(SELECT COUNT(*) FROM "lamps")");

  auto q = render_all(ops::rows<Lamp>(std::nullopt, where(col<&Lamp::id> > 3), limit(5)));
  CHECK(q.postgres.sql == R"(SELECT "id", "watts", "lit" FROM "lamps" WHERE "id" > $1 AND "lit" = $2 LIMIT $3)");
  auto u = render_all(ops::rows<Lamp>(std::nullopt, unscoped(), where(col<&Lamp::id> > 3)));
  CHECK(u.postgres.sql == R"(SELECT "id", "watts", "lit" FROM "lamps" WHERE "id" > $1)");

  // writes by where: the default scope too, unless unscoped()
  auto w = ops::write_where<Lamp>(every_row);
  REQUIRE(w);
  CHECK(render_all(quarry::sql::Delete{"lamps", w}).postgres.sql == R"(DELETE FROM "lamps" WHERE "lit" = $1)");
  CHECK_FALSE(ops::write_where<Lamp>(every_row, unscoped()).has_value());
}

TEST_CASE("scopes: a named scope's clauses land as the same clauses one by one, conditions ANDed",
          "[sql][scopes]") {
  auto by_scope = render_all(ops::rows<Lamp>(std::nullopt, Lamps::bright(60), where(col<&Lamp::id> > 3),
                                             order_by(col<&Lamp::id>)));
  auto by_hand = render_all(ops::rows<Lamp>(std::nullopt, where(col<&Lamp::watts> > 60),
                                            order_by(desc(col<&Lamp::watts>)), where(col<&Lamp::id> > 3),
                                            order_by(col<&Lamp::id>)));
  CHECK(by_scope.postgres.sql ==
        R"(SELECT "id", "watts", "lit" FROM "lamps" WHERE "watts" > $1 AND "id" > $2 AND "lit" = $3 )"
        R"(ORDER BY "watts" DESC, "id" ASC)");
  CHECK(by_scope.postgres.sql == by_hand.postgres.sql);
  CHECK(by_scope.sqlite.params == by_hand.sqlite.params);
  // count takes the conditions of a scope that carries only conditions
  auto n = render_all(ops::count(ops::model_info<Lamp>(), ops::where_of<Lamp>(scope(where(col<&Lamp::watts> < 5)))));
  CHECK(n.postgres.sql == R"(SELECT COUNT(*) FROM "lamps" WHERE "watts" < $1 AND "lit" = $2)");
}

namespace golden {
struct Bulb {
  std::int64_t id{};
  std::int32_t watts{};
  bool lit{};
};
}  // namespace golden

template <>
struct quarry::Model<golden::Bulb> {
  static constexpr auto where_merge = quarry::last_per_column;
  static auto default_scope() {
    return scope(where(col<&golden::Bulb::lit> == true && col<&golden::Bulb::watts> > 0),
                 order_by(col<&golden::Bulb::watts>));
  }
  static auto dim() { return where(col<&golden::Bulb::watts> < 10); }
};

using Bulbs = quarry::Model<Bulb>;

TEST_CASE("scopes: last_per_column: a later condition on a column replaces the earlier ones on it",
          "[sql][scopes]") {
  const auto& info = ops::model_info<Bulb>();
  CHECK(info.merge_by_column);
  // the default scope alone, with its order
  auto all = render_all(ops::all_rows(info));
  CHECK(all.postgres.sql == R"(SELECT "id", "watts", "lit" FROM "bulbs" WHERE "lit" = $1 AND "watts" > $2 )"
                            R"(ORDER BY "watts" ASC)");
  // the query's condition on lit replaces the default scope's; watts > 0 stays
  auto off = render_all(ops::rows<Bulb>(std::nullopt, where(col<&Bulb::lit> == false)));
  CHECK(off.postgres.sql == R"(SELECT "id", "watts", "lit" FROM "bulbs" WHERE "lit" = $1 AND "watts" > $2 )"
                            R"(ORDER BY "watts" ASC)");
  CHECK(off.sqlite.params == std::vector<quarry::sql::Value>{false, std::int64_t{0}});
  // a named scope, then where on the same column: the last one wins, over the default scope's too
  auto last = render_all(ops::rows<Bulb>(std::nullopt, Bulbs::dim(), where(col<&Bulb::watts> > 50)));
  CHECK(last.postgres.sql == R"(SELECT "id", "watts", "lit" FROM "bulbs" WHERE "watts" > $1 AND "lit" = $2 )"
                             R"(ORDER BY "watts" ASC)");
  CHECK(last.sqlite.params == std::vector<quarry::sql::Value>{std::int64_t{50}, true});
  // two conditions on one column in one where replace together and are replaced together
  auto range = render_all(ops::rows<Bulb>(std::nullopt, where(col<&Bulb::watts> > 5 && col<&Bulb::watts> < 9)));
  CHECK(range.postgres.sql == R"(SELECT "id", "watts", "lit" FROM "bulbs" WHERE "watts" > $1 AND "watts" < $2 )"
                              R"(AND "lit" = $3 ORDER BY "watts" ASC)");
  // a condition on several columns belongs to none: ANDed, and it replaces nothing
  auto either = render_all(ops::rows<Bulb>(std::nullopt, where(col<&Bulb::lit> == false || col<&Bulb::watts> > 3)));
  CHECK(either.postgres.sql == R"(SELECT "id", "watts", "lit" FROM "bulbs" WHERE ("lit" = $1 OR "watts" > $2) )"
                               R"(AND "lit" = $3 AND "watts" > $4 ORDER BY "watts" ASC)");
  // an order of the query's own replaces the default scope's; unscoped() drops both
  auto ordered = render_all(ops::rows<Bulb>(std::nullopt, order_by(desc(col<&Bulb::id>))));
  CHECK(ordered.postgres.sql == R"(SELECT "id", "watts", "lit" FROM "bulbs" WHERE "lit" = $1 AND "watts" > $2 )"
                                R"(ORDER BY "id" DESC)");
  CHECK(render_all(ops::rows<Bulb>(std::nullopt, unscoped(), where(col<&Bulb::lit> == false))).postgres.sql ==
        R"(SELECT "id", "watts", "lit" FROM "bulbs" WHERE "lit" = $1)");
  // counts: the same conditions, no order
  CHECK(render_all(ops::count(info, ops::where_of<Bulb>(where(col<&Bulb::lit> == false)))).postgres.sql ==
        R"(SELECT COUNT(*) FROM "bulbs" WHERE "lit" = $1 AND "watts" > $2)");
  // writes by where
  auto w = ops::write_where<Bulb>(where(col<&Bulb::lit> == false));
  REQUIRE(w);
  CHECK(render_all(quarry::sql::Delete{"bulbs", w}).postgres.sql ==
        R"(DELETE FROM "bulbs" WHERE "lit" = $1 AND "watts" > $2)");
}

TEST_CASE("scopes: by default every condition is ANDed, the same column's too", "[sql][scopes]") {
  CHECK_FALSE(ops::model_info<Lamp>().merge_by_column);
  auto both = render_all(ops::rows<Lamp>(std::nullopt, where(col<&Lamp::watts> > 5), where(col<&Lamp::watts> < 9),
                                         where(col<&Lamp::lit> == false)));
  CHECK(both.postgres.sql == R"(SELECT "id", "watts", "lit" FROM "lamps" WHERE "watts" > $1 AND "watts" < $2 )"
                             R"(AND "lit" = $3 AND "lit" = $4)");
}

TEST_CASE("scopes: last_per_column never merges away the conditions quarry adds itself", "[sql][scopes]") {
  const auto& info = ops::model_info<Bulb>();
  // find_by_pk's key (the read shape): the default scope's conditions stay beside it
  CHECK(render_all(ops::row_by_key(info)).postgres.sql ==
        R"(SELECT "id", "watts", "lit" FROM "bulbs" WHERE "id" = $1 AND "lit" = $2 AND "watts" > $3)");
  // a fixed condition first, then the query's on the same column: both hold
  quarry::query::Where<Bulb> key{quarry::sql::Node::pinned(
      quarry::sql::Node::binary(quarry::sql::Op::eq, quarry::sql::Node::column("watts"),
                                quarry::sql::Node::param(std::int64_t{60})))};
  auto both = render_all(ops::rows<Bulb>(std::nullopt, key, where(col<&Bulb::watts> < 100)));
  CHECK(both.postgres.sql == R"(SELECT "id", "watts", "lit" FROM "bulbs" WHERE "watts" = $1 AND "watts" < $2 )"
                             R"(AND "lit" = $3 ORDER BY "watts" ASC)");
  // with distinct(), no default order
  CHECK(render_all(ops::rows<Bulb>(std::nullopt, distinct())).postgres.sql ==
        R"(SELECT DISTINCT "id", "watts", "lit" FROM "bulbs" WHERE "lit" = $1 AND "watts" > $2)");
}
