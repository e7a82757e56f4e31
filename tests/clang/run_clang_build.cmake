# cmake -DSOURCE_DIR=... -DWORK_DIR=... -DCLANGXX=... -DSHARED_DIR=... -DBUILD_TYPE=... -P run_clang_build.cmake
if(NOT CLANGXX OR NOT EXISTS "${CLANGXX}")
  message(FATAL_ERROR "clang++ was not found: install Debian's clang (scripts/install-deps.sh does)")
endif()
if(NOT BUILD_TYPE)
  set(BUILD_TYPE Debug)
endif()
# CMAKE_CXX_STANDARD=20 raises the library's own C++17 floor for the CLI, the examples and the
# header check; the tests set their standard themselves (C++17, and C++20 for the _cxx20 twins).
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR} -G Ninja
    -DCMAKE_CXX_COMPILER=${CLANGXX} -DCMAKE_BUILD_TYPE=${BUILD_TYPE} -DCMAKE_CXX_STANDARD=20
    -DCOULER_SHARED_DIR=${SHARED_DIR} -DCOULER_BUILD_BENCHMARKS=OFF
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring with clang++ failed")
endif()
# Two jobs: the other tests end long before this build, the longest of the Release phase. The
# header check in the header-only mode only: it compiles every definition; the compiled mode's
# unit (src/src.cpp) comes with couler_cli, and g++ checks every header alone in both modes.
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR} -j2 --target couler_header_check couler_cli
    example_code1_diamond example_code2_producer_consumer example_code3_flip_coin example_code4_explicit_dag
    example_code5_exec_while example_code6_model_search example_code7_automl model_selection
    api_builder api_builder_cxx20
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the clang++ ${BUILD_TYPE} build failed (see the errors above)")
endif()
foreach(t api_builder api_builder_cxx20)
  execute_process(COMMAND ${WORK_DIR}/tests/api/${t} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${t} built with clang++ (${BUILD_TYPE}) failed")
  endif()
endforeach()
