#pragma once
/// How quarry is built. Header-only is the default: every function is inline and a program links
/// only the client libraries. With QUARRY_COMPILED defined (the CMake option of the same name
/// defines it for every target that links quarry), each backend's driver is compiled once, in the
/// backend's library, instead of in every file that includes its header: such files then compile
/// only the declarations they use. Every file of a program must see the same setting.
///
/// A program built without CMake and with QUARRY_COMPILED compiles, once, the core's bodies and
/// each backend's implementation header, as CMake's quarry_core and quarry_sqlite... do:
///
///   // quarry_core.cpp, compiled with -DQUARRY_COMPILED like every other file
///   #define QUARRY_IMPLEMENTATION
///   #include <quarry/quarry.hpp>
///
///   // quarry_backends.cpp, compiled with -DQUARRY_COMPILED like every other file
///   #include <quarry/sqlite/backend.hpp>
///   #include <quarry/postgres/backend.hpp>

/// Marks a function that the compiled library defines once: inline when header-only.
/// QUARRY_BODIES: whether this file compiles the bodies of such functions, which is always when
/// header-only and, with QUARRY_COMPILED, only in the library's own sources (they define
/// QUARRY_IMPLEMENTATION); every other file then sees their declarations alone.
#ifdef QUARRY_COMPILED
#define QUARRY_FUNC
#else
#define QUARRY_FUNC inline
#endif

#if !defined(QUARRY_COMPILED) || defined(QUARRY_IMPLEMENTATION)
#define QUARRY_BODIES 1
#endif
