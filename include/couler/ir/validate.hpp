// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_IR_VALIDATE_HPP
#define COULER_IR_VALIDATE_HPP

/// @file
/// @brief Semantic validation of a workflow: names, references, cycles, missing or malformed
/// images (checked against the distribution reference grammar, see image_reference.hpp).
///
/// Every problem is reported with the JSON path it has in the workflow's IR document
/// (`$.templates[1].graph.steps[3].when`), so a CLI or an LLM repair loop can point at it.

#include <couler/ir/algorithm.hpp>
#include <couler/ir/detail/json_reader.hpp>
#include <couler/ir/error.hpp>
#include <couler/ir/expression.hpp>
#include <couler/ir/image_reference.hpp>
#include <couler/ir/names.hpp>
#include <couler/ir/workflow.hpp>

#include <cmath>
#include <string>
#include <unordered_set>

namespace couler {

/// @brief Every problem in `wf`; empty if it is valid.
/// @par Complexity O(size of the workflow) plus, for each output reference without a direct
/// edge, one upstream walk.
template <class S, class A> problems validate(const basic_workflow<S, A>& wf);

/// @brief Throws invalid_input listing every problem, if there are any.
template <class S, class A> void validate_or_throw(const basic_workflow<S, A>& wf)
{
    auto ps = validate(wf);
    if (!ps.empty())
        throw invalid_input(std::move(ps));
}

namespace detail {

template <class S, class A> class validator {
public:
    using workflow_type = basic_workflow<S, A>;
    using template_type = typename workflow_type::template_type;
    using graph_type = typename workflow_type::graph_type;
    using vertex = typename graph_type::vertex;

    explicit validator(const workflow_type& wf) : wf_(wf) {}

    problems run()
    {
        check_settings();
        // A workflow whose spec is a WorkflowTemplate's may leave the entrypoint to it, or
        // name one of the referenced template's templates.
        if (wf_.settings.workflow_template_ref_) {
            if (wf_.settings.workflow_template_ref_->name.empty())
                fail("$.settings.workflow_template_ref.name", error::missing_field,
                     "workflow_template_ref needs the WorkflowTemplate's name");
        } else if (wf_.entrypoint.empty())
            fail("$.entrypoint", error::missing_field, "the workflow has no entrypoint");
        else if (!wf_.find_template(wf_.entrypoint))
            fail("$.entrypoint", error::unknown_reference, "entrypoint names unknown template '" + wf_.entrypoint + "'");
        if (!wf_.settings.on_exit.empty() && !wf_.find_template(wf_.settings.on_exit))
            fail("$.settings.on_exit", error::unknown_reference,
                 "exit handler names unknown template '" + wf_.settings.on_exit + "'");
        const auto& ts = wf_.templates();
        for (std::size_t i = 0; i < ts.size(); ++i)
            check_template(ts[i], path_index("$.templates", i));
        return std::move(out_);
    }

private:
    void fail(std::string path, error code, std::string msg) { out_.push_back({std::move(path), code, std::move(msg)}); }

    void check_settings()
    {
        const auto& s = wf_.settings;
        if (!s.name.empty() && !is_dns1123_subdomain(s.name))
            fail("$.settings.name", error::invalid_name,
                 "workflow name '" + s.name +
                     "' is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most 253 "
                     "characters, starting and ending with a letter or digit)");
        if (!s.generate_name.empty() && !is_valid_generate_name(s.generate_name))
            fail("$.settings.generate_name", error::invalid_name,
                 "generate_name '" + s.generate_name + "' cannot start a DNS-1123 subdomain");
        for (std::size_t i = 0; i < s.parameters.size(); ++i)
            check_io_name(s.parameters[i].name, path_index("$.settings.parameters", i) + ".name", "parameter");
        if (s.cron && s.cron->schedule.empty() && s.cron->schedules.empty())
            fail("$.settings.cron.schedule", error::missing_field, "a cron workflow needs a schedule");
        check_hooks(s.hooks, "$.settings.hooks");
        check_sync(s.synchronization, "$.settings.synchronization");
    }

    void check_hooks(const lifecycle_hooks& hs, const std::string& path)
    {
        for (const auto& [name, h] : hs) {
            std::string p = path_key(path, name);
            if (h.template_name.empty() == !h.template_ref_)
                fail(p, error::missing_field, "hook '" + name + "' needs exactly one of template and template_ref");
            else if (!h.template_name.empty() && !wf_.find_template(h.template_name))
                fail(p + ".template", error::unknown_reference,
                     "hook '" + name + "' names unknown template '" + h.template_name + "'");
        }
    }

    void check_sync(const std::optional<synchronization_spec>& y, const std::string& path)
    {
        if (!y)
            return;
        for (std::size_t i = 0; i < y->mutexes.size(); ++i)
            if (y->mutexes[i].name.empty())
                fail(path_index(path + ".mutexes", i) + ".name", error::missing_field, "a mutex needs a name");
        for (std::size_t i = 0; i < y->semaphores.size(); ++i)
            if (!y->semaphores[i].config_map == y->semaphores[i].database_key.empty())
                fail(path_index(path + ".semaphores", i), error::bad_value,
                     "a semaphore needs exactly one of config_map and database_key");
    }

    void check_container_named(const container_spec& c, const std::string& path, const std::string& who)
    {
        if (c.name.empty())
            fail(path + ".name", error::missing_field, who + " needs a name");
        if (c.image.empty())
            fail(path + ".image", error::missing_field, who + " has no image");
        else
            check_image(c.image, path + ".image", who);
    }

    void check_image(const std::string& image, const std::string& path, const std::string& who)
    {
        auto why = image_reference_problem(image);
        if (!why.empty())
            fail(path, error::bad_value, who + ": image '" + image + "' is not a valid image reference: it " + why);
    }

    void check_pod_parts(const template_type& t, const std::string& path)
    {
        std::unordered_set<std::string> names;
        auto each = [&](const std::vector<user_container>& cs, const char* key, const char* what) {
            for (std::size_t i = 0; i < cs.size(); ++i) {
                auto p = path_index(path + key, i);
                check_container_named(cs[i].container, p, std::string(what) + " of template '" + t.name + "'");
                if (!cs[i].container.name.empty() && !names.insert(cs[i].container.name).second)
                    fail(p + ".name", error::duplicate_name, "container name '" + cs[i].container.name + "' used twice");
            }
        };
        each(t.sidecars, ".sidecars", "a sidecar");
        each(t.init_containers, ".init_containers", "an init container");
        if (t.has_other_body() && !(t.body == typename template_type::body_type{}))
            fail(path, error::bad_value,
                 "template '" + t.name + "' has a container_set or http body and another body: only one is allowed");
        if (t.container_set && t.http)
            fail(path, error::bad_value, "template '" + t.name + "' has both a container_set and an http body");
        if (t.http && t.http->url.empty())
            fail(path + ".http.url", error::missing_field, "the http template '" + t.name + "' needs a url");
        if (t.container_set) {
            const auto& cs = t.container_set->containers;
            if (cs.empty())
                fail(path + ".container_set.containers", error::missing_field,
                     "the container set of template '" + t.name + "' has no containers");
            std::unordered_set<std::string> set_names;
            for (std::size_t i = 0; i < cs.size(); ++i)
                if (!set_names.insert(cs[i].container.name).second)
                    fail(path_index(path + ".container_set.containers", i) + ".name", error::duplicate_name,
                         "container name '" + cs[i].container.name + "' used twice in the set");
            for (std::size_t i = 0; i < cs.size(); ++i) {
                auto p = path_index(path + ".container_set.containers", i);
                check_container_named(cs[i].container, p, "a container of the set of template '" + t.name + "'");
                for (std::size_t j = 0; j < cs[i].dependencies.size(); ++j)
                    if (!set_names.count(cs[i].dependencies[j]) || cs[i].dependencies[j] == cs[i].container.name)
                        fail(path_index(p + ".dependencies", j), error::unknown_reference,
                             "container '" + cs[i].container.name + "' depends on '" + cs[i].dependencies[j] +
                                 "', which is not another container of the set");
            }
        }
    }

    // A cost is a duration: NaN, infinity or a negative value would poison Eq. 1 and the cache
    // factor, and NaN/infinity cannot be written as JSON.
    void check_cost(const std::optional<double>& c, const std::string& path)
    {
        if (c && !(std::isfinite(*c) && *c >= 0))
            fail(path, error::bad_value, "cost_seconds must be a finite number of seconds, at least 0");
    }

    void check_io_name(const std::string& n, const std::string& path, const char* what)
    {
        if (!is_valid_io_name(n))
            fail(path, error::invalid_name,
                 std::string(what) + " name '" + n + "' is invalid: it " + io_name_problem(n) +
                     " (letters, digits, '-' and '_', 1 to 128 characters)");
    }

    template <class IO> void check_io(const IO& io, const std::string& path)
    {
        std::unordered_set<std::string> seen;
        for (std::size_t i = 0; i < io.parameters.size(); ++i) {
            auto p = path_index(path + ".parameters", i);
            check_io_name(io.parameters[i].name, p + ".name", "parameter");
            if (!seen.insert("p:" + io.parameters[i].name).second)
                fail(p + ".name", error::duplicate_name, "duplicate parameter name '" + io.parameters[i].name + "'");
        }
        for (std::size_t i = 0; i < io.artifacts.size(); ++i) {
            auto p = path_index(path + ".artifacts", i);
            const auto& a = io.artifacts[i];
            check_io_name(a.name, p + ".name", "artifact");
            check_cost(a.cost_seconds, p + ".cost_seconds");
            if (!seen.insert("a:" + a.name).second)
                fail(p + ".name", error::duplicate_name, "duplicate artifact name '" + a.name + "'");
            if (a.kind == artifact_kind::git && a.repo.empty())
                fail(p + ".repo", error::missing_field, "a git artifact needs a repo");
            if (a.kind == artifact_kind::http && a.url.empty())
                fail(p + ".url", error::missing_field, "an http artifact needs a url");
        }
    }

    void check_template(const template_type& t, const std::string& path, bool inline_ = false)
    {
        if (!(inline_ && t.name.empty()) && !is_valid_step_name(t.name))
            fail(path + ".name", error::invalid_name,
                 "template name '" + t.name + "' is invalid: it " + step_name_problem(t.name) +
                     " (a letter or digit, then letters, digits and '-', at most 128 characters)");
        check_io(t.inputs, path + ".inputs");
        check_io(t.outputs, path + ".outputs");
        check_pod_parts(t, path);
        check_sync(t.synchronization, path + ".synchronization");
        if (t.retry && t.retry->unlimited && !t.retry->limit_expression.empty())
            fail(path + ".retry", error::bad_value,
                 "template '" + t.name + "': a retry strategy is either unlimited or limited by an expression");
        if (t.has_other_body()) {
        } else if (auto c = t.container()) {
            const char* key = std::holds_alternative<script_spec>(t.body) ? ".script" : ".container";
            if (c->image.empty())
                fail(path + key + ".image", error::missing_field, "template '" + t.name + "' has no image");
            else
                check_image(c->image, path + key + ".image", "template '" + t.name + "'");
            check_strings_in_template(t, path + key);
        }
        if (auto g = t.graph())
            check_graph(t, *g, path + ".graph");
    }

    // Input references inside a leaf template must name its own inputs.
    void check_strings_in_template(const template_type& t, const std::string& path)
    {
        const container_spec& c = *t.container();
        auto check = [&](const std::string& s, const std::string& p) {
            for (auto& r : find_references(s)) {
                if (r.what == reference::kind::input_parameter && !t.inputs.find_parameter(r.name))
                    fail(p, error::unknown_reference,
                         "'{{" + r.text + "}}' names input parameter '" + r.name + "', which template '" + t.name +
                             "' does not declare");
                if (r.what == reference::kind::input_artifact && !t.inputs.find_artifact(r.name))
                    fail(p, error::unknown_reference,
                         "'{{" + r.text + "}}' names input artifact '" + r.name + "', which template '" + t.name +
                             "' does not declare");
            }
        };
        if (c.command)
            for (std::size_t i = 0; i < c.command->size(); ++i)
                check((*c.command)[i], path_index(path + ".command", i));
        for (std::size_t i = 0; i < c.args.size(); ++i)
            check(c.args[i], path_index(path + ".args", i));
        if (auto s = std::get_if<script_spec>(&t.body))
            check(s->source, path + ".source");
    }

    void check_graph(const template_type& owner, const graph_type& g, const std::string& path)
    {
        auto cyc = find_cycle(g);
        if (!cyc.empty()) {
            std::string chain;
            for (auto v : cyc)
                chain += g[v].name + " -> ";
            chain += g[cyc.front()].name;
            fail(path + ".steps", error::cycle, "dependency cycle: " + chain);
        }
        for (vertex v = 0; v < g.size(); ++v)
            check_step(owner, g, v, path_index(path + ".steps", v), cyc.empty());
    }

    void check_step(const template_type& owner, const graph_type& g, vertex v, const std::string& path, bool acyclic)
    {
        const auto& s = g[v];
        if (!is_valid_step_name(s.name))
            fail(path + ".name", error::invalid_name,
                 "step name '" + s.name + "' is invalid: it " + step_name_problem(s.name) +
                     " (a letter or digit, then letters, digits and '-', at most 128 characters)");
        check_cost(s.cost_seconds, path + ".cost_seconds");
        // A step running a template of a WorkflowTemplate has no local template to check against.
        const template_type* t = s.template_ref_ ? nullptr
                                 : !s.inline_template.empty() ? &s.inline_template.front()
                                                              : wf_.find_template(s.template_name);
        if (s.inline_template.size() > 1)
            fail(path + ".inline", error::bad_value, "step '" + s.name + "' has more than one inline template");
        if (!s.inline_template.empty()) {
            if (!s.template_name.empty() || s.template_ref_)
                fail(path + ".inline", error::bad_value,
                     "step '" + s.name + "' gives an inline template and a template or template_ref: give one");
            check_template(s.inline_template.front(), path + ".inline", true);
        }
        if (s.template_ref_ && !s.template_name.empty())
            fail(path + ".template", error::bad_value,
                 "step '" + s.name + "' names both a template and a template_ref: give one");
        else if (s.template_ref_ && (s.template_ref_->name.empty() || s.template_ref_->template_name.empty()))
            fail(path + ".template_ref", error::missing_field,
                 "step '" + s.name + "': template_ref needs the WorkflowTemplate's name and the template's");
        else if (!t && !s.template_ref_)
            fail(path + ".template", error::unknown_reference,
                 "step '" + s.name + "' invokes unknown template '" + s.template_name + "'");
        check_hooks(s.hooks, path + ".hooks");
        std::unordered_set<std::string> seen;
        for (std::size_t i = 0; i < s.arguments.size(); ++i) {
            auto p = path_index(path + ".arguments", i);
            const auto& a = s.arguments[i];
            if (!seen.insert(a.name).second)
                fail(p + ".name", error::duplicate_name, "argument '" + a.name + "' given twice");
            if (t && !t->inputs.find_parameter(a.name))
                fail(p + ".name", error::unknown_reference,
                     "argument '" + a.name + "' matches no input parameter of template '" + t->name + "'");
            if (a.value)
                check_refs(owner, g, v, *a.value, p + ".value", acyclic);
        }
        for (std::size_t i = 0; i < s.artifact_arguments.size(); ++i) {
            auto p = path_index(path + ".artifact_arguments", i);
            const auto& a = s.artifact_arguments[i];
            if (t && !t->inputs.find_artifact(a.name))
                fail(p + ".name", error::unknown_reference,
                     "artifact argument '" + a.name + "' matches no input artifact of template '" + t->name + "'");
            check_refs(owner, g, v, a.from, p + ".from", acyclic);
        }
        // Inputs without a default and without an argument leave the template unrunnable.
        if (t)
            for (auto& in : t->inputs.parameters)
                if (!in.default_value && !in.value && !seen.count(in.name))
                    fail(path + ".arguments", error::missing_field,
                         "step '" + s.name + "' gives no value for input parameter '" + in.name + "' of template '" +
                             t->name + "'");
        check_refs(owner, g, v, s.when, path + ".when", acyclic);
        check_refs(owner, g, v, s.with_param, path + ".with_param", acyclic);
        if (s.repeat) {
            if (s.repeat->max_iterations < 1)
                fail(path + ".repeat_while.max_iterations", error::bad_value, "max_iterations must be at least 1");
            check_refs(owner, g, v, s.repeat->condition, path + ".repeat_while.condition", acyclic, true);
        }
    }

    // References to sibling steps must name a step this one depends on, and one of its outputs.
    void check_refs(const template_type& owner, const graph_type& g, vertex v, const std::string& s,
                    const std::string& path, bool acyclic, bool self_allowed = false)
    {
        for (auto& r : find_references(s)) {
            if (r.what == reference::kind::input_parameter && !owner.inputs.find_parameter(r.name))
                fail(path, error::unknown_reference,
                     "'{{" + r.text + "}}' names input parameter '" + r.name + "', which template '" + owner.name +
                         "' does not declare");
            if (r.what == reference::kind::workflow_parameter) {
                bool found = false;
                for (auto& p : wf_.settings.parameters)
                    found = found || p.name == r.name;
                if (!found)
                    fail(path, error::unknown_reference,
                         "'{{" + r.text + "}}' names workflow parameter '" + r.name + "', which is not declared");
            }
            if (!r.names_step())
                continue;
            auto u = g.find(r.step);
            if (!u) {
                fail(path, error::unknown_reference, "'{{" + r.text + "}}' names unknown step '" + r.step + "'");
                continue;
            }
            if (*u == v && !self_allowed) {
                fail(path, error::cycle, "step '" + g[v].name + "' uses its own output");
                continue;
            }
            const template_type* t = wf_.find_template(g[*u].template_name);
            if (t && r.what == reference::kind::output_parameter && !t->outputs.find_parameter(r.name) &&
                !t->is_graph())
                fail(path, error::unknown_reference,
                     "'{{" + r.text + "}}': step '" + r.step + "' has no output parameter '" + r.name + "' (" +
                         name_list("its output parameters", t->outputs.parameters) + ")");
            if (t && r.what == reference::kind::output_artifact && !t->outputs.find_artifact(r.name) && !t->is_graph())
                fail(path, error::unknown_reference,
                     "'{{" + r.text + "}}': step '" + r.step + "' has no output artifact '" + r.name + "' (" +
                         name_list("its output artifacts", t->outputs.artifacts) + ")");
            if (t && r.what == reference::kind::result && !t->container() && !t->is_graph())
                fail(path, error::unknown_reference,
                     "'{{" + r.text + "}}': step '" + r.step + "' is a " + to_string(t->kind()) +
                         " step, which has no result");
            if (*u != v && acyclic && !depends_on(g, v, *u))
                fail(path, error::unknown_reference,
                     "step '" + g[v].name + "' uses an output of step '" + r.step + "' but does not depend on it");
        }
    }

    // "its output parameters: a, b", or "it has no output parameters".
    template <class List> static std::string name_list(const std::string& what, const List& list)
    {
        if (list.empty())
            return "it has none";
        std::string out = what + ": ";
        for (std::size_t i = 0; i < list.size(); ++i)
            out += (i ? ", " : "") + list[i].name;
        return out;
    }

    static bool depends_on(const graph_type& g, vertex v, vertex u)
    {
        if (g.dependency_between(u, v))
            return true;
        for (auto w : ancestors(g, v))
            if (w == u)
                return true;
        return false;
    }

    const workflow_type& wf_;
    problems out_;
};

} // namespace detail

template <class S, class A> problems validate(const basic_workflow<S, A>& wf)
{
    return detail::validator<S, A>(wf).run();
}

// The compiled mode instantiates these once, for the default types, in couler/src.hpp.
#define COULER_IR_VALIDATE_INSTANTIATIONS(ext) \
    ext template problems validate(const workflow&);
#if defined(COULER_SEPARATE_COMPILATION)
COULER_IR_VALIDATE_INSTANTIATIONS(extern)
#endif

} // namespace couler

#endif
