// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#include <couler/emit/argo.hpp>
#include <couler/ir/validate.hpp>

#define BOOST_TEST_MODULE argo_emit_argo
#include <boost/test/unit_test.hpp>

#include "yaml_to_json.hpp"

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

namespace json = boost::json;
using namespace couler;

namespace {

step_template container_template(const std::string& name, const std::string& image = "alpine:3.18",
                                 std::vector<std::string> args = {})
{
    step_template t;
    t.name = name;
    container_spec c;
    c.image = image;
    c.command = std::vector<std::string>{"sh", "-c"};
    c.args = std::move(args);
    t.body = c;
    return t;
}

step make_step(const std::string& name, const std::string& tmpl, int group = 0)
{
    step s;
    s.name = name;
    s.template_name = tmpl;
    s.group = group;
    return s;
}

const json::value& at(const json::value& v, std::initializer_list<json::string_view> path)
{
    const json::value* p = &v;
    for (auto k : path)
        p = &p->as_object().at(k);
    return *p;
}

std::string first_problem(const workflow& wf, const argo_options& opt = {})
{
    try {
        to_argo_json(wf, opt);
    } catch (const invalid_input& e) {
        return e.what();
    }
    return {};
}

/// A workflow that uses every feature the emitter maps.
workflow feature_rich()
{
    workflow wf("features", graph_style::dag);
    wf.settings.name.clear();
    wf.settings.generate_name = "features-";
    wf.settings.labels = {{"team", "ml"}};
    wf.settings.parameters.push_back(parameter{"lr", std::string("0.1"), {}, {}, {}, {}, {}, {}});
    wf.settings.service_account = "runner";
    wf.settings.active_deadline_seconds = 3600;
    wf.settings.ttl_seconds_after_finished = 100;
    wf.settings.volumes.push_back(volume{"work", volume::source_kind::persistent_volume_claim, "claim", {}, false});
    wf.settings.volumes.push_back(volume{"scratch", volume::source_kind::empty_dir, {}, "Memory", false});
    wf.settings.volume_claim_templates.push_back(volume_claim_template{"vct", {"ReadWriteOnce"}, "1Gi", {}});
    wf.settings.image_pull_secrets = {"regcred"};
    wf.settings.tolerations.push_back(toleration{"gpu", "Exists", {}, "NoSchedule", {}});
    wf.settings.on_exit = "cleanup";

    auto gen = container_template("gen", "python:3.11", {"echo '[1,2]' > /tmp/out.json"});
    parameter out;
    out.name = "list";
    out.from.path = "/tmp/out.json";
    gen.outputs.parameters.push_back(out);
    artifact s3;
    s3.name = "model";
    s3.kind = artifact_kind::s3;
    s3.path = "/tmp/model";
    s3.bucket = "b";
    s3.key = "models/m";
    s3.endpoint = "s3.example.com";
    s3.access_key = secret_key_ref{"s3cred", "accessKey"};
    s3.secret_key = secret_key_ref{"s3cred", "secretKey"};
    gen.outputs.artifacts.push_back(s3);
    gen.retry = retry_strategy{3, "OnFailure", backoff{"10s", 2, "1m", ""}, {}, false, ""};
    gen.memoize = memoize_spec{"{{inputs.parameters.k}}", "1h", "couler-cache"};
    gen.inputs.parameters.push_back(parameter{"k", {}, std::string("x"), {}, {}, {}, {}, {}});
    gen.timeout = "2m";
    gen.node_selector = {{"disk", "ssd"}};
    gen.container()->env.push_back(env_var{"TOKEN", {}, secret_key_ref{"tok", "token"}, std::nullopt});
    gen.container()->resources.limits = {{"cpu", "1"}};
    gen.container()->volume_mounts.push_back(volume_mount{"work", "/work", {}, false});
    wf.add_template(gen);

    auto use = container_template("use", "python:3.11", {"{{inputs.parameters.v}}"});
    use.inputs.parameters.push_back(parameter{"v", {}, {}, {}, {}, {}, {}, {}});
    artifact in = s3;
    in.path = "/tmp/in";
    in.kind = artifact_kind::local;
    in.name = "model";
    use.inputs.artifacts.push_back(in);
    wf.add_template(use);

    step_template job;
    job.name = "train";
    job_spec j;
    j.framework = "pytorch";
    j.resource.manifest = "apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nmetadata:\n  generateName: t-\n";
    j.resource.success_condition = "status.replicaStatuses.Worker.succeeded == 2";
    j.resource.failure_condition = "status.replicaStatuses.Worker.failed > 0";
    j.resource.set_owner_reference = true;
    job.body = j;
    parameter jn;
    jn.name = "job-name";
    jn.from.json_path = "{.metadata.name}";
    job.outputs.parameters.push_back(jn);
    wf.add_template(job);

    step_template wait;
    wait.name = "pause";
    wait.body = suspend_spec{"10s"};
    wf.add_template(wait);

    step_template script_t;
    script_t.name = "coin";
    script_spec sc;
    sc.container.image = "python:3.11";
    sc.container.command = std::vector<std::string>{"python"};
    sc.source = "import random\nprint('heads' if random.random() < 0.5 else 'tails')\n";
    script_t.body = sc;
    wf.add_template(script_t);

    auto cleanup = container_template("cleanup", "alpine:3.18", {"echo {{workflow.status}}"});
    wf.add_template(cleanup);

    auto& g = wf.graph();
    auto a = g.add_step(make_step("gen", "gen"));
    g[a].arguments.push_back(parameter{"k", std::string("key-{{workflow.parameters.lr}}"), {}, {}, {}, {}, {}, {}});
    auto b = g.add_step(make_step("use", "use"));
    g[b].arguments.push_back(parameter{"v", std::string("{{item}}"), {}, {}, {}, {}, {}, {}});
    g[b].with_param = "{{steps.gen.outputs.parameters.list}}"; // IR spelling: rewritten to tasks.
    artifact arg;
    arg.name = "model";
    arg.from = "{{steps.gen.outputs.artifacts.model}}";
    g[b].artifact_arguments.push_back(arg);
    g.add_dependency(a, b);
    auto c = g.add_step(make_step("train", "train"));
    g[c].depends = "gen.Succeeded";
    auto d = g.add_step(make_step("coin", "coin"));
    g[d].repeat = repeat_while{"{{tasks.coin.outputs.result}} == tails", 10};
    auto e = g.add_step(make_step("pause", "pause"));
    g[e].when = "{{steps.gen.outputs.parameters.list}} != []";
    g[e].continue_on_failed = true;
    g[e].with_sequence = loop_sequence{"3", {}, {}, {}};
    g.add_dependency(a, e);
    g.add_dependency(d, e);
    return wf;
}

namespace fs = std::filesystem;

fs::path out_dir()
{
    fs::path d = fs::path(COULER_TEST_OUT_DIR) / "argo";
    fs::create_directories(d);
    return d;
}

/// tools/validate.py and tools/lint_argo.py over files, in one Python call each.
void validate(const std::vector<fs::path>& files, const std::string& schema = "workflow_v1alpha1.json")
{
    fs::path shared = COULER_SHARED_DIR;
    BOOST_REQUIRE_MESSAGE(fs::exists(shared / "tools" / "validate.py"), "COULER_SHARED_DIR is missing: " << shared);
    std::string list;
    for (const auto& f : files)
        list += " " + f.string();
    std::string v = "/usr/bin/python3 " + (shared / "tools/validate.py").string() + " " +
                    (shared / "schemas" / schema).string() + list;
    std::string l = "/usr/bin/python3 " + (shared / "tools/lint_argo.py").string() + list;
    BOOST_TEST(std::system(v.c_str()) == 0, v);
    BOOST_TEST(std::system(l.c_str()) == 0, l);
}

} // namespace

BOOST_AUTO_TEST_CASE(argo_emit_every_feature_maps)
{
    workflow wf = feature_rich();
    json::value doc = to_argo_json(wf);
    const auto& spec = at(doc, {"spec"});
    BOOST_TEST(at(doc, {"kind"}).as_string() == "Workflow");
    BOOST_TEST(at(doc, {"metadata", "generateName"}).as_string() == "features-");
    BOOST_TEST(at(spec, {"onExit"}).as_string() == "cleanup");
    BOOST_TEST(at(spec, {"ttlStrategy", "secondsAfterCompletion"}).as_int64() == 100);
    BOOST_TEST(at(spec, {"serviceAccountName"}).as_string() == "runner");
    // Python layout: spec keys sorted.
    std::vector<std::string> keys;
    for (const auto& kv : spec.as_object())
        keys.emplace_back(kv.key());
    BOOST_TEST(std::is_sorted(keys.begin(), keys.end()));
    const auto& ts = spec.as_object().at("templates").as_array();
    BOOST_TEST(ts[0].as_object().at("name").as_string() == "features");
    const auto& tasks = at(ts[0], {"dag", "tasks"}).as_array();
    BOOST_TEST(tasks.size() == 5u);
    BOOST_TEST(at(tasks[1], {"withParam"}).as_string() == "{{tasks.gen.outputs.parameters.list}}");
    BOOST_TEST(at(tasks[1], {"arguments", "artifacts"}).as_array()[0].as_object().at("from").as_string() ==
               "{{tasks.gen.outputs.artifacts.model}}");
    BOOST_TEST(at(tasks[2], {"depends"}).as_string() == "gen.Succeeded");
    BOOST_TEST(at(tasks[3], {"name"}).as_string() == "exec-while-coin");
    BOOST_TEST(at(tasks[3], {"template"}).as_string() == "exec-while-coin");
    BOOST_TEST(at(tasks[4], {"when"}).as_string() == "{{tasks.gen.outputs.parameters.list}} != []");
    BOOST_TEST(at(tasks[4], {"dependencies"}).as_array()[1].as_string() == "exec-while-coin");
    BOOST_TEST(at(tasks[4], {"continueOn", "failed"}).as_bool());
    const auto& gen = ts[1];
    BOOST_TEST(at(gen, {"retryStrategy", "limit"}).as_int64() == 3);
    BOOST_TEST(at(gen, {"retryStrategy", "backoff", "maxDuration"}).as_string() == "1m");
    BOOST_TEST(at(gen, {"memoize", "cache", "configMap", "name"}).as_string() == "couler-cache");
    BOOST_TEST(at(gen, {"activeDeadlineSeconds"}).as_int64() == 120);
    BOOST_TEST(at(gen, {"container", "env"}).as_array()[0].as_object().at("valueFrom").as_object().at("secretKeyRef") ==
               json::value(json::object{{"key", "token"}, {"name", "tok"}}));
    const auto& s3 = at(gen, {"outputs", "artifacts"}).as_array()[0].as_object().at("s3");
    BOOST_TEST(at(s3, {"accessKeySecret", "name"}).as_string() == "s3cred");
    const auto& train = ts[3];
    BOOST_TEST(at(train, {"resource", "successCondition"}).as_string() == "status.replicaStatuses.Worker.succeeded == 2");
    BOOST_TEST(at(train, {"resource", "setOwnerReference"}).as_bool());
    BOOST_TEST(at(train, {"outputs", "parameters"}).as_array()[0].as_object().at("valueFrom").as_object().at("jsonPath") ==
               "{.metadata.name}");
    // The recursive template: the loop step, then itself again while the condition holds.
    const auto& loop = ts.back();
    BOOST_TEST(at(loop, {"name"}).as_string() == "exec-while-coin");
    const auto& again = loop.as_object().at("steps").as_array()[1].as_array()[0];
    BOOST_TEST(at(again, {"template"}).as_string() == "exec-while-coin");
    BOOST_TEST(at(again, {"when"}).as_string() ==
               "({{steps.coin.outputs.result}} == tails) && {{inputs.parameters.couler-iteration}} < 9");
    BOOST_TEST(at(again, {"arguments", "parameters"}).as_array()[0].as_object().at("value").as_string() ==
               "{{=asInt(inputs.parameters['couler-iteration']) + 1}}");
    argo_options sdk;
    sdk.exec_while_guard = false; // the Python SDK's form: no counter
    json::value plain = to_argo_json(wf, sdk);
    const auto& again2 = plain.at("spec").at("templates").as_array().back().at("steps").as_array()[1].as_array()[0];
    BOOST_TEST(at(again2, {"when"}).as_string() == "{{steps.coin.outputs.result}} == tails");

    // YAML and JSON forms are the same document, and Argo's schema and linter accept it.
    std::string yaml = to_argo_yaml(wf);
    BOOST_TEST(couler_test::yaml_to_json(YAML::Load(yaml)) == doc);
    fs::path f = out_dir() / "features.yaml";
    std::ofstream(f) << yaml;
    fs::path fj = out_dir() / "features.json";
    std::ofstream(fj) << json::serialize(doc);
    validate({f, fj});
}

BOOST_AUTO_TEST_CASE(argo_emit_kinds)
{
    workflow wf("tmpl");
    wf.add_template(container_template("hello"));
    wf.graph().add_step(make_step("hello", "hello"));
    wf.settings.kind = workflow_kind::workflow_template;
    json::value doc = to_argo_json(wf);
    BOOST_TEST(at(doc, {"kind"}).as_string() == "WorkflowTemplate");
    BOOST_TEST(at(doc, {"metadata", "name"}).as_string() == "tmpl");
    fs::path f = out_dir() / "template.yaml";
    std::ofstream(f) << to_argo_yaml(wf);
    validate({f}, "workflowtemplate_v1alpha1.json");

    wf.settings.kind = workflow_kind::workflow;
    cron_schedule c;
    c.schedule = "*/5 * * * *";
    wf.settings.cron = c;
    doc = to_argo_json(wf);
    BOOST_TEST(at(doc, {"kind"}).as_string() == "CronWorkflow");
    BOOST_TEST(at(doc, {"spec", "schedule"}).as_string() == "*/5 * * * *");
    BOOST_TEST(at(doc, {"spec", "workflowSpec", "entrypoint"}).as_string() == "tmpl");
    wf.settings.kind = workflow_kind::workflow_template;
    BOOST_TEST(first_problem(wf).find("CronWorkflow") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(argo_emit_steps_groups_and_prefix_rewrite)
{
    workflow wf("groups");
    wf.add_template(container_template("t"));
    auto& g = wf.graph();
    g.add_step(make_step("a", "t", 0));
    g.add_step(make_step("b", "t", 1));
    g.add_step(make_step("c", "t", 1));
    auto d = g.add_step(make_step("d", "t", 2));
    g[d].when = "{{tasks.a.outputs.result}} == x";
    json::value doc = to_argo_json(wf);
    const auto& steps = at(doc.as_object().at("spec").as_object().at("templates").as_array()[0], {"steps"}).as_array();
    BOOST_TEST(steps.size() == 3u);
    BOOST_TEST(steps[1].as_array().size() == 2u);
    BOOST_TEST(at(steps[2].as_array()[0], {"when"}).as_string() == "{{steps.a.outputs.result}} == x");
    // An edge against the group order cannot be expressed by steps.
    g.add_dependency("d", "b");
    BOOST_TEST(first_problem(wf).find("step 'b'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(argo_emit_extensions)
{
    workflow wf("ext");
    auto t = container_template("t");
    t.extensions["argo"] = json::object{{"podSpecPatch", "{}"}, {"container", json::object{{"tty", true}}}};
    wf.add_template(t);
    auto v = wf.graph().add_step(make_step("a", "t"));
    wf.graph()[v].extensions["argo"] = json::object{{"hooks", json::object{}}};
    wf.extensions["argo"] = json::object{{"metadata", json::object{{"labels", json::object{{"x", "y"}}}}},
                                         {"spec", json::object{{"podGC", json::object{{"strategy", "OnPodSuccess"}}}}}};
    json::value doc = to_argo_json(wf);
    BOOST_TEST(at(doc, {"metadata", "labels", "x"}).as_string() == "y");
    BOOST_TEST(at(doc, {"spec", "podGC", "strategy"}).as_string() == "OnPodSuccess");
    const auto& tt = at(doc, {"spec", "templates"}).as_array()[1];
    BOOST_TEST(at(tt, {"container", "tty"}).as_bool());
    BOOST_TEST(at(tt, {"container", "image"}).as_string() == "alpine:3.18"); // deep merge keeps siblings
    BOOST_TEST(at(tt, {"podSpecPatch"}).as_string() == "{}");
    fs::path f = out_dir() / "extensions.yaml";
    std::ofstream(f) << to_argo_yaml(wf);
    validate({f});
    // Another engine's extension is an error naming it, never a silent drop.
    wf.graph()[v].extensions["tekton"] = json::object{{"x", 1}};
    std::string p = first_problem(wf);
    BOOST_TEST(p.find("\"tekton\"") != std::string::npos);
    BOOST_TEST(p.find("step 'a'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(argo_emit_errors_name_the_step)
{
    workflow wf("errs");
    wf.add_template(container_template("t"));
    auto v = wf.graph().add_step(make_step("a", "t"));
    wf.graph()[v].depends = "x"; // depends needs a DAG
    BOOST_TEST(first_problem(wf).find("step 'a'") != std::string::npos);
    wf.graph()[v].depends.clear();
    wf.graph().add_step(make_step("b", "missing", 1));
    BOOST_TEST(first_problem(wf).find("unknown template 'missing'") != std::string::npos);

    workflow w2("loop");
    w2.add_template(container_template("t"));
    auto l = w2.graph().add_step(make_step("flip", "t"));
    w2.graph()[l].repeat = repeat_while{"{{steps.flip.outputs.result}} == tails", 5};
    auto r = w2.graph().add_step(make_step("reader", "t", 1));
    w2.graph()[r].arguments.push_back(parameter{"x", std::string("{{steps.flip.outputs.result}}"), {}, {}, {}, {}, {}, {}});
    BOOST_TEST(first_problem(w2).find("exec_while step 'flip'") != std::string::npos);

    workflow w3("memo");
    auto mt = container_template("t");
    mt.memoize = memoize_spec{"k", {}, {}};
    w3.add_template(mt);
    w3.graph().add_step(make_step("a", "t"));
    BOOST_TEST(first_problem(w3).find("ConfigMap") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(argo_emit_rewrite_refs)
{
    BOOST_TEST(argo_rewrite_step_refs("{{steps.a.outputs.result}} {{ tasks.b.id }} {{inputs.parameters.x}}", "tasks") ==
               "{{tasks.a.outputs.result}} {{ tasks.b.id }} {{inputs.parameters.x}}");
    BOOST_TEST(argo_rewrite_step_refs("{{tasks.a.outputs.parameters.p}}", "steps") == "{{steps.a.outputs.parameters.p}}");
    BOOST_TEST(argo_rewrite_step_refs("no refs {{", "steps") == "no refs {{");
}

/// Python-SDK-style layout past the caps (one template per step, as the SDK names them):
/// shared templates, nested parts, or a refusal that says the workflow needs splitting.
BOOST_AUTO_TEST_CASE(argo_emit_caps_share_or_refuse)
{
    auto build = [](std::size_t n, std::size_t per_group) {
        workflow wf("big");
        for (std::size_t i = 0; i < n; ++i) {
            std::string name = "step-" + std::to_string(i);
            auto t = container_template(name, "alpine:3.18", {"{{inputs.parameters.para-" + name + "-0}}"});
            t.inputs.parameters.push_back(parameter{"para-" + name + "-0", {}, {}, {}, {}, {}, {}, {}});
            t.container()->env.push_back(env_var{"INDEX", std::to_string(i), std::nullopt, std::nullopt});
            wf.add_template(t);
            auto v = wf.graph().add_step(make_step(name, name, static_cast<int>(i / per_group)));
            wf.graph()[v].arguments.push_back(
                parameter{"para-" + name + "-0", std::string("echo " + std::to_string(i)), {}, {}, {}, {}, {}, {}});
        }
        return wf;
    };
    // 250 steps, 251 templates: shared templates, and the sequence nested in two parts.
    workflow nested = build(250, 1);
    json::value n = to_argo_json(nested);
    const auto& nts = at(n, {"spec", "templates"}).as_array();
    BOOST_TEST(nts.size() == 4u); // entry, the shared leaf, two parts
    BOOST_TEST(at(nts[0], {"steps"}).as_array().size() == 2u);
    BOOST_TEST(at(nts[2], {"name"}).as_string() == "big-part-0");
    BOOST_TEST(at(nts[2], {"steps"}).as_array().size() == 200u);
    BOOST_TEST(at(nts[3], {"steps"}).as_array().size() == 50u);
    fs::path nf = out_dir() / "nested_steps.yaml";
    std::ofstream(nf) << to_argo_yaml(nested);
    // A DAG over the cap: parts follow a topological order, the outer DAG orders the parts.
    workflow dag = build(450, 1);
    dag.graph().style = graph_style::dag;
    for (std::size_t i = 1; i < 450; ++i)
        dag.graph().add_dependency(i - 1, i);
    json::value d = to_argo_json(dag);
    const auto& outer = at(at(d, {"spec", "templates"}).as_array()[0], {"dag", "tasks"}).as_array();
    BOOST_TEST(outer.size() == 3u);
    BOOST_TEST(at(outer[2], {"dependencies"}).as_array()[0].as_string() == "part-1");
    fs::path df = out_dir() / "nested_dag.yaml";
    std::ofstream(df) << to_argo_yaml(dag);
    validate({nf, df});
    // A step reading a sibling that lands in another part cannot be nested: refused, named.
    workflow reads = build(250, 1);
    auto& rs = reads.graph()[reads.graph().at("step-240")];
    rs.arguments[0].value = "{{steps.step-3.outputs.result}}";
    std::string p = first_problem(reads);
    BOOST_TEST(p.find("needs splitting") != std::string::npos, p);
    BOOST_TEST(p.find("step 'step-240'") != std::string::npos, p);
    // One parallel group over the cap, and more parts than the cap: refused.
    BOOST_TEST(first_problem(build(201, 1000)).find("needs splitting") != std::string::npos);
    workflow too_many = build(40400, 1);
    p = first_problem(too_many);
    BOOST_TEST(p.find("needs splitting") != std::string::npos, p);
    // 199 steps, 200 templates: fits the caps, Python layout kept (one template per step).
    workflow fits = build(199, 1);
    json::value doc = to_argo_json(fits);
    BOOST_TEST(at(doc, {"spec", "templates"}).as_array().size() == 200u);
    // 200 steps need 201 templates: shared into one template with the literals as parameters.
    workflow shared = build(200, 1);
    doc = to_argo_json(shared);
    const auto& ts = at(doc, {"spec", "templates"}).as_array();
    BOOST_TEST(ts.size() == 2u);
    const auto& first = at(ts[0], {"steps"}).as_array()[7].as_array()[0];
    BOOST_TEST(at(first, {"template"}).as_string() == "step-0");
    const auto& args = at(first, {"arguments", "parameters"}).as_array();
    BOOST_TEST(args.size() == 2u);
    BOOST_TEST(at(args[0], {"name"}).as_string() == "couler-in-0");
    BOOST_TEST(at(args[0], {"value"}).as_string() == "echo 7");
    BOOST_TEST(at(args[1], {"value"}).as_string() == "7"); // the env value that differs
    fs::path f = out_dir() / "shared.yaml";
    std::ofstream(f) << to_argo_yaml(shared);
    validate({f});
    // The caps can be lifted for throughput benchmarks only.
    argo_options raw;
    raw.enforce_caps = false;
    BOOST_TEST(at(to_argo_json(build(250, 1), raw), {"spec", "templates"}).as_array().size() == 251u);
}

// ------------------------------------------------------------------ features modelled for Argo coverage

BOOST_AUTO_TEST_CASE(argo_emit_template_refs_and_other_bodies)
{
    workflow wf("main", graph_style::dag);
    wf.settings.generate_name = "refs-";
    // A container set, an HTTP request: no `container` body next to them.
    step_template set;
    set.name = "set";
    container_set_spec cs;
    container_node a, m;
    a.container.name = "a";
    a.container.image = "alpine";
    m.container.name = "main";
    m.container.image = "alpine";
    m.dependencies = {"a"};
    cs.containers = {a, m};
    set.container_set = cs;
    wf.add_template(set);
    step_template call;
    call.name = "call";
    http_spec h;
    h.url = "https://example.com";
    h.success_condition = "response.statusCode == 201";
    call.http = h;
    wf.add_template(call);
    // Its outputs come from its steps: `from` and `fromExpression` are written.
    auto& g = wf.graph();
    auto s1 = g.add_step(make_step("s1", "set"));
    auto s2 = g.add_step(make_step("s2", "call"));
    step r;
    r.name = "remote";
    r.template_ref_ = template_ref{"lib", "hello", true};
    lifecycle_hook exit_hook;
    exit_hook.template_name = "call";
    r.hooks["exit"] = exit_hook;
    r.continue_on_error = true;
    auto s3 = g.add_step(r);
    step in;
    in.name = "inline";
    in.inline_template.push_back(container_template(""));
    auto s4 = g.add_step(in);
    g.add_dependency(s1, s3);
    (void)s2;
    (void)s4;
    g.fail_fast = false;
    g.target = "remote";
    artifact out;
    out.name = "o";
    out.from = "{{tasks.s1.outputs.artifacts.x}}";
    wf.find_template("main")->outputs.artifacts.push_back(out);
    artifact out2;
    out2.name = "o2";
    out2.from_expression = "tasks.s1.status == 'Succeeded'";
    wf.find_template("main")->outputs.artifacts.push_back(out2);

    argo_options opt;
    opt.python_sdk_layout = false;
    json::value doc = to_argo_json(wf, opt);
    const auto& ts = at(doc, {"spec", "templates"}).as_array();
    const json::value& main = ts.at(0);
    BOOST_TEST(at(main, {"dag", "failFast"}).as_bool() == false);
    BOOST_TEST(at(main, {"dag", "target"}).as_string() == "remote");
    const auto& tasks = at(main, {"dag", "tasks"}).as_array();
    BOOST_TEST(!tasks.at(2).as_object().contains("template"));
    BOOST_TEST(at(tasks.at(2), {"templateRef", "template"}).as_string() == "hello");
    BOOST_TEST(at(tasks.at(2), {"templateRef", "clusterScope"}).as_bool());
    BOOST_TEST(at(tasks.at(2), {"hooks", "exit", "template"}).as_string() == "call");
    BOOST_TEST(at(tasks.at(2), {"continueOn", "error"}).as_bool());
    BOOST_TEST(!tasks.at(3).as_object().contains("template"));
    BOOST_TEST(at(tasks.at(3), {"inline", "container", "image"}).as_string() == "alpine:3.18");
    BOOST_TEST(!at(tasks.at(3), {"inline"}).as_object().contains("name"));
    BOOST_TEST(at(main, {"outputs", "artifacts"}).as_array().at(0).at("from").as_string() ==
               "{{tasks.s1.outputs.artifacts.x}}");
    BOOST_TEST(at(main, {"outputs", "artifacts"}).as_array().at(1).at("fromExpression").as_string() ==
               "tasks.s1.status == 'Succeeded'");
    const json::value& set_json = ts.at(1);
    BOOST_TEST(!set_json.as_object().contains("container"));
    BOOST_TEST(at(set_json, {"containerSet", "containers"}).as_array().at(1).at("dependencies").as_array().size() == 1u);
    const json::value& call_json = ts.at(2);
    BOOST_TEST(!call_json.as_object().contains("container"));
    BOOST_TEST(at(call_json, {"http", "successCondition"}).as_string() == "response.statusCode == 201");
    // The engine-neutral IR is valid: a templateRef step needs no local template.
    BOOST_TEST(validate(wf).empty(), (validate(wf).empty() ? "" : validate(wf)[0].to_string()));
}

BOOST_AUTO_TEST_CASE(argo_emit_pod_and_workflow_features)
{
    workflow wf("main");
    wf.settings.generate_name = "pod-";
    step_template t = container_template("work");
    t.total_timeout = "{{inputs.parameters.t}}";
    t.timeout = "30s";
    t.pod_spec_patch = "{\"containers\":[{\"name\":\"main\"}]}";
    t.container()->readiness_probe = json::object{{"httpGet", json::object{{"path", "/"}, {"port", 80}}}};
    t.container()->security_context = json::object{{"privileged", true}};
    user_container side;
    side.container.name = "side";
    side.container.image = "nginx";
    side.mirror_volume_mounts = true;
    t.sidecars.push_back(side);
    t.init_containers.push_back(side);
    t.init_containers.back().container.name = "init";
    volume v;
    v.name = "w";
    t.volumes.push_back(v);
    synchronization_spec y;
    y.mutexes.push_back(mutex_lock{"m", "", true});
    semaphore_lock sem;
    sem.config_map = secret_key_ref{"cfg", "k"};
    y.semaphores.push_back(sem);
    t.synchronization = y;
    retry_strategy rs;
    rs.unlimited = true;
    rs.back_off = backoff{"1s", 2, "", "1m"};
    t.retry = rs;
    prometheus_metric pm;
    pm.name = "d";
    pm.kind = "gauge";
    pm.value = "{{duration}}";
    pm.realtime = true;
    t.metrics.push_back(pm);
    t.pod_resources.limits["cpu"] = "1";
    t.resource_claims.push_back(resource_claim{"gpu", "", "gpu-template"});
    t.container()->resources.claims.push_back("gpu");
    parameter p;
    p.name = "t";
    p.default_value = "1m";
    t.inputs.parameters.push_back(p);
    artifact a;
    a.name = "out";
    a.path = "/tmp/out";
    a.kind = artifact_kind::s3;
    a.key = "k";
    a.region = "eu";
    a.archive = "tar";
    a.archive_compression_level = 0;
    a.gc_strategy = "Never";
    a.mode = 420;
    t.outputs.artifacts.push_back(a);
    parameter sup;
    sup.name = "approved";
    sup.from.supplied = true;
    t.outputs.parameters.push_back(sup);
    wf.add_template(t);
    wf.graph().add_step(make_step("w", "work"));
    auto& st = wf.settings;
    st.ttl_seconds_after_finished = 10;
    st.ttl_seconds_after_failure = 100;
    st.pod_gc = pod_gc_spec{"OnPodSuccess", {}, "30s"};
    st.pod_labels["tier"] = "demo";
    st.workflow_labels_from["foo"] = "workflow.name";
    st.artifact_repository = artifact_repository_ref{"repos", "default"};
    st.artifact_gc_strategy = "OnWorkflowDeletion";
    lifecycle_hook running;
    running.template_name = "work";
    running.expression = "workflow.status == \"Running\"";
    st.hooks["running"] = running;
    artifact wa;
    wa.name = "tool";
    wa.kind = artifact_kind::raw;
    wa.raw_data = "hello";
    wf.artifacts.push_back(wa);
    BOOST_TEST(validate(wf).empty(), (validate(wf).empty() ? "" : validate(wf)[0].to_string()));

    argo_options opt;
    opt.python_sdk_layout = false;
    json::value doc = to_argo_json(wf, opt);
    const auto& spec = at(doc, {"spec"});
    BOOST_TEST(at(spec, {"ttlStrategy", "secondsAfterCompletion"}).as_int64() == 10);
    BOOST_TEST(at(spec, {"ttlStrategy", "secondsAfterFailure"}).as_int64() == 100);
    BOOST_TEST(at(spec, {"podGC", "deleteDelayDuration"}).as_string() == "30s");
    BOOST_TEST(at(spec, {"podMetadata", "labels", "tier"}).as_string() == "demo");
    BOOST_TEST(at(spec, {"workflowMetadata", "labelsFrom", "foo", "expression"}).as_string() == "workflow.name");
    BOOST_TEST(at(spec, {"artifactRepositoryRef", "configMap"}).as_string() == "repos");
    BOOST_TEST(at(spec, {"artifactGC", "strategy"}).as_string() == "OnWorkflowDeletion");
    BOOST_TEST(at(spec, {"hooks", "running", "expression"}).as_string() == "workflow.status == \"Running\"");
    BOOST_TEST(at(spec, {"arguments", "artifacts"}).as_array().at(0).at("raw").at("data").as_string() == "hello");
    const json::value& w = at(spec, {"templates"}).as_array().at(1);
    BOOST_TEST(at(w, {"timeout"}).as_string() == "{{inputs.parameters.t}}");
    BOOST_TEST(at(w, {"activeDeadlineSeconds"}).as_int64() == 30);
    BOOST_TEST(at(w, {"podSpecPatch"}).as_string() == "{\"containers\":[{\"name\":\"main\"}]}");
    BOOST_TEST(at(w, {"container", "readinessProbe", "httpGet", "port"}).as_int64() == 80);
    BOOST_TEST(at(w, {"container", "securityContext", "privileged"}).as_bool());
    BOOST_TEST(at(w, {"container", "resources", "claims"}).as_array().at(0).at("name").as_string() == "gpu");
    BOOST_TEST(at(w, {"sidecars"}).as_array().at(0).at("mirrorVolumeMounts").as_bool());
    BOOST_TEST(at(w, {"initContainers"}).as_array().at(0).at("name").as_string() == "init");
    BOOST_TEST(at(w, {"volumes"}).as_array().at(0).at("emptyDir").as_object().empty());
    BOOST_TEST(at(w, {"synchronization", "mutexes"}).as_array().at(0).at("database").as_bool());
    BOOST_TEST(at(w, {"synchronization", "semaphores"}).as_array().at(0).at("configMapKeyRef").at("key").as_string() ==
               "k");
    BOOST_TEST(!at(w, {"retryStrategy"}).as_object().contains("limit")); // unlimited
    BOOST_TEST(at(w, {"retryStrategy", "backoff", "cap"}).as_string() == "1m");
    BOOST_TEST(at(w, {"metrics", "prometheus"}).as_array().at(0).at("gauge").at("realtime").as_bool());
    BOOST_TEST(at(w, {"podResources", "limits", "cpu"}).as_string() == "1");
    BOOST_TEST(at(w, {"resourceClaims"}).as_array().at(0).at("resourceClaimTemplateName").as_string() == "gpu-template");
    const auto& oa = at(w, {"outputs", "artifacts"}).as_array().at(0);
    BOOST_TEST(at(oa, {"s3", "region"}).as_string() == "eu");
    BOOST_TEST(at(oa, {"archive", "tar", "compressionLevel"}).as_int64() == 0);
    BOOST_TEST(at(oa, {"artifactGC", "strategy"}).as_string() == "Never");
    BOOST_TEST(at(oa, {"mode"}).as_int64() == 420);
    BOOST_TEST(at(w, {"outputs", "parameters"}).as_array().at(0).at("valueFrom").at("supplied").as_object().empty());
    // A limit given as an expression is written as Argo's IntOrString.
    wf.find_template("work")->retry->unlimited = false;
    wf.find_template("work")->retry->limit_expression = "{{inputs.parameters.t}}";
    doc = to_argo_json(wf, opt);
    BOOST_TEST(at(doc, {"spec", "templates"}).as_array().at(1).at("retryStrategy").at("limit").as_string() ==
               "{{inputs.parameters.t}}");
}

BOOST_AUTO_TEST_CASE(argo_emit_workflow_template_ref_and_extension_bodies)
{
    // A workflow that only references a WorkflowTemplate: no templates, no entrypoint needed.
    workflow wf;
    wf.settings.generate_name = "by-ref-";
    wf.settings.workflow_template_ref_ = workflow_template_ref{"lib", false};
    json::value doc = to_argo_json(wf);
    BOOST_TEST(at(doc, {"spec", "workflowTemplateRef", "name"}).as_string() == "lib");
    BOOST_TEST(!at(doc, {"spec"}).as_object().contains("templates"));
    BOOST_TEST(validate(wf).empty());
    // A body kind the IR lacks, kept in the Argo extension: no default container next to it.
    workflow w2("main");
    step_template plugin;
    plugin.name = "p";
    plugin.extensions["argo"] = json::object{{"plugin", json::object{{"hello", json::object{}}}}};
    w2.add_template(plugin);
    step s = make_step("x", "");
    s.extensions["argo"] = json::object{{"templateRef", json::object{{"name", "lib"}, {"template", "t"}}}};
    w2.graph().add_step(s);
    w2.graph().add_step(make_step("y", "p", 1));
    argo_options opt;
    opt.python_sdk_layout = false;
    doc = to_argo_json(w2, opt);
    const auto& ts = at(doc, {"spec", "templates"}).as_array();
    BOOST_TEST(!ts.at(1).as_object().contains("container"));
    BOOST_TEST(ts.at(1).at("plugin").is_object());
    const json::value& x = at(ts.at(0), {"steps"}).as_array().at(0).as_array().at(0);
    BOOST_TEST(!x.as_object().contains("template"));
    BOOST_TEST(at(x, {"templateRef", "name"}).as_string() == "lib");
    // A CronWorkflow with several schedules and no single one.
    workflow c = w2;
    c.settings.cron = cron_schedule{};
    c.settings.cron->schedules = {"0 1 * * *", "0 2 * * *"};
    doc = to_argo_json(c, opt);
    BOOST_TEST(at(doc, {"spec", "schedules"}).as_array().size() == 2u);
    BOOST_TEST(!at(doc, {"spec"}).as_object().contains("schedule"));
}
