// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_CLIENT_HPP
#define COULER_NET_CLIENT_HPP

/// @file
/// @brief The HTTP(S) client every engine and model API call goes through: Beast over TCP, TLS
/// (OpenSSL) or a unix socket; keep-alive pool; timeouts; retries; proxies; auth; response and
/// header limits; gzip; and streams read record by record (NDJSON lines, server-sent events).
///
/// No global state: the caller owns the client and the io_context (or executor) it runs on.
/// Every operation exists three ways: `async_*` taking a completion token (Asio's
/// async_initiate), and blocking calls, throwing or with an `error_code&`, built on top.

#include <couler/config.hpp>
#include <couler/net/auth.hpp>
#include <couler/net/detail/move_fn.hpp>
#include <couler/net/error.hpp>
#include <couler/net/message.hpp>
#include <couler/net/proxy.hpp>
#include <couler/net/record_splitter.hpp>
#include <couler/net/retry.hpp>
#include <couler/net/stop_token.hpp>
#include <couler/net/tls.hpp>
#include <couler/net/url.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace couler::net {

/// @brief Everything a client is configured with. Defaults suit API servers.
struct client_options {
    std::chrono::milliseconds connect_timeout{10'000};  ///< resolve + connect + proxy CONNECT + TLS handshake
    std::chrono::milliseconds request_timeout{60'000};  ///< one attempt, from start to complete response
                                                         ///< (for streams: to the response header)
    std::chrono::milliseconds stream_idle_timeout{300'000}; ///< most time between two stream records
    std::chrono::milliseconds pool_idle_timeout{30'000};    ///< idle connections older are closed
    std::size_t max_idle_per_host = 4;                  ///< 0 turns keep-alive reuse off
    std::size_t body_limit = 64u << 20;                 ///< largest response body (decoded), bytes
    std::size_t header_limit = 64u << 10;               ///< largest response header, bytes
    std::size_t record_limit = 16u << 20;               ///< largest stream record, bytes
    retry_policy retry;
    tls_options tls;
    std::optional<proxy_settings> proxy;                ///< unset: read from the environment, as curl
    net::auth auth;                                     ///< default credentials of every request
    std::string unix_socket;                            ///< connect every http request here
    std::string user_agent = "couler/0.1";
    /// @brief Called before every retry; unset, the retry is written to `log`.
    std::function<void(const retry_event&)> on_retry;
    /// @brief Where warnings and retries go; unset, std::clog. Never receives credentials.
    std::function<void(std::string_view)> log;
    /// @brief Seed of the backoff jitter (0: from std::random_device).
    unsigned jitter_seed = 0;
};

/// @brief A record handler for line streams.
using line_handler = std::function<void(std::string_view line)>;
/// @brief A record handler for server-sent event streams.
using event_handler = std::function<void(const sse_event& event)>;

namespace detail {
struct client_state;
}

/// @brief An HTTP(S) client. Not thread-safe: use it from the thread(s) running its executor.
class client {
public:
    using executor_type = boost::asio::any_io_executor;

    /// @brief A client with its own io_context, for blocking calls.
    inline explicit client(client_options options = {});
    /// @brief A client on `ioc`. Blocking calls run `ioc` until they finish, so make them only
    /// when no other thread runs it.
    inline explicit client(boost::asio::io_context& ioc, client_options options = {});
    /// @brief A client on an executor: asynchronous calls only (blocking ones fail with
    /// error::no_io_context).
    inline explicit client(executor_type ex, client_options options = {});
    inline ~client();
    client(const client&) = delete;
    client& operator=(const client&) = delete;

    executor_type get_executor() const noexcept { return ex_; }
    const client_options& options() const noexcept;

    /// @brief Sends `req` and reads the whole response (at most body_limit bytes).
    /// Completion signature: void(error_code, response). A non-2xx status is not an error; a
    /// retryable status that is still there after the last attempt is returned as is.
    template <class CompletionToken>
    auto async_send(request req, CompletionToken&& token);

    /// @brief Sends `req`, streaming a 2xx response body as lines to `on_line` until the
    /// response ends, `stop` is requested, or an error. A non-2xx response is read whole into
    /// response::body instead. Retries (per the policy) only before the first record.
    template <class CompletionToken>
    auto async_stream_lines(request req, line_handler on_line, stop_token stop,
                            CompletionToken&& token);

    /// @brief As async_stream_lines, for text/event-stream: one call per dispatched event.
    template <class CompletionToken>
    auto async_stream_events(request req, event_handler on_event, stop_token stop,
                             CompletionToken&& token);

    /// @brief Blocking send. @throws http_error naming the method and the redacted URL.
    inline response send(const request& req);
    /// @brief Blocking send; errors in `ec`, the response's method and url set for messages.
    inline response send(const request& req, error_code& ec);
    /// @brief Blocking GET of `url`.
    inline response get(std::string url) { return send(request::get(std::move(url))); }

    inline response stream_lines(const request& req, line_handler on_line, stop_token stop = {});
    inline response stream_lines(const request& req, line_handler on_line, stop_token stop, error_code& ec);
    inline response stream_events(const request& req, event_handler on_event, stop_token stop = {});
    inline response stream_events(const request& req, event_handler on_event, stop_token stop,
                                         error_code& ec);

    /// @brief Closes every idle pooled connection.
    inline void close_idle();
    /// @brief Idle pooled connections now (for tests and diagnostics).
    inline std::size_t idle_connections() const;


private:
    enum class mode { whole, lines, events };
    using final_fn = detail::move_fn<error_code, response>;

    // The one non-template entry point of every operation (impl/client.hpp). `done` is called
    // on the client's executor.
    inline void start(request req, mode m, line_handler on_line, event_handler on_event, stop_token stop,
                             final_fn done, bool inline_start = false);
    template <class Token>
    auto initiate(request req, mode m, line_handler on_line, event_handler on_event, stop_token stop, Token&& token);
    inline response run_blocking(request req, mode m, line_handler on_line, event_handler on_event,
                                        stop_token stop, error_code& ec);

    std::unique_ptr<boost::asio::io_context> owned_ioc_;
    boost::asio::io_context* ioc_ = nullptr;
    executor_type ex_;
    std::shared_ptr<detail::client_state> state_;
};

} // namespace couler::net

#include <couler/net/impl/client.hpp>

#endif
