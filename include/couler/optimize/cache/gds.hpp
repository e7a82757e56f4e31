// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_GDS_HPP
#define COULER_OPTIMIZE_CACHE_GDS_HPP

/// @file
/// @brief GreedyDual-Size (Cao and Irani, 1997): each entry holds H = L + cost / size; the
/// lowest H is evicted and the inflation value L rises to it; a hit restores H. Cost-and-size
/// aware, DAG-blind; the cost is the entry's `cost_seconds` (the miss cost the store expects).

#include <couler/optimize/cache/eviction_policy.hpp>

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>

namespace couler {
namespace cache {

/// @brief GreedyDual-Size eviction. O(log n) per operation.
class gds_policy : public eviction_policy {
public:
    std::string_view name() const override { return "gds"; }
    void on_insert(const entry& e, std::uint64_t) override
    {
        on_erase(e.id);
        item it{value(e), seq_++, e};
        order_.emplace(it.h, it.seq, e.id);
        items_[e.id] = std::move(it);
    }
    void on_hit(const std::string& id, std::uint64_t) override
    {
        auto f = items_.find(id);
        if (f == items_.end())
            return;
        order_.erase({f->second.h, f->second.seq, id});
        f->second.h = value(f->second.e);
        f->second.seq = seq_++;
        order_.emplace(f->second.h, f->second.seq, id);
    }
    void on_erase(const std::string& id) override
    {
        auto f = items_.find(id);
        if (f == items_.end())
            return;
        if (!order_.empty() && std::get<2>(*order_.begin()) == id)
            inflation_ = std::max(inflation_, f->second.h); // evicting the minimum: L rises
        order_.erase({f->second.h, f->second.seq, id});
        items_.erase(f);
    }
    std::optional<std::string> victim() override
    {
        if (order_.empty())
            return std::nullopt;
        return std::get<2>(*order_.begin());
    }

private:
    struct item {
        double h = 0;
        std::uint64_t seq = 0;
        entry e;
    };
    double value(const entry& e) const
    {
        return inflation_ + std::max(e.cost_seconds, 0.0) / double(std::max<std::uint64_t>(e.size_bytes, 1));
    }
    std::set<std::tuple<double, std::uint64_t, std::string>> order_;
    std::unordered_map<std::string, item> items_;
    double inflation_ = 0;
    std::uint64_t seq_ = 0;
};

} // namespace cache
} // namespace couler

#endif
