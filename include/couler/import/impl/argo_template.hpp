// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IMPORT_IMPL_ARGO_TEMPLATE_HPP
#define COULER_IMPORT_IMPL_ARGO_TEMPLATE_HPP

// Members of detail::argo::importer (couler/import/impl/argo.hpp): templates: the template object, its
// container, resource, retry and memoize fields.

#include <couler/import/impl/argo.hpp>

namespace couler {
namespace detail {
namespace argo {

template <class S, class A>
void importer<S, A>::read_template(cursor& parent, const json::array& list, std::size_t i, workflow_type& wf)
{
    std::string path = index_path(parent.path("templates"), i);
    if (!list[i].is_object()) {
        cx_.fail(path, error::wrong_type, "each template must be a mapping");
        return;
    }
    template_type t = read_template_object(list[i].get_object(), path, false);
    try {
        wf.add_template(std::move(t));
    } catch (const std::invalid_argument& e) {
        cx_.fail(path + ".name", error::duplicate_name, e.what());
    }
}

template <class S, class A>
typename importer<S, A>::template_type
importer<S, A>::read_template_object(const json::object& obj, const std::string& path, bool inline_, bool defaults)
{
    ext_sink sink;
    cursor c(cx_, obj, path, sink, {});
    template_type t;
    if (!c.str("name", t.name) && !inline_)
        cx_.fail(path + ".name", error::missing_field, "a template needs a name");
    if (auto in = c.child("inputs"))
        read_io(*in, t.inputs, false);
    if (auto out = c.child("outputs"))
        read_io(*out, t.outputs, true);
    c.string_map("nodeSelector", t.node_selector);
    read_tolerations(c, t.tolerations);
    c.boolean("daemon", t.daemon);
    // The IR's timeout is the whole-step deadline, which Argo calls activeDeadlineSeconds
    // (Argo's own `timeout` is another field, kept as a leftover).
    if (auto d = c.take("activeDeadlineSeconds")) {
        if (!scalar_text(*d, t.timeout))
            cx_.fail(c.path("activeDeadlineSeconds"), error::wrong_type,
                     "'activeDeadlineSeconds' must be an integer or a string");
    }
    c.integer("parallelism", t.parallelism, true);
    if (auto r = c.child("retryStrategy"))
        t.retry = read_retry(*r);
    if (auto m = c.child("memoize"))
        t.memoize = read_memoize(*m);
    if (auto d = c.take("timeout")) {
        if (!scalar_text(*d, t.total_timeout))
            cx_.fail(c.path("timeout"), error::wrong_type, "'timeout' must be a string");
    }
    if (auto y = c.child("synchronization"))
        t.synchronization = read_synchronization(*y);
    read_user_containers(c, "sidecars", t.sidecars);
    read_user_containers(c, "initContainers", t.init_containers);
    if (auto a = c.list("volumes"))
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = c.element("volumes", *a, i))
                t.volumes.push_back(read_volume(*e));
    c.str("podSpecPatch", t.pod_spec_patch);
    read_pod_resources(c, t.pod_resources, t.resource_claims);
    read_metrics(c, t.metrics);
    c.string_map("annotations", t.annotations);

    static const char* const bodies[] = {"container", "script", "resource", "suspend", "steps", "dag",
                                         "containerSet", "http"};
    int kinds = 0;
    for (const char* b : bodies)
        if (c.object().contains(b) && !c.object().at(b).is_null())
            ++kinds;
    if (kinds > 1)
        cx_.fail(path, error::bad_value,
                 "template '" + t.name +
                     "' has more than one of container, script, resource, suspend, steps, dag, containerSet, http");
    bool steps_body = false;
    if (auto x = c.child("containerSet")) {
        t.container_set = read_container_set(*x);
    } else if (auto x = c.child("http")) {
        t.http = read_http(*x);
    } else if (auto x = c.child("container")) {
        container_spec cs;
        read_container(*x, cs);
        x->finish();
        t.body = std::move(cs);
    } else if (auto x = c.child("script")) {
        script_spec ss;
        read_container(*x, ss.container);
        x->str("source", ss.source);
        x->finish();
        t.body = std::move(ss);
    } else if (auto x = c.child("resource")) {
        t.body = read_resource(*x);
    } else if (auto x = c.child("suspend")) {
        suspend_spec sp;
        x->str("duration", sp.duration);
        x->finish();
        t.body = sp;
    } else if (c.object().contains("steps")) {
        t.body = read_steps(c);
        steps_body = true;
    } else if (auto x = c.child("dag")) {
        graph_type g = read_dag(*x);
        if (x->object().contains("failFast")) {
            bool ff = true;
            if (x->boolean("failFast", ff))
                g.fail_fast = ff;
        }
        x->str("target", g.target);
        t.body = std::move(g);
        x->finish();
    } else if (kinds == 0 && !has_other_body(c.object()) && !defaults) {
        cx_.fail(path, error::missing_field,
                 "template '" + t.name + "' has none of container, script, resource, suspend, steps, dag");
    }
    // A steps template's failFast is the IR graph's fail_fast (a DAG's is under `dag`).
    if (steps_body && c.object().contains("failFast")) {
        bool ff = true;
        if (c.boolean("failFast", ff))
            t.graph()->fail_fast = ff;
    }
    c.finish();
    if (!sink.obj.empty())
        t.extensions["argo"] = std::move(sink.obj);
    return t;
}

template <class S, class A>
bool importer<S, A>::has_other_body(const json::object& o)
{
    for (const char* k : {"plugin", "data"})
        if (o.contains(k))
            return true;
    return false;
}

template <class S, class A>
void importer<S, A>::read_container(cursor& c, container_spec& cs)
{
    c.str("name", cs.name);
    c.str("image", cs.image);
    auto object_field = [&](const char* key, json::object& dst) {
        if (auto v = c.take(key)) {
            if (v->is_object())
                dst = v->get_object();
            else
                cx_.fail(c.path(key), error::wrong_type, std::string("'") + key + "' must be a mapping");
        }
    };
    object_field("readinessProbe", cs.readiness_probe);
    object_field("livenessProbe", cs.liveness_probe);
    object_field("startupProbe", cs.startup_probe);
    object_field("lifecycle", cs.lifecycle);
    object_field("securityContext", cs.security_context);
    std::vector<std::string> cmd;
    if (c.strings("command", cmd))
        cs.command = std::move(cmd);
    c.strings("args", cs.args);
    c.str("workingDir", cs.working_dir);
    c.str("imagePullPolicy", cs.image_pull_policy);
    if (auto a = c.list("env"))
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = c.element("env", *a, i)) {
                env_var v;
                e->str("name", v.name);
                e->str("value", v.value);
                if (auto f = e->child("valueFrom")) {
                    v.secret = read_secret_ref(*f, "secretKeyRef");
                    v.config_map = read_secret_ref(*f, "configMapKeyRef");
                    f->finish();
                }
                e->finish();
                cs.env.push_back(std::move(v));
            }
    if (auto a = c.list("envFrom"))
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = c.element("envFrom", *a, i)) {
                env_from_source v;
                e->str("prefix", v.prefix);
                if (auto r = e->child("secretRef")) {
                    r->str("name", v.secret);
                    r->finish();
                }
                if (auto r = e->child("configMapRef")) {
                    r->str("name", v.config_map);
                    r->finish();
                }
                e->finish();
                cs.env_from.push_back(std::move(v));
            }
    if (auto r = c.child("resources"))
        read_requirements(*r, cs.resources);
    read_volume_mounts(c, cs.volume_mounts);
}

template <class S, class A>
resource_spec importer<S, A>::read_resource(cursor& c)
{
    resource_spec r;
    if (c.str("action", r.action) && r.action.empty())
        cx_.fail(c.path("action"), error::bad_value, "a resource action must not be empty (create, apply, patch...)");
    c.str("manifest", r.manifest);
    c.str("successCondition", r.success_condition);
    c.str("failureCondition", r.failure_condition);
    c.str("mergeStrategy", r.merge_strategy);
    c.boolean("setOwnerReference", r.set_owner_reference);
    c.strings("flags", r.flags);
    c.finish();
    return r;
}

template <class S, class A>
retry_strategy importer<S, A>::read_retry(cursor& c)
{
    retry_strategy r;
    // No limit: retry until success. A limit that is not a number is an expression.
    if (const json::value* l = c.object().if_contains("limit"); !l || l->is_null()) {
        r.unlimited = true;
        c.take("limit");
    } else {
        std::int64_t n = 0;
        if (integer_value(*l, n) || integer_string(*l, n))
            r.limit = n;
        else if (l->is_string())
            r.limit_expression = std::string(l->get_string());
        else
            cx_.fail(c.path("limit"), error::wrong_type, "'limit' must be an integer or a string");
        c.take("limit");
    }
    c.str("retryPolicy", r.policy);
    c.str("expression", r.expression);
    if (auto b = c.child("backoff")) {
        backoff bo;
        b->str("duration", bo.duration);
        b->integer("factor", bo.factor, true);
        b->str("maxDuration", bo.max_duration);
        b->str("cap", bo.cap);
        b->finish();
        r.back_off = std::move(bo);
    }
    c.finish();
    return r;
}

template <class S, class A>
memoize_spec importer<S, A>::read_memoize(cursor& c)
{
    memoize_spec m;
    c.str("key", m.key);
    c.str("maxAge", m.max_age);
    if (auto cache = c.child("cache")) {
        if (auto cm = cache->child("configMap")) {
            cm->str("name", m.config_map);
            cm->finish();
        }
        cache->finish();
    }
    c.finish();
    return m;
}

} // namespace argo
} // namespace detail
} // namespace couler

#endif
