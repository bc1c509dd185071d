// Transforms on every database: on_write runs on each value before it is validated and written,
// on every write path; on_read on each row read, includes too.
#include "fixture.hpp"

#include <algorithm>
#include <cctype>

using namespace quarry::dsl;

namespace shaped {
struct Subscriber {
  std::int64_t id{};
  std::string email{};
  std::optional<std::string> nickname{};
  std::string display{};  // stored in lower case, read capitalized
  std::int64_t team_id{};
};
struct Team {
  std::int64_t id{};
  std::string name{};
  std::vector<Subscriber> members{};
};

inline void trim_lower(std::string& s) {
  auto first = s.find_first_not_of(" \t");
  auto last = s.find_last_not_of(" \t");
  s = first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
}
inline std::string trimmed(std::string s) {  // the value-returning form, on a std::optional's value
  auto first = s.find_first_not_of(' ');
  return first == std::string::npos ? std::string() : s.substr(first, s.find_last_not_of(' ') - first + 1);
}
inline void capitalize(std::string& s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
}
}  // namespace shaped

template <>
struct quarry::Model<shaped::Subscriber> {
  static constexpr auto table = "transform_members";
  static constexpr auto transforms = quarry::transforms(
      quarry::on_write<&shaped::Subscriber::email>(&shaped::trim_lower),
      quarry::on_write<&shaped::Subscriber::nickname>(&shaped::trimmed),
      quarry::on_write<&shaped::Subscriber::display>(&shaped::trim_lower),
      quarry::on_read<&shaped::Subscriber::display>(&shaped::capitalize));
  // " ADA@EXAMPLE.COM " is no email address: it passes only as on_write made it
  static constexpr auto validate = quarry::validators(quarry::rules<&shaped::Subscriber::email>(quarry::is_email));
};
template <>
struct quarry::Model<shaped::Team> {
  static constexpr auto table = "transform_teams";
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&shaped::Team::members, &shaped::Subscriber::team_id>());
};

using shaped::Subscriber;
using shaped::Team;

namespace {
quarry::Database fresh_shaped() {
  auto db = test::fresh();
  db.sync<Team, Subscriber>({.force = true});
  return db;
}
/// What the database holds, read without the model (so without on_read).
std::string stored(quarry::Database& db, const char* column, std::int64_t id) {
  std::string sql = std::string("SELECT ") + column + " FROM transform_members WHERE id = ?";
  auto rows = db.query<std::tuple<std::string>>(sql, id);
  REQUIRE(rows.size() == 1);
  return std::get<0>(rows[0]);
}
}  // namespace

TEST_CASE("transforms: on_write runs before validation on create, save, update and upsert", "[transforms]") {
  auto db = fresh_shaped();
  auto team = db.create(Team{.name = "core"});
  auto ada = db.create(Subscriber{.email = "  ADA@Example.COM ", .nickname = "  ada ", .display = " ADA", .team_id = team.id});
  CHECK(ada.email == "ada@example.com");  // the row keeps what was written
  CHECK(ada.nickname == "ada");
  CHECK(stored(db, "email", ada.id) == "ada@example.com");
  CHECK(stored(db, "display", ada.id) == "ada");

  ada.email = " ADA@NEW.ORG";
  db.update(ada);
  CHECK(stored(db, "email", ada.id) == "ada@new.org");
  ada.email = "\tAda@Saved.Org ";
  db.save(ada);
  CHECK(stored(db, "email", ada.id) == "ada@saved.org");

  auto up = db.upsert(Subscriber{.id = ada.id, .email = " ADA@UPSERT.ORG", .display = "Ada", .team_id = team.id});
  CHECK(stored(db, "email", ada.id) == "ada@upsert.org");
  CHECK(up.email == "ada@upsert.org");

  // a value that stays invalid after the transform is refused, and nothing is written
  CHECK_THROWS_AS(db.create(Subscriber{.email = " NOT AN EMAIL ", .team_id = team.id}), quarry::ValidationError);
  CHECK(db.count<Subscriber>() == 1);

  // no value in a std::optional: the transform of its value does not run
  auto bob = db.create(Subscriber{.email = "bob@example.com", .team_id = team.id});
  CHECK_FALSE(bob.nickname.has_value());
  CHECK_FALSE(db.find_by_pk<Subscriber>(bob.id)->nickname.has_value());
}

TEST_CASE("transforms: bulk_create and the plain values of set(...) are transformed too", "[transforms]") {
  auto db = fresh_shaped();
  auto team = db.create(Team{.name = "core"});
  std::vector<Subscriber> rows{{.email = " A@X.ORG", .team_id = team.id}, {.email = "B@X.ORG ", .team_id = team.id}};
  db.bulk_create(rows);
  auto all = db.find_all<Subscriber>(order_by(col<&Subscriber::email>));
  REQUIRE(all.size() == 2);
  CHECK(all[0].email == "a@x.org");
  CHECK(all[1].email == "b@x.org");

  // " C@X.ORG " is valid only once transformed: set(...) validates what it writes
  CHECK(db.update<Subscriber>(set(col<&Subscriber::email> = " C@X.ORG ", col<&Subscriber::nickname> = " cee "),
                          where(col<&Subscriber::id> == all[0].id)) == 1);
  CHECK(stored(db, "email", all[0].id) == "c@x.org");
  CHECK(stored(db, "nickname", all[0].id) == "cee");
  CHECK_THROWS_AS(db.update<Subscriber>(set(col<&Subscriber::email> = " no email "), where(col<&Subscriber::id> == all[0].id)),
                  quarry::ValidationError);
  CHECK(stored(db, "email", all[0].id) == "c@x.org");
  // an expression is not a plain value: written as it is
  CHECK(db.update<Subscriber>(set(col<&Subscriber::display> = col<&Subscriber::email>), where(col<&Subscriber::id> == all[1].id)) == 1);
  CHECK(stored(db, "display", all[1].id) == "b@x.org");
}

TEST_CASE("transforms: on_read runs on every row read, at every include level", "[transforms]") {
  auto db = fresh_shaped();
  auto team = db.create(Team{.name = "core"});
  auto ada = db.create(Subscriber{.email = "ada@example.com", .display = "ADA LOVELACE", .team_id = team.id});
  CHECK(stored(db, "display", ada.id) == "ada lovelace");

  CHECK(db.find_by_pk<Subscriber>(ada.id)->display == "Ada lovelace");
  CHECK(db.find_all<Subscriber>().at(0).display == "Ada lovelace");
  CHECK(db.find_one<Subscriber>(where(col<&Subscriber::id> == ada.id))->display == "Ada lovelace");
  auto teams = db.find_all<Team>(include<&Team::members>());
  REQUIRE(teams.size() == 1);
  REQUIRE(teams[0].members.size() == 1);
  CHECK(teams[0].members[0].display == "Ada lovelace");
  // raw SQL read into the model, columns by name
  CHECK(db.query<Subscriber>("SELECT * FROM transform_members").at(0).display == "Ada lovelace");
  // a row read back is written again as its on_write makes it
  auto again = *db.find_by_pk<Subscriber>(ada.id);
  db.update(again);
  CHECK(stored(db, "display", ada.id) == "ada lovelace");
}
