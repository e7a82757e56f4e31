// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_PROXY_HPP
#define COULER_NET_PROXY_HPP

/// @file
/// @brief Which proxy a request goes through, read from the environment the way curl reads it:
/// `http_proxy` (lower case only, as curl: an upper-case HTTP_PROXY can be set by a CGI
/// request's Proxy header), `https_proxy` or `HTTPS_PROXY`, `all_proxy` or `ALL_PROXY` as the
/// fallback, and `no_proxy` or `NO_PROXY` (lower case wins). https goes through CONNECT; http is
/// sent to the proxy in absolute form. Unix sockets never use a proxy.

#include <couler/config.hpp>
#include <couler/net/url.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace couler::net {

/// @brief Proxy URLs (empty: none) and the hosts that bypass them.
struct proxy_settings {
    std::string http_proxy;  ///< used for http:// URLs
    std::string https_proxy; ///< used for https:// URLs (CONNECT)
    std::string no_proxy;    ///< comma-separated: "*", host names (suffix match), IPs, CIDR ranges

    /// @brief Reads the variables through `getenv` (std::getenv by default).
    inline static proxy_settings from_environment(
        const std::function<const char*(const char*)>& getenv = nullptr);

    /// @brief The proxy URL for `url`, or "" for a direct connection.
    inline std::string proxy_for(const target_url& url) const;
};

/// @brief True when `host` matches the no_proxy list as curl matches it: "*" matches all; an
/// entry matches the host itself and its subdomains (a leading dot is ignored); IP entries match
/// the address, and "a.b.c.d/n" or "v6/n" match a range. Case-insensitive; ports are ignored.
inline bool no_proxy_matches(std::string_view no_proxy, std::string_view host);

} // namespace couler::net

#include <couler/net/impl/proxy.hpp>

#endif
