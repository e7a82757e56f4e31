// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_LRU_HPP
#define COULER_OPTIMIZE_CACHE_LRU_HPP

/// @file
/// @brief Least recently used: evicts the entry read or written longest ago.

#include <couler/optimize/cache/detail/queue_policy.hpp>

#include <string>

namespace couler {
namespace cache {

/// @brief LRU eviction. O(1) per operation.
class lru_policy : public detail::queue_policy {
public:
    std::string_view name() const override { return "lru"; }
    void on_hit(const std::string& id, std::uint64_t) override { touch(id); } // most recent at the back
};

} // namespace cache
} // namespace couler

#endif
