// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_MESSAGE_HPP
#define COULER_NET_MESSAGE_HPP

/// @file
/// @brief What a caller sends and gets back: a request (any method, headers, body, whether it is
/// safe to repeat) and a response (status, headers, body, and how many attempts it took).

#include <couler/config.hpp>
#include <couler/net/auth.hpp>

#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/verb.hpp>

#include <optional>
#include <string>

namespace couler::net {

namespace http = boost::beast::http;

/// @brief One HTTP request.
struct request {
    http::verb method = http::verb::get;
    std::string url;           ///< http://, https:// or http+unix:// (user information becomes basic auth)
    http::fields headers;      ///< sent as given; Host, User-Agent and Content-Length are filled in
    std::string body;
    /// @brief Safe to send again after a failure. Unset: true for GET, HEAD and OPTIONS. Set it for
    /// a create that is idempotent by a client-chosen name (e.g. a POST whose object name is fixed).
    std::optional<bool> idempotent;
    bool decompress = false;   ///< ask for gzip (Accept-Encoding) and decode a gzip response
    std::optional<net::auth> auth; ///< overrides client_options::auth for this request
    std::string unix_socket;   ///< connect to this socket file instead of the URL's host (http only)

    /// @brief A GET of `url`.
    static request get(std::string url)
    {
        request r;
        r.url = std::move(url);
        return r;
    }
    /// @brief Whether the retry policy may send this request again.
    bool safe_to_repeat() const noexcept
    {
        if (idempotent)
            return *idempotent;
        return method == http::verb::get || method == http::verb::head || method == http::verb::options;
    }
};

/// @brief One HTTP response (or, for a stream, its status and headers).
struct response {
    unsigned status = 0;
    http::fields headers;
    std::string body;          ///< decoded when the request asked for decompression
    std::string method;        ///< the request's method, for messages
    std::string url;           ///< the request's URL, redacted, for messages
    unsigned attempts = 0;     ///< attempts made (1 when the first succeeded)
    std::size_t records = 0;   ///< for streams: records delivered
    std::string error_detail;  ///< on failure, what the error code alone cannot say (a TLS
                               ///< verification reason, a limit, the proxy's status); no secrets

    /// @brief True for 2xx.
    bool ok() const noexcept { return status >= 200 && status < 300; }
};

} // namespace couler::net

#endif
