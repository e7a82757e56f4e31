// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The Python Couler SDK's benchmark shapes (shared/tools/peer-couler/bench_5000.py), built the
// way that benchmark builds them, through the builder (run_container with step_name, and
// set_dependencies for the DAG shapes), then written as Argo YAML; both timed in-process.
//
//   bench_sdk_shapes SHAPE N [--trials K] [--cold] [--caps] [--dump FILE]
//   SHAPE: seq    N sequential steps (Argo `steps`)
//          chain  N-task DAG chain, set_dependencies(s<i>, {s<i-1>})
//          fan    1 root -> N-2 tasks depending on it -> 1 sink depending on all of them
//
// Every step is run_container(image "alpine:3.6", command [sh, -c], args ["echo <name>"],
// step_name <name>), as the SDK's. Without --caps the YAML has the SDK's layout (one template
// per step, not accepted by an Argo server past 200 of them: argo_options::enforce_caps off),
// so it can be compared with the SDK's output (--dump writes the first trial's YAML).
// Prints one JSON line: build, YAML and total seconds as median [min, max] over the trials,
// after one warm-up run of the same size; --cold: no warm-up, so the first trial is the first
// build of the process, as each run of the SDK's benchmark is (a fresh interpreter). benchmarks/emit/sdk_side_by_side.py runs it beside
// the SDK.
#include <couler/api/builder.hpp>
#include <couler/emit/argo.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using clk = std::chrono::steady_clock;

namespace {

double seconds_since(clk::time_point t) { return std::chrono::duration<double>(clk::now() - t).count(); }

couler::step_ref job(couler::builder& wf, const std::string& name)
{
    return wf.run_container(
        couler::container("alpine:3.6").command({"sh", "-c"}).args({couler::arg("echo " + name)}).step_name(name));
}

void build(couler::builder& wf, const std::string& shape, std::size_t n)
{
    using deps = std::vector<std::string>;
    if (shape == "seq") {
        for (std::size_t i = 0; i < n; ++i)
            job(wf, "s" + std::to_string(i));
    } else if (shape == "chain") {
        wf.set_dependencies([&] { return job(wf, "s0"); }, deps{});
        for (std::size_t i = 1; i < n; ++i)
            wf.set_dependencies([&] { return job(wf, "s" + std::to_string(i)); }, deps{"s" + std::to_string(i - 1)});
    } else if (shape == "fan") {
        wf.set_dependencies([&] { return job(wf, "root"); }, deps{});
        deps mids;
        for (std::size_t i = 0; i + 2 < n; ++i) {
            wf.set_dependencies([&] { return job(wf, "m" + std::to_string(i)); }, deps{"root"});
            mids.push_back("m" + std::to_string(i));
        }
        wf.set_dependencies([&] { return job(wf, "sink"); }, mids);
    }
}

struct stats {
    double median, min, max;
};
stats summarize(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v.front(), v.back()};
}

int usage()
{
    std::fprintf(stderr, "usage: bench_sdk_shapes seq|chain|fan N [--trials K] [--cold] [--caps] [--dump FILE]\n");
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 3)
        return usage();
    const std::string shape = argv[1];
    if (shape != "seq" && shape != "chain" && shape != "fan")
        return usage();
    const long long n_arg = std::atoll(argv[2]);
    if (n_arg < 3)
        return usage();
    const auto n = static_cast<std::size_t>(n_arg);
    int trials = 9;
    bool cold = false;
    const char* dump = nullptr;
    couler::argo_options opt;
    opt.enforce_caps = false; // the SDK's layout: see the header comment
    for (int i = 3; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--trials") && i + 1 < argc)
            trials = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--cold"))
            cold = true;
        else if (!std::strcmp(argv[i], "--caps"))
            opt.enforce_caps = true;
        else if (!std::strcmp(argv[i], "--dump") && i + 1 < argc)
            dump = argv[++i];
        else
            return usage();
    }

    std::vector<double> build_s, yaml_s, total_s;
    std::size_t bytes = 0, templates = 0;
    for (int k = cold ? 0 : -1; k < trials; ++k) { // k == -1: warm-up
        auto t0 = clk::now();
        couler::builder wf("bench");
        build(wf, shape, n);
        double b = seconds_since(t0);
        auto t1 = clk::now();
        std::string yaml = couler::to_argo_yaml(wf.workflow(), opt);
        double y = seconds_since(t1);
        if (k < 0)
            continue;
        bytes = yaml.size();
        templates = wf.workflow().templates().size();
        if (dump && k == 0)
            if (std::FILE* f = std::fopen(dump, "wb")) {
                std::fwrite(yaml.data(), 1, yaml.size(), f);
                std::fclose(f);
            }
        build_s.push_back(b);
        yaml_s.push_back(y);
        total_s.push_back(b + y);
    }
    auto B = summarize(build_s), Y = summarize(yaml_s), T = summarize(total_s);
    std::string each; // every trial's total, for a caller pooling several runs
    for (double t : total_s)
        each += (each.empty() ? "" : ",") + std::to_string(t);
    std::printf("{\"bench\":\"sdk_shapes\",\"shape\":\"%s\",\"N\":%zu,\"caps\":%s,\"cold\":%s,\"trials\":%d,\"templates\":%zu,"
                "\"build_s\":{\"median\":%.5f,\"min\":%.5f,\"max\":%.5f},"
                "\"yaml_s\":{\"median\":%.5f,\"min\":%.5f,\"max\":%.5f},"
                "\"total_s\":{\"median\":%.5f,\"min\":%.5f,\"max\":%.5f},\"total_trials_s\":[%s],\"yaml_bytes\":%zu}\n",
                shape.c_str(), n, opt.enforce_caps ? "true" : "false", cold ? "true" : "false", trials, templates, B.median, B.min, B.max,
                Y.median, Y.min, Y.max, T.median, T.min, T.max, each.c_str(), bytes);
}
