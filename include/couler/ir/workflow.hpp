// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_WORKFLOW_HPP
#define COULER_IR_WORKFLOW_HPP

/// @file
/// @brief The workflow: workflow-level settings, a library of step templates, and the entry graph.

#include <couler/ir/step_template.hpp>

#include <boost/json/value.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace couler {

/// @brief A PersistentVolumeClaim created for the run (Argo volumeClaimTemplates).
struct volume_claim_template {
    std::string name;
    std::vector<std::string> access_modes;
    std::string storage; ///< e.g. `"1Gi"`
    std::string storage_class;
    friend bool operator==(const volume_claim_template& a, const volume_claim_template& b)
    {
        return std::tie(a.name, a.access_modes, a.storage, a.storage_class) ==
               std::tie(b.name, b.access_modes, b.storage, b.storage_class);
    }
    friend bool operator!=(const volume_claim_template& a, const volume_claim_template& b) { return !(a == b); }
};

/// @brief A cron schedule: the workflow runs as a CronWorkflow.
struct cron_schedule {
    std::string schedule; ///< crontab form
    std::string timezone;
    std::string concurrency_policy; ///< Allow, Forbid, Replace
    std::optional<std::int64_t> starting_deadline_seconds;
    std::optional<std::int64_t> successful_jobs_history_limit;
    std::optional<std::int64_t> failed_jobs_history_limit;
    bool suspend = false;
    std::vector<std::string> schedules; ///< more schedules, crontab form (Argo `schedules`); runs at each
    std::string when; ///< run on a schedule only if this expression holds (Argo `when`)
    friend bool operator==(const cron_schedule& a, const cron_schedule& b)
    {
        return std::tie(a.schedule, a.schedules, a.when, a.timezone, a.concurrency_policy, a.starting_deadline_seconds,
                        a.successful_jobs_history_limit, a.failed_jobs_history_limit, a.suspend) ==
               std::tie(b.schedule, b.schedules, b.when, b.timezone, b.concurrency_policy, b.starting_deadline_seconds,
                        b.successful_jobs_history_limit, b.failed_jobs_history_limit, b.suspend);
    }
    friend bool operator!=(const cron_schedule& a, const cron_schedule& b) { return !(a == b); }
};

/// @brief A Secret the workflow's steps use: its name and keys, never its values.
///
/// Values are held by whoever creates the Secret (a submitter), not by the IR, so they can
/// never leak into emitted files.
struct secret_spec {
    std::string name;
    std::string namespace_;
    std::vector<std::string> keys;
    friend bool operator==(const secret_spec& a, const secret_spec& b)
    {
        return std::tie(a.name, a.namespace_, a.keys) == std::tie(b.name, b.namespace_, b.keys);
    }
    friend bool operator!=(const secret_spec& a, const secret_spec& b) { return !(a == b); }
};

/// @brief A workflow whose spec (templates, entrypoint...) is a stored WorkflowTemplate's
/// (Argo `workflowTemplateRef`). The workflow's own settings override the template's.
struct workflow_template_ref {
    std::string name;
    bool cluster_scope = false; ///< a ClusterWorkflowTemplate
    friend bool operator==(const workflow_template_ref& a, const workflow_template_ref& b)
    {
        return a.name == b.name && a.cluster_scope == b.cluster_scope;
    }
    friend bool operator!=(const workflow_template_ref& a, const workflow_template_ref& b) { return !(a == b); }
};

/// @brief Where the workflow's artifacts are stored by default: a key of a ConfigMap holding
/// an artifact repository (Argo `artifactRepositoryRef`). Empty config_map: Argo's default one.
struct artifact_repository_ref {
    std::string config_map, key;
    friend bool operator==(const artifact_repository_ref& a, const artifact_repository_ref& b)
    {
        return a.config_map == b.config_map && a.key == b.key;
    }
    friend bool operator!=(const artifact_repository_ref& a, const artifact_repository_ref& b) { return !(a == b); }
};

/// @brief When the engine deletes finished pods (Argo `podGC`).
struct pod_gc_spec {
    std::string strategy; ///< OnPodCompletion, OnPodSuccess, OnWorkflowCompletion, OnWorkflowSuccess
    boost::json::object label_selector; ///< Kubernetes LabelSelector: only pods it matches
    std::string delete_delay_duration;  ///< wait this long before deleting
    friend bool operator==(const pod_gc_spec& a, const pod_gc_spec& b)
    {
        return std::tie(a.strategy, a.label_selector, a.delete_delay_duration) ==
               std::tie(b.strategy, b.label_selector, b.delete_delay_duration);
    }
    friend bool operator!=(const pod_gc_spec& a, const pod_gc_spec& b) { return !(a == b); }
};

/// @brief What kind of object the workflow is, for engines that distinguish them.
enum class workflow_kind { workflow, workflow_template, cluster_workflow_template };

/// @brief Workflow-level settings.
struct workflow_settings {
    workflow_kind kind = workflow_kind::workflow;
    std::string name;          ///< fixed name (DNS-1123 subdomain), or empty
    std::string generate_name; ///< name prefix the engine completes, or empty
    std::string namespace_;
    std::map<std::string, std::string> labels, annotations;
    std::vector<parameter> parameters; ///< workflow arguments
    std::string service_account;
    std::optional<std::int64_t> active_deadline_seconds; ///< workflow timeout
    std::optional<std::int64_t> ttl_seconds_after_finished;
    std::optional<std::int64_t> ttl_seconds_after_success; ///< overrides the above when it succeeds
    std::optional<std::int64_t> ttl_seconds_after_failure; ///< overrides the above when it fails
    std::optional<cron_schedule> cron;
    std::optional<std::int64_t> parallelism;
    std::vector<volume> volumes;
    std::vector<volume_claim_template> volume_claim_templates;
    std::vector<std::string> image_pull_secrets;
    std::map<std::string, std::string> node_selector;
    std::vector<toleration> tolerations;
    boost::json::object security_context; ///< a Kubernetes PodSecurityContext, passed through
    std::string on_exit; ///< template run when the workflow ends, whatever its status
    std::optional<workflow_template_ref> workflow_template_ref_; ///< the spec comes from a WorkflowTemplate
    std::optional<synchronization_spec> synchronization; ///< locks the whole workflow holds while it runs
    lifecycle_hooks hooks; ///< workflow lifecycle hooks (`exit`, or run when an expression holds)
    std::optional<artifact_repository_ref> artifact_repository; ///< default artifact storage
    std::optional<pod_gc_spec> pod_gc;
    std::map<std::string, std::string> pod_labels, pod_annotations; ///< added to every pod (Argo podMetadata)
    /// Labels and annotations of the workflow object itself, set when it runs (Argo
    /// workflowMetadata); `labels_from` maps a label to an expression giving its value.
    std::map<std::string, std::string> workflow_labels, workflow_annotations, workflow_labels_from;
    /// When stored artifacts are deleted, by default (Argo artifactGC.strategy):
    /// OnWorkflowCompletion, OnWorkflowDeletion or Never; empty means never.
    std::string artifact_gc_strategy;
    resource_requirements pod_resources;         ///< default resources of every pod (Argo podResources)
    std::vector<resource_claim> resource_claims; ///< devices every pod claims (Argo resourceClaims)
    std::vector<prometheus_metric> metrics;      ///< metrics emitted for the workflow (Argo metrics)
    friend bool operator==(const workflow_settings& a, const workflow_settings& b)
    {
        return std::tie(a.kind, a.name, a.generate_name, a.namespace_, a.labels, a.annotations, a.parameters,
                        a.service_account, a.active_deadline_seconds, a.ttl_seconds_after_finished,
                        a.ttl_seconds_after_success, a.ttl_seconds_after_failure, a.cron, a.parallelism, a.volumes,
                        a.volume_claim_templates, a.image_pull_secrets, a.node_selector, a.tolerations,
                        a.security_context, a.on_exit, a.workflow_template_ref_, a.synchronization, a.hooks,
                        a.artifact_repository, a.pod_gc, a.pod_labels, a.pod_annotations, a.workflow_labels,
                        a.workflow_annotations, a.workflow_labels_from, a.artifact_gc_strategy, a.pod_resources,
                        a.resource_claims, a.metrics) ==
               std::tie(b.kind, b.name, b.generate_name, b.namespace_, b.labels, b.annotations, b.parameters,
                        b.service_account, b.active_deadline_seconds, b.ttl_seconds_after_finished,
                        b.ttl_seconds_after_success, b.ttl_seconds_after_failure, b.cron, b.parallelism, b.volumes,
                        b.volume_claim_templates, b.image_pull_secrets, b.node_selector, b.tolerations,
                        b.security_context, b.on_exit, b.workflow_template_ref_, b.synchronization, b.hooks,
                        b.artifact_repository, b.pod_gc, b.pod_labels, b.pod_annotations, b.workflow_labels,
                        b.workflow_annotations, b.workflow_labels_from, b.artifact_gc_strategy, b.pod_resources,
                        b.resource_claims, b.metrics);
    }
    friend bool operator!=(const workflow_settings& a, const workflow_settings& b) { return !(a == b); }
};

/// @brief A workflow: settings, templates, and an entry template whose graph is run.
///
/// @tparam StepData      payload attached to every step (vertex); `no_data` by default
/// @tparam ArtifactData  payload attached to every artifact; `no_data` by default
///
/// Templates keep their insertion order (emitters preserve it) and are found by name in O(1).
template <class StepData = no_data, class ArtifactData = no_data> class basic_workflow {
public:
    using step_type = basic_step<StepData, ArtifactData>;
    using graph_type = basic_graph<StepData, ArtifactData>;
    using template_type = basic_step_template<StepData, ArtifactData>;
    using artifact_type = basic_artifact<ArtifactData>;
    using vertex = typename graph_type::vertex;

    workflow_settings settings;
    std::string entrypoint;           ///< name of the template the run starts with
    std::vector<secret_spec> secrets; ///< Secrets the workflow refers to
    std::vector<artifact_type> artifacts; ///< workflow artifact arguments (Argo spec.arguments.artifacts)
    /// At most one element: defaults for every template (Argo templateDefaults). Its name is
    /// empty; a field it sets applies to each template that leaves that field unset. Its body, if
    /// not a default container_spec, is the default body. (A vector, as an optional-like holder.)
    std::vector<template_type> template_defaults;
    boost::json::object extensions;   ///< engine-scoped fields the IR does not model

    basic_workflow() = default;

    /// @brief A workflow with one empty graph template, named like the workflow, as its entry.
    explicit basic_workflow(std::string name, graph_style style = graph_style::steps)
    {
        settings.name = name;
        template_type t;
        t.name = name;
        graph_type g;
        g.style = style;
        t.body = std::move(g);
        entrypoint = name;
        add_template(std::move(t));
    }

    /// @brief Adds a template; throws std::invalid_argument if its name is taken.
    template_type& add_template(template_type t)
    {
        if (index_.count(t.name))
            throw std::invalid_argument("duplicate template name '" + t.name + "'");
        index_.emplace(t.name, templates_.size());
        templates_.push_back(std::move(t));
        return templates_.back();
    }

    /// @brief The template with that name, or nullptr.
    const template_type* find_template(std::string_view name) const
    {
        auto it = index_.find(std::string(name));
        return it == index_.end() ? nullptr : &templates_[it->second];
    }
    template_type* find_template(std::string_view name)
    {
        auto it = index_.find(std::string(name));
        return it == index_.end() ? nullptr : &templates_[it->second];
    }

    /// @brief All templates in insertion order. Names are fixed: use rename_template to change one.
    const std::vector<template_type>& templates() const { return templates_; }
    std::vector<template_type>& templates() { return templates_; }

    /// @brief Renames a template and every step that invokes it.
    void rename_template(std::string_view from, std::string to);

    /// @brief Moves a template to `position` in templates() (clamped to the end), keeping the
    /// others in order; throws std::invalid_argument if unknown. Emitters follow this order.
    void move_template(std::string_view name, std::size_t position);

    /// @brief The entry template's graph; throws std::logic_error if the entry is not a graph template.
    const graph_type& graph() const
    {
        const template_type* t = find_template(entrypoint);
        if (!t || !t->graph())
            throw std::logic_error("workflow entrypoint '" + entrypoint + "' is not a graph template");
        return *t->graph();
    }
    graph_type& graph()
    {
        return const_cast<graph_type&>(static_cast<const basic_workflow*>(this)->graph());
    }

    /// @brief The template a step invokes, or nullptr.
    const template_type* template_of(const step_type& s) const { return find_template(s.template_name); }

    /// @brief The workflow's display name: name, else generate_name, else the entrypoint.
    std::string display_name() const
    {
        if (!settings.name.empty())
            return settings.name;
        if (!settings.generate_name.empty())
            return settings.generate_name;
        return entrypoint;
    }

    friend bool operator==(const basic_workflow& a, const basic_workflow& b)
    {
        return a.settings == b.settings && a.entrypoint == b.entrypoint && a.secrets == b.secrets &&
               a.artifacts == b.artifacts && a.template_defaults == b.template_defaults &&
               a.extensions == b.extensions && a.templates_ == b.templates_;
    }
    friend bool operator!=(const basic_workflow& a, const basic_workflow& b) { return !(a == b); }

private:
    std::vector<template_type> templates_;
    std::unordered_map<std::string, std::size_t> index_;
};

template <class S, class A> void basic_workflow<S, A>::rename_template(std::string_view from, std::string to)
{
    auto it = index_.find(std::string(from));
    if (it == index_.end())
        throw std::invalid_argument("unknown template '" + std::string(from) + "'");
    if (from == to)
        return;
    if (index_.count(to))
        throw std::invalid_argument("duplicate template name '" + to + "'");
    std::size_t i = it->second;
    index_.erase(it);
    index_.emplace(to, i);
    std::string old = std::move(templates_[i].name);
    templates_[i].name = to;
    auto rename_hooks = [&](lifecycle_hooks& hs) {
        for (auto& kv : hs)
            if (kv.second.template_name == old)
                kv.second.template_name = to;
    };
    for (auto& t : templates_)
        if (auto* g = t.graph())
            for (std::size_t v = 0; v < g->size(); ++v) {
                if ((*g)[v].template_name == old)
                    (*g)[v].template_name = to;
                rename_hooks((*g)[v].hooks);
            }
    rename_hooks(settings.hooks);
    if (entrypoint == old)
        entrypoint = to;
    if (settings.on_exit == old)
        settings.on_exit = to;
}

template <class S, class A> void basic_workflow<S, A>::move_template(std::string_view name, std::size_t position)
{
    auto it = index_.find(std::string(name));
    if (it == index_.end())
        throw std::invalid_argument("unknown template '" + std::string(name) + "'");
    std::size_t from = it->second;
    position = std::min(position, templates_.size() - 1);
    if (from == position)
        return;
    template_type t = std::move(templates_[from]);
    templates_.erase(templates_.begin() + static_cast<std::ptrdiff_t>(from));
    templates_.insert(templates_.begin() + static_cast<std::ptrdiff_t>(position), std::move(t));
    for (std::size_t i = std::min(from, position); i < templates_.size(); ++i)
        index_[templates_[i].name] = i;
}

/// @brief The default instantiation, with no platform payload.
using workflow = basic_workflow<>;
using step = basic_step<>;
using step_template = basic_step_template<>;
using artifact = basic_artifact<>;
using graph = basic_graph<>;
using io = basic_io<>;

} // namespace couler

#endif
