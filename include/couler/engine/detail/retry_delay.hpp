// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_DETAIL_RETRY_DELAY_HPP
#define COULER_ENGINE_DETAIL_RETRY_DELAY_HPP

// The wait between retries: a header of its own so that its tests need not include the scheduler.

#include <couler/engine/condition.hpp>
#include <couler/ir/step_template.hpp>

#include <algorithm>
#include <cmath>

namespace couler {
namespace engine {
namespace detail {

/// Seconds to wait before the retry that follows attempt `attempt` (1-based):
/// `duration * factor^(attempt-1)`, at most `cap`. Unlimited retries grow that without bound,
/// so the wait is kept finite and representable (at most a year): the clock arithmetic that
/// uses it must stay defined.
inline double retry_delay(const backoff& b, int attempt)
{
    double delay = 0;
    double base = parse_duration(b.duration).value_or(0);
    if (base > 0) // not 0 * inf
        delay = base * std::pow(static_cast<double>(b.factor.value_or(1)), attempt - 1);
    if (auto cap = parse_duration(b.cap)) // no single wait is longer (Argo's backoff.cap)
        delay = std::min(delay, *cap);
    if (!(delay >= 0)) // NaN or negative (a negative factor)
        delay = 0;
    return std::min(delay, 365.0 * 24 * 3600);
}

} // namespace detail
} // namespace engine
} // namespace couler

#endif
