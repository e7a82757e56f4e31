// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_LRU_HPP
#define COULER_OPTIMIZE_CACHE_LRU_HPP

/// @file
/// @brief Least recently used: evicts the entry read or written longest ago.

#include <couler/optimize/cache/eviction_policy.hpp>

#include <list>
#include <string>
#include <unordered_map>

namespace couler {
namespace cache {

/// @brief LRU eviction. O(1) per operation.
class lru_policy : public eviction_policy {
public:
    std::string_view name() const override { return "lru"; }
    void on_insert(const entry& e, std::uint64_t) override
    {
        on_erase(e.id);
        order_.push_back(e.id);
        where_[e.id] = std::prev(order_.end());
    }
    void on_hit(const std::string& id, std::uint64_t) override
    {
        auto it = where_.find(id);
        if (it != where_.end())
            order_.splice(order_.end(), order_, it->second); // most recent at the back
    }
    void on_erase(const std::string& id) override
    {
        auto it = where_.find(id);
        if (it == where_.end())
            return;
        order_.erase(it->second);
        where_.erase(it);
    }
    std::optional<std::string> victim() override
    {
        if (order_.empty())
            return std::nullopt;
        return order_.front();
    }

private:
    std::list<std::string> order_;
    std::unordered_map<std::string, std::list<std::string>::iterator> where_;
};

} // namespace cache
} // namespace couler

#endif
