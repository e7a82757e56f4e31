// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_API_IMPL_BUILDER_HPP
#define COULER_API_IMPL_BUILDER_HPP

#include <couler/api/detail/md5.hpp>
#include <couler/ir/names.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <stdexcept>

namespace couler {

// ------------------------------------------------------------------ step_ref

inline const std::string& step_ref::template_name() const
{
    const auto& g = owner_->graph_of(graph_);
    return g[g.at(name_)].template_name;
}

inline std::vector<output> step_ref::outputs() const
{
    std::vector<output> out;
    if (!owner_)
        return out;
    const step_template* t = owner_->wf_.find_template(template_name());
    if (!t)
        return out;
    for (const auto& p : t->outputs.parameters)
        out.push_back(output{output::kind::parameter, name_, p.name, !p.global_name.empty(), p.global_name, {}});
    for (const auto& a : t->outputs.artifacts)
        out.push_back(output{output::kind::artifact, name_, a.name, a.is_global, a.global_name, a});
    return out;
}

inline output step_ref::output_at(std::size_t i) const
{
    auto all = outputs();
    if (i >= all.size())
        throw std::out_of_range("step '" + name_ + "' has " + std::to_string(all.size()) + " outputs, not " +
                                std::to_string(i + 1));
    return all[i];
}

inline output step_ref::default_output() const
{
    auto all = outputs();
    return all.empty() ? result() : all.front();
}

template <class... Refs> const step_ref& step_ref::precede(const Refs&... later) const
{
    (owner_->graph_of(graph_).add_dependency(name_, later.name(), dependency_kind::explicit_), ...);
    return *this;
}

// ------------------------------------------------------------------ builder: setup

inline builder::builder(std::string name) : wf_(sanitize_step_name(name), graph_style::steps)
{
    // The Python SDK names the run with generateName "<name>-" and no fixed name.
    wf_.settings.name.clear();
    wf_.settings.generate_name = wf_.entrypoint + "-";
    frames_.push_back(frame{wf_.entrypoint, {}, -1});
}

inline couler::graph& builder::graph_of(const std::string& graph_template)
{
    step_template* t = wf_.find_template(graph_template);
    if (!t || !t->graph())
        throw std::logic_error("template '" + graph_template + "' is not a graph");
    return *t->graph();
}
inline const couler::graph& builder::graph_of(const std::string& graph_template) const
{
    const step_template* t = wf_.find_template(graph_template);
    if (!t || !t->graph())
        throw std::logic_error("template '" + graph_template + "' is not a graph");
    return *t->graph();
}

inline couler::graph& builder::current_graph() { return graph_of(top().graph); }

inline void builder::switch_to_dag()
{
    auto& g = current_graph();
    g.style = graph_style::dag;
}

inline void builder::add_template(step_template t)
{
    wf_.add_template(std::move(t));
    // The Python SDK lists the exit handler's template after every other one.
    if (!wf_.settings.on_exit.empty() && wf_.find_template(wf_.settings.on_exit))
        wf_.move_template(wf_.settings.on_exit, wf_.templates().size());
}

inline std::string builder::unique_step_name(const couler::graph& g, const std::string& base)
{
    std::string name = base + "-" + std::to_string(++step_counter_);
    while (g.find(name))
        name = base + "-" + std::to_string(++step_counter_);
    return name;
}

inline std::string builder::new_step_name(const couler::graph& g, const std::string& base)
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

inline step_ref builder::step(const std::string& name) const
{
    const auto& g = graph_of(wf_.entrypoint);
    g.at(name); // throws if unknown
    return step_ref(const_cast<builder*>(this), wf_.entrypoint, name);
}

// ------------------------------------------------------------------ builder: steps

template <class O> void builder::apply_common(const O& o, step_template& t, step_request& r)
{
    t.timeout = o.timeout_;
    t.retry = o.retry_strategy_;
    t.memoize = o.cache_;
    t.node_selector = o.node_selector_;
    r.step_name = o.step_name_;
    r.template_name = o.template_name_;
    r.cost_seconds = o.cost_seconds_;
    if (auto* c = t.container()) {
        for (const auto& [k, v] : o.env_)
            c->env.push_back(env_var{k, v, std::nullopt, std::nullopt});
        if (!o.secret_.empty()) {
            const secret_spec* s = nullptr;
            for (const auto& x : wf_.secrets)
                if (x.name == o.secret_)
                    s = &x;
            if (!s)
                throw std::invalid_argument("unknown secret '" + o.secret_ + "': create it with create_secret or obtain_secret");
            for (const auto& key : s->keys)
                c->env.push_back(env_var{key, {}, secret_key_ref{s->name, key}, std::nullopt});
        }
    }
}

inline step_ref builder::run_container(const container& o)
{
    step_request r;
    container_spec c;
    c.image = o.image_;
    c.command = o.command_;
    c.env_from = o.env_from_;
    c.resources = o.resources_;
    c.working_dir = o.working_dir_;
    c.volume_mounts = o.volume_mounts_;
    c.image_pull_policy = o.image_pull_policy_;
    r.tmpl.body = std::move(c);
    r.tmpl.daemon = o.daemon_;
    r.tmpl.parallelism = o.parallelism_;
    r.tmpl.tolerations = o.tolerations_;
    apply_common(o, r.tmpl, r);
    r.args = o.args_;
    r.inputs = o.input_;
    r.outputs = o.output_;
    r.mount_outputs = true;
    r.default_template = o.image_;
    return add_step(std::move(r));
}

inline step_ref builder::run_script(const script& o)
{
    step_request r;
    script_spec s;
    s.container.image = o.image_;
    s.container.command = o.command_;
    s.container.resources = o.resources_;
    s.container.working_dir = o.working_dir_;
    s.container.volume_mounts = o.volume_mounts_;
    s.container.image_pull_policy = o.image_pull_policy_;
    s.source = o.source_;
    r.tmpl.body = std::move(s);
    r.tmpl.daemon = o.daemon_;
    apply_common(o, r.tmpl, r);
    r.args = o.args_;
    r.inputs = o.input_;
    r.outputs = o.output_;
    r.mount_outputs = true;
    r.default_template = "script";
    return add_step(std::move(r));
}

inline step_ref builder::run_job(const job& o)
{
    step_request r;
    job_spec j;
    j.framework = o.framework_;
    j.resource.action = o.action_.empty() ? "create" : o.action_;
    j.resource.manifest = o.manifest_;
    j.resource.success_condition = o.success_condition_;
    j.resource.failure_condition = o.failure_condition_;
    j.resource.set_owner_reference = o.set_owner_reference_;
    j.local_command = o.local_command_;
    r.tmpl.body = std::move(j);
    apply_common(o, r.tmpl, r);
    r.args = o.args_;
    // As the Python SDK does: a job reports its name, uid and whole object.
    auto out = [](const char* name, const char* json_path, const char* jq) {
        parameter p;
        p.name = name;
        p.from.json_path = json_path;
        p.from.jq_filter = jq;
        return p;
    };
    r.tmpl.outputs.parameters = {out("job-name", "{.metadata.name}", ""), out("job-id", "{.metadata.uid}", ""),
                                 out("job-obj", "", ".")};
    r.default_template = o.framework_.empty() ? "job" : o.framework_ + "-job";
    return add_step(std::move(r));
}

inline void builder::add_dependency_by_name(const std::string& from, std::size_t to, dependency_kind kind)
{
    auto& g = current_graph();
    auto u = g.find(from);
    if (!u)
        throw std::invalid_argument("step '" + g[to].name + "' depends on unknown step '" + from + "'");
    if (*u != to)
        g.add_dependency(*u, to, kind);
}

inline step_ref builder::add_step(step_request r)
{
    // Templates live in a vector: adding one may move every graph, so `g` is looked up
    // again after the template is registered.
    const couler::graph* gp = &current_graph();
    const bool dag = gp->style == graph_style::dag;

    // Explicit building calls step functions again to name edges: the same step_name in
    // the same DAG is the same step.
    if (dag && !r.step_name.empty()) {
        if (auto v = gp->find(sanitize_step_name(r.step_name))) {
            step_ref ref(this, top().graph, (*gp)[*v].name);
            if (capture_depth_ > 0)
                created_.push_back(ref);
            return ref;
        }
    }

    std::string tname = sanitize_step_name(!r.template_name.empty() ? r.template_name
                                           : !r.step_name.empty()   ? r.step_name
                                                                    : r.default_template);
    if (r.template_name.empty() && r.step_name.empty()) {
        // Name a template after its image's base name: "docker/whalesay:latest" -> "whalesay".
        std::string base = r.default_template;
        if (auto slash = base.rfind('/'); slash != std::string::npos)
            base = base.substr(slash + 1);
        if (auto colon = base.find(':'); colon != std::string::npos)
            base = base.substr(0, colon);
        tname = sanitize_step_name(base.empty() ? "step" : base);
    }
    r.tmpl.name = tname;

    // set_dependencies applies to the steps its function starts with: a step that reads
    // another step the function created already follows it (as in the Python SDK, where
    // `heads` under `when(flip_coin)` depends on flip-coin only).
    bool dependency_root = true;
    if (!dependency_stack_.empty()) {
        auto created_here = [&](const std::string& name) {
            for (const auto& c : created_)
                if (c.graph_name() == top().graph && c.name() == name)
                    return true;
            return false;
        };
        for (const auto& a : r.args)
            dependency_root = dependency_root && !(a.upstream() && created_here(a.upstream()->step));
        for (const auto& in : r.inputs)
            dependency_root = dependency_root && !created_here(in.step);
        for (const auto& c : when_stack_)
            dependency_root = dependency_root && !(!c.step.empty() && created_here(c.step));
    }
    // set_dependencies passes the outputs of the named steps implicitly, as the Python SDK does.
    if (!dependency_stack_.empty() && dependency_root)
        for (const auto& dep : dependency_stack_.back())
            if (gp->find(dep)) {
                step_ref d(this, top().graph, dep);
                for (auto& o : d.outputs())
                    if (o.what == output::kind::artifact)
                        r.inputs.push_back(o);
                    else
                        r.args.push_back(arg(o));
            }

    couler::step s;
    s.template_name = tname;
    s.cost_seconds = r.cost_seconds;

    // Arguments become input parameters of the template, so one template serves every call.
    std::vector<std::string> upstream;
    std::vector<std::string> template_args;
    for (std::size_t i = 0; i < r.args.size(); ++i) {
        const arg& a = r.args[i];
        if (a.upstream() && a.upstream()->what == output::kind::artifact) {
            r.inputs.push_back(*a.upstream());
            continue;
        }
        std::string pname = "para-" + tname + "-" + std::to_string(i);
        parameter in;
        in.name = pname;
        r.tmpl.inputs.parameters.push_back(in);
        parameter val;
        val.name = pname;
        val.value = a.text();
        s.arguments.push_back(val);
        template_args.push_back(input_parameter_ref(pname));
        if (a.upstream())
            upstream.push_back(a.upstream()->step);
    }
    if (auto* c = r.tmpl.container())
        c->args = template_args;
    else if (auto* j = std::get_if<job_spec>(&r.tmpl.body)) {
        (void)j; // a job's arguments are inputs its manifest refers to as {{inputs.parameters.para-<t>-<i>}}
    }

    for (const auto& in : r.inputs) {
        artifact a = in.definition;
        a.name = in.name;
        a.from.clear();
        r.tmpl.inputs.artifacts.push_back(a);
        artifact passed;
        passed.name = in.name;
        passed.kind = in.definition.kind;
        passed.from = in.expression();
        s.artifact_arguments.push_back(passed);
        upstream.push_back(in.step);
    }

    // Outputs: parameter artifacts become output parameters, the others output artifacts.
    std::vector<std::string> out_dirs;
    for (const auto& o : r.outputs) {
        if (o.kind == artifact_kind::parameter) {
            parameter p;
            p.name = o.name;
            p.from.path = o.path;
            if (o.is_global)
                p.global_name = o.global_name.empty() ? "global-" + o.name : o.global_name;
            p.size_bytes = o.size_bytes;
            r.tmpl.outputs.parameters.push_back(p);
        } else {
            r.tmpl.outputs.artifacts.push_back(o);
        }
        auto slash = o.path.rfind('/');
        std::string dir = slash == std::string::npos || slash == 0 ? std::string("/") : o.path.substr(0, slash);
        if (std::find(out_dirs.begin(), out_dirs.end(), dir) == out_dirs.end())
            out_dirs.push_back(dir);
    }
    // The Argo k8sapi executor can only read outputs from a mounted volume: mount each
    // output directory as an emptyDir, as the Python SDK does.
    if (r.mount_outputs)
        if (auto* c = r.tmpl.container())
            for (std::size_t i = 0; i < out_dirs.size(); ++i) {
                std::string vname = "couler-out-dir-" + std::to_string(i);
                c->volume_mounts.push_back(volume_mount{vname, out_dirs[i], {}, false});
                bool have = false;
                for (const auto& v : wf_.settings.volumes)
                    have = have || v.name == vname;
                if (!have) {
                    volume v;
                    v.name = vname;
                    v.kind = volume::source_kind::empty_dir;
                    wf_.settings.volumes.push_back(v);
                }
            }

    // One template per name: a second call reuses it, and must define the same thing.
    if (const step_template* existing = wf_.find_template(tname)) {
        if (existing->is_graph())
            throw std::invalid_argument("template name '" + tname +
                                        "' is taken by the workflow's entry or a sub-workflow; give this step another step_name or template_name");
        if (!(*existing == r.tmpl))
            throw std::invalid_argument("template '" + tname +
                                        "' is already defined differently; give this step another step_name or template_name");
    } else {
        add_template(r.tmpl);
    }
    auto& g = current_graph();

    s.name = r.step_name.empty() ? new_step_name(g, tname)
             : g.find(sanitize_step_name(r.step_name)) ? unique_step_name(g, sanitize_step_name(r.step_name))
                                                       : sanitize_step_name(r.step_name);
    std::string when_expr;
    for (const auto& c : when_stack_) {
        if (!when_expr.empty())
            when_expr += " && ";
        when_expr += c.expression();
        if (!c.step.empty())
            upstream.push_back(c.step);
    }
    s.when = when_expr;
    if (!depends_stack_.empty())
        s.depends = depends_stack_.back();

    frame& f = top();
    if (!dag) {
        int grp = f.concurrent_group >= 0 ? f.concurrent_group : static_cast<int>(f.groups.size());
        s.group = grp;
    }
    std::size_t v = g.add_step(std::move(s));
    if (!dag) {
        auto grp = static_cast<std::size_t>(g[v].group);
        if (f.groups.size() <= grp)
            f.groups.resize(grp + 1);
        f.groups[grp].push_back(v);
        if (grp > 0)
            for (auto u : f.groups[grp - 1])
                g.add_dependency(u, v, dependency_kind::order);
    }
    for (const auto& up : upstream)
        if (g.find(up))
            add_dependency_by_name(up, v, dependency_kind::data);
    if (!dependency_stack_.empty() && dependency_root)
        for (const auto& dep : dependency_stack_.back())
            add_dependency_by_name(dep, v, dependency_kind::explicit_);
    if (!depends_stack_.empty()) {
        // Every step named in a depends expression ("A.Succeeded && (B || C)") is a dependency;
        // the word after a dot is a result (Succeeded, Failed...), not a step.
        const std::string& e = depends_stack_.back();
        auto word_char = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-'; };
        for (std::size_t i = 0; i < e.size();) {
            if (!word_char(e[i])) {
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < e.size() && word_char(e[j]))
                ++j;
            add_dependency_by_name(e.substr(i, j - i), v, dependency_kind::explicit_);
            if (j < e.size() && e[j] == '.')
                for (++j; j < e.size() && word_char(e[j]);)
                    ++j;
            i = j;
        }
    }
    step_ref ref(this, f.graph, g[v].name);
    if (capture_depth_ > 0)
        created_.push_back(ref);
    return ref;
}

// ------------------------------------------------------------------ builder: control flow

template <class F> step_ref builder::capture_one(F&& fn, const char* what)
{
    auto saved = std::move(created_);
    created_.clear();
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
        if (created_.size() != 1)
            throw std::invalid_argument(std::string(what) + " needs a function that creates exactly one step (it created " +
                                        std::to_string(created_.size()) + ")");
        ref = created_.front();
    }
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

template <class F> step_ref builder::map(F&& fn, const std::vector<arg>& items)
{
    if (items.empty())
        throw std::invalid_argument("map needs at least one item");
    step_ref ref = capture_one([&] { return fn(arg("{{item}}")); }, "map");
    auto& g = graph_of(ref.graph_name());
    auto& s = g[g.at(ref.name())];
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
    step_ref ref = capture_one([&] { return fn(arg("{{item}}")); }, "map");
    auto& g = graph_of(ref.graph_name());
    auto v = g.at(ref.name());
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

template <class F> step_ref builder::run_workflow(const std::string& name, F&& body, graph_style style)
{
    std::string tname = sanitize_step_name(name);
    if (wf_.find_template(tname))
        throw std::invalid_argument("template '" + tname + "' already exists");
    step_template t;
    t.name = tname;
    couler::graph g;
    g.style = style;
    t.body = std::move(g);
    add_template(std::move(t));
    frames_.push_back(frame{tname, {}, -1});
    auto saved_when = std::move(when_stack_);
    when_stack_.clear();
    try {
        body();
    } catch (...) {
        frames_.pop_back();
        when_stack_ = std::move(saved_when);
        throw;
    }
    frames_.pop_back();
    when_stack_ = std::move(saved_when);
    step_request r;
    // The invoking step is a plain graph node; add it without a new template.
    auto& parent = current_graph();
    couler::step s;
    s.name = top().concurrent_group >= 0 || parent.find(tname) ? new_step_name(parent, tname) : tname;
    s.template_name = tname;
    std::string when_expr;
    for (const auto& c : when_stack_)
        when_expr += (when_expr.empty() ? "" : " && ") + c.expression();
    s.when = when_expr;
    frame& f = top();
    if (parent.style == graph_style::steps)
        s.group = f.concurrent_group >= 0 ? f.concurrent_group : static_cast<int>(f.groups.size());
    auto v = parent.add_step(std::move(s));
    if (parent.style == graph_style::steps) {
        auto grp = static_cast<std::size_t>(parent[v].group);
        if (f.groups.size() <= grp)
            f.groups.resize(grp + 1);
        f.groups[grp].push_back(v);
        if (grp > 0)
            for (auto u : f.groups[grp - 1])
                parent.add_dependency(u, v, dependency_kind::order);
    }
    step_ref ref(this, f.graph, parent[v].name);
    if (capture_depth_ > 0)
        created_.push_back(ref);
    return ref;
}

// ------------------------------------------------------------------ builder: artifacts

inline artifact builder::new_artifact(artifact_kind kind, const char* prefix, const std::string& path, bool is_global)
{
    artifact a;
    a.kind = kind;
    a.name = prefix + next_output_id();
    a.path = path;
    a.is_global = is_global;
    return a;
}

inline artifact builder::create_parameter_artifact(const std::string& path, bool is_global)
{
    return new_artifact(artifact_kind::parameter, "output-id-", path, is_global);
}

inline artifact builder::create_local_artifact(const std::string& path, bool is_global)
{
    return new_artifact(artifact_kind::local, "output-local-", path, is_global);
}

namespace detail {
inline void set_credentials(artifact& a, const std::string& secret, const char* access, const char* secret_key)
{
    if (secret.empty())
        return;
    a.access_key = secret_key_ref{secret, access};
    a.secret_key = secret_key_ref{secret, secret_key};
}
} // namespace detail

inline artifact builder::create_s3_artifact(const std::string& path, const std::string& bucket, const std::string& key,
                                            const std::string& endpoint, const std::string& credentials, bool insecure,
                                            bool is_global)
{
    artifact a = new_artifact(artifact_kind::s3, "output-s3-", path, is_global);
    a.bucket = bucket;
    a.key = key;
    a.endpoint = endpoint;
    a.insecure = insecure;
    detail::set_credentials(a, credentials, "accessKey", "secretKey");
    return a;
}

inline artifact builder::create_oss_artifact(const std::string& path, const std::string& bucket, const std::string& key,
                                             const std::string& endpoint, const std::string& credentials, bool is_global)
{
    artifact a = new_artifact(artifact_kind::oss, "output-oss-", path, is_global);
    a.bucket = bucket;
    a.key = key;
    a.endpoint = endpoint;
    detail::set_credentials(a, credentials, "accessKey", "secretKey");
    return a;
}

inline artifact builder::create_gcs_artifact(const std::string& path, const std::string& bucket, const std::string& key,
                                             const std::string& credentials, bool is_global)
{
    artifact a = new_artifact(artifact_kind::gcs, "output-gcs-", path, is_global);
    a.bucket = bucket;
    a.key = key;
    if (!credentials.empty())
        a.secret_key = secret_key_ref{credentials, "serviceAccountKey"};
    return a;
}

inline artifact builder::create_hdfs_artifact(const std::string& path, const std::vector<std::string>& addresses,
                                              const std::string& hdfs_path, const std::string& user, bool is_global)
{
    artifact a = new_artifact(artifact_kind::hdfs, "output-hdfs-", path, is_global);
    a.addresses = addresses;
    a.key = hdfs_path;
    a.user = user;
    return a;
}

inline artifact builder::create_git_artifact(const std::string& path, const std::string& repo,
                                             const std::string& revision, bool is_global)
{
    artifact a = new_artifact(artifact_kind::git, "output-git-", path, is_global);
    a.repo = repo;
    a.revision = revision;
    return a;
}

inline artifact builder::create_http_artifact(const std::string& path, const std::string& url, bool is_global)
{
    artifact a = new_artifact(artifact_kind::http, "output-http-", path, is_global);
    a.url = url;
    return a;
}

// ------------------------------------------------------------------ builder: secrets and settings

inline std::string builder::create_secret(const std::vector<std::pair<std::string, std::string>>& data,
                                          const std::string& namespace_, std::string name)
{
    std::map<std::string, std::string> sorted;
    for (const auto& [k, v] : data)
        if (!sorted.emplace(k, v).second)
            throw std::invalid_argument("create_secret: key '" + k + "' is given twice");
    if (name.empty()) {
        // Python: "couler-" + md5(json.dumps(data, sort_keys=True)).
        std::string text = "{";
        bool first = true;
        for (const auto& [k, v] : sorted) {
            if (!first)
                text += ", ";
            first = false;
            text += detail::python_json_string(k) + ": " + detail::python_json_string(v);
        }
        text += "}";
        name = "couler-" + detail::md5_hex(text);
    }
    secret_spec s;
    s.name = name;
    s.namespace_ = namespace_ == "default" ? std::string() : namespace_;
    for (const auto& kv : data)
        s.keys.push_back(kv.first);
    bool have = false;
    for (const auto& x : wf_.secrets)
        have = have || x.name == name;
    if (!have)
        wf_.secrets.push_back(s);
    secret_values_[name] = std::move(sorted);
    return name;
}

inline std::string builder::obtain_secret(const std::vector<std::string>& keys, const std::string& name,
                                          const std::string& namespace_)
{
    secret_spec s;
    s.name = name;
    s.namespace_ = namespace_ == "default" ? std::string() : namespace_;
    s.keys = keys;
    bool have = false;
    for (const auto& x : wf_.secrets)
        have = have || x.name == name;
    if (!have)
        wf_.secrets.push_back(s);
    return name;
}

inline builder& builder::config_workflow(const workflow_config& c)
{
    auto& s = wf_.settings;
    if (!c.name_.empty()) {
        std::string n = sanitize_step_name(c.name_);
        std::string old = wf_.entrypoint;
        if (n != old) {
            wf_.rename_template(old, n);
            for (auto& f : frames_)
                if (f.graph == old)
                    f.graph = n;
        }
        if (c.cron_)
            s.name = c.name_; // a CronWorkflow needs a fixed name
        else
            s.generate_name = n + "-";
    }
    if (!c.namespace__.empty())
        s.namespace_ = c.namespace__;
    if (c.timeout_)
        s.active_deadline_seconds = c.timeout_;
    if (c.time_to_clean_)
        s.ttl_seconds_after_finished = c.time_to_clean_;
    if (!c.service_account_.empty())
        s.service_account = c.service_account_;
    if (c.cron_) {
        s.cron = c.cron_;
        if (s.name.empty()) {
            s.name = wf_.entrypoint;
        }
        s.generate_name.clear();
    }
    if (c.parallelism_)
        s.parallelism = c.parallelism_;
    for (const auto& [k, v] : c.labels_)
        s.labels[k] = v;
    for (const auto& [k, v] : c.annotations_)
        s.annotations[k] = v;
    return *this;
}

inline builder& builder::add_volume(volume v)
{
    wf_.settings.volumes.push_back(std::move(v));
    return *this;
}
inline builder& builder::add_volume_claim_template(volume_claim_template v)
{
    wf_.settings.volume_claim_templates.push_back(std::move(v));
    return *this;
}
inline builder& builder::add_image_pull_secret(const std::string& name)
{
    wf_.settings.image_pull_secrets.push_back(name);
    return *this;
}
inline builder& builder::add_toleration(toleration t)
{
    wf_.settings.tolerations.push_back(std::move(t));
    return *this;
}
inline builder& builder::add_parameter(const std::string& name, const std::string& value)
{
    parameter p;
    p.name = name;
    p.value = value;
    wf_.settings.parameters.push_back(std::move(p));
    return *this;
}

} // namespace couler

#endif
