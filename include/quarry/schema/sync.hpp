#pragma once
/// sync and drop: tables created referenced-first and dropped dependents-first.
///
///   db.sync<Author, Book>();                    // CREATE TABLE IF NOT EXISTS, in foreign-key order
///   db.sync<Author, Book>({.force = true});     // drop and recreate

#include <algorithm>
#include <string>
#include <vector>

#include "../session/session.hpp"

namespace quarry {

namespace detail {
/// Orders models so that each comes after the models it references (among those given).
inline std::vector<const query::ModelInfo*> dependency_order(std::vector<const query::ModelInfo*> models) {
  std::vector<const query::ModelInfo*> out;
  auto placed = [&](const std::string& table) {
    return std::any_of(out.begin(), out.end(), [&](const auto* m) { return m->table == table; });
  };
  auto given = [&](const std::string& table) {
    return std::any_of(models.begin(), models.end(), [&](const auto* m) { return m->table == table; });
  };
  while (!models.empty()) {
    auto ready = std::find_if(models.begin(), models.end(), [&](const query::ModelInfo* m) {
      return std::all_of(m->references.begin(), m->references.end(), [&](const std::string& t) {
        return t == m->table || placed(t) || !given(t);
      });
    });
    if (ready == models.end()) ready = models.begin();  // a cycle: the database reports what it must
    out.push_back(*ready);
    models.erase(ready);
  }
  return out;
}
}  // namespace detail

template <class... T>
void Session::sync(SyncOptions options) {
  static_assert(sizeof...(T) > 0, "quarry: sync<...>() takes the models to create, as in db.sync<Author, Book>()");
  if constexpr ((detail::ModelCheck<T>::ok && ...)) {
    auto order = detail::dependency_order({&query::model_info<T>()...});
    auto lease = this->lease();
    const auto& d = lease->dialect();
    atomically(lease, [&] {
      if (options.force)
        for (auto it = order.rbegin(); it != order.rend(); ++it)
          run_plain(lease, sql::render(d, sql::DropTable{(*it)->table, true}).sql);
      for (const auto* m : order) {
        run_plain(lease, sql::render(d, m->create).sql);
        for (const auto& index : m->indexes) run_plain(lease, sql::render(d, index).sql);
      }
      return 0;
    });
  }
}

template <class... T>
void Session::drop() {
  static_assert(sizeof...(T) > 0, "quarry: drop<...>() takes the models to drop, as in db.drop<Author, Book>()");
  if constexpr ((detail::ModelCheck<T>::ok && ...)) {
    auto order = detail::dependency_order({&query::model_info<T>()...});
    auto lease = this->lease();
    const auto& d = lease->dialect();
    atomically(lease, [&] {
      for (auto it = order.rbegin(); it != order.rend(); ++it)
        run_plain(lease, sql::render(d, sql::DropTable{(*it)->table, true}).sql);
      return 0;
    });
  }
}

}  // namespace quarry
