// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_ENGINE_HPP
#define COULER_ENGINE_ENGINE_HPP

/// @file
/// @brief The embedded local engine: runs a workflow on this machine.
///
/// Steps are local processes (or containers in docker/podman if configured). Parameters and
/// artifacts flow through a content-addressed artifact_store; every state change goes to an
/// append-only run_journal so a failed or killed run can be resumed. See docs/engine.md.
///
/// @code
/// couler::engine::options o;
/// o.state_dir = "/tmp/state";
/// o.log = &std::cout;
/// auto r = couler::engine::local_engine(o).run(wf);
/// return r.ok() ? 0 : 1;
/// @endcode

#include <couler/engine/artifact_store.hpp>
#include <couler/engine/executor/executor.hpp>
#include <couler/ir/error.hpp>
#include <couler/ir/workflow.hpp>
#include <couler/optimize/cache/eviction_policy.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace couler {
namespace engine {

/// @brief The state of a step (one invocation of a template) or a run.
enum class step_status { pending, running, succeeded, failed, skipped, cached, omitted };

/// @brief Argo's spelling: `Succeeded`, `Failed`, `Skipped`, `Cached`, `Omitted`...
inline const char* to_string(step_status s) noexcept
{
    switch (s) {
    case step_status::pending: return "Pending";
    case step_status::running: return "Running";
    case step_status::succeeded: return "Succeeded";
    case step_status::failed: return "Failed";
    case step_status::skipped: return "Skipped";
    case step_status::cached: return "Cached";
    case step_status::omitted: return "Omitted";
    }
    return "Pending";
}

inline std::ostream& operator<<(std::ostream& os, step_status s) { return os << to_string(s); }

class run_observer; // events.hpp

/// @brief How to run. The engine keeps no global state: every directory is given here.
struct options {
    std::filesystem::path state_dir = ".couler"; ///< runs go to `state_dir/runs/<run id>/`
    std::filesystem::path store_dir;             ///< the artifact store; empty: `state_dir/store`
    unsigned jobs = 0;                           ///< steps at once; 0: the number of cores
    std::string runtime = "host";                ///< host, docker or podman
    /// Where steps run: `local` (this machine: `runtime` says host or container) or `slurm`
    /// (each attempt a batch job; `slurm` holds the settings). See executor/executor.hpp.
    std::string executor = "local";
    slurm_options slurm;                         ///< used when `executor` is `slurm`
    /// The container runtime's executable (a path, or a name looked up in PATH); empty: the
    /// runtime's name (`docker`, `podman`). Only used when `runtime` is not host.
    std::string runtime_cli;
    bool memoize = true;                         ///< skip steps whose definition and inputs match a stored run
    bool keep_going = false;                     ///< after a failure, still start independent steps
    /// The run's time limit in seconds (0: none); the workflow's `active_deadline_seconds`
    /// applies too, the smaller wins. Past it the run stops and stops its running steps.
    double run_timeout = 0;
    std::uint64_t store_capacity_bytes = 0;      ///< 0: unlimited
    /// The store's eviction policy by `couler::cache::make_policy` name (`lru`, `fifo`,
    /// `importance-factor`, `couler`, `lrc`, `mrd`, `gds`, `belady`); empty: LRU. DAG-aware
    /// policies are built with this run's workflow model and plan (see docs/caching.md).
    std::string cache_policy;
    /// Makes the store's eviction policy (DAG-blind, or bound by the caller to its own model);
    /// overrides `cache_policy`. Null: `cache_policy`.
    std::function<std::unique_ptr<cache::eviction_policy>()> make_policy;
    bool record_cache_decisions = false;         ///< keep the store's decision log in run_result::cache
    int max_depth = 64;              ///< nesting limit for sub-workflows (recursion guard)
    int journal_sync_ms = 50;        ///< group commit window for fsync; 0: fsync every record
    /// Progress and summary, as `couler run` prints them (a text_progress observer on it);
    /// null: silent.
    std::ostream* log = nullptr;
    bool tty = false;                ///< ninja-style status line instead of plain lines
    std::size_t summary_rows = 60;   ///< summary table rows at most (failures always listed)
    /// The run's id, a directory name under `state_dir/runs/`: 1 to 128 of `A-Z a-z 0-9 . _ -`,
    /// not starting with `.` or `-` (anything else is refused); empty: generated from the
    /// workflow name and time.
    std::string run_id;
    /// Host steps inherit only PATH, HOME, LANG and TMPDIR from the engine (plus the COULER_*
    /// variables and their template's `env`); these names are passed too. Containers inherit
    /// nothing from the engine either way.
    std::vector<std::string> pass_env;
    std::map<std::string, std::string> parameters; ///< workflow parameter overrides
    /// Receives the run's step events (events.hpp): on the calling thread, one at a time.
    /// Owned by the caller; null: none. Called after the `log` printer, if both are set.
    run_observer* observer = nullptr;
};

/// @brief What happened to one step invocation.
struct step_record {
    std::string id;        ///< e.g. `candidates(2)/train`, `flip#3` (fourth exec_while iteration)
    std::string template_name;
    step_status status = step_status::pending;
    double seconds = 0;    ///< wall time of the last attempt (0 if cached or restored)
    int attempts = 0;
    bool restored = false; ///< taken from the journal by resume, not run again
    std::string message;   ///< why it failed, if it did
};

/// @brief What the artifact store's cache did during a run.
struct cache_report {
    std::string policy;                       ///< the policy's name
    std::uint64_t capacity_bytes = 0;         ///< 0: unlimited
    cache_stats stats;                        ///< hits and misses of step inputs, decisions
    std::vector<cache::decision> decisions;   ///< if options::record_cache_decisions; ids are object ids
};

/// @brief The outcome of a run.
struct run_result {
    std::string run_id;
    std::filesystem::path run_dir;
    step_status status = step_status::pending; ///< succeeded or failed
    std::vector<step_record> steps;            ///< leaf invocations, in completion order
    std::map<std::string, std::string> outputs; ///< global output parameters
    std::map<std::string, std::filesystem::path> artifacts; ///< exported global artifacts
    std::size_t succeeded = 0, failed = 0, skipped = 0, cached = 0, restored = 0;
    double seconds = 0;
    std::string error; ///< set when the run could not start (e.g. a step the engine cannot run)
    /// Why the run stopped early and stopped the steps it was running (its time limit passed,
    /// or `request_stop`); empty otherwise.
    std::string stopped;
    cache_report cache; ///< the store's cache, for this run
    /// Set if an observer threw: `observer threw in on_X: what`. The run went on without that
    /// observer; its status does not depend on it.
    std::string observer_error;

    bool ok() const { return status == step_status::succeeded; }
};

/// @brief One past run, for `couler runs`.
struct run_info {
    std::string run_id;
    std::string workflow;
    std::string status; ///< last recorded status; `Running` if it never finished (killed)
    std::string started; ///< UTC, ISO 8601
    std::filesystem::path run_dir;
};

/// @brief The executable that runs container steps: `o.runtime_cli`, else `o.runtime`.
inline const std::string& runtime_cli(const options& o) { return o.runtime_cli.empty() ? o.runtime : o.runtime_cli; }

/// @brief Problems that keep `wf` from running locally (e.g. a distributed job with no
/// local_command), each naming the template. Empty: it can run.
COULER_INLINE problems check_runnable(const workflow& wf, const options& o);

/// @brief Asks the runs of this process to stop: nothing more starts, the steps running are
/// stopped (Slurm jobs cancelled) and the exit handler runs. Async-signal-safe: for a SIGINT or
/// SIGTERM handler (`couler run` installs one); `sig` names the signal in the run's message.
COULER_INLINE void request_stop(int sig) noexcept;

/// @brief The signal `request_stop` was given (0: none since `clear_stop_request`).
COULER_INLINE int stop_requested() noexcept;

/// @brief Forgets a `request_stop` (before a new run in the same process).
COULER_INLINE void clear_stop_request() noexcept;

/// @brief The local engine.
class local_engine {
public:
    explicit local_engine(options o = {}) : opt_(std::move(o)) {}

    /// @brief Runs `wf` to completion. Never throws for step failures (see run_result);
    /// throws std::system_error if the state directory cannot be written.
    run_result run(const workflow& wf);

    /// @brief Restarts run `run_id` (found in `state_dir/runs/`) from its failure point:
    /// steps the journal records as Succeeded, Skipped or Cached are not run again.
    /// The store, runtime and parameters of the original run are used, and its `jobs` and
    /// `keep_going` unless these options set them (`jobs` not 0, `keep_going` true).
    run_result resume(const std::string& run_id);

    /// @brief Past runs in `state_dir`, oldest first.
    std::vector<run_info> list_runs() const;

    const options& opts() const { return opt_; }

private:
    options opt_;
};

} // namespace engine
} // namespace couler

#include <couler/engine/events.hpp>
#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/engine/impl/engine.hpp>
#endif

#endif
