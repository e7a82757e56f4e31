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
#include <vector>

namespace couler {

namespace detail {
/// `base`, or `base-2`, `base-3`... : the first not in `taken` (added to it), cut so that the
/// result stays within `limit` characters.
inline std::string unique_name(const std::string& base, std::set<std::string>& taken, std::size_t limit)
{
    std::string n = base.substr(0, limit);
    for (int k = 2; taken.count(n); ++k) {
        std::string suffix = "-" + std::to_string(k);
        n = base.substr(0, limit - suffix.size()) + suffix;
    }
    taken.insert(n);
    return n;
}

/// New names for the artifacts of one list (a template's inputs or outputs), unique in it.
template <class Art> std::map<std::string, std::string> artifact_renames(std::vector<Art>& list, std::size_t& count)
{
    std::map<std::string, std::string> to;
    std::set<std::string> taken;
    for (const auto& a : list)
        if (is_valid_io_name(a.name))
            taken.insert(a.name);
    for (auto& a : list)
        if (!is_valid_io_name(a.name)) {
            std::string n = unique_name(sanitize_io_name(a.name), taken, max_step_name_length);
            to[a.name] = n;
            a.name = n;
            ++count;
        }
    return to;
}
/// The step and artifact of an argument's `{{tasks.S.outputs.artifacts.A}}` (or `steps.`)
/// reference, or false if `from` is not one.
inline bool split_artifact_ref(const std::string& from, std::string& step, std::string& art)
{
    static const std::string pre = ".outputs.artifacts.";
    auto at = from.find(pre);
    if ((from.rfind("{{steps.", 0) != 0 && from.rfind("{{tasks.", 0) != 0) || at == std::string::npos ||
        from.size() < 4 || from.compare(from.size() - 2, 2, "}}") != 0)
        return false;
    auto dot = from.find('.', 2);
    step = from.substr(dot + 1, at - dot - 1);
    art = from.substr(at + pre.size(), from.size() - 2 - at - pre.size());
    return true;
}

/// True if make_names_valid would change nothing: it then returns before copying anything
/// (it runs on every workload read, and on large workflows).
template <class S, class A> bool names_already_valid(const basic_workflow<S, A>& wf)
{
    std::string step, art;
    for (const auto& t : wf.templates()) {
        if (!is_valid_step_name(t.name))
            return false;
        for (const auto* list : {&t.inputs.artifacts, &t.outputs.artifacts})
            for (const auto& a : *list)
                if (!is_valid_io_name(a.name))
                    return false;
        if (const auto* g = t.graph())
            for (std::size_t v = 0; v < g->size(); ++v) {
                if (!is_valid_step_name((*g)[v].name))
                    return false;
                for (const auto& a : (*g)[v].artifact_arguments)
                    if (!is_valid_io_name(a.name) || (split_artifact_ref(a.from, step, art) && !is_valid_io_name(art)))
                        return false;
            }
    }
    return true;
}
} // namespace detail

/// @brief Renames every template and step whose name is not a valid Argo step name
/// (`sanitize_step_name`, with `-2`, `-3`... against collisions, within 128 characters), and
/// every artifact whose name is not a valid Argo input/output name (`sanitize_io_name`, unique
/// in its list). References follow: steps' template names, lifecycle hooks, the entrypoint, the
/// exit handler, the artifact arguments of the steps that call a template with renamed inputs,
/// and artifact arguments of the form `{{tasks.S.outputs.artifacts.A}}` / `{{steps.S...}}`.
/// Other strings that mention a renamed step (expressions in `when`, parameter values) are not
/// rewritten. Strong guarantee: on an exception `wf` is unchanged.
/// @returns how many names changed.
template <class S, class A> std::size_t make_names_valid(basic_workflow<S, A>& wf)
{
    if (detail::names_already_valid(wf))
        return 0;
    std::size_t renamed = 0;
    std::set<std::string> taken;
    for (const auto& t : wf.templates())
        if (is_valid_step_name(t.name))
            taken.insert(t.name);
    std::map<std::string, std::string> to;
    for (const auto& t : wf.templates())
        if (!is_valid_step_name(t.name) && !to.count(t.name))
            to[t.name] = detail::unique_name(sanitize_step_name(t.name), taken, max_step_name_length);
    renamed += to.size();
    auto map = [&](const std::string& n) {
        auto it = to.find(n);
        return it == to.end() ? n : it->second;
    };
    auto rename_hooks = [&](lifecycle_hooks& hs) {
        for (auto& kv : hs)
            kv.second.template_name = map(kv.second.template_name);
    };
    // Copies, so that `wf` is untouched until the end (rename_template is O(steps) per call).
    std::vector<basic_step_template<S, A>> ts = wf.templates();
    // Artifact renames per template (by its new name), for the arguments that feed them and
    // the references that read them.
    std::map<std::string, std::map<std::string, std::string>> in_to, out_to;
    for (auto& t : ts) {
        t.name = map(t.name);
        in_to[t.name] = detail::artifact_renames(t.inputs.artifacts, renamed);
        out_to[t.name] = detail::artifact_renames(t.outputs.artifacts, renamed);
    }
    auto lookup = [](const std::map<std::string, std::map<std::string, std::string>>& m, const std::string& tmpl,
                     const std::string& art) {
        auto t = m.find(tmpl);
        if (t != m.end()) {
            auto a = t->second.find(art);
            if (a != t->second.end())
                return a->second;
        }
        return is_valid_io_name(art) ? art : sanitize_io_name(art);
    };
    for (auto& t : ts) {
        auto* g = t.graph();
        if (!g)
            continue;
        std::set<std::string> names;
        for (std::size_t v = 0; v < g->size(); ++v)
            if (is_valid_step_name((*g)[v].name))
                names.insert((*g)[v].name);
        std::map<std::string, std::string> steps; // old step name -> new
        for (std::size_t v = 0; v < g->size(); ++v) {
            auto& st = (*g)[v];
            st.template_name = map(st.template_name);
            rename_hooks(st.hooks);
            if (is_valid_step_name(st.name))
                continue;
            std::string n = detail::unique_name(sanitize_step_name(st.name), names, max_step_name_length);
            steps[st.name] = n;
            g->rename(v, n);
            ++renamed;
        }
        for (std::size_t v = 0; v < g->size(); ++v)
            for (auto& a : (*g)[v].artifact_arguments) {
                std::string name = lookup(in_to, (*g)[v].template_name, a.name);
                if (name != a.name) {
                    a.name = name;
                    ++renamed;
                }
                std::string step, art;
                if (!detail::split_artifact_ref(a.from, step, art))
                    continue;
                auto it = steps.find(step);
                if (it != steps.end())
                    step = it->second;
                auto producer = g->find(step);
                std::string clean = producer ? lookup(out_to, (*g)[*producer].template_name, art)
                                             : (is_valid_io_name(art) ? art : sanitize_io_name(art));
                if (clean != art || it != steps.end())
                    a.from = output_artifact_ref(step, clean);
            }
    }
    basic_workflow<S, A> out;
    out.settings = wf.settings;
    out.settings.on_exit = map(wf.settings.on_exit);
    rename_hooks(out.settings.hooks);
    out.entrypoint = map(wf.entrypoint);
    out.secrets = wf.secrets;
    out.artifacts = wf.artifacts;
    out.template_defaults = wf.template_defaults;
    out.extensions = wf.extensions;
    for (auto& t : ts)
        out.add_template(std::move(t));
    wf = std::move(out);
    return renamed;
}

} // namespace couler

#endif
