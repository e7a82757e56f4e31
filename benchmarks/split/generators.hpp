// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Generated DAGs for the splitting benchmarks: layered, random and fan-out/fan-in, with
// step bytes, shared templates (groups) and run times drawn from a fixed seed.
#ifndef COULER_BENCHMARKS_SPLIT_GENERATORS_HPP
#define COULER_BENCHMARKS_SPLIT_GENERATORS_HPP

#include <couler/optimize/split/dag.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace split_bench {

namespace sp = couler::split;

// Weights like the IR extraction gives a typical container step: ~150-350 bytes of DAG task,
// one of 8 shared templates of ~400 bytes, a run time of 1-100 s.
inline void weigh(sp::dag& g, std::mt19937_64& rng)
{
    std::uniform_int_distribution<std::uint64_t> bytes(150, 350);
    std::uniform_int_distribution<std::uint32_t> tmpl(0, 7);
    std::uniform_real_distribution<double> cost(1.0, 100.0);
    g.group_bytes.assign(8, 400);
    for (std::size_t v = 0; v < g.size(); ++v) {
        g.bytes[v] = bytes(rng);
        g.group[v] = tmpl(rng);
        g.cost[v] = cost(rng);
    }
}

// Layers of `width` steps; each step depends on 3 random steps of the previous layer.
inline sp::dag layered(std::size_t n, std::uint64_t seed, std::size_t width = 100)
{
    std::mt19937_64 rng(seed);
    std::vector<std::pair<sp::vid, sp::vid>> e;
    e.reserve(3 * n);
    for (std::size_t v = width; v < n; ++v) {
        std::size_t layer = v / width;
        std::uniform_int_distribution<std::size_t> prev((layer - 1) * width, layer * width - 1);
        std::size_t a = prev(rng), b = prev(rng), c = prev(rng);
        e.emplace_back(static_cast<sp::vid>(a), static_cast<sp::vid>(v));
        if (b != a)
            e.emplace_back(static_cast<sp::vid>(b), static_cast<sp::vid>(v));
        if (c != a && c != b)
            e.emplace_back(static_cast<sp::vid>(c), static_cast<sp::vid>(v));
    }
    auto g = sp::dag::from_edges(n, e);
    weigh(g, rng);
    return g;
}

// Each step depends on 2 earlier steps: one nearby (within 1000) and one anywhere before it.
inline sp::dag random(std::size_t n, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::vector<std::pair<sp::vid, sp::vid>> e;
    e.reserve(2 * n);
    for (std::size_t v = 1; v < n; ++v) {
        std::uniform_int_distribution<std::size_t> near(v > 1000 ? v - 1000 : 0, v - 1), any(0, v - 1);
        std::size_t a = near(rng), b = any(rng);
        e.emplace_back(static_cast<sp::vid>(a), static_cast<sp::vid>(v));
        if (b != a)
            e.emplace_back(static_cast<sp::vid>(b), static_cast<sp::vid>(v));
    }
    auto g = sp::dag::from_edges(n, e);
    weigh(g, rng);
    return g;
}

// Map-reduce stages: a source fans out to `fan` workers that fan in to a sink, which is the
// next stage's source (the shape of Couler's map / concurrent steps).
inline sp::dag fan(std::size_t n, std::uint64_t seed, std::size_t fan_width = 500)
{
    std::mt19937_64 rng(seed);
    std::vector<std::pair<sp::vid, sp::vid>> e;
    e.reserve(2 * n);
    std::size_t src = 0, v = 1;
    while (v < n) {
        std::size_t k = std::min(fan_width, n - v);
        if (k <= 1) {
            e.emplace_back(static_cast<sp::vid>(src), static_cast<sp::vid>(v));
            ++v;
            continue;
        }
        std::size_t sink = v + k - 1;
        for (std::size_t i = v; i < sink; ++i) {
            e.emplace_back(static_cast<sp::vid>(src), static_cast<sp::vid>(i));
            e.emplace_back(static_cast<sp::vid>(i), static_cast<sp::vid>(sink));
        }
        src = sink;
        v = sink + 1;
    }
    auto g = sp::dag::from_edges(n, e);
    weigh(g, rng);
    return g;
}

inline sp::dag generate(const std::string& shape, std::size_t n, std::uint64_t seed)
{
    if (shape == "layered")
        return layered(n, seed);
    if (shape == "random")
        return random(n, seed);
    return fan(n, seed);
}

} // namespace split_bench

#endif
