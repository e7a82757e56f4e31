// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_ERROR_HPP
#define COULER_NET_ERROR_HPP

/// @file
/// @brief The HTTP client's own error codes, its exception type, and the one function that turns
/// an error into a message naming the request (with its credentials stripped).

#include <couler/config.hpp>

#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>

namespace couler::net {

using error_code = boost::system::error_code;

/// @brief Failures the client reports itself (transport errors keep their Asio, SSL or Beast codes).
enum class error {
    bad_url = 1,            ///< the URL does not parse, or names no host
    unsupported_scheme,     ///< a scheme other than http, https or http+unix
    body_limit,             ///< the response body (after decoding) exceeds client_options::body_limit
    header_limit,           ///< the response header exceeds client_options::header_limit
    connect_timeout,        ///< no connection within client_options::connect_timeout
    request_timeout,        ///< no complete response within client_options::request_timeout
    idle_timeout,           ///< a stream went quiet for longer than client_options::stream_idle_timeout
    connection_closed,      ///< the server closed the connection before a complete response
    stream_truncated,       ///< a stream ended in the middle of a record
    record_too_large,       ///< one stream record exceeds client_options::record_limit
    proxy_refused,          ///< the proxy answered CONNECT with something other than 2xx
    decompress_failed,      ///< a gzip response body is corrupt
    unsupported_encoding,   ///< decompression asked for, and the server used another encoding
    credentials_unavailable,///< an auth token or password source could not be read
    unsupported_proxy,      ///< a proxy URL with a scheme other than http
    no_io_context,          ///< a blocking call on a client built from an executor alone
};

/// @brief The category of couler::net::error.
inline const boost::system::error_category& net_category() noexcept;

/// @brief Makes an error_code of couler::net::error (found by argument-dependent lookup).
inline error_code make_error_code(error e) noexcept
{
    return {static_cast<int>(e), net_category()};
}

/// @brief Writes the error's message.
inline std::ostream& operator<<(std::ostream& os, error e)
{
    return os << make_error_code(e).message();
}

/// @brief What a throwing call of the client throws: the error code, and a message that names
/// the method and the URL with its user information and secret-looking query values removed.
class http_error : public boost::system::system_error {
public:
    http_error(error_code ec, std::string what) : boost::system::system_error(ec), what_(std::move(what)) {}
    /// @brief The whole message, as given (system_error would append the code's message again).
    const char* what() const noexcept override { return what_.c_str(); }

private:
    std::string what_;
};

/// @brief "GET http://host/path: <what went wrong>", the URL already redacted by the caller.
/// @param detail extra words appended after the error's own message (may be empty).
inline std::string describe_error(std::string_view method, std::string_view redacted_url, error_code ec,
                                         std::string_view detail = {});

} // namespace couler::net

template <>
struct boost::system::is_error_code_enum<couler::net::error> : std::true_type {};

#include <couler/net/impl/error.hpp>

#endif
