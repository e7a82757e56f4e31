// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The Airflow emitter's driver: the entry graph, its edges and trigger rules, the exit
// handler, and the DAG file (declared in airflow_emitter.hpp).
#ifndef COULER_EMIT_IMPL_AIRFLOW_DAG_HPP
#define COULER_EMIT_IMPL_AIRFLOW_DAG_HPP

namespace couler::detail {

/// The trigger rule of an exit-graph step from its `when` on `{{workflow.status}}`, or empty.
inline std::string af_exit_rule(std::string_view when, bool skips)
{
    if (when.empty())
        return "ALL_DONE";
    std::string lhs, rhs, op = af_split_condition(when, lhs, rhs);
    auto unq = [](std::string s) {
        if (s.size() >= 2 && (s[0] == '"' || s[0] == '\'') && s.back() == s[0])
            s = s.substr(1, s.size() - 2);
        return s;
    };
    auto refs = find_references(lhs);
    if (refs.size() != 1 || refs[0].text != "workflow.status" || refs[0].begin != 0 || refs[0].end != lhs.size())
        return {};
    rhs = unq(rhs);
    // A run in which a conditional step was skipped still succeeded: NONE_FAILED then.
    if ((op == "==" && rhs == "Succeeded") || (op == "!=" && (rhs == "Failed" || rhs == "Error")))
        return skips ? "NONE_FAILED" : "ALL_SUCCESS";
    if ((op == "!=" && rhs == "Succeeded") || (op == "==" && (rhs == "Failed" || rhs == "Error")))
        return "ONE_FAILED";
    return {};
}

template <class S, class A> void airflow_emitter<S, A>::add_exit(const std::vector<std::size_t>& sinks)
{
    std::string name = wf_.settings.on_exit;
    auto h = wf_.settings.hooks.find("exit");
    if (h != wf_.settings.hooks.end()) {
        if (h->second.template_ref_ || !h->second.arguments.empty() || !h->second.artifact_arguments.empty())
            refuse("$.settings.hooks.exit", "an exit hook with a template_ref or arguments");
        if (name.empty())
            name = h->second.template_name;
    }
    if (name.empty())
        return;
    const std::string path = "$.templates." + name;
    const template_type* t = wf_.find_template(name);
    if (!t) {
        bad(path, "the exit handler names no template");
        return;
    }
    bool skips = std::any_of(tasks_.begin(), tasks_.end(), [](const task& x) { return x.skippable; });
    auto finish = [&](std::size_t i, const std::string& rule) {
        tasks_[i].upstream = sinks;
        tasks_[i].kwargs.emplace_back("trigger_rule", "TriggerRule." + rule);
    };
    if (!t->is_graph()) {
        step_type st;
        st.name = name;
        st.template_name = name;
        std::size_t before = ps_.size();
        check_template(*t, path);
        if (ps_.size() == before)
            finish(add_instance(st, *t, std::nullopt, 0, path, "exit"), "ALL_DONE");
        return;
    }
    const graph_type& g = *t->graph();
    if (g.edge_count() > 0)
        refuse(path, "exit handler '" + name + "': ordered steps in an exit handler (only one parallel group is lowered)");
    const auto& bg = g.boost_graph();
    for (auto [it, end] = boost::vertices(bg); it != end; ++it) {
        const step_type& st = g[*it];
        const std::string sp = path + ".steps." + st.name;
        std::size_t before = ps_.size();
        check_step(st, sp, true);
        const template_type* lt = wf_.template_of(st);
        if (!lt && st.template_name.empty())
            continue; // refused by check_step
        if (!lt) {
            bad(sp, "names no template '" + st.template_name + "'");
            continue;
        }
        check_template(*lt, sp + " (template " + lt->name + ")");
        std::string rule = af_exit_rule(st.when, skips);
        if (rule.empty())
            refuse(sp + ".when", "exit-handler condition '" + st.when +
                                     "': only {{workflow.status}} ==/!= Succeeded, Failed or Error is lowered");
        if (ps_.size() == before)
            finish(add_instance(st, *lt, std::nullopt, 0, sp, "exit"), rule);
    }
}

template <class S, class A>
void airflow_emitter<S, A>::emit_graph(const graph_type& g, const std::string& gp, std::vector<std::size_t>& heads_out,
                                       std::vector<std::size_t>& tails_out)
{
    const auto& bg = g.boost_graph();
    for (auto [it, end] = boost::vertices(bg); it != end; ++it) {
        const step_type& st = g[*it];
        const template_type* t = wf_.template_of(st);
        if (g[*it].is_map() || (t && t->is_graph()))
            map_steps_.insert(prefix_ + st.name); // no single task: its outputs cannot be read
        else
            step_task_[prefix_ + st.name] = af_task_id(prefix_ + st.name, ids_);
    }
    scan_output_refs(g);
    std::vector<std::vector<std::size_t>> heads(g.size()), tails(g.size());
    for (auto [it, end] = boost::vertices(bg); it != end; ++it) {
        const step_type& st = g[*it];
        const std::string sp = gp + ".steps." + st.name;
        if (prefix_.empty())
            top_ = st.name;
        std::size_t before = ps_.size();
        check_step(st, sp, false);
        const template_type* t = wf_.template_of(st);
        if (!t && st.template_name.empty())
            continue;
        if (!t) {
            bad(sp, "names no template '" + st.template_name + "'");
            continue;
        }
        if (t->is_graph()) { // a nested sub-workflow: flattened into this DAG
            if (std::find(stack_.begin(), stack_.end(), t->name) != stack_.end()) {
                refuse(sp, "recursion: template '" + t->name + "' invokes itself, and a DAG cannot loop");
                continue;
            }
            if (!st.when.empty())
                refuse(sp + ".when", "a condition on a nested sub-workflow step");
            if (t->retry || t->memoize || t->synchronization || !t->timeout.empty() || !t->total_timeout.empty() ||
                !t->outputs.empty() || !t->inputs.artifacts.empty() || !t->extensions.empty() || !t->metrics.empty() ||
                !t->volumes.empty() || t->parallelism || !t->graph()->target.empty())
                refuse(sp + " (template " + t->name + ")", "retry, memoize, locks, timeouts, outputs, artifacts, "
                                                            "volumes, metrics, parallelism, a target or extensions of a nested sub-workflow");
            if (ps_.size() != before)
                continue;
            std::size_t index = 0;
            for (const auto& item : instances(st, sp)) {
                auto inputs = bind_inputs(st, *t, item, sp);
                std::string saved_prefix = prefix_;
                const auto* saved_inputs = graph_inputs_;
                prefix_ += st.name + (item ? "__" + std::to_string(index) : std::string()) + ".";
                graph_inputs_ = &inputs;
                stack_.push_back(t->name);
                std::size_t n = tasks_.size();
                emit_graph(*t->graph(), "$.templates." + t->name, heads[*it], tails[*it]);
                stack_.pop_back();
                graph_inputs_ = saved_inputs;
                prefix_ = saved_prefix;
                if (tasks_.size() == n && ps_.size() == before)
                    refuse(sp, "an empty nested sub-workflow (its dependencies would vanish)");
                ++index;
            }
            continue;
        }
        check_template(*t, sp + " (template " + t->name + ")");
        if (ps_.size() != before)
            continue;
        std::size_t index = 0;
        for (const auto& item : instances(st, sp)) {
            std::size_t i = add_instance(st, *t, item, index++, sp, "step");
            tails[*it].push_back(i);
            if (!st.when.empty()) {
                add_condition(st, i, scope{graph_inputs_, item ? &*item : nullptr}, sp);
                heads[*it].push_back(tasks_[i].upstream.empty() ? i : tasks_[i].upstream.back());
            } else {
                heads[*it].push_back(i);
            }
        }
    }
    for (auto [it, end] = boost::edges(bg); it != end; ++it)
        for (std::size_t a : tails[boost::source(*it, bg)])
            for (std::size_t b : heads[boost::target(*it, bg)])
                tasks_[b].upstream.push_back(a);
    for (auto [it, end] = boost::vertices(bg); it != end; ++it) {
        if (boost::in_degree(*it, bg) == 0)
            heads_out.insert(heads_out.end(), heads[*it].begin(), heads[*it].end());
        if (boost::out_degree(*it, bg) == 0)
            tails_out.insert(tails_out.end(), tails[*it].begin(), tails[*it].end());
    }
}

template <class S, class A> airflow_dag airflow_emitter<S, A>::run()
{
    check_workflow();
    const template_type* entry = wf_.find_template(wf_.entrypoint);
    if (!entry)
        throw invalid_input({{"$.entrypoint", error::unknown_reference, "names no template: " + wf_.entrypoint}});
    graph_type single; // an entry that is one leaf template runs as a one-step graph
    if (!entry->is_graph()) {
        step_type st;
        st.name = entry->name;
        st.template_name = entry->name;
        single.add_step(std::move(st));
    }
    const graph_type& g = entry->is_graph() ? *entry->graph() : single;
    const std::string gp = "$.templates." + entry->name;
    if (entry->is_graph()) {
        if (!g.target.empty())
            refuse(gp, "a dag target (run only part of the graph)");
        if (entry->retry || entry->memoize || entry->synchronization || !entry->timeout.empty() ||
            !entry->total_timeout.empty() || !entry->inputs.artifacts.empty() || !entry->outputs.empty() ||
            !entry->extensions.empty() || !entry->metrics.empty() || !entry->volumes.empty())
            refuse(gp, "retry, memoize, locks, timeouts, input artifacts, outputs, volumes, metrics or extensions of "
                       "the entry graph");
    }
    // The entry graph's inputs take the workflow parameters of the same name (as Argo passes
    // spec.arguments to the entrypoint), else their defaults.
    std::map<std::string, std::string> entry_inputs;
    for (const auto& p : entry->is_graph() ? entry->inputs.parameters : std::vector<parameter>{}) {
        bool from_workflow = std::any_of(st_params().begin(), st_params().end(),
                                         [&](const parameter& w) { return w.name == p.name; });
        if (from_workflow)
            entry_inputs[p.name] = param_ref(p.name);
        else if (p.default_value || p.value)
            entry_inputs[p.name] = render(p.default_value ? *p.default_value : *p.value, scope{}, gp + ".inputs." + p.name);
        else
            bad(gp + ".inputs." + p.name, "an entry input that neither a workflow parameter nor a default gives a value");
    }
    graph_inputs_ = &entry_inputs;
    std::vector<std::size_t> heads, tails;
    stack_.push_back(entry->name);
    emit_graph(g, gp, heads, tails);
    graph_inputs_ = nullptr;
    for (auto& tk : tasks_)
        if (std::any_of(tk.upstream.begin(), tk.upstream.end(), [&](std::size_t u) { return tasks_[u].skippable; }))
            tk.kwargs.emplace_back("trigger_rule", "TriggerRule.NONE_FAILED");
    std::vector<std::size_t> sinks;
    std::vector<bool> has_down(tasks_.size());
    for (const auto& tk : tasks_)
        for (std::size_t u : tk.upstream)
            has_down[u] = true;
    for (std::size_t i = 0; i < tasks_.size(); ++i)
        if (!has_down[i])
            sinks.push_back(i);
    add_exit(sinks);
    if (!ps_.empty())
        throw invalid_input(ps_);
    airflow_dag out;
    out.source = write();
    for (const auto& tk : tasks_)
        out.tasks.push_back({tk.id, tk.step, tk.role});
    return out;
}

template <class S, class A> std::string airflow_emitter<S, A>::write() const
{
    const bool v3 = opt_.target == airflow_target::airflow3;
    const auto& st = wf_.settings;
    std::string o;
    o += "# Generated by couler for ";
    o += v3 ? "Airflow 3" : "Airflow 2 (2.4 or later)";
    o += ": one KubernetesPodOperator per step.\n"
         "# Every user value is a Python string literal; in templated fields, Jinja syntax inside\n"
         "# values is escaped, so values reach the pods unchanged.\n"
         "import datetime\n\n";
    if (v3)
        o += "from airflow.sdk import DAG, Param, TriggerRule\n";
    else
        o += "from airflow import DAG\nfrom airflow.models.param import Param\n"
             "from airflow.utils.trigger_rule import TriggerRule\n";
    o += "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\n";
    std::set<std::string> none;
    std::string name = wf_.display_name();
    while (name.size() > 1 && name.back() == '-') // a generateName prefix
        name.pop_back();
    std::string dag_id = af_task_id(name, none);
    o += "with DAG(\n    dag_id=" + af_py(dag_id) + ",\n    dag_display_name=" + af_py(wf_.display_name()) + ",\n";
    o += "    schedule=" + (st.cron ? af_py(st.cron->schedule) : std::string("None")) + ",\n";
    o += "    start_date=datetime.datetime(2024, 1, 1),\n    catchup=False,\n";
    if (st.cron && st.cron->suspend)
        o += "    is_paused_upon_creation=True,\n";
    if (!st.parameters.empty()) {
        o += "    params={\n";
        for (const auto& p : st.parameters) {
            o += "        " + af_py(p.name) + ": Param(" + (p.value ? af_py(*p.value) : std::string("None"));
            if (!p.description.empty())
                o += ", description=" + af_py(p.description);
            if (!p.enum_values.empty()) {
                o += ", enum=[";
                for (std::size_t i = 0; i < p.enum_values.size(); ++i)
                    o += (i ? ", " : "") + af_py(p.enum_values[i]);
                o += "]";
            }
            o += "),\n";
        }
        o += "    },\n";
    }
    if (!st.labels.empty()) { // workflow labels: DAG tags "key=value"
        o += "    tags=[";
        for (const auto& [k, v] : st.labels)
            o += (o.back() == '[' ? "" : ", ") + af_py(k + "=" + v);
        o += "],\n";
    }
    if (!st.annotations.empty()) { // annotations: the DAG's documentation ("key: value" lines)
        std::string doc;
        for (const auto& [k, v] : st.annotations)
            doc += k + ": " + v + "\n"; // ends with a newline: a doc_md ending in .md is read as a file
        o += "    doc_md=" + af_py(doc) + ",\n";
    }
    if (st.parallelism)
        o += "    max_active_tasks=" + std::to_string(*st.parallelism) + ",\n";
    if (const template_type* e = wf_.find_template(wf_.entrypoint); e && e->parallelism && !st.parallelism)
        o += "    max_active_tasks=" + std::to_string(*e->parallelism) + ",\n";
    if (st.active_deadline_seconds)
        o += "    dagrun_timeout=" + af_seconds(*st.active_deadline_seconds) + ",\n";
    o += ") as dag:\n";
    for (const auto& tk : tasks_) {
        o += "    " + tk.var + " = KubernetesPodOperator(\n";
        for (const auto& [k, v] : tk.kwargs)
            o += "        " + k + "=" + v + ",\n";
        o += "    )\n";
    }
    std::set<std::pair<std::size_t, std::size_t>> edges;
    for (std::size_t i = 0; i < tasks_.size(); ++i)
        for (std::size_t u : tasks_[i].upstream)
            edges.emplace(u, i);
    if (!edges.empty())
        o += "\n";
    for (const auto& [a, b] : edges)
        o += "    " + tasks_[a].var + " >> " + tasks_[b].var + "\n";
    return o;
}

} // namespace couler::detail

#endif
