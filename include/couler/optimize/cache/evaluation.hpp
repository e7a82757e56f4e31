// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_EVALUATION_HPP
#define COULER_OPTIMIZE_CACHE_EVALUATION_HPP

/// @file
/// @brief What an engine can know against what it cannot: the setting in which the CLI and
/// the benchmark compare policies.
///
/// The workload's run times are the *actual* ones. The run is simulated with them: tasks are
/// dispatched dynamically when slots free up (make_plan on the actual run times), which gives
/// the trace. An online policy only knows *estimates*, actual × e^(σ·Z), Z standard normal
/// per task (a log-normal error, median-unbiased), drawn from `seed`; it is built on a copy of
/// the model with those run times and on the plan made from them, so its idea of the order
/// differs from the trace when σ > 0. The offline `belady` is given the actual model and the
/// trace. With σ = 0 the plan is the trace: every policy knows the future order.

#include <couler/optimize/cache/lower_bound.hpp>
#include <couler/optimize/cache/make_policy.hpp>
#include <couler/optimize/cache/simulator.hpp>

#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>

namespace couler {
namespace cache {

/// @brief A copy of `actual` whose run times are multiplied by e^(σ·Z), one standard normal Z
/// per task in index order from a 64-bit Mersenne twister seeded with `seed` (Box–Muller, so
/// the draws are the same with every standard library). σ = 0 returns an exact copy.
/// Throws std::invalid_argument if σ is negative or not finite.
inline workflow_model with_estimate_error(const workflow_model& actual, double sigma, std::uint64_t seed)
{
    if (!(sigma >= 0) || !std::isfinite(sigma))
        throw std::invalid_argument("the estimate error sigma must be a finite number >= 0");
    workflow_model est = actual;
    if (sigma == 0)
        return est;
    std::mt19937_64 gen(seed);
    auto uniform = [&] { return (double(gen() >> 11) + 0.5) * (1.0 / 9007199254740992.0); }; // (0, 1)
    const double two_pi = 6.283185307179586;
    for (auto& t : est.tasks) {
        double z = std::sqrt(-2.0 * std::log(uniform())) * std::cos(two_pi * uniform());
        t.runtime_seconds *= std::exp(sigma * z);
    }
    return est;
}

/// @brief One workload under one estimate error: the actual trace, the estimates, the plan.
class evaluation {
public:
    /// @brief `actual` must outlive the evaluation. Throws std::invalid_argument if the task
    /// graph has a cycle, `slots` is 0 or σ is invalid.
    evaluation(const workflow_model& actual, std::size_t slots, double sigma = 0, std::uint64_t seed = 0)
        : actual_(&actual), trace_(make_plan(actual, slots)), estimated_(with_estimate_error(actual, sigma, seed)),
          planned_(sigma == 0 ? trace_ : make_plan(estimated_, slots))
    {
    }

    const workflow_model& actual() const { return *actual_; }
    /// @brief The simulated run: dispatch with the actual run times.
    const plan& trace() const { return trace_; }
    /// @brief The model with the estimated run times (what online policies know).
    const workflow_model& estimated() const { return estimated_; }
    /// @brief The schedule the engine plans from its estimates.
    const plan& planned() const { return planned_; }

    /// @brief A fresh policy by name, told what it may know: belady the actual model and trace,
    /// the others the estimates and the plan. Its cost model is the simulation's (`o`), so
    /// --bandwidth and --no-recompute reach every cost estimate. nullptr if the name is unknown.
    std::unique_ptr<eviction_policy> make(std::string_view name, const sim_options& o, policy_options po = {}) const
    {
        po.couler.cost = o.costs();
        if (is_offline(name))
            return make_policy(name, *actual_, trace_, po);
        return make_policy(name, estimated_, planned_, po);
    }

    /// @brief Simulates policy `name` on the trace. Throws std::invalid_argument if the name is unknown.
    sim_result run(std::string_view name, const sim_options& o, const policy_options& po = {}) const
    {
        auto p = make(name, o, po);
        if (!p)
            throw std::invalid_argument("unknown cache policy '" + std::string(name) + "'");
        return simulate(p.get(), o, is_offline(name));
    }

    /// @brief Simulates a policy the caller built (an online one, bound to estimated() and planned()).
    sim_result simulate(eviction_policy* p, const sim_options& o, bool offline = false) const
    {
        return cache::simulate(*actual_, trace_, *p, o, offline ? *actual_ : estimated_);
    }

    /// @brief The lower bound on any policy's miss cost at capacity `o.capacity_bytes`.
    bound_result lower_bound(const sim_options& o, const bound_options& bo = {}) const
    {
        return miss_cost_lower_bound(*actual_, trace_, o.capacity_bytes, o.costs(), bo);
    }

private:
    const workflow_model* actual_;
    plan trace_;
    workflow_model estimated_;
    plan planned_;
};

} // namespace cache
} // namespace couler

#endif
