// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_API_IMPL_BUILDER_SETTINGS_HPP
#define COULER_API_IMPL_BUILDER_SETTINGS_HPP

// Members of couler::builder (couler/api/builder.hpp): Secrets and workflow-level settings.

#include <couler/api/builder.hpp>
#include <couler/api/detail/md5.hpp>
#include <couler/ir/names.hpp>

#include <stdexcept>

namespace couler {

// ------------------------------------------------------------------ builder: secrets and settings

COULER_INLINE std::string builder::create_secret(const std::vector<std::pair<std::string, std::string>>& data,
                                          const std::string& namespace_, std::string name)
{
    std::map<std::string, std::string> sorted;
    for (const auto& [k, v] : data)
        if (!sorted.emplace(k, v).second)
            throw std::invalid_argument("create_secret: key '" + k + "' is given twice");
    if (name.empty()) {
        // Python: "couler-" + md5(json.dumps(data, sort_keys=True)).
        std::string text = "{";
        bool first = true;
        for (const auto& [k, v] : sorted) {
            if (!first)
                text += ", ";
            first = false;
            text += detail::python_json_string(k) + ": " + detail::python_json_string(v);
        }
        text += "}";
        name = "couler-" + detail::md5_hex(text);
    }
    secret_spec s;
    s.name = name;
    s.namespace_ = namespace_ == "default" ? std::string() : namespace_;
    for (const auto& kv : data)
        s.keys.push_back(kv.first);
    bool have = false;
    for (const auto& x : wf_.secrets)
        have = have || x.name == name;
    if (!have)
        wf_.secrets.push_back(s);
    secret_values_[name] = std::move(sorted);
    return name;
}

COULER_INLINE std::string builder::obtain_secret(const std::vector<std::string>& keys, const std::string& name,
                                          const std::string& namespace_)
{
    secret_spec s;
    s.name = name;
    s.namespace_ = namespace_ == "default" ? std::string() : namespace_;
    s.keys = keys;
    bool have = false;
    for (const auto& x : wf_.secrets)
        have = have || x.name == name;
    if (!have)
        wf_.secrets.push_back(s);
    return name;
}

COULER_INLINE builder& builder::config_workflow(const workflow_config& c)
{
    auto& s = wf_.settings;
    if (!c.name_.empty()) {
        const std::string& n = detail::checked_workflow_name(c.name_);
        std::string old = wf_.entrypoint;
        if (n != old) {
            wf_.rename_template(old, n);
            for (auto& f : frames_)
                if (f.graph == old)
                    f.graph = n;
        }
        if (c.cron_)
            s.name = c.name_; // a CronWorkflow needs a fixed name
        else
            s.generate_name = n + "-";
    }
    if (!c.namespace__.empty())
        s.namespace_ = c.namespace__;
    if (c.timeout_)
        s.active_deadline_seconds = c.timeout_;
    if (c.time_to_clean_)
        s.ttl_seconds_after_finished = c.time_to_clean_;
    if (!c.service_account_.empty())
        s.service_account = c.service_account_;
    if (c.cron_) {
        s.cron = c.cron_;
        if (s.name.empty()) {
            s.name = wf_.entrypoint;
        }
        s.generate_name.clear();
    }
    if (c.parallelism_)
        s.parallelism = c.parallelism_;
    for (const auto& [k, v] : c.labels_)
        s.labels[k] = v;
    for (const auto& [k, v] : c.annotations_)
        s.annotations[k] = v;
    return *this;
}

COULER_INLINE builder& builder::add_volume(volume v)
{
    wf_.settings.volumes.push_back(std::move(v));
    return *this;
}
COULER_INLINE builder& builder::add_volume_claim_template(volume_claim_template v)
{
    wf_.settings.volume_claim_templates.push_back(std::move(v));
    return *this;
}
COULER_INLINE builder& builder::add_image_pull_secret(const std::string& name)
{
    wf_.settings.image_pull_secrets.push_back(name);
    return *this;
}
COULER_INLINE builder& builder::add_toleration(toleration t)
{
    wf_.settings.tolerations.push_back(std::move(t));
    return *this;
}
COULER_INLINE output builder::add_parameter(const std::string& name, const std::string& value)
{
    detail::require_io_name("workflow parameter name", name);
    for (const auto& x : wf_.settings.parameters)
        if (x.name == name)
            throw std::invalid_argument("workflow parameter '" + name + "' is already declared");
    parameter p;
    p.name = name;
    p.value = value;
    wf_.settings.parameters.push_back(std::move(p));
    return workflow_parameter(name);
}

COULER_INLINE output builder::workflow_parameter(const std::string& name) const
{
    std::string names;
    for (const auto& x : wf_.settings.parameters) {
        if (x.name == name)
            return output{output::kind::workflow_parameter, {}, name, false, {}, {}};
        names += (names.empty() ? "" : ", ") + x.name;
    }
    throw std::invalid_argument("the workflow has no parameter '" + name + "' (" +
                                (names.empty() ? std::string("it declares none") : "its parameters: " + names) + ")");
}

} // namespace couler

#endif
