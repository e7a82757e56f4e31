// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_IMPL_SIMULATOR_HPP
#define COULER_OPTIMIZE_CACHE_IMPL_SIMULATOR_HPP

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace couler {
namespace cache {

COULER_INLINE entry make_entry(const workflow_model& m, index_t a, const cost_model& c)
{
    const auto& art = m.artifacts[a];
    entry e;
    e.id = m.key(a);
    e.size_bytes = art.size_bytes;
    e.artifact = art.name;
    if (art.producer != no_index)
        e.producer = m.tasks[art.producer].name;
    e.cost_seconds = expected_miss_cost(m, a, c);
    return e;
}

COULER_INLINE entry make_entry(const workflow_model& m, index_t a, double bandwidth_bytes_per_second)
{
    cost_model c;
    c.bandwidth_bytes_per_second = bandwidth_bytes_per_second;
    return make_entry(m, a, c);
}

COULER_INLINE sim_result simulate(const workflow_model& m, const plan& p, eviction_policy& policy,
                                  const sim_options& o)
{
    return simulate(m, p, policy, o, m);
}

COULER_INLINE sim_result simulate(const workflow_model& m, const plan& p, eviction_policy& policy,
                                  const sim_options& o, const workflow_model& estimated)
{
    if (estimated.tasks.size() != m.tasks.size() || estimated.artifacts.size() != m.artifacts.size())
        throw std::invalid_argument("simulate: the estimated model is not a copy of the simulated one");
    sim_result r;
    r.policy = std::string(policy.name());
    r.capacity_bytes = o.capacity_bytes;
    r.slots = p.slots;
    r.intermediate_bytes = m.intermediate_bytes();
    r.planned_makespan_seconds = p.makespan;
    const cost_model costs = o.costs();

    std::vector<char> cached(m.artifacts.size(), 0);
    std::unordered_map<std::string, index_t> by_id;
    std::vector<entry> entries(m.artifacts.size());
    for (index_t a = 0; a < m.artifacts.size(); ++a)
        if (m.artifacts[a].producer != no_index) {
            entries[a] = make_entry(estimated, a, costs); // what the engine expects, not what it will pay
            by_id.emplace(entries[a].id, a);
        }
    std::uint64_t used = 0;
    std::vector<double> duration(m.tasks.size());
    for (index_t t = 0; t < m.tasks.size(); ++t)
        duration[t] = m.tasks[t].runtime_seconds;

    std::uint64_t clock = 0;
    auto log = [&](decision::kind k, const std::string& id) {
        if (o.record_decisions)
            r.decisions.push_back({k, clock, id});
    };
    auto offer = [&](index_t a) {
        if (cached[a])
            return;
        const entry& e = entries[a];
        if (!policy.admit(e, o.capacity_bytes)) {
            ++r.refusals;
            log(decision::kind::refuse, e.id);
            return;
        }
        while (used + e.size_bytes > o.capacity_bytes) {
            auto v = policy.victim_for(e);
            if (!v)
                break;
            if (*v == e.id) {
                ++r.refusals;
                log(decision::kind::refuse, e.id);
                return;
            }
            auto f = by_id.find(*v);
            if (f == by_id.end() || !cached[f->second])
                throw std::logic_error("cache policy '" + r.policy + "' chose '" + *v + "', which is not cached");
            cached[f->second] = 0;
            used -= m.artifacts[f->second].size_bytes;
            policy.on_erase(*v);
            ++r.evictions;
            log(decision::kind::evict, *v);
        }
        if (used + e.size_bytes > o.capacity_bytes) {
            ++r.refusals;
            log(decision::kind::refuse, e.id);
            return;
        }
        cached[a] = 1;
        used += e.size_bytes;
        r.peak_cache_bytes = std::max(r.peak_cache_bytes, used);
        policy.on_insert(e, clock);
        ++r.insertions;
        log(decision::kind::insert, e.id);
    };

    std::vector<index_t> missed;
    for (const auto& ev : p.events) {
        const auto& task = m.tasks[ev.task];
        if (ev.what == trace_event::kind::start) {
            policy.on_step(task.name, clock);
            missed.clear();
            for (index_t a : task.inputs) {
                const auto& art = m.artifacts[a];
                if (art.producer == no_index) {
                    ++r.external_reads;
                    r.external_bytes += art.size_bytes;
                    continue;
                }
                ++r.reads;
                r.read_bytes += art.size_bytes;
                if (cached[a]) {
                    ++r.hits;
                    r.hit_bytes += art.size_bytes;
                    policy.on_hit(entries[a].id, clock);
                    continue;
                }
                missed.push_back(a);
            }
            for (index_t a : missed) {
                miss_price mp = price_miss(m, a, costs, [&](index_t b) { return cached[b] != 0; });
                if (mp.recomputed) {
                    ++r.misses_recomputed;
                    r.recompute_seconds += mp.rerun_seconds;
                    r.transfer_seconds += mp.seconds - mp.rerun_seconds;
                } else {
                    ++r.misses_fetched;
                    r.transfer_seconds += mp.seconds;
                }
                r.bytes_moved += mp.bytes_moved;
                duration[ev.task] += mp.seconds;
            }
            for (index_t a : missed)
                offer(a);
        } else {
            for (index_t a : task.outputs)
                offer(a);
        }
        ++clock;
    }
    r.miss_cost = r.transfer_seconds + r.recompute_seconds;
    r.makespan_seconds = replay_makespan(m, p, duration);
    return r;
}

} // namespace cache
} // namespace couler

#endif
