// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_EMIT_IMPL_ARGO_HPP
#define COULER_EMIT_IMPL_ARGO_HPP

#include <couler/emit/detail/argo_fields.hpp>
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
        // A workflow whose spec comes from a WorkflowTemplate may name the template's entrypoint.
        if (entry == ts.size() && !wf_.settings.workflow_template_ref_)
            add(error::unknown_reference, "$.entrypoint", "entrypoint '" + wf_.entrypoint + "' is not a template");
        else if (opt_.python_sdk_layout && entry != ts.size())
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
    /// `path` and `who` build the JSON path and the subject of a message, only when needed.
    template <class Path, class Who> void check_extension(const json::object& ext, const Path& path, const Who& who)
    {
        for (const auto& kv : ext) {
            if (kv.key() == "argo") {
                if (!kv.value().is_object())
                    add(error::wrong_type, path() + ".extensions.argo", who() + ": the \"argo\" extension must be an object");
                continue;
            }
            bool empty = kv.value().is_null() || (kv.value().is_object() && kv.value().get_object().empty()) ||
                         (kv.value().is_array() && kv.value().get_array().empty());
            if (!empty)
                add(error::not_expressible, path() + ".extensions." + std::string(kv.key()),
                    who() + ": extension \"" + std::string(kv.key()) + "\" belongs to another engine; Argo cannot express it");
        }
    }

    void check_extensions()
    {
        // The paths are built only for a message: this runs over every step of the workflow.
        check_extension(wf_.extensions, [] { return std::string("$"); }, [] { return std::string("workflow"); });
        const auto& ts = wf_.templates();
        for (std::size_t i = 0; i < ts.size(); ++i) {
            auto tp = [i] { return "$.templates[" + std::to_string(i) + "]"; };
            check_extension(ts[i].extensions, tp, [&] { return "template '" + ts[i].name + "'"; });
            if (ts[i].name.size() > opt_.max_name_length || !is_valid_step_name(ts[i].name))
                add(error::invalid_name, tp() + ".name",
                    "template '" + ts[i].name + "': not a valid Argo template name ([a-zA-Z0-9][-a-zA-Z0-9]*, at most " +
                        std::to_string(opt_.max_name_length) + " characters)");
            if (const auto* g = ts[i].graph())
                for (std::size_t v = 0; v < g->size(); ++v) {
                    const auto& s = (*g)[v];
                    auto sp = [&] { return tp() + ".graph.steps[" + std::to_string(v) + "]"; };
                    check_extension(s.extensions, sp, [&] { return where(ts[i], s); });
                    if (s.name.size() > opt_.max_name_length || !is_valid_step_name(s.name))
                        add(error::invalid_name, sp() + ".name",
                            where(ts[i], s) + ": not a valid Argo step name ([a-zA-Z0-9][-a-zA-Z0-9]*, at most " +
                                std::to_string(opt_.max_name_length) + " characters)");
                    if (!wf_.find_template(s.template_name) && !(s.template_name.empty() && elsewhere(s)))
                        add(error::unknown_reference, sp() + ".template",
                            where(ts[i], s) + ": unknown template '" + s.template_name + "'");
                }
        }
    }

    /// The step's template is not one of the workflow's: a templateRef (the IR's, or one the
    /// Argo extension supplies) or an inline template in the extension.
    static bool elsewhere(const step_type& s)
    {
        if (s.template_ref_ || !s.inline_template.empty())
            return true;
        auto it = s.extensions.find("argo");
        if (it == s.extensions.end() || !it->value().is_object())
            return false;
        const auto& x = it->value().get_object();
        return x.contains("templateRef") || x.contains("inline");
    }

    /// A body kind the IR lacks, supplied by the Argo extension (the IR body is then unused).
    static bool extension_body(const template_type& t)
    {
        auto it = t.extensions.find("argo");
        if (it == t.extensions.end() || !it->value().is_object())
            return false;
        const auto& x = it->value().get_object();
        for (const char* k : {"containerSet", "http", "plugin", "data"})
            if (x.contains(k))
                return true;
        return false;
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
    void plan_loops();

    static bool mentions_step(const graph_type* g, std::size_t w, const std::string& name);

    json::object loop_template(const template_type& t, const step_type& s, const loop_info& l);

    // ------------------------------------------------------------------ pieces
    /// Location fields of an artifact, in the Python SDK's order (key, secrets, bucket, endpoint).
    template <class Art> void artifact_location(json::object& o, const Art& a, const std::string& who)
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
            if (!a.region.empty()) {
                if (a.kind == artifact_kind::oss)
                    add(error::not_expressible, "$", who + ": artifact '" + a.name + "': Argo's OSS location has no 'region'");
                loc["region"] = a.region;
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
            if (a.force)
                loc["force"] = true;
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
        case artifact_kind::azure: {
            json::object loc;
            if (!a.endpoint.empty())
                loc["endpoint"] = a.endpoint;
            loc["container"] = a.bucket;
            loc["blob"] = a.key;
            if (a.secret_key)
                loc["accountKeySecret"] = secret_ref(*a.secret_key);
            o["azure"] = std::move(loc);
            return;
        }
        case artifact_kind::raw: o["raw"] = json::object{{"data", a.raw_data}}; return;
        }
    }

    template <class Art> json::object artifact_json(const Art& a, const std::string& who)
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
        artifact_extras(o, a);
        return o;
    }

    /// Artifact fields the Python SDK never sets: from (outputs of graph templates),
    /// fromExpression, mode, archive.
    template <class Art> static void artifact_extras(json::object& o, const Art& a)
    {
        if (!a.from.empty())
            o["from"] = a.from;
        if (!a.from_expression.empty())
            o["fromExpression"] = a.from_expression;
        if (a.mode)
            o["mode"] = *a.mode;
        if (!a.archive.empty()) {
            json::object how;
            if (a.archive == "tar" && a.archive_compression_level)
                how["compressionLevel"] = *a.archive_compression_level;
            o["archive"] = json::object{{a.archive, std::move(how)}};
        }
        if (!a.gc_strategy.empty())
            o["artifactGC"] = json::object{{"strategy", a.gc_strategy}};
    }

    json::object io_json(const basic_io<A>& io, bool output, const std::string& who)
    {
        json::object o;
        o.reserve(2);
        if (!io.parameters.empty()) {
            json::array ps;
            ps.reserve(io.parameters.size());
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
    /// `defaults`: the workflow's template defaults, whose default container body is no body.
    json::object template_json(const template_type& t, bool defaults = false)
    {
        // The subject of messages about memoize and artifacts, the only parts that can fail here
        // (built only then: this runs for every template).
        const std::string who = t.memoize || !t.inputs.artifacts.empty() || !t.outputs.artifacts.empty()
                                    ? "template '" + t.name + "'"
                                    : std::string();
        json::object o;
        o.reserve(6); // Boost.JSON objects grow one slot at a time from empty
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
        if (t.container_set)
            o["containerSet"] = container_set_json(*t.container_set);
        else if (t.http)
            o["http"] = http_json(*t.http);
        else if (!((extension_body(t) || defaults) && t.body == typename template_type::body_type{}))
            std::visit(
            [&](const auto& b) {
                using B = std::decay_t<decltype(b)>;
                if constexpr (std::is_same_v<B, container_spec>) {
                    o["container"] = container_json(b, nullptr);
                    container_extras(o["container"].as_object(), b);
                } else if constexpr (std::is_same_v<B, script_spec>) {
                    o["script"] = container_json(b.container, &b.source);
                    container_extras(o["script"].as_object(), b.container);
                }
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
        if (t.retry)
            o["retryStrategy"] = retry_json(*t.retry);
        if (t.parallelism)
            o["parallelism"] = *t.parallelism;
        if (!t.total_timeout.empty())
            o["timeout"] = t.total_timeout;
        if (t.synchronization)
            o["synchronization"] = synchronization_json(*t.synchronization);
        if (!t.sidecars.empty())
            o["sidecars"] = user_containers_json(t.sidecars);
        if (!t.init_containers.empty())
            o["initContainers"] = user_containers_json(t.init_containers);
        if (!t.volumes.empty())
            o["volumes"] = volumes_json(t.volumes);
        if (!t.pod_spec_patch.empty())
            o["podSpecPatch"] = t.pod_spec_patch;
        pod_resources_json(o, t.pod_resources, t.resource_claims);
        if (!t.metrics.empty())
            o["metrics"] = metrics_json(t.metrics);
        if (!t.annotations.empty())
            o["annotations"] = string_map(t.annotations);
        if (const auto* g = t.graph(); g && g->style == graph_style::steps && g->fail_fast)
            o["failFast"] = *g->fail_fast;
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
        o.reserve(4); // Boost.JSON objects grow one slot at a time from empty
        o["name"] = l ? l->outer : s.name;
        json::value deps;
        if (style == graph_style::dag) {
            if (!s.depends.empty())
                deps = json::string(s.depends);
            else {
                const auto& bg = g.boost_graph();
                auto [first, last] = boost::in_edges(v, bg);
                if (first != last) {
                    json::array d;
                    d.reserve(static_cast<std::size_t>(std::distance(first, last)));
                    for (; first != last; ++first) { // in insertion order, as predecessors()
                        auto u = boost::source(*first, bg);
                        if (!part || (*part)[u] == (*part)[v]) // across parts: the outer DAG orders them
                            d.emplace_back(loop_name(ti, u, g));
                    }
                    if (!d.empty())
                        deps = std::move(d);
                }
            }
        }
        const char* deps_key = s.depends.empty() ? "dependencies" : "depends";
        // The Python SDK writes dependencies before the template, except on conditional tasks.
        if (!deps.is_null() && s.when.empty())
            o[deps_key] = deps;
        if (l || !(s.template_name.empty() && elsewhere(s)))
            o["template"] = l ? l->tmpl : share_.target(s.template_name);
        if (s.template_ref_ && !l)
            o["templateRef"] = template_ref_json(*s.template_ref_);
        if (!s.inline_template.empty() && !l) {
            const template_type& it = s.inline_template.front();
            if (it.is_graph())
                add(error::not_expressible, "$", where(wf_.templates()[ti], s) +
                                                     ": an inline graph template is not supported by this emitter");
            else {
                json::object x = template_json(it);
                if (it.name.empty())
                    x.erase("name");
                o["inline"] = std::move(x);
            }
        }
        if (!s.when.empty())
            o["when"] = argo_rewrite_step_refs(s.when, prefix);
        if (!deps.is_null() && !s.when.empty())
            o[deps_key] = std::move(deps);
        json::object args;
        if (!l || !l->passed.empty()) {
            json::array ps;
            ps.reserve(s.arguments.size());
            for (const auto& a : s.arguments) {
                if (l && std::find(l->passed.begin(), l->passed.end(), a.name) == l->passed.end())
                    continue;
                json::object p;
                p.reserve(2);
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
        if (s.continue_on_failed || s.continue_on_error) {
            json::object co;
            if (s.continue_on_error)
                co["error"] = true;
            if (s.continue_on_failed)
                co["failed"] = true;
            o["continueOn"] = std::move(co);
        }
        if (!s.hooks.empty())
            o["hooks"] = hooks_json(s.hooks, [&](const basic_artifact<>& a) {
                json::object x = artifact_json(a, where(wf_.templates()[ti], s));
                if (!a.from.empty())
                    x["from"] = argo_rewrite_step_refs(a.from, prefix);
                return x;
            });
        if (style == graph_style::steps && !s.depends.empty())
            add(error::not_expressible, "$", where(wf_.templates()[ti], s) +
                                                 ": an enhanced 'depends' expression needs a DAG template, "
                                                 "this one is steps style");
        merge_extension(o, s.extensions);
        return o;
    }

    const std::string& loop_name(std::size_t ti, vertex u, const graph_type& g) const
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
            json::object dag{{"tasks", std::move(tasks)}};
            if (g.fail_fast)
                dag["failFast"] = *g.fail_fast;
            if (!g.target.empty())
                dag["target"] = g.target;
            o["dag"] = std::move(dag);
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
    void plan_parts(std::size_t ti, const graph_type& g);

    /// Siblings a step reads through expressions or names in `depends`.
    std::vector<vertex> read_steps(const graph_type& g, vertex v) const;

    void nested_graph_json(json::object& o, std::size_t ti, const template_type& t, const graph_type& g, const parts_plan& p);

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

    json::object workflow_spec(json::array templates);

    json::value document(json::array templates);
};

} // namespace detail

} // namespace couler

// Members of argo_emitter defined out of the class, by concern.
#include <couler/emit/impl/argo_document.hpp>
#include <couler/emit/impl/argo_loops.hpp>
#include <couler/emit/impl/argo_parts.hpp>

namespace couler {

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
