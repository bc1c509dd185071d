// Change tracking: a tracked row's save writes only the columns that changed, and nothing when
// nothing did.
#include "fixture.hpp"

#include <algorithm>

using namespace quarry::dsl;

namespace tracking {
/// The statements db runs from now on (BEGIN, COMMIT and SAVEPOINT left out).
struct Statements {
  std::vector<std::string> sql;
  explicit Statements(quarry::Database& db) {
    db.on_log([this](const quarry::LogEntry& e) {
      for (const char* skip : {"BEGIN", "START TRANSACTION", "COMMIT", "SAVEPOINT", "RELEASE"})
        if (e.sql.starts_with(skip)) return;
      sql.emplace_back(e.sql);
    });
  }
};

bool mentions(const std::string& sql, std::string_view column) { return sql.find(column) != std::string::npos; }
}  // namespace tracking

TEST_CASE("two holders of one row save different columns and both changes stay", "[tracking]") {
  auto db = test::fresh();
  auto ada = db.create(test::Author{.name = "Ada", .email = "ada@old.example"});

  auto first = quarry::track(*db.find_by_pk<test::Author>(ada.id));
  auto second = quarry::track(*db.find_by_pk<test::Author>(ada.id));
  first->name = "Ada Lovelace";
  second->email = "ada@new.example";
  CHECK(db.save(first));
  CHECK(db.save(second));

  auto stored = *db.find_by_pk<test::Author>(ada.id);
  CHECK(stored.name == "Ada Lovelace");
  CHECK(stored.email == "ada@new.example");

  // the same with whole rows: the second save writes its stale name back
  auto plain_first = *db.find_by_pk<test::Author>(ada.id);
  auto plain_second = *db.find_by_pk<test::Author>(ada.id);
  plain_first.name = "A. Lovelace";
  plain_second.email = "ada@newer.example";
  db.save(plain_first);
  db.save(plain_second);
  CHECK(db.find_by_pk<test::Author>(ada.id)->name == "Ada Lovelace");
}

TEST_CASE("a tracked save writes the changed columns and updated_at, and nothing when nothing changed",
          "[tracking]") {
  auto db = test::fresh();
  auto ada = db.create(test::Author{.name = "Ada", .email = "ada@example.com"});
  auto row = quarry::track(*db.find_by_pk<test::Author>(ada.id));
  const auto updated = row->updated_at;

  tracking::Statements log(db);
  CHECK(row.changed().empty());
  CHECK_FALSE(db.save(row));
  CHECK(log.sql.empty());
  CHECK(db.find_by_pk<test::Author>(ada.id)->updated_at == updated);

  log.sql.clear();
  row->name = "Ada Lovelace";
  CHECK(db.save(row));
  REQUIRE(log.sql.size() == 1);
  CHECK(log.sql[0].rfind("UPDATE", 0) == 0);
  CHECK(tracking::mentions(log.sql[0], "name"));
  CHECK(tracking::mentions(log.sql[0], "updated_at"));
  CHECK_FALSE(tracking::mentions(log.sql[0], "email"));
  CHECK_FALSE(tracking::mentions(log.sql[0], "created_at"));
  CHECK(row->updated_at >= updated);
  CHECK(db.find_by_pk<test::Author>(ada.id)->updated_at == row->updated_at);
  CHECK(row.changed().empty());  // saved: the snapshot is the row as written
}

TEST_CASE("changed() and previous() tell what differs from the row as read", "[tracking]") {
  auto db = test::fresh();
  auto ada = db.create(test::Author{.name = "Ada", .email = "ada@example.com"});
  auto row = quarry::track(*db.find_by_pk<test::Author>(ada.id));

  row->email = std::nullopt;
  row->name = "Ada Lovelace";
  CHECK(row.changed() == std::vector<std::string_view>{"name", "email"});
  CHECK(row.changed<&test::Author::name>());
  CHECK_FALSE(row.changed<&test::Author::created_at>());
  CHECK(row.previous<&test::Author::name>() == "Ada");
  CHECK(row.previous<&test::Author::email>() == "ada@example.com");

  row->name = "Ada";  // changed back: no longer a change
  CHECK(row.changed() == std::vector<std::string_view>{"email"});

  db.save(row);
  CHECK(row.changed().empty());
  CHECK(row.previous<&test::Author::email>() == std::nullopt);
  CHECK(db.find_by_pk<test::Author>(ada.id)->email == std::nullopt);
}

TEST_CASE("a tracked row without a key is inserted whole", "[tracking]") {
  auto db = test::fresh();
  auto row = quarry::track(test::Author{.name = "Grace", .email = "grace@example.com"});
  CHECK(db.save(row));
  CHECK(row->id != 0);
  CHECK(row.changed().empty());
  auto stored = *db.find_by_pk<test::Author>(row->id);
  CHECK(stored.name == "Grace");
  CHECK(stored.email == "grace@example.com");

  auto rows = quarry::track(db.find_all<test::Author>());
  REQUIRE(rows.size() == 1);
  rows[0]->name = "Grace Hopper";
  CHECK(rows[0].changed() == std::vector<std::string_view>{"name"});
  CHECK(db.save(rows[0]));
  CHECK(db.find_by_pk<test::Author>(row->id)->name == "Grace Hopper");
}

TEST_CASE("a tracked save that fails keeps its changes and its snapshot", "[tracking]") {
  auto db = test::fresh();
  auto ada = db.create(test::Author{.name = "Ada"});
  auto row = quarry::track(*db.find_by_pk<test::Author>(ada.id));
  const auto updated = row->updated_at;

  row->name = std::string(300, 'x');  // longer than the column's 100: validation fails, nothing is sent
  CHECK_THROWS_AS(db.save(row), quarry::ValidationError);
  CHECK(row->name.size() == 300);
  CHECK(row->updated_at == updated);
  CHECK(row.changed() == std::vector<std::string_view>{"name"});
  CHECK(row.previous<&test::Author::name>() == "Ada");
  CHECK(db.find_by_pk<test::Author>(ada.id)->name == "Ada");

  row->name = "Ada Lovelace";
  CHECK(db.save(row));
  CHECK(db.find_by_pk<test::Author>(ada.id)->name == "Ada Lovelace");
}

TEST_CASE("a tracked save inside a transaction is rolled back with it", "[tracking]") {
  auto db = test::fresh();
  auto ada = db.create(test::Author{.name = "Ada"});
  auto row = quarry::track(*db.find_by_pk<test::Author>(ada.id));
  row->name = "Ada Lovelace";
  CHECK_THROWS_AS(db.transaction([&](quarry::Transaction& tx) {
                    tx.save(row);
                    throw std::runtime_error("abort");
                  }),
                  std::runtime_error);
  CHECK(db.find_by_pk<test::Author>(ada.id)->name == "Ada");
}
