#pragma once
/// quarry: a header-only C++20 ORM. This header is the core (models, queries, SQL for every
/// dialect, sessions, schema); add one backend header per database you use:
///
///   #include <quarry/quarry.hpp>
///   #include <quarry/sqlite.hpp>      // the SQLite backend; links SQLite only

#include "model.hpp"
#include "query/dsl.hpp"
#include "query/include.hpp"
#include "ops/statements.hpp"
#include "ops/subquery.hpp"
#include "ops/through.hpp"
#include "sql/render.hpp"
#include "dialect/mysql.hpp"
#include "dialect/postgres.hpp"
#include "dialect/sqlite.hpp"
#include "session/database.hpp"
#include "schema/sync.hpp"
#include "schema/introspect.hpp"
#include "schema/diff.hpp"
#include "schema/operations.hpp"
