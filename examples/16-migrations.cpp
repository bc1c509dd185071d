// The bookstore's migration program: Sequelize CLI's commands for migrations written in C++, one
// file each in 16-migrations/, and for migrations written from the models.
//
//   16-migrations migrate --url sqlite:bookstore.db     apply the pending migrations
//   16-migrations migrate:status                        (the URL from DATABASE_URL)
//   16-migrations migration:check                       exit 1 when the models and the database differ
//   16-migrations migration:generate add-stock          write 16-migrations/<timestamp>-add-stock.cpp
//   16-migrations seed | seed:undo:all | migrate:undo | migrate:undo:all | --help
//
// Link each migration's file into the program and it is one of its migrations. The models below
// are what migration:check and migration:generate compare the database with; the migrations
// never use them (a migration says what it does in its own words, so that it means the same
// thing after the models change).

#include <quarry/migrate.hpp>
#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/sqlite.hpp>

#include <optional>
#include <string>
#include <vector>

struct Book;
struct Author {
  std::int64_t id{};
  std::string name{};
  std::vector<Book> books{};
  quarry::Timestamp created_at{}, updated_at{};
};
struct Book {
  std::int64_t id{};
  std::string title{};
  std::int64_t author_id{};
  std::optional<Author> author{};
  quarry::Decimal price{};
  std::optional<std::string> isbn{};  // added by the second migration
  quarry::Timestamp created_at{}, updated_at{};
};

template <>
struct quarry::Model<Author> {
  static constexpr auto fields = quarry::fields(quarry::field<&Author::name>(quarry::size(100)));
  static constexpr auto associations = quarry::associations(quarry::has_many<&Author::books, &Book::author_id>());
};
template <>
struct quarry::Model<Book> {
  static constexpr auto fields = quarry::fields(quarry::field<&Book::title>(quarry::size(200)),
                                                quarry::field<&Book::price>(quarry::decimal(10, 2)),
                                                quarry::field<&Book::isbn>(quarry::size(20), quarry::unique));
  static constexpr auto associations =
      quarry::associations(quarry::belongs_to<&Book::author, &Book::author_id>(quarry::on_delete::cascade));
};

int main(int argc, char** argv) {
  quarry::MigrationProgram program;  // the migrations: those the files in 16-migrations/ registered
  program.directory = "examples/16-migrations";
  // A seeder: rows for a fresh database (Sequelize's db:seed:all), recorded in quarry_seeders.
  program.seeders = {{
      .name = "20261201120000-first-books",
      .up =
          [](quarry::Session& db) {
            auto le_guin = db.create(Author{.name = "Ursula K. Le Guin"});
            db.create(Book{.title = "A Wizard of Earthsea", .author_id = le_guin.id, .price = quarry::Decimal("9.99")});
            db.create(Book{.title = "The Dispossessed", .author_id = le_guin.id, .price = quarry::Decimal("12.50"),
                           .isbn = "978-0061054884"});
          },
      .down = [](quarry::Session& db) { db.execute("DELETE FROM authors WHERE name = 'Ursula K. Le Guin'"); },
  }};
  return quarry::migration_main<Author, Book>(argc, argv, std::move(program));
}
