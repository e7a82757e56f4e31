// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_STOP_TOKEN_HPP
#define COULER_NET_STOP_TOKEN_HPP

/// @file
/// @brief A small C++17 stand-in for std::stop_source / std::stop_token: a stream stops at the
/// next record, or at once while it waits for data, when its source asks (from any thread).

#include <couler/config.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace couler::net {

namespace detail {
struct stop_state {
    std::atomic<bool> stopped{false};
    std::mutex m;
    std::uint64_t next = 0;
    std::map<std::uint64_t, std::function<void()>> callbacks;
};
} // namespace detail

class stop_source;

/// @brief Observes a stop_source. A default-constructed token never stops.
class stop_token {
public:
    stop_token() = default;
    bool stop_requested() const noexcept { return s_ && s_->stopped.load(std::memory_order_acquire); }
    bool stop_possible() const noexcept { return static_cast<bool>(s_); }

    /// @brief Calls `f` once when stop is requested (at once if it already was).
    /// @returns an id for remove_callback, or 0 if `f` ran already.
    std::uint64_t add_callback(std::function<void()> f) const
    {
        if (!s_)
            return 0;
        {
            std::lock_guard<std::mutex> lock(s_->m);
            if (!s_->stopped.load()) {
                const auto id = ++s_->next;
                s_->callbacks.emplace(id, std::move(f));
                return id;
            }
        }
        f();
        return 0;
    }
    void remove_callback(std::uint64_t id) const
    {
        if (!s_ || !id)
            return;
        std::lock_guard<std::mutex> lock(s_->m);
        s_->callbacks.erase(id);
    }

private:
    friend class stop_source;
    explicit stop_token(std::shared_ptr<detail::stop_state> s) : s_(std::move(s)) {}
    std::shared_ptr<detail::stop_state> s_;
};

/// @brief Asks the streams holding its tokens to stop.
class stop_source {
public:
    stop_source() : s_(std::make_shared<detail::stop_state>()) {}
    stop_token get_token() const { return stop_token(s_); }
    bool stop_requested() const noexcept { return s_->stopped.load(); }
    /// @brief Requests the stop; returns false if it was requested before.
    bool request_stop()
    {
        std::map<std::uint64_t, std::function<void()>> cbs;
        {
            std::lock_guard<std::mutex> lock(s_->m);
            if (s_->stopped.exchange(true))
                return false;
            cbs.swap(s_->callbacks);
        }
        for (auto& [id, f] : cbs)
            f();
        return true;
    }

private:
    std::shared_ptr<detail::stop_state> s_;
};

} // namespace couler::net

#endif
