// Subqueries on every dialect: in(...) and not_in(...) of a subquery, exists(...) and !exists(...)
// correlated by outer<...>, scalar subqueries compared and read as columns (NULL when no row
// matches), a subquery on the query's own model, soft delete inside them, in find_all, find_one,
// count, find_and_count_all, select, update and destroy, with parameters inside and around them.

#include "fixture.hpp"

using namespace quarry::dsl;
using test::Author;
using test::Book;
using test::dec;

namespace subq {
struct Note {  // soft delete by convention
  std::int64_t id{};
  std::int64_t author_id{};
  std::string text{};
  std::optional<quarry::Timestamp> deleted_at{};
};
}  // namespace subq

template <>
struct quarry::Model<subq::Note> {
  static constexpr auto table = "sub_notes";
};

namespace subq {
quarry::Database shelf() {
  auto db = test::fresh();
  db.sync<Note>({.force = true});
  auto ada = db.create(Author{.name = "Ada"});
  auto bob = db.create(Author{.name = "Bob"});
  db.create(Author{.name = "Cy"});
  db.create(Book{.title = "Notes", .author_id = ada.id, .price = dec("29.99"), .stock = 3});
  db.create(Book{.title = "Engines", .author_id = ada.id, .price = dec("45.00"), .stock = 0});
  db.create(Book{.title = "notebook", .author_id = bob.id, .price = dec("12.50"), .stock = 7});
  db.create(Book{.title = "Numbers", .author_id = bob.id, .price = dec("30.00"), .stock = 3});
  return db;
}
std::vector<std::string> names(const std::vector<Author>& authors) {
  std::vector<std::string> out;
  for (const auto& a : authors) out.push_back(a.name);
  return out;
}
std::vector<std::string> titles(const std::vector<Book>& books) {
  std::vector<std::string> out;
  for (const auto& b : books) out.push_back(b.title);
  return out;
}
using Names = std::vector<std::string>;
/// The books of the author of the row around it.
inline auto books_of_author() { return subquery<Book>(where(col<&Book::author_id> == outer<&Author::id>)); }
}  // namespace subq

TEST_CASE("subqueries: in(...) and not_in(...) of a subquery", "[query][subqueries]") {
  auto db = subq::shelf();
  auto by_name = order_by(col<&Author::name>);
  CHECK(subq::names(db.find_all<Author>(
            where(col<&Author::id>.in(subquery<Book>(columns(col<&Book::author_id>), where(col<&Book::stock> == 0)))),
            by_name)) == subq::Names{"Ada"});
  CHECK(subq::names(db.find_all<Author>(where(col<&Author::id>.not_in(subquery<Book>(columns(col<&Book::author_id>)))),
                                        by_name)) == subq::Names{"Cy"});
  // the authors of the two dearest books: a LIMIT inside IN (...), a derived table on MySQL
  CHECK(subq::names(db.find_all<Author>(
            where(col<&Author::id>.in(subquery<Book>(columns(col<&Book::author_id>), order_by(desc(col<&Book::price>)),
                                                      limit(2)))),
            by_name)) == subq::Names{"Ada", "Bob"});
  // and an OFFSET alone: the author of the dearest of the four
  CHECK(subq::names(db.find_all<Author>(where(col<&Author::id>.in(
            subquery<Book>(columns(col<&Book::author_id>), order_by(col<&Book::price>), offset(3)))))) ==
        subq::Names{"Ada"});
  CHECK(db.count<Author>(where(col<&Author::id>.in(subquery<Book>(columns(col<&Book::author_id>))))) == 2);
}

TEST_CASE("subqueries: exists(...) and !exists(...), correlated to the outer row", "[query][subqueries]") {
  auto db = subq::shelf();
  auto by_name = order_by(col<&Author::name>);
  auto dear = subquery<Book>(where(col<&Book::author_id> == outer<&Author::id> && col<&Book::price> > 40));
  CHECK(subq::names(db.find_all<Author>(where(exists(dear)), by_name)) == subq::Names{"Ada"});
  CHECK(subq::names(db.find_all<Author>(where(!exists(subq::books_of_author())), by_name)) == subq::Names{"Cy"});
  CHECK(db.count<Author>(where(exists(subq::books_of_author()))) == 2);
  auto one = db.find_one<Author>(where(exists(subq::books_of_author()) && col<&Author::name> != "Ada"));
  REQUIRE(one);
  CHECK(one->name == "Bob");
  auto page = db.find_and_count_all<Author>(where(exists(subq::books_of_author())), by_name, limit(1));
  CHECK(subq::names(page.rows) == subq::Names{"Ada"});
  CHECK(page.count == 2);
  // uncorrelated: true or false for every row alike
  CHECK(db.count<Author>(where(exists(subquery<Book>(where(col<&Book::stock> > 100))))) == 0);
  CHECK(db.count<Author>(where(!exists(subquery<Book>(where(col<&Book::stock> > 100))))) == 3);
}

TEST_CASE("subqueries: scalar subqueries compared, also on the query's own model", "[query][subqueries]") {
  auto db = subq::shelf();
  auto by_title = order_by(col<&Book::title>);
  // above the average price (29.3725)
  CHECK(subq::titles(db.find_all<Book>(where(col<&Book::price> > subquery<Book>(columns(avg(col<&Book::price>)))),
                                       by_title)) == subq::Names{"Engines", "Notes", "Numbers"});
  // above their own author's average: the subquery reads books under an alias
  auto author_avg = subquery<Book>(columns(avg(col<&Book::price>)), where(col<&Book::author_id> == outer<&Book::author_id>));
  CHECK(subq::titles(db.find_all<Book>(where(col<&Book::price> > author_avg), by_title)) ==
        subq::Names{"Engines", "Numbers"});
  // authors with at least two books, by a count compared with arithmetic
  auto count_books = subquery<Book>(columns(count()), where(col<&Book::author_id> == outer<&Author::id>));
  CHECK(db.count<Author>(where(count_books * 10 >= 20)) == 2);
  CHECK(subq::names(db.find_all<Author>(where(count_books == 0))) == subq::Names{"Cy"});
}

TEST_CASE("subqueries: scalar subqueries as columns of select, NULL where no row matches", "[query][subqueries]") {
  auto db = subq::shelf();
  auto count_books = subquery<Book>(columns(count()), where(col<&Book::author_id> == outer<&Author::id>));
  auto latest = subquery<Book>(columns(col<&Book::title>), where(col<&Book::author_id> == outer<&Author::id>),
                               order_by(desc(col<&Book::id>)), limit(1));
  auto dearest = subquery<Book>(columns(max(col<&Book::price>)), where(col<&Book::author_id> == outer<&Author::id>));
  auto rows = db.select<Author>(columns(col<&Author::name>, count_books, latest, dearest), order_by(col<&Author::name>));
  using Row = std::tuple<std::string, std::int64_t, std::optional<std::string>, std::optional<quarry::Decimal>>;
  static_assert(std::is_same_v<decltype(rows)::value_type, Row>);
  CHECK(rows == std::vector<Row>{{"Ada", 2, "Engines", dec("45.00")},
                                 {"Bob", 2, "Numbers", dec("30.00")},
                                 {"Cy", 0, std::nullopt, std::nullopt}});
  // ordered by a subquery, most books first, then by the dearest book, NULLs last on every dialect
  auto order = db.select<Author>(columns(col<&Author::name>),
                                 order_by(desc(count_books), desc(dearest).nulls_last(), col<&Author::name>));
  CHECK(order == std::vector<std::tuple<std::string>>{{"Ada"}, {"Bob"}, {"Cy"}});
}

TEST_CASE("subqueries: parameters before, inside and after subqueries, also in an order key written twice",
          "[query][subqueries]") {
  auto db = subq::shelf();
  auto in_stock = [](std::int32_t over) {
    return subquery<Book>(columns(count()),
                          where(col<&Book::author_id> == outer<&Author::id> && col<&Book::stock> > over));
  };
  auto rows = db.find_all<Author>(where(col<&Author::name> != "Zed" && in_stock(2) >= 1 && col<&Author::id> > 0),
                                  order_by(asc(in_stock(5)).nulls_last(), col<&Author::name>), limit(5));
  CHECK(subq::names(rows) == subq::Names{"Ada", "Bob"});  // Ada has none over 5 in stock, Bob one
  auto nested = db.find_all<Author>(where(col<&Author::id>.in(subquery<Book>(
      columns(col<&Book::author_id>),
      where(col<&Book::stock> > 1 && col<&Book::id>.in(subquery<Book>(columns(col<&Book::id>),
                                                                       where(col<&Book::title>.like("N%")))))))));
  CHECK(subq::names(nested).size() == 2);  // Notes (Ada), Numbers (Bob)
}

TEST_CASE("subqueries: in update(set(...), where(...)) and destroy(where(...))", "[query][subqueries]") {
  auto db = subq::shelf();
  auto avg_price = subquery<Book>(columns(avg(col<&Book::price>)));
  // a subquery on the table written (a derived table on MySQL)
  CHECK(db.update<Book>(set(col<&Book::stock> = col<&Book::stock> + 1), where(col<&Book::price> < avg_price)) == 1);
  CHECK(db.find_one<Book>(where(col<&Book::title> == "notebook"))->stock == 8);
  // SET from a correlated subquery
  CHECK(db.update<Author>(set(col<&Author::email> = subquery<Book>(columns(max(col<&Book::title>)),
                                                                   where(col<&Book::author_id> == outer<&Author::id>))),
                          where(col<&Author::name> != "Bob")) == 2);
  CHECK(db.find_one<Author>(where(col<&Author::name> == "Ada"))->email == "Notes");
  CHECK_FALSE(db.find_one<Author>(where(col<&Author::name> == "Cy"))->email.has_value());
  // every book but the cheapest of its author, by a subquery on the written table correlated to it
  CHECK(db.destroy<Book>(where(exists(subquery<Book>(where(col<&Book::author_id> == outer<&Book::author_id> &&
                                                           col<&Book::price> < outer<&Book::price>))))) == 2);
  CHECK(subq::titles(db.find_all<Book>(order_by(col<&Book::title>))) == subq::Names{"Notes", "notebook"});
  CHECK(db.destroy<Book>(where(col<&Book::price> < avg_price)) == 1);  // 12.50 < 21.245
  CHECK(db.destroy<Author>(where(!exists(subq::books_of_author()))) == 2);
  CHECK(test::author_names(db) == subq::Names{"Ada"});
}

TEST_CASE("subqueries: a subquery on a soft-deleting model leaves deleted rows out, unless told",
          "[query][subqueries]") {
  auto db = subq::shelf();
  auto ada = *db.find_one<Author>(where(col<&Author::name> == "Ada"));
  auto bob = *db.find_one<Author>(where(col<&Author::name> == "Bob"));
  db.create(subq::Note{.author_id = ada.id, .text = "kept"});
  auto gone = db.create(subq::Note{.author_id = bob.id, .text = "gone"});
  db.destroy(gone);
  auto notes = [](auto... visibility) {
    return exists(subquery<subq::Note>(where(col<&subq::Note::author_id> == outer<&Author::id>), visibility...));
  };
  auto by_name = order_by(col<&Author::name>);
  CHECK(subq::names(db.find_all<Author>(where(notes()), by_name)) == subq::Names{"Ada"});
  CHECK(subq::names(db.find_all<Author>(where(notes(with_deleted())), by_name)) == subq::Names{"Ada", "Bob"});
  CHECK(subq::names(db.find_all<Author>(where(notes(only_deleted())), by_name)) == subq::Names{"Bob"});
  auto counted = db.select<Author>(
      columns(col<&Author::name>, subquery<subq::Note>(columns(count()), where(col<&subq::Note::author_id> == outer<&Author::id>))),
      by_name);
  CHECK(counted == std::vector<std::tuple<std::string, std::int64_t>>{{"Ada", 1}, {"Bob", 0}, {"Cy", 0}});
}
