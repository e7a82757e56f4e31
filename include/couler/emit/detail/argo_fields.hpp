// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_DETAIL_ARGO_FIELDS_HPP
#define COULER_EMIT_DETAIL_ARGO_FIELDS_HPP

// The Argo JSON of the IR's pod-level and workflow-level features that the Python SDK never
// writes (so no golden file fixes their key order): volumes, synchronization, lifecycle hooks,
// template references, sidecars, container sets, HTTP templates, retry strategies, pod GC,
// pod and workflow metadata.

#include <couler/emit/detail/argo_pieces.hpp>

namespace couler {
namespace detail {

inline json::object volume_json(const volume& v)
{
    json::object x;
    switch (v.kind) {
    case volume::source_kind::empty_dir:
        x["emptyDir"] = v.medium.empty() ? json::object{} : json::object{{"medium", v.medium}};
        break;
    case volume::source_kind::persistent_volume_claim: {
        json::object c{{"claimName", v.source}};
        if (v.read_only)
            c["readOnly"] = true;
        x["persistentVolumeClaim"] = std::move(c);
        break;
    }
    case volume::source_kind::config_map: x["configMap"] = json::object{{"name", v.source}}; break;
    case volume::source_kind::secret: x["secret"] = json::object{{"secretName", v.source}}; break;
    case volume::source_kind::host_path: x["hostPath"] = json::object{{"path", v.source}}; break;
    }
    x["name"] = v.name;
    return x;
}

inline json::array volumes_json(const std::vector<volume>& vs)
{
    json::array a;
    for (const auto& v : vs)
        a.push_back(volume_json(v));
    return a;
}

inline json::object synchronization_json(const synchronization_spec& y)
{
    json::object o;
    if (!y.mutexes.empty()) {
        json::array a;
        for (const auto& m : y.mutexes) {
            json::object x{{"name", m.name}};
            if (!m.namespace_.empty())
                x["namespace"] = m.namespace_;
            if (m.database)
                x["database"] = true;
            a.push_back(std::move(x));
        }
        o["mutexes"] = std::move(a);
    }
    if (!y.semaphores.empty()) {
        json::array a;
        for (const auto& m : y.semaphores) {
            json::object x;
            if (m.config_map)
                x["configMapKeyRef"] = secret_ref(*m.config_map);
            if (!m.database_key.empty())
                x["database"] = json::object{{"key", m.database_key}};
            if (!m.namespace_.empty())
                x["namespace"] = m.namespace_;
            a.push_back(std::move(x));
        }
        o["semaphores"] = std::move(a);
    }
    return o;
}

inline json::object template_ref_json(const template_ref& r)
{
    json::object o{{"name", r.name}, {"template", r.template_name}};
    if (r.cluster_scope)
        o["clusterScope"] = true;
    return o;
}

/// `artifact(a)` gives the Argo JSON of a hook's artifact argument.
template <class F> json::object hooks_json(const lifecycle_hooks& hs, F&& artifact)
{
    json::object o;
    for (const auto& [name, h] : hs) {
        json::object x;
        if (!h.template_name.empty())
            x["template"] = h.template_name;
        if (h.template_ref_)
            x["templateRef"] = template_ref_json(*h.template_ref_);
        if (!h.expression.empty())
            x["expression"] = h.expression;
        if (!h.arguments.empty()) {
            json::array ps;
            for (const auto& p : h.arguments)
                ps.push_back(parameter_json(p, false));
            x["arguments"] = json::object{{"parameters", std::move(ps)}};
        }
        if (!h.artifact_arguments.empty()) {
            json::array as;
            for (const auto& a : h.artifact_arguments)
                as.push_back(artifact(a));
            if (!x["arguments"].is_object())
                x["arguments"] = json::object{};
            x["arguments"].as_object()["artifacts"] = std::move(as);
        }
        o[name] = std::move(x);
    }
    return o;
}

/// Container fields beyond the Python SDK's: name, probes, lifecycle, security context.
inline void container_extras(json::object& o, const container_spec& c)
{
    if (!c.name.empty())
        o["name"] = c.name;
    if (!c.readiness_probe.empty())
        o["readinessProbe"] = c.readiness_probe;
    if (!c.liveness_probe.empty())
        o["livenessProbe"] = c.liveness_probe;
    if (!c.startup_probe.empty())
        o["startupProbe"] = c.startup_probe;
    if (!c.lifecycle.empty())
        o["lifecycle"] = c.lifecycle;
    if (!c.security_context.empty())
        o["securityContext"] = c.security_context;
}

inline json::object full_container_json(const container_spec& c, const std::string* source = nullptr)
{
    json::object o = container_json(c, source);
    container_extras(o, c);
    return o;
}

inline json::array user_containers_json(const std::vector<user_container>& us)
{
    json::array a;
    for (const auto& u : us) {
        json::object o = full_container_json(u.container);
        if (u.mirror_volume_mounts)
            o["mirrorVolumeMounts"] = true;
        a.push_back(std::move(o));
    }
    return a;
}

inline json::array volume_mounts_json(const std::vector<volume_mount>& ms)
{
    json::array vm;
    for (const auto& m : ms) {
        json::object x;
        x["name"] = m.name;
        x["mountPath"] = m.mount_path;
        if (!m.sub_path.empty())
            x["subPath"] = m.sub_path;
        if (m.read_only)
            x["readOnly"] = true;
        vm.push_back(std::move(x));
    }
    return vm;
}

inline json::object container_set_json(const container_set_spec& cs)
{
    json::object o;
    json::array cs_list;
    for (const auto& n : cs.containers) {
        json::object x = full_container_json(n.container);
        if (!n.dependencies.empty())
            x["dependencies"] = strings(n.dependencies);
        cs_list.push_back(std::move(x));
    }
    o["containers"] = std::move(cs_list);
    if (!cs.volume_mounts.empty())
        o["volumeMounts"] = volume_mounts_json(cs.volume_mounts);
    return o;
}

inline json::object http_json(const http_spec& h)
{
    json::object o{{"url", h.url}};
    if (!h.method.empty())
        o["method"] = h.method;
    if (!h.headers.empty()) {
        json::array a;
        for (const auto& x : h.headers) {
            json::object e{{"name", x.name}};
            if (x.secret)
                e["valueFrom"] = json::object{{"secretKeyRef", secret_ref(*x.secret)}};
            else
                e["value"] = x.value;
            a.push_back(std::move(e));
        }
        o["headers"] = std::move(a);
    }
    if (!h.body.empty())
        o["body"] = h.body;
    if (!h.success_condition.empty())
        o["successCondition"] = h.success_condition;
    if (h.timeout_seconds)
        o["timeoutSeconds"] = *h.timeout_seconds;
    if (h.insecure_skip_verify)
        o["insecureSkipVerify"] = true;
    return o;
}

inline json::object retry_json(const retry_strategy& rs)
{
    json::object r;
    if (!rs.limit_expression.empty())
        r["limit"] = rs.limit_expression;
    else if (!rs.unlimited)
        r["limit"] = rs.limit;
    if (!rs.policy.empty())
        r["retryPolicy"] = rs.policy;
    if (rs.back_off) {
        json::object b;
        if (!rs.back_off->duration.empty())
            b["duration"] = rs.back_off->duration;
        if (rs.back_off->factor)
            b["factor"] = *rs.back_off->factor;
        if (!rs.back_off->max_duration.empty())
            b["maxDuration"] = rs.back_off->max_duration;
        if (!rs.back_off->cap.empty())
            b["cap"] = rs.back_off->cap;
        r["backoff"] = std::move(b);
    }
    if (!rs.expression.empty())
        r["expression"] = rs.expression;
    return r;
}

inline json::object resources_json(const resource_requirements& r)
{
    json::object o;
    if (!r.limits.empty())
        o["limits"] = string_map(r.limits);
    if (!r.requests.empty())
        o["requests"] = string_map(r.requests);
    if (!r.claims.empty()) {
        json::array a;
        for (const auto& c : r.claims)
            a.push_back(json::object{{"name", c}});
        o["claims"] = std::move(a);
    }
    return o;
}

inline json::object metrics_json(const std::vector<prometheus_metric>& ms)
{
    json::array a;
    for (const auto& m : ms) {
        json::object x{{"name", m.name}};
        if (!m.help.empty())
            x["help"] = m.help;
        if (!m.labels.empty()) {
            json::array ls;
            for (const auto& [k, v] : m.labels)
                ls.push_back(json::object{{"key", k}, {"value", v}});
            x["labels"] = std::move(ls);
        }
        if (!m.when.empty())
            x["when"] = m.when;
        json::object body{{"value", m.value}};
        if (m.realtime)
            body["realtime"] = *m.realtime;
        if (!m.buckets.empty()) {
            json::array bs;
            for (double b : m.buckets)
                bs.emplace_back(b);
            body["buckets"] = std::move(bs);
        }
        x[m.kind.empty() ? "gauge" : m.kind] = std::move(body);
        a.push_back(std::move(x));
    }
    return json::object{{"prometheus", std::move(a)}};
}

/// podResources and resourceClaims, of a template or of the workflow.
inline void pod_resources_json(json::object& o, const resource_requirements& pr, const std::vector<resource_claim>& rc)
{
    if (!pr.empty())
        o["podResources"] = resources_json(pr);
    if (!rc.empty()) {
        json::array a;
        for (const auto& c : rc) {
            json::object x{{"name", c.name}};
            if (!c.claim_name.empty())
                x["resourceClaimName"] = c.claim_name;
            if (!c.template_name.empty())
                x["resourceClaimTemplateName"] = c.template_name;
            a.push_back(std::move(x));
        }
        o["resourceClaims"] = std::move(a);
    }
}

/// Workflow-level fields beyond the Python SDK's, added to `spec`.
template <class F> void workflow_extras(json::object& spec, const workflow_settings& st, F&& artifact)
{
    if (st.ttl_seconds_after_success || st.ttl_seconds_after_failure) {
        json::object& ttl = spec["ttlStrategy"].is_object() ? spec["ttlStrategy"].as_object()
                                                            : (spec["ttlStrategy"] = json::object{}).as_object();
        if (st.ttl_seconds_after_success)
            ttl["secondsAfterSuccess"] = *st.ttl_seconds_after_success;
        if (st.ttl_seconds_after_failure)
            ttl["secondsAfterFailure"] = *st.ttl_seconds_after_failure;
    }
    if (st.workflow_template_ref_) {
        json::object r{{"name", st.workflow_template_ref_->name}};
        if (st.workflow_template_ref_->cluster_scope)
            r["clusterScope"] = true;
        spec["workflowTemplateRef"] = std::move(r);
    }
    if (st.synchronization)
        spec["synchronization"] = synchronization_json(*st.synchronization);
    if (!st.hooks.empty())
        spec["hooks"] = hooks_json(st.hooks, artifact);
    if (!st.artifact_gc_strategy.empty())
        spec["artifactGC"] = json::object{{"strategy", st.artifact_gc_strategy}};
    pod_resources_json(spec, st.pod_resources, st.resource_claims);
    if (!st.metrics.empty())
        spec["metrics"] = metrics_json(st.metrics);
    if (st.artifact_repository) {
        json::object r;
        if (!st.artifact_repository->config_map.empty())
            r["configMap"] = st.artifact_repository->config_map;
        if (!st.artifact_repository->key.empty())
            r["key"] = st.artifact_repository->key;
        spec["artifactRepositoryRef"] = std::move(r);
    }
    if (st.pod_gc) {
        json::object g;
        if (!st.pod_gc->strategy.empty())
            g["strategy"] = st.pod_gc->strategy;
        if (!st.pod_gc->label_selector.empty())
            g["labelSelector"] = st.pod_gc->label_selector;
        if (!st.pod_gc->delete_delay_duration.empty())
            g["deleteDelayDuration"] = st.pod_gc->delete_delay_duration;
        spec["podGC"] = std::move(g);
    }
    if (!st.pod_labels.empty() || !st.pod_annotations.empty()) {
        json::object m;
        if (!st.pod_labels.empty())
            m["labels"] = string_map(st.pod_labels);
        if (!st.pod_annotations.empty())
            m["annotations"] = string_map(st.pod_annotations);
        spec["podMetadata"] = std::move(m);
    }
    if (!st.workflow_labels.empty() || !st.workflow_annotations.empty() || !st.workflow_labels_from.empty()) {
        json::object m;
        if (!st.workflow_labels.empty())
            m["labels"] = string_map(st.workflow_labels);
        if (!st.workflow_annotations.empty())
            m["annotations"] = string_map(st.workflow_annotations);
        if (!st.workflow_labels_from.empty()) {
            json::object lf;
            for (const auto& [k, e] : st.workflow_labels_from)
                lf[k] = json::object{{"expression", e}};
            m["labelsFrom"] = std::move(lf);
        }
        spec["workflowMetadata"] = std::move(m);
    }
}

} // namespace detail
} // namespace couler

#endif
