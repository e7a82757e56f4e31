// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_VALID_NAMES_HPP
#define COULER_IR_VALID_NAMES_HPP

/// @file
/// @brief Renames what Argo would refuse in a workflow read from elsewhere (WfCommons and
/// Pegasus files name tasks `mProject_ID0000001`, artifacts `chain_00000001_output.txt`), so
/// that it validates, runs and emits.

#include <couler/ir/expression.hpp>
#include <couler/ir/names.hpp>
#include <couler/ir/workflow.hpp>

#include <cstddef>
#include <map>
#include <set>
#include <string>

namespace couler {

/// @brief Renames every template and step whose name is not a valid Argo step name
/// (`sanitize_step_name`, with `-2`, `-3`... against collisions), and every artifact whose
/// name is not a valid Argo input/output name (`sanitize_io_name`). References follow: steps'
/// template names, the entrypoint, the exit handler, and artifact arguments of the form
/// `{{tasks.S.outputs.artifacts.A}}` / `{{steps.S...}}`. Other strings that mention a renamed
/// step (expressions in `when`, parameter values) are not rewritten.
/// @returns how many names changed.
template <class S, class A> std::size_t make_names_valid(basic_workflow<S, A>& wf)
{
    std::size_t renamed = 0;
    std::set<std::string> taken;
    for (const auto& t : wf.templates())
        taken.insert(t.name);
    std::map<std::string, std::string> to;
    for (const auto& t : wf.templates())
        if (!is_valid_step_name(t.name)) {
            std::string base = sanitize_step_name(t.name), n = base;
            for (int k = 2; taken.count(n); ++k)
                n = base + "-" + std::to_string(k);
            taken.insert(n);
            to[t.name] = n;
        }
    auto io = [&](std::string& n) {
        if (!is_valid_io_name(n)) {
            n = sanitize_io_name(n);
            ++renamed;
        }
    };
    auto map = [&](const std::string& n) {
        auto it = to.find(n);
        return it == to.end() ? n : it->second;
    };
    // Rebuilt in one pass: rename_template is O(steps) per call.
    basic_workflow<S, A> out;
    out.settings = wf.settings;
    out.settings.on_exit = map(wf.settings.on_exit);
    out.entrypoint = map(wf.entrypoint);
    out.secrets = wf.secrets;
    out.artifacts = wf.artifacts;
    out.template_defaults = wf.template_defaults;
    out.extensions = wf.extensions;
    renamed += to.size();
    for (auto& t : wf.templates()) {
        t.name = map(t.name);
        for (auto& a : t.inputs.artifacts)
            io(a.name);
        for (auto& a : t.outputs.artifacts)
            io(a.name);
        if (auto* g = t.graph()) {
            std::set<std::string> names;
            std::map<std::string, std::string> steps;
            for (std::size_t v = 0; v < g->size(); ++v)
                names.insert((*g)[v].name);
            for (std::size_t v = 0; v < g->size(); ++v) {
                (*g)[v].template_name = map((*g)[v].template_name);
                const std::string name = (*g)[v].name;
                if (is_valid_step_name(name))
                    continue;
                std::string base = sanitize_step_name(name), n = base;
                for (int k = 2; names.count(n); ++k)
                    n = base + "-" + std::to_string(k);
                names.insert(n);
                steps[name] = n;
                g->rename(v, n);
                ++renamed;
            }
            for (std::size_t v = 0; v < g->size(); ++v)
                for (auto& a : (*g)[v].artifact_arguments) {
                    io(a.name);
                    const std::string pre = ".outputs.artifacts.";
                    auto at = a.from.find(pre);
                    if ((a.from.rfind("{{steps.", 0) != 0 && a.from.rfind("{{tasks.", 0) != 0) ||
                        at == std::string::npos || a.from.size() < 4 ||
                        a.from.compare(a.from.size() - 2, 2, "}}") != 0)
                        continue;
                    auto dot = a.from.find('.', 2);
                    std::string step = a.from.substr(dot + 1, at - dot - 1);
                    std::string art = a.from.substr(at + pre.size(), a.from.size() - 2 - at - pre.size());
                    auto it = steps.find(step);
                    if (it != steps.end())
                        step = it->second;
                    std::string clean = art;
                    if (!is_valid_io_name(clean))
                        clean = sanitize_io_name(clean);
                    if (clean != art || it != steps.end())
                        a.from = output_artifact_ref(step, clean);
                }
        }
        out.add_template(std::move(t));
    }
    wf = std::move(out);
    return renamed;
}

} // namespace couler

#endif
