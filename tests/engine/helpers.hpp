// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Small builders for engine tests: script templates and steps in a few lines.
#ifndef COULER_TESTS_ENGINE_HELPERS_HPP
#define COULER_TESTS_ENGINE_HELPERS_HPP

#include <couler/engine.hpp>

#include <boost/json/parse.hpp>

#include <filesystem>
#include <fstream>
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

} // namespace test_engine

#endif
