# quarry_dev: warnings as errors and sanitizers for our own tests, examples and benchmarks.
# Never installed or exported.
add_library(quarry_dev INTERFACE)
target_compile_options(quarry_dev INTERFACE -Wall -Wextra -Wpedantic -Werror)
if(QUARRY_SANITIZE)
  target_compile_options(quarry_dev INTERFACE -fsanitize=${QUARRY_SANITIZE} -fno-omit-frame-pointer
    -fno-sanitize-recover=all)
  target_link_options(quarry_dev INTERFACE -fsanitize=${QUARRY_SANITIZE})
endif()
