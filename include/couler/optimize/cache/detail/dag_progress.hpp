// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_DETAIL_DAG_PROGRESS_HPP
#define COULER_OPTIMIZE_CACHE_DETAIL_DAG_PROGRESS_HPP

// What DAG-aware policies share: which cached entry is which artifact, which tasks have
// started, and each artifact's next consumer in the planned schedule.

#include <couler/optimize/cache/eviction_policy.hpp>
#include <couler/optimize/cache/plan.hpp>

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

namespace couler {
namespace cache {
namespace detail {

class dag_progress {
public:
    dag_progress(const workflow_model& m, const plan& p) : m_(&m), p_(&p), started_(m.tasks.size(), 0)
    {
        // Consumers sorted by planned rank, so "next use" is a pointer that only moves forward.
        next_.resize(m.artifacts.size(), 0);
        consumers_.resize(m.artifacts.size());
        for (index_t a = 0; a < m.artifacts.size(); ++a) {
            consumers_[a] = m.artifacts[a].consumers;
            std::sort(consumers_[a].begin(), consumers_[a].end(),
                      [&](index_t x, index_t y) { return p.rank[x] < p.rank[y]; });
        }
        remaining_.resize(m.artifacts.size());
        for (index_t a = 0; a < m.artifacts.size(); ++a)
            remaining_[a] = static_cast<std::uint32_t>(consumers_[a].size());
    }

    const workflow_model& model() const { return *m_; }
    const plan& schedule() const { return *p_; }

    /// The artifact an entry stands for, from its producer and artifact name; no_index if unknown.
    index_t resolve(const entry& e) const
    {
        auto a = m_->find_artifact(e.producer, e.artifact);
        return a ? *a : no_index;
    }

    /// Marks a task started; returns its index or no_index if the name is unknown.
    index_t start(const std::string& step)
    {
        auto t = m_->find_task(step);
        if (!t || started_[*t])
            return t ? *t : no_index;
        started_[*t] = 1;
        now_ = std::max<std::uint64_t>(now_, std::uint64_t(p_->rank[*t]) + 1);
        for (index_t a : m_->tasks[*t].inputs)
            if (remaining_[a] > 0)
                --remaining_[a];
        return *t;
    }

    bool started(index_t t) const { return started_[t] != 0; }

    /// Planned tasks started so far (the schedule's "now").
    std::uint64_t now() const { return now_; }

    /// Consumers of `a` that have not started.
    std::uint32_t remaining(index_t a) const { return a == no_index ? 0 : remaining_[a]; }

    /// Planned rank of the next consumer of `a` that has not started; `never` if none.
    static constexpr std::uint64_t never = std::uint64_t(1) << 62;
    std::uint64_t next_use(index_t a)
    {
        if (a == no_index)
            return never;
        auto& i = next_[a];
        const auto& c = consumers_[a];
        while (i < c.size() && started_[c[i]])
            ++i;
        return i < c.size() ? p_->rank[c[i]] : never;
    }

    /// Distance in the schedule from now to the next use (>= 1), or `never`.
    std::uint64_t distance(index_t a)
    {
        std::uint64_t r = next_use(a);
        if (r == never)
            return never;
        return r >= now_ ? r - now_ + 1 : 1;
    }

private:
    const workflow_model* m_;
    const plan* p_;
    std::vector<char> started_;
    std::vector<std::vector<index_t>> consumers_;
    std::vector<std::size_t> next_;
    std::vector<std::uint32_t> remaining_;
    std::uint64_t now_ = 0;
};

} // namespace detail
} // namespace cache
} // namespace couler

#endif
