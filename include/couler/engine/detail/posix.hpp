// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_DETAIL_POSIX_HPP
#define COULER_ENGINE_DETAIL_POSIX_HPP

// File helpers the engine shares: durable atomic writes, whole-file reads, flock guards.

#include <couler/config.hpp>
#include <couler/engine/detail/sha256.hpp>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

namespace couler {
namespace engine {
namespace detail {

namespace fs = std::filesystem;

inline std::error_code last_errno() { return {errno, std::generic_category()}; }

/// Writes all of `n` bytes, retrying on EINTR and short writes.
inline bool write_all(int fd, const void* data, std::size_t n)
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
inline void fsync_dir(const fs::path& dir)
{
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

/// A temporary name in `dir` (beside its target, so the final rename stays on one file
/// system): `.tmp.<stem>.<pid>.<64 random bits><counter>`. Whoever can write `dir` (a step, a
/// container sharing the step's directory) must not be able to guess it and plant a link
/// there; the atomic counter keeps names unique across threads. The pid lets the store tell
/// a dead writer's leftovers; the stem is cut so the name stays within NAME_MAX.
inline fs::path temp_name(const fs::path& dir, const std::string& stem)
{
    static std::atomic<unsigned long long> counter{0};
    std::uint64_t r = 0;
    if (::getrandom(&r, sizeof r, 0) != static_cast<ssize_t>(sizeof r)) {
        // No entropy source (very old kernel): still unpredictable enough to an outsider.
        static std::random_device rd;
        static std::mutex m;
        std::lock_guard<std::mutex> g(m);
        r = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    }
    char tail[48];
    std::snprintf(tail, sizeof tail, "%016llx%llx", static_cast<unsigned long long>(r), ++counter);
    return dir / (".tmp." + stem.substr(0, 128) + "." + std::to_string(::getpid()) + "." + tail);
}

// Publishing a file atomically is two steps: write a temp file beside the target (fsync'd if
// durable), then commit_temp. Readers see the old content or the new one, never a prefix.

/// Writes a new temp file `tmp` (mode `mode`) with `fill(fd)`, fsync'd if `durable`. On failure
/// sets `ec` and removes `tmp`. The file must not exist: O_EXCL and O_NOFOLLOW, so a file or
/// link planted at its name fails (EEXIST) instead of being written through.
template <class Fill>
bool write_temp(const fs::path& tmp, mode_t mode, bool durable, std::error_code& ec, Fill fill)
{
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) {
        ec = last_errno();
        return false;
    }
    ::fchmod(fd, mode); // exactly `mode`, whatever the umask (a script must be executable)
    bool ok = fill(fd) && (!durable || ::fsync(fd) == 0);
    if (!ok)
        ec = last_errno();
    ::close(fd);
    if (!ok)
        ::unlink(tmp.c_str());
    return ok;
}

/// Copies the rest of `in` to `out`, hashing it into `h` and counting its bytes into `size`.
inline bool copy_hashing(int in, int out, sha256& h, std::uint64_t& size)
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
inline bool commit_temp(const fs::path& tmp, const fs::path& target, bool durable, std::error_code& ec)
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

/// Atomic, durable write: temp file, fsync, rename, fsync of the directory. The rename
/// replaces whatever is at `target` (a link included) and never writes through it.
inline void atomic_write(const fs::path& target, const std::string& data, std::error_code& ec, bool durable = true,
                                mode_t mode = 0644)
{
    ec.clear();
    fs::path tmp = temp_name(target.parent_path(), target.filename().string());
    if (write_temp(tmp, mode, durable, ec, [&](int fd) { return write_all(fd, data.data(), data.size()); }))
        commit_temp(tmp, target, durable, ec);
}

/// Reads the rest of `fd` into `out`.
inline bool read_fd(int fd, std::string& out)
{
    out.clear();
    char buf[65536];
    for (;;) {
        ssize_t r = ::read(fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return false;
        if (r == 0)
            return true;
        out.append(buf, static_cast<std::size_t>(r));
    }
}

/// Reads a whole file.
inline bool read_whole(const fs::path& p, std::string& out, std::error_code& ec)
{
    ec.clear();
    out.clear();
    int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        ec = last_errno();
        return false;
    }
    bool ok = read_fd(fd, out);
    if (!ok)
        ec = last_errno();
    ::close(fd);
    return ok;
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
