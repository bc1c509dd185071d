# Compiles SOURCE twice: with QUARRY_COMPILE_FAIL it must fail with exactly one error, whose line
# contains "quarry:" and the text of the file's "// expect: " line; without it, it must compile.
# The compiler runs in the source tree with relative paths, so that the diagnostic's size (printed
# with the error) does not depend on where the tree is checked out.
file(STRINGS ${SOURCE} expect_line REGEX "^// expect: ")
string(REGEX REPLACE "^// expect: " "" expect "${expect_line}")
string(REPLACE ";" "," expect "${expect}")
if(expect STREQUAL "")
  message(FATAL_ERROR "${SOURCE} has no '// expect: ' line")
endif()
get_filename_component(root ${INCLUDE} DIRECTORY)
file(RELATIVE_PATH source ${root} ${SOURCE})
set(flags -std=c++20 -fsyntax-only -Wall -Wextra -Wpedantic -Werror -Wno-missing-field-initializers -Iinclude)

execute_process(COMMAND ${CXX} ${flags} ${source} WORKING_DIRECTORY ${root} RESULT_VARIABLE ok_result
                ERROR_VARIABLE ok_output)
if(NOT ok_result EQUAL 0)
  message(FATAL_ERROR "the correct twin of ${SOURCE} does not compile:\n${ok_output}")
endif()

execute_process(COMMAND ${CXX} ${flags} -DQUARRY_COMPILE_FAIL ${source} WORKING_DIRECTORY ${root}
                RESULT_VARIABLE bad_result ERROR_VARIABLE bad_output)
if(bad_result EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but it must not")
endif()
string(LENGTH "${bad_output}" size)
string(REPLACE ";" "," bad_output "${bad_output}")  # a ';' would split the CMake list
string(REGEX MATCHALL "error: [^\n]*" errors "${bad_output}")
list(LENGTH errors count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "expected exactly one error, got ${count}:\n${bad_output}")
endif()
string(FIND "${errors}" "quarry:" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the error line does not contain 'quarry:':\n${bad_output}")
endif()
string(FIND "${errors}" "${expect}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the error does not say '${expect}':\n${bad_output}")
endif()
message(STATUS "failed as expected (${size} bytes): ${errors}")
