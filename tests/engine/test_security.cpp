// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The local engine stays inside its run: workflow-given paths, symlinks, temp files, run ids
// and the environment of host steps. Each case is a hole the engine once had.
#include <couler/engine/engine.hpp>
#include <couler/engine/detail/safe_path.hpp> // detail::declared_path_problem

#include "helpers.hpp"

#define BOOST_TEST_MODULE engine_security
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <set>
#include <thread>

#include <sys/stat.h>

namespace fs = std::filesystem;
using namespace test_engine;
using couler::engine::step_status;

namespace {
couler::engine::options opts(const fs::path& d)
{
    couler::engine::options o;
    o.state_dir = d / "state";
    o.jobs = 2;
    o.journal_sync_ms = 0;
    return o;
}
couler::engine::run_result run(const couler::workflow& wf, const couler::engine::options& o)
{
    return couler::engine::local_engine(o).run(wf);
}
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Every file under `root` (recursively) whose content contains `needle`.
std::vector<fs::path> files_containing(const fs::path& root, const std::string& needle)
{
    std::vector<fs::path> out;
    std::error_code ec;
    for (auto& e : fs::recursive_directory_iterator(root, ec))
        if (e.is_regular_file(ec) && !e.is_symlink(ec) && has(slurp(e.path()), needle))
            out.push_back(e.path());
    return out;
}

// A step's work dir is STATE/runs/<id>/steps/<step>/work: six levels below the test's directory.
const std::string up6 = "/../../../../../..";

// produce -> consume, the consumer's input artifact at `in_path`.
couler::workflow producer_consumer(const std::string& in_path)
{
    couler::workflow wf("traverse", couler::graph_style::dag);
    wf.add_template(sh("produce", "echo payload > /tmp/out.txt", {}, {}, {{"data", "/tmp/out.txt"}}));
    wf.add_template(sh("consume", "cat {{inputs.artifacts.data.path}}", {}, {}, {}, {{"data", in_path}}));
    auto& g = wf.graph();
    g.add_step(make_step("produce", "produce"));
    auto s = make_step("consume", "consume");
    s.artifact_arguments.push_back(art_arg("data", "{{steps.produce.outputs.artifacts.data}}"));
    g.add_step(s);
    g.add_dependency("produce", "consume");
    return wf;
}
} // namespace

BOOST_AUTO_TEST_CASE(input_artifact_path_cannot_leave_the_work_dir)
{
    auto d = fresh_dir("sec-input");
    std::string path = up6 + "/escaped/x";
    auto r = run(producer_consumer(path), opts(d));
    BOOST_TEST(!r.ok());
    // Refused up front, naming the step, the field and what the user wrote.
    BOOST_TEST(has(r.error, "step 'consume'"), r.error);
    BOOST_TEST(has(r.error, "inputs.artifacts.data.path"), r.error);
    BOOST_TEST(has(r.error, "'" + path + "'"), r.error);
    BOOST_TEST(!fs::exists(d / "escaped")); // neither the file nor its parents
    BOOST_TEST(r.steps.empty());            // nothing ran
    // The legitimate form, an absolute path inside the container, still works.
    auto ok = run(producer_consumer("/data/in.txt"), opts(d));
    BOOST_TEST(ok.ok());
    BOOST_TEST(slurp(ok.run_dir / "steps" / "consume" / "stdout.log") == "payload\n");
}

BOOST_AUTO_TEST_CASE(output_parameter_path_cannot_read_host_files)
{
    auto d = fresh_dir("sec-param");
    { std::ofstream(d / "secret.txt") << "TOPSECRET-PARAM"; }
    std::string path = up6 + "/secret.txt";
    couler::workflow wf("readparam", couler::graph_style::dag);
    auto t = sh("leak", "true", {}, {{"p", path}});
    t.outputs.parameters[0].global_name = "p";
    wf.add_template(t);
    wf.graph().add_step(make_step("leak", "leak"));
    auto r = run(wf, opts(d));
    BOOST_TEST(!r.ok());
    BOOST_TEST(has(r.error, "step 'leak'"), r.error);
    BOOST_TEST(has(r.error, "outputs.parameters.p.valueFrom.path"), r.error);
    BOOST_TEST(has(r.error, "'" + path + "'"), r.error);
    BOOST_TEST(r.outputs.count("p") == 0u);
    BOOST_TEST(files_containing(d / "state", "TOPSECRET-PARAM").empty()); // not in the journal, nowhere
}

BOOST_AUTO_TEST_CASE(output_artifact_path_cannot_read_host_files)
{
    auto d = fresh_dir("sec-artifact");
    { std::ofstream(d / "secret.txt") << "TOPSECRET-ART"; }
    couler::workflow wf("readart", couler::graph_style::dag);
    auto t = sh("leak", "true", {}, {}, {{"a", up6 + "/secret.txt"}});
    t.outputs.artifacts[0].is_global = true;
    wf.add_template(t);
    wf.graph().add_step(make_step("leak", "leak"));
    auto r = run(wf, opts(d));
    BOOST_TEST(!r.ok());
    BOOST_TEST(has(r.error, "step 'leak'"), r.error);
    BOOST_TEST(has(r.error, "outputs.artifacts.a.path"), r.error);
    BOOST_TEST(files_containing(d / "state", "TOPSECRET-ART").empty());
}

BOOST_AUTO_TEST_CASE(global_artifact_names_stay_in_the_outputs_dir)
{
    // Exported global artifacts are written to runs/<id>/outputs/<name>.
    auto d = fresh_dir("sec-global");
    couler::workflow wf("globalname", couler::graph_style::dag);
    auto t = sh("make", "echo hi > /tmp/o.txt", {}, {}, {{"a", "/tmp/o.txt"}});
    t.outputs.artifacts[0].global_name = "../../../../escaped-global";
    wf.add_template(t);
    wf.graph().add_step(make_step("make", "make"));
    auto r = run(wf, opts(d));
    BOOST_TEST(!r.ok());
    BOOST_TEST(has(r.error, "global"), r.error);
    BOOST_TEST(!fs::exists(d / "escaped-global"));
}

BOOST_AUTO_TEST_CASE(symlinked_outputs_are_refused)
{
    auto d = fresh_dir("sec-symlink");
    std::string secret = (d / "secret.txt").string();
    { std::ofstream(secret) << "TOPSECRET-LINK"; }
    struct case_t {
        std::string name, script, field;
        bool artifact;
    };
    // The step's current directory is its work dir; relative paths in scripts are not rewritten.
    std::vector<case_t> cases = {
        {"art", "ln -s " + secret + " out.txt", "output artifact 'o'", true},
        {"param", "ln -s " + secret + " out.txt", "output parameter 'o'", false},
        // A symlink in the existing part of the path: the directory the engine created, replaced.
        {"dir", "rm -rf sub/dir && ln -s " + d.string() + " sub/dir", "output artifact 'o'", true},
    };
    for (auto& c : cases) {
        std::string path = c.name == "dir" ? "/sub/dir/secret.txt" : "/out.txt";
        couler::workflow wf("link-" + c.name, couler::graph_style::dag);
        wf.add_template(c.artifact ? sh("s", c.script, {}, {}, {{"o", path}}) : sh("s", c.script, {}, {{"o", path}}));
        wf.graph().add_step(make_step("s", "s"));
        auto r = run(wf, opts(d));
        BOOST_TEST(!r.ok(), c.name);
        auto* rec = find_record(r, "s");
        BOOST_TEST_REQUIRE(rec != nullptr);
        BOOST_TEST(rec->status == step_status::failed);
        BOOST_TEST(has(rec->message, c.field), rec->message);
        BOOST_TEST(has(rec->message, "symbolic link"), rec->message);
        BOOST_TEST(files_containing(d / "state", "TOPSECRET-LINK").empty(), c.name);
    }
    // A FIFO is neither a file nor a directory: refused, and the engine does not block on it.
    couler::workflow wf("fifo", couler::graph_style::dag);
    wf.add_template(sh("s", "mkfifo out.txt", {}, {{"o", "/out.txt"}}));
    wf.graph().add_step(make_step("s", "s"));
    auto r = run(wf, opts(d));
    BOOST_TEST(!r.ok());
    BOOST_TEST_REQUIRE(find_record(r, "s") != nullptr);
    BOOST_TEST(has(find_record(r, "s")->message, "not a regular file"), find_record(r, "s")->message);
}

BOOST_AUTO_TEST_CASE(logs_are_not_written_through_a_symlink)
{
    // A container sees its step directory: a link planted at stdout.log must not make the
    // engine write (and truncate) the file it points to.
    auto d = fresh_dir("sec-logs");
    { std::ofstream(d / "victim.txt") << "ORIGINAL"; }
    couler::workflow wf("logs", couler::graph_style::dag);
    wf.add_template(sh("s", "ln -s " + (d / "victim.txt").string() + " ../stdout.log; echo overwritten"));
    wf.graph().add_step(make_step("s", "s"));
    auto r = run(wf, opts(d));
    BOOST_TEST(r.ok());
    BOOST_TEST(slurp(d / "victim.txt") == "ORIGINAL");
    BOOST_TEST(!fs::is_symlink(r.run_dir / "steps" / "s" / "stdout.log"));
    BOOST_TEST(slurp(r.run_dir / "steps" / "s" / "stdout.log") == "overwritten\n");
}

BOOST_AUTO_TEST_CASE(run_ids_are_validated)
{
    auto d = fresh_dir("sec-runid");
    couler::workflow wf("runid", couler::graph_style::dag);
    wf.add_template(sh("s", "true"));
    wf.graph().add_step(make_step("s", "s"));
    for (const std::string& id : std::vector<std::string>{"../../escaped-run", "/tmp/escaped-run", "a/b", "..", ".hidden", std::string("x\0y", 3),
                           std::string(300, 'a')}) {
        auto o = opts(d);
        o.run_id = id;
        auto r = run(wf, o);
        BOOST_TEST(!r.ok());
        BOOST_TEST(has(r.error, "run id"), r.error);
        BOOST_TEST(r.steps.empty());
    }
    BOOST_TEST(!fs::exists(d / "escaped-run"));
    BOOST_TEST(!fs::exists(d / "state" / "runs" / "a"));
    BOOST_CHECK_THROW(couler::engine::local_engine(opts(d)).resume("../../escaped-run"), std::invalid_argument);
    // A valid one is used as given.
    auto o = opts(d);
    o.run_id = "my-run_1.2";
    BOOST_TEST(run(wf, o).ok());
    BOOST_TEST(fs::is_directory(d / "state" / "runs" / "my-run_1.2"));
}

BOOST_AUTO_TEST_CASE(temp_files_are_unpredictable_and_exclusive)
{
    namespace det = couler::engine::detail;
    auto d = fresh_dir("sec-temp");
    { std::ofstream(d / "victim.txt") << "ORIGINAL"; }
    fs::path dir = d / "step";
    fs::create_directories(dir);
    // Whoever can write the directory plants links at the names the next temp files would get
    // if they were predictable (`<pid>.<counter>`): the write must neither follow nor reuse them.
    std::string last = det::temp_name(dir, "script").filename().string();
    auto dot = last.rfind('.');
    unsigned long long n = std::strtoull(last.c_str() + dot + 1, nullptr, 10);
    for (unsigned long long k = n + 1; k < n + 64; ++k) {
        std::string name = last.substr(0, dot + 1) + std::to_string(k);
        fs::create_symlink(d / "victim.txt", dir / name);
    }
    std::error_code ec;
    det::atomic_write(dir / "script", "new content", ec, false);
    BOOST_TEST(!ec, ec.message());
    BOOST_TEST(slurp(d / "victim.txt") == "ORIGINAL");
    BOOST_TEST(!fs::is_symlink(dir / "script"));
    BOOST_TEST(slurp(dir / "script") == "new content");
    // A temp file is created, never opened: a link (or file) at its name is an error.
    fs::create_symlink(d / "victim.txt", dir / "planted");
    BOOST_TEST(!det::write_temp(dir / "planted", 0644, false, ec, [](int fd) { return det::write_all(fd, "x", 1); }));
    BOOST_TEST((ec == std::errc::file_exists));
    BOOST_TEST(slurp(d / "victim.txt") == "ORIGINAL");
    // Names are unique across threads (an atomic counter) and carry random bits.
    std::vector<std::vector<std::string>> names(4);
    std::vector<std::thread> ts;
    for (auto& v : names)
        ts.emplace_back([&v, &dir] {
            for (int i = 0; i < 2000; ++i)
                v.push_back(det::temp_name(dir, "t").string());
        });
    for (auto& t : ts)
        t.join();
    std::set<std::string> all;
    for (auto& v : names)
        all.insert(v.begin(), v.end());
    BOOST_TEST(all.size() == 8000u);
    // A long stem keeps the name within NAME_MAX.
    BOOST_TEST(det::temp_name(dir, std::string(255, 'n')).filename().string().size() <= 255u);
}

BOOST_AUTO_TEST_CASE(host_steps_get_a_documented_environment)
{
    auto d = fresh_dir("sec-env");
    ::setenv("COULER_SEC_TEST_SECRET", "leaked-value", 1);
    ::setenv("HOME", "/home/couler-test", 1);
    couler::workflow wf("env", couler::graph_style::dag);
    auto t = sh("s", "env");
    couler::env_var declared;
    declared.name = "DECLARED";
    declared.value = "yes";
    std::get<couler::script_spec>(t.body).container.env.push_back(declared);
    wf.add_template(t);
    wf.graph().add_step(make_step("s", "s"));
    auto o = opts(d);
    o.memoize = false;
    auto r = run(wf, o);
    BOOST_TEST(r.ok());
    std::string env = slurp(r.run_dir / "steps" / "s" / "stdout.log");
    BOOST_TEST(!has(env, "COULER_SEC_TEST_SECRET"), env);
    BOOST_TEST(has(env, "PATH="));
    BOOST_TEST(has(env, "HOME=/home/couler-test"));
    BOOST_TEST(has(env, "DECLARED=yes"));
    BOOST_TEST(has(env, "COULER_STEP=s"));
    // The option passes more.
    o.pass_env = {"COULER_SEC_TEST_SECRET"};
    r = run(wf, o);
    BOOST_TEST(r.ok());
    BOOST_TEST(has(slurp(r.run_dir / "steps" / "s" / "stdout.log"), "COULER_SEC_TEST_SECRET=leaked-value"));
    ::unsetenv("COULER_SEC_TEST_SECRET");
}

BOOST_AUTO_TEST_CASE(declared_paths_are_checked_lexically)
{
    namespace det = couler::engine::detail;
    std::vector<std::string> parts;
    for (const std::string& ok : std::vector<std::string>{"/tmp/out.txt", "out.txt", "/a/./b//c", "/model/", "/data/x..y", "/..a/b"}) {
        BOOST_TEST(det::declared_path_problem(ok, parts).empty(), ok);
        BOOST_TEST(!parts.empty());
    }
    BOOST_TEST(det::declared_path_problem("/a/./b//c", parts).empty());
    BOOST_TEST((parts == std::vector<std::string>{"a", "b", "c"}));
    for (const std::string& bad : std::vector<std::string>{"/../x", "a/../../b", "..", "/a/..", "", "/", "/.", std::string("/tmp/a\0b", 8),
                            "/" + std::string(256, 'n'), "/" + std::string(4096, 'a')})
        BOOST_TEST(!det::declared_path_problem(bad, parts).empty(), bad);
}
