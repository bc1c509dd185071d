// Scopes (docs/scopes.md): a default scope that hides what readers must not see, named scopes
// with arguments that compose with each other and with where(...), and unscoped() for the admin;
// a model that merges its conditions as Sequelize does, with a default order.
//
//   09-scopes sqlite:scopes.db        (or a postgres:// or mysql:// URL)

#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

using namespace quarry::dsl;

struct Article;
struct Writer {
  std::int64_t id{};
  std::string name{};
  bool banned{};
  std::vector<Article> articles;
};
struct Article {
  std::int64_t id{};
  std::string title{};
  std::int64_t writer_id{};
  std::int32_t likes{};
  bool published{};
};

template <>
struct quarry::Model<Writer> {
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&Writer::articles, &Article::writer_id>());
  static auto default_scope() { return where(col<&Writer::banned> == false); }
};
template <>
struct quarry::Model<Article> {
  // Sequelize: defaultScope: { where: { published: true } }
  static auto default_scope() { return where(col<&Article::published> == true); }
  // Sequelize: scopes: { popular(n) { return { where: { likes: { [Op.gte]: n } }, order: [['likes', 'DESC']] } } }
  static auto popular(std::int32_t n) {
    return scope(where(col<&Article::likes> >= n), order_by(desc(col<&Article::likes>)));
  }
  static auto by(const Writer& w) { return where(col<&Article::writer_id> == w.id); }
};
using Articles = quarry::Model<Article>;

struct Comment {
  std::int64_t id{};
  std::string text{};
  std::int32_t votes{};
  bool visible{};
};
template <>
struct quarry::Model<Comment> {
  // Sequelize's own merge: a query's condition on a column replaces the scopes' on that column
  static constexpr auto where_merge = quarry::last_per_column;
  // Sequelize: defaultScope: { where: { visible: true }, order: [['votes', 'DESC']] }
  static auto default_scope() {
    return scope(where(col<&Comment::visible> == true), order_by(desc(col<&Comment::votes>)));
  }
};

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATABASE-URL\n", argv[0]);
    return 2;
  }
  quarry::Database db{argv[1]};
  db.sync<Writer, Article, Comment>({.force = true});
  int failures = 0;
  auto expect = [&](bool ok, const char* what) {
    std::printf("%s %s\n", ok ? "ok:  " : "FAIL:", what);
    failures += ok ? 0 : 1;
  };

  auto ann = db.create(Writer{.name = "Ann"});
  auto spam = db.create(Writer{.name = "Spam", .banned = true});
  db.create(Article{.title = "Hello", .writer_id = ann.id, .likes = 3, .published = true});
  db.create(Article{.title = "Scopes", .writer_id = ann.id, .likes = 40, .published = true});
  db.create(Article{.title = "Draft", .writer_id = ann.id, .likes = 0, .published = false});
  db.create(Article{.title = "Buy now", .writer_id = spam.id, .likes = 99, .published = true});

  // Readers see published articles only, and no banned writer, whatever the query.
  expect(db.count<Article>() == 3, "the draft is not counted");
  auto writers = db.find_all<Writer>(include<&Writer::articles>());
  expect(writers.size() == 1 && writers[0].articles.size() == 2, "banned writers and drafts stay hidden in includes");

  // Named scopes compose with each other and with where(...): all conditions hold.
  auto top = db.find_all<Article>(Articles::popular(10), Articles::by(ann));
  expect(top.size() == 1 && top[0].title == "Scopes", "popular(10) by Ann: one article");
  auto hot = db.find_all<Article>(Articles::popular(1), where(col<&Article::title> != "Hello"));
  expect(hot.size() == 2 && hot[0].title == "Buy now", "popular(1), most liked first, without Hello");

  // The admin view: unscoped() drops the default scope of the query's model, not of its includes.
  auto everyone = db.find_all<Writer>(unscoped(), include<&Writer::articles>(), order_by(col<&Writer::id>));
  expect(everyone.size() == 2 && everyone[0].articles.size() == 2, "every writer, their published articles");
  auto drafts = db.find_all<Article>(unscoped(), where(col<&Article::published> == false));
  expect(drafts.size() == 1 && drafts[0].title == "Draft", "the drafts, unscoped");

  // Writes by where keep the default scope: a bulk like touches only what readers can see.
  expect(db.increment<Article>(col<&Article::likes>, 1, Articles::by(ann)) == 2, "the draft is not liked");

  // Comments: the best first; the moderator's queue replaces the default scope's visible = true.
  db.create(Comment{.text = "Nice", .votes = 2, .visible = true});
  db.create(Comment{.text = "Great", .votes = 7, .visible = true});
  db.create(Comment{.text = "Spam!", .votes = 0, .visible = false});
  auto best = db.find_all<Comment>();
  expect(best.size() == 2 && best[0].text == "Great", "visible comments, most votes first");
  auto queue = db.find_all<Comment>(where(col<&Comment::visible> == false));
  expect(queue.size() == 1 && queue[0].text == "Spam!", "visible == false replaces the default scope's condition");

  db.drop<Writer, Article, Comment>();  // the tables go, so that other programs on this database start clean
  return failures == 0 ? 0 : 1;
}
