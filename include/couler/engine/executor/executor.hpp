// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_EXECUTOR_EXECUTOR_HPP
#define COULER_ENGINE_EXECUTOR_EXECUTOR_HPP

/// @file
/// @brief Where a step's process runs: the engine's executor interface.
///
/// The scheduler decides *what* runs and *when* (conditions, maps, loops, retries, memoization,
/// the store, the journal, resume); an executor only starts one attempt of a prepared step,
/// reports its end and stops it on request. Three exist: the host (a process group on this
/// machine), a container runtime (docker or podman, through its CLI) and Slurm (a batch job).
/// One executor serves a whole run; `options::executor` chooses it.

#include <couler/config.hpp>
#include <couler/engine/process.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace couler {
namespace engine {

/// @brief Slurm settings of a run (`couler run --executor slurm`).
struct slurm_options {
    std::string partition, account, qos;  ///< `--partition`, `--account`, `--qos`; empty: the site's default
    std::vector<std::string> sbatch_args; ///< more sbatch options, each one argv element (`--constraint=a100`)
    /// Where sbatch, squeue, sacct and scancel are; empty: looked up in PATH.
    std::filesystem::path bin_dir;
    /// Times a job that ended NODE_FAIL, PREEMPTED or BOOT_FAIL is submitted again before the
    /// attempt fails (these are the cluster's failures, not the step's: they use no retry).
    int max_resubmits = 3;
    int min_poll_ms = 100;  ///< polling interval after a change (adaptive: it grows while nothing changes)
    int max_poll_ms = 2000; ///< ... up to this
};

/// @brief One attempt of a prepared leaf step, as the scheduler hands it to an executor.
struct executor_task {
    std::string run_id;
    std::string step_id;          ///< `candidates(2)/train`
    int attempt = 1;              ///< 1-based
    process_spec proc;            ///< argv, env, working dir (the host's view of the step)
    std::filesystem::path dir;    ///< the step's directory (`runs/<id>/steps/<step>/`)
    std::string container;        ///< container steps with a runtime: the name, without `-<attempt>`
    double timeout = 0;           ///< seconds; 0: none
    double cpu = 0;               ///< CPUs requested; 0: none stated
    double memory = 0;            ///< bytes requested; 0: none stated
    std::int64_t gpus = 0;        ///< `nvidia.com/gpu` requested
    /// The template's annotations: an executor's settings of this step (Slurm reads
    /// `slurm_sbatch_annotation`); the engine validated them before the run started.
    std::map<std::string, std::string> annotations;
};

/// @brief How an attempt ended.
struct executor_end {
    long key = -1;         ///< what `start` returned
    exit_info exit;        ///< exit code (shell style) and captured output
    std::string message;   ///< why it failed, when the exit code alone does not say (empty: the code says it)
    bool timed_out = false; ///< the executor ended it at its time limit
};

/// @brief Runs step attempts somewhere. Single-threaded: the scheduler's loop calls it.
class executor {
public:
    virtual ~executor() = default;
    /// @brief `host`, `docker`, `podman`, `slurm`.
    virtual std::string name() const = 0;
    /// @brief Starts an attempt; returns its key (> 0), or -1 with `why` set if it could not
    /// start. Adds to `rec` (the journal's `start` record) what finds it again after a crash.
    virtual long start(const executor_task& t, boost::json::object& rec, std::string& why) = 0;
    /// @brief Follows an attempt a killed engine started (its journal `start` record is
    /// `start`) instead of starting it again; -1 with `why` set if this executor cannot.
    virtual long attach(const executor_task& t, const boost::json::object& start, boost::json::object& rec,
                        std::string& why)
    {
        (void)t;
        (void)start;
        (void)rec;
        why = name() + " attempts cannot be re-attached";
        return -1;
    }
    /// @brief Waits up to `timeout_ms` (-1: until one ends) and returns the attempts that ended.
    virtual std::vector<executor_end> wait(int timeout_ms) = 0;
    /// @brief Stops an attempt (a timeout, a daemon's scope ended); its end comes through `wait`.
    virtual void kill(long key) = 0;
    /// @brief Stops every running attempt at once (the engine is giving up).
    virtual void kill_all() = 0;
    /// @brief Attempts running.
    virtual std::size_t running() const = 0;
    /// @brief When the scheduler stops an attempt that passed its `timeout`: the same for the
    /// host; later for Slurm, which enforces `--time` itself (this is the backstop).
    virtual double deadline_after(double timeout) const { return timeout; }
    /// @brief Whether the steps' resources are the cluster's: then they do not count against
    /// this machine's cores and memory, and each attempt takes one of `--jobs`.
    virtual bool remote() const { return false; }
    /// @brief Before the run returns: finish cleaning up (container removals), at most 30 s.
    virtual void finish() {}
};

struct options; // engine.hpp

/// @brief The executor a run's options ask for: `options::executor` (`local` or `slurm`) and,
/// for local runs, `options::runtime` (host, docker, podman).
COULER_INLINE std::unique_ptr<executor> make_executor(const options& o);

} // namespace engine
} // namespace couler

#endif
