// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_IMPL_TEKTON_TASK_HPP
#define COULER_EMIT_IMPL_TEKTON_TASK_HPP

// Members of tekton_emitter: a leaf template as an embedded Task spec (params, results, steps,
// sidecars, volumes, workspaces), with the helper steps that copy outputs into results and the
// artifact workspace. Included by impl/tekton.hpp.

namespace couler {
namespace detail {

template <class S, class A> void tekton_emitter<S, A>::check_template(const template_type& t, const std::string& who)
{
    check_extensions(t.extensions, who);
    auto refuse = [&](const std::string& feature) { add(who + ": " + feature + " has no Tekton form"); };
    if (t.daemon)
        refuse("daemon (a step that keeps running beside later steps)");
    if (t.memoize)
        refuse("memoize");
    if (t.parallelism)
        refuse("parallelism (a cap on concurrent steps)");
    if (t.synchronization && !t.synchronization->empty())
        refuse("synchronization (mutexes, semaphores)");
    if (!t.pod_spec_patch.empty())
        refuse("pod_spec_patch");
    if (t.container_set)
        refuse("a container set");
    if (t.http)
        refuse("an HTTP template");
    if (!t.pod_resources.empty() || !t.resource_claims.empty())
        refuse("pod resources and resource claims");
    if (!t.metrics.empty())
        refuse("Prometheus metrics");
    if (!t.annotations.empty())
        refuse("node annotations");
    for (const auto& u : t.sidecars)
        if (u.mirror_volume_mounts)
            refuse("mirror_volume_mounts of sidecar '" + u.container.name + "'");
    for (const auto& u : t.init_containers)
        if (u.mirror_volume_mounts)
            refuse("mirror_volume_mounts of init container '" + u.container.name + "'");
    switch (t.kind()) {
    case template_kind::job: refuse("a job (a Kubernetes resource the engine creates and watches)"); break;
    case template_kind::resource: refuse("a resource template (a Kubernetes object the engine creates)"); break;
    case template_kind::suspend: refuse("suspend (waiting for a person or a duration)"); break;
    case template_kind::graph: {
        const auto& g = *t.graph();
        if (g.fail_fast && !*g.fail_fast)
            refuse("fail_fast false (Tekton schedules no new task after a failure)");
        if (!g.target.empty())
            refuse("a dag target");
        if (!t.inputs.artifacts.empty())
            refuse("input artifacts of a graph template");
        if (t.retry || !t.timeout.empty() || !t.total_timeout.empty())
            refuse("a retry or timeout on a graph template (Tekton has them per task)");
        if (!t.node_selector.empty() || !t.tolerations.empty() || !t.volumes.empty() || !t.sidecars.empty() ||
            !t.init_containers.empty())
            refuse("pod settings (node selector, tolerations, volumes, sidecars, init containers) on a graph template");
        break;
    }
    default: break;
    }
}

template <class S, class A>
json::object tekton_emitter<S, A>::container_step(const container_spec& c, const template_type& t, xctx& x,
                                                  const std::string& who, task_use& u, json::array& task_workspaces)
{
    // The Kubernetes container as Argo writes it, then what Tekton reads differently: it
    // substitutes $(...) in these strings, calls resources computeResources, and mounts
    // workflow volumes as workspaces.
    json::object k = container_json(c, nullptr);
    k.erase("volumeMounts");
    json::object o;
    o["name"] = c.name.empty() ? std::string("main") : c.name;
    for (auto& kv : k)
        o[kv.key() == "resources" ? json::string_view("computeResources") : kv.key()] = std::move(kv.value());
    o["image"] = tr(c.image, x, who, "image");
    if (c.command)
        for (std::size_t i = 0; i < c.command->size(); ++i)
            o["command"].as_array()[i] = tr((*c.command)[i], x, who, "command[" + std::to_string(i) + "]");
    for (std::size_t i = 0; i < c.args.size(); ++i)
        o["args"].as_array()[i] = tr(c.args[i], x, who, "args[" + std::to_string(i) + "]");
    for (std::size_t i = 0; i < c.env.size(); ++i)
        if (!c.env[i].secret && !c.env[i].config_map)
            o["env"].as_array()[i].as_object()["value"] = tr(c.env[i].value, x, who, "env '" + c.env[i].name + "'");
    if (!c.resources.claims.empty()) {
        add(who + ": resource claims of a container have no Tekton form");
        o["computeResources"].as_object().erase("claims");
    }
    if (!c.working_dir.empty())
        o["workingDir"] = tr(c.working_dir, x, who, "working_dir");
    if (!c.security_context.empty())
        o["securityContext"] = c.security_context;
    if (!c.readiness_probe.empty() || !c.liveness_probe.empty() || !c.startup_probe.empty() || !c.lifecycle.empty())
        add(who + ": container '" + std::string(o["name"].as_string()) +
            "': probes and lifecycle handlers have no Tekton form (a step is not a long-running container)");
    json::array mounts;
    for (const auto& m : c.volume_mounts) {
        auto own = std::find_if(t.volumes.begin(), t.volumes.end(), [&](const volume& v) { return v.name == m.name; });
        if (own != t.volumes.end()) { // the template's own volume: a Task volume
            json::object vm{{"name", m.name}, {"mountPath", lit(m.mount_path, who, "mount path")}};
            if (!m.sub_path.empty())
                vm["subPath"] = lit(m.sub_path, who, "sub path");
            if (m.read_only)
                vm["readOnly"] = true;
            mounts.push_back(std::move(vm));
            continue;
        }
        const auto& st = wf_.settings;
        bool shared = std::any_of(st.volumes.begin(), st.volumes.end(), [&](const volume& v) { return v.name == m.name; }) ||
                      std::any_of(st.volume_claim_templates.begin(), st.volume_claim_templates.end(),
                                  [&](const volume_claim_template& v) { return v.name == m.name; });
        if (!shared) {
            add(who + ": volume mount '" + m.name + "' names no volume", error::unknown_reference);
            continue;
        }
        // A workflow volume: a workspace the PipelineRun binds. A Task mounts a workspace at one
        // path, so a second mount of the same volume is a second Task workspace bound to it.
        std::string tw_name = m.name;
        for (int k = 2; std::any_of(task_workspaces.begin(), task_workspaces.end(),
                                    [&](const json::value& w) { return w.at("name") == tw_name.c_str(); });
             ++k)
            tw_name = m.name + "-" + std::to_string(k);
        if (!tekton_is_label(m.name))
            add(who + ": volume '" + m.name + "' is not a valid workspace name (a DNS-1123 label)", error::invalid_name);
        json::object tw{{"name", tw_name}, {"mountPath", lit(m.mount_path, who, "mount path")}};
        if (m.read_only)
            tw["readOnly"] = true;
        task_workspaces.push_back(std::move(tw));
        json::object b{{"name", tw_name}, {"workspace", m.name}};
        if (!m.sub_path.empty())
            b["subPath"] = lit(m.sub_path, who, "sub path");
        u.bindings.push_back(std::move(b));
        workspaces_used_.insert(m.name);
    }
    if (!mounts.empty())
        o["volumeMounts"] = std::move(mounts);
    return o;
}

template <class S, class A>
json::object tekton_emitter<S, A>::task_spec(const template_type& t, const step_type& s, const std::string& who, task_use& u)
{
    // Once per step that runs it: the message names both.
    check_template(t, t.name.empty() ? who : who + ", running template '" + t.name + "'");
    xctx x;
    x.where = place::task;
    x.tmpl = &t;
    x.implicit = &u.implicit;
    json::array task_workspaces, volumes = volumes_json(t.volumes);
    std::map<std::string, std::string> dirs; // directory -> the emptyDir volume mounted there
    auto dir_of = [&](const std::string& path, const std::string& what) -> bool {
        std::size_t slash = path.rfind('/');
        if (path.empty() || path[0] != '/' || slash == 0 || slash + 1 == path.size() ||
            path.find("{{") != std::string::npos) {
            add(who + ": " + what + " path '" + path +
                "': Tekton needs an absolute file path in a directory other than / (its directory is shared with "
                "a helper step)");
            return false;
        }
        check_literal(path, who, what + " path");
        std::string d = path.substr(0, slash);
        if (!dirs.count(d)) {
            std::string name = "couler-dir-" + std::to_string(dirs.size());
            dirs[d] = name;
            volumes.push_back(json::object{{"name", name}, {"emptyDir", json::object{}}});
        }
        return true;
    };
    const std::string ws = "$(workspaces.couler-artifacts.path)/";
    json::array pre, post; // helper-step argument triples
    bool uses_artifacts = false;
    auto located = [](const auto& a) {
        return !(a.kind == artifact_kind::local || a.kind == artifact_kind::parameter) || !a.bucket.empty() ||
               !a.key.empty() || !a.url.empty() || !a.repo.empty() || !a.raw_data.empty();
    };
    for (const auto& a : t.inputs.artifacts) {
        const std::string what = "input artifact '" + a.name + "'";
        if (located(a)) {
            add(who + ": " + what + " is read from a " + std::string(to_string(a.kind)) +
                " location; Tekton passes artifacts only through the workspace");
            continue;
        }
        auto arg = std::find_if(s.artifact_arguments.begin(), s.artifact_arguments.end(),
                                [&](const auto& y) { return y.name == a.name; });
        if (arg == s.artifact_arguments.end()) {
            add(who + ": " + what + " gets no artifact from the step (Tekton has no artifact repository to read)");
            continue;
        }
        if (located(*arg)) {
            add(who + ": " + what + " comes from a " + std::string(to_string(arg->kind)) +
                " location; Tekton passes artifacts only through the workspace");
            continue;
        }
        auto refs = find_references(arg->from);
        std::string_view whole = tekton_trim(arg->from);
        if (refs.size() != 1 || refs[0].what != reference::kind::output_artifact ||
            whole.size() != refs[0].end - refs[0].begin || !graph_ || !graph_->find(refs[0].step) ||
            mapped_.count(refs[0].step)) {
            add(who + ": " + what + " comes from '" + arg->from +
                "'; Tekton passes only an output artifact of an unmapped sibling step");
            continue;
        }
        if (a.mode)
            add(who + ": " + what + ": a file mode has no Tekton form");
        if (!dir_of(a.path, what))
            continue;
        pre.emplace_back(a.optional ? "optional" : "copy");
        pre.emplace_back(ws + tname(refs[0].step) + "/" + refs[0].name);
        pre.emplace_back(a.path);
        uses_artifacts = true;
    }
    for (const auto& a : t.outputs.artifacts) {
        const std::string what = "output artifact '" + a.name + "'";
        if (located(a) || a.is_global || !a.global_name.empty() || !a.from.empty() || !a.from_expression.empty() ||
            !a.gc_strategy.empty()) {
            add(who + ": " + what + " is stored in a " + std::string(to_string(a.kind)) +
                " location, global, computed or garbage-collected; Tekton passes artifacts only through the workspace");
            continue;
        }
        if (mapped_.count(s.name)) {
            add(who + ": " + what + " of a mapped step: every TaskRun of a Matrix would write the same workspace path");
            continue;
        }
        if (!dir_of(a.path, what))
            continue;
        post.emplace_back(a.optional ? "optional" : "copy");
        post.emplace_back(a.path);
        post.emplace_back(ws + tname(s.name) + "/" + a.name);
        uses_artifacts = true;
    }
    json::array results;
    auto arr = array_results_.find(s.name);
    auto result_type = [&](const std::string& n) {
        return arr != array_results_.end() && arr->second.count(n) ? "array" : "string";
    };
    for (const auto& p : t.outputs.parameters) {
        const std::string what = "output parameter '" + p.name + "'";
        if (!tekton_is_param_name(p.name, true))
            add(who + ": " + what + " is not a Tekton result name", error::invalid_name);
        const auto& f = p.from;
        if (f.path.empty() || !f.json_path.empty() || !f.jq_filter.empty() || !f.expression.empty() ||
            !f.parameter.empty() || f.supplied || !p.global_name.empty() || p.value) {
            add(who + ": " + what + ": only a value read from a file (from.path, with or without a default, not "
                                    "global) has a Tekton form");
            continue;
        }
        if (!dir_of(f.path, what))
            continue;
        results.push_back(json::object{{"name", p.name}, {"type", result_type(p.name)}});
        if (f.default_value) { // the default first, replaced by the file if the step wrote it
            post.emplace_back("fallback");
            post.emplace_back(lit(*f.default_value, who, what + " default"));
            post.emplace_back("$(results." + p.name + ".path)");
        }
        post.emplace_back(f.default_value ? "optional" : "copy");
        post.emplace_back(f.path);
        post.emplace_back("$(results." + p.name + ".path)");
    }
    const bool capture = stdout_needed_.count(s.name) > 0;
    if (capture) {
        if (t.outputs.find_parameter("result"))
            add(who + ": an output parameter named 'result' clashes with the step's standard output, which a "
                      "later step reads");
        if (t.kind() != template_kind::container && t.kind() != template_kind::script)
            add(who + ": a step's result is read, but only containers and scripts have one");
        results.push_back(json::object{{"name", "result"}, {"type", result_type("result")}});
        volumes.push_back(json::object{{"name", "couler-stdout"}, {"emptyDir", json::object{}}});
        post.emplace_back("result");
        post.emplace_back("/couler/stdout/stdout");
        post.emplace_back("$(results.result.path)");
    }
    auto dir_mounts = [&](json::object& step, bool with_stdout) {
        json::array m = step.contains("volumeMounts") ? step["volumeMounts"].as_array() : json::array{};
        for (const auto& [d, v] : dirs)
            m.push_back(json::object{{"name", v}, {"mountPath", d}});
        if (with_stdout)
            m.push_back(json::object{{"name", "couler-stdout"}, {"mountPath", "/couler/stdout"}});
        if (!m.empty())
            step["volumeMounts"] = std::move(m);
    };

    json::array steps;
    for (const auto& ic : t.init_containers) // init containers run first, in order: earlier steps
        steps.push_back(container_step(ic.container, t, x, who, u, task_workspaces));
    if (!pre.empty()) {
        json::object h = helper_step("couler-inputs", std::move(pre));
        dir_mounts(h, false);
        steps.push_back(std::move(h));
    }
    if (const container_spec* c = t.has_other_body() ? nullptr : t.container()) {
        json::object main = container_step(*c, t, x, who, u, task_workspaces);
        main["name"] = "main";
        if (const auto* sc = std::get_if<script_spec>(&t.body)) {
            // Tekton runs `script` as a file with a shebang; Argo runs `command FILE`.
            std::string shebang;
            if (c->command && c->command->size() > 1)
                add(who + ": a script interpreter with arguments (" + std::to_string(c->command->size()) +
                    " command words) has no Tekton form (a shebang takes one word)");
            else if (c->command && c->command->size() == 1) {
                const std::string& interp = std::string(main["command"].as_array()[0].as_string());
                shebang = (interp.rfind('/', 0) == 0 ? "#!" : "#!/usr/bin/env ") + interp + "\n";
            }
            main.erase("command");
            main["script"] = shebang + tr(sc->source, x, who, "script source");
        }
        if (capture)
            main["stdoutConfig"] = json::object{{"path", "/couler/stdout/stdout"}};
        dir_mounts(main, capture);
        steps.push_back(std::move(main));
    }
    if (!post.empty()) {
        json::object h = helper_step("couler-outputs", std::move(post));
        dir_mounts(h, capture);
        steps.push_back(std::move(h));
    }
    json::array sidecars;
    for (const auto& sc : t.sidecars)
        sidecars.push_back(container_step(sc.container, t, x, who, u, task_workspaces));

    // Params last: translating the steps found the workflow values the task reads.
    json::array params;
    for (const auto& p : t.inputs.parameters) {
        if (!tekton_is_param_name(p.name, false))
            add(who + ": input '" + p.name + "' is not a Tekton param name ([a-zA-Z_][a-zA-Z0-9_.-]*)", error::invalid_name);
        if (p.from.config_map || !p.enum_values.empty())
            add(who + ": input '" + p.name + "': a ConfigMap source or an enum has no Tekton form");
        json::object o{{"name", p.name}, {"type", "string"}};
        if (p.default_value || p.value)
            o["default"] = lit(p.default_value ? *p.default_value : *p.value, who, "input '" + p.name + "'");
        if (!p.description.empty())
            o["description"] = p.description;
        params.push_back(std::move(o));
    }
    for (const auto& kv : u.implicit)
        params.push_back(json::object{{"name", kv.first}, {"type", "string"}});
    if (uses_artifacts) {
        artifacts_used_ = true;
        task_workspaces.push_back(json::object{{"name", "couler-artifacts"}});
        u.bindings.push_back(json::object{{"name", "couler-artifacts"}, {"workspace", "couler-artifacts"}});
    }
    json::object spec;
    if (!params.empty())
        spec["params"] = std::move(params);
    if (!results.empty())
        spec["results"] = std::move(results);
    if (!task_workspaces.empty())
        spec["workspaces"] = std::move(task_workspaces);
    if (!volumes.empty())
        spec["volumes"] = std::move(volumes);
    spec["steps"] = std::move(steps);
    if (!sidecars.empty())
        spec["sidecars"] = std::move(sidecars);
    merge_extension(spec, t.extensions);
    return spec;
}

} // namespace detail
} // namespace couler

#endif
