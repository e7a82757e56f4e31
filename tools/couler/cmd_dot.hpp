// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// couler dot FILE: the workflow's DAG as Graphviz DOT.
#ifndef COULER_TOOLS_CMD_DOT_HPP
#define COULER_TOOLS_CMD_DOT_HPP

#include "common.hpp"

#include <couler/emit/dot.hpp>

#include <CLI/CLI.hpp>

#include <memory>

namespace couler_cli {

struct dot_options {
    std::string file;
    std::string output;
};

inline int run_dot(const dot_options& o)
{
    couler::workflow wf;
    if (int rc = load_workflow(o.file, wf); rc != exit_ok)
        return rc;
    std::string text = couler::to_dot(wf);
    return write_output(o.output, text);
}

inline void setup_dot(CLI::App& app, int& rc)
{
    auto o = std::make_shared<dot_options>();
    auto* cmd = app.add_subcommand("dot", "Print the workflow's DAG as Graphviz DOT");
    cmd->add_option("FILE", o->file, "IR JSON, Argo YAML, WfCommons JSON or Pegasus DAX ('-' for standard input)")->required();
    cmd->add_option("-o,--output", o->output, "Write to this file instead of standard output");
    cmd->callback([o, &rc] { rc = run_dot(*o); });
}

} // namespace couler_cli

#endif
