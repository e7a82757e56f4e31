// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_IMPL_ENGINE_HPP
#define COULER_ENGINE_IMPL_ENGINE_HPP

#include <couler/engine/condition.hpp>
#include <couler/engine/detail/container_runtime.hpp>
#include <couler/engine/detail/event_dispatch.hpp>
#include <couler/engine/detail/resources.hpp>
#include <couler/engine/detail/scheduler.hpp>
#include <couler/engine/executor/slurm.hpp>
#include <couler/engine/journal.hpp>
#include <couler/ir/json.hpp>
#include <couler/ir/validate.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <random>
#include <set>
#include <thread>

namespace couler {
namespace engine {

namespace detail {
// Constant-initialised, lock-free: safe to store to from a signal handler.
inline std::atomic<int>& stop_signal() noexcept
{
    static std::atomic<int> sig{0};
    return sig;
}
} // namespace detail

COULER_INLINE void request_stop(int sig) noexcept { detail::stop_signal().store(sig == 0 ? -1 : sig); }

COULER_INLINE int stop_requested() noexcept { return detail::stop_signal().load(); }

COULER_INLINE void clear_stop_request() noexcept { detail::stop_signal().store(0); }

COULER_INLINE problems check_runnable(const workflow& wf, const options& o)
{
    problems out = validate(wf);
    if (!out.empty())
        return out;
    bool host = o.runtime.empty() || o.runtime == "host";
    if (!o.make_policy && !o.cache_policy.empty()) {
        cache::workflow_model m;
        cache::plan p = cache::make_plan(m, 1);
        if (!cache::make_policy(o.cache_policy, m, p))
            out.push_back({"$", error::bad_value, "unknown cache policy '" + o.cache_policy + "'"});
    }
    if (!host && o.runtime != "docker" && o.runtime != "podman")
        out.push_back({"$", error::bad_value, "unknown runtime '" + o.runtime + "' (host, docker or podman)"});
    else if (!host && !find_in_path(runtime_cli(o)))
        out.push_back({"$", error::bad_value,
                       o.runtime_cli.empty()
                           ? "container runtime '" + o.runtime + "' is not installed: no executable '" + o.runtime +
                                 "' in PATH (install it, or name its executable with --runtime-cli)"
                           : "container runtime CLI '" + o.runtime_cli + "' for runtime '" + o.runtime +
                                 "' is not an executable file"});
    // The Slurm executor: its commands must be there, and the nodes must see the run's files,
    // so the paths are absolute (on a shared file system: the engine cannot check that).
    bool slurm = o.executor == "slurm";
    std::vector<slurm_node_shape> slurm_shapes;
    if (o.executor != "local" && !slurm)
        out.push_back({"$", error::bad_value, "unknown executor '" + o.executor + "' (local or slurm)"});
    if (slurm) {
        if (!host)
            out.push_back({"$", error::bad_value,
                           "the slurm executor runs steps on the nodes' hosts: --runtime '" + o.runtime +
                               "' cannot be combined with it"});
        std::string sbatch = o.slurm.bin_dir.empty() ? "sbatch" : (o.slurm.bin_dir / "sbatch").string();
        if (!find_in_path(sbatch))
            out.push_back({"$", error::bad_value,
                           "the slurm executor needs '" + sbatch + "', which is not an executable (in PATH)"});
        if (!o.state_dir.is_absolute())
            out.push_back({"$", error::bad_value,
                           "the slurm executor needs an absolute state directory on a file system the nodes "
                           "share; '" + o.state_dir.string() + "' is relative"});
        if (!o.store_dir.empty() && !o.store_dir.is_absolute())
            out.push_back({"$", error::bad_value,
                           "the slurm executor needs an absolute store directory on a file system the nodes "
                           "share; '" + o.store_dir.string() + "' is relative"});
        // What the partitions' nodes have: a step none of them can hold is refused here, before
        // any job is submitted (Slurm would keep it pending for ever, or refuse it mid-run).
        if (find_in_path(sbatch)) {
            std::string why;
            slurm_shapes = slurm_node_shapes(o.slurm, why);
            if (slurm_shapes.empty())
                out.push_back(
                    {"$", error::bad_value, "the slurm executor cannot ask Slurm for its partitions: " + why});
        }
    }
    // Argo features the local engine does not implement: refused up front, never ignored, since
    // each changes what runs or when (cluster-only bookkeeping such as pod GC, metrics, TTLs,
    // artifact GC and metadata is ignored: it does not change a run's results).
    auto refuse = [&](const std::string& path, const std::string& what) {
        out.push_back({path, error::not_expressible, what + ": the local engine does not implement it"});
    };
    if (wf.settings.workflow_template_ref_)
        refuse("$.settings.workflow_template_ref", "the workflow's spec comes from a WorkflowTemplate in the cluster");
    if (wf.settings.synchronization)
        refuse("$.settings.synchronization", "the workflow holds a mutex or semaphore");
    if (!wf.settings.hooks.empty())
        refuse("$.settings.hooks", "the workflow has lifecycle hooks");
    if (!wf.template_defaults.empty())
        refuse("$.template_defaults", "the workflow sets template defaults");
    if (!wf.artifacts.empty())
        refuse("$.artifacts", "the workflow takes artifact arguments");
    // The slots a step's CPUs count against: --jobs (0: the cores), at most the workflow's parallelism.
    std::size_t slots = o.jobs == 0 ? detail::machine_cores() : o.jobs;
    if (wf.settings.parallelism && *wf.settings.parallelism > 0)
        slots = std::min<std::size_t>(slots, static_cast<std::size_t>(*wf.settings.parallelism));
    // Walk what the run can reach: the entry template, the exit handler, and through graphs.
    std::set<std::string> seen;
    std::vector<std::string> todo{wf.entrypoint};
    // A step that runs each template, to name in messages (a leaf entry runs as itself).
    std::map<std::string, std::string> caller{{wf.entrypoint, wf.entrypoint}};
    if (!wf.settings.on_exit.empty()) {
        todo.push_back(wf.settings.on_exit);
        caller.emplace(wf.settings.on_exit, "onExit");
    }
    while (!todo.empty()) {
        std::string name = todo.back();
        todo.pop_back();
        if (!seen.insert(name).second)
            continue;
        const step_template* t = wf.find_template(name);
        if (!t)
            continue;
        std::string where = "template '" + t->name + "'";
        const std::string tpath = "$.templates." + t->name;
        // Paths a workflow declares are data from outside: each must name a file under the
        // step's work dir (symbolic links are refused when the files are opened).
        const std::string step_where = "step '" + caller[t->name] + "' (template '" + t->name + "')";
        auto mapped = detail::declared_paths(*t);
        for (auto& d : detail::scratch_dirs(*t, wf.settings.volumes))
            mapped.push_back(std::move(d));
        for (const auto& d : mapped) {
            std::vector<std::string> parts;
            std::string why = detail::declared_path_problem(d.path, parts);
            if (!why.empty())
                out.push_back({tpath + "." + d.field, error::bad_value,
                               step_where + ": " + d.field + " '" + detail::shown_path(d.path) + "' " + why});
        }
        // Exported artifacts become files runs/<id>/outputs/<name>: one plain name each.
        for (const auto& a : t->outputs.artifacts)
            if ((a.is_global || !a.global_name.empty()) &&
                !detail::is_safe_file_name(a.global_name.empty() ? a.name : a.global_name))
                out.push_back({tpath + ".outputs.artifacts." + a.name + ".global_name", error::invalid_name,
                               step_where + ": output artifact '" + a.name + "' is exported under the global name '" +
                                   a.global_name + "', which is not a plain file name (1 to 128 of A-Z a-z 0-9 . _ -, "
                                   "not starting with '.' or '-')"});
        // Without a fixed limit, what else stops the retries must be honoured: the engine does
        // not evaluate `retry.expression`, and retries OnTransientError like OnFailure.
        if (t->retry && (t->retry->unlimited || !t->retry->limit_expression.empty()) &&
            (!t->retry->expression.empty() || t->retry->policy == "OnTransientError"))
            refuse(tpath + ".retry", where + " retries without a fixed limit under " +
                                         (t->retry->expression.empty() ? "policy OnTransientError, which the engine "
                                                                         "cannot tell from other failures"
                                                                       : "a retry expression, which the engine "
                                                                         "does not evaluate"));
        if (!t->total_timeout.empty())
            refuse(tpath + ".total_timeout", where + " has Argo's total timeout");
        if (t->synchronization)
            refuse(tpath + ".synchronization", where + " holds a mutex or semaphore");
        if (!t->sidecars.empty() || !t->init_containers.empty())
            refuse(tpath, where + " has sidecar or init containers");
        if (!t->volumes.empty())
            refuse(tpath + ".volumes", where + " declares pod volumes");
        if (!t->pod_spec_patch.empty())
            refuse(tpath + ".pod_spec_patch", where + " patches its pod spec");
        if (t->container_set)
            refuse(tpath + ".container_set", where + " is a container set");
        if (t->http)
            refuse(tpath + ".http", where + " is an HTTP request template");
        if (!t->resource_claims.empty())
            refuse(tpath + ".resource_claims", where + " claims devices");
        for (const auto& p : t->inputs.parameters)
            if (p.from.supplied || p.from.config_map)
                refuse(tpath + ".inputs", where + " reads parameter '" + p.name + "' from a ConfigMap or a user");
        for (const auto& p : t->outputs.parameters)
            if (p.from.supplied || p.from.config_map)
                refuse(tpath + ".outputs", where + " takes output '" + p.name + "' from a ConfigMap or a user");
        for (const auto& a : t->outputs.artifacts)
            if (!a.from_expression.empty())
                refuse(tpath + ".outputs", where + " chooses output artifact '" + a.name + "' by an expression");
        if (t->memoize && !t->memoize->max_age.empty() && !parse_duration(t->memoize->max_age))
            out.push_back({tpath + ".memoize.max_age", error::bad_value,
                           where + " has memoize.max_age '" + t->memoize->max_age +
                               "', not a duration (such as 90s, 10m, 1h30m, 2d)"});
        if (t->daemon && (!t->outputs.parameters.empty() || !t->outputs.artifacts.empty()))
            out.push_back({tpath + ".outputs", error::not_expressible,
                           where + " is a daemon with outputs: its step completes while it runs, before any "
                                   "output exists"});
        if (t->daemon && t->graph())
            out.push_back({tpath + ".daemon", error::not_expressible,
                           where + " is a daemon steps or dag template: only a container or script runs as one"});
        if (!t->graph() && t->parallelism)
            out.push_back({tpath + ".parallelism", error::not_expressible,
                           where + " sets parallelism, which limits the steps of a steps or dag template: it has none"});
        if (!t->graph()) {
            // What the step takes while it runs counts against the run's slots and the machine.
            const std::string& who = step_where;
            for (const resource_requirements* rr : {t->container() ? &t->container()->resources : nullptr,
                                                    &t->pod_resources, &wf.settings.pod_resources})
                if (rr)
                    for (const auto* m : {&rr->requests, &rr->limits})
                        for (const auto& [name, value] : *m)
                            if (name != "cpu" && name != "memory" && !(slurm && name == "nvidia.com/gpu"))
                                out.push_back({tpath + ".resources", error::not_expressible,
                                               who + " requests " + name + " '" + value +
                                                   (slurm ? "': the Slurm executor maps only cpu, memory and "
                                                            "nvidia.com/gpu"
                                                          : "': the local engine counts only cpu and memory")});
            std::string bad;
            detail::step_request rq = detail::request_of(*t, bad, &wf.settings.pod_resources);
            if (!bad.empty())
                out.push_back({tpath + ".resources", error::bad_value,
                               who + " requests " + bad + ", not a quantity the local engine can count"});
            if (slurm) {
                // The cluster's resources, not this machine's: a partition's nodes must fit it.
                std::vector<std::string> args = o.slurm.sbatch_args;
                if (!o.slurm.partition.empty())
                    args.insert(args.begin(), "--partition=" + o.slurm.partition);
                if (auto an = t->annotations.find(slurm_sbatch_annotation); an != t->annotations.end()) {
                    std::string why;
                    auto step_args = slurm_step_args(an->second, why);
                    if (!why.empty())
                        out.push_back({tpath + ".annotations", error::bad_value,
                                       who + ": annotation " + slurm_sbatch_annotation + " '" + an->second + "' " +
                                           why});
                    args.insert(args.end(), step_args.begin(), step_args.end());
                }
                std::string fit = slurm_shapes.empty() || !bad.empty()
                                      ? std::string()
                                      : slurm_fit_problem(slurm_shapes, slurm_partition_of(args), who, rq.cpu,
                                                          rq.cpu_text, rq.memory, rq.memory_text,
                                                          detail::gpu_request(*t, &wf.settings.pod_resources));
                if (!fit.empty())
                    out.push_back({tpath + ".resources", error::bad_value, fit});
            } else if (rq.slots > slots)
                out.push_back({tpath + ".resources", error::bad_value,
                               who + " requests cpu '" + rq.cpu_text + "': " + std::to_string(rq.slots) +
                                   " slots, more than the run's " + std::to_string(slots) +
                                   (slots < (o.jobs == 0 ? detail::machine_cores() : o.jobs)
                                        ? " (the workflow's parallelism)"
                                        : " (--jobs)")});
            else if (rq.cpu > detail::machine_cores())
                out.push_back({tpath + ".resources", error::bad_value,
                               who + " requests cpu '" + rq.cpu_text + "': more than this machine's " +
                                   std::to_string(detail::machine_cores()) + " cores"});
            double mem = detail::machine_memory();
            if (!slurm && mem > 0 && rq.memory > mem)
                out.push_back({tpath + ".resources", error::bad_value,
                               who + " requests memory '" + rq.memory_text + "': more than this machine's " +
                                   std::to_string(static_cast<unsigned long long>(mem / (1024 * 1024))) +
                                   " MiB of memory"});
        }
        if (const graph* g = t->graph()) {
            if (g->fail_fast == false || !g->target.empty())
                refuse(tpath + ".graph", where + " sets fail_fast: false or a target");
            for (std::size_t v = 0; v < g->size(); ++v) {
                const auto& st = (*g)[v];
                const std::string spath = tpath + ".steps." + st.name;
                if (st.template_ref_)
                    refuse(spath, "step '" + st.name + "' runs a template of a WorkflowTemplate in the cluster");
                if (!st.inline_template.empty())
                    refuse(spath, "step '" + st.name + "' has an inline template");
                if (!st.hooks.empty())
                    refuse(spath, "step '" + st.name + "' has lifecycle hooks");
                if (st.continue_on_error)
                    refuse(spath, "step '" + st.name + "' continues on error");
                todo.push_back(st.template_name);
                caller.emplace(st.template_name, st.name);
            }
            continue;
        }
        switch (t->kind()) {
        case template_kind::job: {
            const auto& j = std::get<job_spec>(t->body);
            if (j.local_command.empty())
                out.push_back({"$.templates." + t->name, error::not_expressible,
                               where + " is a distributed " + (j.framework.empty() ? "job" : j.framework + " job") +
                                   " with no local_command: the local engine cannot run it"});
            break;
        }
        case template_kind::resource:
            out.push_back({"$.templates." + t->name, error::not_expressible,
                           where + " creates a Kubernetes resource: the local engine cannot run it"});
            break;
        case template_kind::suspend:
            if (!parse_duration(std::get<suspend_spec>(t->body).duration))
                out.push_back({"$.templates." + t->name, error::not_expressible,
                               where + " suspends until resumed by hand: the local engine cannot run it"});
            break;
        case template_kind::container:
        case template_kind::script: {
            const container_spec* c = t->container();
            if (!c->readiness_probe.empty() || !c->liveness_probe.empty() || !c->startup_probe.empty() ||
                !c->lifecycle.empty() || !c->security_context.empty() || !c->resources.claims.empty())
                refuse(tpath, where + " uses probes, lifecycle handlers, a security context or device claims");
            // An emptyDir is a fresh directory per step (detail::scratch_dirs); nothing else is.
            for (const auto& m : c->volume_mounts) {
                bool scratch = false;
                for (const auto& d : detail::scratch_dirs(*t, wf.settings.volumes))
                    scratch = scratch || d.field == "volume_mounts." + m.name + ".mount_path";
                if (!scratch) {
                    out.push_back({tpath + ".volume_mounts", error::not_expressible,
                                   where + " mounts volume '" + m.name +
                                       "' (volume_mounts): the local engine has no pod volumes to mount (an emptyDir "
                                       "volume it makes as a fresh directory)"});
                    break;
                }
            }
            bool no_cmd = !c->command || c->command->empty();
            if (no_cmd && host && t->kind() == template_kind::container)
                out.push_back({"$.templates." + t->name, error::not_expressible,
                               where + " has no command (it uses the image's entrypoint '" + c->image +
                                   "'): run it with --runtime docker or podman"});
            for (const auto& e : c->env)
                if (e.secret || e.config_map)
                    out.push_back({"$.templates." + t->name, error::not_expressible,
                                   where + " reads env '" + e.name +
                                       "' from a Secret or ConfigMap, which the local engine does not have"});
            for (const auto& e : c->env_from)
                out.push_back({"$.templates." + t->name, error::not_expressible,
                               where + " imports env from " +
                                   (e.secret.empty() ? "ConfigMap '" + e.config_map + "'" : "Secret '" + e.secret + "'") +
                                   ", which the local engine does not have"});
            break;
        }
        case template_kind::graph: break;
        }
        for (const auto& a : t->inputs.artifacts)
            if (a.kind != artifact_kind::local && a.kind != artifact_kind::parameter)
                out.push_back({"$.templates." + t->name, error::not_expressible,
                               where + " reads input artifact '" + a.name + "' from " +
                                   std::string(to_string(a.kind)) + ", which the local engine cannot reach"});
    }
    return out;
}

namespace detail {

// The time now, UTC, in strftime's `format`.
COULER_INLINE std::string utc_now(const char* format = "%Y-%m-%dT%H:%M:%SZ")
{
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, format, &tm);
    return buf;
}

COULER_INLINE std::string make_run_id(const std::string& name)
{
    std::string buf = utc_now("%Y%m%d-%H%M%S");
    std::random_device rd;
    char suf[8];
    std::snprintf(suf, sizeof suf, "%04x", static_cast<unsigned>(rd() & 0xffff));
    // A directory name (is_safe_file_name): the workflow's name is cut and plain-charactered.
    std::string n;
    for (char c : name.substr(0, 100))
        n.push_back(is_safe_file_name(std::string(1, c)) || c == '.' ? c : '-');
    while (!n.empty() && (n.back() == '-' || n.back() == '.'))
        n.pop_back();
    if (n.empty() || !is_safe_file_name(n))
        n = "run";
    return n + "-" + buf + "-" + suf;
}

// Why `id` cannot be a run id (a directory under state_dir/runs); empty if it can.
COULER_INLINE std::string run_id_problem(const std::string& id)
{
    if (is_safe_file_name(id))
        return {};
    std::string shown = id.substr(0, 64);
    for (char& c : shown)
        if (static_cast<unsigned char>(c) < 0x20)
            c = '?';
    return "run id '" + shown + (id.size() > 64 ? "...'" : "'") +
           " is not a plain directory name (1 to 128 of A-Z a-z 0-9 . _ -, not starting with '.' or '-')";
}

// Runs `CLI rm -f NAME` and waits for it (at most 30 s): a container a killed engine left.
COULER_INLINE void remove_container_now(const std::string& cli, const std::string& name)
{
    process_spec ps;
    ps.argv = runtime_remove_argv(cli, name);
    ps.env = current_environment();
    std::error_code ec;
    std::vector<child> c{spawn_process(ps, ec)};
    for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
         !ec && !c.empty() && std::chrono::steady_clock::now() < until;)
        wait_any(c, 100);
}

// Refuses the run up front: nothing runs, the message names every offending template.
COULER_INLINE void refuse(const workflow& wf, const options& o, const problems& ps, run_result& res)
{
    res.status = step_status::failed;
    for (auto& p : ps)
        res.error += (res.error.empty() ? "" : "\n") + p.message;
    event_dispatch events(o);
    events.emit(&run_observer::on_run_finished, run_finished_event{res, wf.display_name(), true}, "on_run_finished");
    res.observer_error = events.error();
}

// check_runnable, refusing into `res` what fails it; true if refused.
COULER_INLINE bool refuse_unrunnable(const workflow& wf, const options& o, run_result& res)
{
    auto ps = check_runnable(wf, o);
    if (!ps.empty())
        refuse(wf, o, ps, res);
    return !ps.empty();
}

COULER_INLINE run_result execute(const workflow& wf, const options& o, const std::string& run_id,
                                 const std::filesystem::path& run_dir, bool resuming)
{
    run_result res;
    res.run_id = run_id;
    res.run_dir = run_dir;
    std::filesystem::path store_dir = o.store_dir.empty() ? o.state_dir / "store" : o.store_dir;
    // The cache policy sees the run as the simulator replays it: built with the workflow model
    // and the plan on the run's slots (both outlive the store, which owns the policy).
    std::size_t slots = std::max(1u, o.jobs);
    if (wf.settings.parallelism && *wf.settings.parallelism > 0)
        slots = std::min<std::size_t>(slots, static_cast<std::size_t>(*wf.settings.parallelism));
    cache_feed feed(wf, slots);
    std::unique_ptr<cache::eviction_policy> policy;
    if (o.make_policy)
        policy = o.make_policy();
    else if (!o.cache_policy.empty())
        policy = feed.make_policy(o.cache_policy);
    artifact_store store(store_dir, o.store_capacity_bytes, std::move(policy));
    store.record_decisions(o.record_cache_decisions);

    std::map<std::string, boost::json::object> done;
    std::set<std::string> skipped_nodes;
    std::map<std::string, boost::json::object> reattach; // step id -> the start record of its Slurm job
    std::filesystem::path jpath = run_dir / "journal.jsonl";
    if (resuming) {
        // What finished (reused), what was skipped, and what the killed engine started and never
        // saw finish: those may still run, so stop them first (process group and container),
        // so they cannot write into the work directories the resumed run reuses.
        std::map<std::string, boost::json::object> orphans;
        for (auto& rec : run_journal::read(jpath)) {
            auto* t = rec.if_contains("t");
            auto* id = rec.if_contains("id");
            if (!t || !id || !t->is_string() || !id->is_string())
                continue;
            std::string sid(id->as_string());
            std::string st = rec.contains("status") ? std::string(rec.at("status").as_string()) : "";
            if (*t == "start" && (rec.contains("pgid") || rec.contains("slurm_job")))
                orphans[sid] = rec;
            else if (*t == "daemon_end")
                orphans.erase(sid);
            else if (*t == "inv") {
                if (st != "Daemoned") // a daemon runs on after its step completed
                    orphans.erase(sid);
                if (st == "Succeeded" || st == "Cached" || st == "Skipped")
                    done[sid] = rec;
            } else if (*t == "node" && st == "Skipped")
                skipped_nodes.insert(sid);
        }
        for (auto& [id, rec] : orphans) {
            auto pg = rec.contains("pgid") ? static_cast<pid_t>(rec.at("pgid").to_number<double>()) : 0;
            if (pg > 0 && ::getpgid(pg) == pg)
                kill_group(pg);
            if (auto* c = rec.if_contains("container"); c && c->is_string())
                remove_container_now(runtime_cli(o), std::string(c->as_string()));
            if (auto* j = rec.if_contains("slurm_job"); j && j->is_string()) {
                // Still known to Slurm (queued, running, or ended and not yet forgotten): the
                // resumed run follows that job instead of submitting the step again.
                std::string job(j->as_string());
                if (o.executor == "slurm" && !slurm_job_state(o.slurm, job).empty())
                    reattach[id] = rec;
                else
                    slurm_cancel_now(o.slurm, {job});
            }
        }
    }
    run_journal journal;
    journal.open(jpath, o.journal_sync_ms);
    journal.append({{"t", "run"}, {"status", "Running"}, {"time", utc_now()}, {"resume", resuming}});
    journal.sync();

    event_dispatch events(o);
    events.emit(&run_observer::on_run_started, run_started_event{run_id, wf.display_name(), run_dir, resuming, o.jobs},
                "on_run_started");
    scheduler s(wf, o, store, feed, journal, events, run_dir, run_id, std::move(done), std::move(skipped_nodes));
    s.reattach(std::move(reattach));
    s.run(res);
    res.cache.policy = std::string(store.policy().name());
    res.cache.capacity_bytes = store.capacity_bytes();
    res.cache.stats = store.stats();
    res.cache.decisions = store.decisions();
    journal.append({{"t", "run_end"}, {"status", to_string(res.status)}, {"time", utc_now()}});
    journal.close();
    res.observer_error = events.error(); // before the summary, which shows it
    events.emit(&run_observer::on_run_finished, run_finished_event{res, wf.display_name(), false}, "on_run_finished");
    res.observer_error = events.error();
    return res;
}

} // namespace detail

COULER_INLINE run_result local_engine::run(const workflow& wf)
{
    options o = opt_;
    if (o.jobs == 0) // on a cluster, jobs in flight at once; here, the cores
        o.jobs = o.executor == "slurm" ? 64u : std::max(1u, std::thread::hardware_concurrency());
    run_result res;
    res.run_id = o.run_id.empty() ? detail::make_run_id(wf.display_name()) : o.run_id;
    auto ps = check_runnable(wf, o);
    // A run id becomes a path component: checked before it is one.
    if (std::string why = detail::run_id_problem(res.run_id); !why.empty())
        ps.insert(ps.begin(), {"$", error::bad_value, why});
    // The run keeps the workflow as IR JSON (for resume): text JSON cannot carry bytes that are
    // not UTF-8, so such a workflow is refused here too, before anything runs.
    std::string wf_text;
    if (ps.empty()) {
        try {
            wf_text = to_json_pretty(wf);
        } catch (const invalid_input& e) {
            for (const auto& p : e.all())
                ps.push_back({p.path, p.code, p.path + ": " + p.message});
        }
    }
    if (!ps.empty()) {
        detail::refuse(wf, o, ps, res);
        return res;
    }
    // Absolute, because steps run in their own work dirs and see rewritten paths under it.
    std::filesystem::path run_dir = std::filesystem::absolute(o.state_dir / "runs" / res.run_id);
    std::filesystem::create_directories(run_dir / "steps");
    std::error_code ec;
    detail::atomic_write(run_dir / "workflow.json", wf_text, ec);
    if (ec)
        throw std::system_error(ec, "cannot write " + (run_dir / "workflow.json").string());
    boost::json::object params;
    for (auto& [k, v] : o.parameters)
        params[k] = v;
    std::filesystem::path store_dir = o.store_dir.empty() ? o.state_dir / "store" : o.store_dir;
    boost::json::object meta{{"run_id", res.run_id},
                             {"workflow", wf.display_name()},
                             {"store", std::filesystem::absolute(store_dir).string()},
                             {"runtime", o.runtime},
                             {"runtime_cli", o.runtime_cli},
                             {"executor", o.executor},
                             {"slurm", {{"partition", o.slurm.partition},
                                        {"account", o.slurm.account},
                                        {"qos", o.slurm.qos},
                                        {"sbatch_args", boost::json::value_from(o.slurm.sbatch_args)},
                                        {"bin_dir", o.slurm.bin_dir.string()}}},
                             {"jobs", o.jobs},
                             {"keep_going", o.keep_going},
                             {"memoize", o.memoize},
                             {"cache_policy", o.cache_policy},
                             {"store_capacity_bytes", o.store_capacity_bytes},
                             {"parameters", params},
                             {"pass_env", boost::json::value_from(o.pass_env)},
                             {"started", detail::utc_now()}};
    detail::atomic_write(run_dir / "run.json", boost::json::serialize(meta), ec);
    o.store_dir = store_dir;
    return detail::execute(wf, o, res.run_id, run_dir, false);
}

COULER_INLINE run_result local_engine::resume(const std::string& run_id)
{
    options o = opt_;
    if (std::string why = detail::run_id_problem(run_id); !why.empty())
        throw std::invalid_argument(why);
    std::filesystem::path run_dir = std::filesystem::absolute(o.state_dir / "runs" / run_id);
    std::string text;
    std::error_code ec;
    if (!detail::read_whole(run_dir / "run.json", text, ec))
        throw std::system_error(ec, "no run '" + run_id + "' in " + (o.state_dir / "runs").string());
    auto meta = boost::json::parse(text).as_object();
    if (!detail::read_whole(run_dir / "workflow.json", text, ec))
        throw std::system_error(ec, "run '" + run_id + "' has no workflow.json");
    workflow wf = parse_workflow(text);
    o.run_id = run_id;
    run_result refused;
    refused.run_id = run_id;
    o.store_dir = std::string(meta.at("store").as_string());
    o.runtime = std::string(meta.at("runtime").as_string());
    if (auto* c = meta.if_contains("runtime_cli"); c && c->is_string() && o.runtime_cli.empty())
        o.runtime_cli = std::string(c->as_string());
    if (auto* x = meta.if_contains("executor"); x && x->is_string())
        o.executor = std::string(x->as_string());
    if (auto* sl = meta.if_contains("slurm"); sl && sl->is_object() && o.executor == "slurm") {
        auto text_of = [&](const char* k) {
            auto* v = sl->as_object().if_contains(k);
            return v && v->is_string() ? std::string(v->as_string()) : std::string();
        };
        o.slurm.partition = text_of("partition");
        o.slurm.account = text_of("account");
        o.slurm.qos = text_of("qos");
        o.slurm.bin_dir = text_of("bin_dir");
        o.slurm.sbatch_args.clear();
        if (auto* a = sl->as_object().if_contains("sbatch_args"); a && a->is_array())
            for (auto& x : a->as_array())
                if (x.is_string())
                    o.slurm.sbatch_args.emplace_back(x.as_string());
    }
    if (auto* m = meta.if_contains("memoize"))
        o.memoize = m->as_bool();
    if (auto* c = meta.if_contains("cache_policy"); c && c->is_string() && o.cache_policy.empty())
        o.cache_policy = std::string(c->as_string());
    if (auto* c = meta.if_contains("store_capacity_bytes"); c && o.store_capacity_bytes == 0)
        o.store_capacity_bytes = static_cast<std::uint64_t>(c->to_number<double>());
    // --jobs and --keep-going as the run had them, unless given again.
    if (auto* j = meta.if_contains("jobs"); j && j->is_number() && o.jobs == 0)
        o.jobs = static_cast<unsigned>(j->to_number<double>());
    if (auto* k = meta.if_contains("keep_going"); k && k->is_bool())
        o.keep_going = o.keep_going || k->as_bool();
    if (o.jobs == 0)
        o.jobs = std::max(1u, std::thread::hardware_concurrency());
    if (auto* pe = meta.if_contains("pass_env"); pe && pe->is_array() && o.pass_env.empty())
        for (auto& n : pe->as_array())
            if (n.is_string())
                o.pass_env.emplace_back(n.as_string());
    for (auto& [k, v] : meta.at("parameters").as_object())
        o.parameters[std::string(k)] = std::string(v.as_string());
    // Checked again: the options may differ from the run's (--jobs), and so may this engine.
    if (detail::refuse_unrunnable(wf, o, refused))
        return refused;
    return detail::execute(wf, o, run_id, run_dir, true);
}

COULER_INLINE std::vector<run_info> local_engine::list_runs() const
{
    std::vector<run_info> out;
    std::error_code ec;
    for (auto& e : std::filesystem::directory_iterator(opt_.state_dir / "runs", ec)) {
        run_info ri;
        ri.run_id = e.path().filename().string();
        ri.run_dir = e.path();
        std::string text;
        std::error_code rec;
        if (!detail::read_whole(e.path() / "run.json", text, rec))
            continue;
        boost::json::error_code jec;
        auto meta = boost::json::parse(text, jec);
        if (jec || !meta.is_object())
            continue;
        if (auto* w = meta.as_object().if_contains("workflow"))
            ri.workflow = std::string(w->as_string());
        if (auto* s = meta.as_object().if_contains("started"))
            ri.started = std::string(s->as_string());
        ri.status = "Incomplete"; // started, never recorded an end: killed or still running
        for (auto& r : run_journal::read(e.path() / "journal.jsonl"))
            if (r.contains("t") && r.at("t") == "run_end")
                ri.status = std::string(r.at("status").as_string());
        out.push_back(std::move(ri));
    }
    std::sort(out.begin(), out.end(), [](const run_info& a, const run_info& b) {
        return std::tie(a.started, a.run_id) < std::tie(b.started, b.run_id);
    });
    return out;
}

} // namespace engine
} // namespace couler

#endif
