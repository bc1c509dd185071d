#include "fixture.hpp"

#include "../model/user_names.hpp"

// A model whose Model<T> names the user's own Role, Action, Size, Check and Page (declared at
// global scope in user_names.hpp), stored and read on every database.

using namespace quarry::dsl;

TEST_CASE("a model with a user's own Role, Action, Size and Page round-trips", "[names]") {
  quarry::Database db{test::url()};
  db.sync<Account>({.force = true});
  auto ada = db.create(Account{.name = "ada", .role = Role::admin, .last_action = Action::approve, .page_size = 50});
  auto bob = db.create(Account{.name = "bob"});
  CHECK(ada.id > 0);
  CHECK(bob.id > ada.id);

  auto back = db.find_by_pk<Account>(ada.id);
  REQUIRE(back);
  CHECK(back->name == "ada");
  CHECK(back->role == Role::admin);
  CHECK(back->last_action == Action::approve);
  CHECK(back->page_size == 50);
  CHECK(db.count<Account>(where(col<&Account::last_action> == Action::approve)) == 1);

  quarry::PageOf<Account> page = db.find_and_count_all<Account>(where(col<&Account::role> == Role::reader), limit(1));
  CHECK(page.count == 1);
  REQUIRE(page.rows.size() == 1);
  CHECK(page.rows[0].id == bob.id);
  CHECK_FALSE(page.rows[0].last_action);

  // size(name_size.width) and check("page_size >= 0") from inside the Model<T> reach the table.
  CHECK_THROWS_AS(db.create(Account{.name = "eve", .page_size = -1}), quarry::CheckConstraintError);
  CHECK_THROWS_AS(db.create(Account{.name = std::string(41, 'x')}), quarry::ValidationError);
  CHECK(db.count<Account>() == 2);
}
