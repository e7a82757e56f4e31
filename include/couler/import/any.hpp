// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IMPORT_ANY_HPP
#define COULER_IMPORT_ANY_HPP

/// @file
/// @brief Reads a workflow file whatever its format: IR JSON, an Argo Workflow,
/// WorkflowTemplate or CronWorkflow (YAML or JSON), or a workload (WfCommons JSON, Pegasus
/// DAX). Every command that takes a workflow file goes through here, so they all accept the
/// same inputs.

#include <couler/import/argo.hpp>
#include <couler/ir/json.hpp>
#include <couler/ir/valid_names.hpp>
#include <couler/workload/load.hpp>

#include <string_view>

namespace couler {

/// @brief The formats read_workflow_text() tells apart.
enum class workflow_format { ir_json, argo, wfcommons, dax };

/// @brief Decides the format of `text` from its content, not a file name.
///
/// JSON is decided by its top-level keys (`couler_ir`; Argo's `apiVersion: argoproj.io/...`
/// with a workflow kind; WfCommons' `workflow`), so a string inside a document cannot change
/// the answer. XML with `<adag` is DAX. Other text is Argo YAML if a top-level line reads
/// `apiVersion: argoproj.io/...`. Anything else is taken as IR JSON, so its errors come from
/// the IR reader, with line and column.
inline workflow_format detect_workflow_format(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && text[first] == '{') {
        problems ignored;
        boost::json::value doc = parse_json_text(text, ignored);
        if (!ignored.empty() || !doc.is_object() || doc.as_object().contains("couler_ir"))
            return workflow_format::ir_json;
        if (is_argo_workflow_document(doc))
            return workflow_format::argo;
        return doc.as_object().contains("workflow") ? workflow_format::wfcommons : workflow_format::ir_json;
    }
    if (workload::detect(text) == workload::format::dax)
        return workflow_format::dax;
    for (std::size_t at = 0; at < text.size();) {
        const auto end = text.find('\n', at);
        const auto line = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
        if (line.rfind("apiVersion:", 0) == 0)
            return line.find("argoproj.io/") != std::string_view::npos ? workflow_format::argo
                                                                        : workflow_format::ir_json;
        if (end == std::string_view::npos)
            break;
        at = end + 1;
    }
    return workflow_format::ir_json;
}

/// @brief Reads any format detect_workflow_format() knows into the IR; problems go to `out`
/// (empty on success). Workloads carry run times and artifact sizes (see workload/load.hpp).
/// JSON input is parsed once and dispatched on the parsed document.
///
/// Workload files (WfCommons, DAX) name tasks and files as their source did
/// (`mProject_ID0000001`), which the IR's validation refuses: their names are made valid with
/// make_names_valid, and `renamed`, if given, receives how many changed (0 for other formats).
inline workflow read_workflow_text(std::string_view text, problems& out, const argo_import_options& argo = {},
                                   std::size_t* renamed = nullptr)
{
    if (renamed)
        *renamed = 0;
    auto workload_names = [&](workflow wf) {
        std::size_t n = out.empty() ? make_names_valid(wf) : 0;
        if (renamed)
            *renamed = n;
        return wf;
    };
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && text[first] == '{') {
        boost::json::value doc = parse_json_text(text, out);
        if (!out.empty())
            return workflow();
        if (doc.is_object() && !doc.as_object().contains("couler_ir")) {
            if (is_argo_workflow_document(doc))
                return import_argo_document(doc, out, argo);
            if (doc.as_object().contains("workflow"))
                return workload_names(workload::read_wfcommons(doc, out));
        }
        return workflow_from_json(doc, out);
    }
    switch (detect_workflow_format(text)) {
    case workflow_format::argo: return import_argo(text, out, argo);
    case workflow_format::dax: return workload_names(workload::load_text(text, out));
    case workflow_format::wfcommons:
    case workflow_format::ir_json: break;
    }
    return parse_workflow(text, out);
}

} // namespace couler

#endif
