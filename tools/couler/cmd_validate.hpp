// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// couler validate FILE: read an IR JSON file and report every problem with its JSON path.
#ifndef COULER_TOOLS_CMD_VALIDATE_HPP
#define COULER_TOOLS_CMD_VALIDATE_HPP

#include "common.hpp"

#include <CLI/CLI.hpp>

#include <memory>

namespace couler_cli {

struct validate_options {
    std::string file;
    bool quiet = false;
};

inline int run_validate(const validate_options& o)
{
    couler::workflow wf;
    if (int rc = load_workflow(o.file, wf); rc != exit_ok)
        return rc;
    auto ps = couler::validate(wf);
    if (!ps.empty()) {
        print_problems(o.file, ps);
        std::cerr << o.file << ": " << ps.size() << " problem" << (ps.size() == 1 ? "" : "s") << "\n";
        return exit_invalid;
    }
    if (!o.quiet) {
        // The entrypoint may be any template (a lone container is valid): wf.graph() would throw.
        const auto* entry = wf.find_template(wf.entrypoint);
        std::cout << o.file << ": valid (" << wf.templates().size() << " templates, ";
        if (entry && entry->graph())
            std::cout << entry->graph()->size() << " steps in the entry graph)\n";
        else
            std::cout << "the entry template is not a graph)\n";
    }
    return exit_ok;
}

inline void setup_validate(CLI::App& app, int& rc)
{
    auto o = std::make_shared<validate_options>();
    auto* cmd = app.add_subcommand("validate", "Check a workflow (IR JSON, Argo YAML or a workload file); print every problem with its JSON path");
    cmd->add_option("FILE", o->file, "IR JSON, Argo YAML, WfCommons JSON or Pegasus DAX ('-' for standard input)")->required();
    cmd->add_flag("-q,--quiet", o->quiet, "Print nothing when the workflow is valid");
    cmd->callback([o, &rc] { rc = run_validate(*o); });
}

} // namespace couler_cli

#endif
