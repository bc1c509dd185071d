#pragma once
/// Migrations and seeders (docs/migrations.md): include this in the migration program only;
/// <quarry/quarry.hpp> leaves them out, so that the files that only query do not compile them.
///
///   #include <quarry/migrate.hpp>
///   quarry::Migrator{db, migrations}.migrate();

#include "quarry.hpp"
#include "schema/migrate.hpp"
