// Hooks (docs/hooks.md): the Express guide's User hashes its password before it is saved and
// writes an audit row after it is created, in the same transaction; a hook registered on the
// Database lowercases every email; a transaction sends its mail only once it has committed.
//
//   07-hooks sqlite:hooks.db        (or a postgres:// or mysql:// URL)

#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

struct User {
  std::int64_t id{};
  std::string name{};
  std::string email{};
  std::string password{};
  quarry::Timestamp created_at{}, updated_at{};
};

struct AuditEntry {
  std::int64_t id{};
  std::string what{};
};

// Not a real password hash: an example must not need a crypto library. Use bcrypt or argon2.
std::string hash(const std::string& password) { return "h$" + std::to_string(std::hash<std::string>{}(password)); }

void hash_password(User& u) {
  if (u.password.rfind("h$", 0) != 0) u.password = hash(u.password);
}

void audit_signup(User& u, quarry::Session& db) {  // db: the same connection and transaction
  db.create(AuditEntry{.what = "signup " + std::to_string(u.id)});
}

template <>
struct quarry::Model<User> {
  static constexpr auto fields = quarry::fields(quarry::field<&User::email>(quarry::unique, quarry::size(200)));
  static constexpr auto validate = quarry::validators(quarry::rules<&User::email>(quarry::is_email));
  static constexpr auto hooks = quarry::hooks(
      quarry::before_save(&hash_password),
      quarry::before_create([](User& u) {
        if (u.name == "root") throw std::invalid_argument("that name is reserved");
      }),
      quarry::after_create(&audit_signup));
};

int main(int argc, char** argv) {
  using namespace quarry::dsl;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATABASE-URL\n", argv[0]);
    return 2;
  }
  quarry::Database db{argv[1]};
  db.sync<User, AuditEntry>({.force = true});
  int failures = 0;
  auto expect = [&](bool ok, const char* what) {
    std::printf("%s %s\n", ok ? "ok:  " : "FAIL:", what);
    failures += ok ? 0 : 1;
  };

  // For every model: emails are stored in lower case (runs before the validators).
  db.add_hook(quarry::before_validate, [](const quarry::HookEvent& e, quarry::Session&) {
    if (auto* u = e.row<User>())
      std::transform(u->email.begin(), u->email.end(), u->email.begin(), [](unsigned char c) { return std::tolower(c); });
  });

  auto ann = db.create(User{.name = "Ann", .email = "Ann@Example.com", .password = "correct horse"});
  expect(ann.password == hash("correct horse"), "the password is hashed before it is written");
  expect(db.find_by_pk<User>(ann.id)->password == hash("correct horse"), "and the stored column holds the hash");
  expect(ann.email == "ann@example.com", "the global hook lowercased the email");
  expect(db.count<AuditEntry>() == 1, "after_create wrote the audit row");

  try {
    db.create(User{.name = "root", .email = "root@example.com", .password = "x"});
    expect(false, "a reserved name is refused");
  } catch (const std::invalid_argument&) {
    expect(db.count<User>() == 1 && db.count<AuditEntry>() == 1, "a throwing before_create writes nothing");
  }

  std::vector<std::string> outbox;
  try {
    db.transaction([&](quarry::Transaction& tx) {
      auto bob = tx.create(User{.name = "Bob", .email = "bob@example.com", .password = "pw"});
      tx.after_commit([&outbox, bob] { outbox.push_back("welcome " + bob.email); });
      throw std::runtime_error("the request failed after the insert");
    });
  } catch (const std::runtime_error&) {
  }
  expect(outbox.empty() && db.count<AuditEntry>() == 1, "rolled back: no user, no audit row, no mail");

  db.transaction([&](quarry::Transaction& tx) {
    auto cy = tx.create(User{.name = "Cy", .email = "cy@example.com", .password = "pw"});
    tx.after_commit([&outbox, cy] { outbox.push_back("welcome " + cy.email); });
    expect(outbox.empty(), "after_commit waits for the commit");
  });
  expect(outbox.size() == 1 && outbox[0] == "welcome cy@example.com", "committed: the mail goes out");

  db.drop<User, AuditEntry>();  // the tables go, so that other programs on this database start clean
  return failures == 0 ? 0 : 1;
}
