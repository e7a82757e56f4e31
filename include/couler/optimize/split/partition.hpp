// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_SPLIT_PARTITION_HPP
#define COULER_OPTIMIZE_SPLIT_PARTITION_HPP

/// @file
/// @brief Splitting a DAG into budgeted parts (paper §IV.B): the paper's Algorithm 3 as a
/// named baseline, plain topological chunking, and the production splitter (chunking refined
/// by boundary moves that keep the quotient acyclic); and the analysis of any partition.

#include <couler/optimize/split/budget.hpp>
#include <couler/optimize/split/dag.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace couler {
namespace split {

/// @brief An assignment of every vertex to exactly one part.
///
/// Parts are numbered 0..parts-1. The production splitter numbers them in a topological order
/// of the quotient, so creating children in index order always respects dependencies.
struct partition {
    std::vector<std::uint32_t> part_of; ///< the part of each vertex
    std::size_t parts = 0;
};

/// @brief The splitting algorithms, by the name the CLI and the benchmarks use.
enum class method {
    algorithm3,         ///< the paper's Algorithm 3: DFS preorder, greedy fill (baseline; may be cyclic)
    topological_chunks, ///< consecutive chunks of Kahn's (FIFO) topological order (baseline; acyclic)
    refined             ///< production: chunking refined by acyclic boundary moves, then merging
};

/// @brief `"algorithm3"`, `"topo-chunks"`, `"refined"`.
COULER_INLINE const char* to_string(method m) noexcept;
/// @brief Parses the names above (and `"dfs"` for algorithm3, `"ours"` for refined); false if unknown.
COULER_INLINE bool from_string(const std::string& s, method& out) noexcept;

/// @brief What the production splitter optimises once budgets and the part count are met.
enum class objective {
    cut,         ///< fewest cut edges (artifacts crossing children)
    parallelism, ///< shortest quotient critical path (parts run as units), then fewest cut edges
    balanced     ///< fewest cut edges among candidates within 1.25x the shortest quotient critical path
};

/// @brief Knobs of the production splitter.
struct split_options {
    objective goal = objective::balanced;
    bool refine = true;     ///< move boundary vertices between neighbouring parts to cut fewer edges
    bool merge = true;      ///< merge neighbouring parts whose union fits every budget
    int passes = 2;         ///< refinement passes at most (each vertex moves at most once a pass)
    double slack = 0.05;    ///< extra parts allowed beyond the greedy count, to leave room for moves
};

/// @brief A daemon step, its direct successors and what lies on paths between them must share
/// one part (a daemon lives only while its own workflow runs), and together they are more
/// steps than the step budget: no split can keep them together. split_to_argo() rethrows it
/// as std::invalid_argument naming the step.
struct daemon_unit_too_big : std::invalid_argument {
    vid daemon;                 ///< the daemon vertex
    std::size_t steps;          ///< steps that must share its part
    std::uint64_t max_steps;    ///< the budget
    daemon_unit_too_big(vid d, std::size_t s, std::uint64_t m)
        : std::invalid_argument("couler::split: daemon step #" + std::to_string(d) + " must share a part with the " +
                                std::to_string(s - 1) + " steps that read it (or lie between them), " +
                                std::to_string(s) + " steps in all, over the step budget of " + std::to_string(m)),
          daemon(d), steps(s), max_steps(m)
    {
    }
};

/// @brief The paper's Algorithm 3 read literally: roots in index order, a depth-first walk
/// following successors in edge order, each vertex appended in preorder to the current
/// candidate, which is closed when the vertex would break a budget.
///
/// DFS preorder is not a topological order, so parts can depend on each other (see
/// docs/splitting.md); use analyze() to see it. Lines 8-12 (emit the whole unvisited rest when
/// it fits) are left out: as printed they emit the rest and drop the open candidate.
/// As the paper's baseline it ignores daemon steps (dag::daemon); analyze() counts the daemons
/// it separates from a reader.
/// @par Complexity O(V+E), iterative (no recursion depth limit).
COULER_INLINE partition algorithm3(const dag& g, const budget& b);

/// @brief Consecutive chunks of Kahn's FIFO topological order, each as full as the budgets
/// allow. Always acyclic; the plain baseline the production splitter must not lose to.
/// Keeps daemon units whole, as split_dag does.
/// Throws std::invalid_argument if the graph has a cycle, daemon_unit_too_big as split_dag.
/// @par Complexity O(V+E).
COULER_INLINE partition topological_chunks(const dag& g, const budget& b);

/// @brief The production splitter.
///
/// Candidates: chunks of two topological orders (Kahn FIFO, and a depth-first Kahn that keeps
/// chains together), each cut greedily and evenly (with `slack` more parts), and plain
/// chunking itself. The even cuts leave room in every part, and are refined: each
/// keeps its parts in a line and only moves a vertex to the neighbouring part when every
/// successor (moving right) or predecessor (moving left) already lies beyond, so all edges keep
/// pointing forward and the quotient stays acyclic; moves are taken best gain first from a
/// heap, within budgets. Neighbouring parts whose union fits are then merged. The candidate
/// that best meets `opt.goal`, among those with at most max(greedy, 1.1 x lower bound) parts
/// and no more cut edges than plain chunking, wins; the FIFO greedy candidate always
/// qualifies (moves only lower the cut, merges and moves never add parts).
///
/// Daemon steps (dag::daemon): a daemon, its direct successors and every vertex on a path
/// between them form a unit that is budgeted, ordered and placed as one (the chunking closes a
/// part before a unit that does not fit, the refinement never moves a unit's vertices).
///
/// The result's quotient is checked acyclic and every unit whole (std::logic_error otherwise: a bug).
/// Throws std::invalid_argument if the graph has a cycle; daemon_unit_too_big if a unit has
/// more steps than `b.max_steps`.
/// @par Complexity O((V+E) log V) per candidate and pass.
COULER_INLINE partition split_dag(const dag& g, const budget& b, const split_options& opt = {});

/// @brief Runs the named method.
COULER_INLINE partition run(method m, const dag& g, const budget& b, const split_options& opt = {});

/// @brief The quotient graph: one vertex per part, an edge p -> q when some edge crosses from p to q.
struct quotient {
    std::vector<std::uint32_t> out_begin, out; ///< CSR, successors of each part, deduplicated
    std::size_t size() const { return out_begin.empty() ? 0 : out_begin.size() - 1; }
};

/// @brief Builds the quotient graph. @par Complexity O(V+E).
COULER_INLINE quotient quotient_graph(const dag& g, const partition& p);

/// @brief Sizes of each part, measured as the budgets measure them.
struct part_sizes {
    std::vector<std::uint64_t> steps, bytes, pods, groups;
};
/// @brief Measures every part. @par Complexity O(V).
COULER_INLINE part_sizes measure(const dag& g, const partition& p, const budget& b);

/// @brief What the CLI and the benchmarks report about a partition.
struct report {
    std::size_t steps = 0, edges = 0, parts = 0;
    std::size_t lower_bound_parts = 0; ///< max over budgets of ceil(total / budget)
    bool acyclic = false;              ///< the quotient has no cycle: the parts can be scheduled
    std::vector<std::uint32_t> cycle;  ///< if not acyclic: parts on one cycle, in order
    std::size_t cut_edges = 0;         ///< edges whose ends lie in different parts
    std::size_t quotient_edges = 0;
    std::size_t quotient_depth = 0;    ///< parts on the longest chain of the quotient (0 if cyclic)
    double critical_path = 0;          ///< the original DAG's cost-weighted critical path (Eq. 1)
    double quotient_critical_path = -1;///< parts run as units: longest chain of part makespans (-1 if cyclic)
    std::uint64_t largest_part_steps = 0, largest_part_bytes = 0, largest_part_pods = 0, largest_part_groups = 0;
    std::size_t parts_over_budget = 0; ///< parts breaking a budget (only a single oversized step or daemon unit can)
    std::size_t daemons_apart = 0;     ///< daemon steps with a direct successor in another part (must be 0)
};

/// @brief Analyses a partition: acyclicity, cut, quotient depth and critical paths, sizes.
/// @par Complexity O(V+E).
COULER_INLINE report analyze(const dag& g, const partition& p, const budget& b);

} // namespace split
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/optimize/split/impl/partition.hpp>
#endif

#endif
