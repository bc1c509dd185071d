#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

#include <cstdio>

struct Note {
  std::int64_t id{};
  std::string text;
};
template <>
struct quarry::Model<Note> {
  static constexpr auto table = "notes";
  static constexpr auto fields = quarry::fields(quarry::field<&Note::id>(quarry::primary_key, quarry::auto_increment),
                                                quarry::field<&Note::text>());
};

int main() {
  using namespace quarry::dsl;
  quarry::Database db{"sqlite::memory:"};
  db.sync<Note>();
  db.create(Note{.text = "installed"});
  auto found = db.find_one<Note>(where(col<&Note::text> == "installed"));
  std::printf("found note %lld\n", found ? static_cast<long long>(found->id) : -1LL);
  return found && found->id == 1 ? 0 : 1;
}
