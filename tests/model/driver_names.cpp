#include <catch2/catch.hpp>

#include <quarry/quarry.hpp>

#include <type_traits>

// A user's own types with the names of the driver interface. Inside a Model<T> specialization,
// which is in namespace quarry, these must be the user's, not quarry's (quarry::driver's).
enum class Statement { draft, sent };
struct Connection {
  int id = 0;
};
struct Url {
  const char* text = "";
};
struct Binder {};
struct Driver {};

struct Invoice {
  std::int64_t id{};
  std::string url{};
  int state{};
};

template <>
struct quarry::Model<Invoice> {
  static_assert(std::is_enum_v<Statement>, "the user's Statement, not quarry's");
  static_assert(std::is_same_v<decltype(Connection::id), int>, "the user's Connection, not quarry's");
  static_assert(std::is_same_v<decltype(Url::text), const char*>, "the user's Url, not quarry's");
  static_assert(std::is_empty_v<Binder> && std::is_empty_v<Driver>, "the user's Binder and Driver");
  static constexpr auto table = "invoices";
  static constexpr auto fields = quarry::fields(
      quarry::field<&Invoice::id>(quarry::primary_key, quarry::auto_increment), quarry::field<&Invoice::url>(),
      quarry::field<&Invoice::state>(quarry::default_value(static_cast<int>(Statement::sent))));
};

TEST_CASE("a user's Statement, Connection and Url are not shadowed inside Model<T>", "[model]") {
  const auto& info = quarry::query::model_info<Invoice>();
  CHECK(info.columns == std::vector<std::string>{"id", "url", "state"});
  CHECK(std::is_same_v<decltype(std::declval<quarry::Database&>().url()), const quarry::driver::Url&>);
}
