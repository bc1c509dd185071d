#pragma once
/// quarry::json, an opt-in component: rows and their loaded associations to and from
/// nlohmann::json (link quarry::json; find_package(quarry COMPONENTS json)). Nothing else in
/// quarry needs nlohmann/json.
///
///   #include <quarry/json.hpp>
///   nlohmann::json j = user;                                   // user.toJSON()
///   std::string text = j.dump(2);                              // JSON.stringify(user, null, 2)
///   auto row = quarry::from_json<User>(body, {.fields = quarry::members<&User::name, &User::email>});
///   db.create(row);                                            // User.create(req.body, {fields})

#include "json/column.hpp"  // first: a nlohmann::json member is a JSON column wherever models are read
#include "model.hpp"
#include "json/options.hpp"
#include "json/value.hpp"
#include "json/row.hpp"
