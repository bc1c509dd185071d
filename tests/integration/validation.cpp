// Declared validators on every database: a row or a set(...) value that fails one is refused
// before any SQL is sent, on every write path, and the caller's row is left as it was.
#include "fixture.hpp"

#include <quarry/matches.hpp>

using namespace quarry::dsl;

namespace validation {
struct Member {
  std::int64_t id{};
  std::string name{};
  std::string email{};
  std::optional<std::string> website{};
  std::int32_t age{};
  std::string role{"member"};
  quarry::Timestamp created_at{}, updated_at{};
};
}  // namespace validation

template <>
struct quarry::Model<validation::Member> {
  static constexpr auto fields = quarry::fields(quarry::field<&validation::Member::email>(quarry::unique, quarry::size(200)));
  static constexpr auto validate = quarry::validators(
      quarry::rules<&validation::Member::name>(quarry::not_empty, quarry::matches("^[A-Za-z ]+$")),
      quarry::rules<&validation::Member::email>(quarry::is_email),
      quarry::rules<&validation::Member::website>(quarry::is_url),
      quarry::rules<&validation::Member::age>(quarry::min(13), quarry::max(130)),
      quarry::rules<&validation::Member::role>(quarry::is_in("admin", "member")),
      quarry::row_rule(
          "admin", [](const validation::Member& m) { return m.role != "admin" || m.age >= 18; },
          "admins are adults"));
};

using validation::Member;

namespace {
quarry::Database fresh_members(std::vector<std::string>* log = nullptr) {
  quarry::Database db{test::url()};
  db.sync<Member>({.force = true});
  if (log) db.on_log([log](const quarry::LogEntry& e) { log->emplace_back(e.sql); });
  return db;
}

Member ann() { return {.name = "Ann", .email = "ann@example.com", .age = 30}; }

/// The validators that failed, in order.
template <class F>
std::vector<std::string> refused(F&& write) {
  try {
    write();
  } catch (const quarry::ValidationError& e) {
    std::vector<std::string> out;
    for (const auto& f : e.errors()) out.push_back(f.field + " " + f.validator);
    return out;
  }
  return {};
}
}  // namespace

TEST_CASE("validators: a row that fails one is never sent, on every write path", "[validation]") {
  std::vector<std::string> log;
  auto db = fresh_members(&log);
  auto saved = db.create(ann());
  log.clear();

  auto bad = ann();
  bad.email = "not an email";
  bad.age = 12;
  CHECK(refused([&] { db.create(bad); }) == std::vector<std::string>{"email is_email", "age min"});
  CHECK(refused([&] { db.save(bad); }) == std::vector<std::string>{"email is_email", "age min"});
  CHECK(refused([&] { db.upsert(bad); }) == std::vector<std::string>{"email is_email", "age min"});
  CHECK(refused([&] { db.find_or_create(where(col<&Member::email> == "x@example.com"), bad); }) ==
        std::vector<std::string>{"email is_email", "age min"});

  auto changed = saved;
  changed.website = "no url here";
  auto before = changed;
  CHECK(refused([&] { db.update(changed); }) == std::vector<std::string>{"website is_url"});
  CHECK(changed.updated_at == before.updated_at);  // the caller's row as it was
  CHECK(refused([&] { db.save(changed); }) == std::vector<std::string>{"website is_url"});

  changed = saved;
  changed.role = "admin";
  changed.age = 16;
  CHECK(refused([&] { db.update(changed); }) == std::vector<std::string>{"admin row_rule"});

  // statements that only read may have run (find_or_create looks first); nothing was written
  for (const auto& sql : log) {
    CHECK(sql.find("INSERT") == std::string::npos);
    CHECK(sql.find("UPDATE") == std::string::npos);
  }
  auto stored = db.find_all<Member>();
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].website == std::nullopt);
  CHECK(stored[0].role == "member");
}

TEST_CASE("validators: bulk_create names each failing row, and writes none", "[validation]") {
  auto db = fresh_members();
  std::vector<Member> rows{ann(), ann(), ann()};
  rows[1].email = "bob@example.com";
  rows[2].email = "cy@example";
  rows[2].name = "C3PO";
  try {
    db.bulk_create(rows);
    FAIL("no exception");
  } catch (const quarry::ValidationError& e) {
    REQUIRE(e.errors().size() == 2);
    CHECK(e.errors()[0].field == "[2].name");
    CHECK(e.errors()[0].validator == "matches");
    CHECK(e.errors()[1].field == "[2].email");
    CHECK(e.errors()[1].column == "email");
    CHECK(e.errors()[1].message == "is not an email address");
  }
  CHECK(db.count<Member>() == 0);
  rows[2] = ann();
  rows[2].email = "cy@example.com";
  CHECK(db.bulk_create(rows).size() == 3);
}

TEST_CASE("validators: the plain values of set(...) meet the member's rules", "[validation]") {
  auto db = fresh_members();
  auto saved = db.create(ann());
  CHECK(refused([&] { db.update<Member>(set(col<&Member::role> = "owner"), where(col<&Member::id> == saved.id)); }) ==
        std::vector<std::string>{"role is_in"});
  CHECK(refused([&] {
          db.update<Member>(set(col<&Member::email> = "nope", col<&Member::age> = 200), where(col<&Member::id> == saved.id));
        }) == std::vector<std::string>{"email is_email", "age max"});
  CHECK(db.find_by_pk<Member>(saved.id)->email == "ann@example.com");
  CHECK(db.update<Member>(set(col<&Member::role> = "admin"), where(col<&Member::id> == saved.id)) == 1);
  CHECK(db.find_by_pk<Member>(saved.id)->role == "admin");
}

TEST_CASE("validators: a failed write inside a transaction leaves it usable", "[validation]") {
  auto db = fresh_members();
  db.transaction([&](quarry::Transaction& tx) {
    auto bad = ann();
    bad.name = "";
    CHECK(refused([&] { tx.create(bad); }) == std::vector<std::string>{"name not_empty", "name matches"});
    tx.create(ann());
  });
  CHECK(db.count<Member>() == 1);
}
