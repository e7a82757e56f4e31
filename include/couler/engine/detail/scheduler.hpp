// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The engine's entry header first, outside the guard: it includes this one in its order, so
// a scheduler header included on its own still sees everything it needs.
#include <couler/engine/engine.hpp>

#ifndef COULER_ENGINE_DETAIL_SCHEDULER_HPP
#define COULER_ENGINE_DETAIL_SCHEDULER_HPP

// The scheduler: one thread, an event loop over child processes.
//
// A *scope* is one running graph (the entry graph, a sub-workflow, the exit handler). Each
// graph vertex is a *node*; a ready node expands into *invocations* (one per map item, one
// more per exec_while iteration). An invocation of a leaf template is a process; of a graph
// template, a child scope. Invocation ids are paths (`candidates(2)/train`, `flip#3`) used
// for the journal, the per-step directories and resume.

#include <couler/engine/artifact_store.hpp>
#include <couler/engine/condition.hpp>
#include <couler/engine/detail/cache_feed.hpp>
#include <couler/engine/detail/container_runtime.hpp>
#include <couler/engine/detail/event_dispatch.hpp>
#include <couler/engine/detail/resources.hpp>
#include <couler/engine/detail/safe_path.hpp>
#include <couler/engine/detail/step_environment.hpp>
#include <couler/engine/detail/sha256.hpp>
#include <couler/engine/detail/step_outputs.hpp>
#include <couler/engine/engine.hpp>
#include <couler/engine/executor/impl/make_executor.hpp>
#include <couler/engine/journal.hpp>
#include <couler/engine/process.hpp>
#include <couler/ir/expression.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <vector>

namespace couler {
namespace engine {
namespace detail {

class scheduler {
public:
    using clock = std::chrono::steady_clock;
    using vertex = graph::vertex;

    scheduler(const workflow& wf, const options& o, artifact_store& store, const cache_feed& feed,
              run_journal& journal, event_dispatch& events, std::filesystem::path run_dir, std::string run_id,
              std::map<std::string, boost::json::object> done, std::set<std::string> skipped_nodes)
        : wf_(wf), o_(o), store_(store), feed_(feed), journal_(journal), events_(events), run_dir_(std::move(run_dir)),
          run_id_(std::move(run_id)),
          done_(std::move(done)), skipped_nodes_(std::move(skipped_nodes)), t0_(clock::now()),
          env_(current_environment()), exec_(make_executor(o))
    {
        for (const auto& p : wf.settings.parameters)
            wf_params_[p.name] = p.value ? *p.value : p.default_value.value_or("");
        for (auto& [k, v] : o.parameters)
            wf_params_[k] = v;
        jobs_ = o.jobs == 0 ? 1 : o.jobs;
        if (wf.settings.parallelism && *wf.settings.parallelism > 0)
            jobs_ = std::min<std::size_t>(jobs_, static_cast<std::size_t>(*wf.settings.parallelism));
        // The run's time limit: the smaller of --timeout and the workflow's active deadline.
        run_timeout_ = o.run_timeout > 0 ? o.run_timeout : 0;
        if (wf.settings.active_deadline_seconds && *wf.settings.active_deadline_seconds > 0 &&
            (run_timeout_ == 0 || *wf.settings.active_deadline_seconds < run_timeout_))
            run_timeout_ = static_cast<double>(*wf.settings.active_deadline_seconds);
        if (run_timeout_ > 0)
            run_deadline_ = t0_ + std::chrono::microseconds(static_cast<long long>(run_timeout_ * 1e6));
    }

    /// Resume: attempts a killed engine started that are still known to their executor (Slurm
    /// jobs), by step id, with their journal `start` record: followed, not started again.
    void reattach(std::map<std::string, boost::json::object> jobs) { reattach_ = std::move(jobs); }

    /// Runs the workflow into `res`. Throws std::logic_error if the scheduler breaks its own
    /// invariant (an invocation starting twice); what runs is stopped first.
    void run(run_result& res)
    {
        try {
            run_graphs(res);
        } catch (...) {
            exec_->kill_all();
            throw;
        }
    }

private:
    void run_graphs(run_result& res)
    {
        res_ = &res;
        const step_template* entry = wf_.find_template(wf_.entrypoint);
        // As in Argo, the workflow's arguments feed the entry template's inputs of the same name.
        std::map<std::string, std::string> in;
        for (const auto& p : entry->inputs.parameters) {
            auto w = wf_params_.find(p.name);
            in[p.name] = w != wf_params_.end() ? w->second : p.value ? *p.value : p.default_value.value_or("");
        }
        const graph* g = entry->graph();
        if (!g) {
            // A leaf entrypoint runs as a one-step graph.
            step s;
            s.name = entry->name;
            s.template_name = entry->name;
            for (auto& [k, v] : in) {
                parameter a;
                a.name = k;
                a.value = v;
                s.arguments.push_back(std::move(a));
            }
            entry_graph_.add_step(std::move(s));
            g = &entry_graph_;
        }
        int root = new_scope(g, entry, "", 0, -1, std::move(in), {});
        start_scope(root);
        loop();
        bool ok = scopes_[root].status_ok && stop_reason_.empty();
        workflow_status_ = ok ? "Succeeded" : "Failed";
        if (!wf_.settings.on_exit.empty()) {
            // The exit handler: a one-step graph invoking on_exit, with {{workflow.status}} set.
            exit_graph_.style = graph_style::dag;
            step s;
            s.name = "onExit";
            s.template_name = wf_.settings.on_exit;
            exit_graph_.add_step(std::move(s));
            stopping_ = false;
            int ex = new_scope(&exit_graph_, nullptr, "", 0, -1, {}, {});
            start_scope(ex);
            loop();
            ok = ok && scopes_[ex].status_ok;
        }
        exec_->finish(); // container removals, so none outlives the run unreaped
        ok = ok && stop_reason_.empty(); // stopped during the exit handler too
        res.status = ok ? step_status::succeeded : step_status::failed;
        res.stopped = stop_reason_;
        res.outputs = globals_;
        res.seconds = std::chrono::duration<double>(clock::now() - t0_).count();
        for (auto& [name, id] : global_artifacts_) {
            std::filesystem::path dest = run_dir_ / "outputs" / name;
            std::error_code ec;
            store_.get_file(id, dest, ec);
            if (!ec)
                res.artifacts[name] = dest;
        }
    }

    struct node_t {
        step_status status = step_status::pending;
        std::size_t waiting = 0;
        std::size_t items = 0, items_done = 0;
        bool is_map = false, any_failed = false, any_omitted = false, all_cached = true, any_ran = false;
        bool readied = false; ///< node_ready ran (the invariant: once)
        std::vector<step_outputs> item_outs;
        std::vector<step_status> item_status;
        step_outputs out;
        std::string message;

        // A map's aggregated output, Argo's way: `f(item outputs)` of each item as a JSON list,
        // skipped items left out.
        template <class F>
        std::string items_json(F f) const
        {
            boost::json::array arr;
            for (std::size_t i = 0; i < item_outs.size(); ++i)
                if (item_status[i] != step_status::skipped)
                    arr.emplace_back(f(item_outs[i]));
            return boost::json::serialize(arr);
        }
    };
    struct scope_t {
        const graph* g = nullptr;
        const step_template* tmpl = nullptr;
        std::string prefix;
        int depth = 0;
        int parent_inv = -1;
        std::map<std::string, std::string> inputs, input_artifacts;
        std::vector<node_t> nodes;
        std::size_t remaining = 0;
        bool status_ok = true;
        std::size_t limit = 0;  ///< the template's parallelism: processes at once below it; 0: none
        std::size_t active = 0; ///< processes running below it (daemons aside)
    };
    struct inv_t {
        int scope = -1;
        vertex v = 0;
        int item_index = -1;
        boost::json::value item;
        int iteration = 0;
        std::string id;
        const step_template* tmpl = nullptr;
        step_status status = step_status::pending;
        step_outputs out;
        std::string message;
        int attempts = 0;
        int exit_code = -1; ///< of the last attempt's process; -1: none ran
        bool restored = false;
        // A prepared leaf:
        process_spec proc;
        std::filesystem::path dir, work;
        std::map<std::string, std::string> in_params, in_artifacts;
        std::vector<std::pair<std::string, std::string>> path_map; ///< declared -> local
        std::string memo_key;
        std::string container; ///< the container's name, without `-<attempt>` (container steps with a runtime)
        double timeout = 0;
        clock::time_point start, deadline, not_before;
        clock::time_point first_start; ///< of the first attempt: backoff.max_duration counts from it
        long pid = -1;           ///< the executor's key of the running attempt (a pid on the host)
        bool timed_out = false;
        bool needs_work = false; ///< a script, declared paths or a working dir: give it a work dir
        std::size_t slots = 1;   ///< of --jobs while it runs: ceil(its cpu request), at least 1
        double memory = 0;       ///< bytes requested, counted against the machine's memory
        bool daemon = false;     ///< a daemon: ready once running, killed when its scope ends
        bool daemoned = false;   ///< the daemon is running and its step has completed
        bool killed = false;     ///< the engine stopped it (a daemon at its scope's end)
        double seconds = 0;          ///< wall time of the successful attempt (cache cost if undeclared)
        std::uint64_t input_bytes = 0; ///< bytes of its input artifacts (cache cost if undeclared)
        std::string stdout_text, stderr_text;
    };

    static bool satisfied(const node_t& n, const step& st)
    {
        return n.status == step_status::succeeded || n.status == step_status::cached ||
               n.status == step_status::skipped || (n.status == step_status::failed && st.continue_on_failed);
    }

    // Evaluates a condition (after substitution); false with `err` set if it is malformed or
    // `err` was already set by the substitution.
    static bool condition_holds(const std::string& expr, std::string& err)
    {
        if (!err.empty())
            return false;
        try {
            return evaluate_condition(expr);
        } catch (const std::exception& e) {
            err = e.what();
            return false;
        }
    }

    std::string node_id(int si, vertex v) const { return scopes_[si].prefix + (*scopes_[si].g)[v].name; }

    // ---- graph traversal and dispatch: scopes, nodes, the event loop (scheduler_graph.hpp)

    int new_scope(const graph* g, const step_template* t, std::string prefix, int depth, int parent,
                  std::map<std::string, std::string> inputs, std::map<std::string, std::string> arts);
    void start_scope(int si);
    void node_ready(int si, vertex v);
    bool expand_items(int si, const step& st, std::vector<boost::json::value>& items, std::string& err);
    std::string translate_depends(int si, const std::string& dep, std::string& err);
    void finish_node(int si, vertex v, step_status s, const std::string& msg);
    void finish_scope(int si);
    void new_invocation(int si, vertex v, int item_index, boost::json::value item, int iteration);
    int parent_scope(int si) const { return scopes_[si].parent_inv < 0 ? -1 : invs_[scopes_[si].parent_inv].scope; }
    bool fits(int ii) const;
    void occupy(int ii, int sign);
    void launch_fitting();
    void stop_daemons(int si);
    void loop();

    // ---- `{{...}}` substitution and the declared-path mapping (scheduler_subst.hpp)

    template <class F>
    static std::string replace_references(const std::string& text, F f);
    std::string subst_graph(const std::string& text, int si, const inv_t* inv, std::string& err);
    static std::string item_text(const boost::json::value& v);
    std::string resolve_artifact(const std::string& from, int si, std::string& err);
    std::string subst_template(const std::string& text, const inv_t& inv, bool mapped, std::string& err);
    std::string subst_template_mapped(const std::string& s, const inv_t& inv);
    static std::string dir_name(const std::string& id);
    static std::string map_path(const inv_t& inv, const std::string& p);
    static std::string apply_path_map(const inv_t& inv, std::string s);

    // ---- step preparation: inputs, path map, memo key, command line (scheduler_prepare.hpp)

    bool prepare(int ii, std::string& err);

    // ---- running a leaf: restored and memoized outputs, spawning, attempts, retries, outputs (scheduler_attempts.hpp)

    void start_invocation(int ii);
    bool memo_fresh(const inv_t& inv, const boost::json::object& rec) const;
    std::vector<std::string> input_order(const inv_t& inv) const;
    bool reuse_outputs(inv_t& inv, step_outputs out);
    void launch(int ii);
    void spawn(int ii);
    void finished_process(int ii, exit_info& e, std::string msg);
    void write_logs(const inv_t& inv);
    bool collect_outputs(inv_t& inv, std::string& err);

    // ---- results: completion, journal and memo records, exec_while, map aggregation (scheduler_results.hpp)

    void complete_invocation(int ii, step_status s, const std::string& msg);
    void record_invocation(int ii, step_status s);
    void record(const step_record& r, const std::string& step_name, int exit_code);

    // ---- events for observers (scheduler_results.hpp)

    run_counts counts() const { return {done_count_, shown_total_, res_ ? res_->cached : 0}; }
    const std::string& step_name(const inv_t& inv) const { return (*scopes_[inv.scope].g)[inv.v].name; }
    // An event about `inv` with its common fields filled in.
    template <class E>
    E step_event(const inv_t& inv) const
    {
        E e;
        e.run_id = run_id_;
        e.step_id = inv.id;
        e.step_name = step_name(inv);
        e.template_name = inv.tmpl->name;
        return e;
    }
    void emit_started(const inv_t& inv, int pid);
    void emit_cached(const inv_t& inv, cache_source src, const boost::json::object* memo);
    void emit_logs(const inv_t& inv);
    void emit_note(const std::string& step_id, const std::string& text);
    void check_stop();

    const workflow& wf_;
    const options& o_;
    artifact_store& store_;
    const cache_feed& feed_;
    run_journal& journal_;
    event_dispatch& events_;
    std::filesystem::path run_dir_;
    std::string run_id_;
    std::map<std::string, boost::json::object> done_;
    std::set<std::string> skipped_nodes_;
    std::map<std::string, boost::json::object> reattach_;
    clock::time_point t0_;
    std::vector<std::string> env_;
    std::map<std::string, std::string> wf_params_, globals_, global_artifacts_;
    std::string workflow_status_ = "Running";
    std::size_t jobs_ = 1;
    std::deque<scope_t> scopes_;
    std::deque<inv_t> invs_;
    std::deque<int> ready_;
    std::deque<int> launchable_; ///< prepared leaves (or retries) waiting for slots, memory, parallelism
    std::size_t busy_ = 0;       ///< slots taken by running processes (daemons aside)
    double mem_used_ = 0;        ///< bytes requested by running processes (daemons aside)
    double mem_cap_ = machine_memory();
    std::vector<int> daemons_;   ///< daemon invocations started, by invocation index
    std::vector<int> delayed_;
    std::unique_ptr<executor> exec_; ///< where attempts run (executor/)
    std::map<long, int> by_pid_;     ///< running attempts: executor key -> invocation
    std::map<int, double> last_seconds_;
    std::set<std::tuple<int, vertex, int, int>> started_; ///< (scope, node, item, iteration) started
    graph exit_graph_, entry_graph_;
    bool stopping_ = false;
    std::optional<clock::time_point> run_deadline_; ///< when the run's time limit passes, if it has one
    double run_timeout_ = 0;                        ///< seconds; 0: none
    std::string stop_reason_;                       ///< why check_stop stopped the run
    std::size_t total_ = 0, done_count_ = 0, graph_invs_ = 0;
    std::size_t shown_total_ = 0; ///< the total as events report it: updated where the old progress line's was
    run_result* res_ = nullptr;
};

} // namespace detail
} // namespace engine
} // namespace couler

// The member functions, one concern per header.
#include <couler/engine/detail/scheduler_graph.hpp>
#include <couler/engine/detail/scheduler_subst.hpp>
#include <couler/engine/detail/scheduler_prepare.hpp>
#include <couler/engine/detail/scheduler_attempts.hpp>
#include <couler/engine/detail/scheduler_results.hpp>

#endif