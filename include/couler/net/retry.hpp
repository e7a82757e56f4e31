// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_RETRY_HPP
#define COULER_NET_RETRY_HPP

/// @file
/// @brief When and how long the client waits before trying a request again: a policy object
/// (attempts, total time, exponential backoff with full jitter), the Retry-After header in
/// seconds or as an HTTP date, and the event every retry reports.

#include <couler/config.hpp>
#include <couler/net/error.hpp>

#include <chrono>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace couler::net {

/// @brief How often and for how long a request that is safe to repeat is retried.
///
/// Retried: connection failures (refused, reset, closed before the response, connect timeout)
/// and the statuses 429, 502, 503 and 504; only requests that are safe to repeat
/// (request::idempotent, by default GET, HEAD and OPTIONS).
/// The wait before retry n (1-based) is uniform in [0, min(max_delay, base_delay * 2^(n-1))]
/// ("full jitter"), or the server's Retry-After when it sent one. No retry starts whose wait
/// would end past max_elapsed after the first attempt began.
struct retry_policy {
    unsigned max_attempts = 4;                          ///< attempts in all, the first included
    std::chrono::milliseconds max_elapsed{60'000};      ///< no retry may start after this
    std::chrono::milliseconds base_delay{200};
    std::chrono::milliseconds max_delay{10'000};

    /// @brief A policy that never retries.
    static retry_policy none() { return retry_policy{1, {}, {}, {}}; }

    /// @brief The full-jitter wait before retry `retry` (1 for the first retry).
    template <class URBG>
    std::chrono::milliseconds backoff(unsigned retry, URBG& rng) const
    {
        const auto cap = max_delay.count();
        long long ceiling = base_delay.count();
        for (unsigned i = 1; i < retry && ceiling < cap; ++i)
            ceiling *= 2;
        if (ceiling > cap)
            ceiling = cap;
        if (ceiling <= 0)
            return std::chrono::milliseconds(0);
        std::uniform_int_distribution<long long> d(0, ceiling);
        return std::chrono::milliseconds(d(rng));
    }
};

/// @brief True for the statuses worth retrying: 429, 502, 503, 504.
inline bool retryable_status(unsigned status) noexcept
{
    return status == 429 || status == 502 || status == 503 || status == 504;
}

/// @brief True for transport failures worth retrying (the connection failed or dropped).
inline bool retryable_error(error_code ec) noexcept;

/// @brief Parses a Retry-After value: delay-seconds, or an HTTP-date (IMF-fixdate, RFC 850 or
/// asctime form) measured from `now`. A date in the past gives zero; nonsense gives nullopt.
inline std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

/// @brief Parses an HTTP-date to seconds since the epoch; nullopt if it is not one.
inline std::optional<long long> parse_http_date(std::string_view value);

/// @brief What the retry hook receives before every retry.
struct retry_event {
    std::string method;
    std::string url;                ///< redacted
    unsigned attempt = 0;           ///< the attempt that failed (1 for the first)
    error_code error;               ///< the transport error, or empty when `status` caused it
    unsigned status = 0;            ///< the HTTP status that caused it, or 0
    std::chrono::milliseconds delay{}; ///< the wait before the next attempt
    bool from_retry_after = false;  ///< the delay is the server's Retry-After
    /// @brief One log line: "retrying GET http://h/x after 503 (attempt 1), waiting 180 ms".
    inline std::string message() const;
};

} // namespace couler::net

#include <couler/net/impl/retry.hpp>

#endif
