// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The trace-driven simulator: hand-checked figures on a chain, invariants on real workloads.
#include <couler/optimize/cache/simulator.hpp>
#include <couler/optimize/cache/simulator.hpp> // self-contained and guarded

#include <couler/optimize/cache/make_policy.hpp>
#include <couler/workload/load.hpp>

#define BOOST_TEST_MODULE cache_simulator
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <map>

using namespace couler::cache;

namespace {
// T1 (10 s) -> x (1e8 B) -> T2 (5 s) -> y (2.5e8 B) -> T3 (1 s, reads x and y) -> z (1e6 B).
// At 125 MB/s: fetching x takes 0.8 s, y 2 s.
struct chain {
    workflow_model m;
    index_t T1, T2, T3, x, y, z;
    chain(std::uint64_t x_size = 100000000)
    {
        T1 = m.add_task("T1", 10);
        T2 = m.add_task("T2", 5);
        T3 = m.add_task("T3", 1);
        x = m.add_artifact("x", T1, x_size);
        y = m.add_artifact("y", T2, 250000000);
        z = m.add_artifact("z", T3, 1000000);
        m.add_input(T2, x);
        m.add_input(T3, x);
        m.add_input(T3, y);
    }
};

std::string shared(const std::string& rel) { return std::string(COULER_SHARED_DIR) + "/workloads/" + rel; }

bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); }
} // namespace

BOOST_AUTO_TEST_CASE(plan_is_a_list_schedule)
{
    chain c;
    plan p = make_plan(c.m, 2);
    BOOST_TEST(p.makespan == 16.0);
    BOOST_TEST(p.events.size() == 6u);
    BOOST_TEST((p.events.front().what == trace_event::kind::start));
    BOOST_CHECK_THROW(make_plan(c.m, 0), std::invalid_argument);
    // Four independent 1 s tasks on 2 slots take 2 s.
    workflow_model w;
    for (int i = 0; i < 4; ++i)
        w.add_task(std::string(1, char('a' + i)), 1);
    BOOST_TEST(make_plan(w, 2).makespan == 2.0);
    BOOST_TEST(make_plan(w, 4).makespan == 1.0);
    // Longer durations in the same order stretch the makespan.
    BOOST_TEST(replay_makespan(w, make_plan(w, 2), {1, 1, 3, 1}) == 4.0);
}

BOOST_AUTO_TEST_CASE(no_cache_by_hand)
{
    chain c;
    plan p = make_plan(c.m, 1);
    lru_policy lru;
    sim_options o;
    o.capacity_bytes = 0;
    auto r = simulate(c.m, p, lru, o);
    BOOST_TEST(r.reads == 3u);
    BOOST_TEST(r.hits == 0u);
    BOOST_TEST(r.hit_ratio() == 0.0);
    BOOST_TEST(r.misses_fetched == 3u);
    BOOST_TEST(close(r.miss_cost, 0.8 + 0.8 + 2.0));
    BOOST_TEST(r.bytes_moved == 450000000u);
    BOOST_TEST(close(r.makespan_seconds, 10 + 5.8 + 3.8));
    BOOST_TEST(r.planned_makespan_seconds == 16.0);
    BOOST_TEST(r.peak_cache_bytes == 0u);
    BOOST_TEST(r.intermediate_bytes == 350000000u);
}

BOOST_AUTO_TEST_CASE(unbounded_cache_by_hand)
{
    chain c;
    plan p = make_plan(c.m, 1);
    fifo_policy fifo;
    sim_options o;
    o.capacity_bytes = std::numeric_limits<std::uint64_t>::max() / 2;
    auto r = simulate(c.m, p, fifo, o);
    BOOST_TEST(r.hits == 3u);
    BOOST_TEST(r.byte_hit_ratio() == 1.0);
    BOOST_TEST(r.miss_cost == 0.0);
    BOOST_TEST(r.makespan_seconds == 16.0);
    BOOST_TEST(r.peak_cache_bytes == 351000000u);
}

BOOST_AUTO_TEST_CASE(recompute_when_cheaper)
{
    chain c(10000000000); // x is 10 GB: fetching takes 80 s, re-running T1 10 s
    plan p = make_plan(c.m, 1);
    lru_policy lru;
    sim_options o;
    o.capacity_bytes = 0;
    auto r = simulate(c.m, p, lru, o);
    BOOST_TEST(r.misses_recomputed == 2u);
    BOOST_TEST(r.recompute_seconds == 20.0);
    BOOST_TEST(close(r.miss_cost, 22.0));
    BOOST_TEST(r.bytes_moved == 250000000u);
    lru_policy again;
    o.allow_recompute = false;
    auto f = simulate(c.m, p, again, o);
    BOOST_TEST(f.misses_recomputed == 0u);
    BOOST_TEST(close(f.miss_cost, 162.0));
}

BOOST_AUTO_TEST_CASE(one_slot_cache_by_hand)
{
    // Room for x only (y is bigger than the cache): T2 and T3 hit x, T3 misses y.
    chain c;
    plan p = make_plan(c.m, 1);
    lru_policy lru;
    sim_options o;
    o.capacity_bytes = 200000000;
    o.record_decisions = true;
    auto r = simulate(c.m, p, lru, o);
    BOOST_TEST(r.hits == 2u);
    BOOST_TEST(r.hit_bytes == 200000000u);
    BOOST_TEST(close(r.miss_cost, 2.0));
    BOOST_TEST(r.refusals >= 1u); // y never fits
    BOOST_TEST(r.decisions.front().id == "T1/x");
}

// A wrapper that checks after every step that the importance-factor policy's incremental
// scores equal a fresh computation (the paper recomputes all of them).
namespace {
class checked_factor : public eviction_policy {
public:
    checked_factor(const workflow_model& m, const plan& p) : m_(m), inner_(m, p) {}
    std::string_view name() const override { return inner_.name(); }
    bool admit(const entry& e, std::uint64_t c) override { return inner_.admit(e, c); }
    void on_insert(const entry& e, std::uint64_t t) override { inner_.on_insert(e, t); }
    void on_hit(const std::string& id, std::uint64_t t) override { inner_.on_hit(id, t); }
    void on_erase(const std::string& id) override { inner_.on_erase(id); }
    std::optional<std::string> victim() override { return inner_.victim(); }
    std::optional<std::string> victim_for(const entry& e) override { return inner_.victim_for(e); }
    void on_step(const std::string& s, std::uint64_t t) override
    {
        inner_.on_step(s, t);
        for (const auto& [id, score] : inner_.scores()) {
            auto slash = id.find('/');
            auto a = m_.find_artifact(id.substr(0, slash), id.substr(slash + 1));
            BOOST_REQUIRE(a.has_value());
            double fresh = inner_.terms(*a).I;
            if (std::abs(score - fresh) > 1e-9 * std::max(1.0, std::abs(fresh)))
                ++mismatches;
            ++checks;
        }
    }
    std::size_t checks = 0, mismatches = 0;

private:
    const workflow_model& m_;
    importance_factor_policy inner_;
};
} // namespace

BOOST_AUTO_TEST_CASE(importance_factor_bookkeeping_matches_a_full_recompute)
{
    for (const char* rel : {"wfcommons/pegasus/montage/montage-chameleon-2mass-005d-001.json",
                            "wfcommons/pegasus/epigenomics/epigenomics-chameleon-hep-1seq-100k-001.json"}) {
        couler::problems ps;
        auto wf = couler::workload::load(shared(rel), ps);
        BOOST_REQUIRE_MESSAGE(ps.empty(), rel);
        auto m = make_model(wf, ps);
        plan p = make_plan(m, 4);
        checked_factor pol(m, p);
        sim_options o;
        o.capacity_bytes = m.intermediate_bytes() / 5;
        auto r = simulate(m, p, pol, o);
        BOOST_TEST(pol.checks > 100u, rel);
        BOOST_TEST(pol.mismatches == 0u, rel);
        BOOST_TEST(r.evictions > 0u, rel);
    }
}

BOOST_AUTO_TEST_CASE(invariants_on_real_workloads)
{
    for (const char* rel : {"wfcommons/pegasus/montage/montage-chameleon-2mass-015d-001.json",
                            "wfcommons/nextflow/rnaseq-dirt02-001.json", "pegasus-synthetic-dax/Montage_100.xml"}) {
        couler::problems ps;
        auto wf = couler::workload::load(shared(rel), ps);
        BOOST_REQUIRE_MESSAGE(ps.empty(), rel);
        auto m = make_model(wf, ps);
        BOOST_REQUIRE(ps.empty());
        plan p = make_plan(m, 4);
        for (double share : {0.1, 0.5}) {
            std::map<std::string, double> cost;
            for (auto n : policy_names) {
                auto pol = make_policy(n, m, p);
                sim_options o;
                o.capacity_bytes = std::uint64_t(share * double(m.intermediate_bytes()));
                o.record_decisions = true;
                auto r = simulate(m, p, *pol, o);
                BOOST_TEST(r.hits <= r.reads);
                BOOST_TEST(r.hit_bytes <= r.read_bytes);
                BOOST_TEST(r.peak_cache_bytes <= o.capacity_bytes);
                BOOST_TEST(r.makespan_seconds >= r.planned_makespan_seconds - 1e-9);
                BOOST_TEST(close(r.miss_cost, r.transfer_seconds + r.recompute_seconds));
                BOOST_TEST(r.hits + r.misses_fetched + r.misses_recomputed == r.reads);
                // Replaying the decision log never overfills the cache.
                std::map<std::string, std::uint64_t> in;
                std::uint64_t used = 0;
                for (const auto& d : r.decisions) {
                    auto slash = d.id.find('/');
                    auto a = m.find_artifact(d.id.substr(0, slash), d.id.substr(slash + 1));
                    BOOST_REQUIRE(a.has_value());
                    if (d.what == decision::kind::insert) {
                        used += m.artifacts[*a].size_bytes;
                        in[d.id] = 1;
                    } else if (d.what == decision::kind::evict) {
                        BOOST_REQUIRE(in.erase(d.id) == 1u);
                        used -= m.artifacts[*a].size_bytes;
                    }
                    BOOST_REQUIRE(used <= o.capacity_bytes);
                }
                cost[std::string(n)] = r.miss_cost;
            }
            // A bigger cache is never a reason for an unbounded cost: no policy is worse than
            // no cache at all.
            lru_policy none;
            sim_options zero;
            auto base = simulate(m, p, none, zero);
            for (const auto& [n, c] : cost)
                BOOST_TEST(c <= base.miss_cost + 1e-9, rel << " " << n);
        }
    }
}

BOOST_AUTO_TEST_CASE(composite_runs)
{
    // Scale, not speed (the benchmark measures speed): the 11k-task composite replays with the
    // couler policy and reports sane figures.
    couler::problems ps;
    auto wf = couler::workload::load(shared("composite/campaign-composite-11k.json"), ps);
    BOOST_REQUIRE(ps.empty());
    auto m = make_model(wf, ps);
    BOOST_TEST(m.tasks.size() == 11298u);
    plan p = make_plan(m, 4);
    couler_policy pol(m, p);
    sim_options o;
    o.capacity_bytes = m.intermediate_bytes() / 5;
    auto r = simulate(m, p, pol, o);
    BOOST_TEST(r.reads > 0u);
    BOOST_TEST(r.hit_ratio() > 0.0);
    BOOST_TEST(r.peak_cache_bytes <= o.capacity_bytes);
}
