// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_PLAN_HPP
#define COULER_OPTIMIZE_CACHE_PLAN_HPP

/// @file
/// @brief The schedule a workflow engine plans before running: list scheduling on P slots with
/// the tasks' expected run times. It is the trace the simulator replays, and the "schedule"
/// whose distances DAG-aware policies (mrd, couler, belady) use.

#include <couler/optimize/cache/model.hpp>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <queue>
#include <stdexcept>
#include <utility>
#include <vector>

namespace couler {
namespace cache {

/// @brief One point of the trace: a task starts (reads its inputs) or finishes (writes its outputs).
struct trace_event {
    enum class kind : unsigned char { finish, start }; ///< at equal times, finishes come first
    kind what = kind::start;
    index_t task = 0;
    double time = 0;
};

/// @brief The planned schedule and the trace derived from it.
struct plan {
    std::size_t slots = 1;
    std::vector<index_t> order;        ///< tasks by start, ties by readiness then index
    std::vector<index_t> rank;         ///< rank[t]: position of t in `order`
    std::vector<double> start, finish;
    std::vector<trace_event> events; ///< 2 per task, in time order
    double makespan = 0;
};

/// @brief List-schedules `m` on `slots` parallel slots: a ready task starts as soon as a slot is
/// free, ready tasks in first-ready-first-served order (ties by index), as Argo and the local
/// engine dispatch. Throws std::invalid_argument if the task graph has a cycle or slots is 0.
/// @par Complexity O((V + E) log V).
inline plan make_plan(const workflow_model& m, std::size_t slots)
{
    if (slots == 0)
        throw std::invalid_argument("make_plan: slots must be at least 1");
    const std::size_t n = m.tasks.size();
    plan p;
    p.slots = slots;
    p.rank.assign(n, no_index);
    p.start.assign(n, 0);
    p.finish.assign(n, 0);
    std::vector<std::size_t> waiting(n);
    std::vector<index_t> ready; // FIFO
    std::size_t head = 0;
    for (index_t t = 0; t < n; ++t)
        if ((waiting[t] = m.parents[t].size()) == 0)
            ready.push_back(t);
    using running_t = std::pair<double, index_t>;
    std::priority_queue<running_t, std::vector<running_t>, std::greater<running_t>> running;
    double now = 0;
    while (p.order.size() < n) {
        while (head < ready.size() && running.size() < slots) {
            index_t t = ready[head++];
            p.rank[t] = static_cast<index_t>(p.order.size());
            p.order.push_back(t);
            p.start[t] = now;
            p.finish[t] = now + std::max(0.0, m.tasks[t].runtime_seconds);
            running.emplace(p.finish[t], t);
        }
        if (running.empty())
            throw std::invalid_argument("make_plan: the task graph has a cycle");
        now = running.top().first;
        // Finish every task ending now before starting new ones (determinism at equal times).
        std::vector<index_t> done;
        while (!running.empty() && running.top().first == now) {
            done.push_back(running.top().second);
            running.pop();
        }
        std::sort(done.begin(), done.end(), [&](index_t a, index_t b) { return p.rank[a] < p.rank[b]; });
        for (index_t t : done)
            for (index_t c : m.children[t])
                if (--waiting[c] == 0)
                    ready.push_back(c);
    }
    p.makespan = 0;
    p.events.reserve(2 * n);
    for (index_t t = 0; t < n; ++t) {
        p.events.push_back({trace_event::kind::start, t, p.start[t]});
        p.events.push_back({trace_event::kind::finish, t, p.finish[t]});
        p.makespan = std::max(p.makespan, p.finish[t]);
    }
    std::sort(p.events.begin(), p.events.end(), [&](const trace_event& a, const trace_event& b) {
        if (a.time != b.time)
            return a.time < b.time;
        if (a.what != b.what)
            return a.what < b.what;
        return p.rank[a.task] < p.rank[b.task];
    });
    return p;
}

/// @brief Makespan of the same dispatch order with other task durations: a ready task starts
/// when a slot is free, lower planned rank first (paper Eq. 1 on P slots).
/// @par Complexity O((V + E) log V).
inline double replay_makespan(const workflow_model& m, const plan& p, const std::vector<double>& duration)
{
    const std::size_t n = m.tasks.size();
    std::vector<std::size_t> waiting(n);
    using item = std::pair<index_t, index_t>; // (rank, task)
    std::priority_queue<item, std::vector<item>, std::greater<item>> ready;
    for (index_t t = 0; t < n; ++t)
        if ((waiting[t] = m.parents[t].size()) == 0)
            ready.emplace(p.rank[t], t);
    using running_t = std::pair<double, index_t>;
    std::priority_queue<running_t, std::vector<running_t>, std::greater<running_t>> running;
    double now = 0, end = 0;
    std::size_t started = 0;
    while (started < n || !running.empty()) {
        while (!ready.empty() && running.size() < p.slots) {
            index_t t = ready.top().second;
            ready.pop();
            ++started;
            running.emplace(now + std::max(0.0, duration[t]), t);
        }
        if (running.empty())
            break;
        now = running.top().first;
        end = std::max(end, now);
        while (!running.empty() && running.top().first == now) {
            index_t t = running.top().second;
            running.pop();
            for (index_t c : m.children[t])
                if (--waiting[c] == 0)
                    ready.emplace(p.rank[c], c);
        }
    }
    return end;
}

} // namespace cache
} // namespace couler

#endif
