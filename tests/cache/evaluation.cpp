// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The evaluation setting: online policies know estimates, the run uses actual run times;
// every cost option reaches every cost estimate.
#include <couler/optimize/cache/evaluation.hpp>
#include <couler/optimize/cache/evaluation.hpp> // self-contained and guarded

#include <couler/workload/load.hpp>

#define BOOST_TEST_MODULE cache_evaluation
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <map>

using namespace couler::cache;

namespace {
std::string shared(const std::string& rel) { return std::string(COULER_SHARED_DIR) + "/workloads/" + rel; }

workflow_model load_model(const std::string& rel)
{
    couler::problems ps;
    auto wf = couler::workload::load(shared(rel), ps);
    BOOST_REQUIRE_MESSAGE(ps.empty(), rel);
    auto m = make_model(wf, ps);
    BOOST_REQUIRE_MESSAGE(ps.empty(), rel);
    return m;
}

// T1 (10 s) -> x (10 GB) -> T2 (5 s) -> y (250 MB) -> T3 (reads x and y). Fetching x takes
// 80 s at 125 MB/s, re-running T1 takes 10 s.
struct chain {
    workflow_model m;
    index_t x;
    chain()
    {
        auto T1 = m.add_task("T1", 10), T2 = m.add_task("T2", 5), T3 = m.add_task("T3", 1);
        x = m.add_artifact("x", T1, 10000000000);
        auto y = m.add_artifact("y", T2, 250000000);
        m.add_input(T2, x);
        m.add_input(T3, x);
        m.add_input(T3, y);
    }
};

// LRU that remembers the cost each offered entry carried.
class spy : public lru_policy {
public:
    void on_insert(const entry& e, std::uint64_t c) override
    {
        cost[e.id] = e.cost_seconds;
        lru_policy::on_insert(e, c);
    }
    std::map<std::string, double> cost;
};
} // namespace

BOOST_AUTO_TEST_CASE(sigma_zero_is_the_exact_setting)
{
    auto m = load_model("wfcommons/pegasus/montage/montage-chameleon-2mass-005d-001.json");
    evaluation ev(m, 4);
    plan p = make_plan(m, 4);
    BOOST_TEST(ev.trace().order == p.order);
    BOOST_TEST(ev.planned().order == p.order);
    for (auto n : policy_names) {
        sim_options o;
        o.capacity_bytes = m.intermediate_bytes() / 5;
        o.record_decisions = true;
        auto pol = make_policy(n, m, p);
        auto before = simulate(m, p, *pol, o);
        auto now = ev.run(n, o);
        BOOST_TEST(now.miss_cost == before.miss_cost, n);
        BOOST_TEST(now.hits == before.hits, n);
        BOOST_TEST((now.decisions == before.decisions), n);
    }
}

BOOST_AUTO_TEST_CASE(estimates_are_log_normal_and_seeded)
{
    auto m = load_model("wfcommons/pegasus/montage/montage-chameleon-2mass-05d-001.json");
    auto same = with_estimate_error(m, 0, 5);
    for (index_t t = 0; t < m.tasks.size(); ++t)
        BOOST_REQUIRE(same.tasks[t].runtime_seconds == m.tasks[t].runtime_seconds);
    auto a = with_estimate_error(m, 0.5, 1), b = with_estimate_error(m, 0.5, 1), c = with_estimate_error(m, 0.5, 2);
    double sum = 0, sq = 0;
    std::size_t n = 0, differ = 0;
    for (index_t t = 0; t < m.tasks.size(); ++t) {
        BOOST_REQUIRE(a.tasks[t].runtime_seconds == b.tasks[t].runtime_seconds);
        differ += a.tasks[t].runtime_seconds != c.tasks[t].runtime_seconds;
        if (m.tasks[t].runtime_seconds > 0) {
            double l = std::log(a.tasks[t].runtime_seconds / m.tasks[t].runtime_seconds);
            sum += l;
            sq += l * l;
            ++n;
        }
    }
    BOOST_REQUIRE(n > 1000u);
    double mean = sum / double(n), sd = std::sqrt(sq / double(n) - mean * mean);
    BOOST_TEST(std::abs(mean) < 0.05);
    BOOST_TEST(std::abs(sd - 0.5) < 0.05);
    BOOST_TEST(differ > n / 2);
    BOOST_CHECK_THROW(with_estimate_error(m, -1, 0), std::invalid_argument);
    BOOST_CHECK_THROW(with_estimate_error(m, std::nan(""), 0), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(online_policies_plan_from_estimates_belady_sees_the_trace)
{
    auto m = load_model("wfcommons/pegasus/montage/montage-chameleon-2mass-015d-001.json");
    evaluation exact(m, 4), noisy(m, 4, 1.0, 9);
    // The run is the same (actual run times); the engine's plan is not.
    BOOST_TEST(noisy.trace().order == exact.trace().order);
    BOOST_TEST(noisy.planned().order != noisy.trace().order);
    sim_options o;
    o.capacity_bytes = m.intermediate_bytes() / 10;
    o.record_decisions = true;
    auto b0 = exact.run("belady", o), b1 = noisy.run("belady", o);
    BOOST_TEST((b0.decisions == b1.decisions));
    BOOST_TEST(b0.miss_cost == b1.miss_cost);
    // Misses are paid at actual run times: with no cache every policy pays the same.
    sim_options none;
    BOOST_TEST(exact.run("couler", none).miss_cost == noisy.run("couler", none).miss_cost);
    // What the noisy plan changes: at least one online policy decides differently.
    std::size_t changed = 0;
    for (auto n : {"couler", "mrd", "lrc", "importance-factor"})
        changed += exact.run(n, o).decisions != noisy.run(n, o).decisions;
    BOOST_TEST(changed > 0u);
}

BOOST_AUTO_TEST_CASE(cost_options_reach_every_cost_estimate)
{
    chain c;
    for (bool recompute : {true, false}) {
        evaluation ev(c.m, 1);
        sim_options o;
        o.capacity_bytes = 20000000000;
        o.allow_recompute = recompute;
        const double expected = recompute ? 10.0 : 80.0;
        // couler's own estimate.
        auto pol = ev.make("couler", o);
        auto* cp = dynamic_cast<couler_policy*>(pol.get());
        BOOST_REQUIRE(cp);
        BOOST_TEST(std::abs(cp->miss_cost(c.x) - expected) < 1e-9);
        // The entries the simulator offers (what gds ranks by).
        spy s;
        ev.simulate(&s, o);
        BOOST_TEST(std::abs(s.cost.at("T1/x") - expected) < 1e-9);
        // The lower bound: with no room, the least a miss of x costs.
        sim_options zero = o;
        zero.capacity_bytes = 0;
        auto lb = ev.lower_bound(zero);
        BOOST_TEST(lb.total == expected * 2 + 2.0);
        // And the bandwidth: twice as fast halves fetching.
        o.bandwidth_bytes_per_second = 250e6;
        auto fast = ev.make("couler", o);
        BOOST_TEST(std::abs(dynamic_cast<couler_policy*>(fast.get())->miss_cost(c.x) - (recompute ? 10.0 : 40.0)) < 1e-9);
    }
    // Entries carry the *estimated* cost: with an estimate error, T1's run time is not 10 s.
    evaluation noisy(c.m, 1, 1.0, 4);
    sim_options o;
    o.capacity_bytes = 20000000000;
    spy s;
    noisy.simulate(&s, o);
    BOOST_TEST(std::abs(s.cost.at("T1/x") - std::min(80.0, noisy.estimated().tasks[0].runtime_seconds)) < 1e-9);
    BOOST_TEST(noisy.estimated().tasks[0].runtime_seconds != 10.0);
}

BOOST_AUTO_TEST_CASE(one_formula)
{
    chain c;
    cost_model cm;
    // Recompute x: run T1 (10 s), T1 has no inputs.
    BOOST_TEST(expected_miss_cost(c.m, c.x, cm) == 10.0);
    BOOST_TEST(least_miss_cost(c.m, c.x, cm) == 10.0);
    cm.allow_recompute = false;
    BOOST_TEST(expected_miss_cost(c.m, c.x, cm) == 80.0);
    auto price = price_miss(c.m, c.x, cost_model{}, [](index_t) { return false; });
    BOOST_TEST(price.recomputed);
    BOOST_TEST(price.rerun_seconds == 10.0);
    BOOST_TEST(price.bytes_moved == 0u);
}
