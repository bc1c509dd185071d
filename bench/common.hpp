#pragma once
// What every contender of the runtime benchmark shares: the rows, the models, the inputs of each
// workload, and the interface a raw (hand-written C API) contender implements.
//
// Tables (created through quarry's sync before each timed run, identical for every contender):
//   world(id bigint primary key, random_number bigint)
//   users(id bigint auto-increment primary key, name varchar(100), email varchar(200), age int,
//         created_at timestamp)
//   authors(id bigint auto-increment primary key, name varchar(100))
//   books(id bigint auto-increment primary key, author_id bigint references authors, title varchar(200))
//   fortune(id bigint primary key, message varchar(2048))

#include <quarry/quarry.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace bench {

struct World {
  std::int64_t id{};
  std::int64_t random_number{};
};

struct User {
  std::int64_t id{};
  std::string name;
  std::string email;
  std::int32_t age{};
  quarry::Timestamp created_at{};
};

struct Book;
struct Author {
  std::int64_t id{};
  std::string name;
  std::vector<Book> books;
};
struct Book {
  std::int64_t id{};
  std::int64_t author_id{};
  std::string title;
};

struct Fortune {
  std::int64_t id{};
  std::string message;
};

/// The users of workloads a, b and c: deterministic, ids left to the database.
inline std::vector<User> make_users(int n) {
  std::vector<User> out;
  out.reserve(static_cast<std::size_t>(n));
  auto base = quarry::Timestamp{std::chrono::seconds{1'700'000'000}};
  for (int i = 1; i <= n; ++i)
    out.push_back({0, "user " + std::to_string(i), "user" + std::to_string(i) + "@example.com", 18 + i % 60,
                   base + std::chrono::microseconds{std::int64_t{i} * 1'000'003}});
  return out;
}

/// TechEmpower's fortunes, plus the one added in memory by each request.
inline std::vector<Fortune> make_fortunes() {
  return {{1, "fortune: No such file or directory"},
          {2, "A computer scientist is someone who fixes things that aren't broken."},
          {3, "After enough decimal places, nobody gives a damn."},
          {4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"},
          {5, "A computer program does what you tell it to do, not what you want it to do."},
          {6, "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen"},
          {7, "Any program that runs right is obsolete."},
          {8, "A list is only as strong as its weakest link. — Donald Knuth"},
          {9, "Feature: A bug with seniority."},
          {10, "Computers make very fast, very accurate mistakes."},
          {11, "<script>alert(\"This should not be displayed in a browser alert box.\");</script>"},
          {12, "フレームワークのベンチマーク"}};
}

/// A small deterministic generator (the same sequence for every contender).
struct Random {
  std::uint64_t state;
  explicit Random(std::uint64_t seed) : state(seed * 0x9E3779B97F4A7C15ull + 1) {}
  /// 1..n
  std::int64_t next(std::int64_t n) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<std::int64_t>(state % static_cast<std::uint64_t>(n)) + 1;
  }
};

/// The interface of a raw contender (RawSqlite, RawPostgres, RawMysql). Each is written as an
/// expert would: prepared statements, one transaction where the workload has one, results read
/// straight into these structs. Every method returns something derived from what it read or
/// wrote, so that nothing can be optimized away.
///
///   a. insert_users(rows): one INSERT per row inside one transaction; returns the sum of the ids
///      the database assigned (read back as the ORM does).
///   b. bulk_users(rows): multi-row INSERT statements in one transaction, reading the assigned ids
///      back (RETURNING where the dialect has it); returns the sum of the ids.
///   c. select_users(): SELECT every user into std::vector<User>.
///   c'. each_user(): the same rows read as they come (constant memory), each into one User;
///      returns the sum of age + email length.
///   d. lookup_users(ids): one SELECT ... WHERE id = ? per id, each into a User; returns the sum of ages.
///   e. update_worlds(pairs): UPDATE world SET random_number = ? WHERE id = ? per pair, in one
///      transaction; returns the rows changed.
///   f. authors_with_books(): every author, then the books of those authors by their keys (the two
///      queries quarry's include sends), into std::vector<Author>.
///   g. TechEmpower without HTTP, on a 10k-row world:
///      te_single(id): one World by key.
///      te_queries(ids): one World per id (20 of them), each its own query.
///      te_updates(ids, numbers): read the 20 worlds one by one, set random_number, write them back
///      (one UPDATE per world; no transaction, as TechEmpower's rules allow either).
///      te_fortunes(): every Fortune, plus one added in memory, sorted by message.
}  // namespace bench

// The models, for quarry's side (and for creating the tables).
template <>
struct quarry::Model<bench::World> {
  static constexpr auto table = "world";
  static constexpr auto fields =
      quarry::fields(quarry::field<&bench::World::id>(quarry::primary_key), quarry::field<&bench::World::random_number>());
};
template <>
struct quarry::Model<bench::User> {
  static constexpr auto table = "users";
  static constexpr auto fields = quarry::fields(
      quarry::field<&bench::User::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&bench::User::name>(quarry::size(100)), quarry::field<&bench::User::email>(quarry::size(200)),
      quarry::field<&bench::User::age>(), quarry::field<&bench::User::created_at>());
};
template <>
struct quarry::Model<bench::Author> {
  static constexpr auto table = "authors";
  static constexpr auto fields =
      quarry::fields(quarry::field<&bench::Author::id>(quarry::primary_key, quarry::auto_increment),
                     quarry::field<&bench::Author::name>(quarry::size(100)));
  static constexpr auto associations = quarry::associations(quarry::has_many<&bench::Author::books, &bench::Book::author_id>());
};
template <>
struct quarry::Model<bench::Book> {
  static constexpr auto table = "books";
  static constexpr auto fields =
      quarry::fields(quarry::field<&bench::Book::id>(quarry::primary_key, quarry::auto_increment),
                     quarry::field<&bench::Book::author_id>(), quarry::field<&bench::Book::title>(quarry::size(200)));
};
template <>
struct quarry::Model<bench::Fortune> {
  static constexpr auto table = "fortune";
  static constexpr auto fields = quarry::fields(quarry::field<&bench::Fortune::id>(quarry::primary_key),
                                                quarry::field<&bench::Fortune::message>(quarry::size(2048)));
};
