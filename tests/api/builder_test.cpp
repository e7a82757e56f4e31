// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The unified programming interface (include/couler/api/): what each call puts in the IR.
#include <couler/api/builder.hpp>

#include <couler/ir/json.hpp>
#include <couler/ir/validate.hpp>

#define BOOST_TEST_MODULE api_builder
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace couler;

namespace {

step_ref echo(builder& wf, const std::string& name, const std::vector<arg>& args = {})
{
    return wf.run_container(container("alpine:3.18").command({"echo"}).args(args).step_name(name));
}

step_ref echo_template(builder& wf, const std::string& tmpl, const std::vector<arg>& args = {})
{
    return wf.run_container(container("alpine:3.18").command({"echo"}).args(args).template_name(tmpl));
}

const couler::graph& entry(const builder& wf) { return wf.workflow().graph(); }

bool depends_on(const couler::graph& g, const std::string& later, const std::string& earlier)
{
    return g.dependency_between(g.at(earlier), g.at(later)).has_value();
}

std::vector<std::string> template_names(const couler::workflow& wf)
{
    std::vector<std::string> out;
    for (const auto& t : wf.templates())
        out.push_back(t.name);
    return out;
}

void require_valid(const builder& wf)
{
    auto p = validate(wf.workflow());
    for (const auto& x : p)
        BOOST_TEST_MESSAGE(x.path << ": " << x.message);
    // The message is built even when p is empty: front() only behind the check (UBSan caught it).
    BOOST_REQUIRE_MESSAGE(p.empty(), p.size() << " validation problems, first: "
                                              << (p.empty() ? std::string() : p.front().path + ": " + p.front().message));
    // Whatever the builder makes survives the JSON round trip.
    auto back = parse_workflow(to_json_string(wf.workflow()));
    BOOST_TEST((back == wf.workflow()));
}

} // namespace

BOOST_AUTO_TEST_CASE(implicit_steps_run_in_call_order)
{
    builder wf("order");
    echo(wf, "a");
    echo(wf, "b");
    echo(wf, "c");
    const auto& g = entry(wf);
    BOOST_TEST((g.style == graph_style::steps));
    BOOST_TEST(g.size() == 3u);
    BOOST_TEST(depends_on(g, "b", "a"));
    BOOST_TEST(depends_on(g, "c", "b"));
    BOOST_TEST(!depends_on(g, "c", "a"));
    BOOST_TEST(g[g.at("a")].group == 0);
    BOOST_TEST(g[g.at("c")].group == 2);
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(arguments_become_template_inputs_and_outputs_pass_data)
{
    builder wf("data");
    auto out = wf.create_parameter_artifact("/tmp/out.txt");
    auto producer = wf.run_container(container("alpine:3.18").command({"sh", "-c"}).args(std::vector<arg>{"echo 7 > /tmp/out.txt"})
                                         .output({out}).step_name("producer"));
    echo(wf, "consumer", std::vector<arg>{arg(producer), "--flag", 3});
    const auto& w = wf.workflow();
    const auto* t = w.find_template("consumer");
    BOOST_REQUIRE(t);
    BOOST_TEST(t->inputs.parameters.size() == 3u);
    BOOST_TEST(t->inputs.parameters[0].name == "para-consumer-0");
    const auto& g = entry(wf);
    const auto& s = g[g.at("consumer")];
    BOOST_REQUIRE(s.arguments.size() == 3u);
    BOOST_TEST(*s.arguments[0].value == "{{steps.producer.outputs.parameters." + out.name + "}}");
    BOOST_TEST(*s.arguments[1].value == "--flag");
    BOOST_TEST(*s.arguments[2].value == "3");
    BOOST_TEST(depends_on(g, "consumer", "producer"));
    BOOST_TEST((g.dependency_between(g.at("producer"), g.at("consumer")) == dependency_kind::data));
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(arg_formats_numbers_as_python_str_does)
{
    BOOST_TEST(arg(1).text() == "1");
    BOOST_TEST(arg(-42L).text() == "-42");
    BOOST_TEST(arg(true).text() == "True");
    BOOST_TEST(arg(false).text() == "False");
    BOOST_TEST(arg(1.1).text() == "1.1");
    BOOST_TEST(arg(2.0).text() == "2.0");
    BOOST_TEST(arg(-0.5).text() == "-0.5");
    BOOST_TEST(arg(0.1 + 0.2).text() == "0.30000000000000004");
    BOOST_TEST(arg(0.0001).text() == "0.0001");
    BOOST_TEST(arg(0.00001).text() == "1e-05");
    BOOST_TEST(arg(1.5e-7).text() == "1.5e-07");
    BOOST_TEST(arg(1234567890123456.0).text() == "1234567890123456.0");
    BOOST_TEST(arg(1e16).text() == "1e+16");
    BOOST_TEST(arg(1.25e300).text() == "1.25e+300");
    BOOST_TEST(arg(0.0).text() == "0.0");
    BOOST_TEST(arg(1.0f / 4).text() == "0.25");
}

BOOST_AUTO_TEST_CASE(when_adds_the_condition_and_a_dependency)
{
    builder wf("coin");
    auto coin = wf.run_script(script("python:3.11", "print('heads')").step_name("flip"));
    wf.when(equal(coin, "heads"), [&] { return echo(wf, "heads"); });
    wf.when(not_equal(coin.result(), "heads"), [&] { return echo(wf, "tails"); });
    const auto& g = entry(wf);
    BOOST_TEST(g[g.at("heads")].when == "{{steps.flip.outputs.result}} == heads");
    BOOST_TEST(g[g.at("tails")].when == "{{steps.flip.outputs.result}} != heads");
    BOOST_TEST(depends_on(g, "heads", "flip"));
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(predicates_write_their_operators)
{
    output o{output::kind::result, "s", {}, false, {}, {}};
    BOOST_TEST(equal(o, 1).op == "==");
    BOOST_TEST(not_equal(o, 1).op == "!=");
    BOOST_TEST(bigger(o, 1).op == ">");
    BOOST_TEST(smaller(o, 1).op == "<");
    BOOST_TEST(bigger_equal(o, 1).op == ">=");
    BOOST_TEST(smaller_equal(o, 1).expression() == "{{steps.s.outputs.result}} <= 1");
    BOOST_TEST(smaller_equal(o, 1).step == "s");
    BOOST_TEST(bigger(0.5).expression() == " > 0.5"); // one-argument form: exec_while fills the left side
}

BOOST_AUTO_TEST_CASE(map_over_a_literal_list)
{
    builder wf("map");
    auto m = wf.map([&](const arg& item) { return echo(wf, "train", {item}); }, {"a", 2, 0.5});
    const auto& g = entry(wf);
    const auto& s = g[g.at(m.name())];
    BOOST_REQUIRE(s.with_items.size() == 3u);
    BOOST_TEST(*s.arguments[0].value == "{{item.para-train-0}}");
    BOOST_TEST(boost::json::serialize(s.with_items[0]) == R"({"para-train-0":"a"})");
    BOOST_TEST(boost::json::serialize(s.with_items[1]) == R"({"para-train-0":2})");
    BOOST_TEST(boost::json::serialize(s.with_items[2]) == R"({"para-train-0":5E-1})");
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(map_over_an_output_uses_with_param)
{
    builder wf("fanout");
    auto list = wf.run_script(script("python:3.11", "print('[1,2,3]')").step_name("list"));
    auto m = wf.map([&](const arg& item) { return echo(wf, "each", {item}); }, list.result());
    const auto& g = entry(wf);
    BOOST_TEST(g[g.at(m.name())].with_param == "{{steps.list.outputs.result}}");
    BOOST_TEST(depends_on(g, m.name(), "list"));
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(map_rejects_functions_that_ignore_the_item_or_make_no_step)
{
    builder wf("bad-map");
    BOOST_CHECK_THROW(wf.map([&](const arg&) { return echo(wf, "x"); }, {"a"}), std::invalid_argument);
    BOOST_CHECK_THROW(wf.map([&](const arg& i) { return echo(wf, "y", {i}); }, std::vector<arg>{}),
                      std::invalid_argument);
    builder wf2("bad-map-2");
    BOOST_CHECK_THROW(wf2.map([&](const arg& i) { echo(wf2, "p", {i}); echo(wf2, "q", {i}); }, {"a"}),
                      std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(concurrent_steps_share_a_group_and_get_the_sdk_suffix)
{
    builder wf("fan");
    echo(wf, "start");
    wf.concurrent({[&] { echo_template(wf, "left"); }, [&] { echo_template(wf, "right"); },
                   [&] { echo_template(wf, "left"); }});
    echo(wf, "end");
    const auto& g = entry(wf);
    BOOST_REQUIRE(g.size() == 5u);
    std::vector<std::string> mid;
    for (std::size_t v = 0; v < g.size(); ++v)
        if (g[v].group == 1)
            mid.push_back(g[v].name);
    BOOST_REQUIRE(mid.size() == 3u);
    // <template>-<call>-<k>: the same call number, k the function's position.
    BOOST_TEST(mid[0].rfind("left-", 0) == 0);
    BOOST_TEST(mid[0].substr(mid[0].size() - 2) == "-1");
    BOOST_TEST(mid[1].substr(mid[1].size() - 2) == "-2");
    BOOST_TEST(mid[2].substr(mid[2].size() - 2) == "-3");
    BOOST_TEST(mid[0].substr(4, mid[0].size() - 6) == mid[2].substr(4, mid[2].size() - 6));
    for (const auto& n : mid) {
        BOOST_TEST(depends_on(g, n, "start"));
        BOOST_TEST(depends_on(g, "end", n));
    }
    BOOST_TEST(!depends_on(g, mid[1], mid[0]));
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(exec_while_sets_a_repeat_condition_on_the_step)
{
    builder wf("loop");
    auto s = wf.exec_while(equal("tails"),
                           [&] { return wf.run_script(script("python:3.11", "print('tails')").step_name("flip")); }, 7);
    const auto& g = entry(wf);
    const auto& st = g[g.at(s.name())];
    BOOST_REQUIRE(st.repeat.has_value());
    BOOST_TEST(st.repeat->condition == "{{steps.flip.outputs.result}} == tails");
    BOOST_TEST(st.repeat->max_iterations == 7);
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(dag_edges_make_an_explicit_graph)
{
    builder wf("diamond");
    auto A = [&] { return echo(wf, "A"); };
    auto B = [&] { return echo(wf, "B"); };
    auto C = [&] { return echo(wf, "C"); };
    auto D = [&] { return echo(wf, "D"); };
    wf.dag({{A}, {A, B}, {A, C}, {B, D}, {C, D}});
    const auto& g = entry(wf);
    BOOST_TEST((g.style == graph_style::dag));
    BOOST_TEST(g.size() == 4u);
    BOOST_TEST(g.edge_count() == 4u);
    BOOST_TEST(depends_on(g, "D", "B"));
    BOOST_TEST(depends_on(g, "D", "C"));
    BOOST_TEST(!depends_on(g, "C", "B"));
    BOOST_CHECK_THROW(wf.dag({{A, B, C}}), std::invalid_argument);
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(set_dependencies_applies_to_the_steps_the_function_starts_with)
{
    builder wf("deps");
    auto A = [&] { return echo(wf, "A"); };
    auto B = [&] { return echo(wf, "B"); };
    wf.dag({{A}, {A, B}});
    wf.set_dependencies(
        [&] {
            auto coin = wf.run_script(script("python:3.11", "print('heads')").step_name("flip"));
            return wf.when(equal(coin, "heads"), [&] { return echo(wf, "heads"); });
        },
        std::vector<std::string>{"B"});
    const auto& g = entry(wf);
    BOOST_TEST(depends_on(g, "flip", "B"));
    BOOST_TEST(depends_on(g, "heads", "flip"));
    BOOST_TEST(!depends_on(g, "heads", "B")); // follows B through flip
    BOOST_TEST(g.predecessors(g.at("heads")).size() == 1u);
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(set_dependencies_with_a_depends_expression)
{
    builder wf("depends");
    auto A = [&] { return echo(wf, "A"); };
    auto B = [&] { return echo(wf, "B"); };
    wf.dag({{A}, {B}});
    auto c = wf.set_dependencies([&] { return echo(wf, "C"); }, std::string("A.Succeeded && (B || A.Failed)"));
    const auto& g = entry(wf);
    BOOST_TEST(g[g.at(c.name())].depends == "A.Succeeded && (B || A.Failed)");
    BOOST_TEST(depends_on(g, "C", "A"));
    BOOST_TEST(depends_on(g, "C", "B"));
    BOOST_TEST(g.predecessors(g.at("C")).size() == 2u);
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(exit_handler_template_stays_last)
{
    builder wf("exit");
    echo(wf, "main");
    wf.set_exit_handler(workflow_status::succeeded, [&] { echo_template(wf, "celebrate"); });
    wf.set_exit_handler(workflow_status::failed, [&] { echo_template(wf, "mourn"); });
    const auto names = template_names(wf.workflow());
    BOOST_TEST(wf.workflow().settings.on_exit == "exit-handler");
    BOOST_TEST(names.back() == "exit-handler");
    BOOST_TEST((std::find(names.begin(), names.end(), "mourn") != names.end()));
    const auto* t = wf.workflow().find_template("exit-handler");
    BOOST_REQUIRE(t && t->graph());
    const auto& g = *t->graph();
    BOOST_REQUIRE(g.size() == 2u);
    BOOST_TEST(g[0].when == "{{workflow.status}} == Succeeded");
    BOOST_TEST(g[1].when == "{{workflow.status}} == Failed");
    // Adding steps afterwards keeps it last.
    echo(wf, "later");
    BOOST_TEST(template_names(wf.workflow()).back() == "exit-handler");
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(run_workflow_nests_a_graph_template)
{
    builder wf("outer");
    echo(wf, "first");
    auto sub = wf.run_workflow("inner", [&] {
        echo(wf, "x");
        echo(wf, "y");
    });
    echo(wf, "last");
    const auto* t = wf.workflow().find_template("inner");
    BOOST_REQUIRE(t && t->graph());
    BOOST_TEST(t->graph()->size() == 2u);
    const auto& g = entry(wf);
    BOOST_TEST(g[g.at(sub.name())].template_name == "inner");
    BOOST_TEST(depends_on(g, sub.name(), "first"));
    BOOST_TEST(depends_on(g, "last", sub.name()));
    BOOST_CHECK_THROW(wf.run_workflow("inner", [] {}), std::invalid_argument);
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(artifacts_of_every_kind)
{
    builder wf("artifacts");
    auto creds = wf.create_secret({{"accessKey", "AK"}, {"secretKey", "SK"}});
    std::vector<artifact> outs{
        wf.create_parameter_artifact("/out/p.txt"),
        wf.create_local_artifact("/out/l.bin"),
        wf.create_s3_artifact("/out/s3.bin", "bucket", "key/s3", "s3.example.com", creds),
        wf.create_oss_artifact("/out/oss.bin", "bucket", "key/oss", "oss.example.com", creds),
        wf.create_gcs_artifact("/out/gcs.bin", "bucket", "key/gcs"),
        wf.create_hdfs_artifact("/out/hdfs.bin", {"nn1:8020", "nn2:8020"}, "/data/x", "hdfs"),
        wf.create_git_artifact("/src", "https://example.com/repo.git", "main"),
        wf.create_http_artifact("/in/data.csv", "https://example.com/data.csv"),
    };
    const std::vector<artifact_kind> kinds{artifact_kind::parameter, artifact_kind::local, artifact_kind::s3,
                                           artifact_kind::oss,       artifact_kind::gcs,   artifact_kind::hdfs,
                                           artifact_kind::git,       artifact_kind::http};
    std::vector<std::string> names;
    for (std::size_t i = 0; i < outs.size(); ++i) {
        BOOST_TEST((outs[i].kind == kinds[i]));
        names.push_back(outs[i].name);
    }
    std::sort(names.begin(), names.end());
    BOOST_TEST((std::unique(names.begin(), names.end()) == names.end())); // distinct names
    BOOST_TEST(outs[2].access_key.has_value());
    BOOST_TEST(outs[2].access_key->name == creds);
    auto producer = wf.run_container(container("alpine:3.18").command({"sh", "-c", "true"}).output(outs).step_name("p"));
    BOOST_TEST(producer.outputs().size() == outs.size());
    wf.run_container(container("alpine:3.18").command({"ls"}).input({producer.output_at(3)}).step_name("c"));
    const auto& g = entry(wf);
    BOOST_TEST(depends_on(g, "c", "p"));
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(secrets_keep_key_order_and_never_reach_the_ir)
{
    builder wf("secrets");
    auto name = wf.create_secret({{"uname", "alice"}, {"passwd", "s3cr3t-value"}});
    // The SDK's name: "couler-" + md5 of json.dumps(data, sort_keys=True).
    BOOST_TEST(name == "couler-" + detail::md5_hex(R"({"passwd": "s3cr3t-value", "uname": "alice"})"));
    BOOST_TEST(wf.create_secret({{"passwd", "s3cr3t-value"}, {"uname", "alice"}}) == name); // same data, same name
    wf.run_container(container("alpine:3.18").command({"env"}).secret(name).step_name("uses"));
    const auto* t = wf.workflow().find_template("uses");
    BOOST_REQUIRE(t && t->container());
    BOOST_REQUIRE(t->container()->env.size() == 2u);
    BOOST_TEST(t->container()->env[0].name == "uname");
    BOOST_TEST(t->container()->env[1].name == "passwd");
    BOOST_TEST(wf.secret_values().at(name).at("passwd") == "s3cr3t-value");
    const std::string json = to_json_string(wf.workflow());
    BOOST_TEST(json.find("s3cr3t-value") == std::string::npos);
    BOOST_TEST(json.find("alice") == std::string::npos);
    BOOST_CHECK_THROW(wf.create_secret({{"k", "1"}, {"k", "2"}}), std::invalid_argument);
    BOOST_CHECK_THROW(wf.run_container(container("alpine:3.18").command({"env"}).secret("nope").step_name("bad")),
                      std::invalid_argument);
    auto existing = wf.obtain_secret({"token"}, "prebuilt");
    BOOST_TEST(existing == "prebuilt");
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(md5_matches_known_digests)
{
    BOOST_TEST(detail::md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
    BOOST_TEST(detail::md5_hex("The quick brown fox jumps over the lazy dog") == "9e107d9d372bb6826bd81d3542a419d6");
    BOOST_TEST(detail::md5_hex(std::string(1000, 'a')) == "cabe45dcc9ae5b66ba86600cca6b8ba8");
}

BOOST_AUTO_TEST_CASE(a_template_name_cannot_mean_two_things)
{
    builder wf("clash");
    wf.run_container(container("alpine:3.18").command({"echo", "1"}).template_name("t"));
    wf.run_container(container("alpine:3.18").command({"echo", "1"}).template_name("t")); // same: reused
    BOOST_TEST(wf.workflow().templates().size() == 2u);
    BOOST_CHECK_THROW(wf.run_container(container("alpine:3.18").command({"echo", "2"}).template_name("t")),
                      std::invalid_argument);
    BOOST_CHECK_THROW(wf.run_container(container("alpine:3.18").command({"echo"}).template_name("clash")),
                      std::invalid_argument); // the entry graph's name
}

BOOST_AUTO_TEST_CASE(workflow_level_settings)
{
    builder wf("settings");
    echo(wf, "a");
    wf.config_workflow(workflow_config()
                           .name("my-flow")
                           .namespace_("ml")
                           .timeout(3600)
                           .time_to_clean(60)
                           .service_account("runner")
                           .parallelism(4)
                           .labels({{"team", "ml"}})
                           .cron(cron_config("0 * * * *")));
    wf.add_image_pull_secret("regcred");
    wf.add_parameter("lr", "0.1");
    const auto& s = wf.workflow().settings;
    BOOST_TEST(s.name == "my-flow");
    BOOST_TEST(s.namespace_ == "ml");
    BOOST_TEST(s.service_account == "runner");
    BOOST_TEST(s.parallelism.value_or(0) == 4);
    BOOST_TEST(s.image_pull_secrets.size() == 1u);
    BOOST_REQUIRE(s.cron.has_value());
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(a_job_step_keeps_its_manifest_and_conditions)
{
    builder wf("jobs");
    wf.run_job(job()
                   .manifest("apiVersion: kubeflow.org/v1\nkind: TFJob\nmetadata:\n  name: mnist\n")
                   .success_condition("status.replicaStatuses.Worker.succeeded == 2")
                   .failure_condition("status.replicaStatuses.Worker.failed > 0")
                   .framework("tensorflow")
                   .local_command({"python3", "-c", "print(1)"})
                   .step_name("train"));
    const auto* t = wf.workflow().find_template("train");
    BOOST_REQUIRE(t);
    const auto* j = std::get_if<job_spec>(&t->body);
    BOOST_REQUIRE(j);
    BOOST_TEST(j->framework == "tensorflow");
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(builders_are_independent)
{
    // No hidden global workflow: two builders side by side do not see each other's steps.
    builder a("one");
    builder b("two");
    echo(a, "x");
    echo(b, "y");
    echo(a, "z");
    BOOST_TEST(entry(a).size() == 2u);
    BOOST_TEST(entry(b).size() == 1u);
    BOOST_TEST(!entry(b).find("x").has_value());
}
