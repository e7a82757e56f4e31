// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_OPTIMIZE_CACHE_EVICTION_POLICY_HPP
#define COULER_OPTIMIZE_CACHE_EVICTION_POLICY_HPP

/// @file
/// @brief The one interface every cache eviction policy implements, so that the benchmark
/// harness, the simulator and the local engine's artifact store accept any policy.

#include <couler/config.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace couler {
namespace cache {

/// @brief What a policy is told about one cached artifact.
struct entry {
    std::string id;               ///< unique key: a content hash in the engine's store, an artifact id in the simulator
    std::uint64_t size_bytes = 0;
    double cost_seconds = 0;      ///< time to produce it again, if known
    std::string producer;         ///< the step that produced it, if known
    std::string artifact;         ///< the artifact's name, if known
};

/// @brief Decides what to keep when the cache is full.
///
/// The cache calls `admit` before storing a new entry, `on_insert` after storing it,
/// `on_hit` on every read, `on_erase` when an entry leaves (evicted or deleted), and
/// `victim` when it needs room. `clock` is a logical time that never decreases.
/// DAG-aware policies are built with the workflow and learn progress from `on_step`.
class eviction_policy {
public:
    virtual ~eviction_policy() = default;

    /// @brief The policy's name, as `--policy` spells it (`lru`, `importance-factor`, ...).
    virtual std::string_view name() const = 0;

    /// @brief Whether to store `e` at all (Algorithm 2 may refuse low-value artifacts).
    virtual bool admit(const entry& e, std::uint64_t capacity_bytes) { return e.size_bytes <= capacity_bytes; }

    virtual void on_insert(const entry& e, std::uint64_t clock) = 0;
    virtual void on_hit(const std::string& id, std::uint64_t clock) = 0;
    virtual void on_erase(const std::string& id) = 0;

    /// @brief The entry to evict next, or nullopt if the policy holds none.
    virtual std::optional<std::string> victim() = 0;

    /// @brief The entry to evict to make room for `incoming`, which is not stored yet.
    ///
    /// Returning `incoming.id` itself means "refuse the newcomer" (paper Algorithm 2, line 29:
    /// the new artifact scores lowest). Stores that only call victim() keep working: the
    /// default asks victim(), so policies that never refuse need not override this.
    virtual std::optional<std::string> victim_for(const entry& incoming)
    {
        (void)incoming;
        return victim();
    }

    /// @brief The engine started running `step` (DAG-aware policies use it; others ignore it).
    virtual void on_step(const std::string& step, std::uint64_t clock)
    {
        (void)step;
        (void)clock;
    }
};

} // namespace cache
} // namespace couler

#endif
