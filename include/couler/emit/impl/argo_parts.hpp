// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_IMPL_ARGO_PARTS_HPP
#define COULER_EMIT_IMPL_ARGO_PARTS_HPP

// Members of detail::argo_emitter (couler/emit/impl/argo.hpp): graphs over the CRD task cap, cut into nested templates.

#include <couler/emit/impl/argo.hpp>

namespace couler {
namespace detail {

/// Cuts a graph over the task cap into nested templates of at most max_tasks steps each:
/// consecutive slices of a topological order (DAG) or of the parallel groups (steps), so
/// the parts' own order is acyclic and every dependency still holds (a part waits for the
/// whole of each part it depends on). Refused when a step reads a sibling in another part
/// (a nested template cannot see it), or when the parts themselves break a cap.
template <class S, class A>
void argo_emitter<S, A>::plan_parts(std::size_t ti, const graph_type& g)
{
    const template_type& t = wf_.templates()[ti];
    const std::size_t cap = opt_.max_tasks;
    const std::string split = ": the workflow needs splitting (workflow of workflows)";
    const std::string path = "$.templates[" + std::to_string(ti) + "]";
    parts_plan p;
    p.part_of.assign(g.size(), 0);
    if (g.style == graph_style::dag) {
        std::vector<std::size_t> indeg(g.size(), 0), order;
        for (vertex v = 0; v < g.size(); ++v)
            indeg[v] = g.predecessors(v).size();
        for (vertex v = 0; v < g.size(); ++v)
            if (indeg[v] == 0)
                order.push_back(v);
        for (std::size_t k = 0; k < order.size(); ++k)
            for (auto w : g.successors(order[k]))
                if (--indeg[w] == 0)
                    order.push_back(w);
        if (order.size() != g.size()) {
            add(error::cycle, path, "template '" + t.name + "': its DAG has a cycle");
            return;
        }
        for (std::size_t k = 0; k < order.size(); ++k)
            p.part_of[order[k]] = k / cap;
        p.count = (g.size() + cap - 1) / cap;
    } else {
        std::map<int, std::vector<vertex>> groups;
        for (vertex v = 0; v < g.size(); ++v)
            groups[g[v].group].push_back(v);
        std::size_t fill = 0;
        for (const auto& [grp, vs] : groups) {
            if (vs.size() > cap) {
                add(error::not_expressible, path,
                    "template '" + t.name + "': parallel group " + std::to_string(grp) + " has " +
                        std::to_string(vs.size()) + " steps, over the CRD cap of " + std::to_string(cap) + split);
                return;
            }
            if (p.count == 0 || fill + vs.size() > cap) {
                ++p.count;
                fill = 0;
            }
            fill += vs.size();
            for (auto v : vs)
                p.part_of[v] = p.count - 1;
        }
    }
    if (p.count > cap) {
        add(error::not_expressible, path,
            "template '" + t.name + "' has " + std::to_string(g.size()) + " steps: even nested in " +
                std::to_string(p.count) + " parts it breaks the CRD cap of " + std::to_string(cap) + split);
        return;
    }
    if (!t.outputs.empty() || !t.inputs.artifacts.empty()) {
        add(error::not_expressible, path,
            "template '" + t.name + "' has " + std::to_string(g.size()) +
                " steps, over the CRD cap; nesting it would hide its steps from its outputs or input artifacts" +
                split);
        return;
    }
    for (std::size_t k = 0; k < p.count; ++k)
        if (wf_.find_template(part_name(t, k)) || part_name(t, k).size() > opt_.max_name_length) {
            add(error::duplicate_name, path, "template '" + t.name + "': the nested part name '" +
                                                 part_name(t, k) + "' is taken or too long" + split);
            return;
        }
    // A step may only read siblings of its own part.
    for (vertex v = 0; v < g.size(); ++v)
        for (vertex w : read_steps(g, v))
            if (p.part_of[w] != p.part_of[v]) {
                add(error::not_expressible, path,
                    where(t, g[v]) + " reads step '" + g[w].name + "', which lands in another nested part of " +
                        "the over-cap template" + split);
                return;
            }
    p.deps.assign(p.count, {});
    for (vertex v = 0; v < g.size(); ++v)
        for (auto u : g.predecessors(v))
            if (p.part_of[u] != p.part_of[v]) {
                auto& d = p.deps[p.part_of[v]];
                if (std::find(d.begin(), d.end(), p.part_of[u]) == d.end())
                    d.push_back(p.part_of[u]);
            }
    parts_.emplace(ti, std::move(p));
}

/// Siblings a step reads through expressions or names in `depends`.
template <class S, class A>
std::vector<typename argo_emitter<S, A>::vertex> argo_emitter<S, A>::read_steps(const graph_type& g, vertex v) const
{
    std::vector<vertex> out;
    const auto& s = g[v];
    auto scan = [&](const std::string& str) {
        for (const auto& r : find_references(str))
            if (r.names_step())
                if (auto w = g.find(r.step))
                    out.push_back(*w);
    };
    for (const auto& a : s.arguments)
        if (a.value)
            scan(*a.value);
    for (const auto& a : s.artifact_arguments)
        scan(a.from);
    scan(s.when);
    scan(s.with_param);
    if (s.repeat)
        scan(s.repeat->condition);
    std::string word;
    for (char c : s.depends + " ") {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')
            word += c;
        else {
            if (auto w = g.find(word))
                out.push_back(*w);
            word.clear();
        }
    }
    return out;
}

template <class S, class A>
void argo_emitter<S, A>::nested_graph_json(json::object& o, std::size_t ti, const template_type& t, const graph_type& g, const parts_plan& p)
{
    // Inputs of the over-cap template reach its steps through each part's own inputs.
    json::array pass, declare;
    for (const auto& in : t.inputs.parameters) {
        pass.push_back(json::object{{"name", in.name}, {"value", input_parameter_ref(in.name)}});
        declare.push_back(json::object{{"name", in.name}});
    }
    std::vector<std::vector<vertex>> members(p.count);
    for (vertex v = 0; v < g.size(); ++v)
        members[p.part_of[v]].push_back(v);
    json::array outer;
    for (std::size_t k = 0; k < p.count; ++k) {
        json::object part;
        part["name"] = part_name(t, k);
        if (!declare.empty())
            part["inputs"] = json::object{{"parameters", declare}};
        json::object call;
        call["name"] = "part-" + std::to_string(k);
        if (g.style == graph_style::dag) {
            json::array tasks;
            for (auto v : members[k])
                tasks.push_back(step_json(ti, g, v, graph_style::dag, &p.part_of));
            part["dag"] = json::object{{"tasks", std::move(tasks)}};
            if (!p.deps[k].empty()) {
                json::array d;
                for (auto j : p.deps[k])
                    d.emplace_back("part-" + std::to_string(j));
                call["dependencies"] = std::move(d);
            }
        } else {
            std::map<int, json::array> groups;
            for (auto v : members[k])
                groups[g[v].group].push_back(step_json(ti, g, v, graph_style::steps, &p.part_of));
            json::array steps;
            for (auto& [grp, par] : groups)
                steps.push_back(std::move(par));
            part["steps"] = std::move(steps);
        }
        call["template"] = part_name(t, k);
        if (!pass.empty())
            call["arguments"] = json::object{{"parameters", pass}};
        part_templates_.push_back(std::move(part));
        if (g.style == graph_style::dag)
            outer.push_back(std::move(call));
        else
            outer.push_back(json::array{std::move(call)});
    }
    if (g.style == graph_style::dag)
        o["dag"] = json::object{{"tasks", std::move(outer)}};
    else
        o["steps"] = std::move(outer);
}

} // namespace detail
} // namespace couler

#endif
