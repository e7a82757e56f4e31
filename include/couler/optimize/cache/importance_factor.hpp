// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_IMPORTANCE_FACTOR_HPP
#define COULER_OPTIMIZE_CACHE_IMPORTANCE_FACTOR_HPP

/// @file
/// @brief The paper's caching importance factor (§IV.A, Eq. 3–6), read literally.
///
/// How we read the ambiguous parts (docs/caching.md, "Reading the paper", says why):
/// - Layers count from the artifact: the producer is layer 1 of G_p, the artifact's consumers
///   are layer 1 of G_s (κ = 1); `layers` = n bounds both.
/// - Truncation (property b): a job other than the producer with a cached output is kept in
///   the subgraph but not walked through. G_s is truncated the same way ("same definition").
/// - w_i = the job's run time in seconds; d_i = its degree (in + out) in the whole task graph;
///   A = the task graph's adjacency matrix.
/// - Eq. 4: r_i = 1 while job i has not started (a reuse can still happen), else 0; ζ_ui is
///   entry (p(u), i) of Eq. 5 with p(u) the producer, so ζ_ui + 1 = 1 − A_{p(u),i}: direct
///   children of the producer contribute 0, exactly as written.
/// - V(u) = size in `size_unit_bytes` (GiB by default; the paper gives no unit; in bytes
///   e^(−V) would always be 0); log is the natural logarithm.

#include <couler/optimize/cache/model.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace couler {
namespace cache {

/// @brief Parameters of Eq. 6 and of the subgraphs.
struct factor_options {
    double alpha = 1.5;   ///< weight of the reconstruction cost (paper's experiments: 1.5)
    double beta = 1.0;    ///< weight of the reuse value (paper's experiments: 1)
    std::size_t layers = 3; ///< n: depth of G_p and G_s, in layers from the artifact
    double size_unit_bytes = 1024.0 * 1024.0 * 1024.0; ///< unit of V(u)
};

/// @brief The three determinants and the factor of one artifact.
struct factor_terms {
    double L = 0; ///< reconstruction cost, Eq. 3
    double F = 0; ///< reuse value, Eq. 4
    double V = 0; ///< caching cost (size)
    double I = 0; ///< importance, Eq. 6
};

/// @brief Computes L, F, V and I for artifacts of one workflow_model.
///
/// `cached(a)` says whether artifact a is in the cache; `started(t)` whether task t has started.
/// Not thread-safe: it reuses scratch buffers between calls.
class importance_factor {
public:
    explicit importance_factor(const workflow_model& m, factor_options o = {})
        : m_(&m), o_(o), mark_(m.tasks.size(), 0), child_(m.tasks.size(), 0), dist_(m.tasks.size(), 0)
    {
    }

    const factor_options& options() const { return o_; }

    /// @brief Eq. 3: Σ_i Σ_j A_ij (w_i + d_i d_j) over the jobs of G_p.
    template <class Cached> double reconstruction_cost(index_t u, Cached cached);

    /// @brief Eq. 4–5: Σ_{i ∈ G_s} r_i / κ_ui · (ζ_ui + 1).
    template <class Cached, class Started> double reuse_value(index_t u, Cached cached, Started started);

    /// @brief V(u): the artifact's size in `size_unit_bytes`.
    double caching_cost(index_t u) const { return double(m_->artifacts[u].size_bytes) / o_.size_unit_bytes; }

    /// @brief Eq. 6: α·log(1 + L) + β·F² − e^(−V).
    double combine(double l, double f, double v) const
    {
        return o_.alpha * std::log1p(l) + o_.beta * f * f - std::exp(-v);
    }

    /// @brief All terms for artifact `u`.
    template <class Cached, class Started> factor_terms evaluate(index_t u, Cached cached, Started started)
    {
        factor_terms t;
        t.L = reconstruction_cost(u, cached);
        t.F = reuse_value(u, cached, started);
        t.V = caching_cost(u);
        t.I = combine(t.L, t.F, t.V);
        return t;
    }

private:
    // True if job j has a cached output other than `except`: G_p and G_s stop there.
    template <class Cached> bool truncates(index_t j, index_t except, Cached& cached) const
    {
        for (index_t a : m_->tasks[j].outputs)
            if (a != except && cached(a))
                return true;
        return false;
    }
    std::uint32_t next_stamp()
    {
        if (++stamp_ == 0) { // wrapped: clear
            std::fill(mark_.begin(), mark_.end(), 0);
            std::fill(child_.begin(), child_.end(), 0);
            stamp_ = 1;
        }
        return stamp_;
    }

    const workflow_model* m_;
    factor_options o_;
    std::vector<std::uint32_t> mark_, child_;
    std::vector<std::size_t> dist_;
    std::vector<index_t> members_, frontier_, next_;
    std::uint32_t stamp_ = 0;
};

template <class Cached> double importance_factor::reconstruction_cost(index_t u, Cached cached)
{
    const index_t p = m_->artifacts[u].producer;
    if (p == no_index || o_.layers == 0)
        return 0;
    const std::uint32_t s = next_stamp();
    members_.assign(1, p);
    frontier_.assign(1, p);
    mark_[p] = s;
    for (std::size_t layer = 2; layer <= o_.layers && !frontier_.empty(); ++layer) {
        next_.clear();
        for (index_t x : frontier_)
            for (index_t y : m_->parents[x]) {
                if (mark_[y] == s)
                    continue;
                mark_[y] = s;
                members_.push_back(y);
                if (!truncates(y, u, cached))
                    next_.push_back(y);
            }
        frontier_.swap(next_);
    }
    double l = 0;
    for (index_t j : members_)
        for (index_t i : m_->parents[j])
            if (mark_[i] == s)
                l += m_->tasks[i].runtime_seconds + double(m_->degree(i)) * double(m_->degree(j));
    return l;
}

template <class Cached, class Started>
double importance_factor::reuse_value(index_t u, Cached cached, Started started)
{
    const auto& art = m_->artifacts[u];
    if (o_.layers == 0)
        return 0;
    const std::uint32_t s = next_stamp();
    members_.clear();
    frontier_.clear();
    for (index_t c : art.consumers)
        if (mark_[c] != s) {
            mark_[c] = s;
            dist_[c] = 1;
            members_.push_back(c);
            if (!truncates(c, u, cached))
                frontier_.push_back(c);
        }
    for (std::size_t layer = 2; layer <= o_.layers && !frontier_.empty(); ++layer) {
        next_.clear();
        for (index_t x : frontier_)
            for (index_t y : m_->children[x]) {
                if (mark_[y] == s)
                    continue;
                mark_[y] = s;
                dist_[y] = layer;
                members_.push_back(y);
                if (!truncates(y, u, cached))
                    next_.push_back(y);
            }
        frontier_.swap(next_);
    }
    // A_{p(u),i}: stamp the producer's children once instead of searching per member.
    const std::uint32_t c = next_stamp();
    if (art.producer != no_index)
        for (index_t y : m_->children[art.producer])
            child_[y] = c;
    double f = 0;
    for (index_t i : members_) {
        double r = started(i) ? 0.0 : 1.0;
        double a_pi = child_[i] == c ? 1.0 : 0.0;
        double zeta = -a_pi; // diag(d) − A at (p(u), i), i != p(u) in a DAG
        f += r / double(dist_[i]) * (zeta + 1.0);
    }
    return f;
}

} // namespace cache
} // namespace couler

#endif
