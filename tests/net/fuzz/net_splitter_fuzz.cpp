// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// libFuzzer over the line and SSE splitters. The first bytes pick piece sizes and a record limit;
// the rest is the stream. Properties: no crash or unbounded growth; records never exceed the
// limit; feeding the input in pieces gives exactly the records (and the error) of feeding it
// whole; a stop request from the callback stops at once.
#include <couler/net/record_splitter.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace net = couler::net;

namespace {

struct outcome {
    std::vector<std::string> records;
    net::error_code ec;
    bool mid = false;
    bool operator==(const outcome& o) const { return records == o.records && ec == o.ec && mid == o.mid; }
};

template <class Splitter, class Record>
outcome run(std::string_view in, const std::vector<std::size_t>& pieces, std::size_t limit, std::size_t stop_after)
{
    Splitter s(limit);
    outcome out;
    auto on = [&](const auto& r) {
        std::string flat;
        if constexpr (std::is_same<Record, net::sse_event>::value)
            flat = r.type + '\x1f' + r.data + '\x1f' + r.id + '\x1f' + (r.retry ? std::to_string(r.retry->count()) : "-");
        else
            flat = std::string(r);
        if (flat.size() > 4 * limit + 64) // type/id are bounded by the line, data by the limit
            std::abort();
        out.records.push_back(flat);
        return out.records.size() < stop_after;
    };
    std::size_t pos = 0, i = 0;
    bool go = true;
    while (go && pos < in.size()) {
        const std::size_t n = pieces.empty() ? in.size() : std::max<std::size_t>(1, pieces[i++ % pieces.size()]);
        go = s.feed(in.substr(pos, n), on, out.ec);
        pos += n;
    }
    if constexpr (std::is_same<Record, std::string_view>::value) {
        if (go && !out.ec)
            s.finish(on, out.ec);
    } else {
        out.mid = go && !out.ec && s.mid_record();
    }
    if (out.records.size() > stop_after)
        std::abort(); // the splitter went on after the callback asked it to stop
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 4)
        return 0;
    const std::size_t limit = 1 + data[0] % 64 * 4;
    const std::size_t stop_after = data[1] % 16 == 0 ? 1 + data[1] / 16 : SIZE_MAX;
    std::vector<std::size_t> pieces;
    for (std::size_t i = 0; i < static_cast<std::size_t>(data[2] % 8); ++i)
        pieces.push_back(1 + data[3 + i % (size - 3)] % 17);
    std::string_view in(reinterpret_cast<const char*>(data) + 3, size - 3);

    const auto whole_l = run<net::line_splitter, std::string_view>(in, {}, limit, stop_after);
    const auto piece_l = run<net::line_splitter, std::string_view>(in, pieces, limit, stop_after);
    if (!(whole_l == piece_l))
        std::abort();
    const auto whole_s = run<net::sse_parser, net::sse_event>(in, {}, limit, stop_after);
    const auto piece_s = run<net::sse_parser, net::sse_event>(in, pieces, limit, stop_after);
    if (!(whole_s == piece_s))
        std::abort();
    return 0;
}
