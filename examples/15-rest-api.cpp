// The Express guide as a C++ service (docs/json.md#a-rest-service): its User and Post routes on
// cpp-httplib, request bodies read with quarry::from_json, rows answered as JSON with their posts
// nested and the password hash left out, and every error turned into a status and a JSON body.
//
//   15-rest-api sqlite:rest.db [PORT]        serves http://127.0.0.1:PORT (8080) until stopped
//   15-rest-api sqlite:rest.db --self-test   serves on a free loopback port, drives every route
//                                            with an HTTP client, checks the answers, and stops
//   (or a postgres:// or mysql:// URL)
//
//   curl -i localhost:8080/users -d '{"name":"Ada","email":"ada@example.com","password":"correct horse"}'
//   curl -i localhost:8080/users/1/posts -d '{"title":"First"}'
//   curl -i localhost:8080/users/1
//   curl -i 'localhost:8080/users?role=member'

#include <quarry/json.hpp>
#include <quarry/mysql.hpp>
#include <quarry/postgres.hpp>
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include <httplib.h>

#include <charconv>  // from_chars
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>  // atoi
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

using nlohmann::json;

enum class Role { admin, member };  // stored as 'admin' / 'member'

struct Post;
struct User {
  std::int64_t id{};
  std::string name{};
  std::string email{};
  std::string password{};  // the hash once created; hidden: no read returns it unless asked, no JSON shows it
  Role role = Role::member;
  quarry::Timestamp created_at{}, updated_at{};
  std::vector<Post> posts{};
};
struct Post {
  std::int64_t id{};
  std::int64_t user_id{};
  std::string title{};
  quarry::Timestamp created_at{}, updated_at{};
};

// Not a real password hash: an example must not need a crypto library. Use bcrypt or argon2.
std::string hash(const std::string& password) {
  char text[19];
  std::snprintf(text, sizeof text, "h$%016zx", std::hash<std::string>{}(password));
  return text;
}

template <>
struct quarry::Model<User> {  // table "users", key `id`, timestamps: by convention
  static constexpr auto fields = quarry::fields(quarry::field<&User::name>(quarry::size(60)),
                                                quarry::field<&User::email>(quarry::unique, quarry::size(200)),
                                                quarry::field<&User::password>(quarry::hidden));
  static constexpr auto validate = quarry::validators(quarry::rules<&User::name>(quarry::not_empty),
                                                      quarry::rules<&User::email>(quarry::is_email),
                                                      quarry::rules<&User::password>(quarry::len(8, 100)));
  static constexpr auto hooks = quarry::hooks(quarry::before_create([](User& u) { u.password = hash(u.password); }));
  static constexpr auto associations = quarry::associations(quarry::has_many<&User::posts, &Post::user_id>());
};
template <>
struct quarry::Model<Post> {
  static constexpr auto fields = quarry::fields(quarry::field<&Post::title>(quarry::size(200)));
  static constexpr auto validate = quarry::validators(quarry::rules<&Post::title>(quarry::not_empty));
};

// res.status(status).json(body)
void reply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

// Express's error middleware: what a route throws becomes a status and a JSON body.
void reply_error(httplib::Response& res, std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const quarry::ValidationError& e) {  // from from_json, or the model's validators in create
    json errors = json::array();
    for (const auto& f : e.errors()) errors.push_back({{"field", f.field}, {"message", f.message}});
    reply(res, 400, {{"errors", errors}});
  } catch (const quarry::UniqueConstraintError& e) {
    reply(res, 409, {{"error", "already taken"}, {"columns", e.columns()}});
  } catch (const json::exception& e) {  // json::parse of a body that is no JSON
    reply(res, 400, {{"error", std::string("malformed JSON: ") + e.what()}});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "500: %s\n", e.what());
    reply(res, 500, {{"error", "internal error"}});
  }
}

// The :id of a route, or nullopt when it does not fit a key (then no row has it).
std::optional<std::int64_t> id_of(const httplib::Request& req) {
  std::string text = req.matches[1].str();
  std::int64_t id{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return id;
}

void routes(httplib::Server& app, quarry::Database& db) {
  using namespace quarry::dsl;
  app.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr e) {
    reply_error(res, std::move(e));
  });

  // POST /users: 201 with the user; 400 with every bad field; 409 when the email is taken.
  app.Post("/users", [&db](const httplib::Request& req, httplib::Response& res) {
    constexpr auto may_set = quarry::members<&User::name, &User::email, &User::password>;
    User user = db.create(quarry::from_json<User>(json::parse(req.body), {.fields = may_set}));
    reply(res, 201, user);
  });

  // GET /users/:id with the user's posts; 404 when there is no such user.
  app.Get(R"(/users/(\d+))", [&db](const httplib::Request& req, httplib::Response& res) {
    auto id = id_of(req);
    auto user = id ? db.find_by_pk<User>(*id, include<&User::posts>(order_by(col<&Post::id>))) : std::nullopt;
    if (!user) return reply(res, 404, {{"error", "no such user"}});
    reply(res, 200, *user);
  });

  // POST /users/:id/posts: 201 with the post; 404 when there is no such user.
  app.Post(R"(/users/(\d+)/posts)", [&db](const httplib::Request& req, httplib::Response& res) {
    auto id = id_of(req);
    auto user = id ? db.find_by_pk<User>(*id) : std::nullopt;
    if (!user) return reply(res, 404, {{"error", "no such user"}});
    auto post = quarry::from_json<Post>(json::parse(req.body), {.fields = quarry::members<&Post::title>});
    reply(res, 201, db.create_related<&User::posts>(*user, post));
  });

  // GET /users?role=member: the 20 newest users (of that role).
  app.Get("/users", [&db](const httplib::Request& req, httplib::Response& res) {
    auto newest = order_by(desc(col<&User::created_at>), desc(col<&User::id>));
    if (!req.has_param("role")) return reply(res, 200, db.find_all<User>(newest, limit(20)));
    // read as a body's role is: ?role=owner is a 400 that names the roles there are
    Role role = quarry::from_json<User>(json{{"role", req.get_param_value("role")}},
                                        {.fields = quarry::members<&User::role>}).role;
    reply(res, 200, db.find_all<User>(where(col<&User::role> == role), newest, limit(20)));
  });
}

// --self-test: an HTTP client drives every route and checks the statuses and bodies.
int self_test(int port, quarry::Database& db) {
  using namespace quarry::dsl;
  httplib::Client http("127.0.0.1", port);
  int failures = 0;
  auto expect = [&](bool ok, const std::string& what) {
    std::printf("%s %s\n", ok ? "ok:  " : "FAIL:", what.c_str());
    failures += ok ? 0 : 1;
  };
  struct Answer {
    int status = 0;
    json body;
  };
  auto answer = [](const httplib::Result& r) {
    if (!r) return Answer{0, httplib::to_string(r.error())};
    return Answer{r->status, json::parse(r->body, nullptr, false)};  // a body that is no JSON: discarded
  };
  auto post = [&](const std::string& path, const std::string& body) {
    return answer(http.Post(path, body, "application/json"));
  };
  auto get = [&](const std::string& path) { return answer(http.Get(path)); };
  auto fields = [](const Answer& a) {  // the fields a 400 names
    std::vector<std::string> out;
    for (const auto& e : a.body.value("errors", json::array())) out.push_back(e.value("field", "?"));
    return out;
  };

  auto ada = post("/users", R"({"name": "Ada", "email": "ada@example.com", "password": "correct horse"})");
  std::printf("       %d %s\n", ada.status, ada.body.dump().c_str());
  expect(ada.status == 201 && ada.body["id"].is_number_integer() && ada.body["name"] == "Ada" &&
             ada.body["role"] == "member" && ada.body["posts"] == json::array(),
         "POST /users: 201 with the created user");
  expect(!ada.body.contains("password"), "the password hash is not in the JSON");
  auto id = std::to_string(ada.body.value("id", std::int64_t{0}));

  auto stored = db.find_by_pk<User>(ada.body.value("id", std::int64_t{0}), with_hidden<&User::password>());
  expect(stored && stored->password == hash("correct horse"), "the column holds the password's hash");

  auto taken = post("/users", R"({"name": "Ada Two", "email": "ada@example.com", "password": "another one"})");
  std::printf("       %d %s\n", taken.status, taken.body.dump().c_str());
  expect(taken.status == 409, "POST /users with a taken email: 409");

  auto invalid = post("/users", R"({"name": "", "email": "ada at example", "password": "short"})");
  std::printf("       %d %s\n", invalid.status, invalid.body.dump().c_str());
  expect(invalid.status == 400 && fields(invalid) == std::vector<std::string>{"name", "email", "password"},
         "POST /users with three invalid values: 400 naming all three");

  auto evil = post("/users", R"({"id": 7, "name": 5, "email": "eve@example.com", "role": "admin"})");
  std::printf("       %d %s\n", evil.status, evil.body.dump().c_str());
  expect(evil.status == 400 && fields(evil) == std::vector<std::string>{"id", "name", "role"},
         "POST /users setting the key and the role, with a number for a name: 400 naming each");

  auto malformed = post("/users", R"({"name": "Ada",)");
  std::printf("       %d %s\n", malformed.status, malformed.body.dump().c_str());
  expect(malformed.status == 400 && malformed.body.contains("error"), "POST /users with malformed JSON: 400");

  auto first = post("/users/" + id + "/posts", R"({"title": "First"})");
  auto second = post("/users/" + id + "/posts", R"({"title": "Second"})");
  expect(first.status == 201 && second.status == 201 && std::to_string(second.body.value("user_id", std::int64_t{0})) == id,
         "POST /users/:id/posts: 201 with the post");
  expect(post("/users/999999/posts", R"({"title": "Lost"})").status == 404, "POST /users/999999/posts: 404");

  auto found = get("/users/" + id);
  std::printf("       %d %s\n", found.status, found.body.dump().c_str());
  expect(found.status == 200 && found.body["email"] == "ada@example.com" && found.body["posts"].size() == 2 &&
             found.body["posts"][0]["title"] == "First" && found.body["posts"][1]["title"] == "Second",
         "GET /users/:id: 200 with the user's posts");
  expect(found.body.dump().find("password") == std::string::npos, "and no password hash");
  expect(get("/users/999999").status == 404, "GET /users/999999: 404");
  expect(get("/users/99999999999999999999").status == 404, "GET /users/<more than 64 bits>: 404");

  for (int i = 1; i <= 21; ++i) {
    auto name = "Member " + std::to_string(i);
    auto body = json{{"name", name}, {"email", "member" + std::to_string(i) + "@example.com"}, {"password", "password " + name}};
    if (post("/users", body.dump()).status != 201) expect(false, "POST /users for " + name);
  }
  // Only an operator makes an admin; a request body cannot (see "evil" above).
  db.update<User>(set(col<&User::role> = Role::admin), where(col<&User::email> == "ada@example.com"));

  auto members = get("/users?role=member");
  bool newest_first = members.body.is_array() && !members.body.empty();
  for (std::size_t i = 1; newest_first && i < members.body.size(); ++i)
    newest_first = members.body[i - 1]["created_at"].get<std::string>() >= members.body[i]["created_at"].get<std::string>();
  expect(members.status == 200 && members.body.size() == 20, "GET /users?role=member: 200 with 20 of the 21 members");
  expect(newest_first && members.body[0]["name"] == "Member 21" && members.body[19]["name"] == "Member 2",
         "newest first, by created_at descending");
  expect(members.body.dump().find("\"admin\"") == std::string::npos, "and no admin among them");
  auto admins = get("/users?role=admin");
  expect(admins.status == 200 && admins.body.size() == 1 && admins.body[0]["name"] == "Ada", "GET /users?role=admin: Ada");
  auto owners = get("/users?role=owner");
  std::printf("       %d %s\n", owners.status, owners.body.dump().c_str());
  expect(owners.status == 400 && fields(owners) == std::vector<std::string>{"role"}, "GET /users?role=owner: 400");
  expect(db.count<User>() == 22, "nothing was created by the requests that failed");
  return failures;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATABASE-URL [PORT | --self-test]\n", argv[0]);
    return 2;
  }
  const bool testing = argc > 2 && std::string_view(argv[2]) == "--self-test";
  quarry::Database db{argv[1]};
  db.sync<User, Post>({.force = testing});  // the self-test starts from empty tables

  httplib::Server app;
  routes(app, db);
  if (!testing) {
    int port = argc > 2 ? std::atoi(argv[2]) : 8080;
    std::printf("listening on http://127.0.0.1:%d\n", port);
    std::fflush(stdout);
    return app.listen("127.0.0.1", port) ? 0 : 1;
  }

  int port = app.bind_to_any_port("127.0.0.1");  // a free port, chosen by the system
  if (port < 0) {
    std::fprintf(stderr, "no free port on 127.0.0.1\n");
    return 1;
  }
  std::thread server([&app] { app.listen_after_bind(); });
  while (!app.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::printf("serving on http://127.0.0.1:%d\n", port);
  int failures = 1;
  try {
    failures = self_test(port, db);
  } catch (const std::exception& e) {  // an answer of the wrong shape
    std::printf("FAIL: %s\n", e.what());
  }
  app.stop();
  server.join();
  db.drop<User, Post>();  // the tables go, so that other programs on this database start clean
  return failures == 0 ? 0 : 1;
}
