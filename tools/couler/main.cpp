// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The couler command-line tool. Each command lives in cmd_<name>.hpp as an options struct,
// a setup_<name>(app, rc) and a run_<name>(options); main only wires them (CLI11's pattern).

#include "cmd_cache_sim.hpp"
#include "cmd_dot.hpp"
#include "cmd_emit.hpp"
#include "cmd_import.hpp"
#include "cmd_run.hpp"
#include "cmd_split.hpp"
#include "cmd_sql.hpp"
#include "cmd_validate.hpp"
// Further commands: include them here, and call their setup below.

#include <couler/version.hpp>

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

int main(int argc, char** argv)
{
    CLI::App app{"couler: one workflow IR for ML platforms, many engines out (Argo, Tekton, Airflow, local)"};
    app.set_version_flag("--version", std::string("couler ") + COULER_VERSION_STRING);
    app.require_subcommand(1);
    int rc = couler_cli::exit_ok;
    couler_cli::setup_validate(app, rc);
    couler_cli::setup_dot(app, rc);
    couler_cli::setup_emit(app, rc);
    couler_cli::setup_run(app, rc);
    couler_cli::setup_split(app, rc);
    couler_cli::setup_cache_sim(app, rc);
    couler_cli::setup_import(app, rc);
    couler_cli::setup_sql(app, rc);
    // Further commands: setup_<name>(app, rc);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? couler_cli::exit_ok : couler_cli::exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "couler: " << e.what() << "\n";
        return couler_cli::exit_invalid;
    }
    return rc;
}
