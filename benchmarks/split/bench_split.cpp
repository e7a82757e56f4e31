// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// bench_split: Algorithm 3 (the paper's DFS splitter) against plain topological chunking and
// the production splitter. One JSON object per line and (input, method):
//   bench_split [--sizes 10000,100000,1000000] [--shapes layered,random,fan] [--beta 200]
//               [--trials N] [--seed S] [--workloads] [--no-generated]
// --workloads: every file listed in COULER_SHARED_DIR/workloads/MANIFEST.tsv, read with
// couler::workload::load and weighed with couler::split::extract_dag (estimated bytes).
// Time covers the split only (the graph is built beforehand); median, min and max over N
// trials after one warm-up.
#include "generators.hpp"

#include <couler/optimize/split/estimate.hpp>
#include <couler/optimize/split/partition.hpp>
#include <couler/workload/load.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace sp = couler::split;

namespace {

std::vector<std::string> split_list(const std::string& s)
{
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string x;
    while (std::getline(ss, x, ','))
        if (!x.empty())
            out.push_back(x);
    return out;
}

std::string compiler()
{
#if defined(__clang__)
    return "clang++ " __clang_version__;
#elif defined(__GNUC__)
    return "g++ " __VERSION__;
#else
    return "unknown";
#endif
}

void run_one(const std::string& input, const std::string& shape, const sp::dag& g, const sp::budget& b, int trials)
{
    // refined runs twice: the default objective (balanced) and objective cut
    const int variants = 4;
    for (int k = 0; k < variants; ++k) {
        sp::method m = k == 0 ? sp::method::algorithm3 : k == 1 ? sp::method::topological_chunks : sp::method::refined;
        sp::split_options so;
        if (k == 3)
            so.goal = sp::objective::cut;
        std::vector<double> secs;
        sp::partition p;
        for (int t = 0; t <= trials; ++t) { // t == 0 is the warm-up
            auto t0 = std::chrono::steady_clock::now();
            p = sp::run(m, g, b, so);
            auto t1 = std::chrono::steady_clock::now();
            if (t > 0)
                secs.push_back(std::chrono::duration<double>(t1 - t0).count());
        }
        std::sort(secs.begin(), secs.end());
        auto r = sp::analyze(g, p, b);
        boost::json::object o;
        o["input"] = input;
        o["shape"] = shape;
        o["method"] = k == 3 ? std::string("refined-cut") : std::string(sp::to_string(m));
        o["steps"] = r.steps;
        o["edges"] = r.edges;
        o["max_steps"] = b.max_steps;
        o["max_bytes"] = b.max_bytes;
        o["parts"] = r.parts;
        o["lower_bound_parts"] = r.lower_bound_parts;
        o["parts_over_lower_bound"] = r.lower_bound_parts ? double(r.parts) / double(r.lower_bound_parts) : 0.0;
        o["acyclic"] = r.acyclic;
        o["cut_edges"] = r.cut_edges;
        o["quotient_edges"] = r.quotient_edges;
        o["quotient_depth"] = r.quotient_depth;
        o["critical_path"] = r.critical_path;
        if (r.acyclic)
            o["quotient_critical_path"] = r.quotient_critical_path;
        else
            o["quotient_critical_path"] = nullptr;
        o["largest_part_steps"] = r.largest_part_steps;
        o["largest_part_bytes"] = r.largest_part_bytes;
        o["parts_over_budget"] = r.parts_over_budget;
        o["seconds_median"] = secs[secs.size() / 2];
        o["seconds_min"] = secs.front();
        o["seconds_max"] = secs.back();
        o["trials"] = trials;
        o["compiler"] = compiler();
        std::cout << boost::json::serialize(o) << std::endl;
    }
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> sizes{"10000", "100000", "1000000"}, shapes{"layered", "random", "fan"};
    sp::budget b;
    b.part_overhead_bytes = 2048;
    int trials = 3;
    std::uint64_t seed = 42;
    bool workloads = false, generated = true;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "bench_split: " << a << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--sizes")
            sizes = split_list(next());
        else if (a == "--shapes")
            shapes = split_list(next());
        else if (a == "--beta")
            b.max_steps = std::stoull(next());
        else if (a == "--trials")
            trials = std::max(1, std::stoi(next()));
        else if (a == "--seed")
            seed = std::stoull(next());
        else if (a == "--workloads")
            workloads = true;
        else if (a == "--no-generated")
            generated = false;
        else {
            std::cerr << "usage: bench_split [--sizes N,...] [--shapes layered,random,fan] [--beta B] [--trials T] [--seed S]\n";
            return 2;
        }
    }
    if (workloads) {
        const std::string dir = std::string(COULER_SHARED_DIR) + "/workloads/";
        std::ifstream manifest(dir + "MANIFEST.tsv");
        if (!manifest) {
            std::cerr << "bench_split: cannot read " << dir << "MANIFEST.tsv\n";
            return 1;
        }
        std::string line;
        std::getline(manifest, line); // header
        while (std::getline(manifest, line)) {
            std::string path = line.substr(0, line.find('\t'));
            couler::problems ps;
            auto wf = couler::workload::load(dir + path, ps);
            if (!ps.empty()) {
                std::cerr << "bench_split: " << path << ": " << ps.front().to_string() << "\n";
                continue;
            }
            std::uint64_t overhead = 0;
            auto g = sp::extract_dag(wf, overhead);
            sp::budget wb = b;
            wb.part_overhead_bytes = overhead;
            wb.max_groups = 199; // Argo's 200-template cap, one for the entry
            // small workloads: a budget that still splits them into ~8 parts
            if (g.size() < 8 * wb.max_steps)
                wb.max_steps = std::max<std::uint64_t>(2, (g.size() + 7) / 8);
            run_one("workload:" + path, "workload", g, wb, trials);
        }
    }
    if (generated)
    for (const auto& shape : shapes)
        for (const auto& s : sizes) {
            std::size_t n = std::stoull(s);
            auto g = split_bench::generate(shape, n, seed);
            run_one("generated:" + shape + ":" + s, shape, g, b, trials);
        }
    return 0;
}
