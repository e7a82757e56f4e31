// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_SPLIT_IMPL_ARGO_HPP
#define COULER_OPTIMIZE_SPLIT_IMPL_ARGO_HPP

#include <algorithm>
#include <chrono>
#include <cmath>
#include <list>
#include <stdexcept>

namespace couler {
namespace split {

COULER_INLINE std::string file_stem(const document_id& d)
{
    auto four = [](std::size_t i) {
        std::string n = std::to_string(i + 1);
        return std::string(n.size() < 4 ? 4 - n.size() : 0, '0') + n;
    };
    switch (d.what) {
    case document_id::role::child:
        return "part-" + four(d.index);
    case document_id::role::intermediate:
        return "parent-" + std::to_string(d.level) + "-" + four(d.index);
    case document_id::role::parent:
        break;
    }
    return "parent";
}

template <class S, class A>
void for_each_document(const argo_split<S, A>& s, document_format fmt,
                       const std::function<void(const document_id&, const std::string&, const std::string&)>& f)
{
    const bool yaml = fmt == document_format::argo_yaml;
    const char* ext = yaml ? ".yaml" : ".json";
    auto one = [&](const document_id& id, const basic_workflow<S, A>& ir, const std::string& text) {
        if (yaml)
            f(id, file_stem(id) + ext, text);
        else
            f(id, file_stem(id) + ext, to_json_pretty(ir));
    };
    using role = document_id::role;
    for (std::size_t i = 0; i < s.workflows.children.size(); ++i)
        one({role::child, 0, i}, s.workflows.children[i], s.children_yaml[i]);
    for (std::size_t l = 0; l < s.levels.size(); ++l)
        for (std::size_t i = 0; i < s.levels[l].workflows.children.size(); ++i)
            one({role::intermediate, l + 1, i}, s.levels[l].workflows.children[i], s.levels[l].yaml[i]);
    if (s.has_parent())
        one({role::parent, 0, 0}, s.parent, s.parent_yaml);
}

template <class S, class A>
std::string reference_manifest(const workflow_parts<S, A>& parts, std::size_t i, const parts_options& opt)
{
    auto child = embedded_child(parts, i, opt);
    auto q = [](const std::string& v) { // a double-quoted YAML scalar
        std::string o = "\"";
        for (char c : v) {
            if (c == '"' || c == '\\')
                o += '\\';
            o += c;
        }
        return o + "\"";
    };
    std::string m = "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: " +
                    child.settings.name + "-\nspec:\n  workflowTemplateRef:\n    name: " + child.settings.name + "\n";
    if (!child.settings.parameters.empty()) {
        m += "  arguments:\n    parameters:\n";
        for (const auto& p : child.settings.parameters)
            m += "      - name: " + q(p.name) + "\n        value: " + q(p.value.value_or("")) + "\n";
    }
    return m;
}

namespace detail {

// One level of splitting: the parts of `wf`, its children built with `wiring` and emitted,
// re-split with scaled estimates while real YAML is over the byte budget.
template <class S, class A> struct level_split {
    dag d;
    budget b;
    partition parts;
    report summary;
    workflow_parts<S, A> workflows;
    std::vector<std::string> yaml;
    std::vector<std::uint64_t> estimated;
    std::uint64_t largest = 0;
    int rounds = 0;
    double seconds = 0;
};

template <class S, class A>
void split_level(const basic_workflow<S, A>& wf, const argo_split_options& opt, const parts_options& wiring, method how,
                 level_split<S, A>& L)
{
    std::uint64_t overhead = 0;
    L.d = extract_dag(wf, overhead, opt.estimate);
    L.b = opt.limits;
    budget& b = L.b;
    dag& d = L.d;
    b.part_overhead_bytes = overhead;
    // Argo's CRD: at most max_tasks tasks in a dag and max_templates templates (one is the entry)
    if (opt.argo.enforce_caps) {
        b.max_steps = std::min<std::uint64_t>(b.max_steps, opt.argo.max_tasks);
        b.max_groups = std::min<std::uint64_t>(b.max_groups, opt.argo.max_templates - 1);
    }
    for (int round = 1;; ++round) {
        L.rounds = round;
        auto t0 = std::chrono::steady_clock::now();
        try {
            L.parts = run(how, d, b, opt.tuning);
        } catch (const daemon_unit_too_big& e) {
            throw std::invalid_argument("couler split: daemon step '" + wf.graph()[e.daemon].name +
                                        "' must run in the same child as the steps that read it, but with them it is " +
                                        std::to_string(e.steps) + " steps, over the step budget of " +
                                        std::to_string(e.max_steps) + "; raise the step budget");
        }
        L.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        L.summary = analyze(d, L.parts, b);
        if (!L.summary.acyclic && !opt.keep_cyclic)
            throw std::invalid_argument(std::string("couler split: method ") + to_string(how) +
                                        " made parts that depend on each other; no parent can schedule them");
        L.workflows = make_parts(wf, L.parts, wiring);
        // copies of producer templates count against the template cap too: leave them room
        std::size_t templates_over = 0;
        for (const auto& c : L.workflows.children)
            if (c.templates().size() > opt.argo.max_templates)
                templates_over = std::max(templates_over, c.templates().size() - opt.argo.max_templates);
        if (opt.argo.enforce_caps && templates_over > 0 && round < opt.max_rounds && b.max_groups > templates_over) {
            b.max_groups -= templates_over;
            continue;
        }
        L.estimated = measure(d, L.parts, b).bytes;
        L.yaml.clear();
        L.largest = 0;
        double worst = 0;
        for (std::size_t i = 0; i < L.workflows.children.size(); ++i) {
            L.yaml.push_back(to_argo_yaml(L.workflows.children[i], opt.argo));
            auto real = L.yaml.back().size();
            L.largest = std::max<std::uint64_t>(L.largest, real);
            // Only a low estimate is worth a re-split. A child whose estimate was high already
            // (a step alone over the budget) would scale every estimate down, and the next
            // round would overfill the other children.
            if (real > b.max_bytes && real > L.estimated[i])
                worst = std::max(worst, double(real) / double(std::max<std::uint64_t>(1, L.estimated[i])));
        }
        if (worst == 0 || round >= opt.max_rounds)
            break;
        // the estimate was low for some child: scale every estimate by the worst ratio (+5%)
        double f = worst * 1.05;
        for (auto& x : d.bytes)
            x = static_cast<std::uint64_t>(std::ceil(double(x) * f));
        for (auto& x : d.group_bytes)
            x = static_cast<std::uint64_t>(std::ceil(double(x) * f));
        b.part_overhead_bytes = static_cast<std::uint64_t>(std::ceil(double(b.part_overhead_bytes) * f));
    }
}

// Tasks (and pods: one per resource step) and templates one parent may hold.
template <class S, class A> bool parent_counts_fit(const basic_workflow<S, A>& p, const argo_split_options& opt)
{
    std::uint64_t tasks = p.graph().size();
    std::uint64_t max_tasks = opt.limits.max_steps;
    if (opt.argo.enforce_caps) {
        max_tasks = std::min<std::uint64_t>(max_tasks, opt.argo.max_tasks);
        if (p.templates().size() > opt.argo.max_templates)
            return false;
    }
    return tasks <= max_tasks && tasks <= opt.limits.max_pods;
}

// Lists the documents of `r` over a budget; `child_steps` and `child_pods` are the children's
// sizes as the splitter measured them (a parent's pods are its resource tasks).
template <class S, class A>
void list_over_budget(argo_split<S, A>& r, const budget& b, const std::vector<std::uint64_t>& child_steps,
                      const std::vector<std::uint64_t>& child_pods)
{
    using role = document_id::role;
    auto check = [&](const document_id& id, std::uint64_t bytes, std::uint64_t steps, std::uint64_t pods) {
        if (bytes > b.max_bytes)
            r.over.push_back({id, "bytes", bytes, b.max_bytes});
        if (steps > b.max_steps)
            r.over.push_back({id, "steps", steps, b.max_steps});
        if (pods > b.max_pods)
            r.over.push_back({id, "pods", pods, b.max_pods});
    };
    r.over.clear();
    for (std::size_t i = 0; i < r.children_yaml.size(); ++i)
        check({role::child, 0, i}, r.children_yaml[i].size(), child_steps[i], child_pods[i]);
    for (std::size_t l = 0; l < r.levels.size(); ++l)
        for (std::size_t i = 0; i < r.levels[l].yaml.size(); ++i) {
            std::uint64_t tasks = r.levels[l].workflows.children[i].graph().size();
            check({role::intermediate, l + 1, i}, r.levels[l].yaml[i].size(), tasks, tasks);
        }
    if (r.has_parent()) {
        std::uint64_t tasks = r.parent.graph().size();
        check({role::parent, 0, 0}, r.parent_yaml.size(), tasks, tasks);
    }
}

} // namespace detail

template <class S, class A>
argo_split<S, A> split_to_argo(const basic_workflow<S, A>& wf, const argo_split_options& opt_in)
{
    for (auto [value, name] : {std::pair{opt_in.limits.max_steps, "step"}, std::pair{opt_in.limits.max_bytes, "byte"},
                               std::pair{opt_in.limits.max_pods, "pod"}})
        if (value == 0)
            throw std::invalid_argument(std::string("couler split: the ") + name +
                                        " budget is 0; every child needs at least one");
    argo_split<S, A> r;
    argo_split_options opt = opt_in;
    opt.wiring.as_templates = opt.mode == child_mode::templates;
    detail::level_split<S, A> L0;
    detail::split_level(wf, opt, opt.wiring, opt.how, L0);
    // sizes of the children as budgeted (pods are not in the YAML), for argo_split::over
    auto sizes = measure(L0.d, L0.parts, L0.b);
    r.parts = std::move(L0.parts);
    r.summary = L0.summary;
    r.workflows = std::move(L0.workflows);
    r.children_yaml = std::move(L0.yaml);
    r.estimated_bytes = std::move(L0.estimated);
    r.largest_child_bytes = L0.largest;
    r.rounds = L0.rounds;
    r.split_seconds = L0.seconds;
    auto finish = [&] { detail::list_over_budget(r, opt.limits, sizes.steps, sizes.pods); };
    if (!r.summary.acyclic) { // keep_cyclic: children, and no parent can schedule them
        finish();
        return r;
    }
    quotient q = quotient_graph(L0.d, r.parts);
    if (!opt.wiring.as_templates) {
        const auto& parts = r.workflows;
        r.parent = make_parent(
            wf, parts, q,
            [&](std::size_t i) { return to_argo_yaml(embedded_child(parts, i, opt.wiring), opt.argo); }, opt.wiring);
        const bool counts = detail::parent_counts_fit(r.parent, opt);
        if (!counts && opt.mode == child_mode::inline_workflows)
            throw std::invalid_argument(
                "couler split: " + std::to_string(parts.children.size()) +
                " children are more than one parent can create, and inline children cannot be nested "
                "under intermediate parents; use --children templates (or auto)");
        std::uint64_t inline_bytes = 0;
        for (const auto& t : r.parent.templates())
            if (auto* res = std::get_if<resource_spec>(&t.body))
                inline_bytes += res->manifest.size();
        if (counts && (opt.mode == child_mode::inline_workflows || inline_bytes <= opt.limits.max_bytes)) {
            r.parent_yaml = to_argo_yaml(r.parent, opt.argo);
            if (opt.mode == child_mode::inline_workflows || r.parent_yaml.size() <= opt.limits.max_bytes)
            {
                finish();
                return r;
            }
        }
        // automatic, and the inline parent would be too big: children become WorkflowTemplates
        opt.wiring.as_templates = true;
        r.workflows = make_parts(wf, r.parts, opt.wiring);
        r.children_yaml.clear();
        r.largest_child_bytes = 0;
        for (const auto& c : r.workflows.children) {
            r.children_yaml.push_back(to_argo_yaml(c, opt.argo));
            r.largest_child_bytes = std::max<std::uint64_t>(r.largest_child_bytes, r.children_yaml.back().size());
        }
    }
    r.templates = true;
    // The parent of the children; while it does not fit, it is split like any workflow and its
    // parts become intermediate parents, created by the parent of the next level.
    const std::string run = opt.wiring.run_parameter;
    bool needs_run = false;
    for (const auto& c : r.workflows.children)
        for (const auto& prm : c.settings.parameters)
            needs_run = needs_run || prm.name == run;
    std::list<basic_workflow<S, A>> below; // the split parents of the levels so far
    const basic_workflow<S, A>* from = &wf; // the workflow the current `parts` were cut from
    const workflow_parts<S, A>* parts = &r.workflows;
    for (int level = 0;; ++level) {
        parts_options top = opt.wiring;
        r.parent = make_parent(
            *from, *parts, q, [&](std::size_t i) { return reference_manifest(*parts, i, top); }, top);
        // the run parameter is the top's own name: it declares none
        auto& prms = r.parent.settings.parameters;
        prms.erase(std::remove_if(prms.begin(), prms.end(), [&](const parameter& x) { return x.name == run; }),
                   prms.end());
        if (detail::parent_counts_fit(r.parent, opt)) {
            r.parent_yaml = to_argo_yaml(r.parent, opt.argo);
            if (r.parent_yaml.size() <= opt.limits.max_bytes)
                break;
        }
        if (level >= opt.max_levels)
            throw std::invalid_argument("couler split: the parent does not fit its budgets after " +
                                        std::to_string(level) + " levels of intermediate parents");
        // Not the top: the manifests pass the run parameter down, and the parent declares it.
        parts_options inner = opt.wiring;
        inner.run_value = "{{workflow.parameters." + run + "}}";
        basic_workflow<S, A> p = make_parent(
            *from, *parts, q, [&](std::size_t i) { return reference_manifest(*parts, i, inner); }, inner);
        bool declared = std::any_of(p.settings.parameters.begin(), p.settings.parameters.end(),
                                    [&](const parameter& x) { return x.name == run; });
        if (needs_run && !declared) {
            parameter rp;
            rp.name = run;
            rp.value = "standalone";
            rp.description = "key prefix of the artifacts this split workflow passes between parts";
            p.settings.parameters.push_back(rp);
        }
        parts_options pw = inner;
        pw.as_templates = true;
        pw.base_name = r.workflows.base_name + "-l" + std::to_string(level + 1);
        detail::level_split<S, A> L;
        detail::split_level(p, opt, pw, method::refined, L);
        if (L.parts.parts >= p.graph().size()) {
            // Every task alone is over a budget (bytes, surely: counts allow one task a part). A
            // top within the counts stays, over alpha, listed in `over`; more levels cannot help.
            if (detail::parent_counts_fit(r.parent, opt))
                break;
            throw std::invalid_argument("couler split: cannot split a parent of " + std::to_string(p.graph().size()) +
                                        " tasks into fewer parents within the budgets (a single task is over them)");
        }
        parent_level<S, A> pl;
        pl.parts = std::move(L.parts);
        pl.summary = L.summary;
        pl.workflows = std::move(L.workflows);
        pl.yaml = std::move(L.yaml);
        pl.rounds = L.rounds;
        q = quotient_graph(L.d, pl.parts);
        r.levels.push_back(std::move(pl));
        below.push_back(std::move(p));
        from = &below.back();
        parts = &r.levels.back().workflows;
    }
    finish();
    return r;
}

} // namespace split
} // namespace couler

#endif
