// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_SPLIT_DETAIL_REFINE_HPP
#define COULER_OPTIMIZE_SPLIT_DETAIL_REFINE_HPP

// The pieces of the production splitter: topological orders, budgeted chunking, the
// acyclic boundary refinement, merging and renumbering. Internal: nothing here is API.

#include <couler/optimize/split/budget.hpp>
#include <couler/optimize/split/dag.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <queue>
#include <stdexcept>
#include <unordered_map>
#include <vector>

namespace couler {
namespace split {
namespace detail {

// Kahn's algorithm. FIFO gives the breadth-first order of ir::topological_order; LIFO follows
// a chain as soon as it is released (depth-first flavour), which keeps chains in one chunk.
inline std::vector<vid> topo_order(const dag& g, bool lifo)
{
    const std::size_t n = g.size();
    std::vector<std::uint32_t> indeg(n);
    for (std::size_t v = 0; v < n; ++v)
        indeg[v] = g.in_begin[v + 1] - g.in_begin[v];
    std::vector<vid> order;
    order.reserve(n);
    if (!lifo) {
        for (std::size_t v = 0; v < n; ++v)
            if (indeg[v] == 0)
                order.push_back(static_cast<vid>(v));
        for (std::size_t head = 0; head < order.size(); ++head) {
            auto [b, e] = g.successors(order[head]);
            for (; b != e; ++b)
                if (--indeg[*b] == 0)
                    order.push_back(*b);
        }
    } else {
        std::vector<vid> stack;
        for (std::size_t v = n; v-- > 0;)
            if (indeg[v] == 0)
                stack.push_back(static_cast<vid>(v));
        while (!stack.empty()) {
            vid v = stack.back();
            stack.pop_back();
            order.push_back(v);
            auto [b, e] = g.successors(v);
            for (auto it = e; it != b;) // reversed, so the first successor is popped first
                if (--indeg[*--it] == 0)
                    stack.push_back(*it);
        }
    }
    if (order.size() != n)
        throw std::invalid_argument("couler::split: the graph has a cycle");
    return order;
}

// Daemon units. A daemon step must share its part with its direct successors; so must every
// vertex on a path between two of them (else the quotient gets a cycle: unit -> x -> unit).
// Union-find glues each daemon to its successors, then the strongly connected components of
// the graph of glued sets close them under paths. of[v] is v's unit; a unit of size 1 is a
// plain vertex. `of` is empty when the graph has no daemon with a successor.
struct units {
    std::vector<std::uint32_t> of;     // unit of each vertex (empty: every vertex alone)
    std::vector<std::uint32_t> size;   // members of each unit
    std::vector<vid> daemon;           // the first daemon of each unit (for errors), or the unit's first vertex
    std::size_t count = 0;
    bool trivial() const { return of.empty(); }
    bool glued(vid v) const { return !of.empty() && size[of[v]] > 1; }
};

// Strongly connected components (Kosaraju, iterative). Returns the number of components.
inline std::size_t scc(const dag& h, std::vector<std::uint32_t>& comp)
{
    const std::size_t k = h.size();
    std::vector<std::uint32_t> finish;
    finish.reserve(k);
    std::vector<char> seen(k, 0);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> st;
    for (std::size_t r = 0; r < k; ++r) {
        if (seen[r])
            continue;
        seen[r] = 1;
        st.emplace_back(static_cast<std::uint32_t>(r), h.out_begin[r]);
        while (!st.empty()) {
            auto& [v, i] = st.back();
            if (i == h.out_begin[v + 1]) {
                finish.push_back(v);
                st.pop_back();
                continue;
            }
            std::uint32_t w = h.out[i++];
            if (!seen[w]) {
                seen[w] = 1;
                st.emplace_back(w, h.out_begin[w]);
            }
        }
    }
    const std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
    comp.assign(k, none);
    std::uint32_t c = 0;
    std::vector<std::uint32_t> todo;
    for (std::size_t j = k; j-- > 0;) {
        std::uint32_t r = finish[j];
        if (comp[r] != none)
            continue;
        comp[r] = c;
        todo.push_back(r);
        while (!todo.empty()) {
            std::uint32_t v = todo.back();
            todo.pop_back();
            auto [pb, pe] = h.predecessors(v);
            for (; pb != pe; ++pb)
                if (comp[*pb] == none) {
                    comp[*pb] = c;
                    todo.push_back(*pb);
                }
        }
        ++c;
    }
    return c;
}

inline units daemon_units(const dag& g)
{
    units u;
    const std::size_t n = g.size();
    bool any = !g.glue.empty();
    for (std::size_t v = 0; v < g.daemon.size() && v < n && !any; ++v)
        any = g.daemon[v] && g.out_begin[v + 1] > g.out_begin[v];
    if (!any)
        return u;
    std::vector<std::uint32_t> up(n);
    for (std::size_t v = 0; v < n; ++v)
        up[v] = static_cast<std::uint32_t>(v);
    auto find = [&](std::uint32_t v) {
        while (up[v] != v)
            v = up[v] = up[up[v]];
        return v;
    };
    for (std::size_t v = 0; v < g.daemon.size() && v < n; ++v)
        if (g.daemon[v]) {
            auto [sb, se] = g.successors(static_cast<vid>(v));
            for (; sb != se; ++sb) {
                auto a = find(static_cast<std::uint32_t>(v)), b = find(*sb);
                if (a != b)
                    up[std::max(a, b)] = std::min(a, b);
            }
        }
    for (auto [d, x] : g.glue) {
        auto a = find(d), b = find(x);
        if (a != b)
            up[std::max(a, b)] = std::min(a, b);
    }
    const std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> id(n, none);
    u.of.resize(n);
    std::uint32_t k = 0;
    for (std::size_t v = 0; v < n; ++v) {
        auto r = find(static_cast<std::uint32_t>(v));
        if (id[r] == none)
            id[r] = k++;
        u.of[v] = id[r];
    }
    std::vector<std::pair<vid, vid>> edges;
    for (std::size_t v = 0; v < n; ++v) {
        auto [sb, se] = g.successors(static_cast<vid>(v));
        for (; sb != se; ++sb)
            if (u.of[*sb] != u.of[v])
                edges.emplace_back(u.of[v], u.of[*sb]);
    }
    dag h = dag::from_edges(k, edges);
    std::vector<std::uint32_t> comp;
    std::size_t c = scc(h, comp);
    for (auto& x : u.of)
        x = comp[x];
    u.count = c;
    u.size.assign(c, 0);
    u.daemon.assign(c, none);
    for (std::size_t v = 0; v < n; ++v) {
        ++u.size[u.of[v]];
        auto& d = u.daemon[u.of[v]];
        bool is_daemon = v < g.daemon.size() && g.daemon[v];
        if (d == none || (is_daemon && !(d < g.daemon.size() && g.daemon[d])))
            d = static_cast<vid>(v);
    }
    return u;
}

// A topological order in which every unit is contiguous (its members in the FIFO order of g):
// the order of the graph of units, each unit expanded in place.
inline std::vector<vid> unit_topo_order(const dag& g, const units& u, bool lifo)
{
    if (u.trivial())
        return topo_order(g, lifo);
    auto base = topo_order(g, false); // also rejects a cyclic g
    std::vector<std::pair<vid, vid>> edges;
    for (std::size_t v = 0; v < g.size(); ++v) {
        auto [sb, se] = g.successors(static_cast<vid>(v));
        for (; sb != se; ++sb)
            if (u.of[*sb] != u.of[v])
                edges.emplace_back(u.of[v], u.of[*sb]);
    }
    dag h = dag::from_edges(u.count, edges);
    auto horder = topo_order(h, lifo); // acyclic: units are strongly connected components
    std::vector<std::uint32_t> begin(u.count + 1, 0);
    for (auto x : u.of)
        ++begin[x + 1];
    for (std::size_t x = 0; x < u.count; ++x)
        begin[x + 1] += begin[x];
    std::vector<vid> members(g.size());
    {
        std::vector<std::uint32_t> pos(begin.begin(), begin.end() - 1);
        for (vid v : base)
            members[pos[u.of[v]]++] = v;
    }
    std::vector<vid> order;
    order.reserve(g.size());
    for (auto x : horder)
        order.insert(order.end(), members.begin() + begin[x], members.begin() + begin[x + 1]);
    return order;
}

// Charges groups once per part: stamp[g] == tag means "already paid in the part tagged tag".
struct group_stamps {
    std::vector<std::uint32_t> stamp;
    explicit group_stamps(const dag& g) : stamp(g.group_bytes.size(), 0) {}
    std::uint64_t extra(const dag& g, vid v, std::uint32_t tag) const
    {
        std::uint32_t gr = g.group.empty() ? no_group : g.group[v];
        return gr == no_group || stamp[gr] == tag ? 0 : g.group_bytes[gr];
    }
    // 1 if v's group is not yet in the part tagged `tag`
    std::uint64_t fresh(const dag& g, vid v, std::uint32_t tag) const
    {
        std::uint32_t gr = g.group.empty() ? no_group : g.group[v];
        return gr != no_group && stamp[gr] != tag ? 1 : 0;
    }
    void pay(const dag& g, vid v, std::uint32_t tag)
    {
        std::uint32_t gr = g.group.empty() ? no_group : g.group[v];
        if (gr != no_group)
            stamp[gr] = tag;
    }
};

// Cuts `order` into consecutive parts, closing a part when the next vertex would break a
// budget or the part holds `soft_steps` steps. A vertex alone over budget gets its own part.
// With units (`u` not trivial, `order` from unit_topo_order), a unit is placed whole: the part
// closes before it unless all of it fits.
inline std::size_t chunk(const dag& g, const budget& b, const std::vector<vid>& order, std::uint64_t soft_steps,
                         std::vector<std::uint32_t>& part_of, const units* u = nullptr)
{
    part_of.assign(g.size(), 0);
    group_stamps gs(g);
    std::uint32_t p = 0;
    std::uint64_t steps = 0, bytes = b.part_overhead_bytes, pods = 0, groups = 0;
    const std::uint64_t max_steps = std::min(b.max_steps, soft_steps);
    const bool glue = u && !u->trivial();
    if (!glue) { // the plain loop (kept apart: the unit bookkeeping below costs ~40% on a million steps)
        for (vid v : order) {
            std::uint64_t add = g.bytes[v] + gs.extra(g, v, p + 1), fresh = gs.fresh(g, v, p + 1);
            if (steps > 0 && (steps + 1 > max_steps || bytes + add > b.max_bytes || pods + g.pods[v] > b.max_pods ||
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
            part_of[v] = p;
            ++steps;
            bytes += add;
            pods += g.pods[v];
            groups += fresh;
        }
        return g.size() == 0 ? 0 : p + 1;
    }
    std::vector<std::uint32_t> ustamp(g.group_bytes.size(), 0);
    std::uint32_t utag = 0;
    auto place = [&](vid v) {
        std::uint64_t add = g.bytes[v] + gs.extra(g, v, p + 1), fresh = gs.fresh(g, v, p + 1);
        gs.pay(g, v, p + 1);
        part_of[v] = p;
        ++steps;
        bytes += add;
        pods += g.pods[v];
        groups += fresh;
    };
    auto close = [&] {
        ++p;
        steps = 0;
        bytes = b.part_overhead_bytes;
        pods = 0;
        groups = 0;
    };
    for (std::size_t i = 0; i < order.size();) {
        vid v = order[i];
        std::size_t len = u->size[u->of[v]];
        if (len > 1) {
            // what the whole unit adds to the open part
            std::uint64_t ub = 0, up = 0, ug = 0;
            auto cost = [&] {
                ub = up = ug = 0;
                ++utag;
                for (std::size_t j = i; j < i + len; ++j) {
                    vid w = order[j];
                    ub += g.bytes[w];
                    up += g.pods[w];
                    std::uint32_t gr = g.group.empty() ? no_group : g.group[w];
                    if (gr != no_group && gs.stamp[gr] != p + 1 && ustamp[gr] != utag) {
                        ustamp[gr] = utag;
                        ub += g.group_bytes[gr];
                        ++ug;
                    }
                }
            };
            cost();
            if (steps > 0 && (steps + len > max_steps || bytes + ub > b.max_bytes || pods + up > b.max_pods ||
                              groups + ug > b.max_groups))
                close();
            for (std::size_t j = i; j < i + len; ++j)
                place(order[j]);
            i += len;
            continue;
        }
        std::uint64_t add = g.bytes[v] + gs.extra(g, v, p + 1), fresh = gs.fresh(g, v, p + 1);
        if (steps > 0 && (steps + 1 > max_steps || bytes + add > b.max_bytes || pods + g.pods[v] > b.max_pods ||
                          groups + fresh > b.max_groups))
            close();
        place(v);
        ++i;
    }
    return g.size() == 0 ? 0 : p + 1;
}

// Renumbers parts 0..k-1 keeping their relative order, dropping empty ones; returns k.
inline std::size_t compact(std::vector<std::uint32_t>& part_of, std::size_t parts)
{
    std::vector<std::uint32_t> used(parts, 0);
    for (auto p : part_of)
        used[p] = 1;
    std::vector<std::uint32_t> to(parts);
    std::uint32_t k = 0;
    for (std::size_t p = 0; p < parts; ++p)
        if (used[p])
            to[p] = k++;
    for (auto& p : part_of)
        p = to[p];
    return k;
}

// Boundary refinement. Invariant: every edge u -> v has part(u) <= part(v). A vertex moves
// only to a neighbouring part and only if that keeps the invariant, so the quotient (parts in
// index order) stays acyclic. Gains are kept O(1) through per-vertex neighbour counts.
class refiner {
public:
    // Vertices of a unit of several (`u`) never move: the unit stays whole in its part.
    refiner(const dag& g, const budget& b, std::vector<std::uint32_t>& part_of, std::size_t parts,
            const units* u = nullptr)
        : g_(g), b_(b), u_(u && !u->trivial() ? u : nullptr), part_(part_of), parts_(parts), steps_(parts, 0), bytes_(parts, b.part_overhead_bytes),
          pods_(parts, 0), groups_n_(parts, 0), out_same_(g.size()), in_same_(g.size()), out_next_(g.size()), in_prev_(g.size())
    {
        groups_ = !g.group.empty() && !g.group_bytes.empty() &&
                  (b.max_bytes != unlimited || b.max_groups != unlimited);
        for (std::size_t v = 0; v < g.size(); ++v) {
            auto p = part_[v];
            ++steps_[p];
            bytes_[p] += g.bytes[v];
            pods_[p] += g.pods[v];
            if (groups_ && g.group[v] != no_group && gcount_[key(p, g.group[v])]++ == 0) {
                bytes_[p] += g.group_bytes[g.group[v]];
                ++groups_n_[p];
            }
        }
        for (std::size_t v = 0; v < g.size(); ++v)
            recount(static_cast<vid>(v));
    }

    // Runs up to `passes` passes; returns the number of moves made.
    std::size_t run(int passes)
    {
        std::size_t total = 0;
        std::vector<char> locked(g_.size());
        for (int pass = 0; pass < passes; ++pass) {
            std::fill(locked.begin(), locked.end(), 0);
            for (std::size_t v = 0; v < g_.size(); ++v)
                offer(static_cast<vid>(v));
            std::size_t moves = 0;
            while (!heap_.empty()) {
                entry e = heap_.top();
                heap_.pop();
                if (locked[e.v])
                    continue;
                int now = gain(e.v, e.right);
                if (now <= 0)
                    continue;
                if (now < e.gain) { // stale: requeue at its true gain
                    heap_.push({now, e.v, e.right});
                    continue;
                }
                std::uint32_t q = e.right ? part_[e.v] + 1 : part_[e.v] - 1;
                if (!fits(e.v, q))
                    continue;
                move(e.v, q);
                locked[e.v] = 1;
                ++moves;
                auto [sb, se] = g_.successors(e.v);
                for (; sb != se; ++sb)
                    if (!locked[*sb])
                        offer(*sb);
                auto [pb, pe] = g_.predecessors(e.v);
                for (; pb != pe; ++pb)
                    if (!locked[*pb])
                        offer(*pb);
            }
            total += moves;
            if (moves == 0)
                break;
        }
        return total;
    }

private:
    struct entry {
        int gain;
        vid v;
        bool right;
        bool operator<(const entry& o) const { return gain < o.gain || (gain == o.gain && v > o.v); }
    };

    static std::uint64_t key(std::uint32_t p, std::uint32_t gr) { return (std::uint64_t(p) << 32) | gr; }

    void recount(vid v)
    {
        auto p = part_[v];
        std::uint32_t os = 0, on = 0, is = 0, ip = 0;
        auto [sb, se] = g_.successors(v);
        for (; sb != se; ++sb) {
            auto q = part_[*sb];
            os += q == p;
            on += q == p + 1;
        }
        auto [pb, pe] = g_.predecessors(v);
        for (; pb != pe; ++pb) {
            auto q = part_[*pb];
            is += q == p;
            ip += q + 1 == p;
        }
        out_same_[v] = os;
        out_next_[v] = on;
        in_same_[v] = is;
        in_prev_[v] = ip;
    }

    // Edges that stop being cut minus edges that start being cut; <= 0 when the move is illegal.
    int gain(vid v, bool right) const
    {
        auto p = part_[v];
        if (right) {
            if (out_same_[v] != 0 || p + 1 >= parts_)
                return 0;
            return static_cast<int>(out_next_[v]) - static_cast<int>(in_same_[v]);
        }
        if (in_same_[v] != 0 || p == 0)
            return 0;
        return static_cast<int>(in_prev_[v]) - static_cast<int>(out_same_[v]);
    }

    void offer(vid v)
    {
        if (u_ && u_->glued(v))
            return;
        for (bool right : {false, true}) {
            int gn = gain(v, right);
            if (gn > 0)
                heap_.push({gn, v, right});
        }
    }

    bool fits(vid v, std::uint32_t q) const
    {
        if (steps_[q] + 1 > b_.max_steps || pods_[q] + g_.pods[v] > b_.max_pods)
            return false;
        std::uint64_t add = g_.bytes[v], fresh = 0;
        if (groups_ && g_.group[v] != no_group) {
            auto it = gcount_.find(key(q, g_.group[v]));
            if (it == gcount_.end() || it->second == 0) {
                add += g_.group_bytes[g_.group[v]];
                fresh = 1;
            }
        }
        return bytes_[q] + add <= b_.max_bytes && groups_n_[q] + fresh <= b_.max_groups;
    }

    void move(vid v, std::uint32_t q)
    {
        const std::uint32_t p = part_[v];
        --steps_[p];
        ++steps_[q];
        bytes_[p] -= g_.bytes[v];
        bytes_[q] += g_.bytes[v];
        pods_[p] -= g_.pods[v];
        pods_[q] += g_.pods[v];
        if (groups_ && g_.group[v] != no_group) {
            auto gr = g_.group[v];
            if (--gcount_[key(p, gr)] == 0) {
                bytes_[p] -= g_.group_bytes[gr];
                --groups_n_[p];
            }
            if (gcount_[key(q, gr)]++ == 0) {
                bytes_[q] += g_.group_bytes[gr];
                ++groups_n_[q];
            }
        }
        part_[v] = q;
        // Neighbours' counts: undo v's old contribution, add the new one.
        auto [sb, se] = g_.successors(v);
        for (; sb != se; ++sb) {
            vid w = *sb;
            auto pw = part_[w];
            in_same_[w] += (pw == q) - (pw == p);
            in_prev_[w] += (q + 1 == pw) - (p + 1 == pw);
        }
        auto [pb, pe] = g_.predecessors(v);
        for (; pb != pe; ++pb) {
            vid w = *pb;
            auto pw = part_[w];
            out_same_[w] += (pw == q) - (pw == p);
            out_next_[w] += (pw + 1 == q) - (pw + 1 == p);
        }
        recount(v);
    }

    const dag& g_;
    const budget& b_;
    const units* u_;
    std::vector<std::uint32_t>& part_;
    std::size_t parts_;
    std::vector<std::uint64_t> steps_, bytes_, pods_, groups_n_;
    std::vector<std::uint32_t> out_same_, in_same_, out_next_, in_prev_;
    bool groups_ = false;
    std::unordered_map<std::uint64_t, std::uint32_t> gcount_;
    std::priority_queue<entry> heap_;
};

// Merges neighbouring parts (in index order) while their union fits every budget. Merging
// consecutive parts keeps every edge pointing forward. Returns the new number of parts.
inline std::size_t merge_adjacent(const dag& g, const budget& b, std::vector<std::uint32_t>& part_of,
                                  std::size_t parts)
{
    if (parts <= 1)
        return parts;
    // members of each part, by counting sort
    std::vector<std::uint32_t> begin(parts + 1, 0), members(g.size());
    for (auto p : part_of)
        ++begin[p + 1];
    for (std::size_t p = 0; p < parts; ++p)
        begin[p + 1] += begin[p];
    {
        std::vector<std::uint32_t> pos(begin.begin(), begin.end() - 1);
        for (std::size_t v = 0; v < g.size(); ++v)
            members[pos[part_of[v]]++] = static_cast<std::uint32_t>(v);
    }
    std::vector<std::uint32_t> stamp(g.group_bytes.size(), 0), tent(g.group_bytes.size(), 0);
    const bool groups = !g.group.empty();
    std::uint32_t cur = 0, cur_tag = 1;
    std::uint64_t steps = 0, bytes = b.part_overhead_bytes, pods = 0, ngroups = 0;
    auto absorb = [&](std::size_t p, std::uint32_t into) {
        for (auto i = begin[p]; i < begin[p + 1]; ++i) {
            vid v = members[i];
            part_of[v] = into;
            if (groups && g.group[v] != no_group && stamp[g.group[v]] != cur_tag) {
                stamp[g.group[v]] = cur_tag;
                bytes += g.group_bytes[g.group[v]];
                ++ngroups;
            }
            ++steps;
            bytes += g.bytes[v];
            pods += g.pods[v];
        }
    };
    absorb(0, 0);
    for (std::size_t p = 1; p < parts; ++p) {
        std::uint64_t s = 0, by = 0, po = 0, gr = 0;
        for (auto i = begin[p]; i < begin[p + 1]; ++i) {
            vid v = members[i];
            ++s;
            by += g.bytes[v];
            po += g.pods[v];
            if (groups && g.group[v] != no_group && stamp[g.group[v]] != cur_tag &&
                tent[g.group[v]] != p + 1) {
                tent[g.group[v]] = static_cast<std::uint32_t>(p + 1);
                by += g.group_bytes[g.group[v]];
                ++gr;
            }
        }
        if (steps + s <= b.max_steps && bytes + by <= b.max_bytes && pods + po <= b.max_pods &&
            ngroups + gr <= b.max_groups) {
            absorb(p, cur);
        } else {
            ++cur;
            ++cur_tag;
            steps = 0;
            bytes = b.part_overhead_bytes;
            pods = 0;
            ngroups = 0;
            absorb(p, cur);
        }
    }
    return cur + 1;
}

// Quotient critical path of a partition whose parts are numbered in a topological order of
// the quotient (every edge goes to the same or a later part): each part runs as a unit taking
// its own critical path, after all parts it depends on.
template <class Partition>
double linear_quotient_critical_path(const dag& g, const std::vector<vid>& order, const Partition& p)
{
    std::vector<double> fin_in(g.size(), 0.0), len(p.parts, 0.0), start(p.parts, 0.0);
    for (vid v : order) {
        double s = 0;
        auto [pb, pe] = g.predecessors(v);
        for (; pb != pe; ++pb)
            if (p.part_of[*pb] == p.part_of[v])
                s = std::max(s, fin_in[*pb]);
        fin_in[v] = s + g.cost[v];
        len[p.part_of[v]] = std::max(len[p.part_of[v]], fin_in[v]);
    }
    // start[q] = max over edges u -> v into q of finish(part(u)); parts in index order suffice
    std::vector<std::uint32_t> begin(p.parts + 1, 0);
    std::vector<std::uint32_t> src;
    for (std::size_t v = 0; v < g.size(); ++v) {
        auto [pb, pe] = g.predecessors(static_cast<vid>(v));
        for (; pb != pe; ++pb)
            if (p.part_of[*pb] != p.part_of[v])
                ++begin[p.part_of[v] + 1];
    }
    for (std::size_t q = 0; q < p.parts; ++q)
        begin[q + 1] += begin[q];
    src.resize(begin[p.parts]);
    {
        std::vector<std::uint32_t> pos(begin.begin(), begin.end() - 1);
        for (std::size_t v = 0; v < g.size(); ++v) {
            auto [pb, pe] = g.predecessors(static_cast<vid>(v));
            for (; pb != pe; ++pb)
                if (p.part_of[*pb] != p.part_of[v])
                    src[pos[p.part_of[v]]++] = p.part_of[*pb];
        }
    }
    double best = 0;
    for (std::size_t q = 0; q < p.parts; ++q) {
        double s = 0;
        for (auto i = begin[q]; i < begin[q + 1]; ++i)
            s = std::max(s, start[src[i]] + len[src[i]]);
        start[q] = s;
        best = std::max(best, s + len[q]);
    }
    return best;
}

inline std::size_t count_cut(const dag& g, const std::vector<std::uint32_t>& part_of)
{
    std::size_t cut = 0;
    for (std::size_t v = 0; v < g.size(); ++v) {
        auto [b, e] = g.successors(static_cast<vid>(v));
        for (; b != e; ++b)
            cut += part_of[*b] != part_of[v];
    }
    return cut;
}

} // namespace detail
} // namespace split
} // namespace couler

#endif
