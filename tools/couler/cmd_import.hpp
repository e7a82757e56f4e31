// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// couler import argo FILE.yaml [--strict] [-o OUT.json]: an Argo Workflow, WorkflowTemplate,
// ClusterWorkflowTemplate or CronWorkflow as IR JSON.
#ifndef COULER_TOOLS_CMD_IMPORT_HPP
#define COULER_TOOLS_CMD_IMPORT_HPP

#include "common.hpp"

#include <couler/import/argo.hpp>

#include <CLI/CLI.hpp>

#include <memory>
#include <string_view>

namespace couler_cli {

struct import_options {
    std::string file;
    std::string out; ///< empty: standard output
    bool strict = false;
};

/// Imports Argo text already read from `path` (the hook for `couler emit`, which detects Argo
/// input from apiVersion and kind); prints problems as `path: $.json.path: message`.
inline bool import_argo_text(const std::string& path, std::string_view text, bool strict, couler::workflow& wf)
{
    couler::problems ps;
    couler::argo_import_options opt;
    opt.strict = strict;
    wf = couler::import_argo(text, ps, opt);
    if (!ps.empty()) {
        print_problems(path, ps);
        return false;
    }
    return true;
}

/// Reads an Argo file into the IR; prints problems and returns false on failure.
inline bool load_argo(const std::string& path, bool strict, couler::workflow& wf)
{
    std::string text;
    return read_file(path, text) && import_argo_text(path, text, strict, wf);
}

inline int run_import_argo(const import_options& o)
{
    couler::workflow wf;
    if (!load_argo(o.file, o.strict, wf))
        return exit_invalid;
    std::string text = couler::to_json_pretty(wf);
    return write_output(o.out, text);
}

inline void setup_import(CLI::App& app, int& rc)
{
    auto* cmd = app.add_subcommand("import", "Read a workflow written for another system into IR JSON");
    cmd->require_subcommand(1);
    auto o = std::make_shared<import_options>();
    auto* argo = cmd->add_subcommand(
        "argo", "Argo Workflow, WorkflowTemplate or CronWorkflow YAML -> IR JSON. Fields the IR does not model are kept "
                "as an Argo extension, or refused with --strict");
    argo->add_option("FILE", o->file, "Argo YAML (or JSON) file ('-' for standard input)")->required();
    argo->add_option("-o,--output", o->out, "IR JSON output file (default: standard output)");
    argo->add_flag("--strict", o->strict, "Refuse (and name) every field the IR does not model");
    argo->callback([o, &rc] { rc = run_import_argo(*o); });
}

} // namespace couler_cli

#endif
