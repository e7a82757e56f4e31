// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_API_IMPL_BUILDER_STEPS_HPP
#define COULER_API_IMPL_BUILDER_STEPS_HPP

// Members of couler::builder (couler/api/builder.hpp): run_container, run_script, run_job, and add_step, which turns a request into a template and a graph node.

#include <couler/api/builder.hpp>
#include <couler/ir/names.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace couler {

// ------------------------------------------------------------------ builder: steps

template <class O> void builder::apply_common(const O& o, step_template& t, step_request& r)
{
    t.timeout = o.timeout_;
    t.retry = o.retry_strategy_;
    t.memoize = o.cache_;
    t.node_selector = o.node_selector_;
    if (o.has_step_name_) {
        detail::require_step_name("step name", o.step_name_);
        r.step_name = o.step_name_;
    }
    if (o.has_template_name_) {
        detail::require_step_name("template name", o.template_name_);
        r.template_name = o.template_name_;
    }
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

COULER_INLINE step_ref builder::run_container(const container& o)
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

COULER_INLINE step_ref builder::run_script(const script& o)
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

COULER_INLINE step_ref builder::run_job(const job& o)
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

COULER_INLINE void builder::add_dependency_by_name(couler::graph& g, const std::string& from, std::size_t to,
                                            dependency_kind kind)
{
    auto u = g.find(from);
    if (!u)
        throw std::invalid_argument("step '" + g[to].name + "' depends on unknown step '" + from + "'");
    if (*u != to)
        g.add_dependency(*u, to, kind);
}

COULER_INLINE step_ref builder::add_step(step_request r)
{
    // Templates live in a vector: adding one may move every graph, so `g` is looked up
    // again after the template is registered.
    const couler::graph* gp = &current_graph();
    const bool dag = gp->style == graph_style::dag;
    // User names were checked (apply_common); only names derived from an image are sanitized.
    const std::string step_name = r.step_name.value_or(std::string());

    // Explicit building calls step functions again to name edges: the same step_name in
    // the same DAG is the same step.
    if (dag && !step_name.empty()) {
        if (auto v = gp->find(step_name)) {
            step_ref ref(this, top().graph, (*gp)[*v].name);
            if (capture_depth_ > 0)
                created_.push_back(ref);
            return ref;
        }
    }

    std::string tname = r.template_name ? *r.template_name
                        : !step_name.empty() ? step_name
                                             : sanitize_step_name(r.default_template);
    if (!r.template_name && !r.step_name) {
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
        add_template(std::move(r.tmpl));
    }
    auto& g = current_graph();

    s.name = step_name.empty() ? new_step_name(g, tname) : g.find(step_name) ? unique_step_name(g, step_name) : step_name;
    // Outputs of steps outside a sub-workflow become its inputs (close_sub_workflow); here, the
    // ones that could not be passed in are refused, naming this step.
    for (const auto& a : r.args)
        if (a.upstream())
            note_outer_output(*a.upstream(), s.name);
    for (const auto& in : r.inputs)
        note_outer_output(in, s.name);
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

    std::size_t v = add_to_graph(g, std::move(s));
    for (const auto& up : upstream)
        if (auto u = g.find(up); u && *u != v)
            g.add_dependency(*u, v, dependency_kind::data);
    if (!dependency_stack_.empty() && dependency_root)
        for (const auto& dep : dependency_stack_.back())
            add_dependency_by_name(g, dep, v, dependency_kind::explicit_);
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
            add_dependency_by_name(g, e.substr(i, j - i), v, dependency_kind::explicit_);
            if (j < e.size() && e[j] == '.')
                for (++j; j < e.size() && word_char(e[j]);)
                    ++j;
            i = j;
        }
    }
    return new_step_ref(g[v].name);
}

COULER_INLINE std::size_t builder::add_to_graph(couler::graph& g, couler::step s)
{
    frame& f = top();
    const bool steps = g.style == graph_style::steps;
    if (steps)
        s.group = f.concurrent_group >= 0 ? f.concurrent_group : static_cast<int>(f.groups.size());
    std::size_t v = g.add_step(std::move(s));
    if (steps) {
        auto grp = static_cast<std::size_t>(g[v].group);
        if (f.groups.size() <= grp)
            f.groups.resize(grp + 1);
        f.groups[grp].push_back(v);
        if (grp > 0)
            for (auto u : f.groups[grp - 1])
                g.add_dependency(u, v, dependency_kind::order);
    }
    return v;
}

COULER_INLINE step_ref builder::new_step_ref(const std::string& name)
{
    step_ref ref(this, top().graph, name);
    if (capture_depth_ > 0)
        created_.push_back(ref);
    return ref;
}

} // namespace couler

#endif
