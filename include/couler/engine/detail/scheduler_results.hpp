// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_DETAIL_SCHEDULER_RESULTS_HPP
#define COULER_ENGINE_DETAIL_SCHEDULER_RESULTS_HPP

// The scheduler (detail/scheduler.hpp), part: Results: an invocation completes (journal, memo, exec_while, map aggregation), records.

#include <couler/engine/detail/scheduler.hpp>

namespace couler {
namespace engine {
namespace detail {

inline void scheduler::complete_invocation(int ii, step_status s, const std::string& msg)
{
    inv_t& inv = invs_[ii];
    // Done with the process: free what only running needed (20k steps x the environment).
    inv.proc = process_spec{};
    inv.stdout_text.clear();
    inv.stdout_text.shrink_to_fit();
    inv.stderr_text.clear();
    inv.stderr_text.shrink_to_fit();
    inv.status = s;
    inv.message = msg;
    bool leaf = inv.tmpl && !inv.tmpl->is_graph();
    if (s == step_status::succeeded || s == step_status::cached || s == step_status::skipped) {
        for (const auto& p : inv.tmpl->outputs.parameters)
            if (!p.global_name.empty() && inv.out.params.count(p.name))
                globals_[p.global_name] = inv.out.params[p.name];
        for (const auto& a : inv.tmpl->outputs.artifacts)
            if ((a.is_global || !a.global_name.empty()) && inv.out.artifacts.count(a.name))
                global_artifacts_[a.global_name.empty() ? a.name : a.global_name] = inv.out.artifacts[a.name];
        if (!inv.restored) {
            // A running daemon is journalled as such: resume starts it again (and stops the
            // process a killed engine left) instead of taking it as done.
            journal_.append({{"t", "inv"},
                             {"id", inv.id},
                             {"status", inv.daemoned ? "Daemoned" : to_string(s)},
                             {"out", inv.out.to_json()}});
            if (s == step_status::succeeded && leaf && o_.memoize && !inv.daemon) {
                std::error_code ec;
                double now =
                    std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
                boost::json::object m{{"out", inv.out.to_json()}, {"step", inv.id}, {"run", run_id_}, {"time", now}};
                store_.write_memo(inv.memo_key, boost::json::serialize(m), ec);
            }
        }
    } else if (s == step_status::failed) {
        journal_.append({{"t", "inv"}, {"id", inv.id}, {"status", "Failed"}, {"message", msg}});
    }
    scope_t& sc = scopes_[inv.scope];
    const step& st = (*sc.g)[inv.v];
    node_t& n = sc.nodes[inv.v];
    // exec_while: run again while the condition over this step's own outputs holds.
    if (st.repeat && (s == step_status::succeeded || s == step_status::cached)) {
        n.out = inv.out; // so `{{steps.SELF...}}` sees this iteration
        n.status = s;
        std::string err;
        bool again = condition_holds(subst_graph(st.repeat->condition, inv.scope, &inv, err), err);
        n.status = step_status::pending;
        if (!err.empty()) {
            s = step_status::failed;
            inv.message = "exec_while: " + err;
        } else if (again) {
            if (inv.iteration + 1 >= st.repeat->max_iterations) {
                s = step_status::failed;
                inv.message = "exec_while stopped after " + std::to_string(st.repeat->max_iterations) +
                              " iterations (max_iterations guard)";
                emit_note(inv.id, inv.id + ": " + inv.message);
            } else {
                ++total_;
                shown_total_ = total_;
                record_invocation(ii, s);
                new_invocation(inv.scope, inv.v, inv.item_index, inv.item, inv.iteration + 1);
                return;
            }
        }
    }
    record_invocation(ii, s);
    if (inv.item_index >= 0) {
        n.item_outs[static_cast<std::size_t>(inv.item_index)] = inv.out;
        n.item_status[static_cast<std::size_t>(inv.item_index)] = s;
    } else
        n.out = inv.out;
    if (s == step_status::failed)
        n.any_failed = true, n.message = inv.message;
    if (s == step_status::omitted)
        n.any_omitted = true;
    if (s != step_status::cached && s != step_status::skipped)
        n.all_cached = false;
    if (s != step_status::skipped)
        n.any_ran = true;
    if (++n.items_done < n.items)
        return;
    if (n.is_map) {
        // Argo aggregates a map's outputs: each parameter (and the result) becomes a JSON list.
        // Skipped items are left out of the lists.
        std::set<std::string> names;
        for (auto& o : n.item_outs)
            for (auto& [k, v] : o.params)
                names.insert(k);
        for (auto& k : names)
            n.out.params[k] = n.items_json([&](const step_outputs& o) {
                auto it = o.params.find(k);
                return boost::json::string(it != o.params.end() ? it->second : "");
            });
        n.out.result = n.items_json([](const step_outputs& o) { return boost::json::string(o.result.value_or("")); });
    }
    step_status ns = n.any_failed    ? step_status::failed
                     : n.any_omitted ? step_status::omitted
                     : !n.any_ran    ? step_status::skipped
                     : n.all_cached  ? step_status::cached
                                     : step_status::succeeded;
    finish_node(inv.scope, inv.v, ns, n.message);
}

inline void scheduler::record_invocation(int ii, step_status s)
{
    inv_t& inv = invs_[ii];
    bool leaf = inv.tmpl && !inv.tmpl->is_graph();
    const std::string& msg = inv.message;
    if (leaf) {
        ++done_count_;
        step_record r;
        r.id = inv.id;
        r.template_name = inv.tmpl->name;
        r.status = s;
        r.attempts = inv.attempts;
        r.restored = inv.restored;
        r.message = msg;
        auto ls = last_seconds_.find(ii);
        r.seconds = ls == last_seconds_.end() ? 0 : ls->second;
        record(r, step_name(inv), inv.exit_code); // omitted: an event only
    }
}

// Counts a finished step into the result (an omitted one only into the events) and tells
// the observers.
inline void scheduler::record(const step_record& r, const std::string& name, int exit_code)
{
    switch (r.status) {
    case step_status::succeeded: ++res_->succeeded; break;
    case step_status::failed: ++res_->failed; break;
    case step_status::skipped: ++res_->skipped; break;
    case step_status::cached: ++res_->cached; break;
    default: break;
    }
    if (r.status != step_status::omitted) {
        if (r.restored)
            ++res_->restored;
        res_->steps.push_back(r);
    }
    if (!events_.active())
        return;
    step_finished_event e;
    e.run_id = run_id_;
    e.step_id = r.id;
    e.step_name = name;
    e.template_name = r.template_name;
    e.status = r.status;
    e.exit_code = exit_code;
    e.seconds = r.seconds;
    e.attempts = r.attempts;
    e.restored = r.restored;
    e.message = r.message;
    e.counts = counts();
    events_.emit(&run_observer::on_step_finished, e, "on_step_finished");
}

inline void scheduler::emit_started(const inv_t& inv, int pid)
{
    if (!events_.active())
        return;
    auto e = step_event<step_started_event>(inv);
    e.attempt = inv.attempts;
    e.pid = pid;
    e.counts = counts();
    events_.emit(&run_observer::on_step_started, e, "on_step_started");
}

// `memo`: the memo record that was used (memo hits), for where the outputs came from.
inline void scheduler::emit_cached(const inv_t& inv, cache_source src, const boost::json::object* memo)
{
    if (!events_.active())
        return;
    auto e = step_event<step_cached_event>(inv);
    e.source = src;
    if (src == cache_source::memo)
        e.memo_key = inv.memo_key;
    if (memo) {
        if (auto* r = memo->if_contains("run"); r && r->is_string())
            e.from_run = std::string(r->as_string());
        if (auto* st = memo->if_contains("step"); st && st->is_string())
            e.from_step = std::string(st->as_string());
    } else if (src == cache_source::journal) {
        e.from_run = run_id_;
        e.from_step = inv.id;
    }
    events_.emit(&run_observer::on_step_cached, e, "on_step_cached");
}

// The attempt's captured output, line by line: stdout's, then stderr's.
inline void scheduler::emit_logs(const inv_t& inv)
{
    if (!events_.active())
        return;
    step_log_event e;
    e.run_id = run_id_;
    e.step_id = inv.id;
    e.attempt = inv.attempts;
    for (auto [stream, text] : {std::pair<log_stream, const std::string*>{log_stream::out, &inv.stdout_text},
                                {log_stream::err, &inv.stderr_text}}) {
        e.stream = stream;
        for (std::size_t b = 0; b < text->size();) {
            std::size_t nl = text->find('\n', b);
            std::size_t end = nl == std::string::npos ? text->size() : nl;
            e.text.assign(*text, b, end - b);
            events_.emit(&run_observer::on_step_log, e, "on_step_log");
            b = end + 1;
        }
    }
}

inline void scheduler::emit_note(const std::string& step_id, const std::string& text)
{
    if (!events_.active())
        return;
    run_note_event e;
    e.run_id = run_id_;
    e.step_id = step_id;
    e.text = text;
    e.counts = counts();
    events_.emit(&run_observer::on_note, e, "on_note");
}

} // namespace detail
} // namespace engine
} // namespace couler

#endif
