// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_IMPL_JSON_HPP
#define COULER_IR_IMPL_JSON_HPP

#include <couler/ir/detail/json_parser.hpp>
#include <couler/ir/detail/json_reader.hpp>
#include <couler/version.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <unordered_set>

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
inline json::value write(const resource_spec& r);
template <class S, class A> json::value write(const basic_graph<S, A>& g);
template <class S, class A> json::value write(const basic_step_template<S, A>& t);
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
inline json::value write(const container_spec& c)
{
    json::object o;
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
    if (!c.resources.empty()) {
        json::object r;
        put(r, "requests", c.resources.requests);
        put(r, "limits", c.resources.limits);
        o["resources"] = std::move(r);
    }
    put(o, "working_dir", c.working_dir);
    if (!c.volume_mounts.empty())
        o["volume_mounts"] = write_all(c.volume_mounts);
    put(o, "image_pull_policy", c.image_pull_policy);
    return o;
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
    o["template"] = s.template_name;
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
    json::array steps;
    steps.reserve(g.size());
    for (std::size_t v = 0; v < g.size(); ++v)
        steps.push_back(write(g[v], g, v));
    o["steps"] = std::move(steps);
    return o;
}

template <class S, class A> json::value write(const basic_step_template<S, A>& t)
{
    json::object o;
    o["name"] = t.name;
    if (!t.inputs.empty())
        o["inputs"] = write(t.inputs);
    if (!t.outputs.empty())
        o["outputs"] = write(t.outputs);
    std::visit(
        [&](const auto& b) {
            using B = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<B, container_spec>)
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
        put(r, "policy", t.retry->policy);
        if (t.retry->back_off) {
            json::object b;
            put(b, "duration", t.retry->back_off->duration);
            put(b, "factor", t.retry->back_off->factor);
            put(b, "max_duration", t.retry->back_off->max_duration);
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
    put(o, "extensions", t.extensions);
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
    if (s.cron) {
        json::object c;
        c["schedule"] = s.cron->schedule;
        put(c, "timezone", s.cron->timezone);
        put(c, "concurrency_policy", s.cron->concurrency_policy);
        put(c, "starting_deadline_seconds", s.cron->starting_deadline_seconds);
        put(c, "successful_jobs_history_limit", s.cron->successful_jobs_history_limit);
        put(c, "failed_jobs_history_limit", s.cron->failed_jobs_history_limit);
        put_flag(c, "suspend", s.cron->suspend);
        o["cron"] = std::move(c);
    }
    put(o, "parallelism", s.parallelism);
    if (!s.volumes.empty()) {
        json::array a;
        for (auto& v : s.volumes) {
            json::object x;
            x["name"] = v.name;
            x["kind"] = volume_kind_name(v.kind);
            put(x, "source", v.source);
            put(x, "medium", v.medium);
            put_flag(x, "read_only", v.read_only);
            a.push_back(std::move(x));
        }
        o["volumes"] = std::move(a);
    }
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
    return o;
}

// ---------------------------------------------------------------- reading

inline void read(const json::value& v, const std::string& path, problems& out, secret_key_ref& r)
{
    json_object_reader o(v, path, out, {"name", "key"});
    o.string("name", r.name, true);
    o.string("key", r.key, true);
}
inline void read_opt(const json_object_reader& o, std::string_view key, std::optional<secret_key_ref>& r)
{
    if (auto v = o.find(key)) {
        r.emplace();
        read(*v, o.at(key), o.out(), *r);
    }
}

inline void read(const json::value& v, const std::string& path, problems& out, value_from& f)
{
    json_object_reader o(v, path, out, {"path", "json_path", "jq_filter", "expression", "parameter", "default"});
    o.string("path", f.path);
    o.string("json_path", f.json_path);
    o.string("jq_filter", f.jq_filter);
    o.string("expression", f.expression);
    o.string("parameter", f.parameter);
    o.opt_string("default", f.default_value);
}

inline void read(const json::value& v, const std::string& path, problems& out, parameter& p)
{
    json_object_reader o(v, path, out,
                         {"name", "value", "default", "from", "global_name", "description", "enum", "size_bytes"});
    o.string("name", p.name, true);
    o.opt_string("value", p.value);
    o.opt_string("default", p.default_value);
    if (auto f = o.find("from"))
        read(*f, o.at("from"), out, p.from);
    o.string("global_name", p.global_name);
    o.string("description", p.description);
    o.strings("enum", p.enum_values);
    o.uint64("size_bytes", p.size_bytes);
}

template <class A> void read(const json::value& v, const std::string& path, problems& out, basic_artifact<A>& a)
{
    json_object_reader o(v, path, out,
                         {"name", "kind", "path", "from", "global", "global_name", "optional", "bucket", "key",
                          "endpoint", "url", "repo", "revision", "user", "addresses", "insecure", "access_key",
                          "secret_key", "size_bytes", "cost_seconds", "data"});
    o.string("name", a.name, true);
    std::string kind;
    o.string("kind", kind, true);
    if (o.find("kind") && o.find("kind")->is_string() && !from_string(kind, a.kind))
        o.fail(o.at("kind"), error::bad_value,
               "unknown artifact kind '" + kind + "' (expected parameter, local, s3, oss, gcs, hdfs, git or http)");
    o.string("path", a.path);
    o.string("from", a.from);
    o.boolean("global", a.is_global);
    o.string("global_name", a.global_name);
    o.boolean("optional", a.optional);
    o.string("bucket", a.bucket);
    o.string("key", a.key);
    o.string("endpoint", a.endpoint);
    o.string("url", a.url);
    o.string("repo", a.repo);
    o.string("revision", a.revision);
    o.string("user", a.user);
    o.strings("addresses", a.addresses);
    o.boolean("insecure", a.insecure);
    read_opt(o, "access_key", a.access_key);
    read_opt(o, "secret_key", a.secret_key);
    o.uint64("size_bytes", a.size_bytes);
    o.number("cost_seconds", a.cost_seconds);
    if constexpr (data_traits<A>::present) {
        if (auto d = o.find("data")) {
            try {
                a.data = data_traits<A>::from_json(*d);
            } catch (const std::exception& e) {
                o.fail(o.at("data"), error::bad_value, std::string("unreadable artifact data: ") + e.what());
            }
        }
    } else if (o.find("data")) {
        o.fail(o.at("data"), error::unknown_field, "artifact data given, but this workflow type carries none");
    }
}

template <class T, class F> void read_list(const json_object_reader& o, std::string_view key, std::vector<T>& dst, F&& f)
{
    o.each(key, [&](const json::value& v, const std::string& p) {
        T x;
        f(v, p, x);
        dst.push_back(std::move(x));
    });
}

template <class A> void read(const json::value& v, const std::string& path, problems& out, basic_io<A>& io)
{
    json_object_reader o(v, path, out, {"parameters", "artifacts"});
    read_list(o, "parameters", io.parameters,
              [&](const json::value& x, const std::string& p, parameter& d) { read(x, p, out, d); });
    read_list(o, "artifacts", io.artifacts,
              [&](const json::value& x, const std::string& p, basic_artifact<A>& d) { read(x, p, out, d); });
}

inline void read(const json::value& v, const std::string& path, problems& out, toleration& t)
{
    json_object_reader o(v, path, out, {"key", "operator", "value", "effect", "toleration_seconds"});
    o.string("key", t.key);
    o.string("operator", t.operator_);
    o.string("value", t.value);
    o.string("effect", t.effect);
    o.int64("toleration_seconds", t.toleration_seconds);
}

// Container fields, shared by container and script bodies (a script adds "source").
inline const std::vector<std::string_view>& container_keys()
{
    static const std::vector<std::string_view> keys = {"image",     "command",     "args",
                                                       "env",       "env_from",    "resources",
                                                       "working_dir", "volume_mounts", "image_pull_policy"};
    return keys;
}

inline void read_container_fields(const json_object_reader& o, container_spec& c)
{
    problems& out = o.out();
    o.string("image", c.image);
    o.opt_strings("command", c.command);
    o.strings("args", c.args);
    read_list(o, "env", c.env, [&](const json::value& x, const std::string& p, env_var& e) {
        json_object_reader r(x, p, out, {"name", "value", "secret", "config_map"});
        r.string("name", e.name, true);
        r.string("value", e.value);
        read_opt(r, "secret", e.secret);
        read_opt(r, "config_map", e.config_map);
    });
    read_list(o, "env_from", c.env_from, [&](const json::value& x, const std::string& p, env_from_source& e) {
        json_object_reader r(x, p, out, {"secret", "config_map", "prefix"});
        r.string("secret", e.secret);
        r.string("config_map", e.config_map);
        r.string("prefix", e.prefix);
    });
    if (auto r = o.find("resources")) {
        json_object_reader rr(*r, o.at("resources"), out, {"requests", "limits"});
        rr.string_map("requests", c.resources.requests);
        rr.string_map("limits", c.resources.limits);
    }
    o.string("working_dir", c.working_dir);
    read_list(o, "volume_mounts", c.volume_mounts, [&](const json::value& x, const std::string& p, volume_mount& m) {
        json_object_reader r(x, p, out, {"name", "mount_path", "sub_path", "read_only"});
        r.string("name", m.name, true);
        r.string("mount_path", m.mount_path, true);
        r.string("sub_path", m.sub_path);
        r.boolean("read_only", m.read_only);
    });
    o.string("image_pull_policy", c.image_pull_policy);
}

inline void read_resource_fields(const json_object_reader& o, resource_spec& r)
{
    o.string("action", r.action);
    o.string("manifest", r.manifest);
    o.string("success_condition", r.success_condition);
    o.string("failure_condition", r.failure_condition);
    o.string("merge_strategy", r.merge_strategy);
    o.boolean("set_owner_reference", r.set_owner_reference);
    o.strings("flags", r.flags);
}

inline bool read_dependency_kind(std::string_view s, dependency_kind& k)
{
    if (s == "order")
        k = dependency_kind::order;
    else if (s == "data")
        k = dependency_kind::data;
    else if (s == "explicit")
        k = dependency_kind::explicit_;
    else
        return false;
    return true;
}

template <class S, class A>
void read(const json::value& v, const std::string& path, problems& out, basic_graph<S, A>& g)
{
    json_object_reader o(v, path, out, {"style", "steps"});
    std::string style = "steps";
    o.string("style", style);
    if (style == "dag")
        g.style = graph_style::dag;
    else if (style == "steps")
        g.style = graph_style::steps;
    else
        o.fail(o.at("style"), error::bad_value, "unknown graph style '" + style + "' (expected steps or dag)");

    struct pending_dep {
        std::size_t step;
        std::string from;
        dependency_kind kind;
        std::string path;
    };
    std::vector<pending_dep> deps;
    std::vector<bool> added; // per JSON element: whether it became a vertex
    o.each("steps", [&](const json::value& sv, const std::string& sp) {
        basic_step<S, A> s;
        json_object_reader r(sv, sp, out,
                             {"name", "template", "arguments", "artifact_arguments", "dependencies", "when",
                              "with_items", "with_param", "with_sequence", "repeat_while", "depends", "group",
                              "continue_on_failed", "cost_seconds", "extensions", "data"});
        r.string("name", s.name, true);
        r.string("template", s.template_name, true);
        read_list(r, "arguments", s.arguments,
                  [&](const json::value& x, const std::string& p, parameter& d) { read(x, p, out, d); });
        read_list(r, "artifact_arguments", s.artifact_arguments,
                  [&](const json::value& x, const std::string& p, basic_artifact<A>& d) { read(x, p, out, d); });
        r.string("when", s.when);
        if (auto items = r.find("with_items")) {
            if (auto a = items->if_array())
                s.with_items.assign(a->begin(), a->end());
            else
                r.fail(r.at("with_items"), error::wrong_type, std::string("expected an array, found ") + kind_name(*items));
        }
        r.string("with_param", s.with_param);
        if (auto q = r.find("with_sequence")) {
            json_object_reader qr(*q, r.at("with_sequence"), out, {"count", "start", "end", "format"});
            loop_sequence seq;
            qr.string("count", seq.count);
            qr.string("start", seq.start);
            qr.string("end", seq.end);
            qr.string("format", seq.format);
            s.with_sequence = seq;
        }
        if (auto w = r.find("repeat_while")) {
            json_object_reader wr(*w, r.at("repeat_while"), out, {"condition", "max_iterations"});
            repeat_while rw;
            wr.string("condition", rw.condition, true);
            wr.int64_into("max_iterations", rw.max_iterations);
            s.repeat = rw;
        }
        r.string("depends", s.depends);
        std::int64_t group = 0;
        if (r.int64_into("group", group)) {
            if (group < 0 || group > INT32_MAX)
                r.fail(r.at("group"), error::bad_value, "group must be between 0 and 2147483647");
            else
                s.group = static_cast<int>(group);
        }
        r.boolean("continue_on_failed", s.continue_on_failed);
        r.number("cost_seconds", s.cost_seconds);
        r.object("extensions", s.extensions);
        if constexpr (data_traits<S>::present) {
            if (auto d = r.find("data")) {
                try {
                    s.data = data_traits<S>::from_json(*d);
                } catch (const std::exception& e) {
                    r.fail(r.at("data"), error::bad_value, std::string("unreadable step data: ") + e.what());
                }
            }
        } else if (r.find("data")) {
            r.fail(r.at("data"), error::unknown_field, "step data given, but this workflow type carries none");
        }
        if (!r.ok()) {
            added.push_back(false);
            return;
        }
        if (g.find(s.name)) {
            r.fail(r.at("name"), error::duplicate_name, "duplicate step name '" + s.name + "'");
            added.push_back(false);
            return;
        }
        std::size_t vid = g.add_step(std::move(s));
        added.push_back(true);
        r.each("dependencies", [&](const json::value& dv, const std::string& dp) {
            if (auto name = dv.if_string()) {
                deps.push_back({vid, std::string(*name), dependency_kind::explicit_, dp});
                return;
            }
            json_object_reader dr(dv, dp, out, {"step", "kind"});
            pending_dep d{vid, {}, dependency_kind::explicit_, dp};
            dr.string("step", d.from, true);
            std::string kind = "explicit";
            dr.string("kind", kind);
            if (!read_dependency_kind(kind, d.kind))
                dr.fail(dr.at("kind"), error::bad_value,
                        "unknown dependency kind '" + kind + "' (expected order, data or explicit)");
            if (dr.ok())
                deps.push_back(std::move(d));
        });
    });
    for (auto& d : deps) {
        auto from = g.find(d.from);
        if (!from) {
            out.push_back({d.path, error::unknown_reference, "depends on unknown step '" + d.from + "'"});
            continue;
        }
        if (!g.add_dependency(*from, d.step, d.kind))
            out.push_back({d.path, error::duplicate_name, "dependency on '" + d.from + "' listed twice"});
    }
}

template <class S, class A>
void read(const json::value& v, const std::string& path, problems& out, basic_step_template<S, A>& t)
{
    json_object_reader o(v, path, out,
                         {"name", "inputs", "outputs", "container", "script", "job", "resource", "suspend", "graph",
                          "node_selector", "tolerations", "daemon", "timeout", "retry", "memoize", "parallelism",
                          "extensions"});
    o.string("name", t.name, true);
    if (auto x = o.find("inputs"))
        read(*x, o.at("inputs"), out, t.inputs);
    if (auto x = o.find("outputs"))
        read(*x, o.at("outputs"), out, t.outputs);
    int bodies = 0;
    for (auto k : {"container", "script", "job", "resource", "suspend", "graph"})
        bodies += o.find(k) != nullptr;
    if (o.ok() && bodies != 1)
        o.fail(path, bodies == 0 ? error::missing_field : error::bad_value,
               "a template needs exactly one of container, script, job, resource, suspend or graph (found " +
                   std::to_string(bodies) + ")");
    if (auto x = o.find("container")) {
        container_spec c;
        json_object_reader r(*x, o.at("container"), out, container_keys().begin(), container_keys().end());
        read_container_fields(r, c);
        t.body = std::move(c);
    } else if (auto x = o.find("script")) {
        script_spec s;
        std::vector<std::string_view> keys(container_keys());
        keys.push_back("source");
        json_object_reader r(*x, o.at("script"), out, keys.begin(), keys.end());
        read_container_fields(r, s.container);
        r.string("source", s.source, true);
        t.body = std::move(s);
    } else if (auto x = o.find("job")) {
        job_spec j;
        json_object_reader r(*x, o.at("job"), out,
                             {"action", "manifest", "success_condition", "failure_condition", "merge_strategy",
                              "set_owner_reference", "flags", "framework", "local_command"});
        read_resource_fields(r, j.resource);
        r.string("framework", j.framework);
        r.strings("local_command", j.local_command);
        t.body = std::move(j);
    } else if (auto x = o.find("resource")) {
        resource_spec rs;
        json_object_reader r(*x, o.at("resource"), out,
                             {"action", "manifest", "success_condition", "failure_condition", "merge_strategy",
                              "set_owner_reference", "flags"});
        read_resource_fields(r, rs);
        t.body = std::move(rs);
    } else if (auto x = o.find("suspend")) {
        suspend_spec sp;
        json_object_reader r(*x, o.at("suspend"), out, {"duration"});
        r.string("duration", sp.duration);
        t.body = sp;
    } else if (auto x = o.find("graph")) {
        basic_graph<S, A> g;
        read(*x, o.at("graph"), out, g);
        t.body = std::move(g);
    }
    o.string_map("node_selector", t.node_selector);
    read_list(o, "tolerations", t.tolerations,
              [&](const json::value& x, const std::string& p, toleration& d) { read(x, p, out, d); });
    o.boolean("daemon", t.daemon);
    o.string("timeout", t.timeout);
    if (auto x = o.find("retry")) {
        retry_strategy rs;
        json_object_reader r(*x, o.at("retry"), out, {"limit", "policy", "backoff", "expression"});
        r.int64_into("limit", rs.limit);
        r.string("policy", rs.policy);
        if (auto b = r.find("backoff")) {
            json_object_reader br(*b, r.at("backoff"), out, {"duration", "factor", "max_duration"});
            backoff bo;
            br.string("duration", bo.duration);
            br.int64("factor", bo.factor);
            br.string("max_duration", bo.max_duration);
            rs.back_off = bo;
        }
        r.string("expression", rs.expression);
        t.retry = rs;
    }
    if (auto x = o.find("memoize")) {
        memoize_spec m;
        json_object_reader r(*x, o.at("memoize"), out, {"key", "max_age", "config_map"});
        r.string("key", m.key, true);
        r.string("max_age", m.max_age);
        r.string("config_map", m.config_map);
        t.memoize = m;
    }
    o.int64("parallelism", t.parallelism);
    o.object("extensions", t.extensions);
}

inline void read(const json::value& v, const std::string& path, problems& out, workflow_settings& s)
{
    json_object_reader o(v, path, out,
                         {"kind", "name", "generate_name", "namespace", "labels", "annotations", "parameters",
                          "service_account", "active_deadline_seconds", "ttl_seconds_after_finished", "cron",
                          "parallelism", "volumes", "volume_claim_templates", "image_pull_secrets", "node_selector",
                          "tolerations", "security_context", "on_exit"});
    std::string kind = "workflow";
    o.string("kind", kind);
    if (kind == "workflow")
        s.kind = workflow_kind::workflow;
    else if (kind == "workflow_template")
        s.kind = workflow_kind::workflow_template;
    else if (kind == "cluster_workflow_template")
        s.kind = workflow_kind::cluster_workflow_template;
    else
        o.fail(o.at("kind"), error::bad_value,
               "unknown workflow kind '" + kind + "' (expected workflow, workflow_template or cluster_workflow_template)");
    o.string("name", s.name);
    o.string("generate_name", s.generate_name);
    o.string("namespace", s.namespace_);
    o.string_map("labels", s.labels);
    o.string_map("annotations", s.annotations);
    read_list(o, "parameters", s.parameters,
              [&](const json::value& x, const std::string& p, parameter& d) { read(x, p, out, d); });
    o.string("service_account", s.service_account);
    o.int64("active_deadline_seconds", s.active_deadline_seconds);
    o.int64("ttl_seconds_after_finished", s.ttl_seconds_after_finished);
    if (auto x = o.find("cron")) {
        cron_schedule c;
        json_object_reader r(*x, o.at("cron"), out,
                             {"schedule", "timezone", "concurrency_policy", "starting_deadline_seconds",
                              "successful_jobs_history_limit", "failed_jobs_history_limit", "suspend"});
        r.string("schedule", c.schedule, true);
        r.string("timezone", c.timezone);
        r.string("concurrency_policy", c.concurrency_policy);
        r.int64("starting_deadline_seconds", c.starting_deadline_seconds);
        r.int64("successful_jobs_history_limit", c.successful_jobs_history_limit);
        r.int64("failed_jobs_history_limit", c.failed_jobs_history_limit);
        r.boolean("suspend", c.suspend);
        s.cron = c;
    }
    o.int64("parallelism", s.parallelism);
    read_list(o, "volumes", s.volumes, [&](const json::value& x, const std::string& p, volume& d) {
        json_object_reader r(x, p, out, {"name", "kind", "source", "medium", "read_only"});
        r.string("name", d.name, true);
        std::string k = "empty_dir";
        r.string("kind", k);
        static const volume::source_kind kinds[] = {
            volume::source_kind::empty_dir, volume::source_kind::persistent_volume_claim,
            volume::source_kind::config_map, volume::source_kind::secret, volume::source_kind::host_path};
        bool found = false;
        for (auto vk : kinds)
            if (k == volume_kind_name(vk)) {
                d.kind = vk;
                found = true;
            }
        if (!found)
            r.fail(r.at("kind"), error::bad_value,
                   "unknown volume kind '" + k +
                       "' (expected empty_dir, persistent_volume_claim, config_map, secret or host_path)");
        r.string("source", d.source);
        r.string("medium", d.medium);
        r.boolean("read_only", d.read_only);
    });
    read_list(o, "volume_claim_templates", s.volume_claim_templates,
              [&](const json::value& x, const std::string& p, volume_claim_template& d) {
                  json_object_reader r(x, p, out, {"name", "access_modes", "storage", "storage_class"});
                  r.string("name", d.name, true);
                  r.strings("access_modes", d.access_modes);
                  r.string("storage", d.storage);
                  r.string("storage_class", d.storage_class);
              });
    o.strings("image_pull_secrets", s.image_pull_secrets);
    o.string_map("node_selector", s.node_selector);
    read_list(o, "tolerations", s.tolerations,
              [&](const json::value& x, const std::string& p, toleration& d) { read(x, p, out, d); });
    o.object("security_context", s.security_context);
    o.string("on_exit", s.on_exit);
}

} // namespace detail

template <class S, class A> boost::json::value to_json(const basic_workflow<S, A>& wf)
{
    namespace json = boost::json;
    json::object o;
    o["couler_ir"] = ir_format_version;
    o["settings"] = detail::write(wf.settings);
    o["entrypoint"] = wf.entrypoint;
    if (!wf.secrets.empty()) {
        json::array a;
        for (auto& s : wf.secrets) {
            json::object x;
            x["name"] = s.name;
            detail::put(x, "namespace", s.namespace_);
            detail::put(x, "keys", s.keys);
            a.push_back(std::move(x));
        }
        o["secrets"] = std::move(a);
    }
    o["templates"] = detail::write_all(wf.templates());
    detail::put(o, "extensions", wf.extensions);
    return o;
}

template <class S, class A> std::string to_json_string(const basic_workflow<S, A>& wf)
{
    return boost::json::serialize(to_json(wf));
}

template <class S, class A> std::string to_json_pretty(const basic_workflow<S, A>& wf)
{
    return pretty_print(to_json(wf));
}

template <class S, class A> basic_workflow<S, A> workflow_from_json(const boost::json::value& doc, problems& out)
{
    namespace json = boost::json;
    basic_workflow<S, A> wf;
    // The version first: a document of another version is refused with that one problem, not
    // with the unknown fields a later version may define.
    if (auto obj = doc.if_object()) {
        auto ver = obj->if_contains("couler_ir");
        if (ver && (ver->is_int64() || ver->is_uint64()) &&
            !(ver->is_int64() ? ver->get_int64() == ir_format_version
                              : ver->get_uint64() == static_cast<std::uint64_t>(ir_format_version))) {
            out.push_back({"$.couler_ir", error::unsupported_version,
                           "IR format version " + json::serialize(*ver) + " is not supported (this reader reads version " +
                               std::to_string(ir_format_version) + ")"});
            return wf;
        }
    }
    detail::json_object_reader o(doc, "$", out,
                                 {"couler_ir", "settings", "entrypoint", "secrets", "templates", "extensions"});
    if (!o.ok())
        return wf;
    std::int64_t version = 0;
    if (o.require("couler_ir"))
        o.int64_into("couler_ir", version); // a wrong type is a problem; a wrong number was handled above
    if (auto s = o.find("settings"))
        detail::read(*s, o.at("settings"), out, wf.settings);
    o.string("entrypoint", wf.entrypoint, true);
    detail::read_list(o, "secrets", wf.secrets, [&](const json::value& x, const std::string& p, secret_spec& d) {
        detail::json_object_reader r(x, p, out, {"name", "namespace", "keys"});
        r.string("name", d.name, true);
        r.string("namespace", d.namespace_);
        r.strings("keys", d.keys);
    });
    o.require("templates");
    o.each("templates", [&](const json::value& x, const std::string& p) {
        typename basic_workflow<S, A>::template_type t;
        detail::read(x, p, out, t);
        auto name = x.is_object() ? x.get_object().if_contains("name") : nullptr;
        if (!name || !name->is_string())
            return; // already reported as missing or mistyped; an empty name is kept, for validate to report
        if (wf.find_template(t.name)) {
            out.push_back({detail::path_key(p, "name"), error::duplicate_name, "duplicate template name '" + t.name + "'"});
            return;
        }
        wf.add_template(std::move(t));
    });
    o.object("extensions", wf.extensions);
    return wf;
}

template <class S, class A> basic_workflow<S, A> workflow_from_json(const boost::json::value& doc)
{
    problems ps;
    auto wf = workflow_from_json<S, A>(doc, ps);
    if (!ps.empty())
        throw invalid_input(std::move(ps));
    return wf;
}

COULER_INLINE boost::json::value parse_json_text(std::string_view text, problems& out, const json_read_options& opt)
{
    boost::json::parse_options po;
    po.max_depth = opt.max_depth;
    // Boost.JSON's parser with a stricter handler: duplicate keys and numbers out of the
    // range of a double are errors, and doubles are read correctly rounded.
    boost::json::basic_parser<detail::strict_json_handler> p(po);
    p.handler().st.reset();
    boost::system::error_code ec;
    std::size_t n = p.write_some(true, text.data(), text.size(), ec);
    if (!ec && n < text.size()) {
        // write_some stops after a complete value: the rest must be white space.
        for (std::size_t i = n; i < text.size(); ++i)
            if (!(text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) {
                ec = boost::json::error::extra_data;
                n = i;
                break;
            }
        if (!ec)
            n = text.size();
    }
    if (!ec)
        p.write_some(false, nullptr, 0, ec);
    if (ec && p.handler().problem_code != error::ok) {
        out.push_back({p.handler().problem_path, p.handler().problem_code, p.handler().problem_message});
        return nullptr;
    }
    if (ec) {
        std::size_t line = 1, col = 1;
        for (std::size_t i = 0; i < n && i < text.size(); ++i) {
            if (text[i] == '\n') {
                ++line;
                col = 1;
            } else
                ++col;
        }
        std::string msg = "malformed JSON at line " + std::to_string(line) + ", column " + std::to_string(col) + ": " +
                          ec.message();
        if (ec == boost::json::error::too_deep)
            msg += " (nesting deeper than " + std::to_string(opt.max_depth) + ")";
        out.push_back({"$", error::malformed_json, std::move(msg)});
        return nullptr;
    }
    return p.handler().st.release();
}

template <class S, class A>
basic_workflow<S, A> parse_workflow(std::string_view text, problems& out, const json_read_options& opt)
{
    auto doc = parse_json_text(text, out, opt);
    if (!out.empty())
        return {};
    return workflow_from_json<S, A>(doc, out);
}

template <class S, class A> basic_workflow<S, A> parse_workflow(std::string_view text, const json_read_options& opt)
{
    problems ps;
    auto wf = parse_workflow<S, A>(text, ps, opt);
    if (!ps.empty())
        throw invalid_input(std::move(ps));
    return wf;
}

namespace detail {
inline void pretty(std::string& out, const boost::json::value& v, int indent)
{
    auto nl = [&](int n) {
        out += '\n';
        out.append(static_cast<std::size_t>(n) * 2, ' ');
    };
    if (auto o = v.if_object()) {
        if (o->empty()) {
            out += "{}";
            return;
        }
        out += '{';
        bool first = true;
        for (auto& kv : *o) {
            if (!first)
                out += ',';
            first = false;
            nl(indent + 1);
            out += boost::json::serialize(boost::json::value(kv.key()));
            out += ": ";
            pretty(out, kv.value(), indent + 1);
        }
        nl(indent);
        out += '}';
    } else if (auto a = v.if_array()) {
        if (a->empty()) {
            out += "[]";
            return;
        }
        out += '[';
        bool first = true;
        for (auto& x : *a) {
            if (!first)
                out += ',';
            first = false;
            nl(indent + 1);
            pretty(out, x, indent + 1);
        }
        nl(indent);
        out += ']';
    } else {
        out += boost::json::serialize(v);
    }
}
} // namespace detail

COULER_INLINE std::string pretty_print(const boost::json::value& v)
{
    std::string out;
    detail::pretty(out, v, 0);
    out += '\n';
    return out;
}

} // namespace couler

#endif
