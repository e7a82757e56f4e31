// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#include <couler/optimize/split/argo.hpp>

#include "hierarchy_walk.hpp"

#define BOOST_TEST_MODULE split_argo
#include <boost/test/unit_test.hpp>

#include <couler/ir/validate.hpp>

#include <algorithm>
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
    check_with_tools(r, fs::path(COULER_TEST_OUT_DIR) / "steps");
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
    // the byte budget holds for the parent too (split into intermediate parents if need be)
    BOOST_TEST(r.parent_yaml.size() <= o.limits.max_bytes);
    for (const auto& l : r.levels)
        for (const auto& y : l.yaml)
            BOOST_TEST(y.size() <= o.limits.max_bytes);
    check_with_tools(r, fs::path(COULER_TEST_OUT_DIR) / "bytes");
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
    // keep_cyclic: the children as Argo YAML (and IR), the cycle, no parent
    o.keep_cyclic = true;
    o.mode = sp::child_mode::templates;
    auto cy = sp::split_to_argo(wf, o);
    BOOST_TEST(!cy.summary.acyclic);
    BOOST_TEST(!cy.has_parent());
    BOOST_TEST(cy.summary.cycle.size() == 2u);
    BOOST_TEST(cy.parent_yaml.empty());
    BOOST_TEST(cy.levels.empty());
    BOOST_TEST_REQUIRE(cy.children_yaml.size() == 2u);
    for (const auto& y : cy.children_yaml)
        BOOST_TEST(y.find("kind: WorkflowTemplate") != std::string::npos); // the mode is honoured
    std::vector<std::string> names;
    sp::for_each_document(cy, sp::document_format::argo_yaml,
                          [&](const sp::document_id&, const std::string& name, const std::string&) { names.push_back(name); });
    BOOST_TEST((names == std::vector<std::string>{"part-0001.yaml", "part-0002.yaml"}));
    o.keep_cyclic = false;
    o.mode = sp::child_mode::automatic;
    o.how = sp::method::refined;
    auto r = sp::split_to_argo(wf, o);
    BOOST_TEST(r.summary.acyclic);
    BOOST_TEST(r.parts.parts == 2u);
}

BOOST_AUTO_TEST_CASE(a_budget_of_zero_is_refused)
{
    auto wf = sample(20, 1);
    for (int which = 0; which < 3; ++which) {
        sp::argo_split_options o;
        (which == 0 ? o.limits.max_steps : which == 1 ? o.limits.max_bytes : o.limits.max_pods) = 0;
        BOOST_CHECK_THROW(sp::split_to_argo(wf, o), std::invalid_argument);
    }
}

BOOST_AUTO_TEST_CASE(documents_over_a_budget_are_listed)
{
    using role = sp::document_id::role;
    // One step's template alone is over the byte budget: its child is over, and only it. (Its
    // estimate was high, not low: re-splitting used to scale every estimate down by it, and the
    // last round overfilled other children.)
    auto wf = sample(300, 5);
    {
        couler::step_template h = *wf.find_template("work");
        h.name = "huge";
        std::get<couler::container_spec>(h.body).args = {std::string(30000, 'y')};
        wf.add_template(h);
        wf.graph()[1].template_name = "huge";
    }
    sp::argo_split_options o;
    o.limits.max_steps = sp::unlimited;
    o.limits.max_bytes = 24 * 1024;
    auto r = sp::split_to_argo(wf, o);
    BOOST_TEST(r.summary.acyclic);
    const auto huge_child = r.parts.part_of[1];
    BOOST_TEST_REQUIRE(r.over.size() == 1u);
    BOOST_TEST((r.over[0].doc.what == role::child));
    BOOST_TEST(r.over[0].doc.index == huge_child);
    BOOST_TEST(r.over[0].budget == "bytes");
    BOOST_TEST(r.over[0].size == r.children_yaml[huge_child].size());
    BOOST_TEST(r.over[0].limit == o.limits.max_bytes);
    BOOST_TEST(sp::file_stem(r.over[0].doc) == "part-" + std::string(huge_child + 1 < 10 ? "000" : "00") +
                                                   std::to_string(huge_child + 1));
    for (std::size_t i = 0; i < r.children_yaml.size(); ++i)
        if (i != huge_child)
            BOOST_TEST(r.children_yaml[i].size() <= o.limits.max_bytes, "child " << i << ": " << r.children_yaml[i].size());
    BOOST_TEST(r.parent_yaml.size() <= o.limits.max_bytes);

    // Within budgets: nothing listed.
    auto ok = sp::split_to_argo(sample(300, 5), o);
    BOOST_TEST(ok.over.empty());

    // Inline children: the parent holds them all and is never split, so it is over.
    auto wf2 = sample(450, 11);
    sp::argo_split_options in;
    in.limits.max_steps = 100;
    in.mode = sp::child_mode::inline_workflows;
    auto probe = sp::split_to_argo(wf2, in);
    BOOST_TEST(probe.over.empty());
    in.limits.max_bytes = 2 * probe.largest_child_bytes;
    auto big = sp::split_to_argo(wf2, in);
    BOOST_TEST(!big.templates);
    BOOST_TEST_REQUIRE(big.over.size() == 1u);
    BOOST_TEST((big.over[0].doc.what == role::parent));
    BOOST_TEST(sp::file_stem(big.over[0].doc) == "parent");
    BOOST_TEST(big.over[0].size == big.parent_yaml.size());
    BOOST_TEST(big.over[0].size > in.limits.max_bytes);

    // Pods: a loop of 9 items under a budget of 5 pods gets a child of its own, over.
    auto wf3 = sample(40, 2);
    for (int k = 0; k < 9; ++k)
        wf3.graph()[0].with_items.emplace_back(k);
    sp::argo_split_options po;
    po.limits.max_pods = 5;
    auto p = sp::split_to_argo(wf3, po);
    BOOST_TEST_REQUIRE(p.over.size() == 1u);
    BOOST_TEST(p.over[0].budget == "pods");
    BOOST_TEST(p.over[0].size == 9u);
    BOOST_TEST(p.over[0].limit == 5u);
    BOOST_TEST(p.over[0].doc.index == p.parts.part_of[0]);
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
    check_with_tools(r, fs::path(COULER_TEST_OUT_DIR) / "templates");

    // automatic: inline while the inline parent fits the byte budget, templates past it
    o.mode = sp::child_mode::automatic;
    BOOST_TEST(!sp::split_to_argo(wf, o).templates);
    o.limits.max_bytes = 100 * 1024;
    auto big = sp::split_to_argo(wf, o);
    BOOST_TEST(big.templates);
    BOOST_TEST(big.parent_yaml.size() <= o.limits.max_bytes);
}

namespace {

// Writes every document of a (possibly hierarchical) split and runs validate.py (WorkflowTemplate
// schema for children and intermediate parents, Workflow for the top) and lint_argo.py, one
// process per tool and schema.
void check_hierarchy_with_tools(const sp::argo_split<couler::no_data, couler::no_data>& r, const fs::path& dir)
{
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string templates, all;
    auto put = [&](const std::string& name, const std::string& text, bool is_template) {
        auto f = dir / name;
        std::ofstream(f) << text;
        (is_template ? templates : all) += " " + f.string();
    };
    for (std::size_t i = 0; i < r.children_yaml.size(); ++i)
        put("part-" + std::to_string(i + 1) + ".yaml", r.children_yaml[i], true);
    for (std::size_t l = 0; l < r.levels.size(); ++l)
        for (std::size_t i = 0; i < r.levels[l].yaml.size(); ++i)
            put("parent-" + std::to_string(l + 1) + "-" + std::to_string(i + 1) + ".yaml", r.levels[l].yaml[i], true);
    put("parent.yaml", r.parent_yaml, false);
    const std::string py = "/usr/bin/python3 ";
    BOOST_TEST(run(py + shared + "/tools/validate.py " + shared + "/schemas/workflowtemplate_v1alpha1.json" + templates +
                   " > " + (dir / "validate.log").string() + " 2>&1") == 0,
               "validate.py failed on children or intermediate parents, see " << (dir / "validate.log"));
    BOOST_TEST(run(py + shared + "/tools/validate.py " + shared + "/schemas/workflow_v1alpha1.json" + all + " > " +
                   (dir / "validate-top.log").string() + " 2>&1") == 0,
               "validate.py failed on the top parent, see " << (dir / "validate-top.log"));
    BOOST_TEST(run(py + shared + "/tools/lint_argo.py" + templates + all + " > " + (dir / "lint.log").string() +
                   " 2>&1") == 0,
               "lint_argo.py failed, see " << (dir / "lint.log"));
}

// Walks the hierarchy (hierarchy_walk.hpp) with symbolic values: each child is created exactly
// once, after every child holding a predecessor of one of its steps, and receives exactly the
// values its producers exported, and the top's name as the run key.
void check_walk(const couler::workflow& wf, const sp::argo_split<couler::no_data, couler::no_data>& r)
{
    const auto& kids = r.workflows.children;
    const std::string run_param = sp::parts_options{}.run_parameter;
    std::map<std::string, std::size_t> child_of;
    std::map<std::string, std::string> export_text; // export name -> what the producer's child exports
    for (std::size_t i = 0; i < kids.size(); ++i) {
        const auto& cg = kids[i].graph();
        for (std::size_t v = 0; v < cg.size(); ++v)
            child_of[cg[v].name] = i;
        for (const auto& o : kids[i].find_template(kids[i].entrypoint)->outputs.parameters)
            export_text[o.global_name] = "val:" + o.from.parameter;
    }
    std::vector<int> created(kids.size(), 0);
    std::vector<char> done(kids.size(), 0);
    std::size_t order_errors = 0, value_errors = 0;
    const auto& g = wf.graph();
    const auto& bg = g.boost_graph();
    auto st = split_test::walk(r, "RUN", [&](std::size_t i, const split_test::params_t& p) {
        ++created[i];
        const auto& cg = kids[i].graph();
        for (std::size_t v = 0; v < cg.size(); ++v) {
            auto ov = *g.find(cg[v].name);
            for (auto [it, end] = boost::in_edges(ov, bg); it != end; ++it) {
                auto c = child_of.at(g[boost::source(*it, bg)].name);
                order_errors += c != i && !done[c];
            }
        }
        auto value_error = [&](const std::string& name, const std::string& want) {
            if (p.count(name) && p.at(name) == want)
                return;
            if (value_errors++ < 5)
                BOOST_TEST_MESSAGE("child " << i + 1 << ": " << name << " = '" << (p.count(name) ? p.at(name) : "(none)")
                                            << "', expected '" << want << "'");
        };
        for (const auto& name : r.workflows.imports[i])
            value_error(name, export_text.at(name));
        for (const auto& prm : kids[i].settings.parameters)
            if (prm.name == run_param)
                value_error(run_param, "RUN");
        done[i] = 1;
        split_test::params_t out;
        for (const auto& name : r.workflows.exports[i])
            out[name] = export_text.at(name);
        return out;
    });
    for (const auto& pr : st.problems)
        BOOST_ERROR(pr);
    for (std::size_t i = 0; i < kids.size(); ++i)
        BOOST_TEST(created[i] == 1, "child " << i + 1 << " created " << created[i] << " times");
    BOOST_TEST(order_errors == 0u);
    BOOST_TEST(value_errors == 0u);
    BOOST_TEST(st.depth == r.levels.size() + 1);
    std::size_t inter = 0;
    for (const auto& l : r.levels)
        inter += l.workflows.children.size();
    BOOST_TEST(st.intermediates == inter);
}

} // namespace

BOOST_AUTO_TEST_CASE(more_than_200_children_get_a_hierarchy_of_parents)
{
    // 4,000 steps, beta = 15: ~270 children; a parent of 270 tasks breaks beta and Argo's
    // 200-task cap, so it is split into intermediate parents, and those again.
    auto wf = sample(4000, 17);
    sp::argo_split_options o;
    o.limits.max_steps = 15;
    auto r = sp::split_to_argo(wf, o);
    BOOST_TEST(r.summary.acyclic);
    BOOST_TEST_REQUIRE(r.parts.parts > 200u);
    BOOST_TEST(r.templates); // inline children cannot be nested
    BOOST_TEST_REQUIRE(r.levels.size() >= 2u);
    BOOST_TEST(r.parent.graph().size() <= 15u);
    BOOST_TEST(r.parent.graph().size() <= 200u);
    for (const auto& y : r.children_yaml)
        BOOST_TEST(y.size() <= o.limits.max_bytes);
    BOOST_TEST(r.parent_yaml.size() <= o.limits.max_bytes);
    std::size_t below = r.parts.parts;
    for (const auto& l : r.levels) {
        BOOST_TEST(l.summary.acyclic);
        BOOST_TEST(l.summary.steps == below); // a level splits the tasks of the parent below it
        below = l.workflows.children.size();
        for (const auto& w : l.workflows.children) {
            BOOST_TEST(w.graph().size() <= 15u);
            BOOST_TEST(w.templates().size() <= 200u);
            BOOST_TEST(couler::validate(w).empty());
        }
        for (const auto& y : l.yaml)
            BOOST_TEST(y.size() <= o.limits.max_bytes);
    }
    BOOST_TEST(r.parent.graph().size() == below);
    BOOST_TEST_MESSAGE("children " << r.parts.parts << ", levels " << r.levels.size() << ", top tasks "
                                   << r.parent.graph().size());
    check_walk(wf, r);
    check_hierarchy_with_tools(r, fs::path(COULER_TEST_OUT_DIR) / "hierarchy");

    // inline children cannot sit under intermediate parents: a clear error, not an invalid parent
    o.mode = sp::child_mode::inline_workflows;
    BOOST_CHECK_THROW(sp::split_to_argo(wf, o), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_parent_over_the_byte_budget_is_split_too)
{
    // 150 parts' worth of tasks each passing parameters: the parent alone is over 40 KiB
    auto wf = sample(600, 23);
    sp::argo_split_options o;
    o.limits.max_steps = 4;
    o.limits.max_bytes = 40 * 1024;
    auto r = sp::split_to_argo(wf, o);
    BOOST_TEST(r.parts.parts < 200u);
    BOOST_TEST_REQUIRE(!r.levels.empty());
    for (const auto& y : r.children_yaml)
        BOOST_TEST(y.size() <= o.limits.max_bytes);
    for (const auto& l : r.levels)
        for (const auto& y : l.yaml)
            BOOST_TEST(y.size() <= o.limits.max_bytes);
    BOOST_TEST(r.parent_yaml.size() <= o.limits.max_bytes);
    BOOST_TEST(r.over.empty());
    check_walk(wf, r);

    // Its documents, named as the CLI writes them; the IR JSON of each is the same document
    // (read back and emitted, it gives the YAML byte for byte).
    std::vector<std::string> names;
    std::size_t checked = 0;
    sp::for_each_document(r, sp::document_format::ir_json,
                          [&](const sp::document_id& id, const std::string& name, const std::string& text) {
                              names.push_back(name);
                              const std::string* yaml = id.what == sp::document_id::role::child ? &r.children_yaml[id.index]
                                                        : id.what == sp::document_id::role::parent
                                                            ? &r.parent_yaml
                                                            : &r.levels[id.level - 1].yaml[id.index];
                              if (id.index == 0) {
                                  auto back = couler::parse_workflow(text);
                                  BOOST_TEST(couler::to_argo_yaml(back) == *yaml, name);
                                  ++checked;
                              }
                          });
    std::size_t inter = 0;
    for (const auto& l : r.levels)
        inter += l.yaml.size();
    BOOST_TEST_REQUIRE(names.size() == r.children_yaml.size() + inter + 1);
    BOOST_TEST(names.front() == "part-0001.json");
    BOOST_TEST(names[r.children_yaml.size()] == "parent-1-0001.json");
    BOOST_TEST(names.back() == "parent.json");
    BOOST_TEST(checked == r.levels.size() + 2);
}

namespace {

// A chain of n steps; step `d` is a daemon service the steps in `readers` read (`{{steps.influx.ip}}`).
couler::workflow with_daemon(std::size_t n, std::size_t d, const std::vector<std::size_t>& readers)
{
    couler::workflow wf("daemon", couler::graph_style::dag);
    couler::step_template t;
    t.name = "work";
    couler::container_spec c;
    c.image = "alpine:3.20";
    c.command = std::vector<std::string>{"sh", "-c"};
    c.args = {"echo {{inputs.parameters.x}}"};
    t.body = c;
    couler::parameter x;
    x.name = "x";
    t.inputs.parameters.push_back(x);
    wf.add_template(t);
    couler::step_template svc;
    svc.name = "influxdb";
    svc.daemon = true;
    couler::container_spec sc;
    sc.image = "influxdb:1.2";
    sc.command = std::vector<std::string>{"influxd"};
    svc.body = sc;
    wf.add_template(svc);
    auto& g = wf.graph();
    for (std::size_t v = 0; v < n; ++v) {
        couler::step s;
        s.name = v == d ? std::string("influx") : "step-" + std::to_string(v);
        s.template_name = v == d ? "influxdb" : "work";
        if (v != d) {
            couler::parameter a;
            a.name = "x";
            a.value = std::find(readers.begin(), readers.end(), v) != readers.end() ? std::string("{{steps.influx.ip}}")
                                                                                   : std::to_string(v);
            s.arguments.push_back(a);
        }
        g.add_step(s);
        if (v > 0 && v != d)
            g.add_dependency(v - 1 == d && d > 0 ? d - 1 : v - 1, v);
    }
    for (auto rd : readers)
        g.add_dependency(d, rd);
    return wf;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_daemon_step_shares_its_child_with_its_readers)
{
    // influx (step 8) is read by steps 9, 16 and 17; with 5 steps a child, plain chunking would
    // put them in three children and the service would be gone when 16 runs.
    auto wf = with_daemon(30, 8, {9, 16, 17});
    BOOST_REQUIRE(couler::validate(wf).empty());
    sp::argo_split_options o;
    o.limits.max_steps = 12;
    auto r = sp::split_to_argo(wf, o);
    BOOST_TEST(r.summary.acyclic);
    BOOST_TEST(r.summary.daemons_apart == 0u);
    BOOST_TEST(r.parts.parts >= 3u);
    const auto& g = wf.graph();
    auto part = [&](const char* n) { return r.parts.part_of[*g.find(n)]; };
    BOOST_TEST(part("influx") == part("step-9"));
    BOOST_TEST(part("influx") == part("step-16"));
    BOOST_TEST(part("influx") == part("step-17"));
    for (const auto& w : r.workflows.warnings)
        BOOST_TEST(w.find("influx") == std::string::npos, w);
    check_with_tools(r, fs::path(COULER_TEST_OUT_DIR) / "daemon");

    // a step that reads influx through a longer path (step-20: 17 -> 18 -> 19 -> 20) must still
    // run while it lives: it joins the unit, with what lies between
    {
        auto wf2 = wf;
        auto& g2 = wf2.graph();
        g2[*g2.find("step-20")].arguments[0].value = "{{steps.influx.ip}}";
        o.limits.max_steps = 14;
        auto r2 = sp::split_to_argo(wf2, o);
        auto part2 = [&](const char* n) { return r2.parts.part_of[*g2.find(n)]; };
        for (const char* n : {"step-9", "step-17", "step-18", "step-19", "step-20"})
            BOOST_TEST(part2("influx") == part2(n), n);
        o.limits.max_steps = 12; // influx, 9..20: 13 steps
        BOOST_CHECK_THROW(sp::split_to_argo(wf2, o), std::invalid_argument);
    }

    // the unit alone (influx, its readers, the chain 9..16 between them) breaks a 6-step budget
    o.limits.max_steps = 6;
    try {
        sp::split_to_argo(wf, o);
        BOOST_ERROR("a daemon unit over the step budget must be refused");
    } catch (const std::invalid_argument& e) {
        BOOST_TEST(std::string(e.what()).find("daemon step 'influx'") != std::string::npos, e.what());
    }
}
