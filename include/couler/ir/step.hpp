// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_STEP_HPP
#define COULER_IR_STEP_HPP

/// @file
/// @brief A step: one node of a workflow graph, invoking a step template with arguments.

#include <couler/ir/artifact.hpp>

#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace couler {

/// @brief Repeat a step while a condition holds (paper Code 5, `exec_while`).
struct repeat_while {
    /// Expression over the step's own outputs, e.g. `{{steps.flip.outputs.result}} == tails`.
    /// The step runs again while it is true.
    std::string condition;
    std::int64_t max_iterations = 100; ///< guard against loops that never end

    friend bool operator==(const repeat_while& a, const repeat_while& b)
    {
        return a.condition == b.condition && a.max_iterations == b.max_iterations;
    }
    friend bool operator!=(const repeat_while& a, const repeat_while& b) { return !(a == b); }
};

/// @brief `withSequence`: numbers from start to end, or count of them.
struct loop_sequence {
    std::string count, start, end, format;
    friend bool operator==(const loop_sequence& a, const loop_sequence& b)
    {
        return std::tie(a.count, a.start, a.end, a.format) == std::tie(b.count, b.start, b.end, b.format);
    }
    friend bool operator!=(const loop_sequence& a, const loop_sequence& b) { return !(a == b); }
};

/// @brief A template defined outside the workflow: in a stored WorkflowTemplate (or a
/// ClusterWorkflowTemplate), found by the engine when the step runs (Argo `templateRef`).
struct template_ref {
    std::string name;          ///< the WorkflowTemplate's name
    std::string template_name; ///< the template inside it
    bool cluster_scope = false; ///< a ClusterWorkflowTemplate, not a namespaced WorkflowTemplate
    friend bool operator==(const template_ref& a, const template_ref& b)
    {
        return std::tie(a.name, a.template_name, a.cluster_scope) == std::tie(b.name, b.template_name, b.cluster_scope);
    }
    friend bool operator!=(const template_ref& a, const template_ref& b) { return !(a == b); }
};

/// @brief A lifecycle hook: a template run when a step (or the workflow) ends (`exit`), or
/// when an expression becomes true while it runs (Argo `hooks`).
struct lifecycle_hook {
    std::string template_name;                   ///< the template to run (or use `template_ref_`)
    std::optional<template_ref> template_ref_;   ///< a template of a WorkflowTemplate instead
    std::string expression;                      ///< run when this holds (not for `exit`)
    std::vector<parameter> arguments;            ///< values for the hook template's inputs
    std::vector<basic_artifact<>> artifact_arguments; ///< artifacts for its inputs (no platform payload)
    friend bool operator==(const lifecycle_hook& a, const lifecycle_hook& b)
    {
        return std::tie(a.template_name, a.template_ref_, a.expression, a.arguments, a.artifact_arguments) ==
               std::tie(b.template_name, b.template_ref_, b.expression, b.arguments, b.artifact_arguments);
    }
    friend bool operator!=(const lifecycle_hook& a, const lifecycle_hook& b) { return !(a == b); }
};

/// @brief Lifecycle hooks by name; the name `exit` is the exit hook.
using lifecycle_hooks = std::map<std::string, lifecycle_hook>;

template <class StepData, class ArtifactData> struct basic_step_template;

/// @brief A node of a workflow graph.
///
/// What runs is the template named by `template_name` (a leaf template, or a dag/steps
/// template for a nested sub-workflow); a node adds where and how: arguments, a condition,
/// a loop. Edges of the graph hold the dependencies.
template <class StepData = no_data, class ArtifactData = no_data> struct basic_step {
    std::string name;
    std::string template_name;
    std::vector<parameter> arguments;                        ///< values for the template's inputs
    std::vector<basic_artifact<ArtifactData>> artifact_arguments; ///< artifacts for its inputs
    std::string when;                      ///< condition, e.g. `{{steps.a.outputs.result}} == heads`
    std::vector<boost::json::value> with_items; ///< map over a literal list (Argo withItems)
    std::string with_param;                ///< map over a JSON list from an output (Argo withParam)
    std::optional<loop_sequence> with_sequence;
    std::optional<repeat_while> repeat;    ///< exec_while
    std::string depends;                   ///< Argo enhanced `depends` expression, if used
    int group = 0;          ///< steps style: index of the parallel group the step belongs to
    bool continue_on_failed = false;
    bool continue_on_error = false;        ///< the workflow goes on if the step errors (Argo continueOn.error)
    std::optional<template_ref> template_ref_; ///< run a template of a WorkflowTemplate; template_name is then empty
    lifecycle_hooks hooks;                 ///< templates run when the step ends or an expression holds
    /// At most one element: a template defined in place for this step alone (Argo `inline`);
    /// template_name is then empty. (A vector, since the template type is not complete here.)
    std::vector<basic_step_template<StepData, ArtifactData>> inline_template;
    std::optional<double> cost_seconds;    ///< expected run time, for Eq. 1 and the cache optimizer
    boost::json::object extensions;        ///< engine-scoped fields the IR does not model ("argo": {...})
    StepData data;                         ///< the embedding platform's payload

    /// @brief True if the step runs once per item of a list.
    bool is_map() const { return !with_items.empty() || !with_param.empty() || with_sequence.has_value(); }

    friend bool operator==(const basic_step& a, const basic_step& b)
    {
        return std::tie(a.name, a.template_name, a.arguments, a.artifact_arguments, a.when, a.with_items,
                        a.with_param, a.with_sequence, a.repeat, a.depends, a.group, a.continue_on_failed,
                        a.continue_on_error, a.template_ref_, a.hooks, a.inline_template, a.cost_seconds, a.extensions,
                        a.data) ==
               std::tie(b.name, b.template_name, b.arguments, b.artifact_arguments, b.when, b.with_items,
                        b.with_param, b.with_sequence, b.repeat, b.depends, b.group, b.continue_on_failed,
                        b.continue_on_error, b.template_ref_, b.hooks, b.inline_template, b.cost_seconds, b.extensions,
                        b.data);
    }
    friend bool operator!=(const basic_step& a, const basic_step& b) { return !(a == b); }
};

/// @brief Why one step waits for another.
enum class dependency_kind {
    order,    ///< steps style: the next parallel group waits for the previous one
    data,     ///< the later step uses an output of the earlier one
    explicit_ ///< stated by the user (dag edge list, set_dependencies, depends)
};

/// @brief The bundled property of a graph edge.
struct dependency {
    dependency_kind kind = dependency_kind::explicit_;
};

} // namespace couler

#endif
