// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IMPORT_ANY_HPP
#define COULER_IMPORT_ANY_HPP

/// @file
/// @brief Reads a workflow file whatever its format: IR JSON, or an Argo Workflow,
/// WorkflowTemplate or CronWorkflow in YAML or JSON. Every command that takes a workflow file
/// goes through here, so they all accept the same inputs.

#include <couler/import/argo.hpp>
#include <couler/ir/json.hpp>

#include <string_view>

namespace couler {

/// @brief The formats read_workflow_text() tells apart.
enum class workflow_format { ir_json, argo };

/// @brief Decides the format of `text` from its content, not a file name.
///
/// JSON is decided by its top-level keys (an Argo `apiVersion: argoproj.io/...` means Argo),
/// so a string inside an IR document cannot change the answer. Text that is not JSON is Argo
/// YAML if a top-level line reads `apiVersion: argoproj.io/...`; anything else is taken as IR
/// JSON, so its errors come from the IR reader, with line and column.
inline workflow_format detect_workflow_format(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && text[first] == '{') {
        problems ignored;
        boost::json::value doc = parse_json_text(text, ignored);
        return ignored.empty() && is_argo_workflow_document(doc) ? workflow_format::argo : workflow_format::ir_json;
    }
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

/// @brief Reads IR JSON or Argo YAML/JSON into the IR; problems go to `out` (empty on success).
template <class S = no_data, class A = no_data>
basic_workflow<S, A> read_workflow_text(std::string_view text, problems& out, const argo_import_options& argo = {})
{
    if (detect_workflow_format(text) == workflow_format::argo)
        return import_argo<S, A>(text, out, argo);
    return parse_workflow<S, A>(text, out);
}

} // namespace couler

#endif
