// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_IMPORTANCE_FACTOR_POLICY_HPP
#define COULER_OPTIMIZE_CACHE_IMPORTANCE_FACTOR_POLICY_HPP

/// @file
/// @brief The paper's Algorithm 2 as an eviction policy: admit while there is room; when
/// there is not, drop the cached artifact with the lowest importance factor I (Eq. 6) until
/// the newcomer fits, or refuse the newcomer once it is itself the lowest.
///
/// "We will recompute the caching importance factor of all remaining items whenever an item is
/// removed": scores depend on what is cached (truncation) and on which jobs have started (r in
/// Eq. 4), so every change marks the artifacts whose G_p or G_s it touches as stale, and stale
/// scores are recomputed before the next choice. The result equals recomputing all of them.

#include <couler/optimize/cache/detail/dag_progress.hpp>
#include <couler/optimize/cache/importance_factor.hpp>

#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

namespace couler {
namespace cache {

/// @brief Algorithm 2 with the importance factor of Eq. 3–6.
class importance_factor_policy : public eviction_policy {
public:
    importance_factor_policy(const workflow_model& m, const plan& p, factor_options o = {})
        : dag_(m, p), factor_(m, o), cached_(m.artifacts.size(), 0), stale_(m.artifacts.size(), 1),
          id_of_(m.artifacts.size()), seen_(m.tasks.size(), 0)
    {
    }
    std::string_view name() const override { return "importance-factor"; }

    void on_insert(const entry& e, std::uint64_t) override
    {
        on_erase(e.id);
        index_t a = dag_.resolve(e);
        if (a == pending_) { // it was counted as cached while making room: make that real
            cached_[a] = 0;
            pending_ = no_index;
        } else {
            drop_pending();
        }
        items_[e.id] = item{e, a, seq_++, 0};
        if (a != no_index) {
            bool before = any_cached_output_of(a);
            cached_[a] = 1;
            id_of_[a] = e.id;
            touch(a, before);
        }
        score_of(items_[e.id]); // place it in the order
    }
    void on_hit(const std::string&, std::uint64_t) override {}
    void on_erase(const std::string& id) override
    {
        auto f = items_.find(id);
        if (f == items_.end())
            return;
        order_.erase({f->second.key, f->second.seq, id});
        index_t a = f->second.artifact;
        items_.erase(f);
        if (a != no_index) {
            bool before = any_cached_output_of(a);
            cached_[a] = 0;
            touch(a, before);
        }
    }
    void on_step(const std::string& step, std::uint64_t) override
    {
        drop_pending();
        index_t t = dag_.start(step);
        if (t != no_index)
            mark_region(t, factor_.options().layers, 0); // r_t changed: F of artifacts made up to n layers above
    }
    std::optional<std::string> victim() override
    {
        refresh();
        if (order_.empty())
            return std::nullopt;
        return std::get<2>(*order_.begin());
    }
    std::optional<std::string> victim_for(const entry& incoming) override
    {
        // Algorithm 2 puts the newcomer in N_c (line 11) before NodeSelection scores N_c, so the
        // scores are taken with it counted as cached (it truncates G_p and G_s of others).
        index_t a = dag_.resolve(incoming);
        if (a != pending_)
            drop_pending();
        if (a != no_index && !cached_[a]) {
            bool before = any_cached_output_of(a);
            cached_[a] = 1;
            pending_ = a;
            touch(a, before);
        }
        auto v = victim();
        double mine = a == no_index ? unknown_score(incoming) : score(a);
        if (!v || mine <= std::get<0>(*order_.begin())) {
            drop_pending();
            return incoming.id; // line 29: the newcomer is the minimum, it leaves N_c
        }
        return v;
    }

    /// @brief The scores the policy ranks by, after bringing stale ones up to date: (id, I).
    /// Tests compare them with a fresh terms() to check the incremental bookkeeping.
    std::vector<std::pair<std::string, double>> scores()
    {
        refresh();
        std::vector<std::pair<std::string, double>> out;
        for (const auto& k : order_)
            out.emplace_back(std::get<2>(k), std::get<0>(k));
        return out;
    }

    /// @brief The current factor of artifact `a` (for tests and reports).
    factor_terms terms(index_t a)
    {
        return factor_.evaluate(
            a, [this](index_t x) { return cached_[x] != 0; }, [this](index_t t) { return dag_.started(t); });
    }

private:
    struct item {
        entry e;
        index_t artifact = no_index;
        std::uint64_t seq = 0;
        double key = 0;
    };
    double score(index_t a) { return terms(a).I; }
    // A newcomer counted as cached but never stored: it is not cached after all.
    void drop_pending()
    {
        if (pending_ == no_index)
            return;
        index_t a = pending_;
        pending_ = no_index;
        bool before = any_cached_output_of(a);
        cached_[a] = 0;
        touch(a, before);
    }
    double unknown_score(const entry& e) const
    {
        return factor_.combine(0, 0, double(e.size_bytes) / factor_.options().size_unit_bytes);
    }
    void score_of(item& it)
    {
        order_.erase({it.key, it.seq, it.e.id});
        it.key = it.artifact == no_index ? unknown_score(it.e) : score(it.artifact);
        if (it.artifact != no_index)
            stale_[it.artifact] = 0;
        order_.emplace(it.key, it.seq, it.e.id);
    }
    void refresh()
    {
        for (index_t a : dirty_)
            if (cached_[a] && stale_[a]) {
                auto f = items_.find(id_of_[a]);
                if (f != items_.end())
                    score_of(f->second);
            }
        dirty_.clear();
    }
    // Artifact a entered or left the cache. Scores only change if its producer's truncation
    // status flipped (cached output or not). A job stops a walk only if it sits on a layer that
    // would be expanded (< n), so L changes for artifacts made up to n-2 layers below it, F for
    // those made up to n-1 layers above.
    void touch(index_t a, bool before)
    {
        const auto& m = dag_.model();
        index_t p = m.artifacts[a].producer;
        if (p == no_index || before == any_cached_output(p))
            return;
        const std::size_t n = factor_.options().layers;
        mark_region(p, n >= 1 ? n - 1 : 0, n >= 2 ? n - 2 : 0);
    }
    bool any_cached_output_of(index_t a) const
    {
        index_t p = dag_.model().artifacts[a].producer;
        return p != no_index && any_cached_output(p);
    }
    bool any_cached_output(index_t t) const
    {
        for (index_t a : dag_.model().tasks[t].outputs)
            if (cached_[a])
                return true;
        return false;
    }
    void mark_region(index_t t, std::size_t up, std::size_t down)
    {
        const auto& m = dag_.model();
        ++stamp_;
        std::vector<index_t> frontier, next;
        seen_[t] = stamp_;
        mark_outputs(t);
        for (int dir = 0; dir < 2; ++dir) {
            frontier.assign(1, t);
            for (std::size_t layer = 1; layer <= (dir == 0 ? up : down) && !frontier.empty(); ++layer) {
                next.clear();
                for (index_t x : frontier)
                    for (index_t y : dir == 0 ? m.parents[x] : m.children[x])
                        if (seen_[y] != stamp_) {
                            seen_[y] = stamp_;
                            mark_outputs(y);
                            next.push_back(y);
                        }
                frontier.swap(next);
            }
        }
    }
    void mark_outputs(index_t t)
    {
        for (index_t a : dag_.model().tasks[t].outputs)
            if (cached_[a] && !stale_[a]) {
                stale_[a] = 1;
                dirty_.push_back(a);
            }
    }

    detail::dag_progress dag_;
    importance_factor factor_;
    std::vector<char> cached_, stale_;
    std::vector<std::string> id_of_; // artifact -> the id the store gave it
    std::vector<std::uint32_t> seen_;
    std::uint32_t stamp_ = 0;
    std::vector<index_t> dirty_;
    std::unordered_map<std::string, item> items_;
    std::set<std::tuple<double, std::uint64_t, std::string>> order_;
    std::uint64_t seq_ = 0;
    index_t pending_ = no_index; // the newcomer victim_for counts as cached
};

} // namespace cache
} // namespace couler

#endif
