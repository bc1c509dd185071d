// Connecting: what a wrong password, an unreachable server and an unknown database say.
#include "fixture.hpp"

#include <chrono>

namespace {
/// The suite's URL with one part replaced.
std::string with(const std::string& part, const std::string& value) {
  quarry::Url u = quarry::Url::parse(test::url());
  std::string auth = u.user + (part == "password" ? ":" + value : (u.password.empty() ? "" : ":" + u.password));
  std::string port = part == "port" ? value : std::to_string(u.port.value_or(0));
  std::string db = part == "database" ? value : u.database;
  return u.scheme + "://" + auth + "@" + u.host + ":" + port + "/" + db + "?connect_timeout=3";
}

template <class F>
std::string connect_error(F&& open) {
  auto start = std::chrono::steady_clock::now();
  try {
    open();
  } catch (const quarry::ConnectionError& e) {
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds{5});  // within the connect timeout
    return e.what();
  }
  FAIL("no ConnectionError");
  return {};
}
}  // namespace

TEST_CASE("connection errors say which: password, host or database", "[connect]") {
  if (test::on("sqlite")) return;  // SQLite opens files: see errors.cpp
  auto wrong_password = connect_error([] { quarry::Database db{with("password", "not-the-password")}; });
  CHECK_THAT(wrong_password, Catch::Contains("authentication failed"));
  CHECK_THAT(wrong_password, !Catch::Contains("not-the-password"));

  // a port nothing listens on
  int closed = 1;
  auto unreachable = connect_error([&] { quarry::Database db{with("port", std::to_string(closed))}; });
  CHECK_THAT(unreachable, Catch::Contains("unreachable"));

  auto unknown = connect_error([] { quarry::Database db{with("database", "no_such_db")}; });
  CHECK_THAT(unknown, Catch::Contains("unknown database"));
}
