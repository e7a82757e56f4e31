// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_ALGORITHM_HPP
#define COULER_IR_ALGORITHM_HPP

/// @file
/// @brief Graph algorithms on step graphs: topological order, cycles, n-layer neighbourhoods,
/// and the cost-weighted critical path (paper Eq. 1).

#include <couler/ir/graph.hpp>


#include <algorithm>
#include <cstddef>
#include <functional>
#include <iterator>
#include <optional>
#include <queue>
#include <vector>

namespace couler {

/// @brief The steps of a cycle, in order (the last one depends on... the first one's predecessor chain
/// closes back on the first). Empty if the graph is acyclic.
template <class S, class A>
std::vector<typename basic_graph<S, A>::vertex> find_cycle(const basic_graph<S, A>& g)
{
    // Iterative DFS with colours: a back edge to a grey vertex closes a cycle, and the grey
    // stack from that vertex is the cycle. Iterative so deep graphs cannot overflow the stack.
    using vertex = typename basic_graph<S, A>::vertex;
    const auto& bg = g.boost_graph();
    const std::size_t n = g.size();
    enum : char { white, grey, black };
    std::vector<char> colour(n, white);
    std::vector<vertex> path;
    using out_iter = typename boost::graph_traits<typename basic_graph<S, A>::graph_type>::out_edge_iterator;
    std::vector<std::pair<out_iter, out_iter>> iters;
    for (vertex root = 0; root < n; ++root) {
        if (colour[root] != white)
            continue;
        colour[root] = grey;
        path.push_back(root);
        iters.push_back(boost::out_edges(root, bg));
        while (!path.empty()) {
            auto& [it, end] = iters.back();
            if (it == end) {
                colour[path.back()] = black;
                path.pop_back();
                iters.pop_back();
                continue;
            }
            vertex t = boost::target(*it, bg);
            ++it;
            if (colour[t] == grey) {
                auto start = std::find(path.begin(), path.end(), t);
                return std::vector<vertex>(start, path.end());
            }
            if (colour[t] == white) {
                colour[t] = grey;
                path.push_back(t);
                iters.push_back(boost::out_edges(t, bg));
            }
        }
    }
    return {};
}

/// @brief True if the graph has no cycle.
template <class S, class A> bool is_acyclic(const basic_graph<S, A>& g) { return find_cycle(g).empty(); }

/// @brief The steps in an order where every step comes after all it depends on.
///
/// Ties are broken by insertion order: of the steps whose dependencies are done, the one added
/// first comes first (Kahn's algorithm over a min-queue of indices). The order so depends only
/// on the steps and the set of edges, not on the order the edges were added in, so a workflow
/// and its JSON round trip give the same order.
/// @return std::nullopt if the graph has a cycle (use find_cycle to report it).
/// @par Complexity O(V log V + E).
template <class S, class A>
std::optional<std::vector<typename basic_graph<S, A>::vertex>> topological_order(const basic_graph<S, A>& g)
{
    using vertex = typename basic_graph<S, A>::vertex;
    const auto& bg = g.boost_graph();
    const std::size_t n = g.size();
    std::vector<std::size_t> indeg(n);
    std::priority_queue<vertex, std::vector<vertex>, std::greater<vertex>> ready;
    for (vertex v = 0; v < n; ++v)
        if ((indeg[v] = boost::in_degree(v, bg)) == 0)
            ready.push(v);
    std::vector<vertex> order;
    order.reserve(n);
    while (!ready.empty()) {
        vertex v = ready.top();
        ready.pop();
        order.push_back(v);
        for (auto [it, end] = boost::out_edges(v, bg); it != end; ++it) {
            vertex t = boost::target(*it, bg);
            if (--indeg[t] == 0)
                ready.push(t);
        }
    }
    if (order.size() != n)
        return std::nullopt;
    return order;
}

/// @brief Which way neighbourhood() walks.
enum class direction { upstream, downstream };

/// @brief The steps within `layers` hops of `v` (not `v` itself), upstream (ancestors) or
/// downstream (descendants), with their distance in hops. `layers == 0` means unlimited.
///
/// `stop(u)` may cut the walk: a vertex for which it returns true is reported but not walked
/// through (the cache factor truncates at cached artifacts this way).
/// @par Complexity O(V+E) at most.
template <class S, class A, class Stop = std::nullptr_t>
std::vector<std::pair<typename basic_graph<S, A>::vertex, std::size_t>>
neighbourhood(const basic_graph<S, A>& g, typename basic_graph<S, A>::vertex v, direction dir,
              std::size_t layers = 0, Stop stop = nullptr)
{
    using vertex = typename basic_graph<S, A>::vertex;
    const auto& bg = g.boost_graph();
    std::vector<std::size_t> dist(g.size(), static_cast<std::size_t>(-1));
    std::vector<std::pair<vertex, std::size_t>> out;
    std::vector<vertex> frontier{v};
    dist[v] = 0;
    for (std::size_t layer = 1; !frontier.empty() && (layers == 0 || layer <= layers); ++layer) {
        std::vector<vertex> next;
        auto visit = [&](vertex u) {
            if (dist[u] != static_cast<std::size_t>(-1))
                return;
            dist[u] = layer;
            out.emplace_back(u, layer);
            bool cut = false;
            if constexpr (!std::is_same_v<Stop, std::nullptr_t>)
                cut = stop(u);
            if (!cut)
                next.push_back(u);
        };
        for (vertex x : frontier) {
            if (dir == direction::upstream)
                for (auto [it, end] = boost::in_edges(x, bg); it != end; ++it)
                    visit(boost::source(*it, bg));
            else
                for (auto [it, end] = boost::out_edges(x, bg); it != end; ++it)
                    visit(boost::target(*it, bg));
        }
        frontier = std::move(next);
    }
    return out;
}

/// @brief Ancestors of `v` up to `layers` hops (0: all).
template <class S, class A>
std::vector<typename basic_graph<S, A>::vertex> ancestors(const basic_graph<S, A>& g,
                                                          typename basic_graph<S, A>::vertex v,
                                                          std::size_t layers = 0)
{
    std::vector<typename basic_graph<S, A>::vertex> out;
    for (auto& [u, d] : neighbourhood(g, v, direction::upstream, layers))
        out.push_back(u);
    return out;
}

/// @brief Descendants of `v` up to `layers` hops (0: all).
template <class S, class A>
std::vector<typename basic_graph<S, A>::vertex> descendants(const basic_graph<S, A>& g,
                                                            typename basic_graph<S, A>::vertex v,
                                                            std::size_t layers = 0)
{
    std::vector<typename basic_graph<S, A>::vertex> out;
    for (auto& [u, d] : neighbourhood(g, v, direction::downstream, layers))
        out.push_back(u);
    return out;
}

/// @brief The result of critical_path().
template <class Vertex> struct critical_path_result {
    double length = 0;           ///< the makespan with unlimited parallelism (paper Eq. 1)
    std::vector<Vertex> path;    ///< the steps on one longest path, first to last
};

/// @brief The longest cost-weighted path through the DAG: T of paper Eq. 1 with unlimited slots.
///
/// `cost(v)` gives a step's weight; by default its `cost_seconds`, or 1 when unknown.
/// @return std::nullopt if the graph has a cycle.
/// @par Complexity O(V+E).
template <class S, class A, class Cost = std::nullptr_t>
std::optional<critical_path_result<typename basic_graph<S, A>::vertex>>
critical_path(const basic_graph<S, A>& g, Cost cost = nullptr)
{
    using vertex = typename basic_graph<S, A>::vertex;
    auto order = topological_order(g);
    if (!order)
        return std::nullopt;
    auto weight = [&](vertex v) -> double {
        if constexpr (std::is_same_v<Cost, std::nullptr_t>)
            return g[v].cost_seconds.value_or(1.0);
        else
            return cost(v);
    };
    const auto& bg = g.boost_graph();
    std::vector<double> finish(g.size(), 0.0);
    std::vector<vertex> via(g.size(), static_cast<vertex>(-1));
    critical_path_result<vertex> r;
    vertex last = static_cast<vertex>(-1);
    for (vertex v : *order) {
        double start = 0;
        for (auto [it, end] = boost::in_edges(v, bg); it != end; ++it) {
            vertex u = boost::source(*it, bg);
            if (finish[u] > start || via[v] == static_cast<vertex>(-1)) {
                if (finish[u] >= start) {
                    start = finish[u];
                    via[v] = u;
                }
            }
        }
        finish[v] = start + weight(v);
        if (last == static_cast<vertex>(-1) || finish[v] > r.length) {
            r.length = finish[v];
            last = v;
        }
    }
    for (vertex v = last; v != static_cast<vertex>(-1); v = via[v])
        r.path.push_back(v);
    std::reverse(r.path.begin(), r.path.end());
    return r;
}

} // namespace couler

#endif
