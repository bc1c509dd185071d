// The bookstore tutorial: one table of books on an SQLite file, every basic operation once.
//
//   01-bookstore [database-url]        (default: sqlite:bookstore.db)

#include <quarry/format.hpp>  // rows and values printed with fmt
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

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
  fmt::print("{}\n", heading);
  for (const auto& b : books) fmt::print("  #{}  {:<32} {:<18} {:>8}\n", b.id, b.title, b.author, b.price);
}

int main(int argc, char** argv) {
  using namespace quarry::dsl;
  const std::string url = argc > 1 ? argv[1] : "sqlite:bookstore.db";
  quarry::Database db{url};
  fmt::print("opened {}\n", db.url().redacted);

  db.sync<Book>({.force = true});  // a fresh table on every run
  fmt::print("synced table books\n");

  // Four books: three created, one built and then saved.
  auto dune = db.create(Book{.title = "Dune", .author = "Frank Herbert", .price = quarry::Decimal("24.99")});
  db.create(Book{.title = "Children of Dune", .author = "Frank Herbert", .price = quarry::Decimal("32.50")});
  db.create(Book{.title = "The Left Hand of Darkness", .author = "Ursula K. Le Guin", .price = quarry::Decimal("18.00")});
  Book earthsea{.title = "A Wizard of Earthsea", .author = "Ursula K. Le Guin", .price = quarry::Decimal("45.00")};
  db.save(earthsea);
  fmt::print("added 4 books; the last was saved and got id {}\n", earthsea.id);
  fmt::print("count: {}\n", db.count<Book>());

  show("all books:", db.find_all<Book>());
  show("by Ursula K. Le Guin:", db.find_all<Book>(where(col<&Book::author> == "Ursula K. Le Guin")));
  show("under 30:", db.find_all<Book>(where(col<&Book::price> < 30)));
  show("by price, cheapest first:", db.find_all<Book>(order_by(asc(col<&Book::price>))));
  show("by price, dearest first:", db.find_all<Book>(order_by(desc(col<&Book::price>))));

  if (auto first = db.find_one<Book>(where(col<&Book::title>.like("Children%"))))
    fmt::print("find_one title like 'Children%': {}\n", first->title);
  if (auto found = db.find_by_pk<Book>(dune.id)) fmt::print("find_by_pk {}: {}\n", dune.id, *found);  // the whole row

  dune.price = quarry::Decimal("19.99");
  db.save(dune);
  fmt::print("changed the price of Dune to {} and saved it\n", db.find_by_pk<Book>(dune.id)->price);

  auto raised = db.update<Book>(set(col<&Book::price> = col<&Book::price> * quarry::Decimal("1.10")),
                                where(col<&Book::price> < 30));
  fmt::print("raised {} prices under 30 by 10% in one UPDATE\n", raised);
  show("after the raise:", db.find_all<Book>(order_by(col<&Book::id>)));

  fmt::print("count before deleting: {}\n", db.count<Book>());
  db.destroy(earthsea);
  fmt::print("deleted '{}'\n", earthsea.title);
  auto removed = db.destroy<Book>(where(col<&Book::price> < 30));
  fmt::print("deleted {} books under 30\n", removed);
  fmt::print("count after deleting: {}\n", db.count<Book>());
  show("left:", db.find_all<Book>());
  return 0;
}
