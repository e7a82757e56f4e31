// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_SPLIT_ARGO_HPP
#define COULER_OPTIMIZE_SPLIT_ARGO_HPP

/// @file
/// @brief Split a workflow for Argo: the children as Workflow YAML within the byte budget,
/// and a parent Workflow whose DAG creates them through resource templates (workflow of
/// workflows), in quotient order with all the parallelism the quotient allows.
///
/// The byte budget is checked on the real YAML: if a child comes out over it (the estimate
/// was low), the step and template estimates are scaled by the worst ratio seen and the
/// workflow is split again (at most `max_rounds` times).

#include <couler/emit/argo.hpp>
#include <couler/optimize/split/estimate.hpp>
#include <couler/optimize/split/partition.hpp>
#include <couler/optimize/split/workflow_parts.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace couler {
namespace split {

/// @brief How the parent carries its children.
enum class child_mode {
    inline_workflows, ///< each child Workflow inline in the parent's resource manifest (one file to submit)
    templates,        ///< children are WorkflowTemplates; the parent creates Workflows referencing them
    automatic         ///< inline while the parent stays within the byte budget, else templates
};

/// @brief Options of split_to_argo().
struct argo_split_options {
    child_mode mode = child_mode::automatic;
    budget limits;                          ///< alpha, beta, gamma (part_overhead_bytes is computed)
    method how = method::refined;
    split_options tuning;
    parts_options wiring;
    estimate_options estimate;
    argo_options argo;                      ///< emitter options for children and parent
    int max_rounds = 4;                     ///< re-splits when real YAML is over the byte budget
};

/// @brief What split_to_argo() produces.
template <class S, class A> struct argo_split {
    partition parts;
    report summary;                         ///< on the estimated weights of the last round
    workflow_parts<S, A> workflows;         ///< the children as IR
    basic_workflow<S, A> parent;            ///< the parent as IR
    std::vector<std::string> children_yaml; ///< child i as a standalone Workflow
    std::string parent_yaml;
    std::vector<std::uint64_t> estimated_bytes; ///< per child, the splitter's estimate
    std::uint64_t largest_child_bytes = 0;  ///< of the real YAML
    int rounds = 0;                         ///< splits run (1 if the first estimate held)
    bool templates = false;                 ///< children are WorkflowTemplates (child_mode::templates)
    double split_seconds = 0;               ///< time in the splitting algorithm (last round)
};

/// @brief Splits `wf` and emits children and parent as Argo YAML.
/// @throws invalid_input if the emitter refuses a child or the parent; std::invalid_argument
///         if the chosen method gives parts that depend on each other (algorithm3), since no
///         parent can schedule them.
/// @brief The manifest that creates child `i` from its WorkflowTemplate: a Workflow with
/// `workflowTemplateRef` and the child's parameters valued from the parent.
template <class S, class A>
std::string reference_manifest(const workflow_parts<S, A>& parts, std::size_t i, const parts_options& opt = {});

template <class S, class A>
argo_split<S, A> split_to_argo(const basic_workflow<S, A>& wf, const argo_split_options& opt = {});

} // namespace split
} // namespace couler

#include <couler/optimize/split/impl/argo.hpp>

#endif
