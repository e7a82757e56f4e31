// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_DETAIL_POSIX_HPP
#define COULER_ENGINE_DETAIL_POSIX_HPP

// File helpers the engine shares: durable atomic writes, whole-file reads, flock guards.

#include <couler/config.hpp>
#include <couler/engine/detail/sha256.hpp>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace couler {
namespace engine {
namespace detail {

namespace fs = std::filesystem;

COULER_INLINE std::error_code last_errno() { return {errno, std::generic_category()}; }

/// Writes all of `n` bytes, retrying on EINTR and short writes.
COULER_INLINE bool write_all(int fd, const void* data, std::size_t n)
{
    auto p = static_cast<const char*>(data);
    while (n > 0) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

/// fsyncs a directory so a rename inside it survives a crash.
COULER_INLINE void fsync_dir(const fs::path& dir)
{
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

/// Unique temporary name beside `target`, so the final rename stays on one file system.
COULER_INLINE fs::path temp_name(const fs::path& dir, const std::string& stem)
{
    static unsigned counter = 0;
    return dir / (".tmp." + stem + "." + std::to_string(::getpid()) + "." + std::to_string(++counter));
}

// Publishing a file atomically is two steps: write a temp file beside the target (fsync'd if
// durable), then commit_temp. Readers see the old content or the new one, never a prefix.

/// Writes a new temp file `tmp` (mode `mode`) with `fill(fd)`, fsync'd if `durable`. On failure
/// sets `ec` and removes `tmp`.
template <class Fill>
bool write_temp(const fs::path& tmp, mode_t mode, bool durable, std::error_code& ec, Fill fill)
{
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) {
        ec = last_errno();
        return false;
    }
    bool ok = fill(fd) && (!durable || ::fsync(fd) == 0);
    if (!ok)
        ec = last_errno();
    ::close(fd);
    if (!ok)
        ::unlink(tmp.c_str());
    return ok;
}

/// Copies the rest of `in` to `out`, hashing it into `h` and counting its bytes into `size`.
COULER_INLINE bool copy_hashing(int in, int out, sha256& h, std::uint64_t& size)
{
    char buf[65536];
    for (;;) {
        ssize_t r = ::read(in, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 || (r > 0 && !write_all(out, buf, static_cast<std::size_t>(r))))
            return false;
        if (r == 0)
            return true;
        h.update(buf, static_cast<std::size_t>(r));
        size += static_cast<std::uint64_t>(r);
    }
}

/// Renames the temp file `tmp` to `target` (removing `tmp` on failure) and, if `durable`,
/// fsyncs the directory so the rename survives a crash.
COULER_INLINE bool commit_temp(const fs::path& tmp, const fs::path& target, bool durable, std::error_code& ec)
{
    if (::rename(tmp.c_str(), target.c_str()) != 0) {
        ec = last_errno();
        ::unlink(tmp.c_str());
        return false;
    }
    if (durable)
        fsync_dir(target.parent_path());
    return true;
}

/// Atomic, durable write: temp file, fsync, rename, fsync of the directory.
COULER_INLINE void atomic_write(const fs::path& target, const std::string& data, std::error_code& ec, bool durable = true)
{
    ec.clear();
    fs::path tmp = temp_name(target.parent_path(), target.filename().string());
    if (write_temp(tmp, 0644, durable, ec, [&](int fd) { return write_all(fd, data.data(), data.size()); }))
        commit_temp(tmp, target, durable, ec);
}

/// Reads a whole file.
COULER_INLINE bool read_whole(const fs::path& p, std::string& out, std::error_code& ec)
{
    ec.clear();
    out.clear();
    int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        ec = last_errno();
        return false;
    }
    char buf[65536];
    for (;;) {
        ssize_t r = ::read(fd, buf, sizeof buf);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            ec = last_errno();
            ::close(fd);
            return false;
        }
        if (r == 0)
            break;
        out.append(buf, static_cast<std::size_t>(r));
    }
    ::close(fd);
    return true;
}

/// An flock on a lock file, released on destruction. Shared for readers and writers of
/// content-addressed objects; exclusive for whoever deletes.
class file_lock {
public:
    file_lock() = default;
    file_lock(const fs::path& p, bool exclusive) { lock(p, exclusive); }
    file_lock(const file_lock&) = delete;
    file_lock& operator=(const file_lock&) = delete;
    ~file_lock() { unlock(); }

    bool lock(const fs::path& p, bool exclusive)
    {
        unlock();
        fd_ = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0)
            return false;
        while (::flock(fd_, exclusive ? LOCK_EX : LOCK_SH) != 0)
            if (errno != EINTR) {
                ::close(fd_);
                fd_ = -1;
                return false;
            }
        return true;
    }
    void unlock()
    {
        if (fd_ >= 0) {
            ::flock(fd_, LOCK_UN);
            ::close(fd_);
            fd_ = -1;
        }
    }

private:
    int fd_ = -1;
};

} // namespace detail
} // namespace engine
} // namespace couler

#endif
