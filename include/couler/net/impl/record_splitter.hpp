// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_IMPL_RECORD_SPLITTER_HPP
#define COULER_NET_IMPL_RECORD_SPLITTER_HPP

#include <cstring>

namespace couler::net {

template <class OnLine>
bool line_splitter::feed(std::string_view data, OnLine&& on_line, error_code& ec)
{
    ec = {};
    while (!data.empty()) {
        const char* nl = static_cast<const char*>(std::memchr(data.data(), '\n', data.size()));
        if (!nl) {
            if (partial_.size() + data.size() > limit_ + 1) { // + 1: a '\r' that may end the line
                ec = error::record_too_large;
                partial_.clear();
                return false;
            }
            partial_.append(data.data(), data.size());
            return true;
        }
        const std::size_t n = static_cast<std::size_t>(nl - data.data());
        std::string_view l;
        if (partial_.empty()) {
            l = data.substr(0, n); // the common case: no copy
        } else {
            if (partial_.size() + n > limit_ + 1) {
                ec = error::record_too_large;
                partial_.clear();
                return false;
            }
            partial_.append(data.data(), n);
            l = partial_;
        }
        data.remove_prefix(n + 1);
        if (!l.empty() && l.back() == '\r')
            l.remove_suffix(1);
        if (l.size() > limit_) {
            ec = error::record_too_large;
            partial_.clear();
            return false;
        }
        bool go = true;
        if (!l.empty())
            go = on_line(l);
        partial_.clear();
        if (!go)
            return false;
    }
    return true;
}

template <class OnLine>
bool line_splitter::finish(OnLine&& on_line, error_code& ec)
{
    ec = {};
    std::string last;
    last.swap(partial_);
    std::string_view l = last;
    if (!l.empty() && l.back() == '\r')
        l.remove_suffix(1);
    if (l.size() > limit_) {
        ec = error::record_too_large;
        return false;
    }
    if (l.empty())
        return true;
    return on_line(l);
}

template <class OnEvent>
bool sse_parser::line(std::string_view l, OnEvent& on_event, error_code& ec)
{
    if (l.empty()) {
        saw_field_ = false;
        if (!has_data_) {
            event_.type = "message";
            event_.retry.reset();
            return true;
        }
        if (!event_.data.empty() && event_.data.back() == '\n')
            event_.data.pop_back();
        const bool go = on_event(static_cast<const sse_event&>(event_));
        event_.type = "message";
        event_.data.clear();
        event_.retry.reset();
        has_data_ = false;
        return go;
    }
    if (l.front() == ':')
        return true; // a comment (servers send them as keep-alives)
    saw_field_ = true;
    std::string_view field = l, value;
    if (auto colon = l.find(':'); colon != std::string_view::npos) {
        field = l.substr(0, colon);
        value = l.substr(colon + 1);
        if (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
    }
    if (field == "data") {
        if (event_.data.size() + value.size() + 1 > limit_) {
            ec = error::record_too_large;
            return false;
        }
        event_.data.append(value.data(), value.size()).push_back('\n');
        has_data_ = true;
    } else if (field == "event") {
        event_.type.assign(value.data(), value.size());
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos)
            event_.id.assign(value.data(), value.size());
    } else if (field == "retry") {
        if (!value.empty() && value.size() <= 12 &&
            value.find_first_not_of("0123456789") == std::string_view::npos)
            event_.retry = std::chrono::milliseconds(std::stoll(std::string(value)));
    }
    return true; // other fields are ignored, as the standard says
}

template <class OnEvent>
bool sse_parser::feed(std::string_view data, OnEvent&& on_event, error_code& ec)
{
    ec = {};
    // A UTF-8 byte order mark may start the stream, possibly split across pieces.
    static constexpr std::string_view bom = "\xEF\xBB\xBF";
    while (!started_ && !data.empty()) {
        if (data.front() == bom[bom_matched_]) {
            data.remove_prefix(1);
            if (++bom_matched_ == bom.size())
                started_ = true;
        } else {
            line_.append(bom.substr(0, bom_matched_)); // not a mark after all: ordinary line bytes
            started_ = true;
        }
    }
    std::size_t i = 0;
    while (i < data.size()) {
        if (last_cr_) {
            last_cr_ = false;
            if (data[i] == '\n') {
                ++i;
                continue;
            }
        }
        std::size_t j = data.find_first_of("\r\n", i);
        if (j == std::string_view::npos) {
            if (line_.size() + (data.size() - i) + event_.data.size() > limit_) {
                ec = error::record_too_large;
                return false;
            }
            line_.append(data.data() + i, data.size() - i);
            return true;
        }
        std::string_view l;
        if (line_.empty()) {
            l = data.substr(i, j - i);
        } else {
            line_.append(data.data() + i, j - i);
            l = line_;
        }
        if (l.size() + event_.data.size() > limit_) {
            ec = error::record_too_large;
            return false;
        }
        last_cr_ = data[j] == '\r';
        i = j + 1;
        std::string held; // `l` may point into line_, which line() must not see change under it
        if (!line_.empty()) {
            held.swap(line_);
            l = held;
        }
        if (!line(l, on_event, ec))
            return false;
    }
    return true;
}

} // namespace couler::net

#endif
