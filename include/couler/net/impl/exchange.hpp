// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_IMPL_EXCHANGE_HPP
#define COULER_NET_IMPL_EXCHANGE_HPP

// One request from start to finish: connect (or take a pooled connection), send, read the whole
// response or stream its records, retry per the policy. Non-template, written once for every
// transport through detail::connection.

#include <couler/net/detail/connection.hpp>
#include <couler/net/gzip.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <array>
#include <iostream>
#include <random>

namespace couler::net::detail {

namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;
using clock = std::chrono::steady_clock;

inline error_code make_tls_context(const tls_options& o, ssl::context& ctx)
{
    error_code ec;
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                        ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                    ec);
    if (ec)
        return ec;
    if (o.verify) {
        ctx.set_verify_mode(ssl::verify_peer, ec);
        if (!ec && !o.ca_pem.empty())
            ctx.add_certificate_authority(asio::buffer(o.ca_pem), ec);
        if (!ec && !o.ca_file.empty())
            ctx.load_verify_file(o.ca_file, ec);
        if (!ec && o.ca_pem.empty() && o.ca_file.empty())
            ctx.set_default_verify_paths(ec);
    } else {
        ctx.set_verify_mode(ssl::verify_none, ec);
    }
    if (!ec && !o.client_cert_file.empty())
        ctx.use_certificate_chain_file(o.client_cert_file, ec);
    if (!ec && !o.client_key_file.empty())
        ctx.use_private_key_file(o.client_key_file, ssl::context::pem, ec);
    if (!ec && !o.client_cert_pem.empty())
        ctx.use_certificate_chain(asio::buffer(o.client_cert_pem), ec);
    if (!ec && !o.client_key_pem.empty())
        ctx.use_private_key(asio::buffer(o.client_key_pem), ssl::context::pem, ec);
    return ec;
}

/// What every operation of one client shares.
struct client_state {
    client_state(asio::any_io_executor e, client_options o)
        : ex(std::move(e)), opts(std::move(o)), pool(opts.max_idle_per_host, opts.pool_idle_timeout),
          rng(opts.jitter_seed ? opts.jitter_seed : std::random_device{}())
    {
        proxy = opts.proxy ? *opts.proxy : proxy_settings::from_environment();
        tls.emplace(ssl::context::tls_client);
        tls_error = make_tls_context(opts.tls, *tls);
        if (!opts.tls.verify)
            log("TLS certificate verification is OFF for this client (tls_options::verify = false): "
                "any server can impersonate the ones it talks to");
    }
    void log(std::string_view m) const
    {
        if (opts.log)
            opts.log(m);
        else
            std::clog << "couler::net: " << m << '\n';
    }

    asio::any_io_executor ex;
    client_options opts;
    proxy_settings proxy;
    std::optional<ssl::context> tls;
    error_code tls_error;
    connection_pool pool;
    std::minstd_rand rng;
};

enum class op_mode { whole, lines, events };

class exchange : public std::enable_shared_from_this<exchange> {
public:
    exchange(std::shared_ptr<client_state> st, request req, op_mode m, line_handler on_line, event_handler on_event,
             stop_token stop, move_fn<error_code, response> done)
        : st_(std::move(st)), req_(std::move(req)), mode_(m), on_line_(std::move(on_line)),
          on_event_(std::move(on_event)), stop_(std::move(stop)), done_(std::move(done)), timer_(st_->ex)
    {}

    void start()
    {
        const auto& o = st_->opts;
        resp_.method = std::string(http::to_string(req_.method));
        error_code ec;
        url_ = parse_url(req_.url, ec);
        resp_.url = url_.redacted;
        if (ec)
            return finish(ec);
        const std::string& sock = !req_.unix_socket.empty() ? req_.unix_socket : o.unix_socket;
        if (!sock.empty() && url_.scheme == target_url::kind::http) {
            url_.socket_path = sock;
        } else if (!req_.unix_socket.empty() && url_.tls()) {
            error_detail_ = "unix_socket is for http URLs only";
            return finish(error::unsupported_scheme);
        }
        unix_ = !url_.socket_path.empty();
        if (!unix_) {
            std::string p = st_->proxy.proxy_for(url_);
            if (!p.empty()) {
                if (p.find("://") == std::string::npos)
                    p = "http://" + p;
                proxy_ = parse_url(p, ec);
                if (ec || proxy_.scheme != target_url::kind::http) {
                    error_detail_ = "proxy " + proxy_.redacted;
                    return finish(ec ? ec : make_error_code(error::unsupported_proxy));
                }
                use_proxy_ = true;
                if (proxy_.has_userinfo)
                    proxy_auth_ = "Basic " + base64_encode(proxy_.user + ":" + proxy_.password);
            }
        }
        const net::auth& a = req_.auth ? *req_.auth : o.auth;
        std::string authz;
        if (!a.empty()) {
            authz = a.header_value(ec);
            if (ec)
                return finish(ec);
        } else if (url_.has_userinfo) {
            authz = "Basic " + base64_encode(url_.user + ":" + url_.password);
        }
        if (url_.tls() && st_->tls_error) {
            error_detail_ = "setting up TLS: " + st_->tls_error.message();
            return finish(st_->tls_error);
        }
        pool_key_ = unix_ ? "unix:" + url_.socket_path
                          : std::string(url_.tls() ? "https://" : "http://") + url_.authority() +
                                (use_proxy_ ? " via " + proxy_.authority() : "");

        msg_.method(req_.method);
        msg_.target(use_proxy_ && !url_.tls() ? url_.absolute_target() : url_.target);
        msg_.version(11);
        for (const auto& f : req_.headers)
            msg_.insert(f.name_string(), f.value());
        if (msg_.find(http::field::host) == msg_.end())
            msg_.set(http::field::host, url_.host_header());
        if (msg_.find(http::field::user_agent) == msg_.end() && !o.user_agent.empty())
            msg_.set(http::field::user_agent, o.user_agent);
        if (!authz.empty() && msg_.find(http::field::authorization) == msg_.end())
            msg_.set(http::field::authorization, authz);
        if (use_proxy_ && !url_.tls() && !proxy_auth_.empty())
            msg_.set(http::field::proxy_authorization, proxy_auth_);
        if (req_.decompress && msg_.find(http::field::accept_encoding) == msg_.end())
            msg_.set(http::field::accept_encoding, "gzip");
        msg_.body() = req_.body;
        if (!req_.body.empty() || req_.method == http::verb::post || req_.method == http::verb::put ||
            req_.method == http::verb::patch)
            msg_.prepare_payload();

        if (stop_.stop_possible()) {
            std::weak_ptr<exchange> w = weak_from_this();
            auto ex = st_->ex;
            stop_id_ = stop_.add_callback([w, ex] {
                asio::post(ex, [w] {
                    if (auto self = w.lock())
                        self->on_stop();
                });
            });
        }
        first_start_ = clock::now();
        attempt();
    }

private:
    // ------------------------------------------------------------------ attempts and timers
    void attempt()
    {
        ++attempt_;
        resp_.status = 0;
        resp_.headers.clear();
        resp_.body.clear();
        timeout_ec_ = {};
        error_detail_.clear();
        request_deadline_ = clock::now() + st_->opts.request_timeout;
        arm(request_deadline_, error::request_timeout);
        if (auto c = st_->pool.take(pool_key_)) {
            conn_ = std::move(c);
            return send_request();
        }
        connect();
    }

    void arm(clock::time_point when, error kind)
    {
        const unsigned gen = ++timer_gen_;
        timer_.expires_at(when);
        timer_.async_wait([self = shared_from_this(), gen, kind](error_code ec) {
            if (ec || gen != self->timer_gen_)
                return;
            self->timeout_ec_ = kind;
            self->abort_io();
        });
    }
    void disarm()
    {
        ++timer_gen_;
        timer_.cancel();
    }
    void abort_io()
    {
        if (resolver_)
            resolver_->cancel();
        if (conn_)
            conn_->close();
    }
    void on_stop()
    {
        if (finished_)
            return;
        stopped_ = true;
        if (waiting_retry_)
            return finish({});
        abort_io();
    }

    // ------------------------------------------------------------------ connecting
    void connect()
    {
        const auto connect_deadline = clock::now() + st_->opts.connect_timeout;
        if (connect_deadline < request_deadline_)
            arm(connect_deadline, error::connect_timeout);
        auto self = shared_from_this();
        if (unix_) {
            auto c = std::make_unique<unix_connection>(st_->ex);
            auto& s = c->stream;
            conn_ = std::move(c);
            s.async_connect(asio::local::stream_protocol::endpoint(url_.socket_path), [self](error_code ec) {
                if (ec)
                    return self->fail(ec, true);
                self->connected();
            });
            return;
        }
        const target_url& to = use_proxy_ ? proxy_ : url_;
        if (!resolver_)
            resolver_.emplace(st_->ex);
        resolver_->async_resolve(to.host, std::to_string(to.port),
                                [self](error_code ec, tcp::resolver::results_type results) {
                                    if (ec)
                                        return self->fail(ec, true);
                                    auto c = std::make_unique<tcp_connection>(self->st_->ex);
                                    auto& s = c->stream;
                                    self->conn_ = std::move(c);
                                    asio::async_connect(s, results, [self](error_code ec, const tcp::endpoint&) {
                                        if (ec)
                                            return self->fail(ec, true);
                                        self->tcp_connected();
                                    });
                                });
    }

    void tcp_connected()
    {
        auto& sock = static_cast<tcp_connection&>(*conn_).stream;
        error_code ignored;
        sock.set_option(tcp::no_delay(true), ignored);
        if (use_proxy_ && url_.tls())
            return proxy_connect();
        if (url_.tls())
            return handshake();
        connected();
    }

    void proxy_connect()
    {
        auto& sock = static_cast<tcp_connection&>(*conn_).stream;
        connect_req_ = {};
        connect_req_.method(http::verb::connect);
        connect_req_.target(url_.authority());
        connect_req_.version(11);
        connect_req_.set(http::field::host, url_.authority());
        if (!proxy_auth_.empty())
            connect_req_.set(http::field::proxy_authorization, proxy_auth_);
        auto self = shared_from_this();
        http::async_write(sock, connect_req_, [self, &sock](error_code ec, std::size_t) {
            if (ec)
                return self->fail(ec, true);
            self->connect_resp_.emplace();
            self->connect_resp_->skip(true); // a 2xx answer to CONNECT has no body
            self->connect_resp_->header_limit(static_cast<std::uint32_t>(self->st_->opts.header_limit));
            http::async_read(sock, self->conn_->buffer, *self->connect_resp_, [self](error_code ec, std::size_t) {
                if (ec)
                    return self->fail(ec, true);
                const unsigned status = self->connect_resp_->get().result_int();
                if (status / 100 != 2) {
                    self->error_detail_ = "proxy " + self->proxy_.redacted + " answered " + std::to_string(status);
                    return self->fail(error::proxy_refused, true);
                }
                self->handshake();
            });
        });
    }

    void handshake()
    {
        auto& tcp_sock = static_cast<tcp_connection&>(*conn_).stream;
        auto c = std::make_unique<tls_connection>(std::move(tcp_sock), *st_->tls);
        auto& s = c->stream;
        conn_ = std::move(c);
        const std::string& name = st_->opts.tls.server_name.empty() ? url_.host : st_->opts.tls.server_name;
        error_code aec;
        (void)asio::ip::make_address(name, aec);
        if (aec) // SNI carries names only
            SSL_set_tlsext_host_name(s.native_handle(), name.c_str());
        if (st_->opts.tls.verify) {
            // OpenSSL checks the name itself, so a mismatch gets its own verify result and message.
            X509_VERIFY_PARAM* param = SSL_get0_param(s.native_handle());
            if (aec)
                X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size());
            else
                X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str());
        }
        auto self = shared_from_this();
        s.async_handshake(ssl::stream_base::client, [self, &s](error_code ec) {
            if (ec) {
                const long v = SSL_get_verify_result(s.native_handle());
                if (v != X509_V_OK)
                    self->error_detail_ = std::string("certificate verification: ") + X509_verify_cert_error_string(v);
                return self->fail(ec, true);
            }
            self->connected();
        });
    }

    void connected()
    {
        arm(request_deadline_, error::request_timeout);
        send_request();
    }

    // ------------------------------------------------------------------ request and response
    void send_request()
    {
        auto self = shared_from_this();
        http::async_write(*conn_, msg_, [self](error_code ec, std::size_t) {
            if (ec)
                return self->fail(ec, true);
            self->read_response();
        });
    }

    void read_response()
    {
        auto self = shared_from_this();
        const auto hl = static_cast<std::uint32_t>(std::min<std::size_t>(st_->opts.header_limit, UINT32_MAX));
        if (mode_ == op_mode::whole) {
            whole_.emplace();
            whole_->header_limit(hl);
            whole_->body_limit(st_->opts.body_limit);
            if (req_.method == http::verb::head)
                whole_->skip(true);
            http::async_read(*conn_, conn_->buffer, *whole_,
                             [self](error_code ec, std::size_t) { self->on_whole(ec); });
            return;
        }
        part_.emplace();
        part_->header_limit(hl);
        part_->body_limit(boost::none);
        http::async_read_header(*conn_, conn_->buffer, *part_,
                                [self](error_code ec, std::size_t) { self->on_stream_header(ec); });
    }

    void on_whole(error_code ec)
    {
        if (ec)
            return fail(ec, !whole_->got_some());
        auto& m = whole_->get();
        resp_.status = m.result_int();
        resp_.headers = std::move(static_cast<http::fields&>(m));
        resp_.body = std::move(m.body());
        release(whole_->keep_alive());
        if (req_.decompress && !decode_body())
            return;
        if (retryable_status(resp_.status) && maybe_retry({}, resp_.status))
            return;
        finish({});
    }

    bool decode_body()
    {
        const std::string enc = lower_ascii(resp_.headers[http::field::content_encoding]);
        if (enc.empty() || enc == "identity")
            return true;
        if (enc != "gzip" && enc != "x-gzip" && enc != "deflate") {
            error_detail_ = "Content-Encoding: " + enc;
            finish(error::unsupported_encoding);
            return false;
        }
        inflater z(st_->opts.body_limit);
        std::string out;
        error_code ec;
        z.feed(resp_.body, [&](std::string_view piece) { return out.append(piece), true; }, ec);
        if (!ec && !z.done())
            ec = error::decompress_failed;
        if (ec) {
            if (ec == error::body_limit)
                error_detail_ = "decoded body over " + std::to_string(st_->opts.body_limit) + " bytes";
            finish(ec);
            return false;
        }
        resp_.body = std::move(out);
        resp_.headers.erase(http::field::content_encoding);
        resp_.headers.erase(http::field::content_length);
        return true;
    }

    void on_stream_header(error_code ec)
    {
        if (ec)
            return fail(ec, !part_->got_some());
        const unsigned status = part_->get().result_int();
        if (status / 100 != 2) {
            // Read a refusal whole (bounded) so it can be retried or shown.
            whole_.emplace(std::move(*part_));
            whole_->body_limit(st_->opts.body_limit);
            auto self = shared_from_this();
            http::async_read(*conn_, conn_->buffer, *whole_,
                             [self](error_code ec, std::size_t) { self->on_whole(ec); });
            return;
        }
        resp_.status = status;
        resp_.headers = static_cast<const http::fields&>(part_->get());
        if (req_.decompress) {
            const std::string enc = lower_ascii(resp_.headers[http::field::content_encoding]);
            if (enc == "gzip" || enc == "x-gzip" || enc == "deflate")
                inflate_ = std::make_unique<inflater>(SIZE_MAX);
            else if (!enc.empty() && enc != "identity") {
                error_detail_ = "Content-Encoding: " + enc;
                return finish(error::unsupported_encoding);
            }
        }
        if (mode_ == op_mode::lines)
            lines_ = std::make_unique<line_splitter>(st_->opts.record_limit);
        else
            sse_ = std::make_unique<sse_parser>(st_->opts.record_limit);
        if (!rbuf_)
            rbuf_ = std::make_unique<std::array<char, 65536>>();
        arm(clock::now() + st_->opts.stream_idle_timeout, error::idle_timeout);
        read_chunk();
    }

    void read_chunk()
    {
        auto& body = part_->get().body();
        body.data = rbuf_->data();
        body.size = rbuf_->size();
        body.more = true;
        auto self = shared_from_this();
        http::async_read_some(*conn_, conn_->buffer, *part_,
                              [self](error_code ec, std::size_t) { self->on_chunk(ec); });
    }

    // Feeds decoded bytes to the splitter; false when the stream must end (stop or error).
    bool deliver(std::string_view bytes, error_code& ec)
    {
        const std::size_t before = records_;
        auto on_line = [this](std::string_view l) {
            ++records_;
            on_line_(l);
            return !stop_.stop_requested();
        };
        auto on_event = [this](const sse_event& e) {
            ++records_;
            on_event_(e);
            return !stop_.stop_requested();
        };
        bool go = lines_ ? lines_->feed(bytes, on_line, ec) : sse_->feed(bytes, on_event, ec);
        if (records_ != before && go) // a record arrived: the idle clock starts again
            arm(clock::now() + st_->opts.stream_idle_timeout, error::idle_timeout);
        return go;
    }

    void on_chunk(error_code ec)
    {
        if (ec == http::error::need_buffer)
            ec = {};
        const std::size_t got = rbuf_->size() - part_->get().body().size;
        if (got && !stopped_) {
            error_code fec;
            std::string_view bytes(rbuf_->data(), got);
            bool go = true;
            if (inflate_)
                go = inflate_->feed(bytes, [&](std::string_view d) { return deliver(d, fec); }, fec) && !fec;
            else
                go = deliver(bytes, fec);
            if (fec) {
                if (fec == error::record_too_large)
                    error_detail_ = "record limit " + std::to_string(st_->opts.record_limit) + " bytes";
                return fail(fec, false);
            }
            if (!go || stop_.stop_requested()) {
                stopped_ = true;
                return finish({});
            }
        }
        if (ec) {
            const bool mid = lines_ ? lines_->mid_record() : sse_->mid_record();
            if (!timeout_ec_ && !stopped_ &&
                (ec == http::error::partial_message || ec == asio::error::eof || ec == http::error::end_of_stream) &&
                mid)
                return fail(error::stream_truncated, false);
            return fail(ec, false);
        }
        if (part_->is_done()) {
            if (lines_) {
                error_code fec;
                lines_->finish(
                    [this](std::string_view l) {
                        ++records_;
                        on_line_(l);
                        return true;
                    },
                    fec);
            }
            release(part_->keep_alive());
            return finish({});
        }
        read_chunk();
    }

    // ------------------------------------------------------------------ outcomes
    void release(bool keep_alive)
    {
        if (!conn_)
            return;
        if (keep_alive)
            st_->pool.put(pool_key_, std::move(conn_));
        else
            conn_->close();
        conn_.reset();
    }

    error_code effective(error_code ec) const
    {
        if (timeout_ec_)
            return timeout_ec_;
        if (ec == http::error::body_limit)
            return error::body_limit;
        if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
            return error::header_limit;
        if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec == asio::error::eof ||
            ec == ssl::error::stream_truncated)
            return error::connection_closed;
        return ec;
    }

    void fail(error_code raw, bool before_response)
    {
        if (finished_)
            return;
        if (stopped_)
            return finish({});
        const error_code ec = effective(raw);
        const bool reused = conn_ && conn_->reused;
        if (conn_) {
            conn_->close();
            conn_.reset();
        }
        if (ec == error::body_limit)
            error_detail_ = "body limit " + std::to_string(st_->opts.body_limit) + " bytes";
        else if (ec == error::header_limit)
            error_detail_ = "header limit " + std::to_string(st_->opts.header_limit) + " bytes";
        else if (ec == error::connect_timeout)
            error_detail_ = std::to_string(st_->opts.connect_timeout.count()) + " ms";
        else if (ec == error::request_timeout)
            error_detail_ = std::to_string(st_->opts.request_timeout.count()) + " ms";
        else if (ec == error::idle_timeout)
            error_detail_ = std::to_string(st_->opts.stream_idle_timeout.count()) + " ms without a record";
        // A pooled connection the server closed meanwhile: once, at once, on a new connection.
        if (reused && before_response && !stale_retry_used_ && req_.safe_to_repeat() && retryable_error(ec) &&
            ec != error::connect_timeout) {
            stale_retry_used_ = true;
            --attempt_;
            return attempt();
        }
        if (retryable_error(ec) && maybe_retry(ec, 0))
            return;
        finish(ec);
    }

    bool maybe_retry(error_code ec, unsigned status)
    {
        const auto& p = st_->opts.retry;
        if (!req_.safe_to_repeat() || attempt_ >= p.max_attempts || records_ > 0)
            return false;
        retry_event ev;
        ev.method = resp_.method;
        ev.url = resp_.url;
        ev.attempt = attempt_;
        ev.error = ec;
        ev.status = status;
        std::optional<std::chrono::milliseconds> after;
        if (status == 429 || status == 503) {
            auto it = resp_.headers.find(http::field::retry_after);
            if (it != resp_.headers.end())
                after = parse_retry_after(std::string_view(it->value().data(), it->value().size()));
        }
        ev.delay = after ? *after : p.backoff(attempt_, st_->rng);
        ev.from_retry_after = static_cast<bool>(after);
        if (clock::now() + ev.delay - first_start_ > p.max_elapsed)
            return false;
        if (st_->opts.on_retry)
            st_->opts.on_retry(ev);
        else
            st_->log(ev.message());
        if (conn_) {
            conn_->close();
            conn_.reset();
        }
        const unsigned gen = ++timer_gen_;
        waiting_retry_ = true;
        timer_.expires_after(ev.delay);
        timer_.async_wait([self = shared_from_this(), gen](error_code e) {
            if (e || gen != self->timer_gen_ || self->finished_)
                return;
            self->waiting_retry_ = false;
            self->attempt();
        });
        return true;
    }

    void finish(error_code ec)
    {
        if (finished_)
            return;
        finished_ = true;
        disarm();
        stop_.remove_callback(stop_id_);
        if (conn_) {
            conn_->close();
            conn_.reset();
        }
        resp_.attempts = attempt_;
        resp_.records = records_;
        if (ec)
            resp_.error_detail = error_detail_;
        auto done = std::move(done_);
        done(ec, std::move(resp_));
    }

    std::shared_ptr<client_state> st_;
    request req_;
    op_mode mode_;
    line_handler on_line_;
    event_handler on_event_;
    stop_token stop_;
    std::uint64_t stop_id_ = 0;
    move_fn<error_code, response> done_;
    asio::steady_timer timer_;
    std::optional<tcp::resolver> resolver_; // made when a connection is, not per pooled request

    target_url url_, proxy_;
    bool unix_ = false, use_proxy_ = false;
    std::string proxy_auth_, pool_key_, error_detail_;
    http::request<http::string_body> msg_;
    http::request<http::empty_body> connect_req_;
    std::optional<http::response_parser<http::empty_body>> connect_resp_;
    std::optional<http::response_parser<http::string_body>> whole_;
    std::optional<http::response_parser<http::buffer_body>> part_;
    std::unique_ptr<connection> conn_;
    std::unique_ptr<line_splitter> lines_;
    std::unique_ptr<sse_parser> sse_;
    std::unique_ptr<inflater> inflate_;
    std::unique_ptr<std::array<char, 65536>> rbuf_;
    response resp_;

    unsigned timer_gen_ = 0;
    error_code timeout_ec_;
    clock::time_point first_start_, request_deadline_;
    unsigned attempt_ = 0;
    std::size_t records_ = 0;
    bool stale_retry_used_ = false, stopped_ = false, finished_ = false, waiting_retry_ = false;
};

} // namespace couler::net::detail

#endif
