// A limit per parent in an include: each owner's first n rows in the include's order, one query
// per include level (and chunk of keys), on every dialect.
#include "instrumented.hpp"

using namespace quarry::dsl;

namespace per_parent_it {
struct Novel;
struct Topic;
struct Review {
  std::int64_t id{};
  std::int64_t novel_id{};
  std::int32_t stars{};
};
struct Writer {
  std::int64_t id{};
  std::string name{};
  std::vector<Novel> novels;
  std::vector<Topic> topics;
};
struct Novel {
  std::int64_t id{};
  std::string title{};
  std::int64_t writer_id{};
  std::int32_t year{};
  std::optional<std::int32_t> rank{};
  std::optional<quarry::Timestamp> deleted_at{};  // soft delete
  std::vector<Review> reviews{};
};
struct Topic {
  std::int64_t id{};
  std::string name{};
};
struct WriterTopic {
  std::int64_t writer_id{};
  std::int64_t topic_id{};
};
}  // namespace per_parent_it

template <> struct quarry::Model<per_parent_it::Writer> {
  static constexpr auto table = "pp_writers";
  static constexpr auto associations = quarry::associations(
      quarry::has_many<&per_parent_it::Writer::novels, &per_parent_it::Novel::writer_id>(),
      quarry::belongs_to_many<&per_parent_it::Writer::topics, &per_parent_it::WriterTopic::writer_id,
                              &per_parent_it::WriterTopic::topic_id>());
};
template <> struct quarry::Model<per_parent_it::Novel> {
  static constexpr auto table = "pp_novels";
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&per_parent_it::Novel::reviews, &per_parent_it::Review::novel_id>());
};
template <> struct quarry::Model<per_parent_it::Review> {
  static constexpr auto table = "pp_reviews";
};
template <> struct quarry::Model<per_parent_it::Topic> {
  static constexpr auto table = "pp_topics";
};
template <> struct quarry::Model<per_parent_it::WriterTopic> {
  static constexpr auto table = "pp_writer_topics";
  static constexpr auto fields = quarry::fields(quarry::field<&per_parent_it::WriterTopic::writer_id>(quarry::primary_key),
                                                quarry::field<&per_parent_it::WriterTopic::topic_id>(quarry::primary_key));
};

namespace per_parent_it {

quarry::Database fresh_pp() {
  auto db = test::fresh();
  db.sync<Writer, Novel, Review, Topic, WriterTopic>({.force = true});
  return db;
}

/// The writers ada (five novels, two of them from 2020), bob (two), cy (none), each with its key.
struct Shelf {
  Writer ada, bob, cy;
};
Shelf shelve(quarry::Database& db) {
  Shelf s{db.create(Writer{.name = "ada"}), db.create(Writer{.name = "bob"}), db.create(Writer{.name = "cy"})};
  db.create(Novel{.title = "a1", .writer_id = s.ada.id, .year = 2001, .rank = 3});
  db.create(Novel{.title = "a2", .writer_id = s.ada.id, .year = 2020});
  db.create(Novel{.title = "a3", .writer_id = s.ada.id, .year = 2015, .rank = 1});
  db.create(Novel{.title = "a4", .writer_id = s.ada.id, .year = 2020, .rank = 2});  // ties with a2: by key
  db.create(Novel{.title = "a5", .writer_id = s.ada.id, .year = 2010});
  db.create(Novel{.title = "b1", .writer_id = s.bob.id, .year = 1999, .rank = 5});
  db.create(Novel{.title = "b2", .writer_id = s.bob.id, .year = 2005});
  return s;
}

std::vector<std::string> titles(const std::vector<Novel>& novels) {
  std::vector<std::string> out;
  for (const auto& n : novels) out.push_back(n.title);
  return out;
}
using names = std::vector<std::string>;

TEST_CASE("per parent: each writer's three latest novels, ties by key, in one query", "[include][per-parent]") {
  auto db = fresh_pp();
  shelve(db);
  int selects = 0;
  db.on_log([&](const quarry::LogEntry& e) { selects += e.sql.starts_with("SELECT"); });
  auto writers = db.find_all<Writer>(include<&Writer::novels>(order_by(desc(col<&Novel::year>)), limit(3)),
                                     order_by(col<&Writer::name>));
  db.on_log(nullptr);
  CHECK(selects == 2);  // the writers, then every writer's novels
  REQUIRE(writers.size() == 3);
  CHECK(titles(writers[0].novels) == names{"a2", "a4", "a3"});
  CHECK(titles(writers[1].novels) == names{"b2", "b1"});  // fewer than three
  CHECK(writers[2].novels.empty());                      // none
  // not a global limit: more than three novels in all
  CHECK(writers[0].novels.size() + writers[1].novels.size() == 5);
}

TEST_CASE("per parent: offset skips rows of each writer; no order: by key", "[include][per-parent]") {
  auto db = fresh_pp();
  shelve(db);
  auto writers = db.find_all<Writer>(include<&Writer::novels>(order_by(desc(col<&Novel::year>)), offset(1), limit(2)),
                                     order_by(col<&Writer::name>));
  REQUIRE(writers.size() == 3);
  CHECK(titles(writers[0].novels) == names{"a4", "a3"});
  CHECK(titles(writers[1].novels) == names{"b1"});
  CHECK(writers[2].novels.empty());
  auto by_key = db.find_all<Writer>(include<&Writer::novels>(limit(2)), order_by(col<&Writer::name>));
  CHECK(titles(by_key[0].novels) == names{"a1", "a2"});
  auto rest = db.find_all<Writer>(include<&Writer::novels>(offset(3)), order_by(col<&Writer::name>));
  CHECK(titles(rest[0].novels) == names{"a4", "a5"});
  CHECK(rest[1].novels.empty());
  auto none = db.find_all<Writer>(include<&Writer::novels>(limit(0)));
  for (const auto& w : none) CHECK(w.novels.empty());
}

TEST_CASE("per parent: the include's where picks the rows that count", "[include][per-parent]") {
  auto db = fresh_pp();
  shelve(db);
  auto writers = db.find_all<Writer>(
      include<&Writer::novels>(where(col<&Novel::year> < 2020), order_by(desc(col<&Novel::year>)), limit(2)),
      order_by(col<&Writer::name>));
  REQUIRE(writers.size() == 3);
  CHECK(titles(writers[0].novels) == names{"a3", "a5"});
  CHECK(titles(writers[1].novels) == names{"b2", "b1"});
  // required: only the writers with a novel the where keeps, still two each
  auto required_only = db.find_all<Writer>(
      include<&Writer::novels>(where(col<&Novel::year> >= 2015), order_by(col<&Novel::year>), limit(2), required),
      order_by(col<&Writer::name>));
  REQUIRE(required_only.size() == 1);
  CHECK(titles(required_only[0].novels) == names{"a3", "a2"});
}

TEST_CASE("per parent: soft-deleted rows do not count, unless the include reads them", "[include][per-parent]") {
  auto db = fresh_pp();
  auto s = shelve(db);
  auto a2 = db.find_one<Novel>(where(col<&Novel::title> == "a2"));
  REQUIRE(a2);
  db.destroy(*a2);
  auto live = db.find_all<Writer>(include<&Writer::novels>(order_by(desc(col<&Novel::year>)), limit(3)),
                                  where(col<&Writer::id> == s.ada.id));
  REQUIRE(live.size() == 1);
  CHECK(titles(live[0].novels) == names{"a4", "a3", "a5"});
  auto every = db.find_all<Writer>(
      include<&Writer::novels>(order_by(desc(col<&Novel::year>)), limit(3), with_deleted()),
      where(col<&Writer::id> == s.ada.id));
  CHECK(titles(every[0].novels) == names{"a2", "a4", "a3"});
}

TEST_CASE("per parent: NULLs first or last in the include's order, on every dialect", "[include][per-parent]") {
  auto db = fresh_pp();
  shelve(db);
  auto last = db.find_all<Writer>(include<&Writer::novels>(order_by(asc(col<&Novel::rank>).nulls_last()), limit(4)),
                                  order_by(col<&Writer::name>));
  CHECK(titles(last[0].novels) == names{"a3", "a4", "a1", "a2"});
  CHECK(titles(last[1].novels) == names{"b1", "b2"});
  auto first = db.find_all<Writer>(include<&Writer::novels>(order_by(desc(col<&Novel::rank>).nulls_first()), limit(3)),
                                   order_by(col<&Writer::name>));
  CHECK(titles(first[0].novels) == names{"a2", "a5", "a1"});
  CHECK(titles(first[1].novels) == names{"b2", "b1"});
}

TEST_CASE("per parent: belongs_to_many keeps each writer's first topics in the topics' order", "[include][per-parent]") {
  auto db = fresh_pp();
  auto s = shelve(db);
  auto art = db.create(Topic{.name = "art"});
  auto war = db.create(Topic{.name = "war"});
  auto sea = db.create(Topic{.name = "sea"});
  auto ice = db.create(Topic{.name = "ice"});
  for (const auto& t : {art, war, sea, ice}) db.create(WriterTopic{.writer_id = s.ada.id, .topic_id = t.id});
  db.create(WriterTopic{.writer_id = s.bob.id, .topic_id = war.id});
  db.create(WriterTopic{.writer_id = s.bob.id, .topic_id = sea.id});
  int selects = 0;
  db.on_log([&](const quarry::LogEntry& e) { selects += e.sql.starts_with("SELECT"); });
  auto writers = db.find_all<Writer>(include<&Writer::topics>(order_by(col<&Topic::name>), limit(2)),
                                     order_by(col<&Writer::name>));
  db.on_log(nullptr);
  CHECK(selects == 3);  // the writers, the join rows, the topics
  REQUIRE(writers.size() == 3);
  auto topic_names = [](const Writer& w) {
    std::vector<std::string> out;
    for (const auto& t : w.topics) out.push_back(t.name);
    return out;
  };
  CHECK(topic_names(writers[0]) == names{"art", "ice"});
  CHECK(topic_names(writers[1]) == names{"sea", "war"});
  CHECK(writers[2].topics.empty());
  auto filtered = db.find_all<Writer>(
      include<&Writer::topics>(where(col<&Topic::name> != "art"), order_by(desc(col<&Topic::name>)), offset(1), limit(2)),
      order_by(col<&Writer::name>));
  CHECK(topic_names(filtered[0]) == names{"sea", "ice"});
  CHECK(topic_names(filtered[1]) == names{"sea"});
}

TEST_CASE("per parent: includes nested under a limited one load for the rows kept", "[include][per-parent]") {
  auto db = fresh_pp();
  auto s = shelve(db);
  auto novels = db.find_all<Novel>(order_by(col<&Novel::id>));
  for (const auto& n : novels)  // a review of each novel, two of a1, none of a2
    if (n.title != "a2") db.create(Review{.novel_id = n.id, .stars = static_cast<std::int32_t>(n.title == "a1" ? 5 : 3)});
  db.create(Review{.novel_id = novels[0].id, .stars = 4});
  std::vector<std::string> statements;
  db.on_log([&](const quarry::LogEntry& e) { statements.emplace_back(e.sql); });
  auto writers = db.find_all<Writer>(
      include<&Writer::novels>(order_by(desc(col<&Novel::year>)), limit(2),
                               include<&Novel::reviews>(order_by(desc(col<&Review::stars>)))),
      where(col<&Writer::id> == s.ada.id));
  db.on_log(nullptr);
  CHECK(statements.size() == 3);
  REQUIRE(writers.size() == 1);
  REQUIRE(titles(writers[0].novels) == names{"a2", "a4"});
  CHECK(writers[0].novels[0].reviews.empty());
  CHECK(writers[0].novels[1].reviews.size() == 1);
  // a required include nested in the limited one: only novels with a review count toward the limit
  auto reviewed = db.find_all<Writer>(
      include<&Writer::novels>(order_by(col<&Novel::year>), limit(2), include<&Novel::reviews>(required, limit(1),
                                                                                              order_by(col<&Review::stars>))),
      order_by(col<&Writer::name>));
  REQUIRE(reviewed.size() == 3);
  CHECK(titles(reviewed[0].novels) == names{"a1", "a5"});
  REQUIRE(reviewed[0].novels[0].reviews.size() == 1);
  CHECK(reviewed[0].novels[0].reviews[0].stars == 4);  // a1's lower review of the two
  CHECK(titles(reviewed[1].novels) == names{"b1", "b2"});
}

TEST_CASE("per parent: the parents' own limit and count stay exact", "[include][per-parent]") {
  auto db = fresh_pp();
  shelve(db);
  auto page = db.find_and_count_all<Writer>(include<&Writer::novels>(order_by(col<&Novel::year>), limit(1), required),
                                            order_by(col<&Writer::name>), limit(1), offset(1));
  CHECK(page.count == 2);  // ada and bob have novels
  REQUIRE(page.rows.size() == 1);
  CHECK(page.rows[0].name == "bob");
  CHECK(titles(page.rows[0].novels) == names{"b1"});
}

TEST_CASE("per parent: more owners than one statement's parameters, in chunks", "[include][per-parent]") {
  test::InstrumentedDriver instrumented;
  test::Instrumented::max_params() = 70;  // 70 - 64 - 1 (the limit): five keys per chunk
  auto db = fresh_pp();
  auto s = shelve(db);
  std::vector<Writer> more;
  for (int i = 0; i < 12; ++i) more.push_back(Writer{.name = "w" + std::to_string(10 + i)});
  more = db.bulk_create(std::move(more));
  for (const auto& w : more)
    for (int y = 0; y < 3; ++y) db.create(Novel{.title = w.name + "-" + std::to_string(y), .writer_id = w.id, .year = 2000 + y});
  auto sea = db.create(Topic{.name = "sea"});
  auto war = db.create(Topic{.name = "war"});
  for (const auto& w : more) {
    db.create(WriterTopic{.writer_id = w.id, .topic_id = sea.id});
    db.create(WriterTopic{.writer_id = w.id, .topic_id = war.id});
  }
  int windows = 0;
  db.on_log([&](const quarry::LogEntry& e) { windows += e.sql.find("ROW_NUMBER()") != std::string_view::npos; });
  auto writers = db.find_all<Writer>(include<&Writer::novels>(order_by(desc(col<&Novel::year>)), limit(2)),
                                     include<&Writer::topics>(order_by(desc(col<&Topic::name>)), limit(1)),
                                     order_by(col<&Writer::name>));
  db.on_log(nullptr);
  CHECK(windows == 6);  // 15 writers, five to a chunk: three for the novels, three for the join rows
  REQUIRE(writers.size() == 15);
  CHECK(titles(writers[0].novels) == names{"a2", "a4"});
  for (const auto& w : writers)
    if (w.name.starts_with("w")) {
      CHECK(titles(w.novels) == names{w.name + "-2", w.name + "-1"});
      REQUIRE(w.topics.size() == 1);
      CHECK(w.topics[0].name == "war");
    }
}

}  // namespace per_parent_it
