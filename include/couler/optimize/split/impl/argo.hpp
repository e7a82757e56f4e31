// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_SPLIT_IMPL_ARGO_HPP
#define COULER_OPTIMIZE_SPLIT_IMPL_ARGO_HPP

#include <algorithm>
#include <chrono>
#include <cmath>

namespace couler {
namespace split {

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

template <class S, class A>
argo_split<S, A> split_to_argo(const basic_workflow<S, A>& wf, const argo_split_options& opt_in)
{
    argo_split<S, A> r;
    argo_split_options opt = opt_in;
    opt.wiring.as_templates = opt.mode == child_mode::templates;
    std::uint64_t overhead = 0;
    dag d = extract_dag(wf, overhead, opt.estimate);
    budget b = opt.limits;
    b.part_overhead_bytes = overhead;
    // Argo's CRD: at most max_tasks tasks in a dag and max_templates templates (one is the entry)
    if (opt.argo.enforce_caps) {
        b.max_steps = std::min<std::uint64_t>(b.max_steps, opt.argo.max_tasks);
        b.max_groups = std::min<std::uint64_t>(b.max_groups, opt.argo.max_templates - 1);
    }
    for (int round = 1;; ++round) {
        r.rounds = round;
        auto t0 = std::chrono::steady_clock::now();
        r.parts = run(opt.how, d, b, opt.tuning);
        r.split_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        r.summary = analyze(d, r.parts, b);
        if (!r.summary.acyclic)
            throw std::invalid_argument(std::string("couler split: method ") + to_string(opt.how) +
                                        " made parts that depend on each other; no parent can schedule them");
        r.workflows = make_parts(wf, r.parts, opt.wiring);
        // copies of producer templates count against the template cap too: leave them room
        std::size_t templates_over = 0;
        for (const auto& c : r.workflows.children)
            if (c.templates().size() > opt.argo.max_templates)
                templates_over = std::max(templates_over, c.templates().size() - opt.argo.max_templates);
        if (opt.argo.enforce_caps && templates_over > 0 && round < opt.max_rounds && b.max_groups > templates_over) {
            b.max_groups -= templates_over;
            continue;
        }
        r.estimated_bytes = measure(d, r.parts, b).bytes;
        r.children_yaml.clear();
        r.largest_child_bytes = 0;
        double worst = 0;
        for (std::size_t i = 0; i < r.workflows.children.size(); ++i) {
            r.children_yaml.push_back(to_argo_yaml(r.workflows.children[i], opt.argo));
            auto real = r.children_yaml.back().size();
            r.largest_child_bytes = std::max<std::uint64_t>(r.largest_child_bytes, real);
            if (real > b.max_bytes)
                worst = std::max(worst, double(real) / double(std::max<std::uint64_t>(1, r.estimated_bytes[i])));
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
    quotient q = quotient_graph(d, r.parts);
    if (!opt.wiring.as_templates) {
        const auto& parts = r.workflows;
        r.parent = make_parent(
            wf, parts, q,
            [&](std::size_t i) { return to_argo_yaml(embedded_child(parts, i, opt.wiring), opt.argo); }, opt.wiring);
        std::uint64_t inline_bytes = 0;
        for (const auto& t : r.parent.templates())
            if (auto* res = std::get_if<resource_spec>(&t.body))
                inline_bytes += res->manifest.size();
        if (opt.mode == child_mode::inline_workflows || inline_bytes <= b.max_bytes) {
            r.parent_yaml = to_argo_yaml(r.parent, opt.argo);
            return r;
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
    const auto& parts = r.workflows;
    r.parent = make_parent(
        wf, parts, q, [&](std::size_t i) { return reference_manifest(parts, i, opt.wiring); }, opt.wiring);
    r.parent_yaml = to_argo_yaml(r.parent, opt.argo);
    return r;
}

} // namespace split
} // namespace couler

#endif
