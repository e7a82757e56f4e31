// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_GRAPH_HPP
#define COULER_IR_GRAPH_HPP

/// @file
/// @brief The step graph: a Boost.Graph adjacency list of steps, with lookup by name.

#include <couler/ir/step.hpp>

#include <boost/graph/adjacency_list.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace couler {

/// @brief How a graph was built, which decides how emitters lay it out.
enum class graph_style {
    steps, ///< implicit building: a sequence of parallel groups (Argo `steps`)
    dag    ///< explicit building: a DAG with stated dependencies (Argo `dag`)
};

/// @brief A graph of steps (vertices) and dependencies (edges).
///
/// The Boost.Graph adjacency list is exposed through `boost_graph()`, so every Boost.Graph
/// algorithm applies. Vertices are never removed, so vertex descriptors stay valid and equal
/// to insertion indices.
///
/// Invariant: step names are unique; `find(name)` is O(1).
template <class StepData = no_data, class ArtifactData = no_data> class basic_graph {
public:
    using step_type = basic_step<StepData, ArtifactData>;
    using graph_type = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, step_type,
                                             dependency>;
    using vertex = typename boost::graph_traits<graph_type>::vertex_descriptor;
    using edge = typename boost::graph_traits<graph_type>::edge_descriptor;

    graph_style style = graph_style::steps;
    /// Stop starting new steps once one fails (Argo `dag.failFast`, or a steps template's
    /// `failFast`); absent means the engine default (true in Argo).
    std::optional<bool> fail_fast;
    /// DAG only: run just these tasks (space-separated names, may be an expression) and what
    /// they depend on (Argo `dag.target`); empty means every task.
    std::string target;

    // The Boost graph exists from construction (its own constructor allocates anyway), so a
    // reference from boost_graph() stays valid as steps are added.
    basic_graph() : g_(std::make_unique<graph_type>()) {}
    basic_graph(const basic_graph& o)
        : style(o.style), fail_fast(o.fail_fast), target(o.target),
          g_(std::make_unique<graph_type>(o.g_ ? *o.g_ : graph_type())), index_(o.index_)
    {
    }
    basic_graph& operator=(const basic_graph& o)
    {
        if (this != &o)
            *this = basic_graph(o);
        return *this;
    }
    // boost::adjacency_list has no move constructor (and its swap copies), so a graph held by
    // value would be copied whole on every move, and std::vector<step_template> would copy
    // templates as it grows. Held by pointer, a move is a pointer move.
    // The moved-from graph is left empty (no steps, no names), ready for reuse; it gets a new
    // Boost graph at its first change (references into its old one follow the move).
    basic_graph(basic_graph&& o) noexcept
        : style(o.style), fail_fast(std::move(o.fail_fast)), target(std::move(o.target)), g_(std::move(o.g_)),
          index_(std::move(o.index_))
    {
        o.index_.clear();
    }
    basic_graph& operator=(basic_graph&& o) noexcept
    {
        if (this != &o) {
            style = o.style;
            fail_fast = std::move(o.fail_fast);
            target = std::move(o.target);
            g_ = std::move(o.g_);
            index_ = std::move(o.index_);
            o.index_.clear();
        }
        return *this;
    }

    /// @brief Adds a step. Throws std::invalid_argument if its name is taken.
    /// @par Complexity amortised O(1).
    vertex add_step(step_type s)
    {
        if (index_.count(s.name))
            throw std::invalid_argument("duplicate step name '" + s.name + "'");
        std::string key = s.name;
        vertex v = boost::add_vertex(std::move(s), g());
        index_.emplace(std::move(key), v);
        return v;
    }

    /// @brief Adds the edge `from -> to` unless present; returns true if added.
    /// If present, an explicit or data dependency upgrades an order one.
    bool add_dependency(vertex from, vertex to, dependency_kind kind = dependency_kind::explicit_)
    {
        auto [e, exists] = boost::edge(from, to, g());
        if (exists) {
            if (g()[e].kind == dependency_kind::order)
                g()[e].kind = kind;
            return false;
        }
        boost::add_edge(from, to, dependency{kind}, g());
        return true;
    }

    /// @brief Adds `from -> to` by names; throws std::invalid_argument if either is unknown.
    bool add_dependency(std::string_view from, std::string_view to,
                        dependency_kind kind = dependency_kind::explicit_)
    {
        return add_dependency(at(from), at(to), kind);
    }

    /// @brief The vertex of the named step, if any.
    std::optional<vertex> find(std::string_view name) const
    {
        auto it = index_.find(std::string(name));
        if (it == index_.end())
            return std::nullopt;
        return it->second;
    }

    /// @brief The vertex of the named step; throws std::invalid_argument if unknown.
    vertex at(std::string_view name) const
    {
        auto v = find(name);
        if (!v)
            throw std::invalid_argument("unknown step '" + std::string(name) + "'");
        return *v;
    }

    step_type& operator[](vertex v) { return g()[v]; }
    const step_type& operator[](vertex v) const { return g()[v]; }

    /// @brief Number of steps.
    std::size_t size() const { return boost::num_vertices(g()); }
    bool empty() const { return size() == 0; }
    /// @brief Number of dependencies.
    std::size_t edge_count() const { return boost::num_edges(g()); }

    /// @brief The Boost.Graph object, for Boost.Graph algorithms. Do not rename steps through it.
    const graph_type& boost_graph() const { return g(); }
    graph_type& boost_graph() { return g(); }

    /// @brief Renames a step, keeping the name index in step. Throws if the new name is taken.
    void rename(vertex v, std::string new_name)
    {
        if (g()[v].name == new_name)
            return;
        if (index_.count(new_name))
            throw std::invalid_argument("duplicate step name '" + new_name + "'");
        index_.erase(g()[v].name);
        index_.emplace(new_name, v);
        g()[v].name = std::move(new_name);
    }

    /// @brief Ids of the steps that `v` directly depends on, in edge insertion order.
    std::vector<vertex> predecessors(vertex v) const
    {
        std::vector<vertex> out;
        for (auto [it, end] = boost::in_edges(v, g()); it != end; ++it)
            out.push_back(boost::source(*it, g()));
        return out;
    }

    /// @brief Ids of the steps that directly depend on `v`.
    std::vector<vertex> successors(vertex v) const
    {
        std::vector<vertex> out;
        for (auto [it, end] = boost::out_edges(v, g()); it != end; ++it)
            out.push_back(boost::target(*it, g()));
        return out;
    }

    /// @brief The kind of the edge `from -> to`, if there is one.
    std::optional<dependency_kind> dependency_between(vertex from, vertex to) const
    {
        auto [e, exists] = boost::edge(from, to, g());
        if (!exists)
            return std::nullopt;
        return g()[e].kind;
    }

    /// @brief Structural equality: same style, same steps in the same order, same edges.
    friend bool operator==(const basic_graph& a, const basic_graph& b)
    {
        if (a.style != b.style || a.fail_fast != b.fail_fast || a.target != b.target || a.size() != b.size() ||
            a.edge_count() != b.edge_count())
            return false;
        for (vertex v = 0; v < a.size(); ++v) {
            if (!(a.g()[v] == b.g()[v]))
                return false;
            auto pa = a.predecessors(v), pb = b.predecessors(v);
            if (pa.size() != pb.size())
                return false;
            for (std::size_t i = 0; i < pa.size(); ++i)
                if (pa[i] != pb[i] || a.dependency_between(pa[i], v) != b.dependency_between(pb[i], v))
                    return false;
        }
        return true;
    }
    friend bool operator!=(const basic_graph& a, const basic_graph& b) { return !(a == b); }

private:
    graph_type& g()
    {
        if (!g_) // only after a move
            g_ = std::make_unique<graph_type>();
        return *g_;
    }
    const graph_type& g() const
    {
        static const graph_type no_steps; // immutable: what a moved-from graph reads as
        return g_ ? *g_ : no_steps;
    }

    // Null only in a moved-from graph.
    std::unique_ptr<graph_type> g_;
    std::unordered_map<std::string, vertex> index_;
};

} // namespace couler

// A step may hold an inline template (basic_step::inline_template): complete that type for
// every includer of the graph.
#include <couler/ir/step_template.hpp>

#endif
