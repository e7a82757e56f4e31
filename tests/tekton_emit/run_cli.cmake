# cmake -DCOULER=... -DSHARED=... -DPYTHON=... -DWORK=... -DIR_INPUT=... -P run_cli.cmake
# `couler emit --target tekton` on IR JSON and on Argo YAML (plain and --inline): the output
# validates; a workflow Tekton cannot run is refused with exit code 1 and a message naming the step.
file(MAKE_DIRECTORY ${WORK})
foreach(case "ir;${IR_INPUT};--format=yaml" "argo;${SHARED}/conformance/argo-examples/coinflip.yaml;--format=yaml"
             "inline;${SHARED}/conformance/argo-examples/dag-diamond.yaml;--inline")
  list(GET case 0 name)
  list(GET case 1 input)
  list(GET case 2 flag)
  execute_process(COMMAND ${COULER} emit --target tekton ${input} ${flag} -o ${WORK}/${name}.yaml RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "couler emit --target tekton ${input} ${flag} failed (${rc})")
  endif()
  execute_process(COMMAND ${PYTHON} ${SHARED}/tools/validate_tekton.py ${WORK}/${name}.yaml RESULT_VARIABLE rc OUTPUT_VARIABLE log)
  if(NOT rc EQUAL 0 OR NOT log MATCHES "(^|\n)valid=[1-9]")
    message(FATAL_ERROR "validate_tekton.py: ${log}")
  endif()
endforeach()
execute_process(COMMAND ${COULER} emit --target tekton ${IR_INPUT} --format json RESULT_VARIABLE rc OUTPUT_VARIABLE json)
string(JSON kind GET "${json}" 0 kind)
if(NOT rc EQUAL 0 OR NOT kind STREQUAL "Pipeline")
  message(FATAL_ERROR "couler emit --target tekton --format json did not give a Pipeline first")
endif()
execute_process(COMMAND ${COULER} emit --target tekton ${SHARED}/conformance/argo-examples/coinflip-recursive.yaml
  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "step '[^']+' of template '[^']+': recursion")
  message(FATAL_ERROR "a recursive workflow was not refused by name (${rc}): ${err}")
endif()
