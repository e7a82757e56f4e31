// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_SPLIT_DAG_HPP
#define COULER_OPTIMIZE_SPLIT_DAG_HPP

/// @file
/// @brief The lightweight graph the splitter works on: compressed adjacency (CSR) with the
/// per-step weights the budgets need. A million steps cost ~40 bytes each here, against
/// several hundred in the IR, and every pass is a linear scan over flat arrays.

#include <couler/config.hpp>

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace couler {
namespace split {

/// @brief A vertex (step) index.
using vid = std::uint32_t;
/// @brief "No group" in dag::group.
inline constexpr std::uint32_t no_group = std::numeric_limits<std::uint32_t>::max();

/// @brief A DAG with per-vertex weights, in compressed sparse row form.
///
/// Successors of `v` are `out[out_begin[v] .. out_begin[v+1])`, in the order the edges were
/// given (Algorithm 3's DFS follows that order); predecessors likewise through `in`.
///
/// A part's byte size is `part_overhead_bytes + sum(bytes[v]) + sum(group_bytes[g])` over the
/// distinct groups of its vertices: a group is what several steps share and a child carries
/// once (the step template they invoke).
struct dag {
    std::vector<std::uint32_t> out_begin{0}, out; ///< successors, CSR
    std::vector<std::uint32_t> in_begin{0}, in;   ///< predecessors, CSR
    std::vector<std::uint64_t> bytes;             ///< emitted bytes of the step itself
    std::vector<std::uint64_t> pods;              ///< pods the step creates
    std::vector<double> cost;                     ///< expected run time (seconds, or 1)
    std::vector<std::uint32_t> group;             ///< shared payload id (template), or no_group
    std::vector<std::uint64_t> group_bytes;       ///< bytes of each group, charged once per part
    /// Non-zero for a daemon step: a service that lives only while its workflow runs, so it
    /// must share a part with every direct successor (the steps that read it). Empty: none.
    /// The splitter keeps such a step, its successors and whatever lies on paths between them
    /// in one unit (see split_dag).
    std::vector<std::uint8_t> daemon;
    /// Pairs (daemon, reader) that must share a part besides the daemon's successors: a step
    /// that reads the daemon (`{{steps.D.ip}}`) through a longer path. The unit then also takes
    /// what lies between them.
    std::vector<std::pair<vid, vid>> glue;

    /// @brief Number of vertices.
    std::size_t size() const { return bytes.size(); }
    /// @brief Number of edges.
    std::size_t edge_count() const { return out.size(); }

    /// @brief Successors of v as a [begin, end) pointer pair.
    std::pair<const std::uint32_t*, const std::uint32_t*> successors(vid v) const
    {
        return {out.data() + out_begin[v], out.data() + out_begin[v + 1]};
    }
    /// @brief Predecessors of v as a [begin, end) pointer pair.
    std::pair<const std::uint32_t*, const std::uint32_t*> predecessors(vid v) const
    {
        return {in.data() + in_begin[v], in.data() + in_begin[v + 1]};
    }

    /// @brief A DAG of `n` unit vertices from an edge list.
    ///
    /// Every vertex gets bytes 1, pods 1, cost 1, no group and no daemon; set the arrays afterwards for
    /// other weights. Edge order per source is kept. Self loops and duplicate edges are kept
    /// as given (the splitter counts them; the IR never has them).
    /// @par Complexity O(V+E).
    static dag from_edges(std::size_t n, const std::vector<std::pair<vid, vid>>& edges);
};

} // namespace split
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/optimize/split/impl/dag.hpp>
#endif

#endif
