// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#include <couler/optimize/split/workflow_parts.hpp>
#include <couler/optimize/split/estimate.hpp>

#define BOOST_TEST_MODULE split_workflow_parts
#include <boost/test/unit_test.hpp>

#include <couler/ir/validate.hpp>

#include <map>
#include <random>
#include <set>

namespace sp = couler::split;

namespace {

couler::step_template container(const std::string& name)
{
    couler::step_template t;
    t.name = name;
    couler::container_spec c;
    c.image = "alpine:3.20";
    c.command = std::vector<std::string>{"sh", "-c"};
    c.args = {"echo " + name};
    t.body = c;
    return t;
}

// gen: writes parameter `out` and artifact `data`; use: reads parameter `x` and artifact `data`
couler::workflow producer_consumer()
{
    couler::workflow wf("pc", couler::graph_style::dag);
    auto gen = container("gen");
    couler::parameter out;
    out.name = "out";
    out.from.path = "/tmp/out";
    gen.outputs.parameters.push_back(out);
    couler::artifact data;
    data.name = "data";
    data.path = "/tmp/data";
    gen.outputs.artifacts.push_back(data);
    wf.add_template(gen);
    auto use = container("use");
    couler::parameter x;
    x.name = "x";
    use.inputs.parameters.push_back(x);
    couler::artifact in = data;
    use.inputs.artifacts.push_back(in);
    wf.add_template(use);
    auto& g = wf.graph();
    couler::step a, b, c;
    a.name = "a";
    a.template_name = "gen";
    b.name = "b";
    b.template_name = "use";
    couler::parameter arg;
    arg.name = "x";
    arg.value = couler::output_parameter_ref("a", "out");
    b.arguments.push_back(arg);
    couler::artifact aa;
    aa.name = "data";
    aa.from = couler::output_artifact_ref("a", "data");
    b.artifact_arguments.push_back(aa);
    c = b;
    c.name = "c";
    c.arguments[0].value = couler::result_ref("a");
    g.add_step(a);
    g.add_step(b);
    g.add_step(c);
    g.add_dependency("a", "b", couler::dependency_kind::data);
    g.add_dependency("a", "c", couler::dependency_kind::data);
    g.add_dependency("b", "c");
    return wf;
}

} // namespace

BOOST_AUTO_TEST_CASE(crossing_parameters_and_artifacts_are_rewired)
{
    auto wf = producer_consumer();
    BOOST_REQUIRE(couler::validate(wf).empty());
    sp::partition p;
    p.part_of = {0, 1, 1}; // {a}, {b, c}
    p.parts = 2;
    auto parts = sp::make_parts(wf, p);
    BOOST_REQUIRE_EQUAL(parts.children.size(), 2u);
    for (const auto& c : parts.children)
        BOOST_TEST(couler::validate(c).empty(), couler::invalid_input(couler::validate(c)).what());

    // producer side: gen stores `data` at a key naming the step; a passes its name
    const auto& c0 = parts.children[0];
    const auto& a = c0.graph()[c0.graph().at("a")];
    BOOST_TEST(a.template_name == "gen");
    BOOST_TEST(c0.templates().size() == 2u); // entry + gen: no copies
    const auto* gen = c0.find_template("gen");
    BOOST_REQUIRE(gen);
    const auto* stored = gen->outputs.find_artifact("data");
    BOOST_REQUIRE(stored);
    BOOST_TEST((stored->kind == couler::artifact_kind::s3));
    BOOST_TEST(stored->key ==
               "couler-split/{{workflow.parameters.couler-split-run}}/{{inputs.parameters.couler-split-run-step}}/data");
    BOOST_TEST(gen->inputs.find_parameter("couler-split-run-step"));
    BOOST_REQUIRE_EQUAL(a.arguments.size(), 1u);
    BOOST_TEST(*a.arguments[0].value == "a");
    const std::string consumer_key = "couler-split/{{workflow.parameters.couler-split-run}}/a/data";
    const auto& e0 = *c0.find_template(c0.entrypoint);
    BOOST_REQUIRE_EQUAL(e0.outputs.parameters.size(), 2u);
    std::map<std::string, std::string> exported;
    for (const auto& o : e0.outputs.parameters) {
        BOOST_TEST(o.global_name == o.name);
        exported[o.name] = o.from.parameter;
    }
    BOOST_TEST(exported["x-a-out"] == "{{steps.a.outputs.parameters.out}}");
    BOOST_TEST(exported["x-a-result"] == "{{steps.a.outputs.result}}");
    BOOST_TEST(parts.exports[0].size() == 2u);

    // consumer side: reads its inputs and the repository key; keeps b -> c, drops a -> b, a -> c
    const auto& c1 = parts.children[1];
    const auto& g1 = c1.graph();
    BOOST_REQUIRE_EQUAL(g1.size(), 2u);
    BOOST_TEST(g1.edge_count() == 1u);
    const auto& b = g1[g1.at("b")];
    BOOST_TEST(*b.arguments[0].value == "{{inputs.parameters.x-a-out}}");
    BOOST_TEST(b.artifact_arguments[0].from.empty());
    BOOST_TEST(b.artifact_arguments[0].key == consumer_key);
    BOOST_TEST(*g1[g1.at("c")].arguments[0].value == "{{inputs.parameters.x-a-result}}");
    const auto& e1 = *c1.find_template(c1.entrypoint);
    BOOST_TEST(e1.inputs.find_parameter("x-a-out"));
    BOOST_TEST(e1.inputs.find_parameter("x-a-result"));
    std::set<std::string> params;
    for (const auto& q : c1.settings.parameters)
        params.insert(q.name);
    BOOST_TEST((params == std::set<std::string>{"couler-split-run", "x-a-out", "x-a-result"}));
    BOOST_TEST(parts.crossings.size() == 3u);
    // only the templates a child uses
    BOOST_TEST(!c1.find_template("gen"));
    BOOST_TEST(c1.find_template("use"));

    // embedded: values come from the parent
    auto emb = sp::embedded_child(parts, 1);
    for (const auto& q : emb.settings.parameters) {
        if (q.name == "couler-split-run")
            BOOST_TEST(*q.value == "{{workflow.name}}");
        else
            BOOST_TEST(*q.value == "{{inputs.parameters." + q.name + "}}");
    }

    // the parent: one resource step per child, quotient edge, arguments from the producer's outputs
    sp::quotient q;
    q.out_begin = {0, 1, 1};
    q.out = {1};
    auto parent = sp::make_parent(wf, parts, q, [](std::size_t i) { return "manifest " + std::to_string(i); });
    BOOST_TEST(couler::validate(parent).empty(), couler::invalid_input(couler::validate(parent)).what());
    const auto& pg = parent.graph();
    BOOST_REQUIRE_EQUAL(pg.size(), 2u);
    BOOST_TEST(pg.dependency_between(pg.at("part-1"), pg.at("part-2")).has_value());
    const auto& t2 = *parent.template_of(pg[pg.at("part-2")]);
    const auto* res = std::get_if<couler::resource_spec>(&t2.body);
    BOOST_REQUIRE(res);
    BOOST_TEST(res->manifest == "manifest 1");
    BOOST_TEST(res->success_condition == "status.phase == Succeeded");
    BOOST_TEST(res->failure_condition == "status.phase in (Failed, Error)");
    BOOST_TEST(res->set_owner_reference);
    const auto& t1 = *parent.template_of(pg[pg.at("part-1")]);
    BOOST_REQUIRE_EQUAL(t1.outputs.parameters.size(), 2u);
    BOOST_TEST(t1.outputs.parameters[0].from.json_path ==
               "{.status.outputs.parameters[?(@.name==\"" + t1.outputs.parameters[0].name + "\")].value}");
    for (const auto& arg : pg[pg.at("part-2")].arguments)
        BOOST_TEST(*arg.value == "{{steps.part-1.outputs.parameters." + arg.name + "}}");
}

BOOST_AUTO_TEST_CASE(random_ir_workflows_split_into_valid_children)
{
    std::mt19937 rng(7);
    for (int round = 0; round < 20; ++round) {
        couler::workflow wf("big", couler::graph_style::dag);
        for (int t = 0; t < 5; ++t)
            wf.add_template(container("t" + std::to_string(t)));
        auto& g = wf.graph();
        std::size_t n = std::uniform_int_distribution<std::size_t>(1, 1500)(rng);
        for (std::size_t v = 0; v < n; ++v) {
            couler::step s;
            s.name = "s" + std::to_string(v);
            s.template_name = "t" + std::to_string(v % 5);
            s.cost_seconds = double(1 + v % 7);
            g.add_step(s);
            for (int k = 0; k < 2 && v > 0; ++k)
                g.add_dependency(std::uniform_int_distribution<std::size_t>(0, v - 1)(rng), v);
        }
        std::uint64_t overhead = 0;
        auto d = sp::extract_dag(wf, overhead);
        BOOST_TEST(d.size() == n);
        BOOST_TEST(d.edge_count() == g.edge_count());
        BOOST_TEST(overhead > 0u);
        sp::budget b;
        b.max_steps = std::uniform_int_distribution<std::uint64_t>(5, 200)(rng);
        b.max_bytes = 30000;
        b.part_overhead_bytes = overhead;
        auto p = sp::split_dag(d, b);
        auto r = sp::analyze(d, p, b);
        BOOST_TEST(r.acyclic);
        BOOST_TEST(r.parts_over_budget == 0u);
        auto parts = sp::make_parts(wf, p);
        BOOST_REQUIRE_EQUAL(parts.children.size(), p.parts);
        std::set<std::string> seen;
        std::size_t steps = 0, internal = 0;
        for (const auto& c : parts.children) {
            BOOST_TEST(couler::validate(c).empty());
            const auto& cg = c.graph();
            BOOST_TEST(cg.size() <= b.max_steps);
            steps += cg.size();
            internal += cg.edge_count();
            for (std::size_t v = 0; v < cg.size(); ++v)
                BOOST_TEST(seen.insert(cg[v].name).second); // every step in exactly one child
        }
        BOOST_TEST(steps == n);
        BOOST_TEST(seen.size() == n);
        BOOST_TEST(internal + r.cut_edges == g.edge_count());
    }
}

BOOST_AUTO_TEST_CASE(pods_and_bytes_estimates)
{
    auto wf = producer_consumer();
    auto& g = wf.graph();
    auto& b = g[g.at("b")];
    b.with_items = {1, 2, 3, 4};
    BOOST_TEST(sp::estimate_pods(wf, b) == 4u);
    couler::loop_sequence seq;
    seq.count = "7";
    g[g.at("c")].with_sequence = seq;
    BOOST_TEST(sp::estimate_pods(wf, g[g.at("c")]) == 7u);
    BOOST_TEST(sp::estimate_pods(wf, g[g.at("a")]) == 1u);
    // a step with more to say costs more bytes
    auto small = sp::estimate_step_bytes(g, g.at("a")), big = sp::estimate_step_bytes(g, g.at("b"));
    BOOST_TEST(small > 40u);
    BOOST_TEST(big > small);
    BOOST_TEST(sp::estimate_template_bytes(*wf.find_template("gen")) > 50u);
}
