// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// couler split --max-steps N --max-bytes B [--max-pods P] FILE -o DIR: split a big workflow
// into budgeted children and a parent that creates them (paper §IV.B), print a JSON report.
#ifndef COULER_TOOLS_CMD_SPLIT_HPP
#define COULER_TOOLS_CMD_SPLIT_HPP

#include "common.hpp"

#include <couler/optimize/split.hpp>

#include <CLI/CLI.hpp>

#include <boost/json/serialize.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

namespace couler_cli {

struct split_options {
    std::string file, dir;
    std::uint64_t max_steps = 200;
    std::uint64_t max_bytes = 3 * 1024 * 1024 / 2;
    std::uint64_t max_pods = couler::split::unlimited;
    std::string method = "refined";
    std::string objective = "balanced";
    std::string format = "argo";
    std::string children = "auto";
};


inline int run_split(const split_options& o)
{
    namespace sp = couler::split;
    namespace fs = std::filesystem;
    auto t0 = std::chrono::steady_clock::now();
    couler::workflow wf;
    std::size_t renamed_on_load = 0;
    if (int rc = load_workflow(o.file, wf, &renamed_on_load); rc != exit_ok)
        return rc;
    sp::argo_split_options opt;
    opt.limits.max_steps = o.max_steps;
    opt.limits.max_bytes = o.max_bytes;
    opt.limits.max_pods = o.max_pods;
    if (!sp::from_string(o.method, opt.how)) {
        std::cerr << "couler split: unknown method '" << o.method << "' (refined, topo-chunks, algorithm3)\n";
        return exit_usage;
    }
    if (o.objective == "cut")
        opt.tuning.goal = sp::objective::cut;
    else if (o.objective == "parallelism")
        opt.tuning.goal = sp::objective::parallelism;
    else if (o.objective != "balanced") {
        std::cerr << "couler split: unknown objective '" << o.objective << "' (balanced, cut, parallelism)\n";
        return exit_usage;
    }
    if (o.children == "inline")
        opt.mode = sp::child_mode::inline_workflows;
    else if (o.children == "templates")
        opt.mode = sp::child_mode::templates;
    else if (o.children != "auto") {
        std::cerr << "couler split: unknown --children '" << o.children << "' (auto, inline, templates)\n";
        return exit_usage;
    }
    std::error_code ec;
    fs::create_directories(o.dir, ec);
    if (ec) {
        std::cerr << "couler split: cannot create '" << o.dir << "': " << ec.message() << "\n";
        return exit_usage;
    }
    auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream f(fs::path(o.dir) / name, std::ios::binary);
        f << text;
        if (!f)
            throw std::runtime_error("cannot write '" + (fs::path(o.dir) / name).string() + "'");
    };
    auto part_file = [&](std::size_t i, const char* ext) {
        std::string n = std::to_string(i + 1);
        return "part-" + std::string(n.size() < 4 ? 4 - n.size() : 0, '0') + n + ext;
    };

    boost::json::object rep;
    sp::report r;
    double split_seconds = 0;
    std::uint64_t largest_bytes = 0, parent_bytes = 0;
    std::size_t crossings = 0, warnings = 0;
    int rounds = 1;
    boost::json::array files;
    int rc = exit_ok;
    // Workloads were renamed on load; an IR file with names Argo refuses is renamed for Argo output.
    std::size_t renamed = renamed_on_load + (o.format == "argo" ? couler::make_names_valid(wf) : 0);
    if (o.format == "argo" && opt.how != sp::method::algorithm3) {
        auto s = sp::split_to_argo(wf, opt);
        rep["children_kind"] = s.templates ? "WorkflowTemplate" : "Workflow";
        r = s.summary;
        split_seconds = s.split_seconds;
        rounds = s.rounds;
        largest_bytes = s.largest_child_bytes;
        parent_bytes = s.parent_yaml.size();
        crossings = s.workflows.crossings.size();
        warnings = s.workflows.warnings.size();
        for (const auto& w : s.workflows.warnings)
            std::cerr << "couler split: " << w << "\n";
        for (std::size_t i = 0; i < s.children_yaml.size(); ++i) {
            write(part_file(i, ".yaml"), s.children_yaml[i]);
            files.emplace_back(part_file(i, ".yaml"));
        }
        // intermediate parents (a parent too big for one Workflow, split again): level L, part N
        std::uint64_t largest_intermediate = 0;
        std::size_t intermediates = 0;
        for (std::size_t l = 0; l < s.levels.size(); ++l)
            for (std::size_t i = 0; i < s.levels[l].yaml.size(); ++i) {
                std::string name = "parent-" + std::to_string(l + 1) + "-" + part_file(i, ".yaml").substr(5);
                write(name, s.levels[l].yaml[i]);
                files.emplace_back(name);
                largest_intermediate = std::max<std::uint64_t>(largest_intermediate, s.levels[l].yaml[i].size());
                ++intermediates;
            }
        rep["parent_levels"] = s.levels.size() + 1;
        rep["intermediate_parents"] = intermediates;
        rep["largest_intermediate_bytes"] = largest_intermediate;
        rep["top_tasks"] = s.parent.graph().size();
        write("parent.yaml", s.parent_yaml);
        files.emplace_back("parent.yaml");
    } else if (o.format == "ir" || o.format == "argo") {
        // IR children (any method, including the paper's Algorithm 3, whose parts may be cyclic)
        std::uint64_t overhead = 0;
        auto d = sp::extract_dag(wf, overhead, opt.estimate);
        opt.limits.part_overhead_bytes = overhead;
        auto t1 = std::chrono::steady_clock::now();
        sp::partition p;
        try {
            p = sp::run(opt.how, d, opt.limits, opt.tuning);
        } catch (const sp::daemon_unit_too_big& e) {
            std::cerr << "couler split: daemon step '" << wf.graph()[e.daemon].name
                      << "' must run in the same child as the steps that read it, but with them it is " << e.steps
                      << " steps, over the step budget of " << e.max_steps << "; raise --max-steps\n";
            return exit_invalid;
        }
        split_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
        r = sp::analyze(d, p, opt.limits);
        largest_bytes = r.largest_part_bytes;
        auto parts = sp::make_parts(wf, p);
        crossings = parts.crossings.size();
        warnings = parts.warnings.size();
        for (std::size_t i = 0; i < parts.children.size(); ++i) {
            write(part_file(i, ".json"), couler::to_json_pretty(parts.children[i]));
            files.emplace_back(part_file(i, ".json"));
        }
        if (r.acyclic) {
            auto q = sp::quotient_graph(d, p);
            auto parent = sp::make_parent(wf, parts, q, [&](std::size_t i) {
                return couler::to_json_string(sp::embedded_child(parts, i));
            });
            auto text = couler::to_json_pretty(parent);
            parent_bytes = text.size();
            write("parent.json", text);
            files.emplace_back("parent.json");
        } else {
            std::cerr << "couler split: the parts depend on each other in a cycle (parts";
            for (auto c : r.cycle)
                std::cerr << " " << c + 1;
            std::cerr << "): no parent can schedule them\n";
            rc = exit_invalid;
        }
    } else {
        std::cerr << "couler split: unknown format '" << o.format << "' (argo, ir)\n";
        return exit_usage;
    }
    rep["file"] = o.file;
    rep["method"] = sp::to_string(opt.how);
    rep["steps"] = r.steps;
    rep["edges"] = r.edges;
    rep["parts"] = r.parts;
    rep["lower_bound_parts"] = r.lower_bound_parts;
    rep["acyclic"] = r.acyclic;
    rep["cut_edges"] = r.cut_edges;
    rep["quotient_edges"] = r.quotient_edges;
    rep["quotient_depth"] = r.quotient_depth;
    rep["critical_path"] = r.critical_path;
    if (r.acyclic)
        rep["quotient_critical_path"] = r.quotient_critical_path;
    else
        rep["quotient_critical_path"] = nullptr;
    rep["largest_part_steps"] = r.largest_part_steps;
    rep["largest_part_bytes"] = largest_bytes;
    rep["largest_part_bytes_estimated"] = r.largest_part_bytes;
    rep["largest_part_pods"] = r.largest_part_pods;
    rep["parts_over_budget"] = r.parts_over_budget;
    rep["daemons_apart"] = r.daemons_apart;
    rep["parent_bytes"] = parent_bytes;
    rep["crossings"] = crossings;
    rep["warnings"] = warnings;
    rep["rounds"] = rounds;
    rep["renamed_for_argo"] = renamed;
    rep["seconds"] = split_seconds;
    rep["total_seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rep["format"] = o.format;
    rep["dir"] = o.dir;
    rep["files"] = std::move(files);
    std::cout << couler::pretty_print(rep) << "\n";
    return rc;
}

inline void setup_split(CLI::App& app, int& rc)
{
    auto o = std::make_shared<split_options>();
    auto* cmd = app.add_subcommand("split", "Split a big workflow into budgeted child workflows and a parent (paper §IV.B)");
    cmd->add_option("FILE", o->file, "IR JSON, Argo YAML, WfCommons JSON or Pegasus DAX")->required();
    cmd->add_option("-o,--output", o->dir, "Directory for the parts and the parent")->required();
    cmd->add_option("--max-steps", o->max_steps, "Steps per child (beta)")->capture_default_str();
    cmd->add_option("--max-bytes", o->max_bytes, "Emitted bytes per child (alpha)")->capture_default_str();
    cmd->add_option("--max-pods", o->max_pods, "Pods per child (gamma); unlimited by default");
    cmd->add_option("--method", o->method, "refined, topo-chunks or algorithm3 (the paper's DFS)")->capture_default_str();
    cmd->add_option("--objective", o->objective, "balanced, cut or parallelism")->capture_default_str();
    cmd->add_option("--children", o->children,
                    "auto, inline (child Workflows inside the parent) or templates (WorkflowTemplates the parent references)")
        ->capture_default_str();
    cmd->add_option("--format", o->format, "argo (YAML children + parent) or ir (IR JSON)")->capture_default_str();
    cmd->callback([o, &rc] { rc = run_split(*o); });
}

} // namespace couler_cli

#endif
