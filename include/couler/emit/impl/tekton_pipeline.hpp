// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_IMPL_TEKTON_PIPELINE_HPP
#define COULER_EMIT_IMPL_TEKTON_PIPELINE_HPP

// Members of tekton_emitter: the Pipeline (tasks, finally, params, workspaces), the PipelineRun,
// and the planning pass that decides which results are typed array and which steps capture
// their standard output. Included by impl/tekton.hpp.

namespace couler {
namespace detail {

template <class S, class A> json::array tekton_emitter<S, A>::run()
{
    entry_ = wf_.find_template(wf_.entrypoint);
    if (!entry_) {
        add("entrypoint '" + wf_.entrypoint + "' is not a template" +
                (wf_.settings.workflow_template_ref_ ? " (a workflowTemplateRef has no Tekton form)" : ""),
            error::unknown_reference, "$.entrypoint");
        throw invalid_input(probs_);
    }
    graph_ = entry_->graph();
    check_extensions(wf_.extensions, "workflow");
    check_settings();
    plan();
    json::object spec = pipeline_spec();
    json::array docs;
    // A WorkflowTemplate is a stored definition: the Pipeline alone (nothing to run).
    const bool stored = wf_.settings.kind == workflow_kind::workflow_template;
    if (stored && opt_.inline_pipeline)
        add("workflow: kind workflow_template is a stored definition; an inlined PipelineRun would run it "
            "(emit it without inline_pipeline: the Pipeline alone)");
    if (!probs_.empty())
        throw invalid_input(probs_);
    if (opt_.inline_pipeline) {
        docs.push_back(pipeline_run(std::move(spec), true));
    } else {
        json::object meta = metadata("Pipeline");
        std::string name(meta["name"].as_string());
        docs.push_back(json::object{{"apiVersion", "tekton.dev/v1"}, {"kind", "Pipeline"}, {"metadata", std::move(meta)},
                                    {"spec", std::move(spec)}});
        if (!stored)
            docs.push_back(pipeline_run(json::object{{"name", name}}, false));
    }
    if (!probs_.empty())
        throw invalid_input(probs_);
    return docs;
}

template <class S, class A> void tekton_emitter<S, A>::check_settings()
{
    const auto& st = wf_.settings;
    auto refuse = [&](const char* feature) { add(std::string("workflow: ") + feature + " has no Tekton form"); };
    if (st.kind == workflow_kind::cluster_workflow_template)
        refuse("kind cluster_workflow_template (a cluster-scoped stored workflow)");
    if (st.cron)
        refuse("a cron schedule (Tekton runs on a schedule only through Triggers)");
    if (st.parallelism)
        refuse("parallelism (a cap on concurrent steps)");
    if (st.ttl_seconds_after_finished || st.ttl_seconds_after_success || st.ttl_seconds_after_failure)
        refuse("a TTL after completion");
    if (st.workflow_template_ref_)
        refuse("workflow_template_ref");
    if (st.synchronization && !st.synchronization->empty())
        refuse("synchronization (mutexes, semaphores)");
    if (!st.hooks.empty())
        refuse("workflow lifecycle hooks");
    if (st.artifact_repository)
        refuse("artifact_repository (Tekton passes artifacts through a workspace)");
    if (st.pod_gc)
        refuse("pod_gc");
    if (!st.pod_labels.empty() || !st.pod_annotations.empty())
        refuse("pod labels and annotations");
    if (!st.workflow_labels.empty() || !st.workflow_annotations.empty() || !st.workflow_labels_from.empty())
        refuse("workflow metadata set at run time");
    if (!st.artifact_gc_strategy.empty())
        refuse("artifact_gc_strategy");
    if (!st.pod_resources.empty() || !st.resource_claims.empty())
        refuse("pod resources and resource claims");
    if (!st.metrics.empty())
        refuse("Prometheus metrics");
    if (!wf_.artifacts.empty())
        refuse("workflow artifact arguments");
    if (!wf_.template_defaults.empty())
        refuse("template defaults");
    for (const auto& v : st.volumes)
        if (v.kind == volume::source_kind::host_path)
            add("workflow: volume '" + v.name + "' is a hostPath, which a Tekton workspace cannot bind");
    for (const auto& p : st.parameters) {
        if (!tekton_is_param_name(p.name, false))
            add("workflow parameter '" + p.name + "': not a Tekton param name ([a-zA-Z_][a-zA-Z0-9_.-]*)",
                error::invalid_name);
        if (p.from.config_map || !p.enum_values.empty() || !p.global_name.empty())
            add("workflow parameter '" + p.name + "': a ConfigMap source, enum or global name has no Tekton form");
    }
}

template <class S, class A>
void tekton_emitter<S, A>::plan_reference(const std::string& text, const step_type& s, const std::string& who, bool array)
{
    for (const auto& r : find_references(text)) {
        if (r.what != reference::kind::result && r.what != reference::kind::output_parameter)
            continue;
        std::string res = r.what == reference::kind::result ? "result" : r.name;
        if (r.what == reference::kind::result)
            stdout_needed_[r.step].insert(s.name);
        if (array)
            array_results_[r.step].insert(res);
        else if (array_results_[r.step].count(res))
            add(who + ": reads result '" + res + "' of step '" + r.step +
                "' as a string, while a map reads it as an array (a Tekton result has one type)");
    }
}

template <class S, class A> void tekton_emitter<S, A>::plan()
{
    if (!graph_)
        return;
    const auto& g = *graph_;
    // Map over a step's output first, so a later string use of the same result is seen.
    for (vertex v = 0; v < g.size(); ++v) {
        const auto& s = g[v];
        if (s.is_map())
            mapped_.insert(s.name);
        if (!s.with_param.empty())
            plan_reference(s.with_param, s, where(*entry_, s), true);
    }
    for (vertex v = 0; v < g.size(); ++v) {
        const auto& s = g[v];
        const std::string who = where(*entry_, s);
        for (const auto& a : s.arguments)
            if (a.value)
                plan_reference(*a.value, s, who, false);
        plan_reference(s.when, s, who, false);
    }
    for (const auto& p : entry_->outputs.parameters)
        plan_reference(p.from.parameter.empty() ? p.value.value_or("") : p.from.parameter, g[0], "workflow output", false);
}

template <class S, class A> json::object tekton_emitter<S, A>::metadata(const std::string& kind) const
{
    const auto& st = wf_.settings;
    json::object m;
    std::string base = !st.name.empty() ? st.name : st.generate_name;
    while (!base.empty() && (base.back() == '-' || base.back() == '.'))
        base.pop_back();
    if (base.empty())
        base = tekton_is_label(wf_.entrypoint) ? wf_.entrypoint : std::string("couler-pipeline");
    if (kind == "Pipeline")
        m["name"] = base;
    else if (!st.name.empty())
        m["name"] = st.name + "-run";
    else
        m["generateName"] = base + "-run-";
    if (!st.namespace_.empty())
        m["namespace"] = st.namespace_;
    if (!st.labels.empty())
        m["labels"] = string_map(st.labels);
    if (!st.annotations.empty())
        m["annotations"] = string_map(st.annotations);
    return m;
}

template <class S, class A> json::object tekton_emitter<S, A>::pipeline_spec()
{
    json::object spec;
    // Params: the workflow's parameters and the entry template's inputs (Argo passes the
    // workflow's arguments to the entry template by name).
    json::array params;
    std::set<std::string> seen;
    for (const auto& p : wf_.settings.parameters) {
        json::object x{{"name", p.name}, {"type", "string"}};
        if (p.value)
            x["default"] = lit(*p.value, "workflow parameter '" + p.name + "'", "value");
        if (!p.description.empty())
            x["description"] = p.description;
        seen.insert(p.name);
        params.push_back(std::move(x));
    }
    if (graph_)
        for (const auto& p : entry_->inputs.parameters) {
            if (seen.count(p.name))
                continue;
            json::object x{{"name", p.name}, {"type", "string"}};
            if (p.default_value || p.value)
                x["default"] = lit(p.default_value ? *p.default_value : *p.value, tmpl_who(*entry_), "input '" + p.name + "'");
            params.push_back(std::move(x));
        }
    if (!params.empty())
        spec["params"] = std::move(params);

    json::array tasks, finally;
    if (graph_) {
        check_template(*entry_, tmpl_who(*entry_));
        std::vector<std::string> names;
        for (vertex v = 0; v < graph_->size(); ++v)
            names.push_back((*graph_)[v].name);
        name_steps(*entry_, names);
        for (const auto& n : names)
            task_names_.insert(tname(n));
        for (vertex v = 0; v < graph_->size(); ++v) {
            json::object pt = pipeline_task(*entry_, (*graph_)[v], false);
            if (auto* c = pt.if_contains("couler-conditions")) {
                for (auto& x : c->as_array())
                    tasks.push_back(std::move(x));
                pt.erase("couler-conditions");
            }
            tasks.push_back(std::move(pt));
        }
        if (!entry_->outputs.artifacts.empty())
            add(tmpl_who(*entry_) + ": output artifacts of the workflow have no Tekton form");
        json::array results;
        for (const auto& p : entry_->outputs.parameters) {
            xctx x;
            const std::string src = p.from.parameter.empty() ? p.value.value_or("") : p.from.parameter;
            if (src.empty() || !tekton_is_param_name(p.name, true)) {
                add(tmpl_who(*entry_) + ": output parameter '" + p.name + "' has no Tekton pipeline result form");
                continue;
            }
            results.push_back(json::object{{"name", p.name}, {"value", tr(src, x, tmpl_who(*entry_), "output '" + p.name + "'")}});
        }
        if (!results.empty())
            spec["results"] = std::move(results);
    } else {
        // A lone leaf template: a one-task pipeline whose inputs come from the workflow's
        // parameters of the same names (as Argo passes them).
        step_type s;
        s.name = entry_->name;
        s.template_name = entry_->name;
        for (const auto& p : entry_->inputs.parameters)
            for (const auto& w : wf_.settings.parameters)
                if (w.name == p.name)
                    s.arguments.push_back(parameter{p.name, "{{workflow.parameters." + p.name + "}}", {}, {}, {}, {}, {}, {}});
        name_steps(*entry_, {s.name});
        task_names_.insert(tname(s.name));
        tasks.push_back(pipeline_task(*entry_, s, false));
    }

    if (!wf_.settings.on_exit.empty()) {
        const template_type* h = wf_.find_template(wf_.settings.on_exit);
        if (!h) {
            add("workflow: exit handler '" + wf_.settings.on_exit + "' is not a template", error::unknown_reference);
        } else if (const auto* hg = h->graph()) {
            // A graph exit handler: its steps run as finally tasks, which cannot wait for each
            // other (Tekton refuses runAfter in finally).
            check_template(*h, tmpl_who(*h));
            for (vertex v = 0; v < hg->size(); ++v)
                if (!hg->predecessors(v).empty())
                    add(where(*h, (*hg)[v]) + ": a step of the exit handler that waits for another has no Tekton "
                                              "form (finally tasks cannot use runAfter)");
            for (vertex v = 0; v < hg->size(); ++v) {
                const std::string n = tname((*hg)[v].name);
                if (task_names_.count(n))
                    add(where(*h, (*hg)[v]) + ": its name is also a task of the pipeline (Tekton needs unique names)",
                        error::duplicate_name);
                task_names_.insert(n);
                finally.push_back(pipeline_task(*h, (*hg)[v], true));
            }
        } else {
            step_type s;
            s.name = h->name;
            s.template_name = h->name;
            if (task_names_.count(tname(s.name)))
                add("exit handler '" + h->name + "': its name is also a task of the pipeline (Tekton needs unique names)",
                    error::duplicate_name);
            finally.push_back(pipeline_task(*h, s, true));
        }
    }
    spec["tasks"] = std::move(tasks);
    if (!finally.empty())
        spec["finally"] = std::move(finally);
    json::array ws;
    if (artifacts_used_)
        ws.push_back(json::object{{"name", "couler-artifacts"}});
    for (const auto& w : workspaces_used_)
        ws.push_back(json::object{{"name", w}});
    if (!ws.empty())
        spec["workspaces"] = std::move(ws);
    return spec;
}

template <class S, class A>
json::object tekton_emitter<S, A>::pipeline_run(json::object spec_or_ref, bool inline_spec)
{
    const auto& st = wf_.settings;
    json::object spec;
    if (inline_spec)
        spec["pipelineSpec"] = std::move(spec_or_ref);
    else
        spec["pipelineRef"] = std::move(spec_or_ref);
    json::array params;
    for (const auto& p : st.parameters)
        if (p.value)
            params.push_back(json::object{{"name", p.name}, {"value", *p.value}});
    if (!params.empty())
        spec["params"] = std::move(params);
    if (st.active_deadline_seconds)
        spec["timeouts"] = json::object{{"pipeline", std::to_string(*st.active_deadline_seconds) + "s"}};
    json::object trt, pod;
    if (!st.service_account.empty())
        trt["serviceAccountName"] = st.service_account;
    if (!st.node_selector.empty())
        pod["nodeSelector"] = string_map(st.node_selector);
    if (!st.tolerations.empty()) {
        json::array a;
        for (const auto& t : st.tolerations)
            a.push_back(toleration_json(t));
        pod["tolerations"] = std::move(a);
    }
    if (!st.image_pull_secrets.empty()) {
        json::array a;
        for (const auto& n : st.image_pull_secrets)
            a.push_back(json::object{{"name", n}});
        pod["imagePullSecrets"] = std::move(a);
    }
    if (!st.security_context.empty())
        pod["securityContext"] = st.security_context;
    if (!pod.empty())
        trt["podTemplate"] = std::move(pod);
    if (!trt.empty())
        spec["taskRunTemplate"] = std::move(trt);
    if (!task_run_specs_.empty())
        spec["taskRunSpecs"] = json::array(task_run_specs_.begin(), task_run_specs_.end());
    json::array ws;
    if (artifacts_used_) {
        json::object claim{{"spec", json::object{{"accessModes", json::array{"ReadWriteOnce"}},
                                                 {"resources", json::object{{"requests", json::object{{"storage", opt_.artifact_storage}}}}}}}};
        ws.push_back(json::object{{"name", "couler-artifacts"}, {"volumeClaimTemplate", std::move(claim)}});
    }
    for (const auto& w : workspaces_used_) {
        json::object b{{"name", w}};
        for (const auto& v : st.volumes)
            if (v.name == w) {
                json::object k = volume_json(v);
                k.erase("name");
                if (auto* e = k.if_contains("emptyDir"))
                    b["emptyDir"] = *e;
                else if (auto* c = k.if_contains("persistentVolumeClaim"))
                    b["persistentVolumeClaim"] = *c;
                else if (auto* m = k.if_contains("configMap"))
                    b["configMap"] = *m;
                else if (auto* s = k.if_contains("secret"))
                    b["secret"] = *s;
            }
        for (const auto& c : st.volume_claim_templates)
            if (c.name == w) {
                json::object cs;
                cs["accessModes"] = c.access_modes.empty() ? json::array{"ReadWriteOnce"} : strings(c.access_modes);
                if (!c.storage.empty())
                    cs["resources"] = json::object{{"requests", json::object{{"storage", c.storage}}}};
                if (!c.storage_class.empty())
                    cs["storageClassName"] = c.storage_class;
                b["volumeClaimTemplate"] = json::object{{"spec", std::move(cs)}};
            }
        ws.push_back(std::move(b));
    }
    if (!ws.empty())
        spec["workspaces"] = std::move(ws);
    json::object doc{{"apiVersion", "tekton.dev/v1"}, {"kind", "PipelineRun"}, {"metadata", metadata("PipelineRun")},
                     {"spec", std::move(spec)}};
    merge_extension(doc, wf_.extensions);
    return doc;
}

} // namespace detail
} // namespace couler

#endif
