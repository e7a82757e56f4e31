// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_IMPL_TEKTON_STEP_HPP
#define COULER_EMIT_IMPL_TEKTON_STEP_HPP

// Members of tekton_emitter: one IR step as a PipelineTask (params, runAfter, when, matrix,
// retries, timeout), with the condition tasks its ordering predicates need. Included by
// impl/tekton.hpp.

namespace couler {
namespace detail {

inline bool tekton_uses_item(std::string_view s)
{
    for (const auto& r : find_references(s))
        if (r.what == reference::kind::item)
            return true;
    return false;
}

/// `depends` of step names joined by `&&`, each already an edge into the step: the IR's edges
/// (runAfter) say it all. Argo's bare name also accepts a skipped task, as runAfter does.
template <class S, class A> bool tekton_emitter<S, A>::plain_depends(const template_type& owner, const step_type& s) const
{
    const auto* g = owner.graph();
    auto v = g ? g->find(s.name) : std::nullopt;
    if (!v)
        return false;
    std::set<std::string> preds;
    for (auto p : g->predecessors(*v))
        preds.insert((*g)[p].name);
    std::string_view d = s.depends;
    while (true) {
        std::size_t amp = d.find("&&");
        std::string_view name = tekton_trim(d.substr(0, amp));
        if (!preds.count(std::string(name)))
            return false;
        if (amp == std::string_view::npos)
            return true;
        d.remove_prefix(amp + 2);
    }
}

template <class S, class A>
json::object tekton_emitter<S, A>::pipeline_task(const template_type& owner, const step_type& s, bool in_finally)
{
    const std::string who = where(owner, s);
    check_extensions(s.extensions, who);
    const std::string name = tname(s.name);
    if (!tekton_is_label(name))
        add(who + ": not a Tekton task name (a DNS-1123 label: lower-case letters, digits and '-', at most 63)",
            error::invalid_name);
    if (s.repeat)
        add(who + ": exec_while (repeat_while) has no Tekton form: a Tekton pipeline cannot loop");
    if (s.template_ref_)
        add(who + ": a template_ref (a template stored elsewhere) has no Tekton form");
    if (!s.depends.empty() && !plain_depends(owner, s))
        add(who + ": the 'depends' expression '" + s.depends +
            "' has no Tekton form (only step names joined by &&: runAfter, which also runs after a skipped task)");
    if (!s.hooks.empty())
        add(who + ": lifecycle hooks have no Tekton form (only the pipeline has finally tasks)");
    const template_type* t = step_template(s);
    if (!t) {
        if (!s.template_ref_)
            add(who + ": unknown template '" + s.template_name + "'", error::unknown_reference);
        return {};
    }
    if (t->is_graph()) {
        bool recursive = t == &owner || t == entry_;
        for (std::size_t v = 0; v < t->graph()->size() && !recursive; ++v) // exec_while as Argo writes it
            recursive = (*t->graph())[v].template_name == t->name;
        add(who + (recursive ? ": recursion (the step runs a template that contains it) has no Tekton form"
                             : ": a nested sub-workflow (graph template '" + t->name +
                                   "') has no Tekton form here (pipelines in pipelines are alpha in Tekton)"));
        return {};
    }
    json::object pt;
    pt["name"] = name;
    std::set<std::string> reads;
    std::vector<json::object> conditions;
    xctx x;
    x.where = in_finally ? place::finally_ : place::pipeline;
    x.reads = &reads;
    json::array params;
    for (const auto& a : s.arguments) {
        if (!tekton_is_param_name(a.name, false))
            add(who + ": argument '" + a.name + "' is not a Tekton param name ([a-zA-Z_][a-zA-Z0-9_.-]*)", error::invalid_name);
        if (!a.value || (s.is_map() && tekton_uses_item(*a.value)))
            continue; // no value: the task's default; a map item: the matrix
        params.push_back(json::object{{"name", a.name}, {"value", tr(*a.value, x, who, "argument '" + a.name + "'")}});
    }
    bool unused_item = false; // the Matrix fans out over a param the Task gets but does not read
    if (s.is_map()) {
        if (in_finally)
            add(who + ": a map in the exit handler has no Tekton form");
        else
            unused_item = matrix_json(pt, owner, s, *t, reads);
    }
    when_json(pt, owner, s, in_finally, reads, conditions);
    task_use u;
    in_finally_ = in_finally;
    json::object spec = task_spec(*t, s, who, u);
    in_finally_ = false;
    if (unused_item) {
        if (!spec.contains("params"))
            spec["params"] = json::array{};
        spec["params"].as_array().push_back(json::object{{"name", "couler-item"}, {"type", "string"}});
    }
    for (const auto& [name, value] : u.implicit)
        params.push_back(json::object{{"name", name}, {"value", value}});
    if (!params.empty())
        pt["params"] = std::move(params);
    if (!in_finally && owner.graph()) {
        const auto& g = *owner.graph();
        json::array after;
        if (auto v = g.find(s.name))
            for (auto p : g.predecessors(*v))
                if (!reads.count(tname(g[p].name))) // a result reference orders them already
                    after.emplace_back(tname(g[p].name));
        if (!after.empty())
            pt["runAfter"] = std::move(after);
    }
    pt["taskSpec"] = std::move(spec);
    if (!u.bindings.empty())
        pt["workspaces"] = json::array(u.bindings.begin(), u.bindings.end());
    if (t->retry) {
        const auto& r = *t->retry;
        if (r.unlimited || !r.limit_expression.empty())
            add(who + ": retries without a fixed limit have no Tekton form (retries is a number)");
        if (r.back_off)
            add(who + ": retry backoff has no Tekton form (Tekton retries at once)");
        if (!r.expression.empty())
            add(who + ": a retry expression has no Tekton form");
        if (!(r.policy.empty() || r.policy == "Always" || r.policy == "OnFailure"))
            add(who + ": retry policy '" + r.policy + "' has no Tekton form (Tekton retries on any failure)");
        if (r.limit > 0)
            pt["retries"] = r.limit;
    }
    if (!t->timeout.empty() && !t->total_timeout.empty())
        add(who + ": both timeout and total_timeout: Tekton has one timeout per task");
    for (const std::string* d : {&t->timeout, &t->total_timeout})
        if (!d->empty()) {
            std::int64_t sec = argo_duration_seconds(*d);
            if (sec < 0)
                add(who + ": timeout '" + *d + "' is not a fixed duration (Tekton needs one)");
            else
                pt["timeout"] = std::to_string(sec) + "s";
        }
    if (s.continue_on_failed || s.continue_on_error)
        pt["onError"] = "continue";
    if (!t->node_selector.empty() || !t->tolerations.empty()) {
        json::object pod;
        if (!t->node_selector.empty())
            pod["nodeSelector"] = string_map(t->node_selector);
        if (!t->tolerations.empty()) {
            json::array a;
            for (const auto& y : t->tolerations)
                a.push_back(toleration_json(y));
            pod["tolerations"] = std::move(a);
        }
        task_run_specs_.push_back(json::object{{"pipelineTaskName", name}, {"podTemplate", std::move(pod)}});
    }
    merge_extension(pt, s.extensions);
    if (!conditions.empty())
        pt["couler-conditions"] = json::array(conditions.begin(), conditions.end()); // spliced by the caller
    return pt;
}

template <class S, class A>
void tekton_emitter<S, A>::when_json(json::object& pt, const template_type& owner, const step_type& s, bool in_finally,
                                     std::set<std::string>& reads, std::vector<json::object>& conditions)
{
    if (s.when.empty())
        return;
    const std::string who = where(owner, s);
    std::vector<tekton_comparison> cs;
    if (!tekton_split_condition(s.when, cs)) {
        add(who + ": condition '" + s.when +
            "' has no Tekton form (Tekton's when takes comparisons joined by &&; not ||, !, parentheses or =~)");
        return;
    }
    json::array w;
    for (const auto& c : cs) {
        const bool eq = c.op == "==" || c.op == "!=";
        const char* op = c.op == "==" ? "in" : "notin";
        if (in_finally && eq && tekton_trim(c.lhs) == "{{workflow.status}}" && c.rhs.find("{{") == std::string::npos) {
            // Tekton's aggregate status: Succeeded, or Completed when some tasks were skipped.
            json::array values;
            if (c.rhs == "Succeeded")
                values = {"Succeeded", "Completed"};
            else if (c.rhs == "Failed" || c.rhs == "Error")
                values = {"Failed"};
            else
                values = {lit(c.rhs, who, "condition")};
            w.push_back(json::object{{"input", "$(tasks.status)"}, {"operator", op}, {"values", std::move(values)}});
            continue;
        }
        if (eq) {
            xctx x;
            x.where = in_finally ? place::finally_ : place::pipeline;
            x.reads = &reads;
            std::string lhs = tr(c.lhs, x, who, "condition");
            std::string rhs = tr(c.rhs, x, who, "condition");
            w.push_back(json::object{{"input", std::move(lhs)}, {"operator", op}, {"values", json::array{std::move(rhs)}}});
            continue;
        }
        // An ordering predicate: a condition task compares, the when tests its result.
        if (in_finally) {
            add(who + ": an ordering comparison in the exit handler has no Tekton form (a finally task cannot wait "
                      "for a condition task)");
            continue;
        }
        std::string name = tname(s.name) + "-cond";
        for (int k = 2; task_names_.count(name); ++k)
            name = tname(s.name) + "-cond-" + std::to_string(k);
        if (!tekton_is_label(name)) {
            add(who + ": the condition task's name '" + name + "' is not a DNS-1123 label", error::invalid_name);
            continue;
        }
        task_names_.insert(name);
        std::set<std::string> cond_reads;
        xctx x;
        x.reads = &cond_reads;
        json::array params{json::object{{"name", "a"}, {"value", tr(c.lhs, x, who, "condition")}},
                           json::object{{"name", "b"}, {"value", tr(c.rhs, x, who, "condition")}}};
        json::array cmd{"sh", "-c", tekton_condition_script(), "couler-cond", "$(params.a)", c.op, "$(params.b)",
                        "$(results.ok.path)"};
        json::object spec{
            {"params", json::array{json::object{{"name", "a"}, {"type", "string"}}, json::object{{"name", "b"}, {"type", "string"}}}},
            {"results", json::array{json::object{{"name", "ok"}, {"type", "string"}}}},
            {"steps", json::array{json::object{{"name", "compare"}, {"image", opt_.helper_image}, {"command", std::move(cmd)}}}}};
        json::object ct{{"name", name}, {"params", std::move(params)}, {"taskSpec", std::move(spec)}};
        conditions.push_back(std::move(ct));
        w.push_back(json::object{{"input", "$(tasks." + name + ".results.ok)"}, {"operator", "in"}, {"values", json::array{"true"}}});
    }
    if (!w.empty())
        pt["when"] = std::move(w);
}

template <class S, class A>
bool tekton_emitter<S, A>::matrix_json(json::object& pt, const template_type& owner, const step_type& s,
                                       const template_type& t, std::set<std::string>& reads)
{
    (void)t;
    const std::string who = where(owner, s);
    std::vector<const parameter*> item_args;
    for (const auto& a : s.arguments)
        if (a.value && tekton_uses_item(*a.value))
            item_args.push_back(&a);
    // A map whose item no argument uses still runs once per item: a Matrix needs a param to
    // fan out over, so the Task gets one it does not read.
    static const parameter unused{"couler-item", std::string("{{item}}"), {}, {}, {}, {}, {}, {}};
    const bool synthetic = item_args.empty();
    if (synthetic)
        item_args.push_back(&unused);
    for (const auto& a : s.artifact_arguments)
        if (tekton_uses_item(a.from))
            add(who + ": artifact '" + a.name + "' depends on the map item, which a Matrix cannot pass");
    if (!s.with_param.empty()) {
        auto refs = find_references(s.with_param);
        std::string_view whole = tekton_trim(s.with_param);
        bool one = refs.size() == 1 && whole.size() == refs[0].end - refs[0].begin &&
                   (refs[0].what == reference::kind::result || refs[0].what == reference::kind::output_parameter) &&
                   graph_ && owner.graph() == graph_ && graph_->find(refs[0].step) && !mapped_.count(refs[0].step);
        if (!one) {
            add(who + ": with_param '" + s.with_param +
                "' has no Tekton form (a Matrix maps over one array result of an unmapped sibling step)");
            return synthetic;
        }
        const auto& r = refs[0];
        std::string res = r.what == reference::kind::result ? "result" : r.name;
        json::array mps;
        for (const auto* a : item_args) {
            if (tekton_trim(*a->value) != "{{item}}" && tekton_trim(*a->value) != "{{ item }}") {
                add(who + ": argument '" + a->name + "' is '" + *a->value +
                    "'; over an array result a Matrix passes only the whole item ({{item}})");
                continue;
            }
            mps.push_back(json::object{{"name", a->name}, {"value", "$(tasks." + tname(r.step) + ".results." + res + "[*])"}});
        }
        reads.insert(tname(r.step));
        pt["matrix"] = json::object{{"params", std::move(mps)}};
        return synthetic;
    }
    std::vector<json::value> items;
    if (!s.with_items.empty()) {
        items = s.with_items;
    } else if (s.with_sequence) {
        const auto& q = *s.with_sequence;
        auto num = [](const std::string& v, long long& out) {
            if (v.empty() || v.size() > 12)
                return false;
            std::size_t i = v[0] == '-' ? 1 : 0;
            if (i == v.size())
                return false;
            for (std::size_t j = i; j < v.size(); ++j)
                if (v[j] < '0' || v[j] > '9')
                    return false;
            out = std::stoll(v);
            return true;
        };
        long long count = 0, start = 0, end = 0;
        bool ok = q.format.empty() && (q.count.empty() || num(q.count, count)) && (q.start.empty() || num(q.start, start)) &&
                  (q.end.empty() || num(q.end, end)) && (q.count.empty() != q.end.empty());
        if (!ok) {
            add(who + ": with_sequence has no Tekton form unless count or start/end are literal integers without format");
            return synthetic;
        }
        long long n = q.count.empty() ? (end >= start ? end - start + 1 : start - end + 1) : count;
        if (n > static_cast<long long>(opt_.max_matrix)) {
            add(who + ": a map of " + std::to_string(n) + " items is over Tekton's Matrix cap of " +
                std::to_string(opt_.max_matrix) + " combinations");
            return synthetic;
        }
        for (long long i = 0; i < n; ++i)
            items.emplace_back(std::to_string(q.count.empty() && end < start ? start - i : start + i));
    }
    if (items.size() > opt_.max_matrix) {
        add(who + ": a map of " + std::to_string(items.size()) + " items is over Tekton's Matrix cap of " +
            std::to_string(opt_.max_matrix) + " combinations");
        return synthetic;
    }
    json::array include;
    for (const auto& it : items) {
        xctx x;
        x.reads = &reads;
        x.item = &it;
        json::array ps;
        for (const auto* a : item_args)
            ps.push_back(json::object{{"name", a->name}, {"value", tr(*a->value, x, who, "argument '" + a->name + "'")}});
        include.push_back(json::object{{"params", std::move(ps)}});
    }
    pt["matrix"] = json::object{{"include", std::move(include)}};
    return synthetic;
}

} // namespace detail
} // namespace couler

#endif
