// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_SPLIT_WORKFLOW_PARTS_HPP
#define COULER_OPTIMIZE_SPLIT_WORKFLOW_PARTS_HPP

/// @file
/// @brief From a partition of a workflow's entry graph to workflows: one child per part, and
/// a parent whose DAG creates the children in quotient order (workflow of workflows).
///
/// Data crossing parts goes through the parent (parameters) or the artifact repository
/// (artifacts):
/// - a step reading `{{steps.U.outputs.parameters.P}}` (or `.result`) of a step U in another
///   part reads `{{inputs.parameters.X}}` of its child's entry template instead; U's child
///   exports X as a global output (entry template output, `valueFrom.parameter`,
///   `globalName`), the parent reads it from the child Workflow's `status.outputs` and passes
///   it to the consumer's child as an argument;
/// - an artifact argument `from: {{steps.U.outputs.artifacts.A}}` becomes a key-only
///   repository artifact at `couler-split/{{workflow.parameters.couler-split-run}}/U/A`; U's
///   child writes A there (U invokes a copy of its template with that key). If A already has
///   an explicit location, the consumer reads that location.
/// The run parameter is the parent's `{{workflow.name}}`, so runs do not share keys.

#include <couler/optimize/split/partition.hpp>

#include <couler/ir/workflow.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace couler {
namespace split {

/// @brief One value that crosses from a part to another.
struct crossing {
    enum class kind { parameter, artifact };
    kind what = kind::parameter;
    std::uint32_t from_part = 0, to_part = 0;
    std::string producer; ///< the producing step's name
    std::string output;   ///< its output parameter or artifact (`result` for stdout)
    std::string name;     ///< the name it crosses under (a parameter name, or the repository key)
};

/// @brief How children and the parent are named and wired.
struct parts_options {
    std::string run_parameter = "couler-split-run"; ///< workflow parameter holding the run's key prefix
    std::string key_prefix = "couler-split";        ///< repository key prefix of crossing artifacts
    std::string success_condition = "status.phase == Succeeded";
    std::string failure_condition = "status.phase in (Failed, Error)";
    /// Children as WorkflowTemplates named `<base>-part-N` (the parent then creates Workflows
    /// that reference them, so it stays small); otherwise Workflows with a generateName.
    bool as_templates = false;
    /// What the parent passes as the run parameter: its own name at the top; an intermediate
    /// parent (a part of a split parent) passes down the value it was given,
    /// `{{workflow.parameters.couler-split-run}}`, so every level keys artifacts alike.
    std::string run_value = "{{workflow.name}}";
    /// Stem of the children's names; empty: from the workflow's name (dns_stem). Levels of a
    /// hierarchical parent use `<stem>-lL` so their WorkflowTemplates do not collide.
    std::string base_name;
};

/// @brief The children of a split workflow.
template <class S, class A> struct workflow_parts {
    std::vector<basic_workflow<S, A>> children; ///< child i holds part i
    std::vector<crossing> crossings;
    std::vector<std::vector<std::string>> imports; ///< per child: parameter names it takes from the parent
    std::vector<std::vector<std::string>> exports; ///< per child: global outputs the parent reads
    std::vector<std::string> warnings;             ///< what could not be carried over exactly
    std::string base_name;                         ///< DNS-safe stem of every generated name
};

/// @brief Builds one workflow per part of `p` (a partition of `wf.graph()`).
///
/// Child i keeps the settings, secrets and extensions of `wf` (without cron and onExit,
/// which belong to the parent), the templates its steps reach, and as entry a DAG of its
/// steps with the dependencies between them. Crossing data is rewired as described above.
/// @throws std::logic_error if the entrypoint is not a graph template; std::invalid_argument
///         if `p` does not cover the graph.
/// @par Complexity O(size of the workflow + parts x templates).
template <class S, class A>
workflow_parts<S, A> make_parts(const basic_workflow<S, A>& wf, const partition& p, const parts_options& opt = {});

/// @brief The child as the parent embeds it: the same workflow, with parameters valued from
/// the parent (`{{workflow.parameters.P}}`, `{{inputs.parameters.X}}`, and `opt.run_value` for
/// the run parameter).
template <class S, class A>
basic_workflow<S, A> embedded_child(const workflow_parts<S, A>& parts, std::size_t i, const parts_options& opt = {});

/// @brief The parent workflow: a DAG with one task per child, each a resource template that
/// creates the child (`manifest(i)` gives its text) and waits for its phase; task j depends
/// on task i when the quotient has the edge i -> j, so children start as soon as the
/// children they need have succeeded. The parent takes over cron and onExit.
/// @param manifest  the text of child i as the parent creates it (YAML or JSON)
template <class S, class A>
basic_workflow<S, A> make_parent(const basic_workflow<S, A>& wf, const workflow_parts<S, A>& parts,
                                 const quotient& q, const std::function<std::string(std::size_t)>& manifest,
                                 const parts_options& opt = {});

// The compiled mode instantiates these once, for the default types, in couler/src.hpp.
#define COULER_SPLIT_PARTS_INSTANTIATIONS(ext) \
    ext template workflow_parts<no_data, no_data> make_parts(const workflow&, const partition&, const parts_options&); \
    ext template workflow embedded_child(const workflow_parts<no_data, no_data>&, std::size_t, const parts_options&); \
    ext template workflow make_parent(const workflow&, const workflow_parts<no_data, no_data>&, const quotient&, \
                                     const std::function<std::string(std::size_t)>&, const parts_options&);
#if defined(COULER_SEPARATE_COMPILATION)
COULER_SPLIT_PARTS_INSTANTIATIONS(extern)
#endif

} // namespace split
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/optimize/split/impl/workflow_parts.hpp>
#endif

#endif
