#pragma once
/// sync and drop: tables created referenced-first and dropped dependents-first.
///
///   db.sync<Author, Book>();                    // CREATE TABLE IF NOT EXISTS, in foreign-key order
///   db.sync<Author, Book>({.force = true});     // drop and recreate

#include <algorithm>
#include <string>
#include <vector>

#include "../model/association.hpp"
#include "../session/session.hpp"

namespace quarry {

namespace detail {
/// Orders models so that each comes after the models it references (among those given).
inline std::vector<const query::ModelInfo*> dependency_order(const std::vector<const query::ModelInfo*>& models) {
  std::vector<const query::ModelInfo*> out;
  std::vector<bool> done(models.size(), false);
  auto placed = [&](const std::string& table) {
    return std::any_of(out.begin(), out.end(), [&](const auto* m) { return m->table == table; });
  };
  auto given = [&](const std::string& table) {
    return std::any_of(models.begin(), models.end(), [&](const auto* m) { return m->table == table; });
  };
  while (out.size() < models.size()) {
    std::size_t next = models.size();
    for (std::size_t i = 0; i < models.size() && next == models.size(); ++i) {
      if (done[i]) continue;
      const auto* m = models[i];
      bool ready = std::all_of(m->references.begin(), m->references.end(), [&](const std::string& t) {
        return t == m->table || placed(t) || !given(t);
      });
      if (ready) next = i;
    }
    if (next == models.size())  // a cycle: take the first left; the database reports what it must
      next = static_cast<std::size_t>(std::find(done.begin(), done.end(), false) - done.begin());
    done[next] = true;
    out.push_back(models[next]);
  }
  return out;
}

/// A foreign key that an association implies: on which table and column, to what.
struct ImpliedKey {
  std::string table, column, ref_table, ref_column;
  Action on_delete, on_update;
};

template <auto FK, auto Key>
ImpliedKey implied_key(Action on_delete, Action on_update, bool many_to_many) {
  bool nullable = is_optional_v<member_type<FK>>;
  // Sequelize's defaults: SET NULL where the key may be NULL (else CASCADE), CASCADE on update;
  // a join row goes with either side
  Action del = on_delete != Action::none ? on_delete : (many_to_many || !nullable ? Action::cascade : Action::set_null);
  Action upd = on_update != Action::none ? on_update : Action::cascade;
  return {std::string(table_name<class_of<FK>>()), std::string(column_name<FK>()),
          std::string(table_name<class_of<Key>>()), std::string(column_name<Key>()), del, upd};
}

template <class T>
std::vector<ImpliedKey> implied_keys() {
  std::vector<ImpliedKey> out;
  std::apply([&](const auto&... a) {
    [[maybe_unused]] auto one = [&](const auto& assoc) {
      using A = std::remove_cvref_t<decltype(assoc)>;
      using Keys = AssociationKeys<A>;
      if constexpr (Keys::keys_valid) {
        if constexpr (A::kind == AssociationKind::belongs_to_many) {
          out.push_back(implied_key<A::foreign_key, Keys::owner_key>(assoc.on_delete, assoc.on_update, true));
          out.push_back(implied_key<A::other_key, Keys::target_key>(assoc.on_delete, assoc.on_update, true));
        } else if constexpr (A::kind == AssociationKind::belongs_to) {
          out.push_back(implied_key<Keys::owner_key, Keys::target_key>(assoc.on_delete, assoc.on_update, false));
        } else {
          out.push_back(implied_key<Keys::target_key, Keys::owner_key>(assoc.on_delete, assoc.on_update, false));
        }
      }
    };
    (one(a), ...);
  }, model_associations<T>());
  return out;
}

/// Adds the foreign keys and indexes the associations imply to the tables being created.
inline void add_implied_keys(std::vector<query::ModelInfo>& models, const std::vector<ImpliedKey>& keys) {
  for (const auto& k : keys) {
    auto m = std::find_if(models.begin(), models.end(), [&](const auto& x) { return x.table == k.table; });
    if (m == models.end()) continue;
    auto& fks = m->create.foreign_keys;
    bool declared = std::any_of(fks.begin(), fks.end(), [&](const auto& f) {
      return f.columns == std::vector<std::string>{k.column};
    });
    if (!declared) {
      fks.push_back({k.table + "_" + k.column + "_fkey", {k.column}, k.ref_table, {k.ref_column}, k.on_delete, k.on_update});
      if (std::find(m->references.begin(), m->references.end(), k.ref_table) == m->references.end())
        m->references.push_back(k.ref_table);
      for (auto& c : m->create.columns)
        if (c.name == k.column) c.type.keyed = true;
    }
    bool indexed = std::any_of(m->indexes.begin(), m->indexes.end(), [&](const auto& x) {
      return !x.columns.empty() && x.columns.front() == k.column;
    });
    bool leading_key = (!m->create.primary_key.empty() && m->create.primary_key.front() == k.column) ||
                       std::any_of(m->create.columns.begin(), m->create.columns.end(), [&](const auto& c) {
                         return c.name == k.column && (c.primary_key || c.unique);
                       });
    if (!indexed && !leading_key) m->indexes.push_back({k.table + "_" + k.column, k.table, {k.column}, false, true});
  }
}
}  // namespace detail

template <class... T>
void Session::sync(SyncOptions options) {
  static_assert(sizeof...(T) > 0, "quarry: sync<...>() takes the models to create, as in db.sync<Author, Book>()");
  if constexpr ((detail::ModelCheck<T>::ok && ...)) {
    std::vector<query::ModelInfo> models{query::model_info<T>()...};
    (detail::add_implied_keys(models, detail::implied_keys<T>()), ...);
    std::vector<const query::ModelInfo*> pointers;
    for (const auto& m : models) pointers.push_back(&m);
    auto order = detail::dependency_order(pointers);
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
    std::vector<query::ModelInfo> models{query::model_info<T>()...};
    (detail::add_implied_keys(models, detail::implied_keys<T>()), ...);  // dependents of associations first
    std::vector<const query::ModelInfo*> pointers;
    for (const auto& m : models) pointers.push_back(&m);
    auto order = detail::dependency_order(pointers);
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
