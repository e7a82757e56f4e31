// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The lower bound on the miss cost: by hand, against the exact optimum of the interval
// problem on small random DAGs, and below every policy on every workload of ../shared.
#include <couler/optimize/cache/lower_bound.hpp>
#include <couler/optimize/cache/lower_bound.hpp> // self-contained and guarded

#include <couler/optimize/cache/evaluation.hpp>
#include <couler/workload/load.hpp>

#define BOOST_TEST_MODULE cache_lower_bound
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <limits>
#include <random>
#include <sstream>

using namespace couler::cache;

namespace {
std::string shared(const std::string& rel) { return std::string(COULER_SHARED_DIR) + "/workloads/" + rel; }

// A policy that stores nothing: the paper's "no cache" baseline at any capacity.
class none_policy : public eviction_policy {
public:
    std::string_view name() const override { return "none"; }
    bool admit(const entry&, std::uint64_t) override { return false; }
    void on_insert(const entry&, std::uint64_t) override {}
    void on_hit(const std::string&, std::uint64_t) override {}
    void on_erase(const std::string&) override {}
    std::optional<std::string> victim() override { return std::nullopt; }
};

// T1 (10 s) -> x (1e8 B) -> T2 (5 s) -> y (2.5e8 B) -> T3 (1 s, reads x and y).
// At 125 MB/s: fetching x takes 0.8 s, y 2 s.
struct chain {
    workflow_model m;
    chain()
    {
        auto T1 = m.add_task("T1", 10), T2 = m.add_task("T2", 5), T3 = m.add_task("T3", 1);
        auto x = m.add_artifact("x", T1, 100000000), y = m.add_artifact("y", T2, 250000000);
        m.add_artifact("z", T3, 1000000);
        m.add_input(T2, x);
        m.add_input(T3, x);
        m.add_input(T3, y);
    }
};

// The exact optimum of the interval problem the bound relaxes (every subset of reads that can
// hit together), by enumeration: the bound must never exceed it.
double interval_optimum(const workflow_model& m, const plan& trace, std::uint64_t cap, const cost_model& c)
{
    struct iv {
        std::size_t first, last;
        std::uint64_t size;
        double cost;
    };
    std::vector<std::size_t> start_at(m.tasks.size()), finish_at(m.tasks.size());
    for (std::size_t e = 0; e < trace.events.size(); ++e)
        (trace.events[e].what == trace_event::kind::start ? start_at : finish_at)[trace.events[e].task] = e;
    std::vector<iv> all;
    for (index_t a = 0; a < m.artifacts.size(); ++a) {
        if (m.artifacts[a].producer == no_index)
            continue;
        std::vector<std::size_t> reads;
        for (index_t t : m.artifacts[a].consumers)
            reads.push_back(start_at[t]);
        std::sort(reads.begin(), reads.end());
        std::size_t prev = finish_at[m.artifacts[a].producer];
        for (auto r : reads) {
            all.push_back({prev, r, m.artifacts[a].size_bytes, least_miss_cost(m, a, c)});
            prev = r;
        }
    }
    BOOST_REQUIRE(all.size() <= 18u);
    double best = std::numeric_limits<double>::infinity();
    for (std::uint32_t mask = 0; mask < (1u << all.size()); ++mask) {
        bool ok = true;
        for (std::size_t b = 0; ok && b < trace.events.size(); ++b) {
            std::uint64_t used = 0;
            for (std::size_t i = 0; i < all.size(); ++i)
                if ((mask >> i & 1) && all[i].first <= b && b < all[i].last)
                    used += all[i].size;
            ok = used <= cap;
        }
        for (std::size_t i = 0; ok && i < all.size(); ++i)
            ok = !(mask >> i & 1) || all[i].size <= cap;
        if (!ok)
            continue;
        double cost = 0;
        for (std::size_t i = 0; i < all.size(); ++i)
            if (!(mask >> i & 1))
                cost += all[i].cost;
        best = std::min(best, cost);
    }
    return best;
}
} // namespace

BOOST_AUTO_TEST_CASE(chain_by_hand)
{
    chain c;
    plan p = make_plan(c.m, 1);
    cost_model cm;
    // No room: every read misses at its least cost (0.8 + 0.8 + 2).
    auto none = miss_cost_lower_bound(c.m, p, 0, cm);
    BOOST_TEST(std::abs(none.miss_cost - 3.6) < 1e-6);
    BOOST_TEST(none.intervals == 3u);
    BOOST_TEST(std::abs(none.unavoidable - 3.6) < 1e-6);
    // Room for everything: nothing has to miss.
    BOOST_TEST(miss_cost_lower_bound(c.m, p, 1000000000, cm).miss_cost == 0.0);
    // Room for x only: y (2 s) always misses, x can hit both times; the bound is 2 s here.
    auto x_only = miss_cost_lower_bound(c.m, p, 200000000, cm);
    BOOST_TEST(std::abs(x_only.miss_cost - 2.0) < 1e-6);
    // Room for y only (250 MB), not for x and y together (350 MB): the better choice is y.
    auto y_only = miss_cost_lower_bound(c.m, p, 300000000, cm);
    BOOST_TEST(y_only.miss_cost <= interval_optimum(c.m, p, 300000000, cm) + 1e-12);
    BOOST_TEST(y_only.miss_cost > 0.0);
}

BOOST_AUTO_TEST_CASE(never_above_the_exact_interval_optimum)
{
    std::mt19937_64 gen(7);
    auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen); };
    std::size_t checked = 0, tight = 0;
    for (int round = 0; round < 60; ++round) {
        workflow_model m;
        const int n = uni(4, 7);
        std::vector<index_t> art;
        for (int t = 0; t < n; ++t) {
            auto task = m.add_task("t" + std::to_string(t), uni(0, 20));
            for (int k = 0; k < 2 && !art.empty(); ++k) {
                index_t a = art[std::size_t(uni(0, int(art.size()) - 1))];
                if (m.artifacts[a].consumers.size() < 3)
                    m.add_input(task, a);
            }
            if (uni(0, 3) == 0)
                m.add_input(task, m.add_artifact("ext" + std::to_string(t), no_index, std::uint64_t(uni(1, 50)) * 10000000));
            art.push_back(m.add_artifact("o", task, std::uint64_t(uni(0, 40)) * 10000000));
        }
        std::size_t reads = 0;
        for (const auto& a : m.artifacts)
            if (a.producer != no_index)
                reads += a.consumers.size();
        if (reads > 16)
            continue;
        plan p = make_plan(m, std::size_t(uni(1, 3)));
        for (bool recompute : {true, false})
            for (std::uint64_t cap : {std::uint64_t(0), std::uint64_t(100000000), std::uint64_t(250000000),
                                      std::uint64_t(600000000)}) {
                cost_model cm;
                cm.allow_recompute = recompute;
                double lb = miss_cost_lower_bound(m, p, cap, cm).miss_cost;
                double opt = interval_optimum(m, p, cap, cm);
                BOOST_TEST(lb <= opt + 1e-9, "round " << round << " cap " << cap << ": " << lb << " > " << opt);
                ++checked;
                tight += lb >= opt - 1e-6 * std::max(1.0, opt);
            }
    }
    BOOST_TEST(checked > 200u);
    BOOST_TEST_MESSAGE("bound equals the interval optimum in " << tight << " of " << checked);
}

// The requirement: on every workload of ../shared/workloads, at several capacities, the bound
// is at most the cost of every policy (online ones with and without estimate errors, belady,
// no cache), and 0 where everything fits (the "cache all" baseline costs 0 there).
BOOST_AUTO_TEST_CASE(below_every_policy_on_every_workload)
{
    std::ifstream in(shared("MANIFEST.tsv"));
    BOOST_REQUIRE(in);
    std::string line;
    std::getline(in, line);
    std::size_t cells = 0, workloads = 0;
    while (std::getline(in, line)) {
        std::istringstream ss(line);
        std::string rel;
        std::getline(ss, rel, '\t');
        if (rel.size() > 4 && rel.substr(rel.size() - 4) == ".dot")
            continue; // no costs
        couler::problems ps;
        auto wf = couler::workload::load(shared(rel), ps);
        BOOST_REQUIRE_MESSAGE(ps.empty(), rel);
        auto m = make_model(wf, ps);
        BOOST_REQUIRE_MESSAGE(ps.empty(), rel);
        ++workloads;
        // Small workloads at three capacities, exact and noisy estimates, with and without
        // recomputation; the ~1000-task ones and the 11k composite at fewer (Debug time).
        const bool big = m.tasks.size() > 600;
        std::vector<double> shares = big ? std::vector<double>{0.2} : std::vector<double>{0.05, 0.2, 0.5};
        std::vector<double> sigmas = big ? std::vector<double>{0.5} : std::vector<double>{0.0, 1.0};
        for (double sigma : sigmas) {
            evaluation ev(m, 4, sigma, 3);
            for (double share : shares) {
                sim_options o;
                o.capacity_bytes = std::uint64_t(share * double(m.intermediate_bytes()));
                for (bool recompute : {true, false}) {
                    if (big && !recompute)
                        continue;
                    o.allow_recompute = recompute;
                    const double lb = ev.lower_bound(o).miss_cost;
                    ++cells;
                    for (auto n : policy_names) {
                        auto r = ev.run(n, o);
                        BOOST_TEST(lb <= r.miss_cost, rel << " " << share << " sigma " << sigma << " " << n << ": bound "
                                                           << lb << " > " << r.miss_cost);
                    }
                    none_policy none;
                    BOOST_TEST(lb <= ev.simulate(&none, o).miss_cost, rel);
                }
            }
            sim_options all; // room for every produced artifact at once
            for (const auto& a : m.artifacts)
                if (a.producer != no_index)
                    all.capacity_bytes += a.size_bytes;
            BOOST_TEST(ev.lower_bound(all).miss_cost == 0.0, rel);
            BOOST_TEST(ev.run("fifo", all).miss_cost == 0.0, rel);
        }
    }
    BOOST_TEST(workloads >= 40u);
    BOOST_TEST_MESSAGE(cells << " cells checked");
}
