// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// bench_split_argo N [DIR] [BETA]: split_to_argo end to end (split, children, parents of parents,
// YAML) on a generated IR workflow of N container steps, each reading an output parameter of one
// of the 50 steps before it and every 7th an artifact of any earlier step (the sample of
// tests/split/test_argo.cpp, seed 17). Prints one JSON line; DIR: writes part-N.yaml,
// parent-L-N.yaml (intermediate parents) and top.yaml for validate.py / lint_argo.py.
#include <couler/ir/expression.hpp>
#include <couler/optimize/split/argo.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
namespace sp = couler::split;
couler::workflow sample(std::size_t n, std::uint32_t seed)
{
    couler::workflow wf("split-sample", couler::graph_style::dag);
    couler::step_template t;
    t.name = "work";
    couler::container_spec c;
    c.image = "alpine:3.20";
    c.command = std::vector<std::string>{"sh", "-c"};
    c.args = {"echo {{inputs.parameters.x}} | tee /tmp/out; mkdir -p /tmp/d; date > /tmp/d/f"};
    t.body = c;
    couler::parameter x; x.name = "x"; x.default_value = "0"; t.inputs.parameters.push_back(x);
    couler::artifact in; in.name = "in"; in.path = "/tmp/in"; in.optional = true; t.inputs.artifacts.push_back(in);
    couler::parameter out; out.name = "out"; out.from.path = "/tmp/out"; t.outputs.parameters.push_back(out);
    couler::artifact d; d.name = "d"; d.path = "/tmp/d"; t.outputs.artifacts.push_back(d);
    wf.add_template(t);
    auto& g = wf.graph();
    std::mt19937 rng(seed);
    for (std::size_t v = 0; v < n; ++v) {
        couler::step s; s.name = "step-" + std::to_string(v); s.template_name = "work";
        couler::parameter a; a.name = "x"; a.value = std::to_string(v);
        if (v > 0) {
            std::size_t u = std::uniform_int_distribution<std::size_t>(v > 50 ? v - 50 : 0, v - 1)(rng);
            a.value = couler::output_parameter_ref("step-" + std::to_string(u), "out");
            g.add_step(s);
            g.add_dependency(u, v, couler::dependency_kind::data);
            if (v % 7 == 0) {
                std::size_t w = std::uniform_int_distribution<std::size_t>(0, v - 1)(rng);
                couler::artifact aa; aa.name = "in"; aa.from = couler::output_artifact_ref("step-" + std::to_string(w), "d");
                g[v].artifact_arguments.push_back(aa);
                g.add_dependency(w, v, couler::dependency_kind::data);
            }
            g[v].arguments.push_back(a);
        } else { s.arguments.push_back(a); g.add_step(s); }
    }
    return wf;
}
int main(int argc, char** argv)
{
    std::size_t n = argc > 1 ? std::stoull(argv[1]) : 60000;
    std::string dir = argc > 2 ? argv[2] : "";
    std::uint64_t beta = argc > 3 ? std::stoull(argv[3]) : 200;
    auto t0 = std::chrono::steady_clock::now();
    auto wf = sample(n, 17);
    auto t1 = std::chrono::steady_clock::now();
    sp::argo_split_options o;
    o.limits.max_steps = beta;
    auto r = sp::split_to_argo(wf, o);
    auto t2 = std::chrono::steady_clock::now();
    std::uint64_t inter = 0, inter_max = 0;
    for (auto& l : r.levels) for (auto& y : l.yaml) { ++inter; inter_max = std::max<std::uint64_t>(inter_max, y.size()); }
    std::cout << "{\"steps\": " << n << ", \"max_steps\": " << beta << ", \"children\": " << r.parts.parts << ", \"levels\": " << r.levels.size() + 1
              << ", \"intermediates\": " << inter << ", \"top_tasks\": " << r.parent.graph().size()
              << ", \"largest_child_bytes\": " << r.largest_child_bytes << ", \"largest_intermediate_bytes\": " << inter_max
              << ", \"top_bytes\": " << r.parent_yaml.size() << ", \"rounds\": " << r.rounds
              << ", \"split_seconds\": " << r.split_seconds
              << ", \"ir_build_s\": " << std::chrono::duration<double>(t1 - t0).count()
              << ", \"split_to_argo_s\": " << std::chrono::duration<double>(t2 - t1).count() << "}\n";
    if (!dir.empty()) {
        namespace fs = std::filesystem;
        fs::remove_all(dir); fs::create_directories(dir);
        for (std::size_t i = 0; i < r.children_yaml.size(); ++i) std::ofstream(dir + "/part-" + std::to_string(i + 1) + ".yaml") << r.children_yaml[i];
        for (std::size_t l = 0; l < r.levels.size(); ++l) for (std::size_t i = 0; i < r.levels[l].yaml.size(); ++i)
            std::ofstream(dir + "/parent-" + std::to_string(l + 1) + "-" + std::to_string(i + 1) + ".yaml") << r.levels[l].yaml[i];
        std::ofstream(dir + "/top.yaml") << r.parent_yaml;
    }
}
