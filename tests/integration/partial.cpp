// Partial rows (only<...>, except<...>, hidden fields and with_hidden<...>, on find_all, find_one,
// find_by_pk and includes; keys always read), and the rest of a model's definition: snake_case
// column names, one timestamp alone or renamed, column comments, and UUID keys generated on insert.
#include "fixture.hpp"

#include <algorithm>

using namespace quarry::dsl;

namespace partial {
struct Member;
struct Team {
  quarry::Uuid id{};  // `id`: the key by convention; a random UUID given on insert
  std::string name{};
  std::vector<Member> members;
};
struct Member {
  std::int64_t id{};
  std::string displayName{};   // display_name
  std::string email{};
  std::string passwordHash{};  // password_hash, hidden
  std::string bio{};
  quarry::Uuid teamId{};        // team_id
  quarry::Timestamp createdAt{};  // created_at, maintained; there is no updatedAt
  std::optional<Team> team{};
};
struct Draft {  // timestamps = false: both are plain columns
  std::int64_t id{};
  std::string text{};
  quarry::Timestamp created_at{}, updated_at{};
};
struct Entry {  // created_at's role on a member of another name
  std::int64_t id{};
  std::string text{};
  quarry::Timestamp made{};
  quarry::Timestamp updated_at{};
};
}  // namespace partial

template <>
struct quarry::Model<partial::Team> {
  static constexpr auto table = "partial_teams";  // tables of their own: other tests have teams and members
  static constexpr auto fields = quarry::fields(quarry::field<&partial::Team::id>(quarry::default_random_uuid));
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&partial::Team::members, &partial::Member::teamId>());
};
template <>
struct quarry::Model<partial::Member> {
  static constexpr auto table = "partial_members";
  static constexpr auto naming = quarry::snake_case;
  static constexpr auto fields = quarry::fields(
      quarry::field<&partial::Member::email>(quarry::column("mail")),  // an explicit name wins
      quarry::field<&partial::Member::passwordHash>(quarry::hidden),
      quarry::field<&partial::Member::bio>(quarry::comment("About the member: it's free text, C:\\bio")));
  static constexpr auto associations =
      quarry::associations(quarry::belongs_to<&partial::Member::team, &partial::Member::teamId>());
};
template <>
struct quarry::Model<partial::Draft> {
  static constexpr auto table = "partial_drafts";
  static constexpr bool timestamps = false;
};
template <>
struct quarry::Model<partial::Entry> {
  static constexpr auto table = "partial_entries";
  static constexpr auto fields = quarry::fields(quarry::field<&partial::Entry::made>(quarry::created_at));
};

// The test cases live in the file's namespace: its Team, Member, Entry and Draft need no
// using-declaration that could meet another file's in a shared translation unit.
namespace partial {

namespace {
struct Club {
  quarry::Database db{test::url()};
  Team red, blue;
  Member ada, bob;

  Club() {
    db.sync<Team, Member, Draft, Entry>({.force = true});
    red = db.create(Team{.name = "red"});
    blue = db.create(Team{.name = "blue"});
    ada = db.create(Member{.displayName = "Ada", .email = "ada@example.com", .passwordHash = "h-ada", .bio = "math",
                           .teamId = red.id});
    bob = db.create(Member{.displayName = "Bob", .email = "bob@example.com", .passwordHash = "h-bob", .bio = "music",
                           .teamId = blue.id});
  }
};
}  // namespace

TEST_CASE("partial rows: only<...> reads those columns and the key; the others stay as T{} has them", "[partial]") {
  Club c;
  auto rows = c.db.find_all<Member>(only<&Member::displayName>(), order_by(col<&Member::id>));
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].id == c.ada.id);  // the key, though not listed
  CHECK(rows[0].displayName == "Ada");
  CHECK(rows[0].email.empty());
  CHECK(rows[0].bio.empty());
  CHECK(rows[0].teamId == quarry::Uuid{});
  CHECK(rows[1].displayName == "Bob");

  auto one = c.db.find_one<Member>(where(col<&Member::email> == "bob@example.com"), only<&Member::email, &Member::bio>());
  REQUIRE(one);
  CHECK(one->id == c.bob.id);
  CHECK(one->email == "bob@example.com");
  CHECK(one->bio == "music");
  CHECK(one->displayName.empty());

  auto by_pk = c.db.find_by_pk<Member>(c.ada.id, only<&Member::bio>());
  REQUIRE(by_pk);
  CHECK(by_pk->id == c.ada.id);
  CHECK(by_pk->bio == "math");
  CHECK(by_pk->email.empty());
}

TEST_CASE("partial rows: except<...> reads every column but those (and the hidden ones)", "[partial]") {
  Club c;
  auto rows = c.db.find_all<Member>(except<&Member::bio, &Member::id>(), order_by(col<&Member::id>));
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].id == c.ada.id);  // the key is read anyway
  CHECK(rows[0].displayName == "Ada");
  CHECK(rows[0].email == "ada@example.com");
  CHECK(rows[0].teamId == c.red.id);
  CHECK(rows[0].createdAt == c.ada.createdAt);
  CHECK(rows[0].bio.empty());
  CHECK(rows[0].passwordHash.empty());
  auto page = c.db.find_and_count_all<Member>(except<&Member::email>(), limit(1));
  CHECK(page.count == 2);
  REQUIRE(page.rows.size() == 1);
  CHECK(page.rows[0].email.empty());
  CHECK_FALSE(page.rows[0].displayName.empty());
}

TEST_CASE("partial rows: a hidden column is read only when a query names it", "[partial]") {
  Club c;
  CHECK(c.ada.passwordHash == "h-ada");  // create wrote it
  auto all = c.db.find_all<Member>(order_by(col<&Member::id>));
  REQUIRE(all.size() == 2);
  CHECK(all[0].passwordHash.empty());
  CHECK(all[0].email == "ada@example.com");
  auto every = c.db.find_all<Member>();  // the prepared shape of every row
  REQUIRE(every.size() == 2);
  CHECK(every[0].passwordHash.empty());
  CHECK_FALSE(every[0].displayName.empty());
  auto by_pk = c.db.find_by_pk<Member>(c.ada.id);  // the prepared shape by key
  REQUIRE(by_pk);
  CHECK(by_pk->passwordHash.empty());
  CHECK(by_pk->bio == "math");

  auto login = c.db.find_one<Member>(where(col<&Member::email> == "ada@example.com"),
                                     with_hidden<&Member::passwordHash>());
  REQUIRE(login);
  CHECK(login->passwordHash == "h-ada");
  CHECK(login->displayName == "Ada");
  auto only_hash = c.db.find_by_pk<Member>(c.bob.id, only<&Member::passwordHash>());
  REQUIRE(only_hash);
  CHECK(only_hash->passwordHash == "h-bob");
  CHECK(only_hash->displayName.empty());

  // save and update(row) of a row read without its hidden column do not blank it
  by_pk->displayName = "Ada L.";
  c.db.save(*by_pk);
  c.db.update(*by_pk);
  CHECK(c.db.reload(*by_pk));
  CHECK(by_pk->displayName == "Ada L.");
  CHECK(by_pk->passwordHash.empty());  // reload reads what a read reads by default
  auto again = c.db.find_by_pk<Member>(c.ada.id, with_hidden<&Member::passwordHash>());
  REQUIRE(again);
  CHECK(again->passwordHash == "h-ada");
  // a write by where sets it
  c.db.update<Member>(set(col<&Member::passwordHash> = "h-new"), where(col<&Member::id> == c.ada.id));
  CHECK(c.db.find_by_pk<Member>(c.ada.id, only<&Member::passwordHash>())->passwordHash == "h-new");
  // raw SQL reads it by name, as asked
  auto raw = c.db.query<std::string>("SELECT password_hash FROM partial_members WHERE id = ?", c.ada.id);
  CHECK(raw == std::vector<std::string>{"h-new"});
}

TEST_CASE("partial rows: includes read their own picks, and the keys that match rows are always read", "[partial]") {
  Club c;
  // the parent's key (has_many) and the members' team_id are read though neither is listed
  auto teams = c.db.find_all<Team>(only<&Team::name>(), include<&Team::members>(only<&Member::displayName>()),
                                   order_by(col<&Team::name>));
  REQUIRE(teams.size() == 2);
  CHECK(teams[0].name == "blue");
  REQUIRE(teams[0].members.size() == 1);
  CHECK(teams[0].members[0].displayName == "Bob");
  CHECK(teams[0].members[0].email.empty());
  CHECK(teams[0].members[0].teamId == c.blue.id);
  REQUIRE(teams[1].members.size() == 1);
  CHECK(teams[1].members[0].displayName == "Ada");

  // belongs_to: the foreign key on the parent is read though only<...> leaves it out
  auto members = c.db.find_all<Member>(only<&Member::displayName>(), include<&Member::team>(except<&Team::name>()),
                                       order_by(col<&Member::id>));
  REQUIRE(members.size() == 2);
  CHECK(members[0].teamId == c.red.id);
  REQUIRE(members[0].team);
  CHECK(members[0].team->id == c.red.id);
  CHECK(members[0].team->name.empty());
  CHECK(members[0].email.empty());

  // hidden columns stay out of included rows too, unless the include names them
  auto with = c.db.find_by_pk<Team>(c.red.id, include<&Team::members>());
  REQUIRE(with);
  REQUIRE(with->members.size() == 1);
  CHECK(with->members[0].passwordHash.empty());
  CHECK(with->members[0].bio == "math");
  auto hashed = c.db.find_by_pk<Team>(c.red.id, include<&Team::members>(with_hidden<&Member::passwordHash>()));
  REQUIRE(hashed);
  REQUIRE(hashed->members.size() == 1);
  CHECK(hashed->members[0].passwordHash == "h-ada");
}

TEST_CASE("UUID keys: create, save and bulk_create generate them; find_by_pk and includes use them", "[partial][uuid]") {
  Club c;
  CHECK(c.red.id != quarry::Uuid{});
  CHECK(c.red.id != c.blue.id);
  auto found = c.db.find_by_pk<Team>(c.red.id);
  REQUIRE(found);
  CHECK(found->name == "red");

  Team green{.name = "green"};
  c.db.save(green);  // a key to generate: inserted
  CHECK(green.id != quarry::Uuid{});
  green.name = "dark green";
  c.db.save(green);  // updated by its key
  CHECK(c.db.count<Team>() == 3);
  CHECK(c.db.find_by_pk<Team>(green.id)->name == "dark green");

  auto given = quarry::Uuid::parse("6f1c2a52-8a4f-4b39-9d1e-3f2a3b4c5d6e");
  auto mine = c.db.create(Team{.id = given, .name = "given"});
  CHECK(mine.id == given);  // a key the program gave is kept

  auto many = c.db.bulk_create(std::vector<Team>{{.name = "a"}, {.name = "b"}, {.name = "c"}});
  REQUIRE(many.size() == 3);
  CHECK(many[0].id != quarry::Uuid{});
  CHECK(many[0].id != many[1].id);
  CHECK(many[1].id != many[2].id);
  CHECK(c.db.find_by_pk<Team>(many[2].id)->name == "c");

  auto member = c.db.create(Member{.displayName = "Cy", .email = "cy@example.com", .teamId = many[1].id});
  auto read = c.db.find_by_pk<Member>(member.id, include<&Member::team>());
  REQUIRE(read);
  REQUIRE(read->team);
  CHECK(read->team->name == "b");
  auto team = c.db.find_by_pk<Team>(many[1].id, include<&Team::members>());
  REQUIRE(team);
  REQUIRE(team->members.size() == 1);
  CHECK(team->members[0].displayName == "Cy");
}

TEST_CASE("naming: snake_case columns for camelCase members, an explicit column name wins", "[partial][naming]") {
  Club c;
  auto rows = c.db.query<std::tuple<std::string, std::string, std::string>>(
      "SELECT display_name, mail, password_hash FROM partial_members WHERE id = ?", c.ada.id);
  REQUIRE(rows.size() == 1);
  CHECK(std::get<0>(rows[0]) == "Ada");
  CHECK(std::get<1>(rows[0]) == "ada@example.com");
  CHECK(std::get<2>(rows[0]) == "h-ada");
  // createdAt is the created_at column, and maintained; there is no updated_at
  CHECK(c.ada.createdAt != quarry::Timestamp{});
  auto stamped = c.db.query<std::int64_t>("SELECT COUNT(*) FROM partial_members WHERE created_at IS NOT NULL");
  CHECK(stamped == std::vector<std::int64_t>{2});
  // by name, raw rows fill the members whose column they name
  auto byname = c.db.query<Member>("SELECT id, display_name, team_id FROM partial_members WHERE id = ?", c.bob.id);
  REQUIRE(byname.size() == 1);
  CHECK(byname[0].displayName == "Bob");
  CHECK(byname[0].teamId == c.blue.id);
}

TEST_CASE("timestamps: off with timestamps = false, or on a member of another name", "[partial][timestamps]") {
  Club c;
  auto draft = c.db.create(Draft{.text = "d"});
  CHECK(draft.created_at == quarry::Timestamp{});
  CHECK(draft.updated_at == quarry::Timestamp{});
  auto at = quarry::Timestamp{std::chrono::sys_days{std::chrono::year{2020} / 1 / 2}};
  draft.updated_at = at;
  c.db.save(draft);
  CHECK(c.db.find_by_pk<Draft>(draft.id)->updated_at == at);  // written as given, not stamped

  auto entry = c.db.create(Entry{.text = "e"});
  CHECK(entry.made != quarry::Timestamp{});
  CHECK(entry.updated_at != quarry::Timestamp{});
  auto made = entry.made;
  entry.text = "f";
  c.db.save(entry);
  auto read = c.db.find_by_pk<Entry>(entry.id);
  REQUIRE(read);
  CHECK(read->made == made);  // created_at's role: an update leaves it
  CHECK(read->updated_at >= made);
}

TEST_CASE("comments: COMMENT on PostgreSQL and MySQL, none on SQLite", "[partial][comments]") {
  Club c;
  if (test::on("postgres")) {
    auto comment = c.db.query<std::string>(
        "SELECT col_description('partial_members'::regclass, a.attnum) FROM pg_attribute a "
        "WHERE a.attrelid = 'partial_members'::regclass AND a.attname = 'bio'");
    CHECK(comment == std::vector<std::string>{"About the member: it's free text, C:\\bio"});
  } else if (test::on("mysql") || test::on("mariadb")) {
    auto comment = c.db.query<std::string>(
        "SELECT COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_NAME = 'partial_members' AND COLUMN_NAME = 'bio'");
    CHECK(comment == std::vector<std::string>{"About the member: it's free text, C:\\bio"});
  } else {
    // SQLite keeps no comments: the table is created all the same
    CHECK(c.db.count<Member>() == 2);
  }
  // sync again: idempotent, comments included
  c.db.sync<Team, Member>();
  CHECK(c.db.count<Member>() == 2);
}

}  // namespace partial
