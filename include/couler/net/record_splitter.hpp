// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_RECORD_SPLITTER_HPP
#define COULER_NET_RECORD_SPLITTER_HPP

/// @file
/// @brief Incremental splitters that turn a byte stream, arriving in pieces of any size, into
/// records: newline-delimited lines (NDJSON: Kubernetes watch, Argo's workflow events) and
/// server-sent events (WHATWG HTML §9.2: LLM streaming, Argo Server's SSE endpoints).
/// Header only, no I/O: the client feeds them, and so does their fuzz target. Memory is bounded:
/// a record longer than the limit is an error, not an allocation.

#include <couler/config.hpp>
#include <couler/net/error.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace couler::net {

/// @brief Splits bytes into lines at '\n' (a '\r' before it is dropped); empty lines are skipped.
class line_splitter {
public:
    /// @param record_limit the longest line accepted, in bytes (without its terminator).
    explicit line_splitter(std::size_t record_limit = 16u << 20) : limit_(record_limit) {}

    /// @brief Feeds the next bytes; calls `on_line(std::string_view)` for every complete line.
    /// `on_line` returns false to stop: feed then returns at once, leaving the rest unread.
    /// @param ec error::record_too_large if a line exceeds the limit (the splitter is then spent).
    /// @returns false when on_line asked to stop or on error.
    template <class OnLine>
    bool feed(std::string_view data, OnLine&& on_line, error_code& ec);

    /// @brief The input ended cleanly: delivers a final line that had no terminator.
    template <class OnLine>
    bool finish(OnLine&& on_line, error_code& ec);

    /// @brief True when bytes of an unfinished line are held.
    bool mid_record() const noexcept { return !partial_.empty(); }

private:
    std::size_t limit_;
    std::string partial_;
};

/// @brief One server-sent event.
struct sse_event {
    std::string type = "message";  ///< the `event:` field, "message" when absent
    std::string data;              ///< `data:` lines joined with '\n'
    std::string id;                ///< the last event id seen on the stream (it persists across events)
    std::optional<std::chrono::milliseconds> retry; ///< a `retry:` field in this event, if any
};

/// @brief Parses the text/event-stream format: lines end in CRLF, LF or CR; `field: value`;
/// comments start with ':'; an empty line dispatches the event if it has data.
class sse_parser {
public:
    /// @param record_limit the largest event accepted (its data plus one line being read), in bytes.
    explicit sse_parser(std::size_t record_limit = 16u << 20) : limit_(record_limit) {}

    /// @brief Feeds the next bytes; calls `on_event(const sse_event&)` per dispatched event,
    /// which returns false to stop. Same contract as line_splitter::feed.
    template <class OnEvent>
    bool feed(std::string_view data, OnEvent&& on_event, error_code& ec);

    /// @brief The input ended. Per the standard an event without its blank line is dropped;
    /// mid_record() tells whether that happened.
    bool mid_record() const noexcept { return !line_.empty() || has_data_ || saw_field_; }

private:
    template <class OnEvent>
    bool line(std::string_view l, OnEvent& on_event, error_code& ec);

    std::size_t limit_;
    std::string line_;
    sse_event event_;
    bool has_data_ = false;
    bool saw_field_ = false;
    bool last_cr_ = false;
    bool started_ = false;
    std::size_t bom_matched_ = 0;
};

} // namespace couler::net

#include <couler/net/impl/record_splitter.hpp>

#endif
