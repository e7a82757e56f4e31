# cmake -DSOURCE_DIR=... -DWORK_DIR=... -DCLANGXX=... -DSHARED_DIR=... -P run_clang_build.cmake
if(NOT CLANGXX OR NOT EXISTS "${CLANGXX}")
  message(FATAL_ERROR "clang++ was not found: install Debian's clang (scripts/install-deps.sh does)")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR} -G Ninja
    -DCMAKE_CXX_COMPILER=${CLANGXX} -DCMAKE_BUILD_TYPE=Debug -DCOULER_SHARED_DIR=${SHARED_DIR}
    -DCOULER_BUILD_BENCHMARKS=OFF
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring with clang++ failed")
endif()
# One job: ctest runs this beside the other tests.
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR} -j1 --target couler_header_check couler_cli
    example_code1_diamond example_code2_producer_consumer example_code3_flip_coin example_code4_explicit_dag
    example_code5_exec_while example_code6_model_search example_code7_automl model_selection api_builder
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the clang++ build failed (see the errors above)")
endif()
execute_process(COMMAND ${WORK_DIR}/tests/api/api_builder RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "api_builder built with clang++ failed")
endif()
