# cmake -DSOURCE_DIR=... -DWORK_DIR=... -DINCLUDE_DIR=... -DSECONDS=30 -P run_fuzz.cmake
# Configures and builds the fuzz target with clang++ in WORK_DIR, then runs it for SECONDS.
find_program(CLANGXX NAMES clang++-14 clang++ REQUIRED)
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR} -G Ninja
  -DCMAKE_CXX_COMPILER=${CLANGXX} -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOULER_INCLUDE_DIR=${INCLUDE_DIR}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the fuzz target failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the fuzz target failed")
endif()
file(MAKE_DIRECTORY ${WORK_DIR}/corpus)
execute_process(COMMAND ${WORK_DIR}/argo_emit_yaml_fuzz -max_total_time=${SECONDS} -max_len=512
  -print_final_stats=1 ${WORK_DIR}/corpus RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the YAML round-trip fuzzer found a failure (exit ${rc}); see the output above")
endif()
