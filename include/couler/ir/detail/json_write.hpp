// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_DETAIL_JSON_WRITE_HPP
#define COULER_IR_DETAIL_JSON_WRITE_HPP

// The IR JSON writer: one write() per IR type; fields equal to their default are left out. Included by couler/ir/impl/json.hpp only (it relies on
// couler/ir/json.hpp and couler/ir/workflow.hpp being included first).

#include <couler/ir/detail/json_reader.hpp>

#include <boost/json/value.hpp>

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace couler {
namespace detail {

namespace json = boost::json;

// ---------------------------------------------------------------- writing
// Declared first so that write_all() finds every overload (the types live in namespace
// couler, so argument-dependent lookup would not look here).
inline json::value write(const secret_key_ref& r);
inline json::value write(const value_from& f);
inline json::value write(const parameter& p);
template <class A> json::value write(const basic_artifact<A>& a);
template <class A> json::value write(const basic_io<A>& io);
inline json::value write(const env_var& e);
inline json::value write(const env_from_source& e);
inline json::value write(const volume_mount& m);
inline json::value write(const toleration& t);
inline json::value write(const container_spec& c);
inline json::value write(const user_container& u);
inline json::value write(const container_node& n);
inline json::value write(const http_header& h);
inline json::value write(const mutex_lock& m);
inline json::value write(const semaphore_lock& m);
inline json::value write(const volume& v);
inline json::value write(const resource_claim& r);
inline json::value write(const prometheus_metric& m);
inline json::value write(const resource_spec& r);
template <class S, class A> json::value write(const basic_graph<S, A>& g);
template <class S, class A> json::value write(const basic_step_template<S, A>& t, bool defaults = false);
// Fields equal to their default are left out; reading a missing field gives the default,
// so the round trip is lossless. optional<> fields are written whenever they hold a value.

inline void put(json::object& o, const char* k, const std::string& s)
{
    if (!s.empty())
        o[k] = s;
}
inline void put(json::object& o, const char* k, const std::optional<std::string>& s)
{
    if (s)
        o[k] = *s;
}
inline void put(json::object& o, const char* k, const std::vector<std::string>& v)
{
    if (v.empty())
        return;
    json::array a;
    for (auto& s : v)
        a.emplace_back(s);
    o[k] = std::move(a);
}
inline void put(json::object& o, const char* k, const std::map<std::string, std::string>& m)
{
    if (m.empty())
        return;
    json::object x;
    for (auto& [key, val] : m)
        x[key] = val;
    o[k] = std::move(x);
}
inline void put(json::object& o, const char* k, const std::optional<std::int64_t>& v)
{
    if (v)
        o[k] = *v;
}
inline void put(json::object& o, const char* k, const std::optional<std::uint64_t>& v)
{
    if (v)
        o[k] = *v;
}
inline void put(json::object& o, const char* k, const std::optional<double>& v)
{
    if (!v)
        return;
    // JSON has no NaN or infinity: writing them would give text no reader accepts.
    if (!std::isfinite(*v))
        throw std::invalid_argument(std::string("cannot write '") + k + "': " + (std::isnan(*v) ? "NaN" : "infinity") +
                                    " is not a JSON number (couler::validate reports where)");
    o[k] = *v;
}
inline void put_flag(json::object& o, const char* k, bool b)
{
    if (b)
        o[k] = true;
}
inline void put(json::object& o, const char* k, const json::object& x)
{
    if (!x.empty())
        o[k] = x;
}
inline json::value write(const secret_key_ref& r) { return json::object{{"name", r.name}, {"key", r.key}}; }
inline void put(json::object& o, const char* k, const std::optional<secret_key_ref>& r)
{
    if (r)
        o[k] = write(*r);
}

inline json::value write(const value_from& f)
{
    json::object o;
    put(o, "path", f.path);
    put(o, "json_path", f.json_path);
    put(o, "jq_filter", f.jq_filter);
    put(o, "expression", f.expression);
    put(o, "parameter", f.parameter);
    put(o, "default", f.default_value);
    put_flag(o, "supplied", f.supplied);
    put(o, "config_map", f.config_map);
    return o;
}

inline json::value write(const parameter& p)
{
    json::object o;
    o["name"] = p.name;
    put(o, "value", p.value);
    put(o, "default", p.default_value);
    if (!p.from.empty())
        o["from"] = write(p.from);
    put(o, "global_name", p.global_name);
    put(o, "description", p.description);
    put(o, "enum", p.enum_values);
    put(o, "size_bytes", p.size_bytes);
    return o;
}

template <class A> json::value write(const basic_artifact<A>& a)
{
    json::object o;
    o["name"] = a.name;
    o["kind"] = std::string(to_string(a.kind));
    put(o, "path", a.path);
    put(o, "from", a.from);
    put_flag(o, "global", a.is_global);
    put(o, "global_name", a.global_name);
    put_flag(o, "optional", a.optional);
    put(o, "bucket", a.bucket);
    put(o, "key", a.key);
    put(o, "endpoint", a.endpoint);
    put(o, "url", a.url);
    put(o, "repo", a.repo);
    put(o, "revision", a.revision);
    put(o, "user", a.user);
    put(o, "addresses", a.addresses);
    put_flag(o, "insecure", a.insecure);
    put(o, "region", a.region);
    put_flag(o, "force", a.force);
    put(o, "raw_data", a.raw_data);
    put(o, "mode", a.mode);
    put(o, "archive", a.archive);
    put(o, "from_expression", a.from_expression);
    put(o, "archive_compression_level", a.archive_compression_level);
    put(o, "gc_strategy", a.gc_strategy);
    put(o, "access_key", a.access_key);
    put(o, "secret_key", a.secret_key);
    put(o, "size_bytes", a.size_bytes);
    put(o, "cost_seconds", a.cost_seconds);
    if constexpr (data_traits<A>::present)
        o["data"] = data_traits<A>::to_json(a.data);
    return o;
}

template <class T> json::array write_all(const std::vector<T>& v)
{
    json::array a;
    a.reserve(v.size());
    for (auto& x : v)
        a.push_back(write(x));
    return a;
}

template <class A> json::value write(const basic_io<A>& io)
{
    json::object o;
    if (!io.parameters.empty())
        o["parameters"] = write_all(io.parameters);
    if (!io.artifacts.empty())
        o["artifacts"] = write_all(io.artifacts);
    return o;
}

inline json::value write(const env_var& e)
{
    json::object o;
    o["name"] = e.name;
    put(o, "value", e.value);
    put(o, "secret", e.secret);
    put(o, "config_map", e.config_map);
    return o;
}
inline json::value write(const env_from_source& e)
{
    json::object o;
    put(o, "secret", e.secret);
    put(o, "config_map", e.config_map);
    put(o, "prefix", e.prefix);
    return o;
}
inline json::value write(const volume_mount& m)
{
    json::object o;
    o["name"] = m.name;
    o["mount_path"] = m.mount_path;
    put(o, "sub_path", m.sub_path);
    put_flag(o, "read_only", m.read_only);
    return o;
}
inline json::value write(const toleration& t)
{
    json::object o;
    put(o, "key", t.key);
    put(o, "operator", t.operator_);
    put(o, "value", t.value);
    put(o, "effect", t.effect);
    put(o, "toleration_seconds", t.toleration_seconds);
    return o;
}
inline json::value write(const resource_requirements& r)
{
    json::object o;
    put(o, "requests", r.requests);
    put(o, "limits", r.limits);
    put(o, "claims", r.claims);
    return o;
}
inline json::value write(const resource_claim& r)
{
    json::object o;
    o["name"] = r.name;
    put(o, "claim_name", r.claim_name);
    put(o, "template_name", r.template_name);
    return o;
}
inline json::value write(const prometheus_metric& m)
{
    json::object o;
    o["name"] = m.name;
    put(o, "help", m.help);
    if (!m.labels.empty()) {
        json::array a;
        for (const auto& [k, v] : m.labels)
            a.push_back(json::object{{"key", k}, {"value", v}});
        o["labels"] = std::move(a);
    }
    put(o, "when", m.when);
    o["kind"] = m.kind;
    put(o, "value", m.value);
    if (m.realtime)
        o["realtime"] = *m.realtime;
    if (!m.buckets.empty()) {
        json::array a;
        for (double b : m.buckets) {
            if (!std::isfinite(b))
                throw std::invalid_argument("cannot write a metric bucket that is NaN or infinite");
            a.emplace_back(b);
        }
        o["buckets"] = std::move(a);
    }
    return o;
}
inline json::value write(const container_spec& c)
{
    json::object o;
    put(o, "name", c.name);
    put(o, "image", c.image);
    if (c.command) {
        json::array a;
        for (auto& s : *c.command)
            a.emplace_back(s);
        o["command"] = std::move(a);
    }
    put(o, "args", c.args);
    if (!c.env.empty())
        o["env"] = write_all(c.env);
    if (!c.env_from.empty())
        o["env_from"] = write_all(c.env_from);
    if (!c.resources.empty())
        o["resources"] = write(c.resources);
    put(o, "working_dir", c.working_dir);
    if (!c.volume_mounts.empty())
        o["volume_mounts"] = write_all(c.volume_mounts);
    put(o, "image_pull_policy", c.image_pull_policy);
    put(o, "readiness_probe", c.readiness_probe);
    put(o, "liveness_probe", c.liveness_probe);
    put(o, "startup_probe", c.startup_probe);
    put(o, "lifecycle", c.lifecycle);
    put(o, "security_context", c.security_context);
    return o;
}
inline json::value write(const user_container& u)
{
    json::value v = write(u.container);
    put_flag(v.as_object(), "mirror_volume_mounts", u.mirror_volume_mounts);
    return v;
}
inline json::value write(const container_node& n)
{
    json::value v = write(n.container);
    put(v.as_object(), "dependencies", n.dependencies);
    return v;
}
inline json::value write(const container_set_spec& c)
{
    json::object o;
    o["containers"] = write_all(c.containers);
    if (!c.volume_mounts.empty())
        o["volume_mounts"] = write_all(c.volume_mounts);
    return o;
}
inline json::value write(const http_header& h)
{
    json::object o;
    o["name"] = h.name;
    put(o, "value", h.value);
    put(o, "secret", h.secret);
    return o;
}
inline json::value write(const http_spec& h)
{
    json::object o;
    o["url"] = h.url;
    put(o, "method", h.method);
    if (!h.headers.empty())
        o["headers"] = write_all(h.headers);
    put(o, "body", h.body);
    put(o, "success_condition", h.success_condition);
    put(o, "timeout_seconds", h.timeout_seconds);
    put_flag(o, "insecure_skip_verify", h.insecure_skip_verify);
    return o;
}
inline json::value write(const mutex_lock& m)
{
    json::object o;
    o["name"] = m.name;
    put(o, "namespace", m.namespace_);
    put_flag(o, "database", m.database);
    return o;
}
inline json::value write(const semaphore_lock& m)
{
    json::object o;
    put(o, "config_map", m.config_map);
    put(o, "database_key", m.database_key);
    put(o, "namespace", m.namespace_);
    return o;
}
inline json::value write(const synchronization_spec& y)
{
    json::object o;
    if (!y.mutexes.empty())
        o["mutexes"] = write_all(y.mutexes);
    if (!y.semaphores.empty())
        o["semaphores"] = write_all(y.semaphores);
    return o;
}
inline json::value write(const template_ref& r)
{
    json::object o;
    o["name"] = r.name;
    o["template"] = r.template_name;
    put_flag(o, "cluster_scope", r.cluster_scope);
    return o;
}
inline json::value write(const lifecycle_hooks& hs)
{
    json::object o;
    for (const auto& [name, h] : hs) {
        json::object x;
        if (!h.template_name.empty() || !h.template_ref_)
            x["template"] = h.template_name;
        if (h.template_ref_)
            x["template_ref"] = write(*h.template_ref_);
        put(x, "expression", h.expression);
        if (!h.arguments.empty())
            x["arguments"] = write_all(h.arguments);
        if (!h.artifact_arguments.empty())
            x["artifact_arguments"] = write_all(h.artifact_arguments);
        o[name] = std::move(x);
    }
    return o;
}
inline const char* volume_kind_name(volume::source_kind k)
{
    switch (k) {
    case volume::source_kind::empty_dir: return "empty_dir";
    case volume::source_kind::persistent_volume_claim: return "persistent_volume_claim";
    case volume::source_kind::config_map: return "config_map";
    case volume::source_kind::secret: return "secret";
    case volume::source_kind::host_path: return "host_path";
    }
    return "empty_dir";
}
inline json::value write(const volume& v)
{
    json::object x;
    x["name"] = v.name;
    x["kind"] = volume_kind_name(v.kind);
    put(x, "source", v.source);
    put(x, "medium", v.medium);
    put_flag(x, "read_only", v.read_only);
    return x;
}
inline json::value write(const resource_spec& r)
{
    json::object o;
    o["action"] = r.action;
    put(o, "manifest", r.manifest);
    put(o, "success_condition", r.success_condition);
    put(o, "failure_condition", r.failure_condition);
    put(o, "merge_strategy", r.merge_strategy);
    put_flag(o, "set_owner_reference", r.set_owner_reference);
    put(o, "flags", r.flags);
    return o;
}

inline const char* kind_name(dependency_kind k)
{
    switch (k) {
    case dependency_kind::order: return "order";
    case dependency_kind::data: return "data";
    case dependency_kind::explicit_: return "explicit";
    }
    return "explicit";
}

template <class S, class A> json::value write(const basic_step<S, A>& s, const basic_graph<S, A>& g,
                                              typename basic_graph<S, A>::vertex v)
{
    json::object o;
    o["name"] = s.name;
    if (!s.template_name.empty() || (!s.template_ref_ && s.inline_template.empty()))
        o["template"] = s.template_name;
    if (s.template_ref_)
        o["template_ref"] = write(*s.template_ref_);
    if (!s.inline_template.empty()) {
        json::value t = write(s.inline_template.front());
        if (s.inline_template.front().name.empty())
            t.as_object().erase("name");
        o["inline"] = std::move(t);
    }
    if (!s.arguments.empty())
        o["arguments"] = write_all(s.arguments);
    if (!s.artifact_arguments.empty())
        o["artifact_arguments"] = write_all(s.artifact_arguments);
    auto preds = g.predecessors(v);
    if (!preds.empty()) {
        json::array deps;
        for (auto u : preds) {
            auto kind = *g.dependency_between(u, v);
            if (kind == dependency_kind::explicit_)
                deps.emplace_back(g[u].name);
            else
                deps.push_back(json::object{{"step", g[u].name}, {"kind", kind_name(kind)}});
        }
        o["dependencies"] = std::move(deps);
    }
    put(o, "when", s.when);
    if (!s.with_items.empty()) {
        json::array items(s.with_items.begin(), s.with_items.end());
        o["with_items"] = std::move(items);
    }
    put(o, "with_param", s.with_param);
    if (s.with_sequence) {
        json::object q;
        put(q, "count", s.with_sequence->count);
        put(q, "start", s.with_sequence->start);
        put(q, "end", s.with_sequence->end);
        put(q, "format", s.with_sequence->format);
        o["with_sequence"] = std::move(q);
    }
    if (s.repeat)
        o["repeat_while"] = json::object{{"condition", s.repeat->condition}, {"max_iterations", s.repeat->max_iterations}};
    put(o, "depends", s.depends);
    if (s.group != 0)
        o["group"] = s.group;
    put_flag(o, "continue_on_failed", s.continue_on_failed);
    put_flag(o, "continue_on_error", s.continue_on_error);
    if (!s.hooks.empty())
        o["hooks"] = write(s.hooks);
    put(o, "cost_seconds", s.cost_seconds);
    put(o, "extensions", s.extensions);
    if constexpr (data_traits<S>::present)
        o["data"] = data_traits<S>::to_json(s.data);
    return o;
}

template <class S, class A> json::value write(const basic_graph<S, A>& g)
{
    json::object o;
    o["style"] = g.style == graph_style::dag ? "dag" : "steps";
    if (g.fail_fast)
        o["fail_fast"] = *g.fail_fast;
    put(o, "target", g.target);
    json::array steps;
    steps.reserve(g.size());
    for (std::size_t v = 0; v < g.size(); ++v)
        steps.push_back(write(g[v], g, v));
    o["steps"] = std::move(steps);
    return o;
}

template <class S, class A> json::value write(const basic_step_template<S, A>& t, bool defaults)
{
    json::object o;
    o["name"] = t.name;
    // Template defaults: a default (unused) container body is no body.
    const bool no_body = defaults && !t.has_other_body() && t.body == typename basic_step_template<S, A>::body_type{};
    if (!t.inputs.empty())
        o["inputs"] = write(t.inputs);
    if (!t.outputs.empty())
        o["outputs"] = write(t.outputs);
    if (!no_body)
    std::visit(
        [&](const auto& b) {
            using B = std::decay_t<decltype(b)>;
            if (t.container_set)
                o["container_set"] = write(*t.container_set);
            else if (t.http)
                o["http"] = write(*t.http);
            else if constexpr (std::is_same_v<B, container_spec>)
                o["container"] = write(b);
            else if constexpr (std::is_same_v<B, script_spec>) {
                json::value c = write(b.container);
                c.as_object()["source"] = b.source;
                o["script"] = std::move(c);
            } else if constexpr (std::is_same_v<B, job_spec>) {
                json::value j = write(b.resource);
                if (!b.framework.empty())
                    j.as_object()["framework"] = b.framework;
                if (!b.local_command.empty())
                    put(j.as_object(), "local_command", b.local_command);
                o["job"] = std::move(j);
            } else if constexpr (std::is_same_v<B, resource_spec>)
                o["resource"] = write(b);
            else if constexpr (std::is_same_v<B, suspend_spec>) {
                json::object x;
                put(x, "duration", b.duration);
                o["suspend"] = std::move(x);
            } else
                o["graph"] = write(b);
        },
        t.body);
    put(o, "node_selector", t.node_selector);
    if (!t.tolerations.empty())
        o["tolerations"] = write_all(t.tolerations);
    put_flag(o, "daemon", t.daemon);
    put(o, "timeout", t.timeout);
    if (t.retry) {
        json::object r;
        r["limit"] = t.retry->limit;
        put_flag(r, "unlimited", t.retry->unlimited);
        put(r, "limit_expression", t.retry->limit_expression);
        put(r, "policy", t.retry->policy);
        if (t.retry->back_off) {
            json::object b;
            put(b, "duration", t.retry->back_off->duration);
            put(b, "factor", t.retry->back_off->factor);
            put(b, "max_duration", t.retry->back_off->max_duration);
            put(b, "cap", t.retry->back_off->cap);
            r["backoff"] = std::move(b);
        }
        put(r, "expression", t.retry->expression);
        o["retry"] = std::move(r);
    }
    if (t.memoize) {
        json::object m;
        m["key"] = t.memoize->key;
        put(m, "max_age", t.memoize->max_age);
        put(m, "config_map", t.memoize->config_map);
        o["memoize"] = std::move(m);
    }
    put(o, "parallelism", t.parallelism);
    put(o, "total_timeout", t.total_timeout);
    if (t.synchronization)
        o["synchronization"] = write(*t.synchronization);
    if (!t.sidecars.empty())
        o["sidecars"] = write_all(t.sidecars);
    if (!t.init_containers.empty())
        o["init_containers"] = write_all(t.init_containers);
    if (!t.volumes.empty())
        o["volumes"] = write_all(t.volumes);
    put(o, "pod_spec_patch", t.pod_spec_patch);
    if (!t.pod_resources.empty())
        o["pod_resources"] = write(t.pod_resources);
    if (!t.resource_claims.empty())
        o["resource_claims"] = write_all(t.resource_claims);
    if (!t.metrics.empty())
        o["metrics"] = write_all(t.metrics);
    put(o, "annotations", t.annotations);
    put(o, "extensions", t.extensions);
    return o;
}

inline const char* workflow_kind_name(workflow_kind k)
{
    switch (k) {
    case workflow_kind::workflow: return "workflow";
    case workflow_kind::workflow_template: return "workflow_template";
    case workflow_kind::cluster_workflow_template: return "cluster_workflow_template";
    }
    return "workflow";
}

inline json::value write(const workflow_settings& s)
{
    json::object o;
    if (s.kind != workflow_kind::workflow)
        o["kind"] = workflow_kind_name(s.kind);
    put(o, "name", s.name);
    put(o, "generate_name", s.generate_name);
    put(o, "namespace", s.namespace_);
    put(o, "labels", s.labels);
    put(o, "annotations", s.annotations);
    if (!s.parameters.empty())
        o["parameters"] = write_all(s.parameters);
    put(o, "service_account", s.service_account);
    put(o, "active_deadline_seconds", s.active_deadline_seconds);
    put(o, "ttl_seconds_after_finished", s.ttl_seconds_after_finished);
    put(o, "ttl_seconds_after_success", s.ttl_seconds_after_success);
    put(o, "ttl_seconds_after_failure", s.ttl_seconds_after_failure);
    if (s.cron) {
        json::object c;
        c["schedule"] = s.cron->schedule;
        put(c, "schedules", s.cron->schedules);
        put(c, "when", s.cron->when);
        put(c, "timezone", s.cron->timezone);
        put(c, "concurrency_policy", s.cron->concurrency_policy);
        put(c, "starting_deadline_seconds", s.cron->starting_deadline_seconds);
        put(c, "successful_jobs_history_limit", s.cron->successful_jobs_history_limit);
        put(c, "failed_jobs_history_limit", s.cron->failed_jobs_history_limit);
        put_flag(c, "suspend", s.cron->suspend);
        o["cron"] = std::move(c);
    }
    put(o, "parallelism", s.parallelism);
    if (!s.volumes.empty())
        o["volumes"] = write_all(s.volumes);
    if (!s.volume_claim_templates.empty()) {
        json::array a;
        for (auto& v : s.volume_claim_templates) {
            json::object x;
            x["name"] = v.name;
            put(x, "access_modes", v.access_modes);
            put(x, "storage", v.storage);
            put(x, "storage_class", v.storage_class);
            a.push_back(std::move(x));
        }
        o["volume_claim_templates"] = std::move(a);
    }
    put(o, "image_pull_secrets", s.image_pull_secrets);
    put(o, "node_selector", s.node_selector);
    if (!s.tolerations.empty())
        o["tolerations"] = write_all(s.tolerations);
    put(o, "security_context", s.security_context);
    put(o, "on_exit", s.on_exit);
    if (s.workflow_template_ref_) {
        json::object r;
        r["name"] = s.workflow_template_ref_->name;
        put_flag(r, "cluster_scope", s.workflow_template_ref_->cluster_scope);
        o["workflow_template_ref"] = std::move(r);
    }
    if (s.synchronization)
        o["synchronization"] = write(*s.synchronization);
    if (!s.hooks.empty())
        o["hooks"] = write(s.hooks);
    if (s.artifact_repository) {
        json::object r;
        put(r, "config_map", s.artifact_repository->config_map);
        put(r, "key", s.artifact_repository->key);
        o["artifact_repository"] = std::move(r);
    }
    if (s.pod_gc) {
        json::object r;
        put(r, "strategy", s.pod_gc->strategy);
        put(r, "label_selector", s.pod_gc->label_selector);
        put(r, "delete_delay_duration", s.pod_gc->delete_delay_duration);
        o["pod_gc"] = std::move(r);
    }
    put(o, "pod_labels", s.pod_labels);
    put(o, "pod_annotations", s.pod_annotations);
    put(o, "workflow_labels", s.workflow_labels);
    put(o, "workflow_annotations", s.workflow_annotations);
    put(o, "workflow_labels_from", s.workflow_labels_from);
    put(o, "artifact_gc_strategy", s.artifact_gc_strategy);
    if (!s.pod_resources.empty())
        o["pod_resources"] = write(s.pod_resources);
    if (!s.resource_claims.empty())
        o["resource_claims"] = write_all(s.resource_claims);
    if (!s.metrics.empty())
        o["metrics"] = write_all(s.metrics);
    return o;
}


} // namespace detail
} // namespace couler

#endif
