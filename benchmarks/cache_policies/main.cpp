// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Cache-policy benchmark: every policy x workload x capacity (10, 20, 30, 50 % of the
// workload's intermediate bytes; 10, 20, 30 GB for the paper's scenarios) x estimate error
// sigma in {0, 0.25, 0.5, 1} (seeds 1..3 for sigma > 0). Online policies know estimated run
// times; the run uses the actual ones (optimize/cache/evaluation.hpp); belady gets the actual
// trace; every cell also gets the lower bound on any policy's miss cost (lower_bound.hpp).
// Writes
//   docs/cache_policies.csv   one row per run, full precision
//   docs/cache_policies.md    per sigma: share of cells where each online policy is cheapest,
//                             mean ratio to the bound; goal figures; every cell
//   docs/cache_policies_plot.{dat,gp}, docs/cache_policies_ratio.svg  (gnuplot, if installed)
// and times the simulator and the bound on the 11k-task composite (median of 5, min and max).
//
// Usage: bench_cache_policies [--shared DIR] [--out DIR] [--slots P] [--seeds N]

#include <couler/engine/process.hpp>
#include <couler/optimize/cache/evaluation.hpp>
#include <couler/workload/load.hpp>
#include <couler/workload/scenarios.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace cache = couler::cache;

namespace {

const std::vector<double> sigmas{0.0, 0.25, 0.5, 1.0};

struct row {
    std::string workload, family, capacity_label, policy;
    bool shared = true; // part of ../shared/workloads (the goal's cells)
    std::uint64_t capacity = 0, intermediate = 0;
    double sigma = 0;
    std::uint64_t seed = 0;
    cache::sim_result r;
    double lower_bound = 0;
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

std::string pct(std::size_t k, std::size_t n) { return fmt(n ? 100.0 * double(k) / double(n) : 0, 1) + " %"; }

// Runs gnuplot on `script` in `dir` with an argv (no shell); false if it is missing or fails.
bool run_gnuplot(const std::string& dir, const std::string& script)
{
    namespace eng = couler::engine;
    std::string exe = eng::resolve_in_path("gnuplot");
    if (exe.empty())
        return false;
    eng::process_spec spec;
    spec.argv = {"gnuplot", script};
    spec.program = exe;
    spec.env = eng::current_environment();
    spec.cwd = dir;
    spec.capture = true;
    std::error_code ec;
    std::vector<eng::child> running{eng::spawn_process(spec, ec)};
    if (ec)
        return false;
    while (!running.empty())
        for (const auto& x : eng::wait_any(running, -1)) {
            if (!x.err.empty())
                std::cerr << x.err;
            if (x.exit_code != 0)
                return false;
        }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    std::string shared = COULER_SHARED_DIR, out = std::string(COULER_SOURCE_DIR) + "/docs";
    std::size_t slots = 4, seeds = 3;
    for (int i = 1; i < argc; i += 2) {
        std::string a = argv[i];
        if (i + 1 >= argc) {
            std::cerr << "bench_cache_policies: " << a << " needs a value\n";
            return 2;
        }
        if (a == "--shared")
            shared = argv[i + 1];
        else if (a == "--out")
            out = argv[i + 1];
        else if (a == "--slots" || a == "--seeds") {
            std::size_t used = 0;
            unsigned long v = 0;
            try {
                v = std::stoul(argv[i + 1], &used);
            } catch (...) {
                used = 0;
            }
            if (used == 0 || argv[i + 1][used] != '\0' || v == 0) {
                std::cerr << "bench_cache_policies: " << a << " '" << argv[i + 1] << "' is not a positive integer\n";
                return 2;
            }
            (a == "--slots" ? slots : seeds) = v;
        } else {
            std::cerr << "bench_cache_policies: unknown option '" << a << "'\n";
            return 2;
        }
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
    std::map<std::pair<std::string, std::string>, cache::bound_result> bounds; // (workload, capacity)
    for (const auto& w : loads) {
        couler::problems ps;
        auto m = cache::make_model(w.wf, ps);
        const std::uint64_t inter = m.intermediate_bytes();
        std::vector<std::pair<std::string, std::uint64_t>> caps;
        if (w.shared)
            for (int pct : {10, 20, 30, 50})
                caps.emplace_back(std::to_string(pct) + "%", std::uint64_t(double(inter) * pct / 100.0));
        else
            for (int gb : {10, 20, 30})
                caps.emplace_back(std::to_string(gb) + "GB", std::uint64_t(gb) * 1000000000ull);
        for (double sigma : sigmas) {
            const std::uint64_t n_seeds = sigma == 0 ? 1 : seeds;
            for (std::uint64_t seed = sigma == 0 ? 0 : 1; seed < (sigma == 0 ? 1 : n_seeds + 1); ++seed) {
                cache::evaluation ev(m, slots, sigma, seed);
                for (const auto& [label, cap] : caps) {
                    cache::sim_options o;
                    o.capacity_bytes = cap;
                    auto key = std::make_pair(w.name, label);
                    if (!bounds.count(key)) // the bound and belady see the actual trace: the same for every sigma
                        bounds[key] = ev.lower_bound(o);
                    const double lb = bounds[key].miss_cost;
                    for (auto name : cache::policy_names) {
                        if (cache::is_offline(name) && sigma != 0)
                            continue;
                        auto t0 = std::chrono::steady_clock::now();
                        auto r = ev.run(name, o);
                        double ms =
                            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
                        rows.push_back({w.name, w.family, label, std::string(name), w.shared, cap, inter, sigma, seed,
                                        std::move(r), lb, ms});
                    }
                }
            }
        }
        std::cerr << "." << std::flush;
    }
    std::cerr << "\n";

    // Timing on the composite: 1 warm-up, 5 trials, per policy at 20 %, sigma 0; and the bound.
    std::map<std::string, std::vector<double>> times;
    for (const auto& w : loads) {
        if (w.family != "composite")
            continue;
        couler::problems ps;
        auto m = cache::make_model(w.wf, ps);
        cache::evaluation ev(m, slots);
        cache::sim_options o;
        o.capacity_bytes = m.intermediate_bytes() / 5;
        for (int trial = 0; trial < 6; ++trial) {
            for (auto name : cache::policy_names) {
                auto t0 = std::chrono::steady_clock::now();
                ev.run(name, o);
                double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
                if (trial > 0)
                    times[std::string(name)].push_back(ms);
            }
            auto t0 = std::chrono::steady_clock::now();
            ev.lower_bound(o);
            double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
            if (trial > 0)
                times["lower bound"].push_back(ms);
        }
    }

    // CSV, with every digit a double holds: equal figures are equal runs.
    {
        std::ofstream csv(out + "/cache_policies.csv");
        csv << std::setprecision(std::numeric_limits<double>::max_digits10);
        csv << "workload,family,capacity,capacity_bytes,intermediate_bytes,sigma,seed,policy,reads,hits,hit_ratio,"
               "byte_hit_ratio,bytes_moved,transfer_seconds,recompute_seconds,miss_cost,lower_bound,makespan_seconds,"
               "planned_makespan_seconds,peak_cache_bytes,evictions,refusals,simulation_ms\n";
        for (const auto& x : rows)
            csv << x.workload << "," << x.family << "," << x.capacity_label << "," << x.capacity << "," << x.intermediate
                << "," << x.sigma << "," << x.seed << "," << x.policy << "," << x.r.reads << "," << x.r.hits << ","
                << x.r.hit_ratio() << "," << x.r.byte_hit_ratio() << "," << x.r.bytes_moved << ","
                << x.r.transfer_seconds << "," << x.r.recompute_seconds << "," << x.r.miss_cost << "," << x.lower_bound
                << "," << x.r.makespan_seconds << "," << x.r.planned_makespan_seconds << "," << x.r.peak_cache_bytes
                << "," << x.r.evictions << "," << x.r.refusals << "," << x.ms << "\n";
    }

    // Samples: (workload, capacity, sigma, seed) -> policy -> row. Belady's row (sigma 0) is
    // joined to every sample of its cell.
    using sample_key = std::tuple<std::string, std::string, double, std::uint64_t>;
    std::map<sample_key, std::map<std::string, const row*>> samples;
    std::map<std::pair<std::string, std::string>, const row*> belady;
    std::vector<std::pair<std::string, std::string>> cell_order;
    for (const auto& x : rows) {
        auto cell = std::make_pair(x.workload, x.capacity_label);
        if (cache::is_offline(x.policy)) {
            belady[cell] = &x;
            cell_order.push_back(cell);
            continue;
        }
        samples[{x.workload, x.capacity_label, x.sigma, x.seed}][x.policy] = &x;
    }

    // Per sigma and policy: cells where it is cheapest among online policies (ties: every tied
    // one), mean ratio to the bound (cells with a positive bound), cells with a zero bound and
    // a positive cost; per capacity, the mean ratio for the plot.
    struct tally {
        std::size_t samples = 0, lowest = 0, strictly = 0, ratio_n = 0, unbounded = 0;
        double ratio_sum = 0;
        std::map<std::string, std::pair<double, std::size_t>> by_cap;
    };
    std::map<double, std::map<std::string, tally>> t;
    std::map<double, std::vector<std::string>> couler_losses;
    std::map<double, std::size_t> all_zero;
    for (const auto& [k, c] : samples) {
        const auto& [wl, cap, sigma, seed] = k;
        const row* any = c.begin()->second;
        if (!any->shared)
            continue;
        const double lb = any->lower_bound;
        std::vector<std::pair<std::string, const row*>> pol(c.begin(), c.end());
        pol.emplace_back("belady", belady.at({wl, cap}));
        double best = std::numeric_limits<double>::infinity();
        for (const auto& [n, x] : c)
            best = std::min(best, x->r.miss_cost);
        std::size_t n_best = 0;
        for (const auto& [n, x] : c)
            n_best += x->r.miss_cost == best;
        all_zero[sigma] += best == 0 && n_best == c.size();
        for (const auto& [n, x] : pol) {
            auto& s = t[sigma][n];
            ++s.samples;
            const double cost = x->r.miss_cost;
            if (n != "belady" && cost == best) {
                ++s.lowest;
                s.strictly += n_best == 1;
            }
            if (lb > 0 || cost == 0) {
                double ratio = lb > 0 ? cost / lb : 1.0;
                s.ratio_sum += ratio;
                ++s.ratio_n;
                s.by_cap[cap].first += ratio;
                ++s.by_cap[cap].second;
            } else {
                ++s.unbounded;
            }
        }
        const double mine = c.at("couler")->r.miss_cost;
        if (mine > best) {
            std::string who;
            for (const auto& [n, x] : c)
                if (x->r.miss_cost == best)
                    who += (who.empty() ? "" : "/") + n;
            couler_losses[sigma].push_back(wl + " @ " + cap + (sigma > 0 ? " seed " + std::to_string(seed) : "") +
                                           ": " + who + " " + fmt(best, 4) + " s vs couler " + fmt(mine, 4) +
                                           " s (bound " + fmt(lb, 4) + " s)");
        }
    }
    // The bound itself: how far the subgradient steps move it from PFOO-L.
    std::size_t bound_cells = 0, bound_positive = 0;
    double pfoo_share = 0;
    for (const auto& [cell, b] : bounds) {
        if (cell.first.rfind("scenario:", 0) == 0)
            continue;
        ++bound_cells;
        if (b.miss_cost > 0) {
            ++bound_positive;
            pfoo_share += b.pfoo_l / b.miss_cost;
        }
    }

    const std::vector<std::string> cap_labels{"10%", "20%", "30%", "50%"};
    std::vector<std::string> shown;
    for (auto n : cache::policy_names)
        shown.emplace_back(n);

    std::ofstream md(out + "/cache_policies.md");
    md << "# Cache policies: results\n\n";
    md << "Generated by `bench_cache_policies` (benchmarks/cache_policies/main.cpp); see docs/benchmarks.md for\n"
          "the command. Setting (optimize/cache/evaluation.hpp): "
       << slots
       << " slots, remote bandwidth 125 MB/s, a miss is re-fetched or recomputed, whichever is\n"
          "cheaper. The run is simulated with the workload's actual run times, dispatching as tasks finish.\n"
          "Online policies know only estimates, actual x exp(sigma Z) with Z standard normal per task, "
          "seeds 1.."
       << seeds
       << " for\nsigma > 0; `belady` (offline) is given the actual trace and does not depend on sigma. Cost = miss cost\n"
          "(transfer + recompute seconds). Ratio = cost / lower bound on any policy's cost (lower_bound.hpp).\n"
          "A sample is one (workload, capacity, seed); ties count for every tied policy, compared exactly\n"
          "(cache_policies.csv has 17 significant digits).\n\n";
    const std::size_t cells = cell_order.size();
    std::size_t shared_cells = 0;
    for (const auto& c : cell_order)
        shared_cells += belady.at(c)->shared;
    md << "Cells of ../shared/workloads (workload x capacity): " << shared_cells << ". Lower bound positive in "
       << bound_positive << " of " << bound_cells << "; where it is, PFOO-L alone reaches on average "
       << fmt(bound_positive ? pfoo_share / double(bound_positive) : 0, 3) << " of it.\n\n";
    (void)cells;

    md << "## Goals (sigma = 0.5)\n\n";
    {
        const auto& c = t[0.5]["couler"];
        md << "- `couler` lowest among online policies in " << c.lowest << " of " << c.samples << " samples ("
           << pct(c.lowest, c.samples) << "; goal >= 80 %), strictly lowest in " << c.strictly << "; "
           << all_zero[0.5] << " samples cost 0 for every online policy.\n";
        md << "- Mean couler / lower bound: " << fmt(c.ratio_n ? c.ratio_sum / double(c.ratio_n) : 0) << " over "
           << c.ratio_n << " samples (goal <= 1.3; a sample with bound 0 and cost 0 counts as 1); samples with bound 0 "
           << "and a positive cost: " << c.unbounded << ".\n\n";
    }
    for (double sigma : sigmas) {
        md << "## sigma = " << sigma << "\n\n";
        md << "| policy | cheapest online (samples) | share | strictly | mean ratio to bound | bound 0, cost > 0 |\n"
              "|---|---|---|---|---|---|\n";
        for (const auto& n : shown) {
            const auto& s = t[sigma][n];
            md << "| " << n << " | " << (n == "belady" ? "-" : std::to_string(s.lowest) + " / " + std::to_string(s.samples))
               << " | " << (n == "belady" ? "-" : pct(s.lowest, s.samples)) << " | "
               << (n == "belady" ? "-" : std::to_string(s.strictly)) << " | "
               << fmt(s.ratio_n ? s.ratio_sum / double(s.ratio_n) : 0) << " | " << s.unbounded << " |\n";
        }
        md << "\nMean ratio to the bound by capacity:\n\n| capacity |";
        for (const auto& n : shown)
            md << " " << n << " |";
        md << "\n|---|";
        for (std::size_t i = 0; i < shown.size(); ++i)
            md << "---|";
        md << "\n";
        for (const auto& cap : cap_labels) {
            md << "| " << cap << " |";
            for (const auto& n : shown) {
                auto v = t[sigma][n].by_cap[cap];
                md << " " << fmt(v.second ? v.first / double(v.second) : 0) << " |";
            }
            md << "\n";
        }
        md << "\n";
    }
    md << "## Simulator and bound time on the 11k-task composite (20 %, sigma 0, ms: median [min, max] of 5 after a "
          "warm-up)\n\n| what | median | min | max |\n|---|---|---|---|\n";
    for (const auto& [n, v] : times)
        md << "| " << n << " | " << fmt(median(v), 1) << " | " << fmt(*std::min_element(v.begin(), v.end()), 1) << " | "
           << fmt(*std::max_element(v.begin(), v.end()), 1) << " |\n";
    for (double sigma : {0.0, 0.5}) {
        md << "\n## Samples where couler is not the cheapest online policy, sigma = " << sigma << "\n\n";
        if (couler_losses[sigma].empty())
            md << "None.\n";
        for (const auto& l : couler_losses[sigma])
            md << "- " << l << "\n";
    }
    // Every cell at sigma 0 and the seed mean at sigma 0.5.
    for (double sigma : {0.0, 0.5}) {
        md << "\n## Every cell, sigma = " << sigma << (sigma > 0 ? " (mean over seeds)" : "")
           << ": miss cost in seconds (lowest online in bold)\n\n| workload | capacity | bound |";
        for (const auto& n : shown)
            md << " " << n << " |";
        md << "\n|---|---|---|";
        for (std::size_t i = 0; i < shown.size(); ++i)
            md << "---|";
        md << "\n";
        for (const auto& cell : cell_order) {
            std::map<std::string, double> mean;
            std::size_t n_seeds = 0;
            for (const auto& [k, c] : samples)
                if (std::get<0>(k) == cell.first && std::get<1>(k) == cell.second && std::get<2>(k) == sigma) {
                    ++n_seeds;
                    for (const auto& [n, x] : c)
                        mean[n] += x->r.miss_cost;
                }
            double best = std::numeric_limits<double>::infinity();
            for (auto& [n, v] : mean) {
                v /= double(std::max<std::size_t>(n_seeds, 1));
                best = std::min(best, v);
            }
            mean["belady"] = belady.at(cell)->r.miss_cost;
            md << "| " << cell.first << " | " << cell.second << " | " << fmt(bounds.at(cell).miss_cost, 2) << " |";
            for (const auto& n : shown) {
                double v = mean[n];
                bool b = n != "belady" && v == best;
                md << " " << (b ? "**" : "") << fmt(v, 2) << (b ? "**" : "") << " |";
            }
            md << "\n";
        }
    }

    // Plot: mean ratio to the bound per capacity, one panel per sigma.
    {
        std::ofstream dat(out + "/cache_policies_plot.dat");
        dat << "# sigma capacity";
        for (const auto& n : shown)
            dat << " " << n;
        dat << "\n";
        for (double sigma : sigmas) {
            for (const auto& cap : cap_labels) {
                dat << sigma << " " << cap;
                for (const auto& n : shown) {
                    auto v = t[sigma][n].by_cap[cap];
                    dat << " " << (v.second ? v.first / double(v.second) : 0);
                }
                dat << "\n";
            }
            dat << "\n\n"; // one gnuplot data block per sigma
        }
    }
    {
        std::ofstream gp(out + "/cache_policies_plot.gp");
        gp << "# Written by bench_cache_policies; run in docs/: gnuplot cache_policies_plot.gp\n"
              "set terminal svg size 1100,760 dynamic font 'sans,10'\nset output 'cache_policies_ratio.svg'\n"
              "set grid ytics\nset logscale y 2\nset key top right\n"
              "set multiplot layout 2,2 title 'Miss cost / lower bound (mean over cells; 1 = optimal)'\n";
        for (std::size_t s = 0; s < sigmas.size(); ++s) {
            gp << "set title 'estimate error sigma = " << sigmas[s]
               << "'\nset xlabel 'cache capacity (share of intermediate bytes)'\nplot ";
            for (std::size_t i = 0; i < shown.size(); ++i)
                gp << (i ? ", " : "") << "'cache_policies_plot.dat' index " << s << " using 0:" << i + 3
                   << ":xtic(2) with linespoints title '" << shown[i] << "'";
            gp << "\n";
        }
        gp << "unset multiplot\n";
    }
    if (!run_gnuplot(out, "cache_policies_plot.gp"))
        std::cerr << "gnuplot missing or failed: no SVG written\n";

    const auto& c5 = t[0.5]["couler"];
    std::cout << "sigma 0.5: couler lowest in " << c5.lowest << "/" << c5.samples << " (" << pct(c5.lowest, c5.samples)
              << "), mean couler/bound " << fmt(c5.ratio_n ? c5.ratio_sum / double(c5.ratio_n) : 0) << "\n";
    for (const auto& [n, v] : times)
        std::cout << "composite " << n << " median " << fmt(median(v), 1) << " ms\n";
    return 0;
}
