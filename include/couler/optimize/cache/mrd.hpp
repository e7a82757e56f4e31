// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_MRD_HPP
#define COULER_OPTIMIZE_CACHE_MRD_HPP

/// @file
/// @brief Most reference distance (Perez et al., 2018): evicts the entry whose next consumer
/// is farthest away in the planned schedule. DAG-aware; size- and cost-blind; an artifact
/// nobody will read again is not admitted.

#include <couler/optimize/cache/detail/scan_policy.hpp>

namespace couler {
namespace cache {

/// @brief MRD eviction over distances in the planned schedule.
class mrd_policy : public detail::scan_policy {
public:
    mrd_policy(const workflow_model& m, const plan& p) : scan_policy(m, p, false) {}
    std::string_view name() const override { return "mrd"; }
    bool admit(const entry& e, std::uint64_t capacity_bytes) override
    {
        return e.size_bytes <= capacity_bytes && dag_.remaining(dag_.resolve(e)) > 0;
    }

protected:
    double evict_key(const slot& t) const override { return double(distance(t)); }
};

} // namespace cache
} // namespace couler

#endif
