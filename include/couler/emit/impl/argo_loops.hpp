// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_IMPL_ARGO_LOOPS_HPP
#define COULER_EMIT_IMPL_ARGO_LOOPS_HPP

// Members of detail::argo_emitter (couler/emit/impl/argo.hpp): exec_while: each repeated step becomes a recursive template (paper Code 5).

#include <couler/emit/impl/argo.hpp>

namespace couler {
namespace detail {

template <class S, class A>
void argo_emitter<S, A>::plan_loops()
{
    std::set<std::string> taken; // template names, filled at the first exec_while step
    const auto& ts = wf_.templates();
    for (std::size_t i = 0; i < ts.size(); ++i) {
        const auto* g = ts[i].graph();
        if (!g)
            continue;
        for (std::size_t v = 0; v < g->size(); ++v) {
            const auto& s = (*g)[v];
            if (!s.repeat)
                continue;
            if (taken.empty())
                for (const auto& t : ts)
                    taken.insert(t.name);
            loop_info l;
            l.tmpl = "exec-while-" + s.template_name;
            if (taken.count(l.tmpl))
                l.tmpl = "exec-while-" + s.name;
            l.outer = "exec-while-" + s.name;
            std::string sp = "$.templates[" + std::to_string(i) + "].graph.steps[" + std::to_string(v) + "]";
            if (taken.count(l.tmpl) || g->find(l.outer))
                add(error::duplicate_name, sp, where(ts[i], s) + ": the exec_while template or step name '" +
                                                   l.tmpl + "' is taken");
            if (l.tmpl.size() > opt_.max_name_length)
                add(error::invalid_name, sp, where(ts[i], s) + ": the exec_while template name is over " +
                                                 std::to_string(opt_.max_name_length) + " characters");
            if (!s.artifact_arguments.empty())
                add(error::not_expressible, sp, where(ts[i], s) +
                                                    ": exec_while with artifact arguments cannot be expressed "
                                                    "by Argo's recursive template");
            if (s.repeat->condition.empty())
                add(error::bad_value, sp, where(ts[i], s) + ": exec_while needs a condition");
            if (s.repeat->max_iterations < 1)
                add(error::bad_value, sp, where(ts[i], s) + ": exec_while needs max_iterations >= 1");
            for (const auto& a : s.arguments)
                if (a.value && a.value->find("{{") != std::string::npos)
                    l.passed.push_back(a.name);
            taken.insert(l.tmpl);
            // Siblings cannot read the loop's outputs: Argo's recursive template has none.
            for (std::size_t w = 0; w < g->size(); ++w)
                if (w != v && mentions_step(g, w, s.name))
                    add(error::not_expressible, sp,
                        where(ts[i], (*g)[w]) + " reads outputs of exec_while step '" + s.name +
                            "': Argo's recursive template does not expose the last iteration's outputs");
            loops_.emplace(std::make_pair(i, vertex(v)), std::move(l));
        }
    }
    for (auto& [key, l] : loops_) {
        const auto& t = ts[key.first];
        loop_templates_.push_back(loop_template(t, (*t.graph())[key.second], l));
    }
}

template <class S, class A>
bool argo_emitter<S, A>::mentions_step(const graph_type* g, std::size_t w, const std::string& name)
{
    const auto& s = (*g)[w];
    auto hit = [&](const std::string& str) {
        for (const auto& r : find_references(str))
            if (r.names_step() && r.step == name)
                return true;
        return false;
    };
    for (const auto& a : s.arguments)
        if (a.value && hit(*a.value))
            return true;
    for (const auto& a : s.artifact_arguments)
        if (hit(a.from))
            return true;
    return hit(s.when) || hit(s.with_param);
}

template <class S, class A>
json::object argo_emitter<S, A>::loop_template(const template_type& t, const step_type& s, const loop_info& l)
{
    json::object o;
    o["name"] = l.tmpl;
    const bool guard = opt_.exec_while_guard;
    static constexpr const char* counter = "couler-iteration";
    if (!l.passed.empty() || guard) {
        json::array ps;
        for (const auto& n : l.passed)
            ps.push_back(json::object{{"name", n}});
        if (guard)
            ps.push_back(json::object{{"name", counter}, {"default", "0"}});
        o["inputs"] = json::object{{"parameters", std::move(ps)}};
    }
    json::object inner;
    inner["name"] = s.name;
    inner["template"] = s.template_name;
    if (!s.arguments.empty()) {
        json::array args;
        for (const auto& a : s.arguments) {
            json::object p;
            p["name"] = a.name;
            if (std::find(l.passed.begin(), l.passed.end(), a.name) != l.passed.end())
                p["value"] = input_parameter_ref(a.name);
            else if (a.value)
                p["value"] = *a.value;
            args.push_back(std::move(p));
        }
        inner["arguments"] = json::object{{"parameters", std::move(args)}};
    }
    json::object again;
    again["name"] = l.tmpl + "-exit";
    again["template"] = l.tmpl;
    std::string cond = argo_rewrite_step_refs(s.repeat->condition, "steps");
    if (guard) // run again only while the next iteration is under the limit
        cond = "(" + cond + ") && " + input_parameter_ref(counter) + " < " +
               std::to_string(s.repeat->max_iterations - 1);
    again["when"] = cond;
    if (!l.passed.empty() || guard) {
        json::array args;
        for (const auto& n : l.passed)
            args.push_back(json::object{{"name", n}, {"value", input_parameter_ref(n)}});
        if (guard)
            args.push_back(json::object{{"name", counter},
                                        {"value", std::string("{{=asInt(inputs.parameters['") + counter + "']) + 1}}"}});
        again["arguments"] = json::object{{"parameters", std::move(args)}};
    }
    (void)t;
    o["steps"] = json::array{json::array{std::move(inner)}, json::array{std::move(again)}};
    return o;
}

} // namespace detail
} // namespace couler

#endif
