// An enumeration's labels as the database has them (describe_table: PostgreSQL's enum type,
// MySQL's ENUM(...), SQLite's CHECK), compared by diff: a label added is an additive step, a
// label dropped a destructive one; sync with alter, change_column described by hand and a
// generated migration change them, the rows and the column's default kept.

#include "fixture.hpp"

#include <quarry/migrate.hpp>

namespace enum_labels {
enum class Status { open, closed };
enum class MoreStatus { open, pending, closed };
struct Ticket {
  std::int64_t id{};
  std::string title{};
  Status status = Status::open;
};
struct MoreTicket {  // a label more, in the middle
  std::int64_t id{};
  std::string title{};
  MoreStatus status = MoreStatus::open;
};
}  // namespace enum_labels

template <>
struct quarry::Model<enum_labels::Ticket> {
  static constexpr auto table = "enum_tickets";
  static constexpr auto fields = quarry::fields(
      quarry::field<&enum_labels::Ticket::status>(quarry::default_value(enum_labels::Status::open)));
};
template <>
struct quarry::Model<enum_labels::MoreTicket> {
  static constexpr auto table = "enum_tickets";
  static constexpr auto fields = quarry::fields(
      quarry::field<&enum_labels::MoreTicket::status>(quarry::default_value(enum_labels::MoreStatus::open)));
};

namespace enum_labels {

/// A database without the table, nor (PostgreSQL) its enum type, which DROP TABLE leaves.
quarry::Database clean() {
  auto db = test::fresh();
  db.execute("DROP TABLE IF EXISTS enum_tickets");
  if (test::on("postgres")) db.execute("DROP TYPE IF EXISTS enum_enum_tickets_status");
  return db;
}

std::vector<std::string> labels(quarry::Session& db) {
  for (const auto& c : db.describe_table("enum_tickets"))
    if (c.name == "status") return c.labels;
  return {};
}

/// status is "open" in a row inserted without it: the column's default is still there.
bool default_kept(quarry::Session& db) {
  db.execute("INSERT INTO enum_tickets (title) VALUES ('by default')");
  auto rows = db.query<std::string>("SELECT status FROM enum_tickets WHERE title = 'by default'");
  db.execute("DELETE FROM enum_tickets WHERE title = 'by default'");
  return rows.size() == 1 && rows[0] == "open";
}

TEST_CASE("enum labels: read back on every dialect, a label added by sync with alter", "[schema][alter][enums]") {
  auto db = clean();
  db.sync<Ticket>();
  CHECK(labels(db) == std::vector<std::string>{"open", "closed"});
  CHECK(db.diff<Ticket>().empty());
  db.create(Ticket{.title = "a", .status = Status::closed});
  db.create(Ticket{.title = "b"});

  auto steps = db.diff<MoreTicket>();
  REQUIRE(steps.size() == 1);
  // SQLite changes the CHECK that holds the labels by rebuilding the table: one step of its own
  CHECK(steps[0].kind == (test::on("sqlite") ? quarry::schema::StepKind::rebuild_table
                                             : quarry::schema::StepKind::alter_column));
  CHECK(!steps[0].destructive);
  CHECK(steps[0].description.find("ENUM('open', 'pending', 'closed')") != std::string::npos);
  db.sync<MoreTicket>({.alter = true});
  CHECK(labels(db) == std::vector<std::string>{"open", "pending", "closed"});
  CHECK(db.diff<MoreTicket>().empty());
  CHECK(db.count<MoreTicket>() == 2);
  db.create(MoreTicket{.title = "c", .status = MoreStatus::pending});
  CHECK(default_kept(db));

  // the label dropped again: destructive, refused unless allowed, and then the rows decide
  auto back = db.diff<Ticket>();
  REQUIRE(back.size() == 1);
  CHECK(back[0].destructive);
  CHECK_THROWS_AS(db.sync<Ticket>({.alter = true}), quarry::SchemaError);
  CHECK(labels(db) == std::vector<std::string>{"open", "pending", "closed"});
  CHECK_THROWS_AS(db.sync<Ticket>({.alter = true, .allow_destructive = true}), quarry::Error);  // a row holds it
  CHECK(labels(db) == std::vector<std::string>{"open", "pending", "closed"});
  db.execute("DELETE FROM enum_tickets WHERE title = 'c'");
  db.sync<Ticket>({.alter = true, .allow_destructive = true});
  CHECK(labels(db) == std::vector<std::string>{"open", "closed"});
  CHECK(db.diff<Ticket>().empty());
  CHECK(db.count<Ticket>() == 2);
  CHECK(default_kept(db));
}

TEST_CASE("enum labels: change_column described by hand, and a generated migration's", "[schema][alter][enums]") {
  using namespace quarry::schema;
  auto db = clean();
  db.sync<Ticket>();
  db.create(Ticket{.title = "a", .status = Status::closed});

  db.change_column("enum_tickets",
                   column("status", enumeration({"open", "pending", "closed"})).not_null().default_value("open"));
  CHECK(labels(db) == std::vector<std::string>{"open", "pending", "closed"});
  CHECK(db.diff<MoreTicket>().empty());
  db.change_column("enum_tickets", column("status", enumeration({"open", "closed"})).not_null().default_value("open"));
  CHECK(db.diff<Ticket>().empty());
  CHECK(db.count<Ticket>() == 1);
  CHECK(default_kept(db));

  // the migration generated for the label: change_column both ways, the labels of each side
  auto models = tables<MoreTicket>();
  auto steps = diff_tables(db.dialect(), models, live_tables(db, models), false);
  auto text = migration_source(db.dialect(), "20261204120000-pending", steps, models, live_tables(db, models), false);
  INFO(text.source);
  CHECK(text.left_out == 0);
  CHECK(text.source.find(R"(db.change_column("enum_tickets", column("status", enumeration({"open", "pending", "closed"})).not_null().default_value("open"));)") !=
        std::string::npos);
  CHECK(text.source.find(R"(db.change_column("enum_tickets", column("status", enumeration({"open", "closed"})).not_null())") !=
        std::string::npos);

  // PostgreSQL: the table's enum types go with it (and with their column), as sync named them
  if (test::on("postgres")) {
    auto types = [&] {
      return db.query<std::int64_t>("SELECT COUNT(*) FROM pg_type WHERE typname = 'enum_enum_tickets_status'")[0];
    };
    CHECK(types() == 1);
    db.remove_column("enum_tickets", "status");
    CHECK(types() == 0);
    db.add_column("enum_tickets", column("status", enumeration({"open", "closed"})).not_null().default_value("open"));
    CHECK(types() == 1);
    db.drop_table("enum_tickets");
    CHECK(types() == 0);
  }
}

}  // namespace enum_labels
