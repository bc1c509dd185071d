// Partial rows and the rest of a model's definition (docs/models.md, docs/queries.md): a password
// hash that no read returns unless it asks, reads of a few columns, snake_case columns for
// camelCase members, a renamed timestamp, a column comment, and UUID keys made on insert.
//
//   11-partial-naming sqlite:partial.db        (or a postgres:// or mysql:// URL)

#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

using namespace quarry::dsl;

struct Person;
struct Workspace {
  quarry::Uuid id{};  // a random UUID given on insert
  std::string name{};
  std::vector<Person> people;
};
struct Person {
  std::int64_t id{};
  std::string fullName{};      // column full_name
  std::string email{};
  std::string passwordHash{};  // column password_hash, hidden
  quarry::Uuid workspaceId{};  // column workspace_id
  quarry::Timestamp joinedAt{};  // created_at's role, column joined_at; no updated_at
  std::optional<Workspace> workspace{};
};

template <>
struct quarry::Model<Person> {
  // Sequelize: { underscored: true, createdAt: 'joinedAt', updatedAt: false,
  //              defaultScope: { attributes: { exclude: ['passwordHash'] } } }
  static constexpr auto naming = quarry::snake_case;
  static constexpr auto fields = quarry::fields(
      quarry::field<&Person::email>(quarry::unique, quarry::size(200), quarry::comment("login, as typed")),
      quarry::field<&Person::passwordHash>(quarry::hidden),
      quarry::field<&Person::joinedAt>(quarry::created_at));
  static constexpr auto associations =
      quarry::associations(quarry::belongs_to<&Person::workspace, &Person::workspaceId>());
};
template <>
struct quarry::Model<Workspace> {
  // Sequelize: id: { type: DataTypes.UUID, defaultValue: DataTypes.UUIDV4, primaryKey: true }
  static constexpr auto fields = quarry::fields(quarry::field<&Workspace::id>(quarry::default_random_uuid));
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&Workspace::people, &Person::workspaceId>());
};

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATABASE-URL\n", argv[0]);
    return 2;
  }
  quarry::Database db{argv[1]};
  db.sync<Workspace, Person>({.force = true});
  int failures = 0;
  auto expect = [&](bool ok, const char* what) {
    std::printf("%s %s\n", ok ? "ok:  " : "FAIL:", what);
    failures += ok ? 0 : 1;
  };

  auto lab = db.create(Workspace{.name = "lab"});
  expect(lab.id != quarry::Uuid{}, "the workspace got a random UUID key");
  auto ada = db.create(Person{.fullName = "Ada Lovelace", .email = "ada@example.com", .passwordHash = "$argon2$...",
                              .workspaceId = lab.id});
  expect(ada.joinedAt != quarry::Timestamp{}, "joinedAt is stamped as created_at");

  // No read returns the hash unless it asks for it; save leaves it alone.
  auto read = db.find_by_pk<Person>(ada.id, include<&Person::workspace>());
  expect(read && read->passwordHash.empty() && read->workspace && read->workspace->name == "lab",
         "read with its workspace, without the hash");
  read->fullName = "Ada King";
  db.save(*read);
  auto login = db.find_one<Person>(where(col<&Person::email> == "ada@example.com"), with_hidden<&Person::passwordHash>());
  expect(login && login->passwordHash == "$argon2$..." && login->fullName == "Ada King", "the login asks for the hash");

  // A list of names reads two columns (and the key).
  auto names = db.find_all<Person>(only<&Person::fullName>());
  expect(names.size() == 1 && names[0].email.empty() && names[0].id == ada.id, "only<...>: the names and the keys");
  auto team = db.find_all<Workspace>(include<&Workspace::people>(except<&Person::email>()));
  expect(team.size() == 1 && team[0].people.size() == 1 && team[0].people[0].email.empty(),
         "an include reads its own columns, and the key it is matched by");

  // The columns are in snake_case.
  auto raw = db.query<std::string>("SELECT full_name FROM people WHERE workspace_id = ?", lab.id);
  expect(raw == std::vector<std::string>{"Ada King"}, "full_name, workspace_id");

  db.drop<Workspace, Person>();  // the tables go, so that other programs on this database start clean
  return failures == 0 ? 0 : 1;
}
