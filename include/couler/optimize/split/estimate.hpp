// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_SPLIT_ESTIMATE_HPP
#define COULER_OPTIMIZE_SPLIT_ESTIMATE_HPP

/// @file
/// @brief From a workflow to the splitter's lightweight graph: each step's emitted bytes,
/// pods and run time, each template's bytes, and a child's fixed overhead.
///
/// Bytes are estimated without emitting (the splitter must not depend on an engine): a step
/// costs what its Argo DAG task costs in block YAML (name, template, dependencies, arguments,
/// conditions, loops), a template what its IR JSON costs times 1.3 (YAML repeats indentation
/// where JSON has quotes and braces). docs/splitting.md compares the estimate with real
/// emitted YAML; split_to_argo() measures the real YAML and tightens the budget if a child
/// is over.

#include <couler/optimize/split/budget.hpp>
#include <couler/optimize/split/dag.hpp>

#include <couler/ir/workflow.hpp>

#include <cstdint>
#include <string>

namespace couler {
namespace split {

/// @brief Knobs of the estimate.
struct estimate_options {
    double template_factor = 1.3;   ///< template bytes = IR JSON bytes x this
    std::uint64_t child_header_bytes = 600; ///< apiVersion, kind, metadata, spec keys, entry template skeleton
};

/// @brief Estimated bytes of step `v` of `g` as an Argo DAG task in block YAML.
/// @par Complexity O(size of the step).
template <class S, class A>
std::uint64_t estimate_step_bytes(const basic_graph<S, A>& g, typename basic_graph<S, A>::vertex v);

/// @brief Estimated bytes of a template in block YAML (IR JSON size x `template_factor`).
template <class S, class A>
std::uint64_t estimate_template_bytes(const basic_step_template<S, A>& t, const estimate_options& opt = {});

/// @brief Pods one run of step `s` of `wf` creates: the loop's length for `with_items` and
/// numeric `with_sequence` (1 for `with_param`, unknown until run time), the pods of every
/// step of a nested graph template, 0 for suspend, 1 otherwise.
template <class S, class A>
std::uint64_t estimate_pods(const basic_workflow<S, A>& wf, const basic_step<S, A>& s);

/// @brief The splitter's graph of the entry graph of `wf`: vertex i is step i, edges in
/// insertion order, `bytes`/`pods`/`cost` from the estimates above, one group per template
/// (its bytes, with the templates it invokes, charged once per child); `daemon` marks the
/// steps whose template is a daemon (`daemon: true`), which the splitter keeps with their
/// direct successors; `glue` pairs each daemon with the steps whose arguments, `when` or
/// `withParam` reference it (`{{steps.D.ip}}`) without depending on it directly.
/// @param overhead set to the per-child overhead bytes (header, settings, workflow parameters);
///        put it into budget::part_overhead_bytes.
/// @throws std::logic_error if the entrypoint is not a graph template.
template <class S, class A>
dag extract_dag(const basic_workflow<S, A>& wf, std::uint64_t& overhead, const estimate_options& opt = {});

// The compiled mode instantiates these once, for the default types, in couler/src.hpp.
#define COULER_SPLIT_ESTIMATE_INSTANTIATIONS(ext) \
    ext template std::uint64_t estimate_step_bytes(const graph&, graph::vertex); \
    ext template std::uint64_t estimate_template_bytes(const step_template&, const estimate_options&); \
    ext template std::uint64_t estimate_pods(const workflow&, const step&); \
    ext template dag extract_dag(const workflow&, std::uint64_t&, const estimate_options&);
#if defined(COULER_SEPARATE_COMPILATION)
COULER_SPLIT_ESTIMATE_INSTANTIATIONS(extern)
#endif

} // namespace split
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/optimize/split/impl/estimate.hpp>
#endif

#endif
