// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_SRC_HPP
#define COULER_SRC_HPP

/// @file
/// @brief The compiled mode's one translation unit: include this header in exactly one source
/// file of the program, and define `COULER_SEPARATE_COMPILATION` in every translation unit
/// (see couler/config.hpp). The CMake target `couler::couler_compiled` does both.
///
/// It defines every function the public headers declare (their `impl/` headers), and
/// instantiates the function templates over `basic_workflow` for the default types
/// (`couler::workflow`). The Argo importer needs yaml-cpp at link time; the HTTP client
/// (couler/net/) is not here: it stays header-only.

#if !defined(COULER_SEPARATE_COMPILATION)
#error "couler/src.hpp is for the compiled mode: define COULER_SEPARATE_COMPILATION in every translation unit"
#endif

#define COULER_SOURCE

#include <couler/config.hpp>

// Each public header that has definitions in impl/, then those definitions (named too, so that
// a couler header included before this one does not leave them out).
#include <couler/api/builder.hpp>
#include <couler/api/impl/builder.hpp>
#include <couler/emit/airflow.hpp>
#include <couler/emit/impl/airflow.hpp>
#include <couler/emit/feature_map.hpp>
#include <couler/emit/impl/feature_map.hpp>
#include <couler/emit/argo.hpp>
#include <couler/emit/impl/argo.hpp>
#include <couler/emit/tekton.hpp>
#include <couler/emit/impl/tekton.hpp>
#include <couler/emit/yaml.hpp>
#include <couler/emit/impl/yaml.hpp>
#include <couler/engine/artifact_store.hpp>
#include <couler/engine/impl/artifact_store.hpp>
#include <couler/engine/engine.hpp>
#include <couler/engine/impl/engine.hpp>
#include <couler/engine/executor/slurm.hpp>
#include <couler/engine/executor/impl/slurm.hpp>
#include <couler/engine/process.hpp>
#include <couler/engine/impl/process.hpp>
#include <couler/frontend/sqlflow/compile.hpp>
#include <couler/frontend/sqlflow/impl/compile.hpp>
#include <couler/frontend/sqlflow/parser.hpp>
#include <couler/frontend/sqlflow/impl/parser.hpp>
#include <couler/frontend/sqlflow/zoo.hpp>
#include <couler/frontend/sqlflow/impl/zoo.hpp>
#include <couler/import/argo.hpp>
#include <couler/import/impl/argo.hpp>
#include <couler/import/yaml.hpp>
#include <couler/import/impl/yaml.hpp>
#include <couler/ir/json.hpp>
#include <couler/ir/impl/json.hpp>
#include <couler/optimize/cache/lower_bound.hpp>
#include <couler/optimize/cache/impl/lower_bound.hpp>
#include <couler/optimize/cache/model.hpp>
#include <couler/optimize/cache/impl/model.hpp>
#include <couler/optimize/cache/simulator.hpp>
#include <couler/optimize/cache/impl/simulator.hpp>
#include <couler/optimize/split/argo.hpp>
#include <couler/optimize/split/impl/argo.hpp>
#include <couler/optimize/split/dag.hpp>
#include <couler/optimize/split/impl/dag.hpp>
#include <couler/optimize/split/estimate.hpp>
#include <couler/optimize/split/impl/estimate.hpp>
#include <couler/optimize/split/partition.hpp>
#include <couler/optimize/split/impl/partition.hpp>
#include <couler/optimize/split/workflow_parts.hpp>
#include <couler/optimize/split/impl/workflow_parts.hpp>
#include <couler/workload/dax.hpp>
#include <couler/workload/impl/dax.hpp>
#include <couler/workload/load.hpp>
#include <couler/workload/impl/load.hpp>
#include <couler/workload/scenarios.hpp>
#include <couler/workload/impl/scenarios.hpp>
#include <couler/workload/wfcommons.hpp>
#include <couler/workload/impl/wfcommons.hpp>

// The function templates over basic_workflow, for couler::workflow (declared `extern template`
// by their headers in this mode).
namespace couler {
COULER_IR_JSON_INSTANTIATIONS()
COULER_IR_VALIDATE_INSTANTIATIONS()
COULER_EMIT_ARGO_INSTANTIATIONS()
COULER_EMIT_AIRFLOW_INSTANTIATIONS()
COULER_EMIT_TEKTON_INSTANTIATIONS()
COULER_IMPORT_ARGO_INSTANTIATIONS()
namespace cache {
COULER_CACHE_MODEL_INSTANTIATIONS()
} // namespace cache
namespace split {
COULER_SPLIT_ESTIMATE_INSTANTIATIONS()
COULER_SPLIT_PARTS_INSTANTIATIONS()
COULER_SPLIT_ARGO_INSTANTIATIONS()
} // namespace split
} // namespace couler

#endif
