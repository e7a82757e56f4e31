// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IMPORT_IMPL_ARGO_POD_HPP
#define COULER_IMPORT_IMPL_ARGO_POD_HPP

// Members of detail::argo::importer (couler/import/impl/argo.hpp): pod-level fields: synchronization, hooks, sidecars, container sets, HTTP templates, resources, metrics.

#include <couler/import/impl/argo.hpp>

namespace couler {
namespace detail {
namespace argo {

template <class S, class A>
synchronization_spec importer<S, A>::read_synchronization(cursor& c)
{
    synchronization_spec y;
    if (auto a = c.list("mutexes"))
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = c.element("mutexes", *a, i)) {
                mutex_lock m;
                e->str("name", m.name);
                e->str("namespace", m.namespace_);
                e->boolean("database", m.database);
                e->finish();
                y.mutexes.push_back(std::move(m));
            }
    if (auto a = c.list("semaphores"))
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = c.element("semaphores", *a, i)) {
                semaphore_lock m;
                m.config_map = read_secret_ref(*e, "configMapKeyRef");
                if (auto d = e->child("database")) {
                    d->str("key", m.database_key);
                    d->finish();
                }
                e->str("namespace", m.namespace_);
                e->finish();
                y.semaphores.push_back(std::move(m));
            }
    c.finish();
    return y;
}

template <class S, class A>
template_ref importer<S, A>::read_template_ref(cursor& c)
{
    template_ref r;
    c.str("name", r.name);
    c.str("template", r.template_name);
    c.boolean("clusterScope", r.cluster_scope);
    c.finish();
    return r;
}

template <class S, class A>
void importer<S, A>::read_hooks(cursor& c, lifecycle_hooks& out)
{
    for (auto& kv : c.object())
        if (auto h = c.child(kv.key())) {
            lifecycle_hook x;
            h->str("template", x.template_name);
            if (auto r = h->child("templateRef"))
                x.template_ref_ = read_template_ref(*r);
            h->str("expression", x.expression);
            if (auto args = h->child("arguments")) {
                read_parameters(*args, "parameters", x.arguments, false);
                read_artifacts(*args, "artifacts", x.artifact_arguments);
                args->finish();
            }
            h->finish();
            out[std::string(kv.key())] = std::move(x);
        }
    c.finish();
}

template <class S, class A>
void importer<S, A>::read_user_containers(cursor& c, const char* key, std::vector<user_container>& out)
{
    if (auto a = c.list(key))
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = c.element(key, *a, i)) {
                user_container u;
                read_container(*e, u.container);
                e->boolean("mirrorVolumeMounts", u.mirror_volume_mounts);
                e->finish();
                out.push_back(std::move(u));
            }
}

template <class S, class A>
void importer<S, A>::read_volume_mounts(cursor& c, std::vector<volume_mount>& out)
{
    if (auto a = c.list("volumeMounts"))
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = c.element("volumeMounts", *a, i)) {
                volume_mount m;
                e->str("name", m.name);
                e->str("mountPath", m.mount_path);
                e->str("subPath", m.sub_path);
                e->boolean("readOnly", m.read_only);
                e->finish();
                out.push_back(std::move(m));
            }
}

template <class S, class A>
container_set_spec importer<S, A>::read_container_set(cursor& c)
{
    container_set_spec cs;
    if (auto a = c.list("containers"))
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = c.element("containers", *a, i)) {
                container_node n;
                read_container(*e, n.container);
                e->strings("dependencies", n.dependencies);
                e->finish();
                cs.containers.push_back(std::move(n));
            }
    read_volume_mounts(c, cs.volume_mounts);
    c.finish();
    return cs;
}

template <class S, class A>
http_spec importer<S, A>::read_http(cursor& c)
{
    http_spec h;
    c.str("url", h.url);
    c.str("method", h.method);
    if (auto a = c.list("headers"))
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = c.element("headers", *a, i)) {
                http_header x;
                e->str("name", x.name);
                e->str("value", x.value);
                if (auto f = e->child("valueFrom")) {
                    x.secret = read_secret_ref(*f, "secretKeyRef");
                    f->finish();
                }
                e->finish();
                h.headers.push_back(std::move(x));
            }
    c.str("body", h.body);
    c.str("successCondition", h.success_condition);
    c.integer("timeoutSeconds", h.timeout_seconds);
    c.boolean("insecureSkipVerify", h.insecure_skip_verify);
    c.finish();
    return h;
}

template <class S, class A>
void importer<S, A>::read_requirements(cursor& r, resource_requirements& out)
{
    r.string_map("requests", out.requests);
    r.string_map("limits", out.limits);
    if (auto a = r.list("claims"))
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = r.element("claims", *a, i)) {
                std::string n;
                e->str("name", n);
                e->finish();
                out.claims.push_back(std::move(n));
            }
    r.finish();
}

template <class S, class A>
void importer<S, A>::read_pod_resources(cursor& c, resource_requirements& pr, std::vector<resource_claim>& claims)
{
    if (auto r = c.child("podResources"))
        read_requirements(*r, pr);
    if (auto a = c.list("resourceClaims"))
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = c.element("resourceClaims", *a, i)) {
                resource_claim rc;
                e->str("name", rc.name);
                e->str("resourceClaimName", rc.claim_name);
                e->str("resourceClaimTemplateName", rc.template_name);
                e->finish();
                claims.push_back(std::move(rc));
            }
}

template <class S, class A>
void importer<S, A>::read_metrics(cursor& c, std::vector<prometheus_metric>& out)
{
    auto m = c.child("metrics");
    if (!m)
        return;
    if (auto a = m->list("prometheus"))
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = m->element("prometheus", *a, i)) {
                prometheus_metric x;
                e->str("name", x.name);
                e->str("help", x.help);
                e->str("when", x.when);
                if (auto ls = e->list("labels"))
                    for (std::size_t j = 0; j < ls->size(); ++j)
                        if (auto l = e->element("labels", *ls, j)) {
                            std::pair<std::string, std::string> kv;
                            l->str("key", kv.first);
                            l->str("value", kv.second);
                            l->finish();
                            x.labels.push_back(std::move(kv));
                        }
                int kinds = 0;
                for (const char* k : {"gauge", "counter", "histogram"})
                    if (e->object().contains(k) && ++kinds == 1)
                        if (auto g = e->child(k)) {
                            x.kind = k;
                            g->str("value", x.value);
                            if (x.kind == "gauge" && g->object().contains("realtime")) {
                                bool b = false;
                                if (g->boolean("realtime", b))
                                    x.realtime = b;
                            }
                            if (x.kind == "histogram")
                                if (auto bs = g->list("buckets")) {
                                    bool ok = true;
                                    for (auto& b : *bs)
                                        ok = ok && b.is_number();
                                    if (ok)
                                        for (auto& b : *bs)
                                            x.buckets.push_back(b.to_number<double>());
                                    else
                                        g->leave("buckets", "a bucket that is not a number");
                                }
                            g->finish();
                        }
                e->finish();
                out.push_back(std::move(x));
            }
    m->finish();
}

} // namespace argo
} // namespace detail
} // namespace couler

#endif
