// Associations: authors, their books and the books' reviews, loaded without N+1 queries.
//
//   03-associations [database-url]      (default: sqlite:associations.db)

#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include <cstdio>
#include <string>

struct Book;
struct Review {
  std::int64_t id{};
  std::int64_t book_id{};
  std::int32_t stars{};
};
struct Author {
  std::int64_t id{};
  std::string name{};
  std::vector<Book> books;  // has_many: a vector of a type that need not be complete yet
};
struct Book {
  std::int64_t id{};
  std::string title{};
  std::int64_t author_id{};
  std::optional<Author> author{};  // belongs_to
  std::vector<Review> reviews{};   // has_many
};

// Review needs no Model<T>: table "reviews", key `id`, every member a field, by convention.
// Author and Book state only their options and associations.
template <>
struct quarry::Model<Author> {
  static constexpr auto fields = quarry::fields(quarry::field<&Author::name>(quarry::size(100)));
  static constexpr auto associations = quarry::associations(quarry::has_many<&Author::books, &Book::author_id>());
};
template <>
struct quarry::Model<Book> {
  static constexpr auto fields = quarry::fields(quarry::field<&Book::title>(quarry::size(200)));
  static constexpr auto associations = quarry::associations(quarry::belongs_to<&Book::author, &Book::author_id>(),
                                                            quarry::has_many<&Book::reviews, &Review::book_id>());
};

int main(int argc, char** argv) {
  using namespace quarry::dsl;
  quarry::Database db{argc > 1 ? argv[1] : "sqlite:associations.db"};
  int statements = 0;
  db.on_log([&](const quarry::LogEntry&) { ++statements; });
  db.sync<Author, Book, Review>({.force = true});  // foreign keys and their indexes from the associations

  auto le_guin = db.create(Author{.name = "Ursula K. Le Guin"});
  auto earthsea = db.create_related<&Author::books>(le_guin, Book{.title = "A Wizard of Earthsea"});
  db.create_related<&Author::books>(le_guin, Book{.title = "The Dispossessed"});
  db.create_related<&Book::reviews>(earthsea, Review{.stars = 5});

  // create with include: the author, the book and its reviews in one transaction, every key set
  auto herbert = db.create(
      Author{.name = "Frank Herbert", .books = {Book{.title = "Dune", .reviews = {Review{.stars = 4}, Review{.stars = 5}}}}},
      include<&Author::books>(include<&Book::reviews>()));
  const auto& dune = herbert.books[0];
  std::printf("created %s (id %lld), %s (author_id %lld) and %zu reviews (book_id %lld)\n", herbert.name.c_str(),
              static_cast<long long>(herbert.id), dune.title.c_str(), static_cast<long long>(dune.author_id),
              dune.reviews.size(), static_cast<long long>(dune.reviews[0].book_id));

  statements = 0;
  auto authors = db.find_all<Author>(order_by(col<&Author::name>),
                                     include<&Author::books>(order_by(col<&Book::title>), include<&Book::reviews>()));
  std::printf("authors with books and reviews, in %d queries:\n", statements);
  for (const auto& a : authors) {
    std::printf("  %s\n", a.name.c_str());
    for (const auto& b : a.books) std::printf("    %-24s %zu review(s)\n", b.title.c_str(), b.reviews.size());
  }

  // a limit per parent: each author's newest book, still one query for the level (Sequelize needs
  // include: [{ model: Book, separate: true, order: [['id', 'DESC']], limit: 1 }]: a query per author)
  statements = 0;
  auto newest = db.find_all<Author>(order_by(col<&Author::name>),
                                    include<&Author::books>(order_by(desc(col<&Book::id>)), limit(1)));
  std::printf("each author's newest book, in %d queries:\n", statements);
  for (const auto& a : newest) std::printf("  %s: %s\n", a.name.c_str(), a.books.at(0).title.c_str());

  statements = 0;
  auto reviewed = db.find_all<Book>(include<&Book::reviews>(where(col<&Review::stars> == 5), required),
                                    include<&Book::author>(), order_by(col<&Book::title>));
  std::printf("books with a five-star review (%d queries):\n", statements);
  for (const auto& b : reviewed) std::printf("  %s by %s\n", b.title.c_str(), b.author->name.c_str());

  std::printf("%s has %lld books\n", le_guin.name.c_str(),
              static_cast<long long>(db.count_related<&Author::books>(le_guin)));
  db.destroy(herbert);  // cascades to Dune and its reviews
  std::printf("after deleting %s: %lld books, %lld reviews\n", herbert.name.c_str(),
              static_cast<long long>(db.count<Book>()), static_cast<long long>(db.count<Review>()));
  db.drop<Author, Book, Review>();  // the tables go, so that other programs on this database start clean
  return 0;
}
