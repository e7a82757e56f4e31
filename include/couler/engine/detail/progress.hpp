// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_DETAIL_PROGRESS_HPP
#define COULER_ENGINE_DETAIL_PROGRESS_HPP

// Progress output: on a terminal one ninja-style status line rewritten in place; otherwise
// one plain line per finished step, flushed as it is written. Then a summary table.

#include <couler/engine/engine.hpp>

#include <chrono>
#include <cstdio>
#include <ostream>
#include <set>
#include <string>

namespace couler {
namespace engine {
namespace detail {

class progress {
public:
    progress(std::ostream* out, bool tty) : out_(out), tty_(tty), t0_(std::chrono::steady_clock::now()) {}

    double elapsed() const
    {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
    }

    void set_total(std::size_t total) { total_ = total; }
    void started(const std::string& id)
    {
        running_.insert(id);
        line();
    }
    void finished(const step_record& r, std::size_t done, std::size_t cached)
    {
        running_.erase(r.id);
        done_ = done;
        cached_ = cached;
        if (!out_)
            return;
        if (!tty_ || r.status == step_status::failed) {
            if (tty_)
                *out_ << "\r\x1b[K";
            char buf[64];
            std::snprintf(buf, sizeof buf, "[%zu/%zu] %-9s ", done_, total_, to_string(r.status));
            *out_ << buf << r.id;
            if (r.status != step_status::cached && r.status != step_status::skipped && !r.restored) {
                std::snprintf(buf, sizeof buf, " (%.2fs)", r.seconds);
                *out_ << buf;
            }
            if (r.restored)
                *out_ << " (from journal)";
            if (!r.message.empty())
                *out_ << ": " << r.message;
            // Line by line, also into a file or pipe: a killed run still leaves its log.
            *out_ << "\n" << std::flush;
        }
        line();
    }
    void note(const std::string& s)
    {
        if (!out_)
            return;
        if (tty_)
            *out_ << "\r\x1b[K";
        *out_ << s << "\n" << std::flush;
        line();
    }
    void clear()
    {
        if (out_ && tty_)
            *out_ << "\r\x1b[K" << std::flush;
    }

private:
    void line()
    {
        if (!out_ || !tty_)
            return;
        auto now = std::chrono::steady_clock::now();
        if (now - last_ < std::chrono::milliseconds(50) && done_ != total_)
            return; // rewriting a line per step costs more than the step at 20k steps
        last_ = now;
        char buf[96];
        std::snprintf(buf, sizeof buf, "\r\x1b[K[%zu/%zu] %zu cached, %.1fs, running: ", done_, total_, cached_,
                      elapsed());
        std::string s = buf;
        std::size_t shown = 0;
        for (auto& id : running_) {
            if (shown++ == 3) {
                s += " +" + std::to_string(running_.size() - 3);
                break;
            }
            s += (shown > 1 ? ", " : "") + id;
        }
        if (s.size() > 160)
            s.resize(160);
        *out_ << s << std::flush;
    }

    std::ostream* out_;
    bool tty_;
    std::chrono::steady_clock::time_point t0_, last_{};
    std::set<std::string> running_;
    std::size_t total_ = 0, done_ = 0, cached_ = 0;
};

/// The final summary table.
inline void print_summary(std::ostream& os, const run_result& r, std::size_t max_rows)
{
    os << "\n" << "STATUS     DURATION  CACHE  STEP\n";
    std::size_t rows = 0, hidden = 0;
    for (const auto& s : r.steps) {
        bool important = s.status == step_status::failed;
        if (rows >= max_rows && !important) {
            ++hidden;
            continue;
        }
        ++rows;
        char buf[64];
        std::snprintf(buf, sizeof buf, "%-10s %7.2fs  %-5s  ", to_string(s.status), s.seconds,
                      s.status == step_status::cached ? "hit" : (s.restored ? "jrnl" : "-"));
        os << buf << s.id;
        if (!s.message.empty())
            os << "  (" << s.message << ")";
        os << "\n";
    }
    if (hidden)
        os << "... " << hidden << " more steps\n";
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "%s: %zu steps: %zu succeeded, %zu cached, %zu skipped, %zu failed, %zu restored; %.2fs\n",
                  to_string(r.status), r.steps.size(), r.succeeded, r.cached, r.skipped, r.failed, r.restored,
                  r.seconds);
    os << buf;
    if (r.cached > 0 && r.cached == r.steps.size() - r.skipped)
        os << "all " << r.cached << " steps were cache hits\n";
    if (r.cache.capacity_bytes > 0) {
        const auto& c = r.cache.stats;
        std::snprintf(buf, sizeof buf,
                      "store cache (%s, %llu bytes): %llu input hits, %llu misses; %llu stored, %llu evicted, "
                      "%llu refused\n",
                      r.cache.policy.c_str(), static_cast<unsigned long long>(r.cache.capacity_bytes),
                      static_cast<unsigned long long>(c.hits), static_cast<unsigned long long>(c.misses),
                      static_cast<unsigned long long>(c.insertions), static_cast<unsigned long long>(c.evictions),
                      static_cast<unsigned long long>(c.refusals));
        os << buf;
    }
    os << "run " << r.run_id << " in " << r.run_dir.string() << "\n";
}

} // namespace detail
} // namespace engine
} // namespace couler

#endif
