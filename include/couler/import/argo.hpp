// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IMPORT_ARGO_HPP
#define COULER_IMPORT_ARGO_HPP

/// @file
/// @brief Argo YAML (Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow) into the IR.
///
/// Linking: this header parses YAML with yaml-cpp (see couler/import/yaml.hpp); a program that
/// includes it links `yaml-cpp`. The rest of couler needs nothing but Boost.
///
/// What maps where (docs/argo-coverage.md has the full table):
/// - `metadata` -> settings (name, generateName, namespace, labels, annotations); `spec` (or a
///   CronWorkflow's `spec.workflowSpec`, with the cron fields in settings.cron) -> settings,
///   entrypoint and templates, in document order.
/// - `steps` templates -> graph_style::steps; each step's `group` is its parallel group's index;
///   every step of group i+1 gets an order edge from every step of group i, and a data edge from
///   each earlier step whose output it references.
/// - `dag` templates -> graph_style::dag; `dependencies` become explicit edges (in list order),
///   `depends` is kept verbatim in step.depends and the tasks it names become explicit edges;
///   references to other tasks' outputs add data edges where no path exists yet.
/// - container, script, resource (always resource_spec: the manifest is kept as written), suspend;
///   parameters, artifacts (s3, oss, gcs, hdfs, git, http), retryStrategy, memoize, when,
///   withItems, withParam, withSequence, continueOn.failed, onExit, volumes, tolerations,
///   nodeSelector, ... Expressions `{{...}}` are kept verbatim (the IR's expression language).
///
/// A field the IR does not model is never dropped: it is kept verbatim in the `extensions`
/// object, under key `"argo"`, of its level:
/// - workflow.extensions["argo"]: deep-merged into the whole emitted document
///   (`{"metadata": {...}, "spec": {...}}`; for a CronWorkflow `{"spec": {"workflowSpec": ...}}`);
/// - template.extensions["argo"]: deep-merged into the template object;
/// - step.extensions["argo"]: deep-merged into the step (or DAG task) object.
/// Deep merge: objects merge recursively; any other value replaces. A merge cannot reach into a
/// list element, so a field the IR lacks inside a list (an env var's `fieldRef`, an artifact's
/// `archive`) keeps the whole list, verbatim, at the list's place.
/// With `argo_import_options::strict`, each such field is instead a problem naming its path.

#include <couler/import/yaml.hpp>
#include <couler/ir/error.hpp>
#include <couler/ir/workflow.hpp>

#include <boost/json/value.hpp>

#include <string_view>

namespace couler {

/// @brief Options of the Argo importer.
struct argo_import_options {
    /// A field the IR does not model is a problem (error::unknown_field) naming its path,
    /// instead of a field kept in the Argo extension. Coverage is measured this way.
    bool strict = false;
    /// Limits of the YAML reader.
    yaml_read_options yaml{};
};

/// @brief True if `doc` is an object whose apiVersion is `argoproj.io/...` and whose kind is
/// Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow (what import_argo reads).
///
/// The hook for tools that accept both IR JSON and Argo documents (`couler emit`): IR
/// documents carry `"couler_ir"` instead.
COULER_INLINE bool is_argo_workflow_document(const boost::json::value& doc) noexcept;

/// @brief Reads an Argo document already parsed into JSON. Problems go to `out`, each with
/// the JSON path of the field (`$.spec.templates[2].container.readinessProbe`); the result is
/// meaningful only if `out` stayed empty.
template <class S = no_data, class A = no_data>
basic_workflow<S, A> import_argo_document(const boost::json::value& doc, problems& out,
                                          const argo_import_options& opt = {});

/// @brief Reads Argo YAML text (JSON is YAML too). Malformed YAML is one problem at `$` whose
/// message gives the line and column. Problems go to `out`.
/// @par Complexity linear in the size of the document, plus one upstream walk per reference
/// in a DAG task that names a task it does not depend on yet.
///
/// @code
/// couler::problems ps;
/// auto wf = couler::import_argo(text, ps, {/*strict=*/true});
/// for (auto& p : ps) std::cerr << p.to_string() << "\n";
/// @endcode
template <class S = no_data, class A = no_data>
basic_workflow<S, A> import_argo(std::string_view yaml, problems& out, const argo_import_options& opt = {});

/// @brief Reads Argo YAML text; throws invalid_input listing every problem.
template <class S = no_data, class A = no_data>
basic_workflow<S, A> import_argo(std::string_view yaml, const argo_import_options& opt = {});

// The compiled mode instantiates these once, for the default types, in couler/src.hpp.
#define COULER_IMPORT_ARGO_INSTANTIATIONS(ext) \
    ext template workflow import_argo_document<>(const boost::json::value&, problems&, const argo_import_options&); \
    ext template workflow import_argo<>(std::string_view, problems&, const argo_import_options&); \
    ext template workflow import_argo<>(std::string_view, const argo_import_options&);
#if defined(COULER_SEPARATE_COMPILATION)
COULER_IMPORT_ARGO_INSTANTIATIONS(extern)
#endif

} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/import/impl/argo.hpp>
#endif

#endif
