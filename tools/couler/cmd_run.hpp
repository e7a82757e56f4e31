// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// couler run FILE / couler resume RUN_ID / couler runs: the embedded local engine.
#ifndef COULER_TOOLS_CMD_RUN_HPP
#define COULER_TOOLS_CMD_RUN_HPP

#include "common.hpp"

#include <couler/engine.hpp>
#include <couler/import/argo.hpp>
#include <couler/optimize/cache/make_policy.hpp>

#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include <unistd.h>

namespace couler_cli {

struct run_options {
    std::string file;
    std::string run_id; // resume
    std::string state_dir = ".couler";
    std::string store;
    std::string runtime = "host";
    std::string runtime_cli;
    unsigned jobs = 0;
    bool no_cache = false;
    bool keep_going = false;
    bool quiet = false;
    std::uint64_t capacity_mb = 0;
    std::uint64_t capacity_bytes = 0; // --cache-capacity; wins over capacity_mb
    std::string cache_policy;
    std::vector<std::string> params;
    std::vector<std::string> pass_env;
    std::string executor = "local";
    couler::engine::slurm_options slurm;
    std::string timeout; // --timeout, a duration
};

// While a run goes on, SIGINT (Ctrl-C) and SIGTERM ask it to stop: it stops its running steps
// (cancels its Slurm jobs), runs the exit handler and records the run. A second signal ends
// the process at once, as without the handler.
class stop_on_signals {
public:
    stop_on_signals()
    {
        couler::engine::clear_stop_request();
        struct sigaction sa {};
        sa.sa_handler = &handle;
        sigemptyset(&sa.sa_mask);
        ::sigaction(SIGINT, &sa, &old_int_);
        ::sigaction(SIGTERM, &sa, &old_term_);
    }
    ~stop_on_signals()
    {
        ::sigaction(SIGINT, &old_int_, nullptr);
        ::sigaction(SIGTERM, &old_term_, nullptr);
    }
    stop_on_signals(const stop_on_signals&) = delete;
    stop_on_signals& operator=(const stop_on_signals&) = delete;

private:
    static void handle(int sig)
    {
        if (couler::engine::stop_requested() != 0) {
            ::signal(sig, SIG_DFL);
            ::raise(sig);
            return;
        }
        couler::engine::request_stop(sig);
    }
    struct sigaction old_int_ {}, old_term_ {};
};

// What the user learns of a run that could not start or was stopped.
inline int run_exit(const couler::engine::run_result& r, bool quiet)
{
    if (!r.error.empty() && quiet)
        std::cerr << "couler: " << r.error << "\n";
    if (!r.stopped.empty())
        std::cerr << "couler: run " << r.run_id << " stopped: " << r.stopped << "\n";
    return r.ok() ? exit_ok : exit_invalid;
}

inline couler::engine::options engine_options(const run_options& o)
{
    couler::engine::options e;
    e.state_dir = o.state_dir;
    e.store_dir = o.store;
    e.runtime = o.runtime;
    e.runtime_cli = o.runtime_cli;
    e.executor = o.executor;
    e.slurm = o.slurm;
    // The nodes need absolute paths: the default ./.couler becomes one; a relative path the
    // user wrote is refused by the engine, naming it.
    if (o.executor == "slurm" && o.state_dir == ".couler")
        e.state_dir = std::filesystem::absolute(o.state_dir);
    e.jobs = o.jobs;
    e.memoize = !o.no_cache;
    e.keep_going = o.keep_going;
    e.store_capacity_bytes = o.capacity_bytes ? o.capacity_bytes : o.capacity_mb * 1024 * 1024;
    e.cache_policy = o.cache_policy;
    e.pass_env = o.pass_env;
    if (!o.timeout.empty()) {
        auto t = couler::engine::parse_duration(o.timeout);
        if (!t || *t <= 0)
            throw std::invalid_argument("--timeout '" + o.timeout + "' is not a duration (such as 90s, 10m, 1h30m)");
        e.run_timeout = *t;
    }
    e.tty = !o.quiet && ::isatty(1); // the progress line is attach_progress's; this paces the loop for it
    for (const auto& p : o.params) {
        auto eq = p.find('=');
        if (eq == std::string::npos)
            throw std::invalid_argument("parameter '" + p + "' is not KEY=VALUE");
        e.parameters[p.substr(0, eq)] = p.substr(eq + 1);
    }
    return e;
}

// The progress output and summary: a text_progress observing the engine's step events, the
// same a platform's observer gets. None with --quiet. It must outlive the run.
inline std::unique_ptr<couler::engine::text_progress> attach_progress(couler::engine::options& e,
                                                                      const run_options& o)
{
    if (o.quiet)
        return nullptr;
    auto p = std::make_unique<couler::engine::text_progress>(std::cout, ::isatty(1) != 0);
    e.observer = p.get();
    return p;
}

inline int run_run(const run_options& o)
{
    const auto& sl = o.slurm;
    if (o.executor != "slurm" && (!sl.partition.empty() || !sl.account.empty() || !sl.qos.empty() || !sl.sbatch_args.empty())) {
        std::cerr << "couler: --partition, --account, --qos and --sbatch-arg need --executor slurm\n";
        return exit_usage;
    }
    couler::workflow wf;
    if (int rc = load_workflow(o.file, wf); rc != exit_ok)
        return rc;
    auto e = engine_options(o);
    auto progress = attach_progress(e, o);
    stop_on_signals signals;
    return run_exit(couler::engine::local_engine(e).run(wf), o.quiet);
}

inline int run_resume(const run_options& o)
{
    auto e = engine_options(o);
    auto progress = attach_progress(e, o);
    stop_on_signals signals;
    return run_exit(couler::engine::local_engine(e).resume(o.run_id), o.quiet);
}

inline int run_runs(const run_options& o)
{
    auto runs = couler::engine::local_engine(engine_options(o)).list_runs();
    std::printf("%-48s %-12s %-21s %s\n", "RUN", "STATUS", "STARTED", "WORKFLOW");
    for (const auto& r : runs)
        std::printf("%-48s %-12s %-21s %s\n", r.run_id.c_str(), r.status.c_str(), r.started.c_str(),
                    r.workflow.c_str());
    return exit_ok;
}

inline void add_engine_flags(CLI::App* cmd, run_options& o)
{
    cmd->add_option("--state-dir", o.state_dir, "Where runs are recorded (default ./.couler)");
    cmd->add_option("-j,--jobs", o.jobs, "Steps to run at once (default: number of cores; for resume: the run's)");
    cmd->add_flag("-q,--quiet", o.quiet, "No progress or summary");
    cmd->add_option("--timeout", o.timeout,
                    "The run's time limit, a duration (90s, 10m, 1h30m): past it the run stops and stops its "
                    "running steps (the workflow's active deadline applies too)")
        ->type_name("DURATION")
        ->check(CLI::Validator(
            [](std::string& v) -> std::string {
                auto t = couler::engine::parse_duration(v);
                return t && *t > 0 ? std::string() : "'" + v + "' is not a duration (such as 90s, 10m, 1h30m)";
            },
            "DURATION"));
}

inline void setup_run(CLI::App& app, int& rc)
{
    auto o = std::make_shared<run_options>();
    auto* run = app.add_subcommand("run", "Run a workflow (IR JSON) on this machine with the local engine");
    run->add_option("FILE", o->file, "IR JSON file ('-' for standard input)")->required();
    add_engine_flags(run, *o);
    run->add_option("--store", o->store, "Artifact store directory (default STATE_DIR/store)");
    run->add_option("--runtime", o->runtime, "Where container steps run: host, docker or podman")
        ->check(CLI::IsMember({"host", "docker", "podman"}));
    run->add_option("--runtime-cli", o->runtime_cli,
                    "The container runtime's executable (default: the --runtime name, found in PATH)");
    run->add_option("--executor", o->executor,
                    "Where steps run: local (this machine; see --runtime) or slurm (each step a batch job)")
        ->check(CLI::IsMember({"local", "slurm"}));
    run->add_option("--partition", o->slurm.partition, "Slurm partition of the run's jobs (--executor slurm)");
    run->add_option("--account", o->slurm.account, "Slurm account of the run's jobs (--executor slurm)");
    run->add_option("--qos", o->slurm.qos, "Slurm QOS of the run's jobs (--executor slurm)");
    run->add_option("--sbatch-arg", o->slurm.sbatch_args,
                    "One more sbatch option for every job, e.g. --sbatch-arg=--constraint=a100 (repeatable)")
        ->type_name("ARG")
        ->allow_extra_args(false);
    run->add_flag("--no-cache", o->no_cache, "Run every step, even those with memoized outputs");
    run->add_flag("-k,--keep-going", o->keep_going, "After a failure, still start independent steps");
    auto* mb = run->add_option("--store-capacity-mb", o->capacity_mb, "Artifact store capacity in MiB (0: unlimited)");
    run->add_option("--cache-capacity", o->capacity_bytes, "Artifact store capacity in bytes (0: unlimited)")
        ->excludes(mb);
    std::string names;
    for (auto n : couler::cache::policy_names)
        names += (names.empty() ? "" : ", ") + std::string(n);
    run->add_option("--cache-policy", o->cache_policy,
                    "The store's eviction policy: " + names + " (default lru; see docs/caching.md)")
        ->check(CLI::Validator(
            [](std::string& v) -> std::string {
                couler::cache::workflow_model m;
                couler::cache::plan p = couler::cache::make_plan(m, 1);
                return couler::cache::make_policy(v, m, p) ? std::string() : "unknown cache policy '" + v + "'";
            },
            "POLICY"));
    run->add_option("-p,--param", o->params, "Workflow parameter KEY=VALUE (repeatable)");
    run->add_option("--pass-env", o->pass_env,
                    "Pass the engine's environment variable NAME to host steps (repeatable; by default they get "
                    "only PATH, HOME, LANG and TMPDIR, see docs/engine.md)")
        ->type_name("NAME");
    run->callback([o, &rc] { rc = run_run(*o); });

    auto ro = std::make_shared<run_options>();
    auto* resume = app.add_subcommand("resume", "Restart a failed or killed run from where it stopped");
    resume->add_option("RUN_ID", ro->run_id, "The run, as `couler runs` lists it")->required();
    add_engine_flags(resume, *ro);
    resume->add_option("--runtime-cli", ro->runtime_cli, "The container runtime's executable (default: the run's)");
    resume->add_flag("-k,--keep-going", ro->keep_going,
                     "After a failure, still start independent steps (default: as the run had it)");
    resume->callback([ro, &rc] { rc = run_resume(*ro); });

    auto lo = std::make_shared<run_options>();
    auto* runs = app.add_subcommand("runs", "List past runs with their status");
    runs->add_option("--state-dir", lo->state_dir, "Where runs are recorded (default ./.couler)");
    runs->callback([lo, &rc] { rc = run_runs(*lo); });
}

} // namespace couler_cli

#endif
