// Validators declared in the model turn a bad request into a clean list of what is wrong before
// any SQL is sent (docs/validation.md): the Express guide's User, with its email validated as
// an email and its role one of two.
//
//   06-validation sqlite:validation.db        (or a postgres:// or mysql:// URL)

#include <quarry/matches.hpp>
#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

struct User {
  std::int64_t id{};
  std::string name{};
  std::string email{};
  std::optional<std::string> homepage{};
  std::int32_t age{};
  std::string role{"member"};
  quarry::Timestamp created_at{}, updated_at{};
};

template <>
struct quarry::Model<User> {  // table "users", key `id`, timestamps: by convention
  static constexpr auto fields = quarry::fields(quarry::field<&User::name>(quarry::size(60)),
                                                quarry::field<&User::email>(quarry::unique, quarry::size(200)));
  static constexpr auto validate = quarry::validators(
      quarry::rules<&User::name>(quarry::not_empty),
      quarry::rules<&User::email>(quarry::is_email.msg("must be an email address like ann@example.com")),
      quarry::rules<&User::homepage>(quarry::is_url),  // optional: a missing homepage passes
      quarry::rules<&User::age>(quarry::min(13), quarry::max(130)),
      quarry::rules<&User::role>(quarry::is_in("admin", "member")),
      quarry::row_rule("role", [](const User& u) { return u.role != "admin" || u.age >= 18; }, "admins are adults"));
};

int main(int argc, char** argv) {
  using namespace quarry::dsl;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATABASE-URL\n", argv[0]);
    return 2;
  }
  quarry::Database db{argv[1]};
  db.sync<User>({.force = true});
  int failures = 0;
  auto expect = [&](bool ok, const char* what) {
    std::printf("%s %s\n", ok ? "ok:  " : "FAIL:", what);
    failures += ok ? 0 : 1;
  };

  auto ann = db.create(User{.name = "Ann", .email = "ann@example.com", .age = 34});
  expect(ann.id > 0, "a valid user is created");

  // What a web handler would answer with 400: every failure, by field, with its message.
  try {
    db.create(User{.name = "", .email = "bob at example", .homepage = "not a url", .age = 9, .role = "owner"});
    expect(false, "a bad user is refused");
  } catch (const quarry::ValidationError& e) {
    for (const auto& f : e.errors()) std::printf("       %s (%s): %s\n", f.field.c_str(), f.validator.c_str(), f.message.c_str());
    expect(e.errors().size() == 5, "a bad user is refused, with all five faults named");
  }

  // The model-wide rule: an admin must be an adult.
  ann.role = "admin";
  ann.age = 16;
  try {
    db.save(ann);
    expect(false, "a 16-year-old admin is refused");
  } catch (const quarry::ValidationError& e) {
    expect(e.errors().size() == 1 && e.errors()[0].message == "admins are adults", "a 16-year-old admin is refused");
  }

  // Plain values in set(...) meet the same rules.
  try {
    db.update<User>(set(col<&User::email> = "nobody"), where(col<&User::id> == ann.id));
    expect(false, "an invalid email in set() is refused");
  } catch (const quarry::ValidationError& e) {
    std::printf("       %s\n", e.what());
    expect(true, "an invalid email in set() is refused");
  }
  expect(db.count<User>() == 1 && db.find_by_pk<User>(ann.id)->email == "ann@example.com", "and nothing was written");

  db.drop<User>();
  return failures == 0 ? 0 : 1;
}
