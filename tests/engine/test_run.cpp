// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#include <couler/engine/engine.hpp>
#include <couler/engine/detail/retry_delay.hpp>

#include "helpers.hpp"

#define BOOST_TEST_MODULE engine_run
#include <boost/test/unit_test.hpp>

#include <tuple>

#include <chrono>
#include <functional>
#include <csignal>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using namespace test_engine;
using couler::engine::step_status;

namespace {
couler::engine::options opts(const fs::path& d, unsigned jobs = 2)
{
    couler::engine::options o;
    o.state_dir = d / "state";
    o.jobs = jobs;
    o.journal_sync_ms = 0;
    return o;
}
couler::engine::run_result run(const couler::workflow& wf, const couler::engine::options& o)
{
    auto r = couler::engine::local_engine(o).run(wf);
    // Every run of these tests: no invocation started twice in an attempt, none finished twice.
    auto dups = journal_duplicates(r.run_dir);
    BOOST_TEST(dups.empty(), (dups.empty() ? std::string() : dups[0]));
    return r;
}
} // namespace

BOOST_AUTO_TEST_CASE(dependencies_parameters_and_result)
{
    auto d = fresh_dir("params");
    couler::workflow wf("params", couler::graph_style::dag);
    wf.add_template(sh("gen", "echo 21 > /tmp/n.txt; echo generated", {}, {{"n", "/tmp/n.txt"}}));
    wf.add_template(sh("double", "echo $(( {{inputs.parameters.x}} * 2 ))", {"x"}));
    wf.add_template(sh("show", "echo '{{inputs.parameters.a}}|{{inputs.parameters.b}}'", {"a", "b"}));
    auto& g = wf.graph();
    g.add_step(make_step("gen", "gen"));
    g.add_step(make_step("double", "double", {{"x", "{{tasks.gen.outputs.parameters.n}}"}}));
    g.add_step(make_step("show", "show", {{"a", "{{steps.double.outputs.result}}"}, {"b", "{{steps.gen.outputs.result}}"}}));
    g.add_dependency("gen", "double");
    g.add_dependency("double", "show");
    g.add_dependency("gen", "show");
    auto r = run(wf, opts(d));
    BOOST_TEST(r.ok());
    BOOST_TEST(r.succeeded == 3u);
    BOOST_TEST(slurp(r.run_dir / "steps" / "show" / "stdout.log") == "42|generated\n");
    // Per-step logs live in the run directory.
    BOOST_TEST(fs::exists(r.run_dir / "steps" / "gen" / "stdout.log"));
    BOOST_TEST(!fs::exists(r.run_dir / "steps" / "gen" / "stderr.log")); // nothing printed, no file
    BOOST_TEST(fs::exists(r.run_dir / "journal.jsonl"));
}

BOOST_AUTO_TEST_CASE(when_conditions_skip_and_run)
{
    auto d = fresh_dir("when");
    couler::workflow wf("when", couler::graph_style::dag);
    wf.add_template(sh("score", "echo 0.93"));
    wf.add_template(sh("say", "echo {{inputs.parameters.m}}", {"m"}));
    auto& g = wf.graph();
    g.add_step(make_step("score", "score"));
    auto hi = make_step("deploy", "say", {{"m", "deploy"}});
    hi.when = "{{steps.score.outputs.result}} >= 0.9 && {{workflow.parameters.env}} == prod";
    auto lo = make_step("alert", "say", {{"m", "alert"}});
    lo.when = "{{steps.score.outputs.result}} < 0.9";
    auto ten = make_step("numeric", "say", {{"m", "numeric"}});
    ten.when = "10 > {{steps.score.outputs.result}}"; // numerically true, as strings false
    g.add_step(hi);
    g.add_step(lo);
    g.add_step(ten);
    for (auto n : {"deploy", "alert", "numeric"})
        g.add_dependency("score", n);
    couler::parameter env;
    env.name = "env";
    env.value = "prod";
    wf.settings.parameters.push_back(env);
    auto r = run(wf, opts(d));
    BOOST_TEST(r.ok());
    BOOST_REQUIRE(find_record(r, "deploy"));
    BOOST_TEST(find_record(r, "deploy")->status == step_status::succeeded);
    BOOST_REQUIRE(find_record(r, "alert"));
    BOOST_TEST(find_record(r, "alert")->status == step_status::skipped);
    BOOST_TEST(find_record(r, "numeric")->status == step_status::succeeded);
    // Overriding the workflow parameter flips the condition.
    auto o = opts(d);
    o.parameters["env"] = "dev";
    o.memoize = false;
    auto r2 = run(wf, o);
    BOOST_TEST(find_record(r2, "deploy")->status == step_status::skipped);
}

BOOST_AUTO_TEST_CASE(map_over_items_param_and_sequence)
{
    auto d = fresh_dir("map");
    couler::workflow wf("map", couler::graph_style::dag);
    wf.add_template(sh("list", "echo '[\"a\",\"b\",\"c\"]'"));
    wf.add_template(sh("echo", "echo {{inputs.parameters.v}}", {"v"}));
    wf.add_template(sh("join", "echo '{{inputs.parameters.all}}'", {"all"}));
    auto& g = wf.graph();
    g.add_step(make_step("list", "list"));
    auto fromp = make_step("fromparam", "echo", {{"v", "p-{{item}}"}});
    fromp.with_param = "{{steps.list.outputs.result}}";
    g.add_step(fromp);
    auto items = make_step("items", "echo", {{"v", "{{item.lr}}"}});
    items.with_items = {boost::json::parse(R"({"lr":0.1})"), boost::json::parse(R"({"lr":0.01})")};
    g.add_step(items);
    auto seq = make_step("seq", "echo", {{"v", "s{{item}}"}});
    seq.with_sequence = couler::loop_sequence{"3", "5", "", ""};
    g.add_step(seq);
    g.add_step(make_step("join", "join", {{"all", "{{steps.fromparam.outputs.result}}"}}));
    g.add_dependency("list", "fromparam");
    g.add_dependency("fromparam", "join");
    auto r = run(wf, opts(d, 4));
    BOOST_TEST(r.ok());
    BOOST_TEST(r.steps.size() == 1u + 3 + 2 + 3 + 1);
    BOOST_TEST(slurp(r.run_dir / "steps" / "fromparam_2" / "stdout.log") == "p-c\n");
    BOOST_TEST(slurp(r.run_dir / "steps" / "items_1" / "stdout.log") == "0.01\n");
    BOOST_TEST(slurp(r.run_dir / "steps" / "seq_2" / "stdout.log") == "s7\n");
    BOOST_TEST(slurp(r.run_dir / "steps" / "join" / "stdout.log") == "[\"p-a\",\"p-b\",\"p-c\"]\n");
}

BOOST_AUTO_TEST_CASE(concurrency_is_bounded_by_jobs)
{
    auto d = fresh_dir("jobs");
    couler::workflow wf("jobs", couler::graph_style::dag);
    // Each step records how many steps run with it, through a shared counter directory.
    std::string cnt = (d / "running").string();
    fs::create_directories(cnt);
    wf.add_template(sh("work", "touch " + cnt + "/$$; ls " + cnt + " | wc -l >> " + (d / "peaks").string() +
                                   "; sleep 0.3; rm " + cnt + "/$$"));
    auto s = make_step("w", "work");
    s.with_sequence = couler::loop_sequence{"6", "", "", ""};
    wf.graph().add_step(s);
    auto o = opts(d, 3);
    o.memoize = false;
    auto t0 = std::chrono::steady_clock::now();
    auto r = run(wf, o);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    BOOST_TEST(r.ok());
    std::istringstream peaks(slurp(d / "peaks"));
    int p, maxp = 0;
    while (peaks >> p)
        maxp = std::max(maxp, p);
    BOOST_TEST(maxp <= 3);
    BOOST_TEST(maxp >= 2); // they did overlap
    BOOST_TEST(secs < 6 * 0.3);
}

BOOST_AUTO_TEST_CASE(exec_while_with_guard)
{
    auto d = fresh_dir("while");
    couler::workflow wf("while", couler::graph_style::dag);
    // Counts up across iterations through a file; stops when it reaches 3.
    std::string f = (d / "count").string();
    wf.add_template(sh("inc", "n=$(cat " + f + " 2>/dev/null || echo 0); n=$((n+1)); echo $n > " + f + "; echo $n"));
    auto s = make_step("inc", "inc");
    s.repeat = couler::repeat_while{"{{steps.inc.outputs.result}} < 3", 10};
    wf.graph().add_step(s);
    auto o = opts(d);
    o.memoize = false;
    auto r = run(wf, o);
    BOOST_TEST(r.ok());
    BOOST_TEST(slurp(f) == "3\n");
    BOOST_TEST(r.steps.size() == 3u);
    BOOST_TEST(find_record(r, "inc#2"));
    // A loop that never ends hits max_iterations and fails with a clear message.
    couler::workflow wf2("forever", couler::graph_style::dag);
    wf2.add_template(sh("tails", "echo tails"));
    auto t = make_step("flip", "tails");
    t.repeat = couler::repeat_while{"{{steps.flip.outputs.result}} == tails", 4};
    wf2.graph().add_step(t);
    auto r2 = run(wf2, o);
    BOOST_TEST(!r2.ok());
    BOOST_TEST(r2.steps.size() == 4u);
    BOOST_TEST(r2.steps.back().message.find("max_iterations") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(exit_handler_sees_workflow_status)
{
    auto d = fresh_dir("exit");
    std::string f = (d / "status").string();
    for (bool fail : {false, true}) {
        couler::workflow wf(fail ? "bad" : "good", couler::graph_style::dag);
        wf.add_template(sh("main", fail ? "exit 3" : "true"));
        wf.add_template(sh("cleanup", "echo {{workflow.status}} >> " + f));
        wf.graph().add_step(make_step("main", "main"));
        wf.settings.on_exit = "cleanup";
        auto o = opts(d);
        o.memoize = false;
        auto r = run(wf, o);
        BOOST_TEST(r.ok() == !fail);
    }
    BOOST_TEST(slurp(f) == "Succeeded\nFailed\n");
}

BOOST_AUTO_TEST_CASE(retries_with_backoff)
{
    auto d = fresh_dir("retry");
    std::string f = (d / "tries").string();
    couler::workflow wf("retry", couler::graph_style::dag);
    auto t = sh("flaky", "echo x >> " + f + "; test $(wc -l < " + f + ") -ge 3");
    t.retry = couler::retry_strategy{};
    t.retry->limit = 3;
    t.retry->back_off = couler::backoff{"100ms", 2, "", ""};
    wf.add_template(t);
    wf.graph().add_step(make_step("flaky", "flaky"));
    auto t0 = std::chrono::steady_clock::now();
    auto r = run(wf, opts(d));
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    BOOST_TEST(r.ok());
    BOOST_TEST(r.steps.at(0).attempts == 3);
    BOOST_TEST(secs >= 0.3); // 100 ms then 200 ms of backoff
    // Out of retries: fails.
    couler::workflow wf2("noretry", couler::graph_style::dag);
    auto t2 = sh("never", "exit 1");
    t2.retry = couler::retry_strategy{};
    t2.retry->limit = 2;
    wf2.add_template(t2);
    wf2.graph().add_step(make_step("never", "never"));
    auto r2 = run(wf2, opts(d));
    BOOST_TEST(!r2.ok());
    BOOST_TEST(r2.steps.at(0).attempts == 3);
}

BOOST_AUTO_TEST_CASE(retries_without_a_fixed_limit)
{
    auto d = fresh_dir("retry-unlimited");
    // Unlimited (Argo's retryStrategy without a limit): until it succeeds, here at the 6th try.
    std::string f = (d / "tries").string();
    couler::workflow wf("unlimited", couler::graph_style::dag);
    auto t = sh("flaky", "echo x >> " + f + "; test $(wc -l < " + f + ") -ge 6");
    t.retry = couler::retry_strategy{};
    t.retry->unlimited = true;
    wf.add_template(t);
    wf.graph().add_step(make_step("flaky", "flaky"));
    auto r = run(wf, opts(d));
    BOOST_TEST(r.ok(), r.error);
    BOOST_TEST(r.steps.at(0).attempts == 6);

    // Unlimited but bounded by backoff.max_duration, counted from the first attempt (Argo's
    // maxDuration): a step that always fails stops when the next wait would pass it.
    couler::workflow wf2("bounded", couler::graph_style::dag);
    auto t2 = sh("never", "exit 3");
    t2.retry = couler::retry_strategy{};
    t2.retry->unlimited = true;
    t2.retry->back_off = couler::backoff{"300ms", 1, "2s", ""};
    wf2.add_template(t2);
    wf2.graph().add_step(make_step("never", "never"));
    auto t0 = std::chrono::steady_clock::now();
    auto r2 = run(wf2, opts(d));
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    BOOST_TEST(!r2.ok());
    BOOST_TEST(r2.steps.at(0).attempts >= 2);
    BOOST_TEST(r2.steps.at(0).attempts <= 7); // 300 ms apart, within 2 s
    BOOST_TEST(secs < 10.0);
    BOOST_TEST(r2.steps.at(0).message.find("max duration of 2s") != std::string::npos, r2.steps.at(0).message);

    // The waits of unlimited retries grow without bound and stay finite and defined.
    using couler::engine::detail::retry_delay;
    BOOST_TEST(retry_delay(couler::backoff{"1s", 2, "", ""}, 3) == 4.0);
    BOOST_TEST(retry_delay(couler::backoff{"1s", 2, "", "3s"}, 3) == 3.0);
    BOOST_TEST(retry_delay(couler::backoff{"1s", 2, "", ""}, 5000) == 365.0 * 24 * 3600); // 2^4999: inf
    BOOST_TEST(retry_delay(couler::backoff{"0s", 2, "", ""}, 5000) == 0.0);               // not 0 * inf
    BOOST_TEST(retry_delay(couler::backoff{"", 2, "", ""}, 5000) == 0.0);
    BOOST_TEST(retry_delay(couler::backoff{"1s", -2, "", ""}, 2) == 0.0);                 // negative
    // And through a run: capped at 2 ms after a few doublings, the 40th try succeeds.
    std::string g = (d / "tries-growing").string();
    couler::workflow wf4("growing", couler::graph_style::dag);
    auto t4 = sh("flaky", "echo x >> " + g + "; test $(wc -l < " + g + ") -ge 40");
    t4.retry = couler::retry_strategy{};
    t4.retry->unlimited = true;
    t4.retry->back_off = couler::backoff{"1ms", 2, "", "2ms"};
    wf4.add_template(t4);
    wf4.graph().add_step(make_step("flaky", "flaky"));
    auto r4 = run(wf4, opts(d));
    BOOST_TEST(r4.ok(), r4.error);
    BOOST_TEST(r4.steps.at(0).attempts == 40);

    // The limit as an expression, resolved from the step's inputs when it runs.
    for (auto [n, want_attempts, ok] : {std::tuple{"2", 3, true}, std::tuple{"0", 1, true}, std::tuple{"two", 1, false}}) {
        couler::workflow wf3("expr", couler::graph_style::dag);
        auto t3 = sh("never", "exit 1", {"n"});
        t3.retry = couler::retry_strategy{};
        t3.retry->limit = 99; // unused: the expression wins
        t3.retry->limit_expression = "{{inputs.parameters.n}}";
        wf3.add_template(t3);
        wf3.graph().add_step(make_step("never", "never", {{"n", n}}));
        auto r3 = run(wf3, opts(d));
        BOOST_TEST(!r3.ok());
        BOOST_TEST(r3.steps.at(0).attempts == want_attempts, n);
        bool explained = r3.steps.at(0).message.find("retry limit '{{inputs.parameters.n}}' is 'two'") != std::string::npos;
        BOOST_TEST(explained == !ok, r3.steps.at(0).message);
    }
}

BOOST_AUTO_TEST_CASE(timeout_kills_the_whole_process_group)
{
    auto d = fresh_dir("timeout");
    std::string pidf = (d / "grandchild.pid").string();
    couler::workflow wf("timeout", couler::graph_style::dag);
    auto t = sh("slow", "sleep 30 & echo $! > " + pidf + "; wait");
    t.timeout = "1s";
    wf.add_template(t);
    wf.graph().add_step(make_step("slow", "slow"));
    auto t0 = std::chrono::steady_clock::now();
    auto r = run(wf, opts(d));
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    BOOST_TEST(!r.ok());
    BOOST_TEST(secs < 10);
    BOOST_TEST(r.steps.at(0).message.find("timed out") != std::string::npos);
    pid_t gc = std::stoi(slurp(pidf));
    // Dead means gone, or a zombie waiting for init to reap it.
    auto alive = [gc] {
        std::string st = slurp("/proc/" + std::to_string(gc) + "/stat");
        auto rp = st.rfind(')');
        return !st.empty() && rp != std::string::npos && rp + 2 < st.size() && st[rp + 2] != 'Z';
    };
    for (int i = 0; i < 100 && alive(); ++i)
        ::usleep(10000);
    BOOST_TEST(!alive()); // the background grandchild died with its group
}

BOOST_AUTO_TEST_CASE(artifacts_flow_through_the_store)
{
    auto d = fresh_dir("artifacts");
    couler::workflow wf("arts", couler::graph_style::dag);
    wf.add_template(sh("make", "mkdir -p /mnt/out; seq 1 100 > /mnt/out/data.txt", {}, {}, {{"data", "/mnt/out/data.txt"}}));
    auto sum = sh("sum", "awk '{s+=$1} END {print s}' {{inputs.artifacts.data.path}} > /tmp/sum.txt", {},
                  {{"total", "/tmp/sum.txt"}}, {}, {{"data", "/data/in.txt"}});
    sum.outputs.parameters[0].global_name = "total";
    wf.add_template(sum);
    auto& g = wf.graph();
    g.add_step(make_step("make", "make"));
    auto s = make_step("sum", "sum");
    s.artifact_arguments.push_back(art_arg("data", "{{steps.make.outputs.artifacts.data}}"));
    g.add_step(s);
    g.add_dependency("make", "sum");
    auto r = run(wf, opts(d));
    BOOST_TEST(r.ok());
    BOOST_TEST(r.outputs["total"] == "5050");
    // Nothing was written to the real /mnt: declared paths live in the step's work dir.
    BOOST_TEST(fs::exists(r.run_dir / "steps" / "make" / "work" / "mnt" / "out" / "data.txt"));
    couler::engine::artifact_store st(d / "state" / "store");
    BOOST_TEST(st.object_count() == 1u);
    BOOST_TEST(st.verify_all().empty());
}

BOOST_AUTO_TEST_CASE(nested_graphs_and_recursion_guard)
{
    auto d = fresh_dir("nested");
    couler::workflow wf("nested", couler::graph_style::dag);
    wf.add_template(sh("sq", "echo $(( {{inputs.parameters.x}} * {{inputs.parameters.x}} ))", {"x"}));
    couler::step_template sub;
    sub.name = "square-twice";
    couler::parameter x;
    x.name = "x";
    sub.inputs.parameters.push_back(x);
    couler::parameter out;
    out.name = "y";
    out.from.parameter = "{{steps.b.outputs.result}}";
    sub.outputs.parameters.push_back(out);
    couler::graph sg;
    sg.style = couler::graph_style::dag;
    sg.add_step(make_step("a", "sq", {{"x", "{{inputs.parameters.x}}"}}));
    sg.add_step(make_step("b", "sq", {{"x", "{{steps.a.outputs.result}}"}}));
    sg.add_dependency("a", "b");
    sub.body = sg;
    wf.add_template(sub);
    wf.add_template(sh("show", "echo {{inputs.parameters.v}}", {"v"}));
    auto& g = wf.graph();
    g.add_step(make_step("sub", "square-twice", {{"x", "3"}}));
    g.add_step(make_step("show", "show", {{"v", "{{steps.sub.outputs.parameters.y}}"}}));
    g.add_dependency("sub", "show");
    auto r = run(wf, opts(d));
    BOOST_TEST(r.ok());
    BOOST_TEST(slurp(r.run_dir / "steps" / "show" / "stdout.log") == "81\n");
    BOOST_TEST(find_record(r, "sub/b"));

    // A template that calls itself forever stops at the depth guard.
    couler::workflow rec("rec", couler::graph_style::dag);
    couler::step_template self;
    self.name = "self";
    couler::graph rg;
    rg.style = couler::graph_style::dag;
    rg.add_step(make_step("again", "self"));
    self.body = rg;
    rec.add_template(self);
    rec.graph().add_step(make_step("start", "self"));
    auto o = opts(d);
    o.max_depth = 5;
    auto rr = run(rec, o);
    BOOST_TEST(!rr.ok());
}

BOOST_AUTO_TEST_CASE(unrunnable_steps_fail_up_front)
{
    auto d = fresh_dir("upfront");
    std::string marker = (d / "ran").string();
    couler::workflow wf("tf", couler::graph_style::dag);
    wf.add_template(sh("prep", "touch " + marker));
    couler::step_template job;
    job.name = "distributed-train";
    couler::job_spec js;
    js.framework = "tensorflow";
    js.resource.manifest = "{}";
    job.body = js;
    wf.add_template(job);
    auto& g = wf.graph();
    g.add_step(make_step("prep", "prep"));
    g.add_step(make_step("train", "distributed-train"));
    g.add_dependency("prep", "train");
    auto r = run(wf, opts(d));
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.error.find("distributed-train") != std::string::npos);
    BOOST_TEST(r.error.find("local_command") != std::string::npos);
    BOOST_TEST(!fs::exists(marker)); // nothing ran
    // With a local command it runs.
    std::get<couler::job_spec>(wf.find_template("distributed-train")->body).local_command = {"sh", "-c", "echo trained"};
    BOOST_TEST(run(wf, opts(d)).ok());
}

BOOST_AUTO_TEST_CASE(strings_that_are_not_utf8_fail_up_front)
{
    // The run records the workflow as IR JSON (resume reads it back), which cannot carry
    // bytes that are not UTF-8: refused before anything runs, naming the field.
    auto d = fresh_dir("utf8");
    std::string marker = (d / "ran").string();
    couler::workflow wf("u", couler::graph_style::dag);
    wf.add_template(sh("prep", "touch " + marker));
    wf.add_template(sh("latin1", "echo caf\xe9"));
    auto& g = wf.graph();
    g.add_step(make_step("prep", "prep"));
    g.add_step(make_step("b", "latin1"));
    auto r = run(wf, opts(d));
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.error.find("$.templates[2].script.source") != std::string::npos, r.error);
    BOOST_TEST(r.error.find("UTF-8") != std::string::npos, r.error);
    BOOST_TEST(!fs::exists(marker)); // nothing ran
    BOOST_TEST(!fs::exists(d / "state" / "runs" / r.run_id)); // and no run was recorded
}

BOOST_AUTO_TEST_CASE(argo_features_the_engine_lacks_fail_up_front)
{
    // Each of these changes what runs or when; the engine names it instead of ignoring it.
    auto d = fresh_dir("argo-only");
    std::string marker = (d / "ran").string();
    auto base = [&] {
        couler::workflow wf("argo", couler::graph_style::dag);
        wf.add_template(sh("prep", "touch " + marker));
        wf.graph().add_step(make_step("prep", "prep"));
        return wf;
    };
    std::vector<std::pair<std::string, std::function<void(couler::workflow&)>>> cases{
        {"retries without a fixed limit under a retry expression",
         [](couler::workflow& wf) {
             wf.find_template("prep")->retry = couler::retry_strategy{};
             wf.find_template("prep")->retry->unlimited = true;
             wf.find_template("prep")->retry->expression = "lastRetry.exitCode == 1";
         }},
        {"retries without a fixed limit under policy OnTransientError",
         [](couler::workflow& wf) {
             wf.find_template("prep")->retry = couler::retry_strategy{};
             wf.find_template("prep")->retry->limit_expression = "{{workflow.parameters.n}}";
             wf.find_template("prep")->retry->policy = "OnTransientError";
         }},
        {"sidecar",
         [](couler::workflow& wf) {
             couler::user_container side;
             side.container.name = "db";
             side.container.image = "postgres:16";
             wf.find_template("prep")->sidecars.push_back(side);
         }},
        {"mutex or semaphore",
         [](couler::workflow& wf) {
             couler::synchronization_spec lock;
             lock.mutexes.push_back(couler::mutex_lock{"one-at-a-time", {}, false});
             wf.find_template("prep")->synchronization = lock;
         }},
        {"lifecycle hooks",
         [](couler::workflow& wf) {
             couler::lifecycle_hook h;
             h.template_name = "prep";
             wf.graph()[0].hooks["exit"] = h;
         }},
        {"continues on error", [](couler::workflow& wf) { wf.graph()[0].continue_on_error = true; }},
        {"probes", [](couler::workflow& wf) {
             wf.find_template("prep")->container()->readiness_probe["exec"] = boost::json::object{};
         }},
    };
    for (auto& [what, change] : cases) {
        auto wf = base();
        BOOST_TEST_REQUIRE(run(wf, opts(d)).ok());
        fs::remove(marker);
        change(wf);
        auto r = run(wf, opts(d));
        BOOST_TEST(!r.ok(), what);
        BOOST_TEST(r.error.find(what) != std::string::npos, what << ": " << r.error);
        BOOST_TEST(r.error.find("does not implement") != std::string::npos, r.error);
        BOOST_TEST(!fs::exists(marker), what << ": nothing may run");
    }
}

BOOST_AUTO_TEST_CASE(memoization_skips_and_invalidates_downstream)
{
    auto d = fresh_dir("memo");
    auto build = [](const std::string& gen_cmd) {
        couler::workflow wf("memo", couler::graph_style::dag);
        wf.add_template(sh("gen", gen_cmd + " > /tmp/v", {}, {{"v", "/tmp/v"}}));
        wf.add_template(sh("use", "echo used-{{inputs.parameters.v}}", {"v"}));
        wf.add_template(sh("other", "echo independent"));
        auto& g = wf.graph();
        g.add_step(make_step("gen", "gen"));
        g.add_step(make_step("use", "use", {{"v", "{{steps.gen.outputs.parameters.v}}"}}));
        g.add_step(make_step("other", "other"));
        g.add_dependency("gen", "use");
        return wf;
    };
    auto o = opts(d);
    auto r1 = run(build("echo 1"), o);
    BOOST_TEST(r1.ok());
    BOOST_TEST(r1.cached == 0u);
    auto r2 = run(build("echo 1"), o);
    BOOST_TEST(r2.ok());
    BOOST_TEST(r2.cached == 3u); // all cache hits
    // Changing gen's command re-runs gen; its output changes, so use re-runs; other stays cached.
    auto r3 = run(build("echo 2"), o);
    BOOST_TEST(find_record(r3, "gen")->status == step_status::succeeded);
    BOOST_TEST(find_record(r3, "use")->status == step_status::succeeded);
    BOOST_TEST(find_record(r3, "other")->status == step_status::cached);
    // Same command, same output: downstream of an unchanged output stays cached.
    auto r4 = run(build("echo 2"), o);
    BOOST_TEST(r4.cached == 3u);
    o.memoize = false;
    BOOST_TEST(run(build("echo 2"), o).cached == 0u);
}

BOOST_AUTO_TEST_CASE(failure_stops_downstream_and_exit_status)
{
    auto d = fresh_dir("fail");
    std::string marker = (d / "downstream").string();
    couler::workflow wf("fail", couler::graph_style::dag);
    wf.add_template(sh("bad", "echo oops >&2; exit 7"));
    wf.add_template(sh("after", "touch " + marker));
    auto& g = wf.graph();
    g.add_step(make_step("bad", "bad"));
    g.add_step(make_step("after", "after"));
    g.add_dependency("bad", "after");
    auto r = run(wf, opts(d));
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.failed == 1u);
    BOOST_TEST(find_record(r, "bad")->message == "exit code 7");
    BOOST_TEST(slurp(r.run_dir / "steps" / "bad" / "stderr.log") == "oops\n");
    BOOST_TEST(!fs::exists(marker));
    // continue_on_failed lets the dependent run.
    g[g.at("bad")].continue_on_failed = true;
    auto r2 = run(wf, opts(d));
    BOOST_TEST(fs::exists(marker));
}

BOOST_AUTO_TEST_CASE(runs_are_listed)
{
    auto d = fresh_dir("list");
    couler::workflow wf("listed", couler::graph_style::dag);
    wf.add_template(sh("ok", "true"));
    wf.graph().add_step(make_step("ok", "ok"));
    auto r = run(wf, opts(d));
    auto runs = couler::engine::local_engine(opts(d)).list_runs();
    BOOST_REQUIRE(runs.size() == 1u);
    BOOST_TEST(runs[0].run_id == r.run_id);
    BOOST_TEST(runs[0].status == "Succeeded");
    BOOST_TEST(runs[0].workflow == "listed");
}

BOOST_AUTO_TEST_CASE(relative_state_dir)
{
    // Steps run in their own work dirs, so rewritten paths must not be relative to ours.
    auto d = fresh_dir("relative");
    couler::workflow wf("rel", couler::graph_style::dag);
    wf.add_template(sh("w", "echo hi > /tmp/o.txt", {}, {{"o", "/tmp/o.txt"}}));
    auto t = sh("r", "echo got-{{inputs.parameters.v}}", {"v"});
    t.outputs.parameters.push_back(couler::parameter{});
    t.outputs.parameters.back().name = "g";
    t.outputs.parameters.back().value = "x";
    t.outputs.parameters.back().global_name = "g";
    wf.add_template(t);
    wf.graph().add_step(make_step("w", "w"));
    wf.graph().add_step(make_step("r", "r", {{"v", "{{steps.w.outputs.parameters.o}}"}}));
    wf.graph().add_dependency("w", "r");
    auto o = opts(d);
    o.state_dir = fs::relative(d / "state", fs::current_path());
    BOOST_TEST(o.state_dir.is_relative());
    auto r = run(wf, o);
    BOOST_TEST(r.ok());
    BOOST_TEST(slurp(r.run_dir / "steps" / "r" / "stdout.log") == "got-hi\n");
}

BOOST_AUTO_TEST_CASE(when_over_items_skips_items)
{
    auto d = fresh_dir("item-when");
    couler::workflow wf("itemwhen", couler::graph_style::steps);
    wf.add_template(sh("half", "echo $(( {{inputs.parameters.n}} / 2 ))", {"n"}));
    wf.add_template(sh("show", "echo '{{inputs.parameters.all}}'", {"all"}));
    auto& g = wf.graph();
    auto h = make_step("half", "half", {{"n", "{{item.n}}"}});
    h.with_items = {boost::json::parse(R"({"n":4,"e":"even"})"), boost::json::parse(R"({"n":5,"e":"odd"})"),
                    boost::json::parse(R"({"n":8,"e":"even"})")};
    h.when = "{{item.e}} == even";
    g.add_step(h);
    g.add_step(make_step("show", "show", {{"all", "{{steps.half.outputs.result}}"}}));
    g.add_dependency("half", "show", couler::dependency_kind::data);
    auto r = run(wf, opts(d));
    BOOST_TEST(r.ok());
    BOOST_TEST(find_record(r, "half(1)")->status == step_status::skipped);
    BOOST_TEST(slurp(r.run_dir / "steps" / "show" / "stdout.log") == "[\"2\",\"4\"]\n");
}

BOOST_AUTO_TEST_CASE(workflow_arguments_feed_the_entry_template)
{
    auto d = fresh_dir("entry-args");
    couler::workflow wf;
    wf.add_template(sh("main", "echo hello-{{inputs.parameters.message}}", {"message"}));
    wf.entrypoint = "main";
    couler::parameter m;
    m.name = "message";
    m.value = "world";
    wf.settings.parameters.push_back(m);
    auto r = run(wf, opts(d));
    BOOST_TEST(r.ok());
    BOOST_TEST(slurp(r.run_dir / "steps" / "main" / "stdout.log") == "hello-world\n");
}

BOOST_AUTO_TEST_CASE(recursion_with_memoization_is_not_a_loop)
{
    // A recursive call has the same definition and inputs as its caller; it must still run
    // (its id differs), or a coin that came up tails would come up tails forever.
    auto d = fresh_dir("recursive-memo");
    std::string f = (d / "count").string();
    couler::workflow wf("rec", couler::graph_style::steps);
    wf.add_template(sh("flip", "n=$(cat " + f + " 2>/dev/null || echo 0); n=$((n+1)); echo $n > " + f +
                                   "; if [ $n -ge 3 ]; then echo heads; else echo tails; fi"));
    couler::step_template body;
    body.name = "flip-until-heads";
    couler::graph bg;
    bg.add_step(make_step("flip", "flip"));
    auto again = make_step("again", "flip-until-heads");
    again.when = "{{steps.flip.outputs.result}} == tails";
    bg.add_step(again);
    bg.add_dependency("flip", "again", couler::dependency_kind::order);
    body.body = bg;
    wf.add_template(body);
    wf.graph().add_step(make_step("start", "flip-until-heads"));
    auto r = run(wf, opts(d)); // memoization on
    BOOST_TEST(r.ok());
    BOOST_TEST(slurp(f) == "3\n");
    BOOST_TEST(find_record(r, "start/again/again/flip"));
}

// The run's time limit (the workflow's active deadline; options::run_timeout) and a stop request
// (what `couler run` does on SIGINT) stop the running steps, run the exit handler and fail the
// run, saying why.
BOOST_AUTO_TEST_CASE(run_time_limit_and_stop_request_stop_running_steps)
{
    for (int how = 0; how < 3; ++how) {
        BOOST_TEST_CONTEXT("how " << how)
        {
            auto d = fresh_dir("run-stop-" + std::to_string(how));
            std::string pidf = (d / "nap.pid").string();
            couler::workflow wf("stop", couler::graph_style::dag);
            wf.add_template(sh("nap", "echo $$ > " + pidf + "; exec sleep 60"));
            wf.add_template(sh("after", "echo after"));
            wf.add_template(sh("bye", "echo {{workflow.status}}"));
            wf.settings.on_exit = "bye";
            wf.graph().add_step(make_step("nap", "nap"));
            wf.graph().add_step(make_step("after", "after"));
            wf.graph().add_dependency("nap", "after");
            auto o = opts(d);
            if (how == 0)
                wf.settings.active_deadline_seconds = 1;
            else if (how == 1)
                o.run_timeout = 1;
            std::thread stopper;
            if (how == 2)
                stopper = std::thread([&] {
                    for (int i = 0; i < 100 && !fs::exists(pidf); ++i)
                        std::this_thread::sleep_for(std::chrono::milliseconds(50));
                    couler::engine::request_stop(SIGINT);
                });
            auto t0 = std::chrono::steady_clock::now();
            auto r = run(wf, o);
            if (stopper.joinable())
                stopper.join();
            couler::engine::clear_stop_request();
            double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            BOOST_TEST(!r.ok());
            BOOST_TEST(secs < 20);
            std::string why = how == 2 ? "interrupted by signal 2 (SIGINT)" : "the run's time limit of 1s passed";
            BOOST_TEST(r.stopped.find(why) != std::string::npos, r.stopped);
            const auto* nap = find_record(r, "nap");
            BOOST_TEST_REQUIRE(nap);
            BOOST_TEST(nap->status == step_status::failed);
            const auto* after = find_record(r, "after");
            BOOST_TEST((!after || after->status != step_status::succeeded));
            BOOST_TEST(slurp(r.run_dir / "steps" / "onExit" / "stdout.log") == "Failed\n");
            pid_t pid = static_cast<pid_t>(std::stol(slurp(pidf)));
            bool gone = false;
            for (int i = 0; i < 100 && !gone; ++i) {
                gone = ::kill(pid, 0) != 0;
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            BOOST_TEST(gone);
        }
    }
}
