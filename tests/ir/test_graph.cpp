// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The step graph and the workflow's template library, and instantiation with a platform's
// own per-step and per-artifact data.
#include <couler/ir/graph.hpp>

#include <couler/ir/json.hpp>
#include <couler/ir/valid_names.hpp>
#include <couler/ir/validate.hpp>
#include <couler/ir/workflow.hpp>

#include "print.hpp"

#define BOOST_TEST_MODULE ir_graph
#include <boost/test/unit_test.hpp>

#include <boost/graph/topological_sort.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

#include <iterator>
#include <stdexcept>
#include <type_traits>
#include <vector>

using couler::dependency_kind;

namespace {

couler::step make_step(std::string name, std::string tmpl = "t")
{
    couler::step s;
    s.name = std::move(name);
    s.template_name = std::move(tmpl);
    return s;
}

couler::graph abc()
{
    couler::graph g;
    g.add_step(make_step("a"));
    g.add_step(make_step("b"));
    g.add_step(make_step("c"));
    return g;
}

couler::step_template leaf(std::string name)
{
    couler::step_template t;
    t.name = std::move(name);
    couler::container_spec c;
    c.image = "alpine:3";
    t.body = c;
    return t;
}

} // namespace

BOOST_AUTO_TEST_CASE(add_step_find_at)
{
    couler::graph g;
    BOOST_TEST(g.empty());
    BOOST_TEST(g.add_step(make_step("a")) == 0u);
    BOOST_TEST(g.add_step(make_step("b")) == 1u);
    BOOST_TEST(g.add_step(make_step("A")) == 2u); // names are case-sensitive
    BOOST_TEST(g.size() == 3u);
    BOOST_TEST(!g.empty());
    BOOST_TEST(g.find("b").value() == 1u);
    BOOST_TEST(!g.find("c").has_value());
    BOOST_TEST(!g.find("").has_value());
    BOOST_TEST(g.at("A") == 2u);
    BOOST_CHECK_THROW(g.at("nope"), std::invalid_argument);
    BOOST_TEST(g[1].name == "b");
    g[1].when = "x";
    BOOST_TEST(static_cast<const couler::graph&>(g)[1].when == "x");
}

BOOST_AUTO_TEST_CASE(duplicate_step_is_refused_and_graph_unchanged)
{
    auto g = abc();
    auto s = make_step("b", "other");
    BOOST_CHECK_THROW(g.add_step(s), std::invalid_argument);
    BOOST_TEST(g.size() == 3u);
    BOOST_TEST(g[g.at("b")].template_name == "t");
}

BOOST_AUTO_TEST_CASE(dependencies)
{
    auto g = abc();
    BOOST_TEST(g.add_dependency(0, 2));
    BOOST_TEST(g.add_dependency("b", "c", dependency_kind::data));
    BOOST_TEST(!g.add_dependency("a", "c")); // already present
    BOOST_TEST(g.edge_count() == 2u);
    BOOST_CHECK_THROW(g.add_dependency("a", "zzz"), std::invalid_argument);
    BOOST_CHECK_THROW(g.add_dependency("zzz", "a"), std::invalid_argument);
    BOOST_TEST(g.edge_count() == 2u);

    BOOST_TEST((g.predecessors(2) == std::vector<std::size_t>{0, 1})); // insertion order
    BOOST_TEST(g.predecessors(0).empty());
    BOOST_TEST((g.successors(0) == std::vector<std::size_t>{2}));
    BOOST_TEST(g.successors(2).empty());
    BOOST_TEST((g.dependency_between(0, 2) == dependency_kind::explicit_));
    BOOST_TEST((g.dependency_between(1, 2) == dependency_kind::data));
    BOOST_TEST(!g.dependency_between(2, 0).has_value()); // edges are directed
    BOOST_TEST(!g.dependency_between(0, 1).has_value());
}

BOOST_AUTO_TEST_CASE(dependency_kind_upgrades_from_order_only)
{
    auto g = abc();
    BOOST_TEST(g.add_dependency(0, 1, dependency_kind::order));
    BOOST_TEST(!g.add_dependency(0, 1, dependency_kind::data));
    BOOST_TEST((g.dependency_between(0, 1) == dependency_kind::data));
    BOOST_TEST(!g.add_dependency(0, 1, dependency_kind::order)); // no downgrade
    BOOST_TEST((g.dependency_between(0, 1) == dependency_kind::data));
    BOOST_TEST(!g.add_dependency(0, 1, dependency_kind::explicit_)); // data stays data
    BOOST_TEST((g.dependency_between(0, 1) == dependency_kind::data));
    BOOST_TEST(g.add_dependency(1, 2, dependency_kind::order));
    BOOST_TEST(!g.add_dependency(1, 2, dependency_kind::explicit_));
    BOOST_TEST((g.dependency_between(1, 2) == dependency_kind::explicit_));
    BOOST_TEST(g.edge_count() == 2u);
}

BOOST_AUTO_TEST_CASE(rename_keeps_the_index)
{
    auto g = abc();
    g.add_dependency("a", "b");
    g.rename(g.at("b"), "bee");
    BOOST_TEST(!g.find("b").has_value());
    BOOST_TEST(g.at("bee") == 1u);
    BOOST_TEST(g[1].name == "bee");
    BOOST_TEST((g.predecessors(g.at("bee")) == std::vector<std::size_t>{0}));
    g.rename(1, "bee"); // to itself: nothing happens
    BOOST_TEST(g.at("bee") == 1u);
    BOOST_CHECK_THROW(g.rename(1, "a"), std::invalid_argument);
    BOOST_TEST(g[1].name == "bee"); // unchanged after the failed rename
    BOOST_TEST(g.at("a") == 0u);
    BOOST_TEST(g.at("bee") == 1u);
    // The freed name can be reused.
    BOOST_TEST(g.add_step(make_step("b")) == 3u);
}

BOOST_AUTO_TEST_CASE(structural_equality)
{
    auto g1 = abc(), g2 = abc();
    BOOST_TEST((g1 == g2));
    g1.add_dependency("a", "c");
    BOOST_TEST((g1 != g2));
    g2.add_dependency("a", "c", dependency_kind::data);
    BOOST_TEST((g1 != g2)); // same edge, other kind
    g2 = abc();
    g2.add_dependency("a", "c");
    BOOST_TEST((g1 == g2));

    // Predecessor order is part of the structure (it is what the JSON lists).
    g1.add_dependency("b", "c");
    auto g3 = abc();
    g3.add_dependency("b", "c");
    g3.add_dependency("a", "c");
    BOOST_TEST((g1 != g3));

    auto g4 = abc();
    g4.style = couler::graph_style::dag;
    BOOST_TEST((g4 != abc()));
    auto g5 = abc();
    g5[2].cost_seconds = 3.5;
    BOOST_TEST((g5 != abc()));
    auto g6 = abc();
    g6[0].extensions["argo"] = boost::json::object{{"x", 1}};
    BOOST_TEST((g6 != abc()));
    auto g7 = abc();
    g7.add_step(make_step("d"));
    BOOST_TEST((g7 != abc()));
    // Copies are equal and independent.
    auto g8 = g1;
    BOOST_TEST((g8 == g1));
    g8.rename(0, "z");
    BOOST_TEST(g1.find("a").has_value());
    BOOST_TEST(!g1.find("z").has_value());
    BOOST_TEST(g8.find("z").has_value());
}

BOOST_AUTO_TEST_CASE(boost_graph_algorithms_apply)
{
    auto g = abc();
    g.add_dependency("c", "a");
    g.add_dependency("a", "b");
    std::vector<std::size_t> rev;
    boost::topological_sort(g.boost_graph(), std::back_inserter(rev));
    BOOST_TEST((rev == std::vector<std::size_t>{1, 0, 2})); // reverse topological order
    BOOST_TEST(boost::num_vertices(g.boost_graph()) == 3u);
}

BOOST_AUTO_TEST_CASE(workflow_constructor_makes_an_entry_graph)
{
    couler::workflow wf("diamond", couler::graph_style::dag);
    BOOST_TEST(wf.settings.name == "diamond");
    BOOST_TEST(wf.entrypoint == "diamond");
    BOOST_TEST(wf.templates().size() == 1u);
    BOOST_TEST(wf.graph().style == couler::graph_style::dag);
    BOOST_TEST(wf.graph().empty());
    BOOST_TEST(wf.display_name() == "diamond");
    wf.settings.name.clear();
    wf.settings.generate_name = "diamond-";
    BOOST_TEST(wf.display_name() == "diamond-");
    wf.settings.generate_name.clear();
    BOOST_TEST(wf.display_name() == "diamond");
}

BOOST_AUTO_TEST_CASE(templates_add_find_rename)
{
    couler::workflow wf("main");
    wf.add_template(leaf("echo"));
    wf.add_template(leaf("B"));
    BOOST_CHECK_THROW(wf.add_template(leaf("echo")), std::invalid_argument);
    BOOST_TEST(wf.templates().size() == 3u);
    BOOST_TEST(wf.find_template("echo") != nullptr);
    BOOST_TEST(wf.find_template("ECHO") == nullptr);
    const auto& cwf = wf;
    BOOST_TEST(cwf.find_template("B")->name == "B");

    // A second graph template, invoking echo too: rename must reach every graph.
    couler::step_template sub;
    sub.name = "sub";
    couler::graph sg;
    sg.add_step(make_step("inner", "echo"));
    sub.body = sg;
    wf.add_template(sub);
    wf.graph().add_step(make_step("x", "echo"));
    wf.graph().add_step(make_step("y", "B"));
    wf.graph().add_step(make_step("z", "sub"));
    wf.settings.on_exit = "echo";
    BOOST_TEST(wf.template_of(wf.graph()[0]) == wf.find_template("echo"));

    wf.rename_template("echo", "say");
    BOOST_TEST(wf.find_template("echo") == nullptr);
    BOOST_TEST(wf.find_template("say") != nullptr);
    BOOST_TEST(wf.graph()[0].template_name == "say");
    BOOST_TEST(wf.graph()[1].template_name == "B");
    BOOST_TEST((*wf.find_template("sub")->graph())[0].template_name == "say");
    BOOST_TEST(wf.settings.on_exit == "say");
    BOOST_TEST(wf.templates()[1].name == "say"); // keeps its place

    wf.rename_template("main", "entry");
    BOOST_TEST(wf.entrypoint == "entry");
    BOOST_TEST(wf.graph().size() == 3u);

    BOOST_CHECK_THROW(wf.rename_template("nope", "x"), std::invalid_argument);
    BOOST_CHECK_THROW(wf.rename_template("say", "B"), std::invalid_argument);
    BOOST_TEST(wf.find_template("say") != nullptr);
    BOOST_TEST(wf.find_template("B") != nullptr);
    wf.rename_template("say", "say"); // no-op
    BOOST_TEST(wf.find_template("say") != nullptr);
}

BOOST_AUTO_TEST_CASE(move_template_keeps_the_index)
{
    couler::workflow wf("main");
    wf.add_template(leaf("a"));
    wf.add_template(leaf("b"));
    wf.move_template("b", 0);
    BOOST_TEST(wf.templates()[0].name == "b");
    BOOST_TEST(wf.templates()[1].name == "main");
    BOOST_TEST(wf.find_template("b") == &wf.templates()[0]);
    BOOST_TEST(wf.find_template("main") == &wf.templates()[1]);
    BOOST_TEST(wf.find_template("a") == &wf.templates()[2]);
    wf.move_template("b", 99); // clamped to the end
    BOOST_TEST(wf.templates()[2].name == "b");
    BOOST_TEST(wf.find_template("b") == &wf.templates()[2]);
    BOOST_TEST(wf.find_template("main") == &wf.templates()[0]);
    BOOST_CHECK_THROW(wf.move_template("zz", 0), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(graph_of_a_non_graph_entry_throws)
{
    couler::workflow wf;
    BOOST_CHECK_THROW(wf.graph(), std::logic_error); // no entrypoint
    wf.add_template(leaf("a"));
    wf.entrypoint = "a";
    BOOST_CHECK_THROW(wf.graph(), std::logic_error); // not a graph
    const auto& c = wf;
    BOOST_CHECK_THROW(c.graph(), std::logic_error);
}

BOOST_AUTO_TEST_CASE(workflow_equality)
{
    couler::workflow a("w"), b("w");
    BOOST_TEST((a == b));
    a.graph().add_step(make_step("s"));
    BOOST_TEST((a != b));
    b.graph().add_step(make_step("s"));
    BOOST_TEST((a == b));
    b.secrets.push_back({"creds", "", {"k"}});
    BOOST_TEST((a != b));
    b.secrets.clear();
    b.extensions["x"] = 1;
    BOOST_TEST((a != b));
    b.extensions.clear();
    b.add_template(leaf("t"));
    BOOST_TEST((a != b));
    a.add_template(leaf("t"));
    BOOST_TEST((a == b));
    std::get<couler::container_spec>(a.find_template("t")->body).image = "other";
    BOOST_TEST((a != b));
}

// ---------------------------------------------------------------- a platform's own data

namespace platform {

struct step_data {
    std::string owner;
    int priority = 0;
    std::vector<std::string> tags;
    friend bool operator==(const step_data& a, const step_data& b)
    {
        return a.owner == b.owner && a.priority == b.priority && a.tags == b.tags;
    }
};

struct artifact_data {
    std::string uri;
    double score = 0;
    friend bool operator==(const artifact_data& a, const artifact_data& b) { return a.uri == b.uri && a.score == b.score; }
};

void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const step_data& d)
{
    boost::json::array tags;
    for (auto& t : d.tags)
        tags.emplace_back(t);
    v = boost::json::object{{"owner", d.owner}, {"priority", d.priority}, {"tags", std::move(tags)}};
}
step_data tag_invoke(boost::json::value_to_tag<step_data>, const boost::json::value& v)
{
    const auto& o = v.as_object(); // throws on the wrong type: the reader reports it
    step_data d;
    d.owner = std::string(o.at("owner").as_string());
    d.priority = static_cast<int>(o.at("priority").as_int64());
    for (auto& t : o.at("tags").as_array())
        d.tags.emplace_back(t.as_string());
    return d;
}
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const artifact_data& d)
{
    v = boost::json::object{{"uri", d.uri}, {"score", d.score}};
}
artifact_data tag_invoke(boost::json::value_to_tag<artifact_data>, const boost::json::value& v)
{
    const auto& o = v.as_object();
    return artifact_data{std::string(o.at("uri").as_string()), o.at("score").to_number<double>()};
}

using workflow = couler::basic_workflow<step_data, artifact_data>;

} // namespace platform

BOOST_AUTO_TEST_CASE(custom_step_and_artifact_data)
{
    platform::workflow wf("custom", couler::graph_style::dag);
    using tmpl = platform::workflow::template_type;
    tmpl t;
    t.name = "train";
    t.body = couler::container_spec{"trainer:1", std::nullopt, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}};
    platform::workflow::artifact_type model;
    model.name = "model";
    model.kind = couler::artifact_kind::s3;
    model.bucket = "b";
    model.data = {"s3://b/model", 0.5};
    t.outputs.artifacts.push_back(model);
    wf.add_template(t);

    platform::workflow::step_type s;
    s.name = "train";
    s.template_name = "train";
    s.data = {"team-a", 3, {"gpu", "nightly"}};
    auto v = wf.graph().add_step(s);
    platform::workflow::step_type s2 = s;
    s2.name = "eval";
    s2.data.priority = 1;
    platform::workflow::artifact_type in = model;
    in.from = "{{tasks.train.outputs.artifacts.model}}";
    in.data.score = 0.25;
    s2.artifact_arguments.push_back(in);
    auto v2 = wf.graph().add_step(s2);
    wf.graph().add_dependency(v, v2, dependency_kind::data);
    BOOST_TEST(wf.graph()[v].data.owner == "team-a");

    // The data is part of equality...
    auto copy = wf;
    BOOST_TEST((copy == wf));
    copy.graph()[v].data.priority = 4;
    BOOST_TEST((copy != wf));
    copy = wf;
    copy.find_template("train")->outputs.artifacts[0].data.uri = "x";
    BOOST_TEST((copy != wf));

    // ...and of the JSON, which round trips.
    auto doc = couler::to_json(wf);
    const auto& steps = doc.at("templates").at(0).at("graph").at("steps");
    BOOST_TEST(steps.at(0).at("data").at("owner").as_string() == "team-a");
    BOOST_TEST(steps.at(1).at("artifact_arguments").at(0).at("data").at("score").as_double() == 0.25);
    auto back = couler::parse_workflow<platform::step_data, platform::artifact_data>(couler::to_json_string(wf));
    BOOST_TEST((back == wf));
    BOOST_TEST(couler::to_json_string(back) == couler::to_json_string(wf));

    // The default instantiation refuses data it cannot hold, naming the field.
    couler::problems ps;
    couler::parse_workflow(couler::to_json_string(wf), ps);
    BOOST_TEST_REQUIRE(ps.size() == 4u); // two steps, an artifact argument and an output artifact carry data
    BOOST_TEST(ps[0].code == couler::error::unknown_field);
    BOOST_TEST(ps[0].path == "$.templates[0].graph.steps[0].data");

    // Unreadable data is a problem with its path, not an exception.
    auto bad = doc;
    bad.at("templates").at(0).at("graph").at("steps").at(1).as_object()["data"] = "not an object";
    ps.clear();
    couler::workflow_from_json<platform::step_data, platform::artifact_data>(bad, ps);
    BOOST_TEST_REQUIRE(ps.size() == 1u);
    BOOST_TEST(ps[0].path == "$.templates[0].graph.steps[1].data");
    BOOST_TEST(ps[0].code == couler::error::bad_value);
}

// boost::adjacency_list has no move constructor: a defaulted move would copy every step, and
// std::vector<step_template> would copy whole templates when it grows.
static_assert(std::is_nothrow_move_constructible_v<couler::graph>, "moving a graph must not copy it");
static_assert(std::is_nothrow_move_constructible_v<couler::step_template>, "vector<step_template> must move");

BOOST_AUTO_TEST_CASE(moving_a_graph_moves_its_steps)
{
    couler::graph g = abc();
    g.add_dependency(0, 1);
    g.fail_fast = false;
    g.target = "c";
    const couler::step* first = &g[0];
    couler::graph h(std::move(g));
    BOOST_TEST(&h[0] == first); // the same storage: nothing was copied
    BOOST_TEST(h.size() == 3u);
    BOOST_TEST(h.at("c") == 2u);
    BOOST_TEST(h.predecessors(1).size() == 1u);
    BOOST_TEST(h.target == "c");
    BOOST_TEST(*h.fail_fast == false);
    // The moved-from graph is empty and usable.
    BOOST_TEST(g.size() == 0u);
    BOOST_TEST(!g.find("a").has_value());
    g.add_step(make_step("a"));
    BOOST_TEST(g.size() == 1u);

    couler::graph k = abc();
    k.add_step(make_step("d"));
    k = std::move(h);
    BOOST_TEST(&k[0] == first);
    BOOST_TEST(k.size() == 3u);
    BOOST_TEST(!k.find("d").has_value());
    couler::graph copy = k; // copies stay deep
    copy[0].when = "changed";
    BOOST_TEST(k[0].when.empty());

    // A reference to the Boost graph of a new (empty) graph sees the steps added later.
    couler::graph e;
    const auto& bg = static_cast<const couler::graph&>(e).boost_graph();
    e.add_step(make_step("x"));
    BOOST_TEST(boost::num_vertices(bg) == 1u);
    couler::graph e2;
    BOOST_TEST(&static_cast<const couler::graph&>(e2).boost_graph() != &bg);
}

BOOST_AUTO_TEST_CASE(make_names_valid_renames_and_follows_references)
{
    // As a WfCommons file names things: tasks and templates with '_', files with '.'.
    couler::workflow wf("main", couler::graph_style::dag);
    couler::step_template t = leaf("cpu_hog");
    couler::artifact out;
    out.name = "f_1.txt";
    out.path = "/tmp/f_1.txt";
    t.outputs.artifacts.push_back(out);
    couler::artifact in;
    in.name = "f_1.txt";
    in.path = "/tmp/in.txt";
    t.inputs.artifacts.push_back(in);
    wf.add_template(t);
    wf.add_template(leaf("cpu-hog")); // what cpu_hog would become: the rename must not collide
    couler::artifact global;
    global.name = "kept";
    wf.artifacts.push_back(global);
    couler::step_template defaults;
    defaults.timeout = "1m";
    wf.template_defaults.push_back(defaults);
    auto& g = wf.graph();
    g.add_step(make_step("task_1", "cpu_hog"));
    couler::step s2 = make_step("task_2", "cpu_hog");
    couler::artifact arg;
    arg.name = "f_1.txt";
    arg.from = "{{tasks.task_1.outputs.artifacts.f_1.txt}}";
    s2.artifact_arguments.push_back(arg);
    g.add_step(s2);
    g.add_step(make_step("task-2", "cpu-hog")); // taken: task_2 becomes task-2-2
    g.add_dependency(0, 1);

    std::size_t n = couler::make_names_valid(wf);
    BOOST_TEST(n == 6u); // 1 template, 2 steps, 2 declared artifacts, 1 artifact argument
    auto ps = couler::validate(wf);
    BOOST_TEST(ps.empty(), (ps.empty() ? std::string() : ps.front().to_string()));
    BOOST_TEST(wf.find_template("cpu-hog-2") != nullptr);
    BOOST_TEST(wf.find_template("cpu-hog") != nullptr);
    const auto& h = wf.graph();
    BOOST_TEST(h[h.at("task-1")].template_name == "cpu-hog-2");
    BOOST_TEST(h[h.at("task-2")].template_name == "cpu-hog");
    BOOST_TEST(h[h.at("task-2-2")].template_name == "cpu-hog-2");
    BOOST_TEST(h.predecessors(h.at("task-2-2")).size() == 1u);
    const auto& a = h[h.at("task-2-2")].artifact_arguments.at(0);
    BOOST_TEST(a.name == "f_1-txt");
    BOOST_TEST(a.from == "{{steps.task-1.outputs.artifacts.f_1-txt}}"); // the IR's form of the reference
    BOOST_TEST(wf.find_template("cpu-hog-2")->outputs.artifacts.at(0).name == "f_1-txt");
    // Nothing else is lost in the rebuild.
    BOOST_TEST(wf.artifacts.size() == 1u);
    BOOST_TEST(wf.template_defaults.at(0).timeout == "1m");
    BOOST_TEST(wf.entrypoint == "main");
    // Valid names are left alone.
    BOOST_TEST(couler::make_names_valid(wf) == 0u);
}

BOOST_AUTO_TEST_CASE(make_names_valid_keeps_limits_uniqueness_and_hooks)
{
    couler::workflow wf("main", couler::graph_style::dag);
    couler::step_template t = leaf("t");
    for (const char* n : {"a.txt", "a-txt"}) { // both would become a-txt
        couler::artifact in;
        in.name = n;
        in.path = std::string("/tmp/") + n;
        t.inputs.artifacts.push_back(in);
    }
    couler::artifact x;
    x.name = "x";
    x.path = "/tmp/x";
    t.outputs.artifacts.push_back(x);
    wf.add_template(t);
    wf.add_template(leaf("on_exit_t"));
    wf.settings.on_exit = "on_exit_t";
    couler::lifecycle_hook hook;
    hook.template_name = "on_exit_t";
    wf.settings.hooks["exit"] = hook;
    auto& g = wf.graph();
    const std::string long_a = std::string(127, 'a');
    g.add_step(make_step(long_a + "-", "t")); // valid, 128 characters
    couler::step s = make_step(long_a + "_", "t"); // sanitised to the same name: needs a suffix
    for (const char* n : {"a.txt", "a-txt"}) {
        couler::artifact arg;
        arg.name = n;
        arg.from = "{{steps." + long_a + "-.outputs.artifacts.x}}";
        s.artifact_arguments.push_back(arg);
    }
    s.hooks["done"] = hook;
    g.add_step(s);
    g.add_dependency(0, 1);

    couler::make_names_valid(wf);
    auto ps = couler::validate(wf);
    BOOST_TEST(ps.empty(), (ps.empty() ? std::string() : ps.front().to_string()));
    const auto& h = wf.graph();
    BOOST_TEST(h[1].name == std::string(126, 'a') + "-2");
    const auto& ins = wf.find_template("t")->inputs.artifacts;
    BOOST_TEST(ins.at(0).name == "a-txt-2"); // the valid a-txt keeps its name
    BOOST_TEST(ins.at(1).name == "a-txt");
    // Arguments follow their template's inputs.
    BOOST_TEST(h[1].artifact_arguments.at(0).name == "a-txt-2");
    BOOST_TEST(h[1].artifact_arguments.at(1).name == "a-txt");
    // Hooks and the exit handler follow the renamed template.
    BOOST_TEST(wf.settings.on_exit == "on-exit-t");
    BOOST_TEST(wf.settings.hooks.at("exit").template_name == "on-exit-t");
    BOOST_TEST(h[1].hooks.at("done").template_name == "on-exit-t");
}
