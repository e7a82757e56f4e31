// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_IMPL_ERROR_HPP
#define COULER_NET_IMPL_ERROR_HPP

namespace couler::net {
namespace detail {

class net_error_category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "couler.net"; }
    std::string message(int ev) const override
    {
        switch (static_cast<error>(ev)) {
        case error::bad_url: return "the URL is not valid";
        case error::unsupported_scheme: return "unsupported URL scheme (use http, https or http+unix)";
        case error::body_limit: return "the response body exceeds the client's body limit";
        case error::header_limit: return "the response header exceeds the client's header limit";
        case error::connect_timeout: return "timed out connecting";
        case error::request_timeout: return "timed out waiting for the response";
        case error::idle_timeout: return "the stream sent no record within the idle timeout";
        case error::connection_closed: return "the server closed the connection before a complete response";
        case error::stream_truncated: return "the stream ended in the middle of a record";
        case error::record_too_large: return "a stream record exceeds the client's record limit";
        case error::proxy_refused: return "the proxy refused the CONNECT request";
        case error::decompress_failed: return "the gzip response body is corrupt";
        case error::unsupported_encoding: return "the response uses a content encoding the client cannot decode";
        case error::credentials_unavailable: return "the credentials could not be read";
        case error::unsupported_proxy: return "unsupported proxy URL (only http:// proxies are supported)";
        case error::no_io_context: return "a blocking call needs a client that owns or was given an io_context";
        }
        return "unknown couler.net error";
    }
};

} // namespace detail

inline const boost::system::error_category& net_category() noexcept
{
    static const detail::net_error_category category;
    return category;
}

inline std::string describe_error(std::string_view method, std::string_view redacted_url, error_code ec,
                                         std::string_view detail)
{
    std::string s;
    s.append(method).append(" ").append(redacted_url).append(": ").append(ec.message());
    if (!detail.empty())
        s.append(" (").append(detail).append(")");
    return s;
}

} // namespace couler::net

#endif
