# The headers a file reaches when it includes quarry with QUARRY_COMPILED (the compiler's -M
# list): none of those that quarry keeps out of every file that includes it, for what they cost to
# compile (bench/compile/measure.sh) or because only a backend may include its client library.
# SOURCE is the file, KEEP_OUT a regular expression over the end of each header's path; FLAGS the
# build's CMAKE_CXX_FLAGS (a -stdlib=libc++ build lists libc++'s headers, not libstdc++'s; the
# patterns in tests/CMakeLists.txt are libstdc++'s names, and no preset builds with libc++).
cmake_policy(VERSION 3.25)  # run with -P: the project's policies (list keeps empty elements)
get_filename_component(root ${INCLUDE} DIRECTORY)
separate_arguments(flags UNIX_COMMAND "${FLAGS}")
execute_process(COMMAND ${CXX} ${flags} -std=c++20 -DQUARRY_COMPILED -Iinclude -Ibench/compile -M ${SOURCE}
                WORKING_DIRECTORY ${root} RESULT_VARIABLE result OUTPUT_VARIABLE deps ERROR_VARIABLE output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${SOURCE} does not preprocess:\n${output}")
endif()
string(STRIP "${deps}" deps)
string(REGEX REPLACE "[ \t\r\n\\\\]+" ";" deps "${deps}")
list(FILTER deps EXCLUDE REGEX ":$")  # the make target ("include_only.o:"), not a header
set(found "")
foreach(header IN LISTS deps)
  if(header MATCHES "(${KEEP_OUT})$")
    list(APPEND found ${header})
  endif()
endforeach()
list(LENGTH deps count)
if(found)
  list(JOIN found "\n  " found)
  message(FATAL_ERROR "${SOURCE} reaches headers quarry keeps out of it:\n  ${found}")
endif()
message(STATUS "${SOURCE}: ${count} files, none kept out")
