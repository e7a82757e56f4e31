// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The client's parts that need no network: URLs and their redaction, the retry policy and
// Retry-After, no_proxy and the proxy variables, the line and SSE splitters, gzip, credentials.
#include <couler/net/url.hpp>

#include <couler/net/auth.hpp>
#include <couler/net/gzip.hpp>
#include <couler/net/proxy.hpp>
#include <couler/net/record_splitter.hpp>
#include <couler/net/retry.hpp>
#include <couler/net/stop_token.hpp>

#define BOOST_TEST_MODULE net_units
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include <zlib.h>

namespace net = couler::net;
using net::error;

BOOST_AUTO_TEST_SUITE(url)

BOOST_AUTO_TEST_CASE(http_https_and_defaults)
{
    auto u = net::parse_url("https://api.example.com/apis/v1/ns?watch=true&x=1");
    BOOST_TEST(u.tls());
    BOOST_TEST(u.host == "api.example.com");
    BOOST_TEST(u.port == 443);
    BOOST_TEST(u.target == "/apis/v1/ns?watch=true&x=1");
    BOOST_TEST(u.host_header() == "api.example.com");
    auto h = net::parse_url("http://127.0.0.1:8080");
    BOOST_TEST(!h.tls());
    BOOST_TEST(h.port == 8080);
    BOOST_TEST(h.target == "/");
    BOOST_TEST(h.host_header() == "127.0.0.1:8080");
    BOOST_TEST(h.absolute_target() == "http://127.0.0.1:8080/");
    auto v6 = net::parse_url("http://[::1]:9000/x#frag");
    BOOST_TEST(v6.host == "::1");
    BOOST_TEST(v6.authority() == "[::1]:9000");
    BOOST_TEST(v6.target == "/x");
    auto up = net::parse_url("HTTPS://Alice:p%40ss@h.example/");
    BOOST_TEST(up.has_userinfo);
    BOOST_TEST(up.user == "Alice");
    BOOST_TEST(up.password == "p@ss");
}

BOOST_AUTO_TEST_CASE(unix_sockets)
{
    auto u = net::parse_url("http+unix://%2Frun%2Fslurmrestd.sock/slurm/v0.0.39/ping");
    BOOST_TEST(u.socket_path == "/run/slurmrestd.sock");
    BOOST_TEST(u.host == "localhost");
    BOOST_TEST(u.target == "/slurm/v0.0.39/ping");
}

BOOST_AUTO_TEST_CASE(bad_urls_are_errors_naming_the_url_without_credentials)
{
    net::error_code ec;
    net::parse_url("ftp://h/x", ec);
    BOOST_TEST(ec == error::unsupported_scheme);
    for (const char* bad : {"", "http://", "not a url", "http://h:99999/", "http://h:0/", "//h/x", "http:/x"}) {
        net::parse_url(bad, ec);
        BOOST_TEST(ec == error::bad_url, bad);
    }
    try {
        net::parse_url("http://bob:hunter2@exa mple/");
        BOOST_FAIL("no throw");
    } catch (const net::http_error& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("hunter2") == std::string::npos, what);
        BOOST_TEST(what.find("exa mple") != std::string::npos, what);
    }
}

BOOST_AUTO_TEST_CASE(redaction)
{
    BOOST_TEST(net::redact_url("https://u:secretpw@h/p?a=1") == "https://h/p?a=1");
    BOOST_TEST(net::redact_url("http://h/p?access_token=abc&page=2&api_key=zz") ==
               "http://h/p?access_token=REDACTED&page=2&api_key=REDACTED");
    BOOST_TEST(net::redact_url("http://user:pw@bad host/x") == "http://bad host/x");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(retry)

BOOST_AUTO_TEST_CASE(full_jitter_stays_within_the_exponential_cap)
{
    net::retry_policy p;
    p.base_delay = std::chrono::milliseconds(100);
    p.max_delay = std::chrono::milliseconds(1000);
    std::mt19937 rng(42);
    for (unsigned retry = 1; retry <= 8; ++retry) {
        const long long cap = std::min<long long>(1000, 100LL << (retry - 1));
        long long lo = cap, hi = 0;
        for (int i = 0; i < 2000; ++i) {
            const auto d = p.backoff(retry, rng).count();
            BOOST_REQUIRE(d >= 0);
            BOOST_REQUIRE(d <= cap);
            lo = std::min<long long>(lo, d);
            hi = std::max<long long>(hi, d);
        }
        // Full jitter spreads over the whole range, not around the cap.
        BOOST_TEST(lo < cap / 10 + 1);
        BOOST_TEST(hi > cap * 9 / 10);
    }
    BOOST_TEST(net::retry_policy::none().max_attempts == 1u);
}

BOOST_AUTO_TEST_CASE(retry_after_seconds_and_dates)
{
    using std::chrono::milliseconds;
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(784111777)); // 1994-11-06 08:49:37
    BOOST_TEST(net::parse_retry_after("120", now)->count() == 120000);
    BOOST_TEST(net::parse_retry_after(" 0 ", now)->count() == 0);
    BOOST_TEST(net::parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now)->count() == 10000);
    BOOST_TEST(net::parse_retry_after("Sunday, 06-Nov-94 08:50:37 GMT", now)->count() == 60000);
    BOOST_TEST(net::parse_retry_after("Sun Nov  6 08:49:39 1994", now)->count() == 2000);
    BOOST_TEST(net::parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now)->count() == 0); // past
    BOOST_TEST(!net::parse_retry_after("soon", now));
    BOOST_TEST(!net::parse_retry_after("-5", now));
    BOOST_TEST(!net::parse_retry_after("Sun, 06 Nov 1994 08:49:47 PST", now));
    BOOST_TEST(*net::parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT") == 0);
    BOOST_TEST(*net::parse_http_date("Sat, 29 Feb 2020 12:00:00 GMT") == 1582977600);
}

BOOST_AUTO_TEST_CASE(what_is_retryable)
{
    for (unsigned s : {429u, 502u, 503u, 504u})
        BOOST_TEST(net::retryable_status(s));
    for (unsigned s : {200u, 400u, 401u, 404u, 409u, 500u, 501u})
        BOOST_TEST(!net::retryable_status(s));
    BOOST_TEST(net::retryable_error(boost::asio::error::connection_refused));
    BOOST_TEST(net::retryable_error(error::connection_closed));
    BOOST_TEST(!net::retryable_error(error::body_limit));
    BOOST_TEST(!net::retryable_error(error::request_timeout));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(proxy)

BOOST_AUTO_TEST_CASE(no_proxy_matches_like_curl)
{
    BOOST_TEST(net::no_proxy_matches("*", "anything.example"));
    BOOST_TEST(net::no_proxy_matches("example.com", "example.com"));
    BOOST_TEST(net::no_proxy_matches("example.com", "api.example.com"));
    BOOST_TEST(net::no_proxy_matches(".example.com", "api.example.com"));
    BOOST_TEST(net::no_proxy_matches(".example.com", "example.com"));
    BOOST_TEST(!net::no_proxy_matches("example.com", "badexample.com"));
    BOOST_TEST(net::no_proxy_matches("foo, Example.COM:8080 ,bar", "example.com"));
    BOOST_TEST(net::no_proxy_matches("10.0.0.0/8", "10.1.2.3"));
    BOOST_TEST(!net::no_proxy_matches("10.0.0.0/8", "11.1.2.3"));
    BOOST_TEST(net::no_proxy_matches("127.0.0.1", "127.0.0.1"));
    BOOST_TEST(net::no_proxy_matches("::1", "::1"));
    BOOST_TEST(net::no_proxy_matches("fd00::/8", "fd12::1"));
    BOOST_TEST(!net::no_proxy_matches("", "example.com"));
    BOOST_TEST(!net::no_proxy_matches("10.0.0.0/x", "10.1.2.3"));
}

BOOST_AUTO_TEST_CASE(environment_as_curl_reads_it)
{
    std::map<std::string, std::string> env = {{"HTTP_PROXY", "http://upper:1"},
                                              {"HTTPS_PROXY", "http://secure:2"},
                                              {"NO_PROXY", "internal.example"}};
    auto get = [&](const char* n) -> const char* {
        auto it = env.find(n);
        return it == env.end() ? nullptr : it->second.c_str();
    };
    auto p = net::proxy_settings::from_environment(get);
    BOOST_TEST(p.http_proxy.empty()); // curl ignores upper-case HTTP_PROXY
    BOOST_TEST(p.https_proxy == "http://secure:2");
    BOOST_TEST(p.no_proxy == "internal.example");
    env["http_proxy"] = "http://lower:3";
    env["https_proxy"] = "http://lower-secure:4";
    env["no_proxy"] = "other.example";
    p = net::proxy_settings::from_environment(get);
    BOOST_TEST(p.http_proxy == "http://lower:3");
    BOOST_TEST(p.https_proxy == "http://lower-secure:4");
    BOOST_TEST(p.no_proxy == "other.example");
    BOOST_TEST(p.proxy_for(net::parse_url("https://x.example/")) == "http://lower-secure:4");
    BOOST_TEST(p.proxy_for(net::parse_url("http://x.example/")) == "http://lower:3");
    BOOST_TEST(p.proxy_for(net::parse_url("https://a.other.example/")).empty());
    BOOST_TEST(p.proxy_for(net::parse_url("http+unix://%2Ftmp%2Fs/")).empty());
    env = {{"ALL_PROXY", "http://all:5"}};
    p = net::proxy_settings::from_environment(get);
    BOOST_TEST(p.http_proxy == "http://all:5");
    BOOST_TEST(p.https_proxy == "http://all:5");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(splitters)

std::vector<std::string> split_lines(const std::string& in, std::size_t piece, net::error_code& ec,
                                     std::size_t limit = 1 << 20)
{
    net::line_splitter s(limit);
    std::vector<std::string> out;
    auto on = [&](std::string_view l) { return out.emplace_back(l), true; };
    for (std::size_t i = 0; i < in.size(); i += piece)
        if (!s.feed(std::string_view(in).substr(i, piece), on, ec))
            return out;
    s.finish(on, ec);
    return out;
}

BOOST_AUTO_TEST_CASE(lines_in_any_pieces)
{
    const std::string in = "{\"a\":1}\r\n\n{\"b\":2}\n{\"c\":3}";
    for (std::size_t piece : {1u, 2u, 3u, 5u, 100u}) {
        net::error_code ec;
        auto out = split_lines(in, piece, ec);
        BOOST_TEST(!ec);
        BOOST_TEST((out == std::vector<std::string>{"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"}), piece);
    }
}

BOOST_AUTO_TEST_CASE(a_line_over_the_limit_is_an_error)
{
    net::error_code ec;
    auto out = split_lines("short\n" + std::string(100, 'x') + "\nafter\n", 7, ec, 50);
    BOOST_TEST(ec == error::record_too_large);
    BOOST_TEST(out.size() == 1u);
    net::line_splitter s(10);
    bool called = false;
    s.feed(std::string(12, 'y'), [&](std::string_view) { return called = true; }, ec); // 10 + a possible '\r'
    BOOST_TEST(ec == error::record_too_large);
    BOOST_TEST(!called);
}

BOOST_AUTO_TEST_CASE(stop_from_the_callback)
{
    net::line_splitter s;
    net::error_code ec;
    int n = 0;
    BOOST_TEST(!s.feed("a\nb\nc\n", [&](std::string_view) { return ++n < 2; }, ec));
    BOOST_TEST(n == 2);
}

std::vector<net::sse_event> parse_sse(const std::string& in, std::size_t piece, net::error_code& ec)
{
    net::sse_parser p;
    std::vector<net::sse_event> out;
    for (std::size_t i = 0; i < in.size(); i += piece)
        if (!p.feed(std::string_view(in).substr(i, piece), [&](const net::sse_event& e) { return out.push_back(e), true; },
                    ec))
            break;
    return out;
}

BOOST_AUTO_TEST_CASE(server_sent_events_as_the_standard_says)
{
    // The examples of WHATWG HTML §9.2.6, with every line ending and a byte order mark.
    const std::string in = "\xEF\xBB\xBF: comment\r\ndata: YHOO\ndata: +2\rdata: 10\r\n\r\n"
                           "event: add\nid: 7\ndata:first\n\n"
                           "data\n\ndata:\ndata\n\ndata:  two spaces\nretry: 1500\n\n"
                           "event: ignored-without-data\n\nfield-unknown: x\ndata: last\n\n"
                           "data: never dispatched";
    for (std::size_t piece : {1u, 2u, 3u, 4u, 7u, 1000u}) {
        net::error_code ec;
        auto ev = parse_sse(in, piece, ec);
        BOOST_TEST(!ec);
        BOOST_REQUIRE_EQUAL(ev.size(), 6u);
        BOOST_TEST(ev[0].data == "YHOO\n+2\n10");
        BOOST_TEST(ev[0].type == "message");
        BOOST_TEST(ev[1].type == "add");
        BOOST_TEST(ev[1].id == "7");
        BOOST_TEST(ev[1].data == "first");
        BOOST_TEST(ev[2].data == "");
        BOOST_TEST(ev[3].data == "\n");
        BOOST_TEST(ev[4].data == " two spaces");
        BOOST_TEST(ev[4].retry->count() == 1500);
        BOOST_TEST(ev[4].id == "7"); // the last event id persists
        BOOST_TEST(ev[5].data == "last");
        BOOST_TEST(ev[5].type == "message");
    }
    net::sse_parser p;
    net::error_code ec;
    p.feed("data: x", [](const net::sse_event&) { return true; }, ec);
    BOOST_TEST(p.mid_record());
}

BOOST_AUTO_TEST_CASE(an_event_over_the_limit_is_an_error)
{
    net::sse_parser p(64);
    net::error_code ec;
    std::string in;
    for (int i = 0; i < 20; ++i)
        in += "data: 0123456789\n";
    p.feed(in, [](const net::sse_event&) { return true; }, ec);
    BOOST_TEST(ec == error::record_too_large);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(gzip_decodes_and_bounds_its_output)
{
    std::string plain(1 << 20, 'a');
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string gz(deflateBound(&zs, plain.size()), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(plain.data());
    zs.avail_in = static_cast<uInt>(plain.size());
    zs.next_out = reinterpret_cast<Bytef*>(gz.data());
    zs.avail_out = static_cast<uInt>(gz.size());
    deflate(&zs, Z_FINISH);
    gz.resize(zs.total_out);
    deflateEnd(&zs);

    net::inflater z(2 << 20);
    std::string out;
    net::error_code ec;
    for (std::size_t i = 0; i < gz.size(); i += 100)
        z.feed(std::string_view(gz).substr(i, 100), [&](std::string_view d) { return out.append(d), true; }, ec);
    BOOST_TEST(!ec);
    BOOST_TEST(z.done());
    BOOST_TEST(out == plain);

    net::inflater small(1000);
    small.feed(gz, [](std::string_view) { return true; }, ec);
    BOOST_TEST(ec == error::body_limit);
    net::inflater bad(1000);
    bad.feed("not gzip at all", [](std::string_view) { return true; }, ec);
    BOOST_TEST(ec == error::decompress_failed);
}

BOOST_AUTO_TEST_CASE(credentials_from_string_env_and_rotating_file)
{
    net::error_code ec;
    BOOST_TEST(net::base64_encode("Aladdin:open sesame") == "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    BOOST_TEST(net::base64_encode("a") == "YQ==");
    BOOST_TEST(net::auth::bearer(net::secret_source::from_string("tok")).header_value(ec) == "Bearer tok");
    BOOST_TEST(net::auth::basic("Aladdin", net::secret_source::from_string("open sesame")).header_value(ec) ==
               "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    ::setenv("COULER_NET_TEST_TOKEN", "from-env", 1);
    BOOST_TEST(net::secret_source::from_env("COULER_NET_TEST_TOKEN").get(ec) == "from-env");
    net::secret_source::from_env("COULER_NET_TEST_UNSET_VARIABLE").get(ec);
    BOOST_TEST(ec == error::credentials_unavailable);

    const auto dir = std::filesystem::path(COULER_TEST_OUT_DIR);
    std::filesystem::create_directories(dir);
    const auto file = dir / "token";
    std::ofstream(file) << "first-token\n";
    auto src = net::secret_source::from_file(file.string());
    auto copy = src;
    BOOST_TEST(src.get(ec) == "first-token");
    std::ofstream(file) << "second-token-longer\n"; // rotated in place (the size changes)
    BOOST_TEST(copy.get(ec) == "second-token-longer");
    std::filesystem::remove(file);
    src.get(ec);
    BOOST_TEST(ec == error::credentials_unavailable);

    std::ostringstream os;
    os << net::secret_source::from_string("hunter2") << net::auth::bearer(net::secret_source::from_string("hunter2"));
    BOOST_TEST(os.str().find("hunter2") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(stop_tokens)
{
    net::stop_source s;
    auto t = s.get_token();
    BOOST_TEST(!t.stop_requested());
    int calls = 0;
    auto id = t.add_callback([&] { ++calls; });
    auto id2 = t.add_callback([&] { calls += 10; });
    t.remove_callback(id2);
    std::thread th([&] { s.request_stop(); });
    th.join();
    BOOST_TEST(t.stop_requested());
    BOOST_TEST(calls == 1);
    BOOST_TEST(!s.request_stop());
    BOOST_TEST(t.add_callback([&] { ++calls; }) == 0u); // already stopped: runs at once
    BOOST_TEST(calls == 2);
    (void)id;
    BOOST_TEST(!net::stop_token().stop_possible());
}
