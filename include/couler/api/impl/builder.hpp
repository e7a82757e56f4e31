// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_API_IMPL_BUILDER_HPP
#define COULER_API_IMPL_BUILDER_HPP

// couler::step_ref and the builder's own plumbing (frames, graph lookup, step naming). The
// builder's members are defined by concern in the headers included at the bottom.

#include <couler/api/detail/name_checks.hpp>
#include <couler/ir/names.hpp>

#include <stdexcept>

namespace couler {

// ------------------------------------------------------------------ step_ref

COULER_INLINE const std::string& step_ref::template_name() const
{
    const auto& g = owner_->graph_of(graph_);
    return g[g.at(name_)].template_name;
}

COULER_INLINE std::vector<output> step_ref::outputs() const
{
    using couler::output;
    std::vector<output> out;
    if (!owner_)
        return out;
    const step_template* t = owner_->wf_.find_template(template_name());
    if (!t)
        return out;
    for (const auto& p : t->outputs.parameters)
        out.push_back(output{output::kind::parameter, name_, p.name, !p.global_name.empty(), p.global_name, {}, graph_});
    for (const auto& a : t->outputs.artifacts)
        out.push_back(output{output::kind::artifact, name_, a.name, a.is_global, a.global_name, a, graph_});
    return out;
}

namespace detail {
// "its output parameters: a, b" or "it has no output parameters".
COULER_INLINE std::string output_names(const std::vector<output>& all, output::kind k, const char* what)
{
    std::string names;
    for (const auto& o : all)
        if (o.what == k)
            names += (names.empty() ? "" : ", ") + o.name;
    return names.empty() ? std::string("it has no ") + what : std::string("its ") + what + ": " + names;
}
} // namespace detail

COULER_INLINE output step_ref::output(const std::string& name) const
{
    auto all = outputs();
    for (const auto& o : all)
        if (o.what == couler::output::kind::parameter && o.name == name)
            return o;
    std::string hint;
    for (const auto& o : all)
        if (o.what == couler::output::kind::artifact && o.name == name)
            hint = "; '" + name + "' is an output artifact: use artifact(\"" + name + "\")";
    throw std::invalid_argument("step '" + name_ + "' has no output parameter '" + name + "' (" +
                                detail::output_names(all, couler::output::kind::parameter, "output parameters") + ")" +
                                hint);
}

COULER_INLINE output step_ref::artifact(const std::string& name) const
{
    auto all = outputs();
    for (const auto& o : all)
        if (o.what == couler::output::kind::artifact && o.name == name)
            return o;
    std::string hint;
    for (const auto& o : all)
        if (o.what == couler::output::kind::parameter && o.name == name)
            hint = "; '" + name + "' is an output parameter: use output(\"" + name + "\")";
    throw std::invalid_argument("step '" + name_ + "' has no output artifact '" + name + "' (" +
                                detail::output_names(all, couler::output::kind::artifact, "output artifacts") + ")" +
                                hint);
}

COULER_INLINE output step_ref::output_at(std::size_t i) const
{
    auto all = outputs();
    if (i >= all.size())
        throw std::out_of_range("step '" + name_ + "' has " + std::to_string(all.size()) + " outputs, not " +
                                std::to_string(i + 1));
    return all[i];
}

COULER_INLINE output step_ref::default_output() const
{
    auto all = outputs();
    return all.empty() ? result() : all.front();
}

namespace detail {
// Edges by name are only meaningful inside one graph template of one builder: a handle from
// elsewhere would silently link a namesake, so it is refused.
inline void check_edge(const step_ref& from, const step_ref& to, bool same_builder)
{
    if (!from.valid() || !to.valid())
        throw std::invalid_argument("a dependency between '" + from.name() + "' and '" + to.name() +
                                    "' uses an empty step handle (a default-constructed step_ref)");
    if (!same_builder)
        throw std::invalid_argument("step '" + to.name() + "' cannot depend on step '" + from.name() +
                                    "': they come from different builders");
    if (from.graph_name() != to.graph_name())
        throw std::invalid_argument("step '" + to.name() + "' (in template '" + to.graph_name() +
                                    "') cannot depend on step '" + from.name() + "' (in template '" +
                                    from.graph_name() + "'): dependencies link steps of the same template");
    if (from.name() == to.name())
        throw std::invalid_argument("step '" + from.name() + "' cannot depend on itself");
}
} // namespace detail

COULER_INLINE void step_ref::link(const std::vector<step_ref>& from, const std::vector<step_ref>& to)
{
    for (const auto& f : from)
        for (const auto& t : to)
            detail::check_edge(f, t, f.owner_ == t.owner_);
    for (const auto& f : from)
        for (const auto& t : to)
            f.owner_->graph_of(f.graph_).add_dependency(f.name_, t.name_, dependency_kind::explicit_);
}

COULER_INLINE step_ref operator>>(const step_ref& earlier, const step_ref& later)
{
    step_ref::link({earlier}, {later});
    return later;
}
COULER_INLINE step_list operator>>(const step_ref& earlier, const step_list& later)
{
    step_ref::link({earlier}, later.steps);
    return later;
}
COULER_INLINE step_ref operator>>(const step_list& earlier, const step_ref& later)
{
    step_ref::link(earlier.steps, {later});
    return later;
}
COULER_INLINE step_list operator>>(const step_list& earlier, const step_list& later)
{
    step_ref::link(earlier.steps, later.steps);
    return later;
}

// ------------------------------------------------------------------ builder: setup

COULER_INLINE builder::builder(std::string name) : wf_(detail::checked_workflow_name(name), graph_style::steps)
{
    // The Python SDK names the run with generateName "<name>-" and no fixed name.
    wf_.settings.name.clear();
    wf_.settings.generate_name = wf_.entrypoint + "-";
    frames_.push_back(frame{wf_.entrypoint, {}, -1});
}

COULER_INLINE couler::graph& builder::graph_of(const std::string& graph_template)
{
    step_template* t = wf_.find_template(graph_template);
    if (!t || !t->graph())
        throw std::logic_error("template '" + graph_template + "' is not a graph");
    return *t->graph();
}
COULER_INLINE const couler::graph& builder::graph_of(const std::string& graph_template) const
{
    const step_template* t = wf_.find_template(graph_template);
    if (!t || !t->graph())
        throw std::logic_error("template '" + graph_template + "' is not a graph");
    return *t->graph();
}

COULER_INLINE couler::graph& builder::current_graph() { return graph_of(top().graph); }

COULER_INLINE void builder::use_dag()
{
    const auto& g = current_graph();
    if (g.style == graph_style::dag)
        return;
    if (g.size() != 0)
        throw std::invalid_argument("use_dag: template '" + top().graph + "' already has " + std::to_string(g.size()) +
                                    " steps, ordered by call; call use_dag() before its first step");
    switch_to_dag();
}

COULER_INLINE void builder::switch_to_dag()
{
    auto& g = current_graph();
    g.style = graph_style::dag;
}

COULER_INLINE void builder::add_template(step_template t)
{
    wf_.add_template(std::move(t));
    // The Python SDK lists the exit handler's template after every other one.
    if (!wf_.settings.on_exit.empty() && wf_.find_template(wf_.settings.on_exit))
        wf_.move_template(wf_.settings.on_exit, wf_.templates().size());
}

COULER_INLINE std::string builder::unique_step_name(const couler::graph& g, const std::string& base)
{
    std::string name = base + "-" + std::to_string(++step_counter_);
    while (g.find(name))
        name = base + "-" + std::to_string(++step_counter_);
    return name;
}

COULER_INLINE std::string builder::new_step_name(const couler::graph& g, const std::string& base)
{
    // Inside concurrent() the Python SDK names a step <template>-<call>-<k>, k the function's
    // 1-based position in the list, so the branches stay apart.
    const frame& f = top();
    if (f.concurrent_group >= 0 && f.concurrent_branch > 0) {
        std::string name = base + "-" + std::to_string(f.concurrent_number) + "-" + std::to_string(f.concurrent_branch);
        return g.find(name) ? unique_step_name(g, name) : name;
    }
    return unique_step_name(g, base);
}

COULER_INLINE step_ref builder::step(const std::string& name) const
{
    const auto& g = graph_of(wf_.entrypoint);
    g.at(name); // throws if unknown
    return step_ref(const_cast<builder*>(this), wf_.entrypoint, name);
}

} // namespace couler

#include <couler/api/impl/builder_steps.hpp>
#include <couler/api/impl/builder_artifacts.hpp>
#include <couler/api/impl/builder_settings.hpp>
#include <couler/api/impl/builder_subworkflow.hpp>

#endif
