// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_SIMULATOR_HPP
#define COULER_OPTIMIZE_CACHE_SIMULATOR_HPP

/// @file
/// @brief The trace-driven cache simulator.
///
/// It replays a trace (make_plan of the actual run times) against a cache of `capacity_bytes` run by one
/// eviction_policy:
/// - a task's start reads its inputs: an input produced by a task is a hit if cached; a miss
///   costs what miss_cost.hpp says (re-fetch, or recompute one level up, the cheaper);
///   the missed artifact is then offered to the cache again (read-through);
/// - a task's finish offers each of its outputs to the cache (write-through: remote storage
///   always has a copy, so an eviction never loses data);
/// - inputs from outside the workflow are not cached and not counted in hit ratios: every
///   policy pays the same for them.
/// Hits are checked for all inputs of a task before any miss is filled, so a task never
/// evicts its own inputs. The makespan replays the same dispatch order with each task lengthened
/// by the miss costs of its reads (paper Eq. 1 on P slots); the peak is the largest number of
/// bytes cached at once (Eq. 2 restricted to the cache).

#include <couler/optimize/cache/eviction_policy.hpp>
#include <couler/optimize/cache/miss_cost.hpp>
#include <couler/optimize/cache/plan.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace couler {
namespace cache {

/// @brief Knobs of a simulation.
struct sim_options {
    std::uint64_t capacity_bytes = 0;
    double bandwidth_bytes_per_second = 125e6; ///< remote storage (1 Gbit/s)
    bool allow_recompute = true;               ///< false: a miss is always a re-fetch
    bool record_decisions = false;             ///< keep the decision log (tests, engine match)

    /// @brief The miss-cost model these options describe (for policies and the bound too).
    cost_model costs() const
    {
        cost_model c;
        c.bandwidth_bytes_per_second = bandwidth_bytes_per_second;
        c.allow_recompute = allow_recompute;
        return c;
    }
};

/// @brief One cache decision, in trace order.
struct decision {
    enum class kind { insert, evict, refuse };
    kind what = kind::insert;
    std::uint64_t clock = 0;
    std::string id;
    friend bool operator==(const decision& a, const decision& b)
    {
        return a.what == b.what && a.clock == b.clock && a.id == b.id;
    }
};

/// @brief What a simulation reports.
struct sim_result {
    std::string policy;
    std::uint64_t capacity_bytes = 0;
    std::size_t slots = 1;
    std::uint64_t reads = 0, hits = 0;          ///< reads of task-produced artifacts
    std::uint64_t read_bytes = 0, hit_bytes = 0;
    std::uint64_t misses_fetched = 0, misses_recomputed = 0;
    std::uint64_t bytes_moved = 0;              ///< bytes fetched from remote storage on misses
    double transfer_seconds = 0;                ///< time spent fetching on misses
    double recompute_seconds = 0;               ///< run time of producers re-run on misses
    double miss_cost = 0;                       ///< transfer_seconds + recompute_seconds
    double makespan_seconds = 0;                ///< T, Eq. 1, with the miss costs
    double planned_makespan_seconds = 0;        ///< T with no miss at all
    std::uint64_t peak_cache_bytes = 0;         ///< S, Eq. 2, for the cache
    std::uint64_t insertions = 0, evictions = 0, refusals = 0;
    std::uint64_t external_reads = 0, external_bytes = 0; ///< inputs from outside (not cached)
    std::uint64_t intermediate_bytes = 0;
    std::vector<decision> decisions;            ///< if record_decisions

    double hit_ratio() const { return reads ? double(hits) / double(reads) : 1.0; }
    double byte_hit_ratio() const { return read_bytes ? double(hit_bytes) / double(read_bytes) : 1.0; }
};

/// @brief Replays the trace `p` over `m` with `policy` (which must be fresh, and for
/// DAG-aware policies bound to the same `m` and `p`). Throws std::logic_error if the policy
/// names a victim that is not cached.
/// @par Complexity O(events + reads · policy cost).
COULER_INLINE sim_result simulate(const workflow_model& m, const plan& p, eviction_policy& policy, const sim_options& o);

/// @brief The same, where the engine only knows `estimated`: a copy of `m` with other run
/// times. Misses are paid with `m`'s (actual) run times; the entries offered to the policy
/// carry costs computed from `estimated`. An online policy is then bound to `estimated` and
/// the plan made from it, while `p` is the trace of the actual run (evaluation.hpp).
/// Throws std::invalid_argument if `estimated` does not have `m`'s tasks and artifacts.
COULER_INLINE sim_result simulate(const workflow_model& m, const plan& p, eviction_policy& policy, const sim_options& o,
                                  const workflow_model& estimated);

/// @brief The cache entry the simulator offers for artifact `a` (also what a store should
/// pass, so that both make the same decisions): id `producer/name`, size, and the expected
/// miss cost (expected_miss_cost) under `c`.
COULER_INLINE entry make_entry(const workflow_model& m, index_t a, const cost_model& c);

/// @brief make_entry with the default cost model at another bandwidth.
COULER_INLINE entry make_entry(const workflow_model& m, index_t a, double bandwidth_bytes_per_second);

} // namespace cache
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/optimize/cache/impl/simulator.hpp>
#endif

#endif
