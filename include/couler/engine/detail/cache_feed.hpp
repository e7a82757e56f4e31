// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_DETAIL_CACHE_FEED_HPP
#define COULER_ENGINE_DETAIL_CACHE_FEED_HPP

// What the engine tells the store's eviction policy, so that it decides as the cache simulator
// does: the workflow model and the plan a DAG-aware policy is built with, and the entry
// (producer, artifact, cost) of each artifact a step writes.
//
// The model is the entry graph flattened by cache::make_model; the plan is cache::make_plan on
// the run's number of slots. Steps are named in the model as the engine names the root
// scope's invocations (`train`), so a DAG-aware policy recognises them; map items
// (`train(2)`), exec_while iterations (`flip#3`) and steps of sub-workflows (`sub/x`) are
// unknown to the model and scored as DAG-blind entries.

#include <couler/ir/workflow.hpp>
#include <couler/optimize/cache/make_policy.hpp>
#include <couler/optimize/cache/model.hpp>
#include <couler/optimize/cache/plan.hpp>
#include <couler/optimize/cache/simulator.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace couler {
namespace engine {
namespace detail {

class cache_feed {
public:
    /// `slots`: steps the engine runs at once (the plan's P).
    cache_feed(const workflow& wf, std::size_t slots)
    {
        problems ps;
        model_ = cache::make_model(wf, ps); // unresolved references only lose DAG knowledge
        declared_.assign(model_.tasks.size(), 0);
        const auto* entry = wf.find_template(wf.entrypoint);
        if (entry && entry->graph()) {
            const auto& g = *entry->graph();
            for (std::size_t v = 0; v < g.size() && v < declared_.size(); ++v)
                declared_[v] = g[v].cost_seconds.has_value();
        }
        try {
            plan_ = cache::make_plan(model_, std::max<std::size_t>(slots, 1));
        } catch (const std::exception&) {
            model_ = cache::workflow_model{}; // a cycle: validate() refuses it before we run
            declared_.clear();
            plan_ = cache::make_plan(model_, 1);
        }
    }
    cache_feed(const cache_feed&) = delete;
    cache_feed& operator=(const cache_feed&) = delete;

    const cache::workflow_model& model() const { return model_; }
    const cache::plan& plan() const { return plan_; }

    /// The policy for `name` bound to this model and plan; nullptr if the name is unknown.
    std::unique_ptr<cache::eviction_policy> make_policy(const std::string& name) const
    {
        return cache::make_policy(name, model_, plan_);
    }

    /// The entry for output `artifact` of `producer` (`size` bytes). The cost is the one the
    /// simulator uses (cache::make_entry: the cheaper of re-fetching and recomputing from the
    /// step's declared cost_seconds) when the model knows the artifact and the step declares a
    /// cost; otherwise the same formula with the measured wall time of the step's successful
    /// attempt and the bytes of its inputs.
    cache::entry hint(const std::string& producer, const std::string& artifact, std::uint64_t size,
                      double measured_seconds, std::uint64_t input_bytes) const
    {
        cache::entry e;
        e.producer = producer;
        e.artifact = artifact;
        e.size_bytes = size;
        auto a = model_.find_artifact(producer, artifact);
        if (a && model_.artifacts[*a].producer != cache::no_index && declared_[model_.artifacts[*a].producer]) {
            e.cost_seconds = cache::make_entry(model_, *a, bandwidth).cost_seconds;
            return e;
        }
        cache::cost_model c; // the simulator's formula, with the measured run time
        c.bandwidth_bytes_per_second = bandwidth;
        e.cost_seconds = c.choose(c.fetch_seconds(size), std::max(measured_seconds, 0.0), c.fetch_seconds(input_bytes));
        return e;
    }

    /// Remote-storage bandwidth the costs assume: the simulator's and the couler policy's default.
    static constexpr double bandwidth = 125e6;

private:
    cache::workflow_model model_;
    cache::plan plan_;
    std::vector<char> declared_; // task -> the step declares cost_seconds
};

} // namespace detail
} // namespace engine
} // namespace couler

#endif
