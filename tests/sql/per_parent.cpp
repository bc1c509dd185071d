// A limit per parent in an include: each chunk of keys as one SELECT that numbers each owner's
// rows with ROW_NUMBER() and keeps those asked for, on every dialect; a belongs_to_many's join
// rows numbered in their targets' order; no window at all without a limit.

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <quarry/ops/eager.hpp>

#include "models.hpp"

namespace per_parent {

struct Post;
struct Label;

struct Blogger {
  std::int64_t id{};
  std::string name;
  std::vector<Post> posts;
  std::vector<Label> labels;
};

struct Post {
  std::int64_t id{};
  std::string title;
  std::int64_t blogger_id{};
  std::optional<std::int32_t> score;
  std::optional<quarry::Timestamp> deleted_at;
  quarry::Timestamp created_at{}, updated_at{};
};

struct Label {
  std::int64_t id{};
  std::string name;
};

struct BloggerLabel {
  std::int64_t blogger_id{};
  std::int64_t label_id{};
};

}  // namespace per_parent

template <>
struct quarry::Model<per_parent::Blogger> {
  static constexpr auto associations =
      quarry::associations(quarry::has_many<&per_parent::Blogger::posts, &per_parent::Post::blogger_id>(),
                           quarry::belongs_to_many<&per_parent::Blogger::labels, &per_parent::BloggerLabel::blogger_id,
                                                   &per_parent::BloggerLabel::label_id>());
};
template <>
struct quarry::Model<per_parent::BloggerLabel> {
  static constexpr auto fields = quarry::fields(quarry::field<&per_parent::BloggerLabel::blogger_id>(quarry::primary_key),
                                                quarry::field<&per_parent::BloggerLabel::label_id>(quarry::primary_key));
};

namespace per_parent {

using namespace golden;
using namespace quarry::dsl;
namespace ops = quarry::ops;

/// The SELECT of one chunk of Blogger::posts for keys, as load_include builds it.
template <class... O>
Rendered3 posts_of(std::vector<std::int64_t> keys, const O&... options) {
  auto inc = include<&Blogger::posts>(options...);
  auto parts = ops::include_parts<Post>(inc);
  if (parts.order.empty()) parts.order = ops::default_order<Post>(parts.visible);
  if constexpr (decltype(inc)::per_parent) parts.order = ops::with_key_last<Post>(std::move(parts.order));
  return render_all(ops::select_in<Post>("blogger_id", std::span<const std::int64_t>(keys), parts.where, parts.order,
                                         parts.visible, nullptr, parts.per_parent));
}


TEST_CASE("per parent: has_many, the latest three of each owner", "[sql][include]") {
  auto r = posts_of({1, 2}, order_by(desc(col<&Post::created_at>)), limit(3));
  CHECK(r.sqlite.sql ==
        R"(SELECT "id", "title", "blogger_id", "score", "deleted_at", "created_at", "updated_at" FROM (SELECT "id", )"
        R"("title", "blogger_id", "score", "deleted_at", "created_at", "updated_at", ROW_NUMBER() OVER (PARTITION BY )"
        R"("blogger_id" ORDER BY "created_at" DESC, "id" ASC) AS "quarry_row" FROM "posts" WHERE "blogger_id" IN )"
        R"((?, ?) AND "deleted_at" IS NULL) AS "quarry_rows" WHERE "quarry_row" <= ? ORDER BY "quarry_row")");
  CHECK(r.postgres.sql ==
        R"(SELECT "id", "title", "blogger_id", "score", "deleted_at", "created_at", "updated_at" FROM (SELECT "id", )"
        R"("title", "blogger_id", "score", "deleted_at", "created_at", "updated_at", ROW_NUMBER() OVER (PARTITION BY )"
        R"("blogger_id" ORDER BY "created_at" DESC, "id" ASC) AS "quarry_row" FROM "posts" WHERE "blogger_id" = )"
        R"(ANY($1::int8[]) AND "deleted_at" IS NULL) AS "quarry_rows" WHERE "quarry_row" <= $2 ORDER BY "quarry_row")");
  CHECK(r.mysql.sql ==
        "SELECT `id`, `title`, `blogger_id`, `score`, `deleted_at`, `created_at`, `updated_at` FROM (SELECT `id`, "
        "`title`, `blogger_id`, `score`, `deleted_at`, `created_at`, `updated_at`, ROW_NUMBER() OVER (PARTITION BY "
        "`blogger_id` ORDER BY `created_at` DESC, `id` ASC) AS `quarry_row` FROM `posts` WHERE `blogger_id` IN "
        "(?, ?) AND `deleted_at` IS NULL) AS `quarry_rows` WHERE `quarry_row` <= ? ORDER BY `quarry_row`");
  CHECK(r.sqlite.params == r.mysql.params);
  CHECK(r.sqlite.params == std::vector<quarry::sql::Value>{std::int64_t{1}, std::int64_t{2}, std::int64_t{3}});
  CHECK(r.postgres.params.size() == 2);  // the keys as one array, the limit
}

TEST_CASE("per parent: offset and limit keep the numbers after the offset", "[sql][include]") {
  auto r = posts_of({7}, order_by(col<&Post::title>), offset(2), limit(3));
  CHECK(r.sqlite.sql.ends_with(R"(AS "quarry_rows" WHERE "quarry_row" > ? AND "quarry_row" <= ? ORDER BY "quarry_row")"));
  CHECK(r.sqlite.params == std::vector<quarry::sql::Value>{std::int64_t{7}, std::int64_t{2}, std::int64_t{5}});
  auto only_offset = posts_of({7}, offset(1));
  CHECK(only_offset.mysql.sql.ends_with("AS `quarry_rows` WHERE `quarry_row` > ? ORDER BY `quarry_row`"));
  // no order given: the key's, which is also the tie-breaker (given once)
  CHECK(only_offset.mysql.sql.find("OVER (PARTITION BY `blogger_id` ORDER BY `id` ASC)") != std::string::npos);
}

TEST_CASE("per parent: the include's where counts before the numbers, NULLs order as on every dialect",
          "[sql][include]") {
  auto r = posts_of({1}, where(col<&Post::title> != "draft"), order_by(desc(col<&Post::score>).nulls_last()), limit(2));
  CHECK(r.sqlite.sql.find(R"(ROW_NUMBER() OVER (PARTITION BY "blogger_id" ORDER BY "score" DESC NULLS LAST, "id" )"
                          R"(ASC) AS "quarry_row" FROM "posts" WHERE "blogger_id" IN (?) AND "title" <> ? AND )"
                          R"("deleted_at" IS NULL) AS)") != std::string::npos);
  CHECK(r.postgres.sql.find(R"(ORDER BY "score" DESC NULLS LAST, "id" ASC))") != std::string::npos);
  CHECK(r.mysql.sql.find("ORDER BY `score` IS NULL ASC, `score` DESC, `id` ASC)") != std::string::npos);
  CHECK(r.mysql.params == std::vector<quarry::sql::Value>{std::int64_t{1}, std::string("draft"), std::int64_t{2}});
}

TEST_CASE("per parent: an include without a limit has no window", "[sql][include]") {
  auto r = posts_of({1, 2}, order_by(col<&Post::title>));
  CHECK(r.sqlite.sql == R"(SELECT "id", "title", "blogger_id", "score", "deleted_at", "created_at", "updated_at" )"
                        R"(FROM "posts" WHERE "blogger_id" IN (?, ?) AND "deleted_at" IS NULL ORDER BY "title" ASC)");
}

TEST_CASE("per parent: belongs_to_many numbers each owner's join rows in their targets' order", "[sql][include]") {
  auto inc = include<&Blogger::labels>(where(col<&Label::name> != "x"), order_by(col<&Label::name>), limit(2));
  auto parts = ops::include_parts<Label>(inc);
  parts.order = ops::with_key_last<Label>(std::move(parts.order));
  std::vector<std::int64_t> keys{4, 5};
  auto r = render_all(ops::links_in<&Blogger::labels>(std::span<const std::int64_t>(keys), parts));
  CHECK(r.sqlite.sql ==
        R"(SELECT "blogger_id", "label_id" FROM (SELECT "blogger_labels"."blogger_id", "blogger_labels"."label_id", )"
        R"(ROW_NUMBER() OVER (PARTITION BY "blogger_labels"."blogger_id" ORDER BY "labels"."name" ASC, "labels"."id" )"
        R"(ASC) AS "quarry_row" FROM "blogger_labels" JOIN "labels" ON "blogger_labels"."label_id" = "labels"."id" )"
        R"(WHERE "blogger_labels"."blogger_id" IN (?, ?) AND "labels"."name" <> ?) AS "quarry_rows" WHERE )"
        R"("quarry_row" <= ? ORDER BY "quarry_row")");
  CHECK(r.postgres.sql ==
        R"(SELECT "blogger_id", "label_id" FROM (SELECT "blogger_labels"."blogger_id", "blogger_labels"."label_id", )"
        R"(ROW_NUMBER() OVER (PARTITION BY "blogger_labels"."blogger_id" ORDER BY "labels"."name" ASC, "labels"."id" )"
        R"(ASC) AS "quarry_row" FROM "blogger_labels" JOIN "labels" ON "blogger_labels"."label_id" = "labels"."id" )"
        R"(WHERE "blogger_labels"."blogger_id" = ANY($1::int8[]) AND "labels"."name" <> $2) AS "quarry_rows" WHERE )"
        R"("quarry_row" <= $3 ORDER BY "quarry_row")");
  CHECK(r.mysql.sql ==
        "SELECT `blogger_id`, `label_id` FROM (SELECT `blogger_labels`.`blogger_id`, `blogger_labels`.`label_id`, "
        "ROW_NUMBER() OVER (PARTITION BY `blogger_labels`.`blogger_id` ORDER BY `labels`.`name` ASC, `labels`.`id` "
        "ASC) AS `quarry_row` FROM `blogger_labels` JOIN `labels` ON `blogger_labels`.`label_id` = `labels`.`id` "
        "WHERE `blogger_labels`.`blogger_id` IN (?, ?) AND `labels`.`name` <> ?) AS `quarry_rows` WHERE "
        "`quarry_row` <= ? ORDER BY `quarry_row`");
  CHECK(r.sqlite.params == r.mysql.params);
  CHECK(ops::count_params(ops::links_in<&Blogger::labels, std::int64_t>({}, parts)) == 2);
}

TEST_CASE("per parent: the numbering order ends with every key column it does not use yet", "[sql][include]") {
  auto names = [](const quarry::detail::Vector<quarry::sql::OrderTerm>& order) {
    std::vector<std::string> out;
    for (const auto& o : order) out.push_back(o.expr.name + (o.descending ? " DESC" : ""));
    return out;
  };
  using list = std::vector<std::string>;
  CHECK(names(ops::with_key_last<BloggerLabel>({})) == list{"blogger_id", "label_id"});
  CHECK(names(ops::with_key_last<BloggerLabel>({{quarry::sql::Node::column("label_id"), true}})) ==
        list{"label_id DESC", "blogger_id"});
  CHECK(names(ops::with_key_last<Post>({{quarry::sql::Node::column("id"), true}, {quarry::sql::Node::column("title")}})) ==
        list{"id DESC", "title"});
}

}  // namespace per_parent
