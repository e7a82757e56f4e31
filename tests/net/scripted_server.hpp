// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_TESTS_NET_SCRIPTED_SERVER_HPP
#define COULER_TESTS_NET_SCRIPTED_SERVER_HPP

// A loopback HTTP server for the client's tests, on Beast with blocking sockets and one thread per
// connection. The request path picks a scripted response or fault (see respond()). TCP, TLS
// (optionally requiring a client certificate) or a unix socket. Every socket has a receive
// timeout and every loop a bound, so a broken client cannot hang the test.

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include <zlib.h>

#include <atomic>
#include <functional>
#include <optional>
#include <sstream>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>

namespace couler_test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

inline std::string gzip_compress(const std::string& in)
{
    z_stream zs{};
    deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, static_cast<uLong>(in.size())) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    zs.next_out = reinterpret_cast<Bytef*>(&out[0]);
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

class scripted_server {
public:
    enum class transport { tcp, tls, unix_socket };

    /// TCP on 127.0.0.1 (a free port), or TLS with `tls` as the server context.
    explicit scripted_server(ssl::context* tls = nullptr)
        : kind_(tls ? transport::tls : transport::tcp), tls_(tls), tcp_acceptor_(ioc_)
    {
        tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
        tcp_acceptor_.open(ep.protocol());
        tcp_acceptor_.set_option(tcp::acceptor::reuse_address(true));
        tcp_acceptor_.bind(ep);
        tcp_acceptor_.listen();
        port_ = tcp_acceptor_.local_endpoint().port();
        fd_ = tcp_acceptor_.native_handle();
        thread_ = std::thread([this] { accept_loop(); });
    }

    /// A unix socket at `path`.
    explicit scripted_server(const std::string& path) : kind_(transport::unix_socket), tcp_acceptor_(ioc_)
    {
        ::unlink(path.c_str());
        unix_acceptor_.emplace(ioc_, asio::local::stream_protocol::endpoint(path));
        fd_ = unix_acceptor_->native_handle();
        thread_ = std::thread([this] { accept_loop(); });
    }

    ~scripted_server() { stop(); }

    void stop()
    {
        if (stopping_.exchange(true))
            return;
        if (thread_.joinable())
            thread_.join();
        std::vector<std::thread> ts;
        {
            std::lock_guard<std::mutex> l(m_);
            ts.swap(conns_);
            for (auto& f : shutters_)
                f();
        }
        for (auto& t : ts)
            t.join();
    }

    unsigned short port() const { return port_; }
    std::string url(const std::string& path) const
    {
        return std::string(kind_ == transport::tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) + path;
    }
    int connections() const { return connections_.load(); }
    int requests() const { return requests_.load(); }
    int handshake_failures() const { return handshake_failures_.load(); }
    std::string last_request_head() const
    {
        std::lock_guard<std::mutex> l(m_);
        return last_head_;
    }

private:
    void accept_loop()
    {
        // Bounded: the loop ends when stop() is called, polling every 50 ms.
        while (!stopping_) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0)
                continue;
            boost::system::error_code ec;
            if (kind_ == transport::unix_socket) {
                asio::local::stream_protocol::socket s(ioc_);
                unix_acceptor_->accept(s, ec);
                if (!ec)
                    spawn(std::move(s));
            } else {
                tcp::socket s(ioc_);
                tcp_acceptor_.accept(s, ec);
                if (!ec)
                    spawn(std::move(s));
            }
        }
    }

    template <class Socket>
    void spawn(Socket s)
    {
        ++connections_;
        auto sp = std::make_shared<Socket>(std::move(s));
        std::lock_guard<std::mutex> l(m_);
        // stop() shuts every connection down, which wakes a thread blocked reading or writing;
        // the socket stays alive (and its descriptor valid) until then.
        shutters_.emplace_back([sp] {
            if (sp->is_open())
                ::shutdown(sp->native_handle(), SHUT_RDWR);
        });
        conns_.emplace_back([this, sp] {
            if (kind_ == transport::tls) {
                ssl::stream<Socket&> st(*sp, *tls_);
                boost::system::error_code ec;
                st.handshake(ssl::stream_base::server, ec);
                if (ec)
                    ++handshake_failures_;
                else
                    serve(st);
            } else {
                serve(*sp);
            }
            std::lock_guard<std::mutex> l(m_); // closed under the lock stop() shuts sockets down with
            boost::system::error_code ignored;
            sp->close(ignored);
        });
    }

    template <class Stream>
    bool read_request(Stream& s, beast::flat_buffer& buf, http::request<http::string_body>& req)
    {
        http::request_parser<http::string_body> p;
        p.body_limit(16u << 20);
        boost::system::error_code ec;
        http::read(s, buf, p, ec);
        if (ec)
            return false;
        req = p.release();
        return true;
    }

    template <class Stream>
    void serve(Stream& s)
    {
        beast::flat_buffer buf;
        for (int served = 0; served < 100000 && !stopping_; ++served) {
            http::request<http::string_body> req;
            if (!read_request(s, buf, req))
                return;
            ++requests_;
            {
                std::lock_guard<std::mutex> l(m_);
                std::ostringstream head;
                head << req.base();
                last_head_ = head.str();
            }
            if (!respond(s, req, served))
                return;
        }
    }

    // A counter per request target, for faults that last N requests.
    int bump(const std::string& key)
    {
        std::lock_guard<std::mutex> l(m_);
        return counters_[key]++;
    }

    template <class Stream>
    bool raw(Stream& s, const std::string& bytes)
    {
        boost::system::error_code ec;
        asio::write(s, asio::buffer(bytes), ec);
        return !ec;
    }

    template <class Stream>
    bool simple(Stream& s, const http::request<http::string_body>& req, unsigned status, std::string body,
                std::vector<std::pair<std::string, std::string>> headers = {})
    {
        http::response<http::string_body> res{static_cast<http::status>(status), 11};
        res.keep_alive(req.keep_alive());
        for (auto& [k, v] : headers)
            res.set(k, v);
        res.body() = std::move(body);
        res.prepare_payload();
        boost::system::error_code ec;
        http::write(s, res, ec);
        return !ec && req.keep_alive();
    }

    static std::string chunk(const std::string& data)
    {
        std::ostringstream o;
        o << std::hex << data.size() << "\r\n" << data << "\r\n";
        return o.str();
    }

    template <class Stream>
    bool respond(Stream& s, const http::request<http::string_body>& req, int served_on_connection)
    {
        const std::string target(req.target());
        auto u = boost::urls::parse_origin_form(target);
        std::string path = u ? std::string(u->path()) : target;
        std::map<std::string, std::string> q;
        if (u)
            for (auto p : u->params())
                q[std::string(p.key)] = std::string(p.value);
        auto num = [&](const char* k, long long d) { return q.count(k) ? std::stoll(q[k]) : d; };

        if (req.method() == http::verb::connect) // a "proxy" that refuses
            return simple(s, req, 403, "no tunnels here"), false;
        if (target.rfind("http://", 0) == 0) // absolute form: this server plays an HTTP proxy
            return simple(s, req, 200, "proxied " + target);
        if (path == "/ok")
            return simple(s, req, 200, "hello");
        if (path == "/echo") {
            std::ostringstream o;
            o << req.method_string() << " " << req.target() << "\n" << req.base() << req.body();
            return simple(s, req, 200, o.str());
        }
        if (path == "/status")
            return simple(s, req, static_cast<unsigned>(num("code", 200)), "status");
        if (path == "/fail") { // the first `times` requests of this target fail with `status`
            if (bump(target) < num("times", 1)) {
                std::vector<std::pair<std::string, std::string>> h;
                if (q.count("retry_after"))
                    h.emplace_back("Retry-After", q["retry_after"]);
                return simple(s, req, static_cast<unsigned>(num("status", 503)), "try again", h);
            }
            return simple(s, req, 200, "recovered");
        }
        if (path == "/close") // connection closed after the request is read
            return false;
        if (path == "/close-once")
            return bump(target) == 0 ? false : simple(s, req, 200, "second time");
        if (path == "/stale") // keep-alive once, then close a reused connection without answering
            return served_on_connection == 0 ? simple(s, req, 200, "fresh") : false;
        if (path == "/slow") {
            std::this_thread::sleep_for(std::chrono::milliseconds(num("ms", 1000)));
            return simple(s, req, 200, "slow");
        }
        if (path == "/big") { // a Content-Length body of `mb` MiB, written until the client leaves
            const unsigned long long total = static_cast<unsigned long long>(num("mb", 100)) << 20;
            if (!raw(s, "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(total) + "\r\n\r\n"))
                return false;
            std::string block(1 << 16, 'x');
            for (unsigned long long sent = 0; sent < total; sent += block.size())
                if (!raw(s, block))
                    return false;
            return req.keep_alive();
        }
        if (path == "/big-header") { // one header field of 1 MiB
            std::string h = "HTTP/1.1 200 OK\r\nX-Big: " + std::string(1 << 20, 'h') + "\r\nContent-Length: 0\r\n\r\n";
            raw(s, h);
            return false;
        }
        if (path == "/bad-chunk")
            return raw(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nZZZ\r\nxx\r\n"), false;
        if (path == "/gzip") {
            std::string plain;
            for (int i = 0; i < 1000; ++i)
                plain += "line " + std::to_string(i) + "\n";
            return simple(s, req, 200, gzip_compress(plain), {{"Content-Encoding", "gzip"}});
        }
        if (path == "/gzip-bomb")
            return simple(s, req, 200, gzip_compress(std::string(num("mb", 64) << 20, '\0')),
                          {{"Content-Encoding", "gzip"}});
        if (path == "/lines" || path == "/sse" || path == "/endless" || path == "/quiet") {
            const bool sse = path == "/sse";
            std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: " +
                               std::string(sse ? "text/event-stream" : "application/x-ndjson") + "\r\n\r\n";
            if (!raw(s, head))
                return false;
            if (path == "/endless") { // one record every `ms` until the client goes (60 s at most)
                for (int i = 0; i < 60000 / static_cast<int>(num("ms", 10)) + 1 && !stopping_; ++i) {
                    if (!raw(s, chunk("{\"n\":" + std::to_string(i) + "}\n")))
                        return false;
                    std::this_thread::sleep_for(std::chrono::milliseconds(num("ms", 10)));
                }
                return false;
            }
            if (path == "/quiet") { // one record, then silence for `ms`
                raw(s, chunk("{\"first\":true}\n"));
                for (int i = 0; i < num("ms", 3000) / 50 && !stopping_; ++i)
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
                return false;
            }
            const long long n = num("n", 100);
            for (long long i = 0; i < n; ++i) {
                std::string rec = sse ? "id: " + std::to_string(i) + "\nevent: tick\ndata: {\"n\":" + std::to_string(i) +
                                            "}\ndata: second line\n\n"
                                      : "{\"n\":" + std::to_string(i) + "}\n";
                // Split records across chunks at odd places.
                const std::size_t cut = rec.size() / 3;
                if (!raw(s, chunk(rec.substr(0, cut)) + chunk(rec.substr(cut))))
                    return false;
            }
            if (q.count("cut")) { // the stream stops mid-record (or between records) and the connection closes
                if (q["cut"] == "mid")
                    raw(s, chunk(sse ? "data: {\"incompl" : "{\"incompl"));
                return false;
            }
            return raw(s, "0\r\n\r\n") && req.keep_alive();
        }
        return simple(s, req, 404, "no such script: " + path);
    }

    transport kind_;
    ssl::context* tls_ = nullptr;
    asio::io_context ioc_;
    tcp::acceptor tcp_acceptor_;
    std::optional<asio::local::stream_protocol::acceptor> unix_acceptor_;
    int fd_ = -1;
    unsigned short port_ = 0;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> connections_{0}, requests_{0}, handshake_failures_{0};
    mutable std::mutex m_;
    std::vector<std::thread> conns_;
    std::vector<std::function<void()>> shutters_;
    std::map<std::string, int> counters_;
    std::string last_head_;
};

} // namespace couler_test

#endif
