// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Crash safety: kill -9 the engine at random points, resume, and compare with an
// uninterrupted run; two runs at once on one store.
#include <couler/engine/engine.hpp>
#include <couler/engine/journal.hpp>

#include "helpers.hpp"

#define BOOST_TEST_MODULE engine_resume
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <random>
#include <sys/wait.h>

namespace fs = std::filesystem;
using namespace test_engine;
using couler::engine::step_status;

namespace {

// gen -> process x4 (map) -> combine, a sub-workflow beside them, a skipped step, artifacts
// and parameters between them. About a second of work with two jobs.
couler::workflow pipeline()
{
    couler::workflow wf("pipeline", couler::graph_style::dag);
    wf.add_template(sh("gen", "sleep 0.1; mkdir -p /out; seq 1 200 > /out/data.txt", {}, {}, {{"data", "/out/data.txt"}}));
    wf.add_template(sh("process",
                       "sleep 0.$(( {{inputs.parameters.i}} % 3 + 1 )); "
                       "awk -v k={{inputs.parameters.i}} '{s+=$1*(k+1)} END {print s}' {{inputs.artifacts.data.path}} > /tmp/v",
                       {"i"}, {{"v", "/tmp/v"}}, {}, {{"data", "/in/data.txt"}}));
    auto combine = sh("combine",
                      "sleep 0.1; echo '{{inputs.parameters.all}}' | tr -d '[]\"' | tr ',' '\\n' | "
                      "awk '{s+=$1} END {print s}' > /tmp/total; "
                      "echo 'parts: {{inputs.parameters.all}} sub: {{inputs.parameters.sub}}' > /tmp/report.txt; "
                      "cat {{inputs.artifacts.data.path}} | wc -l >> /tmp/report.txt",
                      {"all", "sub"}, {{"total", "/tmp/total"}}, {{"report", "/tmp/report.txt"}},
                      {{"data", "/in/data.txt"}});
    combine.outputs.parameters[0].global_name = "total";
    combine.outputs.artifacts[0].global_name = "report";
    wf.add_template(combine);
    wf.add_template(sh("inc", "sleep 0.1; echo $(( {{inputs.parameters.x}} + 1 ))", {"x"}));
    couler::step_template sub;
    sub.name = "chain";
    couler::parameter y;
    y.name = "y";
    y.from.parameter = "{{steps.c.outputs.result}}";
    sub.outputs.parameters.push_back(y);
    couler::graph sg;
    sg.style = couler::graph_style::dag;
    sg.add_step(make_step("a", "inc", {{"x", "1"}}));
    sg.add_step(make_step("b", "inc", {{"x", "{{steps.a.outputs.result}}"}}));
    sg.add_step(make_step("c", "inc", {{"x", "{{steps.b.outputs.result}}"}}));
    sg.add_dependency("a", "b");
    sg.add_dependency("b", "c");
    sub.body = sg;
    wf.add_template(sub);
    auto& g = wf.graph();
    g.add_step(make_step("gen", "gen"));
    auto p = make_step("process", "process", {{"i", "{{item}}"}});
    p.with_sequence = couler::loop_sequence{"4", "", "", ""};
    p.artifact_arguments.push_back(art_arg("data", "{{steps.gen.outputs.artifacts.data}}"));
    g.add_step(p);
    g.add_step(make_step("chain", "chain"));
    auto never = make_step("never", "inc", {{"x", "0"}});
    never.when = "{{steps.chain.outputs.parameters.y}} > 100";
    g.add_step(never);
    auto c = make_step("combine", "combine",
                       {{"all", "{{steps.process.outputs.parameters.v}}"}, {"sub", "{{steps.chain.outputs.parameters.y}}"}});
    c.artifact_arguments.push_back(art_arg("data", "{{steps.gen.outputs.artifacts.data}}"));
    g.add_step(c);
    g.add_dependency("gen", "process");
    g.add_dependency("process", "combine");
    g.add_dependency("gen", "combine");
    g.add_dependency("chain", "combine");
    g.add_dependency("chain", "never");
    g.add_dependency("never", "combine");
    return wf;
}

couler::engine::options opts(const fs::path& state, const fs::path& store)
{
    couler::engine::options o;
    o.state_dir = state;
    o.store_dir = store;
    o.jobs = 2;
    o.memoize = false; // resume itself must restore the work, not the memo cache
    return o;
}

// Runs `f` in a child process and SIGKILLs it after `delay_ms` (if still running).
template <class F> void run_and_kill(F f, int delay_ms)
{
    pid_t pid = ::fork();
    if (pid == 0) {
        int rc = 1;
        try {
            rc = f() ? 0 : 1;
        } catch (...) {
        }
        ::_exit(rc);
    }
    ::usleep(static_cast<useconds_t>(delay_ms) * 1000);
    ::kill(pid, SIGKILL);
    int st = 0;
    ::waitpid(pid, &st, 0);
}

} // namespace

BOOST_AUTO_TEST_CASE(kill_minus_9_then_resume_matches_uninterrupted)
{
    auto d = fresh_dir("kill9");
    fs::path store = d / "store";
    auto wf = pipeline();
    auto base = couler::engine::local_engine(opts(d / "base", store)).run(wf);
    BOOST_REQUIRE(base.ok());
    BOOST_REQUIRE(base.outputs.count("total"));
    BOOST_TEST(base.outputs["total"] == std::to_string(20100 * (1 + 2 + 3 + 4)));
    std::string report = slurp(base.artifacts.at("report"));
    BOOST_TEST(report == "parts: [\"20100\",\"40200\",\"60300\",\"80400\"] sub: 4\n200\n");
    BOOST_TEST(base.skipped == 1u);

    std::mt19937 rng(20261124);
    std::uniform_int_distribution<int> when(0, static_cast<int>(base.seconds * 1000 * 1.1));
    int interrupted = 0;
    for (int trial = 0; trial < 20; ++trial) {
        fs::path state = d / ("t" + std::to_string(trial));
        std::string id = "trial-" + std::to_string(trial);
        auto o = opts(state, store);
        o.run_id = id;
        int k1 = when(rng);
        run_and_kill([&] { return couler::engine::local_engine(o).run(wf).ok(); }, k1);
        // Half the trials kill the first resume too.
        if (trial % 2 == 1 && fs::exists(state / "runs" / id / "run.json"))
            run_and_kill([&] { return couler::engine::local_engine(o).resume(id).ok(); }, when(rng) / 2);
        if (!fs::exists(state / "runs" / id / "run.json")) {
            // Killed before the run was even recorded: nothing to resume; start it again.
            auto r = couler::engine::local_engine(o).run(wf);
            BOOST_TEST(r.ok());
            continue;
        }
        bool finished = false;
        for (auto& rec : couler::engine::run_journal::read(state / "runs" / id / "journal.jsonl"))
            finished = finished || (rec.contains("t") && rec.at("t") == "run_end");
        if (!finished)
            ++interrupted;
        auto r = couler::engine::local_engine(o).resume(id);
        BOOST_TEST_CONTEXT("trial " << trial << " killed at " << k1 << " ms")
        {
            BOOST_TEST(r.ok());
            BOOST_TEST(r.outputs == base.outputs);
            BOOST_REQUIRE(r.artifacts.count("report"));
            BOOST_TEST(slurp(r.artifacts.at("report")) == report);
            couler::engine::artifact_store st(store);
            BOOST_TEST(st.verify_all().empty());
            // Each engine run (killed or not) started every invocation at most once per attempt.
            auto dups = journal_duplicates(state / "runs" / id);
            BOOST_TEST(dups.empty(), (dups.empty() ? std::string() : dups[0]));
        }
    }
    BOOST_TEST_MESSAGE(interrupted << " of 20 runs were killed before they finished");
    BOOST_TEST(interrupted >= 12); // the kills landed mid-run, so resume had real work to do
}

BOOST_AUTO_TEST_CASE(resume_skips_finished_steps_after_a_failure)
{
    auto d = fresh_dir("resume-fail");
    std::string gate = (d / "gate").string();
    couler::workflow wf("gated", couler::graph_style::dag);
    wf.add_template(sh("first", "echo once >> " + (d / "first-runs").string()));
    wf.add_template(sh("second", "test -e " + gate));
    auto& g = wf.graph();
    g.add_step(make_step("first", "first"));
    g.add_step(make_step("second", "second"));
    g.add_dependency("first", "second");
    auto o = opts(d / "state", d / "store");
    auto r1 = couler::engine::local_engine(o).run(wf);
    BOOST_TEST(!r1.ok());
    std::ofstream(gate) << "open";
    auto r2 = couler::engine::local_engine(o).resume(r1.run_id);
    BOOST_TEST(r2.ok());
    BOOST_TEST(slurp(d / "first-runs") == "once\n");
    auto runs = couler::engine::local_engine(o).list_runs();
    BOOST_REQUIRE(runs.size() == 1u);
    BOOST_TEST(runs[0].status == "Succeeded");
}

BOOST_AUTO_TEST_CASE(two_simultaneous_runs_share_one_store)
{
    auto d = fresh_dir("two-runs");
    fs::path store = d / "store";
    auto wf = pipeline();
    std::vector<pid_t> kids;
    for (int k = 0; k < 2; ++k) {
        pid_t pid = ::fork();
        if (pid == 0) {
            auto o = opts(d / ("s" + std::to_string(k)), store);
            o.memoize = true;
            o.store_capacity_bytes = 4096; // small: eviction runs while the other run reads
            bool ok = false;
            try {
                ok = couler::engine::local_engine(o).run(wf).ok();
            } catch (...) {
            }
            ::_exit(ok ? 0 : 1);
        }
        kids.push_back(pid);
    }
    for (pid_t p : kids) {
        int st = 0;
        ::waitpid(p, &st, 0);
        BOOST_TEST((WIFEXITED(st) && WEXITSTATUS(st) == 0));
    }
    couler::engine::artifact_store st(store);
    BOOST_TEST(st.verify_all().empty());
    BOOST_TEST(fs::is_empty(store / "tmp"));
}
