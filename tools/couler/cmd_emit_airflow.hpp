// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// couler emit --target airflow|airflow2|airflow3 FILE: the workflow as an Airflow DAG file.
// Kept apart from cmd_emit.hpp so each engine's target is one small function.
#ifndef COULER_TOOLS_CMD_EMIT_AIRFLOW_HPP
#define COULER_TOOLS_CMD_EMIT_AIRFLOW_HPP

#include <couler/emit/airflow.hpp>

#include <string>

namespace couler_cli {

/// The targets this file serves (`airflow` is Airflow 3).
inline bool is_airflow_target(const std::string& t) { return t == "airflow" || t == "airflow2" || t == "airflow3"; }

/// The DAG file of `wf` for `target`; throws couler::invalid_input naming what Airflow cannot run.
inline std::string emit_airflow_text(const couler::workflow& wf, const std::string& target)
{
    couler::airflow_options opt;
    opt.target = target == "airflow2" ? couler::airflow_target::airflow2 : couler::airflow_target::airflow3;
    return couler::to_airflow_dag(wf, opt);
}

} // namespace couler_cli

#endif
