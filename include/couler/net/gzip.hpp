// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_GZIP_HPP
#define COULER_NET_GZIP_HPP

/// @file
/// @brief Incremental gzip/zlib decoding (zlib) with a bound on the decoded size, so a small
/// compressed body cannot expand without limit.

#include <couler/config.hpp>
#include <couler/net/error.hpp>

#include <cstddef>
#include <string_view>

#include <zlib.h>

namespace couler::net {

/// @brief Decodes a gzip or zlib stream given in pieces.
class inflater {
public:
    /// @param limit the most decoded bytes accepted in all (error::body_limit past it).
    explicit inflater(std::size_t limit) : limit_(limit)
    {
        zs_.zalloc = Z_NULL;
        zs_.zfree = Z_NULL;
        zs_.opaque = Z_NULL;
        ok_ = inflateInit2(&zs_, 15 + 32) == Z_OK; // 32: detect gzip or zlib headers
    }
    ~inflater() { inflateEnd(&zs_); }
    inflater(const inflater&) = delete;
    inflater& operator=(const inflater&) = delete;

    /// @brief Decodes `in`, calling `out(std::string_view)` with decoded pieces; `out` returns
    /// false to stop. @returns false on error (ec set) or when `out` stopped.
    template <class Out>
    bool feed(std::string_view in, Out&& out, error_code& ec)
    {
        ec = {};
        if (!ok_) {
            ec = error::decompress_failed;
            return false;
        }
        zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
        zs_.avail_in = static_cast<uInt>(in.size());
        char buf[16384];
        while (zs_.avail_in > 0 && !done_) {
            zs_.next_out = reinterpret_cast<Bytef*>(buf);
            zs_.avail_out = sizeof buf;
            const int rc = inflate(&zs_, Z_NO_FLUSH);
            if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
                ec = error::decompress_failed;
                return false;
            }
            const std::size_t n = sizeof buf - zs_.avail_out;
            total_ += n;
            if (total_ > limit_) {
                ec = error::body_limit;
                return false;
            }
            if (n && !out(std::string_view(buf, n)))
                return false;
            if (rc == Z_STREAM_END)
                done_ = true;
            else if (rc == Z_BUF_ERROR && n == 0)
                break;
        }
        // Bytes after the end of the gzip stream are ignored (concatenated members are rare in HTTP).
        return true;
    }

    /// @brief True once the whole compressed stream has been decoded.
    bool done() const noexcept { return done_; }

private:
    z_stream zs_{};
    std::size_t limit_;
    std::size_t total_ = 0;
    bool ok_ = false;
    bool done_ = false;
};

} // namespace couler::net

#endif
