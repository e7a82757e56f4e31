// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The Slurm executor against a real single-node cluster, which the ctest fixture starts
// (slurm-local.sh; SLURM_CONF points at it). Each case runs a workflow with executor "slurm".
#define BOOST_TEST_MODULE slurm_executor
#include <boost/test/unit_test.hpp>

#include "../engine/helpers.hpp"

#include <couler/engine.hpp>
#include <couler/engine/executor/slurm.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include <csignal>
#include <sys/wait.h>

namespace fs = std::filesystem;
using namespace test_engine;

namespace {

couler::engine::options slurm_opts(const fs::path& d)
{
    couler::engine::options o;
    o.state_dir = d / "state"; // absolute: fresh_dir is under the build dir
    o.executor = "slurm";
    o.jobs = 8;
    o.memoize = false;
    // The test cluster sets no default memory per job: without --mem a job takes all of the
    // node's, and the jobs of a run would wait for each other.
    o.slurm.sbatch_args = {"--mem=64M"};
    return o;
}

// A container template run on the host (no runtime): `command` with `args`, as written.
couler::step_template cmd(const std::string& name, std::vector<std::string> command, std::vector<std::string> args,
                          std::vector<std::string> inputs = {})
{
    couler::step_template t;
    t.name = name;
    couler::container_spec c;
    c.image = "alpine:3.18";
    c.command = std::move(command);
    c.args = std::move(args);
    t.body = c;
    for (auto& i : inputs) {
        couler::parameter p;
        p.name = i;
        t.inputs.parameters.push_back(p);
    }
    return t;
}

// The journal's Slurm job ids, in order.
std::vector<std::string> slurm_jobs(const fs::path& run_dir)
{
    std::vector<std::string> ids;
    for (auto& rec : couler::engine::run_journal::read(run_dir / "journal.jsonl"))
        if (auto* j = rec.if_contains("slurm_job"))
            ids.emplace_back(j->as_string());
    return ids;
}

std::string sh_out(const std::string& command)
{
    std::string out;
    if (FILE* p = ::popen(command.c_str(), "r")) {
        char buf[512];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;)
            out.append(buf, n);
        ::pclose(p);
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_fixture_started_a_cluster)
{
    const char* conf = std::getenv("SLURM_CONF");
    BOOST_TEST_REQUIRE(conf != nullptr);
    BOOST_TEST_REQUIRE(fs::exists(conf));
    // Up: idle, or running other tests' jobs (ctest -j runs them beside this one).
    std::string state = sh_out("sinfo -h -o %T");
    BOOST_TEST((state.find("idle") != std::string::npos || state.find("mixed") != std::string::npos ||
                state.find("allocated") != std::string::npos),
               state);
}

// Hostile values reach the program as single, unchanged argv elements and environment values:
// nothing in them is run by the batch script's shell.
BOOST_AUTO_TEST_CASE(hostile_values_are_data)
{
    auto d = fresh_dir("slurm-hostile");
    std::string sentinel = (d / "pwned").string();
    std::vector<std::string> hostile{"it's \"quoted\"",       "$(touch " + sentinel + ")",
                                     "`touch " + sentinel + "`", "line1\nline2",
                                     "a; touch " + sentinel,   "$HOME ${PATH} *",
                                     "",                          "--flag",
                                     "back\\slash '\\''"};
    couler::workflow wf("hostile", couler::graph_style::dag);
    std::vector<std::string> args{"%s|"};
    for (std::size_t i = 0; i < hostile.size(); ++i)
        args.push_back("{{inputs.parameters.p" + std::to_string(i) + "}}");
    std::vector<std::string> inputs;
    for (std::size_t i = 0; i < hostile.size(); ++i)
        inputs.push_back("p" + std::to_string(i));
    wf.add_template(cmd("show", {"printf"}, args, inputs));
    auto t = cmd("env", {"sh", "-c", "printf %s \"$HOSTILE\""}, {}, {"v"});
    couler::env_var ev;
    ev.name = "HOSTILE";
    ev.value = "{{inputs.parameters.v}}'\n$(id)";
    std::get<couler::container_spec>(t.body).env.push_back(ev);
    wf.add_template(t);
    std::vector<std::pair<std::string, std::string>> a;
    for (std::size_t i = 0; i < hostile.size(); ++i)
        a.emplace_back("p" + std::to_string(i), hostile[i]);
    wf.graph().add_step(make_step("show", "show", a));
    wf.graph().add_step(make_step("env", "env", {{"v", hostile[1]}}));
    auto r = couler::engine::local_engine(slurm_opts(d)).run(wf);
    BOOST_TEST_REQUIRE(r.ok(), r.error << (r.steps.empty() ? "" : r.steps[0].message));
    std::string want;
    for (auto& h : hostile)
        want += h + "|";
    BOOST_TEST(slurp(r.run_dir / "steps" / "show" / "stdout.log") == want);
    BOOST_TEST(slurp(r.run_dir / "steps" / "env" / "stdout.log") == hostile[1] + "'\n$(id)");
    BOOST_TEST(!fs::exists(sentinel));
    BOOST_TEST(slurm_jobs(r.run_dir).size() == 2u);
    // The batch script holds every value only inside single quotes.
    BOOST_TEST(slurp(r.run_dir / "steps" / "show" / "slurm-1.sh").find("'$(touch ") != std::string::npos);
}

// A condition, a map over a step's output, a retried flaky step and an exit handler: the same
// effects on Slurm as on this machine.
BOOST_AUTO_TEST_CASE(condition_map_retries_as_locally)
{
    auto build = [](const fs::path& d) {
        couler::workflow wf("mixed", couler::graph_style::dag);
        std::string f = (d / "tries").string();
        wf.add_template(sh("list", "echo '[\"a\",\"b\",\"c\"]'"));
        wf.add_template(sh("echo", "echo item-{{inputs.parameters.v}}", {"v"}));
        wf.add_template(sh("score", "echo 0.93"));
        wf.add_template(sh("say", "echo {{inputs.parameters.v}}", {"v"}));
        auto flaky = sh("flaky", "echo x >> " + f + "; test $(wc -l < " + f + ") -ge 3");
        flaky.retry = couler::retry_strategy{};
        flaky.retry->limit = 3;
        wf.add_template(flaky);
        wf.add_template(sh("bye", "echo {{workflow.status}}"));
        wf.settings.on_exit = "bye";
        auto& g = wf.graph();
        g.add_step(make_step("list", "list"));
        auto each = make_step("each", "echo", {{"v", "{{item}}"}});
        each.with_param = "{{steps.list.outputs.result}}";
        g.add_step(each);
        g.add_step(make_step("score", "score"));
        auto hi = make_step("deploy", "say", {{"v", "deploy"}});
        hi.when = "{{steps.score.outputs.result}} >= 0.9";
        g.add_step(hi);
        auto lo = make_step("retrain", "say", {{"v", "retrain"}});
        lo.when = "{{steps.score.outputs.result}} < 0.9";
        g.add_step(lo);
        g.add_step(make_step("flaky", "flaky"));
        g.add_dependency("list", "each");
        g.add_dependency("score", "deploy");
        g.add_dependency("score", "retrain");
        return wf;
    };
    std::map<std::string, std::pair<std::string, int>> effects[2];
    std::string logs[2];
    for (int slurm = 0; slurm < 2; ++slurm) {
        auto d = fresh_dir(slurm ? "slurm-mixed" : "local-mixed");
        auto o = slurm_opts(d);
        if (!slurm)
            o.executor = "local";
        auto r = couler::engine::local_engine(o).run(build(d));
        BOOST_TEST(r.ok(), r.error);
        for (auto& s : r.steps)
            effects[slurm][s.id] = {to_string(s.status), s.attempts};
        for (const char* s : {"each_0", "each_2", "deploy", "onExit"})
            logs[slurm] += slurp(r.run_dir / "steps" / s / "stdout.log");
        if (slurm) // one job per attempt: none for the skipped step, 3 for the flaky one
            BOOST_TEST(slurm_jobs(r.run_dir).size() == r.steps.size() - 1 + 2);
    }
    BOOST_TEST(effects[1] == effects[0]);
    BOOST_TEST(logs[1] == logs[0]);
    BOOST_TEST(logs[1] == "item-a\nitem-c\ndeploy\nSucceeded\n");
    BOOST_TEST(effects[1]["flaky"].second == 3);
    BOOST_TEST(effects[1]["retrain"].first == "Skipped");
}

// A job cancelled from outside (scancel): its step fails, saying so.
BOOST_AUTO_TEST_CASE(cancelled_from_outside)
{
    auto d = fresh_dir("slurm-cancel");
    couler::workflow wf("cancel", couler::graph_style::dag);
    wf.add_template(cmd("nap", {"sleep"}, {"300"}));
    wf.graph().add_step(make_step("nap", "nap"));
    auto o = slurm_opts(d);
    o.run_id = "cancel-" + std::to_string(::getpid());
    fs::path run_dir = o.state_dir / "runs" / o.run_id;
    std::atomic<bool> done{false};
    std::thread killer([&] {
        while (!done) {
            auto ids = slurm_jobs(run_dir);
            if (!ids.empty() && sh_out("squeue -h -o %T -j " + ids[0]).find("RUNNING") != std::string::npos) {
                sh_out("scancel " + ids[0]);
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
    auto t0 = std::chrono::steady_clock::now();
    auto r = couler::engine::local_engine(o).run(wf);
    done = true;
    killer.join();
    BOOST_TEST(!r.ok());
    BOOST_TEST_REQUIRE(r.steps.size() == 1u);
    BOOST_TEST(r.steps[0].message.find("CANCELLED from outside the engine") != std::string::npos, r.steps[0].message);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    BOOST_TEST(secs < 60); // the 300 s job did not run on
}

// A step past its timeout: Slurm ends the job at --time (a whole minute) and the step fails as
// timed out.
BOOST_AUTO_TEST_CASE(time_limit_is_slurms)
{
    auto d = fresh_dir("slurm-timeout");
    couler::workflow wf("timeout", couler::graph_style::dag);
    auto t = cmd("nap", {"sleep"}, {"600"});
    t.timeout = "20s"; // --time=1
    wf.add_template(t);
    wf.graph().add_step(make_step("nap", "nap"));
    auto r = couler::engine::local_engine(slurm_opts(d)).run(wf);
    BOOST_TEST(!r.ok());
    BOOST_TEST_REQUIRE(r.steps.size() == 1u);
    BOOST_TEST(r.steps[0].message.find("TIMEOUT") != std::string::npos, r.steps[0].message);
    BOOST_TEST(slurp(r.run_dir / "steps" / "nap" / "slurm-1.sh").find("sleep") != std::string::npos);
}

// Resources and the run's sbatch options reach sbatch; what sbatch refuses fails the step
// with its message.
BOOST_AUTO_TEST_CASE(resources_and_refusals)
{
    couler::engine::executor_task t;
    t.run_id = "r";
    t.step_id = "train";
    t.dir = "/shared/runs/r/steps/train%x";
    t.cpu = 1.5;
    t.memory = 512.0 * 1024 * 1024;
    t.gpus = 2;
    t.timeout = 90;
    couler::engine::slurm_options so;
    so.partition = "gpu";
    so.account = "lab";
    so.qos = "high";
    so.sbatch_args = {"--constraint=a100"};
    auto a = couler::engine::sbatch_argv(so, t, "/x.sh");
    for (const char* want : {"--partition=gpu", "--account=lab", "--qos=high", "--cpus-per-task=2", "--mem=512M",
                             "--gres=gpu:2", "--time=2", "--constraint=a100", "--parsable", "--no-requeue",
                             "--output=/shared/runs/r/steps/train%%x/slurm-1.log"})
        BOOST_TEST((std::find(a.begin(), a.end(), want) != a.end()), want);
    BOOST_TEST(a.back() == "/x.sh");
    // The step's own request comes after the run's extra arguments: sbatch takes the last.
    BOOST_TEST((std::find(a.begin(), a.end(), "--constraint=a100") < std::find(a.begin(), a.end(), "--mem=512M")));

    auto d = fresh_dir("slurm-refused");
    couler::workflow wf("refused", couler::graph_style::dag);
    wf.add_template(cmd("hi", {"true"}, {}));
    wf.graph().add_step(make_step("hi", "hi"));
    auto o = slurm_opts(d);
    o.slurm.sbatch_args.push_back("--constraint=no-such-feature");
    auto r = couler::engine::local_engine(o).run(wf);
    BOOST_TEST(!r.ok());
    BOOST_TEST_REQUIRE(r.steps.size() == 1u);
    BOOST_TEST(r.steps[0].message.find("sbatch refused the job") != std::string::npos, r.steps[0].message);
    BOOST_TEST(r.steps[0].message.find("feature") != std::string::npos, r.steps[0].message);

    // A partition Slurm does not have: refused before anything is submitted.
    auto np = slurm_opts(d);
    np.slurm.partition = "no-such-partition";
    auto r1 = couler::engine::local_engine(np).run(wf);
    BOOST_TEST(!r1.ok());
    BOOST_TEST(r1.steps.empty());
    BOOST_TEST(r1.error.find("partition 'no-such-partition', which Slurm does not have (it has 'debug')") !=
                   std::string::npos,
               r1.error);

    // The nodes need absolute paths: a relative state dir is refused before anything runs.
    auto rel = slurm_opts(d);
    rel.state_dir = "relative-state";
    auto r2 = couler::engine::local_engine(rel).run(wf);
    BOOST_TEST(!r2.ok());
    BOOST_TEST(r2.error.find("'relative-state' is relative") != std::string::npos, r2.error);
    BOOST_TEST(!fs::exists("relative-state"));
}

// Slurm's end states, mapped.
BOOST_AUTO_TEST_CASE(states_are_mapped)
{
    couler::engine::executor_task t;
    t.timeout = 30;
    t.memory = 100 * 1048576.0;
    using couler::engine::slurm_map_state;
    BOOST_TEST(!slurm_map_state("7", "RUNNING", 0, false, t).terminal);
    BOOST_TEST(!slurm_map_state("7", "PENDING", 0, false, t).terminal);
    auto ok = slurm_map_state("7", "COMPLETED", 0, false, t);
    BOOST_TEST((ok.terminal && ok.end.exit.exit_code == 0 && ok.end.message.empty()));
    auto failed = slurm_map_state("7", "FAILED", 3 << 8, false, t);
    BOOST_TEST(failed.end.exit.exit_code == 3);
    BOOST_TEST(slurm_map_state("7", "CANCELLED by 0", 0, false, t).end.message.find("from outside") !=
               std::string::npos);
    BOOST_TEST(slurm_map_state("7", "CANCELLED", 0, true, t).end.exit.exit_code != 0);
    auto to = slurm_map_state("7", "TIMEOUT", 0, false, t);
    BOOST_TEST((to.end.timed_out && to.end.exit.exit_code != 0));
    BOOST_TEST(slurm_map_state("7", "OUT_OF_MEMORY", 0, false, t).end.message.find("--mem=100M") !=
               std::string::npos);
    for (const char* s : {"NODE_FAIL", "PREEMPTED", "BOOT_FAIL"})
        BOOST_TEST(slurm_map_state("7", s, 0, false, t).resubmit, s);
    BOOST_TEST(!slurm_map_state("7", "FAILED", 1 << 8, false, t).resubmit);
}

// The engine killed (SIGKILL) while a job runs, then resumed: the resumed run follows that job
// instead of submitting the step again, and collects its output.
BOOST_AUTO_TEST_CASE(resume_reattaches_after_kill9)
{
    auto d = fresh_dir("slurm-resume");
    couler::workflow wf("reattach", couler::graph_style::dag);
    wf.add_template(cmd("slow", {"sh", "-c", "sleep 6; echo finished"}, {}));
    wf.add_template(cmd("after", {"echo", "after"}, {}));
    wf.graph().add_step(make_step("slow", "slow"));
    wf.graph().add_step(make_step("after", "after"));
    wf.graph().add_dependency("slow", "after");
    auto o = slurm_opts(d);
    o.run_id = "reattach-" + std::to_string(::getpid());
    fs::path run_dir = o.state_dir / "runs" / o.run_id;
    pid_t child = ::fork();
    BOOST_TEST_REQUIRE(child >= 0);
    if (child == 0) {
        couler::engine::local_engine(o).run(wf);
        ::_exit(0);
    }
    for (int i = 0; i < 300 && slurm_jobs(run_dir).empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    auto before = slurm_jobs(run_dir);
    BOOST_TEST_REQUIRE(before.size() == 1u);
    auto r = couler::engine::local_engine(o).resume(o.run_id);
    BOOST_TEST(r.ok(), r.error);
    auto after = slurm_jobs(run_dir);
    // The slow step's job, twice in the journal (started, re-attached), then the next step's.
    BOOST_TEST_REQUIRE(after.size() == 3u);
    BOOST_TEST(after[1] == before[0]);
    BOOST_TEST(after[2] != before[0]);
    BOOST_TEST(slurp(run_dir / "steps" / "slow" / "stdout.log") == "finished\n");
    const auto* slow = find_record(r, "slow");
    BOOST_TEST_REQUIRE(slow);
    BOOST_TEST(slow->attempts == 1);
}

// A step that no node of any partition can hold (more CPUs, more memory than sinfo lists) is
// refused before anything is submitted, naming the step and the resource.
BOOST_AUTO_TEST_CASE(unfittable_steps_are_refused_up_front)
{
    auto d = fresh_dir("slurm-unfit");
    couler::workflow wf("unfit", couler::graph_style::dag);
    auto big_cpu = cmd("big-cpu", {"true"}, {});
    std::get<couler::container_spec>(big_cpu.body).resources.requests["cpu"] = "4096";
    auto big_mem = cmd("big-mem", {"true"}, {});
    std::get<couler::container_spec>(big_mem.body).resources.limits["memory"] = "64Pi";
    wf.add_template(big_cpu);
    wf.add_template(big_mem);
    wf.add_template(cmd("fine", {"true"}, {}));
    wf.graph().add_step(make_step("fine", "fine"));
    wf.graph().add_step(make_step("train", "big-cpu"));
    wf.graph().add_step(make_step("load", "big-mem"));
    wf.graph().add_dependency("fine", "train");
    auto o = slurm_opts(d);
    o.run_id = "unfit-" + std::to_string(::getpid());
    std::string jobs_before = sh_out("squeue -h --states=all -o %i | sort");
    auto r = couler::engine::local_engine(o).run(wf);
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.steps.empty());
    BOOST_TEST(r.error.find("step 'train' (template 'big-cpu') requests cpu '4096' (4096 CPUs; the largest node has") !=
                   std::string::npos,
               r.error);
    BOOST_TEST(r.error.find("step 'load' (template 'big-mem') requests memory '64Pi'") != std::string::npos, r.error);
    BOOST_TEST(r.error.find("no node of any partition ('debug') can ever run it") != std::string::npos, r.error);
    BOOST_TEST(r.error.find("'fine'") == std::string::npos, r.error);
    BOOST_TEST(!fs::exists(o.state_dir / "runs" / o.run_id / "journal.jsonl"));
    BOOST_TEST(sh_out("squeue -h --states=all -o %i | sort") == jobs_before); // nothing submitted

    // Named partition: the same check against its nodes only.
    auto p = slurm_opts(d);
    p.slurm.partition = "debug";
    auto r2 = couler::engine::local_engine(p).run(wf);
    BOOST_TEST(r2.error.find("no node of partition 'debug' can ever run it") != std::string::npos, r2.error);
}

// A step's own sbatch options (annotation couler.io/slurm-sbatch-args) reach its job, after the
// run's; one that sets what the executor owns is refused up front, naming the step.
BOOST_AUTO_TEST_CASE(per_step_sbatch_options)
{
    auto d = fresh_dir("slurm-step-args");
    couler::workflow wf("stepargs", couler::graph_style::dag);
    auto t = cmd("tagged", {"true"}, {});
    t.annotations[couler::engine::slurm_sbatch_annotation] = R"(["--comment=couler step 'one'", "--nice=7"])";
    wf.add_template(t);
    auto w = cmd("words", {"true"}, {});
    w.annotations[couler::engine::slurm_sbatch_annotation] = "--comment=second --mem=80M";
    wf.add_template(w);
    wf.graph().add_step(make_step("tagged", "tagged"));
    wf.graph().add_step(make_step("words", "words"));
    auto r = couler::engine::local_engine(slurm_opts(d)).run(wf);
    BOOST_TEST_REQUIRE(r.ok(), r.error);
    auto ids = slurm_jobs(r.run_dir);
    BOOST_TEST_REQUIRE(ids.size() == 2u);
    std::string all;
    for (auto& id : ids)
        all += sh_out("scontrol show job -o " + id) + "\n";
    BOOST_TEST(all.find("Comment=couler step 'one'") != std::string::npos, all);
    BOOST_TEST(all.find("Nice=7") != std::string::npos, all);
    BOOST_TEST(all.find("Comment=second") != std::string::npos, all);
    BOOST_TEST(all.find("MinMemoryNode=80M") != std::string::npos, all); // the step's --mem wins over the run's

    auto bad = wf;
    bad.find_template("words")->annotations[couler::engine::slurm_sbatch_annotation] = "--output=/tmp/x";
    auto r2 = couler::engine::local_engine(slurm_opts(d)).run(bad);
    BOOST_TEST(!r2.ok());
    BOOST_TEST(r2.error.find("step 'words' (template 'words'): annotation couler.io/slurm-sbatch-args "
                             "'--output=/tmp/x' sets '--output=/tmp/x', which the executor sets itself") !=
                   std::string::npos,
               r2.error);
    std::string why;
    BOOST_TEST(couler::engine::slurm_step_args("[1]", why).empty());
    BOOST_TEST(why.find("JSON array of strings") != std::string::npos, why);
    why.clear();
    BOOST_TEST(couler::engine::slurm_step_args("exclusive", why).empty());
    BOOST_TEST(why.find("not an sbatch option") != std::string::npos, why);
}

namespace {

// The Slurm state of a job as squeue shows it (jobs stay listed for MinJobAge after they end).
std::string job_state(const std::string& id) { return sh_out("squeue -h --states=all -o %T -j " + id); }

// Waits (at most 120 s: other tests' jobs may hold the node's CPUs) until the run in `run_dir`
// has submitted `n` jobs and one of them runs.
bool jobs_in_flight(const fs::path& run_dir, std::size_t n)
{
    for (int i = 0; i < 1200; ++i) {
        auto ids = slurm_jobs(run_dir);
        bool running = false;
        for (auto& id : ids)
            running = running || job_state(id).find("RUNNING") != std::string::npos;
        if (ids.size() >= n && running)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

} // namespace

// A failure without --keep-going stops the run and cancels the jobs it has in flight.
BOOST_AUTO_TEST_CASE(a_failure_cancels_the_jobs_in_flight)
{
    auto d = fresh_dir("slurm-failfast");
    couler::workflow wf("failfast", couler::graph_style::dag);
    wf.add_template(cmd("nap", {"sleep"}, {"300"}));
    wf.add_template(cmd("fail", {"sh", "-c", "sleep 2; exit 3"}, {}));
    // `fail` is submitted first: with one CPU free (other tests run beside this one) it runs
    // and `nap` waits in the queue; either way `nap`'s job is in flight when `fail` fails.
    wf.graph().add_step(make_step("fail", "fail"));
    wf.graph().add_step(make_step("nap", "nap"));
    auto t0 = std::chrono::steady_clock::now();
    auto r = couler::engine::local_engine(slurm_opts(d)).run(wf);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    BOOST_TEST(!r.ok());
    BOOST_TEST(secs < 60); // the 300 s job did not run on
    const auto* nap = find_record(r, "nap");
    BOOST_TEST_REQUIRE(nap);
    BOOST_TEST(nap->status == couler::engine::step_status::failed);
    BOOST_TEST(nap->message.find("cancelled by the engine: the run is stopping") != std::string::npos, nap->message);
    auto ids = slurm_jobs(r.run_dir);
    BOOST_TEST_REQUIRE(ids.size() == 2u);
    std::string states = job_state(ids[0]) + job_state(ids[1]);
    BOOST_TEST(states.find("CANCELLED") != std::string::npos, states);
    BOOST_TEST(states.find("FAILED") != std::string::npos, states);
    BOOST_TEST(states.find("RUNNING") == std::string::npos, states);
}

// The run's time limit (options::run_timeout, `couler run --timeout`) stops the run and cancels
// its jobs.
BOOST_AUTO_TEST_CASE(run_timeout_cancels_the_jobs)
{
    auto d = fresh_dir("slurm-run-timeout");
    couler::workflow wf("runtimeout", couler::graph_style::dag);
    wf.add_template(cmd("nap", {"sleep"}, {"300"}));
    wf.add_template(cmd("after", {"true"}, {}));
    wf.graph().add_step(make_step("nap", "nap"));
    wf.graph().add_step(make_step("after", "after"));
    wf.graph().add_dependency("nap", "after");
    auto o = slurm_opts(d);
    o.run_timeout = 4;
    auto t0 = std::chrono::steady_clock::now();
    auto r = couler::engine::local_engine(o).run(wf);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    BOOST_TEST(!r.ok());
    BOOST_TEST(secs < 60);
    BOOST_TEST(r.stopped.find("the run's time limit of 4s passed") != std::string::npos, r.stopped);
    auto ids = slurm_jobs(r.run_dir);
    BOOST_TEST_REQUIRE(ids.size() == 1u); // `after` never started
    BOOST_TEST(job_state(ids[0]).find("CANCELLED") != std::string::npos, job_state(ids[0]));
}

// SIGINT (Ctrl-C) to the engine: the run stops, its jobs are cancelled, the run is recorded.
BOOST_AUTO_TEST_CASE(sigint_cancels_the_jobs)
{
    auto d = fresh_dir("slurm-sigint");
    couler::workflow wf("sigint", couler::graph_style::dag);
    wf.add_template(cmd("nap", {"sleep"}, {"300"}));
    wf.graph().add_step(make_step("nap", "nap"));
    wf.graph().add_step(make_step("nap2", "nap"));
    auto o = slurm_opts(d);
    o.run_id = "sigint-" + std::to_string(::getpid());
    fs::path run_dir = o.state_dir / "runs" / o.run_id;
    pid_t child = ::fork();
    BOOST_TEST_REQUIRE(child >= 0);
    if (child == 0) {
        // As `couler run` does (tools/couler/cmd_run.hpp): the handler asks the run to stop.
        struct sigaction sa {};
        sa.sa_handler = [](int sig) { couler::engine::request_stop(sig); };
        ::sigaction(SIGINT, &sa, nullptr);
        auto r = couler::engine::local_engine(o).run(wf);
        ::_exit(!r.ok() && r.stopped.find("SIGINT") != std::string::npos ? 42 : 1);
    }
    bool running = jobs_in_flight(run_dir, 2); // one may still be queued: it is cancelled too
    ::kill(child, SIGINT);
    int status = 0;
    ::waitpid(child, &status, 0);
    BOOST_TEST_REQUIRE(running);
    BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 42), status);
    auto ids = slurm_jobs(run_dir);
    BOOST_TEST_REQUIRE(ids.size() == 2u);
    for (auto& id : ids)
        BOOST_TEST(job_state(id).find("CANCELLED") != std::string::npos, id << ": " << job_state(id));
    BOOST_TEST(slurp(run_dir / "journal.jsonl").find("cancelled by the engine: the run is stopping") !=
               std::string::npos);
}
