// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_API_IMPL_BUILDER_SUBWORKFLOW_HPP
#define COULER_API_IMPL_BUILDER_SUBWORKFLOW_HPP

// Members of couler::builder (couler/api/builder.hpp): what makes a sub-workflow (run_workflow)
// a template taking inputs. A step inside it that reads the item of an enclosing map, or an
// output of a step outside it, would name something its template cannot see; each such value
// becomes an input of the template, passed in by the invoking step, as Argo does with steps
// and DAG templates taking inputs.

#include <couler/api/builder.hpp>
#include <couler/ir/expression.hpp>
#include <couler/ir/valid_names.hpp>

#include <map>
#include <set>
#include <stdexcept>

namespace couler {

COULER_INLINE void builder::note_outer_output(const output& o, const std::string& step_name)
{
    if (o.graph.empty() || o.graph == top().graph)
        return;
    bool around = false;
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i)
        around = around || frames_[i].graph == o.graph;
    if (!around)
        throw std::invalid_argument("step '" + step_name + "' reads an output of step '" + o.step + "' of '" + o.graph +
                                    "', which does not enclose it: outside a sub-workflow, read what its body returns "
                                    "from the step that runs it");
    if (!top().sub_workflow)
        return; // an exit handler reading the entry graph, as before
    if (step_name == o.step || current_graph().find(o.step))
        throw std::invalid_argument("step '" + step_name + "' of sub-workflow '" + top().graph + "' reads step '" +
                                    o.step + "' outside it, but the sub-workflow has its own step '" + o.step +
                                    "': rename one of them");
    top().outer.emplace_back(o.graph, o.step);
}

namespace detail {
// An input name for a value passed into a sub-workflow: Argo's parameter characters, at most
// 128 of them, unique among the template's inputs.
COULER_INLINE std::string sub_workflow_input_name(const std::string& base, std::set<std::string>& taken)
{
    return unique_name(sanitize_io_name(base), taken, max_step_name_length);
}

// "score" for steps.S.outputs.parameters.score, "result", "status" for steps.S.status.
COULER_INLINE std::string sub_workflow_input_suffix(const reference& r)
{
    if (r.what == reference::kind::output_parameter || r.what == reference::kind::output_artifact)
        return r.name;
    if (r.what == reference::kind::result)
        return "result";
    std::string rest = r.text.substr(r.text.find('.', r.text.find('.') + 1) + 1); // after "steps.S."
    return rest;
}
} // namespace detail

COULER_INLINE builder::sub_workflow_call builder::close_sub_workflow(const std::string& tname,
                                                              const std::vector<output>& exported)
{
    step_template& t = *wf_.find_template(tname);
    couler::graph& g = *t.graph();
    for (const auto& o : top().outer)
        if (g.find(o.second))
            throw std::invalid_argument("sub-workflow '" + tname + "' reads step '" + o.second +
                                        "' outside it, but has its own step '" + o.second + "': rename one of them");

    sub_workflow_call call;
    std::map<std::string, std::string> param_of, artifact_of; // the value as written -> its input
    std::set<std::string> taken;
    auto around = [&](const std::string& step) {
        for (std::size_t i = 0; i + 1 < frames_.size(); ++i)
            if (graph_of(frames_[i].graph).find(step))
                return true;
        return false;
    };
    auto check_outer = [&](const reference& r, const std::string& who, const std::string& text) {
        if (!around(r.step))
            throw std::invalid_argument("step '" + who + "' of sub-workflow '" + tname + "' reads step '" + r.step +
                                        "' ('" + text + "'), which is neither in the sub-workflow nor around it");
    };
    // Replaces, in one field of step `who`, each outer value by the input that carries it.
    // `own_item`: the step is a map itself, so `{{item}}` there is its own item.
    auto rewrite = [&](std::string& text, const std::string& who, bool own_item) {
        auto refs = find_references(text);
        std::string out;
        std::size_t pos = 0;
        for (const auto& r : refs) {
            const bool item = r.what == reference::kind::item && !own_item;
            const bool outer = r.names_step() && !g.find(r.step);
            if (!item && !outer)
                continue;
            if (outer)
                check_outer(r, who, text);
            if (r.what == reference::kind::output_artifact)
                throw std::invalid_argument("step '" + who + "' of sub-workflow '" + tname + "' uses the artifact '{{" +
                                            r.text + "}}' as text: pass it with input()");
            std::string value = text.substr(r.begin, r.end - r.begin);
            std::string& name = param_of[value];
            if (name.empty()) {
                name = detail::sub_workflow_input_name(
                    item ? (r.name.empty() || detail::is_map_item_placeholder(r.name) ? std::string("item") : "item-" + r.name)
                         : r.step + "-" + detail::sub_workflow_input_suffix(r),
                    taken);
                parameter in;
                in.name = name;
                t.inputs.parameters.push_back(in);
                parameter passed;
                passed.name = name;
                passed.value = value;
                call.arguments.push_back(passed);
                if (outer)
                    call.upstream.push_back(r.step);
            }
            out.append(text, pos, r.begin - pos);
            out += input_parameter_ref(name);
            pos = r.end;
        }
        if (pos > 0) {
            out.append(text, pos, std::string::npos);
            text = std::move(out);
        }
    };

    for (std::size_t v = 0; v < g.size(); ++v) {
        auto& s = g[v];
        const bool own_item = s.is_map();
        for (auto& a : s.arguments)
            if (a.value)
                rewrite(*a.value, s.name, own_item);
        for (auto& a : s.artifact_arguments) {
            auto refs = find_references(a.from);
            const bool whole = refs.size() == 1 && refs[0].begin == 0 && refs[0].end == a.from.size();
            if (!(whole && refs[0].what == reference::kind::output_artifact && !g.find(refs[0].step))) {
                rewrite(a.from, s.name, own_item);
                continue;
            }
            check_outer(refs[0], s.name, a.from);
            std::string& name = artifact_of[a.from];
            if (name.empty()) {
                name = detail::sub_workflow_input_name(refs[0].step + "-" + refs[0].name, taken);
                artifact in;
                in.name = name;
                t.inputs.artifacts.push_back(in);
                artifact passed;
                passed.name = name;
                passed.kind = a.kind;
                passed.from = a.from;
                call.artifact_arguments.push_back(passed);
                call.upstream.push_back(refs[0].step);
            }
            a.from = "{{inputs.artifacts." + name + "}}";
        }
        rewrite(s.when, s.name, own_item);
        rewrite(s.with_param, s.name, false); // the list a map reads is outside its own items
        if (s.repeat)
            rewrite(s.repeat->condition, s.name, own_item);
    }

    // What the body returned: the template's outputs, read from the steps inside.
    const std::string prefix = g.style == graph_style::dag ? "{{tasks." : "{{steps.";
    for (const auto& o : exported) {
        if (o.graph != tname && !(o.graph.empty() && g.find(o.step)))
            throw std::invalid_argument("sub-workflow '" + tname + "' returns " +
                                        (o.step.empty() ? "'" + o.expression() + "'"
                                                        : "an output of step '" + o.step + "'") +
                                        ", which is not one of its steps");
        const bool param = o.what == output::kind::parameter || o.what == output::kind::result;
        const std::string name = o.what == output::kind::result ? std::string("result") : o.name;
        if (!param && o.what != output::kind::artifact)
            throw std::invalid_argument("sub-workflow '" + tname + "' returns the status of step '" + o.step +
                                        "': return one of its outputs");
        for (const auto& p : t.outputs.parameters)
            if (param && p.name == name)
                throw std::invalid_argument("sub-workflow '" + tname + "' returns two output parameters named '" +
                                            name + "' (the second from step '" + o.step + "')");
        for (const auto& a : t.outputs.artifacts)
            if (!param && a.name == name)
                throw std::invalid_argument("sub-workflow '" + tname + "' returns two output artifacts named '" +
                                            name + "' (the second from step '" + o.step + "')");
        if (param) {
            parameter p;
            p.name = name;
            p.from.parameter = prefix + o.step + ".outputs." +
                               (o.what == output::kind::result ? std::string("result") : "parameters." + name) + "}}";
            t.outputs.parameters.push_back(p);
        } else {
            artifact a;
            a.name = name;
            a.from = prefix + o.step + ".outputs.artifacts." + name + "}}";
            t.outputs.artifacts.push_back(a);
        }
    }
    return call;
}

COULER_INLINE step_ref builder::add_sub_workflow_step(const std::string& tname, sub_workflow_call call)
{
    // The invoking step is a plain graph node; add it without a new template.
    auto& parent = current_graph();
    couler::step s;
    s.name = top().concurrent_group >= 0 || parent.find(tname) ? new_step_name(parent, tname) : tname;
    s.template_name = tname;
    s.arguments = std::move(call.arguments);
    s.artifact_arguments = std::move(call.artifact_arguments);
    std::string when_expr;
    for (const auto& c : when_stack_) {
        when_expr += (when_expr.empty() ? "" : " && ") + c.expression();
        if (!c.step.empty())
            call.upstream.push_back(c.step);
    }
    s.when = when_expr;
    auto v = add_to_graph(parent, std::move(s));
    // Steps further out are not in this graph: the graph around passes them in turn.
    for (const auto& up : call.upstream)
        if (auto u = parent.find(up); u && *u != v)
            parent.add_dependency(*u, v, dependency_kind::data);
    return new_step_ref(parent[v].name);
}

} // namespace couler

#endif
