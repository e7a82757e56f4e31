// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Cache-policy benchmark: every policy x workload x capacity (10, 20, 30, 50 % of the
// workload's intermediate bytes; 10, 20, 30 GB for the paper's scenarios). Writes
//   docs/cache_policies.csv   one row per run
//   docs/cache_policies.md    goal figures, per-capacity summary, per-cell winners
//   docs/cache_policies_cost.svg, docs/cache_policies_hit.svg  (gnuplot, if installed)
// and times the simulator on the 11k-task composite (median of 5, min and max).
//
// Usage: bench_cache_policies [--shared DIR] [--out DIR] [--slots P]

#include <couler/optimize/cache/make_policy.hpp>
#include <couler/optimize/cache/simulator.hpp>
#include <couler/workload/load.hpp>
#include <couler/workload/scenarios.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace cache = couler::cache;

namespace {

struct row {
    std::string workload, family, capacity_label, policy;
    bool shared = true; // part of ../shared/workloads (the goal's cells)
    std::uint64_t capacity = 0, intermediate = 0;
    cache::sim_result r;
    double ms = 0;
};

struct workload_entry {
    std::string name, family;
    bool shared;
    couler::workflow wf;
};

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

std::string fmt(double v, int prec = 3)
{
    std::ostringstream s;
    s << std::fixed << std::setprecision(prec) << v;
    return s.str();
}

} // namespace

int main(int argc, char** argv)
{
    std::string shared = COULER_SHARED_DIR, out = std::string(COULER_SOURCE_DIR) + "/docs";
    std::size_t slots = 4;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--shared")
            shared = argv[i + 1];
        else if (a == "--out")
            out = argv[i + 1];
        else if (a == "--slots")
            slots = std::stoul(argv[i + 1]);
    }
    // The workloads: every MANIFEST row but the dagP .dot file, then the paper's scenarios.
    std::vector<workload_entry> loads;
    {
        std::ifstream in(shared + "/workloads/MANIFEST.tsv");
        if (!in) {
            std::cerr << "cannot read " << shared << "/workloads/MANIFEST.tsv\n";
            return 1;
        }
        std::string line;
        std::getline(in, line);
        while (std::getline(in, line)) {
            std::istringstream ss(line);
            std::string path, family;
            std::getline(ss, path, '\t');
            std::getline(ss, family, '\t');
            if (path.size() > 4 && path.substr(path.size() - 4) == ".dot")
                continue;
            couler::problems ps;
            auto wf = couler::workload::load(shared + "/workloads/" + path, ps);
            if (!ps.empty()) {
                std::cerr << path << ": " << ps.front().to_string() << "\n";
                return 1;
            }
            loads.push_back({path, family, true, std::move(wf)});
        }
    }
    for (auto sc : couler::workload::all_scenarios)
        loads.push_back({"scenario:" + std::string(couler::workload::to_string(sc)), "scenario", false,
                         couler::workload::generate(sc)});

    std::vector<row> rows;
    for (const auto& w : loads) {
        couler::problems ps;
        auto m = cache::make_model(w.wf, ps);
        auto p = cache::make_plan(m, slots);
        const std::uint64_t inter = m.intermediate_bytes();
        std::vector<std::pair<std::string, std::uint64_t>> caps;
        if (w.shared)
            for (int pct : {10, 20, 30, 50})
                caps.emplace_back(std::to_string(pct) + "%", std::uint64_t(double(inter) * pct / 100.0));
        else
            for (int gb : {10, 20, 30})
                caps.emplace_back(std::to_string(gb) + "GB", std::uint64_t(gb) * 1000000000ull);
        for (const auto& [label, cap] : caps)
            for (auto name : cache::policy_names) {
                auto pol = cache::make_policy(name, m, p);
                cache::sim_options o;
                o.capacity_bytes = cap;
                auto t0 = std::chrono::steady_clock::now();
                auto r = cache::simulate(m, p, *pol, o);
                double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
                rows.push_back({w.name, w.family, label, std::string(name), w.shared, cap, inter, std::move(r), ms});
            }
        std::cerr << "." << std::flush;
    }
    std::cerr << "\n";

    // Timing on the composite: 1 warm-up, 5 trials, per policy at 20 %.
    std::map<std::string, std::vector<double>> times;
    for (const auto& w : loads) {
        if (w.family != "composite")
            continue;
        couler::problems ps;
        auto m = cache::make_model(w.wf, ps);
        auto p = cache::make_plan(m, slots);
        for (auto name : cache::policy_names)
            for (int trial = 0; trial < 6; ++trial) {
                auto pol = cache::make_policy(name, m, p);
                cache::sim_options o;
                o.capacity_bytes = m.intermediate_bytes() / 5;
                auto t0 = std::chrono::steady_clock::now();
                auto r = cache::simulate(m, p, *pol, o);
                double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
                if (trial > 0)
                    times[std::string(name)].push_back(ms);
            }
    }

    // CSV.
    {
        std::ofstream csv(out + "/cache_policies.csv");
        csv << "workload,family,capacity,capacity_bytes,intermediate_bytes,policy,reads,hits,hit_ratio,byte_hit_ratio,"
               "bytes_moved,transfer_seconds,recompute_seconds,miss_cost,makespan_seconds,planned_makespan_seconds,"
               "peak_cache_bytes,evictions,refusals,simulation_ms\n";
        for (const auto& x : rows)
            csv << x.workload << "," << x.family << "," << x.capacity_label << "," << x.capacity << ","
                << x.intermediate << "," << x.policy << "," << x.r.reads << "," << x.r.hits << ","
                << x.r.hit_ratio() << "," << x.r.byte_hit_ratio() << "," << x.r.bytes_moved << ","
                << x.r.transfer_seconds << "," << x.r.recompute_seconds << "," << x.r.miss_cost << ","
                << x.r.makespan_seconds << "," << x.r.planned_makespan_seconds << "," << x.r.peak_cache_bytes << ","
                << x.r.evictions << "," << x.r.refusals << "," << x.ms << "\n";
    }

    // Cells: (workload, capacity) -> policy -> row.
    std::map<std::pair<std::string, std::string>, std::map<std::string, const row*>> cells;
    std::vector<std::pair<std::string, std::string>> cell_order;
    for (const auto& x : rows) {
        auto key = std::make_pair(x.workload, x.capacity_label);
        if (!cells.count(key))
            cell_order.push_back(key);
        cells[key][x.policy] = &x;
    }
    auto tol = [](double a) { return 1e-9 * std::max(1.0, std::abs(a)); };
    std::size_t shared_cells = 0, wins = 0, strict_wins = 0, all_zero = 0;
    double ratio_sum = 0;
    std::size_t ratio_n = 0, belady_zero_couler_not = 0;
    std::map<std::string, std::size_t> best_count; // online policy with the lowest cost (ties: all)
    std::map<std::string, std::vector<std::string>> losses;
    for (const auto& key : cell_order) {
        const auto& c = cells[key];
        if (!c.begin()->second->shared)
            continue;
        ++shared_cells;
        double mine = c.at("couler")->r.miss_cost;
        double best_other = 1e300;
        std::string best_name;
        for (const auto& [n, x] : c)
            if (!cache::is_offline(n) && n != "couler" && x->r.miss_cost < best_other) {
                best_other = x->r.miss_cost;
                best_name = n;
            }
        double best_online = std::min(mine, best_other);
        for (const auto& [n, x] : c)
            if (!cache::is_offline(n) && x->r.miss_cost <= best_online + tol(best_online))
                ++best_count[n];
        if (mine <= best_other + tol(best_other)) {
            ++wins;
            if (mine < best_other - tol(best_other))
                ++strict_wins;
            if (mine == 0 && best_other == 0)
                ++all_zero;
        } else {
            losses[key.first + " @ " + key.second].push_back(best_name + " " + fmt(best_other) + " s vs couler " +
                                                             fmt(mine) + " s");
        }
        double bel = c.at("belady")->r.miss_cost;
        if (bel > 0) {
            ratio_sum += mine / bel;
            ++ratio_n;
        } else if (mine > 0) {
            ++belady_zero_couler_not;
        } else {
            ratio_sum += 1;
            ++ratio_n;
        }
    }

    // Per capacity: mean over shared workloads of cost normalised by the no-cache cost, and
    // mean hit ratio, per policy (what the plots show).
    std::vector<std::string> cap_labels{"10%", "20%", "30%", "50%"};
    std::map<std::string, std::map<std::string, std::pair<double, std::size_t>>> norm_cost, hit;
    std::map<std::string, double> no_cache; // workload -> miss cost with no cache
    for (const auto& w : loads) {
        if (!w.shared)
            continue;
        couler::problems ps;
        auto m = cache::make_model(w.wf, ps);
        auto p = cache::make_plan(m, slots);
        cache::lru_policy none;
        cache::sim_options zero;
        no_cache[w.name] = cache::simulate(m, p, none, zero).miss_cost;
    }
    for (const auto& x : rows) {
        if (!x.shared)
            continue;
        double base = no_cache[x.workload];
        if (base <= 0)
            continue;
        auto& nc = norm_cost[x.capacity_label][x.policy];
        nc.first += x.r.miss_cost / base;
        ++nc.second;
        auto& h = hit[x.capacity_label][x.policy];
        h.first += x.r.hit_ratio();
        ++h.second;
    }

    std::ofstream md(out + "/cache_policies.md");
    md << "# Cache policies: results\n\n";
    md << "Generated by `bench_cache_policies` (benchmarks/cache_policies/main.cpp); see docs/benchmarks.md for\n"
          "the command. Simulator settings: "
       << slots
       << " slots, remote bandwidth 125 MB/s, a miss is re-fetched or recomputed, whichever is cheaper.\n"
          "Cost = miss cost (transfer + recompute seconds). Raw figures: cache_policies.csv.\n\n";
    md << "## Goals\n\n";
    md << "- Cells of ../shared/workloads (workload x capacity): " << shared_cells << "\n";
    md << "- `couler` has the lowest cost of all online policies (ties included) in " << wins << " cells ("
       << fmt(100.0 * double(wins) / double(std::max<std::size_t>(shared_cells, 1)), 1) << " %; goal >= 80 %); strictly lowest in "
       << strict_wins << "; " << all_zero << " cells are zero-cost for every online policy.\n";
    md << "- Mean of couler / belady cost: " << fmt(ratio_n ? ratio_sum / double(ratio_n) : 0, 3) << " over " << ratio_n
       << " cells (goal <= 1.25; cells where both are 0 count as 1); cells where belady is 0 and couler is not: "
       << belady_zero_couler_not << ".\n\n";
    md << "Cells in which each online policy is (one of) the cheapest:\n\n| policy | cells |\n|---|---|\n";
    for (auto n : cache::policy_names)
        if (!cache::is_offline(n))
            md << "| " << n << " | " << best_count[std::string(n)] << " |\n";
    md << "\n## Mean cost relative to no cache, and mean hit ratio (shared workloads with a non-zero no-cache cost)\n\n";
    md << "| capacity |";
    for (auto n : cache::policy_names)
        md << " " << n << " |";
    md << "\n|---|";
    for (std::size_t i = 0; i < cache::policy_names.size(); ++i)
        md << "---|";
    md << "\n";
    for (const auto& cap : cap_labels) {
        md << "| " << cap << " cost |";
        for (auto n : cache::policy_names) {
            auto v = norm_cost[cap][std::string(n)];
            md << " " << fmt(v.second ? v.first / double(v.second) : 0) << " |";
        }
        md << "\n| " << cap << " hit |";
        for (auto n : cache::policy_names) {
            auto v = hit[cap][std::string(n)];
            md << " " << fmt(v.second ? v.first / double(v.second) : 0) << " |";
        }
        md << "\n";
    }
    md << "\n## Simulator time on the 11k-task composite (20 %, ms: median [min, max] of 5 after a warm-up)\n\n"
          "| policy | median | min | max |\n|---|---|---|---|\n";
    for (auto n : cache::policy_names) {
        auto v = times[std::string(n)];
        if (v.empty())
            continue;
        md << "| " << n << " | " << fmt(median(v), 1) << " | " << fmt(*std::min_element(v.begin(), v.end()), 1) << " | "
           << fmt(*std::max_element(v.begin(), v.end()), 1) << " |\n";
    }
    md << "\n## Cells where couler is not the cheapest online policy\n\n";
    if (losses.empty())
        md << "None.\n";
    for (const auto& [cell, why] : losses)
        md << "- " << cell << ": " << why.front() << "\n";
    md << "\n## Every cell: miss cost in seconds (lowest online in bold)\n\n| workload | capacity |";
    for (auto n : cache::policy_names)
        md << " " << n << " |";
    md << "\n|---|---|";
    for (std::size_t i = 0; i < cache::policy_names.size(); ++i)
        md << "---|";
    md << "\n";
    for (const auto& key : cell_order) {
        const auto& c = cells[key];
        double best = 1e300;
        for (const auto& [n, x] : c)
            if (!cache::is_offline(n))
                best = std::min(best, x->r.miss_cost);
        md << "| " << key.first << " | " << key.second << " |";
        for (auto n : cache::policy_names) {
            double v = c.at(std::string(n))->r.miss_cost;
            bool b = !cache::is_offline(n) && v <= best + tol(best);
            md << " " << (b ? "**" : "") << fmt(v, 2) << (b ? "**" : "") << " |";
        }
        md << "\n";
    }

    // Plots with gnuplot, if present.
    {
        std::ofstream dat(out + "/cache_policies_plot.dat");
        dat << "# capacity";
        for (auto n : cache::policy_names)
            dat << " " << n << "_cost";
        for (auto n : cache::policy_names)
            dat << " " << n << "_hit";
        dat << "\n";
        for (const auto& cap : cap_labels) {
            dat << cap;
            for (auto n : cache::policy_names) {
                auto v = norm_cost[cap][std::string(n)];
                dat << " " << (v.second ? v.first / double(v.second) : 0);
            }
            for (auto n : cache::policy_names) {
                auto v = hit[cap][std::string(n)];
                dat << " " << (v.second ? v.first / double(v.second) : 0);
            }
            dat << "\n";
        }
    }
    {
        std::ofstream gp(out + "/cache_policies_plot.gp");
        gp << "set terminal svg size 800,480 dynamic font 'sans,11'\nset datafile separator ' '\n"
              "set key outside right\nset grid ytics\nset xlabel 'cache capacity (share of intermediate bytes)'\n";
        gp << "set output 'cache_policies_cost.svg'\nset ylabel 'miss cost / miss cost without cache (mean)'\n"
           << "set title 'Cache policies on ../shared/workloads: miss cost'\nplot ";
        for (std::size_t i = 0; i < cache::policy_names.size(); ++i)
            gp << (i ? ", " : "") << "'cache_policies_plot.dat' using 0:" << i + 2
               << ":xtic(1) with linespoints title '" << cache::policy_names[i] << "'";
        gp << "\nset output 'cache_policies_hit.svg'\nset ylabel 'hit ratio (mean)'\n"
           << "set title 'Cache policies on ../shared/workloads: hit ratio'\nplot ";
        for (std::size_t i = 0; i < cache::policy_names.size(); ++i)
            gp << (i ? ", " : "") << "'cache_policies_plot.dat' using 0:"
               << i + 2 + cache::policy_names.size() << ":xtic(1) with linespoints title '" << cache::policy_names[i]
               << "'";
        gp << "\n";
    }
    // The script names its files relative to docs/, so it can be rerun there by hand.
    std::string cmd = "cd '" + out + "' && gnuplot cache_policies_plot.gp";
    if (std::system("command -v gnuplot >/dev/null 2>&1") == 0 && std::system(cmd.c_str()) != 0)
        std::cerr << "gnuplot failed\n";

    std::cout << "cells " << shared_cells << " couler lowest " << wins << " (" << fmt(100.0 * double(wins) / double(std::max<std::size_t>(shared_cells, 1)), 1)
              << " %), mean couler/belady " << fmt(ratio_n ? ratio_sum / double(ratio_n) : 0) << "\n";
    for (auto n : cache::policy_names) {
        auto v = times[std::string(n)];
        if (!v.empty())
            std::cout << "composite " << n << " median " << fmt(median(v), 1) << " ms\n";
    }
    return 0;
}
