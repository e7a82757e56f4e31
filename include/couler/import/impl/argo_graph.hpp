// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IMPORT_IMPL_ARGO_GRAPH_HPP
#define COULER_IMPORT_IMPL_ARGO_GRAPH_HPP

// Members of detail::argo::importer (couler/import/impl/argo.hpp): steps and DAG templates: steps, their dependencies and data edges.

#include <couler/import/impl/argo.hpp>

namespace couler {
namespace detail {
namespace argo {

template <class S, class A>
typename importer<S, A>::graph_type importer<S, A>::read_steps(cursor& t)
{
    graph_type g;
    g.style = graph_style::steps;
    const json::array* groups = t.list("steps");
    if (!groups)
        return g;
    std::vector<std::vector<vertex>> layout;
    bool regular = true;
    for (std::size_t gi = 0; gi < groups->size(); ++gi) {
        const json::value& grp = (*groups)[gi];
        std::string gpath = index_path(t.path("steps"), gi);
        if (!grp.is_array()) {
            cx_.fail(gpath, error::wrong_type, "each item of 'steps' must be a list of steps (a parallel group)");
            continue;
        }
        if (grp.get_array().empty())
            regular = false; // the IR has no empty group: the list is kept as written
        layout.emplace_back();
        for (std::size_t j = 0; j < grp.get_array().size(); ++j) {
            std::string spath = index_path(gpath, j);
            pending p;
            if (auto s = read_step(grp.get_array()[j], spath, false, p)) {
                s->group = static_cast<int>(layout.size() - 1);
                if (auto v = add_step(g, std::move(*s), spath))
                    layout.back().push_back(*v);
            }
        }
    }
    if (!regular)
        t.leave("steps", "an empty parallel group");
    for (std::size_t gi = 1; gi < layout.size(); ++gi)
        for (auto u : layout[gi - 1])
            for (auto v : layout[gi])
                g.add_dependency(u, v, dependency_kind::order);
    for (vertex v = 0; v < g.size(); ++v)
        for (auto& name : referenced_steps(g[v]))
            if (auto u = g.find(name); u && *u != v && g[*u].group < g[v].group)
                g.add_dependency(*u, v, dependency_kind::data);
    return g;
}

template <class S, class A>
typename importer<S, A>::graph_type importer<S, A>::read_dag(cursor& d)
{
    graph_type g;
    g.style = graph_style::dag;
    const json::array* tasks = d.list("tasks");
    if (!tasks)
        return g;
    std::vector<pending> deps;
    for (std::size_t i = 0; i < tasks->size(); ++i) {
        std::string tpath = index_path(d.path("tasks"), i);
        pending p;
        if (auto s = read_step((*tasks)[i], tpath, true, p))
            if (add_step(g, std::move(*s), tpath))
                deps.push_back(std::move(p));
    }
    // Explicit edges, in each list's order (emitters write predecessors in edge order).
    for (vertex v = 0; v < g.size(); ++v) {
        bool unknown = false;
        for (auto& n : deps[v].dependencies) {
            auto u = g.find(n);
            if (!u || *u == v)
                unknown = true;
            else
                g.add_dependency(*u, v, dependency_kind::explicit_);
        }
        if (unknown)
            late_leftover(g[v], deps[v], "names a task that does not exist in this DAG");
        for (auto& n : depends_names(g[v].depends))
            if (auto u = g.find(n); u && *u != v)
                g.add_dependency(*u, v, dependency_kind::explicit_);
    }
    for (vertex v = 0; v < g.size(); ++v)
        for (auto& name : referenced_steps(g[v])) {
            auto u = g.find(name);
            if (!u || *u == v || g.dependency_between(*u, v) || reaches(g, *u, v) || reaches(g, v, *u))
                continue;
            g.add_dependency(*u, v, dependency_kind::data);
        }
    return g;
}

// A `dependencies` list naming unknown tasks: the IR keeps the known ones as edges, the
// list itself is kept verbatim (or reported).
template <class S, class A>
void importer<S, A>::late_leftover(step_type& s, const pending& p, const std::string& why)
{
    if (cx_.strict) {
        cx_.fail(p.dependencies_path, error::unknown_reference, "'dependencies' " + why);
        return;
    }
    json::value& ext = s.extensions["argo"];
    if (!ext.is_object())
        ext = json::object();
    json::array a;
    for (auto& n : p.dependencies)
        a.emplace_back(n);
    ext.as_object()["dependencies"] = std::move(a);
}

template <class S, class A>
std::optional<typename importer<S, A>::vertex> importer<S, A>::add_step(graph_type& g, step_type s, const std::string& path)
{
    try {
        return g.add_step(std::move(s));
    } catch (const std::invalid_argument& e) {
        cx_.fail(path + ".name", error::duplicate_name, e.what());
        return std::nullopt;
    }
}

template <class S, class A>
std::optional<typename importer<S, A>::step_type> importer<S, A>::read_step(const json::value& v, const std::string& path, bool dag, pending& p)
{
    if (!v.is_object()) {
        cx_.fail(path, error::wrong_type, "a step must be a mapping");
        return std::nullopt;
    }
    ext_sink sink;
    cursor c(cx_, v.get_object(), path, sink, {});
    step_type s;
    if (!c.str("name", s.name))
        cx_.fail(path + ".name", error::missing_field, "a step needs a name");
    c.str("template", s.template_name);
    if (auto r = c.child("templateRef"))
        s.template_ref_ = read_template_ref(*r);
    if (const json::value* in = c.take("inline")) {
        if (in->is_object())
            s.inline_template.push_back(read_template_object(in->get_object(), c.path("inline"), true));
        else
            cx_.fail(c.path("inline"), error::wrong_type, "'inline' must be a mapping");
    }
    if (auto h = c.child("hooks"))
        read_hooks(*h, s.hooks);
    if (auto args = c.child("arguments")) {
        read_parameters(*args, "parameters", s.arguments, false);
        read_artifacts(*args, "artifacts", s.artifact_arguments);
        args->finish();
    }
    c.str("when", s.when);
    if (auto items = c.list("withItems"))
        for (auto& x : *items)
            s.with_items.push_back(x);
    c.str("withParam", s.with_param);
    if (auto seq = c.child("withSequence")) {
        loop_sequence ls;
        seq->str("count", ls.count);
        seq->str("start", ls.start);
        seq->str("end", ls.end);
        seq->str("format", ls.format);
        seq->finish();
        s.with_sequence = std::move(ls);
    }
    if (auto co = c.child("continueOn")) {
        co->boolean("failed", s.continue_on_failed);
        co->boolean("error", s.continue_on_error);
        co->finish();
    }
    if (dag) {
        if (c.strings("dependencies", p.dependencies))
            p.dependencies_path = c.path("dependencies");
        c.str("depends", s.depends);
    }
    c.finish();
    if (!sink.obj.empty())
        s.extensions["argo"] = std::move(sink.obj);
    return s;
}

// Task names in an enhanced `depends` expression: `(a || b.Failed) && !c.Skipped`.
template <class S, class A>
std::vector<std::string> importer<S, A>::depends_names(const std::string& e)
{
    std::vector<std::string> out;
    std::size_t i = 0;
    auto word = [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
               ch == '_' || ch == '.';
    };
    while (i < e.size()) {
        if (!word(e[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < e.size() && word(e[j]))
            ++j;
        std::string w = e.substr(i, j - i);
        auto dot = w.find('.');
        if (dot != std::string::npos)
            w.resize(dot);
        if (!w.empty() && std::find(out.begin(), out.end(), w) == out.end())
            out.push_back(std::move(w));
        i = j;
    }
    return out;
}

// Sibling steps whose outputs a step's strings name (`steps.X...` or `tasks.X...`).
template <class S, class A>
std::vector<std::string> importer<S, A>::referenced_steps(const step_type& s)
{
    std::vector<std::string> out;
    auto scan = [&](const std::string& text) {
        for (auto& r : find_references(text))
            if (r.names_step() && std::find(out.begin(), out.end(), r.step) == out.end())
                out.push_back(r.step);
    };
    for (auto& a : s.arguments)
        if (a.value)
            scan(*a.value);
    for (auto& a : s.artifact_arguments)
        scan(a.from);
    scan(s.when);
    scan(s.with_param);
    return out;
}

// True if `to` is reachable from `from` (iterative: graphs can be deep).
template <class S, class A>
bool importer<S, A>::reaches(const graph_type& g, vertex from, vertex to)
{
    std::vector<char> seen(g.size(), 0);
    std::vector<vertex> stack{from};
    seen[from] = 1;
    while (!stack.empty()) {
        vertex x = stack.back();
        stack.pop_back();
        if (x == to)
            return true;
        for (auto y : g.successors(x))
            if (!seen[y]) {
                seen[y] = 1;
                stack.push_back(y);
            }
    }
    return false;
}

} // namespace argo
} // namespace detail
} // namespace couler

#endif
