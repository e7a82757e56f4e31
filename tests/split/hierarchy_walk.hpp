// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Walks a split (split_to_argo's result) as Argo would run it: the top parent's DAG in a
// topological order, each resource task creating the workflow its manifest names
// (workflowTemplateRef) with the parameters the manifest passes, an intermediate parent walked
// in turn, a child handed to `leaf`. A resource task succeeds when the workflow it created has
// finished, and its outputs are that workflow's exported global outputs, read as the parent's
// jsonPath reads them. Used by test_argo (order and parameter flow) and test_engine (the
// children run on the local engine).
#ifndef COULER_TESTS_SPLIT_HIERARCHY_WALK_HPP
#define COULER_TESTS_SPLIT_HIERARCHY_WALK_HPP

#include <couler/ir/algorithm.hpp>
#include <couler/optimize/split/argo.hpp>

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace split_test {

using params_t = std::map<std::string, std::string>;

struct manifest_ref {
    std::string name;                                        // workflowTemplateRef.name
    std::vector<std::pair<std::string, std::string>> params; // spec.arguments.parameters
};

inline std::string unquote(const std::string& s)
{
    if (s.size() < 2 || s.front() != '"' || s.back() != '"')
        return s;
    std::string o;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        if (s[i] == '\\' && i + 2 < s.size())
            ++i;
        o += s[i];
    }
    return o;
}

// The manifests reference_manifest() writes: a Workflow with workflowTemplateRef and arguments.
inline manifest_ref parse_manifest(const std::string& m)
{
    manifest_ref r;
    std::vector<std::string> lines;
    for (std::size_t at = 0; at < m.size();) {
        auto nl = m.find('\n', at);
        if (nl == std::string::npos)
            nl = m.size();
        lines.push_back(m.substr(at, nl - at));
        at = nl + 1;
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& l = lines[i];
        if (l == "  workflowTemplateRef:" && i + 1 < lines.size() && lines[i + 1].rfind("    name: ", 0) == 0)
            r.name = lines[i + 1].substr(10);
        if (l.rfind("      - name: ", 0) == 0 && i + 1 < lines.size() && lines[i + 1].rfind("        value: ", 0) == 0)
            r.params.emplace_back(unquote(l.substr(14)), unquote(lines[i + 1].substr(15)));
    }
    if (r.name.empty())
        throw std::runtime_error("manifest without workflowTemplateRef:\n" + m);
    return r;
}

// Replaces every {{prefix.NAME}} in `text` by `values[NAME]`; throws if NAME is unknown.
inline std::string substitute(std::string text, const std::string& prefix, const params_t& values)
{
    const std::string open = "{{" + prefix + ".";
    for (std::size_t at = text.find(open); at != std::string::npos; at = text.find(open, at)) {
        auto close = text.find("}}", at);
        std::string name = text.substr(at + open.size(), close - at - open.size());
        auto it = values.find(name);
        if (it == values.end())
            throw std::runtime_error("unresolved " + text.substr(at, close + 2 - at));
        text.replace(at, close + 2 - at, it->second);
        at += it->second.size();
    }
    return text;
}

struct walk_stats {
    std::size_t intermediates = 0; // intermediate parents created
    std::size_t depth = 0;         // parent levels seen (1: the top creates the children)
    std::vector<std::string> problems;
};

// leaf(i, parameters) runs child i and returns its exported global outputs (name -> value).
template <class S, class A, class Leaf>
walk_stats walk(const couler::split::argo_split<S, A>& r, const std::string& run_name, Leaf&& leaf)
{
    walk_stats st;
    std::map<std::string, std::pair<int, std::size_t>> by_name; // template name -> (level, index); -1 children
    for (std::size_t i = 0; i < r.workflows.children.size(); ++i)
        by_name[r.workflows.children[i].settings.name] = {-1, i};
    for (std::size_t l = 0; l < r.levels.size(); ++l)
        for (std::size_t i = 0; i < r.levels[l].workflows.children.size(); ++i)
            by_name[r.levels[l].workflows.children[i].settings.name] = {int(l), i};

    // returns the workflow's global outputs
    auto run = [&](auto& self, const couler::basic_workflow<S, A>& w, const params_t& params, bool top,
                   std::size_t depth) -> params_t {
        st.depth = std::max(st.depth, depth);
        const auto& g = w.graph();
        const auto& bg = g.boost_graph();
        auto order = couler::topological_order(g);
        if (!order)
            throw std::runtime_error("a parent's DAG has a cycle");
        std::map<std::string, params_t> task_out;
        for (auto v : *order) {
            const auto& s = g[v];
            // every task whose outputs this one reads must be a dependency, hence done
            std::map<std::string, params_t> visible;
            for (auto [it, end] = boost::in_edges(v, bg); it != end; ++it) {
                const auto& u = g[boost::source(*it, bg)].name;
                visible[u] = task_out.at(u);
            }
            params_t args;
            for (const auto& a : s.arguments) {
                std::string val = a.value.value_or("");
                const std::string pre = "{{steps.";
                if (val.rfind(pre, 0) == 0) {
                    auto dot = val.find(".outputs.parameters.");
                    std::string task = val.substr(pre.size(), dot - pre.size());
                    std::string name = val.substr(dot + 20, val.size() - 2 - dot - 20);
                    auto it = visible.find(task);
                    if (it == visible.end() || !it->second.count(name)) {
                        st.problems.push_back(s.name + " reads " + val + " of a task it does not depend on");
                        continue;
                    }
                    val = it->second.at(name);
                }
                // the entry template's inputs are the workflow's arguments, matched by name (Argo)
                args[a.name] = substitute(val, "inputs.parameters", params);
            }
            const auto* t = w.template_of(s);
            const auto* res = t ? std::get_if<couler::resource_spec>(&t->body) : nullptr;
            if (!res)
                throw std::runtime_error("task " + s.name + " is not a resource task");
            auto m = parse_manifest(res->manifest);
            if (!top && res->manifest.find("{{workflow.name}}") != std::string::npos)
                st.problems.push_back("an intermediate parent passes its own name as the run key (" + s.name + ")");
            params_t child_params;
            for (auto& [n, v] : m.params) {
                std::string x = substitute(v, "inputs.parameters", args);
                x = substitute(x, "workflow.parameters", params);
                if (x == "{{workflow.name}}")
                    x = run_name;
                child_params[n] = x;
            }
            auto it = by_name.find(m.name);
            if (it == by_name.end())
                throw std::runtime_error("task " + s.name + " creates unknown " + m.name);
            params_t outs;
            if (it->second.first < 0) {
                outs = leaf(it->second.second, child_params);
            } else {
                ++st.intermediates;
                outs = self(self, r.levels[it->second.first].workflows.children[it->second.second], child_params, false,
                            depth + 1);
            }
            params_t mine;
            for (const auto& o : t->outputs.parameters) {
                const std::string& jp = o.from.json_path;
                auto q1 = jp.find("==\""), q2 = jp.find("\")]");
                std::string name = jp.substr(q1 + 3, q2 - q1 - 3);
                if (!outs.count(name))
                    st.problems.push_back(s.name + ": the created workflow does not export " + name);
                else
                    mine[o.name] = outs.at(name);
            }
            task_out[s.name] = mine;
        }
        // the entry template's global outputs
        params_t globals;
        for (const auto& o : w.find_template(w.entrypoint)->outputs.parameters) {
            std::string ref = o.from.parameter;
            const std::string pre = "{{steps.";
            auto dot = ref.find(".outputs.parameters.");
            std::string task = ref.substr(pre.size(), dot - pre.size());
            std::string name = ref.substr(dot + 20, ref.size() - 2 - dot - 20);
            if (!task_out.count(task) || !task_out[task].count(name))
                st.problems.push_back("global output " + o.name + " reads " + ref + ", not produced");
            else
                globals[o.global_name] = task_out[task][name];
        }
        return globals;
    };
    params_t top_params;
    for (const auto& p : r.parent.settings.parameters)
        top_params[p.name] = p.value.value_or(p.default_value.value_or(""));
    run(run, r.parent, top_params, true, 1);
    return st;
}

} // namespace split_test

#endif
