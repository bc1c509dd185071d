# quarry_dev: warnings as errors and sanitizers for our own tests, examples and benchmarks.
# Never installed or exported.
add_library(quarry_dev INTERFACE)
# -Wno-missing-field-initializers: GCC (not clang) warns on every designated initializer that
# leaves a member out, which is how models are meant to be written (Book{.title = "x"}); and a
# std::vector<T> member of a still incomplete T (has_many) cannot take a {} initializer on clang,
# since C++20 made vector's destructor constexpr.
target_compile_options(quarry_dev INTERFACE -Wall -Wextra -Wpedantic -Werror -Wno-missing-field-initializers)
# GCC 12 at -O2 reports -Wrestrict on "text" + std::string&& (GCC bug 105329, a false positive);
# the headers avoid that form, the tests use it freely.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(quarry_dev INTERFACE $<$<NOT:$<CONFIG:Debug>>:-Wno-restrict>)
endif()
if(QUARRY_SANITIZE)
  target_compile_options(quarry_dev INTERFACE -fsanitize=${QUARRY_SANITIZE} -fno-omit-frame-pointer
    -fno-sanitize-recover=all)
  target_link_options(quarry_dev INTERFACE -fsanitize=${QUARRY_SANITIZE})
endif()

# With QUARRY_COMPILED our own builds compile quarry's libraries with the same warnings and
# sanitizers as everything that links them.
if(QUARRY_COMPILED)
  foreach(backend core sqlite postgres mysql)
    if(TARGET quarry_${backend})
      target_link_libraries(quarry_${backend} PRIVATE $<BUILD_INTERFACE:quarry_dev>)
    endif()
  endforeach()
endif()
