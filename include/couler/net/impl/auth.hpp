// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_IMPL_AUTH_HPP
#define COULER_NET_IMPL_AUTH_HPP

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace couler::net {

inline secret_source secret_source::from_string(std::string value)
{
    secret_source s;
    s.kind_ = kind::value;
    s.value_ = std::move(value);
    return s;
}

inline secret_source secret_source::from_env(std::string variable)
{
    secret_source s;
    s.kind_ = kind::env;
    s.value_ = std::move(variable);
    return s;
}

inline secret_source secret_source::from_file(std::string path)
{
    secret_source s;
    s.kind_ = kind::file;
    s.value_ = std::move(path);
    s.cache_ = std::make_shared<file_cache>();
    return s;
}

inline std::string secret_source::origin() const
{
    switch (kind_) {
    case kind::none: return "nothing";
    case kind::value: return "a string";
    case kind::env: return "$" + value_;
    case kind::file: return "file " + value_;
    }
    return {};
}

namespace detail {
inline std::string trim_secret(std::string s)
{
    const char* ws = " \t\r\n";
    s.erase(0, s.find_first_not_of(ws) == std::string::npos ? s.size() : s.find_first_not_of(ws));
    s.erase(s.find_last_not_of(ws) + 1);
    return s;
}
} // namespace detail

inline std::string secret_source::get(error_code& ec) const
{
    ec = {};
    switch (kind_) {
    case kind::none: return {};
    case kind::value: return value_;
    case kind::env: {
        const char* v = std::getenv(value_.c_str());
        if (!v) {
            ec = error::credentials_unavailable;
            return {};
        }
        return v;
    }
    case kind::file: {
        struct stat st {};
        if (::stat(value_.c_str(), &st) != 0) {
            ec = error::credentials_unavailable;
            return {};
        }
        const long long mtime = static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000LL + st.st_mtim.tv_nsec;
        std::lock_guard<std::mutex> lock(cache_->m);
        if (mtime != cache_->mtime_ns || static_cast<long long>(st.st_size) != cache_->size) {
            std::ifstream in(value_, std::ios::binary);
            if (!in) {
                ec = error::credentials_unavailable;
                return {};
            }
            std::ostringstream ss;
            ss << in.rdbuf();
            cache_->value = detail::trim_secret(ss.str());
            cache_->mtime_ns = mtime;
            cache_->size = static_cast<long long>(st.st_size);
        }
        return cache_->value;
    }
    }
    return {};
}

inline auth auth::bearer(secret_source token)
{
    auth a;
    a.kind_ = kind::bearer;
    a.secret_ = std::move(token);
    return a;
}

inline auth auth::basic(std::string user, secret_source password)
{
    auth a;
    a.kind_ = kind::basic;
    a.user_ = std::move(user);
    a.secret_ = std::move(password);
    return a;
}

inline std::string auth::header_value(error_code& ec) const
{
    ec = {};
    if (kind_ == kind::none)
        return {};
    std::string secret = secret_.get(ec);
    if (ec)
        return {};
    if (kind_ == kind::bearer)
        return "Bearer " + secret;
    return "Basic " + base64_encode(user_ + ":" + secret);
}

inline std::string base64_encode(std::string_view in)
{
    static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                           static_cast<unsigned char>(in[i + 2]);
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += table[(v >> 6) & 63];
        out += table[v & 63];
    }
    if (i + 1 == in.size()) {
        const unsigned v = static_cast<unsigned char>(in[i]) << 16;
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == in.size()) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += table[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

} // namespace couler::net

#endif
