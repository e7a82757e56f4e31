// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The engine's entry header first, outside the guard: it includes this one near its end (the
// engine needs the observer complete), so either header can be included first.
#include <couler/engine/engine.hpp>

#ifndef COULER_ENGINE_EVENTS_HPP
#define COULER_ENGINE_EVENTS_HPP

/// @file
/// @brief Step events: what the local engine tells an observer while it runs a workflow.
///
/// A platform that embeds the engine gets, as data, the same events the `couler` CLI's
/// progress output is printed from (`text_progress` is an observer like any other): a step
/// started, finished (with its status), is retried, was a cache hit, printed a line.
///
/// **Which thread, and when.** Every callback is made on the thread that called
/// `local_engine::run` or `resume`, one at a time: the scheduler is a single-threaded event
/// loop over child processes (`jobs` counts processes, not threads), so callbacks never overlap
/// and an observer needs no lock of its own for state only the callbacks touch. A callback holds
/// up the scheduler while it runs (steps keep running, but none is started or reaped), so it
/// should return quickly; queue slow work elsewhere.
///
/// **A throwing observer.** An exception that escapes a callback does not reach the engine: the
/// engine catches it, stops calling that observer for the rest of the run, records
/// `observer threw in on_X: what()` in `run_result::observer_error`, and the run goes on to its
/// normal end (the steps, journal and result are what they would have been).
///
/// **What a step is here.** A leaf invocation: one process (or a cache hit, a skip...), with
/// the id of `step_record::id` (`train`, `candidates(2)/train`, `flip#3`). A sub-workflow is not
/// a step of its own; its steps are.
///
/// @code
/// struct recorder : couler::engine::run_observer {
///     void on_step_finished(const couler::engine::step_finished_event& e) override
///     {
///         std::cout << e.step_id << " " << couler::engine::to_string(e.status) << "\n";
///     }
/// };
/// recorder rec;
/// couler::engine::options o;
/// o.observer = &rec; // the caller owns it; it must outlive the run
/// couler::engine::local_engine(o).run(wf);
/// @endcode

#include <cstddef>
#include <filesystem>
#include <string>

namespace couler {
namespace engine {

/// @brief How far the run is, as of an event: what the `[done/total]` of the progress output shows.
struct run_counts {
    std::size_t done = 0;   ///< steps finished (any status, omitted included)
    std::size_t total = 0;  ///< steps known so far: grows as maps expand and loops iterate
    std::size_t cached = 0; ///< of those done, cache hits
};

/// @brief The run begins (after the workflow was accepted, before any step starts).
struct run_started_event {
    std::string run_id;
    std::string workflow;            ///< the workflow's display name
    std::filesystem::path run_dir;
    bool resumed = false;            ///< `resume`: steps the journal records as done are restored
    unsigned jobs = 0;               ///< processes at once
};

/// @brief An attempt of a step starts: called for every attempt, after the process was
/// spawned (or failed to spawn: then `pid` is -1 and a finished or retried event follows).
struct step_started_event {
    std::string run_id;
    std::string step_id;       ///< e.g. `candidates(2)/train`
    std::string step_name;     ///< the graph's step name (`train`)
    std::string template_name;
    int attempt = 1;           ///< 1 for the first attempt, 2 for the first retry...
    int pid = -1;              ///< the process (group leader), or -1 if it could not start
    run_counts counts;
};

/// @brief A step reached its final status. Steps that never ran (cached, skipped, omitted,
/// restored by resume) get this event without a started event.
struct step_finished_event {
    std::string run_id;
    std::string step_id;
    std::string step_name;
    std::string template_name;
    step_status status = step_status::succeeded; ///< succeeded, failed, skipped, cached or omitted
    int exit_code = -1;       ///< of the last attempt's process; -1 if no process ran
    double seconds = 0;       ///< wall time of the last attempt; 0 if no process ran
    int attempts = 0;         ///< processes started for it (0: none ran)
    bool restored = false;    ///< taken from the journal by resume, not run again
    std::string message;      ///< why it failed (or was refused), else empty
    run_counts counts;        ///< including this step
};

/// @brief An attempt failed and the step will run again after `delay_seconds`.
struct step_retried_event {
    std::string run_id;
    std::string step_id;
    std::string step_name;
    std::string template_name;
    int attempt = 1;          ///< the attempt that failed
    int next_attempt = 2;     ///< the one that will start
    int exit_code = -1;       ///< of the failed attempt (127: it could not start)
    double delay_seconds = 0; ///< the backoff before the next attempt
    std::string reason;       ///< `exit code 3`, `timed out after 1s`...
    run_counts counts;
};

/// @brief Where a step's outputs came from instead of running it.
enum class cache_source {
    memo,    ///< the store's memo of a step with the same definition and inputs (any run)
    journal, ///< this run's own journal: `resume` restores a step that finished before
};

/// @brief A step's outputs were reused instead of running it. Followed by its finished event
/// (status cached for a memo hit; for a journal restore, the status it had).
struct step_cached_event {
    std::string run_id;
    std::string step_id;
    std::string step_name;
    std::string template_name;
    cache_source source = cache_source::memo;
    std::string memo_key;  ///< the memo key that matched (memo hits)
    std::string from_run;  ///< the run that produced the outputs, if recorded
    std::string from_step; ///< the step id in that run, if recorded
};

/// @brief Which stream a log line came from.
enum class log_stream { out, err };

/// @brief One line a step printed, without its newline. Lines are delivered when the attempt's
/// process has ended (output is captured through pipes), all of stdout's then all of stderr's,
/// in order within each stream; a last line without a newline is delivered too. A daemon's
/// lines come when it ends.
struct step_log_event {
    std::string run_id;
    std::string step_id;
    int attempt = 1;
    log_stream stream = log_stream::out;
    std::string text;
};

/// @brief Something worth saying about a step that is not a change of its status: a daemon
/// that exited before its template ended, an exec_while loop stopped by its guard. `text` is
/// the whole sentence as the progress output prints it.
struct run_note_event {
    std::string run_id;
    std::string step_id;
    std::string text;
    run_counts counts;
};

/// @brief The run ended, or was refused before it began (`refused`: then `result.error` says
/// why and nothing ran). Not called if `run`/`resume` throws.
struct run_finished_event {
    const run_result& result;
    std::string workflow; ///< the workflow's display name
    bool refused = false;
};

/// @brief Receives a run's events; set it as `options::observer`. The caller owns it.
///
/// A class with no-op virtuals rather than one `std::function` per event in the options: an
/// observer keeps state across events (a progress line needs the running steps and counts),
/// overrides only what it needs, and an event added later is one more no-op virtual that
/// breaks no existing observer.
class run_observer {
public:
    virtual ~run_observer() = default;
    virtual void on_run_started(const run_started_event&) {}
    virtual void on_step_started(const step_started_event&) {}
    virtual void on_step_finished(const step_finished_event&) {}
    virtual void on_step_retried(const step_retried_event&) {}
    virtual void on_step_cached(const step_cached_event&) {}
    virtual void on_step_log(const step_log_event&) {}
    virtual void on_note(const run_note_event&) {}
    virtual void on_run_finished(const run_finished_event&) {}
};

/// @brief `memo` or `journal`.
inline const char* to_string(cache_source s) noexcept { return s == cache_source::memo ? "memo" : "journal"; }

/// @brief `stdout` or `stderr`.
inline const char* to_string(log_stream s) noexcept { return s == log_stream::out ? "stdout" : "stderr"; }

} // namespace engine
} // namespace couler

#endif
