// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_WORKLOAD_WFCOMMONS_HPP
#define COULER_WORKLOAD_WFCOMMONS_HPP

/// @file
/// @brief WfCommons instances (WfFormat 1.5, and 1.4 and older) as IR workflows.
///
/// WfFormat 1.5: `workflow.specification.tasks[]` {id, name, parents, inputFiles, outputFiles},
/// `workflow.specification.files[]` {id, sizeInBytes}, `workflow.execution.tasks[]`
/// {id, runtimeInSeconds}. WfFormat 1.4 and older: `workflow.tasks[]` {name, id, parents,
/// runtimeInSeconds (older: runtime), files[] {link: input|output, name (or id), sizeInBytes
/// (older: size, taken as bytes)}}; parents name tasks by id, or by name before 1.4.
///
/// Each task becomes one step (named by its id) with `cost_seconds` = its run time, invoking
/// a template of its own whose output artifacts carry `size_bytes`; a file read by a task and
/// written by another becomes a data edge and an artifact argument `{{tasks.P.outputs.artifacts.F}}`.

#include <couler/ir/error.hpp>
#include <couler/ir/workflow.hpp>

#include <boost/json/value.hpp>

namespace couler {
namespace workload {

/// @brief Reads a parsed WfCommons instance. Problems (with JSON paths) go to `out`; the
/// result is meaningful only if `out` stayed empty.
workflow read_wfcommons(const boost::json::value& doc, problems& out);

} // namespace workload
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/workload/impl/wfcommons.hpp>
#endif

#endif
