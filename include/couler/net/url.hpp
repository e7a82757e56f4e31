// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_URL_HPP
#define COULER_NET_URL_HPP

/// @file
/// @brief URLs the client accepts, parsed with Boost.URL: http, https, and http+unix (the socket
/// path percent-encoded as the host, `http+unix://%2Frun%2Fslurmrestd.sock/slurm/v0.0.39/ping`).
/// Also the redaction that keeps credentials out of every message.

#include <couler/config.hpp>
#include <couler/net/error.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace couler::net {

/// @brief A parsed request URL: where to connect and what to ask for.
struct target_url {
    enum class kind { http, https, http_unix };
    kind scheme = kind::http;
    std::string host;         ///< host name or IP address (IPv6 without brackets); "localhost" for http+unix
    std::uint16_t port = 80;  ///< the explicit port, or the scheme's default
    std::string target;       ///< origin-form request target: path and query, at least "/"
    std::string socket_path;  ///< for http+unix: the socket's file path
    std::string user;         ///< user information, percent-decoded (used for basic auth)
    std::string password;
    bool has_userinfo = false;
    std::string redacted;     ///< the URL as messages show it: no user information, secret query values masked

    /// @brief True for https.
    bool tls() const noexcept { return scheme == kind::https; }
    /// @brief The Host header: host[:port], the port omitted when it is the scheme's default.
    inline std::string host_header() const;
    /// @brief host:port, IPv6 in brackets (CONNECT's request target).
    inline std::string authority() const;
    /// @brief The absolute-form target sent to an HTTP proxy: scheme://host[:port]/path?query.
    inline std::string absolute_target() const;
};

/// @brief Parses an http, https or http+unix URL.
/// @param ec set to error::bad_url or error::unsupported_scheme on failure.
inline target_url parse_url(std::string_view url, error_code& ec);

/// @brief Parses an http, https or http+unix URL; throws http_error naming the redacted URL.
inline target_url parse_url(std::string_view url);

/// @brief The URL with its user information removed and the values of query parameters that look
/// like secrets (token, key, password, secret, signature, auth...) replaced by "REDACTED".
/// Works on text Boost.URL refuses too, removing anything between "://" and an '@'.
inline std::string redact_url(std::string_view url);

} // namespace couler::net

#include <couler/net/impl/url.hpp>

#endif
