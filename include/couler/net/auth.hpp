// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_AUTH_HPP
#define COULER_NET_AUTH_HPP

/// @file
/// @brief Credentials: bearer tokens and basic auth whose secret comes from a string, an
/// environment variable or a file. A file is read again when it changes (Kubernetes rotates
/// projected service-account tokens in place). Secrets never reach a message: the types print
/// as "REDACTED" and the client's errors and logs carry no header values.

#include <couler/config.hpp>
#include <couler/net/error.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>

namespace couler::net {

/// @brief Where a secret comes from. Cheap to copy: copies share the cached file contents.
class secret_source {
public:
    /// @brief No secret (an empty string).
    secret_source() = default;
    /// @brief The secret itself.
    static secret_source from_string(std::string value);
    /// @brief The value of an environment variable, read at each use.
    static secret_source from_env(std::string variable);
    /// @brief The contents of a file (surrounding whitespace trimmed), read again when its
    /// modification time or size changes.
    static secret_source from_file(std::string path);

    /// @brief The secret now. @param ec error::credentials_unavailable if the variable is unset or
    /// the file cannot be read (the message never contains the secret).
    inline std::string get(error_code& ec) const;

    /// @brief Where the secret comes from, for messages: "a string", "$VAR", "file /path".
    inline std::string origin() const;

    friend std::ostream& operator<<(std::ostream& os, const secret_source&) { return os << "REDACTED"; }

private:
    enum class kind { none, value, env, file };
    struct file_cache {
        std::mutex m;
        std::string value;
        long long mtime_ns = -1;
        long long size = -1;
    };
    kind kind_ = kind::none;
    std::string value_; // the secret, the variable's name or the file's path
    std::shared_ptr<file_cache> cache_;
};

/// @brief How requests authenticate: none, `Authorization: Bearer <token>`, or basic.
class auth {
public:
    auth() = default;
    static auth bearer(secret_source token);
    static auth basic(std::string user, secret_source password);

    bool empty() const noexcept { return kind_ == kind::none; }

    /// @brief The Authorization header value now (re-reading a rotated file).
    inline std::string header_value(error_code& ec) const;

    friend std::ostream& operator<<(std::ostream& os, const auth&) { return os << "REDACTED"; }

private:
    enum class kind { none, bearer, basic };
    kind kind_ = kind::none;
    std::string user_;
    secret_source secret_;
};

/// @brief Base64 (RFC 4648, with padding).
inline std::string base64_encode(std::string_view in);

} // namespace couler::net

#include <couler/net/impl/auth.hpp>

#endif
