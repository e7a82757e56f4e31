// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// A split workflow run part by part on the local engine gives the same outputs as the unsplit run.
#include <couler/optimize/split/workflow_parts.hpp>

#include "hierarchy_walk.hpp"

#define BOOST_TEST_MODULE split_engine
#include <boost/test/unit_test.hpp>

#include <couler/engine/engine.hpp>
#include <couler/ir/expression.hpp>
#include <couler/optimize/split/argo.hpp>
#include <couler/optimize/split/estimate.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

namespace sp = couler::split;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p)
{
    std::ifstream in(p);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// n script steps; step v prints a + b + v where a and b are results of random earlier steps
couler::workflow sums(std::size_t n, std::uint32_t seed)
{
    couler::workflow wf("sums", couler::graph_style::dag);
    couler::step_template t;
    t.name = "add";
    couler::script_spec s;
    s.container.image = "alpine:3.20";
    s.container.command = std::vector<std::string>{"sh"};
    s.source = "echo $(( {{inputs.parameters.a}} + {{inputs.parameters.b}} + {{inputs.parameters.v}} ))";
    t.body = s;
    for (const char* p : {"a", "b", "v"}) {
        couler::parameter q;
        q.name = p;
        t.inputs.parameters.push_back(q);
    }
    wf.add_template(t);
    auto& g = wf.graph();
    std::mt19937 rng(seed);
    for (std::size_t v = 0; v < n; ++v) {
        couler::step st;
        st.name = "s" + std::to_string(v);
        st.template_name = "add";
        auto arg = [&](const char* name, std::string value) {
            couler::parameter a;
            a.name = name;
            a.value = std::move(value);
            st.arguments.push_back(a);
        };
        std::vector<std::size_t> from;
        for (int k = 0; k < 2; ++k)
            if (v > 0)
                from.push_back(std::uniform_int_distribution<std::size_t>(v > 12 ? v - 12 : 0, v - 1)(rng));
        arg("a", from.size() > 0 ? couler::result_ref("s" + std::to_string(from[0])) : "1");
        arg("b", from.size() > 1 ? couler::result_ref("s" + std::to_string(from[1])) : "2");
        arg("v", std::to_string(v));
        g.add_step(st);
        for (auto u : from)
            g.add_dependency(u, v, couler::dependency_kind::data);
    }
    return wf;
}

couler::engine::options opts(const fs::path& d)
{
    couler::engine::options o;
    o.state_dir = d / "state";
    o.jobs = 2;
    o.memoize = false;
    o.journal_sync_ms = 0;
    return o;
}

// The local engine evaluates the outputs (and globalName exports) of graph templates a step
// invokes, not of the entrypoint itself; Argo does both. So the child runs under a one-step
// wrapper that invokes its entry template with the workflow parameters as arguments.
couler::workflow wrapped(const couler::workflow& child, const std::vector<std::string>& imports)
{
    couler::workflow w = child;
    std::string entry = "split-wrapper";
    couler::step_template t;
    t.name = entry;
    couler::graph g;
    g.style = couler::graph_style::dag;
    couler::step s;
    s.name = "child";
    s.template_name = child.entrypoint;
    for (const auto& name : imports) {
        couler::parameter a;
        a.name = name;
        a.value = "{{workflow.parameters." + name + "}}";
        s.arguments.push_back(a);
    }
    g.add_step(s);
    t.body = std::move(g);
    w.add_template(std::move(t));
    w.entrypoint = entry;
    return w;
}

} // namespace

BOOST_AUTO_TEST_CASE(split_run_matches_unsplit_run)
{
    const fs::path base = fs::path(COULER_TEST_OUT_DIR);
    fs::remove_all(base);
    auto wf = sums(40, 9);

    auto whole = couler::engine::local_engine(opts(base / "whole")).run(wf);
    BOOST_REQUIRE_MESSAGE(whole.ok(), "unsplit run failed: " << whole.error);
    std::map<std::string, std::string> expected;
    for (std::size_t v = 0; v < wf.graph().size(); ++v) {
        const auto& name = wf.graph()[v].name;
        expected[name] = slurp(whole.run_dir / "steps" / name / "stdout.log");
        BOOST_TEST(!expected[name].empty(), name << " printed nothing");
    }

    std::uint64_t overhead = 0;
    auto d = sp::extract_dag(wf, overhead);
    sp::budget b;
    b.max_steps = 7;
    b.part_overhead_bytes = overhead;
    auto p = sp::split_dag(d, b);
    BOOST_REQUIRE(sp::analyze(d, p, b).acyclic);
    auto parts = sp::make_parts(wf, p);
    BOOST_REQUIRE_GE(parts.children.size(), 6u);
    BOOST_REQUIRE(!parts.crossings.empty());

    // children in index order (a topological order of the quotient), values passed as the parent would
    std::map<std::string, std::string> published, got;
    for (std::size_t i = 0; i < parts.children.size(); ++i) {
        auto o = opts(base / ("part-" + std::to_string(i + 1)));
        for (const auto& name : parts.imports[i]) {
            BOOST_REQUIRE_MESSAGE(published.count(name), "part " << i + 1 << " needs " << name << " before it is made");
            o.parameters[name] = published[name];
        }
        auto r = couler::engine::local_engine(o).run(wrapped(parts.children[i], parts.imports[i]));
        BOOST_REQUIRE_MESSAGE(r.ok(), "part " << i + 1 << " failed: " << r.error);
        for (const auto& name : parts.exports[i]) {
            BOOST_REQUIRE_MESSAGE(r.outputs.count(name), "part " << i + 1 << " did not export " << name);
            published[name] = r.outputs.at(name);
        }
        const auto& cg = parts.children[i].graph();
        for (std::size_t v = 0; v < cg.size(); ++v)
            got[cg[v].name] = slurp(r.run_dir / "steps" / "child" / cg[v].name / "stdout.log");
    }
    BOOST_TEST(got.size() == expected.size());
    for (const auto& [name, out] : expected)
        BOOST_TEST(got[name] == out, name << ": split " << got[name] << " unsplit " << out);
}

// Children under a hierarchy of parents (beta = 3: ~20 children, a parent of 20 tasks split into
// intermediate parents, and those again): walked as Argo would run them (hierarchy_walk.hpp),
// each child run on the local engine with the values that crossed the levels.
BOOST_AUTO_TEST_CASE(hierarchical_split_run_matches_unsplit_run)
{
    const fs::path base = fs::path(COULER_TEST_OUT_DIR) / "hierarchy";
    fs::remove_all(base);
    auto wf = sums(50, 21);
    auto whole = couler::engine::local_engine(opts(base / "whole")).run(wf);
    BOOST_REQUIRE_MESSAGE(whole.ok(), "unsplit run failed: " << whole.error);
    std::map<std::string, std::string> expected, got;
    for (std::size_t v = 0; v < wf.graph().size(); ++v) {
        const auto& name = wf.graph()[v].name;
        expected[name] = slurp(whole.run_dir / "steps" / name / "stdout.log");
    }
    sp::argo_split_options o;
    o.limits.max_steps = 3;
    auto r = sp::split_to_argo(wf, o);
    BOOST_REQUIRE_GE(r.levels.size(), 2u);
    const auto& parts = r.workflows;
    std::size_t runs = 0;
    auto st = split_test::walk(r, "top", [&](std::size_t i, const split_test::params_t& p) {
        auto eo = opts(base / ("part-" + std::to_string(i + 1)));
        for (const auto& name : parts.imports[i]) {
            BOOST_REQUIRE_MESSAGE(p.count(name), "part " << i + 1 << " was not given " << name);
            eo.parameters[name] = p.at(name);
        }
        auto child = parts.children[i];
        child.settings.kind = couler::workflow_kind::workflow; // run the WorkflowTemplate's spec
        auto res = couler::engine::local_engine(eo).run(wrapped(child, parts.imports[i]));
        BOOST_REQUIRE_MESSAGE(res.ok(), "part " << i + 1 << " failed: " << res.error);
        ++runs;
        split_test::params_t out;
        for (const auto& name : parts.exports[i]) {
            BOOST_REQUIRE_MESSAGE(res.outputs.count(name), "part " << i + 1 << " did not export " << name);
            out[name] = res.outputs.at(name);
        }
        const auto& cg = parts.children[i].graph();
        for (std::size_t v = 0; v < cg.size(); ++v)
            got[cg[v].name] = slurp(res.run_dir / "steps" / "child" / cg[v].name / "stdout.log");
        return out;
    });
    for (const auto& pr : st.problems)
        BOOST_ERROR(pr);
    BOOST_TEST(runs == parts.children.size());
    BOOST_TEST(st.depth == r.levels.size() + 1);
    BOOST_TEST(got.size() == expected.size());
    for (const auto& [name, out] : expected)
        BOOST_TEST(got[name] == out, name << ": split " << got[name] << " unsplit " << out);
}
