// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#include <couler/optimize/split/partition.hpp>
#include <couler/optimize/split/partition.hpp> // self-contained and guarded

#define BOOST_TEST_MODULE split_partition
#include <boost/test/unit_test.hpp>

#include <couler/optimize/split/detail/refine.hpp> // detail::daemon_units
#include <couler/ir/algorithm.hpp>
#include <couler/ir/workflow.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <string>

namespace sp = couler::split;

namespace {

// Parts as sets of vertices, to compare with the text.
std::vector<std::set<sp::vid>> parts_of(const sp::partition& p)
{
    std::vector<std::set<sp::vid>> out(p.parts);
    for (std::size_t v = 0; v < p.part_of.size(); ++v)
        out[p.part_of[v]].insert(static_cast<sp::vid>(v));
    return out;
}

// An oracle independent of analyze(): the quotient as an IR graph, checked by the IR's find_cycle.
bool quotient_acyclic_by_ir(const sp::dag& g, const sp::partition& p)
{
    couler::graph q;
    for (std::size_t a = 0; a < p.parts; ++a) {
        couler::step s;
        s.name = "p" + std::to_string(a);
        q.add_step(s);
    }
    for (std::size_t v = 0; v < g.size(); ++v) {
        auto [b, e] = g.successors(static_cast<sp::vid>(v));
        for (; b != e; ++b)
            if (p.part_of[v] != p.part_of[*b])
                q.add_dependency(p.part_of[v], p.part_of[*b]);
    }
    return couler::is_acyclic(q);
}

// Random DAGs of several shapes: edges always go from a lower to a higher index of a shuffled
// rank, so the graph is acyclic, while vertex indices are not topologically sorted.
sp::dag random_dag(std::mt19937& rng, std::size_t n, int shape)
{
    std::vector<sp::vid> rank(n);
    for (std::size_t i = 0; i < n; ++i)
        rank[i] = static_cast<sp::vid>(i);
    std::shuffle(rank.begin(), rank.end(), rng);
    std::vector<std::pair<sp::vid, sp::vid>> edges;
    std::set<std::pair<sp::vid, sp::vid>> seen;
    auto add = [&](std::size_t a, std::size_t b) {
        if (a == b)
            return;
        if (a > b)
            std::swap(a, b);
        if (seen.insert({rank[a], rank[b]}).second)
            edges.emplace_back(rank[a], rank[b]);
    };
    if (n > 1) {
        std::uniform_int_distribution<std::size_t> any(0, n - 1);
        if (shape == 0) { // sparse random
            for (std::size_t i = 0; i < 2 * n; ++i)
                add(any(rng), any(rng));
        } else if (shape == 1) { // layered
            std::size_t width = 1 + n / 10;
            for (std::size_t i = width; i < n; ++i)
                for (int k = 0; k < 2; ++k) {
                    std::size_t layer = i / width;
                    std::uniform_int_distribution<std::size_t> prev((layer - 1) * width, layer * width - 1);
                    add(prev(rng), i);
                }
        } else if (shape == 2) { // fan-out / fan-in
            for (std::size_t i = 1; i + 1 < n; ++i) {
                add(0, i);
                add(i, n - 1);
            }
        } else { // chains with cross links
            std::size_t chains = 1 + n / 50;
            for (std::size_t i = chains; i < n; ++i)
                add(i - chains, i);
            for (std::size_t i = 0; i < n / 20; ++i)
                add(any(rng), any(rng));
        }
    }
    return sp::dag::from_edges(n, edges);
}

void check_valid(const sp::dag& g, const sp::partition& p, const sp::budget& b, const std::string& what)
{
    BOOST_TEST_CONTEXT(what)
    {
        BOOST_REQUIRE_EQUAL(p.part_of.size(), g.size());
        std::vector<std::size_t> count(p.parts, 0);
        for (auto q : p.part_of) {
            BOOST_REQUIRE_LT(q, p.parts);
            ++count[q];
        }
        for (auto c : count)
            BOOST_TEST(c > 0u); // no empty part
        auto r = sp::analyze(g, p, b);
        BOOST_TEST(r.acyclic);
        BOOST_TEST(quotient_acyclic_by_ir(g, p));
        BOOST_TEST(r.parts_over_budget == 0u);
        BOOST_TEST(r.largest_part_steps <= b.max_steps);
        BOOST_TEST(r.largest_part_bytes <= b.max_bytes);
        BOOST_TEST(r.largest_part_pods <= b.max_pods);
        BOOST_TEST(r.quotient_critical_path >= r.critical_path - 1e-9);
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(algorithm3_dfs_preorder_makes_parts_that_depend_on_each_other)
{
    // a=0, x=1, y=2; a's children listed as [x, y]; y -> x
    auto g = sp::dag::from_edges(3, {{0, 1}, {0, 2}, {2, 1}});
    sp::budget b;
    b.max_steps = 2;
    auto p = sp::algorithm3(g, b);
    auto sets = parts_of(p);
    BOOST_REQUIRE_EQUAL(sets.size(), 2u);
    BOOST_TEST((sets[0] == std::set<sp::vid>{0, 1})); // {a, x}
    BOOST_TEST((sets[1] == std::set<sp::vid>{2}));    // {y}
    auto r = sp::analyze(g, p, b);
    BOOST_TEST(!r.acyclic);
    BOOST_TEST(!quotient_acyclic_by_ir(g, p));
    BOOST_TEST((std::set<std::uint32_t>(r.cycle.begin(), r.cycle.end()) == std::set<std::uint32_t>{0, 1}));
    BOOST_TEST(r.quotient_critical_path < 0);

    // the same graph and budget, split by our methods: schedulable
    check_valid(g, sp::topological_chunks(g, b), b, "topo-chunks");
    auto ours = sp::split_dag(g, b);
    check_valid(g, ours, b, "refined");
    BOOST_TEST(ours.parts == 2u);
}

BOOST_AUTO_TEST_CASE(method_names_round_trip)
{
    for (auto m : {sp::method::algorithm3, sp::method::topological_chunks, sp::method::refined}) {
        sp::method back{};
        BOOST_TEST(sp::from_string(sp::to_string(m), back));
        BOOST_TEST((back == m));
    }
    sp::method m{};
    BOOST_TEST(sp::from_string("dfs", m));
    BOOST_TEST((m == sp::method::algorithm3));
    BOOST_TEST(!sp::from_string("nope", m));
}

BOOST_AUTO_TEST_CASE(analyze_measures_critical_paths_depth_and_cut)
{
    // diamond 0 -> {1, 2} -> 3, costs 1, 5, 2, 1; parts {0,1}, {2}, {3}
    auto g = sp::dag::from_edges(4, {{0, 1}, {0, 2}, {1, 3}, {2, 3}});
    g.cost = {1, 5, 2, 1};
    sp::partition p;
    p.part_of = {0, 0, 1, 2};
    p.parts = 3;
    sp::budget b;
    auto r = sp::analyze(g, p, b);
    BOOST_TEST(r.acyclic);
    BOOST_TEST(r.cut_edges == 3u);      // 0->2, 1->3, 2->3
    BOOST_TEST(r.quotient_edges == 3u); // p0->p1, p0->p2, p1->p2
    BOOST_TEST(r.quotient_depth == 3u);
    BOOST_TEST(r.critical_path == 7.0);          // 0,1,3
    BOOST_TEST(r.quotient_critical_path == 9.0); // part0 = 6, then part1 = 2, then part2 = 1
    BOOST_TEST(r.largest_part_steps == 2u);
    BOOST_TEST(r.lower_bound_parts == 1u);
}

BOOST_AUTO_TEST_CASE(bytes_groups_and_pods_budgets)
{
    // a chain of 10; every step 100 bytes, steps share two groups of 1000 bytes charged once a part
    std::vector<std::pair<sp::vid, sp::vid>> e;
    for (sp::vid i = 0; i + 1 < 10; ++i)
        e.emplace_back(i, i + 1);
    auto g = sp::dag::from_edges(10, e);
    g.bytes.assign(10, 100);
    g.group_bytes = {1000, 1000};
    for (std::size_t v = 0; v < 10; ++v)
        g.group[v] = v % 2;
    g.pods = {1, 1, 1, 5, 1, 1, 1, 1, 1, 1};
    sp::budget b;
    b.max_steps = sp::unlimited;
    b.max_bytes = 2500; // overhead 100 + 2 groups 2000 + 4 steps 400
    b.part_overhead_bytes = 100;
    b.max_pods = 6;
    for (auto m : {sp::method::topological_chunks, sp::method::refined}) {
        auto p = sp::run(m, g, b);
        check_valid(g, p, b, sp::to_string(m));
        auto s = sp::measure(g, p, b);
        for (std::size_t a = 0; a < p.parts; ++a)
            BOOST_TEST(s.bytes[a] == 100 + (s.steps[a] >= 2 ? 2000u : 1000u) + 100 * s.steps[a]);
    }
    // one step alone over budget: its own part, reported
    g.bytes[4] = 5000;
    auto p = sp::split_dag(g, b);
    auto r = sp::analyze(g, p, b);
    BOOST_TEST(r.acyclic);
    BOOST_TEST(r.parts_over_budget == 1u);
    for (std::size_t v = 0; v < 10; ++v)
        if (v != 4)
            BOOST_TEST(p.part_of[v] != p.part_of[4]);
}

BOOST_AUTO_TEST_CASE(refinement_cuts_fewer_edges_than_plain_chunking)
{
    // 20 independent chains of 10 under one source: FIFO chunks slice every chain into
    // pieces; chain-keeping chunks and moves cut far fewer edges.
    std::vector<std::pair<sp::vid, sp::vid>> e;
    const sp::vid chains = 20, len = 10;
    for (sp::vid c = 0; c < chains; ++c) {
        e.emplace_back(0, 1 + c * len);
        for (sp::vid i = 1; i < len; ++i)
            e.emplace_back(1 + c * len + i - 1, 1 + c * len + i);
    }
    auto g = sp::dag::from_edges(1 + chains * len, e);
    sp::budget b;
    b.max_steps = 25;
    auto plain = sp::analyze(g, sp::topological_chunks(g, b), b);
    sp::split_options cut_first;
    cut_first.goal = sp::objective::cut;
    auto pc = sp::split_dag(g, b, cut_first);
    check_valid(g, pc, b, "refined, objective cut");
    auto by_cut = sp::analyze(g, pc, b);
    BOOST_TEST(by_cut.cut_edges < plain.cut_edges / 2);
    BOOST_TEST(by_cut.parts <= plain.parts);

    // balanced (the default) never loses to plain chunking on cut, and keeps the parallelism
    auto p = sp::split_dag(g, b);
    check_valid(g, p, b, "refined, objective balanced");
    auto bal = sp::analyze(g, p, b);
    BOOST_TEST(bal.cut_edges <= plain.cut_edges);
    BOOST_TEST(bal.quotient_critical_path <= 1.25 * plain.quotient_critical_path);
    BOOST_TEST(bal.parts <= plain.parts);

    sp::split_options par;
    par.goal = sp::objective::parallelism;
    auto pp = sp::analyze(g, sp::split_dag(g, b, par), b);
    BOOST_TEST(pp.quotient_critical_path <= bal.quotient_critical_path);
    BOOST_TEST(pp.quotient_critical_path <= by_cut.quotient_critical_path);
}

BOOST_AUTO_TEST_CASE(property_random_dags)
{
    std::mt19937 rng(20261124);
    std::size_t a3_cyclic = 0, cases = 0;
    for (int round = 0; round < 300; ++round) {
        std::size_t n = std::uniform_int_distribution<std::size_t>(0, round < 250 ? 300 : 3000)(rng);
        int shape = round % 4;
        auto g = random_dag(rng, n, shape);
        sp::budget b;
        b.max_steps = std::uniform_int_distribution<std::uint64_t>(1, 60)(rng);
        if (round % 3 == 1) { // bytes and groups, as the IR extraction produces
            std::uniform_int_distribution<std::uint64_t> sz(50, 400);
            g.group_bytes = {300, 500, 800};
            for (std::size_t v = 0; v < n; ++v) {
                g.bytes[v] = sz(rng);
                g.group[v] = static_cast<std::uint32_t>(v % 3);
            }
            b.part_overhead_bytes = 200;
            b.max_bytes = 2000 + 40 * std::uniform_int_distribution<std::uint64_t>(0, 200)(rng);
        }
        if (round % 5 == 2) { // pods
            for (std::size_t v = 0; v < n; ++v)
                g.pods[v] = std::uniform_int_distribution<std::uint64_t>(1, 4)(rng);
            b.max_pods = std::uniform_int_distribution<std::uint64_t>(4, 100)(rng);
        }
        const std::string what = "round " + std::to_string(round) + " n=" + std::to_string(n) +
                                 " shape=" + std::to_string(shape) + " beta=" + std::to_string(b.max_steps);
        auto plain = sp::topological_chunks(g, b);
        check_valid(g, plain, b, what + " topo-chunks");
        sp::split_options opt;
        opt.goal = static_cast<sp::objective>(round % 3);
        auto ours = sp::split_dag(g, b, opt);
        check_valid(g, ours, b, what + " refined");
        auto rp = sp::analyze(g, plain, b), ro = sp::analyze(g, ours, b);
        BOOST_TEST_CONTEXT(what)
        {
            BOOST_TEST(ro.cut_edges <= rp.cut_edges);
            BOOST_TEST(ro.parts <= std::max(rp.parts, static_cast<std::size_t>(1.1 * double(ro.lower_bound_parts))));
            if (g.group_bytes.empty() && b.max_pods == sp::unlimited && n > 0) // step budget only
                BOOST_TEST(ro.parts <= std::max<std::size_t>(ro.lower_bound_parts, 1.1 * double(ro.lower_bound_parts)));
        }
        // Algorithm 3 keeps the budgets and covers every vertex, but is often cyclic
        auto a3 = sp::algorithm3(g, b);
        auto ra = sp::analyze(g, a3, b);
        BOOST_TEST(ra.parts_over_budget == 0u);
        BOOST_TEST(ra.acyclic == quotient_acyclic_by_ir(g, a3));
        a3_cyclic += !ra.acyclic;
        ++cases;
    }
    BOOST_TEST_MESSAGE("algorithm3 cyclic in " << a3_cyclic << " of " << cases << " random cases");
    BOOST_TEST(a3_cyclic > 0u);
}

BOOST_AUTO_TEST_CASE(cycles_in_the_input_are_refused)
{
    auto g = sp::dag::from_edges(3, {{0, 1}, {1, 2}, {2, 0}});
    sp::budget b;
    BOOST_CHECK_THROW(sp::split_dag(g, b), std::invalid_argument);
    BOOST_CHECK_THROW(sp::topological_chunks(g, b), std::invalid_argument);
}

namespace {

// A chain 0 -> 1 -> ... -> n-1 and a daemon `d` (= n) read by the vertices in `readers`.
sp::dag chain_with_daemon(std::size_t n, const std::vector<sp::vid>& readers)
{
    std::vector<std::pair<sp::vid, sp::vid>> edges;
    for (std::size_t v = 1; v < n; ++v)
        edges.emplace_back(static_cast<sp::vid>(v - 1), static_cast<sp::vid>(v));
    for (auto r : readers)
        edges.emplace_back(static_cast<sp::vid>(n), r);
    auto g = sp::dag::from_edges(n + 1, edges);
    g.daemon.assign(n + 1, 0);
    g.daemon[n] = 1;
    return g;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_daemon_stays_with_its_readers_and_what_lies_between)
{
    // daemon 20 read by 3 and 6: the unit is {20, 3, 4, 5, 6} (4 and 5 lie on the path 3 -> 6)
    auto g = chain_with_daemon(20, {3, 6});
    sp::budget b;
    b.max_steps = 5;
    for (int k = 0; k < 2; ++k) {
        auto p = k == 0 ? sp::split_dag(g, b) : sp::topological_chunks(g, b);
        check_valid(g, p, b, k == 0 ? "refined" : "topo-chunks");
        for (sp::vid v : {3u, 4u, 5u, 6u})
            BOOST_TEST(p.part_of[v] == p.part_of[20]);
        BOOST_TEST(sp::analyze(g, p, b).daemons_apart == 0u);
    }
    // Without the constraint the same budget separates the daemon from a reader: the test above
    // is not vacuous.
    auto loose = g;
    loose.daemon.clear();
    BOOST_TEST(sp::analyze(g, sp::split_dag(loose, b), b).daemons_apart > 0u);
    BOOST_TEST(sp::analyze(g, sp::topological_chunks(loose, b), b).daemons_apart > 0u);

    // the unit alone breaks a 4-step budget: a clear error naming the daemon vertex
    b.max_steps = 4;
    try {
        sp::split_dag(g, b);
        BOOST_ERROR("expected daemon_unit_too_big");
    } catch (const sp::daemon_unit_too_big& e) {
        BOOST_TEST(e.daemon == 20u);
        BOOST_TEST(e.steps == 5u);
        BOOST_TEST(std::string(e.what()).find("daemon step #20") != std::string::npos);
    }
    BOOST_CHECK_THROW(sp::topological_chunks(g, b), sp::daemon_unit_too_big);
}

BOOST_AUTO_TEST_CASE(property_daemon_units_on_random_dags)
{
    std::mt19937 rng(777);
    std::size_t ok = 0, refused = 0, loose_apart = 0;
    for (int round = 0; round < 120; ++round) {
        std::size_t n = std::uniform_int_distribution<std::size_t>(20, 600)(rng);
        int shape = round % 4 == 2 ? 3 : round % 4; // fan-out/fan-in makes one unit of everything
        auto g = random_dag(rng, n, shape);
        g.daemon.assign(n, 0);
        for (std::size_t v = 0; v < n; ++v)
            g.daemon[v] = std::uniform_int_distribution<int>(0, 99)(rng) < 4;
        sp::budget b;
        b.max_steps = std::uniform_int_distribution<std::uint64_t>(10, 80)(rng);
        if (round % 3 == 1) {
            g.group_bytes = {300, 500, 800};
            for (std::size_t v = 0; v < n; ++v) {
                g.bytes[v] = 50 + v % 300;
                g.group[v] = static_cast<std::uint32_t>(v % 3);
            }
            b.part_overhead_bytes = 200;
            b.max_bytes = 200 + 80 * 400 + 1600;
        }
        const std::string what = "round " + std::to_string(round) + " n=" + std::to_string(n);
        auto units = sp::detail::daemon_units(g);
        std::size_t biggest = 0;
        for (auto s : units.size)
            biggest = std::max<std::size_t>(biggest, s);
        if (biggest > b.max_steps) {
            BOOST_CHECK_THROW(sp::split_dag(g, b), sp::daemon_unit_too_big);
            ++refused;
            continue;
        }
        sp::split_options opt;
        opt.goal = static_cast<sp::objective>(round % 3);
        for (int k = 0; k < 2; ++k) {
            auto p = k == 0 ? sp::split_dag(g, b, opt) : sp::topological_chunks(g, b);
            check_valid(g, p, b, what + (k == 0 ? " refined" : " topo-chunks"));
            BOOST_TEST_CONTEXT(what)
            {
                BOOST_TEST(sp::analyze(g, p, b).daemons_apart == 0u);
                // every unit in one part (a unit also holds what lies between a daemon's readers)
                std::vector<std::int64_t> at(units.count, -1);
                std::size_t broken = 0;
                for (std::size_t v = 0; v < n && !units.trivial(); ++v) {
                    auto& a = at[units.of[v]];
                    if (a < 0)
                        a = p.part_of[v];
                    broken += a != std::int64_t(p.part_of[v]);
                }
                BOOST_TEST(broken == 0u);
            }
        }
        auto loose = g;
        loose.daemon.clear();
        loose_apart += sp::analyze(g, sp::split_dag(loose, b, opt), b).daemons_apart > 0;
        ++ok;
    }
    BOOST_TEST_MESSAGE("daemon units: " << ok << " split, " << refused << " refused (unit over beta), "
                                        << loose_apart << " would separate a daemon without the constraint");
    BOOST_TEST(ok > 60u);
    BOOST_TEST(loose_apart > 30u); // dropping the constraint would break the checks above
}
