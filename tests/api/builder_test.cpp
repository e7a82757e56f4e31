// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The unified programming interface (include/couler/api/): what each call puts in the IR.
#include <couler/api/builder.hpp>
#include <couler/api/detail/md5.hpp>

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

namespace {

// The message of the std::invalid_argument `f` throws, or "" if it throws none.
template <class F> std::string error_of(F&& f)
{
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return {};
}

#define CHECK_ERROR(expr, words)                                                                                       \
    do {                                                                                                               \
        std::string m_ = error_of([&] { (void)(expr); });                                                              \
        BOOST_TEST(m_.find(words) != std::string::npos, "'" << m_ << "' does not say '" << words << "'");              \
    } while (0)

} // namespace

BOOST_AUTO_TEST_CASE(names_are_used_as_written_and_invalid_ones_say_which_rule_they_break)
{
    // The user's own string, never a rewritten one, and the rule it breaks.
    CHECK_ERROR(builder("Train_Pipeline v2!"),
                "workflow name 'Train_Pipeline v2!' is not valid: it contains the upper-case letter 'T' at position 1");
    CHECK_ERROR(builder("train_pipeline"), "workflow name 'train_pipeline' is not valid: it contains '_' at position 6");
    CHECK_ERROR(builder(""), "workflow name '' is not valid: it is empty");
    CHECK_ERROR(builder(std::string(64, 'w')), "is 64 characters long, more than 63");
    CHECK_ERROR(builder("flow-"), "ends with '-'");
    builder ok(std::string(63, 'w'));
    BOOST_TEST(ok.workflow().entrypoint == std::string(63, 'w'));

    builder wf("names");
    CHECK_ERROR(echo(wf, ""), "step name '' is not valid: it is empty");
    CHECK_ERROR(echo(wf, "train_model"), "step name 'train_model' is not valid: it contains '_' at position 6");
    CHECK_ERROR(echo(wf, "-a"), "starts with '-'");
    CHECK_ERROR(echo_template(wf, "my template"), "template name 'my template' is not valid: it contains ' ' at position 3");
    CHECK_ERROR(echo_template(wf, ""), "template name '' is not valid: it is empty");
    CHECK_ERROR(wf.run_workflow("inner_flow", [&] { echo(wf, "x"); }),
                "sub-workflow name 'inner_flow' is not valid: it contains '_'");
    CHECK_ERROR(wf.config_workflow(workflow_config().name("My-Flow")), "workflow name 'My-Flow' is not valid");
    CHECK_ERROR(wf.create_parameter_artifact("/tmp/a", "my accuracy"), "output name 'my accuracy' is not valid");
    CHECK_ERROR(wf.add_parameter("my param", "1"), "workflow parameter name 'my param' is not valid");
    // Nothing half-built is left behind by the refused calls.
    BOOST_TEST(entry(wf).size() == 0u);
    // Upper case is fine in step names (Argo accepts it; the Python SDK's tests use A, B).
    echo(wf, "A");
    BOOST_TEST(entry(wf).find("A").has_value());
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(validate_refuses_malformed_images_naming_the_template)
{
    builder wf("images");
    wf.run_container(container("Python:3.11 slim").command({"python"}).step_name("train"));
    auto ps = validate(wf.workflow());
    BOOST_TEST_REQUIRE(ps.size() == 1u);
    BOOST_TEST(ps[0].message.find("template 'train': image 'Python:3.11 slim' is not a valid image reference") !=
                   std::string::npos,
               ps[0].message);
    BOOST_TEST(ps[0].message.find("upper-case letter 'P'") != std::string::npos, ps[0].message);
}

BOOST_AUTO_TEST_CASE(the_header_snippets_brace_forms_compile)
{
    // options.hpp and builder.hpp: a one-element brace list is a list, not a string.
    builder wf("hello");
    auto a = wf.run_container(container("alpine:3.18").command({"sh", "-c"}).args({"echo hi"}).step_name("a"));
    wf.run_container(container("alpine:3.18").command({"echo"}).args({a.result()}).step_name("b"));
    wf.run_script(script("python:3.11", "import sys; print(sys.argv)").args({"--lr", 0.1}).step_name("s"));
    wf.run_job(job("{}").args({"4"}).step_name("j"));
    const auto& g = entry(wf);
    BOOST_TEST(g[g.at("a")].arguments.size() == 1u);
    BOOST_TEST(*g[g.at("a")].arguments[0].value == "echo hi");
    BOOST_TEST(g[g.at("s")].arguments.size() == 2u);
    auto m1 = wf.create_parameter_artifact("/out/a", "first");
    auto m2 = wf.create_parameter_artifact("/out/b", "second");
    auto two = wf.run_container(container("alpine:3.18").command({"true"}).output({m1, m2}).step_name("two"));
    BOOST_TEST(two.outputs().size() == 2u);

    builder deps("deps-brace");
    echo(deps, "prep");
    echo(deps, "fetch");
    auto train = deps.set_dependencies([&] { return echo(deps, "train"); }, {"prep"});
    auto both = deps.set_dependencies([&] { return echo(deps, "both"); }, {"prep", "fetch"});
    BOOST_TEST(depends_on(entry(deps), train.name(), "prep"));
    BOOST_TEST(depends_on(entry(deps), both.name(), "fetch"));
    require_valid(deps);
}

BOOST_AUTO_TEST_CASE(named_outputs_are_read_by_name)
{
    builder wf("named");
    auto unnamed = wf.create_parameter_artifact("/out/extra");
    BOOST_TEST(unnamed.name == "output-id-1");
    auto train = wf.run_container(container("alpine:3.18")
                                      .command({"sh", "-c"})
                                      .args({"echo 0.9 > /out/acc; echo 0.1 > /out/loss"})
                                      .output({wf.create_parameter_artifact("/out/acc", "accuracy", true),
                                               wf.create_parameter_artifact("/out/loss", "loss"), unnamed,
                                               wf.create_local_artifact("/out/model", "model")})
                                      .step_name("train"));
    // Named artifacts take no number: the unnamed ones keep the SDK's numbering.
    BOOST_TEST(wf.create_parameter_artifact("/out/next").name == "output-id-2");
    BOOST_TEST(train.output("loss").expression() == "{{steps.train.outputs.parameters.loss}}");
    BOOST_TEST(train.artifact("model").expression() == "{{steps.train.outputs.artifacts.model}}");
    // A global output is published under its own name.
    BOOST_TEST(train.output("accuracy").expression() == "{{workflow.outputs.parameters.accuracy}}");
    const auto* t = wf.workflow().find_template("train");
    BOOST_TEST_REQUIRE(t);
    BOOST_TEST(t->outputs.find_parameter("accuracy")->global_name == "accuracy");
    // Positional access stays (Python SDK conformance): parameters, then artifacts.
    BOOST_TEST(train.output_at(1).name == "loss");
    BOOST_TEST(train.output_at(3).name == "model");

    auto eval = wf.run_container(container("alpine:3.18")
                                     .command({"cat"})
                                     .args({train.output("loss")})
                                     .input({train.artifact("model")})
                                     .step_name("evaluate"));
    const auto* et = wf.workflow().find_template(eval.template_name());
    BOOST_TEST_REQUIRE(et);
    BOOST_TEST(et->inputs.find_artifact("model") != nullptr); // the input keeps the name
    BOOST_TEST(depends_on(entry(wf), "evaluate", "train"));
    require_valid(wf);

    // An unknown name lists the names there are.
    CHECK_ERROR(train.output("acc"),
                "step 'train' has no output parameter 'acc' (its output parameters: accuracy, loss, output-id-1)");
    CHECK_ERROR(train.output("model"), "'model' is an output artifact: use artifact(\"model\")");
    CHECK_ERROR(train.artifact("weights"), "step 'train' has no output artifact 'weights' (its output artifacts: model)");
    CHECK_ERROR(eval.output("x"), "(it has no output parameters)");
    auto s3 = named(wf.create_s3_artifact("/out/m", "bucket", "key", "s3.example.com"), "weights");
    BOOST_TEST(s3.name == "weights");
    CHECK_ERROR(named(s3, "a/b"), "output name 'a/b' is not valid: it contains '/' at position 2");
}

BOOST_AUTO_TEST_CASE(workflow_parameters_have_handles)
{
    builder wf("params");
    auto t = wf.add_parameter("threshold", "0.9");
    BOOST_TEST(t.expression() == "{{workflow.parameters.threshold}}");
    auto a = echo(wf, "a", {t, "x"});
    wf.when(bigger(a.result(), t), [&] { return echo(wf, "b"); });
    wf.when(smaller(t, 0.5), [&] { return echo(wf, "c"); });
    const auto& g = entry(wf);
    BOOST_TEST(*g[g.at("a")].arguments[0].value == "{{workflow.parameters.threshold}}");
    BOOST_TEST(g[g.at("b")].when == "{{steps.a.outputs.result}} > {{workflow.parameters.threshold}}");
    BOOST_TEST(g[g.at("c")].when == "{{workflow.parameters.threshold}} < 0.5");
    BOOST_TEST(wf.workflow_parameter("threshold").expression() == t.expression());
    // A parameter holding a JSON list can be mapped over (withParam), with no step to depend on.
    auto sizes = wf.add_parameter("sizes", "[1, 2]");
    auto m = wf.map([&](const arg& item) { return echo(wf, "fit", {item}); }, sizes);
    const auto& g2 = entry(wf); // templates were added: `g` may have moved
    BOOST_TEST(g2[g2.at(m.name())].with_param == "{{workflow.parameters.sizes}}");
    require_valid(wf);
    CHECK_ERROR(wf.add_parameter("threshold", "1"), "workflow parameter 'threshold' is already declared");
    CHECK_ERROR(wf.workflow_parameter("thresh"), "the workflow has no parameter 'thresh' (its parameters: threshold, sizes)");
}

BOOST_AUTO_TEST_CASE(chaining_with_shift_operators_builds_fan_out_and_fan_in)
{
    builder wf("chain");
    wf.use_dag();
    auto prep = echo(wf, "prep");
    auto fit_a = echo(wf, "fit-a");
    auto fit_b = echo(wf, "fit-b");
    auto report = echo(wf, "report");
    auto last = echo(wf, "last");
    step_ref r = prep >> steps(fit_a, fit_b) >> report >> last;
    BOOST_TEST(r.name() == "last");
    const auto& g = entry(wf);
    BOOST_TEST((g.style == graph_style::dag));
    BOOST_TEST(g.edge_count() == 5u);
    BOOST_TEST(depends_on(g, "fit-a", "prep"));
    BOOST_TEST(depends_on(g, "fit-b", "prep"));
    BOOST_TEST(depends_on(g, "report", "fit-a"));
    BOOST_TEST(depends_on(g, "report", "fit-b"));
    BOOST_TEST(depends_on(g, "last", "report"));
    BOOST_TEST(!depends_on(g, "fit-b", "fit-a"));
    require_valid(wf);
}

BOOST_AUTO_TEST_CASE(chaining_refuses_handles_it_cannot_link)
{
    builder wf("chain");
    wf.use_dag();
    auto a = echo(wf, "a");
    auto b = echo(wf, "b");
    auto throws_with = [](auto&& f, const std::string& part) {
        try {
            f();
        } catch (const std::invalid_argument& e) {
            BOOST_TEST_MESSAGE(e.what());
            return std::string(e.what()).find(part) != std::string::npos;
        }
        return false;
    };
    BOOST_TEST(throws_with([&] { a >> a; }, "cannot depend on itself"));
    BOOST_TEST(throws_with([&] { a >> step_ref(); }, "empty step handle"));
    builder other("other");
    auto x = echo(other, "b");
    BOOST_TEST(throws_with([&] { a >> x; }, "different builders"));
    // A step inside a sub-workflow is in another template: a namesake must not be linked.
    step_ref inner;
    wf.run_workflow("sub", [&] { inner = echo(wf, "b"); });
    BOOST_TEST(throws_with([&] { a >> inner; }, "same template"));
    // Nothing was added by the refused calls; a failed fan-out adds no edge at all.
    BOOST_TEST(throws_with([&] { a >> steps(b, x); }, "different builders"));
    BOOST_TEST(entry(wf).edge_count() == 0u);
    // use_dag after the first step: the call order already ordered them.
    builder late("late");
    echo(late, "a");
    BOOST_TEST(throws_with([&] { late.use_dag(); }, "before its first step"));
}
