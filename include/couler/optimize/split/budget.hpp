// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_SPLIT_BUDGET_HPP
#define COULER_OPTIMIZE_SPLIT_BUDGET_HPP

/// @file
/// @brief The budgets of paper §IV.B that every part of a split workflow must satisfy:
/// emitted bytes (alpha), steps (beta) and pods (gamma).

#include <couler/config.hpp>

#include <cstdint>
#include <limits>

namespace couler {
namespace split {

/// @brief "No limit" for any budget.
inline constexpr std::uint64_t unlimited = std::numeric_limits<std::uint64_t>::max();

/// @brief What one part (one child workflow) may hold. A part satisfies every budget given.
///
/// Defaults follow the paper: alpha = 1.5 MiB of emitted YAML (under etcd's 1.5 MiB request
/// limit Argo inherits, and the paper's "2 MB in practice"), beta = 200 steps, gamma unlimited.
struct budget {
    std::uint64_t max_steps = 200;                 ///< beta
    std::uint64_t max_bytes = 3 * 1024 * 1024 / 2; ///< alpha: emitted YAML bytes of the whole child
    std::uint64_t max_pods = unlimited;            ///< gamma
    /// Distinct groups (templates) per part: Argo's CRD caps a workflow at 200 templates.
    std::uint64_t max_groups = unlimited;
    /// Bytes every child spends whatever its steps: header, settings, entry template, plumbing.
    std::uint64_t part_overhead_bytes = 0;
};

} // namespace split
} // namespace couler

#endif
