// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_MISS_COST_HPP
#define COULER_OPTIMIZE_CACHE_MISS_COST_HPP

/// @file
/// @brief The one formula for what a cache miss costs. The simulator charges it, the
/// policies that weigh cost (couler, gds through `entry::cost_seconds`) estimate it, the
/// lower bound minimises it, and the engine's store fills its entries with it.
///
/// A missed artifact is re-fetched from remote storage (size / bandwidth) or, if allowed,
/// recomputed: its producer runs again (its run time) after fetching those of its own inputs
/// that are not cached. Whichever is cheaper is paid. Recomputation goes one level up only.

#include <couler/optimize/cache/model.hpp>

#include <algorithm>

namespace couler {
namespace cache {

/// @brief What a miss may do and at which speed.
struct cost_model {
    double bandwidth_bytes_per_second = 125e6; ///< remote storage (1 Gbit/s)
    bool allow_recompute = true;               ///< false: a miss is always a re-fetch

    /// @brief Seconds to move `bytes` from remote storage.
    double fetch_seconds(std::uint64_t bytes) const
    {
        return double(bytes) / std::max(bandwidth_bytes_per_second, 1.0);
    }

    /// @brief The formula: `fetch` (re-fetch the artifact) or `rerun + inputs_fetch`
    /// (recompute it), the cheaper when recomputing is allowed.
    double choose(double fetch, double rerun, double inputs_fetch) const
    {
        return allow_recompute ? std::min(fetch, rerun + inputs_fetch) : fetch;
    }

    /// @brief True if a miss of that price is paid by recomputing (ties go to fetching).
    bool recomputes(double fetch, double rerun, double inputs_fetch) const
    {
        return allow_recompute && rerun + inputs_fetch < fetch;
    }
};

/// @brief How one miss is paid.
struct miss_price {
    double seconds = 0;          ///< what it costs: transfer plus rerun
    bool recomputed = false;     ///< true: the producer ran again
    double rerun_seconds = 0;    ///< the producer's run time, if recomputed
    std::uint64_t bytes_moved = 0; ///< bytes fetched from remote storage
};

/// @brief How missing artifact `a` of `m` (run times from `m`) is paid when `cached(b)` says
/// which artifacts are cached. External inputs (no producer) are never cached and can only
/// be fetched. @par Complexity O(inputs of the producer).
template <class Cached>
miss_price price_miss(const workflow_model& m, index_t a, const cost_model& c, Cached cached)
{
    const auto& art = m.artifacts[a];
    miss_price p;
    p.seconds = c.fetch_seconds(art.size_bytes);
    p.bytes_moved = art.size_bytes;
    if (art.producer == no_index)
        return p;
    std::uint64_t inputs = 0;
    for (index_t b : m.tasks[art.producer].inputs)
        if (m.artifacts[b].producer == no_index || !cached(b))
            inputs += m.artifacts[b].size_bytes;
    const double rerun = std::max(0.0, m.tasks[art.producer].runtime_seconds);
    if (c.recomputes(p.seconds, rerun, c.fetch_seconds(inputs))) {
        p.seconds = c.choose(p.seconds, rerun, c.fetch_seconds(inputs));
        p.recomputed = true;
        p.rerun_seconds = rerun;
        p.bytes_moved = inputs;
    }
    return p;
}

/// @brief The cost alone of price_miss.
template <class Cached> double miss_cost(const workflow_model& m, index_t a, const cost_model& c, Cached cached)
{
    return price_miss(m, a, c, cached).seconds;
}

/// @brief The miss cost an engine expects before knowing what will be cached: nothing is
/// (`entry::cost_seconds`, the couler policy's c(u)).
inline double expected_miss_cost(const workflow_model& m, index_t a, const cost_model& c)
{
    return miss_cost(m, a, c, [](index_t) { return false; });
}

/// @brief The least a miss of `a` can cost, whatever is cached: every intermediate input of
/// the producer cached, only external ones fetched (the lower bound's price of a miss).
inline double least_miss_cost(const workflow_model& m, index_t a, const cost_model& c)
{
    return miss_cost(m, a, c, [](index_t) { return true; });
}

} // namespace cache
} // namespace couler

#endif
