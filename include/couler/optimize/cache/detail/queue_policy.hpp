// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_DETAIL_QUEUE_POLICY_HPP
#define COULER_OPTIMIZE_CACHE_DETAIL_QUEUE_POLICY_HPP

#include <couler/optimize/cache/eviction_policy.hpp>

#include <iterator>
#include <list>
#include <string>
#include <unordered_map>

namespace couler {
namespace cache {
namespace detail {

/// The bookkeeping FIFO and LRU share: entries in a queue, the victim at the front, O(1) per
/// operation. A derived policy decides what a hit does (`touch` moves an entry to the back).
class queue_policy : public eviction_policy {
public:
    void on_insert(const entry& e, std::uint64_t) override
    {
        on_erase(e.id);
        order_.push_back(e.id);
        where_[e.id] = std::prev(order_.end());
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

protected:
    void touch(const std::string& id)
    {
        auto it = where_.find(id);
        if (it != where_.end())
            order_.splice(order_.end(), order_, it->second);
    }

private:
    std::list<std::string> order_;
    std::unordered_map<std::string, std::list<std::string>::iterator> where_;
};

} // namespace detail
} // namespace cache
} // namespace couler

#endif
