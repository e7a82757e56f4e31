// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Unit tests of the Airflow emitter: literals, Jinja escaping, each lowered feature, the
// Airflow 2 / 3 differences, and refusals that name the step and the feature.
#include <couler/emit/airflow.hpp>

#define BOOST_TEST_MODULE airflow_emit_unit
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using couler::workflow;

namespace {

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

workflow::template_type leaf(const std::string& name, const std::string& image = "alpine:3.20",
                             std::vector<std::string> command = {"sh", "-c"}, std::vector<std::string> args = {"echo hi"})
{
    workflow::template_type t;
    t.name = name;
    couler::container_spec c;
    c.image = image;
    c.command = std::move(command);
    c.args = std::move(args);
    t.body = c;
    return t;
}

workflow::step_type step(const std::string& name, const std::string& tmpl)
{
    workflow::step_type s;
    s.name = name;
    s.template_name = tmpl;
    return s;
}

/// a -> b, a -> c, {b, c} -> d in a dag-style graph
workflow diamond()
{
    workflow wf("diamond", couler::graph_style::dag);
    wf.add_template(leaf("echo"));
    auto& g = wf.graph();
    for (auto n : {"a", "b", "c", "d"})
        g.add_step(step(n, "echo"));
    g.add_dependency("a", "b");
    g.add_dependency("a", "c");
    g.add_dependency("b", "d");
    g.add_dependency("c", "d");
    return wf;
}

std::string refusal(const workflow& wf)
{
    try {
        couler::to_airflow_dag(wf);
    } catch (const couler::invalid_input& e) {
        return e.what();
    }
    return "";
}

/// Writes `src` and runs the shared checker on it; true if it passes.
bool checker_passes(const std::string& src, const std::string& name)
{
    fs::create_directories(COULER_TEST_OUT_DIR);
    fs::path py = fs::path(COULER_TEST_OUT_DIR) / (name + ".py");
    std::ofstream(py, std::ios::binary) << src;
    std::string cmd = "/usr/bin/python3 " COULER_SHARED_DIR "/tools/check_airflow_dag.py " + py.string() + " > " +
                      py.string() + ".out 2>&1";
    return std::system(cmd.c_str()) == 0;
}

} // namespace

BOOST_AUTO_TEST_CASE(python_literals_are_ascii_and_escape_everything)
{
    using couler::airflow_py_string;
    BOOST_TEST(airflow_py_string("a\"b'c\\d") == R"("a\"b'c\\d")");
    BOOST_TEST(airflow_py_string(std::string("x\0y\n\r\t", 6)) == R"("x\x00y\n\r\t")");
    BOOST_TEST(airflow_py_string("\xc3\xa9\xf0\x9f\x98\x80") == R"("\u00e9\U0001f600")");
    // not UTF-8: surrogateescape, as Python would decode it
    BOOST_TEST(airflow_py_string("\xff\x80") == R"("\udcff\udc80")");
    BOOST_TEST(airflow_py_string("\xed\xa0\x80") == R"("\udced\udca0\udc80")"); // an encoded surrogate is not UTF-8
    BOOST_TEST(airflow_py_string("\"\"\"") == R"("\"\"\"")");
}

BOOST_AUTO_TEST_CASE(jinja_syntax_in_values_is_escaped)
{
    using couler::airflow_jinja_literal;
    BOOST_TEST(airflow_jinja_literal("plain") == "plain");
    BOOST_TEST(airflow_jinja_literal("{{ x }}") == "{{ '{{' }} x }}");
    BOOST_TEST(airflow_jinja_literal("{%if%}{#c#}") == "{{ '{%' }}if%}{{ '{#' }}c#}");
    BOOST_TEST(airflow_jinja_literal("a{") == "a{{ '{' }}");
    BOOST_TEST(airflow_jinja_literal("a\r\nb\n") == "a{{ '\\r' }}\nb{{ '\\n' }}");
    BOOST_TEST(airflow_jinja_literal("config.json") == "config.json{{ '' }}");
    BOOST_TEST(airflow_jinja_literal("params.x") == "params{{ '.' }}x");
}

BOOST_AUTO_TEST_CASE(dependencies_become_shift_edges)
{
    couler::airflow_dag d = couler::emit_airflow(diamond());
    BOOST_TEST(d.tasks.size() == 4u);
    BOOST_TEST(has(d.source, "t0 >> t1"));
    BOOST_TEST(has(d.source, "t0 >> t2"));
    BOOST_TEST(has(d.source, "t1 >> t3"));
    BOOST_TEST(has(d.source, "t2 >> t3"));
    BOOST_TEST(has(d.source, "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator"));
    BOOST_TEST(checker_passes(d.source, "diamond"));
}

BOOST_AUTO_TEST_CASE(airflow2_and_airflow3_imports_and_schedule)
{
    workflow wf = diamond();
    wf.settings.cron = couler::cron_schedule{};
    wf.settings.cron->schedule = "*/5 * * * *";
    std::string v2 = couler::to_airflow_dag(wf, {couler::airflow_target::airflow2});
    std::string v3 = couler::to_airflow_dag(wf, {couler::airflow_target::airflow3});
    BOOST_TEST(has(v2, "from airflow import DAG"));
    BOOST_TEST(has(v2, "from airflow.models.param import Param"));
    BOOST_TEST(has(v3, "from airflow.sdk import DAG, Param, TriggerRule"));
    BOOST_TEST(!has(v3, "from airflow import DAG"));
    for (const auto* s : {&v2, &v3}) {
        BOOST_TEST(has(*s, "schedule=\"*/5 * * * *\""));
        BOOST_TEST(!has(*s, "schedule_interval"));
    }
    BOOST_TEST(checker_passes(v2, "cron2"));
    BOOST_TEST(checker_passes(v3, "cron3"));
}

BOOST_AUTO_TEST_CASE(retries_timeouts_resources_env_secrets_volumes)
{
    workflow wf("features");
    auto t = leaf("work");
    t.retry = couler::retry_strategy{};
    t.retry->limit = 3;
    t.retry->back_off = couler::backoff{"10s", 2, "", "5m"};
    t.timeout = "1m";
    t.total_timeout = "1h";
    auto& c = std::get<couler::container_spec>(t.body);
    c.resources.requests["cpu"] = "500m";
    c.resources.limits["memory"] = "1Gi";
    c.env.push_back({"PLAIN", "v", std::nullopt, std::nullopt});
    c.env.push_back({"TOKEN", "", couler::secret_key_ref{"my-secret", "token"}, std::nullopt});
    c.volume_mounts.push_back({"data", "/data", "", false});
    couler::volume v;
    v.name = "data";
    v.kind = couler::volume::source_kind::persistent_volume_claim;
    v.source = "my-claim";
    wf.settings.volumes.push_back(v);
    wf.add_template(t);
    wf.graph().add_step(step("s", "work"));
    std::string py = couler::to_airflow_dag(wf);
    BOOST_TEST(has(py, "retries=3"));
    BOOST_TEST(has(py, "retry_delay=datetime.timedelta(seconds=10)"));
    BOOST_TEST(has(py, "retry_exponential_backoff=True"));
    BOOST_TEST(has(py, "max_retry_delay=datetime.timedelta(seconds=300)"));
    BOOST_TEST(has(py, "active_deadline_seconds=60"));
    BOOST_TEST(has(py, "execution_timeout=datetime.timedelta(seconds=3600)"));
    BOOST_TEST(has(py, "env_vars={\"PLAIN\": \"v\"}"));
    BOOST_TEST(has(py, "\"secretKeyRef\": {\"key\": \"token\", \"name\": \"my-secret\"}"));
    BOOST_TEST(has(py, "\"claimName\": \"my-claim\""));
    BOOST_TEST(has(py, "\"cpu\": \"500m\""));
    BOOST_TEST(checker_passes(py, "features"));
}

BOOST_AUTO_TEST_CASE(outputs_go_through_xcom_and_conditions_skip)
{
    workflow wf("coin");
    auto flip = leaf("flip", "python:3.12", {"python3"});
    flip.body = couler::script_spec{std::get<couler::container_spec>(flip.body), "print('heads')"};
    wf.add_template(flip);
    wf.add_template(leaf("echo"));
    auto& g = wf.graph();
    g.add_step(step("flip", "flip"));
    auto heads = step("heads", "echo");
    heads.when = "{{steps.flip.outputs.result}} == heads";
    heads.group = 1;
    g.add_step(heads);
    auto after = step("after", "echo");
    after.group = 2;
    g.add_step(after);
    g.add_dependency("flip", "heads", couler::dependency_kind::order);
    g.add_dependency("heads", "after", couler::dependency_kind::order);
    couler::airflow_dag d = couler::emit_airflow(wf);
    BOOST_TEST(has(d.source, "do_xcom_push=True"));
    BOOST_TEST(has(d.source, "{{ ti.xcom_pull(task_ids=\\\"flip\\\")[\\\"result\\\"] }}"));
    BOOST_TEST(has(d.source, "skip_on_exit_code=99"));
    BOOST_TEST(has(d.source, "trigger_rule=TriggerRule.NONE_FAILED")); // `after` runs when heads is skipped
    BOOST_TEST(d.tasks.size() == 4u);
    BOOST_TEST(d.tasks[2].role == "condition");
    BOOST_TEST(d.tasks[2].step == "heads");
    BOOST_TEST(checker_passes(d.source, "coin"));
}

BOOST_AUTO_TEST_CASE(maps_over_literal_lists_are_unrolled)
{
    workflow wf("map");
    auto t = leaf("echo", "alpine", {"echo"}, {"{{inputs.parameters.msg}}"});
    couler::parameter msg;
    msg.name = "msg";
    t.inputs.parameters.push_back(msg);
    wf.add_template(t);
    auto s = step("each", "echo");
    couler::parameter a;
    a.name = "msg";
    a.value = "say {{item}}";
    s.arguments.push_back(a);
    s.with_items = {boost::json::value("a"), boost::json::value(2)};
    wf.graph().add_step(s);
    couler::airflow_dag d = couler::emit_airflow(wf);
    BOOST_TEST(d.tasks.size() == 2u);
    BOOST_TEST(has(d.source, "arguments=[\"say a\"]"));
    BOOST_TEST(has(d.source, "arguments=[\"say 2\"]"));
    BOOST_TEST(checker_passes(d.source, "map"));
}

BOOST_AUTO_TEST_CASE(exit_handlers_use_trigger_rules)
{
    workflow wf = diamond();
    wf.add_template(leaf("cleanup"));
    workflow::template_type h;
    h.name = "handler";
    couler::graph g;
    auto ok = step("celebrate", "cleanup");
    ok.when = "{{workflow.status}} == Succeeded";
    auto ko = step("cry", "cleanup");
    ko.when = "{{workflow.status}} != Succeeded";
    g.add_step(ok);
    g.add_step(ko);
    g.add_step(step("always", "cleanup"));
    h.body = std::move(g);
    wf.add_template(std::move(h));
    wf.settings.on_exit = "handler";
    couler::airflow_dag d = couler::emit_airflow(wf);
    BOOST_TEST(has(d.source, "trigger_rule=TriggerRule.ALL_SUCCESS"));
    BOOST_TEST(has(d.source, "trigger_rule=TriggerRule.ONE_FAILED"));
    BOOST_TEST(has(d.source, "trigger_rule=TriggerRule.ALL_DONE"));
    BOOST_TEST(has(d.source, "t3 >> t4"));
    BOOST_TEST(d.tasks.back().role == "exit");
    BOOST_TEST(checker_passes(d.source, "exit"));
}

BOOST_AUTO_TEST_CASE(refusals_name_the_step_and_the_feature)
{
    workflow wf = diamond();
    wf.graph()[wf.graph().at("b")].repeat = couler::repeat_while{"{{steps.b.outputs.result}} == x", 5};
    std::string r = refusal(wf);
    BOOST_TEST(has(r, "steps.b"), r);
    BOOST_TEST(has(r, "exec_while"), r);

    workflow m = diamond();
    m.graph()[m.graph().at("c")].with_param = "{{steps.a.outputs.result}}";
    r = refusal(m);
    BOOST_TEST(has(r, "steps.c"), r);
    BOOST_TEST(has(r, "with_param"), r);

    workflow n = diamond();
    workflow::template_type sub;
    sub.name = "sub";
    sub.body = couler::graph{};
    n.add_template(sub);
    n.graph()[n.graph().at("d")].template_name = "sub";
    r = refusal(n);
    BOOST_TEST(has(r, "steps.d"), r);
    BOOST_TEST(has(r, "nested sub-workflow"), r);

    workflow w = diamond();
    w.graph()[w.graph().at("a")].when = "{{workflow.parameters.x}} == a && {{workflow.parameters.x}} == b";
    w.settings.parameters.push_back(couler::parameter{"x", std::string("a"), {}, {}, {}, {}, {}, {}});
    r = refusal(w);
    BOOST_TEST(has(r, "steps.a.when"), r);
    BOOST_TEST(has(r, "only one comparison"), r);

    workflow x = diamond();
    x.graph()[x.graph().at("a")].arguments.push_back(couler::parameter{"q", std::string("{{pod.name}}"), {}, {}, {}, {}, {}, {}});
    r = refusal(x);
    BOOST_TEST(has(r, "steps.a"), r);
}

BOOST_AUTO_TEST_CASE(nested_sub_workflows_are_flattened_and_recursion_refused)
{
    workflow wf("outer", couler::graph_style::dag);
    wf.add_template(leaf("echo", "alpine", {"echo"}, {"{{inputs.parameters.m}}"}));
    wf.find_template("echo")->inputs.parameters.push_back(couler::parameter{"m", {}, {}, {}, {}, {}, {}, {}});
    workflow::template_type sub;
    sub.name = "sub";
    sub.inputs.parameters.push_back(couler::parameter{"who", {}, {}, {}, {}, {}, {}, {}});
    couler::graph g;
    g.style = couler::graph_style::dag;
    auto x = step("x", "echo");
    x.arguments.push_back(couler::parameter{"m", std::string("hi {{inputs.parameters.who}}"), {}, {}, {}, {}, {}, {}});
    g.add_step(x);
    g.add_step(step("y", "echo"));
    g[g.at("y")].arguments.push_back(couler::parameter{"m", std::string("y"), {}, {}, {}, {}, {}, {}});
    g.add_dependency("x", "y");
    sub.body = std::move(g);
    wf.add_template(sub);
    auto a = step("a", "sub");
    a.arguments.push_back(couler::parameter{"who", std::string("bob"), {}, {}, {}, {}, {}, {}});
    wf.graph().add_step(a);
    auto b = step("b", "echo");
    b.arguments.push_back(couler::parameter{"m", std::string("b"), {}, {}, {}, {}, {}, {}});
    wf.graph().add_step(b);
    wf.graph().add_dependency("a", "b");
    couler::airflow_dag d = couler::emit_airflow(wf);
    BOOST_TEST_REQUIRE(d.tasks.size() == 3u);
    BOOST_TEST(d.tasks[0].task_id == "a.x");
    BOOST_TEST(d.tasks[0].step == "a"); // inner tasks stand for the invoking step
    BOOST_TEST(has(d.source, "arguments=[\"hi bob\"]"));
    BOOST_TEST(has(d.source, "t0 >> t1"));
    BOOST_TEST(has(d.source, "t1 >> t2")); // the sub-workflow's sink before b
    BOOST_TEST(!has(d.source, "t0 >> t2"));
    BOOST_TEST(checker_passes(d.source, "nested"));

    // a template that invokes itself
    auto* s = wf.find_template("sub");
    auto rec = step("again", "sub");
    rec.arguments.push_back(couler::parameter{"who", std::string("x"), {}, {}, {}, {}, {}, {}});
    s->graph()->add_step(rec);
    std::string r = refusal(wf);
    BOOST_TEST(has(r, "$.templates.sub.steps.again"), r);
    BOOST_TEST(has(r, "recursion"), r);
}
