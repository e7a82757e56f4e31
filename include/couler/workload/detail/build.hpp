// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_WORKLOAD_DETAIL_BUILD_HPP
#define COULER_WORKLOAD_DETAIL_BUILD_HPP

// The format-neutral task list every reader fills, and its translation into an IR workflow.

#include <couler/ir/error.hpp>
#include <couler/ir/image_reference.hpp>
#include <couler/ir/workflow.hpp>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace couler {
namespace workload {
namespace detail {

struct file_use {
    std::string name;
    std::uint64_t size_bytes = 0;
};

struct task_spec {
    std::string id;      // unique; becomes the step's name
    std::string program; // what runs, for the container image; may be empty
    double runtime_seconds = 0;
    std::vector<std::string> parents; // ids
    std::vector<file_use> inputs, outputs;
    std::string where; // JSON path or XML location, for problems
};

// One template per task (its outputs differ in size from every other task's), one step per
// task, data edges for files and explicit edges for listed parents.
inline workflow build_workflow(const std::string& name, std::vector<task_spec>& tasks, problems& out)
{
    std::unordered_set<std::string> ids;
    for (const auto& t : tasks)
        if (!ids.insert(t.id).second)
            out.push_back({t.where, error::duplicate_name, "duplicate task id '" + t.id + "'"});
    std::string entry = "main";
    while (ids.count(entry))
        entry += "-dag";
    workflow wf(entry, graph_style::dag);
    wf.settings.name = name.empty() ? entry : name;
    if (!out.empty())
        return wf;

    // The producers of each file. Synthetic DAX files reuse one name in many jobs (every
    // mDiffFit writes "fit.txt"): a reader then reads the copies of its listed parents, or the
    // first producer's if no parent writes it.
    std::unordered_map<std::string, std::vector<std::pair<std::size_t, std::uint64_t>>> producers;
    for (std::size_t i = 0; i < tasks.size(); ++i)
        for (const auto& f : tasks[i].outputs)
            producers[f.name].emplace_back(i, f.size_bytes);
    std::unordered_map<std::string, std::size_t> index_of;
    for (std::size_t i = 0; i < tasks.size(); ++i)
        index_of.emplace(tasks[i].id, i);
    // The producers task i reads file f from.
    auto sources = [&](std::size_t i, const std::string& f) {
        std::vector<std::pair<std::size_t, std::uint64_t>> out;
        auto p = producers.find(f);
        if (p == producers.end())
            return out;
        if (p->second.size() > 1)
            for (const auto& parent : tasks[i].parents) {
                auto k = index_of.find(parent);
                if (k == index_of.end())
                    continue;
                for (const auto& cand : p->second)
                    if (cand.first == k->second)
                        out.push_back(cand);
            }
        if (out.empty() && p->second.front().first != i)
            out.push_back(p->second.front());
        return out;
    };

    // Templates first: adding one may move the entry template, so the graph is taken after.
    std::vector<step> steps;
    steps.reserve(tasks.size());
    for (auto& t : tasks) {
        step_template tpl;
        tpl.name = t.id;
        container_spec c;
        // Programs are named freely (`mProject`, `sort_sam`); validate wants an image reference.
        c.image = "workload/" + image_path_component(t.program, "task");
        tpl.body = std::move(c);
        std::unordered_set<std::string> seen;
        for (const auto& f : t.outputs) {
            if (!seen.insert(f.name).second)
                continue;
            artifact a;
            a.name = f.name;
            a.path = "/data/" + f.name;
            a.size_bytes = f.size_bytes;
            a.cost_seconds = t.runtime_seconds;
            tpl.outputs.artifacts.push_back(std::move(a));
        }
        step s;
        s.name = t.id;
        s.template_name = t.id;
        s.cost_seconds = t.runtime_seconds;
        seen.clear();
        for (const auto& f : t.inputs) {
            if (!seen.insert(f.name).second)
                continue;
            auto src = sources(std::size_t(&t - tasks.data()), f.name);
            auto add_input = [&](const std::string& arg_name, artifact in) {
                in.name = arg_name;
                in.path = "/data/" + arg_name;
                artifact decl;
                decl.name = arg_name;
                decl.path = in.path;
                tpl.inputs.artifacts.push_back(std::move(decl));
                s.artifact_arguments.push_back(std::move(in));
            };
            if (src.empty()) {
                artifact in;
                in.size_bytes = f.size_bytes;
                add_input(f.name, std::move(in));
            }
            for (const auto& [pi, size] : src) {
                artifact in;
                in.from = "{{tasks." + tasks[pi].id + ".outputs.artifacts." + f.name + "}}";
                in.size_bytes = size;
                add_input(src.size() == 1 ? f.name : f.name + "." + tasks[pi].id, std::move(in));
            }
        }
        wf.add_template(std::move(tpl));
        steps.push_back(std::move(s));
    }
    auto& g = wf.graph();
    for (auto& s : steps)
        g.add_step(std::move(s));
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        auto v = g.at(tasks[i].id);
        // Data edges first, so an edge that is both keeps the more telling kind.
        for (const auto& f : tasks[i].inputs)
            for (const auto& src : sources(i, f.name))
                g.add_dependency(g.at(tasks[src.first].id), v, dependency_kind::data);
        for (const auto& p : tasks[i].parents) {
            auto u = g.find(p);
            if (!u) {
                out.push_back({tasks[i].where + ".parents", error::unknown_reference, "unknown parent task '" + p + "'"});
                continue;
            }
            g.add_dependency(*u, v, dependency_kind::explicit_);
        }
    }
    return wf;
}

} // namespace detail
} // namespace workload
} // namespace couler

#endif
