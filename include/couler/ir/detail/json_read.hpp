// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_DETAIL_JSON_READ_HPP
#define COULER_IR_DETAIL_JSON_READ_HPP

// The strict IR JSON reader: one read() per IR type, every problem with its JSON path. Included by couler/ir/impl/json.hpp only (it relies on
// couler/ir/json.hpp and couler/ir/workflow.hpp being included first).

#include <couler/ir/detail/json_reader.hpp>
#include <couler/ir/detail/json_write.hpp> // volume_kind_name, kind_name

#include <boost/json/value.hpp>

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace couler {
namespace detail {

namespace json = boost::json;

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
    json_object_reader o(v, path, out,
                         {"path", "json_path", "jq_filter", "expression", "parameter", "default", "supplied", "config_map"});
    o.string("path", f.path);
    o.string("json_path", f.json_path);
    o.string("jq_filter", f.jq_filter);
    o.string("expression", f.expression);
    o.string("parameter", f.parameter);
    o.opt_string("default", f.default_value);
    o.boolean("supplied", f.supplied);
    read_opt(o, "config_map", f.config_map);
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
                          "endpoint", "url", "repo", "revision", "user", "addresses", "insecure", "region", "force",
                          "raw_data", "mode", "archive", "from_expression", "archive_compression_level", "gc_strategy",
                          "access_key", "secret_key", "size_bytes",
                          "cost_seconds", "data"});
    o.string("name", a.name, true);
    std::string kind;
    o.string("kind", kind, true);
    if (o.find("kind") && o.find("kind")->is_string() && !from_string(kind, a.kind))
        o.fail(o.at("kind"), error::bad_value,
               "unknown artifact kind '" + kind +
                   "' (expected parameter, local, s3, oss, gcs, hdfs, git, http, azure or raw)");
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
    o.string("region", a.region);
    o.boolean("force", a.force);
    o.string("raw_data", a.raw_data);
    o.int64("mode", a.mode);
    o.string("archive", a.archive);
    if (!a.archive.empty() && a.archive != "none" && a.archive != "tar" && a.archive != "zip")
        o.fail(o.at("archive"), error::bad_value, "unknown archive '" + a.archive + "' (expected none, tar or zip)");
    o.string("from_expression", a.from_expression);
    o.int64("archive_compression_level", a.archive_compression_level);
    o.string("gc_strategy", a.gc_strategy);
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
    static const std::vector<std::string_view> keys = {
        "name",          "image",           "command",        "args",          "env",       "env_from",
        "resources",     "working_dir",     "volume_mounts",  "image_pull_policy", "readiness_probe",
        "liveness_probe", "startup_probe",  "lifecycle",      "security_context"};
    return keys;
}

inline void read(const json::value& v, const std::string& path, problems& out, resource_requirements& r)
{
    json_object_reader rr(v, path, out, {"requests", "limits", "claims"});
    rr.string_map("requests", r.requests);
    rr.string_map("limits", r.limits);
    rr.strings("claims", r.claims);
}

inline void read(const json::value& v, const std::string& path, problems& out, resource_claim& r)
{
    json_object_reader o(v, path, out, {"name", "claim_name", "template_name"});
    o.string("name", r.name, true);
    o.string("claim_name", r.claim_name);
    o.string("template_name", r.template_name);
}

inline void read(const json::value& v, const std::string& path, problems& out, prometheus_metric& m)
{
    json_object_reader o(v, path, out, {"name", "help", "labels", "when", "kind", "value", "realtime", "buckets"});
    o.string("name", m.name, true);
    o.string("help", m.help);
    o.each("labels", [&](const json::value& x, const std::string& p) {
        json_object_reader r(x, p, out, {"key", "value"});
        std::pair<std::string, std::string> kv;
        r.string("key", kv.first, true);
        r.string("value", kv.second);
        m.labels.push_back(std::move(kv));
    });
    o.string("when", m.when);
    o.string("kind", m.kind, true);
    if (o.find("kind") && o.find("kind")->is_string() && m.kind != "gauge" && m.kind != "counter" &&
        m.kind != "histogram")
        o.fail(o.at("kind"), error::bad_value, "unknown metric kind '" + m.kind + "' (expected gauge, counter or histogram)");
    o.string("value", m.value);
    if (o.find("realtime")) {
        bool b = false;
        o.boolean("realtime", b);
        m.realtime = b;
    }
    o.each("buckets", [&](const json::value& x, const std::string& p) {
        if (x.is_number())
            m.buckets.push_back(x.to_number<double>());
        else
            out.push_back({p, error::wrong_type, std::string("expected a number, found ") + kind_name(x)});
    });
}

inline void read_volume_mounts(const json_object_reader& o, std::vector<volume_mount>& dst)
{
    problems& out = o.out();
    read_list(o, "volume_mounts", dst, [&](const json::value& x, const std::string& p, volume_mount& m) {
        json_object_reader r(x, p, out, {"name", "mount_path", "sub_path", "read_only"});
        r.string("name", m.name, true);
        r.string("mount_path", m.mount_path, true);
        r.string("sub_path", m.sub_path);
        r.boolean("read_only", m.read_only);
    });
}

inline void read_container_fields(const json_object_reader& o, container_spec& c)
{
    problems& out = o.out();
    o.string("name", c.name);
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
    if (auto r = o.find("resources"))
        read(*r, o.at("resources"), out, c.resources);
    o.string("working_dir", c.working_dir);
    read_volume_mounts(o, c.volume_mounts);
    o.string("image_pull_policy", c.image_pull_policy);
    o.object("readiness_probe", c.readiness_probe);
    o.object("liveness_probe", c.liveness_probe);
    o.object("startup_probe", c.startup_probe);
    o.object("lifecycle", c.lifecycle);
    o.object("security_context", c.security_context);
}

// A container with extra keys (a sidecar's mirror_volume_mounts, a set member's dependencies).
inline void read_container_with(const json::value& v, const std::string& path, problems& out, container_spec& c,
                                std::string_view extra, const std::function<void(const json_object_reader&)>& f)
{
    std::vector<std::string_view> keys(container_keys());
    keys.push_back(extra);
    json_object_reader r(v, path, out, keys.begin(), keys.end());
    read_container_fields(r, c);
    f(r);
}

inline void read(const json::value& v, const std::string& path, problems& out, user_container& u)
{
    read_container_with(v, path, out, u.container, "mirror_volume_mounts",
                        [&](const json_object_reader& r) { r.boolean("mirror_volume_mounts", u.mirror_volume_mounts); });
}

inline void read(const json::value& v, const std::string& path, problems& out, container_set_spec& cs)
{
    json_object_reader o(v, path, out, {"containers", "volume_mounts"});
    o.require("containers");
    read_list(o, "containers", cs.containers, [&](const json::value& x, const std::string& p, container_node& n) {
        read_container_with(x, p, out, n.container, "dependencies",
                            [&](const json_object_reader& r) { r.strings("dependencies", n.dependencies); });
    });
    read_volume_mounts(o, cs.volume_mounts);
}

inline void read(const json::value& v, const std::string& path, problems& out, http_spec& h)
{
    json_object_reader o(v, path, out,
                         {"url", "method", "headers", "body", "success_condition", "timeout_seconds",
                          "insecure_skip_verify"});
    o.string("url", h.url, true);
    o.string("method", h.method);
    read_list(o, "headers", h.headers, [&](const json::value& x, const std::string& p, http_header& d) {
        json_object_reader r(x, p, out, {"name", "value", "secret"});
        r.string("name", d.name, true);
        r.string("value", d.value);
        read_opt(r, "secret", d.secret);
    });
    o.string("body", h.body);
    o.string("success_condition", h.success_condition);
    o.int64("timeout_seconds", h.timeout_seconds);
    o.boolean("insecure_skip_verify", h.insecure_skip_verify);
}

inline void read(const json::value& v, const std::string& path, problems& out, synchronization_spec& y)
{
    json_object_reader o(v, path, out, {"mutexes", "semaphores"});
    read_list(o, "mutexes", y.mutexes, [&](const json::value& x, const std::string& p, mutex_lock& d) {
        json_object_reader r(x, p, out, {"name", "namespace", "database"});
        r.string("name", d.name, true);
        r.string("namespace", d.namespace_);
        r.boolean("database", d.database);
    });
    read_list(o, "semaphores", y.semaphores, [&](const json::value& x, const std::string& p, semaphore_lock& d) {
        json_object_reader r(x, p, out, {"config_map", "database_key", "namespace"});
        read_opt(r, "config_map", d.config_map);
        r.string("database_key", d.database_key);
        r.string("namespace", d.namespace_);
        bool cm = r.find("config_map") != nullptr, db = r.find("database_key") != nullptr;
        if (r.ok() && cm == db)
            r.fail(p, cm ? error::bad_value : error::missing_field,
                   "a semaphore needs exactly one of config_map and database_key");
    });
}

inline void read(const json::value& v, const std::string& path, problems& out, template_ref& t)
{
    json_object_reader o(v, path, out, {"name", "template", "cluster_scope"});
    o.string("name", t.name, true);
    o.string("template", t.template_name, true);
    o.boolean("cluster_scope", t.cluster_scope);
}

inline void read(const json::value& v, const std::string& path, problems& out, lifecycle_hooks& hs)
{
    auto obj = v.if_object();
    if (!obj) {
        out.push_back({path, error::wrong_type, std::string("expected an object, found ") + kind_name(v)});
        return;
    }
    for (const auto& kv : *obj) {
        std::string p = path_key(path, kv.key());
        lifecycle_hook h;
        json_object_reader r(kv.value(), p, out,
                             {"template", "template_ref", "expression", "arguments", "artifact_arguments"});
        r.string("template", h.template_name);
        if (auto x = r.find("template_ref")) {
            h.template_ref_.emplace();
            read(*x, r.at("template_ref"), out, *h.template_ref_);
        }
        bool tn = r.find("template") != nullptr, tr = r.find("template_ref") != nullptr;
        if (r.ok() && tn == tr)
            r.fail(p, tr ? error::bad_value : error::missing_field, "a hook needs exactly one of template and template_ref");
        r.string("expression", h.expression);
        read_list(r, "arguments", h.arguments,
                  [&](const json::value& x, const std::string& q, parameter& d) { read(x, q, out, d); });
        read_list(r, "artifact_arguments", h.artifact_arguments,
                  [&](const json::value& x, const std::string& q, basic_artifact<>& d) { read(x, q, out, d); });
        hs[std::string(kv.key())] = std::move(h);
    }
}

inline void read(const json::value& x, const std::string& p, problems& out, volume& d)
{
    json_object_reader r(x, p, out, {"name", "kind", "source", "medium", "read_only"});
    r.string("name", d.name, true);
    std::string k = "empty_dir";
    r.string("kind", k);
    static const volume::source_kind kinds[] = {volume::source_kind::empty_dir,
                                                volume::source_kind::persistent_volume_claim,
                                                volume::source_kind::config_map, volume::source_kind::secret,
                                                volume::source_kind::host_path};
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

template <class S, class A>
void read(const json::value& v, const std::string& path, problems& out, basic_step_template<S, A>& t,
          bool inline_ = false, bool defaults = false);

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
    json_object_reader o(v, path, out, {"style", "steps", "fail_fast", "target"});
    std::string style = "steps";
    o.string("style", style);
    if (style == "dag")
        g.style = graph_style::dag;
    else if (style == "steps")
        g.style = graph_style::steps;
    else
        o.fail(o.at("style"), error::bad_value, "unknown graph style '" + style + "' (expected steps or dag)");
    if (o.find("fail_fast")) {
        bool ff = true;
        o.boolean("fail_fast", ff);
        g.fail_fast = ff;
    }
    o.string("target", g.target);

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
                              "continue_on_failed", "continue_on_error", "template_ref", "hooks", "inline",
                              "cost_seconds", "extensions", "data"});
        r.string("name", s.name, true);
        if (auto x = r.find("template_ref")) {
            s.template_ref_.emplace();
            read(*x, r.at("template_ref"), out, *s.template_ref_);
            r.string("template", s.template_name);
            if (r.find("template"))
                r.fail(r.at("template"), error::bad_value, "a step gives exactly one of template and template_ref");
            if (r.find("inline"))
                r.fail(r.at("inline"), error::bad_value, "a step gives exactly one of template_ref and inline");
        } else if (auto x = r.find("inline")) {
            s.inline_template.emplace_back();
            read(*x, r.at("inline"), out, s.inline_template.back(), true);
            r.string("template", s.template_name);
            if (r.find("template"))
                r.fail(r.at("template"), error::bad_value, "a step gives exactly one of template and inline");
        } else
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
        r.boolean("continue_on_error", s.continue_on_error);
        if (auto x = r.find("hooks"))
            read(*x, r.at("hooks"), out, s.hooks);
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
void read(const json::value& v, const std::string& path, problems& out, basic_step_template<S, A>& t,
          bool inline_, bool defaults)
{
    json_object_reader o(v, path, out,
                         {"name", "inputs", "outputs", "container", "script", "job", "resource", "suspend", "graph",
                          "container_set", "http", "node_selector", "tolerations", "daemon", "timeout", "retry",
                          "memoize", "parallelism", "total_timeout", "synchronization", "sidecars", "init_containers",
                          "volumes", "pod_spec_patch", "pod_resources", "resource_claims", "metrics", "annotations",
                          "extensions"});
    o.string("name", t.name, !inline_); // an inline template (of one step) needs no name
    if (auto x = o.find("inputs"))
        read(*x, o.at("inputs"), out, t.inputs);
    if (auto x = o.find("outputs"))
        read(*x, o.at("outputs"), out, t.outputs);
    int bodies = 0;
    for (auto k : {"container", "script", "job", "resource", "suspend", "graph", "container_set", "http"})
        bodies += o.find(k) != nullptr;
    if (o.ok() && bodies != 1 && !(defaults && bodies == 0)) // template defaults may have no body
        o.fail(path, bodies == 0 ? error::missing_field : error::bad_value,
               "a template needs exactly one of container, script, job, resource, suspend, graph, container_set or "
               "http (found " +
                   std::to_string(bodies) + ")");
    if (auto x = o.find("container_set")) {
        t.container_set.emplace();
        read(*x, o.at("container_set"), out, *t.container_set);
    } else if (auto x = o.find("http")) {
        t.http.emplace();
        read(*x, o.at("http"), out, *t.http);
    } else if (auto x = o.find("container")) {
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
        json_object_reader r(*x, o.at("retry"), out,
                             {"limit", "unlimited", "limit_expression", "policy", "backoff", "expression"});
        r.int64_into("limit", rs.limit);
        r.boolean("unlimited", rs.unlimited);
        r.string("limit_expression", rs.limit_expression);
        r.string("policy", rs.policy);
        if (auto b = r.find("backoff")) {
            json_object_reader br(*b, r.at("backoff"), out, {"duration", "factor", "max_duration", "cap"});
            backoff bo;
            br.string("duration", bo.duration);
            br.int64("factor", bo.factor);
            br.string("max_duration", bo.max_duration);
            br.string("cap", bo.cap);
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
    o.string("total_timeout", t.total_timeout);
    if (auto x = o.find("synchronization")) {
        t.synchronization.emplace();
        read(*x, o.at("synchronization"), out, *t.synchronization);
    }
    read_list(o, "sidecars", t.sidecars,
              [&](const json::value& x, const std::string& p, user_container& d) { read(x, p, out, d); });
    read_list(o, "init_containers", t.init_containers,
              [&](const json::value& x, const std::string& p, user_container& d) { read(x, p, out, d); });
    read_list(o, "volumes", t.volumes, [&](const json::value& x, const std::string& p, volume& d) { read(x, p, out, d); });
    o.string("pod_spec_patch", t.pod_spec_patch);
    if (auto x = o.find("pod_resources"))
        read(*x, o.at("pod_resources"), out, t.pod_resources);
    read_list(o, "resource_claims", t.resource_claims,
              [&](const json::value& x, const std::string& p, resource_claim& d) { read(x, p, out, d); });
    read_list(o, "metrics", t.metrics,
              [&](const json::value& x, const std::string& p, prometheus_metric& d) { read(x, p, out, d); });
    o.string_map("annotations", t.annotations);
    o.object("extensions", t.extensions);
}

inline void read(const json::value& v, const std::string& path, problems& out, workflow_settings& s)
{
    json_object_reader o(v, path, out,
                         {"kind", "name", "generate_name", "namespace", "labels", "annotations", "parameters",
                          "service_account", "active_deadline_seconds", "ttl_seconds_after_finished", "cron",
                          "parallelism", "volumes", "volume_claim_templates", "image_pull_secrets", "node_selector",
                          "tolerations", "security_context", "on_exit", "ttl_seconds_after_success",
                          "ttl_seconds_after_failure", "workflow_template_ref", "synchronization", "hooks",
                          "artifact_repository", "pod_gc", "pod_labels", "pod_annotations", "workflow_labels",
                          "workflow_annotations", "workflow_labels_from", "artifact_gc_strategy", "pod_resources",
                          "resource_claims", "metrics"});
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
    o.int64("ttl_seconds_after_success", s.ttl_seconds_after_success);
    o.int64("ttl_seconds_after_failure", s.ttl_seconds_after_failure);
    if (auto x = o.find("cron")) {
        cron_schedule c;
        json_object_reader r(*x, o.at("cron"), out,
                             {"schedule", "schedules", "when", "timezone", "concurrency_policy",
                              "starting_deadline_seconds", "successful_jobs_history_limit", "failed_jobs_history_limit",
                              "suspend"});
        r.string("schedule", c.schedule, true);
        r.strings("schedules", c.schedules);
        r.string("when", c.when);
        r.string("timezone", c.timezone);
        r.string("concurrency_policy", c.concurrency_policy);
        r.int64("starting_deadline_seconds", c.starting_deadline_seconds);
        r.int64("successful_jobs_history_limit", c.successful_jobs_history_limit);
        r.int64("failed_jobs_history_limit", c.failed_jobs_history_limit);
        r.boolean("suspend", c.suspend);
        s.cron = c;
    }
    o.int64("parallelism", s.parallelism);
    read_list(o, "volumes", s.volumes, [&](const json::value& x, const std::string& p, volume& d) { read(x, p, out, d); });
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
    if (auto x = o.find("workflow_template_ref")) {
        json_object_reader r(*x, o.at("workflow_template_ref"), out, {"name", "cluster_scope"});
        workflow_template_ref w;
        r.string("name", w.name, true);
        r.boolean("cluster_scope", w.cluster_scope);
        s.workflow_template_ref_ = w;
    }
    if (auto x = o.find("synchronization")) {
        s.synchronization.emplace();
        read(*x, o.at("synchronization"), out, *s.synchronization);
    }
    if (auto x = o.find("hooks"))
        read(*x, o.at("hooks"), out, s.hooks);
    if (auto x = o.find("artifact_repository")) {
        json_object_reader r(*x, o.at("artifact_repository"), out, {"config_map", "key"});
        artifact_repository_ref a;
        r.string("config_map", a.config_map);
        r.string("key", a.key);
        s.artifact_repository = a;
    }
    if (auto x = o.find("pod_gc")) {
        json_object_reader r(*x, o.at("pod_gc"), out, {"strategy", "label_selector", "delete_delay_duration"});
        pod_gc_spec g;
        r.string("strategy", g.strategy);
        r.object("label_selector", g.label_selector);
        r.string("delete_delay_duration", g.delete_delay_duration);
        s.pod_gc = std::move(g);
    }
    o.string_map("pod_labels", s.pod_labels);
    o.string_map("pod_annotations", s.pod_annotations);
    o.string_map("workflow_labels", s.workflow_labels);
    o.string_map("workflow_annotations", s.workflow_annotations);
    o.string_map("workflow_labels_from", s.workflow_labels_from);
    o.string("artifact_gc_strategy", s.artifact_gc_strategy);
    if (auto x = o.find("pod_resources"))
        read(*x, o.at("pod_resources"), out, s.pod_resources);
    read_list(o, "resource_claims", s.resource_claims,
              [&](const json::value& x, const std::string& p, resource_claim& d) { read(x, p, out, d); });
    read_list(o, "metrics", s.metrics,
              [&](const json::value& x, const std::string& p, prometheus_metric& d) { read(x, p, out, d); });
}


} // namespace detail
} // namespace couler

#endif
