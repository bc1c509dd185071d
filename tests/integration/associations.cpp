// Associations and eager loading: one query per include level, exact pages and counts.
#include "fixture.hpp"

using namespace quarry::dsl;

namespace assoc {
struct Post;
struct Profile {
  std::int64_t id{};
  std::int64_t user_id{};
  std::string bio{};
};
struct City;
struct Country {
  std::int64_t id{};
  std::string code{};
  std::vector<City> cities;
};
struct City {
  std::int64_t id{};
  std::string name{};
  std::string country_code{};
  std::optional<Country> country{};
};
struct Comment {
  std::int64_t id{};
  std::int64_t post_id{};
  std::string body{};
};
struct User {
  std::int64_t id{};
  std::string username{};
  quarry::Timestamp created_at{}, updated_at{};
  std::vector<Post> posts;
  std::optional<Profile> profile{};
};
struct Post {
  std::int64_t id{};
  std::string title{};
  std::int64_t author_id{};
  std::optional<std::int64_t> editor_id{};
  quarry::Timestamp created_at{}, updated_at{};
  std::optional<User> author{};
  std::optional<User> editor{};
  std::vector<Comment> comments{};
};

struct Purchase;
struct Customer {
  std::int64_t id{};
  std::string name{};
  std::vector<Purchase> purchases;
};
struct Purchase {
  std::int64_t id{};
  std::int64_t customer_id{};
  quarry::Decimal amount{};
  std::optional<Customer> customer{};
};

struct Student;
struct Enrollment {
  std::int64_t student_id{};
  std::int64_t course_id{};
  std::optional<std::string> grade{};
};
struct Course {
  std::int64_t id{};
  std::string title{};
  std::vector<Student> students;
};
struct Student {
  std::int64_t id{};
  std::string name{};
  std::vector<quarry::Linked<Course, Enrollment>> courses{};
};
}  // namespace assoc

using namespace assoc;

template <> struct quarry::Model<Comment> {
  static constexpr auto table = "comments";
  static constexpr auto fields = quarry::fields(quarry::field<&Comment::id>(quarry::primary_key, quarry::auto_increment),
                                                quarry::field<&Comment::post_id>(), quarry::field<&Comment::body>());
};
template <> struct quarry::Model<Profile> {
  static constexpr auto table = "profiles";
  static constexpr auto fields = quarry::fields(quarry::field<&Profile::id>(quarry::primary_key, quarry::auto_increment),
                                                quarry::field<&Profile::user_id>(quarry::unique),
                                                quarry::field<&Profile::bio>(quarry::size(200)));
};
template <> struct quarry::Model<Country> {
  static constexpr auto table = "countries";
  static constexpr auto fields = quarry::fields(quarry::field<&Country::id>(quarry::primary_key, quarry::auto_increment),
                                                quarry::field<&Country::code>(quarry::size(2), quarry::unique));
  // keyed by the country code, not by the primary key
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&Country::cities, &City::country_code, &Country::code>());
};
template <> struct quarry::Model<City> {
  static constexpr auto table = "cities";
  static constexpr auto fields = quarry::fields(quarry::field<&City::id>(quarry::primary_key, quarry::auto_increment),
                                                quarry::field<&City::name>(quarry::size(50)),
                                                quarry::field<&City::country_code>(quarry::size(2)));
  static constexpr auto associations =
      quarry::associations(quarry::belongs_to<&City::country, &City::country_code, &Country::code>());
};
template <> struct quarry::Model<User> {
  static constexpr auto table = "users";
  static constexpr auto fields = quarry::fields(
      quarry::field<&User::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&User::username>(quarry::size(50), quarry::unique),
      quarry::timestamps<&User::created_at, &User::updated_at>());
  static constexpr auto associations = quarry::associations(quarry::has_many<&User::posts, &Post::author_id>(),
                                                            quarry::has_one<&User::profile, &Profile::user_id>());
};
template <> struct quarry::Model<Post> {
  static constexpr auto table = "posts";
  static constexpr auto fields = quarry::fields(
      quarry::field<&Post::id>(quarry::primary_key, quarry::auto_increment), quarry::field<&Post::title>(quarry::size(100)),
      quarry::field<&Post::author_id>(), quarry::field<&Post::editor_id>(),
      quarry::timestamps<&Post::created_at, &Post::updated_at>());
  static constexpr auto associations = quarry::associations(
      quarry::belongs_to<&Post::author, &Post::author_id>(), quarry::belongs_to<&Post::editor, &Post::editor_id>(),
      quarry::has_many<&Post::comments, &Comment::post_id>());
};
template <> struct quarry::Model<Customer> {
  static constexpr auto table = "shop_customers";
  static constexpr auto fields = quarry::fields(
      quarry::field<&Customer::id>(quarry::primary_key, quarry::auto_increment), quarry::field<&Customer::name>(quarry::size(50)));
  static constexpr auto associations = quarry::associations(quarry::has_many<&Customer::purchases, &Purchase::customer_id>());
};
template <> struct quarry::Model<Purchase> {
  static constexpr auto table = "shop_orders";
  static constexpr auto fields = quarry::fields(
      quarry::field<&Purchase::id>(quarry::primary_key, quarry::auto_increment), quarry::field<&Purchase::customer_id>(),
      quarry::field<&Purchase::amount>(quarry::decimal(10, 2)));
  static constexpr auto associations = quarry::associations(quarry::belongs_to<&Purchase::customer, &Purchase::customer_id>());
};
template <> struct quarry::Model<Enrollment> {
  static constexpr auto table = "enrollments";
  static constexpr auto fields = quarry::fields(quarry::field<&Enrollment::student_id>(quarry::primary_key),
                                                quarry::field<&Enrollment::course_id>(quarry::primary_key),
                                                quarry::field<&Enrollment::grade>(quarry::size(2)));
};
template <> struct quarry::Model<Course> {
  static constexpr auto table = "courses";
  static constexpr auto fields = quarry::fields(quarry::field<&Course::id>(quarry::primary_key, quarry::auto_increment),
                                                quarry::field<&Course::title>(quarry::size(100)));
  static constexpr auto associations = quarry::associations(
      quarry::belongs_to_many<&Course::students, &Enrollment::course_id, &Enrollment::student_id>());
};
template <> struct quarry::Model<Student> {
  static constexpr auto table = "students";
  static constexpr auto fields = quarry::fields(quarry::field<&Student::id>(quarry::primary_key, quarry::auto_increment),
                                                quarry::field<&Student::name>(quarry::size(50)));
  static constexpr auto associations = quarry::associations(
      quarry::belongs_to_many<&Student::courses, &Enrollment::student_id, &Enrollment::course_id>());
};

namespace {
quarry::Database fresh_assoc(quarry::DatabaseOptions options = {}) {
  auto db = test::fresh(std::move(options));
  db.sync<User, Post, Comment, Customer, Purchase, Student, Course, Enrollment, Profile, Country, City>({.force = true});
  return db;
}
}  // namespace

TEST_CASE("users and posts: find_by_pk with posts, latest members with a limit", "[associations]") {
  auto db = fresh_assoc();
  auto ada = db.create(User{.username = "ada"});
  auto bob = db.create(User{.username = "bob"});
  for (int i = 0; i < 3; ++i) db.create(Post{.title = "ada " + std::to_string(i), .author_id = ada.id, .editor_id = bob.id});
  db.create(Post{.title = "bob 0", .author_id = bob.id});

  auto with_posts = db.find_by_pk<User>(ada.id, include<&User::posts>(order_by(desc(col<&Post::title>))));
  REQUIRE(with_posts);
  REQUIRE(with_posts->posts.size() == 3);
  CHECK(with_posts->posts[0].title == "ada 2");
  CHECK(with_posts->posts[2].title == "ada 0");

  for (int i = 0; i < 30; ++i) db.create(User{.username = "member" + std::to_string(i)});
  auto latest = db.find_all<User>(order_by(desc(col<&User::created_at>), desc(col<&User::id>)), limit(20),
                                  include<&User::posts>());
  REQUIRE(latest.size() == 20);
  CHECK(latest[0].username == "member29");
  CHECK(latest[0].posts.empty());

  // two associations to the same model, told apart by their members
  auto posts = db.find_all<Post>(include<&Post::author>(), include<&Post::editor>(), order_by(col<&Post::id>));
  REQUIRE(posts.size() == 4);
  CHECK(posts[0].author->username == "ada");
  CHECK(posts[0].editor->username == "bob");
  CHECK(posts[3].author->username == "bob");
  CHECK_FALSE(posts[3].editor);
}

TEST_CASE("orders above 3000 with their user", "[associations]") {
  auto db = fresh_assoc();
  auto ann = db.create(Customer{.name = "Ann"});
  auto ben = db.create(Customer{.name = "Ben"});
  db.create(Purchase{.customer_id = ann.id, .amount = quarry::Decimal("3500.00")});
  db.create(Purchase{.customer_id = ann.id, .amount = quarry::Decimal("20.00")});
  db.create(Purchase{.customer_id = ben.id, .amount = quarry::Decimal("9000.50")});
  auto big = db.find_all<Purchase>(where(col<&Purchase::amount> > 3000), include<&Purchase::customer>(),
                                   order_by(col<&Purchase::amount>));
  REQUIRE(big.size() == 2);
  CHECK(big[0].customer->name == "Ann");
  CHECK(big[1].customer->name == "Ben");
  CHECK(big[1].amount == quarry::Decimal("9000.50"));

  // a filtered, required include: only customers with a big order, counted exactly
  auto page = db.find_and_count_all<Customer>(include<&Customer::purchases>(where(col<&Purchase::amount> > 5000), required));
  CHECK(page.count == 1);
  REQUIRE(page.rows.size() == 1);
  CHECK(page.rows[0].name == "Ben");
  REQUIRE(page.rows[0].purchases.size() == 1);
  auto all = db.find_all<Customer>(include<&Customer::purchases>(where(col<&Purchase::amount> > 5000)),
                                   order_by(col<&Customer::id>));
  REQUIRE(all.size() == 2);
  CHECK(all[0].purchases.empty());  // not required: Ann stays, without the filtered orders
}

TEST_CASE("students and courses through enrollments with a grade", "[associations]") {
  auto db = fresh_assoc();
  auto kim = db.create(Student{.name = "Kim"});
  auto lee = db.create(Student{.name = "Lee"});
  auto math = db.create(Course{.title = "Math"});
  auto art = db.create(Course{.title = "Art"});
  db.add_related<&Student::courses>(kim, math, Enrollment{.grade = "A"});
  db.add_related<&Student::courses>(kim, art, Enrollment{.grade = "B"});
  db.add_related<&Student::courses>(lee, math);

  auto students = db.find_all<Student>(include<&Student::courses>(order_by(col<&Course::title>)), order_by(col<&Student::id>));
  REQUIRE(students.size() == 2);
  REQUIRE(students[0].courses.size() == 2);
  CHECK(students[0].courses[0].target.title == "Art");
  CHECK(students[0].courses[0].through.grade == "B");
  CHECK(students[0].courses[1].through.grade == "A");
  REQUIRE(students[1].courses.size() == 1);
  CHECK_FALSE(students[1].courses[0].through.grade);

  auto courses = db.find_all<Course>(include<&Course::students>(), order_by(col<&Course::id>));
  CHECK(courses[0].students.size() == 2);
  CHECK(courses[1].students.size() == 1);

  CHECK(db.count_related<&Student::courses>(kim) == 2);
  CHECK(db.has_related<&Student::courses>(lee, math));
  CHECK_FALSE(db.has_related<&Student::courses>(lee, art));
  db.remove_related<&Student::courses>(kim, art);
  CHECK(db.related<&Student::courses>(kim).size() == 1);
  std::vector<Course> both{math, art};
  db.set_related<&Student::courses>(lee, both);
  CHECK(db.count_related<&Student::courses>(lee) == 2);
  auto music = db.create_related<&Student::courses>(lee, Course{.title = "Music"}, Enrollment{.grade = "C"});
  CHECK(music.id > 0);
  CHECK(db.count_related<&Student::courses>(lee) == 3);
  auto with_grade_c = db.find_all<Student>(include<&Student::courses>(where(col<&Course::title> == "Music"), required));
  REQUIRE(with_grade_c.size() == 1);
  CHECK(with_grade_c[0].name == "Lee");
}

TEST_CASE("association helpers on has_many and belongs_to", "[associations]") {
  auto db = fresh_assoc();
  auto ada = db.create(User{.username = "ada"});
  auto bob = db.create(User{.username = "bob"});
  auto post = db.create_related<&User::posts>(ada, Post{.title = "hello"});
  CHECK(post.author_id == ada.id);
  CHECK(db.count_related<&User::posts>(ada) == 1);
  CHECK(db.has_related<&User::posts>(ada, post));
  auto author = db.related<&Post::author>(post);
  REQUIRE(author);
  CHECK(author->username == "ada");
  db.add_related<&Post::editor>(post, bob);
  CHECK(db.find_by_pk<Post>(post.id)->editor_id == bob.id);
  db.remove_related<&Post::editor>(post, bob);
  CHECK_FALSE(db.find_by_pk<Post>(post.id)->editor_id);
  auto second = db.create(Post{.title = "second", .author_id = bob.id});
  db.add_related<&User::posts>(ada, second);
  CHECK(db.related<&User::posts>(ada, order_by(col<&Post::title>)).size() == 2);
}

TEST_CASE("deleting a parent cascades or sets null as the association says", "[associations]") {
  auto db = fresh_assoc();
  auto ada = db.create(User{.username = "ada"});
  auto bob = db.create(User{.username = "bob"});
  auto p = db.create(Post{.title = "by ada, edited by bob", .author_id = ada.id, .editor_id = bob.id});
  db.create(Comment{.post_id = p.id, .body = "nice"});
  CHECK(db.destroy(bob));  // editor_id is nullable: SET NULL
  auto kept = db.find_by_pk<Post>(p.id);
  REQUIRE(kept);
  CHECK_FALSE(kept->editor_id);
  CHECK(db.destroy(ada));  // author_id is NOT NULL: CASCADE
  CHECK(db.count<Post>() == 0);
  auto kim = db.create(Student{.name = "Kim"});
  auto math = db.create(Course{.title = "Math"});
  db.add_related<&Student::courses>(kim, math);
  CHECK(db.destroy(math));  // join rows go with either side
  CHECK(db.count<Enrollment>() == 0);
}

TEST_CASE("a two-level include over 1000 parents is 3 queries, and pages are exact", "[associations]") {
  std::vector<std::string> statements;
  auto db = fresh_assoc();
  std::vector<User> users;
  for (int i = 0; i < 1000; ++i) users.push_back(User{.username = "u" + std::to_string(i)});
  users = db.bulk_create(users);
  std::vector<Post> posts;
  for (const auto& u : users)
    for (int k = 0; k < 2; ++k) posts.push_back(Post{.title = u.username + "/" + std::to_string(k), .author_id = u.id});
  posts = db.bulk_create(posts);
  std::vector<Comment> comments;
  for (const auto& p : posts) comments.push_back(Comment{.post_id = p.id, .body = "on " + p.title});
  db.bulk_create(comments);

  db.on_log([&](const quarry::LogEntry& e) { statements.emplace_back(e.sql); });
  auto all = db.find_all<User>(include<&User::posts>(include<&Post::comments>()));
  CHECK(statements.size() == 3);
  REQUIRE(all.size() == 1000);
  for (const auto& u : all) {
    REQUIRE(u.posts.size() == 2);
    for (const auto& p : u.posts) {
      REQUIRE(p.comments.size() == 1);
      CHECK(p.comments[0].body == "on " + p.title);
    }
  }

  statements.clear();
  auto page = db.find_all<User>(order_by(col<&User::id>), limit(10), offset(20),
                                include<&User::posts>(include<&Post::comments>()));
  CHECK(statements.size() == 3);
  REQUIRE(page.size() == 10);
  for (int i = 0; i < 10; ++i) {
    CHECK(page[static_cast<std::size_t>(i)].username == "u" + std::to_string(20 + i));
    CHECK(page[static_cast<std::size_t>(i)].posts.size() == 2);
  }
  db.on_log(nullptr);
  auto counted = db.find_and_count_all<User>(include<&User::posts>(), limit(5));
  CHECK(counted.count == 1000);
  CHECK(counted.rows.size() == 5);
}

TEST_CASE("has_one, and associations keyed by a column that is not the primary key", "[associations]") {
  auto db = fresh_assoc();
  auto ada = db.create(User{.username = "ada"});
  auto bob = db.create(User{.username = "bob"});
  db.create_related<&User::profile>(ada, Profile{.bio = "first programmer"});
  auto users = db.find_all<User>(include<&User::profile>(), order_by(col<&User::id>));
  REQUIRE(users.size() == 2);
  REQUIRE(users[0].profile);
  CHECK(users[0].profile->bio == "first programmer");
  CHECK_FALSE(users[1].profile);
  CHECK(db.related<&User::profile>(ada)->bio == "first programmer");
  CHECK_FALSE(db.related<&User::profile>(bob));
  CHECK(db.find_all<User>(include<&User::profile>(required)).size() == 1);
  CHECK_THROWS_AS(db.create(Profile{.user_id = ada.id, .bio = "again"}), quarry::UniqueConstraintError);

  db.create(Country{.code = "FR"});
  db.create(Country{.code = "JP"});
  db.create(City{.name = "Paris", .country_code = "FR"});
  db.create(City{.name = "Lyon", .country_code = "FR"});
  db.create(City{.name = "Kyoto", .country_code = "JP"});
  auto countries = db.find_all<Country>(include<&Country::cities>(order_by(col<&City::name>)), order_by(col<&Country::code>));
  REQUIRE(countries.size() == 2);
  REQUIRE(countries[0].cities.size() == 2);
  CHECK(countries[0].cities[0].name == "Lyon");
  auto kyoto = db.find_one<City>(where(col<&City::name> == "Kyoto"), include<&City::country>());
  REQUIRE(kyoto);
  CHECK(kyoto->country->code == "JP");
  CHECK_THROWS_AS(db.create(City{.name = "Nowhere", .country_code = "XX"}), quarry::ForeignKeyConstraintError);
}

TEST_CASE("nested required includes filter each level; drop follows the associations", "[associations]") {
  auto db = fresh_assoc();
  auto ada = db.create(User{.username = "ada"});
  auto bob = db.create(User{.username = "bob"});
  auto with_comment = db.create(Post{.title = "commented", .author_id = ada.id});
  db.create(Post{.title = "quiet", .author_id = ada.id});
  db.create(Post{.title = "also quiet", .author_id = bob.id});
  db.create(Comment{.post_id = with_comment.id, .body = "hi"});
  auto users = db.find_all<User>(include<&User::posts>(required, include<&Post::comments>(required)));
  REQUIRE(users.size() == 1);
  CHECK(users[0].username == "ada");
  REQUIRE(users[0].posts.size() == 1);  // the post without comments is left out too
  CHECK(users[0].posts[0].title == "commented");
  auto all = db.find_all<User>(include<&User::posts>(include<&Post::comments>(required)), order_by(col<&User::id>));
  REQUIRE(all.size() == 2);
  CHECK(all[0].posts.size() == 1);
  CHECK(all[1].posts.empty());
  db.drop<User, Post, Comment, Profile>();  // dependents first, whatever the order given
  CHECK_THROWS_AS(db.count<User>(), quarry::DatabaseError);
}
