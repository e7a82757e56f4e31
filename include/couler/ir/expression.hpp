// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_EXPRESSION_HPP
#define COULER_IR_EXPRESSION_HPP

/// @file
/// @brief The `{{...}}` expressions IR strings may contain, and how to find the steps they name.
///
/// The IR uses Argo's placeholder syntax as its engine-neutral expression language, so that
/// Argo import is lossless. Other emitters and the local engine translate the forms below;
/// `steps.X` and `tasks.X` both name the sibling step X, whatever the graph style.
///
/// | form | meaning |
/// |---|---|
/// | `{{inputs.parameters.P}}` | the template's input P |
/// | `{{inputs.artifacts.A.path}}` | where input artifact A is |
/// | `{{steps.S.outputs.parameters.P}}` | output parameter P of step S |
/// | `{{steps.S.outputs.result}}` | standard output of script step S |
/// | `{{steps.S.outputs.artifacts.A}}` | output artifact A of step S |
/// | `{{workflow.parameters.P}}` | workflow parameter P |
/// | `{{workflow.outputs.parameters.P}}` | global output P |
/// | `{{workflow.status}}`, `{{workflow.name}}` | the run's status and name |
/// | `{{item}}`, `{{item.K}}` | the current element of a map |

#include <couler/config.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace couler {

/// @brief One `{{...}}` occurrence in a string.
struct reference {
    enum class kind {
        input_parameter,  ///< inputs.parameters.NAME
        input_artifact,   ///< inputs.artifacts.NAME[.path]
        output_parameter, ///< steps|tasks.STEP.outputs.parameters.NAME
        output_artifact,  ///< steps|tasks.STEP.outputs.artifacts.NAME
        result,           ///< steps|tasks.STEP.outputs.result
        step_other,       ///< steps|tasks.STEP.<anything else> (status, id, exitCode...)
        workflow_parameter,        ///< workflow.parameters.NAME
        workflow_output_parameter, ///< workflow.outputs.parameters.NAME
        workflow_other,   ///< workflow.status, workflow.name, ...
        item,             ///< item or item.KEY
        other             ///< anything else, e.g. `{{=expr}}` or `{{pod.name}}`: passed through
    };
    kind what = kind::other;
    std::string step;     ///< the named step, for step references
    std::string name;     ///< parameter, artifact or item key; empty where none applies
    std::string text;     ///< what is between the braces, trimmed
    std::size_t begin = 0;///< offset of the opening `{{`
    std::size_t end = 0;  ///< offset just past the closing `}}`

    /// @brief True if it names a sibling step (any kind from output_parameter to step_other).
    bool names_step() const
    {
        return what == kind::output_parameter || what == kind::output_artifact || what == kind::result ||
               what == kind::step_other;
    }
};

namespace detail {
inline std::vector<std::string_view> split_dots(std::string_view s)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i)
        if (i == s.size() || s[i] == '.') {
            parts.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    return parts;
}
inline std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}
} // namespace detail

/// @brief Classifies the text between one pair of braces.
inline reference classify_reference(std::string_view inner)
{
    reference r;
    inner = detail::trim(inner);
    r.text = std::string(inner);
    if (!inner.empty() && inner.front() == '=')
        return r; // an expression tag: opaque
    auto p = detail::split_dots(inner);
    using k = reference::kind;
    if (p.size() >= 3 && p[0] == "inputs" && p[1] == "parameters") {
        r.what = k::input_parameter;
        r.name = std::string(p[2]);
    } else if (p.size() >= 3 && p[0] == "inputs" && p[1] == "artifacts") {
        r.what = k::input_artifact;
        r.name = std::string(p[2]);
    } else if (p.size() >= 3 && (p[0] == "steps" || p[0] == "tasks")) {
        r.step = std::string(p[1]);
        if (p.size() >= 5 && p[2] == "outputs" && p[3] == "parameters") {
            r.what = k::output_parameter;
            r.name = std::string(p[4]);
        } else if (p.size() >= 5 && p[2] == "outputs" && p[3] == "artifacts") {
            r.what = k::output_artifact;
            r.name = std::string(p[4]);
        } else if (p.size() == 4 && p[2] == "outputs" && p[3] == "result") {
            r.what = k::result;
        } else {
            r.what = k::step_other;
        }
    } else if (p.size() >= 3 && p[0] == "workflow" && p[1] == "parameters") {
        r.what = k::workflow_parameter;
        r.name = std::string(p[2]);
    } else if (p.size() >= 4 && p[0] == "workflow" && p[1] == "outputs" && p[2] == "parameters") {
        r.what = k::workflow_output_parameter;
        r.name = std::string(p[3]);
    } else if (!p.empty() && p[0] == "workflow") {
        r.what = k::workflow_other;
    } else if (!p.empty() && p[0] == "item") {
        r.what = k::item;
        if (p.size() >= 2)
            r.name = std::string(inner.substr(5));
    }
    return r;
}

/// @brief Every `{{...}}` in `s`, in order. An unclosed `{{` is not a reference.
/// @par Complexity O(|s|).
inline std::vector<reference> find_references(std::string_view s)
{
    std::vector<reference> out;
    std::size_t pos = 0;
    while ((pos = s.find("{{", pos)) != std::string_view::npos) {
        std::size_t close = s.find("}}", pos + 2);
        if (close == std::string_view::npos)
            break;
        reference r = classify_reference(s.substr(pos + 2, close - pos - 2));
        r.begin = pos;
        r.end = close + 2;
        out.push_back(std::move(r));
        pos = close + 2;
    }
    return out;
}

/// @brief `{{steps.S.outputs.parameters.P}}`: the IR form of a reference to a step's output.
inline std::string output_parameter_ref(std::string_view step, std::string_view param)
{
    return "{{steps." + std::string(step) + ".outputs.parameters." + std::string(param) + "}}";
}
/// @brief `{{steps.S.outputs.result}}`.
inline std::string result_ref(std::string_view step)
{
    return "{{steps." + std::string(step) + ".outputs.result}}";
}
/// @brief `{{steps.S.outputs.artifacts.A}}`.
inline std::string output_artifact_ref(std::string_view step, std::string_view artifact)
{
    return "{{steps." + std::string(step) + ".outputs.artifacts." + std::string(artifact) + "}}";
}
/// @brief `{{inputs.parameters.P}}`.
inline std::string input_parameter_ref(std::string_view param)
{
    return "{{inputs.parameters." + std::string(param) + "}}";
}

} // namespace couler

#endif
