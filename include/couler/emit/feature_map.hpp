// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_FEATURE_MAP_HPP
#define COULER_EMIT_FEATURE_MAP_HPP

/// @file
/// @brief Which IR features a workflow uses, and for each engine (Argo, Tekton, Airflow) whether
/// it runs them natively, lowers them (and how), or refuses them (and why, naming the step).
/// What `couler emit --explain FILE` prints.
///
/// Two sources, kept apart so neither can drift unseen:
/// - the refusals are the emitters' own: explain_engines() runs to_argo_json, to_tekton_json and
///   emit_airflow on the workflow and attributes each problem they report to a feature (by the
///   feature's `refusal` pattern); a problem no feature claims is still reported, as `other`;
/// - native / lowered come from feature_table(), one row per feature. A test
///   (tests/engines/feature_map_test.cpp) cross-checks the table against the emitters over every
///   conformance workflow: a feature the table calls refused for an engine must make that engine
///   refuse the workflow, a workflow an engine emits must use no feature the table calls refused
///   there, and an engine may refuse a feature only where the table says refused or partial.
///
/// @code
/// couler::engine_report r = couler::explain_engines(wf);
/// std::cout << couler::to_text(r);
/// @endcode

#include <couler/ir/error.hpp>
#include <couler/ir/workflow.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace couler {

/// @brief How an engine runs a feature.
enum class support {
    native,  ///< a field of the engine's own
    lowered, ///< an equivalent made of other parts (`how` says which)
    partial, ///< native or lowered in the cases `how` names; the emitter refuses the others by name
    refused  ///< no form: the emitter refuses it, naming the step
};

/// @brief `native`, `lowered`, `partial` or `refused`.
const char* to_string(support s) noexcept;

/// @brief The engines of the feature map, in column order: argo, tekton, airflow.
const std::array<const char*, 3>& feature_engines() noexcept;

/// @brief One engine's cell of a feature's row.
struct engine_support {
    support how = support::native;
    const char* text = ""; ///< the lowering, or what is refused
};

/// @brief One row of the feature map.
struct feature_info {
    const char* id;   ///< short stable name, e.g. `artifacts`
    const char* name; ///< what it is, for people
    std::array<engine_support, 3> engines; ///< in feature_engines() order
    /// ECMAScript pattern (case-insensitive) matching the emitters' messages that refuse this
    /// feature; empty: no emitter refuses it.
    const char* refusal;
};

/// @brief Every feature, most specific first (a problem goes to the first feature whose
/// pattern matches and that the workflow uses, else to the first that matches).
const std::vector<feature_info>& feature_table();

/// @brief A feature a workflow uses, and where (`step 'S' of template 'G'`, `template 'T'` or
/// `workflow`).
struct feature_use {
    const feature_info* feature = nullptr;
    std::vector<std::string> where;
};

/// @brief The features `wf` uses, in feature_table() order.
std::vector<feature_use> features_used(const workflow& wf);

/// @brief One engine's emission of the workflow.
struct engine_outcome {
    std::string engine;
    bool emitted = false;
    problems refusals;                      ///< what its emitter reported (empty when emitted)
    std::vector<const feature_info*> cause; ///< per refusal: its feature, or nullptr (`other`)
};

/// @brief One feature's verdict for one engine in a workflow.
struct feature_verdict {
    support how = support::native;
    std::string text;                 ///< the lowering, or the emitter's refusal messages
};

/// @brief A row of the report: a used feature (or one only a refusal names) and its verdicts.
struct feature_row {
    const feature_info* feature = nullptr; ///< nullptr: refusals no feature claims (`other`)
    std::vector<std::string> where;
    std::array<feature_verdict, 3> engines;
};

/// @brief What explain_engines() found.
struct engine_report {
    std::string workflow;
    std::vector<engine_outcome> outcomes; ///< in feature_engines() order
    std::vector<feature_row> rows;
};

/// @brief The feature of an emitter's problem, or nullptr. `used` (may be empty) are the
/// features the workflow uses, preferred when several patterns match.
const feature_info* feature_of(const problem& p, const std::vector<feature_use>& used);

/// @brief Runs every emitter on `wf` (defaults; Airflow 3) and reports, per used feature and
/// engine, native / lowered (from feature_table()) or refused (the emitter's own messages).
/// @par Complexity three emissions plus O(size of the workflow).
engine_report explain_engines(const workflow& wf);

/// @brief The report as text: a line per engine (emits / refuses N problems), then per feature
/// its steps and one line per engine.
std::string to_text(const engine_report& r);

/// @brief feature_table() as a Markdown table (docs/engines.md).
std::string feature_table_markdown();

} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/emit/impl/feature_map.hpp>
#endif

#endif
