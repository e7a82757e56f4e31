// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_DETAIL_SCHEDULER_GRAPH_HPP
#define COULER_ENGINE_DETAIL_SCHEDULER_GRAPH_HPP

// The scheduler (detail/scheduler.hpp), part: Graph traversal and dispatch: scopes, nodes (depends, when, maps), the event loop.

#include <couler/engine/detail/scheduler.hpp>

namespace couler {
namespace engine {
namespace detail {

inline int scheduler::new_scope(const graph* g, const step_template* t, std::string prefix, int depth, int parent,
              std::map<std::string, std::string> inputs, std::map<std::string, std::string> arts)
{
    scope_t s;
    s.g = g;
    s.tmpl = t;
    s.prefix = std::move(prefix);
    s.depth = depth;
    s.parent_inv = parent;
    s.inputs = std::move(inputs);
    s.input_artifacts = std::move(arts);
    s.nodes.resize(g->size());
    s.remaining = g->size();
    if (t && t->parallelism && *t->parallelism > 0)
        s.limit = static_cast<std::size_t>(*t->parallelism);
    for (vertex v = 0; v < g->size(); ++v)
        s.nodes[v].waiting = g->predecessors(v).size();
    scopes_.push_back(std::move(s));
    total_ += g->size();
    shown_total_ = total_;
    return static_cast<int>(scopes_.size() - 1);
}

inline void scheduler::start_scope(int si)
{
    if (scopes_[si].remaining == 0) {
        finish_scope(si);
        return;
    }
    // The sources first, then start them: a source that finishes at once (skipped, omitted,
    // an empty map) makes its successors ready from finish_node, and a pass that tested
    // `waiting == 0` as it went would then start those a second time.
    std::vector<vertex> sources;
    for (vertex v = 0; v < scopes_[si].g->size(); ++v)
        if (scopes_[si].nodes[v].waiting == 0)
            sources.push_back(v);
    for (vertex v : sources)
        node_ready(si, v);
}

inline void scheduler::node_ready(int si, vertex v)
{
    scope_t& sc = scopes_[si];
    const step& st = (*sc.g)[v];
    node_t& n = sc.nodes[v];
    std::string nid = node_id(si, v);
    // The invariant: a node becomes ready once per scope (see also start_invocation).
    if (n.readied)
        throw std::logic_error("couler engine: step '" + nid + "' became ready twice in one run");
    n.readied = true;
    if (skipped_nodes_.count(nid))
        return finish_node(si, v, step_status::skipped, "");
    if (!st.depends.empty()) {
        std::string err;
        bool run = condition_holds(translate_depends(si, st.depends, err), err);
        if (!err.empty())
            return finish_node(si, v, step_status::failed, "depends: " + err);
        if (!run)
            return finish_node(si, v, step_status::omitted, "");
    } else {
        for (vertex p : sc.g->predecessors(v))
            if (!satisfied(sc.nodes[p], (*sc.g)[p]))
                return finish_node(si, v, step_status::omitted, "");
    }
    bool per_item = false;
    for (const auto& r : find_references(st.when))
        per_item = per_item || r.what == reference::kind::item;
    if (!st.when.empty() && !(per_item && st.is_map())) {
        std::string err;
        bool yes = condition_holds(subst_graph(st.when, si, nullptr, err), err);
        if (!err.empty())
            return finish_node(si, v, step_status::failed, "when: " + err);
        if (!yes) {
            journal_.append({{"t", "node"}, {"id", nid}, {"status", "Skipped"}});
            return finish_node(si, v, step_status::skipped, "");
        }
    }
    std::vector<boost::json::value> items;
    std::string err;
    n.is_map = st.is_map();
    if (n.is_map && !expand_items(si, st, items, err))
        return finish_node(si, v, step_status::failed, err);
    if (!n.is_map)
        items.emplace_back(nullptr);
    if (items.empty())
        return finish_node(si, v, step_status::succeeded, "");
    n.items = items.size();
    n.item_outs.resize(items.size());
    n.item_status.assign(items.size(), step_status::pending);
    total_ += items.size() - 1;
    shown_total_ = total_;
    for (std::size_t i = 0; i < items.size(); ++i)
        new_invocation(si, v, n.is_map ? static_cast<int>(i) : -1, std::move(items[i]), 0);
}

inline bool scheduler::expand_items(int si, const step& st, std::vector<boost::json::value>& items, std::string& err)
{
    if (!st.with_items.empty()) {
        items = st.with_items;
        return true;
    }
    if (!st.with_param.empty()) {
        std::string text = subst_graph(st.with_param, si, nullptr, err);
        if (!err.empty())
            return false;
        boost::json::error_code jec;
        auto v = boost::json::parse(text, jec);
        if (jec || !v.is_array()) {
            err = "with_param is not a JSON list: " + text.substr(0, 200);
            return false;
        }
        for (auto& x : v.as_array())
            items.push_back(x);
        return true;
    }
    const loop_sequence& q = *st.with_sequence;
    auto num = [&](const std::string& s, long long def) -> long long {
        if (s.empty())
            return def;
        std::string t = subst_graph(s, si, nullptr, err);
        return std::atoll(t.c_str());
    };
    long long start = num(q.start, 0), end;
    if (!q.count.empty())
        end = start + num(q.count, 0) - 1;
    else
        end = num(q.end, 0);
    if (!err.empty())
        return false;
    long long step_by = end >= start ? 1 : -1;
    if (!q.count.empty() && num(q.count, 0) <= 0)
        return true;
    for (long long i = start;; i += step_by) {
        std::string s = std::to_string(i);
        if (!q.format.empty() && q.format.find('%') != std::string::npos && q.format.find("%s") == std::string::npos) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%s", "");
            std::string f = q.format;
            // Only integer conversions are allowed, so a user format cannot read stray args.
            if (f.find_first_of("sfpn") == std::string::npos || f.find('d') != std::string::npos) {
                std::snprintf(buf, sizeof buf, f.c_str(), static_cast<int>(i));
                s = buf;
            }
        }
        items.emplace_back(s);
        if (i == end || items.size() > 1000000)
            break;
    }
    return true;
}

inline std::string scheduler::translate_depends(int si, const std::string& dep, std::string& err)
{
    // Argo's `depends`: `A`, `A.Succeeded`, `A.Failed`, `A.Skipped`, `A.Errored`, with && || ! ( ).
    const scope_t& sc = scopes_[si];
    std::string out;
    std::size_t i = 0;
    while (i < dep.size()) {
        char c = dep[i];
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') {
            std::size_t j = i;
            while (j < dep.size() && (std::isalnum(static_cast<unsigned char>(dep[j])) || dep[j] == '_' ||
                                      dep[j] == '-' || dep[j] == '.'))
                ++j;
            std::string tok = dep.substr(i, j - i), name = tok, what;
            auto dot = tok.find('.');
            if (dot != std::string::npos) {
                name = tok.substr(0, dot);
                what = tok.substr(dot + 1);
            }
            auto u = sc.g->find(name);
            if (!u) {
                err = "unknown step '" + name + "'";
                return {};
            }
            step_status s = sc.nodes[*u].status;
            bool ok = s == step_status::succeeded || s == step_status::cached;
            bool val;
            if (what.empty())
                val = ok || s == step_status::skipped;
            else if (what == "Succeeded" || what == "AnySucceeded")
                val = ok;
            else if (what == "Failed" || what == "Errored" || what == "AllFailed")
                val = s == step_status::failed;
            else if (what == "Skipped")
                val = s == step_status::skipped || s == step_status::omitted;
            else if (what == "Daemoned") {
                const step_template* ut = wf_.find_template((*sc.g)[*u].template_name);
                val = ok && ut && ut->daemon;
            }
            else {
                err = "unknown result '" + what + "'";
                return {};
            }
            out += val ? "true" : "false";
            i = j;
        } else {
            out.push_back(c);
            ++i;
        }
    }
    return out;
}

inline void scheduler::finish_node(int si, vertex v, step_status s, const std::string& msg)
{
    scope_t& sc = scopes_[si];
    node_t& n = sc.nodes[v];
    const step& st = (*sc.g)[v];
    n.status = s;
    n.message = msg;
    if (n.items == 0) {
        // The node never expanded (skipped, omitted, empty map, or failed before): it counts as one.
        ++done_count_;
        if (s == step_status::skipped || s == step_status::failed || s == step_status::omitted) {
            step_record r;
            r.id = node_id(si, v);
            r.template_name = st.template_name;
            r.status = s;
            r.message = msg;
            record(r, st.name, -1); // omitted: an event only, as for an omitted invocation
        }
    }
    if (s == step_status::failed && !st.continue_on_failed) {
        sc.status_ok = false;
        if (!o_.keep_going && !stopping_) {
            stopping_ = true; // fail fast, as Argo does by default
            // On a cluster the jobs in flight are cancelled too: a queued one could otherwise
            // hold the failed run for hours. Local processes finish, as Argo's pods do.
            if (exec_->remote())
                exec_->kill_all();
        }
    }
    for (vertex w : sc.g->successors(v))
        if (--sc.nodes[w].waiting == 0)
            node_ready(si, w);
    if (--sc.remaining == 0)
        finish_scope(si);
}

inline void scheduler::finish_scope(int si)
{
    stop_daemons(si); // as Argo: a daemon lives as long as the template that started it
    scope_t& sc = scopes_[si];
    for (vertex v = 0; v < sc.g->size(); ++v) {
        const node_t& n = sc.nodes[v];
        if (n.status == step_status::failed && !(*sc.g)[v].continue_on_failed)
            sc.status_ok = false;
        if (n.status == step_status::omitted && (*sc.g)[v].depends.empty())
            sc.status_ok = false;
    }
    if (sc.parent_inv < 0)
        return;
    int ii = sc.parent_inv;
    inv_t& inv = invs_[ii];
    std::string err;
    if (sc.status_ok)
        store_.step_finished(inv.id);
    if (sc.status_ok && sc.tmpl) {
        for (const auto& p : sc.tmpl->outputs.parameters) {
            std::string src = !p.from.parameter.empty() ? p.from.parameter
                              : !p.from.expression.empty() ? p.from.expression
                                                            : p.value.value_or("");
            std::string val = subst_graph(src, si, nullptr, err);
            if (!err.empty() && p.from.default_value) {
                val = *p.from.default_value;
                err.clear();
            }
            inv.out.params[p.name] = val;
            if (!p.global_name.empty())
                globals_[p.global_name] = val;
        }
        for (const auto& a : sc.tmpl->outputs.artifacts) {
            if (a.from.empty())
                continue;
            std::string id = resolve_artifact(a.from, si, err);
            if (!id.empty()) {
                inv.out.artifacts[a.name] = id;
                // The graph step produced it, as far as the model (and the policy) knows.
                std::error_code sec;
                std::uint64_t size = std::filesystem::file_size(store_.object_path(id), sec);
                store_.adopt(id, feed_.hint(inv.id, a.name, sec ? 0 : size, std::numeric_limits<double>::infinity(), 0),
                             {});
                if (a.is_global || !a.global_name.empty())
                    global_artifacts_[a.global_name.empty() ? a.name : a.global_name] = id;
            }
        }
    }
    complete_invocation(ii, !sc.status_ok ? step_status::failed
                            : !err.empty() ? step_status::failed
                                           : step_status::succeeded,
                        !sc.status_ok ? "sub-workflow failed" : err);
}

inline void scheduler::new_invocation(int si, vertex v, int item_index, boost::json::value item, int iteration)
{
    inv_t inv;
    inv.scope = si;
    inv.v = v;
    inv.item_index = item_index;
    inv.item = std::move(item);
    inv.iteration = iteration;
    const step& st = (*scopes_[si].g)[v];
    inv.id = scopes_[si].prefix + st.name;
    if (item_index >= 0)
        inv.id += "(" + std::to_string(item_index) + ")";
    if (iteration > 0)
        inv.id += "#" + std::to_string(iteration);
    inv.tmpl = wf_.find_template(st.template_name);
    invs_.push_back(std::move(inv));
    ready_.push_back(static_cast<int>(invs_.size() - 1));
}

// Whether invocation `ii` may start a process now: its slots within --jobs, its memory within
// the machine's, and below the parallelism of every template it runs inside. Daemons take none.
inline bool scheduler::fits(int ii) const
{
    const inv_t& inv = invs_[ii];
    if (inv.daemon)
        return true;
    if (busy_ + inv.slots > jobs_)
        return false;
    if (inv.memory > 0 && mem_cap_ > 0 && mem_used_ + inv.memory > mem_cap_)
        return false;
    for (int si = inv.scope; si >= 0; si = parent_scope(si))
        if (scopes_[si].limit && scopes_[si].active >= scopes_[si].limit)
            return false;
    return true;
}

// Takes (sign 1) or gives back (-1) what a process of `ii` holds while it runs.
inline void scheduler::occupy(int ii, int sign)
{
    const inv_t& inv = invs_[ii];
    if (inv.daemon)
        return;
    busy_ = sign > 0 ? busy_ + inv.slots : busy_ - inv.slots;
    mem_used_ += sign * inv.memory;
    for (int si = inv.scope; si >= 0; si = parent_scope(si))
        scopes_[si].active = sign > 0 ? scopes_[si].active + 1 : scopes_[si].active - 1;
}

// Starts the prepared leaves (and due retries) that fit, in order; later ones may pass one
// that waits for more slots. With nothing running, the first starts whatever it asks (the
// up-front check keeps every request within the run's slots and the machine).
inline void scheduler::launch_fitting()
{
    for (std::size_t i = 0; i < launchable_.size();) {
        int ii = launchable_[i];
        if (!stopping_ && !fits(ii) && busy_ > 0) {
            ++i;
            continue;
        }
        launchable_.erase(launchable_.begin() + static_cast<long>(i));
        if (stopping_)
            complete_invocation(ii, invs_[ii].attempts > 0 ? step_status::failed : step_status::omitted,
                                invs_[ii].attempts > 0 ? invs_[ii].message : "");
        else if (invs_[ii].attempts > 0)
            spawn(ii);
        else
            launch(ii);
    }
}

// The run's time limit passed, or a signal asked the run to stop: nothing more starts and what
// runs is stopped (its end, a failure, comes through the executor's wait). Once per run: the
// exit handler then runs as after any failure.
inline void scheduler::check_stop()
{
    if (!stop_reason_.empty())
        return;
    if (int sig = stop_requested())
        stop_reason_ = sig > 0 ? std::string("interrupted by signal ") + std::to_string(sig) +
                                     (sig == SIGINT ? " (SIGINT)" : sig == SIGTERM ? " (SIGTERM)" : "")
                               : std::string("asked to stop");
    else if (run_deadline_ && clock::now() >= *run_deadline_)
        stop_reason_ = "the run's time limit of " +
                       std::to_string(static_cast<long long>(std::ceil(run_timeout_))) + "s passed";
    else
        return;
    stopping_ = true;
    exec_->kill_all();
    emit_note("", "stopping: " + stop_reason_ + "; the running steps are stopped");
}

// Kills the daemons scope `si` started (their processes are reaped by the loop).
inline void scheduler::stop_daemons(int si)
{
    for (int ii : daemons_) {
        inv_t& inv = invs_[ii];
        if (inv.scope != si || inv.pid == -1 || inv.killed)
            continue;
        inv.killed = true;
        exec_->kill(inv.pid);
    }
}

inline void scheduler::loop()
{
    // Prepared leaves wait in launchable_; a few more than the slots keep them busy without
    // preparing every ready step at once (20k steps x the environment).
    auto take_ready = [&] { return !ready_.empty() && busy_ < jobs_ && launchable_.size() < jobs_ + 16; };
    for (;;) {
        check_stop();
        launch_fitting();
        while (take_ready()) {
            int ii = ready_.front();
            ready_.pop_front();
            start_invocation(ii);
            launch_fitting();
        }
        bool idle = exec_->running() == 0;
        if (idle && ready_.empty() && delayed_.empty() && launchable_.empty())
            break;
        if (take_ready() || (idle && !launchable_.empty()))
            continue;
        auto now = clock::now();
        int timeout_ms = o_.tty ? 200 : -1;
        auto consider = [&](clock::time_point t) {
            long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - now).count() + 1;
            ms = std::max(0LL, ms);
            if (timeout_ms < 0 || ms < timeout_ms)
                timeout_ms = static_cast<int>(std::min<long long>(ms, 1 << 30));
        };
        for (int ii : delayed_)
            consider(invs_[ii].not_before);
        if (run_deadline_ && stop_reason_.empty())
            consider(*run_deadline_);
        // A stop request (a signal handler's flag) is noticed within this.
        if (timeout_ms < 0 || timeout_ms > 250)
            timeout_ms = 250;
        for (auto& [key, ii] : by_pid_) {
            const inv_t& inv = invs_[ii];
            if (inv.timeout > 0)
                consider(inv.deadline);
        }
        if (idle && timeout_ms > 0) {
            // Only retries are waiting: sleep until the first is due.
            std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
        } else if (!idle) {
            for (auto& e : exec_->wait(timeout_ms)) {
                int ii = by_pid_[e.key];
                by_pid_.erase(e.key);
                invs_[ii].timed_out = invs_[ii].timed_out || e.timed_out;
                finished_process(ii, e.exit, e.message);
            }
        }
        now = clock::now();
        for (auto& [key, ii] : by_pid_) {
            inv_t& inv = invs_[ii];
            if (inv.timeout > 0 && !inv.timed_out && now >= inv.deadline) {
                inv.timed_out = true;
                exec_->kill(key); // the whole process group (and its container), or the job
            }
        }
        for (std::size_t i = 0; i < delayed_.size();) {
            int ii = delayed_[i];
            if (invs_[ii].not_before <= now) {
                delayed_.erase(delayed_.begin() + static_cast<long>(i));
                launchable_.push_back(ii); // a retry waits for room as its first attempt did
            } else {
                ++i;
            }
        }
        shown_total_ = total_;
    }
}

} // namespace detail
} // namespace engine
} // namespace couler

#endif
