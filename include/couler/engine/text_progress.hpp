// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The engine's entry header first, outside the guard: the engine prints through this class,
// so either header can be included first.
#include <couler/engine/engine.hpp>

#ifndef COULER_ENGINE_TEXT_PROGRESS_HPP
#define COULER_ENGINE_TEXT_PROGRESS_HPP

/// @file
/// @brief The progress output of `couler run` and `couler resume`, as a run_observer.
///
/// On a terminal, one ninja-style status line rewritten in place; otherwise one plain line per
/// finished step, flushed as it is written. Then a summary table. It is printed from the
/// events of events.hpp only, the same a platform's observer gets: `options::log` is a
/// shorthand for a text_progress on that stream.
///
/// @code
/// couler::engine::text_progress progress(std::cout, ::isatty(1) != 0);
/// couler::engine::options o;
/// o.observer = &progress;
/// couler::engine::local_engine(o).run(wf);
/// @endcode

#include <couler/engine/events.hpp>

#include <chrono>
#include <cstdio>
#include <ostream>
#include <set>
#include <string>

namespace couler {
namespace engine {

/// @brief Writes the final summary table of `r` to `os`: at most `max_rows` steps (failures
/// always listed), the counts, the store's cache and the run directory.
inline void print_summary(std::ostream& os, const run_result& r, std::size_t max_rows);

/// @brief Prints a run's progress and summary to a stream, from its events.
class text_progress : public run_observer {
public:
    /// @param out where to write; it must outlive the run
    /// @param tty rewrite one status line in place instead of a line per step
    /// @param summary_rows summary table rows at most (failures always listed)
    explicit text_progress(std::ostream& out, bool tty = false, std::size_t summary_rows = 60)
        : out_(&out), tty_(tty), rows_(summary_rows), t0_(std::chrono::steady_clock::now())
    {
    }

    void on_run_started(const run_started_event&) override { t0_ = std::chrono::steady_clock::now(); }

    void on_step_started(const step_started_event& e) override
    {
        total_ = e.counts.total;
        running_.insert(e.step_id);
        line();
    }

    void on_step_finished(const step_finished_event& e) override
    {
        if (e.status == step_status::omitted)
            return; // counted in the next line's [done/total], never printed
        running_.erase(e.step_id);
        done_ = e.counts.done;
        total_ = e.counts.total;
        cached_ = e.counts.cached;
        if (!tty_ || e.status == step_status::failed) {
            if (tty_)
                *out_ << "\r\x1b[K";
            char buf[64];
            std::snprintf(buf, sizeof buf, "[%zu/%zu] %-9s ", done_, total_, to_string(e.status));
            *out_ << buf << e.step_id;
            if (e.status != step_status::cached && e.status != step_status::skipped && !e.restored) {
                std::snprintf(buf, sizeof buf, " (%.2fs)", e.seconds);
                *out_ << buf;
            }
            if (e.restored)
                *out_ << " (from journal)";
            if (!e.message.empty())
                *out_ << ": " << e.message;
            // Line by line, also into a file or pipe: a killed run still leaves its log.
            *out_ << "\n" << std::flush;
        }
        line();
    }

    void on_step_retried(const step_retried_event& e) override
    {
        total_ = e.counts.total;
        note("retry " + e.step_id + " (" + e.reason + "), attempt " + std::to_string(e.next_attempt));
    }

    void on_note(const run_note_event& e) override
    {
        total_ = e.counts.total;
        note(e.text);
    }

    void on_run_finished(const run_finished_event& e) override
    {
        if (e.refused) {
            *out_ << "couler: cannot run '" << e.workflow << "' locally:\n" << e.result.error << "\n";
            return;
        }
        if (tty_)
            *out_ << "\r\x1b[K" << std::flush;
        print_summary(*out_, e.result, rows_);
        out_->flush();
    }

private:
    double elapsed() const
    {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
    }

    void note(const std::string& s)
    {
        if (tty_)
            *out_ << "\r\x1b[K";
        *out_ << s << "\n" << std::flush;
        line();
    }

    void line()
    {
        if (!tty_)
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
    std::size_t rows_;
    std::chrono::steady_clock::time_point t0_, last_{};
    std::set<std::string> running_;
    std::size_t total_ = 0, done_ = 0, cached_ = 0;
};

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
    if (!r.observer_error.empty())
        os << "observer stopped: " << r.observer_error << "\n";
    os << "run " << r.run_id << " in " << r.run_dir.string() << "\n";
}

} // namespace engine
} // namespace couler

#endif
