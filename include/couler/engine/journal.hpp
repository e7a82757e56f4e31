// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_JOURNAL_HPP
#define COULER_ENGINE_JOURNAL_HPP

/// @file
/// @brief The run journal: an append-only file of JSON lines, one per state change.
///
/// Why not SQLite: the journal is written by one process and only ever appended to and read
/// back whole, so an append-only file with fsync gives the same durability without a link
/// dependency for a header-only library. A crash can leave at most a torn last line, which
/// the reader ignores (each line is a complete JSON object or it is dropped).

#include <couler/engine/detail/posix.hpp>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace couler {
namespace engine {

/// @brief An append-only, fsync'd journal of JSON records.
class run_journal {
public:
    run_journal() = default;
    run_journal(const run_journal&) = delete;
    run_journal& operator=(const run_journal&) = delete;
    ~run_journal() { close(); }

    /// @brief Opens `path` for appending (creates it). `sync_interval_ms` 0 fsyncs every
    /// record; otherwise records are fsync'd in groups at most that far apart (and on close).
    void open(const std::filesystem::path& path, std::error_code& ec, int sync_interval_ms = 0)
    {
        close();
        ec.clear();
        fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd_ < 0)
            ec = detail::last_errno();
        interval_ = sync_interval_ms;
        if (fd_ >= 0 && interval_ > 0) {
            // Group commit off the scheduler's thread: fdatasync blocks for milliseconds.
            stop_ = false;
            syncer_ = std::thread([this] { sync_loop(); });
        }
    }
    void open(const std::filesystem::path& path, int sync_interval_ms = 0)
    {
        std::error_code ec;
        open(path, ec, sync_interval_ms);
        if (ec)
            throw std::system_error(ec, "cannot open run journal '" + path.string() + "'");
    }

    bool is_open() const { return fd_ >= 0; }

    /// @brief Appends one record as a line; durable on return unless grouping is on.
    void append(const boost::json::object& rec)
    {
        if (fd_ < 0)
            return;
        std::string line = boost::json::serialize(rec);
        line.push_back('\n');
        detail::write_all(fd_, line.data(), line.size()); // one write: O_APPEND keeps lines whole
        if (interval_ == 0) {
            ::fdatasync(fd_);
            return;
        }
        std::lock_guard<std::mutex> g(mu_);
        if (!dirty_) {
            dirty_ = true;
            cv_.notify_one();
        }
    }

    /// @brief fsyncs pending records.
    /// @brief fsyncs every record appended so far, now.
    void sync()
    {
        if (fd_ >= 0)
            ::fdatasync(fd_);
    }

    void close()
    {
        if (syncer_.joinable()) {
            {
                std::lock_guard<std::mutex> g(mu_);
                stop_ = true;
            }
            cv_.notify_one();
            syncer_.join();
        }
        if (fd_ >= 0) {
            sync();
            ::close(fd_);
            fd_ = -1;
        }
    }

    /// @brief Every complete record of a journal file, in order; a torn line is skipped.
    static std::vector<boost::json::object> read(const std::filesystem::path& path)
    {
        std::vector<boost::json::object> out;
        std::string text;
        std::error_code ec;
        if (!detail::read_whole(path, text, ec))
            return out;
        std::size_t pos = 0;
        while (pos < text.size()) {
            std::size_t nl = text.find('\n', pos);
            if (nl == std::string::npos)
                break; // torn last line: never completed, so never acted on
            boost::json::error_code jec;
            auto v = boost::json::parse(std::string_view(text).substr(pos, nl - pos), jec);
            if (!jec && v.is_object())
                out.push_back(std::move(v.as_object()));
            pos = nl + 1;
        }
        return out;
    }

private:
    void sync_loop()
    {
        std::unique_lock<std::mutex> lk(mu_);
        for (;;) {
            cv_.wait(lk, [this] { return dirty_ || stop_; });
            if (stop_)
                return;
            lk.unlock();
            std::this_thread::sleep_for(std::chrono::milliseconds(interval_)); // gather a group
            lk.lock();
            dirty_ = false; // what is appended from now on asks for another round
            lk.unlock();
            ::fdatasync(fd_);
            lk.lock();
        }
    }

    int fd_ = -1;
    int interval_ = 0;
    bool dirty_ = false, stop_ = false;
    std::mutex mu_;
    std::condition_variable cv_;
    std::thread syncer_;
};

} // namespace engine
} // namespace couler

#endif
