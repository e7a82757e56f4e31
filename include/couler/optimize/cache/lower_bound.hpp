// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_LOWER_BOUND_HPP
#define COULER_OPTIMIZE_CACHE_LOWER_BOUND_HPP

/// @file
/// @brief A true lower bound on the miss cost of every policy the simulator can run, for
/// one trace and capacity (variable sizes and costs; Belady is only a heuristic there).
///
/// The simulator's rules make a hit a matter of intervals. An artifact enters the cache only
/// when it is offered: when its producer finishes, or right after one of its reads missed
/// (read-through). So the k-th read of artifact a is a hit only if a stayed cached at every
/// event boundary from the previous offer point (the producer's finish, or read k−1) up to
/// that read. Call that the read's interval, x_i = 1 if the read hits. Any run of any policy
/// gives x with, at every boundary b, Σ_{i ∋ b} size_i·x_i ≤ C (the cache never holds more),
/// x_i = 0 if size_i > C (it can never be stored), and its miss cost is at least
/// Σ_i (1 − x_i)·c_i, where c_i = least_miss_cost (miss_cost.hpp): a miss costs at least the
/// cheaper of fetching a and recomputing it with every intermediate input already cached.
/// So min Σ_i (1 − x_i)·c_i over 0 ≤ x ≤ 1 under these constraints, the LP relaxation of
/// Berger et al.'s interval formulation (SIGMETRICS 2018, FOO), is below every policy's cost.
///
/// We do not solve that LP exactly; we bound it from below by weak duality. For any λ ≥ 0 on
/// the boundaries, the saving Σ c_i·x_i of a feasible x is at most
///     D(λ) = C·Σ_b λ_b + Σ_i max(0, c_i − size_i·Σ_{b ∈ i} λ_b),
/// so Σ_i c_i − D(λ) is a lower bound for *every* λ ≥ 0: a poor λ only makes it weaker, never
/// invalid. λ starts at Berger et al.'s PFOO-L (one λ for all boundaries: the fractional
/// knapsack over byte-time) and is then improved by projected subgradient steps on D.

#include <couler/optimize/cache/miss_cost.hpp>
#include <couler/optimize/cache/plan.hpp>

#include <cstddef>
#include <cstdint>

namespace couler {
namespace cache {

/// @brief Knobs of the bound (they change its tightness, never its validity).
struct bound_options {
    std::size_t iterations = 400; ///< subgradient steps after PFOO-L (0: PFOO-L alone)
};

/// @brief The bound and how it was reached.
struct bound_result {
    double miss_cost = 0;       ///< the lower bound, seconds
    double pfoo_l = 0;          ///< the bound at PFOO-L's λ alone
    double unavoidable = 0;     ///< reads of artifacts larger than the cache (always missed)
    double total = 0;           ///< Σ c_i: every read missed at its least cost
    /// The cost of an integral solution of the interval problem (greedy, not a policy run):
    /// the LP's optimum lies between miss_cost and this, so their gap bounds the slack of λ.
    double interval_greedy = 0;
    std::size_t intervals = 0;  ///< reads of produced artifacts
    std::size_t boundaries = 0; ///< event boundaries of the trace
};

/// @brief The lower bound on the miss cost of any policy replaying `trace` over `m` with
/// capacity `capacity_bytes` and cost model `c` (run times from `m`: the actual ones).
/// @par Complexity O(reads log reads + iterations · (reads + events)).
COULER_INLINE bound_result miss_cost_lower_bound(const workflow_model& m, const plan& trace, std::uint64_t capacity_bytes,
                                                 const cost_model& c, const bound_options& o = {});

} // namespace cache
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/optimize/cache/impl/lower_bound.hpp>
#endif

#endif
