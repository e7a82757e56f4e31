# cmake -DSOURCE_DIR=... -DWORK_DIR=... -DINCLUDE_DIR=... -DSEEDS=... -DSECONDS=30 -P run_fuzz.cmake
# Configures and builds the Argo importer's fuzz target with clang++ (ASan, UBSan) in WORK_DIR,
# then runs it for SECONDS, seeded with the Argo examples. Any crash, leak, sanitizer report,
# slow input (-timeout) or memory blow-up (-rss_limit_mb) fails the test.
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
file(GLOB seeds ${SOURCE_DIR}/seeds/*)
file(COPY ${seeds} DESTINATION ${WORK_DIR}/corpus)
if(NOT IS_DIRECTORY "${SEEDS}")
  message(FATAL_ERROR "SEEDS=${SEEDS} is not a directory (the shared Argo examples)")
endif()
execute_process(COMMAND ${WORK_DIR}/argo_import_fuzz -max_total_time=${SECONDS} -max_len=8192 -timeout=10
  -rss_limit_mb=2048 -print_final_stats=1 -dict=${SOURCE_DIR}/argo.dict ${WORK_DIR}/corpus ${SEEDS}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the Argo import fuzzer found a failure (exit ${rc}); see the output above")
endif()
