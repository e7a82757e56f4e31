// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// couler cache-sim --workload FILE --policy NAME --capacity BYTES|PCT% [--slots P]
//                  [--estimate-error SIGMA --seed N]:
// simulates the workload's run (actual run times) under one cache policy that knows only
// estimated run times (belady: the actual trace), and prints one JSON object with the lower
// bound on any policy's miss cost beside it.
#ifndef COULER_TOOLS_CMD_CACHE_SIM_HPP
#define COULER_TOOLS_CMD_CACHE_SIM_HPP

#include "common.hpp"

#include <couler/optimize/cache/evaluation.hpp>
#include <couler/workload/load.hpp>
#include <couler/workload/scenarios.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <memory>

namespace couler_cli {

struct cache_sim_options {
    std::string workload;
    std::string policy = "couler";
    std::string capacity;
    std::size_t slots = 4;
    double bandwidth = 125e6;
    bool no_recompute = false;
    double estimate_error = 0;
    std::uint64_t seed = 0;
};

/// Parses `12345`, `20%` or `10GB`/`10GiB`-style sizes against the intermediate bytes.
inline bool parse_capacity(const std::string& s, std::uint64_t intermediate, std::uint64_t& out)
{
    try {
        std::size_t used = 0;
        double v = std::stod(s, &used);
        std::string unit = s.substr(used);
        double mul = 1;
        if (unit == "%")
            mul = double(intermediate) / 100.0;
        else if (unit == "" || unit == "B")
            mul = 1;
        else if (unit == "KB" || unit == "K")
            mul = 1e3;
        else if (unit == "MB" || unit == "M")
            mul = 1e6;
        else if (unit == "GB" || unit == "G")
            mul = 1e9;
        else if (unit == "KiB")
            mul = 1024.0;
        else if (unit == "MiB")
            mul = 1024.0 * 1024.0;
        else if (unit == "GiB")
            mul = 1024.0 * 1024.0 * 1024.0;
        else
            return false;
        if (!(v >= 0) || !std::isfinite(v))
            return false;
        out = std::uint64_t(std::llround(v * mul));
        return true;
    } catch (...) {
        return false;
    }
}

inline int run_cache_sim(const cache_sim_options& o)
{
    namespace cache = couler::cache;
    couler::problems ps;
    couler::workflow wf;
    couler::workload::scenario sc;
    if (o.workload.rfind("scenario:", 0) == 0 && couler::workload::from_string(o.workload.substr(9), sc))
        wf = couler::workload::generate(sc);
    else
        wf = couler::workload::load(o.workload, ps);
    if (!ps.empty()) {
        print_problems(o.workload, ps);
        return exit_invalid;
    }
    auto m = cache::make_model(wf, ps);
    if (!ps.empty()) {
        print_problems(o.workload, ps);
        return exit_invalid;
    }
    std::uint64_t capacity = 0;
    if (!parse_capacity(o.capacity, m.intermediate_bytes(), capacity)) {
        std::cerr << "couler: --capacity '" << o.capacity << "' is not BYTES, a size like 10GB, or PCT%\n";
        return exit_usage;
    }
    if (!(o.estimate_error >= 0) || !std::isfinite(o.estimate_error)) {
        std::cerr << "couler: --estimate-error '" << o.estimate_error << "' must be a finite number >= 0\n";
        return exit_usage;
    }
    if (o.slots == 0) {
        std::cerr << "couler: --slots must be at least 1\n";
        return exit_usage;
    }
    if (!(o.bandwidth > 0) || !std::isfinite(o.bandwidth)) {
        std::cerr << "couler: --bandwidth '" << o.bandwidth << "' must be a positive number of bytes per second\n";
        return exit_usage;
    }
    std::unique_ptr<cache::evaluation> ev;
    try {
        ev = std::make_unique<cache::evaluation>(m, o.slots, o.estimate_error, o.seed);
    } catch (const std::invalid_argument& e) {
        std::cerr << "couler: " << e.what() << "\n";
        return exit_invalid;
    }
    cache::sim_options so;
    so.capacity_bytes = capacity;
    so.bandwidth_bytes_per_second = o.bandwidth;
    so.allow_recompute = !o.no_recompute;
    auto policy = ev->make(o.policy, so);
    if (!policy) {
        std::cerr << "couler: unknown --policy '" << o.policy << "'\n";
        return exit_usage;
    }
    auto t0 = std::chrono::steady_clock::now();
    auto r = ev->simulate(policy.get(), so, cache::is_offline(o.policy));
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    auto bound = ev->lower_bound(so);
    boost::json::object j;
    j["workload"] = o.workload;
    j["policy"] = r.policy;
    j["capacity_bytes"] = r.capacity_bytes;
    j["intermediate_bytes"] = r.intermediate_bytes;
    j["slots"] = r.slots;
    j["bandwidth_bytes_per_second"] = o.bandwidth;
    j["recompute"] = !o.no_recompute;
    j["estimate_error"] = o.estimate_error;
    j["seed"] = o.seed;
    j["reads"] = r.reads;
    j["hits"] = r.hits;
    j["hit_ratio"] = r.hit_ratio();
    j["byte_hit_ratio"] = r.byte_hit_ratio();
    j["bytes_moved"] = r.bytes_moved;
    j["transfer_seconds"] = r.transfer_seconds;
    j["recompute_seconds"] = r.recompute_seconds;
    j["miss_cost"] = r.miss_cost;
    j["lower_bound"] = bound.miss_cost;
    j["misses_fetched"] = r.misses_fetched;
    j["misses_recomputed"] = r.misses_recomputed;
    j["makespan_seconds"] = r.makespan_seconds;
    j["planned_makespan_seconds"] = r.planned_makespan_seconds;
    j["peak_cache_bytes"] = r.peak_cache_bytes;
    j["insertions"] = r.insertions;
    j["evictions"] = r.evictions;
    j["refusals"] = r.refusals;
    j["simulation_ms"] = ms;
    std::cout << boost::json::serialize(j) << "\n";
    return exit_ok;
}

inline void setup_cache_sim(CLI::App& app, int& rc)
{
    auto o = std::make_shared<cache_sim_options>();
    auto* cmd = app.add_subcommand("cache-sim", "Replay a workload under a cache policy; print one JSON object");
    cmd->add_option("--workload", o->workload,
                    "WfCommons JSON, Pegasus DAX, IR JSON, or scenario:multimodal-training|image-segmentation|lm-finetuning")
        ->required();
    cmd->add_option("--policy", o->policy, "couler, importance-factor, lru, fifo, lrc, mrd, gds, belady");
    cmd->add_option("--capacity", o->capacity, "cache size: BYTES, 10GB, 4GiB, or PCT% of the intermediate bytes")
        ->required();
    cmd->add_option("--slots", o->slots, "parallel task slots P (default 4)");
    cmd->add_option("--bandwidth", o->bandwidth, "remote storage bandwidth, bytes per second (default 125e6)");
    cmd->add_flag("--no-recompute", o->no_recompute,
                  "a miss is always a re-fetch, never a recomputation (for the simulator, the policies' cost "
                  "estimates and the lower bound)");
    cmd->add_option("--estimate-error", o->estimate_error,
                    "SIGMA: online policies know run times only as actual x a log-normal error of this sigma "
                    "(default 0: exact); belady always gets the actual trace");
    cmd->add_option("--seed", o->seed, "N: seed of the estimate errors (default 0)");
    cmd->callback([o, &rc] { rc = run_cache_sim(*o); });
}

} // namespace couler_cli

#endif
