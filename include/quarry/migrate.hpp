#pragma once
/// Migrations and seeders (docs/migrations.md): include this in the migration program only;
/// <quarry/quarry.hpp> leaves them out, so that the files that only query do not compile them.
///
///   #include <quarry/migrate.hpp>
///   quarry::Migrator{db, migrations}.migrate();
///   int main(int argc, char** argv) { return quarry::migration_main<Author, Book>(argc, argv); }

#include "quarry.hpp"
#include "schema/cli.hpp"       // quarry::migration_main: the migration program's command line
#include "schema/generate.hpp"  // migrations written from the models
#include "schema/migrate.hpp"
