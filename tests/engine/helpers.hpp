// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Small builders for engine tests: script templates and steps in a few lines.
#ifndef COULER_TESTS_ENGINE_HELPERS_HPP
#define COULER_TESTS_ENGINE_HELPERS_HPP

#include <couler/engine.hpp>
#include <couler/engine/journal.hpp>

#include <boost/json/parse.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace test_engine {

inline couler::step_template sh(const std::string& name, const std::string& source,
                                std::vector<std::string> inputs = {},
                                std::vector<std::pair<std::string, std::string>> out_params = {},
                                std::vector<std::pair<std::string, std::string>> out_artifacts = {},
                                std::vector<std::pair<std::string, std::string>> in_artifacts = {})
{
    couler::step_template t;
    t.name = name;
    couler::script_spec s;
    s.container.image = "alpine:3.18";
    s.container.command = std::vector<std::string>{"sh"};
    s.source = source;
    t.body = s;
    for (auto& i : inputs) {
        couler::parameter p;
        p.name = i;
        t.inputs.parameters.push_back(p);
    }
    for (auto& [n, path] : out_params) {
        couler::parameter p;
        p.name = n;
        p.from.path = path;
        t.outputs.parameters.push_back(p);
    }
    for (auto& [n, path] : out_artifacts) {
        couler::artifact a;
        a.name = n;
        a.path = path;
        t.outputs.artifacts.push_back(a);
    }
    for (auto& [n, path] : in_artifacts) {
        couler::artifact a;
        a.name = n;
        a.path = path;
        t.inputs.artifacts.push_back(a);
    }
    return t;
}

inline couler::step make_step(const std::string& name, const std::string& tmpl,
                              std::vector<std::pair<std::string, std::string>> args = {})
{
    couler::step s;
    s.name = name;
    s.template_name = tmpl;
    for (auto& [k, v] : args) {
        couler::parameter p;
        p.name = k;
        p.value = v;
        s.arguments.push_back(p);
    }
    return s;
}

inline couler::artifact art_arg(const std::string& name, const std::string& from)
{
    couler::artifact a;
    a.name = name;
    a.from = from;
    return a;
}

/// A fresh directory under the build tree for one test.
inline std::filesystem::path fresh_dir(const std::string& name)
{
    std::filesystem::path p = std::filesystem::path(COULER_BINARY_DIR) / "engine-test-state" /
                              (name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(p);
    std::filesystem::create_directories(p);
    return p;
}

inline std::string slurp(const std::filesystem::path& p)
{
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline const couler::engine::step_record* find_record(const couler::engine::run_result& r, const std::string& id)
{
    for (auto& s : r.steps)
        if (s.id == id)
            return &s;
    return nullptr;
}

/// What the run's journal shows started more than once per attempt (`start` records with the
/// same id and attempt) or finished more than once (`inv` records with the same id) within one
/// engine run (a resume appends to the journal: it starts anew), one line each; empty when every
/// invocation started at most once per attempt and finished once.
inline std::vector<std::string> journal_duplicates(const std::filesystem::path& run_dir)
{
    std::map<std::string, int> starts, ends;
    std::vector<std::string> out;
    auto check = [&] {
        for (auto& [k, n] : starts)
            if (n > 1)
                out.push_back(k + " started " + std::to_string(n) + " times");
        for (auto& [k, n] : ends)
            if (n > 1)
                out.push_back(k + " finished " + std::to_string(n) + " times");
        starts.clear();
        ends.clear();
    };
    for (auto& rec : couler::engine::run_journal::read(run_dir / "journal.jsonl")) {
        auto* t = rec.if_contains("t");
        auto* id = rec.if_contains("id");
        if (t && *t == "run")
            check();
        if (!t || !id || !id->is_string())
            continue;
        std::string sid(id->as_string());
        if (*t == "start")
            ++starts[sid + " attempt " + std::to_string(rec.at("attempt").to_number<long long>())];
        else if (*t == "inv")
            ++ends[sid];
    }
    check();
    return out;
}

/// Progress lines `[done/total]` whose count passed the total, e.g. `[12/11]`.
inline std::vector<std::string> progress_overruns(const std::string& log)
{
    std::vector<std::string> out;
    std::istringstream in(log);
    for (std::string line; std::getline(in, line);) {
        unsigned long done = 0, total = 0;
        if (std::sscanf(line.c_str(), "[%lu/%lu]", &done, &total) == 2 && done > total)
            out.push_back(line);
    }
    return out;
}

} // namespace test_engine

#endif
