// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_LRC_HPP
#define COULER_OPTIMIZE_CACHE_LRC_HPP

/// @file
/// @brief Least reference count (Yu et al., INFOCOM 2017): evicts the entry with the fewest
/// consumers still to run. DAG-aware; an artifact nobody will read again is not admitted.

#include <couler/optimize/cache/detail/scan_policy.hpp>

namespace couler {
namespace cache {

/// @brief LRC eviction over the workflow's remaining reference counts.
class lrc_policy : public detail::scan_policy {
public:
    lrc_policy(const workflow_model& m, const plan& p) : scan_policy(m, p, false) {}
    std::string_view name() const override { return "lrc"; }
    bool admit(const entry& e, std::uint64_t capacity_bytes) override
    {
        return e.size_bytes <= capacity_bytes && dag_.remaining(dag_.resolve(e)) > 0;
    }

protected:
    double evict_key(const slot& t) const override { return -double(t.remaining); }
};

} // namespace cache
} // namespace couler

#endif
