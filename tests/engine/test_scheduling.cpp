// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Scheduling: each invocation starts once, per-template parallelism, resource slots, daemons,
// memoization's max age, and what resume keeps of the original run's options.
#include <couler/engine/engine.hpp>
#include <couler/engine/detail/resources.hpp>

#include "helpers.hpp"

#define BOOST_TEST_MODULE engine_scheduling
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
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
    // Slow to succeed: were --keep-going forgotten, bad's failure would stop y.
    wf.add_template(sh("x", "if [ -e " + once + " ]; then sleep 0.5; exit 0; fi; touch " + once + "; exit 1"));
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

namespace {
// A template that records how many of its kind run at once in `dir`/<tag> (one line per start
// into `dir`/<tag>.peaks), then works for `secs`.
couler::step_template counted(const std::string& name, const fs::path& dir, double secs = 0.4)
{
    fs::create_directories(dir);
    std::string d = dir.string();
    return sh(name,
              "mkdir -p " + d + "/all " + d + "/{{inputs.parameters.tag}}; touch " + d + "/all/$$ " + d +
                  "/{{inputs.parameters.tag}}/$$; ls " + d + "/all | wc -l >> " + d + "/all.peaks; ls " + d +
                  "/{{inputs.parameters.tag}} | wc -l >> " + d + "/{{inputs.parameters.tag}}.peaks; sleep " +
                  std::to_string(secs) + "; rm " + d + "/all/$$ " + d + "/{{inputs.parameters.tag}}/$$",
              {"tag"});
}

int peak(const fs::path& f)
{
    std::istringstream in(slurp(f));
    int p, m = 0;
    while (in >> p)
        m = std::max(m, p);
    return m;
}

couler::step mapped(const std::string& name, const std::string& tmpl, const std::string& tag, int n)
{
    auto s = make_step(name, tmpl, {{"tag", tag}});
    s.with_sequence = couler::loop_sequence{std::to_string(n), "", "", ""};
    return s;
}
} // namespace

BOOST_AUTO_TEST_SUITE(template_parallelism)

BOOST_AUTO_TEST_CASE(limits_each_invocation_of_its_template)
{
    // Two invocations of `fan` (parallelism 2) side by side, 8 jobs: each runs at most 2 of its
    // steps at once, the two together more than 2.
    auto d = fresh_dir("tmpl-parallelism");
    couler::workflow wf("par", couler::graph_style::dag);
    wf.add_template(counted("work", d / "count"));
    couler::step_template fan;
    fan.name = "fan";
    couler::parameter tag;
    tag.name = "tag";
    fan.inputs.parameters.push_back(tag);
    couler::graph fg;
    fg.style = couler::graph_style::dag;
    fg.add_step(mapped("w", "work", "{{inputs.parameters.tag}}", 6));
    fan.body = fg;
    fan.parallelism = 2;
    wf.add_template(fan);
    wf.graph().add_step(make_step("a", "fan", {{"tag", "a"}}));
    wf.graph().add_step(make_step("b", "fan", {{"tag", "b"}}));
    auto r = run_checked(wf, opts(d, 8));
    BOOST_TEST(r.ok());
    BOOST_TEST(r.succeeded == 12u);
    BOOST_TEST(peak(d / "count" / "a.peaks") == 2);
    BOOST_TEST(peak(d / "count" / "b.peaks") == 2);
    BOOST_TEST(peak(d / "count" / "all.peaks") > 2);
    // The entry template's parallelism bounds everything below it.
    fs::remove_all(d / "count");
    wf.find_template(wf.entrypoint)->parallelism = 1;
    auto r2 = run_checked(wf, opts(d, 8));
    BOOST_TEST(r2.ok());
    BOOST_TEST(peak(d / "count" / "all.peaks") == 1);
}

BOOST_AUTO_TEST_CASE(on_a_leaf_template_is_refused)
{
    auto d = fresh_dir("leaf-parallelism");
    couler::workflow wf("leafpar", couler::graph_style::dag);
    wf.add_template(sh("one", "true"));
    wf.find_template("one")->parallelism = 3;
    wf.graph().add_step(make_step("one", "one"));
    auto r = couler::engine::local_engine(opts(d)).run(wf);
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.error.find("template 'one' sets parallelism") != std::string::npos, r.error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(resources)

BOOST_AUTO_TEST_CASE(cpu_requests_take_slots_of_jobs)
{
    // 4 jobs; each step asks for 2 CPUs (and 1.5 rounds up to 2): 2 at once.
    auto d = fresh_dir("cpu-slots");
    for (std::string cpu : {"2", "1500m"}) {
        fs::remove_all(d / "count");
        couler::workflow wf("cpu", couler::graph_style::dag);
        auto t = counted("work", d / "count", 0.3);
        t.container()->resources.requests["cpu"] = cpu;
        wf.add_template(t);
        wf.graph().add_step(mapped("w", "work", "x", 4));
        auto r = run_checked(wf, opts(d, 4));
        BOOST_TEST(r.ok());
        BOOST_TEST(peak(d / "count" / "all.peaks") == 2, "cpu " << cpu);
    }
    // A limit without a request counts as the request, as in Kubernetes.
    fs::remove_all(d / "count");
    couler::workflow wf("cpu-limit", couler::graph_style::dag);
    auto t = counted("work", d / "count", 0.3);
    t.container()->resources.limits["cpu"] = "2";
    wf.add_template(t);
    wf.graph().add_step(mapped("w", "work", "x", 3));
    BOOST_TEST(run_checked(wf, opts(d, 2)).ok());
    BOOST_TEST(peak(d / "count" / "all.peaks") == 1);
    // The workflow's pod resources apply to every step.
    fs::remove_all(d / "count");
    couler::workflow wp("pod", couler::graph_style::dag);
    wp.add_template(counted("work", d / "count", 0.3));
    wp.settings.pod_resources.requests["cpu"] = "2";
    wp.graph().add_step(mapped("w", "work", "x", 4));
    BOOST_TEST(run_checked(wp, opts(d, 4)).ok());
    BOOST_TEST(peak(d / "count" / "all.peaks") == 2);
}

BOOST_AUTO_TEST_CASE(memory_requests_count_against_the_machine)
{
    // Each step asks for 60% of the machine's memory: one at a time, whatever --jobs says.
    auto d = fresh_dir("memory");
    double mem = couler::engine::detail::machine_memory();
    BOOST_TEST_REQUIRE(mem > 0);
    couler::workflow wf("mem", couler::graph_style::dag);
    auto t = counted("work", d / "count", 0.3);
    t.container()->resources.requests["memory"] = std::to_string(static_cast<long long>(mem * 0.6));
    wf.add_template(t);
    wf.graph().add_step(mapped("w", "work", "x", 3));
    auto r = run_checked(wf, opts(d, 4));
    BOOST_TEST(r.ok());
    BOOST_TEST(peak(d / "count" / "all.peaks") == 1);
}

BOOST_AUTO_TEST_CASE(what_cannot_fit_is_refused_up_front)
{
    auto d = fresh_dir("too-big");
    std::string marker = (d / "ran").string();
    unsigned cores = couler::engine::detail::machine_cores();
    struct refusal {
        std::string resource, value;
        unsigned jobs;
        std::string expect;
    };
    std::vector<refusal> cases{
        {"cpu", "8", 4, "step 'big' (template 'big') requests cpu '8': 8 slots, more than the run's 4 (--jobs)"},
        {"cpu", std::to_string(cores + 1), cores + 8, "more than this machine's " + std::to_string(cores) + " cores"},
        {"memory", "1000Ei", 2, "step 'big' (template 'big') requests memory '1000Ei': more than this machine's"},
        {"nvidia.com/gpu", "1", 2, "requests nvidia.com/gpu '1': the local engine counts only cpu and memory"},
        {"cpu", "{{inputs.parameters.n}}", 2, "requests cpu '{{inputs.parameters.n}}', not a quantity"},
    };
    for (auto& c : cases) {
        couler::workflow wf("toobig", couler::graph_style::dag);
        wf.add_template(sh("small", "touch " + marker));
        auto t = sh("big", "touch " + marker);
        t.container()->resources.requests[c.resource] = c.value;
        wf.add_template(t);
        wf.graph().add_step(make_step("small", "small"));
        wf.graph().add_step(make_step("big", "big"));
        auto r = couler::engine::local_engine(opts(d, c.jobs)).run(wf);
        BOOST_TEST(!r.ok());
        BOOST_TEST(r.error.find(c.expect) != std::string::npos, c.resource << " " << c.value << ": " << r.error);
        BOOST_TEST(!fs::exists(marker), "nothing may run");
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(memoize_max_age)
{
    // A memoized result younger than max_age is reused; an older one is not.
    auto d = fresh_dir("max-age");
    std::string f = (d / "runs").string();
    couler::workflow wf("maxage", couler::graph_style::dag);
    auto t = sh("fresh", "echo x >> " + f);
    t.memoize = couler::memoize_spec{"k", "1s", ""};
    wf.add_template(t);
    wf.add_template(sh("forever", "true"));
    wf.graph().add_step(make_step("fresh", "fresh"));
    wf.graph().add_step(make_step("forever", "forever"));
    auto o = opts(d);
    o.memoize = true;
    auto r1 = run_checked(wf, o);
    BOOST_TEST(r1.succeeded == 2u);
    auto r2 = run_checked(wf, o);
    BOOST_TEST(r2.cached == 2u); // within the second
    std::this_thread::sleep_for(std::chrono::milliseconds(1300));
    auto r3 = run_checked(wf, o);
    BOOST_TEST(find_record(r3, "fresh")->status == step_status::succeeded); // too old: ran again
    BOOST_TEST(find_record(r3, "forever")->status == step_status::cached);  // no max_age
    BOOST_TEST(lines(f) == 2u);
    // Not a duration: refused by name.
    wf.find_template("fresh")->memoize->max_age = "soon";
    auto r4 = couler::engine::local_engine(o).run(wf);
    BOOST_TEST(!r4.ok());
    BOOST_TEST(r4.error.find("template 'fresh' has memoize.max_age 'soon', not a duration") != std::string::npos,
               r4.error);
}

BOOST_AUTO_TEST_CASE(volume_mounts_are_refused)
{
    auto d = fresh_dir("volume-mounts");
    couler::workflow wf("vm", couler::graph_style::dag);
    auto t = sh("uses", "true");
    t.container()->volume_mounts.push_back(couler::volume_mount{"data", "/data", "", false});
    wf.add_template(t);
    wf.graph().add_step(make_step("uses", "uses"));
    auto r = couler::engine::local_engine(opts(d)).run(wf);
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.error.find("template 'uses' mounts volume 'data' (volume_mounts)") != std::string::npos, r.error);
}

BOOST_AUTO_TEST_CASE(empty_dir_mounts_are_fresh_directories_of_each_step)
{
    // The builder mounts an emptyDir over each directory holding outputs (as the Python SDK
    // does): each step gets its own empty directory there, mapped into its work dir.
    auto d = fresh_dir("empty-dir-mounts");
    couler::workflow wf("ed", couler::graph_style::dag);
    couler::volume scratch;
    scratch.name = "scratch";
    scratch.kind = couler::volume::source_kind::empty_dir;
    wf.settings.volumes.push_back(scratch);
    for (const char* name : {"a", "b"}) {
        // The directory exists and is empty; a file written there is an output.
        auto t = sh(name, std::string("test -d /scratch/dir && test -z \"$(ls /scratch/dir)\" && ") +
                              "echo " + name + " > /scratch/dir/note && touch /scratch/dir/extra",
                    {}, {{"note", "/scratch/dir/note"}});
        t.container()->volume_mounts.push_back(couler::volume_mount{"scratch", "/scratch/dir", "", false});
        wf.add_template(t);
        wf.graph().add_step(make_step(name, name));
    }
    wf.graph().add_dependency("a", "b");
    auto r = run_checked(wf, opts(d));
    BOOST_TEST(find_record(r, "b")->status == step_status::succeeded);
    BOOST_TEST(!fs::exists("/scratch/dir")); // nothing outside the run's directory
    // Any other kind of volume is still refused, by name.
    couler::volume claim;
    claim.name = "claim";
    claim.kind = couler::volume::source_kind::persistent_volume_claim;
    claim.source = "pvc";
    wf.settings.volumes.push_back(claim);
    wf.find_template("b")->container()->volume_mounts.push_back(couler::volume_mount{"claim", "/claim", "", false});
    auto r2 = couler::engine::local_engine(opts(d)).run(wf);
    BOOST_TEST(!r2.ok());
    BOOST_TEST(r2.error.find("template 'b' mounts volume 'claim' (volume_mounts)") != std::string::npos, r2.error);
}

BOOST_AUTO_TEST_SUITE(daemons)

namespace {
// A server that writes its pid to `pidfile` and runs until killed.
couler::step_template server(const fs::path& pidfile)
{
    auto t = sh("server", "echo $$ > " + pidfile.string() + ".tmp; mv " + pidfile.string() + ".tmp " +
                              pidfile.string() + "; while true; do sleep 0.1; done");
    t.daemon = true;
    return t;
}
// Prints `alive` if the server's process runs (not a zombie), `gone` otherwise.
std::string probe(const fs::path& pidfile)
{
    std::string p = pidfile.string();
    return "for i in $(seq 100); do [ -e " + p + " ] && break; sleep 0.05; done; pid=$(cat " + p +
           "); s=$(cut -d' ' -f3 /proc/$pid/stat 2>/dev/null); "
           "if [ -n \"$s\" ] && [ \"$s\" != Z ]; then echo alive; else echo gone; fi";
}
bool running(const fs::path& pidfile)
{
    std::istringstream in(slurp(pidfile));
    long pid = 0;
    in >> pid;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string a, b, state;
    return stat >> a >> b >> state && state != "Z";
}
} // namespace

BOOST_AUTO_TEST_CASE(start_serve_and_die_with_their_template)
{
    // `svc` runs a server (a daemon) and a client of it; after `svc` ends, `after` finds the
    // server gone. One job: the daemon takes no slot, or the client would wait forever.
    auto d = fresh_dir("daemon");
    fs::path pid = d / "server.pid";
    couler::workflow wf("daemon", couler::graph_style::dag);
    wf.add_template(server(pid));
    wf.add_template(sh("client", probe(pid)));
    couler::step_template svc;
    svc.name = "svc";
    couler::graph sg;
    sg.style = couler::graph_style::dag;
    sg.add_step(make_step("server", "server"));
    auto client = make_step("client", "client");
    client.depends = "server.Daemoned";
    sg.add_step(client);
    sg.add_dependency("server", "client");
    svc.body = sg;
    wf.add_template(svc);
    wf.graph().add_step(make_step("svc", "svc"));
    wf.graph().add_step(make_step("after", "client"));
    wf.graph().add_dependency("svc", "after");
    auto t0 = std::chrono::steady_clock::now();
    auto r = run_checked(wf, opts(d, 1));
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    BOOST_TEST(r.ok());
    BOOST_TEST(secs < 20);
    BOOST_TEST(slurp(r.run_dir / "steps" / "svc" / "client" / "stdout.log") == "alive\n");
    BOOST_TEST(slurp(r.run_dir / "steps" / "after" / "stdout.log") == "gone\n");
    BOOST_TEST(!running(pid));
    // Journalled as a daemon, its end too.
    std::string j = slurp(r.run_dir / "journal.jsonl");
    BOOST_TEST(j.find("\"status\":\"Daemoned\"") != std::string::npos);
    BOOST_TEST(j.find("\"t\":\"daemon_end\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_daemon_of_the_entry_template_ends_with_the_run)
{
    auto d = fresh_dir("daemon-entry");
    fs::path pid = d / "server.pid";
    couler::workflow wf("daemon2", couler::graph_style::dag);
    wf.add_template(server(pid));
    wf.add_template(sh("client", probe(pid)));
    wf.graph().add_step(make_step("server", "server"));
    wf.graph().add_step(make_step("client", "client"));
    wf.graph().add_dependency("server", "client");
    auto r = run_checked(wf, opts(d, 2));
    BOOST_TEST(r.ok());
    BOOST_TEST(slurp(r.run_dir / "steps" / "client" / "stdout.log") == "alive\n");
    BOOST_TEST(!running(pid));
}

BOOST_AUTO_TEST_CASE(resume_starts_a_daemon_again)
{
    // The client fails the first time; on resume the server must run again for it (a daemon
    // is journalled as Daemoned, not as a finished step to restore).
    auto d = fresh_dir("daemon-resume");
    fs::path pid = d / "server.pid";
    std::string once = (d / "once").string();
    couler::workflow wf("daemon4", couler::graph_style::dag);
    wf.add_template(server(pid));
    wf.add_template(sh("client", "if [ ! -e " + once + " ]; then touch " + once + "; exit 1; fi; " + probe(pid)));
    wf.graph().add_step(make_step("server", "server"));
    wf.graph().add_step(make_step("client", "client"));
    wf.graph().add_dependency("server", "client");
    auto r = run_checked(wf, opts(d, 2));
    BOOST_TEST(!r.ok());
    BOOST_TEST(!running(pid));
    fs::remove(pid);
    auto r2 = couler::engine::local_engine(opts(d, 2)).resume(r.run_id);
    BOOST_TEST(r2.ok());
    BOOST_TEST(r2.restored == 0u);
    BOOST_TEST(slurp(r2.run_dir / "steps" / "client" / "stdout.log") == "alive\n");
    BOOST_TEST(!running(pid));
    BOOST_TEST(journal_duplicates(r2.run_dir).empty());
}

BOOST_AUTO_TEST_CASE(a_daemon_with_outputs_is_refused)
{
    auto d = fresh_dir("daemon-outputs");
    couler::workflow wf("daemon3", couler::graph_style::dag);
    auto t = server(d / "pid");
    couler::parameter p;
    p.name = "port";
    p.from.path = "/tmp/port";
    t.outputs.parameters.push_back(p);
    wf.add_template(t);
    wf.graph().add_step(make_step("server", "server"));
    auto r = couler::engine::local_engine(opts(d)).run(wf);
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.error.find("template 'server' is a daemon with outputs") != std::string::npos, r.error);
}

BOOST_AUTO_TEST_SUITE_END()
