// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_DETAIL_SCHEDULER_PREPARE_HPP
#define COULER_ENGINE_DETAIL_SCHEDULER_PREPARE_HPP

// The scheduler (detail/scheduler.hpp), part: Step preparation: inputs, the path map, the memo key and the command line.

#include <couler/engine/detail/scheduler.hpp>

namespace couler {
namespace engine {
namespace detail {

inline bool scheduler::prepare(int ii, std::string& err)
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
    // Declared paths are data from outside: one that would leave the work dir is refused
    // (check_runnable refuses it up front; this guards a workflow.json read back by resume).
    auto mapped = declared_paths(*t);
    for (auto& d : scratch_dirs(*t, wf_.settings.volumes))
        mapped.push_back(std::move(d));
    for (const auto& d : mapped) {
        std::vector<std::string> parts;
        std::string why = declared_path_problem(d.path, parts);
        if (!why.empty()) {
            err = "step '" + inv.id + "': " + d.field + " '" + shown_path(d.path) + "' " + why;
            return false;
        }
        std::string rel = d.path;
        while (!rel.empty() && rel.front() == '/')
            rel.erase(0, 1);
        inv.path_map.emplace_back(d.path, (inv.work / rel).string());
    }
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
    // The step's own environment: the engine's variables, then the template's env.
    std::vector<std::string> env{"COULER_RUN_ID=" + run_id_, "COULER_STEP=" + inv.id,
                                 "COULER_WORK_DIR=" + inv.work.string()};
    if (c)
        for (auto& e : c->env)
            env.push_back(e.name + "=" + apply_path_map(inv, subst_template(e.value, inv, true, err)));
    ps.env = env_;
    if (c && !host) {
        // The container sees the step's directory at the same path, so mapped paths hold in it.
        container_run cr;
        cr.cli = runtime_cli(o_);
        inv.container = container_name(run_id_, dir_name(inv.id));
        cr.name = inv.container; // `-<attempt>` is added at each spawn
        cr.image = c->image;
        cr.pull_policy = c->image_pull_policy;
        cr.mounts = {inv.dir.string()};
        cr.workdir = c->working_dir.empty() ? inv.work.string() : apply_path_map(inv, c->working_dir);
        cr.env = std::move(env);
        if (c->command && !c->command->empty() && !real.empty()) {
            std::size_t n = std::min(real.size(), c->command->size());
            cr.command.assign(real.begin(), real.begin() + static_cast<long>(n));
            real.erase(real.begin(), real.begin() + static_cast<long>(n));
        }
        cr.args = std::move(real);
        real = runtime_run_argv(cr);
    } else {
        // A host step gets a documented environment, not all of the engine's (docker and
        // podman clients above keep it: they may need DOCKER_HOST, XDG_RUNTIME_DIR...).
        ps.env = step_environment(env_, o_.pass_env);
        ps.env.insert(ps.env.end(), env.begin(), env.end());
    }
    if (real.empty())
        real = {"true"};
    ps.argv = std::move(real);
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

} // namespace detail
} // namespace engine
} // namespace couler

#endif
