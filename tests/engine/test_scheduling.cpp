// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Scheduling: each invocation starts once, per-template parallelism, resource slots, daemons,
// memoization's max age, and what resume keeps of the original run's options.
#include <couler/engine/engine.hpp>

#include "helpers.hpp"

#define BOOST_TEST_MODULE engine_scheduling
#include <boost/test/unit_test.hpp>

#include <sstream>

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
    o.memoize = false;
    return o;
}

// Lines in `f` (each run of a marking step appends one).
std::size_t lines(const fs::path& f)
{
    std::istringstream in(slurp(f));
    std::size_t n = 0;
    for (std::string l; std::getline(in, l);)
        ++n;
    return n;
}

// Runs `wf` with progress captured; checks the journal and the progress counts.
couler::engine::run_result run_checked(const couler::workflow& wf, couler::engine::options o)
{
    std::ostringstream log;
    o.log = &log;
    auto r = couler::engine::local_engine(o).run(wf);
    BOOST_TEST(journal_duplicates(r.run_dir).empty(), "journal: " << (journal_duplicates(r.run_dir).empty()
                                                                           ? std::string()
                                                                           : journal_duplicates(r.run_dir)[0]));
    BOOST_TEST(progress_overruns(log.str()).empty(), log.str());
    return r;
}
} // namespace

BOOST_AUTO_TEST_SUITE(each_invocation_starts_once)

BOOST_AUTO_TEST_CASE(skipped_first_step)
{
    // The first step is skipped by `when`: its successor becomes ready when the skip finishes,
    // and must not be started again by the scope's own first pass.
    auto d = fresh_dir("skip-first");
    couler::workflow wf("skipfirst", couler::graph_style::dag);
    wf.add_template(sh("mark", "echo x >> " + (d / "marks").string()));
    auto a = make_step("a", "mark");
    a.when = "1 == 0";
    wf.graph().add_step(a);
    wf.graph().add_step(make_step("b", "mark"));
    wf.graph().add_dependency("a", "b");
    auto r = run_checked(wf, opts(d));
    BOOST_TEST(r.ok());
    BOOST_TEST(lines(d / "marks") == 1u);
    BOOST_TEST(r.steps.size() == 2u); // a skipped, b succeeded
}

BOOST_AUTO_TEST_CASE(skipped_first_step_inside_a_map)
{
    // Each item of the map is a sub-workflow whose first step is skipped.
    auto d = fresh_dir("skip-first-map");
    couler::workflow wf("skipmap", couler::graph_style::dag);
    wf.add_template(sh("mark", "echo {{inputs.parameters.v}} >> " + (d / "marks").string(), {"v"}));
    couler::step_template body;
    body.name = "body";
    couler::parameter v;
    v.name = "v";
    body.inputs.parameters.push_back(v);
    couler::graph bg;
    bg.style = couler::graph_style::steps;
    auto a = make_step("a", "mark", {{"v", "a"}});
    a.when = "{{inputs.parameters.v}} == never";
    bg.add_step(a);
    bg.add_step(make_step("b", "mark", {{"v", "{{inputs.parameters.v}}"}}));
    bg.add_dependency("a", "b", couler::dependency_kind::order);
    body.body = bg;
    wf.add_template(body);
    auto m = make_step("m", "body", {{"v", "{{item}}"}});
    m.with_items = {boost::json::value("1"), boost::json::value("2"), boost::json::value("3")};
    wf.graph().add_step(m);
    auto r = run_checked(wf, opts(d, 3));
    BOOST_TEST(r.ok());
    BOOST_TEST(lines(d / "marks") == 3u);
    BOOST_TEST(r.succeeded == 3u);
    BOOST_TEST(r.skipped == 3u);
}

BOOST_AUTO_TEST_CASE(two_status_specific_exit_handlers)
{
    // The exit handler runs one of two steps by {{workflow.status}}, one after the other.
    auto d = fresh_dir("two-exit");
    for (bool fail : {false, true}) {
        std::string f = (d / (fail ? "failed" : "succeeded")).string();
        couler::workflow wf(fail ? "bad" : "good", couler::graph_style::dag);
        wf.add_template(sh("main", fail ? "exit 3" : "true"));
        wf.add_template(sh("note", "echo {{inputs.parameters.m}} >> " + f, {"m"}));
        couler::step_template handlers;
        handlers.name = "handlers";
        couler::graph hg;
        hg.style = couler::graph_style::steps;
        auto ok = make_step("on-success", "note", {{"m", "ok"}});
        ok.when = "{{workflow.status}} == Succeeded";
        auto bad = make_step("on-failure", "note", {{"m", "failed"}});
        bad.when = "{{workflow.status}} != Succeeded";
        hg.add_step(ok);
        hg.add_step(bad);
        hg.add_dependency("on-success", "on-failure", couler::dependency_kind::order);
        handlers.body = hg;
        wf.add_template(handlers);
        wf.graph().add_step(make_step("main", "main"));
        wf.settings.on_exit = "handlers";
        auto r = run_checked(wf, opts(d));
        BOOST_TEST(r.ok() == !fail);
        BOOST_TEST(slurp(f) == (fail ? "failed\n" : "ok\n"));
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(resume_keeps_the_run_options)

BOOST_AUTO_TEST_CASE(keep_going)
{
    // `bad` always fails; `x` fails the first time only; `y` needs `x`. The run keeps going,
    // so on resume (options left unset) a failure of `bad` must not stop `x` and `y` again.
    auto d = fresh_dir("resume-keep-going");
    std::string once = (d / "once").string(), marker = (d / "y-ran").string();
    couler::workflow wf("keepgoing", couler::graph_style::dag);
    wf.add_template(sh("bad", "exit 1"));
    wf.add_template(sh("x", "if [ -e " + once + " ]; then exit 0; fi; touch " + once + "; exit 1"));
    wf.add_template(sh("y", "touch " + marker));
    wf.graph().add_step(make_step("bad", "bad"));
    wf.graph().add_step(make_step("x", "x"));
    wf.graph().add_step(make_step("y", "y"));
    wf.graph().add_dependency("x", "y");
    auto o = opts(d, 1);
    o.keep_going = true;
    auto r = couler::engine::local_engine(o).run(wf);
    BOOST_TEST(!r.ok());
    BOOST_TEST(!fs::exists(marker));
    auto ro = opts(d, 0); // neither --jobs nor --keep-going given again
    auto r2 = couler::engine::local_engine(ro).resume(r.run_id);
    BOOST_TEST(!r2.ok()); // bad still fails
    BOOST_TEST(fs::exists(marker));
    BOOST_TEST(journal_duplicates(r2.run_dir).empty());
}

BOOST_AUTO_TEST_CASE(jobs)
{
    // Four items fail the first time; the resumed run reruns them with the run's --jobs 1,
    // or with the --jobs it is given.
    auto d = fresh_dir("resume-jobs");
    std::string cnt = (d / "running").string(), peaks = (d / "peaks").string();
    fs::create_directories(cnt);
    couler::workflow wf("jobs", couler::graph_style::dag);
    wf.add_template(sh("work", "f=" + (d / "seen").string() + "-{{inputs.parameters.i}}; "
                               "if [ ! -e $f ]; then touch $f; exit 1; fi; touch " + cnt + "/$$; ls " + cnt +
                               " | wc -l >> " + peaks + "; sleep 0.3; rm " + cnt + "/$$",
                       {"i"}));
    auto s = make_step("w", "work", {{"i", "{{item}}"}});
    s.with_sequence = couler::loop_sequence{"4", "", "", ""};
    wf.graph().add_step(s);
    auto peak = [&] {
        std::istringstream in(slurp(peaks));
        int p, m = 0;
        while (in >> p)
            m = std::max(m, p);
        fs::remove(peaks);
        return m;
    };
    for (unsigned again : {0u, 3u}) {
        for (int i = 0; i < 4; ++i)
            fs::remove(d / ("seen-" + std::to_string(i)));
        auto o = opts(d, 1);
        o.keep_going = true;
        auto r = couler::engine::local_engine(o).run(wf);
        BOOST_TEST(r.failed == 4u);
        auto r2 = couler::engine::local_engine(opts(d, again)).resume(r.run_id);
        BOOST_TEST(r2.ok());
        int p = peak();
        if (again == 0)
            BOOST_TEST(p == 1, "the run's --jobs 1 is kept");
        else
            BOOST_TEST(p >= 2, "--jobs 3 given to resume is used");
    }
}

BOOST_AUTO_TEST_SUITE_END()
