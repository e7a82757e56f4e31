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
/// workflow is split again (at most `max_rounds` times). What is still over a budget after
/// that is listed in argo_split::over (the caller decides whether that is an error).

#include <couler/emit/argo.hpp>
#include <couler/ir/json.hpp>
#include <couler/optimize/split/estimate.hpp>
#include <couler/optimize/split/partition.hpp>
#include <couler/optimize/split/workflow_parts.hpp>

#include <cstdint>
#include <functional>
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
    /// When the method makes parts that depend on each other in a cycle (algorithm3 can), return
    /// the children with no parent (summary.acyclic false, summary.cycle set) instead of throwing.
    bool keep_cyclic = false;
};

/// @brief Which document of a split: a child, an intermediate parent, or the top parent.
struct document_id {
    enum class role { child, intermediate, parent };
    role what = role::child;
    std::size_t level = 0; ///< intermediate parents: level, 1 for those that create the children
    std::size_t index = 0; ///< child or intermediate parent of its level, from 0
};

/// @brief The file name of a document without extension: `part-0001` (child 0),
/// `parent-1-0001` (intermediate parent 0 of level 1), `parent` (the top).
COULER_INLINE std::string file_stem(const document_id& d);

/// @brief A document of a split still over a budget after the re-split rounds.
///
/// Only a few things can be: a child whose real YAML stays over alpha after `max_rounds` (the
/// byte budget is below what one step, or the child's fixed overhead, needs), a single step or
/// daemon unit over gamma (a loop of more pods than the budget), an intermediate parent over
/// alpha after its rounds, the parent of child_mode::inline_workflows, which holds every
/// child and is never split, and a top parent whose tasks are each, alone, over alpha in an
/// intermediate parent (splitting it further cannot help).
struct over_budget {
    document_id doc;
    std::string budget;         ///< "bytes" (of the Argo YAML), "steps" or "pods"
    std::uint64_t size = 0;     ///< what the document has
    std::uint64_t limit = 0;    ///< what the budget allows
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
    /// Documents over a budget (children first, then intermediate parents bottom up, then the
    /// top); empty when every document is within every budget.
    std::vector<over_budget> over;
    /// False only with argo_split_options::keep_cyclic and cyclic parts: then `parent`,
    /// `parent_yaml` and `levels` are empty.
    bool has_parent() const { return summary.acyclic; }
};

/// @brief How for_each_document() writes a document.
enum class document_format {
    argo_yaml, ///< the Argo YAML split_to_argo emitted
    ir_json    ///< the IR of the same document, pretty JSON (couler::to_json_pretty)
};

/// @brief Calls `f(id, file name, text)` for every document of `s`: the children, the
/// intermediate parents bottom up, then the top parent (none if the parts are cyclic). File
/// names are file_stem() plus `.yaml` or `.json`. The Argo YAML is passed without a copy; the
/// IR JSON is serialized one document at a time.
template <class S, class A>
void for_each_document(const argo_split<S, A>& s, document_format fmt,
                       const std::function<void(const document_id&, const std::string&, const std::string&)>& f);

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
///         if a budget is 0; if the chosen method gives parts that depend on each other
///         (algorithm3), since no parent can schedule them (unless `keep_cyclic`); if a
///         daemon step and its readers exceed the step budget (naming the step); if
///         `child_mode::inline_workflows` needs more than one parent level; if the parent
///         cannot be brought within budget in `max_levels` levels. A document over a budget
///         is not an exception: it is listed in argo_split::over.
template <class S, class A>
argo_split<S, A> split_to_argo(const basic_workflow<S, A>& wf, const argo_split_options& opt = {});

// The compiled mode instantiates these once, for the default types, in couler/src.hpp.
#define COULER_SPLIT_ARGO_INSTANTIATIONS(ext) \
    ext template void for_each_document(const argo_split<no_data, no_data>&, document_format, \
                                       const std::function<void(const document_id&, const std::string&, const std::string&)>&); \
    ext template std::string reference_manifest(const workflow_parts<no_data, no_data>&, std::size_t, const parts_options&); \
    ext template argo_split<no_data, no_data> split_to_argo(const workflow&, const argo_split_options&);
#if defined(COULER_SEPARATE_COMPILATION)
COULER_SPLIT_ARGO_INSTANTIATIONS(extern)
#endif

} // namespace split
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/optimize/split/impl/argo.hpp>
#endif

#endif
