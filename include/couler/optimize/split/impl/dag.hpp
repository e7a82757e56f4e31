// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_SPLIT_IMPL_DAG_HPP
#define COULER_OPTIMIZE_SPLIT_IMPL_DAG_HPP

namespace couler {
namespace split {

COULER_INLINE dag dag::from_edges(std::size_t n, const std::vector<std::pair<vid, vid>>& edges)
{
    dag g;
    g.bytes.assign(n, 1);
    g.pods.assign(n, 1);
    g.cost.assign(n, 1.0);
    g.group.assign(n, no_group);
    g.out_begin.assign(n + 1, 0);
    g.in_begin.assign(n + 1, 0);
    for (auto [u, v] : edges) {
        ++g.out_begin[u + 1];
        ++g.in_begin[v + 1];
    }
    for (std::size_t v = 0; v < n; ++v) {
        g.out_begin[v + 1] += g.out_begin[v];
        g.in_begin[v + 1] += g.in_begin[v];
    }
    g.out.resize(edges.size());
    g.in.resize(edges.size());
    std::vector<std::uint32_t> po(g.out_begin.begin(), g.out_begin.end() - 1);
    std::vector<std::uint32_t> pi(g.in_begin.begin(), g.in_begin.end() - 1);
    for (auto [u, v] : edges) {
        g.out[po[u]++] = v;
        g.in[pi[v]++] = u;
    }
    return g;
}

} // namespace split
} // namespace couler

#endif
