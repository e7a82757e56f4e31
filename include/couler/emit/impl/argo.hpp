// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_IMPL_ARGO_HPP
#define COULER_EMIT_IMPL_ARGO_HPP

#include <couler/emit/detail/argo_pieces.hpp>
#include <couler/emit/detail/argo_share.hpp>
#include <couler/ir/expression.hpp>
#include <couler/ir/names.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <boost/json/array.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace couler {

COULER_INLINE std::string argo_rewrite_step_refs(std::string_view s, std::string_view prefix)
{
    if (s.find("{{") == std::string_view::npos)
        return std::string(s);
    std::string out;
    std::size_t last = 0;
    for (const auto& r : find_references(s)) {
        if (!r.names_step())
            continue;
        std::size_t p = r.begin + 2;
        while (p < r.end && (s[p] == ' ' || s[p] == '\t'))
            ++p;
        out.append(s.substr(last, p - last));
        out.append(prefix);
        last = p + 5; // "steps" and "tasks" are both five characters
    }
    out.append(s.substr(last));
    return out;
}

COULER_INLINE void argo_deep_merge(boost::json::object& target, const boost::json::object& patch)
{
    for (const auto& kv : patch) {
        auto it = target.find(kv.key());
        if (it != target.end() && it->value().is_object() && kv.value().is_object())
            argo_deep_merge(it->value().as_object(), kv.value().as_object());
        else
            target[kv.key()] = kv.value();
    }
}

namespace detail {

namespace json = boost::json;

template <class S, class A> class argo_emitter {
public:
    using workflow_type = basic_workflow<S, A>;
    using template_type = basic_step_template<S, A>;
    using graph_type = basic_graph<S, A>;
    using step_type = basic_step<S, A>;
    using artifact_type = basic_artifact<A>;
    using vertex = typename graph_type::vertex;

    argo_emitter(const workflow_type& wf, const argo_options& opt) : wf_(wf), opt_(opt) {}

    json::value run()
    {
        check_extensions();
        plan_loops();
        const auto& ts = wf_.templates();
        leaf_json_.resize(ts.size());
        for (std::size_t i = 0; i < ts.size(); ++i)
            if (!ts[i].is_graph())
                leaf_json_[i] = template_json(ts[i]);
        if (!probs_.empty())
            throw invalid_input(probs_);
        if (opt_.enforce_caps)
            for (std::size_t i = 0; i < ts.size(); ++i)
                if (const auto* g = ts[i].graph(); g && g->size() > opt_.max_tasks)
                    plan_parts(i, *g);
        if (!probs_.empty())
            throw invalid_input(probs_); // no use sharing templates of a workflow that cannot fit
        if (opt_.enforce_caps && count_templates() > opt_.max_templates && opt_.share_templates)
            share_.plan(ts, leaf_json_, unshareable());
        check_caps();
        if (!probs_.empty())
            throw invalid_input(probs_);

        json::array templates;
        templates.reserve(ts.size() + loops_.size());
        auto emit = [&](std::size_t i) {
            if (ts[i].is_graph())
                templates.push_back(template_json(ts[i]));
            else if (share_.keep(i))
                templates.push_back(std::move(leaf_json_[i]));
        };
        std::size_t entry = ts.size();
        for (std::size_t i = 0; i < ts.size(); ++i)
            if (ts[i].name == wf_.entrypoint)
                entry = i;
        if (entry == ts.size())
            add(error::unknown_reference, "$.entrypoint", "entrypoint '" + wf_.entrypoint + "' is not a template");
        else if (opt_.python_sdk_layout)
            emit(entry); // the Python SDK always lists the entry template first
        for (std::size_t i = 0; i < ts.size(); ++i)
            if (!(opt_.python_sdk_layout && i == entry))
                emit(i);
        for (auto& l : loop_templates_)
            templates.push_back(std::move(l));
        for (auto& p : part_templates_)
            templates.push_back(std::move(p));
        if (!probs_.empty())
            throw invalid_input(probs_);
        return document(std::move(templates));
    }

private:
    struct loop_info {
        std::string tmpl;  ///< the generated recursive template
        std::string outer; ///< the step that calls it, in the original graph
        std::vector<std::string> passed; ///< arguments passed through as the loop's inputs
    };

    const workflow_type& wf_;
    const argo_options& opt_;
    problems probs_;
    std::vector<json::object> leaf_json_;
    std::map<std::pair<std::size_t, vertex>, loop_info> loops_; // (template index, step) -> loop
    std::vector<json::object> loop_templates_;
    argo_share<S, A> share_;
    struct parts_plan {
        std::vector<std::size_t> part_of; ///< per step: its part
        std::size_t count = 0;
        std::vector<std::vector<std::size_t>> deps; ///< per part: the parts it waits for
    };
    std::map<std::size_t, parts_plan> parts_; ///< graph templates over the task cap, nested
    std::vector<json::object> part_templates_;

    void add(error code, std::string path, std::string message)
    {
        probs_.push_back(problem{std::move(path), code, std::move(message)});
    }

    static std::string where(const template_type& t, const step_type& s)
    {
        return "step '" + s.name + "' of template '" + t.name + "'";
    }

    // ------------------------------------------------------------------ checks
    void check_extension(const json::object& ext, const std::string& path, const std::string& who)
    {
        for (const auto& kv : ext) {
            if (kv.key() == "argo") {
                if (!kv.value().is_object())
                    add(error::wrong_type, path + ".extensions.argo", who + ": the \"argo\" extension must be an object");
                continue;
            }
            bool empty = kv.value().is_null() || (kv.value().is_object() && kv.value().get_object().empty()) ||
                         (kv.value().is_array() && kv.value().get_array().empty());
            if (!empty)
                add(error::not_expressible, path + ".extensions." + std::string(kv.key()),
                    who + ": extension \"" + std::string(kv.key()) + "\" belongs to another engine; Argo cannot express it");
        }
    }

    void check_extensions()
    {
        check_extension(wf_.extensions, "$", "workflow");
        const auto& ts = wf_.templates();
        for (std::size_t i = 0; i < ts.size(); ++i) {
            std::string tp = "$.templates[" + std::to_string(i) + "]";
            check_extension(ts[i].extensions, tp, "template '" + ts[i].name + "'");
            if (ts[i].name.size() > opt_.max_name_length || !is_valid_step_name(ts[i].name))
                add(error::invalid_name, tp + ".name",
                    "template '" + ts[i].name + "': not a valid Argo template name ([a-zA-Z0-9][-a-zA-Z0-9]*, at most " +
                        std::to_string(opt_.max_name_length) + " characters)");
            if (const auto* g = ts[i].graph())
                for (std::size_t v = 0; v < g->size(); ++v) {
                    const auto& s = (*g)[v];
                    std::string sp = tp + ".graph.steps[" + std::to_string(v) + "]";
                    check_extension(s.extensions, sp, where(ts[i], s));
                    if (s.name.size() > opt_.max_name_length || !is_valid_step_name(s.name))
                        add(error::invalid_name, sp + ".name",
                            where(ts[i], s) + ": not a valid Argo step name ([a-zA-Z0-9][-a-zA-Z0-9]*, at most " +
                                std::to_string(opt_.max_name_length) + " characters)");
                    if (!wf_.find_template(s.template_name))
                        add(error::unknown_reference, sp + ".template",
                            where(ts[i], s) + ": unknown template '" + s.template_name + "'");
                }
        }
    }

    std::size_t count_templates() const
    {
        std::size_t n = loops_.size();
        for (const auto& [i, p] : parts_)
            n += p.count;
        for (std::size_t i = 0; i < wf_.templates().size(); ++i)
            if (wf_.templates()[i].is_graph() || share_.keep(i))
                ++n;
        return n;
    }

    void check_caps()
    {
        if (!opt_.enforce_caps)
            return;
        std::size_t n = count_templates();
        if (n > opt_.max_templates)
            add(error::not_expressible, "$.templates",
                "the workflow needs " + std::to_string(n) + " Argo templates" +
                    (opt_.share_templates ? " even with shared templates" : "") + ", over the CRD cap of " +
                    std::to_string(opt_.max_templates) + ": it needs splitting (workflow of workflows)");
        // Graphs over the task cap were nested by plan_parts, or it said why they cannot be.
    }

    /// Templates whose name is fixed by something other than a step: never shared.
    std::set<std::string> unshareable() const
    {
        std::set<std::string> out{wf_.entrypoint, wf_.settings.on_exit};
        for (const auto& t : wf_.templates())
            if (const auto* g = t.graph())
                for (std::size_t v = 0; v < g->size(); ++v)
                    if ((*g)[v].repeat)
                        out.insert((*g)[v].template_name);
        return out;
    }

    // ------------------------------------------------------------------ exec_while
    void plan_loops()
    {
        std::set<std::string> taken;
        for (const auto& t : wf_.templates())
            taken.insert(t.name);
        const auto& ts = wf_.templates();
        for (std::size_t i = 0; i < ts.size(); ++i) {
            const auto* g = ts[i].graph();
            if (!g)
                continue;
            for (std::size_t v = 0; v < g->size(); ++v) {
                const auto& s = (*g)[v];
                if (!s.repeat)
                    continue;
                loop_info l;
                l.tmpl = "exec-while-" + s.template_name;
                if (taken.count(l.tmpl))
                    l.tmpl = "exec-while-" + s.name;
                l.outer = "exec-while-" + s.name;
                std::string sp = "$.templates[" + std::to_string(i) + "].graph.steps[" + std::to_string(v) + "]";
                if (taken.count(l.tmpl) || g->find(l.outer))
                    add(error::duplicate_name, sp, where(ts[i], s) + ": the exec_while template or step name '" +
                                                       l.tmpl + "' is taken");
                if (l.tmpl.size() > opt_.max_name_length)
                    add(error::invalid_name, sp, where(ts[i], s) + ": the exec_while template name is over " +
                                                     std::to_string(opt_.max_name_length) + " characters");
                if (!s.artifact_arguments.empty())
                    add(error::not_expressible, sp, where(ts[i], s) +
                                                        ": exec_while with artifact arguments cannot be expressed "
                                                        "by Argo's recursive template");
                if (s.repeat->condition.empty())
                    add(error::bad_value, sp, where(ts[i], s) + ": exec_while needs a condition");
                if (s.repeat->max_iterations < 1)
                    add(error::bad_value, sp, where(ts[i], s) + ": exec_while needs max_iterations >= 1");
                for (const auto& a : s.arguments)
                    if (a.value && a.value->find("{{") != std::string::npos)
                        l.passed.push_back(a.name);
                taken.insert(l.tmpl);
                // Siblings cannot read the loop's outputs: Argo's recursive template has none.
                for (std::size_t w = 0; w < g->size(); ++w)
                    if (w != v && mentions_step(g, w, s.name))
                        add(error::not_expressible, sp,
                            where(ts[i], (*g)[w]) + " reads outputs of exec_while step '" + s.name +
                                "': Argo's recursive template does not expose the last iteration's outputs");
                loops_.emplace(std::make_pair(i, vertex(v)), std::move(l));
            }
        }
        for (auto& [key, l] : loops_) {
            const auto& t = ts[key.first];
            loop_templates_.push_back(loop_template(t, (*t.graph())[key.second], l));
        }
    }

    static bool mentions_step(const graph_type* g, std::size_t w, const std::string& name)
    {
        const auto& s = (*g)[w];
        auto hit = [&](const std::string& str) {
            for (const auto& r : find_references(str))
                if (r.names_step() && r.step == name)
                    return true;
            return false;
        };
        for (const auto& a : s.arguments)
            if (a.value && hit(*a.value))
                return true;
        for (const auto& a : s.artifact_arguments)
            if (hit(a.from))
                return true;
        return hit(s.when) || hit(s.with_param);
    }

    json::object loop_template(const template_type& t, const step_type& s, const loop_info& l)
    {
        json::object o;
        o["name"] = l.tmpl;
        const bool guard = opt_.exec_while_guard;
        static constexpr const char* counter = "couler-iteration";
        if (!l.passed.empty() || guard) {
            json::array ps;
            for (const auto& n : l.passed)
                ps.push_back(json::object{{"name", n}});
            if (guard)
                ps.push_back(json::object{{"name", counter}, {"default", "0"}});
            o["inputs"] = json::object{{"parameters", std::move(ps)}};
        }
        json::object inner;
        inner["name"] = s.name;
        inner["template"] = s.template_name;
        if (!s.arguments.empty()) {
            json::array args;
            for (const auto& a : s.arguments) {
                json::object p;
                p["name"] = a.name;
                if (std::find(l.passed.begin(), l.passed.end(), a.name) != l.passed.end())
                    p["value"] = input_parameter_ref(a.name);
                else if (a.value)
                    p["value"] = *a.value;
                args.push_back(std::move(p));
            }
            inner["arguments"] = json::object{{"parameters", std::move(args)}};
        }
        json::object again;
        again["name"] = l.tmpl + "-exit";
        again["template"] = l.tmpl;
        std::string cond = argo_rewrite_step_refs(s.repeat->condition, "steps");
        if (guard) // run again only while the next iteration is under the limit
            cond = "(" + cond + ") && " + input_parameter_ref(counter) + " < " +
                   std::to_string(s.repeat->max_iterations - 1);
        again["when"] = cond;
        if (!l.passed.empty() || guard) {
            json::array args;
            for (const auto& n : l.passed)
                args.push_back(json::object{{"name", n}, {"value", input_parameter_ref(n)}});
            if (guard)
                args.push_back(json::object{{"name", counter},
                                            {"value", std::string("{{=asInt(inputs.parameters['") + counter + "']) + 1}}"}});
            again["arguments"] = json::object{{"parameters", std::move(args)}};
        }
        (void)t;
        o["steps"] = json::array{json::array{std::move(inner)}, json::array{std::move(again)}};
        return o;
    }

    // ------------------------------------------------------------------ pieces
    /// Location fields of an artifact, in the Python SDK's order (key, secrets, bucket, endpoint).
    void artifact_location(json::object& o, const artifact_type& a, const std::string& who)
    {
        auto creds = [&](json::object& loc, const char* ak, const char* sk) {
            if (a.access_key)
                loc[ak] = secret_ref(*a.access_key);
            if (a.secret_key)
                loc[sk] = secret_ref(*a.secret_key);
        };
        switch (a.kind) {
        case artifact_kind::parameter:
        case artifact_kind::local: return;
        case artifact_kind::s3:
        case artifact_kind::oss: {
            json::object loc;
            loc["key"] = a.key;
            creds(loc, "accessKeySecret", "secretKeySecret");
            if (!a.bucket.empty())
                loc["bucket"] = a.bucket;
            if (!a.endpoint.empty())
                loc["endpoint"] = a.endpoint;
            if (a.insecure) {
                if (a.kind == artifact_kind::oss)
                    add(error::not_expressible, "$", who + ": artifact '" + a.name + "': Argo's OSS location has no 'insecure'");
                loc["insecure"] = true;
            }
            o[a.kind == artifact_kind::s3 ? "s3" : "oss"] = std::move(loc);
            return;
        }
        case artifact_kind::gcs: {
            json::object loc;
            loc["key"] = a.key;
            if (!a.bucket.empty())
                loc["bucket"] = a.bucket;
            if (a.access_key)
                add(error::not_expressible, "$", who + ": artifact '" + a.name +
                                                      "': Argo's GCS location takes one service-account key "
                                                      "(secret_key), not an access key");
            if (a.secret_key)
                loc["serviceAccountKeySecret"] = secret_ref(*a.secret_key);
            o["gcs"] = std::move(loc);
            return;
        }
        case artifact_kind::hdfs: {
            json::object loc;
            if (!a.addresses.empty())
                loc["addresses"] = strings(a.addresses);
            loc["path"] = a.key;
            if (!a.user.empty())
                loc["hdfsUser"] = a.user;
            o["hdfs"] = std::move(loc);
            return;
        }
        case artifact_kind::git: {
            json::object loc;
            loc["repo"] = a.repo;
            if (!a.revision.empty())
                loc["revision"] = a.revision;
            o["git"] = std::move(loc);
            return;
        }
        case artifact_kind::http: o["http"] = json::object{{"url", a.url}}; return;
        }
    }

    json::object artifact_json(const artifact_type& a, const std::string& who)
    {
        json::object o;
        o["name"] = a.name;
        if (!a.path.empty())
            o["path"] = a.path;
        artifact_location(o, a, who);
        if (!a.global_name.empty())
            o["globalName"] = a.global_name;
        else if (a.is_global)
            o["globalName"] = a.name;
        if (a.optional)
            o["optional"] = true;
        return o;
    }

    json::object io_json(const basic_io<A>& io, bool output, const std::string& who)
    {
        json::object o;
        if (!io.parameters.empty()) {
            json::array ps;
            for (const auto& p : io.parameters)
                ps.push_back(parameter_json(p, output));
            o["parameters"] = std::move(ps);
        }
        if (!io.artifacts.empty()) {
            json::array as;
            for (const auto& a : io.artifacts)
                as.push_back(artifact_json(a, who));
            o["artifacts"] = std::move(as);
        }
        return o;
    }

    // ------------------------------------------------------------------ templates
    json::object template_json(const template_type& t)
    {
        const std::string who = "template '" + t.name + "'";
        json::object o;
        o["name"] = t.name;
        if (t.daemon)
            o["daemon"] = true;
        if (t.memoize) {
            json::object m;
            m["key"] = t.memoize->key;
            if (!t.memoize->max_age.empty())
                m["maxAge"] = t.memoize->max_age;
            if (t.memoize->config_map.empty())
                add(error::not_expressible, "$", who + ": Argo memoization needs a ConfigMap cache (memoize.config_map)");
            m["cache"] = json::object{{"configMap", json::object{{"name", t.memoize->config_map}}}};
            o["memoize"] = std::move(m);
        }
        if (!t.inputs.empty())
            o["inputs"] = io_json(t.inputs, false, who);
        if (!t.node_selector.empty())
            o["nodeSelector"] = string_map(t.node_selector);
        std::visit(
            [&](const auto& b) {
                using B = std::decay_t<decltype(b)>;
                if constexpr (std::is_same_v<B, container_spec>)
                    o["container"] = container_json(b, nullptr);
                else if constexpr (std::is_same_v<B, script_spec>)
                    o["script"] = container_json(b.container, &b.source);
                else if constexpr (std::is_same_v<B, job_spec>)
                    o["resource"] = resource_json(b.resource, true);
                else if constexpr (std::is_same_v<B, resource_spec>)
                    o["resource"] = resource_json(b);
                else if constexpr (std::is_same_v<B, suspend_spec>) {
                    json::object x;
                    if (!b.duration.empty())
                        x["duration"] = b.duration;
                    o["suspend"] = std::move(x);
                } else
                    graph_json(o, t, b);
            },
            t.body);
        if (!t.outputs.empty())
            o["outputs"] = io_json(t.outputs, true, who);
        if (!t.tolerations.empty()) {
            json::array a;
            for (const auto& x : t.tolerations)
                a.push_back(toleration_json(x));
            o["tolerations"] = std::move(a);
        }
        if (!t.timeout.empty()) {
            std::int64_t sec = argo_duration_seconds(t.timeout);
            if (sec >= 0)
                o["activeDeadlineSeconds"] = sec;
            else
                o["activeDeadlineSeconds"] = t.timeout; // an expression: Argo resolves it
        }
        if (t.retry) {
            json::object r;
            r["limit"] = t.retry->limit;
            if (!t.retry->policy.empty())
                r["retryPolicy"] = t.retry->policy;
            if (t.retry->back_off) {
                json::object b;
                if (!t.retry->back_off->duration.empty())
                    b["duration"] = t.retry->back_off->duration;
                if (t.retry->back_off->factor)
                    b["factor"] = *t.retry->back_off->factor;
                if (!t.retry->back_off->max_duration.empty())
                    b["maxDuration"] = t.retry->back_off->max_duration;
                r["backoff"] = std::move(b);
            }
            if (!t.retry->expression.empty())
                r["expression"] = t.retry->expression;
            o["retryStrategy"] = std::move(r);
        }
        if (t.parallelism)
            o["parallelism"] = *t.parallelism;
        merge_extension(o, t.extensions);
        return o;
    }

    static void merge_extension(json::object& o, const json::object& ext)
    {
        auto it = ext.find("argo");
        if (it != ext.end() && it->value().is_object())
            argo_deep_merge(o, it->value().get_object());
    }

    /// One step (or DAG task) object; `style` is the enclosing template's.
    json::object step_json(std::size_t ti, const graph_type& g, vertex v, graph_style style,
                           const std::vector<std::size_t>* part = nullptr)
    {
        const auto& s = g[v];
        const char* prefix = style == graph_style::dag ? "tasks" : "steps";
        auto loop = loops_.find(std::make_pair(ti, v));
        const loop_info* l = loop == loops_.end() ? nullptr : &loop->second;
        json::object o;
        o["name"] = l ? l->outer : s.name;
        json::value deps;
        if (style == graph_style::dag) {
            if (!s.depends.empty())
                deps = json::string(s.depends);
            else {
                auto preds = g.predecessors(v);
                if (!preds.empty()) {
                    json::array d;
                    d.reserve(preds.size());
                    for (auto u : preds)
                        if (!part || (*part)[u] == (*part)[v]) // across parts: the outer DAG orders them
                            d.emplace_back(loop_name(ti, u, g));
                    if (!d.empty())
                        deps = std::move(d);
                }
            }
        }
        const char* deps_key = s.depends.empty() ? "dependencies" : "depends";
        // The Python SDK writes dependencies before the template, except on conditional tasks.
        if (!deps.is_null() && s.when.empty())
            o[deps_key] = deps;
        o["template"] = l ? l->tmpl : share_.target(s.template_name);
        if (!s.when.empty())
            o["when"] = argo_rewrite_step_refs(s.when, prefix);
        if (!deps.is_null() && !s.when.empty())
            o[deps_key] = std::move(deps);
        json::object args;
        if (!l || !l->passed.empty()) {
            json::array ps;
            for (const auto& a : s.arguments) {
                if (l && std::find(l->passed.begin(), l->passed.end(), a.name) == l->passed.end())
                    continue;
                json::object p;
                p["name"] = l ? a.name : share_.argument_name(s.template_name, a.name);
                if (a.value)
                    p["value"] = argo_rewrite_step_refs(*a.value, prefix);
                ps.push_back(std::move(p));
            }
            if (!l)
                share_.extra_arguments(s.template_name, ps);
            if (!ps.empty())
                args["parameters"] = std::move(ps);
        }
        if (!s.artifact_arguments.empty() && !l) {
            json::array as;
            for (const auto& a : s.artifact_arguments) {
                json::object x;
                if (!a.from.empty())
                    x["from"] = argo_rewrite_step_refs(a.from, prefix);
                x["name"] = a.name;
                artifact_location(x, a, where(wf_.templates()[ti], s));
                as.push_back(std::move(x));
            }
            args["artifacts"] = std::move(as);
        }
        if (!args.empty())
            o["arguments"] = std::move(args);
        if (!s.with_items.empty())
            o["withItems"] = json::array(s.with_items.begin(), s.with_items.end());
        if (!s.with_param.empty())
            o["withParam"] = argo_rewrite_step_refs(s.with_param, prefix);
        if (s.with_sequence) {
            json::object q;
            const auto& w = *s.with_sequence;
            if (!w.count.empty())
                q["count"] = w.count;
            if (!w.start.empty())
                q["start"] = w.start;
            if (!w.end.empty())
                q["end"] = w.end;
            if (!w.format.empty())
                q["format"] = w.format;
            o["withSequence"] = std::move(q);
        }
        if (s.continue_on_failed)
            o["continueOn"] = json::object{{"failed", true}};
        if (style == graph_style::steps && !s.depends.empty())
            add(error::not_expressible, "$", where(wf_.templates()[ti], s) +
                                                 ": an enhanced 'depends' expression needs a DAG template, "
                                                 "this one is steps style");
        merge_extension(o, s.extensions);
        return o;
    }

    std::string loop_name(std::size_t ti, vertex u, const graph_type& g) const
    {
        auto it = loops_.find(std::make_pair(ti, u));
        return it == loops_.end() ? g[u].name : it->second.outer;
    }

    void graph_json(json::object& o, const template_type& t, const graph_type& g)
    {
        std::size_t ti = 0;
        while (&wf_.templates()[ti] != &t)
            ++ti;
        if (auto it = parts_.find(ti); it != parts_.end()) {
            nested_graph_json(o, ti, t, g, it->second);
            return;
        }
        if (g.style == graph_style::dag) {
            json::array tasks;
            tasks.reserve(g.size());
            for (vertex v = 0; v < g.size(); ++v)
                tasks.push_back(step_json(ti, g, v, graph_style::dag));
            o["dag"] = json::object{{"tasks", std::move(tasks)}};
            return;
        }
        // Steps style: parallel groups in group order, steps in insertion order inside a group.
        std::map<int, std::vector<vertex>> groups;
        for (vertex v = 0; v < g.size(); ++v)
            groups[g[v].group].push_back(v);
        for (vertex v = 0; v < g.size(); ++v)
            for (auto u : g.predecessors(v))
                if (g[u].group >= g[v].group)
                    add(error::not_expressible, "$", where(t, g[v]) + " depends on step '" + g[u].name +
                                                         "', which is not in an earlier parallel group");
        json::array steps;
        steps.reserve(groups.size());
        for (auto& [grp, vs] : groups) {
            json::array par;
            par.reserve(vs.size());
            for (auto v : vs)
                par.push_back(step_json(ti, g, v, graph_style::steps));
            steps.push_back(std::move(par));
        }
        o["steps"] = std::move(steps);
    }

    // ------------------------------------------------------------------ nesting past the task cap
    std::string part_name(const template_type& t, std::size_t k) const { return t.name + "-part-" + std::to_string(k); }

    /// Cuts a graph over the task cap into nested templates of at most max_tasks steps each:
    /// consecutive slices of a topological order (DAG) or of the parallel groups (steps), so
    /// the parts' own order is acyclic and every dependency still holds (a part waits for the
    /// whole of each part it depends on). Refused when a step reads a sibling in another part
    /// (a nested template cannot see it), or when the parts themselves break a cap.
    void plan_parts(std::size_t ti, const graph_type& g)
    {
        const template_type& t = wf_.templates()[ti];
        const std::size_t cap = opt_.max_tasks;
        const std::string split = ": the workflow needs splitting (workflow of workflows)";
        const std::string path = "$.templates[" + std::to_string(ti) + "]";
        parts_plan p;
        p.part_of.assign(g.size(), 0);
        if (g.style == graph_style::dag) {
            std::vector<std::size_t> indeg(g.size(), 0), order;
            for (vertex v = 0; v < g.size(); ++v)
                indeg[v] = g.predecessors(v).size();
            for (vertex v = 0; v < g.size(); ++v)
                if (indeg[v] == 0)
                    order.push_back(v);
            for (std::size_t k = 0; k < order.size(); ++k)
                for (auto w : g.successors(order[k]))
                    if (--indeg[w] == 0)
                        order.push_back(w);
            if (order.size() != g.size()) {
                add(error::cycle, path, "template '" + t.name + "': its DAG has a cycle");
                return;
            }
            for (std::size_t k = 0; k < order.size(); ++k)
                p.part_of[order[k]] = k / cap;
            p.count = (g.size() + cap - 1) / cap;
        } else {
            std::map<int, std::vector<vertex>> groups;
            for (vertex v = 0; v < g.size(); ++v)
                groups[g[v].group].push_back(v);
            std::size_t fill = 0;
            for (const auto& [grp, vs] : groups) {
                if (vs.size() > cap) {
                    add(error::not_expressible, path,
                        "template '" + t.name + "': parallel group " + std::to_string(grp) + " has " +
                            std::to_string(vs.size()) + " steps, over the CRD cap of " + std::to_string(cap) + split);
                    return;
                }
                if (p.count == 0 || fill + vs.size() > cap) {
                    ++p.count;
                    fill = 0;
                }
                fill += vs.size();
                for (auto v : vs)
                    p.part_of[v] = p.count - 1;
            }
        }
        if (p.count > cap) {
            add(error::not_expressible, path,
                "template '" + t.name + "' has " + std::to_string(g.size()) + " steps: even nested in " +
                    std::to_string(p.count) + " parts it breaks the CRD cap of " + std::to_string(cap) + split);
            return;
        }
        if (!t.outputs.empty() || !t.inputs.artifacts.empty()) {
            add(error::not_expressible, path,
                "template '" + t.name + "' has " + std::to_string(g.size()) +
                    " steps, over the CRD cap; nesting it would hide its steps from its outputs or input artifacts" +
                    split);
            return;
        }
        for (std::size_t k = 0; k < p.count; ++k)
            if (wf_.find_template(part_name(t, k)) || part_name(t, k).size() > opt_.max_name_length) {
                add(error::duplicate_name, path, "template '" + t.name + "': the nested part name '" +
                                                     part_name(t, k) + "' is taken or too long" + split);
                return;
            }
        // A step may only read siblings of its own part.
        for (vertex v = 0; v < g.size(); ++v)
            for (vertex w : read_steps(g, v))
                if (p.part_of[w] != p.part_of[v]) {
                    add(error::not_expressible, path,
                        where(t, g[v]) + " reads step '" + g[w].name + "', which lands in another nested part of " +
                            "the over-cap template" + split);
                    return;
                }
        p.deps.assign(p.count, {});
        for (vertex v = 0; v < g.size(); ++v)
            for (auto u : g.predecessors(v))
                if (p.part_of[u] != p.part_of[v]) {
                    auto& d = p.deps[p.part_of[v]];
                    if (std::find(d.begin(), d.end(), p.part_of[u]) == d.end())
                        d.push_back(p.part_of[u]);
                }
        parts_.emplace(ti, std::move(p));
    }

    /// Siblings a step reads through expressions or names in `depends`.
    std::vector<vertex> read_steps(const graph_type& g, vertex v) const
    {
        std::vector<vertex> out;
        const auto& s = g[v];
        auto scan = [&](const std::string& str) {
            for (const auto& r : find_references(str))
                if (r.names_step())
                    if (auto w = g.find(r.step))
                        out.push_back(*w);
        };
        for (const auto& a : s.arguments)
            if (a.value)
                scan(*a.value);
        for (const auto& a : s.artifact_arguments)
            scan(a.from);
        scan(s.when);
        scan(s.with_param);
        if (s.repeat)
            scan(s.repeat->condition);
        std::string word;
        for (char c : s.depends + " ") {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')
                word += c;
            else {
                if (auto w = g.find(word))
                    out.push_back(*w);
                word.clear();
            }
        }
        return out;
    }

    void nested_graph_json(json::object& o, std::size_t ti, const template_type& t, const graph_type& g,
                           const parts_plan& p)
    {
        // Inputs of the over-cap template reach its steps through each part's own inputs.
        json::array pass, declare;
        for (const auto& in : t.inputs.parameters) {
            pass.push_back(json::object{{"name", in.name}, {"value", input_parameter_ref(in.name)}});
            declare.push_back(json::object{{"name", in.name}});
        }
        std::vector<std::vector<vertex>> members(p.count);
        for (vertex v = 0; v < g.size(); ++v)
            members[p.part_of[v]].push_back(v);
        json::array outer;
        for (std::size_t k = 0; k < p.count; ++k) {
            json::object part;
            part["name"] = part_name(t, k);
            if (!declare.empty())
                part["inputs"] = json::object{{"parameters", declare}};
            json::object call;
            call["name"] = "part-" + std::to_string(k);
            if (g.style == graph_style::dag) {
                json::array tasks;
                for (auto v : members[k])
                    tasks.push_back(step_json(ti, g, v, graph_style::dag, &p.part_of));
                part["dag"] = json::object{{"tasks", std::move(tasks)}};
                if (!p.deps[k].empty()) {
                    json::array d;
                    for (auto j : p.deps[k])
                        d.emplace_back("part-" + std::to_string(j));
                    call["dependencies"] = std::move(d);
                }
            } else {
                std::map<int, json::array> groups;
                for (auto v : members[k])
                    groups[g[v].group].push_back(step_json(ti, g, v, graph_style::steps, &p.part_of));
                json::array steps;
                for (auto& [grp, par] : groups)
                    steps.push_back(std::move(par));
                part["steps"] = std::move(steps);
            }
            call["template"] = part_name(t, k);
            if (!pass.empty())
                call["arguments"] = json::object{{"parameters", pass}};
            part_templates_.push_back(std::move(part));
            if (g.style == graph_style::dag)
                outer.push_back(std::move(call));
            else
                outer.push_back(json::array{std::move(call)});
        }
        if (g.style == graph_style::dag)
            o["dag"] = json::object{{"tasks", std::move(outer)}};
        else
            o["steps"] = std::move(outer);
    }

    // ------------------------------------------------------------------ document
    static json::object sorted(json::object o)
    {
        std::vector<std::string> keys;
        for (const auto& kv : o)
            keys.emplace_back(kv.key());
        std::sort(keys.begin(), keys.end());
        json::object out;
        out.reserve(keys.size());
        for (const auto& k : keys)
            out[k] = std::move(o[k]);
        return out;
    }

    json::object workflow_spec(json::array templates)
    {
        const auto& st = wf_.settings;
        json::object spec;
        spec["entrypoint"] = wf_.entrypoint;
        if (!st.on_exit.empty()) {
            if (!wf_.find_template(st.on_exit))
                add(error::unknown_reference, "$.settings.on_exit", "on_exit names unknown template '" + st.on_exit + "'");
            spec["onExit"] = share_.target(st.on_exit);
        }
        spec["templates"] = std::move(templates);
        if (!st.parameters.empty()) {
            json::array ps;
            for (const auto& p : st.parameters)
                ps.push_back(parameter_json(p, false));
            spec["arguments"] = json::object{{"parameters", std::move(ps)}};
        }
        if (!st.service_account.empty())
            spec["serviceAccountName"] = st.service_account;
        if (st.active_deadline_seconds)
            spec["activeDeadlineSeconds"] = *st.active_deadline_seconds;
        if (st.ttl_seconds_after_finished)
            spec["ttlStrategy"] = json::object{{"secondsAfterCompletion", *st.ttl_seconds_after_finished}};
        if (st.parallelism)
            spec["parallelism"] = *st.parallelism;
        if (!st.volumes.empty()) {
            json::array vs;
            for (const auto& v : st.volumes) {
                json::object x;
                switch (v.kind) {
                case volume::source_kind::empty_dir:
                    x["emptyDir"] = v.medium.empty() ? json::object{} : json::object{{"medium", v.medium}};
                    break;
                case volume::source_kind::persistent_volume_claim: {
                    json::object c{{"claimName", v.source}};
                    if (v.read_only)
                        c["readOnly"] = true;
                    x["persistentVolumeClaim"] = std::move(c);
                    break;
                }
                case volume::source_kind::config_map: x["configMap"] = json::object{{"name", v.source}}; break;
                case volume::source_kind::secret: x["secret"] = json::object{{"secretName", v.source}}; break;
                case volume::source_kind::host_path: x["hostPath"] = json::object{{"path", v.source}}; break;
                }
                x["name"] = v.name;
                vs.push_back(sorted(std::move(x)));
            }
            spec["volumes"] = std::move(vs);
        }
        if (!st.volume_claim_templates.empty()) {
            json::array vs;
            for (const auto& v : st.volume_claim_templates) {
                json::object s;
                s["accessModes"] = strings(v.access_modes);
                s["resources"] = json::object{{"requests", json::object{{"storage", v.storage}}}};
                if (!v.storage_class.empty())
                    s["storageClassName"] = v.storage_class;
                vs.push_back(json::object{{"metadata", json::object{{"name", v.name}}}, {"spec", std::move(s)}});
            }
            spec["volumeClaimTemplates"] = std::move(vs);
        }
        if (!st.image_pull_secrets.empty()) {
            json::array a;
            for (const auto& s : st.image_pull_secrets)
                a.push_back(json::object{{"name", s}});
            spec["imagePullSecrets"] = std::move(a);
        }
        if (!st.node_selector.empty())
            spec["nodeSelector"] = string_map(st.node_selector);
        if (!st.tolerations.empty()) {
            json::array a;
            for (const auto& x : st.tolerations)
                a.push_back(toleration_json(x));
            spec["tolerations"] = std::move(a);
        }
        if (!st.security_context.empty())
            spec["securityContext"] = st.security_context;
        return opt_.python_sdk_layout ? sorted(std::move(spec)) : spec;
    }

    json::value document(json::array templates)
    {
        const auto& st = wf_.settings;
        json::object doc;
        doc["apiVersion"] = "argoproj.io/v1alpha1";
        const char* kind = "Workflow";
        if (st.kind == workflow_kind::workflow_template)
            kind = "WorkflowTemplate";
        else if (st.kind == workflow_kind::cluster_workflow_template)
            kind = "ClusterWorkflowTemplate";
        if (st.cron) {
            if (st.kind != workflow_kind::workflow)
                add(error::not_expressible, "$.settings.cron",
                    "a cron schedule makes a CronWorkflow; it cannot also be a WorkflowTemplate");
            kind = "CronWorkflow";
        }
        doc["kind"] = kind;
        json::object meta;
        bool needs_name = std::string_view(kind) != "Workflow";
        if (!st.name.empty())
            meta["name"] = st.name;
        else if (needs_name) {
            std::string n = st.generate_name.empty() ? wf_.entrypoint : st.generate_name;
            while (!n.empty() && n.back() == '-')
                n.pop_back();
            meta["name"] = n;
        } else
            meta["generateName"] = st.generate_name.empty() ? wf_.entrypoint + "-" : st.generate_name;
        if (!st.namespace_.empty()) {
            if (st.kind == workflow_kind::cluster_workflow_template)
                add(error::not_expressible, "$.settings.namespace", "a ClusterWorkflowTemplate has no namespace");
            meta["namespace"] = st.namespace_;
        }
        if (!st.labels.empty())
            meta["labels"] = string_map(st.labels);
        if (!st.annotations.empty())
            meta["annotations"] = string_map(st.annotations);
        doc["metadata"] = std::move(meta);
        json::object spec = workflow_spec(std::move(templates));
        if (st.cron) {
            const auto& c = *st.cron;
            json::object cs;
            cs["schedule"] = c.schedule;
            if (c.schedule.empty())
                add(error::missing_field, "$.settings.cron.schedule", "a CronWorkflow needs a schedule");
            if (!c.timezone.empty())
                cs["timezone"] = c.timezone;
            if (!c.concurrency_policy.empty())
                cs["concurrencyPolicy"] = c.concurrency_policy;
            if (c.starting_deadline_seconds)
                cs["startingDeadlineSeconds"] = *c.starting_deadline_seconds;
            if (c.successful_jobs_history_limit)
                cs["successfulJobsHistoryLimit"] = *c.successful_jobs_history_limit;
            if (c.failed_jobs_history_limit)
                cs["failedJobsHistoryLimit"] = *c.failed_jobs_history_limit;
            cs["suspend"] = c.suspend;
            cs["workflowSpec"] = std::move(spec);
            doc["spec"] = opt_.python_sdk_layout ? sorted(std::move(cs)) : cs;
        } else
            doc["spec"] = std::move(spec);
        merge_extension(doc, wf_.extensions);
        if (!probs_.empty())
            throw invalid_input(probs_);
        return doc;
    }
};

} // namespace detail

template <class S, class A> boost::json::value to_argo_json(const basic_workflow<S, A>& wf, const argo_options& opt)
{
    return detail::argo_emitter<S, A>(wf, opt).run();
}

template <class S, class A> std::string to_argo_yaml(const basic_workflow<S, A>& wf, const argo_options& opt)
{
    return to_yaml(to_argo_json(wf, opt), opt.yaml);
}

} // namespace couler

#endif
