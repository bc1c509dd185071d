# Compiles SOURCE twice: with QUARRY_COMPILE_FAIL it must fail with exactly one error, whose line
# contains "quarry:" and the text of the file's "// expect: " line, in a diagnostic of less than
# 2048 bytes in all; without it (the correct twin, when TWIN is true), it must compile.
# The compiler runs in the source tree with relative paths, so that the diagnostic's size (printed
# with the error) does not depend on where the tree is checked out.
#
# Without SOURCE, it precompiles <quarry/quarry.hpp> into the directory PCH for the correct twins
# (CXX_ID says whose format). The misuse compiles without it: its diagnostic stays a user's.
get_filename_component(root ${INCLUDE} DIRECTORY)
set(flags -std=c++20 -Wall -Wextra -Wpedantic -Werror -Wno-missing-field-initializers -Iinclude)
if(CXX_ID STREQUAL "Clang")
  set(pch_output ${PCH}/quarry.pch)
  set(pch_use -include-pch ${pch_output})
else()
  set(pch_output ${PCH}/quarry.hpp.gch)  # found beside the header it stands for
  set(pch_use -I${PCH} -include quarry.hpp -Winvalid-pch)
endif()

if(NOT DEFINED SOURCE)
  file(MAKE_DIRECTORY ${PCH})
  file(WRITE ${PCH}/quarry.hpp "#include <quarry/quarry.hpp>\n")
  execute_process(COMMAND ${CXX} ${flags} -x c++-header ${PCH}/quarry.hpp -o ${pch_output}
                  WORKING_DIRECTORY ${root} RESULT_VARIABLE result ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "<quarry/quarry.hpp> does not precompile:\n${output}")
  endif()
  return()
endif()

file(STRINGS ${SOURCE} expect_line REGEX "^// expect: ")
string(REGEX REPLACE "^// expect: " "" expect "${expect_line}")
string(REPLACE ";" "," expect "${expect}")
if(expect STREQUAL "")
  message(FATAL_ERROR "${SOURCE} has no '// expect: ' line")
endif()
file(RELATIVE_PATH source ${root} ${SOURCE})
list(APPEND flags -fsyntax-only)

if(TWIN)
  execute_process(COMMAND ${CXX} ${flags} ${pch_use} ${source} WORKING_DIRECTORY ${root} RESULT_VARIABLE ok_result
                  ERROR_VARIABLE ok_output)
  if(NOT ok_result EQUAL 0)
    message(FATAL_ERROR "the correct twin of ${SOURCE} does not compile:\n${ok_output}")
  endif()
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
set(limit 2048)
if(NOT size LESS limit)
  message(FATAL_ERROR "the diagnostic is ${size} bytes, and must stay under ${limit}:\n${bad_output}")
endif()
message(STATUS "failed as expected (${size} bytes): ${errors}")
