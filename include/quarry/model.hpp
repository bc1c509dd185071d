#pragma once
/// What a header that only declares models needs: the vocabulary types, fields and their
/// options, validators, hooks, transforms, enums and associations. It compiles in a fraction of
/// <quarry/quarry.hpp> (no query builder, SQL, sessions, pool or threads), so a program's model
/// headers can include it and leave <quarry/quarry.hpp> to the files that run queries.
///
///   // book.hpp
///   #include <quarry/model.hpp>
///   struct Book { std::int64_t id{}; std::string title; };
///   template <> struct quarry::Model<Book> {
///     static constexpr auto fields = quarry::fields(quarry::field<&Book::title>(quarry::size(200)));
///   };

#include "error.hpp"
#include "types.hpp"
// enums and hooks first: an error in the model's checks of them then shows a short include chain
#include "model/enums.hpp"
#include "model/hooks.hpp"
#include "model/association.hpp"
#include "model/model.hpp"
#include "model/transforms.hpp"
#include "model/validators.hpp"
