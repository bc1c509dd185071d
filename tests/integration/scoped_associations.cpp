// Association scopes (scope_value<&M>(v)) and polymorphic associations: a comment on an image or
// a video, told apart by a type column beside one key column that has no foreign key.
#include "fixture.hpp"

using namespace quarry::dsl;

namespace poly {
struct Note {
  std::int64_t id{};
  std::string body{};
  std::string commentable{};  // "image" or "video"
  std::int64_t commentable_id{};
  bool published{};
};
struct Picture {
  std::int64_t id{};
  std::string url{};
  std::vector<Note> notes;
  std::vector<Note> published_notes;
};
struct Clip {
  std::int64_t id{};
  std::string title{};
  std::vector<Note> notes;
};
struct Remark {  // the other direction: a remark's picture or clip, by its type
  std::int64_t id{};
  std::string text{};
  std::string on{};
  std::int64_t on_id{};
  quarry::One<Picture> picture;
  quarry::One<Clip> clip;
};
}  // namespace poly

template <>
struct quarry::Model<poly::Picture> {
  static constexpr auto associations = std::tuple(
      quarry::has_many<&poly::Picture::notes, &poly::Note::commentable_id>(
          quarry::scope_value<&poly::Note::commentable>("image"), quarry::no_constraint),
      quarry::has_many<&poly::Picture::published_notes, &poly::Note::commentable_id>(
          quarry::scope_value<&poly::Note::commentable>("image"), quarry::scope_value<&poly::Note::published>(true),
          quarry::no_constraint));
};
template <>
struct quarry::Model<poly::Clip> {
  static constexpr auto associations = std::tuple(quarry::has_many<&poly::Clip::notes, &poly::Note::commentable_id>(
      quarry::scope_value<&poly::Note::commentable>("video"), quarry::no_constraint));
};
template <>
struct quarry::Model<poly::Remark> {
  static constexpr auto associations = std::tuple(
      quarry::belongs_to<&poly::Remark::picture, &poly::Remark::on_id>(quarry::scope_value<&poly::Remark::on>("image"),
                                                                        quarry::no_constraint),
      quarry::belongs_to<&poly::Remark::clip, &poly::Remark::on_id>(quarry::scope_value<&poly::Remark::on>("video"),
                                                                     quarry::no_constraint));
};

namespace {
using poly::Clip;
using poly::Note;
using poly::Picture;
using poly::Remark;

std::vector<std::string> bodies(const std::vector<Note>& notes) {
  std::vector<std::string> out;
  for (const auto& n : notes) out.push_back(n.body);
  return out;
}

TEST_CASE("association scopes: a has_many reads, counts, links and creates only its scope's rows", "[associations][scope]") {
  auto db = test::fresh();
  db.sync<Picture, Clip, Note, Remark>({.force = true});
  CHECK(db.describe_foreign_keys("notes").empty());  // no_constraint: the key points at two tables
  CHECK(db.describe_foreign_keys("remarks").empty());
  auto pic = db.create(Picture{.url = "a.png"});
  auto clip = db.create(Clip{.title = "a.mp4"});
  REQUIRE(pic.id == clip.id);  // the same key in two tables: only the type tells them apart
  // create_related and create with include set the scope's value
  db.create_related<&Picture::notes>(pic, Note{.body = "nice"});
  db.create_related<&Clip::notes>(clip, Note{.body = "loud", .published = true});
  auto published = db.create_related<&Picture::published_notes>(pic, Note{.body = "shown"});
  CHECK(published.commentable == "image");
  CHECK(published.published);
  auto second = db.create(Picture{.url = "b.png", .notes = {Note{.body = "b1"}, Note{.body = "b2"}}},
                          include<&Picture::notes>());
  CHECK(second.notes[0].commentable == "image");

  auto pics = db.find_all<Picture>(include<&Picture::notes>(order_by(col<&Note::body>)), include<&Picture::published_notes>(),
                                   order_by(col<&Picture::id>));
  REQUIRE(pics.size() == 2);
  CHECK(bodies(pics[0].notes) == std::vector<std::string>{"nice", "shown"});
  CHECK(bodies(pics[0].published_notes) == std::vector<std::string>{"shown"});
  CHECK(bodies(pics[1].notes) == std::vector<std::string>{"b1", "b2"});
  auto clips = db.find_all<Clip>(include<&Clip::notes>());
  REQUIRE(clips.size() == 1);
  CHECK(bodies(clips[0].notes) == std::vector<std::string>{"loud"});

  CHECK(db.count_related<&Picture::notes>(pic) == 2);
  CHECK(db.count_related<&Clip::notes>(clip) == 1);
  CHECK(bodies(db.related<&Picture::published_notes>(pic)) == std::vector<std::string>{"shown"});
  // has<> and a required include see the scope too
  CHECK(db.count<Clip>(where(has<&Clip::notes>())) == 1);
  CHECK(db.count<Picture>(where(has<&Picture::published_notes>())) == 1);
  CHECK(db.find_all<Picture>(include<&Picture::published_notes>(required)).size() == 1);

  // set_related unlinks only this picture's notes: the clip's note with the same key stays
  auto loud = db.find_one<Note>(where(col<&Note::body> == "loud"));
  REQUIRE(loud);
  std::vector<Note> none;
  db.set_related<&Picture::notes>(pic, none);
  CHECK(db.count_related<&Picture::notes>(pic) == 0);
  CHECK(db.count_related<&Clip::notes>(clip) == 1);
  CHECK(db.find_by_pk<Note>(loud->id));
}

TEST_CASE("association scopes: a belongs_to on the declaring model's type column", "[associations][scope]") {
  auto db = test::fresh();
  db.sync<Picture, Clip, Note, Remark>({.force = true});
  auto pic = db.create(Picture{.url = "a.png"});
  auto clip = db.create(Clip{.title = "a.mp4"});
  db.create(Remark{.text = "on the picture", .on = "image", .on_id = pic.id});
  db.create(Remark{.text = "on the clip", .on = "video", .on_id = clip.id});
  auto remarks = db.find_all<Remark>(include<&Remark::picture>(), include<&Remark::clip>(), order_by(col<&Remark::id>));
  REQUIRE(remarks.size() == 2);
  REQUIRE(remarks[0].picture);
  CHECK(remarks[0].picture->url == "a.png");
  CHECK(!remarks[0].clip);
  CHECK(!remarks[1].picture);
  REQUIRE(remarks[1].clip);
  CHECK(remarks[1].clip->title == "a.mp4");
  CHECK(!db.related<&Remark::clip>(remarks[0]));
  CHECK(db.related<&Remark::picture>(remarks[0]));
  CHECK(db.count<Remark>(where(has<&Remark::clip>())) == 1);
  // creating through the association sets the type
  auto r = db.create(Remark{.text = "new", .clip = Clip{.title = "b.mp4"}}, include<&Remark::clip>());
  CHECK(r.on == "video");
  CHECK(r.on_id == r.clip->id);
}
}  // namespace
