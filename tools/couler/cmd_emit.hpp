// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// couler emit --target argo|tekton|airflow|airflow2|airflow3 FILE [-o OUT] [--format yaml|json]: the
// workflow for an engine (--format applies to Argo and Tekton; Airflow is a Python DAG file).
// couler emit --explain FILE: per feature, native / lowered / refused on each engine (feature_map.hpp).
// Each target is one branch of emit_text() and one name in emit_targets(); add an engine there.
#ifndef COULER_TOOLS_CMD_EMIT_HPP
#define COULER_TOOLS_CMD_EMIT_HPP

#include "cmd_emit_airflow.hpp"
#include "common.hpp"

#include <couler/emit/argo.hpp>
#include <couler/emit/feature_map.hpp>
#include <couler/emit/tekton.hpp>

#include <CLI/CLI.hpp>

#include <boost/json/serialize.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>
#include <string_view>

namespace couler_cli {

struct emit_options {
    std::string file;
    std::string output;
    std::string target = "argo";
    std::string format = "yaml";
    bool no_caps = false;
    bool inline_pipeline = false; ///< tekton: one PipelineRun with the pipelineSpec inlined
    bool explain = false;         ///< print the engine feature report instead of emitting
};

/// The engines `emit` writes for.
inline std::vector<std::string> emit_targets() { return {"argo", "tekton", "airflow", "airflow2", "airflow3"}; }

/// The text of `wf` for `o.target`. Throws couler::invalid_input when the engine cannot run it.
inline std::string emit_text(const couler::workflow& wf, const emit_options& o)
{
    const bool json = o.format == "json";
    if (o.target == "argo") {
        couler::argo_options opt;
        opt.enforce_caps = !o.no_caps;
        return json ? boost::json::serialize(couler::to_argo_json(wf, opt)) + "\n" : couler::to_argo_yaml(wf, opt);
    }
    if (o.target == "tekton") {
        couler::tekton_options opt;
        opt.inline_pipeline = o.inline_pipeline;
        // JSON: the documents as one array (what validate_tekton.py reads from a .json file).
        return json ? boost::json::serialize(couler::to_tekton_json(wf, opt)) + "\n" : couler::to_tekton_yaml(wf, opt);
    }
    if (is_airflow_target(o.target))
        return emit_airflow_text(wf, o.target);
    throw std::logic_error("emit: unknown target '" + o.target + "'");
}

inline int run_emit(const emit_options& o)
{
    couler::workflow wf;
    if (int rc = load_workflow(o.file, wf); rc != exit_ok)
        return rc;
    if (o.explain) // each engine's emitter runs inside: its refusals are the report's
        return write_output(o.output, couler::to_text(couler::explain_engines(wf)));
    std::string text;
    try {
        text = emit_text(wf, o);
    } catch (const couler::invalid_input& e) {
        print_problems(o.file, e.all());
        return exit_invalid;
    }
    return write_output(o.output, text);
}

inline void setup_emit(CLI::App& app, int& rc)
{
    auto o = std::make_shared<emit_options>();
    auto* cmd = app.add_subcommand("emit", "Write the workflow for an engine (Argo Workflows or Tekton Pipelines as YAML or JSON, or an Airflow DAG file)");
    cmd->add_option("FILE", o->file, "IR JSON, Argo YAML, WfCommons JSON or Pegasus DAX ('-' for standard input)")->required();
    cmd->add_option("-t,--target", o->target, "Engine to emit for")->check(CLI::IsMember(emit_targets()))->capture_default_str();
    cmd->add_option("-o,--output", o->output, "Write to this file instead of standard output");
    cmd->add_option("-f,--format", o->format, "Output format")->check(CLI::IsMember({"yaml", "json"}))->capture_default_str();
    cmd->add_flag("--no-caps", o->no_caps,
                  "Do not apply Argo's CRD caps (200 templates / tasks); for benchmarks, the result may be refused");
    cmd->add_flag("--inline", o->inline_pipeline,
                  "tekton: one PipelineRun with the pipelineSpec inlined, instead of a Pipeline and a PipelineRun");
    cmd->add_flag("--explain", o->explain,
                  "Print, per feature the workflow uses, whether argo, tekton and airflow run it natively, lower it "
                  "or refuse it (and why); --target is ignored");
    cmd->callback([o, &rc] { rc = run_emit(*o); });
}

} // namespace couler_cli

#endif
