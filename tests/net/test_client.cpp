// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
// The client end to end: the scripted loopback server's faults, keep-alive and the pool, retries,
// timeouts, limits, streams, gzip, auth and redaction, unix sockets, TLS against a throwaway CA,
// and real servers (nginx, tinyproxy) started here.
#include <couler/net/client.hpp>

#include "scripted_server.hpp"
#include "support.hpp"

#define BOOST_TEST_MODULE net_client
#include <boost/test/unit_test.hpp>

#include <boost/asio/use_future.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <set>
#include <sys/resource.h>

namespace net = couler::net;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using couler_test::scripted_server;
using net::error;

namespace {

fs::path scratch()
{
    static const fs::path dir = [] {
        fs::path d = fs::path(COULER_TEST_OUT_DIR) / "scratch";
        fs::remove_all(d);
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

const couler_test::test_pki& pki()
{
    static const couler_test::test_pki p(scratch() / "pki");
    return p;
}

// Options for tests: no proxy from the environment, quick retries, logs captured.
struct test_log {
    std::mutex m;
    std::vector<std::string> lines;
    std::string all()
    {
        std::lock_guard<std::mutex> l(m);
        std::string s;
        for (auto& x : lines)
            s += x + "\n";
        return s;
    }
};

net::client_options options(std::shared_ptr<test_log> log = nullptr)
{
    net::client_options o;
    o.proxy = net::proxy_settings{};
    o.retry.base_delay = 10ms;
    o.retry.max_delay = 50ms;
    o.jitter_seed = 7;
    if (log)
        o.log = [log](std::string_view s) {
            std::lock_guard<std::mutex> l(log->m);
            log->lines.emplace_back(s);
        };
    return o;
}

std::string message_of(const std::function<void()>& f)
{
    try {
        f();
    } catch (const net::http_error& e) {
        return e.what();
    }
    return "(no exception)";
}

net::request make(net::http::verb v, std::string url, std::string body = {})
{
    net::request r;
    r.method = v;
    r.url = std::move(url);
    r.body = std::move(body);
    return r;
}

} // namespace

// ------------------------------------------------------------------------------------ basics

BOOST_AUTO_TEST_CASE(requests_any_method_headers_and_body)
{
    scripted_server srv;
    net::client c(options());
    auto r = c.get(srv.url("/ok"));
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.body == "hello");
    BOOST_TEST(r.attempts == 1u);

    auto req = make(net::http::verb::patch, srv.url("/echo?q=1"), "{\"x\":1}");
    req.headers.set("X-Custom", "yes");
    req.headers.set(net::http::field::content_type, "application/json");
    r = c.send(req);
    BOOST_TEST(r.body.find("PATCH /echo?q=1") == 0u, r.body);
    BOOST_TEST(r.body.find("X-Custom: yes") != std::string::npos);
    BOOST_TEST(r.body.find("Host: 127.0.0.1:" + std::to_string(srv.port())) != std::string::npos);
    BOOST_TEST(r.body.find("Content-Length: 7") != std::string::npos);
    BOOST_TEST(r.body.find("User-Agent: couler/") != std::string::npos);
    BOOST_TEST(r.body.substr(r.body.size() - 7) == "{\"x\":1}");

    r = c.send(make(net::http::verb::delete_, srv.url("/status?code=404")));
    BOOST_TEST(r.status == 404u); // a status is not an error
    BOOST_TEST(!r.ok());
    r = c.send(make(net::http::verb::head, srv.url("/ok")));
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.body.empty());
}

BOOST_AUTO_TEST_CASE(async_with_completion_tokens_on_the_callers_io_context)
{
    scripted_server srv;
    boost::asio::io_context ioc;
    net::client c(ioc, options());
    int done = 0;
    c.async_send(net::request::get(srv.url("/ok")), [&](net::error_code ec, net::response r) {
        BOOST_TEST(!ec);
        BOOST_TEST(r.body == "hello");
        ++done;
    });
    c.async_send(net::request::get("http://bad host/"), [&](net::error_code ec, net::response r) {
        BOOST_TEST(ec == error::bad_url);
        BOOST_TEST(r.url == "http://bad host/");
        ++done;
    });
    BOOST_TEST(done == 0); // never completes inside the initiating call
    ioc.run_for(10s);
    BOOST_TEST(done == 2);

    // use_future with the io_context on another thread.
    boost::asio::io_context ioc2;
    auto work = boost::asio::make_work_guard(ioc2);
    std::thread t([&] { ioc2.run_for(20s); });
    net::client c2(ioc2.get_executor(), options());
    auto f = c2.async_send(net::request::get(srv.url("/ok")), boost::asio::use_future);
    BOOST_TEST(f.get().body == "hello");
    net::error_code ec;
    c2.send(net::request::get(srv.url("/ok")), ec); // executor only: no blocking calls
    BOOST_TEST(ec == error::no_io_context);
    work.reset();
    ioc2.stop();
    t.join();
}

BOOST_AUTO_TEST_CASE(unix_domain_sockets)
{
    const auto sock = (scratch() / "api.sock").string();
    scripted_server srv(sock);
    net::client c(options());
    std::string enc;
    for (char ch : sock)
        enc += ch == '/' ? std::string("%2F") : std::string(1, ch);
    auto r = c.get("http+unix://" + enc + "/echo");
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.body.find("Host: localhost") != std::string::npos);
    auto req = net::request::get("http://localhost/ok");
    req.unix_socket = sock;
    BOOST_TEST(c.send(req).body == "hello");
    auto o = options();
    o.unix_socket = sock;
    net::client c2(o);
    BOOST_TEST(c2.get("http://docker/ok").body == "hello");
    BOOST_TEST(srv.connections() >= 2);
}

// ---------------------------------------------------------------------------- connections

BOOST_AUTO_TEST_CASE(keep_alive_reuses_one_connection)
{
    scripted_server srv;
    net::client c(options());
    for (int i = 0; i < 20; ++i)
        BOOST_TEST(c.get(srv.url("/ok")).body == "hello");
    BOOST_TEST(srv.connections() == 1);
    BOOST_TEST(c.idle_connections() == 1u);
    c.close_idle();
    BOOST_TEST(c.idle_connections() == 0u);
    c.get(srv.url("/ok"));
    BOOST_TEST(srv.connections() == 2);
}

BOOST_AUTO_TEST_CASE(idle_connections_close_after_the_timeout)
{
    scripted_server srv;
    auto o = options();
    o.pool_idle_timeout = 200ms;
    net::client c(o);
    c.get(srv.url("/ok"));
    c.get(srv.url("/ok"));
    BOOST_TEST(srv.connections() == 1);
    std::this_thread::sleep_for(400ms);
    c.get(srv.url("/ok"));
    BOOST_TEST(srv.connections() == 2);
}

BOOST_AUTO_TEST_CASE(a_connection_the_server_closed_is_retried_once_on_a_new_one)
{
    scripted_server srv;
    auto log = std::make_shared<test_log>();
    auto o = options(log);
    o.retry = net::retry_policy::none(); // the stale retry is not a policy retry
    net::client c(o);
    BOOST_TEST(c.get(srv.url("/stale")).body == "fresh");
    auto r = c.get(srv.url("/stale")); // pooled connection: the server closes it unanswered
    BOOST_TEST(r.body == "fresh");
    BOOST_TEST(r.attempts == 1u);
    BOOST_TEST(srv.connections() == 2);
    // Not safe to repeat: a POST on the stale connection fails instead.
    c.close_idle();
    BOOST_TEST(c.send(make(net::http::verb::post, srv.url("/stale"), "x")).body == "fresh");
    net::error_code ec;
    c.send(make(net::http::verb::post, srv.url("/stale"), "x"), ec);
    BOOST_TEST(ec == error::connection_closed);
}

// -------------------------------------------------------------------------------- retries

BOOST_AUTO_TEST_CASE(retries_503_and_reports_every_retry)
{
    scripted_server srv;
    std::vector<net::retry_event> events;
    auto o = options();
    o.on_retry = [&](const net::retry_event& e) { events.push_back(e); };
    net::client c(o);
    auto r = c.get(srv.url("/fail?status=503&times=2"));
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.body == "recovered");
    BOOST_TEST(r.attempts == 3u);
    BOOST_REQUIRE_EQUAL(events.size(), 2u);
    BOOST_TEST(events[0].status == 503u);
    BOOST_TEST(events[0].attempt == 1u);
    BOOST_TEST(events[1].attempt == 2u);
    BOOST_TEST((events[0].delay <= 10ms));
    BOOST_TEST((events[1].delay <= 20ms));
    for (unsigned s : {502u, 504u}) {
        events.clear();
        BOOST_TEST(c.get(srv.url("/fail?times=1&status=" + std::to_string(s))).attempts == 2u);
        BOOST_TEST(events.size() == 1u);
    }
}

BOOST_AUTO_TEST_CASE(retry_after_in_seconds_and_as_a_date)
{
    scripted_server srv;
    auto log = std::make_shared<test_log>();
    net::client c(options(log));
    auto t0 = std::chrono::steady_clock::now();
    auto r = c.get(srv.url("/fail?status=429&times=1&retry_after=1"));
    const auto waited = std::chrono::steady_clock::now() - t0;
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.attempts == 2u);
    BOOST_TEST((waited >= 950ms));
    BOOST_TEST(log->all().find("retrying GET") != std::string::npos, log->all());
    BOOST_TEST(log->all().find("Retry-After") != std::string::npos, log->all());

    // An HTTP date two seconds ahead (whole seconds: at least one second of wait).
    const std::time_t when = std::time(nullptr) + 2;
    char date[64];
    std::strftime(date, sizeof date, "%a,%%20%d%%20%b%%20%Y%%20%H:%M:%S%%20GMT", std::gmtime(&when));
    t0 = std::chrono::steady_clock::now();
    r = c.get(srv.url(std::string("/fail?status=503&times=1&retry_after=") + date));
    BOOST_TEST(r.status == 200u);
    BOOST_TEST((std::chrono::steady_clock::now() - t0 >= 900ms));

    // A Retry-After past the policy's total time: no retry, the 429 comes back.
    auto o = options();
    o.retry.max_elapsed = 500ms;
    net::client c2(o);
    r = c2.get(srv.url("/fail?status=429&times=5&retry_after=30"));
    BOOST_TEST(r.status == 429u);
    BOOST_TEST(r.attempts == 1u);
}

BOOST_AUTO_TEST_CASE(only_safe_requests_and_retryable_failures_are_retried)
{
    scripted_server srv;
    net::client c(options());
    BOOST_TEST(c.get(srv.url("/fail?status=500&times=1")).attempts == 1u); // 500: not retried
    auto post = make(net::http::verb::post, srv.url("/fail?status=503&times=1&k=post"), "{}");
    auto r = c.send(post);
    BOOST_TEST(r.status == 503u);
    BOOST_TEST(r.attempts == 1u);
    post.url = srv.url("/fail?status=503&times=1&k=named-create");
    post.idempotent = true; // a create idempotent by a client-chosen name
    r = c.send(post);
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.attempts == 2u);
    // The policy bounds the attempts.
    auto o = options();
    o.retry.max_attempts = 3;
    net::client c3(o);
    r = c3.get(srv.url("/fail?status=503&times=10&k=bounded"));
    BOOST_TEST(r.status == 503u);
    BOOST_TEST(r.attempts == 3u);
}

BOOST_AUTO_TEST_CASE(connection_failures_are_retried_then_reported)
{
    scripted_server srv;
    std::vector<net::retry_event> events;
    auto o = options();
    o.on_retry = [&](const net::retry_event& e) { events.push_back(e); };
    net::client c(o);
    BOOST_TEST(c.get(srv.url("/close-once")).body == "second time");
    BOOST_TEST(events.size() == 1u);
    BOOST_TEST(events[0].error == error::connection_closed);

    events.clear();
    const auto port = couler_test::free_port(); // nothing listens there
    const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/x";
    const auto what = message_of([&] { c.get(url); });
    BOOST_TEST(what.find("GET " + url + ": ") == 0u, what);
    BOOST_TEST(what.find("refused") != std::string::npos, what);
    BOOST_TEST(events.size() == 3u); // 4 attempts by default

    const auto w2 = message_of([&] { c.get(srv.url("/close")); });
    BOOST_TEST(w2.find("closed the connection before a complete response") != std::string::npos, w2);
}

// ------------------------------------------------------------------------------- timeouts

BOOST_AUTO_TEST_CASE(request_timeout_on_a_slow_first_byte)
{
    scripted_server srv;
    auto o = options();
    o.request_timeout = 300ms;
    net::client c(o);
    const auto t0 = std::chrono::steady_clock::now();
    net::error_code ec;
    auto r = c.send(net::request::get(srv.url("/slow?ms=3000")), ec);
    BOOST_TEST(ec == error::request_timeout);
    BOOST_TEST((std::chrono::steady_clock::now() - t0 < 2s));
    BOOST_TEST(r.error_detail == "300 ms");
    o.request_timeout = 5s;
    net::client c2(o);
    BOOST_TEST(c2.get(srv.url("/slow?ms=200")).body == "slow");
}

BOOST_AUTO_TEST_CASE(connect_timeout_on_a_full_backlog)
{
    // A loopback listener that never accepts, its backlog filled: further SYNs are dropped.
    namespace asio = boost::asio;
    asio::io_context ioc;
    asio::ip::tcp::acceptor a(ioc);
    asio::ip::tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
    a.open(ep.protocol());
    a.bind(ep);
    a.listen(0);
    const auto port = a.local_endpoint().port();
    std::vector<int> fillers; // non-blocking connects (Asio's connect would wait for them)
    for (int i = 0; i < 8; ++i) {
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(port);
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        (void)::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
        fillers.push_back(fd);
    }
    std::this_thread::sleep_for(100ms);
    auto o = options();
    o.connect_timeout = 300ms;
    o.retry = net::retry_policy::none();
    net::client c(o);
    const auto t0 = std::chrono::steady_clock::now();
    net::error_code ec;
    c.send(net::request::get("http://127.0.0.1:" + std::to_string(port) + "/"), ec);
    BOOST_TEST(ec == error::connect_timeout, ec.message());
    BOOST_TEST((std::chrono::steady_clock::now() - t0 < 3s));
    for (int fd : fillers)
        ::close(fd);
}

// ------------------------------------------------------------------------ limits and faults

BOOST_AUTO_TEST_CASE(bodies_past_the_limit_fail_with_bounded_memory)
{
    scripted_server srv;
    auto o = options();
    o.body_limit = 1 << 20;
    net::client c(o);
    const auto url = srv.url("/big?mb=100");
    const auto what = message_of([&] { c.get(url); });
    BOOST_TEST(what.find("GET " + url + ": the response body exceeds") == 0u, what);
    BOOST_TEST(what.find("1048576") != std::string::npos, what);
    // The default limit (64 MiB) stops a 100 MB body too, and a raised one reads it.
    net::client c2(options());
    net::error_code ec;
    c2.send(net::request::get(url), ec);
    BOOST_TEST(ec == error::body_limit);
    o.body_limit = 128u << 20;
    net::client c3(o);
    auto r = c3.get(url);
    BOOST_TEST(r.body.size() == 100u << 20);
    rusage ru{};
    ::getrusage(RUSAGE_SELF, &ru);
    BOOST_TEST(ru.ru_maxrss < 600 * 1024); // KiB: the 100 MB body once, plus its growth
}

BOOST_AUTO_TEST_CASE(header_limit_bad_chunks_and_gzip_bombs)
{
    scripted_server srv;
    auto o = options();
    o.body_limit = 4 << 20;
    net::client c(o);
    auto w = message_of([&] { c.get(srv.url("/big-header")); });
    BOOST_TEST(w.find("header exceeds") != std::string::npos, w);
    w = message_of([&] { c.get(srv.url("/bad-chunk")); });
    BOOST_TEST(w.find("GET " + srv.url("/bad-chunk") + ": ") == 0u, w);
    BOOST_TEST(w.find("chunk") != std::string::npos, w);

    auto req = net::request::get(srv.url("/gzip"));
    req.decompress = true;
    auto r = c.send(req);
    BOOST_TEST(r.body.find("line 0\nline 1\n") == 0u);
    BOOST_TEST(r.body.size() > 8000u);
    BOOST_TEST(r.headers.count(net::http::field::content_encoding) == 0u);
    req.url = srv.url("/gzip-bomb?mb=64"); // 64 MiB of zeros in ~64 KiB
    net::error_code ec;
    r = c.send(req, ec);
    BOOST_TEST(ec == error::body_limit);
    BOOST_TEST(r.error_detail.find("4194304") != std::string::npos, r.error_detail);
}

// -------------------------------------------------------------------------------- streams

BOOST_AUTO_TEST_CASE(ndjson_lines_arrive_one_by_one)
{
    scripted_server srv;
    net::client c(options());
    std::vector<std::string> lines;
    auto r = c.stream_lines(net::request::get(srv.url("/lines?n=500")),
                            [&](std::string_view l) { lines.emplace_back(l); });
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.records == 500u);
    BOOST_REQUIRE_EQUAL(lines.size(), 500u);
    BOOST_TEST(lines[0] == "{\"n\":0}");
    BOOST_TEST(lines[499] == "{\"n\":499}");
    // The connection went back to the pool after a complete stream.
    c.stream_lines(net::request::get(srv.url("/lines?n=3")), [](std::string_view) {});
    BOOST_TEST(srv.connections() == 1);
    // A refusal is read whole instead.
    r = c.stream_lines(net::request::get(srv.url("/status?code=403")), [](std::string_view) { BOOST_FAIL("record"); });
    BOOST_TEST(r.status == 403u);
    BOOST_TEST(r.body == "status");
}

BOOST_AUTO_TEST_CASE(server_sent_events)
{
    scripted_server srv;
    net::client c(options());
    std::vector<net::sse_event> ev;
    auto r = c.stream_events(net::request::get(srv.url("/sse?n=50")), [&](const net::sse_event& e) { ev.push_back(e); });
    BOOST_TEST(r.status == 200u);
    BOOST_REQUIRE_EQUAL(ev.size(), 50u);
    BOOST_TEST(ev[7].type == "tick");
    BOOST_TEST(ev[7].id == "7");
    BOOST_TEST(ev[7].data == "{\"n\":7}\nsecond line");
}

BOOST_AUTO_TEST_CASE(a_stream_cut_mid_record_is_an_error)
{
    scripted_server srv;
    net::client c(options());
    int n = 0;
    net::error_code ec;
    auto r = c.stream_lines(net::request::get(srv.url("/lines?n=10&cut=mid")), [&](std::string_view) { ++n; }, {}, ec);
    BOOST_TEST(ec == error::stream_truncated);
    BOOST_TEST(n == 10);
    BOOST_TEST(r.records == 10u);
    c.stream_events(net::request::get(srv.url("/sse?n=3&cut=mid")), [](const net::sse_event&) {}, {}, ec);
    BOOST_TEST(ec == error::stream_truncated);
    c.stream_lines(net::request::get(srv.url("/lines?n=3&cut=between")), [](std::string_view) {}, {}, ec);
    BOOST_TEST(ec == error::connection_closed);
    auto w = message_of([&] { c.stream_lines(net::request::get(srv.url("/lines?n=2&cut=mid")), [](std::string_view) {}); });
    BOOST_TEST(w.find("GET " + srv.url("/lines?n=2&cut=mid") + ": the stream ended in the middle") == 0u, w);
}

BOOST_AUTO_TEST_CASE(stop_token_ends_a_stream)
{
    scripted_server srv;
    net::client c(options());
    // From the callback, after five records.
    net::stop_source s1;
    int n = 0;
    auto r = c.stream_lines(net::request::get(srv.url("/endless?ms=5")), [&](std::string_view) {
        if (++n == 5)
            s1.request_stop();
    }, s1.get_token());
    BOOST_TEST(n == 5);
    BOOST_TEST(r.records == 5u);
    // From another thread while the stream is quiet.
    net::stop_source s2;
    std::thread t([&] {
        std::this_thread::sleep_for(300ms);
        s2.request_stop();
    });
    const auto t0 = std::chrono::steady_clock::now();
    net::error_code ec;
    r = c.stream_lines(net::request::get(srv.url("/quiet?ms=10000")), [](std::string_view) {}, s2.get_token(), ec);
    t.join();
    BOOST_TEST(!ec);
    BOOST_TEST(r.records == 1u);
    BOOST_TEST((std::chrono::steady_clock::now() - t0 < 3s));
}

BOOST_AUTO_TEST_CASE(idle_timeout_between_records)
{
    scripted_server srv;
    auto o = options();
    o.stream_idle_timeout = 300ms;
    net::client c(o);
    net::error_code ec;
    const auto t0 = std::chrono::steady_clock::now();
    auto r = c.stream_lines(net::request::get(srv.url("/quiet?ms=5000")), [](std::string_view) {}, {}, ec);
    BOOST_TEST(ec == error::idle_timeout);
    BOOST_TEST(r.records == 1u);
    BOOST_TEST((std::chrono::steady_clock::now() - t0 < 3s));
    // Records every 5 ms keep a stream with the same timeout alive well past it.
    net::stop_source s;
    int n = 0;
    c.stream_lines(net::request::get(srv.url("/endless?ms=5")), [&](std::string_view) {
        if (++n == 150)
            s.request_stop();
    }, s.get_token(), ec);
    BOOST_TEST(!ec);
    BOOST_TEST(n == 150);
}

// ---------------------------------------------------------------------------------- auth

BOOST_AUTO_TEST_CASE(bearer_and_basic_auth_never_leak)
{
    scripted_server srv;
    auto log = std::make_shared<test_log>();
    auto o = options(log);
    o.auth = net::auth::bearer(net::secret_source::from_string("s3cr3t-token"));
    net::client c(o);
    BOOST_TEST(c.get(srv.url("/echo")).body.find("Authorization: Bearer s3cr3t-token") != std::string::npos);

    // From a file that rotates.
    const auto file = scratch() / "sa-token";
    couler_test::write_file(file, "rotating-one\n");
    auto req = net::request::get(srv.url("/echo"));
    req.auth = net::auth::bearer(net::secret_source::from_file(file.string()));
    BOOST_TEST(c.send(req).body.find("Bearer rotating-one\r\n") != std::string::npos);
    couler_test::write_file(file, "rotating-two-longer\n");
    BOOST_TEST(c.send(req).body.find("Bearer rotating-two-longer\r\n") != std::string::npos);
    fs::remove(file);
    auto w = message_of([&] { c.send(req); });
    BOOST_TEST(w.find("credentials could not be read") != std::string::npos, w);

    // From the environment, and basic auth from the URL's user information.
    ::setenv("COULER_NET_TEST_BEARER", "env-token-value", 1);
    req.auth = net::auth::bearer(net::secret_source::from_env("COULER_NET_TEST_BEARER"));
    BOOST_TEST(c.send(req).body.find("Bearer env-token-value") != std::string::npos);
    net::client plain(options(log));
    const std::string with_user = "http://alice:pa55word@127.0.0.1:" + std::to_string(srv.port());
    BOOST_TEST(plain.get(with_user + "/echo").body.find("Authorization: Basic YWxpY2U6cGE1NXdvcmQ=") !=
               std::string::npos);
    req.auth = net::auth::basic("bob", net::secret_source::from_string("b0bpass"));
    BOOST_TEST(c.send(req).body.find("Basic Ym9iOmIwYnBhc3M=") != std::string::npos);

    // Errors, retries and logs never carry a credential.
    std::string all;
    all += message_of([&] { plain.get(with_user + "/big-header?token=t0k3nq"); });
    all += message_of([&] { c.get(srv.url("/close?access_token=t0k3nq")); });
    auto o2 = options(log);
    o2.auth = net::auth::basic("carol", net::secret_source::from_string("c4r0lpw"));
    o2.retry.max_attempts = 2;
    net::client c2(o2);
    all += message_of([&] { c2.get("http://dave:d4v3pw@127.0.0.1:" + std::to_string(couler_test::free_port()) + "/"); });
    all += c2.get(srv.url("/fail?status=503&times=1&auth_key=t0k3nq")).url;
    all += log->all();
    for (const char* secret : {"s3cr3t", "pa55word", "YWxpY2U6cGE1NXdvcmQ", "t0k3nq", "c4r0lpw", "d4v3pw",
                               "rotating", "env-token", "b0bpass"})
        BOOST_TEST(all.find(secret) == std::string::npos, secret << " leaked in:\n" << all);
    BOOST_TEST(all.find("REDACTED") != std::string::npos, all);
}

// ----------------------------------------------------------------------------------- TLS

namespace {
std::unique_ptr<boost::asio::ssl::context> server_tls(const fs::path& cert, const fs::path& key, bool need_client_cert)
{
    namespace ssl = boost::asio::ssl;
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
    ctx->use_certificate_chain_file(cert.string());
    ctx->use_private_key_file(key.string(), ssl::context::pem);
    if (need_client_cert) {
        ctx->load_verify_file(pki().ca_cert.string());
        ctx->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
    }
    return ctx;
}
} // namespace

BOOST_AUTO_TEST_CASE(tls_verification_against_a_throwaway_ca)
{
    auto ctx = server_tls(pki().server_cert, pki().server_key, false);
    scripted_server srv(ctx.get());
    auto o = options();
    o.retry = net::retry_policy::none();
    {
        net::client c(o); // the system's CAs do not know ours
        net::error_code ec;
        auto r = c.send(net::request::get(srv.url("/ok")), ec);
        BOOST_TEST((ec.category() == boost::asio::error::get_ssl_category()), ec.message());
        BOOST_TEST(r.error_detail.find("local issuer") != std::string::npos, r.error_detail);
    }
    o.tls.ca_file = pki().ca_cert.string();
    {
        net::client c(o);
        BOOST_TEST(c.get(srv.url("/ok")).body == "hello");
        BOOST_TEST(c.get(srv.url("/ok")).body == "hello");
        BOOST_TEST(srv.connections() == 2); // keep-alive over TLS
        // https://localhost: the DNS name in the certificate
        BOOST_TEST(c.get("https://localhost:" + std::to_string(srv.port()) + "/ok").body == "hello");
    }
    {
        auto o2 = options();
        o2.tls.ca_pem = couler_test::read_file(pki().ca_cert);
        net::client c(o2);
        BOOST_TEST(c.get(srv.url("/ok")).body == "hello");
    }
}

BOOST_AUTO_TEST_CASE(tls_fails_on_host_mismatch_and_expiry)
{
    auto o = options();
    o.retry = net::retry_policy::none();
    o.tls.ca_file = pki().ca_cert.string();
    auto wrong = server_tls(pki().wrong_host_cert, pki().key_of(pki().wrong_host_cert), false);
    scripted_server w(wrong.get());
    net::client c(o);
    auto what = message_of([&] { c.get(w.url("/ok")); });
    BOOST_TEST(what.find("GET " + w.url("/ok")) == 0u, what);
    BOOST_TEST(what.find("mismatch") != std::string::npos, what);
    auto expired = server_tls(pki().expired_cert, pki().key_of(pki().expired_cert), false);
    scripted_server e(expired.get());
    what = message_of([&] { c.get(e.url("/ok")); });
    BOOST_TEST(what.find("expired") != std::string::npos, what);

    // Verification off: works, and the client warns once.
    auto log = std::make_shared<test_log>();
    auto o2 = options(log);
    o2.tls.verify = false;
    net::client insecure(o2);
    BOOST_TEST(insecure.get(w.url("/ok")).body == "hello");
    BOOST_TEST(insecure.get(e.url("/ok")).body == "hello");
    BOOST_TEST(log->lines.size() == 1u);
    BOOST_TEST(log->all().find("verification is OFF") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(mutual_tls)
{
    auto ctx = server_tls(pki().server_cert, pki().server_key, true);
    scripted_server srv(ctx.get());
    auto o = options();
    o.retry = net::retry_policy::none();
    o.tls.ca_file = pki().ca_cert.string();
    {
        net::client c(o);
        net::error_code ec;
        c.send(net::request::get(srv.url("/ok")), ec);
        BOOST_TEST(ec); // no client certificate
    }
    o.tls.client_cert_file = pki().client_cert.string();
    o.tls.client_key_file = pki().client_key.string();
    {
        net::client c(o);
        BOOST_TEST(c.get(srv.url("/ok")).body == "hello");
    }
    auto o2 = options();
    o2.tls.ca_pem = couler_test::read_file(pki().ca_cert);
    o2.tls.client_cert_pem = couler_test::read_file(pki().client_cert); // kubeconfig's *-data fields
    o2.tls.client_key_pem = couler_test::read_file(pki().client_key);
    net::client c2(o2);
    BOOST_TEST(c2.get(srv.url("/ok")).body == "hello");
    BOOST_TEST(srv.handshake_failures() >= 1);
    // A client certificate file that does not exist fails each https request clearly.
    auto o3 = o;
    o3.tls.client_cert_file = (scratch() / "missing.pem").string();
    net::client c3(o3);
    auto w = message_of([&] { c3.get(srv.url("/ok")); });
    BOOST_TEST(w.find("setting up TLS") != std::string::npos, w);
}

// ------------------------------------------------------------------------- nginx, tinyproxy

namespace {
struct real_servers {
    fs::path root = scratch() / "www";
    std::unique_ptr<couler_test::nginx_server> nginx;
    std::unique_ptr<couler_test::tinyproxy_server> proxy;
    std::string big;
    real_servers()
    {
        fs::create_directories(root);
        couler_test::write_file(root / "1k.txt", std::string(1024, 'k'));
        std::string lines;
        for (int i = 0; i < 20000; ++i)
            lines += "{\"i\":" + std::to_string(i) + ",\"pad\":\"" + std::string(i % 50, 'p') + "\"}\n";
        couler_test::write_file(root / "events.ndjson", lines);
        big.resize(30u << 20);
        for (std::size_t i = 0; i < big.size(); ++i)
            big[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
        couler_test::write_file(root / "big.bin", big);
        nginx = std::make_unique<couler_test::nginx_server>(scratch() / "nginx", root, pki());
        proxy = std::make_unique<couler_test::tinyproxy_server>(scratch() / "tinyproxy");
    }
};
real_servers& servers()
{
    static real_servers s;
    return s;
}
} // namespace

BOOST_AUTO_TEST_CASE(nginx_keep_alive_chunked_gzip_and_a_large_file)
{
    auto& s = servers();
    auto o = options();
    o.tls.ca_file = pki().ca_cert.string();
    net::client c(o);
    std::set<std::string> conns;
    for (int i = 0; i < 50; ++i) {
        auto r = c.get(s.nginx->url("/1k.txt"));
        BOOST_REQUIRE(r.status == 200u);
        BOOST_TEST(r.body == std::string(1024, 'k'));
        conns.insert(std::string(r.headers["X-Connection"]));
    }
    BOOST_TEST(conns.size() == 1u); // one keep-alive connection for all 50

    // gzip on the fly: nginx answers chunked.
    auto req = net::request::get(s.nginx->url("/events.ndjson"));
    req.decompress = true;
    auto r = c.send(req);
    BOOST_TEST(r.body == couler_test::read_file(s.root / "events.ndjson"));
    std::size_t n = 0;
    std::string last;
    r = c.stream_lines(req, [&](std::string_view l) { ++n, last = std::string(l); });
    BOOST_TEST(n == 20000u);
    BOOST_TEST(last.find("{\"i\":19999,") == 0u);

    r = c.get(s.nginx->url("/big.bin"));
    BOOST_TEST(r.body.size() == s.big.size());
    BOOST_TEST((r.body == s.big));
    r = c.get(s.nginx->tls_url("/big.bin"));
    BOOST_TEST((r.body == s.big));
    r = c.get(s.nginx->tls_url("/1k.txt"));
    BOOST_TEST(r.body.size() == 1024u);
    BOOST_TEST(c.get(s.nginx->url("/missing")).status == 404u);
}

BOOST_AUTO_TEST_CASE(through_tinyproxy_with_connect)
{
    auto& s = servers();
    auto o = options();
    o.tls.ca_file = pki().ca_cert.string();
    o.proxy = net::proxy_settings{s.proxy->url(), s.proxy->url(), ""};
    net::client c(o);
    auto r = c.get(s.nginx->tls_url("/1k.txt")); // CONNECT, then TLS to nginx inside the tunnel
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.body.size() == 1024u);
    r = c.get(s.nginx->url("/1k.txt")); // absolute-form GET through the proxy
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.body.size() == 1024u);
    const auto log = s.proxy->log();
    BOOST_TEST(log.find("CONNECT 127.0.0.1:" + std::to_string(s.nginx->tls_port)) != std::string::npos, log);
    BOOST_TEST(log.find("GET http://127.0.0.1:" + std::to_string(s.nginx->port) + "/1k.txt") != std::string::npos, log);

    // The environment as curl reads it, and NO_PROXY.
    ::setenv("https_proxy", s.proxy->url().c_str(), 1);
    ::setenv("no_proxy", "", 1);
    auto oe = options();
    oe.proxy.reset();
    oe.tls.ca_file = pki().ca_cert.string();
    net::client ce(oe);
    const auto before = s.proxy->log().size();
    BOOST_TEST(ce.get(s.nginx->tls_url("/1k.txt")).status == 200u);
    BOOST_TEST(s.proxy->log().size() > before);
    ::setenv("no_proxy", "127.0.0.0/8", 1);
    net::client cn(oe);
    const auto before2 = s.proxy->log().size();
    BOOST_TEST(cn.get(s.nginx->tls_url("/1k.txt")).status == 200u);
    BOOST_TEST(s.proxy->log().size() == before2);
    ::unsetenv("https_proxy");
    ::unsetenv("no_proxy");

    // A proxy that refuses CONNECT.
    scripted_server refusing;
    auto orf = options();
    orf.retry = net::retry_policy::none();
    orf.proxy = net::proxy_settings{"", "http://127.0.0.1:" + std::to_string(refusing.port()), ""};
    net::client cr(orf);
    auto w = message_of([&] { cr.get("https://127.0.0.1:1/x"); });
    BOOST_TEST(w.find("proxy refused") != std::string::npos, w);
    BOOST_TEST(w.find("answered 403") != std::string::npos, w);
}
