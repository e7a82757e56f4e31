// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_DETAIL_ARGO_PIECES_HPP
#define COULER_EMIT_DETAIL_ARGO_PIECES_HPP

// The Argo JSON of the IR's small value types: parameters, tolerations, containers, resources.
// Key order follows the Python Couler SDK, so that its golden files compare key by key.

#include <couler/ir/workflow.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace couler {
namespace detail {

namespace json = boost::json;

/// Argo durations in whole seconds (`"90"`, `"30s"`, `"1h30m"`), or -1 if it is not one.
inline std::int64_t argo_duration_seconds(std::string_view s)
{
    if (s.empty())
        return -1;
    std::int64_t total = 0, num = 0;
    bool digits = false;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            num = num * 10 + (c - '0');
            digits = true;
            if (num > (std::int64_t(1) << 40))
                return -1;
            continue;
        }
        if (!digits)
            return -1;
        std::int64_t unit = c == 's' ? 1 : c == 'm' ? 60 : c == 'h' ? 3600 : c == 'd' ? 86400 : -1;
        if (unit < 0)
            return -1;
        total += num * unit;
        num = 0;
        digits = false;
    }
    return total + num;
}

inline json::array strings(const std::vector<std::string>& v)
{
    json::array a;
    a.reserve(v.size());
    for (const auto& s : v)
        a.emplace_back(s);
    return a;
}
inline json::object string_map(const std::map<std::string, std::string>& m)
{
    json::object o;
    for (const auto& [k, v] : m)
        o[k] = v;
    return o;
}
inline json::object secret_ref(const secret_key_ref& r) { return json::object{{"key", r.key}, {"name", r.name}}; }

inline json::object toleration_json(const toleration& t)
{
    json::object o;
    if (!t.key.empty())
        o["key"] = t.key;
    if (!t.effect.empty())
        o["effect"] = t.effect;
    if (!t.operator_.empty())
        o["operator"] = t.operator_;
    if (!t.value.empty())
        o["value"] = t.value;
    if (t.toleration_seconds)
        o["tolerationSeconds"] = *t.toleration_seconds;
    return o;
}

inline json::object parameter_json(const parameter& p, bool output)
{
    json::object o;
    o.reserve(3); // Boost.JSON grows objects one slot at a time from empty: reallocations
    o["name"] = p.name;
    if (p.default_value)
        o["default"] = *p.default_value;
    if (p.value)
        o["value"] = *p.value;
    // Outside outputs a valueFrom can only name a ConfigMap key (and a default).
    if (output ? !p.from.empty() : (p.from.config_map || p.from.default_value)) {
        json::object f;
        const auto& v = p.from;
        if (!v.path.empty())
            f["path"] = v.path;
        if (!v.json_path.empty())
            f["jsonPath"] = v.json_path;
        if (!v.jq_filter.empty())
            f["jqFilter"] = v.jq_filter;
        if (!v.expression.empty())
            f["expression"] = v.expression;
        if (!v.parameter.empty())
            f["parameter"] = v.parameter;
        if (v.default_value)
            f["default"] = *v.default_value;
        if (v.supplied)
            f["supplied"] = json::object{};
        if (v.config_map)
            f["configMapKeyRef"] = secret_ref(*v.config_map);
        o["valueFrom"] = std::move(f);
    }
    if (!p.global_name.empty())
        o["globalName"] = p.global_name;
    if (!p.enum_values.empty())
        o["enum"] = strings(p.enum_values);
    if (!p.description.empty())
        o["description"] = p.description;
    return o;
}

/// A container's `envFrom` list (Kubernetes EnvFromSource objects).
inline json::array env_from_json(const std::vector<env_from_source>& v)
{
    json::array ef;
    for (const auto& e : v) {
        json::object x;
        if (!e.secret.empty())
            x["secretRef"] = json::object{{"name", e.secret}};
        if (!e.config_map.empty())
            x["configMapRef"] = json::object{{"name", e.config_map}};
        if (!e.prefix.empty())
            x["prefix"] = e.prefix;
        ef.push_back(std::move(x));
    }
    return ef;
}

inline json::object container_json(const container_spec& c, const std::string* source)
{
    json::object o;
    o.reserve(4);
    o["image"] = c.image;
    if (c.command)
        o["command"] = strings(*c.command);
    if (!c.args.empty())
        o["args"] = strings(c.args);
    if (!c.env.empty()) {
        json::array env;
        for (const auto& e : c.env) {
            json::object x;
            x["name"] = e.name;
            if (e.secret)
                x["valueFrom"] = json::object{{"secretKeyRef", secret_ref(*e.secret)}};
            else if (e.config_map)
                x["valueFrom"] = json::object{{"configMapKeyRef", secret_ref(*e.config_map)}};
            else
                x["value"] = e.value;
            env.push_back(std::move(x));
        }
        o["env"] = std::move(env);
    }
    if (!c.env_from.empty())
        o["envFrom"] = env_from_json(c.env_from);
    if (!c.resources.empty()) {
        json::object r;
        if (!c.resources.limits.empty())
            r["limits"] = string_map(c.resources.limits);
        if (!c.resources.requests.empty())
            r["requests"] = string_map(c.resources.requests);
        if (!c.resources.claims.empty()) {
            json::array a;
            for (const auto& n : c.resources.claims)
                a.push_back(json::object{{"name", n}});
            r["claims"] = std::move(a);
        }
        o["resources"] = std::move(r);
    }
    if (!c.volume_mounts.empty()) {
        json::array vm;
        for (const auto& m : c.volume_mounts) {
            json::object x;
            x["name"] = m.name;
            x["mountPath"] = m.mount_path;
            if (!m.sub_path.empty())
                x["subPath"] = m.sub_path;
            if (m.read_only)
                x["readOnly"] = true;
            vm.push_back(std::move(x));
        }
        o["volumeMounts"] = std::move(vm);
    }
    if (!c.working_dir.empty())
        o["workingDir"] = c.working_dir;
    if (!c.image_pull_policy.empty())
        o["imagePullPolicy"] = c.image_pull_policy;
    if (source)
        o["source"] = *source;
    return o;
}

/// `job`: a run_job step; the Python SDK always writes setOwnerReference for those.
inline json::object resource_json(const resource_spec& r, bool job = false)
{
    json::object o;
    o["action"] = r.action;
    if (r.set_owner_reference || job)
        o["setOwnerReference"] = r.set_owner_reference;
    if (!r.manifest.empty())
        o["manifest"] = r.manifest;
    if (!r.success_condition.empty())
        o["successCondition"] = r.success_condition;
    if (!r.failure_condition.empty())
        o["failureCondition"] = r.failure_condition;
    if (!r.merge_strategy.empty())
        o["mergeStrategy"] = r.merge_strategy;
    if (!r.flags.empty())
        o["flags"] = strings(r.flags);
    return o;
}


} // namespace detail
} // namespace couler

#endif
