// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_MODEL_HPP
#define COULER_OPTIMIZE_CACHE_MODEL_HPP

/// @file
/// @brief The flat view of a workflow the cache optimizer works on: tasks with run times,
/// artifacts with sizes, who produces and who consumes each one.
///
/// Built once from an IR workflow (make_model) or by hand in tests. Indices instead of
/// names, so the simulator replays an 11k-task trace in milliseconds.

#include <couler/ir/error.hpp>
#include <couler/ir/workflow.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace couler {
namespace cache {

/// @brief Index of a task or an artifact in a workflow_model (not `index`: POSIX declares ::index).
using index_t = std::uint32_t;

/// @brief "No task": the producer of an artifact that comes from outside the workflow.
inline constexpr index_t no_index = std::numeric_limits<index_t>::max();

/// @brief One step of the workflow, as the cache sees it.
struct model_task {
    std::string name;
    double runtime_seconds = 0;
    std::vector<index_t> inputs;  ///< artifacts read when the task starts
    std::vector<index_t> outputs; ///< artifacts written when it finishes
};

/// @brief One artifact: a produced output, or an input from outside the workflow.
struct model_artifact {
    std::string name;             ///< the artifact's name (a file name for workloads)
    index_t producer = no_index;    ///< the task that writes it, or no_index
    std::uint64_t size_bytes = 0;
    std::vector<index_t> consumers; ///< tasks that read it, in insertion order
};

/// @brief Tasks, artifacts and the task graph (data edges plus explicit dependencies).
class workflow_model {
public:
    std::vector<model_task> tasks;
    std::vector<model_artifact> artifacts;
    std::vector<std::vector<index_t>> parents, children; ///< task graph, no duplicate edges

    /// @brief Adds a task; names must be unique (checked by make_model, not here).
    index_t add_task(std::string name, double runtime_seconds);

    /// @brief Adds an artifact produced by `producer` (no_index: an external input).
    /// External inputs with one name are one artifact.
    index_t add_artifact(std::string name, index_t producer, std::uint64_t size_bytes);

    /// @brief `consumer` reads `a`; adds the producer -> consumer edge.
    void add_input(index_t consumer, index_t a);

    /// @brief Adds the task edge `from -> to` unless present.
    void add_edge(index_t from, index_t to);

    /// @brief The task with that name.
    std::optional<index_t> find_task(std::string_view name) const;

    /// @brief The artifact `name` produced by task `producer` (empty producer: external input).
    std::optional<index_t> find_artifact(std::string_view producer, std::string_view name) const;

    /// @brief Produced by a task and read by at least one: what the cache is for.
    bool is_intermediate(index_t a) const
    {
        return artifacts[a].producer != no_index && !artifacts[a].consumers.empty();
    }

    /// @brief Summed size of the intermediate artifacts (the base of "capacity = 20%").
    std::uint64_t intermediate_bytes() const;

    /// @brief The cache key of an artifact: `producer/name`, or `/name` for external inputs.
    std::string key(index_t a) const;

    /// @brief Total degree (in + out) of a task in the task graph: d_i of paper Eq. 3 and Eq. 5.
    std::size_t degree(index_t t) const { return parents[t].size() + children[t].size(); }

    /// @brief True if the edge `from -> to` exists (A_ij of paper Eq. 3 and Eq. 5).
    bool has_edge(index_t from, index_t to) const;

private:
    std::unordered_map<std::string, index_t> task_index_, artifact_index_;
};

/// @brief Flattens the entry graph of an IR workflow.
///
/// A step's outputs are its template's output artifacts (size from `size_bytes`, 0 if
/// unknown); its inputs are its `artifact_arguments`: one whose `from` names
/// `{{tasks.X.outputs.artifacts.Y}}` (or `steps.`) reads X's output Y, any other is an
/// external input keyed by name. A step's runtime is its `cost_seconds` (0 if unknown).
/// Unresolvable references and duplicate names are reported in `out`.
template <class S, class A> workflow_model make_model(const basic_workflow<S, A>& wf, problems& out);

// The compiled mode instantiates these once, for the default types, in couler/src.hpp.
#define COULER_CACHE_MODEL_INSTANTIATIONS(ext) \
    ext template workflow_model make_model(const workflow&, problems&);
#if defined(COULER_SEPARATE_COMPILATION)
COULER_CACHE_MODEL_INSTANTIATIONS(extern)
#endif

} // namespace cache
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/optimize/cache/impl/model.hpp>
#endif

#endif
