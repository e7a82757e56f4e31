// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_ARGO_HPP
#define COULER_EMIT_ARGO_HPP

/// @file
/// @brief IR -> Argo Workflows: a Workflow, a CronWorkflow (`settings.cron` set) or a
/// (Cluster)WorkflowTemplate (`settings.kind`), as a JSON document or as YAML.
///
/// Layout: one Argo template per IR template, in IR order with the entry template first, as
/// the Python Couler SDK does (so its golden files match, key order included). Graph templates
/// of style `steps` become `steps` (one parallel group per `step.group`), style `dag` becomes
/// `dag.tasks` with `dependencies` (or `depends`). `{{steps.X...}}` and `{{tasks.X...}}` in a
/// step's strings are rewritten to the enclosing template's style. A step with `repeat`
/// (exec_while) runs through a generated recursive steps template `exec-while-<template>`.
///
/// Argo's CRD caps a workflow at 200 templates and a steps/dag template at 200 steps. Past the
/// caps, leaf templates with the same definition up to literal values are shared (the values
/// become input parameters); if the workflow still does not fit, emission fails with a message
/// saying that it needs splitting. Nothing is ever dropped silently: an IR feature Argo cannot
/// express is an error naming the step or template.
///
/// @code
/// std::string yaml = couler::to_argo_yaml(wf);
/// @endcode

#include <couler/emit/yaml.hpp>
#include <couler/ir/error.hpp>
#include <couler/ir/workflow.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <string>

namespace couler {

/// @brief Options of the Argo emitter.
struct argo_options {
    /// Key order of the Python Couler SDK: `spec` keys sorted, templates as
    /// name, daemon, memoize, inputs, nodeSelector, body, outputs, tolerations.
    bool python_sdk_layout = true;
    std::size_t max_templates = 200;   ///< CRD maxItems of spec.templates
    std::size_t max_tasks = 200;       ///< CRD maxItems of dag.tasks (also applied to steps)
    std::size_t max_name_length = 128; ///< CRD maxLength of template and step names
    /// Past the caps, share leaf templates that differ only in literal values.
    bool share_templates = true;
    /// false: never check the caps, never share (benchmarks of raw throughput only: the
    /// result may be refused by an Argo server).
    bool enforce_caps = true;
    /// exec_while's `max_iterations`: the recursive template counts its iterations in an input
    /// `couler-iteration` and stops at the limit. false: the Python SDK's template (no counter,
    /// the limit is not enforced by Argo), for comparison with its golden files.
    bool exec_while_guard = true;
    yaml_options yaml; ///< for to_argo_yaml
};

/// @brief The Argo document of `wf`.
/// @throws invalid_input (error::not_expressible, error::bad_value...) listing every feature
///         Argo cannot express, each naming its step or template; or saying that the workflow
///         exceeds the CRD caps and needs splitting.
/// @par Complexity O(size of the workflow) (the sharing pass adds a hash per leaf template).
template <class S, class A>
boost::json::value to_argo_json(const basic_workflow<S, A>& wf, const argo_options& opt = {});

/// @brief The Argo document of `wf` as YAML text (see to_argo_json).
template <class S, class A>
std::string to_argo_yaml(const basic_workflow<S, A>& wf, const argo_options& opt = {});

/// @brief Rewrites `{{steps.X` / `{{tasks.X` prefixes of sibling references in `s` to `prefix`
/// (`"steps"` or `"tasks"`). Other references are left as they are.
COULER_INLINE std::string argo_rewrite_step_refs(std::string_view s, std::string_view prefix);

/// @brief Deep-merges `patch` into `target`: objects merge key by key, anything else replaces.
COULER_INLINE void argo_deep_merge(boost::json::object& target, const boost::json::object& patch);

// The compiled mode instantiates these once, for the default types, in couler/src.hpp.
#define COULER_EMIT_ARGO_INSTANTIATIONS(ext) \
    ext template boost::json::value to_argo_json(const workflow&, const argo_options&); \
    ext template std::string to_argo_yaml(const workflow&, const argo_options&);
#if defined(COULER_SEPARATE_COMPILATION)
COULER_EMIT_ARGO_INSTANTIATIONS(extern)
#endif

} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/emit/impl/argo.hpp>
#endif

#endif
