// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_MAKE_POLICY_HPP
#define COULER_OPTIMIZE_CACHE_MAKE_POLICY_HPP

/// @file
/// @brief Every policy by its `--policy` name, for the CLI, the benchmark and the local engine.

#include <couler/optimize/cache/belady.hpp>
#include <couler/optimize/cache/couler_policy.hpp>
#include <couler/optimize/cache/fifo.hpp>
#include <couler/optimize/cache/gds.hpp>
#include <couler/optimize/cache/importance_factor_policy.hpp>
#include <couler/optimize/cache/lrc.hpp>
#include <couler/optimize/cache/lru.hpp>
#include <couler/optimize/cache/mrd.hpp>

#include <array>
#include <memory>
#include <string_view>

namespace couler {
namespace cache {

/// @brief Options of the policies that take any.
struct policy_options {
    factor_options factor;        ///< importance-factor
    couler_policy_options couler; ///< couler (its cost model must be the simulator's)
};

/// @brief The names `make_policy` accepts, online policies first, the offline reference last.
inline constexpr std::array<std::string_view, 8> policy_names{
    "couler", "importance-factor", "lru", "fifo", "lrc", "mrd", "gds", "belady"};

/// @brief True for policies that need the future (only belady).
inline bool is_offline(std::string_view name) { return name == "belady"; }

/// @brief A new policy by name, bound to the workflow `m` and its plan `p` (both must outlive
/// it); nullptr if the name is unknown. lru, fifo and gds ignore `m` and `p`.
inline std::unique_ptr<eviction_policy> make_policy(std::string_view name, const workflow_model& m, const plan& p,
                                                    const policy_options& o = {})
{
    if (name == "couler")
        return std::make_unique<couler_policy>(m, p, o.couler);
    if (name == "importance-factor" || name == "importance_factor")
        return std::make_unique<importance_factor_policy>(m, p, o.factor);
    if (name == "lru")
        return std::make_unique<lru_policy>();
    if (name == "fifo")
        return std::make_unique<fifo_policy>();
    if (name == "lrc")
        return std::make_unique<lrc_policy>(m, p);
    if (name == "mrd")
        return std::make_unique<mrd_policy>(m, p);
    if (name == "gds" || name == "greedy-dual-size")
        return std::make_unique<gds_policy>();
    if (name == "belady")
        return std::make_unique<belady_policy>(m, p);
    return nullptr;
}

} // namespace cache
} // namespace couler

#endif
