// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// Sequential keep-alive GETs with couler::net, or one streamed NDJSON response, against any URL.
//
//   bench_http --url URL --requests N [--warmup W]     one JSON line: requests, seconds, requests_per_second
//   bench_http --url URL --stream-lines [--repeat R]   one JSON line: lines, bytes, seconds, mb_per_second
//
// Every response must be 2xx; anything else is counted in "errors" and makes the exit status 1.
#include <couler/net.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

namespace net = couler::net;

namespace {
int usage(const std::string& why)
{
    std::cerr << "bench_http: " << why
              << "\nusage: bench_http --url URL --requests N [--warmup W]\n"
                 "       bench_http --url URL --stream-lines [--repeat R]\n";
    return 2;
}

std::string json_string(const std::string& s)
{
    std::string o = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            o += '\\';
        if (static_cast<unsigned char>(c) >= 0x20)
            o += c;
    }
    return o + "\"";
}
} // namespace

int main(int argc, char** argv)
{
    std::string url;
    long long requests = -1, warmup = 100, repeat = 1;
    bool stream = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                throw std::invalid_argument(a + " needs a value");
            return argv[++i];
        };
        try {
            if (a == "--url")
                url = value();
            else if (a == "--requests")
                requests = std::stoll(value());
            else if (a == "--warmup")
                warmup = std::stoll(value());
            else if (a == "--repeat")
                repeat = std::stoll(value());
            else if (a == "--stream-lines")
                stream = true;
            else
                return usage("unknown option " + a);
        } catch (const std::exception& e) {
            return usage(std::string("bad value: ") + e.what());
        }
    }
    if (url.empty())
        return usage("--url is required");
    if (!stream && requests <= 0)
        return usage("--requests N (N > 0) is required");
    if (warmup < 0 || repeat <= 0)
        return usage("--warmup must be >= 0 and --repeat > 0");

    net::client_options o;
    o.retry = net::retry_policy::none();
    net::client c(o);
    const auto req = net::request::get(url);
    long long errors = 0;
    try {
        if (stream) {
            long long lines = 0, bytes = 0;
            const auto t0 = std::chrono::steady_clock::now();
            for (long long r = 0; r < repeat; ++r) {
                auto resp = c.stream_lines(req, [&](std::string_view l) {
                    ++lines;
                    bytes += static_cast<long long>(l.size()) + 1;
                });
                errors += !resp.ok();
            }
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::cout << "{\"bench\":\"http_stream_lines\",\"url\":" << json_string(net::redact_url(url))
                      << ",\"repeat\":" << repeat << ",\"lines\":" << lines << ",\"bytes\":" << bytes
                      << ",\"seconds\":" << s << ",\"lines_per_second\":" << lines / s
                      << ",\"mb_per_second\":" << bytes / s / 1e6 << ",\"errors\":" << errors << "}\n";
        } else {
            for (long long i = 0; i < warmup; ++i)
                errors += !c.send(req).ok();
            long long body = 0;
            const auto t0 = std::chrono::steady_clock::now();
            for (long long i = 0; i < requests; ++i) {
                auto r = c.send(req);
                errors += !r.ok();
                body += static_cast<long long>(r.body.size());
            }
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::cout << "{\"bench\":\"http_get_keepalive\",\"url\":" << json_string(net::redact_url(url))
                      << ",\"requests\":" << requests << ",\"seconds\":" << s
                      << ",\"requests_per_second\":" << requests / s << ",\"body_bytes\":" << body
                      << ",\"errors\":" << errors << "}\n";
        }
    } catch (const std::exception& e) {
        std::cerr << "bench_http: " << e.what() << '\n';
        return 1;
    }
    return errors ? 1 : 0;
}
