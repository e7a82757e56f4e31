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
    // ------------------------------------------------------------------ workflow level (argo_workflow.hpp)

    void read_metadata(cursor& c, workflow_settings& s);

    void read_cron(cursor& c, workflow_type& wf);

    void read_spec(cursor& c, workflow_type& wf);

    volume read_volume(cursor& c);

    volume_claim_template read_claim_template(cursor& c);

    void read_tolerations(cursor& c, std::vector<toleration>& out);

    // ------------------------------------------------------------------ pod level (argo_pod.hpp)

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

    // ------------------------------------------------------------------ parameters and artifacts (argo_io.hpp)

    // `value_from`: only outputs read valueFrom (path, jsonPath...); elsewhere it is a leftover.
    void read_parameters(cursor& c, const char* key, std::vector<parameter>& out, bool value_from);

    parameter read_parameter(cursor& c, bool value_from);

    void read_io(cursor& c, io_type& io, bool output);

    template <class Art> void read_artifacts(cursor& c, const char* key, std::vector<Art>& out);

    static std::optional<secret_key_ref> read_secret_ref(cursor& c, const char* key);

    template <class Art> Art read_artifact(cursor& c);

    // ------------------------------------------------------------------ templates (argo_template.hpp)

    void read_template(cursor& parent, const json::array& list, std::size_t i, workflow_type& wf);

    // A template of spec.templates, or (inline_) one a step defines in place, with no name.
    template_type read_template_object(const json::object& obj, const std::string& path, bool inline_,
                                       bool defaults = false);

    // Template kinds the IR lacks: they stay in the extension (strict mode reports them).
    static bool has_other_body(const json::object& o);

    void read_container(cursor& c, container_spec& cs);

    resource_spec read_resource(cursor& c);

    retry_strategy read_retry(cursor& c);

    memoize_spec read_memoize(cursor& c);

    // ------------------------------------------------------------------ graphs (argo_graph.hpp)

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
#include <couler/import/impl/argo_workflow.hpp>
#include <couler/import/impl/argo_io.hpp>
#include <couler/import/impl/argo_template.hpp>
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
