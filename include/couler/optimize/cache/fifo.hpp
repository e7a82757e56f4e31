// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_FIFO_HPP
#define COULER_OPTIMIZE_CACHE_FIFO_HPP

/// @file
/// @brief First in, first out: evicts the entry stored longest ago; reads do not refresh it.

#include <couler/optimize/cache/eviction_policy.hpp>

#include <list>
#include <string>
#include <unordered_map>

namespace couler {
namespace cache {

/// @brief FIFO eviction. O(1) per operation.
class fifo_policy : public eviction_policy {
public:
    std::string_view name() const override { return "fifo"; }
    void on_insert(const entry& e, std::uint64_t) override
    {
        on_erase(e.id);
        order_.push_back(e.id);
        where_[e.id] = std::prev(order_.end());
    }
    void on_hit(const std::string&, std::uint64_t) override {}
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
