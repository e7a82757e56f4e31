// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
//
// Scheduling overhead of the local engine: DAGs of N trivial steps (`true`) in two shapes,
// run by couler's engine, by `ninja -j J` on a generated build.ninja of the same DAG, and by
// GNU `make -j J`, side by side. Prints one JSON object per (shape, size, tool) on stdout
// (median, min, max wall seconds over the trials, and the ratio to ninja's median) and a
// table on stderr.
//
//   bench_engine [--sizes 2000,20000] [--trials 3] [--jobs J] [--dir /tmp/couler-bench]
//                [--shapes layered,chain] [--couler-only]
//
// `--couler-only` skips ninja and make (for profiling the engine alone; no ratios then).
//
// Shapes: `chain` (each step depends on the previous one) and `layered` (layers of 100 steps,
// each step depending on two steps of the layer before).

#include <couler/engine.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct dag {
    std::string shape;
    std::size_t n = 0;
    std::vector<std::vector<std::size_t>> preds;
};

dag make_dag(const std::string& shape, std::size_t n)
{
    dag d;
    d.shape = shape;
    d.n = n;
    d.preds.resize(n);
    const std::size_t width = 100;
    for (std::size_t i = 1; i < n; ++i) {
        if (shape == "chain") {
            d.preds[i] = {i - 1};
        } else if (i >= width) {
            std::size_t layer_start = (i / width - 1) * width;
            std::size_t a = layer_start + (i * 7) % width, b = layer_start + (i * 13 + 5) % width;
            d.preds[i] = {a};
            if (b != a)
                d.preds[i].push_back(b);
        }
    }
    return d;
}

std::string step_name(std::size_t i) { return "s" + std::to_string(i); }

couler::workflow to_workflow(const dag& d)
{
    couler::workflow wf("bench-" + d.shape, couler::graph_style::dag);
    couler::step_template t;
    t.name = "noop";
    couler::container_spec c;
    c.image = "alpine:3.18";
    // The step's name as an argument gives each step its own memo key (`true` ignores it).
    // Every tool runs the same argv, `true -- NAME`: two arguments, because coreutils' `true`
    // with exactly one argument checks it for --help/--version and first loads the locale
    // (about 0.2 ms here), which would be the step's cost, not the scheduler's.
    c.command = std::vector<std::string>{"true", "--", "{{inputs.parameters.i}}"};
    t.body = c;
    couler::parameter in;
    in.name = "i";
    t.inputs.parameters.push_back(in);
    wf.add_template(t);
    auto& g = wf.graph();
    for (std::size_t i = 0; i < d.n; ++i) {
        couler::step s;
        s.name = step_name(i);
        s.template_name = "noop";
        couler::parameter a;
        a.name = "i";
        a.value = step_name(i);
        s.arguments.push_back(a);
        g.add_step(std::move(s));
    }
    for (std::size_t i = 0; i < d.n; ++i)
        for (auto p : d.preds[i])
            g.add_dependency(p, i);
    return wf;
}

void write_ninja(const dag& d, const fs::path& dir)
{
    std::ofstream f(dir / "build.ninja");
    f << "rule noop\n  command = true -- $out\n";
    for (std::size_t i = 0; i < d.n; ++i) {
        f << "build " << step_name(i) << ": noop";
        if (!d.preds[i].empty()) {
            f << " |";
            for (auto p : d.preds[i])
                f << " " << step_name(p);
        }
        f << "\n";
    }
    f << "default";
    for (std::size_t i = 0; i < d.n; ++i)
        f << " " << step_name(i);
    f << "\n";
}

void write_make(const dag& d, const fs::path& dir)
{
    std::ofstream f(dir / "Makefile");
    f << ".PHONY: all";
    for (std::size_t i = 0; i < d.n; ++i)
        f << " " << step_name(i);
    f << "\nall:";
    for (std::size_t i = 0; i < d.n; ++i)
        f << " " << step_name(i);
    f << "\n";
    for (std::size_t i = 0; i < d.n; ++i) {
        f << step_name(i) << ":";
        for (auto p : d.preds[i])
            f << " " << step_name(p);
        f << "\n\t@true -- $@\n";
    }
}

// CPU seconds (user + system) this process itself used: the engine's own scheduling work,
// without the steps it ran. Far less sensitive to other load on the machine than wall time.
double self_cpu()
{
    rusage ru{};
    ::getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double wall(const std::function<void()>& fn)
{
    auto t0 = std::chrono::steady_clock::now();
    fn();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int shell(const std::string& cmd) { return std::system(cmd.c_str()); }

struct stats {
    double median, min, max;
};
stats summarize(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v.front(), v.back()};
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::size_t> sizes{2000, 20000};
    int trials = 3;
    unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
    fs::path root = "/tmp/couler-bench";
    std::vector<std::string> shapes{"layered", "chain"};
    bool couler_only = false;
    for (int i = 1; i < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--couler-only") {
            couler_only = true;
            --i;
            continue;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "bench_engine: %s needs a value\n", a.c_str());
            return 2;
        }
        std::string v = argv[i + 1];
        if (a == "--shapes") {
            shapes.clear();
            std::stringstream ss(v);
            std::string x;
            while (std::getline(ss, x, ',')) {
                if (x != "layered" && x != "chain") {
                    std::fprintf(stderr, "bench_engine: unknown shape %s (layered, chain)\n", x.c_str());
                    return 2;
                }
                shapes.push_back(x);
            }
        } else if (a == "--sizes") {
            sizes.clear();
            std::stringstream ss(v);
            std::string x;
            while (std::getline(ss, x, ','))
                sizes.push_back(std::stoul(x));
        } else if (a == "--trials") {
            trials = std::stoi(v);
            if (trials < 1) {
                std::fprintf(stderr, "bench_engine: --trials must be at least 1\n");
                return 2;
            }
        } else if (a == "--jobs") {
            jobs = static_cast<unsigned>(std::stoul(v));
        } else if (a == "--dir") {
            root = v;
        } else {
            std::fprintf(stderr, "bench_engine: unknown option %s\n", a.c_str());
            return 2;
        }
    }
    fs::create_directories(root);
    std::fprintf(stderr, "%-8s %6s %-14s %9s %9s %9s %8s %10s\n", "shape", "steps", "tool", "median_s", "min_s",
                 "max_s", "x_ninja", "cpu_us/step");
    for (const std::string& shape : shapes)
        for (std::size_t n : sizes) {
            dag d = make_dag(shape, n);
            fs::path dir = root / (shape + "-" + std::to_string(n));
            fs::remove_all(dir);
            fs::create_directories(dir);
            write_ninja(d, dir);
            write_make(d, dir);
            couler::workflow wf = to_workflow(d);
            std::map<std::string, std::vector<double>> times, cpu;
            for (int t = -1; t < trials; ++t) { // trial -1 is the warm-up
                double tn = couler_only ? 0 : wall([&] {
                    fs::remove(dir / ".ninja_log");
                    shell("ninja -C " + dir.string() + " -j " + std::to_string(jobs) + " > /dev/null");
                });
                double tm = couler_only ? 0 : wall([&] {
                    shell("make -s -C " + dir.string() + " -j " + std::to_string(jobs) + " > /dev/null");
                });
                auto run_couler = [&](bool memo, const std::string& tag) {
                    couler::engine::options o;
                    o.state_dir = dir / ("state-" + tag);
                    fs::remove_all(o.state_dir);
                    o.jobs = jobs;
                    o.memoize = memo;
                    double c0 = self_cpu();
                    double tc = wall([&] {
                        auto r = couler::engine::local_engine(o).run(wf);
                        if (!r.ok())
                            std::fprintf(stderr, "couler run failed: %s\n", r.error.c_str());
                    });
                    if (t >= 0) {
                        times[tag].push_back(tc);
                        cpu[tag].push_back(self_cpu() - c0);
                    }
                };
                run_couler(false, "couler");
                run_couler(true, "couler+memo");
                if (t >= 0) {
                    times["ninja"].push_back(tn);
                    times["make"].push_back(tm);
                }
            }
            double ninja_median = summarize(times["ninja"]).median;
            for (const char* tool : {"ninja", "make", "couler", "couler+memo"}) {
                if (couler_only && tool[0] != 'c')
                    continue;
                stats s = summarize(times[tool]);
                double ratio = couler_only ? 0 : s.median / ninja_median;
                double cpu_us = cpu.count(tool) ? summarize(cpu[tool]).median / static_cast<double>(n) * 1e6 : 0;
                std::printf("{\"bench\":\"engine_overhead\",\"shape\":\"%s\",\"steps\":%zu,\"jobs\":%u,\"tool\":\"%s\","
                            "\"trials\":%d,\"median_s\":%.4f,\"min_s\":%.4f,\"max_s\":%.4f,\"ratio_to_ninja\":%.3f,"
                            "\"engine_cpu_us_per_step\":%.1f}\n",
                            shape.c_str(), n, jobs, tool, trials, s.median, s.min, s.max, ratio, cpu_us);
                std::fprintf(stderr, "%-8s %6zu %-14s %9.3f %9.3f %9.3f %8.2f %10.1f\n", shape.c_str(), n, tool,
                             s.median, s.min, s.max, ratio, cpu_us);
                std::fflush(stdout);
            }
        }
    return 0;
}
