// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// couler split --max-steps N --max-bytes B [--max-pods P] FILE -o DIR: split a big workflow
// into budgeted children and a parent that creates them (paper §IV.B), print a JSON report.
#ifndef COULER_TOOLS_CMD_SPLIT_HPP
#define COULER_TOOLS_CMD_SPLIT_HPP

#include "common.hpp"

#include <couler/ir/valid_names.hpp>
#include <couler/optimize/split.hpp>

#include <CLI/CLI.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
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
    bool objective_given = false; ///< --objective on the command line (it only tunes `refined`)
    std::string format = "argo";
    std::string children = "auto";
    bool allow_oversize = false;
};

/// The option a budget comes from, for messages.
inline const char* budget_option(const std::string& budget)
{
    return budget == "bytes" ? "--max-bytes" : budget == "steps" ? "--max-steps" : "--max-pods";
}

inline int run_split(const split_options& o)
{
    namespace sp = couler::split;
    namespace fs = std::filesystem;
    auto t0 = std::chrono::steady_clock::now();
    sp::argo_split_options opt;
    opt.limits.max_steps = o.max_steps;
    opt.limits.max_bytes = o.max_bytes;
    opt.limits.max_pods = o.max_pods;
    for (auto [value, name] : {std::pair{o.max_steps, "--max-steps"}, std::pair{o.max_bytes, "--max-bytes"},
                               std::pair{o.max_pods, "--max-pods"}})
        if (value == 0) {
            std::cerr << "couler split: " << name << " must be at least 1\n";
            return exit_usage;
        }
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
    if (o.objective_given && opt.how != sp::method::refined) {
        std::cerr << "couler split: --objective tunes the refined splitter; --method " << sp::to_string(opt.how)
                  << " does not use it (drop --objective or use --method refined)\n";
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
    sp::document_format fmt;
    if (o.format == "argo")
        fmt = sp::document_format::argo_yaml;
    else if (o.format == "ir")
        fmt = sp::document_format::ir_json;
    else {
        std::cerr << "couler split: unknown format '" << o.format << "' (argo, ir)\n";
        return exit_usage;
    }
    // algorithm3's parts can depend on each other: report them (and write the children) rather
    // than stop at the first sight of a cycle
    opt.keep_cyclic = true;

    couler::workflow wf;
    std::size_t renamed_on_load = 0;
    if (int rc = load_workflow(o.file, wf, &renamed_on_load); rc != exit_ok)
        return rc;
    std::error_code ec;
    fs::create_directories(o.dir, ec);
    if (ec) {
        std::cerr << "couler split: cannot create '" << o.dir << "': " << ec.message() << "\n";
        return exit_usage;
    }
    // Both formats hold the same split, made and measured as Argo YAML: names must suit Argo.
    std::size_t renamed = renamed_on_load + couler::make_names_valid(wf);
    sp::argo_split<couler::no_data, couler::no_data> s;
    try {
        s = sp::split_to_argo(wf, opt);
    } catch (const couler::invalid_input& e) {
        print_problems(o.file, e.all());
        return exit_invalid;
    } catch (const std::invalid_argument& e) {
        std::cerr << e.what() << "\n";
        return exit_invalid;
    }
    for (const auto& w : s.workflows.warnings)
        std::cerr << "couler split: " << w << "\n";

    boost::json::array files;
    std::uint64_t largest_intermediate = 0;
    std::size_t intermediates = 0;
    std::string unwritable;
    sp::for_each_document(s, fmt, [&](const sp::document_id& id, const std::string& name, const std::string& text) {
        if (!unwritable.empty())
            return;
        std::ofstream f(fs::path(o.dir) / name, std::ios::binary);
        if (!(f << text)) {
            unwritable = (fs::path(o.dir) / name).string();
            return;
        }
        files.emplace_back(name);
        if (id.what == sp::document_id::role::intermediate) {
            ++intermediates;
            largest_intermediate = std::max<std::uint64_t>(largest_intermediate, s.levels[id.level - 1].yaml[id.index].size());
        }
    });
    if (!unwritable.empty()) {
        std::cerr << "couler split: cannot write '" << unwritable << "'\n";
        return exit_usage;
    }
    const std::string ext = fmt == sp::document_format::argo_yaml ? ".yaml" : ".json";
    boost::json::array over;
    std::set<std::string> over_files;
    for (const auto& x : s.over) {
        std::string name = sp::file_stem(x.doc) + ext;
        over_files.insert(name);
        over.push_back(boost::json::object{
            {"file", name}, {"budget", x.budget}, {"option", budget_option(x.budget)}, {"size", x.size}, {"limit", x.limit}});
    }

    const auto& r = s.summary;
    boost::json::object rep;
    rep["file"] = o.file;
    rep["method"] = sp::to_string(opt.how);
    rep["children_kind"] = s.templates ? "WorkflowTemplate" : "Workflow";
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
    rep["largest_part_bytes"] = s.largest_child_bytes;
    rep["largest_part_bytes_estimated"] = r.largest_part_bytes;
    rep["largest_part_pods"] = r.largest_part_pods;
    rep["parts_over_budget"] = over_files.size();
    rep["over_budget"] = std::move(over);
    rep["oversize_allowed"] = o.allow_oversize;
    rep["daemons_apart"] = r.daemons_apart;
    rep["parent_bytes"] = s.has_parent() ? s.parent_yaml.size() : 0;
    rep["parent_levels"] = s.has_parent() ? s.levels.size() + 1 : 0;
    rep["intermediate_parents"] = intermediates;
    rep["largest_intermediate_bytes"] = largest_intermediate;
    rep["top_tasks"] = s.has_parent() ? s.parent.graph().size() : 0;
    rep["crossings"] = s.workflows.crossings.size();
    rep["warnings"] = s.workflows.warnings.size();
    rep["rounds"] = s.rounds;
    rep["renamed_for_argo"] = renamed;
    rep["seconds"] = s.split_seconds;
    rep["total_seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rep["format"] = o.format;
    rep["dir"] = o.dir;
    rep["files"] = std::move(files);
    std::cout << couler::pretty_print(rep) << "\n";

    int rc = exit_ok;
    if (!r.acyclic) {
        std::cerr << "couler split: the parts depend on each other in a cycle (parts";
        for (auto c : r.cycle)
            std::cerr << " " << c + 1;
        std::cerr << "): no parent can schedule them; the children are written, no parent\n";
        rc = exit_invalid;
    }
    if (!s.over.empty()) {
        for (const auto& x : s.over)
            std::cerr << "couler split: " << (o.allow_oversize ? "warning: " : "") << sp::file_stem(x.doc) << ext
                      << " is over budget: " << x.size << " " << x.budget
                      << (x.budget == "bytes" ? " of Argo YAML" : "") << ", " << budget_option(x.budget) << " is "
                      << x.limit << "\n";
        bool inline_parent = std::any_of(s.over.begin(), s.over.end(), [](const sp::over_budget& x) {
            return x.doc.what == sp::document_id::role::parent && x.budget == "bytes";
        });
        if (inline_parent && !s.templates)
            std::cerr << "couler split: the parent holds every child inline (--children " << o.children
                      << "); --children templates keeps it small\n";
        if (!o.allow_oversize) {
            std::cerr << "couler split: " << over_files.size() << " document" << (over_files.size() == 1 ? "" : "s")
                      << " over budget (written to '" << o.dir
                      << "'); raise the budget, or pass --allow-oversize to accept them\n";
            rc = exit_invalid;
        }
    }
    return rc;
}

/// A budget on the command line: digits only (CLI11 would read "-3" into an unsigned as a huge
/// number), at least 1.
inline CLI::Validator positive_count()
{
    return CLI::Validator(
        [](std::string& s) -> std::string {
            if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos)
                return "'" + s + "' is not a whole number";
            if (s.find_first_not_of('0') == std::string::npos)
                return "must be at least 1";
            return {};
        },
        "N>=1");
}

inline void setup_split(CLI::App& app, int& rc)
{
    auto o = std::make_shared<split_options>();
    auto* cmd = app.add_subcommand("split", "Split a big workflow into budgeted child workflows and a parent (paper §IV.B)");
    cmd->add_option("FILE", o->file, "IR JSON, Argo YAML, WfCommons JSON or Pegasus DAX ('-' for standard input)")
        ->required();
    cmd->add_option("-o,--output", o->dir, "Directory for the parts and the parent")->required();
    cmd->add_option("--max-steps", o->max_steps, "Steps per child (beta); Argo's cap of 200 tasks applies too")
        ->check(positive_count())
        ->capture_default_str();
    cmd->add_option("--max-bytes", o->max_bytes,
                    "Bytes of Argo YAML per document (alpha), measured on the YAML with either --format")
        ->check(positive_count())
        ->capture_default_str();
    cmd->add_option("--max-pods", o->max_pods, "Pods per child (gamma); unlimited by default")->check(positive_count());
    cmd->add_option("--method", o->method,
                    "refined, topo-chunks or algorithm3 (the paper's DFS) for the children; "
                    "intermediate parents are always split by refined")
        ->capture_default_str();
    auto* objective = cmd->add_option("--objective", o->objective, "balanced, cut or parallelism (--method refined only)")
                          ->capture_default_str();
    cmd->add_option("--children", o->children,
                    "auto, inline (child Workflows inside the parent) or templates (WorkflowTemplates the parent references)")
        ->capture_default_str();
    cmd->add_option("--format", o->format,
                    "argo (YAML) or ir (IR JSON of the same documents: children, intermediate parents, parent)")
        ->capture_default_str();
    cmd->add_flag("--allow-oversize", o->allow_oversize,
                  "Exit 0 even if a document is over a budget (they are listed in the report either way)");
    cmd->callback([o, objective, &rc] {
        o->objective_given = objective->count() > 0;
        rc = run_split(*o);
    });
}

} // namespace couler_cli

#endif
