// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_IMPL_URL_HPP
#define COULER_NET_IMPL_URL_HPP

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <cctype>

namespace couler::net {
namespace detail {

inline bool iequals_ascii(std::string_view a, std::string_view b) noexcept
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// Query parameter names whose values are treated as secrets in messages.
inline bool secret_param_name(std::string_view name)
{
    std::string n(name);
    for (auto& c : n)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* word : {"token", "key", "password", "passwd", "secret", "sig", "auth", "credential"})
        if (n.find(word) != std::string::npos)
            return true;
    return false;
}

// Redaction of text that is not a URL: drop "userinfo@" after "://".
inline std::string redact_loose(std::string_view url)
{
    std::string s(url);
    auto start = s.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    auto end = s.find_first_of("/?#", start);
    auto at = s.rfind('@', end == std::string::npos ? std::string::npos : end);
    if (at != std::string::npos && at >= start)
        s.erase(start, at + 1 - start);
    return s;
}

} // namespace detail

inline std::string redact_url(std::string_view url)
{
    auto r = boost::urls::parse_uri_reference(boost::core::string_view(url.data(), url.size()));
    if (!r)
        return detail::redact_loose(url);
    boost::urls::url u(*r);
    if (u.has_userinfo())
        u.remove_userinfo();
    if (u.has_query()) {
        auto params = u.params();
        for (auto it = params.begin(); it != params.end(); ++it) {
            auto p = *it;
            if (p.has_value && detail::secret_param_name(std::string_view(p.key.data(), p.key.size())))
                it = params.replace(it, boost::urls::param_view(p.key, "REDACTED"));
        }
    }
    return std::string(u.buffer());
}

inline std::string target_url::host_header() const
{
    std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    const std::uint16_t def = scheme == kind::https ? 443 : 80;
    if (port != def && scheme != kind::http_unix)
        h += ":" + std::to_string(port);
    return h;
}

inline std::string target_url::authority() const
{
    std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return h + ":" + std::to_string(port);
}

inline std::string target_url::absolute_target() const
{
    return std::string(tls() ? "https://" : "http://") + host_header() + target;
}

inline target_url parse_url(std::string_view text, error_code& ec)
{
    ec = {};
    target_url out;
    auto r = boost::urls::parse_absolute_uri(boost::core::string_view(text.data(), text.size()));
    if (!r) {
        // parse_absolute_uri refuses fragments; a fragment never goes to the server anyway.
        auto r2 = boost::urls::parse_uri(boost::core::string_view(text.data(), text.size()));
        if (!r2) {
            out.redacted = redact_url(text);
            ec = error::bad_url;
            return out;
        }
        r = r2;
    }
    const boost::urls::url_view u = *r;
    // Only user information and query values can hold secrets: skip the rewrite without them.
    out.redacted = u.has_userinfo() || u.has_query() ? redact_url(text) : std::string(text);
    const std::string_view scheme(u.scheme().data(), u.scheme().size());
    if (detail::iequals_ascii(scheme, "http"))
        out.scheme = target_url::kind::http;
    else if (detail::iequals_ascii(scheme, "https"))
        out.scheme = target_url::kind::https;
    else if (detail::iequals_ascii(scheme, "http+unix"))
        out.scheme = target_url::kind::http_unix;
    else {
        ec = error::unsupported_scheme;
        return out;
    }
    if (!u.has_authority() || u.encoded_host().empty()) {
        ec = error::bad_url;
        return out;
    }
    if (out.scheme == target_url::kind::http_unix) {
        out.socket_path = std::string(u.host());
        out.host = "localhost";
        if (out.socket_path.empty() || out.socket_path.find('\0') != std::string::npos) {
            ec = error::bad_url;
            return out;
        }
    } else {
        out.host = std::string(u.host_address());
        if (out.host.empty()) {
            ec = error::bad_url;
            return out;
        }
    }
    out.port = out.scheme == target_url::kind::https ? 443 : 80;
    if (u.has_port()) {
        const std::string_view p(u.port().data(), u.port().size());
        if (p.empty() || p.size() > 5 || std::stoul(std::string(p)) == 0 || std::stoul(std::string(p)) > 65535) {
            ec = error::bad_url;
            return out;
        }
        out.port = static_cast<std::uint16_t>(std::stoul(std::string(p)));
    }
    if (u.has_userinfo()) {
        out.has_userinfo = true;
        out.user = std::string(u.user());
        out.password = std::string(u.password());
    }
    out.target = std::string(u.encoded_path());
    if (out.target.empty())
        out.target = "/";
    if (u.has_query())
        out.target.append("?").append(u.encoded_query().data(), u.encoded_query().size());
    return out;
}

inline target_url parse_url(std::string_view text)
{
    error_code ec;
    auto u = parse_url(text, ec);
    if (ec)
        throw http_error(ec, "parsing URL " + u.redacted + ": " + ec.message());
    return u;
}

} // namespace couler::net

#endif
