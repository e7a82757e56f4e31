// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_SPLIT_IMPL_PARTITION_HPP
#define COULER_OPTIMIZE_SPLIT_IMPL_PARTITION_HPP

#include <couler/optimize/split/detail/refine.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace couler {
namespace split {

COULER_INLINE const char* to_string(method m) noexcept
{
    switch (m) {
    case method::algorithm3: return "algorithm3";
    case method::topological_chunks: return "topo-chunks";
    case method::refined: return "refined";
    }
    return "refined";
}

COULER_INLINE bool from_string(const std::string& s, method& out) noexcept
{
    if (s == "algorithm3" || s == "dfs")
        out = method::algorithm3;
    else if (s == "topo-chunks" || s == "topological-chunks")
        out = method::topological_chunks;
    else if (s == "refined" || s == "ours")
        out = method::refined;
    else
        return false;
    return true;
}

COULER_INLINE partition algorithm3(const dag& g, const budget& b)
{
    const std::size_t n = g.size();
    partition out;
    out.part_of.assign(n, 0);
    if (n == 0)
        return out;
    std::vector<char> visited(n, 0);
    detail::group_stamps gs(g);
    std::uint32_t p = 0;
    std::uint64_t steps = 0, bytes = b.part_overhead_bytes, pods = 0, groups = 0;
    // lines 14-19: add v to Cand, or close Cand and start a new one with v
    auto place = [&](vid v) {
        std::uint64_t add = g.bytes[v] + gs.extra(g, v, p + 1), fresh = gs.fresh(g, v, p + 1);
        if (steps > 0 && (steps + 1 > b.max_steps || bytes + add > b.max_bytes || pods + g.pods[v] > b.max_pods ||
                          groups + fresh > b.max_groups)) {
            ++p;
            steps = 0;
            bytes = b.part_overhead_bytes;
            pods = 0;
            groups = 0;
            add = g.bytes[v] + gs.extra(g, v, p + 1);
            fresh = gs.fresh(g, v, p + 1);
        }
        gs.pay(g, v, p + 1);
        out.part_of[v] = p;
        ++steps;
        bytes += add;
        pods += g.pods[v];
        groups += fresh;
    };
    // lines 3-7 and 21-25: DFS in preorder, iteratively (a million-step chain must not overflow)
    std::vector<std::pair<vid, std::uint32_t>> stack;
    for (std::size_t root = 0; root < n; ++root) {
        if (visited[root])
            continue;
        visited[root] = 1;
        place(static_cast<vid>(root));
        stack.emplace_back(static_cast<vid>(root), g.out_begin[root]);
        while (!stack.empty()) {
            auto& [v, next] = stack.back();
            if (next == g.out_begin[v + 1]) {
                stack.pop_back();
                continue;
            }
            vid w = g.out[next++];
            if (!visited[w]) {
                visited[w] = 1;
                place(w);
                stack.emplace_back(w, g.out_begin[w]);
            }
        }
    }
    out.parts = p + 1;
    return out;
}

namespace detail {
// The daemon units of g, checked against the step budget.
COULER_INLINE units checked_units(const dag& g, const budget& b)
{
    units u = daemon_units(g);
    for (std::size_t x = 0; x < u.count; ++x)
        if (u.size[x] > b.max_steps)
            throw daemon_unit_too_big(u.daemon[x], u.size[x], b.max_steps);
    return u;
}
} // namespace detail

COULER_INLINE partition topological_chunks(const dag& g, const budget& b)
{
    partition out;
    auto u = detail::checked_units(g, b);
    auto order = detail::unit_topo_order(g, u, false);
    out.parts = detail::chunk(g, b, order, unlimited, out.part_of, &u);
    return out;
}

COULER_INLINE partition split_dag(const dag& g, const budget& b, const split_options& opt)
{
    const std::size_t n = g.size();
    partition best;
    if (n == 0)
        return best;
    std::size_t best_cut = 0, plain_parts = 0;
    std::vector<std::uint32_t> plain_part_of;
    bool have = false;
    std::vector<std::pair<partition, std::size_t>> cands;
    const auto glue = detail::checked_units(g, b);
    for (bool lifo : {false, true}) {
        auto order = detail::unit_topo_order(g, glue, lifo);
        std::vector<std::uint32_t> part_of;
        std::size_t k0 = detail::chunk(g, b, order, unlimited, part_of, &glue);
        if (!lifo) {
            plain_parts = k0;
            plain_part_of = part_of;
            partition plain; // plain chunking itself competes, so no objective ends worse than it
            plain.part_of = part_of;
            plain.parts = k0;
            cands.emplace_back(std::move(plain), detail::count_cut(g, part_of));
        }
        std::size_t k1 = k0 + static_cast<std::size_t>(std::floor(static_cast<double>(k0) * opt.slack));
        for (int even = 0; even < 2; ++even) {
            partition c;
            if (even) {
                if (k1 == k0)
                    break; // no room for a second, evener cut
                std::uint64_t soft = (n + k1 - 1) / k1;
                c.parts = detail::chunk(g, b, order, soft, c.part_of, &glue);
            } else {
                c.part_of = part_of;
                c.parts = k0;
            }
            // Only the even cut has room to move into: greedy parts are full, so refining them
            // would only spend time finding moves that do not fit.
            if (opt.refine && even && c.parts > 1) {
                detail::refiner r(g, b, c.part_of, c.parts, &glue);
                r.run(opt.passes);
                c.parts = detail::compact(c.part_of, c.parts);
            }
            if (opt.merge)
                c.parts = detail::merge_adjacent(g, b, c.part_of, c.parts);
            std::size_t cut = detail::count_cut(g, c.part_of);
            cands.emplace_back(std::move(c), cut);
        }
    }
    // Within max(plain count, 1.1 x lower bound) parts and no more cut than plain chunking
    // (candidate 0 refines plain chunking, so it bounds both), pick by the objective.
    std::size_t lb = b.max_steps == unlimited || b.max_steps == 0 ? 1 : (n + b.max_steps - 1) / b.max_steps;
    std::size_t allowed = std::max(plain_parts, static_cast<std::size_t>(std::floor(1.1 * static_cast<double>(lb))));
    const std::size_t plain_cut = detail::count_cut(g, plain_part_of);
    auto gorder = detail::topo_order(g, false);
    std::vector<double> cps(cands.size(), 0.0);
    double best_cp = -1;
    for (std::size_t i = 0; i < cands.size(); ++i) {
        cps[i] = detail::linear_quotient_critical_path(g, gorder, cands[i].first);
        if (cands[i].first.parts <= allowed && cands[i].second <= plain_cut && (best_cp < 0 || cps[i] < best_cp))
            best_cp = cps[i];
    }
    double best_score_cp = 0;
    for (std::size_t i = 0; i < cands.size(); ++i) {
        auto& [c, cut] = cands[i];
        if (c.parts > allowed || cut > plain_cut)
            continue;
        if (opt.goal == objective::balanced && cps[i] > 1.25 * best_cp + 1e-9)
            continue;
        bool better;
        if (!have)
            better = true;
        else if (opt.goal == objective::parallelism)
            better = cps[i] < best_score_cp || (cps[i] == best_score_cp && cut < best_cut);
        else
            better = cut < best_cut || (cut == best_cut && (cps[i] < best_score_cp ||
                                                             (cps[i] == best_score_cp && c.parts < best.parts)));
        if (better) {
            best = c;
            best_cut = cut;
            best_score_cp = cps[i];
            have = true;
        }
    }
    if (!have) // cannot happen (the FIFO greedy candidate has at most plain_parts), but stay total
        best = cands.front().first;
    // The invariant that makes the quotient acyclic: every edge points to the same or a later part.
    for (std::size_t v = 0; v < n; ++v) {
        auto [sb, se] = g.successors(static_cast<vid>(v));
        for (; sb != se; ++sb)
            if (best.part_of[*sb] < best.part_of[v])
                throw std::logic_error("couler::split: refinement broke the acyclic quotient (a bug)");
    }
    if (!glue.trivial()) {
        std::vector<std::uint32_t> at(glue.count, std::numeric_limits<std::uint32_t>::max());
        for (std::size_t v = 0; v < n; ++v) {
            auto& a = at[glue.of[v]];
            if (a == std::numeric_limits<std::uint32_t>::max())
                a = best.part_of[v];
            else if (a != best.part_of[v])
                throw std::logic_error("couler::split: a daemon unit was split across parts (a bug)");
        }
    }
    return best;
}

COULER_INLINE partition run(method m, const dag& g, const budget& b, const split_options& opt)
{
    switch (m) {
    case method::algorithm3: return algorithm3(g, b);
    case method::topological_chunks: return topological_chunks(g, b);
    case method::refined: break;
    }
    return split_dag(g, b, opt);
}

namespace detail {
// Vertices grouped by part (counting sort): members of p are m[begin[p] .. begin[p+1]).
COULER_INLINE void by_part(const dag& g, const partition& p, std::vector<std::uint32_t>& begin, std::vector<vid>& m)
{
    begin.assign(p.parts + 1, 0);
    for (auto q : p.part_of)
        ++begin[q + 1];
    for (std::size_t q = 0; q < p.parts; ++q)
        begin[q + 1] += begin[q];
    m.resize(g.size());
    std::vector<std::uint32_t> pos(begin.begin(), begin.end() - 1);
    for (std::size_t v = 0; v < g.size(); ++v)
        m[pos[p.part_of[v]]++] = static_cast<vid>(v);
}
} // namespace detail

COULER_INLINE quotient quotient_graph(const dag& g, const partition& p)
{
    quotient q;
    std::vector<std::uint32_t> begin;
    std::vector<vid> m;
    detail::by_part(g, p, begin, m);
    std::vector<std::uint32_t> stamp(p.parts, 0);
    q.out_begin.assign(p.parts + 1, 0);
    for (std::size_t a = 0; a < p.parts; ++a) {
        for (auto i = begin[a]; i < begin[a + 1]; ++i) {
            auto [sb, se] = g.successors(m[i]);
            for (; sb != se; ++sb) {
                auto c = p.part_of[*sb];
                if (c != a && stamp[c] != a + 1) {
                    stamp[c] = static_cast<std::uint32_t>(a + 1);
                    q.out.push_back(c);
                }
            }
        }
        q.out_begin[a + 1] = static_cast<std::uint32_t>(q.out.size());
    }
    return q;
}

COULER_INLINE part_sizes measure(const dag& g, const partition& p, const budget& b)
{
    part_sizes s;
    s.steps.assign(p.parts, 0);
    s.bytes.assign(p.parts, b.part_overhead_bytes);
    s.pods.assign(p.parts, 0);
    s.groups.assign(p.parts, 0);
    std::vector<std::uint32_t> begin;
    std::vector<vid> m;
    detail::by_part(g, p, begin, m);
    detail::group_stamps gs(g);
    for (std::size_t a = 0; a < p.parts; ++a)
        for (auto i = begin[a]; i < begin[a + 1]; ++i) {
            vid v = m[i];
            ++s.steps[a];
            s.bytes[a] += g.bytes[v] + gs.extra(g, v, static_cast<std::uint32_t>(a + 1));
            s.groups[a] += gs.fresh(g, v, static_cast<std::uint32_t>(a + 1));
            gs.pay(g, v, static_cast<std::uint32_t>(a + 1));
            s.pods[a] += g.pods[v];
        }
    return s;
}

COULER_INLINE report analyze(const dag& g, const partition& p, const budget& b)
{
    report r;
    const std::size_t n = g.size();
    r.steps = n;
    r.edges = g.edge_count();
    r.parts = p.parts;
    if (p.part_of.size() != n)
        throw std::invalid_argument("couler::split::analyze: the partition does not cover the graph");
    for (auto q : p.part_of)
        if (q >= p.parts)
            throw std::invalid_argument("couler::split::analyze: a vertex has no valid part");

    // sizes and the lower bound
    auto s = measure(g, p, b);
    std::uint64_t total_bytes = 0, total_pods = 0;
    for (std::size_t v = 0; v < n; ++v) {
        total_bytes += g.bytes[v];
        total_pods += g.pods[v];
    }
    auto ceil_div = [](std::uint64_t a, std::uint64_t d) -> std::size_t {
        return d == 0 || d == unlimited ? 0 : static_cast<std::size_t>((a + d - 1) / d);
    };
    r.lower_bound_parts = n == 0 ? 0 : 1;
    r.lower_bound_parts = std::max(r.lower_bound_parts, ceil_div(n, b.max_steps));
    r.lower_bound_parts = std::max(r.lower_bound_parts, ceil_div(total_pods, b.max_pods));
    if (b.max_bytes != unlimited && b.max_bytes > b.part_overhead_bytes)
        r.lower_bound_parts = std::max(r.lower_bound_parts, ceil_div(total_bytes, b.max_bytes - b.part_overhead_bytes));
    for (std::size_t a = 0; a < p.parts; ++a) {
        r.largest_part_steps = std::max(r.largest_part_steps, s.steps[a]);
        r.largest_part_bytes = std::max(r.largest_part_bytes, s.bytes[a]);
        r.largest_part_pods = std::max(r.largest_part_pods, s.pods[a]);
        r.largest_part_groups = std::max(r.largest_part_groups, s.groups[a]);
        r.parts_over_budget += s.steps[a] > b.max_steps || s.bytes[a] > b.max_bytes || s.pods[a] > b.max_pods ||
                               s.groups[a] > b.max_groups;
    }

    r.cut_edges = detail::count_cut(g, p.part_of);
    for (std::size_t v = 0; v < n && v < g.daemon.size(); ++v)
        if (g.daemon[v]) {
            auto [sb, se] = g.successors(static_cast<vid>(v));
            bool apart = false;
            for (; sb != se; ++sb)
                apart = apart || p.part_of[*sb] != p.part_of[v];
            r.daemons_apart += apart;
        }
    quotient q = quotient_graph(g, p);
    r.quotient_edges = q.out.size();

    // Kahn on the quotient
    const std::size_t k = p.parts;
    std::vector<std::uint32_t> indeg(k, 0);
    for (auto c : q.out)
        ++indeg[c];
    std::vector<std::uint32_t> qorder;
    qorder.reserve(k);
    for (std::size_t a = 0; a < k; ++a)
        if (indeg[a] == 0)
            qorder.push_back(static_cast<std::uint32_t>(a));
    for (std::size_t h = 0; h < qorder.size(); ++h)
        for (auto i = q.out_begin[qorder[h]]; i < q.out_begin[qorder[h] + 1]; ++i)
            if (--indeg[q.out[i]] == 0)
                qorder.push_back(q.out[i]);
    r.acyclic = qorder.size() == k;

    // the original's critical path, and each part's own makespan
    auto order = detail::topo_order(g, false);
    std::vector<double> fin(n, 0.0), fin_in(n, 0.0), part_len(k, 0.0);
    for (vid v : order) {
        double start = 0, start_in = 0;
        auto [pb, pe] = g.predecessors(v);
        for (; pb != pe; ++pb) {
            start = std::max(start, fin[*pb]);
            if (p.part_of[*pb] == p.part_of[v])
                start_in = std::max(start_in, fin_in[*pb]);
        }
        fin[v] = start + g.cost[v];
        fin_in[v] = start_in + g.cost[v];
        r.critical_path = std::max(r.critical_path, fin[v]);
        part_len[p.part_of[v]] = std::max(part_len[p.part_of[v]], fin_in[v]);
    }

    if (r.acyclic) {
        std::vector<double> qstart(k, 0.0);
        std::vector<std::size_t> depth(k, 1);
        r.quotient_critical_path = 0;
        for (auto a : qorder) {
            double f = qstart[a] + part_len[a];
            r.quotient_critical_path = std::max(r.quotient_critical_path, f);
            r.quotient_depth = std::max(r.quotient_depth, depth[a]);
            for (auto i = q.out_begin[a]; i < q.out_begin[a + 1]; ++i) {
                qstart[q.out[i]] = std::max(qstart[q.out[i]], f);
                depth[q.out[i]] = std::max(depth[q.out[i]], depth[a] + 1);
            }
        }
    } else {
        // one cycle, by a colour DFS over the parts Kahn could not order
        std::vector<char> colour(k, 0); // 0 white, 1 grey, 2 black
        for (auto a : qorder)
            colour[a] = 2;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> st;
        for (std::size_t root = 0; root < k && r.cycle.empty(); ++root) {
            if (colour[root])
                continue;
            colour[root] = 1;
            st.emplace_back(static_cast<std::uint32_t>(root), q.out_begin[root]);
            while (!st.empty() && r.cycle.empty()) {
                auto& [a, i] = st.back();
                if (i == q.out_begin[a + 1]) {
                    colour[a] = 2;
                    st.pop_back();
                    continue;
                }
                auto c = q.out[i++];
                if (colour[c] == 1) {
                    std::size_t j = st.size();
                    while (st[j - 1].first != c)
                        --j;
                    for (; j <= st.size(); ++j)
                        r.cycle.push_back(st[j - 1].first);
                } else if (colour[c] == 0) {
                    colour[c] = 1;
                    st.emplace_back(c, q.out_begin[c]);
                }
            }
        }
    }
    return r;
}

} // namespace split
} // namespace couler

#endif
