// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_IMPL_ARGO_DOCUMENT_HPP
#define COULER_EMIT_IMPL_ARGO_DOCUMENT_HPP

// Members of detail::argo_emitter (couler/emit/impl/argo.hpp): the Workflow document: metadata, spec and the workflow-level fields.

#include <couler/emit/impl/argo.hpp>

namespace couler {
namespace detail {

template <class S, class A>
json::object argo_emitter<S, A>::workflow_spec(json::array templates)
{
    const auto& st = wf_.settings;
    json::object spec;
    if (!wf_.entrypoint.empty() || !st.workflow_template_ref_)
        spec["entrypoint"] = wf_.entrypoint;
    if (!st.on_exit.empty()) {
        if (!wf_.find_template(st.on_exit))
            add(error::unknown_reference, "$.settings.on_exit", "on_exit names unknown template '" + st.on_exit + "'");
        spec["onExit"] = share_.target(st.on_exit);
    }
    if (!templates.empty() || !st.workflow_template_ref_)
        spec["templates"] = std::move(templates);
    if (!st.parameters.empty()) {
        json::array ps;
        for (const auto& p : st.parameters)
            ps.push_back(parameter_json(p, false));
        spec["arguments"] = json::object{{"parameters", std::move(ps)}};
    }
    if (!wf_.artifacts.empty()) {
        json::array as;
        for (const auto& a : wf_.artifacts)
            as.push_back(artifact_json(a, "workflow"));
        if (!spec["arguments"].is_object())
            spec["arguments"] = json::object{};
        spec["arguments"].as_object()["artifacts"] = std::move(as);
    }
    if (!st.service_account.empty())
        spec["serviceAccountName"] = st.service_account;
    if (st.active_deadline_seconds)
        spec["activeDeadlineSeconds"] = *st.active_deadline_seconds;
    if (st.ttl_seconds_after_finished)
        spec["ttlStrategy"] = json::object{{"secondsAfterCompletion", *st.ttl_seconds_after_finished}};
    if (st.parallelism)
        spec["parallelism"] = *st.parallelism;
    if (!st.volumes.empty()) {
        json::array vs;
        for (const auto& v : st.volumes)
            vs.push_back(sorted(volume_json(v)));
        spec["volumes"] = std::move(vs);
    }
    if (!st.volume_claim_templates.empty()) {
        json::array vs;
        for (const auto& v : st.volume_claim_templates) {
            json::object s;
            s["accessModes"] = strings(v.access_modes);
            s["resources"] = json::object{{"requests", json::object{{"storage", v.storage}}}};
            if (!v.storage_class.empty())
                s["storageClassName"] = v.storage_class;
            vs.push_back(json::object{{"metadata", json::object{{"name", v.name}}}, {"spec", std::move(s)}});
        }
        spec["volumeClaimTemplates"] = std::move(vs);
    }
    if (!st.image_pull_secrets.empty()) {
        json::array a;
        for (const auto& s : st.image_pull_secrets)
            a.push_back(json::object{{"name", s}});
        spec["imagePullSecrets"] = std::move(a);
    }
    if (!st.node_selector.empty())
        spec["nodeSelector"] = string_map(st.node_selector);
    if (!st.tolerations.empty()) {
        json::array a;
        for (const auto& x : st.tolerations)
            a.push_back(toleration_json(x));
        spec["tolerations"] = std::move(a);
    }
    if (!st.security_context.empty())
        spec["securityContext"] = st.security_context;
    workflow_extras(spec, st, [&](const basic_artifact<>& a) { return artifact_json(a, "workflow hook"); });
    if (!wf_.template_defaults.empty()) {
        const template_type& d = wf_.template_defaults.front();
        if (d.is_graph())
            add(error::not_expressible, "$.template_defaults", "template defaults with a graph body");
        else {
            json::object x = template_json(d, true);
            if (d.name.empty())
                x.erase("name");
            spec["templateDefaults"] = std::move(x);
        }
    }
    return opt_.python_sdk_layout ? sorted(std::move(spec)) : spec;
}

template <class S, class A>
json::value argo_emitter<S, A>::document(json::array templates)
{
    const auto& st = wf_.settings;
    json::object doc;
    doc["apiVersion"] = "argoproj.io/v1alpha1";
    const char* kind = "Workflow";
    if (st.kind == workflow_kind::workflow_template)
        kind = "WorkflowTemplate";
    else if (st.kind == workflow_kind::cluster_workflow_template)
        kind = "ClusterWorkflowTemplate";
    if (st.cron) {
        if (st.kind != workflow_kind::workflow)
            add(error::not_expressible, "$.settings.cron",
                "a cron schedule makes a CronWorkflow; it cannot also be a WorkflowTemplate");
        kind = "CronWorkflow";
    }
    doc["kind"] = kind;
    json::object meta;
    bool needs_name = std::string_view(kind) != "Workflow";
    if (!st.name.empty())
        meta["name"] = st.name;
    else if (needs_name) {
        std::string n = st.generate_name.empty() ? wf_.entrypoint : st.generate_name;
        while (!n.empty() && n.back() == '-')
            n.pop_back();
        meta["name"] = n;
    } else
        meta["generateName"] = st.generate_name.empty() ? wf_.entrypoint + "-" : st.generate_name;
    if (!st.namespace_.empty()) {
        if (st.kind == workflow_kind::cluster_workflow_template)
            add(error::not_expressible, "$.settings.namespace", "a ClusterWorkflowTemplate has no namespace");
        meta["namespace"] = st.namespace_;
    }
    if (!st.labels.empty())
        meta["labels"] = string_map(st.labels);
    if (!st.annotations.empty())
        meta["annotations"] = string_map(st.annotations);
    doc["metadata"] = std::move(meta);
    json::object spec = workflow_spec(std::move(templates));
    if (st.cron) {
        const auto& c = *st.cron;
        json::object cs;
        if (!c.schedule.empty() || c.schedules.empty())
            cs["schedule"] = c.schedule;
        if (!c.schedules.empty())
            cs["schedules"] = strings(c.schedules);
        if (c.schedule.empty() && c.schedules.empty())
            add(error::missing_field, "$.settings.cron.schedule", "a CronWorkflow needs a schedule");
        if (!c.when.empty())
            cs["when"] = c.when;
        if (!c.timezone.empty())
            cs["timezone"] = c.timezone;
        if (!c.concurrency_policy.empty())
            cs["concurrencyPolicy"] = c.concurrency_policy;
        if (c.starting_deadline_seconds)
            cs["startingDeadlineSeconds"] = *c.starting_deadline_seconds;
        if (c.successful_jobs_history_limit)
            cs["successfulJobsHistoryLimit"] = *c.successful_jobs_history_limit;
        if (c.failed_jobs_history_limit)
            cs["failedJobsHistoryLimit"] = *c.failed_jobs_history_limit;
        cs["suspend"] = c.suspend;
        cs["workflowSpec"] = std::move(spec);
        doc["spec"] = opt_.python_sdk_layout ? sorted(std::move(cs)) : cs;
    } else
        doc["spec"] = std::move(spec);
    merge_extension(doc, wf_.extensions);
    if (!probs_.empty())
        throw invalid_input(probs_);
    return doc;
}

} // namespace detail
} // namespace couler

#endif
