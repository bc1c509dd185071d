// JSON columns on every dialect (JSONB, JSON, TEXT): documents round-trip whole, a path inside
// them filters, orders and updates rows, the live schema matches the model, and a codec of the
// program's own type stores and reads its values (a bad stored value is a ConversionError naming
// the column).
#include "fixture.hpp"

#include <quarry/json.hpp>

using namespace quarry::dsl;

namespace json_cols {
using nlohmann::json;

struct Email {
  std::string address;
  friend bool operator==(const Email&, const Email&) = default;
};
struct Account {
  std::int64_t id{};
  std::string name{};
  json meta{};
  std::optional<json> extra{};
  std::optional<Email> email{};
};
}  // namespace json_cols

template <>
struct quarry::Codec<json_cols::Email> {
  static std::string to_db(const json_cols::Email& e) { return e.address; }
  static json_cols::Email from_db(const std::string& text) {
    if (text.find('@') == std::string::npos) throw std::invalid_argument("no @ in an email address");
    return {text};
  }
};
template <> struct quarry::Model<json_cols::Account> {
  static constexpr auto table = "json_accounts";
};

namespace json_cols {

quarry::Database fresh() {
  auto db = test::fresh();
  db.sync<Account>({.force = true});
  return db;
}

std::vector<std::string> names(const std::vector<Account>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.name);
  return out;
}

/// Three accounts: ada (pro, 5 seats, beta, tags new and vip), bo (free, 1 seat, no beta key,
/// tags old), cy (team, 12 seats, beta false, tier null).
void seed(quarry::Database& db) {
  db.create(Account{.name = "ada",
                    .meta = {{"plan", {{"tier", "pro"}}}, {"seats", 5}, {"beta", true}, {"tags", {"new", "vip"}}},
                    .extra = json{{"note", "first"}},
                    .email = Email{"ada@example.com"}});
  db.create(Account{.name = "bo", .meta = {{"plan", {{"tier", "free"}}}, {"seats", 1}, {"tags", {"old"}}}});
  db.create(Account{.name = "cy",
                    .meta = {{"plan", {{"tier", nullptr}}}, {"seats", 12}, {"beta", false}, {"tags", json::array()}},
                    .extra = json(nullptr)});
}

TEST_CASE("json columns: documents round-trip whole, exact numbers, unicode and JSON null included",
          "[json][columns]") {
  auto db = fresh();
  json doc = {{"big", 9007199254740993LL},     {"neg", -42},           {"pi", 3.25},
              {"text", "caf\u00e9 \u2603 \"q\" \\"}, {"list", {1, "two", nullptr, false}},
              {"nested", {{"a", {{"b", {{"c", "deep"}}}}}}}, {"empty", json::object()}};
  auto made = db.create(Account{.name = "doc", .meta = doc, .extra = json(nullptr), .email = std::nullopt});
  auto back = db.find_by_pk<Account>(made.id);
  REQUIRE(back);
  CHECK(back->meta == doc);
  CHECK(back->meta["big"].get<std::int64_t>() == 9007199254740993LL);
  REQUIRE(back->extra);
  CHECK(back->extra->is_null());  // a JSON null is a document, not SQL NULL
  CHECK(!back->email);

  auto none = db.create(Account{.name = "none"});
  auto again = db.find_by_pk<Account>(none.id);
  REQUIRE(again);
  CHECK(again->meta.is_null());
  CHECK(!again->extra);  // SQL NULL
  CHECK(db.count<Account>(where(col<&Account::extra>.is_null())) == 1);

  // save writes a changed document; bulk_create writes several
  back->meta["pi"] = 6.5;
  db.save(*back);
  CHECK(db.find_by_pk<Account>(made.id)->meta["pi"] == 6.5);
  db.bulk_create(std::vector<Account>{{.name = "b1", .meta = {{"k", 1}}}, {.name = "b2", .meta = {{"k", 2}}}});
  CHECK(db.count<Account>(where(col<&Account::meta>["k"] >= 1)) == 2);
}

TEST_CASE("json columns: a path inside a document compared with text, numbers and booleans", "[json][columns]") {
  auto db = fresh();
  seed(db);
  auto by_name = order_by(col<&Account::name>);
  using V = std::vector<std::string>;
  CHECK(names(db.find_all<Account>(where(col<&Account::meta>["plan"]["tier"] == "pro"), by_name)) == V{"ada"});
  CHECK(names(db.find_all<Account>(where(col<&Account::meta>["plan"]["tier"] != "pro"), by_name)) == V{"bo"});
  CHECK(names(db.find_all<Account>(where(col<&Account::meta>["seats"] > 4), by_name)) == V{"ada", "cy"});
  CHECK(names(db.find_all<Account>(where(col<&Account::meta>["seats"] == 12), by_name)) == V{"cy"});
  CHECK(names(db.find_all<Account>(where(col<&Account::meta>["seats"] < 4.5), by_name)) == V{"bo"});
  CHECK(names(db.find_all<Account>(where(col<&Account::meta>["seats"].between(2, 12)), by_name)) == V{"ada", "cy"});
  CHECK(names(db.find_all<Account>(where(col<&Account::meta>["beta"] == true), by_name)) == V{"ada"});
  CHECK(names(db.find_all<Account>(where(col<&Account::meta>["beta"] == false), by_name)) == V{"cy"});
  CHECK(names(db.find_all<Account>(where(col<&Account::meta>["tags"][0] == "new"), by_name)) == V{"ada"});
  CHECK(names(db.find_all<Account>(where(col<&Account::meta>["tags"][1] == "vip"), by_name)) == V{"ada"});
  CHECK(names(db.find_all<Account>(where(col<&Account::meta>["plan"]["tier"].in({"free", "pro"})), by_name)) ==
        V{"ada", "bo"});
  CHECK(names(db.find_all<Account>(where(col<&Account::meta>["plan"]["tier"].starts_with("fr")), by_name)) ==
        V{"bo"});
  // absent and JSON null are both NULL
  CHECK(names(db.find_all<Account>(where(col<&Account::meta>["beta"].is_null()), by_name)) == V{"bo"});
  CHECK(names(db.find_all<Account>(where(col<&Account::meta>["plan"]["tier"].is_null()), by_name)) == V{"cy"});
  CHECK(names(db.find_all<Account>(where(col<&Account::meta>["plan"]["tier"].is_not_null()), by_name)) ==
        V{"ada", "bo"});
  // ordered by a number inside the document
  CHECK(names(db.find_all<Account>(order_by(desc(col<&Account::meta>["seats"].as_number())))) == V{"cy", "ada", "bo"});
  // a key that holds a quote, where the dialect can spell it
  db.create(Account{.name = "quoted", .meta = {{R"(say "hi")", "yes"}}});
  if (!test::on("sqlite"))
    CHECK(names(db.find_all<Account>(where(col<&Account::meta>[R"(say "hi")"] == "yes"))) == V{"quoted"});
  else
    CHECK_THROWS_AS(db.find_all<Account>(where(col<&Account::meta>[R"(say "hi")"] == "yes")), quarry::QueryError);
}

TEST_CASE("json columns: update by a path, a document in set(...), and the schema matches the model",
          "[json][columns]") {
  auto db = fresh();
  seed(db);
  auto n = db.update<Account>(set(col<&Account::meta> = json{{"plan", {{"tier", "team"}}}, {"seats", 20}}),
                              where(col<&Account::meta>["plan"]["tier"] == "free"));
  CHECK(n == 1);
  auto bo = db.find_one<Account>(where(col<&Account::name> == "bo"));
  REQUIRE(bo);
  CHECK(bo->meta == json{{"plan", {{"tier", "team"}}}, {"seats", 20}});
  CHECK(db.diff<Account>().empty());  // MariaDB reports JSON as LONGTEXT: still the model's column
  db.sync<Account>({.alter = true});
  CHECK(db.diff<Account>().empty());

  // text that is not a document is refused by the server (JSONB, MariaDB's CHECK), or read back
  // as a ConversionError naming the column (SQLite's TEXT)
  if (test::on("sqlite")) {
    db.execute("UPDATE json_accounts SET meta = '{not json' WHERE name = 'bo'");
    try {
      db.find_all<Account>(where(col<&Account::name> == "bo"));
      FAIL("a broken document was read");
    } catch (const quarry::ConversionError& e) {
      CHECK(std::string(e.what()).find("'meta'") != std::string::npos);
    }
  } else {
    CHECK_THROWS_AS(db.execute("UPDATE json_accounts SET meta = '{not json' WHERE name = 'bo'"), quarry::DatabaseError);
  }
}

TEST_CASE("json columns: a codec stores a type of the program's own, and a bad stored value names the column",
          "[json][columns][codec]") {
  auto db = fresh();
  seed(db);
  auto found = db.find_all<Account>(where(col<&Account::email> == Email{"ada@example.com"}));
  REQUIRE(found.size() == 1);
  CHECK(found[0].email == Email{"ada@example.com"});
  db.update<Account>(set(col<&Account::email> = Email{"bo@example.com"}), where(col<&Account::name> == "bo"));
  CHECK(db.find_one<Account>(where(col<&Account::name> == "bo"))->email == Email{"bo@example.com"});
  db.execute("UPDATE json_accounts SET email = 'nobody' WHERE name = 'cy'");
  try {
    db.find_all<Account>(where(col<&Account::name> == "cy"));
    FAIL("a value its codec refuses was read");
  } catch (const quarry::ConversionError& e) {
    std::string what = e.what();
    CHECK(what.find("'email'") != std::string::npos);
    CHECK(what.find("no @ in an email address") != std::string::npos);
  }
}

}  // namespace json_cols
