// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IMPORT_IMPL_ARGO_WORKFLOW_HPP
#define COULER_IMPORT_IMPL_ARGO_WORKFLOW_HPP

// Members of detail::argo::importer (couler/import/impl/argo.hpp): the workflow level: metadata,
// CronWorkflow fields, spec, volumes, volume claim templates, tolerations.

#include <couler/import/impl/argo.hpp>

namespace couler {
namespace detail {
namespace argo {

template <class S, class A>
void importer<S, A>::read_metadata(cursor& c, workflow_settings& s)
{
    c.str("name", s.name);
    c.str("generateName", s.generate_name);
    c.str("namespace", s.namespace_);
    c.string_map("labels", s.labels);
    c.string_map("annotations", s.annotations);
    c.finish();
}

template <class S, class A>
void importer<S, A>::read_cron(cursor& c, workflow_type& wf)
{
    cron_schedule cs;
    c.str("schedule", cs.schedule);
    c.str("timezone", cs.timezone);
    c.str("concurrencyPolicy", cs.concurrency_policy);
    c.integer("startingDeadlineSeconds", cs.starting_deadline_seconds);
    c.integer("successfulJobsHistoryLimit", cs.successful_jobs_history_limit);
    c.integer("failedJobsHistoryLimit", cs.failed_jobs_history_limit);
    c.boolean("suspend", cs.suspend);
    c.strings("schedules", cs.schedules);
    c.str("when", cs.when);
    wf.settings.cron = std::move(cs);
    auto ws = c.child("workflowSpec");
    if (!ws) {
        cx_.fail(c.path("workflowSpec"), error::missing_field, "a CronWorkflow needs a workflowSpec");
        return;
    }
    read_spec(*ws, wf);
    ws->finish();
}

template <class S, class A>
void importer<S, A>::read_spec(cursor& c, workflow_type& wf)
{
    auto& s = wf.settings;
    c.str("entrypoint", wf.entrypoint);
    if (auto args = c.child("arguments")) {
        read_parameters(*args, "parameters", s.parameters, false);
        read_artifacts(*args, "artifacts", wf.artifacts);
        args->finish();
    }
    c.str("serviceAccountName", s.service_account);
    c.integer("activeDeadlineSeconds", s.active_deadline_seconds);
    if (auto ttl = c.child("ttlStrategy")) {
        ttl->integer("secondsAfterCompletion", s.ttl_seconds_after_finished);
        ttl->integer("secondsAfterSuccess", s.ttl_seconds_after_success);
        ttl->integer("secondsAfterFailure", s.ttl_seconds_after_failure);
        ttl->finish();
    }
    if (auto r = c.child("workflowTemplateRef")) {
        workflow_template_ref w;
        r->str("name", w.name);
        r->boolean("clusterScope", w.cluster_scope);
        r->finish();
        s.workflow_template_ref_ = std::move(w);
    }
    if (auto y = c.child("synchronization"))
        s.synchronization = read_synchronization(*y);
    if (auto h = c.child("hooks"))
        read_hooks(*h, s.hooks);
    if (auto g = c.child("artifactGC")) {
        g->str("strategy", s.artifact_gc_strategy);
        g->finish();
    }
    read_pod_resources(c, s.pod_resources, s.resource_claims);
    read_metrics(c, s.metrics);
    if (auto r = c.child("artifactRepositoryRef")) {
        artifact_repository_ref a;
        r->str("configMap", a.config_map);
        r->str("key", a.key);
        r->finish();
        s.artifact_repository = std::move(a);
    }
    if (auto r = c.child("podGC")) {
        pod_gc_spec g;
        r->str("strategy", g.strategy);
        if (auto ls = r->take("labelSelector")) {
            if (ls->is_object())
                g.label_selector = ls->get_object();
            else
                cx_.fail(r->path("labelSelector"), error::wrong_type, "'labelSelector' must be a mapping");
        }
        r->str("deleteDelayDuration", g.delete_delay_duration);
        r->finish();
        s.pod_gc = std::move(g);
    }
    if (auto m = c.child("podMetadata")) {
        m->string_map("labels", s.pod_labels);
        m->string_map("annotations", s.pod_annotations);
        m->finish();
    }
    if (auto m = c.child("workflowMetadata")) {
        m->string_map("labels", s.workflow_labels);
        m->string_map("annotations", s.workflow_annotations);
        if (auto lf = m->child("labelsFrom")) {
            for (auto& kv : lf->object())
                if (auto e = lf->child(kv.key())) {
                    std::string x;
                    e->str("expression", x);
                    e->finish();
                    s.workflow_labels_from[std::string(kv.key())] = std::move(x);
                }
            lf->finish();
        }
        m->finish();
    }
    c.integer("parallelism", s.parallelism);
    if (auto a = c.list("volumes"))
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = c.element("volumes", *a, i))
                s.volumes.push_back(read_volume(*e));
    if (auto a = c.list("volumeClaimTemplates"))
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = c.element("volumeClaimTemplates", *a, i))
                s.volume_claim_templates.push_back(read_claim_template(*e));
    if (auto a = c.list("imagePullSecrets"))
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = c.element("imagePullSecrets", *a, i)) {
                std::string n;
                e->str("name", n);
                s.image_pull_secrets.push_back(std::move(n));
                e->finish();
            }
    c.string_map("nodeSelector", s.node_selector);
    read_tolerations(c, s.tolerations);
    if (auto sc = c.take("securityContext")) {
        if (sc->is_object())
            s.security_context = sc->get_object();
        else
            cx_.fail(c.path("securityContext"), error::wrong_type, "'securityContext' must be a mapping");
    }
    c.str("onExit", s.on_exit);
    if (const json::value* d = c.take("templateDefaults")) {
        if (d->is_object())
            wf.template_defaults.push_back(
                read_template_object(d->get_object(), c.path("templateDefaults"), true, true));
        else
            cx_.fail(c.path("templateDefaults"), error::wrong_type, "'templateDefaults' must be a mapping");
    }
    if (auto a = c.list("templates"))
        for (std::size_t i = 0; i < a->size(); ++i)
            read_template(c, *a, i, wf);
}

template <class S, class A>
volume importer<S, A>::read_volume(cursor& c)
{
    volume v;
    c.str("name", v.name);
    int kinds = 0;
    auto source = [&](const char* key, volume::source_kind k, const char* name_key) {
        if (!c.object().contains(key))
            return;
        if (++kinds > 1)
            return c.leave(key, "a second volume source");
        if (auto s = c.child(key)) {
            v.kind = k;
            if (name_key)
                s->str(name_key, v.source);
            if (k == volume::source_kind::empty_dir)
                s->str("medium", v.medium);
            if (k == volume::source_kind::persistent_volume_claim)
                s->boolean("readOnly", v.read_only);
            s->finish();
        }
    };
    source("emptyDir", volume::source_kind::empty_dir, nullptr);
    source("persistentVolumeClaim", volume::source_kind::persistent_volume_claim, "claimName");
    source("configMap", volume::source_kind::config_map, "name");
    source("secret", volume::source_kind::secret, "secretName");
    source("hostPath", volume::source_kind::host_path, "path");
    c.finish();
    return v;
}

template <class S, class A>
volume_claim_template importer<S, A>::read_claim_template(cursor& c)
{
    volume_claim_template t;
    if (auto m = c.child("metadata")) {
        m->str("name", t.name);
        m->finish();
    }
    if (auto s = c.child("spec")) {
        s->strings("accessModes", t.access_modes);
        s->str("storageClassName", t.storage_class);
        if (auto r = s->child("resources")) {
            if (auto q = r->child("requests")) {
                q->str("storage", t.storage);
                q->finish();
            }
            r->finish();
        }
        s->finish();
    }
    c.finish();
    return t;
}

template <class S, class A>
void importer<S, A>::read_tolerations(cursor& c, std::vector<toleration>& out)
{
    auto a = c.list("tolerations");
    if (!a)
        return;
    for (std::size_t i = 0; i < a->size(); ++i)
        if (auto e = c.element("tolerations", *a, i)) {
            toleration t;
            e->str("key", t.key);
            e->str("operator", t.operator_);
            e->str("value", t.value);
            e->str("effect", t.effect);
            e->integer("tolerationSeconds", t.toleration_seconds);
            e->finish();
            out.push_back(std::move(t));
        }
}

} // namespace argo
} // namespace detail
} // namespace couler

#endif
