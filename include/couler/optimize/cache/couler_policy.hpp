// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_COULER_POLICY_HPP
#define COULER_OPTIMIZE_CACHE_COULER_POLICY_HPP

/// @file
/// @brief Our own policy, `couler`: keep the bytes that save the most miss cost per byte and
/// per unit of schedule time they occupy.
///
/// For each cached artifact (and the newcomer) it uses only what an engine knows before it
/// runs: the DAG, sizes, expected run times and its own dispatch plan.
/// - miss cost c(u) = expected_miss_cost (miss_cost.hpp, the simulator's formula with nothing
///   cached): the cheaper of re-fetching and recomputing one level up, or re-fetching only if
///   the cost model forbids recomputing;
/// - distance d(u) = planned dispatch rank of u's next unstarted consumer minus "now";
/// - key = size × d / c, the byte-time the entry holds per second of miss it saves.
/// The largest key is dropped first; artifacts nobody will read again (d = ∞) go before any
/// other, largest first; a newcomer whose key is the largest is not stored.
/// Unlike the paper's factor it looks at *when* the artifact is needed and at what a miss
/// really costs; unlike mrd and belady it is cost-aware. No parameter is tuned per workload.

#include <couler/optimize/cache/detail/scan_policy.hpp>
#include <couler/optimize/cache/miss_cost.hpp>

#include <algorithm>
#include <vector>

namespace couler {
namespace cache {

/// @brief Knobs of the couler policy (none is tuned per workload).
struct couler_policy_options {
    cost_model cost; ///< what a miss costs: the simulator's model (bandwidth, recompute or not)
};

/// @brief The couler policy: cost-aware farthest-next-use over the planned schedule.
class couler_policy : public detail::scan_policy {
public:
    couler_policy(const workflow_model& m, const plan& p, couler_policy_options o = {})
        : scan_policy(m, p, true), cost_(m.artifacts.size(), 0)
    {
        for (index_t a = 0; a < m.artifacts.size(); ++a)
            cost_[a] = expected_miss_cost(m, a, o.cost);
    }
    std::string_view name() const override { return "couler"; }

    /// @brief The miss cost the policy expects for artifact `a`, in seconds.
    double miss_cost(index_t a) const { return cost_[a]; }

protected:
    double evict_key(const slot& t) const override
    {
        double size = double(t.e.size_bytes) + 1.0;
        std::uint64_t d = distance(t);
        if (d == detail::dag_progress::never)
            return 1e40 * size;
        double c = t.artifact == no_index ? t.e.cost_seconds : cost_[t.artifact];
        return size * double(d) / std::max(c, 1e-9);
    }

private:
    std::vector<double> cost_;
};

} // namespace cache
} // namespace couler

#endif
