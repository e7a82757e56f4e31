// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IMPORT_IMPL_ARGO_HPP
#define COULER_IMPORT_IMPL_ARGO_HPP

#include <couler/import/detail/argo_reader.hpp>
#include <couler/ir/expression.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace couler {
namespace detail {
namespace argo {

template <class S, class A> class importer {
public:
    using workflow_type = basic_workflow<S, A>;
    using template_type = typename workflow_type::template_type;
    using graph_type = typename workflow_type::graph_type;
    using step_type = typename workflow_type::step_type;
    using artifact_type = typename workflow_type::artifact_type;
    using io_type = basic_io<A>;
    using vertex = typename graph_type::vertex;

    importer(problems& out, bool strict)
    {
        cx_.out = &out;
        cx_.strict = strict;
    }

    workflow_type run(const json::object& doc)
    {
        workflow_type wf;
        ext_sink sink;
        cursor root(cx_, doc, "$", sink, {});
        std::string api, kind;
        if (!root.str("apiVersion", api))
            cx_.fail("$.apiVersion", error::missing_field, "an Argo document needs apiVersion argoproj.io/v1alpha1");
        else if (api != "argoproj.io/v1alpha1")
            cx_.fail("$.apiVersion", error::bad_value, "apiVersion '" + api + "' is not argoproj.io/v1alpha1");
        if (!root.str("kind", kind)) {
            cx_.fail("$.kind", error::missing_field, "an Argo document needs a kind");
            return wf;
        }
        bool cron = kind == "CronWorkflow";
        if (kind == "Workflow" || cron)
            wf.settings.kind = workflow_kind::workflow;
        else if (kind == "WorkflowTemplate")
            wf.settings.kind = workflow_kind::workflow_template;
        else if (kind == "ClusterWorkflowTemplate")
            wf.settings.kind = workflow_kind::cluster_workflow_template;
        else {
            cx_.fail("$.kind", error::bad_value,
                     "kind '" + kind +
                         "' is not one the Argo importer reads (Workflow, WorkflowTemplate, ClusterWorkflowTemplate, "
                         "CronWorkflow)");
            return wf;
        }
        if (auto m = root.child("metadata"))
            read_metadata(*m, wf.settings);
        auto spec = root.child("spec");
        if (!spec)
            cx_.fail("$.spec", error::missing_field, "an Argo " + kind + " needs a spec");
        else if (cron) {
            read_cron(*spec, wf);
            spec->finish();
        } else {
            read_spec(*spec, wf);
            spec->finish();
        }
        root.finish();
        if (!sink.obj.empty())
            wf.extensions["argo"] = std::move(sink.obj);
        return wf;
    }

private:
    // ------------------------------------------------------------------ workflow level

    void read_metadata(cursor& c, workflow_settings& s)
    {
        c.str("name", s.name);
        c.str("generateName", s.generate_name);
        c.str("namespace", s.namespace_);
        c.string_map("labels", s.labels);
        c.string_map("annotations", s.annotations);
        c.finish();
    }

    void read_cron(cursor& c, workflow_type& wf)
    {
        cron_schedule cs;
        c.str("schedule", cs.schedule);
        c.str("timezone", cs.timezone);
        c.str("concurrencyPolicy", cs.concurrency_policy);
        c.integer("startingDeadlineSeconds", cs.starting_deadline_seconds);
        c.integer("successfulJobsHistoryLimit", cs.successful_jobs_history_limit);
        c.integer("failedJobsHistoryLimit", cs.failed_jobs_history_limit);
        c.boolean("suspend", cs.suspend);
        c.strings("schedules", cs.schedules);
        c.str("when", cs.when);
        wf.settings.cron = std::move(cs);
        auto ws = c.child("workflowSpec");
        if (!ws) {
            cx_.fail(c.path("workflowSpec"), error::missing_field, "a CronWorkflow needs a workflowSpec");
            return;
        }
        read_spec(*ws, wf);
        ws->finish();
    }

    void read_spec(cursor& c, workflow_type& wf)
    {
        auto& s = wf.settings;
        c.str("entrypoint", wf.entrypoint);
        if (auto args = c.child("arguments")) {
            read_parameters(*args, "parameters", s.parameters, false);
            read_artifacts(*args, "artifacts", wf.artifacts);
            args->finish();
        }
        c.str("serviceAccountName", s.service_account);
        c.integer("activeDeadlineSeconds", s.active_deadline_seconds);
        if (auto ttl = c.child("ttlStrategy")) {
            ttl->integer("secondsAfterCompletion", s.ttl_seconds_after_finished);
            ttl->integer("secondsAfterSuccess", s.ttl_seconds_after_success);
            ttl->integer("secondsAfterFailure", s.ttl_seconds_after_failure);
            ttl->finish();
        }
        if (auto r = c.child("workflowTemplateRef")) {
            workflow_template_ref w;
            r->str("name", w.name);
            r->boolean("clusterScope", w.cluster_scope);
            r->finish();
            s.workflow_template_ref_ = std::move(w);
        }
        if (auto y = c.child("synchronization"))
            s.synchronization = read_synchronization(*y);
        if (auto h = c.child("hooks"))
            read_hooks(*h, s.hooks);
        if (auto g = c.child("artifactGC")) {
            g->str("strategy", s.artifact_gc_strategy);
            g->finish();
        }
        read_pod_resources(c, s.pod_resources, s.resource_claims);
        read_metrics(c, s.metrics);
        if (auto r = c.child("artifactRepositoryRef")) {
            artifact_repository_ref a;
            r->str("configMap", a.config_map);
            r->str("key", a.key);
            r->finish();
            s.artifact_repository = std::move(a);
        }
        if (auto r = c.child("podGC")) {
            pod_gc_spec g;
            r->str("strategy", g.strategy);
            if (auto ls = r->take("labelSelector")) {
                if (ls->is_object())
                    g.label_selector = ls->get_object();
                else
                    cx_.fail(r->path("labelSelector"), error::wrong_type, "'labelSelector' must be a mapping");
            }
            r->str("deleteDelayDuration", g.delete_delay_duration);
            r->finish();
            s.pod_gc = std::move(g);
        }
        if (auto m = c.child("podMetadata")) {
            m->string_map("labels", s.pod_labels);
            m->string_map("annotations", s.pod_annotations);
            m->finish();
        }
        if (auto m = c.child("workflowMetadata")) {
            m->string_map("labels", s.workflow_labels);
            m->string_map("annotations", s.workflow_annotations);
            if (auto lf = m->child("labelsFrom")) {
                for (auto& kv : lf->object())
                    if (auto e = lf->child(kv.key())) {
                        std::string x;
                        e->str("expression", x);
                        e->finish();
                        s.workflow_labels_from[std::string(kv.key())] = std::move(x);
                    }
                lf->finish();
            }
            m->finish();
        }
        c.integer("parallelism", s.parallelism);
        if (auto a = c.list("volumes"))
            for (std::size_t i = 0; i < a->size(); ++i)
                if (auto e = c.element("volumes", *a, i))
                    s.volumes.push_back(read_volume(*e));
        if (auto a = c.list("volumeClaimTemplates"))
            for (std::size_t i = 0; i < a->size(); ++i)
                if (auto e = c.element("volumeClaimTemplates", *a, i))
                    s.volume_claim_templates.push_back(read_claim_template(*e));
        if (auto a = c.list("imagePullSecrets"))
            for (std::size_t i = 0; i < a->size(); ++i)
                if (auto e = c.element("imagePullSecrets", *a, i)) {
                    std::string n;
                    e->str("name", n);
                    s.image_pull_secrets.push_back(std::move(n));
                    e->finish();
                }
        c.string_map("nodeSelector", s.node_selector);
        read_tolerations(c, s.tolerations);
        if (auto sc = c.take("securityContext")) {
            if (sc->is_object())
                s.security_context = sc->get_object();
            else
                cx_.fail(c.path("securityContext"), error::wrong_type, "'securityContext' must be a mapping");
        }
        c.str("onExit", s.on_exit);
        if (const json::value* d = c.take("templateDefaults")) {
            if (d->is_object())
                wf.template_defaults.push_back(
                    read_template_object(d->get_object(), c.path("templateDefaults"), true, true));
            else
                cx_.fail(c.path("templateDefaults"), error::wrong_type, "'templateDefaults' must be a mapping");
        }
        if (auto a = c.list("templates"))
            for (std::size_t i = 0; i < a->size(); ++i)
                read_template(c, *a, i, wf);
    }

    volume read_volume(cursor& c)
    {
        volume v;
        c.str("name", v.name);
        int kinds = 0;
        auto source = [&](const char* key, volume::source_kind k, const char* name_key) {
            if (!c.object().contains(key))
                return;
            if (++kinds > 1)
                return c.leave(key, "a second volume source");
            if (auto s = c.child(key)) {
                v.kind = k;
                if (name_key)
                    s->str(name_key, v.source);
                if (k == volume::source_kind::empty_dir)
                    s->str("medium", v.medium);
                if (k == volume::source_kind::persistent_volume_claim)
                    s->boolean("readOnly", v.read_only);
                s->finish();
            }
        };
        source("emptyDir", volume::source_kind::empty_dir, nullptr);
        source("persistentVolumeClaim", volume::source_kind::persistent_volume_claim, "claimName");
        source("configMap", volume::source_kind::config_map, "name");
        source("secret", volume::source_kind::secret, "secretName");
        source("hostPath", volume::source_kind::host_path, "path");
        c.finish();
        return v;
    }

    volume_claim_template read_claim_template(cursor& c)
    {
        volume_claim_template t;
        if (auto m = c.child("metadata")) {
            m->str("name", t.name);
            m->finish();
        }
        if (auto s = c.child("spec")) {
            s->strings("accessModes", t.access_modes);
            s->str("storageClassName", t.storage_class);
            if (auto r = s->child("resources")) {
                if (auto q = r->child("requests")) {
                    q->str("storage", t.storage);
                    q->finish();
                }
                r->finish();
            }
            s->finish();
        }
        c.finish();
        return t;
    }

    synchronization_spec read_synchronization(cursor& c);

    static template_ref read_template_ref(cursor& c);

    void read_hooks(cursor& c, lifecycle_hooks& out);

    void read_user_containers(cursor& c, const char* key, std::vector<user_container>& out);

    void read_volume_mounts(cursor& c, std::vector<volume_mount>& out);

    container_set_spec read_container_set(cursor& c);

    http_spec read_http(cursor& c);

    void read_requirements(cursor& r, resource_requirements& out);

    void read_pod_resources(cursor& c, resource_requirements& pr, std::vector<resource_claim>& claims);

    void read_metrics(cursor& c, std::vector<prometheus_metric>& out);

    void read_tolerations(cursor& c, std::vector<toleration>& out)
    {
        auto a = c.list("tolerations");
        if (!a)
            return;
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = c.element("tolerations", *a, i)) {
                toleration t;
                e->str("key", t.key);
                e->str("operator", t.operator_);
                e->str("value", t.value);
                e->str("effect", t.effect);
                e->integer("tolerationSeconds", t.toleration_seconds);
                e->finish();
                out.push_back(std::move(t));
            }
    }

    // ------------------------------------------------------------------ parameters and artifacts

    // `value_from`: only outputs read valueFrom (path, jsonPath...); elsewhere it is a leftover.
    void read_parameters(cursor& c, const char* key, std::vector<parameter>& out, bool value_from)
    {
        auto a = c.list(key);
        if (!a)
            return;
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = c.element(key, *a, i))
                out.push_back(read_parameter(*e, value_from));
    }

    parameter read_parameter(cursor& c, bool value_from)
    {
        parameter p;
        c.str("name", p.name);
        c.str("value", p.value);
        c.str("default", p.default_value);
        c.str("description", p.description);
        c.str("globalName", p.global_name);
        c.strings("enum", p.enum_values);
        if (auto f = c.child("valueFrom")) {
            // Outside outputs only a ConfigMap key (and a default) can give the value.
            if (value_from) {
                f->str("path", p.from.path);
                f->str("jsonPath", p.from.json_path);
                f->str("jqFilter", p.from.jq_filter);
                f->str("expression", p.from.expression);
                f->str("parameter", p.from.parameter);
                if (auto sp = f->child("supplied")) {
                    p.from.supplied = true;
                    sp->finish();
                }
            }
            f->str("default", p.from.default_value);
            p.from.config_map = read_secret_ref(*f, "configMapKeyRef");
            f->finish();
        }
        c.finish();
        return p;
    }

    void read_io(cursor& c, io_type& io, bool output)
    {
        read_parameters(c, "parameters", io.parameters, output);
        read_artifacts(c, "artifacts", io.artifacts);
        c.finish();
    }

    template <class Art> void read_artifacts(cursor& c, const char* key, std::vector<Art>& out)
    {
        auto a = c.list(key);
        if (!a)
            return;
        for (std::size_t i = 0; i < a->size(); ++i)
            if (auto e = c.element(key, *a, i))
                out.push_back(read_artifact<Art>(*e));
    }

    static std::optional<secret_key_ref> read_secret_ref(cursor& c, const char* key)
    {
        auto s = c.child(key);
        if (!s)
            return std::nullopt;
        secret_key_ref r;
        s->str("name", r.name);
        s->str("key", r.key);
        s->finish();
        return r;
    }

    template <class Art> Art read_artifact(cursor& c)
    {
        Art a;
        c.str("name", a.name);
        c.str("path", a.path);
        c.str("from", a.from);
        if (c.str("globalName", a.global_name))
            a.is_global = true;
        c.boolean("optional", a.optional);
        c.str("fromExpression", a.from_expression);
        if (auto g = c.child("artifactGC")) {
            g->str("strategy", a.gc_strategy);
            g->finish();
        }
        c.integer("mode", a.mode);
        if (auto ar = c.child("archive")) {
            int kinds = 0;
            for (const char* k : {"none", "tar", "zip"})
                if (ar->object().contains(k) && ++kinds == 1)
                    if (auto x = ar->child(k)) {
                        a.archive = k;
                        if (a.archive == "tar")
                            x->integer("compressionLevel", a.archive_compression_level);
                        x->finish();
                    }
            ar->finish();
        }
        static const char* const locations[] = {"s3", "oss", "gcs", "hdfs", "git", "http", "azure", "raw"};
        int found = 0;
        for (const char* loc : locations) {
            if (!c.object().contains(loc))
                continue;
            if (++found > 1) {
                c.leave(loc, "a second artifact location");
                continue;
            }
            auto l = c.child(loc);
            if (!l)
                continue;
            std::string k = loc;
            if (k == "s3" || k == "oss" || k == "gcs") {
                a.kind = k == "s3" ? artifact_kind::s3 : k == "oss" ? artifact_kind::oss : artifact_kind::gcs;
                l->str("bucket", a.bucket);
                l->str("key", a.key);
                if (k != "gcs") {
                    l->str("endpoint", a.endpoint);
                    a.access_key = read_secret_ref(*l, "accessKeySecret");
                    a.secret_key = read_secret_ref(*l, "secretKeySecret");
                } else {
                    a.secret_key = read_secret_ref(*l, "serviceAccountKeySecret");
                }
                if (k == "s3") {
                    l->boolean("insecure", a.insecure);
                    l->str("region", a.region);
                }
            } else if (k == "hdfs") {
                a.kind = artifact_kind::hdfs;
                l->strings("addresses", a.addresses);
                l->str("path", a.key);
                l->str("hdfsUser", a.user);
                l->boolean("force", a.force);
            } else if (k == "git") {
                a.kind = artifact_kind::git;
                l->str("repo", a.repo);
                l->str("revision", a.revision);
            } else if (k == "azure") {
                a.kind = artifact_kind::azure;
                l->str("endpoint", a.endpoint);
                l->str("container", a.bucket);
                l->str("blob", a.key);
                a.secret_key = read_secret_ref(*l, "accountKeySecret");
            } else if (k == "raw") {
                a.kind = artifact_kind::raw;
                l->str("data", a.raw_data);
            } else {
                a.kind = artifact_kind::http;
                l->str("url", a.url);
            }
            l->finish();
        }
        c.finish();
        return a;
    }

    // ------------------------------------------------------------------ templates

    void read_template(cursor& parent, const json::array& list, std::size_t i, workflow_type& wf)
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

    // A template of spec.templates, or (inline_) one a step defines in place, with no name.
    template_type read_template_object(const json::object& obj, const std::string& path, bool inline_,
                                       bool defaults = false)
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

    // Template kinds the IR lacks: they stay in the extension (strict mode reports them).
    static bool has_other_body(const json::object& o)
    {
        for (const char* k : {"plugin", "data"})
            if (o.contains(k))
                return true;
        return false;
    }

    void read_container(cursor& c, container_spec& cs)
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

    resource_spec read_resource(cursor& c)
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

    retry_strategy read_retry(cursor& c)
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

    memoize_spec read_memoize(cursor& c)
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

    // ------------------------------------------------------------------ graphs

    // What one step names, kept until every step of the graph exists.
    struct pending {
        std::vector<std::string> dependencies;
        std::string dependencies_path;
    };

    graph_type read_steps(cursor& t);

    graph_type read_dag(cursor& d);

    // A `dependencies` list naming unknown tasks: the IR keeps the known ones as edges, the
    // list itself is kept verbatim (or reported).
    void late_leftover(step_type& s, const pending& p, const std::string& why);

    std::optional<vertex> add_step(graph_type& g, step_type s, const std::string& path);

    std::optional<step_type> read_step(const json::value& v, const std::string& path, bool dag, pending& p);

    // Task names in an enhanced `depends` expression: `(a || b.Failed) && !c.Skipped`.
    static std::vector<std::string> depends_names(const std::string& e);

    // Sibling steps whose outputs a step's strings name (`steps.X...` or `tasks.X...`).
    static std::vector<std::string> referenced_steps(const step_type& s);

    // True if `to` is reachable from `from` (iterative: graphs can be deep).
    static bool reaches(const graph_type& g, vertex from, vertex to);

    context cx_;
};

} // namespace argo
} // namespace detail

} // namespace couler

// Members of importer defined out of the class, by concern.
#include <couler/import/impl/argo_graph.hpp>
#include <couler/import/impl/argo_pod.hpp>

namespace couler {

COULER_INLINE bool is_argo_workflow_document(const boost::json::value& doc) noexcept
{
    const auto* o = doc.if_object();
    if (!o)
        return false;
    const auto* api = o->if_contains("apiVersion");
    const auto* kind = o->if_contains("kind");
    if (!api || !kind || !api->is_string() || !kind->is_string())
        return false;
    std::string_view a = api->get_string(), k = kind->get_string();
    return a.substr(0, 12) == "argoproj.io/" &&
           (k == "Workflow" || k == "WorkflowTemplate" || k == "ClusterWorkflowTemplate" || k == "CronWorkflow");
}

template <class S, class A>
basic_workflow<S, A> import_argo_document(const boost::json::value& doc, problems& out, const argo_import_options& opt)
{
    if (!doc.is_object()) {
        out.push_back({"$", error::wrong_type, "an Argo document must be a mapping"});
        return {};
    }
    return detail::argo::importer<S, A>(out, opt.strict).run(doc.get_object());
}

template <class S, class A>
basic_workflow<S, A> import_argo(std::string_view yaml, problems& out, const argo_import_options& opt)
{
    std::size_t before = out.size();
    boost::json::value doc = parse_yaml(yaml, out, opt.yaml);
    if (out.size() != before)
        return {};
    if (doc.is_null()) {
        out.push_back({"$", error::missing_field, "the input holds no YAML document"});
        return {};
    }
    return import_argo_document<S, A>(doc, out, opt);
}

template <class S, class A> basic_workflow<S, A> import_argo(std::string_view yaml, const argo_import_options& opt)
{
    problems ps;
    auto wf = import_argo<S, A>(yaml, ps, opt);
    if (!ps.empty())
        throw invalid_input(std::move(ps));
    return wf;
}

} // namespace couler

#endif
