// Migration 20261201100000-add-isbn, written by hand: books get an ISBN, unique where there is
// one (NULL for the books already there). Sequelize's queryInterface.addColumn / removeColumn.

#include <quarry/migrate.hpp>

namespace {
using namespace quarry::schema;

[[maybe_unused]] const bool registered = quarry::register_migration({
    .name = "20261201100000-add-isbn",
    .up = [](quarry::Session& db) { db.add_column("books", column("isbn", string(20)).unique()); },
    .down = [](quarry::Session& db) { db.remove_column("books", "isbn"); },
});
}  // namespace
