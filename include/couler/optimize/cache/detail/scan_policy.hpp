// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_DETAIL_SCAN_POLICY_HPP
#define COULER_OPTIMIZE_CACHE_DETAIL_SCAN_POLICY_HPP

// The shared body of the DAG-aware policies whose ranking changes as the schedule advances
// (lrc, mrd, belady, couler): keep the entries, and on each eviction scan them for the one
// with the highest "evict me" key. A scan is O(cached entries); keys that depend on "now"
// cannot live in a heap without rebuilding it anyway.

#include <couler/optimize/cache/detail/dag_progress.hpp>

#include <unordered_map>

namespace couler {
namespace cache {
namespace detail {

class scan_policy : public eviction_policy {
public:
    scan_policy(const workflow_model& m, const plan& p, bool incoming_competes)
        : dag_(m, p), where_(m.artifacts.size(), no_index), incoming_competes_(incoming_competes)
    {
    }

    void on_insert(const entry& e, std::uint64_t) override
    {
        on_erase(e.id);
        slot s = make_slot(e);
        ids_.emplace(e.id, static_cast<index_t>(slots_.size()));
        if (s.artifact != no_index)
            where_[s.artifact] = static_cast<index_t>(slots_.size());
        slots_.push_back(std::move(s));
    }
    void on_hit(const std::string&, std::uint64_t) override {}
    void on_erase(const std::string& id) override
    {
        auto f = ids_.find(id);
        if (f == ids_.end())
            return;
        index_t i = f->second;
        ids_.erase(f);
        if (slots_[i].artifact != no_index)
            where_[slots_[i].artifact] = no_index;
        if (i + 1 != slots_.size()) { // swap-remove keeps the scan over a dense vector
            slots_[i] = std::move(slots_.back());
            ids_[slots_[i].e.id] = i;
            if (slots_[i].artifact != no_index)
                where_[slots_[i].artifact] = i;
        }
        slots_.pop_back();
    }
    void on_step(const std::string& step, std::uint64_t) override
    {
        index_t t = dag_.start(step);
        if (t == no_index)
            return;
        // Only the inputs of the started task change their next use or reference count.
        for (index_t a : dag_.model().tasks[t].inputs)
            if (where_[a] != no_index)
                refresh(slots_[where_[a]]);
    }

    std::optional<std::string> victim() override { return pick(nullptr); }
    std::optional<std::string> victim_for(const entry& incoming) override
    {
        if (!incoming_competes_)
            return pick(nullptr);
        slot in = make_slot(incoming);
        in.seq = seq_;
        return pick(&in);
    }

protected:
    // What a scan needs about one entry, kept up to date so the scan is arithmetic only.
    struct slot {
        entry e;
        index_t artifact = no_index;
        std::uint64_t seq = 0;
        std::uint64_t next_use = dag_progress::never; // planned rank of the next consumer
        std::uint32_t remaining = 0;                  // consumers still to start
    };
    // Larger key: evicted first. Ties: the older entry (smaller seq) goes first.
    virtual double evict_key(const slot& s) const = 0;
    // Distance from now to the next use, >= 1, or never.
    std::uint64_t distance(const slot& s) const
    {
        if (s.next_use == dag_progress::never)
            return dag_progress::never;
        return s.next_use >= dag_.now() ? s.next_use - dag_.now() + 1 : 1;
    }
    dag_progress dag_;

private:
    slot make_slot(const entry& e)
    {
        slot s;
        s.e = e;
        s.artifact = dag_.resolve(e);
        s.seq = seq_++;
        refresh(s);
        return s;
    }
    void refresh(slot& s)
    {
        s.next_use = dag_.next_use(s.artifact);
        s.remaining = dag_.remaining(s.artifact);
    }
    std::optional<std::string> pick(const slot* incoming)
    {
        const slot* best = nullptr;
        double best_key = 0;
        auto consider = [&](const slot& t) {
            double k = evict_key(t);
            if (!best || k > best_key || (k == best_key && t.seq < best->seq)) {
                best = &t;
                best_key = k;
            }
        };
        for (const auto& t : slots_)
            consider(t);
        if (incoming)
            consider(*incoming);
        if (!best)
            return std::nullopt;
        return best->e.id;
    }

    std::vector<slot> slots_;
    std::unordered_map<std::string, index_t> ids_;
    std::vector<index_t> where_; // artifact -> slot
    std::uint64_t seq_ = 0;
    bool incoming_competes_;
};

} // namespace detail
} // namespace cache
} // namespace couler

#endif
