#include <catch2/catch.hpp>

#include <quarry/quarry.hpp>
#include <quarry/dialect/sqlite.hpp>

// Models by convention: table names, member counts and names read by reflection, and how a
// Model<T> that states only what differs merges with what the conventions find.

namespace c {
struct Book {};
struct Category {};
struct Person {};
struct BookReview {};
struct Address {};
struct Status {};
struct Child {};
struct Box {};
struct Day {};
struct Branch {};
struct Wish {};
struct Quiz {};
struct HTTPRequest {};
struct SalesPerson {};
struct Ipv4Address {};
struct Sheep {};
template <class T> struct Wrapper { T value; };

struct Empty {};
struct One { int a; };
struct Mixed {
  std::int64_t id{};
  std::string title{};
  std::optional<std::string> subtitle{};
  quarry::Decimal price{};
  quarry::Timestamp created_at{};
  quarry::Blob cover{};
  quarry::Date published{};
  quarry::Uuid key{};
  std::optional<quarry::Timestamp> read_at{};
};
struct Wide {
  int m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, m13, m14, m15, m16, m17, m18, m19, m20, m21, m22, m23, m24, m25, m26, m27, m28, m29, m30, m31, m32, m33, m34, m35, m36, m37, m38, m39, m40, m41, m42, m43, m44, m45, m46, m47, m48, m49, m50, m51, m52, m53, m54, m55, m56, m57, m58, m59, m60, m61, m62, m63;
};
struct Wider {
  int m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, m13, m14, m15, m16, m17, m18, m19, m20, m21, m22, m23, m24, m25, m26, m27, m28, m29, m30, m31, m32, m33, m34, m35, m36, m37, m38, m39, m40, m41, m42, m43, m44, m45, m46, m47, m48, m49, m50, m51, m52, m53, m54, m55, m56, m57, m58, m59, m60, m61, m62, m63, m64;
};

// A model with no Model<T> at all, with association members that are not fields.
struct Shelf;
struct Volume {
  std::int64_t id{};
  std::string title{};
  std::int64_t shelf_id{};
  std::optional<std::int32_t> pages{};
  quarry::Timestamp created_at{}, updated_at{};
  std::optional<Shelf*> pointer_is_no_field{};
};
struct Shelf {
  std::int64_t id{};
  std::string label{};
  std::vector<Volume> volumes{};
  std::optional<Volume> favourite{};
};

// A Model<T> that states only what differs.
struct Article {
  std::int64_t id{};
  std::string title{};
  quarry::Decimal price{};
  std::int64_t shelf_id{};
  quarry::Timestamp created_at{}, updated_at{};
};

// A table name of its own, the rest by convention.
struct Legacy {
  std::int64_t id{};
  std::string name{};
};

// A key of another name and type.
struct Country {
  std::string code{};
  std::string name{};
};

// A member called id beside a key listed under another name: id is then no key.
struct Station {
  std::int64_t id{};
  std::string code{};
};

// An id that may be unset.
struct Draft {
  std::optional<std::int64_t> id;
  std::string text{};
};

// The explicit style, listed out of member order.
struct Ledger {
  std::int64_t id{};
  std::string memo{};
  std::int32_t amount{};
  std::string scratch;  // left out: not stored
};
}  // namespace c

template <>
struct quarry::Model<c::Article> {
  static constexpr auto fields = quarry::fields(
      quarry::field<&c::Article::price>(quarry::decimal(10, 2)),
      quarry::field<&c::Article::title>(quarry::size(50), quarry::column("headline")),
      quarry::field<&c::Article::id>(quarry::column("article_id")),
      quarry::field<&c::Article::shelf_id>(quarry::references<&c::Shelf::id>(quarry::on_delete::cascade)),
      quarry::field<&c::Article::created_at>(quarry::default_now));
};

template <>
struct quarry::Model<c::Legacy> {
  static constexpr auto table = "legacy_items";
};

template <>
struct quarry::Model<c::Country> {
  static constexpr auto fields = quarry::fields(quarry::field<&c::Country::code>(quarry::primary_key, quarry::size(2)));
};

template <>
struct quarry::Model<c::Station> {
  static constexpr auto fields = quarry::fields(quarry::field<&c::Station::code>(quarry::primary_key));
};

template <>
struct quarry::Model<c::Ledger> {
  static constexpr auto table = "ledger";
  static constexpr auto fields = quarry::fields(quarry::field<&c::Ledger::amount>(),
                                                quarry::field<&c::Ledger::id>(quarry::primary_key),
                                                quarry::field<&c::Ledger::memo>());
};

namespace qd = quarry::detail;

TEST_CASE("table names are the type's name in snake_case and English plural", "[conventions]") {
  CHECK(qd::table_name<c::Book>() == "books");
  CHECK(qd::table_name<c::Category>() == "categories");
  CHECK(qd::table_name<c::Person>() == "people");
  CHECK(qd::table_name<c::BookReview>() == "book_reviews");
  CHECK(qd::table_name<c::Address>() == "addresses");
  CHECK(qd::table_name<c::Status>() == "statuses");
  CHECK(qd::table_name<c::Child>() == "children");
  CHECK(qd::table_name<c::Box>() == "boxes");
  CHECK(qd::table_name<c::Day>() == "days");
  CHECK(qd::table_name<c::Branch>() == "branches");
  CHECK(qd::table_name<c::Wish>() == "wishes");
  CHECK(qd::table_name<c::Quiz>() == "quizes");
  CHECK(qd::table_name<c::HTTPRequest>() == "http_requests");
  CHECK(qd::table_name<c::SalesPerson>() == "sales_people");
  CHECK(qd::table_name<c::Ipv4Address>() == "ipv4_addresses");
  CHECK(qd::table_name<c::Sheep>() == "sheep");
  CHECK(qd::table_name<c::Shelf>() == "shelves");
  CHECK(qd::table_name<c::Wrapper<int>>() == "wrappers");
  CHECK(qd::table_name<c::Legacy>() == "legacy_items");  // Model<T>::table overrides
  static_assert(qd::table_name<c::BookReview>() == "book_reviews");  // a constant
}

TEST_CASE("members are counted up to 64", "[conventions]") {
  static_assert(qd::aggregate_size<c::Empty> == 0);
  static_assert(qd::aggregate_size<c::One> == 1);
  static_assert(qd::aggregate_size<c::Mixed> == 9);
  static_assert(qd::aggregate_size<c::Shelf> == 4);
  static_assert(qd::aggregate_size<c::Wide> == 64);
  static_assert(qd::aggregate_size<c::Wider> == qd::max_members + 1);  // too many: reported, not read
  CHECK(qd::aggregate_size<c::Mixed> == 9);
}

TEST_CASE("member names and types are read by reflection", "[conventions]") {
  static_assert(qd::member_name_at<c::Mixed, 0>() == "id");
  static_assert(qd::member_name_at<c::Mixed, 2>() == "subtitle");
  static_assert(qd::member_name_at<c::Mixed, 8>() == "read_at");
  static_assert(qd::member_name_at<c::Wide, 0>() == "m0");
  static_assert(qd::member_name_at<c::Wide, 63>() == "m63");
  static_assert(std::is_same_v<qd::member_type_at<c::Mixed, 3>, quarry::Decimal>);
  static_assert(std::is_same_v<qd::member_type_at<c::Mixed, 8>, std::optional<quarry::Timestamp>>);
  static_assert(qd::member_index<c::Mixed, &c::Mixed::cover>() == 5);
  struct Local {
    int first;
    double second;
  };
  static_assert(qd::member_name_at<Local, 1>() == "second");
  c::Mixed m{.title = "t"};
  qd::member_at<1>(m) = "changed";
  CHECK(m.title == "changed");
  CHECK(&qd::member_at<8>(m) == &m.read_at);
}

TEST_CASE("a struct with no Model<T> is a model: storable members are its fields", "[conventions]") {
  static_assert(quarry::model<c::Volume> && quarry::model<c::Shelf>);
  static_assert(!quarry::model<std::string> && !quarry::model<quarry::Uuid> && !quarry::model<int>);
  static_assert(qd::field_count<c::Volume> == 6);  // not the pointer
  static_assert(qd::field_count<c::Shelf> == 2);   // not the associations
  static_assert(qd::is_field_v<&c::Volume::pages> && !qd::is_field_v<&c::Shelf::volumes>);
  static_assert(qd::field_index<&c::Volume::created_at>() == 4);
  static_assert(qd::column_name<&c::Volume::shelf_id>() == "shelf_id");
  static_assert(qd::single_primary_key<c::Shelf>() == &c::Shelf::id);

  const auto& info = quarry::ops::model_info<c::Volume>();
  CHECK(info.table == "volumes");
  CHECK(info.columns == std::vector<std::string>{"id", "title", "shelf_id", "pages", "created_at", "updated_at"});
  CHECK(info.primary_key == quarry::detail::Vector<std::size_t>{0});
  CHECK(info.auto_increment == 0u);
  CHECK(info.created_at == 4u);
  CHECK(info.updated_at == 5u);
  CHECK(info.types[3].kind == quarry::TypeKind::int32);
  const auto table = quarry::schema::table<c::Volume>();
  CHECK(table.create.columns[3].nullable);
  CHECK(table.create.columns[3].type.kind == quarry::TypeKind::int32);
  CHECK_FALSE(table.create.columns[1].nullable);

  c::Volume v{.id = 7, .title = "Dune"};
  CHECK(quarry::ops::row_values(v, true).size() == 5);
  CHECK_FALSE(quarry::ops::key_unset(v));
  CHECK(quarry::ops::key_unset(c::Volume{}));
}

TEST_CASE("a partial Model<T> merges its fields by member, in member order", "[conventions]") {
  const auto& info = quarry::ops::model_info<c::Article>();
  CHECK(info.table == "articles");
  CHECK(info.columns == std::vector<std::string>{"article_id", "headline", "price", "shelf_id", "created_at", "updated_at"});
  CHECK(info.primary_key == quarry::detail::Vector<std::size_t>{0});  // id keeps its key: the listed field names none
  CHECK(info.auto_increment == 0u);
  CHECK(info.created_at == 4u);  // created_at keeps its role beside default_now
  CHECK(info.updated_at == 5u);
  const auto table = quarry::schema::table<c::Article>();
  CHECK(table.create.columns[1].type.size == 50);
  CHECK(table.create.columns[2].type.kind == quarry::TypeKind::decimal);
  CHECK(table.create.columns[2].type.precision == 10);
  CHECK(table.create.columns[4].default_now);
  REQUIRE(table.create.foreign_keys.size() == 1);
  CHECK(table.create.foreign_keys[0].ref_table == "shelves");
  CHECK(table.create.foreign_keys[0].ref_columns == std::vector<std::string>{"id"});
  static_assert(qd::column_name<&c::Article::title>() == "headline");
  static_assert(qd::field_index<&c::Article::price>() == 2);

  c::Article bad{.title = std::string(51, 'x')};
  CHECK_THROWS_AS(quarry::ops::validate(bad), quarry::ValidationError);

  using namespace quarry::dsl;
  auto s = quarry::ops::select_rows<c::Article>(where(col<&c::Article::title> == "x"));
  CHECK(quarry::sql::render(quarry::dialect::sqlite, s).sql ==
        R"(SELECT "article_id", "headline", "price", "shelf_id", "created_at", "updated_at" FROM "articles" WHERE "headline" = ?)");
}

TEST_CASE("a listed key and a table of its own replace the conventions' id and name", "[conventions]") {
  const auto& legacy = quarry::ops::model_info<c::Legacy>();
  CHECK(legacy.table == "legacy_items");
  CHECK(legacy.columns == std::vector<std::string>{"id", "name"});
  CHECK(legacy.auto_increment == 0u);

  const auto& info = quarry::ops::model_info<c::Country>();
  CHECK(info.table == "countries");
  CHECK(info.columns == std::vector<std::string>{"code", "name"});
  CHECK(info.primary_key == quarry::detail::Vector<std::size_t>{0});
  CHECK_FALSE(info.auto_increment);
  static_assert(qd::single_primary_key<c::Country>() == &c::Country::code);

  // a listed key of another name: the member called id stays a plain column
  const auto& station = quarry::ops::model_info<c::Station>();
  CHECK(station.columns == std::vector<std::string>{"id", "code"});
  CHECK(station.primary_key == quarry::detail::Vector<std::size_t>{1});
  CHECK_FALSE(station.auto_increment);
}

TEST_CASE("an optional id is the key and auto increments; the key types follow one rule", "[conventions]") {
  const auto& draft = quarry::ops::model_info<c::Draft>();
  CHECK(draft.primary_key == quarry::detail::Vector<std::size_t>{0});
  CHECK(draft.auto_increment == 0u);
  static_assert(qd::can_auto_increment_v<std::int32_t>);
  static_assert(qd::can_auto_increment_v<std::optional<std::int64_t>>);
  static_assert(qd::can_auto_increment_v<std::uint32_t>);
  static_assert(!qd::can_auto_increment_v<std::uint64_t>);
  static_assert(!qd::can_auto_increment_v<unsigned long long>);
  static_assert(!qd::can_auto_increment_v<std::optional<unsigned long long>>);
  static_assert(!qd::can_auto_increment_v<bool>);
}

TEST_CASE("a type's table name comes from its own name, wherever it is declared", "[conventions]") {
  static_assert(qd::base_name("app::Book") == "Book");
  static_assert(qd::base_name("app::Book<int>") == "Book");
  static_assert(qd::base_name("app::Book<std::map<int, long> >") == "Book");
  static_assert(qd::base_name("Outer<int>::Inner") == "Inner");
  static_assert(qd::base_name("f<int>()::Book") == "Book");
  static_assert(qd::base_name("main()::<lambda()>::Book") == "Book");
  static_assert(qd::base_name("ns::f(int)::Local") == "Local");
  struct LocalNote {
    std::int64_t id{};
  };
  CHECK(qd::table_name<LocalNote>() == "local_notes");
}

TEST_CASE("the explicit style keeps its listed order and leaves out what it does not list", "[conventions]") {
  const auto& info = quarry::ops::model_info<c::Ledger>();
  CHECK(info.table == "ledger");
  CHECK(info.columns == std::vector<std::string>{"amount", "id", "memo"});
  CHECK(info.primary_key == quarry::detail::Vector<std::size_t>{1});
  CHECK_FALSE(info.auto_increment);  // no convention applies
  static_assert(!qd::is_field_v<&c::Ledger::scratch>);
  static_assert(qd::ModelCheck<c::Ledger>::explicit_model && !qd::ModelCheck<c::Article>::explicit_model);
}
