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
#include <utility>
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
    std::vector<std::string> claims; ///< names of the pod's resource claims the container uses (DRA)
    bool empty() const { return requests.empty() && limits.empty() && claims.empty(); }
    friend bool operator==(const resource_requirements& a, const resource_requirements& b)
    {
        return a.requests == b.requests && a.limits == b.limits && a.claims == b.claims;
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
    std::string cap; ///< no single wait is longer than this (Argo `backoff.cap`)
    friend bool operator==(const backoff& a, const backoff& b)
    {
        return std::tie(a.duration, a.factor, a.max_duration, a.cap) ==
               std::tie(b.duration, b.factor, b.max_duration, b.cap);
    }
    friend bool operator!=(const backoff& a, const backoff& b) { return !(a == b); }
};

/// @brief How often and when a failed step is retried.
///
/// The number of retries is `limit`, unless `unlimited` is set (retry until the step
/// succeeds: Argo's retryStrategy without a limit) or `limit_expression` is not empty (the
/// limit is an expression such as `{{inputs.parameters.n}}`, resolved when the step runs).
struct retry_strategy {
    std::int64_t limit = 0;
    std::string policy; ///< Always, OnFailure, OnError, OnTransientError; empty means the engine default
    std::optional<backoff> back_off;
    std::string expression; ///< retry only while this holds
    bool unlimited = false;       ///< no limit: retry until success; `limit` is then unused
    std::string limit_expression; ///< the limit as an expression; `limit` is then unused
    friend bool operator==(const retry_strategy& a, const retry_strategy& b)
    {
        return std::tie(a.limit, a.unlimited, a.limit_expression, a.policy, a.back_off, a.expression) ==
               std::tie(b.limit, b.unlimited, b.limit_expression, b.policy, b.back_off, b.expression);
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
///
/// The Kubernetes objects among its fields (probes, lifecycle, security context) are kept as
/// written in Kubernetes' JSON form: the IR names them but does not interpret them.
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
    boost::json::object readiness_probe;  ///< Kubernetes Probe: when the container is ready (daemons)
    boost::json::object liveness_probe;   ///< Kubernetes Probe: when it is restarted
    boost::json::object startup_probe;    ///< Kubernetes Probe: when it has started
    boost::json::object lifecycle;        ///< Kubernetes Lifecycle: postStart / preStop handlers
    boost::json::object security_context; ///< Kubernetes SecurityContext (privileged, runAsUser...)
    std::string name; ///< the container's name (needed for sidecars, init containers, container sets)
    friend bool operator==(const container_spec& a, const container_spec& b)
    {
        return std::tie(a.name, a.image, a.command, a.args, a.env, a.env_from, a.resources, a.working_dir,
                        a.volume_mounts, a.image_pull_policy, a.readiness_probe, a.liveness_probe, a.startup_probe,
                        a.lifecycle, a.security_context) ==
               std::tie(b.name, b.image, b.command, b.args, b.env, b.env_from, b.resources, b.working_dir,
                        b.volume_mounts, b.image_pull_policy, b.readiness_probe, b.liveness_probe, b.startup_probe,
                        b.lifecycle, b.security_context);
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

/// @brief A container that runs beside the main one (a sidecar) or before it (an init container).
struct user_container {
    container_spec container; ///< with a name
    bool mirror_volume_mounts = false; ///< also mount every volume the main container mounts
    friend bool operator==(const user_container& a, const user_container& b)
    {
        return a.container == b.container && a.mirror_volume_mounts == b.mirror_volume_mounts;
    }
    friend bool operator!=(const user_container& a, const user_container& b) { return !(a == b); }
};

/// @brief One container of a container set, with the containers of the set it waits for.
struct container_node {
    container_spec container; ///< with a name, unique in the set
    std::vector<std::string> dependencies; ///< names of containers of the same set
    friend bool operator==(const container_node& a, const container_node& b)
    {
        return a.container == b.container && a.dependencies == b.dependencies;
    }
    friend bool operator!=(const container_node& a, const container_node& b) { return !(a == b); }
};

/// @brief Several containers in one pod, run in dependency order (Argo `containerSet`).
/// The container named `main` (if any) gives the template its result and outputs.
struct container_set_spec {
    std::vector<container_node> containers;
    std::vector<volume_mount> volume_mounts; ///< mounted into every container of the set
    friend bool operator==(const container_set_spec& a, const container_set_spec& b)
    {
        return a.containers == b.containers && a.volume_mounts == b.volume_mounts;
    }
    friend bool operator!=(const container_set_spec& a, const container_set_spec& b) { return !(a == b); }
};

/// @brief An HTTP header of an http template: a literal value or a Secret's key.
struct http_header {
    std::string name, value;
    std::optional<secret_key_ref> secret; ///< valueFrom.secretKeyRef
    friend bool operator==(const http_header& a, const http_header& b)
    {
        return std::tie(a.name, a.value, a.secret) == std::tie(b.name, b.value, b.secret);
    }
    friend bool operator!=(const http_header& a, const http_header& b) { return !(a == b); }
};

/// @brief Make one HTTP request, without a pod (Argo `http` template). The response body is
/// the step's result.
struct http_spec {
    std::string url;
    std::string method; ///< GET when empty
    std::vector<http_header> headers;
    std::string body;
    std::string success_condition; ///< e.g. `response.statusCode == 201`; empty: any 2xx status
    std::optional<std::int64_t> timeout_seconds;
    bool insecure_skip_verify = false;
    friend bool operator==(const http_spec& a, const http_spec& b)
    {
        return std::tie(a.url, a.method, a.headers, a.body, a.success_condition, a.timeout_seconds,
                        a.insecure_skip_verify) == std::tie(b.url, b.method, b.headers, b.body, b.success_condition,
                                                           b.timeout_seconds, b.insecure_skip_verify);
    }
    friend bool operator!=(const http_spec& a, const http_spec& b) { return !(a == b); }
};

/// @brief A mutex: at most one holder at a time, workflow-wide or across workflows.
struct mutex_lock {
    std::string name;
    std::string namespace_; ///< empty: the workflow's namespace
    bool database = false;  ///< kept in Argo's synchronization database, not in the controller
    friend bool operator==(const mutex_lock& a, const mutex_lock& b)
    {
        return std::tie(a.name, a.namespace_, a.database) == std::tie(b.name, b.namespace_, b.database);
    }
    friend bool operator!=(const mutex_lock& a, const mutex_lock& b) { return !(a == b); }
};

/// @brief A semaphore: at most N holders, N read from a ConfigMap key or kept in a database.
struct semaphore_lock {
    std::optional<secret_key_ref> config_map; ///< the ConfigMap key holding N
    std::string database_key;                  ///< or: the key of the limit in Argo's database
    std::string namespace_;                    ///< empty: the workflow's namespace
    friend bool operator==(const semaphore_lock& a, const semaphore_lock& b)
    {
        return std::tie(a.config_map, a.database_key, a.namespace_) ==
               std::tie(b.config_map, b.database_key, b.namespace_);
    }
    friend bool operator!=(const semaphore_lock& a, const semaphore_lock& b) { return !(a == b); }
};

/// @brief Locks a template (or the whole workflow) must hold to run (Argo `synchronization`).
struct synchronization_spec {
    std::vector<mutex_lock> mutexes;
    std::vector<semaphore_lock> semaphores;
    bool empty() const { return mutexes.empty() && semaphores.empty(); }
    friend bool operator==(const synchronization_spec& a, const synchronization_spec& b)
    {
        return a.mutexes == b.mutexes && a.semaphores == b.semaphores;
    }
    friend bool operator!=(const synchronization_spec& a, const synchronization_spec& b) { return !(a == b); }
};

/// @brief A volume steps can mount (workflow-wide, or a template's own).
struct volume {
    enum class source_kind { empty_dir, persistent_volume_claim, config_map, secret, host_path };
    std::string name;
    source_kind kind = source_kind::empty_dir;
    std::string source; ///< claim name, ConfigMap name, Secret name or host path
    std::string medium; ///< emptyDir medium (`Memory`)
    bool read_only = false;
    friend bool operator==(const volume& a, const volume& b)
    {
        return std::tie(a.name, a.kind, a.source, a.medium, a.read_only) ==
               std::tie(b.name, b.kind, b.source, b.medium, b.read_only);
    }
    friend bool operator!=(const volume& a, const volume& b) { return !(a == b); }
};

/// @brief A dynamic resource (a device) the pod claims: an existing ResourceClaim or one made
/// from a ResourceClaimTemplate (Kubernetes PodResourceClaim; Argo resourceClaims).
struct resource_claim {
    std::string name;          ///< how containers name it (resources.claims)
    std::string claim_name;    ///< an existing ResourceClaim, or
    std::string template_name; ///< a ResourceClaimTemplate to create one from
    friend bool operator==(const resource_claim& a, const resource_claim& b)
    {
        return std::tie(a.name, a.claim_name, a.template_name) == std::tie(b.name, b.claim_name, b.template_name);
    }
    friend bool operator!=(const resource_claim& a, const resource_claim& b) { return !(a == b); }
};

/// @brief A Prometheus metric the engine emits for a step (or the workflow) (Argo metrics).
struct prometheus_metric {
    std::string name;
    std::string help;
    std::vector<std::pair<std::string, std::string>> labels; ///< key, value (may hold expressions)
    std::string when;  ///< emit only if this expression holds, e.g. `{{status}} == Succeeded`
    std::string kind;  ///< gauge, counter or histogram
    std::string value; ///< an expression, e.g. `{{duration}}`
    std::optional<bool> realtime; ///< gauge: emit while the step runs, not only at its end
    std::vector<double> buckets;  ///< histogram: bucket upper bounds
    friend bool operator==(const prometheus_metric& a, const prometheus_metric& b)
    {
        return std::tie(a.name, a.help, a.labels, a.when, a.kind, a.value, a.realtime, a.buckets) ==
               std::tie(b.name, b.help, b.labels, b.when, b.kind, b.value, b.realtime, b.buckets);
    }
    friend bool operator!=(const prometheus_metric& a, const prometheus_metric& b) { return !(a == b); }
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
    /// Deadline counted from when the step's node is created, time pending included (Argo's
    /// template `timeout`; `timeout` above is Argo's activeDeadlineSeconds, the running time).
    std::string total_timeout;
    std::optional<synchronization_spec> synchronization; ///< locks held while the step runs
    std::vector<user_container> sidecars;        ///< containers run beside the main one
    std::vector<user_container> init_containers; ///< containers run, in order, before it
    std::vector<volume> volumes;                 ///< volumes of this template's pod only
    std::string pod_spec_patch; ///< a patch (JSON or YAML text, may hold expressions) applied to the pod spec
    /// Another body kind: when set, the step runs this container set and `body` is unused
    /// (it stays a default container_spec).
    std::optional<container_set_spec> container_set;
    /// Another body kind: when set, the step makes this HTTP request and `body` is unused
    /// (it stays a default container_spec).
    std::optional<http_spec> http;
    /// Resources of the whole pod, shared by its containers (Argo podResources).
    resource_requirements pod_resources;
    std::vector<resource_claim> resource_claims; ///< devices the step's pod claims
    std::vector<prometheus_metric> metrics;      ///< metrics emitted for each run of the step
    /// Annotations of the step's node (not of its pod), set when it runs, e.g.
    /// `workflows.argoproj.io/display-name` (Argo template `annotations`).
    std::map<std::string, std::string> annotations;
    boost::json::object extensions;      ///< engine-scoped fields the IR does not model ("argo": {...})

    /// @brief True if the body is `container_set` or `http` rather than `body`.
    bool has_other_body() const { return container_set.has_value() || http.has_value(); }

    template_kind kind() const { return static_cast<template_kind>(body.index()); }
    bool is_graph() const { return std::holds_alternative<graph_type>(body); }

    /// @brief The container a container or script template runs, or nullptr. (A template with
    /// has_other_body() returns its unused default container here: check that first.)
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
                        a.retry, a.memoize, a.parallelism, a.total_timeout, a.synchronization, a.sidecars,
                        a.init_containers, a.volumes, a.pod_spec_patch, a.container_set, a.http, a.pod_resources,
                        a.resource_claims, a.metrics, a.annotations, a.extensions) ==
               std::tie(b.name, b.inputs, b.outputs, b.body, b.node_selector, b.tolerations, b.daemon, b.timeout,
                        b.retry, b.memoize, b.parallelism, b.total_timeout, b.synchronization, b.sidecars,
                        b.init_containers, b.volumes, b.pod_spec_patch, b.container_set, b.http, b.pod_resources,
                        b.resource_claims, b.metrics, b.annotations, b.extensions);
    }
    friend bool operator!=(const basic_step_template& a, const basic_step_template& b) { return !(a == b); }
};

/// @brief The IR spelling of a template kind.
inline const char* to_string(template_kind k) noexcept
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
