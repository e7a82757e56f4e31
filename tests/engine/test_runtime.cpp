// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Container steps through a container runtime CLI (`--runtime docker|podman`). No container
// engine runs here or in CI, so the runtime is fake_container_runtime.py: it records the argv
// the engine gives it and runs the container's command on the host as `docker run` would.
// What this proves and what it cannot is in docs/engine.md, "Container runtimes".
#include <couler/engine/engine.hpp>
#include <couler/engine/journal.hpp>

#include "helpers.hpp"

#define BOOST_TEST_MODULE engine_runtime
#include <boost/test/unit_test.hpp>

#include <boost/json/parse.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <sys/wait.h>

namespace fs = std::filesystem;
using namespace test_engine;
using couler::engine::step_status;

namespace {

// Copies the fake runtime into `dir/bin/<name>` (so its argv[0] is the runtime's name).
fs::path install_fake(const fs::path& dir, const std::string& name)
{
    fs::create_directories(dir / "bin");
    fs::path to = dir / "bin" / name;
    fs::copy_file(fs::path(COULER_SOURCE_DIR) / "tests/engine/fake_container_runtime.py", to,
                  fs::copy_options::overwrite_existing);
    fs::permissions(to, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
    return to;
}

// The fake runtime's calls, in order.
std::vector<boost::json::object> calls(const fs::path& log)
{
    std::vector<boost::json::object> out;
    std::istringstream in(slurp(log));
    for (std::string line; std::getline(in, line);)
        if (!line.empty())
            out.push_back(boost::json::parse(line).as_object());
    return out;
}

std::vector<std::string> argv_of(const boost::json::object& call)
{
    std::vector<std::string> v;
    for (auto& a : call.at("argv").as_array())
        v.emplace_back(a.as_string());
    return v;
}

// The `run` call for a step (its --name ends with `.<step>-<attempt>`).
const boost::json::object* run_call(const std::vector<boost::json::object>& cs, const std::string& step)
{
    for (auto& c : cs) {
        auto v = argv_of(c);
        if (v.size() > 4 && v[1] == "run" && v[3] == "--name" && v[4].find("." + step + "-") != std::string::npos)
            return &c;
    }
    return nullptr;
}

// Sets an environment variable for one scope.
struct scoped_env {
    std::string name;
    std::optional<std::string> old;
    scoped_env(std::string n, const std::string& v) : name(std::move(n))
    {
        if (const char* o = std::getenv(name.c_str()))
            old = o;
        ::setenv(name.c_str(), v.c_str(), 1);
    }
    ~scoped_env()
    {
        if (old)
            ::setenv(name.c_str(), old->c_str(), 1);
        else
            ::unsetenv(name.c_str());
    }
};

bool alive(pid_t pid)
{
    std::string st = slurp("/proc/" + std::to_string(pid) + "/stat");
    auto rp = st.rfind(')');
    return !st.empty() && rp != std::string::npos && rp + 2 < st.size() && st[rp + 2] != 'Z';
}

bool dies_soon(pid_t pid)
{
    for (int i = 0; i < 200 && alive(pid); ++i)
        ::usleep(10000);
    return !alive(pid);
}

// Strings a shell would act on: each must reach the container as one argv element, unchanged.
const std::vector<std::string> hostile = {"it's \"quoted\"", "line1\nline2", "$(touch PWNED)", "a; touch PWNED",
                                          "`touch PWNED`", "*", "--entrypoint=evil", ""};

std::string joined(const std::vector<std::string>& v)
{
    std::string s;
    for (auto& x : v)
        s += x + '\0';
    return s;
}

// gen (script) -> use (container): parameters, an artifact, env, hostile arguments, a working dir.
couler::workflow pipeline()
{
    couler::workflow wf("rt", couler::graph_style::dag);
    auto gen = sh("gen", "echo 21 > /tmp/n.txt; printf 'model-%s' \"$SEED\" > /data/model.txt; echo generated",
                  {"seed"}, {{"n", "/tmp/n.txt"}}, {{"model", "/data/model.txt"}});
    std::get<couler::script_spec>(gen.body).container.env.push_back({"SEED", "{{inputs.parameters.seed}}", {}, {}});
    wf.add_template(gen);

    couler::step_template use;
    use.name = "use";
    couler::container_spec c;
    c.image = "busybox:1.36";
    c.image_pull_policy = "IfNotPresent";
    c.command = std::vector<std::string>{"sh", "-c"};
    c.args = {"printf '%s\\0' \"$@\" > /out/args.bin; cat /in/model.txt > /out/copy.txt; "
              "echo \"$GREETING|$COULER_STEP|$(pwd)\"; test -z \"$ENGINE_ONLY\"",
              "argv0"};
    for (std::size_t i = 0; i < hostile.size(); ++i) {
        c.args.push_back("{{inputs.parameters.h" + std::to_string(i) + "}}");
        couler::parameter p;
        p.name = "h" + std::to_string(i);
        use.inputs.parameters.push_back(p);
    }
    c.env.push_back({"GREETING", "hello {{inputs.parameters.n}}", {}, {}});
    couler::parameter n;
    n.name = "n";
    use.inputs.parameters.push_back(n);
    couler::artifact in;
    in.name = "model";
    in.path = "/in/model.txt";
    use.inputs.artifacts.push_back(in);
    couler::artifact args_out;
    args_out.name = "args";
    args_out.path = "/out/args.bin";
    args_out.global_name = "args";
    couler::artifact copy_out;
    copy_out.name = "copy";
    copy_out.path = "/out/copy.txt";
    copy_out.global_name = "copy";
    use.outputs.artifacts = {args_out, copy_out};
    use.body = c;
    wf.add_template(use);

    couler::step_template wd; // a working dir inside the "image": passed as it is
    wd.name = "wd";
    couler::container_spec w;
    w.image = "busybox:1.36";
    w.command = std::vector<std::string>{"pwd"};
    w.working_dir = "/tmp";
    wd.body = w;
    wf.add_template(wd);

    auto& g = wf.graph();
    g.add_step(make_step("gen", "gen", {{"seed", "{{workflow.parameters.seed}}"}}));
    auto u = make_step("use", "use", {{"n", "{{steps.gen.outputs.parameters.n}}"}});
    for (std::size_t i = 0; i < hostile.size(); ++i) {
        couler::parameter p;
        p.name = "h" + std::to_string(i);
        p.value = hostile[i];
        u.arguments.push_back(p);
    }
    u.artifact_arguments.push_back(art_arg("model", "{{steps.gen.outputs.artifacts.model}}"));
    g.add_step(u);
    g.add_step(make_step("wd", "wd"));
    g.add_dependency("gen", "use");
    couler::parameter seed;
    seed.name = "seed";
    seed.value = "7";
    wf.settings.parameters.push_back(seed);
    return wf;
}

couler::engine::options opts(const fs::path& d, const std::string& runtime)
{
    couler::engine::options o;
    o.state_dir = d / "state";
    o.jobs = 2;
    o.journal_sync_ms = 0;
    o.runtime = runtime;
    o.run_id = "rt-" + runtime;
    return o;
}

// A fresh test directory with the fake runtime installed as `name`, logging its calls.
struct fake_runtime {
    fs::path dir, cli, log;
    scoped_env env_log;
    fake_runtime(const std::string& test, const std::string& name)
        : dir(fresh_dir(test)), cli(install_fake(dir, name)), log(dir / "calls.jsonl"),
          env_log("FAKE_RUNTIME_LOG", log.string())
    {
    }
    // Options running through this runtime, by its path.
    couler::engine::options options(const std::string& runtime) const
    {
        auto o = opts(dir, runtime);
        o.runtime_cli = cli.string();
        return o;
    }
};

// A workflow of one container step running `command`.
couler::workflow one_container(const std::string& wf_name, const std::string& step, std::vector<std::string> command)
{
    couler::workflow wf(wf_name, couler::graph_style::dag);
    couler::step_template t;
    t.name = step;
    couler::container_spec c;
    c.image = "busybox:1.36";
    c.command = std::move(command);
    t.body = c;
    wf.add_template(t);
    wf.graph().add_step(make_step(step, step));
    return wf;
}

} // namespace

BOOST_AUTO_TEST_CASE(container_and_script_steps_through_docker_and_podman)
{
    for (std::string runtime : {"docker", "podman"}) {
        BOOST_TEST_CONTEXT("runtime " << runtime)
        {
            fake_runtime fr("runtime-" + runtime, runtime);
            const fs::path &d = fr.dir, &cli = fr.cli, &log = fr.log;
            scoped_env engine_only("ENGINE_ONLY", "set in the engine, not in containers");
            auto o = fr.options(runtime);
            fs::current_path(d); // `$(touch PWNED)` would land here (or in a work dir)
            auto r = couler::engine::local_engine(o).run(pipeline());
            BOOST_TEST_REQUIRE(r.ok(), r.error);
            BOOST_TEST(r.succeeded == 3u);
            auto cs = calls(log);
            BOOST_TEST(cs.size() == 3u);

            // The exact argv of the container step.
            fs::path dir = r.run_dir / "steps" / "use", work = dir / "work";
            std::vector<std::string> want = {
                cli.string(), "run", "--rm", "--name", "couler-rt-" + runtime + ".use-1", "--pull", "missing",
                "-v", dir.string() + ":" + dir.string(), "-w", work.string(),
                "-e", "COULER_RUN_ID=rt-" + runtime, "-e", "COULER_STEP=use", "-e", "COULER_WORK_DIR=" + work.string(),
                "-e", "GREETING=hello 21", "--entrypoint", "sh", "busybox:1.36", "-c",
                "printf '%s\\0' \"$@\" > " + (work / "out/args.bin").string() + "; cat " +
                    (work / "in/model.txt").string() + " > " + (work / "out/copy.txt").string() +
                    "; echo \"$GREETING|$COULER_STEP|$(pwd)\"; test -z \"$ENGINE_ONLY\"",
                "argv0"};
            want.insert(want.end(), hostile.begin(), hostile.end());
            const auto* use = run_call(cs, "use");
            BOOST_TEST_REQUIRE(use);
            auto got = argv_of(*use);
            BOOST_TEST(got == want, boost::test_tools::per_element());
            // No --user: the container runs as the image's user, as in Argo.
            BOOST_TEST((std::find(got.begin(), got.end(), "--user") == got.end()));

            // The script step: interpreter as entrypoint, the script file (in the mounted dir) as its argument.
            const auto* gen = run_call(cs, "gen");
            BOOST_TEST_REQUIRE(gen);
            auto ga = argv_of(*gen);
            fs::path gdir = r.run_dir / "steps" / "gen";
            std::vector<std::string> gtail = {"-e", "SEED=7", "--entrypoint", "sh", "alpine:3.18",
                                              (gdir / "script").string()};
            BOOST_TEST_REQUIRE(ga.size() >= gtail.size());
            BOOST_TEST(std::vector<std::string>(ga.end() - static_cast<long>(gtail.size()), ga.end()) == gtail,
                       boost::test_tools::per_element());
            BOOST_TEST(slurp(gdir / "script").find(gdir.string() + "/work/data/model.txt") != std::string::npos);

            // A working dir the template names is the container's (not a declared path: unmapped).
            const auto* wd = run_call(cs, "wd");
            BOOST_TEST_REQUIRE(wd);
            auto wa = argv_of(*wd);
            auto w = std::find(wa.begin(), wa.end(), "-w");
            BOOST_TEST_REQUIRE((w != wa.end()));
            BOOST_TEST(w[1] == "/tmp");
            BOOST_TEST(slurp(r.run_dir / "steps" / "wd" / "stdout.log") == "/tmp\n");

            // Outputs come back through the store; arguments arrived one element each, unchanged;
            // nothing was run by a shell that should not have been.
            BOOST_TEST(slurp(r.artifacts.at("args")) == joined(hostile)); // "$@": argv0 is $0
            BOOST_TEST(slurp(r.artifacts.at("copy")) == "model-7");
            BOOST_TEST(slurp(dir / "stdout.log") == "hello 21|use|" + work.string() + "\n");
            for (auto& p : fs::recursive_directory_iterator(d))
                BOOST_TEST(p.path().filename() != "PWNED");

            // A second run is all cache hits: the runtime is not called again.
            o.run_id = "rt-" + runtime + "-again";
            auto again = couler::engine::local_engine(o).run(pipeline());
            BOOST_TEST(again.ok());
            BOOST_TEST(again.cached == 3u);
            BOOST_TEST(calls(log).size() == 3u);
            fs::current_path(COULER_BINARY_DIR);
        }
    }
}

BOOST_AUTO_TEST_CASE(runtime_found_first_on_path)
{
    fake_runtime fr("runtime-path", "docker");
    const fs::path &d = fr.dir, &log = fr.log;
    scoped_env path("PATH", (d / "bin").string() + ":" + std::getenv("PATH"));
    auto r = couler::engine::local_engine(opts(d, "docker")).run(pipeline());
    BOOST_TEST_REQUIRE(r.ok(), r.error);
    auto cs = calls(log);
    BOOST_TEST(cs.size() == 3u);
    for (auto& c : cs)
        BOOST_TEST(argv_of(c).at(0) == (d / "bin" / "docker").string()); // the one first on PATH
    BOOST_TEST(slurp(r.artifacts.at("copy")) == "model-7");
}

BOOST_AUTO_TEST_CASE(missing_runtime_fails_up_front_naming_it)
{
    auto d = fresh_dir("runtime-missing");
    fs::create_directories(d / "empty");
    fs::path log = d / "calls.jsonl";
    scoped_env env_log("FAKE_RUNTIME_LOG", log.string());
    {
        scoped_env path("PATH", (d / "empty").string()); // no docker, no podman here
        for (std::string runtime : {"docker", "podman"}) {
            auto r = couler::engine::local_engine(opts(d, runtime)).run(pipeline());
            BOOST_TEST(!r.ok());
            BOOST_TEST(r.steps.empty()); // nothing ran
            BOOST_TEST(r.error.find("container runtime '" + runtime + "' is not installed") != std::string::npos,
                       r.error);
            BOOST_TEST(r.error.find("no executable '" + runtime + "' in PATH") != std::string::npos, r.error);
        }
    }
    auto o = opts(d, "docker");
    o.runtime_cli = (d / "nowhere" / "docker").string();
    auto r = couler::engine::local_engine(o).run(pipeline());
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.error.find("'" + o.runtime_cli + "'") != std::string::npos, r.error);
    BOOST_TEST(!fs::exists(log));
    BOOST_TEST(!fs::exists(d / "state" / "runs" / "rt-docker")); // refused before the run existed
}

BOOST_AUTO_TEST_CASE(secrets_are_refused_up_front_with_a_runtime_too)
{
    fake_runtime fr("runtime-secret", "docker");
    auto wf = pipeline();
    auto& c = std::get<couler::container_spec>(wf.find_template("use")->body);
    couler::env_var token;
    token.name = "TOKEN";
    token.secret = couler::secret_key_ref{"db-credentials", "token"};
    c.env.push_back(token);
    couler::env_from_source from;
    from.secret = "api-keys";
    c.env_from.push_back(from);
    auto r = couler::engine::local_engine(fr.options("docker")).run(wf);
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.error.find("reads env 'TOKEN' from a Secret") != std::string::npos, r.error);
    BOOST_TEST(r.error.find("imports env from Secret 'api-keys'") != std::string::npos, r.error);
    BOOST_TEST(!fs::exists(fr.log)); // the runtime was never called
}

BOOST_AUTO_TEST_CASE(timeout_kills_the_runtime_process_group_and_removes_the_container)
{
    fake_runtime fr("runtime-timeout", "podman");
    const fs::path &d = fr.dir, &cli = fr.cli, &log = fr.log;
    std::string pidf = (d / "grandchild.pid").string();
    auto wf = one_container("timeout", "slow", {"sh", "-c", "sleep 30 & echo $! > " + pidf + "; wait"});
    // Long enough for the fake runtime (a Python program) to start and record its `run` call
    // on a loaded machine (ctest -j2 beside the slurm tests): at 1s it was sometimes killed first.
    wf.find_template("slow")->timeout = "3s";
    auto o = fr.options("podman");
    auto t0 = std::chrono::steady_clock::now();
    auto r = couler::engine::local_engine(o).run(wf);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    BOOST_TEST(!r.ok());
    BOOST_TEST(secs < 15);
    BOOST_TEST_REQUIRE(r.steps.size() == 1u);
    BOOST_TEST(r.steps[0].message.find("timed out") != std::string::npos);
    auto cs = calls(log);
    BOOST_TEST_REQUIRE(cs.size() == 2u);
    // The runtime client, its child and the child's background process: all gone.
    auto client = static_cast<pid_t>(cs[0].at("pid").as_int64());
    BOOST_TEST(cs[0].at("pgid").as_int64() == client); // the client leads the step's group
    BOOST_TEST(dies_soon(client));
    BOOST_TEST(dies_soon(static_cast<pid_t>(cs[0].at("child").as_int64())));
    BOOST_TEST(dies_soon(static_cast<pid_t>(std::stoi(slurp(pidf)))));
    // Killing the client does not stop a real container: the engine removes it by name.
    std::string name = argv_of(cs[0]).at(4);
    BOOST_TEST(name == "couler-rt-podman.slow-1");
    std::vector<std::string> rm = {cli.string(), "rm", "-f", name};
    BOOST_TEST(argv_of(cs[1]) == rm, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(retries_get_a_new_container_name)
{
    fake_runtime fr("runtime-retry", "docker");
    std::string count = (fr.dir / "count").string();
    auto wf = one_container("retry", "flaky",
                            {"sh", "-c", "echo x >> " + count + "; [ $(wc -l < " + count + ") -ge 2 ]"});
    auto& t = *wf.find_template("flaky");
    t.retry = couler::retry_strategy{};
    t.retry->limit = 2;
    auto r = couler::engine::local_engine(fr.options("docker")).run(wf);
    BOOST_TEST(r.ok());
    auto cs = calls(fr.log);
    BOOST_TEST_REQUIRE(cs.size() == 2u);
    BOOST_TEST(argv_of(cs[0]).at(4) == "couler-rt-docker.flaky-1");
    BOOST_TEST(argv_of(cs[1]).at(4) == "couler-rt-docker.flaky-2");
}

BOOST_AUTO_TEST_CASE(resume_removes_the_container_a_killed_engine_left)
{
    fake_runtime fr("runtime-resume", "docker");
    const fs::path &cli = fr.cli, &log = fr.log;
    std::string mark = (fr.dir / "mark").string();
    // The first time it hangs (until killed); once resumed it finishes at once.
    auto wf = one_container("orphan", "long",
                            {"sh", "-c", "if [ -e " + mark + " ]; then echo done; else touch " + mark + "; sleep 60; fi"});
    auto o = fr.options("docker");
    pid_t engine = ::fork();
    if (engine == 0) {
        couler::engine::local_engine(o).run(wf);
        std::_Exit(0);
    }
    for (int i = 0; i < 1000 && !fs::exists(mark); ++i)
        ::usleep(10000);
    ::usleep(100000);
    ::kill(engine, SIGKILL);
    ::waitpid(engine, nullptr, 0);
    auto cs = calls(log);
    BOOST_TEST_REQUIRE(cs.size() == 1u);
    auto client = static_cast<pid_t>(cs[0].at("pid").as_int64());
    BOOST_TEST(alive(client)); // the engine died; its step did not

    auto r = couler::engine::local_engine(o).resume("rt-docker");
    BOOST_TEST(r.ok());
    BOOST_TEST(dies_soon(client));
    cs = calls(log);
    BOOST_TEST_REQUIRE(cs.size() == 3u);
    std::vector<std::string> rm = {cli.string(), "rm", "-f", "couler-rt-docker.long-1"};
    BOOST_TEST(argv_of(cs[1]) == rm, boost::test_tools::per_element());
    BOOST_TEST(argv_of(cs[2]).at(4) == "couler-rt-docker.long-1"); // the name is free again
    BOOST_TEST(slurp(r.run_dir / "steps" / "long" / "stdout.log") == "done\n");
}
