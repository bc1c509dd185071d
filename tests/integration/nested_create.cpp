// Create with associations: create(row, include<&T::member>(...)) inserts the row and the
// associated rows its members hold, in one transaction, with every key set.
#include "fixture.hpp"

#include <algorithm>
#include <stdexcept>

using namespace quarry::dsl;

namespace nested {
struct Review {
  std::int64_t id{};
  std::int64_t book_id{};
  std::int32_t stars{};
};
struct Profile {
  std::int64_t id{};
  std::int64_t author_id{};
  std::string bio{};
};
struct Tagging {
  std::int64_t book_id{};
  std::int64_t tag_id{};
  std::optional<std::string> note{};
  quarry::Timestamp created_at{};
};
struct Book;
struct Tag {
  std::int64_t id{};
  std::string name{};
  std::vector<Book> books;
};
struct Author {
  std::int64_t id{};
  std::string name{};
  quarry::Timestamp created_at{}, updated_at{};
  std::vector<Book> books;
  std::optional<Profile> profile{};
};
struct Book {
  std::int64_t id{};
  std::string title{};
  std::int64_t author_id{};
  std::int32_t stock{};
  std::optional<Author> author{};
  std::vector<Review> reviews{};
  std::vector<quarry::Linked<Tag, Tagging>> tags{};
};

/// What the hooks of the associated models saw.
inline int books_created = 0;
inline int reviews_created = 0;

void count_book(Book&) { ++books_created; }
void trim_title(Book& b) {
  while (!b.title.empty() && b.title.back() == ' ') b.title.pop_back();
}
void count_review(Review&) { ++reviews_created; }
}  // namespace nested

template <> struct quarry::Model<nested::Review> {
  static constexpr auto table = "nc_reviews";
};
template <> struct quarry::Model<nested::Profile> {
  static constexpr auto table = "nc_profiles";
  static constexpr auto fields = quarry::fields(quarry::field<&nested::Profile::author_id>(quarry::unique),
                                                quarry::field<&nested::Profile::bio>(quarry::size(100)));
};
template <> struct quarry::Model<nested::Tagging> {
  static constexpr auto table = "nc_taggings";
  static constexpr auto fields = quarry::fields(quarry::field<&nested::Tagging::book_id>(quarry::primary_key),
                                                quarry::field<&nested::Tagging::tag_id>(quarry::primary_key),
                                                quarry::field<&nested::Tagging::note>(quarry::size(20)),
                                                quarry::field<&nested::Tagging::created_at>(quarry::created_at));
};
template <> struct quarry::Model<nested::Tag> {
  static constexpr auto table = "nc_tags";
  static constexpr auto fields = quarry::fields(quarry::field<&nested::Tag::name>(quarry::size(20), quarry::unique));
  static constexpr auto associations = quarry::associations(
      quarry::belongs_to_many<&nested::Tag::books, &nested::Tagging::tag_id, &nested::Tagging::book_id>());
};
template <> struct quarry::Model<nested::Author> {
  static constexpr auto table = "nc_authors";
  static constexpr auto fields = quarry::fields(quarry::field<&nested::Author::name>(quarry::size(50)));
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&nested::Author::books, &nested::Book::author_id>(),
                           quarry::has_one<&nested::Author::profile, &nested::Profile::author_id>());
};
template <> struct quarry::Model<nested::Book> {
  static constexpr auto table = "nc_books";
  static constexpr auto fields = quarry::fields(quarry::field<&nested::Book::title>(quarry::size(50)),
                                                quarry::field<&nested::Book::stock>(quarry::default_value(7)));
  static constexpr auto associations = quarry::associations(
      quarry::belongs_to<&nested::Book::author, &nested::Book::author_id>(),
      quarry::has_many<&nested::Book::reviews, &nested::Review::book_id>(),
      quarry::belongs_to_many<&nested::Book::tags, &nested::Tagging::book_id, &nested::Tagging::tag_id>());
  static constexpr auto hooks = quarry::hooks(quarry::before_save(&nested::trim_title),
                                              quarry::before_create(&nested::count_book));
};

// The cases live in the namespace too, so that their names win over those of files sharing a TU.
namespace nested {
quarry::Database fresh_nested() {
  auto db = test::fresh();
  db.sync<Author, Book, Review, Profile, Tag, Tagging>({.force = true});
  books_created = reviews_created = 0;
  return db;
}

Author ada_with_books() {
  return Author{.name = "Ada",
                .books = {Book{.title = "Notes  ", .reviews = {Review{.stars = 5}, Review{.stars = 4}}},
                          Book{.title = "Letters"}},
                .profile = Profile{.bio = "first programmer"}};
}

TEST_CASE("create with include: has_many, has_one and a nested has_many get their keys", "[nested_create]") {
  auto db = fresh_nested();
  auto ada = db.create(ada_with_books(), include<&Author::books>(include<&Book::reviews>()), include<&Author::profile>());

  REQUIRE(ada.id != 0);
  CHECK(ada.created_at != quarry::Timestamp{});
  REQUIRE(ada.books.size() == 2);
  for (const auto& b : ada.books) {
    CHECK(b.id != 0);
    CHECK(b.author_id == ada.id);
    CHECK(b.stock == 7);  // the declared default, as create gives it
  }
  CHECK(ada.books[0].id != ada.books[1].id);
  CHECK(ada.books[0].title == "Notes");  // Book's before_save hook ran on it
  REQUIRE(ada.books[0].reviews.size() == 2);
  for (const auto& r : ada.books[0].reviews) {
    CHECK(r.id != 0);
    CHECK(r.book_id == ada.books[0].id);
  }
  REQUIRE(ada.profile);
  CHECK(ada.profile->id != 0);
  CHECK(ada.profile->author_id == ada.id);
  CHECK(books_created == 2);

  // the same in the database
  auto stored = db.find_by_pk<Author>(ada.id, include<&Author::books>(order_by(col<&Book::id>), include<&Book::reviews>()),
                                      include<&Author::profile>());
  REQUIRE(stored);
  CHECK(stored->name == "Ada");
  REQUIRE(stored->books.size() == 2);
  CHECK(stored->books[0].id == ada.books[0].id);
  CHECK(stored->books[0].title == "Notes");
  CHECK(stored->books[0].stock == 7);
  CHECK(stored->books[1].title == "Letters");
  REQUIRE(stored->books[0].reviews.size() == 2);
  CHECK(stored->books[0].reviews[0].id == ada.books[0].reviews[0].id);
  CHECK(stored->books[1].reviews.empty());
  REQUIRE(stored->profile);
  CHECK(stored->profile->bio == "first programmer");
  CHECK(db.count<Review>() == 2);
}

TEST_CASE("create with include: a belongs_to target is inserted first, or linked when stored", "[nested_create]") {
  auto db = fresh_nested();
  auto book = db.create(Book{.title = "Poems", .author = Author{.name = "Byron"}}, include<&Book::author>());
  REQUIRE(book.author);
  CHECK(book.author->id != 0);
  CHECK(book.author_id == book.author->id);
  CHECK(book.id != 0);
  auto stored = db.find_by_pk<Book>(book.id, include<&Book::author>());
  REQUIRE(stored);
  REQUIRE(stored->author);
  CHECK(stored->author->name == "Byron");

  // a target with its generated key set is a stored row: linked, not inserted again
  auto second = db.create(Book{.title = "Cain", .author = book.author}, include<&Book::author>());
  CHECK(second.author_id == book.author->id);
  CHECK(db.count<Author>() == 1);
  CHECK(db.count<Book>(where(col<&Book::author_id> == book.author->id)) == 2);
}

TEST_CASE("create with include: belongs_to_many inserts targets and join rows with their own columns",
          "[nested_create]") {
  auto db = fresh_nested();
  auto ada = db.create(Author{.name = "Ada"});
  auto old = db.create(Tag{.name = "old"});

  Book draft{.title = "Sketches", .author_id = ada.id};
  draft.tags.push_back({.target = Tag{.name = "new"}, .through = Tagging{.note = "first"}});
  draft.tags.push_back({.target = old, .through = Tagging{}});
  auto book = db.create(draft, include<&Book::tags>());

  REQUIRE(book.tags.size() == 2);
  CHECK(book.tags[0].target.id != 0);
  CHECK(book.tags[0].target.id != old.id);
  CHECK(book.tags[1].target.id == old.id);  // stored: linked, not inserted
  for (const auto& t : book.tags) {
    CHECK(t.through.book_id == book.id);
    CHECK(t.through.tag_id == t.target.id);
    CHECK(t.through.created_at != quarry::Timestamp{});  // the join row passed the write path
  }
  CHECK(db.count<Tag>() == 2);
  auto links = db.find_all<Tagging>(order_by(col<&Tagging::tag_id>));
  REQUIRE(links.size() == 2);
  CHECK(links[0].tag_id == old.id);
  CHECK_FALSE(links[0].note);
  CHECK(links[1].note == "first");
  auto stored = db.find_by_pk<Book>(book.id, include<&Book::tags>(order_by(col<&Tag::name>)));
  REQUIRE(stored);
  REQUIRE(stored->tags.size() == 2);
  CHECK(stored->tags[0].target.name == "new");
  CHECK(stored->tags[0].through.note == "first");

  // from the other side, with plain elements, and a belongs_to nested in them
  auto tag = db.create(Tag{.name = "verse", .books = {Book{.title = "Odes", .author = Author{.name = "Keats"}}}},
                       include<&Tag::books>(include<&Book::author>()));
  REQUIRE(tag.books.size() == 1);
  CHECK(tag.books[0].id != 0);
  REQUIRE(tag.books[0].author);
  CHECK(tag.books[0].author_id == tag.books[0].author->id);
  CHECK(db.count<Tagging>(where(col<&Tagging::tag_id> == tag.id && col<&Tagging::book_id> == tag.books[0].id)) == 1);
  CHECK(db.count<Author>(where(col<&Author::name> == "Keats")) == 1);
}

TEST_CASE("create with include: a child that fails validation rolls back every row, the parent's too",
          "[nested_create]") {
  auto db = fresh_nested();
  Author draft{.name = "Ada",
               .books = {Book{.title = "one"}, Book{.title = "two"}, Book{.title = std::string(60, 'x')}}};
  CHECK_THROWS_AS(db.create(draft, include<&Author::books>()), quarry::ValidationError);
  CHECK(books_created == 2);  // the first two were inserted before the third failed validation
  CHECK(db.count<Author>() == 0);
  CHECK(db.count<Book>() == 0);
  // create takes its row by value: the caller's is as it was
  CHECK(draft.id == 0);
  CHECK(draft.books[0].id == 0);
  CHECK(draft.books[0].author_id == 0);

  // a database error in a join row (a second link to the same tag) rolls back the rest too
  auto tag = db.create(Tag{.name = "x"});
  Book twice{.title = "twice", .author = Author{.name = "Bo"}};
  twice.tags = {{.target = tag, .through = {}}, {.target = tag, .through = {}}};
  CHECK_THROWS_AS(db.create(twice, include<&Book::author>(), include<&Book::tags>()), quarry::UniqueConstraintError);
  CHECK(db.count<Author>() == 0);
  CHECK(db.count<Book>() == 0);
  CHECK(db.count<Tagging>() == 0);
}

TEST_CASE("create with include joins an open transaction, which rolls it back", "[nested_create]") {
  auto db = fresh_nested();
  {
    auto tx = db.begin();
    auto ada = db.create(ada_with_books(), include<&Author::books>(include<&Book::reviews>()));  // runs in tx
    CHECK(ada.books[0].reviews[1].id != 0);
    CHECK(tx.count<Book>() == 2);
    tx.rollback();
  }
  CHECK(db.count<Author>() == 0);
  CHECK(db.count<Book>() == 0);
  CHECK(db.count<Review>() == 0);

  CHECK_THROWS_AS(db.transaction([](quarry::Transaction& tx) {
                    tx.create(nested::ada_with_books(), include<&Author::books>(), include<&Author::profile>());
                    throw std::runtime_error("changed my mind");
                  }),
                  std::runtime_error);
  CHECK(db.count<Author>() == 0);
  CHECK(db.count<Profile>() == 0);

  db.transaction([](quarry::Transaction& tx) { tx.create(nested::ada_with_books(), include<&Author::books>()); });
  CHECK(db.count<Book>() == 2);
}

TEST_CASE("create with include: hooks of the associated rows run, on every model", "[nested_create]") {
  auto db = fresh_nested();
  int reviews = 0;
  db.add_hook(quarry::after_create, [&](const quarry::HookEvent& e, quarry::Session&) {
    if (auto* r = e.row<Review>()) reviews += r->id != 0;
  });
  db.create(ada_with_books(), include<&Author::books>(include<&Book::reviews>()));
  CHECK(books_created == 2);
  CHECK(reviews == 2);  // after_create saw each review with its key
}

TEST_CASE("create without include writes the row alone; an include writes only its association",
          "[nested_create]") {
  auto db = fresh_nested();
  auto ada = db.create(ada_with_books());
  CHECK(ada.id != 0);
  CHECK(ada.books[0].id == 0);
  CHECK(ada.books[0].author_id == 0);
  CHECK(db.count<Book>() == 0);
  CHECK(db.count<Profile>() == 0);

  auto bo = db.create(Author{.name = "Bo", .books = {Book{.title = "B"}}, .profile = Profile{.bio = "b"}},
                      include<&Author::profile>());
  CHECK(bo.profile->author_id == bo.id);
  CHECK(db.count<Profile>() == 1);
  CHECK(db.count<Book>() == 0);
  CHECK(books_created == 0);
}

}  // namespace nested
