// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Argo YAML import: the YAML reader, the mapping into the IR, the extensions, strict mode.
#include <couler/import/argo.hpp>

#include <couler/emit/argo.hpp>
#include <couler/ir/json.hpp>
#include <couler/ir/validate.hpp>

#define BOOST_TEST_MODULE argo_import
#include <boost/test/unit_test.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace json = boost::json;

namespace {

json::value yaml(const std::string& text)
{
    couler::problems ps;
    auto v = couler::parse_yaml(text, ps);
    BOOST_TEST_REQUIRE(ps.empty(), (ps.empty() ? std::string() : ps[0].to_string()));
    return v;
}

std::string yaml_error(const std::string& text)
{
    couler::problems ps;
    couler::parse_yaml(text, ps);
    BOOST_TEST_REQUIRE(ps.size() == 1u);
    BOOST_TEST(ps[0].path == "$");
    BOOST_TEST((ps[0].code == couler::error::malformed_json));
    return ps[0].message;
}

const char* const header = "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: t-\n";

couler::workflow import_ok(const std::string& text, bool strict = false)
{
    couler::problems ps;
    couler::argo_import_options opt;
    opt.strict = strict;
    auto wf = couler::import_argo(text, ps, opt);
    for (auto& p : ps)
        BOOST_TEST_MESSAGE(p.to_string());
    BOOST_TEST_REQUIRE(ps.empty());
    return wf;
}

couler::problems import_problems(const std::string& text, bool strict)
{
    couler::problems ps;
    couler::argo_import_options opt;
    opt.strict = strict;
    couler::import_argo(text, ps, opt);
    return ps;
}

} // namespace

// ------------------------------------------------------------------ YAML reader

BOOST_AUTO_TEST_CASE(yaml_scalars_resolve_like_yaml_1_1)
{
    auto v = yaml("a: 1\nb: \"1\"\nc: yes\nd: 'no'\ne: 1.5\nf: 1e3\ng: ~\nh:\ni: 0x1F\nj: 012\nk: -7\nl: |\n  x\n  y\n"
                  "m: !!str 5\nn: True\no: .inf\n");
    auto& o = v.as_object();
    BOOST_TEST(o.at("a").as_int64() == 1);
    BOOST_TEST(o.at("b").as_string() == "1");
    BOOST_TEST(o.at("c").as_bool() == true);
    BOOST_TEST(o.at("d").as_string() == "no");
    BOOST_TEST(o.at("e").as_double() == 1.5);
    BOOST_TEST(o.at("f").as_string() == "1e3"); // PyYAML: a float needs a dot
    BOOST_TEST(o.at("g").is_null());
    BOOST_TEST(o.at("h").is_null());
    BOOST_TEST(o.at("i").as_int64() == 31);
    BOOST_TEST(o.at("j").as_int64() == 10);
    BOOST_TEST(o.at("k").as_int64() == -7);
    BOOST_TEST(o.at("l").as_string() == "x\ny\n");
    BOOST_TEST(o.at("m").as_string() == "5");
    BOOST_TEST(o.at("n").as_bool() == true);
    BOOST_TEST(o.at("o").as_double() > 1e308);
}

BOOST_AUTO_TEST_CASE(yaml_anchors_aliases_and_merge_keys)
{
    auto v = yaml("base: &b {x: 1, y: 2}\nuse: *b\nm:\n  <<: *b\n  y: 3\n");
    BOOST_TEST(v.at("use") == v.at("base"));
    BOOST_TEST(v.at("m").at("x").as_int64() == 1);
    BOOST_TEST(v.at("m").at("y").as_int64() == 3); // explicit keys win over merged ones
}

BOOST_AUTO_TEST_CASE(yaml_errors_have_line_and_column)
{
    auto m = yaml_error("a: [1,\n  b: c\n");
    BOOST_TEST(m.find("line 3, column 1") != std::string::npos, m);
    m = yaml_error("a: 1\nb:\n  c: 1\n  c: 2\n");
    BOOST_TEST(m.find("duplicate key 'c'") != std::string::npos, m);
    BOOST_TEST(m.find("line 4, column 3") != std::string::npos, m);
    m = yaml_error("a: b\n---\nc: d\n");
    BOOST_TEST(m.find("several") != std::string::npos, m);
    m = yaml_error("a: !!int abc\n");
    BOOST_TEST(m.find("does not match its tag") != std::string::npos, m);
}

BOOST_AUTO_TEST_CASE(yaml_billion_laughs_is_refused)
{
    std::string t = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
        std::string prev(1, static_cast<char>(c - 1));
        t += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 9; ++i)
            t += (i ? ",*" : "*") + prev;
        t += "]\n";
    }
    auto m = yaml_error(t);
    BOOST_TEST(m.find("expands to more than") != std::string::npos, m);
}

BOOST_AUTO_TEST_CASE(yaml_deep_nesting_is_refused)
{
    std::string t = "a: " + std::string(1000, '[') + std::string(1000, ']') + "\n";
    auto m = yaml_error(t);
    BOOST_TEST((m.find("nesting deeper") != std::string::npos || m.find("depth") != std::string::npos), m);
    std::string ok = "a: " + std::string(100, '[') + std::string(100, ']') + "\n";
    yaml(ok);
}

BOOST_AUTO_TEST_CASE(yaml_recursive_alias_is_refused)
{
    couler::problems ps;
    couler::parse_yaml("a: &x [1, *x]\n", ps);
    BOOST_TEST(ps.size() == 1u);
}

// ------------------------------------------------------------------ mapping

BOOST_AUTO_TEST_CASE(steps_become_groups_with_order_and_data_edges)
{
    auto wf = import_ok(std::string(header) + R"(spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        template: gen
    - - name: b
        template: echo
        arguments: {parameters: [{name: m, value: "x"}]}
      - name: c
        template: echo
        arguments: {parameters: [{name: m, value: "x"}]}
    - - name: d
        template: echo
        when: "{{steps.a.outputs.result}} == x"
        arguments: {parameters: [{name: m, value: "x"}]}
  - name: gen
    script: {image: python, command: [python], source: "print(1)\n"}
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.m}}"]}
)",
                        true);
    BOOST_TEST(wf.entrypoint == "main");
    BOOST_TEST(wf.settings.generate_name == "t-");
    const auto& g = wf.graph();
    BOOST_TEST((g.style == couler::graph_style::steps));
    BOOST_TEST(g.size() == 4u);
    BOOST_TEST(g[g.at("a")].group == 0);
    BOOST_TEST(g[g.at("b")].group == 1);
    BOOST_TEST(g[g.at("c")].group == 1);
    BOOST_TEST(g[g.at("d")].group == 2);
    BOOST_TEST((g.dependency_between(g.at("a"), g.at("b")) == couler::dependency_kind::order));
    BOOST_TEST((g.dependency_between(g.at("c"), g.at("d")) == couler::dependency_kind::order));
    BOOST_TEST((g.dependency_between(g.at("a"), g.at("d")) == couler::dependency_kind::data));
    BOOST_TEST(!g.dependency_between(g.at("b"), g.at("c")));
    BOOST_TEST(g.edge_count() == 5u);
    BOOST_TEST((wf.find_template("gen")->kind() == couler::template_kind::script));
    BOOST_TEST(couler::validate(wf).empty());
}

BOOST_AUTO_TEST_CASE(dag_edges_follow_dependencies_depends_and_references)
{
    auto wf = import_ok(std::string(header) + R"(spec:
  entrypoint: d
  templates:
  - name: d
    dag:
      tasks:
      - {name: C, template: t, dependencies: [B, A]}
      - {name: A, template: t}
      - {name: B, template: t}
      - {name: D, template: t, depends: "(B.Succeeded || C.Failed) && !A"}
      - name: E
        template: t
        arguments: {parameters: [{name: p, value: "{{tasks.A.outputs.result}}"}]}
      - name: F
        template: t
        dependencies: [C]
        arguments: {parameters: [{name: p, value: "{{tasks.A.outputs.result}}"}]}
  - name: t
    inputs: {parameters: [{name: p, default: "0"}]}
    container: {image: alpine}
)",
                        true);
    const auto& g = wf.graph();
    BOOST_TEST((g.style == couler::graph_style::dag));
    auto preds = g.predecessors(g.at("C"));
    BOOST_TEST_REQUIRE(preds.size() == 2u);
    BOOST_TEST(g[preds[0]].name == "B"); // list order is kept
    BOOST_TEST(g[preds[1]].name == "A");
    BOOST_TEST(g[g.at("D")].depends == "(B.Succeeded || C.Failed) && !A");
    BOOST_TEST(g.predecessors(g.at("D")).size() == 3u);
    BOOST_TEST((g.dependency_between(g.at("A"), g.at("E")) == couler::dependency_kind::data));
    // F reaches A through C already: no extra edge, so `dependencies` comes back as written.
    BOOST_TEST(g.predecessors(g.at("F")).size() == 1u);
}

BOOST_AUTO_TEST_CASE(leaf_fields_map_into_the_ir)
{
    auto wf = import_ok(std::string(header) + R"(  labels: {team: ml}
spec:
  entrypoint: c
  serviceAccountName: sa
  activeDeadlineSeconds: 600
  parallelism: 2
  onExit: c
  arguments: {parameters: [{name: who, value: world}]}
  volumes: [{name: v, persistentVolumeClaim: {claimName: pvc, readOnly: true}}]
  templates:
  - name: c
    activeDeadlineSeconds: "30"
    retryStrategy: {limit: "3", retryPolicy: Always, backoff: {duration: "1", factor: 2, maxDuration: 1m}}
    memoize: {key: "{{inputs.parameters.p}}", maxAge: 1h, cache: {configMap: {name: cm}}}
    nodeSelector: {disk: ssd}
    inputs:
      parameters: [{name: p, default: "1", enum: ["1", "2"]}]
      artifacts:
      - {name: data, path: /in, s3: {bucket: b, key: k, endpoint: e, insecure: true, accessKeySecret: {name: s, key: a}, secretKeySecret: {name: s, key: b}}}
      - {name: src, path: /src, git: {repo: "https://x/y.git", revision: main}}
    outputs:
      parameters: [{name: r, globalName: g, valueFrom: {path: /tmp/r, default: "0"}}]
    container:
      image: alpine
      command: [sh, -c]
      args: ["echo {{inputs.parameters.p}}"]
      env: [{name: A, value: "1"}, {name: S, valueFrom: {secretKeyRef: {name: s, key: k}}}]
      resources: {limits: {cpu: 1, memory: 1Gi}}
      volumeMounts: [{name: v, mountPath: /v}]
)",
                        true);
    const auto& s = wf.settings;
    BOOST_TEST(s.labels.at("team") == "ml");
    BOOST_TEST(s.service_account == "sa");
    BOOST_TEST(*s.active_deadline_seconds == 600);
    BOOST_TEST(*s.parallelism == 2);
    BOOST_TEST(s.on_exit == "c");
    BOOST_TEST(*s.parameters.at(0).value == "world");
    BOOST_TEST((s.volumes.at(0).kind == couler::volume::source_kind::persistent_volume_claim));
    BOOST_TEST(s.volumes.at(0).read_only);
    const auto& t = *wf.find_template("c");
    BOOST_TEST(t.timeout == "30");
    BOOST_TEST(t.retry->limit == 3);
    BOOST_TEST(t.retry->policy == "Always");
    BOOST_TEST(*t.retry->back_off->factor == 2);
    BOOST_TEST(t.memoize->config_map == "cm");
    BOOST_TEST(t.node_selector.at("disk") == "ssd");
    BOOST_TEST(*t.inputs.parameters.at(0).default_value == "1");
    BOOST_TEST(t.inputs.parameters.at(0).enum_values.size() == 2u);
    const auto& a = t.inputs.artifacts.at(0);
    BOOST_TEST((a.kind == couler::artifact_kind::s3));
    BOOST_TEST(a.insecure);
    BOOST_TEST(a.access_key->key == "a");
    BOOST_TEST((t.inputs.artifacts.at(1).kind == couler::artifact_kind::git));
    BOOST_TEST(t.outputs.parameters.at(0).from.path == "/tmp/r");
    BOOST_TEST(*t.outputs.parameters.at(0).from.default_value == "0");
    BOOST_TEST(t.outputs.parameters.at(0).global_name == "g");
    const auto* c = t.container();
    BOOST_TEST(c->args.at(0) == "echo {{inputs.parameters.p}}");
    BOOST_TEST(c->env.at(1).secret->name == "s");
    BOOST_TEST(c->resources.limits.at("cpu") == "1");
    BOOST_TEST(c->volume_mounts.at(0).mount_path == "/v");
    BOOST_TEST(wf.extensions.empty());
    BOOST_TEST(t.extensions.empty());
}

BOOST_AUTO_TEST_CASE(cron_workflow_and_templates)
{
    auto wf = import_ok(R"(apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: {name: nightly}
spec:
  schedule: "0 1 * * *"
  timezone: UTC
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: 10
  workflowSpec:
    entrypoint: m
    templates: [{name: m, suspend: {duration: "20"}}]
)",
                        true);
    BOOST_TEST_REQUIRE(wf.settings.cron.has_value());
    BOOST_TEST(wf.settings.cron->schedule == "0 1 * * *");
    BOOST_TEST(*wf.settings.cron->starting_deadline_seconds == 10);
    BOOST_TEST((wf.find_template("m")->kind() == couler::template_kind::suspend));
    auto wt = import_ok("apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: w}\n"
                        "spec: {entrypoint: m, templates: [{name: m, resource: {action: get, manifest: 'x'}}]}\n",
                        true);
    BOOST_TEST((wt.settings.kind == couler::workflow_kind::workflow_template));
    BOOST_TEST((wt.find_template("m")->kind() == couler::template_kind::resource));
}

// ------------------------------------------------------------------ extensions and strict mode

const char* const unmodelled = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: x-, uid: "123"}
spec:
  entrypoint: m
  podPriorityClassName: high
  templates:
  - name: m
    synchronization: {mutex: {name: m}}
    container:
      image: alpine
      ports: [{containerPort: 80}]
      env: [{name: A, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
    steps: null
  - name: s
    retryStrategy: {limit: 2, affinity: {nodeAntiAffinity: {}}}
    serviceAccountName: robot
    steps:
    - - name: a
        template: m
        onExit: m
)";

BOOST_AUTO_TEST_CASE(unmodelled_fields_are_kept_at_their_level)
{
    auto wf = import_ok(unmodelled);
    auto& w = wf.extensions.at("argo").as_object();
    BOOST_TEST(w.at("metadata").at("uid").as_string() == "123");
    BOOST_TEST(w.at("spec").at("podPriorityClassName").as_string() == "high");
    BOOST_TEST(!w.at("spec").as_object().contains("templates"));
    const auto& m = *wf.find_template("m");
    auto& t = m.extensions.at("argo").as_object();
    // The legacy single `mutex` is not modelled (the IR has the `mutexes` list).
    BOOST_TEST(t.at("synchronization").at("mutex").at("name").as_string() == "m");
    BOOST_TEST(m.synchronization.has_value());
    BOOST_TEST(t.at("container").at("ports").is_array());
    // A leftover inside a list keeps the whole list, since a deep merge cannot reach into it.
    BOOST_TEST(t.at("container").at("env").as_array().size() == 1u);
    BOOST_TEST(m.container()->env.at(0).name == "A");
    const auto& s = *wf.find_template("s");
    BOOST_TEST_REQUIRE(s.retry.has_value());
    BOOST_TEST(s.retry->limit == 2);
    BOOST_TEST(s.extensions.at("argo").at("retryStrategy").at("affinity").is_object());
    BOOST_TEST(s.extensions.at("argo").at("serviceAccountName").as_string() == "robot");
    auto& st = s.graph()->operator[](0).extensions.at("argo").as_object();
    BOOST_TEST(st.at("onExit").as_string() == "m");
}

BOOST_AUTO_TEST_CASE(strict_mode_names_every_unmodelled_field)
{
    auto ps = import_problems(unmodelled, true);
    std::string all;
    for (auto& p : ps) {
        BOOST_TEST((p.code == couler::error::unknown_field), p.to_string());
        all += p.path + "\n";
    }
    for (const char* path : {"$.metadata.uid", "$.spec.podPriorityClassName",
                             "$.spec.templates[0].synchronization.mutex", "$.spec.templates[0].container.ports",
                             "$.spec.templates[0].container.env[0].valueFrom.fieldRef",
                             "$.spec.templates[1].retryStrategy.affinity", "$.spec.templates[1].serviceAccountName",
                             "$.spec.templates[1].steps[0][0].onExit"})
        BOOST_TEST(all.find(std::string(path) + "\n") != std::string::npos, path << " not in\n" << all);
    BOOST_TEST(ps.size() == 8u, all);
}

BOOST_AUTO_TEST_CASE(extensions_merge_back_to_the_input)
{
    // The emitter deep-merges the extensions; the result is the input document again.
    auto wf = import_ok(unmodelled);
    couler::argo_options opt;
    opt.python_sdk_layout = false;
    json::value out;
    try {
        out = couler::to_argo_json(wf, opt);
    } catch (const std::exception& e) {
        BOOST_FAIL(e.what());
    }
    json::value in = yaml(unmodelled);
    in.at("spec").at("templates").at(0).as_object().erase("steps"); // `steps: null` is no field
    BOOST_TEST(out.at("metadata") == in.at("metadata"));
    BOOST_TEST(out.at("spec").at("podPriorityClassName") == in.at("spec").at("podPriorityClassName"));
    BOOST_TEST(out.at("spec").at("templates") == in.at("spec").at("templates"), json::serialize(out));
}

// ------------------------------------------------------------------ features modelled for coverage

// Every Argo field below is modelled by the IR: strict import takes it, the emitter writes it back.
const char* const modelled = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: m-}
spec:
  entrypoint: main
  arguments:
    parameters: [{name: msg, valueFrom: {configMapKeyRef: {name: cfg, key: msg}}}]
    artifacts: [{name: tool, http: {url: "https://example.com/tool"}}]
  ttlStrategy: {secondsAfterCompletion: 10, secondsAfterSuccess: 5, secondsAfterFailure: 50}
  synchronization:
    mutexes: [{name: wf, database: true}]
    semaphores: [{configMapKeyRef: {name: sem, key: wf}}, {database: {key: db}}]
  hooks:
    exit: {template: say}
    running: {expression: workflow.status == "Running", template: say}
  artifactRepositoryRef: {configMap: repos, key: default}
  podGC: {strategy: OnPodSuccess, deleteDelayDuration: 30s}
  podMetadata: {labels: {tier: demo}, annotations: {a: b}}
  workflowMetadata: {labels: {x: y}, labelsFrom: {foo: {expression: workflow.parameters.msg}}}
  templates:
  - name: main
    failFast: false
    steps:
    - - name: a
        template: say
        continueOn: {error: true, failed: true}
        hooks: {exit: {template: say, arguments: {parameters: [{name: m, value: bye}]}}}
      - name: b
        templateRef: {name: lib, template: hello, clusterScope: true}
    - - name: c
        template: graph
  - name: graph
    dag:
      failFast: false
      target: "t1"
      tasks:
      - {name: t1, template: set}
      - {name: t2, templateRef: {name: lib, template: hello}}
  - name: say
    inputs:
      parameters: [{name: m, default: hi}]
      artifacts: [{name: bin, path: /bin/tool, mode: 493, s3: {key: k, region: eu-west-1}}]
    outputs:
      artifacts:
      - {name: out, path: /tmp/out, archive: {none: {}}, hdfs: {path: /x, force: true}}
      - {name: blob, path: /tmp/b, azure: {container: c, blob: b, accountKeySecret: {name: az, key: k}}}
      - {name: txt, path: /tmp/t, raw: {data: hello}}
      parameters: [{name: s, valueFrom: {supplied: {}}}]
    timeout: 1m
    podSpecPatch: '{"containers":[{"name":"main"}]}'
    retryStrategy: {backoff: {duration: 1s, cap: 1m}}
    synchronization: {mutexes: [{name: t}]}
    volumes: [{name: w, emptyDir: {}}]
    initContainers: [{name: init, image: alpine, mirrorVolumeMounts: true}]
    sidecars: [{name: side, image: nginx, securityContext: {privileged: true}}]
    container:
      name: main
      image: alpine
      readinessProbe: {httpGet: {path: /, port: 80}}
      livenessProbe: {exec: {command: [true]}}
      lifecycle: {preStop: {exec: {command: [true]}}}
  - name: set
    retryStrategy: {limit: "{{inputs.parameters.n}}"}
    inputs: {parameters: [{name: n, default: "2"}]}
    containerSet:
      volumeMounts: [{name: w, mountPath: /w}]
      containers:
      - {name: a, image: alpine}
      - {name: main, image: alpine, dependencies: [a]}
  - name: call
    http:
      url: https://example.com
      method: POST
      headers: [{name: h, value: v}, {name: t, valueFrom: {secretKeyRef: {name: s, key: k}}}]
      body: x
      successCondition: response.statusCode == 201
      timeoutSeconds: 5
)";

BOOST_AUTO_TEST_CASE(modelled_features_import_strictly_and_emit_back)
{
    auto wf = import_ok(modelled, true);
    const auto& st = wf.settings;
    BOOST_TEST(st.parameters.at(0).from.config_map->name == "cfg");
    BOOST_TEST(wf.artifacts.at(0).url == "https://example.com/tool");
    BOOST_TEST(*st.ttl_seconds_after_failure == 50);
    BOOST_TEST(st.synchronization->mutexes.at(0).database);
    BOOST_TEST(st.synchronization->semaphores.at(1).database_key == "db");
    BOOST_TEST(st.hooks.at("running").expression == "workflow.status == \"Running\"");
    BOOST_TEST(st.artifact_repository->config_map == "repos");
    BOOST_TEST(st.pod_gc->strategy == "OnPodSuccess");
    BOOST_TEST(st.pod_labels.at("tier") == "demo");
    BOOST_TEST(st.workflow_labels_from.at("foo") == "workflow.parameters.msg");
    const auto& g = *wf.find_template("main")->graph();
    BOOST_TEST(*g.fail_fast == false);
    BOOST_TEST(g[0].continue_on_error);
    BOOST_TEST(g[0].hooks.at("exit").arguments.at(0).value.value() == "bye");
    BOOST_TEST(g[1].template_ref_->cluster_scope);
    BOOST_TEST(g[1].template_name.empty());
    const auto& dag = *wf.find_template("graph")->graph();
    BOOST_TEST(dag.target == "t1");
    BOOST_TEST(dag[1].template_ref_->template_name == "hello");
    const auto& say = *wf.find_template("say");
    BOOST_TEST(*say.inputs.artifacts.at(0).mode == 493);
    BOOST_TEST(say.inputs.artifacts.at(0).region == "eu-west-1");
    BOOST_TEST(say.outputs.artifacts.at(0).archive == "none");
    BOOST_TEST(say.outputs.artifacts.at(0).force);
    BOOST_TEST((say.outputs.artifacts.at(1).kind == couler::artifact_kind::azure));
    BOOST_TEST(say.outputs.artifacts.at(1).bucket == "c");
    BOOST_TEST(say.outputs.artifacts.at(2).raw_data == "hello");
    BOOST_TEST(say.outputs.parameters.at(0).from.supplied);
    BOOST_TEST(say.total_timeout == "1m");
    BOOST_TEST(say.retry->unlimited);
    BOOST_TEST(say.retry->back_off->cap == "1m");
    BOOST_TEST(say.sidecars.at(0).container.security_context.at("privileged").as_bool());
    BOOST_TEST(say.init_containers.at(0).mirror_volume_mounts);
    BOOST_TEST(say.volumes.at(0).name == "w");
    BOOST_TEST(say.container()->name == "main");
    BOOST_TEST(!say.container()->readiness_probe.empty());
    const auto& set = *wf.find_template("set");
    BOOST_TEST(set.retry->limit_expression == "{{inputs.parameters.n}}");
    BOOST_TEST(set.container_set->containers.at(1).dependencies.at(0) == "a");
    const auto& call = *wf.find_template("call");
    BOOST_TEST(call.http->headers.at(1).secret->name == "s");
    BOOST_TEST(*call.http->timeout_seconds == 5);
    BOOST_TEST(couler::validate(wf).empty(), (couler::validate(wf).empty() ? "" : couler::validate(wf)[0].to_string()));
    // Through IR JSON and back.
    BOOST_TEST((couler::parse_workflow(couler::to_json_string(wf)) == wf));
    // The emitter writes every field back as Argo had it.
    couler::argo_options opt;
    opt.python_sdk_layout = false;
    json::value out = couler::to_argo_json(wf, opt);
    json::value in = yaml(modelled);
    BOOST_TEST(out.at("spec").at("templates") == in.at("spec").at("templates"), json::serialize(out.at("spec")));
    for (const char* k : {"arguments", "ttlStrategy", "synchronization", "hooks", "artifactRepositoryRef", "podGC",
                          "podMetadata", "workflowMetadata"})
        BOOST_TEST(out.at("spec").at(k) == in.at("spec").at(k), k << ": " << json::serialize(out.at("spec").at(k)));
}

BOOST_AUTO_TEST_CASE(workflow_template_ref_and_cron_schedules)
{
    auto wf = import_ok(std::string(header) + "spec:\n  arguments: {parameters: [{name: m, value: hi}]}\n"
                                              "  workflowTemplateRef: {name: lib, clusterScope: true}\n",
                        true);
    BOOST_TEST(wf.settings.workflow_template_ref_->name == "lib");
    BOOST_TEST(wf.templates().empty());
    BOOST_TEST(couler::validate(wf).empty());
    json::value out = couler::to_argo_json(wf);
    BOOST_TEST(out.at("spec").at("workflowTemplateRef").at("clusterScope").as_bool());
    BOOST_TEST(!out.at("spec").as_object().contains("templates"));
    BOOST_TEST(!out.at("spec").as_object().contains("entrypoint"));
    auto cron = import_ok(R"(apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: {name: c}
spec:
  schedules: ["0 1 * * *", "0 2 * * *"]
  when: "{{= true }}"
  workflowSpec: {entrypoint: m, templates: [{name: m, suspend: {}}]}
)",
                          true);
    BOOST_TEST(cron.settings.cron->schedules.size() == 2u);
    BOOST_TEST(cron.settings.cron->schedule.empty());
    BOOST_TEST(couler::validate(cron).empty());
    json::value c = couler::to_argo_json(cron);
    BOOST_TEST(c.at("spec").at("schedules").as_array().size() == 2u);
    BOOST_TEST(!c.at("spec").as_object().contains("schedule"));
    BOOST_TEST(c.at("spec").at("when").as_string() == "{{= true }}");
}

BOOST_AUTO_TEST_CASE(bad_input_is_reported_with_paths)
{
    auto ps = import_problems("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", false);
    BOOST_TEST_REQUIRE(!ps.empty());
    BOOST_TEST(ps.back().path == "$.kind");
    ps = import_problems(std::string(header) + "spec:\n  entrypoint: 5\n  templates: {a: 1}\n", false);
    BOOST_TEST_REQUIRE(ps.size() == 1u);
    BOOST_TEST(ps[0].path == "$.spec.templates");
    BOOST_TEST((ps[0].code == couler::error::wrong_type));
    ps = import_problems(std::string(header) +
                             "spec:\n  entrypoint: m\n  templates:\n  - {name: m, container: {image: a}}\n"
                             "  - {name: m, container: {image: b}}\n",
                         false);
    BOOST_TEST_REQUIRE(ps.size() == 1u);
    BOOST_TEST((ps[0].code == couler::error::duplicate_name));
    ps = import_problems("- just\n- a list\n", false);
    BOOST_TEST(ps.size() == 1u);
    ps = import_problems("", false);
    BOOST_TEST(ps.size() == 1u);
    BOOST_CHECK_THROW(couler::import_argo("kind: [", couler::argo_import_options{}), couler::invalid_input);
    try {
        couler::import_argo("a: b\n  c: d\n");
        BOOST_FAIL("no throw");
    } catch (const couler::invalid_input& e) {
        BOOST_TEST(std::string(e.what()).find("line 2") != std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_CASE(argo_documents_are_recognised)
{
    BOOST_TEST(couler::is_argo_workflow_document(yaml(std::string(header) + "spec: {}\n")));
    BOOST_TEST(!couler::is_argo_workflow_document(json::parse(R"({"couler_ir": 1})")));
    BOOST_TEST(!couler::is_argo_workflow_document(yaml("apiVersion: v1\nkind: ConfigMap\n")));
    BOOST_TEST(!couler::is_argo_workflow_document(json::value(nullptr)));
}

// ------------------------------------------------------------------ images in the conformance data

// validate checks images against the distribution reference grammar: no image of the Argo
// examples or of the Python SDK's workflows may be refused.
BOOST_AUTO_TEST_CASE(every_conformance_image_is_a_valid_reference)
{
    namespace fs = std::filesystem;
    const fs::path root = fs::path(COULER_SHARED_DIR) / "conformance";
    BOOST_TEST_REQUIRE(fs::is_directory(root), root << " is missing");
    std::size_t images = 0, files = 0;
    for (auto& de : fs::recursive_directory_iterator(root)) {
        if (!de.is_regular_file() || de.path().extension() != ".yaml")
            continue;
        std::ifstream in(de.path(), std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        couler::problems ps;
        auto wf = couler::import_argo(text, ps);
        if (!ps.empty())
            continue; // not a workflow this importer reads; the round-trip test covers those
        ++files;
        for (const auto& t : wf.templates())
            if (const auto* c = t.container())
                images += !c->image.empty();
        for (const auto& p : couler::validate(wf))
            BOOST_TEST(p.message.find("not a valid image reference") == std::string::npos,
                       de.path().filename() << ": " << p.to_string());
    }
    BOOST_TEST_MESSAGE(files << " files, " << images << " images");
    BOOST_TEST(files > 50u);
    BOOST_TEST(images > 100u);
}
