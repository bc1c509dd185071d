// The bookstore tutorial: one table of books on an SQLite file, every basic operation once.
//
//   01-bookstore [database-url]        (default: sqlite:bookstore.db)

#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include <cstdio>
#include <string>
#include <vector>

// The struct is the model: the table is "books", `id` the auto-increment key, and created_at and
// updated_at are maintained, by convention.
struct Book {
  std::int64_t id{};
  std::string title;
  std::string author;
  quarry::Decimal price;
  quarry::Timestamp created_at{}, updated_at{};
};

// Only what differs from the conventions: three fields' options.
template <>
struct quarry::Model<Book> {
  static constexpr auto fields = quarry::fields(quarry::field<&Book::title>(quarry::size(200)),
                                                quarry::field<&Book::author>(quarry::size(100), quarry::index),
                                                quarry::field<&Book::price>(quarry::decimal(10, 2)));
};

static void show(const char* heading, const std::vector<Book>& books) {
  std::printf("%s\n", heading);
  for (const auto& b : books)
    std::printf("  #%lld  %-32s %-18s %8s\n", static_cast<long long>(b.id), b.title.c_str(), b.author.c_str(),
                b.price.to_string().c_str());
}

int main(int argc, char** argv) {
  using namespace quarry::dsl;
  const std::string url = argc > 1 ? argv[1] : "sqlite:bookstore.db";
  quarry::Database db{url};
  std::printf("opened %s\n", db.url().redacted.c_str());

  db.sync<Book>({.force = true});  // a fresh table on every run
  std::printf("synced table books\n");

  // Four books: three created, one built and then saved.
  auto dune = db.create(Book{.title = "Dune", .author = "Frank Herbert", .price = quarry::Decimal("24.99")});
  db.create(Book{.title = "Children of Dune", .author = "Frank Herbert", .price = quarry::Decimal("32.50")});
  db.create(Book{.title = "The Left Hand of Darkness", .author = "Ursula K. Le Guin", .price = quarry::Decimal("18.00")});
  Book earthsea{.title = "A Wizard of Earthsea", .author = "Ursula K. Le Guin", .price = quarry::Decimal("45.00")};
  db.save(earthsea);
  std::printf("added 4 books; the last was saved and got id %lld\n", static_cast<long long>(earthsea.id));
  std::printf("count: %lld\n", static_cast<long long>(db.count<Book>()));

  show("all books:", db.find_all<Book>());
  show("by Ursula K. Le Guin:", db.find_all<Book>(where(col<&Book::author> == "Ursula K. Le Guin")));
  show("under 30:", db.find_all<Book>(where(col<&Book::price> < 30)));
  show("by price, cheapest first:", db.find_all<Book>(order_by(asc(col<&Book::price>))));
  show("by price, dearest first:", db.find_all<Book>(order_by(desc(col<&Book::price>))));

  if (auto first = db.find_one<Book>(where(col<&Book::title>.like("Children%"))))
    std::printf("find_one title like 'Children%%': %s\n", first->title.c_str());
  if (auto found = db.find_by_pk<Book>(dune.id))
    std::printf("find_by_pk %lld: %s by %s\n", static_cast<long long>(found->id), found->title.c_str(),
                found->author.c_str());

  dune.price = quarry::Decimal("19.99");
  db.save(dune);
  std::printf("changed the price of Dune to %s and saved it\n", db.find_by_pk<Book>(dune.id)->price.to_string().c_str());

  auto raised = db.update<Book>(set(col<&Book::price> = col<&Book::price> * quarry::Decimal("1.10")),
                                where(col<&Book::price> < 30));
  std::printf("raised %lld prices under 30 by 10%% in one UPDATE\n", static_cast<long long>(raised));
  show("after the raise:", db.find_all<Book>(order_by(col<&Book::id>)));

  std::printf("count before deleting: %lld\n", static_cast<long long>(db.count<Book>()));
  db.destroy(earthsea);
  std::printf("deleted '%s'\n", earthsea.title.c_str());
  auto removed = db.destroy<Book>(where(col<&Book::price> < 30));
  std::printf("deleted %lld books under 30\n", static_cast<long long>(removed));
  std::printf("count after deleting: %lld\n", static_cast<long long>(db.count<Book>()));
  show("left:", db.find_all<Book>());
  return 0;
}
