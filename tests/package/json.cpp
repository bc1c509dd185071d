// quarry::json alone: rows to and from nlohmann::json, with no backend linked.
#include <quarry/json.hpp>

#include <cstdio>

struct Note {
  std::int64_t id{};
  std::string text{};
  quarry::Decimal price{};
};

int main() {
  nlohmann::json j = Note{.id = 1, .text = "installed", .price = quarry::Decimal("9.90")};
  auto back = quarry::from_json<Note>(nlohmann::json{{"text", "back"}, {"price", "1.25"}});
  std::printf("%s\n", j.dump().c_str());
  return j.dump() == R"({"id":1,"price":"9.90","text":"installed"})" && back.text == "back" &&
                 back.price == quarry::Decimal("1.25")
             ? 0
             : 1;
}
