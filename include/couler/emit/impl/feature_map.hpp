// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_IMPL_FEATURE_MAP_HPP
#define COULER_EMIT_IMPL_FEATURE_MAP_HPP

#include <couler/emit/airflow.hpp>
#include <couler/emit/argo.hpp>
#include <couler/emit/impl/feature_table.hpp>
#include <couler/emit/tekton.hpp>
#include <couler/ir/json.hpp>

#include <boost/json/serialize.hpp>

#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace couler {

COULER_INLINE const char* to_string(support s) noexcept
{
    switch (s) {
    case support::native: return "native";
    case support::lowered: return "lowered";
    case support::partial: return "partial";
    case support::refused: return "refused";
    }
    return "?";
}

COULER_INLINE const std::array<const char*, 3>& feature_engines() noexcept
{
    static const std::array<const char*, 3> e = {"argo", "tekton", "airflow"};
    return e;
}

namespace detail {

inline const container_spec* main_container(const step_template& t)
{
    if (const auto* c = std::get_if<container_spec>(&t.body))
        return c;
    if (const auto* sc = std::get_if<script_spec>(&t.body))
        return &sc->container;
    return nullptr;
}

inline bool container_uses(const container_spec& c, const char* id)
{
    const std::string f = id;
    if (f == "secrets") {
        for (const auto& e : c.env)
            if (e.secret)
                return true;
        for (const auto& e : c.env_from)
            if (!e.secret.empty())
                return true;
        return false;
    }
    if (f == "resources")
        return !c.resources.requests.empty() || !c.resources.limits.empty();
    if (f == "volumes")
        return !c.volume_mounts.empty();
    if (f == "probes")
        return !c.readiness_probe.empty() || !c.liveness_probe.empty() || !c.startup_probe.empty() || !c.lifecycle.empty();
    return false;
}

// Does graph template `from` run `target` (directly or through nested graph templates)?
inline bool runs_template(const workflow& wf, const std::string& from, const std::string& target, std::set<std::string>& seen)
{
    if (from == target)
        return true;
    if (!seen.insert(from).second)
        return false;
    const auto* t = wf.find_template(from);
    const auto* g = t ? t->graph() : nullptr;
    if (!g)
        return false;
    for (std::size_t v = 0; v < g->size(); ++v)
        if (!(*g)[v].template_name.empty() && runs_template(wf, (*g)[v].template_name, target, seen))
            return true;
    return false;
}

inline bool reads_step_outputs(const step& s)
{
    static const std::regex ref(R"(\{\{\s*(steps|tasks)\.[^}]*\.outputs\.)");
    for (const auto& a : s.arguments)
        if (a.value && std::regex_search(*a.value, ref))
            return true;
    return std::regex_search(s.when, ref) || std::regex_search(s.with_param, ref);
}

inline void template_features(const workflow& wf, const step_template& t, const std::string& caller, std::set<std::string>& out);

// The features one step uses (ids), with its template `t` (nullptr: a template_ref or inline).
inline std::set<std::string> step_features(const workflow& wf, const step_template& graph_template, const step& s)
{
    std::set<std::string> out;
    if (s.template_ref_)
        out.insert("template-ref");
    if (!s.inline_template.empty())
        out.insert("inline-template");
    if (!s.when.empty())
        out.insert("when");
    if (!s.with_items.empty() || s.with_sequence)
        out.insert("map-list");
    if (!s.with_param.empty())
        out.insert("map-param");
    if (s.repeat)
        out.insert("exec-while");
    if (!s.depends.empty())
        out.insert("depends");
    if (s.continue_on_failed || s.continue_on_error)
        out.insert("continue-on");
    if (!s.hooks.empty()) // a step's exit hook too: only the workflow's is an exit handler
        out.insert("hooks");
    if (!s.extensions.empty())
        out.insert("extensions");
    if (!s.artifact_arguments.empty())
        out.insert("artifacts");
    if (reads_step_outputs(s))
        out.insert("output-parameters");
    const step_template* t = !s.inline_template.empty() ? &s.inline_template.front()
                             : s.template_name.empty()    ? nullptr
                                                          : wf.find_template(s.template_name);
    if (t)
        template_features(wf, *t, graph_template.name, out);
    return out;
}

// The features of template `t` run from graph template `caller` (empty: run by no step, such as
// the exit handler or a leaf entrypoint).
inline void template_features(const workflow& wf, const step_template& tr, const std::string& caller, std::set<std::string>& out)
{
    const step_template* t = &tr;
    switch (t->kind()) {
    case template_kind::container: out.insert(t->container_set ? "container-set" : t->http ? "http" : "container"); break;
    case template_kind::script: out.insert("script"); break;
    case template_kind::job:
    case template_kind::resource: out.insert("resource"); break;
    case template_kind::suspend: out.insert("suspend"); break;
    case template_kind::graph: {
        std::set<std::string> seen;
        if (!caller.empty())
            out.insert(runs_template(wf, t->name, caller, seen) ? "recursion" : "sub-workflow");
        break;
    }
    }
    if (!t->inputs.artifacts.empty() || !t->outputs.artifacts.empty())
        out.insert("artifacts");
    if (!t->outputs.parameters.empty())
        out.insert("output-parameters");
    if (t->retry)
        out.insert("retry");
    if (!t->timeout.empty() || !t->total_timeout.empty())
        out.insert("timeout");
    if (t->daemon)
        out.insert("daemon");
    if (t->memoize)
        out.insert("memoize");
    if (t->synchronization)
        out.insert("locks");
    if (!t->sidecars.empty() || !t->init_containers.empty())
        out.insert("sidecars");
    if (!t->volumes.empty())
        out.insert("volumes");
    if (!t->metrics.empty())
        out.insert("metrics");
    if (!t->pod_spec_patch.empty())
        out.insert("pod-spec-patch");
    if (!t->annotations.empty())
        out.insert("node-annotations");
    if (!t->pod_resources.requests.empty() || !t->pod_resources.limits.empty() || !t->resource_claims.empty())
        out.insert("pod-resources");
    if (!t->extensions.empty())
        out.insert("extensions");
    if (const auto* c = main_container(*t))
        for (const char* f : {"secrets", "resources", "volumes", "probes"})
            if (container_uses(*c, f))
                out.insert(f);
}

inline std::set<std::string> workflow_features(const workflow& wf)
{
    const auto& st = wf.settings;
    std::set<std::string> out;
    if (st.cron)
        out.insert("cron");
    if (!st.on_exit.empty() || st.hooks.count("exit"))
        out.insert("exit-handler");
    if (st.hooks.size() > st.hooks.count("exit"))
        out.insert("hooks");
    if (!st.parameters.empty())
        out.insert("workflow-parameters");
    if (!st.volumes.empty() || !st.volume_claim_templates.empty())
        out.insert("volumes");
    if (st.parallelism)
        out.insert("parallelism");
    if (st.active_deadline_seconds)
        out.insert("deadline");
    if (!wf.artifacts.empty() || st.artifact_repository || !st.artifact_gc_strategy.empty())
        out.insert("workflow-artifacts");
    if (st.ttl_seconds_after_finished || st.ttl_seconds_after_success || st.ttl_seconds_after_failure || st.pod_gc)
        out.insert("ttl-pod-gc");
    if (st.synchronization)
        out.insert("locks");
    if (!st.metrics.empty())
        out.insert("metrics");
    if (!st.pod_resources.requests.empty() || !st.pod_resources.limits.empty() || !st.resource_claims.empty())
        out.insert("pod-resources");
    if (!wf.template_defaults.empty())
        out.insert("template-defaults");
    if (st.workflow_template_ref_)
        out.insert("workflow-template-ref");
    if (st.kind != workflow_kind::workflow)
        out.insert("workflow-template");
    if (!wf.extensions.empty())
        out.insert("extensions");
    return out;
}

inline const feature_info* find_feature(const std::string& id)
{
    for (const auto& f : feature_table())
        if (id == f.id)
            return &f;
    return nullptr;
}

} // namespace detail

COULER_INLINE std::vector<feature_use> features_used(const workflow& wf)
{
    std::map<std::string, std::vector<std::string>> where;
    for (const auto& id : detail::workflow_features(wf))
        where[id].push_back("workflow");
    // Engine variables: anywhere in a template's text (fields the IR keeps as strings).
    static const std::regex engine_var(R"(\{\{\s*(workflow\.(?!parameters\.)|pod\.|=))");
    boost::json::value doc = to_json(wf);
    if (const auto* ts = doc.as_object().if_contains("templates"))
        for (const auto& t : ts->as_array())
            if (std::regex_search(boost::json::serialize(t), engine_var))
                where["references"].push_back("template '" + std::string(t.at("name").as_string()) + "'");
    // Templates no step runs (the exit handler, hook templates, a leaf entrypoint).
    std::set<std::string> run_by_steps;
    for (const auto& t : wf.templates())
        if (const auto* g = t.graph())
            for (std::size_t v = 0; v < g->size(); ++v)
                run_by_steps.insert((*g)[v].template_name);
    for (const auto& t : wf.templates()) {
        if (run_by_steps.count(t.name) || t.is_graph())
            continue;
        std::set<std::string> ids;
        detail::template_features(wf, t, "", ids);
        for (const auto& id : ids)
            where[id].push_back("template '" + t.name + "'");
    }
    for (const auto& t : wf.templates()) {
        const auto* g = t.graph();
        if (!g)
            continue;
        if (!g->target.empty())
            where["dag-target"].push_back("template '" + t.name + "'");
        if (t.parallelism)
            where["parallelism"].push_back("template '" + t.name + "'");
        if (!t.outputs.empty() || t.retry || !t.timeout.empty() || !t.total_timeout.empty() || t.memoize || t.synchronization)
            where["graph-fields"].push_back("template '" + t.name + "'");
        for (std::size_t v = 0; v < g->size(); ++v)
            for (const auto& id : detail::step_features(wf, t, (*g)[v]))
                where[id].push_back("step '" + (*g)[v].name + "' of template '" + t.name + "'");
    }
    std::vector<feature_use> out;
    for (const auto& f : feature_table()) {
        auto it = where.find(f.id);
        if (it != where.end())
            out.push_back({&f, std::move(it->second)});
    }
    return out;
}

COULER_INLINE const feature_info* feature_of(const problem& p, const std::vector<feature_use>& used)
{
    const std::string text = p.path + ": " + p.message;
    const feature_info* first = nullptr;
    for (const auto& f : feature_table()) {
        if (!*f.refusal || !std::regex_search(text, std::regex(f.refusal, std::regex::ECMAScript | std::regex::icase)))
            continue;
        for (const auto& u : used)
            if (u.feature == &f)
                return &f;
        if (!first)
            first = &f;
    }
    return first;
}

COULER_INLINE engine_report explain_engines(const workflow& wf)
{
    engine_report r;
    r.workflow = wf.entrypoint;
    if (!wf.settings.name.empty())
        r.workflow = wf.settings.name;
    else if (!wf.settings.generate_name.empty())
        r.workflow = wf.settings.generate_name;
    const auto used = features_used(wf);
    for (std::size_t e = 0; e < 3; ++e) {
        engine_outcome o;
        o.engine = feature_engines()[e];
        try {
            if (e == 0)
                (void)to_argo_json(wf);
            else if (e == 1)
                (void)to_tekton_json(wf);
            else
                (void)emit_airflow(wf, airflow_options{airflow_target::airflow3});
            o.emitted = true;
        } catch (const invalid_input& ex) {
            o.refusals = ex.all();
        }
        for (const auto& p : o.refusals)
            o.cause.push_back(feature_of(p, used));
        r.outcomes.push_back(std::move(o));
    }
    // Rows: the used features, then features only a refusal names, then `other`.
    std::vector<const feature_info*> order;
    std::map<const feature_info*, std::vector<std::string>> where;
    for (const auto& u : used) {
        order.push_back(u.feature);
        where[u.feature] = u.where;
    }
    for (const auto& o : r.outcomes)
        for (std::size_t i = 0; i < o.refusals.size(); ++i)
            if (!where.count(o.cause[i])) {
                order.push_back(o.cause[i]);
                where[o.cause[i]] = {};
            }
    for (const auto* f : order) {
        feature_row row;
        row.feature = f;
        row.where = where[f];
        for (std::size_t e = 0; e < 3; ++e) {
            std::string refusals;
            const auto& o = r.outcomes[e];
            for (std::size_t i = 0; i < o.refusals.size(); ++i)
                if (o.cause[i] == f)
                    refusals += (refusals.empty() ? "" : "\n") + o.refusals[i].to_string();
            if (!refusals.empty())
                row.engines[e] = {support::refused, refusals};
            else if (f && f->engines[e].how == support::refused && !o.emitted)
                // The emitter stopped at another refusal first (one problem per step, or a
                // sub-workflow refused as a whole): the table's reason, said as such.
                row.engines[e] = {support::refused, std::string(f->engines[e].text) + " (not reached: refused for another feature first)"};
            else if (f)
                row.engines[e] = {f->engines[e].how, f->engines[e].text};
            else
                row.engines[e] = {support::native, ""};
        }
        r.rows.push_back(std::move(row));
    }
    return r;
}

COULER_INLINE std::string to_text(const engine_report& r)
{
    std::ostringstream out;
    out << "workflow " << r.workflow << "\n";
    for (const auto& o : r.outcomes)
        out << "  " << o.engine << ": "
            << (o.emitted ? std::string("emits") : "refused (" + std::to_string(o.refusals.size()) + " problems)") << "\n";
    for (const auto& row : r.rows) {
        out << "\n" << (row.feature ? row.feature->id : "other") << ": "
            << (row.feature ? row.feature->name : "refusals no feature of the map claims") << "\n";
        if (!row.where.empty()) {
            out << "  used by:";
            for (std::size_t i = 0; i < row.where.size(); ++i)
                out << (i ? ", " : " ") << row.where[i];
            out << "\n";
        }
        for (std::size_t e = 0; e < 3; ++e) {
            const auto& v = row.engines[e];
            if (!row.feature && v.text.empty())
                continue;
            // Partial and not refused here: the workflow uses the form the engine supports.
            std::string how = v.how == support::partial ? "supported" : to_string(v.how);
            std::string text = v.text;
            for (std::size_t p = 0; (p = text.find('\n', p)) != std::string::npos; p += 12)
                text.replace(p, 1, "\n           ");
            out << "  " << feature_engines()[e] << std::string(9 - std::string(feature_engines()[e]).size(), ' ') << how
                << ": " << text << "\n";
        }
    }
    return out.str();
}

COULER_INLINE std::string feature_table_markdown()
{
    std::ostringstream out;
    out << "| feature | id | argo | tekton | airflow |\n|---|---|---|---|---|\n";
    for (const auto& f : feature_table()) {
        out << "| " << f.name << " | `" << f.id << "`";
        for (const auto& c : f.engines)
            out << " | " << to_string(c.how) << ": " << c.text;
        out << " |\n";
    }
    return out.str();
}

} // namespace couler

#endif
