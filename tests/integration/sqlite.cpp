// What only the SQLite backend does: its URL forms, files, and a pool over one file.
#include "fixture.hpp"

#include <unistd.h>

#include <filesystem>
#include <thread>

using namespace quarry::dsl;
using test::Author;
namespace fs = std::filesystem;

namespace {
bool on_sqlite() { return test::on("sqlite"); }

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("quarry-test-" + std::to_string(::getpid()));
  fs::path old = fs::current_path();
  TempDir() {
    fs::remove_all(path);
    fs::create_directories(path);
    fs::current_path(path);
  }
  ~TempDir() {
    fs::current_path(old);
    fs::remove_all(path);
  }
};
}  // namespace

TEST_CASE("sqlite URLs: memory, relative and absolute files", "[sqlite]") {
  if (!on_sqlite()) return;
  TempDir dir;
  {
    quarry::Database rel{"sqlite:rel.db"};
    rel.sync<Author>();
    rel.create(Author{.name = "Ada"});
  }
  CHECK(fs::exists(dir.path / "rel.db"));
  CHECK(quarry::Database{"sqlite:rel.db"}.count<Author>() == 1);  // it persisted

  std::string absolute = "sqlite://" + (dir.path / "abs.db").string();  // sqlite:///tmp/...
  {
    quarry::Database abs{absolute};
    abs.sync<Author>();
    abs.create(Author{.name = "Bob"});
  }
  CHECK(fs::exists(dir.path / "abs.db"));
  CHECK(quarry::Database{absolute}.count<Author>() == 1);

  quarry::Database one{"sqlite::memory:"}, two{"sqlite::memory:"};
  one.sync<Author>();
  two.sync<Author>();
  one.create(Author{.name = "Ada"});
  CHECK(one.count<Author>() == 1);
  CHECK(two.count<Author>() == 0);  // each in-memory database is its own
  CHECK(one.pool_stats().size == 1);
}

TEST_CASE("several threads write one SQLite file through the pool", "[sqlite]") {
  if (!on_sqlite()) return;
  TempDir dir;
  quarry::Database db{"sqlite:shared.db?journal_mode=wal", {.pool = {.max = 4}}};
  db.sync<Author>();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        if (i % 5 == 0)
          db.transaction([&](quarry::Transaction& tx) {
            tx.create(Author{.name = "tx" + std::to_string(t) + "-" + std::to_string(i)});
          });
        else
          db.create(Author{.name = std::to_string(t) + "-" + std::to_string(i)});
        db.count<Author>();
      }
    });
  for (auto& th : threads) th.join();
  CHECK(db.count<Author>() == 100);
  auto stats = db.pool_stats();
  CHECK(stats.size <= 4);
  CHECK(stats.in_use == 0);
}

TEST_CASE("a write blocked longer than busy_timeout is a TimeoutError", "[sqlite]") {
  if (!on_sqlite()) return;
  TempDir dir;
  quarry::Database holder{"sqlite:busy.db"};
  holder.sync<Author>();
  quarry::Database waiter{"sqlite:busy.db?busy_timeout=50"};
  auto tx = holder.begin();  // BEGIN IMMEDIATE: holds the write lock
  tx.create(Author{.name = "Ada"});
  auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(waiter.create(Author{.name = "Bob"}), quarry::TimeoutError);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds{40});
  tx.commit();
  CHECK_NOTHROW(waiter.create(Author{.name = "Bob"}));
  CHECK(waiter.count<Author>() == 2);
}
