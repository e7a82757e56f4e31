// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_IMPL_LOWER_BOUND_HPP
#define COULER_OPTIMIZE_CACHE_IMPL_LOWER_BOUND_HPP

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace couler {
namespace cache {

namespace detail {

// One read of a produced artifact: it hits only if the artifact stays cached over the
// boundaries [first, last) (boundary b lies between events b and b+1).
struct bound_interval {
    std::size_t first = 0, last = 0;
    double size = 0, cost = 0;
};

// Range add and range max over boundaries: checks that a greedy choice of intervals fits.
class max_tree {
public:
    explicit max_tree(std::size_t n) : n_(std::max<std::size_t>(n, 1)), mx_(4 * n_, 0), add_(4 * n_, 0) {}
    double max(std::size_t l, std::size_t r) const { return query(1, 0, n_, l, r); }
    void add(std::size_t l, std::size_t r, double v) { update(1, 0, n_, l, r, v); }

private:
    double query(std::size_t k, std::size_t lo, std::size_t hi, std::size_t l, std::size_t r) const
    {
        if (r <= lo || hi <= l)
            return 0;
        if (l <= lo && hi <= r)
            return mx_[k];
        std::size_t mid = (lo + hi) / 2;
        return add_[k] + std::max(query(2 * k, lo, mid, l, r), query(2 * k + 1, mid, hi, l, r));
    }
    void update(std::size_t k, std::size_t lo, std::size_t hi, std::size_t l, std::size_t r, double v)
    {
        if (r <= lo || hi <= l)
            return;
        if (l <= lo && hi <= r) {
            mx_[k] += v;
            add_[k] += v;
            return;
        }
        std::size_t mid = (lo + hi) / 2;
        update(2 * k, lo, mid, l, r, v);
        update(2 * k + 1, mid, hi, l, r, v);
        mx_[k] = add_[k] + std::max(mx_[2 * k], mx_[2 * k + 1]);
    }
    std::size_t n_;
    std::vector<double> mx_, add_;
};

} // namespace detail

COULER_INLINE bound_result miss_cost_lower_bound(const workflow_model& m, const plan& trace, std::uint64_t capacity_bytes,
                                                 const cost_model& c, const bound_options& o)
{
    bound_result r;
    const std::size_t n_events = trace.events.size();
    r.boundaries = n_events;
    std::vector<std::size_t> start_at(m.tasks.size(), 0), finish_at(m.tasks.size(), 0);
    for (std::size_t e = 0; e < n_events; ++e)
        (trace.events[e].what == trace_event::kind::start ? start_at : finish_at)[trace.events[e].task] = e;

    // The intervals, and the reads no policy can hit (the artifact never fits).
    const double cap = double(capacity_bytes);
    std::vector<detail::bound_interval> iv;
    long double total = 0, unavoidable = 0;
    std::vector<std::size_t> reads;
    for (index_t a = 0; a < m.artifacts.size(); ++a) {
        const auto& art = m.artifacts[a];
        if (art.producer == no_index || art.consumers.empty())
            continue;
        const double cost = least_miss_cost(m, a, c);
        reads.clear();
        for (index_t t : art.consumers)
            reads.push_back(start_at[t]);
        std::sort(reads.begin(), reads.end());
        std::size_t prev = finish_at[art.producer];
        for (std::size_t at : reads) {
            ++r.intervals;
            total += cost;
            if (art.size_bytes > capacity_bytes)
                unavoidable += cost;
            else if (cost > 0)
                iv.push_back({prev, std::max(at, prev + 1), double(art.size_bytes), cost});
            prev = at;
        }
    }
    r.total = double(total);
    r.unavoidable = double(unavoidable);
    long double avoidable = 0;
    for (const auto& i : iv)
        avoidable += i.cost;

    // Constraint families, each with one multiplier per boundary. Family 0 is the capacity:
    // Σ size_i·x_i ≤ C. Family k (2 ≤ k ≤ K) counts the reads of artifacts larger than C/k:
    // k of them never fit together, so Σ x_i ≤ k − 1 (valid for every run, where x is 0 or 1;
    // it cuts fractional points the capacity row alone allows). Family k's row is scaled by C
    // so that all multipliers share the units of λ (seconds per byte) and one step size.
    constexpr std::size_t K = 4;
    const std::size_t families = K; // 0, then k = 2..K at index k - 1
    auto weight_of = [&](const detail::bound_interval& i, std::size_t f) {
        if (f == 0)
            return i.size;
        return double(f + 1) * i.size > cap ? cap : 0.0;
    };
    auto rhs_of = [&](std::size_t f) { return f == 0 ? cap : cap * double(f); };
    const std::size_t stride = n_events + 1;
    std::vector<double> lambda(families * n_events, 0), prefix(families * stride, 0), grad(families * stride, 0);
    auto dual = [&](bool with_grad) {
        long double d = 0;
        for (std::size_t f = 0; f < families; ++f) {
            double* pre = &prefix[f * stride];
            for (std::size_t b = 0; b < n_events; ++b)
                pre[b + 1] = pre[b] + lambda[f * n_events + b];
            d += (long double)rhs_of(f) * pre[n_events];
        }
        if (with_grad)
            std::fill(grad.begin(), grad.end(), 0.0);
        for (const auto& i : iv) {
            double slack = i.cost;
            for (std::size_t f = 0; f < families; ++f)
                if (double w = weight_of(i, f); w > 0)
                    slack -= w * (prefix[f * stride + i.last] - prefix[f * stride + i.first]);
            if (slack > 0) {
                d += slack;
                if (with_grad) // this read would be a hit: it uses its weights at each of its boundaries
                    for (std::size_t f = 0; f < families; ++f)
                        if (double w = weight_of(i, f); w > 0) {
                            grad[f * stride + i.first] += w;
                            grad[f * stride + i.last] -= w;
                        }
            }
        }
        if (with_grad)
            for (std::size_t f = 0; f < families; ++f) {
                double run = 0;
                for (std::size_t b = 0; b < n_events; ++b) {
                    run += grad[f * stride + b];
                    grad[f * stride + b] = rhs_of(f) - run; // dD/dλ_{f,b}
                }
            }
        return d;
    };
    auto bound_of = [&](long double d) { return double(total - std::min<long double>(d, avoidable)); };

    // PFOO-L: one λ everywhere; the fractional knapsack of the saving against C × boundaries.
    long double best = avoidable; // λ = 0
    if (!iv.empty() && n_events > 0) {
        std::vector<std::size_t> order(iv.size());
        std::iota(order.begin(), order.end(), std::size_t(0));
        auto weight = [&](std::size_t k) { return iv[k].size * double(iv[k].last - iv[k].first); };
        auto ratio = [&](std::size_t k) { return iv[k].cost / std::max(weight(k), 1e-300); };
        std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return ratio(x) > ratio(y); });
        const long double budget = (long double)cap * n_events;
        long double used = 0;
        double l0 = 0;
        for (std::size_t k : order) {
            used += weight(k);
            if (used > budget) {
                l0 = ratio(k);
                break;
            }
        }
        std::fill(lambda.begin(), lambda.begin() + std::ptrdiff_t(n_events), l0);
        best = std::min(best, dual(false));
        r.pfoo_l = bound_of(best);

        // A feasible saving (greedy by the same ratio, integral): the step target below.
        detail::max_tree load(n_events);
        long double feasible = 0;
        for (std::size_t k : order) {
            const auto& i = iv[k];
            if (load.max(i.first, i.last) + i.size <= cap) {
                load.add(i.first, i.last, i.size);
                feasible += i.cost;
            }
        }
        r.interval_greedy = double(total - feasible);

        // Projected subgradient on D, Polyak steps towards the feasible saving.
        std::vector<double> best_lambda = lambda;
        double theta = 1.0;
        std::size_t stale = 0;
        for (std::size_t it = 0; it < o.iterations; ++it) {
            long double d = dual(true);
            if (d < best) {
                best = d;
                best_lambda = lambda;
                stale = 0;
            } else if (++stale >= 15) {
                theta /= 2;
                stale = 0;
                lambda = best_lambda;
                continue;
            }
            double norm = 0;
            for (std::size_t f = 0; f < families; ++f)
                for (std::size_t b = 0; b < n_events; ++b) {
                    double g = grad[f * stride + b];
                    if (lambda[f * n_events + b] > 0 || g < 0)
                        norm += g * g;
                }
            if (norm <= 0 || d <= feasible)
                break; // optimal: D equals a feasible saving
            double step = theta * double(d - feasible) / norm;
            for (std::size_t f = 0; f < families; ++f)
                for (std::size_t b = 0; b < n_events; ++b) {
                    double& l = lambda[f * n_events + b];
                    l = std::max(0.0, l - step * grad[f * stride + b]);
                }
            if (theta < 1e-6)
                break;
        }
    }
    // Rounding in the sums above is far below this margin; the margin keeps the bound below
    // any cost the simulator adds up in another order.
    r.miss_cost = std::max(0.0, bound_of(best) * (1 - 1e-9) - 1e-12);
    r.pfoo_l = std::max(0.0, std::min(r.pfoo_l, r.miss_cost));
    if (iv.empty() || n_events == 0) {
        r.pfoo_l = r.miss_cost;
        r.interval_greedy = double(total);
    }
    return r;
}

} // namespace cache
} // namespace couler

#endif
