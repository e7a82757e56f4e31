# cmake -DCOULER=... -DSHARED=... -DWORK=... -P run_cli.cmake
# `couler import argo`: IR JSON out, --strict refusing (and naming) an unmodelled field, and a
# clear line/column error on bad YAML.
file(MAKE_DIRECTORY ${WORK})
set(ex ${SHARED}/conformance/argo-examples)
execute_process(COMMAND ${COULER} import argo ${ex}/dag-diamond.yaml --strict -o ${WORK}/diamond.json
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "couler import argo --strict dag-diamond.yaml failed (${rc}): ${err}")
endif()
file(READ ${WORK}/diamond.json ir)
if(NOT ir MATCHES "\"couler_ir\"" OR NOT ir MATCHES "\"diamond\"")
  message(FATAL_ERROR "unexpected IR JSON: ${ir}")
endif()
execute_process(COMMAND ${COULER} validate ${WORK}/diamond.json RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the imported IR does not validate: ${out}${err}")
endif()

# A field the IR models (podSpecPatch) imports strictly; one it does not (executorPlugins) is refused.
execute_process(COMMAND ${COULER} import argo ${ex}/pod-spec-patch.yaml --strict
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "pod_spec_patch")
  message(FATAL_ERROR "--strict did not import podSpecPatch as pod_spec_patch (${rc}): ${err}")
endif()
execute_process(COMMAND ${COULER} import argo ${ex}/workflow-level-executor-plugin.yaml --strict
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "executorPlugins")
  message(FATAL_ERROR "--strict did not refuse executorPlugins (${rc}): ${err}")
endif()
execute_process(COMMAND ${COULER} import argo ${ex}/workflow-level-executor-plugin.yaml
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "executorPlugins")
  message(FATAL_ERROR "without --strict executorPlugins is not kept (${rc}): ${err}")
endif()

file(WRITE ${WORK}/bad.yaml "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec:\n  templates: [\n    name: x\n")
execute_process(COMMAND ${COULER} import argo ${WORK}/bad.yaml RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "line [0-9]+, column [0-9]+")
  message(FATAL_ERROR "bad YAML did not give a line and column (${rc}): ${err}")
endif()
