// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_FIFO_HPP
#define COULER_OPTIMIZE_CACHE_FIFO_HPP

/// @file
/// @brief First in, first out: evicts the entry stored longest ago; reads do not refresh it.

#include <couler/optimize/cache/detail/queue_policy.hpp>

#include <string>

namespace couler {
namespace cache {

/// @brief FIFO eviction. O(1) per operation.
class fifo_policy : public detail::queue_policy {
public:
    std::string_view name() const override { return "fifo"; }
    void on_hit(const std::string&, std::uint64_t) override {}
};

} // namespace cache
} // namespace couler

#endif
