// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_EXECUTOR_SLURM_HPP
#define COULER_ENGINE_EXECUTOR_SLURM_HPP

/// @file
/// @brief The Slurm executor over the commands `sbatch --parsable`, `squeue`, `sacct` and
/// `scancel`: each attempt of a step is a batch job.
///
/// The batch script (`steps/<step>/slurm-<attempt>.sh`) holds the step's command, working dir
/// and environment as single-quoted words, so no workflow value is expanded by the shell; its
/// output goes to the step's `stdout.log` and `stderr.log`. The run and store directories must
/// be on a file system the nodes share. Polling is one `squeue` call for all running jobs, at an
/// interval that grows while nothing changes. See docs/engine.md, "Executors".

#include <couler/engine/executor/executor.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace couler {
namespace engine {

/// @brief A word the shell reads back as exactly `s`: `'...'`, each `'` written `'\''`.
COULER_INLINE std::string shell_quote(const std::string& s);

/// @brief The batch script of an attempt (see the file comment).
COULER_INLINE std::string slurm_batch_script(const executor_task& t);

/// @brief The template annotation holding a step's own sbatch options: a JSON array of strings
/// (`["--constraint=a100", "--comment=a b"]`) or whitespace-separated words
/// (`--constraint=a100 --exclusive`). They come last on sbatch's command line, so they win
/// over the run's options and the step's resources.
constexpr const char* slurm_sbatch_annotation = "couler.io/slurm-sbatch-args";

/// @brief The sbatch options of an annotation's value; empty with `why` set if it is not a
/// list of options, or sets one the executor owns (`--output`, `--chdir`, `--export`...).
COULER_INLINE std::vector<std::string> slurm_step_args(const std::string& value, std::string& why);

/// @brief `sbatch --parsable ... SCRIPT`: the run's options (partition, account, qos, extra
/// arguments), then the step's resources, which win over a run-wide `--mem` or `--time`, then
/// the step's own options (`slurm_sbatch_annotation`).
COULER_INLINE std::vector<std::string> sbatch_argv(const slurm_options& o, const executor_task& t,
                                                   const std::string& script);

/// @brief How an ended job maps to an attempt's end. `state` is Slurm's (`COMPLETED`,
/// `FAILED`, `CANCELLED`, `TIMEOUT`, `OUT_OF_MEMORY`...), `raw_exit` its wait status.
/// `resubmit` is set for the cluster's failures (NODE_FAIL, PREEMPTED, BOOT_FAIL).
struct slurm_outcome {
    bool terminal = false;
    bool resubmit = false;
    executor_end end;
};
COULER_INLINE slurm_outcome slurm_map_state(const std::string& job_id, const std::string& state, long raw_exit,
                                            bool cancelled_by_engine, const executor_task& t);

/// @brief Runs attempts as Slurm batch jobs; the key is the first job id of the attempt.
class slurm_executor : public executor {
public:
    explicit slurm_executor(slurm_options o);

    std::string name() const override { return "slurm"; }
    long start(const executor_task& t, boost::json::object& rec, std::string& why) override;
    long attach(const executor_task& t, const boost::json::object& start, boost::json::object& rec,
                std::string& why) override;
    std::vector<executor_end> wait(int timeout_ms) override;
    void kill(long key) override;
    void kill_all() override;
    std::size_t running() const override { return jobs_.size(); }
    double deadline_after(double timeout) const override;
    bool remote() const override { return true; }

    /// @brief The command's path: `bin_dir/name`, or `name` (found in PATH).
    std::string command(const std::string& name) const;

private:
    using clock = std::chrono::steady_clock;
    struct job {
        std::string id;          ///< the current job id (a resubmission gets a new one)
        executor_task task;
        int resubmits = 0;
        bool cancelled = false;  ///< by the engine
        std::string cancel_reason; ///< why the engine cancelled it (the step's message)
        int misses = 0;          ///< polls that did not find it
    };
    bool submit(job& j, std::string& why);
    std::vector<executor_end> poll();
    executor_end ended(long key, job& j, executor_end e);

    slurm_options o_;
    std::vector<std::string> env_;
    std::map<long, job> jobs_;
    clock::time_point next_poll_;
    int interval_ms_;
};

/// @brief One kind of node of a partition, as `sinfo --exact` lists it.
struct slurm_node_shape {
    std::string partition;
    long cpus = 0;
    long memory_mb = 0; ///< MiB
    long gpus = 0;      ///< `gpu` GRES
};

/// @brief The cluster's partitions and their kinds of nodes (`sinfo`); empty with `why` set if
/// Slurm could not be asked.
COULER_INLINE std::vector<slurm_node_shape> slurm_node_shapes(const slurm_options& o, std::string& why);

/// @brief The partition a job of these sbatch options goes to (the last `--partition`/`-p`),
/// or empty (the cluster's default).
COULER_INLINE std::string slurm_partition_of(const std::vector<std::string>& sbatch_args);

/// @brief Why no node of `partition` (a comma list; empty: any partition) can ever hold a job
/// asking `cpu` CPUs, `memory` bytes and `gpus` GPUs, or empty if one can. `who` names the
/// step, `cpu_text` and `memory_text` are the requests as written.
COULER_INLINE std::string slurm_fit_problem(const std::vector<slurm_node_shape>& shapes, const std::string& partition,
                                            const std::string& who, double cpu, const std::string& cpu_text,
                                            double memory, const std::string& memory_text, std::int64_t gpus);

/// @brief A job's state as `squeue` shows it (`RUNNING`, `COMPLETED`...), or empty if
/// slurmctld does not know it (any more).
COULER_INLINE std::string slurm_job_state(const slurm_options& o, const std::string& job_id);

/// @brief `scancel` of the given jobs, waiting for it (resume stops what a killed engine left).
COULER_INLINE void slurm_cancel_now(const slurm_options& o, const std::vector<std::string>& job_ids);

} // namespace engine
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/engine/executor/impl/slurm.hpp>
#endif

#endif
