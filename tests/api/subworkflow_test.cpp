// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Maps over sub-workflows (builder::run_workflow inside builder::map): the item and outer
// outputs become inputs of the sub-workflow's template; the IR validates, the Argo document
// passes the shared schema and linter, and the local engine runs every item with its own value.
#include <couler/api/builder.hpp>

#include <couler/emit/argo.hpp>
#include <couler/engine.hpp>
#include <couler/ir/json.hpp>
#include <couler/ir/validate.hpp>

#define BOOST_TEST_MODULE api_subworkflow
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace couler;
namespace fs = std::filesystem;

namespace {

// A shell step: `source` runs with the step's args as $1, $2...
script sh(const std::string& name, const std::string& source)
{
    return script("alpine:3.18", source).command({"sh"}).step_name(name);
}

// prep writes an output parameter `offset` (10) and an artifact `data` ("shared").
step_ref prep(builder& wf)
{
    return wf.run_script(sh("prep", "mkdir -p \"$(dirname /out/offset)\" \"$(dirname /data/data.txt)\"\n"
                                    "printf 10 > /out/offset\nprintf shared > /data/data.txt\n")
                             .output({wf.create_parameter_artifact("/out/offset", "offset"),
                                      wf.create_local_artifact("/data/data.txt", "data")}));
}

// train then evaluate, for one candidate: the score is "<item>+<offset>:<data>".
step_ref train_then_evaluate(builder& wf, const arg& item, const step_ref& prep)
{
    auto train = wf.run_script(sh("train", "mkdir -p \"$(dirname /model/model.txt)\"\n"
                                           "printf '%s+%s:%s' \"$1\" \"$2\" \"$(cat /data/data.txt)\" > /model/model.txt\n")
                                   .args({item, prep.output("offset")})
                                   .input({prep.artifact("data")})
                                   .output(wf.create_local_artifact("/model/model.txt", "model")));
    return wf.run_script(sh("evaluate", "mkdir -p \"$(dirname /out/score)\"\n"
                                        "test \"$(cat /data/data.txt)\" = shared && cat /model/model.txt > /out/score\n")
                             .input({train.artifact("model"), prep.artifact("data")})
                             .output(wf.create_parameter_artifact("/out/score", "score")));
}

// collect publishes what it is given as the global output `all`.
void collect(builder& wf, const couler::output& scores)
{
    wf.run_script(sh("collect", "mkdir -p \"$(dirname /out/all)\"\nprintf '%s' \"$1\" > /out/all\n")
                      .args({scores})
                      .output(wf.create_parameter_artifact("/out/all", "all", true)));
}

void require_valid(const workflow& wf)
{
    auto p = validate(wf);
    for (const auto& x : p)
        BOOST_TEST_MESSAGE(x.path << ": " << x.message);
    BOOST_REQUIRE_MESSAGE(p.empty(), p.size() << " validation problems, first: "
                                              << (p.empty() ? std::string() : p.front().path + ": " + p.front().message));
    auto back = parse_workflow(to_json_string(wf));
    BOOST_TEST((back == wf));
}

fs::path out_dir(const std::string& name)
{
    fs::path d = fs::path(COULER_TEST_OUT_DIR) / (name + "-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

// The Argo document passes the shared strict schema and the linter.
void require_argo_valid(const workflow& wf, const std::string& name)
{
    fs::path file = out_dir("argo-" + name) / (name + ".yaml");
    std::ofstream(file) << to_argo_yaml(wf);
    fs::path shared = COULER_SHARED_DIR;
    BOOST_REQUIRE_MESSAGE(fs::exists(shared / "tools" / "validate.py"), "COULER_SHARED_DIR is missing: " << shared);
    std::string v = "/usr/bin/python3 " + (shared / "tools/validate.py").string() + " " +
                    (shared / "schemas/workflow_v1alpha1.json").string() + " " + file.string();
    std::string l = "/usr/bin/python3 " + (shared / "tools/lint_argo.py").string() + " " + file.string();
    BOOST_TEST(std::system(v.c_str()) == 0, v);
    BOOST_TEST(std::system(l.c_str()) == 0, l);
}

engine::run_result run(const workflow& wf, const std::string& name)
{
    engine::options o;
    o.state_dir = out_dir(name);
    o.jobs = 2;
    auto r = engine::local_engine(o).run(wf);
    for (const auto& s : r.steps)
        BOOST_TEST_MESSAGE(s.id << " " << to_string(s.status) << " " << s.message);
    BOOST_REQUIRE_MESSAGE(r.ok(), "run failed: " << r.error);
    return r;
}

std::vector<std::string> strings(const std::string& json_list)
{
    std::vector<std::string> out;
    const boost::json::value list = boost::json::parse(json_list); // alive through the loop
    for (const auto& v : list.as_array())
        out.emplace_back(v.as_string().c_str());
    return out;
}

const step_template& tmpl(const workflow& wf, const std::string& name)
{
    const step_template* t = wf.find_template(name);
    BOOST_REQUIRE_MESSAGE(t, "no template " << name);
    return *t;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_map_over_a_sub_workflow_passes_the_item_and_outer_outputs_as_inputs)
{
    builder wf("sub-map");
    auto p = prep(wf);
    auto scores = wf.map(
        [&](const arg& item) { return wf.run_workflow("candidate", [&] { return train_then_evaluate(wf, item, p); }); },
        {"a", "b", "c"});
    collect(wf, scores.output("score"));

    // The template takes the item and prep's outputs as inputs...
    const auto& t = tmpl(wf.workflow(), "candidate");
    std::vector<std::string> params, arts;
    for (const auto& x : t.inputs.parameters)
        params.push_back(x.name);
    for (const auto& x : t.inputs.artifacts)
        arts.push_back(x.name);
    BOOST_TEST(params == (std::vector<std::string>{"item", "prep-offset"}), boost::test_tools::per_element());
    BOOST_TEST(arts == (std::vector<std::string>{"prep-data"}), boost::test_tools::per_element());
    // ...its steps read them there...
    const auto& g = *t.graph();
    const auto& train = g[g.at("train")];
    BOOST_TEST(*train.arguments[0].value == "{{inputs.parameters.item}}");
    BOOST_TEST(*train.arguments[1].value == "{{inputs.parameters.prep-offset}}");
    BOOST_TEST(train.artifact_arguments[0].from == "{{inputs.artifacts.prep-data}}");
    BOOST_TEST(g[g.at("evaluate")].artifact_arguments[1].from == "{{inputs.artifacts.prep-data}}");
    // ...and returns evaluate's outputs.
    BOOST_REQUIRE(t.outputs.parameters.size() == 1u);
    BOOST_TEST(t.outputs.parameters[0].name == "score");
    BOOST_TEST(t.outputs.parameters[0].from.parameter == "{{steps.evaluate.outputs.parameters.score}}");

    // The map step passes them in, once per item, after prep.
    const auto& entry = wf.workflow().graph();
    const auto& m = entry[entry.at(scores.name())];
    BOOST_TEST(m.template_name == "candidate");
    BOOST_REQUIRE(m.arguments.size() == 2u);
    BOOST_TEST(*m.arguments[0].value == "{{item.item}}");
    BOOST_TEST(*m.arguments[1].value == "{{steps.prep.outputs.parameters.offset}}");
    BOOST_REQUIRE(m.artifact_arguments.size() == 1u);
    BOOST_TEST(m.artifact_arguments[0].from == "{{steps.prep.outputs.artifacts.data}}");
    BOOST_TEST(m.with_items.size() == 3u);
    BOOST_TEST(entry.dependency_between(entry.at("prep"), entry.at(scores.name())).has_value());
    require_valid(wf.workflow());
    require_argo_valid(wf.workflow(), "sub-map");

    auto r = run(wf.workflow(), "sub-map");
    BOOST_TEST(r.succeeded == 1u + 3u * 2u + 1u);
    BOOST_TEST(strings(r.outputs["all"]) == (std::vector<std::string>{"a+10:shared", "b+10:shared", "c+10:shared"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_sub_workflow_in_a_dag_reads_outer_outputs_and_returns_with_tasks_references)
{
    builder wf("sub-dag");
    auto p = prep(wf);
    auto one = wf.run_workflow(
        "candidate",
        [&] {
            auto e = train_then_evaluate(wf, "solo", p);
            return std::vector<couler::output>{e.output("score"), e.result()};
        },
        graph_style::dag);
    collect(wf, one.output("score"));
    const auto& t = tmpl(wf.workflow(), "candidate");
    BOOST_REQUIRE(t.outputs.parameters.size() == 2u);
    BOOST_TEST(t.outputs.parameters[0].from.parameter == "{{tasks.evaluate.outputs.parameters.score}}");
    BOOST_TEST(t.outputs.parameters[1].name == "result");
    require_valid(wf.workflow());
    require_argo_valid(wf.workflow(), "sub-dag");
    auto r = run(wf.workflow(), "sub-dag");
    BOOST_TEST(r.outputs["all"] == "solo+10:shared");
}

BOOST_AUTO_TEST_CASE(a_sub_workflow_inside_a_sub_workflow_gets_the_item_and_outer_outputs_through_both)
{
    builder wf("nested");
    auto p = prep(wf);
    auto scores = wf.map(
        [&](const arg& item) {
            return wf.run_workflow("outer", [&] {
                auto inner = wf.run_workflow("inner", [&] { return train_then_evaluate(wf, item, p); });
                // A step of the middle graph reads both the inner result and the outermost step.
                return wf.run_script(sh("check", "mkdir -p \"$(dirname /out/score)\"\n"
                                                 "printf '%s/%s' \"$1\" \"$2\" > /out/score\n")
                                         .args({inner.output("score"), p.output("offset")})
                                         .output(wf.create_parameter_artifact("/out/score", "score")));
            });
        },
        {"x", "y"});
    collect(wf, scores.output("score"));

    const auto& outer = tmpl(wf.workflow(), "outer");
    const auto& inner_call = (*outer.graph())[outer.graph()->at("inner")];
    BOOST_TEST(*inner_call.arguments[0].value == "{{inputs.parameters.item}}");
    BOOST_TEST(*inner_call.arguments[1].value == "{{inputs.parameters.prep-offset}}");
    BOOST_TEST(inner_call.artifact_arguments[0].from == "{{inputs.artifacts.prep-data}}");
    require_valid(wf.workflow());
    require_argo_valid(wf.workflow(), "nested");
    auto r = run(wf.workflow(), "nested");
    BOOST_TEST(strings(r.outputs["all"]) == (std::vector<std::string>{"x+10:shared/10", "y+10:shared/10"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_returned_step_without_outputs_gives_its_result)
{
    builder wf("sub-result");
    auto sub = wf.run_workflow("sub", [&] { return wf.run_script(sh("say", "echo hi")); });
    const auto& t = tmpl(wf.workflow(), "sub");
    BOOST_REQUIRE(t.outputs.parameters.size() == 1u);
    BOOST_TEST(t.outputs.parameters[0].name == "result");
    BOOST_TEST(t.outputs.parameters[0].from.parameter == "{{steps.say.outputs.result}}");
    BOOST_TEST(sub.output("result").expression() == "{{steps.sub.outputs.parameters.result}}");
    require_valid(wf.workflow());
}

BOOST_AUTO_TEST_CASE(a_step_status_is_an_output_the_next_step_waits_for)
{
    builder wf("status");
    auto p = prep(wf);
    collect(wf, p.status());
    const auto& g = wf.workflow().graph();
    const auto& c = g[g.at("collect")];
    BOOST_TEST(*c.arguments[0].value == "{{steps.prep.status}}");
    BOOST_TEST(g.dependency_between(g.at("prep"), g.at("collect")).has_value());
    require_valid(wf.workflow());
}

#define CHECK_ERROR(expr, text)                                                                                        \
    do {                                                                                                               \
        std::string what_;                                                                                             \
        try {                                                                                                          \
            expr;                                                                                                      \
        } catch (const std::invalid_argument& e) {                                                                     \
            what_ = e.what();                                                                                          \
        }                                                                                                              \
        BOOST_TEST(what_.find(text) != std::string::npos, "'" << what_ << "' does not contain '" << text << "'");     \
    } while (0)

BOOST_AUTO_TEST_CASE(what_a_sub_workflow_cannot_express_is_an_error_naming_the_step)
{
    {
        // A step outside reads a step inside: only what the body returns is visible.
        builder wf("peek");
        step_ref inside;
        wf.run_workflow("sub", [&] { inside = wf.run_script(sh("hidden", "echo").output(wf.create_parameter_artifact("/out/x", "x"))); });
        CHECK_ERROR(wf.run_script(sh("reader", "echo").args({inside.output("x")})),
                    "step 'reader' reads an output of step 'hidden' of 'sub', which does not enclose it");
    }
    {
        // An inner step named as the outer step it reads.
        builder wf("shadow");
        auto p = prep(wf);
        CHECK_ERROR(wf.run_workflow("sub",
                                    [&] { wf.run_script(sh("prep", "echo").template_name("other").args({p.output("offset")})); }),
                    "step 'prep' of sub-workflow 'sub' reads step 'prep' outside it");
    }
    {
        // The name taken after the read.
        builder wf("shadow-later");
        auto p = prep(wf);
        CHECK_ERROR(wf.run_workflow("sub",
                                    [&] {
                                        wf.run_script(sh("use", "echo").args({p.output("offset")}));
                                        wf.run_script(sh("prep", "echo").template_name("other"));
                                    }),
                    "sub-workflow 'sub' reads step 'prep' outside it, but has its own step 'prep'");
    }
    {
        // Returning what is not the body's own.
        builder wf("foreign");
        auto p = prep(wf);
        CHECK_ERROR(wf.run_workflow("sub",
                                    [&] {
                                        wf.run_script(sh("x", "echo"));
                                        return p.output("offset");
                                    }),
                    "sub-workflow 'sub' returns an output of step 'prep', which is not one of its steps");
        CHECK_ERROR(wf.run_workflow("sub2",
                                    [&] {
                                        auto a = wf.run_script(sh("a", "echo").output(wf.create_parameter_artifact("/o/s", "s")));
                                        auto b = wf.run_script(sh("b", "echo").output(wf.create_parameter_artifact("/o/s", "s")));
                                        return std::vector<couler::output>{a.output("s"), b.output("s")};
                                    }),
                    "sub-workflow 'sub2' returns two output parameters named 's' (the second from step 'b')");
    }
    {
        // A map whose function does not return the step still finds the one step in its graph.
        builder wf("map-void");
        auto p = prep(wf);
        auto m = wf.map([&](const arg& item) { wf.run_workflow("candidate", [&] { train_then_evaluate(wf, item, p); }); },
                        {"a"});
        BOOST_TEST(m.template_name() == "candidate");
        // The body does not use the item: the map says so.
        builder wf2("map-no-item");
        CHECK_ERROR(wf2.map([&](const arg&) { return wf2.run_workflow("c", [&] { wf2.run_script(sh("s", "echo")); }); },
                            {"a"}),
                    "map: the step does not use its item");
    }
}

BOOST_AUTO_TEST_CASE(a_map_inside_a_mapped_sub_workflow_has_its_own_item_and_refuses_the_outer_one)
{
    {
        // Each outer item runs an inner map over its own items: both items arrive where they are used.
        builder wf("map-in-map");
        auto scores = wf.map(
            [&](const arg& outer) {
                return wf.run_workflow("per-outer", [&] {
                    auto tag = wf.run_script(sh("tag", "mkdir -p /out\nprintf '%s' \"$1\" > /out/tag\n")
                                                 .args({outer})
                                                 .output(wf.create_parameter_artifact("/out/tag", "tag")));
                    auto inner = wf.map(
                        [&](const arg& item) {
                            return wf.run_script(sh("leaf", "mkdir -p /out\nprintf '%s-%s' \"$1\" \"$2\" > /out/v\n")
                                                     .args({tag.output("tag"), item})
                                                     .output(wf.create_parameter_artifact("/out/v", "v")));
                        },
                        {"1", "2"});
                    return wf.run_script(sh("join", "mkdir -p /out\nprintf '%s' \"$1\" > /out/score\n")
                                             .args({inner.output("v")})
                                             .output(wf.create_parameter_artifact("/out/score", "score")));
                });
            },
            {"a", "b"});
        collect(wf, scores.output("score"));
        const auto& t = tmpl(wf.workflow(), "per-outer");
        const auto& leaf = (*t.graph())[t.graph()->at("leaf")];
        BOOST_REQUIRE(leaf.arguments.size() == 2u);
        BOOST_TEST(*leaf.arguments[1].value == "{{item." + leaf.arguments[1].name + "}}");
        BOOST_TEST(leaf.with_items.size() == 2u);
        require_valid(wf.workflow());
        require_argo_valid(wf.workflow(), "map-in-map");
        auto r = run(wf.workflow(), "map-in-map");
        auto all = strings(r.outputs["all"]);
        BOOST_REQUIRE(all.size() == 2u);
        BOOST_TEST(boost::json::parse(all[0]) == boost::json::parse(R"(["a-1","a-2"])"));
        BOOST_TEST(boost::json::parse(all[1]) == boost::json::parse(R"(["b-1","b-2"])"));
    }
    {
        // The inner map's step reads the outer item directly: refused, not silently the inner one.
        builder wf("outer-item");
        CHECK_ERROR(wf.map(
                        [&](const arg& outer) {
                            return wf.run_workflow("per-outer", [&] {
                                return wf.map([&](const arg& item) { return wf.run_script(sh("leaf", "echo").args({outer, item})); },
                                              {"1", "2"});
                            });
                        },
                        {"a", "b"}),
                    "step 'leaf' is a map inside another map's function and reads '{{item}}', the outer map's item");
    }
    {
        // The same through a sub-workflow that the inner map runs.
        builder wf("outer-item-sub");
        CHECK_ERROR(wf.map(
                        [&](const arg& outer) {
                            return wf.run_workflow("per-outer", [&] {
                                return wf.map(
                                    [&](const arg& item) {
                                        return wf.run_workflow("leaf-sub", [&] { wf.run_script(sh("leaf", "echo").args({outer, item})); });
                                    },
                                    {"1", "2"});
                            });
                        },
                        {"a", "b"}),
                    "the outer map's item");
    }
}
