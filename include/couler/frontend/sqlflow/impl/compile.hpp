// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_FRONTEND_SQLFLOW_IMPL_COMPILE_HPP
#define COULER_FRONTEND_SQLFLOW_IMPL_COMPILE_HPP

#include <couler/frontend/sqlflow/detail/tables.hpp>
#include <couler/frontend/sqlflow/json.hpp>
#include <couler/ir/names.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <set>

namespace couler {
namespace sqlflow {
namespace detail {

// Where the extracted data sits inside a step (the engine maps it into the step's work dir).
COULER_INLINE const char* const data_path = "/sqlflow/data.sqlite";

COULER_INLINE const char* zoo_kind(statement_kind k)
{
    switch (k) {
    case statement_kind::maximize:
    case statement_kind::minimize: return "optimize";
    default: return to_string(k);
    }
}

COULER_INLINE bool needs_data(statement_kind k)
{
    return k == statement_kind::train || k == statement_kind::predict || k == statement_kind::evaluate ||
           k == statement_kind::explain || k == statement_kind::maximize || k == statement_kind::minimize;
}

COULER_INLINE std::string verb(statement_kind k)
{
    if (k == statement_kind::show_train)
        return "SHOW TRAIN";
    std::string v = to_string(k);
    for (auto& c : v)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return "TO " + v;
}

COULER_INLINE couler::parameter named(const std::string& name, std::optional<std::string> value = {})
{
    couler::parameter p;
    p.name = name;
    p.value = std::move(value);
    return p;
}

COULER_INLINE couler::artifact data_artifact(std::string from = {})
{
    couler::artifact a;
    a.name = "data";
    a.path = from.empty() ? data_path : "";
    a.from = std::move(from);
    return a;
}

// How a template gets its statement's data: none, an artifact in or out, or its own extraction.
enum class data_use { none, in, out, extract_here };

COULER_INLINE step_template make_template(const std::string& name, const step_program& p, data_use data,
                                   std::vector<std::string> extra_args = {},
                                   std::vector<std::pair<std::string, std::string>> extra_env = {})
{
    step_template t;
    t.name = name;
    t.inputs.parameters = {named("statement"), named("datasource")};
    container_spec c;
    c.image = p.image;
    if (!p.command.empty())
        c.command = p.command;
    c.args = p.args;
    c.args.insert(c.args.end(), extra_args.begin(), extra_args.end());
    auto env = [&](const std::string& k, const std::string& v) {
        env_var e;
        e.name = k;
        e.value = v;
        c.env.push_back(e);
    };
    env("SQLFLOW_STATEMENT", "{{inputs.parameters.statement}}");
    env("SQLFLOW_DATASOURCE", "{{inputs.parameters.datasource}}");
    if (data == data_use::in || data == data_use::out)
        env("SQLFLOW_DATA", data_path);
    if (data == data_use::extract_here) // the step program extracts into a temporary file first
        env("SQLFLOW_EXTRACT", "in_step");
    for (const auto& [k, v] : extra_env)
        env(k, v);
    if (p.source.empty()) {
        t.body = std::move(c);
    } else {
        script_spec s;
        s.container = std::move(c);
        s.source = p.source;
        t.body = std::move(s);
    }
    if (data == data_use::in)
        t.inputs.artifacts.push_back(data_artifact());
    if (data == data_use::out)
        t.outputs.artifacts.push_back(data_artifact());
    return t;
}

COULER_INLINE bool intersects(const std::vector<std::string>& a, const std::vector<std::string>& b)
{
    for (const auto& x : a)
        if (std::find(b.begin(), b.end(), x) != b.end())
            return true;
    return false;
}

// A standard statement with no table found that is not a plain query: its effects are unknown.
COULER_INLINE bool is_barrier(const statement& st)
{
    if (st.kind != statement_kind::query || !st.reads.empty() || !st.writes.empty())
        return false;
    std::size_t b = 0;
    while (b < st.select.size() && !std::isalpha(static_cast<unsigned char>(st.select[b])))
        ++b;
    std::string first = lower(std::string_view(st.select).substr(b, 6));
    return first != "select";
}

COULER_INLINE std::string step_suffix(statement_kind k)
{
    std::string s = zoo_kind(k);
    std::replace(s.begin(), s.end(), '_', '-');
    return s;
}

} // namespace detail

COULER_INLINE std::vector<std::string> step_names(const program& prog, std::size_t index, const compile_options& opt)
{
    const statement& st = prog.statements.at(index);
    std::string base = "s" + std::to_string(index + 1) + "-";
    std::vector<std::string> names;
    if (detail::needs_data(st.kind) && !opt.extract_in_step)
        names.push_back(base + "data");
    names.push_back(base + detail::step_suffix(st.kind));
    return names;
}

COULER_INLINE workflow compile(const program& prog, const step_zoo& zoo, const compile_options& opt)
{
    using namespace detail;
    workflow wf(opt.name, graph_style::dag);
    wf.settings.parameters.push_back(named("datasource", opt.datasource));
    graph g;
    g.style = graph_style::dag;
    std::set<std::string> have;
    auto use_template = [&](step_template t) {
        if (have.insert(t.name).second)
            wf.add_template(std::move(t));
    };
    auto program_of = [&](const char* kind) -> const step_program& {
        auto it = zoo.steps.find(kind);
        if (it == zoo.steps.end())
            throw std::runtime_error(std::string("the step zoo has no '") + kind + "' program");
        return it->second;
    };
    for (std::size_t i = 0; i < prog.statements.size(); ++i) {
        const statement& st = prog.statements[i];
        if (st.kind != statement_kind::query && st.kind != statement_kind::show_train && st.select.empty())
            throw compile_error(st.line, verb(st.kind) + " needs a standard SELECT before it (the data it works on)");
        if (st.kind == statement_kind::query && st.select.empty())
            continue;
        auto names = step_names(prog, i, opt);
        const bool data_step = needs_data(st.kind) && !opt.extract_in_step;
        const data_use data = !needs_data(st.kind) ? data_use::none
                              : data_step          ? data_use::in
                                                   : data_use::extract_here;
        std::string statement_json = boost::json::serialize(to_step_json(st));
        std::vector<parameter> args = {named("statement", statement_json),
                                       named("datasource", std::string("{{workflow.parameters.datasource}}"))};
        if (data_step) {
            use_template(make_template("sqlflow-extract", program_of("extract"), data_use::out));
            step s;
            s.name = names[0];
            s.template_name = "sqlflow-extract";
            s.arguments = args;
            g.add_step(std::move(s));
        }
        step s;
        s.name = names.back();
        s.arguments = args;
        if (st.kind == statement_kind::run) {
            auto it = zoo.run_images.find(st.image);
            step_program p;
            if (it != zoo.run_images.end()) {
                p = it->second;
            } else {
                p.image = st.image;
            }
            std::string into;
            for (const auto& t : st.into)
                into += (into.empty() ? "" : ",") + t;
            s.template_name = names.back();
            use_template(make_template(s.template_name, p, data_use::none, st.cmd,
                                       {{"SQLFLOW_TO_RUN_SELECT", st.select},
                                        {"SQLFLOW_TO_RUN_INTO", into},
                                        {"SQLFLOW_TO_RUN_IMAGE", st.image}}));
        } else if (st.kind == statement_kind::train && st.estimator.find('/') != std::string::npos) {
            // A model-zoo estimator (`repo/name:tag/Class`): its image trains it.
            step_program p = program_of("train");
            p.image = st.estimator.substr(0, st.estimator.rfind('/'));
            s.template_name = "sqlflow-train-" + sanitize_step_name(p.image);
            use_template(make_template(s.template_name, p, data));
        } else {
            if (st.kind == statement_kind::train && !zoo.knows_estimator(st.estimator)) {
                std::string known;
                for (const auto& e : zoo.estimators)
                    known += (known.empty() ? "" : ", ") + e;
                throw compile_error(st.line, "unknown estimator '" + st.estimator + "' (the step zoo " +
                                                 zoo.file.string() + " knows: " + known + ")");
            }
            s.template_name = std::string("sqlflow-") + step_suffix(st.kind);
            use_template(make_template(s.template_name, program_of(zoo_kind(st.kind)), data));
        }
        if (data_step)
            s.artifact_arguments.push_back(data_artifact("{{tasks." + names[0] + ".outputs.artifacts.data}}"));
        g.add_step(std::move(s));
        if (data_step)
            g.add_dependency(names[0], names.back(), dependency_kind::data);
        // Order against earlier statements that touch the same tables or models.
        for (std::size_t j = 0; j < i; ++j) {
            const statement& before = prog.statements[j];
            if (before.kind == statement_kind::query && before.select.empty())
                continue;
            bool conflict = intersects(before.writes, st.reads) || intersects(before.writes, st.writes) ||
                            intersects(before.reads, st.writes) || is_barrier(before) || is_barrier(st);
            if (conflict)
                g.add_dependency(step_names(prog, j, opt).back(), names.front(), dependency_kind::explicit_);
        }
    }
    if (g.size() == 0)
        throw std::runtime_error("the program has no statements");
    wf.find_template(wf.entrypoint)->body = std::move(g);
    return wf;
}

} // namespace sqlflow
} // namespace couler

#endif
