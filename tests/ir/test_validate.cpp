// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// couler::validate reports every problem, each with the JSON path it has in the IR document.
#include <couler/ir/validate.hpp>

#include <couler/ir/json.hpp>
#include <couler/ir/names.hpp>

#include "print.hpp"
#include "random_workflow.hpp"

#define BOOST_TEST_MODULE ir_validate
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>

namespace json = boost::json;

namespace {

couler::step_template leaf(std::string name, std::string image = "alpine:3")
{
    couler::step_template t;
    t.name = std::move(name);
    couler::container_spec c;
    c.image = std::move(image);
    t.body = c;
    return t;
}

couler::step step(std::string name, std::string tmpl)
{
    couler::step s;
    s.name = std::move(name);
    s.template_name = std::move(tmpl);
    return s;
}

// A valid base: main (dag) runs a (producer, with an output parameter and artifact) then b.
couler::workflow base()
{
    couler::workflow wf("base", couler::graph_style::dag);
    auto prod = leaf("producer");
    couler::parameter out;
    out.name = "msg";
    out.from.path = "/tmp/msg";
    prod.outputs.parameters.push_back(out);
    couler::artifact oa;
    oa.name = "model";
    oa.path = "/tmp/model";
    prod.outputs.artifacts.push_back(oa);
    wf.add_template(prod);
    auto cons = leaf("consumer");
    couler::parameter in;
    in.name = "msg";
    cons.inputs.parameters.push_back(in);
    couler::artifact ia;
    ia.name = "model";
    ia.path = "/tmp/in";
    cons.inputs.artifacts.push_back(ia);
    std::get<couler::container_spec>(cons.body).args = {"cat {{inputs.parameters.msg}} {{inputs.artifacts.model.path}}"};
    wf.add_template(cons);
    auto& g = wf.graph();
    g.add_step(step("a", "producer"));
    auto b = step("b", "consumer");
    couler::parameter arg;
    arg.name = "msg";
    arg.value = "{{tasks.a.outputs.parameters.msg}}";
    b.arguments.push_back(arg);
    couler::artifact aa;
    aa.name = "model";
    aa.from = "{{tasks.a.outputs.artifacts.model}}";
    b.artifact_arguments.push_back(aa);
    g.add_step(b);
    g.add_dependency("a", "b");
    return wf;
}

// Resolves a JSON path of the form the validator writes ($.a.b[2]["odd key"]) in a document.
const json::value* resolve(const json::value& doc, const std::string& path)
{
    if (path.empty() || path[0] != '$')
        return nullptr;
    const json::value* v = &doc;
    std::size_t i = 1;
    while (i < path.size()) {
        if (path[i] == '.') {
            std::size_t j = i + 1;
            while (j < path.size() && path[j] != '.' && path[j] != '[')
                ++j;
            auto o = v->if_object();
            if (!o)
                return nullptr;
            v = o->if_contains(path.substr(i + 1, j - i - 1));
            i = j;
        } else if (path.compare(i, 2, "[\"") == 0) {
            std::string key;
            std::size_t j = i + 2;
            for (; j < path.size() && path[j] != '"'; ++j) {
                if (path[j] == '\\')
                    ++j;
                key += path[j];
            }
            auto o = v->if_object();
            if (!o)
                return nullptr;
            v = o->if_contains(key);
            i = j + 2;
        } else if (path[i] == '[') {
            std::size_t j = path.find(']', i);
            auto a = v->if_array();
            std::size_t n = std::stoul(path.substr(i + 1, j - i - 1));
            if (!a || n >= a->size())
                return nullptr;
            v = &(*a)[n];
            i = j + 1;
        } else
            return nullptr;
        if (!v)
            return nullptr;
    }
    return v;
}

// A problem's path names a field of the document, or (for a missing field) a field of an
// object that exists.
bool path_is_in(const json::value& doc, const std::string& path)
{
    if (resolve(doc, path))
        return true;
    auto cut = path.find_last_of(".[");
    return cut != std::string::npos && cut > 0 && resolve(doc, path.substr(0, cut)) &&
           resolve(doc, path.substr(0, cut))->is_object();
}

std::string dump(const couler::problems& ps)
{
    std::string s;
    for (auto& p : ps)
        s += "\n  " + p.to_string();
    return s;
}

// The problems of `wf`, checking that every path names something in its IR document.
couler::problems check(const couler::workflow& wf)
{
    auto ps = couler::validate(wf);
    auto doc = couler::to_json(wf);
    for (auto& p : ps)
        BOOST_TEST(path_is_in(doc, p.path), "path " << p.path << " is not in the document (" << p.message << ")");
    return ps;
}

bool has(const couler::problems& ps, const std::string& path, couler::error code, const std::string& words = "")
{
    return std::any_of(ps.begin(), ps.end(), [&](const couler::problem& p) {
        return p.path == path && p.code == code && p.message.find(words) != std::string::npos;
    });
}

#define EXPECT_PROBLEM(ps, path, code, words)                                                                          \
    BOOST_TEST(has(ps, path, code, words), "expected " << path << " (" << code << ", '" << words << "') in:" << dump(ps))

} // namespace

BOOST_AUTO_TEST_CASE(the_base_is_valid)
{
    auto ps = check(base());
    BOOST_TEST(ps.empty(), dump(ps));
    BOOST_CHECK_NO_THROW(couler::validate_or_throw(base()));
}

BOOST_AUTO_TEST_CASE(cycles)
{
    auto wf = base();
    wf.graph().add_dependency("b", "a");
    auto ps = check(wf);
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps", couler::error::cycle, "a -> b -> a");
    // A self-loop.
    wf = base();
    wf.graph().add_dependency("a", "a");
    ps = check(wf);
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps", couler::error::cycle, "a -> a");
    // In a nested graph: the path names that template.
    wf = base();
    couler::step_template sub;
    sub.name = "sub";
    couler::graph sg;
    sg.add_step(step("x", "producer"));
    sg.add_step(step("y", "producer"));
    sg.add_dependency("x", "y");
    sg.add_dependency("y", "x");
    sub.body = sg;
    wf.add_template(sub);
    ps = check(wf);
    BOOST_TEST(ps.size() == 1u, dump(ps));
    EXPECT_PROBLEM(ps, "$.templates[3].graph.steps", couler::error::cycle, "x -> y -> x");
    // A step using its own output outside repeat_while.
    wf = base();
    wf.graph()[0].when = "{{tasks.a.outputs.parameters.msg}} == x";
    ps = check(wf);
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[0].when", couler::error::cycle, "its own output");
    // ...which repeat_while may.
    wf = base();
    wf.graph()[0].repeat = couler::repeat_while{"{{tasks.a.outputs.result}} == tails", 5};
    ps = check(wf);
    BOOST_TEST(ps.empty(), dump(ps));
}

BOOST_AUTO_TEST_CASE(unknown_references)
{
    auto wf = base();
    wf.graph().add_step(step("c", "nope"));
    wf.entrypoint = "ghost";
    wf.settings.on_exit = "gone";
    // The entry is now unknown, but the templates are still checked.
    auto ps = check(wf);
    EXPECT_PROBLEM(ps, "$.entrypoint", couler::error::unknown_reference, "ghost");
    EXPECT_PROBLEM(ps, "$.settings.on_exit", couler::error::unknown_reference, "gone");
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[2].template", couler::error::unknown_reference, "'nope'");

    wf = base();
    wf.entrypoint.clear();
    EXPECT_PROBLEM(check(wf), "$.entrypoint", couler::error::missing_field, "");

    // Steps, outputs and inputs that do not exist.
    wf = base();
    auto& g = wf.graph();
    g[1].when = "{{tasks.ghost.outputs.result}} == 1";
    g[1].with_param = "{{tasks.a.outputs.parameters.nope}}";
    g[1].artifact_arguments[0].from = "{{tasks.a.outputs.artifacts.nothing}}";
    g[1].arguments[0].value = "{{workflow.parameters.undeclared}}";
    ps = check(wf);
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[1].when", couler::error::unknown_reference, "unknown step 'ghost'");
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[1].with_param", couler::error::unknown_reference,
                   "no output parameter 'nope'");
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[1].artifact_arguments[0].from", couler::error::unknown_reference,
                   "no output artifact 'nothing'");
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[1].arguments[0].value", couler::error::unknown_reference,
                   "workflow parameter 'undeclared'");
    BOOST_TEST(ps.size() == 4u, dump(ps));

    // An argument or artifact argument for an input that does not exist; a required input not given.
    wf = base();
    wf.graph()[1].arguments[0].name = "mgs";
    wf.graph()[1].artifact_arguments[0].name = "modle";
    ps = check(wf);
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[1].arguments[0].name", couler::error::unknown_reference, "'mgs'");
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[1].artifact_arguments[0].name", couler::error::unknown_reference,
                   "'modle'");
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[1].arguments", couler::error::missing_field,
                   "no value for input parameter 'msg'");

    // Input references inside a leaf template.
    wf = base();
    std::get<couler::container_spec>(wf.find_template("producer")->body).command =
        std::vector<std::string>{"sh", "{{inputs.parameters.size}}"};
    couler::step_template sc;
    sc.name = "script";
    couler::script_spec body;
    body.container.image = "python:3";
    body.source = "print('{{inputs.artifacts.data.path}}')";
    sc.body = body;
    wf.add_template(sc);
    ps = check(wf);
    EXPECT_PROBLEM(ps, "$.templates[1].container.command[1]", couler::error::unknown_reference,
                   "input parameter 'size'");
    EXPECT_PROBLEM(ps, "$.templates[3].script.source", couler::error::unknown_reference, "input artifact 'data'");

    // Input references in a graph template's steps name the graph template's own inputs.
    wf = base();
    wf.graph()[1].arguments[0].value = "{{inputs.parameters.msg}}";
    EXPECT_PROBLEM(check(wf), "$.templates[0].graph.steps[1].arguments[0].value", couler::error::unknown_reference,
                   "template 'base' does not declare");
}

BOOST_AUTO_TEST_CASE(conditions_on_outputs)
{
    auto wf = base();
    // A result from a step kind without one.
    couler::step_template wait;
    wait.name = "wait";
    wait.body = couler::suspend_spec{"1s"};
    wf.add_template(wait);
    auto& g = wf.graph();
    g.add_step(step("w", "wait"));
    g.add_step(step("after", "producer"));
    g.add_dependency("w", "after");
    g[3].when = "{{tasks.w.outputs.result}} == done";
    auto ps = check(wf);
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[3].when", couler::error::unknown_reference,
                   "is a suspend step, which has no result");
    // An output of a step it does not depend on.
    g[3].when = "{{tasks.a.outputs.parameters.msg}} == hi";
    ps = check(wf);
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[3].when", couler::error::unknown_reference, "does not depend on it");
    // Depending through other steps is enough: a -> b -> w -> after.
    g.add_dependency("b", "w");
    ps = check(wf);
    BOOST_TEST(ps.empty(), dump(ps));
    // repeat_while guards.
    g[0].repeat = couler::repeat_while{"{{tasks.a.outputs.parameters.none}} == x", 0};
    ps = check(wf);
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[0].repeat_while.max_iterations", couler::error::bad_value, "");
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[0].repeat_while.condition", couler::error::unknown_reference,
                   "no output parameter 'none'");
}

BOOST_AUTO_TEST_CASE(duplicate_names)
{
    auto wf = base();
    auto* c = wf.find_template("consumer");
    c->inputs.parameters.push_back(c->inputs.parameters[0]);
    c->inputs.artifacts.push_back(c->inputs.artifacts[0]);
    c->outputs.parameters.push_back(c->inputs.parameters[0]); // outputs are a separate namespace
    wf.graph()[1].arguments.push_back(wf.graph()[1].arguments[0]);
    auto ps = check(wf);
    EXPECT_PROBLEM(ps, "$.templates[2].inputs.parameters[1].name", couler::error::duplicate_name, "'msg'");
    EXPECT_PROBLEM(ps, "$.templates[2].inputs.artifacts[1].name", couler::error::duplicate_name, "'model'");
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[1].arguments[1].name", couler::error::duplicate_name, "given twice");
    BOOST_TEST(ps.size() == 3u, dump(ps));
    // A parameter and an artifact may share a name (Argo keeps them apart too).
    wf = base();
    couler::artifact same;
    same.name = "msg";
    wf.find_template("producer")->outputs.artifacts.push_back(same);
    ps = check(wf);
    BOOST_TEST(ps.empty(), dump(ps));

    // Duplicate step and template names cannot be built; in a document they are reader problems.
    auto doc = couler::to_json(base());
    auto& templates = doc.at("templates").as_array();
    templates.push_back(templates[1]);
    auto& steps = templates[0].at("graph").at("steps").as_array();
    steps.push_back(steps[0]);
    couler::problems rp;
    couler::workflow_from_json(doc, rp);
    EXPECT_PROBLEM(rp, "$.templates[0].graph.steps[2].name", couler::error::duplicate_name, "'a'");
    EXPECT_PROBLEM(rp, "$.templates[3].name", couler::error::duplicate_name, "'producer'");
}

BOOST_AUTO_TEST_CASE(workflow_names_are_dns1123_subdomains)
{
    for (const std::string& good : std::vector<std::string>{"a", "0", "my-flow", "my.flow", "a-b.c-d.e", std::string(63, 'a') + "." + std::string(63, 'b'),
                             std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') + "." +
                                 std::string(61, 'd')}) {
        BOOST_TEST(couler::is_dns1123_subdomain(good), good);
        auto wf = base();
        wf.settings.name = good;
        BOOST_TEST(check(wf).empty(), good);
    }
    BOOST_TEST((std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(61, 'd'))
                   .size() == 253u);
    for (const std::string& bad : std::vector<std::string>{"My-Flow", "my_flow", "-a", "a-", ".a", "a.", "a..b", "a.-b", "a-.b", "a b", "é",
                            std::string(64, 'a'), std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                                                      std::string(63, 'c') + "." + std::string(62, 'd')}) {
        BOOST_TEST(!couler::is_dns1123_subdomain(bad), bad);
        auto wf = base();
        wf.settings.name = bad;
        auto ps = check(wf);
        BOOST_TEST(ps.size() == 1u, bad << dump(ps));
        EXPECT_PROBLEM(ps, "$.settings.name", couler::error::invalid_name, "DNS-1123");
    }
    // Empty means "no fixed name".
    auto wf = base();
    wf.settings.name.clear();
    BOOST_TEST(check(wf).empty());
    // generate_name: a prefix, so a trailing '-' is fine.
    wf.settings.generate_name = "flow-";
    BOOST_TEST(check(wf).empty());
    wf.settings.generate_name = "Flow-";
    EXPECT_PROBLEM(check(wf), "$.settings.generate_name", couler::error::invalid_name, "");
}

BOOST_AUTO_TEST_CASE(step_and_template_names_follow_argo)
{
    for (const std::string& good : std::vector<std::string>{"A", "B", "a", "0", "Step-1", "a--b", "a-", std::string(128, 'x')}) {
        BOOST_TEST(couler::is_valid_step_name(good), good);
        auto wf = base();
        wf.graph().rename(0, good);
        wf.graph()[1].arguments[0].value = "{{tasks." + good + ".outputs.parameters.msg}}";
        wf.graph()[1].artifact_arguments[0].from = "{{tasks." + good + ".outputs.artifacts.model}}";
        wf.rename_template("consumer", good);
        auto ps = check(wf);
        BOOST_TEST(ps.empty(), good << dump(ps));
    }
    for (const std::string& bad : std::vector<std::string>{"", "-a", "a_b", "a.b", "a b", "é", "a/b", std::string(129, 'x')}) {
        BOOST_TEST(!couler::is_valid_step_name(bad), bad);
        auto wf = base();
        wf.graph().rename(1, bad);
        wf.rename_template("producer", bad);
        auto ps = check(wf);
        EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[1].name", couler::error::invalid_name, "step name");
        EXPECT_PROBLEM(ps, "$.templates[1].name", couler::error::invalid_name, "template name");
    }
}

BOOST_AUTO_TEST_CASE(parameter_and_artifact_names)
{
    for (const std::string& good : std::vector<std::string>{"a", "A_b-c", "_", "-", std::string(128, 'p')})
        BOOST_TEST(couler::is_valid_io_name(good), good);
    for (const std::string& bad : std::vector<std::string>{"", "a b", "a.b", "é", "{{x}}", std::string(129, 'p')}) {
        BOOST_TEST(!couler::is_valid_io_name(bad), bad);
        auto wf = base();
        wf.find_template("producer")->outputs.parameters[0].name = bad;
        wf.find_template("producer")->outputs.artifacts[0].name = bad;
        couler::parameter wp;
        wp.name = bad;
        wp.value = "v";
        wf.settings.parameters.push_back(wp);
        auto ps = check(wf);
        EXPECT_PROBLEM(ps, "$.templates[1].outputs.parameters[0].name", couler::error::invalid_name, "parameter name");
        EXPECT_PROBLEM(ps, "$.templates[1].outputs.artifacts[0].name", couler::error::invalid_name, "artifact name");
        EXPECT_PROBLEM(ps, "$.settings.parameters[0].name", couler::error::invalid_name, "parameter name");
    }
}

BOOST_AUTO_TEST_CASE(sanitized_names_are_valid)
{
    couler_test::random_workflow_generator gen(99);
    BOOST_TEST(couler::sanitize_step_name("") == "step");
    BOOST_TEST(couler::sanitize_step_name("--") == "step");
    BOOST_TEST(couler::sanitize_step_name("my_step.v2") == "my-step-v2");
    for (int i = 0; i < 2000; ++i) {
        std::string s = gen.hostile();
        BOOST_TEST(couler::is_valid_step_name(couler::sanitize_step_name(s)), s);
    }
}

BOOST_AUTO_TEST_CASE(missing_image_and_locations)
{
    auto wf = base();
    std::get<couler::container_spec>(wf.find_template("producer")->body).image.clear();
    couler::step_template sc;
    sc.name = "script";
    sc.body = couler::script_spec{};
    wf.add_template(sc);
    couler::artifact git, http;
    git.name = "g";
    git.kind = couler::artifact_kind::git;
    http.name = "h";
    http.kind = couler::artifact_kind::http;
    wf.find_template("consumer")->outputs.artifacts = {git, http};
    auto ps = check(wf);
    EXPECT_PROBLEM(ps, "$.templates[1].container.image", couler::error::missing_field, "no image");
    EXPECT_PROBLEM(ps, "$.templates[3].script.image", couler::error::missing_field, "no image");
    EXPECT_PROBLEM(ps, "$.templates[2].outputs.artifacts[0].repo", couler::error::missing_field, "repo");
    EXPECT_PROBLEM(ps, "$.templates[2].outputs.artifacts[1].url", couler::error::missing_field, "url");
    BOOST_TEST(ps.size() == 4u, dump(ps));
    // A cron workflow needs a schedule.
    wf = base();
    wf.settings.cron.emplace();
    EXPECT_PROBLEM(check(wf), "$.settings.cron.schedule", couler::error::missing_field, "");
}

BOOST_AUTO_TEST_CASE(every_problem_is_reported)
{
    // Many independent defects at once: all are reported, not only the first.
    auto wf = base();
    wf.settings.name = "Bad_Name";
    wf.settings.on_exit = "missing";
    std::get<couler::container_spec>(wf.find_template("consumer")->body).image.clear();
    wf.graph().add_step(step("bad name", "nope"));
    wf.graph().add_dependency("b", "a");
    wf.graph()[1].when = "{{tasks.zzz.outputs.result}}";
    auto ps = check(wf);
    EXPECT_PROBLEM(ps, "$.settings.name", couler::error::invalid_name, "");
    EXPECT_PROBLEM(ps, "$.settings.on_exit", couler::error::unknown_reference, "");
    EXPECT_PROBLEM(ps, "$.templates[2].container.image", couler::error::missing_field, "");
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[2].name", couler::error::invalid_name, "");
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[2].template", couler::error::unknown_reference, "");
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps", couler::error::cycle, "");
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[1].when", couler::error::unknown_reference, "zzz");
    try {
        couler::validate_or_throw(wf);
        BOOST_FAIL("validate_or_throw accepted an invalid workflow");
    } catch (const couler::invalid_input& e) {
        BOOST_TEST(e.all().size() == ps.size());
        BOOST_TEST(std::string(e.what()).find("$.settings.name: ") == 0u, e.what());
    }
}

BOOST_AUTO_TEST_CASE(hostile_names_in_paths_and_messages)
{
    // A bad key with quotes and control characters still gives a path that resolves.
    auto wf = base();
    wf.settings.labels["we\"ird\n"] = "x";
    std::get<couler::container_spec>(wf.find_template("producer")->body).args = {"{{inputs.parameters.\"}}"};
    auto ps = check(wf);
    BOOST_TEST(ps.size() == 1u, dump(ps));
}

BOOST_AUTO_TEST_CASE(mutated_random_workflows)
{
    // Random valid workflows, each with one defect planted: validate reports it at its path.
    std::size_t planted = 0;
    for (std::uint64_t seed = 1; seed <= 150; ++seed) {
        auto wf = couler_test::random_workflow(seed);
        BOOST_TEST_REQUIRE(couler::validate(wf).empty(), "seed " << seed);
        auto& ts = wf.templates();
        // The last graph template with at least two steps.
        std::size_t ti = ts.size();
        for (std::size_t i = 0; i < ts.size(); ++i)
            if (ts[i].graph() && ts[i].graph()->size() >= 2)
                ti = i;
        if (ti == ts.size())
            continue;
        auto& g = *ts[ti].graph();
        const std::string gp = "$.templates[" + std::to_string(ti) + "].graph.steps";
        std::size_t v = seed % g.size();
        std::string sp = gp + "[" + std::to_string(v) + "]";
        couler::problems ps;
        switch (seed % 5) {
        case 0:
            g.rename(v, "bad_name." + std::to_string(v));
            ps = couler::validate(wf);
            EXPECT_PROBLEM(ps, sp + ".name", couler::error::invalid_name, "");
            break;
        case 1:
            g[v].template_name = "no-such-template";
            g[v].template_ref_.reset(); // a step with a template_ref or inline names no local template
            g[v].inline_template.clear();
            ps = couler::validate(wf);
            EXPECT_PROBLEM(ps, sp + ".template", couler::error::unknown_reference, "no-such-template");
            break;
        case 2:
            g[v].when = "{{steps.no-such-step.outputs.result}} == 1";
            ps = couler::validate(wf);
            EXPECT_PROBLEM(ps, sp + ".when", couler::error::unknown_reference, "no-such-step");
            break;
        case 3: {
            // Close a cycle through v: v -> first step that v reaches... or a self-loop.
            auto d = couler::descendants(g, v);
            g.add_dependency(d.empty() ? v : d.back(), v);
            ps = couler::validate(wf);
            EXPECT_PROBLEM(ps, gp, couler::error::cycle, g[v].name);
            break;
        }
        default:
            g[v].when = "{{workflow.parameters.no-such-param}} == 1";
            ps = couler::validate(wf);
            EXPECT_PROBLEM(ps, sp + ".when", couler::error::unknown_reference, "no-such-param");
            break;
        }
        auto doc = couler::to_json(wf);
        for (auto& p : ps)
            BOOST_TEST(path_is_in(doc, p.path), p.path);
        ++planted;
    }
    BOOST_TEST(planted > 100u);
}

BOOST_AUTO_TEST_CASE(image_references_follow_the_distribution_grammar)
{
    for (const std::string& good :
         std::vector<std::string>{"alpine", "alpine:3.18", "docker/whalesay:latest", "python:3.11-slim", "couler/python:3.6",
                                  "ghcr.io/org/team/app:v1.2_rc-3", "localhost:5000/my_app__x.y/z-w", "[::1]:5000/app",
                                  "Registry.Example.com/app", "a---b", "app@sha256:" + std::string(64, 'f'),
                                  "app:1@sha256:" + std::string(32, '0'), "{{inputs.parameters.image}}",
                                  "repo/{{workflow.parameters.tag}}"}) {
        BOOST_TEST(couler::is_valid_image_reference(good), good << ": " << couler::image_reference_problem(good));
        auto wf = base();
        std::get<couler::container_spec>(wf.find_template("producer")->body).image = good;
        BOOST_TEST(check(wf).empty(), good << dump(check(wf)));
    }
    // Each bad reference, and the words that say which rule it breaks.
    const std::vector<std::pair<std::string, std::string>> bad{
        {"Python:3.11 slim", "upper-case letter 'P' in 'Python'"},
        {"python:3.11 slim", "invalid tag '3.11 slim'"},
        {"my app", "a space in 'my app'"},
        {"org/App", "upper-case letter 'A'"},
        {"a..b", "path component 'a..b'"},
        {"-a", "path component '-a'"},
        {"a/", "empty path component"},
        {"a//b", "empty path component"},
        {":latest", "no repository name"},
        {"app:", "invalid tag ''"},
        {"app:-x", "invalid tag '-x'"},
        {"app:" + std::string(129, 't'), "invalid tag"},
        {"app@sha256:abc", "invalid digest 'sha256:abc'"},
        {"app@" + std::string(64, 'f'), "invalid digest"},
        {std::string(256, 'a'), "256 characters"},
    };
    for (const auto& [image, words] : bad) {
        BOOST_TEST(!couler::is_valid_image_reference(image), image);
        BOOST_TEST(couler::image_reference_problem(image).find(words) != std::string::npos,
                   image << ": " << couler::image_reference_problem(image));
        auto wf = base();
        std::get<couler::container_spec>(wf.find_template("producer")->body).image = image;
        auto ps = check(wf);
        BOOST_TEST(ps.size() == 1u, image << dump(ps));
        // The message names the template and shows the image as written.
        EXPECT_PROBLEM(ps, "$.templates[1].container.image", couler::error::bad_value,
                       "template 'producer': image '" + image + "' is not a valid image reference");
    }
    // Sidecars and scripts are checked too.
    auto wf = base();
    couler::user_container side;
    side.container.name = "side";
    side.container.image = "Nginx";
    wf.find_template("producer")->sidecars.push_back(side);
    couler::step_template sc;
    sc.name = "script";
    couler::script_spec body;
    body.container.image = "python 3";
    sc.body = body;
    wf.add_template(sc);
    auto ps = check(wf);
    EXPECT_PROBLEM(ps, "$.templates[1].sidecars[0].image", couler::error::bad_value, "image 'Nginx'");
    EXPECT_PROBLEM(ps, "$.templates[3].script.image", couler::error::bad_value, "template 'script': image 'python 3'");
}

BOOST_AUTO_TEST_CASE(invalid_names_say_which_rule_they_break)
{
    BOOST_TEST(couler::step_name_problem("ok-Name-1").empty());
    BOOST_TEST(couler::step_name_problem("") == "is empty");
    BOOST_TEST(couler::step_name_problem("train_model").find("'_' at position 6") != std::string::npos);
    BOOST_TEST(couler::step_name_problem("-a").find("starts with '-'") != std::string::npos);
    BOOST_TEST(couler::step_name_problem(std::string(129, 'x')).find("129 characters long, more than 128") !=
               std::string::npos);
    BOOST_TEST(couler::workflow_name_problem("train-pipeline-v2").empty());
    BOOST_TEST(couler::workflow_name_problem("Train_Pipeline v2!").find("upper-case letter 'T' at position 1") !=
               std::string::npos);
    BOOST_TEST(couler::workflow_name_problem("train_pipeline").find("'_' at position 6") != std::string::npos);
    BOOST_TEST(couler::workflow_name_problem(std::string(64, 'w')).find("64 characters long, more than 63") !=
               std::string::npos);
    BOOST_TEST(couler::workflow_name_problem("flow-").find("ends with '-'") != std::string::npos);
    BOOST_TEST(couler::io_name_problem("a b").find("' ' at position 2") != std::string::npos);
    BOOST_TEST(couler::io_name_problem(std::string("a\x01", 2)).find("byte 0x01") != std::string::npos);
    // A message quotes a whole UTF-8 character, never one byte of it: it must stay valid UTF-8
    // (the JSON reader's problem report failed to serialise "image '\xc3' ..." once).
    BOOST_TEST(couler::step_name_problem("caf\xc3\xa9").find("'\xc3\xa9' at position 4") != std::string::npos);
    BOOST_TEST(couler::image_reference_problem("\xc3\xa9\xe4\xb8\xad").find("has '\xc3\xa9' in") != std::string::npos);
    BOOST_TEST(couler::step_name_problem("a\xc3").find("byte 0xc3 at position 2") != std::string::npos);

    auto wf = base();
    wf.graph().rename(1, "my_step");
    wf.rename_template("producer", "Prod Template");
    auto ps = check(wf);
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[1].name", couler::error::invalid_name,
                   "step name 'my_step' is invalid: it contains '_' at position 3");
    EXPECT_PROBLEM(ps, "$.templates[1].name", couler::error::invalid_name,
                   "template name 'Prod Template' is invalid: it contains ' ' at position 5");
}

BOOST_AUTO_TEST_CASE(unknown_outputs_list_the_existing_ones)
{
    auto wf = base();
    wf.graph()[1].arguments[0].value = "{{tasks.a.outputs.parameters.accuracy}}";
    wf.graph()[1].artifact_arguments[0].from = "{{tasks.a.outputs.artifacts.weights}}";
    auto ps = check(wf);
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[1].arguments[0].value", couler::error::unknown_reference,
                   "has no output parameter 'accuracy' (its output parameters: msg)");
    EXPECT_PROBLEM(ps, "$.templates[0].graph.steps[1].artifact_arguments[0].from", couler::error::unknown_reference,
                   "has no output artifact 'weights' (its output artifacts: model)");
    wf.find_template("producer")->outputs.parameters.clear();
    EXPECT_PROBLEM(check(wf), "$.templates[0].graph.steps[1].arguments[0].value", couler::error::unknown_reference,
                   "has no output parameter 'accuracy' (it has none)");
}

BOOST_AUTO_TEST_CASE(image_path_components_from_free_text)
{
    BOOST_TEST(couler::image_path_component("mProject_ID0001") == "mproject-id0001");
    BOOST_TEST(couler::image_path_component("__x y__") == "x-y");
    BOOST_TEST(couler::image_path_component("", "task") == "task");
    BOOST_TEST(couler::image_path_component("___", "task") == "task");
    couler_test::random_workflow_generator gen(7);
    for (int i = 0; i < 2000; ++i) {
        std::string s = gen.hostile();
        BOOST_TEST(couler::is_valid_image_reference("workload/" + couler::image_path_component(s)), s);
    }
}
