// Querying beyond comparisons (docs/queries.md): SQL functions in where, order_by, columns,
// group_by and set; regular expressions, case-sensitive or not; NULLs ordered first or last;
// a random order; fn<R> and sql<R> for what the DSL does not spell; subqueries; and conditions and
// order through an association. The same rows on every dialect.
//
//   13-querying sqlite:querying.db        (or a postgres:// or mysql:// URL)

#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

using namespace quarry::dsl;

struct Visit {
  std::int64_t id{};
  std::int64_t member_id{};
  std::string page{};
};

struct Member {
  std::int64_t id{};
  std::string email{};
  std::string name{};
  std::optional<std::string> city{};
  std::int32_t points{};
  quarry::Timestamp created_at{}, updated_at{};
  std::vector<Visit> visits{};
};

template <> struct quarry::Model<Member> {
  static constexpr auto associations = quarry::associations(quarry::has_many<&Member::visits, &Visit::member_id>());
};

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATABASE-URL\n", argv[0]);
    return 2;
  }
  quarry::Database db{argv[1]};
  db.sync<Member, Visit>({.force = true});
  int failures = 0;
  auto expect = [&](bool ok, const char* what) {
    std::printf("%s %s\n", ok ? "ok:  " : "FAIL:", what);
    failures += ok ? 0 : 1;
  };

  db.bulk_create(std::vector<Member>{
      {.email = "Ada@Example.com", .name = "  Ada  ", .city = "London", .points = 120},
      {.email = "grace@navy.mil", .name = "Grace", .city = std::nullopt, .points = 95},
      {.email = "alan@example.com", .name = "Alan", .city = "Manchester", .points = 80},
      {.email = "edsger@example.nl", .name = "Edsger", .city = "Austin", .points = 80},
  });

  // Sequelize: where: sequelize.where(fn('lower', col('email')), 'ada@example.com')
  auto ada = db.find_one<Member>(where(lower(col<&Member::email>) == "ada@example.com"));
  expect(ada.has_value(), "lower(email) finds the address whatever its case");

  // Sequelize: { email: { [Op.iRegexp]: '@example\\.(com|nl)$' } }
  auto example = db.count<Member>(where(col<&Member::email>.iregexp("@example\\.(com|nl)$")));
  auto exact = db.count<Member>(where(col<&Member::email>.regexp("^[a-z]+@")));
  expect(example == 3 && exact == 3, "iregexp ignores case, regexp does not (Ada@ is left out)");

  // Sequelize: order: [['city', 'ASC NULLS LAST'], ['name', 'ASC']]
  auto by_city = db.find_all<Member>(order_by(asc(col<&Member::city>).nulls_last(), asc(col<&Member::name>)));
  expect(by_city.size() == 4 && by_city.front().city == "Austin" && !by_city.back().city.has_value(),
         "the member without a city comes last, on every dialect");

  // A function as an order key: the longest trimmed name first.
  auto longest = db.find_all<Member>(order_by(desc(length(trim(col<&Member::name>))), asc(col<&Member::id>)), limit(1));
  expect(longest.size() == 1 && longest[0].name == "Edsger", "order_by(desc(length(trim(name))))");

  // Functions in columns and group_by: members per year joined. (A grouped expression carries no
  // bound value here: PostgreSQL cannot tell that two expressions with parameters are the same.)
  auto joined = extract(quarry::DatePart::year, col<&Member::created_at>);
  auto per_year = db.select<Member>(columns(joined, count()), group_by(joined));
  auto this_year = static_cast<std::int64_t>(
      static_cast<int>(std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(quarry::now())).year()));
  expect(per_year.size() == 1 && std::get<0>(per_year[0]) == this_year && std::get<1>(per_year[0]) == 4,
         "columns(extract(year, created_at), count()) grouped by the same");

  // coalesce: a city or a placeholder, in a projection.
  auto cities = db.select<Member>(columns(coalesce(col<&Member::city>, std::string("unknown"))),
                                  order_by(asc(col<&Member::id>)));
  expect(cities.size() == 4 && std::get<0>(cities[1]) == "unknown", "coalesce(city, 'unknown')");

  // set(...) with a function: tidy every name.
  db.update<Member>(set(col<&Member::name> = trim(col<&Member::name>)), every_row);
  expect(db.count<Member>(where(col<&Member::name> == "Ada")) == 1, "set(name = trim(name))");

  // A random order, then two escape hatches: a function quarry does not spell, and raw SQL
  // whose values are bound (never user input in the text).
  auto shuffled = db.find_all<Member>(order_by(random_order()));
  expect(shuffled.size() == 4, "order_by(random_order())");
  auto rounded = db.select<Member>(columns(fn<std::int64_t>("abs", col<&Member::points> - 100)),
                                   where(col<&Member::name> == "Alan"));
  expect(rounded.size() == 1 && std::get<0>(rounded[0]) == 20, "fn<std::int64_t>(\"abs\", points - 100)");
  auto even = db.count<Member>(where(quarry::dsl::sql<bool>("points % ? = 0", 2) && col<&Member::points> > 90));
  expect(even == 1, "sql<bool>(\"points % ? = 0\", 2): the 2 is bound");

  // Subqueries (Sequelize's sequelize.literal('(SELECT ...)'), here typed and bound): members
  // above the average; for each member, how many have the same points (a subquery on the same
  // table, correlated to the outer row by outer<...>); and the two with the most points.
  auto above = db.find_all<Member>(where(col<&Member::points> > subquery<Member>(columns(avg(col<&Member::points>)))));
  expect(above.size() == 2, "points > (SELECT AVG(points) FROM members)");
  auto same_points = subquery<Member>(columns(count()), where(col<&Member::points> == outer<&Member::points>));
  auto ties = db.select<Member>(columns(col<&Member::name>, same_points), order_by(asc(col<&Member::id>)));
  expect(ties.size() == 4 && std::get<1>(ties[0]) == 1 && std::get<1>(ties[2]) == 2,
         "columns(name, (SELECT COUNT(*) ... WHERE points = members.points))");
  auto top = db.count<Member>(where(col<&Member::id>.in(
      subquery<Member>(columns(col<&Member::id>), order_by(desc(col<&Member::points>)), limit(2)))));
  auto lonely = db.count<Member>(where(!exists(subquery<Member>(
      where(col<&Member::city> == outer<&Member::city> && col<&Member::id> != outer<&Member::id>)))));
  expect(top == 2 && lonely == 4, "in(subquery ... limit(2)) and !exists(...)");

  // Through an association (Sequelize's where: { '$visits.page$': 'pricing' } with include: [Visit]):
  // the members with a visit to the pricing page, most visits first, a page of one. has<...> is an
  // EXISTS and via<...>(count()) one value per member, never a join: each member stays one row,
  // so the count is of members, and the include still loads every visit of the member.
  auto all = db.find_all<Member>(order_by(col<&Member::id>));
  for (const char* page : {"pricing", "pricing", "blog", "pricing"}) db.create(Visit{.member_id = all[0].id, .page = page});
  db.create(Visit{.member_id = all[2].id, .page = "pricing"});
  db.create(Visit{.member_id = all[1].id, .page = "blog"});
  auto pricing = db.find_and_count_all<Member>(where(has<&Member::visits>(col<&Visit::page> == "pricing")),
                                               order_by(desc(via<&Member::visits>(count())), col<&Member::id>),
                                               limit(1), include<&Member::visits>());
  expect(pricing.count == 2 && pricing.rows.size() == 1 && pricing.rows[0].visits.size() == 4,
         "has<&Member::visits>(...) and order by via<&Member::visits>(count()): 2 members, not 4 visits");

  db.drop<Member, Visit>();  // the tables go, so that other programs on this database start clean
  return failures == 0 ? 0 : 1;
}
