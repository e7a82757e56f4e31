// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_API_IMPL_BUILDER_CONTROL_HPP
#define COULER_API_IMPL_BUILDER_CONTROL_HPP

// Members of couler::builder (couler/api/builder.hpp): control flow (when, map, concurrent, exec_while, dag, set_dependencies, exit handlers, sub-workflows).

#include <couler/api/builder.hpp>
#include <couler/ir/expression.hpp>
#include <couler/ir/names.hpp>

#include <boost/json/object.hpp>

#include <stdexcept>
#include <type_traits>

namespace couler {

// ------------------------------------------------------------------ builder: control flow

template <class F> step_ref builder::capture_one(F&& fn, const char* what)
{
    auto saved = std::move(created_);
    created_.clear();
    const std::string graph = top().graph;
    ++capture_depth_;
    step_ref ref;
    try {
        if constexpr (std::is_convertible_v<decltype(fn()), step_ref>)
            ref = fn();
        else
            fn();
    } catch (...) {
        --capture_depth_;
        created_ = std::move(saved);
        throw;
    }
    --capture_depth_;
    if (!ref.valid()) {
        // Steps a sub-workflow's body creates are inside its template: only the invoking
        // step is in this graph.
        std::vector<step_ref> here;
        for (const auto& c : created_)
            if (c.graph_name() == graph)
                here.push_back(c);
        if (here.size() != 1)
            throw std::invalid_argument(std::string(what) + " needs a function that creates exactly one step (it created " +
                                        std::to_string(here.size()) + ")");
        ref = here.front();
    }
    // An enclosing capture sees these steps too; with none, nobody reads them (keeping them
    // would grow a list by one step per call).
    if (capture_depth_ > 0)
        for (auto& c : created_)
            saved.push_back(c);
    created_ = std::move(saved);
    return ref;
}

template <class F> auto builder::when(const condition& c, F&& body) -> decltype(body())
{
    when_stack_.push_back(c);
    struct pop {
        std::vector<condition>& s;
        ~pop() { s.pop_back(); }
    } guard{when_stack_};
    return body();
}

namespace detail {
// Inside another map's function, a map's item is `{{item.couler-map-N}}` until the map is
// made: a plain `{{item}}` there is the outer map's item, which Argo cannot give the inner step.
inline std::string map_item_placeholder(int depth)
{
    return depth == 0 ? std::string("{{item}}") : "{{item.couler-map-" + std::to_string(depth) + "}}";
}
inline bool is_map_item_placeholder(const std::string& item_key) { return item_key.rfind("couler-map-", 0) == 0; }
} // namespace detail

template <class F> step_ref builder::capture_map(F&& fn, std::string& placeholder)
{
    placeholder = detail::map_item_placeholder(map_depth_);
    ++map_depth_;
    struct pop {
        int& depth;
        ~pop() { --depth; }
    } guard{map_depth_};
    return capture_one([&] { return fn(arg(placeholder)); }, "map");
}

inline void builder::resolve_map_item(couler::step& s, const std::string& placeholder)
{
    if (placeholder == "{{item}}")
        return;
    auto resolve = [&](std::string& text) {
        for (const auto& r : find_references(text))
            if (r.what == reference::kind::item && "{{" + r.text + "}}" != placeholder)
                throw std::invalid_argument("step '" + s.name + "' is a map inside another map's function and reads '{{" +
                                            r.text + "}}', the outer map's item: a step has one item; pass the outer "
                                            "item in through an output of a step");
        const std::string own = "{{item}}";
        for (std::size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + own.size()))
            text.replace(at, placeholder.size(), own);
    };
    for (auto& a : s.arguments)
        if (a.value)
            resolve(*a.value);
    for (auto& a : s.artifact_arguments)
        resolve(a.from);
    resolve(s.when);
    if (s.repeat)
        resolve(s.repeat->condition);
}

template <class F> step_ref builder::map(F&& fn, const std::vector<arg>& items)
{
    if (items.empty())
        throw std::invalid_argument("map needs at least one item");
    std::string placeholder;
    step_ref ref = capture_map(fn, placeholder);
    auto& g = graph_of(ref.graph_name());
    auto& s = g[g.at(ref.name())];
    resolve_map_item(s, placeholder);
    // As the Python SDK does: each item is an object keyed by the input it feeds.
    std::vector<std::string> keys;
    for (auto& a : s.arguments)
        if (a.value && *a.value == "{{item}}") {
            keys.push_back(a.name);
            a.value = "{{item." + a.name + "}}";
        }
    if (keys.empty())
        throw std::invalid_argument("map: the step does not use its item");
    for (const auto& it : items) {
        boost::json::object o;
        for (const auto& k : keys)
            o[k] = it.json();
        s.with_items.emplace_back(std::move(o));
    }
    return ref;
}

template <class F> step_ref builder::map(F&& fn, const output& list)
{
    std::string placeholder;
    step_ref ref = capture_map(fn, placeholder);
    auto& g = graph_of(ref.graph_name());
    auto v = g.at(ref.name());
    resolve_map_item(g[v], placeholder);
    g[v].with_param = list.expression();
    if (auto u = g.find(list.step); u && *u != v)
        g.add_dependency(*u, v, dependency_kind::data);
    return ref;
}

inline void builder::concurrent(const std::vector<std::function<void()>>& fns)
{
    frame& f = top();
    const bool dag = current_graph().style == graph_style::dag;
    if (dag || f.concurrent_group >= 0) {
        for (auto& fn : fns)
            fn();
        return;
    }
    f.concurrent_group = static_cast<int>(f.groups.size());
    f.concurrent_number = ++step_counter_;
    f.groups.emplace_back();
    try {
        for (std::size_t k = 0; k < fns.size(); ++k) {
            top().concurrent_branch = static_cast<int>(k + 1);
            fns[k]();
        }
    } catch (...) {
        top().concurrent_group = -1;
        top().concurrent_branch = 0;
        throw;
    }
    frame& after = top();
    after.concurrent_group = -1;
    after.concurrent_branch = 0;
    if (after.groups.back().empty())
        after.groups.pop_back();
}

template <class F> step_ref builder::exec_while(const condition& c, F&& fn, std::int64_t max_iterations)
{
    step_ref ref = capture_one(std::forward<F>(fn), "exec_while");
    auto& g = graph_of(ref.graph_name());
    auto& s = g[g.at(ref.name())];
    condition full = c;
    if (full.lhs.empty())
        full.lhs = ref.default_output().expression();
    s.repeat = repeat_while{full.expression(), max_iterations};
    return ref;
}

inline void builder::dag(const std::vector<std::vector<std::function<step_ref()>>>& edges)
{
    switch_to_dag();
    for (const auto& e : edges) {
        if (e.empty() || e.size() > 2)
            throw std::invalid_argument("dag: each edge list names one step or a parent and a child");
        step_ref parent = e[0]();
        if (e.size() == 2) {
            step_ref child = e[1]();
            parent.precede(child);
        }
    }
}

template <class F> step_ref builder::set_dependencies(F&& fn, const std::vector<std::string>& dependencies)
{
    switch_to_dag();
    dependency_stack_.push_back(dependencies);
    struct pop {
        std::vector<std::vector<std::string>>& s;
        ~pop() { s.pop_back(); }
    } guard{dependency_stack_};
    return capture_one(std::forward<F>(fn), "set_dependencies");
}

template <class F> step_ref builder::set_dependencies(F&& fn, const std::string& depends_expression)
{
    switch_to_dag();
    depends_stack_.push_back(depends_expression);
    struct pop {
        std::vector<std::string>& s;
        ~pop() { s.pop_back(); }
    } guard{depends_stack_};
    return capture_one(std::forward<F>(fn), "set_dependencies");
}

inline void builder::set_exit_handler(workflow_status st, const std::function<void()>& fn)
{
    const std::string name = "exit-handler";
    if (!wf_.find_template(name)) {
        step_template t;
        t.name = name;
        couler::graph g;
        g.style = graph_style::steps;
        t.body = std::move(g);
        add_template(std::move(t));
    }
    wf_.settings.on_exit = name;
    frames_.push_back(frame{name, {}, -1});
    // Rebuild the exit graph's groups so later handlers run after earlier ones.
    {
        auto& g = graph_of(name);
        for (std::size_t v = 0; v < g.size(); ++v) {
            auto grp = static_cast<std::size_t>(g[v].group);
            if (top().groups.size() <= grp)
                top().groups.resize(grp + 1);
            top().groups[grp].push_back(v);
        }
    }
    when_stack_.push_back(condition{"{{workflow.status}}", "==", to_string(st), {}});
    try {
        fn();
    } catch (...) {
        when_stack_.pop_back();
        frames_.pop_back();
        throw;
    }
    when_stack_.pop_back();
    frames_.pop_back();
}

namespace detail {
template <class> inline constexpr bool dependent_false = false;
} // namespace detail

template <class F> step_ref builder::run_workflow(const std::string& name, F&& body, graph_style style)
{
    detail::require_step_name("sub-workflow name", name);
    const std::string& tname = name;
    if (wf_.find_template(tname))
        throw std::invalid_argument("template '" + tname + "' already exists");
    step_template t;
    t.name = tname;
    couler::graph g;
    g.style = style;
    t.body = std::move(g);
    add_template(std::move(t));
    frame f{tname, {}, -1};
    f.sub_workflow = true;
    frames_.push_back(std::move(f));
    auto saved_when = std::move(when_stack_);
    when_stack_.clear();
    sub_workflow_call call;
    try {
        using R = decltype(body());
        std::vector<couler::output> exported;
        if constexpr (std::is_void_v<R>) {
            body();
        } else if constexpr (std::is_convertible_v<R, step_ref>) {
            step_ref last = body();
            if (last.valid()) {
                exported = last.outputs();
                const step_template* lt = wf_.find_template(last.template_name());
                if (exported.empty() && lt && !lt->is_graph())
                    exported.push_back(last.result());
            }
        } else if constexpr (std::is_convertible_v<R, std::vector<couler::output>>) {
            exported = body();
        } else if constexpr (std::is_convertible_v<R, couler::output>) {
            exported.push_back(body());
        } else {
            static_assert(detail::dependent_false<R>, "run_workflow: the body returns nothing, a step_ref, a couler::output "
                                                      "or a std::vector<couler::output>");
        }
        call = close_sub_workflow(tname, exported);
    } catch (...) {
        frames_.pop_back();
        when_stack_ = std::move(saved_when);
        throw;
    }
    auto outer = std::move(top().outer);
    frames_.pop_back();
    when_stack_ = std::move(saved_when);
    // Outputs of steps further out reach the invoking step's graph through its own inputs.
    for (auto& o : outer)
        if (o.first != top().graph)
            top().outer.push_back(o);
        else
            call.upstream.push_back(o.second);
    return add_sub_workflow_step(tname, std::move(call));
}

} // namespace couler

#endif
