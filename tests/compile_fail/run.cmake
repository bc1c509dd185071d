# Compiles SOURCE twice: with QUARRY_COMPILE_FAIL it must fail with exactly one error that
# contains the text of the file's "// expect: " line; without it, it must compile.
file(STRINGS ${SOURCE} expect_line REGEX "^// expect: ")
string(REGEX REPLACE "^// expect: " "" expect "${expect_line}")
string(REPLACE ";" "," expect "${expect}")
if(expect STREQUAL "")
  message(FATAL_ERROR "${SOURCE} has no '// expect: ' line")
endif()
set(flags -std=c++20 -fsyntax-only -Wall -Wextra -Wpedantic -Werror -Wno-missing-field-initializers -I${INCLUDE})

execute_process(COMMAND ${CXX} ${flags} ${SOURCE} RESULT_VARIABLE ok_result ERROR_VARIABLE ok_output)
if(NOT ok_result EQUAL 0)
  message(FATAL_ERROR "the correct twin of ${SOURCE} does not compile:\n${ok_output}")
endif()

execute_process(COMMAND ${CXX} ${flags} -DQUARRY_COMPILE_FAIL ${SOURCE} RESULT_VARIABLE bad_result
                ERROR_VARIABLE bad_output)
if(bad_result EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but it must not")
endif()
string(REPLACE ";" "," bad_output "${bad_output}")  # a ';' would split the CMake list
string(REGEX MATCHALL "error: [^\n]*" errors "${bad_output}")
list(LENGTH errors count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "expected exactly one error, got ${count}:\n${bad_output}")
endif()
string(FIND "${errors}" "${expect}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the error does not say '${expect}':\n${bad_output}")
endif()
message(STATUS "failed as expected: ${errors}")
