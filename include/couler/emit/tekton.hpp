// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_TEKTON_HPP
#define COULER_EMIT_TEKTON_HPP

/// @file
/// @brief IR -> Tekton Pipelines v1: a Pipeline plus a PipelineRun that references it, or (an
/// option) one self-contained PipelineRun with the pipelineSpec inlined.
///
/// Layout: the entry graph becomes the Pipeline; each of its steps one PipelineTask whose Task is
/// embedded (`taskSpec`) from the step's template, so the output needs no cluster-scoped Task
/// names and is one file. Template inputs are Task params (the steps' arguments carry the
/// differences); dependencies are `runAfter`, except where a result reference
/// (`$(tasks.A.results.r)`) already orders the tasks; the exit handler is `finally` (with
/// `$(tasks.status)` for `{{workflow.status}}`). docs/engines.md has the whole feature map.
///
/// Lowerings (said where they happen): an output parameter read from a file, a step's standard
/// output (`result`, via `stdoutConfig`) and output artifacts are copied by a helper step (image
/// `tekton_options::helper_image`) into Task results or into a workspace `couler-artifacts` that
/// the PipelineRun backs with a volumeClaimTemplate; input artifacts are copied from it before
/// the main step. Conditions `==` / `!=` become `when` expressions (`in` / `notin`); the ordering
/// predicates a tiny condition task (`<step>-cond`) whose result the `when` tests. A map over a
/// list becomes a Matrix (`include` combinations; over `max_matrix` refused), a map over a step's
/// array result a Matrix param `$(tasks.A.results.r[*])`.
///
/// Refused, by name (invalid_input, error::not_expressible): exec_while and recursion, nested
/// sub-workflows, jobs and resources, suspend, and every other IR feature with no Tekton form.
/// Tekton substitutes `$(params...)`, `$(tasks...)`... in nearly every field and has no escape
/// for them, so a user string that holds such a variable reference is refused by name too;
/// other `$(` text (`$(date)`) is left alone, as Tekton leaves it. Nothing is dropped silently.
///
/// @code
/// std::string yaml = couler::to_tekton_yaml(wf); // "---"-separated documents
/// @endcode

#include <couler/emit/yaml.hpp>
#include <couler/ir/error.hpp>
#include <couler/ir/workflow.hpp>

#include <boost/json/array.hpp>

#include <cstddef>
#include <string>

namespace couler {

/// @brief Options of the Tekton emitter.
struct tekton_options {
    /// One PipelineRun with `pipelineSpec` inlined, instead of a Pipeline and a PipelineRun
    /// that references it.
    bool inline_pipeline = false;
    /// Image of the helper steps (copying outputs into results and the artifact workspace,
    /// condition tasks): needs `sh`, `cat`, `cp`, `mkdir` and `awk`.
    std::string helper_image = "busybox:1.36";
    /// Size of the claim the PipelineRun creates for the artifact workspace.
    std::string artifact_storage = "1Gi";
    /// Tekton's default cap on the TaskRuns of one Matrix (`default-max-matrix-combinations-count`).
    std::size_t max_matrix = 256;
    yaml_options yaml; ///< for to_tekton_yaml
};

/// @brief The Tekton documents of `wf`: `[Pipeline, PipelineRun]`, or `[PipelineRun]` with
/// `inline_pipeline`.
/// @throws invalid_input (error::not_expressible, error::invalid_name...) listing every feature
///         Tekton cannot express, each naming its step or template and the feature.
/// @par Complexity O(size of the workflow).
template <class S, class A>
boost::json::array to_tekton_json(const basic_workflow<S, A>& wf, const tekton_options& opt = {});

/// @brief The documents of to_tekton_json as one multi-document YAML text (`---` before each).
template <class S, class A>
std::string to_tekton_yaml(const basic_workflow<S, A>& wf, const tekton_options& opt = {});

} // namespace couler

#include <couler/emit/impl/tekton.hpp>

#endif
