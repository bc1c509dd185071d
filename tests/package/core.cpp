// quarry::core alone: models and SQL for every dialect, no client library linked.
#include <quarry/quarry.hpp>

#include <cstdio>

struct Note {
  std::int64_t id{};
  std::string text{};
};
template <>
struct quarry::Model<Note> {
  static constexpr auto table = "notes";
  static constexpr auto fields = quarry::fields(quarry::field<&Note::id>(quarry::primary_key), quarry::field<&Note::text>());
};

int main() {
  using namespace quarry::dsl;
  auto select = quarry::ops::select_rows<Note>(where(col<&Note::text> == "x"));
  auto sql = quarry::sql::render(quarry::dialect::postgres, select).sql;
  std::printf("%s\n", sql.c_str());
  return sql == R"(SELECT "id", "text" FROM "notes" WHERE "text" = $1)" ? 0 : 1;
}
