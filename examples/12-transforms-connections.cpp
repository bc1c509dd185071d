// Transforms and connection hooks (docs/models.md#transforms, docs/connecting.md#after_connect):
// an email trimmed and lower-cased on every write, a name capitalized on every read, and a
// session variable set on every connection the pool opens.
//
//   12-transforms-connections sqlite:transforms.db        (or a postgres:// or mysql:// URL)

#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

using namespace quarry::dsl;

struct Subscriber {
  std::int64_t id{};
  std::string email{};
  std::string name{};
};

// Sequelize: email: { set(v) { this.setDataValue('email', v.trim().toLowerCase()) } }
void normalize_email(std::string& s) {
  auto first = s.find_first_not_of(" \t");
  s = first == std::string::npos ? std::string() : s.substr(first, s.find_last_not_of(" \t") - first + 1);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
}
// Sequelize: name: { get() { const v = this.getDataValue('name'); return v[0].toUpperCase() + v.slice(1) } }
std::string capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

template <>
struct quarry::Model<Subscriber> {
  static constexpr auto transforms = quarry::transforms(quarry::on_write<&Subscriber::email>(&normalize_email),
                                                        quarry::on_read<&Subscriber::name>(&capitalized));
  // validators see the value as on_write made it: "  Ann@Example.COM " passes
  static constexpr auto validate = quarry::validators(quarry::rules<&Subscriber::email>(quarry::is_email));
};

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATABASE-URL\n", argv[0]);
    return 2;
  }
  std::string url = argv[1];
  bool postgres = url.rfind("postgres", 0) == 0, sqlite = url.rfind("sqlite", 0) == 0;

  // Sequelize: new Sequelize(url, { hooks: { afterConnect(connection) { ... } } })
  int connects = 0;
  quarry::Database db{url, {.after_connect = [&](quarry::Session& c) {
                              ++connects;
                              if (postgres) c.execute("SET application_name = 'newsletter'");
                              else if (sqlite) c.execute("PRAGMA cache_size = -8000");
                              else c.execute("SET SESSION group_concat_max_len = 8000");
                            }}};
  db.sync<Subscriber>({.force = true});
  int failures = 0;
  auto expect = [&](bool ok, const char* what) {
    std::printf("%s %s\n", ok ? "ok:  " : "FAIL:", what);
    failures += ok ? 0 : 1;
  };

  auto ann = db.create(Subscriber{.email = "  Ann@Example.COM ", .name = "ann"});
  expect(ann.email == "ann@example.com", "the email is trimmed and lower-cased before it is validated and written");
  db.update<Subscriber>(set(col<&Subscriber::email> = " ANN@EXAMPLE.ORG"), where(col<&Subscriber::id> == ann.id));
  auto stored = db.query<std::tuple<std::string, std::string>>("SELECT email, name FROM subscribers");
  expect(std::get<0>(stored.at(0)) == "ann@example.org", "set(...) values are transformed too");
  expect(std::get<1>(stored.at(0)) == "ann", "the name is stored as given");
  expect(db.find_by_pk<Subscriber>(ann.id)->name == "Ann", "and read capitalized");

  const char* check = postgres ? "SELECT current_setting('application_name')"
                      : sqlite ? "SELECT CAST(cache_size AS TEXT) FROM pragma_cache_size()"
                               : "SELECT CAST(@@session.group_concat_max_len AS CHAR)";
  auto setting = std::get<0>(db.query<std::tuple<std::string>>(check).at(0));
  expect(setting == (postgres ? "newsletter" : sqlite ? "-8000" : "8000"), "after_connect set the session up");
  expect(connects >= 1 && static_cast<std::uint64_t>(connects) == db.pool_stats().created,
         "after_connect ran once per connection");
  return failures == 0 ? 0 : 1;
}
