#include "fixture.hpp"

// Models by convention on every database: one with no Model<T> at all, one whose Model<T>
// states only what differs (options of two fields, an association).

namespace conv {
struct Note {
  std::int64_t id{};
  std::string title{};
  std::optional<std::string> body{};
  std::int32_t stars{};
  quarry::Timestamp created_at{}, updated_at{};
};

struct NoteReview {
  std::int64_t id{};
  std::int64_t note_id{};
  std::string text{};
  quarry::Decimal score{};
  quarry::Timestamp created_at{}, updated_at{};
  std::optional<Note> note{};
};
}  // namespace conv

template <>
struct quarry::Model<conv::NoteReview> {
  static constexpr auto fields = quarry::fields(quarry::field<&conv::NoteReview::text>(quarry::size(40)),
                                                quarry::field<&conv::NoteReview::score>(quarry::decimal(5, 2)));
  static constexpr auto associations =
      quarry::associations(quarry::belongs_to<&conv::NoteReview::note, &conv::NoteReview::note_id>());
};

using namespace quarry::dsl;
using conv::Note;
using conv::NoteReview;

namespace {
quarry::Database fresh_conventions() {
  quarry::Database db{test::url()};
  db.sync<Note, NoteReview>({.force = true});
  return db;
}
}  // namespace

TEST_CASE("a struct with no Model<T> is synced, created, found, updated and destroyed", "[conventions]") {
  auto db = fresh_conventions();
  auto before = quarry::now();
  auto a = db.create(Note{.title = "first", .stars = 3});
  auto b = db.create(Note{.title = "second", .body = "text", .stars = 5});
  CHECK(a.id > 0);
  CHECK(b.id > a.id);
  CHECK(a.created_at >= before);
  CHECK(a.updated_at == a.created_at);
  CHECK(db.query<std::int64_t>("SELECT COUNT(*) FROM notes") == std::vector<std::int64_t>{2});

  auto found = db.find_all<Note>(where(col<&Note::stars> > 4));
  REQUIRE(found.size() == 1);
  CHECK(found[0].id == b.id);
  CHECK(found[0].body == "text");
  CHECK(found[0].created_at == b.created_at);

  a.title = "first, again";
  db.save(a);
  auto again = db.find_by_pk<Note>(a.id);
  REQUIRE(again);
  CHECK(again->title == "first, again");
  CHECK(again->created_at == a.created_at);
  CHECK(again->updated_at >= a.created_at);

  CHECK(db.update<Note>(set(col<&Note::stars> = 1), where(col<&Note::id> == b.id)) == 1);
  CHECK(db.find_by_pk<Note>(b.id)->stars == 1);

  CHECK(db.destroy(a));
  CHECK(db.destroy<Note>(where(col<&Note::title> == "second")) == 1);
  CHECK(db.count<Note>() == 0);
}

TEST_CASE("a Model<T> that states only what differs keeps the conventions for the rest", "[conventions]") {
  auto db = fresh_conventions();
  auto note = db.create(Note{.title = "reviewed"});
  auto before = quarry::now();
  auto r = db.create(NoteReview{.note_id = note.id, .text = "good", .score = quarry::Decimal("4.5")});
  CHECK(r.id > 0);
  CHECK(r.created_at >= before);
  CHECK(db.query<std::int64_t>("SELECT COUNT(*) FROM note_reviews") == std::vector<std::int64_t>{1});

  // the listed options hold: size(40) is checked, decimal(5, 2) keeps two digits
  CHECK_THROWS_AS(db.create(NoteReview{.note_id = note.id, .text = std::string(41, 'x')}), quarry::ValidationError);
  auto found = db.find_one<NoteReview>(where(col<&NoteReview::score> > quarry::Decimal(4)), include<&NoteReview::note>());
  REQUIRE(found);
  CHECK(found->score == quarry::Decimal("4.50"));
  REQUIRE(found->note);
  CHECK(found->note->title == "reviewed");

  found->text = "better";
  db.update(*found);
  auto again = db.find_by_pk<NoteReview>(r.id);
  REQUIRE(again);
  CHECK(again->text == "better");
  CHECK(again->created_at == r.created_at);
  CHECK(again->updated_at >= r.updated_at);

  CHECK(db.destroy(*again));
  CHECK(db.count<NoteReview>() == 0);
}
