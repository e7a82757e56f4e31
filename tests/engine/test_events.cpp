// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Step events (events.hpp): their order on real local runs, retries, cache hits, log lines,
// that callbacks never overlap, a throwing observer, and the progress printer built on them.
#include <couler/engine/events.hpp>
#include <couler/engine/text_progress.hpp>

#include "helpers.hpp"

#define BOOST_TEST_MODULE engine_events
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <fstream>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace test_engine;
namespace ce = couler::engine;

namespace {

ce::options opts(const fs::path& d, unsigned jobs = 2)
{
    ce::options o;
    o.state_dir = d / "state";
    o.jobs = jobs;
    o.journal_sync_ms = 0;
    o.memoize = false;
    return o;
}

// Records every event as one line of text, checks that no two callbacks overlap and that all
// come from the thread that started the run.
class recorder : public ce::run_observer {
public:
    std::vector<std::string> lines;
    std::vector<ce::step_finished_event> finished;
    std::vector<ce::step_retried_event> retried;
    std::vector<ce::step_cached_event> cached;
    std::vector<ce::step_log_event> logs;
    int overlaps = 0, foreign_thread = 0;
    bool run_finished = false, refused = false;
    std::thread::id caller = std::this_thread::get_id();
    std::chrono::milliseconds hold{0}; ///< time spent in each callback, to widen any overlap

    void on_run_started(const ce::run_started_event& e) override
    {
        guard g(*this);
        lines.push_back("run-started " + e.workflow);
    }
    void on_step_started(const ce::step_started_event& e) override
    {
        guard g(*this);
        lines.push_back("started " + e.step_id + " " + std::to_string(e.attempt));
    }
    void on_step_finished(const ce::step_finished_event& e) override
    {
        guard g(*this);
        lines.push_back("finished " + e.step_id + " " + ce::to_string(e.status));
        finished.push_back(e);
    }
    void on_step_retried(const ce::step_retried_event& e) override
    {
        guard g(*this);
        lines.push_back("retried " + e.step_id + " " + std::to_string(e.attempt) + "->" +
                        std::to_string(e.next_attempt));
        retried.push_back(e);
    }
    void on_step_cached(const ce::step_cached_event& e) override
    {
        guard g(*this);
        lines.push_back(std::string("cached ") + e.step_id + " " + ce::to_string(e.source));
        cached.push_back(e);
    }
    void on_step_log(const ce::step_log_event& e) override
    {
        guard g(*this);
        lines.push_back(std::string("log ") + e.step_id + " " + ce::to_string(e.stream) + " " + e.text);
        logs.push_back(e);
    }
    void on_note(const ce::run_note_event& e) override
    {
        guard g(*this);
        lines.push_back("note " + e.text);
    }
    void on_run_finished(const ce::run_finished_event& e) override
    {
        guard g(*this);
        lines.push_back("run-finished");
        run_finished = true;
        refused = e.refused;
    }

    std::size_t index(const std::string& line) const
    {
        for (std::size_t i = 0; i < lines.size(); ++i)
            if (lines[i] == line)
                return i;
        return lines.size();
    }

private:
    struct guard {
        recorder& r;
        explicit guard(recorder& rec) : r(rec)
        {
            if (r.busy.exchange(true))
                ++r.overlaps;
            if (std::this_thread::get_id() != r.caller)
                ++r.foreign_thread;
            if (r.hold.count())
                std::this_thread::sleep_for(r.hold);
        }
        ~guard() { r.busy = false; }
    };
    std::atomic<bool> busy{false};
};

std::string joined(const std::vector<std::string>& v)
{
    std::string s;
    for (auto& l : v)
        s += l + "\n";
    return s;
}

} // namespace

BOOST_AUTO_TEST_CASE(three_step_dag_in_order)
{
    auto d = fresh_dir("events-dag");
    couler::workflow wf("chain", couler::graph_style::dag);
    wf.add_template(sh("say", "echo {{inputs.parameters.m}}", {"m"}));
    auto& g = wf.graph();
    g.add_step(make_step("a", "say", {{"m", "alpha"}}));
    g.add_step(make_step("b", "say", {{"m", "beta"}}));
    g.add_step(make_step("c", "say", {{"m", "gamma"}}));
    g.add_dependency("a", "b");
    g.add_dependency("b", "c");
    recorder rec;
    auto o = opts(d, 4);
    o.observer = &rec;
    auto r = ce::local_engine(o).run(wf);
    BOOST_TEST(r.ok());
    std::vector<std::string> want{"run-started chain",
                                  "started a 1", "log a stdout alpha", "finished a Succeeded",
                                  "started b 1", "log b stdout beta", "finished b Succeeded",
                                  "started c 1", "log c stdout gamma", "finished c Succeeded",
                                  "run-finished"};
    BOOST_TEST(joined(rec.lines) == joined(want));
    BOOST_REQUIRE(rec.finished.size() == 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& e = rec.finished[i];
        BOOST_TEST(e.run_id == r.run_id);
        BOOST_TEST(e.template_name == "say");
        BOOST_TEST(e.step_name == e.step_id);
        BOOST_TEST(e.exit_code == 0);
        BOOST_TEST(e.attempts == 1);
        BOOST_TEST(e.seconds > 0);
        BOOST_TEST(e.counts.done == i + 1);
        BOOST_TEST(e.counts.total == 3u);
    }
    BOOST_TEST(r.observer_error.empty());
}

BOOST_AUTO_TEST_CASE(fan_out_orders_each_step)
{
    // a before b and c, which run at once: each step's own events are in order.
    auto d = fresh_dir("events-fan");
    couler::workflow wf("fan", couler::graph_style::dag);
    wf.add_template(sh("say", "sleep 0.2; echo {{inputs.parameters.m}}", {"m"}));
    auto& g = wf.graph();
    for (auto n : {"a", "b", "c"})
        g.add_step(make_step(n, "say", {{"m", n}}));
    g.add_dependency("a", "b");
    g.add_dependency("a", "c");
    recorder rec;
    auto o = opts(d, 4);
    o.observer = &rec;
    BOOST_TEST(ce::local_engine(o).run(wf).ok());
    for (std::string s : {"a", "b", "c"}) {
        BOOST_TEST(rec.index("started " + s + " 1") < rec.index("log " + s + " stdout " + s));
        BOOST_TEST(rec.index("log " + s + " stdout " + s) < rec.index("finished " + s + " Succeeded"));
    }
    BOOST_TEST(rec.index("finished a Succeeded") < rec.index("started b 1"));
    BOOST_TEST(rec.index("finished a Succeeded") < rec.index("started c 1"));
    // b and c overlapped: both started before either finished.
    BOOST_TEST(rec.index("started c 1") < rec.index("finished b Succeeded"));
    BOOST_TEST(rec.index("started b 1") < rec.index("finished c Succeeded"));
}

BOOST_AUTO_TEST_CASE(failing_step_then_retries)
{
    auto d = fresh_dir("events-retry");
    std::string f = (d / "tries").string();
    couler::workflow wf("retry", couler::graph_style::dag);
    // Fails (exit 3) on attempts 1 and 2, succeeds on 3.
    auto t = sh("flaky", "echo x >> " + f + "; n=$(wc -l < " + f + "); echo try $n; test $n -ge 3 || exit 3");
    t.retry = couler::retry_strategy{};
    t.retry->limit = 4;
    t.retry->back_off = couler::backoff{"50ms", 2, "", ""};
    wf.add_template(t);
    wf.graph().add_step(make_step("flaky", "flaky"));
    recorder rec;
    auto o = opts(d);
    o.observer = &rec;
    auto r = ce::local_engine(o).run(wf);
    BOOST_TEST(r.ok());
    std::vector<std::string> want{"run-started retry",
                                  "started flaky 1", "log flaky stdout try 1", "retried flaky 1->2",
                                  "started flaky 2", "log flaky stdout try 2", "retried flaky 2->3",
                                  "started flaky 3", "log flaky stdout try 3", "finished flaky Succeeded",
                                  "run-finished"};
    BOOST_TEST(joined(rec.lines) == joined(want));
    BOOST_REQUIRE(rec.retried.size() == 2u);
    BOOST_TEST(rec.retried[0].exit_code == 3);
    BOOST_TEST(rec.retried[0].reason == "exit code 3");
    BOOST_TEST(std::abs(rec.retried[0].delay_seconds - 0.05) < 1e-9); // 50ms, then doubled
    BOOST_TEST(std::abs(rec.retried[1].delay_seconds - 0.1) < 1e-9);
    BOOST_REQUIRE(rec.logs.size() == 3u);
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(rec.logs[static_cast<std::size_t>(i)].attempt == i + 1);
    BOOST_REQUIRE(rec.finished.size() == 1u);
    BOOST_TEST(rec.finished[0].attempts == 3);

    // Out of retries: the last attempt's failure is the finished event.
    couler::workflow wf2("noretry", couler::graph_style::dag);
    auto t2 = sh("never", "exit 5");
    t2.retry = couler::retry_strategy{};
    t2.retry->limit = 1;
    wf2.add_template(t2);
    wf2.graph().add_step(make_step("never", "never"));
    recorder rec2;
    o.observer = &rec2;
    BOOST_TEST(!ce::local_engine(o).run(wf2).ok());
    std::vector<std::string> want2{"run-started noretry", "started never 1", "retried never 1->2", "started never 2",
                                   "finished never Failed", "run-finished"};
    BOOST_TEST(joined(rec2.lines) == joined(want2));
    BOOST_REQUIRE(rec2.finished.size() == 1u);
    BOOST_TEST(rec2.finished[0].exit_code == 5);
    BOOST_TEST(rec2.finished[0].message == "exit code 5");
}

BOOST_AUTO_TEST_CASE(memoized_second_run_is_cached_events)
{
    auto d = fresh_dir("events-memo");
    couler::workflow wf("memo", couler::graph_style::dag);
    wf.add_template(sh("gen", "echo 7 > /tmp/n; echo gen", {}, {{"n", "/tmp/n"}}));
    wf.add_template(sh("use", "echo got {{inputs.parameters.n}}", {"n"}));
    auto& g = wf.graph();
    g.add_step(make_step("gen", "gen"));
    g.add_step(make_step("use", "use", {{"n", "{{tasks.gen.outputs.parameters.n}}"}}));
    g.add_dependency("gen", "use");
    auto o = opts(d);
    o.memoize = true;
    recorder first;
    o.observer = &first;
    auto r1 = ce::local_engine(o).run(wf);
    BOOST_TEST(r1.ok());
    BOOST_TEST(first.cached.empty());
    recorder second;
    o.observer = &second;
    auto r2 = ce::local_engine(o).run(wf);
    BOOST_TEST(r2.ok());
    std::vector<std::string> want{"run-started memo", "cached gen memo", "finished gen Cached", "cached use memo",
                                  "finished use Cached", "run-finished"};
    BOOST_TEST(joined(second.lines) == joined(want));
    BOOST_REQUIRE(second.cached.size() == 2u);
    for (const auto& c : second.cached) {
        BOOST_TEST(!c.memo_key.empty());
        BOOST_TEST(c.from_run == r1.run_id); // the outputs came from the first run's step
        BOOST_TEST(c.from_step == c.step_id);
        BOOST_TEST(c.run_id == r2.run_id);
    }
    BOOST_TEST(second.cached[0].memo_key != second.cached[1].memo_key);
    for (const auto& f : second.finished) {
        BOOST_TEST(f.exit_code == -1); // no process ran
        BOOST_TEST(f.attempts == 0);
    }
    BOOST_TEST(second.finished.back().counts.cached == 2u);
}

BOOST_AUTO_TEST_CASE(resume_restores_are_journal_cached_events)
{
    auto d = fresh_dir("events-resume");
    fs::path marker = d / "ok";
    couler::workflow wf("resume", couler::graph_style::dag);
    wf.add_template(sh("first", "echo one"));
    wf.add_template(sh("second", "test -e " + marker.string()));
    auto& g = wf.graph();
    g.add_step(make_step("first", "first"));
    g.add_step(make_step("second", "second"));
    g.add_dependency("first", "second");
    auto o = opts(d);
    auto r1 = ce::local_engine(o).run(wf);
    BOOST_TEST(!r1.ok());
    std::ofstream(marker) << "x";
    recorder rec;
    o.observer = &rec;
    auto r2 = ce::local_engine(o).resume(r1.run_id);
    BOOST_TEST(r2.ok());
    std::vector<std::string> want{"run-started resume",  "cached first journal", "finished first Succeeded",
                                  "started second 1",    "finished second Succeeded", "run-finished"};
    BOOST_TEST(joined(rec.lines) == joined(want));
    BOOST_REQUIRE(rec.finished.size() == 2u);
    BOOST_TEST(rec.finished[0].restored);
    BOOST_TEST(!rec.finished[1].restored);
}

BOOST_AUTO_TEST_CASE(log_lines_name_their_step)
{
    auto d = fresh_dir("events-logs");
    couler::workflow wf("logs", couler::graph_style::dag);
    // Each step prints lines naming itself on both streams; the last stdout line has no newline.
    wf.add_template(sh("talk", "for i in 1 2 3; do echo {{inputs.parameters.m}} out $i; echo {{inputs.parameters.m}} "
                               "err $i >&2; sleep 0.05; done; printf '{{inputs.parameters.m}} tail'",
                       {"m"}));
    auto& g = wf.graph();
    for (auto n : {"p", "q", "r"})
        g.add_step(make_step(n, "talk", {{"m", n}}));
    recorder rec;
    auto o = opts(d, 4);
    o.observer = &rec;
    BOOST_TEST(ce::local_engine(o).run(wf).ok());
    BOOST_TEST(rec.logs.size() == 3u * 7u);
    for (std::string s : {"p", "q", "r"}) {
        std::vector<std::string> out, err;
        for (const auto& l : rec.logs) {
            BOOST_TEST(l.text.compare(0, 2, l.step_id + " ") == 0, l.step_id << " got '" << l.text << "'");
            if (l.step_id == s)
                (l.stream == ce::log_stream::out ? out : err).push_back(l.text);
        }
        BOOST_TEST(joined(out) == joined({s + " out 1", s + " out 2", s + " out 3", s + " tail"}));
        BOOST_TEST(joined(err) == joined({s + " err 1", s + " err 2", s + " err 3"}));
    }
}

BOOST_AUTO_TEST_CASE(callbacks_never_overlap)
{
    // Eight steps under --jobs 4, each callback held 2 ms: an overlap would be counted.
    auto d = fresh_dir("events-serial");
    couler::workflow wf("serial", couler::graph_style::dag);
    wf.add_template(sh("work", "echo start; sleep 0.1; echo end; echo warn >&2"));
    auto& g = wf.graph();
    for (int i = 0; i < 8; ++i)
        g.add_step(make_step("s" + std::to_string(i), "work"));
    recorder rec;
    rec.hold = std::chrono::milliseconds(2);
    auto o = opts(d, 4);
    o.observer = &rec;
    std::ostringstream log; // the progress printer too: it sees the same events
    o.log = &log;
    auto r = ce::local_engine(o).run(wf);
    BOOST_TEST(r.ok());
    BOOST_TEST(rec.finished.size() == 8u);
    BOOST_TEST(rec.logs.size() == 8u * 3u);
    BOOST_TEST(rec.overlaps == 0);
    BOOST_TEST(rec.foreign_thread == 0);
    BOOST_TEST(log.str().find("Succeeded: 8 steps") != std::string::npos, log.str());
}

namespace {
struct thrower : ce::run_observer {
    int calls = 0;
    bool std_exception = true;
    void on_step_started(const ce::step_started_event& e) override
    {
        ++calls;
        if (std_exception)
            throw std::runtime_error("platform bug at " + e.step_id);
        throw 42;
    }
    void on_step_finished(const ce::step_finished_event&) override { ++calls; }
};
} // namespace

BOOST_AUTO_TEST_CASE(throwing_observer_is_detached_and_reported)
{
    auto d = fresh_dir("events-throw");
    couler::workflow wf("throw", couler::graph_style::dag);
    wf.add_template(sh("say", "echo hi"));
    auto& g = wf.graph();
    g.add_step(make_step("a", "say"));
    g.add_step(make_step("b", "say"));
    g.add_dependency("a", "b");
    for (bool std_exception : {true, false}) {
        thrower t;
        t.std_exception = std_exception;
        auto o = opts(d);
        o.observer = &t;
        std::ostringstream log;
        o.log = &log; // the progress printer keeps going: only the thrower is detached
        auto r = ce::local_engine(o).run(wf);
        BOOST_TEST(r.ok()); // the run finished as it would have
        BOOST_TEST(r.succeeded == 2u);
        BOOST_TEST(t.calls == 1); // nothing after the throw
        std::string want = std_exception ? "observer threw in on_step_started: platform bug at a"
                                         : "observer threw in on_step_started: an exception not derived from "
                                           "std::exception";
        BOOST_TEST(r.observer_error == want);
        BOOST_TEST(log.str().find("Succeeded: 2 steps") != std::string::npos, log.str());
        BOOST_TEST(log.str().find("observer stopped: " + want) != std::string::npos, log.str());
    }
}

BOOST_AUTO_TEST_CASE(refused_run_has_only_its_finished_event)
{
    auto d = fresh_dir("events-refused");
    couler::workflow wf("refused", couler::graph_style::dag);
    wf.add_template(sh("say", "echo hi"));
    wf.graph().add_step(make_step("a", "say"));
    recorder rec;
    auto o = opts(d);
    o.observer = &rec;
    o.run_id = "../escape";
    auto r = ce::local_engine(o).run(wf);
    BOOST_TEST(!r.ok());
    BOOST_TEST(joined(rec.lines) == "run-finished\n");
    BOOST_TEST(rec.refused);
}

BOOST_AUTO_TEST_CASE(text_progress_as_observer_prints_like_log)
{
    // The printer `couler run` uses, set as an observer, prints what options::log prints.
    auto d = fresh_dir("events-text");
    couler::workflow wf("text", couler::graph_style::dag);
    wf.add_template(sh("say", "echo hi"));
    wf.add_template(sh("bad", "exit 2"));
    auto& g = wf.graph();
    g.add_step(make_step("a", "say"));
    g.add_step(make_step("b", "bad"));
    g.add_dependency("a", "b");
    auto strip = [](std::string s) { // durations differ between runs
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (std::isdigit(static_cast<unsigned char>(s[i])) && i + 1 < s.size() &&
                (s[i + 1] == '.' || std::isdigit(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == 's')) {
                auto j = i;
                while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.'))
                    ++j;
                if (j < s.size() && s[j] == 's') {
                    out += "#s";
                    i = j;
                    continue;
                }
            }
            out += s[i];
        }
        return out;
    };
    std::string texts[2];
    for (int k = 0; k < 2; ++k) {
        auto o = opts(d);
        o.run_id = "text-" + std::to_string(k);
        std::ostringstream out;
        ce::text_progress printer(out);
        if (k == 0)
            o.log = &out;
        else
            o.observer = &printer;
        BOOST_TEST(!ce::local_engine(o).run(wf).ok());
        texts[k] = strip(out.str());
        auto at = texts[k].find("text-" + std::to_string(k));
        BOOST_REQUIRE(at != std::string::npos);
        texts[k] = texts[k].substr(0, at);
    }
    BOOST_TEST(texts[0] == texts[1]);
    BOOST_TEST(texts[1].find("[1/2] Succeeded a (#s)\n[2/2] Failed    b (#s): exit code 2\n") == 0, texts[1]);
}

// The example of docs/engine.md ("Step events"), compiled and run here.
// [events-example]
struct step_printer : couler::engine::run_observer {
    explicit step_printer(std::ostream& os) : out(os) {}
    void on_step_finished(const couler::engine::step_finished_event& e) override
    {
        out << e.step_id << ": " << couler::engine::to_string(e.status) << "\n";
    }
    void on_step_log(const couler::engine::step_log_event& e) override { out << e.step_id << " | " << e.text << "\n"; }
    std::ostream& out;
};

bool run_with_events(const couler::workflow& wf, const std::filesystem::path& state, std::ostream& out)
{
    step_printer printer(out);
    couler::engine::options o;
    o.state_dir = state;
    o.observer = &printer; // owned by the caller; called on this thread, one event at a time
    couler::engine::run_result r = couler::engine::local_engine(o).run(wf);
    return r.ok() && r.observer_error.empty();
}
// [events-example]

BOOST_AUTO_TEST_CASE(docs_example)
{
    auto d = fresh_dir("events-doc");
    couler::workflow wf("doc", couler::graph_style::dag);
    wf.add_template(sh("say", "echo hello"));
    wf.graph().add_step(make_step("greet", "say"));
    std::ostringstream out;
    BOOST_TEST(run_with_events(wf, d / "state", out));
    BOOST_TEST(out.str() == "greet | hello\ngreet: Succeeded\n");
    // docs/engine.md shows this file's example as it is.
    std::string src = slurp(fs::path(COULER_SOURCE_DIR) / "tests" / "engine" / "test_events.cpp");
    std::string marker = "// [events-" "example]\n";
    auto b = src.find(marker), e = src.find(marker, b + 1);
    BOOST_REQUIRE(b != std::string::npos && e != std::string::npos);
    std::string example = src.substr(b + marker.size(), e - b - marker.size());
    std::string doc = slurp(fs::path(COULER_SOURCE_DIR) / "docs" / "engine.md");
    BOOST_TEST(doc.find("```cpp\n" + example + "```\n") != std::string::npos, "docs/engine.md's example differs");
}
