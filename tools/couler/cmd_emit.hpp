// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// couler emit --target argo|airflow|airflow2|airflow3 FILE [-o OUT] [--format yaml|json]: the workflow for an
// engine (--format applies to Argo; Airflow is a Python DAG file).
#ifndef COULER_TOOLS_CMD_EMIT_HPP
#define COULER_TOOLS_CMD_EMIT_HPP

#include "cmd_emit_airflow.hpp"
#include "common.hpp"

#include <couler/emit/argo.hpp>

#include <CLI/CLI.hpp>

#include <boost/json/serialize.hpp>

#include <memory>
#include <string_view>

namespace couler_cli {

struct emit_options {
    std::string file;
    std::string output;
    std::string target = "argo";
    std::string format = "yaml";
    bool no_caps = false;
};

inline int run_emit(const emit_options& o)
{
    couler::workflow wf;
    if (int rc = load_workflow(o.file, wf); rc != exit_ok)
        return rc;
    std::string text;
    try {
        if (o.target == "argo") {
            couler::argo_options opt;
            opt.enforce_caps = !o.no_caps;
            text = o.format == "json" ? boost::json::serialize(couler::to_argo_json(wf, opt)) + "\n"
                                      : couler::to_argo_yaml(wf, opt);
        } else if (is_airflow_target(o.target)) {
            text = emit_airflow_text(wf, o.target);
        }
    } catch (const couler::invalid_input& e) {
        print_problems(o.file, e.all());
        return exit_invalid;
    }
    return write_output(o.output, text);
}

inline void setup_emit(CLI::App& app, int& rc)
{
    auto o = std::make_shared<emit_options>();
    auto* cmd = app.add_subcommand("emit", "Write the workflow for an engine (Argo Workflows YAML or JSON, or an Airflow DAG file)");
    cmd->add_option("FILE", o->file, "IR JSON, Argo YAML, WfCommons JSON or Pegasus DAX ('-' for standard input)")->required();
    cmd->add_option("-t,--target", o->target, "Engine to emit for")->check(CLI::IsMember({"argo", "airflow", "airflow2", "airflow3"}))->capture_default_str();
    cmd->add_option("-o,--output", o->output, "Write to this file instead of standard output");
    cmd->add_option("-f,--format", o->format, "Output format")->check(CLI::IsMember({"yaml", "json"}))->capture_default_str();
    cmd->add_flag("--no-caps", o->no_caps,
                  "Do not apply Argo's CRD caps (200 templates / tasks); for benchmarks, the result may be refused");
    cmd->callback([o, &rc] { rc = run_emit(*o); });
}

} // namespace couler_cli

#endif
