// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
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
#include <couler/engine/detail/progress.hpp>
#include <couler/engine/detail/sha256.hpp>
#include <couler/engine/engine.hpp>
#include <couler/engine/journal.hpp>
#include <couler/engine/process.hpp>
#include <couler/ir/expression.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace couler {
namespace engine {
namespace detail {

struct step_outputs {
    std::map<std::string, std::string> params;
    std::optional<std::string> result;
    std::map<std::string, std::string> artifacts; ///< name -> object id

    boost::json::object to_json() const
    {
        boost::json::object o, p, a;
        for (auto& [k, v] : params)
            p[k] = v;
        for (auto& [k, v] : artifacts)
            a[k] = v;
        o["params"] = std::move(p);
        o["artifacts"] = std::move(a);
        if (result)
            o["result"] = *result;
        return o;
    }
    static step_outputs from_json(const boost::json::value& v)
    {
        step_outputs s;
        if (!v.is_object())
            return s;
        const auto& o = v.as_object();
        if (auto* p = o.if_contains("params"); p && p->is_object())
            for (auto& [k, x] : p->as_object())
                if (x.is_string())
                    s.params[std::string(k)] = std::string(x.as_string());
        if (auto* a = o.if_contains("artifacts"); a && a->is_object())
            for (auto& [k, x] : a->as_object())
                if (x.is_string())
                    s.artifacts[std::string(k)] = std::string(x.as_string());
        if (auto* r = o.if_contains("result"); r && r->is_string())
            s.result = std::string(r->as_string());
        return s;
    }
};

class scheduler {
public:
    using clock = std::chrono::steady_clock;
    using vertex = graph::vertex;

    scheduler(const workflow& wf, const options& o, artifact_store& store, const cache_feed& feed,
              run_journal& journal, std::filesystem::path run_dir, std::string run_id,
              std::map<std::string, boost::json::object> done, std::set<std::string> skipped_nodes)
        : wf_(wf), o_(o), store_(store), feed_(feed), journal_(journal), run_dir_(std::move(run_dir)),
          run_id_(std::move(run_id)),
          done_(std::move(done)), skipped_nodes_(std::move(skipped_nodes)), progress_(o.log, o.tty),
          env_(current_environment())
    {
        for (const auto& p : wf.settings.parameters)
            wf_params_[p.name] = p.value ? *p.value : p.default_value.value_or("");
        for (auto& [k, v] : o.parameters)
            wf_params_[k] = v;
        jobs_ = o.jobs == 0 ? 1 : o.jobs;
        if (wf.settings.parallelism && *wf.settings.parallelism > 0)
            jobs_ = std::min<std::size_t>(jobs_, static_cast<std::size_t>(*wf.settings.parallelism));
    }

    void run(run_result& res)
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
        bool ok = scopes_[root].status_ok;
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
        progress_.clear();
        res.status = ok ? step_status::succeeded : step_status::failed;
        res.outputs = globals_;
        res.seconds = progress_.elapsed();
        for (auto& [name, id] : global_artifacts_) {
            std::filesystem::path dest = run_dir_ / "outputs" / name;
            std::error_code ec;
            store_.get_file(id, dest, ec);
            if (!ec)
                res.artifacts[name] = dest;
        }
    }

private:
    struct node_t {
        step_status status = step_status::pending;
        std::size_t waiting = 0;
        std::size_t items = 0, items_done = 0;
        bool is_map = false, any_failed = false, any_omitted = false, all_cached = true, any_ran = false;
        std::vector<step_outputs> item_outs;
        std::vector<step_status> item_status;
        step_outputs out;
        std::string message;
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
        bool restored = false;
        // A prepared leaf:
        process_spec proc;
        std::filesystem::path dir, work;
        std::map<std::string, std::string> in_params, in_artifacts;
        std::vector<std::pair<std::string, std::string>> path_map; ///< declared -> local
        std::string memo_key;
        double timeout = 0;
        clock::time_point start, deadline, not_before;
        pid_t pid = -1;
        bool timed_out = false;
        bool needs_work = false; ///< a script, declared paths or a working dir: give it a work dir
        double seconds = 0;          ///< wall time of the successful attempt (cache cost if undeclared)
        std::uint64_t input_bytes = 0; ///< bytes of its input artifacts (cache cost if undeclared)
        std::string stdout_text, stderr_text;
    };

    // ---- scopes and nodes ----

    int new_scope(const graph* g, const step_template* t, std::string prefix, int depth, int parent,
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
        for (vertex v = 0; v < g->size(); ++v)
            s.nodes[v].waiting = g->predecessors(v).size();
        scopes_.push_back(std::move(s));
        total_ += g->size();
        progress_.set_total(total_);
        return static_cast<int>(scopes_.size() - 1);
    }

    void start_scope(int si)
    {
        if (scopes_[si].remaining == 0) {
            finish_scope(si);
            return;
        }
        for (vertex v = 0; v < scopes_[si].g->size(); ++v)
            if (scopes_[si].nodes[v].waiting == 0)
                node_ready(si, v);
    }

    static bool satisfied(const node_t& n, const step& st)
    {
        return n.status == step_status::succeeded || n.status == step_status::cached ||
               n.status == step_status::skipped || (n.status == step_status::failed && st.continue_on_failed);
    }

    std::string node_id(int si, vertex v) const { return scopes_[si].prefix + (*scopes_[si].g)[v].name; }

    void node_ready(int si, vertex v)
    {
        scope_t& sc = scopes_[si];
        const step& st = (*sc.g)[v];
        node_t& n = sc.nodes[v];
        std::string nid = node_id(si, v);
        if (skipped_nodes_.count(nid))
            return finish_node(si, v, step_status::skipped, "");
        if (!st.depends.empty()) {
            std::string err;
            std::string expr = translate_depends(si, st.depends, err);
            bool run = false;
            if (err.empty()) {
                try {
                    run = evaluate_condition(expr);
                } catch (const std::exception& e) {
                    err = e.what();
                }
            }
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
            std::string cond = subst_graph(st.when, si, nullptr, err);
            bool yes = false;
            if (err.empty()) {
                try {
                    yes = evaluate_condition(cond);
                } catch (const std::exception& e) {
                    err = e.what();
                }
            }
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
        progress_.set_total(total_);
        for (std::size_t i = 0; i < items.size(); ++i)
            new_invocation(si, v, n.is_map ? static_cast<int>(i) : -1, std::move(items[i]), 0);
    }

    bool expand_items(int si, const step& st, std::vector<boost::json::value>& items, std::string& err)
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

    std::string translate_depends(int si, const std::string& dep, std::string& err)
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
                else if (what == "Daemoned")
                    val = false;
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

    void finish_node(int si, vertex v, step_status s, const std::string& msg)
    {
        scope_t& sc = scopes_[si];
        node_t& n = sc.nodes[v];
        const step& st = (*sc.g)[v];
        n.status = s;
        n.message = msg;
        if (n.items == 0) {
            // The node never expanded (skipped, omitted, empty map, or failed before): it counts as one.
            ++done_count_;
            if (s == step_status::skipped || s == step_status::failed) {
                step_record r;
                r.id = node_id(si, v);
                r.template_name = st.template_name;
                r.status = s;
                r.message = msg;
                record(r);
            }
        }
        if (s == step_status::failed && !st.continue_on_failed) {
            sc.status_ok = false;
            stopping_ = stopping_ || !o_.keep_going; // fail fast, as Argo does by default
        }
        for (vertex w : sc.g->successors(v))
            if (--sc.nodes[w].waiting == 0)
                node_ready(si, w);
        if (--sc.remaining == 0)
            finish_scope(si);
    }

    void finish_scope(int si)
    {
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

    // ---- invocations ----

    void new_invocation(int si, vertex v, int item_index, boost::json::value item, int iteration)
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

    void start_invocation(int ii)
    {
        inv_t& inv = invs_[ii];
        if (stopping_)
            return complete_invocation(ii, step_status::omitted, "");
        auto d = done_.find(inv.id);
        if (d != done_.end()) {
            step_outputs out = step_outputs::from_json(d->second.at("out"));
            bool present = true;
            for (auto& [k, id] : out.artifacts)
                present = present && store_.contains(id);
            if (present && reuse_outputs(inv, out)) {
                // Resume: finished in the interrupted run; reuse its outputs.
                inv.out = std::move(out);
                inv.restored = true;
                std::string st = std::string(d->second.at("status").as_string());
                return complete_invocation(ii, st == "Cached"    ? step_status::cached
                                               : st == "Skipped" ? step_status::skipped
                                                                 : step_status::succeeded,
                                           "");
            }
        }
        std::string err;
        const step& st = (*scopes_[inv.scope].g)[inv.v];
        if (inv.item_index >= 0 && !st.when.empty()) {
            // A condition over `{{item}}` decides item by item (Argo skips those items).
            bool yes = false;
            std::string cond = subst_graph(st.when, inv.scope, &inv, err);
            if (err.empty()) {
                try {
                    yes = evaluate_condition(cond);
                } catch (const std::exception& e) {
                    err = e.what();
                }
            }
            if (!err.empty())
                return complete_invocation(ii, step_status::failed, "when: " + err);
            if (!yes)
                return complete_invocation(ii, step_status::skipped, "");
        }
        if (!prepare(ii, err))
            return complete_invocation(ii, step_status::failed, err);
        if (inv.tmpl->is_graph()) {
            const scope_t& sc = scopes_[inv.scope];
            if (sc.depth + 1 > o_.max_depth)
                return complete_invocation(ii, step_status::failed,
                                           "sub-workflow nesting deeper than " + std::to_string(o_.max_depth) +
                                               " (recursion guard)");
            store_.step_started(inv.id);
            int child = new_scope(inv.tmpl->graph(), inv.tmpl, inv.id + "/", sc.depth + 1, ii, inv.in_params,
                                  inv.in_artifacts);
            --total_; // the invocation is replaced by its graph's nodes
            ++graph_invs_;
            start_scope(child);
            return;
        }
        if (o_.memoize) {
            std::string text;
            if (store_.read_memo(inv.memo_key, text)) {
                boost::json::error_code jec;
                auto v = boost::json::parse(text, jec);
                if (!jec && v.is_object() && v.as_object().contains("out")) {
                    step_outputs out = step_outputs::from_json(v.as_object().at("out"));
                    bool present = true;
                    for (auto& [k, id] : out.artifacts)
                        present = present && store_.contains(id);
                    if (present && reuse_outputs(inv, out)) {
                        inv.out = std::move(out);
                        return complete_invocation(ii, step_status::cached, "");
                    }
                }
            }
        }
        launch(ii);
    }

    // Substitutes `{{...}}` at graph level: the scope's inputs, sibling outputs, items, workflow.
    std::string subst_graph(const std::string& text, int si, const inv_t* inv, std::string& err)
    {
        auto refs = find_references(text);
        if (refs.empty())
            return text;
        const scope_t& sc = scopes_[si];
        std::string out;
        std::size_t pos = 0;
        for (const auto& r : refs) {
            out.append(text, pos, r.begin - pos);
            pos = r.end;
            std::string rep = text.substr(r.begin, r.end - r.begin);
            using k = reference::kind;
            switch (r.what) {
            case k::input_parameter: {
                auto it = sc.inputs.find(r.name);
                if (it != sc.inputs.end())
                    rep = it->second;
                else
                    err = "unknown input parameter '" + r.name + "'";
                break;
            }
            case k::output_parameter:
            case k::result:
            case k::step_other: {
                auto u = sc.g->find(r.step);
                if (!u) {
                    err = "unknown step '" + r.step + "'";
                    break;
                }
                const node_t& n = sc.nodes[*u];
                if (r.what == k::step_other && r.text.size() > 19 &&
                    r.text.compare(r.text.size() - 19, 19, ".outputs.parameters") == 0) {
                    // Argo: all output parameters as a JSON object; for a map, a list of them.
                    auto obj = [](const step_outputs& o) {
                        boost::json::object j;
                        for (auto& [pk, pv] : o.params)
                            j[pk] = pv;
                        return j;
                    };
                    if (n.is_map) {
                        boost::json::array arr;
                        for (std::size_t i = 0; i < n.item_outs.size(); ++i)
                            if (n.item_status[i] != step_status::skipped)
                                arr.emplace_back(obj(n.item_outs[i]));
                        rep = boost::json::serialize(arr);
                    } else {
                        rep = boost::json::serialize(obj(n.out));
                    }
                    break;
                }
                if (r.what == k::step_other) {
                    // A memoized step succeeded, as far as expressions can tell (Argo does the same).
                    rep = n.status == step_status::cached ? "Succeeded" : to_string(n.status);
                    break;
                }
                if (n.status == step_status::pending) {
                    err = "step '" + r.step + "' has not finished";
                    break;
                }
                if (r.what == k::result) {
                    if (n.out.result)
                        rep = *n.out.result;
                    else
                        err = "step '" + r.step + "' has no result";
                } else {
                    auto it = n.out.params.find(r.name);
                    if (it != n.out.params.end())
                        rep = it->second;
                    else
                        err = "step '" + r.step + "' has no output parameter '" + r.name + "'";
                }
                break;
            }
            case k::workflow_parameter: {
                auto it = wf_params_.find(r.name);
                if (it != wf_params_.end())
                    rep = it->second;
                else
                    err = "unknown workflow parameter '" + r.name + "'";
                break;
            }
            case k::workflow_output_parameter: {
                auto it = globals_.find(r.name);
                if (it != globals_.end())
                    rep = it->second;
                break;
            }
            case k::workflow_other:
                if (r.text == "workflow.status")
                    rep = workflow_status_;
                else if (r.text == "workflow.name" || r.text == "workflow.uid")
                    rep = run_id_;
                else if (r.text == "workflow.namespace")
                    rep = "local";
                break;
            case k::item:
                if (inv && inv->item_index >= 0) {
                    const boost::json::value* v = &inv->item;
                    if (!r.name.empty()) {
                        v = v->is_object() ? v->as_object().if_contains(r.name) : nullptr;
                        if (!v) {
                            err = "item has no key '" + r.name + "'";
                            break;
                        }
                    }
                    rep = item_text(*v);
                }
                break;
            default: break;
            }
            out += rep;
        }
        out.append(text, pos, std::string::npos);
        return out;
    }

    // Argo prints items as text: strings raw, numbers as written (0.01, not 1E-2), the rest as JSON.
    static std::string item_text(const boost::json::value& v)
    {
        if (v.is_string())
            return std::string(v.as_string());
        if (v.is_double()) {
            char buf[32];
            for (int prec = 1; prec <= 17; ++prec) {
                std::snprintf(buf, sizeof buf, "%.*g", prec, v.as_double());
                if (std::strtod(buf, nullptr) == v.as_double())
                    break;
            }
            return buf;
        }
        return boost::json::serialize(v);
    }

    std::string resolve_artifact(const std::string& from, int si, std::string& err)
    {
        auto refs = find_references(from);
        if (refs.size() != 1) {
            err = "artifact source '" + from + "' is not one reference";
            return {};
        }
        const auto& r = refs[0];
        const scope_t& sc = scopes_[si];
        if (r.what == reference::kind::input_artifact) {
            auto it = sc.input_artifacts.find(r.name);
            if (it != sc.input_artifacts.end())
                return it->second;
        } else if (r.what == reference::kind::output_artifact) {
            if (auto u = sc.g->find(r.step)) {
                const node_t& n = sc.nodes[*u];
                auto it = n.out.artifacts.find(r.name);
                if (it != n.out.artifacts.end())
                    return it->second;
                if (n.is_map) {
                    err = "artifact '" + from + "' comes from a map: pick one item's artifact instead";
                    return {};
                }
            }
        }
        err = "cannot resolve artifact '" + from + "'";
        return {};
    }

    // Template-level substitution: its inputs (with mapped artifact paths) and workflow values.
    std::string subst_template(const std::string& text, const inv_t& inv, bool mapped, std::string& err)
    {
        auto refs = find_references(text);
        if (refs.empty())
            return text;
        std::string out;
        std::size_t pos = 0;
        for (const auto& r : refs) {
            out.append(text, pos, r.begin - pos);
            pos = r.end;
            std::string rep = text.substr(r.begin, r.end - r.begin);
            using k = reference::kind;
            if (r.what == k::input_parameter) {
                auto it = inv.in_params.find(r.name);
                if (it != inv.in_params.end())
                    rep = it->second;
                else
                    err = "unknown input parameter '" + r.name + "'";
            } else if (r.what == k::input_artifact) {
                const artifact* a = inv.tmpl->inputs.find_artifact(r.name);
                if (a)
                    rep = mapped ? map_path(inv, a->path) : a->path;
                else
                    err = "unknown input artifact '" + r.name + "'";
            } else if (r.what == k::workflow_parameter) {
                auto it = wf_params_.find(r.name);
                if (it != wf_params_.end())
                    rep = it->second;
            } else if (r.what == k::workflow_other) {
                if (r.text == "workflow.status")
                    rep = workflow_status_;
                else if (r.text == "workflow.name" || r.text == "workflow.uid")
                    rep = mapped ? run_id_ : "<run>"; // the run's name must not defeat memoization
            } else if (r.what == k::workflow_output_parameter) {
                auto it = globals_.find(r.name);
                if (it != globals_.end())
                    rep = it->second;
            }
            out += rep;
        }
        out.append(text, pos, std::string::npos);
        return out;
    }

    // `train(2)` -> `train_2`, `flip#3` -> `flip_3`: shell-safe, and step names (DNS-1123)
    // never contain `_`, so no collisions.
    static std::string dir_name(const std::string& id)
    {
        std::string out;
        for (char c : id)
            if (c == '(' || c == '#')
                out.push_back('_');
            else if (c != ')')
                out.push_back(c);
        return out;
    }

    static std::string map_path(const inv_t& inv, const std::string& p)
    {
        for (auto& [from, to] : inv.path_map)
            if (from == p)
                return to;
        return p;
    }

    // Rewrites every declared path occurring in `s` to its place under the step's work dir.
    static std::string apply_path_map(const inv_t& inv, std::string s)
    {
        for (auto& [from, to] : inv.path_map) {
            std::size_t pos = 0;
            while ((pos = s.find(from, pos)) != std::string::npos) {
                std::size_t e = pos + from.size();
                bool left_ok = pos == 0 || !(std::isalnum(static_cast<unsigned char>(s[pos - 1])) ||
                                             s[pos - 1] == '_' || s[pos - 1] == '.' || s[pos - 1] == '/');
                bool right_ok = e == s.size() || !(std::isalnum(static_cast<unsigned char>(s[e])) || s[e] == '_' ||
                                                   s[e] == '-' || s[e] == '.');
                if (left_ok && right_ok) {
                    s.replace(pos, from.size(), to);
                    pos += to.size();
                } else {
                    pos = e;
                }
            }
        }
        return s;
    }

    bool prepare(int ii, std::string& err)
    {
        inv_t& inv = invs_[ii];
        const scope_t& sc = scopes_[inv.scope];
        const step& st = (*sc.g)[inv.v];
        const step_template* t = inv.tmpl;
        for (const auto& p : t->inputs.parameters) {
            const parameter* arg = nullptr;
            for (const auto& a : st.arguments)
                if (a.name == p.name)
                    arg = &a;
            if (arg && arg->value)
                inv.in_params[p.name] = subst_graph(*arg->value, inv.scope, &inv, err);
            else if (p.value)
                inv.in_params[p.name] = *p.value;
            else if (p.default_value)
                inv.in_params[p.name] = *p.default_value;
            else
                err = "missing input parameter '" + p.name + "'";
            if (!err.empty())
                return false;
        }
        for (const auto& a : t->inputs.artifacts) {
            std::string from = a.from;
            for (const auto& arg : st.artifact_arguments)
                if (arg.name == a.name && !arg.from.empty())
                    from = arg.from;
            if (from.empty()) {
                if (a.optional)
                    continue;
                err = "input artifact '" + a.name + "' has no source";
                return false;
            }
            std::string id = resolve_artifact(subst_graph(from, inv.scope, &inv, err), inv.scope, err);
            if (!err.empty())
                return false;
            inv.in_artifacts[a.name] = id;
        }
        if (t->is_graph())
            return true;

        inv.dir = run_dir_ / "steps" / dir_name(inv.id);
        inv.work = inv.dir / "work";
        auto declare = [&](const std::string& p) {
            if (p.empty())
                return;
            std::string rel = p;
            while (!rel.empty() && rel.front() == '/')
                rel.erase(0, 1);
            inv.path_map.emplace_back(p, (inv.work / rel).string());
        };
        for (const auto& a : t->inputs.artifacts)
            declare(a.path);
        for (const auto& p : t->outputs.parameters)
            declare(p.from.path);
        for (const auto& a : t->outputs.artifacts)
            declare(a.path);
        std::sort(inv.path_map.begin(), inv.path_map.end(),
                  [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });

        // The memo key: the template's definition with inputs substituted (before any run-specific
        // path rewriting), the input artifacts' content hashes, the outputs it declares.
        sha256 h;
        auto feed = [&](const std::string& s) {
            h.update(s);
            h.update("\x1f", 1);
        };
        feed("couler-memo-v2");
        feed(inv.id); // the same step of the workflow: a recursive or repeated call is not "the same run"

        feed(to_string(t->kind()));
        feed(o_.runtime);
        feed(std::to_string(inv.iteration));
        std::vector<std::string> argv;
        std::string source;
        if (const container_spec* c = t->container()) {
            feed(c->image);
            if (c->command)
                for (auto& x : *c->command)
                    argv.push_back(subst_template(x, inv, false, err));
            feed("cmd:" + std::to_string(argv.size()));
            if (auto* s = std::get_if<script_spec>(&t->body)) {
                source = subst_template(s->source, inv, false, err);
                feed(source);
                argv.push_back("\x01script"); // placeholder for the script file
            }
            for (auto& x : c->args)
                argv.push_back(subst_template(x, inv, false, err));
            for (auto& e : c->env) {
                feed(e.name);
                feed(subst_template(e.value, inv, false, err));
            }
            feed(c->working_dir);
        } else if (auto* j = std::get_if<job_spec>(&t->body)) {
            for (auto& x : j->local_command)
                argv.push_back(subst_template(x, inv, false, err));
        } else if (auto* s = std::get_if<suspend_spec>(&t->body)) {
            argv = {"sleep", std::to_string(parse_duration(s->duration).value_or(0))};
        }
        if (!err.empty())
            return false;
        for (auto& a : argv)
            feed(a);
        for (auto& [k, v] : inv.in_artifacts) {
            feed(k);
            feed(v);
            feed(t->inputs.find_artifact(k)->path);
        }
        for (const auto& p : t->outputs.parameters) {
            feed(p.name);
            feed(p.from.path);
            feed(p.value.value_or(""));
        }
        for (const auto& a : t->outputs.artifacts) {
            feed(a.name);
            feed(a.path);
        }
        inv.memo_key = h.hex_digest();
        if (!t->timeout.empty())
            inv.timeout = parse_duration(subst_template(t->timeout, inv, false, err)).value_or(0);

        // Now the real command line, with declared paths rewritten into the work dir.
        process_spec& ps = inv.proc;
        std::string script_path = (inv.dir / "script").string();
        bool host = o_.runtime.empty() || o_.runtime == "host";
        std::vector<std::string> real;
        for (auto& a : argv) {
            if (a == "\x01script")
                real.push_back(script_path);
            else
                real.push_back(apply_path_map(inv, subst_template_mapped(a, inv)));
        }
        const container_spec* c = t->container();
        if (!source.empty() || std::holds_alternative<script_spec>(t->body))
            inv.path_map.emplace_back("\x01source", apply_path_map(inv, subst_template(
                                                                           std::get<script_spec>(t->body).source,
                                                                           inv, true, err)));
        if (c && !host) {
            std::vector<std::string> d{o_.runtime, "run", "--rm", "-v", inv.dir.string() + ":" + inv.dir.string(),
                                       "-w", inv.work.string()};
            for (auto& e : c->env)
                d.push_back("-e"), d.push_back(e.name + "=" + apply_path_map(inv, subst_template(e.value, inv, true, err)));
            if (!real.empty() && c->command && !c->command->empty()) {
                d.push_back("--entrypoint");
                d.push_back(real.front());
                real.erase(real.begin());
            }
            d.push_back(c->image);
            d.insert(d.end(), real.begin(), real.end());
            real = std::move(d);
        }
        if (real.empty())
            real = {"true"};
        ps.argv = std::move(real);
        ps.env = env_;
        ps.env.push_back("COULER_RUN_ID=" + run_id_);
        ps.env.push_back("COULER_STEP=" + inv.id);
        ps.env.push_back("COULER_WORK_DIR=" + inv.work.string());
        if (c && host)
            for (auto& e : c->env)
                ps.env.push_back(e.name + "=" + apply_path_map(inv, subst_template(e.value, inv, true, err)));
        // Steps that declare files get a private work dir; a bare command runs in steps/ so that
        // trivial steps cost no inode at all (logs are written only if there is output).
        inv.needs_work = std::holds_alternative<script_spec>(t->body) || !inv.path_map.empty() ||
                         (c && !c->working_dir.empty()) || !host;
        ps.cwd = inv.needs_work ? inv.work : run_dir_ / "steps";
        if (c && !c->working_dir.empty() && host)
            ps.cwd = apply_path_map(inv, c->working_dir);
        ps.capture = true;
        return err.empty();
    }

    std::string subst_template_mapped(const std::string& s, const inv_t& inv)
    {
        std::string err;
        return subst_template(s, inv, true, err);
    }

    // Input artifacts in the order the step lists them (the cache model's order), then the rest.
    std::vector<std::string> input_order(const inv_t& inv) const
    {
        std::vector<std::string> names;
        for (const auto& arg : (*scopes_[inv.scope].g)[inv.v].artifact_arguments)
            if (inv.in_artifacts.count(arg.name) &&
                std::find(names.begin(), names.end(), arg.name) == names.end())
                names.push_back(arg.name);
        for (const auto& [name, id] : inv.in_artifacts)
            if (std::find(names.begin(), names.end(), name) == names.end())
                names.push_back(name);
        return names;
    }

    // A memoized or journalled step's outputs, reused instead of running it. For the cache it
    // starts and finishes at once, and its outputs are labelled with it. With a capacity, each
    // output is first copied out of the store into the step's directory: the copy is the
    // object's origin, so later evictions (ours or another run's) cannot take it from this run;
    // false if an output could not be read (then the step runs).
    bool reuse_outputs(const inv_t& inv, const step_outputs& out)
    {
        std::map<std::string, std::filesystem::path> copies;
        if (store_.capacity_bytes() > 0)
            for (auto& [name, id] : out.artifacts) {
                std::filesystem::path dest = run_dir_ / "steps" / dir_name(inv.id) / "cached" / name;
                std::error_code ec;
                store_.get_file(id, dest, ec);
                if (ec)
                    return false;
                copies[name] = dest;
            }
        store_.step_started(inv.id);
        store_.step_finished(inv.id);
        for (auto& [name, id] : out.artifacts) {
            std::error_code ec;
            auto c = copies.find(name);
            std::uint64_t size = c != copies.end() ? std::filesystem::file_size(c->second, ec)
                                                   : std::filesystem::file_size(store_.object_path(id), ec);
            store_.adopt(id, feed_.hint(inv.id, name, ec ? 0 : size, std::numeric_limits<double>::infinity(), 0),
                         c != copies.end() ? c->second : std::filesystem::path());
        }
        return true;
    }

    void launch(int ii)
    {
        inv_t& inv = invs_[ii];
        std::error_code ec;
        if (inv.needs_work) {
            std::filesystem::remove_all(inv.work, ec); // a resumed step starts from a clean work dir
            std::filesystem::create_directories(inv.work, ec);
            if (ec)
                return complete_invocation(ii, step_status::failed, "cannot create " + inv.work.string());
        }
        for (auto& [from, to] : inv.path_map)
            if (from != "\x01source")
                std::filesystem::create_directories(std::filesystem::path(to).parent_path(), ec);
        // The trace event the cache policy sees, then the reads (hits first, then misses).
        store_.step_started(inv.id);
        std::vector<std::string> names = input_order(inv);
        std::vector<std::pair<std::string, std::filesystem::path>> reads;
        for (const auto& name : names)
            reads.emplace_back(inv.in_artifacts[name], map_path(inv, inv.tmpl->inputs.find_artifact(name)->path));
        std::size_t bad = 0;
        store_.read_inputs(reads, ec, bad);
        if (ec)
            return complete_invocation(ii, step_status::failed, "input artifact '" + names[bad] + "': " + ec.message());
        inv.input_bytes = 0;
        for (auto& r : reads) {
            std::uint64_t n = std::filesystem::file_size(r.second, ec);
            inv.input_bytes += ec ? 0 : n;
        }
        ec.clear();
        for (auto& [from, to] : inv.path_map)
            if (from == "\x01source") {
                atomic_write(inv.dir / "script", to, ec, false);
                ::chmod((inv.dir / "script").c_str(), 0755);
            }
        spawn(ii);
    }

    void spawn(int ii)
    {
        inv_t& inv = invs_[ii];
        ++inv.attempts;
        std::error_code ec;
        if (inv.proc.program.empty() && !inv.proc.argv.empty()) {
            // Resolve each command once per run (PATH does not change under us).
            auto it = resolved_.find(inv.proc.argv[0]);
            if (it == resolved_.end())
                it = resolved_.emplace(inv.proc.argv[0], resolve_in_path(inv.proc.argv[0])).first;
            inv.proc.program = it->second; // empty if not found: posix_spawnp reports the error
        }
        child c = spawn_process(inv.proc, ec);
        if (ec) {
            exit_info e;
            e.exit_code = 127;
            return finished_process(ii, e, "cannot start '" + inv.proc.argv[0] + "': " + ec.message());
        }
        inv.pid = c.pid;
        inv.start = clock::now();
        inv.timed_out = false;
        if (inv.timeout > 0)
            inv.deadline = inv.start + std::chrono::microseconds(static_cast<long long>(inv.timeout * 1e6));
        running_.push_back(c);
        by_pid_[c.pid] = ii;
        // Resume kills what a killed engine left running, by this process group id.
        journal_.append({{"t", "start"}, {"id", inv.id}, {"pgid", c.pid}, {"attempt", inv.attempts}});
        inv.status = step_status::running;
        if (o_.tty)
            progress_.started(inv.id);
    }

    void finished_process(int ii, exit_info& e, std::string msg)
    {
        inv_t& inv = invs_[ii];
        int code = e.exit_code;
        inv.pid = -1;
        inv.stdout_text = std::move(e.out);
        inv.stderr_text = std::move(e.err);
        write_logs(inv);
        double secs = std::chrono::duration<double>(clock::now() - inv.start).count();
        last_seconds_[ii] = inv.attempts > 0 && code != 127 ? secs : 0;
        inv.seconds = secs;
        if (code == 0)
            store_.step_finished(inv.id); // its outputs are offered to the cache next
        std::string err;
        if (code == 0 && collect_outputs(inv, err))
            return complete_invocation(ii, step_status::succeeded, "");
        if (code != 0 && msg.empty())
            msg = inv.timed_out ? "timed out after " + inv.tmpl->timeout : "exit code " + std::to_string(code);
        if (msg.empty())
            msg = err;
        const auto& rs = inv.tmpl->retry;
        bool retryable = rs && inv.attempts <= rs->limit && (rs->policy != "OnError" || inv.timed_out || code == 127);
        if (retryable) {
            double delay = 0;
            if (rs->back_off) {
                delay = parse_duration(rs->back_off->duration).value_or(0) *
                        std::pow(static_cast<double>(rs->back_off->factor.value_or(1)), inv.attempts - 1);
                if (auto cap = parse_duration(rs->back_off->max_duration))
                    delay = std::min(delay, *cap);
            }
            inv.not_before = clock::now() + std::chrono::microseconds(static_cast<long long>(delay * 1e6));
            journal_.append({{"t", "retry"}, {"id", inv.id}, {"attempt", inv.attempts}, {"message", msg}});
            progress_.note("retry " + inv.id + " (" + msg + "), attempt " + std::to_string(inv.attempts + 1));
            delayed_.push_back(ii);
            return;
        }
        complete_invocation(ii, step_status::failed, msg);
    }

    // Per-step logs, in the step's directory; only for steps that printed something.
    void write_logs(const inv_t& inv)
    {
        if (inv.stdout_text.empty() && inv.stderr_text.empty() && !inv.needs_work)
            return;
        std::error_code ec;
        std::filesystem::create_directories(inv.dir, ec);
        for (auto [name, text] : {std::pair<const char*, const std::string*>{"stdout.log", &inv.stdout_text},
                                  {"stderr.log", &inv.stderr_text}}) {
            std::filesystem::path p = inv.dir / name;
            if (text->empty()) {
                std::filesystem::remove(p, ec); // an earlier attempt's log
                continue;
            }
            int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            if (fd >= 0) {
                write_all(fd, text->data(), text->size());
                ::close(fd);
            }
        }
    }

    bool collect_outputs(inv_t& inv, std::string& err)
    {
        std::error_code ec;
        std::string out = inv.stdout_text;
        while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
            out.pop_back();
        inv.out.result = std::move(out);
        for (const auto& p : inv.tmpl->outputs.parameters) {
            std::string val;
            if (!p.from.path.empty()) {
                if (read_whole(map_path(inv, p.from.path), val, ec)) {
                    while (!val.empty() && std::isspace(static_cast<unsigned char>(val.back())))
                        val.pop_back();
                } else if (p.from.default_value) {
                    val = *p.from.default_value;
                } else {
                    err = "output parameter '" + p.name + "': " + p.from.path + " was not written";
                    return false;
                }
            } else if (!p.from.parameter.empty() || !p.from.expression.empty()) {
                val = subst_template_mapped(!p.from.parameter.empty() ? p.from.parameter : p.from.expression, inv);
            } else {
                val = subst_template_mapped(p.value.value_or(p.from.default_value.value_or("")), inv);
            }
            inv.out.params[p.name] = val;
        }
        for (const auto& a : inv.tmpl->outputs.artifacts) {
            std::string local = map_path(inv, a.path);
            if (std::filesystem::is_directory(local, ec)) {
                err = "output artifact '" + a.name + "' is a directory; the local engine stores files only";
                return false;
            }
            // The step's own file stays as the object's origin: consumers read it from there if
            // the policy refuses or evicts the object.
            std::uint64_t size = std::filesystem::file_size(local, ec);
            std::string id;
            if (!ec)
                id = store_.put_file(local, feed_.hint(inv.id, a.name, size, inv.seconds, inv.input_bytes), ec);
            if (ec) {
                if (a.optional)
                    continue;
                err = "output artifact '" + a.name + "': " + a.path + " was not written";
                return false;
            }
            inv.out.artifacts[a.name] = id;
        }
        return true;
    }

    void complete_invocation(int ii, step_status s, const std::string& msg)
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
                journal_.append({{"t", "inv"}, {"id", inv.id}, {"status", to_string(s)}, {"out", inv.out.to_json()}});
                if (s == step_status::succeeded && leaf && o_.memoize) {
                    std::error_code ec;
                    boost::json::object m{{"out", inv.out.to_json()}, {"step", inv.id}, {"run", run_id_}};
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
            std::string cond = subst_graph(st.repeat->condition, inv.scope, &inv, err);
            bool again = false;
            if (err.empty()) {
                try {
                    again = evaluate_condition(cond);
                } catch (const std::exception& e) {
                    err = e.what();
                }
            }
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
            for (auto& k : names) {
                boost::json::array arr;
                for (std::size_t i = 0; i < n.item_outs.size(); ++i)
                    if (n.item_status[i] != step_status::skipped)
                        arr.emplace_back(n.item_outs[i].params.count(k) ? n.item_outs[i].params.at(k) : "");
                n.out.params[k] = boost::json::serialize(arr);
            }
            boost::json::array res;
            for (std::size_t i = 0; i < n.item_outs.size(); ++i)
                if (n.item_status[i] != step_status::skipped)
                    res.emplace_back(n.item_outs[i].result.value_or(""));
            n.out.result = boost::json::serialize(res);
        }
        step_status ns = n.any_failed    ? step_status::failed
                         : n.any_omitted ? step_status::omitted
                         : !n.any_ran    ? step_status::skipped
                         : n.all_cached  ? step_status::cached
                                         : step_status::succeeded;
        finish_node(inv.scope, inv.v, ns, n.message);
    }

    void record_invocation(int ii, step_status s)
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

    void record(const step_record& r)
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

    void loop()
    {
        for (;;) {
            while (!ready_.empty() && running_.size() < jobs_) {
                int ii = ready_.front();
                ready_.pop_front();
                start_invocation(ii);
            }
            if (running_.empty() && ready_.empty() && delayed_.empty())
                break;
            if (!ready_.empty() && running_.size() < jobs_)
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
            for (auto& c : running_) {
                const inv_t& inv = invs_[by_pid_[c.pid]];
                if (inv.timeout > 0)
                    consider(inv.deadline);
            }
            if (running_.empty() && timeout_ms > 0) {
                // Only retries are waiting: sleep until the first is due.
                std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
            } else if (!running_.empty()) {
                for (auto& e : wait_any(running_, timeout_ms)) {
                    int ii = by_pid_[e.pid];
                    by_pid_.erase(e.pid);
                    finished_process(ii, e, "");
                }
            }
            now = clock::now();
            for (auto& c : running_) {
                inv_t& inv = invs_[by_pid_[c.pid]];
                if (inv.timeout > 0 && !inv.timed_out && now >= inv.deadline) {
                    inv.timed_out = true;
                    kill_group(c.pid); // the whole process group, not only the leader
                }
            }
            for (std::size_t i = 0; i < delayed_.size();) {
                int ii = delayed_[i];
                if (invs_[ii].not_before <= now) {
                    delayed_.erase(delayed_.begin() + static_cast<long>(i));
                    if (stopping_)
                        complete_invocation(ii, step_status::failed, invs_[ii].message);
                    else
                        spawn(ii);
                } else {
                    ++i;
                }
            }
            progress_.set_total(total_);
        }
    }

    const workflow& wf_;
    const options& o_;
    artifact_store& store_;
    const cache_feed& feed_;
    run_journal& journal_;
    std::filesystem::path run_dir_;
    std::string run_id_;
    std::map<std::string, boost::json::object> done_;
    std::set<std::string> skipped_nodes_;
    progress progress_;
    std::vector<std::string> env_;
    std::map<std::string, std::string> wf_params_, globals_, global_artifacts_;
    std::string workflow_status_ = "Running";
    std::size_t jobs_ = 1;
    std::deque<scope_t> scopes_;
    std::deque<inv_t> invs_;
    std::deque<int> ready_;
    std::vector<int> delayed_;
    std::vector<child> running_;
    std::map<pid_t, int> by_pid_;
    std::map<int, double> last_seconds_;
    std::map<std::string, std::string> resolved_;
    graph exit_graph_, entry_graph_;
    bool stopping_ = false;
    std::size_t total_ = 0, done_count_ = 0, graph_invs_ = 0;
    run_result* res_ = nullptr;
};

} // namespace detail
} // namespace engine
} // namespace couler

#endif
