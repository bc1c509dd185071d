// Hooks on every database: declared in Model<T> and registered on a Database, run in the
// operation's transaction, able to change a row before it is written or to stop the write; and
// Transaction::after_commit and after_rollback.
#include "fixture.hpp"

#include <stdexcept>

using namespace quarry::dsl;

namespace hooked {
struct Account {
  std::int64_t id{};
  std::string name{};
  std::string password{};
  std::int32_t logins{};
  quarry::Timestamp created_at{}, updated_at{};
};
struct AuditEntry {
  std::int64_t id{};
  std::string what{};
};
struct Plain {  // declares no hook
  std::int64_t id{};
  std::string text{};
};

/// What the hooks saw, in order.
inline std::vector<std::string>& calls() {
  static std::vector<std::string> c;
  return c;
}

inline void note(std::string what) { calls().push_back(std::move(what)); }

inline std::string hashed(const std::string& password) { return "hash(" + password + ")"; }

inline void name_or_anonymous(Account& a) {
  note("before_validate");
  if (a.name.empty()) a.name = "anonymous";
}
inline void hash_password(Account& a, quarry::Session&) {
  note("before_save");
  if (a.password.rfind("hash(", 0) != 0) a.password = hashed(a.password);
}
inline void refuse_forbidden(Account& a) {
  note("before_create");
  if (a.name == "forbidden") throw std::runtime_error("forbidden name");
}
inline void audit_created(Account& a, quarry::Session& db) {
  note("after_create");
  db.create(AuditEntry{.what = "created " + a.name});
  if (a.name == "explode") throw std::runtime_error("after_create failed");
}
inline void audit_destroyed(const Account& a, quarry::Session& db) {
  note("after_destroy");
  db.create(AuditEntry{.what = "destroyed " + a.name});
}
}  // namespace hooked

// models of the association helpers' hooks
namespace hooked {
struct Member;
struct Badge;
struct Club {
  std::int64_t id{};
  std::string name{};
  std::vector<Member> members;
};
struct Member {
  std::int64_t id{};
  std::string name{};
  std::optional<std::int64_t> club_id{};
  std::vector<Badge> badges;
};
struct Badge {
  std::int64_t id{};
  std::string name{};
};
struct Award {  // the join rows of Member::badges
  std::int64_t id{};
  std::int64_t member_id{};
  std::int64_t badge_id{};
};
}  // namespace hooked

template <>
struct quarry::Model<hooked::Club> {
  static constexpr auto table = "hook_clubs";
  static constexpr auto associations = quarry::associations(quarry::has_many<&hooked::Club::members, &hooked::Member::club_id>());
};
template <>
struct quarry::Model<hooked::Member> {
  static constexpr auto table = "hook_members";
  static constexpr auto associations = quarry::associations(
      quarry::belongs_to_many<&hooked::Member::badges, &hooked::Award::member_id, &hooked::Award::badge_id>());
};
template <>
struct quarry::Model<hooked::Badge> {
  static constexpr auto table = "hook_badges";
};
template <>
struct quarry::Model<hooked::Award> {
  static constexpr auto table = "hook_awards";
};

// tables of their own: the suite shares one database, where other tests have "notes"
template <>
struct quarry::Model<hooked::AuditEntry> {
  static constexpr auto table = "hook_audit_entries";
};
template <>
struct quarry::Model<hooked::Plain> {
  static constexpr auto table = "hook_notes";
};
template <>
struct quarry::Model<hooked::Account> {
  static constexpr auto table = "hook_accounts";
  static constexpr auto validate = quarry::validators(quarry::rules<&hooked::Account::name>(quarry::not_empty));
  static constexpr auto hooks = quarry::hooks(
      quarry::before_validate(&hooked::name_or_anonymous),
      quarry::after_validate([](hooked::Account&) { hooked::note("after_validate"); }),
      quarry::before_create(&hooked::refuse_forbidden),
      quarry::before_save(&hooked::hash_password),
      quarry::after_create(&hooked::audit_created),
      quarry::after_save([](hooked::Account&, quarry::Session&) { hooked::note("after_save"); }),
      quarry::before_update([](hooked::Account& a) { hooked::note("before_update " + a.name); }),
      quarry::after_update([](hooked::Account& a) { hooked::note("after_update " + a.name); }),
      quarry::before_destroy([](const hooked::Account& a) { hooked::note("before_destroy " + a.name); }),
      quarry::after_destroy(&hooked::audit_destroyed),
      quarry::before_upsert([](hooked::Account&) { hooked::note("before_upsert"); }),
      quarry::after_upsert([](hooked::Account& a) { hooked::note("after_upsert " + a.name); }),
      quarry::before_bulk_create([](std::span<hooked::Account* const> rows) {
        hooked::note("before_bulk_create " + std::to_string(rows.size()));
      }),
      quarry::after_bulk_create([](std::span<hooked::Account* const> rows, quarry::Session&) {
        hooked::note("after_bulk_create " + std::to_string(rows.size()));
      }),
      quarry::before_bulk_update([] { hooked::note("before_bulk_update"); }),
      quarry::after_bulk_update([](quarry::Session&) { hooked::note("after_bulk_update"); }),
      quarry::before_bulk_destroy([] { hooked::note("before_bulk_destroy"); }),
      quarry::after_bulk_destroy([] { hooked::note("after_bulk_destroy"); }),
      quarry::after_find([](hooked::Account& a) { hooked::note("after_find " + a.name); }));
};

using hooked::Account;
using hooked::hashed;
using hooked::AuditEntry;
using hooked::Plain;

namespace {
quarry::Database fresh_accounts(std::vector<std::string>* log = nullptr) {
  quarry::Database db{test::url()};
  db.sync<Account, AuditEntry, Plain>({.force = true});
  if (log) db.on_log([log](const quarry::LogEntry& e) { log->emplace_back(e.sql); });
  hooked::calls().clear();
  return db;
}

std::string stored_password(quarry::Database& db, std::int64_t id) {
  auto rows = db.query<std::tuple<std::string>>("SELECT password FROM hook_accounts WHERE id = ?", id);
  REQUIRE(rows.size() == 1);
  return std::get<0>(rows[0]);
}

bool began(const std::vector<std::string>& log) {
  for (const auto& sql : log)
    if (sql.rfind("BEGIN", 0) == 0 || sql.rfind("START TRANSACTION", 0) == 0 || sql.rfind("SAVEPOINT", 0) == 0) return true;
  return false;
}
}  // namespace

TEST_CASE("hooks: create runs them in Sequelize's order, and a before_save hashes the password", "[hooks]") {
  auto db = fresh_accounts();
  auto ann = db.create(Account{.name = "ann", .password = "secret"});
  CHECK(hooked::calls() == std::vector<std::string>{"before_validate", "after_validate", "before_create", "before_save",
                                                   "after_create", "after_save"});
  CHECK(ann.password == hashed("secret"));
  CHECK(stored_password(db, ann.id) == hashed("secret"));  // the stored column holds the hash

  // before_validate runs before the validators: an empty name becomes "anonymous" and passes not_empty
  auto anon = db.create(Account{.password = "x"});
  CHECK(anon.name == "anonymous");
  CHECK(db.find_by_pk<Account>(anon.id)->name == "anonymous");

  // save of a stored row updates it: the update and save hooks, and the password hashed once
  hooked::calls().clear();
  ann.logins = 3;
  db.save(ann);
  CHECK(hooked::calls() == std::vector<std::string>{"before_validate", "after_validate", "before_update ann",
                                                   "before_save", "after_update ann", "after_save"});
  CHECK(stored_password(db, ann.id) == hashed("secret"));
  ann.password = "new";
  CHECK(db.update(ann));
  CHECK(stored_password(db, ann.id) == hashed("new"));
}

TEST_CASE("hooks: a throwing before-hook aborts the write with nothing written", "[hooks]") {
  std::vector<std::string> log;
  auto db = fresh_accounts(&log);
  CHECK_THROWS_WITH(db.create(Account{.name = "forbidden", .password = "p"}), "forbidden name");
  CHECK(db.count<Account>() == 0);
  CHECK(db.count<AuditEntry>() == 0);
  for (const auto& sql : log) CHECK(sql.find("INSERT") == std::string::npos);

  // the caller's row of save is left as it was: no key, no hash, no timestamps
  Account row{.name = "forbidden", .password = "p"};
  CHECK_THROWS_AS(db.save(row), std::runtime_error);
  CHECK(row.id == 0);
  CHECK(row.password == "p");
  CHECK(row.created_at == quarry::Timestamp{});
  CHECK(db.count<Account>() == 0);
}

TEST_CASE("hooks: after-hooks run in the operation's transaction", "[hooks]") {
  std::vector<std::string> log;
  auto db = fresh_accounts(&log);

  // an after_create writes through its context, committed with the row
  auto ann = db.create(Account{.name = "ann", .password = "p"});
  auto audit = db.find_all<AuditEntry>();
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].what == "created ann");
  CHECK(began(log));  // a model with after-hooks gets a transaction of its own

  // a throwing after-hook rolls back the row and what the hooks wrote; the caller's row is as it was
  Account bomb{.name = "explode", .password = "p"};
  CHECK_THROWS_WITH(db.save(bomb), "after_create failed");
  CHECK(bomb.id == 0);
  CHECK(bomb.password == "p");
  CHECK(db.count<Account>() == 1);
  CHECK(db.count<AuditEntry>() == 1);

  // inside a transaction that rolls back, the row and the audit row written by its hook are gone
  try {
    db.transaction([&](quarry::Transaction& tx) {
      tx.create(Account{.name = "bob", .password = "p"});
      CHECK(tx.count<AuditEntry>() == 2);  // the hook wrote on the transaction's connection
      throw std::runtime_error("undo");
    });
  } catch (const std::runtime_error&) {
  }
  CHECK(db.count<Account>() == 1);
  CHECK(db.count<AuditEntry>() == 1);

  // db. calls inside a transaction join it, and so do their hooks
  db.transaction([&] { db.destroy(ann); });
  CHECK(db.count<Account>() == 0);
  REQUIRE(db.count<AuditEntry>() == 2);
  CHECK(db.find_all<AuditEntry>(order_by(col<&AuditEntry::id>))[1].what == "destroyed ann");
}

TEST_CASE("hooks: a model without hooks opens no transaction for them", "[hooks]") {
  std::vector<std::string> log;
  auto db = fresh_accounts(&log);
  log.clear();
  auto n = db.create(Plain{.text = "plain"});
  db.save(n);
  db.destroy(n);
  db.find_all<Plain>();
  CHECK_FALSE(began(log));
  CHECK(hooked::calls().empty());
}

TEST_CASE("hooks: destroy, upsert and after_find", "[hooks]") {
  auto db = fresh_accounts();
  auto ann = db.create(Account{.name = "ann", .password = "p"});
  hooked::calls().clear();

  auto found = db.find_by_pk<Account>(ann.id);
  REQUIRE(found);
  CHECK(db.find_all<Account>().size() == 1);
  CHECK(db.find_one<Account>(where(col<&Account::name> == "ann")).has_value());
  CHECK(hooked::calls() == std::vector<std::string>{"after_find ann", "after_find ann", "after_find ann"});

  hooked::calls().clear();
  auto up = ann;
  up.logins = 7;
  auto stored = db.upsert(up);
  CHECK(stored.logins == 7);
  CHECK(hooked::calls() == std::vector<std::string>{"before_validate", "after_validate", "before_upsert",
                                                   "after_upsert ann"});

  hooked::calls().clear();
  CHECK(db.destroy(ann));
  CHECK(hooked::calls() == std::vector<std::string>{"before_destroy ann", "after_destroy"});
  hooked::calls().clear();
  CHECK_FALSE(db.destroy(ann));  // nothing destroyed: no after-hook
  CHECK(hooked::calls() == std::vector<std::string>{"before_destroy ann"});
}

TEST_CASE("hooks: bulk operations run the per-row hooks only with individual_hooks", "[hooks]") {
  auto db = fresh_accounts();
  auto rows = db.bulk_create(std::vector<Account>{{.name = "a", .password = "1"}, {.name = "b", .password = "2"}});
  CHECK(hooked::calls() == std::vector<std::string>{"before_bulk_create 2", "after_bulk_create 2"});
  CHECK(rows[0].password == "1");
  CHECK(stored_password(db, rows[0].id) == "1");

  hooked::calls().clear();
  rows = db.bulk_create(std::vector<Account>{{.name = "c", .password = "3"}, {.name = "d", .password = "4"}},
                        quarry::individual_hooks);
  CHECK(hooked::calls() == std::vector<std::string>{
                              "before_bulk_create 2", "before_validate", "before_validate", "after_validate",
                              "before_create", "before_save", "after_validate", "before_create", "before_save",
                              "after_create", "after_save", "after_create", "after_save", "after_bulk_create 2"});
  CHECK(stored_password(db, rows[1].id) == hashed("4"));
  CHECK(db.count<AuditEntry>() == 2);

  // a throwing per-row hook writes none of the rows
  CHECK_THROWS(db.bulk_create(std::vector<Account>{{.name = "e"}, {.name = "forbidden"}}, quarry::individual_hooks));
  CHECK(db.count<Account>() == 4);

  hooked::calls().clear();
  CHECK(db.update<Account>(set(col<&Account::logins> = 1), where(col<&Account::name> == "a")) == 1);
  CHECK(hooked::calls() == std::vector<std::string>{"before_bulk_update", "after_bulk_update"});
  hooked::calls().clear();
  CHECK(db.update<Account>(set(col<&Account::name> = "aa"), where(col<&Account::name> == "a"), quarry::individual_hooks) == 1);
  CHECK(hooked::calls() == std::vector<std::string>{"before_bulk_update", "before_update a", "after_update aa",
                                                   "after_bulk_update"});

  hooked::calls().clear();
  CHECK(db.destroy<Account>(where(col<&Account::name> == "b")) == 1);
  CHECK(hooked::calls() == std::vector<std::string>{"before_bulk_destroy", "after_bulk_destroy"});
  hooked::calls().clear();
  CHECK(db.destroy<Account>(where(col<&Account::name> == "c"), quarry::individual_hooks) == 1);
  CHECK(hooked::calls() == std::vector<std::string>{"before_bulk_destroy", "before_destroy c", "after_destroy",
                                                   "after_bulk_destroy"});
  CHECK(db.count<Account>() == 2);
}

TEST_CASE("hooks: a hook registered on the Database runs for every model", "[hooks]") {
  auto db = fresh_accounts();
  std::vector<std::string> seen;
  db.add_hook(quarry::before_create, [&](const quarry::HookEvent& e, quarry::Session&) {
    seen.push_back(std::string(e.table));
    if (auto* n = e.row<Plain>()) n->text += "!";  // it may change the row before it is written
    CHECK((e.row<Account>() == nullptr || e.is<Account>()));
  });
  db.add_hook(quarry::after_create, [&](const quarry::HookEvent& e, quarry::Session& s) {
    if (e.is<Plain>()) s.create(AuditEntry{.what = "note " + e.row<Plain>()->text});
  });
  db.add_hook(quarry::after_bulk_destroy, [&](const quarry::HookEvent& e, quarry::Session&) {
    seen.push_back("bulk destroy " + std::string(e.table));
  });

  auto n = db.create(Plain{.text = "hi"});
  CHECK(n.text == "hi!");
  CHECK(db.find_by_pk<Plain>(n.id)->text == "hi!");
  db.create(Account{.name = "ann", .password = "p"});
  CHECK(seen == std::vector<std::string>{"hook_notes", "hook_audit_entries", "hook_accounts", "hook_audit_entries"});
  CHECK(db.count<AuditEntry>(where(col<&AuditEntry::what> == "note hi!")) == 1);

  db.destroy<Plain>(where(col<&Plain::id> == n.id));
  CHECK(seen.back() == "bulk destroy hook_notes");

  // a global after-hook gets the write a transaction of its own: its failure undoes the row
  db.add_hook(quarry::after_save, [](const quarry::HookEvent& e, quarry::Session&) {
    if (auto* note = e.row<Plain>(); note && note->text == "fail!") throw std::runtime_error("global hook failed");
  });
  CHECK_THROWS_WITH(db.create(Plain{.text = "fail"}), "global hook failed");
  CHECK(db.count<Plain>() == 0);
}

TEST_CASE("hooks: the association helpers run the hooks of each row they write", "[hooks]") {
  using hooked::Award, hooked::Badge, hooked::Club, hooked::Member;
  quarry::Database db{test::url()};
  db.sync<Club, Member, Badge, Award>({.force = true});
  auto club = db.create(Club{.name = "chess"});
  auto ann = db.create(Member{.name = "ann"});
  auto bob = db.create(Member{.name = "bob"});
  auto gold = db.create(Badge{.name = "gold"});

  using Seen = std::vector<std::string>;
  Seen seen;
  auto record = [&seen](const char* what) {
    return [&seen, what](const quarry::HookEvent& e, quarry::Session&) {
      seen.push_back(std::string(what) + " " + std::string(e.table));
    };
  };
  db.add_hook(quarry::before_save, record("before_save"));
  db.add_hook(quarry::after_update, record("after_update"));
  db.add_hook(quarry::after_create, record("after_create"));
  db.add_hook(quarry::before_bulk_update, record("bulk_update"));
  db.add_hook(quarry::before_bulk_destroy, record("bulk_destroy"));

  // a row saved with its foreign key set: its model's save and update hooks
  db.add_related<&Club::members>(club, ann);
  CHECK(seen == Seen{"before_save hook_members", "after_update hook_members"});
  // a join row inserted: the join model's create hooks
  seen.clear();
  db.add_related<&Member::badges>(ann, gold);
  CHECK(seen == Seen{"before_save hook_awards", "after_create hook_awards"});
  // join rows deleted by where: the join model's bulk destroy hooks
  seen.clear();
  db.remove_related<&Member::badges>(ann, gold);
  CHECK(seen == Seen{"bulk_destroy hook_awards"});
  CHECK(db.count<Award>() == 0);
  // set: the others unlinked by where (bulk update), then each target saved
  seen.clear();
  std::vector<Member> only_bob{bob};
  db.set_related<&Club::members>(club, only_bob);
  CHECK(seen == Seen{"bulk_update hook_members", "before_save hook_members", "after_update hook_members"});
  CHECK(db.count<Member>(where(col<&Member::club_id> == club.id)) == 1);
  // remove: the target saved with its foreign key NULL
  seen.clear();
  db.remove_related<&Club::members>(club, only_bob[0]);
  CHECK(seen == Seen{"before_save hook_members", "after_update hook_members"});
  // create_related: the target's create hooks
  seen.clear();
  auto carl = db.create_related<&Club::members>(club, Member{.name = "carl"});
  CHECK(seen == Seen{"before_save hook_members", "after_create hook_members"});
  CHECK(carl.club_id == club.id);

  // a before-hook that throws stops the helper with nothing written, the caller's row as it was
  db.add_hook(quarry::before_save, [](const quarry::HookEvent& e, quarry::Session&) {
    if (auto* m = e.row<Member>(); m && m->name == "dan") throw std::runtime_error("no dan");
  });
  auto dan = db.create(Member{.name = "dave"});
  dan.name = "dan";
  CHECK_THROWS_WITH(db.add_related<&Club::members>(club, dan), "no dan");
  CHECK_FALSE(dan.club_id.has_value());
  CHECK(db.count<Member>(where(col<&Member::club_id> == club.id)) == 1);  // carl alone

  // destroy's hooks get the row read only, also when the caller's row is not const
  int destroy_hooks = 0;
  auto read_only = [&destroy_hooks](const quarry::HookEvent& e, quarry::Session&) {
    CHECK(e.row<Member>() == nullptr);
    CHECK(e.row<const Member>() != nullptr);
    ++destroy_hooks;
  };
  db.add_hook(quarry::before_destroy, read_only);
  db.add_hook(quarry::after_destroy, read_only);
  CHECK(db.destroy(carl));
  CHECK(destroy_hooks == 2);
}

TEST_CASE("transactions: after_commit and after_rollback", "[hooks]") {
  auto db = fresh_accounts();
  std::vector<std::string> ran;

  {
    auto tx = db.begin();
    tx.after_commit([&] { ran.push_back("commit 1"); });
    tx.after_rollback([&] { ran.push_back("rollback 1"); });
    tx.create(Plain{.text = "a"});
    CHECK(ran.empty());
    tx.commit();
  }
  CHECK(ran == std::vector<std::string>{"commit 1"});

  ran.clear();
  {
    auto tx = db.begin();
    tx.after_commit([&] { ran.push_back("commit 2"); });
    tx.after_rollback([&] { ran.push_back("rollback 2"); });
    tx.create(Plain{.text = "b"});
  }  // rolled back by the destructor
  CHECK(ran == std::vector<std::string>{"rollback 2"});
  CHECK(db.count<Plain>() == 1);

  // a savepoint's callbacks: released, they wait for the outermost commit; rolled back, its
  // after_rollback runs and its after_commit never does
  ran.clear();
  db.transaction([&](quarry::Transaction& tx) {
    tx.transaction([&](quarry::Transaction& inner) {
      inner.after_commit([&] { ran.push_back("inner commit"); });
    });
    try {
      tx.transaction([&](quarry::Transaction& inner) {
        inner.after_commit([&] { ran.push_back("never"); });
        inner.after_rollback([&] { ran.push_back("inner rollback"); });
        throw std::runtime_error("undo the savepoint");
      });
    } catch (const std::runtime_error&) {
    }
    CHECK(ran == std::vector<std::string>{"inner rollback"});
    tx.after_commit([&] { ran.push_back("outer commit"); });
  });
  CHECK(ran == std::vector<std::string>{"inner rollback", "inner commit", "outer commit"});

  // a released savepoint's after_rollback runs when the outer transaction rolls back
  ran.clear();
  try {
    db.transaction([&](quarry::Transaction& tx) {
      tx.transaction([&](quarry::Transaction& inner) { inner.after_rollback([&] { ran.push_back("undone"); }); });
      throw std::runtime_error("roll back");
    });
  } catch (const std::runtime_error&) {
  }
  CHECK(ran == std::vector<std::string>{"undone"});
}
