// Migrations written from the models (schema/generate.hpp): the C++ of each kind of step, the
// same on every dialect, and the types of live columns read back from each dialect's spelling.

#include <catch2/catch.hpp>

#include <quarry/migrate.hpp>

#include "models.hpp"

namespace generate_test {
namespace schema = quarry::schema;
enum class Status { open, closed };
struct Ticket {
  std::int64_t id{};
  Status status = Status::open;
};
}  // namespace generate_test

template <>
struct quarry::Model<generate_test::Ticket> {
  static constexpr auto table = "tickets";
  static constexpr auto fields =
      quarry::fields(quarry::field<&generate_test::Ticket::status>(quarry::default_value(generate_test::Status::open)));
};

namespace generate_test {

/// The migration that creates the models' tables on an empty database of d, without its first
/// two lines (they name the dialect).
template <class... T>
std::string created(const quarry::sql::Dialect& d) {
  auto models = schema::tables<T...>();
  auto steps = schema::diff_tables(d, models, {}, false);
  auto text = schema::migration_source(d, "20261204120000-create", steps, models, {}, false).source;
  return text.substr(text.find('\n', text.find('\n') + 1) + 1);
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }
}  // namespace generate_test

TEST_CASE("generated migrations: tables as columns described by hand, the same on every dialect", "[sql][schema][generate]") {
  using generate_test::contains;
  using generate_test::created;
  auto text = created<golden::Author, golden::Book, golden::Enrollment>(quarry::dialect::sqlite);
  INFO(text);
  CHECK(contains(text, R"(      db.create_table("authors", {
          column("id", bigint()).primary_key().auto_increment(),
          column("name", string(100)).not_null().unique(),
      });)"));
  CHECK(contains(text, R"(column("author_id", bigint()).not_null().references({"authors", {"id"}, Action::cascade, Action::restrict}),)"));
  CHECK(contains(text, R"(column("price", decimal(10, 2)),)"));
  CHECK(contains(text, R"(check_constraint("books_price_check_8c3d034f", "price >= 0"),)"));
  CHECK(contains(text, R"(column("stock", integer()).not_null().default_value(0),)"));
  CHECK(contains(text, R"(column("subtitle", text()),)"));
  CHECK(contains(text, R"(db.add_index("books", {"title"}, {.name = "books_title"});)"));
  // a composite key: each of its columns primary_key(); table constraints after the columns
  CHECK(contains(text, R"(column("student_id", bigint()).primary_key(),)"));
  CHECK(contains(text, R"(column("course_id", bigint()).primary_key(),)"));
  CHECK(contains(text, R"(unique_constraint({"course_id", "seat"}, "enrollments_course_id_seat_key"),)"));
  CHECK(contains(text, R"(check_constraint("enrollments_check_213ac872", "seat > 0"),)"));
  CHECK(contains(text, R"(db.add_index("enrollments", {"seat", "grade"}, {.name = "enrollments_seat_grade"});)"));
  // down drops in the reverse order: books before the authors they point at
  auto books = text.find(R"(db.drop_table("books");)"), authors = text.find(R"(db.drop_table("authors");)");
  CHECK(books != std::string::npos);
  CHECK(books < authors);
  CHECK(text == created<golden::Author, golden::Book, golden::Enrollment>(quarry::dialect::postgres));
  CHECK(text == created<golden::Author, golden::Book, golden::Enrollment>(quarry::dialect::mysql));
}

TEST_CASE("generated migrations: every type has its schema function", "[sql][schema][generate]") {
  auto text = generate_test::created<golden::Everything>(quarry::dialect::postgres);
  INFO(text);
  for (const char* part : {"column(\"i8\", tinyint())", "column(\"i16\", smallint())", "column(\"i32\", integer())",
                           "column(\"u8\", unsigned_tinyint())", "column(\"u16\", unsigned_smallint())",
                           "column(\"u32\", unsigned_integer())", "column(\"u64\", unsigned_bigint())",
                           "column(\"flag\", boolean())", "column(\"f32\", real())", "column(\"f64\", double_precision())",
                           "column(\"text\", text())", "column(\"code\", string(12))", "column(\"data\", blob())",
                           "column(\"at\", timestamp())", "column(\"day\", date())", "column(\"exact\", decimal(12, 4))",
                           "column(\"key\", uuid())", "column(\"color\", unsigned_tinyint())",
                           "column(\"maybe\", integer())"})
    CHECK(generate_test::contains(text, part));
  auto tickets = generate_test::created<generate_test::Ticket>(quarry::dialect::postgres);
  INFO(tickets);
  CHECK(generate_test::contains(
      tickets, R"(column("status", enumeration({"open", "closed"})).not_null().default_value("open"),)"));
}

TEST_CASE("generated migrations: a live column's type read back from each dialect's spelling", "[sql][schema][generate]") {
  using quarry::TypeKind;
  for (const quarry::sql::Dialect* d : {&quarry::dialect::sqlite, &quarry::dialect::postgres, &quarry::dialect::mysql}) {
    INFO(d->name);
    for (TypeKind k : {TypeKind::boolean, TypeKind::int8, TypeKind::int16, TypeKind::int32, TypeKind::int64, TypeKind::uint8,
                       TypeKind::uint16, TypeKind::uint32, TypeKind::uint64, TypeKind::float32, TypeKind::float64,
                       TypeKind::text, TypeKind::blob, TypeKind::timestamp, TypeKind::date, TypeKind::uuid, TypeKind::json}) {
      quarry::sql::ColumnType t{.kind = k};
      std::string spelled = d->type_name(t);
      auto back = quarry::schema::detail::type_named(*d, spelled);
      REQUIRE(back);
      CHECK(d->type_name(*back) == spelled);  // a type that the dialect spells the same
    }
    quarry::sql::ColumnType varchar{.kind = TypeKind::text, .size = 40};
    auto v = quarry::schema::detail::type_named(*d, d->type_name(varchar));
    REQUIRE(v);
    CHECK(v->size == 40);
    quarry::sql::ColumnType decimal{.kind = TypeKind::decimal, .precision = 12, .scale = 3};
    auto n = quarry::schema::detail::type_named(*d, d->type_name(decimal));
    REQUIRE(n);
    CHECK((n->kind == TypeKind::decimal && n->precision == 12 && n->scale == 3));
    CHECK(!quarry::schema::detail::type_named(*d, "GEOMETRY"));
  }
}

TEST_CASE("generated migrations: a live column's default, as the down writes it back", "[sql][schema][generate]") {
  const auto& pg = quarry::dialect::postgres;
  std::vector<std::string> notes;
  auto back = [&](const quarry::sql::Dialect& d, const char* type, std::optional<std::string> reported) {
    quarry::schema::ColumnInfo c{"c", type, true, std::move(reported), false, {}};
    return quarry::schema::detail::cpp_live_column(d, "t", c, notes).value_or("");
  };
  CHECK(back(pg, "INTEGER", "'-1'::integer") == R"(column("c", integer()).default_value(-1))");
  CHECK(back(pg, "DOUBLE PRECISION", "1.5") == R"(column("c", double_precision()).default_value(1.5))");
  CHECK(back(pg, "VARCHAR(20)", "'it''s'::character varying") == R"(column("c", string(20)).default_value("it's"))");
  CHECK(back(pg, "BOOLEAN", "true") == R"(column("c", boolean()).default_value(true))");
  CHECK(back(pg, "TIMESTAMP(6) WITH TIME ZONE", "CURRENT_TIMESTAMP") == R"(column("c", timestamp()).default_now())");
  CHECK(back(quarry::dialect::mysql, "VARCHAR(20)", "NULL") == R"(column("c", string(20)))");  // MariaDB: none
  CHECK(notes.empty());
  CHECK(back(pg, "INTEGER", "nextval('t_c_seq'::regclass)") == R"(column("c", integer()))");
  CHECK(notes.size() == 1);  // a sequence's: by hand
}

TEST_CASE("generated migrations: text as C++ literals", "[sql][schema][generate]") {
  using quarry::schema::detail::cpp_string;
  CHECK(cpp_string("plain") == R"("plain")");
  CHECK(cpp_string("a \"b\" \\ c\nd") == R"("a \"b\" \\ c\nd")");
  CHECK(cpp_string(std::string("\x01z", 2)) == R"("\x01""z")");
}

TEST_CASE("generated migrations: a column added with its foreign key and check, a default changed, and the down",
          "[sql][schema][generate]") {
  namespace schema = quarry::schema;
  const auto& d = quarry::dialect::postgres;
  auto models = schema::tables<golden::Author, golden::Book>();
  // books as the database has it: every column of the model but author_id
  schema::LiveTable books{"books", {}, {}};
  for (const auto& c : models[1].create.columns)
    if (c.name != "author_id") books.columns.push_back({c.name, d.type_name(c.type), c.nullable, {}, c.primary_key, {}});
  schema::LiveTable authors{"authors", {{"id", "BIGINT", false, {}, true, {}}, {"name", "VARCHAR(100)", false, {}, false, {}}}, {}};
  auto steps = schema::diff_tables(d, models, {authors, books}, false);
  auto text = schema::migration_source(d, "20261204120000-author", steps, models, {authors, books}, true).source;  // NOT NULL without a default: destructive
  INFO(text);
  CHECK(generate_test::contains(text, R"(db.add_column("books", column("author_id", bigint()).not_null());)"));
  CHECK(generate_test::contains(
      text, R"(db.add_constraint("books", foreign_key_constraint({"author_id"}, {"authors", {"id"}, Action::cascade, Action::restrict}, "books_author_id_fkey"));)"));
  CHECK(generate_test::contains(text, R"(db.add_constraint("books", check_constraint("books_price_check_8c3d034f", "price >= 0"));)"));
  // the live stock has no default, the model's has 0
  CHECK(generate_test::contains(text, R"(db.change_column("books", column("stock", integer()).not_null().default_value(0));)"));
  CHECK(generate_test::contains(text, R"(db.change_column("books", column("stock", integer()).not_null());)"));
  // down: the key before the column it uses
  auto key = text.find(R"(db.remove_constraint("books", "books_author_id_fkey");)");
  auto column = text.find(R"(db.remove_column("books", "author_id");)");
  CHECK(key != std::string::npos);
  CHECK(key < column);
}

TEST_CASE("diff: a default as each database reports it compares equal to the model's", "[schema][diff]") {
  using quarry::TypeKind;
  using quarry::schema::detail::live_default_form;
  CHECK(live_default_form(std::nullopt, TypeKind::int32).empty());
  CHECK(live_default_form("'-1'::integer", TypeKind::int32) == "=-1");  // PostgreSQL
  CHECK(live_default_form("(1)", TypeKind::int32) == "=1");
  CHECK(live_default_form("'member'::role_type", TypeKind::enumeration) == "'member");
  CHECK(live_default_form("'it''s'::character varying", TypeKind::text) == "'it's");
  CHECK(live_default_form("'a::b'", TypeKind::text) == "'a::b");
  CHECK(live_default_form("'7'", TypeKind::text) == "'7");
  CHECK(live_default_form("NULL", TypeKind::text).empty());  // MariaDB: a nullable column without one
  CHECK(live_default_form("NULL::character varying", TypeKind::text).empty());
  CHECK(live_default_form("0.50", TypeKind::decimal) == "=0.5");  // MariaDB writes the scale
  CHECK(live_default_form("true", TypeKind::boolean) == "=1");
  CHECK(live_default_form("current_timestamp(6)", TypeKind::timestamp) == "now");
  CHECK(live_default_form("CURRENT_TIMESTAMP", TypeKind::timestamp) == "now");
  CHECK(live_default_form("curdate()", TypeKind::date) == "now");
  CHECK(live_default_form("gen_random_uuid()", TypeKind::uuid) == "uuid");
  CHECK(live_default_form("nextval('books_id_seq'::regclass)", TypeKind::int64) == "key");

  quarry::sql::ColumnDef c;
  c.type.kind = TypeKind::int32;
  c.default_value = std::int64_t{-1};
  CHECK(quarry::schema::detail::default_form(quarry::dialect::postgres, c) == "=-1");
  c.type.kind = TypeKind::decimal;
  c.default_value = std::string("0.5");
  CHECK(quarry::schema::detail::default_form(quarry::dialect::mysql, c) == "=0.5");
  c.type.kind = TypeKind::boolean;
  c.default_value = true;
  CHECK(quarry::schema::detail::default_form(quarry::dialect::sqlite, c) == "=1");
}

TEST_CASE("check_name: the table, the column and a hash of the condition", "[schema][ddl]") {
  auto name = quarry::schema::check_name("books", "price", "price >= 0");
  CHECK(name.rfind("books_price_check_", 0) == 0);
  CHECK(name.size() == std::string("books_price_check_").size() + 8);
  CHECK(quarry::schema::check_name("books", "price", "price >= 0") == name);
  CHECK(quarry::schema::check_name("books", "price", "price > 0") != name);
  CHECK(quarry::schema::check_name("books", "", "a < b").rfind("books_check_", 0) == 0);
  auto long_name = quarry::schema::check_name(std::string(40, 't'), std::string(40, 'c'), "x > 0");
  CHECK(long_name.size() == 63);  // PostgreSQL's longest: it would cut it, and the diff never find it again
  CHECK(long_name.ends_with(quarry::schema::check_name("t", "", "x > 0").substr(1)));
}

TEST_CASE("generated migrations: a table no model names dropped, and made again by its down", "[sql][schema][generate]") {
  namespace schema = quarry::schema;
  const auto& d = quarry::dialect::postgres;
  auto models = schema::tables<golden::Author>();
  schema::LiveTable authors{"authors", {{"id", "BIGINT", false, {}, true, {}}, {"name", "VARCHAR(100)", false, {}, false, {}}},
                            {{"authors_name_key", {"name"}, true}}};
  schema::LiveTable notes{"notes",
                          {{"id", "BIGINT", false, {}, true, {}}, {"author_id", "BIGINT", true, {}, false, {}},
                           {"body", "TEXT", false, {}, false, {}}},
                          {{"notes_author_id", {"author_id"}, false}},
                          {{"notes_author_id_fkey", {"author_id"}, "authors", {"id"}}},
                          {{"notes_body_check", "length(body) > 0"}}};
  auto steps = schema::diff_tables(d, models, {authors, notes}, false);
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].kind == schema::StepKind::drop_table);
  CHECK(steps[0].destructive);
  auto text = schema::migration_source(d, "20261204130000-drop-notes", steps, models, {authors, notes}, true).source;
  INFO(text);
  CHECK(generate_test::contains(text, R"(db.drop_table("notes");)"));
  CHECK(generate_test::contains(text, R"(db.create_table("notes", {
          column("id", bigint()).primary_key(),
          column("author_id", bigint()),
          column("body", text()).not_null(),
      }, {
          foreign_key_constraint({"author_id"}, {"authors", {"id"}}, "notes_author_id_fkey"),
          check_constraint("notes_body_check", "length(body) > 0"),
      });)"));
  CHECK(generate_test::contains(text, R"(db.add_index("notes", {"author_id"}, {.name = "notes_author_id"});)"));
  // written commented out without --destructive
  auto careful = schema::migration_source(d, "20261204130000-drop-notes", steps, models, {authors, notes}, false).source;
  CHECK(generate_test::contains(careful, R"(// db.drop_table("notes");)"));
}
