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
#include <list>
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
    int max_levels = 8;                     ///< levels of intermediate parents at most (see argo_split::levels)
};

/// @brief One level of intermediate parents: a parent too big for one Workflow (more tasks
/// than beta or Argo's 200, more than 200 templates, or more bytes than alpha), split like any
/// workflow. Each intermediate parent is a WorkflowTemplate whose DAG creates some of the
/// workflows of the level below; the level above creates the intermediate parents.
template <class S, class A> struct parent_level {
    partition parts;                        ///< of the tasks of the parent it replaces
    report summary;                         ///< on the estimated weights
    workflow_parts<S, A> workflows;         ///< the intermediate parents as IR (WorkflowTemplates)
    std::vector<std::string> yaml;          ///< intermediate parent i
    int rounds = 0;
};

/// @brief What split_to_argo() produces.
template <class S, class A> struct argo_split {
    partition parts;
    report summary;                         ///< on the estimated weights of the last round
    workflow_parts<S, A> workflows;         ///< the children as IR
    basic_workflow<S, A> parent;            ///< the parent as IR
    std::vector<std::string> children_yaml; ///< child i as a standalone Workflow
    std::string parent_yaml;                ///< the top parent: the one Workflow to submit
    /// Intermediate parents, bottom up; empty when one parent creates every child. levels[0]'s
    /// workflows create the children, levels[k]'s create levels[k-1]'s, `parent` creates the
    /// last level's. Every level obeys the same budgets and caps; only the top is a Workflow.
    std::vector<parent_level<S, A>> levels;
    std::vector<std::uint64_t> estimated_bytes; ///< per child, the splitter's estimate
    std::uint64_t largest_child_bytes = 0;  ///< of the real YAML
    int rounds = 0;                         ///< splits run (1 if the first estimate held)
    bool templates = false;                 ///< children are WorkflowTemplates (child_mode::templates)
    double split_seconds = 0;               ///< time in the splitting algorithm (last round)
};

/// @brief The manifest that creates child `i` from its WorkflowTemplate: a Workflow with
/// `workflowTemplateRef` and the child's parameters valued from the parent.
template <class S, class A>
std::string reference_manifest(const workflow_parts<S, A>& parts, std::size_t i, const parts_options& opt = {});

/// @brief Splits `wf` and emits children and parent as Argo YAML.
///
/// When one parent cannot create every child (more children than beta or Argo's 200 tasks,
/// more than 200 templates, or a parent over alpha), children are WorkflowTemplates and the
/// parent, itself a workflow of resource steps with an acyclic DAG, is split by the same
/// splitter into intermediate parents, level by level, until the top fits (`levels`).
/// Parameters crossing children cross the levels as exported global outputs; the run
/// parameter (artifact keys) is the top's name, passed down every level.
/// @throws invalid_input if the emitter refuses a child or a parent; std::invalid_argument
///         if the chosen method gives parts that depend on each other (algorithm3), since no
///         parent can schedule them; if a daemon step and its readers exceed the step budget
///         (naming the step); if `child_mode::inline_workflows` needs more than one parent
///         level; if the parent cannot be brought within budget in `max_levels` levels.
template <class S, class A>
argo_split<S, A> split_to_argo(const basic_workflow<S, A>& wf, const argo_split_options& opt = {});

} // namespace split
} // namespace couler

#include <couler/optimize/split/impl/argo.hpp>

#endif
