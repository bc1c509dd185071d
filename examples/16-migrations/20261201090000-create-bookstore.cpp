// Migration 20261201090000-create-bookstore: the authors and their books. Written by
// `16-migrations migration:generate create-bookstore` from the models (before Book had an isbn),
// then reviewed: the columns are described here, so the migration stays what it was when the
// models change.

#include <quarry/migrate.hpp>

namespace {
using namespace quarry::schema;

[[maybe_unused]] const bool registered = quarry::register_migration({
    .name = "20261201090000-create-bookstore",
    .up = [](quarry::Session& db) {
      // add table authors
      db.create_table("authors", {
          column("id", bigint()).primary_key().auto_increment(),
          column("name", string(100)).not_null(),
          column("created_at", timestamp()).not_null(),
          column("updated_at", timestamp()).not_null(),
      });
      // add table books
      db.create_table("books", {
          column("id", bigint()).primary_key().auto_increment(),
          column("title", string(200)).not_null(),
          column("author_id", bigint()).not_null().references({"authors", {"id"}, Action::cascade, Action::cascade}),
          column("price", decimal(10, 2)).not_null(),
          column("created_at", timestamp()).not_null(),
          column("updated_at", timestamp()).not_null(),
      });
      db.add_index("books", {"author_id"}, {.name = "books_author_id"});
    },
    .down = [](quarry::Session& db) {
      db.drop_table("books");
      db.drop_table("authors");
    },
});
}  // namespace
