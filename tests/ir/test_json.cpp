// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// IR <-> JSON: a hand-built workflow using every field round trips losslessly; the document
// has the documented shape; the format version is checked.
#include <couler/ir/json.hpp>

#include <couler/ir/validate.hpp>
#include <couler/version.hpp>

#include "print.hpp"

#define BOOST_TEST_MODULE ir_json
#include <boost/test/unit_test.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>

namespace json = boost::json;

namespace {

couler::artifact art(std::string name, couler::artifact_kind k)
{
    couler::artifact a;
    a.name = std::move(name);
    a.kind = k;
    return a;
}

couler::step step(std::string name, std::string tmpl)
{
    couler::step s;
    s.name = std::move(name);
    s.template_name = std::move(tmpl);
    return s;
}

// Every field of the IR set to a non-default value somewhere.
couler::workflow full_workflow()
{
    couler::workflow wf;
    auto& s = wf.settings;
    s.kind = couler::workflow_kind::workflow_template;
    s.name = "full.example";
    s.generate_name = "full-";
    s.namespace_ = "ml";
    s.labels = {{"team", "ml"}, {"tier", "gold"}};
    s.annotations = {{"note", "a \"quoted\"\nannotation"}};
    couler::parameter wp;
    wp.name = "lr";
    wp.value = "0.01";
    wp.description = "learning rate";
    wp.enum_values = {"0.01", "0.1"};
    s.parameters.push_back(wp);
    s.service_account = "runner";
    s.active_deadline_seconds = 3600;
    s.ttl_seconds_after_finished = 0; // set, even though zero
    s.cron = couler::cron_schedule{"0 * * * *", "Europe/Paris", "Forbid", 60, 3, 1, true, {}, ""};
    s.parallelism = 4;
    s.volumes = {{"scratch", couler::volume::source_kind::empty_dir, "", "Memory", false},
                 {"data", couler::volume::source_kind::persistent_volume_claim, "data-pvc", "", true},
                 {"cfg", couler::volume::source_kind::config_map, "cfg-map", "", false},
                 {"creds", couler::volume::source_kind::secret, "creds", "", true},
                 {"host", couler::volume::source_kind::host_path, "/var/run", "", false}};
    s.volume_claim_templates = {{"work", {"ReadWriteOnce", "ReadOnlyMany"}, "10Gi", "fast"}};
    s.image_pull_secrets = {"regcred"};
    s.node_selector = {{"kubernetes.io/os", "linux"}};
    s.tolerations = {{"gpu", "Exists", "", "NoSchedule", 30}, {"", "", "", "", std::nullopt}};
    s.security_context = json::object{{"runAsUser", 1000}, {"fsGroup", 2000}};
    s.on_exit = "exit-handler";

    wf.entrypoint = "main";
    wf.secrets = {{"s3-creds", "ml", {"access", "secret"}}, {"git-token", "", {}}};
    wf.extensions = json::object{{"argo", json::object{{"podGC", json::object{{"strategy", "OnPodSuccess"}}}}}};

    // container
    couler::step_template gen;
    gen.name = "gen";
    couler::parameter in;
    in.name = "n";
    in.default_value = "3";
    in.description = "how many";
    gen.inputs.parameters.push_back(in);
    couler::artifact src = art("src", couler::artifact_kind::git);
    src.path = "/src";
    src.repo = "https://github.com/couler-proj/couler.git";
    src.revision = "main";
    gen.inputs.artifacts.push_back(src);
    couler::parameter out;
    out.name = "count";
    out.from.path = "/tmp/count";
    out.from.default_value = "0";
    out.global_name = "generated-count";
    out.size_bytes = 8;
    gen.outputs.parameters.push_back(out);
    // Every artifact kind, each with the location fields it uses.
    couler::artifact pa = art("p", couler::artifact_kind::parameter);
    pa.path = "/tmp/p";
    couler::artifact la = art("l", couler::artifact_kind::local);
    la.path = "/tmp/l";
    la.optional = true;
    couler::artifact s3 = art("s3o", couler::artifact_kind::s3);
    s3.path = "/tmp/s3";
    s3.bucket = "bucket";
    s3.key = "k/s3.tgz";
    s3.endpoint = "s3.amazonaws.com";
    s3.insecure = true;
    s3.access_key = couler::secret_key_ref{"s3-creds", "access"};
    s3.secret_key = couler::secret_key_ref{"s3-creds", "secret"};
    s3.size_bytes = std::numeric_limits<std::uint64_t>::max();
    s3.cost_seconds = 12.5;
    s3.is_global = true;
    s3.global_name = "s3-global";
    couler::artifact oss = art("osso", couler::artifact_kind::oss);
    oss.bucket = "ob";
    oss.key = "k";
    oss.endpoint = "oss-cn-hangzhou.aliyuncs.com";
    couler::artifact gcs = art("gcso", couler::artifact_kind::gcs);
    gcs.bucket = "gb";
    gcs.key = "k";
    couler::artifact hdfs = art("hdfso", couler::artifact_kind::hdfs);
    hdfs.addresses = {"nn1:8020", "nn2:8020"};
    hdfs.key = "/user/x";
    hdfs.user = "x";
    couler::artifact git = art("gito", couler::artifact_kind::git);
    git.repo = "git@example.com:r.git";
    couler::artifact http = art("httpo", couler::artifact_kind::http);
    http.url = "https://example.com/f.bin";
    http.size_bytes = 0;
    http.cost_seconds = 0.1;
    gen.outputs.artifacts = {pa, la, s3, oss, gcs, hdfs, git, http};
    couler::container_spec c;
    c.image = "python:3.11";
    c.command = std::vector<std::string>{"sh", "-c"};
    c.args = {"echo {{inputs.parameters.n}} > /tmp/count"};
    c.env = {{"PLAIN", "v", std::nullopt, std::nullopt},
             {"TOKEN", "", couler::secret_key_ref{"git-token", "token"}, std::nullopt},
             {"CONF", "", std::nullopt, couler::secret_key_ref{"cfg-map", "conf"}}};
    c.env_from = {{"s3-creds", "", "S3_"}, {"", "cfg-map", ""}};
    c.resources.requests = {{"cpu", "500m"}, {"memory", "1Gi"}};
    c.resources.limits = {{"nvidia.com/gpu", "1"}};
    c.working_dir = "/work";
    c.volume_mounts = {{"scratch", "/scratch", "", false}, {"data", "/data", "sub", true}};
    c.image_pull_policy = "IfNotPresent";
    gen.body = c;
    gen.node_selector = {{"pool", "cpu"}};
    gen.tolerations = {{"k", "Equal", "v", "NoExecute", std::nullopt}};
    gen.daemon = true;
    gen.timeout = "10m";
    gen.retry = couler::retry_strategy{3, "OnFailure", couler::backoff{"10s", 2, "1m", ""}, "lastRetry.status == \"Error\"", false, ""};
    gen.memoize = couler::memoize_spec{"{{inputs.parameters.n}}", "1h", "memo-cache"};
    gen.parallelism = 2;
    gen.extensions = json::object{{"argo", json::object{{"activeDeadlineSeconds", 10}}}};
    wf.add_template(gen);

    // A container template whose command is present but empty (not the same as absent).
    couler::step_template empty_cmd;
    empty_cmd.name = "empty-cmd";
    couler::container_spec ec;
    ec.image = "busybox";
    ec.command = std::vector<std::string>{};
    empty_cmd.body = ec;
    wf.add_template(empty_cmd);

    // script
    couler::step_template flip;
    flip.name = "flip";
    couler::script_spec sc;
    sc.container.image = "python:alpine3.6";
    sc.container.command = std::vector<std::string>{"python"};
    sc.source = "import random\nprint(\"heads\" if random.randint(0, 1) == 0 else \"tails\")\n";
    flip.body = sc;
    flip.retry = couler::retry_strategy{}; // set but all defaults
    wf.add_template(flip);

    // job
    couler::step_template train;
    train.name = "train";
    couler::job_spec job;
    job.framework = "pytorch";
    job.resource.action = "apply";
    job.resource.manifest = "apiVersion: kubeflow.org/v1\nkind: PyTorchJob\n";
    job.resource.success_condition = "status.replicaStatuses.Master.succeeded > 0";
    job.resource.failure_condition = "status.replicaStatuses.Master.failed > 0";
    job.resource.merge_strategy = "merge";
    job.resource.set_owner_reference = true;
    job.resource.flags = {"--validate=false"};
    job.local_command = {"python", "train.py"};
    train.body = job;
    wf.add_template(train);

    // resource (defaults: action create)
    couler::step_template res;
    res.name = "make-cm";
    couler::resource_spec rs;
    rs.manifest = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\"}";
    res.body = rs;
    wf.add_template(res);

    // suspend: with and without duration
    couler::step_template wait;
    wait.name = "wait";
    wait.body = couler::suspend_spec{"30s"};
    wf.add_template(wait);
    couler::step_template approve;
    approve.name = "approve";
    approve.body = couler::suspend_spec{};
    wf.add_template(approve);

    // A nested graph (steps style), with inputs.
    couler::step_template sub;
    sub.name = "sub";
    couler::parameter sin;
    sin.name = "x";
    sin.default_value = "";
    sub.inputs.parameters.push_back(sin);
    couler::graph sg;
    sg.style = couler::graph_style::steps;
    auto s1 = step("one", "flip");
    auto s2 = step("two", "wait");
    s2.group = 1;
    sg.add_step(s1);
    sg.add_step(s2);
    sg.add_dependency("one", "two", couler::dependency_kind::order);
    sub.body = sg;
    sub.parallelism = 1;
    wf.add_template(sub);

    // The exit handler.
    couler::step_template exit;
    exit.name = "exit-handler";
    couler::container_spec xc;
    xc.image = "alpine";
    xc.args = {"echo {{workflow.status}}"};
    exit.body = xc;
    wf.add_template(exit);

    // The entry graph (dag), using every step field.
    couler::step_template main;
    main.name = "main";
    couler::graph g;
    g.style = couler::graph_style::dag;
    auto a = step("gen", "gen");
    couler::parameter arg;
    arg.name = "n";
    arg.value = "{{workflow.parameters.lr}}";
    a.arguments.push_back(arg);
    couler::artifact aa = art("src", couler::artifact_kind::git);
    aa.repo = "https://github.com/couler-proj/couler.git";
    aa.revision = "v1";
    a.artifact_arguments.push_back(aa);
    a.cost_seconds = 30;
    a.extensions = json::object{{"argo", json::object{{"hooks", json::object{}}}}};
    g.add_step(a);
    auto f = step("flip", "flip");
    f.repeat = couler::repeat_while{"{{steps.flip.outputs.result}} == tails", 7};
    f.continue_on_failed = true;
    g.add_step(f);
    auto items = step("fan", "gen");
    items.with_items = {json::value("a"), json::value(1), json::value(-2.5), json::value(true), json::value(nullptr),
                        json::object{{"k", json::array{1, "two"}}}, json::array{}};
    items.when = "{{tasks.flip.outputs.result}} == heads";
    g.add_step(items);
    auto p = step("per-line", "gen");
    p.with_param = "{{tasks.gen.outputs.parameters.count}}";
    p.depends = "gen.Succeeded && flip";
    g.add_step(p);
    auto q = step("seq", "train");
    q.with_sequence = couler::loop_sequence{"5", "", "", "%02d"};
    g.add_step(q);
    auto q2 = step("seq2", "make-cm");
    q2.with_sequence = couler::loop_sequence{"", "1", "10", ""};
    g.add_step(q2);
    auto empty_seq = step("seq3", "approve");
    empty_seq.with_sequence = couler::loop_sequence{}; // present, all empty
    g.add_step(empty_seq);
    auto nested = step("nested", "sub");
    nested.group = 3;
    g.add_step(nested);
    g.add_step(step("no-cmd", "empty-cmd"));
    g.add_dependency("gen", "fan", couler::dependency_kind::data);
    g.add_dependency("flip", "fan");
    g.add_dependency("gen", "per-line", couler::dependency_kind::data);
    g.add_dependency("flip", "per-line", couler::dependency_kind::order);
    g.add_dependency("fan", "seq");
    g.add_dependency("seq", "nested");
    g.add_dependency("seq2", "nested");
    main.body = g;
    wf.add_template(main);
    return wf;
}

} // namespace

BOOST_AUTO_TEST_CASE(full_workflow_is_valid)
{
    // The sample is meant to be a real workflow, not only a bag of fields.
    auto ps = couler::validate(full_workflow());
    BOOST_TEST(ps.empty(), couler::invalid_input(ps).what());
}

BOOST_AUTO_TEST_CASE(full_workflow_round_trips)
{
    const auto wf = full_workflow();
    const std::string text = couler::to_json_string(wf);
    BOOST_TEST(couler::to_json_string(wf) == text); // deterministic
    auto back = couler::parse_workflow(text);
    BOOST_TEST((back == wf));
    BOOST_TEST(couler::to_json_string(back) == text);
    // From a value, and from the pretty form.
    BOOST_TEST((couler::workflow_from_json(couler::to_json(wf)) == wf));
    const std::string pretty = couler::to_json_pretty(wf);
    BOOST_TEST((couler::parse_workflow(pretty) == wf));
    BOOST_TEST(pretty.back() == '\n');
    BOOST_TEST(json::parse(pretty) == json::parse(text)); // same document
}

BOOST_AUTO_TEST_CASE(each_field_matters_to_equality_and_survives)
{
    // Changing any single field breaks equality, and the changed workflow round trips too:
    // a field the writer forgot would make the changed and the original JSON identical.
    const auto base = full_workflow();
    const std::string base_text = couler::to_json_string(base);
    std::vector<std::function<void(couler::workflow&)>> edits = {
        [](couler::workflow& w) { w.settings.kind = couler::workflow_kind::cluster_workflow_template; },
        [](couler::workflow& w) { w.settings.ttl_seconds_after_finished.reset(); },
        [](couler::workflow& w) { w.settings.cron->suspend = false; },
        [](couler::workflow& w) { w.settings.cron->starting_deadline_seconds = -1; },
        [](couler::workflow& w) { w.settings.volumes[1].read_only = false; },
        [](couler::workflow& w) { w.settings.volumes[0].kind = couler::volume::source_kind::host_path; },
        [](couler::workflow& w) { w.settings.tolerations[0].toleration_seconds.reset(); },
        [](couler::workflow& w) { w.settings.security_context.clear(); },
        [](couler::workflow& w) { w.secrets[1].namespace_ = "x"; },
        [](couler::workflow& w) { w.extensions.clear(); },
        [](couler::workflow& w) { w.find_template("gen")->daemon = false; },
        [](couler::workflow& w) { w.find_template("gen")->retry->back_off->factor.reset(); },
        [](couler::workflow& w) { w.find_template("flip")->retry.reset(); },
        [](couler::workflow& w) { w.find_template("gen")->memoize->config_map.clear(); },
        [](couler::workflow& w) { w.find_template("gen")->outputs.parameters[0].from.default_value.reset(); },
        [](couler::workflow& w) { w.find_template("gen")->outputs.artifacts[2].insecure = false; },
        [](couler::workflow& w) { w.find_template("gen")->outputs.artifacts[2].access_key.reset(); },
        [](couler::workflow& w) { w.find_template("gen")->outputs.artifacts[2].is_global = false; },
        [](couler::workflow& w) { w.find_template("gen")->outputs.artifacts[1].optional = false; },
        [](couler::workflow& w) { w.find_template("gen")->outputs.artifacts[7].size_bytes.reset(); },
        [](couler::workflow& w) { w.find_template("gen")->outputs.artifacts[5].addresses.pop_back(); },
        [](couler::workflow& w) { w.find_template("gen")->container()->env[2].config_map.reset(); },
        [](couler::workflow& w) { w.find_template("gen")->container()->volume_mounts[1].read_only = false; },
        [](couler::workflow& w) { w.find_template("empty-cmd")->container()->command.reset(); },
        [](couler::workflow& w) { std::get<couler::job_spec>(w.find_template("train")->body).local_command.clear(); },
        [](couler::workflow& w) { std::get<couler::job_spec>(w.find_template("train")->body).resource.set_owner_reference = false; },
        [](couler::workflow& w) { std::get<couler::resource_spec>(w.find_template("make-cm")->body).action = "delete"; },
        [](couler::workflow& w) { std::get<couler::suspend_spec>(w.find_template("wait")->body).duration.clear(); },
        [](couler::workflow& w) { w.find_template("sub")->graph()->style = couler::graph_style::dag; },
        [](couler::workflow& w) { (*w.find_template("sub")->graph())[1].group = 0; },
        [](couler::workflow& w) { w.graph()[w.graph().at("flip")].repeat->max_iterations = 100; },
        [](couler::workflow& w) { w.graph()[w.graph().at("flip")].continue_on_failed = false; },
        [](couler::workflow& w) { w.graph()[w.graph().at("fan")].with_items.pop_back(); },
        [](couler::workflow& w) { w.graph()[w.graph().at("seq3")].with_sequence.reset(); },
        [](couler::workflow& w) { w.graph()[w.graph().at("gen")].cost_seconds = 30.000000000000004; },
        [](couler::workflow& w) { w.graph()[w.graph().at("gen")].artifact_arguments[0].revision.clear(); },
        [](couler::workflow& w) { w.graph().add_dependency("seq3", "no-cmd", couler::dependency_kind::order); },
        [](couler::workflow& w) { w.graph().add_dependency("flip", "per-line", couler::dependency_kind::data); },
        [](couler::workflow& w) { w.graph().add_dependency("no-cmd", "seq"); },
        [](couler::workflow& w) { w.move_template("main", 0); },
    };
    for (std::size_t i = 0; i < edits.size(); ++i) {
        auto w = base;
        edits[i](w);
        BOOST_TEST((w != base), "edit " << i << " did not change the workflow");
        const std::string text = couler::to_json_string(w);
        BOOST_TEST(text != base_text, "edit " << i << " did not change the JSON");
        BOOST_TEST((couler::parse_workflow(text) == w), "edit " << i << " does not round trip");
    }
}

BOOST_AUTO_TEST_CASE(document_shape)
{
    const auto doc = couler::to_json(full_workflow());
    const auto& o = doc.as_object();
    BOOST_TEST(o.at("couler_ir").as_int64() == couler::ir_format_version);
    BOOST_TEST(o.begin()->key() == "couler_ir"); // the version comes first
    BOOST_TEST(o.at("entrypoint").as_string() == "main");
    BOOST_TEST(o.at("settings").at("kind").as_string() == "workflow_template");
    BOOST_TEST(o.at("settings").at("ttl_seconds_after_finished").as_int64() == 0);
    BOOST_TEST(o.at("settings").at("volumes").at(1).at("kind").as_string() == "persistent_volume_claim");
    const auto& gen = o.at("templates").at(0).as_object();
    BOOST_TEST(gen.at("container").at("image").as_string() == "python:3.11");
    // Secrets are references: name and key, never a value.
    const auto& s3 = gen.at("outputs").at("artifacts").at(2).as_object();
    BOOST_TEST(s3.at("kind").as_string() == "s3");
    BOOST_TEST((s3.at("access_key") == json::value(json::object{{"name", "s3-creds"}, {"key", "access"}})));
    BOOST_TEST(s3.at("size_bytes").as_uint64() == std::numeric_limits<std::uint64_t>::max());
    BOOST_TEST(gen.at("container").at("env").at(1).at("secret").at("key").as_string() == "token");
    BOOST_TEST(!gen.at("container").at("env").at(1).as_object().contains("value")); // empty: left out
    BOOST_TEST((o.at("secrets").at(0) ==
                json::value(json::object{{"name", "s3-creds"}, {"namespace", "ml"}, {"keys", json::array{"access", "secret"}}})));
    // An empty command is written; an absent one is not.
    BOOST_TEST(o.at("templates").at(1).at("container").at("command").as_array().empty());
    BOOST_TEST(!o.at("templates").at(2).at("script").as_object().contains("args"));
    BOOST_TEST(o.at("templates").at(2).at("script").at("source").is_string());
    BOOST_TEST(o.at("templates").at(3).at("job").at("framework").as_string() == "pytorch");
    BOOST_TEST(o.at("templates").at(4).at("resource").at("action").as_string() == "create");
    BOOST_TEST(o.at("templates").at(6).at("suspend").as_object().empty());
    // Dependencies: explicit ones as names, others with their kind, in insertion order.
    const auto& steps = o.at("templates").at(9).at("graph").at("steps").as_array();
    BOOST_TEST(o.at("templates").at(9).at("graph").at("style").as_string() == "dag");
    BOOST_TEST((steps.at(2).at("dependencies") ==
                json::value(json::array{json::object{{"step", "gen"}, {"kind", "data"}}, "flip"})));
    BOOST_TEST(steps.at(1).at("repeat_while").at("max_iterations").as_int64() == 7);
    BOOST_TEST(steps.at(6).at("with_sequence").as_object().empty());
    BOOST_TEST(!steps.at(8).as_object().contains("dependencies"));
    BOOST_TEST(!steps.at(8).as_object().contains("group")); // 0: left out
    // Default-valued fields are left out.
    const auto& exit = o.at("templates").at(8).as_object();
    for (auto k : {"inputs", "outputs", "daemon", "timeout", "retry", "memoize", "parallelism", "extensions",
                   "node_selector", "tolerations"})
        BOOST_TEST(!exit.contains(k), k);
}

BOOST_AUTO_TEST_CASE(empty_and_minimal_workflows)
{
    couler::workflow empty;
    auto doc = couler::to_json(empty);
    BOOST_TEST(doc.at("templates").as_array().empty());
    BOOST_TEST(doc.at("settings").as_object().empty());
    BOOST_TEST((couler::workflow_from_json(doc) == empty));

    auto minimal = couler::parse_workflow(R"({"couler_ir": 1, "entrypoint": "m", "templates": []})");
    BOOST_TEST(minimal.entrypoint == "m");
    BOOST_TEST((minimal.settings == couler::workflow_settings{}));

    couler::workflow one("one");
    BOOST_TEST((couler::parse_workflow(couler::to_json_string(one)) == one));
}

BOOST_AUTO_TEST_CASE(version_is_checked)
{
    auto with_version = [](const std::string& v) {
        return "{\"couler_ir\": " + v + ", \"entrypoint\": \"m\", \"templates\": []}";
    };
    couler::problems ps;
    couler::parse_workflow(with_version("1"), ps);
    BOOST_TEST(ps.empty());

    for (auto v : {"2", "0", "-1", "999999999999"}) {
        ps.clear();
        couler::parse_workflow(with_version(v), ps);
        BOOST_TEST_REQUIRE(ps.size() == 1u, v);
        BOOST_TEST(ps[0].code == couler::error::unsupported_version);
        BOOST_TEST(ps[0].path == "$.couler_ir");
        BOOST_TEST(ps[0].message.find(std::string("version ") + v) != std::string::npos, ps[0].message);
        BOOST_TEST(ps[0].message.find("version 1") != std::string::npos, ps[0].message);
    }
    // Another version is refused before its content is read: no noise from fields it may define.
    ps.clear();
    couler::parse_workflow(R"({"couler_ir": 2, "entrypoint": "m", "templates": [], "new_field": {}})", ps);
    BOOST_TEST(ps.size() == 1u);

    for (auto v : {"\"1\"", "1.0", "true", "null", "[1]"}) {
        ps.clear();
        couler::parse_workflow(with_version(v), ps);
        BOOST_TEST_REQUIRE(ps.size() >= 1u, v);
        BOOST_TEST(ps[0].code == couler::error::wrong_type, v);
        BOOST_TEST(ps[0].path == "$.couler_ir");
    }
    ps.clear();
    couler::parse_workflow(R"({"entrypoint": "m", "templates": []})", ps);
    BOOST_TEST_REQUIRE(ps.size() == 1u);
    BOOST_TEST(ps[0].code == couler::error::missing_field);
    BOOST_TEST(ps[0].path == "$.couler_ir");

    // The throwing overload carries the same problem.
    try {
        couler::parse_workflow(with_version("7"));
        BOOST_FAIL("version 7 was accepted");
    } catch (const couler::invalid_input& e) {
        BOOST_TEST(e.code() == couler::error::unsupported_version);
        BOOST_TEST(std::string(e.what()).find("$.couler_ir: IR format version 7") == 0u, e.what());
    }
}

BOOST_AUTO_TEST_CASE(hostile_strings_round_trip)
{
    // Quotes, escapes, control characters, NUL, unicode, `{{`, and a 1 MB string.
    std::vector<std::string> strings = {
        "", "\"", "\\", "\\\"", "\n\r\t\b\f", std::string("a\0b", 3), "\x01\x1f\x7f", "é日本語🚀", "\xe2\x80\xa8",
        "{{", "}}", "{{steps.x.outputs.result}}", "{{=sprig.trim(\"x\")}}", "</script>", std::string(1 << 20, 'x')};
    for (std::size_t i = 0; i < strings.size(); ++i) {
        const auto& s = strings[i];
        couler::workflow wf("w");
        wf.settings.labels[s] = s;
        wf.settings.annotations["k"] = s;
        auto st = step(s.empty() ? std::string("empty") : s, s);
        st.when = s;
        st.with_items = {json::value(s)};
        st.extensions[s] = s;
        wf.graph().add_step(st);
        couler::step_template t;
        t.name = s.empty() ? std::string("t") : s;
        couler::script_spec sc;
        sc.source = s;
        sc.container.args = {s, s};
        t.body = sc;
        wf.add_template(t);
        const std::string text = couler::to_json_string(wf);
        couler::problems ps;
        auto back = couler::parse_workflow(text, ps);
        BOOST_TEST(ps.empty(), "string " << i);
        BOOST_TEST((back == wf), "string " << i);
        BOOST_TEST(couler::to_json_string(back) == text, "string " << i);
    }
}

BOOST_AUTO_TEST_CASE(numbers_round_trip_exactly)
{
    // Doubles are written in shortest round-trip form and must read back bit for bit.
    std::vector<double> costs = {0.0, -0.0, 0.1, 1.0 / 3.0, 40.300000000000004, 1.9974368165136842e307,
                                 2.2471164185778946e307, 5e-324, 2.2250738585072014e-308,
                                 std::numeric_limits<double>::max(), std::numeric_limits<double>::min(), 123456789.125,
                                 9007199254740993.0, 1e21, 1e-7};
    std::mt19937_64 rng(42);
    for (int i = 0; i < 2000; ++i) {
        double d;
        std::uint64_t bits = rng();
        std::memcpy(&d, &bits, sizeof d);
        if (std::isfinite(d))
            costs.push_back(d);
    }
    couler::workflow wf("w");
    for (std::size_t i = 0; i < costs.size(); ++i) {
        auto s = step("s" + std::to_string(i), "w");
        s.cost_seconds = costs[i];
        s.with_items = {json::value(costs[i])};
        wf.graph().add_step(s);
    }
    auto back = couler::parse_workflow(couler::to_json_string(wf));
    std::size_t wrong = 0;
    for (std::size_t i = 0; i < costs.size(); ++i) {
        double r = *back.graph()[i].cost_seconds;
        if (std::memcmp(&r, &costs[i], sizeof r) != 0 && !(r == 0 && costs[i] == 0)) {
            if (++wrong <= 5)
                BOOST_ERROR("cost " << std::hexfloat << costs[i] << " read back as " << r);
        }
    }
    BOOST_TEST(wrong == 0u);
    BOOST_TEST((back == wf));

    // Integers at the edges of int64 and uint64.
    auto doc = couler::to_json(wf);
    couler::workflow ints("w");
    ints.settings.active_deadline_seconds = std::numeric_limits<std::int64_t>::min();
    ints.settings.parallelism = std::numeric_limits<std::int64_t>::max();
    couler::parameter p;
    p.name = "p";
    p.size_bytes = std::numeric_limits<std::uint64_t>::max();
    ints.settings.parameters.push_back(p);
    auto s = step("s", "w");
    s.repeat = couler::repeat_while{"c", std::numeric_limits<std::int64_t>::min()};
    s.group = std::numeric_limits<int>::max();
    s.with_items = {json::value(std::numeric_limits<std::uint64_t>::max()), json::value(std::numeric_limits<std::int64_t>::min())};
    ints.graph().add_step(s);
    BOOST_TEST((couler::parse_workflow(couler::to_json_string(ints)) == ints));
}

// ------------------------------------------------------------------ fields modelled for Argo coverage

namespace {

couler::workflow argo_features_workflow()
{
    couler::workflow wf("main", couler::graph_style::dag);
    auto& st = wf.settings;
    st.ttl_seconds_after_success = 5;
    st.ttl_seconds_after_failure = 50;
    st.synchronization = couler::synchronization_spec{{{"wf", "ns", true}}, {{couler::secret_key_ref{"cm", "k"}, "", ""}, {std::nullopt, "db", "ns"}}};
    couler::lifecycle_hook exit_hook;
    exit_hook.template_name = "say";
    couler::artifact ha;
    ha.name = "in";
    ha.kind = couler::artifact_kind::raw;
    ha.raw_data = "x";
    exit_hook.artifact_arguments.push_back(ha);
    st.hooks["exit"] = exit_hook;
    couler::lifecycle_hook remote;
    remote.template_ref_ = couler::template_ref{"lib", "t", true};
    remote.expression = "workflow.status == \"Running\"";
    st.hooks["running"] = remote;
    st.artifact_repository = couler::artifact_repository_ref{"repos", "key"};
    st.pod_gc = couler::pod_gc_spec{"OnPodSuccess", json::object{{"matchLabels", json::object{{"a", "b"}}}}, "30s"};
    st.pod_labels["tier"] = "demo";
    st.pod_annotations["a"] = "b";
    st.workflow_labels["l"] = "v";
    st.workflow_annotations["an"] = "v";
    st.workflow_labels_from["foo"] = "workflow.name";
    st.artifact_gc_strategy = "OnWorkflowDeletion";
    st.pod_resources.limits["cpu"] = "2";
    st.resource_claims.push_back(couler::resource_claim{"gpu", "", "gpu-tmpl"});
    couler::prometheus_metric wm;
    wm.name = "duration";
    wm.kind = "gauge";
    wm.value = "{{workflow.duration}}";
    wm.realtime = true;
    wm.labels.emplace_back("name", "wf");
    st.metrics.push_back(wm);
    st.cron = couler::cron_schedule{};
    st.cron->schedules = {"0 1 * * *", "0 2 * * *"};
    st.cron->when = "{{= true }}";
    couler::parameter cp;
    cp.name = "msg";
    cp.from.config_map = couler::secret_key_ref{"cfg", "msg"};
    st.parameters.push_back(cp);
    couler::artifact wa;
    wa.name = "tool";
    wa.kind = couler::artifact_kind::http;
    wa.url = "https://example.com/tool";
    wa.mode = 493;
    wf.artifacts.push_back(wa);

    couler::step_template say;
    say.name = "say";
    couler::container_spec c;
    c.name = "main";
    c.image = "alpine";
    c.readiness_probe = json::object{{"httpGet", json::object{{"path", "/"}}}};
    c.liveness_probe = json::object{{"exec", json::object{}}};
    c.startup_probe = json::object{{"tcpSocket", json::object{}}};
    c.lifecycle = json::object{{"preStop", json::object{}}};
    c.security_context = json::object{{"privileged", true}};
    c.resources.claims.push_back("gpu");
    say.body = c;
    say.total_timeout = "1m";
    say.synchronization = couler::synchronization_spec{{{"m", "", false}}, {}};
    couler::user_container side;
    side.container.name = "side";
    side.container.image = "nginx";
    side.mirror_volume_mounts = true;
    say.sidecars.push_back(side);
    side.container.name = "init";
    say.init_containers.push_back(side);
    couler::volume v;
    v.name = "w";
    say.volumes.push_back(v);
    say.pod_spec_patch = "{}";
    say.annotations["workflows.argoproj.io/display-name"] = "say hello";
    say.pod_resources.requests["memory"] = "1Gi";
    say.resource_claims.push_back(couler::resource_claim{"dev", "existing", ""});
    couler::prometheus_metric h;
    h.name = "hist";
    h.kind = "histogram";
    h.value = "{{duration}}";
    h.buckets = {0.5, 2.01};
    h.when = "{{status}} == Succeeded";
    say.metrics.push_back(h);
    couler::retry_strategy rs;
    rs.unlimited = true;
    rs.back_off = couler::backoff{"1s", 2, "1h", "1m"};
    say.retry = rs;
    couler::artifact out;
    out.name = "out";
    out.path = "/tmp/out";
    out.kind = couler::artifact_kind::s3;
    out.key = "k";
    out.region = "eu";
    out.archive = "tar";
    out.archive_compression_level = 0;
    out.gc_strategy = "Never";
    say.outputs.artifacts.push_back(out);
    couler::artifact az;
    az.name = "az";
    az.path = "/tmp/az";
    az.kind = couler::artifact_kind::azure;
    az.bucket = "container";
    az.key = "blob";
    az.secret_key = couler::secret_key_ref{"az", "key"};
    say.outputs.artifacts.push_back(az);
    couler::artifact hd;
    hd.name = "hd";
    hd.path = "/tmp/hd";
    hd.kind = couler::artifact_kind::hdfs;
    hd.key = "/x";
    hd.force = true;
    hd.archive = "none";
    say.outputs.artifacts.push_back(hd);
    couler::parameter sup;
    sup.name = "ok";
    sup.from.supplied = true;
    say.outputs.parameters.push_back(sup);
    wf.add_template(say);

    couler::step_template set;
    set.name = "set";
    couler::container_set_spec cs;
    couler::container_node a, m;
    a.container.name = "a";
    a.container.image = "alpine";
    m.container.name = "main";
    m.container.image = "alpine";
    m.dependencies = {"a"};
    cs.containers = {a, m};
    cs.volume_mounts.push_back(couler::volume_mount{"w", "/w", "", false});
    set.container_set = cs;
    couler::retry_strategy re;
    re.limit_expression = "{{inputs.parameters.n}}";
    set.retry = re;
    couler::parameter n;
    n.name = "n";
    n.default_value = "2";
    set.inputs.parameters.push_back(n);
    wf.add_template(set);

    couler::step_template call;
    call.name = "call";
    couler::http_spec hs;
    hs.url = "https://example.com";
    hs.method = "POST";
    hs.headers.push_back(couler::http_header{"h", "v", std::nullopt});
    hs.headers.push_back(couler::http_header{"t", "", couler::secret_key_ref{"s", "k"}});
    hs.body = "b";
    hs.success_condition = "response.statusCode == 201";
    hs.timeout_seconds = 5;
    hs.insecure_skip_verify = true;
    call.http = hs;
    wf.add_template(call);

    auto& g = wf.graph();
    g.fail_fast = false;
    g.target = "s1";
    couler::step s1;
    s1.name = "s1";
    s1.template_name = "say";
    s1.continue_on_error = true;
    s1.hooks["exit"] = exit_hook;
    g.add_step(s1);
    couler::step s2;
    s2.name = "s2";
    s2.template_ref_ = couler::template_ref{"lib", "hello", false};
    g.add_step(s2);
    couler::step s3;
    s3.name = "s3";
    couler::step_template inl;
    inl.body = c;
    s3.inline_template.push_back(inl);
    g.add_step(s3);
    couler::step s4;
    s4.name = "s4";
    s4.template_name = "set";
    g.add_step(s4);
    couler::step s5;
    s5.name = "s5";
    s5.template_name = "call";
    g.add_step(s5);
    couler::artifact fe;
    fe.name = "chosen";
    fe.from_expression = "tasks.s1.status == 'Succeeded' ? 'a' : 'b'";
    wf.find_template("main")->outputs.artifacts.push_back(fe);
    return wf;
}

} // namespace

BOOST_AUTO_TEST_CASE(argo_features_round_trip_and_validate)
{
    const auto wf = argo_features_workflow();
    auto ps = couler::validate(wf);
    BOOST_TEST(ps.empty(), (ps.empty() ? std::string() : couler::invalid_input(ps).what()));
    const std::string text = couler::to_json_string(wf);
    auto back = couler::parse_workflow(text);
    BOOST_TEST((back == wf));
    BOOST_TEST(couler::to_json_string(back) == text);
    // The documented key names (docs/ir.md).
    json::value doc = couler::to_json(wf);
    const auto& s = doc.at("settings");
    for (const char* k : {"ttl_seconds_after_success", "ttl_seconds_after_failure", "synchronization", "hooks",
                          "artifact_repository", "pod_gc", "pod_labels", "pod_annotations", "workflow_labels",
                          "workflow_annotations", "workflow_labels_from", "artifact_gc_strategy", "pod_resources",
                          "resource_claims", "metrics"})
        BOOST_TEST(s.as_object().contains(k), k);
    BOOST_TEST(s.at("cron").at("schedules").as_array().size() == 2u);
    BOOST_TEST(s.at("parameters").at(0).at("from").at("config_map").at("key").as_string() == "msg");
    BOOST_TEST(doc.at("artifacts").at(0).at("mode").as_int64() == 493);
    const auto& say = doc.at("templates").at(1);
    for (const char* k : {"total_timeout", "synchronization", "sidecars", "init_containers", "volumes",
                          "pod_spec_patch", "pod_resources", "resource_claims", "metrics", "retry"})
        BOOST_TEST(say.as_object().contains(k), k);
    BOOST_TEST(say.at("retry").at("unlimited").as_bool());
    BOOST_TEST(say.at("container").at("readiness_probe").is_object());
    BOOST_TEST(doc.at("templates").at(2).as_object().contains("container_set"));
    BOOST_TEST(!doc.at("templates").at(2).as_object().contains("container"));
    BOOST_TEST(doc.at("templates").at(3).at("http").at("url").as_string() == "https://example.com");
    const auto& steps = doc.at("templates").at(0).at("graph").at("steps");
    BOOST_TEST(doc.at("templates").at(0).at("graph").at("fail_fast").as_bool() == false);
    BOOST_TEST(steps.at(1).at("template_ref").at("template").as_string() == "hello");
    BOOST_TEST(!steps.at(1).as_object().contains("template"));
    BOOST_TEST(!steps.at(2).as_object().contains("template"));
    BOOST_TEST(!steps.at(2).at("inline").as_object().contains("name"));
    // Each new field matters to equality and survives the round trip on its own.
    std::vector<std::function<void(couler::workflow&)>> edits = {
        [](couler::workflow& w) { w.settings.synchronization->mutexes[0].database = false; },
        [](couler::workflow& w) { w.settings.hooks.erase("running"); },
        [](couler::workflow& w) { w.settings.hooks["exit"].artifact_arguments.clear(); },
        [](couler::workflow& w) { w.settings.pod_gc->label_selector.clear(); },
        [](couler::workflow& w) { w.settings.cron->when.clear(); },
        [](couler::workflow& w) { w.settings.metrics[0].realtime = false; },
        [](couler::workflow& w) { w.settings.workflow_template_ref_ = couler::workflow_template_ref{"x", true}; },
        [](couler::workflow& w) { w.artifacts[0].mode.reset(); },
        [](couler::workflow& w) { w.find_template("say")->container()->name.clear(); },
        [](couler::workflow& w) { w.find_template("say")->container()->lifecycle.clear(); },
        [](couler::workflow& w) { w.find_template("say")->sidecars[0].mirror_volume_mounts = false; },
        [](couler::workflow& w) { w.find_template("say")->retry->back_off->cap.clear(); },
        [](couler::workflow& w) { w.find_template("say")->outputs.artifacts[0].archive_compression_level.reset(); },
        [](couler::workflow& w) { w.find_template("say")->outputs.artifacts[2].force = false; },
        [](couler::workflow& w) { w.find_template("say")->outputs.parameters[0].from.supplied = false; },
        [](couler::workflow& w) { w.find_template("say")->metrics[0].buckets.pop_back(); },
        [](couler::workflow& w) { w.find_template("say")->annotations.clear(); },
        [](couler::workflow& w) { w.find_template("set")->container_set->containers[1].dependencies.clear(); },
        [](couler::workflow& w) { w.find_template("call")->http->insecure_skip_verify = false; },
        [](couler::workflow& w) { w.graph().target.clear(); },
        [](couler::workflow& w) { w.graph().fail_fast.reset(); },
        [](couler::workflow& w) { w.graph()[w.graph().at("s1")].continue_on_error = false; },
        [](couler::workflow& w) { w.graph()[w.graph().at("s2")].template_ref_->cluster_scope = true; },
        [](couler::workflow& w) { w.graph()[w.graph().at("s3")].inline_template[0].name = "named"; },
    };
    for (std::size_t i = 0; i < edits.size(); ++i) {
        auto w = wf;
        edits[i](w);
        BOOST_TEST((w != wf), "edit " << i << " did not change the workflow");
        const std::string t = couler::to_json_string(w);
        BOOST_TEST(t != text, "edit " << i << " did not change the JSON");
        BOOST_TEST((couler::parse_workflow(t) == w), "edit " << i << " does not round trip");
    }
}

BOOST_AUTO_TEST_CASE(argo_features_reader_errors_have_paths)
{
    auto problems_of = [](const std::string& text) {
        couler::problems ps;
        couler::parse_workflow(text, ps);
        return ps;
    };
    const std::string head = R"({"couler_ir": 1, "entrypoint": "m", "templates": [{"name": "m", )";
    auto ps = problems_of(head + R"("container": {"image": "a"}, "synchronization": {"semaphores": [{}]}}]})");
    BOOST_TEST_REQUIRE(ps.size() == 1u);
    BOOST_TEST(ps[0].path == "$.templates[0].synchronization.semaphores[0]");
    ps = problems_of(head + R"("http": {"url": "u"}, "container": {"image": "a"}}]})");
    BOOST_TEST_REQUIRE(ps.size() == 1u);
    BOOST_TEST((ps[0].code == couler::error::bad_value));
    ps = problems_of(head + R"("graph": {"steps": [{"name": "s", "template": "m", "template_ref": {"name": "a", "template": "b"}}]}}]})");
    BOOST_TEST_REQUIRE(ps.size() == 1u);
    BOOST_TEST(ps[0].path == "$.templates[0].graph.steps[0].template");
    ps = problems_of(head + R"("container": {"image": "a"}, "metrics": [{"name": "x", "kind": "summary"}]}]})");
    BOOST_TEST_REQUIRE(ps.size() == 1u);
    BOOST_TEST(ps[0].path == "$.templates[0].metrics[0].kind");
    ps = problems_of(head + R"("container": {"image": "a"}}], "settings": {"hooks": {"exit": {}}}})");
    BOOST_TEST_REQUIRE(ps.size() == 1u);
    BOOST_TEST(ps[0].path == "$.settings.hooks.exit");
}
