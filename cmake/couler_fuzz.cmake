# libFuzzer tests: one nested-build runner shared by every fuzz target.
#
# Included from a CMake project, this file defines couler_add_fuzz_test(); run with `cmake -P`,
# it is the runner that function registers with ctest.
#
#   couler_add_fuzz_test(<name> SOURCE_DIR <dir> SECONDS <n>
#                        [TARGET <executable>] [DICT <file>] [SEEDS <dirs...>] [MAX_LEN <bytes>]
#                        [TIMEOUT <ctest seconds>] [LABELS <labels...>] [ARGS <libFuzzer flags...>])
#
# <dir> is a small stand-alone CMake project (not part of the main build: it needs clang's
# fuzzer runtime) that defines the executable TARGET (default <name>) with
# LLVMFuzzerTestOneInput. The test configures and builds it with clang++ in
# ${CMAKE_CURRENT_BINARY_DIR}/<name>, the sanitizer flags coming from here
# (-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all, assertions on), then runs it for
# SECONDS. New inputs go to <work>/corpus; the SEEDS directories are read, never written. Any
# crash, leak, sanitizer report, slow input (-timeout=10) or memory blow-up (-rss_limit_mb=2048)
# fails the test, and the offending input is kept in <work>/artifacts/.
#
# Without clang++ the test is still registered, and fails saying why: a fuzz test never
# silently disappears.

if(CMAKE_SCRIPT_MODE_FILE)
  # ------------------------------------------------------------------ the runner (cmake -P)
  # cmake -DNAME=... -DTARGET=... -DSOURCE_DIR=... -DWORK_DIR=... -DINCLUDE_DIR=... -DCLANGXX=...
  #       -DSECONDS=... [-DDICT=...] [-DSEEDS=a|b] [-DMAX_LEN=...] [-DARGS=a|b] [-DPREFIX_PATH=a|b]
  #       -P couler_fuzz.cmake
  if(NOT CLANGXX OR NOT EXISTS "${CLANGXX}")
    message(FATAL_ERROR "${NAME}: clang++ was not found when the build was configured, so the libFuzzer "
      "target cannot be built. Install clang (with its compiler-rt libFuzzer runtime, e.g. Debian's "
      "clang and libclang-rt-dev or llvm's packages) and reconfigure, or exclude it: ctest -LE fuzz")
  endif()
  foreach(var NAME TARGET SOURCE_DIR WORK_DIR INCLUDE_DIR SECONDS)
    if("${${var}}" STREQUAL "")
      message(FATAL_ERROR "couler_fuzz.cmake: ${var} is not set")
    endif()
  endforeach()
  string(REPLACE "|" ";" SEEDS "${SEEDS}")
  string(REPLACE "|" ";" ARGS "${ARGS}")
  string(REPLACE "|" ";" PREFIX_PATH "${PREFIX_PATH}")

  set(build_dir ${WORK_DIR}/build)
  set(flags "-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all")
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${build_dir} -G Ninja
      -DCMAKE_CXX_COMPILER=${CLANGXX}
      -DCMAKE_BUILD_TYPE=Fuzz
      "-DCMAKE_CXX_FLAGS_FUZZ=${flags}"
      "-DCMAKE_EXE_LINKER_FLAGS_FUZZ=-fsanitize=fuzzer,address,undefined"
      "-DCMAKE_PREFIX_PATH=${PREFIX_PATH}"
      -DCOULER_INCLUDE_DIR=${INCLUDE_DIR}
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NAME}: configuring the fuzz target in ${build_dir} failed (is clang's libFuzzer runtime installed?)")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${build_dir} --target ${TARGET} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NAME}: building the fuzz target ${TARGET} failed")
  endif()

  set(fuzz_args -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
    -artifact_prefix=${WORK_DIR}/artifacts/)
  if(MAX_LEN)
    list(APPEND fuzz_args -max_len=${MAX_LEN})
  endif()
  if(DICT)
    if(NOT EXISTS "${DICT}")
      message(FATAL_ERROR "${NAME}: DICT=${DICT} does not exist")
    endif()
    list(APPEND fuzz_args -dict=${DICT})
  endif()
  list(APPEND fuzz_args ${ARGS})
  file(MAKE_DIRECTORY ${WORK_DIR}/corpus ${WORK_DIR}/artifacts)
  set(corpora ${WORK_DIR}/corpus)
  foreach(s IN LISTS SEEDS)
    if(NOT IS_DIRECTORY "${s}")
      message(FATAL_ERROR "${NAME}: the seed directory ${s} does not exist")
    endif()
    list(APPEND corpora ${s})
  endforeach()
  message(STATUS "${NAME}: ${build_dir}/${TARGET} ${fuzz_args} ${corpora}")
  execute_process(COMMAND ${build_dir}/${TARGET} ${fuzz_args} ${corpora} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NAME}: the fuzzer found a failure (exit ${rc}); see the report above, the input is in "
      "${WORK_DIR}/artifacts/ (reproduce: ${build_dir}/${TARGET} <file>)")
  endif()
  return()
endif()

# -------------------------------------------------------------------- the CMake function
set(COULER_FUZZ_RUNNER ${CMAKE_CURRENT_LIST_FILE})
find_program(COULER_FUZZ_CLANGXX NAMES clang++ clang++-19 clang++-18 clang++-17 clang++-16 clang++-15 clang++-14
  DOC "clang++ used to build the libFuzzer tests")
if(NOT COULER_FUZZ_CLANGXX)
  message(WARNING "clang++ not found: the libFuzzer tests (label 'fuzz') are registered but will fail")
endif()

function(couler_add_fuzz_test name)
  cmake_parse_arguments(F "" "SOURCE_DIR;SECONDS;TARGET;DICT;MAX_LEN;TIMEOUT" "SEEDS;LABELS;ARGS" ${ARGN})
  if(NOT F_SOURCE_DIR OR NOT F_SECONDS)
    message(FATAL_ERROR "couler_add_fuzz_test(${name}): SOURCE_DIR and SECONDS are required")
  endif()
  if(NOT F_TARGET)
    set(F_TARGET ${name})
  endif()
  if(NOT F_TIMEOUT)
    # Configuring and building the nested project takes a while on a loaded machine.
    math(EXPR F_TIMEOUT "${F_SECONDS} + 600")
  endif()
  get_filename_component(F_SOURCE_DIR ${F_SOURCE_DIR} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
  set(extra)
  if(F_DICT)
    get_filename_component(F_DICT ${F_DICT} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    list(APPEND extra -DDICT=${F_DICT})
  endif()
  if(F_MAX_LEN)
    list(APPEND extra -DMAX_LEN=${F_MAX_LEN})
  endif()
  if(F_SEEDS)
    set(seeds)
    foreach(s IN LISTS F_SEEDS)
      get_filename_component(s ${s} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
      list(APPEND seeds ${s})
    endforeach()
    string(REPLACE ";" "|" seeds "${seeds}")
    list(APPEND extra "-DSEEDS=${seeds}")
  endif()
  if(F_ARGS)
    string(REPLACE ";" "|" args "${F_ARGS}")
    list(APPEND extra "-DARGS=${args}")
  endif()
  if(CMAKE_PREFIX_PATH)
    string(REPLACE ";" "|" prefix "${CMAKE_PREFIX_PATH}")
    list(APPEND extra "-DPREFIX_PATH=${prefix}")
  endif()
  add_test(NAME ${name}
    COMMAND ${CMAKE_COMMAND} -DNAME=${name} -DTARGET=${F_TARGET} -DSOURCE_DIR=${F_SOURCE_DIR}
      -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/${name} -DINCLUDE_DIR=${PROJECT_SOURCE_DIR}/include
      -DCLANGXX=${COULER_FUZZ_CLANGXX} -DSECONDS=${F_SECONDS} ${extra}
      -P ${COULER_FUZZ_RUNNER})
  # `libfuzzer` tells these nested clang++ builds apart from other randomised tests (`fuzz`).
  set(labels fuzz libfuzzer ${F_LABELS})
  set_tests_properties(${name} PROPERTIES TIMEOUT ${F_TIMEOUT} LABELS "${labels}")
endfunction()
