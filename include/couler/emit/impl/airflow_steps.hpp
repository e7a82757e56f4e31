// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The Airflow emitter's checks and step lowering (declared in airflow_emitter.hpp).
#ifndef COULER_EMIT_IMPL_AIRFLOW_STEPS_HPP
#define COULER_EMIT_IMPL_AIRFLOW_STEPS_HPP

#include <couler/emit/detail/argo_fields.hpp>

namespace couler::detail {

/// True if `s` holds only characters of a name usable as a JSON key by the output wrapper.
inline bool af_plain_name(std::string_view s)
{
    if (s.empty())
        return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    return true;
}

template <class S, class A>
std::string airflow_emitter<S, A>::render(std::string_view s, const scope& sc, const std::string& path)
{
    std::string out;
    std::size_t last = 0;
    using k = reference::kind;
    for (const auto& r : find_references(s)) {
        out += airflow_jinja_literal(s.substr(last, r.begin - last));
        last = r.end;
        const std::string where = path + ": {{" + r.text + "}}";
        if (r.what == k::input_parameter && sc.inputs) {
            auto it = sc.inputs->find(r.name);
            if (it == sc.inputs->end())
                bad(path, "{{" + r.text + "}} names no input parameter of the template");
            else
                out += it->second;
        } else if (r.what == k::workflow_parameter) {
            bool known = false;
            for (const auto& p : wf_.settings.parameters)
                known = known || p.name == r.name;
            if (!known)
                bad(path, "{{" + r.text + "}} names no workflow parameter");
            out += param_ref(r.name);
        } else if (r.what == k::result || r.what == k::output_parameter) {
            std::string name = r.what == k::result ? "result" : r.name;
            auto it = step_task_.find(prefix_ + r.step);
            if (map_steps_.count(prefix_ + r.step))
                refuse(where, "the output of step '" + r.step +
                                  "', which runs as several tasks (a map, whose outputs Argo aggregates into a JSON "
                                  "list, or a flattened sub-workflow)");
            else if (it == step_task_.end())
                bad(where, "names no earlier step of the same graph");
            else if (!af_plain_name(name))
                bad(where, "output name '" + name + "' is not [A-Za-z0-9_-]");
            else
                out += "{{ ti.xcom_pull(task_ids=" + af_py(it->second) + ")[" + af_py(name) + "] }}";
        } else if (r.what == k::item && sc.item) {
            const boost::json::value* v = sc.item;
            if (!r.name.empty()) {
                const boost::json::object* o = v->if_object();
                v = o ? o->if_contains(r.name) : nullptr;
                if (!v) {
                    bad(where, "the map item has no key '" + r.name + "'");
                    continue;
                }
            }
            out += airflow_jinja_literal(v->is_string() ? std::string(v->get_string()) : boost::json::serialize(*v));
        } else if (r.what == k::workflow_other && (r.text == "workflow.name" || r.text == "workflow.uid")) {
            out += "{{ run_id }}"; // the DAG run's id names one run, as the workflow's name does
        } else if (r.what == k::workflow_other && r.text == "workflow.creationTimestamp") {
            out += "{{ ts }}";
        } else if (r.what == k::workflow_other && r.text == "workflow.namespace" && !wf_.settings.namespace_.empty()) {
            out += airflow_jinja_literal(wf_.settings.namespace_);
        } else {
            refuse(where, "this reference has no Airflow form (supported: inputs.parameters, workflow.parameters, "
                          "steps/tasks outputs.result and outputs.parameters, item, workflow.name/uid/namespace/creationTimestamp)");
        }
    }
    out += airflow_jinja_literal(s.substr(last));
    return out;
}

template <class S, class A> void airflow_emitter<S, A>::check_workflow()
{
    const auto& st = wf_.settings;
    const std::string p = "$.settings";
    auto no = [&](bool used, const char* field, const char* why) {
        if (used)
            refuse(p + "." + field, std::string(field) + ": " + why);
    };
    for (const auto& [k, v] : st.labels)
            no(k.size() + v.size() + 1 > 100, "labels", "a label longer than an Airflow tag (100 characters as key=value)");
    no(st.ttl_seconds_after_finished || st.ttl_seconds_after_success || st.ttl_seconds_after_failure, "ttl",
       "workflow TTLs have no Airflow form");
    no(!st.volume_claim_templates.empty(), "volume_claim_templates", "a per-run volume claim has no Airflow form");
    no(st.workflow_template_ref_.has_value(), "workflow_template_ref", "a spec from a WorkflowTemplate");
    no(st.synchronization.has_value(), "synchronization", "workflow locks have no Airflow form");
    no(st.artifact_repository.has_value(), "artifact_repository", "artifacts are not passed by this emitter");
    no(st.pod_gc.has_value(), "pod_gc", "pod garbage collection (the operator's on_finish_action deletes pods)");
    no(!st.workflow_labels.empty() || !st.workflow_annotations.empty() || !st.workflow_labels_from.empty(),
       "workflow_metadata", "workflow labels have no Airflow form");
    no(!st.artifact_gc_strategy.empty(), "artifact_gc_strategy", "artifacts are not passed by this emitter");
    no(!st.pod_resources.empty() || !st.resource_claims.empty(), "pod_resources", "pod-level resources/claims");
    no(!st.metrics.empty(), "metrics", "Prometheus metrics have no Airflow form");
    for (const auto& [name, h] : st.hooks)
        no(name != "exit", "hooks", "lifecycle hooks other than exit have no Airflow form");
    no(!wf_.artifacts.empty(), "artifacts", "workflow artifacts: artifacts are not passed by this emitter");
    no(!wf_.template_defaults.empty(), "template_defaults", "template defaults have no Airflow form");
    no(!wf_.extensions.empty(), "extensions", "engine-specific fields the IR does not model");
    if (st.cron) {
        const auto& c = *st.cron;
        no(!c.timezone.empty(), "cron.timezone", "a schedule time zone");
        no(!c.schedules.empty(), "cron.schedules", "several schedules in one DAG");
        no(!c.when.empty(), "cron.when", "a schedule condition");
        no(c.concurrency_policy != "" && c.concurrency_policy != "Allow", "cron.concurrency_policy",
           "Forbid/Replace");
        no(c.starting_deadline_seconds.has_value(), "cron.starting_deadline_seconds", "a starting deadline");
        no(c.successful_jobs_history_limit || c.failed_jobs_history_limit, "cron.history_limit", "history limits");
    }
    for (const auto& prm : st.parameters) {
        if (prm.from.config_map || !prm.from.path.empty() || !prm.from.expression.empty())
            refuse(p + ".parameters." + prm.name, "a workflow parameter read from elsewhere (value_from)");
        if (!prm.global_name.empty())
            refuse(p + ".parameters." + prm.name, "global_name");
    }
}

template <class S, class A>
void airflow_emitter<S, A>::check_step(const step_type& st, const std::string& path, bool exit_graph)
{
    auto no = [&](bool used, const std::string& what) {
        if (used)
            refuse(path, what);
    };
    no(st.repeat.has_value(), "exec_while (repeat) has no Airflow form: a DAG cannot loop");
    no(!st.with_param.empty(), "a map over an upstream output (with_param) needs dynamic task mapping "
                               "(.partial().expand()), which check_airflow_dag.py's stub does not accept");
    no(!st.artifact_arguments.empty(), "artifact arguments: artifacts are not passed by this emitter");
    no(st.continue_on_failed || st.continue_on_error, "continue_on (failed/error): no per-edge trigger rule");
    no(st.template_ref_.has_value(), "a template of a WorkflowTemplate (template_ref)");
    no(!st.hooks.empty(), "step lifecycle hooks");
    no(!st.inline_template.empty(), "an inline template");
    no(!st.extensions.empty(), "engine-specific step fields the IR does not model (extensions)");
    if (!st.depends.empty())
        no(st.depends.find_first_of(".|!") != std::string::npos,
           "a depends expression on step status (" + st.depends + "): only plain dependencies are lowered");
    if (exit_graph)
        no(st.is_map(), "a map in the exit handler");
}

template <class S, class A> void airflow_emitter<S, A>::check_template(const template_type& t, const std::string& p)
{
    auto no = [&](bool used, const std::string& what) {
        if (used)
            refuse(p, what);
    };
    auto k = t.kind();
    no(t.has_other_body(), "a container set or HTTP template");
    no(k == template_kind::job || k == template_kind::resource, "a Kubernetes resource/job template");
    no(k == template_kind::suspend, "a suspend template (no Airflow form)");
    no(t.daemon, "a daemon step");
    no(t.memoize.has_value(), "memoization");
    no(t.synchronization.has_value(), "locks (synchronization)");
    no(!t.sidecars.empty() || !t.init_containers.empty(), "sidecars / init containers");
    no(!t.pod_spec_patch.empty(), "a pod spec patch");
    no(!t.pod_resources.empty() || !t.resource_claims.empty(), "pod-level resources / resource claims");
    no(!t.metrics.empty(), "Prometheus metrics");
    no(!t.annotations.empty(), "node annotations");
    no(!t.extensions.empty(), "engine-specific template fields the IR does not model (extensions)");
    no(t.parallelism.has_value(), "parallelism of a leaf template");
    no(!t.inputs.artifacts.empty() || !t.outputs.artifacts.empty(),
       "input/output artifacts: artifacts are not passed by this emitter (only small values through XCom)");
    for (const auto& prm : t.outputs.parameters) {
        const auto& f = prm.from;
        if (f.path.empty() || !f.json_path.empty() || !f.jq_filter.empty() || !f.expression.empty() ||
            !f.parameter.empty() || f.default_value || f.supplied || f.config_map)
            refuse(p + ".outputs." + prm.name, "an output parameter not read from a file (value_from.path)");
        if (!prm.global_name.empty())
            refuse(p + ".outputs." + prm.name, "a global output parameter");
        if (!af_plain_name(prm.name))
            bad(p + ".outputs." + prm.name, "output name is not [A-Za-z0-9_-]");
    }
    for (const auto& prm : t.inputs.parameters)
        if (prm.from.config_map || !prm.from.path.empty() || !prm.from.expression.empty())
            refuse(p + ".inputs." + prm.name, "an input parameter read from elsewhere (value_from)");
    if (t.retry) {
        const auto& r = *t.retry;
        no(r.unlimited || !r.limit_expression.empty() || !r.expression.empty(),
           "retry: unlimited, an expression limit or a retry expression");
        no(!(r.policy.empty() || r.policy == "Always" || r.policy == "OnFailure" || r.policy == "OnError"),
           "retry policy " + r.policy);
        if (r.back_off) {
            const auto& b = *r.back_off;
            no(!b.max_duration.empty(), "retry backoff max_duration (a bound on all retries)");
            no(b.factor && *b.factor != 1 && *b.factor != 2,
               "retry backoff factor " + std::to_string(b.factor.value_or(0)) +
                   " (Airflow's exponential backoff doubles: factor 2 only)");
            no(argo_duration_seconds(b.duration.empty() ? "0" : b.duration) < 0, "retry backoff duration " + b.duration);
            no(!b.cap.empty() && argo_duration_seconds(b.cap) < 0, "retry backoff cap " + b.cap);
        }
    }
    no(!t.timeout.empty() && argo_duration_seconds(t.timeout) < 0, "a timeout that is not a duration: " + t.timeout);
    no(!t.total_timeout.empty() && argo_duration_seconds(t.total_timeout) < 0,
       "a timeout that is not a duration: " + t.total_timeout);
    if (const container_spec* c = t.container(); c && !t.has_other_body()) {
        no(!c->readiness_probe.empty() || !c->liveness_probe.empty() || !c->startup_probe.empty(), "probes");
        no(!c->lifecycle.empty(), "container lifecycle handlers");
        no(!c->resources.claims.empty(), "resource claims");
        no(c->image.empty(), "a container without an image");
        if (k == template_kind::script) {
            const auto& cmd = c->command ? *c->command : std::vector<std::string>{};
            std::string base = cmd.empty() ? "" : cmd[0].substr(cmd[0].rfind('/') + 1);
            no(cmd.size() != 1 || !(base == "python" || base == "python3" || base == "sh" || base == "bash"),
               "a script whose command is not one of python, python3, sh, bash (lowered with -c)");
        }
    }
}

template <class S, class A> void airflow_emitter<S, A>::scan_output_refs(const graph_type& g)
{
    const auto& bg = g.boost_graph();
    for (auto [it, end] = boost::vertices(bg); it != end; ++it) {
        const step_type& st = g[*it];
        std::vector<std::string_view> texts{st.when};
        for (const auto& a : st.arguments)
            if (a.value)
                texts.push_back(*a.value);
        for (auto t : texts)
            for (const auto& r : find_references(t))
                if (r.what == reference::kind::result || r.what == reference::kind::output_parameter)
                    outs_[prefix_ + r.step].insert(r.what == reference::kind::result ? "result" : r.name);
    }
}

template <class S, class A>
std::vector<std::optional<boost::json::value>> airflow_emitter<S, A>::instances(const step_type& st,
                                                                                const std::string& path)
{
    std::vector<std::optional<boost::json::value>> out;
    if (!st.with_items.empty()) {
        for (const auto& v : st.with_items)
            out.emplace_back(v);
    } else if (st.with_sequence) {
        const auto& q = *st.with_sequence;
        auto num = [](const std::string& s, std::int64_t& v) {
            if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos)
                return false;
            v = std::stoll(s);
            return true;
        };
        std::int64_t start = 0, end = 0, count = 0;
        bool ok = q.format.empty() && (q.start.empty() || num(q.start, start));
        if (!q.count.empty())
            ok = ok && num(q.count, count), end = start + count - 1;
        else
            ok = ok && num(q.end, end);
        if (!ok || end - start > 10000) {
            refuse(path, "a sequence that is not literal numbers (or a format, or over 10000 items)");
            return {std::nullopt};
        }
        for (std::int64_t i = start; i <= end; ++i)
            out.emplace_back(boost::json::value(std::to_string(i)));
        for (std::int64_t i = start; i >= end && start > end; --i)
            out.emplace_back(boost::json::value(std::to_string(i)));
    } else {
        out.emplace_back(std::nullopt);
    }
    return out;
}

} // namespace couler::detail

#include <couler/emit/impl/airflow_tasks.hpp>

#endif
