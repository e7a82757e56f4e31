// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#include <couler/optimize/split/argo.hpp>

#define BOOST_TEST_MODULE split_argo
#include <boost/test/unit_test.hpp>

#include <couler/ir/validate.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

namespace sp = couler::split;
namespace fs = std::filesystem;

namespace {

const std::string shared = COULER_SHARED_DIR;

// A DAG of container steps; every step reads the output parameter of one predecessor and a
// few read an artifact of another, so crossings of both kinds appear.
couler::workflow sample(std::size_t n, std::uint32_t seed)
{
    couler::workflow wf("split-sample", couler::graph_style::dag);
    couler::step_template t;
    t.name = "work";
    couler::container_spec c;
    c.image = "alpine:3.20";
    c.command = std::vector<std::string>{"sh", "-c"};
    c.args = {"echo {{inputs.parameters.x}} | tee /tmp/out; mkdir -p /tmp/d; date > /tmp/d/f"};
    t.body = c;
    couler::parameter x;
    x.name = "x";
    x.default_value = "0";
    t.inputs.parameters.push_back(x);
    couler::artifact in;
    in.name = "in";
    in.path = "/tmp/in";
    in.optional = true;
    t.inputs.artifacts.push_back(in);
    couler::parameter out;
    out.name = "out";
    out.from.path = "/tmp/out";
    t.outputs.parameters.push_back(out);
    couler::artifact d;
    d.name = "d";
    d.path = "/tmp/d";
    t.outputs.artifacts.push_back(d);
    wf.add_template(t);
    auto& g = wf.graph();
    std::mt19937 rng(seed);
    for (std::size_t v = 0; v < n; ++v) {
        couler::step s;
        s.name = "step-" + std::to_string(v);
        s.template_name = "work";
        s.cost_seconds = double(1 + v % 5);
        couler::parameter a;
        a.name = "x";
        a.value = std::to_string(v);
        if (v > 0) {
            std::size_t u = std::uniform_int_distribution<std::size_t>(v > 50 ? v - 50 : 0, v - 1)(rng);
            a.value = couler::output_parameter_ref("step-" + std::to_string(u), "out");
            g.add_step(s);
            g.add_dependency(u, v, couler::dependency_kind::data);
            if (v % 7 == 0) {
                std::size_t w = std::uniform_int_distribution<std::size_t>(0, v - 1)(rng);
                couler::artifact aa;
                aa.name = "in";
                aa.from = couler::output_artifact_ref("step-" + std::to_string(w), "d");
                g[v].artifact_arguments.push_back(aa);
                g.add_dependency(w, v, couler::dependency_kind::data);
            }
            g[v].arguments.push_back(a);
        } else {
            s.arguments.push_back(a);
            g.add_step(s);
        }
    }
    return wf;
}

int run(const std::string& cmd)
{
    int rc = std::system(cmd.c_str());
    return rc;
}

void check_with_tools(const sp::argo_split<couler::no_data, couler::no_data>& r, const fs::path& dir)
{
    const std::string child_schema =
        shared + (r.templates ? "/schemas/workflowtemplate_v1alpha1.json" : "/schemas/workflow_v1alpha1.json");
    BOOST_REQUIRE_MESSAGE(fs::exists(shared + "/tools/validate.py"), "COULER_SHARED_DIR does not hold tools/");
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string files;
    for (std::size_t i = 0; i < r.children_yaml.size(); ++i) {
        auto f = dir / ("part-" + std::to_string(i + 1) + ".yaml");
        std::ofstream(f) << r.children_yaml[i];
        files += " " + f.string();
    }
    auto pf = dir / "parent.yaml";
    std::ofstream(pf) << r.parent_yaml;
    const std::string py = "/usr/bin/python3 ";
    BOOST_TEST(run(py + shared + "/tools/validate.py " + child_schema + files + " > " +
                   (dir / "validate.log").string() + " 2>&1") == 0,
               "validate.py failed on the children, see " << (dir / "validate.log"));
    BOOST_TEST(run(py + shared + "/tools/validate.py " + shared + "/schemas/workflow_v1alpha1.json " + pf.string() +
                   " > " + (dir / "validate-parent.log").string() + " 2>&1") == 0,
               "validate.py failed on the parent, see " << (dir / "validate-parent.log"));
    for (std::size_t i = 0; i <= r.children_yaml.size(); ++i) {
        auto f = i < r.children_yaml.size() ? dir / ("part-" + std::to_string(i + 1) + ".yaml") : pf;
        BOOST_TEST(run(py + shared + "/tools/lint_argo.py " + f.string() + " > " + (dir / "lint.log").string() +
                       " 2>&1") == 0,
                   "lint_argo.py failed on " << f);
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(children_and_parent_validate_and_lint)
{
    auto wf = sample(450, 3);
    BOOST_REQUIRE(couler::validate(wf).empty());
    sp::argo_split_options o;
    o.limits.max_steps = 100;
    auto r = sp::split_to_argo(wf, o);
    BOOST_TEST(r.summary.acyclic);
    BOOST_TEST(r.parts.parts >= 5u);
    BOOST_TEST(r.parts.parts <= 6u); // within 1.1 x ceil(450/100)
    BOOST_TEST(!r.workflows.crossings.empty());
    for (const auto& c : r.workflows.children) {
        BOOST_TEST(c.graph().size() <= 100u);
        BOOST_TEST(couler::validate(c).empty());
    }
    for (const auto& y : r.children_yaml)
        BOOST_TEST(y.size() <= o.limits.max_bytes);
    // the parent's DAG is the quotient: one task per child
    BOOST_TEST(r.parent.graph().size() == r.parts.parts);
    BOOST_TEST(r.parent_yaml.find("successCondition") != std::string::npos);
    BOOST_TEST(r.parent_yaml.find("failureCondition") != std::string::npos);
    check_with_tools(r, fs::path(COULER_BINARY_DIR) / "split_argo_out" / "steps");
}

BOOST_AUTO_TEST_CASE(byte_budget_holds_on_the_real_yaml)
{
    auto wf = sample(300, 5);
    sp::argo_split_options o;
    o.limits.max_steps = sp::unlimited;
    o.limits.max_bytes = 24 * 1024;
    auto r = sp::split_to_argo(wf, o);
    BOOST_TEST(r.summary.acyclic);
    BOOST_TEST(r.parts.parts > 1u);
    std::uint64_t total_real = 0, total_est = 0;
    for (std::size_t i = 0; i < r.children_yaml.size(); ++i) {
        BOOST_TEST(r.children_yaml[i].size() <= o.limits.max_bytes, "child " << i << " is " << r.children_yaml[i].size());
        total_real += r.children_yaml[i].size();
        total_est += r.estimated_bytes[i];
    }
    BOOST_TEST_MESSAGE("estimate/real bytes: " << total_est << "/" << total_real << " over " << r.parts.parts
                                               << " children, " << r.rounds << " round(s)");
    check_with_tools(r, fs::path(COULER_BINARY_DIR) / "split_argo_out" / "bytes");
}

BOOST_AUTO_TEST_CASE(algorithm3_parts_cannot_get_a_parent)
{
    // a -> x, a -> y, y -> x with a's children listed [x, y], 2-step budget
    couler::workflow wf("a3", couler::graph_style::dag);
    couler::step_template t;
    t.name = "echo";
    couler::container_spec c;
    c.image = "alpine:3.20";
    t.body = c;
    wf.add_template(t);
    auto& g = wf.graph();
    for (const char* n : {"a", "x", "y"}) {
        couler::step s;
        s.name = n;
        s.template_name = "echo";
        g.add_step(s);
    }
    g.add_dependency("a", "x");
    g.add_dependency("a", "y");
    g.add_dependency("y", "x");
    sp::argo_split_options o;
    o.limits.max_steps = 2;
    o.how = sp::method::algorithm3;
    BOOST_CHECK_THROW(sp::split_to_argo(wf, o), std::invalid_argument);
    o.how = sp::method::refined;
    auto r = sp::split_to_argo(wf, o);
    BOOST_TEST(r.summary.acyclic);
    BOOST_TEST(r.parts.parts == 2u);
}

BOOST_AUTO_TEST_CASE(children_as_workflow_templates_keep_the_parent_small)
{
    auto wf = sample(450, 11);
    sp::argo_split_options o;
    o.limits.max_steps = 100;
    o.mode = sp::child_mode::templates;
    auto r = sp::split_to_argo(wf, o);
    BOOST_TEST(r.templates);
    BOOST_TEST(r.summary.acyclic);
    for (const auto& y : r.children_yaml)
        BOOST_TEST(y.find("kind: WorkflowTemplate") != std::string::npos);
    BOOST_TEST(r.parent_yaml.find("workflowTemplateRef") != std::string::npos);
    std::uint64_t children = 0;
    for (const auto& y : r.children_yaml)
        children += y.size();
    BOOST_TEST(r.parent_yaml.size() < children / 4);
    check_with_tools(r, fs::path(COULER_BINARY_DIR) / "split_argo_out" / "templates");

    // automatic: inline while the inline parent fits the byte budget, templates past it
    o.mode = sp::child_mode::automatic;
    BOOST_TEST(!sp::split_to_argo(wf, o).templates);
    o.limits.max_bytes = 100 * 1024;
    auto big = sp::split_to_argo(wf, o);
    BOOST_TEST(big.templates);
    BOOST_TEST(big.parent_yaml.size() <= o.limits.max_bytes);
}
