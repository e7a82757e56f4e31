// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_AIRFLOW_HPP
#define COULER_EMIT_AIRFLOW_HPP

/// @file
/// @brief IR -> one Apache Airflow DAG file (Python source) of KubernetesPodOperator tasks,
/// for Airflow 2 (2.4+, `schedule=`) or Airflow 3 (`airflow.sdk`).
///
/// Each step of the entry graph becomes one task (a map over a literal list or a number
/// sequence: one task per item; a nested sub-workflow: its steps, flattened); IR edges become `>>`; a step's `when` becomes a small
/// condition pod before it that exits with the operator's `skip_on_exit_code`, so the untaken
/// side is skipped; the exit handler becomes a task with trigger rule ALL_DONE (ALL_SUCCESS /
/// ONE_FAILED for steps of an exit graph guarded by `{{workflow.status}}`). Outputs travel by
/// XCom. docs/engines-airflow.md lists every feature: native, lowered, or refused.
///
/// Every user string (names, images, commands, args, parameter values) is written as an
/// ASCII Python string literal, and in the operator's templated fields Jinja syntax in it is
/// escaped, so a value reaches the pod unchanged and is never code. Anything the emitter
/// cannot express is an invalid_input naming the step (or template) and the feature.
///
/// @code
/// std::string py = couler::to_airflow_dag(wf, {couler::airflow_target::airflow3});
/// @endcode

#include <couler/ir/error.hpp>
#include <couler/ir/workflow.hpp>

#include <string>
#include <vector>

namespace couler {

/// @brief Which Airflow the DAG file is written for.
enum class airflow_target {
    airflow2, ///< `from airflow import DAG`, `airflow.models.param`, `airflow.utils.trigger_rule`
    airflow3  ///< `from airflow.sdk import DAG, Param, TriggerRule`
};

/// @brief Options of the Airflow emitter.
struct airflow_options {
    airflow_target target = airflow_target::airflow3;
    /// Image of the condition pods (`when`): it needs `python3`.
    std::string condition_image = "python:3.12-alpine";
    /// The exit code a condition pod uses for "false" (the operator's skip_on_exit_code).
    int skip_exit_code = 99;
};

/// @brief One task of an emitted DAG, and what it stands for.
struct airflow_task {
    std::string task_id;
    std::string step; ///< the IR step (of the entry graph, or of the exit graph for role exit)
    /// `step` (runs the step), `condition` (decides whether the step runs), `exit` (exit handler)
    std::string role;
};

/// @brief An emitted DAG file and its tasks.
struct airflow_dag {
    std::string source;              ///< the Python file
    std::vector<airflow_task> tasks; ///< in the order of the file
};

/// @brief The Airflow DAG of `wf`, with the task list.
/// @throws invalid_input (error::not_expressible, error::bad_value) listing every feature the
///         target cannot express, each naming its step or template.
template <class S, class A>
airflow_dag emit_airflow(const basic_workflow<S, A>& wf, const airflow_options& opt = {});

/// @brief The Airflow DAG file of `wf` (see emit_airflow).
template <class S, class A>
std::string to_airflow_dag(const basic_workflow<S, A>& wf, const airflow_options& opt = {});

/// @brief `"airflow2"` or `"airflow3"`.
COULER_INLINE const char* to_string(airflow_target t) noexcept;

/// @brief `s` as an ASCII Python string literal (double quotes). `s` is read as UTF-8; a byte
/// that is not part of valid UTF-8 becomes U+DC00+byte, as Python's `surrogateescape` does, so
/// `literal.encode("utf-8", "surrogateescape")` gives back exactly the bytes of `s`.
COULER_INLINE std::string airflow_py_string(std::string_view s);

/// @brief `s` as Jinja template text that renders to `s` under Airflow's Jinja settings:
/// `{{`, `{%`, `{#`, a trailing `{`, carriage returns and a trailing newline are written as
/// Jinja string expressions, and a text ending in `json`/`yaml`/`yml` gets an empty expression
/// at its end (KubernetesPodOperator would read such a value as a template file name).
COULER_INLINE std::string airflow_jinja_literal(std::string_view s);

} // namespace couler

#include <couler/emit/impl/airflow.hpp>

#endif
