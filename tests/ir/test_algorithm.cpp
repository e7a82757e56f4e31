// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Graph algorithms on step graphs, against hand-computed answers and a brute force.
#include <couler/ir/algorithm.hpp>

#include <couler/ir/workflow.hpp> // the couler::graph alias

#include "print.hpp"

#define BOOST_TEST_MODULE ir_algorithm
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

using vertices = std::vector<std::size_t>;

namespace {

// A graph from names and "a>b" edges; costs by name (absent: no cost_seconds).
couler::graph make(const std::vector<std::string>& names, const std::vector<std::pair<std::string, std::string>>& edges,
                   const std::vector<std::pair<std::string, double>>& costs = {})
{
    couler::graph g;
    for (auto& n : names) {
        couler::step s;
        s.name = n;
        s.template_name = "t";
        g.add_step(s);
    }
    for (auto& [a, b] : edges)
        g.add_dependency(a, b);
    for (auto& [n, c] : costs)
        g[g.at(n)].cost_seconds = c;
    return g;
}

std::vector<std::string> names(const couler::graph& g, const vertices& vs)
{
    std::vector<std::string> out;
    for (auto v : vs)
        out.push_back(g[v].name);
    return out;
}

std::vector<std::pair<std::string, std::size_t>> named(const couler::graph& g,
                                                       const std::vector<std::pair<std::size_t, std::size_t>>& vs)
{
    std::vector<std::pair<std::string, std::size_t>> out;
    for (auto& [v, d] : vs)
        out.emplace_back(g[v].name, d);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> sorted(std::vector<std::string> v)
{
    std::sort(v.begin(), v.end());
    return v;
}

bool is_topological(const couler::graph& g, const vertices& order)
{
    if (order.size() != g.size())
        return false;
    std::vector<std::size_t> pos(g.size(), g.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        pos[order[i]] = i;
    for (std::size_t v = 0; v < g.size(); ++v) {
        if (pos[v] == g.size())
            return false; // missing
        for (auto u : g.predecessors(v))
            if (pos[u] >= pos[v])
                return false;
    }
    return true;
}

// The cycle is real: consecutive vertices are joined by edges, and the last one leads back.
bool is_cycle(const couler::graph& g, const vertices& c)
{
    if (c.empty())
        return false;
    std::set<std::size_t> distinct(c.begin(), c.end());
    if (distinct.size() != c.size())
        return false;
    for (std::size_t i = 0; i < c.size(); ++i)
        if (!g.dependency_between(c[i], c[(i + 1) % c.size()]))
            return false;
    return true;
}

// Paper Eq. 1 by brute force: the largest sum of costs over every path.
double longest_path_brute(const couler::graph& g, const std::function<double(std::size_t)>& cost)
{
    double best = 0;
    std::function<void(std::size_t, double)> walk = [&](std::size_t v, double acc) {
        acc += cost(v);
        best = std::max(best, acc);
        for (auto w : g.successors(v))
            walk(w, acc);
    };
    for (std::size_t v = 0; v < g.size(); ++v)
        walk(v, 0);
    return best;
}

} // namespace

BOOST_AUTO_TEST_CASE(topological_order_of_small_graphs)
{
    auto empty = make({}, {});
    BOOST_TEST(couler::topological_order(empty).value().empty());

    // Declared out of order: the order follows the edges, not the insertion.
    auto g = make({"d", "c", "b", "a"}, {{"a", "b"}, {"b", "c"}, {"c", "d"}});
    BOOST_TEST((names(g, *couler::topological_order(g)) == std::vector<std::string>{"a", "b", "c", "d"}));

    // Diamond: a, then b and c in insertion order, then d.
    auto diamond = make({"a", "b", "c", "d"}, {{"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}});
    BOOST_TEST((names(diamond, *couler::topological_order(diamond)) == std::vector<std::string>{"a", "b", "c", "d"}));

    // Independent steps keep insertion order.
    auto flat = make({"x", "y", "z"}, {});
    BOOST_TEST((names(flat, *couler::topological_order(flat)) == std::vector<std::string>{"x", "y", "z"}));
}

BOOST_AUTO_TEST_CASE(topological_order_ignores_edge_insertion_order)
{
    // The same edges added in two orders: the same order, ties going to the step added first.
    auto g1 = make({"a", "b", "c", "d"}, {{"a", "c"}, {"a", "b"}});
    auto g2 = make({"a", "b", "c", "d"}, {{"a", "b"}, {"a", "c"}});
    BOOST_TEST((names(g1, *couler::topological_order(g1)) == std::vector<std::string>{"a", "b", "c", "d"}));
    BOOST_TEST((names(g2, *couler::topological_order(g2)) == std::vector<std::string>{"a", "b", "c", "d"}));
    // A step that becomes ready late but was added early goes before later-added ready ones.
    auto g3 = make({"x", "y", "z"}, {{"y", "x"}});
    BOOST_TEST((names(g3, *couler::topological_order(g3)) == std::vector<std::string>{"y", "x", "z"}));
}

BOOST_AUTO_TEST_CASE(topological_order_refuses_cycles)
{
    auto g = make({"a", "b", "c"}, {{"a", "b"}, {"b", "c"}, {"c", "b"}});
    BOOST_TEST(!couler::topological_order(g).has_value());
    auto self = make({"a"}, {{"a", "a"}});
    BOOST_TEST(!couler::topological_order(self).has_value());
}

BOOST_AUTO_TEST_CASE(find_cycle_reports_the_actual_cycle)
{
    // x -> a -> b -> c -> a, and c -> y: the cycle is a, b, c, without x or y.
    auto g = make({"x", "a", "b", "c", "y"}, {{"x", "a"}, {"a", "b"}, {"b", "c"}, {"c", "a"}, {"c", "y"}});
    auto c = couler::find_cycle(g);
    BOOST_TEST(is_cycle(g, c));
    BOOST_TEST((sorted(names(g, c)) == std::vector<std::string>{"a", "b", "c"}));
    BOOST_TEST(!couler::is_acyclic(g));

    auto two = make({"p", "q"}, {{"p", "q"}, {"q", "p"}});
    BOOST_TEST((names(two, couler::find_cycle(two)) == std::vector<std::string>{"p", "q"}));

    auto self = make({"a", "b"}, {{"a", "b"}, {"b", "b"}});
    BOOST_TEST((names(self, couler::find_cycle(self)) == std::vector<std::string>{"b"}));

    // A cycle reachable only from a later root, after a large acyclic part.
    auto late = make({"r", "s", "t", "u", "v"}, {{"r", "s"}, {"s", "t"}, {"u", "v"}, {"v", "u"}});
    BOOST_TEST((sorted(names(late, couler::find_cycle(late))) == std::vector<std::string>{"u", "v"}));

    auto diamond = make({"a", "b", "c", "d"}, {{"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}});
    BOOST_TEST(couler::find_cycle(diamond).empty());
    BOOST_TEST(couler::is_acyclic(diamond));
    BOOST_TEST(couler::is_acyclic(make({}, {})));
}

BOOST_AUTO_TEST_CASE(deep_graphs_do_not_overflow_the_stack)
{
    // A 200,000-step chain: recursive algorithms would overflow; these are iterative.
    couler::graph g;
    const std::size_t n = 200000;
    for (std::size_t i = 0; i < n; ++i) {
        couler::step s;
        // Appended rather than `"s" + std::to_string(i)`: GCC 12 at -O2 and above, in C++20,
        // inlines that operator+ into a false -Wrestrict (GCC bug 105651).
        s.name = "s";
        s.name += std::to_string(i);
        g.add_step(std::move(s));
        if (i > 0)
            g.add_dependency(i - 1, i);
    }
    BOOST_TEST(couler::is_acyclic(g));
    auto order = couler::topological_order(g);
    BOOST_TEST_REQUIRE(order.has_value());
    BOOST_TEST(order->front() == 0u);
    BOOST_TEST(order->back() == n - 1);
    auto cp = couler::critical_path(g);
    BOOST_TEST_REQUIRE(cp.has_value());
    BOOST_TEST(cp->length == static_cast<double>(n));
    BOOST_TEST(cp->path.size() == n);
    BOOST_TEST(couler::descendants(g, 0).size() == n - 1);
    g.add_dependency(n - 1, 0); // close the loop
    auto c = couler::find_cycle(g);
    BOOST_TEST(c.size() == n);
    BOOST_TEST(is_cycle(g, c));
}

BOOST_AUTO_TEST_CASE(ancestors_and_descendants_by_layers)
{
    // a -> b -> c -> d -> e, and a -> d (a shortcut).
    auto g = make({"a", "b", "c", "d", "e"}, {{"a", "b"}, {"b", "c"}, {"c", "d"}, {"d", "e"}, {"a", "d"}});
    auto a = g.at("a"), e = g.at("e"), c = g.at("c");
    BOOST_TEST((sorted(names(g, couler::descendants(g, a, 1))) == std::vector<std::string>{"b", "d"}));
    BOOST_TEST((sorted(names(g, couler::descendants(g, a, 2))) == std::vector<std::string>{"b", "c", "d", "e"}));
    BOOST_TEST((sorted(names(g, couler::descendants(g, a))) == std::vector<std::string>{"b", "c", "d", "e"}));
    BOOST_TEST((sorted(names(g, couler::ancestors(g, e, 1))) == std::vector<std::string>{"d"}));
    BOOST_TEST((sorted(names(g, couler::ancestors(g, e, 2))) == std::vector<std::string>{"a", "c", "d"}));
    BOOST_TEST((sorted(names(g, couler::ancestors(g, e, 3))) == std::vector<std::string>{"a", "b", "c", "d"}));
    BOOST_TEST((sorted(names(g, couler::ancestors(g, e))) == std::vector<std::string>{"a", "b", "c", "d"}));
    BOOST_TEST((sorted(names(g, couler::ancestors(g, c))) == std::vector<std::string>{"a", "b"}));
    BOOST_TEST(couler::ancestors(g, a).empty());
    BOOST_TEST(couler::descendants(g, e).empty());

    // Distances are shortest hop counts.
    auto down = couler::neighbourhood(g, a, couler::direction::downstream);
    BOOST_TEST((named(g, down) == std::vector<std::pair<std::string, std::size_t>>{{"b", 1}, {"c", 2}, {"d", 1}, {"e", 2}}));
    auto up = couler::neighbourhood(g, e, couler::direction::upstream, 2);
    BOOST_TEST((named(g, up) == std::vector<std::pair<std::string, std::size_t>>{{"a", 2}, {"c", 2}, {"d", 1}}));
}

BOOST_AUTO_TEST_CASE(neighbourhood_stops_where_told)
{
    // a -> b -> c -> d, a -> x -> d.
    auto g = make({"a", "b", "c", "d", "x"}, {{"a", "b"}, {"b", "c"}, {"c", "d"}, {"a", "x"}, {"x", "d"}});
    auto b = g.at("b"), x = g.at("x");
    // Stopping at b: b is reported but not walked through; c is not reached; d still is, via x.
    auto r = couler::neighbourhood(g, g.at("a"), couler::direction::downstream, 0,
                                   [&](std::size_t v) { return v == b; });
    BOOST_TEST((named(g, r) == std::vector<std::pair<std::string, std::size_t>>{{"b", 1}, {"d", 2}, {"x", 1}}));
    // Stopping at b and x: only they are reported.
    r = couler::neighbourhood(g, g.at("a"), couler::direction::downstream, 0,
                              [&](std::size_t v) { return v == b || v == x; });
    BOOST_TEST((named(g, r) == std::vector<std::pair<std::string, std::size_t>>{{"b", 1}, {"x", 1}}));
    // Upstream from d, stopping everywhere: only the direct predecessors.
    r = couler::neighbourhood(g, g.at("d"), couler::direction::upstream, 0, [](std::size_t) { return true; });
    BOOST_TEST((named(g, r) == std::vector<std::pair<std::string, std::size_t>>{{"c", 1}, {"x", 1}}));
    // Layers and stop together.
    r = couler::neighbourhood(g, g.at("d"), couler::direction::upstream, 2, [&](std::size_t v) { return v == x; });
    BOOST_TEST((named(g, r) == std::vector<std::pair<std::string, std::size_t>>{{"b", 2}, {"c", 1}, {"x", 1}}));
}

BOOST_AUTO_TEST_CASE(neighbourhood_in_a_cycle_terminates)
{
    auto g = make({"a", "b", "c"}, {{"a", "b"}, {"b", "c"}, {"c", "a"}});
    BOOST_TEST((sorted(names(g, couler::descendants(g, 0))) == std::vector<std::string>{"b", "c"}));
    BOOST_TEST((sorted(names(g, couler::ancestors(g, 0))) == std::vector<std::string>{"b", "c"}));
}

BOOST_AUTO_TEST_CASE(critical_path_paper_eq1)
{
    // Diamond a -> {b, c} -> d with costs 2, 5, 3, 1, and a lone step e.
    // Paths: a-b-d = 8, a-c-d = 6, e = 10: T = 10 along [e].
    auto g = make({"a", "b", "c", "d", "e"}, {{"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}},
                  {{"a", 2}, {"b", 5}, {"c", 3}, {"d", 1}, {"e", 10}});
    auto r = couler::critical_path(g);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->length == 10.0);
    BOOST_TEST((names(g, r->path) == std::vector<std::string>{"e"}));

    g[g.at("e")].cost_seconds = 4; // now a-b-d = 8 is the longest
    r = couler::critical_path(g);
    BOOST_TEST(r->length == 8.0);
    BOOST_TEST((names(g, r->path) == std::vector<std::string>{"a", "b", "d"}));

    g[g.at("c")].cost_seconds = 7.5; // a-c-d = 10.5
    r = couler::critical_path(g);
    BOOST_TEST(r->length == 10.5);
    BOOST_TEST((names(g, r->path) == std::vector<std::string>{"a", "c", "d"}));
}

BOOST_AUTO_TEST_CASE(critical_path_picks_the_latest_predecessor_whatever_the_edge_order)
{
    // d waits for a (1), b (5) and c (3), listed in that order: it starts at 5, after b.
    auto g = make({"a", "b", "c", "d"}, {{"a", "d"}, {"b", "d"}, {"c", "d"}}, {{"a", 1}, {"b", 5}, {"c", 3}, {"d", 1}});
    auto r = couler::critical_path(g);
    BOOST_TEST(r->length == 6.0);
    BOOST_TEST((names(g, r->path) == std::vector<std::string>{"b", "d"}));
    auto g2 = make({"a", "b", "c", "d"}, {{"c", "d"}, {"b", "d"}, {"a", "d"}}, {{"a", 1}, {"b", 5}, {"c", 3}, {"d", 1}});
    r = couler::critical_path(g2);
    BOOST_TEST(r->length == 6.0);
    BOOST_TEST((names(g2, r->path) == std::vector<std::string>{"b", "d"}));
}

BOOST_AUTO_TEST_CASE(critical_path_defaults_and_custom_costs)
{
    auto chain = make({"a", "b", "c"}, {{"a", "b"}, {"b", "c"}});
    auto r = couler::critical_path(chain); // no costs: 1 each
    BOOST_TEST(r->length == 3.0);
    BOOST_TEST(r->path.size() == 3u);
    r = couler::critical_path(chain, [](std::size_t v) { return 10.0 * static_cast<double>(v + 1); });
    BOOST_TEST(r->length == 60.0);
    // Zero costs: the path still runs through the graph.
    r = couler::critical_path(chain, [](std::size_t) { return 0.0; });
    BOOST_TEST(r->length == 0.0);
    BOOST_TEST(!r->path.empty());

    auto empty = make({}, {});
    r = couler::critical_path(empty);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->length == 0.0);
    BOOST_TEST(r->path.empty());

    auto cyc = make({"a", "b"}, {{"a", "b"}, {"b", "a"}});
    BOOST_TEST(!couler::critical_path(cyc).has_value());
}

BOOST_AUTO_TEST_CASE(random_dags_against_brute_force)
{
    std::mt19937_64 rng(12345);
    for (int trial = 0; trial < 300; ++trial) {
        std::size_t n = 1 + rng() % 10;
        couler::graph g;
        for (std::size_t i = 0; i < n; ++i) {
            couler::step s;
            s.name = "s" + std::to_string(i);
            if (rng() % 4)
                s.cost_seconds = static_cast<double>(rng() % 20) / 2.0;
            g.add_step(s);
        }
        // Edges in a random order of insertion, always from a lower to a higher index in a
        // shuffled labelling, so the graph is a DAG whose topological order is not index order.
        std::vector<std::size_t> label(n);
        for (std::size_t i = 0; i < n; ++i)
            label[i] = i;
        std::shuffle(label.begin(), label.end(), rng);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j)
                if (rng() % 3 == 0)
                    g.add_dependency(label[i], label[j]);
        auto cost = [&](std::size_t v) { return g[v].cost_seconds.value_or(1.0); };

        auto order = couler::topological_order(g);
        BOOST_TEST_REQUIRE(order.has_value());
        BOOST_TEST(is_topological(g, *order));
        BOOST_TEST(couler::find_cycle(g).empty());

        auto r = couler::critical_path(g);
        BOOST_TEST_REQUIRE(r.has_value());
        BOOST_TEST(r->length == longest_path_brute(g, cost), "trial " << trial);
        // The path is a real path whose costs add up to the length.
        double sum = 0;
        for (std::size_t i = 0; i < r->path.size(); ++i) {
            sum += cost(r->path[i]);
            if (i > 0)
                BOOST_TEST(g.dependency_between(r->path[i - 1], r->path[i]).has_value());
        }
        BOOST_TEST(sum == r->length);

        // Descendants are exactly what a brute-force reachability finds.
        for (std::size_t v = 0; v < n; ++v) {
            std::set<std::size_t> reach;
            std::function<void(std::size_t)> dfs = [&](std::size_t x) {
                for (auto w : g.successors(x))
                    if (reach.insert(w).second)
                        dfs(w);
            };
            dfs(v);
            auto d = couler::descendants(g, v);
            BOOST_TEST((std::set<std::size_t>(d.begin(), d.end()) == reach));
            BOOST_TEST(d.size() == reach.size()); // no duplicates
        }

        // Adding a back edge along the critical path closes a cycle that find_cycle reports.
        if (r->path.size() >= 2) {
            g.add_dependency(r->path.back(), r->path.front());
            auto c = couler::find_cycle(g);
            BOOST_TEST(is_cycle(g, c));
            BOOST_TEST(!couler::topological_order(g).has_value());
        }
    }
}
