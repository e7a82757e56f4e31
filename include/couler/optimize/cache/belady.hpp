// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_BELADY_HPP
#define COULER_OPTIMIZE_CACHE_BELADY_HPP

/// @file
/// @brief Belady's farthest-next-use, size-aware, with bypass: the offline reference.
///
/// It knows the exact trace (the plan the simulator replays). Among the cached entries and
/// the newcomer it drops the one with the largest next-use distance × size: an entry never
/// used again goes first (largest first), and a newcomer that is the worst is not stored.
/// Optimal for hit count with equal sizes; a strong heuristic (not a bound) otherwise.

#include <couler/optimize/cache/detail/scan_policy.hpp>

namespace couler {
namespace cache {

/// @brief Offline size-aware Belady.
class belady_policy : public detail::scan_policy {
public:
    belady_policy(const workflow_model& m, const plan& p) : scan_policy(m, p, true) {}
    std::string_view name() const override { return "belady"; }

protected:
    double evict_key(const slot& t) const override
    {
        std::uint64_t d = distance(t);
        double size = double(t.e.size_bytes) + 1.0;
        if (d == detail::dag_progress::never)
            return 1e40 * size; // dead entries first, the largest first (finite keys stay far below)
        return double(d) * size;
    }
};

} // namespace cache
} // namespace couler

#endif
