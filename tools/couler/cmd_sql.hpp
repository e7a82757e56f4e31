// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// couler sql FILE.sql [--parse | --emit ir|argo|tekton|airflow|airflow2|airflow3]: SQLFlow's
// extended SQL, compiled to one workflow and run by the local engine (default) or written for an
// engine through emit_text(), the same path as `couler emit --target`.
#ifndef COULER_TOOLS_CMD_SQL_HPP
#define COULER_TOOLS_CMD_SQL_HPP

#include "cmd_emit.hpp"
#include "cmd_run.hpp"
#include "common.hpp"

#include <couler/engine.hpp>
#include <couler/frontend/sqlflow.hpp>
#include <couler/ir/json.hpp>

#include <CLI/CLI.hpp>

#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include <unistd.h>

namespace couler_cli {

struct sql_options {
    std::string file;
    bool parse_only = false;
    std::string emit; // ir, or one of emit_targets()
    std::string format = "yaml";
    bool extract_in_step = false;
    std::string output;
    std::string zoo;
    std::string datasource = "sqlite://sqlflow-data";
    std::string name = "sqlflow";
    bool cache = false;
    run_options run;
};

/// The default step zoo: $COULER_SQLFLOW_ZOO, else the installed one beside the executable
/// (<prefix>/share/couler/sqlflow/zoo.json), else the source tree's.
inline std::string default_zoo()
{
    if (const char* env = std::getenv("COULER_SQLFLOW_ZOO"); env && *env)
        return env;
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        auto installed = exe.parent_path().parent_path() / "share" / "couler" / "sqlflow" / "zoo.json";
        if (std::filesystem::exists(installed, ec))
            return installed.string();
    }
#ifdef COULER_SQLFLOW_SOURCE_ZOO
    return COULER_SQLFLOW_SOURCE_ZOO;
#else
    return "share/couler/sqlflow/zoo.json";
#endif
}

// `sqlite://relative/dir` made absolute: steps run in their own directories.
inline std::string absolute_datasource(const std::string& ds)
{
    const std::string scheme = "sqlite://";
    if (ds.compare(0, scheme.size(), scheme) != 0)
        return ds;
    std::filesystem::path p = ds.substr(scheme.size());
    if (p.empty() || p.is_absolute())
        return ds;
    return scheme + std::filesystem::absolute(p).lexically_normal().string();
}

inline int run_sql(const sql_options& o)
{
    std::string text;
    if (!read_file(o.file, text))
        return exit_usage;
    couler::sqlflow::program prog;
    try {
        prog = couler::sqlflow::parse(text);
    } catch (const couler::sqlflow::parse_error& e) {
        std::cerr << o.file << ": " << e.what() << "\n";
        return exit_invalid;
    }
    if (o.parse_only) {
        std::string out;
        for (const auto& st : prog.statements)
            out += boost::json::serialize(couler::sqlflow::to_json(st)) + "\n";
        return write_output(o.output, out);
    }
    couler::workflow wf;
    couler::sqlflow::compile_options co;
    try {
        auto zoo = couler::sqlflow::load_zoo(o.zoo.empty() ? default_zoo() : o.zoo);
        co.name = o.name;
        co.datasource = o.emit.empty() ? absolute_datasource(o.datasource) : o.datasource;
        // Airflow passes no files between tasks (its emitter refuses artifacts): each statement
        // extracts its own data there.
        co.extract_in_step = o.extract_in_step || is_airflow_target(o.emit);
        wf = couler::sqlflow::compile(prog, zoo, co);
    } catch (const couler::sqlflow::compile_error& e) {
        std::cerr << o.file << ": " << e.what() << "\n";
        return exit_invalid;
    } catch (const std::runtime_error& e) {
        std::cerr << "couler: " << e.what() << "\n";
        return exit_usage;
    }
    if (o.emit == "ir")
        return write_output(o.output, couler::to_json_pretty(wf) + "\n");
    if (!o.emit.empty()) {
        emit_options eo;
        eo.target = o.emit;
        eo.format = o.format;
        try {
            return write_output(o.output, emit_text(wf, eo));
        } catch (const couler::invalid_input& e) {
            print_problems(o.file, e.all());
            return exit_invalid;
        }
    }
    auto eo = engine_options(o.run);
    eo.memoize = o.cache; // the steps change the database: a memoized step would skip that
    auto progress = attach_progress(eo, o.run);
    auto r = couler::engine::local_engine(eo).run(wf);
    if (!r.error.empty())
        std::cerr << "couler: " << r.error << "\n";
    if (!o.run.quiet) {
        // What the statements printed (query results, metrics), in program order.
        for (std::size_t i = 0; i < prog.statements.size(); ++i) {
            if (prog.statements[i].kind == couler::sqlflow::statement_kind::query && prog.statements[i].select.empty())
                continue;
            auto name = couler::sqlflow::step_names(prog, i, co).back();
            std::ifstream log(r.run_dir / "steps" / name / "stdout.log");
            if (!log)
                continue;
            std::cout << "-- statement " << i + 1 << " (line " << prog.statements[i].line << ", "
                      << couler::sqlflow::to_string(prog.statements[i].kind) << ")\n"
                      << log.rdbuf();
        }
    }
    return r.ok() ? exit_ok : exit_invalid;
}

inline void setup_sql(CLI::App& app, int& rc)
{
    auto o = std::make_shared<sql_options>();
    auto* cmd = app.add_subcommand("sql", "Run a SQLFlow extended-SQL program (TO TRAIN, TO PREDICT, ...) as one workflow");
    cmd->add_option("FILE", o->file, "The program ('-' for standard input)")->required();
    cmd->add_flag("--parse", o->parse_only, "Print each statement as one JSON line; do not run");
    auto targets = emit_targets();
    targets.insert(targets.begin(), "ir");
    cmd->add_option("--emit", o->emit, "Write the workflow instead of running it: ir (IR JSON) or an engine, as `couler emit --target`")
        ->check(CLI::IsMember(targets));
    cmd->add_option("-f,--format", o->format, "--emit argo|tekton: yaml or json")
        ->check(CLI::IsMember({"yaml", "json"}))
        ->capture_default_str();
    cmd->add_flag("--extract-in-step", o->extract_in_step,
                  "Each statement runs its own SELECT (no sN-data step, no artifacts); always on for --emit airflow*");
    cmd->add_option("-o,--output", o->output, "Write --parse or --emit output to this file");
    cmd->add_option("--zoo", o->zoo, "The step zoo (JSON; default: $COULER_SQLFLOW_ZOO or the installed share/couler/sqlflow/zoo.json)");
    cmd->add_option("--datasource", o->datasource, "Where the data is (default zoo: sqlite://DIR, db.table = table of DIR/db.db)")
        ->capture_default_str();
    cmd->add_option("--name", o->name, "The workflow's name")->capture_default_str();
    cmd->add_flag("--cache", o->cache, "Memoize steps (off by default: the steps change the database)");
    add_engine_flags(cmd, o->run);
    cmd->callback([o, &rc] { rc = run_sql(*o); });
}

} // namespace couler_cli

#endif
