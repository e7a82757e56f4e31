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
                progress_.note(inv.id + ": " + inv.message);
            } else {
                ++total_;
                progress_.set_total(total_);
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
    if (leaf && s != step_status::omitted) {
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
        record(r);
    } else if (leaf) {
        ++done_count_;
    }
}

inline void scheduler::record(const step_record& r)
{
    switch (r.status) {
    case step_status::succeeded: ++res_->succeeded; break;
    case step_status::failed: ++res_->failed; break;
    case step_status::skipped: ++res_->skipped; break;
    case step_status::cached: ++res_->cached; break;
    default: break;
    }
    if (r.restored)
        ++res_->restored;
    res_->steps.push_back(r);
    progress_.finished(r, done_count_, res_->cached);
}

} // namespace detail
} // namespace engine
} // namespace couler

#endif
