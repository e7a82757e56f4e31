// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_SPLIT_IMPL_WORKFLOW_PARTS_HPP
#define COULER_OPTIMIZE_SPLIT_IMPL_WORKFLOW_PARTS_HPP

#include <couler/ir/algorithm.hpp>
#include <couler/ir/expression.hpp>
#include <couler/ir/names.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace couler {
namespace split {
namespace detail {

// A DNS-1123 label stem for generated names: lower case, [a-z0-9-], at most 40 characters.
COULER_INLINE std::string dns_stem(std::string_view s)
{
    std::string out;
    for (char c : s) {
        if (out.size() == 40)
            break;
        char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out += (std::isalnum(static_cast<unsigned char>(l))) ? l : '-';
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    while (!out.empty() && out.front() == '-')
        out.erase(out.begin());
    return out.empty() ? std::string("workflow") : out;
}

// Template names an engine extension of a step refers to (Argo lifecycle hooks, step onExit):
// string values under "template" or "onExit" keys, at any depth.
COULER_INLINE void extension_templates(const boost::json::value& v, std::vector<std::string>& out)
{
    if (auto* o = v.if_object()) {
        for (const auto& kv : *o) {
            if ((kv.key() == "template" || kv.key() == "onExit") && kv.value().is_string())
                out.emplace_back(kv.value().get_string().c_str());
            else
                extension_templates(kv.value(), out);
        }
    } else if (auto* a = v.if_array()) {
        for (const auto& x : *a)
            extension_templates(x, out);
    }
}

// The templates reachable from `roots` through graph templates and step extensions.
template <class S, class A>
std::unordered_set<std::string> template_closure(const basic_workflow<S, A>& wf, std::vector<std::string> todo)
{
    std::unordered_set<std::string> seen(todo.begin(), todo.end());
    auto visit = [&](const std::string& n) {
        if (seen.insert(n).second)
            todo.push_back(n);
    };
    while (!todo.empty()) {
        auto name = std::move(todo.back());
        todo.pop_back();
        const auto* t = wf.find_template(name);
        if (!t)
            continue;
        if (auto* g = t->graph())
            for (std::size_t v = 0; v < g->size(); ++v) {
                visit((*g)[v].template_name);
                if (!(*g)[v].extensions.empty()) {
                    std::vector<std::string> more;
                    extension_templates((*g)[v].extensions, more);
                    for (auto& m : more)
                        visit(m);
                }
            }
    }
    return seen;
}

// A location the consumer can read as is: explicit, and without expressions (which would be
// resolved in the consumer's scope, not the producer's).
template <class A> bool has_location(const basic_artifact<A>& a)
{
    auto fixed = [](const std::string& s) { return s.find("{{") == std::string::npos; };
    return a.kind != artifact_kind::local && a.kind != artifact_kind::parameter &&
           (!a.key.empty() || !a.url.empty() || !a.repo.empty()) && fixed(a.key) && fixed(a.url) &&
           fixed(a.repo) && fixed(a.bucket);
}

template <class A> void copy_location(basic_artifact<A>& to, const basic_artifact<A>& from)
{
    to.kind = from.kind;
    to.bucket = from.bucket;
    to.key = from.key;
    to.endpoint = from.endpoint;
    to.url = from.url;
    to.repo = from.repo;
    to.revision = from.revision;
    to.user = from.user;
    to.addresses = from.addresses;
    to.insecure = from.insecure;
    to.access_key = from.access_key;
    to.secret_key = from.secret_key;
}

} // namespace detail

template <class S, class A>
workflow_parts<S, A> make_parts(const basic_workflow<S, A>& wf, const partition& p, const parts_options& opt)
{
    using workflow_t = basic_workflow<S, A>;
    using graph_t = basic_graph<S, A>;
    using template_t = basic_step_template<S, A>;
    const graph_t& g = wf.graph();
    const std::size_t n = g.size();
    if (p.part_of.size() != n)
        throw std::invalid_argument("couler::split::make_parts: the partition does not cover the graph");
    const auto& bg = g.boost_graph();
    const template_t* entry = wf.find_template(wf.entrypoint);

    workflow_parts<S, A> out;
    out.base_name = opt.base_name.empty() ? detail::dns_stem(wf.display_name()) : opt.base_name;
    out.children.resize(p.parts);
    out.imports.resize(p.parts);
    out.exports.resize(p.parts);
    std::vector<std::vector<std::pair<std::string, std::string>>> export_values(p.parts); // name, value text
    std::vector<char> needs_run(p.parts, 0);
    std::map<std::string, std::string> names;                  // producer \x1f output \x1f kind -> crossing name
    std::set<std::pair<std::string, std::uint32_t>> recorded;  // (crossing name, to part)
    std::set<std::string> used_names;
    // producer step -> (artifact, key) its child must write to the repository
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> relocate;

    auto crossing_name = [&](const std::string& producer, const std::string& output, const char* kind) {
        std::string k = producer + '\x1f' + output + '\x1f' + kind;
        auto it = names.find(k);
        if (it != names.end())
            return it->second;
        std::string base = "x-" + sanitize_io_name(producer) + "-" + sanitize_io_name(output);
        if (base.size() > 110)
            base.resize(110);
        std::string name = base;
        for (int i = 2; used_names.count(name); ++i)
            name = base + "-" + std::to_string(i);
        used_names.insert(name);
        names.emplace(k, name);
        return name;
    };

    std::vector<std::vector<std::size_t>> members(p.parts);
    for (std::size_t v = 0; v < n; ++v)
        members[p.part_of[v]].push_back(v);

    for (std::uint32_t i = 0; i < p.parts; ++i) {
        workflow_t& c = out.children[i];
        c.settings = wf.settings;
        c.settings.kind = opt.as_templates ? workflow_kind::workflow_template : workflow_kind::workflow;
        c.settings.cron.reset();
        c.settings.on_exit.clear();
        c.settings.name.clear();
        c.settings.generate_name.clear();
        if (opt.as_templates)
            c.settings.name = out.base_name + "-part-" + std::to_string(i + 1);
        else
            c.settings.generate_name = out.base_name + "-part-" + std::to_string(i + 1) + "-";
        c.secrets = wf.secrets;
        c.extensions = wf.extensions;
        c.entrypoint = wf.entrypoint;
        template_t et;
        if (entry) { // keep the entry template's own fields (not its graph: that would copy every step per part)
            et.inputs = entry->inputs;
            et.outputs = entry->outputs;
            et.node_selector = entry->node_selector;
            et.tolerations = entry->tolerations;
            et.daemon = entry->daemon;
            et.timeout = entry->timeout;
            et.retry = entry->retry;
            et.memoize = entry->memoize;
            et.parallelism = entry->parallelism;
            et.extensions = entry->extensions;
        }
        et.name = wf.entrypoint;
        graph_t cg;
        cg.style = graph_style::dag;
        std::unordered_map<std::size_t, typename graph_t::vertex> local;

        auto rewrite = [&](std::string& text, const std::string& who) {
            auto refs = find_references(text);
            if (refs.empty())
                return;
            std::string res;
            std::size_t at = 0;
            for (const auto& r : refs) {
                if (!r.names_step())
                    continue;
                auto u = g.find(r.step);
                if (!u || p.part_of[*u] == i)
                    continue;
                std::string repl;
                // any other output text (e.g. a map step's aggregated `outputs.parameters`) crosses as a value too
                const std::string tail = "." + r.step + ".outputs";
                auto tail_at = r.text.find(tail);
                bool other_output = r.what == reference::kind::step_other && tail_at != std::string::npos;
                if (r.what == reference::kind::output_parameter || r.what == reference::kind::result || other_output) {
                    std::string output = r.what == reference::kind::result ? std::string("result")
                                         : other_output ? r.text.substr(tail_at + tail.size() - 7)
                                                        : r.name;
                    std::string name = crossing_name(r.step, output, "p");
                    repl = input_parameter_ref(name);
                    std::uint32_t from = p.part_of[*u];
                    if (recorded.insert({name, i}).second) {
                        out.crossings.push_back({crossing::kind::parameter, from, i, r.step, output, name});
                        out.imports[i].push_back(name);
                    }
                    auto& ev = export_values[from];
                    std::string value = r.what == reference::kind::result ? result_ref(r.step)
                                        : other_output ? "{{" + r.text + "}}"
                                                       : output_parameter_ref(r.step, r.name);
                    if (std::find_if(ev.begin(), ev.end(), [&](auto& e) { return e.first == name; }) == ev.end())
                        ev.emplace_back(name, value);
                } else if (r.what == reference::kind::step_other && r.text.size() >= 7 &&
                           r.text.compare(r.text.size() - 7, 7, ".status") == 0) {
                    // The parent starts this child only after the producer's child succeeded.
                    repl = "Succeeded";
                    out.warnings.push_back(who + ": {{" + r.text + "}} names a step in another part; replaced by Succeeded");
                } else {
                    out.warnings.push_back(who + ": {{" + r.text + "}} names a step in another part; left as is");
                    continue;
                }
                res.append(text, at, r.begin - at);
                res += repl;
                at = r.end;
            }
            if (at == 0)
                return;
            res.append(text, at, std::string::npos);
            text = std::move(res);
        };

        for (std::size_t v : members[i]) {
            auto s = g[v];
            const std::string who = "step '" + s.name + "'";
            for (auto& a : s.arguments)
                if (a.value)
                    rewrite(*a.value, who);
            rewrite(s.when, who);
            rewrite(s.with_param, who);
            for (auto& a : s.artifact_arguments) {
                auto refs = find_references(a.from);
                if (refs.size() != 1 || refs[0].what != reference::kind::output_artifact)
                    continue;
                auto u = g.find(refs[0].step);
                if (!u || p.part_of[*u] == i)
                    continue;
                const auto& prod = g[*u];
                const auto* pt = wf.template_of(prod);
                const auto* out_art = pt ? pt->outputs.find_artifact(refs[0].name) : nullptr;
                std::uint32_t from = p.part_of[*u];
                std::string key;
                if (out_art && detail::has_location(*out_art)) {
                    detail::copy_location(a, *out_art);
                    key = out_art->key.empty() ? out_art->url : out_art->key;
                } else {
                    key = opt.key_prefix + "/{{workflow.parameters." + opt.run_parameter + "}}/" + prod.name + "/" +
                          refs[0].name;
                    a.kind = artifact_kind::s3;
                    a.key = key;
                    auto& rl = relocate[prod.name];
                    if (std::find_if(rl.begin(), rl.end(), [&](auto& e) { return e.first == refs[0].name; }) == rl.end())
                        rl.emplace_back(refs[0].name, key);
                    needs_run[i] = needs_run[from] = 1;
                    if (!out_art)
                        out.warnings.push_back(who + ": output artifact '" + refs[0].name + "' of '" + prod.name +
                                               "' is not declared by its template");
                }
                a.from.clear();
                std::string name = crossing_name(prod.name, refs[0].name, "a");
                if (recorded.insert({name, i}).second)
                    out.crossings.push_back({crossing::kind::artifact, from, i, prod.name, refs[0].name, key});
            }
            if (!s.depends.empty()) {
                // an enhanced depends expression naming steps of other parts cannot be kept
                bool outside = false;
                for (auto [it, end] = boost::in_edges(v, bg); it != end; ++it)
                    outside = outside || p.part_of[boost::source(*it, bg)] != i;
                if (outside) {
                    out.warnings.push_back(who + ": depends expression '" + s.depends +
                                           "' names steps in other parts; kept as plain dependencies");
                    s.depends.clear();
                }
            }
            local.emplace(v, cg.add_step(std::move(s)));
        }
        for (std::size_t v : members[i])
            for (auto [it, end] = boost::in_edges(v, bg); it != end; ++it) {
                auto u = boost::source(*it, bg);
                if (p.part_of[u] == i)
                    cg.add_dependency(local.at(u), local.at(v), bg[*it].kind);
            }
        et.body = std::move(cg);
        c.add_template(std::move(et));
    }

    // Second pass: exports, producer template copies, templates, parameters.
    for (std::uint32_t i = 0; i < p.parts; ++i) {
        workflow_t& c = out.children[i];
        auto& et = *c.find_template(c.entrypoint);
        auto& cg = *et.graph();
        for (auto& [name, value] : export_values[i]) {
            parameter o;
            o.name = name;
            o.from.parameter = value;
            o.global_name = name;
            et.outputs.parameters.push_back(o);
            out.exports[i].push_back(name);
        }
        for (const auto& name : out.imports[i]) {
            parameter in;
            in.name = name;
            et.inputs.parameters.push_back(in);
        }
        std::vector<std::string> roots;
        for (std::size_t v = 0; v < cg.size(); ++v) {
            roots.push_back(cg[v].template_name);
            if (!cg[v].extensions.empty())
                detail::extension_templates(cg[v].extensions, roots);
        }
        auto keep = detail::template_closure(wf, roots);
        for (const auto& t : wf.templates())
            if (t.name != wf.entrypoint && keep.count(t.name))
                c.add_template(t);
        // Producers whose outputs another part reads store them at a known repository key. The
        // key names the step through an input parameter, so the template is changed in place
        // (no copy per step: Argo caps a workflow at 200 templates); every step of the child
        // invoking it passes its own name, nested uses fall back to the default.
        auto& eg = *c.find_template(c.entrypoint)->graph();
        std::map<std::string, std::set<std::string>> keyed; // template -> artifacts to key
        for (std::size_t v = 0; v < eg.size(); ++v) {
            auto it = relocate.find(eg[v].name);
            if (it == relocate.end())
                continue;
            for (auto& [art, key] : it->second)
                keyed[eg[v].template_name].insert(art);
        }
        const std::string step_param = opt.run_parameter + "-step";
        for (auto& [tname, arts] : keyed) {
            auto* t = c.find_template(tname);
            if (!t)
                continue;
            for (const auto& art : arts) {
                bool found = false;
                for (auto& o : t->outputs.artifacts)
                    if (o.name == art) {
                        o.kind = artifact_kind::s3;
                        o.key = opt.key_prefix + "/{{workflow.parameters." + opt.run_parameter + "}}/" +
                                input_parameter_ref(step_param) + "/" + art;
                        found = true;
                    }
                if (!found)
                    out.warnings.push_back("template '" + tname + "': cannot store artifact '" + art +
                                           "' for another part: the template does not declare it");
            }
            if (!t->inputs.find_parameter(step_param)) {
                parameter sp;
                sp.name = step_param;
                sp.default_value = "shared";
                t->inputs.parameters.push_back(sp);
            }
        }
        for (std::size_t v = 0; v < eg.size(); ++v) {
            auto& st = eg[v];
            if (!keyed.count(st.template_name))
                continue;
            bool has = std::any_of(st.arguments.begin(), st.arguments.end(),
                                   [&](const parameter& a) { return a.name == step_param; });
            if (!has) {
                parameter a;
                a.name = step_param;
                a.value = st.name;
                st.arguments.push_back(a);
            }
        }
        bool has_run = std::any_of(c.settings.parameters.begin(), c.settings.parameters.end(),
                                   [&](const parameter& q) { return q.name == opt.run_parameter; });
        if (needs_run[i] && !has_run) {
            parameter run;
            run.name = opt.run_parameter;
            run.value = "standalone";
            run.description = "key prefix of the artifacts this split workflow passes between parts";
            c.settings.parameters.push_back(run);
        }
        for (const auto& name : out.imports[i]) {
            parameter in;
            in.name = name;
            in.description = "from another part of the split workflow";
            c.settings.parameters.push_back(in);
        }
    }
    return out;
}

template <class S, class A>
basic_workflow<S, A> embedded_child(const workflow_parts<S, A>& parts, std::size_t i, const parts_options& opt)
{
    basic_workflow<S, A> c = parts.children.at(i);
    const auto& imports = parts.imports.at(i);
    for (auto& prm : c.settings.parameters) {
        if (prm.name == opt.run_parameter)
            prm.value = opt.run_value;
        else if (std::find(imports.begin(), imports.end(), prm.name) != imports.end())
            prm.value = input_parameter_ref(prm.name);
        else
            prm.value = "{{workflow.parameters." + prm.name + "}}";
    }
    return c;
}

template <class S, class A>
basic_workflow<S, A> make_parent(const basic_workflow<S, A>& wf, const workflow_parts<S, A>& parts, const quotient& q,
                                 const std::function<std::string(std::size_t)>& manifest, const parts_options& opt)
{
    using template_t = basic_step_template<S, A>;
    basic_workflow<S, A> parent;
    parent.settings = wf.settings;
    // children carry volumes, claims and pod-level settings; the parent only creates objects
    parent.settings.volumes.clear();
    parent.settings.volume_claim_templates.clear();
    parent.settings.parallelism.reset();
    parent.secrets = wf.secrets;
    parent.extensions = wf.extensions;
    if (parent.settings.name.empty() && parent.settings.generate_name.empty())
        parent.settings.generate_name = parts.base_name + "-";
    if (!wf.settings.on_exit.empty()) {
        auto keep = detail::template_closure(wf, {wf.settings.on_exit});
        for (const auto& t : wf.templates())
            if (keep.count(t.name))
                parent.add_template(t);
    }
    std::string entry = "couler-split";
    for (int k = 2; parent.find_template(entry); ++k)
        entry = "couler-split-" + std::to_string(k);
    const std::size_t k = parts.children.size();
    auto task = [&](std::size_t i) { return "part-" + std::to_string(i + 1); };
    auto tmpl = [&](std::size_t i) {
        std::string t = "child-part-" + std::to_string(i + 1);
        while (parent.find_template(t) || t == entry)
            t += "-c";
        return t;
    };
    std::map<std::string, std::uint32_t> producer_of;
    for (const auto& x : parts.crossings)
        if (x.what == crossing::kind::parameter)
            producer_of[x.name] = x.from_part;

    basic_graph<S, A> g;
    g.style = graph_style::dag;
    std::vector<std::string> tnames(k);
    for (std::size_t i = 0; i < k; ++i) {
        template_t t;
        t.name = tnames[i] = tmpl(i);
        resource_spec r;
        r.action = "create";
        r.manifest = manifest(i);
        r.success_condition = opt.success_condition;
        r.failure_condition = opt.failure_condition;
        r.set_owner_reference = true; // children are deleted with the parent
        t.body = std::move(r);
        for (const auto& name : parts.imports[i]) {
            parameter in;
            in.name = name;
            t.inputs.parameters.push_back(in);
        }
        for (const auto& name : parts.exports[i]) {
            parameter o;
            o.name = name;
            o.from.json_path = "{.status.outputs.parameters[?(@.name==\"" + name + "\")].value}";
            t.outputs.parameters.push_back(o);
        }
        parent.add_template(std::move(t));
        basic_step<S, A> s;
        s.name = task(i);
        s.template_name = tnames[i];
        for (const auto& name : parts.imports[i]) {
            parameter a;
            a.name = name;
            a.value = output_parameter_ref(task(producer_of.at(name)), name);
            s.arguments.push_back(a);
        }
        g.add_step(std::move(s));
    }
    for (std::size_t a = 0; a < q.size(); ++a)
        for (auto it = q.out_begin[a]; it < q.out_begin[a + 1]; ++it)
            g.add_dependency(a, q.out[it], dependency_kind::explicit_);
    for (const auto& x : parts.crossings)
        g.add_dependency(x.from_part, x.to_part, dependency_kind::data);
    if (!is_acyclic(g))
        throw std::invalid_argument("couler::split::make_parent: the parts depend on each other in a cycle; "
                                    "split with an acyclic method");
    template_t et;
    et.name = entry;
    et.body = std::move(g);
    parent.add_template(std::move(et));
    parent.entrypoint = entry;
    return parent;
}

} // namespace split
} // namespace couler

#endif
