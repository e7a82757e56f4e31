// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_API_DETAIL_MD5_HPP
#define COULER_API_DETAIL_MD5_HPP

// MD5 and Python-compatible JSON string quoting, so that Secret names match the Python
// SDK's "couler-" + md5(json.dumps(data, sort_keys=True)). MD5 names things here; it is
// not used for security.

#include <boost/uuid/detail/md5.hpp>

#include <cstdio>
#include <string>
#include <string_view>

namespace couler {
namespace detail {

inline std::string md5_hex(std::string_view text)
{
    boost::uuids::detail::md5 h;
    h.process_bytes(text.data(), text.size());
    boost::uuids::detail::md5::digest_type d;
    h.get_digest(d);
    // Boost 1.81 hands the digest back as four words whose bytes are in big-endian order.
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (int w = 0; w < 4; ++w)
        for (int shift = 24; shift >= 0; shift -= 8) {
            unsigned b = (d[w] >> shift) & 0xFFu;
            out += hex[b >> 4];
            out += hex[b & 15];
        }
    return out;
}

/// The string as Python's json.dumps writes it (ensure_ascii=True): non-ASCII as \uXXXX
/// (UTF-16 surrogate pairs above the BMP).
inline std::string python_json_string(std::string_view s)
{
    std::string out = "\"";
    char buf[8];
    auto u16 = [&](unsigned v) {
        std::snprintf(buf, sizeof buf, "\\u%04x", v);
        out += buf;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        switch (c) {
        case '"': out += "\\\""; continue;
        case '\\': out += "\\\\"; continue;
        case '\n': out += "\\n"; continue;
        case '\r': out += "\\r"; continue;
        case '\t': out += "\\t"; continue;
        case '\b': out += "\\b"; continue;
        case '\f': out += "\\f"; continue;
        default: break;
        }
        if (c < 0x20) {
            u16(c);
        } else if (c < 0x80) {
            out += static_cast<char>(c);
        } else {
            // Decode one UTF-8 sequence; invalid bytes are written as U+FFFD.
            unsigned cp = 0xFFFD;
            std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            if (len > 1 && i + len <= s.size()) {
                cp = c & (0x7F >> len);
                for (std::size_t k = 1; k < len; ++k)
                    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
                i += len - 1;
            }
            if (cp >= 0x10000) {
                cp -= 0x10000;
                u16(0xD800 + (cp >> 10));
                u16(0xDC00 + (cp & 0x3FF));
            } else {
                u16(cp);
            }
        }
    }
    return out + "\"";
}

} // namespace detail
} // namespace couler

#endif
