// The Express guide's users migration, written by hand in a file of its own, as a user's
// migrations are: linking the file into the program registers it.

#include <quarry/migrate.hpp>

namespace {
using namespace quarry::schema;

[[maybe_unused]] const bool registered = quarry::register_migration({
    .name = "20261203120000-create-users",
    .up =
        [](quarry::Session& db) {
          db.create_table("cli_gen_users", {
              column("id", bigint()).primary_key().auto_increment(),
              column("name", string(100)).not_null(),
              column("email", string(200)).not_null().unique(),
              column("role", enumeration({"admin", "member"})).not_null().default_value("member"),
              column("created_at", timestamp()).not_null(),
              column("updated_at", timestamp()).not_null(),
          });
        },
    .down = [](quarry::Session& db) { db.drop_table("cli_gen_users"); },
});
}  // namespace
