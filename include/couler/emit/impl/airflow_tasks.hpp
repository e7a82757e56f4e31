// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The Airflow emitter's tasks: one KubernetesPodOperator per step instance, condition pods,
// the exit handler, and the DAG file around them (declared in airflow_emitter.hpp).
#ifndef COULER_EMIT_IMPL_AIRFLOW_TASKS_HPP
#define COULER_EMIT_IMPL_AIRFLOW_TASKS_HPP

#include <algorithm>

namespace couler::detail {

inline std::string af_seconds(std::int64_t s) { return "datetime.timedelta(seconds=" + std::to_string(s) + ")"; }

template <class S, class A>
std::map<std::string, std::string>
airflow_emitter<S, A>::bind_inputs(const step_type& st, const template_type& t,
                                   const std::optional<boost::json::value>& item, const std::string& path)
{
    const scope graph_sc{graph_inputs_, item ? &*item : nullptr};
    std::map<std::string, std::string> inputs;
    for (const auto& a : st.arguments) {
        if (!t.inputs.find_parameter(a.name))
            bad(path + ".arguments." + a.name, "names no input parameter of template '" + t.name + "'");
        else if (!a.value)
            refuse(path + ".arguments." + a.name, "an argument without a literal value (value_from)");
    }
    for (const auto& p : t.inputs.parameters) {
        auto it = std::find_if(st.arguments.begin(), st.arguments.end(), [&](const parameter& a) { return a.name == p.name; });
        if (it != st.arguments.end() && it->value)
            inputs[p.name] = render(*it->value, graph_sc, path + ".arguments." + p.name);
        else if (p.default_value)
            inputs[p.name] = render(*p.default_value, scope{}, path + ".inputs." + p.name);
        else if (p.value)
            inputs[p.name] = render(*p.value, scope{}, path + ".inputs." + p.name);
        else
            bad(path + ".inputs." + p.name, "input parameter '" + p.name + "' of template '" + t.name + "' has no value");
    }
    return inputs;
}

template <class S, class A>
std::size_t airflow_emitter<S, A>::add_instance(const step_type& st, const template_type& t,
                                                const std::optional<boost::json::value>& item, std::size_t index,
                                                const std::string& path, const std::string& role)
{
    namespace json = boost::json;
    std::map<std::string, std::string> inputs = bind_inputs(st, t, item, path);
    const scope sc{&inputs, nullptr};
    task tk;
    tk.step = role == "exit" || top_.empty() ? st.name : top_;
    tk.role = role;
    tk.var = "t" + std::to_string(tasks_.size());
    auto sit = step_task_.find(prefix_ + st.name);
    tk.id = item || sit == step_task_.end() || role == "exit"
                ? af_task_id(prefix_ + st.name + (item ? "__" + std::to_string(index) : std::string()), ids_)
                : sit->second;
    auto kw = [&](const char* k, std::string v) { tk.kwargs.emplace_back(k, std::move(v)); };
    kw("task_id", af_py(tk.id));
    kw("task_display_name", af_py(item ? st.name + " [" + std::to_string(index) + "]" : st.name));
    kw("name", af_py(af_pod_name(st.name)));
    const container_spec& c = *t.container();
    kw("image", af_py(render(c.image, sc, path + ".image")));

    std::vector<std::string> cmds, args;
    bool has_cmd = c.command.has_value();
    if (c.command)
        for (const auto& x : *c.command)
            cmds.push_back(render(x, sc, path + ".command"));
    if (auto* sp = std::get_if<script_spec>(&t.body)) {
        cmds.push_back("-c");
        cmds.push_back(render(sp->source, sc, path + ".source"));
        std::string base = c.command && !c.command->empty() ? c.command->front() : std::string();
        base = base.substr(base.rfind('/') + 1);
        if (base == "sh" || base == "bash")
            cmds.push_back("script"); // $0 of `sh -c`, so the args are $1...
    }
    for (const auto& x : c.args)
        args.push_back(render(x, sc, path + ".args"));
    auto wanted = outs_.find(prefix_ + st.name);
    for (const auto& o : (wanted == outs_.end() ? std::set<std::string>{} : wanted->second))
        if (o != "result" && !t.outputs.find_parameter(o))
            bad(path, "another step reads output '" + o + "', which template '" + t.name + "' does not declare");
    if (!t.outputs.parameters.empty() || wanted != outs_.end()) {
        if (!has_cmd)
            refuse(path, "outputs of a container without a command (the image entrypoint cannot be wrapped)");
        std::vector<std::string> w{"sh", "-c", airflow_jinja_literal(af_output_wrapper()), "couler",
                                   std::to_string(t.outputs.parameters.size())};
        for (const auto& p : t.outputs.parameters) {
            w.push_back(airflow_jinja_literal(p.name));
            w.push_back(render(p.from.path, sc, path + ".outputs." + p.name));
        }
        w.push_back("--");
        w.insert(w.end(), cmds.begin(), cmds.end());
        cmds = std::move(w);
        kw("do_xcom_push", "True");
    }
    auto list = [](const std::vector<std::string>& v) {
        std::string out = "[";
        for (const auto& x : v)
            out += (out.size() > 1 ? ", " : "") + af_py(x);
        return out + "]";
    };
    if (has_cmd || !cmds.empty())
        kw("cmds", list(cmds));
    if (!args.empty())
        kw("arguments", list(args));

    // Plain env values go to env_vars; secrets, ConfigMaps, resources, mounts... to the pod
    // template (plain Kubernetes objects that name a Secret, never hold its value).
    std::string env = "{";
    json::object base{{"name", "base"}};
    json::array env_refs, env_from = env_from_json(c.env_from);
    for (const auto& e : c.env) {
        if (e.secret || e.config_map) {
            json::object ref = secret_ref(e.secret ? *e.secret : *e.config_map);
            env_refs.push_back(json::object{
                {"name", e.name},
                {"valueFrom", json::object{{e.secret ? "secretKeyRef" : "configMapKeyRef", std::move(ref)}}}});
        } else {
            env += (env.size() > 1 ? ", " : "") + af_py(e.name) + ": " + af_py(render(e.value, sc, path + ".env." + e.name));
        }
    }
    if (env.size() > 1)
        kw("env_vars", env + "}");
    if (!env_refs.empty())
        base["env"] = std::move(env_refs);
    if (!env_from.empty())
        base["envFrom"] = std::move(env_from);
    if (!c.resources.empty())
        base["resources"] = resources_json(c.resources);
    if (!c.working_dir.empty())
        base["workingDir"] = c.working_dir;
    if (!c.security_context.empty())
        base["securityContext"] = c.security_context;
    json::object spec;
    if (!c.volume_mounts.empty()) {
        base["volumeMounts"] = volume_mounts_json(c.volume_mounts);
        json::array vols;
        std::set<std::string> seen;
        for (const auto& m : c.volume_mounts) {
            if (!seen.insert(m.name).second)
                continue;
            const volume* found = nullptr;
            for (const auto* list : {&t.volumes, &wf_.settings.volumes})
                for (const auto& v : *list)
                    if (!found && v.name == m.name)
                        found = &v;
            if (found)
                vols.push_back(volume_json(*found));
            else
                refuse(path + ".volume_mounts." + m.name,
                       "a mount of a volume neither the template nor the workflow declares (a per-run claim?)");
        }
        spec["volumes"] = std::move(vols);
    }
    std::vector<toleration> tols = t.tolerations;
    tols.insert(tols.end(), wf_.settings.tolerations.begin(), wf_.settings.tolerations.end());
    if (!tols.empty()) {
        json::array a;
        for (const auto& x : tols)
            a.push_back(toleration_json(x));
        spec["tolerations"] = std::move(a);
    }
    if (!wf_.settings.image_pull_secrets.empty()) {
        json::array a;
        for (const auto& x : wf_.settings.image_pull_secrets)
            a.push_back(json::object{{"name", x}});
        spec["imagePullSecrets"] = std::move(a);
    }
    if (!wf_.settings.security_context.empty())
        spec["securityContext"] = wf_.settings.security_context;
    if (base.size() > 1 || !spec.empty()) {
        spec["containers"] = json::array{std::move(base)};
        json::value pod = json::object{{"apiVersion", "v1"}, {"kind", "Pod"}, {"spec", std::move(spec)}};
        kw("pod_template_dict", af_py_json(render_json(pod, sc, path), false));
    }
    std::map<std::string, std::string> selector = wf_.settings.node_selector;
    for (const auto& [k, v] : t.node_selector)
        selector[k] = v;
    auto dict = [&](const std::map<std::string, std::string>& m, const std::string& where) {
        std::string out = "{";
        for (const auto& [k, v] : m)
            out += (out.size() > 1 ? ", " : "") + af_py(k) + ": " + af_py(render(v, sc, where));
        return out + "}";
    };
    if (!selector.empty())
        kw("node_selector", dict(selector, path + ".node_selector"));
    if (!wf_.settings.pod_labels.empty())
        kw("labels", dict(wf_.settings.pod_labels, "$.settings.pod_labels"));
    if (!wf_.settings.pod_annotations.empty())
        kw("annotations", dict(wf_.settings.pod_annotations, "$.settings.pod_annotations"));
    if (!c.image_pull_policy.empty()) {
        if (c.image_pull_policy != "Always" && c.image_pull_policy != "Never" && c.image_pull_policy != "IfNotPresent")
            bad(path + ".image_pull_policy", "not Always, Never or IfNotPresent: " + c.image_pull_policy);
        kw("image_pull_policy", af_py(c.image_pull_policy));
    }
    if (!wf_.settings.namespace_.empty())
        kw("namespace", af_py(airflow_jinja_literal(wf_.settings.namespace_)));
    if (!wf_.settings.service_account.empty())
        kw("service_account_name", af_py(wf_.settings.service_account));
    if (t.retry) {
        kw("retries", std::to_string(t.retry->limit));
        if (const auto& b = t.retry->back_off) {
            kw("retry_delay", af_seconds(std::max<std::int64_t>(0, argo_duration_seconds(b->duration.empty() ? "0" : b->duration))));
            if (b->factor && *b->factor == 2)
                kw("retry_exponential_backoff", "True");
            if (!b->cap.empty())
                kw("max_retry_delay", af_seconds(std::max<std::int64_t>(0, argo_duration_seconds(b->cap))));
        }
    }
    if (!t.timeout.empty())
        kw("active_deadline_seconds", std::to_string(std::max<std::int64_t>(0, argo_duration_seconds(t.timeout))));
    if (!t.total_timeout.empty())
        kw("execution_timeout", af_seconds(std::max<std::int64_t>(0, argo_duration_seconds(t.total_timeout))));
    tasks_.push_back(std::move(tk));
    return tasks_.size() - 1;
}

template <class S, class A>
boost::json::value airflow_emitter<S, A>::render_json(const boost::json::value& v, const scope& sc, const std::string& path)
{
    namespace json = boost::json;
    if (v.is_string())
        return json::value(render(v.get_string(), sc, path));
    if (v.is_array()) {
        json::array a;
        for (const auto& x : v.get_array())
            a.push_back(render_json(x, sc, path));
        return a;
    }
    if (v.is_object()) {
        json::object o;
        for (const auto& kv : v.get_object())
            o[kv.key()] = render_json(kv.value(), sc, path);
        return o;
    }
    return v;
}

/// Splits `when` into left, operator, right; empty operator if it is not one comparison.
inline std::string af_split_condition(std::string_view s, std::string& lhs, std::string& rhs)
{
    std::string masked(s);
    for (const auto& r : find_references(s))
        for (std::size_t i = r.begin; i < r.end; ++i)
            masked[i] = 'x';
    std::size_t pos = std::string::npos, len = 0, count = 0;
    for (std::size_t i = 0; i < masked.size(); ++i) {
        char c = masked[i], n = i + 1 < masked.size() ? masked[i + 1] : '\0';
        std::size_t l = 0;
        if ((c == '=' || c == '!' || c == '<' || c == '>') && n == '=')
            l = 2;
        else if (c == '<' || c == '>')
            l = 1;
        else if (c == '&' || c == '|' || c == '(' || c == ')' || c == '!' || c == '=')
            return {};
        if (l) {
            ++count;
            pos = i;
            len = l;
            i += l - 1;
        }
    }
    if (count != 1)
        return {};
    lhs = std::string(trim(s.substr(0, pos)));
    rhs = std::string(trim(s.substr(pos + len)));
    return std::string(s.substr(pos, len));
}

template <class S, class A>
void airflow_emitter<S, A>::add_condition(const step_type& st, std::size_t target, const scope& sc, const std::string& path)
{
    std::string lhs, rhs, op = af_split_condition(st.when, lhs, rhs);
    if (op.empty()) {
        refuse(path + ".when", "condition '" + st.when +
                                   "': only one comparison (==, !=, <, >, <=, >=) of two values is lowered");
        return;
    }
    task tk;
    tk.step = top_.empty() ? st.name : top_;
    tk.role = "condition";
    tk.var = "t" + std::to_string(tasks_.size());
    tk.id = af_task_id(tasks_[target].id + "__when", ids_);
    auto kw = [&](const char* k, std::string v) { tk.kwargs.emplace_back(k, std::move(v)); };
    kw("task_id", af_py(tk.id));
    kw("task_display_name", af_py(st.name + " (when)"));
    kw("name", af_py("when-" + af_pod_name(st.name)));
    kw("image", af_py(airflow_jinja_literal(opt_.condition_image)));
    kw("cmds", "[\"python3\", \"-c\", " + af_py(airflow_jinja_literal(af_condition_program())) + "]");
    kw("arguments", "[" + af_py(op) + ", " + af_py(render(lhs, sc, path + ".when")) + ", " +
                        af_py(render(rhs, sc, path + ".when")) + ", " + af_py(std::to_string(opt_.skip_exit_code)) + "]");
    kw("skip_on_exit_code", std::to_string(opt_.skip_exit_code));
    if (!wf_.settings.namespace_.empty())
        kw("namespace", af_py(airflow_jinja_literal(wf_.settings.namespace_)));
    tasks_.push_back(std::move(tk));
    tasks_[target].upstream.push_back(tasks_.size() - 1);
    tasks_[target].skippable = true;
}

} // namespace couler::detail

#include <couler/emit/impl/airflow_dag.hpp>

#endif
