// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_STEP_TEMPLATE_HPP
#define COULER_IR_STEP_TEMPLATE_HPP

/// @file
/// @brief Step templates: what a step runs (a container, a script, a job, a Kubernetes
/// resource, or a nested sub-workflow), separate from where in a graph it runs.

#include <couler/ir/artifact.hpp>
#include <couler/ir/graph.hpp>

#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

namespace couler {

/// @brief One environment variable: a literal value, or a key of a Secret or ConfigMap.
struct env_var {
    std::string name;
    std::string value;
    std::optional<secret_key_ref> secret;     ///< valueFrom.secretKeyRef
    std::optional<secret_key_ref> config_map; ///< valueFrom.configMapKeyRef
    friend bool operator==(const env_var& a, const env_var& b)
    {
        return std::tie(a.name, a.value, a.secret, a.config_map) == std::tie(b.name, b.value, b.secret, b.config_map);
    }
    friend bool operator!=(const env_var& a, const env_var& b) { return !(a == b); }
};

/// @brief Import every key of a Secret or ConfigMap as environment variables.
struct env_from_source {
    std::string secret;     ///< a Secret's name, or empty
    std::string config_map; ///< a ConfigMap's name, or empty
    std::string prefix;
    friend bool operator==(const env_from_source& a, const env_from_source& b)
    {
        return std::tie(a.secret, a.config_map, a.prefix) == std::tie(b.secret, b.config_map, b.prefix);
    }
    friend bool operator!=(const env_from_source& a, const env_from_source& b) { return !(a == b); }
};

/// @brief Resource requests and limits, keyed by resource name (`cpu`, `memory`, `nvidia.com/gpu`).
struct resource_requirements {
    std::map<std::string, std::string> requests, limits;
    bool empty() const { return requests.empty() && limits.empty(); }
    friend bool operator==(const resource_requirements& a, const resource_requirements& b)
    {
        return a.requests == b.requests && a.limits == b.limits;
    }
    friend bool operator!=(const resource_requirements& a, const resource_requirements& b) { return !(a == b); }
};

/// @brief A volume mounted into a step's container.
struct volume_mount {
    std::string name, mount_path, sub_path;
    bool read_only = false;
    friend bool operator==(const volume_mount& a, const volume_mount& b)
    {
        return std::tie(a.name, a.mount_path, a.sub_path, a.read_only) ==
               std::tie(b.name, b.mount_path, b.sub_path, b.read_only);
    }
    friend bool operator!=(const volume_mount& a, const volume_mount& b) { return !(a == b); }
};

/// @brief A Kubernetes toleration.
struct toleration {
    std::string key, operator_, value, effect;
    std::optional<std::int64_t> toleration_seconds;
    friend bool operator==(const toleration& a, const toleration& b)
    {
        return std::tie(a.key, a.operator_, a.value, a.effect, a.toleration_seconds) ==
               std::tie(b.key, b.operator_, b.value, b.effect, b.toleration_seconds);
    }
    friend bool operator!=(const toleration& a, const toleration& b) { return !(a == b); }
};

/// @brief Exponential backoff between retries. Durations use Argo's forms (`"10s"`, `"1m"`).
struct backoff {
    std::string duration;
    std::optional<std::int64_t> factor;
    std::string max_duration;
    friend bool operator==(const backoff& a, const backoff& b)
    {
        return std::tie(a.duration, a.factor, a.max_duration) == std::tie(b.duration, b.factor, b.max_duration);
    }
    friend bool operator!=(const backoff& a, const backoff& b) { return !(a == b); }
};

/// @brief How often and when a failed step is retried.
struct retry_strategy {
    std::int64_t limit = 0;
    std::string policy; ///< Always, OnFailure, OnError, OnTransientError; empty means the engine default
    std::optional<backoff> back_off;
    std::string expression; ///< retry only while this holds
    friend bool operator==(const retry_strategy& a, const retry_strategy& b)
    {
        return std::tie(a.limit, a.policy, a.back_off, a.expression) ==
               std::tie(b.limit, b.policy, b.back_off, b.expression);
    }
    friend bool operator!=(const retry_strategy& a, const retry_strategy& b) { return !(a == b); }
};

/// @brief Memoization: a step whose key matches an earlier successful run is skipped.
struct memoize_spec {
    std::string key;        ///< cache key, may contain expressions
    std::string max_age;    ///< e.g. `"1h"`; empty means no limit
    std::string config_map; ///< Argo stores the cache in this ConfigMap
    friend bool operator==(const memoize_spec& a, const memoize_spec& b)
    {
        return std::tie(a.key, a.max_age, a.config_map) == std::tie(b.key, b.max_age, b.config_map);
    }
    friend bool operator!=(const memoize_spec& a, const memoize_spec& b) { return !(a == b); }
};

/// @brief Run a container image (paper `run_container`).
struct container_spec {
    std::string image;
    std::optional<std::vector<std::string>> command; ///< absent: the image's entrypoint
    std::vector<std::string> args;
    std::vector<env_var> env;
    std::vector<env_from_source> env_from;
    resource_requirements resources;
    std::string working_dir;
    std::vector<volume_mount> volume_mounts;
    std::string image_pull_policy; ///< Always, Never, IfNotPresent; empty: the cluster default
    friend bool operator==(const container_spec& a, const container_spec& b)
    {
        return std::tie(a.image, a.command, a.args, a.env, a.env_from, a.resources, a.working_dir,
                        a.volume_mounts, a.image_pull_policy) ==
               std::tie(b.image, b.command, b.args, b.env, b.env_from, b.resources, b.working_dir,
                        b.volume_mounts, b.image_pull_policy);
    }
    friend bool operator!=(const container_spec& a, const container_spec& b) { return !(a == b); }
};

/// @brief Run a script with an interpreter (paper `run_script`): `container.command` is the
/// interpreter (`python3`, `bash`, ...), `source` the program text.
struct script_spec {
    container_spec container;
    std::string source;
    friend bool operator==(const script_spec& a, const script_spec& b)
    {
        return a.container == b.container && a.source == b.source;
    }
    friend bool operator!=(const script_spec& a, const script_spec& b) { return !(a == b); }
};

/// @brief Create, apply or delete any Kubernetes object and wait on its conditions.
struct resource_spec {
    std::string action = "create"; ///< create, apply, patch, replace, delete, get
    std::string manifest;          ///< the object, as YAML or JSON text
    std::string success_condition; ///< e.g. `status.succeeded > 0`
    std::string failure_condition;
    std::string merge_strategy;
    bool set_owner_reference = false;
    std::vector<std::string> flags;
    friend bool operator==(const resource_spec& a, const resource_spec& b)
    {
        return std::tie(a.action, a.manifest, a.success_condition, a.failure_condition, a.merge_strategy,
                        a.set_owner_reference, a.flags) ==
               std::tie(b.action, b.manifest, b.success_condition, b.failure_condition, b.merge_strategy,
                        b.set_owner_reference, b.flags);
    }
    friend bool operator!=(const resource_spec& a, const resource_spec& b) { return !(a == b); }
};

/// @brief A distributed training job (paper `run_job`; TFJob, PyTorchJob, MPIJob...).
///
/// On a cluster it is a resource with success and failure conditions. `local_command`, if
/// given, is what the local engine runs instead; without it the local engine refuses the step.
struct job_spec {
    std::string framework; ///< tensorflow, pytorch, mpi, xgboost, or empty for any manifest
    resource_spec resource;
    std::vector<std::string> local_command;
    friend bool operator==(const job_spec& a, const job_spec& b)
    {
        return std::tie(a.framework, a.resource, a.local_command) == std::tie(b.framework, b.resource, b.local_command);
    }
    friend bool operator!=(const job_spec& a, const job_spec& b) { return !(a == b); }
};

/// @brief Wait for an external signal, or for a duration (Argo `suspend`).
struct suspend_spec {
    std::string duration;
    friend bool operator==(const suspend_spec& a, const suspend_spec& b) { return a.duration == b.duration; }
    friend bool operator!=(const suspend_spec& a, const suspend_spec& b) { return !(a == b); }
};

/// @brief The kinds of template, in the order of the body variant's alternatives.
enum class template_kind { container, script, job, resource, suspend, graph };

/// @brief A step definition: what runs. Many steps can invoke one template with different arguments.
///
/// A template whose body is a graph is a nested sub-workflow (an Argo `dag` or `steps`
/// template, a Tekton pipeline, an Airflow task group).
template <class StepData = no_data, class ArtifactData = no_data> struct basic_step_template {
    using graph_type = basic_graph<StepData, ArtifactData>;
    using body_type = std::variant<container_spec, script_spec, job_spec, resource_spec, suspend_spec, graph_type>;

    std::string name;
    basic_io<ArtifactData> inputs, outputs;
    body_type body;
    std::map<std::string, std::string> node_selector;
    std::vector<toleration> tolerations;
    bool daemon = false;
    std::string timeout;                 ///< whole-step deadline, Argo duration form (`"30s"`, `"1h"`)
    std::optional<retry_strategy> retry;
    std::optional<memoize_spec> memoize;
    std::optional<std::int64_t> parallelism; ///< for graph templates: at most this many steps at once
    boost::json::object extensions;      ///< engine-scoped fields the IR does not model ("argo": {...})

    template_kind kind() const { return static_cast<template_kind>(body.index()); }
    bool is_graph() const { return std::holds_alternative<graph_type>(body); }

    /// @brief The container a container or script template runs, or nullptr.
    const container_spec* container() const
    {
        if (auto c = std::get_if<container_spec>(&body))
            return c;
        if (auto s = std::get_if<script_spec>(&body))
            return &s->container;
        return nullptr;
    }
    container_spec* container()
    {
        return const_cast<container_spec*>(static_cast<const basic_step_template*>(this)->container());
    }
    const graph_type* graph() const { return std::get_if<graph_type>(&body); }
    graph_type* graph() { return std::get_if<graph_type>(&body); }

    friend bool operator==(const basic_step_template& a, const basic_step_template& b)
    {
        return std::tie(a.name, a.inputs, a.outputs, a.body, a.node_selector, a.tolerations, a.daemon, a.timeout,
                        a.retry, a.memoize, a.parallelism, a.extensions) ==
               std::tie(b.name, b.inputs, b.outputs, b.body, b.node_selector, b.tolerations, b.daemon, b.timeout,
                        b.retry, b.memoize, b.parallelism, b.extensions);
    }
    friend bool operator!=(const basic_step_template& a, const basic_step_template& b) { return !(a == b); }
};

/// @brief The IR spelling of a template kind.
COULER_INLINE const char* to_string(template_kind k) noexcept
{
    switch (k) {
    case template_kind::container: return "container";
    case template_kind::script: return "script";
    case template_kind::job: return "job";
    case template_kind::resource: return "resource";
    case template_kind::suspend: return "suspend";
    case template_kind::graph: return "graph";
    }
    return "container";
}

} // namespace couler

#endif
