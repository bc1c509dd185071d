#include "fixture.hpp"

using namespace quarry::dsl;
using test::Author;
using test::Book;
using test::dec;

TEST_CASE("create returns the row with its generated key and timestamps", "[crud]") {
  auto db = test::fresh();
  auto before = quarry::now();
  auto ada = db.create(Author{.name = "Ada"});
  auto bob = db.create(Author{.name = "Bob", .email = "bob@example.com"});
  CHECK(ada.id > 0);
  CHECK(bob.id > ada.id);
  CHECK(ada.created_at >= before);
  CHECK(ada.updated_at == ada.created_at);

  auto found = db.find_by_pk<Author>(bob.id);
  REQUIRE(found);
  CHECK(found->name == "Bob");
  CHECK(found->email == "bob@example.com");
  CHECK(found->created_at == bob.created_at);  // microseconds survive the round trip
  CHECK_FALSE(db.find_by_pk<Author>(std::int64_t{9999}));
}

TEST_CASE("save inserts a new row and updates an existing one", "[crud]") {
  auto db = test::fresh();
  Author a{.name = "Ada"};
  db.save(a);
  REQUIRE(a.id > 0);
  auto created = a.created_at;

  a.email = "ada@example.com";
  db.save(a);
  auto again = db.find_by_pk<Author>(a.id);
  REQUIRE(again);
  CHECK(again->email == "ada@example.com");
  CHECK(again->created_at == created);
  CHECK(again->updated_at >= created);
  CHECK(db.count<Author>() == 1);

  // an explicit key that no row has yet is inserted
  Author c{.id = 500, .name = "Cy"};
  db.save(c);
  CHECK(db.find_by_pk<Author>(std::int64_t{500}));
  CHECK(db.count<Author>() == 2);
}

TEST_CASE("find_all, find_one, count and find_and_count_all", "[crud]") {
  auto db = test::fresh();
  auto ada = db.create(Author{.name = "Ada"});
  for (int i = 1; i <= 25; ++i)
    db.create(Book{.title = "Book " + std::to_string(i), .author_id = ada.id, .price = quarry::Decimal(i)});

  CHECK(db.find_all<Book>().size() == 25);
  CHECK(db.count<Book>(where(col<&Book::price> > 20)) == 5);

  auto one = db.find_one<Book>(where(col<&Book::title> == "Book 7"));
  REQUIRE(one);
  CHECK(one->price == quarry::Decimal(7));
  CHECK_FALSE(db.find_one<Book>(where(col<&Book::title> == "nope")));

  auto page = db.find_and_count_all<Book>(where(col<&Book::price> > 5), order_by(col<&Book::price>), limit(10),
                                          offset(10));
  CHECK(page.count == 20);
  REQUIRE(page.rows.size() == 10);
  CHECK(page.rows.front().price == quarry::Decimal(16));
  CHECK(page.rows.back().price == quarry::Decimal(25));
}

TEST_CASE("update by where returns the rows changed and keeps updated_at", "[crud]") {
  auto db = test::fresh();
  auto ada = db.create(Author{.name = "Ada"});
  auto bob = db.create(Author{.name = "Bob"});
  db.create(Book{.title = "A", .author_id = ada.id, .price = dec("10.00")});
  db.create(Book{.title = "B", .author_id = ada.id, .price = dec("20.00")});
  db.create(Book{.title = "C", .author_id = bob.id, .price = dec("40.00")});

  auto n = db.update<Book>(set(col<&Book::price> = col<&Book::price> * quarry::Decimal("1.1")),
                           where(col<&Book::price> < 30));
  CHECK(n == 2);
  auto books = db.find_all<Book>(order_by(col<&Book::title>));
  REQUIRE(books.size() == 3);
  CHECK(books[0].price == dec("11.00"));
  CHECK(books[1].price == dec("22.00"));
  CHECK(books[2].price == dec("40.00"));

  CHECK(db.update<Book>(set(col<&Book::stock> = 3), every_row) == 3);
  CHECK(db.count<Book>(where(col<&Book::stock> == 3)) == 3);

  auto before = db.find_by_pk<Author>(ada.id)->updated_at;
  db.update<Author>(set(col<&Author::email> = "ada@x"), where(col<&Author::id> == ada.id));
  CHECK(db.find_by_pk<Author>(ada.id)->updated_at >= before);
  db.update<Author>(set(col<&Author::email> = std::nullopt), where(col<&Author::id> == ada.id));
  CHECK_FALSE(db.find_by_pk<Author>(ada.id)->email);
}

TEST_CASE("destroy an instance, by where, and truncate", "[crud]") {
  auto db = test::fresh();
  auto ada = db.create(Author{.name = "Ada"});
  auto b1 = db.create(Book{.title = "A", .author_id = ada.id, .price = dec("5")});
  db.create(Book{.title = "B", .author_id = ada.id, .price = dec("50")});
  db.create(Book{.title = "C", .author_id = ada.id, .price = dec("15")});

  CHECK(db.destroy(b1));
  CHECK_FALSE(db.destroy(b1));
  CHECK(db.destroy<Book>(where(col<&Book::price> < 30)) == 1);
  CHECK(db.count<Book>() == 1);
  db.truncate<Book>();
  CHECK(db.count<Book>() == 0);
  CHECK(db.count<Author>() == 1);
}

TEST_CASE("bulk_create returns every row with its key, in order", "[crud]") {
  auto db = test::fresh();
  auto ada = db.create(Author{.name = "Ada"});
  // keys already used and deleted: new keys continue after them
  auto gone = db.create(Book{.title = "gone", .author_id = ada.id, .price = dec("1")});
  db.destroy(gone);
  std::vector<Book> rows;
  for (int i = 0; i < 5003; ++i)  // several full chunks and a smaller last one
    rows.push_back(Book{.title = "T" + std::to_string(i), .author_id = ada.id, .price = quarry::Decimal(i % 97)});
  auto created = db.bulk_create(rows);
  REQUIRE(created.size() == rows.size());
  CHECK(created.front().id > gone.id);
  for (std::size_t i = 1; i < created.size(); ++i) REQUIRE(created[i].id > created[i - 1].id);
  auto stored = db.find_all<Book>(order_by(col<&Book::id>));
  REQUIRE(stored.size() == created.size());
  for (std::size_t i = 0; i < stored.size(); ++i) {  // every row got the key the database gave it
    REQUIRE(stored[i].id == created[i].id);
    REQUIRE(stored[i].title == "T" + std::to_string(i));
  }
  CHECK(db.count<Book>() == 5003);
  CHECK(db.bulk_create(std::vector<Book>{}).empty());
}

TEST_CASE("increment and decrement", "[crud]") {
  auto db = test::fresh();
  auto ada = db.create(Author{.name = "Ada"});
  auto book = db.create(Book{.title = "A", .author_id = ada.id, .price = dec("5"), .stock = 10});
  db.create(Book{.title = "B", .author_id = ada.id, .price = dec("6"), .stock = 1});

  CHECK(db.increment<Book>(col<&Book::stock>, 5, where(col<&Book::title> == "A")) == 1);
  CHECK(db.find_by_pk<Book>(book.id)->stock == 15);
  CHECK(db.decrement<Book>(col<&Book::stock>, 1, every_row) == 2);

  db.increment(book, col<&Book::stock>, 100);
  CHECK(book.stock == 114);
  db.decrement(book, col<&Book::price>, quarry::Decimal("0.5"));
  CHECK(book.price == dec("4.50"));
}

TEST_CASE("find_or_create finds, or creates once", "[crud]") {
  auto db = test::fresh();
  auto [a, created] = db.find_or_create(where(col<&Author::name> == "Ada"), Author{.name = "Ada"});
  CHECK(created);
  CHECK(a.id > 0);
  auto [b, created_again] = db.find_or_create(where(col<&Author::name> == "Ada"), Author{.name = "Ada"});
  CHECK_FALSE(created_again);
  CHECK(b.id == a.id);
  CHECK(db.count<Author>() == 1);
}

TEST_CASE("upsert inserts, then updates on a key clash", "[crud]") {
  auto db = test::fresh();
  auto ada = db.create(Author{.name = "Ada"});
  auto first = db.upsert(Book{.id = 7, .title = "First", .author_id = ada.id, .price = dec("1")});
  CHECK(first.id == 7);
  CHECK(first.title == "First");
  auto second = db.upsert(Book{.id = 7, .title = "Second", .author_id = ada.id, .price = dec("2")});
  CHECK(second.title == "Second");
  CHECK(db.count<Book>() == 1);

  // a row without a key clashes on a unique column instead
  db.upsert(Book{.title = "By isbn", .author_id = ada.id, .price = dec("3"), .isbn = "isbn-1"},
            conflict_on(col<&Book::isbn>));
  auto by_isbn = db.upsert(Book{.title = "By isbn again", .author_id = ada.id, .price = dec("4"), .isbn = "isbn-1"},
                           conflict_on(col<&Book::isbn>));
  CHECK(by_isbn.title == "By isbn again");
  CHECK(by_isbn.price == dec("4"));
  CHECK(db.count<Book>() == 2);
}

TEST_CASE("composite primary and unique keys", "[crud]") {
  using test::Membership;
  auto db = test::fresh();
  db.create(Membership{.group_id = 1, .user_id = 1, .role = "admin", .rank = 1});
  db.create(Membership{.group_id = 1, .user_id = 2, .role = "user", .rank = 2});
  db.create(Membership{.group_id = 2, .user_id = 1, .role = "user", .rank = 1});
  auto m = db.find_by_pk<Membership>(std::int64_t{1}, std::int64_t{2});
  REQUIRE(m);
  CHECK(m->role == "user");
  CHECK_THROWS_AS(db.create(Membership{.group_id = 1, .user_id = 2, .role = "x", .rank = 9}),
                  quarry::UniqueConstraintError);
  CHECK_THROWS_AS(db.create(Membership{.group_id = 1, .user_id = 3, .role = "x", .rank = 1}),
                  quarry::UniqueConstraintError);
  m->role = "owner";
  db.save(*m);
  CHECK(db.find_by_pk<Membership>(std::int64_t{1}, std::int64_t{2})->role == "owner");
  CHECK(db.destroy(*m));
  CHECK(db.count<Membership>() == 2);
}

TEST_CASE("raw SQL with bound parameters into structs, tuples and scalars", "[crud][raw]") {
  auto db = test::fresh();
  auto ada = db.create(Author{.name = "Ada"});
  db.create(Book{.title = "A", .author_id = ada.id, .price = dec("5.50")});
  db.create(Book{.title = "B", .author_id = ada.id, .price = dec("50")});

  auto books = db.query<Book>("SELECT * FROM books WHERE price < ? ORDER BY title", 30);
  REQUIRE(books.size() == 1);
  CHECK(books[0].title == "A");
  CHECK(books[0].price == dec("5.50"));

  auto pairs = db.query<std::tuple<std::string, std::int64_t>>(
      "SELECT title, author_id FROM books WHERE title IN (?, ?) ORDER BY title", "A", "B");
  REQUIRE(pairs.size() == 2);
  CHECK(std::get<0>(pairs[1]) == "B");
  CHECK(std::get<1>(pairs[1]) == ada.id);

  auto titles = db.query<std::string>("SELECT title FROM books WHERE title <> '?' ORDER BY title DESC");
  CHECK(titles == std::vector<std::string>{"B", "A"});

  CHECK(db.execute("UPDATE books SET stock = ? WHERE title = ?", 9, "A") == 1);
  CHECK(db.find_one<Book>(where(col<&Book::title> == "A"))->stock == 9);
}

TEST_CASE("bulk_create with some keys given keeps them and assigns the rest", "[crud]") {
  auto db = test::fresh();
  auto created = db.bulk_create(std::vector<Author>{{.name = "A"}, {.id = 1000, .name = "B"}, {.name = "C"}});
  REQUIRE(created.size() == 3);
  CHECK(created[1].id == 1000);
  CHECK(created[0].id > 0);
  CHECK(created[2].id > 0);
  CHECK(created[0].id != created[2].id);
  CHECK(db.find_by_pk<Author>(created[0].id)->name == "A");
  CHECK(db.find_by_pk<Author>(std::int64_t{1000})->name == "B");
  CHECK(db.find_by_pk<Author>(created[2].id)->name == "C");
}
